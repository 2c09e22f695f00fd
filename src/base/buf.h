/* Growable byte buffer used inside the library (not public API).
 * The buffer is always NUL-terminated after a successful call, so data can be used
 * as a C string when the content has no NUL bytes. A failed growth is remembered:
 * every later write fails too and yl_buf_detach gives NULL, so text built by many
 * writes may be checked once, at the end, and is never kept with a piece missing. */
#ifndef YL_BUF_H
#define YL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "yuliao/status.h"

typedef struct yl_buf {
  char *data;  /* NULL until the first write */
  size_t len;  /* bytes used, excluding the terminating NUL */
  size_t cap;  /* bytes allocated */
  int failed;  /* a growth failed (until yl_buf_clear or yl_buf_free) */
} yl_buf;

#define YL_BUF_INIT {NULL, 0, 0, 0}

/* Makes room for 'extra' more bytes plus the NUL; overflow-checked. */
yl_status yl_buf_reserve(yl_buf *b, size_t extra);
/* Room for entry 'n' of the array '*p' holding 'n' entries of 'size' bytes, its
 * capacity 8, 16, 32 … (it grows when 'n' is 0 or one of those): the loaders' lists,
 * which keep no capacity of their own. */
yl_status yl_array_room(void **p, size_t n, size_t size);
yl_status yl_buf_put(yl_buf *b, const void *data, size_t len);
yl_status yl_buf_puts(yl_buf *b, const char *s);
yl_status yl_buf_putc(yl_buf *b, char c);
yl_status yl_buf_printf(yl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Empties the buffer but keeps its memory; forgets a failed growth. */
void yl_buf_clear(yl_buf *b);
/* Returns the data (caller frees with free()) and resets the buffer; never NULL
 * on success: an empty buffer gives "" (allocated). Returns NULL on OOM, now or in
 * an earlier write (the buffer is then freed). */
char *yl_buf_detach(yl_buf *b, size_t *len);
void yl_buf_free(yl_buf *b);

#endif
