/* Fuzz target: near-duplicate sketches. The input is paragraphs separated by 0x1E,
 * sketched once as given and once with spaces and ASCII punctuation inserted after
 * every byte that begins a character (which the shingles leave out). Checks: the two
 * sketches are equal, a sketch is similar to itself with 1, similarity stays in
 * [0, 1], and the pair search over both sketches finds the pair exactly when the
 * sketch exists. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yuliao/sketch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sketch(const uint8_t *d, size_t n, int noisy, yl_sketch *s) {
  yl_sketch_init(s);
  char *buf = malloc(3 * n + 1);
  if (!buf) abort();
  size_t a = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || d[i] == 0x1E) {
      size_t len = 0;
      for (size_t k = a; k < i; k++) {
        buf[len++] = (char)d[k];
        /* noise only between whole ASCII characters, so no multi-byte one is cut */
        if (noisy && d[k] < 0x80 && (k + 1 == i || d[k + 1] < 0x80)) buf[len++] = ' ', buf[len++] = ',';
      }
      yl_sketch_add(s, buf, len);
      a = i + 1;
    }
  }
  free(buf);
}

static int found;
static int on_pair(void *ctx, size_t i, size_t j, double sim) {
  (void)ctx;
  if (i != 0 || j != 1 || sim != 1.0) abort();
  found++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  yl_sketch a, b;
  sketch(data, size, 0, &a);
  sketch(data, size, 1, &b);
  uint32_t sig[2 * YL_SKETCH_BINS];
  int ha = yl_sketch_finish(&a, sig), hb = yl_sketch_finish(&b, sig + YL_SKETCH_BINS);
  if (ha != hb) abort();
  if (!ha) return 0;
  if (memcmp(sig, sig + YL_SKETCH_BINS, sizeof sig / 2)) abort();
  double s = yl_sketch_similarity(sig, sig);
  if (s != 1.0) abort();
  found = 0;
  if (yl_sketch_pairs(sig, NULL, 2, 0.7, on_pair, NULL) != YL_OK || found != 1) abort();
  return 0;
}
