#!/usr/bin/env python3
"""report.html in headless Firefox, driven over Marionette (tests/e2e/report_firefox.sh).

report_firefox.py FIREFOX TMP PAGE WANT [--control] [--shot PNG] [--section-shots DIR]

Starts FIREFOX (firefox-esr) headless with a fresh profile in TMP whose proxy for
every scheme is a local listener standing in for the network, and talks to it over
Marionette (length-prefixed JSON on a local port: WebDriver:Navigate, ExecuteScript,
TakeScreenshot). For PAGE it checks:
  - no request reached the listener (Firefox's own background hosts told apart);
  - no message of the page in the console service (a script error or a
    Content-Security-Policy violation is one), read in the chrome context;
  - the page is the report, not an error page (its URL, its <h1>);
  - every section of WANT["sections"] is there, and the number of <svg> figures of each
    id prefix in WANT["figures"]; every figure is laid out (width and height > 20 px)
    and holds marks; the same with JavaScript switched off (the figures need none);
  - --shot: a full-page screenshot; --section-shots: one PNG a section.
With --control, two control pages made from PAGE come first and must be caught: one
without the CSP and with an external image (the listener must see its request), one
with the CSP and that image (the console must show the violation), so neither check is
blind. WANT is JSON. Prints what it saw; exit 1 on a failure.
"""
import base64, json, os, re, socket, subprocess, sys, threading, time

# Firefox's own background requests (updates, telemetry, remote settings, safe
# browsing, captive portal), not the page's
OWN = re.compile(rb"^(?:GET|POST|CONNECT) (?:https?://)?[^/ ]*(?:mozilla\.(?:com|net|org)|firefox\.com|"
                 rb"mozaws\.net|googleapis\.com|digicert\.com|mozgcp\.net)[:/ ]")

PREFS = {
    "network.proxy.type": 1, "network.proxy.share_proxy_settings": True,
    "network.proxy.no_proxies_on": "", "network.proxy.allow_hijacking_localhost": True,
    "browser.shell.checkDefaultBrowser": False, "browser.startup.page": 0,
    "browser.startup.homepage_override.mstone": "ignore", "startup.homepage_welcome_url": "",
    "app.update.enabled": False, "app.update.auto": False, "app.normandy.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False, "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False, "toolkit.telemetry.server": "",
    "browser.safebrowsing.malware.enabled": False, "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False, "browser.safebrowsing.update.enabled": False,
    "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False, "extensions.getAddons.cache.enabled": False,
    "browser.discovery.enabled": False, "browser.newtabpage.enabled": False,
    "browser.region.network.url": "", "browser.search.geoip.url": "",
    "services.settings.server": "http://127.0.0.1:1/v1", "network.dns.disablePrefetch": True,
    "network.prefetch-next": False, "network.http.speculative-parallel-limit": 0,
    "dom.push.enabled": False, "browser.ping-centre.telemetry": False,
}


class Listener:
    """A local TCP listener: the proxy of every request the browser makes."""

    def __init__(self):
        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(32)
        self.port, self.hits = self.s.getsockname()[1], []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                c, _ = self.s.accept()
            except OSError:
                return
            c.settimeout(2)
            try:
                self.hits.append(c.recv(300))
            except OSError:
                self.hits.append(b"?")
            c.close()

    def page_hits(self):
        return [h for h in self.hits if not OWN.match(h)]


