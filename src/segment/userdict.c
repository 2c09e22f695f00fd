/* User words: jieba's add_word, suggest_freq and load_userdict over an overlay trie
 * (segment_internal.h: yl_overlay) that the route walks next to the main trie; a
 * user word's frequency and tag override the main dictionary's.
 *
 * Words with characters outside jieba's blocks (spaces, punctuation: "multi-part"
 * words) can never be found by jieba's pre-split. They also go into a second trie,
 * which yl_segment walks from each position before the pre-split: the leftmost
 * match wins, the longest at one position (docs/segment.md). A walk is at most as
 * long as the longest such word, so the scan is linear in the text. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/lines.h"
#include "base/utf8.h"
#include "segment/segment_internal.h"

/* Follows 'cp' from the root of 't', adding the missing nodes (ids t->n + 1, …).
 * The caller has room for the payload of n more ids. */
static yl_status cptrie_insert(yl_cptrie *t, const uint32_t *cp, size_t n, uint32_t *leaf) {
  uint32_t node = 0;
  if (n && cp[0] < YL_CPTRIE_NCP) {
    if (!t->first && !(t->first = calloc(YL_CPTRIE_NCP / 64, sizeof *t->first)))
      return YL_ERR_NOMEM;
    t->first[cp[0] >> 6] |= (uint64_t)1 << (cp[0] & 63);
  }
  for (size_t i = 0; i < n; i++) {
    uint32_t c = yl_cptrie_child(t, node, cp[i]);
    if (!c) {
      /* ids become references -(id + 1) in an int32_t */
      if (t->n >= INT32_MAX - 1) return YL_ERR_LIMIT;
      yl_status st = yl_u64map_add(&t->edges, (uint64_t)node << 21 | cp[i], (uint64_t)t->n + 1);
      if (st) return st;
      c = ++t->n;
    }
    node = c;
  }
  *leaf = node;
  return YL_OK;
}

/* The node of 'cp' in 't', or 0. */
static uint32_t cptrie_find(const yl_cptrie *t, const uint32_t *cp, size_t n) {
  uint32_t node = 0;
  for (size_t i = 0; i < n && (i == 0 || node); i++) node = yl_cptrie_child(t, node, cp[i]);
  return node;
}

/* Grows a payload array of 'size'-byte elements to hold 'need' of them. */
static yl_status reserve(void **arr, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return YL_OK;
  size_t nc = *cap ? *cap : 64;
  while (nc < need) nc *= 2;
  void *p = realloc(*arr, nc * size);
  if (!p) return YL_ERR_NOMEM;
  *arr = p;
  *cap = nc;
  return YL_OK;
}

/* The overlay node of a user word, created with no frequency (a prefix) if new. */
static yl_status ov_node(yl_overlay *ov, const uint32_t *cp, size_t n, uint32_t *out) {
  uint32_t old = ov->trie.n;
  yl_status st =
      reserve((void **)&ov->word, &ov->cap_word, (size_t)old + n + 1, sizeof *ov->word);
  if (st) return st;
  st = cptrie_insert(&ov->trie, cp, n, out);
  for (size_t i = old ? old + 1 : 0; i <= ov->trie.n; i++)
    ov->word[i] = (yl_ov_word){-1, -1.0, -1, 0};
  return st;
}

/* Makes the multi-part word 'cp' live (found in text) or not. */
static yl_status set_multi(yl_overlay *ov, const uint32_t *cp, size_t n, int live) {
  uint32_t leaf;
  if (!live) {
    if ((leaf = cptrie_find(&ov->multi, cp, n)) && ov->multi_end[leaf]) {
      ov->multi_end[leaf] = 0;
      ov->nmulti--;
    }
    return YL_OK;
  }
  uint32_t old = ov->multi.n;
  yl_status st = reserve((void **)&ov->multi_end, &ov->cap_multi, (size_t)old + n + 1, 1);
  if (st) return st;
  st = cptrie_insert(&ov->multi, cp, n, &leaf);
  memset(ov->multi_end + (old ? old + 1 : 0), 0, ov->multi.n + 1 - (old ? old + 1 : 0));
  if (st) return st;
  if (!ov->multi_end[leaf]) {
    ov->multi_end[leaf] = 1;
    ov->nmulti++;
  }
  return YL_OK;
}

