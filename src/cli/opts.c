/* Option parsing and help, both driven by the subcommand's yl_opt table and the
 * library's table of configuration options; the one error branch (yl_cli_fail). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/escape.h"
#include "yuliao/version.h"

/* Keys of configuration options without a short letter. */
enum { KEY_CONFIG = 2000 };

void yl_cli_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[512], *text = small;
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0, small[0] = '\0';
  if ((size_t)n >= sizeof small && (text = malloc((size_t)n + 1)) != NULL) {
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  if (!text) text = small, n = (int)strlen(small); /* out of memory: the start of it */
  /* Names are escaped where they are put in (yl_cli_name); this pass keeps any other
   * line break, control or bidi character from starting a line of its own. */
  size_t need = yl_escape_text(text, (size_t)n, YL_ESCAPE_KEEP_BACKSLASH, NULL, 0);
  char *line = malloc(need + 1);
  fputs("yuliao: ", stderr);
  if (line) {
    yl_escape_text(text, (size_t)n, YL_ESCAPE_KEEP_BACKSLASH, line, need + 1);
    fputs(line, stderr);
  } else {
    for (int i = 0; i < n; i++) fputc((unsigned char)text[i] < 0x20 ? '?' : text[i], stderr);
  }
  fputc('\n', stderr);
  free(line);
  if (text != small) free(text);
}

const char *yl_cli_name(const char *name, char *buf, size_t cap) {
  yl_escape_name(name, strlen(name), buf, cap);
  return buf;
}

void yl_cli_exit_help(FILE *out, int strict) {
  fputs("Exit codes:\n"
        "  0  the run completed (skipped files are listed with their reasons)\n", out);
  if (strict) fputs("  1  --strict was given and at least one file was skipped\n", out);
  fputs("  2  bad command line\n"
        "  3  no input could be read at all\n"
        "  4  dictionary or data file missing or corrupt\n"
        "  5  output folder or table could not be written\n"
        "  6  out of memory or another internal failure\n",
        out);
}

int yl_cli_exit_for(yl_status st) {
  switch (st) {
    case YL_OK: return YL_EXIT_OK;
    case YL_ERR_INVALID: return YL_EXIT_USAGE;
    case YL_ERR_DICT: return YL_EXIT_DATA;
    case YL_ERR_IO: return YL_EXIT_OUTPUT;
    default: return YL_EXIT_INTERNAL; /* out of memory, or a failure inside a run */
  }
}

int yl_cli_fail(const char *cmd, const yl_error *e) {
  char line[YL_ERROR_FORMAT_MAX];
  yl_error_format(e, line, sizeof line);
  if (cmd) yl_cli_err("%s: %s", cmd, line);
  else yl_cli_err("%s", line);
  return yl_cli_exit_for(e->code);
}

/* One option as parsed and shown: the command's own, or a configuration option. */
typedef struct entry {
  const char *name;
  int key;
  int config; /* 1: goes to yl_config_set */
  char arg[64]; /* "" for a flag */
  char help[256];
} entry;

/* Index of the configuration option 'name' used by 'commands', or -1. */
static int find_config(const char *name, unsigned commands, yl_config_option *out) {
  size_t n = yl_config_option_count();
  for (size_t i = 0; i < n; i++)
    if (!yl_config_option_at(i, out) && (out->commands & commands) && !strcmp(out->name, name))
      return (int)i;
  return -1;
}

static int named_in(const yl_opt *opts, const char *name) {
  for (const yl_opt *o = opts; o->name; o++)
    if (!strcmp(o->name, name)) return 1;
  return 0;
}

static void set_entry(entry *e, const char *name, int key, int config, const char *arg,
                      const char *help) {
  e->name = name;
  e->key = key;
  e->config = config;
  snprintf(e->arg, sizeof e->arg, "%s", arg ? arg : "");
  snprintf(e->help, sizeof e->help, "%s", help);
}

