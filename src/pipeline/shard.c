/* Shards: one count's pass 1 in a file, and many of them read back as one run (the
 * layout is in shard.h, the why in docs/scaling.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/lines.h"
#include "pipeline/analyze_internal.h"
#include "pipeline/config.h"
#include "pipeline/engine.h"
#include "pipeline/setup.h"
#include "pipeline/shard.h"
#include "yuliao/outfile.h"
#include "yuliao/version.h"

static const char magic[8] = {'Y', 'L', 'S', 'H', 'A', 'R', 'D', 0};
static const char end_magic[8] = {'Y', 'L', 'S', 'H', 'E', 'N', 'D', 0};
#define DIR_ENTRY 28 /* u32 tag, u64 offset, u64 length, u64 checksum */
#define TAIL (4 + 8 + 8) /* u32 count, u64 checksum, end magic */

/* One of the static strings of a yl_doc (layout, published_from) by its text. */
static const char *static_name(const char *s) {
  static const char *const names[] = {"", "A", "B", "html", "text", "front-matter", "header", "stamp"};
  for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
    if (!strcmp(s, names[i])) return names[i];
  return "";
}

/* ---- writing -------------------------------------------------------------------------- */

typedef struct wr {
  yl_outfile *f;
  uint64_t off;
  unsigned char dir[YL_SHARD_NSECTIONS * DIR_ENTRY];
  unsigned nsect;
  yl_status st;
} wr;

static void wr_raw(wr *w, const void *p, size_t n) {
  if (!w->st && n) w->st = yl_outfile_write(w->f, p, n);
  w->off += n;
}

/* A section from memory, with its directory entry. */
static void wr_section(wr *w, unsigned tag, yl_buf *b) {
  if (!w->st && b->failed) w->st = YL_ERR_NOMEM;
  unsigned char *e = w->dir + DIR_ENTRY * w->nsect++;
  yl_shard_put_u32(e, tag);
  yl_shard_put_u64(e + 4, w->off);
  yl_shard_put_u64(e + 12, b->len);
  yl_shard_put_u64(e + 20, yl_shard_checksum(b->data, b->len));
  wr_raw(w, b->data, b->len);
  yl_buf_clear(b);
}

/* The records of the run's documents in index order, each mapped to the merged ids;
 * each analysed document's new place into off[i] / len[i]. */
static yl_status wr_spill(wr *w, yl_run *r, uint64_t *off, uint64_t *len) {
  unsigned char *e = w->dir + DIR_ENTRY * w->nsect++;
  uint64_t start = w->off;
  yl_shard_ck ck;
  yl_shard_ck_init(&ck);
  yl_spill_window *sw = calloc(r->nw, sizeof *sw);
  yl_tokbuf tok = {0};
  yl_buf b = YL_BUF_INIT;
  yl_status st = sw ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    const yl_docent *d = &r->docs[i];
    if (r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    const yl_worker *src = &r->w[d->worker];
    const unsigned char *p;
    size_t n = 0;
    st = yl_spill_read(src->spill.fd, d->off, d->len, &sw[d->worker], &p);
    if (!st) st = yl_tokbuf_reserve(&tok, d->tokens);
    if (!st) st = yl_analyze_spill_get(p, d->len, tok.ids, tok.forms, tok.fl, tok.cap, &n);
    if (!st && n != d->tokens) st = YL_ERR_PARSE;
    if (!st) st = yl_worker_map_ids(src, tok.ids, tok.forms, n);
    size_t b0 = b.len;
    if (!st) st = yl_analyze_spill_put(&b, tok.ids, tok.forms, tok.fl, n);
    off[i] = w->off - start + b0;
    len[i] = b.len - b0;
    if (!st && b.len >= (1u << 20)) {
      yl_shard_ck_add(&ck, b.data, b.len);
      wr_raw(w, b.data, b.len);
      yl_buf_clear(&b);
      st = w->st;
    }
  }
  if (!st) {
    yl_shard_ck_add(&ck, b.data, b.len);
    wr_raw(w, b.data, b.len);
    st = w->st;
  }
  for (unsigned k = 0; sw && k < r->nw; k++) yl_spill_window_free(&sw[k]);
  free(sw);
  yl_tokbuf_free(&tok);
  yl_buf_free(&b);
  yl_shard_put_u32(e, YL_SHARD_SPILL);
  yl_shard_put_u64(e + 4, start);
  yl_shard_put_u64(e + 12, w->off - start);
  yl_shard_put_u64(e + 20, yl_shard_ck_end(&ck));
  return st;
}

