/* HTML → flagged, normalised paragraphs with libxml2 (see html.h). */
#include "ingest/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "yuliao/norm.h"

/* What an element name means to us, as bits. */
enum {
  T_BLOCK = 1 << 0, T_SKIP = 1 << 1, T_HR = 1 << 2, T_IMG = 1 << 3, T_BOLD = 1 << 4,
  T_ITALIC = 1 << 5, T_SMALL = 1 << 6, T_TABLE = 1 << 7, T_HEADING = 1 << 8,
  T_TITLE = 1 << 9, T_H1 = 1 << 10, T_LINK = 1 << 11, T_META = 1 << 12
};

/* The names we know, in strcmp order for bsearch. T_BLOCK: ends a paragraph where it
 * opens and where it closes. T_SKIP: content is never article text (code, embedded
 * objects, form controls, and page chrome: site navigation, page footer, side boxes). */
static const struct tagname {
  const char *name;
  unsigned bits;
} tag_names[] = {
    {"address", T_BLOCK}, {"article", T_BLOCK}, {"aside", T_BLOCK | T_SKIP}, {"b", T_BOLD},
    {"blockquote", T_BLOCK}, {"body", T_BLOCK}, {"br", T_BLOCK}, {"button", T_SKIP},
    {"caption", T_BLOCK}, {"center", T_BLOCK}, {"dd", T_BLOCK}, {"details", T_BLOCK},
    {"dialog", T_BLOCK}, {"div", T_BLOCK}, {"dl", T_BLOCK}, {"dt", T_BLOCK},
    {"em", T_ITALIC}, {"fieldset", T_BLOCK}, {"figcaption", T_BLOCK}, {"figure", T_BLOCK},
    {"footer", T_BLOCK | T_SKIP}, {"form", T_BLOCK}, {"h1", T_BLOCK | T_HEADING | T_H1},
    {"h2", T_BLOCK | T_HEADING}, {"h3", T_BLOCK | T_HEADING}, {"h4", T_BLOCK | T_HEADING},
    {"h5", T_BLOCK | T_HEADING}, {"h6", T_BLOCK | T_HEADING}, {"head", T_SKIP},
    {"header", T_BLOCK}, {"hr", T_BLOCK | T_HR}, {"html", T_BLOCK}, {"i", T_ITALIC},
    {"iframe", T_SKIP}, {"img", T_IMG}, {"li", T_BLOCK}, {"link", T_LINK},
    {"main", T_BLOCK}, {"math", T_SKIP}, {"meta", T_META}, {"nav", T_BLOCK | T_SKIP},
    {"noscript", T_SKIP}, {"object", T_SKIP}, {"ol", T_BLOCK}, {"p", T_BLOCK},
    {"pre", T_BLOCK}, {"script", T_SKIP}, {"section", T_BLOCK}, {"select", T_SKIP},
    {"small", T_SMALL}, {"strong", T_BOLD}, {"style", T_SKIP}, {"summary", T_BLOCK},
    {"svg", T_SKIP}, {"table", T_BLOCK | T_TABLE}, {"tbody", T_BLOCK}, {"td", T_BLOCK},
    {"template", T_SKIP}, {"textarea", T_SKIP}, {"tfoot", T_BLOCK}, {"th", T_BLOCK},
    {"thead", T_BLOCK}, {"title", T_TITLE}, {"tr", T_BLOCK}, {"ul", T_BLOCK}};

static int tagname_cmp(const void *key, const void *elem) {
  return strcmp(key, ((const struct tagname *)elem)->name);
}

/* Case-blind, for any source of names; 0 for names we do not know. */
static unsigned classify(const char *name) {
  char low[16];
  size_t i = 0;
  for (; name[i]; i++) {
    if (i == sizeof low - 1) return 0; /* longer than any name we know */
    low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  }
  low[i] = 0;
  const struct tagname *t =
      bsearch(low, tag_names, sizeof tag_names / sizeof tag_names[0], sizeof tag_names[0],
              tagname_cmp);
  return t ? t->bits : 0;
}

