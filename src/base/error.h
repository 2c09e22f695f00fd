/* Filling a yl_error (internal; the record itself is public: yuliao/error.h). */
#ifndef YL_BASE_ERROR_H
#define YL_BASE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#include "yuliao/error.h"

/* Fills 'e' (NULL is a no-op): 'code', 'file' (NULL for none), 'line' (0 for none),
 * 'sys_errno' (0 for none) and the message from 'fmt'. Never allocates. Returns
 * 'code', so that a caller can write  return yl_error_set(err, st, path, 0, 0, "…"); */
yl_status yl_error_set(yl_error *e, yl_status code, const char *file, size_t line,
                       int sys_errno, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The same with a va_list. */
yl_status yl_error_setv(yl_error *e, yl_status code, const char *file, size_t line,
                        int sys_errno, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

#endif
