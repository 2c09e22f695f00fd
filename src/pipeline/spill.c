/* Spill records and spill files (see spill.h and analyze_internal.h). */
#include "pipeline/spill.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/analyze_internal.h"

/* ---- the record format (tested in test_analyze.c) ---------------------------------- */

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
  yl_status st = yl_buf_reserve(b, n * 11);
  if (st) return st;
  unsigned char *p = (unsigned char *)b->data + b->len;
  for (size_t i = 0; i < n; i++) {
    int has_form = forms && forms[i] != ids[i];
    unsigned f = flags ? flags[i] : 0u;
    /* low bits 2, a paragraph start that is no sentence start, which pass 1 never
     * writes: the whole flag byte follows (the collocation bits, yuliao/colloc.h) */
    int whole = f > 3u || f == 2u;
    uint64_t v = (uint64_t)ids[i] << 3 | (uint64_t)has_form << 2 | (whole ? 2u : f);
    p = put_varint(p, v);
    if (has_form) p = put_varint(p, forms[i]);
    if (whole) *p++ = (unsigned char)f;
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
    unsigned fb = (unsigned)(v & 3u);
    if (fb == 2u) {
      if (i >= len) return YL_ERR_PARSE;
      fb = p[i++];
    }
    if (flags) flags[k] = (uint8_t)fb;
    k++;
  }
  *n = k;
  return YL_OK;
}

/* ---- token buffers ------------------------------------------------------------------ */

yl_status yl_tokbuf_reserve(yl_tokbuf *b, size_t n) {
  if (n <= b->cap) return YL_OK;
  size_t nc = b->cap ? 2 * b->cap : 1024;
  while (nc < n) nc *= 2;
  uint32_t *a = realloc(b->ids, nc * sizeof *a);
  if (!a) return YL_ERR_NOMEM;
  b->ids = a;
  a = realloc(b->forms, nc * sizeof *a);
  if (!a) return YL_ERR_NOMEM;
  b->forms = a;
  uint8_t *f = realloc(b->fl, nc);
  if (!f) return YL_ERR_NOMEM;
  b->fl = f;
  b->cap = nc;
  return YL_OK;
}

void yl_tokbuf_free(yl_tokbuf *b) {
  free(b->ids);
  free(b->forms);
  free(b->fl);
  memset(b, 0, sizeof *b);
}

/* ---- writing ------------------------------------------------------------------------ */

yl_status yl_spill_open(yl_spill *s, const char *dir) {
  /* The spill file lives beside the tables (the output disk is known to be writable
   * and large). */
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/.yl-spill-XXXXXX", dir) >= (int)sizeof path)
    return YL_ERR_IO;
  s->fd = mkstemp(path);
  if (s->fd < 0) return YL_ERR_IO;
  unlink(path);
  return YL_OK;
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

yl_status yl_spill_flush(yl_spill *s) {
  if (!s->buf.len) return YL_OK;
  yl_status st = write_all(s->fd, s->buf.data, s->buf.len);
  if (st) return st;
  s->flushed += s->buf.len;
  yl_buf_clear(&s->buf);
  return YL_OK;
}

yl_status yl_spill_add(yl_spill *s, const yl_tokbuf *b, size_t n, uint64_t *off, uint64_t *len) {
  size_t before = s->buf.len;
  *off = s->flushed + before;
  yl_status st = yl_analyze_spill_put(&s->buf, b->ids, b->forms, b->fl, n);
  if (st) return st;
  *len = s->buf.len - before;
  return s->buf.len >= (1u << 20) ? yl_spill_flush(s) : YL_OK;
}

void yl_spill_close(yl_spill *s) {
  yl_buf_free(&s->buf);
  if (s->fd >= 0) close(s->fd);
  s->fd = -1;
}

/* ---- reading ------------------------------------------------------------------------ */

enum { SPILL_WINDOW = 256 * 1024 };

yl_status yl_spill_read(int fd, uint64_t off, uint64_t len, yl_spill_window *w,
                        const unsigned char **p) {
  if (off >= w->off && off + len <= w->off + w->len) {
    *p = w->buf + (off - w->off);
    return YL_OK;
  }
  size_t want = len > SPILL_WINDOW ? (size_t)len : SPILL_WINDOW;
  if (want > w->cap) {
    unsigned char *b = realloc(w->buf, want);
    if (!b) return YL_ERR_NOMEM;
    w->buf = b, w->cap = want;
  }
  w->off = off, w->len = 0;
  while (w->len < len) { /* the window may end early at the end of the file */
    errno = 0;
    ssize_t k = pread(fd, w->buf + w->len, want - w->len, (off_t)(off + w->len));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      w->len = 0;
      return YL_ERR_IO;
    }
    w->len += (size_t)k;
  }
  *p = w->buf;
  return YL_OK;
}

void yl_spill_window_free(yl_spill_window *w) {
  free(w->buf);
  memset(w, 0, sizeof *w);
}
