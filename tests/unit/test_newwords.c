/* New-word discovery (yuliao/newwords.h): PMI, neighbour entropy and the score on
 * hand-computed values; fragment suppression; newwords.txt's frequency rule on a tiny
 * dictionary, checked by the segmenter itself; and whole runs on the fixture corpus:
 * the function-character filter, the substring rule and the same bytes for -j 1, -j 2
 * and the input paths in another order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "yuliao/config.h"
#include "yuliao/newwords.h"

static void test_pmi(void) {
  /* c(xy) = 12, c(x) = 40, c(y) = 30, n = 10000:
   * ln(12 · 10000 / (40 · 30)) = ln(120000 / 1200) = ln 100 = 4.605170185988091 */
  DBL_NEAR(yl_newwords_pmi(12, 40, 30, 10000), 4.605170185988091, 1e-12);
  /* independent parts: c(xy) = c(x) c(y) / n → 0: 5 · 200 / 1000 = 1 */
  DBL_NEAR(yl_newwords_pmi(1, 5, 200, 1000), 0.0, 1e-12);
  /* below independence: ln(1 · 100 / (10 · 20)) = ln 0.5 = −0.6931471805599453 */
  DBL_NEAR(yl_newwords_pmi(1, 10, 20, 100), -0.6931471805599453, 1e-12);
  OK(yl_newwords_pmi(0, 10, 20, 100) < -1e300);
}

static void test_entropy(void) {
  /* neighbours 的 ×2, 在 ×1, 和 ×1 of 4 occurrences: p = ½, ¼, ¼;
   * H = −(½ ln ½ + 2 · ¼ ln ¼) = ½ ln 2 + ln 2 = 1.5 ln 2 = 1.0397207708399179 */
  uint64_t c3[] = {2, 1, 1};
  DBL_NEAR(yl_newwords_entropy(c3, 3, 0), 1.0397207708399179, 1e-12);
  /* the same with the two single neighbours being paragraph ends: each end is a
   * neighbour of its own, so the distribution and H are the same */
  uint64_t c1[] = {2};
  DBL_NEAR(yl_newwords_entropy(c1, 1, 2), 1.0397207708399179, 1e-12);
  /* one neighbour every time (a fragment: 度求索 always after 深): H = 0 */
  uint64_t one[] = {7};
  DBL_NEAR(yl_newwords_entropy(one, 1, 0), 0.0, 1e-15);
  OK(yl_newwords_entropy(one, 1, 0) >= 0.0); /* not −0 below zero */
  /* five different neighbours once each: ln 5 = 1.6094379124341003 */
  uint64_t five[] = {1, 1, 1, 1, 1};
  DBL_NEAR(yl_newwords_entropy(five, 5, 0), 1.6094379124341003, 1e-12);
  DBL_NEAR(yl_newwords_entropy(NULL, 0, 0), 0.0, 0);
}

static void test_score(void) {
  /* ln(1 + 9) · 2 · min(1.5, 0.5) = 2.302585092994046 · 2 · 0.5 = 2.302585092994046 */
  DBL_NEAR(yl_newwords_score(9, 2.0, 1.5, 0.5), 2.302585092994046, 1e-12);
  DBL_NEAR(yl_newwords_score(9, -0.1, 1.5, 0.5), 0.0, 0);
  DBL_NEAR(yl_newwords_score(9, 2.0, 0.0, 3.0), 0.0, 0);
}

static void test_suppress(void) {
  /* rank order: a substring of a kept better term goes; a better substring does not
   * remove a worse superstring (求索公司 is not a substring of 深度求索) */
  const char *t[] = {"深度求索", "深度求", "求索公司", "度求索", "深度", "星际之门", "之门"};
  size_t lens[7];
  for (int i = 0; i < 7; i++) lens[i] = strlen(t[i]);
  unsigned char keep[7];
  OK(yl_newwords_suppress(t, lens, 7, keep) == YL_OK);
  int want[] = {1, 0, 1, 0, 0, 1, 0};
  for (int i = 0; i < 7; i++) INT_EQ(keep[i], want[i]);
  /* a substring of a term that was itself dropped is kept only if nothing kept holds it */
  const char *u[] = {"ABCD", "ABC", "BC"};
  size_t ul[] = {4, 3, 2};
  OK(yl_newwords_suppress(u, ul, 3, keep) == YL_OK);
  INT_EQ(keep[0], 1);
  INT_EQ(keep[1], 0);
  INT_EQ(keep[2], 0);
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return 0;
  int ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok;
}

