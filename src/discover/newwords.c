/* yuliao newwords: the run (see include/yuliao/newwords.h for the four passes and
 * docs/newwords.md for the rules). Setting up reuses analyze's steps (pipeline/setup.h)
 * and its duplicate marking (pipeline/docs.h); the tables go through yuliao/outdir.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/escape.h"
#include "base/lines.h"
#include "base/mem.h"
#include "base/pool.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "ingest/doc.h"
#include "pipeline/analyze_internal.h"
#include "pipeline/config.h"
#include "pipeline/docs.h"
#include "pipeline/manifest.h"
#include "pipeline/setup.h"
#include "yuliao/csv.h"
#include "yuliao/newwords.h"
#include "yuliao/outdir.h"
#include "yuliao/outfile.h"
#include "yuliao/outlets.h"
#include "yuliao/sketch.h"

void yl_newwords_opts_init(yl_newwords_opts *o) {
  o->top = 200;
  o->min_count = 5;
}

/* ---- tokens and candidate occurrences ------------------------------------------------ */

/* What a token is to the candidates: a separator ends a run; a joiner ('-', '·') may
 * stand inside a candidate but never at its ends. */
enum { T_SEP = 0, T_WORD = 1, T_JOIN = 2 };

typedef struct nw_tok {
  uint32_t off, len;
  uint8_t kind, nch;
} nw_tok;

static int kind_of(const yl_token *t, const char *s) {
  if (t->kind == YL_TOK_WORD || t->kind == YL_TOK_HMM) return T_WORD;
  if (t->kind != YL_TOK_OTHER) return T_SEP;
  unsigned char c = (unsigned char)s[0];
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return T_WORD;
  if ((t->len == 1 && c == '-') || (t->len == 2 && c == 0xC2 && (unsigned char)s[1] == 0xB7))
    return T_JOIN;
  return T_SEP;
}

/* A string's key: FNV-1a over its bytes, then a 64-bit finaliser (splitmix64's) with the
 * length mixed in. Byte by byte, so that a start's extensions hash incrementally: the
 * string is the same key whichever tokens it was cut into. */
