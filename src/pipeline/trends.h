/* Counts by period (--period): per group and period the documents and tokens, and the
 * counts and document frequencies of the selected terms (internal). Like every count
 * table they merge by summing, so pass 2's jobs each keep one and add them up. */
#ifndef YL_PIPELINE_TRENDS_H
#define YL_PIPELINE_TRENDS_H

#include <stddef.h>
#include <stdint.h>

#include "base/u64map.h"
#include "yuliao/status.h"

typedef struct yl_trends {
  yl_u64map cells;        /* group << 32 | period → cell index */
  uint64_t *key;          /* of each cell */
  uint64_t *docs, *tokens;
  size_t ncell, cap;
  yl_u64map cnt, df;      /* cell << 32 | term → count, documents */
} yl_trends;

#define YL_TRENDS_INIT {YL_U64MAP_INIT, NULL, NULL, NULL, 0, 0, YL_U64MAP_INIT, YL_U64MAP_INIT}

void yl_trends_free(yl_trends *t);

/* One document of 'group' in 'period' with 'tokens' counted tokens: its 'ns' distinct
 * terms 'ids' with their 'counts', of which those with sel[id] set (id < nsel) are
 * counted. */
yl_status yl_trends_add_doc(yl_trends *t, uint32_t group, uint32_t period, const uint32_t *ids,
                            const uint64_t *counts, size_t ns, uint64_t tokens,
                            const unsigned char *sel, size_t nsel);

/* Adds 'src' into 'dst'. */
yl_status yl_trends_merge(yl_trends *dst, const yl_trends *src);

#endif
