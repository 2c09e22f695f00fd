#!/usr/bin/env bash
# Hostile and broken input (issue: nothing crashes, nothing hangs, nothing is lost):
# every file gets exactly one documents.csv row with status and reason, the exit code
# follows the contract, and a failing disk leaves the old tables whole.
set -uo pipefail
: "${YULIAO:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
row() { grep -F "$1" out/documents.csv | tr -d '\r'; }

mkdir -p in/sub in/loop
art() { # art URL BODY [TITLE]: a layout B article
  printf '<!--1738000000000-->\n[%s](%s)\n------\n\n<div><p>%s</p></div>\n' "${3:-标题}" "$1" "$2"
}
: > in/empty.txt
printf 'abc\0def\0' > in/nul.txt
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01' > in/image.html
art https://www.dw.com/zh/a-1 '第一篇文章的正文。' > in/a1.txt
art https://www.dw.com/zh/a-1 '同一网址的另一份存档。' > in/a2-same-url.txt
art https://www.dw.com/zh/a-3 '第一篇文章的正文。' > in/a3-same-body.txt
{ art https://www.voachinese.com/a/x '坏字节'; printf '<p>\xff\xfe有\xc3问题</p>\n'; } > in/invalid-utf8.txt
art https://www.voachinese.com/a/gbk '国标编码的文章：深度求索发布了新模型。' | iconv -f UTF-8 -t GB18030 > in/gb18030.txt
art https://www.voachinese.com/a/big5 '繁體中文的文章：深度求索發佈了新模型。' '繁體標題' | iconv -f UTF-8 -t BIG5 > in/big5.txt
printf -- '---\ntitle: "未结束"\ndate: 2025-02-01T00:00:00Z\n<p>正文没有结束标记。</p>\n' > in/unterminated.md
printf '<!--1738000000000-->\n------\n<div><p>没有链接行的文章。</p></div>\n' > in/no-link.txt
truncate -s 200M in/huge.txt
ln -s .. in/loop/up
ln -s /nonexistent/target in/dangling.txt
printf 'x' > in/notes.docx
cp in/a1.txt in/sub/locked.txt && chmod 000 in/sub/locked.txt
mkdir -p in/closed && art https://x.example/c '看不见' > in/closed/c.txt && chmod 000 in/closed

# Run as an unprivileged user when root, so that permissions mean something.
run=("$YULIAO")
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ -z "${YL_SANITIZED:-}" ]; then
  chmod -R a+rX in 2>/dev/null; chmod 000 in/sub/locked.txt in/closed; chmod 777 "$YL_TMP"
  chmod a+rx "$(dirname "$YULIAO")" 2>/dev/null
  run=(setpriv --reuid=nobody --regid=nogroup --clear-groups "$YULIAO")
  unpriv=1
fi
rc=0
"${run[@]}" extract in in/a1.txt /does/not/exist -o out --no-bom 2>err || rc=$?
check "exit 0 with skips (got $rc)" test "$rc" = 0
check "no crash output" test -z "$(grep -i 'sanitizer\|segmentation\|abort' err)"

# Every file is accounted for: one row each (the loop and the path given twice add none).
want_rows=$(find in -type f -o -type l | grep -v '/loop/up$' | wc -l)
want_rows=$((want_rows + 1)) # /does/not/exist
got_rows=$(($(tr -d '\r' < out/documents.csv | wc -l) - 1))
check "one row per input ($got_rows vs $want_rows)" test "$got_rows" = "$want_rows"
check "every row has a status" test -z "$(tr -d '\r' < out/documents.csv | tail -n +2 | grep -v ',analysed,\|,skipped,\|,duplicate,')"

