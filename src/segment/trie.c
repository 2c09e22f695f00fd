/* Building the double-array trie (see trie.h). Children of a node are placed by first
 * fit: the first free slot p such that base = p - first code leaves a free slot for
 * every child code. The free slots form a doubly linked list, so used slots are never
 * scanned; a free slot that keeps failing as an anchor is dropped from the list (it
 * stays free for other children), the usual double-array build heuristic. */
#include "segment/trie.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FREE_END 0xFFFFFFFFu

typedef struct builder {
  const yl_trie_word *w;
  yl_trie_slot *sl;
  uint8_t *stag;
  size_t cap_sl, max_used;
  uint32_t *fnext, *fprev; /* doubly linked list of the unused slots */
  uint32_t fhead, ftail;
  uint8_t *tries; /* failed first-fit attempts per free slot; 255 = off the list */
  uint32_t *stack;
  size_t nstack, cap_stack;
} builder;

int yl_trie_cmp(const void *x, const void *y) {
  const yl_trie_word *a = x, *b = y;
  uint32_t n = a->len < b->len ? a->len : b->len;
  for (uint32_t i = 0; i < n; i++)
    if (a->codes[i] != b->codes[i]) return a->codes[i] < b->codes[i] ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

static yl_status reserve_slots(builder *b, size_t need) {
  if (need <= b->cap_sl) return YL_OK;
  size_t nc = b->cap_sl ? b->cap_sl : 1u << 20;
  while (nc < need) nc *= 2;
  yl_trie_slot *ns = realloc(b->sl, nc * sizeof *ns);
  if (!ns) return YL_ERR_NOMEM;
  b->sl = ns;
  uint8_t *nt = realloc(b->stag, nc);
  if (!nt) return YL_ERR_NOMEM;
  b->stag = nt;
  uint32_t *fn = realloc(b->fnext, nc * sizeof *fn);
  if (!fn) return YL_ERR_NOMEM;
  b->fnext = fn;
  uint32_t *fp = realloc(b->fprev, nc * sizeof *fp);
  if (!fp) return YL_ERR_NOMEM;
  b->fprev = fp;
  uint8_t *tr = realloc(b->tries, nc);
  if (!tr) return YL_ERR_NOMEM;
  b->tries = tr;
  memset(tr + b->cap_sl, 0, nc - b->cap_sl);
  if (!b->cap_sl) b->fhead = b->ftail = FREE_END;
  for (size_t i = b->cap_sl; i < nc; i++) {
    ns[i].base = 0;
    ns[i].check = YL_TRIE_UNUSED;
    ns[i].logf = -1.0;
    nt[i] = 0;
    fp[i] = b->ftail;
    fn[i] = FREE_END;
    if (b->ftail != FREE_END) fn[b->ftail] = (uint32_t)i;
    else b->fhead = (uint32_t)i;
    b->ftail = (uint32_t)i;
  }
  b->cap_sl = nc;
  return YL_OK;
}

static void unlink_free(builder *b, uint32_t i) {
  if (b->fprev[i] != FREE_END) b->fnext[b->fprev[i]] = b->fnext[i];
  else b->fhead = b->fnext[i];
  if (b->fnext[i] != FREE_END) b->fprev[b->fnext[i]] = b->fprev[i];
  else b->ftail = b->fprev[i];
  b->tries[i] = 255;
}

/* Marks slot 'i' used by 'parent'. */
static void use_slot(builder *b, uint32_t i, uint32_t parent) {
  b->sl[i].check = parent;
  if (b->tries[i] != 255) unlink_free(b, i);
  if (i > b->max_used) b->max_used = i;
}

static yl_status push(builder *b, uint32_t v) {
  if (b->nstack == b->cap_stack) {
    size_t nc = b->cap_stack ? b->cap_stack * 2 : 4096;
    uint32_t *ns = realloc(b->stack, nc * sizeof *ns);
    if (!ns) return YL_ERR_NOMEM;
    b->stack = ns;
    b->cap_stack = nc;
  }
  b->stack[b->nstack++] = v;
  return YL_OK;
}

/* Places the children of 'node' (words [lo, hi), all sharing 'depth' leading codes)
 * into the double array, then recurses. */
static yl_status place(builder *b, uint32_t node, size_t lo, size_t hi, uint32_t depth) {
  if (lo < hi && b->w[lo].len == depth) {
    const yl_trie_word *w = &b->w[lo];
    b->sl[node].logf = w->freq > 0 ? log((double)w->freq) : -1.0;
    b->stag[node] = (uint8_t)w->tag;
    lo++;
  }
  if (lo == hi) return YL_OK;
  size_t sp0 = b->nstack;
  for (size_t i = lo; i < hi; i++) {
    uint32_t c = b->w[i].codes[depth];
    if (b->nstack == sp0 || b->stack[b->nstack - 1] != c) {
      yl_status st = push(b, c);
      if (st) return st;
    }
  }
  size_t nch = b->nstack - sp0;
  uint32_t c0 = b->stack[sp0], last = b->stack[b->nstack - 1];
  uint32_t base, p;
  uint32_t np = b->fhead;
  for (;;) {
    p = np;
    if (p == FREE_END) {
      size_t old_tail = b->ftail;
      yl_status st = reserve_slots(b, b->cap_sl + 1);
      if (st) return st;
      p = old_tail == FREE_END ? b->fhead : b->fnext[old_tail];
    }
    np = b->fnext[p];
    if (p <= c0) continue;
    base = p - c0;
    yl_status st = reserve_slots(b, (size_t)base + last + 1);
    if (st) return st;
    size_t k = 1;
    while (k < nch && b->sl[base + b->stack[sp0 + k]].check == YL_TRIE_UNUSED) k++;
    if (k == nch) break;
    if (++b->tries[p] >= 16) unlink_free(b, p);
  }
  b->sl[node].base = base;
  for (size_t k = 0; k < nch; k++) use_slot(b, base + b->stack[sp0 + k], node);
  size_t i = lo;
  for (size_t k = 0; k < nch; k++) {
    uint32_t c = b->stack[sp0 + k];
    size_t j = i;
    while (j < hi && b->w[j].codes[depth] == c) j++;
    yl_status st = place(b, base + c, i, j, depth + 1);
    if (st) return st;
    i = j;
  }
  b->nstack = sp0;
  return YL_OK;
}

yl_status yl_trie_build(const yl_trie_word *words, size_t n, uint32_t ncodes,
                        yl_trie_built *out) {
  builder b;
  memset(&b, 0, sizeof b);
  b.w = words;
  yl_status st = reserve_slots(&b, (size_t)ncodes + 2);
  if (!st) {
    use_slot(&b, 0, YL_TRIE_ROOT);
    st = place(&b, 0, 0, n, 0);
  }
  /* room for base + code of every node, so the loader's bound check holds */
  size_t nslots = b.max_used + ncodes + 1;
  if (!st) st = reserve_slots(&b, nslots);
  if (!st && nslots >= YL_TRIE_ROOT) st = YL_ERR_LIMIT;
  free(b.fnext);
  free(b.fprev);
  free(b.tries);
  free(b.stack);
  if (st) {
    free(b.sl);
    free(b.stag);
    return st;
  }
  out->slots = b.sl;
  out->tags = b.stag;
  out->nslots = nslots;
  return YL_OK;
}
