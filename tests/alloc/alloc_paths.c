/* Allocation failures in the entry points a program calls as the command does: a
 * yl_config set up option by option, yl_analyze_paths (data folder, dictionary, stop
 * words, IDF table, analyze run, manifest.json) and yl_extract_paths (see
 * test_alloc_fail.c). The data folder is a copy of dict/ with the small dictionary of
 * tests/alloc/dict as jieba/ (compiled, so no run rebuilds or hashes the 5 MB jieba files) and the first
 * 300 lines of the IDF table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep.h"

/* ---- the configuration --------------------------------------------------------------- */

typedef struct config_ctx {
  yl_config *cfg;
  char ref[REF_CAP];
} config_ctx;

static const char *const shown[] = {"group-by", "user-dict", "focus", "jobs", "idf", "window"};

static yl_status config_run(void *p) {
  config_ctx *c = p;
  yl_error err;
  c->cfg = NULL;
  yl_status st = yl_config_new(&c->cfg);
  if (!st) st = yl_config_set(c->cfg, "group-by", "folder", &err);
  if (!st) st = yl_config_set(c->cfg, "user-dict", "a.txt", &err);
  if (!st) st = yl_config_add_user_dict(c->cfg, "b.txt");
  if (!st) st = yl_config_set(c->cfg, "focus", "deepseek,英伟达", &err);
  if (!st) st = yl_config_add_focus(c->cfg, "芯片");
  if (!st) st = yl_config_set(c->cfg, "window", "3", &err);
  if (!st) st = yl_config_set(c->cfg, "idf", "jieba", &err);
  if (!st) st = yl_config_set_threads(c->cfg, 2);
  static const char *const argv[] = {"yuliao", "analyze", "-o", "out", "corpus"};
  if (!st) st = yl_config_set_command(c->cfg, 5, argv);
  return st;
}

/* The options read back give the reference text. */
static int config_check(void *p, yl_status st, int ref) {
  config_ctx *c = p;
  int bad = 0;
  if (st == YL_OK) {
    char all[4096] = "", v[512];
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
      if (yl_config_get(c->cfg, shown[i], v, sizeof v)) bad = 1;
      snprintf(all + strlen(all), sizeof all - strlen(all), "%s=%s\n", shown[i], v);
    }
    if (ref) bad |= keep_ref(c->ref, all);
    else bad |= strcmp(all, c->ref) != 0;
  }
  yl_config_free(c->cfg);
  c->cfg = NULL;
  return bad;
}

/* ---- analyze and extract from paths ------------------------------------------------ */

typedef struct paths_ctx {
  const yl_config *cfg;
  const char *const *paths;
  size_t n;
  int extract;                      /* yl_extract_paths instead of yl_analyze_paths */
  char parent[1200], out[1300], ref[1300]; /* the run creates 'parent' and 'out' */
  const char *const *files;         /* what a successful run writes */
  size_t nfiles;
  yl_analyze_summary sum;
  yl_extract_summary xsum, ref_xsum;
  uint64_t ref_tokens;
} paths_ctx;

static const char *const analyze_files[] = {
    "documents.csv", "frequency.csv", "frequency_wide.csv", "tfidf.csv",   "keywords.csv",
    "cooccurrence.csv", "keyness.csv", "similarity.csv", "network_nodes.csv",
    "network_edges.csv", "report.html", "manifest.json"};
static const char *const extract_files[] = {"documents.csv", "texts.jsonl"};

/* Neither 'out' nor 'parent' exists. */
static void paths_prepare(void *p) {
  paths_ctx *c = p;
  struct stat sb;
  if (!stat(c->out, &sb) && (empty_dir(c->out) || rmdir(c->out)))
    fprintf(stderr, "cannot remove %s\n", c->out);
  if (!stat(c->parent, &sb) && rmdir(c->parent)) fprintf(stderr, "cannot remove %s\n", c->parent);
}

static yl_status paths_run(void *p) {
  paths_ctx *c = p;
  yl_error err;
  if (c->extract) return yl_extract_paths(c->cfg, c->paths, c->n, c->out, &c->xsum, &err);
  return yl_analyze_paths(c->cfg, c->paths, c->n, c->out, &c->sum, &err);
}

/* manifest.json without the lines that differ between two runs (timing). */
static char *manifest_text(const char *path) {
  char *s = slurp(path, NULL);
  if (!s) return NULL;
  char *o = s;
  for (char *l = s; *l;) {
    size_t n = strcspn(l, "\n");
    n += l[n] == '\n';
    char after = l[n];
    l[n] = '\0';
    int timing = strstr(l, "\"elapsed_seconds\"") || strstr(l, "\"seconds\"");
    l[n] = after;
    if (!timing) memmove(o, l, n), o += n;
    l += n;
  }
  *o = '\0';
  return s;
}

static int same_output(const char *a, const char *b, const char *name) {
  if (strcmp(name, "manifest.json")) return same_file(a, b);
  char *x = manifest_text(a), *y = manifest_text(b);
  int same = x && y && !strcmp(x, y);
  free(x);
  free(y);
  return same;
}

/* Only finished files of the run in the folder, each as after a run without failure;
 * all of them after success. */
