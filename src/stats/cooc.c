/* Co-occurrence pair counting and measures (see include/yuliao/cooc.h). */
#include "yuliao/cooc.h"

#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/u64map.h"

struct yl_cooc {
  yl_cooc_context context;
  unsigned window;
  yl_u64map pairs; /* (min id << 32 | max id) → O11 */
  yl_u64map marg;  /* id → f_x */
  uint64_t units;
  uint8_t *sel;    /* sel[id] = 1 when selected; NULL = all */
  size_t nsel;
  uint8_t *foc;    /* foc[id] = 1 for focus terms; NULL = no focus rule */
  size_t nfoc;
  uint32_t *scratch; /* distinct ids of one unit, or one window's ranks */
  size_t scratch_cap;
  /* A selection of at most DENSE_MAX terms: rank[id] = 1 + its place in 'rid' (0: not
   * selected). Once a table holds enough pairs, its selected pairs are counted in a
   * triangle (dpair) and their marginals in dmarg: no hashing and a third of the
   * memory of the map's slots. Pairs merged in with an unranked end stay in the maps. */
  uint16_t *rank;
  size_t nrank;
  uint32_t *rid;
  size_t k;        /* selection size when it can go dense, else 0 */
  uint64_t *dpair; /* k(k−1)/2 counts, NULL while the maps hold everything */
  uint64_t *dmarg; /* k counts */
};

/* Dense counting for selections up to this size (a 256-term triangle is 260 kB); a
 * table goes dense once its map holds an eighth of the triangle's pairs, so a small
 * group (--group-by folder can make hundreds) keeps its small map. */
#define DENSE_MAX 256
#define DENSE_AT(k) ((k) * ((k) - 1) / 16)

static const char *const context_names[] = {"window", "sentence", "paragraph", "document"};

#define NCONTEXTS (sizeof context_names / sizeof *context_names)

yl_status yl_cooc_context_parse(const char *name, yl_cooc_context *out) {
  int i = yl_name_index(context_names, NCONTEXTS, name);
  if (i < 0) return YL_ERR_INVALID;
  *out = (yl_cooc_context)i;
  return YL_OK;
}

const char *yl_cooc_context_name(yl_cooc_context c) {
  return yl_name_of(context_names, NCONTEXTS, (unsigned)c);
}

yl_status yl_cooc_new(yl_cooc_context context, unsigned window, yl_cooc **out) {
  if ((unsigned)context > YL_COOC_DOCUMENT || (context == YL_COOC_WINDOW && window == 0))
    return YL_ERR_INVALID;
  yl_cooc *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  c->context = context;
  c->window = context == YL_COOC_WINDOW ? window : 0;
  c->pairs = c->marg = (yl_u64map)YL_U64MAP_INIT;
  *out = c;
  return YL_OK;
}

void yl_cooc_free(yl_cooc *c) {
  if (!c) return;
  yl_u64map_free(&c->pairs);
  yl_u64map_free(&c->marg);
  free(c->sel);
  free(c->foc);
  free(c->scratch);
  free(c->rank);
  free(c->rid);
  free(c->dpair);
  free(c->dmarg);
  free(c);
}

static yl_status make_mask(const uint32_t *ids, size_t n, uint8_t **mask, size_t *len) {
  free(*mask);
  *mask = NULL;
  *len = 0;
  if (n == 0) return YL_OK;
  uint32_t max = 0;
  for (size_t i = 0; i < n; i++)
    if (ids[i] > max) max = ids[i];
  uint8_t *m = calloc((size_t)max + 1, 1);
  if (!m) return YL_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) m[ids[i]] = 1;
  *mask = m;
  *len = (size_t)max + 1;
  return YL_OK;
}

