/* CSV writer and atomic output: quoting, BOM, formula neutralisation, numbers. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "base/json.h"
#include "yuliao/csv.h"
#include "yuliao/outfile.h"

static char tmpdir[256];

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[8192];
  *len = fread(buf, 1, sizeof buf - 1, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static void test_quoting(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/q.csv", tmpdir);
  yl_csv *c;
  INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM, &c), YL_OK);
  const char *hdr[] = {"a", "b", NULL};
  yl_csv_header(c, hdr);
  yl_csv_str(c, "x,y");
  yl_csv_str(c, "say \"hi\"");
  yl_csv_end_row(c);
  yl_csv_str(c, "line\nbreak");
  yl_csv_str(c, " lead");
  yl_csv_end_row(c);
  yl_csv_str(c, "中文，逗号");
  yl_csv_str(NULL ? NULL : c, NULL);
  yl_csv_end_row(c);
  /* nothing is visible before commit */
  struct stat st;
  OK(stat(path, &st) != 0);
  INT_EQ(yl_csv_commit(c), YL_OK);
  size_t len;
  char *got = slurp(path, &len);
  const char *want = "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",\" lead\"\r\n中文，逗号,\r\n";
  OK(got != NULL);
  if (got) STR_EQ(got, want);
}

/* A cell longer than a spreadsheet holds (32,767 UTF-16 units) keeps its first 32,000
 * units, cut at a character, and says so; the row stays one row. Counted here by hand:
 * 40,000 ideographs (3 bytes, 1 unit each); then 20,000 emoji (4 bytes, 2 units). */
static void test_long_cells(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/long.csv", tmpdir);
  yl_csv *c;
  INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM, &c), YL_OK);
  size_t n = 40000 * 3;
  char *big = malloc(20000 * 4 + 1);
  char *han = malloc(n + 1);
  for (size_t i = 0; i < 40000; i++) memcpy(han + 3 * i, "长", 3);
  han[n] = '\0';
  for (size_t i = 0; i < 20000; i++) memcpy(big + 4 * i, "\xF0\x9F\x98\x80", 4);
  big[20000 * 4] = '\0';
  yl_csv_str(c, han);
  yl_csv_str(c, "next");
  yl_csv_end_row(c);
  yl_csv_str(c, big);
  yl_csv_str(c, "长");
  yl_csv_end_row(c);
  INT_EQ(yl_csv_cut_cells(c), 2);
  INT_EQ(yl_csv_commit(c), YL_OK);
  FILE *f = fopen(path, "rb");
  static char got[300000];
  size_t len = f ? fread(got, 1, sizeof got - 1, f) : 0;
  if (f) fclose(f);
  got[len] = '\0';
  const char *m1 = "…[cut by yuliao: 40000 characters in all],next\r\n";
  const char *m2 = "…[cut by yuliao: 40000 characters in all],长\r\n"; /* 20,000 × 2 units */
  char *p = strstr(got, m1);
  OK(p != NULL);
  if (p) INT_EQ((size_t)(p - got), 32000 * 3); /* 32,000 ideographs kept */
  char *q = p ? strstr(p + strlen(m1), m2) : NULL;
  OK(q != NULL);
  if (q) INT_EQ((size_t)(q - (p + strlen(m1))), 16000 * 4); /* 16,000 emoji = 32,000 units */
  free(big);
  free(han);
}

static void test_bom_and_formulas(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/f.csv", tmpdir);
  yl_csv *c;
  INT_EQ(yl_csv_open(path, 0, &c), YL_OK);
  yl_csv_str(c, "=SUM(A1)");
  yl_csv_str(c, "-5%");
  yl_csv_str(c, "@x");
  yl_csv_str(c, "+1,2");
  yl_csv_double(c, -2.5);
  yl_csv_int(c, -7);
  yl_csv_end_row(c);
  INT_EQ(yl_csv_commit(c), YL_OK);
  size_t len;
  char *got = slurp(path, &len);
  OK(got != NULL);
  if (got) STR_EQ(got, "\xEF\xBB\xBF'=SUM(A1),'-5%,'@x,\"'+1,2\",-2.5,-7\r\n");

  INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM | YL_CSV_RAW, &c), YL_OK);
  yl_csv_str(c, "=SUM(A1)");
  yl_csv_end_row(c);
  INT_EQ(yl_csv_commit(c), YL_OK);
  got = slurp(path, &len);
  if (got) STR_EQ(got, "=SUM(A1)\r\n");
}

