/* Pure formulas of docs/statistics.md (keyness, association, IDF, ranks). */
#include "yuliao/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

/* GCC and Clang on 64-bit targets (the ones yuliao builds for). */
__extension__ typedef __int128 i128;

/* O·ln(O/E) with 0·ln 0 = 0. */
static double xlogx_e(double o, double e) { return o > 0 ? o * log(o / e) : 0.0; }

/* G² of cells that may hold halves (Yates); the margins are those of the counts. */
static double g2_cells(double a, double b, double c, double d, double r1, double r2,
                       double c1, double c2, double n) {
  double g = xlogx_e(a, r1 * c1 / n) + xlogx_e(b, r1 * c2 / n) + xlogx_e(c, r2 * c1 / n) +
             xlogx_e(d, r2 * c2 / n);
  g *= 2.0;
  return g > 0 ? g : 0.0; /* rounding can leave −1e−15 on independent tables */
}

double yl_g2(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22) {
  return yl_g2_corrected(o11, o12, o21, o22, YL_G2_NONE);
}

const char *yl_g2_correction_name(yl_g2_correction c) {
  switch (c) {
    case YL_G2_NONE: return "none";
    case YL_G2_WILLIAMS: return "williams";
    case YL_G2_YATES: return "yates";
  }
  return NULL;
}

double yl_g2_corrected(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22,
                       yl_g2_correction corr) {
  double a = (double)o11, b = (double)o12, c = (double)o21, d = (double)o22;
  double n = a + b + c + d, r1 = a + b, r2 = c + d, c1 = a + c, c2 = b + d;
  if (r1 == 0 || r2 == 0 || c1 == 0 || c2 == 0) return 0.0;
  if (corr == YL_G2_YATES) {
    /* O − E = (ad − bc)/N in every cell of a 2×2 (signs alternating); the products in
     * 128 bits, so that the shift is exact even for corpora of billions of tokens. */
    i128 det = (i128)o11 * (i128)o22 - (i128)o12 * (i128)o21;
    double dev = (double)det / n;
    double shift = fabs(dev) < 0.5 ? fabs(dev) : 0.5;
    if (shift == fabs(dev)) return 0.0; /* moved onto E: no evidence left */
    double s = dev > 0 ? shift : -shift;
    return g2_cells(a - s, b + s, c + s, d - s, r1, r2, c1, c2, n);
  }
  double g = g2_cells(a, b, c, d, r1, r2, c1, c2, n);
  if (corr == YL_G2_WILLIAMS && o11 && o12 && o21 && o22) {
    double q = 1.0 + (n / r1 + n / r2 - 1.0) * (n / c1 + n / c2 - 1.0) / (6.0 * n);
    g /= q;
  }
  return g;
}

double yl_chi2(uint64_t o11, uint64_t o12, uint64_t o21, uint64_t o22) {
  double a = (double)o11, b = (double)o12, c = (double)o21, d = (double)o22;
  double n = a + b + c + d, den = (a + b) * (c + d) * (a + c) * (b + d);
  if (den == 0) return 0.0;
  double x = a * d - b * c;
  return n * x * x / den;
}

double yl_chi2_p(double x) { return gsl_cdf_chisq_Q(fabs(x), 1.0); }

double yl_keyness_g2(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2) {
  return yl_keyness_g2c(a, b, n1, n2, YL_G2_NONE);
}

double yl_keyness_g2c(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2, yl_g2_correction corr) {
  /* Rows: the term / other terms; columns: target / reference (ANALYSIS-ANCHORS §2.2). */
  double g = yl_g2_corrected(a, b, n1 - a, n2 - b, corr);
  /* a/n1 < b/n2 ⇔ a·n2 < b·n1, compared exactly in integers where they fit. */
  int under = (double)a * (double)n2 < (double)b * (double)n1;
  return under ? -g : g;
}

static double rel(uint64_t x, uint64_t n) { return (x ? (double)x : 0.5) / (double)n; }

double yl_log_ratio(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2) {
  return log2(rel(a, n1) / rel(b, n2));
}

double yl_pct_diff(uint64_t a, uint64_t b, uint64_t n1, uint64_t n2) {
  /* 100·(a/N1 − B/N2)/(B/N2) = 100·(a·N2 − B·N1)/(B·N1), B = b or 0.5: products of
   * counts are exact below 2^53, so the one rounding is the division's: a = 0 gives
   * exactly −100 (the quotient form gave −99.99999999999999) and equal rates 0 */
  double bb = b ? (double)b : 0.5, den = bb * (double)n1;
  return 100.0 * ((double)a * (double)n2 - den) / den;
}

