/* collocations.csv (--collocations): each group's and ALL's adjacent 2- and 3-term
 * sequences with quanteda's λ and z (yuliao/colloc.h), counted from the spill files
 * once pass 2 is done. A unit (a group, or ALL) is counted by one thread from its
 * own documents in index order, so no table is merged and the rows do not depend on
 * -j; the units run 'nw' at a time, ALL first (the longest). Rows: group by name,
 * then ALL; z descending, then the collocation's bytes. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pipeline/tables.h"

/* Tokens of a unit per bigram part (yl_colloc_set_parts). */
#define PART_TOKENS 4000000u

/* A row to write: the collocation as shown (terms' shown forms joined by a space) at
 * 'off' in its unit's buffer. */
typedef struct crow {
  size_t off, len;
  uint32_t id[3];
  unsigned size;
  uint64_t count;
  double lambda, z;
} crow;

typedef struct cunit {
  size_t g;           /* group index; m->ng = ALL */
  const size_t *docs; /* its counted documents, index order */
  size_t ndocs;
  uint64_t tokens;
  crow *rows;
  size_t nrows;
  yl_buf text; /* the rows' collocations */
} cunit;

typedef struct cshared {
  const yl_run *r;
  const yl_merged *m;
  cunit *u;
  size_t *order; /* units in the order they are taken */
  size_t nu;
  atomic_size_t next;
  atomic_int stop;
} cshared;

typedef struct cjob {
  cshared *sh;
  yl_outctx x;
  yl_error err;
  yl_status st;
} cjob;

/* z descending only: a first cut, before the collocations are spelled out. */
static int by_z(const void *pa, const void *pb) {
  const yl_colloc_row *a = pa, *b = pb;
  return (a->z < b->z) - (a->z > b->z);
}

typedef struct sortctx {
  const yl_merged *m;
  const char *text;
} sortctx;

/* The table's order: z descending, the collocation's bytes, size, then the terms' keys
 * (two keys may share a shown form): a total order. */
static int by_row(const void *pa, const void *pb, void *arg) {
  const crow *a = pa, *b = pb;
  const sortctx *k = arg;
  if (a->z != b->z) return a->z > b->z ? -1 : 1;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(k->text + a->off, k->text + b->off, n);
  if (c) return c;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  if (a->size != b->size) return a->size < b->size ? -1 : 1;
  for (unsigned i = 0; i < a->size; i++) {
    size_t la, lb;
    const char *sa = yl_vocab_term(k->m->v, a->id[i], &la), *sb = yl_vocab_term(k->m->v, b->id[i], &lb);
    c = memcmp(sa, sb, la < lb ? la : lb);
    if (c) return c;
    if (la != lb) return la < lb ? -1 : 1;
  }
  return 0;
}

/* How many of the 'm' rows at 'v' (one size) can be among the first 'top' of the
 * table (all when top is 0): those whose z reaches the top-th z, ties included; they
 * are moved to the front. */
static size_t cut_size(yl_colloc_row *v, size_t m, size_t top) {
  if (!top || m <= top) return m;
  qsort(v, m, sizeof *v, by_z);
  size_t keep = top;
  while (keep < m && v[keep].z == v[top - 1].z) keep++;
  return keep;
}

/* The same for both sizes (yl_colloc_rows gives the bigrams first); returns the rows
 * kept, moved to the front. */
static size_t first_cut(yl_colloc_row *v, size_t n, size_t top) {
  size_t n2 = 0;
  while (n2 < n && v[n2].size == 2) n2++;
  size_t k2 = cut_size(v, n2, top), k3 = cut_size(v + n2, n - n2, top);
  if (k2 < n2) memmove(v + k2, v + n2, k3 * sizeof *v);
  return k2 + k3;
}

static yl_status spell(const yl_merged *m, cunit *u, const yl_colloc_row *src, crow *dst) {
  *dst = (crow){u->text.len, 0, {src->id[0], src->id[1], src->id[2]}, src->size, src->count,
                src->lambda, src->z};
  yl_status st = YL_OK;
  for (unsigned i = 0; !st && i < src->size; i++) {
    size_t len;
    const char *s = yl_vocab_term(m->v, m->forms[src->id[i]], &len);
    if (i) st = yl_buf_putc(&u->text, ' ');
    if (!st) st = yl_buf_put(&u->text, s, len);
  }
  dst->len = u->text.len - dst->off;
  return st;
}

/* Counts unit 'u' and keeps its rows. */
static yl_status count_unit(cjob *j, yl_reader *rd, cunit *u) {
  const yl_run *r = j->sh->r;
  const yl_merged *m = j->sh->m;
  const yl_analyze_opts *o = r->o;
  yl_colloc *c = NULL;
  yl_status st = yl_colloc_new(3, o->colloc_min_count ? o->colloc_min_count : 1, &c);
  /* about half as many distinct bigrams as tokens: a part's table stays near 64 MB */
  if (!st) st = yl_colloc_set_parts(c, (unsigned)(u->tokens / PART_TOKENS < 1023 ? 1 + u->tokens / PART_TOKENS : 1024));
  while (!st && yl_colloc_sweep(c) >= 0) {
    for (size_t k = 0; !st && k < u->ndocs; k++) {
      size_t i = u->docs[k], n = 0;
      st = yl_pass2_read_doc(r, &j->x, rd, i, &n);
      if (!st) st = yl_colloc_add_doc(c, rd->ids, rd->fl, n, r->docs[i].colloc_win);
    }
    if (!st) st = yl_colloc_end_sweep(c);
  }
  yl_colloc_row *v = NULL;
  size_t n = 0;
  if (!st) st = yl_colloc_rows(c, &v, &n);
  yl_colloc_free(c);
  if (!st) n = first_cut(v, n, o->colloc_top);
  if (!st && n && !(u->rows = malloc(n * sizeof *u->rows))) st = YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < n; i++) st = spell(m, u, &v[i], &u->rows[i]);
  free(v);
  if (st) return st;
  sortctx k = {m, u->text.data};
  if (n) qsort_r(u->rows, n, sizeof *u->rows, by_row, &k);
  /* the first 'top' of each size, in the table's order */
  size_t kept = 0, per[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; i++)
    if (!o->colloc_top || per[u->rows[i].size]++ < o->colloc_top) u->rows[kept++] = u->rows[i];
  u->nrows = kept;
  return YL_OK;
}

