/* Chinese word segmentation with output identical to jieba 0.42.1 (jieba.cut with
 * HMM on or off), from a read-only dictionary shared between threads.
 *
 * A yl_dict holds the prefix dictionary (a double-array trie over dense character
 * codes, mmap'd from a compiled file "jieba.ydict" or built in memory from the text
 * files of dict/jieba/), the BMES HMM of jieba's finalseg, and any user words.
 * Once no more words are added, a yl_dict is immutable and may be shared by any
 * number of threads, each with its own cheap yl_segmenter.
 *
 * Ownership: yl_dict_open/yl_dict_build return a dictionary released with
 * yl_dict_free; yl_segmenter_new returns a segmenter released with
 * yl_segmenter_free, which must happen before its dictionary is freed. Token
 * arrays belong to the segmenter and stay valid until its next call.
 *
 * Formats and rules are documented in docs/segment.md. */
#ifndef YULIAO_SEGMENT_H
#define YULIAO_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_dict yl_dict;
typedef struct yl_segmenter yl_segmenter;

/** What a token is. */
typedef enum yl_tok_kind {
  YL_TOK_WORD = 0, /**< a dictionary word (frequency > 0), user words included */
  YL_TOK_HMM,      /**< a Han word found by the HMM, not in the dictionary */
  YL_TOK_SPACE,    /**< one white-space character, or CR LF */
  YL_TOK_OTHER     /**< anything else: punctuation, an unknown single character, a
                        Latin/digit run, an emoji, one invalid UTF-8 byte */
} yl_tok_kind;

/** One token: a span of the input (no copy). */
typedef struct yl_token {
  size_t off;      /**< byte offset in the input */
  size_t len;      /**< byte length */
  yl_tok_kind kind;
  const char *tag; /**< dictionary tag ("n", "v", …) for YL_TOK_WORD, else NULL;
                        owned by the dictionary */
} yl_token;

/** Where yl_dict_open found its data (for messages). */
typedef enum yl_dict_source {
  YL_DICT_COMPILED = 0, /**< the compiled file was valid and mmap'd */
  YL_DICT_REBUILT       /**< compiled file missing, corrupt or stale: built from text */
} yl_dict_source;

/** Opens the dictionary. 'ydict_path' names a compiled file (may be NULL);
 * 'text_dir' names a folder holding dict.txt and hmm.tsv (may be NULL when
 * 'ydict_path' is given). The compiled file is used when its magic, version,
 * exact size and header checksum are right and, when 'text_dir' is given, when its
 * recorded source checksum matches those text files; otherwise the dictionary is
 * built from the text files in memory. '*source' (may be NULL) says which happened.
 * Returns YL_OK, YL_ERR_DICT (nothing usable) or YL_ERR_NOMEM, with 'err' (may be
 * NULL) filled on failure: the compiled file and the errno of a failed read when no
 * 'text_dir' was given, else a message naming 'text_dir'. When the dictionary was
 * rebuilt, 'err' still says why the compiled file was not used, as a note: code
 * YL_OK, 'file' the compiled file, 'message' the reason. */
YL_API yl_status yl_dict_open(const char *ydict_path, const char *text_dir,
                              yl_dict **out, yl_dict_source *source, yl_error *err);

/** Fully checks the compiled file 'ydict_path' (payload checksum and every trie
 * slot; yl_dict_open checks only the header, the small tables and the exact size,
 * to load in a few milliseconds). Returns YL_OK, YL_ERR_DICT (corrupt: 'err' says
 * what), YL_ERR_NOTFOUND or YL_ERR_IO (with the errno); 'err' may be NULL. */
YL_API yl_status yl_dict_verify(const char *ydict_path, yl_error *err);

/** Compiles 'text_dir'/dict.txt and hmm.tsv into the file 'out_path' (written
 * atomically). Returns YL_OK, YL_ERR_IO (a source cannot be read or the output
 * cannot be written), YL_ERR_PARSE (a malformed line), YL_ERR_LIMIT or YL_ERR_NOMEM,
 * with 'err' (may be NULL) naming the file, the line and the errno. */
