/* Aliases (--aliases FILE): spellings merged into one term before anything is counted
 * (internal). One entry a line, CANONICAL<TAB>VARIANT|VARIANT…; '#' starts a comment
 * line. Every spelling is taken as a counted term is (normalised, case folded by the
 * filter's key, converted under --script simplified), so a variant matches wherever
 * the filter would count it; the term is shown as the canonical is written. */
#ifndef YL_PIPELINE_ALIASES_H
#define YL_PIPELINE_ALIASES_H

#include <stddef.h>

#include "yuliao/error.h"
#include "yuliao/filter.h"
#include "yuliao/script.h"
#include "yuliao/status.h"

typedef struct yl_aliases yl_aliases;

/* A spelling of 'path' (line 'line') the filter would not count: left out, said. */
typedef void (*yl_aliases_reject_fn)(void *ctx, size_t line, const char *spelling);

/* Reads 'path'; spellings converted by 'conv' when not NULL, keyed by 'f'. A malformed
 * line is YL_ERR_DICT with "FILE:LINE: why" in 'err'; a variant claimed by two
 * canonicals too. */
yl_status yl_aliases_load(const char *path, const yl_filter *f, yl_script *conv,
                          yl_aliases_reject_fn reject, void *ctx, yl_aliases **out, yl_error *err);
void yl_aliases_free(yl_aliases *a);

/* The canonical of the filter key 'key' (a variant's or the canonical's own key): its
 * key and its spelling as written; 0 when 'key' is no alias. */
int yl_aliases_find(const yl_aliases *a, const char *key, size_t klen, const char **ckey,
                    size_t *cklen, const char **spell, size_t *slen);

/* Every spelling (canonicals and variants, converted), for the segmenter's dictionary
 * (so that a variant of several words is cut whole). */
size_t yl_aliases_nspellings(const yl_aliases *a);
const char *yl_aliases_spelling(const yl_aliases *a, size_t i);

#endif
