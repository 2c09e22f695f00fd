#!/usr/bin/env bash
# Metadata an attacker or an odd archiver can put in a file (issue #14), seen through
# documents.csv: escapes in front matter values, archive stamps, dates.
set -uo pipefail
: "${YULIAO:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
row() { grep -F "$1" out/documents.csv | tr -d '\r'; }

mkdir -p in
# a surrogate pair is one character; \u0000 is U+FFFD and does not cut the title short
printf -- '---\ntitle: "A\\uD83D\\uDE00B\\u0000C"\ndate: 2025-02-12T20:00:33.000Z\n---\n<p>正文内容。</p>\n' > in/escapes.md
# an archive stamp that is no save time: not used, noted, and the link line still read
for s in 99999999999999999 1; do
  printf '<!--%s-->\n[标题%s](https://www.dw.com/zh/a-%s)\n------\n\n<div><p>正文%s。</p></div>\n' \
    "$s" "$s" "$s" "$s" > "in/stamp-$s.txt"
done
# a date a zone offset pushes past 9999: refused with a note, the stamp stands in
printf -- '---\ntitle: "年份"\ndate: 9999-12-31T23:30:00-01:00\n---\n<!--1738000000000-->\n<p>正文。</p>\n' > in/year.md

"$YULIAO" extract in -o out --no-bom -q 2>err || { cat err; exit 1; }
check "surrogate pair and \\u0000 in the title" grep -q ",A😀B�C," <<<"$(row escapes.md)"
for s in 99999999999999999 1; do
  r=$(row "stamp-$s.txt")
  check "stamp $s: title, url, layout B" grep -q ",标题$s,,,,,https://www.dw.com/zh/a-$s,B,title url outlet," <<<"$r"
  check "stamp $s: noted" grep -q ",archive stamp not a time from 1990 to 2099: not used," <<<"$r"
done
r=$(row year.md)
check "year 10000: the stamp is the publication time" grep -q ",2025-01-27T17:46:40Z,stamp,2025-01-27T17:46:40Z," <<<"$r"
check "year 10000: noted" grep -q ",front matter date outside the years 0000-9999: 9999-12-31T23:30:00-01:00," <<<"$r"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
