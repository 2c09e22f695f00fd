/* Co-occurrence: window and unit contexts counted on hand-checked fixtures, NLTK as
 * the oracle for window pair counts and measures, selection/focus, merge invariance.
 *
 * Window oracle (NLTK 3.8), k = 2, per document, summed:
 *   fd = BigramCollocationFinder.from_words(doc, window_size=k+1).ngram_fd
 *   O11{x,y} = fd[(x,y)] + fd[(y,x)]  (x ≠ y)
 *   f_x = Σ over x's positions of min(k, i) + min(k, n−1−i);  N = Σ_x f_x
 *   measures: BigramAssocMeasures.pmi / student_t / likelihood_ratio / jaccard
 *             (o, (f_x, f_y), N)
 * gives N = 32, f: 芯片 14, 出口 8, 美国 6, 管制 4, and
 *   出口+芯片 6: pmi 0.777607579 t 1.020620726 g2 4.310066874 jaccard 0.375
 *   美国+芯片 4: pmi 0.607682577 t 0.6875 g2 1.575460241 jaccard 0.25
 *   管制+芯片 2: pmi 0.192645078 t 0.176776695 g2 0.072077958 jaccard 0.125
 *   出口+管制 1: pmi 0 t 0 g2 0 jaccard 0.090909091
 *   出口+美国 1: pmi −0.584962501 t −0.5 g2 0.293118067 jaccard 0.076923077
 *   管制+美国 1: pmi 0.415037499 t 0.25 g2 0.109943502 jaccard 0.111111111 */
#include <stdint.h>

#include "harness.h"
#include "yuliao/cooc.h"

static const char *doc1[] = {"芯片", "出口", "管制", "芯片", "美国", "出口", "芯片"};
static const char *doc2[] = {"美国", "芯片", "芯片", "出口"};

static uint32_t id_of(yl_vocab *v, const char *t) {
  uint32_t id = 0;
  if (yl_vocab_intern(v, t, strlen(t), &id) != YL_OK) YL_T_FAIL("intern");
  return id;
}

static void add_words(yl_cooc *c, yl_vocab *v, const char **w, size_t n) {
  uint32_t ids[16];
  for (size_t i = 0; i < n; i++) ids[i] = id_of(v, w[i]);
  INT_EQ(yl_cooc_add_doc(c, ids, NULL, n), YL_OK);
}

struct want {
  const char *a, *b;
  uint64_t o11;
  double pmi, t, g2, jac;
};

