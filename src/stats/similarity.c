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

static int cmp_rank(const void *pa, const void *pb) {
  const yl_simvec_rank *a = pa, *b = pb;
  return (a->key > b->key) - (a->key < b->key);
}

/* A vector of 'n' weights w[i] of term ids[i] (bytes from 'v'), ranked by 'pos' or
 * sorted by bytes. */
static yl_status make_vec(yl_simvec *out, const uint32_t *ids, const double *w, size_t n,
                          const yl_vocab *v, const uint32_t *pos) {
  out->e = NULL;
  out->k = NULL;
  out->n = n;
  out->ranked = pos != NULL;
  if (pos) {
    if (!(out->k = malloc((n ? n : 1) * sizeof *out->k))) return YL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) out->k[i] = (yl_simvec_rank){pos[ids[i]], w[i]};
    qsort(out->k, n, sizeof *out->k, cmp_rank);
    return YL_OK;
  }
  if (!(out->e = malloc((n ? n : 1) * sizeof *out->e))) return YL_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    out->e[i].s = yl_vocab_term(v, ids[i], &out->e[i].len);
    out->e[i].key = ids[i];
    out->e[i].w = w[i];
  }
  qsort(out->e, n, sizeof *out->e, cmp_entry);
  return YL_OK;
}

yl_status yl_simvec_order(const yl_vocab *v, uint32_t **pos) {
  /* the vocabulary's own sort (16-byte records) and the ranks from it */
  size_t n = yl_vocab_size(v);
  uint32_t *ids = NULL;
  *pos = malloc((n ? n : 1) * sizeof **pos);
  yl_status st = *pos ? yl_vocab_sorted(v, &ids) : YL_ERR_NOMEM;
  if (st) {
    free(*pos);
    *pos = NULL;
    return st;
  }
  for (size_t r = 0; r < n; r++) (*pos)[ids[r]] = (uint32_t)r;
  free(ids);
  return YL_OK;
}

void yl_simvec_free(yl_simvec *s) {
  free(s->e);
  free(s->k);
  s->e = NULL;
  s->k = NULL;
  s->n = 0;
}

yl_status yl_simvec_from_rows(yl_simvec *out, const yl_tfidf_row *r, size_t n,
                              const uint32_t *pos) {
  out->e = NULL;
  out->k = NULL;
  out->n = 0;
  out->ranked = pos != NULL;
  if (pos) {
    if (!(out->k = malloc((n ? n : 1) * sizeof *out->k))) return YL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) out->k[i] = (yl_simvec_rank){pos[r[i].id], r[i].weight};
    qsort(out->k, n, sizeof *out->k, cmp_rank);
  } else { /* the rows carry their bytes */
    if (!(out->e = malloc((n ? n : 1) * sizeof *out->e))) return YL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
      out->e[i] = (yl_simvec_entry){r[i].term, r[i].term_len, r[i].id, r[i].weight};
    qsort(out->e, n, sizeof *out->e, cmp_entry);
  }
  out->n = n;
  return YL_OK;
}

yl_status yl_simvec_from_counts(yl_simvec *out, const yl_counts *t, const yl_vocab *v,
                                const uint32_t *pos) {
  double tok = (double)yl_counts_tokens(t);
  out->e = NULL;
  out->k = NULL;
  out->n = 0;
  out->ranked = 0;
  if (tok == 0) return YL_ERR_INVALID;
  size_t n = yl_counts_nterms(t);
  uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
  double *w = malloc((n ? n : 1) * sizeof *w);
  yl_status st = ids && w ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < n; i++) {
    uint64_t c;
    yl_counts_entry(t, i, &ids[i], &c, NULL);
    w[i] = (double)c / tok;
  }
  if (!st) st = make_vec(out, ids, w, n, v, pos);
  free(ids);
  free(w);
  return st;
}

/* Walks the union of 'a' and 'b' in term-byte order: f(ctx, x, y) for each term, x or
 * y 0 where the term is absent. Terms are unique in each vector. */
#define MERGE_ON(a, b, E, CMP, BODY)                                            \
  do {                                                                           \
    size_t i_ = 0, j_ = 0;                                                       \
    while (i_ < (a)->n || j_ < (b)->n) {                                         \
      int c_ = i_ == (a)->n ? 1 : j_ == (b)->n ? -1 : CMP(&(a)->E[i_], &(b)->E[j_]); \
      double x = c_ <= 0 ? (a)->E[i_].w : 0, y = c_ >= 0 ? (b)->E[j_].w : 0;     \
      i_ += c_ <= 0;                                                             \
      j_ += c_ >= 0;                                                             \
      BODY;                                                                      \
    }                                                                            \
  } while (0)
/* Vectors compared agree on being ranked (simvec.h). */
#define MERGE(a, b, BODY)                                                        \
  do {                                                                           \
    if ((a)->ranked) MERGE_ON(a, b, k, cmp_rank, BODY);                          \
    else MERGE_ON(a, b, e, cmp_entry, BODY);                                     \
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
    /* a term of one side only: m = x / 2 and log2(x / m) = log2(2) = 1, exactly (x is
     * a normal number), so no logarithm is needed and the sum is the same bits */
    if (y == 0) d += 0.5 * x;
    else if (x == 0) d += 0.5 * y;
    else {
      double m = (x + y) / 2;
      d += 0.5 * x * log2(x / m);
      d += 0.5 * y * log2(y / m);
    }
  });
  return d < 0 ? 0 : (d > 1 ? 1 : d);
}

yl_status yl_sim_cosine(const yl_tfidf_row *a, size_t na, const yl_tfidf_row *b, size_t nb,
                        double *out) {
  yl_simvec va, vb = {NULL, NULL, 0, 0};
  yl_status st = yl_simvec_from_rows(&va, a, na, NULL);
  if (!st) st = yl_simvec_from_rows(&vb, b, nb, NULL);
  if (!st) *out = yl_simvec_cosine(&va, &vb);
  yl_simvec_free(&va);
  yl_simvec_free(&vb);
  return st;
}

yl_status yl_sim_jsd(const yl_counts *a, const yl_counts *b, const yl_vocab *v, double *out) {
  yl_simvec p, q = {NULL, NULL, 0, 0};
  yl_status st = yl_simvec_from_counts(&p, a, v, NULL);
  if (!st) st = yl_simvec_from_counts(&q, b, v, NULL);
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