check "empty file skipped" grep -q 'empty.txt.*,skipped,.*empty' <<<"$(row empty.txt)"
check "NUL file skipped as binary" grep -q 'skipped,.*binary' <<<"$(row nul.txt)"
check "PNG skipped as binary" grep -q 'skipped,.*binary' <<<"$(row image.html)"
check "same URL is a duplicate of a1" grep -q 'duplicate,duplicate of in/a1.txt (same URL)' <<<"$(row a2-same-url.txt)"
check "same body is a duplicate of a1" grep -q 'duplicate,duplicate of in/a1.txt (same body text)' <<<"$(row a3-same-body.txt)"
check "a1 analysed once" test "$(grep -c 'in/a1.txt,' out/documents.csv)" = 1
check "invalid UTF-8 analysed and counted" grep -q 'analysed,.*invalid UTF-8' <<<"$(row invalid-utf8.txt)"
check "invalid UTF-8 warned" grep -q '^yuliao: in/invalid-utf8.txt: .*invalid UTF-8' err
check "U+FFFD in text" grep -q '坏字节.*�' out/texts.jsonl
check "GB18030 decoded" grep -q 'analysed,.*GB18030' <<<"$(row gb18030.txt)"
check "GB18030 text right" grep -q '国标编码的文章：深度求索发布了新模型。' out/texts.jsonl
check "Big5 decoded" grep -qi 'analysed,.*big5' <<<"$(row big5.txt)"
check "Big5 text right" grep -q '繁體中文的文章：深度求索發佈了新模型。' out/texts.jsonl
check "unterminated front matter read with a note" grep -q 'analysed,.*front matter' <<<"$(row unterminated.md)"
check "missing link line still analysed" grep -q 'analysed' <<<"$(row no-link.txt)"
check "200 MB file skipped as too large" grep -q 'skipped,.*too large' <<<"$(row huge.txt)"
check "dangling link skipped" grep -q 'skipped' <<<"$(row dangling.txt)"
check "unsupported extension skipped" grep -q 'skipped,.*unsupported' <<<"$(row notes.docx)"
check "missing path skipped" grep -q 'skipped,.*not found' <<<"$(row /does/not/exist)"
check "missing path reported" grep -q '^yuliao: /does/not/exist: not found' err
if [ -n "${unpriv:-}" ]; then
  check "unreadable file skipped" grep -q 'skipped,.*ermission' <<<"$(row locked.txt)"
  check "unreadable folder skipped" grep -q 'skipped,.*ermission' <<<"$(row in/closed)"
fi
check "stderr lines are 'yuliao: FILE: reason'" test -z "$(grep -v '^yuliao: ' err)"

# --strict turns skips into exit 1, with the same tables.
rc=0; "${run[@]}" extract in -o out2 --no-bom --strict -q 2>/dev/null || rc=$?
check "--strict exits 1 (got $rc)" test "$rc" = 1

# A full disk: the write fails, the exit is 5, the old tables stay whole, no temp left.
cp out/documents.csv old.csv
if [ -z "${YL_UNDER_VALGRIND:-}" ]; then
  rc=0
  LD_PRELOAD="$YL_FAILWRITE" YL_FAILWRITE_MATCH=documents.csv YL_FAILWRITE_AFTER=100 \
    "$YULIAO" extract in -o out --no-bom -q 2>err3 || rc=$?
  check "ENOSPC exits 5 (got $rc)" test "$rc" = 5
  check "ENOSPC reported" grep -q 'No space left on device' err3
  check "old documents.csv intact" cmp -s old.csv out/documents.csv
  check "no temporary file left" test -z "$(ls -A out | grep tmp)"
fi

# The main job on the same hostile folder: the same accounting, row for row.
rc=0
"${run[@]}" analyze in in/a1.txt /does/not/exist -o an --no-bom -q -j 2 2>anerr || rc=$?
check "analyze exit 0 with skips (got $rc)" test "$rc" = 0
check "analyze: no crash output" test -z "$(grep -i 'sanitizer\|segmentation\|abort' anerr)"
cut_status() { tr -d '\r' < "$1" | awk -F, 'NR > 1 { print $2 }' | sort | uniq -c; }
check "analyze lists every input" test "$(($(tr -d '\r' < an/documents.csv | wc -l) - 1))" = "$want_rows"
for st in analysed skipped duplicate; do
  check "analyze: same number $st as extract" \
    test "$(grep -c ",$st," an/documents.csv)" = "$(grep -c ",$st," out/documents.csv)"
