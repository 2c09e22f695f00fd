/* Date parsing and formatting: ISO 8601, RFC 2822, epoch ms. Expected values were
 * computed independently with Python's datetime. */
#include "ingest/date.h"
#include "harness.h"

static int64_t iso(const char *s) {
  int64_t ms = 42;
  return yl_date_iso(s, strlen(s), &ms) == YL_OK ? ms : -424242;
}

static int64_t rfc(const char *s) {
  int64_t ms = 42;
  return yl_date_rfc2822(s, strlen(s), &ms) == YL_OK ? ms : -424242;
}

static void test_iso(void) {
  INT_EQ(iso("2025-02-01T12:20:12.008Z"), 1738412412008LL);
  INT_EQ(iso("2025-01-28T00:27:20Z"), 1738024040000LL);
  INT_EQ(iso("  2025-01-28T00:27:20.000Z "), 1738024040000LL);
  INT_EQ(iso("2025-02-13T05:00:33+09:00"), 1739390433000LL);
  INT_EQ(iso("2025-02-13T05:00:33+0900"), 1739390433000LL);
  INT_EQ(iso("2025-03-09 01:02-05:00"), 1741500120000LL);
  INT_EQ(iso("2024-02-29T23:59:59"), 1709251199000LL); /* no zone: UTC */
  INT_EQ(iso("2000-01-01"), 946684800000LL);
  INT_EQ(iso("1969-12-31T23:59:59Z"), -1000);
  INT_EQ(iso("2025-02-01T12:20:12.0081234Z"), 1738412412008LL); /* extra digits cut */
  INT_EQ(iso("2025-02-30T00:00:00Z"), -424242);
  INT_EQ(iso("2023-02-29"), -424242);
  INT_EQ(iso("2025-13-01"), -424242);
  INT_EQ(iso("2025-01-01T24:00:00Z"), -424242);
  INT_EQ(iso("2025-01-01Tgarbage"), -424242);
  INT_EQ(iso("Tue, 28 Jan 2025 00:27:20 GMT"), -424242);
  INT_EQ(iso(""), -424242);
}

static void test_rfc2822(void) {
  INT_EQ(rfc("Tue, 28 Jan 2025 00:27:20 GMT"), 1738024040000LL);
  INT_EQ(rfc("28 Jan 2025 00:27:20 +0000"), 1738024040000LL);
  INT_EQ(rfc("Mon, 27 Jan 2025 19:27:20 EST"), 1738024040000LL);
  INT_EQ(rfc("Tue, 28 Jan 2025 09:27:20 +0900"), 1738024040000LL);
  INT_EQ(rfc("Sun, 9 Mar 2025 01:02 -0500"), 1741500120000LL);
  INT_EQ(rfc("Tue, 28 Foo 2025 00:27:20 GMT"), -424242);
  INT_EQ(rfc("Tue, 28 Jan 2025 00:27:20 XYZ"), -424242);
  INT_EQ(rfc("2025-01-28T00:27:20Z"), -424242);
  int64_t ms;
  INT_EQ(yl_date_any("Tue, 28 Jan 2025 00:27:20 GMT", 29, &ms), YL_OK);
  INT_EQ(ms, 1738024040000LL);
  INT_EQ(yl_date_any("德才", strlen("德才"), &ms), YL_ERR_PARSE);
}

static void test_epoch(void) {
  int64_t ms;
  INT_EQ(yl_date_epoch_ms("1738414025000", 13, &ms), YL_OK);
  INT_EQ(ms, 1738414025000LL);
  INT_EQ(yl_date_epoch_ms("17384x4025000", 13, &ms), YL_ERR_PARSE);
  INT_EQ(yl_date_epoch_ms("", 0, &ms), YL_ERR_PARSE);
  INT_EQ(yl_date_epoch_ms("1234567890123456", 16, &ms), YL_ERR_PARSE);
}

