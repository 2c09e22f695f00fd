#!/usr/bin/env bash
# libyuliao.so as another program sees it, from an install that was moved after
# cmake --install (so the pkg-config file must be relocatable): its soname, that it
# exports exactly the public yl_ API, examples/c built with pkg-config against the
# shared and against the static library, and the library loaded from Python (ctypes).
# Segmentations are checked against the golden output of python3-jieba.
set -uo pipefail
: "${YL_BUILD:?}" "${YL_TMP:?}" "${YL_SRC:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_TMP" || exit 2
pass=0 fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
skip() { pass=$((pass + 1)); echo "skipped (counted as passed): $1"; }

cmake --install "$YL_BUILD" --prefix "$YL_TMP/inst" >install.log 2>&1
check "install succeeds" test $? = 0
mv inst moved || exit 2
p=$YL_TMP/moved
pc=$(find "$p" -name yuliao.pc | head -1)
check "pkg-config file installed" test -n "$pc"
[ -n "$pc" ] || { echo "$pass passed, $fail failed"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH=$libdir/pkgconfig
so=$libdir/libyuliao.so.0
for f in libyuliao.a libyuliao.so libyuliao.so.0 libyuliao.so.0.1.0; do
  check "installed lib/$f" test -e "$libdir/$f"
done

# The .pc file points into the moved tree.
inc=$(pkg-config --variable=includedir yuliao)
data=$(pkg-config --variable=datadir yuliao)
check "pkg-config includedir is the moved tree ($inc)" test "$(realpath "$inc")" = "$p/include"
check "pkg-config libdir is the moved tree" \
  test "$(realpath "$(pkg-config --variable=libdir yuliao)")" = "$(realpath "$libdir")"
check "pkg-config datadir holds the compiled dictionary" test -s "$data/jieba/jieba.ydict"
check "pkg-config --libs names -lyuliao" grep -qw -- -lyuliao <(pkg-config --libs yuliao)

soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "SONAME is libyuliao.so.0 ($soname)" test "$soname" = libyuliao.so.0

# Exported symbols: every yl_ name the public headers mention that the library defines
# (the headers say YL_API), and nothing else: not src/base's yl_buf_*/yl_u64map_*, not
# the ingest parsers' internals, not a runtime's symbols.
nm -D --defined-only "$so" | awk '{print $NF}' | sort -u >exported.txt
# ASan adds an ODR-violation indicator, __odr_asan.NAME, beside every exported variable.
[ -n "${YL_SANITIZED:-}" ] && sed -i '/^__odr_asan\.yl_/d' exported.txt
printf '#include <yuliao/yuliao.h>\n' | cc -E -P $(pkg-config --cflags yuliao) -x c - >headers.i
grep -oE '\byl_[a-z0-9_]+' headers.i | sort -u >named.txt
nm -g --defined-only "$libdir/libyuliao.a" | awk 'NF == 3 {print $3}' | sort -u >defined.txt
comm -12 defined.txt named.txt >public.txt
check "the .so exports something ($(wc -l <exported.txt) symbols)" test -s exported.txt
check "the .so exports only yl_ names ($(grep -v '^yl_' exported.txt | head -5 | tr '\n' ' '))" \
  sh -c "! grep -qv '^yl_' exported.txt"
check "the .so exports exactly the public API (< exported only, > public only:
$(diff exported.txt public.txt | grep '^[<>]' | head -10))" cmp -s exported.txt public.txt
for s in yl_buf_put yl_u64map_free yl_lines_load_text yl_html_parse yl_fm_parse yl_json_str; do
  check "internal $s is hidden" sh -c "grep -qx $s defined.txt && ! grep -qx $s exported.txt"
done

