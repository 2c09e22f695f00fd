/* Analyze engine: files → filtered token counts per group → every CSV table of
 * `yuliao analyze` (see include/yuliao/analyze.h for the two-pass design and
 * engine.h for the phases). This file: options, the summary, and the run's wiring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "pipeline/engine.h"
#include "pipeline/shard.h"
#include "base/names.h"
#include "pipeline/tables.h"
#include "stats/simvec.h"

/* ---- options ------------------------------------------------------------------- */

void yl_analyze_opts_init(yl_analyze_opts *o) {
  memset(o, 0, sizeof *o);
  o->group_by = YL_GROUP_OUTLET;
  o->kinds = YL_ANALYZE_KINDS_ALL;
  o->near_duplicates = 0.7;
  o->outlet_stops = 1;
  o->scheme = YL_TFIDF_SKLEARN;
  o->tfidf_doc_top = 10;
  o->keywords = 10;
  o->wide_top = 500;
  o->context = YL_COOC_WINDOW;
  o->window = 5;
  o->cooc_top = 200;
  o->cooc_min_count = 2;
  o->alpha = 0.05;
  o->keyness_min_count = 5;
  o->keyness_top = 100;
  o->keyness_correction = YL_G2_NONE;
  o->frequency_top = 20000;
  o->tfidf_group_top = 5000;
  o->sim_top = 50;
  o->kwic_width = 30;
  o->kwic_max = 1000;
  o->period = -1;
  o->trend_top = 100;
  o->colloc_min_count = 2;
  o->colloc_top = 1000;
  o->network_top = 60;
}

/* In yl_analyze_group_by order. */
static const char *const group_by_names[] = {"outlet", "folder", "none"};
#define NGROUP_BY (sizeof group_by_names / sizeof *group_by_names)

yl_status yl_analyze_group_by_parse(const char *name, yl_analyze_group_by *out) {
  int i = yl_name_index(group_by_names, NGROUP_BY, name);
  if (i < 0) return YL_ERR_INVALID;
  *out = (yl_analyze_group_by)i;
  return YL_OK;
}

const char *yl_analyze_group_by_name(yl_analyze_group_by g) {
  return yl_name_of(group_by_names, NGROUP_BY, (unsigned)g);
}

void yl_analyze_summary_clear(yl_analyze_summary *s) {
  for (size_t i = 0; i < s->n_reasons; i++) free(s->reasons[i].reason);
  free(s->reasons);
  for (size_t i = 0; i < s->n_groups; i++) free(s->groups[i].name);
  free(s->groups);
  for (size_t i = 0; s->focus_missing_terms && i < s->focus_missing; i++)
    free(s->focus_missing_terms[i]);
  free(s->focus_missing_terms);
  free(s->focus_missing_at);
  memset(s, 0, sizeof *s);
}

/* ---- summary --------------------------------------------------------------------- */

static int reason_cmp(const void *a, const void *b) {
  return strcmp(((const yl_analyze_reason *)a)->reason, ((const yl_analyze_reason *)b)->reason);
}