class Marionette:
    def __init__(self, port, timeout):
        t0 = time.time()
        while True:
            try:
                self.c = socket.create_connection(("127.0.0.1", port), timeout=timeout)
                break
            except OSError:
                if time.time() - t0 > timeout:
                    raise RuntimeError("Marionette did not answer on port %d" % port)
                time.sleep(0.1)
        self.f, self.id = self.c.makefile("rb"), 0
        hello = self.recv()
        if hello.get("marionetteProtocol") != 3:
            raise RuntimeError("unexpected Marionette greeting %r" % hello)

    def recv(self):
        n = b""
        while not n.endswith(b":"):
            ch = self.f.read(1)
            if not ch:
                raise RuntimeError("Marionette closed the connection")
            n += ch
        return json.loads(self.f.read(int(n[:-1])))

    def __call__(self, name, params=None):
        self.id += 1
        d = json.dumps([0, self.id, name, params or {}]).encode()
        self.c.sendall(b"%d:" % len(d) + d)
        r = self.recv()
        if r[2]:
            raise RuntimeError("%s: %s" % (name, r[2].get("message", r[2])))
        return r[3]

    def js(self, script, chrome=False):
        if chrome:
            self("Marionette:SetContext", {"value": "chrome"})
        try:
            return self("WebDriver:ExecuteScript", {"script": script, "args": []})["value"]
        finally:
            if chrome:
                self("Marionette:SetContext", {"value": "content"})


# the console service's errors and warnings that do not come from Firefox itself
# (a CSP report has no window id, but the page's URL or none as its source)
CONSOLE = """return Services.console.getMessageArray()
  .filter(m => m instanceof Ci.nsIScriptError && !/^(chrome|resource|jar|moz-extension|about):/.test(m.sourceName))
  .map(m => m.category + ': ' + m.errorMessage + ' (' + m.sourceName + ')');"""

DOM = """const figs = Array.from(document.querySelectorAll('svg')).map(s => {
  const r = s.getBoundingClientRect();
  return [s.id, Math.round(r.width), Math.round(r.height),
          s.querySelectorAll('rect,circle,line,polyline').length];
});
return {url: document.documentURI, h1: (document.querySelector('h1') || {}).textContent || '',
        sections: Array.from(document.querySelectorAll('section')).map(s => s.id), figs: figs};"""


