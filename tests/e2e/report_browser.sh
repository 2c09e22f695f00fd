# report.html of examples/corpus in a real browser (Debian's chromium, headless): with
# every request sent to a local listener standing in for the network, the page makes
# none (Chromium's own update and account requests are told apart by their hosts), logs
# nothing on the console (a Content-Security-Policy violation would be logged), and its
# DOM holds the expected figures after the script ran; a screenshot is taken
# ($YL_TMP/report.png; docs/report.png is one). A control page with an external image
# and no CSP must be caught, so the listener is known to work. Exits 77 (skip) when
# chromium is not installed: scripts/test installs it (yl_need_packages chromium).
set -u
CHROMIUM=${YL_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "SKIP: $CHROMIUM is not installed (apt-get install chromium)"; exit 77; }
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/out" --user-dict examples/userdict-deepseek.txt \
  --dict-dir "$YL_SRC/dict" -q --frames examples/frames-deepseek.tsv \
  --aliases examples/aliases-deepseek.tsv --kwic DeepSeek,芯片,出口管制 --period week ||
  { echo "FAIL: analyze"; exit 1; }
# the control: an external image, no CSP
sed -e 's|<meta http-equiv="Content-Security-Policy"[^>]*>||' \
    -e 's|<h1>|<img src="http://example.com/control.png"><h1>|' "$YL_TMP/out/report.html" >"$YL_TMP/control.html"
python3 - "$CHROMIUM" "$YL_TMP" <<'PY'
import os, re, socket, subprocess, sys, threading, time
chromium, tmp = sys.argv[1], sys.argv[2]
# Chromium's own background requests (updates, time, accounts), not the page's
OWN = re.compile(rb"^(?:GET|POST|CONNECT) (?:https?://)?[^/ ]*(?:google\.com|googleapis\.com|gvt1\.com|gstatic\.com)[:/ ]")

def run(page, extra):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(32)
    port, hits = s.getsockname()[1], []
    def serve():
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                return
            c.settimeout(2)
            try:
                hits.append(c.recv(300))
            except OSError:
                hits.append(b"?")
            c.close()
    threading.Thread(target=serve, daemon=True).start()
    prof = os.path.join(tmp, "profile-" + os.path.basename(page))
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-default-apps", "--no-pings", f"--user-data-dir={prof}",
           f"--proxy-server=127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>",
           "--enable-logging=stderr", "--v=0", "--hide-scrollbars"] + extra + ["file://" + page]
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    time.sleep(0.5)
    s.close()
    page_hits = [h for h in hits if not OWN.match(h)]
    console = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if ":CONSOLE" in l]
    return p, page_hits, console

fail = 0
p, hits, console = run(os.path.join(tmp, "control.html"), ["--dump-dom"])
if not any(b"example.com/control.png" in h for h in hits):
    print("FAIL: the control page's request was not seen: the check is blind"); fail = 1
page = os.path.join(tmp, "out", "report.html")
p, hits, console = run(page, ["--dump-dom"])
if p.returncode != 0:
    print("FAIL: chromium exit", p.returncode, p.stderr.decode()[-500:]); sys.exit(1)
for h in hits:
    print("FAIL: a request left the page:", h[:120]); fail = 1
for l in console:
    print("FAIL: console:", l[:300]); fail = 1
dom = p.stdout.decode("utf-8", "replace")
want = {"fig-docs": 1, "fig-periods": 1, "fig-keyness-": 5, "fig-top-": 6, "fig-net-": 6,
        "fig-trend-": 3, "fig-frames": 1, "fig-frametrend-": 6, "fig-similarity": 1}
for prefix, n in want.items():
    got = len(re.findall(r'<svg id="' + re.escape(prefix) + r'[^"]*"', dom))
    if got != n:
        print(f"FAIL: {got} svg figures {prefix}*, want {n}"); fail = 1
for sec in ["corpus", "keyness", "terms", "network", "trends", "frames", "kwic", "similarity"]:
    if f'<section id="{sec}"' not in dom:
        print("FAIL: no section", sec); fail = 1
p, hits, console = run(page, ["--window-size=1280,2000", "--screenshot=" + os.path.join(tmp, "report.png")])
if not os.path.exists(os.path.join(tmp, "report.png")) or os.path.getsize(os.path.join(tmp, "report.png")) < 10000:
    print("FAIL: no screenshot"); fail = 1
for h in hits:
    print("FAIL: a request left the page (screenshot run):", h[:120]); fail = 1
sys.exit(fail)
PY