#define KEY_SEED UINT64_C(0xCBF29CE484222325)
static inline uint64_t key_step(uint64_t st, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) st = (st ^ (unsigned char)s[i]) * UINT64_C(0x100000001B3);
  return st;
}
static inline uint64_t key_end(uint64_t st, size_t n) {
  uint64_t z = st + n * UINT64_C(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return yl_u64map_hkey(z ^ (z >> 31));
}
static uint64_t key_of(const char *s, size_t n) { return key_end(key_step(KEY_SEED, s, n), n); }

enum { GO = 0, STOP = 1 };
/* Called for the occurrence of tokens [i, j] (j > i) whose bytes have key 'h'. */
typedef int (*gram_fn)(void *ctx, size_t i, size_t j, uint64_t h);

/* Every candidate occurrence of a paragraph's tokens: each start at a word token, each
 * end at a later word token of the same run, at most YL_NEWWORDS_MAX_CHARS characters;
 * STOP ends the extensions of the start. */
static void each_gram(const char *text, const nw_tok *t, size_t nt, gram_fn fn, void *ctx) {
  for (size_t i = 0; i < nt; i++) {
    if (t[i].kind != T_WORD) continue;
    unsigned chars = t[i].nch;
    uint64_t st = key_step(KEY_SEED, text + t[i].off, t[i].len);
    for (size_t j = i + 1; j < nt && t[j].kind != T_SEP; j++) {
      chars += t[j].nch;
      if (chars > YL_NEWWORDS_MAX_CHARS) break;
      st = key_step(st, text + t[j].off, t[j].len);
      if (t[j].kind != T_WORD) continue;
      if (fn(ctx, i, j, key_end(st, t[j].off + t[j].len - t[i].off)) == STOP) break;
    }
  }
}

/* ---- the run's state ------------------------------------------------------------------ */

typedef struct nw_run nw_run;

/* A string counted exactly in pass 3: its occurrences and where its bytes are. */
typedef struct nw_ent {
  uint64_t count;
  uint32_t off, len;
} nw_ent;

typedef struct nw_worker {
  nw_run *r;
  unsigned idx;
  yl_task task;
  yl_segmenter *seg;
  uint64_t *hs;    /* a paragraph's occurrence hashes, for the prefetch */
  size_t hcap, nh;
  uint32_t *hat;   /* pass 3: the start of each of them */
  uint8_t *first;  /* pass 3: see p2ctx.first */
  size_t fcap;
  nw_tok *tok;
  size_t tokcap;
  /* spill: every counted paragraph of its documents */
  int fd;
  yl_buf out;
  uint64_t spilled;
  char **gname;            /* its groups' names (index = local group) */
  size_t ng;
  uint64_t bytes, occ;
  uint8_t *sketch; /* pass 2: its own sketch (worker 0's is the run's) */
  /* pass 3 */
  yl_u64map toks;  /* single word tokens: key → count */
  yl_u64map grams; /* admitted strings: key → index + 1 in 'ents' */
  nw_ent *ents;
  size_t nents, capents;
  yl_buf text;
  uint64_t ntokens;
  /* pass 4 */
  yl_u64map nb;     /* (candidate · 2 + side) << 21 | code point → count */
  yl_u64map gcount; /* candidate · groups + group → count */
  uint64_t *cnt, *freel, *freer, *docs;
  uint32_t *last;
  yl_status err;
  size_t err_doc;
} nw_worker;

typedef struct nw_docent {
  unsigned worker;
  uint32_t group; /* the worker's local group, then the global one */
} nw_docent;

/* A string that passed the filters. */
typedef struct nw_cand {
  uint64_t key, count, docs, groups;
  const char *term;
  uint32_t len;
  double cohesion, left, right, score;
  char *jieba;
} nw_cand;

struct nw_run {
  const yl_config *cfg;
  const yl_setup *s;
  const yl_newwords_opts *o;
  yl_doc_key *keys;
  nw_docent *docs;
  uint64_t *body_len;
  unsigned char *known, *has;
  uint32_t *sig, *dup_of;
  float *sim;
  size_t ndocs;
  uint8_t *sketch;       /* 2^lines lines of 64 counters: worker 0's, once summed */
  unsigned lines, shift; /* log2 of the lines; 64 − lines */
  unsigned thresh;       /* min(--min-count, 255): what an estimate must reach */
  uint32_t *fchars; /* function characters, sorted */
  size_t nfchars;
  atomic_size_t next, done;
  atomic_uint_least64_t bytes;
  atomic_int stop;
  atomic_uint finished; /* readers done (wait_read) */
  nw_worker *w;
  unsigned nw;
  char **groups; /* sorted global names */
  size_t ngroups;
  /* after pass 3 */
  yl_u64map toks, grams;
  nw_ent *ents;
  size_t nents, capents;
  yl_buf text;
  uint64_t ntokens;
  /* candidates of pass 4 */
  nw_cand *c;
  size_t nc;
  yl_u64map cmap; /* key → candidate + 1 */
  uint64_t *gc;   /* nc × ngroups */
};


/* The sketch is blocked: a string's two counters sit in one 64-byte line of 128 4-bit
 * counters (the line from the top bits of its key, the two counters from lower bits), so
 * an occurrence costs one cache miss, not two; the estimate is the smaller of the two.
 * Four bits hold counts to 15, twice the counters of one byte each in the same memory;
 * the threshold is min(--min-count, 15), still never above a string's estimate. */
static inline size_t sk_line(const nw_run *r, uint64_t h) { return (size_t)(h >> r->shift); }
static inline void sk_pair(uint64_t h, unsigned *a, unsigned *b) {
  *a = (unsigned)(h >> 8) & 127u;
  *b = (*a + 1u + (unsigned)((h >> 15) % 127u)) & 127u; /* never *a */
}
static inline unsigned sk_get(const uint8_t *l, unsigned i) { return (l[i >> 1] >> ((i & 1) * 4)) & 15u; }
static inline unsigned sk_est(const nw_run *r, uint64_t h) {
  const uint8_t *l = r->sketch + 64 * sk_line(r, h);
  unsigned a, b;
  sk_pair(h, &a, &b);
  unsigned x = sk_get(l, a), y = sk_get(l, b);
  return x < y ? x : y;
}

/* One occurrence, a conservative update: only the smaller counter (both when equal)
 * goes up, as far as it saturates at 15. Each line has one writer (sketch_main). The
 * counters then depend on the order of the occurrences, the tables never: an estimate
 * stays at or above min(15, the string's count), which is all pass 3 needs. */
static inline void sk_add(uint8_t *l, uint64_t h) {
  unsigned a, b;
  sk_pair(h, &a, &b);
  unsigned x = sk_get(l, a), y = sk_get(l, b), m = x < y ? x : y;
  if (m == 15) return;
  if (x == m) l[a >> 1] = (uint8_t)(l[a >> 1] + (1u << ((a & 1) * 4)));
  if (y == m) l[b >> 1] = (uint8_t)(l[b >> 1] + (1u << ((b & 1) * 4)));
}

/* How many occurrences ahead a sketch line is fetched. */
#define PREFETCH_AHEAD 8

/* ---- the spill file ------------------------------------------------------------------- */

static yl_status spill_flush(nw_worker *w) {
  const char *p = w->out.data;
  size_t n = w->out.len;
  while (n) {
    ssize_t k = write(w->fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return YL_ERR_IO;
    p += k;
    n -= (size_t)k;
  }
  w->spilled += w->out.len;
  yl_buf_clear(&w->out);
  return YL_OK;
}

static yl_status put_u32(yl_buf *b, uint32_t v) { return yl_buf_put(b, &v, 4); }

static yl_status put_var(yl_buf *b, uint64_t v) {
  unsigned char t[10];
  size_t n = 0;
  do {
    t[n] = (unsigned char)(v & 0x7F);
    v >>= 7;
    if (v) t[n] |= 0x80;
    n++;
  } while (v);
  return yl_buf_put(b, t, n);
}

static uint64_t get_var(const unsigned char **p, const unsigned char *end) {
  uint64_t v = 0;
  for (unsigned sh = 0; *p < end && sh < 64; sh += 7) {
    unsigned char c = *(*p)++;
    v |= (uint64_t)(c & 0x7F) << sh;
    if (!(c & 0x80)) break;
  }
  return v;
}

/* ---- pass 1: read ------------------------------------------------------------------------ */

static yl_status reserve_tok(nw_worker *w, size_t n) {
  if (n <= w->tokcap) return YL_OK;
  size_t nc = n > 2 * w->tokcap ? n : 2 * w->tokcap;
  nw_tok *p = realloc(w->tok, nc * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  w->tok = p;
  w->tokcap = nc;
  return YL_OK;
}

/* Room for 'n' occurrence hashes in w->hs. */
static yl_status reserve_hs(nw_worker *w, size_t n) {
  if (n <= w->hcap) return YL_OK;
  uint64_t *p = realloc(w->hs, n * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  w->hs = p;
  w->hcap = n;
  return YL_OK;
}

/* Collects the occurrence hashes (para() made room); para() prefetches and counts them. */
static int sketch_gram(void *ctx, size_t i, size_t j, uint64_t h) {
  nw_worker *w = ctx;
  (void)i, (void)j;
  w->hs[w->nh++] = h;
  return GO;
}

/* One paragraph: segmented and spilled (when it has two word tokens: a candidate). */
static yl_status para(nw_worker *w, uint32_t doc, const char *text, size_t len) {
  const yl_token *t;
  size_t nt;
  if (len > UINT32_MAX) return YL_ERR_LIMIT;
  yl_status st = yl_segment(w->seg, text, len, w->r->cfg->no_hmm ? YL_SEG_NO_HMM : 0, &t, &nt);
  if (!st) st = reserve_tok(w, nt);
  if (st) return st;
  size_t words = 0;
  for (size_t k = 0; k < nt; k++) {
    nw_tok *x = &w->tok[k];
    x->off = (uint32_t)t[k].off;
    x->len = (uint32_t)t[k].len;
    x->kind = (uint8_t)kind_of(&t[k], text + t[k].off);
    words += x->kind == T_WORD;
  }
  if (words < 2) return YL_OK;
  st = put_u32(&w->out, doc);
  if (!st) st = put_u32(&w->out, (uint32_t)len);
  if (!st) st = put_u32(&w->out, (uint32_t)nt);
  if (!st) st = yl_buf_put(&w->out, text, len);
  for (size_t k = 0; !st && k < nt; k++)
    st = put_var(&w->out, (uint64_t)w->tok[k].len << 2 | w->tok[k].kind);
  if (!st && w->out.len >= (1u << 20)) st = spill_flush(w);
  return st;
}

static yl_status local_group(nw_worker *w, const char *name, size_t len, uint32_t *out) {
  for (size_t i = w->ng; i-- > 0;)
    if (strlen(w->gname[i]) == len && !memcmp(w->gname[i], name, len)) {
      *out = (uint32_t)i;
      return YL_OK;
    }
  char **p = realloc(w->gname, (w->ng + 1) * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  w->gname = p;
  if (!(p[w->ng] = strndup(name, len))) return YL_ERR_NOMEM;
  *out = (uint32_t)w->ng++;
  return YL_OK;
}

static yl_status process(nw_worker *w, size_t i) {
  nw_run *r = w->r;
  const yl_ingest_entry *en = &r->s->list.v[i];
  yl_doc *d = NULL;
  yl_status st = en->skip ? yl_ingest_skipped(en->path, en->skip, &d)
                          : yl_ingest_file(r->s->ing, en->path, &d);
  if (st) return st;
  r->keys[i].doc = d;
  r->docs[i].worker = w->idx;
  if (d->status == YL_DOC_SKIPPED) {
    yl_doc_drop_paras(d);
    return YL_OK;
  }
  const char *gname = "";
  size_t glen = 0;
  if (r->cfg->group_by == YL_GROUP_OUTLET) gname = d->outlet, glen = strlen(d->outlet);
  else if (r->cfg->group_by == YL_GROUP_FOLDER) gname = yl_analyze_folder_name(d->path, &glen);
  char *shown = NULL; /* a folder name is shown escaped, as analyze shows it */
  if (glen && yl_escape_needed(gname, glen)) {
    if (!(shown = malloc(YL_ESCAPE_CAP(glen)))) return YL_ERR_NOMEM;
    glen = yl_escape_name(gname, glen, shown, YL_ESCAPE_CAP(glen));
    gname = shown;
  }
  st = local_group(w, gname, glen, &r->docs[i].group);
  free(shown);
  uint64_t bh = 0;
  int any = 0;
  yl_sketch sk;
  if (r->sig) yl_sketch_init(&sk);
  for (size_t p = 0; !st && p < d->n_paras; p++) {
    const yl_para *pa = &d->paras[p];
    int counted = (r->cfg->kinds >> pa->kind) & 1, body = pa->kind == YL_PARA_BODY && pa->len;
    if (!counted && !body) continue;
    const char *t;
    size_t len, han, trad;
    char *conv;
    int keep = r->cfg->script != YL_SCRIPT_SIMPLIFIED;
    st = yl_doc_para_text(d, p, keep ? NULL : r->s->script, keep, &han, &trad, &t, &len, &conv);
    if (!st && body) {
      bh = yl_body_hash_add(bh, t, len);
      any = 1;
      r->body_len[i] += len;
      if (r->sig) yl_sketch_add(&sk, t, len);
    }
    if (!st && counted) {
      w->bytes += pa->len;
      atomic_fetch_add_explicit(&r->bytes, pa->len, memory_order_relaxed);
      st = para(w, (uint32_t)i, t, len);
    }
    free(conv);
  }
  if (st) return st;
  r->keys[i] = (yl_doc_key){d, yl_url_hash(d->url), yl_body_hash_end(bh, any)};
  r->known[i] = yl_outlets_by_id(yl_ingest_outlets(r->s->ing), d->outlet) != NULL;
  if (r->sig) r->has[i] = (unsigned char)yl_sketch_finish(&sk, r->sig + i * YL_SKETCH_BINS);
  yl_doc_drop_paras(d);
  return YL_OK;
}

static void read_main(void *arg) {
  nw_worker *w = arg;
  nw_run *r = w->r;
  yl_status st = YL_OK;
  while (!atomic_load(&r->stop)) {
    size_t i = atomic_fetch_add(&r->next, 1);
    if (i >= r->ndocs) break;
    if ((st = process(w, i))) {
      w->err_doc = i;
      break;
    }
    atomic_fetch_add(&r->done, 1);
  }
  if (!st && (st = spill_flush(w))) w->err_doc = SIZE_MAX;
  if (st) {
    w->err = st;
    atomic_store(&r->stop, 1);
  }
  yl_segmenter_free(w->seg);
  w->seg = NULL;
  yl_buf_free(&w->out);
}

/* ---- passes 2 and 3: the sketch, the exact counts ---------------------------------------- */

/* A spill record read back. */
typedef struct nw_rec {
  uint32_t doc;
  const char *text;
  size_t len, nt;
} nw_rec;

/* Reads a worker's spill file from its start in blocks (read(), not mmap: the page
 * cache is not the process's memory). */
typedef struct nw_reader {
  unsigned char *buf;
  size_t cap, at, end;
  uint64_t left, pos; /* bytes of the file not yet read; where they start */
  int fd;
} nw_reader;

/* A reader of worker 'w''s file from its start (pread: several readers share the file).
 * Keeps 'rd''s buffer. */
static yl_status reader_open(nw_reader *rd, const nw_worker *w) {
  rd->at = rd->end = 0;
  rd->fd = w->fd;
  rd->left = w->spilled;
  rd->pos = 0;
  return YL_OK;
}

/* At least 'need' bytes from rd->at in the buffer, or all that is left: YL_OK, or an error. */
static yl_status reader_fill(nw_reader *rd, size_t need) {
  if (rd->end - rd->at >= need || !rd->left) return YL_OK;
  if (rd->end > rd->at) memmove(rd->buf, rd->buf + rd->at, rd->end - rd->at);
  rd->end -= rd->at;
  rd->at = 0;
  size_t want = need > (4u << 20) ? need : (4u << 20);
  if (want > rd->cap) {
    unsigned char *p = realloc(rd->buf, want);
    if (!p) return YL_ERR_NOMEM;
    rd->buf = p;
    rd->cap = want;
  }
  while (rd->end < rd->cap && rd->left) {
    size_t k = rd->cap - rd->end;
    if (k > rd->left) k = (size_t)rd->left;
    ssize_t got = pread(rd->fd, rd->buf + rd->end, k, (off_t)rd->pos);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return YL_ERR_IO;
    rd->end += (size_t)got;
    rd->left -= (uint64_t)got;
    rd->pos += (uint64_t)got;
  }
  return YL_OK;
}

/* The next record (its tokens into w->tok); 0 at the end or on an error ('*st'). */
static int next_rec(nw_worker *w, nw_reader *rd, nw_rec *rec, yl_status *st) {
  if ((*st = reader_fill(rd, 12)) || rd->end - rd->at < 12) return 0;
  uint32_t h[3];
  memcpy(h, rd->buf + rd->at, 12);
  /* a token's varint is at most 6 bytes (lengths below 2^32) */
  size_t size = 12 + (size_t)h[1] + 6 * (size_t)h[2];
  if ((*st = reader_fill(rd, size))) return 0;
  const unsigned char *p = rd->buf + rd->at + 12, *end = rd->buf + rd->end;
  if ((size_t)(end - p) < h[1]) {
    *st = YL_ERR_PARSE;
    return 0;
  }
  rec->doc = h[0];
  rec->len = h[1];
  rec->nt = h[2];
  rec->text = (const char *)p;
  p += h[1];
  if ((*st = reserve_tok(w, rec->nt))) return 0;
  uint32_t off = 0;
  for (size_t k = 0; k < rec->nt; k++) {
    uint64_t v = get_var(&p, end);
    nw_tok *x = &w->tok[k];
    x->off = off;
    x->len = (uint32_t)(v >> 2);
    x->kind = (uint8_t)(v & 3);
    size_t nch = yl_utf8_count(rec->text + off, x->len);
    x->nch = (uint8_t)(nch > 255 ? 255 : nch);
    off += x->len;
  }
  if (off != rec->len) {
    *st = YL_ERR_PARSE;
    return 0;
  }
  rd->at = (size_t)(p - rd->buf);
  return 1;
}

/* The sketch pass, one worker: its own spill file, every occurrence in a document
 * counted, into its own sketch; the sketches are then summed (sketch_sum). */
static void sketch_main(void *arg) {
  nw_worker *w = arg;
  const nw_run *r = w->r;
  uint8_t *sk = w->sketch;
  nw_rec rec;
  nw_reader rd;
  memset(&rd, 0, sizeof rd);
  yl_status st = reader_open(&rd, w);
  while (!st && next_rec(w, &rd, &rec, &st)) {
    if (r->keys[rec.doc].doc->status != YL_DOC_ANALYSED) continue;
    if ((st = reserve_hs(w, rec.nt * (YL_NEWWORDS_MAX_CHARS - 1)))) break;
    w->nh = 0;
    each_gram(rec.text, w->tok, rec.nt, sketch_gram, w);
    w->occ += w->nh;
    /* each line fetched PREFETCH_AHEAD occurrences before its increments: a whole
     * paragraph's prefetches at once would fill the line-fill buffers and stall */
    size_t nh = w->nh;
    for (size_t k = 0; k < nh + PREFETCH_AHEAD; k++) {
      if (k < nh) __builtin_prefetch(&sk[64 * sk_line(r, w->hs[k])], 1, 3);
      if (k >= PREFETCH_AHEAD) {
        uint64_t h = w->hs[k - PREFETCH_AHEAD];
        sk_add(&sk[64 * sk_line(r, h)], h);
      }
    }
  }
  free(rd.buf);
  w->err = st;
}

/* The workers' sketches summed into worker 0's, counter by counter, saturating at 15;
 * each worker sums its share of the bytes. A sum never underestimates where its parts
 * did not (min(a1 + a2, b1 + b2) >= min(a1, b1) + min(a2, b2)), so pass 3 misses nothing. */
static void sketch_sum(void *arg) {
  nw_worker *w = arg;
  const nw_run *r = w->r;
  size_t bytes = (size_t)64 << r->lines;
  size_t from = bytes / r->nw * w->idx;
  size_t to = w->idx + 1 == r->nw ? bytes : from + bytes / r->nw;
  uint8_t *d = r->w[0].sketch;
  for (unsigned k = 1; k < r->nw; k++) {
    const uint8_t *s = r->w[k].sketch;
    for (size_t i = from; i < to; i++) {
      unsigned lo = (d[i] & 15u) + (s[i] & 15u), hi = (d[i] >> 4) + (s[i] >> 4);
      d[i] = (uint8_t)((lo > 15 ? 15 : lo) | (hi > 15 ? 15 : hi) << 4);
    }
  }
}

typedef struct p2ctx {
  nw_worker *w;
  const nw_rec *rec;
  yl_status st;
  const uint8_t *first; /* pass 3: per token, whether its start's shortest occurrence
                           reaches the threshold (found ahead, prefetched), or NULL */
  size_t start;         /* the start whose extensions are being visited */
} p2ctx;

static int exact_gram(void *ctx, size_t i, size_t j, uint64_t h) {
  p2ctx *c = ctx;
  nw_worker *w = c->w;
  const nw_run *r = w->r;
  if (c->first && c->start != i) { /* the shortest occurrence of a new start */
    c->start = i;
    if (!c->first[i]) return STOP;
  } else if (sk_est(r, h) < r->thresh) {
    return STOP; /* nor any extension */
  }
  /* its suffix without the first token occurs at least as often (checked when it is
   * itself a string of two tokens or more) */
  const nw_tok *t = w->tok;
  size_t i2 = i + 1;
  while (i2 < j && t[i2].kind != T_WORD) i2++;
  if (i2 < j && sk_est(r, key_of(c->rec->text + t[i2].off, t[j].off + t[j].len - t[i2].off)) < r->thresh)
    return GO;
  yl_u64map *m = &w->grams;
  if (yl_u64map_full(m) && (c->st = yl_u64map_reserve(m, 1))) return STOP;
  size_t s = yl_u64map_probe(m, h);
  if (m->slots[s].key == h) {
    w->ents[m->slots[s].val - 1].count++;
    return GO;
  }
  if (w->nents == w->capents) {
    size_t nc = w->capents ? 2 * w->capents : 1024;
    nw_ent *p = realloc(w->ents, nc * sizeof *p);
    if (!p) {
      c->st = YL_ERR_NOMEM;
      return STOP;
    }
    w->ents = p;
    w->capents = nc;
  }
  size_t len = t[j].off + t[j].len - t[i].off;
  if (w->text.len > UINT32_MAX - len) {
    c->st = YL_ERR_LIMIT;
    return STOP;
  }
  nw_ent e = {1, (uint32_t)w->text.len, (uint32_t)len};
  if ((c->st = yl_buf_put(&w->text, c->rec->text + t[i].off, len))) return STOP;
  w->ents[w->nents++] = e;
  yl_u64map_put_at(m, s, h, w->nents);
  return GO;
}

/* Collects each start's shortest occurrence (first_gram), for first_estimates. */
static int first_gram(void *ctx, size_t i, size_t j, uint64_t h) {
  nw_worker *w = ctx;
  (void)j;
  w->hs[w->nh] = h;
  w->hat[w->nh++] = (uint32_t)i;
  return STOP;
}

/* Whether each start's shortest occurrence reaches the threshold, into w->first: most
 * starts end there, and their sketch lines are fetched PREFETCH_AHEAD ahead instead of
 * one miss at a time. */
static yl_status first_estimates(nw_worker *w, const nw_rec *rec) {
  const nw_run *r = w->r;
  if (rec->nt > w->fcap) {
    uint8_t *f = realloc(w->first, rec->nt);
    uint32_t *a = realloc(w->hat, rec->nt * sizeof *a);
    if (f) w->first = f;
    if (a) w->hat = a;
    if (!f || !a || reserve_hs(w, rec->nt)) return YL_ERR_NOMEM;
    w->fcap = rec->nt;
  }
  memset(w->first, 0, rec->nt);
  w->nh = 0;
  each_gram(rec->text, w->tok, rec->nt, first_gram, w);
  size_t n = w->nh;
  for (size_t k = 0; k < n + PREFETCH_AHEAD; k++) {
    if (k < n) __builtin_prefetch(&r->sketch[64 * sk_line(r, w->hs[k])], 0, 3);
    if (k >= PREFETCH_AHEAD)
      w->first[w->hat[k - PREFETCH_AHEAD]] = sk_est(r, w->hs[k - PREFETCH_AHEAD]) >= r->thresh;
  }
  return YL_OK;
}

/* The record's word tokens into the worker's token table, their slots fetched
 * PREFETCH_AHEAD tokens ahead (the table outgrows the cache with the vocabulary; a slot
 * fetched before a growth is only a wasted fetch). */
static yl_status count_tokens(nw_worker *w, const nw_rec *rec) {
  if (reserve_hs(w, rec->nt)) return YL_ERR_NOMEM;
  size_t n = 0;
  for (size_t k = 0; k < rec->nt; k++)
    if (w->tok[k].kind == T_WORD) w->hs[n++] = key_of(rec->text + w->tok[k].off, w->tok[k].len);
  w->ntokens += n;
  yl_u64map *m = &w->toks;
  for (size_t k = 0; k < n + PREFETCH_AHEAD; k++) {
    if (k < n && m->cap) __builtin_prefetch(&m->slots[yl_u64map_home(m, w->hs[k])], 1, 3);
    if (k >= PREFETCH_AHEAD) {
      yl_status st = yl_u64map_add(m, w->hs[k - PREFETCH_AHEAD], 1);
      if (st) return st;
    }
  }
  return YL_OK;
}

static void count_main(void *arg) {
  nw_worker *w = arg;
  const nw_run *r = w->r;
  nw_rec rec;
  p2ctx c = {w, &rec, YL_OK, NULL, SIZE_MAX};
  nw_reader rd;
  memset(&rd, 0, sizeof rd);
  c.st = reader_open(&rd, w);
  while (!c.st && next_rec(w, &rd, &rec, &c.st)) {
    if (r->keys[rec.doc].doc->status != YL_DOC_ANALYSED) continue;
    if (!c.st) c.st = count_tokens(w, &rec);
    if (!c.st) c.st = first_estimates(w, &rec);
    c.first = w->first;
    c.start = SIZE_MAX;
    if (!c.st) each_gram(rec.text, w->tok, rec.nt, exact_gram, &c);
  }
  free(rd.buf);
  w->err = c.st;
}

/* The value of a prefix of a candidate that is no candidate itself in nw_run.cmap. */
#define CAND_PREFIX UINT64_C(0xFFFFFFFFFFFF)

/* ---- pass 4: neighbours ------------------------------------------------------------------- */

/* The code point that ends before byte 'at' of 's'. */
static uint32_t cp_before(const char *s, size_t at) {
  size_t b = at;
  do b--;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80);
  uint32_t cp = 0;
  yl_utf8_decode((const unsigned char *)s + b, at - b, &cp);
  return cp;
}

static uint32_t cp_at(const char *s, size_t n, size_t at) {
  uint32_t cp = 0;
  yl_utf8_decode((const unsigned char *)s + at, n - at, &cp);
  return cp;
}

static int neighbour_gram(void *ctx, size_t i, size_t j, uint64_t h) {
  p2ctx *c = ctx;
  nw_worker *w = c->w;
  const nw_run *r = w->r;
  /* the candidates' prefixes are a small table (the sketch is not): a string that
   * begins no candidate ends the extensions */
  uint64_t ci = yl_u64map_get(&r->cmap, h);
  if (!ci) return STOP;
  if (ci == CAND_PREFIX) return GO;
  size_t x = (size_t)ci - 1;
  const nw_rec *rec = c->rec;
  const nw_tok *t = w->tok;
  size_t a = t[i].off, b = t[j].off + t[j].len;
  w->cnt[x]++;
  if (a == 0) w->freel[x]++;
  else c->st = yl_u64map_add(&w->nb, ((uint64_t)x * 2) << 21 | cp_before(rec->text, a), 1);
  if (c->st) return STOP;
  if (b >= rec->len) w->freer[x]++;
  else c->st = yl_u64map_add(&w->nb, ((uint64_t)x * 2 + 1) << 21 | cp_at(rec->text, rec->len, b), 1);
  if (w->last[x] != rec->doc + 1) {
    w->last[x] = rec->doc + 1;
    w->docs[x]++;
  }
  if (!c->st && r->ngroups)
    c->st = yl_u64map_add(&w->gcount, (uint64_t)x * r->ngroups + r->docs[rec->doc].group, 1);
  return c->st ? STOP : GO;
}

static void neighbour_main(void *arg) {
  nw_worker *w = arg;
  const nw_run *r = w->r;
  size_t n = r->nc ? r->nc : 1;
  w->cnt = calloc(n, sizeof *w->cnt);
  w->freel = calloc(n, sizeof *w->freel);
  w->freer = calloc(n, sizeof *w->freer);
  w->docs = calloc(n, sizeof *w->docs);
  w->last = calloc(n, sizeof *w->last);
  nw_rec rec;
  p2ctx c = {w, &rec, YL_OK, NULL, SIZE_MAX};
  if (!w->cnt || !w->freel || !w->freer || !w->docs || !w->last) c.st = YL_ERR_NOMEM;
  nw_reader rd;
  memset(&rd, 0, sizeof rd);
  if (!c.st) c.st = reader_open(&rd, w);
  while (!c.st && next_rec(w, &rd, &rec, &c.st)) {
    if (r->keys[rec.doc].doc->status != YL_DOC_ANALYSED) continue;
    each_gram(rec.text, w->tok, rec.nt, neighbour_gram, &c);
  }
  free(rd.buf);
  w->err = c.st;
}

/* ---- function characters ------------------------------------------------------------- */

static int u32_cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* One line: one character (blanks around it ignored). */
static yl_status fchar_line(void *obj, char *line, const char *name, size_t lineno, yl_error *err) {
  nw_run *r = obj;
  const char *s = line;
  size_t n = strlen(line);
  yl_trim_blanks(&s, &n);
  uint32_t cp = 0;
  size_t k = n ? yl_utf8_decode((const unsigned char *)s, n, &cp) : 0;
  if (!n) return YL_OK;
  if (k != n) return yl_line_error(err, name, lineno, "not one character");
  uint32_t *p = realloc(r->fchars, (r->nfchars + 1) * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  r->fchars = p;
  p[r->nfchars++] = cp;
  return YL_OK;
}

static int is_fchar(const nw_run *r, uint32_t cp) {
  return bsearch(&cp, r->fchars, r->nfchars, sizeof cp, u32_cmp) != NULL;
}

/* ---- candidates -------------------------------------------------------------------------- */

/* The occurrences of 's' at token boundaries: as one token or as several. */
static uint64_t occurrences(const nw_run *r, const char *s, size_t n) {
  uint64_t k = key_of(s, n), c = yl_u64map_get(&r->toks, k), g = yl_u64map_get(&r->grams, k);
  return c + (g ? r->ents[g - 1].count : 0);
}

/* The filters of docs/newwords.md on string 'e': its end characters, its content, how
 * the segmenter cuts it alone; then its cohesion. 1 when it stays, with '*out' filled. */
static int candidate(nw_run *r, yl_segmenter *seg, const nw_ent *e, nw_cand *out, yl_status *st) {
  const char *s = r->text.data + e->off;
  size_t n = e->len;
  uint32_t first = 0, last;
  yl_utf8_decode((const unsigned char *)s, n, &first);
  last = cp_before(s, n);
  if (is_fchar(r, first) || is_fchar(r, last)) return 0;
  int letter = 0, digit = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp = 0;
    i += yl_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp >= 0x3400) letter = 1; /* Han (and other scripts above it) */
    else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') letter = 1;
    else if (cp >= '0' && cp <= '9') digit = 1;
  }
  (void)digit;
  if (!letter) return 0; /* 2025-01, 3-2 */
  const yl_token *t;
  size_t nt;
  if ((*st = yl_segment(seg, s, n, r->cfg->no_hmm ? YL_SEG_NO_HMM : 0, &t, &nt))) return 0;
  if (nt < 2) return 0; /* the segmenter keeps it whole alone: not new */
  if (n % 2 == 0 && !memcmp(s, s + n / 2, n / 2)) return 0; /* 研究研究: a word said twice */
  /* the weakest split point of the segmenter's own cut, between two of its word tokens
   * (a joiner between them belongs to neither part: 北辰 | X2 of 北辰-X2) */
  double coh = HUGE_VAL;
  int any = 0;
  size_t prev = SIZE_MAX; /* the last word token before k */
  for (size_t k = 0; k < nt; k++) {
    int kind = kind_of(&t[k], s + t[k].off);
    if (kind != T_WORD) continue;
    if (prev != SIZE_MAX) {
      size_t lend = t[prev].off + t[prev].len, at = t[k].off;
      uint64_t cx = occurrences(r, s, lend), cy = occurrences(r, s + at, n - at);
      if (cx && cy) {
        double p = yl_newwords_pmi(e->count, cx, cy, r->ntokens);
        if (p < coh) coh = p;
        any = 1;
      }
    }
    prev = k;
  }
  if (!any || !(coh > 0)) return 0;
  yl_buf b = YL_BUF_INIT;
  for (size_t k = 0; k < nt && !*st; k++) {
    if (k) *st = yl_buf_putc(&b, ' ');
    if (!*st) *st = yl_buf_put(&b, s + t[k].off, t[k].len);
  }
  char *j = *st ? NULL : yl_buf_detach(&b, NULL);
  if (!j) {
    yl_buf_free(&b);
    if (!*st) *st = YL_ERR_NOMEM;
    return 0;
  }
  memset(out, 0, sizeof *out);
  out->key = key_of(s, n);
  out->count = e->count;
  out->term = s;
  out->len = (uint32_t)n;
  out->cohesion = coh;
  out->jieba = j;
  return 1;
}

/* Candidates read for their neighbours at most (docs/newwords.md). */
#define NW_SHORTLIST 20000

static int bytes_cmp(const nw_cand *x, const nw_cand *y) {
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->term, y->term, n);
  if (c) return c;
  return x->len < y->len ? -1 : x->len > y->len;
}

/* ln(1 + count) · cohesion, then count, descending; then the bytes. */
static int prelim_cmp(const void *a, const void *b) {
  const nw_cand *x = a, *y = b;
  double px = log1p((double)x->count) * x->cohesion, py = log1p((double)y->count) * y->cohesion;
  if (px != py) return px > py ? -1 : 1;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return bytes_cmp(x, y);
}

/* The strings counted in pass 3 reaching --min-count that pass the filters. */
static yl_status find_candidates(nw_run *r) {
  yl_segmenter *seg;
  yl_status st = yl_segmenter_new(r->s->dict, &seg);
  if (st) return st;
  for (size_t i = 0; !st && i < r->nents; i++) {
    if (r->ents[i].count < r->o->min_count) continue;
    nw_cand c;
    if (!candidate(r, seg, &r->ents[i], &c, &st)) continue;
    if (r->nc % 1024 == 0) {
      nw_cand *p = realloc(r->c, (r->nc + 1024) * sizeof *p);
      if (!p) {
        free(c.jieba);
        st = YL_ERR_NOMEM;
        break;
      }
      r->c = p;
    }
    r->c[r->nc++] = c;
  }
  yl_segmenter_free(seg);
  /* pass 4 takes the best NW_SHORTLIST by ln(1 + count) · cohesion: their neighbours are
   * the run's largest table (a few dozen a candidate) */
  if (!st && r->nc > NW_SHORTLIST) {
    qsort(r->c, r->nc, sizeof *r->c, prelim_cmp);
    for (size_t i = NW_SHORTLIST; i < r->nc; i++) free(r->c[i].jieba);
    r->nc = NW_SHORTLIST;
  }
  /* each candidate, and every shorter prefix of one (CAND_PREFIX), for pass 4 */
  for (size_t i = 0; !st && i < r->nc; i++) {
    st = yl_u64map_add(&r->cmap, r->c[i].key, i + 1);
  }
  for (size_t i = 0; !st && i < r->nc; i++) {
    const char *t = r->c[i].term;
    for (size_t b = 1; !st && b < r->c[i].len; b++) {
      if (((unsigned char)t[b] & 0xC0) == 0x80) continue;
      uint64_t k = key_of(t, b);
      if (!yl_u64map_get(&r->cmap, k)) st = yl_u64map_add(&r->cmap, k, CAND_PREFIX);
    }
  }
  return st;
}

/* The workers' tables of pass 3 summed, in worker order. */
static yl_status merge_counts(nw_run *r) {
  yl_status st = YL_OK;
  /* worker 0's tables become the run's (no copy), the others are added to them */
  nw_worker *w0 = &r->w[0];
  r->ntokens = w0->ntokens;
  r->toks = w0->toks, r->grams = w0->grams, r->text = w0->text;
  r->ents = w0->ents, r->nents = w0->nents, r->capents = w0->capents;
  w0->toks = w0->grams = (yl_u64map)YL_U64MAP_INIT;
  w0->text = (yl_buf)YL_BUF_INIT;
  w0->ents = NULL;
  for (unsigned k = 1; !st && k < r->nw; k++) {
    nw_worker *w = &r->w[k];
    r->ntokens += w->ntokens;
    for (size_t i = 0; !st && i < w->toks.n; i++) {
      const yl_u64map_slot *sl = yl_u64map_at(&w->toks, i);
      st = yl_u64map_add(&r->toks, sl->key, sl->val);
    }
    yl_u64map_free(&w->toks);
    for (size_t i = 0; !st && i < w->grams.n; i++) {
      const yl_u64map_slot *sl = yl_u64map_at(&w->grams, i);
      const nw_ent *e = &w->ents[sl->val - 1];
      if (yl_u64map_full(&r->grams) && (st = yl_u64map_reserve(&r->grams, 1))) break;
      size_t s = yl_u64map_probe(&r->grams, sl->key);
      if (r->grams.slots[s].key == sl->key) {
        r->ents[r->grams.slots[s].val - 1].count += e->count;
        continue;
      }
      if (r->nents == r->capents) {
        size_t nc = r->capents ? 2 * r->capents : 4096;
        nw_ent *p = realloc(r->ents, nc * sizeof *p);
        if (!p) {
          st = YL_ERR_NOMEM;
          break;
        }
        r->ents = p;
        r->capents = nc;
      }
      nw_ent g = {e->count, (uint32_t)r->text.len, e->len};
      if (r->text.len > UINT32_MAX - e->len) st = YL_ERR_LIMIT;
      if (!st) st = yl_buf_put(&r->text, w->text.data + e->off, e->len);
      if (st) break;
      r->ents[r->nents++] = g;
      yl_u64map_put_at(&r->grams, s, sl->key, r->nents);
    }
    yl_u64map_free(&w->grams);
    free(w->ents);
    w->ents = NULL;
    yl_buf_free(&w->text);
  }
  return st;
}

typedef struct nb_ent {
  uint64_t key, count;
} nb_ent;

static int nb_cmp(const void *a, const void *b) {
  uint64_t x = ((const nb_ent *)a)->key, y = ((const nb_ent *)b)->key;
  return x < y ? -1 : x > y;
}

/* Pass 4's tables summed; the entropies, documents, groups and scores. */
static yl_status merge_neighbours(nw_run *r) {
  size_t total = 0;
  for (unsigned k = 0; k < r->nw; k++) total += r->w[k].nb.n;
  nb_ent *v = malloc((total ? total : 1) * sizeof *v);
  uint64_t *freel = calloc(r->nc ? r->nc : 1, sizeof *freel);
  uint64_t *freer = calloc(r->nc ? r->nc : 1, sizeof *freer);
  r->gc = calloc(r->nc && r->ngroups ? r->nc * r->ngroups : 1, sizeof *r->gc);
  if (!v || !freel || !freer || !r->gc) {
    free(v), free(freel), free(freer);
    return YL_ERR_NOMEM;
  }
  size_t n = 0;
  for (unsigned k = 0; k < r->nw; k++) {
    nw_worker *w = &r->w[k];
    for (size_t i = 0; i < w->nb.n; i++) {
      const yl_u64map_slot *sl = yl_u64map_at(&w->nb, i);
      v[n++] = (nb_ent){sl->key, sl->val};
    }
    for (size_t i = 0; i < w->gcount.n; i++) {
      const yl_u64map_slot *sl = yl_u64map_at(&w->gcount, i);
      r->gc[sl->key] += sl->val;
    }
    for (size_t x = 0; x < r->nc; x++) {
      r->c[x].docs += w->docs[x];
      freel[x] += w->freel[x];
      freer[x] += w->freer[x];
    }
    yl_u64map_free(&w->nb);
    yl_u64map_free(&w->gcount);
  }
  if (n) qsort(v, n, sizeof *v, nb_cmp);
  /* runs of one candidate and side, in code point order: the same sums for any -j */
  uint64_t *counts = malloc((n ? n : 1) * sizeof *counts);
  if (!counts) {
    free(v), free(freel), free(freer);
    return YL_ERR_NOMEM;
  }
  double *hl = calloc(r->nc ? r->nc : 1, sizeof *hl), *hr = calloc(r->nc ? r->nc : 1, sizeof *hr);
  unsigned char *seen = calloc(r->nc ? 2 * r->nc : 1, 1);
  yl_status st = hl && hr && seen ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < n;) {
    uint64_t side = v[i].key >> 21;
    size_t k = 0, j = i;
    while (j < n && v[j].key >> 21 == side) {
      if (j > i && v[j].key == v[j - 1].key) counts[k - 1] += v[j].count;
      else counts[k++] = v[j].count;
      j++;
    }
    size_t x = (size_t)(side / 2);
    seen[side] = 1;
    if (side & 1) hr[x] = yl_newwords_entropy(counts, k, freer[x]);
    else hl[x] = yl_newwords_entropy(counts, k, freel[x]);
    i = j;
  }
  for (size_t x = 0; !st && x < r->nc; x++) {
    nw_cand *c = &r->c[x];
    if (!seen[2 * x]) hl[x] = yl_newwords_entropy(NULL, 0, freel[x]);
    if (!seen[2 * x + 1]) hr[x] = yl_newwords_entropy(NULL, 0, freer[x]);
    c->left = hl[x];
    c->right = hr[x];
    for (size_t g = 0; g < r->ngroups; g++) c->groups += r->gc[x * r->ngroups + g] > 0;
    c->score = yl_newwords_score(c->count, c->cohesion, c->left, c->right);
  }
  free(v), free(freel), free(freer), free(counts), free(hl), free(hr), free(seen);
  return st;
}

/* ---- the tables ------------------------------------------------------------------------ */

/* Score, then count, descending; then the term's bytes: a total order. */
static int rank_cmp(const void *a, const void *b) {
  const nw_cand *x = *(const nw_cand *const *)a, *y = *(const nw_cand *const *)b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return bytes_cmp(x, y);
}

/* The ranked, kept candidates' indices into '*out' ('*n'). */
static yl_status ranked(nw_run *r, size_t **out, size_t *n) {
  const nw_cand **ord = malloc((r->nc ? r->nc : 1) * sizeof *ord);
  size_t m = 0;
  if (!ord) return YL_ERR_NOMEM;
  for (size_t i = 0; i < r->nc; i++)
    if (r->c[i].score > 0) ord[m++] = &r->c[i];
  if (m) qsort(ord, m, sizeof *ord, rank_cmp);
  const char **terms = malloc((m ? m : 1) * sizeof *terms);
  size_t *lens = malloc((m ? m : 1) * sizeof *lens), *idx = malloc((m ? m : 1) * sizeof *idx);
  unsigned char *keep = malloc(m ? m : 1);
  yl_status st = terms && lens && keep && idx ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < m; i++) terms[i] = ord[i]->term, lens[i] = ord[i]->len;
  if (!st) st = yl_newwords_suppress(terms, lens, m, keep);
  size_t k = 0;
  for (size_t i = 0; !st && i < m; i++)
    if (keep[i]) idx[k++] = (size_t)(ord[i] - r->c);
  free(terms), free(lens), free(keep), free(ord);
  if (st) {
    free(idx);
    return st;
  }
  *out = idx;
  *n = k;
  return YL_OK;
}

