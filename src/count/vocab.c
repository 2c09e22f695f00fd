/* Vocabulary: term bytes → dense id (see include/yuliao/vocab.h).
 *
 * The library's hash table (base/u64map.h) with content keys: the key is the term's
 * yl_hash_bytes, the value its id; equal keys are told apart by comparing the bytes.
 * Term bytes live in chunks that never move, so yl_vocab_term pointers stay valid
 * while the vocabulary grows. */
#include "yuliao/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/hash.h"
#include "base/u64map.h"

#define CHUNK_MIN ((size_t)1 << 16)
#define TERM_MAX ((size_t)1 << 30)

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
  yl_u64map map; /* hash of the bytes → id; never empty of slots (see yl_vocab_new) */
  term *terms;
  size_t n, terms_cap;
  chunk *chunks; /* newest first */
};

/* The bytes looked for, and the vocabulary whose terms they are compared with. */
typedef struct lookup {
  const yl_vocab *v;
  const char *s;
  size_t len;
} lookup;

static int same_term(const void *ctx, uint64_t id) {
  const lookup *q = ctx;
  const term *t = &q->v->terms[id];
  return t->len == q->len && memcmp(t->s, q->s, q->len) == 0;
}

static uint64_t term_key(const char *s, size_t len) {
  return yl_u64map_hkey(yl_hash_bytes(0, s, len));
}

yl_status yl_vocab_new(yl_vocab **out) {
  yl_vocab *v = calloc(1, sizeof *v);
  if (!v) return YL_ERR_NOMEM;
  v->map = (yl_u64map)YL_U64MAP_INIT;
  /* Slots from the start, so that lookups never meet a table without any. */
  if (yl_u64map_reserve(&v->map, 512) != YL_OK) {
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
  yl_u64map_free(&v->map);
  free(v->terms);
  free(v);
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
  uint64_t key = term_key(s, len);
  lookup q = {v, s, len};
  size_t i = yl_u64map_find(&v->map, key, same_term, &q);
  if (v->map.slots[i].key != YL_U64MAP_EMPTY) {
    *id = (uint32_t)v->map.slots[i].val;
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
  if (yl_u64map_full(&v->map)) { /* growing moves the slots: look again */
    if (yl_u64map_reserve(&v->map, 1) != YL_OK) return YL_ERR_NOMEM;
    i = yl_u64map_find(&v->map, key, same_term, &q);
  }
  const char *p = store_bytes(v, s, len);
  if (!p) return YL_ERR_NOMEM;
  v->terms[v->n] = (term){p, (uint32_t)len};
  yl_u64map_put_at(&v->map, i, key, v->n);
  *id = (uint32_t)v->n++;
  return YL_OK;
}

yl_status yl_vocab_find(const yl_vocab *v, const char *s, size_t len, uint32_t *id) {
  lookup q = {v, s, len};
  size_t i = yl_u64map_find(&v->map, term_key(s, len), same_term, &q);
  if (v->map.slots[i].key == YL_U64MAP_EMPTY) return YL_ERR_NOTFOUND;
  *id = (uint32_t)v->map.slots[i].val;
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
  /* The terms array doubled as it grew: a merged vocabulary is kept for the rest of
   * a run, so its spare half goes (a later intern grows it again). */
  if (dst->terms_cap > dst->n + dst->n / 8 + 1024) {
    term *t = realloc(dst->terms, (dst->n + 1024) * sizeof *t);
    if (t) dst->terms = t, dst->terms_cap = dst->n + 1024;
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
  return yl_bytes_cmp(a->s, a->len, b->s, b->len);
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
