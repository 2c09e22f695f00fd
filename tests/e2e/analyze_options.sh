# yuliao analyze options and exit codes: usage errors, no readable input, --strict,
# unwritable output, --group-by none (keyness skipped with a note), --focus, --idf jieba,
# --exclude-kinds, --keep-numbers / --min-length, extra stop words.
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in"
cd "$YL_TMP" || exit 1
D=(--dict-dir "$YL_SRC/dict" --no-bom)
C="$YL_SRC/examples/corpus"
U=(--user-dict "$YL_SRC/examples/userdict-deepseek.txt")
fail=0
expect() { # expect RC DESCRIPTION COMMAND...
  local want=$1 what=$2; shift 2
  "$@" >out.txt 2>err.txt
  local rc=$?
  [ "$rc" = "$want" ] || { echo "FAIL: $what: exit $rc, want $want"; cat err.txt; fail=1; }
}
has() { grep -qF -- "$2" "$1" || { echo "FAIL: $1 lacks: $2"; fail=1; }; }

expect 2 "no -o" "$YULIAO" analyze "$C" "${D[@]}"
has err.txt "yuliao: analyze: -o DIR is required"
expect 2 "bad scheme" "$YULIAO" analyze "$C" -o o "${D[@]}" --tfidf bm25
expect 2 "bad context" "$YULIAO" analyze "$C" -o o "${D[@]}" --context line
expect 2 "bad kinds" "$YULIAO" analyze "$C" -o o "${D[@]}" --exclude-kinds footer
# every kind left out: refused, not a run that counts nothing (#14)
expect 2 "no kind left" "$YULIAO" analyze "$C" -o o "${D[@]}" --exclude-kinds body,caption,title
has err.txt "yuliao: analyze: --exclude-kinds body,caption,title leaves no paragraph kind to count"
[ "$(wc -l <err.txt)" = 1 ] || { echo "FAIL: --exclude-kinds all: not one line"; fail=1; }
[ -e o ] && { echo "FAIL: --exclude-kinds all wrote o/"; fail=1; }
expect 2 "bad -j" "$YULIAO" analyze "$C" -o o "${D[@]}" -j x
expect 0 "--help" "$YULIAO" analyze --help
has out.txt "--cooc-min-count"
expect 3 "nothing readable" "$YULIAO" analyze missing.txt -o o "${D[@]}"
has err.txt "yuliao: missing.txt: not found"
printf '好\n' >in/a.docx
cp "$C/dw/2025-02-05_ai-act.txt" in/
expect 1 "--strict with a skipped file" "$YULIAO" analyze in -o o "${D[@]}" --strict -q
expect 0 "skipped file without --strict" "$YULIAO" analyze in -o o "${D[@]}" -q
has o/documents.csv "in/a.docx"
has o/manifest.json '"skipped": 1'
# a second copy of an article: listed as a duplicate, counted once
cp in/2025-02-05_ai-act.txt in/copy.txt
expect 0 "duplicate" "$YULIAO" analyze in -o dup "${D[@]}"
has err.txt "yuliao: in/copy.txt: duplicate of in/2025-02-05_ai-act.txt"
has dup/manifest.json '"duplicates": 1'
has dup/documents.csv ",duplicate,duplicate of in/2025-02-05_ai-act.txt"
cmp -s <(grep -v '^ALL\|^group' dup/frequency.csv) <(grep -v '^ALL\|^group' o/frequency.csv) ||
  { echo "FAIL: a duplicate changed the counts"; fail=1; }
rm in/copy.txt
: >blocker
expect 5 "output is a file" "$YULIAO" analyze "$C" -o blocker/x "${D[@]}" -q

# --group-by none: only ALL rows, no keyness (with the reason in the manifest)
expect 0 "group-by none" "$YULIAO" analyze "$C" -o none "${D[@]}" "${U[@]}" -q --group-by none
[ "$(cut -d, -f1 none/frequency.csv | sort -u | tr '\n' ' ')" = "ALL group " ] ||
  { echo "FAIL: group-by none has groups other than ALL"; fail=1; }
[ "$(wc -l <none/keyness.csv)" = 1 ] || { echo "FAIL: keyness rows with one group"; fail=1; }
has none/manifest.json '"keyness": "no groups (--group-by none)"'

# --focus: every edge touches a focus term (shown form, case-folded lookup)
expect 0 "focus" "$YULIAO" analyze "$C" -o focus "${D[@]}" "${U[@]}" -q --focus deepseek,英伟达 \
  --context sentence --cooc-min-count 1
awk -F, 'NR > 1 && $1 != "DeepSeek" && $2 != "DeepSeek" && $1 != "英伟达" && $2 != "英伟达" { bad = 1 }
         NR > 1 { n++ } END { exit bad || n < 10 }' focus/cooccurrence.csv ||
  { echo "FAIL: --focus edges"; fail=1; }