yl_status yl_cooc_select(yl_cooc *c, const uint32_t *ids, size_t n) {
  free(c->rank);
  free(c->rid);
  c->rank = NULL;
  c->rid = NULL;
  c->nrank = c->k = 0;
  yl_status st = make_mask(ids, n, &c->sel, &c->nsel);
  if (st || n == 0 || n > DENSE_MAX || c->dpair) return st;
  c->rank = calloc(c->nsel, sizeof *c->rank);
  c->rid = malloc(n * sizeof *c->rid);
  if (!c->rank || !c->rid) return YL_ERR_NOMEM;
  c->nrank = c->nsel;
  for (size_t i = 0; i < n; i++)
    if (!c->rank[ids[i]]) {
      c->rid[c->k] = ids[i];
      c->rank[ids[i]] = (uint16_t)++c->k;
    }
  return YL_OK;
}

yl_status yl_cooc_focus(yl_cooc *c, const uint32_t *ids, size_t n) {
  return make_mask(ids, n, &c->foc, &c->nfoc);
}

static int in_sel(const yl_cooc *c, uint32_t id) {
  return !c->sel || (id < c->nsel && c->sel[id]);
}

static int in_foc(const yl_cooc *c, uint32_t id) { return id < c->nfoc && c->foc[id]; }

static int keep_pair(const yl_cooc *c, uint32_t a, uint32_t b) {
  return in_sel(c, a) && in_sel(c, b) && (!c->foc || in_foc(c, a) || in_foc(c, b));
}

static uint64_t pair_key(uint32_t a, uint32_t b) {
  return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

static unsigned rank_of(const yl_cooc *c, uint32_t id) { return id < c->nrank ? c->rank[id] : 0; }

/* The triangle's cell of ranks ra ≠ rb (1-based). */
static size_t tri(size_t k, unsigned ra, unsigned rb) {
  if (ra > rb) {
    unsigned t = ra;
    ra = rb;
    rb = t;
  }
  size_t a = ra - 1, b = rb - 1;
  return a * k - a * (a + 1) / 2 + (b - a - 1);
}

/* The maps' selected pairs and marginals moved into the triangle (the rest stays). */
static yl_status go_dense(yl_cooc *c) {
  c->dpair = calloc(c->k * (c->k - 1) / 2 + 1, sizeof *c->dpair);
  c->dmarg = calloc(c->k, sizeof *c->dmarg);
  yl_u64map pairs = YL_U64MAP_INIT, marg = YL_U64MAP_INIT;
  yl_status st = c->dpair && c->dmarg ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < c->pairs.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->pairs, i);
    unsigned ra = rank_of(c, (uint32_t)(s->key >> 32)), rb = rank_of(c, (uint32_t)s->key);
    if (ra && rb) c->dpair[tri(c->k, ra, rb)] += s->val;
    else st = yl_u64map_add(&pairs, s->key, s->val);
  }
  for (size_t i = 0; !st && i < c->marg.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->marg, i);
    unsigned r = rank_of(c, (uint32_t)s->key);
    if (r) c->dmarg[r - 1] += s->val;
    else st = yl_u64map_add(&marg, s->key, s->val);
  }
  if (st) {
    free(c->dpair);
    free(c->dmarg);
    c->dpair = c->dmarg = NULL;
    yl_u64map_free(&pairs);
    yl_u64map_free(&marg);
    return st;
  }
  yl_u64map_free(&c->pairs);
  yl_u64map_free(&c->marg);
  c->pairs = pairs;
  c->marg = marg;
  return YL_OK;
}

static yl_status marg_add(yl_cooc *c, uint32_t id, uint64_t v) {
  unsigned r = c->dmarg ? rank_of(c, id) : 0;
  if (r) {
    c->dmarg[r - 1] += v;
    return YL_OK;
  }
  return yl_u64map_add(&c->marg, id, v);
}