static void put_doc(yl_buf *b, const yl_run *r, size_t i, uint32_t group, uint64_t off,
                    uint64_t len) {
  const yl_doc *d = r->keys[i].doc;
  const yl_docent *e = &r->docs[i];
  yl_shard_put_str(b, d->path);
  yl_shard_put_str(b, r->o->files->v[i].skip);
  yl_shard_put_uv(b, (uint64_t)d->status);
  yl_shard_put_str(b, d->note);
  yl_shard_put_str(b, d->outlet);
  yl_shard_put_str(b, d->outlet_name);
  yl_shard_put_str(b, d->title);
  yl_shard_put_str(b, d->author);
  yl_shard_put_str(b, d->url);
  yl_shard_put_sv(b, d->published_ms);
  yl_shard_put_str(b, d->published_from);
  yl_shard_put_sv(b, d->archived_ms);
  yl_shard_put_str(b, d->layout);
  yl_shard_put_uv(b, d->found);
  yl_shard_put_str(b, d->encoding);
  yl_shard_put_uv(b, d->n_invalid);
  yl_shard_put_uv(b, d->n_boiler);
  yl_shard_put_uv(b, d->n_chars);
  yl_shard_put_str(b, d->skip_reason);
  yl_shard_put_u64b(b, r->keys[i].url_h);
  yl_shard_put_u64b(b, r->keys[i].body_h);
  yl_shard_put_uv(b, e->n_paras);
  yl_shard_put_uv(b, group);
  yl_shard_put_uv(b, off);
  yl_shard_put_uv(b, len);
  yl_shard_put_uv(b, e->tokens);
  yl_shard_put_uv(b, e->han);
  yl_shard_put_uv(b, e->trad);
  yl_shard_put_uv(b, e->colloc_win[0]);
  yl_shard_put_uv(b, e->colloc_win[1]);
  yl_shard_put_uv(b, r->body_len[i]);
  yl_shard_put_uv(b, r->known[i]);
  int has = r->sig && r->has[i];
  yl_shard_put_uv(b, (uint64_t)has);
  for (int k = 0; has && k < YL_SKETCH_BINS; k++) yl_shard_put_uv(b, r->sig[i * YL_SKETCH_BINS + k]);
}