size_t yl_udict_multi_end(const yl_dict *d, const uint32_t *cp, size_t i, size_t n) {
  const yl_overlay *ov = &d->ov;
  size_t end = i;
  uint32_t node = 0;
  for (size_t k = i; k < n; k++) {
    if (!(node = yl_cptrie_child(&ov->multi, node, cp[k]))) break;
    if (ov->multi_end[node]) end = k + 1;
  }
  return end;
}

void yl_udict_free(yl_overlay *ov) {
  yl_u64map_free(&ov->trie.edges);
  free(ov->trie.first);
  free(ov->multi.first);
  free(ov->word);
  for (size_t i = 0; i < ov->ntags; i++) free(ov->tags[i]);
  free(ov->tags);
  yl_u64map_free(&ov->multi.edges);
  free(ov->multi_end);
}

long long yl_udict_lookup(const yl_dict *d, const uint32_t *cp, size_t n, int *present,
                          int32_t *ref) {
  uint32_t st = 0, on = 0;
  int balive = 1, oalive = d->ov.trie.n > 0;
  for (size_t i = 0; i < n && (balive || oalive); i++) {
    if (balive) {
      uint32_t t = yl_trie_next(d->sl, d->nslots, st, yl_seg_code(d, cp[i]));
      if (t == YL_TRIE_NONE) balive = 0;
      else st = t;
    }
    if (oalive && !(on = yl_cptrie_child(&d->ov.trie, on, cp[i]))) oalive = 0;
  }
  *present = balive || oalive;
  *ref = -1;
  if (oalive && d->ov.word[on].freq >= 0) {
    *ref = yl_ref_of_node(on);
    return d->ov.word[on].freq;
  }
  if (balive) {
    *ref = (int32_t)st;
    /* exact: log then exp moves a frequency below 2^32 by far less than 0.5 */
    return d->sl[st].logf >= 0 ? llround(exp(d->sl[st].logf)) : 0;
  }
  return 0;
}

/* Decodes a user word into code points (malloc'd); YL_ERR_UTF8 when it is empty,
 * not valid UTF-8 or holds a NUL. */
static yl_status decode_word(const char *w, size_t len, uint32_t **out, size_t *n) {
  uint32_t *c = malloc((len ? len : 1) * sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    size_t l = yl_utf8_decode((const unsigned char *)w + i, len - i, &c[k]);
    if (!l || c[k] == 0) {
      free(c);
      return YL_ERR_UTF8;
    }
    k++;
    i += l;
  }
  if (!k) {
    free(c);
    return YL_ERR_UTF8;
  }
  *out = c;
  *n = k;
  return YL_OK;
}

long long yl_dict_freq(const yl_dict *d, const char *word, size_t len) {
  uint32_t *c;
  size_t n;
  if (decode_word(word, len, &c, &n)) return 0;
  int present;
  int32_t ref;
  long long f = yl_udict_lookup(d, c, n, &present, &ref);
  free(c);
  return f;
}

/* The character index of byte offset 'byte' in the segmenter's last input. */
static size_t char_at(const yl_segmenter *s, size_t n, size_t byte) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (s->off[m] < byte) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/* jieba's suggest_freq(word, tune=False) for a single string. */
static yl_status suggest_freq(const yl_dict *d, const char *w, size_t len, const uint32_t *cps,
                              size_t n, long long *out) {
  yl_segmenter *s;
  yl_status st = yl_segmenter_new(d, &s);
  if (st) return st;
  const yl_token *t;
  size_t nt;
  if ((st = yl_segment(s, w, len, YL_SEG_NO_HMM, &t, &nt))) {
    yl_segmenter_free(s);
    return st;
  }
  double ftotal = (double)d->total, f = 1.0;
  for (size_t i = 0; i < nt; i++) {
    size_t a = char_at(s, n, t[i].off), b = char_at(s, n, t[i].off + t[i].len);
    int present;
    int32_t ref;
    long long g = yl_udict_lookup(d, cps + a, b - a, &present, &ref);
    f *= (double)(present ? g : 1) / ftotal;
  }
  yl_segmenter_free(s);
  int present;
  int32_t ref;
  long long cur = yl_udict_lookup(d, cps, n, &present, &ref);
  long long r = (long long)(f * (double)d->total) + 1;
  long long alt = present ? cur : 1;
  *out = r > alt ? r : alt;
  return YL_OK;
}

