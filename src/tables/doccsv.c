/* documents.csv cells shared by extract and analyze (see yuliao/doccsv.h). */
#include "yuliao/doccsv.h"

#include <string.h>

#include "ingest/date.h"

const char *const yl_doccsv_columns[YL_DOCCSV_NCOLS + 1] = {
    "doc_id",    "path",           "outlet",   "outlet_name", "title",  "author",
    "published", "published_from", "archived", "url",         "layout", "fields",
    "paragraphs", "chars",         "status",   "note",        NULL};

static yl_status time_cell(yl_csv *c, int64_t ms) {
  if (ms == YL_TIME_NONE) return yl_csv_str(c, "");
  char b[32];
  size_t n = yl_date_format(ms, b);
  return yl_csv_text(c, b, n);
}

static yl_status fields_cell(yl_csv *c, unsigned f) {
  static const struct {
    unsigned bit;
    const char *name;
  } names[] = {{YL_FIELD_TITLE, "title"},         {YL_FIELD_URL, "url"},
               {YL_FIELD_OUTLET, "outlet"},       {YL_FIELD_AUTHOR, "author"},
               {YL_FIELD_PUBLISHED, "published"}, {YL_FIELD_ARCHIVED, "archived"}};
  char b[128] = "";
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (f & names[i].bit) {
      if (*b) strcat(b, " ");
      strcat(b, names[i].name);
    }
  return yl_csv_str(c, b);
}

yl_status yl_doccsv_cells(yl_csv *c, int64_t doc_id, const yl_doc *d, size_t n_paras) {
  yl_status st = yl_csv_int(c, doc_id);
  if (!st) st = yl_csv_str(c, d->path);
  if (!st) st = yl_csv_str(c, d->outlet);
  if (!st) st = yl_csv_str(c, d->outlet_name);
  if (!st) st = yl_csv_str(c, d->title);
  if (!st) st = yl_csv_str(c, d->author);
  if (!st) st = time_cell(c, d->published_ms);
  if (!st) st = yl_csv_str(c, d->published_from);
  if (!st) st = time_cell(c, d->archived_ms);
  if (!st) st = yl_csv_str(c, d->url);
  if (!st) st = yl_csv_str(c, d->layout);
  if (!st) st = fields_cell(c, d->found);
  if (!st) st = yl_csv_int(c, (int64_t)n_paras);
  if (!st) st = yl_csv_int(c, (int64_t)d->n_chars);
  if (!st) st = yl_csv_str(c, yl_doc_status_name(d->status));
  if (!st) st = yl_csv_str(c, d->note);
  return st;
}
