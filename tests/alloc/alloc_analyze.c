/* Allocation failures in whole analyze runs (see test_alloc_fail.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep.h"

static const char *const tables[] = {"documents.csv", "frequency.csv", "frequency_wide.csv",
                                     "tfidf.csv", "keywords.csv", "cooccurrence.csv",
                                     "keyness.csv", "similarity.csv", "network_nodes.csv",
                                     "network_edges.csv"};
enum { NTABLES = sizeof tables / sizeof *tables };

typedef struct analyze_ctx {
  yl_analyze_opts o;
  char out[1200], ref[1200];
  yl_analyze_summary sum;
  yl_error err;
  uint64_t ref_tokens;
} analyze_ctx;

static void analyze_prepare(void *p) {
  analyze_ctx *c = p;
  if (empty_dir(c->out)) fprintf(stderr, "cannot empty %s\n", c->out);
}

static yl_status analyze_run(void *p) {
  analyze_ctx *c = p;
  yl_error_clear(&c->err);
  return yl_analyze_run(&c->o, &c->sum, &c->err);
}

/* Only finished tables in the folder, each identical to the reference; all of them
 * after success. */
static int analyze_check(void *p, yl_status st, int ref) {
  analyze_ctx *c = p;
  int bad = 0;
  if (ref) {
    bad |= copy_outputs(c->out, c->ref, tables, NTABLES);
    c->ref_tokens = c->sum.tokens;
  }
  size_t found = 0;
  bad |= check_outputs(c->out, c->ref, tables, NTABLES, NULL, &found);
  if (st == YL_OK) bad |= found != NTABLES || c->sum.tokens != c->ref_tokens;
  else bad |= c->sum.reasons != NULL || c->sum.groups != NULL || c->err.code != st;
  yl_analyze_summary_clear(&c->sum);
  return bad;
}

static void analyze_sweep(const char *name, const yl_analyze_opts *o) {
  analyze_ctx c;
  memset(&c, 0, sizeof c);
  c.o = *o;
  c.o.out_dir = c.out;
  snprintf(c.out, sizeof c.out, "%s/analyze-out", tmp_dir);
  snprintf(c.ref, sizeof c.ref, "%s/analyze-ref", tmp_dir);
  scenario s = {name, analyze_prepare, analyze_run, analyze_check, &c, o->threads != 1};
  sweep(&s);
}

void alloc_test_analyze(const yl_ingest *ing, const yl_dict *dict) {
  yl_filter *filter = NULL;
  char sw[1200];
  snprintf(sw, sizeof sw, "%s/stopwords", dict_dir);
  if (yl_filter_new(NULL, &filter) || yl_filter_load_stopword_dir(filter, sw, NULL, NULL)) {
    sweep_fail("cannot load the stop words");
    yl_filter_free(filter);
    return;
  }
  /* four layouts, three outlets, and a duplicate of one file */
  char p[5][1200];
  snprintf(p[0], sizeof p[0], "%s/examples/corpus/dw/2025-01-31_data-protection.txt", src_dir);
  snprintf(p[1], sizeof p[1], "%s/examples/corpus/nikkei/2025-01-28_tokyo-stocks.txt", src_dir);
  snprintf(p[2], sizeof p[2], "%s/examples/corpus/other/bbc-deepseek-explainer.html", src_dir);
  snprintf(p[3], sizeof p[3], "%s/examples/corpus/other/commentary-cost-myth.txt", src_dir);
  snprintf(p[4], sizeof p[4], "%s/copy-of-commentary.txt", tmp_dir);
  size_t len = 0;
  char *dup = slurp(p[3], &len);
  if (!dup || put_file(p[4], dup, len)) sweep_fail("cannot write %s", p[4]);
  free(dup);
  const char *paths[5] = {p[0], p[1], p[2], p[3], p[4]};
  /* the same with a missing file and a file of another type */
  char missing[1200], other[1200], idf_path[1200];
  snprintf(missing, sizeof missing, "%s/no-such-file.txt", tmp_dir);
  snprintf(other, sizeof other, "%s/tests/alloc/dict/hmm.tsv", src_dir);
  snprintf(idf_path, sizeof idf_path, "%s/idf-head.txt", tmp_dir);
  const char *all[7] = {p[0], p[1], p[2], p[3], p[4], missing, other};
  yl_ingest_list list = {0}, list_all = {0};
  yl_idf *idf = NULL;
  if (yl_ingest_walk(ing, paths, 5, &list) || yl_ingest_walk(ing, all, 7, &list_all) ||
      yl_idf_load(idf_path, &idf, NULL)) {
    sweep_fail("cannot list the corpus or load %s", idf_path);
  } else {
    yl_analyze_opts o;
    yl_analyze_opts_init(&o);
    o.ingest = ing;
    o.files = &list;
    o.dict = dict;
    o.filter = filter;
    o.threads = 1;
    o.cooc_min_count = 1;
    analyze_sweep("analyze (1 thread)", &o);
    o.threads = 2;
    analyze_sweep("analyze (2 threads)", &o);
    /* other tables and paths: folders as groups, sentence co-occurrence around focus
     * terms, an IDF table, no HMM, spreadsheet flags */
    static const char *const focus[] = {"deepseek", "英伟达", "no-such-term"};
    o.files = &list_all;
    o.threads = 1;
    o.group_by = YL_GROUP_FOLDER;
    o.context = YL_COOC_SENTENCE;
    o.focus = focus;
    o.n_focus = 3;
    o.idf_table = idf;
    o.scheme = YL_TFIDF_JIEBA;
    o.no_hmm = 1;
    o.csv_flags = 0;
    o.kinds = 1u << YL_PARA_BODY;
    analyze_sweep("analyze (options)", &o);
  }
  yl_idf_free(idf);
  yl_ingest_list_clear(&list);
  yl_ingest_list_clear(&list_all);
  yl_filter_free(filter);
}
