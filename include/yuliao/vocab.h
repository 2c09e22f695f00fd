/* Vocabulary: interns term strings (any bytes) as dense 32-bit ids.
 *
 * Ids are assigned in first-seen order, so they depend on input order and thread
 * scheduling; nothing in the library lets them reach an output. Every table is sorted
 * by term bytes (yl_vocab_cmp) before it is written, so tables built in any order, or
 * in several vocabularies merged with yl_vocab_merge, give identical output.
 *
 * A vocabulary is not thread safe for writing: give each worker its own (merging
 * remaps ids) or intern under a lock. Reading (find, term, cmp) is safe concurrently
 * with other reads. Term pointers stay valid until yl_vocab_free. */
#ifndef YULIAO_VOCAB_H
#define YULIAO_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_vocab yl_vocab;

/** Creates an empty vocabulary in '*out' (release with yl_vocab_free). */
YL_API yl_status yl_vocab_new(yl_vocab **out);
/** Releases 'v' and its term strings. NULL is a no-op. */
YL_API void yl_vocab_free(yl_vocab *v);

/** Stores in '*id' the id of the 'len' bytes at 's', adding the term if new. The
 * common case (term known) allocates nothing. Returns YL_OK, YL_ERR_NOMEM, or
 * YL_ERR_LIMIT past 2^32 − 2 terms or a term over 1 GiB. */
YL_API yl_status yl_vocab_intern(yl_vocab *v, const char *s, size_t len, uint32_t *id);

/** Looks a term up without adding it: YL_OK and '*id', or YL_ERR_NOTFOUND. */
YL_API yl_status yl_vocab_find(const yl_vocab *v, const char *s, size_t len,
                               uint32_t *id);

/** The NUL-terminated bytes of term 'id' (< yl_vocab_size), length in '*len' if not
 * NULL. Owned by 'v'. */
YL_API const char *yl_vocab_term(const yl_vocab *v, uint32_t id, size_t *len);

/** Number of terms (ids are 0 .. size − 1). */
YL_API size_t yl_vocab_size(const yl_vocab *v);

/** Total order on terms by bytes (memcmp; a prefix sorts first): <0, 0 or >0. Equal
 * only when a == b. */
YL_API int yl_vocab_cmp(const yl_vocab *v, uint32_t a, uint32_t b);

/** Interns every term of 'src' into 'dst' and stores in '*map' a new array (release
 * with yl_free) of yl_vocab_size(src) entries: map[src_id] = dst_id. Use the map with
 * yl_counts_merge / yl_cooc_merge to combine tables built on different vocabularies. */
YL_API yl_status yl_vocab_merge(yl_vocab *dst, const yl_vocab *src, uint32_t **map);

/** Stores in '*ids' a new array (release with yl_free) of all ids sorted by term
 * bytes. */
YL_API yl_status yl_vocab_sorted(const yl_vocab *v, uint32_t **ids);

#ifdef __cplusplus
}
#endif
#endif
