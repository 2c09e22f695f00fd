/* Date and time parsing for article metadata (internal): ISO 8601, epoch
 * milliseconds and RFC 2822 dates to milliseconds since 1970-01-01 UTC, and back
 * to ISO 8601 UTC text. Pure functions, thread safe. */
#ifndef YL_DATE_H
#define YL_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* Marks "no time" in int64 millisecond fields. */
#define YL_DATE_NONE INT64_MIN

/* ISO 8601: YYYY-MM-DD, optionally followed by T or space, HH:MM[:SS[.fraction]] and
 * Z, ±HH:MM, ±HHMM or ±HH (no zone means UTC). Surrounding spaces are allowed.
 * Returns YL_OK and '*ms', YL_ERR_PARSE, or YL_ERR_LIMIT when the time in UTC falls
 * outside the years 0000-9999 (9999-12-31T23:30-01:00). */
yl_status yl_date_iso(const char *s, size_t len, int64_t *ms);

/* RFC 2822: "[Tue, ]28 Jan 2025 00:27:20 GMT"; zones GMT, UT, UTC, Z, ±HHMM and the
 * North American zones EST … PDT; seconds optional. Results as yl_date_iso's. */
yl_status yl_date_rfc2822(const char *s, size_t len, int64_t *ms);

/* Decimal epoch milliseconds (1 to 15 digits, optional spaces around). */
yl_status yl_date_epoch_ms(const char *s, size_t len, int64_t *ms);

/* Tries ISO 8601, then (when it is not ISO 8601 at all) RFC 2822. */
yl_status yl_date_any(const char *s, size_t len, int64_t *ms);

/* Writes 'ms' as ISO 8601 UTC into 'out' (at least 32 bytes):
 * 2025-02-01T12:20:12.008Z, or 2025-01-28T00:27:20Z when the milliseconds are 0.
 * Years outside 0000-9999 in ISO 8601's expanded form, a sign and at least five
 * digits: +10000-01-01T00:00:00Z, -00001-12-31T23:59:59Z. Returns the length. */
size_t yl_date_format(int64_t ms, char *out);

/* Periods of publication times (analyze --period), as numbers that sort like the
 * periods: YL_PERIOD_NONE (undated) sorts last. */
typedef enum yl_period { YL_PERIOD_DAY, YL_PERIOD_WEEK, YL_PERIOD_MONTH, YL_PERIOD_YEAR } yl_period;
#define YL_PERIOD_NONE UINT32_MAX

/* The period of time 'ms' (UTC; YL_TIME_NONE gives YL_PERIOD_NONE). Weeks are ISO 8601
 * weeks: Monday first, the week that holds the year's first Thursday is week 1, so the
 * first days of January may be in the week of the year before. */
uint32_t yl_date_period(int64_t ms, yl_period p);

/* The name of period 'key' into 'out' (at least 16 bytes): 2025-01-28, 2025-W05,
 * 2025-01, 2025, or "undated". Returns its length. */
size_t yl_date_period_name(uint32_t key, yl_period p, char *out);

#endif