/* A small cache of classified names, keyed by the name's bytes: a page uses a few dozen
 * distinct element names over hundreds of elements, each looked at several times, and
 * classify costs a lower-cased copy and a binary search. One cache per parse (never
 * shared). */
typedef struct tagcache {
  char name[64][16];
  unsigned bits[64];
} tagcache;

static unsigned tag_bits(tagcache *c, const char *s) {
  size_t len = 0;
  unsigned h = 0;
  for (; s[len] && len < 16; len++) h = h * 31 + (unsigned char)s[len];
  if (len == 16) return classify(s); /* longer than any name we know */
  h &= 63;
  if (memcmp(c->name[h], s, len + 1)) {
    memcpy(c->name[h], s, len + 1);
    c->bits[h] = classify(s);
  }
  return c->bits[h];
}

static unsigned node_bits(tagcache *c, const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->name ? tag_bits(c, (const char *)n->name) : 0;
}

/* Masking. libxml2 2.9's HTML parser handles text one character at a time (decode,
 * check, copy): on the benchmark that cost more than the segmentation. Runs of
 * non-ASCII text are most of a Chinese page and mean nothing to the parser, so each
 * long run in text position is handed to it as a 6-byte stand-in: two characters
 * U+E000 + (k >> 12), U+E000 + (k & 4095) for run k, from the private use area. The
 * stand-ins are put back wherever text is read (unmask_put).
 * Why the parse is the same: libxml2 treats every character of character data alike
 * except '<', '&' and NUL, and a run has none of those; a run or its stand-in is never
 * blank, so the whitespace rules and the implied <p> fire at the same places. Where a
 * character's kind does matter (names of elements, attributes, entities; comments,
 * tags), mask_build's scan leaves the run alone, and a check after parsing (mask_check
 * on a tree, check_text on events) makes sure that every stand-in came back in text
 * exactly once: otherwise the page is parsed again as it is. A page is parsed as it is when it has any byte 0xEE (a
 * private use character could be taken for a stand-in), a character reference into
 * U+E000..U+EFFF, bytes that are not valid UTF-8 (libxml2 would switch the whole page
 * to Latin-1), a character libxml2 drops from text (U+FFFE, U+FFFF), or more bytes
 * than libxml2 keeps in one text node. */
enum { MASK_MIN_RUN = 9, MASK_MAX_RUNS = 1u << 24 };

typedef struct mask {
  const char *orig;
  yl_buf html;          /* the page as libxml2 gets it */
  size_t *off, *len;    /* run k is orig[off[k]..off[k]+len[k]) */
  size_t n, cap;
  unsigned char *seen;  /* stand-in k came back in text (mask_mark) */
  size_t found;         /* how many did */
} mask;

static void mask_free(mask *m) {
  yl_buf_free(&m->html);
  free(m->off);
  free(m->len);
  free(m->seen);
  memset(m, 0, sizeof *m);
}

/* Bytes of the character at s when it is valid UTF-8 and libxml2 keeps it in text,
 * else 0 (s[0] >= 0x80). */
static size_t plain_char(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    unsigned v = (c & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) || v >= 0xFFFE) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
      return 0;
    unsigned v = (c & 0x07) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
    return v >= 0x10000 && v <= 0x10FFFF ? 4 : 0;
  }
  return 0;
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