/* a ≠ b */
static yl_status pair_add(yl_cooc *c, uint32_t a, uint32_t b, uint64_t v) {
  if (c->dpair) {
    unsigned ra = rank_of(c, a), rb = rank_of(c, b);
    if (ra && rb) {
      c->dpair[tri(c->k, ra, rb)] += v;
      return YL_OK;
    }
  }
  yl_status st = yl_u64map_add(&c->pairs, pair_key(a, b), v);
  if (!st && c->k > 1 && !c->dpair && c->pairs.n >= DENSE_AT(c->k)) st = go_dense(c);
  return st;
}

/* Every stored pair, the maps' then the triangle's: '*it' starts at 0. */
static int next_pair(const yl_cooc *c, size_t *it, uint32_t *a, uint32_t *b, uint64_t *v) {
  while (*it < c->pairs.n) {
    const yl_u64map_slot *s = yl_u64map_at(&c->pairs, (*it)++);
    *a = (uint32_t)(s->key >> 32), *b = (uint32_t)s->key, *v = s->val;
    return 1;
  }
  if (!c->dpair) return 0;
  /* then the triangle, the cursor past the maps being ra · k + rb (ra < rb, 0-based) */
  size_t k = c->k;
  for (size_t x = *it - c->pairs.n; x < k * k; x++) {
    size_t ra = x / k, rb = x % k;
    if (rb <= ra) {
      x = ra * k + ra; /* the loop's x++ makes it rb = ra + 1 */
      continue;
    }
    uint64_t n = c->dpair[tri(k, (unsigned)ra + 1, (unsigned)rb + 1)];
    if (!n) continue;
    *a = c->rid[ra];
    *b = c->rid[rb];
    *v = n;
    *it = c->pairs.n + x + 1;
    return 1;
  }
  return 0;
}

/* Room for 'n' values in c->scratch: 0, or -1 when out of memory. */
static int scratch_room(yl_cooc *c, size_t n) {
  uint32_t *s = realloc(c->scratch, n * sizeof *s);
  if (!s) return -1;
  c->scratch = s;
  c->scratch_cap = n;
  return 0;
}

/* count_window once the table is dense and has no focus rule: every selected term is
 * ranked, so the window's ranks are all it needs. */
static yl_status count_window_dense(yl_cooc *c, const uint32_t *ids, size_t n) {
  if (n > c->scratch_cap && scratch_room(c, n)) return YL_ERR_NOMEM;
  uint32_t *r = c->scratch;
  for (size_t i = 0; i < n; i++) r[i] = rank_of(c, ids[i]);
  size_t k = c->window;
  for (size_t i = 0; i < n; i++) {
    size_t left = i < k ? i : k, right = n - 1 - i < k ? n - 1 - i : k;
    uint64_t nb = left + right;
    c->units += nb;
    if (nb == 0 || !r[i]) continue;
    c->dmarg[r[i] - 1] += nb;
    for (size_t j = i + 1; j <= i + right; j++)
      if (r[j] && r[j] != r[i]) c->dpair[tri(c->k, r[i], r[j])]++;
  }
  return YL_OK;
}

static yl_status count_window(yl_cooc *c, const uint32_t *ids, size_t n) {
  if (c->dpair && !c->foc) return count_window_dense(c, ids, n);
  size_t k = c->window;
  yl_status st = YL_OK;
  for (size_t i = 0; i < n && st == YL_OK; i++) {
    size_t left = i < k ? i : k, right = n - 1 - i < k ? n - 1 - i : k;
    uint64_t nb = left + right;
    if (nb == 0) continue;
    c->units += nb;
    /* An unselected term is in no kept pair (keep_pair): neither its f_x nor its
     * neighbours are needed. */
    if (!in_sel(c, ids[i])) continue;
    st = marg_add(c, ids[i], nb);
    for (size_t j = i + 1; j <= i + right && st == YL_OK; j++)
      if (ids[i] != ids[j] && keep_pair(c, ids[i], ids[j])) st = pair_add(c, ids[i], ids[j], 1);
  }
  return st;
}

static int cmp_u32(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return (a > b) - (a < b);
}

