/* Shards (src/pipeline/shard.h): the byte order of every field, the checksum against
 * an independent implementation, and a shard of a small corpus read back field by
 * field with byte arithmetic of its own, then refused when cut or changed.
 *
 * Checksum oracle (Python 3, integers, no host byte order involved):
 *   M = 2**64 - 1
 *   def ck(d):
 *     h, n, i = 0x243F6A8885A308D3, len(d), 0
 *     while n - i >= 8:
 *       w = int.from_bytes(d[i:i+8], 'little'); h = ((h ^ w) * 0xBF58476D1CE4E5B9) & M
 *       h ^= h >> 31; i += 8
 *     w = int.from_bytes(d[i:], 'little') if i < n else 0
 *     h = ((h ^ w ^ ((n * 0x9E3779B97F4A7C15) & M)) * 0x94D049BB133111EB) & M
 *     h ^= h >> 29; h = (h * 0xBF58476D1CE4E5B9) & M; return h ^ (h >> 32)
 * gives ck(b"") = 0x525dac21a6f9d1b6, ck(b"a") = 0xb03a78ea9b42ee03,
 * ck(bytes(range(37))) = 0xc7fc871f32083f65, ck("语料 shard".encode()) = 0xe7dacc1423aada5d. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "pipeline/shard.h"
#include "yuliao/config.h"

static void test_byte_order(void) {
  unsigned char b4[4], b8[8];
  yl_shard_put_u32(b4, 0x01020304u);
  const unsigned char w4[4] = {4, 3, 2, 1};
  MEM_EQ(b4, 4, w4, 4);
  yl_shard_put_u64(b8, UINT64_C(0x0102030405060708));
  const unsigned char w8[8] = {8, 7, 6, 5, 4, 3, 2, 1};
  MEM_EQ(b8, 8, w8, 8);
  /* read back from bytes laid out by hand, whatever the host's order */
  const unsigned char le[8] = {0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01};
  OK(yl_shard_get_u64(le) == UINT64_C(0x0123456789abcdef));
  OK(yl_shard_get_u32(le) == 0x89abcdefu);
  for (uint64_t v = 1; v; v <<= 7) {
    yl_shard_put_u64(b8, v - 1);
    OK(yl_shard_get_u64(b8) == v - 1);
  }
}

static void test_checksum(void) {
  unsigned char seq[37];
  for (int i = 0; i < 37; i++) seq[i] = (unsigned char)i;
  OK(yl_shard_checksum("", 0) == UINT64_C(0x525dac21a6f9d1b6));
  OK(yl_shard_checksum("a", 1) == UINT64_C(0xb03a78ea9b42ee03));
  OK(yl_shard_checksum(seq, 37) == UINT64_C(0xc7fc871f32083f65));
  OK(yl_shard_checksum("语料 shard", strlen("语料 shard")) == UINT64_C(0xe7dacc1423aada5d));
  /* in pieces of any size: the same value as at once */
  for (size_t cut1 = 0; cut1 <= 37; cut1 += 3)
    for (size_t cut2 = cut1; cut2 <= 37; cut2 += 5) {
      yl_shard_ck c;
      yl_shard_ck_init(&c);
      yl_shard_ck_add(&c, seq, cut1);
      yl_shard_ck_add(&c, seq + cut1, cut2 - cut1);
      yl_shard_ck_add(&c, seq + cut2, 37 - cut2);
      OK(yl_shard_ck_end(&c) == UINT64_C(0xc7fc871f32083f65));
    }
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *p = malloc((size_t)len + 1);
  if (p && fread(p, 1, (size_t)len, f) != (size_t)len) free(p), p = NULL;
  fclose(f);
  *n = (size_t)len;
  return p;
}

static void spit(const char *path, const unsigned char *p, size_t n) {
  FILE *f = fopen(path, "wb");
  OK(f != NULL);
  if (!f) return;
  OK(fwrite(p, 1, n, f) == n);
  fclose(f);
}

static uint64_t le(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static void test_file(void) {
  char dir[512], shard[600], bad[600], corpus[600];
  OK(yl_test_scratch("shard", dir, sizeof dir) == 0);
  snprintf(shard, sizeof shard, "%s/one.shard", dir);
  snprintf(bad, sizeof bad, "%s/bad.shard", dir);
  snprintf(corpus, sizeof corpus, "%s/examples/corpus", getenv("YL_SRC"));
  yl_config *cfg = NULL;
  OK(yl_config_new(&cfg) == YL_OK);
  yl_config_set_threads(cfg, 2);
  yl_analyze_summary sum;
  yl_error err;
  const char *paths[] = {corpus};
  INT_EQ(yl_count_paths(cfg, paths, 1, shard, &sum, &err), YL_OK);
  INT_EQ((int)sum.files, 13);
  INT_EQ((int)sum.analysed, 13);
  yl_analyze_summary_clear(&sum);
  size_t n = 0;
  unsigned char *p = slurp(shard, &n);
  OK(p != NULL && n > 100);
  if (!p) return;
  /* the header, field by field */
  MEM_EQ(p, 8, "YLSHARD\0", 8);
  OK(le(p + 8, 4) == YL_SHARD_FORMAT);
  uint64_t hl = le(p + 16, 8);
  OK(le(p + 24 + hl, 8) == yl_shard_checksum(p + 24, hl));
  /* the directory at the end: every section inside the file, its checksum right */
  MEM_EQ(p + n - 8, 8, "YLSHEND\0", 8);
  uint64_t ns = le(p + n - 20, 4);
  INT_EQ((int)ns, YL_SHARD_NSECTIONS);
  const unsigned char *dirp = p + n - 20 - 28 * ns;
  OK(le(p + n - 16, 8) == yl_shard_checksum(dirp, 28 * ns));
  unsigned seen = 0;
  for (uint64_t i = 0; i < ns; i++) {
    const unsigned char *e = dirp + 28 * i;
    uint64_t tag = le(e, 4), off = le(e + 4, 8), len = le(e + 12, 8);
    OK(tag >= 1 && tag <= YL_SHARD_NSECTIONS);
    seen |= 1u << tag;
    OK(off >= 32 + hl && off + len <= n);
    OK(le(e + 20, 8) == yl_shard_checksum(p + off, len));
  }
  INT_EQ((int)seen, 0x7e);
  /* it merges back; cut or changed anywhere it is refused as unreadable */
  const char *one[] = {shard}, *bads[] = {bad};
  yl_shard_set set;
  INT_EQ(yl_shard_set_open(one, 1, &set, &err), YL_OK);
  INT_EQ((int)set.ndocs, 13);
  yl_shard_set_free(&set);
  size_t cuts[] = {0, 7, 24, n / 2, n - 1};
  for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
    spit(bad, p, cuts[k]);
    INT_EQ(yl_shard_set_open(bads, 1, &set, &err), YL_ERR_DICT);
    yl_shard_set_free(&set);
  }
  for (size_t at = 9; at < n; at += n / 23 + 1) {
    p[at] ^= 0x20;
    spit(bad, p, n);
    yl_status st = yl_shard_set_open(bads, 1, &set, &err);
    OK(st == YL_ERR_DICT);
    if (st != YL_ERR_DICT) fprintf(stderr, "  byte %zu changed: status %d\n", at, (int)st);
    yl_shard_set_free(&set);
    p[at] ^= 0x20;
  }
  free(p);
  yl_config_free(cfg);
}

int main(void) {
  RUN(test_byte_order);
  RUN(test_checksum);
  RUN(test_file);
  YL_TEST_DONE();
}
