#!/usr/bin/env bash
# analyze --aliases: each canonical's count is the sum of its spellings' counts in a run
# without aliases (where the same spellings are cut whole by a user dictionary), no
# variant is left as a term of its own, the canonical shows as written in the file,
# --kwic with a variant finds every spelling (its keyword column as written); a variant
# claimed by two canonicals, or a line without a tab, is exit 4 with FILE:LINE.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
printf 'DeepSeek\t深度求索 | Deepseek\n奥尔特曼\t阿尔特曼\n芯片\t晶片 | 半导体芯片\n' >"$YL_TMP/al.tsv"
printf '深度求索 5\n阿尔特曼 5\n奥尔特曼 5\n晶片 5\n半导体芯片 5\n' >"$YL_TMP/ud.txt"
D=(--no-bom -q --dict-dir "$YL_SRC/dict" --frequency-top 0 --user-dict "$YL_TMP/ud.txt")
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/plain" "${D[@]}" || fail=1
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/al" "${D[@]}" --aliases "$YL_TMP/al.tsv" \
  --kwic 深度求索 -j 2 || fail=1
python3 - "$YL_TMP/plain" "$YL_TMP/al" <<'PY' || fail=1
import csv, sys
rd = lambda d, t: list(csv.DictReader(open(f"{d}/{t}", encoding="utf-8")))
plain = {(r["group"], r["term"].lower()): int(r["count"]) for r in rd(sys.argv[1], "frequency.csv")}
al = {(r["group"], r["term"]): int(r["count"]) for r in rd(sys.argv[2], "frequency.csv")}
groups = {g for g, _ in plain}
alias = {"DeepSeek": ["deepseek", "深度求索"], "奥尔特曼": ["奥尔特曼", "阿尔特曼"], "芯片": ["芯片", "晶片", "半导体芯片"]}
bad = 0
for canon, spellings in alias.items():
    for g in groups:
        want = sum(plain.get((g, s), 0) for s in spellings)
        if al.get((g, canon), 0) != want:
            print("FAIL:", g, canon, al.get((g, canon), 0), "want", want); bad = 1
    for s in spellings:
        if s != canon.lower() and any(t.lower() == s for _, t in al):
            print("FAIL: the variant", s, "is still a term"); bad = 1
if not any(plain.get((g, "深度求索"), 0) for g in groups):
    print("FAIL: the fixture should use 深度求索"); bad = 1
kw = rd(sys.argv[2], "kwic.csv")
want_rows = sum(v for (g, t), v in al.items() if t == "DeepSeek" and g != "ALL")
if len(kw) != want_rows or not {"深度求索", "DeepSeek"} <= {r["keyword"] for r in kw}:
    print("FAIL: --kwic 深度求索 with aliases:", len(kw), "rows, want", want_rows); bad = 1
sys.exit(bad)
PY
printf 'DeepSeek\t深度求索\n深度\t深度求索\n' >"$YL_TMP/twice.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/x" "${D[@]}" --aliases "$YL_TMP/twice.tsv" 2>"$YL_TMP/twice.err"
[ $? = 4 ] && grep -q "twice.tsv:2: '深度求索' is already an alias of 'DeepSeek' (line 1)" "$YL_TMP/twice.err" ||
  { echo "FAIL: a variant of two canonicals:"; cat "$YL_TMP/twice.err"; fail=1; }
printf 'DeepSeek 深度求索\n' >"$YL_TMP/notab.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/x" "${D[@]}" --aliases "$YL_TMP/notab.tsv" 2>"$YL_TMP/notab.err"
[ $? = 4 ] && grep -q "notab.tsv:1: expected CANONICAL<TAB>VARIANT|VARIANT" "$YL_TMP/notab.err" ||
  { echo "FAIL: a line without a tab:"; cat "$YL_TMP/notab.err"; fail=1; }
printf '# nothing yet\n' >"$YL_TMP/empty.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/x" "${D[@]}" --aliases "$YL_TMP/empty.tsv" 2>"$YL_TMP/empty.err"
[ $? = 4 ] && grep -q "empty.tsv: no alias (CANONICAL<TAB>VARIANT) in the file" "$YL_TMP/empty.err" ||
  { echo "FAIL: an alias file without an alias:"; cat "$YL_TMP/empty.err"; fail=1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/ex" --no-bom -q --dict-dir "$YL_SRC/dict" --aliases examples/aliases-deepseek.tsv ||
  { echo "FAIL: the example alias file"; fail=1; }
exit $fail
