/* dtm.csv and dtm_vocab.csv (--dtm): the document-term matrix for topic models, every
 * counted term of every counted document (duplicates out), read back from the spill
 * files once pass 2 is done. Documents in doc_id order, a document's terms in byte
 * order (as dtm_vocab.csv lists them), so the bytes do not depend on -j. */
#include <stdlib.h>
#include <string.h>

#include "pipeline/doccount.h"
#include "pipeline/engine.h"
#include "pipeline/tables.h"
#include "stats/simvec.h"

typedef struct dterm {
  uint32_t pos, id; /* place in byte order, id */
  uint64_t n;
} dterm;

static int dterm_cmp(const void *pa, const void *pb) {
  const dterm *a = pa, *b = pb;
  return (a->pos > b->pos) - (a->pos < b->pos);
}

static yl_status vocab_table(const yl_outctx *x, const uint32_t *pos) {
  static const char *const cols[] = {"term", "count", "doc_freq", NULL};
  const yl_merged *m = x->m;
  size_t nv = yl_vocab_size(m->v);
  uint32_t *by_pos = malloc((nv ? nv : 1) * sizeof *by_pos);
  if (!by_pos) return YL_ERR_NOMEM;
  for (size_t id = 0; id < nv; id++) by_pos[pos[id]] = (uint32_t)id;
  yl_csv *c = NULL;
  yl_status st = yl_tables_open(x, YL_TABLE_DTM_VOCAB, cols, &c);
  for (size_t k = 0; !st && k < nv; k++) {
    uint32_t id = by_pos[k];
    uint64_t cnt = yl_counts_count(m->all, id);
    if (!cnt) continue; /* a surface spelling, or a word never counted */
    st = yl_cell_term(c, m, id);
    if (!st) st = yl_cell_u64(c, cnt);
    if (!st) st = yl_cell_u64(c, yl_counts_df(m->all, id));
    if (!st) st = yl_csv_end_row(c);
  }
  free(by_pos);
  return c ? yl_tables_close(x, YL_TABLE_DTM_VOCAB, c, st) : st;
}

yl_status yl_tables_dtm(const yl_outctx *x, const yl_run *r) {
  static const char *const cols[] = {"doc_id", "term", "count", NULL};
  const yl_merged *m = x->m;
  uint32_t *own = NULL;
  const uint32_t *pos = m->simpos;
  yl_status st = pos ? YL_OK : yl_simvec_order(m->v, &own);
  if (!pos) pos = own;
  yl_doccount dc;
  memset(&dc, 0, sizeof dc);
  if (!st) st = yl_doccount_init(&dc, yl_vocab_size(m->v));
  yl_reader rd = {calloc(r->nw, sizeof *rd.sw), NULL, NULL, 0};
  if (!st && !rd.sw) st = YL_ERR_NOMEM;
  dterm *t = NULL;
  size_t tcap = 0;
  yl_csv *c = NULL;
  if (!st) st = yl_tables_open(x, YL_TABLE_DTM, cols, &c);
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    if (r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    size_t n = 0, ns = 0;
    st = yl_pass2_read_doc(r, x, &rd, i, &n);
    if (!st) st = yl_doccount_add(&dc, rd.ids, n, &ns);
    if (!st && ns > tcap) {
      dterm *p = realloc(t, ns * sizeof *p);
      if (!p) st = YL_ERR_NOMEM;
      else t = p, tcap = ns;
    }
    for (size_t k = 0; !st && k < ns; k++) t[k] = (dterm){pos[dc.seen[k]], dc.seen[k], dc.seen_n[k]};
    if (!st && ns) qsort(t, ns, sizeof *t, dterm_cmp);
    for (size_t k = 0; !st && k < ns; k++) {
      st = yl_cell_u64(c, (uint64_t)i + 1);
      if (!st) st = yl_cell_term(c, m, t[k].id);
      if (!st) st = yl_cell_u64(c, t[k].n);
      if (!st) st = yl_csv_end_row(c);
    }
  }
  if (c) st = yl_tables_close(x, YL_TABLE_DTM, c, st);
  if (!st) st = vocab_table(x, pos);
  free(t);
  yl_reader_free(&rd, r->nw);
  yl_doccount_free(&dc);
  free(own);
  return st;
}
