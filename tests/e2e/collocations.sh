#!/usr/bin/env bash
# analyze --collocations: collocations.csv recomputed apart from the C counting. The
# fixture (invented text, written here) is read with `yuliao extract` (texts.jsonl) and
# each body paragraph segmented with `yuliao segment`; Python applies the filter's rules
# (a stop list of our own, pads for stop words, short words and numbers, breaks at
# punctuation and paragraph ends) and scores every 2- and 3-window by brute force with
# tests/support/colloc_bf.py (quanteda's cells, +0.5, λ, z). Checked: the rows of each
# group and ALL (count, λ, z), their order, --colloc-top, the duplicate left out,
# -j 1 = -j 2, and that without the option no collocations.csv is written.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in/g1" "$YL_TMP/in/g2" && cd "$YL_TMP" || exit 2
fail=0

art() { # art FILE URL PARAGRAPH...
  local f=$1 url=$2; shift 2
  { printf -- '---\ntitle: 测试标题\nfrom: %s\ndate: 2025-03-01T08:00:00Z\n---\n' "$url"
    for p in "$@"; do printf '<p>%s</p>\n' "$p"; done; } > "$f"
}
art in/g1/a.md https://example.org/a \
  "城市交通规划委员会宣布，地铁线路将延长到新区。居民出行会更方便。" \
  "城市交通规划委员会表示，公交站点以及地铁线路都会调整，居民出行更方便。"
art in/g1/b.md https://example.org/b \
  "地铁线路延长以后，居民出行时间缩短。城市交通规划委员会已经公布方案。" \
  "新区居民出行方便，地铁线路 2025 开通，公交站点调整方案已经公布。"
art in/g2/c.md https://example.net/c \
  "公交站点调整引起居民讨论，城市交通规划委员会回应说地铁线路不会改变。" \
  "alpha beta gamma 测试 alpha beta 工具，alpha beta gamma 再次测试。"
art in/g2/d.md https://example.net/d-copy \
  "公交站点调整引起居民讨论，城市交通规划委员会回应说地铁线路不会改变。" \
  "alpha beta gamma 测试 alpha beta 工具，alpha beta gamma 再次测试。"
art in/g2/e.md https://example.net/e \
  "居民出行的方便程度在新区提高，地铁线路和公交站点调整方案已经公布。" \
  "城市交通规划委员会表示地铁线路延长，居民出行方便，公交站点调整完成。"
printf '以及\n已经\n表示\n' > stop.txt

D=(--dict-dir "$YL_SRC/dict" --no-bom -q)
A=(analyze in "${D[@]}" --group-by folder --exclude-kinds title,caption
   --no-default-stopwords --no-outlet-stopwords --stopwords stop.txt --exact-duplicates-only)
"$YULIAO" "${A[@]}" -o a -j 1 --collocations --colloc-top 0 || fail=1
"$YULIAO" "${A[@]}" -o b -j 2 --collocations --colloc-top 0 || fail=1
"$YULIAO" "${A[@]}" -o t -j 2 --collocations --colloc-top 2 || fail=1
"$YULIAO" "${A[@]}" -o n -j 2 || fail=1
"$YULIAO" extract in "${D[@]}" -o x || fail=1
cmp -s a/collocations.csv b/collocations.csv || { echo "FAIL: collocations.csv differs for -j 1 and -j 2"; fail=1; }
[ -e n/collocations.csv ] && { echo "FAIL: collocations.csv written without --collocations"; fail=1; }
grep -q '"collocations.csv"' n/manifest.json && { echo "FAIL: the manifest lists collocations.csv without the option"; fail=1; }
grep -q '"collocations.csv"' a/manifest.json || { echo "FAIL: the manifest does not list collocations.csv"; fail=1; }

python3 - "$YULIAO" "$YL_SRC" <<'PY' || fail=1
import csv, json, math, subprocess, sys, unicodedata
yuliao, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, src + "/tests/support")
from colloc_bf import colloc
bad = 0
def say(*a):
    global bad
    print("FAIL:", *a); bad = 1
rd = lambda p: list(csv.DictReader(open(p, encoding="utf-8")))
docs = rd("a/documents.csv")
texts = {j["path"]: [p["text"] for p in j["paragraphs"] if p["kind"] == "body"]
         for j in map(json.loads, open("x/texts.jsonl", encoding="utf-8"))}
stop = set(open("stop.txt", encoding="utf-8").read().split())
# every body paragraph of the analysed documents through the segmenter, one a line
paras = [(d, p) for d in docs if d["status"] == "analysed" for p in texts[d["path"]]]
if not any(d["status"] == "duplicate" for d in docs): say("the fixture should hold a duplicate")
seg = subprocess.run([yuliao, "segment", "--dict-dir", src + "/dict", "-d", "\t"],
                     input="\n".join(p for _, p in paras) + "\n", capture_output=True,
                     text=True, check=True).stdout.split("\n")
def kind(t):  # the filter's rules (docs/filter.md) for this fixture's tokens
    cats = [unicodedata.category(c) for c in t]
    if t.strip() == "": return "space"
    if not any(c[0] in "LN" for c in cats): return "punct"
    if all(c[0] == "N" or ch.isspace() for c, ch in zip(cats, t)): return "pad"  # number
    if len(t) < 2 or t.lower() in stop: return "pad"  # short, stop word
    return "keep"
streams, kept = {}, {}
for (d, _), line in zip(paras, seg):
    items = []
    for t in line.split("\t"):
        k = kind(t)
        if k == "keep": items.append(t.lower()); kept[d["doc_id"]] = kept.get(d["doc_id"], 0) + 1
        elif k == "pad": items.append("_")
        elif k == "punct": items.append("|")
    streams.setdefault(d["group"], []).append(" ".join(items))
for d in docs:
    if d["status"] == "analysed" and kept.get(d["doc_id"], 0) != int(d["tokens"]):
        say("doc", d["doc_id"], "tokens", d["tokens"], "recounted", kept.get(d["doc_id"], 0))
units = sorted(streams) + ["ALL"]
streams["ALL"] = [s for g in sorted(streams) for s in streams[g]]
want = []
for g in units:
    rows = []
    for K in (2, 3):
        rows += [(g, r[0], K, r[1], r[4], r[5]) for r in colloc(" | ".join(streams[g]), K, 2)]
    rows.sort(key=lambda r: (-r[5], r[1].encode(), r[2]))
    want += rows
got = rd("a/collocations.csv")
if len(got) != len(want): say("rows", len(got), "want", len(want))
if len(want) < 20 or not any(r[2] == 3 for r in want): say("the fixture should give more rows", len(want))
for r, w in zip(got, want):
    if (r["group"], r["collocation"], int(r["size"]), int(r["count"])) != w[:4]:
        say("row", r, "want", w); break
    for col, v in (("lambda", w[4]), ("z", w[5])):
        if not math.isclose(float(r[col]), v, rel_tol=1e-9, abs_tol=1e-12):
            say(col, r, "want", v)
# --colloc-top 2: the first two of each size in each group, in the same order
top, seen = [], {}
for w in want:
    k = (w[0], w[2])
    if seen.get(k, 0) < 2: top.append(w); seen[k] = seen.get(k, 0) + 1
got_t = [(r["group"], r["collocation"], int(r["size"])) for r in rd("t/collocations.csv")]
if got_t != [w[:3] for w in top]: say("--colloc-top 2 rows", got_t, "want", [w[:3] for w in top])
sys.exit(bad)
PY
exit $fail
