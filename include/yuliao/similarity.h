/* Similarity between two units (usually two outlets): cosine of their TF-IDF vectors,
 * Jensen–Shannon divergence of their term distributions, shared top-K terms.
 * Sums run in term-byte order, so results do not depend on how tables were built. */
#ifndef YULIAO_SIMILARITY_H
#define YULIAO_SIMILARITY_H

#include <stddef.h>

#include "yuliao/counts.h"
#include "yuliao/export.h"
#include "yuliao/status.h"
#include "yuliao/tfidf.h"
#include "yuliao/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Cosine Σ a·b / (‖a‖‖b‖) of two weight vectors given as yl_tfidf_rows output (same
 * vocabulary, any order). 0 when either vector is zero. */
YL_API yl_status yl_sim_cosine(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b,
                               size_t nb, double *out);

/** Jensen–Shannon divergence, base 2 (so in [0, 1]), of p = count/tokens of 'a' and q
 * of 'b': JSD = ½ Σ p log2(p/m) + ½ Σ q log2(q/m), m = (p + q)/2. Both tables need
 * tokens > 0 (else YL_ERR_INVALID). */
YL_API yl_status yl_sim_jsd(const yl_counts *a, const yl_counts *b, const yl_vocab *v,
                            double *out);

/** Number of terms present in both the first min(k, na) rows of 'a' and the first
 * min(k, nb) rows of 'b' (rows as sorted by yl_tfidf_rows). */
YL_API size_t yl_sim_top_shared(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b,
                                size_t nb, size_t k);

#ifdef __cplusplus
}
#endif
#endif
