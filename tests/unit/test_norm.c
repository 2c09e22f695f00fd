/* Normalisation: compat folding of letters/digits only, punctuation kept, NFC,
 * white space, controls, invalid UTF-8. */
#include "harness.h"
#include "yuliao/norm.h"

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

int main(void) {
  RUN(test_fullwidth);
  RUN(test_nfc);
  RUN(test_space_and_controls);
  RUN(test_invalid);
  RUN(test_idempotent);
  YL_TEST_DONE();
}