/* The per-table memo of formatted numbers: many values, repeated and colliding in the
 * memo, give exactly the bytes of yl_format_double value by value. */
static void test_number_memo(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/memo.csv", tmpdir);
  yl_csv *c;
  INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM, &c), YL_OK);
  size_t cap = 1 << 20, wl = 0;
  char *want = malloc(cap);
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < 9000; i++) {
      double v = i % 3 ? 1.0 / (i + 1) : -(double)i * 0.1;
      if (i == 7) v = -0.0;
      yl_csv_double(c, v);
      yl_csv_end_row(c);
      char b[32];
      size_t n = yl_format_double(v, b);
      memcpy(want + wl, b, n);
      memcpy(want + wl + n, "\r\n", 2);
      wl += n + 2;
    }
  want[wl] = '\0';
  INT_EQ(yl_csv_commit(c), YL_OK);
  char *got = malloc(cap);
  FILE *f = fopen(path, "rb");
  size_t len = f && got ? fread(got, 1, cap, f) : 0;
  if (f) fclose(f);
  OK(got && len == wl && !memcmp(got, want, wl));
  free(got);
  free(want);
}

static void test_numbers(void) {
  char b[32];
  yl_format_double(0.1, b);
  STR_EQ(b, "0.1");
  yl_format_double(1.0 / 3.0, b);
  STR_EQ(b, "0.3333333333333333");
  yl_format_double(6.969192, b);
  STR_EQ(b, "6.969192");
  yl_format_double(1e-300, b);
  STR_EQ(b, "1e-300");
  yl_format_double(-0.0, b);
  STR_EQ(b, "0");
  yl_format_double(NAN, b);
  STR_EQ(b, "");
  yl_format_double(-INFINITY, b);
  STR_EQ(b, "-Inf");
  yl_format_double(12345678.0, b);
  STR_EQ(b, "12345678");
}

/* printf and strtod as the oracle: the shortest of %.15g … %.17g that reads back. */
static void reference_format(double v, char *out) {
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(out, 32, "%.*g", prec, v);
    if (strtod(out, NULL) == v) return;
  }
}

static int agrees(double v) {
  char got[32], want[32];
  size_t n = yl_format_double(v, got);
  reference_format(v, want);
  if (n == strlen(want) && !strcmp(got, want)) return 1;
  fprintf(stderr, "  %a: got %s, printf gives %s\n", v, got, want);
  return 0;
}

/* yl_format_double computes digits with exact integer arithmetic instead of printf:
 * it must give printf's bytes for every double, above all at the edges (powers of 10
 * and 2, ties, the ends of its range, the smallest mantissa). */
static void test_numbers_match_printf(void) {
  size_t bad = 0, n = 0;
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 200000; i++) { /* random mantissas over 1e-14 … 1e20 */
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    int be = 1023 - 47 + (int)(s % 115);
    uint64_t bits = ((uint64_t)be << 52) | (s >> 12) | (s & 1ULL << 63);
    double v;
    memcpy(&v, &bits, sizeof v);
    bad += !agrees(v), n++;
  }
  for (int x = -14; x <= 20; x++) { /* powers of 10, their neighbours, halves */
    double p = pow(10, x);
    double vs[] = {p, nextafter(p, 0), nextafter(p, INFINITY), 5 * p, 9.5 * p,
                   9.999999999999999 * p, 0.5 + p, 1.0 / 3 * p};
    for (size_t j = 0; j < sizeof vs / sizeof *vs; j++) bad += !agrees(vs[j]) + !agrees(-vs[j]), n += 2;
  }
  for (int x = -40; x <= 60; x++) { /* powers of 2: the gap below is half as wide */
    double p = ldexp(1, x);
    bad += !agrees(p) + !agrees(nextafter(p, 0)) + !agrees(nextafter(p, INFINITY)), n += 3;
  }
  for (int i = 1; i <= 20000; i++) { /* the values statistics produce: ratios, logs */
    bad += !agrees(i / 1000.0) + !agrees(log((double)i)) + !agrees(i * 0.1) + !agrees(1e4 * i / 7919.0), n += 4;
  }
  for (uint64_t i = 9007199254740990ULL; i < 9007199254741000ULL; i++) bad += !agrees((double)i), n++;
  bad += !agrees(1e-11) + !agrees(9.999999999999999e-12) + !agrees(99999999999999999.0), n += 3;
  fprintf(stderr, "  %zu values, %zu differ from printf\n", n, bad);
  INT_EQ(bad, 0);
}

