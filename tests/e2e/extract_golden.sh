# yuliao extract on the sample corpus: documents.csv and texts.jsonl must equal the
# reviewed expected files byte for byte (regenerate with scripts/update-golden-extract).
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
"$YULIAO" extract examples/corpus -o "$YL_TMP/out" --no-bom --dict-dir "$YL_SRC/dict" \
  2>"$YL_TMP/stderr"
rc=$?
fail=0
[ "$rc" = 0 ] || { echo "exit code $rc, want 0"; fail=1; }
grep -q '^yuliao: extract: 13 files, 13 analysed, 0 skipped' "$YL_TMP/stderr" ||
  { echo "summary line missing:"; cat "$YL_TMP/stderr"; fail=1; }
for f in documents.csv texts.jsonl; do
  if ! cmp -s "$YL_TMP/out/$f" "tests/golden/extract/$f"; then
    echo "$f differs from tests/golden/extract/$f:"
    diff "tests/golden/extract/$f" "$YL_TMP/out/$f" | head -20
    fail=1
  fi
done
# the same run with a BOM (default) differs only by the BOM
"$YULIAO" extract examples/corpus -o "$YL_TMP/bom" -q --dict-dir "$YL_SRC/dict" || fail=1
head -c 3 "$YL_TMP/bom/documents.csv" | cmp -s - <(printf '\xEF\xBB\xBF') || { echo "no BOM"; fail=1; }
tail -c +4 "$YL_TMP/bom/documents.csv" | cmp -s - tests/golden/extract/documents.csv ||
  { echo "BOM run differs beyond the BOM"; fail=1; }
# --outlet-from folder gives the same outlets for the per-outlet folders
"$YULIAO" extract examples/corpus/dw examples/corpus/voa -o "$YL_TMP/folder" -q --no-bom \
  --outlet-from folder --dict-dir "$YL_SRC/dict" || fail=1
cut -d, -f3,4 "$YL_TMP/folder/documents.csv" | sort | uniq -c | tr -s ' ' >"$YL_TMP/outlets"
printf ' 4 dw,德国之声\n 4 voa,美国之音\n 1 outlet,outlet_name\n' | sort >"$YL_TMP/want"
sort "$YL_TMP/outlets" | cmp -s - "$YL_TMP/want" || { echo "outlet-from folder:"; cat "$YL_TMP/outlets"; fail=1; }
exit $fail
