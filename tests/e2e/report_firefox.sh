# report.html of examples/corpus in Firefox (Debian's firefox-esr, headless), driven over
# Marionette by tests/e2e/report_firefox.py: in a network namespace of its own (unshare
# -n: only a loopback, so nothing can leave) when the machine allows one, and with
# every request sent to a local listener standing in for the network, the page makes
# none, leaves no error or CSP report in the console, is the report and not an error
# page, and has every section and figure laid out, with JavaScript on and off; a
# full-page screenshot is taken ($YL_TMP/report-firefox.png). Control pages (an external
# image without and with the CSP) must be caught, so neither check is blind. Exits 77
# (skip) when firefox-esr is not installed: scripts/test installs it.
set -u
FIREFOX=${YL_FIREFOX:-/usr/bin/firefox-esr}
[ -x "$FIREFOX" ] || { echo "SKIP: $FIREFOX is not installed (apt-get install firefox-esr)"; exit 77; }
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/out" --user-dict examples/userdict-deepseek.txt \
  --dict-dir "$YL_SRC/dict" -q --frames examples/frames-deepseek.tsv \
  --aliases examples/aliases-deepseek.tsv --kwic DeepSeek,芯片,出口管制 --period week ||
  { echo "FAIL: analyze"; exit 1; }
WANT='{"sections": ["corpus", "keyness", "terms", "network", "trends", "frames", "kwic", "similarity"],
  "figures": {"fig-docs": 1, "fig-periods": 1, "fig-keyness-": 5, "fig-top-": 6, "fig-net-": 6,
              "fig-trend-": 3, "fig-frames": 1, "fig-frametrend-": 6, "fig-similarity": 1}}'
RUN=(python3 "$YL_SRC/tests/e2e/report_firefox.py" "$FIREFOX" "$YL_TMP" "$YL_TMP/out/report.html" "$WANT"
     --control --shot "$YL_TMP/report-firefox.png")
# a namespace without a network when unshare works here (root, or user namespaces)
if unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
  echo "offline: unshare -n (loopback only)"
  unshare -n sh -c 'ip link set lo up && exec "$@"' sh timeout 120 "${RUN[@]}"
else
  echo "offline: no network namespace here (unshare -n failed): the local proxy only"
  timeout 120 "${RUN[@]}"
fi