static void test_window_nltk(void) {
  yl_vocab *v;
  yl_cooc *c;
  yl_vocab_new(&v);
  INT_EQ(yl_cooc_new(YL_COOC_WINDOW, 2, &c), YL_OK);
  add_words(c, v, doc1, 7);
  add_words(c, v, doc2, 4);
  INT_EQ(yl_cooc_units(c), 32);
  INT_EQ(yl_cooc_marginal(c, id_of(v, "芯片")), 14);
  INT_EQ(yl_cooc_marginal(c, id_of(v, "出口")), 8);
  INT_EQ(yl_cooc_marginal(c, id_of(v, "美国")), 6);
  INT_EQ(yl_cooc_marginal(c, id_of(v, "管制")), 4);
  INT_EQ(yl_cooc_pair(c, id_of(v, "芯片"), id_of(v, "芯片")), 0);
  INT_EQ(yl_cooc_pair(c, id_of(v, "芯片"), id_of(v, "出口")), 6);
  INT_EQ(yl_cooc_pair(c, id_of(v, "出口"), id_of(v, "芯片")), 6);
  const struct want w[] = {
      {"出口", "芯片", 6, 0.777607579, 1.020620726, 4.310066874, 0.375},
      {"美国", "芯片", 4, 0.607682577, 0.6875, 1.575460241, 0.25},
      {"管制", "芯片", 2, 0.192645078, 0.176776695, 0.072077958, 0.125},
      {"出口", "管制", 1, 0, 0, 0, 0.090909091},
      {"出口", "美国", 1, -0.584962501, -0.5, 0.293118067, 0.076923077},
      {"管制", "美国", 1, 0.415037499, 0.25, 0.109943502, 0.111111111},
  };
  yl_cooc_row *r;
  size_t n;
  INT_EQ(yl_cooc_rows(c, v, 1, &r, &n), YL_OK);
  INT_EQ(n, 6);
  for (size_t i = 0; i < n && i < 6; i++) {
    STR_EQ(r[i].term_a, w[i].a);
    STR_EQ(r[i].term_b, w[i].b);
    INT_EQ(r[i].o11, w[i].o11);
    INT_EQ(r[i].n, 32);
    DBL_NEAR(r[i].m.pmi, w[i].pmi, 1e-8);
    DBL_NEAR(r[i].m.t_score, w[i].t, 1e-8);
    DBL_NEAR(r[i].m.g2, w[i].g2, 1e-8);
    DBL_NEAR(r[i].m.jaccard, w[i].jac, 1e-8);
  }
  INT_EQ(r[0].f_a, 8);
  INT_EQ(r[0].f_b, 14);
  /* By PMI (values above): 出口+芯片, 美国+芯片, 管制+美国, 管制+芯片, 出口+管制, 出口+美国. */
  yl_cooc_sort(r, n, YL_COOC_BY_PMI);
  const char *by_pmi[][2] = {{"出口", "芯片"}, {"美国", "芯片"}, {"管制", "美国"},
                             {"管制", "芯片"}, {"出口", "管制"}, {"出口", "美国"}};
  for (size_t i = 0; i < n && i < 6; i++) {
    STR_EQ(r[i].term_a, by_pmi[i][0]);
    STR_EQ(r[i].term_b, by_pmi[i][1]);
  }
  /* By Jaccard: 0.375, 0.25, 0.125, 0.1111 (管制+美国), 0.0909, 0.0769. */
  yl_cooc_sort(r, n, YL_COOC_BY_JACCARD);
  STR_EQ(r[3].term_a, "管制");
  STR_EQ(r[3].term_b, "美国");
  yl_cooc_sort(r, n, YL_COOC_BY_COUNT);
  STR_EQ(r[5].term_a, "管制");
  yl_free(r);
  INT_EQ(yl_cooc_rows(c, v, 4, &r, &n), YL_OK);
  INT_EQ(n, 2);
  yl_free(r);
  yl_cooc_free(c);
  yl_vocab_free(v);
}

/* S1: 芯片 出口 芯片 | S2: 美国 芯片 ‖ P2/S3: 出口 管制 (hand counts in comments). */
static void count_units(yl_cooc_context ctx, yl_vocab *v, yl_cooc **out) {
  const char *w[] = {"芯片", "出口", "芯片", "美国", "芯片", "出口", "管制"};
  const uint8_t flags[] = {YL_COOC_SENT_START | YL_COOC_PARA_START, 0, 0, YL_COOC_SENT_START,
                           0, YL_COOC_PARA_START, 0};
  uint32_t ids[7];
  for (int i = 0; i < 7; i++) ids[i] = id_of(v, w[i]);
  if (yl_cooc_new(ctx, 5, out) != YL_OK) YL_T_FAIL("new");
  INT_EQ(yl_cooc_add_doc(*out, ids, flags, 7), YL_OK);
}

