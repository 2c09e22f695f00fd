/* Count tables summed across documents, groups and threads (see yuliao/counts.h). */
#include "yuliao/counts.h"

#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/u64map.h"

/* Count and df of a term share one entry, count << 24 | df, while the table can
 * prove they fit: count ≤ tokens < 2^40 and df ≤ ndocs < 2^24. A table about to pass
 * either bound turns 'wide' (df in a map of its own) for good; a corpus would need
 * 10^12 tokens or 16.7 M documents in one table for that. One map instead of two is
 * half the memory of every group table. */
#define PACK_DF_BITS 24
#define PACK_DF_MAX ((UINT64_C(1) << PACK_DF_BITS) - 1)
#define PACK_TOKENS_MAX (UINT64_C(1) << 40)

struct yl_counts {
  yl_u64map count; /* id → count << 24 | df, or (wide) id → occurrences */
  yl_u64map df;    /* wide only: id → documents containing it */
  yl_u64map forms; /* (id << 32 | form) → occurrences spelt 'form', for form != id only:
                      the spelling of the term itself is what remains of count(id) */
  uint64_t tokens;
  uint64_t ndocs;
  int wide;
};

static uint64_t val_count(const yl_counts *c, uint64_t val) {
  return c->wide ? val : val >> PACK_DF_BITS;
}
static uint64_t val_df(const yl_counts *c, uint64_t key, uint64_t val) {
  return c->wide ? yl_u64map_get(&c->df, key) : val & PACK_DF_MAX;
}
static uint64_t entry_count(const yl_counts *c, size_t i) {
  return val_count(c, yl_u64map_at(&c->count, i)->val);
}

/* Makes room for 'tokens' more occurrences and 'docs' more documents: the table turns
 * wide first when the packed entries could overflow. */
static yl_status grow_to(yl_counts *c, uint64_t tokens, uint64_t docs) {
  if (tokens > UINT64_MAX - c->tokens || docs > UINT64_MAX - c->ndocs) return YL_ERR_LIMIT;
  if (c->wide || (c->tokens + tokens < PACK_TOKENS_MAX && c->ndocs + docs < PACK_DF_MAX))
    return YL_OK;
  yl_status st = yl_u64map_reserve(&c->df, c->count.n);
  for (size_t i = 0; st == YL_OK && i < c->count.n; i++) {
    yl_u64map_slot *s = &c->count.slots[c->count.used[i]];
    if (s->val & PACK_DF_MAX) st = yl_u64map_add(&c->df, s->key, s->val & PACK_DF_MAX);
  }
  if (st != YL_OK) return st;
  for (size_t i = 0; i < c->count.n; i++) c->count.slots[c->count.used[i]].val >>= PACK_DF_BITS;
  c->wide = 1;
  return YL_OK;
}

/* count += n and df += d for 'id' (room made by grow_to). */
static yl_status bump(yl_counts *c, uint64_t id, uint64_t n, uint64_t d) {
  if (!c->wide) return yl_u64map_add(&c->count, id, n << PACK_DF_BITS | d);
  yl_status st = yl_u64map_add(&c->count, id, n);
  if (st == YL_OK && d) st = yl_u64map_add(&c->df, id, d);
  return st;
}

yl_status yl_counts_new(yl_counts **out) {
  yl_counts *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  c->count = c->df = c->forms = (yl_u64map)YL_U64MAP_INIT;
  *out = c;
  return YL_OK;
}

void yl_counts_free(yl_counts *c) {
  if (!c) return;
  yl_u64map_free(&c->count);
  yl_u64map_free(&c->df);
  yl_u64map_free(&c->forms);
  free(c);
}

void yl_counts_clear(yl_counts *c) {
  yl_u64map_clear(&c->count);
  yl_u64map_clear(&c->df);
  yl_u64map_clear(&c->forms);
  c->tokens = c->ndocs = 0;
  c->wide = 0;
}

yl_status yl_counts_add(yl_counts *c, uint32_t id, uint64_t n) {
  yl_status st = grow_to(c, n, 0);
  if (st == YL_OK) st = bump(c, id, n, 0);
  if (st == YL_OK) c->tokens += n;
  return st;
}

yl_status yl_counts_add_form(yl_counts *c, uint32_t id, uint32_t form, uint64_t n) {
  yl_status st = yl_counts_add_forms(c, id, form, n);
  return st == YL_OK ? yl_counts_add(c, id, n) : st;
}

static uint32_t remap(const uint32_t *map, uint64_t id) {
  return map ? map[id] : (uint32_t)id;
}

static yl_status merge_forms(yl_counts *dst, const yl_counts *src, const uint32_t *map) {
  yl_status st = yl_u64map_reserve(&dst->forms, src->forms.n);
  for (size_t i = 0; st == YL_OK && i < src->forms.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->forms, i);
    uint64_t key = (uint64_t)remap(map, s->key >> 32) << 32 | remap(map, s->key & UINT32_MAX);
    st = yl_u64map_add(&dst->forms, key, s->val);
  }
  return st;
}

