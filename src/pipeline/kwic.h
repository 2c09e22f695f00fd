/* KWIC (--kwic): every counted occurrence of chosen terms, with its context in the
 * text as written (internal).
 *
 * Pass 1 segments the counted form of a paragraph (converted to Simplified when it
 * holds Traditional characters); a hit is found there, by term id, and its place is
 * carried back to the paragraph as written: the same bytes when nothing was converted,
 * the same character index when the conversion kept the number of characters (OpenCC's
 * t2s nearly always does), the converted text itself otherwise. Each worker keeps its
 * hits with their context (a few hundred bytes each, so memory grows with the hits of
 * the chosen terms only); the table is written once duplicates are known, sorted, and
 * cut at --kwic-max rows per term and group. */
#ifndef YL_PIPELINE_KWIC_H
#define YL_PIPELINE_KWIC_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "yuliao/status.h"

typedef struct yl_kwic_hit {
  uint32_t doc, para, pos, term; /* document index, paragraph, byte of the keyword, term */
  uint32_t l_off, l_len, k_off, k_len, r_off, r_len; /* left, keyword, right in 'text' */
} yl_kwic_hit;

/* One worker's hits (zero-initialised is empty). */
typedef struct yl_kwic_buf {
  yl_kwic_hit *v;
  size_t n, cap;
  yl_buf text;
} yl_kwic_buf;

void yl_kwic_buf_free(yl_kwic_buf *b);

/* A paragraph as written ('orig') and as counted ('base', the text that was segmented
 * after any label was cut: it starts at 'base' + 'skip'). */
typedef struct yl_kwic_para {
  const char *orig;
  size_t orig_len;
  const char *base;
  size_t base_len, skip;
  int converted, by_chars; /* 'base' is a conversion; with as many characters as 'orig' */
  uint32_t doc, para;
} yl_kwic_para;

void yl_kwic_para_init(yl_kwic_para *p, const char *orig, size_t orig_len, const char *base,
                       size_t base_len, size_t skip, uint32_t doc, uint32_t para);

/* The hit of term 'term' at bytes [off, off + len) of the segmented text, with up to
 * 'width' characters of the paragraph on each side. */
yl_status yl_kwic_add(yl_kwic_buf *b, const yl_kwic_para *p, size_t off, size_t len,
                      uint32_t term, unsigned width);

#endif
