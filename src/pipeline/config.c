/* The configuration: one table of every option of analyze and extract. Each entry
 * gives the name, the argument, the default, the help line and the kind of parser;
 * yl_config_new parses every default through the same parser, and --help is printed
 * from the same entries, so a default or a value name is written only here (the enum
 * names come from their modules: yl_tfidf_scheme_name, yl_cooc_context_name …). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "pipeline/config.h"
#include "yuliao/cooc.h"
#include "yuliao/csv.h"
#include "yuliao/ingest.h"
#include "yuliao/script.h"
#include "yuliao/stats.h"
#include "yuliao/tfidf.h"
#include "report/network.h"

typedef enum kind {
  K_FLAG,  /* on/off */
  K_UINT,  /* whole number in [min, max] */
  K_BYTES, /* whole number ≥ 1 (a size in bytes) */
  K_PROB,  /* number strictly between 0 and 1 */
  K_ENUM,  /* one of the names */
  K_KINDS, /* comma-separated paragraph kinds to leave out */
  K_PATH,  /* one text value (the last one given counts) */
  K_PATHS, /* repeatable: each use adds one */
  K_TERMS  /* comma-separated list, replaces the previous one */
} kind;

/* The names of an enum's values, in value order 0 … count − 1. */
typedef struct names {
  const char *(*name)(int v);
  int count;
  int quoted; /* error messages show the names in quotes */
} names;

static const char *group_by_name(int v) { return yl_analyze_group_by_name((yl_analyze_group_by)v); }
static const char *scheme_name(int v) { return yl_tfidf_scheme_name((yl_tfidf_scheme)v); }
static const char *context_name(int v) { return yl_cooc_context_name((yl_cooc_context)v); }
static const char *kind_name(int v) { return yl_para_kind_name((yl_para_kind)v); }
static const char *script_name(int v) { return yl_script_mode_name((yl_script_mode)v); }
static const char *correction_name(int v) { return yl_g2_correction_name((yl_g2_correction)v); }
static const char *dialect_name(int v) { return v ? "excel-eu" : "excel"; }
static const char *period_name(int v) {
  static const char *const n[] = {"none", "day", "week", "month", "year"};
  return v >= 0 && v < 5 ? n[v] : NULL;
}
static const char *outlet_from_name(int v) { return v == YL_OUTLET_FROM_FOLDER ? "folder" : "host"; }

static const char *measure_name(int v) { return yl_net_measure_name(v); }
static const names measure_names = {measure_name, YL_NET_COUNT + 1, 0};
static const names group_by_names = {group_by_name, YL_GROUP_NONE + 1, 0};
static const names scheme_names = {scheme_name, YL_TFIDF_JIEBA + 1, 0};
static const names context_names = {context_name, YL_COOC_DOCUMENT + 1, 0};
static const names kind_names = {kind_name, YL_PARA_TITLE + 1, 0};
static const names outlet_from_names = {outlet_from_name, YL_OUTLET_FROM_FOLDER + 1, 1};
static const names script_names = {script_name, YL_SCRIPT_KEEP + 1, 0};
static const names dialect_names = {dialect_name, 2, 0};
static const names correction_names = {correction_name, YL_G2_YATES + 1, 0};
static const names period_names = {period_name, 5, 0};

typedef struct option {
  const char *name;
  const char *arg;  /* argument name; NULL for a flag; "%|" = the names joined by '|' */
  const char *def;  /* default, parsed by yl_config_new */
  const char *help; /* %D the default ("none" when empty), %, the names with
                       "(default)", %o the same ending in "or", %% a '%' */
  unsigned commands;
  kind kind;
  size_t off; /* of the field in struct yl_config */
  uint64_t min, max;
  const names *names;
} option;

#define A YL_CONFIG_ANALYZE
#define E YL_CONFIG_EXTRACT
#define F(field) offsetof(struct yl_config, field)

