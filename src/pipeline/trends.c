/* Counts by period (see trends.h). */
#include "pipeline/trends.h"

#include <stdlib.h>

void yl_trends_free(yl_trends *t) {
  yl_u64map_free(&t->cells);
  yl_u64map_free(&t->cnt);
  yl_u64map_free(&t->df);
  free(t->key);
  free(t->docs);
  free(t->tokens);
  *t = (yl_trends)YL_TRENDS_INIT;
}

/* The index of the cell (group, period), made when new. */
static yl_status cell(yl_trends *t, uint64_t key, size_t *out) {
  uint64_t v = yl_u64map_get(&t->cells, key); /* index + 1 */
  if (v) {
    *out = (size_t)v - 1;
    return YL_OK;
  }
  if (t->ncell == t->cap) {
    size_t nc = t->cap ? 2 * t->cap : 64;
    uint64_t *k = realloc(t->key, nc * sizeof *k);
    if (k) t->key = k;
    uint64_t *d = k ? realloc(t->docs, nc * sizeof *d) : NULL;
    if (d) t->docs = d;
    uint64_t *n = d ? realloc(t->tokens, nc * sizeof *n) : NULL;
    if (!n) return YL_ERR_NOMEM;
    t->tokens = n;
    t->cap = nc;
  }
  yl_status st = yl_u64map_add(&t->cells, key, t->ncell + 1);
  if (st) return st;
  t->key[t->ncell] = key;
  t->docs[t->ncell] = t->tokens[t->ncell] = 0;
  *out = t->ncell++;
  return YL_OK;
}

yl_status yl_trends_add_doc(yl_trends *t, uint32_t group, uint32_t period, const uint32_t *ids,
                            const uint64_t *counts, size_t ns, uint64_t tokens,
                            const unsigned char *sel, size_t nsel) {
  size_t c;
  yl_status st = cell(t, (uint64_t)group << 32 | period, &c);
  if (st) return st;
  t->docs[c]++;
  t->tokens[c] += tokens;
  for (size_t i = 0; !st && i < ns; i++) {
    if (ids[i] >= nsel || !sel[ids[i]] || !counts[i]) continue;
    uint64_t k = (uint64_t)c << 32 | ids[i];
    st = yl_u64map_add(&t->cnt, k, counts[i]);
    if (!st) st = yl_u64map_add(&t->df, k, 1);
  }
  return st;
}

yl_status yl_trends_merge(yl_trends *dst, const yl_trends *src) {
  size_t *map = malloc((src->ncell ? src->ncell : 1) * sizeof *map);
  if (!map) return YL_ERR_NOMEM;
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < src->ncell; i++) {
    st = cell(dst, src->key[i], &map[i]);
    if (!st) dst->docs[map[i]] += src->docs[i], dst->tokens[map[i]] += src->tokens[i];
  }
  for (size_t i = 0; !st && i < src->cnt.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->cnt, i);
    uint64_t k = (uint64_t)map[s->key >> 32] << 32 | (uint32_t)s->key;
    st = yl_u64map_add(&dst->cnt, k, s->val);
    if (!st) st = yl_u64map_add(&dst->df, k, yl_u64map_get(&src->df, s->key));
  }
  free(map);
  return st;
}
