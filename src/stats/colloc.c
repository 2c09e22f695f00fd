/* Collocations: segment shapes, λ and z, and the three-sweep counter (see
 * include/yuliao/colloc.h; the statistic is Blaheta & Johnson's as quanteda's
 * textstat_collocations computes it, docs/statistics.md §5c). */
#include "yuliao/colloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/u64map.h"

/* ---- shapes ------------------------------------------------------------------------ */

void yl_colloc_shape_init(yl_colloc_shape *s) { memset(s, 0, sizeof *s); }

void yl_colloc_shape_keep(yl_colloc_shape *s, uint8_t *fl, size_t k) {
  uint64_t pos = s->items++;
  unsigned left = pos < 2 ? (unsigned)pos : 2u;
  /* two items after it until the segment closes short of that (break) */
  fl[k] = (uint8_t)((fl[k] & 3u) | left << 2 | 2u << 4);
  if (s->nk && pos - s->pos[0] <= 2) fl[s->k[0]] |= (uint8_t)((pos - s->pos[0]) << 6);
  s->k[1] = s->k[0], s->pos[1] = s->pos[0];
  s->k[0] = k, s->pos[0] = pos;
  if (s->nk < 2) s->nk++;
}

void yl_colloc_shape_pad(yl_colloc_shape *s) { s->items++; }

void yl_colloc_shape_break(yl_colloc_shape *s, uint8_t *fl) {
  /* only the last two kept tokens can have fewer than two items after them */
  for (unsigned j = 0; j < s->nk; j++) {
    uint64_t after = s->items - 1 - s->pos[j];
    if (after < 2) fl[s->k[j]] = (uint8_t)((fl[s->k[j]] & ~(3u << 4)) | (unsigned)after << 4);
  }
  if (s->items >= 2) s->windows[0] += s->items - 1;
  if (s->items >= 3) s->windows[1] += s->items - 2;
  s->items = 0;
  s->nk = 0;
}

/* ---- scores ------------------------------------------------------------------------ */

