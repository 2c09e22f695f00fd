/* yuliao analyze: articles → frequency, TF-IDF, keywords, co-occurrence, keyness and
 * similarity tables plus manifest.json. Sets up the shared read-only pieces (ingest,
 * dictionary, filter, IDF table), runs the engine (src/analyze.c) and records every
 * option value and data-file checksum in the manifest. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli.h"
#include "base/json.h"
#include "yuliao/analyze.h"
#include "yuliao/csv.h"
#include "yuliao/ingest.h"
#include "yuliao/outfile.h"
#include "yuliao/outlets.h"
#include "yuliao/version.h"

enum {
  OPT_OUTLETS = 256, OPT_OUTLET_FROM, OPT_DICT_DIR, OPT_NO_BOM, OPT_RAW_CSV, OPT_MAX_SIZE,
  OPT_STRICT, OPT_GROUP_BY, OPT_EXCLUDE_KINDS, OPT_STOPWORDS, OPT_NO_DEFAULT_STOP,
  OPT_NO_OUTLET_STOP, OPT_KEEP_NUMBERS, OPT_MIN_LENGTH, OPT_USER_DICT, OPT_NO_HMM, OPT_TFIDF,
  OPT_IDF, OPT_TFIDF_DOC_TOP, OPT_KEYWORDS, OPT_WIDE_TOP, OPT_CONTEXT, OPT_WINDOW,
  OPT_COOC_TOP, OPT_FOCUS, OPT_COOC_MIN, OPT_ALPHA, OPT_SIM_TOP
};

static const yl_opt options[] = {
    {"output", 'o', "DIR", "write the tables into DIR (required; created if missing)"},
    {"jobs", 'j', "N", "worker threads (default: all online CPUs)"},
    {"group-by", OPT_GROUP_BY, "outlet|folder|none", "what a group is (default outlet)"},
    {"exclude-kinds", OPT_EXCLUDE_KINDS, "LIST",
     "paragraph kinds not counted, comma-separated: body, caption, title (default none)"},
    {"stopwords", OPT_STOPWORDS, "FILE", "more stop words, one a line (repeatable)"},
    {"no-default-stopwords", OPT_NO_DEFAULT_STOP, NULL, "do not load dict/stopwords/*.txt"},
    {"no-outlet-stopwords", OPT_NO_OUTLET_STOP, NULL,
     "keep an outlet's own names (dict/outlets.tsv) in its documents"},
    {"keep-numbers", OPT_KEEP_NUMBERS, NULL, "count pure numbers (2025, 3.5%) as terms"},
    {"min-length", OPT_MIN_LENGTH, "N", "minimum term length in characters (default 2)"},
    {"user-dict", OPT_USER_DICT, "FILE", "jieba user dictionary (repeatable)"},
    {"no-hmm", OPT_NO_HMM, NULL, "segment without the HMM (jieba HMM=False)"},
    {"tfidf", OPT_TFIDF, "SCHEME", "sklearn (default), quanteda, tidytext or jieba"},
    {"idf", OPT_IDF, "FILE|jieba", "IDF table instead of the batch IDF (jieba = shipped table)"},
    {"tfidf-doc-top", OPT_TFIDF_DOC_TOP, "M", "doc-level tfidf rows per document (default 20, 0 = all)"},
    {"keywords", OPT_KEYWORDS, "K", "keywords per document and group (default 20)"},
    {"wide-top", OPT_WIDE_TOP, "N", "terms in frequency_wide.csv (default 500, 0 = all)"},
    {"context", OPT_CONTEXT, "C", "co-occurrence unit: window (default), sentence, paragraph, document"},
    {"window", OPT_WINDOW, "K", "window half-width for --context window (default 5)"},
    {"cooc-top", OPT_COOC_TOP, "N", "co-occurrence among the N most frequent terms (default 200, 0 = all)"},
    {"focus", OPT_FOCUS, "TERM,...", "co-occurrence: the neighbours of these terms instead"},
    {"cooc-min-count", OPT_COOC_MIN, "N", "minimum co-occurrence count of a row (default 2)"},
    {"alpha", OPT_ALPHA, "P", "keyness significance level, Bonferroni-corrected (default 0.05)"},
    {"similarity-top", OPT_SIM_TOP, "K", "similarity.csv: shared terms among the top K (default 50)"},
    {"outlets", OPT_OUTLETS, "FILE", "extra outlet table (same format as dict/outlets.tsv)"},
    {"outlet-from", OPT_OUTLET_FROM, "host|folder",
     "outlet from the URL's host (default) or the file's parent folder name"},
    {"max-file-size", OPT_MAX_SIZE, "BYTES", "skip files larger than BYTES (default 67108864)"},
    {"dict-dir", OPT_DICT_DIR, "DIR", "data folder (outlets.tsv, stopwords/, jieba/)"},
    {"no-bom", OPT_NO_BOM, NULL, "write CSV without the UTF-8 byte order mark"},
    {"raw-csv", OPT_RAW_CSV, NULL, "do not neutralise formula-like cells (=, +, -, @)"},
    {"strict", OPT_STRICT, NULL, "exit 1 when any file was skipped"},
    {"quiet", 'q', NULL, "no progress, per-file remarks or summary on stderr"},
    {NULL, 0, NULL, NULL}};

typedef struct args {
  const char *out, *outlets, *dict_dir, *idf, *focus_arg, *exclude;
  int from_folder, no_bom, raw, strict, quiet, no_default_stop, no_outlet_stop, keep_numbers,
      no_hmm;
  unsigned long long max_size, threads, min_length;
  const char **stopwords, **user;
  int nstop, nuser;
  yl_analyze_opts ao;
} args;

static int parse_uint(const char *name, const char *arg, unsigned long long max,
                      unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(arg, &end, 10);
  if (errno || end == arg || *end || arg[0] == '-' || arg[0] == '+' || v > max) {
    yl_cli_err("analyze: --%s needs a whole number (0 … %llu), not '%s'", name, max, arg);
    return YL_EXIT_USAGE;
  }
  *out = v;
  return 0;
}

static int handle(void *ctx, int key, const char *arg) {
  args *a = ctx;
  yl_analyze_opts *o = &a->ao;
  unsigned long long v = 0;
  int rc = 0;
  switch (key) {
    case 'o': a->out = arg; break;
    case 'q': a->quiet = 1; break;
    case 'j':
      if ((rc = parse_uint("jobs", arg, 256, &v))) return rc;
      a->threads = v;
      break;
    case OPT_OUTLETS: a->outlets = arg; break;
    case OPT_DICT_DIR: a->dict_dir = arg; break;
    case OPT_NO_BOM: a->no_bom = 1; break;
    case OPT_RAW_CSV: a->raw = 1; break;
    case OPT_STRICT: a->strict = 1; break;
    case OPT_OUTLET_FROM:
      if (!strcmp(arg, "folder")) a->from_folder = 1;
      else if (!strcmp(arg, "host")) a->from_folder = 0;
      else {
        yl_cli_err("analyze: --outlet-from takes 'host' or 'folder', not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      break;
    case OPT_MAX_SIZE:
      if ((rc = parse_uint("max-file-size", arg, UINT64_MAX, &v))) return rc;
      if (!v) return parse_uint("max-file-size", "-", 0, &v);
      a->max_size = v;
      break;
    case OPT_GROUP_BY:
      if (yl_analyze_group_by_parse(arg, &o->group_by)) {
        yl_cli_err("analyze: --group-by takes outlet, folder or none, not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      break;
    case OPT_EXCLUDE_KINDS: {
      a->exclude = arg;
      unsigned kinds = YL_ANALYZE_KINDS_ALL;
      const char *p = arg;
      while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 4 && !strncmp(p, "body", 4)) kinds &= ~(1u << YL_PARA_BODY);
        else if (n == 7 && !strncmp(p, "caption", 7)) kinds &= ~(1u << YL_PARA_CAPTION);
        else if (n == 5 && !strncmp(p, "title", 5)) kinds &= ~(1u << YL_PARA_TITLE);
        else if (n) {
          yl_cli_err("analyze: --exclude-kinds: unknown kind '%.*s' (body, caption, title)",
                     (int)n, p);
          return YL_EXIT_USAGE;
        }
        p += n;
        if (*p) p++;
      }
      o->kinds = kinds;
      break;
    }
    case OPT_STOPWORDS: a->stopwords[a->nstop++] = arg; break;
    case OPT_NO_DEFAULT_STOP: a->no_default_stop = 1; break;
    case OPT_NO_OUTLET_STOP: a->no_outlet_stop = 1; break;
    case OPT_KEEP_NUMBERS: a->keep_numbers = 1; break;
    case OPT_MIN_LENGTH:
      if ((rc = parse_uint("min-length", arg, 1000, &v))) return rc;
      a->min_length = v;
      break;
    case OPT_USER_DICT: a->user[a->nuser++] = arg; break;
    case OPT_NO_HMM: a->no_hmm = 1; break;
    case OPT_TFIDF:
      if (yl_tfidf_scheme_parse(arg, &o->scheme)) {
        yl_cli_err("analyze: --tfidf takes sklearn, quanteda, tidytext or jieba, not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      break;
    case OPT_IDF: a->idf = arg; break;
    case OPT_TFIDF_DOC_TOP:
      if ((rc = parse_uint("tfidf-doc-top", arg, SIZE_MAX, &v))) return rc;
      o->tfidf_doc_top = (size_t)v;
      break;
    case OPT_KEYWORDS:
      if ((rc = parse_uint("keywords", arg, SIZE_MAX, &v))) return rc;
      o->keywords = (size_t)v;
      break;
    case OPT_WIDE_TOP:
      if ((rc = parse_uint("wide-top", arg, SIZE_MAX, &v))) return rc;
      o->wide_top = (size_t)v;
      break;
    case OPT_CONTEXT:
      if (yl_cooc_context_parse(arg, &o->context)) {
        yl_cli_err("analyze: --context takes window, sentence, paragraph or document, not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      break;
    case OPT_WINDOW:
      if ((rc = parse_uint("window", arg, 1000, &v))) return rc;
      if (!v) {
        yl_cli_err("analyze: --window must be at least 1");
        return YL_EXIT_USAGE;
      }
      o->window = (unsigned)v;
      break;
    case OPT_COOC_TOP:
      if ((rc = parse_uint("cooc-top", arg, SIZE_MAX, &v))) return rc;
      o->cooc_top = (size_t)v;
      break;
    case OPT_FOCUS: a->focus_arg = arg; break;
    case OPT_COOC_MIN:
      if ((rc = parse_uint("cooc-min-count", arg, UINT64_MAX, &v))) return rc;
      o->cooc_min_count = v;
      break;
    case OPT_ALPHA: {
      char *end;
      errno = 0;
      double d = strtod(arg, &end);
      if (errno || end == arg || *end || !(d > 0 && d < 1)) {
        yl_cli_err("analyze: --alpha needs a number between 0 and 1, not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      o->alpha = d;
      break;
    }
    case OPT_SIM_TOP:
      if ((rc = parse_uint("similarity-top", arg, SIZE_MAX, &v))) return rc;
      o->sim_top = (size_t)v;
      break;
    default: return YL_EXIT_USAGE;
  }
  return 0;
}

static int is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- data files and their checksums (FNV-1a 64 over the file's bytes) ---------- */

