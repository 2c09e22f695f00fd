/* Analyze engine: spill record round trip, sentence ends, folder names, and whole runs
 * on a tiny hand-written corpus (Latin words, so the segmenter splits at spaces and
 * every count can be checked by hand), including thread-count and input-order
 * independence. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/analyze_internal.h"
#include "harness.h"
#include "yuliao/analyze.h"
#include "yuliao/csv.h"

static void test_spill_round_trip(void) {
  yl_buf b = YL_BUF_INIT;
  const uint32_t ids[] = {0, 15, 16, 127, 4096, 1u << 30, UINT32_MAX};
  const uint32_t forms[] = {0, 15, 3, 127, 4096, 1u << 30, 200};
  const uint8_t fl[] = {3, 0, 0, 1, 2, 0, 3};
  INT_EQ(yl_analyze_spill_put(&b, ids, forms, fl, 7), YL_OK);
  /* hand-encoded: 0<<3|3 = 0x03; 15<<3 = 120 = 0x78; 16<<3 | 4 (form follows) = 132 =
   * 0x84 0x01, then the form 3 = 0x03 */
  OK(b.len > 5);
  INT_EQ((unsigned char)b.data[0], 0x03);
  INT_EQ((unsigned char)b.data[1], 0x78);
  INT_EQ((unsigned char)b.data[2], 0x84);
  INT_EQ((unsigned char)b.data[3], 0x01);
  INT_EQ((unsigned char)b.data[4], 0x03);
  uint32_t got[8], gfo[8];
  uint8_t gf[8];
  size_t n = 0;
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, b.len, got, gfo, gf, 8, &n), YL_OK);
  INT_EQ(n, 7);
  for (size_t i = 0; i < 7; i++) {
    INT_EQ(got[i], ids[i]);
    INT_EQ(gfo[i], forms[i]);
    INT_EQ(gf[i], fl[i]);
  }
  /* a second record appended after the first decodes on its own; no forms, no flags */
  size_t first = b.len;
  const uint32_t ids2[] = {5, 6};
  INT_EQ(yl_analyze_spill_put(&b, ids2, NULL, NULL, 2), YL_OK);
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data + first, b.len - first, got, gfo, gf,
                              8, &n),
         YL_OK);
  INT_EQ(n, 2);
  INT_EQ(got[1], 6);
  INT_EQ(gfo[1], 6); /* no form stored: the id itself */
  INT_EQ(gf[0], 0);
  /* too small an array, a truncated varint, a form cut off, an empty record */
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, first, got, NULL, NULL, 6, &n),
         YL_ERR_LIMIT);
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, 3, got, NULL, NULL, 8, &n),
         YL_ERR_PARSE);
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, 4, got, NULL, NULL, 8, &n),
         YL_ERR_PARSE);
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, 0, got, NULL, NULL, 8, &n), YL_OK);
  INT_EQ(n, 0);
  yl_buf_free(&b);
  /* a flag byte with collocation bits: low bits 2, the byte after the form; 5<<3 | 2 =
   * 0x2a then 0xf5; 6<<3 | 4 | 2 = 0x36, the form 9, then 0x41 */
  const uint32_t ids3[] = {5, 6, 7}, forms3[] = {5, 9, 7};
  const uint8_t fl3[] = {0xf5, 0x41, 1};
  INT_EQ(yl_analyze_spill_put(&b, ids3, forms3, fl3, 3), YL_OK);
  INT_EQ(b.len, 6);
  INT_EQ((unsigned char)b.data[0], 0x2a);
  INT_EQ((unsigned char)b.data[1], 0xf5);
  INT_EQ((unsigned char)b.data[2], 0x36);
  INT_EQ((unsigned char)b.data[3], 0x09);
  INT_EQ((unsigned char)b.data[4], 0x41);
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, b.len, got, gfo, gf, 8, &n), YL_OK);
  INT_EQ(n, 3);
  for (size_t i = 0; i < 3; i++) {
    INT_EQ(got[i], ids3[i]);
    INT_EQ(gfo[i], forms3[i]);
    INT_EQ(gf[i], fl3[i]);
  }
  /* the flag byte cut off */
  INT_EQ(yl_analyze_spill_get((const unsigned char *)b.data, 1, got, NULL, NULL, 8, &n),
         YL_ERR_PARSE);
  yl_buf_free(&b);
}

