/* One error record for every library entry point that can fail for a reason the user
 * must be told: what went wrong (a status code), in which file and on which line, the
 * errno of the failed system call, and a sentence.
 *
 * The record has fixed-size buffers and is filled without allocating, so it can report
 * an allocation failure too. Text that does not fit is cut (at a UTF-8 boundary).
 *
 *   yl_error err;
 *   if (yl_analyze_paths(cfg, paths, n, "out", &sum, &err)) {
 *     char line[YL_ERROR_FORMAT_MAX];
 *     fprintf(stderr, "%s\n", yl_error_format(&err, line, sizeof line));
 *   }
 */
#ifndef YULIAO_ERROR_H
#define YULIAO_ERROR_H

#include <stddef.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define YL_ERROR_FILE_MAX 4096    /**< bytes of yl_error.file, NUL included */
#define YL_ERROR_MESSAGE_MAX 2048 /**< bytes of yl_error.message, NUL included */
/** Bytes that always hold yl_error_format's result. */
#define YL_ERROR_FORMAT_MAX (4 * (YL_ERROR_FILE_MAX + YL_ERROR_MESSAGE_MAX) + 32)

typedef struct yl_error {
  yl_status code;                     /**< YL_OK when nothing went wrong */
  int sys_errno;                      /**< errno of the failed system call, or 0 */
  size_t line;                        /**< 1-based line in 'file', or 0 */
  char file[YL_ERROR_FILE_MAX];       /**< the file at fault (raw bytes), or "" */
  char message[YL_ERROR_MESSAGE_MAX]; /**< what went wrong; names in it are escaped */
} yl_error;

/** Sets 'e' to "no error" (code YL_OK, empty texts). NULL is a no-op. */
YL_API void yl_error_clear(yl_error *e);

/** Writes the one-line form into 'buf' ('cap' bytes): "FILE:LINE: message",
 * "FILE: message" or "message", as the command prints it after "yuliao: ". An empty
 * message is replaced by yl_strerror(code). FILE is written in its escaped form
 * (yuliao/escape.h); in the message, control, bidi and invalid bytes are escaped the
 * same way (backslashes left alone: names in it are escaped already), so the result
 * is always one line. Returns 'buf'. */
YL_API const char *yl_error_format(const yl_error *e, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
