/* Seeded Fruchterman–Reingold placement and label overlap removal. */
#include "report/layout.h"

#include <math.h>
#include <stdlib.h>

/* splitmix64: a small generator of our own, so that the layout does not depend on the
 * C library's rand() or on any global state. */
static uint64_t next_u64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double next_unit(uint64_t *s) { return (double)(next_u64(s) >> 11) * 0x1.0p-53; }

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

yl_status yl_layout_force(size_t n, const uint32_t *ea, const uint32_t *eb, size_t ne,
                          uint64_t seed, double w, double h, double margin, double *x,
                          double *y) {
  double iw = w - 2 * margin, ih = h - 2 * margin;
  if (!(iw > 0 && ih > 0)) return YL_ERR_INVALID;
  for (size_t e = 0; e < ne; e++)
    if (ea[e] >= n || eb[e] >= n) return YL_ERR_INVALID;
  if (!n) return YL_OK;
  double *dx = calloc(n, sizeof *dx), *dy = calloc(n, sizeof *dy);
  if (!dx || !dy) {
    free(dx);
    free(dy);
    return YL_ERR_NOMEM;
  }
  uint64_t s = seed;
  for (size_t i = 0; i < n; i++) {
    x[i] = margin + next_unit(&s) * iw;
    y[i] = margin + next_unit(&s) * ih;
  }
  /* k: the ideal distance for the nodes to fill the canvas */
  double k = 0.55 * sqrt(iw * ih / (double)n), k2 = k * k;
  double cx = w / 2, cy = h / 2, t0 = iw / 8;
  for (int step = 0; step < YL_LAYOUT_STEPS; step++) {
    for (size_t i = 0; i < n; i++) dx[i] = dy[i] = 0;
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) {
        double ux = x[i] - x[j], uy = y[i] - y[j], d2 = ux * ux + uy * uy;
        if (d2 < 1e-6) { /* the same point: split them along a fixed direction */
          ux = 0.01 * (double)(1 + (i + j) % 7);
          uy = 0.01;
          d2 = ux * ux + uy * uy;
        }
        double f = k2 / d2; /* k² / d along the unit vector u / d */
        dx[i] += ux * f;
        dy[i] += uy * f;
        dx[j] -= ux * f;
        dy[j] -= uy * f;
      }
    for (size_t e = 0; e < ne; e++) {
      uint32_t a = ea[e], b = eb[e];
      if (a == b) continue;
      double ux = x[a] - x[b], uy = y[a] - y[b], d = sqrt(ux * ux + uy * uy);
      double f = d / k; /* d² / k along u / d */
      dx[a] -= ux * f;
      dy[a] -= uy * f;
      dx[b] += ux * f;
      dy[b] += uy * f;
    }
    double t = t0 * (1.0 - (double)step / YL_LAYOUT_STEPS) + 0.5;
    for (size_t i = 0; i < n; i++) {
      dx[i] += (cx - x[i]) * 2.0 * k / iw; /* gravity */
      dy[i] += (cy - y[i]) * 2.0 * k / ih;
      double d = sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (d > t) {
        dx[i] *= t / d;
        dy[i] *= t / d;
      }
      x[i] = clampd(x[i] + dx[i], margin, w - margin);
      y[i] = clampd(y[i] + dy[i], margin, h - margin);
    }
  }
  free(dx);
  free(dy);
  return YL_OK;
}

static double overlap(double a0, double a1, double b0, double b1) {
  double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
  return hi - lo;
}

size_t yl_layout_labels(size_t k, double *x, double *y, const double *bw, const double *bh,
                        double w, double h) {
  size_t left = 0;
  for (int round = 0; round < 400; round++) {
    left = 0;
    for (size_t i = 0; i < k; i++)
      for (size_t j = i + 1; j < k; j++) {
        double ox = overlap(x[i] - bw[i] / 2, x[i] + bw[i] / 2, x[j] - bw[j] / 2, x[j] + bw[j] / 2);
        double oy = overlap(y[i] - bh[i] / 2, y[i] + bh[i] / 2, y[j] - bh[j] / 2, y[j] + bh[j] / 2);
        if (ox <= 0 || oy <= 0) continue;
        left++;
        /* apart along the axis that needs the shorter move, half each (+ a pixel);
         * the same order of nodes always gives the same direction */
        if (ox * h < oy * w) {
          double m = ox / 2 + 0.5, sgn = x[i] < x[j] || (x[i] == x[j] && i < j) ? -1 : 1;
          x[i] += sgn * m;
          x[j] -= sgn * m;
        } else {
          double m = oy / 2 + 0.5, sgn = y[i] < y[j] || (y[i] == y[j] && i < j) ? -1 : 1;
          y[i] += sgn * m;
          y[j] -= sgn * m;
        }
      }
    for (size_t i = 0; i < k; i++) {
      x[i] = clampd(x[i], bw[i] / 2, w - bw[i] / 2);
      y[i] = clampd(y[i], bh[i] / 2, h - bh[i] / 2);
    }
    if (!left) break;
  }
  /* the count after the last clamp */
  left = 0;
  for (size_t i = 0; i < k; i++)
    for (size_t j = i + 1; j < k; j++)
      if (overlap(x[i] - bw[i] / 2, x[i] + bw[i] / 2, x[j] - bw[j] / 2, x[j] + bw[j] / 2) > 0 &&
          overlap(y[i] - bh[i] / 2, y[i] + bh[i] / 2, y[j] - bh[j] / 2, y[j] + bh[j] / 2) > 0)
        left++;
  return left;
}
