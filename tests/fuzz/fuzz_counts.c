/* Fuzz target: count tables and co-occurrence. Byte 0: bits 0-2 window − 1, bits 3-4
 * context. Then one byte per token: 0xFF ends a document, 0xFE starts a sentence,
 * 0xFD a paragraph, anything else is term "t<b mod 61>".
 * Checks: counting in one pass equals counting in two interleaved "threads" with their
 * own vocabularies merged in either order (identical rows, bit for bit); window
 * Σ f_x = N; every stored pair has a consistent 2×2 (yl_cooc_rows succeeds);
 * sklearn TF-IDF rows have unit L2 norm; keyness of group 0 against the corpus works
 * whenever both sides have tokens. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yuliao/cooc.h"
#include "yuliao/keyness.h"
#include "yuliao/tfidf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUST(x)                                                                        \
  do {                                                                                 \
    if (!(x)) abort();                                                                 \
  } while (0)

typedef struct side {
  yl_vocab *v;
  yl_counts *group[2];
  yl_cooc *cooc;
} side;

static void side_new(side *s, yl_cooc_context ctx, unsigned window) {
  MUST(yl_vocab_new(&s->v) == YL_OK);
  MUST(yl_counts_new(&s->group[0]) == YL_OK);
  MUST(yl_counts_new(&s->group[1]) == YL_OK);
  MUST(yl_cooc_new(ctx, window, &s->cooc) == YL_OK);
}

static void side_free(side *s) {
  yl_counts_free(s->group[0]);
  yl_counts_free(s->group[1]);
  yl_cooc_free(s->cooc);
  yl_vocab_free(s->v);
}

/* Counts documents whose index % mod == rem (mod 1: all) into 's'. */
static void count(side *s, const uint8_t *data, size_t size, int mod, int rem) {
  uint32_t *ids = malloc((size + 1) * sizeof *ids);
  uint8_t *flags = malloc(size + 1);
  yl_counts *doc;
  MUST(ids && flags && yl_counts_new(&doc) == YL_OK);
  size_t n = 0;
  int d = 0;
  uint8_t pending = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i == size || data[i] == 0xFF) {
      if (d % mod == rem) {
        MUST(yl_counts_add_doc(s->group[d % 2], doc) == YL_OK);
        MUST(yl_cooc_add_doc(s->cooc, ids, flags, n) == YL_OK);
      }
      yl_counts_clear(doc);
      n = 0;
      d++;
      pending = 0;
      continue;
    }
    if (data[i] == 0xFE) pending |= YL_COOC_SENT_START;
    if (data[i] == 0xFD) pending |= YL_COOC_PARA_START;
    if (data[i] >= 0xFD) continue;
    char name[8];
    int len = snprintf(name, sizeof name, "t%d", data[i] % 61);
    MUST(yl_vocab_intern(s->v, name, (size_t)len, &ids[n]) == YL_OK);
    MUST(yl_counts_add(doc, ids[n], 1) == YL_OK);
    flags[n++] = pending;
    pending = 0;
  }
  yl_counts_free(doc);
  free(ids);
  free(flags);
}

static void same_freq(const side *a, const side *b, int g) {
  yl_freq_row *ra, *rb;
  size_t na, nb;
  MUST(yl_counts_freq_rows(a->group[g], a->v, 1, &ra, &na) == YL_OK);
  MUST(yl_counts_freq_rows(b->group[g], b->v, 1, &rb, &nb) == YL_OK);
  MUST(na == nb);
  for (size_t i = 0; i < na; i++)
    MUST(strcmp(ra[i].term, rb[i].term) == 0 && ra[i].count == rb[i].count &&
         ra[i].df == rb[i].df && ra[i].rank == rb[i].rank &&
         memcmp(&ra[i].per_10k, &rb[i].per_10k, sizeof(double)) == 0);
  yl_free(ra);
  yl_free(rb);
}