static void test_units(void) {
  yl_vocab *v;
  yl_vocab_new(&v);
  uint32_t chip = id_of(v, "芯片"), exp = id_of(v, "出口"), us = id_of(v, "美国"),
           ctl = id_of(v, "管制");
  yl_cooc *c;
  /* Sentences: N = 3; f 芯片 2, 出口 2, 美国 1, 管制 1; pairs once per sentence. */
  count_units(YL_COOC_SENTENCE, v, &c);
  INT_EQ(yl_cooc_units(c), 3);
  INT_EQ(yl_cooc_marginal(c, chip), 2);
  INT_EQ(yl_cooc_marginal(c, exp), 2);
  INT_EQ(yl_cooc_marginal(c, us), 1);
  INT_EQ(yl_cooc_pair(c, chip, exp), 1);
  INT_EQ(yl_cooc_pair(c, chip, us), 1);
  INT_EQ(yl_cooc_pair(c, exp, ctl), 1);
  INT_EQ(yl_cooc_pair(c, exp, us), 0);
  INT_EQ(yl_cooc_npairs(c), 3);
  yl_cooc_free(c);
  /* Paragraphs: P1 {芯片, 出口, 美国}, P2 {出口, 管制}. */
  count_units(YL_COOC_PARAGRAPH, v, &c);
  INT_EQ(yl_cooc_units(c), 2);
  INT_EQ(yl_cooc_marginal(c, exp), 2);
  INT_EQ(yl_cooc_marginal(c, chip), 1);
  INT_EQ(yl_cooc_pair(c, exp, us), 1);
  INT_EQ(yl_cooc_pair(c, chip, ctl), 0);
  INT_EQ(yl_cooc_npairs(c), 4);
  yl_cooc_row *r;
  size_t n;
  INT_EQ(yl_cooc_rows(c, v, 1, &r, &n), YL_OK);
  INT_EQ(n, 4);
  /* 出口+管制: O11 1, f 2 and 1, N 2 → Jaccard 1/2, PMI log2(1·2/2) = 0. */
  STR_EQ(r[0].term_a, "出口");
  STR_EQ(r[0].term_b, "管制");
  DBL_NEAR(r[0].m.jaccard, 0.5, 1e-15);
  DBL_NEAR(r[0].m.pmi, 0.0, 1e-15);
  yl_free(r);
  yl_cooc_free(c);
  /* Document: one unit, every pair of the 4 distinct terms once. */
  count_units(YL_COOC_DOCUMENT, v, &c);
  INT_EQ(yl_cooc_units(c), 1);
  INT_EQ(yl_cooc_marginal(c, chip), 1);
  INT_EQ(yl_cooc_npairs(c), 6);
  INT_EQ(yl_cooc_pair(c, chip, ctl), 1);
  yl_cooc_free(c);
  yl_vocab_free(v);
}

static void test_select_focus(void) {
  yl_vocab *v;
  yl_vocab_new(&v);
  uint32_t chip = id_of(v, "芯片"), exp = id_of(v, "出口"), us = id_of(v, "美国"),
           ctl = id_of(v, "管制");
  yl_cooc *c;
  INT_EQ(yl_cooc_new(YL_COOC_WINDOW, 2, &c), YL_OK);
  uint32_t sel[] = {chip, exp, us};
  INT_EQ(yl_cooc_select(c, sel, 3), YL_OK);
  add_words(c, v, doc1, 7);
  add_words(c, v, doc2, 4);
  /* N ignores the selection, the selected terms' f_x are those without one (above);
   * 管制 is outside it: no f_x, and its pairs are not stored. */
  INT_EQ(yl_cooc_units(c), 32);
  INT_EQ(yl_cooc_marginal(c, chip), 14);
  INT_EQ(yl_cooc_marginal(c, exp), 8);
  INT_EQ(yl_cooc_marginal(c, us), 6);
  INT_EQ(yl_cooc_marginal(c, ctl), 0);
  INT_EQ(yl_cooc_pair(c, chip, exp), 6);
  INT_EQ(yl_cooc_pair(c, chip, ctl), 0);
  INT_EQ(yl_cooc_npairs(c), 3);
  yl_cooc_free(c);
  /* Focus on 美国: only pairs touching 美国. */
  INT_EQ(yl_cooc_new(YL_COOC_WINDOW, 2, &c), YL_OK);
  INT_EQ(yl_cooc_focus(c, &us, 1), YL_OK);
  add_words(c, v, doc1, 7);
  add_words(c, v, doc2, 4);
  INT_EQ(yl_cooc_npairs(c), 3);
  INT_EQ(yl_cooc_pair(c, us, chip), 4);
  INT_EQ(yl_cooc_pair(c, us, ctl), 1);
  INT_EQ(yl_cooc_pair(c, chip, exp), 0);
  yl_cooc_free(c);
  /* Same with sentence units. */
  INT_EQ(yl_cooc_new(YL_COOC_DOCUMENT, 0, &c), YL_OK);
  INT_EQ(yl_cooc_focus(c, &ctl, 1), YL_OK);
  add_words(c, v, doc1, 7);
  INT_EQ(yl_cooc_npairs(c), 3);
  INT_EQ(yl_cooc_pair(c, ctl, us), 1);
  yl_cooc_free(c);
  yl_vocab_free(v);
}

