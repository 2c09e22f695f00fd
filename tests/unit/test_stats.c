/* Pure formulas against independent oracles.
 *
 * Keyness (G², p) — SciPy 1.10 on this machine:
 *   /usr/bin/python3 -c 'from scipy.stats import chi2_contingency as c;
 *     print(c([[a,b],[n1-a,n2-b]], correction=False, lambda_="log-likelihood")[:2])'
 *   and ANALYSIS-ANCHORS §2.4 (R chisq.test / manual G², manual Log Ratio).
 * Association — NLTK 3.8:
 *   /usr/bin/python3 -c 'from nltk.metrics import BigramAssocMeasures as B;
 *     print(B.pmi(o,(fx,fy),n), B.student_t(o,(fx,fy),n), B.likelihood_ratio(o,(fx,fy),n),
 *           B.jaccard(o,(fx,fy),n))'
 *   NPMI and logDice by their definitions in Python (math.log2). */
#include <math.h>
#include <stdint.h>

#include "harness.h"
#include "yuliao/stats.h"

static void test_keyness_anchor(void) {
  DBL_NEAR(yl_keyness_g2(10, 5, 1000, 2000), 6.969192, 1e-6);
  DBL_NEAR(yl_keyness_g2(3, 0, 1000, 2000), 6.597682, 1e-6);
  DBL_NEAR(yl_keyness_g2(0, 7, 1000, 2000), -5.684694, 1e-6);
  DBL_NEAR(yl_log_ratio(10, 5, 1000, 2000), 2.0, 1e-12);
  DBL_NEAR(yl_log_ratio(3, 0, 1000, 2000), 3.584963, 1e-6);
  DBL_NEAR(yl_log_ratio(0, 7, 1000, 2000), -2.807355, 1e-6);
  /* χ² without correction, R chisq.test(correct=FALSE) in the anchors. */
  DBL_NEAR(yl_chi2(10, 5, 990, 1995), 7.537688, 1e-6);
  DBL_NEAR(yl_chi2(0, 7, 1000, 1993), 3.508186, 1e-6);
}

static void test_keyness_scipy(void) {
  DBL_NEAR(yl_keyness_g2(50, 20, 10000, 30000), 66.520159096, 1e-8);
  DBL_NEAR(yl_keyness_g2(1, 40, 500, 800), -32.078399560, 1e-8);
  DBL_NEAR(yl_chi2_p(6.969191932), 8.292493585e-03, 1e-8);
  DBL_NEAR(yl_chi2_p(-5.684694095), 1.711352276e-02, 1e-8);
  DBL_NEAR(yl_chi2_p(6.597681745), 1.021116348e-02, 1e-8);
  OK(fabs(yl_chi2_p(66.520159096) - 3.463335274e-16) < 1e-24);
}

static void test_pct_diff(void) {
  /* 10/1000 = 0.01 vs 5/2000 = 0.0025: +300 %. */
  DBL_NEAR(yl_pct_diff(10, 5, 1000, 2000), 300.0, 1e-9);
  /* b = 0 → 0.5/2000 = 0.00025: 100·(0.003 − 0.00025)/0.00025 = 1100. */
  DBL_NEAR(yl_pct_diff(3, 0, 1000, 2000), 1100.0, 1e-9);
  /* a = 0 stays 0 in %DIFF: −100 %. */
  DBL_NEAR(yl_pct_diff(0, 7, 1000, 2000), -100.0, 1e-9);
  /* exactly −100 (#14: 7/1000 as the reference rate printed −99.99999999999999), and
   * exactly 0 for equal rates */
  int exact = 1;
  for (uint64_t n2 = 1000; n2 < 1100; n2++)
    for (uint64_t b = 1; b < 30; b++)
      if (yl_pct_diff(0, b, 5000, n2) != -100.0 || yl_pct_diff(b, 3 * b, n2, 3 * n2) != 0.0)
        exact = 0;
  OK(exact);
  OK(yl_pct_diff(0, 7, 5000, 1000) == -100.0);
  OK(yl_pct_diff(0, 0, 5000, 1000) == -100.0);
}