static void test_format(void) {
  char b[32];
  INT_EQ(yl_date_format(1738412412008LL, b), 24);
  STR_EQ(b, "2025-02-01T12:20:12.008Z");
  yl_date_format(1738024040000LL, b);
  STR_EQ(b, "2025-01-28T00:27:20Z");
  yl_date_format(1709251199000LL, b);
  STR_EQ(b, "2024-02-29T23:59:59Z");
  yl_date_format(-1000, b);
  STR_EQ(b, "1969-12-31T23:59:59Z");
  yl_date_format(-1, b);
  STR_EQ(b, "1969-12-31T23:59:59.999Z");
  yl_date_format(0, b);
  STR_EQ(b, "1970-01-01T00:00:00Z");
  /* round trip over a spread of days, leap years included */
  int bad = 0;
  for (int64_t ms = -5000000000000LL; ms < 5000000000000LL; ms += 86399999LL * 7 + 13) {
    int64_t back;
    size_t n = yl_date_format(ms, b);
    if (yl_date_iso(b, n, &back) != YL_OK || back != ms) bad++;
  }
  INT_EQ(bad, 0);
}

/* Issue #14: a time whose UTC year is not 0000-9999 (a zone offset is enough) is
 * refused as YL_ERR_LIMIT, not taken; yl_date_format writes such years in ISO 8601's
 * expanded form (a sign, five digits or more), so that every time it is given reads
 * back as ISO 8601. */
static void test_years_beyond_four_digits(void) {
  int64_t ms = 7;
  INT_EQ(yl_date_iso("9999-12-31T23:59:59.999Z", 24, &ms), YL_OK);
  INT_EQ(ms, 253402300799999LL);
  INT_EQ(yl_date_iso("0000-01-01T00:00:00Z", 20, &ms), YL_OK);
  INT_EQ(ms, -62167219200000LL);
  ms = 7;
  INT_EQ(yl_date_iso("9999-12-31T23:30:00-01:00", 25, &ms), YL_ERR_LIMIT);
  INT_EQ(yl_date_iso("0000-01-01T00:00:00+00:01", 25, &ms), YL_ERR_LIMIT);
  INT_EQ(yl_date_rfc2822("Fri, 31 Dec 9999 23:30:00 -0100", 31, &ms), YL_ERR_LIMIT);
  INT_EQ(yl_date_rfc2822("1 Jan 0000 00:00 +0001", 22, &ms), YL_ERR_LIMIT);
  INT_EQ(yl_date_any("9999-12-31T23:30:00-01:00", 25, &ms), YL_ERR_LIMIT);
  INT_EQ(yl_date_any("Fri, 31 Dec 9999 23:30:00 -0100", 31, &ms), YL_ERR_LIMIT);
  INT_EQ(ms, 7); /* untouched */
  char b[32];
  INT_EQ(yl_date_format(253402300800000LL, b), 22);
  STR_EQ(b, "+10000-01-01T00:00:00Z");
  yl_date_format(253402300799999LL, b);
  STR_EQ(b, "9999-12-31T23:59:59.999Z");
  yl_date_format(-62167219200000LL, b);
  STR_EQ(b, "0000-01-01T00:00:00Z");
  yl_date_format(-62167219200001LL, b);
  STR_EQ(b, "-00001-12-31T23:59:59.999Z");
  yl_date_format(999999999999999LL, b); /* the largest 15-digit stamp */
  STR_EQ(b, "+33658-09-27T01:46:39.999Z");
  yl_date_format(INT64_MAX, b);
  STR_EQ(b, "+292278994-08-17T07:12:55.807Z");
  yl_date_format(INT64_MIN + 1, b);
  STR_EQ(b, "-292275055-05-16T16:47:04.193Z");
}

int main(void) {
  RUN(test_iso);
  RUN(test_rfc2822);
  RUN(test_epoch);
  RUN(test_format);
  RUN(test_years_beyond_four_digits);
  YL_TEST_DONE();
}
