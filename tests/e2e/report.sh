# report.html and the network tables on the sample corpus (docs/report.md): the
# report's structure against tests/golden/report/ (sections, figures and their marks,
# not pixels), every number of the keyness, top-term, network, similarity and
# documents figures equal to its CSV cell (and of the periods, trends, frames and
# frames-over-time figures: docs/report.md), nothing that could leave the file, the
# same bytes for -j 1 and -j 2, no report with --no-report, each group's network edge
# once, and hostile terms and outlet names escaped. Regenerate the golden file after an
# intended change with  YL_UPDATE_GOLDEN=1 ctest -R e2e.report  (then review the diff).
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
G="$YL_SRC/tests/golden/report"
CHECK="$YL_SRC/tests/e2e/report_check.py"
fail=0
A=(--user-dict examples/userdict-deepseek.txt --dict-dir "$YL_SRC/dict" -q
   --frames examples/frames-deepseek.tsv --aliases examples/aliases-deepseek.tsv
   --kwic DeepSeek,芯片,出口管制 --period week)
"$YULIAO" analyze examples/corpus -o "$YL_TMP/j2" -j 2 "${A[@]}" 2>"$YL_TMP/stderr" ||
  { echo "FAIL: analyze"; cat "$YL_TMP/stderr"; exit 1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/j1" -j 1 "${A[@]}" || { echo "FAIL: analyze -j 1"; exit 1; }
for f in report.html network_nodes.csv network_edges.csv; do
  [ -s "$YL_TMP/j2/$f" ] || { echo "FAIL: no $f"; fail=1; }
  cmp -s "$YL_TMP/j1/$f" "$YL_TMP/j2/$f" || { echo "FAIL: $f differs for -j 1 and -j 2"; fail=1; }
done
python3 "$CHECK" structure "$YL_TMP/j2" >"$YL_TMP/structure.txt" || fail=1
if [ "${YL_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$G" && cp "$YL_TMP/structure.txt" "$G/structure.txt" && echo "golden file updated in $G"
fi
diff "$G/structure.txt" "$YL_TMP/structure.txt" >"$YL_TMP/structure.diff" ||
  { echo "FAIL: report structure differs from $G/structure.txt"; head -20 "$YL_TMP/structure.diff"; fail=1; }
for s in corpus keyness terms network trends frames kwic similarity; do
  grep -q "<section id=\"$s\"" "$YL_TMP/j2/report.html" || { echo "FAIL: no section $s"; fail=1; }
done
python3 "$CHECK" numbers "$YL_TMP/j2" || fail=1
python3 "$CHECK" offline "$YL_TMP/j2" || fail=1
python3 "$CHECK" network "$YL_TMP/j2" || fail=1
python3 - "$YL_TMP/j2" <<'PY' || fail=1
import json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
ok = m["report"] == "report.html" and "network_nodes.csv" in m["tables"] and "report" in m["seconds"]
if not ok: print("FAIL: manifest does not list the report and network tables")
sys.exit(0 if ok else 1)
PY

# frames over time: a figure a frame with --frames and --period, none with --frames alone
nf=$(grep -v '^#' examples/frames-deepseek.tsv | grep . | cut -f1 | sort -u | wc -l)
[ "$(grep -o 'id="fig-frametrend-[0-9]*"' "$YL_TMP/j2/report.html" | wc -l)" = "$nf" ] ||
  { echo "FAIL: not one frames-over-time figure for each of the $nf frames"; fail=1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/noperiod" --frames examples/frames-deepseek.tsv \
  --dict-dir "$YL_SRC/dict" -q || { echo "FAIL: analyze --frames without --period"; fail=1; }
grep -q 'id="fig-frames"' "$YL_TMP/noperiod/report.html" || { echo "FAIL: no frames figure without --period"; fail=1; }
if grep -q 'fig-frametrend\|id="frames-time"\|<section id="trends"' "$YL_TMP/noperiod/report.html"; then
  echo "FAIL: frames over time or trends without --period"; fail=1
fi
python3 "$CHECK" numbers "$YL_TMP/noperiod" || fail=1

# --no-report: the tables, no page; the manifest says so
"$YULIAO" analyze examples/corpus -o "$YL_TMP/none" --no-report "${A[@]}" || { echo "FAIL: --no-report"; fail=1; }
[ ! -e "$YL_TMP/none/report.html" ] || { echo "FAIL: --no-report wrote report.html"; fail=1; }
[ -s "$YL_TMP/none/network_edges.csv" ] || { echo "FAIL: --no-report lost network_edges.csv"; fail=1; }
grep -q '"report": null' "$YL_TMP/none/manifest.json" || { echo "FAIL: manifest report not null"; fail=1; }
# another measure and size
"$YULIAO" analyze examples/corpus -o "$YL_TMP/dice" --network-measure log_dice --network-top 5 "${A[@]}" ||
  { echo "FAIL: --network-measure log_dice"; fail=1; }
python3 "$CHECK" network "$YL_TMP/dice" || fail=1
awk -F, 'NR > 1 { n[$5]++ } END { for (g in n) if (n[g] > 5) { print "FAIL: more than 5 edges in " g; exit 1 } }' \
  "$YL_TMP/dice/network_edges.csv" || fail=1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/bad" --network-top 0 -q 2>/dev/null && { echo "FAIL: --network-top 0 accepted"; fail=1; }

# hostile input: a term, an outlet (folder) and a file name with markup, quotes and &
H="$YL_TMP/hostile/<script>alert(1)<&quot;x'>"
mkdir -p "$H"
for i in 1 2 3; do
  printf '标题：<b>测试%s</b>\n\n"<script>alert(1)</script>" & <img src=x onerror=alert(2)> 测试 测试 公司 公司 市场 市场。\n\n公司 市场 发展 测试 <img> &amp; 公司。\n' "$i" >"$H/a$i.txt"
  printf '标题：别的%s\n\n公司 公司 市场 发展 银行 银行 发展 测试。\n' "$i" >"$YL_TMP/hostile/b$i.txt"
done
"$YULIAO" analyze "$YL_TMP/hostile" -o "$YL_TMP/hout" --group-by folder --dict-dir "$YL_SRC/dict" -q \
  --min-length 1 --no-default-stopwords --keyness-min-count 1 ||
  { echo "FAIL: analyze hostile"; fail=1; }
python3 - "$YL_TMP/hout/report.html" <<'PY' || fail=1
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
body = s[s.index("<body>"):]
scripts = re.findall(r"<script", body)
bad = []
if len(scripts) != 1: bad.append(f"{len(scripts)} <script> elements (1 expected: the sorter)")
if re.search(r"<img|onerror|<b>", body): bad.append("markup from the input is live")
if "&lt;script&gt;alert(1)&lt;&amp;quot;x&#39;&gt;" not in body: bad.append("the folder group name is not shown escaped")
for b in bad: print("FAIL: hostile:", b)
sys.exit(1 if bad else 0)
PY
python3 "$YL_SRC/tests/e2e/report_check.py" offline "$YL_TMP/hout" || fail=1
exit $fail
