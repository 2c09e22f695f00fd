#!/usr/bin/env bash
# manifest.json's skip_reasons count files by reason (issue #14): two files skipped as
# too large, of different sizes, are one key with count 2, while documents.csv keeps
# each file's size in its note. The same with a remark before the reason.
set -uo pipefail
: "${YULIAO:?}" "${YL_TMP:?}" "${YL_SRC:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }

cp "$YL_SRC/examples/corpus/dw/2025-02-05_ai-act.txt" in/small.txt
head -c 300000 /dev/zero | tr '\0' x > in/big1.txt
head -c 400000 /dev/zero | tr '\0' y > in/big2.txt
printf 'a\n' > in/c.docx
printf 'b\n' > in/d.docx
# no text in either; one has a remark (the stamp) before the reason in its note
printf '<!--1738000000000-->\n<div><img src="a.png"></div>\n' > in/e1.txt
printf '<!--1-->\n<div><img src="b.png"></div>\n' > in/e2.txt
size=$(wc -c < in/small.txt)

"$YULIAO" analyze in -o out --dict-dir "$YL_SRC/dict" --no-bom -q --max-file-size $((size + 10)) 2>err ||
  { cat err; exit 1; }
m=$(grep '"skip_reasons"' out/manifest.json)
check "one key for too large, count 2: $m" grep -qF '"too large": 2' <<<"$m"
check "no per-file sizes in the keys" test -z "$(grep -o 'bytes' <<<"$m")"
check "one key for the extension, count 2" grep -qF '"unsupported extension (read: .txt .md .markdown .html .htm)": 2' <<<"$m"
check "one key for no text, count 2" grep -qF '"no text found": 2' <<<"$m"
check "e2's note has the remark first" grep -q 'e2.txt,.*,skipped,archive stamp not a time from 1990 to 2099: not used; no text found,' out/documents.csv
check "skipped: 6" grep -qF '"skipped": 6' <<<"$m"
check "the note keeps big1's size" grep -q 'big1.txt,.*,skipped,"too large (300000 bytes, limit' out/documents.csv
check "the note keeps big2's size" grep -q 'big2.txt,.*,skipped,"too large (400000 bytes, limit' out/documents.csv

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
