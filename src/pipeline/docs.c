/* Duplicate marking in index order (see docs.h). */
#include "base/escape.h"
#include "pipeline/docs.h"

#include <stdlib.h>

#include "base/buf.h"
#include "base/u64map.h"
#include "yuliao/sketch.h"

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
  char *shown = yl_escape_dup(files->v[first].path); /* the path as the table shows it */
  st = shown ? yl_buf_printf(&b, "duplicate of %s (%s)", shown, yl_dup_kind_name(kind))
             : YL_ERR_NOMEM;
  free(shown);
  if (!st && d->note && *d->note) st = yl_buf_printf(&b, "; %s", d->note); /* kept after it */
  if (st) {
    yl_buf_free(&b);
    return st;
  }
  char *note = yl_buf_detach(&b, NULL);
  if (!note) return YL_ERR_NOMEM;
  free(d->note);
  d->note = note;
  d->status = YL_DOC_DUPLICATE;
  return YL_OK;
}

/* union-find over document indices, by size: the root of 'x' */
static uint32_t root(uint32_t *up, uint32_t x) {
  while (up[x] != x) x = up[x] = up[up[x]];
  return x;
}

static void join(uint32_t *up, uint32_t a, uint32_t b) {
  a = root(up, a), b = root(up, b);
  if (a != b) up[a < b ? b : a] = a < b ? a : b; /* the smaller index roots: deterministic */
}

typedef struct near_ctx {
  const yl_doc_key *keys;
  uint32_t *up;
} near_ctx;

static int on_near(void *ctx, size_t i, size_t j, double similarity) {
  near_ctx *c = ctx;
  (void)similarity;
  if (c->keys[i].doc->status == YL_DOC_ANALYSED && c->keys[j].doc->status == YL_DOC_ANALYSED)
    join(c->up, (uint32_t)i, (uint32_t)j);
  return 0;
}

/* 1 when copy 'a' is to be kept rather than 'b' (a < b in index order): the outlet's
 * own copy before a mirror's (a re-post must not move the story to another group),
 * then the update, then the fuller text. */
static int better(const yl_doc_key *keys, const yl_dup_input *in, size_t a, size_t b) {
  if (in && in->known && in->known[a] != in->known[b]) return in->known[a] > in->known[b];
  int64_t pa = keys[a].doc->published_ms, pb = keys[b].doc->published_ms;
  if (pa != pb) return pa > pb; /* YL_TIME_NONE is the smallest */
  uint64_t la = in && in->body_len ? in->body_len[a] : 0, lb = in && in->body_len ? in->body_len[b] : 0;
  if (la != lb) return la > lb;
  return a < b;
}

yl_status yl_docs_mark_duplicates(const yl_doc_key *keys, size_t n, const yl_ingest_list *files,
                                  const yl_dup_input *in, uint32_t *dup_of, float *sim) {
  if (n >= UINT32_MAX) return YL_ERR_LIMIT;
  uint32_t *up = malloc((n ? n : 1) * sizeof *up), *keep = malloc((n ? n : 1) * sizeof *keep);
  yl_u64map urls = YL_U64MAP_INIT, bodies = YL_U64MAP_INIT;
  yl_status st = up && keep ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < n; i++) up[i] = (uint32_t)i;
  /* the same URL or the same body text: one story */
  for (size_t i = 0; !st && i < n; i++) {
    if (keys[i].doc->status != YL_DOC_ANALYSED) continue;
    uint64_t h[2] = {keys[i].url_h, keys[i].body_h};
    yl_u64map *map[2] = {&urls, &bodies};
    for (int k = 0; !st && k < 2; k++) {
      if (!h[k]) continue;
      uint64_t seen = yl_u64map_get(map[k], h[k]);
      if (seen) join(up, (uint32_t)(seen - 1), (uint32_t)i);
      else st = yl_u64map_add(map[k], h[k], (uint64_t)i + 1);
    }
  }
  if (!st && in && in->sig) {
    near_ctx c = {keys, up};
    st = yl_sketch_pairs(in->sig, in->has, n, in->threshold, on_near, &c);
  }
  /* the copy each story keeps */
  for (size_t i = 0; !st && i < n; i++) keep[i] = UINT32_MAX;
  for (size_t i = 0; !st && i < n; i++) {
    if (keys[i].doc->status != YL_DOC_ANALYSED) continue;
    uint32_t r = root(up, (uint32_t)i);
    if (keep[r] == UINT32_MAX || better(keys, in, i, keep[r])) keep[r] = (uint32_t)i;
  }
  for (size_t i = 0; !st && i < n; i++) {
    dup_of[i] = 0;
    sim[i] = -1.0f;
    yl_doc *d = keys[i].doc;
    if (d->status != YL_DOC_ANALYSED) continue;
    size_t k = keep[root(up, (uint32_t)i)];
    if (k == i) continue;
    /* why, against the kept copy; "same story" when only another copy links them */
    const char *why = "same story";
    if (in && in->sig && in->has[i] && in->has[k])
      sim[i] = (float)yl_sketch_similarity(in->sig + i * YL_SKETCH_BINS, in->sig + k * YL_SKETCH_BINS);
    if (keys[i].body_h && keys[i].body_h == keys[k].body_h) why = "same body text", sim[i] = 1.0f;
    else if (keys[i].url_h && keys[i].url_h == keys[k].url_h) why = "same URL";
    else if (sim[i] >= 0 && sim[i] >= in->threshold - 1e-6) why = "similar text";
    yl_buf b = YL_BUF_INIT;
    char *shown = yl_escape_dup(files->v[k].path);
    st = shown ? yl_buf_printf(&b, "duplicate of %s (%s)", shown, why) : YL_ERR_NOMEM;
    free(shown);
    if (!st && d->note && *d->note) st = yl_buf_printf(&b, "; %s", d->note);
    if (st) yl_buf_free(&b);
    char *note = st ? NULL : yl_buf_detach(&b, NULL);
    if (!st && !note) st = YL_ERR_NOMEM;
    if (st) break;
    free(d->note);
    d->note = note;
    d->status = YL_DOC_DUPLICATE;
    dup_of[i] = (uint32_t)k + 1;
  }
  yl_u64map_free(&urls);
  yl_u64map_free(&bodies);
  free(up);
  free(keep);
  return st;
}
