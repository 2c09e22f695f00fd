/* Tests of the segmenter's API on the "ties" fixture dictionary (every word of
 * frequency 1, total 11, and a flat toy HMM: tests/fixtures/seg/ties): token kinds and
 * tags, user dictionaries, the limits of the text files, the compiled-file checks and
 * sharing between threads. Segmentation itself is checked against jieba by
 * test_segment_regress.c; the few outputs here follow from rules worked out in the
 * comments. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "yuliao/segment.h"

static char ties[1024], tmp[1024];

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

static yl_dict *open_ties(void) {
  yl_dict *d = NULL;
  yl_dict_source src;
  yl_error note;
  OK(yl_dict_open(NULL, ties, &d, &src, &note) == YL_OK);
  OK(src == YL_DICT_REBUILT);
  /* built from the text: the record says why, as a note (not an error) */
  INT_EQ(note.code, YL_OK);
  STR_EQ(note.message, "no compiled dictionary given");
  return d;
}

/* 乙丙 is a word (tag v), 风雨 an HMM word (the flat model's B E), then punctuation
 * and an invalid byte. */
static void test_kinds(void) {
  yl_dict *d = open_ties();
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

static size_t nrej;
static size_t rej_lines[16];
static void on_rej(void *ctx, size_t line, const char *reason) {
  (void)ctx;
  (void)reason;
  if (nrej < 16) rej_lines[nrej] = line;
  nrej++;
}

static void test_user_dict(void) {
  yl_dict *d = open_ties();
  if (!d) return;
  char path[1100];
  snprintf(path, sizeof path, "%s/../user-edge.txt", ties);
  size_t loaded = 0;
  nrej = 0;
  yl_error err;
  OK(yl_dict_load_user(d, path, &loaded, on_rej, NULL, &err) == YL_OK);
  INT_EQ(loaded, 5); /* 戊己, 纽 约, 甲乙 0, 庚辛, 风雨 */
  /* rejected lines are remarks: counted by the callback, the record stays clear */
  INT_EQ(nrej, 2);
  INT_EQ(rej_lines[0], 7); /* invalid UTF-8 */
  INT_EQ(rej_lines[1], 8); /* frequency too large */
  ERR_EQ(err, YL_OK, "", 0, 0, "");
  INT_EQ(yl_dict_freq(d, "纽 约", strlen("纽 约")), 5);
  INT_EQ(yl_dict_freq(d, "庚辛", strlen("庚辛")), 7);
  INT_EQ(yl_dict_freq(d, "甲乙", strlen("甲乙")), 0);
  /* 戊己 without a frequency: suggest_freq with total 11: cut 戊/己 (both absent,
   * FREQ.get = 1) → (1/11)*(1/11)*11 = 0.09 → int + 1 = 1; max(1, get(戊己, 1)) = 1. */
  INT_EQ(yl_dict_freq(d, "戊己", strlen("戊己")), 1);
  /* total: 11 + 1 + 5 + 0 + 7 + suggested(风雨) */
  long long fy = yl_dict_freq(d, "风雨", strlen("风雨"));
  OK(fy >= 1);
  INT_EQ(yl_dict_total(d), 11 + 1 + 5 + 7 + fy);
  /* 甲乙 deleted: 甲 / 乙丙 now. */
  STR_EQ(seg(d, "甲乙丙", YL_SEG_NO_HMM), "甲/乙丙");
  /* a word with a space is matched across the pre-split */
  STR_EQ(seg(d, "去纽 约玩", YL_SEG_NO_HMM), "去/纽 约/玩");
  STR_EQ(seg(d, "纽约", YL_SEG_NO_HMM), "纽/约");
  /* 风雨 is a word now, 雷电 (deleted) is never output by the HMM (Force_Split_Words) */
  OK(yl_dict_add_word(d, "雷电", strlen("雷电"), 0, NULL) == YL_OK);
  STR_EQ(seg(d, "风雨雷电", 0), "风雨/雷/电");
  OK(yl_dict_add_word(d, "", 0, 1, NULL) == YL_ERR_UTF8);
  OK(yl_dict_add_word(d, "\xff", 1, 1, NULL) == YL_ERR_UTF8);
  /* a file that is not there is the one failure: file, errno and reason */
  snprintf(path, sizeof path, "%s/../no-such-user.txt", ties);
  nrej = 0;
  INT_EQ(yl_dict_load_user(d, path, &loaded, on_rej, NULL, &err), YL_ERR_IO);
  INT_EQ(loaded, 0);
  INT_EQ(nrej, 0);
  char want[200];
  snprintf(want, sizeof want, "cannot load user dictionary: %s", strerror(ENOENT));
  ERR_EQ(err, YL_ERR_IO, path, 0, ENOENT, want);
  INT_EQ(yl_dict_load_user(d, path, &loaded, NULL, NULL, NULL), YL_ERR_IO);
  yl_dict_free(d);
}

/* A word map for yl_dict_load_user_mapped: 庚辛 becomes 辛庚, 风雨 fails the load,
 * the others stay as written. */
static int map_calls;
static yl_status map_word(void *ctx, const char *w, size_t len, char **out, size_t *out_len) {
  map_calls++;
  if (len == strlen("庚辛") && !memcmp(w, "庚辛", len)) {
    *out = strdup("辛庚");
    *out_len = strlen("辛庚");
    return *out ? YL_OK : YL_ERR_NOMEM;
  }
  if (ctx && len == strlen("风雨") && !memcmp(w, "风雨", len)) return YL_ERR_ENCODING;
  return YL_OK;
}

/* Each word of the file passes through the map before it is added (analyze converts
 * Traditional user words so); an error of the map ends the load with it. */
static void test_user_dict_mapped(void) {
  yl_dict *d = open_ties();
  if (!d) return;
  char path[1100];
  snprintf(path, sizeof path, "%s/../user-edge.txt", ties);
  size_t loaded = 0;
  map_calls = 0;
  INT_EQ(yl_dict_load_user_mapped(d, path, map_word, NULL, &loaded, NULL, NULL, NULL), YL_OK);
  INT_EQ(loaded, 5);
  INT_EQ(map_calls, 5); /* the rejected lines never reach it */
  INT_EQ(yl_dict_freq(d, "辛庚", strlen("辛庚")), 7);
  INT_EQ(yl_dict_freq(d, "庚辛", strlen("庚辛")), 0);
  INT_EQ(yl_dict_freq(d, "纽 约", strlen("纽 约")), 5);
  yl_dict_free(d);
  d = open_ties();
  if (!d) return;
  int fail = 1;
  INT_EQ(yl_dict_load_user_mapped(d, path, map_word, &fail, &loaded, NULL, NULL, NULL),
         YL_ERR_ENCODING);
  OK(loaded < 5);
  yl_dict_free(d);
}

/* 10,000 user words of frequency 999999999999999 (accepted: 15 digits) sum past
 * LLONG_MAX: the total stops at 2^62 instead of overflowing (UBSan reported it), and
 * a word suggested after that still gets a frequency. */
static void test_total_saturates(void) {
  yl_dict *d = open_ties();
  if (!d) return;
  char w[32];
  for (int i = 0; i < 10000; i++) {
    snprintf(w, sizeof w, "词%05d", i);
    OK(yl_dict_add_word(d, w, strlen(w), 999999999999999LL, NULL) == YL_OK);
  }
  INT_EQ(yl_dict_total(d), 1LL << 62);
  OK(yl_dict_add_word(d, "风雨", strlen("风雨"), -1, NULL) == YL_OK);
  OK(yl_dict_freq(d, "风雨", strlen("风雨")) >= 1);
  INT_EQ(yl_dict_total(d), 1LL << 62);
  STR_EQ(seg(d, "词00001风雨", YL_SEG_NO_HMM), "词00001/风雨");
  yl_dict_free(d);
}

/* The token of 'text' (segmented with 'flags') that spans 'word', or NULL. */
static const yl_token *token_of(yl_segmenter *s, const char *text, int flags, const char *word) {
  const yl_token *t;
  size_t n;
  if (yl_segment(s, text, strlen(text), flags, &t, &n) != YL_OK) return NULL;
  for (size_t i = 0; i < n; i++)
    if (t[i].len == strlen(word) && memcmp(text + t[i].off, word, t[i].len) == 0) return &t[i];
  return NULL;
}

/* Tags: a user word without one keeps the main dictionary's (jieba's tag table keeps
 * it), one with a tag has it, and a multi-part word's token carries its tag. */
static void test_user_tags(void) {
  yl_dict *d = open_ties();
  if (!d) return;
  OK(yl_dict_add_word(d, "乙丙", strlen("乙丙"), 3, NULL) == YL_OK);
  OK(yl_dict_add_word(d, "丙丁", strlen("丙丁"), 2, "q") == YL_OK);
  OK(yl_dict_add_word(d, "戊 己", strlen("戊 己"), 4, "nz") == YL_OK);
  OK(yl_dict_add_word(d, "庚辛", strlen("庚辛"), 5, NULL) == YL_OK);
  yl_segmenter *s;
  OK(yl_segmenter_new(d, &s) == YL_OK);
  const char *text = "乙丙，丙丁，戊 己，庚辛";
  static const struct {
    const char *word, *tag;
  } want[] = {{"乙丙", "v"}, {"丙丁", "q"}, {"戊 己", "nz"}, {"庚辛", NULL}};
  for (int flags = 0; flags <= YL_SEG_NO_HMM; flags += YL_SEG_NO_HMM)
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
      const yl_token *t = token_of(s, text, flags, want[i].word);
      OK(t != NULL);
      if (!t) continue;
      INT_EQ(t->kind, YL_TOK_WORD);
      if (want[i].tag) STR_EQ(t->tag, want[i].tag);
      else OK(t->tag == NULL);
    }
  yl_segmenter_free(s);
  yl_dict_free(d);
}