static unsigned popcount(unsigned v) {
  unsigned n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

yl_status yl_colloc_cells(unsigned size, const uint64_t *at_least, double *cells) {
  if (size < 2 || size > 5) return YL_ERR_INVALID;
  unsigned m = 1u << size;
  for (unsigned s = 0; s < m; s++)
    if (at_least[s] > INT64_MAX / 32) return YL_ERR_INVALID;
  /* exactly the positions of b = Σ over supersets S of b of (−1)^|S∖b| at_least[S] */
  for (unsigned b = 0; b < m; b++) {
    int64_t v = 0;
    for (unsigned s = b; s < m; s = (s + 1) | b)
      v += (popcount(s & ~b) & 1u) ? -(int64_t)at_least[s] : (int64_t)at_least[s];
    if (v < 0) return YL_ERR_INVALID;
    cells[b] = (double)v;
  }
  return YL_OK;
}

yl_status yl_colloc_score(unsigned size, const uint64_t *at_least, double smoothing,
                          double *lambda, double *z) {
  double n[32];
  yl_status st = yl_colloc_cells(size, at_least, n);
  if (st) return st;
  double l = 0, var = 0;
  for (unsigned b = 0; b < 1u << size; b++) {
    double c = n[b] + smoothing;
    l += ((size - popcount(b)) & 1u) ? -log(c) : log(c);
    var += 1.0 / c;
  }
  *lambda = l;
  *z = l / sqrt(var);
  return YL_OK;
}

/* ---- counting ---------------------------------------------------------------------- */

/* Per token id: 2-windows holding it first, second; 3-windows holding it first,
 * second, third. */
enum { M2_1, M2_2, M3_1, M3_2, M3_3, NMARG };

typedef struct fbigram {
  uint64_t key;   /* a << 32 | b */
  uint64_t count; /* adjacent occurrences: its 2-windows */
  uint64_t c12;   /* 3-windows holding it at positions 1–2 */
  uint64_t c23;   /* … at positions 2–3 */
} fbigram;

typedef struct tcand {
  uint32_t f, c; /* its first two tokens (index into 'f') and the third */
  uint64_t count;
} tcand;

struct yl_colloc {
  unsigned max_size;
  uint64_t min;
  int sweep;
  unsigned parts; /* sweeps 0 … parts − 1 count the bigrams of one hash part each,
                     parts … 2·parts − 1 the trigrams, then the gapped pairs */
  uint64_t win[2];
  uint64_t *marg; /* NMARG per id */
  size_t nmarg;   /* ids covered */
  yl_u64map bi;   /* sweep 0: a << 32 | b → count */
  fbigram *f;     /* the bigrams seen min times or more */
  size_t nf;
  yl_u64map fidx; /* their keys → index + 1 */
  yl_u64map tri;  /* sweep 1: f index << 32 | c → count */
  tcand *t;       /* the trigrams seen min times or more */
  size_t nt;
  yl_u64map skip; /* sweep 2: a << 32 | c of the trigram candidates → gapped pairs */
};

yl_status yl_colloc_new(unsigned max_size, uint64_t min_count, yl_colloc **out) {
  if (max_size < 2 || max_size > 3 || min_count < 1) return YL_ERR_INVALID;
  yl_colloc *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  c->max_size = max_size;
  c->min = min_count;
  c->parts = 1;
  c->bi = c->fidx = c->tri = c->skip = (yl_u64map)YL_U64MAP_INIT;
  *out = c;
  return YL_OK;
}

void yl_colloc_free(yl_colloc *c) {
  if (!c) return;
  free(c->marg);
  yl_u64map_free(&c->bi);
  yl_u64map_free(&c->fidx);
  yl_u64map_free(&c->tri);
  yl_u64map_free(&c->skip);
  free(c->f);
  free(c->t);
  free(c);
}

int yl_colloc_sweep(const yl_colloc *c) { return c->sweep; }

yl_status yl_colloc_set_parts(yl_colloc *c, unsigned parts) {
  if (parts < 1 || parts > 1024 || c->sweep != 0 || c->win[0] || c->win[1] || c->nmarg)
    return YL_ERR_INVALID;
  c->parts = parts;
  return YL_OK;
}

/* The part of a bigram key: another multiplier than the table's (u64map_home takes the
 * top bits of key × 2⁶⁴/φ), so one part's keys still spread over all of its slots. */
static unsigned part_of(uint64_t key, unsigned parts) {
  return (unsigned)(((key * UINT64_C(0xD6E8FEB86659FD93)) >> 32) % parts);
}

static yl_status grow_marg(yl_colloc *c, uint32_t id) {
  size_t nn = c->nmarg ? c->nmarg : 1024;
  while (nn <= id) nn *= 2;
  uint64_t *p = realloc(c->marg, nn * NMARG * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  memset(p + c->nmarg * NMARG, 0, (nn - c->nmarg) * NMARG * sizeof *p);
  c->marg = p;
  c->nmarg = nn;
  return YL_OK;
}

static uint64_t key2(uint32_t a, uint32_t b) { return (uint64_t)a << 32 | b; }

/* Index of frequent bigram (a, b), or SIZE_MAX. */
static size_t find_f(const yl_colloc *c, uint32_t a, uint32_t b) {
  uint64_t v = yl_u64map_get(&c->fidx, key2(a, b));
  return v ? (size_t)(v - 1) : SIZE_MAX;
}

static yl_status count_bigrams(yl_colloc *c, const uint32_t *ids, const uint8_t *fl, size_t n) {
  yl_status st = YL_OK;
  unsigned part = (unsigned)c->sweep;
  for (size_t i = 0; !st && i + 1 < n; i++) {
    if (YL_COLLOC_NEXT(fl[i]) != 1) continue;
    uint64_t k = key2(ids[i], ids[i + 1]);
    if (c->parts == 1 || part_of(k, c->parts) == part) st = yl_u64map_add(&c->bi, k, 1);
  }
  return st;
}

static yl_status sweep0(yl_colloc *c, const uint32_t *ids, const uint8_t *fl, size_t n) {
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < n; i++) {
    unsigned l = YL_COLLOC_LEFT(fl[i]), r = YL_COLLOC_RIGHT(fl[i]);
    if (ids[i] >= c->nmarg && (st = grow_marg(c, ids[i]))) break;
    uint64_t *m = c->marg + (size_t)ids[i] * NMARG;
    m[M2_1] += r >= 1;
    m[M2_2] += l >= 1;
    m[M3_1] += r == 2;
    m[M3_2] += l >= 1 && r >= 1;
    m[M3_3] += l == 2;
  }
  return st ? st : count_bigrams(c, ids, fl, n);
}

/* Trigram part 'part' (its keys only; the 3-window pair counts with the first). */
static yl_status sweep_trigrams(yl_colloc *c, const uint32_t *ids, const uint8_t *fl, size_t n,
                                unsigned part) {
  yl_status st = YL_OK;
  size_t cur = SIZE_MAX; /* the frequent bigram at i, i + 1 (known from the step before) */
  int known = 0;
  for (size_t i = 0; !st && i + 1 < n; i++) {
    if (YL_COLLOC_NEXT(fl[i]) != 1) {
      known = 0;
      continue;
    }
    if (!known) cur = find_f(c, ids[i], ids[i + 1]);
    size_t next = SIZE_MAX;
    int chain = YL_COLLOC_NEXT(fl[i + 1]) == 1 && i + 2 < n;
    if (chain && cur != SIZE_MAX) next = find_f(c, ids[i + 1], ids[i + 2]);
    if (cur != SIZE_MAX) {
      if (part == 0 && YL_COLLOC_RIGHT(fl[i + 1]) >= 1) c->f[cur].c12++;
      if (part == 0 && YL_COLLOC_LEFT(fl[i]) >= 1) c->f[cur].c23++;
      uint64_t k = key2((uint32_t)cur, ids[i + 2 < n ? i + 2 : i]);
      if (next != SIZE_MAX && (c->parts == 1 || part_of(k, c->parts) == part))
        st = yl_u64map_add(&c->tri, k, 1);
    }
    /* the pair at i + 1 is looked up now only when this one was frequent */
    known = chain && cur != SIZE_MAX;
    cur = next;
  }
  return st;
}

static void sweep_gapped(yl_colloc *c, const uint32_t *ids, const uint8_t *fl, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    unsigned d = YL_COLLOC_NEXT(fl[i]);
    uint64_t k;
    if (d == 2) k = key2(ids[i], ids[i + 1]); /* a pad between */
    else if (d == 1 && YL_COLLOC_NEXT(fl[i + 1]) == 1 && i + 2 < n) k = key2(ids[i], ids[i + 2]);
    else continue;
    size_t s = yl_u64map_probe(&c->skip, k);
    if (c->skip.slots[s].key == k) c->skip.slots[s].val++;
  }
}

