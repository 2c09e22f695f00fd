#!/usr/bin/env bash
# e2e: the segmenter tooling scripts (make-bench-text, compare-jieba, bench-segment) on
# small fixtures written here; no timing is asserted.
set -euo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }

# ---- make-bench-text ----------------------------------------------------------------
seeds=$YL_TMP/seeds
mkdir -p "$seeds"
cat >"$seeds/a.txt" <<'EOF'
---
layout: post
title: "测试标题"
date: 2025-01-01T00:00:00.000Z
---
<!--1735689600000-->
[测试标题](https://example.com/a)
------

<div><p>第一段&amp;文字，<strong>加粗</strong>也在段内。</p><p>第二段</p><script>var x = "不要";</script><p>第三段<br>换行后</p></div>
EOF
cat >"$seeds/b.md" <<'EOF'
<!--1735689600000-->
[另一篇](https://example.com/b)
------
<div><i>Tue, 28 Jan 2025 00:27:20 GMT</i></div><p>华盛顿 — 正文在这里。</p>
EOF
out=$YL_TMP/bench
set +e
"$YL_SRC/scripts/make-bench-text" --seeds "$seeds" --man "$YL_TMP/no-such-man" "$out" >"$YL_TMP/mbt.out" 2>"$YL_TMP/mbt.err"
rc=$?
set -e
check '[ $rc -eq 1 ]' "make-bench-text without man pages should exit 1 (got $rc)"
check 'grep -q "apt-get install manpages-zh" "$YL_TMP/mbt.err"' "make-bench-text should say what to install"
printf '%s\n' 第一段\&文字，加粗也在段内。 第二段 第三段 换行后 "Tue, 28 Jan 2025 00:27:20 GMT" \
  "华盛顿 — 正文在这里。" >"$YL_TMP/seeds.want"
check 'cmp -s "$out/seeds.txt" "$YL_TMP/seeds.want"' "seeds.txt body text: $(cat "$out/seeds.txt" 2>/dev/null | tr '\n' '|')"

set +e
"$YL_SRC/scripts/make-bench-text" --seeds "$seeds" "$YL_SRC/bench-inside" >/dev/null 2>"$YL_TMP/inside.err"
rc=$?
set -e
check '[ $rc -ne 0 ] && grep -q "inside the repository" "$YL_TMP/inside.err"' "make-bench-text must refuse an output folder inside the repository"
rm -rf "$YL_SRC/bench-inside"

if command -v groff >/dev/null; then
  man=$YL_TMP/man/man1
  mkdir -p "$man"
  cat >"$man/demo.1" <<'EOF'
.TH DEMO 1 "2025" "demo" "测试手册"
.SH 名称
demo \- 一个用来测试的小程序
.SH 描述
这是第一段说明文字，
它在输出里应当合成一行。
.PP
Only English words here.
EOF
  gzip -n "$man/demo.1"
  "$YL_SRC/scripts/make-bench-text" --min-mb 1 --seeds "$seeds" --man "$YL_TMP/man" "$out" >"$YL_TMP/mbt2.out" 2>&1 ||
    bad "make-bench-text with a man page failed: $(cat "$YL_TMP/mbt2.out")"
  check 'grep -qx "这是第一段说明文字， 它在输出里应当合成一行。" "$out/man.txt"' "man.txt should hold the filled paragraph on one line (groff joins source lines with a space): $(tr '\n' '|' <"$out/man.txt")"
  check '[ "$(stat -c %s "$out/large.txt")" -ge 1000000 ]' "large.txt should reach --min-mb"
  check '! grep -q "Only English" "$out/large-han.txt" && grep -q "这是第一段" "$out/large-han.txt"' "large-han.txt should keep only Han-dense lines"
  check 'grep -q "large.txt" "$YL_TMP/mbt2.out"' "make-bench-text should print the sizes"
else
  echo "note: groff missing, man-page rendering not exercised" >&2
fi

# ---- compare-jieba --------------------------------------------------------------------
printf '我来到北京清华大学\n\n他来到了网易杭研大厦\n小明硕士毕业于中国科学院计算所，后在日本京都大学深造\n' >"$YL_TMP/cmp.txt"
if /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
  set +e
  "$YL_SRC/scripts/compare-jieba" --no-cache "$YL_TMP/cmp.txt" >"$YL_TMP/cmp.out" 2>&1
  rc=$?
  set -e
  check '[ $rc -eq 0 ] && grep -q "HMM on: 4/4 lines identical (100.00%)" "$YL_TMP/cmp.out" && grep -q "HMM off: 4/4 lines identical (100.00%)" "$YL_TMP/cmp.out"' \
    "compare-jieba on agreeing output: rc=$rc $(cat "$YL_TMP/cmp.out")"
  # A yuliao that glues the first two tokens of line 3 together must be caught there.
  cat >"$YL_TMP/bad-yuliao" <<EOF
#!/usr/bin/env bash
"$YULIAO" "\$@" | sed '3s/\x1f//'
EOF
  chmod +x "$YL_TMP/bad-yuliao"
  set +e
  YULIAO=$YL_TMP/bad-yuliao "$YL_SRC/scripts/compare-jieba" --no-cache --mode hmm "$YL_TMP/cmp.txt" >"$YL_TMP/cmp2.out" 2>&1
  rc=$?
  set -e
  check '[ $rc -eq 1 ] && grep -q "HMM on: 3/4 lines identical (75.00%)" "$YL_TMP/cmp2.out"' "compare-jieba should count the bad line: rc=$rc $(cat "$YL_TMP/cmp2.out")"
  check 'grep -q "line 3, token 1" "$YL_TMP/cmp2.out" && grep -q "jieba : \[\[他\]\] / 来到" "$YL_TMP/cmp2.out" && grep -q "yuliao: \[\[他来到\]\]" "$YL_TMP/cmp2.out"' \
    "compare-jieba should show and mark the first differing token: $(cat "$YL_TMP/cmp2.out")"
else
  set +e
  "$YL_SRC/scripts/compare-jieba" "$YL_TMP/cmp.txt" >/dev/null 2>"$YL_TMP/cmp.err"
  rc=$?
  set -e
  check '[ $rc -eq 2 ] && grep -q "apt-get install" "$YL_TMP/cmp.err"' "compare-jieba without python3-jieba should say what to install"
fi
set +e
"$YL_SRC/scripts/compare-jieba" --bogus >/dev/null 2>&1
rc=$?
set -e
check '[ $rc -eq 2 ]' "compare-jieba should reject an unknown option with 2"

# ---- bench-segment (structure only, no timing asserted) ------------------------------
"$YL_SRC/scripts/bench-segment" --only yuliao --reps 1 --md "$YL_TMP/bench.md" "$YL_TMP/cmp.txt" >"$YL_TMP/bench.out" 2>&1 ||
  bad "bench-segment --only yuliao failed: $(cat "$YL_TMP/bench.out")"
check 'grep -q "^| yuliao | on |" "$YL_TMP/bench.md" && grep -q "^| yuliao | off |" "$YL_TMP/bench.md" && grep -q cppjieba "$YL_TMP/bench.md"' \
  "bench-segment should write the Markdown table: $(cat "$YL_TMP/bench.md" 2>/dev/null)"
set +e
"$YL_SRC/scripts/bench-segment" --md "$YL_SRC/inside.md" "$YL_TMP/cmp.txt" >/dev/null 2>&1
rc=$?
set -e
check '[ $rc -eq 2 ] && [ ! -e "$YL_SRC/inside.md" ]' "bench-segment must refuse a result file inside the repository"

# ---- lib.sh: a build folder configured for another source path ----------------------
# (a checkout copied with its build/): cleared with a message, so that cmake's raw
# "does not match the source" error never reaches the user; our own one is kept
fb=$YL_TMP/foreign-build
mkdir -p "$fb" "$YL_TMP/own-build"
printf 'CMAKE_HOME_DIRECTORY:INTERNAL=/nonexistent/other-checkout\n' >"$fb/CMakeCache.txt"
printf 'CMAKE_HOME_DIRECTORY:INTERNAL=%s\n' "$YL_SRC" >"$YL_TMP/own-build/CMakeCache.txt"
msg=$(bash -c 'source "$1/scripts/lib.sh"; yl_clear_foreign_build "$2"; yl_clear_foreign_build "$3"' _ "$YL_SRC" "$fb" "$YL_TMP/own-build" 2>&1)
check '[ ! -e "$fb" ]' "a build folder for another checkout should be cleared"
check '[ -f "$YL_TMP/own-build/CMakeCache.txt" ]' "our own build folder should be kept"
check 'grep -q "was configured for /nonexistent/other-checkout" <<<"$msg"' "the clearing should be said: $msg"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
