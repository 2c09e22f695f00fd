/* Normalisation: compat folding of letters/digits only, punctuation kept, NFC,
 * white space, controls, invalid UTF-8. */
#include "harness.h"
#include "yuliao/norm.h"

#include <stdint.h>
#include <utf8proc.h>

/* Reference: the straightforward implementation (every code point through utf8proc,
 * one composition pass at the end), kept here to check the fast path against. */
typedef struct ref_cpvec {
  utf8proc_int32_t *v;
  size_t n, cap;
} ref_cpvec;

static int ref_reserve(ref_cpvec *a, size_t extra) {
  if (a->n + extra <= a->cap) return 0;
  size_t cap = a->cap ? a->cap : 256;
  while (cap < a->n + extra) cap *= 2;
  utf8proc_int32_t *p = realloc(a->v, cap * sizeof *p);
  if (!p) return -1;
  a->v = p;
  a->cap = cap;
  return 0;
}

static int ref_is_space(utf8proc_int32_t c, utf8proc_category_t cat) {
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
         cat == UTF8PROC_CATEGORY_ZP || c == '\t' || c == '\n' || c == '\r' || c == 0x0B ||
         c == 0x0C || c == 0x85;
}

static int ref_wants_compat(utf8proc_int32_t c, utf8proc_category_t cat) {
  if (c >= 0x2F00 && c <= 0x2FDF) return 1; /* Kangxi radicals: stand-ins for Han */
  switch (cat) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return 1;
  default:
    return 0;
  }
}

/* Unicode's EquivalentUnifiedIdeograph.txt read here on its own (not through the
 * generated table): radical or stroke → ideograph, 0 where the file has none. */
static uint32_t ref_eui[0x32000];
static size_t ref_eui_n;

static void ref_eui_load(void) {
  const char *dir = getenv("YULIAO_DICT_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/unicode/EquivalentUnifiedIdeograph.txt", dir ? dir : "dict");
  FILE *f = fopen(path, "r");
  if (!f) {
    YL_T_FAIL("cannot open %s", path);
    return;
  }
  char line[512];
  while (fgets(line, sizeof line, f)) {
    unsigned lo, hi, to;
    if (line[0] == '#' || line[0] == '\n') continue;
    if (sscanf(line, "%x..%x ; %x", &lo, &hi, &to) == 3 ||
        (sscanf(line, "%x ; %x", &lo, &to) == 2 && (hi = lo, 1))) {
      for (unsigned c = lo; c <= hi && c < 0x32000; c++) ref_eui[c] = to, ref_eui_n++;
    }
  }
  fclose(f);
}

