/* Text normalisation: NFKC for letters and digits, NFC for the rest, white space
 * collapsed, controls removed, invalid UTF-8 replaced (rules in norm.h). */
#include "yuliao/norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Growable array of code points. */
typedef struct cpvec {
  utf8proc_int32_t *v;
  size_t n, cap;
} cpvec;

static int cp_reserve(cpvec *a, size_t extra) {
  if (a->n + extra <= a->cap) return 0;
  size_t cap = a->cap ? a->cap : 256;
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

static int wants_compat(utf8proc_int32_t c, utf8proc_category_t cat) {
  if (c >= 0x2F00 && c <= 0x2FDF) return 1; /* Kangxi radicals: stand-ins for Han */
  switch (cat) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return 1;
  default:
    return 0;
  }
}

yl_status yl_norm_text(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *n_invalid) {
  *out = NULL;
  if (out_len) *out_len = 0;
  cpvec a = {0};
  size_t bad = 0;
  int pending_space = 0;
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0) {
      /* skip one byte of the bad sequence: each maximal bad prefix byte counts once */
      c = 0xFFFD;
      n = 1;
      bad++;
    }
    i += (size_t)n;
    utf8proc_category_t cat = utf8proc_category(c);
    if (is_space(c, cat)) {
      pending_space = a.n > 0;
      continue;
    }
    if (cat == UTF8PROC_CATEGORY_CC || c == 0xFEFF || c == 0x200B) continue;
    /* Decompose into a small buffer first: a compatibility form may itself expand to
     * spaces (e.g. Arabic ligatures U+FC5E–U+FC63 start with U+0020), which must be
     * collapsed like any other space so that normalising twice changes nothing. */
    utf8proc_int32_t dec[32];
    int last = 0;
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (wants_compat(c, cat) ? UTF8PROC_COMPAT : 0);
    utf8proc_ssize_t k = utf8proc_decompose_char(c, dec, 32, opt, &last);
    if (k < 0 || k > 32) { /* cannot happen (longest decomposition is 18) */
      dec[0] = c;
      k = 1;
    }
    for (utf8proc_ssize_t j = 0; j < k; j++) {
      utf8proc_int32_t d = dec[j];
      utf8proc_category_t dcat = utf8proc_category(d);
      if (is_space(d, dcat)) {
        pending_space = a.n > 0;
        continue;
      }
      if (dcat == UTF8PROC_CATEGORY_CC) continue;
      if (cp_reserve(&a, 2)) goto nomem;
      if (pending_space) {
        a.v[a.n++] = ' ';
        pending_space = 0;
      }
      a.v[a.n++] = d;
    }
  }
  if (cp_reserve(&a, 1)) goto nomem;
  /* Canonical ordering of combining marks (per-character decomposition does not
   * reorder across characters), as NFC requires. */
  for (size_t k = 1; k < a.n; k++) {
    for (size_t j = k; j > 0; j--) {
      int cj = utf8proc_get_property(a.v[j])->combining_class;
      int cp = utf8proc_get_property(a.v[j - 1])->combining_class;
      if (!cj || cp <= cj) break;
      utf8proc_int32_t t = a.v[j];
      a.v[j] = a.v[j - 1];
      a.v[j - 1] = t;
    }
  }
  /* Compose and encode back to UTF-8 in place: utf8proc_reencode writes at most
   * 4 bytes per code point plus a NUL into the same buffer. */
  utf8proc_ssize_t bytes =
      utf8proc_reencode(a.v, (utf8proc_ssize_t)a.n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (bytes < 0) goto nomem;
  char *res = (char *)a.v;
  *out = res;
  if (out_len) *out_len = (size_t)bytes;
  if (n_invalid) *n_invalid += bad;
  return YL_OK;
nomem:
  free(a.v);
  return YL_ERR_NOMEM;
}
