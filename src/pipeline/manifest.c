/* manifest.json: what a run did and with what, so that a table can be traced back to
 * its options and data files (checksums: FNV-1a 64 over each file's bytes). */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/json.h"
#include "base/lines.h"
#include "pipeline/manifest.h"
#include "yuliao/script.h"
#include "yuliao/csv.h"
#include "yuliao/stats.h"
#include "yuliao/outfile.h"
#include "yuliao/version.h"

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void jstr(yl_buf *b, const char *s) {
  if (s) yl_json_str(b, s, strlen(s));
  else yl_buf_puts(b, "null");
}

/* A file name or command-line word: written escaped (yuliao/escape.h), so that the
 * manifest stays valid UTF-8 and shows it as documents.csv does. */
static void jname(yl_buf *b, const char *s) {
  char *shown = s ? yl_escape_dup(s) : NULL;
  if (s && !shown) b->failed = 1; /* out of memory: the manifest is not written */
  else jstr(b, shown);
  free(shown);
}

static void jnum(yl_buf *b, double v) {
  char t[40];
  yl_format_double(v, t);
  yl_buf_puts(b, t);
}

static void jlist(yl_buf *b, char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (i) yl_buf_puts(b, ", ");
    jname(b, v[i]);
  }
}

static const char *jbool(int v) { return v ? "true" : "false"; }

