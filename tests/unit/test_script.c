/* Script: the Traditional-only scan and OpenCC's conversion (yuliao/script.h).
 * Expected conversions are OpenCC 1.1.6's own, e.g.
 *   printf '美國之音報導，中國的人工智慧公司發布了新模型。' | opencc -c t2s
 *   -> 美国之音报导，中国的人工智慧公司发布了新模型。 */
#include <pthread.h>
#include <string.h>

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
  RUN(test_open);
  yl_script_free(sc);
  YL_TEST_DONE();
}
