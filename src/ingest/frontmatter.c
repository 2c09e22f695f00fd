/* Front matter, archive stamp and link line of Markdown articles (see frontmatter.h). */
#include "ingest/frontmatter.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"

/* The line at 'pos': its content (without CR/LF) and the offset after it. */
static size_t line_at(const char *t, size_t len, size_t pos, size_t *clen) {
  size_t e = pos;
  while (e < len && t[e] != '\n') e++;
  size_t c = e;
  if (c > pos && t[c - 1] == '\r') c--;
  *clen = c - pos;
  return e < len ? e + 1 : e;
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t') return 0;
  return 1;
}

/* The four hex digits at v[at..at+3] of a quoted value of 'n' bytes (the closing quote
 * not included) into '*cp'; 0 when there are fewer. */
static int hex4(const char *v, size_t n, size_t at, unsigned *cp) {
  unsigned r = 0;
  for (size_t k = 0; k < 4; k++) {
    if (at + k + 1 >= n) return 0;
    char h = v[at + k];
    int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
            : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (d < 0) return 0;
    r = r * 16 + (unsigned)d;
  }
  *cp = r;
  return 1;
}

/* Decodes a scalar value (quoted or plain) into a new string. */
static char *scalar(const char *v, size_t n) {
  while (n && (*v == ' ' || *v == '\t')) v++, n--;
  while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
  yl_buf b = YL_BUF_INIT;
  /* the value never grows (quotes go, escapes shrink), so after this no put below
   * allocates and none can fail */
  if (yl_buf_reserve(&b, n)) return NULL;
  if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
    for (size_t i = 1; i + 1 < n; i++) {
      char c = v[i];
      if (c != '\\' || i + 2 >= n) {
        yl_buf_putc(&b, c);
        continue;
      }
      c = v[++i];
      switch (c) {
        case 'n': yl_buf_putc(&b, '\n'); break;
        case 't': yl_buf_putc(&b, '\t'); break;
        case 'u': {
          unsigned cp, lo;
          if (!hex4(v, n, i + 1, &cp)) {
            yl_buf_puts(&b, "\\u");
            break;
          }
          i += 4;
          /* JSON writes a character above U+FFFF as a high and a low surrogate escape */
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < n && v[i + 1] == '\\' &&
              v[i + 2] == 'u' && hex4(v, n, i + 3, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
          /* a lone surrogate half is no character; U+0000 would end the C string and
           * cut the value there (and &#0; is U+FFFD too, in meta.c and in HTML) */
          if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) cp = 0xFFFD;
          unsigned char u[4];
          yl_buf_put(&b, u, yl_utf8_encode(cp, u));
          break;
        }
        default: yl_buf_putc(&b, c); /* \" \\ \/ and unknown escapes: the character */
      }
    }
  } else if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'') {
    for (size_t i = 1; i + 1 < n; i++) {
      yl_buf_putc(&b, v[i]);
      if (v[i] == '\'' && i + 2 < n && v[i + 1] == '\'') i++;
    }
  } else {
    yl_buf_put(&b, v, n);
  }
  size_t l;
  char *s = yl_buf_detach(&b, &l);
  return s;
}

void yl_fm_clear(yl_fm *fm) {
  if (!fm) return;
  free(fm->title);
  free(fm->date);
  free(fm->author);
  free(fm->url);
  memset(fm, 0, sizeof *fm);
}

static int key_is(const char *k, size_t n, const char *w) {
  return strlen(w) == n && strncasecmp(k, w, n) == 0;
}

