/* Collocations (yuliao/colloc.h): λ and z by hand and against an independent
 * computation, the inclusion–exclusion of the cells, the segment shapes, and the
 * three-sweep counter against brute-force counting of every window.
 *
 * The oracle is tests/support/colloc_bf.py, a brute force in Python written apart from
 * this code (the e2e test collocations.sh uses it too): a stream is split at '|' into
 * segments, '_' is a pad;
 * every K-window of a segment (pads included) is matched against each candidate (a
 * window without a pad seen min times or more), cell[bit] += 1 where bit i = the
 * window's token i equals the candidate's; +0.5 each; λ = Σ (−1)^(K − |bit|) ln n,
 * z = λ / √Σ 1/n.
 *   python3 tests/support/colloc_bf.py "a b c _ a b c | b c a b _ c a b | _ a b c a _ b c" 2
 * gives N2 = 20, N3 = 17 and
 *   a b   5 [13,1,1,5]            λ 3.4965075614664798  z 2.7735863870962065
 *   b c   5 [13,1,1,5]            λ 3.4965075614664798  z 2.7735863870962065
 *   c a   3 [14,1,2,3]            λ 2.6051557779395775  z 2.1851624045687168
 *   a b c 3 [10,1,0,1,1,0,1,3]    λ -1.0986122886681091 z -0.41383121132491923
 *   b c a 2 [11,1,0,1,1,0,1,2]    λ -1.5260563034950492 z -0.57056815257467541
 *   c a b 2 [10,1,0,1,1,0,2,2]    λ -1.9459101490553126 z -0.7410510886354057 */
#include <stdint.h>

#include "harness.h"
#include "yuliao/colloc.h"

/* ---- λ and z ---- */

static void test_score_by_hand(void) {
  /* N = 10 windows, 3 with a first, 4 with b second, 2 are "a b": cells n00 = 10 − 3 −
   * 4 + 2 = 5, n10 = 1, n01 = 2, n11 = 2; + 0.5: λ = ln(2.5·5.5 / (1.5·2.5)) =
   * ln(11/3) = 1.2992829841302609, z = λ / √(1/5.5 + 1/1.5 + 1/2.5 + 1/2.5) =
   * 1.2992829841302609 / 1.2839 … = 1.0119551639036106 */
  const uint64_t at[4] = {10, 3, 4, 2};
  double cells[4], l, z;
  INT_EQ(yl_colloc_cells(2, at, cells), YL_OK);
  DBL_NEAR(cells[0], 5, 0);
  DBL_NEAR(cells[1], 1, 0);
  DBL_NEAR(cells[2], 2, 0);
  DBL_NEAR(cells[3], 2, 0);
  INT_EQ(yl_colloc_score(2, at, 0.5, &l, &z), YL_OK);
  DBL_NEAR(l, 1.2992829841302609, 1e-14);
  DBL_NEAR(z, 1.0119551639036106, 1e-14);
  double s = 0; /* the cells add up to N */
  for (int i = 0; i < 4; i++) s += cells[i];
  DBL_NEAR(s, 10, 0);
}

static void test_cells_k3(void) {
  /* "a b c" of the stream above: N3 17, a first 5 (of which "a b ·" 4, "a · c" 3), b
   * second 5, c third 5, "· b c" 4, count 3 → cells [10,1,0,1,1,0,1,3] */
  const uint64_t at[8] = {17, 5, 5, 4, 5, 3, 4, 3};
  const double want[8] = {10, 1, 0, 1, 1, 0, 1, 3};
  double cells[8], l, z;
  INT_EQ(yl_colloc_cells(3, at, cells), YL_OK);
  for (int i = 0; i < 8; i++) DBL_NEAR(cells[i], want[i], 0);
  INT_EQ(yl_colloc_score(3, at, 0.5, &l, &z), YL_OK);
  DBL_NEAR(l, -1.0986122886681091, 1e-13);
  DBL_NEAR(z, -0.41383121132491923, 1e-13);
}

static void test_score_invalid(void) {
  const uint64_t at[4] = {10, 3, 4, 5}; /* more "a b" than windows with a first */
  double cells[4], l, z;
  INT_EQ(yl_colloc_cells(2, at, cells), YL_ERR_INVALID);
  INT_EQ(yl_colloc_score(2, at, 0.5, &l, &z), YL_ERR_INVALID);
  INT_EQ(yl_colloc_cells(1, at, cells), YL_ERR_INVALID);
  INT_EQ(yl_colloc_cells(6, at, cells), YL_ERR_INVALID);
}

