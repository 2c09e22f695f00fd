#!/usr/bin/env bash
# analyze --period: periods.csv's documents sum over the periods to each group's
# documents (documents.csv's counted rows, the undated ones under "undated"), and its
# periods are the documents' own (recomputed here from documents.csv's `published` with
# Python's datetime and ISO calendar); trends.csv's counts sum over the periods to
# frequency.csv's for every term it follows, its doc_freq to the documents using the
# term, per_10k is count / tokens of the period; it follows the KWIC, focus and frame
# terms and the --trend-top most frequent; -j 1 and -j 2 give the same bytes; without
# --period neither table is written.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
D=(--no-bom -q --dict-dir "$YL_SRC/dict" --user-dict examples/userdict-deepseek.txt --frequency-top 0)
for p in day week month year; do
  for j in 1 2; do
    "$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/$p-$j" "${D[@]}" -j $j --period $p \
      --trend-top 20 --kwic 深度求索 --focus 芯片,隐私 --frames examples/frames-deepseek.tsv || fail=1
  done
  for t in periods.csv trends.csv; do
    cmp -s "$YL_TMP/$p-1/$t" "$YL_TMP/$p-2/$t" || { echo "FAIL: --period $p: $t differs for -j 1 and -j 2"; fail=1; }
  done
  python3 - "$YL_TMP/$p-1" "$p" <<'PY' || fail=1
import csv, datetime, sys
d, period = sys.argv[1], sys.argv[2]
rd = lambda t: list(csv.DictReader(open(f"{d}/{t}", encoding="utf-8")))
docs = [r for r in rd("documents.csv") if r["status"] == "analysed"]
def name(pub):
    if not pub:
        return "undated"
    t = datetime.datetime.fromisoformat(pub.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
    if period == "day": return t.strftime("%Y-%m-%d")
    if period == "month": return t.strftime("%Y-%m")
    if period == "year": return t.strftime("%Y")
    y, w, _ = t.date().isocalendar()
    return "%04d-W%02d" % (y, w)
want = {}
for r in docs:
    for g in (r["group"], "ALL"):
        k = (g, name(r["published"]))
        n, tok = want.get(k, (0, 0))
        want[k] = (n + 1, tok + int(r["tokens"]))
got = {(r["group"], r["period"]): (int(r["documents"]), int(r["tokens"])) for r in rd("periods.csv")}
bad = 0
if got != want:
    print("FAIL: --period", period, "periods.csv", sorted(set(got.items()) ^ set(want.items()))[:6]); bad = 1
freq = {(r["group"], r["term"]): (int(r["count"]), int(r["doc_freq"])) for r in rd("frequency.csv")}
sums, tokens = {}, {k: v[1] for k, v in got.items()}
for r in rd("trends.csv"):
    k = (r["group"], r["term"])
    c, df = sums.get(k, (0, 0))
    sums[k] = (c + int(r["count"]), df + int(r["doc_freq"]))
    per = int(r["count"]) / tokens[(r["group"], r["period"])] * 10000
    if abs(float(r["per_10k"]) - per) > 1e-9 * per:
        print("FAIL: per_10k", r); bad = 1
terms = {t for _, t in sums}
for k, v in sums.items():
    if freq.get(k) != v:
        print("FAIL: --period", period, k, "trends sum", v, "frequency.csv", freq.get(k)); bad = 1
all_top = sorted(((c, t) for (g, t), (c, _) in freq.items() if g == "ALL"), key=lambda x: -x[0])
need = {t for _, t in all_top[:20]} | {"深度求索", "芯片", "隐私"}
# and the frame terms that were counted
for line in open("examples/frames-deepseek.tsv", encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        for t in line.split("\t", 1)[1].replace("&", "|").split("|"):
            t = t.strip().lstrip("!")
            if ("ALL", t) in freq:
                need.add(t)
# the top 20 (ties at the 20th may go either way), the KWIC and focus terms
if not {"深度求索", "芯片"} <= terms or len(terms - need) > 0 or len(need - terms) > 1:
    print("FAIL: trends.csv follows", sorted(terms - need), "missing", sorted(need - terms)); bad = 1
sys.exit(bad)
PY
done
"$YULIAO" analyze examples/corpus -o "$YL_TMP/none" "${D[@]}" || fail=1
[ ! -e "$YL_TMP/none/periods.csv" ] && [ ! -e "$YL_TMP/none/trends.csv" ] ||
  { echo "FAIL: periods.csv or trends.csv without --period"; fail=1; }
"$YULIAO" analyze examples/corpus -o "$YL_TMP/bad" "${D[@]}" --period fortnight 2>"$YL_TMP/bad.err"
[ $? = 2 ] && grep -q "period takes none, day, week, month or year" "$YL_TMP/bad.err" ||
  { echo "FAIL: --period fortnight:"; cat "$YL_TMP/bad.err"; fail=1; }
exit $fail