/* In --help order. */
static const option table[] = {
    {"jobs", "N", "0", "worker threads (default: all online CPUs)", A, K_UINT, F(jobs), 0, 256, NULL},
    {"group-by", "%|", "outlet", "what a group is (default %D)", A, K_ENUM, F(group_by), 0, 0,
     &group_by_names},
    {"exclude-kinds", "LIST", "", "paragraph kinds not counted, comma-separated: %, (default %D)",
     A, K_KINDS, F(kinds), 0, 0, &kind_names},
    {"stopwords", "FILE", "", "more stop words, one a line (repeatable)", A, K_PATHS,
     F(stopwords), 0, 0, NULL},
    {"no-default-stopwords", NULL, "false", "do not load dict/stopwords/*.txt", A, K_FLAG,
     F(no_default_stop), 0, 0, NULL},
    {"no-outlet-stopwords", NULL, "false",
     "keep an outlet's own names (dict/outlets.tsv) in its documents", A, K_FLAG,
     F(no_outlet_stop), 0, 0, NULL},
    {"keep-numbers", NULL, "false", "count pure numbers (2025, 3.5%%) as terms", A, K_FLAG,
     F(keep_numbers), 0, 0, NULL},
    {"min-length", "N", "2", "minimum term length in characters (default %D)", A, K_UINT,
     F(min_length), 0, 1000, NULL},
    {"user-dict", "FILE", "", "jieba user dictionary (repeatable)", A, K_PATHS, F(user_dicts),
     0, 0, NULL},
    {"script", "%|", "simplified",
     "Traditional characters converted to Simplified before counting (default) or kept", A,
     K_ENUM, F(script), 0, 0, &script_names},
    {"opencc-config", "NAME", "",
     "OpenCC configuration for --script simplified: t2s (default), tw2sp, hk2s …", A, K_PATH,
     F(opencc_config), 0, 0, NULL},
    {"near-duplicates", "S", "0.7",
     "a body text this similar to another's is the same story (default %D)", A, K_PROB,
     F(near_duplicates), 0, 0, NULL},
    {"exact-duplicates-only", NULL, "false",
     "only the same URL or the same body text make a duplicate", A, K_FLAG,
     F(exact_duplicates_only), 0, 0, NULL},
    {"no-hmm", NULL, "false", "segment without the HMM (jieba HMM=False)", A, K_FLAG, F(no_hmm),
     0, 0, NULL},
    {"tfidf", "SCHEME", "sklearn", "%o", A, K_ENUM, F(scheme), 0, 0, &scheme_names},
    {"idf", "FILE|" YL_CONFIG_IDF_SHIPPED, "",
     "IDF table instead of the batch IDF (" YL_CONFIG_IDF_SHIPPED " = shipped table)", A, K_PATH,
     F(idf), 0, 0, NULL},
    {"tfidf-doc-top", "M", "10", "doc-level tfidf rows per document (default %D, 0 = all)", A,
     K_UINT, F(tfidf_doc_top), 0, SIZE_MAX, NULL},
    {"tfidf-group-top", "M", "5000", "group-level tfidf rows per group (default %D, 0 = all)", A,
     K_UINT, F(tfidf_group_top), 0, SIZE_MAX, NULL},
    {"keywords", "K", "10",
     "keywords: the first K tfidf rows of each document and group (default %D, 0 = all)", A,
     K_UINT, F(keywords), 0, SIZE_MAX, NULL},
    {"frequency-top", "N", "20000",
     "top terms per group in frequency.csv (default %D, 0 = all)", A,
     K_UINT, F(frequency_top), 0, SIZE_MAX, NULL},
    {"wide-top", "N", "500", "terms in frequency_wide.csv (default %D, 0 = all)", A, K_UINT,
     F(wide_top), 0, SIZE_MAX, NULL},
    {"context", "C", "window", "co-occurrence unit: %,", A, K_ENUM, F(context), 0, 0,
     &context_names},
    {"window", "K", "5", "window half-width for --context window, 1 … 1000 (default %D)", A, K_UINT,
     F(window), 1, 1000, NULL},
    {"cooc-top", "N", "200", "co-occurrence among the N most frequent terms (default %D, 0 = all)",
     A, K_UINT, F(cooc_top), 0, SIZE_MAX, NULL},
    {"focus", "TERM,...", "", "co-occurrence: the neighbours of these terms instead", A, K_TERMS,
     F(focus), 0, 0, NULL},
    {"cooc-min-count", "N", "2", "minimum co-occurrence count of a row (default %D)", A, K_UINT,
     F(cooc_min_count), 0, UINT64_MAX, NULL},
    {"alpha", "P", "0.05", "keyness significance level, Bonferroni-corrected (default %D)", A,
     K_PROB, F(alpha), 0, 0, NULL},
    {"keyness-min-count", "N", "5", "keyness tests terms used N+ times in the corpus (default %D)",
     A, K_UINT, F(keyness_min_count), 1, UINT64_MAX, NULL},
    {"keyness-top", "N", "100",
     "top over- and under-used terms per group, plus significant ones (default %D)", A, K_UINT, F(keyness_top), 0, SIZE_MAX, NULL},
    {"keyness-correction", "%|", "none",
     "small-count correction of keyness G² and its p: %o (docs/statistics.md)", A, K_ENUM,
     F(keyness_correction), 0, 0, &correction_names},
    {"keyness-all", NULL, "false", "keyness.csv: every tested term of every group", A, K_FLAG,
     F(keyness_all), 0, 0, NULL},
    {"kwic", "TERM,...", "",
     "kwic.csv: every counted occurrence of these terms in context, as written", A, K_TERMS,
     F(kwic), 0, 0, NULL},
    {"kwic-width", "N", "30", "KWIC: characters of context on each side, 1 … 1000 (default %D)",
     A, K_UINT, F(kwic_width), 1, 1000, NULL},
    {"kwic-max", "N", "1000", "KWIC: rows per term and group (default %D, 0 = all)", A, K_UINT,
     F(kwic_max), 0, SIZE_MAX, NULL},
    {"period", "%|", "none",
     "periods.csv and trends.csv by publication time: %o (ISO weeks)", A, K_ENUM, F(period), 0,
     0, &period_names},
    {"trend-top", "N", "100",
     "trends.csv: the N most frequent terms besides the KWIC and focus terms (default %D, 0 = all)",
     A, K_UINT, F(trend_top), 0, SIZE_MAX, NULL},
    {"aliases", "FILE", "",
     "spellings counted as one term: CANONICAL<TAB>VARIANT|VARIANT (docs/analyze.md)", A,
     K_PATH, F(aliases), 0, 0, NULL},
    {"frames", "FILE", "", "frames.csv, frames_test.csv, frames_docs.csv: coding rules (docs/analyze.md)",
     A, K_PATH, F(frames), 0, 0, NULL},
    {"dtm", NULL, "false", "dtm.csv and dtm_vocab.csv: the document-term matrix for topic models",
     A, K_FLAG, F(dtm), 0, 0, NULL},
    {"collocations", NULL, "false",
     "collocations.csv: 2- and 3-term sequences with quanteda's lambda and z", A, K_FLAG,
     F(collocations), 0, 0, NULL},
    {"colloc-min-count", "N", "2", "collocations seen N+ times in a group are scored (default %D)",
     A, K_UINT, F(colloc_min_count), 1, UINT64_MAX, NULL},
    {"colloc-top", "N", "1000",
     "collocations.csv: the N highest z of each size per group (default %D, 0 = all)", A, K_UINT,
     F(colloc_top), 0, SIZE_MAX, NULL},
    {"similarity-top", "K", "50", "similarity.csv: shared terms among the top K (default %D)", A,
     K_UINT, F(sim_top), 0, SIZE_MAX, NULL},
    {"network-top", "N", "60",
     "network_*.csv and report.html: edges per group's network, 1 … 500 (default %D)", A, K_UINT,
     F(network_top), 1, 500, NULL},
    {"network-measure", "%|", "jaccard",
     "association that picks and weighs the network's edges: %o (docs/report.md)", A, K_ENUM,
     F(network_measure), 0, 0, &measure_names},
    {"no-report", NULL, "false", "do not write report.html", A, K_FLAG, F(no_report), 0, 0, NULL},
    {"newwords", "FILE", "",
     "a newwords.csv of `yuliao newwords`, copied into DIR and shown in report.html", A, K_PATH,
     F(newwords), 0, 0, NULL},
    {"outlets", "FILE", "", "extra outlet table (same format as dict/outlets.tsv)", A | E, K_PATH,
     F(outlets), 0, 0, NULL},
    {"outlet-from", "%|", "host",
     "outlet from the URL's host (default) or the file's parent folder name", A | E, K_ENUM,
     F(outlet_from), 0, 0, &outlet_from_names},
    {"max-file-size", "BYTES", "67108864", "skip files larger than BYTES (default %D)", A | E,
     K_BYTES, F(max_file_size), 0, 0, NULL},
    {"dict-dir", "DIR", "", "data folder (outlets.tsv, stopwords/, jieba/)", A | E, K_PATH,
     F(dict_dir), 0, 0, NULL},
    {"no-bom", NULL, "false", "write CSV without the UTF-8 byte order mark", A | E, K_FLAG,
     F(no_bom), 0, 0, NULL},
    {"raw-csv", NULL, "false", "do not neutralise formula-like cells (=, +, -, @)", A | E, K_FLAG,
     F(raw_csv), 0, 0, NULL},
    {"csv-dialect", "%|", "excel",
     "excel: ',' and decimal point (default); excel-eu: ';' and decimal comma", A | E, K_ENUM,
     F(csv_dialect), 0, 0, &dialect_names},
    {"digits", "N", "0",
     "significant digits of number cells, 1 … 17 (default 0: fewest that read back exactly)",
     A | E, K_UINT, F(digits), 0, 17, NULL},
    {"strict", NULL, "false", "exit 1 when any file was skipped", A | E, K_FLAG, F(strict), 0, 0,
     NULL},
};

