/* TF-IDF schemes and IDF sources (see include/yuliao/tfidf.h, docs/statistics.md). */
#include "yuliao/tfidf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/error.h"
#include "yuliao/stats.h"

struct yl_idf {
  int is_table;
  /* batch */
  uint64_t n;
  uint64_t *df; /* by id: ids are a vocabulary's, dense from 0 (a third of a hash table) */
  size_t ndf;   /* 1 + the largest id with a df */
  /* table */
  yl_vocab *words;
  double *values; /* by id of 'words' */
  double median;
};

static const char *const scheme_names[] = {"sklearn", "quanteda", "tidytext", "jieba"};

#define NSCHEMES (sizeof scheme_names / sizeof *scheme_names)

yl_status yl_tfidf_scheme_parse(const char *name, yl_tfidf_scheme *out) {
  int i = yl_name_index(scheme_names, NSCHEMES, name);
  if (i < 0) return YL_ERR_INVALID;
  *out = (yl_tfidf_scheme)i;
  return YL_OK;
}

const char *yl_tfidf_scheme_name(yl_tfidf_scheme s) {
  return yl_name_of(scheme_names, NSCHEMES, (unsigned)s);
}

yl_status yl_idf_from_df(uint64_t n, const uint64_t *df, size_t nids, yl_idf **out) {
  yl_idf *idf = calloc(1, sizeof *idf);
  if (!idf) return YL_ERR_NOMEM;
  idf->n = n;
  idf->ndf = nids;
  idf->df = malloc((nids ? nids : 1) * sizeof *idf->df);
  if (!idf->df) {
    yl_idf_free(idf);
    return YL_ERR_NOMEM;
  }
  if (nids) memcpy(idf->df, df, nids * sizeof *df);
  *out = idf;
  return YL_OK;
}

yl_status yl_idf_from_counts(const yl_counts *units, yl_idf **out) {
  yl_idf *idf = calloc(1, sizeof *idf);
  if (!idf) return YL_ERR_NOMEM;
  idf->n = yl_counts_ndocs(units);
  size_t nt = yl_counts_nterms(units);
  for (size_t i = 0; i < nt; i++) {
    uint32_t id;
    uint64_t df;
    yl_counts_entry(units, i, &id, NULL, &df);
    if (df && id >= idf->ndf) idf->ndf = (size_t)id + 1;
  }
  idf->df = calloc(idf->ndf ? idf->ndf : 1, sizeof *idf->df);
  if (!idf->df) {
    yl_idf_free(idf);
    return YL_ERR_NOMEM;
  }
  for (size_t i = 0; i < nt; i++) {
    uint32_t id;
    uint64_t df;
    yl_counts_entry(units, i, &id, NULL, &df);
    if (df) idf->df[id] = df;
  }
  *out = idf;
  return YL_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Parses one "word idf" line of 'len' bytes (no newline). */
static yl_status parse_line(yl_idf *idf, char *line, size_t len, size_t *cap) {
  /* Trailing CR, spaces and tabs are dropped (jieba strips the line too). */
  while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
  if (len == 0 || line[0] == '#') return YL_OK; /* blank or comment (provenance header) */
  line[len] = '\0';
  char *sp = memchr(line, ' ', len);
  if (!sp || sp == line) return YL_ERR_PARSE;
  char *num = sp + 1, *end;
  errno = 0;
  double val = strtod(num, &end);
  if (end == num || *end != '\0' || errno == ERANGE || !isfinite(val)) return YL_ERR_PARSE;
  uint32_t id;
  yl_status st = yl_vocab_intern(idf->words, line, (size_t)(sp - line), &id);
  if (st != YL_OK) return st;
  if (id >= *cap) {
    size_t ncap = *cap ? *cap * 2 : 4096;
    double *v = realloc(idf->values, ncap * sizeof *v);
    if (!v) return YL_ERR_NOMEM;
    idf->values = v;
    *cap = ncap;
  }
  idf->values[id] = val;
  return YL_OK;
}

#define IDF_WHAT "cannot load the IDF table"

yl_status yl_idf_load(const char *path, yl_idf **out, yl_error *err) {
  yl_error_clear(err);
  FILE *f = fopen(path, "rb");
  if (!f) return yl_error_cause(err, YL_ERR_IO, path, 0, errno, IDF_WHAT);
  yl_idf *idf = calloc(1, sizeof *idf);
  yl_status st = idf ? yl_vocab_new(&idf->words) : YL_ERR_NOMEM;
  if (idf) idf->is_table = 1;
  char *line = NULL;
  size_t lcap = 0, vcap = 0, lineno = 0;
  ssize_t got;
  while (st == YL_OK && (got = getline(&line, &lcap, f)) >= 0) {
    lineno++;
    size_t len = (size_t)got;
    if (len && line[len - 1] == '\n') len--;
    char *p = line;
    if (lineno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
      p += 3;
      len -= 3;
    }
    st = parse_line(idf, p, len, &vcap);
    if (st == YL_ERR_PARSE) yl_error_set(err, st, path, lineno, 0, "not a 'word idf' line");
  }
  if (st == YL_OK && ferror(f)) {
    st = YL_ERR_IO;
    yl_error_cause(err, st, path, 0, errno, IDF_WHAT);
  }
  /* getline that cannot grow its buffer returns -1 with neither EOF nor error set */
  if (st == YL_OK && !feof(f)) {
    st = YL_ERR_NOMEM;
    yl_error_cause(err, st, path, 0, 0, IDF_WHAT);
  }
  free(line);
  fclose(f);
  if (st == YL_OK && yl_vocab_size(idf->words) == 0) st = YL_ERR_PARSE;
  if (st == YL_OK) {
    size_t n = yl_vocab_size(idf->words);
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted) {
      st = YL_ERR_NOMEM;
    } else {
      memcpy(sorted, idf->values, n * sizeof *sorted);
      qsort(sorted, n, sizeof *sorted, cmp_double);
      idf->median = sorted[n / 2]; /* jieba: sorted(values)[len // 2] */
      free(sorted);
    }
  }
  if (st != YL_OK) {
    yl_idf_free(idf);
    return yl_error_cause(err, st, path, 0, 0, IDF_WHAT); /* empty table, out of memory */
  }
  *out = idf;
  return YL_OK;
}

