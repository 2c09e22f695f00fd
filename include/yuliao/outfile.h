/* Atomic output files: bytes go to a temporary file beside the target, which is
 * renamed over the target only when yl_outfile_commit() succeeds. A crash, a signal
 * or a full disk therefore leaves either the complete old file or the complete new
 * one, never half a file. */
#ifndef YULIAO_OUTFILE_H
#define YULIAO_OUTFILE_H

#include <stddef.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An output file being written. Not thread safe: one writer per object. */
typedef struct yl_outfile yl_outfile;

/** Creates a temporary file in the folder of 'path' (named ".NAME.tmp.XXXXXX").
 * On success stores a new object in '*out' (release with yl_outfile_commit or
 * yl_outfile_abort). On failure returns YL_ERR_IO with errno set, or YL_ERR_NOMEM. */
YL_API yl_status yl_outfile_open(const char *path, yl_outfile **out);

/** Appends 'len' bytes. Write errors (ENOSPC, EIO …) are detected here or at commit;
 * after an error every later call fails and errno describes the first failure. */
YL_API yl_status yl_outfile_write(yl_outfile *f, const void *data, size_t len);

/** Flushes, syncs, closes and renames the temporary file onto the target, then frees
 * 'f'. On failure the temporary file is removed, the target is untouched, 'f' is
 * freed, and errno describes the failure. */
YL_API yl_status yl_outfile_commit(yl_outfile *f);

/** Removes the temporary file and frees 'f' (NULL is a no-op). */
YL_API void yl_outfile_abort(yl_outfile *f);

/** The target path given to yl_outfile_open (owned by 'f'). */
YL_API const char *yl_outfile_path(const yl_outfile *f);

/** errno of the first failure on 'f', or 0. */
YL_API int yl_outfile_errno(const yl_outfile *f);

#ifdef __cplusplus
}
#endif
#endif
