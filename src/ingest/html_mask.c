/* Masking for the HTML parser (see html_parts.h). libxml2 2.9's HTML parser handles
 * text one character at a time (decode, check, copy): on the benchmark that cost more
 * than the segmentation. Runs of non-ASCII text are most of a Chinese page and mean
 * nothing to the parser, so each long run in text position is handed to it as a
 * 6-byte stand-in: two characters U+E000 + (k >> 12), U+E000 + (k & 4095) for run k,
 * from the private use area. The stand-ins are put back wherever text is read
 * (yl_html_mask_put).
 * Why the parse is the same: libxml2 treats every character of character data alike
 * except '<', '&' and NUL, and a run has none of those; a run or its stand-in is never
 * blank, so the whitespace rules and the implied <p> fire at the same places. Where a
 * character's kind does matter (names of elements, attributes, entities; comments,
 * tags), yl_html_mask_build's scan leaves the run alone, and a check after parsing
 * (yl_html_mask_text on a tree's text nodes, yl_html_mask_chunk on text events) makes
 * sure that every stand-in came back in text exactly once: otherwise the page is
 * parsed again as it is. A page is parsed as it is when it has any byte 0xEE (a
 * private use character could be taken for a stand-in), a character reference into
 * U+E000..U+EFFF, bytes that are not valid UTF-8 (libxml2 would switch the whole page
 * to Latin-1), a character libxml2 drops from text (U+FFFE, U+FFFF), or more bytes
 * than libxml2 keeps in one text node. */
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "ingest/html_parts.h"

enum { MASK_MIN_RUN = 9, MASK_MAX_RUNS = 1u << 24 };

void yl_html_mask_free(yl_html_mask *m) {
  yl_buf_free(&m->html);
  free(m->off);
  free(m->len);
  free(m->seen);
  memset(m, 0, sizeof *m);
}

/* Bytes of the character at s when it is valid UTF-8 and libxml2 keeps it in text,
 * else 0: libxml2 drops U+FFFE and U+FFFF. */
static size_t plain_char(const unsigned char *s, size_t n) {
  uint32_t cp = 0;
  size_t k = yl_utf8_decode(s, n, &cp);
  return k && cp != 0xFFFE && cp != 0xFFFF ? k : 0;
}

/* Does a character reference ("&#...", as libxml2 reads it) name U+E000..U+EFFF? */
static int pua_charref(const char *h, size_t n) {
  for (const char *p = h, *end = h + n; (p = memchr(p, '&', (size_t)(end - p))); p++) {
    if (end - p < 3 || p[1] != '#') continue;
    const char *q = p + 2;
    int hex = *q == 'x' || *q == 'X';
    q += hex;
    unsigned long v = 0;
    for (; q < end; q++) {
      int d = *q >= '0' && *q <= '9'                   ? *q - '0'
              : hex && *q >= 'a' && *q <= 'f'           ? *q - 'a' + 10
              : hex && *q >= 'A' && *q <= 'F'           ? *q - 'A' + 10
                                                        : -1;
      if (d < 0) break;
      v = v * (hex ? 16 : 10) + (unsigned long)d;
      if (v > 0x10FFFF) break; /* libxml2 gives up on it too; no stand-in range */
    }
    if (v >= 0xE000 && v <= 0xEFFF) return 1;
  }
  return 0;
}

static yl_status mask_run(yl_html_mask *m, const char *h, size_t from, size_t at, size_t len) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    size_t *o = realloc(m->off, cap * sizeof *o);
    if (!o) return YL_ERR_NOMEM;
    m->off = o;
    size_t *l = realloc(m->len, cap * sizeof *l);
    if (!l) return YL_ERR_NOMEM;
    m->len = l, m->cap = cap;
  }
  size_t k = m->n;
  unsigned hi = (unsigned)(k >> 12), lo = (unsigned)(k & 4095);
  const char stand[6] = {(char)0xEE, (char)(0x80 | hi >> 6), (char)(0x80 | (hi & 63)),
                         (char)0xEE, (char)(0x80 | lo >> 6), (char)(0x80 | (lo & 63))};
  if (yl_buf_put(&m->html, h + from, at - from) || yl_buf_put(&m->html, stand, 6))
    return YL_ERR_NOMEM;
  m->off[k] = at, m->len[k] = len, m->n++;
  return YL_OK;
}

