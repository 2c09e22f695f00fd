/* Keyness of a group against the rest: the anchor vectors (ANALYSIS-ANCHORS §2.4)
 * embedded in count tables, sorting, Bonferroni, argument checks.
 * Extra G² values from SciPy:
 *   /usr/bin/python3 -c 'from scipy.stats import chi2_contingency as c;
 *     print(c([[a,b],[1000-a,2000-b]], correction=False, lambda_="log-likelihood")[0])'
 *   (987, 0) → 3662.065911605; (0, 1988) → 3688.793215237. */
#include <stdint.h>

#include "harness.h"
#include "yuliao/keyness.h"

typedef struct fixture {
  yl_vocab *v;
  yl_counts *target, *rest, *corpus;
} fixture;

static void add(fixture *f, yl_counts *c, const char *term, uint64_t n) {
  uint32_t id;
  if (yl_vocab_intern(f->v, term, strlen(term), &id) != YL_OK || yl_counts_add(c, id, n) != YL_OK)
    YL_T_FAIL("add %s", term);
}

/* Target N1 = 1000: 模型 10, 芯片 3, 甲 987. Rest N2 = 2000: 模型 5, 美国 7, 乙 1988. */
static void setup(fixture *f) {
  yl_vocab_new(&f->v);
  yl_counts_new(&f->target);
  yl_counts_new(&f->rest);
  yl_counts_new(&f->corpus);
  add(f, f->target, "模型", 10);
  add(f, f->target, "芯片", 3);
  add(f, f->target, "甲", 987);
  add(f, f->rest, "模型", 5);
  add(f, f->rest, "美国", 7);
  add(f, f->rest, "乙", 1988);
  yl_counts_merge(f->corpus, f->rest, NULL);
  yl_counts_merge(f->corpus, f->target, NULL);
}

static void teardown(fixture *f) {
  yl_counts_free(f->target);
  yl_counts_free(f->rest);
  yl_counts_free(f->corpus);
  yl_vocab_free(f->v);
}

static void test_rows(void) {
  fixture f;
  setup(&f);
  yl_keyness_row *r;
  size_t n;
  INT_EQ(yl_keyness_rows(f.target, f.corpus, f.v, NULL, &r, &n), YL_OK);
  INT_EQ(n, 5);
  const char *terms[] = {"甲", "模型", "芯片", "美国", "乙"};
  const double g2[] = {3662.065911605, 6.969192, 6.597682, -5.684694, -3688.793215237};
  const double lr[] = {0, 2.0, 3.584963, -2.807355, 0};
  /* Bonferroni: m = 5, cut 0.05/5 = 0.01; p(模型) = 0.00829 passes, p(芯片) = 0.0102
   * does not. */
  const int sig[] = {1, 1, 0, 0, 1};
  for (size_t i = 0; i < n && i < 5; i++) {
    STR_EQ(r[i].term, terms[i]);
    DBL_NEAR(r[i].g2, g2[i], 1e-6);
    if (i >= 1 && i <= 3) DBL_NEAR(r[i].log_ratio, lr[i], 1e-6);
    INT_EQ(r[i].significant, sig[i]);
    INT_EQ(r[i].n1, 1000);
    INT_EQ(r[i].n2, 2000);
  }
  INT_EQ(r[1].a, 10);
  INT_EQ(r[1].b, 5);
  DBL_NEAR(r[1].p_value, 8.292493585e-03, 1e-8);
  DBL_NEAR(r[1].pct_diff, 300.0, 1e-9);
  INT_EQ(r[3].a, 0);
  INT_EQ(r[3].b, 7);
  DBL_NEAR(r[1].per_10k_a, 100.0, 1e-12);
  DBL_NEAR(r[1].per_10k_b, 25.0, 1e-12);
  INT_EQ(r[1].df_a, 0); /* tables filled with yl_counts_add: no documents */
  yl_free(r);

  /* min_count 8 keeps 模型 (15), 甲, 乙: m = 3, cut 0.0167. */
  yl_keyness_opts o = {0.05, 8, 0, YL_G2_NONE};
  INT_EQ(yl_keyness_rows(f.target, f.corpus, f.v, &o, &r, &n), YL_OK);
  INT_EQ(n, 3);
  STR_EQ(r[1].term, "模型");
  INT_EQ(r[1].significant, 1);
  yl_free(r);
  /* alpha 0.001: 模型 no longer significant. */
  o = (yl_keyness_opts){0.001, 1, 0, YL_G2_NONE};
  INT_EQ(yl_keyness_rows(f.target, f.corpus, f.v, &o, &r, &n), YL_OK);
  INT_EQ(r[1].significant, 0);
  yl_free(r);
  teardown(&f);
}

