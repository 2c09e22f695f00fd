#!/usr/bin/env bash
# e2e: scripts/gen-archive writes an archive shaped like a real one (the benchmark's
# input): many outlets of unequal sizes, every layout, dates over more than a year, a
# share of Traditional text, re-archived copies, and a vocabulary that grows with the
# corpus; yuliao reads every file of it. No timing is asserted.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
if [ -n "${YL_UNDER_VALGRIND:-}" ] || [ -n "${YL_SANITIZED:-}" ]; then
  echo "1 passed, 0 failed (the generator is checked in the normal build only)"
  exit 0
fi
command -v opencc >/dev/null || { echo "FAIL: opencc is missing (scripts/test installs it)"; exit 1; }
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
python3 "$YL_SRC/scripts/gen-archive" arc --mb 4 2>gen.err
check "gen-archive runs ($(tail -1 gen.err))" test $? = 0
n=$(find arc -type f | wc -l)
check "about 5 KB a file ($n files for 4 MB)" test "$n" -ge 500 -a "$n" -le 2000
outlets=$(find arc/part-00 -mindepth 1 -maxdepth 1 -type d | wc -l)
check "at least 20 outlets ($outlets)" test "$outlets" -ge 20
# Zipf sizes: the largest outlet has many times the files of the smallest.
read -r big small < <(for d in arc/part-00/*/; do find "$d" -type f | wc -l; done | sort -n | awk 'NR == 1 { s = $1 } { b = $1 } END { print b, s }')
check "outlet sizes differ widely ($big vs $small files)" test "$big" -ge $((5 * small))
for kind in 'front matter:^---$' 'stamp and link line:^<!--[0-9]*-->$' 'HTML page:^<!DOCTYPE html>'; do
  check "layout: ${kind%%:*}" test -n "$(grep -rl -m1 -e "${kind#*:}" arc | head -1)"
done
check "plain text files" test -n "$(find arc -name '*.txt' -exec grep -L -e '<!--' {} + | head -1)"
months=$(find arc -mindepth 3 -maxdepth 3 -type d | sed 's#.*/##' | sort -u | wc -l)
check "dates over at least 12 months ($months)" test "$months" -ge 12
trad=$(grep -rl -e '這' -e '們' -e '說' -e '國' arc | wc -l)
check "a share of Traditional documents ($trad of $n)" test "$trad" -ge $((n / 10)) -a "$trad" -le $((n / 2))
check "re-archived copies" test -n "$(find arc -name '*-again.*' | head -1)"
"$YULIAO" analyze arc -o out -q -j 2 >an.out 2>an.err
check "analyze reads it (exit $?)" test -s out/manifest.json
python3 - out/manifest.json "$n" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
f = m["files"]
ok = f["seen"] == int(sys.argv[2]) and f["skipped"] == 0 and f["duplicates"] > 0 and m["vocabulary"] > 20000
print("files %s, vocabulary %s" % (f, m["vocabulary"]))
sys.exit(0 if ok else 1)
PY
check "every file read, none skipped, duplicates found, a large vocabulary" test $? = 0
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
