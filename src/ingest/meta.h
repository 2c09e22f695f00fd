/* A document's metadata (internal): title, URL, author, publication time and outlet,
 * each from the first source that has it. */
#ifndef YL_INGEST_META_H
#define YL_INGEST_META_H

#include <stddef.h>

#include "ingest/frontmatter.h"
#include "ingest/html.h"
#include "yuliao/ingest.h"

/* Where metadata may come from, in order of precedence. */
typedef struct yl_meta_src {
  const yl_fm *fm;              /* front matter (layout A): fields NULL when absent */
  const char *link_title;       /* "[title](url)" link line (layouts A and B), or NULL */
  size_t link_title_len;
  const char *link_url;
  size_t link_url_len;
  const yl_html_doc *page;      /* the body: title, canonical URL, leading paragraphs */
  const yl_outlets *outlets;
  int outlet_from_folder;       /* outlet = the file's parent folder name */
} yl_meta_src;

/* Fills d's title, url, author, published_ms/published_from (d->archived_ms already
 * set from the stamp, if any), outlet, outlet_name and found bits. A header block of
 * leading italic paragraphs that holds a date gives date and author; its paragraphs
 * are marked in 'drop' (one byte per paragraph of src->page). YL_OK or YL_ERR_NOMEM. */
yl_status yl_meta_fill(yl_doc *d, const yl_meta_src *src, unsigned char *drop);

#endif