static yl_status fill_summary(const yl_run *r, const yl_merged *m, yl_analyze_summary *s) {
  s->files = r->ndocs;
  for (size_t i = 0; i < r->ndocs; i++) {
    const yl_doc *d = r->keys[i].doc;
    if (d->status == YL_DOC_ANALYSED) {
      s->analysed++;
      continue;
    }
    if (d->status == YL_DOC_DUPLICATE) {
      s->duplicates++;
      continue;
    }
    s->skipped++;
    /* the reason without the file's details: one key per reason, not one per file */
    const char *why = d->skip_reason ? d->skip_reason : d->note;
    size_t k = 0;
    while (k < s->n_reasons && strcmp(s->reasons[k].reason, why)) k++;
    if (k == s->n_reasons) {
      yl_analyze_reason *p = realloc(s->reasons, (k + 1) * sizeof *p);
      if (!p) return YL_ERR_NOMEM;
      s->reasons = p;
      p[k].reason = strdup(why);
      if (!p[k].reason) return YL_ERR_NOMEM;
      p[k].n = 0;
      s->n_reasons++;
    }
    s->reasons[k].n++;
  }
  if (s->n_reasons) qsort(s->reasons, s->n_reasons, sizeof *s->reasons, reason_cmp);
  for (unsigned k = 0; k < r->nw; k++) {
    const yl_worker *w = &r->w[k];
    s->bytes += w->bytes;
    s->tokens_seen += w->seen;
    for (int j = 0; j < YL_FILTER_NREASONS; j++) s->dropped[j] += w->dropped[j];
  }
  s->threads = r->nt;
  if (!m->all) { /* a shard written: nothing is counted yet */
    for (size_t i = 0; i < r->ndocs; i++)
      if (r->keys[i].doc->status == YL_DOC_ANALYSED) s->tokens += r->docs[i].tokens;
    s->types = yl_vocab_size(m->v);
    return YL_OK;
  }
  s->tokens = yl_counts_tokens(m->all);
  s->types = yl_counts_nterms(m->all);
  if (r->o->group_by != YL_GROUP_NONE && m->ng) {
    s->groups = calloc(m->ng, sizeof *s->groups);
    if (!s->groups) return YL_ERR_NOMEM;
    for (size_t g = 0; g < m->ng; g++) {
      s->groups[g].name = strdup(m->names[g]);
      if (!s->groups[g].name) return YL_ERR_NOMEM;
      s->n_groups = g + 1;
      s->groups[g].docs = yl_counts_ndocs(m->g[g]);
      s->groups[g].tokens = yl_counts_tokens(m->g[g]);
      s->groups[g].types = yl_counts_nterms(m->g[g]);
    }
  }
  return YL_OK;
}

/* ---- the run ----------------------------------------------------------------------- */

/* The tables that need nothing from pass 2 (frequency, frequency_wide, keyness) are
 * written by a task of their own while pass 2 runs, when more than one worker is
 * allowed: these tables were a third of a run's time. Both only read the merged
 * state; each table is its own file. */
typedef struct side {
  yl_outctx x;
  yl_analyze_summary *sum;
  yl_error err;
  yl_status st;
} side;

static void side_tables(void *arg) {
  side *sd = arg;
  yl_status st = yl_tables_frequency(&sd->x);
  if (!st) st = yl_tables_frequency_wide(&sd->x);
  /* ALL's frequency rows have served their last table (the co-occurrence selection
   * was made before pass 2): their memory goes before keyness needs its own. */
  free(sd->x.m->all_rows);
  sd->x.m->all_rows = NULL;
  sd->x.m->n_all_rows = 0;
  if (!st) st = yl_tables_keyness(&sd->x, sd->sum);
  /* similarity.csv compares groups by vectors ranked in term-byte order: sorting the
   * vocabulary for it (a second or so at 500 k terms) fits here, beside pass 2 */
  yl_merged *m = sd->x.m;
  if (!st && sd->x.o->group_by != YL_GROUP_NONE && m->ng > 1)
    st = yl_simvec_order(m->v, &m->simpos);
  sd->st = st;
}

/* Each document's remark, in document order, to the caller's callback. */
static void notes(const yl_run *r) {
  for (size_t i = 0; r->o->note && i < r->ndocs; i++) {
    const yl_doc *d = r->keys[i].doc;
    if (d->note && *d->note) r->o->note(r->o->cb_ctx, d->path, d->note);
  }
}