static void test_sentence_end(void) {
  OK(yl_analyze_sentence_end("。", 3));
  OK(yl_analyze_sentence_end("！", 3));
  OK(yl_analyze_sentence_end("？", 3));
  OK(yl_analyze_sentence_end("；", 3));
  OK(yl_analyze_sentence_end("……", 6));
  OK(yl_analyze_sentence_end("?!", 2));
  OK(yl_analyze_sentence_end(";", 1));
  OK(!yl_analyze_sentence_end("，", 3));
  OK(!yl_analyze_sentence_end(".", 1)); /* ASCII full stop: decimals, abbreviations */
  OK(!yl_analyze_sentence_end("。a", 4));
  OK(!yl_analyze_sentence_end("", 0));
  OK(!yl_analyze_sentence_end("\xE3\x80", 2)); /* truncated 。 */
}

static void test_folder_name(void) {
  size_t n;
  const char *s = yl_analyze_folder_name("corpus/dw/a.txt", &n);
  MEM_EQ(s, n, "dw", 2);
  s = yl_analyze_folder_name("a.txt", &n);
  MEM_EQ(s, n, ".", 1);
  s = yl_analyze_folder_name("/a.txt", &n);
  MEM_EQ(s, n, "/", 1);
  s = yl_analyze_folder_name("x//voa//b.md", &n);
  MEM_EQ(s, n, "voa", 3);
}

/* ---- whole runs -------------------------------------------------------------- */

static char tmp[1024];

