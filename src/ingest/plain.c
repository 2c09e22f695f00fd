/* Plain text and Markdown → paragraphs (see plain.h). */
#include "ingest/plain.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "yuliao/norm.h"

static yl_status add_para(yl_html_doc *h, size_t *cap, const char *s, size_t n, unsigned flags) {
  char *out;
  size_t olen;
  yl_status st = yl_norm_text(s, n, &out, &olen, &h->n_invalid);
  if (st) return st;
  if (!olen) {
    free(out);
    return YL_OK;
  }
  if (h->n == *cap) {
    size_t c = *cap ? *cap * 2 : 32;
    yl_html_para *p = realloc(h->paras, c * sizeof *p);
    if (!p) {
      free(out);
      return YL_ERR_NOMEM;
    }
    h->paras = p, *cap = c;
  }
  h->paras[h->n++] = (yl_html_para){out, olen, flags};
  return YL_OK;
}

/* Is the first line (l, ll; 'f' its heading flag; 'after' the offset of the next
 * line in 't') a title? */
static int title_line(const char *t, size_t n, size_t after, const char *l, size_t ll,
                      unsigned f) {
  while (after < n && (t[after] == ' ' || t[after] == '\t' || t[after] == '\r')) after++;
  int blank_next = after >= n || t[after] == '\n';
  size_t cl = ll;
  while (cl && (l[cl - 1] == ' ' || l[cl - 1] == '\r' || l[cl - 1] == '\t')) cl--;
  int sentence = (cl >= 3 && (!memcmp(l + cl - 3, "。", 3) || !memcmp(l + cl - 3, "！", 3) ||
                              !memcmp(l + cl - 3, "？", 3))) ||
                 (cl && strchr(".!?", l[cl - 1]));
  size_t cps = yl_utf8_count(l, cl);
  return f == YL_HTML_HEADING || (blank_next && !sentence && cps <= 60 && cps > 0);
}

yl_status yl_plain_parse(const char *t, size_t n, yl_html_doc *h) {
  memset(h, 0, sizeof *h);
  size_t cap = 0;
  int title_done = 0;
  yl_status st = YL_OK;
  for (size_t pos = 0; pos < n && !st;) {
    const char *nl = memchr(t + pos, '\n', n - pos);
    size_t e = nl ? (size_t)(nl - t) : n;
    const char *l = t + pos;
    size_t ll = e - pos;
    unsigned f = 0;
    size_t hashes = 0;
    while (hashes < ll && hashes < 6 && l[hashes] == '#') hashes++;
    if (hashes && hashes < ll && l[hashes] == ' ') l += hashes, ll -= hashes, f = YL_HTML_HEADING;
    if (h->n == 0 && !title_done && strspn(l, " \t\r") < ll) {
      title_done = 1;
      if (title_line(t, n, nl ? e + 1 : n, l, ll, f)) f |= YL_HTML_LEADING;
    }
    st = add_para(h, &cap, l, ll, f);
    pos = e + 1;
  }
  /* the title line: its text is the title, the paragraph is body (ingest drops it as
   * a repeat of the title) */
  if (!st && h->n && (h->paras[0].flags & YL_HTML_LEADING)) {
    if (!(h->title = strdup(h->paras[0].text))) st = YL_ERR_NOMEM;
    h->paras[0].flags = 0;
  }
  if (st) yl_html_doc_clear(h);
  return st;
}
