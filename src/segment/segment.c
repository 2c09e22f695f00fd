/* Chinese word segmentation, output identical to jieba 0.42.1 jieba.cut (HMM on/off):
 * opening the dictionary, and the tokenizer that drives the parts (jieba.cut's
 * pre-split and __cut_DAG / __cut_DAG_NO_HMM; see segment_internal.h for the parts).
 *
 * jieba's rules (jieba/__init__.py, jieba/finalseg/__init__.py) are replicated,
 * including its floating-point order of operations so that ties break the same. */
#include "base/escape.h"
#include "yuliao/segment.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/error.h"
#include "base/utf8.h"
#include "segment/image.h"
#include "segment/refs.h"
#include "segment/segment_internal.h"

/* A failed open: with a text folder the message names it (the commands print it so),
 * without one the compiled file is the file at fault. */
static yl_status open_failed(yl_error *err, yl_status st, const char *ydict_path,
                             const char *text_dir, const char *why, int sys_errno) {
  if (text_dir) {
    char *shown = yl_escape_dup(text_dir);
    yl_error_set(err, st, NULL, 0, sys_errno, "cannot load the dictionary from %s: %s (%s)",
                 shown ? shown : "?", why, yl_strerror(st));
    free(shown);
    return st;
  }
  return yl_error_set(err, st, ydict_path, 0, sys_errno, "%s", why);
}

yl_status yl_dict_open(const char *ydict_path, const char *text_dir, yl_dict **out,
                       yl_dict_source *source, yl_error *err) {
  *out = NULL;
  yl_error_clear(err);
  const char *reason = "no compiled dictionary given";
  int sys_errno = 0;
  yl_dict *d = calloc(1, sizeof *d);
  if (!d) return open_failed(err, YL_ERR_NOMEM, ydict_path, text_dir, "", 0);
  if (ydict_path) reason = yl_ydict_map(d, ydict_path, text_dir, &sys_errno);
  if (reason && sys_errno == ENOMEM) { /* building it from the text needs more */
    free(d);
    return open_failed(err, YL_ERR_NOMEM, ydict_path, NULL, "out of memory", sys_errno);
  }
  if (reason) {
    if (!text_dir) {
      free(d);
      return open_failed(err, YL_ERR_DICT, ydict_path, NULL, reason, sys_errno);
    }
    unsigned char *img;
    size_t len;
    yl_error cerr; /* the compiler's detail: its errno is kept */
    yl_error_clear(&cerr);
    yl_status st = yl_compile_image(text_dir, &img, &len, &cerr);
    if (st) {
      free(d);
      return open_failed(err, st == YL_ERR_NOMEM ? st : YL_ERR_DICT, ydict_path, text_dir,
                         st == YL_ERR_PARSE   ? "dictionary text files are malformed"
                         : st == YL_ERR_NOMEM ? "out of memory"
                                              : "dictionary text files cannot be read",
                         cerr.sys_errno);
    }
    const char *bad = yl_ydict_attach(d, img, len, 1);
    if (bad) { /* cannot happen: the compiler wrote it */
      free(img);
      free(d);
      return open_failed(err, YL_ERR_DICT, ydict_path, text_dir, bad, 0);
    }
    /* not an error: why the compiled file was not used, for a note */
    yl_error_set(err, YL_OK, ydict_path, 0, sys_errno, "%s", reason);
  }
  if (source) *source = reason ? YL_DICT_REBUILT : YL_DICT_COMPILED;
  *out = d;
  return YL_OK;
}

void yl_dict_free(yl_dict *d) {
  if (!d) return;
  if (d->mapped) munmap(d->img, d->img_len);
  else free(d->img);
  yl_udict_free(&d->ov);
  free(d);
}

long long yl_dict_total(const yl_dict *d) { return d->total; }

/* ---------- the segmenter ---------- */