/* Interns a copy of 'tag' among the overlay's tags. */
static yl_status add_tag(yl_overlay *ov, const char *tag, int32_t *out) {
  char **nt = realloc(ov->tags, (ov->ntags + 1) * sizeof *nt);
  if (!nt) return YL_ERR_NOMEM;
  ov->tags = nt;
  if (!(nt[ov->ntags] = strdup(tag))) return YL_ERR_NOMEM;
  *out = (int32_t)ov->ntags++;
  return YL_OK;
}

yl_status yl_dict_add_word(yl_dict *d, const char *word, size_t len, long long freq,
                           const char *tag) {
  yl_overlay *ov = &d->ov;
  uint32_t *c;
  size_t n;
  yl_status st = decode_word(word, len, &c, &n);
  if (st) return st;
  if (freq < 0 && (st = suggest_freq(d, word, len, c, n, &freq))) goto done;
  int32_t ti = -1;
  if (tag && *tag && (st = add_tag(ov, tag, &ti))) goto done;
  uint32_t node;
  if ((st = ov_node(ov, c, n, &node))) goto done;
  yl_ov_word *o = &ov->word[node];
  o->freq = freq;
  o->logf = freq > 0 ? log((double)freq) : -1.0;
  if (ti >= 0) o->tag = ti;
  else if (o->tag < 0) {
    /* keep the main dictionary's tag, as jieba's tag table does */
    uint32_t stt = 0;
    size_t i = 0;
    for (; i < n; i++) {
      uint32_t t = yl_trie_next(d->sl, d->nslots, stt, yl_seg_code(d, c[i]));
      if (t == YL_TRIE_NONE) break;
      stt = t;
    }
    if (i == n && d->stag[stt] && d->stag[stt] < d->ntags &&
        (st = add_tag(ov, d->tags + d->tag_off[d->stag[stt]], &o->tag)))
      goto done;
  }
  if (freq == 0 && !o->force) {
    o->force = 1;
    ov->nforce++;
  }
  d->total = yl_dict_total_add(d->total, freq);
  d->logtotal = log((double)d->total);
  int multi = 0;
  for (size_t i = 0; i < n; i++) multi |= !yl_seg_is_block(c[i]);
  if (multi) st = set_multi(ov, c, n, freq > 0);
done:
  free(c);
  return st;
}

/* re_userdict '^(.+?)( [0-9]+)?( [a-z]+)?$' on one stripped line: the word is the
 * shortest non-empty prefix whose rest is " digits", " tag", " digits tag" or "". */
static int rest_ok(const char *r, size_t n, size_t *flen, size_t *tlen) {
  size_t i = 0;
  *flen = *tlen = 0;
  if (i < n && r[i] == ' ' && i + 1 < n && r[i + 1] >= '0' && r[i + 1] <= '9') {
    size_t j = i + 1;
    while (j < n && r[j] >= '0' && r[j] <= '9') j++;
    if (j == n || r[j] == ' ') {
      size_t save = j;
      if (j == n) {
        *flen = j - 1;
        return 1;
      }
      /* try the tag after the digits */
      size_t k = j + 1;
      while (k < n && r[k] >= 'a' && r[k] <= 'z') k++;
      if (k == n && k > j + 1) {
        *flen = save - 1;
        *tlen = k - j - 1;
        return 1;
      }
    }
  }
  if (i < n && r[i] == ' ') {
    size_t k = 1;
    while (k < n && r[k] >= 'a' && r[k] <= 'z') k++;
    if (k == n && k > 1) {
      *tlen = k - 1;
      return 1;
    }
  }
  return n == 0;
}