static void test_g2_edges(void) {
  /* Independent table: G² = 0, never negative from rounding. */
  OK(yl_g2(10, 20, 30, 60) >= 0);
  DBL_NEAR(yl_g2(10, 20, 30, 60), 0.0, 1e-12);
  /* Empty margin. */
  DBL_NEAR(yl_g2(0, 0, 5, 5), 0.0, 0);
}

struct assoc_case {
  uint64_t o, fx, fy, n;
  double pmi, t, g2, jac, npmi, log_dice;
};

static void test_assoc(void) {
  const struct assoc_case cases[] = {
      /* anchors §2.4 */
      {10, 30, 20, 1000, 4.058893689, 2.972541001, 46.496605783, 0.25, 0.610924375,
       12.678071905},
      /* NLTK */
      {3, 5, 4, 50, 2.906890596, 1.501110700, 11.555884212, 0.5, 0.716178057, 13.415037499},
      {1, 1, 1, 2, 1.0, 0.5, 2.772588722, 1.0, 1.0, 14.0},
      {7, 100, 12, 5000, 4.866248611, 2.555039838, 39.147842607, 0.066666667, 0.513298009,
       11.0},
      {25, 40, 30, 60, 0.321928095, 1.0, 7.759196830, 0.555555556, 0.254884660,
       13.514573173},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct assoc_case *c = &cases[i];
    yl_assoc m;
    INT_EQ(yl_assoc_measures(c->o, c->fx, c->fy, c->n, &m), 0);
    DBL_NEAR(m.pmi, c->pmi, 1e-8);
    DBL_NEAR(m.t_score, c->t, 1e-8);
    DBL_NEAR(m.g2, c->g2, 1e-8);
    DBL_NEAR(m.jaccard, c->jac, 1e-8);
    DBL_NEAR(m.npmi, c->npmi, 1e-8);
    DBL_NEAR(m.log_dice, c->log_dice, 1e-8);
    DBL_NEAR(m.p_value, yl_chi2_p(c->g2), 1e-9);
  }
  yl_assoc m;
  INT_EQ(yl_assoc_measures(0, 3, 3, 10, &m), -1);
  INT_EQ(yl_assoc_measures(4, 3, 5, 10, &m), -1);
  INT_EQ(yl_assoc_measures(2, 8, 8, 10, &m), -1);
  /* O11 = N: perfect co-occurrence, NPMI defined as 1. */
  INT_EQ(yl_assoc_measures(5, 5, 5, 5, &m), 0);
  DBL_NEAR(m.npmi, 1.0, 0);
  DBL_NEAR(m.pmi, 0.0, 1e-15);
}

static void test_idf(void) {
  /* sklearn idf_ for 3 documents (ANALYSIS-ANCHORS §2.4): df=1 → 1.693147, df=2 → 1.287682. */
  DBL_NEAR(yl_idf_smooth(3, 1), 1.693147, 1e-6);
  DBL_NEAR(yl_idf_smooth(3, 2), 1.287682, 1e-6);
  DBL_NEAR(yl_idf_log10(3, 1), 0.477121, 1e-6);
  DBL_NEAR(yl_idf_log10(3, 2), 0.176091, 1e-6);
  DBL_NEAR(yl_idf_ln(3, 1), log(3.0), 1e-15);
  DBL_NEAR(yl_idf_ln(3, 3), 0.0, 0);
}

static void test_rank(void) {
  const double v[] = {11, 11, 10, 9, 9, 9, 1};
  uint64_t r[7];
  yl_rank_min(v, 7, r);
  const uint64_t want[] = {1, 1, 3, 4, 4, 4, 7};
  for (int i = 0; i < 7; i++) INT_EQ(r[i], want[i]);
}

static double fsum_of(const double *x, size_t n) {
  yl_fsum s = YL_FSUM_INIT;
  for (size_t i = 0; i < n; i++) yl_fsum_add(&s, x[i]);
  return yl_fsum_value(&s);
}

/* Expected values from Python's math.fsum (an independent implementation). */
/* χ² of a 2 × 3 table, against scipy 1.10 (Debian's python3-scipy):
 *   import numpy as np; from scipy.stats import chi2_contingency
 *   t = np.array([[3, 5, 1], [7, 2, 9]]); c, p, df, e = chi2_contingency(t, correction=False)
 *   n = t.sum(); r = t.sum(1, keepdims=True); k = t.sum(0, keepdims=True)
 *   std = (t - e) / np.sqrt(e * (1 - r / n) * (1 - k / n)); v = np.sqrt(c / (n * 1))
 * → 7.071428571428571 0.029137936742521017 2, std −0.2818009309883174 2.484236013632475
 * −1.9726065169182208 (and their negatives), V 0.511766315719159. */
