/* Analyze's table files, part files and cells (see tables.h). */
#include "pipeline/tables.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *yl_analyze_table_name(yl_analyze_table t) {
  static const char *const names[YL_ANALYZE_NTABLES] = {
      "documents.csv", "frequency.csv", "frequency_wide.csv", "tfidf.csv",
      "keywords.csv",  "cooccurrence.csv", "keyness.csv",    "similarity.csv", "kwic.csv",
      "periods.csv",   "trends.csv",       "dtm.csv",       "dtm_vocab.csv",
      "frames.csv",    "frames_test.csv",  "frames_docs.csv", "collocations.csv",
      "network_nodes.csv", "network_edges.csv"};
  return (unsigned)t < YL_ANALYZE_NTABLES ? names[t] : NULL;
}

const char *yl_analyze_table_shorter(yl_analyze_table t) {
  static const char *const hints[YL_ANALYZE_NTABLES] = {
      "one row per input file: analyse the archive in parts",
      "--frequency-top N keeps the N most frequent terms of each group",
      "--wide-top N keeps the N most frequent terms",
      "--tfidf-doc-top and --tfidf-group-top keep fewer terms per document and group",
      "--keywords K keeps fewer keywords per document and group",
      "--cooc-top N or a higher --cooc-min-count keep fewer pairs",
      "a smaller --keyness-top (and no --keyness-all) or a higher --keyness-min-count",
      "one row per pair of groups: fewer groups (--group-by)",
      "a smaller --kwic-max keeps fewer rows per term and group",
      "a longer --period (week, month, year) has fewer periods",
      "a smaller --trend-top or a longer --period",
      "one row per document and term: read it with R or pandas (docs/analyze.md)",
      "one row per term: read it with R or pandas",
      "fewer frames or groups",
      "one row per frame",
      "one row per coded document and frame: fewer or narrower frames",
      "a smaller --colloc-top keeps fewer collocations per group",
      "a smaller --network-top keeps fewer edges per group",
      "a smaller --network-top keeps fewer edges per group"};
  return (unsigned)t < YL_ANALYZE_NTABLES ? hints[t] : NULL;
}

/* A table file's failure into the run's record: the file 'dir'/'name' ('dir' may be
 * NULL) and the errno of the failed call. */
static yl_status table_error(const yl_outctx *x, yl_status st, const char *dir, const char *name,
                             int sys_errno) {
  if (!st) return st;
  char path[PATH_MAX + 64];
  snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
  return yl_error_cause(x->err, st, path, 0, sys_errno, NULL);
}

yl_status yl_tables_open(const yl_outctx *x, yl_analyze_table t, const char *const *cols,
                         yl_csv **out) {
  const char *name = yl_analyze_table_name(t);
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", x->o->out_dir, name) >= (int)sizeof path)
    return yl_error_first(x->err, YL_ERR_IO, x->o->out_dir, 0, 0, "%s: path too long", name);
  yl_status st = yl_csv_open(path, x->o->csv_flags, out);
  if (!st) st = yl_csv_header(*out, cols);
  if (st) {
    int e = errno;
    if (*out) yl_csv_abort(*out);
    *out = NULL;
    return table_error(x, st, NULL, path, e);
  }
  return YL_OK;
}

yl_status yl_tables_close(const yl_outctx *x, yl_analyze_table t, yl_csv *c, yl_status st) {
  const char *name = yl_analyze_table_name(t);
  if (!st && x->rows) x->rows[t] = yl_csv_rows(c) - 1;
  if (!st && x->cut) x->cut[t] += yl_csv_cut_cells(c);
  if (st) {
    /* the write failure of this table, not whatever errno another call left */
    int e = c && yl_csv_errno(c) ? yl_csv_errno(c) : errno;
    yl_csv_abort(c);
    return table_error(x, st, x->o->out_dir, name, e);
  }
  st = yl_csv_commit(c);
  return table_error(x, st, x->o->out_dir, name, errno);
}

/* ---- part files --------------------------------------------------------------------- */

static const char *const part_names[] = {"documents", "tfidf", "keywords", "cooccurrence"};
const yl_analyze_table yl_tables_part_table[4] = {YL_TABLE_DOCUMENTS, YL_TABLE_TFIDF,
                                                  YL_TABLE_KEYWORDS, YL_TABLE_COOCCURRENCE};

static int part_path(const yl_analyze_opts *o, unsigned which, unsigned k, char *out, size_t cap) {
  return snprintf(out, cap, "%s/.yl-%s.%u.part", o->out_dir, part_names[which], k) < (int)cap;
}

yl_status yl_tables_open_part(const yl_outctx *x, unsigned which, unsigned k, yl_csv **out) {
  char path[PATH_MAX];
  *out = NULL;
  if (!part_path(x->o, which, k, path, sizeof path)) return YL_ERR_IO;
  yl_status st = yl_csv_open(path, x->o->csv_flags | YL_CSV_NO_BOM, out);
  return table_error(x, st, NULL, path, errno);
}

yl_status yl_tables_close_part(const yl_outctx *x, unsigned which, yl_csv *c, yl_status st,
                               uint64_t *rows, uint64_t *cut) {
  if (!c) return st;
  const char *name = yl_analyze_table_name(yl_tables_part_table[which]);
  *rows += yl_csv_rows(c);
  *cut += yl_csv_cut_cells(c);
  if (st) {
    int e = yl_csv_errno(c);
    yl_csv_abort(c);
    if (e) table_error(x, st, x->o->out_dir, name, e);
    return st;
  }
  st = yl_csv_commit(c);
  return table_error(x, st, x->o->out_dir, name, errno);
}

void yl_tables_remove_part(const yl_analyze_opts *o, unsigned which, unsigned k) {
  char path[PATH_MAX];
  if (part_path(o, which, k, path, sizeof path)) unlink(path);
}

yl_status yl_tables_append_part(const yl_outctx *x, yl_csv *c, unsigned which, unsigned k,
                                uint64_t rows) {
  char pp[PATH_MAX];
  part_path(x->o, which, k, pp, sizeof pp);
  yl_status st = yl_csv_append_file(c, pp, rows);
  table_error(x, st, NULL, pp, errno);
  unlink(pp);
  return st;
}
