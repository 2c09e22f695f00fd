/* Near-duplicate sketches (one-permutation MinHash over character shingles) and the
 * banded search for similar pairs; see yuliao/sketch.h. */
#include "yuliao/sketch.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

#define EMPTY UINT32_MAX
#define P UINT64_C(0x100000001B3) /* the polynomial's base: odd, so the roll inverts */
#define BANDS 16
#define ROWS (YL_SKETCH_BINS / BANDS)
#define BUCKET_REACH 16

_Static_assert(YL_SKETCH_BINS == 64, "the bin is the hash's top 6 bits");

static uint64_t mix(uint64_t x) { /* splitmix64's finaliser */
  x += UINT64_C(0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
  return x ^ (x >> 31);
}

void yl_sketch_init(yl_sketch *s) {
  for (size_t i = 0; i < YL_SKETCH_BINS; i++) s->bin[i] = EMPTY;
  s->shingles = 0;
}

/* A shingle's polynomial hash 'h', spread by one multiplication (its top bits pick
 * the bin) and folded (the low 32 bits compete in the bin). */
static inline void put(uint32_t *bin, uint64_t h) {
  uint64_t v = h * UINT64_C(0x9E3779B97F4A7C15);
  uint32_t b = (uint32_t)(v >> 58), x = (uint32_t)(v ^ (v >> 29));
  if (x == EMPTY) x--;
  if (x < bin[b]) bin[b] = x;
}

/* A letter or a digit of the text: white space, punctuation and symbols of the
 * common blocks are left out (and ASCII letters folded), so that a changed space,
 * comma or quote mark does not change a shingle. Non-ASCII code points here. */
static inline uint32_t kept(uint32_t c) {
  if (c < 0xC0) return 0;                                  /* C1, Latin-1 punctuation */
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
      (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
      (c >= 0xFF5B && c <= 0xFF65) || c == 0xFFFD)
    return 0;
  return c;
}

static inline uint32_t kept_ascii(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c + 32u;
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : 0;
}

void yl_sketch_add(yl_sketch *s, const char *text, size_t len) {
  const unsigned char *u = (const unsigned char *)text;
  uint32_t ring[YL_SKETCH_SHINGLE];
  uint64_t h = 0, top = 1; /* top = P^(SHINGLE-1) */
  for (int k = 1; k < YL_SKETCH_SHINGLE; k++) top *= P;
  size_t n = 0, i = 0, r = 0; /* r = n % SHINGLE, the ring's oldest slot once full */
  uint64_t shingles = 0;
  while (i < len) {
    unsigned char b = u[i];
    uint32_t c;
    if (b < 0x80) { /* ASCII */
      i++;
      if (!(c = kept_ascii(b))) continue;
    } else if ((b & 0xF0) == 0xE0 && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
               (u[i + 2] & 0xC0) == 0x80 &&
               (c = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 |
                    (u[i + 2] & 0x3F)) >= 0x800 &&
               (c < 0xD800 || c > 0xDFFF)) { /* three bytes: Han and CJK punctuation */
      i += 3;
      if (!(c = kept(c))) continue;
    } else {
      size_t k = yl_utf8_decode(u + i, len - i, &c);
      if (!k) { /* an invalid byte: skipped */
        i++;
        continue;
      }
      i += k;
      if (!(c = kept(c))) continue;
    }
    if (n >= YL_SKETCH_SHINGLE) h -= top * ring[r];
    h = h * P + c;
    ring[r] = c;
    r = r + 1 == YL_SKETCH_SHINGLE ? 0 : r + 1;
    if (++n >= YL_SKETCH_SHINGLE) put(s->bin, h), shingles++;
  }
  if (n && n < YL_SKETCH_SHINGLE) put(s->bin, h), shingles++; /* a short paragraph */
  s->shingles += shingles;
}

int yl_sketch_finish(const yl_sketch *s, uint32_t out[YL_SKETCH_BINS]) {
  if (s->shingles < YL_SKETCH_MIN_SHINGLES) return 0;
  for (size_t i = 0; i < YL_SKETCH_BINS; i++) {
    size_t d = 0;
    while (s->bin[(i + d) % YL_SKETCH_BINS] == EMPTY) d++; /* some bin is full */
    /* rotation: the next full bin's value, moved by the distance so that two
     * documents borrowing from different bins do not agree by accident */
    out[i] = s->bin[(i + d) % YL_SKETCH_BINS] + (uint32_t)d * UINT32_C(0x9E3779B1);
  }
  return 1;
}

double yl_sketch_similarity(const uint32_t *a, const uint32_t *b) {
  unsigned eq = 0;
  for (size_t i = 0; i < YL_SKETCH_BINS; i++) eq += a[i] == b[i];
  return (double)eq / YL_SKETCH_BINS;
}

typedef struct band_ent {
  uint64_t key; /* the band's number and its bins, hashed */
  uint32_t doc;
} band_ent;

static int ent_cmp(const void *x, const void *y) {
  const band_ent *a = x, *b = y;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return a->doc < b->doc ? -1 : a->doc > b->doc;
}

typedef struct pair {
  uint32_t i, j;
} pair;

static int pair_cmp(const void *x, const void *y) {
  const pair *a = x, *b = y;
  if (a->i != b->i) return a->i < b->i ? -1 : 1;
  return a->j < b->j ? -1 : a->j > b->j;
}

yl_status yl_sketch_pairs(const uint32_t *sig, const unsigned char *has, size_t n,
                          double threshold, yl_sketch_pair_fn fn, void *ctx) {
  if (n >= UINT32_MAX) return YL_ERR_LIMIT;
  size_t m = 0;
  for (size_t d = 0; d < n; d++) m += !has || has[d];
  band_ent *e = malloc((m ? m : 1) * BANDS * sizeof *e);
  if (!e) return YL_ERR_NOMEM;
  size_t ne = 0;
  for (size_t d = 0; d < n; d++) {
    if (has && !has[d]) continue;
    const uint32_t *s = sig + d * YL_SKETCH_BINS;
    for (uint64_t b = 0; b < BANDS; b++) {
      uint64_t k = mix(b);
      for (size_t r = 0; r < ROWS; r++) k = mix(k ^ s[b * ROWS + r]);
      e[ne++] = (band_ent){k, (uint32_t)d};
    }
  }
  qsort(e, ne, sizeof *e, ent_cmp);
  pair *pv = NULL;
  size_t np = 0, cap = 0;
  yl_status st = YL_OK;
  /* equal bins needed: the threshold's share of the bins, rounded up */
  double need = threshold * YL_SKETCH_BINS - 1e-9;
  for (size_t a = 0; a < ne && !st;) {
    size_t z = a + 1;
    while (z < ne && e[z].key == e[a].key) z++;
    for (size_t q = a + 1; q < z && !st; q++) {
      size_t from = q - a > BUCKET_REACH ? q - BUCKET_REACH : a;
      for (size_t p = from; p < q; p++) {
        const uint32_t *x = sig + (size_t)e[p].doc * YL_SKETCH_BINS;
        const uint32_t *y = sig + (size_t)e[q].doc * YL_SKETCH_BINS;
        unsigned eq = 0;
        for (size_t i = 0; i < YL_SKETCH_BINS; i++) eq += x[i] == y[i];
        if ((double)eq < need) continue;
        if (np == cap) {
          size_t nc = cap ? cap * 2 : 256;
          pair *t = realloc(pv, nc * sizeof *t);
          if (!t) {
            st = YL_ERR_NOMEM;
            break;
          }
          pv = t, cap = nc;
        }
        pv[np++] = (pair){e[p].doc, e[q].doc}; /* sorted by doc within the key */
      }
    }
    a = z;
  }
  free(e);
  if (!st && np) {
    qsort(pv, np, sizeof *pv, pair_cmp);
    for (size_t k = 0; k < np; k++) {
      if (k && pv[k].i == pv[k - 1].i && pv[k].j == pv[k - 1].j) continue; /* other bands */
      const uint32_t *x = sig + (size_t)pv[k].i * YL_SKETCH_BINS;
      const uint32_t *y = sig + (size_t)pv[k].j * YL_SKETCH_BINS;
      if (fn(ctx, pv[k].i, pv[k].j, yl_sketch_similarity(x, y))) break;
    }
  }
  free(pv);
  return st;
}
