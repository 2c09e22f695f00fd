/* Open-addressing uint64 → uint64 hash map behind the count tables (see u64map.h). */
#include "base/u64map.h"

#include <stdlib.h>

#include "base/mem.h"

yl_status yl_u64map_reserve(yl_u64map *m, size_t extra) {
  if (extra > SIZE_MAX / 4 - m->n) return YL_ERR_NOMEM;
  size_t need = (4 * (m->n + extra) + 2) / 3;
  if (need <= m->cap) return YL_OK;
  size_t cap = m->cap ? m->cap : 16;
  unsigned bits = 0;
  while (cap < need) cap *= 2;
  for (size_t c = cap; c > 1; c >>= 1) bits++;
  /* Slot indices are stored as uint32_t. */
  if (cap > (size_t)UINT32_MAX + 1 || cap > SIZE_MAX / sizeof(yl_u64map_slot))
    return YL_ERR_NOMEM;
  yl_u64map_slot *slots = yl_mem_table(cap * sizeof *slots);
  uint32_t *used = malloc((cap / 4 * 3 + 1) * sizeof *used);
  if (!slots || !used) {
    yl_mem_table_free(slots, cap * sizeof *slots);
    free(used);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < cap; i++) slots[i].key = YL_U64MAP_EMPTY;
  yl_u64map old = *m;
  m->slots = slots;
  m->used = used;
  m->cap = cap;
  m->shift = 64 - bits;
  m->n = 0;
  /* Re-insert in the old insertion order so iteration order survives growth; each
   * entry takes the first empty slot, since content keys may repeat. */
  size_t mask = cap - 1;
  for (size_t k = 0; k < old.n; k++) {
    const yl_u64map_slot *s = &old.slots[old.used[k]];
    size_t i = yl_u64map_home(m, s->key);
    while (m->slots[i].key != YL_U64MAP_EMPTY) i = (i + 1) & mask;
    m->slots[i] = *s;
    m->used[m->n++] = (uint32_t)i;
  }
  yl_mem_table_free(old.slots, old.cap * sizeof *old.slots);
  free(old.used);
  return YL_OK;
}

void yl_u64map_clear(yl_u64map *m) {
  for (size_t k = 0; k < m->n; k++) m->slots[m->used[k]].key = YL_U64MAP_EMPTY;
  m->n = 0;
}

void yl_u64map_free(yl_u64map *m) {
  yl_mem_table_free(m->slots, m->cap * sizeof *m->slots);
  free(m->used);
  *m = (yl_u64map)YL_U64MAP_INIT;
}
