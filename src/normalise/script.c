/* Traditional-only scan and OpenCC conversion (see yuliao/script.h). */
#include "yuliao/script.h"

#include <opencc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/lines.h"
#include "base/u64map.h"
#include "base/utf8.h"

#ifndef YL_OPENCC_VERSION
#define YL_OPENCC_VERSION "unknown"
#endif

/* The ideographs the table covers: Extension A, the Unified Ideographs, the
 * Compatibility Ideographs (all in the BMP). */
static const uint32_t ranges[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}};
#define NRANGES (sizeof ranges / sizeof *ranges)
#define TABLE_BITS 0x10000u

/* OpenCC's converter is not documented as thread safe, so each is used under its own
 * lock; threads that find every one busy open another (about 20 ms), up to MAX_CC. */
#define MAX_CC 8

struct yl_script {
  opencc_t cc[MAX_CC];
  pthread_mutex_t mu[MAX_CC];
  atomic_int n_cc;     /* converters opened (cc[0] by yl_script_open) */
  pthread_mutex_t grow; /* held while one more is opened */
  char config[256];
  uint64_t trad[TABLE_BITS / 64]; /* bit per BMP code point: Traditional-only */
  uint32_t *map;  /* BMP code point -> the one character OpenCC gives for it alone (0:
                     itself), or NULL when one gave several */
  /* the fast path (yl_script_use_phrases): phrases sorted by bytes, so those of one
   * first character are one run; starts: first code point -> run (start << 32 | n) */
  int fast;
  char **pkey, **pval;
  size_t *pklen, *pvlen, nphr;
  yl_u64map starts;
};

static int is_han(uint32_t c) {
  for (size_t r = 0; r < NRANGES; r++)
    if (c >= ranges[r][0] && c <= ranges[r][1]) return 1;
  return c >= 0x20000 && c <= 0x3134F; /* the supplementary ideographs: Han, never flagged */
}

const char *yl_script_opencc_version(void) { return YL_OPENCC_VERSION; }

const char *yl_script_mode_name(yl_script_mode m) {
  return m == YL_SCRIPT_SIMPLIFIED ? "simplified" : m == YL_SCRIPT_KEEP ? "keep" : NULL;
}
const char *yl_script_config(const yl_script *s) { return s->config; }

/* Every ideograph of the table on a line of its own, converted in one call: a
 * character whose line comes back different is Traditional-only. Lines keep OpenCC's
 * phrase matching from joining neighbours. */
static yl_status build_table(yl_script *s) {
  size_t n = 0;
  for (size_t r = 0; r < NRANGES; r++) n += ranges[r][1] - ranges[r][0] + 1;
  char *in = malloc(n * 4 + 1), *p = in;
  if (!in) return YL_ERR_NOMEM;
  for (size_t r = 0; r < NRANGES; r++)
    for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
      p += yl_utf8_encode(c, (unsigned char *)p);
      *p++ = '\n';
    }
  char *outs = opencc_convert_utf8(s->cc[0], in, (size_t)(p - in));
  free(in);
  if (!outs) return YL_ERR_ENCODING;
  const char *q = outs;
  s->map = calloc(TABLE_BITS, sizeof *s->map);
  if (!s->map) {
    opencc_convert_utf8_free(outs);
    return YL_ERR_NOMEM;
  }
  for (size_t r = 0; r < NRANGES; r++)
    for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
      const char *e = strchr(q, '\n');
      if (!e) { /* OpenCC changed the line structure: no more to learn */
        opencc_convert_utf8_free(outs);
        return YL_OK;
      }
      uint32_t d;
      size_t k = yl_utf8_decode((const unsigned char *)q, (size_t)(e - q), &d);
      if (!(k && k == (size_t)(e - q) && d == c)) s->trad[c >> 6] |= (uint64_t)1 << (c & 63);
      if (k && k == (size_t)(e - q) && d != c && s->map) s->map[c] = d;
      else if (!(k && k == (size_t)(e - q)) && s->map) free(s->map), s->map = NULL; /* one to several */
      q = e + 1;
    }
  opencc_convert_utf8_free(outs);
  return YL_OK;
}