static const char *cut(const yl_dict *d, const char *text) {
  static char out[256];
  yl_segmenter *s;
  const yl_token *t;
  size_t n;
  out[0] = '\0';
  if (yl_segmenter_new(d, &s)) return "(nomem)";
  if (yl_segment(s, text, strlen(text), YL_SEG_NO_HMM, &t, &n) == YL_OK) {
    size_t o = 0;
    for (size_t i = 0; i < n && o + t[i].len + 2 < sizeof out; i++) {
      if (i) out[o++] = '/';
      memcpy(out + o, text + t[i].off, t[i].len);
      o += t[i].len;
    }
    out[o] = '\0';
  }
  yl_segmenter_free(s);
  return out;
}

/* A tiny dictionary: 甲乙 30, 丙丁 20, 甲 乙 丙 丁 5 each: T = 70. */
static yl_dict *tiny(void) {
  char dir[1100], p[1200];
  if (yl_test_scratch("newwords-dict", dir, sizeof dir)) return NULL;
  snprintf(p, sizeof p, "%s/dict.txt", dir);
  if (!write_file(p, "甲乙 30 n\n丙丁 20 n\n甲 5 n\n乙 5 n\n丙 5 n\n丁 5 n\n")) return NULL;
  snprintf(p, sizeof p, "%s/hmm.tsv", dir);
  if (!write_file(p, "start\tB\t-0.5\n")) return NULL;
  yl_dict *d = NULL;
  return yl_dict_open(NULL, dir, &d, NULL, NULL) == YL_OK ? d : NULL;
}

static void test_user_freq(void) {
  yl_dict *d = tiny();
  OK(d != NULL);
  if (!d) return;
  INT_EQ(yl_dict_total(d), 70);
  STR_EQ(cut(d, "甲乙丙丁"), "甲乙/丙丁");
  /* best route without the word: 甲乙 + 丙丁; jieba's suggest_freq:
   * ⌊70 · (30/70) · (20/70)⌋ + 1 = ⌊600/70⌋ + 1 = ⌊8.571⌋ + 1 = 9; the margin lifts it
   * to the largest part of two or more characters, 甲乙's 30 */
  long long f = 0;
  OK(yl_newwords_user_freq(d, "甲乙丙丁", strlen("甲乙丙丁"), &f) == YL_OK);
  INT_EQ(f, 30);
  /* 甲丙: route 甲 + 丙, ⌊70 · (5/70)²⌋ + 1 = ⌊0.357⌋ + 1 = 1; no part of two characters */
  OK(yl_newwords_user_freq(d, "甲丙", strlen("甲丙"), &f) == YL_OK);
  INT_EQ(f, 1);
  yl_dict_free(d);
  /* the segmenter agrees: 9 (suggest_freq) keeps the word whole, 7 does not (T grows
   * with the word: 7/77 = 0.0909 < 30/77 · 20/77 = 0.1012; 9/79 = 0.1139 > 0.0961) */
  long long tries[] = {7, 9, 30};
  const char *want[] = {"甲乙/丙丁", "甲乙丙丁", "甲乙丙丁"};
  for (int i = 0; i < 3; i++) {
    d = tiny();
    OK(d && yl_dict_add_word(d, "甲乙丙丁", strlen("甲乙丙丁"), tries[i], NULL) == YL_OK);
    if (d) STR_EQ(cut(d, "甲乙丙丁"), want[i]);
    /* and in a sentence, between words of its own dictionary */
    if (d && i == 2) STR_EQ(cut(d, "甲甲乙丙丁丁"), "甲/甲乙丙丁/丁");
    yl_dict_free(d);
  }
}

/* ---- whole runs on the fixture --------------------------------------------------------- */

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)len + 1);
  if (b && fread(b, 1, (size_t)len, f) != (size_t)len) {
    free(b);
    b = NULL;
  }
  fclose(f);
  if (b) b[len] = '\0', *n = (size_t)len;
  return b;
}