static yl_status mask_run(mask *m, const char *h, size_t from, size_t at, size_t len) {
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

/* Builds m->html from h, or leaves m->n at 0 when the page is to be parsed as it is.
 * A small scan of the markup: text, tag (with quoted values), comment. It only has to
 * be right where it masks; mask_check catches the rest. */
static yl_status mask_build(mask *m, const char *h, size_t n, int valid) {
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
static size_t stand_in(const mask *m, const unsigned char *s) {
  if (s[0] != 0xEE || s[3] != 0xEE || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
      (s[4] & 0xC0) != 0x80 || (s[5] & 0xC0) != 0x80)
    return SIZE_MAX;
  size_t k = ((size_t)(s[1] & 63) << 18) | ((size_t)(s[2] & 63) << 12) |
             ((size_t)(s[4] & 63) << 6) | (s[5] & 63);
  return k < m->n ? k : SIZE_MAX;
}

/* Appends s to b with every stand-in replaced by its run. */
static yl_status unmask_put(const mask *m, yl_buf *b, const char *s, size_t n) {
  const char *end = s + n, *p;
  while (m->n && (p = memchr(s, 0xEE, (size_t)(end - s)))) {
    size_t k = end - p >= 6 ? stand_in(m, (const unsigned char *)p) : SIZE_MAX;
    if (k == SIZE_MAX) { /* cannot happen after mask_check; kept as it is */
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

/* The node after n in document order within root's subtree, or NULL. */
static xmlNode *next_in(xmlNode *n, const xmlNode *root) {
  if (n->type == XML_ELEMENT_NODE && n->children) return n->children;
  while (n && n != root && !n->next) n = n->parent;
  return !n || n == root ? NULL : n->next;
}

/* Notes the stand-in at p (6 bytes available) as found in text; 0 when it is not one,
 * or was found before. */
static int mask_mark(mask *m, const unsigned char *p) {
  size_t k = stand_in(m, p);
  if (k == SIZE_MAX || m->seen[k]) return 0;
  m->seen[k] = 1, m->found++;
  return 1;
}

/* Every stand-in in a text or CDATA node, each exactly once, none anywhere else? */
static int mask_check(mask *m, xmlNode *root) {
  for (xmlNode *n = root; n; n = next_in(n, root)) {
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content)
      continue;
    const char *s = (const char *)n->content, *end = s + strlen(s), *p;
    for (; (p = memchr(s, 0xEE, (size_t)(end - s))); s = p + 6)
      if (end - p < 6 || !mask_mark(m, (const unsigned char *)p)) return 0;
  }
  return m->found == m->n;
}

typedef struct walker {
  yl_html_doc *doc;
  size_t cap;
  yl_buf text;
  /* the paragraph has non-space text; some of it outside <b>, <i>, <small> */
  int has_text, plain_bold, plain_italic, plain_small;
  int bold, italic, small, table, heading;  /* nesting depths */
  int heading_seen;                          /* paragraph touched a heading */
  int after_hr, seen_text;
  int img_pending, img_table; /* an <img> came and no paragraph since; its table depth */
  tagcache *tags;
  const mask *mask; /* the paragraph text holds stand-ins until flush */
  yl_buf plain;     /* flush: the text with its runs back */
  yl_status st;
} walker;

static void add_text(walker *w, const char *s, size_t n) {
  if (w->st) return;
  if (yl_buf_put(&w->text, s, n)) {
    w->st = YL_ERR_NOMEM;
    return;
  }
  /* Only whether the chunk has any non-space byte matters: stop at the first (a
   * stand-in is not space, nor is its run). */
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  if (i == n) return;
  w->has_text = 1;
  if (!w->bold) w->plain_bold = 1;
  if (!w->italic) w->plain_italic = 1;
  if (!w->small) w->plain_small = 1;
  if (w->heading) w->heading_seen = 1;
}

static void flush(walker *w) {
  if (w->st || !w->text.len) goto reset;
  const yl_buf *t = &w->text;
  if (w->mask->n) { /* a stand-in may have come in two pieces (SAX chunks) */
    yl_buf_clear(&w->plain);
    if (unmask_put(w->mask, &w->plain, w->text.data, w->text.len)) {
      w->st = YL_ERR_NOMEM;
      goto reset;
    }
    t = &w->plain;
  }
  char *out;
  size_t olen;
  yl_status st = yl_norm_text(t->data, t->len, &out, &olen, &w->doc->n_invalid);
  if (st) {
    w->st = st;
    goto reset;
  }
  if (!olen) {
    free(out);
    goto reset;
  }
  unsigned f = 0;
  if (w->has_text && !w->plain_bold) f |= YL_HTML_BOLD;
  if (w->has_text && !w->plain_italic) f |= YL_HTML_ITALIC;
  if (w->has_text && !w->plain_small) f |= YL_HTML_SMALL;
  if (w->after_hr) f |= YL_HTML_AFTER_HR;
  if (w->heading_seen) f |= YL_HTML_HEADING;
  if (w->img_pending && ((f & YL_HTML_SMALL) || (w->img_table && w->table >= w->img_table)))
    f |= YL_HTML_CAPTION;
  if (!w->seen_text && (f & YL_HTML_ITALIC) && !(f & YL_HTML_CAPTION)) f |= YL_HTML_LEADING;
  else w->seen_text = 1;
  w->img_pending = 0;
  if (w->doc->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 32;
    yl_html_para *p = realloc(w->doc->paras, cap * sizeof *p);
    if (!p) {
      free(out);
      w->st = YL_ERR_NOMEM;
      goto reset;
    }
    w->doc->paras = p, w->cap = cap;
  }
  w->doc->paras[w->doc->n++] = (yl_html_para){out, olen, f};
reset:
  yl_buf_clear(&w->text);
  w->has_text = w->plain_bold = w->plain_italic = w->plain_small = 0;
  w->heading_seen = 0;
}

static void style_depth(walker *w, unsigned t, int d) {
  if (t & T_BOLD) w->bold += d;
  else if (t & T_ITALIC) w->italic += d;
  else if (t & T_SMALL) w->small += d;
  else if (t & T_TABLE) w->table += d;
  else if (t & T_HEADING) w->heading += d;
}

/* An element opens (t: its tag bits) / closes. */
static void enter_bits(walker *w, unsigned t) {
  if (t & T_BLOCK) flush(w);
  if (t & T_HR) w->after_hr = 1;
  if (t & T_IMG) {
    flush(w);
    w->img_pending = 1;
    w->img_table = w->table;
  }
  style_depth(w, t, +1);
}

static void leave_bits(walker *w, unsigned t) {
  style_depth(w, t, -1);
  if (t & T_BLOCK) flush(w);
}

/* The reference: libxml2's tree, walked (YL_HTML_TREE). */
static void enter(walker *w, xmlNode *n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content) add_text(w, (const char *)n->content, strlen((const char *)n->content));
    return;
  }
  if (n->type == XML_ELEMENT_NODE) enter_bits(w, node_bits(w->tags, n));
}

static void leave(walker *w, xmlNode *n) {
  if (n->type == XML_ELEMENT_NODE) leave_bits(w, node_bits(w->tags, n));
}

static int descend(walker *w, const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->children && !(node_bits(w->tags, n) & T_SKIP);
}

/* Iterative pre/post-order walk: no recursion, so depth never touches the C stack. */
static void walk(walker *w, xmlNode *root) {
  xmlNode *n = root;
  while (n && !w->st) {
    enter(w, n);
    if (descend(w, n)) {
      n = n->children;
      continue;
    }
    leave(w, n);
    while (n && n != root && !n->next) {
      n = n->parent;
      leave(w, n);
    }
    if (!n || n == root) break;
    n = n->next;
  }
}

/* Title or h1 text: runs put back, normalised; NULL when empty. */
static char *finish_text(const mask *m, const char *s, size_t n) {
  yl_buf b = YL_BUF_INIT;
  char *out = NULL;
  size_t olen;
  if (!unmask_put(m, &b, s, n) &&
      yl_norm_text(b.data ? b.data : "", b.len, &out, &olen, NULL) == YL_OK && !olen)
    free(out), out = NULL;
  yl_buf_free(&b);
  return out;
}

static char *node_text(const mask *m, xmlNode *n) {
  xmlChar *c = xmlNodeGetContent(n);
  if (!c) return NULL;
  char *out = finish_text(m, (const char *)c, strlen((const char *)c));
  xmlFree(c);
  return out;
}

static char *attr(xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = strdup((const char *)v);
  xmlFree(v);
  return s;
}

/* The title and canonical URL from what the page gave (takes h1 and og). */
static void settle_meta(yl_html_doc *d, char *h1, char *og) {
  /* "<title>Headline - Site</title>" with "<h1>Headline</h1>": the h1 is the title */
  if (d->title && h1 && strlen(h1) < strlen(d->title) && !strncmp(d->title, h1, strlen(h1)))
    free(d->title), d->title = h1, h1 = NULL;
  if (!d->title) d->title = h1, h1 = NULL;
  if (!d->canonical) d->canonical = og, og = NULL;
  free(h1);
  free(og);
}

/* Title, first h1, canonical URL and og:url, in one pass. */
static void find_meta(tagcache *tc, const mask *m, xmlNode *root, yl_html_doc *d) {
  char *h1 = NULL, *og = NULL;
  for (xmlNode *n = root; n; n = next_in(n, root)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    unsigned t = node_bits(tc, n);
    if (!d->title && (t & T_TITLE)) d->title = node_text(m, n);
    else if (!h1 && (t & T_H1)) h1 = node_text(m, n);
    else if (!d->canonical && (t & T_LINK)) {
      char *rel = attr(n, "rel");
      if (rel && !strcasecmp(rel, "canonical")) d->canonical = attr(n, "href");
      free(rel);
    } else if (!og && (t & T_META)) {
      char *prop = attr(n, "property");
      if (prop && !strcasecmp(prop, "og:url")) og = attr(n, "content");
      free(prop);
    }
  }
  settle_meta(d, h1, og);
}

/* The event-driven parse (the default): the walker and find_meta's work driven by
 * libxml2's SAX events instead of a tree, which saves building and freeing a node per
 * element, attribute and text, and the heap churn that comes with them.
 * The tree is the record of these same events, so walking it is replaying them, with
 * five things that tree building adds and that are reproduced here:
 *  - an element is named by the local part of a prefixed name ("a:p" is a p);
 *  - no node is pushed deeper than xmlParserMaxDepth: libxml2 stops the parse there;
 *  - text outside any element is dropped;
 *  - the first element opened when none is open is the root; a later one (always an
 *    implied or repeated <html>) becomes the root's child when the root is the
 *    document's first child (walked as if inside the root, which flushes the same),
 *    else (a doctype, comment or processing instruction is first; a doctype always
 *    goes first) a sibling outside the root, never walked;
 *  - the walk ends every element still open when the parse ends.
 * Blank text is text here as in the tree (HTML_PARSE_NOBLANKS is off). */
enum { F_IGNORED = 1 << 20 }; /* frame of an element outside the root (above tag bits) */

typedef struct saxer {
  walker w;
  htmlParserCtxtPtr ctxt;
  unsigned *stack; /* tag bits of each open element, | F_IGNORED */
  size_t depth, cap;
  size_t skip_at;       /* depth of the outermost open T_SKIP element, or 0 */
  int doc_child;  /* the document has a child: doctype, comment, PI or root element */
  int root, root_first; /* the root element came; as the document's first child */
  int dtd, halted;
  size_t title_at, h1_at; /* depth of the element whose text is gathered, or 0 */
  yl_buf title, h1;
  char *h1_text, *og;
  mask *m; /* the walker's, to note stand-ins found in text */
  /* a piece of a stand-in at the end of a text chunk waits in pend */
  unsigned char pend[6];
  size_t npend;
  int bad;
} saxer;

static void count_stand_in(saxer *x, const unsigned char *p) {
  if (!mask_mark(x->m, p)) x->bad = 1;
}

static void check_text(saxer *x, const char *s, size_t n) {
  if (!x->m->n || x->bad) return;
  if (x->npend) {
    size_t k = 6 - x->npend < n ? 6 - x->npend : n;
    memcpy(x->pend + x->npend, s, k);
    x->npend += k, s += k, n -= k;
    if (x->npend < 6) return;
    count_stand_in(x, x->pend);
    x->npend = 0;
  }
  const char *end = s + n, *p;
  while ((p = memchr(s, 0xEE, (size_t)(end - s)))) {
    if (end - p < 6) {
      x->npend = (size_t)(end - p);
      memcpy(x->pend, p, x->npend);
      return;
    }
    count_stand_in(x, (const unsigned char *)p);
    s = p + 6;
  }
}

/* Any event but text: a stand-in cut by it was not a stand-in in one text node. */
static void text_ends(saxer *x) {
  if (x->npend) x->bad = 1, x->npend = 0;
}

static const char *att(const xmlChar **atts, const char *name) {
  for (size_t i = 0; atts && atts[i]; i += 2)
    if (!strcmp((const char *)atts[i], name)) return atts[i + 1] ? (const char *)atts[i + 1] : "";
  return NULL;
}

static char *dup_or_null(const char *s) {
  return s ? strdup(s) : NULL; /* NULL on OOM too: the value is then missing */
}

static void sax_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  saxer *x = ctx;
  text_ends(x);
  if (x->halted || x->w.st) return;
  if (x->depth > xmlParserMaxDepth) { /* the tree builder's limit */
    xmlStopParser(x->ctxt);
    x->halted = 1;
    return;
  }
  if (x->depth == x->cap) {
    size_t cap = x->cap ? x->cap * 2 : 64;
    unsigned *v = realloc(x->stack, cap * sizeof *v);
    if (!v) {
      x->w.st = YL_ERR_NOMEM;
      xmlStopParser(x->ctxt);
      return;
    }
    x->stack = v, x->cap = cap;
  }
  int ignored = 0;
  if (x->depth) ignored = !!(x->stack[x->depth - 1] & F_IGNORED);
  else if (!x->root) x->root = 1, x->root_first = !x->doc_child, x->doc_child = 1;
  else ignored = !x->root_first;
  /* the tree builder names the element by the local part of a prefixed name */
  xmlChar *prefix = NULL, *local = strchr((const char *)name, ':')
                                       ? xmlSplitQName(x->ctxt, name, &prefix)
                                       : NULL;
  unsigned t = tag_bits(x->w.tags, (const char *)(local ? local : name));
  xmlFree(local);
  xmlFree(prefix);
  x->stack[x->depth++] = t | (ignored ? F_IGNORED : 0);
  if (ignored) return;
  yl_html_doc *d = x->w.doc;
  if (!d->title && !x->title_at && (t & T_TITLE)) x->title_at = x->depth;
  else if (!x->h1_text && !x->h1_at && (t & T_H1)) x->h1_at = x->depth;
  else if (!d->canonical && (t & T_LINK)) {
    const char *rel = att(atts, "rel");
    if (rel && !strcasecmp(rel, "canonical")) d->canonical = dup_or_null(att(atts, "href"));
  } else if (!x->og && (t & T_META)) {
    const char *prop = att(atts, "property");
    if (prop && !strcasecmp(prop, "og:url")) x->og = dup_or_null(att(atts, "content"));
  }
  if (x->skip_at) return;
  enter_bits(&x->w, t);
  if (t & T_SKIP) x->skip_at = x->depth;
}

static void sax_close(saxer *x) {
  unsigned f = x->stack[--x->depth];
  if (f & F_IGNORED) return;
  size_t at = x->depth + 1;
  if (x->title_at == at) {
    x->w.doc->title = finish_text(x->w.mask, x->title.data ? x->title.data : "", x->title.len);
    yl_buf_clear(&x->title);
    x->title_at = 0;
  }
  if (x->h1_at == at) {
    x->h1_text = finish_text(x->w.mask, x->h1.data ? x->h1.data : "", x->h1.len);
    yl_buf_clear(&x->h1);
    x->h1_at = 0;
  }
  if (x->skip_at && x->skip_at < at) return;
  x->skip_at = 0;
  leave_bits(&x->w, f);
}

static void sax_end(void *ctx, const xmlChar *name) {
  saxer *x = ctx;
  (void)name; /* libxml2 ends the innermost element; the tree builder pops likewise */
  text_ends(x);
  if (!x->halted && x->depth) sax_close(x);
}

static void sax_text(void *ctx, const xmlChar *ch, int len) {
  saxer *x = ctx;
  if (x->halted || !x->depth || len <= 0) return; /* outside any element: dropped */
  const char *s = (const char *)ch;
  size_t n = (size_t)len;
  check_text(x, s, n);
  if (x->stack[x->depth - 1] & F_IGNORED) return;
  if ((x->title_at && yl_buf_put(&x->title, s, n)) || (x->h1_at && yl_buf_put(&x->h1, s, n)))
    x->w.st = YL_ERR_NOMEM;
  if (!x->skip_at) add_text(&x->w, s, n);
}

static void sax_other(saxer *x) { /* a comment or processing instruction */
  text_ends(x);
  if (!x->depth) x->doc_child = 1;
}

static void sax_comment(void *ctx, const xmlChar *value) {
  (void)value;
  sax_other(ctx);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
  (void)target, (void)data;
  sax_other(ctx);
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
  saxer *x = ctx;
  (void)name, (void)ext, (void)sys;
  text_ends(x);
  if (x->dtd) return; /* libxml2 keeps the first */
  x->dtd = x->doc_child = 1;
  x->root_first = 0; /* the doctype goes first among the document's children */
}

/* Parses with the events above into x->w.doc; 0 when the stand-ins did not all come
 * back in text (the caller parses the page as it is). */
static int sax_parse(saxer *x, const char *html, size_t len, int valid) {
  const int opts =
      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  if (!len) html = " ", len = 1;
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
  if (!ctxt) {
    x->w.st = YL_ERR_NOMEM;
    return 1;
  }
  x->ctxt = ctxt;
  htmlCtxtUseOptions(ctxt, opts | (valid ? HTML_PARSE_IGNORE_ENC : 0));
  if (valid) xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8); /* as parse_tree */
  else {
    /* as htmlReadMemory(..., "UTF-8", ...) does: the converter, and an encoding named
     * for the input so that a <meta charset> does not switch it */
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler("UTF-8");
    if (h) {
      xmlSwitchToEncoding(ctxt, h);
      xmlFree((xmlChar *)ctxt->input->encoding);
      ctxt->input->encoding = xmlStrdup(BAD_CAST "UTF-8");
    }
  }
  xmlSAXHandler *sax = ctxt->sax;
  sax->startDocument = NULL;
  sax->endDocument = NULL;
  sax->internalSubset = sax_doctype;
  sax->startElement = sax_start;
  sax->endElement = sax_end;
  sax->characters = sax_text;
  sax->cdataBlock = sax_text;
  sax->ignorableWhitespace = NULL; /* never called: blanks are kept */
  sax->comment = sax_comment;
  sax->processingInstruction = sax_pi;
  sax->reference = NULL;
  ctxt->userData = x;
  htmlParseDocument(ctxt);
  text_ends(x);
  while (x->depth) sax_close(x); /* what is still open ends, as in the tree walk */
  flush(&x->w);
  htmlFreeParserCtxt(ctxt);
  x->ctxt = NULL;
  settle_meta(x->w.doc, x->h1_text, x->og);
  x->h1_text = x->og = NULL;
  return !x->m->n || (!x->bad && x->m->found == x->m->n);
}

