#!/usr/bin/env bash
# count + merge (docs/scaling.md) give the tables of one analyze, byte for byte but for
# manifest.json: for any split of the files (one shard, one a file, round robin,
# contiguous), any -j of count and merge, a merge tree (--shard-out), with duplicates
# that lie in different shards and a skipped file; and merge refuses a shard that is
# corrupt, truncated, not a shard or missing (exit 4), shards that do not go together
# (other options, the same file twice: exit 2), leaving the output folder as it was.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
fail=0
D=(-q --dict-dir "$YL_SRC/dict")
# the sample corpus, one article again under another name in another folder (a copy
# that lands in another shard) and a file analyze skips
mkdir -p c/zz-again && cp -r "$YL_SRC/examples/corpus/." c/ || exit 2
first=$(find c -name '*.md' | sort | head -1)
cp "$first" c/zz-again/zz-copy.md && printf 'x' > c/zz-again/notes.bin
O=(--kwic 芯片,模型 --period month --frames "$YL_SRC/examples/frames-deepseek.tsv"
   --collocations --dtm --user-dict "$YL_SRC/examples/userdict-deepseek.txt"
   --aliases "$YL_SRC/examples/aliases-deepseek.tsv")
"$YULIAO" analyze c -o a "${D[@]}" "${O[@]}" || { echo "FAIL: analyze"; exit 1; }
grep -q ',duplicate,' a/documents.csv || { echo "FAIL: the fixture has no duplicate"; fail=1; }
grep -q 'notes.bin' a/documents.csv || { echo "FAIL: the skipped file is not listed"; fail=1; }

same() { # same NAME DIR: DIR's tables are analyze's
  local bad=0
  [ "$(cd a && ls | grep -v manifest.json)" = "$(cd "$2" && ls | grep -v manifest.json)" ] || bad=1
  for f in $(cd a && ls | grep -v manifest.json); do cmp -s "a/$f" "$2/$f" || { echo "  $f differs"; bad=1; }; done
  [ -f "$2/manifest.json" ] || bad=1
  if [ $bad = 1 ]; then echo "FAIL: $1: the tables differ from analyze's"; fail=1; fi
}

"$YULIAO" count --list-files c > list || { echo "FAIL: --list-files"; fail=1; }
[ "$(wc -l < list)" = "$(($(wc -l < a/documents.csv) - 1))" ] ||
  { echo "FAIL: --list-files lists $(wc -l < list) files, documents.csv has other rows"; fail=1; }
n=$(wc -l < list)

# one shard of everything, counted with -j 1
"$YULIAO" count c -o all.shard -j 1 "${D[@]}" "${O[@]}" || { echo "FAIL: count"; fail=1; }
"$YULIAO" merge all.shard -o m1 -q || { echo "FAIL: merge of one shard"; fail=1; }
same "one shard" m1
# under valgrind (every run ~20× slower) the many-shard splits are left to the plain run
if [ -z "${YL_UNDER_VALGRIND:-}" ]; then
# round robin in 3 (count -j 2, list on standard input), merged with -j 1
split -n r/3 -d list rr.
for p in rr.0*; do
  "$YULIAO" count --files-from - -o "$p.shard" -j 2 "${D[@]}" "${O[@]}" < "$p" || { echo "FAIL: count $p"; fail=1; }
done
"$YULIAO" merge rr.0*.shard -o m3 -q -j 1 || { echo "FAIL: merge of 3"; fail=1; }
same "3 shards, round robin" m3
# one shard a file, in reverse order on the command line
i=0; shards=()
while IFS= read -r f; do
  i=$((i + 1)); "$YULIAO" count "$f" -o "f$i.shard" "${D[@]}" "${O[@]}" || { echo "FAIL: count $f"; fail=1; }
  shards=("f$i.shard" "${shards[@]}")
done < list
"$YULIAO" merge "${shards[@]}" -o mn -q || { echo "FAIL: merge of $n"; fail=1; }
same "$n shards, one a file" mn
fi
# contiguous halves (the copy and its original apart), merged as a tree
head -n $((n / 2)) list > h1; tail -n +$((n / 2 + 1)) list > h2
grep -q zz-copy h2 && grep -q "$first" h1 || { echo "FAIL: the copies should lie in different halves"; fail=1; }
"$YULIAO" count --files-from h1 -o h1.shard "${D[@]}" "${O[@]}" &&
  "$YULIAO" count --files-from h2 -o h2.shard "${D[@]}" "${O[@]}" || { echo "FAIL: count halves"; fail=1; }
