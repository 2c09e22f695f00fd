/* The configuration of a run of `yuliao analyze` or `yuliao extract`, and the
 * analyze run that starts from it.
 *
 * A yl_config holds every option of the two commands with its default. One table in
 * the library lists them (name, argument, default, help, parser): it is the only
 * place a default or the names of an option's values are written, the command's
 * --help is printed from it (yl_config_option_at), and yl_config_set parses a value
 * exactly as the command line does. A program that calls yl_analyze_paths with the
 * options it would give the command gets the command's tables, byte for byte.
 *
 *   yl_config *cfg;
 *   yl_error err;
 *   yl_config_new(&cfg);
 *   if (yl_config_set(cfg, "group-by", "none", &err) ||
 *       yl_config_add_user_dict(cfg, "my.dict") ||
 *       yl_analyze_paths(cfg, paths, n, "out", &sum, &err)) { … yl_error_format … }
 *   yl_analyze_summary_clear(&sum);
 *   yl_config_free(cfg);
 *
 * Threads: a yl_config is read-only during a run; a run never changes it. */
#ifndef YULIAO_CONFIG_H
#define YULIAO_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/analyze.h"
#include "yuliao/error.h"
#include "yuliao/segment.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_config yl_config;

/** Progress of a run: 'done' of 'total' files read, 'bytes' of text segmented so far
 * (0 for extract). Called from the thread that started the run. */
typedef void (*yl_config_progress_fn)(void *ctx, size_t done, size_t total, uint64_t bytes);

/** A remark for the user that does not stop the run: a file skipped or with invalid
 * UTF-8, a user-dictionary line rejected, a dictionary rebuilt from its text files.
 * 'note->code' is YL_OK; print it with yl_error_format. Called from the thread that
 * started the run, in input order. */
typedef void (*yl_config_note_fn)(void *ctx, const yl_error *note);

/** A new configuration with every option at its default, in '*out' (release with
 * yl_config_free). YL_OK or YL_ERR_NOMEM. */
YL_API yl_status yl_config_new(yl_config **out);
YL_API void yl_config_free(yl_config *cfg);

/** Sets the option 'name' (as on the command line, without "--": "min-length") from
 * the text 'value', parsed as the command parses it. A flag takes NULL, "true" or
 * "false". A repeatable option (user-dict, stopwords) adds one value per call; focus
 * takes a comma-separated list that replaces the previous one. Returns YL_OK,
 * YL_ERR_INVALID for an unknown option or a bad value (the message names the option:
 * "--window must be at least 1"), or YL_ERR_NOMEM; 'err' (may be NULL) says which. */
YL_API yl_status yl_config_set(yl_config *cfg, const char *name, const char *value, yl_error *err);

/** The current value of 'name' as text, in the form yl_config_set takes (lists are
 * joined with ','; flags are "true"/"false"; an unset path is ""). Returns YL_OK,
 * YL_ERR_INVALID for an unknown option, or YL_ERR_LIMIT when 'cap' bytes are too few
 * (the text is cut). */
YL_API yl_status yl_config_get(const yl_config *cfg, const char *name, char *buf, size_t cap);

/** Typed setters for C callers (each the same as yl_config_set of its option). */
YL_API yl_status yl_config_add_user_dict(yl_config *cfg, const char *path);  /**< user-dict */
YL_API yl_status yl_config_add_stopwords(yl_config *cfg, const char *path);  /**< stopwords */
YL_API yl_status yl_config_add_focus(yl_config *cfg, const char *term);      /**< one focus term */
YL_API yl_status yl_config_add_kwic(yl_config *cfg, const char *term);       /**< one KWIC term */
YL_API yl_status yl_config_set_dict_dir(yl_config *cfg, const char *dir);    /**< dict-dir */
YL_API yl_status yl_config_set_threads(yl_config *cfg, unsigned n);          /**< jobs; 0 = all CPUs */
YL_API void yl_config_set_progress(yl_config *cfg, yl_config_progress_fn fn, void *ctx);
YL_API void yl_config_set_note(yl_config *cfg, yl_config_note_fn fn, void *ctx);
/** The command line recorded in manifest.json ("command"); empty unless set. */
YL_API yl_status yl_config_set_command(yl_config *cfg, size_t argc, const char *const *argv);

/** ## The option table */

/** Which commands use an option (yl_config_option.commands). */
enum { YL_CONFIG_ANALYZE = 1u << 0, YL_CONFIG_EXTRACT = 1u << 1 };

/** One option as --help shows it. */
typedef struct yl_config_option {
  const char *name;   /**< "min-length" */
  char arg[64];       /**< argument name ("N", "outlet|folder|none"); "" for a flag */
  const char *def;    /**< the default as text ("2", "outlet", "false"); "" when none */
  char help[256];     /**< one line, the default and the value names filled in */
  unsigned commands;  /**< YL_CONFIG_ANALYZE, YL_CONFIG_EXTRACT bits */
  int repeatable;     /**< 1: every use adds a value */
} yl_config_option;

