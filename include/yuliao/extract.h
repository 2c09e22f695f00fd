/* Extract: article files → documents.csv (one row per input file, analysed, skipped
 * with the reason, or a duplicate of an earlier file) and texts.jsonl (the clean
 * paragraphs of every analysed document), as `yuliao extract` writes them. Columns
 * and layouts: docs/extract.md. */
#ifndef YULIAO_EXTRACT_H
#define YULIAO_EXTRACT_H

#include <stddef.h>

#include "yuliao/export.h"
#include "yuliao/config.h"
#include "yuliao/error.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What an extract run did. */
typedef struct yl_extract_summary {
  size_t files;      /**< rows written */
  size_t analysed;   /**< files read as articles */
  size_t skipped;    /**< files not read, each with its reason */
  size_t duplicates; /**< same URL or body as an earlier file */
  uint64_t cut;      /**< cells of documents.csv cut to fit a spreadsheet (csv.h) */
} yl_extract_summary;

/** Creates 'out_dir' (and its parents), loads the data folder's outlet table and
 * boilerplate rules as 'cfg' says (outlets, outlet-from, max-file-size, dict-dir,
 * no-bom, raw-csv), lists the 'n' input 'paths' (files and folders) and writes
 * documents.csv and texts.jsonl (each atomically). Skipped files, duplicates and
 * invalid UTF-8 are reported through the note callback; the progress callback is
 * called before each file. Fills '*sum'. Errors, in 'err': YL_ERR_INVALID (bad
 * arguments), YL_ERR_DICT (a data file is missing or broken), YL_ERR_IO (the output
 * folder or a table cannot be written) or YL_ERR_NOMEM. */
YL_API yl_status yl_extract_paths(const yl_config *cfg, const char *const *paths, size_t n,
                           const char *out_dir, yl_extract_summary *sum, yl_error *err);

#ifdef __cplusplus
}
#endif
#endif