yl_status yl_shard_write(yl_run *r, const yl_merged *m, const char *path, const char *settings,
                         size_t settings_len, uint64_t fingerprint, yl_error *err) {
  wr w;
  memset(&w, 0, sizeof w);
  yl_status st = yl_outfile_open(path, &w.f);
  if (st) return yl_error_cause(err, st, path, 0, errno, NULL);
  yl_buf b = YL_BUF_INIT;
  /* header */
  yl_shard_put_str(&b, YL_VERSION_STRING);
  yl_shard_put_u64b(&b, fingerprint);
  yl_shard_put_bytes(&b, settings, settings_len);
  yl_shard_put_uv(&b, r->ndocs);
  unsigned char h[24];
  memcpy(h, magic, 8);
  yl_shard_put_u32(h + 8, YL_SHARD_FORMAT);
  yl_shard_put_u32(h + 12, 0);
  yl_shard_put_u64(h + 16, b.len);
  wr_raw(&w, h, sizeof h);
  if (b.failed && !w.st) w.st = YL_ERR_NOMEM;
  wr_raw(&w, b.data, b.len);
  unsigned char c8[8];
  yl_shard_put_u64(c8, yl_shard_checksum(b.data, b.len));
  wr_raw(&w, c8, 8);
  yl_buf_clear(&b);
  /* the merged vocabulary, in id order */
  size_t nv = yl_vocab_size(m->v);
  yl_shard_put_uv(&b, nv);
  for (uint32_t id = 0; id < nv; id++) {
    size_t len;
    const char *t = yl_vocab_term(m->v, id, &len);
    yl_shard_put_bytes(&b, t, len);
  }
  wr_section(&w, YL_SHARD_TERMS, &b);
  yl_shard_put_uv(&b, m->ng);
  for (size_t g = 0; g < m->ng; g++) yl_shard_put_str(&b, m->names[g]);
  wr_section(&w, YL_SHARD_GROUPS, &b);
  uint64_t dropped[YL_FILTER_NREASONS] = {0}, seen = 0, bytes = 0;
  for (unsigned k = 0; k < r->nw; k++) {
    for (int j = 0; j < YL_FILTER_NREASONS; j++) dropped[j] += r->w[k].dropped[j];
    seen += r->w[k].seen;
    bytes += r->w[k].bytes;
  }
  yl_shard_put_uv(&b, YL_FILTER_NREASONS);
  for (int j = 0; j < YL_FILTER_NREASONS; j++) yl_shard_put_uv(&b, dropped[j]);
  yl_shard_put_uv(&b, seen);
  yl_shard_put_uv(&b, bytes);
  wr_section(&w, YL_SHARD_STATS, &b);
  /* KWIC hits: every worker's, their texts one after the other */
  size_t nh = 0;
  for (unsigned k = 0; k < r->nw; k++) nh += r->w[k].kwic.n;
  yl_shard_put_uv(&b, nh);
  uint64_t base = 0;
  for (unsigned k = 0; k < r->nw; k++) {
    const yl_kwic_buf *kb = &r->w[k].kwic;
    for (size_t j = 0; j < kb->n; j++) {
      const yl_kwic_hit *x = &kb->v[j];
      yl_shard_put_uv(&b, x->doc);
      yl_shard_put_uv(&b, x->para);
      yl_shard_put_uv(&b, x->pos);
      yl_shard_put_uv(&b, x->term);
      yl_shard_put_uv(&b, base + x->l_off);
      yl_shard_put_uv(&b, x->l_len);
      yl_shard_put_uv(&b, base + x->k_off);
      yl_shard_put_uv(&b, x->k_len);
      yl_shard_put_uv(&b, base + x->r_off);
      yl_shard_put_uv(&b, x->r_len);
    }
    base += kb->text.len;
  }
  yl_shard_put_uv(&b, base);
  for (unsigned k = 0; k < r->nw; k++) yl_buf_put(&b, r->w[k].kwic.text.data, r->w[k].kwic.text.len);
  wr_section(&w, YL_SHARD_KWIC, &b);
  uint64_t *off = calloc(r->ndocs ? r->ndocs : 1, sizeof *off);
  uint64_t *len = calloc(r->ndocs ? r->ndocs : 1, sizeof *len);
  st = off && len ? w.st : YL_ERR_NOMEM;
  if (!st) st = wr_spill(&w, r, off, len);
  if (!st) {
    yl_shard_put_uv(&b, r->ndocs);
    for (size_t i = 0; i < r->ndocs; i++) {
      const yl_docent *e = &r->docs[i];
      uint32_t g = r->keys[i].doc->status == YL_DOC_SKIPPED ? 0 : r->w[e->worker].gmap[e->group];
      put_doc(&b, r, i, g, off[i], len[i]);
    }
    wr_section(&w, YL_SHARD_DOCS, &b);
  }
  free(off);
  free(len);
  /* the directory */
  if (!st) {
    wr_raw(&w, w.dir, DIR_ENTRY * w.nsect);
    unsigned char t[TAIL];
    yl_shard_put_u32(t, w.nsect);
    yl_shard_put_u64(t + 4, yl_shard_checksum(w.dir, DIR_ENTRY * w.nsect));
    memcpy(t + 12, end_magic, 8);
    wr_raw(&w, t, sizeof t);
    st = w.st;
  }
  yl_buf_free(&b);
  if (st) {
    int e = yl_outfile_errno(w.f);
    yl_outfile_abort(w.f);
    if (st == YL_ERR_PARSE && r->o->shard && r->o->shard->in) /* a record of a shard read */
      return yl_error_first(err, YL_ERR_DICT, NULL, 0, 0, "not a usable shard: a token record is corrupt");
    return yl_error_cause(err, st, path, 0, e, st == YL_ERR_IO ? NULL : "shard");
  }
  st = yl_outfile_commit(w.f);
  return yl_error_cause(err, st, path, 0, errno, NULL);
}

/* ---- reading -------------------------------------------------------------------------- */

typedef struct sdoc {
  yl_doc *doc;
  char *skip;
  uint64_t url_h, body_h;
  yl_docent e;
  uint64_t body_len;
  unsigned char known, has;
  uint32_t sig[YL_SKETCH_BINS];
} sdoc;

struct yl_shard {
  char *path;
  int fd;
  char *version;
  uint64_t fingerprint;
  char *settings;
  size_t settings_len;
  uint64_t spill_off, spill_len;
  yl_vocab *v;
  char **groups;
  size_t ng;
  sdoc *docs;
  size_t ndocs;
  uint64_t dropped[YL_FILTER_NREASONS], seen, bytes;
  yl_kwic_buf kwic;
};

static void shard_clear(yl_shard *s) {
  if (s->fd >= 0) close(s->fd);
  free(s->path);
  free(s->version);
  free(s->settings);
  yl_vocab_free(s->v);
  for (size_t g = 0; s->groups && g < s->ng; g++) free(s->groups[g]);
  free(s->groups);
  for (size_t i = 0; s->docs && i < s->ndocs; i++) {
    yl_doc_free(s->docs[i].doc);
    free(s->docs[i].skip);
  }
  free(s->docs);
  yl_kwic_buf_free(&s->kwic);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}