/* A multi-part word is matched while its last frequency is > 0: deleting it stops
 * the match, adding it again restores it (each a single letter block otherwise). */
static void test_multipart_live(void) {
  yl_dict *d = open_ties();
  if (!d) return;
  OK(yl_dict_add_word(d, "a b", 3, 3, NULL) == YL_OK);
  STR_EQ(seg(d, "a b c", YL_SEG_NO_HMM), "a b/ /c");
  OK(yl_dict_add_word(d, "a b", 3, 0, NULL) == YL_OK);
  STR_EQ(seg(d, "a b c", YL_SEG_NO_HMM), "a/ /b/ /c");
  OK(yl_dict_add_word(d, "a b", 3, 2, NULL) == YL_OK);
  STR_EQ(seg(d, "a b c", 0), "a b/ /c");
  INT_EQ(yl_dict_freq(d, "a b", 3), 2);
  /* a longer word sharing the prefix: the longest match at one place */
  OK(yl_dict_add_word(d, "a b c", 5, 1, NULL) == YL_OK);
  STR_EQ(seg(d, "a b c a b", 0), "a b c/ /a b");
  yl_dict_free(d);
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok;
}

/* The limits of the text files: a dictionary word of at most 256 characters (jieba
 * has none: a longer one is refused as malformed), hmm.tsv lines under 256 bytes. */
