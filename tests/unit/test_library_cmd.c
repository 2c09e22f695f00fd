/* Library = command: yl_analyze_paths and yl_extract_paths, called as a program would
 * call them, write the very bytes of `yuliao analyze` and `yuliao extract` on the sample
 * corpus (tests/golden/, made by the command with the flags of
 * tests/e2e/analyze_golden.sh and extract_golden.sh). Also: the errors of the set-up
 * (data folder, data files, output folder) arrive as one yl_error each, and remarks
 * through the note callback. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "yuliao/config.h"
#include "yuliao/extract.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, k;
  char *b = malloc(cap + 1);
  while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) {
      char *p = realloc(b, 2 * cap + 1);
      if (!p) {
        free(b);
        b = NULL;
        break;
      }
      b = p;
      cap *= 2;
    }
  }
  fclose(f);
  if (b) b[n] = '\0';
  *len = n;
  return b;
}

static void same_file(const char *got_path, const char *want_path) {
  size_t gl = 0, wl = 0;
  char *g = slurp(got_path, &gl), *w = slurp(want_path, &wl);
  if (!g || !w) YL_T_FAIL("cannot read %s or %s", got_path, want_path);
  else if (gl != wl || memcmp(g, w, gl))
    YL_T_FAIL("%s differs from %s (%zu vs %zu bytes)", got_path, want_path, gl, wl);
  else yl_t_pass++;
  free(g);
  free(w);
}

/* manifest.json without the lines that differ between runs (analyze_golden.sh's mask). */
static char *masked_manifest(const char *path) {
  static const char *const drop[] = {"\"command\":", "\"elapsed_seconds\":", "\"seconds\":",
                                     "\"threads\":", "\"dict_dir\":", "\"jobs\":"};
  size_t len = 0;
  char *m = slurp(path, &len);
  if (!m) return NULL;
  char *out = malloc(len + 1), *o = out;
  for (char *line = m; out && *line;) {
    char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
    int keep = 1;
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
      if (memmem(line, n, drop[i], strlen(drop[i]))) keep = 0;
    if (keep) {
      memcpy(o, line, n);
      o += n;
    }
    line += n;
  }
  if (out) *o = '\0';
  free(m);
  return out;
}

typedef struct notes {
  size_t n;
  char last[YL_ERROR_FORMAT_MAX];
} notes;

static void on_note(void *ctx, const yl_error *e) {
  notes *c = ctx;
  c->n++;
  yl_error_format(e, c->last, sizeof c->last);
  OK(e->code == YL_OK);
}

static size_t progress_calls;
static void on_progress(void *ctx, size_t done, size_t total, uint64_t bytes) {
  (void)ctx;
  (void)bytes;
  OK(done <= total);
  progress_calls++;
}