static void put_file(const char *rel, const char *text) {
  char p[1200];
  snprintf(p, sizeof p, "%s/%s", tmp, rel);
  FILE *f = fopen(p, "wb");
  if (!f) {
    perror(p);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
}

static char *slurp(const char *dir, const char *name) {
  char p[1200];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (s) s[n] = '\0';
  fclose(f);
  return s;
}

typedef struct env {
  yl_ingest *ing;
  yl_dict *dict;
  yl_filter *filter;
} env;

static int env_open(env *e) {
  const char *dd = getenv("YULIAO_DICT_DIR");
  if (!dd) dd = "dict";
  yl_ingest_opts io = {dd, NULL, 0, 0};
  if (yl_ingest_new(&io, &e->ing, NULL)) return -1;
  char text[1200], ydict[1200];
  snprintf(text, sizeof text, "%s/jieba", dd);
  /* the compiled dictionary of this build, if there (YL_TMP = build/tests/tmp) */
  snprintf(ydict, sizeof ydict, "%s/../../dict/jieba/jieba.ydict", getenv("YL_TMP") ? getenv("YL_TMP") : ".");
  if (yl_dict_open(access(ydict, R_OK) == 0 ? ydict : NULL, text, &e->dict, NULL, NULL)) return -1;
  /* no stop words: every count below is the text's own */
  return yl_filter_new(NULL, &e->filter) ? -1 : 0;
}

static void env_close(env *e) {
  yl_filter_free(e->filter);
  yl_dict_free(e->dict);
  yl_ingest_free(e->ing);
}

/* env_open, or a test failure (and nothing left open) when it cannot. */
static int env_open_or_fail(env *e) {
  if (!env_open(e)) return 0;
  YL_T_FAIL("cannot open the dictionary or ingest tables");
  env_close(e);
  return -1;
}

/* When set, run_once keeps its error record here instead of printing it. */
static yl_error *last_err;

static yl_status run_once(env *e, const char *out, unsigned threads, const char *const *paths,
                          size_t np, yl_cooc_context ctx, yl_analyze_summary *sum) {
  yl_ingest_list list = {0};
  yl_status st = yl_ingest_walk(e->ing, paths, np, &list);
  if (st) return st;
  mkdir(out, 0777);
  yl_analyze_opts o;
  yl_analyze_opts_init(&o);
  o.ingest = e->ing;
  o.files = &list;
  o.dict = e->dict;
  o.filter = e->filter;
  o.out_dir = out;
  o.csv_flags = YL_CSV_NO_BOM;
  o.threads = threads;
  o.group_by = YL_GROUP_FOLDER;
  o.context = ctx;
  o.cooc_top = 0;
  o.cooc_min_count = 1;
  yl_error err;
  st = yl_analyze_run(&o, sum, &err);
  INT_EQ(err.code, st);
  char line[YL_ERROR_FORMAT_MAX];
  if (st && !last_err) fprintf(stderr, "run: %s\n", yl_error_format(&err, line, sizeof line));
  if (last_err) *last_err = err;
  yl_ingest_list_clear(&list);
  return st;
}

static const char *const tables[] = {"documents.csv", "frequency.csv", "frequency_wide.csv",
                                     "tfidf.csv", "keywords.csv", "cooccurrence.csv",
                                     "keyness.csv", "similarity.csv"};

static void test_hand_corpus(void) {
  env e = {0};
  if (env_open_or_fail(&e)) return;
  char a[1100], b[1100], c[1100];
  snprintf(a, sizeof a, "%s/alpha", tmp);
  snprintf(b, sizeof b, "%s/beta", tmp);
  mkdir(a, 0777);
  mkdir(b, 0777);
  /* sentences: a1 = [apple banana] [cherry apple] / [banana apple]; a2 = [apple cherry]
   * [cherry date]; b1 = [date date banana] / [elder date]  (/ = paragraph break) */
  put_file("alpha/a1.txt", "apple banana。cherry apple\n\nbanana apple\n");
  put_file("alpha/a2.txt", "apple cherry! cherry date 2025\n");
  put_file("beta/b1.txt", "date date banana\n\nelder date x\n");
  /* the same text as alpha/a1.txt: a duplicate (same body), listed but not counted */
  put_file("beta/b2.txt", "apple banana。cherry apple\n\nbanana apple\n");
  const char *fwd[] = {a, b}, *rev[] = {b, a};
  yl_analyze_summary s1, s2, s3;
  snprintf(c, sizeof c, "%s/out1", tmp);
  INT_EQ(run_once(&e, c, 1, fwd, 2, YL_COOC_SENTENCE, &s1), YL_OK);
  char *freq = slurp(c, "frequency.csv");
  /* alpha: apple 4 (2 docs), cherry 3 (2), banana 2, date 1; 10 tokens.
   * beta: date 3, banana 1, elder 1; 5 tokens ("x" is too short).
   * ALL: 15 tokens; ranks by count with ties sharing the smallest rank. */
  STR_EQ(freq,
         "group,term,count,per_10k,doc_freq,rank\r\n"
         "alpha,apple,4,4000,2,1\r\n"
         "alpha,cherry,3,3000,2,2\r\n"
         "alpha,banana,2,2000,1,3\r\n"
         "alpha,date,1,1000,1,4\r\n"
         "beta,date,3,6000,1,1\r\n"
         "beta,banana,1,2000,1,2\r\n"
         "beta,elder,1,2000,1,2\r\n"
         "ALL,apple,4,2666.6666666666665,2,1\r\n"
         "ALL,date,4,2666.6666666666665,2,1\r\n"
         "ALL,banana,3,2000,2,3\r\n"
         "ALL,cherry,3,2000,2,3\r\n"
         "ALL,elder,1,666.6666666666666,1,5\r\n");
  free(freq);
  /* Sentence contexts: 7 sentences in all, 5 in alpha. apple & banana share 2 (a1 s1,
   * a1 s3); apple is in 4 sentences, banana in 3, cherry in 3 (a1 s2, a2 s1, a2 s2). */
  char *co = slurp(c, "cooccurrence.csv");
  OK(co && strstr(co, "\r\napple,banana,2,ALL,sentence,7,4,3,"));
  OK(co && strstr(co, "\r\napple,banana,2,alpha,sentence,5,4,2,"));
  OK(co && strstr(co, "\r\napple,cherry,2,ALL,sentence,7,4,3,"));
  OK(co && strstr(co, "\r\ndate,elder,1,beta,sentence,2,2,1,"));
  OK(co && !strstr(co, "apple,date")); /* never in one sentence */
  free(co);
  char *docs = slurp(c, "documents.csv");
  OK(docs && strstr(docs, ",alpha,6,3,,,,\r\n")); /* a1: 6 tokens, 3 types */
  OK(docs && strstr(docs, ",alpha,4,3,,,,\r\n")); /* a2: the number 2025 is not counted */
  OK(docs && strstr(docs, ",beta,5,3,,,,\r\n"));
  /* b2 repeats a1's body: its doc_id, similarity 1 */
  OK(docs && strstr(docs, "/alpha/a1.txt (same body text),,,,,,1,1\r\n"));
  INT_EQ(s1.analysed, 3);
  INT_EQ(s1.duplicates, 1);
  OK(docs && strstr(docs, "beta/b2.txt"));
  INT_EQ(s1.tokens, 15);
  INT_EQ(s1.types, 5);
  INT_EQ(s1.n_groups, 2);
  INT_EQ(s1.dropped[YL_FILTER_NUMBER], 1);
  INT_EQ(s1.dropped[YL_FILTER_SHORT], 1);
  OK(s1.n_groups == 2 && !strcmp(s1.groups[1].name, "beta") && s1.groups[1].tokens == 5);
  free(docs);

  /* 3 threads and the folders in the other order: every table byte-identical */
  char d[1100];
  snprintf(d, sizeof d, "%s/out3", tmp);
  INT_EQ(run_once(&e, d, 3, rev, 2, YL_COOC_SENTENCE, &s2), YL_OK);
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    char *x = slurp(c, tables[i]), *y = slurp(d, tables[i]);
    OK(x && y);
    if (x && y && strcmp(x, y)) YL_T_FAIL("%s differs between -j 1 and -j 3", tables[i]);
    free(x);
    free(y);
  }
  INT_EQ(s2.threads, 3);

  /* window context, ±5 inside a document. a1 is apple₀ banana₁ cherry₂ apple₃ banana₄
   * apple₅: cherry₂ is within 5 of apple₀, apple₃ and apple₅ → 3 position pairs. a2 is
   * apple₀ cherry₁ cherry₂ date₃: (0,1), (0,2) → 2. alpha: 3 + 2 = 5. */
  snprintf(d, sizeof d, "%s/outw", tmp);
  INT_EQ(run_once(&e, d, 2, fwd, 2, YL_COOC_WINDOW, &s3), YL_OK);
  co = slurp(d, "cooccurrence.csv");
  OK(co && strstr(co, "\r\napple,cherry,5,alpha,window,"));
  free(co);
  yl_analyze_summary_clear(&s1);
  yl_analyze_summary_clear(&s2);
  yl_analyze_summary_clear(&s3);
  env_close(&e);
}