/* ---- streams ---- */

#define MAXTOK 4096

/* A document as kept tokens + flags, built from a stream of symbols: 'a'.. are token
 * ids 0.., '_' a pad, '|' a break (a stream ends with one). */
typedef struct doc {
  uint32_t ids[MAXTOK];
  uint8_t fl[MAXTOK];
  size_t n;
  uint64_t win[2];
} doc;

static void build(doc *d, const char *s) {
  yl_colloc_shape sh;
  yl_colloc_shape_init(&sh);
  d->n = 0;
  for (; *s; s++) {
    if (*s == ' ') continue;
    if (*s == '_') yl_colloc_shape_pad(&sh);
    else if (*s == '|') yl_colloc_shape_break(&sh, d->fl);
    else {
      d->ids[d->n] = (uint32_t)(*s - 'a');
      d->fl[d->n] = d->n == 0 ? 3 : 0; /* the cooc bits stay as they are */
      yl_colloc_shape_keep(&sh, d->fl, d->n);
      d->n++;
    }
  }
  yl_colloc_shape_break(&sh, d->fl);
  d->win[0] = sh.windows[0];
  d->win[1] = sh.windows[1];
}

/* Brute force over the stream itself: every K-window of every segment. */
typedef struct bf_row {
  int sym[3];
  unsigned size;
  uint64_t count;
  double lambda, z;
} bf_row;

static size_t brute(const char *s, unsigned K, uint64_t minc, bf_row *out, size_t cap,
                    uint64_t *nwin) {
  static int item[MAXTOK], seg[MAXTOK];
  size_t n = 0;
  int sg = 0;
  for (; *s; s++) {
    if (*s == ' ') continue;
    if (*s == '|') sg++;
    else item[n] = *s == '_' ? -1 : *s - 'a', seg[n++] = sg;
  }
  /* the windows: start positions */
  static size_t w[MAXTOK];
  size_t nw = 0;
  for (size_t i = 0; i + K <= n; i++)
    if (seg[i] == seg[i + K - 1]) w[nw++] = i;
  *nwin = nw;
  size_t nr = 0;
  for (size_t a = 0; a < nw; a++) {
    int pad = 0;
    for (unsigned k = 0; k < K; k++) pad |= item[w[a] + k] < 0;
    if (pad) continue;
    int seen = 0; /* an earlier window with the same tokens */
    for (size_t b = 0; b < a && !seen; b++) {
      int same = 1;
      for (unsigned k = 0; k < K; k++) same &= item[w[b] + k] == item[w[a] + k];
      seen = same;
    }
    if (seen) continue;
    double cells[8] = {0};
    for (size_t b = 0; b < nw; b++) {
      unsigned bit = 0;
      for (unsigned k = 0; k < K; k++) bit |= (unsigned)(item[w[b] + k] == item[w[a] + k]) << k;
      cells[bit] += 1;
    }
    uint64_t count = (uint64_t)cells[(1u << K) - 1];
    if (count < minc) continue;
    double l = 0, v = 0;
    for (unsigned bit = 0; bit < 1u << K; bit++) {
      unsigned pc = 0;
      for (unsigned k = 0; k < K; k++) pc += bit >> k & 1u;
      double c = cells[bit] + 0.5;
      l += ((K - pc) % 2 ? -1 : 1) * log(c);
      v += 1 / c;
    }
    if (nr < cap) {
      bf_row r = {{item[w[a]], item[w[a] + 1], K == 3 ? item[w[a] + 2] : 0}, K, count, l, l / sqrt(v)};
      out[nr] = r;
    }
    nr++;
  }
  return nr;
}

/* The counter's rows for the documents of 'streams', each found among the brute force's
 * (same number of each size, same count, λ, z). Returns the number of rows. */
