/* Shared pieces of the yuliao command: exit codes, option tables, messages. */
#ifndef YL_CLI_H
#define YL_CLI_H

#include <stdio.h>

/* Every exit code the command uses; listed by --help (yl_cli_exit_help). */
typedef enum yl_exit {
  YL_EXIT_OK = 0,        /* the run completed (files may have been skipped, with reasons) */
  YL_EXIT_STRICT = 1,    /* --strict and at least one file was skipped */
  YL_EXIT_USAGE = 2,     /* bad command line */
  YL_EXIT_INPUT = 3,     /* no input could be read at all */
  YL_EXIT_DATA = 4,      /* dictionary or data file missing or corrupt */
  YL_EXIT_OUTPUT = 5,    /* output folder or table could not be written */
  YL_EXIT_INTERNAL = 6   /* out of memory or another internal failure */
} yl_exit;

/* One command-line option. 'key' is the short letter, or a value ≥ 256 for a
 * long-only option; 'arg' names the argument (NULL for a flag). The same table
 * drives parsing and --help, so help never drifts from what is accepted. */
typedef struct yl_opt {
  const char *name;
  int key;
  const char *arg;
  const char *help;
} yl_opt;

/* Called for each option found; returns 0 to go on or an yl_exit code to stop. */
typedef int (*yl_opt_handler)(void *ctx, int key, const char *arg);

/* Parses argv[1..] against 'opts' (terminated by a {NULL} entry). --help and
 * --version are handled here. On return '*first_operand' is the index of the first
 * non-option argument. Returns -1 when the command should exit 0 now (help/version
 * printed), 0 to go on, or an yl_exit code. */
int yl_cli_parse(int argc, char **argv, const yl_opt *opts, yl_opt_handler handle, void *ctx,
                 const char *usage, const char *summary, int *first_operand);

/* Prints the usage line, summary, the option table and the exit codes. */
void yl_cli_help(FILE *out, const char *usage, const char *summary, const yl_opt *opts);

/* Prints the exit-code table. */
void yl_cli_exit_help(FILE *out);

/* "yuliao: " + message + newline on stderr. */
void yl_cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Finds the data folder: 'explicit_dir' (from --dict-dir), then $YULIAO_DICT_DIR,
 * then the installed share folder, then the source tree's dict/ when the program
 * runs from its build folder. A folder counts when it holds outlets.tsv. On success
 * copies the folder into 'out' and returns 0; otherwise prints every path tried and
 * returns YL_EXIT_DATA. */
int yl_cli_dict_dir(const char *explicit_dir, char *out, size_t cap);

/* Creates the output folder 'path' and its parents (mkdir -p) and checks that it is a
 * folder this process can write into, before any work begins. Returns 0 or an errno. */
int yl_cli_make_dirs(const char *path);

/* Subcommands: each takes argv with argv[0] = the subcommand's name. */
int yl_cmd_extract(int argc, char **argv);
int yl_cmd_segment(int argc, char **argv);
int yl_cmd_analyze(int argc, char **argv);

#endif