/* Token spellings of every length from 2 to 24 bytes, and for each the same letters
 * with one byte changed at every position: the filter memo keys spellings of up to 16
 * bytes by value (first and last 8 or 4 bytes), so every one of them must stay its own
 * term, with its own count. */
static void test_spellings(void) {
  env e = {0};
  if (env_open_or_fail(&e)) return;
  char dir[1100], out[1100];
  snprintf(dir, sizeof dir, "%s/spell", tmp);
  mkdir(dir, 0777);
  size_t cap = 64 * 1024, len = 0;
  char *text = malloc(cap);
  char w[32];
  size_t nterms = 0;
  for (int L = 2; L <= 24; L++) {
    memset(w, 'a', (size_t)L);
    w[L] = '\0';
    for (int k = 0; k < 3; k++) len += (size_t)snprintf(text + len, cap - len, "%s ", w);
    nterms++;
    for (int p = 0; p < L; p++) {
      w[p] = 'b';
      len += (size_t)snprintf(text + len, cap - len, "%s ", w);
      w[p] = 'a';
      nterms++;
    }
    len += (size_t)snprintf(text + len, cap - len, "\n");
  }
  put_file("spell/s.txt", text);
  free(text);
  snprintf(out, sizeof out, "%s/spell-out", tmp);
  const char *paths[] = {dir};
  yl_analyze_summary sum;
  INT_EQ(run_once(&e, out, 1, paths, 1, YL_COOC_WINDOW, &sum), YL_OK);
  char *freq = slurp(out, "frequency.csv");
  OK(freq != NULL);
  size_t rows = 0, bad = 0;
  for (char *line = freq ? strtok(freq, "\r\n") : NULL; line; line = strtok(NULL, "\r\n")) {
    if (strncmp(line, "ALL,", 4)) continue;
    char term[64];
    unsigned long count;
    if (sscanf(line + 4, "%63[^,],%lu", term, &count) != 2) {
      bad++;
      continue;
    }
    rows++;
    int all_a = strspn(term, "a") == strlen(term);
    if (count != (all_a ? 3ul : 1ul)) bad++;
  }
  INT_EQ(rows, nterms);
  INT_EQ(bad, 0);
  INT_EQ(sum.types, nterms);
  free(freq);
  yl_analyze_summary_clear(&sum);
  env_close(&e);
}

