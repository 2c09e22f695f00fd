/* Analyze: the whole pipeline from article files to the CSV tables of `yuliao analyze`
 * (ingest → normalise → segment → filter → count → statistics → CSV).
 *
 * Two passes. Pass 1 runs in 'threads' workers; each takes the next file index from
 * an atomic counter, reads and segments the file, filters the tokens and counts them
 * into its own vocabulary and per-group tables, and appends the document's kept token
 * ids (with sentence/paragraph start flags) to its own spill file. The per-worker
 * vocabularies and tables are then merged (by summing, groups by name). Pass 2 reads
 * the spill files back in document order, writes the document-level TF-IDF and keyword
 * rows as it goes and feeds the co-occurrence tables, so memory grows with the
 * vocabulary, not with the corpus. The group-level tables are written last.
 *
 * Every table is sorted by a total order on counts and term bytes, so the files are
 * byte-identical for any number of threads and any order of the input paths.
 *
 * The engine never prints or exits: errors are returned in a yl_error, progress and
 * per-file remarks go to the caller's callbacks. Tables and columns: docs/analyze.md. */
#ifndef YULIAO_ANALYZE_H
#define YULIAO_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/cooc.h"
#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/filter.h"
#include "yuliao/ingest.h"
#include "yuliao/segment.h"
#include "yuliao/stats.h"
#include "yuliao/status.h"
#include "yuliao/script.h"
#include "yuliao/tfidf.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a group is. */
typedef enum yl_analyze_group_by {
  YL_GROUP_OUTLET = 0, /**< the document's outlet id (default) */
  YL_GROUP_FOLDER,     /**< the name of the folder holding the file */
  YL_GROUP_NONE        /**< no groups: only the corpus (group ALL) */
} yl_analyze_group_by;

/** Parses "outlet", "folder", "none": YL_OK or YL_ERR_INVALID. */
YL_API yl_status yl_analyze_group_by_parse(const char *name, yl_analyze_group_by *out);
YL_API const char *yl_analyze_group_by_name(yl_analyze_group_by g);

/** Paragraph kinds counted, as bits (1u << yl_para_kind). */
#define YL_ANALYZE_KINDS_ALL ((1u << YL_PARA_BODY) | (1u << YL_PARA_CAPTION) | (1u << YL_PARA_TITLE))

/** Progress: 'done' of 'total' files read in pass 1 and the bytes of text segmented so
 * far. Called from the thread that called yl_analyze_run only. */
typedef void (*yl_analyze_progress_fn)(void *ctx, size_t done, size_t total, uint64_t bytes);
/** A remark about one input file (skipped, invalid UTF-8 …), called in document order
 * after pass 1 from the calling thread. */
typedef void (*yl_analyze_note_fn)(void *ctx, const char *path, const char *note);

/** One row of a concordance (kwic.csv's columns; yl_kwic_paths): the strings are valid
 * during the callback only; left, keyword and right are not NUL-terminated. */
typedef struct yl_kwic_row {
  uint64_t doc_id;
  const char *path, *group, *published, *title, *url; /**< published "" when undated */
  uint32_t paragraph;                                 /**< 1-based, title first */
  const char *left, *keyword, *right;
  size_t left_len, keyword_len, right_len;
} yl_kwic_row;

typedef void (*yl_kwic_fn)(void *ctx, const yl_kwic_row *row);

/** Everything the engine reads; the caller owns all of it and must keep it alive and
 * unchanged during yl_analyze_run (all of it is read-only and shared by the workers). */
