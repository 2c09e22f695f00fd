/* HTML text for the report (internal). Every string from the corpus (terms, outlet
 * names, file names, titles) is untrusted: it goes through yl_html_text, which escapes
 * the five characters that can end a text node or an attribute value. */
#ifndef YL_REPORT_HTML_H
#define YL_REPORT_HTML_H

#include <stddef.h>

#include "base/buf.h"

/* Appends 'len' bytes of 's' with & < > " ' escaped (valid in text and in a quoted
 * attribute); a NUL byte is dropped. */
void yl_html_text(yl_buf *b, const char *s, size_t len);
/* yl_html_text of a NUL-terminated string. */
void yl_html_str(yl_buf *b, const char *s);

/* A number cell's text for a figure: an integer as written, any other number with 3
 * significant digits (the CSV's exact text goes into the element's title). */
void yl_html_short_num(yl_buf *b, const char *csv_text, double v);

#endif
