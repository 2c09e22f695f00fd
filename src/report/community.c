/* Greedy modularity communities (CNM), on the community-pair edge list. The graphs are
 * the report's networks (a few hundred edges): each round sorts the edges between
 * communities, O(E log E), and there are at most n − 1 rounds. */
#include "report/community.h"

#include <stdlib.h>

typedef struct cpair {
  uint32_t a, b; /* community labels, a < b */
} cpair;

static int cpair_cmp(const void *p, const void *q) {
  const cpair *x = p, *y = q;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

typedef struct csize {
  uint32_t label, size, first;
} csize;

static int csize_cmp(const void *p, const void *q) {
  const csize *x = p, *y = q;
  if (x->size != y->size) return x->size > y->size ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

yl_status yl_community_greedy(size_t n, const uint32_t *ea, const uint32_t *eb, size_t ne,
                              uint32_t *comm, size_t *ncomm) {
  *ncomm = 0;
  for (size_t e = 0; e < ne; e++)
    if (ea[e] >= n || eb[e] >= n) return YL_ERR_INVALID;
  if (!n) return YL_OK;
  double *deg = calloc(n, sizeof *deg); /* degree sum of each community label */
  cpair *p = malloc((ne ? ne : 1) * sizeof *p);
  csize *cs = calloc(n, sizeof *cs);
  if (!deg || !p || !cs) {
    free(deg);
    free(p);
    free(cs);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) comm[i] = (uint32_t)i;
  for (size_t e = 0; e < ne; e++) {
    deg[ea[e]] += 1;
    deg[eb[e]] += 1;
  }
  double m = (double)ne;
  while (ne) {
    size_t np = 0;
    for (size_t e = 0; e < ne; e++) {
      uint32_t a = comm[ea[e]], b = comm[eb[e]];
      if (a == b) continue;
      p[np].a = a < b ? a : b;
      p[np].b = a < b ? b : a;
      np++;
    }
    if (!np) break;
    qsort(p, np, sizeof *p, cpair_cmp);
    double best = 0;
    uint32_t ba = 0, bb = 0;
    int found = 0;
    for (size_t i = 0; i < np;) {
      size_t j = i;
      while (j < np && p[j].a == p[i].a && p[j].b == p[i].b) j++;
      /* ΔQ of merging: 2 (e_ab − a_a a_b) with e_ab = w / 2m, a = K / 2m */
      double dq = (double)(j - i) / m - deg[p[i].a] * deg[p[i].b] / (2 * m * m);
      if (dq > best) {
        best = dq;
        ba = p[i].a;
        bb = p[i].b;
        found = 1;
      }
      i = j;
    }
    if (!found) break;
    for (size_t i = 0; i < n; i++)
      if (comm[i] == bb) comm[i] = ba;
    deg[ba] += deg[bb];
    deg[bb] = 0;
  }
  /* labels → 0, 1, … by size, then by first node */
  for (size_t i = 0; i < n; i++) {
    cs[i].label = (uint32_t)i;
    cs[i].first = UINT32_MAX;
  }
  for (size_t i = 0; i < n; i++) {
    cs[comm[i]].size++;
    if (cs[comm[i]].first == UINT32_MAX) cs[comm[i]].first = (uint32_t)i;
  }
  qsort(cs, n, sizeof *cs, csize_cmp);
  uint32_t *num = (uint32_t *)deg; /* reuse: a label's new number (n doubles ≥ n uint32) */
  size_t k = 0;
  for (size_t i = 0; i < n && cs[i].size; i++) num[cs[i].label] = (uint32_t)k++;
  for (size_t i = 0; i < n; i++) comm[i] = num[comm[i]];
  *ncomm = k;
  free(deg);
  free(p);
  free(cs);
  return YL_OK;
}
