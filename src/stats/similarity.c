/* Similarity of two units: cosine, Jensen–Shannon, shared top terms (yuliao/similarity.h). */
#include "yuliao/similarity.h"

#include "base/names.h"
#include "stats/simvec.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_entry(const void *pa, const void *pb) {
  const yl_simvec_entry *a = pa, *b = pb;
  return yl_bytes_cmp(a->s, a->len, b->s, b->len);
}

static int cmp_key(const void *pa, const void *pb) {
  const yl_simvec_entry *a = pa, *b = pb;
  return (a->key > b->key) - (a->key < b->key);
}

static int cmp(const yl_simvec_entry *a, const yl_simvec_entry *b, int ranked) {
  return ranked ? (a->key > b->key) - (a->key < b->key) : cmp_entry(a, b);
}

static void sort_vec(yl_simvec *v, const uint32_t *pos, const uint32_t *ids) {
  v->ranked = pos != NULL;
  if (pos)
    for (size_t i = 0; i < v->n; i++) v->e[i].key = pos[ids[i]];
  qsort(v->e, v->n, sizeof *v->e, pos ? cmp_key : cmp_entry);
}

yl_status yl_simvec_order(const yl_vocab *v, uint32_t **pos) {
  size_t n = yl_vocab_size(v);
  yl_simvec all = {malloc((n ? n : 1) * sizeof *all.e), n, 0};
  *pos = malloc((n ? n : 1) * sizeof **pos);
  if (!all.e || !*pos) {
    free(all.e);
    free(*pos);
    *pos = NULL;
    return YL_ERR_NOMEM;
  }
  for (uint32_t id = 0; id < n; id++) {
    all.e[id].s = yl_vocab_term(v, id, &all.e[id].len);
    all.e[id].key = id;
  }
  qsort(all.e, n, sizeof *all.e, cmp_entry);
  for (size_t r = 0; r < n; r++) (*pos)[all.e[r].key] = (uint32_t)r;
  free(all.e);
  return YL_OK;
}

void yl_simvec_free(yl_simvec *s) {
  free(s->e);
  s->e = NULL;
  s->n = 0;
}

yl_status yl_simvec_from_rows(yl_simvec *out, const yl_tfidf_row *r, size_t n,
                              const uint32_t *pos) {
  out->e = malloc((n ? n : 1) * sizeof *out->e);
  uint32_t *ids = pos ? malloc((n ? n : 1) * sizeof *ids) : NULL;
  out->n = n;
  out->ranked = 0;
  if (!out->e || (pos && !ids)) {
    free(ids);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    out->e[i] = (yl_simvec_entry){r[i].term, r[i].term_len, 0, r[i].weight};
    if (ids) ids[i] = r[i].id;
  }
  sort_vec(out, pos, ids);
  free(ids);
  return YL_OK;
}

yl_status yl_simvec_from_counts(yl_simvec *out, const yl_counts *t, const yl_vocab *v,
                                const uint32_t *pos) {
  double tok = (double)yl_counts_tokens(t);
  out->e = NULL;
  out->n = 0;
  out->ranked = 0;
  if (tok == 0) return YL_ERR_INVALID;
  size_t n = yl_counts_nterms(t);
  out->e = malloc((n ? n : 1) * sizeof *out->e);
  uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
  if (!out->e || !ids) {
    free(ids);
    return YL_ERR_NOMEM;
  }
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    uint64_t c;
    yl_counts_entry(t, i, &ids[i], &c, NULL);
    out->e[i].s = yl_vocab_term(v, ids[i], &out->e[i].len);
    out->e[i].w = (double)c / tok;
  }
  sort_vec(out, pos, ids);
  free(ids);
  return YL_OK;
}

/* Walks the union of 'a' and 'b' in term-byte order: f(ctx, x, y) for each term, x or
 * y 0 where the term is absent. Terms are unique in each vector. */
#define MERGE(a, b, BODY)                                                        \
  do {                                                                           \
    size_t i_ = 0, j_ = 0;                                                       \
    int ranked_ = (a)->ranked && (b)->ranked;                                    \
    while (i_ < (a)->n || j_ < (b)->n) {                                         \
      int c_ = i_ == (a)->n ? 1 : j_ == (b)->n ? -1 : cmp(&(a)->e[i_], &(b)->e[j_], ranked_); \
      double x = c_ <= 0 ? (a)->e[i_].w : 0, y = c_ >= 0 ? (b)->e[j_].w : 0;     \
      i_ += c_ <= 0;                                                             \
      j_ += c_ >= 0;                                                             \
      BODY;                                                                      \
    }                                                                            \
  } while (0)

double yl_simvec_cosine(const yl_simvec *a, const yl_simvec *b) {
  double dot = 0, xx = 0, yy = 0;
  MERGE(a, b, {
    dot += x * y;
    xx += x * x;
    yy += y * y;
  });
  return (xx > 0 && yy > 0) ? dot / (sqrt(xx) * sqrt(yy)) : 0.0;
}

double yl_simvec_jsd(const yl_simvec *p, const yl_simvec *q) {
  double d = 0;
  MERGE(p, q, {
    double m = (x + y) / 2;
    if (x > 0) d += 0.5 * x * log2(x / m);
    if (y > 0) d += 0.5 * y * log2(y / m);
  });
  return d < 0 ? 0 : (d > 1 ? 1 : d);
}

yl_status yl_sim_cosine(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b, size_t nb,
                        double *out) {
  yl_simvec va, vb;
  yl_status st = yl_simvec_from_rows(&va, a, na, NULL);
  if (!st) st = yl_simvec_from_rows(&vb, b, nb, NULL);
  else vb.e = NULL;
  if (!st) *out = yl_simvec_cosine(&va, &vb);
  yl_simvec_free(&va);
  yl_simvec_free(&vb);
  return st;
}

yl_status yl_sim_jsd(const yl_counts *a, const yl_counts *b, const yl_vocab *v, double *out) {
  yl_simvec p, q;
  yl_status st = yl_simvec_from_counts(&p, a, v, NULL);
  if (!st) st = yl_simvec_from_counts(&q, b, v, NULL);
  else q.e = NULL;
  if (!st) *out = yl_simvec_jsd(&p, &q);
  yl_simvec_free(&p);
  yl_simvec_free(&q);
  return st;
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