static void saxer_free(saxer *x) {
  free(x->stack);
  yl_buf_free(&x->title);
  yl_buf_free(&x->h1);
  free(x->h1_text);
  free(x->og);
  yl_buf_free(&x->w.text);
  yl_buf_free(&x->w.plain);
}

static int same_str(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

int yl_html_doc_same(const yl_html_doc *a, const yl_html_doc *b) {
  if (a->n != b->n || a->n_invalid != b->n_invalid || !same_str(a->title, b->title) ||
      !same_str(a->canonical, b->canonical))
    return 0;
  for (size_t i = 0; i < a->n; i++)
    if (a->paras[i].len != b->paras[i].len || a->paras[i].flags != b->paras[i].flags ||
        memcmp(a->paras[i].text, b->paras[i].text, a->paras[i].len))
      return 0;
  return 1;
}

void yl_html_doc_clear(yl_html_doc *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->paras[i].text);
  free(d->paras);
  free(d->title);
  free(d->canonical);
  memset(d, 0, sizeof *d);
}

/* libxml2's tree of the page, or NULL when nothing could be parsed. No HTML_PARSE_HUGE:
 * libxml2's depth and size limits stay on. */
static htmlDocPtr parse_tree(const char *html, size_t len, int valid) {
  const int opts =
      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  if (!len) html = " ", len = 1;
  /* Unchecked bytes go through libxml2's UTF-8 converter, which lets bad bytes through
   * to yl_norm_text (U+FFFD, counted); on its own the parser would read the rest of the
   * page as Latin-1. */
  if (!valid) return htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
  /* Valid UTF-8 needs no converter: the context keeps its UTF-8 default, and
   * HTML_PARSE_IGNORE_ENC stops a <meta charset> from switching it. */
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
  if (!ctxt) return NULL;
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlCtxtUseOptions(ctxt, opts | HTML_PARSE_IGNORE_ENC);
  htmlParseDocument(ctxt);
  htmlDocPtr doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  htmlFreeParserCtxt(ctxt);
  return doc;
}

