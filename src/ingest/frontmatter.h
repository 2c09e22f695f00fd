/* Markdown article header (internal): the YAML-like front matter block of layout A,
 * and the archiver's lines shared by layouts A and B — the "<!--epoch-ms-->" stamp
 * and the "[title](url)" link line. Pure functions over caller text, thread safe. */
#ifndef YL_FRONTMATTER_H
#define YL_FRONTMATTER_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* Keys the ingest stage reads; every value is a new NUL-terminated string or NULL. */
typedef struct yl_fm {
  char *title;
  char *date;
  char *author;
  char *url; /* key "from", else "url", "link" or "source" */
} yl_fm;

/* Parses a front matter block at the start of 'text' (after any BOM): a line "---",
 * "key: value" lines, a closing "---" (or "..."). LF or CRLF line ends. Values may be
 * double-quoted (escapes \" \\ \n \t \/ and \uXXXX; a surrogate pair
 * is one character, a lone half and \u0000 are U+FFFD) or single-quoted ('' is a quote).
 * On success fills 'fm' (release with yl_fm_clear) and stores in '*end' the offset
 * of the first byte after the closing line. Returns YL_ERR_NOTFOUND when 'text' does
 * not open with "---", YL_ERR_PARSE when the block is never closed (then 'fm' is
 * left empty), YL_ERR_NOMEM. */
yl_status yl_fm_parse(const char *text, size_t len, yl_fm *fm, size_t *end);
void yl_fm_clear(yl_fm *fm);

/* The line at text[*pos] (skipping blank lines first): when it is "<!--DIGITS-->",
 * moves '*pos' past the line and returns 1 with the epoch milliseconds in '*ms', or 2
 * (leaving '*ms') when they are not a time from 1990 to 2099 (too many digits, a stamp
 * in seconds). Returns 0 for any other line. */
int yl_fm_stamp(const char *text, size_t len, size_t *pos, int64_t *ms);

/* Same for a "[title](url)" line: title and URL as slices of 'text' (the title runs
 * to the last "](" of the line, the URL to the last ')'). Returns 1 when found. */
int yl_fm_linkline(const char *text, size_t len, size_t *pos, const char **title,
                   size_t *title_len, const char **url, size_t *url_len);

/* Same for a rule line of three or more '-' (or '='). */
int yl_fm_rule(const char *text, size_t len, size_t *pos);

#endif
