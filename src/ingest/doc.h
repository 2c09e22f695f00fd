/* The yl_doc record while a file is read (internal): creation with the strings that
 * are never NULL, and the remarks in its note. Public parts in yuliao/ingest.h. */
#ifndef YL_INGEST_DOC_H
#define YL_INGEST_DOC_H

#include "yuliao/ingest.h"
#include "yuliao/script.h"

/* A doc for 'path' with note, outlet and outlet name "", no times; NULL on OOM. */
yl_doc *yl_doc_new(const char *path);

/* Appends a remark to the note ("; " between remarks). YL_OK or YL_ERR_NOMEM. */
yl_status yl_doc_note(yl_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Marks the doc skipped, with 'reason' as a remark and as its skip_reason. */
yl_status yl_doc_skip(yl_doc *d, const char *reason);

/* The same, with this file's details after the reason in the note only: "too large
 * (N bytes, limit M)" is counted under "too large" (manifest.json's skip_reasons). */
yl_status yl_doc_skip_detail(yl_doc *d, const char *reason, const char *detail);

/* Frees the paragraphs and their forms once they are counted (the metadata stays). */
void yl_doc_drop_paras(yl_doc *d);

/* Paragraph 'p' of 'd' as it is counted: converted to Simplified first when it holds a
 * Traditional-only character, unless 'keep' (the text as written stays in the doc; the
 * ingest found the converted form already, yl_ingest_set_script). '*han' and '*trad'
 * count its Han and Traditional-only characters when 'script' is given (0 otherwise);
 * '*conv' is a converted copy to free, or NULL. */
yl_status yl_doc_para_text(const yl_doc *d, size_t p, yl_script *script, int keep, size_t *han,
                           size_t *trad, const char **t, size_t *len, char **conv);

#endif
