#!/usr/bin/env bash
# yuliao newwords: --help names every option and the command is in yuliao --help; bad
# command lines and data exit as analyze does, with one line naming the file; the
# fixture of invented articles (tests/golden/newwords/corpus) gives the golden
# newwords.csv and newwords.txt; independent checks of those rows against the text as
# extract writes it (every count and document count, the entropies recomputed from the
# neighbours of each occurrence, the jieba column as `yuliao segment` cuts the term,
# the group columns); the same bytes for -j 1 and -j 2 on examples/corpus; and the
# round trip: analyze --user-dict newwords.txt counts every word whole at least as
# often as newwords found it split.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
D=(--no-bom -q --dict-dir "$YL_SRC/dict")
G=tests/golden/newwords
E=examples/corpus

# ---- help --------------------------------------------------------------------------------
"$YULIAO" newwords --help >"$YL_TMP/help.txt" || { echo "FAIL: --help exit"; fail=1; }
for o in --output --top --min-count --jobs --group-by --exclude-kinds --user-dict --script \
  --opencc-config --no-hmm --near-duplicates --exact-duplicates-only --outlets --outlet-from \
  --max-file-size --dict-dir --no-bom --raw-csv --csv-dialect --digits --strict --quiet --help; do
  grep -q -- "$o" "$YL_TMP/help.txt" || { echo "FAIL: --help does not name $o"; fail=1; }
done
"$YULIAO" --help | grep -q '^  newwords ' || { echo "FAIL: yuliao --help lacks newwords"; fail=1; }

# ---- errors --------------------------------------------------------------------------------
expect() { # CODE PATTERN CMD...: exit code CODE and one stderr line matching PATTERN
  local code=$1 pat=$2
  shift 2
  "$@" >/dev/null 2>"$YL_TMP/err.txt"
  local rc=$?
  if [ "$rc" != "$code" ] || ! grep -q -- "$pat" "$YL_TMP/err.txt" || [ "$(grep -c . "$YL_TMP/err.txt")" -gt 1 ]; then
    echo "FAIL: exit $rc (want $code) of: $*"; cat "$YL_TMP/err.txt"; fail=1
  fi
}
expect 2 "-o DIR is required" "$YULIAO" newwords "$E" -q
expect 2 "no input PATH" "$YULIAO" newwords -o "$YL_TMP/e1" -q
expect 2 "min-count" "$YULIAO" newwords "$E" -o "$YL_TMP/e2" --min-count 1 -q
expect 2 "top" "$YULIAO" newwords "$E" -o "$YL_TMP/e3" --top x -q
expect 2 "unknown option" "$YULIAO" newwords "$E" -o "$YL_TMP/e4" --window 3 -q
# nothing readable: exit 3, the file named with its reason (a remark, so not under -q)
"$YULIAO" newwords "$YL_TMP/does-not-exist" -o "$YL_TMP/e5" 2>"$YL_TMP/err.txt"
rc=$?
{ [ "$rc" = 3 ] && grep -q "does-not-exist: not found" "$YL_TMP/err.txt"; } ||
  { echo "FAIL: exit $rc (want 3) for a missing input"; cat "$YL_TMP/err.txt"; fail=1; }
# a data folder without the function characters: a data error naming the file
mkdir -p "$YL_TMP/data" && cp -r dict/jieba dict/outlets.tsv dict/boilerplate.tsv "$YL_TMP/data/"
expect 4 "newwords/function-chars.txt" "$YULIAO" newwords "$E" -o "$YL_TMP/e6" -q --dict-dir "$YL_TMP/data"
[ -e "$YL_TMP/e6/newwords.csv" ] && { echo "FAIL: a failed run left newwords.csv"; fail=1; }

# ---- the golden fixture ---------------------------------------------------------------------
"$YULIAO" newwords "$G/corpus" -o "$YL_TMP/g" "${D[@]}" --group-by folder --min-count 3 || fail=1
for f in newwords.csv newwords.txt; do
  cmp -s "$G/$f" "$YL_TMP/g/$f" || { echo "FAIL: $f differs from $G/$f"; diff "$G/$f" "$YL_TMP/g/$f" | head; fail=1; }
done
grep -q '"tool": "yuliao newwords"' "$YL_TMP/g/manifest.json" || { echo "FAIL: manifest tool"; fail=1; }
"$YULIAO" extract "$G/corpus" -o "$YL_TMP/gx" --no-bom -q --dict-dir "$YL_SRC/dict" || fail=1
cut -d, -f1 "$YL_TMP/g/newwords.csv" | tail -n +2 >"$YL_TMP/terms.txt"
"$YULIAO" segment --dict-dir "$YL_SRC/dict" -d ' ' "$YL_TMP/terms.txt" >"$YL_TMP/cuts.txt" 2>/dev/null || fail=1

python3 - "$YL_TMP" <<'PY' || fail=1
import csv, json, math, os, sys
tmp = sys.argv[1]
bad = 0
def no(msg):
    global bad
    print("FAIL:", msg); bad = 1
rows = list(csv.DictReader(open(f"{tmp}/g/newwords.csv", encoding="utf-8")))
cuts = open(f"{tmp}/cuts.txt", encoding="utf-8").read().split("\n")
paras = []  # (folder, document, paragraph text)
for line in open(f"{tmp}/gx/texts.jsonl", encoding="utf-8"):
    j = json.loads(line)
    for p in j["paragraphs"]:
        paras.append((os.path.basename(os.path.dirname(j["path"])), j["path"], p["text"]))
