# The output folder is one set of tables (yuliao/outdir.h, README "Output folders"):
# a run locks it, writes into a staging folder beside it and replaces the whole set in
# one rename. Checked here in a bounded form (fixed delays, seconds in all): a held
# lock, a folder with a user's file, a stale table of an earlier extract, two runs at
# once, SIGKILL at fixed moments, a file-size limit (SIGXFSZ) and a closed pipe with
# SIGPIPE ignored. After each: the folder holds the old set or the new set whole, and
# no file of ours is left once the next run has started.
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 1
pass=0 fail=0
check() {
  local what=$1
  shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $what"; fail=$((fail + 1)); fi
}
A=(--no-bom -q --dict-dir "$YL_SRC/dict")
E="$YL_SRC/examples/corpus"
TABLES="documents.csv frequency.csv frequency_wide.csv tfidf.csv keywords.csv cooccurrence.csv keyness.csv similarity.csv"
# same_set DIR REF: every table of REF, byte for byte, and no other table
same_set() {
  local t
  for t in $TABLES; do cmp -s "$1/$t" "$2/$t" || return 1; done
  [ "$(ls "$1" | sort | tr '\n' ' ')" = "$(ls "$2" | sort | tr '\n' ' ')" ] || return 1
  grep -q "\"inputs\": \[\"$(sed -n 's/.*"inputs": \["\([^"]*\)".*/\1/p' "$2/manifest.json")\"\]" "$1/manifest.json"
}
# no_stray: only the lock among hidden files, no staging folder beside OUT
no_stray() { [ -z "$(ls -A "$1" | grep '^\.' | grep -v -x '.yuliao-lock')" ] && [ -z "$(ls -A . | grep -e '\.yl-new-')" ]; }

"$YULIAO" analyze "$E/dw" -o ref-dw "${A[@]}" || check "reference run (dw)" false
"$YULIAO" analyze "$E/voa" -o ref-voa "${A[@]}" || check "reference run (voa)" false

# a held lock: exit 5 at once, the folder as it was
cp -r ref-dw out
rc=0
flock -n out/.yuliao-lock sh -c "\"$YULIAO\" analyze \"$E/voa\" -o out ${A[*]} 2>err; echo \$? >rc" || rc=1
check "a locked folder: exit 5 (got $(cat rc 2>/dev/null))" test "$(cat rc 2>/dev/null)" = 5
check "a locked folder: the message says so" grep -q 'in use by another yuliao run' err
check "a locked folder keeps its set" same_set out ref-dw

# a file the user put there: refused, untouched
echo "my notes" >out/notes.txt
rc=0; "$YULIAO" analyze "$E/voa" -o out "${A[@]}" 2>err || rc=$?
check "a folder with a user's file: exit 5 (got $rc)" test "$rc" = 5
check "the message names the file" grep -q "holds 'notes.txt'" err
check "the user's file is untouched" grep -qx "my notes" out/notes.txt
rm out/notes.txt

# an extract's texts.jsonl does not stay beside analyze's documents.csv
"$YULIAO" extract "$E/voa" -o out2 "${A[@]}" || check "extract runs" false
"$YULIAO" analyze "$E/voa" -o out2 "${A[@]}" || check "analyze after extract runs" false
check "analyze after extract: no stale texts.jsonl" test ! -e out2/texts.jsonl
check "analyze after extract: the analyze set" same_set out2 ref-voa

# two runs at once, six times: each ends with exit 0 or 5 (in use); the folder then
# holds one run's set whole
for i in 1 2 3 4 5 6; do
  rm -rf c
  "$YULIAO" analyze "$E/dw" -o c "${A[@]}" -j 1 2>cerr1 & p1=$!
  "$YULIAO" analyze "$E/voa" -o c "${A[@]}" -j 1 2>cerr2 & p2=$!
  r1=0; r2=0; wait $p1 || r1=$?; wait $p2 || r2=$?
  ok=0
  { same_set c ref-dw || same_set c ref-voa; } && ok=1
  [ "$ok$r1$r2" = 100 ] || [ "$ok$r1$r2" = 105 ] || [ "$ok$r1$r2" = 150 ] ||
    { echo "trial $i: exits $r1 $r2, whole set $ok:"; cat cerr1 cerr2; ls -A . c; }
  check "two runs at once ($i): exits $r1 $r2, one whole set ($ok)" \
    sh -c "[ $ok = 1 ] && { [ $r1 = 0 ] || [ $r1 = 5 ]; } && { [ $r2 = 0 ] || [ $r2 = 5 ]; }"
  check "two runs at once ($i): no stray file" no_stray c
done

# SIGKILL at fixed moments of a longer run (the examples 40 times over): old or new
mkdir -p big
for k in $(seq 1 40); do cp -r "$E" "big/c$k"; done
"$YULIAO" analyze big -o ref-big "${A[@]}" -j 2 || check "reference run (big)" false
rm -rf k && cp -r ref-dw k
for d in 0.02 0.1 0.2 0.35 0.5 0.8; do
  "$YULIAO" analyze big -o k "${A[@]}" -j 2 & p=$!
  sleep "$d"
  kill -KILL $p 2>/dev/null
  wait $p 2>/dev/null
  ok=0
  { same_set k ref-dw || same_set k ref-big; } && ok=1
  check "SIGKILL after $d s: the old set or the new one" test "$ok" = 1
  [ "$ok" = 1 ] || ls -A . k
  # the next run (to the old set again) removes what the killed one left
  "$YULIAO" analyze "$E/dw" -o k "${A[@]}" || check "the run after SIGKILL" false
  check "SIGKILL after $d s: no stray file after the next run" no_stray k
  check "SIGKILL after $d s: the next run's set" same_set k ref-dw
done

# a file-size limit: exit 5 with the reason, never a death by SIGXFSZ (153)
rm -rf f && cp -r ref-dw f
rc=0; (ulimit -f 8; "$YULIAO" analyze "$E/voa" -o f "${A[@]}" 2>err) || rc=$?
check "ulimit -f: exit 5 (got $rc)" test "$rc" = 5
check "ulimit -f: the reason" grep -q 'File too large' err
check "ulimit -f: the old set" same_set f ref-dw
check "ulimit -f: no stray file" no_stray f

# a memory limit (ulimit -v): out of memory is exit 6 with that reason, never exit 4
# ("dictionary missing or corrupt") and never a torn set; the sanitizers and valgrind
# reserve more address space than any such limit, so they skip it
if [ -z "${YL_SANITIZED:-}" ] && [ -z "${YL_UNDER_VALGRIND:-}" ]; then
  for mb in 45 50 55 60 70 80 100; do
    rm -rf v && cp -r ref-dw v
    rc=0; (ulimit -v $((mb * 1024)); "$YULIAO" analyze "$E/voa" -o v "${A[@]}" 2>err) || rc=$?
    [ "$rc" = 127 ] && continue # the loader itself could not map a library
    check "ulimit -v ${mb} MB: exit 0 or 6 (got $rc)" test "$rc" = 0 -o "$rc" = 6
    [ "$rc" = 6 ] && check "ulimit -v ${mb} MB: the reason" grep -q 'out of memory' err
    [ "$rc" = 6 ] && check "ulimit -v ${mb} MB: the old set" same_set v ref-dw
    check "ulimit -v ${mb} MB: no stray file" no_stray v
  done
  rc=0; (ulimit -v 50000; printf '深度求索\n' | "$YULIAO" segment --dict-dir "$YL_SRC/dict" >/dev/null 2>err) || rc=$?
  [ "$rc" = 127 ] || check "segment under ulimit -v 50 MB: exit 0 or 6 (got $rc)" test "$rc" = 0 -o "$rc" = 6
fi

# a closed pipe with SIGPIPE ignored (as many shells and CI runners start programs):
# segment of an endless input stops with exit 5 (it ran forever before)
rc=$( (trap '' PIPE; yes "深度求索发布了新的模型，引发市场关注。" |
  timeout 60 "$YULIAO" segment 2>perr | head -1 >/dev/null; echo "${PIPESTATUS[1]}") )
check "segment into a closed pipe: exit 5 (got $rc)" test "$rc" = 5

# FIFOs where data files are expected are refused at once (exit 4), never waited on
rm -f ud.fifo && mkfifo ud.fifo
rc=0; timeout 20 "$YULIAO" analyze "$E/voa" -o fo "${A[@]}" --user-dict ud.fifo 2>err || rc=$?
check "a FIFO as --user-dict: exit 4 (got $rc)" test "$rc" = 4
check "a FIFO as --user-dict: named" grep -q 'ud.fifo: cannot load user dictionary: not a regular file' err
cp -r "$YL_SRC/dict" dd && rm -f dd/jieba/jieba.ydict && mkfifo dd/stopwords/zz.txt
rc=0; timeout 20 "$YULIAO" analyze "$E/voa" -o fo --no-bom -q --dict-dir dd 2>err || rc=$?
check "a FIFO among the stop lists: exit 4 (got $rc)" test "$rc" = 4
check "a FIFO among the stop lists: named" grep -q 'zz.txt: cannot load stop words: not a regular file' err

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