/* --keyness-correction: Williams' q and the classic Yates shift, on the fixture and on
 * small tables (where the shift can reach the expected values). Oracles, SciPy 1.10:
 *   /usr/bin/python3 -c 'from scipy.stats import chi2_contingency as cc, power_divergence
 *     as pd, chi2; t = [[a, b], [c, d]]; N = a + b + c + d
 *     g = pd([a, b, c, d], f_exp=cc(t, correction=False)[3].ravel(),
 *            lambda_="log-likelihood", ddof=2)[0]          # plain G²
 *     q = 1 + (N/(a+b) + N/(c+d) - 1)*(N/(a+c) + N/(b+d) - 1)/(6*N)  # 1 if a cell is 0
 *     y = cc(t, correction=True, lambda_="log-likelihood")[0]   # classic Yates G²
 *     print(g/q, y, chi2.sf(g/q, 1), chi2.sf(y, 1))'
 * with (c, d) = (1000 − a, 2000 − b) for the fixture rows. */
static void test_corrections(void) {
  fixture f;
  setup(&f);
  const char *terms[] = {"甲", "模型", "芯片", "美国", "乙"};
  const double will[] = {3662.06591161, 6.70830678019, 6.59768174503, -5.6846940951,
                         -3688.79321524};
  const double yates[] = {3648.46150848, 5.64956755617, 3.19853852302, -2.77224963894,
                          -3675.10326071};
  /* m = 5, cut 0.01: p(模型) is 0.0096 with Williams (significant) and 0.0175 with Yates
   * (not): the flag follows the corrected statistic. */
  const int sig_w[] = {1, 1, 0, 0, 1}, sig_y[] = {1, 0, 0, 0, 1};
  for (int k = 0; k < 2; k++) {
    yl_keyness_opts o = {0.05, 1, 0, k ? YL_G2_YATES : YL_G2_WILLIAMS};
    const double *want = k ? yates : will;
    const int *sig = k ? sig_y : sig_w;
    yl_keyness_row *r;
    size_t n;
    INT_EQ(yl_keyness_rows(f.target, f.corpus, f.v, &o, &r, &n), YL_OK);
    INT_EQ(n, 5);
    for (size_t i = 0; i < n && i < 5; i++) {
      STR_EQ(r[i].term, terms[i]);
      DBL_NEAR(r[i].g2, want[i], 1e-9);
      INT_EQ(r[i].significant, sig[i]);
    }
    DBL_NEAR(r[1].p_value, k ? 0.0174596773192 : 0.00959648031506, 1e-9);
    yl_free(r);
  }
  /* The library formulas on small tables: [[3,1],[1,3]] moves by 0.5; in [[2,1],[1,2]]
   * |O − E| is exactly 0.5 and in [[1,1],[1,2]] 0.2, so Yates leaves G² = 0 (as SciPy:
   * the shift never passes E); Williams' q is 1 when a cell is 0 ([[0,4],[5,1]]). */
  DBL_NEAR(yl_g2_corrected(3, 1, 1, 3, YL_G2_NONE), 2.09299257506, 1e-10);
  DBL_NEAR(yl_g2_corrected(3, 1, 1, 3, YL_G2_WILLIAMS), 1.76252006321, 1e-10);
  DBL_NEAR(yl_g2_corrected(3, 1, 1, 3, YL_G2_YATES), 0.505343078431, 1e-10);
  DBL_NEAR(yl_g2_corrected(2, 1, 1, 2, YL_G2_WILLIAMS), 0.543676917745, 1e-10);
  OK(yl_g2_corrected(2, 1, 1, 2, YL_G2_YATES) == 0.0);
  DBL_NEAR(yl_g2_corrected(1, 1, 1, 2, YL_G2_WILLIAMS), 0.103760147905, 1e-10);
  OK(yl_g2_corrected(1, 1, 1, 2, YL_G2_YATES) == 0.0);
  DBL_NEAR(yl_g2_corrected(0, 4, 5, 1, YL_G2_WILLIAMS), 8.4562091048, 1e-10);
  DBL_NEAR(yl_g2_corrected(0, 4, 5, 1, YL_G2_YATES), 4.10076058572, 1e-10);
  DBL_NEAR(yl_g2_corrected(40, 10, 10, 40, YL_G2_WILLIAMS), 37.9792624673, 1e-10);
  DBL_NEAR(yl_g2_corrected(40, 10, 10, 40, YL_G2_YATES), 35.8381019885, 1e-10);
  /* the sign of an under-used term survives the correction */
  DBL_NEAR(yl_keyness_g2c(0, 7, 1000, 2000, YL_G2_YATES), -2.77224963894, 1e-10);
  STR_EQ(yl_g2_correction_name(YL_G2_WILLIAMS), "williams");
  OK(yl_g2_correction_name((yl_g2_correction)3) == NULL);
  teardown(&f);
}

/* opts.top keeps what the full table has at its top and bottom and every significant
 * row, in the full table's order, ties at the cut included by term bytes: 300 terms in
 * groups of equal counts (so of equal G²), against the full table cut by hand. */
