/* Similarity of two units: cosine, Jensen–Shannon, shared top terms (yuliao/similarity.h). */
#include "yuliao/similarity.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
  const char *s;
  size_t len;
  uint32_t id;
  double x; /* weight or probability in the first vector */
  double y; /* in the second */
} item;

static int cmp_item(const void *pa, const void *pb) {
  const item *a = pa, *b = pb;
  int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
  if (c) return c;
  return (a->len > b->len) - (a->len < b->len);
}

/* Joins two sparse vectors on term into one array sorted by term bytes (x from the
 * first, y from the second, 0 where absent). */
static item *join(item *it, size_t n, size_t *out_n) {
  qsort(it, n, sizeof *it, cmp_item);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && it[m - 1].id == it[i].id) {
      it[m - 1].x += it[i].x;
      it[m - 1].y += it[i].y;
    } else {
      it[m++] = it[i];
    }
  }
  *out_n = m;
  return it;
}

yl_status yl_sim_cosine(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b, size_t nb,
                        double *out) {
  item *it = malloc((na + nb ? na + nb : 1) * sizeof *it);
  if (!it) return YL_ERR_NOMEM;
  for (size_t i = 0; i < na; i++) it[i] = (item){a[i].term, a[i].term_len, a[i].id, a[i].weight, 0};
  for (size_t i = 0; i < nb; i++)
    it[na + i] = (item){b[i].term, b[i].term_len, b[i].id, 0, b[i].weight};
  size_t n;
  join(it, na + nb, &n);
  double dot = 0, xx = 0, yy = 0;
  for (size_t i = 0; i < n; i++) {
    dot += it[i].x * it[i].y;
    xx += it[i].x * it[i].x;
    yy += it[i].y * it[i].y;
  }
  free(it);
  *out = (xx > 0 && yy > 0) ? dot / (sqrt(xx) * sqrt(yy)) : 0.0;
  return YL_OK;
}

yl_status yl_sim_jsd(const yl_counts *a, const yl_counts *b, const yl_vocab *v, double *out) {
  double ta = (double)yl_counts_tokens(a), tb = (double)yl_counts_tokens(b);
  if (ta == 0 || tb == 0) return YL_ERR_INVALID;
  size_t na = yl_counts_nterms(a), nb = yl_counts_nterms(b);
  item *it = malloc((na + nb ? na + nb : 1) * sizeof *it);
  if (!it) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < na; i++) {
    uint64_t c;
    item *p = &it[k++];
    yl_counts_entry(a, i, &p->id, &c, NULL);
    p->s = yl_vocab_term(v, p->id, &p->len);
    p->x = (double)c / ta;
    p->y = 0;
  }
  for (size_t i = 0; i < nb; i++) {
    uint64_t c;
    item *p = &it[k++];
    yl_counts_entry(b, i, &p->id, &c, NULL);
    p->s = yl_vocab_term(v, p->id, &p->len);
    p->x = 0;
    p->y = (double)c / tb;
  }
  size_t n;
  join(it, k, &n);
  double d = 0;
  for (size_t i = 0; i < n; i++) {
    double p = it[i].x, q = it[i].y, m = (p + q) / 2;
    if (p > 0) d += 0.5 * p * log2(p / m);
    if (q > 0) d += 0.5 * q * log2(q / m);
  }
  free(it);
  *out = d < 0 ? 0 : (d > 1 ? 1 : d);
  return YL_OK;
}

size_t yl_sim_top_shared(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b, size_t nb,
                         size_t k) {
  if (na > k) na = k;
  if (nb > k) nb = k;
  size_t shared = 0;
  /* k is small (50): a quadratic scan beats building a set. */
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (a[i].id == b[j].id) {
        shared++;
        break;
      }
  return shared;
}