/* One boolean unit: distinct terms bump f_x once, distinct kept pairs bump O11 once. */
static yl_status count_unit(yl_cooc *c, const uint32_t *ids, size_t n) {
  if (n == 0) return YL_OK;
  if (n > c->scratch_cap && scratch_room(c, n)) return YL_ERR_NOMEM;
  uint32_t *u = c->scratch;
  memcpy(u, ids, n * sizeof *u);
  qsort(u, n, sizeof *u, cmp_u32);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (m == 0 || u[i] != u[m - 1]) u[m++] = u[i];
  c->units++;
  yl_status st = YL_OK;
  /* Keep the selected terms only (their f_x and pairs); the pair loop is then over
   * candidates. */
  size_t s = 0;
  for (size_t i = 0; i < m; i++)
    if (in_sel(c, u[i])) u[s++] = u[i];
  for (size_t i = 0; i < s && st == YL_OK; i++) st = marg_add(c, u[i], 1);
  for (size_t i = 0; i < s && st == YL_OK; i++)
    for (size_t j = i + 1; j < s && st == YL_OK; j++)
      if (!c->foc || in_foc(c, u[i]) || in_foc(c, u[j])) st = pair_add(c, u[i], u[j], 1);
  return st;
}

yl_status yl_cooc_add_doc(yl_cooc *c, const uint32_t *ids, const uint8_t *flags, size_t n) {
  if (c->context == YL_COOC_WINDOW) return count_window(c, ids, n);
  if (c->context == YL_COOC_DOCUMENT || !flags) return count_unit(c, ids, n);
  uint8_t brk = c->context == YL_COOC_SENTENCE ? (YL_COOC_SENT_START | YL_COOC_PARA_START)
                                                : YL_COOC_PARA_START;
  size_t start = 0;
  yl_status st = YL_OK;
  for (size_t i = 1; i <= n && st == YL_OK; i++)
    if (i == n || (flags[i] & brk)) {
      st = count_unit(c, ids + start, i - start);
      start = i;
    }
  return st;
}

yl_status yl_cooc_merge(yl_cooc *dst, const yl_cooc *src, const uint32_t *map) {
  if (dst->context != src->context || dst->window != src->window) return YL_ERR_INVALID;
  yl_status st = YL_OK;
  size_t it = 0;
  uint32_t a, b;
  uint64_t v;
  while (st == YL_OK && next_pair(src, &it, &a, &b, &v))
    st = map ? pair_add(dst, map[a], map[b], v) : pair_add(dst, a, b, v);
  for (size_t i = 0; st == YL_OK && i < src->marg.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->marg, i);
    st = marg_add(dst, map ? map[s->key] : (uint32_t)s->key, s->val);
  }
  for (size_t r = 0; st == YL_OK && src->dmarg && r < src->k; r++)
    if (src->dmarg[r]) st = marg_add(dst, map ? map[src->rid[r]] : src->rid[r], src->dmarg[r]);
  if (st == YL_OK) dst->units += src->units;
  return st;
}

uint64_t yl_cooc_units(const yl_cooc *c) { return c->units; }
uint64_t yl_cooc_marginal(const yl_cooc *c, uint32_t id) {
  unsigned r = c->dmarg ? rank_of(c, id) : 0;
  return r ? c->dmarg[r - 1] : yl_u64map_get(&c->marg, id);
}
uint64_t yl_cooc_pair(const yl_cooc *c, uint32_t a, uint32_t b) {
  if (a == b) return 0;
  unsigned ra = c->dpair ? rank_of(c, a) : 0, rb = c->dpair ? rank_of(c, b) : 0;
  return ra && rb ? c->dpair[tri(c->k, ra, rb)] : yl_u64map_get(&c->pairs, pair_key(a, b));
}
size_t yl_cooc_npairs(const yl_cooc *c) {
  size_t n = c->pairs.n;
  for (size_t t = 0; c->dpair && t < c->k * (c->k - 1) / 2; t++) n += c->dpair[t] != 0;
  return n;
}

