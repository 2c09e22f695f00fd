/* Date parsing and formatting: ISO 8601, RFC 2822, epoch ms. Expected values were
 * computed independently with Python's datetime. */
#include "ingest/date.h"
#include "harness.h"
#include "yuliao/ingest.h"

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
/* The period names of --period; the ISO weeks from Python's calendar, not from us:
 *   python3 -c "import datetime; print(datetime.date.fromisoformat('2021-01-03').isocalendar())"
 * for each date below (2021-01-03 is in 2020's week 53, 2024-12-30 in 2025's week 1). */
static void test_periods(void) {
  static const struct {
    const char *date, *week;
  } w[] = {{"2021-01-03", "2020-W53"}, {"2021-01-04", "2021-W01"}, {"2024-12-29", "2024-W52"},
           {"2024-12-30", "2025-W01"}, {"2026-01-01", "2026-W01"}, {"2027-01-03", "2026-W53"},
           {"2020-12-31", "2020-W53"}, {"1969-12-29", "1970-W01"}, {"2025-01-28", "2025-W05"}};
  char out[16];
  for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
    int64_t ms;
    char iso[40];
    snprintf(iso, sizeof iso, "%sT23:59:59Z", w[i].date);
    INT_EQ(yl_date_iso(iso, strlen(iso), &ms), YL_OK);
    uint32_t k = yl_date_period(ms, YL_PERIOD_WEEK);
    out[yl_date_period_name(k, YL_PERIOD_WEEK, out)] = '\0';
    STR_EQ(out, w[i].week);
    k = yl_date_period(ms, YL_PERIOD_DAY);
    out[yl_date_period_name(k, YL_PERIOD_DAY, out)] = '\0';
    STR_EQ(out, w[i].date);
  }
  int64_t ms;
  INT_EQ(yl_date_iso("2025-02-28T10:00:00+09:00", 25, &ms), YL_OK); /* 01:00 UTC */
  out[yl_date_period_name(yl_date_period(ms, YL_PERIOD_MONTH), YL_PERIOD_MONTH, out)] = '\0';
  STR_EQ(out, "2025-02");
  out[yl_date_period_name(yl_date_period(ms, YL_PERIOD_YEAR), YL_PERIOD_YEAR, out)] = '\0';
  STR_EQ(out, "2025");
  INT_EQ(yl_date_iso("2025-03-01T01:00:00+09:00", 25, &ms), YL_OK); /* still February in UTC */
  out[yl_date_period_name(yl_date_period(ms, YL_PERIOD_MONTH), YL_PERIOD_MONTH, out)] = '\0';
  STR_EQ(out, "2025-02");
  /* periods sort as time does; undated last */
  int64_t a, b;
  INT_EQ(yl_date_iso("2024-12-25T00:00:00Z", 20, &a), YL_OK);
  INT_EQ(yl_date_iso("2025-01-01T00:00:00Z", 20, &b), YL_OK);
  for (int p = YL_PERIOD_DAY; p <= YL_PERIOD_YEAR; p++) {
    OK(yl_date_period(a, (yl_period)p) < yl_date_period(b, (yl_period)p));
    OK(yl_date_period(b, (yl_period)p) < yl_date_period(YL_TIME_NONE, (yl_period)p));
  }
  out[yl_date_period_name(YL_PERIOD_NONE, YL_PERIOD_WEEK, out)] = '\0';
  STR_EQ(out, "undated");
}

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
  RUN(test_periods);
  YL_TEST_DONE();
}
