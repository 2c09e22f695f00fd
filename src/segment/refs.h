/* Which word each token of the last yl_segment call is (internal, for analyze).
 *
 * A token the route took from the dictionary or the user words carries a number that
 * is the same for every occurrence of that word and for no other spelling: its trie
 * slot, or the user-word node after all slots. Counting code keys its per-spelling
 * memo by it instead of hashing the token's bytes. Tokens that are neither (HMM words,
 * punctuation, runs of Latin letters) carry UINT32_MAX. */
#ifndef YL_SEGMENT_REFS_H
#define YL_SEGMENT_REFS_H

#include <stdint.h>

#include "yuliao/segment.h"

/* One entry per token of the last yl_segment call on 's', valid until the next. */
const uint32_t *yl_segment_refs(const yl_segmenter *s);
/* An upper bound of the references 's' can give now (user words added later may pass
 * it: callers check). */
uint32_t yl_segment_nrefs(const yl_segmenter *s);

#endif