static void job_main(void *arg) {
  cjob *j = arg;
  cshared *sh = j->sh;
  yl_reader rd = {calloc(sh->r->nw, sizeof *rd.sw), NULL, NULL, 0};
  yl_status st = rd.sw ? YL_OK : YL_ERR_NOMEM;
  while (!st && !atomic_load(&sh->stop)) {
    size_t k = atomic_fetch_add(&sh->next, 1);
    if (k >= sh->nu) break;
    st = count_unit(j, &rd, &sh->u[sh->order[k]]);
  }
  if (st) atomic_store(&sh->stop, 1);
  yl_reader_free(&rd, sh->r->nw);
  j->st = st;
}

/* ALL first, then the groups by size: the longest units start first. */
static int by_tokens(const void *pa, const void *pb, void *arg) {
  const cunit *u = arg;
  const cunit *a = &u[*(const size_t *)pa], *b = &u[*(const size_t *)pb];
  if (a->tokens != b->tokens) return a->tokens > b->tokens ? -1 : 1;
  return (a->g > b->g) - (a->g < b->g);
}

static yl_status write_rows(const yl_outctx *x, const cunit *u, size_t nu) {
  static const char *const cols[] = {"group", "collocation", "size", "count", "lambda", "z", NULL};
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_COLLOCATIONS, cols, &c);
  if (st) return st;
  for (size_t k = 0; !st && k < nu; k++) /* units are in group order, ALL last */
    for (size_t i = 0; !st && i < u[k].nrows; i++) {
      const crow *w = &u[k].rows[i];
      st = yl_csv_str(c, yl_group_label(x->m, u[k].g));
      if (!st) st = yl_csv_text(c, u[k].text.data + w->off, w->len);
      if (!st) st = yl_cell_u64(c, w->size);
      if (!st) st = yl_cell_u64(c, w->count);
      if (!st) st = yl_csv_double(c, w->lambda);
      if (!st) st = yl_csv_double(c, w->z);
      if (!st) st = yl_csv_end_row(c);
    }
  return yl_tables_close(x, YL_TABLE_COLLOCATIONS, c, st);
}

yl_status yl_tables_colloc(const yl_outctx *x, const yl_run *r) {
  const yl_merged *m = x->m;
  const yl_analyze_opts *o = r->o;
  size_t ng = o->group_by == YL_GROUP_NONE ? 0 : m->ng, nu = ng + 1;
  cunit *u = calloc(nu, sizeof *u);
  size_t *order = calloc(nu, sizeof *order);
  size_t *at = calloc(nu + 1, sizeof *at); /* each group's first slot in 'idx' */
  size_t *idx = calloc(2 * (r->ndocs ? r->ndocs : 1), sizeof *idx);
  cjob *jobs = calloc(r->nt, sizeof *jobs);
  yl_status st = u && order && at && idx && jobs ? YL_OK : YL_ERR_NOMEM;
  if (!st) {
    /* the counted documents of each group (counting sort, index order kept), then
     * all of them for ALL */
    size_t *all = idx + r->ndocs, nall = 0;
    for (size_t i = 0; i < r->ndocs; i++) {
      if (r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
      all[nall++] = i;
      if (ng) at[r->w[r->docs[i].worker].gmap[r->docs[i].group] + 1]++;
    }
    for (size_t g = 0; g < ng; g++) at[g + 1] += at[g];
    for (size_t k = 0; k < nall && ng; k++) {
      const yl_docent *e = &r->docs[all[k]];
      size_t g = r->w[e->worker].gmap[e->group];
      idx[at[g] + u[g].ndocs++] = all[k];
    }
    for (size_t g = 0; g < nu; g++) {
      u[g].g = g < ng ? g : m->ng;
      u[g].text = (yl_buf)YL_BUF_INIT;
      if (g < ng) u[g].docs = idx + at[g];
      else u[g].docs = all, u[g].ndocs = nall;
      for (size_t k = 0; k < u[g].ndocs; k++) u[g].tokens += r->docs[u[g].docs[k]].tokens;
      order[g] = g;
    }
    qsort_r(order, nu, sizeof *order, by_tokens, u);
  }
  if (!st) {
    cshared sh = {r, m, u, order, nu, 0, 0};
    atomic_init(&sh.next, 0);
    atomic_init(&sh.stop, 0);
    unsigned nj = r->nt < nu ? r->nt : (unsigned)nu;
    for (unsigned k = 0; k < nj; k++) {
      jobs[k].sh = &sh;
      jobs[k].x = (yl_outctx){o, (yl_merged *)m, &jobs[k].err, NULL, NULL};
    }
    yl_pool_each(job_main, jobs, sizeof *jobs, nj);
    for (unsigned k = 0; k < nj && !st; k++)
      if (jobs[k].st) {
        st = jobs[k].st;
        yl_error_merge(x->err, &jobs[k].err);
      }
  }
  if (!st) st = write_rows(x, u, nu);
  for (size_t g = 0; u && g < nu; g++) {
    free(u[g].rows);
    yl_buf_free(&u[g].text);
  }
  free(u);
  free(order);
  free(at);
  free(idx);
  free(jobs);
  return st;
}
