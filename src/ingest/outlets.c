/* Outlet table: URL host (and path prefix) → outlet id, name, self-names. */
#include "yuliao/outlets.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/lines.h"

typedef struct entry {
  char *host;  /* lower-case host suffix */
  char *path;  /* path prefix starting with '/', or "" */
  char *key;   /* host and path, for messages */
  size_t key_len;
  yl_outlet o; /* id, name, self_names point into 'strings' */
  char *strings;
} entry;

struct yl_outlets {
  entry *v;
  size_t n, cap;
};

yl_status yl_outlets_new(yl_outlets **out) {
  *out = calloc(1, sizeof **out);
  return *out ? YL_OK : YL_ERR_NOMEM;
}

static void entry_free(entry *e) {
  free(e->host);
  free(e->key);
  free(e->path);
  free((void *)e->o.self_names);
  free((void *)e->o.house_terms);
  free((void *)e->o.labels);
  free((void *)e->o.words);
  free(e->strings);
}

void yl_outlets_free(yl_outlets *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) entry_free(&t->v[i]);
  free(t->v);
  free(t);
}

/* Splits 'line' (modified in place) at tabs into at most 'max' fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == '\t') *p = '\0', f[n++] = p + 1;
  return n;
}

static char *trimmed(char *s) {
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) s[--n] = '\0';
  return s;
}

static yl_status add_line(void *obj, char *line, const char *name, size_t lineno,
                          yl_error *err) {
  yl_outlets *t = obj;
  line = trimmed(line); /* a line of spaces, or "  # note", is skipped too */
  if (!*line || *line == '#') return YL_OK;
  char *f[6];
  size_t nf = split_tabs(line, f, 6);
  if (nf < 3 || nf > 5) return yl_line_error(err, name, lineno, "expected 3 to 5 tab-separated fields");
  for (size_t i = 0; i < nf; i++) f[i] = trimmed(f[i]);
  if (!*f[0] || !*f[1] || !*f[2]) return yl_line_error(err, name, lineno, "empty host, id or name");
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    entry *v = realloc(t->v, cap * sizeof *v);
    if (!v) return YL_ERR_NOMEM;
    t->v = v, t->cap = cap;
  }
  entry e = {0};
  char *key = f[0];
  if (!strncmp(key, "https://", 8)) key += 8;
  else if (!strncmp(key, "http://", 7)) key += 7;
  char *slash = strchr(key, '/');
  size_t hl = slash ? (size_t)(slash - key) : strlen(key);
  e.host = strndup(key, hl);
  e.path = strdup(slash ? slash : "");
  if (e.host)
    for (char *p = e.host; *p; p++) *p = (char)tolower((unsigned char)*p);
  if (e.path && *e.path) { /* "/zhongwen/" and "/zhongwen" mean the same prefix */
    size_t pl = strlen(e.path);
    if (pl > 1 && e.path[pl - 1] == '/') e.path[pl - 1] = '\0';
  }
  e.key_len = hl + (e.path ? strlen(e.path) : 0);
  if (e.host && e.path && (e.key = malloc(e.key_len + 1)))
    snprintf(e.key, e.key_len + 1, "%s%s", e.host, e.path);
  /* strings: id \0 name \0 self-names \0 house, the lists cut at '|' into \0 */
  const char *selfs = nf >= 4 ? f[3] : "", *house = nf == 5 ? f[4] : "";
  size_t need = strlen(f[1]) + strlen(f[2]) + strlen(selfs) + strlen(house) + 4;
  e.strings = malloc(need);
  size_t nself = 0, nhouse = 0;
  for (const char *p = selfs; *p; p++) nself += *p == '|';
  for (const char *p = house; *p; p++) nhouse += *p == '|';
  e.o.self_names = calloc(nself + 2, sizeof(char *));
  e.o.house_terms = calloc(nhouse + 2, sizeof(char *));
  e.o.labels = calloc(nhouse + 2, sizeof(char *));
  e.o.words = calloc(nhouse + 2, sizeof(char *));
  if (!e.host || !e.path || !e.key || !e.strings || !e.o.self_names || !e.o.house_terms ||
      !e.o.labels || !e.o.words) {
    entry_free(&e);
    return YL_ERR_NOMEM;
  }
  char *s = e.strings;
  e.o.id = strcpy(s, f[1]);
  s += strlen(f[1]) + 1;
  e.o.name = strcpy(s, f[2]);
  s += strlen(f[2]) + 1;
  strcpy(s, selfs);
  const char **sv = (const char **)e.o.self_names;
  for (char *tok = s; tok;) {
    char *bar = strchr(tok, '|');
    if (bar) *bar = '\0';
    char *w = trimmed(tok);
    if (*w) sv[e.o.n_self_names++] = w;
    tok = bar ? bar + 1 : NULL;
  }
  s += strlen(selfs) + 1;
  strcpy(s, house);
  const char **hv = (const char **)e.o.house_terms, **lv = (const char **)e.o.labels,
             **wv = (const char **)e.o.words;
  for (char *tok = s; tok;) {
    char *bar = strchr(tok, '|');
    if (bar) *bar = '\0';
    char *w = trimmed(tok);
    size_t wl = strlen(w);
    /* a label ends with a colon, ASCII or full-width (U+FF1A: EF BC 9A) */
    int label = (wl && w[wl - 1] == ':') || (wl >= 3 && !memcmp(w + wl - 3, "\xEF\xBC\x9A", 3));
    if (*w == '+') { /* a longer word that is not the outlet: 日经平均指数 */
      w = trimmed(w + 1);
      if (*w) wv[e.o.n_words++] = w;
    } else if (*w && label && wl > (w[wl - 1] == ':' ? 1u : 3u)) lv[e.o.n_labels++] = w;
    else if (*w && !label) hv[e.o.n_house_terms++] = w;
    tok = bar ? bar + 1 : NULL;
  }
  t->v[t->n++] = e;
  return YL_OK;
}

