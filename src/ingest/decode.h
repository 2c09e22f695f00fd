/* A file's bytes → valid UTF-8 (internal): byte order marks, UTF-16, a declared
 * charset, invalid UTF-8 repaired, or a legacy Chinese encoding guessed. */
#ifndef YL_INGEST_DECODE_H
#define YL_INGEST_DECODE_H

#include <stddef.h>

#include "base/buf.h"
#include "yuliao/ingest.h"

/* Turns the 'n' raw bytes into valid UTF-8 (strict, as base/utf8.h) in 'out', or
 * records in 'd' why not (skipped). Text that is valid UTF-8 already is not copied:
 * '*view'/'*vlen' give it inside 'raw' then ('*view' is NULL otherwise). Sets
 * d->encoding and d->n_invalid, and notes what was done. YL_OK or YL_ERR_NOMEM. */
yl_status yl_decode_text(yl_doc *d, const char *raw, size_t n, yl_buf *out, const char **view,
                         size_t *vlen);

#endif