yl_status yl_counts_add_doc_ids(yl_counts *c, const uint32_t *ids, const uint64_t *counts,
                                size_t n) {
  uint64_t tokens = 0;
  for (size_t i = 0; i < n; i++) {
    if (counts[i] > UINT64_MAX - tokens) return YL_ERR_LIMIT;
    tokens += counts[i];
  }
  yl_status st = grow_to(c, tokens, 1);
  if (st == YL_OK) st = yl_u64map_reserve(&c->count, n);
  if (st == YL_OK && c->wide) st = yl_u64map_reserve(&c->df, n);
  for (size_t i = 0; st == YL_OK && i < n; i++)
    if (counts[i]) st = bump(c, ids[i], counts[i], 1);
  if (st != YL_OK) return st;
  c->tokens += tokens;
  c->ndocs += 1;
  return YL_OK;
}

/* Most tokens are spelt as their term (all of Chinese): no entry for those, which saves
 * a hash update per token; yl_counts_forms recovers their number. */
yl_status yl_counts_add_forms(yl_counts *c, uint32_t id, uint32_t form, uint64_t n) {
  return form == id ? YL_OK : yl_u64map_add(&c->forms, (uint64_t)id << 32 | form, n);
}

yl_status yl_counts_add_doc(yl_counts *c, const yl_counts *doc) {
  yl_status st = grow_to(c, doc->tokens, 1);
  if (st == YL_OK) st = yl_u64map_reserve(&c->count, doc->count.n);
  if (st == YL_OK && c->wide) st = yl_u64map_reserve(&c->df, doc->count.n);
  for (size_t i = 0; st == YL_OK && i < doc->count.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&doc->count, i);
    uint64_t k = val_count(doc, s->val);
    if (k) st = bump(c, s->key, k, 1);
  }
  if (st == YL_OK) st = merge_forms(c, doc, NULL);
  if (st != YL_OK) return st;
  c->tokens += doc->tokens;
  c->ndocs += 1;
  return YL_OK;
}

yl_status yl_counts_merge(yl_counts *dst, const yl_counts *src, const uint32_t *map) {
  yl_status st = grow_to(dst, src->tokens, src->ndocs);
  if (st == YL_OK) st = yl_u64map_reserve(&dst->count, src->count.n);
  if (st == YL_OK && dst->wide) st = yl_u64map_reserve(&dst->df, src->count.n);
  for (size_t i = 0; st == YL_OK && i < src->count.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&src->count, i);
    st = bump(dst, remap(map, s->key), val_count(src, s->val), val_df(src, s->key, s->val));
  }
  if (st == YL_OK) st = merge_forms(dst, src, map);
  if (st != YL_OK) return st;
  dst->tokens += src->tokens;
  dst->ndocs += src->ndocs;
  return YL_OK;
}

uint64_t yl_counts_count(const yl_counts *c, uint32_t id) {
  return val_count(c, yl_u64map_get(&c->count, id));
}
uint64_t yl_counts_df(const yl_counts *c, uint32_t id) {
  return c->wide ? yl_u64map_get(&c->df, id) : yl_u64map_get(&c->count, id) & PACK_DF_MAX;
}
uint64_t yl_counts_tokens(const yl_counts *c) { return c->tokens; }
uint64_t yl_counts_ndocs(const yl_counts *c) { return c->ndocs; }
size_t yl_counts_nterms(const yl_counts *c) { return c->count.n; }

void yl_counts_entry(const yl_counts *c, size_t i, uint32_t *id, uint64_t *count,
                     uint64_t *df) {
  const yl_u64map_slot *s = yl_u64map_at(&c->count, i);
  *id = (uint32_t)s->key;
  if (count) *count = val_count(c, s->val);
  if (df) *df = val_df(c, s->key, s->val);
}

yl_status yl_counts_forms(const yl_counts *c, const yl_vocab *v, uint32_t **out) {
  size_t nv = yl_vocab_size(v);
  uint32_t *best = malloc((nv ? nv : 1) * sizeof *best);
  uint64_t *best_n = calloc(nv ? nv : 1, sizeof *best_n);
  if (!best || !best_n) {
    free(best);
    free(best_n);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < nv; i++) best[i] = (uint32_t)i;
  /* The term's own spelling: its count less the other spellings' (best_n as scratch). */
  for (size_t i = 0; i < c->forms.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->forms, i);
    uint32_t id = (uint32_t)(s->key >> 32);
    if (id < nv) best_n[id] += s->val;
  }
  for (size_t i = 0; i < c->count.n; i++) {
    uint64_t key = yl_u64map_at(&c->count, i)->key, k = entry_count(c, i);
    if (key < nv) best_n[key] = k > best_n[key] ? k - best_n[key] : 0;
  }
  /* Max count, ties to the smallest bytes: a total order, so the hash's iteration
   * order cannot change the winner. */
  for (size_t i = 0; i < c->forms.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->forms, i);
    uint32_t id = (uint32_t)(s->key >> 32), form = (uint32_t)s->key;
    if (s->val > best_n[id] ||
        (s->val == best_n[id] && yl_vocab_cmp(v, form, best[id]) < 0)) {
      best[id] = form;
      best_n[id] = s->val;
    }
  }
  free(best_n);
  *out = best;
  return YL_OK;
}

