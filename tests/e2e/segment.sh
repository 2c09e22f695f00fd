#!/usr/bin/env bash
# yuliao segment end to end: golden output of python3-jieba 0.42.1 (HMM on/off, with a
# user dictionary), line handling, options, user-dictionary reports, damaged data.
set -u
G="$YL_SRC/tests/golden/segment"
F="$YL_SRC/tests/fixtures/seg"
mkdir -p "$YL_TMP"
fail=0
check() { # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}

check "golden hmm" cmp <("$YULIAO" segment "$G/input.txt") "$G/expected-hmm.txt"
check "golden no-hmm" cmp <("$YULIAO" segment --no-hmm "$G/input.txt") "$G/expected-nohmm.txt"
check "golden stdin" cmp <("$YULIAO" segment < "$G/input.txt") "$G/expected-hmm.txt"
check "golden user hmm" cmp <("$YULIAO" segment --user-dict "$G/user.txt" "$G/input.txt" 2>/dev/null) \
  "$G/expected-user-hmm.txt"
check "golden user no-hmm" cmp <("$YULIAO" segment --no-hmm --user-dict "$G/user.txt" "$G/input.txt" 2>/dev/null) \
  "$G/expected-user-nohmm.txt"

# --help: an option too wide for the column has its text on the next line, never one
# space after it (#14: "--script simplified|keep Traditional …" read as one), and only
# a command with --strict lists exit code 1
help_apart() { # each option line has two blanks before column 31's text, or is the option
  # alone with its text on the next line (31 blanks first)
  "$YULIAO" "$1" --help | awk 'alone != "" && !(substr($0, 1, 31) ~ /^ +$/ && substr($0, 32, 1) != " ") { bad = 1; print alone }
    { alone = "" }
    /^ +-/ && length($0) > 30 && substr($0, 30, 2) != "  " { alone = $0 }
    END { exit bad || alone != "" }'
}
for c in analyze extract segment; do check "$c --help lines apart" help_apart "$c"; done
check "segment --help: no exit 1" bash -c '! "$YULIAO" segment --help | grep -q "^  1 "'
check "segment --help: exit 6" bash -c '"$YULIAO" segment --help | grep -q "^  6 "'
check "analyze --help: exit 1" bash -c '"$YULIAO" analyze --help | grep -q "^  1  --strict"'
check "extract --help: exit 1" bash -c '"$YULIAO" extract --help | grep -q "^  1  --strict"'

# one output line per input line; empty input gives nothing; a last line without
# newline still gets one; CR LF and trailing CRs are removed (rstrip('\r\n')).
check "empty input" cmp <(printf '' | "$YULIAO" segment) /dev/null
check "empty lines" cmp <(printf '\n\n' | "$YULIAO" segment) <(printf '\n\n')
check "no final newline" cmp <(printf '我爱北京' | "$YULIAO" segment) <(printf '我 / 爱 / 北京\n')
check "crlf" cmp <(printf '我爱北京\r\n天安门\r\r\n' | "$YULIAO" segment) <(printf '我 / 爱 / 北京\n天安门\n')
check "delimiter" cmp <(printf '我爱北京天安门\n' | "$YULIAO" segment -d '|') <(printf '我|爱|北京|天安门\n')
check "two files" cmp <("$YULIAO" segment "$G/user.txt" "$G/user.txt") \
  <("$YULIAO" segment "$G/user.txt"; "$YULIAO" segment "$G/user.txt")

# user dictionary: counts and rejected lines on stderr; words with spaces; deletion
"$YULIAO" segment --user-dict "$F/user-edge.txt" < /dev/null 2> "$YL_TMP/err.txt"
check "user report" grep -q 'user-edge.txt: 5 entries loaded, 2 rejected' "$YL_TMP/err.txt"
check "user reject line" grep -q 'user-edge.txt:7: entry rejected: not valid UTF-8' "$YL_TMP/err.txt"
check "user reject freq" grep -q 'user-edge.txt:8: entry rejected: frequency too large' "$YL_TMP/err.txt"
check "word with space" cmp <(printf '他去纽 约了\n' | "$YULIAO" segment --user-dict "$F/user-edge.txt" 2>/dev/null) \
  <(printf '他 / 去 / 纽 约 / 了\n')
check "del-word" cmp <(printf '我爱北京天安门\n' | "$YULIAO" segment --no-hmm --del-word 天安门) \
  <(printf '我 / 爱 / 北京 / 天安 / 门\n')
"$YULIAO" segment --user-dict "$YL_TMP/none.txt" < /dev/null 2> /dev/null
check "missing user dict exits 4" test $? -eq 4

# invalid UTF-8 never crashes and keeps every byte
printf '\xff\xe4\xb8\xad\xe6\x96\x87\xc0\n' > "$YL_TMP/bad.txt"
check "invalid utf-8" cmp <("$YULIAO" segment "$YL_TMP/bad.txt") <(printf '\xff / 中文 / \xc0\n')

# a damaged compiled dictionary is detected, and the text sources are used instead
D="$YL_TMP/data"
rm -rf "$D" && mkdir -p "$D/jieba"
cp "$YL_SRC/dict/outlets.tsv" "$D/" && cp "$YL_SRC/dict/jieba/dict.txt" "$YL_SRC/dict/jieba/hmm.tsv" "$D/jieba/"
head -c 4096 /dev/urandom > "$D/jieba/jieba.ydict"
check "corrupt ydict still segments" cmp <(printf '我爱北京天安门\n' | "$YULIAO" segment --dict-dir "$D" 2> "$YL_TMP/err2.txt") \
  <(printf '我 / 爱 / 北京 / 天安门\n')
check "corrupt ydict reported" grep -q 'bad magic\|truncated' "$YL_TMP/err2.txt"
# one flipped bit in the payload (past the header and its small tables) is found at
# every load, not only by a verify: the text sources are used instead, with a note
cp "$YL_BUILD/dict/jieba/jieba.ydict" "$D/jieba/jieba.ydict"
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)' "$D/jieba/jieba.ydict"
check "flipped payload bit: same cuts" cmp <(printf '我爱北京天安门\n' | "$YULIAO" segment --dict-dir "$D" 2> "$YL_TMP/err3.txt") \
  <(printf '我 / 爱 / 北京 / 天安门\n')
check "flipped payload bit: reported" grep -q 'jieba.ydict: compiled dictionary is corrupt (checksum mismatch)' "$YL_TMP/err3.txt"
rm -f "$D/jieba/dict.txt"
printf 'x\n' | "$YULIAO" segment --dict-dir "$D" > /dev/null 2>&1
check "no usable dictionary exits 4" test $? -eq 4
# a folder among the files is reported and skipped; the files after it are segmented
mkdir -p "$YL_TMP/adir"
printf '我爱北京天安门\n' >"$YL_TMP/good.txt"
"$YULIAO" segment "$YL_TMP/adir" "$YL_TMP/good.txt" >"$YL_TMP/dir.out" 2>"$YL_TMP/dir.err"
check "a folder argument: exit 0" test $? -eq 0
check "a folder argument: the next file segmented" cmp "$YL_TMP/dir.out" <(printf '我 / 爱 / 北京 / 天安门\n')
check "a folder argument: reported" grep -q 'adir: is a folder (skipped)' "$YL_TMP/dir.err"
exit $fail