yl_status yl_colloc_add_doc(yl_colloc *c, const uint32_t *ids, const uint8_t *fl, size_t n,
                            const uint64_t windows[2]) {
  if (c->sweep < 0) return YL_ERR_INVALID;
  unsigned s = (unsigned)c->sweep;
  if (s == 0) { /* the marginals and windows once, with the first part */
    c->win[0] += windows[0];
    c->win[1] += windows[1];
    return sweep0(c, ids, fl, n);
  }
  if (s < c->parts) return count_bigrams(c, ids, fl, n);
  if (s < 2 * c->parts) return sweep_trigrams(c, ids, fl, n, s - c->parts);
  if (c->skip.n) sweep_gapped(c, ids, fl, n);
  return YL_OK;
}

/* The end of a bigram part: its frequent bigrams appended to 'f'. */
static yl_status end_part(yl_colloc *c) {
  size_t nf = 0;
  for (size_t i = 0; i < c->bi.n; i++) nf += yl_u64map_at(&c->bi, i)->val >= c->min;
  nf += c->nf;
  if (nf > UINT32_MAX) return YL_ERR_LIMIT; /* a trigram key holds the index in 32 bits */
  fbigram *f = realloc(c->f, (nf ? nf : 1) * sizeof *f);
  if (!f) return YL_ERR_NOMEM;
  c->f = f;
  yl_status st = yl_u64map_reserve(&c->fidx, nf - c->nf);
  for (size_t i = 0; !st && i < c->bi.n; i++) {
    const yl_u64map_slot *e = yl_u64map_at(&c->bi, i);
    if (e->val < c->min) continue;
    c->f[c->nf] = (fbigram){e->key, e->val, 0, 0};
    st = yl_u64map_add(&c->fidx, e->key, ++c->nf);
  }
  yl_u64map_free(&c->bi); /* the bigrams below the minimum are done with */
  if (st) return st;
  if ((unsigned)c->sweep + 1 < c->parts) c->sweep++;
  else c->sweep = c->max_size == 3 && c->nf ? (int)c->parts : -1;
  return YL_OK;
}

