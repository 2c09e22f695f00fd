/* yuliao kwic: a concordance on the terminal, for a quick look (no tables written):
 * the rows analyze --kwic would write to kwic.csv, aligned on the keyword. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "yuliao/config.h"

/* analyze's options that change what is counted or shown, nothing of the tables */
static const yl_opt options[] = {
    {"kwic-width", 0, NULL, NULL},    {"kwic-max", 0, NULL, NULL},
    {"group-by", 0, NULL, NULL},      {"user-dict", 0, NULL, NULL},
    {"script", 0, NULL, NULL},        {"opencc-config", 0, NULL, NULL},
    {"exclude-kinds", 0, NULL, NULL}, {"stopwords", 0, NULL, NULL},
    {"no-default-stopwords", 0, NULL, NULL}, {"no-outlet-stopwords", 0, NULL, NULL},
    {"keep-numbers", 0, NULL, NULL},  {"min-length", 0, NULL, NULL},
    {"no-hmm", 0, NULL, NULL},        {"near-duplicates", 0, NULL, NULL},
    {"exact-duplicates-only", 0, NULL, NULL}, {"outlets", 0, NULL, NULL},
    {"outlet-from", 0, NULL, NULL},   {"max-file-size", 0, NULL, NULL},
    {"dict-dir", 0, NULL, NULL},      {"strict", 0, NULL, NULL},
    {"jobs", 'j', NULL, NULL},
    {"quiet", 'q', NULL, "no summary line on stderr"},
    YL_OPT_END};

static int on_opt(void *ctx, int key, const char *arg) {
  (void)arg;
  if (key != 'q') return YL_EXIT_USAGE;
  *(int *)ctx = 1;
  return 0;
}

