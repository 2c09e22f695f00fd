/* yuliao extract: articles → documents.csv (one row per input file, analysed or
 * skipped with the reason) and texts.jsonl (clean paragraphs per document). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli.h"
#include "base/json.h"
#include "yuliao/csv.h"
#include "yuliao/doccsv.h"
#include "yuliao/dedupe.h"
#include "yuliao/ingest.h"
#include "yuliao/outfile.h"

enum {
  OPT_OUTLETS = 256, OPT_OUTLET_FROM, OPT_DICT_DIR, OPT_NO_BOM, OPT_RAW_CSV, OPT_MAX_SIZE,
  OPT_STRICT
};

static const yl_opt options[] = {
    {"output", 'o', "DIR", "write the tables into DIR (required; created if missing)"},
    {"outlets", OPT_OUTLETS, "FILE", "extra outlet table (same format as dict/outlets.tsv)"},
    {"outlet-from", OPT_OUTLET_FROM, "host|folder",
     "outlet from the URL's host (default) or the file's parent folder name"},
    {"dict-dir", OPT_DICT_DIR, "DIR", "data folder holding outlets.tsv and boilerplate.tsv"},
    {"no-bom", OPT_NO_BOM, NULL, "write CSV without the UTF-8 byte order mark"},
    {"raw-csv", OPT_RAW_CSV, NULL, "do not neutralise formula-like cells (=, +, -, @)"},
    {"max-file-size", OPT_MAX_SIZE, "BYTES", "skip files larger than BYTES (default 67108864)"},
    {"strict", OPT_STRICT, NULL, "exit 1 when any file was skipped"},
    {"quiet", 'q', NULL, "no progress, per-file warnings or summary on stderr"},
    {NULL, 0, NULL, NULL}};

typedef struct args {
  const char *out, *outlets, *dict_dir;
  int from_folder, no_bom, raw, strict, quiet;
  unsigned long long max_size;
} args;

static int handle(void *ctx, int key, const char *arg) {
  args *a = ctx;
  switch (key) {
    case 'o': a->out = arg; break;
    case OPT_OUTLETS: a->outlets = arg; break;
    case OPT_DICT_DIR: a->dict_dir = arg; break;
    case OPT_NO_BOM: a->no_bom = 1; break;
    case OPT_RAW_CSV: a->raw = 1; break;
    case OPT_STRICT: a->strict = 1; break;
    case 'q': a->quiet = 1; break;
    case OPT_OUTLET_FROM:
      if (!strcmp(arg, "folder")) a->from_folder = 1;
      else if (!strcmp(arg, "host")) a->from_folder = 0;
      else {
        yl_cli_err("extract: --outlet-from takes 'host' or 'folder', not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      break;
    case OPT_MAX_SIZE: {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(arg, &end, 10);
      if (errno || end == arg || *end || v == 0 || arg[0] == '-') {
        yl_cli_err("extract: --max-file-size needs a positive number of bytes, not '%s'", arg);
        return YL_EXIT_USAGE;
      }
      a->max_size = v;
      break;
    }
    default: return YL_EXIT_USAGE;
  }
  return 0;
}

/* Turns an analysed doc into a duplicate of the file at 'first'. */
static yl_status mark_duplicate(yl_doc *d, const char *first, yl_dup_kind k) {
  yl_buf b = YL_BUF_INIT;
  yl_status st = yl_buf_printf(&b, "duplicate of %s (%s)", first, yl_dup_kind_name(k));
  if (st) return st;
  free(d->note);
  d->note = yl_buf_detach(&b, NULL);
  d->status = YL_DOC_DUPLICATE;
  return d->note ? YL_OK : YL_ERR_NOMEM;
}

static yl_status doc_row(yl_csv *c, long id, const yl_doc *d) {
  yl_status st = yl_doccsv_cells(c, id, d, d->n_paras);
  return st ? st : yl_csv_end_row(c);
}

static yl_status json_line(yl_buf *b, long id, const yl_doc *d) {
  yl_status st = yl_buf_printf(b, "{\"doc_id\":%ld,\"path\":", id);
  if (!st) st = yl_json_str(b, d->path, strlen(d->path));
  if (!st) st = yl_buf_puts(b, ",\"outlet\":");
  if (!st) st = yl_json_str(b, d->outlet, strlen(d->outlet));
  if (!st) st = yl_buf_puts(b, ",\"paragraphs\":[");
  for (size_t i = 0; i < d->n_paras && !st; i++) {
    st = yl_buf_printf(b, "%s{\"kind\":\"%s\",\"text\":", i ? "," : "",
                       yl_para_kind_name(d->paras[i].kind));
    if (!st) st = yl_json_str(b, d->paras[i].text, d->paras[i].len);
    if (!st) st = yl_buf_putc(b, '}');
  }
  if (!st) st = yl_buf_puts(b, "]}\n");
  return st;
}

