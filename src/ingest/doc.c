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

void yl_doc_drop_paras(yl_doc *d) {
  for (size_t i = 0; i < d->n_paras; i++) free(d->paras[i].text);
  for (size_t i = 0; d->forms && i < d->n_paras; i++) free(d->forms[i].conv);
  free(d->paras);
  free(d->forms);
  d->forms = NULL;
  d->paras = NULL;
  d->n_paras = 0;
}

yl_status yl_doc_para_text(const yl_doc *d, size_t p, yl_script *script, int keep, size_t *han,
                           size_t *trad, const char **t, size_t *len, char **conv) {
  const yl_para *pa = &d->paras[p];
  const yl_para_form *f = d->forms ? &d->forms[p] : NULL;
  *han = *trad = 0;
  *conv = NULL;
  *t = pa->text;
  *len = pa->len;
  if (f && f->scanned) {
    *han = f->han, *trad = f->trad;
    if (f->conv && !keep) *t = f->conv, *len = f->conv_len;
    return YL_OK;
  }
  if (script) yl_script_scan(script, pa->text, pa->len, han, trad);
  if (!*trad || keep) return YL_OK;
  yl_status st = yl_script_convert(script, pa->text, pa->len, conv, len);
  if (!st) *t = *conv;
  return st;
}