yl_status yl_outlets_load_text(yl_outlets *t, const char *text, size_t len, const char *name,
                               yl_error *err) {
  return yl_lines_load_text(text, len, name, err, add_line, t);
}

yl_status yl_outlets_load(yl_outlets *t, const char *path, yl_error *err) {
  return yl_lines_load_file(path, err, add_line, t);
}

/* Host slice of 'url': after "scheme://" (if any), up to '/', '?', '#', ':'. */
static const char *host_of(const char *url, size_t *hl, const char **rest) {
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  if (!strncmp(p, "//", 2)) p += 2;
  const char *at = NULL;
  for (const char *q = p; *q && *q != '/' && *q != '?' && *q != '#'; q++)
    if (*q == '@') at = q;
  if (at) p = at + 1;
  size_t n = 0;
  if (*p == '[') { /* an IPv6 literal: the host is the bracketed address */
    while (p[n] && p[n] != ']' && p[n] != '/' && p[n] != '?' && p[n] != '#') n++;
    if (p[n] == ']') n++;
  } else {
    while (p[n] && p[n] != '/' && p[n] != '?' && p[n] != '#' && p[n] != ':') n++;
  }
  const char *r = p + n;
  while (*r && *r != '/' && *r != '?' && *r != '#') r++;
  /* a fully qualified name's final dot (www.dw.com.) names the same host */
  if (n > 1 && p[n - 1] == '.') n--;
  *hl = n;
  *rest = r;
  return p;
}

char *yl_outlets_host(const char *url) {
  size_t hl;
  const char *rest;
  const char *h = host_of(url, &hl, &rest);
  if (hl >= 4 && !strncasecmp(h, "www.", 4)) h += 4, hl -= 4;
  if (!hl) return NULL;
  char *s = strndup(h, hl);
  if (s)
    for (char *p = s; *p; p++) *p = (char)tolower((unsigned char)*p);
  return s;
}

const yl_outlet *yl_outlets_match(const yl_outlets *t, const char *url) {
  size_t hl;
  const char *rest;
  const char *h = host_of(url, &hl, &rest);
  if (!hl) return NULL;
  const entry *best = NULL;
  for (size_t i = 0; i < t->n; i++) {
    const entry *e = &t->v[i];
    size_t el = strlen(e->host);
    if (el > hl || strncasecmp(h + hl - el, e->host, el) != 0) continue;
    if (el < hl && h[hl - el - 1] != '.') continue;
    size_t pl = strlen(e->path);
    if (pl && (strncmp(rest, e->path, pl) != 0 ||
               (rest[pl] && rest[pl] != '/' && rest[pl] != '?' && rest[pl] != '#')))
      continue;
    if (!best || e->key_len >= best->key_len) best = e;
  }
  return best ? &best->o : NULL;
}

/* The registrable part of host 'h' ('n' bytes), as an offset into it: the last two
 * labels, or three when the second level is short under a two-letter country code
 * (com.tw, co.uk, com.sg). A guess without the public suffix list, used for a note. */
static size_t domain_start(const char *h, size_t n) {
  size_t dots[3] = {0}, nd = 0; /* positions after the last three dots, nearest first */
  for (size_t i = n; i-- > 0 && nd < 3;)
    if (h[i] == '.') dots[nd++] = i + 1;
  if (nd < 2) return 0;
  size_t tld = n - dots[0], second = dots[0] - 1 - dots[1];
  if (tld == 2 && second <= 3) return nd == 3 ? dots[2] : 0;
  return dots[1];
}

const yl_outlet *yl_outlets_kin(const yl_outlets *t, const char *url, const char **key) {
  size_t hl;
  const char *rest;
  const char *h = host_of(url, &hl, &rest);
  if (hl >= 4 && !strncasecmp(h, "www.", 4)) h += 4, hl -= 4;
  if (!hl || *h == '[') return NULL;
  size_t ds = domain_start(h, hl);
  const entry *same = NULL, *kin = NULL;
  for (size_t i = 0; i < t->n; i++) {
    const entry *e = &t->v[i];
    size_t el = strlen(e->host);
    if (el == hl && !strncasecmp(e->host, h, hl)) same = e;
    size_t eds = domain_start(e->host, el);
    if (el - eds == hl - ds && !strncasecmp(e->host + eds, h + ds, hl - ds)) kin = e;
  }
  const entry *e = same ? same : kin;
  if (e) *key = e->key;
  return e ? &e->o : NULL;
}

const yl_outlet *yl_outlets_by_id(const yl_outlets *t, const char *id) {
  const yl_outlet *r = NULL;
  for (size_t i = 0; i < t->n; i++)
    if (!strcmp(t->v[i].o.id, id)) r = &t->v[i].o;
  return r;
}

size_t yl_outlets_count(const yl_outlets *t) { return t->n; }

const yl_outlet *yl_outlets_at(const yl_outlets *t, size_t i) {
  return i < t->n ? &t->v[i].o : NULL;
}