/* ASCII bytes the scan must look at, in text and inside a tag (and every byte >= 0x80). */
static const unsigned char text_stop[128] = {['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1,
                                             ['&'] = 1,  [';'] = 1,  ['<'] = 1,  ['>'] = 1};
static const unsigned char tag_stop[128] = {['"'] = 1, ['\''] = 1, ['>'] = 1};

static int ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static int html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* An attribute yuliao reads (html.c, html_tree.c): kept beyond the cap. */
static int read_attr(const char *a, size_t n) {
  static const char *const names[] = {"rel", "href", "property", "content"};
  for (size_t k = 0; k < 4; k++)
    if (strlen(names[k]) == n && !strncasecmp(a, names[k], n)) return 1;
  return 0;
}

int yl_html_cap_attrs(const char *h, size_t n, yl_buf *out) {
  const char *p = h, *end = h + n, *from = h;
  int rewrote = 0;
  while ((p = memchr(p, '<', (size_t)(end - p)))) {
    if (++p == end || !ascii_alpha((unsigned char)*p)) continue;
    while (p < end && !html_space(*p) && *p != '>' && *p != '/') p++; /* the name */
    size_t nattr = 0;
    for (;;) {
      while (p < end && (html_space(*p) || *p == '/')) p++;
      if (p == end || *p == '>') break;
      const char *a = p;
      while (p < end && !html_space(*p) && *p != '>' && *p != '=' && *p != '/') p++;
      size_t alen = (size_t)(p - a);
      if (p == a) p++; /* a stray '=' */
      const char *q = p;
      while (q < end && html_space(*q)) q++;
      if (q < end && *q == '=') { /* a value: quoted, or up to white space or '>' */
        for (q++; q < end && html_space(*q); q++) {}
        if (q < end && (*q == '"' || *q == '\'')) {
          const char *e = memchr(q + 1, *q, (size_t)(end - q - 1));
          q = e ? e + 1 : end;
        } else {
          while (q < end && !html_space(*q) && *q != '>') q++;
        }
        p = q;
      }
      if (++nattr > YL_HTML_MAX_ATTRS && !read_attr(a, alen)) {
        if (yl_buf_put(out, from, (size_t)(a - from))) return -1;
        from = p;
        rewrote = 1;
      }
    }
  }
  if (rewrote && yl_buf_put(out, from, (size_t)(end - from))) return -1;
  return rewrote;
}

/* Builds m->html from h, or leaves m->n at 0 when the page is to be parsed as it is.
 * A small scan of the markup: text, tag (with quoted values), comment. It only has to
 * be right where it masks; the check after parsing catches the rest. */
yl_status yl_html_mask_build(yl_html_mask *m, const char *h, size_t n, int valid) {
  const unsigned char *s = (const unsigned char *)h;
  m->orig = h;
  if (n > XML_MAX_TEXT_LENGTH || memchr(h, 0xEE, n) || pua_charref(h, n)) return YL_OK;
  if (valid) /* only U+FFFE and U+FFFF left to rule out */
    for (const char *p = h + 1; p < h + n && (p = memchr(p, 0xBF, (size_t)(h + n - p))); p++)
      if ((unsigned char)p[-1] == 0xEF && h + n - p >= 2 && (unsigned char)p[1] >= 0xBE)
        return YL_OK;
  enum { TEXT, TAG, QUOTE, COMMENT } st = TEXT;
  unsigned char quote = 0;
  int amp = 0; /* an '&' whose name may still be running (no masking: names differ) */
  size_t i = 0, from = 0;
  yl_status e = YL_OK;
  while (i < n && !e) {
    unsigned char c = s[i];
    if (c >= 0x80) {
      size_t j = i, k;
      if (valid) { /* eight bytes at a time */
        uint64_t w;
        while (n - j >= 8 && (memcpy(&w, s + j, 8), (w & UINT64_C(0x8080808080808080)) ==
                                                        UINT64_C(0x8080808080808080)))
          j += 8;
        while (j < n && s[j] >= 0x80) j++;
      } else
        while (j < n && s[j] >= 0x80) {
          if (!(k = plain_char(s + j, n - j))) goto plain;
          j += k;
        }
      if (st == TEXT && !amp && j - i >= MASK_MIN_RUN) {
        if (m->n == MASK_MAX_RUNS) goto plain;
        e = mask_run(m, h, from, i, j - i);
        from = j;
      }
      i = j;
      continue;
    }
    switch (st) {
    case TEXT:
      while (i < n && s[i] < 0x80 && !text_stop[s[i]]) i++; /* plain ASCII text */
      if (i == n || s[i] >= 0x80) continue;
      c = s[i];
      if (c == '&') amp = 1;
      else if (c != '<') amp = 0; /* ';', '>', white space: no name runs past them */
      else if (i + 1 < n) {
        amp = 0;
        if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) st = COMMENT, i += 3;
        else if (ascii_alpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')
          st = TAG;
      }
      break;
    case TAG:
      while (i < n && s[i] < 0x80 && !tag_stop[s[i]]) i++;
      if (i == n || s[i] >= 0x80) continue;
      if (s[i] == '>') st = TEXT;
      else quote = s[i], st = QUOTE;
      break;
    case QUOTE:
      while (i < n && s[i] != quote && s[i] < 0x80) i++;
      if (i == n || s[i] >= 0x80) continue;
      st = TAG;
      break;
    case COMMENT:
      while (i < n && s[i] != '>' && s[i] < 0x80) i++;
      if (i == n || s[i] >= 0x80) continue;
      if (s[i - 1] == '-' && s[i - 2] == '-') st = TEXT;
      break;
    }
    i++;
  }
  if (e || !m->n) return e;
  if (yl_buf_put(&m->html, h + from, n - from)) return YL_ERR_NOMEM;
  if (!(m->seen = calloc(m->n, 1))) return YL_ERR_NOMEM;
  return YL_OK;
plain:
  m->n = 0;
  yl_buf_free(&m->html);
  return YL_OK;
}

/* The run index of the stand-in at s (6 bytes available), or SIZE_MAX. */
static size_t stand_in(const yl_html_mask *m, const unsigned char *s) {
  if (s[0] != 0xEE || s[3] != 0xEE || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
      (s[4] & 0xC0) != 0x80 || (s[5] & 0xC0) != 0x80)
    return SIZE_MAX;
  size_t k = ((size_t)(s[1] & 63) << 18) | ((size_t)(s[2] & 63) << 12) |
             ((size_t)(s[4] & 63) << 6) | (s[5] & 63);
  return k < m->n ? k : SIZE_MAX;
}

/* Appends s to b with every stand-in replaced by its run. */
yl_status yl_html_mask_put(const yl_html_mask *m, yl_buf *b, const char *s, size_t n) {
  const char *end = s + n, *p;
  while (m->n && (p = memchr(s, 0xEE, (size_t)(end - s)))) {
    size_t k = end - p >= 6 ? stand_in(m, (const unsigned char *)p) : SIZE_MAX;
    if (k == SIZE_MAX) { /* cannot happen after the check; kept as it is */
      if (yl_buf_put(b, s, (size_t)(p - s) + 1)) return YL_ERR_NOMEM;
      s = p + 1;
      continue;
    }
    if (yl_buf_put(b, s, (size_t)(p - s)) || yl_buf_put(b, m->orig + m->off[k], m->len[k]))
      return YL_ERR_NOMEM;
    s = p + 6;
  }
  return yl_buf_put(b, s, (size_t)(end - s));
}


/* Notes the stand-in at p (6 bytes available) as found in text; 0 when it is not one,
 * or was found before. */
static int mask_mark(yl_html_mask *m, const unsigned char *p) {
  size_t k = stand_in(m, p);
  if (k == SIZE_MAX || m->seen[k]) return 0;
  m->seen[k] = 1, m->found++;
  return 1;
}

int yl_html_mask_text(yl_html_mask *m, const char *s, size_t n) {
  const char *end = s + n, *p;
  for (; (p = memchr(s, 0xEE, (size_t)(end - s))); s = p + 6)
    if (end - p < 6 || !mask_mark(m, (const unsigned char *)p)) return 0;
  return 1;
}

int yl_html_mask_complete(const yl_html_mask *m) { return m->found == m->n; }

void yl_html_mask_chunk(yl_html_mask *m, yl_html_mask_feed *f, const char *s, size_t n) {
  if (!m->n || f->bad) return;
  if (f->npend) {
    size_t k = 6 - f->npend < n ? 6 - f->npend : n;
    memcpy(f->pend + f->npend, s, k);
    f->npend += k, s += k, n -= k;
    if (f->npend < 6) return;
    if (!mask_mark(m, f->pend)) f->bad = 1;
    f->npend = 0;
  }
  const char *end = s + n, *p;
  while ((p = memchr(s, 0xEE, (size_t)(end - s)))) {
    if (end - p < 6) {
      f->npend = (size_t)(end - p);
      memcpy(f->pend, p, f->npend);
      return;
    }
    if (!mask_mark(m, (const unsigned char *)p)) f->bad = 1;
    s = p + 6;
  }
}

void yl_html_mask_text_ends(yl_html_mask_feed *f) {
  if (f->npend) f->bad = 1, f->npend = 0;
}
