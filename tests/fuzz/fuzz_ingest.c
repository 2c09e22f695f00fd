/* Fuzz target: the ingest parsers on arbitrary bytes. Byte 0 mod 4 picks the entry:
 * 0 HTML → paragraphs (+ boilerplate rules over them), 1 front matter + stamp + link
 * line + rule, 2 date parsers (a parsed ISO date must format and parse back to the
 * same value), 3 outlet table text + a URL match. Checks: no crash, no leak, every
 * paragraph non-empty and NUL-terminated at its length, HTML parsed by events or by
 * tree, masked or not (and with YL_HTML_VALID_UTF8 when the page is valid UTF-8), as
 * libxml2's tree of the page as it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "ingest/boiler.h"
#include "ingest/date.h"
#include "ingest/frontmatter.h"
#include "ingest/html.h"
#include "yuliao/outlets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUST(x)                                                                        \
  do {                                                                                 \
    if (!(x)) abort();                                                                 \
  } while (0)

/* Strict UTF-8 (base/utf8.h: no overlong forms, no surrogates, nothing past
 * U+10FFFF), as ingest leaves a page: the promise YL_HTML_VALID_UTF8 makes. */
static int valid_utf8(const unsigned char *s, size_t n) {
  for (size_t i = 0, k; i < n; i += k)
    if (!(k = yl_utf8_len(s + i, n - i))) return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  switch (data[0] % 4) {
    case 0: {
      yl_html_doc d, plain;
      if (yl_html_parse(s, n, &d) != YL_OK) return 0;
      /* events and masking give what libxml2's tree of the page as it is gives
       * (html.c, sax_parse; html_mask.c; html_tree.c) */
      int valid = valid_utf8((const unsigned char *)s, n);
      static const unsigned variants[] = {YL_HTML_TREE | YL_HTML_NO_MASK, YL_HTML_TREE,
                                          YL_HTML_NO_MASK, 0};
      for (size_t v = 0; v < 8; v++) {
        if (v == 3 || (v >= 4 && !valid)) continue; /* 3 is 'd' itself */
        unsigned o = variants[v % 4] | (v >= 4 ? YL_HTML_VALID_UTF8 : 0);
        MUST(yl_html_parse_with(s, n, o, &plain) == YL_OK);
        MUST(yl_html_doc_same(&d, &plain));
        yl_html_doc_clear(&plain);
      }
      for (size_t i = 0; i < d.n; i++) MUST(d.paras[i].len > 0 && !d.paras[i].text[d.paras[i].len]);
      yl_boiler *b;
      MUST(yl_boiler_new(&b) == YL_OK);
      const char *rules = "*\thr-footer\tRSS\n*\tprefix\t版权\n*\tlast-bold-contains\t记者\n";
      MUST(yl_boiler_load_text(b, rules, strlen(rules), "fuzz", NULL) == YL_OK);
      unsigned char *drop = calloc(d.n + 1, 1);
      MUST(drop);
      MUST(yl_boiler_apply(b, "x", d.paras, d.n, drop) <= d.n);
      free(drop);
      yl_boiler_free(b);
      yl_html_doc_clear(&d);
      break;
    }
    case 1: {
      yl_fm fm;
      size_t end = 0, pos = 0;
      if (yl_fm_parse(s, n, &fm, &end) == YL_OK) {
        MUST(end <= n);
        pos = end;
        yl_fm_clear(&fm);
      }
      int64_t ms;
      const char *t, *u;
      size_t tl, ul;
      yl_fm_stamp(s, n, &pos, &ms);
      MUST(pos <= n);
      if (yl_fm_linkline(s, n, &pos, &t, &tl, &u, &ul)) MUST(t >= s && u + ul <= s + n);
      yl_fm_rule(s, n, &pos);
      MUST(pos <= n);
      break;
    }
    case 2: {
      int64_t ms, back;
      char buf[32];
      if (yl_date_iso(s, n, &ms) == YL_OK) {
        size_t l = yl_date_format(ms, buf);
        MUST(yl_date_iso(buf, l, &back) == YL_OK && back == ms);
      }
      yl_date_rfc2822(s, n, &ms);
      yl_date_epoch_ms(s, n, &ms);
      break;
    }
    default: {
      yl_outlets *t;
      MUST(yl_outlets_new(&t) == YL_OK);
      yl_error err;
      yl_status st = yl_outlets_load_text(t, s, n, "fuzz", &err);
      /* a refused line is named by its file and line, with a reason */
      MUST(err.code == st);
      if (st == YL_ERR_DICT) MUST(!strcmp(err.file, "fuzz") && err.line >= 1 && err.message[0]);
      const yl_outlet *o = yl_outlets_match(t, "https://www.news.example.com/zh/a/1.html");
      if (o) MUST(o->id && o->name);
      char *h = yl_outlets_host("https://www.news.example.com/zh/a/1.html");
      free(h);
      yl_outlets_free(t);
    }
  }
  return 0;
}
