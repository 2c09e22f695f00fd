/* RFC 4180 CSV writer with spreadsheet safety (BOM, formula neutralisation) and the
 * excel-eu dialect (';' and decimal comma). */
#include "yuliao/csv.h"

#include <errno.h>
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
  char sep;          /* ',' or ';' (excel-eu) */
  int plain_numbers; /* default dialect and digits: yl_format_double's bytes */
  int in_row; /* a cell has been written on the current record */
  uint64_t rows; /* records ended */
  uint64_t cut;  /* cells cut to fit a spreadsheet */
  yl_csv_memo *memo; /* allocated on the first number; NULL if that failed */
  size_t used;       /* bytes waiting in buf */
  char buf[8192];    /* cells are a few bytes each: one yl_outfile_write per 8 KiB */
};

static yl_status drain(yl_csv *c) {
  yl_status st = c->used ? yl_outfile_write(c->out, c->buf, c->used) : YL_OK;
  c->used = 0;
  return st;
}

static yl_status put(yl_csv *c, const void *p, size_t n) {
  if (n <= sizeof c->buf - c->used) {
    memcpy(c->buf + c->used, p, n);
    c->used += n;
    return YL_OK;
  }
  yl_status st = drain(c);
  if (st) return st;
  if (n >= sizeof c->buf) return yl_outfile_write(c->out, p, n);
  memcpy(c->buf, p, n);
  c->used = n;
  return YL_OK;
}

yl_status yl_csv_open(const char *path, unsigned flags, yl_csv **out) {
  *out = NULL;
  yl_csv *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  c->flags = flags;
  c->sep = flags & YL_CSV_EXCEL_EU ? ';' : ',';
  c->plain_numbers = !(flags & YL_CSV_EXCEL_EU) && !YL_CSV_DIGITS_OF(flags);
  unsigned digits = YL_CSV_DIGITS_OF(flags);
  if (digits > 17 || (flags >> 13)) {
    free(c);
    return YL_ERR_INVALID;
  }
  yl_status st = yl_outfile_open(path, &c->out);
  if (st) {
    free(c);
    return st;
  }
  if (!(flags & YL_CSV_NO_BOM) && (st = put(c, "\xEF\xBB\xBF", 3))) {
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
  return put(c, &c->sep, 1);
}

/* In excel-eu a ',' is quoted too: it costs nothing, and a reader that guesses the
 * separator (LibreOffice with both ticked, Python's csv.Sniffer) keeps the cell whole. */
static int needs_quotes(const char *s, size_t len, int eu) {
  if (!len) return 0;
  if (s[0] == ' ' || s[len - 1] == ' ') return 1;
  for (size_t i = 0; i < len; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n' || (eu && s[i] == ';'))
      return 1;
  return 0;
}

static int formula_like(const char *s, size_t len) {
  return len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r');
}

static yl_status text_cell(yl_csv *c, const char *s, size_t len);

/* Excel holds at most 32,767 characters (UTF-16 units) in a cell and breaks the row
 * on a longer one (a term or a title of millions of characters from hostile input):
 * such a cell keeps its first CELL_KEEP units, cut at a character, and says so. */
#define CELL_MAX 32767
#define CELL_KEEP 32000

/* The bytes of 's' that hold at most CELL_KEEP UTF-16 units, or 'len' when all of it
 * fits in CELL_MAX; '*units' the units of the whole text. */
static size_t cell_fit(const char *s, size_t len, size_t *units) {
  size_t u = 0, keep = len, i = 0;
  while (i < len) {
    unsigned char b = (unsigned char)s[i];
    size_t k = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (k > len - i) k = len - i;
    if (u + (k == 4 ? 2 : 1) > CELL_KEEP && keep == len) keep = i;
    u += k == 4 ? 2 : 1;
    i += k;
  }
  *units = u;
  return u > CELL_MAX ? keep : len;
}

yl_status yl_csv_text(yl_csv *c, const char *s, size_t len) {
  char *cut = NULL;
  if (len > CELL_MAX) {
    size_t units, keep = cell_fit(s, len, &units);
    if (keep < len) {
      char tail[64];
      int tl = snprintf(tail, sizeof tail, "…[cut by yuliao: %zu characters in all]", units);
      if (!(cut = malloc(keep + (size_t)tl + 1))) return YL_ERR_NOMEM;
      memcpy(cut, s, keep);
      memcpy(cut + keep, tail, (size_t)tl + 1);
      s = cut, len = keep + (size_t)tl;
      c->cut++;
    }
  }
  yl_status st = text_cell(c, s, len);
  free(cut);
  return st;
}

static yl_status text_cell(yl_csv *c, const char *s, size_t len) {
  yl_status st = sep(c);
  if (st) return st;
  int neutralise = !(c->flags & YL_CSV_RAW) && formula_like(s, len);
  int quote = needs_quotes(s, len, c->sep == ';');
  if (quote && (st = put(c, "\"", 1))) return st;
  if (neutralise && (st = put(c, "'", 1))) return st;
  if (!quote) return put(c, s, len);
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '"') continue;
    /* write up to and including the quote, then the quote again */
    if ((st = put(c, s + start, i - start + 1))) return st;
    if ((st = put(c, "\"", 1))) return st;
    start = i + 1;
  }
  if ((st = put(c, s + start, len - start))) return st;
  return put(c, "\"", 1);
}

