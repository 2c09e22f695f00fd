/* Near-duplicate sketches: a re-post with a small edit, an updated version with a
 * paragraph added, or a changed byline is the same story.
 *
 * A document's body text (after normalisation and script conversion, so the same
 * story in either script gives the same sketch) is cut into shingles of
 * YL_SKETCH_SHINGLE consecutive letters and digits (spaces and punctuation left out,
 * so a changed space or comma changes nothing; shingles stay within a paragraph).
 * The sketch is a one-permutation MinHash: each shingle's 64-bit hash picks one of
 * YL_SKETCH_BINS bins by its top bits and the bin keeps the smallest of the rest;
 * empty bins borrow from the next full one (rotation densification, Shrivastava &
 * Li 2014). The share of equal bins of two sketches estimates the Jaccard similarity
 * of their shingle sets (standard error ≤ 0.0625 with 64 bins, 0.03 near 0.9).
 * Everything is deterministic: no seed, no order dependence. */
#ifndef YULIAO_SKETCH_H
#define YULIAO_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define YL_SKETCH_BINS 64
#define YL_SKETCH_SHINGLE 5
/** Fewer shingles than this: too short to compare, exact copies only. */
#define YL_SKETCH_MIN_SHINGLES 30

/** A sketch being built (plain data: zero it with yl_sketch_init, no free). */
typedef struct yl_sketch {
  uint32_t bin[YL_SKETCH_BINS];
  uint64_t shingles;
} yl_sketch;

YL_API void yl_sketch_init(yl_sketch *s);

/** Adds the shingles of one paragraph ('len' bytes of UTF-8; invalid bytes are
 * skipped). A paragraph shorter than a shingle gives one shingle of what it has. */
YL_API void yl_sketch_add(yl_sketch *s, const char *text, size_t len);

/** Finishes 's' into 'out': returns 1, or 0 (and leaves 'out' alone) when the text
 * had fewer than YL_SKETCH_MIN_SHINGLES shingles. */
YL_API int yl_sketch_finish(const yl_sketch *s, uint32_t out[YL_SKETCH_BINS]);

/** Estimated Jaccard similarity of two finished sketches: equal bins / bins. */
YL_API double yl_sketch_similarity(const uint32_t *a, const uint32_t *b);

/** Called for every pair (i < j) of 'yl_sketch_pairs' whose estimated similarity is
 * at least the threshold; return non-zero to stop. */
typedef int (*yl_sketch_pair_fn)(void *ctx, size_t i, size_t j, double similarity);

/** Finds the pairs among 'n' sketches ('sig' holds n × YL_SKETCH_BINS values; 'has'
 * says which documents have one, NULL: all) at or above 'threshold': candidates share
 * one of 16 bands of 4 bins (so a pair at 0.8 is found with probability 0.9998, at 0.7
 * with 0.988, at 0.5 with 0.64), each checked on all bins. Within a band's bucket each document is
 * compared with at most 16 of the documents before it, so the cost stays linear for
 * buckets of thousands of copies (those are found through the chain). Pairs come in
 * a fixed order for given input. YL_OK or YL_ERR_NOMEM. */
YL_API yl_status yl_sketch_pairs(const uint32_t *sig, const unsigned char *has, size_t n,
                                 double threshold, yl_sketch_pair_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