static yl_status ref_norm(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *n_invalid) {
  *out = NULL;
  if (out_len) *out_len = 0;
  ref_cpvec a = {0};
  size_t bad = 0;
  int pending_space = 0;
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0) {
      /* skip one byte of the bad sequence: each maximal bad prefix byte counts once */
      c = 0xFFFD;
      n = 1;
      bad++;
    }
    i += (size_t)n;
    if (c < 0x32000 && ref_eui[c]) c = (utf8proc_int32_t)ref_eui[c];
    utf8proc_category_t cat = utf8proc_category(c);
    if (ref_is_space(c, cat)) {
      pending_space = a.n > 0;
      continue;
    }
    if (cat == UTF8PROC_CATEGORY_CC || c == 0xFEFF || c == 0x200B) continue;
    /* Decompose into a small buffer first: a compatibility form may itself expand to
     * spaces (e.g. Arabic ligatures U+FC5E–U+FC63 start with U+0020), which must be
     * collapsed like any other space so that normalising twice changes nothing. */
    utf8proc_int32_t dec[32];
    int last = 0;
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (ref_wants_compat(c, cat) ? UTF8PROC_COMPAT : 0);
    utf8proc_ssize_t k = utf8proc_decompose_char(c, dec, 32, opt, &last);
    if (k < 0 || k > 32) { /* cannot happen (longest decomposition is 18) */
      dec[0] = c;
      k = 1;
    }
    for (utf8proc_ssize_t j = 0; j < k; j++) {
      utf8proc_int32_t d = dec[j];
      utf8proc_category_t dcat = utf8proc_category(d);
      if (ref_is_space(d, dcat)) {
        pending_space = a.n > 0;
        continue;
      }
      if (dcat == UTF8PROC_CATEGORY_CC) continue;
      if (ref_reserve(&a, 2)) goto nomem;
      if (pending_space) {
        a.v[a.n++] = ' ';
        pending_space = 0;
      }
      a.v[a.n++] = d;
    }
  }
  if (ref_reserve(&a, 1)) goto nomem;
  /* Canonical ordering of combining marks (per-character decomposition does not
   * reorder across characters), as NFC requires. */
  for (size_t k = 1; k < a.n; k++) {
    for (size_t j = k; j > 0; j--) {
      int cj = utf8proc_get_property(a.v[j])->combining_class;
      int cp = utf8proc_get_property(a.v[j - 1])->combining_class;
      if (!cj || cp <= cj) break;
      utf8proc_int32_t t = a.v[j];
      a.v[j] = a.v[j - 1];
      a.v[j - 1] = t;
    }
  }
  /* Compose and encode back to UTF-8 in place: utf8proc_reencode writes at most
   * 4 bytes per code point plus a NUL into the same buffer. */
  utf8proc_ssize_t bytes =
      utf8proc_reencode(a.v, (utf8proc_ssize_t)a.n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (bytes < 0) goto nomem;
  char *res = (char *)a.v;
  *out = res;
  if (out_len) *out_len = (size_t)bytes;
  if (n_invalid) *n_invalid += bad;
  return YL_OK;
nomem:
  free(a.v);
  return YL_ERR_NOMEM;
}


static void check(const char *in, size_t len, const char *want, size_t want_bad) {
  char *out = NULL;
  size_t n = 0, bad = 0;
  INT_EQ(yl_norm_text(in, len, &out, &n, &bad), YL_OK);
  if (out) {
    STR_EQ(out, want);
    INT_EQ(n, strlen(want));
  }
  INT_EQ(bad, want_bad);
  yl_free(out);
}

#define CHECK(in, want) check(in, sizeof(in) - 1, want, 0)

static void test_fullwidth(void) {
  CHECK("ＤｅｅｐＳｅｅｋ２０２５", "DeepSeek2025");
  CHECK("ＡＩ（人工智能）", "AI（人工智能）");        /* brackets stay full-width */
  CHECK("你好，世界！真的？是：。、“引号”", "你好，世界！真的？是：。、“引号”");
  CHECK("①②", "12");                              /* circled digits are numbers */
  CHECK("ﬁne", "fine");                              /* ligature is a letter */
  CHECK("⼈⽬", "人目");                              /* Kangxi radicals → Han */
  CHECK("ｶﾀｶﾅ", "カタカナ");                          /* half-width katakana */
  CHECK("１００％", "100％");                          /* % sign is not a letter */
}

static void test_nfc(void) {
  CHECK("e\xCC\x81", "\xC3\xA9");                     /* e + acute → é */
  CHECK("a\xCC\xA3\xCC\x81", "\xE1\xBA\xA1\xCC\x81"); /* ordered, then composed */
  CHECK("a\xCC\x81\xCC\xA3", "\xE1\xBA\xA1\xCC\x81"); /* reordered to the same */
  CHECK("\xEF\xA4\x80", "\xE8\xB1\x88");               /* U+F900 → U+8C48 (canonical) */
}

