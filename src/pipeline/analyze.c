/* Analyze engine: files → filtered token counts per group → every CSV table of
 * `yuliao analyze` (see include/yuliao/analyze.h for the two-pass design). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/analyze_internal.h"
#include "base/buf.h"
#include "ingest/date.h"
#include "yuliao/analyze.h"
#include "yuliao/counts.h"
#include "yuliao/csv.h"
#include "yuliao/doccsv.h"
#include "yuliao/dedupe.h"
#include "yuliao/keyness.h"
#include "yuliao/outfile.h"
#include "yuliao/outlets.h"
#include "yuliao/similarity.h"
#include "yuliao/vocab.h"

/* ---- small pieces (tested in test_analyze.c) ---------------------------------- */

static unsigned char *put_varint(unsigned char *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  *p++ = (unsigned char)v;
  return p;
}

yl_status yl_analyze_spill_put(yl_buf *b, const uint32_t *ids, const uint32_t *forms,
                               const uint8_t *flags, size_t n) {
  yl_status st = yl_buf_reserve(b, n * 10);
  if (st) return st;
  unsigned char *p = (unsigned char *)b->data + b->len;
  for (size_t i = 0; i < n; i++) {
    int has_form = forms && forms[i] != ids[i];
    uint64_t v = (uint64_t)ids[i] << 3 | (uint64_t)has_form << 2 | (flags ? (flags[i] & 3u) : 0u);
    p = put_varint(p, v);
    if (has_form) p = put_varint(p, forms[i]);
  }
  b->len = (size_t)((char *)p - b->data);
  b->data[b->len] = '\0';
  return YL_OK;
}

static int get_varint(const unsigned char *p, size_t len, size_t *i, uint64_t *out) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (*i >= len || shift > 35) return -1;
    unsigned char c = p[(*i)++];
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) break;
  }
  *out = v;
  return 0;
}

yl_status yl_analyze_spill_get(const unsigned char *p, size_t len, uint32_t *ids,
                               uint32_t *forms, uint8_t *flags, size_t cap, size_t *n) {
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    uint64_t v, f;
    if (get_varint(p, len, &i, &v) || v >> 35) return YL_ERR_PARSE;
    f = v >> 3;
    if (v & 4u && (get_varint(p, len, &i, &f) || f >> 32)) return YL_ERR_PARSE;
    if (k >= cap) return YL_ERR_LIMIT;
    ids[k] = (uint32_t)(v >> 3);
    if (forms) forms[k] = (uint32_t)f;
    if (flags) flags[k] = (uint8_t)(v & 3u);
    k++;
  }
  *n = k;
  return YL_OK;
}

int yl_analyze_sentence_end(const char *s, size_t len) {
  static const char *const wide[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                     "\xEF\xBC\x9B", "\xE2\x80\xA6"}; /* 。！？；… */
  if (!len) return 0;
  for (size_t i = 0; i < len;) {
    char c = s[i];
    if (c == '!' || c == '?' || c == ';') {
      i++;
      continue;
    }
    size_t k = 0;
    while (k < 5 && !(len - i >= 3 && !memcmp(s + i, wide[k], 3))) k++;
    if (k == 5) return 0;
    i += 3;
  }
  return 1;
}

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

/* ---- options ------------------------------------------------------------------- */

void yl_analyze_opts_init(yl_analyze_opts *o) {
  memset(o, 0, sizeof *o);
  o->group_by = YL_GROUP_OUTLET;
  o->kinds = YL_ANALYZE_KINDS_ALL;
  o->outlet_stops = 1;
  o->scheme = YL_TFIDF_SKLEARN;
  o->tfidf_doc_top = 20;
  o->keywords = 20;
  o->wide_top = 500;
  o->context = YL_COOC_WINDOW;
  o->window = 5;
  o->cooc_top = 200;
  o->cooc_min_count = 2;
  o->alpha = 0.05;
  o->keyness_min_count = 1;
  o->sim_top = 50;
}

yl_status yl_analyze_group_by_parse(const char *name, yl_analyze_group_by *out) {
  static const char *const names[] = {"outlet", "folder", "none"};
  for (int i = 0; i < 3; i++)
    if (!strcmp(name, names[i])) {
      *out = (yl_analyze_group_by)i;
      return YL_OK;
    }
  return YL_ERR_INVALID;
}

const char *yl_analyze_group_by_name(yl_analyze_group_by g) {
  switch (g) {
    case YL_GROUP_OUTLET: return "outlet";
    case YL_GROUP_FOLDER: return "folder";
    case YL_GROUP_NONE: return "none";
  }
  return "?";
}

void yl_analyze_summary_clear(yl_analyze_summary *s) {
  for (size_t i = 0; i < s->n_reasons; i++) free(s->reasons[i].reason);
  free(s->reasons);
  for (size_t i = 0; i < s->n_groups; i++) free(s->groups[i].name);
  free(s->groups);
  memset(s, 0, sizeof *s);
}

/* ---- run state ----------------------------------------------------------------- */

/* One document of the input list. 'meta' keeps the metadata for documents.csv; its
 * paragraphs are freed as soon as they are counted. */
typedef struct docent {
  yl_doc *meta;
  size_t n_paras;
  unsigned worker;
  uint32_t group; /* worker-local group index */
  uint64_t off, len; /* spill record */
  uint64_t tokens, types;
  uint64_t url_h, body_h; /* for yl_dedupe, checked in index order after pass 1 */
} docent;

typedef struct wgroup {
  char *name;
  yl_counts *c;
} wgroup;

typedef struct run run;

/* The filter's verdict on one token spelling, remembered (see filter_memo). */
typedef struct tokmemo {
  const yl_filter_stops *stops; /* the outlet set 'outlet_stop' was checked against */
  uint32_t kid, sid;            /* key and surface ids in the worker's vocabulary */
  uint8_t why;                  /* yl_filter_reason without outlet self-names; + 1, 0 = unset */
  uint8_t outlet_stop;
} tokmemo;

/* A spelling of at most 16 bytes as two integers (with its length, they determine the
 * bytes), and the index of its memo + 1 (0 = empty slot). */
typedef struct shortslot {
  uint64_t a, b;
  uint32_t len, idx1;
} shortslot;

typedef struct worker {
  run *r;
  unsigned idx;
  pthread_t th;
  yl_segmenter *seg;
  yl_vocab *v;
  wgroup *g;
  size_t ng, capg;
  int fd;
  uint64_t flushed;
  yl_buf spill;
  uint32_t *ids, *forms;
  uint8_t *fl;
  size_t cap;
  char *key;
  size_t keycap;
  /* every token spelling seen → index into 'memo': short ones by value in 'ss', longer
   * ones through the vocabulary 'tok' and 'long_idx' (its id → memo index + 1) */
  shortslot *ss;
  size_t sscap, ssn;
  yl_vocab *tok;
  uint32_t *long_idx;
  size_t long_cap;
  tokmemo *memo;
  size_t memocap, memon;
  uint64_t dropped[YL_FILTER_NREASONS];
  uint64_t seen, bytes;
  yl_status err;
  size_t err_doc;
  uint32_t *map;   /* local → global term id (after the merge) */
  uint32_t *gmap;  /* local → global group index */
} worker;

typedef struct ostops {
  char *id;
  yl_filter_stops *s; /* NULL: outlet without self-names */
} ostops;

struct run {
  const yl_analyze_opts *o;
  docent *docs;
  size_t ndocs;
  atomic_size_t next, done;
  atomic_uint_least64_t bytes;
  atomic_int stop;
  pthread_mutex_t mu; /* guards 'os' and 'finished' */
  pthread_cond_t cv;
  unsigned finished;
  ostops *os;
  size_t nos, capos;
  worker *w;
  unsigned nw;
};

static char *xstrndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

/* The self-name stop set of outlet 'id' (built on first use, shared read-only). The
 * outlet table cannot be enumerated, so sets are made lazily under the lock instead
 * of before the workers start; each is built once. */
static yl_status outlet_stops(run *r, const char *id, const yl_filter_stops **out) {
  yl_status st = YL_OK;
  pthread_mutex_lock(&r->mu);
  for (size_t i = 0; i < r->nos; i++)
    if (!strcmp(r->os[i].id, id)) {
      *out = r->os[i].s;
      pthread_mutex_unlock(&r->mu);
      return YL_OK;
    }
  if (r->nos == r->capos) {
    size_t nc = r->capos ? 2 * r->capos : 16;
    ostops *p = realloc(r->os, nc * sizeof *p);
    if (!p) {
      st = YL_ERR_NOMEM;
      goto out;
    }
    r->os = p;
    r->capos = nc;
  }
  ostops e = {xstrndup(id, strlen(id)), NULL};
  if (!e.id) {
    st = YL_ERR_NOMEM;
    goto out;
  }
  const yl_outlet *ol = yl_outlets_by_id(yl_ingest_outlets(r->o->ingest), id);
  if (ol && ol->n_self_names) {
    st = yl_filter_stops_new(&e.s);
    for (size_t i = 0; !st && i < ol->n_self_names; i++)
      st = yl_filter_stops_add(e.s, ol->self_names[i], strlen(ol->self_names[i]));
    if (st == YL_ERR_UTF8) st = YL_OK; /* a bad name cannot match a token anyway */
    if (st) {
      yl_filter_stops_free(e.s);
      free(e.id);
      goto out;
    }
  }
  r->os[r->nos++] = e;
  *out = e.s;
out:
  pthread_mutex_unlock(&r->mu);
  return st;
}

static yl_status write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      return YL_ERR_IO;
    }
    p += k;
    n -= (size_t)k;
  }
  return YL_OK;
}

