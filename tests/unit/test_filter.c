/* Token filter: each rule, case folding, stop-word files (BOM, CRLF, comments),
 * per-outlet extra stop words, the shipped lists, key-buffer bounds. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "harness.h"
#include "yuliao/filter.h"

/* Runs the filter on 'tok' and checks the reason and, when 'want_key' is not NULL,
 * the key. */
static void expect(const yl_filter *f, const yl_filter_stops *extra, const char *tok,
                   yl_filter_reason want, const char *want_key) {
  char key[YL_FILTER_KEY_CAP(256)];
  size_t n = 99;
  size_t len = strlen(tok);
  yl_filter_reason r = yl_filter_token(f, extra, tok, len, key, sizeof key, &n);
  if (r != want)
    YL_T_FAIL("\"%s\": %s, want %s", tok, yl_filter_reason_name(r), yl_filter_reason_name(want));
  else
    yl_t_pass++;
  if (want_key) MEM_EQ(key, n, want_key, strlen(want_key));
  else if (want == YL_FILTER_SPACE || want == YL_FILTER_PUNCT || want == YL_FILTER_NUMBER)
    INT_EQ(n, 0);
}

static yl_filter *make(size_t min_chars, int keep_numbers) {
  yl_filter_config c;
  yl_filter_config_init(&c);
  c.min_chars = min_chars;
  c.keep_numbers = keep_numbers;
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(&c, &f), YL_OK);
  return f;
}

static void test_defaults(void) {
  yl_filter_config c;
  yl_filter_config_init(&c);
  INT_EQ(c.min_chars, 2);
  INT_EQ(c.keep_numbers, 0);
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(NULL, &f), YL_OK);
  INT_EQ(yl_filter_get_config(f)->min_chars, 2);
  INT_EQ(yl_filter_stops_count(yl_filter_stopset(f)), 0);
  yl_filter_free(f);
  yl_filter_free(NULL);
  yl_filter_stops_free(NULL);
}

static void test_space_and_punct(void) {
  yl_filter *f = make(2, 0);
  expect(f, NULL, "", YL_FILTER_SPACE, NULL);
  expect(f, NULL, " ", YL_FILTER_SPACE, NULL);
  expect(f, NULL, "\t\r\n", YL_FILTER_SPACE, NULL);
  expect(f, NULL, "\xE3\x80\x80", YL_FILTER_SPACE, NULL);      /* ideographic space */
  expect(f, NULL, "，", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "。", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "——", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "“”", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "《》", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "...", YL_FILTER_PUNCT, NULL);               /* signs alone are no number */
  expect(f, NULL, "%", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "-", YL_FILTER_PUNCT, NULL);
  expect(f, NULL, "$", YL_FILTER_PUNCT, NULL);                 /* Sc */
  expect(f, NULL, "+=", YL_FILTER_PUNCT, NULL);                /* Sm */
  expect(f, NULL, "\xF0\x9F\x9A\x80", YL_FILTER_PUNCT, NULL);  /* rocket emoji, So */
  expect(f, NULL, "\xE2\x80\x8D", YL_FILTER_PUNCT, NULL);      /* ZWJ, Cf */
  expect(f, NULL, "\xEE\x80\x80", YL_FILTER_PUNCT, NULL);      /* private use, Co */
  expect(f, NULL, "\xCC\x81", YL_FILTER_PUNCT, NULL);          /* lone combining mark */
  expect(f, NULL, "\xFF\xFE", YL_FILTER_PUNCT, NULL);          /* invalid bytes */
  expect(f, NULL, " 、 ", YL_FILTER_PUNCT, NULL);
  yl_filter_free(f);
}