static void test_space_and_controls(void) {
  CHECK("  a \t\r\n b  ", "a b");
  CHECK("中\xE3\x80\x80文", "中 文");                   /* ideographic space */
  CHECK("a\x01\x7F" "b", "ab");
  CHECK("\xEF\xBB\xBFtitle", "title");                 /* BOM removed */
  CHECK("a\xE2\x80\x8B" "b", "ab");                    /* zero width space */
  CHECK("a\xC2\xA0" "b", "a b");                       /* no-break space */
  CHECK("", "");
  CHECK("   ", "");
  /* U+FC62 is a compatibility form that starts with a space: collapsed and trimmed
   * like any other, so normalising the result again changes nothing (fuzz finding). */
  CHECK("a \xEF\xB1\xA2", "a \xD9\x90\xD9\x91");
  CHECK("\xEF\xB1\xA2", "\xD9\x90\xD9\x91");
}

static void test_idempotent(void) {
  const char *samples[] = {"ＤｅｅｐＳｅｅｋ　２０２５ ，是", "x\xEF\xB1\xA2 \xEF\xB1\xA2y",
                           "e\xCC\x81\xCC\xA3 ①", "\xFF\xFEtext\r\n"};
  for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
    char *once = NULL, *twice = NULL;
    size_t n1 = 0, n2 = 0;
    INT_EQ(yl_norm_text(samples[i], strlen(samples[i]), &once, &n1, NULL), YL_OK);
    INT_EQ(yl_norm_text(once, n1, &twice, &n2, NULL), YL_OK);
    MEM_EQ(twice, n2, once, n1);
    yl_free(once);
    yl_free(twice);
  }
}

