/* Count tables: term id → count, document frequency and (optionally) surface forms.
 *
 * Every statistic in yuliao is computed from these tables, and tables combine only by
 * summing, so a corpus can be counted in any order, in any number of threads, and the
 * merged tables are identical. The usual flow:
 *
 *   doc table   yl_counts_add / yl_counts_add_form for each kept token, then
 *   group table yl_counts_add_doc(group, doc)   (counts += ; df += 1 per term; ndocs += 1)
 *               yl_counts_clear(doc)            (reuse: no allocation in steady state)
 *   corpus      yl_counts_merge(corpus, group, NULL)  (everything summed)
 *
 * A table holds:
 * - count(id): occurrences (uint64);
 * - df(id): number of documents added with yl_counts_add_doc that contain the term
 *   (0 in a table fed only by yl_counts_add: a document does not count itself);
 * - tokens: Σ count, the unit's length used by per-10k and TF-IDF;
 * - ndocs: documents added (N of document-level IDF);
 * - surface forms: for a case-folded term, how often each original spelling was seen,
 *   so tables can show the most frequent one (DeepSeek 5 × + Deepseek 1 × → DeepSeek).
 *
 * Ids are those of one yl_vocab; yl_counts_merge accepts an id map to combine tables of
 * different vocabularies. Not thread safe for writing; one table per thread. */
#ifndef YULIAO_COUNTS_H
#define YULIAO_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/status.h"
#include "yuliao/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_counts yl_counts;

/** Creates an empty table in '*out' (release with yl_counts_free). */
YL_API yl_status yl_counts_new(yl_counts **out);
/** Releases 'c'. NULL is a no-op. */
YL_API void yl_counts_free(yl_counts *c);
/** Empties 'c' (all counts, df, tokens, ndocs, forms), keeping its memory. */
YL_API void yl_counts_clear(yl_counts *c);

/** Adds 'n' occurrences of term 'id' (count and tokens += n). No allocation once the
 * table has room. Returns YL_OK or YL_ERR_NOMEM. */
YL_API yl_status yl_counts_add(yl_counts *c, uint32_t id, uint64_t n);

/** As yl_counts_add, and records that the occurrences were spelt 'form' (an id of the
 * same vocabulary, e.g. "DeepSeek" while 'id' is the folded "deepseek"). Occurrences
 * added with yl_counts_add, or with form = id, count as spelt 'id' itself. */
YL_API yl_status yl_counts_add_form(yl_counts *c, uint32_t id, uint32_t form,
                                    uint64_t n);

/** Adds ONE document given as 'n' distinct term ids and their counts (as
 * yl_counts_add_doc of a table holding them): counts summed, df += 1 for every id with
 * a count, tokens += Σ counts, ndocs += 1. For callers that count a document in an
 * array of their own. Surface forms go in apart with yl_counts_add_forms. */
YL_API yl_status yl_counts_add_doc_ids(yl_counts *c, const uint32_t *ids,
                                       const uint64_t *counts, size_t n);

/** Records 'n' occurrences of term 'id' spelt 'form' without counting them (they are
 * counted by yl_counts_add_doc_ids or yl_counts_add); nothing when form = id. */
YL_API yl_status yl_counts_add_forms(yl_counts *c, uint32_t id, uint32_t form,
                                     uint64_t n);

/** Adds document table 'doc' to 'c' as ONE document: counts, tokens and forms are
 * summed, df += 1 for every term with a count, ndocs += 1. Also use it to add a whole
 * group as one unit (then df counts groups). */
YL_API yl_status yl_counts_add_doc(yl_counts *c, const yl_counts *doc);

/** Adds everything of 'src' to 'dst' (counts, df, tokens, ndocs, forms). 'map' is NULL
 * when both use the same vocabulary, else the src→dst id map of yl_vocab_merge.
 * Summing is associative and commutative: any merge order gives the same table. */
YL_API yl_status yl_counts_merge(yl_counts *dst, const yl_counts *src,
                                 const uint32_t *map);

/** Occurrences of 'id' (0 if absent). */
YL_API uint64_t yl_counts_count(const yl_counts *c, uint32_t id);
/** Documents containing 'id' among those added with yl_counts_add_doc. */
YL_API uint64_t yl_counts_df(const yl_counts *c, uint32_t id);
/** Σ counts. */
YL_API uint64_t yl_counts_tokens(const yl_counts *c);
/** Documents added with yl_counts_add_doc (summed by merge). */
YL_API uint64_t yl_counts_ndocs(const yl_counts *c);
/** Number of distinct terms with an entry. */
YL_API size_t yl_counts_nterms(const yl_counts *c);
/** The i-th entry (i < nterms) in internal order — for iteration only, never for
 * output order. 'count' and 'df' may be NULL. */
YL_API void yl_counts_entry(const yl_counts *c, size_t i, uint32_t *id, uint64_t *count,
                            uint64_t *df);

/** Stores in '*out' a new array (release with yl_free) of yl_vocab_size(v) entries:
 * out[id] = the form seen most often for 'id' (ties: smallest bytes), the term's own
 * spelling counting every occurrence not recorded under another form. */
YL_API yl_status yl_counts_forms(const yl_counts *c, const yl_vocab *v, uint32_t **out);

/** One row of a frequency table. 'term' points into the vocabulary. */
typedef struct yl_freq_row {
  uint32_t id;
  const char *term;  /**< the counted (folded) term */
  size_t term_len;
  const char *shown; /**< most frequent surface form (== term when none recorded) */
  size_t shown_len;
  uint64_t count;
  uint64_t df;
  double per_10k;    /**< count / tokens × 10000 */
  uint64_t rank;     /**< 1-based; ties share the smallest rank (10,10,11 → 1,1,3) */
} yl_freq_row;

/** Frequency table of 'c': every term with count ≥ 'min_count', sorted by count
 * descending then term bytes ascending. Stores a new array (release with yl_free) in
 * '*rows' and its length in '*n'. Ranks are computed before the 'min_count' cut, so a
 * term's rank does not depend on the cut. */
YL_API yl_status yl_counts_freq_rows(const yl_counts *c, const yl_vocab *v,
                                     uint64_t min_count, yl_freq_row **rows, size_t *n);

/** The first 'top' rows (0: all) of yl_counts_freq_rows's list, with the same ranks,
 * without building or sorting the others: a table of 500 k terms written to its top
 * 20,000 sorts 20,000 rows. */
YL_API yl_status yl_counts_freq_rows_top(const yl_counts *c, const yl_vocab *v,
                                         uint64_t min_count, size_t top,
                                         yl_freq_row **rows, size_t *n);

/** Stores in '*ids' a new array (release with yl_free) of the ids of the 'k' most
 * frequent terms of 'c' (count descending, then term bytes: exactly k when the table
 * has k terms, no tie expansion), and their number in '*n'. For the co-occurrence
 * selection (yl_cooc_select). */
YL_API yl_status yl_counts_top_ids(const yl_counts *c, const yl_vocab *v, size_t k,
                                   uint32_t **ids, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
