/* The parts of the HTML parser (internal to html*.c; html.h is the parser's interface):
 *   html_tags.c  element names → what they mean (tag bits), cached per parse;
 *   html_mask.c  stand-ins for runs of non-ASCII text, put back and checked;
 *   html.c       paragraph building (the walker) and the event parse;
 *   html_tree.c  the tree-walk reference that tests and the fuzzer compare with. */
#ifndef YL_HTML_PARTS_H
#define YL_HTML_PARTS_H

#include <stddef.h>

#include "base/buf.h"
#include "base/u64map.h"
#include "ingest/html.h"

/* ---- html_tags.c ---------------------------------------------------------------- */

/* What an element name means to us, as bits. */
enum {
  YL_T_BLOCK = 1 << 0, YL_T_SKIP = 1 << 1, YL_T_HR = 1 << 2, YL_T_IMG = 1 << 3,
  YL_T_BOLD = 1 << 4, YL_T_ITALIC = 1 << 5, YL_T_SMALL = 1 << 6, YL_T_TABLE = 1 << 7,
  YL_T_HEADING = 1 << 8, YL_T_TITLE = 1 << 9, YL_T_H1 = 1 << 10, YL_T_LINK = 1 << 11,
  YL_T_META = 1 << 12
};

/* The names a parse has classified, by their bytes: a page uses a few dozen distinct
 * names over hundreds of elements, each looked at several times, and classifying
 * costs a lower-cased copy and a binary search. One per parse, never shared. */
typedef struct yl_html_tags {
  yl_u64map map; /* hash of the name → index in v */
  struct yl_html_tag {
    char name[16];
    unsigned bits;
  } *v;
  size_t n, cap;
} yl_html_tags;

#define YL_HTML_TAGS_INIT {YL_U64MAP_INIT, NULL, 0, 0}

/* Tag bits of the element name 's' (any case; 0 for names we do not know). */
unsigned yl_html_tag_bits(yl_html_tags *c, const char *s);
void yl_html_tags_free(yl_html_tags *c);

/* ---- html_mask.c ---------------------------------------------------------------- */

/* Attributes a tag keeps (besides the ones yuliao reads) before libxml2 sees it. */
enum { YL_HTML_MAX_ATTRS = 256 };

/* libxml2 2.9 checks each new attribute against every earlier one of its element, so
 * a tag with a million attributes takes half an hour. When a tag of the 'n' bytes at
 * 'h' has more than YL_HTML_MAX_ATTRS, the page without the extra ones (except rel,
 * href, property and content, which yuliao reads) goes into 'out' and 1 is returned;
 * otherwise 0 and 'out' is untouched; -1 when out of memory. */
int yl_html_cap_attrs(const char *h, size_t n, yl_buf *out);

/* A page with long runs of non-ASCII text replaced by stand-ins (see html_mask.c). */
typedef struct yl_html_mask {
  const char *orig;
  yl_buf html;         /* the page as libxml2 gets it */
  size_t *off, *len;   /* run k is orig[off[k]..off[k]+len[k]) */
  size_t n, cap;       /* runs; 0: the page is parsed as it is */
  unsigned char *seen; /* stand-in k came back in text */
  size_t found;        /* how many did */
} yl_html_mask;

/* Builds m->html from the 'n' bytes at 'h', or leaves m->n at 0 when the page is to
 * be parsed as it is. 'valid': the page is known to be valid UTF-8. */
yl_status yl_html_mask_build(yl_html_mask *m, const char *h, size_t n, int valid);
void yl_html_mask_free(yl_html_mask *m);
/* Appends s to b with every stand-in replaced by its run. */
yl_status yl_html_mask_put(const yl_html_mask *m, yl_buf *b, const char *s, size_t n);
/* Notes the stand-ins in one whole text node; 0 when one is cut, is not a stand-in
 * of this page, or was seen before. */
int yl_html_mask_text(yl_html_mask *m, const char *s, size_t n);
/* Did every stand-in come back? */
int yl_html_mask_complete(const yl_html_mask *m);

/* The same check over text that comes in chunks (parse events): a stand-in may be
 * cut between two chunks of one text, never by anything else. */
typedef struct yl_html_mask_feed {
  unsigned char pend[6]; /* the start of a stand-in at the end of the last chunk */
  size_t npend;
  int bad; /* a stand-in was cut, foreign or repeated */
} yl_html_mask_feed;

void yl_html_mask_chunk(yl_html_mask *m, yl_html_mask_feed *f, const char *s, size_t n);
/* Something that is not text came: the text before it has ended. */
void yl_html_mask_text_ends(yl_html_mask_feed *f);

/* ---- html.c: paragraph building ------------------------------------------------ */

/* Paragraphs from the text and elements of a page, in document order. */
typedef struct yl_html_walker {
  yl_html_doc *doc;
  size_t cap;
  yl_buf text;
  /* the paragraph has non-space text; some of it outside <b>, <i>, <small> */
  int has_text, plain_bold, plain_italic, plain_small;
  int bold, italic, small, table, heading; /* nesting depths */
  int heading_seen;                         /* paragraph touched a heading */
  int after_hr, seen_text;
  int img_pending, img_table; /* an <img> came and no paragraph since; its table depth */
  yl_html_tags *tags;
  const yl_html_mask *mask; /* the paragraph text holds stand-ins until flush */
  yl_buf plain;             /* flush: the text with its runs back */
  yl_status st;
} yl_html_walker;

void yl_html_walker_text(yl_html_walker *w, const char *s, size_t n);
/* An element opens (t: its tag bits) / closes. */
void yl_html_walker_enter(yl_html_walker *w, unsigned t);
void yl_html_walker_leave(yl_html_walker *w, unsigned t);
/* Ends the paragraph being built. */
void yl_html_walker_flush(yl_html_walker *w);
void yl_html_walker_free(yl_html_walker *w);

/* Title or h1 text: runs put back, normalised; NULL when empty, or out of memory, which
 * is stored in '*st' when 'st' is not NULL. */
char *yl_html_finish_text(const yl_html_mask *m, const char *s, size_t n, yl_status *st);
/* The title and canonical URL from what the page gave (takes h1 and og). */
void yl_html_settle_meta(yl_html_doc *d, char *h1, char *og);

/* ---- html_tree.c ---------------------------------------------------------------- */

/* YL_HTML_TREE: libxml2's tree of the page (of m->html when 'm' masked it, falling
 * back to the page as it is when a stand-in went astray), walked. */
yl_status yl_html_tree_parse(const char *html, size_t len, unsigned opts, yl_html_mask *m,
                             yl_html_doc *out);

#endif