yl_status yl_fm_parse(const char *t, size_t len, yl_fm *fm, size_t *end) {
  memset(fm, 0, sizeof *fm);
  size_t cl, pos = line_at(t, len, 0, &cl);
  if (cl < 3 || memcmp(t, "---", 3) != 0 || !is_blank(t + 3, cl - 3)) return YL_ERR_NOTFOUND;
  char *url_alt = NULL;
  while (pos < len) {
    size_t start = pos;
    pos = line_at(t, len, pos, &cl);
    const char *l = t + start;
    if ((cl >= 3 && (memcmp(l, "---", 3) == 0 || memcmp(l, "...", 3) == 0)) &&
        is_blank(l + 3, cl - 3)) {
      if (!fm->url) fm->url = url_alt, url_alt = NULL;
      free(url_alt);
      *end = pos;
      return YL_OK;
    }
    const char *colon = memchr(l, ':', cl);
    if (!colon || l[0] == ' ' || l[0] == '#') continue;
    size_t kn = (size_t)(colon - l);
    while (kn && l[kn - 1] == ' ') kn--;
    const char *v = colon + 1;
    size_t vn = cl - (size_t)(v - l);
    char **slot = NULL;
    if (key_is(l, kn, "title")) slot = &fm->title;
    else if (key_is(l, kn, "date")) slot = &fm->date;
    else if (key_is(l, kn, "author")) slot = &fm->author;
    else if (key_is(l, kn, "from")) slot = &fm->url;
    else if (key_is(l, kn, "url") || key_is(l, kn, "link") || key_is(l, kn, "source"))
      slot = &url_alt;
    if (!slot || *slot) continue; /* first occurrence wins */
    *slot = scalar(v, vn);
    if (!*slot) {
      free(url_alt);
      yl_fm_clear(fm);
      return YL_ERR_NOMEM;
    }
    if (!**slot) free(*slot), *slot = NULL; /* "key:" with no value counts as missing */
  }
  free(url_alt);
  yl_fm_clear(fm);
  return YL_ERR_PARSE;
}

/* Skips blank lines from '*pos'; returns the next line's content. */
static const char *next_line(const char *t, size_t len, size_t *pos, size_t *cl, size_t *after) {
  size_t p = *pos;
  for (;;) {
    if (p >= len) return NULL;
    size_t a = line_at(t, len, p, cl);
    if (!is_blank(t + p, *cl)) {
      *after = a;
      *pos = p;
      return t + p;
    }
    p = a;
  }
}

/* 1990-01-01 and 2100-01-01 UTC in epoch milliseconds: an archiver saved the page on
 * the web, so before 1990 is no save time; a 10-digit stamp in seconds lands in 1970
 * and is caught here too. A fixed bound, not the clock: the same file gives the same
 * row on every run. */
#define STAMP_MIN 631152000000LL
#define STAMP_END 4102444800000LL

int yl_fm_stamp(const char *t, size_t len, size_t *pos, int64_t *ms) {
  size_t p = *pos, cl, after;
  const char *l = next_line(t, len, &p, &cl, &after);
  while (l && cl && (l[cl - 1] == ' ' || l[cl - 1] == '\t')) cl--;
  if (!l || cl < 8 || memcmp(l, "<!--", 4) != 0 || memcmp(l + cl - 3, "-->", 3) != 0) return 0;
  int64_t v = 0;
  for (size_t i = 4; i < cl - 3; i++) {
    if (l[i] < '0' || l[i] > '9') return 0;
    if (v < STAMP_END) v = v * 10 + (l[i] - '0'); /* past the end it stays past it */
  }
  *pos = after; /* a stamp line either way: the link line after it is still read */
  if (v < STAMP_MIN || v >= STAMP_END) return 2;
  *ms = v;
  return 1;
}

int yl_fm_linkline(const char *t, size_t len, size_t *pos, const char **title,
                   size_t *title_len, const char **url, size_t *url_len) {
  size_t p = *pos, cl, after;
  const char *l = next_line(t, len, &p, &cl, &after);
  while (l && cl && (l[cl - 1] == ' ' || l[cl - 1] == '\t')) cl--;
  if (!l || cl < 4 || l[0] != '[' || l[cl - 1] != ')') return 0;
  size_t mid = 0;
  for (size_t i = 1; i + 1 < cl; i++)
    if (l[i] == ']' && l[i + 1] == '(') mid = i;
  if (!mid) return 0;
  *title = l + 1;
  *title_len = mid - 1;
  *url = l + mid + 2;
  *url_len = cl - 1 - (mid + 2);
  *pos = after;
  return 1;
}

int yl_fm_rule(const char *t, size_t len, size_t *pos) {
  size_t p = *pos, cl, after;
  const char *l = next_line(t, len, &p, &cl, &after);
  while (l && cl && (l[cl - 1] == ' ' || l[cl - 1] == '\t')) cl--;
  if (!l || cl < 3) return 0;
  for (size_t i = 0; i < cl; i++)
    if (l[i] != l[0] || (l[0] != '-' && l[0] != '=')) return 0;
  *pos = after;
  return 1;
}
