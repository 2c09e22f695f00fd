/* documents.csv cells shared by extract and analyze: every column, written for a
 * complete document and for a skipped one, against rows written out by hand. */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "yuliao/doccsv.h"

static char dir[256];

/* Writes the header and one row per doc (ids 1, 2, …), returns the file's text. */
static char *write_rows(const yl_doc *docs, size_t n, const size_t *n_paras) {
  char path[400];
  snprintf(path, sizeof path, "%s/documents.csv", dir);
  yl_csv *c;
  if (yl_csv_open(path, YL_CSV_NO_BOM, &c)) return NULL;
  yl_status st = yl_csv_header(c, yl_doccsv_columns);
  for (size_t i = 0; !st && i < n; i++) {
    st = yl_doccsv_cells(c, (int64_t)i + 1, &docs[i], n_paras[i]);
    if (!st) st = yl_csv_end_row(c);
  }
  if (st || yl_csv_commit(c)) return NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[4096];
  size_t len = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[len] = '\0';
  return buf;
}

static void test_rows(void) {
  yl_doc full = {
      .path = (char *)"in/dw/a.md", .status = YL_DOC_ANALYSED, .note = (char *)"",
      .outlet = (char *)"dw", .outlet_name = (char *)"德国之声",
      .title = (char *)"专访：\"开源\", 模型", .author = (char *)"德才",
      .url = (char *)"https://www.dw.com/zh/a-1",
      .published_ms = INT64_C(1738412412008), .published_from = "front-matter",
      .archived_ms = INT64_C(1738024040000), .layout = "A",
      .found = YL_FIELD_TITLE | YL_FIELD_URL | YL_FIELD_AUTHOR | YL_FIELD_PUBLISHED |
               YL_FIELD_OUTLET,
      .n_chars = 1234};
  yl_doc skipped = {.path = (char *)"in/x.png", .status = YL_DOC_SKIPPED,
                    .note = (char *)"binary file", .outlet = (char *)"",
                    .outlet_name = (char *)"", .published_ms = YL_TIME_NONE,
                    .published_from = "", .archived_ms = YL_TIME_NONE, .layout = ""};
  yl_doc docs[] = {full, skipped};
  size_t paras[] = {7, 0};
  char *got = write_rows(docs, 2, paras);
  OK(got != NULL);
  if (!got) return;
  STR_EQ(got,
         "doc_id,path,outlet,outlet_name,title,author,published,published_from,archived,url,"
         "layout,fields,paragraphs,chars,status,note\r\n"
         "1,in/dw/a.md,dw,德国之声,\"专访：\"\"开源\"\", 模型\",德才,2025-02-01T12:20:12.008Z,"
         "front-matter,2025-01-28T00:27:20Z,https://www.dw.com/zh/a-1,A,"
         "title url outlet author published,7,1234,analysed,\r\n"
         "2,in/x.png,,,,,,,,,,,0,0,skipped,binary file\r\n");
}

static void test_column_count(void) {
  size_t n = 0;
  while (yl_doccsv_columns[n]) n++;
  INT_EQ(n, YL_DOCCSV_NCOLS);
}

int main(void) {
  if (yl_test_scratch("doccsv", dir, sizeof dir)) return 2;
  RUN(test_rows);
  RUN(test_column_count);
  YL_TEST_DONE();
}
