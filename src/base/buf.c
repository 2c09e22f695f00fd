/* Growable byte buffer. */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

yl_status yl_buf_reserve(yl_buf *b, size_t extra) {
  if (b->failed || extra > SIZE_MAX - b->len - 1) {
    b->failed = 1;
    return YL_ERR_NOMEM;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return YL_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = 1;
    return YL_ERR_NOMEM;
  }
  b->data = p;
  b->cap = cap;
  return YL_OK;
}

yl_status yl_buf_put(yl_buf *b, const void *data, size_t len) {
  yl_status st = yl_buf_reserve(b, len);
  if (st) return st;
  if (len) memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return YL_OK;
}

yl_status yl_buf_puts(yl_buf *b, const char *s) { return yl_buf_put(b, s, strlen(s)); }

yl_status yl_buf_putc(yl_buf *b, char c) { return yl_buf_put(b, &c, 1); }

yl_status yl_buf_printf(yl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    va_end(ap2);
    return YL_ERR_INVALID;
  }
  yl_status st = yl_buf_reserve(b, (size_t)n);
  if (st) {
    va_end(ap2);
    return st;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
  return YL_OK;
}

void yl_buf_clear(yl_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (b->data) b->data[0] = '\0';
}

char *yl_buf_detach(yl_buf *b, size_t *len) {
  if (b->failed || (!b->data && yl_buf_reserve(b, 0))) {
    yl_buf_free(b);
    return NULL;
  }
  if (!b->len) b->data[0] = '\0';
  char *p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void yl_buf_free(yl_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}

yl_status yl_array_room(void **p, size_t n, size_t size) {
  if (n && (n < 8 || (n & (n - 1)))) return YL_OK;
  void *q = realloc(*p, (n ? 2 * n : 8) * size);
  if (!q) return YL_ERR_NOMEM;
  *p = q;
  return YL_OK;
}
