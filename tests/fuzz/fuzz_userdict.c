/* Fuzz target: the user-dictionary parser. The input is written to a file and loaded
 * into the "ties" test dictionary (tests/fixtures/seg/ties); then the same bytes are
 * segmented with it. Opening the dictionary is slow next to one run, so it is reopened
 * only every 64 runs: words from earlier inputs may still be present, which only adds
 * states to explore. Checks: loading never fails except for memory, rejected lines
 * carry a reason, and tokens still cover the text exactly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yuliao/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_reject(void *ctx, size_t line, const char *reason) {
  (void)line;
  if (!reason || !*reason) abort();
  ++*(size_t *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *dd = getenv("YULIAO_DICT_DIR");
  const char *tmp = getenv("YL_TMP");
  char dir[4096], path[4096];
  snprintf(dir, sizeof dir, "%s/../tests/fixtures/seg/ties", dd ? dd : "dict");
  snprintf(path, sizeof path, "%s/fuzz-userdict-%ld.txt", tmp && *tmp ? tmp : "/tmp",
           (long)getpid());
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  static yl_dict *d;
  static unsigned uses;
  if (d && ++uses % 64 == 0) {
    yl_dict_free(d);
    d = NULL;
  }
  if (!d && yl_dict_open(NULL, dir, &d, NULL, NULL) != YL_OK) abort();
  size_t loaded = 0, rejected = 0;
  yl_error err;
  yl_status st = yl_dict_load_user(d, path, &loaded, on_reject, &rejected, &err);
  unlink(path);
  if (st != YL_OK && st != YL_ERR_NOMEM) abort();
  if (err.code != st) abort();
  yl_segmenter *s;
  if (yl_segmenter_new(d, &s) != YL_OK) abort();
  for (int hmm = 0; hmm < 2; hmm++) {
    const yl_token *t;
    size_t n, at = 0;
    if (yl_segment(s, (const char *)data, size, hmm ? 0 : YL_SEG_NO_HMM, &t, &n) != YL_OK)
      abort();
    for (size_t i = 0; i < n; i++) {
      if (t[i].off != at || t[i].len == 0) abort();
      at += t[i].len;
    }
    if (at != size) abort();
  }
  yl_segmenter_free(s);
  return 0;
}
