#!/usr/bin/env bash
# A shard is the same file on a big-endian machine: tests/support/shard_be.c (the code
# of the shard's bytes, src/pipeline/shardio.c, and nothing of the host) built natively
# and for s390x (big-endian; Debian's gcc-s390x-linux-gnu, run by qemu-s390x) reads a
# shard of the sample corpus counted here and must print the same fields; each writes
# the same fixed values and the files must be the same bytes, each read back by itself.
# Skipped (77) when the cross compiler or qemu is not installed (scripts/test tries).
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
cc=s390x-linux-gnu-gcc
command -v $cc >/dev/null && command -v qemu-s390x >/dev/null ||
  { echo "skipped: needs $cc and qemu-s390x (apt-get install gcc-s390x-linux-gnu qemu-user)"; exit 77; }
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
fail=0
src=("$YL_SRC/tests/support/shard_be.c" "$YL_SRC/src/pipeline/shardio.c" "$YL_SRC/src/base/buf.c")
gcc -std=c11 -O1 -Wall -Wextra -Werror -I "$YL_SRC/src" -I "$YL_SRC/include" "${src[@]}" -o be-native ||
  { echo "FAIL: native build"; exit 1; }
$cc -std=c11 -O1 -static -Wall -Wextra -Werror -I "$YL_SRC/src" -I "$YL_SRC/include" "${src[@]}" -o be-s390x ||
  { echo "FAIL: s390x build"; exit 1; }
"$YULIAO" count "$YL_SRC/examples/corpus" -o c.shard -q --dict-dir "$YL_SRC/dict" --kwic 芯片 ||
  { echo "FAIL: count"; exit 1; }
./be-native read c.shard > native.txt || { echo "FAIL: native read: $(cat native.txt)"; fail=1; }
qemu-s390x ./be-s390x read c.shard > s390x.txt || { echo "FAIL: s390x read: $(cat s390x.txt)"; fail=1; }
grep -q '^host: big-endian' s390x.txt || { echo "FAIL: the s390x build does not run big-endian"; fail=1; }
grep -q '^host: little-endian' native.txt || { echo "FAIL: this host is not little-endian"; fail=1; }
diff <(grep -v '^host:' native.txt) <(grep -v '^host:' s390x.txt) ||
  { echo "FAIL: the big-endian reading differs"; fail=1; }
grep -q 'documents 13' native.txt && grep -q 'section 6:' native.txt ||
  { echo "FAIL: the shard's fields were not read: $(cat native.txt)"; fail=1; }
./be-native write native.bin && qemu-s390x ./be-s390x write s390x.bin ||
  { echo "FAIL: a field did not read back"; fail=1; }
cmp native.bin s390x.bin || { echo "FAIL: the big-endian machine writes other bytes"; fail=1; }
# the first fields as bytes: u32 0x01020304 and u64 0x0a0b0c0d0e0f1011, little end first
[ "$(od -An -tx1 -N12 s390x.bin | tr -d ' \n')" = "0403020111100f0e0d0c0b0a" ] ||
  { echo "FAIL: not little-endian on the big-endian machine"; fail=1; }
exit $fail
