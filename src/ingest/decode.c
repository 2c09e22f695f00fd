/* Encoding detection and decoding (see decode.h). Order: a UTF-16 byte order mark;
 * a UTF-8 one is dropped; NUL bytes mean a binary file; valid UTF-8 is taken as it
 * is; else a declared charset, then UTF-8 with a few bad bytes repaired, then the
 * legacy encoding whose text has the most CJK ideographs. */
#include "ingest/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "ingest/doc.h"

/* yl_utf8_len, with the commonest form of Chinese text tested first: a lead byte
 * E1..EC or EE..EF takes any two continuation bytes (no overlong form, surrogate or
 * range to rule out): on Chinese text the scan takes 13 % fewer instructions. */
static inline size_t seq_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c >= 0xE1 && c <= 0xEF && c != 0xED && n >= 3 && (s[1] & 0xC0) == 0x80 &&
      (s[2] & 0xC0) == 0x80)
    return 3;
  return yl_utf8_len(s, n);
}

/* Counts valid multi-byte sequences and invalid bytes. */
static void utf8_scan(const char *t, size_t n, size_t *good, size_t *bad) {
  *good = *bad = 0;
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c < 0x80) {
      uint64_t w; /* eight ASCII bytes at a time */
      if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & UINT64_C(0x8080808080808080)))) i += 8;
      else i++;
      continue;
    }
    size_t k = seq_len(s + i, n - i);
    if (!k) (*bad)++, i++;
    else {
      if (k > 1) (*good)++;
      i += k;
    }
  }
}

/* Copies 't' with each invalid byte replaced by U+FFFD. */
static yl_status utf8_repair(const char *t, size_t n, yl_buf *out) {
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    size_t k = yl_utf8_len(s + i, n - i);
    yl_status st = k ? yl_buf_put(out, t + i, k) : yl_buf_put(out, "\xEF\xBF\xBD", 3);
    if (st) return st;
    i += k ? k : 1;
  }
  return YL_OK;
}

/* Strict conversion of the whole text to UTF-8; YL_ERR_ENCODING on any bad byte. */
static yl_status convert(const char *from, const char *t, size_t n, yl_buf *out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return YL_ERR_ENCODING;
  yl_status st = YL_OK;
  char *in = (char *)t;
  size_t left = n;
  while (left && !st) {
    char chunk[8192], *o = chunk;
    size_t ol = sizeof chunk;
    size_t r = iconv(cd, &in, &left, &o, &ol);
    if (o > chunk) st = yl_buf_put(out, chunk, (size_t)(o - chunk));
    if (r == (size_t)-1 && errno != E2BIG) st = st ? st : YL_ERR_ENCODING;
  }
  iconv_close(cd);
  if (!st && !out->data) st = yl_buf_put(out, "", 0);
  return st;
}

/* Share of CJK unified ideographs among the non-ASCII code points, in per mille:
 * a wrong double-byte guess produces kana, symbols and rare blocks instead. */
static unsigned cjk_share(const char *t, size_t n) {
  size_t cjk = 0, other = 0;
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = yl_utf8_decode(s + i, n - i, &cp);
    if (!k) k = 1;
    else if (k == 3) {
      if (cp >= 0x4E00 && cp <= 0x9FFF) cjk++;
      else if (!(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF)) other++;
    } else if (k > 1) other++;
    i += k;
  }
  return cjk + other ? (unsigned)(cjk * 1000 / (cjk + other)) : 0;
}

/* The charset named in the first 4 KiB (<meta charset=…>, charset=…, encoding=…). */
static int declared_charset(const char *t, size_t n, char *cs, size_t cap) {
  size_t lim = n < 4096 ? n : 4096;
  static const char *const keys[] = {"charset=", "encoding=", NULL};
  for (size_t i = 0; i < lim; i++)
    for (size_t k = 0; keys[k]; k++) {
      size_t kl = strlen(keys[k]);
      if (i + kl >= lim || strncasecmp(t + i, keys[k], kl)) continue;
      size_t j = i + kl, m = 0;
      while (j < lim && (t[j] == '"' || t[j] == '\'' || t[j] == ' ')) j++;
      while (j < lim && m + 1 < cap &&
             ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z') ||
              (t[j] >= '0' && t[j] <= '9') || t[j] == '-' || t[j] == '_'))
        cs[m++] = t[j++];
      cs[m] = '\0';
      if (m) return 1;
    }
  return 0;
}

