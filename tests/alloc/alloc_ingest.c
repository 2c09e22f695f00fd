/* Allocation failures while loading the ingest tables, reading files of each layout,
 * listing inputs, loading stop words and an IDF table (see test_alloc_fail.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "sweep.h"

/* ---- ingest ------------------------------------------------------------------------ */

/* Every field of 'd' as text. */
static char *doc_string(const yl_doc *d) {
  yl_buf b = YL_BUF_INIT;
  yl_buf_printf(&b, "%s|%d|%s|%s|%s|%s|%s|%s|%lld|%s|%lld|%s|%u|%s|%zu|%zu|%zu\n", d->path,
                (int)d->status, d->note, d->outlet, d->outlet_name, d->title ? d->title : "-",
                d->author ? d->author : "-", d->url ? d->url : "-", (long long)d->published_ms,
                d->published_from, (long long)d->archived_ms, d->layout, d->found,
                d->encoding ? d->encoding : "-", d->n_invalid, d->n_boiler, d->n_chars);
  for (size_t i = 0; i < d->n_paras; i++)
    yl_buf_printf(&b, "%d %zu %s\n", (int)d->paras[i].kind, d->paras[i].len, d->paras[i].text);
  return yl_buf_detach(&b, NULL);
}

typedef struct ingest_ctx {
  const yl_ingest *ing;
  const char *path;
  yl_doc *doc;
  char ref[REF_CAP];
} ingest_ctx;

static yl_status ingest_run(void *p) {
  ingest_ctx *c = p;
  c->doc = NULL;
  return yl_ingest_file(c->ing, c->path, &c->doc);
}

static int ingest_check(void *p, yl_status st, int ref) {
  ingest_ctx *c = p;
  int bad = 0;
  if (st == YL_OK) {
    char *s = c->doc ? doc_string(c->doc) : NULL;
    if (ref) bad = keep_ref(c->ref, s);
    else bad = !s || strcmp(s, c->ref) != 0;
    if (bad && s && !ref) { /* the first line that differs */
      size_t i = 0, b = 0;
      for (; s[i] && s[i] == c->ref[i]; i++)
        if (s[i] == '\n') b = i + 1;
      fprintf(stderr, "got  %.*s\nwant %.*s\n", (int)strcspn(s + b, "\n"), s + b,
              (int)strcspn(c->ref + b, "\n"), c->ref + b);
    }
    free(s);
  } else if (c->doc) {
    bad = 1; /* a doc with an error status */
  }
  yl_doc_free(c->doc);
  c->doc = NULL;
  return bad;
}

typedef struct ingest_new_ctx {
  yl_ingest_opts o;
  yl_ingest *ing;
  yl_error err;
  const char *probe_file;
  char ref[REF_CAP];
} ingest_new_ctx;

static yl_status ingest_new_run(void *p) {
  ingest_new_ctx *c = p;
  c->ing = NULL;
  yl_error_clear(&c->err);
  return yl_ingest_new(&c->o, &c->ing, &c->err);
}

/* The tables work: a file ingested with them gives the reference doc. */
static int ingest_new_check(void *p, yl_status st, int ref) {
  ingest_new_ctx *c = p;
  int bad = 0;
  if (st == YL_OK) {
    yl_doc *d = NULL;
    char *s = NULL;
    if (!c->ing || yl_ingest_file(c->ing, c->probe_file, &d) || !(s = doc_string(d))) bad = 1;
    else if (ref) bad = keep_ref(c->ref, s);
    else bad = strcmp(s, c->ref) != 0;
    free(s);
    yl_doc_free(d);
  } else {
    bad = c->ing != NULL || c->err.code != st;
  }
  yl_ingest_free(c->ing);
  c->ing = NULL;
  return bad;
}

typedef struct walk_ctx {
  const yl_ingest *ing;
  const char *paths[3];
  yl_ingest_list list;
  char ref[REF_CAP];
} walk_ctx;

static yl_status walk_run(void *p) {
  walk_ctx *c = p;
  memset(&c->list, 0, sizeof c->list);
  return yl_ingest_walk(c->ing, c->paths, 3, &c->list);
}

static int walk_check(void *p, yl_status st, int ref) {
  walk_ctx *c = p;
  int bad = 0;
  if (st == YL_OK) {
    yl_buf b = YL_BUF_INIT;
    for (size_t i = 0; i < c->list.n; i++)
      yl_buf_printf(&b, "%s %s\n", c->list.v[i].path, c->list.v[i].skip ? c->list.v[i].skip : "");
    char *s = yl_buf_detach(&b, NULL);
    if (ref) bad = keep_ref(c->ref, s);
    else bad = !s || strcmp(s, c->ref) != 0;
    free(s);
  } else {
    bad = c->list.n != 0 || c->list.v != NULL;
  }
  yl_ingest_list_clear(&c->list);
  return bad;
}

/* A GB18030 file ("中文新闻" twice, a blank line between), for the encoding path. */
static const char gb_text[] =
    "\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5\n\n\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5\n";

