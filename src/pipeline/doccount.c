/* One document's term counts (see doccount.h). */
#include "pipeline/doccount.h"

#include <stdlib.h>
#include <string.h>

yl_status yl_doccount_init(yl_doccount *dc, size_t nv) {
  memset(dc, 0, sizeof *dc);
  dc->cnt = calloc(nv ? nv : 1, sizeof *dc->cnt);
  return dc->cnt ? YL_OK : YL_ERR_NOMEM;
}

void yl_doccount_free(yl_doccount *dc) {
  free(dc->cnt);
  free(dc->seen);
  free(dc->seen_n);
  memset(dc, 0, sizeof *dc);
}

yl_status yl_doccount_add(yl_doccount *dc, const uint32_t *ids, size_t n, size_t *ns) {
  if (n > dc->cap) {
    uint32_t *a = realloc(dc->seen, n * sizeof *a);
    if (a) dc->seen = a;
    uint64_t *b = a ? realloc(dc->seen_n, n * sizeof *b) : NULL;
    if (b) dc->seen_n = b;
    if (!a || !b) return YL_ERR_NOMEM;
    dc->cap = n;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!dc->cnt[ids[i]]++) dc->seen[k++] = ids[i];
  for (size_t i = 0; i < k; i++) {
    dc->seen_n[i] = dc->cnt[dc->seen[i]];
    dc->cnt[dc->seen[i]] = 0;
  }
  *ns = k;
  return YL_OK;
}