typedef struct datafile {
  const char *role;
  char *path;  /* as recorded: relative to the dict dir for shipped files */
  char *full;  /* path to read */
  int in_dict; /* 1: 'path' is relative to the dict dir */
} datafile;

typedef struct datafiles {
  datafile *v;
  size_t n;
} datafiles;

static int add_data(datafiles *d, const char *role, const char *full, const char *shown, int in_dict) {
  datafile *p = realloc(d->v, (d->n + 1) * sizeof *p);
  if (!p) return -1;
  d->v = p;
  p[d->n].role = role;
  p[d->n].full = strdup(full);
  p[d->n].path = strdup(shown);
  p[d->n].in_dict = in_dict;
  if (!p[d->n].full || !p[d->n].path) {
    free(p[d->n].full);
    free(p[d->n].path);
    return -1;
  }
  d->n++;
  return 0;
}

static void free_data(datafiles *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->v[i].full);
    free(d->v[i].path);
  }
  free(d->v);
}

static int fnv_file(const char *path, uint64_t *hash, uint64_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  uint64_t h = 1469598103934665603ULL, n = 0;
  unsigned char b[1 << 16];
  size_t k;
  while ((k = fread(b, 1, sizeof b, f)) > 0) {
    for (size_t i = 0; i < k; i++) {
      h ^= b[i];
      h *= 1099511628211ULL;
    }
    n += k;
  }
  int bad = ferror(f);
  fclose(f);
  *hash = h;
  *size = n;
  return bad ? -1 : 0;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.txt files of dict/stopwords in name order (as yl_filter_load_stopword_dir
 * reads them). */
static int list_stopword_files(const char *dict, datafiles *d) {
  char dir[PATH_MAX + 16];
  snprintf(dir, sizeof dir, "%s/stopwords", dict);
  DIR *dp = opendir(dir);
  if (!dp) return 0;
  char **names = NULL;
  size_t n = 0;
  int rc = 0;
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t len = strlen(de->d_name);
    if (len < 5 || strcmp(de->d_name + len - 4, ".txt")) continue;
    char **p = realloc(names, (n + 1) * sizeof *p);
    if (!p || !(p[n] = strdup(de->d_name))) {
      if (p) names = p;
      rc = -1;
      break;
    }
    names = p;
    n++;
  }
  closedir(dp);
  if (names) qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n; i++) {
    char full[PATH_MAX * 2], shown[PATH_MAX];
    snprintf(full, sizeof full, "%s/%s", dir, names[i]);
    snprintf(shown, sizeof shown, "stopwords/%s", names[i]);
    if (!rc && add_data(d, "stop words", full, shown, 1)) rc = -1;
    free(names[i]);
  }
  free(names);
  return rc;
}