typedef struct yl_analyze_opts {
  const yl_ingest *ingest;     /**< file reader and outlet table */
  const yl_ingest_list *files; /**< the files, as yl_ingest_walk lists them */
  const yl_dict *dict;         /**< segmentation dictionary (user words added) */
  const yl_filter *filter;     /**< token filter with its stop words */
  const char *out_dir;         /**< existing folder for the tables */
  unsigned csv_flags;          /**< yl_csv_flags of every table */
  unsigned threads;            /**< workers; 0 = the number of online CPUs */
  int no_hmm;                  /**< segment without the HMM */
  yl_analyze_group_by group_by;
  unsigned kinds;              /**< paragraph kinds counted (YL_ANALYZE_KINDS_ALL) */
  int outlet_stops;            /**< non-zero: an outlet's self-names are stop words in its
                                    documents (default on) */
  yl_tfidf_scheme scheme;
  const yl_idf *idf_table;     /**< external IDF (yl_idf_load), or NULL for the batch */
  yl_script *script;           /**< scans every counted paragraph (documents.csv's
                                    script and traditional_share) and, unless
                                    script_keep, converts those holding a
                                    Traditional-only character before segmentation (the
                                    text as written is untouched); NULL: neither */
  int script_keep;             /**< count the text as written even with a script */
  double near_duplicates;      /**< estimated similarity of the body text that makes a
                                    near-duplicate (yuliao/sketch.h; 0.7); 0: exact
                                    copies (same URL, same body text) only */
  size_t tfidf_doc_top;        /**< doc-level tfidf rows per document; 0 = all (10) */
  size_t keywords;             /**< keywords per document and group, the first of the
                                    unit's tfidf rows; 0 = all those rows (10) */
  size_t wide_top;             /**< rows of frequency_wide.csv (500) */
  yl_cooc_context context;
  unsigned window;             /**< ±k for YL_COOC_WINDOW (5) */
  size_t cooc_top;             /**< co-occurrence among the top N terms of ALL (200) */
  const char *const *focus;    /**< or: neighbours of these terms (n_focus > 0) */
  size_t n_focus;
  uint64_t cooc_min_count;     /**< minimum co-occurrence count of a row (2) */
  double alpha;                /**< keyness family-wise level (0.05) */
  uint64_t keyness_min_count;  /**< keyness tests terms with a + b ≥ this (5) */
  size_t keyness_top;          /**< keyness.csv: top N over- and under-used terms per group,
                                    plus every significant one; 0 = every tested term (100) */
  yl_g2_correction keyness_correction; /**< of keyness.csv's g2 (YL_G2_NONE) */
  size_t frequency_top;        /**< frequency.csv: top N terms per group and ALL; 0 = all (20000) */
  size_t tfidf_group_top;      /**< group-level tfidf rows per group; 0 = all (5000) */
  size_t sim_top;              /**< shared top-K terms in similarity.csv (50) */
  const char *const *kwic;     /**< kwic.csv: the occurrences of these terms (n_kwic > 0),
                                    matched as counted terms are */
  size_t n_kwic;
  unsigned kwic_width;         /**< characters of context on each side (30) */
  size_t kwic_max;             /**< kwic.csv rows per term and group; 0 = all (1000) */
  int period;                  /**< periods.csv and trends.csv by publication time: -1 none
                                    (default), 0 day, 1 ISO week, 2 month, 3 year */
  size_t trend_top;            /**< trends.csv: the top N terms of the corpus besides the
                                    KWIC and focus terms (100; 0 = every term) */
  int dtm;                     /**< dtm.csv and dtm_vocab.csv: every counted term of every
                                    counted document, for topic models */
  int collocations;            /**< collocations.csv: adjacent 2- and 3-term sequences
                                    with quanteda's λ and z (yuliao/colloc.h) */
  uint64_t colloc_min_count;   /**< a collocation is scored from this count on (2) */
  size_t colloc_top;           /**< collocations.csv: the N highest z of each size per
                                    group and ALL; 0 = all (1000) */
  const struct yl_aliases *aliases; /**< spellings counted as one term (yuliao's --aliases
                                    loader), or NULL */
  const struct yl_frames *frames; /**< frames.csv, frames_test.csv, frames_docs.csv: the
                                    documents each frame's coding rules find (from
                                    yuliao's --frames loader), or NULL */
  size_t network_top;          /**< network_*.csv: edges per group, the pairs of highest
                                    network_measure (60) */
  int network_measure;         /**< 0 jaccard (default), 1 log_dice, 2 npmi, 3 count */
  yl_kwic_fn kwic_fn;          /**< when set: no table is written; the corpus is read and
                                    kwic.csv's rows go to kwic_fn (out_dir only holds the
                                    unlinked spill files) */
  void *kwic_ctx;
  yl_analyze_progress_fn progress;
  yl_analyze_note_fn note;
  void *cb_ctx;
  const struct yl_shard_job *shard; /**< internal (yuliao count and merge): the run's
                                         documents from shards, or the run written as one
                                         (src/pipeline/shard.h); NULL for analyze */
} yl_analyze_opts;

/** Sets 'o' to the defaults given above (pointers NULL, callbacks NULL). */
YL_API void yl_analyze_opts_init(yl_analyze_opts *o);

/** One skip reason (yl_doc.skip_reason: without any file's details) and how many files had it. */
typedef struct yl_analyze_reason {
  char *reason;
  size_t n;
} yl_analyze_reason;

/** One group with its size. */
typedef struct yl_analyze_group {
  char *name;
  uint64_t docs, tokens, types;
} yl_analyze_group;

