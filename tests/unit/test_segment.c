/* Tests of the segmenter on a tiny hand-made dictionary and a toy HMM
 * (tests/fixtures/seg/tiny), user dictionaries and the compiled-file checks.
 * Expected routes are computed by hand in the comments: every word has
 * frequency 1 (log 0), total = 9, so a route's score is -(number of words) * L. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "yuliao/segment.h"

static char tiny[1024], tmp[1024];

/* Segments 'text' and joins the tokens with '/'. */
static const char *seg(const yl_dict *d, const char *text, int flags) {
  static char out[4096];
  yl_segmenter *s;
  const yl_token *t;
  size_t n;
  out[0] = '\0';
  if (yl_segmenter_new(d, &s)) return "(nomem)";
  if (yl_segment(s, text, strlen(text), flags, &t, &n) == YL_OK) {
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

static yl_dict *open_tiny(void) {
  yl_dict *d = NULL;
  yl_dict_source src;
  OK(yl_dict_open(NULL, tiny, &d, &src, NULL) == YL_OK);
  OK(src == YL_DICT_REBUILT);
  return d;
}

static void test_route(void) {
  yl_dict *d = open_tiny();
  if (!d) return;
  INT_EQ(yl_dict_total(d), 9);
  /* 甲乙丙: route[2] = -L (丙), route[1] = -L (乙丙), route[0] = max((-L)+(-L), x=0)
   * vs ((-L)+(-L), x=1): an exact tie, the larger x wins → 甲乙 / 丙. */
  STR_EQ(seg(d, "甲乙丙", YL_SEG_NO_HMM), "甲乙/丙");
  STR_EQ(seg(d, "甲乙丙", 0), "甲乙/丙");
  /* 子丑寅 is only a prefix of 子丑寅卯 (frequency 0): not a candidate. */
  STR_EQ(seg(d, "子丑寅", YL_SEG_NO_HMM), "子/丑/寅");
  /* 子丑寅卯 (-L) beats 子/丑/寅/卯 (-4L + log 2 for 寅). */
  STR_EQ(seg(d, "子丑寅卯甲", YL_SEG_NO_HMM), "子丑寅卯/甲");
  /* With HMM the buffer 子丑寅 (frequency 0) goes to the toy HMM, where none of
   * them has an emission: the path is S S S (jieba agrees). */
  STR_EQ(seg(d, "子丑寅", 0), "子/丑/寅");
  /* Latin and digits: NO_HMM joins single ASCII letters/digits into one token. */
  STR_EQ(seg(d, "ab12甲乙丙", YL_SEG_NO_HMM), "ab12/甲乙/丙");
  /* Punctuation, spaces, CR LF and emoji are single tokens outside the blocks. */
  STR_EQ(seg(d, "甲，丙 \r\n😀", YL_SEG_NO_HMM), "甲/，/丙/ /\r\n/😀");
  STR_EQ(seg(d, "", 0), "");
  yl_dict_free(d);
}

static void test_kinds(void) {
  yl_dict *d = open_tiny();
  if (!d) return;
  yl_segmenter *s;
  const yl_token *t;
  size_t n;
  OK(yl_segmenter_new(d, &s) == YL_OK);
  const char *text = "乙丙 风雨,\xff";
  OK(yl_segment(s, text, strlen(text), 0, &t, &n) == YL_OK);
  INT_EQ(n, 5);
  if (n == 5) {
    INT_EQ(t[0].kind, YL_TOK_WORD);
    STR_EQ(t[0].tag, "v");
    INT_EQ(t[1].kind, YL_TOK_SPACE);
    INT_EQ(t[2].kind, YL_TOK_HMM);
    INT_EQ(t[2].len, 6);
    INT_EQ(t[3].kind, YL_TOK_OTHER);
    INT_EQ(t[4].kind, YL_TOK_OTHER);
    INT_EQ(t[4].off, strlen(text) - 1);
    INT_EQ(t[4].len, 1);
  }
  yl_segmenter_free(s);
  yl_dict_free(d);
}

static void test_viterbi(void) {
  yl_dict *d = open_tiny();
  if (!d) return;
  /* 风雨雷电 is unknown: four buffered singles go to the HMM. Emissions are all -1,
   * so B E B E: -0.5-1 -0.1-1 -0.2-1 -0.1-1 = -4.9 is best → 风雨 / 雷电. */
  STR_EQ(seg(d, "风雨雷电", 0), "风雨/雷电");
  /* Three: S B E = -1-1 -0.2-1 -0.1-1 = -4.3 beats B M E (-5.6) and B E S (-6.6). */
  STR_EQ(seg(d, "风雨雷", 0), "风/雨雷");
  STR_EQ(seg(d, "风雨雷", YL_SEG_NO_HMM), "风/雨/雷");
  /* One character stays as it is; digits inside the buffer follow re_skip. */
  STR_EQ(seg(d, "风", 0), "风");
  STR_EQ(seg(d, "风1.5%雨", 0), "风/1.5%/雨");
  STR_EQ(seg(d, "x+y", 0), "x/+/y");
  yl_dict_free(d);
}

static size_t nrej;
static size_t rej_lines[16];
static void on_rej(void *ctx, size_t line, const char *reason) {
  (void)ctx;
  (void)reason;
  if (nrej < 16) rej_lines[nrej] = line;
  nrej++;
}

static void test_user_dict(void) {
  yl_dict *d = open_tiny();
  if (!d) return;
  char path[1100];
  snprintf(path, sizeof path, "%s/../user-edge.txt", tiny);
  size_t loaded = 0;
  nrej = 0;
  OK(yl_dict_load_user(d, path, &loaded, on_rej, NULL) == YL_OK);
  INT_EQ(loaded, 5); /* 戊己, 纽 约, 甲乙 0, 庚辛, 风雨 */
  INT_EQ(nrej, 2);
  INT_EQ(rej_lines[0], 7); /* invalid UTF-8 */
  INT_EQ(rej_lines[1], 8); /* frequency too large */
  INT_EQ(yl_dict_freq(d, "纽 约", strlen("纽 约")), 5);
  INT_EQ(yl_dict_freq(d, "庚辛", strlen("庚辛")), 7);
  INT_EQ(yl_dict_freq(d, "甲乙", strlen("甲乙")), 0);
  /* 戊己 without a frequency: suggest_freq with total 9: cut 戊/己 (both absent,
   * FREQ.get = 1) → (1/9)*(1/9)*9 = 0.11 → int + 1 = 1; max(1, get(戊己, 1)) = 1. */
  INT_EQ(yl_dict_freq(d, "戊己", strlen("戊己")), 1);
  /* total: 9 + 1 + 5 + 0 + 7 + suggested(风雨) */
  long long fy = yl_dict_freq(d, "风雨", strlen("风雨"));
  OK(fy >= 1);
  INT_EQ(yl_dict_total(d), 9 + 1 + 5 + 7 + fy);
  /* 甲乙 deleted: 甲 / 乙丙 now. */
  STR_EQ(seg(d, "甲乙丙", YL_SEG_NO_HMM), "甲/乙丙");
  /* a word with a space is matched across the pre-split */
  STR_EQ(seg(d, "去纽 约玩", YL_SEG_NO_HMM), "去/纽 约/玩");
  STR_EQ(seg(d, "纽约", YL_SEG_NO_HMM), "纽/约");
  /* a deleted word is never output by the HMM either (Force_Split_Words) */
  OK(yl_dict_add_word(d, "雷电", strlen("雷电"), 0, NULL) == YL_OK);
  STR_EQ(seg(d, "风雨雷电", 0), "风雨/雷/电");
  OK(yl_dict_add_word(d, "", 0, 1, NULL) == YL_ERR_UTF8);
  OK(yl_dict_add_word(d, "\xff", 1, 1, NULL) == YL_ERR_UTF8);
  yl_dict_free(d);
}

static int copy_file(const char *from, const char *to) {
  FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
  int ok = a && b;
  char buf[8192];
  size_t n;
  while (ok && (n = fread(buf, 1, sizeof buf, a)) > 0) ok = fwrite(buf, 1, n, b) == n;
  if (a) fclose(a);
  if (b && fclose(b)) ok = 0;
  return ok;
}

static void test_compiled(void) {
  char dir[1100], src[1200], dst[1200], yd[1200];
  snprintf(dir, sizeof dir, "%s/segtiny", tmp);
  mkdir(tmp, 0777);
  mkdir(dir, 0777);
  static const char *const names[] = {"dict.txt", "hmm.tsv"};
  for (int i = 0; i < 2; i++) {
    snprintf(src, sizeof src, "%s/%s", tiny, names[i]);
    snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
    OK(copy_file(src, dst));
  }
  snprintf(yd, sizeof yd, "%s/tiny.ydict", dir);
  OK(yl_dict_compile(dir, yd) == YL_OK);
  OK(yl_dict_verify(yd, NULL) == YL_OK);
  yl_dict *d = NULL;
  yl_dict_source how = YL_DICT_REBUILT;
  const char *why = NULL;
  OK(yl_dict_open(yd, dir, &d, &how, &why) == YL_OK);
  INT_EQ(how, YL_DICT_COMPILED);
  /* 丙 is a one-character step, so the HMM sees the buffer 丙风雨雷电; 丙 has no
   * emission (MIN_FLOAT in every state) and the best path is all S (checked
   * against jieba with the same toy model patched in). */
  if (d) STR_EQ(seg(d, "甲乙丙风雨雷电", 0), "甲乙/丙/风/雨/雷/电");
  if (d) STR_EQ(seg(d, "风雨雷电", 0), "风雨/雷电");
  yl_dict_free(d);

  /* read the file, then write damaged copies */
  FILE *f = fopen(yd, "rb");
  static unsigned char img[1 << 20];
  size_t n = f ? fread(img, 1, sizeof img, f) : 0;
  if (f) fclose(f);
  OK(n > 200);
  struct {
    const char *what;
    size_t len;
    size_t flip; /* byte to change, or (size_t)-1 */
  } cases[] = {{"magic", n, 0}, {"version", n, 8}, {"truncated", n - 8, (size_t)-1},
               {"total", n, 40}, {"tables", n, n - 3}};
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    char bad[1200];
    snprintf(bad, sizeof bad, "%s/bad.ydict", dir);
    if (cases[c].flip != (size_t)-1) img[cases[c].flip] ^= 0x5A;
    FILE *g = fopen(bad, "wb");
    OK(g && fwrite(img, 1, cases[c].len, g) == cases[c].len);
    if (g) fclose(g);
    if (cases[c].flip != (size_t)-1) img[cases[c].flip] ^= 0x5A;
    d = NULL;
    why = NULL;
    /* with the text sources: detected and rebuilt in memory */
    OK(yl_dict_open(bad, dir, &d, &how, &why) == YL_OK);
    INT_EQ(how, YL_DICT_REBUILT);
    OK(why != NULL);
    if (d) STR_EQ(seg(d, "甲乙丙", 0), "甲乙/丙");
    yl_dict_free(d);
    /* without them: a clear error */
    d = NULL;
    why = NULL;
    OK(yl_dict_open(bad, NULL, &d, NULL, &why) == YL_ERR_DICT);
    OK(d == NULL && why != NULL);
    OK(yl_dict_verify(bad, NULL) == YL_ERR_DICT);
  }
  /* a flipped byte deep in the trie is found by the full check */
  {
    char bad[1200];
    snprintf(bad, sizeof bad, "%s/bad.ydict", dir);
    img[300] ^= 1;
    FILE *g = fopen(bad, "wb");
    OK(g && fwrite(img, 1, n, g) == n);
    if (g) fclose(g);
    img[300] ^= 1;
    OK(yl_dict_verify(bad, &why) == YL_ERR_DICT);
  }
  /* stale: the source changed after compiling */
  snprintf(dst, sizeof dst, "%s/dict.txt", dir);
  f = fopen(dst, "ab");
  OK(f != NULL);
  if (f) {
    fputs("丙丁 5\n", f);
    fclose(f);
  }
  d = NULL;
  OK(yl_dict_open(yd, dir, &d, &how, &why) == YL_OK);
  INT_EQ(how, YL_DICT_REBUILT);
  OK(why && strstr(why, "stale") != NULL);
  if (d) INT_EQ(yl_dict_total(d), 14);
  yl_dict_free(d);
  /* missing compiled file and missing sources */
  d = NULL;
  OK(yl_dict_open("/nonexistent/x.ydict", "/nonexistent", &d, NULL, &why) == YL_ERR_DICT);
}

/* One read-only yl_dict shared by four threads, each with its own segmenter. */
static const char *thread_text = "甲乙丙风雨雷电，子丑寅卯 ab1.5% 😀\xff甲乙丙丁风雨";
static char want_join[512];

static void *seg_thread(void *arg) {
  const yl_dict *d = arg;
  yl_segmenter *s;
  const yl_token *t;
  size_t n;
  long bad = 0;
  if (yl_segmenter_new(d, &s)) return (void *)1;
  for (int r = 0; r < 2000; r++) {
    char got[512];
    size_t o = 0;
    if (yl_segment(s, thread_text, strlen(thread_text), r & 1 ? YL_SEG_NO_HMM : 0, &t, &n)) {
      bad++;
      continue;
    }
    for (size_t i = 0; i < n && o + t[i].len + 2 < sizeof got; i++) {
      if (i) got[o++] = '/';
      memcpy(got + o, thread_text + t[i].off, t[i].len);
      o += t[i].len;
    }
    got[o] = '\0';
    if (!(r & 1) && strcmp(got, want_join) != 0) bad++;
  }
  yl_segmenter_free(s);
  return (void *)bad;
}

static void test_threads(void) {
  yl_dict *d = open_tiny();
  if (!d) return;
  snprintf(want_join, sizeof want_join, "%s", seg(d, thread_text, 0));
  pthread_t th[4];
  for (int i = 0; i < 4; i++) OK(pthread_create(&th[i], NULL, seg_thread, d) == 0);
  for (int i = 0; i < 4; i++) {
    void *r = NULL;
    pthread_join(th[i], &r);
    INT_EQ((long)r, 0);
  }
  yl_dict_free(d);
}

int main(void) {
  const char *srcdir = getenv("YL_SRC"), *t = getenv("YL_TMP");
  snprintf(tiny, sizeof tiny, "%s/tests/fixtures/seg/tiny", srcdir ? srcdir : ".");
  snprintf(tmp, sizeof tmp, "%s", t ? t : "/tmp");
  RUN(test_route);
  RUN(test_kinds);
  RUN(test_viterbi);
  RUN(test_user_dict);
  RUN(test_compiled);
  RUN(test_threads);
  YL_TEST_DONE();
}