/* Two "threads" with their own vocabularies, merged in either order: identical rows. */
static void build(int reverse, yl_vocab **vout, yl_cooc **cout) {
  yl_vocab *v1, *v2;
  yl_cooc *c1, *c2;
  yl_vocab_new(&v1);
  yl_vocab_new(&v2);
  yl_cooc_new(YL_COOC_WINDOW, 2, &c1);
  yl_cooc_new(YL_COOC_WINDOW, 2, &c2);
  if (reverse) {
    add_words(c1, v1, doc2, 4);
    add_words(c2, v2, doc1, 7);
  } else {
    add_words(c1, v1, doc1, 7);
    add_words(c2, v2, doc2, 4);
  }
  uint32_t *map;
  INT_EQ(yl_vocab_merge(v1, v2, &map), YL_OK);
  INT_EQ(yl_cooc_merge(c1, c2, map), YL_OK);
  yl_free(map);
  yl_cooc_free(c2);
  yl_vocab_free(v2);
  *vout = v1;
  *cout = c1;
}

static void test_merge(void) {
  yl_vocab *va, *vb;
  yl_cooc *a, *b;
  build(0, &va, &a);
  build(1, &vb, &b);
  yl_cooc_row *ra, *rb;
  size_t na, nb;
  INT_EQ(yl_cooc_rows(a, va, 1, &ra, &na), YL_OK);
  INT_EQ(yl_cooc_rows(b, vb, 1, &rb, &nb), YL_OK);
  INT_EQ(na, 6);
  INT_EQ(na, nb);
  for (size_t i = 0; i < na && i < nb; i++) {
    STR_EQ(ra[i].term_a, rb[i].term_a);
    STR_EQ(ra[i].term_b, rb[i].term_b);
    INT_EQ(ra[i].o11, rb[i].o11);
    INT_EQ(ra[i].f_a, rb[i].f_a);
    INT_EQ(ra[i].n, rb[i].n);
    OK(memcmp(&ra[i].m, &rb[i].m, sizeof ra[i].m) == 0);
  }
  INT_EQ(ra[0].o11, 6);
  yl_free(ra);
  yl_free(rb);
  yl_cooc *s;
  yl_cooc_new(YL_COOC_SENTENCE, 0, &s);
  INT_EQ(yl_cooc_merge(a, s, NULL), YL_ERR_INVALID);
  yl_cooc_free(s);
  yl_cooc_new(YL_COOC_WINDOW, 3, &s);
  INT_EQ(yl_cooc_merge(a, s, NULL), YL_ERR_INVALID);
  yl_cooc_free(s);
  yl_cooc_free(a);
  yl_cooc_free(b);
  yl_vocab_free(va);
  yl_vocab_free(vb);
}

/* A long document with many distinct pairs forces the pair table to grow; the window
 * identity Σ_x f_x = N and 2·Σ pair counts ≤ N must hold. */