yl_status yl_csv_str(yl_csv *c, const char *s) { return yl_csv_text(c, s ? s : "", s ? strlen(s) : 0); }

yl_status yl_csv_int(yl_csv *c, int64_t v) {
  /* By hand: snprintf was a visible share of writing the large tables. */
  char tmp[24], *p = tmp + sizeof tmp;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  do *--p = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  if (v < 0) *--p = '-';
  yl_status st = sep(c);
  return st ? st : put(c, p, (size_t)(tmp + sizeof tmp - p));
}

/* Writes the P significant digits of 'q' (q < 10^P, leading digit non-zero) with
 * decimal exponent 'x' exactly as printf's "%.Pg" does: trailing zeros dropped, the
 * e-style when x < -4 or x >= P, with at least two exponent digits. */
/* GCC and Clang on 64-bit targets (the ones yuliao builds for). */
__extension__ typedef unsigned __int128 u128;

/* "00" "01" … "99": two digits per division. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static size_t put_g(char *out, int neg, uint64_t q, int P, int x) {
  char d[20];
  int left = P;
  while (left >= 2) {
    unsigned r = (unsigned)(q % 100);
    q /= 100;
    left -= 2;
    memcpy(d + left, digit_pairs + 2 * r, 2);
  }
  if (left) d[0] = (char)('0' + (int)q);
  int nd = P;
  while (nd > 1 && d[nd - 1] == '0') nd--;
  char *o = out;
  if (neg) *o++ = '-';
  if (x < -4 || x >= P) {
    *o++ = d[0];
    if (nd > 1) {
      *o++ = '.';
      memcpy(o, d + 1, (size_t)nd - 1);
      o += nd - 1;
    }
    *o++ = 'e';
    *o++ = x < 0 ? '-' : '+';
    int ax = x < 0 ? -x : x;
    if (ax >= 100) *o++ = (char)('0' + ax / 100);
    *o++ = (char)('0' + ax / 10 % 10);
    *o++ = (char)('0' + ax % 10);
  } else if (x >= 0) {
    for (int i = 0; i <= x; i++) *o++ = i < nd ? d[i] : '0';
    if (nd > x + 1) {
      *o++ = '.';
      memcpy(o, d + x + 1, (size_t)(nd - x - 1));
      o += nd - x - 1;
    }
  } else {
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -x - 1; i++) *o++ = '0';
    memcpy(o, d, (size_t)nd);
    o += nd;
  }
  *o = '\0';
  return (size_t)(o - out);
}

static const uint64_t pow10_u64[20] = {1ULL,
                                        10ULL,
                                        100ULL,
                                        1000ULL,
                                        10000ULL,
                                        100000ULL,
                                        1000000ULL,
                                        10000000ULL,
                                        100000000ULL,
                                        1000000000ULL,
                                        10000000000ULL,
                                        100000000000ULL,
                                        1000000000000ULL,
                                        10000000000000ULL,
                                        100000000000000ULL,
                                        1000000000000000ULL,
                                        10000000000000000ULL,
                                        100000000000000000ULL,
                                        1000000000000000000ULL,
                                        10000000000000000000ULL};

static const uint64_t pow5_u64[28] = {
    1ULL,
    5ULL,
    25ULL,
    125ULL,
    625ULL,
    3125ULL,
    15625ULL,
    78125ULL,
    390625ULL,
    1953125ULL,
    9765625ULL,
    48828125ULL,
    244140625ULL,
    1220703125ULL,
    6103515625ULL,
    30517578125ULL,
    152587890625ULL,
    762939453125ULL,
    3814697265625ULL,
    19073486328125ULL,
    95367431640625ULL,
    476837158203125ULL,
    2384185791015625ULL,
    11920928955078125ULL,
    59604644775390625ULL,
    298023223876953125ULL,
    1490116119384765625ULL,
    7450580596923828125ULL};

/* The exact equivalent of the printf/strtod loop below, for normal doubles with
 * 1e-11 <= |v| < 1e17 (what the tables hold). Shortest round-trip formatting was a
 * quarter of analyze's time. v = m·2^e is scaled to D = v·10^k in [1e16, 1e17) as
 * the exact fraction N / 2^s in 128-bit integers (5^k < 2^63 for k <= 27); each
 * candidate with P digits is rounded half-even like printf and accepted when it lies
 * within half a gap to v's neighbours, ties going to the even mantissa like strtod.
 * Returns 0 when v is out of range. */
