/* Vocabulary: term bytes → dense id (see include/yuliao/vocab.h).
 *
 * Open addressing over slots that keep the id and 32 bits of the hash, so most failed
 * probes are rejected without touching the term bytes. Term bytes live in chunks that
 * never move, so yl_vocab_term pointers stay valid while the vocabulary grows. */
#include "yuliao/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define CHUNK_MIN ((size_t)1 << 16)
#define TERM_MAX ((size_t)1 << 30)

typedef struct slot {
  uint32_t id1;  /* id + 1; 0 = empty */
  uint32_t hash; /* low 32 bits of the term's hash */
} slot;

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  char data[];
} chunk;

typedef struct term {
  const char *s;
  uint32_t len;
} term;

struct yl_vocab {
  slot *slots;
  size_t cap; /* power of two */
  term *terms;
  size_t n, terms_cap;
  chunk *chunks; /* newest first */
};

static uint64_t hash_bytes(const char *s, size_t len) { return yl_hash_bytes(0, s, len); }

yl_status yl_vocab_new(yl_vocab **out) {
  yl_vocab *v = calloc(1, sizeof *v);
  if (!v) return YL_ERR_NOMEM;
  v->cap = 1024;
  v->slots = calloc(v->cap, sizeof *v->slots);
  if (!v->slots) {
    free(v);
    return YL_ERR_NOMEM;
  }
  *out = v;
  return YL_OK;
}

void yl_vocab_free(yl_vocab *v) {
  if (!v) return;
  for (chunk *c = v->chunks, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(v->slots);
  free(v->terms);
  free(v);
}

static size_t probe(const yl_vocab *v, const char *s, size_t len, uint64_t h) {
  size_t mask = v->cap - 1, i = (size_t)(h >> 32) & mask;
  uint32_t h32 = (uint32_t)h;
  for (;; i = (i + 1) & mask) {
    const slot *sl = &v->slots[i];
    if (sl->id1 == 0) return i;
    if (sl->hash == h32) {
      const term *t = &v->terms[sl->id1 - 1];
      if (t->len == len && memcmp(t->s, s, len) == 0) return i;
    }
  }
}

static yl_status grow_slots(yl_vocab *v) {
  size_t cap = v->cap * 2;
  slot *slots = calloc(cap, sizeof *slots);
  if (!slots) return YL_ERR_NOMEM;
  for (size_t k = 0; k < v->cap; k++) {
    slot s = v->slots[k];
    if (!s.id1) continue;
    const term *t = &v->terms[s.id1 - 1];
    size_t i = (size_t)(hash_bytes(t->s, t->len) >> 32) & (cap - 1);
    while (slots[i].id1) i = (i + 1) & (cap - 1);
    slots[i] = s;
  }
  free(v->slots);
  v->slots = slots;
  v->cap = cap;
  return YL_OK;
}

static const char *store_bytes(yl_vocab *v, const char *s, size_t len) {
  chunk *c = v->chunks;
  if (!c || c->cap - c->used < len + 1) {
    size_t cap = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;
    c = malloc(sizeof *c + cap);
    if (!c) return NULL;
    c->cap = cap;
    c->used = 0;
    c->next = v->chunks;
    v->chunks = c;
  }
  char *p = c->data + c->used;
  memcpy(p, s, len);
  p[len] = '\0';
  c->used += len + 1;
  return p;
}

yl_status yl_vocab_intern(yl_vocab *v, const char *s, size_t len, uint32_t *id) {
  uint64_t h = hash_bytes(s, len);
  size_t i = probe(v, s, len, h);
  if (v->slots[i].id1) {
    *id = v->slots[i].id1 - 1;
    return YL_OK;
  }
  if (len > TERM_MAX || v->n >= (size_t)UINT32_MAX - 1) return YL_ERR_LIMIT;
  if (v->n == v->terms_cap) {
    size_t cap = v->terms_cap ? v->terms_cap * 2 : 1024;
    term *t = realloc(v->terms, cap * sizeof *t);
    if (!t) return YL_ERR_NOMEM;
    v->terms = t;
    v->terms_cap = cap;
  }
  const char *p = store_bytes(v, s, len);
  if (!p) return YL_ERR_NOMEM;
  v->terms[v->n] = (term){p, (uint32_t)len};
  /* Keep the load factor ≤ 1/2. */
  if (2 * (v->n + 1) > v->cap) {
    if (grow_slots(v) != YL_OK) return YL_ERR_NOMEM;
    i = probe(v, s, len, h);
  }
  v->slots[i] = (slot){(uint32_t)(v->n + 1), (uint32_t)h};
  *id = (uint32_t)v->n++;
  return YL_OK;
}

yl_status yl_vocab_find(const yl_vocab *v, const char *s, size_t len, uint32_t *id) {
  size_t i = probe(v, s, len, hash_bytes(s, len));
  if (!v->slots[i].id1) return YL_ERR_NOTFOUND;
  *id = v->slots[i].id1 - 1;
  return YL_OK;
}

const char *yl_vocab_term(const yl_vocab *v, uint32_t id, size_t *len) {
  if (len) *len = v->terms[id].len;
  return v->terms[id].s;
}

size_t yl_vocab_size(const yl_vocab *v) { return v->n; }

int yl_vocab_cmp(const yl_vocab *v, uint32_t a, uint32_t b) {
  if (a == b) return 0;
  const term *x = &v->terms[a], *y = &v->terms[b];
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->s, y->s, n);
  if (c) return c;
  return x->len < y->len ? -1 : 1; /* distinct ids are distinct terms */
}

yl_status yl_vocab_merge(yl_vocab *dst, const yl_vocab *src, uint32_t **map) {
  uint32_t *m = malloc((src->n ? src->n : 1) * sizeof *m);
  if (!m) return YL_ERR_NOMEM;
  for (size_t i = 0; i < src->n; i++) {
    yl_status st = yl_vocab_intern(dst, src->terms[i].s, src->terms[i].len, &m[i]);
    if (st != YL_OK) {
      free(m);
      return st;
    }
  }
  *map = m;
  return YL_OK;
}

/* qsort has no context argument in C17: sort (id, term) records instead. */
typedef struct keyed {
  const char *s;
  uint32_t len, id;
} keyed;

static int cmp_keyed(const void *pa, const void *pb) {
  const keyed *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->s, b->s, n);
  if (c) return c;
  return (a->len > b->len) - (a->len < b->len);
}

yl_status yl_vocab_sorted(const yl_vocab *v, uint32_t **ids) {
  size_t n = v->n ? v->n : 1;
  keyed *k = malloc(n * sizeof *k);
  uint32_t *out = malloc(n * sizeof *out);
  if (!k || !out) {
    free(k);
    free(out);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < v->n; i++) k[i] = (keyed){v->terms[i].s, v->terms[i].len, (uint32_t)i};
  qsort(k, v->n, sizeof *k, cmp_keyed);
  for (size_t i = 0; i < v->n; i++) out[i] = k[i].id;
  free(k);
  *ids = out;
  return YL_OK;
}
