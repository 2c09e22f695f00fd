#!/usr/bin/env bash
# Issue #14: file names with invalid UTF-8, line breaks, tabs, CR, a backslash or a
# bidi control (U+202E). Every output stays valid UTF-8 / CSV / JSON with one row per
# file, the escaped path un-escapes to the real name, the row's note says so, and
# stderr holds only one-line 'yuliao: ' messages (none forged by a name, none from
# libxml2 on broken HTML).
set -uo pipefail
: "${YULIAO:?}" "${YL_TMP:?}" "${YL_SRC:?}"
rm -rf "$YL_TMP" && mkdir -p "$YL_TMP/in" && cd "$YL_TMP" || exit 2
fail=0
D=(--dict-dir "$YL_SRC/dict")
names=($'nl\nyuliao: forged line.txt' $'tab\tname.txt' $'cr\rname.txt' $'bad\xff\xfebytes.txt'
       $'rlo\u202Etxt.md' 'back\slash\x41.txt' $'sub\x80dir/inner.txt' 'plain.txt')
i=0
for n in "${names[@]}"; do
  i=$((i + 1))
  mkdir -p "in/$(dirname "$n")"
  printf '深度求索第%s篇文章发布了新的模型。\n' "$i" >"in/$n"
done
# broken HTML libxml2 complains about (its own 'parser error' lines must not appear)
printf '<html><body><p>&#xD800;深度求索报道</p></body></html>' >in/h1.html
printf '<html><body><p>深度求索发布了新的模型</p></bo' >in/h2.html
printf '<html><head><meta charset="x-bogus"></head><body><p>深度&bogus;&#0;模型</p>' >in/h3.html
printf '<html><body><p a=1 a=2>深度<![CDATA[x]]><!-- a -- b --><?pi?></p><\xc3></body>' >in/h4.html
printf '<html><body><p>\x01深度\x0b报道</p></svg></math></html></html><p>x' >in/h5.html

check_outputs() { # check_outputs DIR KIND: the python3 checks on one run's outputs
  python3 - "$1" "$2" in "${names[@]}" <<'PY' || fail=1
import csv, io, json, os, re, sys
out, kind, root, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ok = True
def bad(msg):
    global ok
    ok = False
    print("FAIL (%s): %s" % (kind, msg))
def unescape(s):  # docs/extract.md, "Escaped file names"
    b, i = bytearray(), 0
    while i < len(s):
        if s.startswith("\\\\", i): b += b"\\"; i += 2
        elif s.startswith("\\x", i): b.append(int(s[i+2:i+4], 16)); i += 4
        elif s.startswith("\\u{", i):
            j = s.index("}", i); b += chr(int(s[i+3:j], 16)).encode(); i = j + 1
        else: b += s[i].encode(); i += 1
    return bytes(b)
raw = open(os.path.join(out, "documents.csv"), "rb").read()
try: text = raw.decode("utf-8-sig")
except UnicodeDecodeError as e: bad("documents.csv is not UTF-8: %s" % e); sys.exit(1)
rows = list(csv.DictReader(io.StringIO(text, newline="")))
real = set()
for dp, dn, fn in os.walk(os.fsencode(root)):
    for f in fn: real.add(os.path.join(dp, f))
if len(rows) != len(real): bad("%d rows for %d files" % (len(rows), len(real)))
paths = {}
for r in rows:
    p = unescape(r["path"])
    paths[p] = r
    if p not in real: bad("un-escaped path %r is no real file" % p)
    if r["status"] != "analysed": bad("%r not analysed: %s" % (p, r["note"]))
for n in names:
    p = os.fsencode(root) + b"/" + os.fsencode(n)
    r = paths.get(p)
    if r is None: bad("no row for %r" % p); continue
    escaped = r["path"].encode() != p
    if escaped != ("file name escaped" in r["note"]): bad("note of %r: %r" % (p, r["note"]))
    if re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", r["path"]): bad("raw control in %r" % r["path"])
if kind == "extract":
    for k, line in enumerate(open(os.path.join(out, "texts.jsonl"), "rb")):
        try:
            j = json.loads(line.decode("utf-8"))
            if unescape(j["path"]) not in real: bad("texts.jsonl path %r" % j["path"])
        except Exception as e: bad("texts.jsonl line %d: %s" % (k + 1, e))
else:
    try:
        m = json.loads(open(os.path.join(out, "manifest.json"), "rb").read().decode("utf-8"))
        json.dumps(m)
    except Exception as e: bad("manifest.json: %s" % e)
    for t in os.listdir(out):
        if t.endswith(".csv"):
            try: open(os.path.join(out, t), "rb").read().decode("utf-8-sig")
            except UnicodeDecodeError as e: bad("%s is not UTF-8: %s" % (t, e))
sys.exit(0 if ok else 1)
PY
}
check_stderr() { # check_stderr FILE: every line is yuliao's own, none forged by a name
  if grep -v '^yuliao: ' "$1" | grep -q .; then echo "FAIL: foreign stderr lines in $1:"; grep -v '^yuliao: ' "$1"; fail=1; fi
  if grep -q '^yuliao: forged' "$1"; then echo "FAIL: a file name forged a line in $1"; fail=1; fi
  if grep -qi 'parser error\|HTML parser\|htmlParse' "$1"; then echo "FAIL: libxml2 text in $1"; fail=1; fi
  if LC_ALL=C grep -q $'[\x80-\xff]' "$1" && ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
    echo "FAIL: $1 is not UTF-8"; fail=1; fi
}

"$YULIAO" extract in -o x "${D[@]}" 2>x.err; rc=$?
[ "$rc" = 0 ] || { echo "FAIL: extract exit $rc"; cat x.err; fail=1; }
check_outputs x extract
check_stderr x.err

"$YULIAO" analyze in -o a --group-by folder -q "${D[@]}" 2>a.err; rc=$?
[ "$rc" = 0 ] || { echo "FAIL: analyze exit $rc"; cat a.err; fail=1; }
check_outputs a analyze
check_stderr a.err

# a missing input and an output folder whose names hold a line break: one line each
"$YULIAO" extract $'gone\nyuliao: forged.txt' -o $'o\nyuliao: forged' "${D[@]}" 2>m.err; rc=$?
[ "$rc" = 3 ] || { echo "FAIL: no input exits 3 (got $rc)"; fail=1; }
check_stderr m.err
grep -qxF 'yuliao: gone\x0Ayuliao: forged.txt: not found' m.err || { echo "FAIL: not-found message"; cat m.err; fail=1; }
[ "$fail" = 0 ] && echo "all passed"
[ "$fail" = 0 ]
