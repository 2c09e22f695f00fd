/* TF-IDF weights and keywords per unit (a document or a group), four named schemes.
 *
 * The IDF comes from a yl_idf: either the batch itself (a count table whose df and
 * ndocs describe the units) or an external table in jieba's idf.txt format
 * ("word idf" per line). Scheme = how tf is taken, which batch IDF formula applies and
 * whether the unit vector is L2-normalised:
 *
 *   scheme    tf            batch idf                 norm   source
 *   SKLEARN   count         ln((1+N)/(1+df)) + 1      L2     TfidfVectorizer defaults
 *   QUANTEDA  count         log10(N/df)               none   dfm_tfidf defaults
 *   TIDYTEXT  count/len     ln(N/df)                  none   bind_tf_idf
 *   JIEBA     count/len     ln(N/df)                  none   jieba.analyse.extract_tags
 *
 * With an external table every scheme uses the table's value instead of its batch
 * formula, and a term missing from the table gets the table's median IDF (jieba's rule:
 * the value at index n/2 of the sorted values). len = tokens of the unit.
 *
 * Document level: the IDF table is the corpus table built with yl_counts_add_doc over
 * documents (N = documents, df = documents containing the term). Group level: build a
 * table with yl_counts_add_doc(groups_table, group_i) for each group, so N = number of
 * groups and df = groups containing the term; see docs/statistics.md. */
#ifndef YULIAO_TFIDF_H
#define YULIAO_TFIDF_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/counts.h"
#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"
#include "yuliao/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum yl_tfidf_scheme {
  YL_TFIDF_SKLEARN = 0, /**< default */
  YL_TFIDF_QUANTEDA,
  YL_TFIDF_TIDYTEXT,
  YL_TFIDF_JIEBA
} yl_tfidf_scheme;

/** Parses "sklearn", "quanteda", "tidytext" or "jieba" into '*out': YL_OK or
 * YL_ERR_INVALID. */
YL_API yl_status yl_tfidf_scheme_parse(const char *name, yl_tfidf_scheme *out);
/** The scheme's name as accepted by yl_tfidf_scheme_parse (static storage). */
YL_API const char *yl_tfidf_scheme_name(yl_tfidf_scheme s);

typedef struct yl_idf yl_idf;

/** Batch IDF from 'units': N = yl_counts_ndocs(units), df = yl_counts_df. The table is
 * copied; 'units' may be freed afterwards. Release with yl_idf_free. */
YL_API yl_status yl_idf_from_counts(const yl_counts *units, yl_idf **out);

/** Batch IDF of 'n' units from 'df', the number of units holding each term id
 * (df[id] for id < nids; a larger id has df 0). 'df' is copied. */
YL_API yl_status yl_idf_from_df(uint64_t n, const uint64_t *df, size_t nids, yl_idf **out);

/** Loads an IDF table in jieba's format: UTF-8 lines "word idf" (one ASCII space, a
 * number). Blank lines, lines starting with '#' (comments, e.g. a provenance header)
 * and trailing CR, spaces and tabs are tolerated; a UTF-8 BOM at the start is
 * skipped. Returns YL_ERR_IO when the file cannot be read, YL_ERR_PARSE for a
 * malformed line or an empty table, YL_ERR_NOMEM; 'err' (may be NULL) names 'path',
 * the 1-based line of a malformed line and the errno of a failed read. Duplicate words
 * keep the last value (as jieba's dict does). */
YL_API yl_status yl_idf_load(const char *path, yl_idf **out, yl_error *err);

YL_API void yl_idf_free(yl_idf *idf);

/** 1 when 'idf' came from a file, 0 for a batch IDF. */
YL_API int yl_idf_is_table(const yl_idf *idf);
/** Median IDF of a table (0 for a batch IDF). */
YL_API double yl_idf_median(const yl_idf *idf);
/** Entries of a table, or N of a batch IDF. */
YL_API size_t yl_idf_size(const yl_idf *idf);

/** IDF of term 'id' of vocabulary 'v' under 'scheme'. */
YL_API double yl_idf_value(const yl_idf *idf, yl_tfidf_scheme scheme, const yl_vocab *v,
                           uint32_t id);

/** One weighted term of a unit. */
typedef struct yl_tfidf_row {
  uint32_t id;
  const char *term; /**< points into the vocabulary */
  size_t term_len;
  uint64_t count;
  double tf;        /**< count, or count/len (TIDYTEXT, JIEBA) */
  double idf;
  double weight;    /**< tf × idf, L2-normalised for SKLEARN */
} yl_tfidf_row;

/** Weights every term of 'unit' and stores in '*rows' a new array (release with
 * yl_free) sorted by weight descending then term bytes ascending; the first K rows are
 * the unit's top-K keywords. The L2 norm is an exactly rounded sum (yl_fsum), so results
 * do not depend on how the table was built. */
YL_API yl_status yl_tfidf_rows(const yl_counts *unit, const yl_vocab *v,
                               const yl_idf *idf, yl_tfidf_scheme scheme,
                               yl_tfidf_row **rows, size_t *n);

/** The IDF of every term of 'v' under 'scheme', by id, as a new array of
 * yl_vocab_size(v) values (release with yl_free): for weighting many units against the
 * same vocabulary without looking each term up again. */
YL_API yl_status yl_idf_values(const yl_idf *idf, yl_tfidf_scheme scheme,
                               const yl_vocab *v, double **out);

/** As yl_tfidf_rows, but only the first min(top, n) rows are sorted (exactly as
 * yl_tfidf_rows sorts them); the others follow in no set order. top = 0 sorts all.
 * For when only the top rows are shown: a selection instead of a full sort.
 * 'idf_by_id' is yl_idf_values(idf, scheme, v) or NULL (then looked up per term). */
YL_API yl_status yl_tfidf_rows_top(const yl_counts *unit, const yl_vocab *v,
                                   const yl_idf *idf, const double *idf_by_id,
                                   yl_tfidf_scheme scheme, size_t top,
                                   yl_tfidf_row **rows, size_t *n);

/** As yl_tfidf_rows_top for a unit given as 'nt' distinct term ids and their counts
 * (zero counts are left out; the unit's length is the sum of the counts): for callers
 * that count a document in an array of their own instead of a yl_counts table. */
YL_API yl_status yl_tfidf_rows_ids(const uint32_t *ids, const uint64_t *counts,
                                   size_t nt, const yl_vocab *v, const yl_idf *idf,
                                   const double *idf_by_id, yl_tfidf_scheme scheme,
                                   size_t top, yl_tfidf_row **rows, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
