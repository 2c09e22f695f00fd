/* The report's network layout (src/report/layout.c) and communities
 * (src/report/community.c): the same input gives the same bytes, another seed another
 * layout, every point inside the canvas, labels apart; two cliques joined by one edge
 * are two communities. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "report/community.h"
#include "report/layout.h"

/* Two 5-cliques (0–4, 5–9) joined by the edge 4–5, and a lone pair 10–11. */
static size_t graph(uint32_t *a, uint32_t *b) {
  size_t n = 0;
  for (uint32_t base = 0; base <= 5; base += 5)
    for (uint32_t i = 0; i < 5; i++)
      for (uint32_t j = i + 1; j < 5; j++) a[n] = base + i, b[n++] = base + j;
  a[n] = 4, b[n++] = 5;
  a[n] = 10, b[n++] = 11;
  return n;
}

static void test_determinism(void) {
  uint32_t a[32], b[32];
  size_t ne = graph(a, b);
  double x1[12], y1[12], x2[12], y2[12], x3[12], y3[12];
  INT_EQ(yl_layout_force(12, a, b, ne, 42, 640, 440, 24, x1, y1), YL_OK);
  INT_EQ(yl_layout_force(12, a, b, ne, 42, 640, 440, 24, x2, y2), YL_OK);
  OK(!memcmp(x1, x2, sizeof x1) && !memcmp(y1, y2, sizeof y1));
  INT_EQ(yl_layout_force(12, a, b, ne, 43, 640, 440, 24, x3, y3), YL_OK);
  OK(memcmp(x1, x3, sizeof x1) || memcmp(y1, y3, sizeof y1));
  for (int i = 0; i < 12; i++) {
    OK(isfinite(x1[i]) && isfinite(y1[i]));
    OK(x1[i] >= 24 && x1[i] <= 640 - 24 && y1[i] >= 24 && y1[i] <= 440 - 24);
  }
  /* a clique's nodes sit nearer each other than the other clique's */
  double in = hypot(x1[0] - x1[1], y1[0] - y1[1]), out = hypot(x1[0] - x1[9], y1[0] - y1[9]);
  OK(in < out);
  uint32_t far = 20;
  INT_EQ(yl_layout_force(12, a, &far, 1, 1, 640, 440, 24, x1, y1), YL_ERR_INVALID);
  INT_EQ(yl_layout_force(12, a, b, ne, 1, 40, 40, 24, x1, y1), YL_ERR_INVALID); /* no room */
}

static void test_labels(void) {
  double x[6] = {100, 101, 102, 100, 300, 300}, y[6] = {100, 100, 101, 102, 5, 5};
  double w[6] = {60, 40, 50, 30, 80, 80}, h[6] = {15, 15, 15, 15, 15, 15};
  INT_EQ(yl_layout_labels(6, x, y, w, h, 640, 440), 0);
  for (int i = 0; i < 6; i++) {
    OK(x[i] - w[i] / 2 >= 0 && x[i] + w[i] / 2 <= 640);
    OK(y[i] - h[i] / 2 >= 0 && y[i] + h[i] / 2 <= 440);
    for (int j = i + 1; j < 6; j++)
      OK(fabs(x[i] - x[j]) >= (w[i] + w[j]) / 2 || fabs(y[i] - y[j]) >= (h[i] + h[j]) / 2);
  }
}

static void test_communities(void) {
  uint32_t a[32], b[32], c[12];
  size_t ne = graph(a, b), nc = 0;
  INT_EQ(yl_community_greedy(12, a, b, ne, c, &nc), YL_OK);
  INT_EQ(nc, 3);
  for (int i = 1; i < 5; i++) INT_EQ(c[i], c[0]);
  for (int i = 6; i < 10; i++) INT_EQ(c[i], c[5]);
  OK(c[0] != c[5]);
  INT_EQ(c[10], c[11]);
  OK(c[10] != c[0] && c[10] != c[5]);
  INT_EQ(c[0], 0); /* the larger ones first, then by their first node */
  INT_EQ(c[5], 1);
  INT_EQ(c[10], 2);
  /* no edges: every node alone */
  INT_EQ(yl_community_greedy(3, a, b, 0, c, &nc), YL_OK);
  INT_EQ(nc, 3);
  uint32_t bad = 7;
  INT_EQ(yl_community_greedy(3, &bad, &bad, 1, c, &nc), YL_ERR_INVALID);
}

int main(void) {
  RUN(test_determinism);
  RUN(test_labels);
  RUN(test_communities);
  YL_TEST_DONE();
}