static void test_numbers(void) {
  yl_filter *f = make(2, 0);
  expect(f, NULL, "2025", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "3.5", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "50%", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "1,000", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "1/20", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "2025-01-28", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "10:30", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "-17%", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "５０", YL_FILTER_NUMBER, NULL);             /* full-width digits are Nd */
  expect(f, NULL, "100％", YL_FILTER_NUMBER, NULL);            /* normalised text keeps ％ */
  expect(f, NULL, "3．5", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "5‰", YL_FILTER_NUMBER, NULL);
  expect(f, NULL, "〇", YL_FILTER_NUMBER, NULL);               /* U+3007 is Nl */
  expect(f, NULL, "½", YL_FILTER_NUMBER, NULL);                /* No */
  expect(f, NULL, "٢٠٢٥", YL_FILTER_NUMBER, NULL);             /* Arabic-Indic digits */
  expect(f, NULL, "7", YL_FILTER_NUMBER, NULL);                /* NUMBER is checked before SHORT */
  /* Anything with a letter, or a non-number sign, is a word. */
  expect(f, NULL, "2025年", YL_FILTER_KEEP, "2025年");
  expect(f, NULL, "H800", YL_FILTER_KEEP, "h800");
  expect(f, NULL, "3.5x", YL_FILTER_KEEP, "3.5x");
  expect(f, NULL, "#1", YL_FILTER_KEEP, "#1");
  yl_filter_free(f);

  f = make(2, 1); /* keep_numbers */
  expect(f, NULL, "2025", YL_FILTER_KEEP, "2025");
  expect(f, NULL, "50%", YL_FILTER_KEEP, "50%");
  expect(f, NULL, "7", YL_FILTER_SHORT, "7");
  expect(f, NULL, "，", YL_FILTER_PUNCT, NULL);
  yl_filter_free(f);
}

static void test_length(void) {
  yl_filter *f = make(2, 0);
  expect(f, NULL, "中", YL_FILTER_SHORT, "中");                 /* key still given */
  expect(f, NULL, "a", YL_FILTER_SHORT, "a");
  expect(f, NULL, "B", YL_FILTER_SHORT, "b");
  expect(f, NULL, "é", YL_FILTER_SHORT, "é");                   /* 2 bytes, 1 code point */
  expect(f, NULL, "AI", YL_FILTER_KEEP, "ai");
  expect(f, NULL, "R1", YL_FILTER_KEEP, "r1");
  expect(f, NULL, "中国", YL_FILTER_KEEP, "中国");
  expect(f, NULL, "深度求索", YL_FILTER_KEEP, "深度求索");
  yl_filter_free(f);

  f = make(1, 0);
  expect(f, NULL, "中", YL_FILTER_KEEP, "中");
  expect(f, NULL, "a", YL_FILTER_KEEP, "a");
  expect(f, NULL, "，", YL_FILTER_PUNCT, NULL);
  yl_filter_free(f);

  f = make(3, 0);
  expect(f, NULL, "AI", YL_FILTER_SHORT, "ai");
  expect(f, NULL, "英伟达", YL_FILTER_KEEP, "英伟达");
  yl_filter_free(f);
}

static void test_case_folding(void) {
  yl_filter *f = make(2, 0);
  expect(f, NULL, "DeepSeek", YL_FILTER_KEEP, "deepseek");
  expect(f, NULL, "Deepseek", YL_FILTER_KEEP, "deepseek");
  expect(f, NULL, "DEEPSEEK", YL_FILTER_KEEP, "deepseek");
  expect(f, NULL, "DeepSeek-R1", YL_FILTER_KEEP, "deepseek-r1");
  expect(f, NULL, "GPT-4o", YL_FILTER_KEEP, "gpt-4o");
  expect(f, NULL, "OpenAI", YL_FILTER_KEEP, "openai");
  expect(f, NULL, "Straße", YL_FILTER_KEEP, "strasse");        /* full case folding */
  expect(f, NULL, "ÉCOLE", YL_FILTER_KEEP, "école");
  expect(f, NULL, "ΑΙ", YL_FILTER_KEEP, "αι");                  /* Greek capitals */
  expect(f, NULL, "Ärger", YL_FILTER_KEEP, "ärger");
  expect(f, NULL, "DeepSeek模型", YL_FILTER_KEEP, "deepseek模型");
  expect(f, NULL, "カタカナ", YL_FILTER_KEEP, "カタカナ");
  expect(f, NULL, "a\xFF" "b", YL_FILTER_KEEP, "a\xEF\xBF\xBD" "b"); /* bad byte → U+FFFD */
  yl_filter_free(f);
}

/* Checks the fast path's assumption: U+3400..U+4DBF and U+4E00..U+9FFF are Han letters
 * whose key is the character itself, and the general path agrees. */