static void test_analyze_is_the_command(void) {
  char out[4096], p[4200], w[4200];
  if (yl_test_scratch("library_analyze", out, sizeof out)) {
    YL_T_FAIL("no scratch folder");
    return;
  }
  yl_config *cfg = NULL;
  yl_error err;
  INT_EQ(yl_config_new(&cfg), YL_OK);
  /* the golden run's flags; the data folder comes from $YULIAO_DICT_DIR */
  INT_EQ(yl_config_set(cfg, "no-bom", NULL, &err), YL_OK);
  INT_EQ(yl_config_add_user_dict(cfg, "examples/userdict-deepseek.txt"), YL_OK);
  INT_EQ(yl_config_set_threads(cfg, 2), YL_OK);
  notes nt = {0, ""};
  yl_config_set_note(cfg, on_note, &nt);
  yl_config_set_progress(cfg, on_progress, NULL);
  const char *paths[] = {"examples/corpus"};
  yl_analyze_summary sum;
  INT_EQ(yl_analyze_paths(cfg, paths, 1, out, &sum, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  INT_EQ(sum.files, 13);
  INT_EQ(sum.analysed, 13);
  OK(progress_calls > 0);
  INT_EQ(nt.n, 0); /* the sample corpus gives no remark */
  static const char *const tables[] = {"documents.csv", "frequency.csv", "frequency_wide.csv",
                                       "tfidf.csv", "keywords.csv", "cooccurrence.csv",
                                       "keyness.csv", "similarity.csv"};
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    snprintf(p, sizeof p, "%s/%s", out, tables[i]);
    snprintf(w, sizeof w, "tests/golden/analyze/%s", tables[i]);
    same_file(p, w);
  }
  snprintf(p, sizeof p, "%s/manifest.json", out);
  char *got = masked_manifest(p);
  size_t wl = 0;
  char *want = slurp("tests/golden/analyze/manifest.masked.json", &wl);
  OK(got && want);
  if (got && want) STR_EQ(got, want);
  free(got);
  free(want);
  yl_analyze_summary_clear(&sum);
  yl_config_free(cfg);
}

static void test_extract_is_the_command(void) {
  char out[4096], p[4200], w[4200];
  if (yl_test_scratch("library_extract", out, sizeof out)) {
    YL_T_FAIL("no scratch folder");
    return;
  }
  yl_config *cfg = NULL;
  yl_error err;
  INT_EQ(yl_config_new(&cfg), YL_OK);
  INT_EQ(yl_config_set(cfg, "no-bom", "true", &err), YL_OK);
  const char *paths[] = {"examples/corpus"};
  yl_extract_summary sum;
  INT_EQ(yl_extract_paths(cfg, paths, 1, out, &sum, &err), YL_OK);
  INT_EQ(sum.files, 13);
  INT_EQ(sum.analysed, 13);
  INT_EQ(sum.skipped + sum.duplicates, 0);
  static const char *const files[] = {"documents.csv", "texts.jsonl"};
  for (size_t i = 0; i < 2; i++) {
    snprintf(p, sizeof p, "%s/%s", out, files[i]);
    snprintf(w, sizeof w, "tests/golden/extract/%s", files[i]);
    same_file(p, w);
  }
  /* a missing input is a row and a remark, not an error */
  notes nt = {0, ""};
  yl_config_set_note(cfg, on_note, &nt);
  const char *missing[] = {"no/such/file.txt"};
  INT_EQ(yl_extract_paths(cfg, missing, 1, out, &sum, &err), YL_OK);
  INT_EQ(sum.skipped, 1);
  INT_EQ(nt.n, 1);
  STR_EQ(nt.last, "no/such/file.txt: not found");
  yl_config_free(cfg);
}

/* Writes 'text' to 'dir'/'name' and leaves its path in 'path' ('cap' bytes). */
static const char *put_file(const char *dir, const char *name, const char *text, char *path,
                            size_t cap) {
  snprintf(path, cap, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fputs(text, f) < 0) YL_T_FAIL("cannot write %s", path);
  if (f) fclose(f);
  return path;
}

static void test_setup_errors(void) {
  char out[4096], p[4200], line[YL_ERROR_FORMAT_MAX];
  if (yl_test_scratch("library_errors", out, sizeof out)) {
    YL_T_FAIL("no scratch folder");
    return;
  }
  const char *paths[] = {"examples/corpus/dw"};
  yl_analyze_summary sum;
  yl_extract_summary xs;
  yl_error err;
  yl_config *cfg = NULL;

  /* an explicit data folder that is not one: no fallback, every path tried listed */
  INT_EQ(yl_config_new(&cfg), YL_OK);
  INT_EQ(yl_config_set_dict_dir(cfg, "/no/such/dict"), YL_OK);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, out, &sum, &err), YL_ERR_DICT);
  yl_analyze_summary_clear(&sum);
  STR_EQ(yl_error_format(&err, line, sizeof line),
         "cannot find the data folder (it must hold outlets.tsv); tried: /no/such/dict "
         "(--dict-dir); set --dict-dir DIR or YULIAO_DICT_DIR, or install with cmake --install");
  INT_EQ(yl_extract_paths(cfg, paths, 1, out, &xs, &err), YL_ERR_DICT);
  yl_dict *d = NULL;
  INT_EQ(yl_config_open_dict(cfg, &d, &err), YL_ERR_DICT);
  OK(d == NULL);
  yl_config_free(cfg);

  /* the dictionary alone, as segment opens it */
  INT_EQ(yl_config_new(&cfg), YL_OK);
  INT_EQ(yl_config_open_dict(cfg, &d, &err), YL_OK);
  OK(d && yl_dict_freq(d, "中国", strlen("中国")) > 0);
  yl_dict_free(d);

  /* a stop-word file with a bad line: file and line apart in the record, the code
   * that of every data file */
  INT_EQ(yl_config_add_stopwords(cfg, put_file(out, "stop.txt", "好\n\xff\xfe\n", p, sizeof p)),
         YL_OK);
  char o2[4200];
  snprintf(o2, sizeof o2, "%s/o2", out);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, o2, &sum, &err), YL_ERR_DICT);
  yl_analyze_summary_clear(&sum);
  ERR_EQ(err, YL_ERR_DICT, p, 2, 0, "not valid UTF-8");
  yl_config_free(cfg);

  /* an IDF table and an outlet table with a bad line: the loaders' records passed on */
  INT_EQ(yl_config_new(&cfg), YL_OK);
  put_file(out, "idf.txt", "# header\n深度 9.5\n求索\n", p, sizeof p);
  INT_EQ(yl_config_set(cfg, "idf", p, &err), YL_OK);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, o2, &sum, &err), YL_ERR_DICT);
  yl_analyze_summary_clear(&sum);
  ERR_EQ(err, YL_ERR_DICT, p, 3, 0, "not a 'word idf' line");
  yl_config_free(cfg);
  INT_EQ(yl_config_new(&cfg), YL_OK);
  put_file(out, "outlets.tsv", "x.example\tx\tX\nno-tabs-here\n", p, sizeof p);
  INT_EQ(yl_config_set(cfg, "outlets", p, &err), YL_OK);
  INT_EQ(yl_extract_paths(cfg, paths, 1, o2, &xs, &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, p, 2, 0, "expected 3 to 5 tab-separated fields");
  yl_config_free(cfg);

  /* a user dictionary that is not there; rejected lines of one that is are remarks */
  INT_EQ(yl_config_new(&cfg), YL_OK);
  INT_EQ(yl_config_add_user_dict(cfg, "no/such.dict"), YL_OK);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, o2, &sum, &err), YL_ERR_DICT);
  yl_analyze_summary_clear(&sum);
  STR_EQ(yl_error_format(&err, line, sizeof line),
         "no/such.dict: cannot load user dictionary: No such file or directory");
  ERR_EQ(err, YL_ERR_DICT, "no/such.dict", 0, ENOENT, NULL);
  yl_config_free(cfg);
  INT_EQ(yl_config_new(&cfg), YL_OK);
  put_file(out, "user.dict", "深度求索 10 n\n好 99999999999999999999999\n", p, sizeof p);
  INT_EQ(yl_config_add_user_dict(cfg, p), YL_OK);
  notes nt = {0, ""};
  yl_config_set_note(cfg, on_note, &nt);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, o2, &sum, &err), YL_OK);
  yl_analyze_summary_clear(&sum);
  INT_EQ(nt.n, 1);
  char want[4300];
  snprintf(want, sizeof want, "%s:2: entry rejected: frequency too large", p);
  STR_EQ(nt.last, want);

  /* an output folder that cannot be made */
  put_file(out, "blocker", "", p, sizeof p);
  snprintf(o2, sizeof o2, "%s/blocker/x", out);
  INT_EQ(yl_analyze_paths(cfg, paths, 1, o2, &sum, &err), YL_ERR_IO);
  yl_analyze_summary_clear(&sum);
  ERR_EQ(err, YL_ERR_IO, o2, 0, ENOTDIR, "cannot write output folder: Not a directory");
  INT_EQ(yl_extract_paths(cfg, paths, 1, o2, &xs, &err), YL_ERR_IO);
  ERR_EQ(err, YL_ERR_IO, o2, 0, ENOTDIR, "cannot write output folder: Not a directory");

  /* no inputs */
  INT_EQ(yl_analyze_paths(cfg, paths, 0, out, &sum, &err), YL_ERR_INVALID);
  INT_EQ(yl_extract_paths(cfg, NULL, 1, out, &xs, &err), YL_ERR_INVALID);
  yl_config_free(cfg);
}

int main(void) {
  const char *src = getenv("YL_SRC");
  /* the golden runs were made from the source folder with relative paths */
  if (!src || chdir(src)) {
    fprintf(stderr, "YL_SRC must name the source folder\n");
    return 1;
  }
  RUN(test_analyze_is_the_command);
  RUN(test_extract_is_the_command);
  RUN(test_setup_errors);
  YL_TEST_DONE();
}
