/* cooccurrence.csv: the merged co-occurrence tables, every group then ALL; and the
 * networks drawn from it (network_nodes.csv, network_edges.csv). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "pipeline/tables.h"
#include "report/network.h"

/* Rows of groups g0 .. g1 − 1 (m->ng = ALL) into 'c'. */
static yl_status cooc_rows_out(const yl_outctx *x, yl_csv *c, size_t g0, size_t g1) {
  const yl_merged *m = x->m;
  const char *ctx = yl_cooc_context_name(x->o->context);
  uint64_t minc = x->o->cooc_min_count ? x->o->cooc_min_count : 1;
  yl_status st = YL_OK;
  for (size_t g = g0; !st && g < g1; g++) {
    yl_cooc_row *rows = NULL;
    size_t n = 0;
    st = yl_cooc_rows(m->cooc[g], m->v, minc, &rows, &n);
    for (size_t i = 0; !st && i < n; i++) {
      const yl_cooc_row *k = &rows[i];
      st = yl_cell_term(c, m, k->id_a);
      if (!st) st = yl_cell_term(c, m, k->id_b);
      if (!st) st = yl_cell_u64(c, k->o11);
      if (!st) st = yl_csv_str(c, yl_group_label(m, g));
      if (!st) st = yl_csv_str(c, ctx);
      if (!st) st = yl_cell_u64(c, k->n);
      if (!st) st = yl_cell_u64(c, k->f_a);
      if (!st) st = yl_cell_u64(c, k->f_b);
      if (!st) st = yl_csv_double(c, k->m.pmi);
      if (!st) st = yl_csv_double(c, k->m.npmi);
      if (!st) st = yl_csv_double(c, k->m.log_dice);
      if (!st) st = yl_csv_double(c, k->m.t_score);
      if (!st) st = yl_csv_double(c, k->m.g2);
      if (!st) st = yl_csv_double(c, k->m.p_value);
      if (!st) st = yl_csv_double(c, k->m.jaccard);
      if (!st) st = yl_csv_end_row(c);
    }
    free(rows);
  }
  return st;
}

/* The second run of groups, written into a part file. */
typedef struct coocjob {
  yl_outctx x;
  size_t g0, g1;
  uint64_t rows, cut;
  yl_error err;
  yl_status st;
} coocjob;

static void cooc_main(void *arg) {
  coocjob *j = arg;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open_part(&j->x, 3, 1, &c);
  if (!st) st = cooc_rows_out(&j->x, c, j->g0, j->g1);
  j->st = yl_tables_close_part(&j->x, 3, c, st, &j->rows, &j->cut);
}

/* With 'nj' > 1 workers the groups are split in two runs of about the same number of
 * pairs, the second written by a task and appended (association measures, p-values and
 * number formatting are most of it). */
yl_status yl_tables_cooc(const yl_outctx *x, unsigned nj) {
  static const char *const cols[] = {"Source", "Target", "Weight", "group", "context", "units",
                                     "f_source", "f_target", "pmi", "npmi", "log_dice",
                                     "t_score", "g2", "p_value", "jaccard", NULL};
  yl_merged *m = x->m;
  yl_status st = YL_OK;
  for (size_t g = 0; !st && g < m->ng; g++) st = yl_cooc_merge(m->cooc[m->ng], m->cooc[g], NULL);
  if (st) return st;
  yl_csv *c = NULL;
  st = yl_tables_open(x, YL_TABLE_COOCCURRENCE, cols, &c);
  if (st) return st;
  size_t first = x->o->group_by == YL_GROUP_NONE ? m->ng : 0, split = m->ng + 1;
  if (nj > 1 && m->ng > first) {
    uint64_t total = 0, acc = 0;
    for (size_t g = first; g <= m->ng; g++) total += yl_cooc_npairs(m->cooc[g]);
    for (split = first; split <= m->ng && 2 * acc < total; split++)
      acc += yl_cooc_npairs(m->cooc[split]);
  }
  coocjob j = {.x = {x->o, m, NULL, NULL, NULL}, .g0 = split, .g1 = m->ng + 1, .st = YL_OK};
  j.x.err = &j.err;
  int second = split <= m->ng;
  yl_task task;
  if (second) yl_task_start(&task, cooc_main, &j);
  st = cooc_rows_out(x, c, first, split);
  if (second) {
    yl_task_join(&task);
    if (!st && j.st) {
      st = j.st;
      yl_error_merge(x->err, &j.err);
    }
    if (!st) st = yl_tables_append_part(x, c, 3, 1, j.rows);
    if (!st && x->cut) x->cut[YL_TABLE_COOCCURRENCE] += j.cut;
    else yl_tables_remove_part(x->o, 3, 1);
  }
  return yl_tables_close(x, YL_TABLE_COOCCURRENCE, c, st);
}

