/* The bytes of a shard (internal; the layout is in pipeline/shard.h): little-endian
 * fixed-width fields, LEB128 varints and length-prefixed strings, each written and read
 * byte by byte so that the file is the same on any host, and the checksum of a
 * section. Depends on base/buf.h only (tests/support/shard_be.c builds it for a
 * big-endian machine). */
#ifndef YL_PIPELINE_SHARDIO_H
#define YL_PIPELINE_SHARDIO_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The checksum of a byte stream given in pieces of any size. */
typedef struct yl_shard_ck {
  uint64_t h, n;
  unsigned char t[8];
  unsigned nt;
} yl_shard_ck;
void yl_shard_ck_init(yl_shard_ck *c);
void yl_shard_ck_add(yl_shard_ck *c, const void *data, size_t len);
uint64_t yl_shard_ck_end(const yl_shard_ck *c);
uint64_t yl_shard_checksum(const void *data, size_t len);

/* Little-endian fixed-width fields and varints, the same bytes on any host. */
void yl_shard_put_u32(unsigned char out[4], uint32_t v);
void yl_shard_put_u64(unsigned char out[8], uint64_t v);
uint32_t yl_shard_get_u32(const unsigned char in[4]);
uint64_t yl_shard_get_u64(const unsigned char in[8]);

/* Appending to a buffer: a varint, a zigzag varint, a u64, 'len' bytes with their
 * length, a string (NULL: none). */
void yl_shard_put_uv(yl_buf *b, uint64_t v);
void yl_shard_put_sv(yl_buf *b, int64_t v);
void yl_shard_put_u64b(yl_buf *b, uint64_t v);
void yl_shard_put_bytes(yl_buf *b, const char *s, size_t len);
void yl_shard_put_str(yl_buf *b, const char *s);

/* A reader of one section in memory: 'bad' becomes 1 once a field did not fit, 2 when
 * memory ran out. */
typedef struct yl_shard_rd {
  const unsigned char *p, *end;
  int bad;
} yl_shard_rd;
uint64_t yl_shard_get_uv(yl_shard_rd *r);
int64_t yl_shard_get_sv(yl_shard_rd *r);
uint64_t yl_shard_get_u64r(yl_shard_rd *r);
/* A new string (NULL for none or on failure), its length in '*len' (may be NULL). */
char *yl_shard_get_str(yl_shard_rd *r, size_t *len);

#endif