YL_API yl_status yl_dict_compile(const char *text_dir, const char *out_path,
                                 yl_error *err);

/** Adds a user word as jieba's add_word does: 'freq' < 0 means "compute the
 * frequency that makes the word win" (jieba's suggest_freq); 'freq' == 0 deletes
 * the word (it is no longer a dictionary word and the HMM never outputs it);
 * 'tag' may be NULL. 'word' is UTF-8 of 'len' bytes and may contain spaces or
 * punctuation (such words are matched across jieba's pre-split, see
 * docs/segment.md). Not thread safe: call before sharing the dictionary.
 * Returns YL_OK, YL_ERR_UTF8 (invalid or empty word) or YL_ERR_NOMEM. */
YL_API yl_status yl_dict_add_word(yl_dict *d, const char *word, size_t len,
                                  long long freq, const char *tag);

/** Called by yl_dict_load_user for each rejected line: a remark, not an error. */
typedef void (*yl_dict_reject_fn)(void *ctx, size_t line, const char *reason);

/** Loads a user dictionary file in jieba's format ("word [freq] [tag]" per line;
 * a UTF-8 BOM, CRLF, blank lines and lines starting with '#' are accepted;
 * "word 0" deletes a word). Stores the number of entries loaded in '*loaded' and
 * calls 'reject' (may be NULL) for each refused line. Returns YL_OK (even with
 * rejected lines), YL_ERR_IO or YL_ERR_NOMEM, with 'err' (may be NULL)
 * naming 'path' and giving the errno and the reason. */
YL_API yl_status yl_dict_load_user(yl_dict *d, const char *path, size_t *loaded,
                                   yl_dict_reject_fn reject, void *ctx, yl_error *err);

/** Rewrites a user word before it is added (analyze converts Traditional words to
 * Simplified, as it converts the text): stores a new malloc'd word in '*out' and its
 * length in '*out_len', or leaves '*out' NULL to keep the word as written. Returns
 * YL_OK, or an error that ends the load (returned by the loader). */
typedef yl_status (*yl_dict_word_fn)(void *ctx, const char *word, size_t len, char **out,
                                     size_t *out_len);

/** yl_dict_load_user with each word passed through 'map' (NULL: none) first. */
YL_API yl_status yl_dict_load_user_mapped(yl_dict *d, const char *path, yl_dict_word_fn map,
                                          void *map_ctx, size_t *loaded,
                                          yl_dict_reject_fn reject, void *ctx, yl_error *err);

/** Frequency of 'word' in the dictionary (0 when absent or deleted). */
YL_API long long yl_dict_freq(const yl_dict *d, const char *word, size_t len);

/** Sum of all frequencies (jieba's total). */
YL_API long long yl_dict_total(const yl_dict *d);

YL_API void yl_dict_free(yl_dict *d);

/** Creates a segmenter over 'd' (which must outlive it). */
YL_API yl_status yl_segmenter_new(const yl_dict *d, yl_segmenter **out);
YL_API void yl_segmenter_free(yl_segmenter *s);

/** Options of yl_segment. */
enum { YL_SEG_NO_HMM = 1 /**< jieba.cut(text, HMM=False) */ };

/** Segments 'len' bytes of 'text' (any bytes: each byte of an invalid UTF-8
 * sequence is one YL_TOK_OTHER token, as Python decoding with surrogateescape
 * would give) into tokens that cover the input in order. '*toks' and '*n' receive
 * the segmenter's token array. Returns YL_OK or YL_ERR_NOMEM (YL_ERR_LIMIT above
 * 4 GiB). */
YL_API yl_status yl_segment(yl_segmenter *s, const char *text, size_t len, int flags,
                            const yl_token **toks, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
