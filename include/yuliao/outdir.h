/* One run's output folder: locked while the run writes, and its whole set of tables
 * replaced at once.
 *
 * A run writes into a staging folder beside the output folder (same file system:
 * PARENT/.NAME.yl-new-PID-N) and commits by exchanging the two folders in one
 * rename (renameat2 RENAME_EXCHANGE), then removes the old set. So whatever happens
 * (a crash, a signal, a full disk, a failed write) the output folder holds the
 * complete old set or the complete new set, with the manifest that belongs to it; and
 * tables an older run wrote that this one does not (texts.jsonl of an extract before
 * an analyze) go with the old set. A run that died leaves its staging folder, which
 * the next run on the same output folder removes.
 *
 * The lock is an flock on NAME/.yuliao-lock: a second run on the same folder fails at
 * once (YL_ERR_IO, "in use by another yuliao run"). An output folder must hold only
 * what yuliao writes there (its tables, manifest.json, texts.jsonl, report.html and
 * hidden .yl-* files): a folder with anything else is refused, so that no file of the
 * user's is ever moved or removed. Not thread safe: one object per run. */
#ifndef YULIAO_OUTDIR_H
#define YULIAO_OUTDIR_H

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_outdir yl_outdir;

/** Opens 'path' for one run: creates it when missing, takes its lock, checks what it
 * holds, removes the staging folders of runs that died, and makes this run's staging
 * folder. YL_OK, YL_ERR_IO (with 'err' naming the folder and the reason: in use,
 * holds a file yuliao did not write, cannot be written) or YL_ERR_NOMEM. */
YL_API yl_status yl_outdir_open(const char *path, yl_outdir **out, yl_error *err);

/** The folder the run writes its tables into (owned by 'd'). */
YL_API const char *yl_outdir_staging(const yl_outdir *d);

/** Makes the staging folder the output folder in one rename, removes the old set and
 * frees 'd'. On failure the output folder keeps the old set, the staging folder is
 * removed and YL_ERR_IO is returned with 'err' set. */
YL_API yl_status yl_outdir_commit(yl_outdir *d, yl_error *err);

/** Removes the staging folder (the output folder keeps the old set) and frees 'd';
 * NULL is allowed. When 'err' (may be NULL) names a file in the staging folder, it is
 * renamed to the file of the output folder it stood for, which is what a user knows. */
YL_API void yl_outdir_abort(yl_outdir *d, yl_error *err);

#ifdef __cplusplus
}
#endif
#endif
