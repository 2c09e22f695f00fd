/* Spill files (internal): each pass-1 worker writes the kept tokens of its documents to
 * a file of its own, one record per document (format in analyze_internal.h), so that
 * passes 1b and 2 can read them back without keeping the text in memory. */
#ifndef YL_PIPELINE_SPILL_H
#define YL_PIPELINE_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "yuliao/status.h"

/* A document's tokens: term ids, surface-form ids and YL_COOC_* flags. */
typedef struct yl_tokbuf {
  uint32_t *ids, *forms;
  uint8_t *fl;
  size_t cap;
} yl_tokbuf;

/* Room for 'n' tokens (capacity doubles from 1024). */
yl_status yl_tokbuf_reserve(yl_tokbuf *b, size_t n);
void yl_tokbuf_free(yl_tokbuf *b);

/* A worker's spill file and the records not yet written to it. */
typedef struct yl_spill {
  int fd;           /* -1 when not open */
  uint64_t flushed; /* bytes in the file */
  yl_buf buf;
} yl_spill;

#define YL_SPILL_INIT {-1, 0, YL_BUF_INIT}

/* Creates the file in 'dir' (unlinked at once: nothing is left behind on a crash).
 * YL_ERR_IO with errno set. */
yl_status yl_spill_open(yl_spill *s, const char *dir);
/* Appends the record of 'n' tokens of 'b'; '*off' and '*len' get where it lies in the
 * file. The buffer goes to the file each time it passes 1 MiB. */
yl_status yl_spill_add(yl_spill *s, const yl_tokbuf *b, size_t n, uint64_t *off, uint64_t *len);
/* Writes out what is buffered. */
yl_status yl_spill_flush(yl_spill *s);
/* Closes the file and frees the buffer. */
void yl_spill_close(yl_spill *s);

/* A window on one spill file. Each reader asks for its records in increasing offsets
 * (a worker writes its documents in index order, and passes 1b and 2 read them in
 * index order), so reading 256 KiB ahead turns one system call per document into one
 * per window. */
typedef struct yl_spill_window {
  unsigned char *buf;
  size_t cap, len;
  uint64_t off; /* file offset of buf[0] */
} yl_spill_window;

/* Points '*p' at the 'len' bytes at 'off' of file 'fd'. YL_ERR_IO with errno set, or
 * 0 for a short read. */
yl_status yl_spill_read(int fd, uint64_t off, uint64_t len, yl_spill_window *w,
                        const unsigned char **p);
void yl_spill_window_free(yl_spill_window *w);

#endif
