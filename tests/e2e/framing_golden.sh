# The framing toolkit on the sample corpus with the shipped example files
# (examples/frames-deepseek.tsv, examples/aliases-deepseek.tsv): kwic.csv, periods.csv,
# trends.csv, frames.csv, frames_test.csv, frames_docs.csv and dtm_vocab.csv compared
# with the committed files (tests/golden/framing/); -j 1 and -j 2 give the same bytes.
# The values themselves are checked independently by kwic.sh, periods.sh, frames.sh,
# aliases.sh and dtm.sh. Regenerate after an intended change with
#   YL_UPDATE_GOLDEN=1 ctest -R e2e.framing_golden   (then review the diff by eye).
set -u
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP"
cd "$YL_SRC" || exit 1
G="$YL_SRC/tests/golden/framing"
fail=0
A=(--no-bom --user-dict examples/userdict-deepseek.txt --dict-dir "$YL_SRC/dict" -q
   --frames examples/frames-deepseek.tsv --aliases examples/aliases-deepseek.tsv
   --kwic DeepSeek,芯片,出口管制 --period week --dtm)
TABLES="kwic.csv periods.csv trends.csv frames.csv frames_test.csv frames_docs.csv dtm_vocab.csv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/j2" -j 2 "${A[@]}" 2>"$YL_TMP/stderr" ||
  { echo "FAIL: analyze"; cat "$YL_TMP/stderr"; exit 1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/j1" -j 1 "${A[@]}" || { echo "FAIL: analyze -j 1"; exit 1; }
if [ "${YL_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$G"
  for t in $TABLES; do cp "$YL_TMP/j2/$t" "$G/$t"; done
  echo "golden files updated in $G"
fi
for t in $TABLES; do
  cmp -s "$YL_TMP/j2/$t" "$G/$t" || { echo "FAIL: $t differs from $G/$t"; diff "$YL_TMP/j2/$t" "$G/$t" | head -5; fail=1; }
  cmp -s "$YL_TMP/j1/$t" "$YL_TMP/j2/$t" || { echo "FAIL: $t differs for -j 1 and -j 2"; fail=1; }
done
# every row count in the manifest
python3 - "$YL_TMP/j2" $TABLES <<'PY' || fail=1
import csv, json, sys
d, tables = sys.argv[1], sys.argv[2:]
m = json.load(open(d + "/manifest.json"))
bad = [t for t in tables if m["rows"][t] != len(list(csv.reader(open(f"{d}/{t}", encoding="utf-8")))) - 1]
if bad: print("FAIL: manifest rows of", bad)
sys.exit(1 if bad else 0)
PY
exit $fail
