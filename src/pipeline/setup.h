/* Setting a run up from a yl_config (internal): the output folder, the data folder,
 * the ingest tables, the dictionary, the filter, the IDF table and the input list,
 * with the data files read on the way (for the manifest's checksums).
 *
 * Every loader fills the yl_error itself (file, line, errno, message); the steps pass
 * it on, with one code per kind of failure: YL_ERR_NOMEM, YL_ERR_IO for the output
 * folder, YL_ERR_DICT for any data file (missing, unreadable, malformed), so a caller
 * can map the code to an exit status. */
#ifndef YL_PIPELINE_SETUP_H
#define YL_PIPELINE_SETUP_H

#include <limits.h>
#include <stddef.h>

#include "pipeline/config.h"
#include "yuliao/error.h"
#include "yuliao/filter.h"
#include "yuliao/ingest.h"
#include "yuliao/segment.h"
#include "yuliao/tfidf.h"

/* A data file a run read: its role ("outlet table"), the path the manifest shows
 * (relative to the data folder when 'in_dict') and the path to read. */
typedef struct yl_datafile {
  const char *role;
  char *path;
  char *full;
  int in_dict;
} yl_datafile;

typedef struct yl_setup {
  char dict_dir[PATH_MAX];
  yl_ingest *ing;
  yl_dict *dict;
  yl_filter *filter;
  yl_idf *idf; /* NULL: the batch IDF */
  struct yl_frames *frames; /* --frames, or NULL */
  struct yl_aliases *aliases; /* --aliases, or NULL */
  yl_script *script; /* NULL: --script keep */
  int script_fast;   /* t2s by yuliao's table of OpenCC's phrases (same result) */
  yl_ingest_list list;
  yl_datafile *files;
  size_t n_files;
} yl_setup;

/* A zeroed setup (= { 0 }) is empty; yl_setup_clear releases what the steps loaded. */
void yl_setup_clear(yl_setup *s);

/* The aliases of --aliases (after yl_setup_filter: they are keyed by it), their
 * spellings joined as dictionary words. */
yl_status yl_setup_aliases(yl_setup *s, const yl_config *cfg, yl_error *err);

/* The frame dictionary of --frames (after yl_setup_script: its terms are converted). */
yl_status yl_setup_frames(yl_setup *s, const yl_config *cfg, yl_error *err);

/* Finds the data folder (see yl_config_open_dict) into s->dict_dir. */
yl_status yl_setup_data_dir(yl_setup *s, const yl_config *cfg, yl_error *err);

/* The ingest tables of s->dict_dir (outlets.tsv, boilerplate.tsv, the extra outlet
 * table), the outlet source and the file size limit of 'cfg'. */
yl_status yl_setup_ingest(yl_setup *s, const yl_config *cfg, yl_error *err);

/* The dictionary of s->dict_dir (compiled or rebuilt, with a note). */
yl_status yl_setup_open_dict(yl_setup *s, const yl_config *cfg, yl_error *err);

/* Adds the outlets' self-names (needs yl_setup_ingest) and the user dictionaries
 * (rejected lines become notes) to s->dict. */
yl_status yl_setup_dict_words(yl_setup *s, const yl_config *cfg, yl_error *err);
/* How a command reads its input, in order: the data folder, the ingest, the
 * dictionary, the script converter (given to the ingest under --script simplified)
 * and the run's dictionary words. */
yl_status yl_setup_reading(yl_setup *s, const yl_config *cfg, yl_error *err);

/* The filter: minimum length, numbers, the data folder's stop words unless switched
 * off, the extra stop-word files. */
yl_status yl_setup_filter(yl_setup *s, const yl_config *cfg, yl_error *err);

/* The IDF table of 'cfg' (none, the shipped one, or a file). */
yl_status yl_setup_idf(yl_setup *s, const yl_config *cfg, yl_error *err);
/* Opens OpenCC's configuration for --script simplified (YL_ERR_DICT when it cannot). */
yl_status yl_setup_script(yl_setup *s, const yl_config *cfg, yl_error *err);

/* Lists the input files (needs yl_setup_ingest). */
yl_status yl_setup_walk(yl_setup *s, const char *const *paths, size_t n, yl_error *err);

#endif
