/* Reading back yuliao's own CSV tables (RFC 4180, both dialects). */
#include "report/csvread.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yuliao/csv.h"

enum { CHUNK = 1 << 16 };

struct yl_csvr {
  int fd;
  int eof;
  char *data; /* a window of the file: bytes [0, len), the next record at pos */
  size_t len, pos, cap;
  char sep;
  int eu, raw;
  char *cells;   /* the current record's cells, each NUL-terminated */
  size_t ccap;
  size_t *off;   /* cell offsets into 'cells' */
  size_t *clen;
  size_t nf, fcap;
  char *head;    /* the header's cells (a copy) */
  size_t *hoff;
  size_t nh;
};

/* Keeps the bytes from 'pos' and reads more after them (the window grows when a
 * record does not fit). 0, or -1 when out of memory or the read fails. */
static int refill(yl_csvr *r) {
  if (r->eof) return 0;
  memmove(r->data, r->data + r->pos, r->len - r->pos);
  r->len -= r->pos;
  r->pos = 0;
  if (r->cap - r->len < CHUNK) {
    size_t c = r->cap * 2;
    char *p = realloc(r->data, c + 1);
    if (!p) return -1;
    r->data = p;
    r->cap = c;
  }
  while (r->len < r->cap) {
    ssize_t k = read(r->fd, r->data + r->len, r->cap - r->len);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return -1;
    if (k == 0) {
      r->eof = 1;
      break;
    }
    r->len += (size_t)k;
  }
  r->data[r->len] = '\0';
  return 0;
}

/* Room for one more cell and 'extra' more bytes of cells. */
static int room(yl_csvr *r, size_t used, size_t extra) {
  if (r->nf + 1 > r->fcap) {
    size_t c = r->fcap ? 2 * r->fcap : 32;
    size_t *o = realloc(r->off, c * sizeof *o), *l;
    if (!o) return -1;
    r->off = o;
    if (!(l = realloc(r->clen, c * sizeof *l))) return -1;
    r->clen = l;
    r->fcap = c;
  }
  if (used + extra + 1 > r->ccap) {
    size_t c = r->ccap ? r->ccap : 256;
    while (c < used + extra + 1) c *= 2;
    char *p = realloc(r->cells, c);
    if (!p) return -1;
    r->cells = p;
    r->ccap = c;
  }
  return 0;
}

/* One record from 'pos' of the window: 1, 0 when it ends inside the window's end
 * (more bytes needed, or the file's end), -1 out of memory. */
static int record(yl_csvr *r) {
  r->nf = 0;
  if (r->pos >= r->len) return 0;
  const char *s = r->data;
  size_t used = 0;
  for (;;) { /* one cell */
    if (room(r, used, r->len - r->pos < 64 ? r->len - r->pos : 64)) return -1;
    size_t start = used;
    if (r->pos < r->len && s[r->pos] == '"') {
      r->pos++;
      for (;;) {
        const char *q = memchr(s + r->pos, '"', r->len - r->pos);
        if (!q) return 0; /* the record goes on after the window */
        size_t k = (size_t)(q - (s + r->pos));
        if (room(r, used, k + 1)) return -1;
        memcpy(r->cells + used, s + r->pos, k);
        used += k;
        r->pos += k + 1;
        if (r->pos < r->len && s[r->pos] == '"') {
          r->cells[used++] = '"';
          r->pos++;
          continue;
        }
        break;
      }
    }
    size_t e = r->pos;
    while (e < r->len && s[e] != r->sep && s[e] != '\n' && s[e] != '\r') e++;
    if (room(r, used, e - r->pos)) return -1;
    memcpy(r->cells + used, s + r->pos, e - r->pos);
    used += e - r->pos;
    r->pos = e;
    if (r->pos == r->len && !r->eof) return 0;
    r->cells[used++] = '\0';
    r->off[r->nf] = start;
    r->clen[r->nf] = used - 1 - start;
    r->nf++;
    if (r->pos < r->len && s[r->pos] == r->sep) {
      r->pos++;
      continue;
    }
    if (r->pos < r->len && s[r->pos] == '\r') r->pos++;
    if (r->pos == r->len && !r->eof) return 0; /* its LF may be next */
    if (r->pos < r->len && s[r->pos] == '\n') r->pos++;
    return 1;
  }
}

