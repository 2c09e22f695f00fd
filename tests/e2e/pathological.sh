#!/usr/bin/env bash
# Pathological inputs (after cmark's pathological_tests.py): each case must finish
# under a generous time limit with the expected exit code; quadratic behaviour shows
# up as a timeout. Sizes are chosen so that linear code takes well under a second.
set -euo pipefail
: "${YULIAO:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in"
pass=0 fail=0
limit=${YL_PATHO_LIMIT:-60}
[ -n "${YL_UNDER_VALGRIND:-}" ] && limit=600

check() { # name expected-exit command...
  local name=$1 want=$2 rc=0
  shift 2
  timeout "$limit" "$@" >"$YL_TMP/$name.out" 2>"$YL_TMP/$name.err" || rc=$?
  if [ "$rc" = "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $rc, want $want (124 = timed out after ${limit}s)"
    head -c 600 "$YL_TMP/$name.err"
  fi
}

gen() { /usr/bin/env python3 -c "$1" > "$2"; }
d=$YL_TMP/in
# HTML nested 100,000 levels deep (libxml2's depth limit must stop it, not the stack)
gen 'print("<!--1738000000000-->\n[t](https://www.dw.com/zh/a-1)\n------\n" + "<div>"*100000 + "深" + "</div>"*100000)' "$d/deep-div.txt"
gen 'print("<html><body>" + "<b><i>"*50000 + "文字" + "</i></b>"*50000 + "</body></html>")' "$d/deep-inline.html"
# 1 MB on one line, 100 KB of one Han character, unclosed tags, entity storms
gen 'print("中文DeepSeek测试，" * 60000)' "$d/long-line.txt"
gen 'print("的" * 100000)' "$d/one-char.txt"
gen 'print("<p>" * 200000)' "$d/unclosed-p.html"
gen 'print("<p>" + "&amp;&lt;&#x4E2D;&#20013;" * 100000 + "</p>")' "$d/entities.html"
gen 'print("<!DOCTYPE x [<!ENTITY a \"" + "b"*1000 + "\"><!ENTITY c \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><html><body><p>&c;&c;&c;</p></body></html>")' "$d/entity-expansion.html"
gen 'print("---\n" + "title: x\n" * 100000)' "$d/unterminated-fm.md"
gen 'print("[" * 300000 + "](" * 300000)' "$d/brackets.md"
gen 'print("<" * 500000)' "$d/angles.html"
# one <p> with a million attributes (12 MB): libxml2 checks each against all before it
gen 'print("<html><body><p " + " ".join("a%d=x" % i for i in range(1000000)) + ">文字</p></body></html>")' "$d/attr-bomb.html"

check extract 0 "$YULIAO" extract "$d" -o "$YL_TMP/out" --no-bom
rows=$(($(wc -l < "$YL_TMP/out/documents.csv") - 1))
if [ "$rows" = "$(ls "$d" | wc -l)" ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL accounting: $rows rows for $(ls "$d" | wc -l) files"; fi

# The segmenter on the long lines directly
check seg-long-line 0 "$YULIAO" segment "$d/long-line.txt"
check seg-one-char 0 "$YULIAO" segment "$d/one-char.txt"
check seg-no-hmm 0 "$YULIAO" segment --no-hmm "$d/long-line.txt"
gen 'print("x" * 2000000)' "$d/latin-run.txt"
check seg-latin-run 0 "$YULIAO" segment "$d/latin-run.txt"
gen 'print("😀" * 300000)' "$d/emoji.txt"
check seg-emoji 0 "$YULIAO" segment "$d/emoji.txt"

# user words with spaces and punctuation, 100,000 of them, and a line of 20,000 matches
python3 - "$d" <<'PY'
import random, sys
random.seed(7)
han = lambda: "".join(chr(0x4E00 + random.randrange(3000)) for _ in range(2))
words = sorted({han() + random.choice([" ", "，", "-", "·"]) + han() for _ in range(100000)})
open(sys.argv[1] + "/user-words.txt", "w", encoding="utf-8").write("".join(w + " 5\n" for w in words))
open(sys.argv[1] + "/user-line.txt", "w", encoding="utf-8").write("".join(random.choice(words) for _ in range(20000)) + "\n")
PY
check seg-user-words 0 "$YULIAO" segment --user-dict "$d/user-words.txt" "$d/user-line.txt"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
