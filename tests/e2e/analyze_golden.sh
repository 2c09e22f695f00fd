# yuliao analyze on the sample corpus: every table compared with the committed expected
# files (tests/golden/analyze/), the manifest with its run-dependent lines masked; -j 1
# and -j 2 with the sub-folders in another order give identical bytes; one keyness G²
# and one sklearn TF-IDF weight recomputed with awk from the tables' own counts.
# Regenerate the expected files after an intended change with
#   YL_UPDATE_GOLDEN=1 ctest -R e2e.analyze_golden   (then review the diff by eye).
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
G="$YL_SRC/tests/golden/analyze"
fail=0
A=(--no-bom --user-dict examples/userdict-deepseek.txt --dict-dir "$YL_SRC/dict" -q)
TABLES="documents.csv frequency.csv frequency_wide.csv tfidf.csv keywords.csv cooccurrence.csv keyness.csv similarity.csv"

# Lines of manifest.json that differ between runs of the same analysis.
mask() { grep -v -e '"command":' -e '"elapsed_seconds":' -e '"seconds":' -e '"threads":' -e '"dict_dir":' -e '"jobs":' "$1"; }

"$YULIAO" analyze examples/corpus -o "$YL_TMP/j2" -j 2 "${A[@]}" 2>"$YL_TMP/stderr"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: exit $rc"; cat "$YL_TMP/stderr"; exit 1; }
[ ! -s "$YL_TMP/stderr" ] || { echo "FAIL: -q but stderr:"; cat "$YL_TMP/stderr"; fail=1; }

