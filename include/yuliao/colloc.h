/* Collocations: adjacent 2- and 3-token sequences scored as quanteda's
 * textstat_collocations scores them (method "lambda", smoothing 0.5): λ, the K-way
 * interaction of the saturated log-linear model of the 2^K table, and its Wald z.
 * Formula, semantics and test vectors: docs/statistics.md §5c.
 *
 * The token stream is cut into segments at punctuation, sentence ends and paragraph
 * starts; a word the filter left out (stop word, short word, number) stays in its
 * segment as a pad. A K-window is K consecutive items of one segment, pads included
 * (quanteda's tokens_remove(padding = TRUE)); a window that holds a pad counts in N
 * and in the cells but is never a candidate. The counter does not keep the pads: each
 * kept token carries a flag byte (yl_colloc_shape builds it) that says how many items
 * lie on each side of it in its segment (up to 2) and how far the next kept token is,
 * and the windows of each document are counted apart (pad-only segments count there).
 *
 * The counter takes one group's documents in several sweeps (bigrams and marginals,
 * the bigrams in one or more hash parts; trigrams whose two bigrams reach the
 * minimum count; the gapped pairs of the trigram candidates), so memory follows the
 * distinct bigrams of one part, not the trigrams. Not thread safe: one counter per
 * thread. */
#ifndef YULIAO_COLLOC_H
#define YULIAO_COLLOC_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ---- The flag byte of a kept token ----
 * Bits 0–1 are yl_cooc_add_doc's (YL_COOC_SENT_START, YL_COOC_PARA_START) and are
 * ignored here. Bits 2–3: items (kept or pad) before it in its segment, at most 2;
 * bits 4–5: items after it, at most 2; bits 6–7: the distance to the next kept token
 * when that one is in the same segment at most 2 items on (1 adjacent, 2 one pad
 * between), else 0. */
#define YL_COLLOC_LEFT(f) (((unsigned)(f) >> 2) & 3u)
#define YL_COLLOC_RIGHT(f) (((unsigned)(f) >> 4) & 3u)
#define YL_COLLOC_NEXT(f) (((unsigned)(f) >> 6) & 3u)

/** Builds those bits while a document's tokens go by. Zero it with
 * yl_colloc_shape_init; feed every kept token (yl_colloc_shape_keep, after its flag
 * byte is set), every left-out word (yl_colloc_shape_pad) and every break
 * (yl_colloc_shape_break: punctuation, a sentence end, the end of a paragraph). The
 * flags of the tokens before a break are final after it. */
typedef struct yl_colloc_shape {
  uint64_t items;     /**< items of the open segment */
  size_t k[2];        /**< flag indices of its last two kept tokens (k[0] the last) */
  uint64_t pos[2];    /**< and their positions in it */
  unsigned nk;        /**< how many of k[] are set */
  uint64_t windows[2]; /**< 2- and 3-windows of the segments closed so far */
} yl_colloc_shape;

YL_API void yl_colloc_shape_init(yl_colloc_shape *s);
/** Kept token number 'k' (its byte fl[k]); earlier bytes of 'fl' may be updated. */
YL_API void yl_colloc_shape_keep(yl_colloc_shape *s, uint8_t *fl, size_t k);
YL_API void yl_colloc_shape_pad(yl_colloc_shape *s);
YL_API void yl_colloc_shape_break(yl_colloc_shape *s, uint8_t *fl);

/** ---- Scores ----
 * 'at_least' has 2^size entries: at_least[S] is the number of size-windows whose
 * tokens equal the candidate's at least at the positions of bit set S (bit i =
 * position i + 1): at_least[0] = N, at_least[1] = windows with the first token
 * first, …, at_least[2^size − 1] = the candidate's count. yl_colloc_cells turns them
 * into the 2^size cells ("exactly at the positions of S", inclusion–exclusion);
 * yl_colloc_score adds 'smoothing' to each and gives λ = Σ_S (−1)^(size − |S|) ln n_S
 * and z = λ / √(Σ_S 1/n_S). size is 2 … 5; YL_ERR_INVALID otherwise, or when a cell
 * would be negative (inconsistent counts). */
YL_API yl_status yl_colloc_cells(unsigned size, const uint64_t *at_least, double *cells);
YL_API yl_status yl_colloc_score(unsigned size, const uint64_t *at_least, double smoothing,
                                 double *lambda, double *z);

/** ---- Counting ---- */
typedef struct yl_colloc yl_colloc;

/** A counter of sequences of 2 … max_size (2 or 3) tokens that keeps the candidates
 * seen at least 'min_count' (≥ 1) times. Release with yl_colloc_free. */
YL_API yl_status yl_colloc_new(unsigned max_size, uint64_t min_count, yl_colloc **out);
YL_API void yl_colloc_free(yl_colloc *c);

/** Counts the bigrams in 'parts' sweeps (1 … 1024; 1 by default), each keeping the
 * bigrams of one hash part, and the trigrams likewise, so those tables are 1/parts
 * of their size; call before the first document. YL_ERR_INVALID otherwise. */
YL_API yl_status yl_colloc_set_parts(yl_colloc *c, unsigned parts);
/** The sweep the counter is in (0, 1, … : the bigram parts, then the trigram parts,
 * then the candidates' gapped pairs), or -1 when done (rows can be taken). Every sweep takes the
 * same documents, in any order. */
YL_API int yl_colloc_sweep(const yl_colloc *c);
/** One document: 'n' kept token ids with their flag bytes, and (read in sweep 0
 * only) its 2- and 3-windows (yl_colloc_shape.windows). An id is below 2^32 − 1. */
YL_API yl_status yl_colloc_add_doc(yl_colloc *c, const uint32_t *ids, const uint8_t *fl,
                                   size_t n, const uint64_t windows[2]);
/** Ends the sweep; the next one, if any, begins. */
YL_API yl_status yl_colloc_end_sweep(yl_colloc *c);

/** One candidate with its score. */
typedef struct yl_colloc_row {
  uint32_t id[3]; /**< id[2] unused for a bigram */
  unsigned size;
  uint64_t count;
  double lambda, z;
} yl_colloc_row;

/** After the last sweep: every candidate (count ≥ min_count), bigrams then trigrams,
 * in no particular order, scored with smoothing 0.5. Stores a new array (release with
 * yl_free) in '*rows'. */
YL_API yl_status yl_colloc_rows(const yl_colloc *c, yl_colloc_row **rows, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
