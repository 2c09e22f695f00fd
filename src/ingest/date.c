/* Date parsing and formatting: ISO 8601, RFC 2822, epoch ms (see date.h). */
#include "ingest/date.h"

#include <stdio.h>
#include <string.h>

#include "yuliao/ingest.h" /* YL_TIME_NONE */

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic, valid for
 * any year in int range). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

/* Reads exactly 'n' digits at s[*i]. */
static int digits(const char *s, size_t len, size_t *i, int n, int *v) {
  int r = 0;
  for (int k = 0; k < n; k++) {
    if (*i >= len || s[*i] < '0' || s[*i] > '9') return 0;
    r = r * 10 + (s[(*i)++] - '0');
  }
  *v = r;
  return 1;
}

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t')) (*s)++, (*len)--;
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static int valid_fields(int64_t y, int mo, int d, int h, int mi, int se) {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h >= 0 && h <= 23 &&
         mi >= 0 && mi <= 59 && se >= 0 && se <= 60;
}

static int64_t to_ms(int64_t y, int mo, int d, int h, int mi, int se, int frac_ms, int off_min) {
  int64_t days = days_from_civil(y, mo, d);
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - (int64_t)off_min * 60;
  return secs * 1000 + frac_ms;
}

/* 0000-01-01 and 10000-01-01 UTC in epoch milliseconds: the years ISO 8601 writes with
 * four digits, the only ones a spreadsheet or a reader of documents.csv expects (a
 * zone offset is all it takes to leave them: 9999-12-31T23:30-01:00). */
#define FOUR_DIGIT_MIN (-62167219200000LL)
#define FOUR_DIGIT_END 253402300800000LL

static yl_status in_years(int64_t v, int64_t *ms) {
  if (v < FOUR_DIGIT_MIN || v >= FOUR_DIGIT_END) return YL_ERR_LIMIT;
  *ms = v;
  return YL_OK;
}

yl_status yl_date_iso(const char *s, size_t len, int64_t *ms) {
  trim(&s, &len);
  size_t i = 0;
  int y, mo, d, h = 0, mi = 0, se = 0, frac = 0, off = 0;
  if (!digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' || !digits(s, len, &i, 2, &mo) ||
      i >= len || s[i++] != '-' || !digits(s, len, &i, 2, &d))
    return YL_ERR_PARSE;
  if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    i++;
    if (!digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' || !digits(s, len, &i, 2, &mi))
      return YL_ERR_PARSE;
    if (i < len && s[i] == ':') {
      i++;
      if (!digits(s, len, &i, 2, &se)) return YL_ERR_PARSE;
      if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        int nd = 0, scale = 100;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
          if (nd < 3) frac += (s[i] - '0') * scale, scale /= 10;
          nd++, i++;
        }
        if (!nd) return YL_ERR_PARSE;
      }
    }
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
      i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
      int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
      if (!digits(s, len, &i, 2, &oh)) return YL_ERR_PARSE;
      if (i < len && s[i] == ':') i++;
      if (i < len && !digits(s, len, &i, 2, &om)) return YL_ERR_PARSE;
      if (oh > 23 || om > 59) return YL_ERR_PARSE;
      off = sign * (oh * 60 + om);
    }
  }
  if (i != len || !valid_fields(y, mo, d, h, mi, se)) return YL_ERR_PARSE;
  return in_years(to_ms(y, mo, d, h, mi, se, frac, off), ms);
}

static int word_is(const char *s, size_t n, const char *w) {
  return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

yl_status yl_date_rfc2822(const char *s, size_t len, int64_t *ms) {
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const struct { const char *name; int off; } zones[] = {
      {"GMT", 0},         {"UT", 0},          {"UTC", 0},         {"Z", 0},
      {"EST", -5 * 60},   {"EDT", -4 * 60},   {"CST", -6 * 60},   {"CDT", -5 * 60},
      {"MST", -7 * 60},   {"MDT", -6 * 60},   {"PST", -8 * 60},   {"PDT", -7 * 60}};
  trim(&s, &len);
  size_t i = 0;
  /* optional day name and comma */
  size_t j = 0;
  while (j < len && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z'))) j++;
  if (j > 0 && j < len && s[j] == ',') {
    i = j + 1;
    while (i < len && s[i] == ' ') i++;
  }
  int d = 0, nd = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 2) d = d * 10 + (s[i++] - '0'), nd++;
  if (!nd || i >= len || s[i++] != ' ') return YL_ERR_PARSE;
  size_t ms0 = i;
  while (i < len && s[i] != ' ') i++;
  int mo = 0;
  for (int k = 0; k < 12; k++)
    if (word_is(s + ms0, i - ms0, months[k])) mo = k + 1;
  if (!mo || i >= len || s[i++] != ' ') return YL_ERR_PARSE;
  int y, h, mi, se = 0;
  if (!digits(s, len, &i, 4, &y) || i >= len || s[i++] != ' ' || !digits(s, len, &i, 2, &h) ||
      i >= len || s[i++] != ':' || !digits(s, len, &i, 2, &mi))
    return YL_ERR_PARSE;
  if (i < len && s[i] == ':') {
    i++;
    if (!digits(s, len, &i, 2, &se)) return YL_ERR_PARSE;
  }
  int off = 0;
  while (i < len && s[i] == ' ') i++;
  if (i < len) {
    if (s[i] == '+' || s[i] == '-') {
      int sign = s[i++] == '-' ? -1 : 1, oh, om;
      if (!digits(s, len, &i, 2, &oh) || !digits(s, len, &i, 2, &om) || om > 59)
        return YL_ERR_PARSE;
      off = sign * (oh * 60 + om);
    } else {
      size_t z0 = i;
      while (i < len && s[i] != ' ') i++;
      int found = 0;
      for (size_t k = 0; k < sizeof zones / sizeof *zones; k++)
        if (word_is(s + z0, i - z0, zones[k].name)) off = zones[k].off, found = 1;
      if (!found) return YL_ERR_PARSE;
    }
  }
  if (i != len || !valid_fields(y, mo, d, h, mi, se)) return YL_ERR_PARSE;
  return in_years(to_ms(y, mo, d, h, mi, se, 0, off), ms);
}

yl_status yl_date_epoch_ms(const char *s, size_t len, int64_t *ms) {
  trim(&s, &len);
  if (len == 0 || len > 15) return YL_ERR_PARSE;
  int64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return YL_ERR_PARSE;
    v = v * 10 + (s[i] - '0');
  }
  *ms = v;
  return YL_OK;
}

