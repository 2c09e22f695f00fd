/* yuliao newwords: the names and compounds the dictionary lacks → newwords.csv and a
 * jieba user dictionary newwords.txt (docs/newwords.md). Parses the options into a
 * yl_config and yl_newwords_opts, runs yl_newwords_paths and prints the summary. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/config.h"
#include "yuliao/newwords.h"

enum { KEY_TOP = 300, KEY_MIN_COUNT };

/* analyze's options that change what is read and how it is cut and grouped */
static const yl_opt options[] = {
    {"output", 'o', "DIR", "write newwords.csv, newwords.txt and manifest.json into DIR (required)"},
    {"top", KEY_TOP, "N", "entries of newwords.txt, best first (default 200, 0 = all ranked)"},
    {"min-count", KEY_MIN_COUNT, "N", "occurrences a candidate needs, 2 … 30000 (default 5)"},
    {"jobs", 'j', NULL, NULL},
    {"group-by", 0, NULL, NULL},      {"exclude-kinds", 0, NULL, NULL},
    {"user-dict", 0, NULL, NULL},     {"script", 0, NULL, NULL},
    {"opencc-config", 0, NULL, NULL}, {"no-hmm", 0, NULL, NULL},
    {"near-duplicates", 0, NULL, NULL}, {"exact-duplicates-only", 0, NULL, NULL},
    {"outlets", 0, NULL, NULL},       {"outlet-from", 0, NULL, NULL},
    {"max-file-size", 0, NULL, NULL}, {"dict-dir", 0, NULL, NULL},
    {"no-bom", 0, NULL, NULL},        {"raw-csv", 0, NULL, NULL},
    {"csv-dialect", 0, NULL, NULL},   {"digits", 0, NULL, NULL},
    {"strict", 0, NULL, NULL},
    {"quiet", 'q', NULL, "no progress, per-file remarks or summary on stderr"},
    YL_OPT_END};

typedef struct args {
  const char *out;
  int quiet;
  yl_newwords_opts o;
} args;

static int number(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *v) {
  char *end;
  errno = 0;
  unsigned long long u = s[0] >= '0' && s[0] <= '9' ? strtoull(s, &end, 10) : 0;
  if (s[0] < '0' || s[0] > '9' || errno || *end || u < lo || u > hi) {
    yl_cli_err("newwords: --%s needs a whole number (%llu … %llu), not '%s'", opt,
               (unsigned long long)lo, (unsigned long long)hi, s);
    return YL_EXIT_USAGE;
  }
  *v = u;
  return 0;
}

static int on_opt(void *ctx, int key, const char *arg) {
  args *a = ctx;
  uint64_t v;
  int rc;
  switch (key) {
    case 'o': a->out = arg; return 0;
    case 'q': a->quiet = 1; return 0;
    case KEY_TOP:
      if ((rc = number("top", arg, 0, SIZE_MAX, &v))) return rc;
      a->o.top = (size_t)v;
      return 0;
    case KEY_MIN_COUNT:
      if ((rc = number("min-count", arg, 2, 30000, &v))) return rc;
      a->o.min_count = v;
      return 0;
    default: return YL_EXIT_USAGE;
  }
}

int yl_cmd_newwords(int argc, char **argv) {
  double t0 = yl_cli_now();
  yl_config *cfg;
  args a = {NULL, 0, {0, 0}};
  yl_newwords_opts_init(&a.o);
  int first = 0;
  int rc = yl_cli_start(
      argc, argv, options, YL_CONFIG_ANALYZE, on_opt, &a,
      "yuliao newwords PATH... -o DIR [OPTIONS]",
      "Finds the names and compounds the articles of the PATHs (files and folders) repeat\n"
      "and the segmenter cuts into pieces (深度求索 → 深度 求索): strings of 2 to 8\n"
      "characters ranked by how firmly they hold together and how freely they\n"
      "combine, as newwords.csv, and the best --top of them as a jieba user\n"
      "dictionary newwords.txt for analyze --user-dict; the text is read, converted\n"
      "and grouped as analyze reads it (docs/newwords.md).",
      &cfg, &first);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
  } else if (!a.out) {
    yl_cli_err("%s: -o DIR is required (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else if (first >= argc) {
    yl_cli_err("%s: no input PATH given (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else {
    yl_cli_progress cb = {"newwords", t0, 0};
    yl_cli_progress_on(&cb, cfg, a.quiet);
    yl_newwords_summary sum;
    yl_error err;
    yl_status st = yl_newwords_paths(cfg, (const char *const *)argv + first, (size_t)(argc - first),
                                     a.out, &a.o, &sum, &err);
    yl_cli_progress_end(&cb);
    if (st) {
      rc = yl_cli_fail(NULL, &err);
    } else {
      if (!a.quiet) {
        char out[YL_CLI_NAME_MAX];
        yl_cli_err("newwords: %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s; %llu "
                   "occurrences sketched (%llu MB), %llu strings counted, %llu candidates, "
                   "%llu ranked, %llu in newwords.txt; %.2f s → %s",
                   sum.files, sum.files == 1 ? "" : "s", sum.analysed, sum.skipped,
                   sum.duplicates, sum.duplicates == 1 ? "" : "s",
                   (unsigned long long)sum.occurrences, (unsigned long long)(sum.sketch_bytes >> 20),
                   (unsigned long long)sum.admitted,
                   (unsigned long long)sum.candidates, (unsigned long long)sum.rows,
                   (unsigned long long)sum.words, yl_cli_now() - t0,
                   yl_cli_name(a.out, out, sizeof out));
      }
      rc = yl_cli_outcome(cfg, sum.analysed, sum.skipped);
    }
  }
  yl_config_free(cfg);
  return rc;
}