static size_t check_counter(const char *const *streams, size_t ns, const char *all, uint64_t minc,
                            unsigned parts) {
  static doc d[8];
  for (size_t i = 0; i < ns; i++) build(&d[i], streams[i]);
  yl_colloc *c = NULL;
  INT_EQ(yl_colloc_new(3, minc, &c), YL_OK);
  if (!c) return 0;
  INT_EQ(yl_colloc_set_parts(c, parts), YL_OK);
  int sweeps = 0;
  while (yl_colloc_sweep(c) >= 0) {
    INT_EQ(yl_colloc_sweep(c), sweeps);
    /* each sweep takes the documents in another order: the counts do not care */
    for (size_t k = 0; k < ns; k++) {
      size_t i = (k + (size_t)sweeps) % ns;
      INT_EQ(yl_colloc_add_doc(c, d[i].ids, d[i].fl, d[i].n, d[i].win), YL_OK);
    }
    INT_EQ(yl_colloc_end_sweep(c), YL_OK);
    if (++sweeps > 2 * (int)parts + 1) break;
  }
  yl_colloc_row *rows = NULL;
  size_t n = 0;
  INT_EQ(yl_colloc_rows(c, &rows, &n), YL_OK);
  static bf_row want[2048];
  uint64_t nw2, nw3;
  size_t n2 = brute(all, 2, minc, want, 1024, &nw2);
  size_t n3 = brute(all, 3, minc, want + n2, 1024, &nw3);
  INT_EQ(n, n2 + n3);
  uint64_t w2 = 0, w3 = 0;
  for (size_t i = 0; i < ns; i++) w2 += d[i].win[0], w3 += d[i].win[1];
  INT_EQ(w2, nw2);
  INT_EQ(w3, nw3);
  size_t found = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < n2 + n3; k++) {
      const bf_row *b = &want[k];
      if (b->size != rows[i].size || (int)rows[i].id[0] != b->sym[0] ||
          (int)rows[i].id[1] != b->sym[1] || (b->size == 3 && (int)rows[i].id[2] != b->sym[2]))
        continue;
      found++;
      INT_EQ(rows[i].count, b->count);
      DBL_NEAR(rows[i].lambda, b->lambda, 1e-12);
      DBL_NEAR(rows[i].z, b->z, 1e-12);
    }
  INT_EQ(found, n);
  free(rows);
  yl_colloc_free(c);
  return n;
}

static void test_shape(void) {
  doc d;
  /* segments: [a b _] [_ c] [d _ _ e] ; a: left 0 right 2, next 1; b: left 1 right 1,
   * next 0 (c is past a break); c: left 1 right 0; d: left 0 right 2, next 0 (e is 3
   * on); e: left 2 right 0 */
  build(&d, "a b _ | _ c | d _ _ e");
  INT_EQ(d.n, 5);
  INT_EQ(YL_COLLOC_LEFT(d.fl[0]), 0);
  INT_EQ(YL_COLLOC_RIGHT(d.fl[0]), 2);
  INT_EQ(YL_COLLOC_NEXT(d.fl[0]), 1);
  INT_EQ(d.fl[0] & 3u, 3); /* the sentence and paragraph bits are kept */
  INT_EQ(YL_COLLOC_LEFT(d.fl[1]), 1);
  INT_EQ(YL_COLLOC_RIGHT(d.fl[1]), 1);
  INT_EQ(YL_COLLOC_NEXT(d.fl[1]), 0);
  INT_EQ(YL_COLLOC_LEFT(d.fl[2]), 1);
  INT_EQ(YL_COLLOC_RIGHT(d.fl[2]), 0);
  INT_EQ(YL_COLLOC_LEFT(d.fl[3]), 0);
  INT_EQ(YL_COLLOC_RIGHT(d.fl[3]), 2);
  INT_EQ(YL_COLLOC_NEXT(d.fl[3]), 0);
  INT_EQ(YL_COLLOC_LEFT(d.fl[4]), 2);
  INT_EQ(YL_COLLOC_RIGHT(d.fl[4]), 0);
  /* 2-windows: 2 + 1 + 3; 3-windows: 1 + 0 + 2 */
  INT_EQ(d.win[0], 6);
  INT_EQ(d.win[1], 3);
  /* a pad-only segment counts its windows; an empty one nothing */
  build(&d, "_ _ _ | | a");
  INT_EQ(d.win[0], 2);
  INT_EQ(d.win[1], 1);
  build(&d, "a _ c");
  INT_EQ(YL_COLLOC_NEXT(d.fl[0]), 2);
}