#define USER_WHAT "cannot load user dictionary"

yl_status yl_dict_load_user(yl_dict *d, const char *path, size_t *loaded,
                            yl_dict_reject_fn reject, void *ctx, yl_error *err) {
  return yl_dict_load_user_mapped(d, path, NULL, NULL, loaded, reject, ctx, err);
}

yl_status yl_dict_load_user_mapped(yl_dict *d, const char *path, yl_dict_word_fn map,
                                   void *map_ctx, size_t *loaded, yl_dict_reject_fn reject,
                                   void *ctx, yl_error *err) {
  *loaded = 0;
  yl_error_clear(err);
  FILE *f = yl_fopen_regular(path); /* a FIFO given as --user-dict must not block */
  if (!f && errno == EINVAL) return yl_error_set(err, YL_ERR_IO, path, 0, 0, USER_WHAT ": not a regular file");
  if (!f) return yl_error_cause(err, YL_ERR_IO, path, 0, errno, USER_WHAT);
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t got;
  yl_status st = YL_OK;
  while ((got = getline(&line, &cap, f)) >= 0) {
    lineno++;
    char *a = line, *z = line + got;
    while (a < z && yl_seg_is_bspace((unsigned char)*a)) a++;
    while (z > a && yl_seg_is_bspace((unsigned char)z[-1])) z--;
    if (z - a >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) {
      a += 3;
      while (a < z && yl_seg_is_bspace((unsigned char)*a)) a++;
    }
    if (a == z || *a == '#') continue;
    size_t n = (size_t)(z - a);
    if (memchr(a, '\0', n)) {
      if (reject) reject(ctx, lineno, "contains a NUL byte");
      continue;
    }
    uint32_t *tmp;
    size_t ncp;
    if ((st = decode_word(a, n, &tmp, &ncp)) == YL_ERR_NOMEM) break;
    if (st) {
      st = YL_OK;
      if (reject) reject(ctx, lineno, "not valid UTF-8");
      continue;
    }
    free(tmp);
    size_t wl = 1, flen = 0, tlen = 0;
    while (wl < n && !rest_ok(a + wl, n - wl, &flen, &tlen)) wl++;
    long long freq = -1;
    if (flen) {
      if (flen > 15) {
        if (reject) reject(ctx, lineno, "frequency too large");
        continue;
      }
      freq = 0;
      for (size_t k = 0; k < flen; k++) freq = freq * 10 + (a[wl + 1 + k] - '0');
    }
    char tag[64] = "";
    if (tlen) {
      if (tlen >= sizeof tag) {
        if (reject) reject(ctx, lineno, "tag too long");
        continue;
      }
      memcpy(tag, z - tlen, tlen);
      tag[tlen] = '\0';
    }
    char *mapped = NULL;
    size_t mlen = 0;
    if (map && (st = map(map_ctx, a, wl, &mapped, &mlen))) break;
    st = mapped ? yl_dict_add_word(d, mapped, mlen, freq, tlen ? tag : NULL)
                : yl_dict_add_word(d, a, wl, freq, tlen ? tag : NULL);
    free(mapped);
    if (st == YL_ERR_UTF8) {
      if (reject) reject(ctx, lineno, "empty or invalid word");
      st = YL_OK;
      continue;
    }
    if (st) break;
    ++*loaded;
  }
  int e = errno;
  /* getline that cannot grow its buffer returns -1 with neither EOF nor error set */
  if (st == YL_OK && (ferror(f) || !feof(f))) st = ferror(f) ? YL_ERR_IO : YL_ERR_NOMEM;
  free(line);
  fclose(f);
  return yl_error_cause(err, st, path, 0, e, USER_WHAT);
}