yl_status yl_script_open(const char *config, yl_script **out, yl_error *err) {
  *out = NULL;
  yl_script *s = calloc(1, sizeof *s);
  if (!s) return yl_error_set(err, YL_ERR_NOMEM, config, 0, 0, "out of memory");
  size_t len = strlen(config);
  int has_ext = len > 5 && !strcmp(config + len - 5, ".json");
  if (len + 6 > sizeof s->config) {
    free(s);
    return yl_error_set(err, YL_ERR_INVALID, config, 0, 0, "OpenCC configuration name too long");
  }
  memcpy(s->config, config, len + 1);
  if (!has_ext && !strchr(config, '/')) memcpy(s->config + len, ".json", 6);
  s->cc[0] = opencc_open(s->config);
  if (s->cc[0] == (opencc_t)-1 || !s->cc[0]) {
    const char *why = opencc_error();
    yl_status st = yl_error_set(err, YL_ERR_NOTFOUND, s->config, 0, 0,
                                "OpenCC cannot open this configuration: %s", why ? why : "?");
    free(s);
    return st;
  }
  for (int i = 0; i < MAX_CC; i++) pthread_mutex_init(&s->mu[i], NULL);
  pthread_mutex_init(&s->grow, NULL);
  atomic_init(&s->n_cc, 1);
  s->starts = (yl_u64map)YL_U64MAP_INIT;
  yl_status st = build_table(s);
  if (st) {
    yl_script_free(s);
    return yl_error_set(err, st, config, 0, 0, "OpenCC conversion failed");
  }
  *out = s;
  return YL_OK;
}

void yl_script_free(yl_script *s) {
  if (!s) return;
  free(s->map);
  for (size_t i = 0; i < s->nphr; i++) free(s->pkey[i]), free(s->pval[i]);
  free(s->pkey);
  free(s->pval);
  free(s->pklen);
  free(s->pvlen);
  yl_u64map_free(&s->starts);
  for (int i = 0; i < atomic_load(&s->n_cc); i++) opencc_close(s->cc[i]);
  for (int i = 0; i < MAX_CC; i++) pthread_mutex_destroy(&s->mu[i]);
  pthread_mutex_destroy(&s->grow);
  free(s);
}

/* A converter this thread holds the lock of: a free one, else a new one, else the
 * first (waiting for it). */
static int take(yl_script *s) {
  int n = atomic_load(&s->n_cc);
  for (int i = 0; i < n; i++)
    if (pthread_mutex_trylock(&s->mu[i]) == 0) return i;
  pthread_mutex_lock(&s->grow);
  n = atomic_load(&s->n_cc);
  if (n < MAX_CC) {
    opencc_t cc = opencc_open(s->config);
    if (cc && cc != (opencc_t)-1) {
      s->cc[n] = cc;
      pthread_mutex_lock(&s->mu[n]);
      atomic_store(&s->n_cc, n + 1);
      pthread_mutex_unlock(&s->grow);
      return n;
    }
  }
  pthread_mutex_unlock(&s->grow);
  pthread_mutex_lock(&s->mu[0]);
  return 0;
}

void yl_script_scan(const yl_script *s, const char *text, size_t len, size_t *han,
                    size_t *trad) {
  const unsigned char *u = (const unsigned char *)text;
  size_t h = 0, t = 0;
  for (size_t i = 0; i < len;) {
    if (u[i] < 0xE3) { /* ASCII, Latin, Greek …: below the first ideograph's lead byte */
      i++;
      continue;
    }
    uint32_t c;
    size_t k = yl_utf8_decode(u + i, len - i, &c);
    if (!k) {
      i++;
      continue;
    }
    i += k;
    if (!is_han(c)) continue;
    h++;
    if (c < TABLE_BITS && (s->trad[c >> 6] >> (c & 63) & 1)) t++;
  }
  if (han) *han = h;
  if (trad) *trad = t;
}


