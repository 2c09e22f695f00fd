#!/usr/bin/env bash
# e2e: scripts/analyze-parallel (yuliao count per shard through GNU parallel, then
# yuliao merge) writes the tables of one `yuliao analyze`, byte for byte (every file but
# manifest.json, report.html included): here with no hosts, with `-S :`, and on two
# "hosts" reached through a fake ssh (a script that runs the command with bash in the
# host's own folder, as sshd would in its home), so that the shards' files really travel
# there and the shards back (--transferfile/--return/--cleanup, rsync over that ssh)
# and nothing is left on the hosts; with other shard counts, a merge tree (--fanin, and
# merge --shard-out by hand on the kept shards), --sshloginfile and option files
# (--user-dict, --aliases, --frames) sent along; on the sample corpus with a copy that
# lands in another shard and a skipped file, then on a 10 MB archive of
# scripts/gen-archive (~2,000 files). It refuses what cannot work (absolute paths for
# remote hosts, ':' among remote hosts, a name with a line break) with exit 2, passes on
# the exit code of a count that failed, naming the shard and host, and leaves the
# output folder as it was and no temporary file behind.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
for t in parallel rsync tar; do
  command -v $t >/dev/null || { echo "SKIPPED: $t is missing (scripts/test installs it: apt-get install parallel rsync)"; exit 77; }
done
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/tmp" && cd "$YL_TMP" || exit 2
# the driver's temporary folders go here, so that the test sees they are removed
export TMPDIR=$YL_TMP/tmp
P=$YL_SRC/scripts/analyze-parallel
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
tables() { find "$1" -maxdepth 1 -type f ! -name manifest.json -printf '%f\n' 2>/dev/null | LC_ALL=C sort; }
same() { # same REF DIR: DIR holds REF's tables, byte for byte, and a manifest
  local f bad=0 want
  want=$(tables "$1")
  [ -n "$want" ] && [ "$want" = "$(tables "$2")" ] || { echo "  $2 holds: $(tables "$2" | tr '\n' ' ')"; bad=1; }
  for f in $want; do cmp -s "$1/$f" "$2/$f" || { echo "  $2/$f differs from $1/$f"; bad=1; }; done
  [ -f "$2/manifest.json" ] || bad=1
  return $bad
}
# The fake ssh: parallel runs `ssh [OPTIONS] HOST COMMAND` and rsync `ssh HOST rsync
# --server …`; both run COMMAND in hosts/HOST. Its folder is written in, not taken from
# the environment: parallel asks a host for its CPU count with an emptied environment.
mkdir -p hosts
cat >fake-ssh <<EOF
#!/usr/bin/env bash
set -euo pipefail
while [ \$# -gt 0 ]; do
  case "\$1" in
    -[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
    --) shift; break ;;
    -*) shift ;;
    *) break ;;
  esac
done
host=\$1
shift
[ "\${1:-}" != -- ] || shift
mkdir -p "$PWD/hosts/\$host"
printf '%s\t%s\n' "\$host" "\$*" >>"$PWD/ssh.log"
cd "$PWD/hosts/\$host"
# no SHELL, as a container's exec gives (sshd would set it): the driver must not need it
HOME=$PWD/hosts/\$host exec env -u SHELL bash -c "\$*"
EOF
chmod +x fake-ssh
R=(--ssh "$PWD/fake-ssh" --remote-yuliao "$YULIAO")
left_on_hosts() { find hosts -type f | head -3; }

# the sample corpus, an article again in another folder (a duplicate in another shard)
# and a file analyze skips; option files at the same relative paths as in the repository
cp -r "$YL_SRC/examples" . && mkdir -p c/zz-again && cp -r examples/corpus/. c/ || exit 2
cp "$(find c -name '*.md' | sort | head -1)" c/zz-again/zz-copy.md && printf 'x' >c/zz-again/notes.bin
# shellcheck disable=SC2054 # 芯片,模型 is one argument
O=(--user-dict examples/userdict-deepseek.txt --aliases examples/aliases-deepseek.tsv
   --frames examples/frames-deepseek.tsv --kwic 芯片,模型 --period month --collocations)
