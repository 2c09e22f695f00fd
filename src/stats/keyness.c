/* Keyness of one group against the rest of the corpus (see yuliao/keyness.h). */
#include "yuliao/keyness.h"

#include <stdlib.h>
#include <string.h>

#include "yuliao/stats.h"

static int cmp_row(const void *pa, const void *pb) {
  const yl_keyness_row *a = pa, *b = pb;
  if (a->g2 != b->g2) return a->g2 > b->g2 ? -1 : 1;
  size_t n = a->term_len < b->term_len ? a->term_len : b->term_len;
  int c = memcmp(a->term, b->term, n);
  if (c) return c;
  return (a->term_len > b->term_len) - (a->term_len < b->term_len);
}

yl_status yl_keyness_rows(const yl_counts *target, const yl_counts *corpus,
                          const yl_vocab *v, const yl_keyness_opts *opts,
                          yl_keyness_row **rows, size_t *n) {
  yl_keyness_opts o = YL_KEYNESS_OPTS_DEFAULT;
  if (opts) o = *opts;
  uint64_t n1 = yl_counts_tokens(target), nt = yl_counts_tokens(corpus);
  if (n1 == 0 || nt <= n1) return YL_ERR_INVALID;
  uint64_t n2 = nt - n1;
  size_t terms = yl_counts_nterms(corpus);
  yl_keyness_row *r = malloc((terms ? terms : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < terms; i++) {
    uint32_t id;
    uint64_t total;
    yl_counts_entry(corpus, i, &id, &total, NULL);
    uint64_t a = yl_counts_count(target, id);
    if (a > total) {
      free(r);
      return YL_ERR_INVALID;
    }
    if (total == 0 || total < o.min_count) continue;
    yl_keyness_row *row = &r[k++];
    row->id = id;
    row->term = yl_vocab_term(v, id, &row->term_len);
    row->a = a;
    row->b = total - a;
    row->n1 = n1;
    row->n2 = n2;
    uint64_t df_all = yl_counts_df(corpus, id);
    row->df_a = yl_counts_df(target, id);
    row->df_b = df_all > row->df_a ? df_all - row->df_a : 0;
    row->per_10k_a = (double)a / (double)n1 * 10000.0;
    row->per_10k_b = (double)row->b / (double)n2 * 10000.0;
    row->g2 = yl_keyness_g2(a, row->b, n1, n2);
    row->p_value = yl_chi2_p(row->g2);
    row->log_ratio = yl_log_ratio(a, row->b, n1, n2);
    row->pct_diff = yl_pct_diff(a, row->b, n1, n2);
  }
  /* A target term missing from the corpus means the tables do not belong together. */
  for (size_t i = 0; i < yl_counts_nterms(target); i++) {
    uint32_t id;
    uint64_t c;
    yl_counts_entry(target, i, &id, &c, NULL);
    if (c > yl_counts_count(corpus, id)) {
      free(r);
      return YL_ERR_INVALID;
    }
  }
  double cut = o.alpha / (double)(k ? k : 1);
  for (size_t i = 0; i < k; i++) r[i].significant = r[i].p_value < cut;
  qsort(r, k, sizeof *r, cmp_row);
  *rows = r;
  *n = k;
  return YL_OK;
}
