/* Pass 1: workers take the files in turn, read, segment and filter them and spill the
 * kept tokens; then duplicates are marked in index order and each worker counts its
 * own documents into its group tables (pass 1b). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "ingest/doc.h"
#include "pipeline/analyze_internal.h"
#include "pipeline/doccount.h"
#include "pipeline/engine.h"
#include "pipeline/shard.h"
#include "segment/refs.h"

const char *yl_analyze_folder_name(const char *path, size_t *len) {
  const char *end = strrchr(path, '/');
  while (end && end > path && end[-1] == '/') end--; /* "a//b" */
  if (!end || end == path) {
    *len = 1;
    return end == path ? "/" : ".";
  }
  const char *start = end;
  while (start > path && start[-1] != '/') start--;
  *len = (size_t)(end - start);
  return start;
}

static yl_status local_group(yl_worker *w, const char *name, size_t len, uint32_t *out) {
  for (size_t i = w->ng; i-- > 0;)
    if (strlen(w->g[i].name) == len && !memcmp(w->g[i].name, name, len)) {
      *out = (uint32_t)i;
      return YL_OK;
    }
  if (w->ng == w->capg) {
    size_t nc = w->capg ? 2 * w->capg : 8;
    yl_wgroup *p = realloc(w->g, nc * sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    w->g = p;
    w->capg = nc;
  }
  yl_wgroup g = {strndup(name, len)};
  if (!g.name) return YL_ERR_NOMEM;
  w->g[w->ng] = g;
  *out = (uint32_t)w->ng++;
  return YL_OK;
}

/* The kept tokens of 'text_len' bytes of paragraph text appended to the worker's buffer
 * from index '*n'. */
static yl_status text_tokens(yl_worker *w, const char *text, size_t text_len,
                             const yl_filter_stops *stops, const yl_kwic_para *kp, size_t *n) {
  yl_run *r = w->r;
  const yl_token *t;
  size_t nt;
  yl_status st = yl_segment(w->seg, text, text_len, r->o->no_hmm ? YL_SEG_NO_HMM : 0, &t, &nt);
  if (st) return st;
  const uint32_t *refs = yl_segment_refs(w->seg);
  uint32_t nref = yl_segment_nrefs(w->seg);
  if (nt > w->spcap) {
    size_t nc = nt > 2 * w->spcap ? nt : 2 * w->spcap;
    yl_spelling *p = realloc(w->sp, nc * sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    w->sp = p;
    w->spcap = nc;
  }
  /* First every token's key and a prefetch of where it will be looked up, then the
   * lookups: the misses of a paragraph's rare words overlap. */
  for (size_t k = 0; k < nt; k++) {
    if (refs[k] >= w->terms.nref) yl_spelling_init(&w->sp[k], &w->terms, text + t[k].off, t[k].len);
    yl_terms_prefetch(&w->terms, refs[k], &w->sp[k]);
  }
  uint8_t pending = YL_COOC_PARA_START | YL_COOC_SENT_START;
  yl_colloc_shape *cs = r->o->collocations ? &w->shape : NULL;
  for (size_t k = 0; k < nt; k++) {
    const char *s = text + t[k].off;
    size_t len = t[k].len;
    w->seen++;
    if (t[k].kind == YL_TOK_OTHER && yl_analyze_sentence_end(s, len)) {
      pending |= YL_COOC_SENT_START;
      w->dropped[YL_FILTER_PUNCT]++;
      if (cs) yl_colloc_shape_break(cs, w->tok.fl);
      continue;
    }
    yl_term_hit h;
    st = yl_terms_token_ref(&w->terms, stops, s, len, refs[k], nref,
                            refs[k] >= w->terms.nref ? &w->sp[k] : NULL, &h);
    if (st) return st;
    w->dropped[h.why]++;
    if (h.why != YL_FILTER_KEEP) {
      /* a collocation stops at punctuation; a left-out word is a pad (colloc.h) */
      if (cs && h.why == YL_FILTER_PUNCT) yl_colloc_shape_break(cs, w->tok.fl);
      else if (cs && h.why != YL_FILTER_SPACE) yl_colloc_shape_pad(cs);
      continue;
    }
    if (*n == w->tok.cap && (st = yl_tokbuf_reserve(&w->tok, *n + 1))) return st;
    w->tok.ids[*n] = h.kid;
    w->tok.forms[*n] = h.sid;
    w->tok.fl[*n] = pending;
    if (cs) yl_colloc_shape_keep(cs, w->tok.fl, *n);
    ++*n;
    pending = 0;
    for (size_t j = 0; kp && j < r->o->n_kwic; j++)
      if (w->kwic_kid[j] == h.kid &&
          (st = yl_kwic_add(&w->kwic, kp, t[k].off, len, (uint32_t)j, r->o->kwic_width)))
        return st;
  }
  if (cs) yl_colloc_shape_break(cs, w->tok.fl); /* nor does one span paragraphs */
  return YL_OK;
}

/* 'text' without a house label of its outlet (记者：, 问：) at its start, nor the
 * spaces after it: an interviewer's label is the outlet's, not the speaker's words. */
static void drop_label(const yl_outlet_stop_set *os, const char **text, size_t *len) {
  for (size_t k = 0; os && k < os->n_labels; k++) {
    size_t ll = strlen(os->labels[k]);
    if (ll <= *len && !memcmp(*text, os->labels[k], ll)) {
      *text += ll;
      *len -= ll;
      while (*len && **text == ' ') ++*text, --*len;
      return;
    }
  }
}

/* The body's identity as counted, so that a copy in the other script is the same
 * text: the paragraphs' hash, chained (yuliao/dedupe.h), and its sketch. */
typedef struct body_key {
  uint64_t h;
  int any;
  yl_sketch sk;
} body_key;

/* Pass 1 for document 'i': read, segment, filter, spill. */
static yl_status process(yl_worker *w, size_t i) {
  yl_run *r = w->r;
  const yl_analyze_opts *o = r->o;
  yl_docent *e = &r->docs[i];
  const yl_ingest_entry *en = &o->files->v[i];
  yl_doc *d = NULL;
  yl_status st = en->skip ? yl_ingest_skipped(en->path, en->skip, &d)
                          : yl_ingest_file(o->ingest, en->path, &d);
  if (st) return st;
  r->keys[i].doc = d;
  e->n_paras = d->n_paras;
  e->worker = w->idx;
  if (d->status == YL_DOC_SKIPPED) {
    yl_doc_drop_paras(d);
    return YL_OK;
  }
  const char *gname = "";
  size_t glen = 0;
  if (o->group_by == YL_GROUP_OUTLET) gname = d->outlet, glen = strlen(d->outlet);
  else if (o->group_by == YL_GROUP_FOLDER) gname = yl_analyze_folder_name(d->path, &glen);
  char *shown = NULL; /* a folder name is shown escaped, as the path is */
  if (glen && yl_escape_needed(gname, glen)) {
    if (!(shown = malloc(YL_ESCAPE_CAP(glen)))) return YL_ERR_NOMEM;
    glen = yl_escape_name(gname, glen, shown, YL_ESCAPE_CAP(glen));
    gname = shown;
  }
  /* ALL labels the whole corpus in every table: a group of that name (a folder ALL,
   * an outlet id ALL) would merge with it, so it is shown under another name */
  if (o->group_by != YL_GROUP_NONE && glen == 3 && !memcmp(gname, "ALL", 3)) {
    gname = o->group_by == YL_GROUP_FOLDER ? "ALL (folder)" : "ALL (outlet)";
    glen = strlen(gname);
    st = yl_doc_note(d, "its group ALL is shown as '%s': ALL is the whole corpus", gname);
  }
  if (!st) st = local_group(w, gname, glen, &e->group);
  free(shown);
  const yl_outlet_stop_set *stops = NULL;
  if (!st && o->outlet_stops) st = yl_outlet_stops_get(&r->os, d->outlet, &stops);
  size_t n = 0;
  body_key bk = {0, 0, {{0}, 0}};
  if (r->sig) yl_sketch_init(&bk.sk);
  for (size_t p = 0; !st && p < d->n_paras; p++) {
    const yl_para *pa = &d->paras[p];
    int counted = (o->kinds >> pa->kind) & 1, body = pa->kind == YL_PARA_BODY && pa->len;
    if (!counted && !body) continue;
    size_t han, trad, len;
    const char *t;
    char *conv;
    st = yl_doc_para_text(d, p, o->script, o->script_keep, &han, &trad, &t, &len, &conv);
    if (!st && body) {
      bk.h = yl_body_hash_add(bk.h, t, len);
      bk.any = 1;
      r->body_len[i] += len;
      if (r->sig) yl_sketch_add(&bk.sk, t, len);
    }
    if (!st && counted) {
      w->bytes += pa->len;
      atomic_fetch_add_explicit(&r->bytes, pa->len, memory_order_relaxed);
      e->han += han;
      e->trad += trad;
      const char *base = t;
      size_t base_len = len;
      drop_label(stops, &t, &len);
      yl_kwic_para kp;
      if (o->n_kwic)
        yl_kwic_para_init(&kp, pa->text, pa->len, base, base_len, (size_t)(t - base),
                          (uint32_t)i, (uint32_t)p + 1);
      st = text_tokens(w, t, len, stops ? stops->s : NULL, o->n_kwic ? &kp : NULL, &n);
    }
    free(conv);
  }
  if (st) return st;
  r->keys[i] = (yl_doc_key){d, yl_url_hash(d->url), yl_body_hash_end(bk.h, bk.any)};
  r->known[i] = yl_outlets_by_id(yl_ingest_outlets(o->ingest), d->outlet) != NULL;
  if (r->sig) r->has[i] = (unsigned char)yl_sketch_finish(&bk.sk, r->sig + i * YL_SKETCH_BINS);
  yl_doc_drop_paras(d);
  e->tokens = n;
  memcpy(e->colloc_win, w->shape.windows, sizeof e->colloc_win);
  yl_colloc_shape_init(&w->shape); /* for the next document */
  /* Counted into the group tables only after duplicates are known (count_docs). */
  return yl_spill_add(&w->spill, &w->tok, n, &e->off, &e->len);
}

static void worker_main(void *arg) {
  yl_worker *w = arg;
  yl_run *r = w->r;
  yl_status st = YL_OK;
  for (;;) {
    if (atomic_load(&r->stop)) break;
    size_t i = atomic_fetch_add(&r->next, 1);
    if (i >= r->ndocs) break;
    st = process(w, i);
    if (st) {
      w->err = st;
      w->err_doc = i;
      atomic_store(&r->stop, 1);
      break;
    }
    atomic_fetch_add(&r->done, 1);
  }
  if (!st) {
    st = yl_spill_flush(&w->spill);
    if (st) {
      w->err = st;
      w->err_doc = SIZE_MAX;
      atomic_store(&r->stop, 1);
    }
  }
  /* No more tokens: the segmenter and the memo go now, before the merge needs its
   * own memory (the vocabulary stays for yl_merge_vocab). */
  yl_segmenter_free(w->seg);
  w->seg = NULL;
  yl_terms_drop_memo(&w->terms);
  yl_buf_free(&w->spill.buf);
  free(w->sp);
  w->sp = NULL;
  w->spcap = 0;
  pthread_mutex_lock(&r->mu);
  r->finished++;
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

/* The KWIC terms as counted terms of the worker's vocabulary: their filter keys, as
 * --focus terms are matched; a term the filter would drop is never counted. */
static yl_status kwic_ids(yl_worker *w) {
  const yl_analyze_opts *o = w->r->o;
  if (!(w->kwic_kid = malloc(o->n_kwic * sizeof *w->kwic_kid))) return YL_ERR_NOMEM;
  yl_status st = YL_OK;
  for (size_t j = 0; !st && j < o->n_kwic; j++) {
    char *buf = malloc(YL_FILTER_KEY_CAP(strlen(o->kwic[j])));
    if (!buf) return YL_ERR_NOMEM;
    w->kwic_kid[j] = UINT32_MAX;
    const char *key;
    size_t klen;
    if (yl_terms_user_key(o->filter, o->aliases, o->kwic[j], buf, &key, &klen) == YL_FILTER_KEEP)
      st = yl_vocab_intern(w->terms.v, key, klen, &w->kwic_kid[j]);
    free(buf);
  }
  return st;
}

static yl_status worker_init(yl_worker *w, yl_run *r, unsigned idx) {
  memset(w, 0, sizeof *w);
  w->r = r;
  w->idx = idx;
  w->spill = (yl_spill)YL_SPILL_INIT;
  yl_status st = yl_segmenter_new(r->o->dict, &w->seg);
  if (!st) st = yl_terms_init(&w->terms, r->o->filter);
  if (!st && r->o->n_kwic) st = kwic_ids(w);
  if (!st && r->o->outlet_stops) w->terms.any_outlet = r->os.any;
  w->terms.aliases = r->o->aliases;
  if (!st) st = yl_spill_open(&w->spill, r->o->out_dir);
  return st;
}

void yl_worker_free_pass1(yl_worker *w) {
  yl_segmenter_free(w->seg);
  w->seg = NULL;
  yl_terms_free(&w->terms);
  for (size_t i = 0; i < w->ng; i++) {
    free(w->g[i].name);
  }
  free(w->g);
  w->g = NULL;
  w->ng = 0;
  yl_buf_free(&w->spill.buf);
}

void yl_worker_free(yl_worker *w) {
  yl_worker_free_pass1(w);
  free(w->kwic_kid);
  w->kwic_kid = NULL;
  yl_kwic_buf_free(&w->kwic);
  yl_tokbuf_free(&w->tok);
  free(w->map);
  free(w->gmap);
  yl_spill_close(&w->spill);
}

/* Waits for the workers that got a thread, calling the progress callback about five
 * times a second. */
static void wait_workers(yl_run *r, unsigned started) {
  pthread_mutex_lock(&r->mu);
  while (r->finished < started) {
    if (r->o->progress) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 200000000L;
      if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
      pthread_cond_timedwait(&r->cv, &r->mu, &ts);
      size_t done = atomic_load(&r->done);
      uint64_t bytes = atomic_load(&r->bytes);
      pthread_mutex_unlock(&r->mu);
      r->o->progress(r->o->cb_ctx, done, r->ndocs, bytes);
      pthread_mutex_lock(&r->mu);
    } else {
      pthread_cond_wait(&r->cv, &r->mu);
    }
  }
  pthread_mutex_unlock(&r->mu);
}

yl_status yl_pass1_run(yl_run *r, yl_error *err) {
  for (unsigned k = 0; k < r->nw; k++) {
    yl_status st = worker_init(&r->w[k], r, k);
    if (st)
      return yl_error_cause(err, st, r->o->out_dir, 0, errno,
                            st == YL_ERR_IO ? "cannot create a spill file" : NULL);
  }
  /* Every worker on a thread of its own while this one reports progress; a worker
   * without a thread runs in yl_task_join (and finds what is left of the files). */
  unsigned started = 0;
  for (unsigned k = 0; k < r->nw; k++)
    started += (unsigned)yl_task_start(&r->w[k].task, worker_main, &r->w[k]);
  wait_workers(r, started);
  for (unsigned k = 0; k < r->nw; k++) yl_task_join(&r->w[k].task);
  if (r->o->progress)
    r->o->progress(r->o->cb_ctx, atomic_load(&r->done), r->ndocs, atomic_load(&r->bytes));
  /* Report the error of the lowest document index, so the message is stable. */
  size_t best = SIZE_MAX;
  const yl_worker *bw = NULL;
  for (unsigned k = 0; k < r->nw; k++)
    if (r->w[k].err && (!bw || r->w[k].err_doc < best)) bw = &r->w[k], best = r->w[k].err_doc;
  if (bw) {
    if (bw->err_doc == SIZE_MAX)
      return yl_error_first(err, bw->err, NULL, 0, 0, "spill file: %s",
                            bw->err == YL_ERR_IO ? "write failed" : yl_strerror(bw->err));
    return yl_error_cause(err, bw->err, r->o->files->v[bw->err_doc].path, 0, 0, NULL);
  }
  return YL_OK;
}

/* ---- pass 1b ------------------------------------------------------------------------ */

/* Reads the spill record of document 'e' (in its reading worker's spill file, through
 * 'sw', the counting worker's window on that file) into 'tok'. */
static yl_status read_record(const yl_worker *src, const yl_docent *e, yl_spill_window *sw,
                             yl_tokbuf *tok, size_t *n) {
  const unsigned char *p;
  yl_status st = yl_spill_read(src->spill.fd, e->off, e->len, sw, &p);
  if (!st) st = yl_tokbuf_reserve(tok, e->tokens);
  if (st) return st;
  st = yl_analyze_spill_get(p, e->len, tok->ids, tok->forms, tok->fl, tok->cap, n);
  return !st && *n != e->tokens ? YL_ERR_PARSE : st;
}

/* Pass 1b, one worker: the non-duplicate documents of the groups it owns (r->owner),
 * from whichever spill file holds them, counted by global term id (with surface forms)
 * straight into the merged group tables. Each group has one owner, so no table is
 * written by two threads and none needs merging; duplicates are only known once every
 * file is read (the first in index order is kept), so counting waits for that. */
static void count_docs(void *arg) {
  yl_worker *w = arg;
  yl_run *r = w->r;
  const yl_merged *m = r->m;
  yl_spill_window *sw = calloc(r->nw, sizeof *sw);
  yl_doccount dc;
  yl_status st = sw ? yl_doccount_init(&dc, yl_vocab_size(m->v)) : YL_ERR_NOMEM;
  if (!sw) memset(&dc, 0, sizeof dc);
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    yl_docent *e = &r->docs[i];
    if (r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    const yl_worker *src = &r->w[e->worker];
    uint32_t gi = src->gmap[e->group];
    if (r->owner[gi] != w->idx) continue;
    size_t n = 0;
    st = read_record(src, e, &sw[e->worker], &w->tok, &n);
    if (!st) st = yl_worker_map_ids(src, w->tok.ids, w->tok.forms, n);
    yl_counts *g = m->g[gi];
    size_t ns = 0;
    if (!st) st = yl_doccount_add(&dc, w->tok.ids, n, &ns);
    for (size_t k = 0; !st && k < n; k++)
      if (w->tok.forms[k] != w->tok.ids[k]) st = yl_counts_add_forms(g, w->tok.ids[k], w->tok.forms[k], 1);
    e->types = ns;
    if (!st) st = yl_counts_add_doc_ids(g, dc.seen, dc.seen_n, ns);
    if (st) w->err_doc = i;
  }
  for (unsigned k = 0; sw && k < r->nw; k++) yl_spill_window_free(&sw[k]);
  free(sw);
  yl_doccount_free(&dc);
  w->err = st;
}

/* Pass 1b's threads: its workers are pass 1's (a merge has one a shard). */
static unsigned counters(const yl_run *r) { return r->nt < r->nw ? r->nt : r->nw; }

/* Each group to the worker with the fewest tokens so far, largest groups first (ties
 * by group index, then worker index): a deterministic balance of pass 1b's work. */
static yl_status assign_owners(yl_run *r, const yl_merged *m) {
  uint64_t *load = calloc(m->ng ? m->ng : 1, sizeof *load), *wl = calloc(r->nw, sizeof *wl);
  size_t *ord = malloc((m->ng ? m->ng : 1) * sizeof *ord);
  r->owner = malloc((m->ng ? m->ng : 1) * sizeof *r->owner);
  yl_status st = load && wl && ord && r->owner ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->ndocs; i++)
    if (r->keys[i].doc->status == YL_DOC_ANALYSED)
      load[r->w[r->docs[i].worker].gmap[r->docs[i].group]] += r->docs[i].tokens + 1;
  for (size_t g = 0; !st && g < m->ng; g++) {
    size_t j = g; /* insertion sort: a few dozen groups */
    while (j > 0 && load[ord[j - 1]] < load[g]) ord[j] = ord[j - 1], j--;
    ord[j] = g;
  }
  for (size_t i = 0; !st && i < m->ng; i++) {
    unsigned best = 0;
    for (unsigned k = 1; k < counters(r); k++)
      if (wl[k] < wl[best]) best = k;
    r->owner[ord[i]] = best;
    wl[best] += load[ord[i]];
  }
  free(load);
  free(wl);
  free(ord);
  return st;
}

yl_status yl_pass1_count(yl_run *r, yl_merged *m, yl_error *err) {
  yl_dup_input in = {r->sig, r->has, r->body_len, r->known, r->o->near_duplicates};
  yl_status st = yl_docs_mark_duplicates(r->keys, r->ndocs, r->o->files, &in, r->dup_of, r->sim);
  if (st) return yl_error_first(err, st, NULL, 0, 0, "analyze: %s", yl_strerror(st));
  if ((st = assign_owners(r, m))) return st;
  r->m = m;
  yl_pool_each(count_docs, r->w, sizeof *r->w, counters(r));
  for (unsigned k = 0; k < r->nw; k++) {
    const yl_worker *w = &r->w[k];
    if (!w->err) continue;
    /* a merge's records are a shard's: a bad one is the shard's fault, named */
    if (w->err == YL_ERR_PARSE && r->o->shard && r->o->shard->in)
      return yl_shard_bad_record(r->o->shard->in, r->docs[w->err_doc].worker, err);
    return yl_error_first(err, w->err, NULL, 0, 0, "spill file: %s",
                          w->err == YL_ERR_IO ? "read error" : yl_strerror(w->err));
  }
  return YL_OK;
}
