/* New-word measures (yuliao/newwords.h): PMI, neighbour entropy, the score, fragment
 * suppression and the frequency that keeps a user word whole (docs/newwords.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "yuliao/newwords.h"

double yl_newwords_pmi(uint64_t cxy, uint64_t cx, uint64_t cy, uint64_t n) {
  if (!cxy || !cx || !cy || !n) return -HUGE_VAL;
  return log((double)cxy) + log((double)n) - log((double)cx) - log((double)cy);
}

/* H = -Σ p ln p with p = c/t: t = Σ c + free, each free occurrence a neighbour of its
 * own (c = 1, whose c ln c is 0), so H = ln t − (Σ c ln c) / t. */
double yl_newwords_entropy(const uint64_t *counts, size_t k, uint64_t free) {
  uint64_t t = free;
  double s = 0.0;
  for (size_t i = 0; i < k; i++) {
    t += counts[i];
    if (counts[i] > 1) s += (double)counts[i] * log((double)counts[i]);
  }
  if (!t) return 0.0;
  double h = log((double)t) - s / (double)t;
  return h > 0 ? h : 0.0; /* -0 or a rounding step below 0 for one neighbour */
}

double yl_newwords_score(uint64_t count, double cohesion, double left, double right) {
  double b = left < right ? left : right;
  if (!(cohesion > 0) || !(b > 0)) return 0.0;
  return log1p((double)count) * cohesion * b;
}

yl_status yl_newwords_user_freq(const yl_dict *d, const char *word, size_t len,
                                long long *freq) {
  yl_segmenter *s;
  yl_status st = yl_segmenter_new(d, &s);
  if (st) return st;
  const yl_token *t;
  size_t nt;
  if ((st = yl_segment(s, word, len, YL_SEG_NO_HMM, &t, &nt))) {
    yl_segmenter_free(s);
    return st;
  }
  if (!nt) {
    yl_segmenter_free(s);
    return YL_ERR_UTF8;
  }
  /* in logs: Σ ln f_i − (k − 1) ln T is ln(T · Π f_i/T) */
  double logt = log((double)yl_dict_total(d)), lf = 0.0;
  long long top = 1;
  for (size_t i = 0; i < nt; i++) {
    long long f = yl_dict_freq(d, word + t[i].off, t[i].len);
    if (f < 1) f = 1; /* a character the dictionary lacks: jieba's route counts it as 1 */
    /* single characters are left out of the margin: 之 or 的 would lift the word to the
     * frequency of a function character */
    if (f > top && yl_utf8_count(word + t[i].off, t[i].len) > 1) top = f;
    lf += log((double)f);
  }
  lf -= (double)(nt - 1) * logt;
  yl_segmenter_free(s);
  double sf = floor(exp(lf)) + 1.0;
  long long r = sf > 1e15 ? (long long)1e15 : (long long)sf;
  *freq = r > top ? r : top;
  return YL_OK;
}

yl_status yl_newwords_suppress(const char *const *terms, const size_t *lens, size_t n,
                               unsigned char *keep) {
  /* every substring of every kept term, by hash: a later term found there repeats it */
  yl_u64map subs = YL_U64MAP_INIT;
  yl_status st = YL_OK;
  for (size_t i = 0; i < n && !st; i++) {
    uint64_t h = yl_u64map_hkey(yl_hash_bytes(0, terms[i], lens[i]));
    keep[i] = !yl_u64map_get(&subs, h);
    if (!keep[i]) continue;
    const char *w = terms[i];
    size_t len = lens[i];
    for (size_t a = 0; a < len && !st; a++) {
      if (((unsigned char)w[a] & 0xC0) == 0x80) continue;
      for (size_t b = a + 1; b <= len && !st; b++) {
        if (b < len && ((unsigned char)w[b] & 0xC0) == 0x80) continue;
        st = yl_u64map_add(&subs, yl_u64map_hkey(yl_hash_bytes(0, w + a, b - a)), 1);
      }
    }
  }
  yl_u64map_free(&subs);
  return st;
}
