/* Pieces of the analyze engine exposed for unit tests (internal, not public API):
 * the spill record format (spill.c), sentence ends (terms.c) and the folder group
 * name (pass1.c). */
#ifndef YL_ANALYZE_INTERNAL_H
#define YL_ANALYZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "yuliao/status.h"

/* Appends one document's spill record to 'b': for each token the LEB128 varint of
 * (id << 3 | has_form << 2 | flags), flags being YL_COOC_SENT_START /
 * YL_COOC_PARA_START, followed by the varint of the surface form's id when it differs
 * from the id (forms[i] != ids[i]; 'forms' and 'flags' may be NULL). A flag byte with
 * more bits (--collocations, yuliao/colloc.h) or a lone PARA_START is written as
 * flags 2 in the varint and the whole byte after the form. The record has no header:
 * its length is kept in the document index. */
yl_status yl_analyze_spill_put(yl_buf *b, const uint32_t *ids, const uint32_t *forms,
                               const uint8_t *flags, size_t n);

/* Decodes a record of 'len' bytes into at most 'cap' ids, forms (= the id when none
 * was stored) and flags ('forms' and 'flags' may be NULL); '*n' gets the number of
 * tokens. YL_ERR_PARSE for a truncated or oversized varint, YL_ERR_LIMIT when more
 * than 'cap' tokens are present. */
yl_status yl_analyze_spill_get(const unsigned char *p, size_t len, uint32_t *ids,
                               uint32_t *forms, uint8_t *flags, size_t cap, size_t *n);

/* 1 when the token ('len' > 0 bytes) consists only of sentence-ending punctuation:
 * 。！？!?；;… (so "……" and "?!" end a sentence too), else 0. */
int yl_analyze_sentence_end(const char *s, size_t len);

/* The name of the folder holding 'path' (a pointer into 'path', length in '*len'),
 * or "." when the path has no folder part. */
const char *yl_analyze_folder_name(const char *path, size_t *len);

#endif
