/* Script: the Traditional-only scan and OpenCC's conversion (yuliao/script.h).
 * Expected conversions are OpenCC 1.1.6's own, e.g.
 *   printf '美國之音報導，中國的人工智慧公司發布了新模型。' | opencc -c t2s
 *   -> 美国之音报导，中国的人工智慧公司发布了新模型。 */
#include <pthread.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "harness.h"
#include "yuliao/script.h"

static yl_script *sc;

static void scan(const char *s, size_t want_han, size_t want_trad) {
  size_t h = 99, t = 99;
  yl_script_scan(sc, s, strlen(s), &h, &t);
  INT_EQ(h, want_han);
  INT_EQ(t, want_trad);
}

static void test_scan(void) {
  scan("中國的人工智慧", 7, 1);       /* 國 */
  scan("中国的人工智能", 7, 0);
  scan("美國之音報導，發布", 8, 4);   /* 國 報 導 發 */
  scan("DeepSeek R1, 2025 年", 1, 0); /* Latin, digits and spaces are not Han */
  scan("", 0, 0);
  scan("\xE4\xB8", 0, 0);              /* a cut sequence counts as nothing */
  scan("𠀀", 1, 0);                    /* Extension B: Han, never flagged */
  /* 乾 alone becomes 干 in t2s, so it is flagged, though Simplified text writes 乾隆:
   * converting such a paragraph is harmless (OpenCC keeps 乾隆, below) */
  scan("乾隆", 2, 1);
  size_t h = 0;
  yl_script_scan(sc, "國", strlen("國"), &h, NULL); /* either count may be left out */
  INT_EQ(h, 1);
}

static void convert(const char *in, const char *want) {
  char *out = NULL;
  size_t n = 0;
  INT_EQ(yl_script_convert(sc, in, strlen(in), &out, &n), YL_OK);
  STR_EQ(out, want);
  INT_EQ(n, strlen(want));
  free(out);
}

static void test_convert(void) {
  convert("美國之音報導，中國的人工智慧公司發布了新模型。",
          "美国之音报导，中国的人工智慧公司发布了新模型。");
  convert("後來 頭髮 瞭解", "后来 头发 了解");
  convert("深度求索发布模型", "深度求索发布模型"); /* Simplified stays as it is */
  convert("乾隆年间", "乾隆年间");
  convert("", "");
}

/* Four threads converting at once (each gets a converter of its own): every result
 * right. */
static void *conv_many(void *arg) {
  int *bad = arg;
  for (int i = 0; i < 200; i++) {
    char *out = NULL;
    size_t n = 0;
    const char *in = "美國之音報導，中國的人工智慧公司發布了新模型。";
    if (yl_script_convert(sc, in, strlen(in), &out, &n) != YL_OK ||
        strcmp(out, "美国之音报导，中国的人工智慧公司发布了新模型。"))
      (*bad)++;
    free(out);
  }
  return NULL;
}

static void test_threads(void) {
  pthread_t th[4];
  int bad[4] = {0};
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, conv_many, &bad[i]);
  for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < 4; i++) INT_EQ(bad[i], 0);
}

/* The fast t2s (phrase table + OpenCC's single-character conversions) gives OpenCC's
 * bytes: every phrase of the table between neighbours, every ideograph of the table in
 * runs of 50, and a news paragraph; each against a converter without the fast path. */
static void test_fast_equals_opencc(void) {
  const char *src = getenv("YL_SRC");
  char path[1024];
  snprintf(path, sizeof path, "%s/dict/opencc/t2s-phrases.tsv", src ? src : ".");
  yl_script *fast = NULL;
  INT_EQ(yl_script_open("t2s", &fast, NULL), YL_OK);
  if (!fast) return;
  int on = 0;
  INT_EQ(yl_script_use_phrases(fast, path, NULL, &on), YL_OK);
  INT_EQ(on, 1); /* fails when the installed OpenCC's TSPhrases is not the table's source:
                    run scripts/import-opencc-phrases */
  yl_buf in = YL_BUF_INIT;
  FILE *f = fopen(path, "r");
  char line[1024];
  while (f && fgets(line, sizeof line, f)) {
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab) continue;
    yl_buf_puts(&in, "前");
    yl_buf_put(&in, line, (size_t)(tab - line));
    yl_buf_puts(&in, "後，");
  }
  if (f) fclose(f);
  unsigned char e[4];
  for (uint32_t c = 0x3400; c <= 0x9FFF; c++) {
    if (c > 0x4DBF && c < 0x4E00) continue;
    yl_buf_put(&in, e, yl_utf8_encode(c, e));
    if (c % 50 == 0) yl_buf_puts(&in, "\n");
  }
  yl_buf_puts(&in, "美國總統川普週二表示，將對從中國進口的晶片徵收關稅；臺灣的半導體業者憂心，"
                   "於是紛紛瞭解乾隆年間的歷史。DeepSeek 發佈 R1 模型，100% 開源。");
  char *a = NULL, *b = NULL;
  size_t na = 0, nb = 0;
  INT_EQ(yl_script_convert(fast, in.data, in.len, &a, &na), YL_OK);
  INT_EQ(yl_script_convert(sc, in.data, in.len, &b, &nb), YL_OK);
  INT_EQ(na, nb);
  OK(a && b && !strcmp(a, b));
  if (a && b && strcmp(a, b)) {
    size_t i = 0;
    while (a[i] == b[i]) i++;
    fprintf(stderr, "first difference at byte %zu: %.30s | %.30s\n", i, a + i, b + i);
  }
  free(a);
  free(b);
  yl_buf_free(&in);
  /* another configuration, or a table whose source is not installed: OpenCC does it */
  yl_script *tw = NULL;
  INT_EQ(yl_script_open("tw2sp", &tw, NULL), YL_OK);
  INT_EQ(yl_script_use_phrases(tw, path, NULL, &on), YL_OK);
  INT_EQ(on, 0);
  yl_script_free(tw);
  yl_script *other = NULL;
  INT_EQ(yl_script_open("t2s", &other, NULL), YL_OK);
  INT_EQ(yl_script_use_phrases(other, path, "/nonexistent", &on), YL_OK);
  INT_EQ(on, 0);
  INT_EQ(yl_script_use_phrases(other, "/nonexistent.tsv", NULL, &on), YL_OK);
  INT_EQ(on, 0);
  yl_script_free(other);
  yl_script_free(fast);
}

static void test_open(void) {
  STR_EQ(yl_script_config(sc), "t2s.json");
  OK(strlen(yl_script_opencc_version()) > 0);
  yl_script *s = NULL;
  INT_EQ(yl_script_open("tw2sp.json", &s, NULL), YL_OK); /* with the extension too */
  if (s) STR_EQ(yl_script_config(s), "tw2sp.json");
  yl_script_free(s);
  yl_error e;
  yl_error_clear(&e);
  s = NULL;
  INT_EQ(yl_script_open("no-such-config", &s, &e), YL_ERR_NOTFOUND);
  OK(s == NULL);
  OK(strstr(e.file, "no-such-config.json") != NULL);
  yl_script_free(NULL);
}

int main(void) {
  if (yl_script_open("t2s", &sc, NULL) != YL_OK) {
    fprintf(stderr, "cannot open OpenCC's t2s\n");
    return 1;
  }
  RUN(test_scan);
  RUN(test_convert);
  RUN(test_threads);
  RUN(test_fast_equals_opencc);
  RUN(test_open);
  yl_script_free(sc);
  YL_TEST_DONE();
}
