/* The double-array trie of the main dictionary (internal).
 *
 * Not a hash table: a node's children sit at base + code, each slot naming its parent
 * in 'check', so one step is an add and a compare, and the array is used in place
 * from the mmap'd compiled file (image.h). Keys are sequences of dense character
 * codes (1..ncodes-1; 0 means "no such character"). The slots hold log(freq) as a
 * double so that the route needs no log at run time. */
#ifndef YL_SEGMENT_TRIE_H
#define YL_SEGMENT_TRIE_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

#define YL_TRIE_UNUSED 0xFFFFFFFFu /* check of a free slot */
#define YL_TRIE_ROOT 0xFFFFFFFEu   /* check of the root, slot 0 */
#define YL_TRIE_NONE 0xFFFFFFFFu   /* yl_trie_next: no such child */

/* One slot, 16 bytes in the file: base u32, check u32, log(freq) f64 (-1 when the
 * node is not a word of frequency > 0). */
typedef struct yl_trie_slot {
  uint32_t base;
  uint32_t check;
  double logf;
} yl_trie_slot;
_Static_assert(sizeof(yl_trie_slot) == 16, "slot layout is the file layout");

/* The child of 'node' by code 'c', or YL_TRIE_NONE. Bounds-checked, so a damaged
 * trie cannot make it read outside the 'nslots' slots. Inline: the route calls it
 * once per character of every candidate word. */
static inline uint32_t yl_trie_next(const yl_trie_slot *sl, uint32_t nslots, uint32_t node,
                                    uint16_t c) {
  uint32_t t = sl[node].base + c;
  if (t >= nslots || sl[t].check != node || c == 0) return YL_TRIE_NONE;
  return t;
}

/* A key for the builder: its codes, frequency (0: a prefix-only entry, not a word)
 * and tag number (0: none, else < 255). */
typedef struct yl_trie_word {
  uint32_t *codes;
  uint32_t len;
  long long freq;
  uint32_t tag;
} yl_trie_word;

/* The built array: 'nslots' slots and one tag byte per slot, malloc'd. Every
 * base + code stays below nslots for codes < ncodes, which the loader checks. */
typedef struct yl_trie_built {
  yl_trie_slot *slots;
  uint8_t *tags;
  size_t nslots;
} yl_trie_built;

/* Builds the double array over 'words' ('n' > 0 distinct keys, sorted by codes, as
 * yl_trie_cmp orders them) by first fit over a free list of slots. Returns YL_OK,
 * YL_ERR_NOMEM or YL_ERR_LIMIT (too many slots for 32-bit indices). */
yl_status yl_trie_build(const yl_trie_word *words, size_t n, uint32_t ncodes,
                        yl_trie_built *out);

/* qsort order of yl_trie_word: by codes, a prefix first. */
int yl_trie_cmp(const void *a, const void *b);

#endif
