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

/* As yl_error_set, but only when 'e' holds no error yet (its code is YL_OK): the first
 * failure is the one reported, not the clean-up failures it caused. Returns 'code'. */
yl_status yl_error_first(yl_error *e, yl_status code, const char *file, size_t line,
                         int sys_errno, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Copies 'src' into 'dst' when 'dst' (may be NULL) holds no error yet and 'src' holds
 * one: a task's record into its caller's, the first failure winning. */
void yl_error_merge(yl_error *dst, const yl_error *src);

/* The one place where a bare status and an errno (a failed system call, a yl_csv's or
 * a yl_outfile's) become a record: the message is "PREFIX: REASON", or REASON alone
 * when 'prefix' is NULL, REASON being strerror(sys_errno) for YL_ERR_IO with an errno
 * and yl_strerror(code) otherwise; the errno is kept for YL_ERR_IO only. Like
 * yl_error_first, it fills only a record that holds no error yet; YL_OK leaves it as
 * it is, so  return yl_error_cause(err, st, …);  passes a success through. Returns
 * 'code'. */
yl_status yl_error_cause(yl_error *e, yl_status code, const char *file, size_t line,
                         int sys_errno, const char *prefix);

#endif
