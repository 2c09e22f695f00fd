/* HTML → paragraphs (internal), with libxml2's HTML parser in recovery mode, no
 * network, no external entities, default depth limits. Block elements end a
 * paragraph, inline ones do not; img/script/style/noscript/head carry no text, nor
 * do page chrome elements nav/footer/aside.
 * Each paragraph is normalised with yl_norm_text and carries the flags the
 * boilerplate rules and the ingest stage need. Thread safe (no shared state). */
#ifndef YL_HTML_H
#define YL_HTML_H

#include <stddef.h>

#include "yuliao/status.h"

enum yl_html_flags {
  YL_HTML_BOLD = 1u << 0,     /* every character is inside <b>/<strong> */
  YL_HTML_ITALIC = 1u << 1,   /* every character is inside <i>/<em> */
  YL_HTML_SMALL = 1u << 2,    /* every character is inside <small> */
  YL_HTML_AFTER_HR = 1u << 3, /* an <hr> came before it */
  YL_HTML_HEADING = 1u << 4,  /* inside <h1>…<h6> */
  YL_HTML_CAPTION = 1u << 5,  /* image caption (see yl_html_parse) */
  YL_HTML_LEADING = 1u << 6   /* italic and before any other text: a header block */
};

typedef struct yl_html_para {
  char *text; /* normalised, NUL-terminated */
  size_t len;
  unsigned flags; /* yl_html_flags */
} yl_html_para;

typedef struct yl_html_doc {
  yl_html_para *paras;
  size_t n;
  char *title;     /* <title> (or the first <h1> when <title> is that h1 plus a site
                    * suffix), else the first <h1>; NULL when neither */
  char *canonical; /* <link rel="canonical"> href, else <meta property="og:url">; or NULL */
  size_t n_invalid; /* invalid UTF-8 sequences replaced while normalising */
  size_t n_masked;  /* text runs libxml2 saw as stand-ins (html_mask.c); 0 when the
                     * page was parsed as it is */
} yl_html_doc;

/* Parses 'len' bytes of UTF-8 HTML (a full page or a fragment) into 'out' (release
 * with yl_html_doc_clear). Captions: the first non-empty paragraph after an <img>
 * when it is all <small>, or when the image sat in a table and the paragraph is in
 * that same table (layout tables with a caption row). */
yl_status yl_html_parse(const char *html, size_t len, yl_html_doc *out);
/* The same with options: YL_HTML_NO_MASK hands the page to libxml2 as it is, and
 * YL_HTML_TREE walks libxml2's tree instead of following its parse events (html_tree.c:
 * the results must be identical; tests and the fuzzer compare them);
 * YL_HTML_VALID_UTF8 promises that the page is valid UTF-8 (no surrogates, no
 * overlong forms), as ingest's decoding leaves it, so it is not checked again. */
enum { YL_HTML_NO_MASK = 1u << 0, YL_HTML_VALID_UTF8 = 1u << 1, YL_HTML_TREE = 1u << 2 };
yl_status yl_html_parse_with(const char *html, size_t len, unsigned opts, yl_html_doc *out);
void yl_html_doc_clear(yl_html_doc *d);
/* Same paragraphs (text and flags), title, canonical URL and invalid count? */
int yl_html_doc_same(const yl_html_doc *a, const yl_html_doc *b);

#endif
