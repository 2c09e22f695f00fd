/* A shard read and shard fields written on whatever machine this is built for: built
 * natively and for a big-endian one (s390x under qemu) by tests/e2e/shard_bigendian.sh,
 * which checks that both say the same about the same shard and write the same bytes.
 *
 *   shard_be read SHARD   checks the magic, format, every checksum, and prints the
 *                         header's fields, each section's length and the terms,
 *                         groups and document count it decodes
 *   shard_be write FILE   writes fixed values with each field encoder
 *
 * Only src/pipeline/shardio.c and src/base/buf.c are linked in: the code of the shard's
 * bytes, nothing of the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/shardio.h"

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0, k;
  unsigned char *p = malloc(cap);
  while (p && (k = fread(p + len, 1, cap - len, f)) > 0) {
    len += k;
    if (len == cap) p = realloc(p, cap *= 2);
  }
  fclose(f);
  *n = len;
  return p;
}

static int fail(const char *why) {
  printf("bad: %s\n", why);
  return 1;
}

static int read_shard(const char *path) {
  size_t n;
  unsigned char *p = slurp(path, &n);
  if (!p || n < 52) return fail("cannot read");
  if (memcmp(p, "YLSHARD", 8)) return fail("magic");
  printf("host: %s-endian\n", (union { uint16_t u; unsigned char c[2]; }){1}.c[0] ? "little" : "big");
  printf("format %u flags %u\n", yl_shard_get_u32(p + 8), yl_shard_get_u32(p + 12));
  uint64_t hl = yl_shard_get_u64(p + 16);
  if (hl > n - 32 || yl_shard_checksum(p + 24, hl) != yl_shard_get_u64(p + 24 + hl))
    return fail("header checksum");
  yl_shard_rd h = {p + 24, p + 24 + hl, 0};
  char *ver = yl_shard_get_str(&h, NULL);
  uint64_t fp = yl_shard_get_u64r(&h);
  size_t sl = 0;
  char *set = yl_shard_get_str(&h, &sl);
  uint64_t ndocs = yl_shard_get_uv(&h);
  if (h.bad || !ver || !set) return fail("header fields");
  printf("version %s fingerprint %016llx options %zu bytes, first %s, documents %llu\n", ver,
         (unsigned long long)fp, sl, set, (unsigned long long)ndocs);
  if (memcmp(p + n - 8, "YLSHEND", 8)) return fail("end magic");
  uint32_t ns = yl_shard_get_u32(p + n - 20);
  const unsigned char *dir = p + n - 20 - 28 * (size_t)ns;
  if (yl_shard_checksum(dir, 28 * (size_t)ns) != yl_shard_get_u64(p + n - 16)) return fail("directory");
  for (uint32_t i = 0; i < ns; i++) {
    const unsigned char *e = dir + 28 * i;
    uint32_t tag = yl_shard_get_u32(e);
    uint64_t off = yl_shard_get_u64(e + 4), len = yl_shard_get_u64(e + 12);
    if (off > n || len > n - off || yl_shard_checksum(p + off, len) != yl_shard_get_u64(e + 20))
      return fail("section checksum");
    printf("section %u: %llu bytes at %llu\n", tag, (unsigned long long)len, (unsigned long long)off);
    yl_shard_rd r = {p + off, p + off + len, 0};
    if (tag == 1 || tag == 2) { /* terms, groups: a count and strings */
      uint64_t k = yl_shard_get_uv(&r), bytes = 0;
      yl_shard_ck c;
      yl_shard_ck_init(&c);
      for (uint64_t j = 0; j < k && !r.bad; j++) {
        size_t l = 0;
        char *s = yl_shard_get_str(&r, &l);
        if (s) yl_shard_ck_add(&c, s, l + 1), bytes += l;
        if (tag == 2) printf("  group %s\n", s ? s : "(none)");
        free(s);
      }
      if (r.bad || r.p != r.end) return fail("strings");
      printf("  %llu strings, %llu bytes, checksum %016llx\n", (unsigned long long)k,
             (unsigned long long)bytes, (unsigned long long)yl_shard_ck_end(&c));
    } else if (tag == 6) { /* documents: the first one's path */
      uint64_t k = yl_shard_get_uv(&r);
      char *first = yl_shard_get_str(&r, NULL);
      printf("  %llu documents, the first %s\n", (unsigned long long)k, first ? first : "?");
      free(first);
    }
  }
  free(ver);
  free(set);
  free(p);
  return 0;
}

static int write_fields(const char *path) {
  yl_buf b = YL_BUF_INIT;
  unsigned char t[12];
  yl_shard_put_u32(t, 0x01020304u);
  yl_shard_put_u64(t + 4, UINT64_C(0x0a0b0c0d0e0f1011));
  yl_buf_put(&b, t, sizeof t);
  const uint64_t uv[] = {0, 1, 127, 128, 300, 16384, UINT32_MAX, UINT64_MAX};
  for (size_t i = 0; i < sizeof uv / sizeof *uv; i++) yl_shard_put_uv(&b, uv[i]);
  const int64_t sv[] = {0, -1, 1, -64, 64, INT64_MIN, INT64_MAX};
  for (size_t i = 0; i < sizeof sv / sizeof *sv; i++) yl_shard_put_sv(&b, sv[i]);
  yl_shard_put_u64b(&b, UINT64_C(0x8877665544332211));
  yl_shard_put_str(&b, "语料");
  yl_shard_put_str(&b, NULL);
  yl_shard_put_u64b(&b, yl_shard_checksum(b.data, b.len));
  /* and each value read back on this host */
  yl_shard_rd r = {(const unsigned char *)b.data + 12, (const unsigned char *)b.data + b.len, 0};
  int ok = yl_shard_get_u32((const unsigned char *)b.data) == 0x01020304u &&
           yl_shard_get_u64((const unsigned char *)b.data + 4) == UINT64_C(0x0a0b0c0d0e0f1011);
  for (size_t i = 0; i < sizeof uv / sizeof *uv; i++) ok &= yl_shard_get_uv(&r) == uv[i];
  for (size_t i = 0; i < sizeof sv / sizeof *sv; i++) ok &= yl_shard_get_sv(&r) == sv[i];
  ok &= yl_shard_get_u64r(&r) == UINT64_C(0x8877665544332211);
  char *s = yl_shard_get_str(&r, NULL), *none = yl_shard_get_str(&r, NULL);
  ok &= s && !strcmp(s, "语料") && !none && !r.bad;
  free(s);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f)) return fail("write");
  yl_buf_free(&b);
  return ok ? 0 : fail("a value did not read back");
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "read")) return read_shard(argv[2]);
  if (argc == 3 && !strcmp(argv[1], "write")) return write_fields(argv[2]);
  fprintf(stderr, "usage: shard_be read SHARD | write FILE\n");
  return 2;
}
