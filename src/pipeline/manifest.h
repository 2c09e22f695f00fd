/* manifest.json of an analyze run (internal): the tool and version, the command line,
 * timings, every option value of the configuration, the data files with their
 * checksums and the run's counts. */
#ifndef YL_PIPELINE_MANIFEST_H
#define YL_PIPELINE_MANIFEST_H

#include <stddef.h>

#include "pipeline/config.h"
#include "pipeline/setup.h"
#include "yuliao/analyze.h"
#include "yuliao/error.h"

/* Writes 'out_dir'/manifest.json atomically. 'paths' are the inputs as given;
 * 'elapsed' the run's wall time in seconds. YL_ERR_IO or YL_ERR_NOMEM with 'err'. */
yl_status yl_manifest_write(const yl_config *cfg, const yl_setup *s, const char *const *paths,
                            size_t n, const char *out_dir, const yl_analyze_summary *sum,
                            double elapsed, yl_error *err);

/* The same for another command ('tool', "yuliao newwords"), which fills the parts of
 * 'sum' it has (files, text bytes, tokens, threads, seconds; no tables listed);
 * 'extra' (NULL: none) is put in as it is after "script": members of the top object,
 * each line ending in ",\n". */
yl_status yl_manifest_write_tool(const char *tool, const char *extra, const yl_config *cfg,
                                 const yl_setup *s,
                                 const char *const *paths, size_t n, const char *out_dir,
                                 const yl_analyze_summary *sum, double elapsed, yl_error *err);

#endif
