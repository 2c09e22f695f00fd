/* Term vectors sorted by term bytes (internal), so that comparing every pair of n units
 * sorts each unit once and merges each pair, instead of sorting every pair's union:
 * similarity.csv compares all pairs of 20+ outlets with 10^5 terms each. The sums run
 * over the union in term-byte order, as yuliao/similarity.h promises, so the results are
 * those of yl_sim_cosine and yl_sim_jsd to the last bit. */
#ifndef YL_SIMVEC_H
#define YL_SIMVEC_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/counts.h"
#include "yuliao/status.h"
#include "yuliao/tfidf.h"
#include "yuliao/vocab.h"

typedef struct yl_simvec_entry {
  const char *s; /* term bytes (the vocabulary's) */
  size_t len;
  uint32_t key; /* the term's id while the vector is built */
  double w;     /* weight, or count / tokens */
} yl_simvec_entry;

/* An entry of a ranked vector: the bytes are not needed, so half the size (similarity
 * holds two vectors of every group at once). */
typedef struct yl_simvec_rank {
  uint32_t key; /* the term's place in byte order (yl_simvec_order) */
  double w;
} yl_simvec_rank;

typedef struct yl_simvec {
  yl_simvec_entry *e; /* unranked: sorted by term bytes */
  yl_simvec_rank *k;  /* ranked: sorted by key (e is NULL) */
  size_t n;
  int ranked;
} yl_simvec;

/* The place of every term of 'v' in term-byte order: '*pos' (release with free) gets
 * yl_vocab_size(v) entries, pos[id] = rank. Sorting the vocabulary once lets vectors
 * be sorted and merged by integers instead of by term bytes. */
yl_status yl_simvec_order(const yl_vocab *v, uint32_t **pos);

/* The weights of 'n' TF-IDF rows; 'pos' (from yl_simvec_order, or NULL to compare term
 * bytes) ranks the entries. Vectors compared with each other must agree on 'pos'. */
yl_status yl_simvec_from_rows(yl_simvec *out, const yl_tfidf_row *r, size_t n,
                              const uint32_t *pos);
/* The distribution count / tokens of 't' (tokens > 0, else YL_ERR_INVALID). */
yl_status yl_simvec_from_counts(yl_simvec *out, const yl_counts *t, const yl_vocab *v,
                                const uint32_t *pos);
void yl_simvec_free(yl_simvec *s);

/* Σ a·b / (‖a‖‖b‖), 0 when either is zero. */
double yl_simvec_cosine(const yl_simvec *a, const yl_simvec *b);
/* Jensen–Shannon divergence (base 2) of two distributions, clamped to [0, 1]. */
double yl_simvec_jsd(const yl_simvec *p, const yl_simvec *q);

#endif
