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
/* What analyze knows of each document beyond its key, for yl_docs_mark_duplicates. */
typedef struct yl_dup_input {
  const uint32_t *sig;      /* n × YL_SKETCH_BINS near-duplicate sketches, or NULL */
  const unsigned char *has; /* which documents have one */
  const uint64_t *body_len; /* bytes of counted body text (the longer copy is kept) */
  const unsigned char *known; /* 1: its outlet is in the outlet table (NULL: all alike) */
  double threshold;         /* estimated similarity that makes a near-duplicate */
} yl_dup_input;

/* analyze's duplicates, decided once every document is read: documents with the same
 * URL, the same body text (as counted: Traditional and Simplified copies are the same)
 * or, with 'in->sig', similar body text (yuliao/sketch.h) form one story; of each story
 * a copy from an outlet of the outlet table is kept before one from an unknown host,
 * then the latest published, then the longest, then the first in index order,
 * and every other analysed copy becomes YL_DOC_DUPLICATE with the note "duplicate of
 * PATH (same body text | same URL | similar text | same story)", against the kept copy
 * ("same story": linked to it only through another copy), 'dup_of[i]' the kept document's
 * index + 1 and 'sim[i]' the similarity of their sketches (1 for the same body text,
 * -1 when unknown). YL_OK or YL_ERR_NOMEM. */
yl_status yl_docs_mark_duplicates(const yl_doc_key *keys, size_t n, const yl_ingest_list *files,
                                  const yl_dup_input *in, uint32_t *dup_of, float *sim);

#endif