static void *grow(void *p, size_t n, size_t size, yl_status *err) {
  void *q = realloc(p, n * size);
  if (!q) *err = YL_ERR_NOMEM;
  return q ? q : p;
}

static yl_status seg_reserve(yl_segmenter *s, size_t n) {
  if (n <= s->cap) return YL_OK;
  size_t nc = s->cap ? s->cap : 256;
  while (nc < n) nc *= 2;
  yl_status err = YL_OK;
  s->cp = grow(s->cp, nc, sizeof *s->cp, &err);
  s->off = grow(s->off, nc + 1, sizeof *s->off, &err);
  s->code = grow(s->code, nc, sizeof *s->code, &err);
  s->cls = grow(s->cls, nc, 1, &err);
  s->rprob = grow(s->rprob, nc + 1, sizeof *s->rprob, &err);
  s->rx = grow(s->rx, nc + 1, sizeof *s->rx, &err);
  s->rref = grow(s->rref, nc + 1, sizeof *s->rref, &err);
  s->vit = grow(s->vit, nc * 4, sizeof *s->vit, &err);
  s->back = grow(s->back, nc * 4, 1, &err);
  if (err) return err;
  s->cap = nc;
  return YL_OK;
}

yl_status yl_segmenter_new(const yl_dict *d, yl_segmenter **out) {
  yl_segmenter *s = calloc(1, sizeof *s);
  if (!s) return YL_ERR_NOMEM;
  s->d = d;
  *out = s;
  return YL_OK;
}

void yl_segmenter_free(yl_segmenter *s) {
  if (!s) return;
  free(s->cp);
  free(s->off);
  free(s->code);
  free(s->cls);
  free(s->rprob);
  free(s->rx);
  free(s->rref);
  free(s->vit);
  free(s->back);
  free(s->tok);
  free(s->tref);
  free(s);
}

int yl_seg_grow_tokens(yl_segmenter *s) {
  size_t nc = s->cap_tok ? s->cap_tok * 2 : 256;
  uint32_t *nr = realloc(s->tref, nc * sizeof *nr);
  if (!nr) {
    s->err = YL_ERR_NOMEM;
    return 0;
  }
  s->tref = nr;
  yl_token *nt = realloc(s->tok, nc * sizeof *nt);
  if (!nt) {
    s->err = YL_ERR_NOMEM;
    return 0;
  }
  s->tok = nt;
  s->cap_tok = nc;
  return 1;
}

/* A route step of one character [x, x+1) or a word, output as it is. */
static void emit_step(yl_segmenter *s, size_t x, size_t y) {
  int32_t r = s->rref[x];
  yl_seg_emit_ref(s, x, y, r != -1 ? YL_TOK_WORD : YL_TOK_OTHER, yl_seg_tag(s->d, r), r);
}

/* Flushes __cut_DAG's buffer of single characters [a, b). */
static void flush_buf(yl_segmenter *s, size_t a, size_t b) {
  if (b - a == 1) {
    emit_step(s, a, b);
    return;
  }
  int present;
  int32_t ref;
  if (yl_udict_lookup(s->d, s->cp + a, b - a, &present, &ref) > 0) {
    for (size_t k = a; k < b; k++) emit_step(s, k, k + 1);
  } else {
    yl_hmm_cut(s, a, b);
  }
}

/* __cut_DAG_NO_HMM's buffer of single ASCII letters and digits [a, b): one token. */
static void flush_alnum(yl_segmenter *s, size_t a, size_t b) {
  if (b - a == 1) emit_step(s, a, b);
  else yl_seg_emit(s, a, b, YL_TOK_OTHER, NULL);
}

