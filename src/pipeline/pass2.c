/* Pass 2: the documents read back from the spill files in index order, giving their
 * rows of documents.csv, their doc-level rows of tfidf.csv and keywords.csv, and the
 * co-occurrence counts of their group.
 *
 * The documents are cut into one contiguous range per job (balanced by spill bytes);
 * job 0 writes into the tables themselves, every other job its rows into part files
 * (no BOM, no header) and its co-occurrence into tables of its own. The parts are then
 * appended in range order and the co-occurrence tables merged by summing: the same
 * bytes for any -j. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/date.h"
#include "pipeline/analyze_internal.h"
#include "pipeline/doccount.h"
#include "pipeline/frames.h"
#include "pipeline/tables.h"
#include "yuliao/doccsv.h"

/* ---- the co-occurrence selection ---------------------------------------------------- */

/* A co-occurrence table with the run's context and selection. */
static yl_status new_cooc(const yl_analyze_opts *o, const yl_merged *m, yl_cooc **out) {
  yl_status st = yl_cooc_new(o->context, o->window, out);
  uint32_t none = UINT32_MAX; /* nothing selected: restrict to an id that never occurs */
  if (!st && o->n_focus)
    st = m->nsel ? yl_cooc_focus(*out, m->sel, m->nsel) : yl_cooc_select(*out, &none, 1);
  else if (!st && o->cooc_top)
    st = yl_cooc_select(*out, m->nsel ? m->sel : &none, m->nsel ? m->nsel : 1);
  return st;
}

/* The id of term 'f' (as given on the command line) when it was counted: '*found'. */
static yl_status counted_id(const yl_analyze_opts *o, const yl_merged *m, const char *f,
                            uint32_t *id, int *found) {
  size_t len = strlen(f), klen;
  char *buf = malloc(YL_FILTER_KEY_CAP(len));
  if (!buf) return YL_ERR_NOMEM;
  const char *k;
  yl_filter_reason why = yl_terms_user_key(o->filter, o->aliases, f, buf, &k, &klen);
  *found = (why == YL_FILTER_KEEP || why == YL_FILTER_SHORT || why == YL_FILTER_STOP)
               ? yl_vocab_find(m->v, k, klen, id) == YL_OK
               : yl_vocab_find(m->v, f, len, id) == YL_OK;
  /* Present in the vocabulary is not enough (a surface spelling is interned too):
   * the term must have been counted. */
  free(buf);
  *found = *found && yl_counts_count(m->all, *id);
  return YL_OK;
}

/* The ids of the focus terms that were counted (a missing one named in 'sum'). */
static yl_status focus_ids(const yl_analyze_opts *o, const yl_merged *m, yl_analyze_summary *sum,
                           uint32_t *sel, size_t *nsel) {
  sum->focus_missing_at = calloc(o->n_focus, sizeof *sum->focus_missing_at);
  sum->focus_missing_terms = calloc(o->n_focus, sizeof *sum->focus_missing_terms);
  if (!sum->focus_missing_at || !sum->focus_missing_terms) return YL_ERR_NOMEM;
  for (size_t i = 0; i < o->n_focus; i++) {
    const char *f = o->focus[i];
    uint32_t id;
    int found;
    if (counted_id(o, m, f, &id, &found)) return YL_ERR_NOMEM;
    if (found) {
      sel[(*nsel)++] = id;
    } else {
      char *t = strdup(f);
      if (!t) return YL_ERR_NOMEM;
      sum->focus_missing_at[sum->focus_missing] = i;
      sum->focus_missing_terms[sum->focus_missing++] = t;
    }
  }
  return YL_OK;
}

/* --period: the terms trends.csv follows (the KWIC terms, the focus terms, the frame
 * terms, the corpus' top --trend-top), chosen now, before ALL's frequency rows go
 * (side_tables). */