static yl_status pread_all(int fd, void *buf, size_t n, uint64_t off) {
  unsigned char *p = buf;
  while (n) {
    ssize_t k = pread(fd, p, n, (off_t)off);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return k < 0 ? YL_ERR_IO : YL_ERR_PARSE;
    p += k, n -= (size_t)k, off += (uint64_t)k;
  }
  return YL_OK;
}

static yl_status bad(yl_error *err, const char *path, const char *why) {
  return yl_error_set(err, YL_ERR_DICT, path, 0, 0, "not a usable shard: %s", why);
}

/* A section's bytes, checked against the directory. */
static yl_status section(const yl_shard *s, const unsigned char *dir, unsigned nsect, unsigned tag,
                         uint64_t size, unsigned char **out, uint64_t *off, uint64_t *len,
                         yl_error *err) {
  for (unsigned i = 0; i < nsect; i++) {
    const unsigned char *e = dir + DIR_ENTRY * i;
    if (yl_shard_get_u32(e) != tag) continue;
    uint64_t o = yl_shard_get_u64(e + 4), n = yl_shard_get_u64(e + 12), ck = yl_shard_get_u64(e + 20);
    if (o > size || n > size - o) return bad(err, s->path, "a section lies outside the file");
    *off = o;
    *len = n;
    if (!out) { /* streamed: the token records */
      unsigned char *buf = malloc(1u << 20);
      if (!buf) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
      yl_shard_ck c;
      yl_shard_ck_init(&c);
      yl_status st = YL_OK;
      for (uint64_t at = 0; !st && at < n;) {
        size_t k = n - at < (1u << 20) ? (size_t)(n - at) : (1u << 20);
        st = pread_all(s->fd, buf, k, o + at);
        yl_shard_ck_add(&c, buf, k);
        at += k;
      }
      free(buf);
      if (st) return yl_error_set(err, YL_ERR_DICT, s->path, 0, errno, "read error");
      if (yl_shard_ck_end(&c) != ck) return bad(err, s->path, "its token records are corrupt (checksum)");
      return YL_OK;
    }
    unsigned char *p = malloc(n ? (size_t)n : 1);
    if (!p) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (pread_all(s->fd, p, (size_t)n, o) || yl_shard_checksum(p, (size_t)n) != ck) {
      free(p);
      return bad(err, s->path, "a section is corrupt (checksum)");
    }
    *out = p;
    return YL_OK;
  }
  return bad(err, s->path, "a section is missing");
}

static yl_status read_docs(yl_shard *s, yl_shard_rd *r, yl_error *err) {
  uint64_t n = yl_shard_get_uv(r);
  if (r->bad || n != s->ndocs) return bad(err, s->path, "its document table does not match its header");
  s->docs = calloc(n ? (size_t)n : 1, sizeof *s->docs);
  if (!s->docs) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  for (size_t i = 0; i < n && !r->bad; i++) {
    sdoc *x = &s->docs[i];
    yl_doc *d = calloc(1, sizeof *d);
    if (!d) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    x->doc = d;
    d->path = yl_shard_get_str(r, NULL);
    x->skip = yl_shard_get_str(r, NULL);
    d->status = (yl_doc_status)yl_shard_get_uv(r);
    d->note = yl_shard_get_str(r, NULL);
    d->outlet = yl_shard_get_str(r, NULL);
    d->outlet_name = yl_shard_get_str(r, NULL);
    d->title = yl_shard_get_str(r, NULL);
    d->author = yl_shard_get_str(r, NULL);
    d->url = yl_shard_get_str(r, NULL);
    d->published_ms = yl_shard_get_sv(r);
    char *t = yl_shard_get_str(r, NULL);
    d->published_from = static_name(t);
    free(t);
    d->archived_ms = yl_shard_get_sv(r);
    t = yl_shard_get_str(r, NULL);
    d->layout = static_name(t);
    free(t);
    d->found = (unsigned)yl_shard_get_uv(r);
    d->encoding = yl_shard_get_str(r, NULL);
    d->n_invalid = (size_t)yl_shard_get_uv(r);
    d->n_boiler = (size_t)yl_shard_get_uv(r);
    d->n_chars = (size_t)yl_shard_get_uv(r);
    d->skip_reason = yl_shard_get_str(r, NULL);
    x->url_h = yl_shard_get_u64r(r);
    x->body_h = yl_shard_get_u64r(r);
    x->e.n_paras = (size_t)yl_shard_get_uv(r);
    x->e.group = (uint32_t)yl_shard_get_uv(r);
    x->e.off = yl_shard_get_uv(r);
    x->e.len = yl_shard_get_uv(r);
    x->e.tokens = yl_shard_get_uv(r);
    x->e.han = yl_shard_get_uv(r);
    x->e.trad = yl_shard_get_uv(r);
    x->e.colloc_win[0] = yl_shard_get_uv(r);
    x->e.colloc_win[1] = yl_shard_get_uv(r);
    x->body_len = yl_shard_get_uv(r);
    x->known = (unsigned char)yl_shard_get_uv(r);
    x->has = (unsigned char)yl_shard_get_uv(r);
    for (int k = 0; x->has && k < YL_SKETCH_BINS; k++) x->sig[k] = (uint32_t)yl_shard_get_uv(r);
    if (r->bad == 2) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* what a count writes, so that nothing after it meets a document pass 1 could
     * not have made: statuses before duplicates, the strings a yl_doc always has, a
     * record of at least a byte a token */
    if (!r->bad && (!d->path || !d->note || !d->outlet || !d->outlet_name ||
                    (d->status != YL_DOC_ANALYSED && d->status != YL_DOC_SKIPPED) ||
                    x->e.tokens > x->e.len ||
                    (d->status != YL_DOC_SKIPPED && x->e.group >= s->ng) ||
                    x->e.off > s->spill_len || x->e.len > s->spill_len - x->e.off))
      r->bad = 1;
  }
  if (r->bad || r->p != r->end) return bad(err, s->path, "its document table is malformed");
  return YL_OK;
}