static void same_cooc(const side *a, const side *b) {
  yl_cooc_row *ra, *rb;
  size_t na, nb;
  MUST(yl_cooc_rows(a->cooc, a->v, 1, &ra, &na) == YL_OK);
  MUST(yl_cooc_rows(b->cooc, b->v, 1, &rb, &nb) == YL_OK);
  MUST(na == nb && yl_cooc_units(a->cooc) == yl_cooc_units(b->cooc));
  for (size_t i = 0; i < na; i++)
    MUST(strcmp(ra[i].term_a, rb[i].term_a) == 0 && strcmp(ra[i].term_b, rb[i].term_b) == 0 &&
         ra[i].o11 == rb[i].o11 && ra[i].f_a == rb[i].f_a && ra[i].f_b == rb[i].f_b &&
         memcmp(&ra[i].m, &rb[i].m, sizeof ra[i].m) == 0);
  yl_free(ra);
  yl_free(rb);
}

static void merge_into(side *dst, const side *src) {
  uint32_t *map;
  MUST(yl_vocab_merge(dst->v, src->v, &map) == YL_OK);
  MUST(yl_counts_merge(dst->group[0], src->group[0], map) == YL_OK);
  MUST(yl_counts_merge(dst->group[1], src->group[1], map) == YL_OK);
  MUST(yl_cooc_merge(dst->cooc, src->cooc, map) == YL_OK);
  yl_free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  unsigned window = (data[0] & 7) + 1;
  yl_cooc_context ctx = (yl_cooc_context)((data[0] >> 3) & 3);
  data++;
  size--;
  side one, t0, t1, merged;
  side_new(&one, ctx, window);
  side_new(&t0, ctx, window);
  side_new(&t1, ctx, window);
  side_new(&merged, ctx, window);
  count(&one, data, size, 1, 0);
  count(&t0, data, size, 2, 0);
  count(&t1, data, size, 2, 1);
  /* Merge t1 first into an empty side, then t0: the reverse of document order. */
  merge_into(&merged, &t1);
  merge_into(&merged, &t0);
  same_freq(&one, &merged, 0);
  same_freq(&one, &merged, 1);
  same_cooc(&one, &merged);

  if (ctx == YL_COOC_WINDOW) {
    uint64_t sf = 0;
    for (uint32_t i = 0; i < yl_vocab_size(one.v); i++) sf += yl_cooc_marginal(one.cooc, i);
    MUST(sf == yl_cooc_units(one.cooc));
  }

  yl_counts *corpus, *groups;
  MUST(yl_counts_new(&corpus) == YL_OK && yl_counts_new(&groups) == YL_OK);
  for (int g = 0; g < 2; g++) {
    MUST(yl_counts_merge(corpus, one.group[g], NULL) == YL_OK);
    MUST(yl_counts_add_doc(groups, one.group[g]) == YL_OK);
  }
  yl_idf *idf;
  MUST(yl_idf_from_counts(corpus, &idf) == YL_OK);
  yl_tfidf_row *r;
  size_t n;
  MUST(yl_tfidf_rows(one.group[0], one.v, idf, YL_TFIDF_SKLEARN, &r, &n) == YL_OK);
  double ss = 0;
  for (size_t i = 0; i < n; i++) ss += r[i].weight * r[i].weight;
  MUST(n == 0 || fabs(ss - 1.0) < 1e-9);
  yl_free(r);
  yl_idf_free(idf);
  yl_keyness_row *k;
  yl_status st = yl_keyness_rows(one.group[0], corpus, one.v, NULL, &k, &n);
  uint64_t n1 = yl_counts_tokens(one.group[0]), nt = yl_counts_tokens(corpus);
  MUST(st == ((n1 > 0 && nt > n1) ? YL_OK : YL_ERR_INVALID));
  if (st == YL_OK) {
    for (size_t i = 0; i < n; i++) MUST(isfinite(k[i].g2) && k[i].p_value >= 0 && k[i].p_value <= 1);
    yl_free(k);
  }
  yl_counts_free(corpus);
  yl_counts_free(groups);
  side_free(&one);
  side_free(&t0);
  side_free(&t1);
  side_free(&merged);
  return 0;
}