static void test_chi2_table(void) {
  const uint64_t t[] = {3, 5, 1, 7, 2, 9};
  double x, df, p, v, sr[6];
  INT_EQ(yl_chi2_table(t, 2, 3, &x, &df, &p, &v, sr), YL_OK);
  DBL_NEAR(x, 7.071428571428571, 1e-12);
  DBL_NEAR(df, 2, 0);
  DBL_NEAR(p, 0.029137936742521017, 1e-14);
  DBL_NEAR(v, 0.511766315719159, 1e-12);
  DBL_NEAR(sr[0], -0.2818009309883174, 1e-12);
  DBL_NEAR(sr[1], 2.484236013632475, 1e-12);
  DBL_NEAR(sr[2], -1.9726065169182208, 1e-12);
  DBL_NEAR(sr[3], 0.281800930988317, 1e-12);
  DBL_NEAR(sr[5], 1.9726065169182203, 1e-12);
  /* an empty column is left out: the same test as the 2 × 3 table */
  const uint64_t z[] = {3, 0, 5, 1, 7, 0, 2, 9};
  double x2, df2, p2, v2, sr2[8];
  INT_EQ(yl_chi2_table(z, 2, 4, &x2, &df2, &p2, &v2, sr2), YL_OK);
  DBL_NEAR(x2, x, 1e-12);
  DBL_NEAR(df2, 2, 0);
  DBL_NEAR(sr2[1], 0, 0);
  /* one row or one column left: no test */
  const uint64_t one[] = {4, 5, 0, 0};
  INT_EQ(yl_chi2_table(one, 2, 2, &x, &df, &p, &v, NULL), YL_ERR_INVALID);
  DBL_NEAR(p, 1, 0);
}

static void test_fsum(void) {
  double tenth[10];
  for (int i = 0; i < 10; i++) tenth[i] = 0.1;
  DBL_EQ(fsum_of(tenth, 10), 1.0); /* naive left-to-right: 0.9999999999999999 */
  const double cancel[] = {1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50};
  DBL_EQ(fsum_of(cancel, 7), 0x1.bff2ee48e0530p-333);
  /* Half-way cases: 2^53 + 1 is a tie (to even: 2^53); anything beyond breaks it. */
  const double tie[] = {0x1p53, 1.0}, up[] = {0x1p53, 1.0, 0x1p-60}, down[] = {0x1p53, -1.0, -0x1p-60};
  DBL_EQ(fsum_of(tie, 2), 9007199254740992.0);
  DBL_EQ(fsum_of(up, 3), 9007199254740994.0);
  DBL_EQ(fsum_of(down, 3), 9007199254740991.0);
  DBL_EQ(fsum_of(NULL, 0), 0.0);
  /* 1000 squares: math.fsum gives ...c7, a naive sum (either direction) ...c6; any
   * order of adds must give the exact one. */
  double sq[1000];
  for (int i = 0; i < 1000; i++) {
    double x = ((double)((i * 7919) % 1000) + 0.5) / 7.0;
    sq[i] = x * x;
  }
  DBL_EQ(fsum_of(sq, 1000), 0x1.9f347d8d0fac7p+22);
  uint64_t r = 88172645463325252u;
  for (int round = 0; round < 20; round++) {
    for (int i = 999; i > 0; i--) { /* Fisher–Yates with xorshift64 */
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      int j = (int)(r % (uint64_t)(i + 1));
      double t = sq[i];
      sq[i] = sq[j];
      sq[j] = t;
    }
    DBL_EQ(fsum_of(sq, 1000), 0x1.9f347d8d0fac7p+22);
  }
}

int main(void) {
  RUN(test_keyness_anchor);
  RUN(test_keyness_scipy);
  RUN(test_pct_diff);
  RUN(test_g2_edges);
  RUN(test_assoc);
  RUN(test_idf);
  RUN(test_rank);
  RUN(test_fsum);
  RUN(test_chi2_table);
  YL_TEST_DONE();
}
