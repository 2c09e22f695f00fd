/* The bytes of a shard (src/pipeline/shard.h): every field little-endian or an
 * unsigned LEB128 varint, written and read byte by byte, so that a shard is the same
 * file on any host; and the checksum of its sections. No dependency but base/buf. */
#include <stdlib.h>
#include <string.h>

#include "pipeline/shardio.h"

void yl_shard_put_u32(unsigned char o[4], uint32_t v) {
  for (int i = 0; i < 4; i++) o[i] = (unsigned char)(v >> (8 * i));
}

void yl_shard_put_u64(unsigned char o[8], uint64_t v) {
  for (int i = 0; i < 8; i++) o[i] = (unsigned char)(v >> (8 * i));
}

uint32_t yl_shard_get_u32(const unsigned char p[4]) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
  return v;
}

uint64_t yl_shard_get_u64(const unsigned char p[8]) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* 8 bytes a round, read as a little-endian number: the same value on any host. */
static uint64_t ck_round(uint64_t h, uint64_t w) {
  h = (h ^ w) * UINT64_C(0xBF58476D1CE4E5B9);
  return h ^ (h >> 31);
}

void yl_shard_ck_init(yl_shard_ck *c) {
  memset(c, 0, sizeof *c);
  c->h = UINT64_C(0x243F6A8885A308D3);
}

void yl_shard_ck_add(yl_shard_ck *c, const void *data, size_t len) {
  if (!len) return; /* an empty piece may have no buffer at all */
  const unsigned char *p = data;
  c->n += len;
  while (len && c->nt) {
    c->t[c->nt++] = *p++, len--;
    if (c->nt == 8) c->h = ck_round(c->h, yl_shard_get_u64(c->t)), c->nt = 0;
  }
  if (c->nt) return; /* the piece did not fill the tail */
  for (; len >= 8; p += 8, len -= 8) c->h = ck_round(c->h, yl_shard_get_u64(p));
  memcpy(c->t, p, len);
  c->nt = (unsigned)len;
}

uint64_t yl_shard_ck_end(const yl_shard_ck *c) {
  uint64_t w = 0;
  for (unsigned i = 0; i < c->nt; i++) w |= (uint64_t)c->t[i] << (8 * i);
  uint64_t h = (c->h ^ w ^ (c->n * UINT64_C(0x9E3779B97F4A7C15))) * UINT64_C(0x94D049BB133111EB);
  h ^= h >> 29;
  h *= UINT64_C(0xBF58476D1CE4E5B9);
  return h ^ (h >> 32);
}

uint64_t yl_shard_checksum(const void *data, size_t len) {
  yl_shard_ck c;
  yl_shard_ck_init(&c);
  yl_shard_ck_add(&c, data, len);
  return yl_shard_ck_end(&c);
}

void yl_shard_put_uv(yl_buf *b, uint64_t v) {
  unsigned char t[10];
  size_t n = 0;
  do {
    t[n] = (unsigned char)(v & 0x7f);
    v >>= 7;
    if (v) t[n] |= 0x80;
    n++;
  } while (v);
  yl_buf_put(b, t, n);
}

void yl_shard_put_sv(yl_buf *b, int64_t v) { /* zigzag */
  yl_shard_put_uv(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void yl_shard_put_u64b(yl_buf *b, uint64_t v) {
  unsigned char t[8];
  yl_shard_put_u64(t, v);
  yl_buf_put(b, t, 8);
}

void yl_shard_put_bytes(yl_buf *b, const char *s, size_t len) {
  yl_shard_put_uv(b, (uint64_t)len + 1);
  yl_buf_put(b, s, len);
}

void yl_shard_put_str(yl_buf *b, const char *s) {
  if (!s) yl_shard_put_uv(b, 0);
  else yl_shard_put_bytes(b, s, strlen(s));
}

uint64_t yl_shard_get_uv(yl_shard_rd *r) {
  uint64_t v = 0;
  for (int s = 0; s < 64; s += 7) {
    if (r->p >= r->end) break;
    unsigned char c = *r->p++;
    v |= (uint64_t)(c & 0x7f) << s;
    if (!(c & 0x80)) return v;
  }
  r->bad = 1;
  return 0;
}

int64_t yl_shard_get_sv(yl_shard_rd *r) {
  uint64_t u = yl_shard_get_uv(r);
  return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

uint64_t yl_shard_get_u64r(yl_shard_rd *r) {
  if (r->end - r->p < 8) {
    r->bad = 1;
    r->p = r->end;
    return 0;
  }
  uint64_t v = yl_shard_get_u64(r->p);
  r->p += 8;
  return v;
}

/* A string (NULL for none); '*bad' set on a short or oversized one or no memory. */
char *yl_shard_get_str(yl_shard_rd *r, size_t *len) {
  uint64_t n = yl_shard_get_uv(r);
  if (r->bad || !n) return NULL;
  n--;
  if ((uint64_t)(r->end - r->p) < n) {
    r->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)n + 1);
  if (!s) {
    r->bad = 2;
    return NULL;
  }
  memcpy(s, r->p, (size_t)n);
  s[n] = '\0';
  r->p += n;
  if (len) *len = (size_t)n;
  return s;
}

