/* Duplicate documents in a run (internal): shared by analyze and extract, so both mark
 * the same files as duplicates of the same first files with the same note. */
#ifndef YL_PIPELINE_DOCS_H
#define YL_PIPELINE_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/dedupe.h"
#include "yuliao/ingest.h"
#include "yuliao/status.h"

/* A document and the two hashes duplicate detection compares (yuliao/dedupe.h), taken
 * while its paragraphs are there: analyze frees them long before duplicates are known. */
typedef struct yl_doc_key {
  yl_doc *doc;
  uint64_t url_h, body_h;
} yl_doc_key;

/* The key of 'd' (its paragraphs still present). */
yl_doc_key yl_doc_key_of(yl_doc *d);

/* Checks document number 'index' (key 'k', the documents fed in index order) against
 * those checked before in 'dd'; when an analysed document repeats an earlier one it
 * becomes YL_DOC_DUPLICATE with the note "duplicate of PATH (same URL)" or "(same body
 * text)", PATH being files->v[first].path. Other statuses are left alone. YL_OK or
 * YL_ERR_NOMEM. */
yl_status yl_docs_mark_duplicate(yl_dedupe *dd, const yl_doc_key *k, size_t index,
                                 const yl_ingest_list *files);

/* yl_docs_mark_duplicate over keys[0 .. n) in index order, with a set of its own. */
yl_status yl_docs_mark_duplicates(const yl_doc_key *keys, size_t n, const yl_ingest_list *files);

#endif