int yl_cmd_extract(int argc, char **argv) {
  args a = {0};
  int first;
  int rc = yl_cli_parse(argc, argv, options, handle, &a, "yuliao extract PATH... -o DIR [OPTIONS]",
                        "Reads article files and folders (recursively: .txt .md .markdown .html "
                        ".htm) and writes\nDIR/documents.csv (one row per file, with its status) "
                        "and DIR/texts.jsonl (clean text).",
                        &first);
  if (rc) return rc < 0 ? YL_EXIT_OK : rc;
  if (!a.out) {
    yl_cli_err("extract: -o DIR is required (see --help)");
    return YL_EXIT_USAGE;
  }
  if (first >= argc) {
    yl_cli_err("extract: no input PATH given (see --help)");
    return YL_EXIT_USAGE;
  }
  int err = yl_cli_make_dirs(a.out);
  if (err) {
    yl_cli_err("%s: cannot write output folder: %s", a.out, strerror(err));
    return YL_EXIT_OUTPUT;
  }
  char dict[PATH_MAX];
  if ((rc = yl_cli_dict_dir(a.dict_dir, dict, sizeof dict))) return rc;
  yl_ingest_opts io = {dict, a.outlets, a.from_folder, a.max_size};
  yl_ingest *ing = NULL;
  char *msg = NULL;
  yl_status st = yl_ingest_new(&io, &ing, &msg);
  if (st) {
    yl_cli_err("%s", msg ? msg : yl_strerror(st));
    free(msg);
    return st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_DATA;
  }
  yl_ingest_list list = {0};
  st = yl_ingest_walk(ing, (const char *const *)argv + first, (size_t)(argc - first), &list);
  if (st) {
    yl_ingest_free(ing);
    yl_cli_err("extract: %s", yl_strerror(st));
    return YL_EXIT_INTERNAL;
  }
  char path[PATH_MAX + 32];
  unsigned flags = (a.no_bom ? YL_CSV_NO_BOM : 0u) | (a.raw ? YL_CSV_RAW : 0u);
  yl_csv *csv = NULL;
  yl_outfile *jf = NULL;
  snprintf(path, sizeof path, "%s/documents.csv", a.out);
  st = yl_csv_open(path, flags, &csv);
  if (!st) st = yl_csv_header(csv, yl_doccsv_columns);
  if (!st) {
    snprintf(path, sizeof path, "%s/texts.jsonl", a.out);
    st = yl_outfile_open(path, &jf);
  }
  int progress = !a.quiet && isatty(STDERR_FILENO);
  size_t n_ok = 0, n_skip = 0, n_dup = 0;
  yl_dedupe *dd = NULL;
  if (!st) st = yl_dedupe_new(&dd);
  yl_buf line = YL_BUF_INIT;
  rc = YL_EXIT_OK;
  for (size_t i = 0; i < list.n && !st; i++) {
    yl_doc *d = NULL;
    if (progress) fprintf(stderr, "\ryuliao: extract %zu/%zu", i + 1, list.n);
    st = list.v[i].skip ? yl_ingest_skipped(list.v[i].path, list.v[i].skip, &d)
                        : yl_ingest_file(ing, list.v[i].path, &d);
    if (st) {
      rc = YL_EXIT_INTERNAL;
      break;
    }
    long id = (long)i + 1;
    if (d->status == YL_DOC_ANALYSED) {
      yl_dup_kind dk;
      size_t orig = 0;
      st = yl_dedupe_check(dd, yl_url_hash(d->url), yl_doc_body_hash(d), i, &dk, &orig);
      if (!st && dk != YL_DUP_NONE) st = mark_duplicate(d, list.v[orig].path, dk);
      if (st) {
        yl_doc_free(d);
        rc = YL_EXIT_INTERNAL;
        break;
      }
    }
    if (d->status == YL_DOC_DUPLICATE) {
      n_dup++;
      if (!a.quiet) {
        if (progress) fputc('\n', stderr);
        yl_cli_err("%s: %s", d->path, d->note);
      }
    } else if (d->status == YL_DOC_SKIPPED) {
      n_skip++;
      if (!a.quiet) {
        if (progress) fputc('\n', stderr);
        yl_cli_err("%s: %s", d->path, d->note);
      }
    } else {
      n_ok++;
      if (d->n_invalid && !a.quiet) {
        if (progress) fputc('\n', stderr);
        yl_cli_err("%s: %zu invalid UTF-8 sequence%s kept as U+FFFD", d->path, d->n_invalid,
                   d->n_invalid == 1 ? "" : "s");
      }
      yl_buf_clear(&line);
      st = json_line(&line, id, d);
      if (!st) st = yl_outfile_write(jf, line.data, line.len);
    }
    if (!st) st = doc_row(csv, id, d);
    yl_doc_free(d);
  }
  if (progress) fputs("\r\033[K", stderr);
  yl_buf_free(&line);
  yl_dedupe_free(dd);
  if (!st) {
    yl_status s1 = yl_csv_commit(csv);
    int e1 = errno;
    csv = NULL;
    yl_status s2 = yl_outfile_commit(jf);
    jf = NULL;
    st = s1 ? s1 : s2;
    if (s1) errno = e1; /* report the first failure */
  }
  if (st) {
    if (csv) yl_csv_abort(csv);
    if (jf) yl_outfile_abort(jf);
    if (rc == YL_EXIT_OK) {
      yl_cli_err("%s: cannot write tables: %s", a.out, st == YL_ERR_IO ? strerror(errno) : yl_strerror(st));
      rc = st == YL_ERR_NOMEM ? YL_EXIT_INTERNAL : YL_EXIT_OUTPUT;
    } else {
      yl_cli_err("extract: %s", yl_strerror(st));
    }
  }
  yl_ingest_list_clear(&list);
  yl_ingest_free(ing);
  if (rc) return rc;
  if (!a.quiet)
    yl_cli_err("extract: %zu file%s, %zu analysed, %zu skipped, %zu duplicate%s → %s/documents.csv, texts.jsonl",
               n_ok + n_skip + n_dup, n_ok + n_skip + n_dup == 1 ? "" : "s", n_ok, n_skip, n_dup,
               n_dup == 1 ? "" : "s", a.out);
  if (n_ok == 0) return YL_EXIT_INPUT;
  if (a.strict && n_skip) return YL_EXIT_STRICT;
  return YL_EXIT_OK;
}