static yl_status write_csv(nw_run *r, const char *dir, const size_t *ord, size_t n,
                           yl_newwords_summary *sum, yl_error *err) {
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/newwords.csv", dir);
  static const char *const cols[] = {"term", "count", "documents", "groups", "cohesion",
                                     "left_entropy", "right_entropy", "score", "jieba"};
  enum { NCOLS = sizeof cols / sizeof *cols };
  const char **h = malloc((NCOLS + r->ngroups + 1) * sizeof *h);
  char **gh = calloc(r->ngroups ? r->ngroups : 1, sizeof *gh);
  yl_csv *c = NULL;
  yl_status st = h && gh ? YL_OK : YL_ERR_NOMEM;
  for (size_t g = 0; !st && g < r->ngroups; g++) {
    size_t len = strlen(r->groups[g]) + 7;
    if (!(gh[g] = malloc(len))) st = YL_ERR_NOMEM;
    else snprintf(gh[g], len, "count:%s", r->groups[g]);
  }
  if (!st) {
    memcpy(h, cols, sizeof cols);
    for (size_t g = 0; g < r->ngroups; g++) h[NCOLS + g] = gh[g];
    h[NCOLS + r->ngroups] = NULL;
    st = yl_csv_open(path, yl_config_csv_flags(r->cfg), &c);
  }
  if (!st) st = yl_csv_header(c, h);
  for (size_t i = 0; !st && i < n; i++) {
    const nw_cand *x = &r->c[ord[i]];
    st = yl_csv_text(c, x->term, x->len);
    if (!st) st = yl_csv_int(c, (int64_t)x->count);
    if (!st) st = yl_csv_int(c, (int64_t)x->docs);
    if (!st) st = yl_csv_int(c, (int64_t)x->groups);
    if (!st) st = yl_csv_double(c, x->cohesion);
    if (!st) st = yl_csv_double(c, x->left);
    if (!st) st = yl_csv_double(c, x->right);
    if (!st) st = yl_csv_double(c, x->score);
    if (!st) st = yl_csv_str(c, x->jieba);
    for (size_t g = 0; !st && g < r->ngroups; g++)
      st = yl_csv_int(c, (int64_t)r->gc[ord[i] * r->ngroups + g]);
    if (!st) st = yl_csv_end_row(c);
  }
  int e = c ? yl_csv_errno(c) : errno;
  if (!st) {
    sum->rows = yl_csv_rows(c) - 1; /* the header is not a row */
    st = yl_csv_commit(c);
    e = errno;
  } else if (c) {
    yl_csv_abort(c);
  }
  for (size_t g = 0; gh && g < r->ngroups; g++) free(gh[g]);
  free(gh);
  free(h);
  if (st == YL_ERR_NOMEM) return yl_error_cause(err, st, NULL, 0, 0, NULL);
  return yl_error_cause(err, st, path, 0, e, st ? "cannot write the table" : NULL);
}

