/* One document's term counts (internal), for passes 1b and 2: in an array by term id,
 * only the touched entries reset after each document, so a token costs one array
 * update instead of a hash-table update. */
#ifndef YL_PIPELINE_DOCCOUNT_H
#define YL_PIPELINE_DOCCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

typedef struct yl_doccount {
  uint64_t *cnt;    /* by id, all zero between documents */
  uint32_t *seen;   /* distinct ids of the document, first occurrence order */
  uint64_t *seen_n; /* their counts */
  size_t cap;       /* of seen and seen_n */
} yl_doccount;

/* For ids below 'nv'. */
yl_status yl_doccount_init(yl_doccount *dc, size_t nv);
void yl_doccount_free(yl_doccount *dc);

/* Counts the 'n' ids into seen/seen_n[0 .. *ns). */
yl_status yl_doccount_add(yl_doccount *dc, const uint32_t *ids, size_t n, size_t *ns);

#endif
