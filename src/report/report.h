/* report.html (internal): one self-contained page that shows a run's tables as
 * figures — the corpus, keyness, top terms, networks, trends, frames, KWIC lines,
 * similarity and new-word candidates — made from the committed CSV files of the
 * output folder, so every number is the number of the table each section links to.
 * Inline CSS and SVG, a little inline script for sorting tables (every figure is there
 * without it), a Content-Security-Policy that forbids every request. Nothing in it
 * depends on the thread count or the time of the run. Docs: docs/report.md. */
#ifndef YL_REPORT_REPORT_H
#define YL_REPORT_REPORT_H

#include "yuliao/analyze.h"
#include "yuliao/config.h"
#include "yuliao/error.h"

/* Writes 'dir'/report.html (atomically) from the tables in 'dir', which were written
 * with 'cfg' (its CSV dialect, its terms and options) and summed up in 'sum'.
 * YL_ERR_IO with 'err' naming the file and errno, YL_ERR_NOMEM. */
yl_status yl_report_write(const char *dir, const yl_config *cfg, const yl_analyze_summary *sum,
                          yl_error *err);

#endif