static yl_status write_txt(nw_run *r, const char *dir, const size_t *ord, size_t n,
                           yl_newwords_summary *sum, yl_error *err) {
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/newwords.txt", dir);
  size_t top = r->o->top && r->o->top < n ? r->o->top : n;
  yl_buf b = YL_BUF_INIT;
  yl_status st = yl_buf_puts(&b, "# yuliao newwords: the best candidates as a jieba user dictionary "
                                 "(word freq); docs/newwords.md says how freq is chosen\n");
  for (size_t i = 0; !st && i < top; i++) {
    const nw_cand *x = &r->c[ord[i]];
    long long f;
    st = yl_newwords_user_freq(r->s->dict, x->term, x->len, &f);
    if (!st) st = yl_buf_put(&b, x->term, x->len);
    if (!st) st = yl_buf_printf(&b, " %lld\n", f);
  }
  if (st) {
    yl_buf_free(&b);
    return yl_error_cause(err, st, NULL, 0, 0, NULL);
  }
  yl_outfile *f = NULL;
  st = yl_outfile_open(path, &f);
  int e = errno;
  if (!st && (st = yl_outfile_write(f, b.data, b.len))) {
    e = errno;
    yl_outfile_abort(f);
  } else if (!st) {
    st = yl_outfile_commit(f);
    e = errno;
  }
  yl_buf_free(&b);
  sum->words = st ? 0 : top;
  return yl_error_cause(err, st, path, 0, e, st ? "cannot write the table" : NULL);
}