/* ---- manifest.json ---------------------------------------------------------------- */

static void jstr(yl_buf *b, const char *s) {
  if (s) yl_json_str(b, s, strlen(s));
  else yl_buf_puts(b, "null");
}

static void jnum(yl_buf *b, double v) {
  char t[40];
  yl_format_double(v, t);
  yl_buf_puts(b, t);
}

/* Values that differ between two runs of the same analysis (command line, timing,
 * thread count, absolute data folder) each sit on a line of their own, so a test can
 * drop exactly those lines: grep -v -e '"command"' -e '"elapsed_seconds"' … */
static yl_status write_manifest(const args *a, int argc, char **argv, int first,
                                const char *dict, const datafiles *df,
                                const yl_analyze_summary *s, double elapsed) {
  const yl_analyze_opts *o = &a->ao;
  yl_buf b = YL_BUF_INIT;
  yl_buf_puts(&b, "{\n  \"tool\": \"yuliao analyze\",\n  \"version\": ");
  jstr(&b, YL_VERSION_STRING);
  yl_buf_puts(&b, ",\n  \"command\": [");
  for (int i = 0; i < argc; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, argv[i]);
  }
  yl_buf_puts(&b, "],\n  \"elapsed_seconds\": ");
  jnum(&b, elapsed);
  yl_buf_printf(&b, ",\n  \"seconds\": {\"pass1\": %.3f, \"merge\": %.3f, \"pass2\": %.3f, "
                    "\"tables\": %.3f},",
                s->seconds[0], s->seconds[1], s->seconds[2], s->seconds[3]);
  yl_buf_printf(&b, "\n  \"threads\": %u,\n  \"dict_dir\": ", s->threads);
  jstr(&b, dict);
  /* sorted, like the walk: the same files given in another order give the same manifest */
  yl_buf_puts(&b, ",\n  \"inputs\": [");
  char **in = calloc((size_t)(argc - first) + 1, sizeof *in);
  if (!in) return YL_ERR_NOMEM;
  for (int i = first; i < argc; i++) in[i - first] = argv[i];
  qsort(in, (size_t)(argc - first), sizeof *in, name_cmp);
  for (int i = 0; i < argc - first; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, in[i]);
  }
  free(in);
  yl_buf_puts(&b, "],\n  \"options\": {\n");
  yl_buf_printf(&b, "    \"jobs\": %llu,\n", a->threads); /* 0 = all CPUs */
  yl_buf_printf(&b, "    \"group_by\": \"%s\",\n", yl_analyze_group_by_name(o->group_by));
  yl_buf_puts(&b, "    \"kinds\": [");
  const char *sep = "";
  for (int k = YL_PARA_BODY; k <= YL_PARA_TITLE; k++)
    if (o->kinds & (1u << k)) {
      yl_buf_printf(&b, "%s\"%s\"", sep, yl_para_kind_name((yl_para_kind)k));
      sep = ", ";
    }
  yl_buf_printf(&b, "],\n    \"default_stopwords\": %s,\n", a->no_default_stop ? "false" : "true");
  yl_buf_printf(&b, "    \"outlet_stopwords\": %s,\n", a->no_outlet_stop ? "false" : "true");
  yl_buf_puts(&b, "    \"stopwords\": [");
  for (int i = 0; i < a->nstop; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, a->stopwords[i]);
  }
  yl_buf_printf(&b, "],\n    \"keep_numbers\": %s,\n", a->keep_numbers ? "true" : "false");
  yl_buf_printf(&b, "    \"min_length\": %llu,\n", a->min_length);
  yl_buf_puts(&b, "    \"user_dict\": [");
  for (int i = 0; i < a->nuser; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, a->user[i]);
  }
  yl_buf_printf(&b, "],\n    \"hmm\": %s,\n", a->no_hmm ? "false" : "true");
  yl_buf_printf(&b, "    \"tfidf\": \"%s\",\n    \"idf\": ", yl_tfidf_scheme_name(o->scheme));
  jstr(&b, a->idf ? a->idf : "batch");
  yl_buf_printf(&b, ",\n    \"tfidf_doc_top\": %zu,\n    \"keywords\": %zu,\n", o->tfidf_doc_top,
                o->keywords);
  yl_buf_printf(&b, "    \"wide_top\": %zu,\n    \"context\": \"%s\",\n    \"window\": %u,\n",
                o->wide_top, yl_cooc_context_name(o->context), o->window);
  yl_buf_printf(&b, "    \"cooc_top\": %zu,\n    \"focus\": [", o->n_focus ? (size_t)0 : o->cooc_top);
  for (size_t i = 0; i < o->n_focus; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, o->focus[i]);
  }
  yl_buf_printf(&b, "],\n    \"cooc_min_count\": %llu,\n    \"alpha\": ",
                (unsigned long long)o->cooc_min_count);
  jnum(&b, o->alpha);
  yl_buf_printf(&b, ",\n    \"similarity_top\": %zu,\n    \"outlets\": ", o->sim_top);
  jstr(&b, a->outlets);
  yl_buf_printf(&b, ",\n    \"outlet_from\": \"%s\",\n", a->from_folder ? "folder" : "host");
  yl_buf_printf(&b, "    \"max_file_size\": %llu,\n", a->max_size ? a->max_size : 67108864ULL);
  yl_buf_printf(&b, "    \"bom\": %s,\n    \"raw_csv\": %s,\n    \"strict\": %s\n  },\n",
                a->no_bom ? "false" : "true", a->raw ? "true" : "false", a->strict ? "true" : "false");
  yl_buf_puts(&b, "  \"data_files\": [\n");
  for (size_t i = 0; i < df->n; i++) {
    uint64_t h = 0, size = 0;
    int bad = fnv_file(df->v[i].full, &h, &size);
    yl_buf_puts(&b, "    {\"role\": ");
    jstr(&b, df->v[i].role);
    yl_buf_puts(&b, df->v[i].in_dict ? ", \"dict_path\": " : ", \"path\": ");
    jstr(&b, df->v[i].path);
    if (bad) yl_buf_puts(&b, ", \"fnv1a64\": null, \"bytes\": null}");
    else yl_buf_printf(&b, ", \"fnv1a64\": \"%016llx\", \"bytes\": %llu}", (unsigned long long)h,
                       (unsigned long long)size);
    yl_buf_puts(&b, i + 1 < df->n ? ",\n" : "\n");
  }
  yl_buf_printf(&b, "  ],\n  \"files\": {\"seen\": %zu, \"analysed\": %zu, \"skipped\": %zu, "
                    "\"duplicates\": %zu, \"skip_reasons\": {",
                s->files, s->analysed, s->skipped, s->duplicates);
  for (size_t i = 0; i < s->n_reasons; i++) {
    if (i) yl_buf_puts(&b, ", ");
    jstr(&b, s->reasons[i].reason);
    yl_buf_printf(&b, ": %zu", s->reasons[i].n);
  }
  yl_buf_printf(&b, "}},\n  \"text_bytes\": %llu,\n  \"tokens\": {\"segmented\": %llu, "
                    "\"counted\": %llu, \"dropped\": {",
                (unsigned long long)s->bytes, (unsigned long long)s->tokens_seen,
                (unsigned long long)s->tokens);
  sep = "";
  for (int r = 1; r < YL_FILTER_NREASONS; r++) {
    yl_buf_printf(&b, "%s\"%s\": %llu", sep, yl_filter_reason_name((yl_filter_reason)r),
                  (unsigned long long)s->dropped[r]);
    sep = ", ";
  }
  yl_buf_printf(&b, "}},\n  \"vocabulary\": %llu,\n  \"groups\": [", (unsigned long long)s->types);
  for (size_t i = 0; i < s->n_groups; i++) {
    yl_buf_puts(&b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
    jstr(&b, s->groups[i].name);
    yl_buf_printf(&b, ", \"documents\": %llu, \"tokens\": %llu, \"types\": %llu}",
                  (unsigned long long)s->groups[i].docs, (unsigned long long)s->groups[i].tokens,
                  (unsigned long long)s->groups[i].types);
  }
  yl_buf_puts(&b, s->n_groups ? "\n  ],\n" : "],\n");
  yl_buf_puts(&b, "  \"notes\": {\"keyness\": ");
  jstr(&b, s->keyness_note);
  yl_buf_printf(&b, ", \"focus_terms_not_found\": %zu},\n", s->focus_missing);
  yl_buf_puts(&b, "  \"tables\": [");
  for (int t = 0; t < YL_ANALYZE_NTABLES; t++)
    yl_buf_printf(&b, "%s\"%s\"", t ? ", " : "", yl_analyze_table_name((yl_analyze_table)t));
  yl_buf_puts(&b, "],\n  \"rows\": {");
  for (int t = 0; t < YL_ANALYZE_NTABLES; t++)
    yl_buf_printf(&b, "%s\"%s\": %llu", t ? ", " : "", yl_analyze_table_name((yl_analyze_table)t),
                  (unsigned long long)s->rows[t]);
  yl_buf_puts(&b, "}\n}\n");
  if (!b.data) return YL_ERR_NOMEM;
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/manifest.json", a->out);
  yl_outfile *f = NULL;
  yl_status st = yl_outfile_open(path, &f);
  if (!st) st = yl_outfile_write(f, b.data, b.len);
  if (!st) st = yl_outfile_commit(f);
  else yl_outfile_abort(f);
  yl_buf_free(&b);
  return st;
}