static yl_status spill_flush(worker *w) {
  if (!w->spill.len) return YL_OK;
  yl_status st = write_all(w->fd, w->spill.data, w->spill.len);
  if (st) return st;
  w->flushed += w->spill.len;
  yl_buf_clear(&w->spill);
  return YL_OK;
}

static yl_status local_group(worker *w, const char *name, size_t len, uint32_t *out) {
  for (size_t i = w->ng; i-- > 0;)
    if (strlen(w->g[i].name) == len && !memcmp(w->g[i].name, name, len)) {
      *out = (uint32_t)i;
      return YL_OK;
    }
  if (w->ng == w->capg) {
    size_t nc = w->capg ? 2 * w->capg : 8;
    wgroup *p = realloc(w->g, nc * sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    w->g = p;
    w->capg = nc;
  }
  wgroup g = {xstrndup(name, len), NULL};
  if (!g.name) return YL_ERR_NOMEM;
  yl_status st = yl_counts_new(&g.c);
  if (st) {
    free(g.name);
    return st;
  }
  w->g[w->ng] = g;
  *out = (uint32_t)w->ng++;
  return YL_OK;
}

static yl_status push_token(worker *w, size_t n, uint32_t id, uint32_t form, uint8_t flags) {
  if (n == w->cap) {
    size_t nc = w->cap ? 2 * w->cap : 1024;
    uint32_t *a = realloc(w->ids, nc * sizeof *a);
    if (!a) return YL_ERR_NOMEM;
    w->ids = a;
    a = realloc(w->forms, nc * sizeof *a);
    if (!a) return YL_ERR_NOMEM;
    w->forms = a;
    uint8_t *b = realloc(w->fl, nc);
    if (!b) return YL_ERR_NOMEM;
    w->fl = b;
    w->cap = nc;
  }
  w->ids[n] = id;
  w->forms[n] = form;
  w->fl[n] = flags;
  return YL_OK;
}

static uint64_t load_le(const char *s, size_t n) { /* n <= 8 bytes, little end first */
  uint64_t v = 0;
  memcpy(&v, s, n);
  return v;
}

/* 'arr' (of '*cap' elements of 'size' bytes, i >= *cap) grown to hold index 'i', new
 * elements zeroed; NULL (and 'arr' untouched) when out of memory. */
static void *grow_zeroed(void *arr, size_t *cap, size_t i, size_t size) {
  size_t nc = *cap ? 2 * *cap : 1024;
  while (nc <= i) nc *= 2;
  char *p = realloc(arr, nc * size);
  if (!p) return NULL;
  memset(p + *cap * size, 0, (nc - *cap) * size);
  *cap = nc;
  return p;
}

/* A new memo index in '*idx'. */
static yl_status new_memo(worker *w, uint32_t *idx) {
  if (w->memon == UINT32_MAX - 1) return YL_ERR_LIMIT;
  *idx = (uint32_t)w->memon++;
  return YL_OK;
}

/* Where a short spelling's key (a, b, len) starts looking in a table of 'cap' slots. */
static size_t short_slot(uint64_t a, uint64_t b, size_t len, size_t cap) {
  uint64_t h = (a * UINT64_C(0x9E3779B97F4A7C15)) ^ (b * UINT64_C(0xC2B2AE3D27D4EB4F)) ^ len;
  h ^= h >> 29;
  return (size_t)h & (cap - 1);
}

static yl_status grow_short(worker *w) {
  size_t cap = w->sscap ? 2 * w->sscap : 4096;
  shortslot *t = calloc(cap, sizeof *t);
  if (!t) return YL_ERR_NOMEM;
  for (size_t i = 0; i < w->sscap; i++) {
    const shortslot *o = &w->ss[i];
    if (!o->idx1) continue;
    size_t j = short_slot(o->a, o->b, o->len, cap);
    while (t[j].idx1) j = (j + 1) & (cap - 1);
    t[j] = *o;
  }
  free(w->ss);
  w->ss = t;
  w->sscap = cap;
  return YL_OK;
}

/* The memo index of spelling 's', a new one for a spelling not seen before. */
static yl_status memo_index(worker *w, const char *s, size_t len, uint32_t *idx) {
  if (len == 0 || len > 16) {
    uint32_t tid;
    yl_status st = yl_vocab_intern(w->tok, s, len, &tid);
    if (st) return st;
    if (tid >= w->long_cap) {
      uint32_t *p = grow_zeroed(w->long_idx, &w->long_cap, tid, sizeof *p);
      if (!p) return YL_ERR_NOMEM;
      w->long_idx = p;
    }
    if (!w->long_idx[tid]) {
      if ((st = new_memo(w, idx))) return st;
      w->long_idx[tid] = *idx + 1;
    }
    *idx = w->long_idx[tid] - 1;
    return YL_OK;
  }
  /* Bytes 0..7 and len−8..len−1 cover a spelling of 8..16 bytes; 4-byte halves cover
   * 4..7; first, middle and last bytes cover 1..3. No byte outside the token is read. */
  uint64_t a, b = 0;
  if (len >= 8) a = load_le(s, 8), b = load_le(s + len - 8, 8);
  else if (len >= 4) a = load_le(s, 4) | load_le(s + len - 4, 4) << 32;
  else a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
           (uint64_t)(unsigned char)s[len - 1] << 16;
  if (2 * (w->ssn + 1) > w->sscap) {
    yl_status st = grow_short(w);
    if (st) return st;
  }
  size_t j = short_slot(a, b, len, w->sscap);
  for (;; j = (j + 1) & (w->sscap - 1)) {
    shortslot *e = &w->ss[j];
    if (!e->idx1) {
      yl_status st = new_memo(w, idx);
      if (st) return st;
      *e = (shortslot){a, b, (uint32_t)len, *idx + 1};
      w->ssn++;
      return YL_OK;
    }
    if (e->a == a && e->b == b && e->len == len) {
      *idx = e->idx1 - 1;
      return YL_OK;
    }
  }
}

/* The filter's verdict on token 's', with its key and surface interned when kept.
 * Computed once per distinct spelling and worker: the verdict depends only on the bytes
 * and the run's options, except for the outlet's self-names, which are checked apart
 * (kept with the set they were checked against, as documents of several outlets mix). */
static yl_status filter_memo(worker *w, const yl_filter_stops *stops, const char *s,
                             size_t len, const tokmemo **out) {
  uint32_t tid;
  yl_status st = memo_index(w, s, len, &tid);
  if (st) return st;
  if (tid >= w->memocap) {
    tokmemo *p = grow_zeroed(w->memo, &w->memocap, tid, sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    w->memo = p;
  }
  tokmemo *mm = &w->memo[tid];
  if (!mm->why) {
    if (YL_FILTER_KEY_CAP(len) > w->keycap) {
      size_t nc = YL_FILTER_KEY_CAP(len) + 64;
      char *kb = realloc(w->key, nc);
      if (!kb) return YL_ERR_NOMEM;
      w->key = kb;
      w->keycap = nc;
    }
    size_t klen = 0;
    yl_filter_reason why = yl_filter_token(w->r->o->filter, NULL, s, len, w->key, w->keycap, &klen);
    if (why == YL_FILTER_KEEP) {
      st = yl_vocab_intern(w->v, w->key, klen, &mm->kid);
      mm->sid = mm->kid;
      if (!st && (klen != len || memcmp(w->key, s, len)))
        st = yl_vocab_intern(w->v, s, len, &mm->sid);
      if (st) return st;
    }
    mm->why = (uint8_t)(why + 1);
    mm->stops = NULL;
    mm->outlet_stop = 0;
  }
  if (mm->why - 1 == YL_FILTER_KEEP && mm->stops != stops) {
    size_t klen;
    const char *key = yl_vocab_term(w->v, mm->kid, &klen);
    mm->outlet_stop = (uint8_t)yl_filter_stops_has(stops, key, klen);
    mm->stops = stops;
  }
  *out = mm;
  return YL_OK;
}

static void drop_paras(yl_doc *d) {
  for (size_t i = 0; i < d->n_paras; i++) free(d->paras[i].text);
  free(d->paras);
  d->paras = NULL;
  d->n_paras = 0;
}

/* Pass 1 for document 'i': read, segment, filter, count, spill. */
static yl_status process(worker *w, size_t i) {
  run *r = w->r;
  const yl_analyze_opts *o = r->o;
  docent *e = &r->docs[i];
  const yl_ingest_entry *en = &o->files->v[i];
  yl_doc *d = NULL;
  yl_status st = en->skip ? yl_ingest_skipped(en->path, en->skip, &d)
                          : yl_ingest_file(o->ingest, en->path, &d);
  if (st) return st;
  e->meta = d;
  e->n_paras = d->n_paras;
  e->worker = w->idx;
  if (d->status == YL_DOC_SKIPPED) {
    drop_paras(d);
    return YL_OK;
  }
  const char *gname = "";
  size_t glen = 0;
  if (o->group_by == YL_GROUP_OUTLET) gname = d->outlet, glen = strlen(d->outlet);
  else if (o->group_by == YL_GROUP_FOLDER) gname = yl_analyze_folder_name(d->path, &glen);
  st = local_group(w, gname, glen, &e->group);
  const yl_filter_stops *stops = NULL;
  if (!st && o->outlet_stops) st = outlet_stops(r, d->outlet, &stops);
  if (st) return st;
  size_t n = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const yl_para *pa = &d->paras[p];
    if (!(o->kinds & (1u << pa->kind))) continue;
    const yl_token *t;
    size_t nt;
    st = yl_segment(w->seg, pa->text, pa->len, o->no_hmm ? YL_SEG_NO_HMM : 0, &t, &nt);
    if (st) return st;
    w->bytes += pa->len;
    atomic_fetch_add_explicit(&r->bytes, pa->len, memory_order_relaxed);
    uint8_t pending = YL_COOC_PARA_START | YL_COOC_SENT_START;
    for (size_t k = 0; k < nt; k++) {
      const char *s = pa->text + t[k].off;
      size_t len = t[k].len;
      w->seen++;
      if (t[k].kind == YL_TOK_OTHER && yl_analyze_sentence_end(s, len)) {
        pending |= YL_COOC_SENT_START;
        w->dropped[YL_FILTER_PUNCT]++;
        continue;
      }
      const tokmemo *mm;
      st = filter_memo(w, stops, s, len, &mm);
      if (st) return st;
      yl_filter_reason why = mm->outlet_stop ? YL_FILTER_STOP : (yl_filter_reason)(mm->why - 1);
      w->dropped[why]++;
      if (why != YL_FILTER_KEEP) continue;
      st = push_token(w, n, mm->kid, mm->sid, pending);
      if (st) return st;
      n++;
      pending = 0;
    }
  }
  e->url_h = yl_url_hash(d->url);
  e->body_h = yl_doc_body_hash(d);
  drop_paras(d);
  e->off = w->flushed + w->spill.len;
  size_t before = w->spill.len;
  st = yl_analyze_spill_put(&w->spill, w->ids, w->forms, w->fl, n);
  if (st) return st;
  e->len = w->spill.len - before;
  e->tokens = n;
  /* Counted into the group tables only after duplicates are known (count_docs). */
  if (w->spill.len >= (1u << 20)) st = spill_flush(w);
  return st;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  run *r = w->r;
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
    st = spill_flush(w);
    if (st) {
      w->err = st;
      w->err_doc = SIZE_MAX;
      atomic_store(&r->stop, 1);
    }
  }
  pthread_mutex_lock(&r->mu);
  r->finished++;
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static yl_status worker_init(worker *w, run *r, unsigned idx) {
  memset(w, 0, sizeof *w);
  w->r = r;
  w->idx = idx;
  w->fd = -1;
  yl_status st = yl_segmenter_new(r->o->dict, &w->seg);
  if (!st) st = yl_vocab_new(&w->v);
  if (!st) st = yl_vocab_new(&w->tok);
  if (st) return st;
  /* The spill file lives beside the tables (the output disk is known to be writable
   * and large) and is unlinked at once, so nothing is left behind on a crash. */
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/.yl-spill-XXXXXX", r->o->out_dir) >= (int)sizeof path)
    return YL_ERR_IO;
  w->fd = mkstemp(path);
  if (w->fd < 0) return YL_ERR_IO;
  unlink(path);
  return YL_OK;
}

static void worker_free_pass1(worker *w) {
  yl_segmenter_free(w->seg);
  w->seg = NULL;
  yl_vocab_free(w->v);
  w->v = NULL;
  for (size_t i = 0; i < w->ng; i++) {
    free(w->g[i].name);
    yl_counts_free(w->g[i].c);
  }
  free(w->g);
  w->g = NULL;
  w->ng = 0;
  free(w->key);
  w->key = NULL;
  yl_vocab_free(w->tok);
  w->tok = NULL;
  free(w->ss);
  w->ss = NULL;
  w->sscap = w->ssn = 0;
  free(w->long_idx);
  w->long_idx = NULL;
  w->long_cap = 0;
  free(w->memo);
  w->memo = NULL;
  w->memocap = w->memon = 0;
  yl_buf_free(&w->spill);
}

static void worker_free(worker *w) {
  worker_free_pass1(w);
  free(w->ids);
  free(w->forms);
  free(w->fl);
  free(w->map);
  free(w->gmap);
  if (w->fd >= 0) close(w->fd);
}

static yl_status set_err(char **errmsg, yl_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A document's counts in an array by term id, only the touched entries reset after
 * each document: one array update per token instead of a hash table update. */
typedef struct doccount {
  uint64_t *cnt;   /* by id, all zero between documents */
  uint32_t *seen;  /* distinct ids of the document, first occurrence order */
  uint64_t *seen_n; /* their counts */
  size_t cap;      /* of seen and seen_n */
} doccount;

static yl_status dc_init(doccount *dc, size_t nv) {
  memset(dc, 0, sizeof *dc);
  dc->cnt = calloc(nv ? nv : 1, sizeof *dc->cnt);
  return dc->cnt ? YL_OK : YL_ERR_NOMEM;
}

static void dc_free(doccount *dc) {
  free(dc->cnt);
  free(dc->seen);
  free(dc->seen_n);
}

/* Counts the 'n' ids (each below the size given to dc_init) into seen/seen_n[0 .. *ns). */
static yl_status dc_count(doccount *dc, const uint32_t *ids, size_t n, size_t *ns) {
  if (n > dc->cap) {
    uint32_t *a = realloc(dc->seen, n * sizeof *a);
    if (a) dc->seen = a;
    uint64_t *b = a ? realloc(dc->seen_n, n * sizeof *b) : NULL;
    if (b) dc->seen_n = b;
    if (!a || !b) return YL_ERR_NOMEM;
    dc->cap = n;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!dc->cnt[ids[i]]++) dc->seen[k++] = ids[i];
  for (size_t i = 0; i < k; i++) {
    dc->seen_n[i] = dc->cnt[dc->seen[i]];
    dc->cnt[dc->seen[i]] = 0;
  }
  *ns = k;
  return YL_OK;
}

/* A window on one spill file. Each reader asks for its records in increasing offsets
 * (a worker writes its documents in index order, and passes 1b and 2 read them in
 * index order), so reading 256 KiB ahead turns one system call per document into one
 * per window. */
enum { SPILL_WINDOW = 256 * 1024 };

typedef struct spillwin {
  unsigned char *buf;
  size_t cap, len;
  uint64_t off; /* file offset of buf[0] */
} spillwin;

/* Points *p at spill record 'e' of file 'fd'. YL_ERR_IO with errno set, or 0 for a
 * short read. */
static yl_status read_spill(int fd, const docent *e, spillwin *sw, const unsigned char **p) {
  if (e->off >= sw->off && e->off + e->len <= sw->off + sw->len) {
    *p = sw->buf + (e->off - sw->off);
    return YL_OK;
  }
  size_t want = e->len > SPILL_WINDOW ? (size_t)e->len : SPILL_WINDOW;
  if (want > sw->cap) {
    unsigned char *b = realloc(sw->buf, want);
    if (!b) return YL_ERR_NOMEM;
    sw->buf = b, sw->cap = want;
  }
  sw->off = e->off, sw->len = 0;
  while (sw->len < e->len) { /* the window may end early at the end of the file */
    errno = 0;
    ssize_t k = pread(fd, sw->buf + sw->len, want - sw->len, (off_t)(e->off + sw->len));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      sw->len = 0;
      return YL_ERR_IO;
    }
    sw->len += (size_t)k;
  }
  *p = sw->buf;
  return YL_OK;
}

/* Reads one spill record of document 'e' back into the worker's arrays. */
static yl_status read_record(worker *w, const docent *e, spillwin *sw, size_t *n) {
  const unsigned char *p;
  yl_status st = read_spill(w->fd, e, sw, &p);
  if (st) return st;
  while (w->cap < e->tokens)
    if (push_token(w, w->cap, 0, 0, 0)) return YL_ERR_NOMEM;
  st = yl_analyze_spill_get(p, e->len, w->ids, w->forms, w->fl, w->cap, n);
  return !st && *n != e->tokens ? YL_ERR_PARSE : st;
}

/* Pass 1b, one thread per worker: the worker's own non-duplicate documents are counted
 * (with surface forms) into its group tables, from its spill file. Duplicates are only
 * known once every file is read (the first in index order is kept), so counting waits
 * for that; it is a fraction of the cost of reading and segmenting. */
static void *count_docs(void *arg) {
  worker *w = arg;
  run *r = w->r;
  spillwin sw = {0};
  doccount dc; /* by the worker's term ids */
  yl_status st = dc_init(&dc, yl_vocab_size(w->v));
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    docent *e = &r->docs[i];
    if (e->worker != w->idx || e->meta->status != YL_DOC_ANALYSED) continue;
    size_t n = 0;
    st = read_record(w, e, &sw, &n);
    yl_counts *g = w->g[e->group].c;
    size_t ns = 0;
    if (!st) st = dc_count(&dc, w->ids, n, &ns);
    for (size_t k = 0; !st && k < n; k++)
      if (w->forms[k] != w->ids[k]) st = yl_counts_add_forms(g, w->ids[k], w->forms[k], 1);
    e->types = ns;
    if (!st) st = yl_counts_add_doc_ids(g, dc.seen, dc.seen_n, ns);
    if (st) w->err_doc = i;
  }
  free(sw.buf);
  dc_free(&dc);
  w->err = st;
  return NULL;
}

