#!/usr/bin/env bash
# analyze --frames: every coded document recounted here from dtm.csv (the counted
# terms of each document) with the rules of examples/frames-deepseek.tsv read in Python;
# frames.csv's documents, shares, matches and per_10k from that recount; each frame's
# χ² test of documents with / without it against the groups, its p (scipy's
# chi2_contingency(correction=False) when scipy is there, else the χ² tail by its
# recurrence Q(s + 1, y) = Q(s, y) + yˢe⁻ʸ/Γ(s + 1)), Cramér's V and the standardised
# residuals (R's chisq.test()$stdres) recomputed; with --period the test across ALL's
# periods too; -j 1 = -j 2; a malformed rule is exit 4 with FILE:LINE.
set -uo pipefail
: "${YULIAO:?}" "${YL_SRC:?}" "${YL_TMP:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP" && cd "$YL_SRC" || exit 2
fail=0
F=examples/frames-deepseek.tsv
D=(--no-bom -q --dict-dir "$YL_SRC/dict" --user-dict examples/userdict-deepseek.txt --dtm --frames "$F")
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/a" "${D[@]}" -j 1 || fail=1
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/b" "${D[@]}" -j 2 || fail=1
"$YULIAO" analyze examples/corpus tests/fixtures/mixed -o "$YL_TMP/p" "${D[@]}" --period month || fail=1
for t in frames.csv frames_test.csv frames_docs.csv; do
  cmp -s "$YL_TMP/a/$t" "$YL_TMP/b/$t" || { echo "FAIL: $t differs for -j 1 and -j 2"; fail=1; }
done
PY=python3
/usr/bin/python3 -c 'import scipy' 2>/dev/null && PY=/usr/bin/python3
$PY - "$YL_TMP/a" "$YL_TMP/p" "$F" <<'PY' || fail=1
import csv, math, sys
a, pdir, rules = sys.argv[1:4]
try:
    from scipy.stats import chi2_contingency
except ImportError:
    chi2_contingency = None
def q_upper(df, x):  # P(χ²_df ≥ x)
    y, s = x / 2, (1.0 if df % 2 == 0 else 0.5)
    q = math.exp(-y) if df % 2 == 0 else math.erfc(math.sqrt(y))
    while s < df / 2 - 1e-9:
        q += math.exp(s * math.log(y) - y - math.lgamma(s + 1)) if y > 0 else 0
        s += 1
    return q