static void test_abort_keeps_old(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/keep.csv", tmpdir);
  FILE *f = fopen(path, "wb");
  fputs("old\r\n", f);
  fclose(f);
  yl_csv *c;
  INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM, &c), YL_OK);
  yl_csv_str(c, "new");
  yl_csv_end_row(c);
  yl_csv_abort(c);
  size_t len;
  char *got = slurp(path, &len);
  if (got) STR_EQ(got, "old\r\n");
  /* no temporary file left behind */
  char cmd[800];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c tmp >/dev/null", tmpdir);
  OK(system(cmd) != 0);
}

static void test_full_disk(void) {
  /* /dev/full fails every write with ENOSPC; the temp file lives in /dev, so only
   * run when /dev is writable (root); otherwise test the open failure instead. */
  yl_outfile *o;
  yl_status st = yl_outfile_open("/nonexistent-dir/x.csv", &o);
  INT_EQ(st, YL_ERR_IO);
  INT_EQ(errno, ENOENT);
}

/* Round trip through an independent parser (Python's csv module): every hostile
 * cell must come back byte for byte. The expected rows go through JSON. */
static void test_roundtrip_python(void) {
  static const char *cells[][4] = {
      {"plain", "comma,inside", "quote\"inside\"", "CR\rcell"},
      {"LF\ncell", "CRLF\r\ncell", "  leading spaces", "trailing "},
      {"\"", ",", "", "中文，“引号”"},
      {"=1+2", "-3", "@cmd", "\tTAB"},
  };
  for (int raw = 0; raw <= 1; raw++) {
    char csvp[600], jsonp[600];
    snprintf(csvp, sizeof csvp, "%s/rt%d.csv", tmpdir, raw);
    snprintf(jsonp, sizeof jsonp, "%s/rt%d.json", tmpdir, raw);
    yl_csv *c;
    INT_EQ(yl_csv_open(csvp, raw ? YL_CSV_RAW : 0, &c), YL_OK);
    yl_buf j = YL_BUF_INIT;
    yl_buf_putc(&j, '[');
    for (int r = 0; r < 4; r++) {
      yl_buf_puts(&j, r ? ",[" : "[");
      for (int k = 0; k < 4; k++) {
        yl_csv_str(c, cells[r][k]);
        /* what a spreadsheet-safe file must hold: a leading apostrophe on formulas */
        const char *s = cells[r][k];
        int f = !raw && strchr("=+-@\t\r", s[0]) && s[0];
        yl_buf_puts(&j, k ? "," : "");
        if (f) {
          yl_buf t = YL_BUF_INIT;
          yl_buf_putc(&t, '\'');
          yl_buf_puts(&t, s);
          yl_json_str(&j, t.data, t.len);
          yl_buf_free(&t);
        } else {
          yl_json_str(&j, s, strlen(s));
        }
      }
      yl_csv_end_row(c);
      yl_buf_putc(&j, ']');
    }
    yl_buf_putc(&j, ']');
    INT_EQ(yl_csv_commit(c), YL_OK);
    FILE *f = fopen(jsonp, "wb");
    fwrite(j.data, 1, j.len, f);
    fclose(f);
    yl_buf_free(&j);
    char cmd[2000];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import csv,json,sys\n"
             "rows=list(csv.reader(open(sys.argv[1],encoding=\"utf-8-sig\",newline=\"\")))\n"
             "want=json.load(open(sys.argv[2],encoding=\"utf-8\"))\n"
             "sys.exit(0 if rows==want else print(rows, want) or 1)' '%s' '%s'",
             csvp, jsonp);
    INT_EQ(system(cmd), 0);
  }
}

/* --csv-dialect and --digits: the exact bytes of one row of text and number cells in
 * each combination. Expected numbers are printf's "%.Ng" (Python: '%.*g' % (N, v), which
 * is C's printf), the decimal point then replaced by a comma for excel-eu. */