static void test_han_range(void) {
  yl_filter *f = make(1, 0);
  int bad = 0;
  for (utf8proc_int32_t c = 0x3400; c <= 0x9FFF && bad < 5; c++) {
    if (c >= 0x4DC0 && c <= 0x4DFF) continue;
    unsigned char tok[4];
    size_t n = (size_t)utf8proc_encode_char(c, tok);
    char key[16];
    size_t kl = 0;
    yl_filter_reason r = yl_filter_token(f, NULL, (char *)tok, n, key, sizeof key, &kl);
    if (utf8proc_category(c) != UTF8PROC_CATEGORY_LO || r != YL_FILTER_KEEP || kl != n ||
        memcmp(key, tok, n) != 0) {
      YL_T_FAIL("U+%04X: category %d, %s", (unsigned)c, (int)utf8proc_category(c),
                yl_filter_reason_name(r));
      bad++;
    }
  }
  INT_EQ(bad, 0);
  /* The gap inside the range is a symbol block. */
  expect(f, NULL, "䷀", YL_FILTER_PUNCT, NULL); /* U+4DC0 */
  yl_filter_free(f);
}

/* Every code point's key agrees with utf8proc_map(CASEFOLD) and fits in
 * YL_FILTER_KEY_CAP. The token "a" + code point gets a key even for symbols; the code
 * point alone, when it is a letter or number, must fit a buffer of exactly
 * YL_FILTER_KEY_CAP bytes (ΐ folds from 2 to 6 bytes). */
static void test_key_bound(void) {
  yl_filter *f = make(1, 1);
  int bad = 0;
  for (utf8proc_int32_t c = 0x80; c <= 0x10FFFF && bad < 5; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    unsigned char tok[8] = {'a'};
    size_t n = 1 + (size_t)utf8proc_encode_char(c, tok + 1);
    char key[YL_FILTER_KEY_CAP(5)], key1[YL_FILTER_KEY_CAP(4)];
    size_t kl = 0, kl1 = 0;
    yl_filter_reason r = yl_filter_token(f, NULL, (char *)tok, n, key, YL_FILTER_KEY_CAP(n), &kl);
    yl_filter_reason r1 =
        yl_filter_token(f, NULL, (char *)tok + 1, n - 1, key1, YL_FILTER_KEY_CAP(n - 1), &kl1);
    utf8proc_uint8_t *want = NULL;
    utf8proc_ssize_t wl = utf8proc_map(tok, (utf8proc_ssize_t)n, &want, UTF8PROC_CASEFOLD);
    int ok = r == YL_FILTER_KEEP && wl >= 1 && (size_t)wl == kl && memcmp(key, want, kl) == 0 &&
             kl <= 3 * n && r1 != YL_FILTER_LONG &&
             (r1 != YL_FILTER_KEEP || (kl1 == kl - 1 && memcmp(key1, want + 1, kl1) == 0));
    free(want);
    if (!ok) {
      YL_T_FAIL("U+%04X: %s/%s, key %zu bytes, oracle %zd", (unsigned)c,
                yl_filter_reason_name(r), yl_filter_reason_name(r1), kl, wl);
      bad++;
    }
  }
  INT_EQ(bad, 0);
  yl_filter_free(f);
}

static void test_long(void) {
  yl_filter *f = make(2, 0);
  char key[4];
  size_t kl = 7;
  INT_EQ(yl_filter_token(f, NULL, "中国", 6, key, sizeof key, &kl), YL_FILTER_LONG);
  INT_EQ(kl, 0);
  INT_EQ(yl_filter_token(f, NULL, "ABCD", 4, key, sizeof key, &kl), YL_FILTER_LONG);
  INT_EQ(yl_filter_token(f, NULL, "ABC", 3, key, sizeof key, &kl), YL_FILTER_KEEP);
  MEM_EQ(key, kl, "abc", 3);
  INT_EQ(yl_filter_token(f, NULL, "Straße", 7, key, sizeof key, &kl), YL_FILTER_LONG);
  /* Rules that need no key are decided whatever the buffer. */
  INT_EQ(yl_filter_token(f, NULL, "2025", 4, key, 0, &kl), YL_FILTER_NUMBER);
  yl_filter_free(f);
}