/* ---- the run ------------------------------------------------------------------------------- */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The workers' group names, sorted and numbered; each document's group the global one. */
static yl_status merge_groups(nw_run *r) {
  if (r->cfg->group_by == YL_GROUP_NONE) {
    for (size_t i = 0; i < r->ndocs; i++) r->docs[i].group = 0;
    return YL_OK;
  }
  size_t cap = 0;
  for (unsigned k = 0; k < r->nw; k++) cap += r->w[k].ng;
  r->groups = calloc(cap ? cap : 1, sizeof *r->groups);
  if (!r->groups) return YL_ERR_NOMEM;
  for (unsigned k = 0; k < r->nw; k++)
    for (size_t g = 0; g < r->w[k].ng; g++) {
      size_t i = 0;
      while (i < r->ngroups && strcmp(r->groups[i], r->w[k].gname[g])) i++;
      if (i == r->ngroups && !(r->groups[r->ngroups++] = strdup(r->w[k].gname[g])))
        return YL_ERR_NOMEM;
    }
  qsort(r->groups, r->ngroups, sizeof *r->groups, name_cmp);
  for (size_t i = 0; i < r->ndocs; i++) {
    if (!r->keys[i].doc || r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    const char *name = r->w[r->docs[i].worker].gname[r->docs[i].group];
    char **at = bsearch(&name, r->groups, r->ngroups, sizeof *r->groups, name_cmp);
    r->docs[i].group = (uint32_t)(at - r->groups);
  }
  return YL_OK;
}

/* Lines of each worker's sketch (64 counters each): the counters are the power of two
 * at or above the input's bytes (a byte of files holds about 0.2 candidate
 * occurrences), from 2^16 to 2^26 (64 MB), and 128 MB for all 'nw' sketches at most.
 * The width changes only which rare strings pass 3 counts needlessly, never the tables
 * (docs/newwords.md). */
static unsigned sketch_lines(const yl_ingest_list *l, unsigned nw) {
  uint64_t bytes = 0;
  struct stat sb;
  for (size_t i = 0; i < l->n; i++)
    if (!l->v[i].skip && stat(l->v[i].path, &sb) == 0) bytes += (uint64_t)sb.st_size;
  unsigned bits = 16;
  while (bits < 26 && (UINT64_C(1) << bits) < bytes) bits++;
  while (bits > 16 && ((uint64_t)nw << bits) > (UINT64_C(1) << 27)) bits--;
  return bits - 6;
}

static yl_status spill_open(nw_worker *w, const char *dir) {
  char p[PATH_MAX + 32];
  snprintf(p, sizeof p, "%s/.yl-newwords-spill-XXXXXX", dir);
  w->fd = mkstemp(p);
  if (w->fd < 0) return YL_ERR_IO;
  unlink(p);
  return YL_OK;
}

/* Reports progress about five times a second until the 'started' readers are done. */
static void wait_read(nw_run *r, unsigned started) {
  const yl_config *cfg = r->cfg;
  while (atomic_load(&r->finished) < started) {
    struct timespec ts = {0, 200000000L};
    nanosleep(&ts, NULL);
    if (cfg->progress)
      cfg->progress(cfg->progress_ctx, atomic_load(&r->done), r->ndocs, atomic_load(&r->bytes));
  }
}

static void read_task(void *arg) {
  nw_worker *w = arg;
  read_main(w);
  atomic_fetch_add(&w->r->finished, 1);
}

static void run_free(nw_run *r) {
  for (size_t i = 0; r->keys && i < r->ndocs; i++) yl_doc_free(r->keys[i].doc);
  free(r->keys);
  free(r->docs);
  free(r->body_len);
  free(r->known);
  free(r->has);
  free(r->sig);
  free(r->dup_of);
  free(r->sim);
  free(r->fchars);
  for (unsigned k = 0; r->w && k < r->nw; k++) {
    nw_worker *w = &r->w[k];
    yl_mem_table_free(w->sketch, (size_t)64 << r->lines);
    yl_segmenter_free(w->seg);
    free(w->hs);
    free(w->hat);
    free(w->first);
    free(w->tok);
    if (w->fd >= 0) close(w->fd);
    yl_buf_free(&w->out);
    for (size_t g = 0; g < w->ng; g++) free(w->gname[g]);
    free(w->gname);
    yl_u64map_free(&w->toks);
    yl_u64map_free(&w->grams);
    free(w->ents);
    yl_buf_free(&w->text);
    yl_u64map_free(&w->nb);
    yl_u64map_free(&w->gcount);
    free(w->cnt), free(w->freel), free(w->freer), free(w->docs), free(w->last);
  }
  free(r->w);
  for (size_t g = 0; g < r->ngroups; g++) free(r->groups[g]);
  free(r->groups);
  yl_u64map_free(&r->toks);
  yl_u64map_free(&r->grams);
  free(r->ents);
  yl_buf_free(&r->text);
  for (size_t i = 0; i < r->nc; i++) free(r->c[i].jieba);
  free(r->c);
  yl_u64map_free(&r->cmap);
  free(r->gc);
}

static yl_status nomem(yl_error *err) { return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL); }

