/* periods.csv and trends.csv (--period): pass 2's counts by group and period (see
 * trends.h), every group in name order and then ALL, the periods in time order with
 * the undated documents last; in trends.csv a period's terms by count, then by bytes. */
#include <stdlib.h>
#include <string.h>

#include "ingest/date.h"
#include "pipeline/engine.h"
#include "pipeline/tables.h"
#include "yuliao/vocab.h"

static const char *group_name(const yl_merged *m, uint32_t g) {
  return g < m->ng ? m->names[g] : "ALL";
}

/* Cells in group, then period order (their keys are group << 32 | period). */
static int key_cmp(const void *pa, const void *pb) {
  uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
  return (a > b) - (a < b);
}

typedef struct trow {
  uint64_t cell_key; /* group << 32 | period */
  uint32_t id;
  uint64_t count, df, tokens;
  const char *term;
  size_t term_len;
} trow;

static int trow_cmp(const void *pa, const void *pb) {
  const trow *a = pa, *b = pb;
  if (a->cell_key != b->cell_key) return a->cell_key < b->cell_key ? -1 : 1;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  size_t n = a->term_len < b->term_len ? a->term_len : b->term_len;
  int c = memcmp(a->term, b->term, n);
  return c ? c : (a->term_len > b->term_len) - (a->term_len < b->term_len);
}

static yl_status periods_table(const yl_outctx *x, const yl_trends *t) {
  static const char *const cols[] = {"group", "period", "documents", "tokens", NULL};
  const yl_merged *m = x->m;
  uint64_t *keys = malloc((t->ncell ? t->ncell : 1) * sizeof *keys);
  if (!keys) return YL_ERR_NOMEM;
  if (t->ncell) memcpy(keys, t->key, t->ncell * sizeof *keys);
  if (t->ncell) qsort(keys, t->ncell, sizeof *keys, key_cmp);
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_PERIODS, cols, &c);
  for (size_t i = 0; !st && i < t->ncell; i++) {
    size_t ci = (size_t)yl_u64map_get(&t->cells, keys[i]) - 1;
    char name[16];
    size_t nl = yl_date_period_name((uint32_t)keys[i], (yl_period)x->o->period, name);
    st = yl_csv_str(c, group_name(m, (uint32_t)(keys[i] >> 32)));
    if (!st) st = yl_csv_text(c, name, nl);
    if (!st) st = yl_cell_u64(c, t->docs[ci]);
    if (!st) st = yl_cell_u64(c, t->tokens[ci]);
    if (!st) st = yl_csv_end_row(c);
  }
  free(keys);
  return c ? yl_tables_close(x, YL_TABLE_PERIODS, c, st) : st;
}

static yl_status trends_table(const yl_outctx *x, const yl_trends *t) {
  static const char *const cols[] = {"group", "period", "term", "count", "per_10k", "doc_freq", NULL};
  const yl_merged *m = x->m;
  trow *v = malloc((t->cnt.n ? t->cnt.n : 1) * sizeof *v);
  if (!v) return YL_ERR_NOMEM;
  for (size_t i = 0; i < t->cnt.n; i++) {
    const yl_u64map_slot *s = yl_u64map_at(&t->cnt, i);
    size_t ci = (size_t)(s->key >> 32);
    trow *r = &v[i];
    r->cell_key = t->key[ci];
    r->id = (uint32_t)s->key;
    r->count = s->val;
    r->df = yl_u64map_get(&t->df, s->key);
    r->tokens = t->tokens[ci];
    r->term = yl_vocab_term(m->v, r->id, &r->term_len);
  }
  if (t->cnt.n) qsort(v, t->cnt.n, sizeof *v, trow_cmp);
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_TRENDS, cols, &c);
  for (size_t i = 0; !st && i < t->cnt.n; i++) {
    const trow *r = &v[i];
    char name[16];
    size_t nl = yl_date_period_name((uint32_t)r->cell_key, (yl_period)x->o->period, name);
    st = yl_csv_str(c, group_name(m, (uint32_t)(r->cell_key >> 32)));
    if (!st) st = yl_csv_text(c, name, nl);
    if (!st) st = yl_cell_term(c, m, r->id);
    if (!st) st = yl_cell_u64(c, r->count);
    /* as frequency.csv's per_10k: count / tokens × 10,000 */
    if (!st) st = yl_csv_double(c, r->tokens ? (double)r->count / (double)r->tokens * 10000.0 : 0.0);
    if (!st) st = yl_cell_u64(c, r->df);
    if (!st) st = yl_csv_end_row(c);
  }
  free(v);
  return c ? yl_tables_close(x, YL_TABLE_TRENDS, c, st) : st;
}

yl_status yl_tables_trends(const yl_outctx *x) {
  if (x->o->period < 0) return YL_OK;
  yl_status st = periods_table(x, &x->m->trends);
  return st ? st : trends_table(x, &x->m->trends);
}
