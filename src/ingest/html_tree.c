/* The reference parse (YL_HTML_TREE): libxml2 builds the page's tree, which is then
 * walked. It is the reference that the tests (test_html.c) and the fuzzer (fuzz_ingest.c)
 * compare the event parse of html.c with, masked and unmasked: both must give the same
 * paragraphs, flags, title, canonical URL and invalid count. Not used by ingest. */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/html_parts.h"

static unsigned node_bits(yl_html_tags *c, const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->name ? yl_html_tag_bits(c, (const char *)n->name) : 0;
}

/* The node after n in document order within root's subtree, or NULL. */
static xmlNode *next_in(xmlNode *n, const xmlNode *root) {
  if (n->type == XML_ELEMENT_NODE && n->children) return n->children;
  while (n && n != root && !n->next) n = n->parent;
  return !n || n == root ? NULL : n->next;
}

/* Every stand-in in a text or CDATA node, each exactly once, none anywhere else? */
static int mask_check(yl_html_mask *m, xmlNode *root) {
  for (xmlNode *n = root; n; n = next_in(n, root)) {
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content)
      continue;
    const char *s = (const char *)n->content;
    if (!yl_html_mask_text(m, s, strlen(s))) return 0;
  }
  return yl_html_mask_complete(m);
}

static void enter(yl_html_walker *w, xmlNode *n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    const char *s = (const char *)n->content;
    if (s) yl_html_walker_text(w, s, strlen(s));
    return;
  }
  if (n->type == XML_ELEMENT_NODE) yl_html_walker_enter(w, node_bits(w->tags, n));
}

static void leave(yl_html_walker *w, xmlNode *n) {
  if (n->type == XML_ELEMENT_NODE) yl_html_walker_leave(w, node_bits(w->tags, n));
}

static int descend(yl_html_walker *w, const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->children && !(node_bits(w->tags, n) & YL_T_SKIP);
}

/* Iterative pre/post-order walk: no recursion, so depth never touches the C stack. */
static void walk(yl_html_walker *w, xmlNode *root) {
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

static char *node_text(const yl_html_mask *m, xmlNode *n) {
  xmlChar *c = xmlNodeGetContent(n);
  if (!c) return NULL;
  char *out = yl_html_finish_text(m, (const char *)c, strlen((const char *)c), NULL);
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
static void find_meta(yl_html_tags *tc, const yl_html_mask *m, xmlNode *root, yl_html_doc *d) {
  char *h1 = NULL, *og = NULL;
  for (xmlNode *n = root; n; n = next_in(n, root)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    unsigned t = node_bits(tc, n);
    if (!d->title && (t & YL_T_TITLE)) d->title = node_text(m, n);
    else if (!h1 && (t & YL_T_H1)) h1 = node_text(m, n);
    else if (!d->canonical && (t & YL_T_LINK)) {
      char *rel = attr(n, "rel");
      if (rel && !strcasecmp(rel, "canonical")) d->canonical = attr(n, "href");
      free(rel);
    } else if (!og && (t & YL_T_META)) {
      char *prop = attr(n, "property");
      if (prop && !strcasecmp(prop, "og:url")) og = attr(n, "content");
      free(prop);
    }
  }
  yl_html_settle_meta(d, h1, og);
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

yl_status yl_html_tree_parse(const char *html, size_t len, unsigned opts, yl_html_mask *m,
                             yl_html_doc *out) {
  /* masking checked every byte, as VALID_UTF8 promises */
  int valid = (opts & YL_HTML_VALID_UTF8) || m->n;
  htmlDocPtr doc = m->n ? parse_tree(m->html.data, m->html.len, 1) : parse_tree(html, len, valid);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (m->n && !(root && mask_check(m, root))) { /* see html_mask.c: parse it as it is */
    xmlFreeDoc(doc);
    yl_html_mask_free(m);
    doc = parse_tree(html, len, 1);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
  }
  out->n_masked = m->n;
  yl_html_tags tc = YL_HTML_TAGS_INIT;
  yl_html_walker w = {.doc = out, .tags = &tc, .mask = m};
  if (root) {
    find_meta(&tc, m, root, out);
    walk(&w, root);
    yl_html_walker_flush(&w);
  }
  yl_html_walker_free(&w);
  yl_html_tags_free(&tc);
  xmlFreeDoc(doc);
  return w.st;
}