/* Terminal columns of a code point: 2 for East Asian wide and full-width ones. */
static int columns(uint32_t c) {
  if (c < 0x1100) return 1;
  if (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) || (c >= 0xAC00 && c <= 0xD7A3) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

static size_t width_of(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    unsigned char b = (unsigned char)s[i];
    uint32_t c = b;
    size_t k = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (k > n - i) k = n - i;
    if (k == 2) c = (uint32_t)(b & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
    if (k == 3) c = (uint32_t)(b & 0x0F) << 12 | ((unsigned char)s[i + 1] & 0x3F) << 6 | ((unsigned char)s[i + 2] & 0x3F);
    if (k == 4) c = 0x10000; /* outside the BMP: wide enough a guess for emoji and rare Han */
    w += k == 4 ? 2 : (size_t)columns(c);
    i += k;
  }
  return w;
}

typedef struct line {
  char *where, *left, *keyword, *right;
  size_t wwidth, lwidth;
} line;

typedef struct lines {
  line *v;
  size_t n, cap;
  int nomem;
} lines;

static char *dup_n(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (p) memcpy(p, s, n), p[n] = '\0';
  return p;
}

/* yl_kwic_fn: each row kept, to be aligned once all are known */
static void on_row(void *ctx, const yl_kwic_row *r) {
  lines *ls = ctx;
  if (ls->nomem) return;
  if (ls->n == ls->cap) {
    size_t nc = ls->cap ? 2 * ls->cap : 64;
    line *v = realloc(ls->v, nc * sizeof *v);
    if (!v) {
      ls->nomem = 1;
      return;
    }
    ls->v = v, ls->cap = nc;
  }
  char where[512]; /* the day is enough here */
  const char *day = *r->published ? r->published : "(undated)";
  snprintf(where, sizeof where, "%s %.*s #%llu:%u", r->group, (int)strcspn(day, "T"), day,
           (unsigned long long)r->doc_id, r->paragraph);
  line l = {dup_n(where, strlen(where)), dup_n(r->left, r->left_len), dup_n(r->keyword, r->keyword_len),
            dup_n(r->right, r->right_len), 0, 0};
  if (!l.where || !l.left || !l.keyword || !l.right) {
    free(l.where), free(l.left), free(l.keyword), free(l.right);
    ls->nomem = 1;
    return;
  }
  l.wwidth = width_of(l.where, strlen(l.where));
  l.lwidth = width_of(l.left, r->left_len);
  ls->v[ls->n++] = l;
}

static void pad(size_t n) {
  while (n--) putchar(' ');
}

/* Operands that name a file or folder are the corpus; from the first that does not,
 * the terms. */
static int run(yl_config *cfg, char **args, size_t n, int quiet) {
  size_t np = 0;
  struct stat sb;
  while (np < n && stat(args[np], &sb) == 0) np++;
  if (!np) {
    char nb[YL_CLI_NAME_MAX];
    yl_cli_err("kwic: %s: no such file or folder (give PATH... then TERM...; see --help)",
               yl_cli_name(n ? args[0] : "", nb, sizeof nb));
    return YL_EXIT_USAGE;
  }
  if (np == n) {
    yl_cli_err("kwic: no TERM given after the paths (see --help)");
    return YL_EXIT_USAGE;
  }
  lines ls = {NULL, 0, 0, 0};
  yl_analyze_summary sum;
  yl_error err;
  yl_status st = yl_kwic_paths(cfg, (const char *const *)args, np, (const char *const *)args + np,
                               n - np, on_row, &ls, &sum, &err);
  int rc;
  if (st) {
    rc = yl_cli_fail(NULL, &err);
  } else if (ls.nomem) {
    yl_cli_err("kwic: out of memory");
    rc = YL_EXIT_INTERNAL;
  } else {
    size_t ww = 0, lw = 0;
    for (size_t i = 0; i < ls.n; i++) {
      if (ls.v[i].wwidth > ww) ww = ls.v[i].wwidth;
      if (ls.v[i].lwidth > lw) lw = ls.v[i].lwidth;
    }
    for (size_t i = 0; i < ls.n; i++) {
      const line *l = &ls.v[i];
      fputs(l->where, stdout);
      pad(ww - l->wwidth + 2 + lw - l->lwidth);
      printf("%s  %s%s%s\n", l->left, l->keyword, *l->right ? "  " : "", l->right);
    }
    if (fflush(stdout) || ferror(stdout)) {
      yl_cli_err("kwic: cannot write the concordance to standard output");
      rc = YL_EXIT_OUTPUT;
    } else {
      if (!quiet)
        yl_cli_err("kwic: %llu occurrence%s in %zu document%s counted (%zu duplicate%s left out)%s",
                   (unsigned long long)sum.kwic_hits, sum.kwic_hits == 1 ? "" : "s", sum.analysed,
                   sum.analysed == 1 ? "" : "s", sum.duplicates, sum.duplicates == 1 ? "" : "s",
                   sum.kwic_left_out ? "; more than --kwic-max a term and group not shown" : "");
      rc = yl_cli_outcome(cfg, sum.analysed, sum.skipped);
    }
  }
  for (size_t i = 0; i < ls.n; i++)
    free(ls.v[i].where), free(ls.v[i].left), free(ls.v[i].keyword), free(ls.v[i].right);
  free(ls.v);
  yl_analyze_summary_clear(&sum);
  return rc;
}

int yl_cmd_kwic(int argc, char **argv) {
  yl_config *cfg = NULL;
  if (yl_config_new(&cfg)) {
    yl_cli_err("out of memory");
    return YL_EXIT_INTERNAL;
  }
  int quiet = 0, first = 0;
  int rc = yl_cli_parse(argc, argv, options, YL_CONFIG_ANALYZE, cfg, on_opt, &quiet,
                        "yuliao kwic PATH... TERM... [OPTIONS]",
                        "Prints every counted occurrence of the TERMs in the articles of the\n"
                        "PATHs (files and folders), in context and aligned on the keyword, as\n"
                        "analyze --kwic writes them to kwic.csv (docs/analyze.md); no table is\n"
                        "written. The first operands, as long as they name a file or folder,\n"
                        "are the PATHs, the rest the TERMs. Each line: group, day,\n"
                        "#doc_id:paragraph, the context aligned on the keyword.",
                        &first);
  if (rc) rc = rc < 0 ? YL_EXIT_OK : rc;
  else rc = run(cfg, argv + first, (size_t)(argc - first), quiet);
  yl_config_free(cfg);
  return rc;
}
