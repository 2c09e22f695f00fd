/* KWIC hits of a pass-1 worker (see kwic.h). */
#include "pipeline/kwic.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

void yl_kwic_buf_free(yl_kwic_buf *b) {
  free(b->v);
  yl_buf_free(&b->text);
  memset(b, 0, sizeof *b);
}

void yl_kwic_para_init(yl_kwic_para *p, const char *orig, size_t orig_len, const char *base,
                       size_t base_len, size_t skip, uint32_t doc, uint32_t para) {
  p->orig = orig;
  p->orig_len = orig_len;
  p->base = base;
  p->base_len = base_len;
  p->skip = skip;
  p->converted = base != orig;
  p->by_chars = p->converted && yl_utf8_count(orig, orig_len) == yl_utf8_count(base, base_len);
  p->doc = doc;
  p->para = para;
}

/* The byte after 'k' characters from byte 'at' of s[0..n) (or n). */
static size_t forward(const char *s, size_t n, size_t at, size_t k) {
  while (at < n && k) {
    at++;
    while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80) at++;
    k--;
  }
  return at;
}

/* The byte 'k' characters before byte 'at' of s (or 0). */
static size_t back(const char *s, size_t at, size_t k) {
  while (at > 0 && k) {
    at--;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) at--;
    k--;
  }
  return at;
}

static yl_status put(yl_kwic_buf *b, const char *s, size_t n, uint32_t *off, uint32_t *len) {
  if (b->text.len > UINT32_MAX - n) return YL_ERR_LIMIT;
  *off = (uint32_t)b->text.len;
  *len = (uint32_t)n;
  return yl_buf_put(&b->text, s, n);
}

yl_status yl_kwic_add(yl_kwic_buf *b, const yl_kwic_para *p, size_t off, size_t len,
                      uint32_t term, unsigned width) {
  /* the keyword in the paragraph shown: as written, or the converted text when its
   * characters do not line up with the original's */
  const char *s = p->orig;
  size_t n = p->orig_len, at = p->skip + off, end = at + len;
  if (p->converted && p->by_chars) {
    size_t ci = yl_utf8_count(p->base, at), kc = yl_utf8_count(p->base + at, len);
    at = forward(s, n, 0, ci);
    end = forward(s, n, at, kc);
  } else if (p->converted) {
    s = p->base, n = p->base_len;
  }
  if (end > n || at > UINT32_MAX) return YL_ERR_LIMIT;
  if (b->n == b->cap) {
    size_t nc = b->cap ? 2 * b->cap : 64;
    yl_kwic_hit *v = realloc(b->v, nc * sizeof *v);
    if (!v) return YL_ERR_NOMEM;
    b->v = v;
    b->cap = nc;
  }
  yl_kwic_hit h = {p->doc, p->para, (uint32_t)at, term, 0, 0, 0, 0, 0, 0};
  size_t l = back(s, at, width), r = forward(s, n, end, width);
  yl_status st = put(b, s + l, at - l, &h.l_off, &h.l_len);
  if (!st) st = put(b, s + at, end - at, &h.k_off, &h.k_len);
  if (!st) st = put(b, s + end, r - end, &h.r_off, &h.r_len);
  if (!st) b->v[b->n++] = h;
  return st;
}
