/* Fuzz target: ingest of a whole file, as the command reads it. Byte 0 picks the
 * extension (.txt, .md, .html, .htm); the rest is the file. Checks: a doc comes back
 * for every input (analysed or skipped with a reason), its required strings are set,
 * paragraphs are non-empty strictly valid UTF-8, and the duplicate hashes can be taken. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "yuliao/dedupe.h"
#include "yuliao/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Strict UTF-8, as base/utf8.h decodes it. */
static int valid_utf8(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0, k; i < n; i += k)
    if (!(k = yl_utf8_len(p + i, n - i))) return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static yl_ingest *ing;
  if (!ing) {
    yl_ingest_opts o = {0};
    const char *dd = getenv("YULIAO_DICT_DIR");
    o.dict_dir = dd ? dd : "dict";
    if (yl_ingest_new(&o, &ing, NULL) != YL_OK) abort();
  }
  if (size < 1) return 0;
  static const char *const ext[] = {".txt", ".md", ".html", ".htm"};
  const char *tmp = getenv("YL_TMP");
  char path[4096];
  snprintf(path, sizeof path, "%s/fuzz-file-%ld%s", tmp && *tmp ? tmp : "/tmp",
           (long)getpid(), ext[data[0] & 3]);
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data + 1, 1, size - 1, f);
  fclose(f);
  yl_doc *d = NULL;
  yl_status st = yl_ingest_file(ing, path, &d);
  unlink(path);
  if (st == YL_ERR_NOMEM) return 0;
  if (st != YL_OK || !d || !d->path || !d->note || !d->outlet || !d->outlet_name || !d->layout)
    abort();
  if (d->status == YL_DOC_SKIPPED && !*d->note) abort();
  for (size_t i = 0; i < d->n_paras; i++) {
    const yl_para *p = &d->paras[i];
    if (!p->len || p->text[p->len] || !valid_utf8(p->text, p->len)) abort();
  }
  (void)yl_doc_body_hash(d);
  (void)yl_url_hash(d->url);
  yl_doc_free(d);
  return 0;
}
