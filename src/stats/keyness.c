/* Keyness of one group against the rest of the corpus (see yuliao/keyness.h). */
#include "yuliao/keyness.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "yuliao/stats.h"

static int cmp_bytes(const yl_keyness_row *a, const yl_keyness_row *b) {
  return yl_bytes_cmp(a->term, a->term_len, b->term, b->term_len);
}

static int cmp_row(const void *pa, const void *pb) {
  const yl_keyness_row *a = pa, *b = pb;
  if (a->g2 != b->g2) return a->g2 > b->g2 ? -1 : 1;
  return cmp_bytes(a, b);
}

static int cmp_desc(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a < b) - (a > b);
}

static int cmp_bytes_v(const void *pa, const void *pb) {
  return cmp_bytes(*(yl_keyness_row *const *)pa, *(yl_keyness_row *const *)pb);
}

/* Marks ('keep') the 'top' rows a full sort would put first among those of sign 'sign'
 * (+1: highest G² first; −1: lowest last): every row beyond the top-th value, and of
 * the rows tied at it the first (lowest bytes) or last (highest bytes) ones. Sorting
 * only G² values is several times cheaper than sorting the rows by G² and bytes. */
static yl_status keep_extremes(yl_keyness_row *r, size_t k, size_t top, int sign, char *keep,
                               const yl_vocab *v) {
  size_t n = 0;
  for (size_t i = 0; i < k; i++) n += sign > 0 ? r[i].g2 > 0 : r[i].g2 < 0;
  if (n == 0) return YL_OK;
  double *g = malloc(n * sizeof *g);
  if (!g) return YL_ERR_NOMEM;
  size_t j = 0;
  for (size_t i = 0; i < k; i++)
    if (sign > 0 ? r[i].g2 > 0 : r[i].g2 < 0) g[j++] = sign * r[i].g2;
  qsort(g, n, sizeof *g, cmp_desc);
  size_t lim = top < n ? top : n;
  double thr = g[lim - 1];
  free(g);
  size_t above = 0, ties = 0;
  for (size_t i = 0; i < k; i++) {
    double x = sign * r[i].g2;
    if (x > thr) keep[i] = 1, above++;
    else if (x == thr) ties++;
  }
  yl_keyness_row **t = malloc((ties ? ties : 1) * sizeof *t);
  if (!t) return YL_ERR_NOMEM;
  j = 0;
  for (size_t i = 0; i < k; i++)
    if (sign * r[i].g2 == thr) {
      t[j] = &r[i];
      t[j]->term = yl_vocab_term(v, t[j]->id, &t[j]->term_len); /* bytes break the tie */
      j++;
    }
  qsort(t, ties, sizeof *t, cmp_bytes_v);
  size_t want = lim - above;
  for (size_t i = 0; i < want; i++) keep[(sign > 0 ? t[i] : t[ties - 1 - i]) - r] = 1;
  free(t);
  return YL_OK;
}

/* An absent term's G² depends on its count alone: memoised below this count. */
#define G0_MEMO 4096

/* The columns of a kept row that the selection did not need. */
static void fill(yl_keyness_row *row, const yl_counts *target, const yl_counts *corpus,
                 const yl_vocab *v, uint64_t n1, uint64_t n2) {
  uint64_t a = row->a;
  row->term = yl_vocab_term(v, row->id, &row->term_len);
  row->n1 = n1;
  row->n2 = n2;
  uint64_t df_all = yl_counts_df(corpus, row->id);
  row->df_a = a ? yl_counts_df(target, row->id) : 0;
  row->df_b = df_all > row->df_a ? df_all - row->df_a : 0;
  row->per_10k_a = (double)a / (double)n1 * 10000.0;
  row->per_10k_b = (double)row->b / (double)n2 * 10000.0;
  row->log_ratio = yl_log_ratio(a, row->b, n1, n2);
  row->pct_diff = yl_pct_diff(a, row->b, n1, n2);
  row->p_value = yl_chi2_p(row->g2);
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
  /* The target's counts in an array by id: the loop over the corpus reads them there
   * instead of probing the target's hash table once per corpus term (most of which
   * the target does not have). */
  size_t nv = yl_vocab_size(v);
  uint64_t *a_of = calloc(nv ? nv : 1, sizeof *a_of);
  yl_keyness_row *r = malloc((terms ? terms : 1) * sizeof *r);
  double *g0 = calloc(G0_MEMO, sizeof *g0); /* G² of an absent term by its count b */
  if (!r || !g0 || !a_of) {
    free(r);
    free(g0);
    free(a_of);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < yl_counts_nterms(target); i++) {
    uint32_t id;
    uint64_t c;
    yl_counts_entry(target, i, &id, &c, NULL);
    if (id >= nv) {
      free(r);
      free(g0);
      free(a_of);
      return YL_ERR_INVALID;
    }
    a_of[id] = c;
  }
  size_t k = 0;
  uint64_t sum_a = 0;
  for (size_t i = 0; i < terms; i++) {
    uint32_t id;
    uint64_t total;
    yl_counts_entry(corpus, i, &id, &total, NULL);
    uint64_t a = id < nv ? a_of[id] : 0;
    sum_a += a;
    if (a > total) {
      free(r);
      free(g0);
      free(a_of);
      return YL_ERR_INVALID;
    }
    if (total == 0 || total < o.min_count) continue;
    /* Only what the selection needs; the rest is filled for the rows kept (fill). */
    yl_keyness_row *row = &r[k++];
    row->id = id;
    row->a = a;
    row->b = total - a;
    if (a == 0 && row->b < G0_MEMO) { /* most terms of the corpus are absent from a group */
      if (g0[row->b] == 0) g0[row->b] = yl_keyness_g2c(0, row->b, n1, n2, o.correction);
      row->g2 = g0[row->b];
    } else {
      row->g2 = yl_keyness_g2c(a, row->b, n1, n2, o.correction);
    }
  }
  free(g0);
  free(a_of);
  /* A target term missing from the corpus means the tables do not belong together:
   * then the corpus's terms do not hold all of the target's occurrences. */
  if (sum_a != n1) {
    free(r);
    return YL_ERR_INVALID;
  }
  /* p < cut exactly when |G²| > the χ²(1) quantile of 1 − cut; p is computed only
   * for the rows kept, and wherever |G²| is within 1e-9 of the quantile, so that the
   * flag always agrees with the p_value shown. */
  double cut = o.alpha / (double)(k ? k : 1);
  double crit = gsl_cdf_chisq_Qinv(cut, 1.0);
  for (size_t i = 0; i < k; i++) {
    double x = fabs(r[i].g2);
    if (!(crit > 0) || fabs(x - crit) <= 1e-9 * crit) r[i].significant = yl_chi2_p(r[i].g2) < cut;
    else r[i].significant = x > crit;
  }
  size_t kept = k;
  if (o.top && k > 2 * o.top) {
    char *keep = calloc(k, 1);
    yl_status st = keep ? keep_extremes(r, k, o.top, 1, keep, v) : YL_ERR_NOMEM;
    if (!st) st = keep_extremes(r, k, o.top, -1, keep, v);
    if (st) {
      free(keep);
      free(r);
      return st;
    }
    kept = 0;
    for (size_t i = 0; i < k; i++)
      if (keep[i] || r[i].significant) r[kept++] = r[i];
    free(keep);
  }
  for (size_t i = 0; i < kept; i++) fill(&r[i], target, corpus, v, n1, n2);
  qsort(r, kept, sizeof *r, cmp_row);
  *rows = r;
  *n = kept;
  return YL_OK;
}