"$YULIAO" merge h2.shard all.shard --shard-out t1.shard -q 2>/dev/null &&
  { echo "FAIL: a file in two shards was merged"; fail=1; }
"$YULIAO" merge h1.shard --shard-out t1.shard -q && "$YULIAO" merge t1.shard h2.shard --shard-out t2.shard -q &&
  "$YULIAO" merge t2.shard -o mt -q || { echo "FAIL: merge tree"; fail=1; }
same "merge tree" mt

# a file name with a line break: refused by a line list, kept whole by -0; --strict
# and --newwords as analyze has them
mkdir -p nl/n && cp "$first" nl/n/ && cp "$first" "nl/n/a
b.md" && printf 'x' > nl/n/z.bin
"$YULIAO" count --list-files nl/n > nl/l 2>/dev/null; [ $? = 2 ] || { echo "FAIL: a line list of a name with a line break"; fail=1; }
"$YULIAO" count --list-files -0 nl/n > nl/l0 && "$YULIAO" count -0 --files-from nl/l0 -o nl/s.shard --strict "${D[@]}"
[ $? = 1 ] || { echo "FAIL: count --strict with a skipped file does not exit 1"; fail=1; }
"$YULIAO" analyze nl/n -o nl/a --strict "${D[@]}"; [ $? = 1 ] || { echo "FAIL: analyze --strict"; fail=1; }
"$YULIAO" merge nl/s.shard -o nl/m -q; [ $? = 1 ] || { echo "FAIL: merge of --strict shards with a skipped file does not exit 1"; fail=1; }
(cd nl && for f in $(cd a && ls | grep -v manifest.json); do cmp -s "a/$f" "m/$f" || echo "FAIL: -0: $f differs"; done) | grep . && fail=1
"$YULIAO" newwords c -o nw "${D[@]}" && "$YULIAO" count c -o nw.shard --newwords nw/newwords.csv "${D[@]}" &&
  "$YULIAO" merge nw.shard -o nwm -q && cmp -s nw/newwords.csv nwm/newwords.csv ||
  { echo "FAIL: a shard counted with --newwords"; fail=1; }

# refusals: the output folder keeps the tables it had
expect() { # expect CODE WHAT ARGS...: merge exits CODE, one line naming the shard
  local code=$1 what=$2; shift 2
  "$YULIAO" merge "$@" -o m1 -q 2> err.txt; local rc=$?
  [ $rc = "$code" ] || { echo "FAIL: $what: exit $rc, not $code ($(cat err.txt))"; fail=1; }
  [ "$(wc -l < err.txt)" = 1 ] || { echo "FAIL: $what: not one line: $(cat err.txt)"; fail=1; }
}
size=$(stat -c %s h1.shard)
cp h1.shard flip.shard && printf '\x5a' | dd of=flip.shard bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
head -c $((size - 5)) h1.shard > cut.shard
echo "not a shard" > text.shard
"$YULIAO" count --files-from h2 -o other.shard "${D[@]}" --min-length 1 || fail=1
expect 4 "a changed byte" flip.shard h2.shard
expect 4 "a truncated shard" cut.shard h2.shard
expect 4 "a text file" text.shard
expect 4 "a missing shard" nowhere.shard
expect 2 "other options" h1.shard other.shard
expect 2 "the same file twice" h1.shard h1.shard
grep -q "flip.shard" <("$YULIAO" merge flip.shard -o m1 -q 2>&1) || { echo "FAIL: the message does not name the shard"; fail=1; }
same "after the refusals" m1
"$YULIAO" merge h1.shard -o x --shard-out y.shard -q 2>/dev/null; [ $? = 2 ] || { echo "FAIL: -o and --shard-out together"; fail=1; }
"$YULIAO" merge h1.shard -q 2>/dev/null; [ $? = 2 ] || { echo "FAIL: no output"; fail=1; }
"$YULIAO" count c -q 2>/dev/null; [ $? = 2 ] || { echo "FAIL: count without -o"; fail=1; }
[ -e y.shard ] && { echo "FAIL: a refused merge wrote a shard"; fail=1; }
ls -a | grep -q '\.tmp\.' && { echo "FAIL: a temporary file was left"; fail=1; }
exit $fail
