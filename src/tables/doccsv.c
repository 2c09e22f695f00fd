/* documents.csv cells shared by extract and analyze (see yuliao/doccsv.h). */
#include "yuliao/doccsv.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/escape.h"

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

/* The remark a row gets when its path cell is the escaped form of the name. */
#define ESCAPED_NOTE "file name escaped (docs/extract.md)"

/* The path cell, and the note cell with ESCAPED_NOTE when the path was escaped. */
static yl_status path_cell(yl_csv *c, const char *path, int escaped) {
  if (!escaped) return yl_csv_str(c, path);
  char *shown = yl_escape_dup(path);
  if (!shown) return YL_ERR_NOMEM;
  yl_status st = yl_csv_str(c, shown);
  free(shown);
  return st;
}

static yl_status note_cell(yl_csv *c, const char *note, int escaped) {
  if (!escaped) return yl_csv_str(c, note);
  yl_buf b = YL_BUF_INIT;
  if (*note) yl_buf_printf(&b, "%s; ", note);
  yl_buf_puts(&b, ESCAPED_NOTE);
  yl_status st = b.failed ? YL_ERR_NOMEM : yl_csv_text(c, b.data, b.len);
  yl_buf_free(&b);
  return st;
}

yl_status yl_doccsv_cells(yl_csv *c, int64_t doc_id, const yl_doc *d, size_t n_paras) {
  /* A name with invalid UTF-8, a control or a bidi character would break the table
   * (or show another name): it is written escaped, and the row says so. */
  int escaped = yl_escape_needed(d->path, strlen(d->path));
  yl_status st = yl_csv_int(c, doc_id);
  if (!st) st = path_cell(c, d->path, escaped);
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
  if (!st) st = note_cell(c, d->note, escaped);
  return st;
}