static void test_stop_words(void) {
  yl_filter *f = make(2, 0);
  yl_filter_stops *s = yl_filter_stopset(f);
  INT_EQ(yl_filter_stops_add(s, "我们", strlen("我们")), YL_OK);
  INT_EQ(yl_filter_stops_add(s, "The", 3), YL_OK);
  INT_EQ(yl_filter_stops_add(s, "  的 ", strlen("  的 ")), YL_OK);
  INT_EQ(yl_filter_stops_add(s, "ＯＫ", strlen("ＯＫ")), YL_OK);      /* normalised to ok */
  INT_EQ(yl_filter_stops_add(s, "the", 3), YL_OK);                     /* duplicate */
  INT_EQ(yl_filter_stops_add(s, "   ", 3), YL_OK);                     /* empty: ignored */
  INT_EQ(yl_filter_stops_add(s, "a\xFF", 2), YL_ERR_UTF8);
  INT_EQ(yl_filter_stops_count(s), 4);
  OK(yl_filter_stops_has(s, "the", 3));
  OK(yl_filter_stops_has(s, "的", 3));
  OK(!yl_filter_stops_has(s, "The", 3));                               /* keys are folded */
  expect(f, NULL, "我们", YL_FILTER_STOP, "我们");
  expect(f, NULL, "the", YL_FILTER_STOP, "the");
  expect(f, NULL, "THE", YL_FILTER_STOP, "the");
  expect(f, NULL, "OK", YL_FILTER_STOP, "ok");
  expect(f, NULL, "的", YL_FILTER_SHORT, "的");                        /* SHORT comes first */
  expect(f, NULL, "他们", YL_FILTER_KEEP, "他们");
  expect(f, NULL, "theory", YL_FILTER_KEEP, "theory");
  yl_filter_free(f);

  f = make(1, 0);
  INT_EQ(yl_filter_stops_add(yl_filter_stopset(f), "的", 3), YL_OK);
  expect(f, NULL, "的", YL_FILTER_STOP, "的");
  yl_filter_free(f);

  /* Many words: the table grows and every word is still found. */
  yl_filter_stops *big = NULL;
  INT_EQ(yl_filter_stops_new(&big), YL_OK);
  char w[32];
  for (int i = 0; i < 5000; i++) {
    int n = snprintf(w, sizeof w, "w%d", i);
    if (yl_filter_stops_add(big, w, (size_t)n) != YL_OK) break;
  }
  INT_EQ(yl_filter_stops_count(big), 5000);
  int missing = 0;
  for (int i = 0; i < 5000; i++) {
    int n = snprintf(w, sizeof w, "w%d", i);
    missing += !yl_filter_stops_has(big, w, (size_t)n);
  }
  INT_EQ(missing, 0);
  OK(!yl_filter_stops_has(big, "w5000", 5));
  yl_filter_stops_free(big);
}

static void test_extra_stops(void) {
  yl_filter *f = make(2, 0);
  INT_EQ(yl_filter_stops_add(yl_filter_stopset(f), "我们", strlen("我们")), YL_OK);
  yl_filter_stops *dw = NULL, *voa = NULL;
  INT_EQ(yl_filter_stops_new(&dw), YL_OK);
  INT_EQ(yl_filter_stops_new(&voa), YL_OK);
  const char *dw_names = "德国之声|DW||Deutsche Welle";
  INT_EQ(yl_filter_stops_add_list(dw, dw_names, strlen(dw_names), '|'), YL_OK);
  INT_EQ(yl_filter_stops_count(dw), 3);
  INT_EQ(yl_filter_stops_add_list(voa, "美国之音|VOA", strlen("美国之音|VOA"), '|'), YL_OK);
  expect(f, dw, "德国之声", YL_FILTER_STOP, "德国之声");
  expect(f, dw, "dw", YL_FILTER_STOP, "dw");
  expect(f, dw, "Deutsche Welle", YL_FILTER_STOP, "deutsche welle");
  expect(f, dw, "我们", YL_FILTER_STOP, "我们");                     /* filter set still applies */
  expect(f, dw, "美国之音", YL_FILTER_KEEP, "美国之音");             /* another outlet's name */
  expect(f, voa, "美国之音", YL_FILTER_STOP, "美国之音");
  expect(f, voa, "德国之声", YL_FILTER_KEEP, "德国之声");
  expect(f, NULL, "德国之声", YL_FILTER_KEEP, "德国之声");
  yl_filter_stops_free(dw);
  yl_filter_stops_free(voa);
  yl_filter_free(f);
}

