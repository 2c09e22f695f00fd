/* HTML → flagged, normalised paragraphs with libxml2 (see html.h). */
#include "html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
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

static unsigned tag_bits(tagcache *c, const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *s = (const char *)n->name;
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
  yl_status st;
} walker;

static void add_text(walker *w, const char *s, size_t n) {
  if (w->st) return;
  if (yl_buf_put(&w->text, s, n)) {
    w->st = YL_ERR_NOMEM;
    return;
  }
  /* Only whether the chunk has any non-space byte matters: stop at the first. */
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
  char *out;
  size_t olen;
  yl_status st = yl_norm_text(w->text.data, w->text.len, &out, &olen, &w->doc->n_invalid);
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

static void enter(walker *w, xmlNode *n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content) add_text(w, (const char *)n->content, strlen((const char *)n->content));
    return;
  }
  if (n->type != XML_ELEMENT_NODE) return;
  unsigned t = tag_bits(w->tags, n);
  if (t & T_BLOCK) flush(w);
  if (t & T_HR) w->after_hr = 1;
  if (t & T_IMG) {
    flush(w);
    w->img_pending = 1;
    w->img_table = w->table;
  }
  style_depth(w, t, +1);
}

static void leave(walker *w, xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE) return;
  unsigned t = tag_bits(w->tags, n);
  style_depth(w, t, -1);
  if (t & T_BLOCK) flush(w);
}

static int descend(walker *w, const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->children && !(tag_bits(w->tags, n) & T_SKIP);
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

static char *node_text(xmlNode *n) {
  xmlChar *c = xmlNodeGetContent(n);
  if (!c) return NULL;
  char *out = NULL;
  size_t olen;
  if (yl_norm_text((const char *)c, strlen((const char *)c), &out, &olen, NULL) == YL_OK &&
      !olen)
    free(out), out = NULL;
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

/* Title, first h1, canonical URL and og:url, in one pass. */
static void find_meta(tagcache *tc, xmlNode *root, yl_html_doc *d) {
  char *h1 = NULL, *og = NULL;
  xmlNode *n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      unsigned t = tag_bits(tc, n);
      if (!d->title && (t & T_TITLE)) d->title = node_text(n);
      else if (!h1 && (t & T_H1)) h1 = node_text(n);
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
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
  /* "<title>Headline - Site</title>" with "<h1>Headline</h1>": the h1 is the title */
  if (d->title && h1 && strlen(h1) < strlen(d->title) && !strncmp(d->title, h1, strlen(h1)))
    free(d->title), d->title = h1, h1 = NULL;
  if (!d->title) d->title = h1, h1 = NULL;
  if (!d->canonical) d->canonical = og, og = NULL;
  free(h1);
  free(og);
}

void yl_html_doc_clear(yl_html_doc *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->paras[i].text);
  free(d->paras);
  free(d->title);
  free(d->canonical);
  memset(d, 0, sizeof *d);
}

yl_status yl_html_parse(const char *html, size_t len, yl_html_doc *out) {
  memset(out, 0, sizeof *out);
  if (len > (size_t)INT32_MAX) return YL_ERR_LIMIT;
  /* No HTML_PARSE_HUGE: libxml2's depth and size limits stay on. */
  htmlDocPtr doc = htmlReadMemory(len ? html : " ", len ? (int)len : 1, NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING);
  if (!doc) return YL_OK; /* nothing parseable: no paragraphs */
  xmlNode *root = xmlDocGetRootElement(doc);
  tagcache tc;
  memset(&tc, 0, sizeof tc); /* "" → 0, which is what classify("") gives */
  walker w = {.doc = out, .tags = &tc};
  if (root) {
    find_meta(&tc, root, out);
    walk(&w, root);
    flush(&w);
  }
  yl_buf_free(&w.text);
  xmlFreeDoc(doc);
  if (w.st) yl_html_doc_clear(out);
  return w.st;
}
