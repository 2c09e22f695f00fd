/* RFC 4180 CSV writer with spreadsheet safety (BOM, formula neutralisation). */
#include "yuliao/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yuliao/outfile.h"

/* Recently formatted numbers. Statistic tables repeat the same values a great deal
 * (a per-10k, G² or p-value per distinct count), and the shortest round-trip format
 * costs up to three printf + strtod calls, so each table keeps a small direct-mapped
 * memo keyed by the value's bits. The output is the same bytes either way. */
#define YL_CSV_MEMO 4096
typedef struct yl_csv_memo {
  uint64_t bits;
  uint8_t len; /* 0 = empty slot */
  char s[31];
} yl_csv_memo;

struct yl_csv {
  yl_outfile *out;
  unsigned flags;
  int in_row; /* a cell has been written on the current record */
  yl_csv_memo *memo; /* allocated on the first number; NULL if that failed */
};

yl_status yl_csv_open(const char *path, unsigned flags, yl_csv **out) {
  *out = NULL;
  yl_csv *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  c->flags = flags;
  yl_status st = yl_outfile_open(path, &c->out);
  if (st) {
    free(c);
    return st;
  }
  if (!(flags & YL_CSV_NO_BOM) && (st = yl_outfile_write(c->out, "\xEF\xBB\xBF", 3))) {
    yl_csv_abort(c);
    return st;
  }
  *out = c;
  return YL_OK;
}

static yl_status sep(yl_csv *c) {
  if (!c->in_row) {
    c->in_row = 1;
    return YL_OK;
  }
  return yl_outfile_write(c->out, ",", 1);
}

static int needs_quotes(const char *s, size_t len) {
  if (!len) return 0;
  if (s[0] == ' ' || s[len - 1] == ' ') return 1;
  for (size_t i = 0; i < len; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') return 1;
  return 0;
}

static int formula_like(const char *s, size_t len) {
  return len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r');
}

yl_status yl_csv_text(yl_csv *c, const char *s, size_t len) {
  yl_status st = sep(c);
  if (st) return st;
  int neutralise = !(c->flags & YL_CSV_RAW) && formula_like(s, len);
  int quote = needs_quotes(s, len);
  if (quote && (st = yl_outfile_write(c->out, "\"", 1))) return st;
  if (neutralise && (st = yl_outfile_write(c->out, "'", 1))) return st;
  if (!quote) return yl_outfile_write(c->out, s, len);
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '"') continue;
    /* write up to and including the quote, then the quote again */
    if ((st = yl_outfile_write(c->out, s + start, i - start + 1))) return st;
    if ((st = yl_outfile_write(c->out, "\"", 1))) return st;
    start = i + 1;
  }
  if ((st = yl_outfile_write(c->out, s + start, len - start))) return st;
  return yl_outfile_write(c->out, "\"", 1);
}

yl_status yl_csv_str(yl_csv *c, const char *s) { return yl_csv_text(c, s ? s : "", s ? strlen(s) : 0); }

yl_status yl_csv_int(yl_csv *c, int64_t v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
  yl_status st = sep(c);
  return st ? st : yl_outfile_write(c->out, tmp, (size_t)n);
}

size_t yl_format_double(double v, char *out) {
  if (isnan(v)) {
    out[0] = '\0';
    return 0;
  }
  if (isinf(v)) return (size_t)sprintf(out, "%s", v > 0 ? "Inf" : "-Inf");
  if (v == 0) return (size_t)sprintf(out, "0");
  /* Shortest of %.15g … %.17g that reads back exactly: the C locale is in force
   * in yuliao (it never calls setlocale for LC_NUMERIC), so '.' is the point. */
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(out, 32, "%.*g", prec, v);
    if (strtod(out, NULL) == v) break;
  }
  return (size_t)n;
}

yl_status yl_csv_double(yl_csv *c, double v) {
  yl_status st = sep(c);
  if (st) return st;
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (!c->memo) c->memo = calloc(YL_CSV_MEMO, sizeof *c->memo);
  if (c->memo) {
    yl_csv_memo *e = &c->memo[(bits * 0x9E3779B97F4A7C15ULL) >> 52]; /* 12 bits */
    if (e->len && e->bits == bits) return yl_outfile_write(c->out, e->s, e->len);
    char tmp[32];
    size_t n = yl_format_double(v, tmp);
    if (n && n < sizeof e->s) {
      e->bits = bits;
      e->len = (uint8_t)n;
      memcpy(e->s, tmp, n);
    }
    return yl_outfile_write(c->out, tmp, n);
  }
  char tmp[32];
  size_t n = yl_format_double(v, tmp);
  return yl_outfile_write(c->out, tmp, n);
}

yl_status yl_csv_bool(yl_csv *c, int v) {
  yl_status st = sep(c);
  return st ? st : yl_outfile_write(c->out, v ? "true" : "false", v ? 4 : 5);
}

yl_status yl_csv_end_row(yl_csv *c) {
  c->in_row = 0;
  return yl_outfile_write(c->out, "\r\n", 2);
}

yl_status yl_csv_header(yl_csv *c, const char *const *names) {
  for (; *names; names++) {
    yl_status st = yl_csv_str(c, *names);
    if (st) return st;
  }
  return yl_csv_end_row(c);
}

yl_status yl_csv_commit(yl_csv *c) {
  yl_status st = yl_outfile_commit(c->out);
  free(c->memo);
  free(c);
  return st;
}

void yl_csv_abort(yl_csv *c) {
  if (!c) return;
  yl_outfile_abort(c->out);
  free(c->memo);
  free(c);
}
