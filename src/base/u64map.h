/* Open-addressing hash map from a 64-bit key to a 64-bit value (internal).
 *
 * The one hash table of the library. Keyed by number it is a counter: term id → count
 * (counts.c), packed term pair (id_a << 32 | id_b) → count (cooc.c). Keyed by content
 * (term bytes, code-point strings, URLs: see "Content keys" below) the key is the
 * content's hash and the value the caller's entry index. Linear probing, power-of-two capacity, load
 * factor ≤ 3/4 (yl_u64map_full), no deletion. Besides the slot array it keeps the list of occupied slots
 * in insertion order, so clearing a table that once grew large costs only its entries
 * (per-document tables are cleared and reused) and iteration never scans empty slots.
 * Iteration order is insertion order: callers that write output sort it first. */
#ifndef YL_U64MAP_H
#define YL_U64MAP_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* UINT64_MAX marks an empty slot, so it cannot be used as a key. */
#define YL_U64MAP_EMPTY UINT64_MAX

typedef struct yl_u64map_slot {
  uint64_t key;
  uint64_t val;
} yl_u64map_slot;

typedef struct yl_u64map {
  yl_u64map_slot *slots; /* cap slots, NULL until the first insert */
  uint32_t *used;        /* indices of occupied slots, in insertion order */
  size_t n;              /* entries */
  size_t cap;            /* slots (power of two) or 0 */
  unsigned shift;        /* 64 − log2(cap): hash takes the top bits */
} yl_u64map;

#define YL_U64MAP_INIT {NULL, NULL, 0, 0, 64}

/* The slot a key's probe starts at (Fibonacci hashing: the top bits of key × 2⁶⁴/φ). */
static inline size_t yl_u64map_home(const yl_u64map *m, uint64_t key) {
  return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> m->shift);
}

/* Slot index where 'key' lives or would go. */
static inline size_t yl_u64map_probe(const yl_u64map *m, uint64_t key) {
  size_t mask = m->cap - 1;
  size_t i = yl_u64map_home(m, key);
  while (m->slots[i].key != key && m->slots[i].key != YL_U64MAP_EMPTY) i = (i + 1) & mask;
  return i;
}

/* Whether one more entry needs the table to grow first. Load factor ≤ 3/4: at ≤ 1/2
 * analyze's peak memory on a 600 k-term archive was 23 % higher, and the longer probes
 * at 3/4 did not show in its run time. */
static inline int yl_u64map_full(const yl_u64map *m) {
  return m->cap == 0 || 4 * (m->n + 1) > 3 * m->cap;
}

/* Grows the table so that 'extra' more keys fit without growing again. */
yl_status yl_u64map_reserve(yl_u64map *m, size_t extra);

/* Adds 'delta' to the value of 'key' (inserting it at 0 first). The common case (key
 * present, or room left) allocates nothing. Returns YL_OK or YL_ERR_NOMEM. */
static inline yl_status yl_u64map_add(yl_u64map *m, uint64_t key, uint64_t delta) {
  if (yl_u64map_full(m)) {
    if (m->cap) {
      size_t i = yl_u64map_probe(m, key);
      if (m->slots[i].key == key) {
        m->slots[i].val += delta;
        return YL_OK;
      }
    }
    yl_status st = yl_u64map_reserve(m, 1);
    if (st != YL_OK) return st;
  }
  size_t i = yl_u64map_probe(m, key);
  if (m->slots[i].key == YL_U64MAP_EMPTY) {
    m->slots[i].key = key;
    m->slots[i].val = 0;
    m->used[m->n++] = (uint32_t)i;
  }
  m->slots[i].val += delta;
  return YL_OK;
}

/* Value of 'key', or 0 when absent. */
static inline uint64_t yl_u64map_get(const yl_u64map *m, uint64_t key) {
  if (m->n == 0) return 0;
  size_t i = yl_u64map_probe(m, key);
  return m->slots[i].key == key ? m->slots[i].val : 0;
}

/* The i-th entry in insertion order (i < m->n). */
static inline const yl_u64map_slot *yl_u64map_at(const yl_u64map *m, size_t i) {
  return &m->slots[m->used[i]];
}

/* Content keys. Several entries may share one key (a hash), so lookups compare the
 * caller's entries: yl_u64map_find walks the slots holding 'key' and returns the first
 * whose value 'eq' accepts, or the empty slot that ends the run, where a new entry goes
 * (yl_u64map_put_at, after yl_u64map_reserve(m, 1) made room before the find). */

/* A hash turned into a key: UINT64_MAX marks empty slots, so it is folded. */
static inline uint64_t yl_u64map_hkey(uint64_t h) { return h == YL_U64MAP_EMPTY ? h - 1 : h; }

static inline size_t yl_u64map_find(const yl_u64map *m, uint64_t key,
                                    int (*eq)(const void *ctx, uint64_t val), const void *ctx) {
  size_t mask = m->cap - 1;
  for (size_t i = yl_u64map_home(m, key);; i = (i + 1) & mask) {
    uint64_t k = m->slots[i].key;
    if (k == YL_U64MAP_EMPTY) return i;
    if (k == key && eq(ctx, m->slots[i].val)) return i;
  }
}

/* Fills the empty slot 'i' that yl_u64map_find returned. */
static inline void yl_u64map_put_at(yl_u64map *m, size_t i, uint64_t key, uint64_t val) {
  m->slots[i].key = key;
  m->slots[i].val = val;
  m->used[m->n++] = (uint32_t)i;
}

/* Removes every entry, keeping the memory. */
void yl_u64map_clear(yl_u64map *m);
/* Releases the memory; the map is then empty and reusable. */
void yl_u64map_free(yl_u64map *m);

#endif