/* One re_han_default block [a, b): __cut_DAG or __cut_DAG_NO_HMM. */
static void cut_block(yl_segmenter *s, size_t a, size_t b, int hmm) {
  yl_route(s, a, b);
  size_t x = a, bs = a;
  int have = 0;
  while (x < b) {
    size_t y = (size_t)s->rx[x] + 1;
    if (hmm ? y - x == 1 : (y - x == 1 && yl_seg_is_alnum(s->cp[x]))) {
      if (!have) bs = x;
      have = 1;
    } else {
      if (have) {
        if (hmm) flush_buf(s, bs, x);
        else flush_alnum(s, bs, x);
        have = 0;
      }
      emit_step(s, x, y);
    }
    x = y;
  }
  if (have) {
    if (hmm) flush_buf(s, bs, b);
    else flush_alnum(s, bs, b);
  }
}

/* jieba.cut's outer loop over chars [a, b): blocks, then \r\n|\s, then single chars. */
static void cut_range(yl_segmenter *s, size_t a, size_t b, int hmm) {
  size_t i = a;
  while (i < b) {
    if (s->cls[i] == YL_CL_BLOCK) {
      size_t j = i + 1;
      while (j < b && s->cls[j] == YL_CL_BLOCK) j++;
      cut_block(s, i, j, hmm);
      i = j;
    } else if (s->cp[i] == '\r' && i + 1 < b && s->cp[i + 1] == '\n') {
      yl_seg_emit(s, i, i + 2, YL_TOK_SPACE, NULL);
      i += 2;
    } else {
      yl_seg_emit(s, i, i + 1, s->cls[i] == YL_CL_SPACE ? YL_TOK_SPACE : YL_TOK_OTHER, NULL);
      i++;
    }
  }
}

yl_status yl_segment(yl_segmenter *s, const char *text, size_t len, int flags,
                     const yl_token **toks, size_t *ntok) {
  const yl_dict *d = s->d;
  *toks = NULL;
  *ntok = 0;
  if (len >= UINT32_MAX) return YL_ERR_LIMIT;
  yl_status st = seg_reserve(s, len + 1);
  if (st) return st;
  const unsigned char *u = (const unsigned char *)text;
  size_t n = 0, i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k;
    if (u[i] < 0x80) {
      cp = u[i];
      k = 1;
    } else if (!(k = yl_utf8_decode(u + i, len - i, &cp))) {
      cp = 0xDC00u + u[i]; /* surrogateescape: one char per invalid byte */
      k = 1;
    }
    s->cp[n] = cp;
    s->off[n] = (uint32_t)i;
    s->code[n] = yl_seg_code(d, cp);
    s->cls[n] = yl_seg_is_block(cp) ? YL_CL_BLOCK
                : yl_seg_is_space(cp) ? YL_CL_SPACE
                                      : YL_CL_OTHER;
    n++;
    i += k;
  }
  s->off[n] = (uint32_t)len;
  s->ntok = 0;
  s->err = YL_OK;
  int hmm = !(flags & YL_SEG_NO_HMM);
  size_t pos = 0;
  /* multi-part user words first: each match is one word, the text between is cut
   * as usual (one walk of their trie per position: linear in the text) */
  for (size_t k = 0; d->ov.nmulti && k < n;) {
    size_t e = yl_cptrie_may_start(&d->ov.multi, s->cp[k]) ? yl_udict_multi_end(d, s->cp, k, n) : k;
    if (e == k) {
      k++;
      continue;
    }
    cut_range(s, pos, k, hmm);
    int present;
    int32_t ref;
    yl_udict_lookup(d, s->cp + k, e - k, &present, &ref);
    yl_seg_emit_ref(s, k, e, YL_TOK_WORD, yl_seg_tag(d, ref), ref);
    pos = k = e;
  }
  cut_range(s, pos, n, hmm);
  if (s->err) return s->err;
  *toks = s->tok;
  *ntok = s->ntok;
  return YL_OK;
}

const uint32_t *yl_segment_refs(const yl_segmenter *s) { return s->tref; }

uint32_t yl_segment_nrefs(const yl_segmenter *s) {
  return s->d->nslots + s->d->ov.trie.n + 1;
}
