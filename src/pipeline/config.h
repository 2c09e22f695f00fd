/* The fields of a yl_config (internal: setup, manifest and extract read them; only
 * config.c writes them, through its option table). */
#ifndef YL_PIPELINE_CONFIG_H
#define YL_PIPELINE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/config.h"

/* The value of --idf that names the IDF table shipped in the data folder. */
#define YL_CONFIG_IDF_SHIPPED "jieba"

/* Values of outlet-from. */
enum { YL_OUTLET_FROM_HOST = 0, YL_OUTLET_FROM_FOLDER };

typedef struct yl_strlist {
  char **v;
  size_t n;
} yl_strlist;

struct yl_config {
  /* whole numbers, whatever the width of the field they end up in */
  uint64_t jobs, min_length, tfidf_doc_top, keywords, wide_top, window, cooc_top,
      cooc_min_count, sim_top, max_file_size, frequency_top, tfidf_group_top, keyness_min_count,
      keyness_top, digits, kwic_width, kwic_max, trend_top, colloc_min_count, colloc_top;
  uint64_t network_top;                       /* --network-top */
  int network_measure, no_report;             /* --network-measure, --no-report */
  int group_by, scheme, context, outlet_from, script, keyness_correction, csv_dialect, period; /* enums */
  unsigned kinds;                             /* paragraph kinds counted (bits) */
  int no_default_stop, no_outlet_stop, keep_numbers, no_hmm, no_bom, raw_csv, strict, keyness_all, dtm,
      collocations;
  double alpha;
  double near_duplicates;    /* --near-duplicates (0.7) */
  int exact_duplicates_only; /* --exact-duplicates-only */
  char *idf, *outlets, *dict_dir, *opencc_config, *frames, *aliases, *newwords; /* NULL: not given */
  yl_strlist stopwords, user_dicts, focus, kwic, command;
  yl_config_progress_fn progress;
  void *progress_ctx;
  yl_config_note_fn note;
  void *note_ctx;
};

/* Hands the remark "FILE:LINE: text" ('file' may be NULL, 'line' 0) to the note
 * callback, if there is one. */
void yl_config_notify(const yl_config *cfg, const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The yl_csv_flags the tables are written with. */
unsigned yl_config_csv_flags(const yl_config *cfg);

/* The options of a run as a shard carries them (pipeline/shard.h): "name\0value\0" for
 * every analyze option but jobs, in the table's order, one pair per value of a
 * repeatable option, an unset path or list left out. */
struct yl_buf;
yl_status yl_config_settings(const yl_config *cfg, struct yl_buf *out);
/* Sets the options of such a list on 'cfg' (YL_ERR_PARSE when it is cut short). */
yl_status yl_config_apply(yl_config *cfg, const char *s, size_t len, yl_error *err);

#endif