static int run(const char *out, unsigned jobs, int reversed) {
  const char *src = getenv("YL_SRC");
  char a[1200], b[1200];
  snprintf(a, sizeof a, "%s/tests/golden/newwords/corpus/alpha", src ? src : ".");
  snprintf(b, sizeof b, "%s/tests/golden/newwords/corpus/beta", src ? src : ".");
  const char *paths[2] = {reversed ? b : a, reversed ? a : b};
  yl_config *cfg;
  if (yl_config_new(&cfg)) return -1;
  yl_config_set(cfg, "group-by", "folder", NULL);
  yl_config_set(cfg, "no-bom", NULL, NULL);
  yl_config_set_threads(cfg, jobs);
  yl_newwords_opts o;
  yl_newwords_opts_init(&o);
  o.min_count = 3;
  yl_newwords_summary sum;
  yl_error err;
  yl_status st = yl_newwords_paths(cfg, paths, 2, out, &o, &sum, &err);
  if (st) fprintf(stderr, "newwords: %s\n", err.message);
  yl_config_free(cfg);
  return st ? -1 : (int)sum.rows;
}

static int starts_or_ends_with(const char *term, const char *ch) {
  size_t n = strlen(term), k = strlen(ch);
  return n >= k && (!memcmp(term, ch, k) || !memcmp(term + n - k, ch, k));
}

static void test_runs(void) {
  char d1[1100], d2[1100], d3[1100];
  OK(yl_test_scratch("newwords-j1", d1, sizeof d1) == 0);
  OK(yl_test_scratch("newwords-j2", d2, sizeof d2) == 0);
  OK(yl_test_scratch("newwords-rev", d3, sizeof d3) == 0);
  int rows = run(d1, 1, 0);
  OK(rows > 0);
  INT_EQ(run(d2, 2, 0), rows);
  INT_EQ(run(d3, 2, 1), rows);
  const char *names[] = {"newwords.csv", "newwords.txt"};
  char *csv = NULL;
  for (int k = 0; k < 2; k++) {
    char p1[1200], p2[1200], p3[1200];
    snprintf(p1, sizeof p1, "%s/%s", d1, names[k]);
    snprintf(p2, sizeof p2, "%s/%s", d2, names[k]);
    snprintf(p3, sizeof p3, "%s/%s", d3, names[k]);
    size_t n1 = 0, n2 = 0, n3 = 0;
    char *a = slurp(p1, &n1), *b = slurp(p2, &n2), *c = slurp(p3, &n3);
    OK(a && b && c);
    if (a && b) MEM_EQ(b, n2, a, n1);
    if (a && c) MEM_EQ(c, n3, a, n1);
    if (k == 0) csv = a, a = NULL;
    free(a), free(b), free(c);
  }
  if (!csv) return;
  /* the rows: the four invented names of the fixture, no term with a function character
   * at an end (dict/newwords/function-chars.txt), none inside a better term */
  const char *names4[] = {"蓝鲸智算", "星河之门", "青禾量子", "北辰-X2"};
  char *terms[64];
  int nt = 0;
  for (char *line = strtok(csv, "\n"); line && nt < 64; line = strtok(NULL, "\n")) {
    char *comma = strchr(line, ',');
    if (!comma || !strncmp(line, "term,", 5)) continue;
    *comma = '\0';
    terms[nt++] = line;
  }
  for (int i = 0; i < 4; i++) {
    int found = 0;
    for (int j = 0; j < nt; j++) found |= !strcmp(terms[j], names4[i]);
    if (!found) YL_T_FAIL("%s not ranked", names4[i]);
    else yl_t_pass++;
  }
  const char *fchars[] = {"的", "了", "是", "在", "和", "与", "对", "中"};
  for (int j = 0; j < nt; j++) {
    for (int k = 0; k < 8; k++)
      if (starts_or_ends_with(terms[j], fchars[k])) YL_T_FAIL("%s ends with %s", terms[j], fchars[k]);
    for (int i = 0; i < j; i++)
      if (strstr(terms[i], terms[j])) YL_T_FAIL("%s repeats the better %s", terms[j], terms[i]);
  }
  yl_t_pass++;
  free(csv);
}

int main(void) {
  RUN(test_pmi);
  RUN(test_entropy);
  RUN(test_score);
  RUN(test_suppress);
  RUN(test_user_freq);
  RUN(test_runs);
  YL_TEST_DONE();
}
