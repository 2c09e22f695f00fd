/* frequency.csv (every group, then ALL) and frequency_wide.csv (one row per term, the
 * groups side by side). */
#include <stdlib.h>

#include "base/buf.h"
#include "pipeline/tables.h"

yl_status yl_tables_frequency(const yl_outctx *x) {
  static const char *const cols[] = {"group", "term", "count", "per_10k", "doc_freq", "rank", NULL};
  const yl_merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_FREQUENCY, cols, &c);
  if (st) return st;
  size_t first = x->o->group_by == YL_GROUP_NONE ? m->ng : 0;
  for (size_t g = first; !st && g <= m->ng; g++) {
    /* ALL's rows were made once by the merge (yl_merge_totals) */
    yl_freq_row *own = NULL;
    const yl_freq_row *rows = m->all_rows;
    size_t n = m->n_all_rows;
    if (g < m->ng)
      st = yl_counts_freq_rows_top(m->g[g], m->v, 1, x->o->frequency_top, &own, &n), rows = own;
    /* Ranks are the whole list's; only the first frequency_top rows are written. */
    size_t lim = x->o->frequency_top && x->o->frequency_top < n ? x->o->frequency_top : n;
    for (size_t i = 0; !st && i < lim; i++) {
      st = yl_csv_str(c, yl_group_label(m, g));
      if (!st) st = yl_cell_term(c, m, rows[i].id);
      if (!st) st = yl_cell_u64(c, rows[i].count);
      if (!st) st = yl_csv_double(c, rows[i].per_10k);
      if (!st) st = yl_cell_u64(c, rows[i].df);
      if (!st) st = yl_cell_u64(c, rows[i].rank);
      if (!st) st = yl_csv_end_row(c);
    }
    free(own);
  }
  return yl_tables_close(x, YL_TABLE_FREQUENCY, c, st);
}

yl_status yl_tables_frequency_wide(const yl_outctx *x) {
  const yl_merged *m = x->m;
  size_t ng = x->o->group_by == YL_GROUP_NONE ? 0 : m->ng;
  const char **cols = calloc(3 + 2 * ng + 1, sizeof *cols);
  yl_buf names = YL_BUF_INIT;
  size_t *offs = calloc(2 * ng + 1, sizeof *offs);
  yl_status st = cols && offs ? YL_OK : YL_ERR_NOMEM;
  for (size_t g = 0; !st && g < ng; g++) {
    offs[2 * g] = names.len;
    st = yl_buf_printf(&names, "count_%s", m->names[g]);
    if (!st) st = yl_buf_putc(&names, '\0');
    offs[2 * g + 1] = names.len;
    if (!st) st = yl_buf_printf(&names, "per_10k_%s", m->names[g]);
    if (!st) st = yl_buf_putc(&names, '\0');
  }
  yl_csv *c = NULL;
  if (!st) {
    cols[0] = "term";
    cols[1] = "total";
    cols[2] = "per_10k";
    for (size_t i = 0; i < 2 * ng; i++) cols[3 + i] = names.data + offs[i];
    st = yl_tables_open(x, YL_TABLE_FREQUENCY_WIDE, cols, &c);
    if (st) {
      free(cols);
      free(offs);
      yl_buf_free(&names);
      return st;
    }
  }
  const yl_freq_row *rows = m->all_rows;
  size_t n = m->n_all_rows;
  size_t lim = x->o->wide_top && x->o->wide_top < n ? x->o->wide_top : n;
  for (size_t i = 0; !st && i < lim; i++) {
    st = yl_cell_term(c, m, rows[i].id);
    if (!st) st = yl_cell_u64(c, rows[i].count);
    if (!st) st = yl_csv_double(c, rows[i].per_10k);
    for (size_t g = 0; !st && g < ng; g++) {
      uint64_t k = yl_counts_count(m->g[g], rows[i].id), tok = yl_counts_tokens(m->g[g]);
      st = yl_cell_u64(c, k);
      if (!st) st = yl_csv_double(c, tok ? (double)k / (double)tok * 10000.0 : 0.0);
    }
    if (!st) st = yl_csv_end_row(c);
  }
  free(cols);
  free(offs);
  yl_buf_free(&names);
  if (!c) return st;
  return yl_tables_close(x, YL_TABLE_FREQUENCY_WIDE, c, st);
}
