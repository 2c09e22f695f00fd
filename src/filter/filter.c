/* Token filter: punctuation, number, length and stop-word rules, and the case-folded
 * counting key (rules in include/yuliao/filter.h, rationale in docs/filter.md). */
#include "yuliao/filter.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/lines.h"
#include "yuliao/norm.h"
#include "yuliao/vocab.h"

/* ---- stop sets: a vocabulary (the library's string table) of folded keys ---------- */

struct yl_filter_stops {
  yl_vocab *keys;
};

yl_status yl_filter_stops_new(yl_filter_stops **out) {
  yl_filter_stops *s = calloc(1, sizeof *s);
  if (!s) return YL_ERR_NOMEM;
  if (yl_vocab_new(&s->keys)) {
    free(s);
    return YL_ERR_NOMEM;
  }
  *out = s;
  return YL_OK;
}

void yl_filter_stops_free(yl_filter_stops *s) {
  if (!s) return;
  yl_vocab_free(s->keys);
  free(s);
}

size_t yl_filter_stops_count(const yl_filter_stops *s) { return s ? yl_vocab_size(s->keys) : 0; }

const char *yl_filter_stops_key(const yl_filter_stops *s, size_t i, size_t *len) {
  return yl_vocab_term(s->keys, (uint32_t)i, len);
}

int yl_filter_stops_has(const yl_filter_stops *s, const char *key, size_t len) {
  uint32_t id;
  return s && yl_vocab_size(s->keys) && yl_vocab_find(s->keys, key, len, &id) == YL_OK;
}

/* Inserts a key (already folded) unless present. */
static yl_status insert_key(yl_filter_stops *s, const char *key, size_t len) {
  uint32_t id;
  return yl_vocab_intern(s->keys, key, len, &id);
}

/* ---- the key ---------------------------------------------------------------------- */

/* Writes the case-folded form of 'len' bytes at 's' to 'out' ('cap' bytes, NUL added).
 * Returns the key's length, or SIZE_MAX when it does not fit. */
static size_t fold_key(const char *s, size_t len, char *out, size_t cap) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0, o = 0;
  while (i < len) {
    unsigned char b = p[i];
    if (b < 0x80) {
      if (o + 2 > cap) return SIZE_MAX;
      out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
      i++;
      continue;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0) {
      c = 0xFFFD; /* one invalid byte → one replacement character */
      n = 1;
    }
    i += (size_t)n;
    utf8proc_int32_t folded[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(c, folded, 8, UTF8PROC_CASEFOLD, &last);
    if (k < 0 || k > 8) { /* cannot happen for a valid code point; keep it as it is */
      folded[0] = c;
      k = 1;
    }
    for (utf8proc_ssize_t j = 0; j < k; j++) {
      utf8proc_uint8_t enc[4];
      size_t el = (size_t)utf8proc_encode_char(folded[j], enc);
      if (o + el + 1 > cap) return SIZE_MAX; /* exact: a key may fill the buffer */
      memcpy(out + o, enc, el);
      o += el;
    }
  }
  if (o + 1 > cap) return SIZE_MAX;
  out[o] = '\0';
  return o;
}

/* ---- stop words from text --------------------------------------------------------- */

static int utf8_valid(const char *s, size_t len) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0) return 0;
    i += (size_t)n;
  }
  return 1;
}

yl_status yl_filter_stops_add(yl_filter_stops *s, const char *word, size_t len) {
  if (!utf8_valid(word, len)) return YL_ERR_UTF8;
  /* The same normalisation as the article text, so a full-width or decomposed stop
   * word matches the token the segmenter will produce. */
  char *norm = NULL;
  size_t nlen = 0;
  yl_status st = yl_norm_text(word, len, &norm, &nlen, NULL);
  if (st) return st;
  if (nlen > 0) {
    size_t cap = YL_FILTER_KEY_CAP(nlen);
    char *key = malloc(cap);
    if (!key) {
      st = YL_ERR_NOMEM;
    } else {
      size_t klen = fold_key(norm, nlen, key, cap);
      st = klen == SIZE_MAX ? YL_ERR_LIMIT : insert_key(s, key, klen);
      free(key);
    }
  }
  yl_free(norm);
  return st;
}

yl_status yl_filter_stops_add_list(yl_filter_stops *s, const char *list, size_t len, char sep) {
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || list[i] == sep) {
      yl_status st = yl_filter_stops_add(s, list + start, i - start);
      if (st) return st;
      start = i + 1;
    }
  }
  return YL_OK;
}

/* The message of a stop-word file that cannot be read. */
#define STOPS_WHAT "cannot load stop words"
#define STOP_MAX 1024 /* bytes of one stop word: longer lines are no word list */