has focus/cooccurrence.csv ",ALL,sentence,"
# focus terms not found are named, as given (a Traditional one not as converted), in one
# warning line even with -q and in the manifest (#14: only their number was given)
expect 0 "focus missing" "$YULIAO" analyze "$C" -o fmiss "${D[@]}" -q \
  --focus 'deepseek,不存在的词,xyz q,鐵路貨運站'
has err.txt "yuliao: warning: --focus: 3 terms not found in the corpus: '不存在的词', 'xyz q', '鐵路貨運站'"
[ "$(wc -l <err.txt)" = 1 ] || { echo "FAIL: focus missing: not one line on stderr"; cat err.txt; fail=1; }
has fmiss/manifest.json '"focus_terms_not_found": 3, "focus_missing": ["不存在的词", "xyz q", "鐵路貨運站"]'
has focus/manifest.json '"focus_terms_not_found": 0, "focus_missing": []'

# --idf jieba with the jieba scheme: idf column = the shipped table's value
expect 0 "idf jieba" "$YULIAO" analyze "$C" -o idf "${D[@]}" "${U[@]}" -q --idf jieba --tfidf jieba
want=$(grep -m1 '^芯片 ' "$YL_SRC/dict/jieba/idf.txt" | cut -d' ' -f2)
got=$(awk -F, '$1 == "doc" && $3 == "芯片" { print $6; exit }' idf/tfidf.csv)
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(b != "" && (d < 0 ? -d : d) < 1e-9) }' ||
  { echo "FAIL: jieba idf of 芯片: table $want, tfidf.csv $got"; fail=1; }
has idf/manifest.json '"dict_path": "jieba/idf.txt"'

# --exclude-kinds: fewer tokens than with every kind counted
expect 0 "all kinds" "$YULIAO" analyze "$C" -o k1 "${D[@]}" -q
expect 0 "body only" "$YULIAO" analyze "$C" -o k2 "${D[@]}" -q --exclude-kinds caption,title
t1=$(grep -o '"counted": [0-9]*' k1/manifest.json | grep -o '[0-9]*')
t2=$(grep -o '"counted": [0-9]*' k2/manifest.json | grep -o '[0-9]*')
[ "$t2" -lt "$t1" ] || { echo "FAIL: --exclude-kinds did not reduce tokens ($t2 vs $t1)"; fail=1; }
has k2/manifest.json '"kinds": ["body"]'

