/* A fixed (unseeded by design: output never depends on it) 64-bit string hash, shared
 * by the vocabulary and duplicate detection: 8 bytes per multiply-xorshift round, so
 * long texts hash several times faster than byte-wise FNV. 'seed' chains calls: the
 * hash of a sequence of strings is each one's hash fed to the next as seed (each call
 * mixes in the length, so "ab"+"c" and "a"+"bc" differ). */
#ifndef YL_HASH_H
#define YL_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t yl_hash_bytes(uint64_t seed, const void *data, size_t len) {
  uint64_t h = seed ^ UINT64_C(0x243F6A8885A308D3) ^ (len * UINT64_C(0x9E3779B97F4A7C15));
  const unsigned char *p = (const unsigned char *)data;
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * UINT64_C(0xBF58476D1CE4E5B9);
    h ^= h >> 31;
    p += 8;
    len -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < len; i++) w |= (uint64_t)p[i] << (8 * i);
  h = (h ^ w) * UINT64_C(0x94D049BB133111EB);
  h ^= h >> 29;
  h *= UINT64_C(0xBF58476D1CE4E5B9);
  h ^= h >> 32;
  return h;
}

#endif
