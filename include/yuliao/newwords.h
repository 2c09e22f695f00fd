/* New-word discovery: the names and compounds a corpus repeats that the segmenter's
 * dictionary does not hold, so that jieba cuts them (深度求索 → 深度 求索), ranked, as
 * newwords.csv and as a jieba user dictionary newwords.txt that keeps them whole.
 *
 * A candidate is a string of 2 … 8 characters that the run's segmenter cuts into two or
 * more tokens wherever it meets it, with both ends on token boundaries, inside one
 * paragraph and one run of word tokens (Han words, Latin/digit runs, and '-' or '·'
 * between two of them): punctuation, spaces and paragraph ends are never crossed.
 *
 * Four passes, every one in 'jobs' workers, so memory stays bounded and every table is
 * the same bytes for any thread count and input order (docs/newwords.md):
 *
 *   1. read, convert and segment every file as analyze does; each paragraph's text and
 *      token lengths go to the worker's spill file; duplicates are then marked as
 *      analyze marks them.
 *   2. the spill files of the documents counted fill a count-min sketch (64-byte lines
 *      of 4-bit counters, a string's two counters in one line, conservative updates; at
 *      most 64 MB, shared: each line is written by one worker).
 *   3. only the occurrences whose estimate reaches min(--min-count, 15) are counted
 *      exactly (an estimate is never below the true count, and a string's count is
 *      never above that of its prefix, so the extensions of a start stop at the first
 *      prefix below the threshold); the single tokens are counted too; the filters and
 *      the cohesion follow.
 *   4. the best 20,000 candidates by count and cohesion are read once more for their
 *      neighbours, documents and group counts.
 *
 * Scores, the filters and the frequency rule of newwords.txt: docs/newwords.md. */
#ifndef YULIAO_NEWWORDS_H
#define YULIAO_NEWWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/config.h"
#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/segment.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest candidate, in characters. */
#define YL_NEWWORDS_MAX_CHARS 8

/** What yl_newwords_paths does besides the configuration's options. */
typedef struct yl_newwords_opts {
  size_t top;         /**< entries of newwords.txt (200); 0 = every ranked candidate */
  uint64_t min_count; /**< occurrences a candidate needs (5, at least 2) */
} yl_newwords_opts;

/** Sets 'o' to the defaults above. */
YL_API void yl_newwords_opts_init(yl_newwords_opts *o);

/** What a run did. Plain numbers: nothing to release. */
typedef struct yl_newwords_summary {
  size_t files, analysed, skipped, duplicates;
  uint64_t bytes;       /**< bytes of text read (counted paragraphs) */
  uint64_t tokens;      /**< word tokens of the documents counted (N of the PMI) */
  uint64_t occurrences; /**< candidate occurrences fed to the sketch */
  uint64_t sketch_bytes; /**< size of the sketch */
  uint64_t admitted;    /**< distinct strings counted exactly (pass 3) */
  uint64_t candidates;  /**< strings that passed the filters, at most 20,000 (pass 4) */
  uint64_t rows;        /**< rows of newwords.csv */
  uint64_t words;       /**< entries of newwords.txt */
  size_t groups;
  unsigned threads;
  double seconds[4];    /**< wall time of the read, the sketch, the exact counts, and
                             the neighbours with the tables */
} yl_newwords_summary;

/** `yuliao newwords PATH... -o out_dir`: the data folder, ingest tables, dictionary
 * (with user words), script conversion, groups and duplicates as yl_analyze_paths sets
 * them up from 'cfg', then the four passes; writes newwords.csv, newwords.txt and
 * manifest.json into 'out_dir' (created; its tables replaced as a set, yuliao/outdir.h).
 * Fills '*sum' (plain numbers, nothing to release). Errors as yl_analyze_paths:
 * YL_ERR_INVALID, YL_ERR_DICT (a data file, the function characters' file included),
 * YL_ERR_IO (the output folder or a spill file), YL_ERR_NOMEM, with 'err' (may be NULL)
 * filled. */
YL_API yl_status yl_newwords_paths(const yl_config *cfg, const char *const *paths, size_t n,
                                   const char *out_dir, const yl_newwords_opts *opts,
                                   yl_newwords_summary *sum, yl_error *err);

/** ## The measures (docs/newwords.md), for tests and other callers */

/** Pointwise mutual information of a string 'xy' split into 'x' and 'y', in nats:
 * ln(c(xy)·n / (c(x)·c(y))), where the c are occurrence counts and 'n' the number of
 * word tokens of the corpus (one probability space for strings of every length).
 * Returns -HUGE_VAL when a count is 0. */
YL_API double yl_newwords_pmi(uint64_t cxy, uint64_t cx, uint64_t cy, uint64_t n);

/** Entropy in nats of the neighbours seen on one side of a string's occurrences:
 * 'counts' how often each distinct character was seen ('k' of them), 'free' how many
 * occurrences had none (paragraph start or end), each counted as a neighbour of its
 * own. 0 when there is no occurrence. */
YL_API double yl_newwords_entropy(const uint64_t *counts, size_t k, uint64_t free);

/** The score of a candidate: ln(1 + count) · cohesion · min(left, right entropy),
 * 0 when the cohesion or the smaller entropy is not positive. */
YL_API double yl_newwords_score(uint64_t count, double cohesion, double left, double right);

/** The frequency newwords.txt gives 'word' ('len' bytes) for dictionary 'd': the
 * smallest that makes jieba's route keep it whole when it stands alone, jieba's
 * suggest_freq (⌊T·Π f_i/T⌋ + 1 over the parts f_i of its best route without it, T the
 * dictionary's total), raised to the largest part's frequency (docs/newwords.md).
 * YL_OK, YL_ERR_UTF8 or YL_ERR_NOMEM. */
YL_API yl_status yl_newwords_user_freq(const yl_dict *d, const char *word, size_t len,
                                       long long *freq);

/** Fragment suppression: 'terms' ('n' of them, 'lens' bytes each) in rank order, best
 * first; sets keep[i] to 0 when terms[i] is a substring of a better term that is kept,
 * else 1. YL_OK or YL_ERR_NOMEM. */
YL_API yl_status yl_newwords_suppress(const char *const *terms, const size_t *lens, size_t n,
                                      unsigned char *keep);

#ifdef __cplusplus
}
#endif
#endif