# examples/c against the installed .pc: shared, then static (libyuliao.a with the
# --static flags, which must name everything the archive needs). A sanitized library
# needs a sanitized program.
san=()
[ -n "${YL_SANITIZED:-}" ] && san=(-fsanitize=address,undefined)
run=()
[ -n "${YL_UNDER_VALGRIND:-}" ] && run=(valgrind -q --error-exitcode=99 --leak-check=full
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
ex=$YL_SRC/examples/c/segment-sentence.c
G=$YL_SRC/tests/golden/segment
cflags=(-std=c17 -Wall -Wextra -Werror -pedantic "${san[@]}")
cc "${cflags[@]}" "$ex" $(pkg-config --cflags --libs yuliao) -o seg-shared 2>cc-shared.err
check "example builds against the shared library ($(head -c 300 cc-shared.err))" test -x seg-shared
check "example needs libyuliao.so.0" grep -q 'NEEDED.*\[libyuliao\.so\.0\]' <(readelf -d seg-shared)
cc "${cflags[@]}" "$ex" $(pkg-config --cflags yuliao) \
  $(pkg-config --static --libs yuliao | sed 's/-lyuliao/-l:libyuliao.a/') -o seg-static 2>cc-static.err
check "example builds against the static library ($(head -c 300 cc-static.err))" test -x seg-static
check "static example does not need libyuliao.so" sh -c "! readelf -d seg-static | grep -q libyuliao"
for v in shared static; do
  out=$(LD_LIBRARY_PATH=$libdir "${run[@]}" ./seg-$v "$data/jieba/jieba.ydict" 深度学习模型 2>"$v.err")
  check "$v example: 深度学习模型 → $out $(head -c 300 "$v.err")" test "$out" = "深度 / 学习 / 模型"
  LD_LIBRARY_PATH=$libdir "${run[@]}" ./seg-$v "$data/jieba/jieba.ydict" <"$G/input.txt" >"$v.out" 2>"$v.err"
  check "$v example: golden input as python3-jieba ($(head -c 300 "$v.err"))" cmp -s "$v.out" "$G/expected-hmm.txt"
done
LD_LIBRARY_PATH=$libdir "${run[@]}" ./seg-shared "$p/no/such.ydict" x >/dev/null 2>missing.err
rc=$?
check "example reports a missing dictionary (exit $rc: $(head -c 200 missing.err))" test $rc = 1 -a -s missing.err

# Python 3 loads the .so with ctypes. An ASan-built .so needs its runtime loaded
# first (LD_PRELOAD, the libasan the .so names); Python's own allocations are not
# leak-checked. Under valgrind only the C program above is worth checking.
preload=""
if [ -n "${YL_SANITIZED:-}" ]; then
  preload=$(ldd "$so" | awk '/libasan\.so/ {print $3; exit}')
fi
if [ -n "${YL_UNDER_VALGRIND:-}" ]; then
  skip "ctypes from Python (not run under valgrind)"
elif [ -n "${YL_SANITIZED:-}" ] && [ -z "$preload" ]; then
  skip "ctypes from Python (the sanitized .so names no libasan to preload)"
else
  LD_PRELOAD=$preload ASAN_OPTIONS=detect_leaks=0 python3 - "$so" "$data/jieba/jieba.ydict" \
    "$G/input.txt" "$G/expected-hmm.txt" >py.out 2>&1 <<'EOF'
import ctypes as C, sys
so, ydict, golden_in, golden_out = sys.argv[1:5]
lib = C.CDLL(so)

class Token(C.Structure):
    _fields_ = [("off", C.c_size_t), ("len", C.c_size_t), ("kind", C.c_int),
                ("tag", C.c_char_p)]

class Error(C.Structure):  # yuliao/error.h's yl_error
    _fields_ = [("code", C.c_int), ("sys_errno", C.c_int), ("line", C.c_size_t),
                ("file", C.c_char * 4096), ("message", C.c_char * 2048)]

WORD, HMM, SPACE, OTHER = range(4)
YL_ERR_DICT = 5
lib.yl_strerror.restype = C.c_char_p
lib.yl_strerror.argtypes = [C.c_int]
lib.yl_dict_open.argtypes = [C.c_char_p, C.c_char_p, C.POINTER(C.c_void_p),
                             C.POINTER(C.c_int), C.POINTER(Error)]
lib.yl_error_format.restype = C.c_char_p
lib.yl_error_format.argtypes = [C.POINTER(Error), C.c_char_p, C.c_size_t]
lib.yl_dict_free.argtypes = [C.c_void_p]
lib.yl_dict_freq.restype = C.c_longlong
lib.yl_dict_freq.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t]
lib.yl_segmenter_new.argtypes = [C.c_void_p, C.POINTER(C.c_void_p)]
lib.yl_segmenter_free.argtypes = [C.c_void_p]
lib.yl_segment.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.c_int,
                           C.POINTER(C.POINTER(Token)), C.POINTER(C.c_size_t)]