static yl_status trend_setup(const yl_analyze_opts *o, yl_merged *m) {
  m->trends = (yl_trends)YL_TRENDS_INIT;
  if (o->period < 0) return YL_OK;
  m->ntsel = yl_vocab_size(m->v);
  if (!(m->tsel = calloc(m->ntsel ? m->ntsel : 1, 1))) return YL_ERR_NOMEM;
  size_t top = o->trend_top < m->n_all_rows ? o->trend_top : m->n_all_rows;
  if (!o->trend_top) memset(m->tsel, 1, m->ntsel), top = 0; /* every term */
  for (size_t i = 0; i < top; i++) m->tsel[m->all_rows[i].id] = 1;
  for (size_t k = 0; k < o->n_kwic + o->n_focus; k++) {
    uint32_t id;
    int found;
    const char *t = k < o->n_kwic ? o->kwic[k] : o->focus[k - o->n_kwic];
    if (counted_id(o, m, t, &id, &found)) return YL_ERR_NOMEM;
    if (found) m->tsel[id] = 1;
  }
  for (size_t t = 0; o->frames && t < yl_frames_nterms(o->frames); t++)
    if (m->fterm_id[t] != UINT32_MAX) m->tsel[m->fterm_id[t]] = 1;
  return YL_OK;
}

/* --frames: the frame terms as counted ids, and the way back from an id. */
static yl_status frame_setup(const yl_analyze_opts *o, yl_merged *m) {
  if (!o->frames) return YL_OK;
  size_t nt = yl_frames_nterms(o->frames), nv = yl_vocab_size(m->v);
  m->fterm_id = malloc((nt ? nt : 1) * sizeof *m->fterm_id);
  m->fterm_of = calloc(nv ? nv : 1, sizeof *m->fterm_of);
  if (!m->fterm_id || !m->fterm_of) return YL_ERR_NOMEM;
  for (size_t t = 0; t < nt; t++) {
    int found;
    if (counted_id(o, m, yl_frames_term(o->frames, t), &m->fterm_id[t], &found)) return YL_ERR_NOMEM;
    if (!found) m->fterm_id[t] = UINT32_MAX;
    else m->fterm_of[m->fterm_id[t]] = (uint32_t)t + 1;
  }
  return YL_OK;
}

/* The frames document 'doc' (its 'n' counted tokens 'tok', its 'ns' distinct terms
 * 'ids' with 'counts') is coded with, appended to 'h'. */
static yl_status code_doc(const yl_analyze_opts *o, const yl_merged *m, uint32_t doc,
                          const uint32_t *tok, size_t n, const uint32_t *ids,
                          const uint64_t *counts, size_t ns, yl_frame_hits *h) {
  size_t nt = yl_frames_nterms(o->frames), nf = yl_frames_count(o->frames);
  size_t nn = yl_frames_nnear(o->frames);
  uint64_t stack[64], *cnt = nt + nf <= 32 ? stack : calloc(nt + nf, sizeof *cnt);
  unsigned char cstack[64], *coded = nf + nn <= 64 ? cstack : malloc(nf + nn);
  yl_status st = cnt && coded ? YL_OK : YL_ERR_NOMEM;
  if (!st) {
    memset(cnt, 0, (nt + nf) * sizeof *cnt);
    for (size_t k = 0; k < ns; k++)
      if (m->fterm_of[ids[k]]) cnt[m->fterm_of[ids[k]] - 1] = counts[k];
    unsigned char *near = coded + nf;
    for (size_t i = 0; i < nn; i++) {
      size_t a, b;
      unsigned k;
      yl_frames_near(o->frames, i, &a, &b, &k);
      near[i] = (unsigned char)(cnt[a] && cnt[b] && yl_frames_near_in(tok, n, m->fterm_of, a, b, k));
    }
    yl_frames_code(o->frames, cnt, near, cnt + nt, coded);
  }
  for (size_t i = 0; !st && i < nf; i++) {
    if (!coded[i]) continue;
    if (h->n == h->cap) {
      size_t nc = h->cap ? 2 * h->cap : 256;
      yl_frame_hit *v = realloc(h->v, nc * sizeof *v);
      if (!v) {
        st = YL_ERR_NOMEM;
        break;
      }
      h->v = v, h->cap = nc;
    }
    h->v[h->n++] = (yl_frame_hit){doc, (uint32_t)i, cnt[nt + i]};
  }
  if (cnt != stack) free(cnt);
  if (coded != cstack) free(coded);
  return st;
}