static int cmp_bytes(const char *a, size_t la, const char *b, size_t lb) {
  int c = memcmp(a, b, la < lb ? la : lb);
  if (c) return c;
  return (la > lb) - (la < lb);
}

static int cmp_row(const void *pa, const void *pb) {
  const yl_cooc_row *a = pa, *b = pb;
  if (a->o11 != b->o11) return a->o11 > b->o11 ? -1 : 1;
  int c = cmp_bytes(a->term_a, a->len_a, b->term_a, b->len_a);
  return c ? c : cmp_bytes(a->term_b, a->len_b, b->term_b, b->len_b);
}

yl_status yl_cooc_rows(const yl_cooc *c, const yl_vocab *v, uint64_t min_count,
                       yl_cooc_row **rows, size_t *n) {
  if (min_count == 0) min_count = 1;
  size_t np = yl_cooc_npairs(c);
  yl_cooc_row *r = malloc((np ? np : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  size_t k = 0, it = 0;
  uint32_t a, b;
  uint64_t o11;
  while (next_pair(c, &it, &a, &b, &o11)) {
    if (o11 < min_count) continue;
    yl_cooc_row *row = &r[k];
    if (yl_vocab_cmp(v, a, b) > 0) {
      uint32_t t = a;
      a = b;
      b = t;
    }
    row->id_a = a;
    row->id_b = b;
    row->term_a = yl_vocab_term(v, a, &row->len_a);
    row->term_b = yl_vocab_term(v, b, &row->len_b);
    row->o11 = o11;
    row->f_a = yl_cooc_marginal(c, a);
    row->f_b = yl_cooc_marginal(c, b);
    row->n = c->units;
    /* Cannot fail on tables this module built; guard against mismatched merges. */
    if (yl_assoc_measures(row->o11, row->f_a, row->f_b, row->n, &row->m) != 0) {
      free(r);
      return YL_ERR_INVALID;
    }
    k++;
  }
  qsort(r, k, sizeof *r, cmp_row);
  *rows = r;
  *n = k;
  return YL_OK;
}

static const char *const key_names[] = {"count", "pmi", "npmi", "log_dice",
                                        "t_score", "g2", "jaccard"};

yl_status yl_cooc_key_parse(const char *name, yl_cooc_key *out) {
  int i = yl_name_index(key_names, sizeof key_names / sizeof *key_names, name);
  if (i < 0) return YL_ERR_INVALID;
  *out = (yl_cooc_key)i;
  return YL_OK;
}

/* qsort has no context argument: one comparator per measure. */
#define BY_MEASURE(field)                                                            \
  static int cmp_##field(const void *pa, const void *pb) {                           \
    const yl_cooc_row *a = pa, *b = pb;                                              \
    if (a->m.field != b->m.field) return a->m.field > b->m.field ? -1 : 1;           \
    return cmp_row(pa, pb);                                                          \
  }
BY_MEASURE(pmi)
BY_MEASURE(npmi)
BY_MEASURE(log_dice)
BY_MEASURE(t_score)
BY_MEASURE(g2)
BY_MEASURE(jaccard)

void yl_cooc_sort(yl_cooc_row *rows, size_t n, yl_cooc_key key) {
  int (*cmp)(const void *, const void *) = cmp_row;
  switch (key) {
  case YL_COOC_BY_COUNT: break;
  case YL_COOC_BY_PMI: cmp = cmp_pmi; break;
  case YL_COOC_BY_NPMI: cmp = cmp_npmi; break;
  case YL_COOC_BY_LOG_DICE: cmp = cmp_log_dice; break;
  case YL_COOC_BY_T_SCORE: cmp = cmp_t_score; break;
  case YL_COOC_BY_G2: cmp = cmp_g2; break;
  case YL_COOC_BY_JACCARD: cmp = cmp_jaccard; break;
  }
  qsort(rows, n, sizeof *rows, cmp);
}
