/* Writing analyze's tables (internal): opening and committing them, the part files
 * that threads write and that are appended to a table in a fixed order, the cells, and
 * the writers of the tables other than pass 2's rows. */
#ifndef YL_PIPELINE_TABLES_H
#define YL_PIPELINE_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "pipeline/engine.h"
#include "yuliao/csv.h"

/* ---- tables.c: files and cells ---- */

/* Opens table 't' in the output folder and writes its header 'cols'. */
yl_status yl_tables_open(const yl_outctx *x, yl_analyze_table t, const char *const *cols,
                         yl_csv **out);
/* Commits table 't' (its row count into x->rows), or aborts it when 'st' is an error;
 * returns the first error. */
yl_status yl_tables_close(const yl_outctx *x, yl_analyze_table t, yl_csv *c, yl_status st);

/* Part files: 'which' is 0 documents, 1 tfidf, 2 keywords, 3 cooccurrence; 'k' the
 * writer's number. A part has no BOM and no header. */
extern const yl_analyze_table yl_tables_part_table[4];
yl_status yl_tables_open_part(const yl_outctx *x, unsigned which, unsigned k, yl_csv **out);
/* Commits a part written by another thread (its rows added to '*rows', its cut cells
 * to '*cut'); its write failure is reported in that thread (errno is per thread) under
 * the table's name. */
yl_status yl_tables_close_part(const yl_outctx *x, unsigned which, yl_csv *c, yl_status st,
                               uint64_t *rows, uint64_t *cut);
/* Appends part 'k' of table 'which' (its 'rows' rows) to 'c' and removes the part. */
yl_status yl_tables_append_part(const yl_outctx *x, yl_csv *c, unsigned which, unsigned k,
                                uint64_t rows);
void yl_tables_remove_part(const yl_analyze_opts *o, unsigned which, unsigned k);

/* Cells, inline: the row loops write millions of them. */

/* A term cell: the shown form of term 'id'. */
static inline yl_status yl_cell_term(yl_csv *c, const yl_merged *m, uint32_t id) {
  size_t len;
  const char *s = yl_vocab_term(m->v, m->forms[id], &len);
  return yl_csv_text(c, s, len);
}

static inline yl_status yl_cell_u64(yl_csv *c, uint64_t v) {
  return yl_csv_int(c, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* A number cell (yl_csv_double writes whole values as integers cheaply). */
static inline yl_status yl_cell_num(yl_csv *c, double v) { return yl_csv_double(c, v); }

/* A number 'v' already formatted by yl_format_double as 's' ('n' bytes). */
static inline yl_status yl_cell_fmt(yl_csv *c, const char *s, size_t n, double v) {
  return yl_csv_double_fmt(c, v, s, n);
}

/* Group 'g' by name, or "ALL" for g == m->ng. */
static inline const char *yl_group_label(const yl_merged *m, size_t g) {
  return g == m->ng ? "ALL" : m->names[g];
}

/* ---- tables_tfidf.c: rows of tfidf.csv and keywords.csv ---- */

/* Formatted numbers reused across rows: a batch IDF depends on the term's df alone
 * (cache by df, a few thousand values where an array by term id would take 33 bytes
 * a term), and a row's weight appears in tfidf.csv and keywords.csv. Zero it before
 * use. */
typedef struct yl_numcache {
  char (*idf)[32]; /* idf[df] formatted; "" = not yet */
  uint8_t *idf_len;
  size_t n;
  char (*w)[32]; /* weights of the current unit */
  uint8_t *w_len;
  uint64_t *rank;
  double *wv;
  size_t cap;
} yl_numcache;

void yl_numcache_free(yl_numcache *k);

/* Writes the first 'top' (0 = all) rows of a unit to tfidf.csv and the first 'kw' of
 * those (0 = all of them) to keywords.csv. The df column (documents or groups containing the term) comes from
 * 'dfc' or, when it is NULL, from 'dfv' by term id; it is the df the rows' IDF was
 * computed from. */
yl_status yl_tables_unit_rows(yl_csv *tf, yl_csv *kwc, const yl_merged *m, const char *level,
                              const char *unit, const yl_tfidf_row *rows, size_t n, size_t top,
                              size_t kw, const yl_counts *dfc, const uint64_t *dfv,
                              yl_numcache *k);
/* The group-level rows (kept in m->grows for similarity.csv). */
/* 'nj' groups at a time in threads; m->simpos (similarity's term order) is made
 * before, beside pass 2. */
yl_status yl_tables_group_tfidf(const yl_outctx *x, yl_csv *tf, yl_csv *kwc, unsigned nj);

/* ---- the other tables ---- */

yl_status yl_tables_frequency(const yl_outctx *x);      /* tables_freq.c */
yl_status yl_tables_frequency_wide(const yl_outctx *x); /* tables_freq.c */
yl_status yl_tables_keyness(const yl_outctx *x, yl_analyze_summary *sum); /* tables_groups.c */
yl_status yl_tables_similarity(const yl_outctx *x, unsigned nj); /* tables_groups.c */
/* cooccurrence.csv, in two threads when 'nj' > 1 (tables_cooc.c). */
yl_status yl_tables_cooc(const yl_outctx *x, unsigned nj);

/* network_nodes.csv and network_edges.csv from cooccurrence.csv as written (after it;
 * tables_cooc.c, src/report/network.h). */
yl_status yl_tables_network(const yl_outctx *x);

/* ---- tables_kwic.c ---- */

/* kwic.csv from the workers' hits (before the documents' metadata goes); the hits and
 * the rows left out past --kwic-max into 'sum'. */
yl_status yl_tables_kwic(const yl_outctx *x, const yl_run *r, yl_analyze_summary *sum);

/* ---- tables_trends.c ---- */

/* periods.csv and trends.csv from m->trends (with --period; nothing otherwise). */
yl_status yl_tables_trends(const yl_outctx *x);

/* ---- tables_dtm.c ---- */

/* dtm.csv and dtm_vocab.csv (with --dtm), while the documents and ALL's table are there. */
yl_status yl_tables_dtm(const yl_outctx *x, const yl_run *r);

/* ---- tables_frames.c ---- */

/* frames.csv, frames_test.csv and frames_docs.csv (with --frames), while the documents
 * are there. */
yl_status yl_tables_frames(const yl_outctx *x, const yl_run *r);

/* ---- tables_colloc.c ---- */

/* collocations.csv (with --collocations), from the spill files, while the documents
 * are there; 'nw' units (groups, ALL) at a time. */
yl_status yl_tables_colloc(const yl_outctx *x, const yl_run *r);

#endif