static size_t format_fast(double v, char *out) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int neg = (int)(bits >> 63), be = (int)((bits >> 52) & 0x7ff);
  double a = fabs(v);
  if (be == 0 || !(a >= 1e-11 && a < 1e17)) return 0;
  uint64_t m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
  int e = be - 1075;
  /* floor(log10(a)) to within one, from the binary exponent (78913 / 2^18 ≈ log10 2);
   * the loop below corrects it exactly. */
  int x = ((be - 1023) * 78913) >> 18;
  for (int tries = 0; tries < 3; tries++) {
    int k = 16 - x;
    if (k < 0 || k > 27) return 0;
    uint64_t p5 = pow5_u64[k];
    int t = e + k;
    if (t > 8 || t < -64) return 0;
    int s = t < 0 ? -t : 0;
    u128 N = (u128)m * p5, U = p5;
    if (t > 0) {
      N <<= t;
      U <<= t;
    }
    const u128 e16 = (u128)10000000000000000ULL;
    if (N < (e16 << s)) {
      x--;
      continue;
    }
    if (N >= ((e16 * 10) << s)) {
      x++;
      continue;
    }
    int lower_quarter = m == (1ULL << 52) && be > 1; /* the gap below is half as wide */
    /* floor(N / (div·2^s)) = floor(floor(N / 2^s) / div): 64-bit divisions only. */
    uint64_t D = (uint64_t)(N >> s);
    u128 frac = N - ((u128)D << s);
    uint64_t div = 100;
    for (int P = 15; P <= 17; P++, div /= 10) {
      u128 R = (u128)div << s;
      uint64_t q = D / div;
      u128 r = ((u128)(D - q * div) << s) + frac;
      if (2 * r > R || (2 * r == R && (q & 1))) q++;
      u128 C = (u128)q * R;
      int ok;
      if (C >= N) {
        u128 d = C - N;
        ok = 2 * d < U || (2 * d == U && !(m & 1));
      } else {
        u128 d = N - C;
        ok = lower_quarter ? 4 * d <= U : (2 * d < U || (2 * d == U && !(m & 1)));
      }
      if (!ok && P < 17) continue;
      uint64_t pw = pow10_u64[P];
      int xx = x;
      if (q == pw) {
        q /= 10;
        xx++;
      }
      return put_g(out, neg, q, P, xx);
    }
  }
  return 0;
}