/* The four passes and the tables, in 'dir' (the staging folder). */
static yl_status discover(nw_run *r, const char *dir, yl_newwords_summary *sum, yl_error *err) {
  double t0 = now_s();
  size_t n = r->ndocs ? r->ndocs : 1;
  r->keys = calloc(n, sizeof *r->keys);
  r->docs = calloc(n, sizeof *r->docs);
  r->body_len = calloc(n, sizeof *r->body_len);
  r->known = calloc(n, 1);
  r->dup_of = calloc(n, sizeof *r->dup_of);
  r->sim = calloc(n, sizeof *r->sim);
  double nd = r->cfg->exact_duplicates_only ? 0 : r->cfg->near_duplicates;
  if (nd > 0) {
    r->sig = malloc(n * YL_SKETCH_BINS * sizeof *r->sig);
    r->has = calloc(n, 1);
  }
  r->nw = yl_pool_workers(r->cfg->jobs, r->ndocs);
  r->lines = sketch_lines(&r->s->list, r->nw);
  r->shift = 64 - r->lines;
  r->thresh = r->o->min_count < 15 ? (unsigned)r->o->min_count : 15u;
  sum->sketch_bytes = (uint64_t)64 << r->lines;
  r->w = calloc(r->nw, sizeof *r->w);
  if (!r->keys || !r->docs || !r->body_len || !r->known || !r->dup_of || !r->sim || !r->w ||
      (nd > 0 && (!r->sig || !r->has)))
    return nomem(err);
  for (unsigned k = 0; k < r->nw; k++) r->w[k].fd = -1;
  for (unsigned k = 0; k < r->nw; k++) {
    nw_worker *w = &r->w[k];
    w->r = r;
    w->idx = k;
    w->out = (yl_buf)YL_BUF_INIT;
    w->toks = w->grams = w->nb = w->gcount = (yl_u64map)YL_U64MAP_INIT;
    w->text = (yl_buf)YL_BUF_INIT;
    yl_status st = yl_segmenter_new(r->s->dict, &w->seg);
    if (st) return nomem(err);
    if (spill_open(w, dir)) return yl_error_cause(err, YL_ERR_IO, dir, 0, errno, "cannot create a spill file");
  }
  /* pass 1 */
  unsigned started = 0;
  for (unsigned k = 0; k < r->nw; k++) started += (unsigned)yl_task_start(&r->w[k].task, read_task, &r->w[k]);
  wait_read(r, started);
  for (unsigned k = 0; k < r->nw; k++) yl_task_join(&r->w[k].task);
  if (r->cfg->progress)
    r->cfg->progress(r->cfg->progress_ctx, atomic_load(&r->done), r->ndocs, atomic_load(&r->bytes));
  size_t best = SIZE_MAX;
  const nw_worker *bw = NULL;
  for (unsigned k = 0; k < r->nw; k++) {
    sum->bytes += r->w[k].bytes;
    if (r->w[k].err && (!bw || r->w[k].err_doc < best)) bw = &r->w[k], best = r->w[k].err_doc;
  }
  if (bw) {
    if (bw->err_doc == SIZE_MAX)
      return yl_error_cause(err, bw->err, dir, 0, 0, "spill file: write failed");
    return yl_error_cause(err, bw->err, r->s->list.v[bw->err_doc].path, 0, 0, NULL);
  }
  yl_dup_input in = {r->sig, r->has, r->body_len, r->known, nd};
  yl_status st = yl_docs_mark_duplicates(r->keys, r->ndocs, &r->s->list, &in, r->dup_of, r->sim);
  if (!st) st = merge_groups(r);
  if (st) return nomem(err);
  for (size_t i = 0; i < r->ndocs; i++) {
    const yl_doc *d = r->keys[i].doc;
    if (d->status == YL_DOC_ANALYSED) sum->analysed++;
    else if (d->status == YL_DOC_DUPLICATE) sum->duplicates++;
    else sum->skipped++;
    if (d->note && *d->note) yl_config_notify(r->cfg, d->path, 0, "%s", d->note);
  }
  sum->files = r->ndocs;
  sum->groups = r->ngroups;
  sum->threads = r->nw;
  double ts = now_s();
  sum->seconds[0] = ts - t0;
  /* pass 2: the sketch, each worker's from its own spill file, then summed */
  for (unsigned k = 0; k < r->nw; k++) { /* lines hit at random: huge pages (base/mem.h) */
    if (!(r->w[k].sketch = yl_mem_table((size_t)64 << r->lines))) return nomem(err);
  }
  yl_pool_each(sketch_main, r->w, sizeof *r->w, r->nw);
  for (unsigned k = 0; k < r->nw; k++) {
    sum->occurrences += r->w[k].occ;
    if (r->w[k].err)
      return yl_error_cause(err, r->w[k].err, dir, 0, 0,
                            r->w[k].err == YL_ERR_IO ? "spill file: read failed" : NULL);
  }
  yl_pool_each(sketch_sum, r->w, sizeof *r->w, r->nw);
  r->sketch = r->w[0].sketch;
  for (unsigned k = 1; k < r->nw; k++) {
    yl_mem_table_free(r->w[k].sketch, (size_t)64 << r->lines);
    r->w[k].sketch = NULL;
  }
  double t1 = now_s();
  sum->seconds[1] = t1 - ts;
  /* pass 3 */
  yl_pool_each(count_main, r->w, sizeof *r->w, r->nw);
  for (unsigned k = 0; k < r->nw; k++)
    if (r->w[k].err)
      return yl_error_cause(err, r->w[k].err, dir, 0, 0,
                            r->w[k].err == YL_ERR_IO ? "spill file: read failed" : NULL);
  st = merge_counts(r);
  if (!st) st = find_candidates(r);
  if (st) return yl_error_cause(err, st, NULL, 0, 0, NULL);
  sum->tokens = r->ntokens;
  sum->admitted = r->nents;
  sum->candidates = r->nc;
  double t2 = now_s();
  sum->seconds[2] = t2 - t1;
  /* pass 4 */
  yl_pool_each(neighbour_main, r->w, sizeof *r->w, r->nw);
  for (unsigned k = 0; k < r->nw; k++)
    if (r->w[k].err)
      return yl_error_cause(err, r->w[k].err, dir, 0, 0,
                            r->w[k].err == YL_ERR_IO ? "spill file: read failed" : NULL);
  if ((st = merge_neighbours(r))) return nomem(err);
  size_t *ord = NULL, nk = 0;
  if ((st = ranked(r, &ord, &nk))) return nomem(err);
  st = write_csv(r, dir, ord, nk, sum, err);
  if (!st) st = write_txt(r, dir, ord, nk, sum, err);
  free(ord);
  sum->seconds[3] = now_s() - t2;
  return st;
}