static void test_text_limits(void) {
  char dir[1100], path[1200], line[2048];
  OK(yl_test_scratch("seglimits", dir, sizeof dir) == 0);
  for (int len = 256; len <= 257; len++) {
    size_t o = 0;
    for (int i = 0; i < len; i++) o += (size_t)snprintf(line + o, sizeof line - o, "长");
    snprintf(line + o, sizeof line - o, " 5 nz\n甲 1\n");
    snprintf(path, sizeof path, "%s/dict.txt", dir);
    OK(write_file(path, line));
    snprintf(path, sizeof path, "%s/hmm.tsv", dir);
    OK(write_file(path, "start\tB\t-0.5\n"));
    yl_dict *d = NULL;
    yl_error err;
    yl_status st = yl_dict_open(NULL, dir, &d, NULL, &err);
    if (len == 256) {
      INT_EQ(st, YL_OK);
      if (d) INT_EQ(yl_dict_freq(d, line, o), 5);
    } else {
      INT_EQ(st, YL_ERR_DICT);
      char want[1300];
      snprintf(want, sizeof want, "cannot load the dictionary from %s: dictionary text files "
               "are malformed (%s)", dir, yl_strerror(YL_ERR_DICT));
      ERR_EQ(err, YL_ERR_DICT, "", 0, 0, want);
      /* the compiler names the line */
      snprintf(path, sizeof path, "%s/out.ydict", dir);
      INT_EQ(yl_dict_compile(dir, path, &err), YL_ERR_PARSE);
      snprintf(path, sizeof path, "%s/dict.txt", dir);
      ERR_EQ(err, YL_ERR_PARSE, path, 1, 0, "not a valid 'word freq [tag]' line");
    }
    yl_dict_free(d);
  }
  snprintf(path, sizeof path, "%s/dict.txt", dir);
  OK(write_file(path, "甲 1\n"));
  memset(line, 0, sizeof line);
  memcpy(line, "start\tB\t-0.5", 12);
  memset(line + 12, '0', 300);
  strcat(line, "\n");
  snprintf(path, sizeof path, "%s/hmm.tsv", dir);
  OK(write_file(path, line));
  yl_dict *d = NULL;
  yl_error err;
  INT_EQ(yl_dict_open(NULL, dir, &d, NULL, &err), YL_ERR_DICT);
  OK(strstr(err.message, ": dictionary text files are malformed (") != NULL);
  char out[1200];
  snprintf(out, sizeof out, "%s/out.ydict", dir);
  INT_EQ(yl_dict_compile(dir, out, &err), YL_ERR_PARSE);
  ERR_EQ(err, YL_ERR_PARSE, path, 1, 0, "not a start, trans or emit line");
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
  snprintf(dir, sizeof dir, "%s/segties", tmp);
  mkdir(tmp, 0777);
  mkdir(dir, 0777);
  static const char *const names[] = {"dict.txt", "hmm.tsv"};
  for (int i = 0; i < 2; i++) {
    snprintf(src, sizeof src, "%s/%s", ties, names[i]);
    snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
    OK(copy_file(src, dst));
  }
  snprintf(yd, sizeof yd, "%s/ties.ydict", dir);
  yl_error err;
  OK(yl_dict_compile(dir, yd, &err) == YL_OK);
  ERR_EQ(err, YL_OK, "", 0, 0, "");
  OK(yl_dict_verify(yd, &err) == YL_OK);
  ERR_EQ(err, YL_OK, "", 0, 0, "");
  yl_dict *d = NULL;
  yl_dict_source how = YL_DICT_REBUILT;
  OK(yl_dict_open(yd, dir, &d, &how, &err) == YL_OK);
  INT_EQ(how, YL_DICT_COMPILED);
  STR_EQ(err.message, ""); /* nothing to say */
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
    const char *what; /* the reason, when the header check alone gives it */
    size_t len;
    size_t flip; /* byte to change, or (size_t)-1 */
  } cases[] = {{"not a compiled dictionary (bad magic)", n, 0},
               {"compiled dictionary has another format version", n, 8},
               {"compiled dictionary is truncated or has trailing bytes", n - 8, (size_t)-1},
               {NULL, n, 40}, {NULL, n, n - 3}};
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    char bad[1200];
    snprintf(bad, sizeof bad, "%s/bad.ydict", dir);
    if (cases[c].flip != (size_t)-1) img[cases[c].flip] ^= 0x5A;
    FILE *g = fopen(bad, "wb");
    OK(g && fwrite(img, 1, cases[c].len, g) == cases[c].len);
    if (g) fclose(g);
    if (cases[c].flip != (size_t)-1) img[cases[c].flip] ^= 0x5A;
    d = NULL;
    /* with the text sources: detected and rebuilt in memory, the reason a note */
    OK(yl_dict_open(bad, dir, &d, &how, &err) == YL_OK);
    INT_EQ(how, YL_DICT_REBUILT);
    ERR_EQ(err, YL_OK, bad, 0, 0, cases[c].what);
    OK(err.message[0] != '\0');
    if (d) STR_EQ(seg(d, "甲乙丙", 0), "甲乙/丙");
    yl_dict_free(d);
    /* without them: the error names the compiled file */
    d = NULL;
    OK(yl_dict_open(bad, NULL, &d, NULL, &err) == YL_ERR_DICT);
    OK(d == NULL);
    ERR_EQ(err, YL_ERR_DICT, bad, 0, 0, cases[c].what);
    OK(yl_dict_verify(bad, &err) == YL_ERR_DICT);
    ERR_EQ(err, YL_ERR_DICT, bad, 0, 0, NULL);
    OK(err.message[0] != '\0');
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
    OK(yl_dict_verify(bad, &err) == YL_ERR_DICT);
    ERR_EQ(err, YL_ERR_DICT, bad, 0, 0, "compiled dictionary is corrupt (checksum mismatch)");
    /* and by every load: rebuilt from the sources, or refused without them */
    d = NULL;
    OK(yl_dict_open(bad, dir, &d, &how, &err) == YL_OK);
    INT_EQ(how, YL_DICT_REBUILT);
    ERR_EQ(err, YL_OK, bad, 0, 0, "compiled dictionary is corrupt (checksum mismatch)");
    if (d) STR_EQ(seg(d, "甲乙丙", 0), "甲乙/丙");
    yl_dict_free(d);
    d = NULL;
    OK(yl_dict_open(bad, NULL, &d, NULL, &err) == YL_ERR_DICT);
    ERR_EQ(err, YL_ERR_DICT, bad, 0, 0, "compiled dictionary is corrupt (checksum mismatch)");
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
  OK(yl_dict_open(yd, dir, &d, &how, &err) == YL_OK);
  INT_EQ(how, YL_DICT_REBUILT);
  ERR_EQ(err, YL_OK, yd, 0, 0, "compiled dictionary is stale (its sources changed)");
  if (d) INT_EQ(yl_dict_total(d), 16);
  yl_dict_free(d);
  /* missing compiled file and missing sources */
  d = NULL;
  OK(yl_dict_open("/nonexistent/x.ydict", "/nonexistent", &d, NULL, &err) == YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "", 0, ENOENT,
         "cannot load the dictionary from /nonexistent: dictionary text files cannot be read "
         "(dictionary missing, corrupt or stale)");
  OK(yl_dict_open("/nonexistent/x.ydict", NULL, &d, NULL, &err) == YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "/nonexistent/x.ydict", 0, ENOENT, "compiled dictionary not found");
  OK(yl_dict_open(NULL, NULL, &d, NULL, NULL) == YL_ERR_DICT);
  INT_EQ(yl_dict_verify("/nonexistent/x.ydict", &err), YL_ERR_NOTFOUND);
  ERR_EQ(err, YL_ERR_NOTFOUND, "/nonexistent/x.ydict", 0, ENOENT, "compiled dictionary not found");
  /* the compiler: sources that are not there, an output that cannot be written */
  INT_EQ(yl_dict_compile("/nonexistent", yd, &err), YL_ERR_IO);
  ERR_EQ(err, YL_ERR_IO, "/nonexistent/dict.txt", 0, ENOENT, strerror(ENOENT));
  INT_EQ(yl_dict_compile(dir, "/nonexistent/out.ydict", &err), YL_ERR_IO);
  ERR_EQ(err, YL_ERR_IO, "/nonexistent/out.ydict", 0, ENOENT, strerror(ENOENT));
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
  yl_dict *d = open_ties();
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
  snprintf(ties, sizeof ties, "%s/tests/fixtures/seg/ties", srcdir ? srcdir : ".");
  snprintf(tmp, sizeof tmp, "%s", t ? t : "/tmp");
  RUN(test_kinds);
  RUN(test_user_dict);
  RUN(test_user_dict_mapped);
  RUN(test_total_saturates);
  RUN(test_user_tags);
  RUN(test_multipart_live);
  RUN(test_text_limits);
  RUN(test_compiled);
  RUN(test_threads);
  YL_TEST_DONE();
}
