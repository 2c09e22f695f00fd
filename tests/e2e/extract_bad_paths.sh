# yuliao extract accounting: missing path, empty, binary, unsupported, too large,
# duplicate and looping inputs each get one row and one stderr line; exit codes for
# a normal run with skips, --strict, no readable input, bad usage, unwritable output.
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in/sub"
cd "$YL_TMP" || exit 1
D=(--dict-dir "$YL_SRC/dict")
fail=0
check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  "$@" || { echo "FAIL: $what"; fail=1; }
}
printf '[好文](https://www.dw.com/zh/a-1)\n<p>第一段。</p>\n' >in/good.txt
: >in/empty.txt
printf 'PK\003\004\000\000binary' >in/blob.md
printf 'x' >in/notes.docx
printf '<p>%01000d</p>' 0 >in/sub/big.html
ln -s .. in/sub/loop
ln -s ../good.txt in/sub/again.txt

"$YULIAO" extract in in/good.txt missing.txt -o out --no-bom --max-file-size 900 "${D[@]}" \
  >stdout 2>stderr
rc=$?
check "exit 0 with skips (got $rc)" test "$rc" = 0
check "stdout stays empty" test ! -s stdout
for want in \
  "yuliao: in/blob.md: binary file (NUL bytes)" \
  "yuliao: in/empty.txt: empty file" \
  "yuliao: in/notes.docx: unsupported extension (read: .txt .md .markdown .html .htm)" \
  "yuliao: in/sub/big.html: too large (1007 bytes, limit 900)" \
  "yuliao: missing.txt: not found" \
  "yuliao: extract: 6 files, 1 analysed, 5 skipped, 0 duplicates → out/documents.csv, texts.jsonl"; do
  check "stderr has: $want" grep -qxF "$want" stderr
done
check "stderr has 6 lines" test "$(wc -l <stderr)" = 6
cut -d, -f1,2,3,15,16 out/documents.csv >rows
cat >want <<'ROWS'
doc_id,path,outlet,status,note
1,in/blob.md,,skipped,binary file (NUL bytes)
2,in/empty.txt,,skipped,empty file
3,in/good.txt,dw,analysed,
4,in/notes.docx,,skipped,unsupported extension (read: .txt .md .markdown .html .htm)
5,in/sub/big.html,,skipped,"too large (1007 bytes
6,missing.txt,,skipped,not found
ROWS
tr -d '\r' <rows >rows.lf
check "documents.csv rows" cmp -s rows.lf want || { diff want rows.lf; }
check "one line in texts.jsonl" test "$(wc -l <out/texts.jsonl)" = 1
check "texts.jsonl content" grep -qF '{"doc_id":3,"path":"in/good.txt","outlet":"dw","paragraphs":[{"kind":"title","text":"好文"},{"kind":"body","text":"第一段。"}]}' out/texts.jsonl

"$YULIAO" extract in -o out2 --strict -q "${D[@]}" 2>stderr2
rc=$?
check "--strict with skips exits 1 (got $rc)" test "$rc" = 1
check "-q is quiet" test ! -s stderr2

"$YULIAO" extract missing.txt in/empty.txt -o out3 "${D[@]}" 2>stderr3
rc=$?
check "no readable input exits 3 (got $rc)" test "$rc" = 3
check "tables still written" test -s out3/documents.csv

"$YULIAO" extract in 2>stderr4
check "missing -o is a usage error" test $? = 2

touch plainfile
"$YULIAO" extract in -o plainfile/out "${D[@]}" 2>stderr5
rc=$?
check "unwritable output exits 5 (got $rc)" test "$rc" = 5
check "output error names the folder" grep -q '^yuliao: plainfile/out: cannot write output folder' stderr5

"$YULIAO" extract --help >help
for o in --output --outlets --outlet-from --dict-dir --no-bom --raw-csv --max-file-size --strict --quiet; do
  check "--help lists $o" grep -q -- "$o" help
done
exit $fail