static yl_status mark_duplicate(yl_doc *d, const char *first, yl_dup_kind k) {
  yl_buf b = YL_BUF_INIT;
  yl_status st = yl_buf_printf(&b, "duplicate of %s (%s)", first, yl_dup_kind_name(k));
  if (st) return st;
  char *note = yl_buf_detach(&b, NULL);
  if (!note) return YL_ERR_NOMEM;
  free(d->note);
  d->note = note;
  d->status = YL_DOC_DUPLICATE;
  return YL_OK;
}

/* Duplicates in index order (as yuliao extract decides them), then pass 1b. */
static yl_status dedupe_and_count(run *r, char **errmsg) {
  yl_dedupe *dd = NULL;
  yl_status st = yl_dedupe_new(&dd);
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    docent *e = &r->docs[i];
    if (e->meta->status != YL_DOC_ANALYSED) continue;
    yl_dup_kind kind;
    size_t first = 0;
    st = yl_dedupe_check(dd, e->url_h, e->body_h, i, &kind, &first);
    if (!st && kind != YL_DUP_NONE) st = mark_duplicate(e->meta, r->o->files->v[first].path, kind);
  }
  yl_dedupe_free(dd);
  if (st) return set_err(errmsg, st, "analyze: %s", yl_strerror(st));
  unsigned started = 0;
  pthread_t *th = calloc(r->nw, sizeof *th);
  for (unsigned k = 1; th && k < r->nw; k++) {
    r->w[k].err = YL_OK;
    if (pthread_create(&th[k], NULL, count_docs, &r->w[k])) break;
    started = k;
  }
  for (unsigned k = started + 1; k < r->nw; k++) count_docs(&r->w[k]);
  count_docs(&r->w[0]);
  for (unsigned k = 1; k <= started; k++) pthread_join(th[k], NULL);
  free(th);
  for (unsigned k = 0; k < r->nw; k++)
    if (r->w[k].err)
      return set_err(errmsg, r->w[k].err, "spill file: %s", r->w[k].err == YL_ERR_IO ? "read error"
                                                                                  : yl_strerror(r->w[k].err));
  return YL_OK;
}

