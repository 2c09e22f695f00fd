/* Status codes shared by every yuliao module, and the library's allocator release.
 *
 * Ownership rule for the whole library: a function that returns memory it allocated
 * for the caller says so in its comment, and that memory is released with the named
 * yl_*_free function, or with yl_free() for plain buffers. Passing NULL to any
 * *_free function is a no-op. */
#ifndef YULIAO_STATUS_H
#define YULIAO_STATUS_H

#include "yuliao/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Result of a library call. YL_OK is 0; every error is positive. */
typedef enum yl_status {
  YL_OK = 0,
  YL_ERR_NOMEM,    /**< an allocation failed */
  YL_ERR_IO,       /**< reading or writing a file failed (errno kept by the caller) */
  YL_ERR_UTF8,     /**< input is not valid UTF-8 where it must be */
  YL_ERR_PARSE,    /**< input does not follow its format */
  YL_ERR_DICT,     /**< a dictionary or data file is missing, corrupt or stale */
  YL_ERR_INVALID,  /**< an argument is out of range */
  YL_ERR_LIMIT,    /**< input exceeds a configured limit */
  YL_ERR_NOTFOUND, /**< a named thing does not exist */
  YL_ERR_ENCODING  /**< the text encoding cannot be decided or converted */
} yl_status;

/** Returns a short English sentence for 'status' (static storage, never NULL). */
YL_API const char *yl_strerror(yl_status status);

/** Releases a plain buffer the library allocated for the caller. */
YL_API void yl_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
