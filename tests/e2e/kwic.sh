#!/usr/bin/env bash
# analyze --kwic: kwic.csv holds one row per counted occurrence of each KWIC term (its
# rows in a group equal the term's count in frequency.csv), every left + keyword +
# right is a piece of that paragraph as written (texts.jsonl of extract, Traditional
# paragraphs included), the context is at most --kwic-width characters a side, the
# rows are sorted by group, published (undated last), doc_id and place, --kwic-max
# cuts each term and group (the manifest counts what it left out), the bytes are the
# same for -j 1 and -j 2, and a run without --kwic writes no kwic.csv.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
D=(--no-bom -q --dict-dir "$YL_SRC/dict")
E=examples/corpus
M=tests/fixtures/mixed
U=(--user-dict examples/userdict-deepseek.txt)

"$YULIAO" analyze "$E" -o "$YL_TMP/k1" "${D[@]}" "${U[@]}" --frequency-top 0 -j 1 \
  --kwic DeepSeek,深度求索,芯片,出口管制,不存在的词 || fail=1
"$YULIAO" analyze "$E" -o "$YL_TMP/k2" "${D[@]}" "${U[@]}" --frequency-top 0 -j 2 \
  --kwic DeepSeek,深度求索,芯片,出口管制,不存在的词 || fail=1
cmp -s "$YL_TMP/k1/kwic.csv" "$YL_TMP/k2/kwic.csv" || { echo "FAIL: kwic.csv differs for -j 1 and -j 2"; fail=1; }
"$YULIAO" extract "$E" -o "$YL_TMP/x1" --no-bom -q --dict-dir "$YL_SRC/dict" || fail=1
"$YULIAO" analyze "$M" -o "$YL_TMP/m1" "${D[@]}" --frequency-top 0 --kwic 台湾,人工智能,数据 \
  --kwic-width 8 || fail=1
"$YULIAO" extract "$M" -o "$YL_TMP/xm" --no-bom -q --dict-dir "$YL_SRC/dict" || fail=1

python3 - "$YL_TMP" <<'PY' || fail=1
import csv, json, sys
tmp = sys.argv[1]
bad = 0
def check(run, ext, terms, width):
    global bad
    rows = list(csv.DictReader(open(f"{tmp}/{run}/kwic.csv", encoding="utf-8")))
    freq = {(r["group"], r["term"]): int(r["count"]) for r in csv.DictReader(open(f"{tmp}/{run}/frequency.csv", encoding="utf-8"))}
    docs = {r["doc_id"]: r for r in csv.DictReader(open(f"{tmp}/{run}/documents.csv", encoding="utf-8"))}
    texts = {}
    for line in open(f"{tmp}/{ext}/texts.jsonl", encoding="utf-8"):
        j = json.loads(line)
        texts[j["path"]] = [p["text"] for p in j["paragraphs"]]
    for r in rows:
        d = docs[r["doc_id"]]
        if d["status"] != "analysed" or d["group"] != r["group"]:
            print("FAIL:", run, "row of a document not counted or in another group:", r); bad = 1
        para = texts[d["path"]][int(r["paragraph"]) - 1]
        piece = r["left"] + r["keyword"] + r["right"]
        if piece not in para:
            print("FAIL:", run, "not in the paragraph as written:", piece); bad = 1
        if len(r["left"]) > width or len(r["right"]) > width:
            print("FAIL:", run, "context wider than", width, r); bad = 1
        if r["left"] and not para.startswith(r["left"]) and len(r["left"]) != width:
            print("FAIL:", run, "left context cut short", r); bad = 1
    # rows per group and term equal frequency.csv's counts
    counts = {}
    for r in rows:
        counts[(r["group"], r["keyword"])] = counts.get((r["group"], r["keyword"]), 0) + 1
    for term, shown in terms.items():
        for (g, t), n in freq.items():
            if t != term or g == "ALL":
                continue
            got = sum(v for (gg, kw), v in counts.items() if gg == g and kw in shown)
            if got != n:
                print("FAIL:", run, g, term, "kwic rows", got, "frequency.csv", n); bad = 1
    # the order: group, published (undated last), doc_id, paragraph
    key = [(r["group"], r["published"] == "", r["published"], int(r["doc_id"]), int(r["paragraph"])) for r in rows]
    if key != sorted(key):
        print("FAIL:", run, "rows not in order"); bad = 1
    return rows
rows = check("k1", "x1", {"deepseek": {"DeepSeek", "Deepseek", "deepseek", "DEEPSEEK"}, "深度求索": {"深度求索"}, "芯片": {"芯片"}, "出口管制": {"出口管制"}}, 30)
if not any(r["keyword"] == "深度求索" for r in rows) or not any(r["keyword"] == "芯片" for r in rows):
    print("FAIL: the KWIC terms have no rows"); bad = 1
