/* yuliao count: one shard of a corpus cut into pieces (docs/scaling.md): analyze's
 * reading of the files, written to one file for yuliao merge. Also lists the files
 * analyze would read (--list-files), which a driver cuts into shards. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/config.h"

enum { KEY_FILES_FROM = 300, KEY_LIST, KEY_NULL };

static const yl_opt options[] = {
    {"output", 'o', "SHARD", "write the shard to the file SHARD (required)"},
    {"files-from", KEY_FILES_FROM, "LIST", "also read the paths of LIST, one a line ('-': standard input)"},
    {"list-files", KEY_LIST, NULL, "print the files analyze would read for the PATHs, one a line, and exit"},
    {"null", '0', NULL, "--list-files and --files-from: paths end with a NUL byte, not a line break"},
    {"jobs", 'j', NULL, NULL},
    YL_OPT_CONFIG,
    {"quiet", 'q', NULL, "no progress, per-file remarks or summary on stderr"},
    YL_OPT_END};

typedef struct args {
  const char *out, *files_from;
  int quiet, list, null;
  int bad_name; /* --list-files met a name with a line break (without -0) */
} args;

static int on_opt(void *ctx, int key, const char *arg) {
  args *a = ctx;
  switch (key) {
    case 'o': a->out = arg; return 0;
    case 'q': a->quiet = 1; return 0;
    case KEY_FILES_FROM: a->files_from = arg; return 0;
    case KEY_LIST: a->list = 1; return 0;
    case '0': a->null = 1; return 0;
    default: return YL_EXIT_USAGE;
  }
}

typedef struct paths {
  char **v;
  size_t n, cap;
  char **owned; /* the lines read, freed at the end */
  size_t nowned;
} paths;

static int push(paths *p, char *s, int owned) {
  if (p->n == p->cap) {
    size_t nc = p->cap ? 2 * p->cap : 64;
    char **v = realloc(p->v, nc * sizeof *v), **o = realloc(p->owned, nc * sizeof *o);
    if (v) p->v = v;
    if (o) p->owned = o;
    if (!v || !o) return -1;
    p->cap = nc;
  }
  p->v[p->n++] = s;
  if (owned) p->owned[p->nowned++] = s;
  return 0;
}

/* The non-empty lines (with -0: NUL-ended names) of 'name' as paths. */
static int read_list(paths *p, const char *name, int null) {
  FILE *in = strcmp(name, "-") ? fopen(name, "r") : stdin;
  char shown[YL_CLI_NAME_MAX];
  if (!in) {
    yl_cli_err("count: %s: %s", yl_cli_name(name, shown, sizeof shown), strerror(errno));
    return YL_EXIT_INPUT;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int rc = 0;
  while (!rc && (len = getdelim(&line, &cap, null ? '\0' : '\n', in)) >= 0) {
    if (null) len = (ssize_t)strlen(line);
    else while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (!len) continue;
    char *s = strdup(line);
    if (!s || push(p, s, 1)) {
      free(s);
      yl_cli_err("out of memory");
      rc = YL_EXIT_INTERNAL;
    }
  }
  if (!rc && ferror(in)) {
    yl_cli_err("count: %s: read error", yl_cli_name(name, shown, sizeof shown));
    rc = YL_EXIT_INPUT;
  }
  free(line);
  if (in != stdin) fclose(in);
  return rc;
}

static void print_path(void *ctx, const char *path) {
  args *a = ctx;
  if (!a->null && strpbrk(path, "\n\r")) { /* it would come back as two names */
    if (!a->bad_name) {
      char shown[YL_CLI_NAME_MAX];
      yl_cli_err("count: %s: a file name with a line break: list with -0, and read the "
                 "list with -0 --files-from LIST", yl_cli_name(path, shown, sizeof shown));
    }
    a->bad_name = 1;
    return;
  }
  fputs(path, stdout);
  fputc(a->null ? '\0' : '\n', stdout);
}

static int run(args *a, yl_config *cfg, paths *p, double t0) {
  yl_error err;
  if (a->list) {
    if (yl_list_paths(cfg, (const char *const *)p->v, p->n, print_path, a, &err))
      return yl_cli_fail("count", &err);
    if (a->bad_name) return YL_EXIT_USAGE;
    if (fflush(stdout) || ferror(stdout)) {
      yl_cli_err("count: writing the list failed");
      return YL_EXIT_OUTPUT;
    }
    return YL_EXIT_OK;
  }
  yl_cli_progress cb = {"count", t0, 0};
  yl_cli_progress_on(&cb, cfg, a->quiet);
  yl_analyze_summary sum;
  yl_status st = yl_count_paths(cfg, (const char *const *)p->v, p->n, a->out, &sum, &err);
  yl_cli_progress_end(&cb);
  if (st) return yl_cli_fail(NULL, &err);
  if (!a->quiet) {
    char out[YL_CLI_NAME_MAX];
    yl_cli_err("count: %zu file%s, %zu analysed, %zu skipped; %llu tokens counted; %.2f s → %s",
               sum.files, sum.files == 1 ? "" : "s", sum.analysed, sum.skipped,
               (unsigned long long)sum.tokens, yl_cli_now() - t0,
               yl_cli_name(a->out, out, sizeof out));
  }
  int rc = yl_cli_outcome(cfg, sum.analysed, sum.skipped);
  /* a shard of skipped files only still merges: its files are accounted for (with
   * --strict a skipped file is exit 1, as when some were read) */
  if (rc == YL_EXIT_INPUT) rc = sum.strict && sum.skipped ? YL_EXIT_STRICT : YL_EXIT_OK;
  yl_analyze_summary_clear(&sum);
  return rc;
}

int yl_cmd_count(int argc, char **argv) {
  double t0 = yl_cli_now();
  yl_config *cfg;
  args a = {NULL, NULL, 0, 0, 0, 0};
  paths p = {NULL, 0, 0, NULL, 0};
  int first = 0;
  int rc = yl_cli_start(
      argc, argv, options, YL_CONFIG_ANALYZE, on_opt, &a,
      "yuliao count PATH... [--files-from LIST] -o SHARD [OPTIONS]",
      "Reads the articles of the PATHs (files and folders) as analyze reads them and\n"
      "writes what the tables need (each document's row and duplicate keys, its kept\n"
      "tokens, the vocabulary) into one shard file; yuliao merge turns any number of\n"
      "shards into the tables of one analyze of all their files. Give count the\n"
      "options you would give analyze: the shard keeps them (docs/scaling.md).",
      &cfg, &first);
  for (int i = first; !rc && i < argc; i++)
    if (push(&p, argv[i], 0)) {
      yl_cli_err("out of memory");
      rc = YL_EXIT_INTERNAL;
    }
  if (!rc && a.files_from) rc = read_list(&p, a.files_from, a.null);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
  } else if (!a.out && !a.list) {
    yl_cli_err("%s: -o SHARD is required (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else if (!p.n) {
    yl_cli_err("%s: no input PATH given (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else {
    rc = run(&a, cfg, &p, t0);
  }
  for (size_t i = 0; i < p.nowned; i++) free(p.owned[i]);
  free(p.owned);
  free(p.v);
  yl_config_free(cfg);
  return rc;
}
