/* Pure statistical formulas on counts: keyness, association, IDF, ranks.
 *
 * No state, no allocation, thread safe. Every formula and its source is in
 * docs/statistics.md; the test vectors in tests/unit/test_stats.c come from R, NLTK and
 * sklearn. Logarithms: ln unless the name says otherwise; 0·ln 0 = 0. */
#ifndef YULIAO_STATS_H
#define YULIAO_STATS_H

#include "yuliao/export.h"
#include "yuliao/status.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** 4-term log-likelihood G² = 2 Σ O·ln(O/E) of the 2×2 table [[o11, o12], [o21, o22]]
 * with E from the margins (unsigned; 0 when the table has an empty margin). */
YL_API double yl_g2(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22);

/** Corrections of the 2×2 G² for small counts (docs/statistics.md §3). */
typedef enum yl_g2_correction {
  YL_G2_NONE = 0, /**< the plain 4-term G² */
  YL_G2_WILLIAMS, /**< G²/q, Williams (1976): q = 1 + (N/r1 + N/r2 − 1)(N/c1 + N/c2 − 1)/(6N)
                       over the row and column totals; q = 1 when a cell is 0 (quanteda) */
  YL_G2_YATES     /**< classic Yates: every cell moved min(0.5, |O − E|) towards its E
                       before the G² (R chisq.test(correct=TRUE), SciPy chi2_contingency) */
} yl_g2_correction;

/** "none", "williams", "yates"; NULL for a value out of range. */
YL_API const char *yl_g2_correction_name(yl_g2_correction c);

/** yl_g2 with the correction 'corr' (unsigned; 0 when the table has an empty margin). */
YL_API double yl_g2_corrected(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22,
                              yl_g2_correction corr);

/** Pearson χ² (no continuity correction) of the same 2×2 table. */
YL_API double yl_chi2(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22);

/** Upper tail P(X ≥ |x|) of χ² with 1 degree of freedom (GSL gsl_cdf_chisq_Q). */
YL_API double yl_chi2_p(double x);

/** Pearson's χ² test of independence (no continuity correction, as scipy's
 * chi2_contingency(correction=False)) of the 'nr' × 'nc' table 'o' (row-major): the
 * statistic, degrees of freedom (nr − 1)(nc − 1), p (GSL gsl_cdf_chisq_Q), Cramér's V
 * √(χ² / (N (min(nr, nc) − 1))) and, into 'stdres' (nr × nc, may be NULL), each cell's
 * standardised residual (O − E) / √(E (1 − row/N)(1 − col/N)) as R's chisq.test
 * $stdres. Rows or columns that sum to 0 are left out of the test (their residuals 0).
 * YL_ERR_INVALID when fewer than two rows and two columns are left. */
YL_API yl_status yl_chi2_table(const uint64_t *o, size_t nr, size_t nc, double *chi2, double *df,
                               double *p, double *cramers_v, double *stdres);

/** Keyness G² of a term seen 'a' times in a target of 'n1' tokens and 'b' times in a
 * reference of 'n2' tokens; negative when a/n1 < b/n2 (under-use). Needs a ≤ n1,
 * b ≤ n2. */
YL_API double yl_keyness_g2(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2);

/** yl_keyness_g2 with the correction 'corr' of the 2×2 table; the sign is the same. */
YL_API double yl_keyness_g2c(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2,
                             yl_g2_correction corr);

/** Hardie's Log Ratio log2((a/n1)/(b/n2)), a zero count replaced by 0.5. */
YL_API double yl_log_ratio(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2);

/** %DIFF 100·(a/n1 − b/n2)/(b/n2), with b = 0 replaced by 0.5 (as in Log Ratio) so the
 * value stays finite. */
YL_API double yl_pct_diff(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2);

/** Association measures of a pair from its 2×2 over N units: O11 units with both,
 * fx with x, fy with y (O12 = fx − O11, O21 = fy − O11, O22 = N − fx − fy + O11). */
typedef struct yl_assoc {
  double pmi;      /**< log2(O11·N / (fx·fy)) */
  double npmi;     /**< pmi / −log2(O11/N); 1 when O11 = N */
  double log_dice; /**< 14 + log2(2·O11 / (fx + fy)) */
  double t_score;  /**< (O11 − E11) / √O11, E11 = fx·fy/N */
  double g2;       /**< 4-term G² of the 2×2, unsigned */
  double p_value;  /**< χ²(1) upper tail of g2 */
  double jaccard;  /**< O11 / (fx + fy − O11) */
} yl_assoc;

/** Fills '*out' for a pair. Needs 1 ≤ O11 ≤ min(fx, fy) and fx + fy − O11 ≤ N; returns
 * 0 on success, −1 (out untouched) when the counts are inconsistent. */
YL_API int yl_assoc_measures(uint64_t o11, uint64_t fx, uint64_t fy, uint64_t n,
                             yl_assoc *out);

/** sklearn default (smooth_idf=True): ln((1 + n)/(1 + df)) + 1. */
YL_API double yl_idf_smooth(uint64_t n, uint64_t df);
/** quanteda dfm_tfidf default: log10(n/df). df = 0 is treated as 1. */
YL_API double yl_idf_log10(uint64_t n, uint64_t df);
/** tidytext bind_tf_idf: ln(n/df). df = 0 is treated as 1. */
YL_API double yl_idf_ln(uint64_t n, uint64_t df);

/** An exactly rounded sum: yl_fsum_value gives the double nearest to the exact sum of
 * every value added (ties to even), the algorithm of Python's math.fsum (Shewchuk's
 * non-overlapping partials). So the result does not depend on the order of the adds;
 * for finite values whose partial sums stay finite. Init with YL_FSUM_INIT. */
typedef struct yl_fsum {
  double p[64]; /* partials, increasing magnitude; finite doubles need at most 40 */
  int n;
} yl_fsum;
#define YL_FSUM_INIT {{0}, 0}
YL_API void yl_fsum_add(yl_fsum *s, double x);
YL_API double yl_fsum_value(const yl_fsum *s);

/** Min ranks of 'n' values already sorted best first: rank[i] = 1 + index of the first
 * value equal to values[i] (10,10,11 → 1,1,3). */
YL_API void yl_rank_min(const double *values, size_t n, uint64_t *rank);

#ifdef __cplusplus
}
#endif
#endif
