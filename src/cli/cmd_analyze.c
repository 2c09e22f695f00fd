/* yuliao analyze: articles → frequency, TF-IDF, keywords, co-occurrence, keyness and
 * similarity tables plus manifest.json. Parses the options into a yl_config, runs
 * yl_analyze_paths and prints progress, remarks, warnings and the summary. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/config.h"

static const yl_opt options[] = {
    {"output", 'o', "DIR", "write the tables into DIR (required; created if missing)"},
    {"jobs", 'j', NULL, NULL},
    YL_OPT_CONFIG,
    {"quiet", 'q', NULL, "no progress, per-file remarks or summary on stderr"},
    YL_OPT_END};

static int run(const yl_cli_args *a, yl_config *cfg, char **paths, size_t n, double t0) {
  yl_cli_progress cb = {"analyze", t0, 0};
  yl_cli_progress_on(&cb, cfg, a->quiet);
  yl_analyze_summary sum;
  yl_error err;
  yl_status st = yl_analyze_paths(cfg, (const char *const *)paths, n, a->out, &sum, &err);
  yl_cli_progress_end(&cb);
  if (st) {
    yl_analyze_summary_clear(&sum);
    return yl_cli_fail(NULL, &err);
  }
  char out[YL_CLI_NAME_MAX];
  yl_cli_name(a->out, out, sizeof out);
  /* Not silenced by -q: the table is complete, but a spreadsheet would cut it. */
  for (int t = 0; t < YL_ANALYZE_NTABLES; t++)
    if (sum.rows[t] >= YL_SPREADSHEET_MAX_ROWS)
      yl_cli_err("warning: %s/%s has %llu rows: a spreadsheet shows only the first %u (%s)",
                 out, yl_analyze_table_name((yl_analyze_table)t),
                 (unsigned long long)sum.rows[t], YL_SPREADSHEET_MAX_ROWS - 1,
                 yl_analyze_table_shorter((yl_analyze_table)t));
  for (int t = 0; t < YL_ANALYZE_NTABLES; t++)
    if (sum.cut[t])
      yl_cli_err("warning: %s/%s: %llu cell%s longer than a spreadsheet holds (32,767 "
                 "characters) cut, each ending with a marker", out,
                 yl_analyze_table_name((yl_analyze_table)t), (unsigned long long)sum.cut[t],
                 sum.cut[t] == 1 ? "" : "s");
  if (!a->quiet && sum.n_groups > 1)
    for (size_t g = 0; g < sum.n_groups; g++)
      if (sum.groups[g].docs < YL_KEYNESS_MIN_DOCS)
        yl_cli_err("warning: group %s has %llu document%s: its keyness rows say little (fewer "
                   "than %u)", sum.groups[g].name, (unsigned long long)sum.groups[g].docs,
                   sum.groups[g].docs == 1 ? "" : "s", YL_KEYNESS_MIN_DOCS);
  if (!a->quiet) {
    double dt = yl_cli_now() - t0;
    yl_cli_err("analyze: %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s; %llu tokens "
               "counted, %llu terms, %zu group%s; %.2f s → %s",
               sum.files, sum.files == 1 ? "" : "s", sum.analysed, sum.skipped, sum.duplicates,
               sum.duplicates == 1 ? "" : "s",
               (unsigned long long)sum.tokens, (unsigned long long)sum.types, sum.n_groups,
               sum.n_groups == 1 ? "" : "s", dt, out);
  }
  /* Not silenced by -q either: cooccurrence.csv lacks what was asked for. One line,
   * each term quoted (a term may hold a comma or a space) and escaped like a name. */
  if (sum.focus_missing) {
    fprintf(stderr, "yuliao: warning: --focus: %zu term%s not found in the corpus:",
            sum.focus_missing, sum.focus_missing == 1 ? "" : "s");
    for (size_t i = 0; i < sum.focus_missing; i++) {
      char shown[YL_CLI_NAME_MAX];
      fprintf(stderr, "%s '%s'", i ? "," : "", yl_cli_name(sum.focus_missing_terms[i], shown, sizeof shown));
    }
    fputc('\n', stderr);
  }
  int rc = yl_cli_outcome(cfg, sum.analysed, sum.skipped);
  yl_analyze_summary_clear(&sum);
  return rc;
}

int yl_cmd_analyze(int argc, char **argv) {
  return yl_cli_paths_command(
      argc, argv, options, YL_CONFIG_ANALYZE, "yuliao analyze PATH... -o DIR [OPTIONS]",
      "Reads article files and folders, segments and filters the text, counts it per\n"
      "group (outlet by default) and writes documents.csv, frequency.csv,\n"
      "frequency_wide.csv, tfidf.csv, keywords.csv, cooccurrence.csv, keyness.csv,\n"
      "similarity.csv and manifest.json into DIR, and when asked kwic.csv (--kwic),\n"
      "periods.csv and trends.csv (--period), frames.csv, frames_test.csv and\n"
      "frames_docs.csv (--frames), dtm.csv and dtm_vocab.csv (--dtm),\n"
      "collocations.csv (--collocations), each group's network for Gephi\n"
      "(network_nodes.csv, network_edges.csv) and report.html, the tables as figures\n"
      "(unless --no-report); columns: docs/analyze.md, docs/report.md.",
      run);
}