void yl_idf_free(yl_idf *idf) {
  if (!idf) return;
  free(idf->df);
  yl_vocab_free(idf->words);
  free(idf->values);
  free(idf);
}

int yl_idf_is_table(const yl_idf *idf) { return idf->is_table; }
double yl_idf_median(const yl_idf *idf) { return idf->is_table ? idf->median : 0.0; }
size_t yl_idf_size(const yl_idf *idf) {
  return idf->is_table ? yl_vocab_size(idf->words) : (size_t)idf->n;
}

double yl_idf_value(const yl_idf *idf, yl_tfidf_scheme scheme, const yl_vocab *v,
                    uint32_t id) {
  if (idf->is_table) {
    size_t len;
    const char *s = yl_vocab_term(v, id, &len);
    uint32_t wid;
    return yl_vocab_find(idf->words, s, len, &wid) == YL_OK ? idf->values[wid] : idf->median;
  }
  uint64_t df = id < idf->ndf ? idf->df[id] : 0;
  switch (scheme) {
  case YL_TFIDF_SKLEARN: return yl_idf_smooth(idf->n, df);
  case YL_TFIDF_QUANTEDA: return yl_idf_log10(idf->n, df);
  case YL_TFIDF_TIDYTEXT:
  case YL_TFIDF_JIEBA: return yl_idf_ln(idf->n, df);
  }
  return 0.0;
}

static int cmp_term(const yl_tfidf_row *a, const yl_tfidf_row *b) {
  return yl_bytes_cmp(a->term, a->term_len, b->term, b->term_len);
}

static int cmp_by_weight(const void *pa, const void *pb) {
  const yl_tfidf_row *a = pa, *b = pb;
  if (a->weight != b->weight) return a->weight > b->weight ? -1 : 1;
  return cmp_term(a, b);
}

/* Moves the 'k' best rows (by cmp_by_weight, a total order: terms differ) of r[0..n)
 * to the front, in no set order: quickselect, median-of-three pivots. */
static void select_best(yl_tfidf_row *r, size_t n, size_t k) {
  size_t lo = 0, hi = n; /* [0, lo) beats [lo, n); [0, hi) beats [hi, n); lo <= k <= hi */
  while (hi - lo > 8) {
    size_t mid = lo + (hi - lo) / 2, last = hi - 1;
    yl_tfidf_row t;
#define SWAP(a, b) (t = r[a], r[a] = r[b], r[b] = t)
    if (cmp_by_weight(&r[mid], &r[lo]) < 0) SWAP(mid, lo);
    if (cmp_by_weight(&r[last], &r[lo]) < 0) SWAP(last, lo);
    if (cmp_by_weight(&r[mid], &r[last]) < 0) SWAP(mid, last); /* pivot: the median, at last */
    size_t p = lo;
    for (size_t i = lo; i < last; i++)
      if (cmp_by_weight(&r[i], &r[last]) < 0) {
        SWAP(i, p);
        p++;
      }
    SWAP(p, last);
#undef SWAP
    if (p == k || p + 1 == k) return;
    if (k < p) hi = p;
    else lo = p + 1;
  }
  qsort(r + lo, hi - lo, sizeof *r, cmp_by_weight);
}