# the keyness columns docs/statistics.md §3 and docs/analyze.md name are the header's
# columns, no more, no fewer (#14: statistics.md named per_10k_rest, doc_freq_rest)
hdr=$(head -1 k1/keyness.csv | tr -d '\r' | tr , '\n' | sort -u)
for doc in statistics analyze; do
  named=$(awk '/^## 3\. Keyness|^### keyness.csv/ { on = 1; next } on && /^##/ { on = 0 }
               on && /^\| `/ { split($0, f, "|"); print f[2] }' "$YL_SRC/docs/$doc.md" |
          grep -o '`[a-z0-9_]*`' | tr -d '`' | sort -u)
  [ -n "$hdr" ] && [ "$named" = "$hdr" ] ||
    { echo "FAIL: docs/$doc.md keyness columns: $(echo $named) vs header $(echo $hdr)"; fail=1; }
done

# numbers, single characters and user stop words
printf '欧洲\n' >stop.txt
expect 0 "keep numbers" "$YULIAO" analyze "$C" -o num "${D[@]}" -q --keep-numbers --min-length 1 \
  --stopwords stop.txt
grep -q '^ALL,2025,' num/frequency.csv || { echo "FAIL: --keep-numbers: 2025 not counted"; fail=1; }
grep -q '^ALL,的,' num/frequency.csv && { echo "FAIL: 的 is a stop word"; fail=1; }
grep -q ',欧洲,' num/frequency.csv && { echo "FAIL: --stopwords file ignored"; fail=1; }
has num/manifest.json '"path": "stop.txt"'
grep -q '^ALL,2025,' k1/frequency.csv && { echo "FAIL: numbers counted by default"; fail=1; }
# an outlet's self-names are stop words in its own documents only
grep -q '^dw,德国之声,' k1/frequency.csv && { echo "FAIL: dw counts its own name"; fail=1; }
# a folder called ALL is not merged with the corpus label ALL: renamed, with a note
mkdir -p gall/ALL gall/B
cp "$C"/dw/*.txt gall/ALL/ && cp "$C"/voa/*.txt gall/B/
"$YULIAO" analyze gall -o gallo --group-by folder "${D[@]}" 2>gall.err || { echo "FAIL: --group-by folder with ALL"; fail=1; }
grep -q "group ALL is shown as 'ALL (folder)'" gall.err || { echo "FAIL: no note for the group ALL"; fail=1; }
grep -q '^ALL (folder),' gallo/frequency.csv || { echo "FAIL: the folder ALL has no rows of its own"; fail=1; }
[ "$(cut -d, -f1,2 gallo/frequency.csv | sort | uniq -d | wc -l)" = 0 ] || { echo "FAIL: duplicate (group, term) rows"; fail=1; }

# keywords.csv holds the first rows of each unit of tfidf.csv, never more (#14);
# --keywords 0 means all of them, as 0 means all for --tfidf-doc-top
kw_prefix() { # kw_prefix DIR MODE: MODE "all" also wants as many keywords as tfidf rows
  awk -F, -v mode="$2" 'FNR == 1 { next }
    NR == FNR { u = $1 "," $2; n[u]++; t[u, n[u]] = $3; next }
    { u = $1 "," $2; m[u]++; rows++; if (m[u] > n[u] || t[u, m[u]] != $4) bad = 1 }
    END { if (mode == "all") for (u in n) if (m[u] != n[u]) bad = 1; exit bad || !rows }' \
    "$1/tfidf.csv" "$1/keywords.csv" || { echo "FAIL: $1/keywords.csv is not the first tfidf rows ($2)"; fail=1; }
}
expect 0 "keywords 0" "$YULIAO" analyze "$C" -o kw0 "${D[@]}" -q --keywords 0 --tfidf-group-top 30
kw_prefix kw0 all
expect 0 "keywords > tfidf rows" "$YULIAO" analyze "$C" -o kw20 "${D[@]}" -q --keywords 20 \
  --tfidf-doc-top 3 --tfidf-group-top 7
kw_prefix kw20 prefix
[ "$(awk -F, '$1 == "doc" { n[$2]++ } END { for (u in n) if (n[u] > m) m = n[u]; print m }' kw20/keywords.csv)" = 3 ] ||
  { echo "FAIL: --keywords 20 --tfidf-doc-top 3: a document has other than 3 keywords"; fail=1; }

# --keyness-correction: recorded in the manifest; each g2 is the plain one (k1) recomputed
# here from the row's counts, divided by Williams' q (1 when a cell is 0), and p follows
expect 2 "bad correction" "$YULIAO" analyze "$C" -o o "${D[@]}" --keyness-correction yate
has err.txt "--keyness-correction takes none, williams or yates, not 'yate'"
has k1/manifest.json '"keyness_correction": "none"'
expect 0 "williams" "$YULIAO" analyze "$C" -o kw "${D[@]}" -q --keyness-correction williams
has kw/manifest.json '"keyness_correction": "williams"'
python3 - k1/keyness.csv kw/keyness.csv <<'PY' || fail=1
import csv, math, sys
plain = {(r["group"], r["term"]): r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
n1 = {}  # group tokens, from a row the group uses: a / (per_10k / 10000)
tot = None
for r in rows:
    a, b = int(r["count_target"]), int(r["count_reference"])
    if a and float(r["per_10k_reference"]) and r["group"] not in n1:
        n1[r["group"]] = round(a * 1e4 / float(r["per_10k_target"]))
        tot = n1[r["group"]] + round(b * 1e4 / float(r["per_10k_reference"]))
bad = smaller = same = 0
for r in rows:
    p = plain.get((r["group"], r["term"]))
    if p is None:
        continue
    a, b = int(r["count_target"]), int(r["count_reference"])
    c, d = n1[r["group"]] - a, tot - n1[r["group"]] - b
    N = a + b + c + d
    q = 1 if 0 in (a, b, c, d) else 1 + (N/(a+b) + N/(c+d) - 1) * (N/(a+c) + N/(b+d) - 1) / (6*N)
    g, want = float(r["g2"]), float(p["g2"]) / q
    pv = math.erfc(math.sqrt(abs(g) / 2))  # chi2(1) upper tail
    if abs(g - want) > 1e-9 * max(1, abs(want)) or abs(float(r["p_value"]) - pv) > 1e-9 * max(pv, 1e-300):
        bad += 1
        print("FAIL: williams", r["group"], r["term"], g, want, r["p_value"], pv)
    smaller += abs(g) < abs(float(p["g2"]))
    same += 1
if bad or smaller == 0 or same < 100:
    print(f"FAIL: --keyness-correction williams: {bad} wrong, {smaller} of {same} smaller")
    sys.exit(1)
PY
# a stop-word list that is no list (UTF-16 without its mark, a binary, a text given by
# mistake, CR-only line ends): exit 4 with FILE:LINE and why, never silently odd words
printf '的\n了\n' | iconv -f UTF-8 -t UTF-16LE >sw16.txt
printf '的\n了\n说\0\n' >swnul.txt
python3 -c 'print("的"); print("长" * 2000)' >swlong.txt
printf '的\r了\r' >swcr.txt
printf '的\n\xff\n' >swbad.txt
for f in sw16:2:'a NUL byte: UTF-16 or a binary file' swnul:3:'a NUL byte: UTF-16 or a binary file' \
         swlong:2:'a stop word of 6000 bytes (at most 1024)' swcr:1:'a carriage return inside a line' \
         swbad:2:'not valid UTF-8'; do
  name=${f%%:*} rest=${f#*:}
  expect 4 "stop words $name" "$YULIAO" analyze "$C" -o o "${D[@]}" -q --stopwords "$name.txt"
  has err.txt "$name.txt:${rest%%:*}: ${rest#*:}"
done

exit $fail
