/* The yl_doc record while a file is read (internal): creation with the strings that
 * are never NULL, and the remarks in its note. Public parts in yuliao/ingest.h. */
#ifndef YL_INGEST_DOC_H
#define YL_INGEST_DOC_H

#include "yuliao/ingest.h"

/* A doc for 'path' with note, outlet and outlet name "", no times; NULL on OOM. */
yl_doc *yl_doc_new(const char *path);

/* Appends a remark to the note ("; " between remarks). YL_OK or YL_ERR_NOMEM. */
yl_status yl_doc_note(yl_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Marks the doc skipped, with 'reason' as a remark and as its skip_reason. */
yl_status yl_doc_skip(yl_doc *d, const char *reason);

/* The same, with this file's details after the reason in the note only: "too large
 * (N bytes, limit M)" is counted under "too large" (manifest.json's skip_reasons). */
yl_status yl_doc_skip_detail(yl_doc *d, const char *reason, const char *detail);

#endif
