/* Reading back a table this run wrote (internal): the report and the network files are
 * made from the committed CSV files themselves, so every number they show is the
 * number in the table they link to. Knows the writer's dialects (yuliao/csv.h): the
 * BOM, ',' or ';' between cells, quoted cells, the decimal comma and the apostrophe
 * put before formula-like text. */
#ifndef YL_REPORT_CSVREAD_H
#define YL_REPORT_CSVREAD_H

#include <stddef.h>

#include "yuliao/status.h"

typedef struct yl_csvr yl_csvr;

/* Opens the table 'path' (read in windows of 64 kB), written with the yl_csv_flags 'flags', and its header.
 * YL_ERR_IO with errno set (ENOENT when there is no such table), YL_ERR_NOMEM. */
yl_status yl_csvr_open(const char *path, unsigned flags, yl_csvr **out);
void yl_csvr_free(yl_csvr *r);

/* The index of column 'name' in the header, or -1. */
int yl_csvr_col(const yl_csvr *r, const char *name);
/* Header cells. */
size_t yl_csvr_ncols(const yl_csvr *r);
const char *yl_csvr_colname(const yl_csvr *r, size_t i);

/* Moves to the next record: 1, or 0 at the end (a cut last record ends it too);
 * -1 when out of memory. */
int yl_csvr_next(yl_csvr *r);

/* Cell 'col' of the current record as written (quotes undone), NUL-terminated and
 * valid until the next yl_csvr_next; "" for a missing column. 'len' may be NULL. */
const char *yl_csvr_cell(const yl_csvr *r, int col, size_t *len);
/* A text cell as it was before the writer's formula guard: the apostrophe it put
 * before '=', '+', '-', '@', TAB or CR dropped (unless the table is raw). */
const char *yl_csvr_text(const yl_csvr *r, int col, size_t *len);
/* A number cell read as a double (the decimal comma of excel-eu too; "Inf", "-Inf");
 * NaN when empty or not a number. */
double yl_csvr_num(const yl_csvr *r, int col);

#endif