"$YULIAO" analyze c -o ref -q "${O[@]}" || { echo "FAIL: analyze"; exit 1; }
grep -q ',duplicate,' ref/documents.csv || { echo "FAIL: the fixture has no duplicate"; exit 1; }

run() { # run NAME ARGS...: the driver, its stderr kept in NAME.err
  local name=$1
  shift
  "$P" "$@" 2>"$name.err"
}
if [ -n "${YL_UNDER_VALGRIND:-}" ]; then
  # every yuliao run ~20x slower: the two hosts only, two shards
  run vg --shards 2 "${R[@]}" -S 1/h1,1/h2 -o p-vg c -- "${O[@]}"
  check "two hosts, 2 shards, under valgrind (exit $?: $(tail -1 vg.err))" same ref p-vg
  check "nothing left on the hosts" test -z "$(left_on_hosts)"
  echo "$pass passed, $fail failed (the other cases in the normal build)"
  [ "$fail" = 0 ]
  exit
fi

# ---- here, no hosts --------------------------------------------------------------------
run local -o p-local c -- "${O[@]}"
check "no hosts, default shards (exit $?: $(tail -1 local.err))" same ref p-local
check "it says how it cut the files" grep -q '15 files in 1 shard(s)' local.err
run local4 -q --shards 4 -o p-local4 c -- "${O[@]}"
check "no hosts, 4 shards (exit $?)" same ref p-local4
check "-q: nothing on stderr" test ! -s local4.err
run colon --shards 3 -S : -o p-colon c -- "${O[@]}"
check "-S :, 3 shards (exit $?: $(tail -1 colon.err))" same ref p-colon

# ---- two hosts over the fake ssh ------------------------------------------------------
: >ssh.log
run two --shards 5 "${R[@]}" -S 1/h1,1/h2 --keep kept -o p-two c -- "${O[@]}"
check "two hosts, 5 shards (exit $?: $(tail -1 two.err))" same ref p-two
check "the jobs ran on both hosts" test "$(tail -n +2 kept/joblog | cut -f2 | sort -u | tr '\n' ' ')" = "h1 h2 "
for h in h1 h2; do
  check "files went to $h (rsync into a job folder)" grep -q "^$h	rsync --server .*\.parallel/tmp/" ssh.log
  check "a shard came back from $h" grep -qE "^$h	cd .*; rsync --server --sender .* \./s000[1-5]\.shard" ssh.log
done
check "nothing left on the hosts: $(left_on_hosts)" test -z "$(left_on_hosts)"
check "--keep: the lists and shards stay, the tars go" \
  test "$(find kept -name 's0*.shard' | wc -l)/$(find kept -name 's0*.list' | wc -l)/$(find kept -name '*.tar' | wc -l)" = 5/5/0
# a merge tree by hand on the kept shards: (1 2 3) and (4 5), then the two
"$YULIAO" merge kept/s0001.shard kept/s0002.shard kept/s0003.shard --shard-out t1.shard -q &&
  "$YULIAO" merge kept/s0004.shard kept/s0005.shard --shard-out t2.shard -q &&
  "$YULIAO" merge t2.shard t1.shard -o p-tree -q
check "the kept shards merged in two levels (merge --shard-out)" same ref p-tree
printf '# two hosts\n1/h1\n\n1/h2\n' >hosts.slf
run slf --shards 4 --fanin 2 "${R[@]}" --sshloginfile hosts.slf -o p-slf c -- "${O[@]}"
check "--sshloginfile, 4 shards, merged in a tree of 2 (exit $?: $(tail -1 slf.err))" same ref p-slf
check "the tree had a level of 2 merges" grep -q 'merge level 1: 4 shards into 2' slf.err