static void options(yl_buf *b, const yl_config *c) {
  yl_buf_puts(b, "],\n  \"options\": {\n");
  yl_buf_printf(b, "    \"jobs\": %llu,\n", (unsigned long long)c->jobs); /* 0 = all CPUs */
  yl_buf_printf(b, "    \"group_by\": \"%s\",\n",
                yl_analyze_group_by_name((yl_analyze_group_by)c->group_by));
  yl_buf_puts(b, "    \"kinds\": [");
  const char *sep = "";
  for (int k = YL_PARA_BODY; k <= YL_PARA_TITLE; k++)
    if (c->kinds & (1u << k)) {
      yl_buf_printf(b, "%s\"%s\"", sep, yl_para_kind_name((yl_para_kind)k));
      sep = ", ";
    }
  yl_buf_printf(b, "],\n    \"default_stopwords\": %s,\n", jbool(!c->no_default_stop));
  yl_buf_printf(b, "    \"outlet_stopwords\": %s,\n", jbool(!c->no_outlet_stop));
  yl_buf_puts(b, "    \"stopwords\": [");
  jlist(b, c->stopwords.v, c->stopwords.n);
  yl_buf_printf(b, "],\n    \"keep_numbers\": %s,\n", jbool(c->keep_numbers));
  yl_buf_printf(b, "    \"min_length\": %llu,\n", (unsigned long long)c->min_length);
  yl_buf_puts(b, "    \"user_dict\": [");
  jlist(b, c->user_dicts.v, c->user_dicts.n);
  yl_buf_printf(b, "],\n    \"hmm\": %s,\n", jbool(!c->no_hmm));
  yl_buf_printf(b, "    \"tfidf\": \"%s\",\n    \"idf\": ",
                yl_tfidf_scheme_name((yl_tfidf_scheme)c->scheme));
  jname(b, c->idf ? c->idf : "batch");
  yl_buf_printf(b, ",\n    \"tfidf_doc_top\": %llu,\n    \"keywords\": %llu,\n",
                (unsigned long long)c->tfidf_doc_top, (unsigned long long)c->keywords);
  yl_buf_printf(b, "    \"wide_top\": %llu,\n    \"context\": \"%s\",\n    \"window\": %llu,\n",
                (unsigned long long)c->wide_top, yl_cooc_context_name((yl_cooc_context)c->context),
                (unsigned long long)c->window);
  yl_buf_printf(b, "    \"cooc_top\": %llu,\n    \"focus\": [",
                c->focus.n ? 0ULL : (unsigned long long)c->cooc_top);
  jlist(b, c->focus.v, c->focus.n);
  yl_buf_printf(b, "],\n    \"cooc_min_count\": %llu,\n    \"alpha\": ",
                (unsigned long long)c->cooc_min_count);
  jnum(b, c->alpha);
  yl_buf_printf(b, ",\n    \"keyness_min_count\": %llu,\n    \"keyness_top\": %llu,\n"
                "    \"keyness_all\": %s,\n    \"keyness_correction\": \"%s\",\n"
                "    \"frequency_top\": %llu,\n    \"tfidf_group_top\": %llu,\n",
                (unsigned long long)c->keyness_min_count, (unsigned long long)c->keyness_top,
                jbool(c->keyness_all),
                yl_g2_correction_name((yl_g2_correction)c->keyness_correction),
                (unsigned long long)c->frequency_top,
                (unsigned long long)c->tfidf_group_top);
  yl_buf_printf(b, "    \"similarity_top\": %llu,\n    \"kwic\": [",
                (unsigned long long)c->sim_top);
  jlist(b, c->kwic.v, c->kwic.n);
  yl_buf_printf(b, "],\n    \"kwic_width\": %llu,\n    \"kwic_max\": %llu,\n",
                (unsigned long long)c->kwic_width, (unsigned long long)c->kwic_max);
  static const char *const periods[] = {"none", "day", "week", "month", "year"};
  yl_buf_printf(b, "    \"period\": \"%s\",\n    \"trend_top\": %llu,\n    \"dtm\": %s,\n",
                periods[c->period], (unsigned long long)c->trend_top, jbool(c->dtm));
  yl_buf_printf(b, "    \"collocations\": %s,\n    \"colloc_min_count\": %llu,\n"
                "    \"colloc_top\": %llu,\n    \"frames\": ",
                jbool(c->collocations), (unsigned long long)c->colloc_min_count,
                (unsigned long long)c->colloc_top);
  jname(b, c->frames);
  yl_buf_puts(b, ",\n    \"aliases\": ");
  jname(b, c->aliases);
  yl_buf_puts(b, ",\n    \"near_duplicates\": ");
  if (c->exact_duplicates_only) yl_buf_puts(b, "false");
  else jnum(b, c->near_duplicates);
  yl_buf_puts(b, ",\n    \"outlets\": ");
  jname(b, c->outlets);
  yl_buf_printf(b, ",\n    \"outlet_from\": \"%s\",\n",
                c->outlet_from == YL_OUTLET_FROM_FOLDER ? "folder" : "host");
  yl_buf_printf(b, "    \"max_file_size\": %llu,\n", (unsigned long long)c->max_file_size);
  yl_buf_printf(b, "    \"bom\": %s,\n    \"raw_csv\": %s,\n", jbool(!c->no_bom),
                jbool(c->raw_csv));
  /* digits null: the shortest form that reads back exactly */
  yl_buf_printf(b, "    \"csv_dialect\": \"%s\",\n    \"digits\": ",
                c->csv_dialect ? "excel-eu" : "excel");
  if (c->digits) yl_buf_printf(b, "%llu", (unsigned long long)c->digits);
  else yl_buf_puts(b, "null");
  yl_buf_printf(b, ",\n    \"strict\": %s\n  },\n", jbool(c->strict));
}

static void data_files(yl_buf *b, const yl_setup *s) {
  yl_buf_puts(b, "  \"data_files\": [\n");
  for (size_t i = 0; i < s->n_files; i++) {
    const yl_datafile *d = &s->files[i];
    uint64_t h = 0, size = 0;
    int bad = yl_file_fnv1a64(d->full, &h, &size);
    yl_buf_puts(b, "    {\"role\": ");
    jstr(b, d->role);
    yl_buf_puts(b, d->in_dict ? ", \"dict_path\": " : ", \"path\": ");
    jname(b, d->path);
    if (bad) yl_buf_puts(b, ", \"fnv1a64\": null, \"bytes\": null}");
    else yl_buf_printf(b, ", \"fnv1a64\": \"%016llx\", \"bytes\": %llu}", (unsigned long long)h,
                       (unsigned long long)size);
    yl_buf_puts(b, i + 1 < s->n_files ? ",\n" : "\n");
  }
}