yl_status yl_script_use_phrases(yl_script *s, const char *phrases, const char *opencc_dir,
                                int *on) {
  if (on) *on = 0;
  if (strcmp(s->config, "t2s.json") || !s->map || s->fast) return YL_OK;
  FILE *f = yl_fopen_regular(phrases);
  if (!f) return YL_OK;
  char line[1024];
  uint64_t want_n = 0, want_h = 0;
  yl_status st = YL_OK;
  size_t cap = 0;
  while (!st && fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (line[0] == '#') {
      unsigned long long v;
      if (sscanf(line, "# source-bytes %llu", &v) == 1) want_n = v;
      if (sscanf(line, "# source-fnv1a64 %llx", &v) == 1) want_h = v;
      continue;
    }
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || !tab[1]) continue;
    if (s->nphr == cap) {
      size_t nc = cap ? 2 * cap : 512;
      char **a = realloc(s->pkey, nc * sizeof *a), **b = a ? realloc(s->pval, nc * sizeof *b) : NULL;
      if (a) s->pkey = a;
      if (b) s->pval = b;
      size_t *c = b ? realloc(s->pklen, nc * sizeof *c) : NULL, *d = c ? realloc(s->pvlen, nc * sizeof *d) : NULL;
      if (c) s->pklen = c;
      if (d) s->pvlen = d;
      if (!a || !b || !c || !d) {
        st = YL_ERR_NOMEM;
        break;
      }
      cap = nc;
    }
    s->pkey[s->nphr] = strndup(line, (size_t)(tab - line));
    s->pval[s->nphr] = strdup(tab + 1);
    if (!s->pkey[s->nphr] || !s->pval[s->nphr]) {
      free(s->pkey[s->nphr]);
      free(s->pval[s->nphr]);
      st = YL_ERR_NOMEM;
      break;
    }
    s->pklen[s->nphr] = (size_t)(tab - line);
    s->pvlen[s->nphr] = strlen(tab + 1);
    s->nphr++;
  }
  fclose(f);
  if (st) return st;
  /* the installed OpenCC must hold exactly the phrases this table came from */
  char path[4096];
  snprintf(path, sizeof path, "%s/TSPhrases.ocd2", opencc_dir ? opencc_dir : "/usr/share/opencc");
  uint64_t h = 0, n = 0;
  if (!s->nphr || yl_file_fnv1a64(path, &h, &n) || n != want_n || h != want_h) return YL_OK;
  /* runs of one first character (the file is sorted by bytes) */
  for (size_t i = 0; !st && i < s->nphr;) {
    uint32_t c;
    size_t k = yl_utf8_decode((const unsigned char *)s->pkey[i], s->pklen[i], &c);
    if (!k) return YL_OK; /* a damaged table: no fast path */
    size_t j = i + 1;
    while (j < s->nphr && s->pklen[j] >= k && !memcmp(s->pkey[j], s->pkey[i], k)) j++;
    if (yl_u64map_get(&s->starts, c)) return YL_OK; /* not sorted: no fast path */
    st = yl_u64map_add(&s->starts, c, (uint64_t)i << 32 | (j - i));
    i = j;
  }
  if (st) return st;
  s->fast = 1;
  if (on) *on = 1;
  return YL_OK;
}

/* OpenCC's t2s without OpenCC: the longest phrase at each place, else the character's
 * own conversion. */
static yl_status fast_convert(const yl_script *s, const char *text, size_t len, char **out,
                              size_t *out_len) {
  yl_buf b = YL_BUF_INIT;
  yl_status st = yl_buf_reserve(&b, len + 1);
  const unsigned char *u = (const unsigned char *)text;
  for (size_t i = 0; !st && i < len;) {
    uint32_t c;
    size_t k = u[i] < 0x80 ? (c = u[i], 1) : yl_utf8_decode(u + i, len - i, &c);
    if (!k) { /* not UTF-8: as it is */
      st = yl_buf_put(&b, text + i, 1);
      i++;
      continue;
    }
    uint64_t run = c >= 0x80 ? yl_u64map_get(&s->starts, c) : 0;
    size_t best = SIZE_MAX, blen = 0;
    for (size_t p = run >> 32, e = p + (run & UINT32_MAX); run && p < e; p++)
      if (s->pklen[p] > blen && s->pklen[p] <= len - i && !memcmp(s->pkey[p], text + i, s->pklen[p]))
        best = p, blen = s->pklen[p];
    if (best != SIZE_MAX) {
      st = yl_buf_put(&b, s->pval[best], s->pvlen[best]);
      i += blen;
      continue;
    }
    if (c < TABLE_BITS && s->map[c]) {
      unsigned char e[4];
      st = yl_buf_put(&b, (const char *)e, yl_utf8_encode(s->map[c], e));
    } else {
      st = yl_buf_put(&b, text + i, k);
    }
    i += k;
  }
  if (!st) st = yl_buf_putc(&b, '\0');
  if (st || b.failed) {
    yl_buf_free(&b);
    return YL_ERR_NOMEM;
  }
  *out = b.data;
  *out_len = b.len - 1;
  return YL_OK;
}

yl_status yl_script_convert(yl_script *s, const char *text, size_t len, char **out,
                            size_t *out_len) {
  *out = NULL;
  if (s->fast) return fast_convert(s, text, len, out, out_len);
  int i = take(s);
  char *r = opencc_convert_utf8(s->cc[i], text, len);
  pthread_mutex_unlock(&s->mu[i]);
  if (!r) return YL_ERR_ENCODING;
  size_t n = strlen(r);
  char *copy = malloc(n + 1); /* ours, released with yl_free like every library string */
  if (copy) memcpy(copy, r, n + 1);
  opencc_convert_utf8_free(r);
  if (!copy) return YL_ERR_NOMEM;
  *out = copy;
  *out_len = n;
  return YL_OK;
}

const char *yl_script_class(size_t han, size_t trad) {
  if (!han) return "none";
  double share = (double)trad / (double)han;
  return share < 0.01 ? "simplified" : share >= 0.1 ? "traditional" : "mixed";
}