/* ---- after pass 1: merged state ------------------------------------------------ */

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

typedef struct merged {
  yl_vocab *v;
  char **names; /* sorted group names */
  yl_counts **g;
  size_t ng;
  yl_counts *all;
  yl_counts *units;  /* each group added as one document (group-level IDF) */
  uint32_t *forms;   /* shown form of every id (corpus-wide most frequent spelling) */
  yl_idf *own_doc_idf, *own_grp_idf;
  const yl_idf *doc_idf, *grp_idf;
  double *doc_idf_v; /* doc_idf of every term by id (yl_idf_values) */
  yl_cooc **cooc; /* per group, then [ng] = ALL */
  uint32_t *sel;  /* co-occurrence selection (top terms or focus terms) */
  size_t nsel;
  yl_tfidf_row **grows;
  size_t *ngrows;
} merged;

static void merged_free(merged *m) {
  yl_vocab_free(m->v);
  for (size_t i = 0; i < m->ng; i++) {
    free(m->names ? m->names[i] : NULL);
    yl_counts_free(m->g ? m->g[i] : NULL);
    if (m->grows) free(m->grows[i]);
  }
  if (m->cooc)
    for (size_t i = 0; i <= m->ng; i++) yl_cooc_free(m->cooc[i]);
  free(m->cooc);
  free(m->sel);
  free(m->grows);
  free(m->ngrows);
  free(m->names);
  free(m->g);
  yl_counts_free(m->all);
  yl_counts_free(m->units);
  free(m->forms);
  yl_idf_free(m->own_doc_idf);
  free(m->doc_idf_v);
  yl_idf_free(m->own_grp_idf);
}

static yl_status merge_workers(run *r, merged *m) {
  yl_status st = yl_vocab_new(&m->v);
  for (unsigned k = 0; !st && k < r->nw; k++) st = yl_vocab_merge(m->v, r->w[k].v, &r->w[k].map);
  if (st) return st;
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
  if (!m->names || !m->g) st = YL_ERR_NOMEM;
  size_t gi = 0;
  for (size_t i = 0; !st && i < total; i++) {
    if (i && strcmp(all[i].name, all[i - 1].name)) gi++;
    if (!m->g[gi]) {
      m->names[gi] = xstrndup(all[i].name, strlen(all[i].name));
      if (!m->names[gi]) st = YL_ERR_NOMEM;
      if (!st) st = yl_counts_new(&m->g[gi]);
      m->ng = gi + 1;
    }
    worker *w = &r->w[all[i].worker];
    w->gmap[all[i].local] = (uint32_t)gi;
    if (!st) st = yl_counts_merge(m->g[gi], w->g[all[i].local].c, w->map);
  }
  free(all);
  if (!st) st = yl_counts_new(&m->all);
  if (!st) st = yl_counts_new(&m->units);
  for (size_t i = 0; !st && i < m->ng; i++) {
    st = yl_counts_merge(m->all, m->g[i], NULL);
    if (!st) st = yl_counts_add_doc(m->units, m->g[i]);
  }
  if (!st) st = yl_counts_forms(m->all, m->v, &m->forms);
  return st;
}

/* ---- table writing helpers ----------------------------------------------------- */

typedef struct outctx {
  const yl_analyze_opts *o;
  merged *m;
  char **errmsg;
  uint64_t *rows; /* data rows per yl_analyze_table, or NULL (threads touch distinct ones) */
} outctx;

const char *yl_analyze_table_name(yl_analyze_table t) {
  static const char *const names[YL_ANALYZE_NTABLES] = {
      "documents.csv", "frequency.csv", "frequency_wide.csv", "tfidf.csv",
      "keywords.csv",  "cooccurrence.csv", "keyness.csv",    "similarity.csv"};
  return (unsigned)t < YL_ANALYZE_NTABLES ? names[t] : NULL;
}

