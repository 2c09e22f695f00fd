/* yuliao: the command-line front end. Dispatches to one subcommand per file. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "yuliao/version.h"

typedef struct yl_cmd {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} yl_cmd;

static const yl_cmd commands[] = {
    {"analyze", yl_cmd_analyze, "articles → frequency, TF-IDF, co-occurrence, keyness tables"},
    {"count", yl_cmd_count, "articles → one shard of a corpus cut into pieces (for merge)"},
    {"extract", yl_cmd_extract, "articles → documents.csv and texts.jsonl (clean text)"},
    {"kwic", yl_cmd_kwic, "a concordance of terms on the terminal (no tables)"},
    {"merge", yl_cmd_merge, "shards of count → the tables of one analyze of all their files"},
    {"newwords", yl_cmd_newwords, "names and compounds the dictionary splits → newwords.csv, user dictionary"},
    {"segment", yl_cmd_segment, "segment text into words, jieba-compatible"},
};

static void usage(FILE *out) {
  fprintf(out,
          "Usage: yuliao COMMAND [OPTIONS] [ARGS]\n\n"
          "yuliao %s turns a folder of Chinese news articles into CSV tables.\n\n"
          "Commands:\n",
          YL_VERSION_STRING);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fputs("\n'yuliao COMMAND --help' lists a command's options.\n\n", out);
  yl_cli_exit_help(out, 1); /* analyze and extract have --strict */
}

int main(int argc, char **argv) {
  /* A closed pipe and a file-size limit are write errors (exit 5), not deaths by
   * signal: every write is checked. */
  signal(SIGPIPE, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return YL_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    usage(stdout);
    return fflush(stdout) ? YL_EXIT_OUTPUT : YL_EXIT_OK;
  }
  if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
    printf("yuliao %s\n", YL_VERSION_STRING);
    return fflush(stdout) ? YL_EXIT_OUTPUT : YL_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(name, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  yl_cli_err("unknown command '%s' (see yuliao --help)", name);
  return YL_EXIT_USAGE;
}
