/* Near-duplicate sketches: the estimate against the exact Jaccard similarity of the
 * shingle sets (computed here by brute force), the threshold on hand-made pairs, the
 * characters that do not count, and the banded pair search. */
#include "harness.h"
#include "yuliao/sketch.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Deterministic text: 'n' ideographs from U+4E00.. drawn by a xorshift from 'seed',
 * as UTF-8 into 'out' (3 bytes each). */
static size_t han_text(uint64_t seed, size_t n, char *out) {
  uint64_t x = seed * 2654435761u + 1;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    unsigned c = 0x4E00 + (unsigned)(x % 3000);
    out[len++] = (char)(0xE0 | (c >> 12));
    out[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[len++] = (char)(0x80 | (c & 0x3F));
  }
  out[len] = '\0';
  return len;
}

/* A document: paragraphs separated by '\n' in one buffer, sketched one by one. */
static int sketch_of(const char *text, uint32_t out[YL_SKETCH_BINS]) {
  yl_sketch s;
  yl_sketch_init(&s);
  const char *p = text;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    yl_sketch_add(&s, p, n);
    p += n + (e != NULL);
  }
  return yl_sketch_finish(&s, out);
}

/* Exact Jaccard of the 5-ideograph shingle sets of two all-Han texts (one paragraph
 * each, 3 bytes per character), by brute force. */
static double exact_jaccard(const char *a, const char *b) {
  size_t na = strlen(a) / 3, nb = strlen(b) / 3;
  size_t sa = na >= 5 ? na - 4 : 0, sb = nb >= 5 ? nb - 4 : 0;
  size_t inter = 0, ua = 0, ub = 0;
  for (size_t i = 0; i < sa; i++) { /* distinct shingles of a, and those in b */
    int dup = 0;
    for (size_t k = 0; k < i && !dup; k++) dup = !memcmp(a + 3 * k, a + 3 * i, 15);
    if (dup) continue;
    ua++;
    for (size_t j = 0; j < sb; j++)
      if (!memcmp(a + 3 * i, b + 3 * j, 15)) {
        inter++;
        break;
      }
  }
  for (size_t j = 0; j < sb; j++) {
    int dup = 0;
    for (size_t k = 0; k < j && !dup; k++) dup = !memcmp(b + 3 * k, b + 3 * j, 15);
    ub += !dup;
  }
  return (double)inter / (double)(ua + ub - inter);
}

static char A[16384], B[16384], C[16384];

/* The estimate follows the exact similarity: within 0.2 (over three standard errors
 * of 64 bins) at every overlap from none to all. */
static void test_estimate(void) {
  han_text(7, 900, A);
  for (size_t keep = 0; keep <= 900; keep += 150) {
    /* B: the first 'keep' characters of A, then other text */
    memcpy(B, A, keep * 3);
    han_text(99 + keep, 900 - keep, B + keep * 3);
    uint32_t sa[YL_SKETCH_BINS], sb[YL_SKETCH_BINS];
    OK(sketch_of(A, sa) && sketch_of(B, sb));
    double est = yl_sketch_similarity(sa, sb), ex = exact_jaccard(A, B);
    if (fabs(est - ex) > 0.2) YL_T_FAIL("keep %zu: estimate %.3f, exact %.3f", keep, est, ex);
  }
  uint32_t s1[YL_SKETCH_BINS], s2[YL_SKETCH_BINS];
  OK(sketch_of(A, s1) && sketch_of(A, s2));
  OK(yl_sketch_similarity(s1, s2) == 1.0);
}

/* The kinds of copy archives hold are well above the default 0.7; another story is far
 * below it. */
