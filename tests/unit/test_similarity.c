/* Similarity between units: cosine of sklearn TF-IDF vectors, Jensen–Shannon
 * divergence, shared top-K terms.
 * Cosine oracle (sklearn 1.2.1): X = TfidfVectorizer(tokenizer=str.split,
 *   token_pattern=None, lowercase=False).fit_transform(GROUPS).toarray(); X[0] @ X[1]
 *   with GROUPS = ["深度 求索 发布 模型 模型 美国 芯片 出口 管制 模型",
 *   "深度 求索 美国 芯片", "芯片 芯片 芯片 模型"] → 0.450040765, X[0] @ X[2] → 0.449740366.
 * JSD oracle (SciPy 1.10): jensenshannon(P, Q, base=2)**2 with P = [3,1,0,2]/6,
 *   Q = [0,1,4,1]/6 → 0.603759374819711. */
#include <stdint.h>

#include "harness.h"
#include "count_text.h"
#include "stats/simvec.h"
#include "yuliao/similarity.h"

static void test_cosine_and_top(void) {
  const char *groups[] = {"深度 求索 发布 模型 模型 美国 芯片 出口 管制 模型",
                          "深度 求索 美国 芯片", "芯片 芯片 芯片 模型"};
  yl_vocab *v;
  yl_counts *g[3], *all;
  yl_vocab_new(&v);
  yl_counts_new(&all);
  for (int i = 0; i < 3; i++) {
    yl_counts_new(&g[i]);
    count_text(v, g[i], groups[i]);
    yl_counts_add_doc(all, g[i]);
  }
  yl_idf *idf;
  INT_EQ(yl_idf_from_counts(all, &idf), YL_OK);
  yl_tfidf_row *r[3];
  size_t n[3];
  for (int i = 0; i < 3; i++)
    INT_EQ(yl_tfidf_rows(g[i], v, idf, YL_TFIDF_SKLEARN, &r[i], &n[i]), YL_OK);
  double cs;
  INT_EQ(yl_sim_cosine(r[0], n[0], r[1], n[1], &cs), YL_OK);
  DBL_NEAR(cs, 0.450040765, 1e-8);
  INT_EQ(yl_sim_cosine(r[0], n[0], r[2], n[2], &cs), YL_OK);
  DBL_NEAR(cs, 0.449740366, 1e-8);
  INT_EQ(yl_sim_cosine(r[1], n[1], r[1], n[1], &cs), YL_OK);
  DBL_NEAR(cs, 1.0, 1e-12);
  INT_EQ(yl_sim_cosine(r[1], 0, r[1], n[1], &cs), YL_OK);
  DBL_NEAR(cs, 0.0, 0);
  /* Top-2 of group 0: 模型, 出口; of group 2: 芯片, 模型 → 1 shared. All terms: group 1
   * (4 terms) ⊂ group 0 → 4. */
  INT_EQ(yl_sim_top_shared(r[0], n[0], r[2], n[2], 2), 1);
  INT_EQ(yl_sim_top_shared(r[0], n[0], r[1], n[1], 50), 4);
  INT_EQ(yl_sim_top_shared(r[1], n[1], r[2], n[2], 50), 1);
  for (int i = 0; i < 3; i++) {
    yl_free(r[i]);
    yl_counts_free(g[i]);
  }
  yl_counts_free(all);
  yl_idf_free(idf);
  yl_vocab_free(v);
}

static void test_jsd(void) {
  yl_vocab *v;
  yl_counts *a, *b, *e;
  yl_vocab_new(&v);
  yl_counts_new(&a);
  yl_counts_new(&b);
  yl_counts_new(&e);
  count_text(v, a, "甲 甲 甲 乙 丁 丁");
  count_text(v, b, "乙 丙 丙 丙 丙 丁");
  double d;
  INT_EQ(yl_sim_jsd(a, b, v, &d), YL_OK);
  DBL_NEAR(d, 0.603759374819711, 1e-12);
  double d2;
  INT_EQ(yl_sim_jsd(b, a, v, &d2), YL_OK);
  DBL_NEAR(d2, d, 1e-15);
  INT_EQ(yl_sim_jsd(a, a, v, &d), YL_OK);
  DBL_NEAR(d, 0.0, 1e-15);
  /* Disjoint supports: exactly 1 bit. */
  yl_counts_clear(b);
  count_text(v, b, "丙 戊");
  INT_EQ(yl_sim_jsd(a, b, v, &d), YL_OK);
  DBL_NEAR(d, 1.0, 1e-15);
  INT_EQ(yl_sim_jsd(a, e, v, &d), YL_ERR_INVALID);
  yl_counts_free(a);
  yl_counts_free(b);
  yl_counts_free(e);
  yl_vocab_free(v);
}

/* The ranked vectors analyze uses (sorted by each term's place in byte order) give the
 * same bits as the byte-compared ones: 2,000 terms inserted in a scrambled order, with
 * ties in bytes' prefixes (t1, t10, t100), two overlapping distributions. */
static void test_ranked_same_bits(void) {
  yl_vocab *v;
  yl_counts *a, *b;
  yl_vocab_new(&v);
  yl_counts_new(&a);
  yl_counts_new(&b);
  for (unsigned i = 0; i < 2000; i++) {
    char t[16];
    unsigned k = (i * 7919u) % 2000u;
    snprintf(t, sizeof t, "t%u", k);
    uint32_t id;
    yl_vocab_intern(v, t, strlen(t), &id);
    if (k % 3) yl_counts_add(a, id, 1 + k % 17);
    if (k % 5) yl_counts_add(b, id, 1 + k % 11);
  }
  uint32_t *pos = NULL;
  INT_EQ(yl_simvec_order(v, &pos), YL_OK);
  yl_simvec pa, pb, ra, rb;
  INT_EQ(yl_simvec_from_counts(&pa, a, v, NULL), YL_OK);
  INT_EQ(yl_simvec_from_counts(&pb, b, v, NULL), YL_OK);
  INT_EQ(yl_simvec_from_counts(&ra, a, v, pos), YL_OK);
  INT_EQ(yl_simvec_from_counts(&rb, b, v, pos), YL_OK);
  double j1 = yl_simvec_jsd(&pa, &pb), j2 = yl_simvec_jsd(&ra, &rb);
  double c1 = yl_simvec_cosine(&pa, &pb), c2 = yl_simvec_cosine(&ra, &rb);
  OK(j1 == j2);
  OK(c1 == c2);
  OK(j1 > 0 && j1 < 1 && c1 > 0 && c1 < 1);
  double jp;
  INT_EQ(yl_sim_jsd(a, b, v, &jp), YL_OK);
  OK(jp == j2);
  yl_simvec_free(&pa);
  yl_simvec_free(&pb);
  yl_simvec_free(&ra);
  yl_simvec_free(&rb);
  free(pos);
  yl_counts_free(a);
  yl_counts_free(b);
  yl_vocab_free(v);
}

int main(void) {
  RUN(test_cosine_and_top);
  RUN(test_jsd);
  RUN(test_ranked_same_bits);
  YL_TEST_DONE();
}
