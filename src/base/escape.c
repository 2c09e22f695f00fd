/* The escaped form of file names (rules in include/yuliao/escape.h). */
#include "yuliao/escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/utf8.h"

/* Characters a terminal, a spreadsheet or a CSV/JSON line would act on instead of
 * show: C1 controls, bidi controls, invisible separators and format characters. */
static int hidden_char(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

/* Writes the escape (or the bytes) for the character or byte at 's' into 'tmp' and
 * returns its length; '*used' is the input bytes it stands for. */
static size_t escape_one(const unsigned char *s, size_t n, unsigned flags, char tmp[12],
                         size_t *used) {
  static const char hex[] = "0123456789ABCDEF";
  uint32_t cp = 0;
  size_t k = yl_utf8_decode(s, n, &cp);
  if (k == 0 || cp < 0x20 || cp == 0x7F) { /* a stray byte, or an ASCII control */
    *used = 1;
    tmp[0] = '\\', tmp[1] = 'x', tmp[2] = hex[s[0] >> 4], tmp[3] = hex[s[0] & 15];
    return 4;
  }
  *used = k;
  if (cp == '\\' && !(flags & YL_ESCAPE_KEEP_BACKSLASH)) {
    tmp[0] = tmp[1] = '\\';
    return 2;
  }
  if (hidden_char(cp)) {
    memcpy(tmp, "\\u{", 3);
    for (int i = 0; i < 4; i++) tmp[3 + i] = hex[(cp >> (12 - 4 * i)) & 15];
    tmp[7] = '}';
    return 8;
  }
  memcpy(tmp, s, k);
  return k;
}

int yl_escape_needed(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    char tmp[12];
    size_t used, w = escape_one(p + i, len - i, 0, tmp, &used);
    if (w != used) return 1; /* every escape is longer than what it stands for */
    i += used;
  }
  return 0;
}

size_t yl_escape_text(const char *s, size_t len, unsigned flags, char *out, size_t cap) {
  const unsigned char *p = (const unsigned char *)s;
  size_t o = 0;
  int full = 0;
  for (size_t i = 0; i < len;) {
    char tmp[12];
    size_t used, w = escape_one(p + i, len - i, flags, tmp, &used);
    if (!full && o + w < cap) memcpy(out + o, tmp, w);
    else if (!full) {
      full = 1;
      if (cap) out[o] = '\0';
    }
    o += w;
    i += used;
  }
  if (!full && cap) out[o] = '\0';
  return o;
}

size_t yl_escape_name(const char *s, size_t len, char *out, size_t cap) {
  return yl_escape_text(s, len, 0, out, cap);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

size_t yl_unescape_name(const char *s, size_t len, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    unsigned char b[4];
    size_t w = 1;
    if (s[i] != '\\') {
      b[0] = (unsigned char)s[i++];
    } else if (i + 1 < len && s[i + 1] == '\\') {
      b[0] = '\\';
      i += 2;
    } else if (i + 3 < len && s[i + 1] == 'x' && hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0) {
      b[0] = (unsigned char)(hexval(s[i + 2]) << 4 | hexval(s[i + 3]));
      i += 4;
    } else if (i + 2 < len && s[i + 1] == 'u' && s[i + 2] == '{') {
      uint32_t cp = 0;
      size_t j = i + 3, digits = 0;
      for (; j < len && hexval(s[j]) >= 0 && digits < 6; j++, digits++)
        cp = cp << 4 | (uint32_t)hexval(s[j]);
      if (j >= len || s[j] != '}' || digits == 0 || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF))
        return (size_t)-1;
      w = yl_utf8_encode(cp, b);
      i = j + 1;
    } else {
      return (size_t)-1;
    }
    if (o + w >= cap) return (size_t)-1;
    memcpy(out + o, b, w);
    o += w;
  }
  if (o >= cap) return (size_t)-1;
  out[o] = '\0';
  return o;
}

char *yl_escape_dup(const char *s) {
  size_t len = strlen(s), n = yl_escape_name(s, len, NULL, 0);
  char *d = malloc(n + 1);
  if (d) yl_escape_name(s, len, d, n + 1);
  return d;
}
