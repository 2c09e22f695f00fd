/* Test helper shared by the statistics tests: a document given as space-separated
 * tokens, interned into a vocabulary and counted. Include after harness.h. */
#ifndef YL_TEST_COUNT_TEXT_H
#define YL_TEST_COUNT_TEXT_H

#include <stdint.h>

#include "yuliao/counts.h"
#include "yuliao/vocab.h"

/* Interns the space-separated tokens of 'text' and counts them into 'doc'. */
static void count_text(yl_vocab *v, yl_counts *doc, const char *text) {
  const char *p = text;
  while (*p) {
    while (*p == ' ') p++;
    const char *e = p;
    while (*e && *e != ' ') e++;
    if (e > p) {
      uint32_t id;
      if (yl_vocab_intern(v, p, (size_t)(e - p), &id) != YL_OK ||
          yl_counts_add(doc, id, 1) != YL_OK)
        YL_T_FAIL("count_text");
    }
    p = e;
  }
}

#endif
