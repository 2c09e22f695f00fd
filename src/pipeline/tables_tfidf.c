/* Rows of tfidf.csv and keywords.csv for one unit (a document or a group), and the
 * group-level rows written after pass 2's. */
#include <stdlib.h>
#include <string.h>

#include "base/pool.h"
#include "pipeline/tables.h"
#include "stats/simvec.h"
#include "yuliao/stats.h"

void yl_numcache_free(yl_numcache *k) {
  free(k->idf);
  free(k->idf_len);
  free(k->w);
  free(k->w_len);
  free(k->rank);
  free(k->wv);
}

yl_status yl_tables_unit_rows(yl_csv *tf, yl_csv *kwc, const yl_merged *m, const char *level,
                              const char *unit, const yl_tfidf_row *rows, size_t n, size_t top,
                              size_t kw, const yl_counts *dfc, const uint64_t *dfv,
                              yl_numcache *k) {
  if (n > k->cap) {
    uint64_t *a = realloc(k->rank, n * sizeof *a);
    if (a) k->rank = a;
    double *b = realloc(k->wv, n * sizeof *b);
    if (b) k->wv = b;
    char(*c)[32] = realloc(k->w, n * sizeof *c);
    if (c) k->w = c;
    uint8_t *d = realloc(k->w_len, n);
    if (d) k->w_len = d;
    if (!a || !b || !c || !d) return YL_ERR_NOMEM;
    k->cap = n;
  }
  /* a table's IDF (--idf) is the term's own: formatted each time */
  int by_df = !yl_idf_is_table(m->grp_idf); /* both IDFs are of one kind */
  if (by_df && !k->idf) {
    k->n = 4096; /* larger df values are formatted each time */
    k->idf = calloc(k->n, sizeof *k->idf);
    k->idf_len = calloc(k->n, 1);
    if (!k->idf || !k->idf_len) return YL_ERR_NOMEM;
  }
  size_t lim = top && top < n ? top : n;
  /* keywords.csv is the first rows of the unit in tfidf.csv: never more (0 = all) */
  size_t nkw = kw && kw < lim ? kw : lim, nfmt = lim;
  /* Only rows[0 .. nfmt) need be sorted (yl_tfidf_rows_top): min ranks of a sorted
   * prefix are those of the whole. */
  for (size_t i = 0; i < nfmt; i++) k->wv[i] = rows[i].weight;
  yl_rank_min(k->wv, nfmt, k->rank);
  for (size_t i = 0; i < nfmt; i++) k->w_len[i] = (uint8_t)yl_format_double(rows[i].weight, k->w[i]);
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < lim; i++) {
    const yl_tfidf_row *r = &rows[i];
    st = yl_csv_str(tf, level);
    if (!st) st = yl_csv_str(tf, unit);
    if (!st) st = yl_cell_term(tf, m, r->id);
    if (!st) st = yl_cell_num(tf, r->tf);
    uint64_t df = dfc ? yl_counts_df(dfc, r->id) : dfv[r->id];
    if (!st) st = yl_cell_u64(tf, df);
    if (!st) {
      if (by_df && df < k->n) {
        if (!k->idf_len[df]) k->idf_len[df] = (uint8_t)yl_format_double(r->idf, k->idf[df]);
        st = k->idf_len[df] ? yl_cell_fmt(tf, k->idf[df], k->idf_len[df], r->idf)
                            : yl_csv_double(tf, r->idf);
      } else {
        st = yl_csv_double(tf, r->idf);
      }
    }
    if (!st)
      st = k->w_len[i] ? yl_cell_fmt(tf, k->w[i], k->w_len[i], r->weight) : yl_csv_double(tf, r->weight);
    if (!st) st = yl_cell_u64(tf, k->rank[i]);
    if (!st) st = yl_csv_end_row(tf);
  }
  for (size_t i = 0; !st && i < nkw; i++) {
    st = yl_csv_str(kwc, level);
    if (!st) st = yl_csv_str(kwc, unit);
    if (!st) st = yl_cell_u64(kwc, k->rank[i]);
    if (!st) st = yl_cell_term(kwc, m, rows[i].id);
    if (!st) st = yl_cell_u64(kwc, rows[i].count);
    if (!st) st = k->w_len[i] ? yl_cell_fmt(kwc, k->w[i], k->w_len[i], rows[i].weight)
                              : yl_csv_double(kwc, rows[i].weight);
    if (!st) st = yl_csv_end_row(kwc);
  }
  return st;
}

/* One group's rows and similarity vector, computed by a worker; written in group
 * order by the caller. */
typedef struct grp_job {
  const yl_outctx *x;
  size_t g;
  yl_status st;
} grp_job;

static void grp_rows(void *arg) {
  grp_job *j = arg;
  const yl_outctx *x = j->x;
  yl_merged *m = x->m;
  /* rows past those shown (and past similarity's shared top) need no order: the
   * vector is sorted by term */
  size_t show = x->o->tfidf_group_top, sim = x->o->sim_top;
  if (show && sim > show) show = sim;
  j->st = yl_tfidf_rows_top(m->g[j->g], m->v, m->grp_idf, NULL, x->o->scheme, show,
                            &m->grows[j->g], &m->ngrows[j->g]);
  if (!j->st) j->st = yl_simvec_from_rows(&m->gvec[j->g], m->grows[j->g], m->ngrows[j->g], m->simpos);
}

yl_status yl_tables_group_tfidf(const yl_outctx *x, yl_csv *tf, yl_csv *kwc, unsigned nj) {
  yl_merged *m = x->m;
  if (x->o->group_by == YL_GROUP_NONE) return YL_OK;
  m->grows = calloc(m->ng ? m->ng : 1, sizeof *m->grows);
  m->ngrows = calloc(m->ng ? m->ng : 1, sizeof *m->ngrows);
  m->gvec = calloc(m->ng ? m->ng : 1, sizeof *m->gvec);
  if (!nj) nj = 1;
  grp_job *jobs = calloc(nj, sizeof *jobs);
  if (!m->grows || !m->ngrows || !m->gvec || !jobs) {
    free(jobs);
    return YL_ERR_NOMEM;
  }
  yl_numcache nc;
  memset(&nc, 0, sizeof nc);
  yl_status st = YL_OK;
  /* 'nj' groups at a time: their rows computed side by side, then written in order
   * (only these groups' full rows are alive at once) */
  for (size_t g0 = 0; !st && g0 < m->ng; g0 += nj) {
    unsigned n = (unsigned)(m->ng - g0 < nj ? m->ng - g0 : nj);
    for (unsigned k = 0; k < n; k++) jobs[k] = (grp_job){x, g0 + k, YL_OK};
    yl_pool_each(grp_rows, jobs, sizeof *jobs, n);
    for (unsigned k = 0; !st && k < n; k++) {
      size_t g = g0 + k;
      st = jobs[k].st;
      if (!st)
        st = yl_tables_unit_rows(tf, kwc, m, "group", m->names[g], m->grows[g], m->ngrows[g],
                                 x->o->tfidf_group_top, x->o->keywords, NULL, m->grp_df, &nc);
      /* similarity.csv needs the vector and the top sim_top rows only: the rest go now
       * (they were half of the peak memory of the run's last phase) */
      if (!st && m->ngrows[g] > x->o->sim_top) {
        m->ngrows[g] = x->o->sim_top;
        yl_tfidf_row *p = realloc(m->grows[g], (m->ngrows[g] ? m->ngrows[g] : 1) * sizeof *p);
        if (p) m->grows[g] = p;
      }
    }
  }
  free(jobs);
  yl_numcache_free(&nc);
  return st;
}