static void test_threshold_pairs(void) {
  /* the story: four paragraphs of 300 characters (900 bytes), joined by '\n' */
  size_t n = 0;
  for (int k = 0; k < 4; k++) {
    if (k) A[n++] = '\n';
    n += han_text(11 + (uint64_t)k * 100, 300, A + n);
  }
  uint32_t sa[YL_SKETCH_BINS], sb[YL_SKETCH_BINS];
  OK(sketch_of(A, sa));
  /* a one-character edit in the second paragraph */
  strcpy(B, A);
  memcpy(B + 901 + 300, "改", 3); /* the second paragraph's 101st character */
  OK(sketch_of(B, sb));
  OK(yl_sketch_similarity(sa, sb) >= 0.8);
  /* an added paragraph of 150 characters (an update) */
  strcpy(B, A);
  strcat(B, "\n");
  han_text(12, 150, B + strlen(B));
  OK(sketch_of(B, sb));
  OK(yl_sketch_similarity(sa, sb) >= 0.8);
  /* a changed byline paragraph in front */
  strcpy(B, "记者：王明\n");
  strcat(B, A);
  OK(sketch_of(B, sb));
  OK(yl_sketch_similarity(sa, sb) >= 0.8);
  /* spaces, punctuation and ASCII case do not count */
  strcpy(C, "Deep Seek，  发布了 R1。");
  OK(!sketch_of(C, sb)); /* too short to compare */
  strcpy(B, A);
  strcat(B, "DeepSeek R1");
  strcpy(C, A);
  strcat(C, "deep-seek,r1!");
  uint32_t sc[YL_SKETCH_BINS];
  OK(sketch_of(B, sb) && sketch_of(C, sc));
  OK(yl_sketch_similarity(sb, sc) == 1.0);
  /* a different story that shares one paragraph of four (exact similarity 1/7) */
  memcpy(C, A, 901);
  han_text(13, 900, C + 901);
  OK(sketch_of(C, sc));
  OK(yl_sketch_similarity(sa, sc) < 0.4);
}

typedef struct found {
  size_t n, i[16], j[16];
} found;

static int on_pair(void *ctx, size_t i, size_t j, double s) {
  found *f = ctx;
  OK(s >= 0.8);
  if (f->n < 16) f->i[f->n] = i, f->j[f->n] = j;
  f->n++;
  return 0;
}

/* Six documents: 0, 2 and 5 are copies (2 edited), 1 and 4 another pair, 3 alone and 4
 * unsketched in the second run: the pairs come once each, in order. */
static void test_pairs(void) {
  uint32_t sig[6 * YL_SKETCH_BINS];
  han_text(21, 800, A);
  han_text(22, 800, B);
  han_text(23, 800, C);
  OK(sketch_of(A, sig + 0 * YL_SKETCH_BINS));
  OK(sketch_of(B, sig + 1 * YL_SKETCH_BINS));
  memcpy(A + 300, "改", 3);
  OK(sketch_of(A, sig + 2 * YL_SKETCH_BINS));
  OK(sketch_of(C, sig + 3 * YL_SKETCH_BINS));
  OK(sketch_of(B, sig + 4 * YL_SKETCH_BINS));
  memcpy(A + 300, A + 303, 3);
  OK(sketch_of(A, sig + 5 * YL_SKETCH_BINS));
  found f = {0};
  INT_EQ(yl_sketch_pairs(sig, NULL, 6, 0.8, on_pair, &f), YL_OK);
  INT_EQ(f.n, 4);
  size_t want[4][2] = {{0, 2}, {0, 5}, {1, 4}, {2, 5}};
  for (size_t k = 0; k < 4 && k < f.n; k++) {
    INT_EQ(f.i[k], want[k][0]);
    INT_EQ(f.j[k], want[k][1]);
  }
  unsigned char has[6] = {1, 1, 1, 1, 0, 1};
  f.n = 0;
  INT_EQ(yl_sketch_pairs(sig, has, 6, 0.8, on_pair, &f), YL_OK);
  INT_EQ(f.n, 3);
}

int main(void) {
  RUN(test_estimate);
  RUN(test_threshold_pairs);
  RUN(test_pairs);
  YL_TEST_DONE();
}