static yl_status read_small(yl_shard *s, unsigned tag, yl_shard_rd *r, yl_error *err) {
  if (tag == YL_SHARD_TERMS) {
    uint64_t n = yl_shard_get_uv(r);
    if (yl_vocab_new(&s->v)) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (uint64_t i = 0; i < n && !r->bad; i++) {
      uint64_t len = yl_shard_get_uv(r);
      if (r->bad || !len || len - 1 > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        break;
      }
      uint32_t id;
      if (yl_vocab_intern(s->v, (const char *)r->p, (size_t)(len - 1), &id))
        return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
      if (id != i) r->bad = 1; /* a term twice */
      r->p += len - 1;
    }
  } else if (tag == YL_SHARD_GROUPS) {
    uint64_t n = yl_shard_get_uv(r);
    if (!r->bad && n <= (uint64_t)(r->end - r->p)) {
      s->groups = calloc(n ? (size_t)n : 1, sizeof *s->groups);
      if (!s->groups) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
      for (s->ng = 0; s->ng < n && !r->bad; s->ng++)
        if (!(s->groups[s->ng] = yl_shard_get_str(r, NULL))) r->bad = r->bad ? r->bad : 1;
    } else {
      r->bad = 1;
    }
  } else if (tag == YL_SHARD_STATS) {
    uint64_t n = yl_shard_get_uv(r);
    if (n != YL_FILTER_NREASONS) r->bad = 1;
    for (int j = 0; j < YL_FILTER_NREASONS && !r->bad; j++) s->dropped[j] = yl_shard_get_uv(r);
    s->seen = yl_shard_get_uv(r);
    s->bytes = yl_shard_get_uv(r);
  } else if (tag == YL_SHARD_KWIC) {
    uint64_t n = yl_shard_get_uv(r);
    if (r->bad || n > (uint64_t)(r->end - r->p)) return bad(err, s->path, "its KWIC hits are malformed");
    s->kwic.v = calloc(n ? (size_t)n : 1, sizeof *s->kwic.v);
    if (!s->kwic.v) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    s->kwic.n = s->kwic.cap = (size_t)n;
    for (size_t j = 0; j < n && !r->bad; j++) {
      yl_kwic_hit *x = &s->kwic.v[j];
      uint64_t f[10];
      for (int k = 0; k < 10; k++) f[k] = yl_shard_get_uv(r);
      for (int k = 0; k < 10; k++) if (f[k] > UINT32_MAX) r->bad = 1;
      if (f[0] >= s->ndocs) r->bad = 1;
      *x = (yl_kwic_hit){(uint32_t)f[0], (uint32_t)f[1], (uint32_t)f[2], (uint32_t)f[3],
                         (uint32_t)f[4], (uint32_t)f[5], (uint32_t)f[6], (uint32_t)f[7],
                         (uint32_t)f[8], (uint32_t)f[9]};
    }
    uint64_t tl = yl_shard_get_uv(r);
    if (!r->bad && tl == (uint64_t)(r->end - r->p)) {
      if (yl_buf_put(&s->kwic.text, r->p, (size_t)tl)) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
      r->p += tl;
      for (size_t j = 0; j < n; j++) {
        const yl_kwic_hit *x = &s->kwic.v[j];
        if ((uint64_t)x->l_off + x->l_len > tl || (uint64_t)x->k_off + x->k_len > tl ||
            (uint64_t)x->r_off + x->r_len > tl)
          r->bad = 1;
      }
    } else {
      r->bad = 1;
    }
  }
  if (r->bad == 2) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (r->bad || r->p != r->end) return bad(err, s->path, "a section is malformed");
  return YL_OK;
}

