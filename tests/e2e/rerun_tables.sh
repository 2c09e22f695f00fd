#!/usr/bin/env bash
# A second run into an output folder whose set had the opt-in tables (kwic, periods,
# trends, dtm, frames, collocations) replaces that set: the folder is yuliao's, the
# run succeeds and the old opt-in tables are gone. analyze --newwords copies a
# newwords.csv of `yuliao newwords` into the set (byte for byte) and report.html shows
# its rows; a file that is not one is refused before the run (exit 4), naming it.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
D=(-q --dict-dir "$YL_SRC/dict")
E=examples/corpus
O="$YL_TMP/out"

"$YULIAO" analyze "$E" -o "$O" "${D[@]}" --kwic 芯片 --period month --dtm \
  --frames examples/frames-deepseek.tsv --collocations || { echo "FAIL: first run"; fail=1; }
for t in kwic.csv periods.csv trends.csv dtm.csv dtm_vocab.csv frames.csv frames_test.csv \
  frames_docs.csv collocations.csv; do
  [ -f "$O/$t" ] || { echo "FAIL: the first run wrote no $t"; fail=1; }
done
"$YULIAO" analyze "$E" -o "$O" "${D[@]}" 2>"$YL_TMP/second.err" ||
  { echo "FAIL: a second run into the folder was refused: $(cat "$YL_TMP/second.err")"; fail=1; }
for t in kwic.csv periods.csv trends.csv dtm.csv collocations.csv frames.csv; do
  [ -e "$O/$t" ] && { echo "FAIL: $t of the first run is still in the folder"; fail=1; }
done
[ -f "$O/report.html" ] || { echo "FAIL: no report.html"; fail=1; }

# --newwords: the table of a newwords run, shown in the report
"$YULIAO" newwords "$E" -o "$YL_TMP/nw" "${D[@]}" || { echo "FAIL: newwords"; fail=1; }
"$YULIAO" analyze "$E" -o "$O" "${D[@]}" --newwords "$YL_TMP/nw/newwords.csv" ||
  { echo "FAIL: analyze --newwords"; fail=1; }
cmp -s "$YL_TMP/nw/newwords.csv" "$O/newwords.csv" ||
  { echo "FAIL: newwords.csv was not copied into the set byte for byte"; fail=1; }
python3 - "$O" <<'PY' || fail=1
import csv, json, sys
out = sys.argv[1]
html = open(out + "/report.html", encoding="utf-8").read()
rows = list(csv.DictReader(open(out + "/newwords.csv", encoding="utf-8-sig")))
bad = 'id="newwords"' not in html or not rows
for r in rows[:5]:
    if r["term"] not in html:
        print("FAIL: candidate", r["term"], "is not in report.html"); bad = True
m = json.load(open(out + "/manifest.json", encoding="utf-8"))
if not any(f.get("role") == "new-word candidates" for f in m.get("data_files", [])):
    print("FAIL: the manifest does not list the new-word table among the data files"); bad = True
sys.exit(1 if bad else 0)
PY
# not a newwords.csv: refused before anything is written, naming the file
cp "$O/frequency.csv" "$YL_TMP/notnw.csv"
"$YULIAO" analyze "$E" -o "$YL_TMP/bad" "${D[@]}" --newwords "$YL_TMP/notnw.csv" 2>"$YL_TMP/bad.err"
rc=$?
[ $rc = 4 ] || { echo "FAIL: --newwords with another table: exit $rc, not 4"; fail=1; }
grep -q "notnw.csv:1: not a newwords.csv" "$YL_TMP/bad.err" ||
  { echo "FAIL: the message does not name the file: $(cat "$YL_TMP/bad.err")"; fail=1; }
[ -e "$YL_TMP/bad/frequency.csv" ] && { echo "FAIL: a refused run wrote tables"; fail=1; }
"$YULIAO" analyze "$E" -o "$YL_TMP/bad" "${D[@]}" --newwords "$YL_TMP/missing.csv" 2>/dev/null
rc=$?
[ $rc != 0 ] || { echo "FAIL: --newwords with a missing file succeeded"; fail=1; }

exit $fail