/* yl_filter_stops_load, with 'err' not cleared (the folder loader's record). */
static yl_status stops_load(yl_filter_stops *s, const char *path, yl_error *err) {
  yl_buf b = YL_BUF_INIT;
  yl_status st = yl_read_file(path, &b);
  if (st == YL_ERR_IO && errno == EINVAL) /* a FIFO among the stop lists: refused */
    yl_error_set(err, st, path, 0, 0, STOPS_WHAT ": not a regular file");
  else if (st) yl_error_cause(err, st, path, 0, errno, STOPS_WHAT);
  /* UTF-16 without its byte order mark, or a binary: named by its first NUL's line */
  const char *nul = st || !b.len ? NULL : memchr(b.data, 0, b.len);
  if (nul) {
    size_t line = 1;
    for (const char *p = b.data; p < nul; p++) line += *p == '\n';
    st = yl_error_first(err, YL_ERR_PARSE, path, line, 0,
                        "a NUL byte: UTF-16 or a binary file, not a UTF-8 word list");
  }
  yl_lines it;
  yl_lines_init(&it, b.data, b.len);
  const char *d;
  size_t n;
  while (!st && yl_lines_next(&it, &d, &n)) {
    size_t a = 0, z = n;
    while (a < z && (d[a] == ' ' || d[a] == '\t')) a++;
    while (z > a && (d[z - 1] == '\r' || d[z - 1] == ' ' || d[z - 1] == '\t')) z--;
    if (a >= z || d[a] == '#') continue;
    /* A UTF-16 file without its byte order mark, a binary or a text given by mistake
     * would load as a few odd "words": refused, naming the line. */
    size_t c = a;
    while (c < z && ((unsigned char)d[c] >= 0x20 || d[c] == '\t') && d[c] != 0x7F) c++;
    if (c < z && d[c] == '\r') {
      st = yl_error_first(err, YL_ERR_PARSE, path, it.lineno, 0,
                          "a carriage return inside a line: save the list with LF or CRLF line ends");
    } else if (c < z) {
      st = yl_error_first(err, YL_ERR_PARSE, path, it.lineno, 0,
                          "control character U+%04X in a stop word",
                          (unsigned)(unsigned char)d[c]);
    } else if (z - a > STOP_MAX) {
      st = yl_error_first(err, YL_ERR_PARSE, path, it.lineno, 0,
                          "a stop word of %zu bytes (at most %d): one word a line", z - a,
                          STOP_MAX);
    } else {
      st = yl_filter_stops_add(s, d + a, z - a);
      if (st == YL_ERR_UTF8) yl_error_first(err, st, path, it.lineno, 0, "not valid UTF-8");
      else if (st) yl_error_cause(err, st, path, 0, 0, STOPS_WHAT);
    }
  }
  int saved = errno;
  yl_buf_free(&b);
  errno = saved;
  return st;
}

yl_status yl_filter_stops_load(yl_filter_stops *s, const char *path, yl_error *err) {
  yl_error_clear(err);
  return stops_load(s, path, err);
}

/* ---- the filter ------------------------------------------------------------------- */

struct yl_filter {
  yl_filter_config cfg;
  yl_filter_stops *stops;
};

void yl_filter_config_init(yl_filter_config *cfg) {
  cfg->min_chars = 2;
  cfg->keep_numbers = 0;
}

yl_status yl_filter_new(const yl_filter_config *cfg, yl_filter **out) {
  *out = NULL;
  yl_filter *f = calloc(1, sizeof *f);
  if (!f) return YL_ERR_NOMEM;
  if (cfg) f->cfg = *cfg;
  else yl_filter_config_init(&f->cfg);
  if (yl_filter_stops_new(&f->stops)) {
    free(f);
    return YL_ERR_NOMEM;
  }
  *out = f;
  return YL_OK;
}

void yl_filter_free(yl_filter *f) {
  if (!f) return;
  yl_filter_stops_free(f->stops);
  free(f);
}

const yl_filter_config *yl_filter_get_config(const yl_filter *f) { return &f->cfg; }

yl_filter_stops *yl_filter_stopset(yl_filter *f) { return f->stops; }

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

yl_status yl_filter_load_stopword_dir(yl_filter *f, const char *dir, size_t *n_files,
                                      yl_error *err) {
  if (n_files) *n_files = 0;
  yl_error_clear(err);
  DIR *dp = opendir(dir);
  if (!dp)
    return yl_error_set(err, YL_ERR_NOTFOUND, dir, 0, errno, STOPS_WHAT ": %s",
                        yl_strerror(YL_ERR_NOTFOUND));
  char **names = NULL;
  size_t n = 0, cap = 0;
  yl_status st = YL_OK;
  struct dirent *de;
  while ((de = readdir(dp)) != NULL) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0) continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 8;
      char **p = realloc(names, nc * sizeof *p);
      if (!p) {
        st = YL_ERR_NOMEM;
        break;
      }
      names = p;
      cap = nc;
    }
    if (!(names[n] = strdup(de->d_name))) {
      st = YL_ERR_NOMEM;
      break;
    }
    n++;
  }
  closedir(dp);
  if (!st && n > 1) qsort(names, n, sizeof *names, by_name);
  yl_buf path = YL_BUF_INIT;
  for (size_t i = 0; i < n && !st; i++) {
    yl_buf_clear(&path);
    if ((st = yl_buf_printf(&path, "%s/%s", dir, names[i]))) break;
    st = stops_load(f->stops, path.data, err);
    if (!st && n_files) (*n_files)++;
  }
  yl_buf_free(&path);
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return yl_error_cause(err, st, dir, 0, 0, STOPS_WHAT); /* out of memory while listing */
}

