/* Shared pieces of the yuliao command: exit codes, option tables, messages. */
#ifndef YL_CLI_H
#define YL_CLI_H

#include <stdio.h>

#include "yuliao/config.h"
#include "yuliao/error.h"
#include "yuliao/escape.h"

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

/* One command-line option of a subcommand's table. 'key' is the short letter, or a
 * value ≥ 256 for a long-only option; 'arg' names the argument (NULL for a flag).
 * An entry named like a configuration option of the subcommand (yuliao/config.h) is
 * that option: its argument comes from the library's table, 'key' may give it a short
 * letter (0: none) and 'help' its own wording for this subcommand (NULL: the table's).
 * YL_OPT_CONFIG stands for every configuration option of the subcommand not named in
 * the table, in the library's order. The same table drives parsing and --help, so
 * help never drifts from what is accepted, and an option added to the library's
 * table reaches the command without an edit here. */
typedef struct yl_opt {
  const char *name;
  int key;
  const char *arg;
  const char *help;
} yl_opt;

#define YL_OPT_CONFIG {"*", 0, NULL, NULL}
#define YL_OPT_END {NULL, 0, NULL, NULL}

/* Called for each option of the command's own (not configuration) options; returns
 * 0 to go on or an yl_exit code to stop. */
typedef int (*yl_opt_handler)(void *ctx, int key, const char *arg);

/* Parses argv[1..] against 'opts' (terminated by YL_OPT_END); configuration options
 * of 'commands' (YL_CONFIG_ANALYZE …) go to yl_config_set on 'cfg', the others to
 * 'handle'. --help and --version are handled here. On return '*first_operand' is the
 * index of the first non-option argument. Returns -1 when the command should exit 0
 * now (help/version printed), 0 to go on, or an yl_exit code. */
int yl_cli_parse(int argc, char **argv, const yl_opt *opts, unsigned commands, yl_config *cfg,
                 yl_opt_handler handle, void *ctx, const char *usage, const char *summary,
                 int *first_operand);

/* Prints the exit-code table; code 1 only when 'strict' (the command has --strict). */
void yl_cli_exit_help(FILE *out, int strict);

/* "yuliao: " + message + newline on stderr, always one line: controls, bidi and
 * invalid bytes in it are escaped (yuliao/escape.h; backslashes are left alone, so
 * names must be put in with yl_cli_name). */
void yl_cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bytes that hold the escaped form of any path (PATH_MAX bytes). */
#define YL_CLI_NAME_MAX YL_ESCAPE_CAP(4096)

/* The escaped form of the file name 'name' in 'buf' ('cap' bytes, cut to fit), as
 * documents.csv shows it. Returns 'buf'. */
const char *yl_cli_name(const char *name, char *buf, size_t cap);

/* The exit code for a library error. */
int yl_cli_exit_for(yl_status st);

/* Prints 'e' as "yuliao: [CMD: ]FILE:LINE: reason" ('cmd' may be NULL) and returns
 * its exit code: the command's one error branch. */
int yl_cli_fail(const char *cmd, const yl_error *e);

/* What every command does first: a new configuration in '*cfg' (the caller frees it,
 * whatever is returned), the options parsed into it (yl_cli_parse: '*first' the first
 * operand), the command line recorded for the manifest. Returns 0 to go on, -1 when
 * help or the version was printed (exit 0), or an yl_exit code. */
int yl_cli_start(int argc, char **argv, const yl_opt *opts, unsigned commands,
                 yl_opt_handler handle, void *ctx, const char *usage, const char *summary,
                 yl_config **cfg, int *first);

/* The options every "PATH... -o DIR" subcommand has besides its configuration. */
typedef struct yl_cli_args {
  const char *out; /* -o DIR */
  int quiet;       /* -q */
} yl_cli_args;

/* Runs a "PATH... -o DIR" subcommand: a new configuration, the options parsed into it
 * (-o and -q into 'a'), the usage checks, the command line recorded for the manifest,
 * then 'run' with the input paths; 't0' is the start time for the summary. Returns
 * the exit code. */
typedef int (*yl_cli_run_fn)(const yl_cli_args *a, yl_config *cfg, char **paths, size_t n,
                             double t0);
int yl_cli_paths_command(int argc, char **argv, const yl_opt *opts, unsigned commands,
                         const char *usage, const char *summary, yl_cli_run_fn run);

/* The exit code of a run that went through: 3 when nothing could be read, 1 with
 * --strict when a file was skipped, else 0. */
int yl_cli_outcome(const yl_config *cfg, size_t analysed, size_t skipped);

/* Seconds on the monotonic clock. */
double yl_cli_now(void);

/* Progress on one rewritten stderr line ("yuliao: VERB done/total files, MB/s") and
 * per-file remarks that first clear it: the callbacks of a long run (analyze,
 * newwords), 'ctx' a yl_cli_progress. After the run, yl_cli_progress_end clears a
 * progress line still open. */
typedef struct yl_cli_progress {
  const char *verb;
  double t0;
  int line_open;
} yl_cli_progress;
void yl_cli_on_progress(void *ctx, size_t done, size_t total, uint64_t bytes);
void yl_cli_on_note(void *ctx, const yl_error *note);
void yl_cli_progress_end(yl_cli_progress *p);
/* The callbacks of 'c' set on 'cfg': the progress line when stderr is a terminal, the
 * remarks; neither with 'quiet'. */
void yl_cli_progress_on(yl_cli_progress *c, yl_config *cfg, int quiet);

/* Subcommands: each takes argv with argv[0] = the subcommand's name. */
int yl_cmd_extract(int argc, char **argv);
int yl_cmd_segment(int argc, char **argv);
int yl_cmd_analyze(int argc, char **argv);
int yl_cmd_kwic(int argc, char **argv);
int yl_cmd_newwords(int argc, char **argv);
int yl_cmd_count(int argc, char **argv);
int yl_cmd_merge(int argc, char **argv);

#endif