if [ "${YL_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$G"
  for t in $TABLES; do cp "$YL_TMP/j2/$t" "$G/$t"; done
  mask "$YL_TMP/j2/manifest.json" >"$G/manifest.masked.json"
  echo "golden files updated in $G"
fi

for t in $TABLES; do
  cmp -s "$YL_TMP/j2/$t" "$G/$t" || { echo "FAIL: $t differs from $G/$t"; diff "$YL_TMP/j2/$t" "$G/$t" | head -5; fail=1; }
done
mask "$YL_TMP/j2/manifest.json" | cmp -s - "$G/manifest.masked.json" ||
  { echo "FAIL: manifest.json differs"; mask "$YL_TMP/j2/manifest.json" | diff - "$G/manifest.masked.json" | head; fail=1; }
for key in '"command":' '"elapsed_seconds":' '"threads": 2,' '"dict_dir":' '"jobs": 2,'; do
  grep -qF "$key" "$YL_TMP/j2/manifest.json" || { echo "FAIL: manifest lacks $key"; fail=1; }
done

# manifest "rows": each table's data rows (no cell of these tables holds a line break).
for t in $TABLES; do
  want=$(($(wc -l <"$YL_TMP/j2/$t") - 1))
  grep '"rows":' "$YL_TMP/j2/manifest.json" | grep -qF "\"$t\": $want" ||
    { echo "FAIL: manifest rows of $t is not $want"; fail=1; }
done

# One thread, the sub-folders in another order: the same bytes.
"$YULIAO" analyze examples/corpus/voa examples/corpus/other examples/corpus/nikkei \
  examples/corpus/dw -o "$YL_TMP/j1" -j 1 "${A[@]}" || { echo "FAIL: -j 1 run"; fail=1; }
# Same inputs, the folder given as a whole: documents.csv and every table equal.
for t in $TABLES; do
  cmp -s "$YL_TMP/j1/$t" "$YL_TMP/j2/$t" || { echo "FAIL: $t differs between -j 1 (shuffled inputs) and -j 2"; fail=1; }
done
mask "$YL_TMP/j1/manifest.json" | grep -v '"inputs":' >"$YL_TMP/m1"
mask "$YL_TMP/j2/manifest.json" | grep -v '"inputs":' >"$YL_TMP/m2"
cmp -s "$YL_TMP/m1" "$YL_TMP/m2" || { echo "FAIL: manifests differ beyond the masked lines"; fail=1; }

# No spill or part files left behind.
left=$({ ls -A "$YL_TMP/j1"; ls -A "$YL_TMP/j2"; ls -A "$YL_TMP"; } | grep -e '^\.' | grep -v -x '.yuliao-lock' || true)
[ -z "$left" ] || { echo "FAIL: temporary files left: $left"; fail=1; }

# Spot check 1: keyness G² of (voa, 出口管制) from the counts in keyness.csv and the group
# sizes in frequency.csv, with the 4-term log-likelihood written out independently.
O="$YL_TMP/j2"
awk -F, -v G=voa -v T=英伟达 '
  FILENAME ~ /frequency.csv$/ { if ($1 == G) n1 += $3; if ($1 == "ALL") n += $3; next }
  FILENAME ~ /keyness.csv$/ && $1 == G && $2 == T { a = $3; b = $4; got = $9; found = 1 }
  function t(o, e) { return o > 0 ? o * log(o / e) : 0 }
  END {
    if (!found) { print "FAIL: no keyness row for " G "/" T; exit 1 }
    n2 = n - n1; c = n1 - a; d = n2 - b
    e11 = (a + b) * n1 / n; e12 = (a + b) * n2 / n; e21 = (c + d) * n1 / n; e22 = (c + d) * n2 / n
    g2 = 2 * (t(a, e11) + t(b, e12) + t(c, e21) + t(d, e22))
    if (a / n1 < b / n2) g2 = -g2
    diff = g2 - got; if (diff < 0) diff = -diff
    if (diff > 1e-9 * (got < 0 ? -got : got)) { printf "FAIL: G2 %s/%s = %.17g, recomputed %.17g\n", G, T, got, g2; exit 1 }
    printf "keyness %s/%s: a=%d b=%d n1=%d n2=%d G2=%.12g (recomputed %.12g)\n", G, T, a, b, n1, n2, got, g2
  }' "$O/frequency.csv" "$O/keyness.csv" || fail=1

# Spot check 2: group-level sklearn TF-IDF of (dw, 数据保护): tf = count, N = groups,
# df = groups using the term, idf = ln((1+N)/(1+df)) + 1, L2-normalised over dw's terms.
awk -F, -v G=dw -v T=数据保护 '
  FILENAME ~ /frequency.csv$/ && $1 != "group" && $1 != "ALL" {
    if (!($1 in seen)) { seen[$1] = 1; ng++ }
    df[$2]++; if ($1 == G) cnt[$2] = $3; next }
  FILENAME ~ /tfidf.csv$/ && $1 == "group" && $2 == G && $3 == T { got = $7; found = 1 }
  END {
    if (!found) { print "FAIL: no tfidf row for " G "/" T; exit 1 }
    for (w in cnt) { x = cnt[w] * (log((1 + ng) / (1 + df[w])) + 1); ss += x * x }
    want = cnt[T] * (log((1 + ng) / (1 + df[T])) + 1) / sqrt(ss)
    diff = want - got; if (diff < 0) diff = -diff
    if (diff > 1e-12) { printf "FAIL: tfidf %s/%s = %.17g, recomputed %.17g\n", G, T, got, want; exit 1 }
    printf "tfidf %s/%s: count=%d df=%d N=%d weight=%.12g (recomputed %.12g)\n", G, T, cnt[T], df[T], ng, got, want
  }' "$O/frequency.csv" "$O/tfidf.csv" || fail=1

# The story in the numbers: outlets over-use what they report on.
for want in 'dw,数据保护,' 'dw,欧盟,' 'voa,英伟达,' 'voa,国家安全,'; do
  awk -F, -v k="$want" 'index($0, k) == 1 && $9 > 0 { ok = 1 } END { exit !ok }' "$O/keyness.csv" ||
    { echo "FAIL: expected over-use $want in keyness.csv"; fail=1; }
done
# keyness.csv's selection and dispersion columns, against frequency.csv: every row's
# doc_freq_target is the group's doc_freq of the term, doc_freq_reference the rest's
# (ALL minus the group); every term is used at least --keyness-min-count (5) times in
# the corpus; a group has at most --keyness-top (100) over-used and 100 under-used rows
# that are not significant.
awk -F, '
  FILENAME ~ /frequency.csv$/ && FNR > 1 { df[$1 SUBSEP $2] = $5; next }
  FILENAME ~ /keyness.csv$/ && FNR > 1 {
    rows++
    if ($5 != df[$1 SUBSEP $2] + 0) { printf "FAIL: keyness %s/%s doc_freq_target %s, frequency.csv says %s\n", $1, $2, $5, df[$1 SUBSEP $2]; bad = 1 }
    if ($6 != df["ALL" SUBSEP $2] - df[$1 SUBSEP $2]) { printf "FAIL: keyness %s/%s doc_freq_reference %s\n", $1, $2, $6; bad = 1 }
    if ($3 + $4 < 5) { printf "FAIL: keyness %s/%s tested with a + b = %d < 5\n", $1, $2, $3 + $4; bad = 1 }
    if ($13 == "false") { if ($9 > 0) over[$1]++; else under[$1]++ }
  }
  END {
    for (g in over) if (over[g] > 100) { printf "FAIL: %s has %d over-used rows\n", g, over[g]; bad = 1 }
    for (g in under) if (under[g] > 100) { printf "FAIL: %s has %d under-used rows\n", g, under[g]; bad = 1 }
    if (!rows) { print "FAIL: keyness.csv has no rows"; bad = 1 }
    exit bad
  }' "$O/frequency.csv" "$O/keyness.csv" || fail=1

# --keyness-top N keeps, per group, the N rows of highest and the N of lowest G² and
# every significant row, in the order of --keyness-all's table (which has every tested
# term); --keyness-all and --keyness-top 0 are the same table.
"$YULIAO" analyze examples/corpus -o "$YL_TMP/kall" --keyness-all "${A[@]}" || fail=1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/ktop0" --keyness-top 0 "${A[@]}" || fail=1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/ktop3" --keyness-top 3 "${A[@]}" || fail=1
cmp -s "$YL_TMP/kall/keyness.csv" "$YL_TMP/ktop0/keyness.csv" || { echo "FAIL: --keyness-all differs from --keyness-top 0"; fail=1; }
python3 - "$YL_TMP/kall/keyness.csv" "$YL_TMP/ktop3/keyness.csv" <<'PY' || fail=1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
got = list(csv.reader(open(sys.argv[2], encoding="utf-8")))[1:]
want = []
for g in sorted({r[0] for r in rows}):
    gr = [r for r in rows if r[0] == g]
    over = [r for r in gr if float(r[8]) > 0][:3]
    under = [r for r in gr if float(r[8]) < 0][-3:]
    keep = {id(r) for r in over + under} | {id(r) for r in gr if r[12] == "true"}
    want += [r for r in gr if id(r) in keep]
if got != want or len(got) >= len(rows):
    print("FAIL: --keyness-top 3 kept %d rows, expected %d of %d" % (len(got), len(want), len(rows)))
    sys.exit(1)
PY

# --script simplified (the default) counts Traditional text as Simplified: OpenCC's own
# command (an independent converter, Debian opencc) changes none of the counted terms,
# and the Traditional VOA document's 中國 is counted as 中国. --script keep counts it as
# written.
"$YULIAO" analyze examples/corpus -o "$YL_TMP/simp" --script simplified "${A[@]}" || fail=1
cmp -s "$YL_TMP/simp/frequency.csv" "$YL_TMP/j2/frequency.csv" || { echo "FAIL: the default is not --script simplified"; fail=1; }
if command -v opencc >/dev/null; then
  tail -n +2 "$YL_TMP/simp/frequency.csv" | cut -d, -f2 >"$YL_TMP/terms.txt"
  opencc -c t2s -i "$YL_TMP/terms.txt" -o "$YL_TMP/terms.t2s.txt"
  cmp -s "$YL_TMP/terms.txt" "$YL_TMP/terms.t2s.txt" ||
    { echo "FAIL: OpenCC t2s changes counted terms:"; diff "$YL_TMP/terms.txt" "$YL_TMP/terms.t2s.txt" | head -6; fail=1; }
else
  echo "FAIL: opencc (Debian package opencc) is needed for the script checks"; fail=1
fi
grep -q '^voa,中國,' "$YL_TMP/simp/frequency.csv" && { echo "FAIL: 中國 counted apart from 中国"; fail=1; }
grep -q '"script": {"mode": "simplified", "opencc_config": "t2s.json", "opencc_version": ' "$YL_TMP/simp/manifest.json" ||
  { echo "FAIL: manifest script of --script simplified"; fail=1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/keep" --script keep "${A[@]}" || fail=1
grep -q '^voa,中國,' "$YL_TMP/keep/frequency.csv" || { echo "FAIL: --script keep did not keep 中國"; fail=1; }
grep -q '"script": {"mode": "keep"}' "$YL_TMP/keep/manifest.json" || { echo "FAIL: manifest script mode"; fail=1; }
# the phrase table gives OpenCC's conversion: the same tables as OpenCC's own converter
# (forced by a copy of the data folder without the table)
cp -r "$YL_SRC/dict" "$YL_TMP/dict-nofast" && rm "$YL_TMP/dict-nofast/opencc/t2s-phrases.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/occ" --no-bom --user-dict examples/userdict-deepseek.txt \
  --dict-dir "$YL_TMP/dict-nofast" -q || fail=1
grep -q '"converter": "opencc"' "$YL_TMP/occ/manifest.json" || { echo "FAIL: OpenCC was not used without the table"; fail=1; }
grep -q '"converter": "phrase table"' "$YL_TMP/j2/manifest.json" || { echo "FAIL: the phrase table was not used"; fail=1; }
for t in $TABLES; do
  cmp -s "$YL_TMP/occ/$t" "$YL_TMP/j2/$t" || { echo "FAIL: $t differs between OpenCC and the phrase table"; fail=1; }
done
# documents.csv's script columns: the one Traditional document of the corpus says so,
# with its share of Traditional-only characters recomputed here from the text extract
# writes and OpenCC's own command (a Han character is Traditional-only when t2s turns
# it, alone, into another); every other document is Simplified with a share of 0.
"$YULIAO" extract examples/corpus/voa/2025-02-01_taiwan-ban-zh-hant.txt -o "$YL_TMP/hant" -q --dict-dir "$YL_SRC/dict" || fail=1
python3 - "$YL_TMP/j2/documents.csv" "$YL_TMP/hant/texts.jsonl" <<'PY' || fail=1
import csv, json, subprocess, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
bad = 0
for r in rows:
    trad = r["path"].endswith("zh-hant.txt")
    if r["script"] != ("traditional" if trad else "simplified") or (not trad and float(r["traditional_share"]) != 0):
        print("FAIL: %s script %s share %s" % (r["path"], r["script"], r["traditional_share"])); bad = 1
def han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F
text = "".join(p["text"] for line in open(sys.argv[2], encoding="utf-8") for p in json.loads(line)["paragraphs"])
hs = [c for c in text if han(c)]
chars = sorted(set(hs))
out = subprocess.run(["opencc", "-c", "t2s"], input="\n".join(chars) + "\n", capture_output=True, text=True).stdout.split("\n")
tonly = {c for c, d in zip(chars, out) if d != c and ord(c) < 0x10000}
share = sum(c in tonly for c in hs) / len(hs)
got = float([r for r in rows if r["path"].endswith("zh-hant.txt")][0]["traditional_share"])
if abs(got - share) > 1e-12:
    print("FAIL: traditional_share %r, recomputed %r" % (got, share)); bad = 1
sys.exit(bad)
PY
# the manifest's checksums are FNV-1a 64 of each data file, recomputed here
python3 - "$YL_TMP/j2/manifest.json" "$YL_SRC/dict" <<'PY' || fail=1
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
bad = 0
for d in m["data_files"]:
    path = sys.argv[2] + "/" + d["dict_path"] if "dict_path" in d else d["path"]
    data = open(path, "rb").read()
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    if d["fnv1a64"] != "%016x" % h or d["bytes"] != len(data):
        print("FAIL: %s: fnv1a64 %s (%s bytes), recomputed %016x (%d)" % (path, d["fnv1a64"], d["bytes"], h, len(data))); bad = 1
sys.exit(bad)
PY
# a stop word in Traditional characters is converted like the text: 审查 goes
printf '審查\n' >"$YL_TMP/stop-hant.txt"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/st" --stopwords "$YL_TMP/stop-hant.txt" "${A[@]}" || fail=1
grep -q ',审查,' "$YL_TMP/j2/frequency.csv" || { echo "FAIL: 审查 is not counted without the stop word"; fail=1; }
grep -q ',审查,' "$YL_TMP/st/frequency.csv" && { echo "FAIL: stop word 審查 did not drop 审查"; fail=1; }
# a --focus term in Traditional characters is converted like the text: the same table
"$YULIAO" analyze examples/corpus -o "$YL_TMP/fs" --focus 审查 "${A[@]}" || fail=1
"$YULIAO" analyze examples/corpus -o "$YL_TMP/ft" --focus 審查 "${A[@]}" 2>"$YL_TMP/ft.err" || fail=1
cmp -s "$YL_TMP/fs/cooccurrence.csv" "$YL_TMP/ft/cooccurrence.csv" || { echo "FAIL: --focus 審查 differs from --focus 审查"; fail=1; }
[ "$(wc -l <"$YL_TMP/fs/cooccurrence.csv")" -gt 1 ] || { echo "FAIL: --focus 审查 found no pair"; fail=1; }
# a user dictionary written in Traditional characters (OpenCC's CLI s2t of the example
# one) joins the same words: every table as with the Simplified one
opencc -c s2t -i examples/userdict-deepseek.txt -o "$YL_TMP/userdict-hant.txt"
grep -q '英偉達' "$YL_TMP/userdict-hant.txt" || { echo "FAIL: s2t did not give 英偉達"; fail=1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/ud" --no-bom --user-dict "$YL_TMP/userdict-hant.txt" \
  --dict-dir "$YL_SRC/dict" -q || fail=1
for t in frequency.csv keyness.csv tfidf.csv cooccurrence.csv; do
  cmp -s "$YL_TMP/j2/$t" "$YL_TMP/ud/$t" || { echo "FAIL: $t differs with the Traditional user dictionary"; fail=1; }
done
grep -q ',英伟达,' "$YL_TMP/ud/frequency.csv" || { echo "FAIL: 英偉達 did not join 英伟达"; fail=1; }
# an outlet's own name, its fragments and its labels never count for it
# (dict/outlets.tsv: self-names, then house terms and labels), in either script,
# while the same words elsewhere still count
mkdir -p "$YL_TMP/house/dw" "$YL_TMP/house/voa"
cat >"$YL_TMP/house/dw/a.md" <<'MD'
---
title: 测试报道
url: https://www.dw.com/zh/a-1
published: 2025-02-01
---
<p>德国之声中文网报道，数据保护机构开始调查。</p>
<p>记者：您怎么看数据保护？</p>
<p>一名记者说，数据保护很重要。</p>
MD
cat >"$YL_TMP/house/dw/b.md" <<'MD'
---
title: 測試報導
url: https://www.dw.com/zh/a-2
published: 2025-02-02
---
<p>德國之聲中文網報導，數據保護機構開始調查。</p>
<p>記者：您怎麼看數據保護？</p>
MD
cat >"$YL_TMP/house/voa/c.md" <<'MD'
---
title: 另一篇
url: https://www.voachinese.com/a/c.html
published: 2025-02-03
---
<p>德国之声中文网和美国之音中文网都报道了数据保护。日经平均指数上涨。</p>
MD
mkdir -p "$YL_TMP/house/nikkei"
cat >"$YL_TMP/house/nikkei/d.md" <<'MD'
---
title: 股市
url: https://cn.nikkei.com/china/d.html
published: 2025-02-04
---
<p>日经平均指数上涨，日经中文网报道。日本经济新闻社说，日经指数也上涨。</p>
MD
"$YULIAO" analyze "$YL_TMP/house" -o "$YL_TMP/house-out" --no-bom --dict-dir "$YL_SRC/dict" -q || fail=1
python3 - "$YL_TMP/house-out/frequency.csv" <<'PY' || fail=1
import csv, sys
c = {(r["group"], r["term"]): int(r["count"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
bad = 0
def want(g, t, n):
    global bad
    if c.get((g, t), 0) != n:
        print("FAIL: %s %s counted %d, want %d" % (g, t, c.get((g, t), 0), n)); bad = 1
for t in ("德国之声中文网", "德国之声", "中文网", "德國之聲中文網", "中文網"):
    want("dw", t, 0)
want("dw", "记者", 1)       # the labels 记者： and 記者： go, the word stays
want("dw", "数据保护", 5)   # 3 + 2: both scripts
want("voa", "德国之声中文网", 1)  # another outlet's name counts for VOA
want("voa", "美国之音中文网", 0)
want("voa", "中文网", 0)
# a name inside a longer word that is not the outlet (the house field's +words) is
# not cut out of it: the index counts whole, for Nikkei as for anyone
for g in ("nikkei", "voa"):
    want(g, "日经平均指数", 1)
want("nikkei", "日经指数", 1)
for t in ("日经", "平均", "指数", "日经中文网", "日本经济新闻社", "日本经济新闻", "社说"):
    want("nikkei", t, 0)
sys.exit(bad)
PY
"$YULIAO" analyze examples/corpus -o "$YL_TMP/nocc" --script simplified --opencc-config no-such-config "${A[@]}" 2>"$YL_TMP/nocc.err"
rc=$?
[ "$rc" = 4 ] && grep -q 'no-such-config.json' "$YL_TMP/nocc.err" ||
  { echo "FAIL: a missing OpenCC configuration gave exit $rc:"; cat "$YL_TMP/nocc.err"; fail=1; }

exit $fail
