/* Metadata of a document (see meta.h). Sources, first wins:
 *  title   front matter, link line, <title> (or h1), plain-text title line;
 *  url     front matter, link line, canonical link (or og:url);
 *  author  front matter, header block;
 *  date    front matter, header block, archive stamp (found only from the first two);
 *  outlet  parent folder (--outlet-from folder), the URL in the outlet table, the
 *          URL's host, "unknown". */
#include "base/escape.h"
#include "ingest/meta.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/date.h"
#include "ingest/doc.h"
#include "yuliao/norm.h"

/* Appends code point 'c' as UTF-8 (an impossible one as U+FFFD). */
static yl_status put_cp(yl_buf *b, unsigned long c) {
  if (!c || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  char u[4];
  size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  if (n == 1) u[0] = (char)c;
  else {
    for (size_t i = n - 1; i > 0; i--, c >>= 6) u[i] = (char)(0x80 | (c & 0x3F));
    u[0] = (char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | c);
  }
  return yl_buf_put(b, u, n);
}

/* HTML character references in 'n' bytes of 's' decoded (&quot; &amp; &#21328;
 * &#x5F00;, the names libxml2's HTML parser knows) into 'b'; others stay as they are.
 * Front matter and link titles are written by archivers that escape HTML (some twice),
 * and the body's references are decoded by libxml2 already. */
static yl_status decode_refs(const char *s, size_t n, yl_buf *b) {
  yl_status st = YL_OK;
  size_t i = 0;
  while (!st && i < n) {
    const char *amp = memchr(s + i, '&', n - i);
    size_t k = amp ? (size_t)(amp - s) : n;
    st = yl_buf_put(b, s + i, k - i);
    if (st || !amp) break;
    i = k;
    const char *semi = memchr(s + i, ';', n - i < 34 ? n - i : 34);
    unsigned long c = 0;
    if (semi && s[i + 1] == '#') {
      const char *p = s + i + 2;
      int hex = *p == 'x' || *p == 'X';
      p += hex;
      char *end;
      c = p < semi ? strtoul(p, &end, hex ? 16 : 10) : 0;
      if (p == semi || end != semi) c = 0, semi = NULL;
      else if (!c) c = 0xFFFD;
    } else if (semi && semi > s + i + 1) {
      char name[34];
      size_t nl = (size_t)(semi - s) - i - 1;
      memcpy(name, s + i + 1, nl);
      name[nl] = '\0';
      const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
      if (e) c = e->value;
      else semi = NULL;
    } else {
      semi = NULL;
    }
    if (!semi) {
      st = yl_buf_putc(b, '&');
      i++;
      continue;
    }
    st = put_cp(b, c);
    i = (size_t)(semi - s) + 1;
  }
  return st;
}

/* A metadata value: its character references decoded (twice at most: '&amp;#24320;'
 * is how some archivers write 开), then normalised like the text. */
static char *norm_dup(const char *s, size_t n) {
  yl_buf a = YL_BUF_INIT, b = YL_BUF_INIT;
  char *out = NULL;
  size_t olen;
  if (!decode_refs(s, n, &a) && !decode_refs(a.data ? a.data : "", a.len, &b))
    if (yl_norm_text(b.data ? b.data : "", b.len, &out, &olen, NULL)) out = NULL;
  yl_buf_free(&a);
  yl_buf_free(&b);
  return out;
}

/* Parent folder name of 'path' ("" when none). */
static char *parent_name(const char *path) {
  char *p = strdup(path);
  if (!p) return NULL;
  char *slash = strrchr(p, '/');
  if (!slash) {
    free(p);
    return strdup("");
  }
  *slash = '\0';
  while (slash > p && slash[-1] == '/') *--slash = '\0';
  char *base = strrchr(p, '/');
  char *r = yl_escape_dup(base ? base + 1 : p); /* shown like the path it comes from */
  free(p);
  return r;
}

static yl_status set_str(char **slot, const char *v) {
  char *s = strdup(v ? v : "");
  if (!s) return YL_ERR_NOMEM;
  free(*slot);
  *slot = s;
  return YL_OK;
}

static yl_status set_outlet(const yl_meta_src *src, yl_doc *d) {
  yl_status st;
  if (src->outlet_from_folder) {
    char *folder = parent_name(d->path);
    if (!folder) return YL_ERR_NOMEM;
    if (*folder) {
      const yl_outlet *o = yl_outlets_by_id(src->outlets, folder);
      st = set_str(&d->outlet, folder);
      if (!st) st = set_str(&d->outlet_name, o ? o->name : folder);
      d->found |= YL_FIELD_OUTLET;
      free(folder);
      return st;
    }
    free(folder);
  }
  if (d->url) {
    const yl_outlet *o = yl_outlets_match(src->outlets, d->url);
    if (o) {
      d->found |= YL_FIELD_OUTLET;
      st = set_str(&d->outlet, o->id);
      return st ? st : set_str(&d->outlet_name, o->name);
    }
    char *host = yl_outlets_host(d->url);
    if (host) {
      st = set_str(&d->outlet, host);
      if (!st) st = set_str(&d->outlet_name, host);
      const char *key = NULL;
      const yl_outlet *kin = yl_outlets_kin(src->outlets, d->url, &key);
      if (st) {
      } else if (kin && !strncmp(key, host, strlen(host)) && key[strlen(host)] == '/') {
        st = yl_doc_note(d, "host %s holds %s (%s), but this page is outside %s: an outlet of "
                         "its own", host, kin->id, key, key + strlen(host));
      } else if (kin) {
        st = yl_doc_note(d, "host %s is not in the outlet table, though its domain is %s's "
                         "(%s): an outlet of its own (an --outlets line would make it %s)",
                         host, kin->id, key, kin->id);
      } else {
        st = yl_doc_note(d, "host %s not in the outlet table", host);
      }
      free(host);
      return st;
    }
  }
  st = set_str(&d->outlet, "unknown");
  return st ? st : set_str(&d->outlet_name, "unknown");
}

/* Header block: leading italic paragraphs holding a date (and maybe an author), after
 * the headings a page saved whole starts with. */
static yl_status header_block(const yl_html_doc *h, unsigned char *drop, int64_t *hdate,
                              int *hdate_out, char **hauthor) {
  size_t start = 0;
  unsigned hl = YL_HTML_HEADING | YL_HTML_LEADING;
  while (start < h->n && (h->paras[start].flags & hl) == YL_HTML_HEADING) start++;
  size_t end = start;
  while (end < h->n && (h->paras[end].flags & YL_HTML_LEADING)) end++;
  int has_date = 0;
  int64_t ms;
  /* a date outside the years 0000-9999 is still the block's date line, just not used */
  for (size_t i = start; i < end; i++) {
    yl_status st = yl_date_any(h->paras[i].text, h->paras[i].len, &ms);
    if (st == YL_ERR_PARSE) continue;
    if (!has_date && st == YL_OK) *hdate = ms;
    if (!has_date && st == YL_ERR_LIMIT) *hdate_out = 1;
    has_date = 1;
  }
  if (!has_date) return YL_OK;
  for (size_t i = start; i < end; i++) {
    if (yl_date_any(h->paras[i].text, h->paras[i].len, &ms) == YL_ERR_PARSE && !*hauthor &&
        !(*hauthor = strdup(h->paras[i].text)))
      return YL_ERR_NOMEM;
    drop[i] = 1;
  }
  return YL_OK;
}

/* An empty string counts as missing. */
static void drop_empty(char **s) {
  if (*s && !**s) free(*s), *s = NULL;
}

yl_status yl_meta_fill(yl_doc *d, const yl_meta_src *src, unsigned char *drop) {
  const yl_fm *fm = src->fm;
  const yl_html_doc *h = src->page;
  if (fm->title) d->title = norm_dup(fm->title, strlen(fm->title));
  else if (src->link_title && src->link_title_len)
    d->title = norm_dup(src->link_title, src->link_title_len);
  else if (h->title) d->title = strdup(h->title);
  if (fm->url) d->url = norm_dup(fm->url, strlen(fm->url));
  else if (src->link_url && src->link_url_len) d->url = norm_dup(src->link_url, src->link_url_len);
  else if (h->canonical) d->url = norm_dup(h->canonical, strlen(h->canonical));
  if (fm->author) d->author = norm_dup(fm->author, strlen(fm->author));
  if ((!d->title && (fm->title || (src->link_title && src->link_title_len) || h->title)) ||
      (!d->url && (fm->url || (src->link_url && src->link_url_len) || h->canonical)) ||
      (!d->author && fm->author))
    return YL_ERR_NOMEM; /* a copy above failed */
  drop_empty(&d->title);
  drop_empty(&d->url);
  drop_empty(&d->author);
  int64_t hdate = YL_TIME_NONE;
  int hdate_out = 0;
  char *hauthor = NULL;
  yl_status st = header_block(h, drop, &hdate, &hdate_out, &hauthor);
  if (st) return st;
  if (!d->author && hauthor) d->author = hauthor, hauthor = NULL;
  free(hauthor);
  int64_t ms;
  if (fm->date) {
    st = yl_date_any(fm->date, strlen(fm->date), &ms);
    if (st == YL_OK) d->published_ms = ms, d->published_from = "front-matter";
    else if (st == YL_ERR_LIMIT)
      st = yl_doc_note(d, "front matter date outside the years 0000-9999: %.60s", fm->date);
    else st = yl_doc_note(d, "front matter date not understood: %.60s", fm->date);
  }
  if (!st && hdate_out && d->published_ms == YL_TIME_NONE)
    st = yl_doc_note(d, "header date outside the years 0000-9999: not used");
  if (!st && d->published_ms == YL_TIME_NONE && hdate != YL_TIME_NONE)
    d->published_ms = hdate, d->published_from = "header";
  if (!st && d->published_ms == YL_TIME_NONE && d->archived_ms != YL_TIME_NONE)
    d->published_ms = d->archived_ms, d->published_from = "stamp";
  if (!st) st = set_outlet(src, d);
  if (st) return st;
  if (d->title) d->found |= YL_FIELD_TITLE;
  if (d->url) d->found |= YL_FIELD_URL;
  if (d->author) d->found |= YL_FIELD_AUTHOR;
  if (d->published_ms != YL_TIME_NONE && strcmp(d->published_from, "stamp"))
    d->found |= YL_FIELD_PUBLISHED;
  return YL_OK;
}