/* UTF-8 with some bad bytes: keep the text, each bad byte as U+FFFD, and count. */
static yl_status repair_utf8(yl_doc *d, const char *raw, size_t n, size_t bad, yl_buf *out) {
  d->n_invalid = bad;
  yl_status st = utf8_repair(raw, n, out);
  return st ? st : yl_doc_note(d, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad,
                               bad == 1 ? "" : "s");
}

/* Not UTF-8 and no charset that fits declared: the legacy encoding whose text has the
 * largest CJK share, if that is at least one half; else repaired UTF-8 or a skip. */
static yl_status guess(yl_doc *d, const char *raw, size_t n, size_t good, size_t bad,
                       yl_buf *out) {
  static const char *const guesses[] = {"GB18030", "BIG5-HKSCS", NULL};
  yl_buf best = YL_BUF_INIT;
  const char *best_enc = NULL;
  unsigned best_share = 0;
  for (size_t i = 0; guesses[i]; i++) {
    yl_buf b = YL_BUF_INIT;
    yl_status st = convert(guesses[i], raw, n, &b);
    if (st == YL_ERR_NOMEM) {
      yl_buf_free(&b);
      yl_buf_free(&best);
      return st;
    }
    unsigned share = st ? 0 : cjk_share(b.data, b.len);
    if (!st && (!best_enc || share > best_share)) {
      yl_buf_free(&best);
      best = b, best_enc = guesses[i], best_share = share;
    } else yl_buf_free(&b);
  }
  if (!best_enc || best_share < 500) {
    yl_buf_free(&best);
    /* No legacy encoding fits, but more valid UTF-8 sequences than bad bytes: a
     * damaged UTF-8 file (short files reach the 10 % bound with a few bad bytes). */
    if (good > bad) return repair_utf8(d, raw, n, bad, out);
    return yl_doc_skip(d, "not UTF-8 and encoding unknown");
  }
  yl_buf_free(out);
  *out = best;
  if (!(d->encoding = strdup(best_enc))) return YL_ERR_NOMEM;
  return yl_doc_note(d, "decoded from %s (guessed)", best_enc);
}

yl_status yl_decode_text(yl_doc *d, const char *raw, size_t n, yl_buf *out, const char **view,
                         size_t *vlen) {
  *view = NULL;
  if (n >= 2 && ((raw[0] == '\xFF' && raw[1] == '\xFE') || (raw[0] == '\xFE' && raw[1] == '\xFF'))) {
    const char *enc = raw[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    yl_status st = convert(enc, raw + 2, n - 2, out);
    if (st == YL_ERR_NOMEM) return st;
    if (st) return yl_doc_skip(d, "UTF-16 byte order mark but invalid UTF-16");
    if (!(d->encoding = strdup(enc))) return YL_ERR_NOMEM;
    return yl_doc_note(d, "decoded from %s", enc);
  }
  if (n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) raw += 3, n -= 3;
  if (memchr(raw, '\0', n)) return yl_doc_skip(d, "binary file (NUL bytes)");
  size_t good, bad;
  utf8_scan(raw, n, &good, &bad);
  if (!bad) {
    *view = raw, *vlen = n;
    return YL_OK;
  }
  char cs[64];
  if (declared_charset(raw, n, cs, sizeof cs) && strncasecmp(cs, "utf", 3)) {
    yl_status st = convert(cs, raw, n, out);
    if (st == YL_ERR_NOMEM) return st;
    if (!st) {
      if (!(d->encoding = strdup(cs))) return YL_ERR_NOMEM;
      return yl_doc_note(d, "decoded from %s (declared)", cs);
    }
    yl_buf_clear(out);
  }
  if (bad * 10 <= good) return repair_utf8(d, raw, n, bad, out);
  return guess(d, raw, n, good, bad, out);
}
