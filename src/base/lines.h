/* Line-based data files (internal): dict/outlets.tsv, dict/boilerplate.tsv, stop-word
 * lists. One reader and one line iterator, so that every such file accepts the same
 * things: a UTF-8 BOM, LF or CRLF line ends, a last line without an end. */
#ifndef YL_LINES_H
#define YL_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "yuliao/error.h"

#include <stdio.h>

/* fopen(path, "rb") for a regular file only: opened without blocking (a FIFO put
 * where a data file was expected would wait forever for a writer) and checked with
 * fstat after the open; anything else fails with errno EINVAL. */
FILE *yl_fopen_regular(const char *path);

/* FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the regular
 * file 'path' in '*hash' and its size in '*size': 0, or -1 when it cannot be read. */
int yl_file_fnv1a64(const char *path, uint64_t *hash, uint64_t *size);

/* Reads the whole file 'path' into 'out' (appended). Returns YL_OK, YL_ERR_IO with
 * errno kept, or YL_ERR_NOMEM. */
yl_status yl_read_file(const char *path, yl_buf *out);

typedef struct yl_lines {
  const char *text;
  size_t len, pos;
  size_t lineno; /* 1-based number of the line last returned */
} yl_lines;

/* Starts iterating 'len' bytes of 'text', skipping a leading UTF-8 BOM. */
void yl_lines_init(yl_lines *it, const char *text, size_t len);

/* Stores the next line (without LF or CRLF) in '*line'/'*len'; returns 0 when there
 * are no more lines. The line is not NUL-terminated. */
int yl_lines_next(yl_lines *it, const char **line, size_t *len);

/* A data-file line handler: 'line' is a NUL-terminated, writable copy (neither empty
 * nor starting with '#'), 'lineno' its 1-based number in the file called 'name'. It
 * reports a bad line with yl_line_error. */
typedef yl_status (*yl_line_fn)(void *obj, char *line, const char *name, size_t lineno,
                                yl_error *err);

/* Hands 'fn' each line of 'text' (as yl_lines_next gives them) that is not empty and
 * does not start with '#'; stops at the first status that is not YL_OK and returns it,
 * with 'err' (may be NULL; cleared first) filled: by 'fn', or else with the bare
 * status. */
yl_status yl_lines_load_text(const char *text, size_t len, const char *name, yl_error *err,
                             yl_line_fn fn, void *obj);

/* The same for the file 'path' (its name in messages). When the file cannot be read,
 * 'err' says "PATH: reason" (YL_ERR_IO, errno kept). */
yl_status yl_lines_load_file(const char *path, yl_error *err, yl_line_fn fn, void *obj);

/* 's' ('*n' bytes) without the spaces, tabs and CR around it. */
void yl_trim_blanks(const char **s, size_t *n);

/* A "KEY<TAB>REST" line: the key without blanks around it in '*key' / '*klen', and
 * REST (after the first tab), or NULL when the line has no tab. */
char *yl_line_split_tab(char *line, const char **key, size_t *klen);

/* Fills 'err' with "NAME:LINE: why"; returns YL_ERR_DICT. */
yl_status yl_line_error(yl_error *err, const char *name, size_t lineno, const char *why);

#endif