static yl_status shard_open(yl_shard *s, const char *path, yl_error *err) {
  memset(s, 0, sizeof *s);
  s->fd = open(path, O_RDONLY | O_CLOEXEC);
  s->path = strdup(path);
  if (!s->path) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (s->fd < 0) return yl_error_set(err, YL_ERR_DICT, path, 0, errno, "cannot open the shard: %s", strerror(errno));
  struct stat sb;
  if (fstat(s->fd, &sb) || !S_ISREG(sb.st_mode)) return bad(err, path, "not a regular file");
  uint64_t size = (uint64_t)sb.st_size;
  unsigned char h[24];
  if (size < sizeof h || pread_all(s->fd, h, sizeof h, 0) || memcmp(h, magic, 8))
    return bad(err, path, "not a yuliao shard (no YLSHARD header)");
  uint32_t fmt = yl_shard_get_u32(h + 8);
  if (fmt != YL_SHARD_FORMAT)
    return yl_error_set(err, YL_ERR_DICT, path, 0, 0,
                        "shard format %u; this yuliao reads format %u (count it again)", fmt,
                        YL_SHARD_FORMAT);
  if (yl_shard_get_u32(h + 12)) return bad(err, path, "its header has flags this yuliao does not know");
  uint64_t hl = yl_shard_get_u64(h + 16);
  unsigned char t[TAIL];
  if (hl > size || size - hl < sizeof h + 8 + TAIL || pread_all(s->fd, t, TAIL, size - TAIL) ||
      memcmp(t + 12, end_magic, 8))
    return bad(err, path, "truncated (no end record)");
  uint32_t nsect = yl_shard_get_u32(t);
  if (nsect > YL_SHARD_NSECTIONS || (uint64_t)nsect * DIR_ENTRY > size - TAIL)
    return bad(err, path, "truncated or corrupt (its directory)");
  unsigned char dir[YL_SHARD_NSECTIONS * DIR_ENTRY];
  if (pread_all(s->fd, dir, DIR_ENTRY * nsect, size - TAIL - DIR_ENTRY * nsect) ||
      yl_shard_checksum(dir, DIR_ENTRY * nsect) != yl_shard_get_u64(t + 4))
    return bad(err, path, "its directory is corrupt (checksum)");
  /* the header's body */
  unsigned char *hb = malloc((size_t)hl + 8);
  if (!hb) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (pread_all(s->fd, hb, (size_t)hl + 8, sizeof h) ||
      yl_shard_checksum(hb, (size_t)hl) != yl_shard_get_u64(hb + hl)) {
    free(hb);
    return bad(err, path, "its header is corrupt (checksum)");
  }
  yl_shard_rd r = {hb, hb + hl, 0};
  s->version = yl_shard_get_str(&r, NULL);
  s->fingerprint = yl_shard_get_u64r(&r);
  s->settings = yl_shard_get_str(&r, &s->settings_len);
  s->ndocs = (size_t)yl_shard_get_uv(&r);
  int hbad = r.bad || r.p != r.end || !s->version || !s->settings;
  free(hb);
  if (hbad) return bad(err, path, "its header is malformed");
  yl_status st = section(s, dir, nsect, YL_SHARD_SPILL, size, NULL, &s->spill_off, &s->spill_len, err);
  static const unsigned tags[] = {YL_SHARD_TERMS, YL_SHARD_GROUPS, YL_SHARD_STATS, YL_SHARD_KWIC,
                                  YL_SHARD_DOCS};
  for (size_t k = 0; !st && k < sizeof tags / sizeof *tags; k++) {
    unsigned char *p = NULL;
    uint64_t off, len;
    st = section(s, dir, nsect, tags[k], size, &p, &off, &len, err);
    if (st) break;
    yl_shard_rd sr = {p, p + len, 0};
    st = tags[k] == YL_SHARD_DOCS ? read_docs(s, &sr, err) : read_small(s, tags[k], &sr, err);
    free(p);
  }
  return st;
}

