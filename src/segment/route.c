/* The DAG and its best route (jieba's get_DAG and calc). The DAG is never stored: the
 * candidates of a position are found by walking the trie from it, and the route is
 * computed during that walk, right to left, with jieba's order of double operations
 * (log(freq) - log(total) + route[x+1]) so that ties break the same: on equal scores
 * the larger end x wins, as in Python's tuple comparison. */
#include <math.h>

#include "segment/segment_internal.h"

/* The best route from position 'idx' (to 'b'), one trie walk. 'overlay' is a
 * constant at each call, so the compiler makes two loops: without the overlay it is
 * one trie step per character and nothing else; with it, the overlay trie is walked
 * next to the main one and a user word's frequency overrides the main dictionary's. */
static inline __attribute__((always_inline)) void route_at(yl_segmenter *s, size_t idx,
                                                            size_t b, const int overlay) {
  const yl_dict *d = s->d;
  const yl_trie_slot *sl = d->sl;
  const uint32_t nslots = d->nslots;
  const uint16_t *code = s->code;
  const double logtotal = d->logtotal;
  const yl_cptrie *ot = &d->ov.trie;
  const yl_ov_word *ow = d->ov.word;
  double *rp = s->rprob;
  uint32_t st = 0, on = 0;
  int oalive = overlay;
  double best = -INFINITY;
  int32_t bx = -1, bref = -1;
  for (size_t i = idx; i < b; i++) {
    uint32_t t = st == YL_TRIE_NONE ? YL_TRIE_NONE : yl_trie_next(sl, nslots, st, code[i]);
    if (overlay && oalive && !(on = yl_cptrie_child(ot, on, s->cp[i]))) oalive = 0;
    if (t == YL_TRIE_NONE && !oalive) break;
    st = t;
    double lf = -1.0;
    int32_t ref = -1;
    if (overlay && oalive && ow[on].freq >= 0) {
      lf = ow[on].logf;
      ref = yl_ref_of_node(on);
    } else if (t != YL_TRIE_NONE) {
      lf = sl[t].logf;
      ref = (int32_t)t;
    }
    if (lf >= 0) {
      double p = lf - logtotal + rp[i + 1];
      if (p >= best) {
        best = p;
        bx = (int32_t)i;
        bref = ref;
      }
    }
  }
  if (bx < 0) { /* no word: the character alone, FREQ.get(...) or 1 */
    best = 0.0 - logtotal + rp[idx + 1];
    bx = (int32_t)idx;
  }
  rp[idx] = best;
  s->rx[idx] = bx;
  s->rref[idx] = bref;
}

/* Positions [lo, hi), right to left, on the main trie alone. Out of line, so that
 * one tight loop serves both cases of yl_route. */
static __attribute__((noinline)) void route_plain(yl_segmenter *s, size_t lo, size_t hi,
                                                   size_t b) {
  for (size_t idx = hi; idx-- > lo;) route_at(s, idx, b, 0);
}

/* Right to left. With user words, a run of positions where none of them starts takes
 * the main trie's loop: there the overlay could only be walked to its root and
 * dropped, so both loops give the same route. (26 outlet self-names as user words
 * made the whole segmentation 30 % more instructions when every position walked both.) */
void yl_route(yl_segmenter *s, size_t a, size_t b) {
  s->rprob[b] = 0.0;
  const yl_cptrie *ot = &s->d->ov.trie;
  if (!ot->n) {
    route_plain(s, a, b, b);
    return;
  }
  size_t hi = b;
  while (hi > a) {
    size_t lo = hi;
    while (lo > a && !yl_cptrie_may_start(ot, s->cp[lo - 1])) lo--;
    if (lo < hi) route_plain(s, lo, hi, b);
    if (lo > a) route_at(s, lo - 1, b, 1);
    hi = lo > a ? lo - 1 : a;
  }
}