m = json.load(open(f"{tmp}/k1/manifest.json"))
if m["rows"]["kwic.csv"] != len(rows) or m["notes"]["kwic_left_out"] != 0 or m["notes"]["kwic_occurrences"] != len(rows):
    print("FAIL: manifest kwic counts", m["rows"].get("kwic.csv"), m["notes"]); bad = 1
mixed = check("m1", "xm", {"台湾": {"台灣", "台湾"}, "人工智能": {"人工智能"}, "数据": {"数据", "數據"}}, 8)
if not any(r["keyword"] == "台灣" for r in mixed):
    print("FAIL: a Traditional paragraph's keyword is not shown as written"); bad = 1
sys.exit(bad)
PY

# --kwic-max: at most N rows a term and group, the rest counted in the manifest
"$YULIAO" analyze "$E" -o "$YL_TMP/k3" "${D[@]}" "${U[@]}" --kwic DeepSeek,芯片 --kwic-max 2 || fail=1
python3 - "$YL_TMP/k1" "$YL_TMP/k3" <<'PY' || fail=1
import csv, json, sys
full = list(csv.DictReader(open(sys.argv[1] + "/kwic.csv", encoding="utf-8")))
cut = list(csv.DictReader(open(sys.argv[2] + "/kwic.csv", encoding="utf-8")))
want = []
seen = {}
for r in full:
    if r["keyword"].lower() not in ("deepseek", "芯片"):
        continue
    k = (r["group"], r["keyword"].lower())
    seen[k] = seen.get(k, 0) + 1
    if seen[k] <= 2:
        want.append(r)
m = json.load(open(sys.argv[2] + "/manifest.json"))
total = sum(seen.values())
ok = cut == want and m["notes"]["kwic_left_out"] == total - len(want) and m["notes"]["kwic_occurrences"] == total
if not ok:
    print("FAIL: --kwic-max 2: %d rows, want %d; left out %s of %d" % (len(cut), len(want), m["notes"].get("kwic_left_out"), total))
sys.exit(0 if ok else 1)
PY

# without --kwic: no kwic.csv, and the manifest does not list it
"$YULIAO" analyze "$E" -o "$YL_TMP/k0" "${D[@]}" || fail=1
[ ! -e "$YL_TMP/k0/kwic.csv" ] || { echo "FAIL: kwic.csv without --kwic"; fail=1; }
grep -q '"kwic.csv"' "$YL_TMP/k0/manifest.json" && { echo "FAIL: the manifest lists kwic.csv without --kwic"; fail=1; }
"$YULIAO" analyze "$E" -o "$YL_TMP/kb" "${D[@]}" --kwic-width 0 2>"$YL_TMP/kb.err"
[ $? = 2 ] || { echo "FAIL: --kwic-width 0 should be a bad command line"; fail=1; }
# yuliao kwic: the same rows on the terminal, aligned on the keyword (East Asian wide
# characters two columns), nothing written (its spill files go, unlinked, to TMPDIR)
mkdir -p "$YL_TMP/spill"
TMPDIR="$YL_TMP/spill" "$YULIAO" kwic "$E" DeepSeek 深度求索 芯片 出口管制 不存在的词 "${U[@]}" -j 1 \
  --dict-dir "$YL_SRC/dict" >"$YL_TMP/kwic.txt" 2>"$YL_TMP/kwic.err" || { echo "FAIL: yuliao kwic"; cat "$YL_TMP/kwic.err"; fail=1; }
[ -z "$(ls -A "$YL_TMP/spill")" ] || { echo "FAIL: yuliao kwic left files in TMPDIR"; fail=1; }
n=$(($(wc -l <"$YL_TMP/k1/kwic.csv") - 1))
grep -q "kwic: $n occurrences in 13 documents" "$YL_TMP/kwic.err" || { echo "FAIL: kwic summary (want $n):"; cat "$YL_TMP/kwic.err"; fail=1; }
python3 - "$YL_TMP/k1/kwic.csv" "$YL_TMP/kwic.txt" <<'PY' || fail=1
import csv, sys, unicodedata
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = len(rows) != len(lines)
starts = set()
for r, l in zip(rows, lines):
    piece = r["left"] + "  " + r["keyword"] + ("  " + r["right"] if r["right"] else "")
    day = r["published"][:10] if r["published"] else "(undated)"
    head = "%s %s #%s:%s" % (r["group"], day, r["doc_id"], r["paragraph"])
    if not (l.startswith(head) and l.endswith(piece)):
        print("FAIL: kwic line", repr(l), "for row", r); bad = True
    starts.add(cols(l[: len(l) - len(piece) + len(r["left"]) + 2]))
if len(starts) != 1:
    print("FAIL: keywords not aligned:", sorted(starts)); bad = True
sys.exit(1 if bad else 0)
PY
"$YULIAO" kwic "$E" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: yuliao kwic without a TERM should be exit 2"; fail=1; }

exit $fail