#undef A
#undef E
#undef F

#define NOPTIONS (sizeof table / sizeof *table)

static const option *find(const char *name) {
  for (size_t i = 0; i < NOPTIONS; i++)
    if (!strcmp(table[i].name, name)) return &table[i];
  return NULL;
}

static void *field(yl_config *c, const option *o) { return (char *)c + o->off; }
static const void *cfield(const yl_config *c, const option *o) { return (const char *)c + o->off; }

/* ---- text output into a fixed buffer -------------------------------------------- */

typedef struct tbuf {
  char *p;
  size_t cap, len;
  int cut;
} tbuf;

static void put(tbuf *o, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (o->len + 1 < o->cap) o->p[o->len++] = s[i];
    else o->cut = 1;
  }
  if (o->cap) o->p[o->len < o->cap ? o->len : o->cap - 1] = '\0';
}

static void puts_(tbuf *o, const char *s) { put(o, s, strlen(s)); }

/* The names joined by 'sep', the last pair by 'last'; " (default)" after 'def';
 * quoted in messages when the names say so. */
static void put_names(tbuf *o, const names *nm, const char *sep, const char *last,
                      const char *def, int message) {
  int q = message && nm->quoted;
  for (int i = 0; i < nm->count; i++) {
    if (i) puts_(o, i + 1 == nm->count ? last : sep);
    if (q) puts_(o, "'");
    puts_(o, nm->name(i));
    if (q) puts_(o, "'");
    if (def && !strcmp(def, nm->name(i))) puts_(o, " (default)");
  }
}

