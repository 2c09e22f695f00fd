/* Duplicate marking in index order (see docs.h). */
#include "pipeline/docs.h"

#include <stdlib.h>

#include "base/buf.h"

yl_doc_key yl_doc_key_of(yl_doc *d) {
  yl_doc_key k = {d, yl_url_hash(d->url), yl_doc_body_hash(d)};
  return k;
}

yl_status yl_docs_mark_duplicate(yl_dedupe *dd, const yl_doc_key *k, size_t index,
                                 const yl_ingest_list *files) {
  yl_doc *d = k->doc;
  if (d->status != YL_DOC_ANALYSED) return YL_OK;
  yl_dup_kind kind;
  size_t first = 0;
  yl_status st = yl_dedupe_check(dd, k->url_h, k->body_h, index, &kind, &first);
  if (st || kind == YL_DUP_NONE) return st;
  yl_buf b = YL_BUF_INIT;
  st = yl_buf_printf(&b, "duplicate of %s (%s)", files->v[first].path, yl_dup_kind_name(kind));
  if (st) return st;
  char *note = yl_buf_detach(&b, NULL);
  if (!note) return YL_ERR_NOMEM;
  free(d->note);
  d->note = note;
  d->status = YL_DOC_DUPLICATE;
  return YL_OK;
}

yl_status yl_docs_mark_duplicates(const yl_doc_key *keys, size_t n, const yl_ingest_list *files) {
  yl_dedupe *dd = NULL;
  yl_status st = yl_dedupe_new(&dd);
  for (size_t i = 0; !st && i < n; i++) st = yl_docs_mark_duplicate(dd, &keys[i], i, files);
  yl_dedupe_free(dd);
  return st;
}