/* The command's options with the configuration options spliced in; NULL on OOM. */
static entry *resolve(const yl_opt *opts, unsigned commands, size_t *count) {
  size_t cap = yl_config_option_count();
  for (const yl_opt *o = opts; o->name; o++) cap++;
  entry *v = calloc(cap + 1, sizeof *v);
  if (!v) return NULL;
  size_t n = 0;
  yl_config_option co;
  for (const yl_opt *o = opts; o->name; o++) {
    int i;
    if (!strcmp(o->name, "*")) {
      for (size_t k = 0; k < yl_config_option_count(); k++)
        if (!yl_config_option_at(k, &co) && (co.commands & commands) && !named_in(opts, co.name))
          set_entry(&v[n++], co.name, KEY_CONFIG + (int)k, 1, co.arg, co.help);
    } else if ((i = find_config(o->name, commands, &co)) >= 0) {
      set_entry(&v[n++], co.name, o->key ? o->key : KEY_CONFIG + i, 1, co.arg,
                o->help ? o->help : co.help);
    } else {
      set_entry(&v[n++], o->name, o->key, 0, o->arg, o->help ? o->help : "");
    }
  }
  *count = n;
  return v;
}

/* Width of the option column of --help; a longer option gets its text on the next
 * line (one space after it read as part of the option: "--script simplified|keep
 * Traditional …"). */
#define HELP_COL 30

static void help(FILE *out, const char *usage, const char *summary, const entry *v, size_t n) {
  fprintf(out, "Usage: %s\n\n%s\n\nOptions:\n", usage, summary);
  int strict = 0;
  for (size_t i = 0; i < n; i++) {
    if (!strcmp(v[i].name, "strict")) strict = 1;
    char left[160]; /* "      --" + name + " " + arg */
    int k = 0;
    if (v[i].key < 256) k = snprintf(left, sizeof left, "  -%c, --%s", v[i].key, v[i].name);
    else k = snprintf(left, sizeof left, "      --%s", v[i].name);
    if (v[i].arg[0] && k > 0 && (size_t)k < sizeof left)
      snprintf(left + k, sizeof left - (size_t)k, " %s", v[i].arg);
    if (strlen(left) < HELP_COL) fprintf(out, "%-*s %s\n", HELP_COL, left, v[i].help);
    else fprintf(out, "%s\n%-*s %s\n", left, HELP_COL, "", v[i].help);
  }
  fprintf(out, "%-*s %s\n", HELP_COL, "  -h, --help", "show this help and exit");
  fprintf(out, "%-*s %s\n\n", HELP_COL, "  -V, --version", "show the version and exit");
  /* only a command with --strict can exit 1 */
  yl_cli_exit_help(out, strict);
}