/* The reference parse: libxml2's tree, walked (YL_HTML_TREE). */
static yl_status tree_parse(const char *html, size_t len, unsigned opts, mask *m,
                            yl_html_doc *out) {
  /* masking checked every byte, as VALID_UTF8 promises */
  int valid = (opts & YL_HTML_VALID_UTF8) || m->n;
  htmlDocPtr doc = m->n ? parse_tree(m->html.data, m->html.len, 1) : parse_tree(html, len, valid);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (m->n && !(root && mask_check(m, root))) { /* see mask_build: parse it as it is */
    xmlFreeDoc(doc);
    mask_free(m);
    doc = parse_tree(html, len, 1);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
  }
  out->n_masked = m->n;
  tagcache tc;
  memset(&tc, 0, sizeof tc); /* "" → 0, which is what classify("") gives */
  walker w = {.doc = out, .tags = &tc, .mask = m};
  if (root) {
    find_meta(&tc, m, root, out);
    walk(&w, root);
    flush(&w);
  }
  yl_buf_free(&w.text);
  yl_buf_free(&w.plain);
  xmlFreeDoc(doc);
  return w.st;
}

yl_status yl_html_parse_with(const char *html, size_t len, unsigned opts, yl_html_doc *out) {
  memset(out, 0, sizeof *out);
  if (len > (size_t)INT32_MAX) return YL_ERR_LIMIT;
  mask m = {0};
  yl_status st =
      opts & YL_HTML_NO_MASK ? YL_OK : mask_build(&m, html, len, !!(opts & YL_HTML_VALID_UTF8));
  if (!st && (opts & YL_HTML_TREE)) st = tree_parse(html, len, opts, &m, out);
  else if (!st) {
    tagcache tc;
    memset(&tc, 0, sizeof tc);
    saxer x = {.w = {.doc = out, .tags = &tc, .mask = &m}, .m = &m};
    int ok = m.n ? sax_parse(&x, m.html.data, m.html.len, 1)
                 : sax_parse(&x, html, len, !!(opts & YL_HTML_VALID_UTF8));
    if (!st) st = x.w.st;
    saxer_free(&x);
    if (!st && !ok) { /* see mask_build: parse it as it is */
      yl_html_doc_clear(out);
      mask_free(&m);
      saxer y = {.w = {.doc = out, .tags = &tc, .mask = &m}, .m = &m};
      sax_parse(&y, html, len, 1);
      st = y.w.st;
      saxer_free(&y);
    }
    out->n_masked = m.n;
  }
  mask_free(&m);
  if (st) yl_html_doc_clear(out);
  return st;
}

yl_status yl_html_parse(const char *html, size_t len, yl_html_doc *out) {
  return yl_html_parse_with(html, len, 0, out);
}
