/* Minimal JSON output helpers (internal): string escaping into a yl_buf. */
#ifndef YL_JSON_H
#define YL_JSON_H

#include <stddef.h>

#include "base/buf.h"

/* Appends 's' as a quoted JSON string. Control characters are escaped; valid UTF-8
 * is copied as it is, and a byte that is not part of it becomes \ufffd (callers pass
 * valid UTF-8: file names escaped first; this only keeps the line valid). */
yl_status yl_json_str(yl_buf *b, const char *s, size_t len);

#endif