def main(argv):
    firefox, tmp, page, want = argv[0], argv[1], os.path.abspath(argv[2]), json.loads(argv[3])
    opts, i = {}, 4
    while i < len(argv):
        if argv[i] == "--control":
            opts["control"], i = True, i + 1
        else:
            opts[argv[i]], i = argv[i + 1], i + 2
    net = Listener()
    prof, home = os.path.join(tmp, "ff-profile"), os.path.join(tmp, "ff-home")
    os.makedirs(prof, exist_ok=True)
    os.makedirs(home, exist_ok=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    mport = s.getsockname()[1]
    s.close()
    prefs = dict(PREFS, **{"marionette.port": mport})
    for k in ("http", "ssl", "ftp", "socks"):
        prefs[f"network.proxy.{k}"], prefs[f"network.proxy.{k}_port"] = "127.0.0.1", net.port
    with open(os.path.join(prof, "user.js"), "w") as f:
        for k, v in prefs.items():
            f.write(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n")
    log = open(os.path.join(tmp, "firefox.log"), "wb")
    p = subprocess.Popen([firefox, "--headless", "--no-remote", "--marionette", "--remote-allow-system-access",
                          "--profile", prof], stdout=log, stderr=subprocess.STDOUT,
                         env=dict(os.environ, HOME=home, MOZ_HEADLESS="1"))
    fail = []
    try:
        m = Marionette(mport, 40)
        m("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})
        m("WebDriver:SetWindowRect", {"width": 1280, "height": 2000})
        print("firefox", m.js("return navigator.userAgent"))

        def visit(url):
            m.js("Services.console.reset(); return 1;", chrome=True)
            del net.hits[:]
            m("WebDriver:Navigate", {"url": url})
            time.sleep(0.5)  # a late request or report
            return net.page_hits(), m.js(CONSOLE, chrome=True)

        if "control" in opts:
            src = open(page, encoding="utf-8").read()
            img = '<img src="http://example.com/control.png"><h1>'
            for name, text in (("control-nocsp.html", re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", src)),
                               ("control-csp.html", src)):
                cp = os.path.join(tmp, name)
                open(cp, "w", encoding="utf-8").write(text.replace("<h1>", img, 1))
                hits, console = visit("file://" + cp)
                seen_req = any(b"example.com" in h for h in hits)  # http is upgraded: a CONNECT
                seen_csp = any("CSP" in l or "Content-Security-Policy" in l or "Content Security Policy" in l
                               for l in console)
                if name == "control-nocsp.html" and not seen_req:
                    fail.append("the control page's request was not seen: the network check is blind")
                if name == "control-csp.html" and (hits or not seen_csp):
                    fail.append(f"the CSP control: requests {hits[:2]}, console {console[:3]}: the console check is blind")
                print(f"control {name}: request seen {seen_req}, CSP message seen {seen_csp}")
        probe = os.path.join(tmp, "js-probe.html")  # shows whether page scripts run
        open(probe, "w").write("<!DOCTYPE html><html><body><script>document.body.dataset.ran = '1';"
                               "</script></body></html>")
        for js_on in (True, False):
            how = "" if js_on else " (JavaScript off)"
            if not js_on:
                m.js("Services.prefs.setBoolPref('javascript.enabled', false); return 1;", chrome=True)
            visit("file://" + probe)
            if (m.js("return document.body.dataset.ran || ''") == "1") != js_on:
                fail.append("page scripts do not run" if js_on else "page scripts run with javascript.enabled false")
            hits, console = visit("file://" + page)
            for h in hits:
                fail.append(f"a request left the page{how}: {h[:120]!r}")
            for l in console:
                fail.append(f"console{how}: {l[:300]}")
            d = m.js(DOM)
            if not d["url"].startswith("file://") or d["h1"] != "yuliao report":
                fail.append(f"not the report{how}: {d['url']} h1={d['h1']!r}")
            for sec in want.get("sections", []):
                if sec not in d["sections"]:
                    fail.append(f"no section {sec}{how}")
            for prefix, n in want.get("figures", {}).items():
                got = [f for f in d["figs"] if f[0] == prefix or (prefix.endswith("-") and f[0].startswith(prefix))]
                if len(got) != n:
                    fail.append(f"{len(got)} svg figures {prefix}*, want {n}{how}")
            for fid, w, h, marks in d["figs"]:
                if w <= 20 or h <= 20 or marks == 0:
                    fail.append(f"figure {fid} not drawn{how}: {w}×{h} px, {marks} marks")
            print(f"sections{how}:", " ".join(d["sections"]))
            print(f"figures{how}:", len(d["figs"]), "laid out:",
                  sum(1 for f in d["figs"] if f[1] > 20 and f[2] > 20 and f[3]))
        m.js("Services.prefs.setBoolPref('javascript.enabled', true); return 1;", chrome=True)
        visit("file://" + page)
        if "--shot" in opts:
            png = base64.b64decode(m("WebDriver:TakeScreenshot", {"full": True, "hash": False})["value"])
            open(opts["--shot"], "wb").write(png)
            if not png.startswith(b"\x89PNG") or len(png) < 10000:
                fail.append("no screenshot")
        if "--section-shots" in opts:
            os.makedirs(opts["--section-shots"], exist_ok=True)
            for sec in m.js("return Array.from(document.querySelectorAll('section')).map(s => s.id)"):
                el = m("WebDriver:FindElement", {"using": "css selector", "value": "#" + sec})["value"]
                ref = list(el.values())[0]
                png = base64.b64decode(m("WebDriver:TakeScreenshot", {"id": ref, "full": False, "hash": False})["value"])
                open(os.path.join(opts["--section-shots"], sec + ".png"), "wb").write(png)
        try:
            m("Marionette:Quit", {"flags": ["eForceQuit"]})
        except RuntimeError:
            pass  # the connection closes as Firefox quits
    except (RuntimeError, OSError, ValueError) as e:
        fail.append(f"firefox: {e}")
    finally:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for f in fail:
        print("FAIL:", f)
    if fail:
        print("firefox.log:", open(os.path.join(tmp, "firefox.log"), errors="replace").read()[-800:])
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