yl_status yl_pass2_cooc_setup(const yl_analyze_opts *o, yl_merged *m, yl_analyze_summary *sum) {
  yl_status tst = frame_setup(o, m); /* first: trends.csv follows the frame terms too */
  if (!tst) tst = trend_setup(o, m);
  if (tst) return tst;
  size_t n = m->ng + 1;
  m->cooc = calloc(n, sizeof *m->cooc);
  if (!m->cooc) return YL_ERR_NOMEM;
  uint32_t *sel = NULL;
  size_t nsel = 0;
  yl_status st = YL_OK;
  if (o->n_focus) {
    sel = calloc(o->n_focus, sizeof *sel);
    if (!sel) return YL_ERR_NOMEM;
    st = focus_ids(o, m, sum, sel, &nsel);
    if (st) {
      free(sel);
      return st;
    }
  } else if (o->cooc_top) {
    size_t nr = m->n_all_rows;
    nsel = nr < o->cooc_top ? nr : o->cooc_top;
    sel = calloc(nsel ? nsel : 1, sizeof *sel);
    if (!sel) return YL_ERR_NOMEM;
    for (size_t i = 0; i < nsel; i++) sel[i] = m->all_rows[i].id;
  }
  m->sel = sel;
  m->nsel = nsel;
  for (size_t g = 0; !st && g < n; g++) st = new_cooc(o, m, &m->cooc[g]);
  return st;
}

/* ---- one range of documents --------------------------------------------------------- */

/* documents.csv: extract's columns (yuliao/doccsv.h), then these. */
static const char *const doc_extra_cols[] = {"group", "tokens", "types", "script",
                                             "traditional_share", "duplicate_of",
                                             "similarity", NULL};
static const char *const tfidf_cols[] = {"level", "unit", "term", "tf", "df", "idf", "tfidf",
                                         "rank", NULL};
static const char *const kw_cols[] = {"level", "unit", "rank", "term", "count", "tfidf", NULL};

static yl_status doc_row(yl_csv *c, const yl_run *r, const yl_merged *m, size_t i) {
  const yl_docent *e = &r->docs[i];
  const yl_doc *d = r->keys[i].doc;
  int ok = d->status == YL_DOC_ANALYSED;
  yl_status st = yl_doccsv_cells(c, (int64_t)i + 1, d, e->n_paras);
  if (ok && r->o->group_by != YL_GROUP_NONE) {
    if (!st) st = yl_csv_str(c, m->names[r->w[e->worker].gmap[e->group]]);
  } else if (!st) {
    st = yl_csv_str(c, ok ? "ALL" : "");
  }
  if (ok) {
    if (!st) st = yl_cell_u64(c, e->tokens);
    if (!st) st = yl_cell_u64(c, e->types);
  } else {
    if (!st) st = yl_csv_str(c, "");
    if (!st) st = yl_csv_str(c, "");
  }
  /* the script its counted paragraphs are written in (yl_script_class) */
  if (ok && r->o->script && e->han) {
    if (!st) st = yl_csv_str(c, yl_script_class(e->han, e->trad));
    if (!st) st = yl_csv_double(c, (double)e->trad / (double)e->han);
  } else {
    if (!st) st = yl_csv_str(c, ok && r->o->script ? "none" : "");
    if (!st) st = yl_csv_str(c, "");
  }
  /* a duplicate: the doc_id of the copy kept, and how similar their sketches are */
  if (r->dup_of[i]) {
    if (!st) st = yl_cell_u64(c, r->dup_of[i]);
    if (!st) st = r->sim[i] >= 0 ? yl_csv_double(c, (double)r->sim[i]) : yl_csv_str(c, "");
  } else {
    if (!st) st = yl_csv_str(c, "");
    if (!st) st = yl_csv_str(c, "");
  }
  if (!st) st = yl_csv_end_row(c);
  return st;
}

