# yuliao analyze on a mixed-script fixture corpus (tests/fixtures/mixed, written for
# this test): Traditional and Simplified count as one language and one story counts
# once. documents.csv and frequency.csv are compared with tests/golden/mixed/; the
# sketch's similarity is checked against the exact Jaccard similarity of the shingle
# sets computed here in Python; the whole corpus after OpenCC's CLI s2tw keeps ≥ 99 %
# of the ALL-group token counts. Regenerate the expected files after an intended change
# with  YL_UPDATE_GOLDEN=1 ctest -R e2e.analyze_mixed  (then review the diff by eye).
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
G="$YL_SRC/tests/golden/mixed"
F=tests/fixtures/mixed
fail=0
A=(--no-bom --dict-dir "$YL_SRC/dict" -q)
"$YULIAO" analyze "$F" -o "$YL_TMP/j1" -j 1 "${A[@]}" || fail=1
"$YULIAO" analyze "$F" -o "$YL_TMP/j2" -j 2 "${A[@]}" || fail=1
if [ "${YL_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$G"
  for t in documents.csv frequency.csv; do cp "$YL_TMP/j2/$t" "$G/$t"; done
  echo "golden files updated in $G"
fi
for t in documents.csv frequency.csv keyness.csv cooccurrence.csv tfidf.csv; do
  cmp -s "$YL_TMP/j1/$t" "$YL_TMP/j2/$t" || { echo "FAIL: $t differs between -j 1 and -j 2"; fail=1; }
done
for t in documents.csv frequency.csv; do
  cmp -s "$YL_TMP/j2/$t" "$G/$t" || { echo "FAIL: $t differs from $G/$t"; diff "$G/$t" "$YL_TMP/j2/$t" | head -10; fail=1; }
done

python3 - "$YL_TMP/j2/documents.csv" "$F" <<'PY' || fail=1
import csv, re, sys
rows = {r["path"].split("/mixed/")[-1]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
bad = 0
def check(path, status, dup_of=None, why=None):
    global bad
    r = rows[path]
    if r["status"] != status:
        print("FAIL: %s is %s, want %s" % (path, r["status"], status)); bad = 1
    if dup_of:
        kept = [x for x in rows.values() if x["path"].endswith(dup_of)][0]
        if r["duplicate_of"] != kept["doc_id"] or ("(%s)" % why) not in r["note"]:
            print("FAIL: %s: duplicate_of %s note %r, want %s (%s)" % (path, r["duplicate_of"], r["note"], kept["doc_id"], why)); bad = 1
# the original is kept (published 12:00, the copies by the day only); its Traditional
# re-post under another URL is the same body text once converted; the copy with a
# byline and a sentence added is similar text
check("voa/2025-02-01_chip-rules.md", "analysed")
check("other/repost-hant.md", "duplicate", "voa/2025-02-01_chip-rules.md", "same body text")
check("other/repost-plus.md", "duplicate", "voa/2025-02-01_chip-rules.md", "similar text")
check("dw/2025-02-04_taiwan-ban-hant.md", "analysed")  # another story, in Traditional
if rows["dw/2025-02-04_taiwan-ban-hant.md"]["script"] != "traditional":
    print("FAIL: the Traditional story's script is not traditional"); bad = 1
# the similarity: the sketch's estimate against the exact Jaccard similarity of the
# 5-character shingle sets of letters and digits (punctuation and spaces left out)
def body(path):
    text = open(sys.argv[2] + "/" + path, encoding="utf-8").read()
    paras = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>.*?</p>", text)]
    out = set()
    for p in paras:
        k = [c.lower() for c in p if c.isalnum()]
        out |= {"".join(k[i:i + 5]) for i in range(len(k) - 4)} if len(k) >= 5 else {"".join(k)}
    return out
a, b = body("voa/2025-02-01_chip-rules.md"), body("other/repost-plus.md")
exact = len(a & b) / len(a | b)
est = float(rows["other/repost-plus.md"]["similarity"])
print("repost-plus: sketch %.4f, exact Jaccard %.4f" % (est, exact))
if abs(est - exact) > 0.1 or est < 0.8:
    print("FAIL: similarity %.4f vs exact %.4f" % (est, exact)); bad = 1
sys.exit(bad)
PY

# the boilerplate rules are Simplified: a Traditional copyright line and feed footer go too
for t in 版权 版权所有 转载 RSS feedx; do
  grep -q "^nikkei,$t," "$YL_TMP/j2/frequency.csv" && { echo "FAIL: Traditional boilerplate counted: $t"; fail=1; }
done
grep -q '^nikkei,制造业,' "$YL_TMP/j2/frequency.csv" || { echo "FAIL: the Traditional Nikkei story is not counted as 制造业"; fail=1; }

# only exact copies: the similar copy counts, the converted re-post still does not
"$YULIAO" analyze "$F" -o "$YL_TMP/exact" --exact-duplicates-only "${A[@]}" || fail=1
grep -q 'repost-plus.md,.*,analysed,' "$YL_TMP/exact/documents.csv" || { echo "FAIL: --exact-duplicates-only still drops the similar copy"; fail=1; }
grep -q 'repost-hant.md,.*,duplicate,' "$YL_TMP/exact/documents.csv" || { echo "FAIL: --exact-duplicates-only lost the converted copy"; fail=1; }

# the whole corpus in Traditional characters (OpenCC s2tw, front matter and all): the
# ALL-group token counts stay ≥ 99 % the same
mkdir -p "$YL_TMP/hant"
for f in $(cd "$F" && find . -name '*.md'); do
  mkdir -p "$YL_TMP/hant/$(dirname "$f")"
  opencc -c s2tw -i "$F/$f" -o "$YL_TMP/hant/$f" || fail=1
done
"$YULIAO" analyze "$YL_TMP/hant" -o "$YL_TMP/hant-out" "${A[@]}" || fail=1
python3 - "$YL_TMP/j2/frequency.csv" "$YL_TMP/hant-out/frequency.csv" <<'PY' || fail=1
import csv, sys
def all_counts(p):
    return {r["term"]: int(r["count"]) for r in csv.DictReader(open(p, encoding="utf-8")) if r["group"] == "ALL"}
a, b = all_counts(sys.argv[1]), all_counts(sys.argv[2])
same = sum(min(n, b.get(t, 0)) for t, n in a.items()) / sum(a.values())
print("s2tw: %.2f %% of the ALL-group token counts the same" % (100 * same))
if same < 0.99:
    print("FAIL: only %.2f %% the same after s2tw" % (100 * same)); sys.exit(1)
PY
exit $fail