static yl_status set_err(char **errmsg, yl_status st, const char *fmt, ...) {
  if (errmsg && !*errmsg) {
    char b[PATH_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    *errmsg = xstrndup(b, strlen(b));
  }
  return st;
}

static yl_status open_table(const outctx *x, yl_analyze_table t, const char *const *cols,
                            yl_csv **out) {
  const char *name = yl_analyze_table_name(t);
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", x->o->out_dir, name) >= (int)sizeof path)
    return set_err(x->errmsg, YL_ERR_IO, "%s/%s: path too long", x->o->out_dir, name);
  yl_status st = yl_csv_open(path, x->o->csv_flags, out);
  if (!st) st = yl_csv_header(*out, cols);
  if (st) {
    int e = errno;
    if (*out) yl_csv_abort(*out);
    *out = NULL;
    return set_err(x->errmsg, st, "%s: %s", path, st == YL_ERR_IO ? strerror(e) : yl_strerror(st));
  }
  return YL_OK;
}

static yl_status close_table(const outctx *x, yl_analyze_table t, yl_csv *c, yl_status st) {
  const char *name = yl_analyze_table_name(t);
  if (!st && x->rows) x->rows[t] = yl_csv_rows(c) - 1;
  if (st) {
    /* the write failure of this table, not whatever errno another call left */
    int e = c && yl_csv_errno(c) ? yl_csv_errno(c) : errno;
    yl_csv_abort(c);
    return set_err(x->errmsg, st, "%s/%s: %s", x->o->out_dir, name,
                   st == YL_ERR_IO ? strerror(e) : yl_strerror(st));
  }
  st = yl_csv_commit(c);
  if (st)
    return set_err(x->errmsg, st, "%s/%s: %s", x->o->out_dir, name,
                   st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
  return YL_OK;
}

static yl_status cell_term(yl_csv *c, const merged *m, uint32_t id) {
  size_t len;
  const char *s = yl_vocab_term(m->v, m->forms[id], &len);
  return yl_csv_text(c, s, len);
}

static yl_status cell_u64(yl_csv *c, uint64_t v) {
  return yl_csv_int(c, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* A number cell, byte-identical to yl_csv_double. Formatting doubles (shortest round
 * trip: up to three printf + strtod) dominated the profile of pass 2, so integral
 * values (|v| < 1e15, where %.15g prints the plain integer) go through yl_csv_int. */
static yl_status cell_num(yl_csv *c, double v) {
  if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v) return yl_csv_int(c, (int64_t)v);
  return yl_csv_double(c, v);
}

/* A number already formatted by yl_format_double. A text cell is written as is unless
 * it starts with '-' (formula neutralisation), so negative numbers take yl_csv_double. */
static yl_status cell_fmt(yl_csv *c, const char *s, size_t n, double v) {
  return s[0] == '-' ? yl_csv_double(c, v) : yl_csv_text(c, s, n);
}

static const char *group_label(const merged *m, size_t g) {
  return g == m->ng ? "ALL" : m->names[g];
}

/* ---- documents.csv, doc-level tfidf and keywords (pass 2) ----------------------- */

/* documents.csv: extract's columns (yuliao/doccsv.h), then these. */
static const char *const doc_extra_cols[] = {"group", "tokens", "types", NULL};

static yl_status doc_row(yl_csv *c, const run *r, const merged *m, size_t i) {
  const docent *e = &r->docs[i];
  const yl_doc *d = e->meta;
  int ok = d->status == YL_DOC_ANALYSED;
  yl_status st = yl_doccsv_cells(c, (int64_t)i + 1, d, e->n_paras);
  if (ok && r->o->group_by != YL_GROUP_NONE) {
    if (!st) st = yl_csv_str(c, m->names[r->w[e->worker].gmap[e->group]]);
  } else if (!st) {
    st = yl_csv_str(c, ok ? "ALL" : "");
  }
  if (ok) {
    if (!st) st = cell_u64(c, e->tokens);
    if (!st) st = cell_u64(c, e->types);
  } else {
    if (!st) st = yl_csv_str(c, "");
    if (!st) st = yl_csv_str(c, "");
  }
  if (!st) st = yl_csv_end_row(c);
  return st;
}

static const char *const tfidf_cols[] = {"level", "unit", "term", "tf", "df", "idf", "tfidf",
                                         "rank", NULL};
static const char *const kw_cols[] = {"level", "unit", "rank", "term", "count", "tfidf", NULL};

/* Formatted numbers reused across rows: the IDF of a term is the same in every
 * document (cache by term id), and a row's weight appears in tfidf.csv and
 * keywords.csv. */
typedef struct numcache {
  char (*idf)[32]; /* idf[id] formatted; "" = not yet */
  uint8_t *idf_len;
  size_t n;
  char (*w)[32]; /* weights of the current unit */
  uint8_t *w_len;
  uint64_t *rank;
  double *wv;
  size_t cap;
} numcache;

static void numcache_free(numcache *k) {
  free(k->idf);
  free(k->idf_len);
  free(k->w);
  free(k->w_len);
  free(k->rank);
  free(k->wv);
}

/* Writes the first 'top' (0 = all) rows of a unit to tfidf.csv and the first 'kw' to
 * keywords.csv. 'df' gives the df column (documents or groups containing the term);
 * 'cache_idf' is set when the IDF of a term is the same for every unit written. */
static yl_status unit_rows(yl_csv *tf, yl_csv *kwc, const merged *m, const char *level,
                           const char *unit, const yl_tfidf_row *rows, size_t n, size_t top,
                           size_t kw, const yl_counts *df, int cache_idf, numcache *k) {
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
  if (cache_idf && !k->idf) {
    k->n = yl_vocab_size(m->v);
    k->idf = calloc(k->n ? k->n : 1, sizeof *k->idf);
    k->idf_len = calloc(k->n ? k->n : 1, 1);
    if (!k->idf || !k->idf_len) return YL_ERR_NOMEM;
  }
  size_t lim = top && top < n ? top : n;
  size_t nfmt = lim > kw ? lim : (kw < n ? kw : n);
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
    if (!st) st = cell_term(tf, m, r->id);
    if (!st) st = cell_num(tf, r->tf);
    if (!st) st = cell_u64(tf, yl_counts_df(df, r->id));
    if (!st) {
      if (cache_idf && r->id < k->n) {
        if (!k->idf_len[r->id]) k->idf_len[r->id] = (uint8_t)yl_format_double(r->idf, k->idf[r->id]);
        st = k->idf_len[r->id] ? cell_fmt(tf, k->idf[r->id], k->idf_len[r->id], r->idf)
                               : yl_csv_double(tf, r->idf);
      } else {
        st = yl_csv_double(tf, r->idf);
      }
    }
    if (!st) st = k->w_len[i] ? cell_fmt(tf, k->w[i], k->w_len[i], r->weight) : yl_csv_double(tf, r->weight);
    if (!st) st = cell_u64(tf, k->rank[i]);
    if (!st) st = yl_csv_end_row(tf);
  }
  lim = kw < n ? kw : n;
  for (size_t i = 0; !st && i < lim; i++) {
    st = yl_csv_str(kwc, level);
    if (!st) st = yl_csv_str(kwc, unit);
    if (!st) st = cell_u64(kwc, k->rank[i]);
    if (!st) st = cell_term(kwc, m, rows[i].id);
    if (!st) st = cell_u64(kwc, rows[i].count);
    if (!st) st = k->w_len[i] ? cell_fmt(kwc, k->w[i], k->w_len[i], rows[i].weight)
                              : yl_csv_double(kwc, rows[i].weight);
    if (!st) st = yl_csv_end_row(kwc);
  }
  return st;
}

/* A co-occurrence table with the run's context and selection. */
static yl_status new_cooc(const yl_analyze_opts *o, const merged *m, yl_cooc **out) {
  yl_status st = yl_cooc_new(o->context, o->window, out);
  uint32_t none = UINT32_MAX; /* nothing selected: restrict to an id that never occurs */
  if (!st && o->n_focus)
    st = m->nsel ? yl_cooc_focus(*out, m->sel, m->nsel) : yl_cooc_select(*out, &none, 1);
  else if (!st && o->cooc_top)
    st = yl_cooc_select(*out, m->nsel ? m->sel : &none, m->nsel ? m->nsel : 1);
  return st;
}

static yl_status cooc_setup(const yl_analyze_opts *o, merged *m, yl_analyze_summary *sum) {
  size_t n = m->ng + 1;
  m->cooc = calloc(n, sizeof *m->cooc);
  if (!m->cooc) return YL_ERR_NOMEM;
  uint32_t *sel = NULL;
  size_t nsel = 0;
  yl_status st = YL_OK;
  if (o->n_focus) {
    sel = calloc(o->n_focus, sizeof *sel);
    if (!sel) return YL_ERR_NOMEM;
    for (size_t i = 0; i < o->n_focus; i++) {
      const char *f = o->focus[i];
      size_t len = strlen(f), klen = 0;
      char *key = malloc(YL_FILTER_KEY_CAP(len));
      if (!key) {
        free(sel);
        return YL_ERR_NOMEM;
      }
      yl_filter_reason why = yl_filter_token(o->filter, NULL, f, len, key, YL_FILTER_KEY_CAP(len), &klen);
      uint32_t id;
      int found = (why == YL_FILTER_KEEP || why == YL_FILTER_SHORT || why == YL_FILTER_STOP)
                      ? yl_vocab_find(m->v, key, klen, &id) == YL_OK
                      : yl_vocab_find(m->v, f, len, &id) == YL_OK;
      /* Present in the vocabulary is not enough (a surface spelling is interned too):
       * the term must have been counted. */
      if (found && yl_counts_count(m->all, id)) sel[nsel++] = id;
      else sum->focus_missing++;
      free(key);
    }
  } else if (o->cooc_top) {
    yl_freq_row *rows = NULL;
    size_t nr = 0;
    st = yl_counts_freq_rows(m->all, m->v, 1, &rows, &nr);
    if (st) return st;
    nsel = nr < o->cooc_top ? nr : o->cooc_top;
    sel = calloc(nsel ? nsel : 1, sizeof *sel);
    if (!sel) {
      free(rows);
      return YL_ERR_NOMEM;
    }
    for (size_t i = 0; i < nsel; i++) sel[i] = rows[i].id;
    free(rows);
  }
  m->sel = sel;
  m->nsel = nsel;
  for (size_t g = 0; !st && g < n; g++) st = new_cooc(o, m, &m->cooc[g]);
  return st;
}

/* Pass 2 over documents i0 .. i1 − 1 in index order, co-occurrence into 'cooc'. */
static yl_status pass2(run *r, const merged *m, const outctx *x, yl_csv *docs, yl_csv *tf,
                       yl_csv *kwc, size_t i0, size_t i1, yl_cooc **cooc) {
  const yl_analyze_opts *o = r->o;
  doccount dc; /* by global term ids */
  yl_status st = dc_init(&dc, yl_vocab_size(m->v));
  /* rows sorted per document: enough for both tables (0 = all) */
  size_t show = o->tfidf_doc_top && o->keywords > o->tfidf_doc_top ? o->keywords : o->tfidf_doc_top;
  spillwin *sw = calloc(r->nw, sizeof *sw); /* one per worker's spill file */
  if (!sw && !st) st = YL_ERR_NOMEM;
  size_t idcap = 0;
  uint32_t *ids = NULL;
  uint8_t *fl = NULL;
  numcache nc;
  memset(&nc, 0, sizeof nc);
  char unit[32];
  for (size_t i = i0; !st && i < i1; i++) {
    const docent *e = &r->docs[i];
    st = doc_row(docs, r, m, i);
    if (st || e->meta->status != YL_DOC_ANALYSED) continue;
    worker *w = &r->w[e->worker];
    if (e->tokens > idcap) {
      uint32_t *a = realloc(ids, e->tokens * sizeof *a);
      if (a) ids = a;
      uint8_t *b = a ? realloc(fl, e->tokens) : NULL;
      if (b) fl = b;
      if (!a || !b) {
        st = YL_ERR_NOMEM;
        break;
      }
      idcap = e->tokens;
    }
    const unsigned char *rec;
    st = read_spill(w->fd, e, &sw[e->worker], &rec);
    if (st == YL_ERR_IO)
      set_err(x->errmsg, st, "spill file: %s", errno ? strerror(errno) : "short read");
    if (st) break;
    size_t n = 0;
    st = yl_analyze_spill_get(rec, e->len, ids, NULL, fl, idcap, &n);
    if (!st && n != e->tokens) st = YL_ERR_PARSE;
    if (st) {
      set_err(x->errmsg, st, "spill file: corrupt record for %s", e->meta->path);
      break;
    }
    for (size_t k = 0; k < n; k++) ids[k] = w->map[ids[k]];
    size_t ns = 0;
    st = dc_count(&dc, ids, n, &ns);
    yl_tfidf_row *rows = NULL;
    size_t nr = 0;
    if (!st)
      st = yl_tfidf_rows_ids(dc.seen, dc.seen_n, ns, m->v, m->doc_idf, m->doc_idf_v, o->scheme,
                             show, &rows, &nr);
    snprintf(unit, sizeof unit, "%zu", i + 1);
    if (!st)
      st = unit_rows(tf, kwc, m, "doc", unit, rows, nr, o->tfidf_doc_top, o->keywords, m->all, 1,
                     &nc);
    free(rows);
    size_t g = o->group_by == YL_GROUP_NONE ? 0 : w->gmap[e->group];
    if (!st) st = yl_cooc_add_doc(cooc[g], ids, fl, n);
  }
  dc_free(&dc);
  for (unsigned k = 0; sw && k < r->nw; k++) free(sw[k].buf);
  free(sw);
  free(ids);
  free(fl);
  numcache_free(&nc);
  return st;
}

/* ---- group-level tables --------------------------------------------------------- */

static yl_status write_frequency(const outctx *x) {
  static const char *const cols[] = {"group", "term", "count", "per_10k", "doc_freq", "rank", NULL};
  const merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = open_table(x, YL_TABLE_FREQUENCY, cols, &c);
  if (st) return st;
  size_t first = x->o->group_by == YL_GROUP_NONE ? m->ng : 0;
  for (size_t g = first; !st && g <= m->ng; g++) {
    const yl_counts *t = g == m->ng ? m->all : m->g[g];
    yl_freq_row *rows = NULL;
    size_t n = 0;
    st = yl_counts_freq_rows(t, m->v, 1, &rows, &n);
    for (size_t i = 0; !st && i < n; i++) {
      st = yl_csv_str(c, group_label(m, g));
      if (!st) st = cell_term(c, m, rows[i].id);
      if (!st) st = cell_u64(c, rows[i].count);
      if (!st) st = yl_csv_double(c, rows[i].per_10k);
      if (!st) st = cell_u64(c, rows[i].df);
      if (!st) st = cell_u64(c, rows[i].rank);
      if (!st) st = yl_csv_end_row(c);
    }
    free(rows);
  }
  return close_table(x, YL_TABLE_FREQUENCY, c, st);
}

static yl_status write_wide(const outctx *x) {
  const merged *m = x->m;
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
    st = open_table(x, YL_TABLE_FREQUENCY_WIDE, cols, &c);
    if (st) {
      free(cols);
      free(offs);
      yl_buf_free(&names);
      return st;
    }
  }
  yl_freq_row *rows = NULL;
  size_t n = 0;
  if (!st) st = yl_counts_freq_rows(m->all, m->v, 1, &rows, &n);
  size_t lim = x->o->wide_top && x->o->wide_top < n ? x->o->wide_top : n;
  for (size_t i = 0; !st && i < lim; i++) {
    st = cell_term(c, m, rows[i].id);
    if (!st) st = cell_u64(c, rows[i].count);
    if (!st) st = yl_csv_double(c, rows[i].per_10k);
    for (size_t g = 0; !st && g < ng; g++) {
      uint64_t k = yl_counts_count(m->g[g], rows[i].id), tok = yl_counts_tokens(m->g[g]);
      st = cell_u64(c, k);
      if (!st) st = yl_csv_double(c, tok ? (double)k / (double)tok * 10000.0 : 0.0);
    }
    if (!st) st = yl_csv_end_row(c);
  }
  free(rows);
  free(cols);
  free(offs);
  yl_buf_free(&names);
  if (!c) return st;
  return close_table(x, YL_TABLE_FREQUENCY_WIDE, c, st);
}

static yl_status write_group_tfidf(const outctx *x, yl_csv *tf, yl_csv *kwc) {
  merged *m = x->m;
  if (x->o->group_by == YL_GROUP_NONE) return YL_OK;
  m->grows = calloc(m->ng ? m->ng : 1, sizeof *m->grows);
  m->ngrows = calloc(m->ng ? m->ng : 1, sizeof *m->ngrows);
  if (!m->grows || !m->ngrows) return YL_ERR_NOMEM;
  numcache nc;
  memset(&nc, 0, sizeof nc);
  yl_status st = YL_OK;
  for (size_t g = 0; !st && g < m->ng; g++) {
    st = yl_tfidf_rows(m->g[g], m->v, m->grp_idf, x->o->scheme, &m->grows[g], &m->ngrows[g]);
    if (!st)
      st = unit_rows(tf, kwc, m, "group", m->names[g], m->grows[g], m->ngrows[g], 0,
                     x->o->keywords, m->units, 1, &nc);
  }
  numcache_free(&nc);
  return st;
}

/* Pass 2 in parallel: the documents are cut into one contiguous range per worker
 * (balanced by spill bytes); each job writes its rows of documents.csv, tfidf.csv and
 * keywords.csv to part files (yl_csv, no BOM, no header) and counts co-occurrence in
 * its own tables. The parts are then concatenated in range order behind the header,
 * and the co-occurrence tables merged by summing: the same bytes for any -j. */
typedef struct p2job {
  run *r;
  merged *m;
  outctx x;
  char *err;
  size_t i0, i1;
  unsigned k;
  yl_cooc **cooc; /* own tables (job 0 uses the merged ones) */
  yl_csv *c[3];     /* documents, tfidf, keywords: job 0 the tables, the others parts */
  uint64_t rows[3]; /* rows of its parts */
  yl_status st;
} p2job;

static const char *const part_names[] = {"documents", "tfidf", "keywords", "cooccurrence"};
static const yl_analyze_table part_tables[] = {YL_TABLE_DOCUMENTS, YL_TABLE_TFIDF,
                                               YL_TABLE_KEYWORDS, YL_TABLE_COOCCURRENCE};

static int part_path(const yl_analyze_opts *o, unsigned which, unsigned k, char *out, size_t cap) {
  return snprintf(out, cap, "%s/.yl-%s.%u.part", o->out_dir, part_names[which], k) < (int)cap;
}

static yl_status open_part(const outctx *x, unsigned which, unsigned k, yl_csv **out) {
  char path[PATH_MAX];
  *out = NULL;
  if (!part_path(x->o, which, k, path, sizeof path)) return YL_ERR_IO;
  yl_status st = yl_csv_open(path, x->o->csv_flags | YL_CSV_NO_BOM, out);
  if (st) {
    int e = errno;
    return set_err(x->errmsg, st, "%s: %s", path, st == YL_ERR_IO ? strerror(e) : yl_strerror(st));
  }
  return YL_OK;
}

/* Closes the part file of table 't' written by another thread; its write failure is
 * reported in that thread (errno is per thread) under the table's name. */
static yl_status close_part(const outctx *x, yl_analyze_table t, yl_csv *c, yl_status st,
                            uint64_t *rows) {
  if (!c) return st;
  *rows += yl_csv_rows(c);
  if (st) {
    int e = yl_csv_errno(c);
    yl_csv_abort(c);
    if (e) set_err(x->errmsg, st, "%s/%s: %s", x->o->out_dir, yl_analyze_table_name(t), strerror(e));
    return st;
  }
  st = yl_csv_commit(c);
  if (st)
    return set_err(x->errmsg, st, "%s/%s: %s", x->o->out_dir, yl_analyze_table_name(t),
                   strerror(errno));
  return YL_OK;
}

static void remove_part(const yl_analyze_opts *o, unsigned which, unsigned k) {
  char path[PATH_MAX];
  if (part_path(o, which, k, path, sizeof path)) unlink(path);
}

static void remove_parts(const yl_analyze_opts *o, unsigned nparts) {
  for (unsigned which = 0; which < 3; which++)
    for (unsigned k = 0; k <= nparts; k++) remove_part(o, which, k);
}

/* Appends part 'k' of table 'which' (its 'rows' rows) to 'c' and removes the part. */
static yl_status append_part(const outctx *x, yl_csv *c, unsigned which, unsigned k,
                             uint64_t rows) {
  char pp[PATH_MAX];
  part_path(x->o, which, k, pp, sizeof pp);
  yl_status st = yl_csv_append_file(c, pp, rows);
  if (st) set_err(x->errmsg, st, "%s: %s", pp, strerror(errno));
  unlink(pp);
  return st;
}

/* Job 0 writes into the tables themselves (opened by pass2_parallel), every other job
 * into part files that are appended to them afterwards, in job order. */
static void *p2_main(void *arg) {
  p2job *j = arg;
  yl_status st = YL_OK;
  for (unsigned w = 0; j->k && !st && w < 3; w++) st = open_part(&j->x, w, j->k, &j->c[w]);
  if (!st) st = pass2(j->r, j->m, &j->x, j->c[0], j->c[1], j->c[2], j->i0, j->i1, j->cooc);
  for (unsigned w = 0; j->k && w < 3; w++) {
    st = close_part(&j->x, part_tables[w], j->c[w], st, &j->rows[w]);
    j->c[w] = NULL;
  }
  j->st = st;
  return NULL;
}

/* Runs pass 2 in 'nj' jobs (job 0 on the calling thread), merges their co-occurrence
 * tables and writes the group-level TF-IDF rows as the last part. */
static yl_status pass2_parallel(run *r, merged *m, const outctx *x, unsigned nj) {
  const yl_analyze_opts *o = r->o;
  p2job *jobs = calloc(nj, sizeof *jobs);
  pthread_t *th = calloc(nj, sizeof *th);
  int *started = calloc(nj, sizeof *started);
  yl_status st = jobs && th && started ? YL_OK : YL_ERR_NOMEM;
  uint64_t total = 0;
  for (size_t i = 0; i < r->ndocs; i++) total += r->docs[i].len + 64;
  size_t i = 0;
  uint64_t acc = 0;
  for (unsigned k = 0; !st && k < nj; k++) {
    p2job *j = &jobs[k];
    j->r = r;
    j->m = m;
    j->x = (outctx){o, m, &j->err, NULL};
    j->k = k;
    j->i0 = i;
    uint64_t target = total / nj * (k + 1);
    while (i < r->ndocs && (k + 1 == nj || acc < target)) acc += r->docs[i++].len + 64;
    j->i1 = i;
    if (k == 0) {
      j->cooc = m->cooc;
      continue;
    }
    j->cooc = calloc(m->ng + 1, sizeof *j->cooc);
    if (!j->cooc) st = YL_ERR_NOMEM;
    for (size_t g = 0; !st && g < m->ng + 1; g++) st = new_cooc(o, m, &j->cooc[g]);
  }
  const char *doc_cols[YL_DOCCSV_NCOLS + sizeof doc_extra_cols / sizeof *doc_extra_cols];
  memcpy(doc_cols, yl_doccsv_columns, YL_DOCCSV_NCOLS * sizeof *doc_cols);
  memcpy(doc_cols + YL_DOCCSV_NCOLS, doc_extra_cols, sizeof doc_extra_cols);
  const char *const *cols[3] = {doc_cols, tfidf_cols, kw_cols};
  yl_csv *c[3] = {NULL, NULL, NULL};
  for (unsigned w = 0; !st && w < 3; w++) st = open_table(x, part_tables[w], cols[w], &c[w]);
  for (unsigned w = 0; !st && w < 3; w++) jobs[0].c[w] = c[w];
  for (unsigned k = 1; !st && k < nj; k++)
    if (pthread_create(&th[k], NULL, p2_main, &jobs[k]) == 0) started[k] = 1;
    else p2_main(&jobs[k]);
  if (!st) p2_main(&jobs[0]);
  for (unsigned k = 1; jobs && k < nj; k++)
    if (started[k]) pthread_join(th[k], NULL);
  for (unsigned k = 0; !st && k < nj; k++) {
    if (jobs[k].st) {
      st = jobs[k].st;
      if (x->errmsg && !*x->errmsg) {
        *x->errmsg = jobs[k].err;
        jobs[k].err = NULL;
      }
    }
  }
  for (unsigned k = 1; !st && k < nj; k++)
    for (size_t g = 0; !st && g < m->ng; g++) st = yl_cooc_merge(m->cooc[g], jobs[k].cooc[g], NULL);
  /* The other jobs' rows after job 0's, in order; then the group-level rows. */
  for (unsigned w = 0; !st && w < 3; w++)
    for (unsigned k = 1; !st && k < nj; k++) st = append_part(x, c[w], w, k, jobs[k].rows[w]);
  if (!st) st = write_group_tfidf(x, c[1], c[2]);
  for (unsigned w = 0; w < 3; w++) st = close_table(x, part_tables[w], c[w], st);
  for (unsigned k = 0; jobs && k < nj; k++) {
    free(jobs[k].err);
    if (k && jobs[k].cooc) {
      for (size_t g = 0; g < m->ng + 1; g++) yl_cooc_free(jobs[k].cooc[g]);
      free(jobs[k].cooc);
    }
  }
  free(jobs);
  free(th);
  free(started);
  if (st) remove_parts(o, nj);
  return st;
}

static yl_status write_keyness(const outctx *x, yl_analyze_summary *sum) {
  static const char *const cols[] = {
      "group", "term", "count_target", "count_reference", "per_10k_target",
      "per_10k_reference", "g2", "p_value", "log_ratio", "pct_diff", "significant", NULL};
  const merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = open_table(x, YL_TABLE_KEYNESS, cols, &c);
  if (st) return st;
  if (x->o->group_by == YL_GROUP_NONE) sum->keyness_note = "no groups (--group-by none)";
  else if (m->ng < 2) sum->keyness_note = "only one group: nothing to compare with";
  yl_keyness_opts ko = YL_KEYNESS_OPTS_DEFAULT;
  ko.alpha = x->o->alpha;
  ko.min_count = x->o->keyness_min_count;
  for (size_t g = 0; !st && !sum->keyness_note && g < m->ng; g++) {
    uint64_t n1 = yl_counts_tokens(m->g[g]), n = yl_counts_tokens(m->all);
    if (!n1 || n1 == n) continue; /* empty target or empty rest: no test possible */
    yl_keyness_row *rows = NULL;
    size_t nr = 0;
    st = yl_keyness_rows(m->g[g], m->all, m->v, &ko, &rows, &nr);
    for (size_t i = 0; !st && i < nr; i++) {
      const yl_keyness_row *k = &rows[i];
      st = yl_csv_str(c, m->names[g]);
      if (!st) st = cell_term(c, m, k->id);
      if (!st) st = cell_u64(c, k->a);
      if (!st) st = cell_u64(c, k->b);
      if (!st) st = yl_csv_double(c, (double)k->a / (double)k->n1 * 10000.0);
      if (!st) st = yl_csv_double(c, (double)k->b / (double)k->n2 * 10000.0);
      if (!st) st = yl_csv_double(c, k->g2);
      if (!st) st = yl_csv_double(c, k->p_value);
      if (!st) st = yl_csv_double(c, k->log_ratio);
      if (!st) st = yl_csv_double(c, k->pct_diff);
      if (!st) st = yl_csv_bool(c, k->significant);
      if (!st) st = yl_csv_end_row(c);
    }
    free(rows);
  }
  return close_table(x, YL_TABLE_KEYNESS, c, st);
}

static yl_status write_similarity(const outctx *x) {
  static const char *const cols[] = {"group_a", "group_b", "cosine_tfidf", "jsd",
                                     "shared_top", "top_k", NULL};
  const merged *m = x->m;
  yl_csv *c = NULL;
  yl_status st = open_table(x, YL_TABLE_SIMILARITY, cols, &c);
  if (st) return st;
  size_t ng = x->o->group_by == YL_GROUP_NONE ? 0 : m->ng;
  for (size_t a = 0; !st && a < ng; a++)
    for (size_t b = a + 1; !st && b < ng; b++) {
      double cos = 0, jsd = 0;
      st = yl_sim_cosine(m->grows[a], m->ngrows[a], m->grows[b], m->ngrows[b], &cos);
      int empty = !yl_counts_tokens(m->g[a]) || !yl_counts_tokens(m->g[b]);
      if (!st && !empty) st = yl_sim_jsd(m->g[a], m->g[b], m->v, &jsd);
      size_t sh = yl_sim_top_shared(m->grows[a], m->ngrows[a], m->grows[b], m->ngrows[b],
                                    x->o->sim_top);
      if (!st) st = yl_csv_str(c, m->names[a]);
      if (!st) st = yl_csv_str(c, m->names[b]);
      if (!st) st = yl_csv_double(c, cos);
      if (!st) st = empty ? yl_csv_str(c, "") : yl_csv_double(c, jsd);
      if (!st) st = cell_u64(c, sh);
      if (!st) st = cell_u64(c, x->o->sim_top);
      if (!st) st = yl_csv_end_row(c);
    }
  return close_table(x, YL_TABLE_SIMILARITY, c, st);
}

/* Rows of groups g0 .. g1 − 1 (m->ng = ALL) of cooccurrence.csv into 'c'. */
static yl_status cooc_rows_out(const outctx *x, yl_csv *c, size_t g0, size_t g1) {
  const merged *m = x->m;
  const char *ctx = yl_cooc_context_name(x->o->context);
  uint64_t minc = x->o->cooc_min_count ? x->o->cooc_min_count : 1;
  yl_status st = YL_OK;
  for (size_t g = g0; !st && g < g1; g++) {
    yl_cooc_row *rows = NULL;
    size_t n = 0;
    st = yl_cooc_rows(m->cooc[g], m->v, minc, &rows, &n);
    for (size_t i = 0; !st && i < n; i++) {
      const yl_cooc_row *k = &rows[i];
      st = cell_term(c, m, k->id_a);
      if (!st) st = cell_term(c, m, k->id_b);
      if (!st) st = cell_u64(c, k->o11);
      if (!st) st = yl_csv_str(c, group_label(m, g));
      if (!st) st = yl_csv_str(c, ctx);
      if (!st) st = cell_u64(c, k->n);
      if (!st) st = cell_u64(c, k->f_a);
      if (!st) st = cell_u64(c, k->f_b);
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

/* The second half of the groups, written by a thread into a part file. */
typedef struct coocjob {
  outctx x;
  size_t g0, g1;
  uint64_t rows;
  char *err;
  yl_status st;
} coocjob;

static void *cooc_main(void *arg) {
  coocjob *j = arg;
  yl_csv *c = NULL;
  yl_status st = open_part(&j->x, 3, 1, &c);
  if (!st) st = cooc_rows_out(&j->x, c, j->g0, j->g1);
  j->st = close_part(&j->x, YL_TABLE_COOCCURRENCE, c, st, &j->rows);
  return NULL;
}

/* cooccurrence.csv: groups in order, then ALL. With 'nj' > 1 workers the groups are
 * split in two runs of about the same number of pairs, the second written by a thread
 * and appended (association measures, p-values and number formatting are most of it). */
static yl_status write_cooc(const outctx *x, unsigned nj) {
  static const char *const cols[] = {"Source", "Target", "Weight", "group", "context", "units",
                                     "f_source", "f_target", "pmi", "npmi", "log_dice",
                                     "t_score", "g2", "p_value", "jaccard", NULL};
  merged *m = x->m;
  yl_status st = YL_OK;
  for (size_t g = 0; !st && g < m->ng; g++) st = yl_cooc_merge(m->cooc[m->ng], m->cooc[g], NULL);
  if (st) return st;
  yl_csv *c = NULL;
  st = open_table(x, YL_TABLE_COOCCURRENCE, cols, &c);
  if (st) return st;
  size_t first = x->o->group_by == YL_GROUP_NONE ? m->ng : 0, split = m->ng + 1;
  if (nj > 1 && m->ng > first) {
    uint64_t total = 0, acc = 0;
    for (size_t g = first; g <= m->ng; g++) total += yl_cooc_npairs(m->cooc[g]);
    for (split = first; split <= m->ng && 2 * acc < total; split++)
      acc += yl_cooc_npairs(m->cooc[split]);
  }
  coocjob j = {{x->o, m, NULL, NULL}, split, m->ng + 1, 0, NULL, YL_OK};
  j.x.errmsg = &j.err;
  pthread_t th;
  int started = split <= m->ng && pthread_create(&th, NULL, cooc_main, &j) == 0;
  st = cooc_rows_out(x, c, first, started ? split : m->ng + 1);
  if (started) {
    pthread_join(th, NULL);
    if (!st && j.st) {
      st = j.st;
      if (x->errmsg && !*x->errmsg) *x->errmsg = j.err, j.err = NULL;
    }
    if (!st) st = append_part(x, c, 3, 1, j.rows);
    else remove_part(x->o, 3, 1);
  }
  free(j.err);
  return close_table(x, YL_TABLE_COOCCURRENCE, c, st);
}

/* ---- summary --------------------------------------------------------------------- */

static int reason_cmp(const void *a, const void *b) {
  return strcmp(((const yl_analyze_reason *)a)->reason, ((const yl_analyze_reason *)b)->reason);
}

static yl_status fill_summary(run *r, merged *m, yl_analyze_summary *s) {
  s->files = r->ndocs;
  for (size_t i = 0; i < r->ndocs; i++) {
    const yl_doc *d = r->docs[i].meta;
    if (d->status == YL_DOC_ANALYSED) {
      s->analysed++;
      continue;
    }
    if (d->status == YL_DOC_DUPLICATE) {
      s->duplicates++;
      continue;
    }
    s->skipped++;
    size_t k = 0;
    while (k < s->n_reasons && strcmp(s->reasons[k].reason, d->note)) k++;
    if (k == s->n_reasons) {
      yl_analyze_reason *p = realloc(s->reasons, (k + 1) * sizeof *p);
      if (!p) return YL_ERR_NOMEM;
      s->reasons = p;
      p[k].reason = xstrndup(d->note, strlen(d->note));
      if (!p[k].reason) return YL_ERR_NOMEM;
      p[k].n = 0;
      s->n_reasons++;
    }
    s->reasons[k].n++;
  }
  if (s->n_reasons) qsort(s->reasons, s->n_reasons, sizeof *s->reasons, reason_cmp);
  for (unsigned k = 0; k < r->nw; k++) {
    const worker *w = &r->w[k];
    s->bytes += w->bytes;
    s->tokens_seen += w->seen;
    for (int j = 0; j < YL_FILTER_NREASONS; j++) s->dropped[j] += w->dropped[j];
  }
  s->tokens = yl_counts_tokens(m->all);
  s->types = yl_counts_nterms(m->all);
  s->threads = r->nw;
  if (r->o->group_by != YL_GROUP_NONE && m->ng) {
    s->groups = calloc(m->ng, sizeof *s->groups);
    if (!s->groups) return YL_ERR_NOMEM;
    for (size_t g = 0; g < m->ng; g++) {
      s->groups[g].name = xstrndup(m->names[g], strlen(m->names[g]));
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

static unsigned thread_count(const yl_analyze_opts *o, size_t ndocs) {
  long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > 256) n = 256;
  if ((size_t)n > ndocs) n = ndocs ? (long)ndocs : 1;
  return (unsigned)n;
}

static yl_status pass1(run *r, char **errmsg) {
  yl_status st = YL_OK;
  unsigned started = 0;
  for (unsigned k = 0; k < r->nw; k++) {
    st = worker_init(&r->w[k], r, k);
    if (st) {
      int e = errno;
      return set_err(errmsg, st, st == YL_ERR_IO ? "%s: cannot create a spill file: %s" : "%s: %s",
                     r->o->out_dir, st == YL_ERR_IO ? strerror(e) : yl_strerror(st));
    }
  }
  for (unsigned k = 0; k < r->nw; k++) {
    if (pthread_create(&r->w[k].th, NULL, worker_main, &r->w[k])) {
      atomic_store(&r->stop, 1);
      st = set_err(errmsg, YL_ERR_NOMEM, "cannot start worker thread");
      break;
    }
    started++;
  }
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
  for (unsigned k = 0; k < started; k++) pthread_join(r->w[k].th, NULL);
  if (r->o->progress) r->o->progress(r->o->cb_ctx, atomic_load(&r->done), r->ndocs, atomic_load(&r->bytes));
  if (st) return st;
  /* Report the error of the lowest document index, so the message is stable. */
  size_t best = SIZE_MAX;
  const worker *bw = NULL;
  for (unsigned k = 0; k < r->nw; k++)
    if (r->w[k].err && (!bw || r->w[k].err_doc < best)) bw = &r->w[k], best = r->w[k].err_doc;
  if (bw) {
    if (bw->err_doc == SIZE_MAX)
      return set_err(errmsg, bw->err, "spill file: %s",
                     bw->err == YL_ERR_IO ? "write failed" : yl_strerror(bw->err));
    return set_err(errmsg, bw->err, "%s: %s", r->o->files->v[bw->err_doc].path, yl_strerror(bw->err));
  }
  return YL_OK;
}

/* The tables that need nothing from pass 2 (frequency, frequency_wide, keyness) are
 * written by a second thread while pass 2 runs, when more than one worker is allowed:
 * pass 2 is sequential (document order), and these tables were a third of a run's time.
 * Both threads only read the merged state; each table is its own file. */
typedef struct side {
  outctx x;
  yl_analyze_summary *sum;
  char *err;
  yl_status st;
} side;

static void *side_tables(void *arg) {
  side *sd = arg;
  yl_status st = write_frequency(&sd->x);
  if (!st) st = write_wide(&sd->x);
  if (!st) st = write_keyness(&sd->x, sd->sum);
  sd->st = st;
  return NULL;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

yl_status yl_analyze_run(const yl_analyze_opts *o, yl_analyze_summary *sum, char **errmsg) {
  memset(sum, 0, sizeof *sum);
  double t[5];
  t[0] = mono();
  if (errmsg) *errmsg = NULL;
  if (!o || !o->ingest || !o->files || !o->dict || !o->filter || !o->out_dir ||
      (o->context == YL_COOC_WINDOW && o->window < 1))
    return YL_ERR_INVALID;
  run r;
  memset(&r, 0, sizeof r);
  r.o = o;
  r.ndocs = o->files->n;
  atomic_init(&r.next, 0);
  atomic_init(&r.done, 0);
  atomic_init(&r.bytes, 0);
  atomic_init(&r.stop, 0);
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.cv, NULL);
  r.nw = thread_count(o, r.ndocs);
  r.docs = calloc(r.ndocs ? r.ndocs : 1, sizeof *r.docs);
  r.w = calloc(r.nw, sizeof *r.w);
  for (unsigned k = 0; r.w && k < r.nw; k++) r.w[k].fd = -1;
  merged m;
  memset(&m, 0, sizeof m);
  outctx x = {o, &m, errmsg, sum->rows};
  yl_status st = r.docs && r.w ? YL_OK : YL_ERR_NOMEM;
  if (!st) st = pass1(&r, errmsg);
  if (!st) st = dedupe_and_count(&r, errmsg);
  t[1] = mono();
  if (!st && o->note)
    for (size_t i = 0; i < r.ndocs; i++)
      if (r.docs[i].meta->note && *r.docs[i].meta->note)
        o->note(o->cb_ctx, r.docs[i].meta->path, r.docs[i].meta->note);
  if (!st) st = merge_workers(&r, &m);
  for (unsigned k = 0; !st && k < r.nw; k++) worker_free_pass1(&r.w[k]);
  if (!st) {
    if (o->idf_table) m.doc_idf = m.grp_idf = o->idf_table;
    else {
      st = yl_idf_from_counts(m.all, &m.own_doc_idf);
      if (!st) st = yl_idf_from_counts(m.units, &m.own_grp_idf);
      m.doc_idf = m.own_doc_idf;
      m.grp_idf = m.own_grp_idf;
    }
  }
  if (!st) st = yl_idf_values(m.doc_idf, o->scheme, m.v, &m.doc_idf_v);
  if (!st) st = cooc_setup(o, &m, sum);
  t[2] = mono();
  side sd;
  memset(&sd, 0, sizeof sd);
  sd.x = (outctx){o, &m, &sd.err, sum->rows};
  sd.sum = sum;
  pthread_t sth;
  int side_started = !st && r.nw > 1 && pthread_create(&sth, NULL, side_tables, &sd) == 0;
  if (!st) st = pass2_parallel(&r, &m, &x, r.nw);
  t[3] = mono();
  if (side_started) pthread_join(sth, NULL);
  else if (!st) side_tables(&sd);
  if (!st && sd.st) {
    st = sd.st;
    if (errmsg && !*errmsg) {
      *errmsg = sd.err;
      sd.err = NULL;
    }
  }
  free(sd.err);
  if (!st) st = write_similarity(&x);
  if (!st) st = write_cooc(&x, r.nw);
  if (!st) st = fill_summary(&r, &m, sum);
  t[4] = mono();
  for (int i = 0; i < 4; i++) sum->seconds[i] = t[i + 1] - t[i];
  if (st && errmsg && !*errmsg) set_err(errmsg, st, "analyze: %s", yl_strerror(st));
  merged_free(&m);
  for (size_t i = 0; i < r.ndocs && r.docs; i++) yl_doc_free(r.docs[i].meta);
  free(r.docs);
  for (unsigned k = 0; r.w && k < r.nw; k++) worker_free(&r.w[k]);
  free(r.w);
  for (size_t i = 0; i < r.nos; i++) {
    free(r.os[i].id);
    yl_filter_stops_free(r.os[i].s);
  }
  free(r.os);
  pthread_mutex_destroy(&r.mu);
  pthread_cond_destroy(&r.cv);
  if (st) yl_analyze_summary_clear(sum);
  return st;
}
