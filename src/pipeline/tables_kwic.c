/* kwic.csv: the workers' KWIC hits of the documents counted (duplicates out), sorted
 * by group, publication time (undated last), document and place, at most --kwic-max a
 * term and group (see kwic.h). The order depends on the documents alone, not on which
 * worker read them: the same bytes for any -j. */
#include <stdlib.h>
#include <string.h>

#include "ingest/date.h"
#include "pipeline/engine.h"
#include "pipeline/tables.h"

typedef struct kwic_ref {
  const yl_kwic_hit *h;
  const char *text; /* its worker's text */
  const char *group;
  uint32_t gi;
  int64_t published;
} kwic_ref;

static int ref_cmp(const void *pa, const void *pb) {
  const kwic_ref *a = pa, *b = pb;
  int c = strcmp(a->group, b->group);
  if (c) return c;
  int ua = a->published == YL_TIME_NONE, ub = b->published == YL_TIME_NONE;
  if (ua != ub) return ua - ub;
  if (a->published != b->published) return a->published < b->published ? -1 : 1;
  if (a->h->doc != b->h->doc) return a->h->doc < b->h->doc ? -1 : 1;
  if (a->h->para != b->h->para) return a->h->para < b->h->para ? -1 : 1;
  return (a->h->pos > b->h->pos) - (a->h->pos < b->h->pos);
}

static const char *const kwic_cols[] = {"doc_id", "group",     "published", "title", "url",
                                        "paragraph", "left", "keyword",   "right", NULL};

static yl_status kwic_row(const yl_analyze_opts *o, yl_csv *c, const kwic_ref *k, const yl_doc *d) {
  char when[40];
  size_t wn = d->published_ms == YL_TIME_NONE ? 0 : yl_date_format(d->published_ms, when);
  when[wn] = '\0';
  const yl_kwic_hit *h = k->h;
  if (o->kwic_fn) { /* yl_kwic_paths: the row to the caller */
    yl_kwic_row row = {(uint64_t)h->doc + 1, d->path, k->group, when, d->title ? d->title : "",
                       d->url ? d->url : "", h->para, k->text + h->l_off, k->text + h->k_off,
                       k->text + h->r_off, h->l_len, h->k_len, h->r_len};
    o->kwic_fn(o->kwic_ctx, &row);
    return YL_OK;
  }
  yl_status st = yl_csv_int(c, (int64_t)h->doc + 1);
  if (!st) st = yl_csv_str(c, k->group);
  if (!st) st = yl_csv_text(c, when, wn);
  if (!st) st = yl_csv_str(c, d->title ? d->title : "");
  if (!st) st = yl_csv_str(c, d->url ? d->url : "");
  if (!st) st = yl_csv_int(c, h->para);
  if (!st) st = yl_csv_text(c, k->text + h->l_off, h->l_len);
  if (!st) st = yl_csv_text(c, k->text + h->k_off, h->k_len);
  if (!st) st = yl_csv_text(c, k->text + h->r_off, h->r_len);
  if (!st) st = yl_csv_end_row(c);
  return st;
}

yl_status yl_tables_kwic(const yl_outctx *x, const yl_run *r, yl_analyze_summary *sum) {
  const yl_analyze_opts *o = x->o;
  const yl_merged *m = x->m;
  size_t total = 0;
  for (unsigned k = 0; k < r->nw; k++) total += r->w[k].kwic.n;
  kwic_ref *v = malloc((total ? total : 1) * sizeof *v);
  size_t ng = m->ng ? m->ng : 1;
  uint64_t *shown = calloc(o->n_kwic * ng, sizeof *shown);
  yl_status st = v && shown ? YL_OK : YL_ERR_NOMEM;
  size_t n = 0;
  for (unsigned k = 0; !st && k < r->nw; k++) {
    const yl_kwic_buf *b = &r->w[k].kwic;
    for (size_t i = 0; i < b->n; i++) {
      const yl_kwic_hit *h = &b->v[i];
      const yl_doc *d = r->keys[h->doc].doc;
      if (d->status != YL_DOC_ANALYSED) continue; /* a duplicate is not counted */
      const yl_docent *e = &r->docs[h->doc];
      uint32_t gi = o->group_by == YL_GROUP_NONE ? 0 : r->w[e->worker].gmap[e->group];
      const char *g = o->group_by == YL_GROUP_NONE ? "ALL" : m->names[gi];
      v[n++] = (kwic_ref){h, b->text.data, g, gi, d->published_ms};
    }
  }
  if (!st) qsort(v, n, sizeof *v, ref_cmp);
  yl_csv *c = NULL;
  if (!st && !o->kwic_fn) st = yl_tables_open(x, YL_TABLE_KWIC, kwic_cols, &c);
  for (size_t i = 0; !st && i < n; i++) {
    uint64_t *s = &shown[(size_t)v[i].h->term * ng + v[i].gi];
    sum->kwic_hits++;
    if (o->kwic_max && *s >= o->kwic_max) {
      sum->kwic_left_out++;
      continue;
    }
    ++*s;
    st = kwic_row(o, c, &v[i], r->keys[v[i].h->doc].doc);
  }
  free(v);
  free(shown);
  return c ? yl_tables_close(x, YL_TABLE_KWIC, c, st) : st;
}