static void counts(yl_buf *b, const yl_analyze_summary *s) {
  yl_buf_printf(b, "  ],\n  \"files\": {\"seen\": %zu, \"analysed\": %zu, \"skipped\": %zu, "
                   "\"duplicates\": %zu, \"skip_reasons\": {",
                s->files, s->analysed, s->skipped, s->duplicates);
  for (size_t i = 0; i < s->n_reasons; i++) {
    if (i) yl_buf_puts(b, ", ");
    jstr(b, s->reasons[i].reason);
    yl_buf_printf(b, ": %zu", s->reasons[i].n);
  }
  yl_buf_printf(b, "}},\n  \"text_bytes\": %llu,\n  \"tokens\": {\"segmented\": %llu, "
                   "\"counted\": %llu, \"dropped\": {",
                (unsigned long long)s->bytes, (unsigned long long)s->tokens_seen,
                (unsigned long long)s->tokens);
  const char *sep = "";
  for (int r = 1; r < YL_FILTER_NREASONS; r++) {
    yl_buf_printf(b, "%s\"%s\": %llu", sep, yl_filter_reason_name((yl_filter_reason)r),
                  (unsigned long long)s->dropped[r]);
    sep = ", ";
  }
  yl_buf_printf(b, "}},\n  \"vocabulary\": %llu,\n  \"groups\": [", (unsigned long long)s->types);
  for (size_t i = 0; i < s->n_groups; i++) {
    yl_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
    jstr(b, s->groups[i].name);
    yl_buf_printf(b, ", \"documents\": %llu, \"tokens\": %llu, \"types\": %llu}",
                  (unsigned long long)s->groups[i].docs, (unsigned long long)s->groups[i].tokens,
                  (unsigned long long)s->groups[i].types);
  }
  yl_buf_puts(b, s->n_groups ? "\n  ],\n" : "],\n");
  yl_buf_puts(b, "  \"notes\": {\"keyness\": ");
  jstr(b, s->keyness_note);
  yl_buf_printf(b, ", \"focus_terms_not_found\": %zu, \"focus_missing\": [", s->focus_missing);
  jlist(b, s->focus_missing_terms, s->focus_missing);
  yl_buf_puts(b, "]");
  if (s->written[YL_TABLE_KWIC])
    yl_buf_printf(b, ", \"kwic_occurrences\": %llu, \"kwic_left_out\": %llu",
                  (unsigned long long)s->kwic_hits, (unsigned long long)s->kwic_left_out);
  yl_buf_puts(b, "},\n");
  /* the tables this run wrote, their rows, and their cells longer than a spreadsheet
   * holds, cut with a marker (yuliao/csv.h) */
  static const char *const keys[] = {"tables", "rows", "cells_cut"};
  for (int k = 0; k < 3; k++) {
    yl_buf_printf(b, "  \"%s\": %s", keys[k], k ? "{" : "[");
    for (int t = 0, first = 1; t < YL_ANALYZE_NTABLES; t++) {
      if (!s->written[t]) continue;
      const char *name = yl_analyze_table_name((yl_analyze_table)t);
      if (k) yl_buf_printf(b, "%s\"%s\": %llu", first ? "" : ", ", name,
                           (unsigned long long)(k == 1 ? s->rows[t] : s->cut[t]));
      else yl_buf_printf(b, "%s\"%s\"", first ? "" : ", ", name);
      first = 0;
    }
    yl_buf_puts(b, k == 2 ? "},\n" : k ? "},\n" : "],\n");
  }
  /* the page that shows the tables (docs/report.md), or null with --no-report */
  yl_buf_printf(b, "  \"report\": %s\n}\n", s->report_written ? "\"report.html\"" : "null");
}

/* Values that differ between two runs of the same analysis (command line, timing,
 * thread count, absolute data folder) each sit on a line of their own, so a test can
 * drop exactly those lines: grep -v -e '"command"' -e '"elapsed_seconds"' … */
