/* Minimal JSON output helpers. */
#include "base/json.h"

#include "base/utf8.h"

#include <stdio.h>

yl_status yl_json_str(yl_buf *b, const char *s, size_t len) {
  yl_status st = yl_buf_putc(b, '"');
  size_t start = 0;
  for (size_t i = 0; i < len && !st; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char tmp[8];
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    default:
      if (c < 0x20 || c == 0x7f) {
        snprintf(tmp, sizeof tmp, "\\u%04x", c);
        esc = tmp;
      } else if (c >= 0x80) { /* a stray byte would make the line invalid UTF-8 */
        size_t k = yl_utf8_len((const unsigned char *)s + i, len - i);
        if (k) {
          i += k - 1;
          continue;
        }
        esc = "\\ufffd";
      }
    }
    if (!esc) continue;
    st = yl_buf_put(b, s + start, i - start);
    if (!st) st = yl_buf_puts(b, esc);
    start = i + 1;
  }
  if (!st) st = yl_buf_put(b, s + start, len - start);
  if (!st) st = yl_buf_putc(b, '"');
  return st;
}
