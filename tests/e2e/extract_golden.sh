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
# the script columns recomputed: Han characters of all paragraphs (texts.jsonl, title
# included) and those OpenCC's CLI t2s changes (Traditional-only)
python3 - tests/golden/extract/documents.csv tests/golden/extract/texts.jsonl <<'PY' || fail=1
import csv, json, subprocess, sys
def han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F
docs = {r["doc_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
bad = 0
for line in open(sys.argv[2], encoding="utf-8"):
    j = json.loads(line)
    hs = [c for p in j["paragraphs"] for c in p["text"] if han(c)]
    chars = sorted(set(hs))
    out = subprocess.run(["opencc", "-c", "t2s"], input="\n".join(chars) + "\n", capture_output=True, text=True).stdout.split("\n")
    tonly = {c for c, d in zip(chars, out) if d != c and ord(c) < 0x10000}
    share = sum(c in tonly for c in hs) / len(hs)
    want = "simplified" if share < 0.01 else "traditional" if share >= 0.1 else "mixed"
    r = docs[str(j["doc_id"])]
    if r["script"] != want or abs(float(r["traditional_share"]) - share) > 1e-12:
        print("FAIL: %s script %s %s, recomputed %s %r" % (r["path"], r["script"], r["traditional_share"], want, share)); bad = 1
sys.exit(bad)
PY
# a page on a known outlet's host outside its path, and a host under its domain: their
# own outlets, with a note naming the kin (dict/outlets.tsv: bbc.com/zhongwen, nikkei);
# a duplicate keeps the notes it had after its own
rm -rf "$YL_TMP/kin" && mkdir -p "$YL_TMP/kin"
i=0
for u in https://www.bbc.com/news/world-1 https://asia.nikkei.com/x https://asia.nikkei.com/x; do
  i=$((i + 1))
  printf -- '---\ntitle: t%s\nurl: %s\n---\n深度求索发布新模型%s。\n' "$i" "$u" "$((i < 3 ? i : 2))" >"$YL_TMP/kin/$i.md"
done
"$YULIAO" extract "$YL_TMP/kin" -o "$YL_TMP/kin-out" --no-bom -q --dict-dir "$YL_SRC/dict" || fail=1
python3 - "$YL_TMP/kin-out/documents.csv" <<'PY' || fail=1
import csv, sys
r = {x["path"].rsplit("/", 1)[1]: x for x in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
want = {
    "1.md": ("bbc.com", "host bbc.com holds bbc (bbc.com/zhongwen), but this page is outside /zhongwen: an outlet of its own"),
    "2.md": ("asia.nikkei.com", "host asia.nikkei.com is not in the outlet table, though its domain is nikkei's (zh.cn.nikkei.com): an outlet of its own (an --outlets line would make it nikkei)"),
}
bad = 0
for f, (outlet, note) in want.items():
    if (r[f]["outlet"], r[f]["note"]) != (outlet, note):
        print("FAIL: %s: %r %r" % (f, r[f]["outlet"], r[f]["note"])); bad = 1
n3 = r["3.md"]["note"]
if not (n3.startswith("duplicate of ") and n3.endswith("; " + want["2.md"][1])):
    print("FAIL: 3.md lost its note: %r" % n3); bad = 1
sys.exit(bad)
PY
exit $fail