void alloc_test_ingest(yl_ingest **shared) {
  char extra[1200];
  snprintf(extra, sizeof extra, "%s/extra-outlets.tsv", tmp_dir);
  char probe_file[1200];
  snprintf(probe_file, sizeof probe_file, "%s/tests/fuzz/corpus/file/layout-a.md", src_dir);
  /* the extra outlet file has the shipped file's format */
  char shipped[1200];
  snprintf(shipped, sizeof shipped, "%s/outlets.tsv", dict_dir);
  size_t ol = 0;
  char *ot = slurp(shipped, &ol);
  if (!ot || put_file(extra, ot, ol)) {
    sweep_fail("cannot write %s", extra);
    free(ot);
    return;
  }
  free(ot);
  ingest_new_ctx nc = {.o = {dict_dir, extra, 0, 0}, .probe_file = probe_file};
  scenario s1 = {"ingest tables", NULL, ingest_new_run, ingest_new_check, &nc, 0};
  sweep(&s1);

  yl_ingest_opts io = {dict_dir, NULL, 0, 0};
  if (yl_ingest_new(&io, shared, NULL)) {
    sweep_fail("cannot load the ingest tables of %s", dict_dir);
    return;
  }
  char gb[1200];
  snprintf(gb, sizeof gb, "%s/gb18030.txt", tmp_dir);
  if (put_file(gb, gb_text, sizeof gb_text - 1)) sweep_fail("cannot write %s", gb);
  static const char *const files[] = {
      "tests/fuzz/corpus/file/layout-a.md", "tests/fuzz/corpus/file/layout-b.txt",
      "tests/fuzz/corpus/file/page.html", "examples/corpus/other/commentary-cost-myth.txt",
      "examples/corpus/other/bbc-deepseek-explainer.html",
      "examples/corpus/dw/2025-02-10_german-business.md",
      "examples/corpus/voa/2025-01-28_nvidia-selloff.txt", NULL};
  for (size_t i = 0; i <= sizeof files / sizeof *files - 1; i++) {
    char path[1200];
    if (files[i]) snprintf(path, sizeof path, "%s/%s", src_dir, files[i]);
    else snprintf(path, sizeof path, "%s", gb);
    char name[64];
    snprintf(name, sizeof name, "ingest %s", strrchr(path, '/') + 1);
    name[22] = '\0';
    ingest_ctx c = {.ing = *shared, .path = path};
    scenario s = {name, NULL, ingest_run, ingest_check, &c, 0};
    sweep(&s);
  }

  char corpus[1200], missing[1200];
  snprintf(corpus, sizeof corpus, "%s/examples/corpus", src_dir);
  snprintf(missing, sizeof missing, "%s/no-such-file.txt", tmp_dir);
  walk_ctx w = {.ing = *shared, .paths = {corpus, missing, probe_file}};
  scenario s2 = {"ingest walk", NULL, walk_run, walk_check, &w, 0};
  sweep(&s2);
}

/* ---- stop words and IDF tables ----------------------------------------------------- */

typedef struct filter_ctx {
  yl_filter *f;
  size_t files, ref_files, count, ref_count;
} filter_ctx;

static yl_status filter_run(void *p) {
  filter_ctx *c = p;
  char dir[1200];
  snprintf(dir, sizeof dir, "%s/stopwords", dict_dir);
  c->f = NULL;
  c->files = 0;
  yl_status st = yl_filter_new(NULL, &c->f);
  if (!st) st = yl_filter_load_stopword_dir(c->f, dir, &c->files, NULL);
  static const char names[] = "德国之声|DW|Deutsche Welle"; /* an outlet's self-names */
  if (!st) st = yl_filter_stops_add_list(yl_filter_stopset(c->f), names, strlen(names), '|');
  return st;
}

static int filter_check(void *p, yl_status st, int ref) {
  filter_ctx *c = p;
  int bad = 0;
  c->count = c->f ? yl_filter_stops_count(yl_filter_stopset(c->f)) : 0;
  if (ref) c->ref_count = c->count, c->ref_files = c->files;
  else if (st == YL_OK) bad = c->count != c->ref_count || c->files != c->ref_files;
  yl_filter_free(c->f);
  c->f = NULL;
  return bad;
}

typedef struct idf_ctx {
  char path[1200];
  yl_idf *idf;
  size_t size, ref_size;
  double median, ref_median;
} idf_ctx;

static yl_status idf_run(void *p) {
  idf_ctx *c = p;
  c->idf = NULL;
  return yl_idf_load(c->path, &c->idf, NULL);
}

static int idf_check(void *p, yl_status st, int ref) {
  idf_ctx *c = p;
  int bad = 0;
  if (st == YL_OK) {
    c->size = yl_idf_size(c->idf);
    c->median = yl_idf_median(c->idf);
    if (ref) c->ref_size = c->size, c->ref_median = c->median;
    else bad = c->size != c->ref_size || c->median != c->ref_median;
  } else {
    bad = c->idf != NULL;
  }
  yl_idf_free(c->idf);
  c->idf = NULL;
  return bad;
}

void alloc_test_filter_idf(void) {
  filter_ctx f = {0};
  scenario s1 = {"stop words", NULL, filter_run, filter_check, &f, 0};
  sweep(&s1);

  /* the first 300 lines of the shipped IDF table (the whole one has 350,000) */
  idf_ctx c = {0};
  snprintf(c.path, sizeof c.path, "%s/idf-head.txt", tmp_dir);
  char cmd[4000];
  snprintf(cmd, sizeof cmd, "head -n 300 '%s/jieba/idf.txt' > '%s'", dict_dir, c.path);
  if (system(cmd) != 0) {
    sweep_fail("cannot write %s", c.path);
    return;
  }
  scenario s2 = {"idf table", NULL, idf_run, idf_check, &c, 0};
  sweep(&s2);
}
