/* Fuzz target: the token filter. Byte 0 picks min_chars (bits 0-1) and keep_numbers
 * (bit 2); the rest is "stop words (newline separated) 0x1E token 0x1F token ...".
 * Checks: no key ever overflows YL_FILTER_KEY_CAP, a key is valid UTF-8 and
 * NUL-terminated, a kept key filters to itself (folding is idempotent), a tight buffer
 * is never overrun, and a normalised kept token becomes a stop word once added. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "yuliao/filter.h"
#include "yuliao/norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), &c);
    if (k <= 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

static void check_token(const yl_filter *f, yl_filter *f2, const char *tok, size_t len) {
  size_t cap = YL_FILTER_KEY_CAP(len);
  char *key = malloc(cap);
  if (!key) return;
  size_t kl = 0;
  yl_filter_reason r = yl_filter_token(f, NULL, tok, len, key, cap, &kl);
  if (r == YL_FILTER_LONG) abort();
  if (r == YL_FILTER_KEEP || r == YL_FILTER_SHORT || r == YL_FILTER_STOP) {
    if (kl >= cap || key[kl] != '\0' || !valid_utf8(key, kl)) abort();
  } else if (kl != 0) {
    abort();
  }
  if (r == YL_FILTER_KEEP) {
    char *key2 = malloc(YL_FILTER_KEY_CAP(kl));
    size_t kl2 = 0;
    if (key2) {
      if (yl_filter_token(f, NULL, key, kl, key2, YL_FILTER_KEY_CAP(kl), &kl2) != YL_FILTER_KEEP ||
          kl2 != kl || memcmp(key, key2, kl) != 0)
        abort();
      free(key2);
    }
  }
  /* A buffer of exactly the key's size minus one must give LONG, not an overrun. */
  if (kl > 0) {
    char *tight = malloc(kl);
    size_t tl = 0;
    if (tight && yl_filter_token(f, NULL, tok, len, tight, kl, &tl) != YL_FILTER_LONG) abort();
    free(tight);
  }
  /* Normalised text that is kept becomes a stop word once added to a set (stop words
   * are normalised again when added, so only where normalising twice changes nothing:
   * NFKC of Arabic presentation forms such as U+FC62 yields a leading space that a
   * second pass trims). */
  char *norm = NULL, *norm2 = NULL;
  size_t nl = 0, nl2 = 0;
  if (f2 && yl_norm_text(tok, len, &norm, &nl, NULL) == YL_OK &&
      yl_norm_text(norm, nl, &norm2, &nl2, NULL) == YL_OK && nl2 == nl &&
      memcmp(norm, norm2, nl) == 0) {
    char *k3 = malloc(YL_FILTER_KEY_CAP(nl));
    size_t kl3 = 0;
    if (k3 && yl_filter_token(f2, NULL, norm, nl, k3, YL_FILTER_KEY_CAP(nl), &kl3) ==
                  YL_FILTER_KEEP) {
      yl_filter_stops *s = NULL;
      if (yl_filter_stops_new(&s) == YL_OK && yl_filter_stops_add(s, norm, nl) == YL_OK &&
          yl_filter_token(f2, s, norm, nl, k3, YL_FILTER_KEY_CAP(nl), &kl3) != YL_FILTER_STOP)
        abort();
      yl_filter_stops_free(s);
    }
    free(k3);
  }
  yl_free(norm);
  yl_free(norm2);
  free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  yl_filter_config cfg;
  yl_filter_config_init(&cfg);
  cfg.min_chars = data[0] & 3;
  cfg.keep_numbers = (data[0] >> 2) & 1;
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  yl_filter *f = NULL, *f2 = NULL;
  if (yl_filter_new(&cfg, &f) != YL_OK) return 0;
  if (yl_filter_new(&cfg, &f2) != YL_OK) {
    yl_filter_free(f);
    return 0;
  }
  const char *sep = memchr(s, 0x1E, n);
  size_t stop_len = sep ? (size_t)(sep - s) : 0;
  /* Invalid stop words are refused with YL_ERR_UTF8; that is fine here. */
  (void)yl_filter_stops_add_list(yl_filter_stopset(f), s, stop_len, '\n');
  const char *t = sep ? sep + 1 : s;
  const char *end = s + n;
  while (t <= end) {
    const char *e = memchr(t, 0x1F, (size_t)(end - t));
    if (!e) e = end;
    check_token(f, f2, t, (size_t)(e - t));
    t = e + 1;
  }
  yl_filter_free(f);
  yl_filter_free(f2);
  return 0;
}
