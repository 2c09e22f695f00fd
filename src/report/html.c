/* Escaping for the report's HTML. */
#include "report/html.h"

#include <math.h>
#include <string.h>

void yl_html_text(yl_buf *b, const char *s, size_t len) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      case '\0': rep = ""; break;
      default: continue;
    }
    yl_buf_put(b, s + run, i - run);
    yl_buf_puts(b, rep);
    run = i + 1;
  }
  yl_buf_put(b, s + run, len - run);
}

void yl_html_str(yl_buf *b, const char *s) { yl_html_text(b, s, s ? strlen(s) : 0); }

void yl_html_short_num(yl_buf *b, const char *csv_text, double v) {
  size_t n = strlen(csv_text), digits = 0;
  for (size_t i = 0; i < n; i++) digits += csv_text[i] >= '0' && csv_text[i] <= '9';
  if (!n || isnan(v)) return;
  if (digits == n || (csv_text[0] == '-' && digits + 1 == n) || isinf(v)) {
    yl_html_text(b, csv_text, n);
    return;
  }
  yl_buf_printf(b, "%.3g", v);
}