def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    return ok

ok = True
d, src, err = C.c_void_p(), C.c_int(-1), Error()
st = lib.yl_dict_open(ydict.encode(), None, C.byref(d), C.byref(src), C.byref(err))
if not check("yl_dict_open: %s" % lib.yl_strerror(st).decode(), st == 0 and src.value == 0):
    sys.exit(1)
missing = C.c_void_p()
st = lib.yl_dict_open(b"/no/such.ydict", None, C.byref(missing), None, None)
ok &= check("a missing dictionary is an error (%s)" % lib.yl_strerror(st).decode(), st != 0)
st = lib.yl_dict_open(b"/no/such.ydict", None, C.byref(missing), None, C.byref(err))
line = C.create_string_buffer(4096 + 2048 + 32)
shown = lib.yl_error_format(C.byref(err), line, len(line)).decode()
ok &= check("its yl_error: %s (errno %d)" % (shown, err.sys_errno),
            st == YL_ERR_DICT and err.code == st and err.file == b"/no/such.ydict" and
            err.sys_errno == 2 and shown == "/no/such.ydict: compiled dictionary not found")
ok &= check("yl_dict_freq(学习) is dict.txt's 13482", lib.yl_dict_freq(d, "学习".encode(), 6) == 13482)
sg = C.c_void_p()
if not check("yl_segmenter_new", lib.yl_segmenter_new(d, C.byref(sg)) == 0):
    sys.exit(1)

def segment(text, flags=0):
    toks, n = C.POINTER(Token)(), C.c_size_t()
    if lib.yl_segment(sg, text, len(text), flags, C.byref(toks), C.byref(n)) != 0:
        raise SystemExit("FAIL yl_segment")
    return [(text[t.off:t.off + t.len].decode("utf-8", "surrogateescape"), t.kind,
             t.tag.decode() if t.tag else None) for t in toks[:n.value]]

got = segment("深度学习模型".encode())
ok &= check("深度学习模型 → %s" % got,
            got == [("深度", WORD, "ns"), ("学习", WORD, "v"), ("模型", WORD, "n")])
got = [(w, k) for w, k, _ in segment("他来到了网易杭研大厦。".encode())]
ok &= check("HMM finds 杭研: %s" % got, got == [("他", WORD), ("来到", WORD), ("了", WORD),
            ("网易", WORD), ("杭研", HMM), ("大厦", WORD), ("。", OTHER)])
got = [w for w, _, _ in segment("他来到了网易杭研大厦。".encode(), 1)]
ok &= check("YL_SEG_NO_HMM: %s" % got, got == ["他", "来到", "了", "网易", "杭", "研", "大厦", "。"])

data = open(golden_in, "rb").read()
lines = data.split(b"\n")
if data.endswith(b"\n"):
    lines.pop()
out = b""
for line in lines:
    line = line.rstrip(b"\r\n")
    toks, n = C.POINTER(Token)(), C.c_size_t()
    lib.yl_segment(sg, line, len(line), 0, C.byref(toks), C.byref(n))
    out += b" / ".join(line[t.off:t.off + t.len] for t in toks[:n.value]) + b"\n"
ok &= check("golden input as python3-jieba (%d lines)" % len(lines),
            out == open(golden_out, "rb").read())
lib.yl_segmenter_free(sg)
lib.yl_dict_free(d)
sys.exit(0 if ok else 1)
EOF
  rc=$?
  grep FAIL py.out
  check "ctypes from Python: $(grep -c '^ok' py.out) checks passed ($(grep -v '^ok' py.out | head -c 400))" test $rc = 0
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
