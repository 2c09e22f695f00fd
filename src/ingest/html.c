/* HTML → flagged, normalised paragraphs with libxml2 (see html.h): the walker that
 * builds paragraphs from text and elements in document order, driven by libxml2's
 * parse events. Element names are classified in html_tags.c, text runs masked in
 * html_mask.c; html_tree.c drives the same walker over libxml2's tree, the reference
 * this parse is tested against. */
#include "ingest/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "ingest/html_parts.h"
#include "yuliao/norm.h"

/* ---- paragraph building --------------------------------------------------------- */

void yl_html_walker_text(yl_html_walker *w, const char *s, size_t n) {
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

void yl_html_walker_flush(yl_html_walker *w) {
  if (w->st || !w->text.len) goto reset;
  const yl_buf *t = &w->text;
  if (w->mask->n) { /* a stand-in may have come in two pieces (SAX chunks) */
    yl_buf_clear(&w->plain);
    if (yl_html_mask_put(w->mask, &w->plain, w->text.data, w->text.len)) {
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
  /* a heading before it (a whole page's h1) does not end the header block's place */
  if (!w->seen_text && (f & YL_HTML_ITALIC) && !(f & YL_HTML_CAPTION)) f |= YL_HTML_LEADING;
  else if (!(f & YL_HTML_HEADING)) w->seen_text = 1;
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

static void style_depth(yl_html_walker *w, unsigned t, int d) {
  if (t & YL_T_BOLD) w->bold += d;
  else if (t & YL_T_ITALIC) w->italic += d;
  else if (t & YL_T_SMALL) w->small += d;
  else if (t & YL_T_TABLE) w->table += d;
  else if (t & YL_T_HEADING) w->heading += d;
}

void yl_html_walker_enter(yl_html_walker *w, unsigned t) {
  if (t & YL_T_BLOCK) yl_html_walker_flush(w);
  if (t & YL_T_HR) w->after_hr = 1;
  if (t & YL_T_IMG) {
    yl_html_walker_flush(w);
    w->img_pending = 1;
    w->img_table = w->table;
  }
  style_depth(w, t, +1);
}

void yl_html_walker_leave(yl_html_walker *w, unsigned t) {
  style_depth(w, t, -1);
  if (t & YL_T_BLOCK) yl_html_walker_flush(w);
}

void yl_html_walker_free(yl_html_walker *w) {
  yl_buf_free(&w->text);
  yl_buf_free(&w->plain);
}

/* Title or h1 text: runs put back, normalised; NULL when empty, or out of memory, which
 * is stored in '*st' when 'st' is not NULL. */
char *yl_html_finish_text(const yl_html_mask *m, const char *s, size_t n, yl_status *st) {
  yl_buf b = YL_BUF_INIT;
  char *out = NULL;
  size_t olen;
  yl_status r = yl_html_mask_put(m, &b, s, n);
  if (!r) r = yl_norm_text(b.data ? b.data : "", b.len, &out, &olen, NULL);
  if (!r && !olen) free(out), out = NULL;
  if (r && st) *st = r;
  yl_buf_free(&b);
  return out;
}

/* The title and canonical URL from what the page gave (takes h1 and og). */
void yl_html_settle_meta(yl_html_doc *d, char *h1, char *og) {
  /* "<title>Headline - Site</title>" with "<h1>Headline</h1>": the h1 is the title */
  if (d->title && h1 && strlen(h1) < strlen(d->title) && !strncmp(d->title, h1, strlen(h1)))
    free(d->title), d->title = h1, h1 = NULL;
  if (!d->title) d->title = h1, h1 = NULL;
  if (!d->canonical) d->canonical = og, og = NULL;
  free(h1);
  free(og);
}

/* ---- the event parse ------------------------------------------------------------ */

/* The event-driven parse (the default): the walker and the tree walk's search for
 * title, h1, canonical link and og:url (html_tree.c, find_meta) driven by
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
  yl_html_walker w;
  htmlParserCtxtPtr ctxt;
  unsigned *stack; /* tag bits of each open element, | F_IGNORED */
  size_t depth, cap;
  size_t skip_at;       /* depth of the outermost open YL_T_SKIP element, or 0 */
  int doc_child;  /* the document has a child: doctype, comment, PI or root element */
  int root, root_first; /* the root element came; as the document's first child */
  int dtd, halted;
  size_t title_at, h1_at; /* depth of the element whose text is gathered, or 0 */
  yl_buf title, h1;
  char *h1_text, *og;
  yl_html_mask *m;        /* the walker's, to note stand-ins found in text */
  yl_html_mask_feed feed; /* text so far, for the check */
} saxer;

/* Any event but text ends the text before it (a stand-in cut there went astray). */
static void text_ends(saxer *x) { yl_html_mask_text_ends(&x->feed); }

static const char *att(const xmlChar **atts, const char *name) {
  for (size_t i = 0; atts && atts[i]; i += 2)
    if (!strcmp((const char *)atts[i], name)) return atts[i + 1] ? (const char *)atts[i + 1] : "";
  return NULL;
}

/* A copy of the attribute value 's' (NULL when absent); out of memory ends the parse. */
static char *dup_attr(saxer *x, const char *s) {
  char *d = s ? strdup(s) : NULL;
  if (s && !d) x->w.st = YL_ERR_NOMEM;
  return d;
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
  unsigned t = yl_html_tag_bits(x->w.tags, (const char *)(local ? local : name));
  xmlFree(local);
  xmlFree(prefix);
  x->stack[x->depth++] = t | (ignored ? F_IGNORED : 0);
  if (ignored) return;
  yl_html_doc *d = x->w.doc;
  if (!d->title && !x->title_at && (t & YL_T_TITLE)) x->title_at = x->depth;
  else if (!x->h1_text && !x->h1_at && (t & YL_T_H1)) x->h1_at = x->depth;
  else if (!d->canonical && (t & YL_T_LINK)) {
    const char *rel = att(atts, "rel");
    if (rel && !strcasecmp(rel, "canonical")) d->canonical = dup_attr(x, att(atts, "href"));
  } else if (!x->og && (t & YL_T_META)) {
    const char *prop = att(atts, "property");
    if (prop && !strcasecmp(prop, "og:url")) x->og = dup_attr(x, att(atts, "content"));
  }
  if (x->skip_at) return;
  yl_html_walker_enter(&x->w, t);
  if (t & YL_T_SKIP) x->skip_at = x->depth;
}

static void sax_close(saxer *x) {
  unsigned f = x->stack[--x->depth];
  if (f & F_IGNORED) return;
  size_t at = x->depth + 1;
  if (x->title_at == at) {
    x->w.doc->title = yl_html_finish_text(x->w.mask, x->title.data ? x->title.data : "",
                                          x->title.len, &x->w.st);
    yl_buf_clear(&x->title);
    x->title_at = 0;
  }
  if (x->h1_at == at) {
    x->h1_text =
        yl_html_finish_text(x->w.mask, x->h1.data ? x->h1.data : "", x->h1.len, &x->w.st);
    yl_buf_clear(&x->h1);
    x->h1_at = 0;
  }
  if (x->skip_at && x->skip_at < at) return;
  x->skip_at = 0;
  yl_html_walker_leave(&x->w, f);
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
  yl_html_mask_chunk(x->m, &x->feed, s, n);
  if (x->stack[x->depth - 1] & F_IGNORED) return;
  if ((x->title_at && yl_buf_put(&x->title, s, n)) || (x->h1_at && yl_buf_put(&x->h1, s, n)))
    x->w.st = YL_ERR_NOMEM;
  if (!x->skip_at) yl_html_walker_text(&x->w, s, n);
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
  yl_html_walker_flush(&x->w);
  htmlFreeParserCtxt(ctxt);
  x->ctxt = NULL;
  yl_html_settle_meta(x->w.doc, x->h1_text, x->og);
  x->h1_text = x->og = NULL;
  return !x->m->n || (!x->feed.bad && yl_html_mask_complete(x->m));
}

static void saxer_free(saxer *x) {
  free(x->stack);
  yl_buf_free(&x->title);
  yl_buf_free(&x->h1);
  free(x->h1_text);
  free(x->og);
  yl_html_walker_free(&x->w);
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

yl_status yl_html_parse_with(const char *html, size_t len, unsigned opts, yl_html_doc *out) {
  memset(out, 0, sizeof *out);
  if (len > (size_t)INT32_MAX) return YL_ERR_LIMIT;
  yl_buf capped = YL_BUF_INIT; /* the page without a tag's thousands of attributes */
  int cap = yl_html_cap_attrs(html, len, &capped);
  if (cap < 0) {
    yl_buf_free(&capped);
    return YL_ERR_NOMEM;
  }
  if (cap) html = capped.data, len = capped.len;
  yl_html_mask m = {0};
  yl_status st = opts & YL_HTML_NO_MASK
                     ? YL_OK
                     : yl_html_mask_build(&m, html, len, !!(opts & YL_HTML_VALID_UTF8));
  if (!st && (opts & YL_HTML_TREE)) st = yl_html_tree_parse(html, len, opts, &m, out);
  else if (!st) {
    yl_html_tags tc = YL_HTML_TAGS_INIT;
    saxer x = {.w = {.doc = out, .tags = &tc, .mask = &m}, .m = &m};
    int ok = m.n ? sax_parse(&x, m.html.data, m.html.len, 1)
                 : sax_parse(&x, html, len, !!(opts & YL_HTML_VALID_UTF8));
    if (!st) st = x.w.st;
    saxer_free(&x);
    if (!st && !ok) { /* see html_mask.c: parse it as it is */
      yl_html_doc_clear(out);
      yl_html_mask_free(&m);
      saxer y = {.w = {.doc = out, .tags = &tc, .mask = &m}, .m = &m};
      sax_parse(&y, html, len, 1);
      st = y.w.st;
      saxer_free(&y);
    }
    yl_html_tags_free(&tc);
    out->n_masked = m.n;
  }
  yl_html_mask_free(&m);
  yl_buf_free(&capped);
  if (st) yl_html_doc_clear(out);
  return st;
}

yl_status yl_html_parse(const char *html, size_t len, yl_html_doc *out) {
  return yl_html_parse_with(html, len, 0, out);
}
