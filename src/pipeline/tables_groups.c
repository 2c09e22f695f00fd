/* The tables that compare groups: keyness.csv (each group against the rest) and
 * similarity.csv (each pair of groups). */
#include <stdlib.h>

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

yl_status yl_tables_similarity(const yl_outctx *x) {
  static const char *const cols[] = {"group_a", "group_b", "cosine_tfidf", "jsd",
                                     "shared_top", "top_k", NULL};
  const yl_merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_SIMILARITY, cols, &c);
  if (st) return st;
  size_t ng = x->o->group_by == YL_GROUP_NONE ? 0 : m->ng;
  /* Each group's vectors sorted once; every pair is then a merge (stats/simvec.h).
   * The TF-IDF vectors were made when the group rows were written. */
  yl_simvec *tv = m->gvec, *pv = calloc(ng ? ng : 1, sizeof *pv);
  if (!pv) st = YL_ERR_NOMEM;
  for (size_t g = 0; !st && g < ng; g++)
    if (yl_counts_tokens(m->g[g])) st = yl_simvec_from_counts(&pv[g], m->g[g], m->v, m->simpos);
  for (size_t a = 0; !st && a < ng; a++)
    for (size_t b = a + 1; !st && b < ng; b++) {
      double cos = yl_simvec_cosine(&tv[a], &tv[b]);
      int empty = !yl_counts_tokens(m->g[a]) || !yl_counts_tokens(m->g[b]);
      double jsd = empty ? 0 : yl_simvec_jsd(&pv[a], &pv[b]);
      size_t sh = yl_sim_top_shared(m->grows[a], m->ngrows[a], m->grows[b], m->ngrows[b],
                                    x->o->sim_top);
      if (!st) st = yl_csv_str(c, m->names[a]);
      if (!st) st = yl_csv_str(c, m->names[b]);
      if (!st) st = yl_csv_double(c, cos);
      if (!st) st = empty ? yl_csv_str(c, "") : yl_csv_double(c, jsd);
      if (!st) st = yl_cell_u64(c, sh);
      if (!st) st = yl_cell_u64(c, x->o->sim_top);
      if (!st) st = yl_csv_end_row(c);
    }
  for (size_t g = 0; g < ng && pv; g++) yl_simvec_free(&pv[g]);
  free(pv);
  return yl_tables_close(x, YL_TABLE_SIMILARITY, c, st);
}