frames = {}
for line in open(rules, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    name, expr = line.split("\t", 1)
    alts = frames.setdefault(name.strip(), [])
    for alt in expr.split("|"):
        alts.append([(t.strip().lstrip("!").strip().lower(), t.strip().startswith("!")) for t in alt.split("&")])
rd = lambda d, t: list(csv.DictReader(open(f"{d}/{t}", encoding="utf-8")))
docs = {r["doc_id"]: r for r in rd(a, "documents.csv")}
terms = {}
for r in rd(a, "dtm.csv"):
    terms.setdefault(r["doc_id"], {})[r["term"].lower()] = int(r["count"])
coded = {}
for d, tc in terms.items():
    for f, alts in frames.items():
        if any(all((tc.get(t, 0) == 0) if neg else (tc.get(t, 0) > 0) for t, neg in alt) for alt in alts):
            pos = {t for alt in alts for t, neg in alt if not neg}
            coded[(d, f)] = sum(tc.get(t, 0) for t in pos)
bad = 0
got = {(r["doc_id"], r["frame"]): int(r["matches"]) for r in rd(a, "frames_docs.csv")}
if got != coded:
    print("FAIL: frames_docs.csv differs from the recount:", sorted(set(got.items()) ^ set(coded.items()))[:6]); bad = 1
if not coded:
    print("FAIL: no document coded"); bad = 1
counted = [d for d, r in docs.items() if r["status"] == "analysed"]
groups = sorted({docs[d]["group"] for d in counted})
def check_test(units, unit_of, label, rows_by_unit, test_row):
    global bad
    for f in frames:
        o = [[sum(1 for d in counted if unit_of(d) == u and (d, f) in coded) for u in units],
             [sum(1 for d in counted if unit_of(d) == u and (d, f) not in coded) for u in units]]
        n = sum(map(sum, o)); rs = [sum(r) for r in o]; cs = [o[0][j] + o[1][j] for j in range(len(units))]
        if min(rs) == 0:
            continue
        e = [[rs[i] * cs[j] / n for j in range(len(units))] for i in range(2)]
        x = sum((o[i][j] - e[i][j]) ** 2 / e[i][j] for i in range(2) for j in range(len(units)))
        df = len(units) - 1
        p = chi2_contingency(o, correction=False)[1] if chi2_contingency else q_upper(df, x)
        v = math.sqrt(x / n)
        t = test_row(f)
        for key, want in (("chi2", x), ("df", df), ("p_value", p), ("cramers_v", v)):
            if abs(float(t[key]) - want) > 1e-9 * max(1, abs(want)):
                print("FAIL:", label, f, key, t[key], want); bad = 1
        for j, u in enumerate(units):
            res = (o[0][j] - e[0][j]) / math.sqrt(e[0][j] * (1 - rs[0] / n) * (1 - cs[j] / n))
            r = rows_by_unit(u, f)
            if abs(float(r["residual"]) - res) > 1e-9 * max(1, abs(res)):
                print("FAIL:", label, u, f, "residual", r["residual"], res); bad = 1
fr = {(r["group"], r["frame"]): r for r in rd(a, "frames.csv")}
tests = {r["frame"]: r for r in rd(a, "frames_test.csv")}
for g in groups + ["ALL"]:
    ds = [d for d in counted if g == "ALL" or docs[d]["group"] == g]
    tok = sum(int(docs[d]["tokens"]) for d in ds)
    for f in frames:
        n = sum(1 for d in ds if (d, f) in coded); m = sum(coded.get((d, f), 0) for d in ds)
        r = fr[(g, f)]
        if int(r["documents"]) != n or int(r["matches"]) != m or abs(float(r["share"]) - n / len(ds)) > 1e-12 \
           or abs(float(r["per_10k"]) - m / tok * 1e4) > 1e-9:
            print("FAIL: frames.csv", g, f, r, n, m); bad = 1
check_test(groups, lambda d: docs[d]["group"], "groups", lambda u, f: fr[(u, f)], lambda f: tests[f])
# --period month: the test across ALL's periods, with the residuals of ALL's rows
pdocs = {r["doc_id"]: r for r in rd(pdir, "documents.csv")}
month = lambda d: pdocs[d]["published"][:7] if pdocs[d]["published"] else "undated"
pfr = {(r["group"], r["period"], r["frame"]): r for r in rd(pdir, "frames.csv")}
ptests = {(r["frame"], r["across"]): r for r in rd(pdir, "frames_test.csv")}
periods = sorted({month(d) for d in counted}, key=lambda s: (s == "undated", s))
check_test(periods, month, "periods", lambda u, f: pfr[("ALL", u, f)], lambda f: ptests[(f, "period")])
sys.exit(bad)
PY
printf 'chips\t芯片 | \n' >"$YL_TMP/bad.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/x" --no-bom -q --dict-dir "$YL_SRC/dict" --frames "$YL_TMP/bad.tsv" 2>"$YL_TMP/bad.err"
[ $? = 4 ] && grep -q 'bad.tsv:1: an empty term' "$YL_TMP/bad.err" || { echo "FAIL: a malformed rule:"; cat "$YL_TMP/bad.err"; fail=1; }
printf 'chips 芯片\n' >"$YL_TMP/bad2.tsv"
"$YULIAO" analyze examples/corpus -o "$YL_TMP/x" --no-bom -q --dict-dir "$YL_SRC/dict" --frames "$YL_TMP/bad2.tsv" 2>"$YL_TMP/bad2.err"
[ $? = 4 ] && grep -q 'bad2.tsv:1: expected FRAME<TAB>EXPRESSION' "$YL_TMP/bad2.err" || { echo "FAIL: a rule without a tab:"; cat "$YL_TMP/bad2.err"; fail=1; }
exit $fail
