#!/usr/bin/env bash
# cmake --install puts the program, headers, data and pkg-config file in place, and the
# installed program finds its data (and compiled dictionary) with no source tree.
set -uo pipefail
: "${YL_BUILD:?}" "${YL_TMP:?}" "${YL_SRC:?}"
[ -n "${YL_UNDER_VALGRIND:-}" ] && { echo "1 passed, 0 failed (install checked without valgrind)"; exit 0; }
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
cmake --install "$YL_BUILD" --prefix "$YL_TMP/inst" >install.log 2>&1
check "install succeeds" test $? = 0
p=$YL_TMP/inst
for f in bin/yuliao include/yuliao/yuliao.h include/yuliao/version.h share/yuliao/outlets.tsv \
         share/yuliao/boilerplate.tsv share/yuliao/jieba/LICENSE share/yuliao/stopwords/LICENSE; do
  check "installed $f" test -e "$p/$f"
done
check "pkg-config file" test -n "$(ls "$p"/lib*/pkgconfig/yuliao.pc 2>/dev/null)"
# Run from elsewhere with no hint: the data is found beside the program.
out=$(cd / && env -u YULIAO_DICT_DIR sh -c "echo 深度学习模型 | '$p/bin/yuliao' segment" 2>err.txt)
check "installed segment works ($out)" test "$out" = "深度 / 学习 / 模型"
(cd / && env -u YULIAO_DICT_DIR "$p/bin/yuliao" extract "$YL_SRC/examples/corpus" -o "$YL_TMP/out" -q)
check "installed extract works" test -s "$YL_TMP/out/documents.csv"
printf '#include <yuliao/yuliao.h>\nint main(void) { return yl_strerror(YL_OK)[0] == 0; }\n' > use.c
cc -std=c17 -Wall -Wextra -Werror -pedantic -I"$p/include" -c use.c -o use.o 2>cc.err
check "public headers compile on their own ($(head -c 300 cc.err))" test -s use.o
check "version" test "$("$p/bin/yuliao" --version | cut -d' ' -f1)" = yuliao
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
