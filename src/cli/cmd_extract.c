/* yuliao extract: articles → documents.csv (one row per input file, analysed or
 * skipped with the reason) and texts.jsonl (clean paragraphs per document). Parses the
 * options into a yl_config, runs yl_extract_paths and prints progress, remarks and the
 * summary. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/extract.h"

static const yl_opt options[] = {
    {"output", 'o', "DIR", "write the tables into DIR (required; created if missing)"},
    /* configuration options in extract's own order */
    {"outlets", 0, NULL, NULL},
    {"outlet-from", 0, NULL, NULL},
    {"dict-dir", 0, NULL, "data folder holding outlets.tsv and boilerplate.tsv"},
    {"no-bom", 0, NULL, NULL},
    {"raw-csv", 0, NULL, NULL},
    {"csv-dialect", 0, NULL, NULL},
    {"digits", 0, NULL, NULL},
    {"max-file-size", 0, NULL, NULL},
    {"strict", 0, NULL, NULL},
    YL_OPT_CONFIG,
    {"quiet", 'q', NULL, "no progress, per-file warnings or summary on stderr"},
    YL_OPT_END};

typedef struct cbctx {
  int progress; /* the progress line is shown */
  int started;  /* and has been written */
} cbctx;

static void on_progress(void *ctx, size_t done, size_t total, uint64_t bytes) {
  (void)bytes;
  cbctx *c = ctx;
  fprintf(stderr, "\ryuliao: extract %zu/%zu", done, total);
  c->started = 1;
}

/* A remark goes below the progress line, which the next file rewrites. */
static void on_note(void *ctx, const yl_error *note) {
  cbctx *c = ctx;
  if (c->progress) fputc('\n', stderr);
  char line[YL_ERROR_FORMAT_MAX];
  yl_cli_err("%s", yl_error_format(note, line, sizeof line));
}

static int run(const yl_cli_args *a, yl_config *cfg, char **paths, size_t n, double t0) {
  (void)t0;
  cbctx cb = {!a->quiet && isatty(STDERR_FILENO), 0};
  if (cb.progress) yl_config_set_progress(cfg, on_progress, &cb);
  if (!a->quiet) yl_config_set_note(cfg, on_note, &cb);
  yl_extract_summary sum;
  yl_error err;
  yl_status st = yl_extract_paths(cfg, (const char *const *)paths, n, a->out, &sum, &err);
  if (cb.started) fputs("\r\033[K", stderr);
  if (st) return yl_cli_fail(NULL, &err);
  char out[YL_CLI_NAME_MAX];
  if (sum.cut) /* not silenced by -q, as analyze's */
    yl_cli_err("warning: %s/documents.csv: %llu cell%s longer than a spreadsheet holds (32,767 "
               "characters) cut, each ending with a marker", yl_cli_name(a->out, out, sizeof out),
               (unsigned long long)sum.cut, sum.cut == 1 ? "" : "s");
  if (!a->quiet)
    yl_cli_err("extract: %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s → %s/documents.csv, texts.jsonl",
               sum.files, sum.files == 1 ? "" : "s", sum.analysed, sum.skipped, sum.duplicates,
               sum.duplicates == 1 ? "" : "s", yl_cli_name(a->out, out, sizeof out));
  return yl_cli_outcome(cfg, sum.analysed, sum.skipped);
}

int yl_cmd_extract(int argc, char **argv) {
  return yl_cli_paths_command(
      argc, argv, options, YL_CONFIG_EXTRACT, "yuliao extract PATH... -o DIR [OPTIONS]",
      "Reads article files and folders (recursively: .txt .md .markdown .html .htm) and "
      "writes\nDIR/documents.csv (one row per file, with its status) and DIR/texts.jsonl "
      "(clean text).",
      run);
}
