/* Token filter: decides, for each token the segmenter produced, whether it is counted
 * and under which key.
 *
 * Rules, checked in this order (docs/filter.md has the rationale):
 * 1. YL_FILTER_SPACE  — the token is empty or holds only white space (Z*, TAB, CR, LF).
 * 2. YL_FILTER_PUNCT  — no letter (L*) and no number (N*) in it: punctuation (P*),
 *                       symbols (S*, emoji), controls and other C*, lone marks, spaces.
 * 3. YL_FILTER_NUMBER — every character is a number (Nd, Nl, No), white space or one of
 *                       the signs . , % ‰ / : + - − and their full-width forms
 *                       (2025, 3.5, 50%, 1/20, 2025-01-28); skipped when keep_numbers.
 * 4. YL_FILTER_SHORT  — fewer code points than min_chars (2 by default, so a single Han
 *                       character or Latin letter is dropped; "R1" and "AI" are kept).
 * 5. YL_FILTER_STOP   — the key is in the filter's stop set or in the caller's extra set.
 * 6. YL_FILTER_KEEP   — counted under the key.
 * The key is the token with Unicode case folding (utf8proc), so DeepSeek, Deepseek and
 * DEEPSEEK count as "deepseek"; Han text is copied as it is. Tokens are expected to be
 * normalised already (yl_norm_text): full-width letters and digits are not folded here.
 * Invalid UTF-8 bytes count as symbols and become U+FFFD in a key.
 *
 * Threads: set a filter up (yl_filter_new, then add/load stop words) in one thread; from
 * then on it is read-only, and yl_filter_token may be called from any number of threads
 * at once. The same holds for a yl_filter_stops set. yl_filter_token never allocates. */
#ifndef YULIAO_FILTER_H
#define YULIAO_FILTER_H

#include <stddef.h>

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Why a token is or is not counted. */
typedef enum yl_filter_reason {
  YL_FILTER_KEEP = 0, /**< counted under its key */
  YL_FILTER_SPACE,    /**< empty or white space only */
  YL_FILTER_PUNCT,    /**< no letter and no number: punctuation, symbols, controls */
  YL_FILTER_NUMBER,   /**< a pure number (and keep_numbers is off) */
  YL_FILTER_SHORT,    /**< fewer code points than min_chars */
  YL_FILTER_STOP,     /**< a stop word (filter set or the caller's extra set) */
  YL_FILTER_LONG      /**< the key does not fit in the caller's buffer; not counted */
} yl_filter_reason;

/** Number of yl_filter_reason values (for tallies indexed by reason). */
#define YL_FILTER_NREASONS 7

/** Bytes of key buffer that always suffice for a token of 'len' bytes: case folding
 * grows UTF-8 by at most three times (checked over all of Unicode by the unit test),
 * plus the terminating NUL. */
#define YL_FILTER_KEY_CAP(len) (3 * (size_t)(len) + 1)

/** Filter settings. Initialise with yl_filter_config_init, then change fields. */
typedef struct yl_filter_config {
  size_t min_chars; /**< minimum token length in code points; 2 by default, 0 or 1 keep all */
  int keep_numbers; /**< non-zero: pure numbers are treated like words (still subject to
                         min_chars and stop words); 0 by default */
} yl_filter_config;

/** Sets 'cfg' to the defaults: min_chars 2, keep_numbers 0. */
YL_API void yl_filter_config_init(yl_filter_config *cfg);

/** ## Stop-word sets */

/** A set of stop words, stored by their key (normalised with yl_norm_text, then case
 * folded), so "ＡＩ", "Ai" and "AI" in a stop-word file are the same entry. Used for the
 * filter's own set and for small extra sets, such as an outlet's self-names. */
typedef struct yl_filter_stops yl_filter_stops;

/** Creates an empty set in '*out' (release with yl_filter_stops_free). Returns YL_OK or
 * YL_ERR_NOMEM. */
YL_API yl_status yl_filter_stops_new(yl_filter_stops **out);

/** Releases 's'; NULL is a no-op. */
YL_API void yl_filter_stops_free(yl_filter_stops *s);

/** Adds the word in 'len' bytes of 'word' (surrounding white space is ignored; an empty
 * word is ignored). Returns YL_OK, YL_ERR_UTF8 when 'word' is not valid UTF-8, or
 * YL_ERR_NOMEM. */
YL_API yl_status yl_filter_stops_add(yl_filter_stops *s, const char *word, size_t len);