yl_status yl_manifest_write(const yl_config *cfg, const yl_setup *s, const char *const *paths,
                            size_t n, const char *out_dir, const yl_analyze_summary *sum,
                            double elapsed, yl_error *err) {
  return yl_manifest_write_tool("yuliao analyze", NULL, cfg, s, paths, n, out_dir, sum, elapsed,
                                err);
}

yl_status yl_manifest_write_tool(const char *tool, const char *extra, const yl_config *cfg,
                                 const yl_setup *s,
                                 const char *const *paths, size_t n, const char *out_dir,
                                 const yl_analyze_summary *sum, double elapsed, yl_error *err) {
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/manifest.json", out_dir);
  /* sorted, like the walk: the same files given in another order give the same manifest */
  char **in = calloc(n + 1, sizeof *in);
  if (!in) return yl_error_cause(err, YL_ERR_NOMEM, path, 0, 0, NULL);
  memcpy(in, paths, n * sizeof *in);
  qsort(in, n, sizeof *in, name_cmp);
  yl_buf b = YL_BUF_INIT;
  yl_buf_puts(&b, "{\n  \"tool\": ");
  jstr(&b, tool);
  yl_buf_puts(&b, ",\n  \"version\": ");
  jstr(&b, YL_VERSION_STRING);
  yl_buf_puts(&b, ",\n  \"command\": [");
  jlist(&b, cfg->command.v, cfg->command.n);
  yl_buf_puts(&b, "],\n  \"elapsed_seconds\": ");
  jnum(&b, elapsed);
  yl_buf_printf(&b, ",\n  \"seconds\": {\"pass1\": %.3f, \"merge\": %.3f, \"pass2\": %.3f, "
                    "\"tables\": %.3f, \"report\": %.3f}, \"peak_rss_mb\": {\"pass1\": %.0f, \"merge\": %.0f, "
                    "\"pass2\": %.0f, \"tables\": %.0f},",
                sum->seconds[0], sum->seconds[1], sum->seconds[2], sum->seconds[3], sum->report_seconds,
                sum->peak_mb[0], sum->peak_mb[1], sum->peak_mb[2], sum->peak_mb[3]);
  yl_buf_printf(&b, "\n  \"threads\": %u,\n  \"dict_dir\": ", sum->threads);
  jname(&b, s->dict_dir);
  yl_buf_puts(&b, ",\n  \"inputs\": [");
  jlist(&b, in, n);
  free(in);
  options(&b, cfg);
  /* how Traditional text was counted: the OpenCC configuration and version used */
  yl_buf_puts(&b, "  \"script\": {\"mode\": ");
  jstr(&b, yl_script_mode_name((yl_script_mode)cfg->script));
  if (s->script && cfg->script == YL_SCRIPT_SIMPLIFIED) {
    yl_buf_puts(&b, ", \"opencc_config\": ");
    jstr(&b, yl_script_config(s->script));
    yl_buf_puts(&b, ", \"opencc_version\": ");
    jstr(&b, yl_script_opencc_version());
    yl_buf_printf(&b, ", \"converter\": \"%s\"", s->script_fast ? "phrase table" : "opencc");
  }
  yl_buf_puts(&b, "},\n");
  if (extra) yl_buf_puts(&b, extra);
  data_files(&b, s);
  counts(&b, sum);
  if (!b.data || b.failed) { /* a write above failed: no manifest with a piece missing */
    yl_buf_free(&b);
    return yl_error_cause(err, YL_ERR_NOMEM, path, 0, 0, NULL);
  }
  yl_outfile *f = NULL;
  yl_status st = yl_outfile_open(path, &f);
  int e = errno;
  if (!st && (st = yl_outfile_write(f, b.data, b.len))) {
    e = errno; /* before the clean-up can change it */
    yl_outfile_abort(f);
  } else if (!st) {
    st = yl_outfile_commit(f);
    e = errno;
  }
  yl_buf_free(&b);
  return yl_error_cause(err, st, path, 0, e, NULL);
}