/** Number of options in the table. */
YL_API size_t yl_config_option_count(void);

/** Fills '*out' with option 'i' (0 … count − 1, in --help order): YL_OK, or
 * YL_ERR_NOTFOUND when 'i' is out of range. */
YL_API yl_status yl_config_option_at(size_t i, yl_config_option *out);

/** ## Runs */

/** Finds the data folder (dict-dir, else $YULIAO_DICT_DIR, else the installed share
 * folder, else <program>/../share/yuliao, else the source tree's dict/ when the
 * program runs from its build folder) and opens its segmentation dictionary (the
 * compiled jieba.ydict, or built from jieba/dict.txt and hmm.tsv when that is missing
 * or stale: a note says so). Release '*out' with yl_dict_free. Errors: YL_ERR_DICT
 * (the folder or the dictionary is missing or broken) or YL_ERR_NOMEM, with 'err'. */
YL_API yl_status yl_config_open_dict(const yl_config *cfg, yl_dict **out, yl_error *err);

/** `yuliao analyze PATH... -o out_dir`: creates 'out_dir' (and its parents), loads
 * the data folder's outlet table, boilerplate rules, dictionary (with the outlets'
 * own names and the user dictionaries), stop words and IDF table as 'cfg' says,
 * lists the 'n' input 'paths' (files and folders), runs yl_analyze_run and writes
 * manifest.json (every option, data-file checksums, counts). Fills '*sum' (release
 * with yl_analyze_summary_clear, also after a failure). Errors, in 'err':
 * YL_ERR_INVALID (bad arguments), YL_ERR_DICT (a data file is missing or broken),
 * YL_ERR_IO (the output folder or a table cannot be written), YL_ERR_NOMEM, or
 * another status of yl_analyze_run (an internal failure). */
YL_API yl_status yl_analyze_paths(const yl_config *cfg, const char *const *paths, size_t n,
                           const char *out_dir, yl_analyze_summary *sum, yl_error *err);

/** `yuliao count PATH... -o SHARD`: analyze's reading of 'paths' (ingest, script,
 * segmentation, filter) with the options of 'cfg', written to the one file 'shard'
 * (atomically; its spill files go to the shard's folder, unlinked) for
 * yl_merge_shards. 'sum' gets the files, analysed, skipped and tokens (no duplicates:
 * a merge decides them over every shard). Errors as yl_analyze_paths. */
YL_API yl_status yl_count_paths(const yl_config *cfg, const char *const *paths, size_t n,
                                const char *shard, yl_analyze_summary *sum, yl_error *err);

/** `yuliao merge SHARD... -o DIR` (or `--shard-out FILE`): the tables of one analyze
 * of all the shards' files, byte for byte but for manifest.json, into 'out_dir'; or,
 * with 'shard_out' instead (exactly one of the two is non-NULL), the shards as one
 * shard, so that merges form a tree. The options are the shards' (they must all have
 * the same, with the same yuliao version and data files as this machine's); of 'cfg'
 * only the jobs, the callbacks and the command line are used. YL_ERR_DICT for a shard
 * that cannot be read (missing, not a shard, truncated, corrupt), YL_ERR_INVALID for
 * shards that do not go together (a file in two shards, other options, version or
 * data files); the others as yl_analyze_paths. */
YL_API yl_status yl_merge_shards(const yl_config *cfg, const char *const *shards, size_t n,
                                 const char *out_dir, const char *shard_out,
                                 yl_analyze_summary *sum, yl_error *err);

/** The files analyze reads for 'paths' (its walk: sorted, each once, skipped ones
 * included), one call of fn per file: what a driver cuts into shards. */
YL_API yl_status yl_list_paths(const yl_config *cfg, const char *const *paths, size_t n,
                               void (*fn)(void *ctx, const char *path), void *ctx,
                               yl_error *err);

/** The concordance of 'terms' in the corpus 'paths', as `analyze --kwic` would write
 * kwic.csv with the options of 'cfg' (yl_config_add_kwic's terms are replaced by
 * these), each row to 'fn' in kwic.csv's order; no table is written (spill files go,
 * unlinked, to $TMPDIR or /tmp). Fills '*sum' (files, duplicates, kwic_hits and
 * kwic_left_out). Errors as yl_analyze_paths. */
YL_API yl_status yl_kwic_paths(const yl_config *cfg, const char *const *paths, size_t n,
                               const char *const *terms, size_t nterms, yl_kwic_fn fn,
                               void *ctx, yl_analyze_summary *sum, yl_error *err);

#ifdef __cplusplus
}
#endif
#endif