static int cmp_freq(const void *pa, const void *pb) {
  const yl_freq_row *a = pa, *b = pb;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return yl_bytes_cmp(a->term, a->term_len, b->term, b->term_len);
}

/* The k-th largest (1-based) of a[0..n): quickselect, descending; 'a' is reordered. */
static uint64_t kth_largest(uint64_t *a, size_t n, size_t k) {
  size_t lo = 0, hi = n, want = k - 1;
  while (hi - lo > 1) {
    uint64_t p = a[lo + (hi - lo) / 2];
    size_t lt = lo, i = lo, gt = hi; /* [lo,lt) > p, [lt,i) == p, [gt,hi) < p */
    while (i < gt) {
      uint64_t x = a[i];
      if (x > p) a[i++] = a[lt], a[lt++] = x;
      else if (x < p) a[i] = a[--gt], a[gt] = x;
      else i++;
    }
    if (want < lt) hi = lt;
    else if (want >= gt) lo = gt;
    else return p;
  }
  return a[lo];
}

static yl_status freq_rows(const yl_counts *c, const yl_vocab *v, uint64_t min_count,
                           size_t top, yl_freq_row **rows, size_t *n) {
  size_t nt = c->count.n;
  /* Only terms counted at least as often as the top-th one can be among the first
   * 'top' rows (ties at that count are cut by bytes after the sort). */
  uint64_t floor = 1;
  if (top && top < nt) {
    uint64_t *cs = malloc(nt * sizeof *cs);
    if (!cs) return YL_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < nt; i++)
      if (entry_count(c, i)) cs[k++] = entry_count(c, i);
    if (top < k) floor = kth_largest(cs, k, top);
    free(cs);
  }
  if (floor < min_count) floor = min_count;
  size_t keep = 0;
  for (size_t i = 0; i < nt; i++) keep += entry_count(c, i) >= floor;
  nt = keep;
  yl_freq_row *r = malloc((nt ? nt : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  uint32_t *forms = NULL;
  if (c->forms.n) {
    yl_status st = yl_counts_forms(c, v, &forms);
    if (st != YL_OK) {
      free(r);
      return st;
    }
  }
  size_t k = 0;
  for (size_t i = 0; i < c->count.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&c->count, i);
    uint64_t cnt = val_count(c, s->val);
    if (cnt == 0 || cnt < floor) continue;
    yl_freq_row *row = &r[k++];
    row->id = (uint32_t)s->key;
    row->term = yl_vocab_term(v, row->id, &row->term_len);
    uint32_t f = forms ? forms[row->id] : row->id;
    row->shown = yl_vocab_term(v, f, &row->shown_len);
    row->count = cnt;
    row->df = val_df(c, s->key, s->val);
    row->per_10k = c->tokens ? (double)cnt / (double)c->tokens * 10000.0 : 0.0;
  }
  free(forms);
  qsort(r, k, sizeof *r, cmp_freq);
  /* Rows kept are a prefix of the full list (count descending), so its ranks are the
   * full list's. */
  size_t out = 0;
  for (size_t i = 0; i < k; i++) {
    r[i].rank = (i > 0 && r[i].count == r[i - 1].count) ? r[i - 1].rank : i + 1;
    if (r[i].count >= min_count) r[out++] = r[i];
  }
  if (top && out > top) out = top;
  *rows = r;
  *n = out;
  return YL_OK;
}

yl_status yl_counts_freq_rows(const yl_counts *c, const yl_vocab *v, uint64_t min_count,
                              yl_freq_row **rows, size_t *n) {
  return freq_rows(c, v, min_count, 0, rows, n);
}

yl_status yl_counts_freq_rows_top(const yl_counts *c, const yl_vocab *v, uint64_t min_count,
                                  size_t top, yl_freq_row **rows, size_t *n) {
  return freq_rows(c, v, min_count, top, rows, n);
}

yl_status yl_counts_top_ids(const yl_counts *c, const yl_vocab *v, size_t k, uint32_t **ids,
                            size_t *n) {
  yl_freq_row *rows;
  size_t nr;
  yl_status st = k ? freq_rows(c, v, 1, k, &rows, &nr) : YL_OK;
  if (!k) rows = NULL, nr = 0;
  if (st != YL_OK) return st;
  if (nr > k) nr = k;
  uint32_t *out = malloc((nr ? nr : 1) * sizeof *out);
  if (!out) {
    free(rows);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < nr; i++) out[i] = rows[i].id;
  free(rows);
  *ids = out;
  *n = nr;
  return YL_OK;
}