void yl_reader_free(yl_reader *rd, unsigned nw) {
  for (unsigned k = 0; rd->sw && k < nw; k++) yl_spill_window_free(&rd->sw[k]);
  free(rd->sw);
  free(rd->ids);
  free(rd->fl);
  memset(rd, 0, sizeof *rd);
}

yl_status yl_pass2_read_doc(const yl_run *r, const yl_outctx *x, yl_reader *rd, size_t i, size_t *n) {
  const yl_docent *e = &r->docs[i];
  const yl_worker *w = &r->w[e->worker];
  if (e->tokens > rd->cap) {
    uint32_t *a = realloc(rd->ids, e->tokens * sizeof *a);
    if (a) rd->ids = a;
    uint8_t *b = a ? realloc(rd->fl, e->tokens) : NULL;
    if (b) rd->fl = b;
    if (!a || !b) return YL_ERR_NOMEM;
    rd->cap = e->tokens;
  }
  const unsigned char *rec;
  yl_status st = yl_spill_read(w->spill.fd, e->off, e->len, &rd->sw[e->worker], &rec);
  if (st == YL_ERR_IO)
    yl_error_first(x->err, st, NULL, 0, errno, "spill file: %s", errno ? strerror(errno) : "short read");
  if (st) return st;
  st = yl_analyze_spill_get(rec, e->len, rd->ids, NULL, rd->fl, rd->cap, n);
  if (!st && *n != e->tokens) st = YL_ERR_PARSE;
  if (!st) st = yl_worker_map_ids(w, rd->ids, NULL, *n);
  if (st) /* the path as documents.csv shows it */
    return yl_error_first(x->err, st, r->keys[i].doc->path, 0, 0, "spill file: corrupt record");
  return YL_OK;
}

