/* Fuzz target: the CSV writer. The input is split into cells at 0x1F and rows at
 * 0x1E; the first byte picks the flags (bit 0 raw, bit 1 the excel-eu dialect). The written file is parsed back with a
 * strict RFC 4180 reader and must give the same cells (after neutralisation). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "yuliao/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the next field starting at *p; appends it to 'out' separated by 0x1F and
 * rows by 0x1E, exactly the input encoding. Returns 0 on a format error. */
static int parse(const char *s, size_t n, char sep, yl_buf *out) {
  size_t i = 0;
  int first_in_row = 1;
  while (i < n) {
    if (!first_in_row) yl_buf_putc(out, 0x1F);
    if (s[i] == '"') {
      i++;
      for (;;) {
        if (i >= n) return 0;
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            yl_buf_putc(out, '"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        yl_buf_putc(out, s[i++]);
      }
    } else {
      while (i < n && s[i] != sep && s[i] != '\r') {
        if (s[i] == '"' || s[i] == '\n') return 0;
        yl_buf_putc(out, s[i++]);
      }
    }
    if (i < n && s[i] == sep) {
      i++;
      first_in_row = 0;
      continue;
    }
    if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n') {
      i += 2;
      if (i < n) yl_buf_putc(out, 0x1E);
      first_in_row = 1;
      continue;
    }
    return 0;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned flags = ((data[0] & 1) ? YL_CSV_RAW : 0) | ((data[0] & 2) ? YL_CSV_EXCEL_EU : 0);
  const char *in = (const char *)data + 1;
  size_t n = size - 1;
  char path[256];
  const char *tmp = getenv("YL_TMP");
  snprintf(path, sizeof path, "%s/fuzzcsv-%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
  yl_csv *c;
  if (yl_csv_open(path, flags | YL_CSV_NO_BOM, &c) != YL_OK) return 0;
  yl_buf want = YL_BUF_INIT;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && in[i] != 0x1F && in[i] != 0x1E) continue;
    const char *cell = in + start;
    size_t len = i - start;
    yl_csv_text(c, cell, len);
    if (!(flags & YL_CSV_RAW) && len &&
        (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
         cell[0] == '\t' || cell[0] == '\r'))
      yl_buf_putc(&want, '\'');
    yl_buf_put(&want, cell, len);
    if (i < n) yl_buf_putc(&want, in[i]);
    if (i == n || in[i] == 0x1E) yl_csv_end_row(c);
    start = i + 1;
  }
  if (yl_csv_commit(c) != YL_OK) {
    yl_buf_free(&want);
    return 0;
  }
  FILE *f = fopen(path, "rb");
  yl_buf got = YL_BUF_INIT, file = YL_BUF_INIT;
  char chunk[4096];
  size_t k;
  while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0) yl_buf_put(&file, chunk, k);
  if (f) fclose(f);
  unlink(path);
  /* An empty single cell writes an empty record; both sides then read as nothing. */
  int ok = parse(file.data ? file.data : "", file.len, flags & YL_CSV_EXCEL_EU ? ';' : ',', &got);
  if (!ok || got.len != want.len || (got.len && memcmp(got.data, want.data, got.len))) {
    if (!(want.len == 0 && got.len == 0)) abort();
  }
  yl_buf_free(&want);
  yl_buf_free(&got);
  yl_buf_free(&file);
  return 0;
}