int yl_csvr_next(yl_csvr *r) {
  for (;;) {
    size_t at = r->pos;
    int k = record(r);
    if (k) return k;
    r->pos = at;
    r->nf = 0;
    if (r->eof) {
      r->pos = r->len; /* a cut last record ends the table */
      return 0;
    }
    if (refill(r)) return -1;
  }
}

yl_status yl_csvr_open(const char *path, unsigned flags, yl_csvr **out) {
  *out = NULL;
  yl_csvr *r = calloc(1, sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  r->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (r->fd < 0) {
    int e = errno;
    free(r);
    errno = e;
    return YL_ERR_IO;
  }
  r->cap = CHUNK;
  r->data = malloc(r->cap + 1);
  if (!r->data || refill(r)) {
    int e = r->data ? errno : 0;
    yl_csvr_free(r);
    errno = e;
    return e ? YL_ERR_IO : YL_ERR_NOMEM;
  }
  r->eu = (flags & YL_CSV_EXCEL_EU) != 0;
  r->raw = (flags & YL_CSV_RAW) != 0;
  r->sep = r->eu ? ';' : ',';
  if (r->len >= 3 && !memcmp(r->data, "\xEF\xBB\xBF", 3)) r->pos = 3;
  int k = yl_csvr_next(r);
  if (k < 0) {
    yl_csvr_free(r);
    return YL_ERR_NOMEM;
  }
  size_t used = r->nf ? r->off[r->nf - 1] + r->clen[r->nf - 1] + 1 : 0;
  r->head = malloc(used + 1);
  r->hoff = malloc((r->nf + 1) * sizeof *r->hoff);
  if (!r->head || !r->hoff) {
    yl_csvr_free(r);
    return YL_ERR_NOMEM;
  }
  if (used) memcpy(r->head, r->cells, used);
  for (size_t i = 0; i < r->nf; i++) r->hoff[i] = r->off[i];
  r->nh = r->nf;
  r->nf = 0;
  *out = r;
  return YL_OK;
}

void yl_csvr_free(yl_csvr *r) {
  if (!r) return;
  if (r->fd >= 0) close(r->fd);
  free(r->data);
  free(r->cells);
  free(r->off);
  free(r->clen);
  free(r->head);
  free(r->hoff);
  free(r);
}

int yl_csvr_col(const yl_csvr *r, const char *name) {
  for (size_t i = 0; i < r->nh; i++)
    if (!strcmp(r->head + r->hoff[i], name)) return (int)i;
  return -1;
}

size_t yl_csvr_ncols(const yl_csvr *r) { return r->nh; }

const char *yl_csvr_colname(const yl_csvr *r, size_t i) {
  return i < r->nh ? r->head + r->hoff[i] : "";
}

const char *yl_csvr_cell(const yl_csvr *r, int col, size_t *len) {
  if (col < 0 || (size_t)col >= r->nf) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = r->clen[col];
  return r->cells + r->off[col];
}

const char *yl_csvr_text(const yl_csvr *r, int col, size_t *len) {
  size_t n;
  const char *s = yl_csvr_cell(r, col, &n);
  if (!r->raw && n >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1])) {
    s++;
    n--;
  }
  if (len) *len = n;
  return s;
}

double yl_csvr_num(const yl_csvr *r, int col) {
  size_t n;
  const char *s = yl_csvr_cell(r, col, &n);
  if (!n || n > 60) return NAN;
  if (!strcmp(s, "Inf")) return INFINITY;
  if (!strcmp(s, "-Inf")) return -INFINITY;
  char t[64];
  memcpy(t, s, n + 1);
  if (r->eu)
    for (char *p = t; *p; p++)
      if (*p == ',') *p = '.';
  char *end;
  double v = strtod(t, &end);
  return end == t || *end ? NAN : v;
}
