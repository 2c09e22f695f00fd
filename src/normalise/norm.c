/* Text normalisation: NFKC for letters and digits, NFC for the rest, white space
 * collapsed, controls removed, invalid UTF-8 replaced (rules in norm.h).
 *
 * Speed: Chinese news text is mostly Han, ASCII and CJK punctuation, none of which
 * changes under these rules, so such "plain" characters are copied as bytes; only runs
 * of other characters go through utf8proc (decompose, reorder, compose). An ASCII
 * character just before such a run joins it, since it may compose with a following
 * mark (e + U+0301 → é, = + U+0338 → ≠); Han and CJK punctuation never compose. */
#include "yuliao/norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "normalise/radicals.h"

/* Growable array of code points. */
typedef struct cpvec {
  utf8proc_int32_t *v;
  size_t n, cap;
} cpvec;

static int cp_reserve(cpvec *a, size_t extra) {
  if (a->n + extra <= a->cap) return 0;
  size_t cap = a->cap ? a->cap : 64;
  while (cap < a->n + extra) cap *= 2;
  utf8proc_int32_t *p = realloc(a->v, cap * sizeof *p);
  if (!p) return -1;
  a->v = p;
  a->cap = cap;
  return 0;
}

static int is_space(utf8proc_int32_t c, utf8proc_category_t cat) {
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
         cat == UTF8PROC_CATEGORY_ZP || c == '\t' || c == '\n' || c == '\r' || c == 0x0B ||
         c == 0x0C || c == 0x85;
}

static int wants_compat(utf8proc_category_t cat) {
  switch (cat) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return 1;
  default:
    return 0;
  }
}

/* Characters left unchanged by every rule, with combining class 0 and no canonical
 * composition as a second character: printable ASCII, CJK ideographs (basic block and
 * extension A), CJK punctuation U+3001–U+3029 and U+3030–U+3037, general punctuation
 * U+2010–U+2027, the middle dot, and the full-width punctuation of U+FF01–U+FF64
 * (but not the full-width letters and digits, which fold). The unit test compares
 * this fast path with utf8proc on every one of them. */