int yl_cli_parse(int argc, char **argv, const yl_opt *opts, unsigned commands, yl_config *cfg,
                 yl_opt_handler handle, void *ctx, const char *usage, const char *summary,
                 int *first_operand) {
  size_t n = 0;
  entry *v = resolve(opts, commands, &n);
  struct option *lo = calloc(n + 3, sizeof *lo);
  char *so = malloc(3 * n + 8);
  if (!v || !lo || !so) {
    free(v);
    free(lo);
    free(so);
    yl_cli_err("out of memory");
    return YL_EXIT_INTERNAL;
  }
  size_t sl = 0;
  so[sl++] = ':'; /* report a missing value as ':' rather than '?' */
  for (size_t i = 0; i < n; i++) {
    lo[i].name = v[i].name;
    lo[i].has_arg = v[i].arg[0] ? required_argument : no_argument;
    lo[i].val = v[i].key;
    if (v[i].key < 256) {
      so[sl++] = (char)v[i].key;
      if (v[i].arg[0]) so[sl++] = ':';
    }
  }
  lo[n] = (struct option){"help", no_argument, NULL, 'h'};
  lo[n + 1] = (struct option){"version", no_argument, NULL, 'V'};
  so[sl++] = 'h';
  so[sl++] = 'V';
  so[sl] = '\0';
  optind = 1;
  opterr = 0;
  int rc = 0, c;
  while (rc == 0 && (c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
    const entry *e = NULL;
    for (size_t i = 0; i < n && !e; i++)
      if (v[i].key == c) e = &v[i];
    if (c == 'h') {
      help(stdout, usage, summary, v, n);
      rc = -1;
    } else if (c == 'V') {
      printf("yuliao %s\n", YL_VERSION_STRING);
      rc = -1;
    } else if (c == '?') {
      if (optopt && optopt < 256) yl_cli_err("%s: unknown option -%c (see --help)", argv[0], optopt);
      else yl_cli_err("%s: unknown option %s (see --help)", argv[0], argv[optind - 1]);
      rc = YL_EXIT_USAGE;
    } else if (c == ':') {
      yl_cli_err("%s: option %s needs a value (see --help)", argv[0], argv[optind - 1]);
      rc = YL_EXIT_USAGE;
    } else if (e && e->config) {
      yl_error err;
      if (yl_config_set(cfg, e->name, e->arg[0] ? optarg : NULL, &err))
        rc = yl_cli_fail(argv[0], &err);
    } else {
      rc = handle(ctx, c, optarg);
    }
  }
  *first_operand = optind;
  free(v);
  free(lo);
  free(so);
  if (rc == -1 && (fflush(stdout) != 0 || ferror(stdout))) {
    yl_cli_err("writing output failed");
    return YL_EXIT_OUTPUT;
  }
  return rc;
}

double yl_cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int paths_option(void *ctx, int key, const char *arg) {
  yl_cli_args *a = ctx;
  switch (key) {
    case 'o': a->out = arg; break;
    case 'q': a->quiet = 1; break;
    default: return YL_EXIT_USAGE;
  }
  return 0;
}

int yl_cli_start(int argc, char **argv, const yl_opt *opts, unsigned commands,
                 yl_opt_handler handle, void *ctx, const char *usage, const char *summary,
                 yl_config **cfg, int *first) {
  *cfg = NULL;
  if (yl_config_new(cfg)) {
    yl_cli_err("out of memory");
    return YL_EXIT_INTERNAL;
  }
  int rc = yl_cli_parse(argc, argv, opts, commands, *cfg, handle, ctx, usage, summary, first);
  if (!rc && yl_config_set_command(*cfg, (size_t)argc, (const char *const *)argv)) {
    yl_cli_err("out of memory");
    rc = YL_EXIT_INTERNAL;
  }
  return rc;
}

int yl_cli_paths_command(int argc, char **argv, const yl_opt *opts, unsigned commands,
                         const char *usage, const char *summary, yl_cli_run_fn run) {
  double t0 = yl_cli_now();
  yl_cli_args a = {NULL, 0};
  yl_config *cfg;
  int first = 0;
  int rc = yl_cli_start(argc, argv, opts, commands, paths_option, &a, usage, summary, &cfg, &first);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
  } else if (!a.out) {
    yl_cli_err("%s: -o DIR is required (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else if (first >= argc) {
    yl_cli_err("%s: no input PATH given (see --help)", argv[0]);
    rc = YL_EXIT_USAGE;
  } else {
    rc = run(&a, cfg, argv + first, (size_t)(argc - first), t0);
  }
  yl_config_free(cfg);
  return rc;
}

int yl_cli_outcome(const yl_config *cfg, size_t analysed, size_t skipped) {
  char strict[8];
  if (analysed == 0) return YL_EXIT_INPUT;
  if (yl_config_get(cfg, "strict", strict, sizeof strict) == YL_OK && !strcmp(strict, "true") &&
      skipped)
    return YL_EXIT_STRICT;
  return YL_EXIT_OK;
}

void yl_cli_on_progress(void *ctx, size_t done, size_t total, uint64_t bytes) {
  yl_cli_progress *c = ctx;
  double dt = yl_cli_now() - c->t0;
  fprintf(stderr, "\ryuliao: %s %zu/%zu files, %.1f MB/s\033[K", c->verb, done, total,
          dt > 0 ? (double)bytes / 1e6 / dt : 0.0);
  c->line_open = 1;
}

void yl_cli_progress_on(yl_cli_progress *c, yl_config *cfg, int quiet) {
  if (!quiet && isatty(STDERR_FILENO)) yl_config_set_progress(cfg, yl_cli_on_progress, c);
  if (!quiet) yl_config_set_note(cfg, yl_cli_on_note, c);
}

void yl_cli_progress_end(yl_cli_progress *c) {
  if (c->line_open) fputs("\r\033[K", stderr);
  c->line_open = 0;
}

void yl_cli_on_note(void *ctx, const yl_error *note) {
  yl_cli_progress_end(ctx);
  char line[YL_ERROR_FORMAT_MAX];
  yl_cli_err("%s", yl_error_format(note, line, sizeof line));
}
