/* Fuzz target: the segmenter on any bytes. Byte 0 picks HMM on/off (bit 0) and
 * whether a user word with a space and a deleted word are present (bit 1); the rest
 * is the text. Uses the "ties" test dictionary (tests/fixtures/seg/ties, found from
 * $YULIAO_DICT_DIR/../tests/...), built in memory once. Checks: the tokens cover
 * the input exactly, in order, with no empty token; no crash or sanitizer report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yuliao/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static yl_dict *dicts[2];
static yl_segmenter *segs[2];

static void setup(void) {
  const char *dd = getenv("YULIAO_DICT_DIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/../tests/fixtures/seg/ties", dd ? dd : "dict");
  for (int i = 0; i < 2; i++) {
    if (yl_dict_open(NULL, dir, &dicts[i], NULL, NULL) != YL_OK) abort();
    if (i == 1) {
      if (yl_dict_add_word(dicts[i], "a b", 3, -1, "x") != YL_OK) abort();
      if (yl_dict_add_word(dicts[i], "甲乙", strlen("甲乙"), 0, NULL) != YL_OK) abort();
      if (yl_dict_add_word(dicts[i], "风雨", strlen("风雨"), 0, NULL) != YL_OK) abort();
    }
    if (yl_segmenter_new(dicts[i], &segs[i]) != YL_OK) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dicts[0]) setup();
  if (size < 1) return 0;
  int flags = data[0] & 1 ? YL_SEG_NO_HMM : 0;
  int which = data[0] >> 1 & 1;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  const yl_token *t;
  size_t n;
  if (yl_segment(segs[which], text, len, flags, &t, &n) != YL_OK) abort();
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i].off != at || t[i].len == 0 || t[i].len > len - at) abort();
    at += t[i].len;
  }
  if (at != len) abort();
  return 0;
}
