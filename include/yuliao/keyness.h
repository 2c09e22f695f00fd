/* Keyness: each group against the rest of the corpus (AntConc / CQPweb practice:
 * a significance statistic, signed G², plus an effect size, Log Ratio).
 *
 * For a term: a = count in the target group, b = count in the rest (corpus − target),
 * N1 = target tokens, N2 = rest tokens. Formulas in docs/statistics.md. */
#ifndef YULIAO_KEYNESS_H
#define YULIAO_KEYNESS_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/counts.h"
#include "yuliao/export.h"
#include "yuliao/stats.h"
#include "yuliao/status.h"
#include "yuliao/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_keyness_opts {
  double alpha;       /**< family-wise significance level (default 0.05) */
  uint64_t min_count; /**< test only terms with a + b ≥ min_count (default 1) */
  size_t top;         /**< keep only the 'top' rows of highest G² (> 0), the 'top' of
                           lowest (< 0) and every significant row; 0 = every row
                           (default). Bonferroni's m still counts every tested term. */
  yl_g2_correction correction; /**< of g2, and so of p_value and significant
                                    (default YL_G2_NONE) */
} yl_keyness_opts;

#define YL_KEYNESS_OPTS_DEFAULT {0.05, 1, 0, YL_G2_NONE}

typedef struct yl_keyness_row {
  uint32_t id;
  const char *term; /**< points into the vocabulary */
  size_t term_len;
  uint64_t a, b;    /**< count in target, in the rest */
  uint64_t n1, n2;  /**< tokens in target, in the rest */
  uint64_t df_a, df_b; /**< documents containing the term, in target, in the rest
                            (AntConc "Range"; from yl_counts_df of both tables) */
  double per_10k_a, per_10k_b; /**< a/N1 × 10000, b/N2 × 10000 */
  double g2;        /**< 4-term G² (corrected as opts->correction says), negative for
                         under-use (a/N1 < b/N2) */
  double p_value;   /**< χ²(1) upper tail of |g2| */
  double log_ratio; /**< log2((a/N1)/(b/N2)), zero count → 0.5 */
  double pct_diff;  /**< 100·(a/N1 − b/N2)/(b/N2), b = 0 → 0.5 */
  int significant;  /**< p < alpha / m (Bonferroni), m = number of rows */
} yl_keyness_row;

/** Tests every term of 'corpus' with a + b ≥ min_count for over/under-use in 'target'
 * ('target' must be contained in 'corpus': each count ≤ the corpus count). Stores in
 * '*rows' a new array (release with yl_free) sorted by g2 descending then term bytes:
 * every tested row, or with opts->top only those kept (the rows a full table would have
 * at the top and at the bottom, and the significant ones, in the same order).
 * 'opts' may be NULL for the defaults. Returns YL_ERR_INVALID if 'target' is not part
 * of 'corpus', or when the target or the rest has no tokens. */
YL_API yl_status yl_keyness_rows(const yl_counts *target, const yl_counts *corpus,
                                 const yl_vocab *v, const yl_keyness_opts *opts,
                                 yl_keyness_row **rows, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