static void test_dialects(void) {
  static const struct {
    unsigned flags;
    const char *want;
  } cases[] = {
      {0, "a;b,\"x,y\",-2.5,0,1e-300,1e+21,,Inf,-Inf,0.3333333333333333,12345.678,1234,0.1\r\n"},
      {YL_CSV_EXCEL_EU,
       "\"a;b\";\"x,y\";-2,5;0;1e-300;1e+21;;Inf;-Inf;0,3333333333333333;12345,678;1234;0,1\r\n"},
      {YL_CSV_DIGITS(3),
       "a;b,\"x,y\",-2.5,0,1e-300,1e+21,,Inf,-Inf,0.333,1.23e+04,1.23e+03,0.1\r\n"},
      {YL_CSV_DIGITS(3) | YL_CSV_EXCEL_EU,
       "\"a;b\";\"x,y\";-2,5;0;1e-300;1e+21;;Inf;-Inf;0,333;1,23e+04;1,23e+03;0,1\r\n"},
      /* -2.5 is exact in binary: one digit rounds it half to even, as printf does */
      {YL_CSV_DIGITS(1), "a;b,\"x,y\",-2,0,1e-300,1e+21,,Inf,-Inf,0.3,1e+04,1e+03,0.1\r\n"},
      {YL_CSV_DIGITS(17) | YL_CSV_EXCEL_EU,
       "\"a;b\";\"x,y\";-2,5;0;1e-300;1e+21;;Inf;-Inf;0,33333333333333331;12345,678;1234;"
       "0,10000000000000001\r\n"},
  };
  const double v[] = {-2.5, -0.0, 1e-300, 1e21, NAN, INFINITY, -INFINITY, 1.0 / 3.0,
                      12345.678, 1234.0, 0.1};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char path[600];
    snprintf(path, sizeof path, "%s/dialect%zu.csv", tmpdir, k);
    yl_csv *c;
    INT_EQ(yl_csv_open(path, cases[k].flags | YL_CSV_NO_BOM, &c), YL_OK);
    yl_csv_str(c, "a;b");
    yl_csv_str(c, "x,y");
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
      if (i == 3) { /* a cached form: taken as is only in the default dialect */
        char f[32];
        size_t n = yl_format_double(v[i], f);
        yl_csv_double_fmt(c, v[i], f, n);
      } else {
        yl_csv_double(c, v[i]);
      }
    }
    yl_csv_end_row(c);
    INT_EQ(yl_csv_commit(c), YL_OK);
    size_t len;
    char *got = slurp(path, &len);
    OK(got != NULL);
    if (got) STR_EQ(got, cases[k].want);
    /* yl_format_double_flags gives the cells yl_csv_double writes */
    char b[32];
    yl_format_double_flags(1.0 / 3.0, cases[k].flags, b);
    OK(strstr(cases[k].want, b) != NULL);
  }
  /* the cached form is used in the default dialect: proved by handing a wrong one */
  char path[600];
  snprintf(path, sizeof path, "%s/cached.csv", tmpdir);
  for (int eu = 0; eu <= 1; eu++) {
    yl_csv *c;
    INT_EQ(yl_csv_open(path, YL_CSV_NO_BOM | (eu ? YL_CSV_EXCEL_EU : 0), &c), YL_OK);
    yl_csv_double_fmt(c, 0.5, "cached", 6);
    yl_csv_end_row(c);
    INT_EQ(yl_csv_commit(c), YL_OK);
    size_t len;
    char *got = slurp(path, &len);
    if (got) STR_EQ(got, eu ? "0,5\r\n" : "cached\r\n");
  }
  /* more digits than a double holds, or stray flag bits, are refused */
  yl_csv *c = NULL;
  INT_EQ(yl_csv_open(path, YL_CSV_DIGITS(18), &c), YL_ERR_INVALID);
  OK(c == NULL);
  INT_EQ(yl_csv_open(path, 1u << 20, &c), YL_ERR_INVALID);
}

int main(void) {
  if (yl_test_scratch("csv", tmpdir, sizeof tmpdir)) return 2;
  RUN(test_quoting);
  RUN(test_long_cells);
  RUN(test_bom_and_formulas);
  RUN(test_numbers);
  RUN(test_numbers_match_printf);
  RUN(test_number_memo);
  RUN(test_abort_keeps_old);
  RUN(test_full_disk);
  RUN(test_roundtrip_python);
  RUN(test_dialects);
  YL_TEST_DONE();
}
