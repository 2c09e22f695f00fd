/* UTF-8 decoding and encoding (internal): the one decoder every stage uses.
 *
 * Strict, as Python's 'utf-8' codec and utf8proc: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no cut sequences. Inline because it sits
 * on the hot path of ingest, normalisation and segmentation. */
#ifndef YL_UTF8_H
#define YL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at 's' ('n' ≥ 1 bytes left) into '*cp' and returns its length
 * (1..4), or 0 when the bytes there are not well-formed UTF-8 ('*cp' is then unset). */
static inline size_t yl_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
    *cp = (c & 0x1Fu) << 6 | (s[1] & 0x3Fu);
    return 2;
  }
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) return 0;
    *cp = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
      return 0;
    if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) return 0;
    *cp = (c & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
    return 4;
  }
  return 0;
}

/* Length of the well-formed character at 's' (1..4), or 0, as yl_utf8_decode. */
static inline size_t yl_utf8_len(const unsigned char *s, size_t n) {
  uint32_t cp;
  return yl_utf8_decode(s, n, &cp);
}

/* Characters in 'n' bytes of valid UTF-8 (every byte that is not a continuation byte
 * starts one). */
static inline size_t yl_utf8_count(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Writes the UTF-8 form of 'cp' (≤ U+10FFFF, not a surrogate: the caller's check) into
 * 'out' and returns its length (1..4). */
static inline size_t yl_utf8_encode(uint32_t cp, unsigned char out[4]) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | cp >> 6);
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | cp >> 12);
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | cp >> 18);
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

#endif
