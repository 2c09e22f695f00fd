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
  uint32_t *scratch; /* distinct ids of one unit */
  size_t scratch_cap;
};

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
  return make_mask(ids, n, &c->sel, &c->nsel);
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

static yl_status count_window(yl_cooc *c, const uint32_t *ids, size_t n) {
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
    st = yl_u64map_add(&c->marg, ids[i], nb);
    for (size_t j = i + 1; j <= i + right && st == YL_OK; j++)
      if (ids[i] != ids[j] && keep_pair(c, ids[i], ids[j]))
        st = yl_u64map_add(&c->pairs, pair_key(ids[i], ids[j]), 1);
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
  if (n > c->scratch_cap) {
    uint32_t *s = realloc(c->scratch, n * sizeof *s);
    if (!s) return YL_ERR_NOMEM;
    c->scratch = s;
    c->scratch_cap = n;
  }
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
  for (size_t i = 0; i < s && st == YL_OK; i++) st = yl_u64map_add(&c->marg, u[i], 1);
  for (size_t i = 0; i < s && st == YL_OK; i++)
    for (size_t j = i + 1; j < s && st == YL_OK; j++)
      if (!c->foc || in_foc(c, u[i]) || in_foc(c, u[j]))
        st = yl_u64map_add(&c->pairs, (uint64_t)u[i] << 32 | u[j], 1);
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
  yl_status st = yl_u64map_reserve(&dst->pairs, src->pairs.n);
  if (st == YL_OK) st = yl_u64map_reserve(&dst->marg, src->marg.n);
  for (size_t i = 0; st == YL_OK && i < src->pairs.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->pairs, i);
    uint32_t a = (uint32_t)(s->key >> 32), b = (uint32_t)s->key;
    if (map) {
      a = map[a];
      b = map[b];
    }
    st = yl_u64map_add(&dst->pairs, pair_key(a, b), s->val);
  }
  for (size_t i = 0; st == YL_OK && i < src->marg.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->marg, i);
    st = yl_u64map_add(&dst->marg, map ? map[s->key] : (uint32_t)s->key, s->val);
  }
  if (st == YL_OK) dst->units += src->units;
  return st;
}

uint64_t yl_cooc_units(const yl_cooc *c) { return c->units; }
uint64_t yl_cooc_marginal(const yl_cooc *c, uint32_t id) { return yl_u64map_get(&c->marg, id); }
uint64_t yl_cooc_pair(const yl_cooc *c, uint32_t a, uint32_t b) {
  return a == b ? 0 : yl_u64map_get(&c->pairs, pair_key(a, b));
}
size_t yl_cooc_npairs(const yl_cooc *c) { return c->pairs.n; }

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
  size_t np = c->pairs.n;
  yl_cooc_row *r = malloc((np ? np : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < np; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->pairs, i);
    if (s->val < min_count) continue;
    yl_cooc_row *row = &r[k];
    uint32_t a = (uint32_t)(s->key >> 32), b = (uint32_t)s->key;
    if (yl_vocab_cmp(v, a, b) > 0) {
      uint32_t t = a;
      a = b;
      b = t;
    }
    row->id_a = a;
    row->id_b = b;
    row->term_a = yl_vocab_term(v, a, &row->len_a);
    row->term_b = yl_vocab_term(v, b, &row->len_b);
    row->o11 = s->val;
    row->f_a = yl_u64map_get(&c->marg, a);
    row->f_b = yl_u64map_get(&c->marg, b);
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
