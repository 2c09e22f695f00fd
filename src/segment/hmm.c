/* jieba's finalseg: the BMES HMM for runs of characters the route left single.
 * finalseg.cut splits a run into Han runs, which go to the Viterbi, and the rest,
 * which re_skip cuts. The model (start, transitions, emissions by character code) is
 * in the compiled image; a missing value is YL_MIN_FLOAT. */
#include "segment/segment_internal.h"

/* Viterbi over the Han run [a, b) (finalseg.viterbi), then finalseg.__cut. */
static void viterbi(yl_segmenter *s, size_t a, size_t b) {
  const yl_dict *d = s->d;
  size_t n = b - a;
  double *v = s->vit;
  uint8_t *bk = s->back;
  const double *em = d->emit + (size_t)s->code[a] * 4;
  for (int y = 0; y < 4; y++) v[y] = d->start[y] + em[y];
  /* PrevStatus; the second of each pair wins ties (it is the larger letter). */
  static const uint8_t pa[4] = {YL_ST_E, YL_ST_B, YL_ST_B, YL_ST_E},
                       pb[4] = {YL_ST_S, YL_ST_M, YL_ST_M, YL_ST_S};
  for (size_t t = 1; t < n; t++) {
    const double *pv = v + (t - 1) * 4;
    double *cv = v + t * 4;
    em = d->emit + (size_t)s->code[a + t] * 4;
    for (int y = 0; y < 4; y++) {
      double x1 = pv[pa[y]] + d->trans[pa[y]][y] + em[y];
      double x2 = pv[pb[y]] + d->trans[pb[y]][y] + em[y];
      if (x2 >= x1) {
        cv[y] = x2;
        bk[t * 4 + (size_t)y] = pb[y];
      } else {
        cv[y] = x1;
        bk[t * 4 + (size_t)y] = pa[y];
      }
    }
  }
  const double *lv = v + (n - 1) * 4;
  uint8_t state = lv[YL_ST_S] >= lv[YL_ST_E] ? YL_ST_S : YL_ST_E;
  /* Reuse the backpointer row of each step to hold the chosen state. */
  uint8_t *path = bk; /* path[t*4] = state at t, written from the end */
  for (size_t t = n; t-- > 0;) {
    uint8_t prev = t ? bk[t * 4 + state] : 0;
    path[t * 4] = state;
    state = prev;
  }
  size_t begin = 0, nexti = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t pos = path[i * 4];
    size_t w0 = (size_t)-1, w1 = 0;
    if (pos == YL_ST_B) begin = i;
    else if (pos == YL_ST_E) {
      w0 = begin;
      w1 = i + 1;
      nexti = i + 1;
    } else if (pos == YL_ST_S) {
      w0 = i;
      w1 = i + 1;
      nexti = i + 1;
    }
    if (w0 == (size_t)-1) continue;
    yl_tok_kind kind = w1 - w0 == 1 ? YL_TOK_OTHER : YL_TOK_HMM;
    if (d->ov.nforce && w1 - w0 > 1) {
      int present;
      int32_t ref;
      yl_udict_lookup(d, s->cp + a + w0, w1 - w0, &present, &ref);
      if (ref <= -2 && d->ov.word[yl_node_of_ref(ref)].force) {
        for (size_t k = w0; k < w1; k++) yl_seg_emit(s, a + k, a + k + 1, YL_TOK_OTHER, NULL);
        continue;
      }
    }
    yl_seg_emit(s, a + w0, a + w1, kind, NULL);
  }
  if (nexti < n) yl_seg_emit(s, a + nexti, b, YL_TOK_HMM, NULL);
}

void yl_hmm_cut(yl_segmenter *s, size_t a, size_t b) {
  const uint32_t *cp = s->cp;
  size_t i = a;
  while (i < b) {
    size_t j = i;
    if (yl_seg_is_han(cp[i])) {
      while (j < b && yl_seg_is_han(cp[j])) j++;
      viterbi(s, i, j);
      i = j;
      continue;
    }
    while (j < b && !yl_seg_is_han(cp[j])) j++;
    /* re_skip: [a-zA-Z0-9]+(?:\.\d+)?%? ; the pieces between matches stay whole */
    size_t p = i, k = i;
    while (k < j) {
      if (!yl_seg_is_alnum(cp[k])) {
        k++;
        continue;
      }
      if (p < k) yl_seg_emit(s, p, k, YL_TOK_OTHER, NULL);
      size_t m = k;
      while (m < j && yl_seg_is_alnum(cp[m])) m++;
      if (m + 1 < j && cp[m] == '.' && cp[m + 1] >= '0' && cp[m + 1] <= '9') {
        m++;
        while (m < j && cp[m] >= '0' && cp[m] <= '9') m++;
      }
      if (m < j && cp[m] == '%') m++;
      yl_seg_emit(s, k, m, YL_TOK_OTHER, NULL);
      k = p = m;
    }
    if (p < j) yl_seg_emit(s, p, j, YL_TOK_OTHER, NULL);
    i = j;
  }
}