/* The process's peak resident set so far, in MB (ru_maxrss is in kB on Linux). */
static double peak_mb(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The side tables, run beside pass 2's documents when a second worker is allowed and
 * joined before the group rows (the hook of yl_pass2_run); then nothing reads the
 * corpus table ALL or the document-level IDF any more, so they go before the group
 * rows and similarity.csv need their memory. */
typedef struct side_run {
  side sd;
  yl_task task;
  int beside, joined;
  const yl_run *r;
  yl_status dtm; /* --dtm's tables, written here while ALL's table is still there */
} side_run;

static void side_join(void *arg, yl_status pass2) {
  side_run *s = arg;
  if (s->joined) return;
  s->joined = 1;
  if (s->beside) yl_task_join(&s->task);
  else if (!pass2) side_tables(&s->sd);
  if (!pass2 && !s->sd.st && s->r->o->dtm) s->dtm = yl_tables_dtm(&s->sd.x, s->r);
  yl_merged *m = s->sd.x.m;
  yl_counts_free(m->all);
  m->all = NULL;
  yl_idf_free(m->own_doc_idf);
  m->own_doc_idf = NULL;
  m->doc_idf = NULL;
  free(m->doc_idf_v);
  m->doc_idf_v = NULL;
  yl_mem_release();
}

/* Every table after the merge: pass 2 with the side tables beside it, then similarity
 * and co-occurrence. */
static yl_status write_tables(yl_run *r, yl_merged *m, const yl_outctx *x,
                              yl_analyze_summary *sum, double *t_pass2) {
  /* t_pass2[0]: when pass 2 ended; t_pass2[1]: the peak memory then */
  side_run sr;
  memset(&sr, 0, sizeof sr);
  sr.sd.x = (yl_outctx){r->o, m, &sr.sd.err, sum->rows, sum->cut};
  sr.sd.sum = sum;
  sr.r = r;
  sr.beside = r->nt > 1 && yl_task_start(&sr.task, side_tables, &sr.sd);
  yl_status st = yl_pass2_run(r, m, x, r->nt, side_join, &sr);
  t_pass2[0] = mono();
  t_pass2[1] = peak_mb();
  side_join(&sr, st); /* when pass 2 failed before its hook */
  if (!st && sr.sd.st) {
    st = sr.sd.st;
    yl_error_merge(x->err, &sr.sd.err);
  }
  if (!st && sr.dtm) {
    st = sr.dtm;
    yl_error_merge(x->err, &sr.sd.err);
  }
  if (!st && r->o->n_kwic) st = yl_tables_kwic(x, r, sum);
  if (!st) st = yl_tables_frames(x, r);
  if (!st && r->o->collocations) st = yl_tables_colloc(x, r);
  /* documents.csv is written and the summary made: the documents' metadata (a few
   * hundred bytes each) goes before the last tables need their memory */
  for (size_t i = 0; i < r->ndocs; i++) {
    yl_doc_free(r->keys[i].doc);
    r->keys[i].doc = NULL;
  }
  yl_mem_release(); /* and pass 2's buffers, freed in the jobs' arenas */
  if (!st) st = yl_tables_similarity(x, r->nt);
  if (!st) st = yl_tables_cooc(x, r->nt);
  if (!st) st = yl_tables_trends(x);
  if (!st) st = yl_tables_network(x);
  return st;
}

static void run_free(yl_run *r) {
  for (size_t i = 0; i < r->ndocs && r->keys; i++) yl_doc_free(r->keys[i].doc);
  free(r->keys);
  free(r->docs);
  free(r->body_len);
  free(r->known);
  free(r->dup_of);
  free(r->sim);
  free(r->sig);
  free(r->has);
  for (unsigned k = 0; r->w && k < r->nw; k++) yl_worker_free(&r->w[k]);
  free(r->w);
  free(r->owner);
  yl_outlet_stops_free(&r->os);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
}

yl_status yl_analyze_run(const yl_analyze_opts *o, yl_analyze_summary *sum, yl_error *err) {
  memset(sum, 0, sizeof *sum);
  double t[5];
  t[0] = mono();
  yl_error_clear(err);
  if (!o || !o->ingest || !o->files || !o->dict || !o->filter || !o->out_dir ||
      (o->context == YL_COOC_WINDOW && o->window < 1))
    return yl_error_cause(err, YL_ERR_INVALID, NULL, 0, 0, NULL);
  yl_run r;
  memset(&r, 0, sizeof r);
  r.o = o;
  r.ndocs = o->files->n;
  atomic_init(&r.next, 0);
  atomic_init(&r.done, 0);
  atomic_init(&r.bytes, 0);
  atomic_init(&r.stop, 0);
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.cv, NULL);
  yl_status ost = yl_outlet_stops_init(&r.os, o->ingest, o->script_keep ? NULL : o->script);
  const yl_shard_job *sj = o->shard;
  r.nt = yl_pool_workers(o->threads, r.ndocs);
  r.nw = sj && sj->in ? (unsigned)sj->in->n : r.nt;
  r.keys = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.keys);
  r.docs = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.docs);
  r.body_len = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.body_len);
  r.known = calloc(r.ndocs ? r.ndocs : 1, 1);
  r.dup_of = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.dup_of);
  r.sim = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.sim);
  int near = o->near_duplicates > 0 && o->near_duplicates <= 1;
  if (near) {
    r.sig = malloc((r.ndocs ? r.ndocs : 1) * YL_SKETCH_BINS * sizeof *r.sig);
    r.has = calloc(r.ndocs ? r.ndocs : 1, 1);
  }
  r.w = calloc(r.nw, sizeof *r.w);
  for (unsigned k = 0; r.w && k < r.nw; k++) r.w[k].spill = (yl_spill)YL_SPILL_INIT;
  yl_merged m;
  memset(&m, 0, sizeof m);
  yl_outctx x = {o, &m, err, sum->rows, sum->cut};
  yl_status st = r.keys && r.docs && r.w && r.body_len && r.known && r.dup_of && r.sim &&
                          (!near || (r.sig && r.has))
                      ? ost
                      : YL_ERR_NOMEM;
  if (!st) st = sj && sj->in ? yl_shard_fill(sj->in, &r, err) : yl_pass1_run(&r, err);
  if (!st) st = yl_merge_vocab(&r, &m);
  if (sj && sj->out) { /* count, or merge --shard-out: the run as one shard */
    if (!st) st = yl_shard_write(&r, &m, sj->out, sj->settings, sj->settings_len, sj->fingerprint, err);
    if (!st) notes(&r);
    if (!st) st = fill_summary(&r, &m, sum);
    sum->seconds[0] = mono() - t[0];
    sum->peak_mb[0] = sum->peak_mb[3] = peak_mb();
    if (st) yl_error_first(err, st, NULL, 0, 0, "%s: %s", sj->in ? "merge" : "count", yl_strerror(st));
    yl_merged_free(&m);
    run_free(&r);
    if (st) yl_analyze_summary_clear(sum);
    return st;
  }
  /* The workers' vocabularies and group names are in the merged ones now. */
  for (unsigned k = 0; !st && k < r.nw; k++) yl_worker_free_pass1(&r.w[k]);
  yl_mem_release();
  if (!st) st = yl_pass1_count(&r, &m, err);
  t[1] = mono();
  sum->peak_mb[0] = peak_mb();
  if (!st) notes(&r);
  if (!st) st = yl_merge_totals(o, &m);
  if (!st && !o->kwic_fn) st = yl_merge_idf(o, &m);
  if (!st && !o->kwic_fn) st = yl_pass2_cooc_setup(o, &m, sum);
  t[2] = mono();
  sum->peak_mb[1] = peak_mb();
  double t3[2] = {t[2], sum->peak_mb[1]};
  if (!st) st = fill_summary(&r, &m, sum);
  if (!st && o->kwic_fn) st = yl_tables_kwic(&x, &r, sum); /* the concordance only */
  else if (!st) st = write_tables(&r, &m, &x, sum, t3);
  t[3] = t3[0];
  sum->peak_mb[2] = t3[1];
  t[4] = mono();
  sum->peak_mb[3] = peak_mb();
  for (int i = 0; i < 4; i++) sum->seconds[i] = t[i + 1] - t[i];
  for (int i = 0; i < YL_ANALYZE_NTABLES; i++)
    sum->written[i] = !o->kwic_fn && (i != YL_TABLE_KWIC || o->n_kwic) &&
                      ((i != YL_TABLE_PERIODS && i != YL_TABLE_TRENDS) || o->period >= 0) &&
                      ((i != YL_TABLE_DTM && i != YL_TABLE_DTM_VOCAB) || o->dtm) &&
                      ((i != YL_TABLE_FRAMES && i != YL_TABLE_FRAMES_TEST &&
                        i != YL_TABLE_FRAMES_DOCS) || o->frames) &&
                      (i != YL_TABLE_COLLOCATIONS || o->collocations);
  if (st) yl_error_first(err, st, NULL, 0, 0, "analyze: %s", yl_strerror(st));
  yl_merged_free(&m);
  run_free(&r);
  if (st) yl_analyze_summary_clear(sum);
  return st;
}