static void test_counter_vectors(void) {
  /* the stream of the file comment, as three documents (a document ends a segment) */
  const char *const docs[] = {"a b c _ a b c", "b c a b _ c a b", "_ a b c a _ b c"};
  const char *all = "a b c _ a b c | b c a b _ c a b | _ a b c a _ b c";
  INT_EQ(check_counter(docs, 3, all, 2, 1), 6);
  INT_EQ(check_counter(docs, 3, all, 2, 2), 6); /* the bigrams in two parts */
  /* and the oracle's values themselves */
  static doc d[3];
  yl_colloc *c = NULL;
  INT_EQ(yl_colloc_new(3, 2, &c), YL_OK);
  for (int i = 0; i < 3; i++) build(&d[i], docs[i]);
  while (yl_colloc_sweep(c) >= 0) {
    for (int i = 0; i < 3; i++) INT_EQ(yl_colloc_add_doc(c, d[i].ids, d[i].fl, d[i].n, d[i].win), YL_OK);
    INT_EQ(yl_colloc_end_sweep(c), YL_OK);
  }
  yl_colloc_row *rows;
  size_t n;
  INT_EQ(yl_colloc_rows(c, &rows, &n), YL_OK);
  struct {
    const char *s;
    uint64_t count;
    double l, z;
  } want[] = {{"ab", 5, 3.4965075614664798, 2.7735863870962065},
              {"bc", 5, 3.4965075614664798, 2.7735863870962065},
              {"ca", 3, 2.6051557779395775, 2.1851624045687168},
              {"abc", 3, -1.0986122886681091, -0.41383121132491923},
              {"bca", 2, -1.5260563034950492, -0.57056815257467541},
              {"cab", 2, -1.9459101490553126, -0.7410510886354057}};
  int hit = 0;
  for (size_t i = 0; i < n; i++) {
    char s[4] = {0};
    for (unsigned k = 0; k < rows[i].size; k++) s[k] = (char)('a' + rows[i].id[k]);
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
      if (!strcmp(s, want[k].s)) {
        hit++;
        INT_EQ(rows[i].count, want[k].count);
        DBL_NEAR(rows[i].lambda, want[k].l, 1e-13);
        DBL_NEAR(rows[i].z, want[k].z, 1e-13);
      }
  }
  INT_EQ(hit, 6);
  free(rows);
  yl_colloc_free(c);
}

/* A longer pseudo-random stream of 5 symbols, pads and breaks: every candidate at
 * minimum counts 1 and 3 against the brute force (the pruning keeps exactly those
 * seen often enough). */
static void test_counter_random(void) {
  static char s[4][1200], all[5000];
  uint32_t x = 12345;
  all[0] = 0;
  for (int d = 0; d < 4; d++) {
    size_t k = 0;
    for (int i = 0; i < 300; i++) {
      x = x * 1103515245u + 12345u;
      unsigned r = (x >> 16) % 16;
      s[d][k++] = r < 10 ? (char)('a' + r % 5) : r < 14 ? '_' : '|';
      s[d][k++] = ' ';
    }
    s[d][k] = 0;
    strcat(all, s[d]);
    strcat(all, "| ");
  }
  const char *const docs[] = {s[0], s[1], s[2], s[3]};
  OK(check_counter(docs, 4, all, 1, 1) > 30);
  OK(check_counter(docs, 4, all, 3, 1) > 10);
  INT_EQ(check_counter(docs, 4, all, 3, 5), check_counter(docs, 4, all, 3, 1));
  INT_EQ(check_counter(docs, 4, all, 1, 7), check_counter(docs, 4, all, 1, 1));
  OK(check_counter(docs, 4, all, 1000, 1) == 0);
}

static void test_counter_misuse(void) {
  yl_colloc *c = NULL;
  INT_EQ(yl_colloc_new(4, 2, &c), YL_ERR_INVALID);
  INT_EQ(yl_colloc_new(3, 0, &c), YL_ERR_INVALID);
  INT_EQ(yl_colloc_new(2, 1, &c), YL_OK);
  INT_EQ(yl_colloc_set_parts(c, 0), YL_ERR_INVALID);
  yl_colloc_row *rows = NULL;
  size_t n = 7;
  INT_EQ(yl_colloc_rows(c, &rows, &n), YL_ERR_INVALID); /* before the sweeps are done */
  const uint64_t w[2] = {0, 0};
  INT_EQ(yl_colloc_end_sweep(c), YL_OK); /* no documents: no bigram, done */
  INT_EQ(yl_colloc_sweep(c), -1);
  INT_EQ(yl_colloc_add_doc(c, NULL, NULL, 0, w), YL_ERR_INVALID);
  INT_EQ(yl_colloc_rows(c, &rows, &n), YL_OK);
  INT_EQ(n, 0);
  free(rows);
  yl_colloc_free(c);
  yl_colloc_free(NULL);
}

int main(void) {
  RUN(test_score_by_hand);
  RUN(test_cells_k3);
  RUN(test_score_invalid);
  RUN(test_shape);
  RUN(test_counter_vectors);
  RUN(test_counter_random);
  RUN(test_counter_misuse);
  YL_TEST_DONE();
}
