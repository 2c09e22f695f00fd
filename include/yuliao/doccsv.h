/* The columns of documents.csv that describe one input file: yuliao extract writes
 * exactly these, yuliao analyze begins its rows with them and adds its own after.
 * One writer for both, so that the two tables can never drift apart. */
#ifndef YULIAO_DOCCSV_H
#define YULIAO_DOCCSV_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/csv.h"
#include "yuliao/export.h"
#include "yuliao/ingest.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number of columns yl_doccsv_cells writes. */
#define YL_DOCCSV_NCOLS 16

/** Their names, in order, NULL-terminated: doc_id, path, outlet, outlet_name, title,
 * author, published, published_from, archived, url, layout, fields, paragraphs,
 * chars, status, note (docs/extract.md explains each). */
extern YL_API const char *const yl_doccsv_columns[YL_DOCCSV_NCOLS + 1];

/** Writes the YL_DOCCSV_NCOLS cells of document 'doc_id' into the current row of 'c'
 * without ending it. 'n_paras' is the paragraph count to show (the caller may have
 * released the paragraphs themselves). Times are ISO 8601 UTC; 'fields' lists the
 * metadata fields found, space-separated. A path that yl_escape_needed is written in
 * its escaped form (yuliao/escape.h) and the note cell says "file name escaped". */
YL_API yl_status yl_doccsv_cells(yl_csv *c, int64_t doc_id, const yl_doc *d,
                                 size_t n_paras);

#ifdef __cplusplus
}
#endif
#endif