yl_status yl_date_any(const char *s, size_t len, int64_t *ms) {
  yl_status st = yl_date_iso(s, len, ms);
  return st == YL_ERR_PARSE ? yl_date_rfc2822(s, len, ms) : st;
}

size_t yl_date_format(int64_t ms, char *out) {
  int64_t secs = ms / 1000, frac = ms % 1000;
  if (frac < 0) frac += 1000, secs--;
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) rem += 86400, days--;
  int64_t y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  /* outside 0000-9999 ISO 8601 wants the expanded form: a sign, five digits or more */
  char year[24];
  snprintf(year, sizeof year, y >= 0 && y <= 9999 ? "%04lld" : "%+06lld", (long long)y);
  int n;
  if (frac)
    n = snprintf(out, 32, "%s-%02d-%02dT%02d:%02d:%02d.%03dZ", year, m, d, (int)(rem / 3600),
                 (int)(rem / 60 % 60), (int)(rem % 60), (int)frac);
  else
    n = snprintf(out, 32, "%s-%02d-%02dT%02d:%02d:%02dZ", year, m, d, (int)(rem / 3600),
                 (int)(rem / 60 % 60), (int)(rem % 60));
  return n > 0 ? (size_t)n : 0;
}

/* ---- periods ------------------------------------------------------------------------ */

/* Day numbers are kept positive (from year -5000 or so on) so that they fit the key. */
#define DAY_BIAS 2500000

uint32_t yl_date_period(int64_t ms, yl_period p) {
  if (ms == YL_TIME_NONE) return YL_PERIOD_NONE;
  int64_t days = ms / 86400000, y;
  if (ms % 86400000 < 0) days--;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  if (y < 0 || y > 99999) return YL_PERIOD_NONE; /* not a period the table can name */
  switch (p) {
  case YL_PERIOD_DAY: return (uint32_t)(days + DAY_BIAS);
  case YL_PERIOD_MONTH: return (uint32_t)(y * 12 + m - 1);
  case YL_PERIOD_YEAR: return (uint32_t)y;
  case YL_PERIOD_WEEK: {
    int64_t wd = ((days % 7) + 7 + 3) % 7;  /* 0 = Monday (1970-01-01 was a Thursday) */
    int64_t thu = days - wd + 3, ty;        /* the week's Thursday names its ISO year */
    int tm, td;
    civil_from_days(thu, &ty, &tm, &td);
    int64_t week = (thu - days_from_civil(ty, 1, 1)) / 7 + 1;
    return (uint32_t)(ty * 100 + week);
  }
  }
  return YL_PERIOD_NONE;
}

size_t yl_date_period_name(uint32_t key, yl_period p, char *out) {
  int n = 0;
  if (key == YL_PERIOD_NONE) {
    n = snprintf(out, 16, "undated");
  } else if (p == YL_PERIOD_DAY) {
    int64_t y;
    int m, d;
    civil_from_days((int64_t)key - DAY_BIAS, &y, &m, &d);
    n = snprintf(out, 16, "%04lld-%02d-%02d", (long long)y, m, d);
  } else if (p == YL_PERIOD_WEEK) {
    n = snprintf(out, 16, "%04u-W%02u", key / 100, key % 100);
  } else if (p == YL_PERIOD_MONTH) {
    n = snprintf(out, 16, "%04u-%02u", key / 12, key % 12 + 1);
  } else {
    n = snprintf(out, 16, "%04u", key);
  }
  return n > 0 ? (size_t)n : 0;
}