typedef struct ord {
  const char *path;
  uint32_t shard, local;
} ord;

static int ord_cmp(const void *a, const void *b) {
  const ord *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  return x->shard != y->shard ? (x->shard < y->shard ? -1 : 1) : (x->local > y->local) - (x->local < y->local);
}

yl_status yl_shard_set_open(const char *const *paths, size_t n, yl_shard_set *set, yl_error *err) {
  memset(set, 0, sizeof *set);
  if (!n) return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "merge: no shard given");
  set->v = calloc(n, sizeof *set->v);
  if (!set->v) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  for (size_t i = 0; i < n; i++) set->v[i].fd = -1;
  set->n = n;
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < n; i++) {
    yl_shard *s = &set->v[i];
    st = shard_open(s, paths[i], err);
    if (st) break;
    const yl_shard *f = &set->v[0];
    if (strcmp(s->version, YL_VERSION_STRING))
      st = yl_error_set(err, YL_ERR_INVALID, s->path, 0, 0,
                        "counted by yuliao %s; this is yuliao %s (count it again)", s->version,
                        YL_VERSION_STRING);
    else if (i && (s->fingerprint != f->fingerprint || s->settings_len != f->settings_len ||
                   memcmp(s->settings, f->settings, s->settings_len)))
      st = yl_error_set(err, YL_ERR_INVALID, s->path, 0, 0,
                        "counted with other options or data files than %s: shards merge only "
                        "when made alike", f->path);
    set->ndocs += s->ndocs;
    if (set->ndocs > UINT32_MAX - 1) st = yl_error_set(err, YL_ERR_LIMIT, NULL, 0, 0, "merge: too many documents");
  }
  if (st) return st;
  set->settings = malloc(set->v[0].settings_len + 1);
  if (!set->settings) return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  memcpy(set->settings, set->v[0].settings, set->v[0].settings_len + 1);
  set->settings_len = set->v[0].settings_len;
  set->fingerprint = set->v[0].fingerprint;
  /* the documents in the walk's order: by path bytes */
  ord *o = malloc((set->ndocs ? set->ndocs : 1) * sizeof *o);
  set->of_shard = malloc((set->ndocs ? set->ndocs : 1) * sizeof *set->of_shard);
  set->of_local = malloc((set->ndocs ? set->ndocs : 1) * sizeof *set->of_local);
  if (!o || !set->of_shard || !set->of_local) {
    free(o);
    return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "out of memory");
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < set->v[i].ndocs; j++)
      o[k++] = (ord){set->v[i].docs[j].doc->path, (uint32_t)i, (uint32_t)j};
  qsort(o, k, sizeof *o, ord_cmp);
  for (size_t i = 0; i < k && !st; i++) {
    if (i && !strcmp(o[i].path, o[i - 1].path)) {
      char *shown = yl_escape_dup(o[i].path);
      st = yl_error_set(err, YL_ERR_INVALID, set->v[o[i].shard].path, 0, 0,
                        "%s is also in %s: a file goes into one shard only",
                        shown ? shown : "a file", set->v[o[i - 1].shard].path);
      free(shown);
    }
    set->of_shard[i] = o[i].shard;
    set->of_local[i] = o[i].local;
  }
  free(o);
  return st;
}

yl_status yl_shard_set_list(const yl_shard_set *set, yl_ingest_list *out) {
  out->v = calloc(set->ndocs ? set->ndocs : 1, sizeof *out->v);
  out->n = 0;
  if (!out->v) return YL_ERR_NOMEM;
  for (size_t i = 0; i < set->ndocs; i++) {
    const sdoc *x = &set->v[set->of_shard[i]].docs[set->of_local[i]];
    out->v[i].path = strdup(x->doc->path);
    out->v[i].skip = x->skip ? strdup(x->skip) : NULL;
    out->n = i + 1;
    if (!out->v[i].path || (x->skip && !out->v[i].skip)) {
      yl_ingest_list_clear(out);
      return YL_ERR_NOMEM;
    }
  }
  return YL_OK;
}

yl_status yl_shard_bad_record(const yl_shard_set *set, size_t k, yl_error *err) {
  return yl_error_first(err, YL_ERR_DICT, k < set->n ? set->v[k].path : NULL, 0, 0,
                        "not a usable shard: a token record is corrupt");
}

void yl_shard_set_free(yl_shard_set *set) {
  for (size_t i = 0; set->v && i < set->n; i++) shard_clear(&set->v[i]);
  free(set->v);
  free(set->settings);
  free(set->of_shard);
  free(set->of_local);
  memset(set, 0, sizeof *set);
}