static void test_large(void) {
  yl_vocab *v;
  yl_cooc *c;
  yl_vocab_new(&v);
  yl_cooc_new(YL_COOC_WINDOW, 5, &c);
  enum { T = 20000 };
  static uint32_t ids[T];
  uint64_t state = 12345;
  char buf[16];
  for (int i = 0; i < T; i++) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    int n = snprintf(buf, sizeof buf, "w%u", (unsigned)((state >> 33) % 3000));
    yl_vocab_intern(v, buf, (size_t)n, &ids[i]);
  }
  INT_EQ(yl_cooc_add_doc(c, ids, NULL, T), YL_OK);
  /* Ordered neighbour pairs: 2·(5·T − (1+2+3+4+5)). */
  INT_EQ(yl_cooc_units(c), 2 * (5 * (uint64_t)T - 15));
  uint64_t sf = 0;
  for (uint32_t i = 0; i < yl_vocab_size(v); i++) sf += yl_cooc_marginal(c, i);
  INT_EQ(sf, yl_cooc_units(c));
  yl_cooc_row *r;
  size_t n;
  INT_EQ(yl_cooc_rows(c, v, 1, &r, &n), YL_OK);
  uint64_t so = 0;
  for (size_t i = 0; i < n; i++) so += r[i].o11;
  OK(2 * so <= yl_cooc_units(c));
  OK(n > 50000);
  yl_free(r);
  yl_cooc_free(c);
  yl_vocab_free(v);
}

/* A selection of up to 256 terms counts in a triangle once its table holds enough
 * pairs (here 12 terms: from the 8th pair on). The counts must be those of a table
 * without a selection, read at the selected pairs: every pair and marginal, the rows,
 * and merges into a dense table, a map-only one and through an id map. */
static void same_at_selection(const yl_cooc *sel, const yl_cooc *all, const uint32_t *ids,
                              size_t k, uint64_t times) {
  INT_EQ(yl_cooc_units(sel), times * yl_cooc_units(all));
  size_t np = 0;
  for (size_t i = 0; i < k; i++) {
    INT_EQ(yl_cooc_marginal(sel, ids[i]), times * yl_cooc_marginal(all, ids[i]));
    for (size_t j = 0; j < k; j++) {
      INT_EQ(yl_cooc_pair(sel, ids[i], ids[j]), times * yl_cooc_pair(all, ids[i], ids[j]));
      np += j > i && yl_cooc_pair(all, ids[i], ids[j]);
    }
  }
  INT_EQ(yl_cooc_npairs(sel), np);
}

