/* The yl_doc record: creation, remarks, release, and the names of its enums. */
#include "ingest/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

const char *yl_para_kind_name(yl_para_kind k) {
  return k == YL_PARA_CAPTION ? "caption" : k == YL_PARA_TITLE ? "title" : "body";
}

const char *yl_doc_status_name(yl_doc_status s) {
  switch (s) {
  case YL_DOC_ANALYSED: return "analysed";
  case YL_DOC_SKIPPED: return "skipped";
  case YL_DOC_DUPLICATE: return "duplicate";
  }
  return "?";
}

void yl_doc_free(yl_doc *d) {
  if (!d) return;
  free(d->path);
  free(d->note);
  free(d->outlet);
  free(d->outlet_name);
  free(d->title);
  free(d->author);
  free(d->url);
  free(d->encoding);
  free(d->skip_reason);
  for (size_t i = 0; i < d->n_paras; i++) free(d->paras[i].text);
  for (size_t i = 0; d->forms && i < d->n_paras; i++) free(d->forms[i].conv);
  free(d->paras);
  free(d->forms);
  free(d);
}

yl_doc *yl_doc_new(const char *path) {
  yl_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->path = strdup(path);
  d->note = strdup("");
  d->outlet = strdup("");
  d->outlet_name = strdup("");
  d->published_ms = d->archived_ms = YL_TIME_NONE;
  d->published_from = "";
  d->layout = "";
  if (!d->path || !d->note || !d->outlet || !d->outlet_name) {
    yl_doc_free(d);
    return NULL;
  }
  return d;
}

yl_status yl_doc_note(yl_doc *d, const char *fmt, ...) {
  yl_buf b = YL_BUF_INIT;
  yl_buf_puts(&b, d->note);
  if (*d->note) yl_buf_puts(&b, "; ");
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  yl_buf_puts(&b, tmp);
  size_t l;
  char *s = yl_buf_detach(&b, &l);
  if (!s) return YL_ERR_NOMEM;
  free(d->note);
  d->note = s;
  return YL_OK;
}

yl_status yl_doc_skip(yl_doc *d, const char *reason) {
  return yl_doc_skip_detail(d, reason, NULL);
}

yl_status yl_doc_skip_detail(yl_doc *d, const char *reason, const char *detail) {
  d->status = YL_DOC_SKIPPED;
  free(d->skip_reason);
  if (!(d->skip_reason = strdup(reason))) return YL_ERR_NOMEM;
  return detail ? yl_doc_note(d, "%s (%s)", reason, detail) : yl_doc_note(d, "%s", reason);
}

yl_status yl_ingest_skipped(const char *path, const char *reason, yl_doc **out) {
  yl_doc *d = yl_doc_new(path);
  if (!d || yl_doc_skip(d, reason)) {
    yl_doc_free(d);
    return YL_ERR_NOMEM;
  }
  *out = d;
  return YL_OK;
}