/* Expands the %-codes of an arg or help text (see struct option). */
static void expand(tbuf *o, const option *opt, const char *s) {
  static const names none = {NULL, 0, 0};
  const names *nm = opt->names ? opt->names : &none;
  for (; *s; s++) {
    if (*s != '%' || !s[1]) {
      put(o, s, 1);
      continue;
    }
    switch (*++s) {
      case 'D': puts_(o, *opt->def ? opt->def : "none"); break;
      case '|': put_names(o, nm, "|", "|", NULL, 0); break;
      case ',': put_names(o, nm, ", ", ", ", opt->def, 0); break;
      case 'o': put_names(o, nm, ", ", " or ", opt->def, 0); break;
      default: put(o, s, 1); break; /* "%%" */
    }
  }
}

/* ---- parsers -------------------------------------------------------------------- */

static yl_status bad(yl_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static yl_status bad(yl_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  yl_status st = yl_error_setv(err, YL_ERR_INVALID, NULL, 0, 0, fmt, ap);
  va_end(ap);
  return st;
}

static yl_status nomem(yl_error *err) {
  return yl_error_set(err, YL_ERR_NOMEM, NULL, 0, 0, "%s", yl_strerror(YL_ERR_NOMEM));
}

/* Digits only: no sign and no blank (strtoull would take " -5" as 2^64 − 5). */
static int whole(const char *s, unsigned long long *v) {
  if (*s < '0' || *s > '9') return 0;
  char *end;
  errno = 0;
  *v = strtoull(s, &end, 10);
  return !errno && !*end;
}

static yl_status strlist_add(yl_strlist *l, const char *s, size_t n) {
  char **p = realloc(l->v, (l->n + 1) * sizeof *p);
  if (!p) return YL_ERR_NOMEM;
  l->v = p;
  if (!(p[l->n] = strndup(s, n))) return YL_ERR_NOMEM;
  l->n++;
  return YL_OK;
}

static void strlist_clear(yl_strlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static int enum_value(const names *nm, const char *s, size_t n) {
  for (int i = 0; i < nm->count; i++)
    if (strlen(nm->name(i)) == n && !strncmp(nm->name(i), s, n)) return i;
  return -1;
}

static yl_status parse(yl_config *c, const option *o, const char *v, yl_error *err) {
  char list[256];
  tbuf lo = {list, sizeof list, 0, 0};
  if (o->kind == K_FLAG) {
    if (!v || !strcmp(v, "true")) *(int *)field(c, o) = 1;
    else if (!strcmp(v, "false")) *(int *)field(c, o) = 0;
    else return bad(err, "--%s takes no value, or true or false, not '%s'", o->name, v);
    return YL_OK;
  }
  if (!v) return bad(err, "--%s needs a value", o->name);
  unsigned long long u;
  switch (o->kind) {
    case K_UINT:
      if (!whole(v, &u) || u > o->max)
        return bad(err, "--%s needs a whole number (%llu … %llu), not '%s'", o->name,
                   (unsigned long long)o->min, (unsigned long long)o->max, v);
      if (u < o->min) return bad(err, "--%s must be at least %llu", o->name, (unsigned long long)o->min);
      *(uint64_t *)field(c, o) = u;
      return YL_OK;
    case K_BYTES:
      if (!whole(v, &u) || u == 0)
        return bad(err, "--%s needs a positive number of bytes, not '%s'", o->name, v);
      *(uint64_t *)field(c, o) = u;
      return YL_OK;
    case K_PROB: {
      char *end;
      errno = 0;
      double d = strtod(v, &end);
      if (errno || end == v || *end || !(d > 0 && d < 1))
        return bad(err, "--%s needs a number between 0 and 1, not '%s'", o->name, v);
      *(double *)field(c, o) = d;
      return YL_OK;
    }
    case K_ENUM: {
      int e = enum_value(o->names, v, strlen(v));
      if (e < 0) {
        put_names(&lo, o->names, ", ", " or ", NULL, 1);
        return bad(err, "--%s takes %s, not '%s'", o->name, list, v);
      }
      *(int *)field(c, o) = e;
      return YL_OK;
    }
    case K_KINDS: {
      unsigned kinds = YL_ANALYZE_KINDS_ALL;
      for (const char *p = v; *p;) {
        size_t n = strcspn(p, ",");
        int k = enum_value(o->names, p, n);
        if (k >= 0) kinds &= ~(1u << k);
        else if (n) {
          put_names(&lo, o->names, ", ", ", ", NULL, 1);
          return bad(err, "--%s: unknown kind '%.*s' (%s)", o->name, (int)n, p, list);
        }
        p += n;
        if (*p) p++;
      }
      /* nothing left to count would be a run of empty tables that exits 0 */
      if (!kinds) return bad(err, "--%s %s leaves no paragraph kind to count", o->name, v);
      *(unsigned *)field(c, o) = kinds;
      return YL_OK;
    }
    case K_PATH: {
      char *s = strdup(v), **slot = field(c, o);
      if (!s) return nomem(err);
      free(*slot);
      *slot = s;
      return YL_OK;
    }
    case K_PATHS:
      return strlist_add(field(c, o), v, strlen(v)) ? nomem(err) : YL_OK;
    case K_TERMS: {
      yl_strlist l = {NULL, 0};
      for (const char *p = v; *p;) {
        size_t n = strcspn(p, ",");
        if (n && strlist_add(&l, p, n)) {
          strlist_clear(&l);
          return nomem(err);
        }
        p += n;
        if (*p) p++;
      }
      if (!l.n) return bad(err, "--%s needs at least one term", o->name);
      strlist_clear(field(c, o));
      *(yl_strlist *)field(c, o) = l;
      return YL_OK;
    }
    case K_FLAG: break;
  }
  return bad(err, "--%s: unknown kind of option", o->name);
}

/* ---- the configuration object ----------------------------------------------------- */

yl_status yl_config_new(yl_config **out) {
  yl_config *c = calloc(1, sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  for (size_t i = 0; i < NOPTIONS; i++) {
    const option *o = &table[i];
    if (o->kind == K_PATH || o->kind == K_PATHS || o->kind == K_TERMS) continue; /* none */
    yl_status st = parse(c, o, o->def, NULL);
    if (st) {
      yl_config_free(c);
      return st;
    }
  }
  *out = c;
  return YL_OK;
}

void yl_config_free(yl_config *c) {
  if (!c) return;
  free(c->idf);
  free(c->outlets);
  free(c->dict_dir);
  free(c->opencc_config);
  free(c->frames);
  free(c->aliases);
  free(c->newwords);
  strlist_clear(&c->stopwords);
  strlist_clear(&c->user_dicts);
  strlist_clear(&c->focus);
  strlist_clear(&c->kwic);
  strlist_clear(&c->command);
  free(c);
}

yl_status yl_config_set(yl_config *c, const char *name, const char *value, yl_error *err) {
  yl_error_clear(err);
  if (!c) return bad(err, "no configuration");
  const option *o = name ? find(name) : NULL;
  if (!o) return bad(err, "unknown option '%s'", name ? name : "(null)");
  return parse(c, o, value, err);
}

static void put_list(tbuf *o, const yl_strlist *l) {
  for (size_t i = 0; i < l->n; i++) {
    if (i) puts_(o, ",");
    puts_(o, l->v[i]);
  }
}

yl_status yl_config_get(const yl_config *c, const char *name, char *buf, size_t cap) {
  const option *o = name ? find(name) : NULL;
  if (!c || !o || !buf || !cap) return YL_ERR_INVALID;
  tbuf b = {buf, cap, 0, 0};
  char t[40];
  buf[0] = '\0';
  switch (o->kind) {
    case K_FLAG: puts_(&b, *(const int *)cfield(c, o) ? "true" : "false"); break;
    case K_UINT:
    case K_BYTES:
      snprintf(t, sizeof t, "%llu", (unsigned long long)*(const uint64_t *)cfield(c, o));
      puts_(&b, t);
      break;
    case K_PROB:
      yl_format_double(*(const double *)cfield(c, o), t);
      puts_(&b, t);
      break;
    case K_ENUM: puts_(&b, o->names->name(*(const int *)cfield(c, o))); break;
    case K_KINDS: {
      unsigned kinds = *(const unsigned *)cfield(c, o);
      const char *sep = "";
      for (int k = 0; k < o->names->count; k++)
        if (!(kinds & (1u << k))) {
          puts_(&b, sep);
          puts_(&b, o->names->name(k));
          sep = ",";
        }
      break;
    }
    case K_PATH: {
      const char *s = *(char *const *)cfield(c, o);
      puts_(&b, s ? s : "");
      break;
    }
    case K_PATHS:
    case K_TERMS: put_list(&b, cfield(c, o)); break;
  }
  return b.cut ? YL_ERR_LIMIT : YL_OK;
}

yl_status yl_config_add_user_dict(yl_config *c, const char *path) {
  return yl_config_set(c, "user-dict", path, NULL);
}

yl_status yl_config_add_stopwords(yl_config *c, const char *path) {
  return yl_config_set(c, "stopwords", path, NULL);
}

yl_status yl_config_add_kwic(yl_config *c, const char *term) {
  if (!c || !term || !*term) return YL_ERR_INVALID;
  return strlist_add(&c->kwic, term, strlen(term));
}

yl_status yl_config_add_focus(yl_config *c, const char *term) {
  if (!c || !term || !*term) return YL_ERR_INVALID;
  return strlist_add(&c->focus, term, strlen(term));
}

yl_status yl_config_set_dict_dir(yl_config *c, const char *dir) {
  return yl_config_set(c, "dict-dir", dir, NULL);
}

yl_status yl_config_set_threads(yl_config *c, unsigned n) {
  char t[24];
  snprintf(t, sizeof t, "%u", n);
  return yl_config_set(c, "jobs", t, NULL);
}

void yl_config_set_progress(yl_config *c, yl_config_progress_fn fn, void *ctx) {
  if (!c) return;
  c->progress = fn;
  c->progress_ctx = ctx;
}

void yl_config_set_note(yl_config *c, yl_config_note_fn fn, void *ctx) {
  if (!c) return;
  c->note = fn;
  c->note_ctx = ctx;
}

yl_status yl_config_set_command(yl_config *c, size_t argc, const char *const *argv) {
  if (!c || (argc && !argv)) return YL_ERR_INVALID;
  yl_strlist l = {NULL, 0};
  for (size_t i = 0; i < argc; i++)
    if (strlist_add(&l, argv[i], strlen(argv[i]))) {
      strlist_clear(&l);
      return YL_ERR_NOMEM;
    }
  strlist_clear(&c->command);
  c->command = l;
  return YL_OK;
}

void yl_config_notify(const yl_config *c, const char *file, size_t line, const char *fmt, ...) {
  if (!c->note) return;
  yl_error e;
  va_list ap;
  va_start(ap, fmt);
  yl_error_setv(&e, YL_OK, file, line, 0, fmt, ap);
  va_end(ap);
  c->note(c->note_ctx, &e);
}

unsigned yl_config_csv_flags(const yl_config *c) {
  return (c->no_bom ? YL_CSV_NO_BOM : 0u) | (c->raw_csv ? YL_CSV_RAW : 0u) |
         (c->csv_dialect ? YL_CSV_EXCEL_EU : 0u) | YL_CSV_DIGITS(c->digits);
}

/* ---- the table, for --help -------------------------------------------------------- */

size_t yl_config_option_count(void) { return NOPTIONS; }

yl_status yl_config_option_at(size_t i, yl_config_option *out) {
  if (i >= NOPTIONS || !out) return YL_ERR_NOTFOUND;
  const option *o = &table[i];
  out->name = o->name;
  out->def = o->def;
  out->commands = o->commands;
  out->repeatable = o->kind == K_PATHS;
  tbuf a = {out->arg, sizeof out->arg, 0, 0};
  out->arg[0] = '\0';
  if (o->arg) expand(&a, o, o->arg);
  tbuf h = {out->help, sizeof out->help, 0, 0};
  out->help[0] = '\0';
  expand(&h, o, o->help);
  return YL_OK;
}

/* ---- the options a shard carries ---------------------------------------------------- */

static yl_status put_setting(yl_buf *b, const char *name, const char *value) {
  yl_buf_put(b, name, strlen(name) + 1);
  return yl_buf_put(b, value, strlen(value) + 1);
}

yl_status yl_config_settings(const yl_config *c, yl_buf *out) {
  size_t cap = 4096;
  char *t = malloc(cap);
  if (!t) return YL_ERR_NOMEM;
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < NOPTIONS; i++) {
    const option *o = &table[i];
    /* the threads change no byte of a table */
    if (!(o->commands & YL_CONFIG_ANALYZE) || !strcmp(o->name, "jobs")) continue;
    if (o->kind == K_PATHS) {
      const yl_strlist *l = cfield(c, o);
      for (size_t k = 0; k < l->n; k++) put_setting(out, o->name, l->v[k]);
      continue;
    }
    /* a long --focus or --kwic list: a larger buffer until it fits */
    while ((st = yl_config_get(c, o->name, t, cap)) == YL_ERR_LIMIT) {
      char *nt = cap < (SIZE_MAX >> 1) ? realloc(t, cap *= 2) : NULL;
      if (!nt) break;
      t = nt;
    }
    if (st) break;
    /* an unset path or list is left out: setting "" would name a file */
    if (!*t && (o->kind == K_PATH || o->kind == K_TERMS || o->kind == K_KINDS)) continue;
    put_setting(out, o->name, t);
  }
  free(t);
  if (st == YL_ERR_LIMIT) st = YL_ERR_NOMEM;
  return st ? st : out->failed ? YL_ERR_NOMEM : YL_OK;
}

yl_status yl_config_apply(yl_config *c, const char *s, size_t len, yl_error *err) {
  const char *end = s + len;
  while (s < end) {
    const char *name = s, *nz = memchr(s, '\0', (size_t)(end - s));
    const char *value = nz ? nz + 1 : end;
    const char *vz = value < end ? memchr(value, '\0', (size_t)(end - value)) : NULL;
    if (!nz || !vz) return yl_error_set(err, YL_ERR_PARSE, NULL, 0, 0, "options: truncated");
    yl_status st = yl_config_set(c, name, value, err);
    if (st) return st;
    s = vz + 1;
  }
  return YL_OK;
}