static void test_errors(void) {
  yl_analyze_summary s;
  yl_analyze_opts o;
  yl_analyze_opts_init(&o);
  INT_EQ(yl_analyze_run(&o, &s, NULL), YL_ERR_INVALID);
  yl_error err;
  INT_EQ(yl_analyze_run(&o, &s, &err), YL_ERR_INVALID);
  ERR_EQ(err, YL_ERR_INVALID, "", 0, 0, yl_strerror(YL_ERR_INVALID));
  /* an output folder that is a file: the spill file fails first, named with its errno */
  env e = {0};
  if (!env_open_or_fail(&e)) {
    char dir[1100], out[1100];
    snprintf(dir, sizeof dir, "%s/errs", tmp);
    mkdir(dir, 0777);
    put_file("errs/a.txt", "apple banana\n");
    snprintf(out, sizeof out, "%s/errs/a.txt", tmp);
    const char *paths[] = {dir};
    last_err = &err;
    INT_EQ(run_once(&e, out, 2, paths, 1, YL_COOC_WINDOW, &s), YL_ERR_IO);
    last_err = NULL;
    char want[200];
    snprintf(want, sizeof want, "cannot create a spill file: %s", strerror(ENOTDIR));
    ERR_EQ(err, YL_ERR_IO, out, 0, ENOTDIR, want);
    env_close(&e);
  }
  yl_analyze_group_by g;
  INT_EQ(yl_analyze_group_by_parse("folder", &g), YL_OK);
  INT_EQ(g, YL_GROUP_FOLDER);
  INT_EQ(yl_analyze_group_by_parse("outlets", &g), YL_ERR_INVALID);
  STR_EQ(yl_analyze_group_by_name(YL_GROUP_NONE), "none");
}

int main(void) {
  if (yl_test_scratch("analyze", tmp, sizeof tmp)) return 2;
  RUN(test_spill_round_trip);
  RUN(test_sentence_end);
  RUN(test_folder_name);
  RUN(test_hand_corpus);
  RUN(test_spellings);
  RUN(test_errors);
  YL_TEST_DONE();
}