/* ---- progress and remarks ---------------------------------------------------------- */

typedef struct cbctx {
  double t0;
  int progress, quiet, line_open;
} cbctx;

static void on_progress(void *ctx, size_t done, size_t total, uint64_t bytes) {
  cbctx *c = ctx;
  double dt = now_s() - c->t0;
  fprintf(stderr, "\ryuliao: analyze %zu/%zu files, %.1f MB/s\033[K", done, total,
          dt > 0 ? (double)bytes / 1e6 / dt : 0.0);
  c->line_open = 1;
}

static void on_note(void *ctx, const char *path, const char *note) {
  cbctx *c = ctx;
  if (c->quiet) return;
  if (c->line_open) {
    fputs("\r\033[K", stderr);
    c->line_open = 0;
  }
  yl_cli_err("%s: %s", path, note);
}

typedef struct rej_ctx {
  const char *file;
  size_t n;
  int quiet;
} rej_ctx;

static void on_reject(void *ctx, size_t line, const char *reason) {
  rej_ctx *r = ctx;
  r->n++;
  if (!r->quiet) yl_cli_err("%s:%zu: entry rejected: %s", r->file, line, reason);
}

static int exit_for(yl_status st) {
  return st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : st == YL_ERR_IO ? YL_EXIT_OUTPUT : YL_EXIT_INTERNAL;
}

