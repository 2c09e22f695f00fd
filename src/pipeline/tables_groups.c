/* The tables that compare groups: keyness.csv (each group against the rest) and
 * similarity.csv (each pair of groups). */
#include <stdlib.h>

#include "base/pool.h"
#include "pipeline/tables.h"
#include "stats/simvec.h"
#include "yuliao/keyness.h"
#include "yuliao/similarity.h"

yl_status yl_tables_keyness(const yl_outctx *x, yl_analyze_summary *sum) {
  static const char *const cols[] = {
      "group", "term", "count_target", "count_reference", "doc_freq_target",
      "doc_freq_reference", "per_10k_target", "per_10k_reference", "g2", "p_value",
      "log_ratio", "pct_diff", "significant", NULL};
  const yl_merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_KEYNESS, cols, &c);
  if (st) return st;
  if (x->o->group_by == YL_GROUP_NONE) sum->keyness_note = "no groups (--group-by none)";
  else if (m->ng < 2) sum->keyness_note = "only one group: nothing to compare with";
  yl_keyness_opts ko = YL_KEYNESS_OPTS_DEFAULT;
  ko.alpha = x->o->alpha;
  ko.min_count = x->o->keyness_min_count;
  ko.top = x->o->keyness_top;
  ko.correction = x->o->keyness_correction;
  for (size_t g = 0; !st && !sum->keyness_note && g < m->ng; g++) {
    uint64_t n1 = yl_counts_tokens(m->g[g]), n = yl_counts_tokens(m->all);
    if (!n1 || n1 == n) continue; /* empty target or empty rest: no test possible */
    yl_keyness_row *rows = NULL;
    size_t nr = 0;
    st = yl_keyness_rows(m->g[g], m->all, m->v, &ko, &rows, &nr);
    for (size_t i = 0; !st && i < nr; i++) {
      const yl_keyness_row *k = &rows[i];
      st = yl_csv_str(c, m->names[g]);
      if (!st) st = yl_cell_term(c, m, k->id);
      if (!st) st = yl_cell_u64(c, k->a);
      if (!st) st = yl_cell_u64(c, k->b);
      if (!st) st = yl_cell_u64(c, k->df_a);
      if (!st) st = yl_cell_u64(c, k->df_b);
      if (!st) st = yl_csv_double(c, (double)k->a / (double)k->n1 * 10000.0);
      if (!st) st = yl_csv_double(c, (double)k->b / (double)k->n2 * 10000.0);
      if (!st) st = yl_csv_double(c, k->g2);
      if (!st) st = yl_csv_double(c, k->p_value);
      if (!st) st = yl_csv_double(c, k->log_ratio);
      if (!st) st = yl_csv_double(c, k->pct_diff);
      if (!st) st = yl_csv_bool(c, k->significant);
      if (!st) st = yl_csv_end_row(c);
    }
    free(rows);
  }
  return yl_tables_close(x, YL_TABLE_KEYNESS, c, st);
}

/* Work of one thread of similarity.csv: first the count vectors of groups k, k + nj,
 * …, then the pairs k, k + nj, … of the list of all pairs (a < b, in row order). */
typedef struct sim_job {
  const yl_outctx *x;
  yl_simvec *pv;
  unsigned k, nj;
  int pairs; /* 0: vectors; 1: pairs */
  double *cos, *jsd;
  size_t *shared;
  yl_status st;
} sim_job;

static void sim_work(void *arg) {
  sim_job *j = arg;
  const yl_merged *m = j->x->m;
  if (!j->pairs) {
    for (size_t g = j->k; !j->st && g < m->ng; g += j->nj)
      if (yl_counts_tokens(m->g[g])) j->st = yl_simvec_from_counts(&j->pv[g], m->g[g], m->v, m->simpos);
    return;
  }
  size_t p = 0;
  for (size_t a = 0; a < m->ng; a++)
    for (size_t b = a + 1; b < m->ng; b++, p++) {
      if (p % j->nj != j->k) continue;
      j->cos[p] = yl_simvec_cosine(&m->gvec[a], &m->gvec[b]);
      int empty = !yl_counts_tokens(m->g[a]) || !yl_counts_tokens(m->g[b]);
      j->jsd[p] = empty ? 0 : yl_simvec_jsd(&j->pv[a], &j->pv[b]);
      j->shared[p] = yl_sim_top_shared(m->grows[a], m->ngrows[a], m->grows[b], m->ngrows[b],
                                       j->x->o->sim_top);
    }
}

yl_status yl_tables_similarity(const yl_outctx *x, unsigned nj) {
  static const char *const cols[] = {"group_a", "group_b", "cosine_tfidf", "jsd",
                                     "shared_top", "top_k", NULL};
  const yl_merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_SIMILARITY, cols, &c);
  if (st) return st;
  size_t ng = x->o->group_by == YL_GROUP_NONE ? 0 : m->ng;
  size_t np = ng > 1 ? ng * (ng - 1) / 2 : 0;
  if (!nj) nj = 1;
  /* Each group's vectors sorted once (the TF-IDF ones when the group rows were
   * written); every pair is then a merge (stats/simvec.h). Pairs are computed in
   * threads and written in order. */
  yl_simvec *pv = calloc(ng ? ng : 1, sizeof *pv);
  double *cos = malloc((np ? np : 1) * sizeof *cos), *jsd = malloc((np ? np : 1) * sizeof *jsd);
  size_t *shared = malloc((np ? np : 1) * sizeof *shared);
  sim_job *jobs = calloc(nj, sizeof *jobs);
  if (!pv || !cos || !jsd || !shared || !jobs) st = YL_ERR_NOMEM;
  for (int pairs = 0; !st && ng && pairs < 2; pairs++) {
    for (unsigned k = 0; k < nj; k++) jobs[k] = (sim_job){x, pv, k, nj, pairs, cos, jsd, shared, YL_OK};
    yl_pool_each(sim_work, jobs, sizeof *jobs, nj);
    for (unsigned k = 0; !st && k < nj; k++) st = jobs[k].st;
  }
  size_t p = 0;
  for (size_t a = 0; !st && a < ng; a++)
    for (size_t b = a + 1; !st && b < ng; b++, p++) {
      int empty = !yl_counts_tokens(m->g[a]) || !yl_counts_tokens(m->g[b]);
      st = yl_csv_str(c, m->names[a]);
      if (!st) st = yl_csv_str(c, m->names[b]);
      if (!st) st = yl_csv_double(c, cos[p]);
      if (!st) st = empty ? yl_csv_str(c, "") : yl_csv_double(c, jsd[p]);
      if (!st) st = yl_cell_u64(c, shared[p]);
      if (!st) st = yl_cell_u64(c, x->o->sim_top);
      if (!st) st = yl_csv_end_row(c);
    }
  for (size_t g = 0; g < ng && pv; g++) yl_simvec_free(&pv[g]);
  free(pv);
  free(cos);
  free(jsd);
  free(shared);
  free(jobs);
  return yl_tables_close(x, YL_TABLE_SIMILARITY, c, st);
}
