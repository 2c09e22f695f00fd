/* Metadata of a document (see meta.h). Sources, first wins:
 *  title   front matter, link line, <title> (or h1), plain-text title line;
 *  url     front matter, link line, canonical link (or og:url);
 *  author  front matter, header block;
 *  date    front matter, header block, archive stamp (found only from the first two);
 *  outlet  parent folder (--outlet-from folder), the URL in the outlet table, the
 *          URL's host, "unknown". */
#include "ingest/meta.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/date.h"
#include "ingest/doc.h"
#include "yuliao/norm.h"

static char *norm_dup(const char *s, size_t n) {
  char *out;
  size_t olen;
  if (yl_norm_text(s, n, &out, &olen, NULL)) return NULL;
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
  char *r = strdup(base ? base + 1 : p);
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
      if (!st) st = yl_doc_note(d, "host %s not in the outlet table", host);
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
                              char **hauthor) {
  size_t start = 0;
  unsigned hl = YL_HTML_HEADING | YL_HTML_LEADING;
  while (start < h->n && (h->paras[start].flags & hl) == YL_HTML_HEADING) start++;
  size_t end = start;
  while (end < h->n && (h->paras[end].flags & YL_HTML_LEADING)) end++;
  int has_date = 0;
  int64_t ms;
  for (size_t i = start; i < end; i++)
    if (yl_date_any(h->paras[i].text, h->paras[i].len, &ms) == YL_OK) {
      if (!has_date) *hdate = ms;
      has_date = 1;
    }
  if (!has_date) return YL_OK;
  for (size_t i = start; i < end; i++) {
    if (yl_date_any(h->paras[i].text, h->paras[i].len, &ms) != YL_OK && !*hauthor &&
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
  char *hauthor = NULL;
  yl_status st = header_block(h, drop, &hdate, &hauthor);
  if (st) return st;
  if (!d->author && hauthor) d->author = hauthor, hauthor = NULL;
  free(hauthor);
  int64_t ms;
  if (fm->date) {
    if (yl_date_any(fm->date, strlen(fm->date), &ms) == YL_OK)
      d->published_ms = ms, d->published_from = "front-matter";
    else st = yl_doc_note(d, "front matter date not understood: %.60s", fm->date);
  }
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