/* The end of a trigram part: its candidates appended to 't'. */
static yl_status end_trigrams(yl_colloc *c) {
  size_t nt = c->nt;
  for (size_t i = 0; i < c->tri.n; i++) nt += yl_u64map_at(&c->tri, i)->val >= c->min;
  tcand *v = realloc(c->t, (nt ? nt : 1) * sizeof *v);
  if (!v) return YL_ERR_NOMEM;
  c->t = v;
  yl_status st = yl_u64map_reserve(&c->skip, nt - c->nt);
  for (size_t i = 0; !st && i < c->tri.n; i++) {
    const yl_u64map_slot *e = yl_u64map_at(&c->tri, i);
    if (e->val < c->min) continue;
    tcand t = {(uint32_t)(e->key >> 32), (uint32_t)e->key, e->val};
    c->t[c->nt++] = t;
    st = yl_u64map_add(&c->skip, key2((uint32_t)(c->f[t.f].key >> 32), t.c), 0);
  }
  yl_u64map_free(&c->tri);
  if (st) return st;
  if ((unsigned)c->sweep + 1 < 2 * c->parts) c->sweep++;
  else c->sweep = c->nt ? (int)(2 * c->parts) : -1;
  return YL_OK;
}

yl_status yl_colloc_end_sweep(yl_colloc *c) {
  if (c->sweep < 0) return YL_ERR_INVALID;
  unsigned s = (unsigned)c->sweep;
  if (s < c->parts) return end_part(c);
  if (s < 2 * c->parts) return end_trigrams(c);
  c->sweep = -1;
  return YL_OK;
}

static uint64_t marg(const yl_colloc *c, uint32_t id, int which) {
  return id < c->nmarg ? c->marg[(size_t)id * NMARG + which] : 0;
}

yl_status yl_colloc_rows(const yl_colloc *c, yl_colloc_row **rows, size_t *n) {
  *rows = NULL;
  *n = 0;
  if (c->sweep != -1) return YL_ERR_INVALID;
  yl_colloc_row *v = malloc((c->nf + c->nt ? c->nf + c->nt : 1) * sizeof *v);
  if (!v) return YL_ERR_NOMEM;
  size_t k = 0;
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < c->nf; i++) {
    const fbigram *f = &c->f[i];
    uint32_t a = (uint32_t)(f->key >> 32), b = (uint32_t)f->key;
    uint64_t at[4] = {c->win[0], marg(c, a, M2_1), marg(c, b, M2_2), f->count};
    yl_colloc_row *r = &v[k++];
    *r = (yl_colloc_row){{a, b, 0}, 2, f->count, 0, 0};
    st = yl_colloc_score(2, at, 0.5, &r->lambda, &r->z);
  }
  for (size_t i = 0; !st && i < c->nt; i++) {
    const tcand *t = &c->t[i];
    const fbigram *ab = &c->f[t->f];
    uint32_t a = (uint32_t)(ab->key >> 32), b = (uint32_t)ab->key;
    size_t bc = find_f(c, b, t->c); /* a candidate's second pair reached the minimum */
    uint64_t at[8] = {c->win[1],
                      marg(c, a, M3_1),
                      marg(c, b, M3_2),
                      ab->c12,
                      marg(c, t->c, M3_3),
                      yl_u64map_get(&c->skip, key2(a, t->c)),
                      bc == SIZE_MAX ? 0 : c->f[bc].c23,
                      t->count};
    yl_colloc_row *r = &v[k++];
    *r = (yl_colloc_row){{a, b, t->c}, 3, t->count, 0, 0};
    st = yl_colloc_score(3, at, 0.5, &r->lambda, &r->z);
  }
  if (st) {
    free(v);
    return st;
  }
  *rows = v;
  *n = k;
  return YL_OK;
}
