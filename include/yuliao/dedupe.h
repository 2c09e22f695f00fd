/* Duplicate articles: the same URL, or the same body text, seen twice in one run (as
 * extract decides them while it writes; analyze also finds the same story in the other
 * script and near-duplicates, yuliao/sketch.h, and keeps the latest copy).
 *
 * Archives often save one article more than once (two feeds, two crawls). The first
 * file in input order (the sorted walk order) is kept and every later one is marked
 * a duplicate of it, so the decision never depends on thread timing: feed documents
 * to yl_dedupe_check in index order. Identity is a 64-bit hash (src/hash.h) of the URL
 * (exact string) and of the body paragraphs (normalised text, titles and captions
 * left out); an accidental collision between two different texts is about n²/2⁶⁵
 * likely (≈ 3·10⁻¹⁰ for 100,000 documents). Not thread safe: one object per run. */
#ifndef YULIAO_DEDUPE_H
#define YULIAO_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/ingest.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Why a document is a duplicate. */
typedef enum yl_dup_kind { YL_DUP_NONE = 0, YL_DUP_URL, YL_DUP_BODY } yl_dup_kind;

typedef struct yl_dedupe yl_dedupe;

/** Creates an empty set in '*out' (release with yl_dedupe_free). */
YL_API yl_status yl_dedupe_new(yl_dedupe **out);
YL_API void yl_dedupe_free(yl_dedupe *d);

/** Hash of the body paragraphs of 'doc' (kind body, in order), or 0 when it has none:
 * documents without body text are never duplicates by body. */
YL_API uint64_t yl_doc_body_hash(const yl_doc *doc);

/** yl_doc_body_hash by parts, for a caller that holds the paragraphs as it counts them
 * (analyze hashes the converted text): start with h = 0, add each non-empty body
 * paragraph in order, and finish with 'any' = whether one was added. */
YL_API uint64_t yl_body_hash_add(uint64_t h, const char *text, size_t len);
YL_API uint64_t yl_body_hash_end(uint64_t h, int any);

/** Hash of a URL, or 0 for NULL or "". */
YL_API uint64_t yl_url_hash(const char *url);

/** Checks the document numbered 'index' with URL hash 'url_h' and body hash 'body_h'
 * (0 = absent) against those seen before, then records it when it is new. On YL_OK
 * '*kind' says whether it is a duplicate and '*first' (when it is) the index of the
 * first document with the same URL or body. Returns YL_ERR_NOMEM on failure. */
YL_API yl_status yl_dedupe_check(yl_dedupe *d, uint64_t url_h, uint64_t body_h,
                                 size_t index, yl_dup_kind *kind, size_t *first);

/** "same URL" or "same body text" (static storage). */
YL_API const char *yl_dup_kind_name(yl_dup_kind k);

#ifdef __cplusplus
}
#endif
#endif