/** Adds every item of 'list' ('len' bytes) separated by the byte 'sep', e.g. the
 * self-names "德国之声|DW|Deutsche Welle" of dict/outlets.tsv with sep '|'. Returns as
 * yl_filter_stops_add. */
YL_API yl_status yl_filter_stops_add_list(yl_filter_stops *s, const char *list,
                                          size_t len, char sep);

/** Adds the words of the file at 'path': one word a line; empty lines and lines whose
 * first non-blank character is '#' are skipped; a UTF-8 BOM and CRLF line ends are
 * accepted. Returns YL_OK, YL_ERR_IO when the file cannot be read (errno kept, and in
 * 'err'), YL_ERR_UTF8 when a line is not valid UTF-8 ('err' has its 1-based number;
 * words before it were added), or YL_ERR_NOMEM. 'err' (may be NULL) names 'path'. */
YL_API yl_status yl_filter_stops_load(yl_filter_stops *s, const char *path,
                                      yl_error *err);

/** Returns the number of distinct entries in 's'. */
YL_API size_t yl_filter_stops_count(const yl_filter_stops *s);

/** The key of entry 'i' (< yl_filter_stops_count; entries keep their order as more are
 * added), its length in '*len': for adding a variant of every word (converted to
 * Simplified, say). Valid while 's' lives. */
YL_API const char *yl_filter_stops_key(const yl_filter_stops *s, size_t i, size_t *len);

/** Returns 1 if the key 'key' ('len' bytes, already a filter key) is in 's', else 0. */
YL_API int yl_filter_stops_has(const yl_filter_stops *s, const char *key, size_t len);

/** ## The filter */

/** A filter: settings plus its own stop set. */
typedef struct yl_filter yl_filter;

/** Creates a filter with the settings in 'cfg' (NULL means defaults) and no stop words,
 * in '*out' (release with yl_filter_free). Returns YL_OK or YL_ERR_NOMEM. */
YL_API yl_status yl_filter_new(const yl_filter_config *cfg, yl_filter **out);

/** Releases 'f'; NULL is a no-op. */
YL_API void yl_filter_free(yl_filter *f);

/** Returns the filter's settings. */
YL_API const yl_filter_config *yl_filter_get_config(const yl_filter *f);

/** Returns the filter's own stop set, to add words to during set-up. The set belongs to
 * the filter. */
YL_API yl_filter_stops *yl_filter_stopset(yl_filter *f);

/** Loads every file whose name ends in ".txt" in the folder 'dir' into the filter's stop
 * set, in name order (e.g. <dict>/stopwords: zh.txt, en.txt). Stores the number of
 * files loaded in '*n_files' (may be NULL). Returns YL_OK, YL_ERR_NOTFOUND when 'dir'
 * cannot be opened ('err' names 'dir'), or an error of yl_filter_stops_load ('err'
 * names the file at fault and, for YL_ERR_UTF8, its line). 'err' may be NULL. */
YL_API yl_status yl_filter_load_stopword_dir(yl_filter *f, const char *dir,
                                             size_t *n_files, yl_error *err);

/** Decides about one token: 'len' bytes at 's' (normalised UTF-8). 'extra' is a second
 * stop set for this call's context (e.g. the document's outlet), or NULL.
 * The key is written to 'keybuf' ('cap' bytes, NUL-terminated) and its length to
 * '*keylen' when the result is YL_FILTER_KEEP, YL_FILTER_SHORT or YL_FILTER_STOP;
 * otherwise '*keylen' is 0. A buffer of YL_FILTER_KEY_CAP(len) bytes always suffices;
 * with a smaller one a key that does not fit gives YL_FILTER_LONG.
 * Read-only on 'f' and 'extra'; no allocation; thread safe.
 *
 *   char key[YL_FILTER_KEY_CAP(64)]; size_t n;
 *   if (len <= 64 && yl_filter_token(f, NULL, tok, len, key, sizeof key, &n) == YL_FILTER_KEEP) count(key, n);
 */
YL_API yl_filter_reason yl_filter_token(const yl_filter *f,
                                        const yl_filter_stops *extra, const char *s,
                                        size_t len, char *keybuf, size_t cap,
                                        size_t *keylen);

/** Returns the lower-case English name of 'r' ("keep", "space", "punct", "number",
 * "short", "stop", "long"), or "?" for a value out of range. */
YL_API const char *yl_filter_reason_name(yl_filter_reason r);

#ifdef __cplusplus
}
#endif
#endif