/* What a code point contributes to the token's class. */
enum {
  K_SPACE, /* white space */
  K_OTHER, /* punctuation, symbol, control, mark: no word content */
  K_SIGN,  /* a sign that may sit inside a number */
  K_NUM,   /* N* */
  K_LETTER /* L* */
};

static int ascii_kind(unsigned char b) {
  if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') return K_LETTER;
  if (b >= '0' && b <= '9') return K_NUM;
  if (b == ' ' || (b >= '\t' && b <= '\r')) return K_SPACE;
  switch (b) {
  case '.': case ',': case '%': case '/': case ':': case '+': case '-':
    return K_SIGN;
  default:
    return K_OTHER;
  }
}

static int other_kind(utf8proc_int32_t c) {
  switch (c) {
  case 0x2030: /* ‰ */
  case 0x2212: /* − minus sign */
  case 0xFF05: case 0xFF0B: case 0xFF0C: case 0xFF0D: case 0xFF0E: case 0xFF0F:
  case 0xFF1A: /* full-width % + , - . / : (normalisation keeps these full-width) */
    return K_SIGN;
  case 0x85:
    return K_SPACE;
  default:
    break;
  }
  switch (utf8proc_category(c)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    return K_LETTER;
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return K_NUM;
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return K_SPACE;
  default:
    return K_OTHER;
  }
}

yl_filter_reason yl_filter_token(const yl_filter *f, const yl_filter_stops *extra,
                                 const char *s, size_t len, char *keybuf, size_t cap,
                                 size_t *keylen) {
  *keylen = 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t ncp = 0, i = 0;
  int seen[5] = {0};
  int needs_fold = 0;
  while (i < len) {
    unsigned char b = p[i];
    int k;
    if (b < 0x80) {
      k = ascii_kind(b);
      if (b >= 'A' && b <= 'Z') needs_fold = 1;
      i++;
    } else if (b >= 0xE3 && b <= 0xE9 && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
               (p[i + 2] & 0xC0) == 0x80 &&
               ((b == 0xE3 && p[i + 1] >= 0x90) || b > 0xE3) &&
               !(b == 0xE4 && p[i + 1] == 0xB7)) {
      /* Fast path: U+3400..U+4DBF and U+4E00..U+9FFF are all Han letters (Lo) that
       * never fold. E3 90..E3 BF covers U+3400..U+3FFF; E4 B7 is U+4DC0..U+4DFF
       * (Yijing symbols), the one gap, left to the general path. */
      k = K_LETTER;
      i += 3;
    } else {
      utf8proc_int32_t c;
      utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
      if (n < 0) {
        k = K_OTHER; /* a stray byte: becomes U+FFFD, a symbol */
        n = 1;
      } else {
        k = other_kind(c);
      }
      if (k != K_SPACE) needs_fold = 1; /* any non-ASCII, non-Han character may fold */
      i += (size_t)n;
    }
    seen[k] = 1;
    ncp++;
  }
  if (!seen[K_OTHER] && !seen[K_SIGN] && !seen[K_NUM] && !seen[K_LETTER])
    return YL_FILTER_SPACE;
  if (!seen[K_NUM] && !seen[K_LETTER]) return YL_FILTER_PUNCT;
  if (!seen[K_LETTER] && !seen[K_OTHER] && !f->cfg.keep_numbers) return YL_FILTER_NUMBER;

  size_t klen;
  if (needs_fold) {
    klen = fold_key(s, len, keybuf, cap);
    if (klen == SIZE_MAX) return YL_FILTER_LONG;
  } else {
    if (len + 1 > cap) return YL_FILTER_LONG;
    memcpy(keybuf, s, len);
    keybuf[len] = '\0';
    klen = len;
  }
  *keylen = klen;
  if (ncp < f->cfg.min_chars) return YL_FILTER_SHORT;
  if (yl_filter_stops_has(f->stops, keybuf, klen) || yl_filter_stops_has(extra, keybuf, klen))
    return YL_FILTER_STOP;
  return YL_FILTER_KEEP;
}

const char *yl_filter_reason_name(yl_filter_reason r) {
  static const char *const names[YL_FILTER_NREASONS] = {"keep",  "space", "punct", "number",
                                                        "short", "stop",  "long"};
  return (unsigned)r < YL_FILTER_NREASONS ? names[r] : "?";
}