fchars = {l.strip() for l in open("dict/newwords/function-chars.txt", encoding="utf-8") if l.strip() and not l.startswith("#")}
if not rows: no("no rows")
for i, r in enumerate(rows):
    t = r["term"]
    # every occurrence in the text, with its neighbours (None: the paragraph's end)
    occ, docs, left, right, groups = 0, set(), {}, {}, {}
    ends_l = ends_r = 0
    for g, d, p in paras:
        at = p.find(t)
        while at >= 0:
            occ += 1
            docs.add(d)
            groups[g] = groups.get(g, 0) + 1
            if at == 0: ends_l += 1
            else: left[p[at - 1]] = left.get(p[at - 1], 0) + 1
            e = at + len(t)
            if e == len(p): ends_r += 1
            else: right[p[e]] = right.get(p[e], 0) + 1
            at = p.find(t, at + 1)
    n = int(r["count"])
    if not (3 <= n <= occ): no(f"{t}: count {n}, {occ} in the text")
    if int(r["documents"]) > len(docs) or int(r["documents"]) < 1: no(f"{t}: documents {r['documents']}, {len(docs)} in the text")
    gcols = {k[6:]: int(v) for k, v in r.items() if k.startswith("count:")}
    if sum(gcols.values()) != n: no(f"{t}: group counts {gcols} do not add up to {n}")
    if int(r["groups"]) != sum(1 for v in gcols.values() if v): no(f"{t}: groups {r['groups']}")
    if n == occ:  # every occurrence counted: the entropies follow from the text alone
        def H(c, free):
            tot = sum(c.values()) + free
            return -sum(v / tot * math.log(v / tot) for v in list(c.values()) + [1] * free)
        for side, c, free in (("left_entropy", left, ends_l), ("right_entropy", right, ends_r)):
            if abs(float(r[side]) - H(c, free)) > 1e-9: no(f"{t}: {side} {r[side]}, {H(c, free)} from the text")
        for g, v in gcols.items():
            if v != groups.get(g, 0): no(f"{t}: count in {g} {v}, {groups.get(g, 0)} in the text")
    if r["jieba"] != cuts[i]: no(f"{t}: jieba column '{r['jieba']}', segment gives '{cuts[i]}'")
    if len(r["jieba"].split(" ")) < 2: no(f"{t}: the segmenter keeps it whole")
    if t[0] in fchars or t[-1] in fchars: no(f"{t}: a function character at an end")
    if not (2 <= len(t) <= 8): no(f"{t}: {len(t)} characters")
    for better in rows[:i]:
        if t in better["term"]: no(f"{t}: a substring of the better {better['term']}")
    s = float(r["score"]); want = math.log1p(n) * float(r["cohesion"]) * min(float(r["left_entropy"]), float(r["right_entropy"]))
    if abs(s - want) > 1e-9 * max(1, want): no(f"{t}: score {s}, formula {want}")
scores = [(-float(r["score"]), -int(r["count"]), r["term"].encode()) for r in rows]
if scores != sorted(scores): no("rows not in score order")
# the invented names of the fixture, each jieba splits and each at least 5 times, rank first
top = [r["term"] for r in rows[:4]]
for w in ("蓝鲸智算", "星河之门", "青禾量子", "北辰-X2"):
    if w not in top: no(f"{w} not among the first four: {top}")
words = [l.split(" ") for l in open(f"{tmp}/g/newwords.txt", encoding="utf-8") if not l.startswith("#")]
if [w[0] for w in words] != [r["term"] for r in rows[:len(words)]]: no("newwords.txt is not the first rows")
for w, f in words:
    if int(f) < 1: no(f"{w}: frequency {f}")
sys.exit(bad)
PY

# ---- threads and the round trip -------------------------------------------------------------
"$YULIAO" newwords "$E" -o "$YL_TMP/j1" "${D[@]}" -j 1 || fail=1
"$YULIAO" newwords "$E" -o "$YL_TMP/j2" "${D[@]}" -j 2 || fail=1
for f in newwords.csv newwords.txt; do
  cmp -s "$YL_TMP/j1/$f" "$YL_TMP/j2/$f" || { echo "FAIL: $f differs for -j 1 and -j 2"; fail=1; }
done
grep -q '^深度求索,' "$YL_TMP/j1/newwords.csv" || { echo "FAIL: 深度求索 not found in $E"; fail=1; }
for run in g j1; do
  src=$G/corpus
  [ "$run" = j1 ] && src=$E
  "$YULIAO" analyze "$src" -o "$YL_TMP/rt-$run" "${D[@]}" --frequency-top 0 \
    --user-dict "$YL_TMP/$run/newwords.txt" || fail=1
  python3 - "$YL_TMP/$run" "$YL_TMP/rt-$run" <<'PY' || fail=1
import csv, sys
nw = {r["term"]: int(r["count"]) for r in csv.DictReader(open(sys.argv[1] + "/newwords.csv", encoding="utf-8"))}
fq = {r["term"].lower(): int(r["count"]) for r in csv.DictReader(open(sys.argv[2] + "/frequency.csv", encoding="utf-8")) if r["group"] == "ALL"}
words = [l.split(" ")[0] for l in open(sys.argv[1] + "/newwords.txt", encoding="utf-8") if not l.startswith("#")]
# whole, or inside a longer word of the same file (北辰-X2 in 北辰-X2模型)
def whole(w):
    return fq.get(w.lower(), 0) + sum(fq.get(v.lower(), 0) * v.count(w) for v in words if v != w and w in v)
bad = [(w, nw[w], whole(w)) for w in words if whole(w) < nw[w]]
if not words or bad:
    print("FAIL: analyze --user-dict newwords.txt does not count these whole as often:", bad or "no words")
    sys.exit(1)
PY
done
exit $fail
