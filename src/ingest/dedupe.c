/* Duplicate detection by URL and body hash, first in input order wins. */
#include "yuliao/dedupe.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/u64map.h"

struct yl_dedupe {
  yl_u64map urls;   /* URL hash → first index + 1 */
  yl_u64map bodies; /* body hash → first index + 1 */
};


/* 0 and the map's empty marker are reserved; fold them onto other values. */
static uint64_t usable(uint64_t h) { return (h == 0 || h == YL_U64MAP_EMPTY) ? 1 : h; }

uint64_t yl_body_hash_add(uint64_t h, const char *text, size_t len) {
  /* chained per paragraph, lengths mixed in: "ab"+"c" differs from "a"+"bc" */
  return yl_hash_bytes(h, text, len);
}

uint64_t yl_body_hash_end(uint64_t h, int any) { return any ? usable(h) : 0; }

uint64_t yl_doc_body_hash(const yl_doc *doc) {
  uint64_t h = 0;
  int any = 0;
  for (size_t i = 0; i < doc->n_paras; i++) {
    if (doc->paras[i].kind != YL_PARA_BODY || !doc->paras[i].len) continue;
    h = yl_body_hash_add(h, doc->paras[i].text, doc->paras[i].len);
    any = 1;
  }
  return yl_body_hash_end(h, any);
}

uint64_t yl_url_hash(const char *url) {
  if (!url || !*url) return 0;
  return usable(yl_hash_bytes(UINT64_C(0x5555), url, strlen(url)));
}

yl_status yl_dedupe_new(yl_dedupe **out) {
  *out = calloc(1, sizeof **out);
  if (!*out) return YL_ERR_NOMEM;
  (*out)->urls = (yl_u64map)YL_U64MAP_INIT;
  (*out)->bodies = (yl_u64map)YL_U64MAP_INIT;
  return YL_OK;
}

void yl_dedupe_free(yl_dedupe *d) {
  if (!d) return;
  yl_u64map_free(&d->urls);
  yl_u64map_free(&d->bodies);
  free(d);
}

yl_status yl_dedupe_check(yl_dedupe *d, uint64_t url_h, uint64_t body_h, size_t index,
                          yl_dup_kind *kind, size_t *first) {
  *kind = YL_DUP_NONE;
  uint64_t seen;
  if (url_h && (seen = yl_u64map_get(&d->urls, url_h))) {
    *kind = YL_DUP_URL;
    *first = (size_t)(seen - 1);
    return YL_OK;
  }
  if (body_h && (seen = yl_u64map_get(&d->bodies, body_h))) {
    *kind = YL_DUP_BODY;
    *first = (size_t)(seen - 1);
    return YL_OK;
  }
  yl_status st = YL_OK;
  if (url_h) st = yl_u64map_add(&d->urls, url_h, (uint64_t)index + 1);
  if (!st && body_h) st = yl_u64map_add(&d->bodies, body_h, (uint64_t)index + 1);
  return st;
}

const char *yl_dup_kind_name(yl_dup_kind k) {
  switch (k) {
  case YL_DUP_URL: return "same URL";
  case YL_DUP_BODY: return "same body text";
  default: return "";
  }
}