/** The tables analyze writes, in the order of yl_analyze_summary.rows. */
typedef enum yl_analyze_table {
  YL_TABLE_DOCUMENTS,
  YL_TABLE_FREQUENCY,
  YL_TABLE_FREQUENCY_WIDE,
  YL_TABLE_TFIDF,
  YL_TABLE_KEYWORDS,
  YL_TABLE_COOCCURRENCE,
  YL_TABLE_KEYNESS,
  YL_TABLE_SIMILARITY,
  YL_TABLE_KWIC, /**< written only with opts.kwic */
  YL_TABLE_PERIODS, /**< written only with opts.period */
  YL_TABLE_TRENDS,  /**< written only with opts.period */
  YL_TABLE_DTM,       /**< written only with opts.dtm */
  YL_TABLE_DTM_VOCAB, /**< written only with opts.dtm */
  YL_TABLE_FRAMES,      /**< written only with opts.frames */
  YL_TABLE_FRAMES_TEST, /**< written only with opts.frames */
  YL_TABLE_FRAMES_DOCS, /**< written only with opts.frames */
  YL_TABLE_COLLOCATIONS, /**< written only with opts.collocations */
  YL_TABLE_NETWORK_NODES, /**< each group's co-occurrence network: nodes (Gephi) */
  YL_TABLE_NETWORK_EDGES, /**< and its edges, once per group (docs/report.md) */
  YL_ANALYZE_NTABLES
} yl_analyze_table;

/** "documents.csv", … for a yl_analyze_table; NULL when out of range. */
YL_API const char *yl_analyze_table_name(yl_analyze_table t);

/** What makes table 't' shorter (the option to give), for the warning that a table is
 * longer than a spreadsheet shows; NULL when out of range. */
YL_API const char *yl_analyze_table_shorter(yl_analyze_table t);

/** Groups with fewer documents than this get a warning: their keyness says little (a
 * term one document repeats looks like the outlet's vocabulary). */
#define YL_KEYNESS_MIN_DOCS 5u

/** The most rows a spreadsheet shows: Excel and LibreOffice Calc stop at 1,048,576
 * rows, the header included. */
#define YL_SPREADSHEET_MAX_ROWS 1048576u

/** What a run did, for the manifest. Release with yl_analyze_summary_clear. */
typedef struct yl_analyze_summary {
  size_t files, analysed, skipped;
  size_t duplicates;          /**< same URL or body as an earlier file: listed, not counted */
  yl_analyze_reason *reasons; /**< skip reasons, sorted by reason bytes */
  size_t n_reasons;
  uint64_t bytes;             /**< bytes of normalised text segmented */
  uint64_t tokens_seen;       /**< tokens from the segmenter in counted paragraphs */
  uint64_t dropped[YL_FILTER_NREASONS]; /**< tokens by filter outcome (KEEP = counted) */
  uint64_t tokens;            /**< tokens counted (= dropped[YL_FILTER_KEEP]) */
  uint64_t types;             /**< distinct terms counted (vocabulary size) */
  yl_analyze_group *groups;   /**< sorted by name; ALL not included */
  size_t n_groups;
  unsigned threads;           /**< workers actually used */
  const char *keyness_note;   /**< why keyness.csv has no rows, or NULL (static) */
  size_t focus_missing;       /**< --focus terms not found in the corpus */
  size_t *focus_missing_at;   /**< their indices in opts->focus, ascending */
  char **focus_missing_terms; /**< and the terms themselves (focus_missing of each) */
  uint64_t rows[YL_ANALYZE_NTABLES]; /**< data rows written per table (header not counted) */
  uint64_t cut[YL_ANALYZE_NTABLES];  /**< cells cut to fit a spreadsheet, per table (csv.h) */
  unsigned char written[YL_ANALYZE_NTABLES]; /**< the tables this run wrote */
  uint64_t kwic_hits;         /**< counted occurrences of the KWIC terms (duplicates out) */
  uint64_t kwic_left_out;     /**< of them, not in kwic.csv (past --kwic-max) */
  double seconds[4];          /**< wall time of pass 1 (read, segment, count), merge,
                                   pass 2 (documents, doc-level TF-IDF, co-occurrence)
                                   and the group tables */
  int report_written;         /**< report.html was written (yl_analyze_paths; --no-report) */
  double report_seconds;      /**< the time it took */
  double peak_mb[4];          /**< the process's peak resident memory (MB) at the end of
                                   each of those phases (0 where the system cannot say) */
  int strict;                 /**< the run's --strict (yl_analyze_paths and friends; a
                                   merge's is the shards') */
} yl_analyze_summary;

YL_API void yl_analyze_summary_clear(yl_analyze_summary *s);

/** Runs the analysis and writes documents.csv, frequency.csv, frequency_wide.csv,
 * tfidf.csv, keywords.csv, cooccurrence.csv, keyness.csv and similarity.csv into
 * opts->out_dir (each atomically). Fills '*sum'. On failure returns the status with
 * 'err' (may be NULL) filled: the table or spill folder at fault, the errno of a
 * failed write and the reason; tables already committed stay, the others are not
 * written. YL_ERR_INVALID for missing options. */
YL_API yl_status yl_analyze_run(const yl_analyze_opts *opts, yl_analyze_summary *sum,
                                yl_error *err);

#ifdef __cplusplus
}
#endif
#endif
