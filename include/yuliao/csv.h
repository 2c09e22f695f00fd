/* RFC 4180 CSV tables for spreadsheets, written atomically (see outfile.h).
 *
 * Records end with CRLF. A field holding a comma, a double quote, CR or LF, or
 * starting or ending with a space, is quoted, with inner quotes doubled. By default
 * the file starts with a UTF-8 BOM (Excel needs it to read Chinese) and text cells
 * that begin with '=', '+', '-', '@', TAB or CR get a leading apostrophe so that a
 * spreadsheet does not evaluate them as formulas. Numeric cells are never altered.
 *
 * The excel-eu dialect (YL_CSV_EXCEL_EU) is for spreadsheets whose locale writes a
 * decimal comma (German, French, Russian …), which read "0.5" as text: cells are
 * separated by ';', numbers use ',' as decimal mark, and a text cell holding ';' or ','
 * is quoted as well. */
#ifndef YULIAO_CSV_H
#define YULIAO_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for yl_csv_open, or-ed together. */
enum yl_csv_flags {
  YL_CSV_NO_BOM = 1u << 0, /**< do not write the UTF-8 BOM */
  YL_CSV_RAW = 1u << 1,    /**< do not neutralise formula-like text cells */
  YL_CSV_EXCEL_EU = 1u << 2 /**< ';' between cells, ',' as decimal mark */
};

/** The flag asking for 'n' (1 … 17) significant digits in number cells, as printf's
 * "%.ng" (so 1234 with 3 digits is 1.23e+03); 0, the default, is the fewest digits that
 * read back as exactly the value. Or it with the other flags. */
#define YL_CSV_DIGITS(n) ((((unsigned)(n)) & 31u) << 8)
/** The digits asked for in 'flags' (0 = shortest exact form). */
#define YL_CSV_DIGITS_OF(flags) (((flags) >> 8) & 31u)

/** A CSV table being written. Not thread safe. */
typedef struct yl_csv yl_csv;

/** Starts the table 'path' (atomically: nothing appears at 'path' before commit).
 * 'flags' is a set of yl_csv_flags. On success stores the writer in '*out'. */
YL_API yl_status yl_csv_open(const char *path, unsigned flags, yl_csv **out);

/** Writes a header row from a NULL-terminated array of column names. */
YL_API yl_status yl_csv_header(yl_csv *c, const char *const *names);

/** Adds a text cell ('len' bytes of UTF-8). */
YL_API yl_status yl_csv_text(yl_csv *c, const char *s, size_t len);
/** Adds a text cell from a NUL-terminated string (NULL writes an empty cell). */
YL_API yl_status yl_csv_str(yl_csv *c, const char *s);
/** Adds an integer cell. */
YL_API yl_status yl_csv_int(yl_csv *c, int64_t v);
/** Adds a number cell with '.' as decimal point (',' in excel-eu) and the fewest digits
 * (at most 17) that read back as exactly 'v', or the YL_CSV_DIGITS asked for. NaN gives
 * an empty cell, infinities "Inf"/"-Inf", zero "0". */
YL_API yl_status yl_csv_double(yl_csv *c, double v);
/** yl_csv_double for a value whose yl_format_double form the caller already holds in
 * 's' ('n' bytes, from a cache): written as is when the table uses the default number
 * form, formatted again otherwise. */
YL_API yl_status yl_csv_double_fmt(yl_csv *c, double v, const char *s, size_t n);
/** Adds a boolean cell written as "true" or "false". */
YL_API yl_status yl_csv_bool(yl_csv *c, int v);
/** Ends the current record. */
YL_API yl_status yl_csv_end_row(yl_csv *c);

/** errno of the first write failure on 'c', or 0 (it stays after later calls). */
YL_API int yl_csv_errno(const yl_csv *c);

/** Records ended so far, the header row included (appended records counted). */
YL_API uint64_t yl_csv_rows(const yl_csv *c);

/** Text cells cut so far because they were longer than a spreadsheet cell holds (32,767
 * characters, UTF-16 units): each keeps its first 32,000 units, cut at a character,
 * and ends with "…[cut by yuliao: N characters in all]". */
YL_API uint64_t yl_csv_cut_cells(const yl_csv *c);

/** Appends the whole file 'path', 'rows' complete records written by another yl_csv
 * (opened with YL_CSV_NO_BOM, no header), between records of 'c'. For tables written
 * in parts by several threads. YL_ERR_IO (errno set) when the file cannot be read. */
YL_API yl_status yl_csv_append_file(yl_csv *c, const char *path, uint64_t rows);

/** Finishes the file and renames it into place; frees 'c' whatever the outcome.
 * A write error anywhere (ENOSPC …) is reported here as YL_ERR_IO with errno set. */
YL_API yl_status yl_csv_commit(yl_csv *c);
/** Throws the table away (the target is left as it was) and frees 'c'. */
YL_API void yl_csv_abort(yl_csv *c);

/** Formats 'v' as yl_csv_double does with the default flags into 'out' (at least 32
 * bytes); returns the length. Useful for JSON and other outputs that must agree with the
 * CSV. */
YL_API size_t yl_format_double(double v, char *out);

/** Formats 'v' as yl_csv_double does in a table opened with 'flags' (dialect and
 * digits) into 'out' (at least 32 bytes); returns the length. */
YL_API size_t yl_format_double_flags(double v, unsigned flags, char *out);

#ifdef __cplusplus
}
#endif
#endif