static char *tmp_path(const char *name) {
  const char *dir = getenv("YL_TMP");
  if (!dir) dir = "/tmp";
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
  FILE *fp = fopen(path, "wb");
  OK(fp != NULL);
  if (!fp) return;
  OK(fwrite(data, 1, len, fp) == len);
  OK(fclose(fp) == 0);
}

static void test_files(void) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", tmp_path("filter-stops"));
  char cmd[8400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
  INT_EQ(system(cmd), 0);

  char path[4200];
  static const char crlf[] = "\xEF\xBB\xBF# comment line\r\n我们\r\n\r\n  the  \r\n"
                             "  # 他们\r\nＯＫ\r\n最后一行\r";
  snprintf(path, sizeof path, "%s/a.txt", dir);
  write_file(path, crlf, sizeof crlf - 1);
  static const char lf[] = "日本\n美国\n"; /* no BOM, LF */
  snprintf(path, sizeof path, "%s/b.txt", dir);
  write_file(path, lf, sizeof lf - 1);
  snprintf(path, sizeof path, "%s/notes.md", dir); /* not .txt: ignored */
  write_file(path, "中国\n", 7);

  yl_filter *f = make(2, 0);
  size_t nf = 0;
  yl_error err;
  INT_EQ(yl_filter_load_stopword_dir(f, dir, &nf, &err), YL_OK);
  INT_EQ(nf, 2);
  INT_EQ(err.code, YL_OK);
  INT_EQ(yl_filter_stops_count(yl_filter_stopset(f)), 6);
  expect(f, NULL, "我们", YL_FILTER_STOP, "我们");
  expect(f, NULL, "The", YL_FILTER_STOP, "the");
  expect(f, NULL, "OK", YL_FILTER_STOP, "ok");
  expect(f, NULL, "最后一行", YL_FILTER_STOP, "最后一行");
  expect(f, NULL, "他们", YL_FILTER_KEEP, "他们");                  /* commented out */
  expect(f, NULL, "日本", YL_FILTER_STOP, "日本");
  expect(f, NULL, "中国", YL_FILTER_KEEP, "中国");
  expect(f, NULL, "# comment line", YL_FILTER_KEEP, "# comment line");
  yl_filter_free(f);

  /* An invalid line is reported with its file and its number. */
  static const char broken[] = "一\n二三\n\xC3\x28\n四\n";
  snprintf(path, sizeof path, "%s/c.txt", dir);
  write_file(path, broken, sizeof broken - 1);
  f = make(2, 0);
  INT_EQ(yl_filter_load_stopword_dir(f, dir, &nf, &err), YL_ERR_UTF8);
  INT_EQ(nf, 2);
  ERR_EQ(err, YL_ERR_UTF8, path, 3, 0, "not valid UTF-8");
  yl_filter_free(f);

  yl_filter_stops *s = NULL;
  INT_EQ(yl_filter_stops_new(&s), YL_OK);
  INT_EQ(yl_filter_stops_load(s, path, &err), YL_ERR_UTF8);
  ERR_EQ(err, YL_ERR_UTF8, path, 3, 0, "not valid UTF-8");
  INT_EQ(yl_filter_stops_count(s), 2); /* the words before it */
  snprintf(path, sizeof path, "%s/missing.txt", dir);
  INT_EQ(yl_filter_stops_load(s, path, &err), YL_ERR_IO);
  char want[600];
  snprintf(want, sizeof want, "cannot load stop words: %s", strerror(ENOENT));
  ERR_EQ(err, YL_ERR_IO, path, 0, ENOENT, want);
  INT_EQ(yl_filter_stops_load(s, path, NULL), YL_ERR_IO);
  snprintf(path, sizeof path, "%s/empty.list", dir);
  write_file(path, "", 0);
  INT_EQ(yl_filter_stops_load(s, path, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  INT_EQ(yl_filter_stops_count(s), 2);
  yl_filter_stops_free(s);

  f = make(2, 0);
  snprintf(path, sizeof path, "%s/no-such-dir", dir);
  INT_EQ(yl_filter_load_stopword_dir(f, path, &nf, &err), YL_ERR_NOTFOUND);
  ERR_EQ(err, YL_ERR_NOTFOUND, path, 0, ENOENT, "cannot load stop words: not found");
  INT_EQ(yl_filter_load_stopword_dir(f, path, &nf, NULL), YL_ERR_NOTFOUND);
  yl_filter_free(f);
}

/* The shipped lists: function words go, the story's content words stay. */
static void test_shipped_lists(void) {
  const char *dict = getenv("YULIAO_DICT_DIR");
  OK(dict != NULL);
  if (!dict) return;
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/stopwords", dict);
  yl_filter *f = make(2, 0);
  size_t nf = 0;
  INT_EQ(yl_filter_load_stopword_dir(f, dir, &nf, NULL), YL_OK);
  INT_EQ(nf, 2);
  OK(yl_filter_stops_count(yl_filter_stopset(f)) > 1500);
  expect(f, NULL, "我们", YL_FILTER_STOP, NULL);
  expect(f, NULL, "因为", YL_FILTER_STOP, NULL);
  expect(f, NULL, "但是", YL_FILTER_STOP, NULL);
  expect(f, NULL, "The", YL_FILTER_STOP, NULL);
  expect(f, NULL, "because", YL_FILTER_STOP, NULL);
  expect(f, NULL, "的", YL_FILTER_SHORT, NULL);
  /* removed from the source lists on purpose (docs/filter.md) */
  expect(f, NULL, "AI", YL_FILTER_KEEP, "ai");
  expect(f, NULL, "US", YL_FILTER_KEEP, "us");
  expect(f, NULL, "UK", YL_FILTER_KEEP, "uk");
  expect(f, NULL, "CN", YL_FILTER_KEEP, "cn");
  expect(f, NULL, "Microsoft", YL_FILTER_KEEP, "microsoft");
  expect(f, NULL, "通过", YL_FILTER_KEEP, "通过");
  expect(f, NULL, "本地", YL_FILTER_KEEP, "本地");
  expect(f, NULL, "针对", YL_FILTER_KEEP, "针对");
  /* the story's terms */
  expect(f, NULL, "DeepSeek", YL_FILTER_KEEP, "deepseek");
  expect(f, NULL, "出口管制", YL_FILTER_KEEP, "出口管制");
  expect(f, NULL, "英伟达", YL_FILTER_KEEP, "英伟达");
  expect(f, NULL, "审查", YL_FILTER_KEEP, "审查");
  expect(f, NULL, "开源", YL_FILTER_KEEP, "开源");
  expect(f, NULL, "国家安全", YL_FILTER_KEEP, "国家安全");
  yl_filter_free(f);

  f = make(1, 0);
  INT_EQ(yl_filter_load_stopword_dir(f, dir, &nf, NULL), YL_OK);
  expect(f, NULL, "的", YL_FILTER_STOP, "的");
  expect(f, NULL, "了", YL_FILTER_STOP, "了");
  yl_filter_free(f);
}

/* One filter and one extra set shared by four threads: every thread gets the same
 * decisions as a single-threaded run (the filter is read-only after set-up). */
static const char *const thread_toks[] = {"DeepSeek", "我们", "德国之声", "2025", "，", "中",
                                          "GPT-4o", "Straße", "出口管制", "the", "DW", " "};
#define N_THREAD_TOKS (sizeof thread_toks / sizeof thread_toks[0])

typedef struct thread_job {
  const yl_filter *f;
  const yl_filter_stops *extra;
  int reasons[N_THREAD_TOKS];
  char keys[N_THREAD_TOKS][32];
} thread_job;

static void *thread_run(void *arg) {
  thread_job *j = arg;
  for (int rep = 0; rep < 2000; rep++)
    for (size_t i = 0; i < N_THREAD_TOKS; i++) {
      size_t kl = 0;
      j->reasons[i] = (int)yl_filter_token(j->f, j->extra, thread_toks[i], strlen(thread_toks[i]),
                                           j->keys[i], sizeof j->keys[i], &kl);
    }
  return NULL;
}

static void test_threads(void) {
  yl_filter *f = make(2, 0);
  INT_EQ(yl_filter_stops_add_list(yl_filter_stopset(f), "我们|the", strlen("我们|the"), '|'), YL_OK);
  yl_filter_stops *dw = NULL;
  INT_EQ(yl_filter_stops_new(&dw), YL_OK);
  INT_EQ(yl_filter_stops_add_list(dw, "德国之声|DW", strlen("德国之声|DW"), '|'), YL_OK);
  thread_job ref = {f, dw, {0}, {{0}}}, jobs[4];
  thread_run(&ref);
  pthread_t th[4];
  int started = 0;
  for (int i = 0; i < 4; i++) {
    jobs[i] = (thread_job){f, dw, {0}, {{0}}};
    if (pthread_create(&th[i], NULL, thread_run, &jobs[i]) == 0) started++;
    else break;
  }
  INT_EQ(started, 4);
  for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
  int diff = 0;
  for (int i = 0; i < started; i++)
    for (size_t k = 0; k < N_THREAD_TOKS; k++)
      diff += jobs[i].reasons[k] != ref.reasons[k] ||
              (ref.reasons[k] == YL_FILTER_KEEP && strcmp(jobs[i].keys[k], ref.keys[k]) != 0);
  INT_EQ(diff, 0);
  INT_EQ(ref.reasons[0], YL_FILTER_KEEP);
  STR_EQ(ref.keys[0], "deepseek");
  INT_EQ(ref.reasons[1], YL_FILTER_STOP);
  INT_EQ(ref.reasons[2], YL_FILTER_STOP);
  INT_EQ(ref.reasons[10], YL_FILTER_STOP);
  yl_filter_stops_free(dw);
  yl_filter_free(f);
}

static void test_reason_names(void) {
  STR_EQ(yl_filter_reason_name(YL_FILTER_KEEP), "keep");
  STR_EQ(yl_filter_reason_name(YL_FILTER_SPACE), "space");
  STR_EQ(yl_filter_reason_name(YL_FILTER_PUNCT), "punct");
  STR_EQ(yl_filter_reason_name(YL_FILTER_NUMBER), "number");
  STR_EQ(yl_filter_reason_name(YL_FILTER_SHORT), "short");
  STR_EQ(yl_filter_reason_name(YL_FILTER_STOP), "stop");
  STR_EQ(yl_filter_reason_name(YL_FILTER_LONG), "long");
  STR_EQ(yl_filter_reason_name((yl_filter_reason)YL_FILTER_NREASONS), "?");
}

/* Keys in the order they were added, stable as more are added. */
static void test_stops_keys(void) {
  yl_filter_stops *s = NULL;
  INT_EQ(yl_filter_stops_new(&s), YL_OK);
  INT_EQ(yl_filter_stops_add(s, "審查", strlen("審查")), YL_OK);
  INT_EQ(yl_filter_stops_add(s, "DeepSeek", strlen("DeepSeek")), YL_OK);
  size_t len = 0;
  STR_EQ(yl_filter_stops_key(s, 0, &len), "審查");
  INT_EQ(len, strlen("審查"));
  INT_EQ(yl_filter_stops_add(s, "审查", strlen("审查")), YL_OK);
  STR_EQ(yl_filter_stops_key(s, 1, &len), "deepseek"); /* a key: case-folded */
  STR_EQ(yl_filter_stops_key(s, 2, &len), "审查");
  INT_EQ(yl_filter_stops_count(s), 3);
  yl_filter_stops_free(s);
}

int main(void) {
  RUN(test_stops_keys);
  RUN(test_defaults);
  RUN(test_space_and_punct);
  RUN(test_numbers);
  RUN(test_length);
  RUN(test_case_folding);
  RUN(test_han_range);
  RUN(test_key_bound);
  RUN(test_long);
  RUN(test_stop_words);
  RUN(test_extra_stops);
  RUN(test_files);
  RUN(test_shipped_lists);
  RUN(test_threads);
  RUN(test_reason_names);
  YL_TEST_DONE();
}