int yl_cmd_analyze(int argc, char **argv) {
  double t0 = now_s();
  args a;
  memset(&a, 0, sizeof a);
  a.min_length = 2;
  yl_analyze_opts_init(&a.ao);
  a.stopwords = calloc((size_t)argc + 1, sizeof *a.stopwords);
  a.user = calloc((size_t)argc + 1, sizeof *a.user);
  yl_ingest *ing = NULL;
  yl_ingest_list list = {0};
  yl_dict *dict = NULL;
  yl_filter *filter = NULL;
  yl_idf *idf = NULL;
  char **focus = NULL;
  size_t nfocus = 0;
  datafiles df = {0};
  yl_analyze_summary sum;
  memset(&sum, 0, sizeof sum);
  int rc = YL_EXIT_OK, first = 0;
  yl_status st;
  if (!a.stopwords || !a.user) {
    yl_cli_err("out of memory");
    rc = YL_EXIT_INTERNAL;
    goto done;
  }
  rc = yl_cli_parse(argc, argv, options, handle, &a, "yuliao analyze PATH... -o DIR [OPTIONS]",
                    "Reads article files and folders, segments and filters the text, counts it per\n"
                    "group (outlet by default) and writes documents.csv, frequency.csv,\n"
                    "frequency_wide.csv, tfidf.csv, keywords.csv, cooccurrence.csv, keyness.csv,\n"
                    "similarity.csv and manifest.json into DIR (columns: docs/analyze.md).",
                    &first);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
    goto done;
  }
  if (!a.out) {
    yl_cli_err("analyze: -o DIR is required (see --help)");
    rc = YL_EXIT_USAGE;
    goto done;
  }
  if (first >= argc) {
    yl_cli_err("analyze: no input PATH given (see --help)");
    rc = YL_EXIT_USAGE;
    goto done;
  }
  if (a.focus_arg) {
    focus = calloc(strlen(a.focus_arg) + 1, sizeof *focus);
    if (!focus) {
      rc = YL_EXIT_INTERNAL;
      goto done;
    }
    for (const char *p = a.focus_arg; *p;) {
      size_t n = strcspn(p, ",");
      if (n && !(focus[nfocus++] = strndup(p, n))) {
        rc = YL_EXIT_INTERNAL;
        goto done;
      }
      p += n;
      if (*p) p++;
    }
    if (!nfocus) {
      yl_cli_err("analyze: --focus needs at least one term");
      rc = YL_EXIT_USAGE;
      goto done;
    }
  }
  int err = yl_cli_make_dirs(a.out);
  if (err) {
    yl_cli_err("%s: cannot write output folder: %s", a.out, strerror(err));
    rc = YL_EXIT_OUTPUT;
    goto done;
  }
  char dict_dir[PATH_MAX];
  if ((rc = yl_cli_dict_dir(a.dict_dir, dict_dir, sizeof dict_dir))) goto done;
  char p1[PATH_MAX + 64], p2[PATH_MAX + 128];

  /* ingest */
  yl_ingest_opts io = {dict_dir, a.outlets, a.from_folder, a.max_size};
  char *msg = NULL;
  st = yl_ingest_new(&io, &ing, &msg);
  if (st) {
    yl_cli_err("%s", msg ? msg : yl_strerror(st));
    free(msg);
    rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
    goto done;
  }
  snprintf(p1, sizeof p1, "%s/outlets.tsv", dict_dir);
  if (add_data(&df, "outlet table", p1, "outlets.tsv", 1)) goto oom;
  snprintf(p1, sizeof p1, "%s/boilerplate.tsv", dict_dir);
  if (is_file(p1) && add_data(&df, "boilerplate rules", p1, "boilerplate.tsv", 1)) goto oom;
  if (a.outlets && add_data(&df, "outlet table", a.outlets, a.outlets, 0)) goto oom;

  /* dictionary */
  char ydict[PATH_MAX + 32];
  snprintf(p1, sizeof p1, "%s/jieba", dict_dir);
  snprintf(ydict, sizeof ydict, "%s/jieba/jieba.ydict", dict_dir);
  if (!is_file(ydict)) snprintf(ydict, sizeof ydict, "%s/dict/jieba/jieba.ydict", YL_BUILD_DIR);
  yl_dict_source src;
  const char *why = NULL;
  st = yl_dict_open(ydict, p1, &dict, &src, &why);
  if (st) {
    yl_cli_err("cannot load the dictionary from %s: %s (%s)", p1, why ? why : "", yl_strerror(st));
    rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
    goto done;
  }
  if (src == YL_DICT_REBUILT && !a.quiet)
    yl_cli_err("note: %s: %s; built the dictionary from %s (slower start)", ydict, why, p1);
  snprintf(p2, sizeof p2, "%s/dict.txt", p1);
  if (add_data(&df, "jieba dictionary", p2, "jieba/dict.txt", 1)) goto oom;
  snprintf(p2, sizeof p2, "%s/hmm.tsv", p1);
  if (add_data(&df, "jieba HMM", p2, "jieba/hmm.tsv", 1)) goto oom;
  /* Outlets' self-names become dictionary words (jieba's dictionary splits 德国之声
   * into 德国/之声 and 日经中文网 into 日经/中文网), so that the per-outlet stop
   * words can remove them whole. User dictionaries come after and may override. */
  const yl_outlets *ot = yl_ingest_outlets(ing);
  for (size_t i = 0; i < yl_outlets_count(ot); i++) {
    const yl_outlet *ol = yl_outlets_at(ot, i);
    for (size_t k = 0; k < ol->n_self_names; k++) {
      const char *w = ol->self_names[k];
      if (yl_dict_freq(dict, w, strlen(w)) > 0) continue;
      st = yl_dict_add_word(dict, w, strlen(w), -1, NULL);
      if (st == YL_ERR_NOMEM) goto oom;
      st = YL_OK; /* a name the dictionary cannot hold is only not joined */
    }
  }
  for (int i = 0; i < a.nuser; i++) {
    rej_ctx rj = {a.user[i], 0, a.quiet};
    size_t loaded;
    st = yl_dict_load_user(dict, a.user[i], &loaded, on_reject, &rj);
    if (st) {
      yl_cli_err("%s: cannot load user dictionary: %s", a.user[i],
                 st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
      rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
      goto done;
    }
    if (add_data(&df, "user dictionary", a.user[i], a.user[i], 0)) goto oom;
  }

  /* filter */
  yl_filter_config fc;
  yl_filter_config_init(&fc);
  fc.min_chars = (size_t)a.min_length;
  fc.keep_numbers = a.keep_numbers;
  if ((st = yl_filter_new(&fc, &filter))) goto oom;
  if (!a.no_default_stop) {
    size_t bad = 0;
    snprintf(p1, sizeof p1, "%s/stopwords", dict_dir);
    st = yl_filter_load_stopword_dir(filter, p1, NULL, &bad);
    if (st) {
      yl_cli_err("%s: cannot load stop words: %s%s", p1, yl_strerror(st),
                 bad ? " (see the line number in the file)" : "");
      rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
      goto done;
    }
    if (list_stopword_files(dict_dir, &df)) goto oom;
  }
  for (int i = 0; i < a.nstop; i++) {
    size_t bad = 0;
    st = yl_filter_stops_load(yl_filter_stopset(filter), a.stopwords[i], &bad);
    if (st) {
      if (st == YL_ERR_UTF8) yl_cli_err("%s:%zu: not valid UTF-8", a.stopwords[i], bad);
      else yl_cli_err("%s: cannot load stop words: %s", a.stopwords[i],
                      st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
      rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
      goto done;
    }
    if (add_data(&df, "stop words", a.stopwords[i], a.stopwords[i], 0)) goto oom;
  }

  /* IDF table */
  if (a.idf) {
    const char *ip = a.idf;
    int shipped = !strcmp(a.idf, "jieba");
    if (shipped) {
      snprintf(p1, sizeof p1, "%s/jieba/idf.txt", dict_dir);
      ip = p1;
    }
    size_t bad = 0;
    st = yl_idf_load(ip, &idf, &bad);
    if (st) {
      if (st == YL_ERR_PARSE && bad) yl_cli_err("%s:%zu: not a 'word idf' line", ip, bad);
      else yl_cli_err("%s: cannot load the IDF table: %s", ip,
                      st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
      rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
      goto done;
    }
    if (add_data(&df, "IDF table", ip, shipped ? "jieba/idf.txt" : ip, shipped)) goto oom;
  }

  /* inputs */
  st = yl_ingest_walk(ing, (const char *const *)argv + first, (size_t)(argc - first), &list);
  if (st) goto oom;

  cbctx cb = {t0, !a.quiet && isatty(STDERR_FILENO), a.quiet, 0};
  yl_analyze_opts *o = &a.ao;
  o->ingest = ing;
  o->files = &list;
  o->dict = dict;
  o->filter = filter;
  o->out_dir = a.out;
  o->csv_flags = (a.no_bom ? YL_CSV_NO_BOM : 0u) | (a.raw ? YL_CSV_RAW : 0u);
  o->threads = (unsigned)a.threads;
  o->no_hmm = a.no_hmm;
  o->outlet_stops = !a.no_outlet_stop;
  o->idf_table = idf;
  o->focus = (const char *const *)focus;
  o->n_focus = nfocus;
  o->progress = cb.progress ? on_progress : NULL;
  o->note = on_note;
  o->cb_ctx = &cb;
  msg = NULL;
  st = yl_analyze_run(o, &sum, &msg);
  if (cb.line_open) fputs("\r\033[K", stderr);
  if (st) {
    yl_cli_err("%s", msg ? msg : yl_strerror(st));
    free(msg);
    rc = exit_for(st);
    goto done;
  }
  st = write_manifest(&a, argc, argv, first, dict_dir, &df, &sum, now_s() - t0);
  if (st) {
    yl_cli_err("%s/manifest.json: %s", a.out, st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
    rc = exit_for(st);
    goto done;
  }
  /* Not silenced by -q: the table is complete, but a spreadsheet would cut it. */
  for (int t = 0; t < YL_ANALYZE_NTABLES; t++)
    if (sum.rows[t] >= YL_SPREADSHEET_MAX_ROWS)
      yl_cli_err("warning: %s/%s has %llu rows: a spreadsheet shows only the first %u "
                 "(--tfidf-doc-top, --keywords and --cooc-top make the tables shorter)",
                 a.out, yl_analyze_table_name((yl_analyze_table)t),
                 (unsigned long long)sum.rows[t], YL_SPREADSHEET_MAX_ROWS - 1);
  if (!a.quiet) {
    double dt = now_s() - t0;
    yl_cli_err("analyze: %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s; %llu tokens "
               "counted, %llu terms, %zu group%s; %.2f s → %s",
               sum.files, sum.files == 1 ? "" : "s", sum.analysed, sum.skipped, sum.duplicates,
               sum.duplicates == 1 ? "" : "s",
               (unsigned long long)sum.tokens, (unsigned long long)sum.types, sum.n_groups,
               sum.n_groups == 1 ? "" : "s", dt, a.out);
    if (o->n_focus && sum.focus_missing)
      yl_cli_err("analyze: %zu --focus term%s not found in the corpus", sum.focus_missing,
                 sum.focus_missing == 1 ? "" : "s");
  }
  if (sum.analysed == 0) rc = YL_EXIT_INPUT;
  else if (a.strict && sum.skipped) rc = YL_EXIT_STRICT;
  goto done;
oom:
  yl_cli_err("out of memory");
  rc = YL_EXIT_INTERNAL;
done:
  yl_analyze_summary_clear(&sum);
  for (size_t i = 0; i < nfocus; i++) free(focus[i]);
  free(focus);
  free_data(&df);
  yl_idf_free(idf);
  yl_filter_free(filter);
  yl_ingest_list_clear(&list);
  yl_ingest_free(ing);
  yl_dict_free(dict);
  free(a.stopwords);
  free(a.user);
  return rc;
}
