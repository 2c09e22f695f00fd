/* Co-occurrence of term pairs, counted into tables that merge by summing, and the
 * association measures of each pair (PMI, NPMI, logDice, t-score, G², Jaccard).
 *
 * Every context defines one 2×2 table per pair {x, y} over N units (details and
 * rationale in docs/statistics.md):
 *
 * - SENTENCE, PARAGRAPH, DOCUMENT (boolean, KH Coder style): a unit is a sentence,
 *   paragraph or document with at least one token; N = such units, f_x = units
 *   containing x, O11 = units containing both x and y. A pair counts once per unit.
 * - WINDOW ±k: a unit is an ordered neighbour pair (i, j), i ≠ j, |i − j| ≤ k, inside
 *   one document. N = number of such ordered pairs, f_x = ordered pairs whose first
 *   token is x (Σ over x's occurrences of its neighbour count, ≈ 2k·freq(x)),
 *   O11 = position pairs holding x and y (x ≠ y), each pair of positions once. The
 *   table is a true 2×2 (O12, O21, O22 ≥ 0) and E11 = fx·fy/N ≈ 2k·freq(x)·freq(y)/T,
 *   the expected number of co-occurrences within ±k under random order. Counting is
 *   per position pair, never boolean per document (cf. quanteda#2113). Windows cross
 *   sentence boundaries but not documents.
 *
 * Token sequences are the filtered ones (stop words etc. already removed), as ids of
 * one yl_vocab. Pairs with x = y are not counted. Pair storage may be limited to
 * selected terms (both ends selected) and/or focus terms (at least one end a focus
 * term); N is always counted over all tokens, and f_x for every selected term (all
 * terms without a selection), so the measures of a kept pair do not depend on the
 * selection. Every table merged must use the same context, window
 * and selection. Not thread safe for writing: one table per thread, then merge. */
#ifndef YULIAO_COOC_H
#define YULIAO_COOC_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/stats.h"
#include "yuliao/status.h"
#include "yuliao/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum yl_cooc_context {
  YL_COOC_WINDOW = 0,
  YL_COOC_SENTENCE,
  YL_COOC_PARAGRAPH,
  YL_COOC_DOCUMENT
} yl_cooc_context;

/** Per-token boundary flags for yl_cooc_add_doc. */
enum {
  YL_COOC_SENT_START = 1, /**< the token begins a sentence */
  YL_COOC_PARA_START = 2  /**< the token begins a paragraph (and so a sentence) */
};

/** Parses "window", "sentence", "paragraph", "document": YL_OK or YL_ERR_INVALID. */
YL_API yl_status yl_cooc_context_parse(const char *name, yl_cooc_context *out);
YL_API const char *yl_cooc_context_name(yl_cooc_context c);

typedef struct yl_cooc yl_cooc;

/** Creates an empty table for 'context'; 'window' (≥ 1) is used by YL_COOC_WINDOW
 * only (5 is the usual value). Release with yl_cooc_free. */
YL_API yl_status yl_cooc_new(yl_cooc_context context, unsigned window, yl_cooc **out);
YL_API void yl_cooc_free(yl_cooc *c);

/** Stores pairs only when both ends are among the 'n' ids (copied). n = 0 removes the
 * restriction. Call before adding documents. */
YL_API yl_status yl_cooc_select(yl_cooc *c, const uint32_t *ids, size_t n);
/** Stores pairs only when at least one end is among the 'n' ids (copied; focus terms
 * for "neighbours of X"). n = 0 removes the restriction. */
YL_API yl_status yl_cooc_focus(yl_cooc *c, const uint32_t *ids, size_t n);

/** Counts one document: 'n' token ids and, if not NULL, 'n' boundary flags
 * (YL_COOC_SENT_START / YL_COOC_PARA_START). Without flags a document is one sentence
 * and one paragraph. Allocates only when a table grows. */
YL_API yl_status yl_cooc_add_doc(yl_cooc *c, const uint32_t *ids, const uint8_t *flags,
                                 size_t n);

/** Adds 'src' to 'dst' (pairs, marginals and N summed). 'map' is NULL for the same
 * vocabulary, else the src→dst map of yl_vocab_merge. YL_ERR_INVALID when context or
 * window differ. */
YL_API yl_status yl_cooc_merge(yl_cooc *dst, const yl_cooc *src, const uint32_t *map);

/** N: units of the context (see above). */
YL_API uint64_t yl_cooc_units(const yl_cooc *c);
/** f_x of term 'id' (0 for a term outside the selection). */
YL_API uint64_t yl_cooc_marginal(const yl_cooc *c, uint32_t id);
/** O11 of the pair {a, b} (order irrelevant; 0 if a == b). */
YL_API uint64_t yl_cooc_pair(const yl_cooc *c, uint32_t a, uint32_t b);
/** Number of distinct pairs stored. */
YL_API size_t yl_cooc_npairs(const yl_cooc *c);

/** One pair with its 2×2 and measures; term_a sorts before term_b by bytes. */
typedef struct yl_cooc_row {
  uint32_t id_a, id_b;
  const char *term_a, *term_b; /**< point into the vocabulary */
  size_t len_a, len_b;
  uint64_t o11, f_a, f_b, n;
  yl_assoc m;
} yl_cooc_row;

/** Every stored pair with O11 ≥ 'min_count' (at least 1) and its measures, sorted by
 * O11 descending, then term_a, then term_b bytes. Stores a new array (release with
 * yl_free) in '*rows'. */
YL_API yl_status yl_cooc_rows(const yl_cooc *c, const yl_vocab *v, uint64_t min_count,
                              yl_cooc_row **rows, size_t *n);

/** Sort keys for yl_cooc_sort. */
typedef enum yl_cooc_key {
  YL_COOC_BY_COUNT = 0, /**< O11 (the order yl_cooc_rows returns) */
  YL_COOC_BY_PMI,
  YL_COOC_BY_NPMI,
  YL_COOC_BY_LOG_DICE,
  YL_COOC_BY_T_SCORE,
  YL_COOC_BY_G2,
  YL_COOC_BY_JACCARD
} yl_cooc_key;

/** Parses "count", "pmi", "npmi", "log_dice", "t_score", "g2", "jaccard": YL_OK or
 * YL_ERR_INVALID. */
YL_API yl_status yl_cooc_key_parse(const char *name, yl_cooc_key *out);

/** Re-sorts rows by 'key' descending, then O11 descending, then term_a, term_b bytes
 * (a total order). */
YL_API void yl_cooc_sort(yl_cooc_row *rows, size_t n, yl_cooc_key key);

#ifdef __cplusplus
}
#endif
#endif