size_t yl_format_double(double v, char *out) {
  if (isnan(v)) {
    out[0] = '\0';
    return 0;
  }
  if (isinf(v)) return (size_t)sprintf(out, "%s", v > 0 ? "Inf" : "-Inf");
  if (v == 0) return (size_t)sprintf(out, "0");
  size_t fast = format_fast(v, out);
  if (fast) return fast;
  /* Shortest of %.15g … %.17g that reads back exactly: the C locale is in force
   * in yuliao (it never calls setlocale for LC_NUMERIC), so '.' is the point. */
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(out, 32, "%.*g", prec, v);
    if (strtod(out, NULL) == v) break;
  }
  return (size_t)n;
}

size_t yl_format_double_flags(double v, unsigned flags, char *out) {
  unsigned digits = YL_CSV_DIGITS_OF(flags);
  size_t n;
  if (!digits || isnan(v) || isinf(v) || v == 0) n = yl_format_double(v, out);
  else n = (size_t)snprintf(out, 32, "%.*g", (int)digits, v); /* C locale: '.' */
  if (flags & YL_CSV_EXCEL_EU) {
    char *dot = memchr(out, '.', n);
    if (dot) *dot = ',';
  }
  return n;
}

yl_status yl_csv_double(yl_csv *c, double v) {
  /* Formatting doubles (shortest round trip: up to three printf + strtod) dominated
   * the profile of pass 2, so whole values (|v| < 1e15, where %.15g prints the plain
   * integer, with no decimal mark in either dialect) go through yl_csv_int. */
  if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v && !YL_CSV_DIGITS_OF(c->flags))
    return yl_csv_int(c, (int64_t)v);
  yl_status st = sep(c);
  if (st) return st;
  if (!c->plain_numbers) {
    char tmp[32];
    size_t n = yl_format_double_flags(v, c->flags, tmp);
    return put(c, tmp, n);
  }
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (!c->memo) c->memo = calloc(YL_CSV_MEMO, sizeof *c->memo);
  if (c->memo) {
    yl_csv_memo *e = &c->memo[(bits * 0x9E3779B97F4A7C15ULL) >> 52]; /* 12 bits */
    if (e->len && e->bits == bits) return put(c, e->s, e->len);
    char tmp[32];
    size_t n = yl_format_double(v, tmp);
    if (n && n < sizeof e->s) {
      e->bits = bits;
      e->len = (uint8_t)n;
      memcpy(e->s, tmp, n);
    }
    return put(c, tmp, n);
  }
  char tmp[32];
  size_t n = yl_format_double(v, tmp);
  return put(c, tmp, n);
}

yl_status yl_csv_double_fmt(yl_csv *c, double v, const char *s, size_t n) {
  if (!c->plain_numbers) return yl_csv_double(c, v);
  yl_status st = sep(c);
  return st ? st : put(c, s, n);
}

yl_status yl_csv_bool(yl_csv *c, int v) {
  yl_status st = sep(c);
  return st ? st : put(c, v ? "true" : "false", v ? 4 : 5);
}

uint64_t yl_csv_rows(const yl_csv *c) { return c->rows; }

uint64_t yl_csv_cut_cells(const yl_csv *c) { return c->cut; }

int yl_csv_errno(const yl_csv *c) { return yl_outfile_errno(c->out); }

yl_status yl_csv_append_file(yl_csv *c, const char *path, uint64_t rows) {
  if (c->in_row) return YL_ERR_INVALID;
  FILE *in = fopen(path, "rb");
  if (!in) return YL_ERR_IO;
  char buf[1 << 16];
  size_t n;
  yl_status st = drain(c);
  while (!st && (n = fread(buf, 1, sizeof buf, in)) > 0) st = yl_outfile_write(c->out, buf, n);
  if (!st && ferror(in)) {
    st = YL_ERR_IO;
    errno = EIO;
  }
  fclose(in);
  if (!st) c->rows += rows;
  return st;
}

yl_status yl_csv_end_row(yl_csv *c) {
  c->in_row = 0;
  c->rows++;
  return put(c, "\r\n", 2);
}

yl_status yl_csv_header(yl_csv *c, const char *const *names) {
  for (; *names; names++) {
    yl_status st = yl_csv_str(c, *names);
    if (st) return st;
  }
  return yl_csv_end_row(c);
}

yl_status yl_csv_commit(yl_csv *c) {
  (void)drain(c); /* a failed write stays in the outfile: its commit reports it */
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
