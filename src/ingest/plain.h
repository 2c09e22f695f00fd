/* Plain text and Markdown → paragraphs (internal), in the form the HTML parser gives
 * them (html.h), so that the rest of ingest treats both alike. */
#ifndef YL_INGEST_PLAIN_H
#define YL_INGEST_PLAIN_H

#include <stddef.h>

#include "ingest/html.h"

/* One normalised paragraph per non-blank line of the 'n' bytes of valid UTF-8 at 't';
 * "# " Markdown headings lose their marks and are YL_HTML_HEADING. The first line is
 * the title (out->title, and the paragraph loses its flags) when it is a heading, or
 * when a blank line follows it, it has at most 60 characters and does not end like a
 * sentence. Release 'out' with yl_html_doc_clear. YL_OK or YL_ERR_NOMEM. */
yl_status yl_plain_parse(const char *t, size_t n, yl_html_doc *out);

#endif