static int paths_check(void *p, yl_status st, int ref) {
  paths_ctx *c = p;
  int bad = 0;
  if (ref) {
    bad |= copy_outputs(c->out, c->ref, c->files, c->nfiles);
    c->ref_tokens = c->sum.tokens;
    c->ref_xsum = c->xsum;
  }
  size_t found = 0;
  bad |= check_outputs(c->out, c->ref, c->files, c->nfiles, same_output, &found);
  if (st == YL_OK && c->extract)
    bad |= found != c->nfiles || memcmp(&c->xsum, &c->ref_xsum, sizeof c->xsum) != 0;
  else if (st == YL_OK) bad |= found != c->nfiles || c->sum.tokens != c->ref_tokens;
  if (!c->extract) yl_analyze_summary_clear(&c->sum);
  return bad;
}

/* The data folder: dict/'s tables and stop words, tests/alloc/dict as jieba/. */
static int make_data_dir(const char *data) {
  static const char *const copies[][2] = {
      {"dict/outlets.tsv", "outlets.tsv"},
      {"dict/boilerplate.tsv", "boilerplate.tsv"},
      {"dict/stopwords/zh.txt", "stopwords/zh.txt"},
      {"dict/stopwords/en.txt", "stopwords/en.txt"},
      {"tests/alloc/dict/dict.txt", "jieba/dict.txt"},
      {"tests/alloc/dict/hmm.tsv", "jieba/hmm.tsv"}};
  char a[1300], b[1300];
  snprintf(a, sizeof a, "%s/stopwords", data);
  snprintf(b, sizeof b, "%s/jieba", data);
  if (empty_dir(data) || empty_dir(a) || empty_dir(b)) return -1;
  for (size_t i = 0; i < sizeof copies / sizeof *copies; i++) {
    snprintf(a, sizeof a, "%s/%s", src_dir, copies[i][0]);
    snprintf(b, sizeof b, "%s/%s", data, copies[i][1]);
    if (copy_file(a, b)) return -1;
  }
  char cmd[4000];
  snprintf(cmd, sizeof cmd, "head -n 300 '%s/jieba/idf.txt' > '%s/jieba/idf.txt'", dict_dir, data);
  snprintf(a, sizeof a, "%s/jieba", data);
  snprintf(b, sizeof b, "%s/jieba/jieba.ydict", data);
  return system(cmd) == 0 && yl_dict_compile(a, b, NULL) == YL_OK ? 0 : -1;
}

static void paths_sweep(const char *name, const yl_config *cfg, const char *const *paths,
                        size_t n, int extract) {
  paths_ctx c;
  memset(&c, 0, sizeof c);
  c.cfg = cfg;
  c.paths = paths;
  c.n = n;
  c.extract = extract;
  c.files = extract ? extract_files : analyze_files;
  c.nfiles = extract ? 2 : sizeof analyze_files / sizeof *analyze_files;
  snprintf(c.parent, sizeof c.parent, "%s/paths-out", tmp_dir);
  snprintf(c.out, sizeof c.out, "%s/sub", c.parent);
  snprintf(c.ref, sizeof c.ref, "%s/paths-ref", tmp_dir);
  scenario s = {name, paths_prepare, paths_run, paths_check, &c, 0};
  sweep(&s);
}

/* A few stop words instead of the shipped 3,600 (their loading is swept on its own). */
static const char stop_words[] = "的\n了\n在\n是\n# a comment\nthe\n";

void alloc_test_paths(void) {
  config_ctx cc;
  memset(&cc, 0, sizeof cc);
  scenario s = {"config", NULL, config_run, config_check, &cc, 0};
  sweep(&s);

  char data[1200], user[1200], stop[1200], p[4][1200];
  snprintf(data, sizeof data, "%s/data", tmp_dir);
  snprintf(user, sizeof user, "%s/examples/userdict-deepseek.txt", src_dir);
  snprintf(stop, sizeof stop, "%s/stop.txt", tmp_dir);
  snprintf(p[0], sizeof p[0], "%s/examples/corpus/dw/2025-01-31_data-protection.txt", src_dir);
  snprintf(p[1], sizeof p[1], "%s/examples/corpus/nikkei", src_dir);
  snprintf(p[2], sizeof p[2], "%s/examples/corpus/other/bbc-deepseek-explainer.html", src_dir);
  snprintf(p[3], sizeof p[3], "%s/no-such-file.txt", tmp_dir);
  const char *paths[4] = {p[0], p[1], p[2], p[3]};
  yl_config *cfg = NULL;
  yl_error err;
  if (make_data_dir(data) || yl_config_new(&cfg) || yl_config_set_dict_dir(cfg, data) ||
      put_file(stop, stop_words, sizeof stop_words - 1) || yl_config_add_user_dict(cfg, user) ||
      yl_config_set(cfg, "no-default-stopwords", NULL, &err) ||
      yl_config_add_stopwords(cfg, stop) || yl_config_set(cfg, "idf", "jieba", &err) ||
      yl_config_set(cfg, "focus", "deepseek,芯片", &err) || yl_config_set_threads(cfg, 1)) {
    sweep_fail("cannot set up the data folder %s and a configuration", data);
    yl_config_free(cfg);
    return;
  }
  /* one file and a missing one: the analyze run itself is swept in alloc_analyze.c */
  const char *few[2] = {p[0], p[3]};
  paths_sweep("analyze paths", cfg, few, 2, 0);
  paths_sweep("extract paths", cfg, paths, 4, 1);
  yl_config_free(cfg);
}
