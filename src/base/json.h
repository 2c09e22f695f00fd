/* Minimal JSON output helpers (internal): string escaping into a yl_buf. */
#ifndef YL_JSON_H
#define YL_JSON_H

#include <stddef.h>

#include "base/buf.h"

/* Appends 's' as a quoted JSON string. Control characters are escaped; other bytes,
 * including UTF-8, are copied as they are (the caller passes valid UTF-8). */
yl_status yl_json_str(yl_buf *b, const char *s, size_t len);

#endif