int yl_assoc_measures(uint64_t o11, uint64_t fx, uint64_t fy, uint64_t n, yl_assoc *out) {
  if (o11 == 0 || o11 > fx || o11 > fy || fx + fy - o11 > n) return -1;
  double O = (double)o11, X = (double)fx, Y = (double)fy, N = (double)n;
  double e11 = X * Y / N;
  out->pmi = log2(O * N / (X * Y));
  out->npmi = o11 == n ? 1.0 : out->pmi / -log2(O / N);
  out->log_dice = 14.0 + log2(2.0 * O / (X + Y));
  out->t_score = (O - e11) / sqrt(O);
  out->g2 = yl_g2(o11, fx - o11, fy - o11, n - fx - fy + o11);
  out->p_value = yl_chi2_p(out->g2);
  out->jaccard = O / (X + Y - O);
  return 0;
}

double yl_idf_smooth(uint64_t n, uint64_t df) {
  return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
}

double yl_idf_log10(uint64_t n, uint64_t df) {
  return log10((double)n / (double)(df ? df : 1));
}

double yl_idf_ln(uint64_t n, uint64_t df) { return log((double)n / (double)(df ? df : 1)); }

/* Shewchuk's exact addition: each new value is added into the partials with two-sum
 * (hi + lo == a + b exactly), keeping only non-zero, non-overlapping remainders. */
void yl_fsum_add(yl_fsum *s, double x) {
  int i = 0;
  for (int j = 0; j < s->n; j++) {
    double y = s->p[j];
    if (fabs(x) < fabs(y)) {
      double t = x;
      x = y;
      y = t;
    }
    double hi = x + y, lo = y - (hi - x);
    if (lo != 0.0) s->p[i++] = lo;
    x = hi;
  }
  if (x != 0.0 && i < (int)(sizeof s->p / sizeof s->p[0])) s->p[i++] = x;
  s->n = i;
}

/* Sums the partials from the largest down; stops at the first inexact step, then
 * corrects a half-way case towards the sign of the partials left below it. */
double yl_fsum_value(const yl_fsum *s) {
  int n = s->n;
  if (n == 0) return 0.0;
  double hi = s->p[--n], lo = 0.0;
  while (n > 0) {
    double x = hi, y = s->p[--n];
    hi = x + y;
    double yr = hi - x;
    lo = y - yr;
    if (lo != 0.0) break;
  }
  if (n > 0 && ((lo < 0.0 && s->p[n - 1] < 0.0) || (lo > 0.0 && s->p[n - 1] > 0.0))) {
    double y = lo * 2.0, x = hi + y, yr = x - hi;
    if (y == yr) hi = x;
  }
  return hi;
}

void yl_rank_min(const double *values, size_t n, uint64_t *rank) {
  for (size_t i = 0; i < n; i++)
    rank[i] = (i > 0 && values[i] == values[i - 1]) ? rank[i - 1] : i + 1;
}

yl_status yl_chi2_table(const uint64_t *o, size_t nr, size_t nc, double *chi2, double *df,
                        double *p, double *cramers_v, double *stdres) {
  *chi2 = *df = *cramers_v = 0.0;
  *p = 1.0;
  if (stdres)
    for (size_t i = 0; i < nr * nc; i++) stdres[i] = 0.0;
  double *rs = calloc(nr ? nr : 1, sizeof *rs), *cs = calloc(nc ? nc : 1, sizeof *cs), n = 0;
  if (!rs || !cs) {
    free(rs), free(cs);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < nr; i++)
    for (size_t j = 0; j < nc; j++) rs[i] += (double)o[i * nc + j], cs[j] += (double)o[i * nc + j];
  size_t kr = 0, kc = 0;
  for (size_t i = 0; i < nr; i++) kr += rs[i] > 0, n += rs[i];
  for (size_t j = 0; j < nc; j++) kc += cs[j] > 0;
  if (kr < 2 || kc < 2) {
    free(rs), free(cs);
    return YL_ERR_INVALID;
  }
  double x = 0;
  for (size_t i = 0; i < nr; i++)
    for (size_t j = 0; j < nc; j++) {
      if (!rs[i] || !cs[j]) continue;
      double e = rs[i] * cs[j] / n, d = (double)o[i * nc + j] - e;
      x += d * d / e;
      if (stdres) stdres[i * nc + j] = d / sqrt(e * (1 - rs[i] / n) * (1 - cs[j] / n));
    }
  *chi2 = x;
  *df = (double)((kr - 1) * (kc - 1));
  *p = gsl_cdf_chisq_Q(x, *df);
  *cramers_v = sqrt(x / (n * (double)((kr < kc ? kr : kc) - 1)));
  free(rs), free(cs);
  return YL_OK;
}
