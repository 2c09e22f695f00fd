/* yuliao merge: shards of yuliao count → the tables of one analyze of all their files
 * (or one shard, for a merge tree); docs/scaling.md. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/config.h"

enum { KEY_SHARD_OUT = 300 };

static const yl_opt options[] = {
    {"output", 'o', "DIR", "write the tables into DIR (created if missing)"},
    {"shard-out", KEY_SHARD_OUT, "FILE", "instead: write the shards as one shard FILE"},
    {"jobs", 'j', NULL, NULL},
    {"quiet", 'q', NULL, "no progress, per-file remarks or summary on stderr"},
    YL_OPT_END};

typedef struct args {
  const char *out, *shard_out;
  int quiet;
} args;

static int on_opt(void *ctx, int key, const char *arg) {
  args *a = ctx;
  switch (key) {
    case 'o': a->out = arg; return 0;
    case 'q': a->quiet = 1; return 0;
    case KEY_SHARD_OUT: a->shard_out = arg; return 0;
    default: return YL_EXIT_USAGE;
  }
}

int yl_cmd_merge(int argc, char **argv) {
  double t0 = yl_cli_now();
  yl_config *cfg;
  args a = {NULL, NULL, 0};
  int first = 0;
  int rc = yl_cli_start(
      argc, argv, options, YL_CONFIG_ANALYZE, on_opt, &a,
      "yuliao merge SHARD... (-o DIR | --shard-out FILE) [-j N] [-q]",
      "Merges shards written by yuliao count into the tables of one analyze of all\n"
      "their files, byte for byte (manifest.json aside), duplicates found across\n"
      "shards included; or into one shard, so that merges form a tree. The options\n"
      "are those the shards were counted with: they must all have the same, the same\n"
      "yuliao version and the same data files as this machine (docs/scaling.md).\n"
      "A shard that cannot be read (missing, truncated, corrupt) is exit 4; shards\n"
      "that do not go together (options, version, data files, a file twice) exit 2.",
      &cfg, &first);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
  } else if (!a.out == !a.shard_out) {
    yl_cli_err("%s: give either -o DIR or --shard-out FILE (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else if (first >= argc) {
    yl_cli_err("%s: no SHARD given (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else {
    yl_cli_progress cb = {"merge", t0, 0};
    yl_cli_progress_on(&cb, cfg, a.quiet);
    yl_analyze_summary sum;
    yl_error err;
    yl_status st = yl_merge_shards(cfg, (const char *const *)argv + first, (size_t)(argc - first),
                                   a.out, a.shard_out, &sum, &err);
    yl_cli_progress_end(&cb);
    if (st) {
      rc = yl_cli_fail(NULL, &err);
    } else {
      if (!a.quiet) {
        char out[YL_CLI_NAME_MAX];
        yl_cli_err("merge: %d shard%s, %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s; "
                   "%llu tokens counted; %.2f s → %s",
                   argc - first, argc - first == 1 ? "" : "s", sum.files,
                   sum.files == 1 ? "" : "s", sum.analysed, sum.skipped, sum.duplicates,
                   sum.duplicates == 1 ? "" : "s", (unsigned long long)sum.tokens,
                   yl_cli_now() - t0, yl_cli_name(a.out ? a.out : a.shard_out, out, sizeof out));
      }
      /* analyze's outcome with the shards' --strict (an inner merge of a tree: done) */
      rc = a.shard_out ? YL_EXIT_OK
           : !sum.analysed ? YL_EXIT_INPUT
           : sum.strict && sum.skipped ? YL_EXIT_STRICT : YL_EXIT_OK;
      yl_analyze_summary_clear(&sum);
    }
  }
  yl_config_free(cfg);
  return rc;
}