yl_status yl_shard_fill(yl_shard_set *set, yl_run *r, yl_error *err) {
  if (r->nw != set->n || r->ndocs != set->ndocs)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "merge: the run does not match its shards");
  /* each shard's local index → the merged one, for its KWIC hits */
  uint32_t **gi = calloc(set->n, sizeof *gi);
  yl_status st = gi ? YL_OK : YL_ERR_NOMEM;
  for (size_t k = 0; !st && k < set->n; k++)
    if (!(gi[k] = malloc((set->v[k].ndocs ? set->v[k].ndocs : 1) * sizeof **gi))) st = YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    yl_shard *s = &set->v[set->of_shard[i]];
    sdoc *x = &s->docs[set->of_local[i]];
    gi[set->of_shard[i]][set->of_local[i]] = (uint32_t)i;
    r->keys[i] = (yl_doc_key){x->doc, x->url_h, x->body_h};
    x->doc = NULL;
    r->docs[i] = x->e;
    r->docs[i].worker = set->of_shard[i];
    r->docs[i].off += s->spill_off;
    r->body_len[i] = x->body_len;
    r->known[i] = x->known;
    if (r->sig) {
      r->has[i] = x->has;
      memcpy(r->sig + i * YL_SKETCH_BINS, x->sig, sizeof x->sig);
    }
  }
  for (unsigned k = 0; !st && k < r->nw; k++) {
    yl_worker *w = &r->w[k];
    yl_shard *s = &set->v[k];
    memset(w, 0, sizeof *w);
    w->r = r;
    w->idx = k;
    w->spill = (yl_spill)YL_SPILL_INIT;
    w->spill.fd = s->fd;
    s->fd = -1;
    w->terms.v = s->v;
    s->v = NULL;
    if (!(w->g = calloc(s->ng ? s->ng : 1, sizeof *w->g))) {
      st = YL_ERR_NOMEM;
      break;
    }
    for (size_t g = 0; g < s->ng; g++) w->g[g].name = s->groups[g], s->groups[g] = NULL;
    w->ng = w->capg = s->ng;
    memcpy(w->dropped, s->dropped, sizeof w->dropped);
    w->seen = s->seen;
    w->bytes = s->bytes;
    w->kwic = s->kwic;
    memset(&s->kwic, 0, sizeof s->kwic);
    for (size_t j = 0; j < w->kwic.n; j++) {
      if (w->kwic.v[j].term >= r->o->n_kwic) { /* the options say which terms there are */
        st = yl_error_set(err, YL_ERR_DICT, s->path, 0, 0, "not a usable shard: a KWIC hit of no --kwic term");
        break;
      }
      w->kwic.v[j].doc = gi[k][w->kwic.v[j].doc];
    }
  }
  for (size_t k = 0; gi && k < set->n; k++) free(gi[k]);
  free(gi);
  return st == YL_ERR_NOMEM ? yl_error_set(err, st, NULL, 0, 0, "out of memory") : st;
}

/* ---- what a shard is made with ---------------------------------------------------------- */

yl_status yl_shard_fingerprint(const yl_config *cfg, const yl_setup *s, yl_buf *settings,
                               uint64_t *fp, yl_error *err) {
  yl_status st = yl_config_settings(cfg, settings);
  if (st) return yl_error_set(err, st, NULL, 0, 0, "options: %s", yl_strerror(st));
  /* the options, then each data file read (its role and its bytes' FNV-1a, as the
   * manifest gives them): another dictionary, stop-word list or outlet table gives
   * other counts */
  yl_buf b = YL_BUF_INIT;
  yl_buf_put(&b, settings->data, settings->len);
  for (size_t i = 0; i < s->n_files; i++) {
    uint64_t h, size;
    if (yl_file_fnv1a64(s->files[i].full, &h, &size)) {
      yl_buf_free(&b);
      return yl_error_set(err, YL_ERR_DICT, s->files[i].full, 0, errno, "cannot read");
    }
    unsigned char t[16];
    yl_shard_put_u64(t, h);
    yl_shard_put_u64(t + 8, size);
    yl_buf_put(&b, s->files[i].role, strlen(s->files[i].role) + 1);
    yl_buf_put(&b, t, sizeof t);
  }
  st = b.failed ? YL_ERR_NOMEM : YL_OK;
  *fp = yl_shard_checksum(b.data, b.len);
  yl_buf_free(&b);
  return st ? yl_error_set(err, st, NULL, 0, 0, "out of memory") : YL_OK;
}