/* Documents i0 .. i1 − 1 in index order, co-occurrence into 'cooc'. */
static yl_status pass2_range(const yl_run *r, const yl_merged *m, const yl_outctx *x,
                             yl_csv *docs, yl_csv *tf, yl_csv *kwc, size_t i0, size_t i1,
                             yl_cooc **cooc, yl_trends *tr, yl_frame_hits *fh) {
  const yl_analyze_opts *o = r->o;
  yl_doccount dc; /* by global term ids */
  yl_status st = yl_doccount_init(&dc, yl_vocab_size(m->v));
  /* rows sorted per document: those of tfidf.csv (0 = all), keywords.csv's among them */
  size_t show = o->tfidf_doc_top;
  yl_reader rd = {calloc(r->nw, sizeof *rd.sw), NULL, NULL, 0};
  if (!rd.sw && !st) st = YL_ERR_NOMEM;
  yl_numcache nc;
  memset(&nc, 0, sizeof nc);
  char unit[32];
  for (size_t i = i0; !st && i < i1; i++) {
    const yl_docent *e = &r->docs[i];
    st = doc_row(docs, r, m, i);
    if (st || r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    size_t n = 0, ns = 0;
    st = yl_pass2_read_doc(r, x, &rd, i, &n);
    if (st) break;
    st = yl_doccount_add(&dc, rd.ids, n, &ns);
    yl_tfidf_row *rows = NULL;
    size_t nr = 0;
    if (!st)
      st = yl_tfidf_rows_ids(dc.seen, dc.seen_n, ns, m->v, m->doc_idf, m->doc_idf_v, o->scheme,
                             show, &rows, &nr);
    snprintf(unit, sizeof unit, "%zu", i + 1);
    if (!st)
      st = yl_tables_unit_rows(tf, kwc, m, "doc", unit, rows, nr, o->tfidf_doc_top, o->keywords,
                               m->all, NULL, &nc);
    free(rows);
    size_t g = o->group_by == YL_GROUP_NONE ? 0 : r->w[e->worker].gmap[e->group];
    if (!st) st = yl_cooc_add_doc(cooc[g], rd.ids, rd.fl, n);
    if (!st && o->frames) st = code_doc(o, m, (uint32_t)i, rd.ids, n, dc.seen, dc.seen_n, ns, fh);
    if (!st && o->period >= 0) { /* the document's group (unless there is none) and ALL */
      uint32_t per = yl_date_period(r->keys[i].doc->published_ms, (yl_period)o->period);
      if (o->group_by != YL_GROUP_NONE)
        st = yl_trends_add_doc(tr, (uint32_t)g, per, dc.seen, dc.seen_n, ns, n, m->tsel, m->ntsel);
      if (!st)
        st = yl_trends_add_doc(tr, (uint32_t)m->ng, per, dc.seen, dc.seen_n, ns, n, m->tsel, m->ntsel);
    }
  }
  yl_doccount_free(&dc);
  yl_reader_free(&rd, r->nw);
  yl_numcache_free(&nc);
  return st;
}

/* ---- the jobs ----------------------------------------------------------------------- */

typedef struct p2job {
  yl_run *r;
  yl_merged *m;
  yl_outctx x;
  yl_error err; /* zeroed by calloc: no error */
  size_t i0, i1;
  unsigned k;
  yl_cooc **cooc;   /* own tables (job 0 uses the merged ones) */
  yl_trends trends; /* own counts by period (job 0 uses the merged ones) */
  yl_frame_hits fhits; /* its coded documents (job 0 uses the merged list) */
  yl_csv *c[3];     /* documents, tfidf, keywords: job 0 the tables, the others parts */
  uint64_t rows[3]; /* rows of its parts */
  uint64_t cut[3];  /* cells cut in its parts */
  yl_status st;
} p2job;

static void p2_main(void *arg) {
  p2job *j = arg;
  yl_status st = YL_OK;
  for (unsigned w = 0; j->k && !st && w < 3; w++) st = yl_tables_open_part(&j->x, w, j->k, &j->c[w]);
  if (!st)
    st = pass2_range(j->r, j->m, &j->x, j->c[0], j->c[1], j->c[2], j->i0, j->i1, j->cooc,
                     j->k ? &j->trends : &j->m->trends, j->k ? &j->fhits : &j->m->fhits);
  for (unsigned w = 0; j->k && w < 3; w++) {
    st = yl_tables_close_part(&j->x, w, j->c[w], st, &j->rows[w], &j->cut[w]);
    j->c[w] = NULL;
  }
  j->st = st;
}

/* The jobs' ranges, balanced by spill bytes, and their own co-occurrence tables. */
static yl_status plan_jobs(yl_run *r, yl_merged *m, p2job *jobs, unsigned nj) {
  uint64_t total = 0;
  for (size_t i = 0; i < r->ndocs; i++) total += r->docs[i].len + 64;
  size_t i = 0;
  uint64_t acc = 0;
  yl_status st = YL_OK;
  for (unsigned k = 0; !st && k < nj; k++) {
    p2job *j = &jobs[k];
    j->r = r;
    j->m = m;
    j->x = (yl_outctx){r->o, m, &j->err, NULL, NULL};
    j->k = k;
    j->i0 = i;
    uint64_t target = total / nj * (k + 1);
    while (i < r->ndocs && (k + 1 == nj || acc < target)) acc += r->docs[i++].len + 64;
    j->i1 = i;
    j->trends = (yl_trends)YL_TRENDS_INIT;
    if (k == 0) {
      j->cooc = m->cooc;
      continue;
    }
    j->cooc = calloc(m->ng + 1, sizeof *j->cooc);
    if (!j->cooc) st = YL_ERR_NOMEM;
    for (size_t g = 0; !st && g < m->ng + 1; g++) st = new_cooc(r->o, m, &j->cooc[g]);
  }
  return st;
}

static void remove_parts(const yl_analyze_opts *o, unsigned nparts) {
  for (unsigned which = 0; which < 3; which++)
    for (unsigned k = 0; k <= nparts; k++) yl_tables_remove_part(o, which, k);
}

yl_status yl_pass2_run(yl_run *r, yl_merged *m, const yl_outctx *x, unsigned nj,
                       void (*hook)(void *, yl_status), void *hook_ctx) {
  const yl_analyze_opts *o = r->o;
  p2job *jobs = calloc(nj, sizeof *jobs);
  yl_status st = jobs ? plan_jobs(r, m, jobs, nj) : YL_ERR_NOMEM;
  const char *doc_cols[YL_DOCCSV_NCOLS + sizeof doc_extra_cols / sizeof *doc_extra_cols];
  memcpy(doc_cols, yl_doccsv_columns, YL_DOCCSV_NCOLS * sizeof *doc_cols);
  memcpy(doc_cols + YL_DOCCSV_NCOLS, doc_extra_cols, sizeof doc_extra_cols);
  const char *const *cols[3] = {doc_cols, tfidf_cols, kw_cols};
  yl_csv *c[3] = {NULL, NULL, NULL};
  for (unsigned w = 0; !st && w < 3; w++) st = yl_tables_open(x, yl_tables_part_table[w], cols[w], &c[w]);
  for (unsigned w = 0; !st && w < 3; w++) jobs[0].c[w] = c[w];
  if (!st) yl_pool_each(p2_main, jobs, sizeof *jobs, nj);
  for (unsigned k = 0; !st && k < nj; k++) {
    if (jobs[k].st) {
      st = jobs[k].st;
      yl_error_merge(x->err, &jobs[k].err);
    }
  }
  /* the other jobs' co-occurrence tables into job 0's (the merged ones), each freed at
   * once: the group-level rows below need that memory */
  for (unsigned k = 1; jobs && k < nj; k++) {
    for (size_t g = 0; !st && g < m->ng; g++) st = yl_cooc_merge(m->cooc[g], jobs[k].cooc[g], NULL);
    if (!st) st = yl_trends_merge(&m->trends, &jobs[k].trends);
    yl_trends_free(&jobs[k].trends);
    yl_frame_hits *fh = &jobs[k].fhits; /* the jobs' ranges follow each other */
    if (!st && fh->n && m->fhits.n + fh->n > m->fhits.cap) {
      yl_frame_hit *v = realloc(m->fhits.v, (m->fhits.n + fh->n) * sizeof *v);
      if (!v) st = YL_ERR_NOMEM;
      else m->fhits.v = v, m->fhits.cap = m->fhits.n + fh->n;
    }
    if (!st && fh->n) memcpy(m->fhits.v + m->fhits.n, fh->v, fh->n * sizeof *fh->v), m->fhits.n += fh->n;
    free(fh->v);
    for (size_t g = 0; jobs[k].cooc && g < m->ng + 1; g++) yl_cooc_free(jobs[k].cooc[g]);
    free(jobs[k].cooc);
    jobs[k].cooc = NULL;
  }
  /* The other jobs' rows after job 0's, in order; then the group-level rows. */
  for (unsigned w = 0; !st && w < 3; w++)
    for (unsigned k = 1; !st && k < nj; k++) {
      st = yl_tables_append_part(x, c[w], w, k, jobs[k].rows[w]);
      if (x->cut) x->cut[yl_tables_part_table[w]] += jobs[k].cut[w];
    }
  hook(hook_ctx, st);
  if (!st) st = yl_tables_group_tfidf(x, c[1], c[2], nj);
  for (unsigned w = 0; w < 3; w++) st = yl_tables_close(x, yl_tables_part_table[w], c[w], st);
  free(jobs);
  if (st) remove_parts(o, nj);
  return st;
}
