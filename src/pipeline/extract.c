/* Extract: every input file → one row of documents.csv; every analysed one → one line
 * of texts.jsonl ({"doc_id", "path", "outlet", "paragraphs": [{"kind", "text"}]}). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/json.h"
#include "pipeline/docs.h"
#include "pipeline/setup.h"
#include "yuliao/csv.h"
#include "yuliao/dedupe.h"
#include "yuliao/doccsv.h"
#include "yuliao/extract.h"
#include "yuliao/outdir.h"
#include "yuliao/outfile.h"
#include "yuliao/script.h"

/* documents.csv: yl_doccsv's columns, then the script of the text (all its
 * paragraphs) as analyze gives it for the counted ones. */
static const char *const extra_cols[] = {"script", "traditional_share", NULL};

static yl_status doc_row(yl_csv *c, long id, const yl_doc *d, const yl_script *script) {
  yl_status st = yl_doccsv_cells(c, id, d, d->n_paras);
  size_t han = 0, trad = 0;
  for (size_t i = 0; script && i < d->n_paras; i++) {
    size_t h, t;
    yl_script_scan(script, d->paras[i].text, d->paras[i].len, &h, &t);
    han += h, trad += t;
  }
  int shown = script && d->status != YL_DOC_SKIPPED;
  if (!st) st = yl_csv_str(c, shown ? yl_script_class(han, trad) : "");
  if (!st) st = shown && han ? yl_csv_double(c, (double)trad / (double)han) : yl_csv_str(c, "");
  return st ? st : yl_csv_end_row(c);
}

static yl_status json_line(yl_buf *b, long id, const yl_doc *d) {
  yl_status st = yl_buf_printf(b, "{\"doc_id\":%ld,\"path\":", id);
  char *shown = st ? NULL : yl_escape_dup(d->path); /* as documents.csv shows it */
  if (!st) st = shown ? yl_json_str(b, shown, strlen(shown)) : YL_ERR_NOMEM;
  free(shown);
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

typedef struct tables {
  yl_csv *csv;
  yl_outfile *jf;
  int err; /* errno of the first failure */
} tables;

static yl_status open_tables(tables *t, const yl_config *cfg, const char *out_dir) {
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/documents.csv", out_dir);
  yl_status st = yl_csv_open(path, yl_config_csv_flags(cfg), &t->csv);
  const char *cols[YL_DOCCSV_NCOLS + sizeof extra_cols / sizeof *extra_cols];
  memcpy(cols, yl_doccsv_columns, YL_DOCCSV_NCOLS * sizeof *cols);
  memcpy(cols + YL_DOCCSV_NCOLS, extra_cols, sizeof extra_cols);
  if (!st) st = yl_csv_header(t->csv, cols);
  if (!st) {
    snprintf(path, sizeof path, "%s/texts.jsonl", out_dir);
    st = yl_outfile_open(path, &t->jf);
  }
  if (st) t->err = errno;
  return st;
}

/* Reads, checks for a duplicate, reports and writes the files in list order. On a
 * failure that is not a write, '*internal' is set. */
static yl_status extract_files(const yl_setup *s, const yl_config *cfg, tables *t,
                               yl_extract_summary *sum, int *internal) {
  yl_dedupe *dd = NULL;
  yl_buf line = YL_BUF_INIT;
  yl_status st = yl_dedupe_new(&dd);
  if (st) t->err = errno;
  const yl_ingest_list *list = &s->list;
  for (size_t i = 0; i < list->n && !st; i++) {
    yl_doc *d = NULL;
    if (cfg->progress) cfg->progress(cfg->progress_ctx, i + 1, list->n, 0);
    st = list->v[i].skip ? yl_ingest_skipped(list->v[i].path, list->v[i].skip, &d)
                         : yl_ingest_file(s->ing, list->v[i].path, &d);
    if (st) {
      *internal = 1;
      break;
    }
    long id = (long)i + 1;
    yl_doc_key k = yl_doc_key_of(d);
    st = yl_docs_mark_duplicate(dd, &k, i, list);
    if (st) {
      yl_doc_free(d);
      *internal = 1;
      break;
    }
    if (d->status == YL_DOC_DUPLICATE) {
      sum->duplicates++;
      yl_config_notify(cfg, d->path, 0, "%s", d->note);
    } else if (d->status == YL_DOC_SKIPPED) {
      sum->skipped++;
      yl_config_notify(cfg, d->path, 0, "%s", d->note);
    } else {
      sum->analysed++;
      if (d->n_invalid)
        yl_config_notify(cfg, d->path, 0, "%zu invalid UTF-8 sequence%s kept as U+FFFD",
                         d->n_invalid, d->n_invalid == 1 ? "" : "s");
      yl_buf_clear(&line);
      st = json_line(&line, id, d);
      if (!st) st = yl_outfile_write(t->jf, line.data, line.len);
    }
    if (!st) st = doc_row(t->csv, id, d, s->script);
    if (st) t->err = errno;
    yl_doc_free(d);
  }
  yl_buf_free(&line);
  yl_dedupe_free(dd);
  sum->files = sum->analysed + sum->skipped + sum->duplicates;
  return st;
}

yl_status yl_extract_paths(const yl_config *cfg, const char *const *paths, size_t n,
                           const char *out_dir, yl_extract_summary *sum, yl_error *err) {
  yl_error_clear(err);
  if (sum) memset(sum, 0, sizeof *sum);
  if (!cfg || !paths || !n || !out_dir || !sum)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "extract: no input paths or no output folder");
  yl_setup *s = calloc(1, sizeof *s);
  if (!s) return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  /* the tables go to a staging folder, the output folder's whole set replaced at the
   * end (yuliao/outdir.h) */
  yl_outdir *od = NULL;
  yl_status st = yl_outdir_open(out_dir, &od, err);
  if (!st) out_dir = yl_outdir_staging(od);
  if (!st) st = yl_setup_data_dir(s, cfg, err);
  if (!st) st = yl_setup_ingest(s, cfg, err);
  /* the script columns only: without OpenCC's t2s configuration they stay empty */
  if (!st) {
    yl_error e;
    yl_error_clear(&e);
    if (yl_script_open("t2s", &s->script, &e) == YL_ERR_NOMEM) st = yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  }
  if (!st && (st = yl_setup_walk(s, paths, n, err)))
    yl_error_set(err, st, NULL, 0, 0, "extract: %s", yl_strerror(st));
  if (st) {
    yl_setup_clear(s);
    free(s);
    yl_outdir_abort(od, err);
    return st;
  }
  tables t = {NULL, NULL, 0};
  int internal = 0;
  st = open_tables(&t, cfg, out_dir);
  if (!st) st = extract_files(s, cfg, &t, sum, &internal);
  if (!st) {
    /* both commits run; the first failure is reported */
    sum->cut = yl_csv_cut_cells(t.csv);
    yl_status s1 = yl_csv_commit(t.csv);
    int e1 = errno;
    yl_status s2 = yl_outfile_commit(t.jf);
    t.err = s1 ? e1 : errno;
    t.csv = NULL;
    t.jf = NULL;
    st = s1 ? s1 : s2;
  }
  if (st) {
    if (t.csv) yl_csv_abort(t.csv);
    if (t.jf) yl_outfile_abort(t.jf);
    if (internal) yl_error_set(err, st, NULL, 0, 0, "extract: %s", yl_strerror(st));
    else yl_error_cause(err, st, out_dir, 0, t.err, "cannot write tables");
  }
  yl_setup_clear(s);
  free(s);
  if (!st) st = yl_outdir_commit(od, err);
  else yl_outdir_abort(od, err);
  return st;
}