done
check "analyze wrote every table" test -s an/frequency.csv -a -s an/keyness.csv -a -s an/cooccurrence.csv -a -s an/manifest.json
if [ -z "${YL_UNDER_VALGRIND:-}" ]; then
  cp an/frequency.csv old-freq.csv
  rc=0
  LD_PRELOAD="$YL_FAILWRITE" YL_FAILWRITE_MATCH=frequency.csv YL_FAILWRITE_AFTER=200 \
    "$YULIAO" analyze in -o an --no-bom -q 2>err4 || rc=$?
  check "analyze ENOSPC exits 5 (got $rc)" test "$rc" = 5
  check "analyze ENOSPC reported" grep -q 'No space left on device' err4
  check "old frequency.csv intact" cmp -s old-freq.csv an/frequency.csv
  check "analyze left no temporary file" test -z "$(ls -A an | grep tmp)"
fi

# A full disk while analyze writes with two workers: job 0's table, job 1's part file
# (appended to it later), and the co-occurrence table and its part, each in turn. Exit
# 5, the reason given, every table as it was, no temporary or part file left.
if [ -z "${YL_UNDER_VALGRIND:-}" ] && [ -d "${YL_SRC:-}/examples/corpus" ]; then
  "$YULIAO" analyze "$YL_SRC/examples/corpus" -o an2 --no-bom -q -j 2 ||
    check "analyze of the examples runs" false
  mkdir -p saved && cp an2/*.csv saved/
  for m in documents.csv .yl-documents.1 tfidf.csv .yl-tfidf.1 keywords.csv .yl-keywords.1 \
    cooccurrence.csv .yl-cooccurrence.1; do
    rc=0
    LD_PRELOAD="$YL_FAILWRITE" YL_FAILWRITE_MATCH="$m" YL_FAILWRITE_AFTER=100 \
      "$YULIAO" analyze "$YL_SRC/examples/corpus" -o an2 --no-bom -q -j 2 2>err5 || rc=$?
    check "ENOSPC on $m: exit 5 (got $rc)" test "$rc" = 5
    check "ENOSPC on $m reported" grep -q 'No space left on device' err5
    same=1
    for t in saved/*.csv; do cmp -s "$t" "an2/$(basename "$t")" || same=0; done
    check "ENOSPC on $m: every table as it was" test "$same" = 1
    check "ENOSPC on $m: no temporary or part file left" test -z "$({ ls -A an2; ls -A .; } | grep '^\.' | grep -v -x '.yuliao-lock')"
  done
fi

# a title of 40,000 characters: cut in documents.csv with its marker, and said (a
# warning line and manifest.json's cells_cut) by analyze and extract alike
mkdir -p long
art https://www.dw.com/zh/long "长标题的文章正文。" "$(python3 -c 'print("长" * 40000)')" > long/a.txt
"$YULIAO" analyze long -o long-an -q --no-bom 2> long-an.err
check "analyze: a long title cut, with its marker" grep -q '…\[cut by yuliao: 40000 characters in all\]' long-an/documents.csv
check "analyze: the cut said on stderr" grep -q 'documents.csv: 1 cell longer than a spreadsheet holds' long-an.err
check "analyze: the cut in the manifest" python3 -c 'import json, sys; sys.exit(json.load(open("long-an/manifest.json"))["cells_cut"]["documents.csv"] != 1)'
"$YULIAO" extract long -o long-ex -q --no-bom 2> long-ex.err
check "extract: the cut said on stderr" grep -q 'documents.csv: 1 cell longer than a spreadsheet holds' long-ex.err

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