static int is_plain(utf8proc_int32_t c) {
  if (c < 0x80) return c > 0x20 && c < 0x7F;
  if (c >= 0x4E00 && c <= 0x9FFF) return 1;
  if (c >= 0x3400 && c <= 0x4DBF) return 1;
  if (c >= 0x3001 && c <= 0x3037) return c < 0x302A || c > 0x302F;
  if (c >= 0x2010 && c <= 0x2027) return 1;
  if (c == 0xB7) return 1;
  if (c >= 0xFF01 && c <= 0xFF64)
    return !((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
             (c >= 0xFF41 && c <= 0xFF5A));
  return 0;
}

/* yl_utf8_decode with utf8proc's code point type. */
static inline size_t decode(const unsigned char *s, size_t n, utf8proc_int32_t *cp) {
  uint32_t c = 0;
  size_t k = yl_utf8_decode(s, n, &c);
  *cp = (utf8proc_int32_t)c;
  return k;
}

/* End of the run of plain characters starting at byte i. Printable ASCII and the
 * 3-byte forms of U+4E00..U+9FFF (E4 B8 80 … E9 BF BF, every continuation valid) are
 * recognised from their bytes; anything else is decoded and asked is_plain. */
static size_t plain_run(const unsigned char *s, size_t i, size_t len) {
  while (i < len) {
    unsigned char b = s[i];
    if (b > 0x20 && b < 0x7F) {
      i++;
      continue;
    }
    if (b >= 0xE4 && b <= 0xE9 && len - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80 && (b > 0xE4 || s[i + 1] >= 0xB8)) {
      i += 3;
      continue;
    }
    utf8proc_int32_t d;
    size_t m = decode(s + i, len - i, &d);
    if (!m || !is_plain(d)) break;
    i += m;
  }
  return i;
}

/* Normalises the pending run of code points (canonical order, then composition) and
 * appends it as UTF-8 to 'out'. */
static yl_status flush_run(cpvec *run, yl_buf *out) {
  if (!run->n) return YL_OK;
  for (size_t k = 1; k < run->n; k++) {
    for (size_t j = k; j > 0; j--) {
      int cj = utf8proc_get_property(run->v[j])->combining_class;
      int cp = utf8proc_get_property(run->v[j - 1])->combining_class;
      if (!cj || cp <= cj) break;
      utf8proc_int32_t t = run->v[j];
      run->v[j] = run->v[j - 1];
      run->v[j - 1] = t;
    }
  }
  if (cp_reserve(run, 1)) return YL_ERR_NOMEM;
  /* utf8proc_reencode writes at most 4 bytes per code point plus a NUL in place */
  utf8proc_ssize_t bytes =
      utf8proc_reencode(run->v, (utf8proc_ssize_t)run->n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  run->n = 0;
  if (bytes < 0) return YL_ERR_NOMEM;
  return yl_buf_put(out, run->v, (size_t)bytes);
}

/* Appends one code point of the slow path to the run, emitting a pending space first
 * and pulling a preceding ASCII character into a new run (it may compose). */
static yl_status run_add(cpvec *run, yl_buf *out, int *pending_space, utf8proc_int32_t d) {
  if (cp_reserve(run, 2)) return YL_ERR_NOMEM;
  if (*pending_space) {
    yl_status st = flush_run(run, out);
    if (!st) st = yl_buf_putc(out, ' ');
    if (st) return st;
    *pending_space = 0;
  } else if (!run->n && out->len && (unsigned char)out->data[out->len - 1] < 0x80 &&
             out->data[out->len - 1] != ' ') {
    run->v[run->n++] = (unsigned char)out->data[--out->len];
  }
  run->v[run->n++] = d;
  return YL_OK;
}

yl_status yl_norm_text(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *n_invalid) {
  *out = NULL;
  if (out_len) *out_len = 0;
  yl_buf o = YL_BUF_INIT;
  cpvec run = {0};
  size_t bad = 0;
  int pending_space = 0;
  yl_status st = yl_buf_reserve(&o, len);
  const unsigned char *s = (const unsigned char *)in;
  size_t i = 0;
  while (i < len && !st) {
    utf8proc_int32_t c;
    size_t n = decode(s + i, len - i, &c);
    if (n == 0) { /* each byte of a malformed sequence becomes one U+FFFD */
      c = 0xFFFD;
      n = 1;
      bad++;
    } else if (is_plain(c)) {
      if (run.n) st = flush_run(&run, &o);
      if (!st && pending_space) st = yl_buf_putc(&o, ' ');
      pending_space = 0;
      /* Copy the whole run of plain characters at once. */
      size_t j = plain_run(s, i + n, len);
      if (!st) st = yl_buf_put(&o, s + i, j - i);
      i = j;
      continue;
    }
    i += n;
    /* A CJK radical or stroke used as a character (⻓ for 长 in a real VOA quote)
     * is the ideograph it stands for (Unicode's EquivalentUnifiedIdeograph): NFKC
     * folds the Kangxi radicals (to the same ideographs) but almost none of the
     * CJK Radicals Supplement, which holds the simplified forms. */
    utf8proc_int32_t ri = (utf8proc_int32_t)yl_radical_ideograph((uint32_t)c);
    if (ri) {
      if (run.n) st = flush_run(&run, &o);
      if (!st && pending_space) st = yl_buf_putc(&o, ' ');
      pending_space = 0;
      unsigned char u8[4];
      if (!st) st = yl_buf_put(&o, u8, (size_t)utf8proc_encode_char(ri, u8));
      continue;
    }
    utf8proc_category_t cat = utf8proc_category(c);
    if (is_space(c, cat)) {
      pending_space = o.len > 0 || run.n > 0;
      continue;
    }
    if (cat == UTF8PROC_CATEGORY_CC || c == 0xFEFF || c == 0x200B) continue;
    /* A compatibility form may itself expand to spaces (Arabic ligatures U+FC5E–FC63
     * start with U+0020): those collapse like any other space, so that normalising
     * twice changes nothing. */
    utf8proc_int32_t dec[32];
    int last = 0;
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (wants_compat(cat) ? UTF8PROC_COMPAT : 0);
    utf8proc_ssize_t k = utf8proc_decompose_char(c, dec, 32, opt, &last);
    if (k < 0 || k > 32) { /* cannot happen (longest decomposition is 18) */
      dec[0] = c;
      k = 1;
    }
    for (utf8proc_ssize_t j = 0; j < k && !st; j++) {
      utf8proc_int32_t d = dec[j];
      utf8proc_category_t dcat = utf8proc_category(d);
      if (is_space(d, dcat)) {
        pending_space = o.len > 0 || run.n > 0;
        continue;
      }
      if (dcat == UTF8PROC_CATEGORY_CC) continue;
      st = run_add(&run, &o, &pending_space, d);
    }
  }
  if (!st) st = flush_run(&run, &o);
  free(run.v);
  if (st) {
    yl_buf_free(&o);
    return st;
  }
  size_t n = 0;
  *out = yl_buf_detach(&o, &n);
  if (!*out) return YL_ERR_NOMEM;
  if (out_len) *out_len = n;
  if (n_invalid) *n_invalid += bad;
  return YL_OK;
}
