/* Boilerplate removal (internal): rules from dict/boilerplate.tsv decide which
 * paragraphs of an article are not the article (copyright lines, bylines,
 * disclaimers, the archiver's footer). No outlet-specific text lives in C code.
 *
 * File format, one rule a line, tab-separated: OUTLET  KIND  TEXT
 *   OUTLET  an outlet id, or * for every outlet
 *   KIND    prefix           drop a paragraph that starts with TEXT
 *           contains         drop a paragraph that contains TEXT
 *           equals           drop a paragraph that is exactly TEXT
 *           bold-prefix      drop a wholly bold paragraph that starts with TEXT
 *           italic-prefix    drop a wholly italic (em/i) paragraph that starts with TEXT
 *           hr-footer        drop the first paragraph after an <hr> that contains TEXT
 *                            and every paragraph after it
 *           last-bold-contains  after the other rules, drop the last remaining
 *                            paragraph when it is wholly bold and contains TEXT
 * TEXT is normalised like article text before matching. '#' starts a comment line.
 * Read-only after loading: share across threads. */
#ifndef YL_BOILER_H
#define YL_BOILER_H

#include <stddef.h>

#include "ingest/html.h"
#include "yuliao/error.h"
#include "yuliao/status.h"

typedef struct yl_boiler yl_boiler;

yl_status yl_boiler_new(yl_boiler **out);
void yl_boiler_free(yl_boiler *b);
/* Adds the rules of a file. YL_ERR_DICT for a bad line and YL_ERR_IO (errno kept) for a
 * file that cannot be read, with 'err' (may be NULL) naming the file and the line. */
yl_status yl_boiler_load(yl_boiler *b, const char *path, yl_error *err);
yl_status yl_boiler_load_text(yl_boiler *b, const char *text, size_t len, const char *name,
                              yl_error *err);
/* Sets drop[i] = 1 for each of the 'n' paragraphs a rule for 'outlet' (or *) removes;
 * entries already 1 stay dropped. Returns the number of paragraphs dropped now. */
size_t yl_boiler_apply(const yl_boiler *b, const char *outlet, const yl_html_para *p, size_t n,
                       unsigned char *drop);

#endif