/* ---- network_nodes.csv and network_edges.csv ---- */

/* Each group's network (report/network.h), read from cooccurrence.csv as committed so
 * that every number is the table's. Node Ids run 1, 2, … over the whole file: the
 * groups are apart in one graph, and importing both files whole counts no edge twice. */
yl_status yl_tables_network(const yl_outctx *x) {
  static const char *const ncols[] = {"Id", "Label", "group", "frequency", "degree",
                                      "community", "x", "y", NULL};
  static const char *const ecols[] = {"Source", "Target", "Type", "Weight", "group",
                                      "measure", "source_term", "target_term", "count", NULL};
  const yl_analyze_opts *o = x->o;
  yl_network *nets = NULL;
  size_t nn = 0;
  int measure = o->network_measure >= 0 && o->network_measure <= YL_NET_COUNT ? o->network_measure : 0;
  yl_status st = yl_networks_build(o->out_dir, o->csv_flags, o->network_top,
                                   (yl_net_measure)measure, &nets, &nn);
  if (st) {
    int e = errno;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cooccurrence.csv", o->out_dir);
    return yl_error_cause(x->err, st, path, 0, e, NULL);
  }
  yl_csv *c = NULL;
  st = yl_tables_open(x, YL_TABLE_NETWORK_NODES, ncols, &c);
  uint64_t id0 = 1;
  for (size_t g = 0; !st && c && g < nn; g++) {
    const yl_network *n = &nets[g];
    for (size_t i = 0; !st && i < n->nn; i++) {
      const yl_net_node *v = &n->nodes[i];
      st = yl_cell_u64(c, id0 + i);
      if (!st) st = yl_csv_str(c, v->term);
      if (!st) st = yl_csv_str(c, n->group);
      if (!st) st = yl_cell_u64(c, v->freq);
      if (!st) st = yl_cell_u64(c, v->degree);
      if (!st) st = yl_cell_u64(c, v->comm + 1);
      if (!st) st = yl_cell_num(c, v->x);
      if (!st) st = yl_cell_num(c, v->y);
      if (!st) st = yl_csv_end_row(c);
    }
    id0 += n->nn;
  }
  if (c) st = yl_tables_close(x, YL_TABLE_NETWORK_NODES, c, st);
  c = NULL;
  if (!st) st = yl_tables_open(x, YL_TABLE_NETWORK_EDGES, ecols, &c);
  id0 = 1;
  const char *mname = yl_net_measure_name(measure);
  for (size_t g = 0; !st && c && g < nn; g++) {
    const yl_network *n = &nets[g];
    for (size_t i = 0; !st && i < n->ne; i++) {
      const yl_net_edge *e = &n->edges[i];
      st = yl_cell_u64(c, id0 + e->a);
      if (!st) st = yl_cell_u64(c, id0 + e->b);
      if (!st) st = yl_csv_str(c, "Undirected");
      if (!st) st = yl_cell_num(c, e->weight);
      if (!st) st = yl_csv_str(c, n->group);
      if (!st) st = yl_csv_str(c, mname);
      if (!st) st = yl_csv_str(c, n->nodes[e->a].term);
      if (!st) st = yl_csv_str(c, n->nodes[e->b].term);
      if (!st) st = yl_cell_u64(c, e->count);
      if (!st) st = yl_csv_end_row(c);
    }
    id0 += n->nn;
  }
  if (c) st = yl_tables_close(x, YL_TABLE_NETWORK_EDGES, c, st);
  yl_networks_free(nets, nn);
  return st;
}
