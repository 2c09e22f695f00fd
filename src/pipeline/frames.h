/* Frame dictionaries (--frames FILE): coding rules in the manner of KH Coder's, read
 * once and applied to each counted document's terms (internal).
 *
 * One rule a line, FRAME<TAB>EXPRESSION; an expression is alternatives joined by '|',
 * each one or more terms joined by '&' that must all be in the document, a term
 * written !term must be absent; the lines of one frame are alternatives too; '#'
 * starts a comment line; near(a, b, k) holds when a and b occur at most k counted
 * tokens apart. A document is coded with a frame when one alternative holds; its
 * matches are the occurrences of the frame's terms (those not written with '!'). */
#ifndef YL_PIPELINE_FRAMES_H
#define YL_PIPELINE_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/error.h"
#include "yuliao/script.h"
#include "yuliao/status.h"

typedef struct yl_frames yl_frames;

/* Reads 'path'; each term converted by 'conv' when it is not NULL (the counted text is
 * Simplified under --script simplified). A malformed line is YL_ERR_DICT with
 * "FILE:LINE: why" in 'err'. */
yl_status yl_frames_load(const char *path, yl_script *conv, yl_frames **out, yl_error *err);
void yl_frames_free(yl_frames *f);

size_t yl_frames_count(const yl_frames *f);
const char *yl_frames_name(const yl_frames *f, size_t i);
/* The distinct terms of all the rules, in order of first appearance. */
size_t yl_frames_nterms(const yl_frames *f);
const char *yl_frames_term(const yl_frames *f, size_t t);

/* The near(a, b, k) tests of the rules: test i holds in a document when an occurrence
 * of term a and one of term b are at most k counted tokens apart (stop words and
 * punctuation are not counted, so not in the distance). */
size_t yl_frames_nnear(const yl_frames *f);
void yl_frames_near(const yl_frames *f, size_t i, size_t *a, size_t *b, unsigned *k);

/* Whether frame terms a and b occur at most k apart among a document's 'n' counted
 * tokens 'tok' (term ids; term_of[id] is the frame term + 1, or 0). */
int yl_frames_near_in(const uint32_t *tok, size_t n, const uint32_t *term_of, size_t a, size_t b,
                      unsigned k);

/* One document: count[t] is how often term t occurs in it, near[i] whether near test i
 * holds. For every frame, matches[i] gets its matches and coded[i] 1 when the document
 * is coded with it. */
void yl_frames_code(const yl_frames *f, const uint64_t *count, const unsigned char *near,
                    uint64_t *matches, unsigned char *coded);

#endif