static void test_dense(void) {
  yl_cooc_context ctx[] = {YL_COOC_WINDOW, YL_COOC_SENTENCE};
  for (int x = 0; x < 2; x++) {
    yl_vocab *v;
    yl_vocab_new(&v);
    uint32_t ids[40];
    char buf[16];
    for (int i = 0; i < 40; i++) {
      int n = snprintf(buf, sizeof buf, "t%02d", i);
      yl_vocab_intern(v, buf, (size_t)n, &ids[i]);
    }
    uint32_t sel[12];
    for (int i = 0; i < 12; i++) sel[i] = ids[3 * i + 1]; /* every third term */
    yl_cooc *a, *b, *d, *m;
    yl_cooc_new(ctx[x], 3, &a);
    yl_cooc_new(ctx[x], 3, &b);
    yl_cooc_new(ctx[x], 3, &d);
    yl_cooc_new(ctx[x], 3, &m);
    INT_EQ(yl_cooc_select(a, sel, 12), YL_OK);
    INT_EQ(yl_cooc_select(d, sel, 12), YL_OK);
    uint64_t state = 7;
    for (int doc = 0; doc < 30; doc++) {
      uint32_t t[50];
      uint8_t fl[50];
      for (int i = 0; i < 50; i++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        t[i] = ids[(state >> 33) % 40];
        fl[i] = (state >> 20) % 7 == 0 ? YL_COOC_SENT_START : 0;
      }
      INT_EQ(yl_cooc_add_doc(a, t, fl, 50), YL_OK);
      INT_EQ(yl_cooc_add_doc(b, t, fl, 50), YL_OK);
    }
    same_at_selection(a, b, sel, 12, 1);
    /* rows: the unselected table's rows between selected terms, in the same order */
    yl_cooc_row *ra, *rb;
    size_t na, nb, j = 0;
    INT_EQ(yl_cooc_rows(a, v, 2, &ra, &na), YL_OK);
    INT_EQ(yl_cooc_rows(b, v, 2, &rb, &nb), YL_OK);
    OK(na > 10);
    for (size_t i = 0; i < nb; i++) {
      int in_a = 0, in_b = 0;
      for (int s = 0; s < 12; s++) in_a |= rb[i].id_a == sel[s], in_b |= rb[i].id_b == sel[s];
      if (!in_a || !in_b) continue;
      OK(j < na);
      if (j >= na) break;
      INT_EQ(ra[j].id_a, rb[i].id_a);
      INT_EQ(ra[j].id_b, rb[i].id_b);
      INT_EQ(ra[j].o11, rb[i].o11);
      INT_EQ(ra[j].f_a, rb[i].f_a);
      INT_EQ(ra[j].f_b, rb[i].f_b);
      j++;
    }
    INT_EQ(j, na);
    yl_free(ra);
    yl_free(rb);
    /* merged twice into a dense table, and once into a table with no selection */
    INT_EQ(yl_cooc_merge(d, a, NULL), YL_OK);
    INT_EQ(yl_cooc_merge(d, a, NULL), YL_OK);
    same_at_selection(d, b, sel, 12, 2);
    INT_EQ(yl_cooc_merge(m, a, NULL), YL_OK);
    same_at_selection(m, b, sel, 12, 1);
    /* through a map that reverses the ids: the pairs land at the mapped ids */
    uint32_t map[40], rsel[12];
    for (uint32_t i = 0; i < 40; i++) map[i] = 39 - i;
    for (int i = 0; i < 12; i++) rsel[i] = 39 - sel[i];
    yl_cooc *r;
    yl_cooc_new(ctx[x], 3, &r);
    INT_EQ(yl_cooc_merge(r, a, map), YL_OK);
    for (int i = 0; i < 12; i++)
      for (int k = 0; k < 12; k++)
        INT_EQ(yl_cooc_pair(r, rsel[i], rsel[k]), yl_cooc_pair(b, sel[i], sel[k]));
    for (int i = 0; i < 12; i++)
      INT_EQ(yl_cooc_marginal(r, rsel[i]), yl_cooc_marginal(b, sel[i]));
    yl_cooc_free(r);
    yl_cooc_free(a);
    yl_cooc_free(b);
    yl_cooc_free(d);
    yl_cooc_free(m);
    yl_vocab_free(v);
  }
}

static void test_names(void) {
  yl_cooc_context x;
  INT_EQ(yl_cooc_context_parse("paragraph", &x), YL_OK);
  INT_EQ(x, YL_COOC_PARAGRAPH);
  STR_EQ(yl_cooc_context_name(YL_COOC_WINDOW), "window");
  INT_EQ(yl_cooc_context_parse("line", &x), YL_ERR_INVALID);
  yl_cooc_key k;
  INT_EQ(yl_cooc_key_parse("log_dice", &k), YL_OK);
  INT_EQ(k, YL_COOC_BY_LOG_DICE);
  INT_EQ(yl_cooc_key_parse("dice", &k), YL_ERR_INVALID);
  yl_cooc *c;
  INT_EQ(yl_cooc_new(YL_COOC_WINDOW, 0, &c), YL_ERR_INVALID);
}

int main(void) {
  RUN(test_window_nltk);
  RUN(test_units);
  RUN(test_select_focus);
  RUN(test_merge);
  RUN(test_large);
  RUN(test_dense);
  RUN(test_names);
  YL_TEST_DONE();
}