static void test_invalid(void) {
  check("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1);
  check("\xE4\xB8", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2); /* truncated 3-byte sequence */
  check("\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3); /* surrogate */
  check("a\0b", 3, "ab", 0);                            /* NUL is a control */
}

/* Every "plain" character of the fast path is unchanged by the rules: not a space or
 * control, combining class 0, its own decomposition under the options applied. */
static void test_plain_set(void) {
  static const int32_t ranges[][2] = {{0x21, 0x7E},     {0x4E00, 0x9FFF}, {0x3400, 0x4DBF},
                                      {0x3001, 0x3029}, {0x3030, 0x3037}, {0x2010, 0x2027},
                                      {0xB7, 0xB7},     {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},
                                      {0xFF3B, 0xFF40}, {0xFF5B, 0xFF64}};
  int bad = 0;
  for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
    for (int32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
      utf8proc_category_t cat = utf8proc_category(c);
      utf8proc_int32_t dec[32];
      int last = 0;
      utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (ref_wants_compat(c, cat) ? UTF8PROC_COMPAT : 0);
      utf8proc_ssize_t k = utf8proc_decompose_char(c, dec, 32, opt, &last);
      if (ref_is_space(c, cat) || cat == UTF8PROC_CATEGORY_CC || k != 1 || dec[0] != c ||
          utf8proc_get_property(c)->combining_class != 0) {
        if (bad++ < 5) YL_T_FAIL("U+%04X is not plain", (unsigned)c);
      }
    }
  INT_EQ(bad, 0);
}

/* The fast path gives byte for byte what the reference gives, on random strings
 * mixing plain text with marks, spaces, full-width forms, ligatures, bad bytes. */
static void test_matches_reference(void) {
  static const char *const pieces[] = {
      "中", "文", "，", "。", "“", "”", "a", "e", "E", "=", "<", "1", " ", "\t", "\n",
      "\xE3\x80\x80", "\xCC\x81", "\xCC\xA3", "\xCC\xB8", "\xEF\xBC\xA4", "\xEF\xBC\x92",
      "\xEF\xB1\xA2", "\xEF\xAC\x81", "\xE2\x91\xA0", "\xE2\xBC\x88", "\xFF", "\xE4\xB8",
      "\xEF\xBB\xBF", "\xE2\x80\x8B", "\x01", "\xEA\xB0\x80", "\xE1\x86\xA8", "\xE1\x85\xA1",
      "\xEF\xA4\x80", "\xE3\x80\xAA", "\xE3\x80\xB8", "\xC2\xA0", "\xEF\xBD\xB6",
      "\xEF\xBE\x9E", "\xE2\x80\xA6", "\xC3\xA9", "\xF0\x9F\x98\x80",
      /* the edges of the byte-level Han test: U+4DBF, U+4DC0 (a symbol), U+4E00,
       * U+9FFF, U+A000 (Yi), a lead byte with ASCII after it */
      "\xE4\xB6\xBF", "\xE4\xB7\x80", "\xE4\xB8\x80", "\xE9\xBF\xBF", "\xEA\x80\x80",
      "\xE5\x41",
      /* radicals and strokes: ⻓ U+2ED3, ⻆ U+2EC6, ⺁ U+2E81, ⻟ U+2E9F, ⼈ U+2F08,
       * ㇒ U+31D2, and U+2E80 and U+31C0 (none in the file) */
      "\xE2\xBB\x93", "\xE2\xBB\x86", "\xE2\xBA\x81", "\xE2\xBA\x9F", "\xE2\xBC\x88",
      "\xE3\x87\x92", "\xE2\xBA\x80", "\xE3\x87\x80"};
  size_t np = sizeof pieces / sizeof *pieces;
  uint64_t x = 88172645463325252u;
  int mismatches = 0;
  for (int t = 0; t < 20000; t++) {
    char in[256];
    size_t len = 0;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int parts = (int)(x % 12);
    for (int p = 0; p < parts; p++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      const char *pc = pieces[x % np];
      size_t pl = strlen(pc);
      memcpy(in + len, pc, pl);
      len += pl;
    }
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0, abad = 0, bbad = 0;
    yl_norm_text(in, len, &a, &al, &abad);
    ref_norm(in, len, &b, &bl, &bbad);
    if (!a || !b || al != bl || memcmp(a, b, al) || abad != bbad) {
      if (mismatches++ < 5) YL_T_FAIL("case %d: fast \"%s\" vs reference \"%s\"", t, a, b);
    }
    yl_free(a);
    free(b);
  }
  INT_EQ(mismatches, 0);
}

/* Every radical and stroke of Unicode's file becomes its ideograph, and one the file
 * does not list comes out as NFKC/NFC leave it (a real VOA quote wrote 长远 and 角度
 * with ⻓ U+2ED3 and ⻆ U+2EC6). */
static void test_radicals(void) {
  INT_EQ(ref_eui_n, 348); /* EquivalentUnifiedIdeograph-15.0.0: 348 code points */
  CHECK("⻓远的⻆度", "长远的角度");
  CHECK("\xE2\xBA\x81\xE2\xBA\x9F", "厂母"); /* U+2E81, U+2E9F */
  int bad = 0;
  for (uint32_t c = 0x2E80; c <= 0x31EF; c++) {
    if (c == 0x2FE0) c = 0x31C0;
    utf8proc_uint8_t in[4];
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)c, in);
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    yl_norm_text((const char *)in, (size_t)k, &a, &al, NULL);
    ref_norm((const char *)in, (size_t)k, &b, &bl, NULL);
    utf8proc_int32_t got = -1;
    if (a && al) utf8proc_iterate((const utf8proc_uint8_t *)a, (utf8proc_ssize_t)al, &got);
    if (!a || !b || al != bl || memcmp(a, b, al) ||
        (ref_eui[c] && ((size_t)utf8proc_encode_char(got, in) != al || got != (utf8proc_int32_t)ref_eui[c]))) {
      if (bad++ < 5) YL_T_FAIL("U+%04X: \"%s\" (reference \"%s\")", (unsigned)c, a, b);
    }
    yl_free(a);
    free(b);
  }
  INT_EQ(bad, 0);
}

int main(void) {
  ref_eui_load();
  RUN(test_fullwidth);
  RUN(test_radicals);
  RUN(test_nfc);
  RUN(test_space_and_controls);
  RUN(test_invalid);
  RUN(test_idempotent);
  RUN(test_plain_set);
  RUN(test_matches_reference);
  YL_TEST_DONE();
}
