/* After pass 1: the workers' vocabularies and group tables merged by summing (the same
 * totals for any split of the documents), and the IDF tables. */
#include <stdlib.h>
#include <string.h>

#include "pipeline/engine.h"
#include "stats/simvec.h"

/* A worker's group, sorted by name (then worker) to number the groups. */
typedef struct gname {
  const char *name;
  unsigned worker;
  uint32_t local;
} gname;

static int gname_cmp(const void *a, const void *b) {
  const gname *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (c) return c;
  return (x->worker > y->worker) - (x->worker < y->worker);
}

void yl_merged_free(yl_merged *m) {
  yl_vocab_free(m->v);
  for (size_t i = 0; i < m->ng; i++) {
    free(m->names ? m->names[i] : NULL);
    yl_counts_free(m->g ? m->g[i] : NULL);
    if (m->grows) free(m->grows[i]);
    if (m->gvec) yl_simvec_free(&m->gvec[i]);
  }
  if (m->cooc)
    for (size_t i = 0; i <= m->ng; i++) yl_cooc_free(m->cooc[i]);
  free(m->cooc);
  free(m->sel);
  free(m->grows);
  free(m->gvec);
  free(m->simpos);
  free(m->ngrows);
  free(m->names);
  free(m->g);
  yl_counts_free(m->all);
  free(m->all_rows);
  free(m->grp_df);
  free(m->forms);
  yl_idf_free(m->own_doc_idf);
  free(m->doc_idf_v);
  yl_idf_free(m->own_grp_idf);
  yl_trends_free(&m->trends);
  free(m->tsel);
  free(m->fterm_id);
  free(m->fterm_of);
  free(m->fhits.v);
}

/* Every worker's groups, numbered in name order: the merged names, empty tables (pass
 * 1b counts into them) and each worker's gmap. */
static yl_status merge_groups(yl_run *r, yl_merged *m) {
  size_t total = 0;
  for (unsigned k = 0; k < r->nw; k++) total += r->w[k].ng;
  gname *all = calloc(total ? total : 1, sizeof *all);
  if (!all) return YL_ERR_NOMEM;
  size_t t = 0;
  for (unsigned k = 0; k < r->nw; k++) {
    r->w[k].gmap = calloc(r->w[k].ng ? r->w[k].ng : 1, sizeof *r->w[k].gmap);
    if (!r->w[k].gmap) {
      free(all);
      return YL_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->w[k].ng; i++) all[t++] = (gname){r->w[k].g[i].name, k, (uint32_t)i};
  }
  qsort(all, total, sizeof *all, gname_cmp);
  size_t ng = 0;
  for (size_t i = 0; i < total; i++)
    if (!i || strcmp(all[i].name, all[i - 1].name)) ng++;
  m->names = calloc(ng ? ng : 1, sizeof *m->names);
  m->g = calloc(ng ? ng : 1, sizeof *m->g);
  yl_status st = m->names && m->g ? YL_OK : YL_ERR_NOMEM;
  size_t gi = 0;
  for (size_t i = 0; !st && i < total; i++) {
    if (i && strcmp(all[i].name, all[i - 1].name)) gi++;
    if (!m->g[gi]) {
      m->names[gi] = strdup(all[i].name);
      if (!m->names[gi]) st = YL_ERR_NOMEM;
      if (!st) st = yl_counts_new(&m->g[gi]);
      m->ng = gi + 1;
    }
    yl_worker *w = &r->w[all[i].worker];
    w->gmap[all[i].local] = (uint32_t)gi;
  }
  free(all);
  return st;
}

yl_status yl_merge_vocab(yl_run *r, yl_merged *m) {
  yl_status st = yl_vocab_new(&m->v);
  for (unsigned k = 0; !st && k < r->nw; k++) {
    st = yl_vocab_merge(m->v, r->w[k].terms.v, &r->w[k].map);
    r->w[k].nmap = yl_vocab_size(r->w[k].terms.v);
  }
  if (!st) st = merge_groups(r, m);
  return st;
}

yl_status yl_worker_map_ids(const yl_worker *w, uint32_t *ids, uint32_t *forms, size_t n) {
  /* a record of a shard names ids of the shard's vocabulary: one beyond it is a
   * corrupt (or forged) shard, never an index */
  for (size_t k = 0; k < n; k++) {
    if (ids[k] >= w->nmap || (forms && forms[k] >= w->nmap)) return YL_ERR_PARSE;
    ids[k] = w->map[ids[k]];
    if (forms) forms[k] = w->map[forms[k]];
  }
  return YL_OK;
}

/* How many of ALL's frequency rows the tables use (0: all): frequency.csv's,
 * frequency_wide.csv's and the co-occurrence selection's. */
static size_t all_rows_needed(const yl_analyze_opts *o) {
  size_t need = o->frequency_top > o->wide_top ? o->frequency_top : o->wide_top;
  if (!o->n_focus && o->cooc_top > need) need = o->cooc_top;
  return o->frequency_top && o->wide_top ? need : 0;
}

yl_status yl_merge_totals(const yl_analyze_opts *o, yl_merged *m) {
  yl_status st = yl_counts_new(&m->all);
  size_t nv = yl_vocab_size(m->v);
  m->grp_df = calloc(nv ? nv : 1, sizeof *m->grp_df);
  if (!st && !m->grp_df) st = YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < m->ng; i++) {
    st = yl_counts_merge(m->all, m->g[i], NULL);
    for (size_t k = 0; !st && k < yl_counts_nterms(m->g[i]); k++) {
      uint32_t id;
      uint64_t c;
      yl_counts_entry(m->g[i], k, &id, &c, NULL);
      if (c) m->grp_df[id]++;
    }
  }
  if (!st) st = yl_counts_forms(m->all, m->v, &m->forms);
  if (!st)
    st = yl_counts_freq_rows_top(m->all, m->v, 1, all_rows_needed(o), &m->all_rows, &m->n_all_rows);
  return st;
}

yl_status yl_merge_idf(const yl_analyze_opts *o, yl_merged *m) {
  yl_status st = YL_OK;
  if (o->idf_table) {
    m->doc_idf = m->grp_idf = o->idf_table;
  } else {
    st = yl_idf_from_counts(m->all, &m->own_doc_idf);
    if (!st) st = yl_idf_from_df(m->ng, m->grp_df, yl_vocab_size(m->v), &m->own_grp_idf);
    m->doc_idf = m->own_doc_idf;
    m->grp_idf = m->own_grp_idf;
  }
  if (!st) st = yl_idf_values(m->doc_idf, o->scheme, m->v, &m->doc_idf_v);
  return st;
}