# ---- refusals and failures --------------------------------------------------------------
expect() { # expect CODE WHAT PATTERN ARGS...: exit CODE and a one-line message matching PATTERN
  local code=$1 what=$2 pat=$3 rc
  shift 3
  "$P" "$@" >/dev/null 2>err.txt
  rc=$?
  check "$what: exit $rc (want $code): $(tail -1 err.txt)" test $rc = "$code"
  check "$what: the message says why" grep -q -- "$pat" err.txt
}
expect 2 "an absolute path for remote hosts" "absolute path" "${R[@]}" -S h1 -o x "$PWD/c"
expect 2 "a path out of this folder for remote hosts" "out of this folder" "${R[@]}" -S h1 -o x ../"${PWD##*/}"/c
expect 2 "':' among remote hosts" "cannot be mixed" "${R[@]}" -S :,h1 -o x c
expect 2 "no -o" "no output folder" c
expect 2 "-o among yuliao's options" "this script's to give" -o x c -- -o y
expect 2 "an unknown option" "unknown option --frobnicate" --frobnicate -o x c
expect 2 "--shards 0" "positive whole number" --shards 0 -o x c
expect 2 "--keep into a folder that is not empty" "not empty" --keep kept -o x c
mkdir -p empty
expect 3 "no file to analyse" "no file" -o x empty
mkdir -p nl && cp c/dw/*.txt nl/ && cp "$(ls c/dw/*.txt | head -1)" "nl/a
b.txt"
expect 2 "a file name with a line break" "line break" -o x nl
check "no output folder was made by a refusal" test ! -e x

# a count that fails (exit 6) on its second shard: its code, the shard named, the old set kept
cat >failing-yuliao <<EOF
#!/bin/sh
case "\$*" in *s0002.list*) echo "failing-yuliao: fails on purpose" >&2; exit 6 ;; esac
exec "$YULIAO" "\$@"
EOF
chmod +x failing-yuliao
cp -r p-local p-old
YULIAO=$PWD/failing-yuliao "$P" --shards 3 -o p-old c -- "${O[@]}" 2>fail.err
check "a failed count: exit $? (want 6)" test $? = 6
check "the message names the shard and where: $(tail -1 fail.err)" grep -q 'shard s0002 (5 files) failed here (exit 6' fail.err
check "the output folder keeps its old set" same ref p-old
expect 1 "yuliao missing on the hosts" "failed on h1" "${R[@]}" -S h1 --remote-yuliao /nonexistent/yuliao -o x c
check "no output folder after a failed job" test ! -e x

# --strict: files were skipped: the tables are written and the exit is 1, as analyze's
"$YULIAO" analyze c -o ref-strict -q "${O[@]}" --strict
run strict --shards 3 -o p-strict c -- "${O[@]}" --strict
check "--strict with a skipped file: exit $? (want 1)" test $? = 1
check "--strict: analyze --strict's tables" same ref-strict p-strict
check "no temporary folder left: $(ls tmp)" test -z "$(ls -A tmp)"

# ---- a 10 MB archive -------------------------------------------------------------------
if [ -n "${YL_SANITIZED:-}" ]; then
  echo "$pass passed, $fail failed (the 10 MB archive in the normal build only)"
  [ "$fail" = 0 ]
  exit
fi
if ! command -v opencc >/dev/null; then
  echo "FAIL: opencc is missing (scripts/test installs it), needed for the 10 MB archive"
  exit 1
fi
python3 "$YL_SRC/scripts/gen-archive" arc --mb 10 2>gen.err || { echo "FAIL: gen-archive: $(tail -1 gen.err)"; exit 1; }
A=(--kwic 人工智能 --period month)
"$YULIAO" analyze arc -o aref -q -j 2 "${A[@]}" || { echo "FAIL: analyze of the archive"; exit 1; }
run arc-local -o a-local arc -- "${A[@]}"
check "10 MB, no hosts, default shards (exit $?: $(grep -o '[0-9]* files in [0-9]* shard(s)' arc-local.err))" same aref a-local
run arc-two --shards 6 "${R[@]}" -S 1/h1,1/h2 -o a-two arc -- "${A[@]}"
check "10 MB, two hosts, 6 shards (exit $?: $(tail -1 arc-two.err))" same aref a-two
run arc-tree --shards 5 --fanin 2 -S : -o a-tree arc -- "${A[@]}"
check "10 MB, -S :, 5 shards merged in a tree of 2 (exit $?: $(tail -1 arc-tree.err))" same aref a-tree
check "nothing left on the hosts: $(left_on_hosts)" test -z "$(left_on_hosts)"
check "no temporary folder left: $(ls tmp)" test -z "$(ls -A tmp)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