static void test_top(void) {
  yl_vocab *v;
  yl_counts *target, *rest, *corpus;
  yl_vocab_new(&v);
  yl_counts_new(&target);
  yl_counts_new(&rest);
  yl_counts_new(&corpus);
  for (int i = 0; i < 300; i++) {
    char t[16];
    snprintf(t, sizeof t, "t%03d", (i * 37) % 300);
    uint32_t id;
    yl_vocab_intern(v, t, strlen(t), &id);
    uint64_t a = (uint64_t)(i % 10), b = (uint64_t)(9 - i % 10); /* ten tie classes */
    if (a) yl_counts_add(target, id, a);
    if (b) yl_counts_add(rest, id, b);
  }
  yl_counts_merge(corpus, rest, NULL);
  yl_counts_merge(corpus, target, NULL);
  yl_keyness_row *all, *top;
  size_t na, nt;
  yl_keyness_opts o = {0.05, 1, 0, YL_G2_NONE};
  INT_EQ(yl_keyness_rows(target, corpus, v, &o, &all, &na), YL_OK);
  INT_EQ(na, 300);
  for (size_t k = 1; k <= 160; k += 7) {
    o.top = k;
    INT_EQ(yl_keyness_rows(target, corpus, v, &o, &top, &nt), YL_OK);
    size_t pos = 0, neg = 0, want = 0, bad = 0;
    for (size_t i = 0; i < na; i++) pos += all[i].g2 > 0;
    for (size_t i = 0; i < na; i++) {
      int keep = 2 * k >= na || all[i].significant || (all[i].g2 > 0 && i < k) ||
                 (all[i].g2 < 0 && na - i <= k);
      neg += all[i].g2 < 0;
      if (!keep) continue;
      if (want >= nt || strcmp(top[want].term, all[i].term) || top[want].g2 != all[i].g2 ||
          top[want].significant != all[i].significant || top[want].p_value != all[i].p_value)
        bad++;
      want++;
    }
    INT_EQ(bad, 0);
    INT_EQ(nt, want);
    OK(pos > 0 && neg > 0);
    yl_free(top);
  }
  yl_free(all);
  yl_counts_free(target);
  yl_counts_free(rest);
  yl_counts_free(corpus);
  yl_vocab_free(v);
}

/* Range: target of two documents, rest of three. 模型 in 1 target doc and 2 rest docs. */
static void test_doc_freq(void) {
  yl_vocab *v;
  yl_counts *doc, *target, *rest, *corpus;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  yl_counts_new(&target);
  yl_counts_new(&rest);
  yl_counts_new(&corpus);
  const char *docs[] = {"模型 芯片", "芯片", "模型", "模型 美国", "美国"};
  for (int d = 0; d < 5; d++) {
    for (const char *p = docs[d]; *p;) {
      const char *e = strchr(p, ' ');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      uint32_t id;
      yl_vocab_intern(v, p, len, &id);
      yl_counts_add(doc, id, 1);
      p += len + (e ? 1 : 0);
    }
    yl_counts_add_doc(d < 2 ? target : rest, doc);
    yl_counts_clear(doc);
  }
  yl_counts_merge(corpus, target, NULL);
  yl_counts_merge(corpus, rest, NULL);
  yl_keyness_row *r;
  size_t n;
  INT_EQ(yl_keyness_rows(target, corpus, v, NULL, &r, &n), YL_OK);
  INT_EQ(n, 3);
  for (size_t i = 0; i < n; i++)
    if (strcmp(r[i].term, "模型") == 0) {
      INT_EQ(r[i].df_a, 1);
      INT_EQ(r[i].df_b, 2);
      INT_EQ(r[i].a, 1);
      INT_EQ(r[i].b, 2);
      INT_EQ(r[i].n1, 3);
      INT_EQ(r[i].n2, 4);
    }
  yl_free(r);
  yl_counts_free(doc);
  yl_counts_free(target);
  yl_counts_free(rest);
  yl_counts_free(corpus);
  yl_vocab_free(v);
}

static void test_invalid(void) {
  fixture f;
  setup(&f);
  yl_keyness_row *r;
  size_t n;
  /* The corpus is not a superset of the target. */
  INT_EQ(yl_keyness_rows(f.corpus, f.target, f.v, NULL, &r, &n), YL_ERR_INVALID);
  /* A single group has no rest to compare with. */
  INT_EQ(yl_keyness_rows(f.target, f.target, f.v, NULL, &r, &n), YL_ERR_INVALID);
  yl_counts *empty;
  yl_counts_new(&empty);
  INT_EQ(yl_keyness_rows(empty, f.corpus, f.v, NULL, &r, &n), YL_ERR_INVALID);
  yl_counts_free(empty);
  teardown(&f);
}

int main(void) {
  RUN(test_rows);
  RUN(test_corrections);
  RUN(test_top);
  RUN(test_doc_freq);
  RUN(test_invalid);
  YL_TEST_DONE();
}
