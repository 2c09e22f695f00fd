/* Option parsing and help, both driven by one yl_opt table per subcommand. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "yuliao/version.h"

enum { KEY_HELP = 1000, KEY_VERSION = 1001 };

void yl_cli_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("yuliao: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void yl_cli_exit_help(FILE *out) {
  fputs("Exit codes:\n"
        "  0  the run completed (skipped files are listed with their reasons)\n"
        "  1  --strict was given and at least one file was skipped\n"
        "  2  bad command line\n"
        "  3  no input could be read at all\n"
        "  4  dictionary or data file missing or corrupt\n"
        "  5  output folder or table could not be written\n"
        "  6  out of memory or another internal failure\n",
        out);
}

void yl_cli_help(FILE *out, const char *usage, const char *summary, const yl_opt *opts) {
  fprintf(out, "Usage: %s\n\n%s\n\nOptions:\n", usage, summary);
  for (const yl_opt *o = opts; o->name; o++) {
    char left[64];
    int n = 0;
    if (o->key < 256) n = snprintf(left, sizeof left, "  -%c, --%s", o->key, o->name);
    else n = snprintf(left, sizeof left, "      --%s", o->name);
    if (o->arg && n > 0 && (size_t)n < sizeof left)
      snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
    fprintf(out, "%-30s %s\n", left, o->help);
  }
  fprintf(out, "%-30s %s\n", "  -h, --help", "show this help and exit");
  fprintf(out, "%-30s %s\n\n", "  -V, --version", "show the version and exit");
  yl_cli_exit_help(out);
}

int yl_cli_parse(int argc, char **argv, const yl_opt *opts, yl_opt_handler handle, void *ctx,
                 const char *usage, const char *summary, int *first_operand) {
  size_t n = 0;
  while (opts[n].name) n++;
  struct option *lo = calloc(n + 3, sizeof *lo);
  char *so = malloc(3 * n + 8);
  if (!lo || !so) {
    free(lo);
    free(so);
    yl_cli_err("out of memory");
    return YL_EXIT_INTERNAL;
  }
  size_t sl = 0;
  so[sl++] = ':'; /* report a missing value as ':' rather than '?' */
  for (size_t i = 0; i < n; i++) {
    lo[i].name = opts[i].name;
    lo[i].has_arg = opts[i].arg ? required_argument : no_argument;
    lo[i].val = opts[i].key;
    if (opts[i].key < 256) {
      so[sl++] = (char)opts[i].key;
      if (opts[i].arg) so[sl++] = ':';
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
    if (c == 'h') {
      yl_cli_help(stdout, usage, summary, opts);
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
    } else {
      rc = handle(ctx, c, optarg);
    }
  }
  *first_operand = optind;
  free(lo);
  free(so);
  if (rc == -1 && (fflush(stdout) != 0 || ferror(stdout))) {
    yl_cli_err("writing output failed");
    return YL_EXIT_OUTPUT;
  }
  return rc;
}

int yl_cli_make_dirs(const char *path) {
  char p[PATH_MAX];
  if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) return ENAMETOOLONG;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) return errno;
    *s = '/';
  }
  if (mkdir(p, 0777) != 0 && errno != EEXIST) return errno;
  struct stat sb;
  if (stat(p, &sb) != 0) return errno;
  if (!S_ISDIR(sb.st_mode)) return ENOTDIR;
  if (access(p, W_OK | X_OK) != 0) return errno;
  return 0;
}