yl_status yl_idf_values(const yl_idf *idf, yl_tfidf_scheme scheme, const yl_vocab *v,
                        double **out) {
  *out = NULL;
  if ((unsigned)scheme > YL_TFIDF_JIEBA) return YL_ERR_INVALID;
  size_t n = yl_vocab_size(v);
  double *a = malloc((n ? n : 1) * sizeof *a);
  if (!a) return YL_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) a[i] = yl_idf_value(idf, scheme, v, (uint32_t)i);
  *out = a;
  return YL_OK;
}

/* Weighs rows r[0..k) whose id and count are set (counts > 0, 'tokens' in all),
 * normalises, and sorts or selects them (see yl_tfidf_rows_top). */
static void weigh(yl_tfidf_row *r, size_t k, uint64_t tokens, const yl_vocab *v,
                  const yl_idf *idf, const double *idf_by_id, yl_tfidf_scheme scheme,
                  size_t top) {
  double len = (double)tokens;
  int prop = scheme == YL_TFIDF_TIDYTEXT || scheme == YL_TFIDF_JIEBA;
  yl_fsum ss = YL_FSUM_INIT;
  for (size_t i = 0; i < k; i++) {
    yl_tfidf_row *row = &r[i];
    row->term = yl_vocab_term(v, row->id, &row->term_len);
    row->tf = prop ? (double)row->count / len : (double)row->count;
    row->idf = idf_by_id ? idf_by_id[row->id] : yl_idf_value(idf, scheme, v, row->id);
    row->weight = row->tf * row->idf;
    if (scheme == YL_TFIDF_SKLEARN) yl_fsum_add(&ss, row->weight * row->weight);
  }
  if (scheme == YL_TFIDF_SKLEARN && k) {
    /* The exactly rounded sum does not depend on the rows' (hash) order, so the norm
     * is the same bytes for any thread count and any way the table was built. Sorting
     * after the division keeps weights that it made equal in term order. */
    double norm = sqrt(yl_fsum_value(&ss));
    if (norm > 0)
      for (size_t i = 0; i < k; i++) r[i].weight /= norm;
  }
  if (top && top < k) {
    select_best(r, k, top);
    qsort(r, top, sizeof *r, cmp_by_weight);
  } else {
    qsort(r, k, sizeof *r, cmp_by_weight);
  }
}

yl_status yl_tfidf_rows_top(const yl_counts *unit, const yl_vocab *v, const yl_idf *idf,
                            const double *idf_by_id, yl_tfidf_scheme scheme, size_t top,
                            yl_tfidf_row **rows, size_t *n) {
  if ((unsigned)scheme > YL_TFIDF_JIEBA) return YL_ERR_INVALID;
  size_t nt = yl_counts_nterms(unit);
  yl_tfidf_row *r = malloc((nt ? nt : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < nt; i++) {
    yl_counts_entry(unit, i, &r[k].id, &r[k].count, NULL);
    if (r[k].count) k++;
  }
  weigh(r, k, yl_counts_tokens(unit), v, idf, idf_by_id, scheme, top);
  *rows = r;
  *n = k;
  return YL_OK;
}

yl_status yl_tfidf_rows_ids(const uint32_t *ids, const uint64_t *counts, size_t nt,
                            const yl_vocab *v, const yl_idf *idf, const double *idf_by_id,
                            yl_tfidf_scheme scheme, size_t top, yl_tfidf_row **rows,
                            size_t *n) {
  if ((unsigned)scheme > YL_TFIDF_JIEBA) return YL_ERR_INVALID;
  yl_tfidf_row *r = malloc((nt ? nt : 1) * sizeof *r);
  if (!r) return YL_ERR_NOMEM;
  uint64_t tokens = 0;
  size_t k = 0;
  for (size_t i = 0; i < nt; i++) {
    if (!counts[i]) continue;
    r[k].id = ids[i];
    r[k].count = counts[i];
    tokens += counts[i];
    k++;
  }
  weigh(r, k, tokens, v, idf, idf_by_id, scheme, top);
  *rows = r;
  *n = k;
  return YL_OK;
}

yl_status yl_tfidf_rows(const yl_counts *unit, const yl_vocab *v, const yl_idf *idf,
                        yl_tfidf_scheme scheme, yl_tfidf_row **rows, size_t *n) {
  return yl_tfidf_rows_top(unit, v, idf, NULL, scheme, 0, rows, n);
}