yl_status yl_newwords_paths(const yl_config *cfg, const char *const *paths, size_t n,
                            const char *out_dir, const yl_newwords_opts *opts,
                            yl_newwords_summary *sum, yl_error *err) {
  double t0 = now_s();
  yl_error_clear(err);
  if (sum) memset(sum, 0, sizeof *sum);
  if (!cfg || !paths || !n || !out_dir || !sum || !opts)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "newwords: no input paths or no output folder");
  if (opts->min_count < 2 || opts->min_count > 30000)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "newwords: --min-count must be 2 … 30000");
  yl_setup *s = calloc(1, sizeof *s);
  if (!s) return nomem(err);
  yl_outdir *od = NULL;
  yl_status st = yl_outdir_open(out_dir, &od, err);
  const char *dir = st ? NULL : yl_outdir_staging(od);
  if (!st) st = yl_setup_reading(s, cfg, err);
  nw_run r;
  memset(&r, 0, sizeof r);
  r.cfg = cfg;
  r.s = s;
  r.o = opts;
  r.toks = r.grams = r.cmap = (yl_u64map)YL_U64MAP_INIT;
  r.text = (yl_buf)YL_BUF_INIT;
  atomic_init(&r.next, 0);
  atomic_init(&r.done, 0);
  atomic_init(&r.bytes, 0);
  atomic_init(&r.stop, 0);
  atomic_init(&r.finished, 0);
  if (!st) {
    char fc[PATH_MAX + 40];
    snprintf(fc, sizeof fc, "%s/newwords/function-chars.txt", s->dict_dir);
    st = yl_lines_load_file(fc, err, fchar_line, &r);
    if (st && st != YL_ERR_NOMEM && err) err->code = st = YL_ERR_DICT;
    if (!st) qsort(r.fchars, r.nfchars, sizeof *r.fchars, u32_cmp);
    yl_datafile *p = st ? NULL : realloc(s->files, (s->n_files + 1) * sizeof *p);
    if (!st && !p) st = nomem(err);
    if (p) {
      s->files = p;
      p[s->n_files] = (yl_datafile){"function characters", strdup("newwords/function-chars.txt"),
                                    strdup(fc), 1};
      if (p[s->n_files].path && p[s->n_files].full) s->n_files++;
      else free(p[s->n_files].path), free(p[s->n_files].full), st = nomem(err);
    }
  }
  if (!st) st = yl_setup_walk(s, paths, n, err);
  if (!st) {
    r.ndocs = s->list.n;
    st = discover(&r, dir, sum, err);
  }
  if (!st) {
    /* the manifest of analyze's form: options, data files, counts */
    yl_analyze_summary as;
    memset(&as, 0, sizeof as);
    as.files = sum->files, as.analysed = sum->analysed, as.skipped = sum->skipped;
    as.duplicates = sum->duplicates, as.bytes = sum->bytes, as.tokens_seen = sum->tokens;
    as.threads = sum->threads;
    char extra[768];
    snprintf(extra, sizeof extra,
             "  \"newwords\": {\"top\": %zu, \"min_count\": %llu, \"sketch_bytes\": %llu, "
             "\"occurrences\": %llu, \"counted_exactly\": %llu, \"candidates\": %llu, "
             "\"rows\": %llu, \"user_words\": %llu, \"word_tokens\": %llu,\n"
             "    \"seconds\": {\"read\": %.3f, \"sketch\": %.3f, \"exact\": %.3f, "
             "\"neighbours_and_tables\": %.3f}},\n",
             opts->top, (unsigned long long)opts->min_count,
             (unsigned long long)sum->sketch_bytes, (unsigned long long)sum->occurrences,
             (unsigned long long)sum->admitted, (unsigned long long)sum->candidates,
             (unsigned long long)sum->rows, (unsigned long long)sum->words,
             (unsigned long long)sum->tokens, sum->seconds[0], sum->seconds[1], sum->seconds[2],
             sum->seconds[3]);
    st = yl_manifest_write_tool("yuliao newwords", extra, cfg, s, paths, n, dir, &as,
                                now_s() - t0, err);
  }
  run_free(&r);
  yl_setup_clear(s);
  free(s);
  if (!od) return st;
  if (!st) st = yl_outdir_commit(od, err);
  else yl_outdir_abort(od, err);
  return st;
}
