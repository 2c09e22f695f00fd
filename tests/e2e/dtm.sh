#!/usr/bin/env bash
# analyze --dtm: dtm.csv holds every counted term of every counted document (its rows
# of a document add up to documents.csv's tokens and types, of a term to frequency.csv's
# ALL count and doc_freq), dtm_vocab.csv every counted term once with those totals, in
# the byte order of the terms' keys; duplicates have no row; -j 1 and -j 2 agree.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
D=(--no-bom -q --dict-dir "$YL_SRC/dict" --frequency-top 0 --dtm)
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/a" "${D[@]}" -j 1 || fail=1
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/b" "${D[@]}" -j 2 || fail=1
for t in dtm.csv dtm_vocab.csv; do
  cmp -s "$YL_TMP/a/$t" "$YL_TMP/b/$t" || { echo "FAIL: $t differs for -j 1 and -j 2"; fail=1; }
done
python3 - "$YL_TMP/a" <<'PY' || fail=1
import csv, sys
d = sys.argv[1]
rd = lambda t: list(csv.DictReader(open(f"{d}/{t}", encoding="utf-8")))
docs = {r["doc_id"]: r for r in rd("documents.csv")}
dtm, vocab = rd("dtm.csv"), rd("dtm_vocab.csv")
freq = {r["term"]: (int(r["count"]), int(r["doc_freq"])) for r in rd("frequency.csv") if r["group"] == "ALL"}
bad = 0
per_doc, per_term = {}, {}
for r in dtm:
    n, t = per_doc.get(r["doc_id"], (0, 0))
    per_doc[r["doc_id"]] = (n + int(r["count"]), t + 1)
    c, f = per_term.get(r["term"], (0, 0))
    per_term[r["term"]] = (c + int(r["count"]), f + 1)
for i, r in docs.items():
    want = (int(r["tokens"]), int(r["types"])) if r["status"] == "analysed" else None
    if per_doc.get(i) != want and not (want is None and i not in per_doc):
        print("FAIL: doc", i, r["status"], "dtm", per_doc.get(i), "documents.csv", want); bad = 1
if {t: v for t, v in per_term.items()} != freq:
    print("FAIL: dtm.csv's term totals differ from frequency.csv's ALL rows"); bad = 1
if {r["term"]: (int(r["count"]), int(r["doc_freq"])) for r in vocab} != freq or len(vocab) != len(freq):
    print("FAIL: dtm_vocab.csv differs from frequency.csv's ALL rows"); bad = 1
if not any(r["status"] == "duplicate" for r in docs.values()):
    print("FAIL: the fixture should hold a duplicate"); bad = 1
sys.exit(bad)
PY
exit $fail
