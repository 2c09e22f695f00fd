/* Atomic output files (temporary file + fsync + rename). */
#include "yuliao/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OUT_BUFSZ = 1 << 16 };

struct yl_outfile {
  int fd;
  int err;      /* first errno seen; sticky */
  char *path;   /* target */
  char *tmp;    /* temporary file beside the target */
  size_t used;  /* bytes waiting in buf */
  char buf[OUT_BUFSZ];
};

static void set_err(yl_outfile *f, int e) {
  if (!f->err) f->err = e ? e : EIO;
}

/* Writes everything in buf; a short write that makes no progress is an error. */
static int flush_buf(yl_outfile *f) {
  size_t off = 0;
  while (off < f->used) {
    ssize_t n = write(f->fd, f->buf + off, f->used - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      set_err(f, errno);
      return -1;
    }
    if (n == 0) {
      set_err(f, ENOSPC);
      return -1;
    }
    off += (size_t)n;
  }
  f->used = 0;
  return 0;
}

yl_status yl_outfile_open(const char *path, yl_outfile **out) {
  *out = NULL;
  yl_outfile *f = calloc(1, sizeof *f);
  if (!f) return YL_ERR_NOMEM;
  f->fd = -1;
  f->path = strdup(path);
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
  const char *base = slash ? slash + 1 : path;
  size_t tl = dirlen + strlen(base) + sizeof(".tmp.XXXXXX") + 1;
  f->tmp = malloc(tl);
  if (!f->path || !f->tmp) {
    yl_outfile_abort(f);
    return YL_ERR_NOMEM;
  }
  memcpy(f->tmp, path, dirlen);
  f->tmp[dirlen] = '.';
  strcpy(f->tmp + dirlen + 1, base);
  strcat(f->tmp, ".tmp.XXXXXX");
  f->fd = mkostemp(f->tmp, O_CLOEXEC);
  if (f->fd < 0) {
    int e = errno;
    free(f->tmp);
    f->tmp = NULL;
    yl_outfile_abort(f);
    errno = e;
    return YL_ERR_IO;
  }
  /* mkostemp creates 0600; output tables are ordinary files. */
  mode_t um = umask(0);
  umask(um);
  (void)fchmod(f->fd, 0666 & ~um);
  *out = f;
  return YL_OK;
}

yl_status yl_outfile_write(yl_outfile *f, const void *data, size_t len) {
  if (f->err) {
    errno = f->err;
    return YL_ERR_IO;
  }
  const char *p = data;
  while (len) {
    size_t room = OUT_BUFSZ - f->used;
    size_t n = len < room ? len : room;
    memcpy(f->buf + f->used, p, n);
    f->used += n;
    p += n;
    len -= n;
    if (f->used == OUT_BUFSZ && flush_buf(f)) {
      errno = f->err;
      return YL_ERR_IO;
    }
  }
  return YL_OK;
}

yl_status yl_outfile_commit(yl_outfile *f) {
  if (!f->err) flush_buf(f);
  if (!f->err && fsync(f->fd) != 0 && errno != EINVAL) set_err(f, errno);
  if (close(f->fd) != 0 && !f->err) set_err(f, errno);
  f->fd = -1;
  if (!f->err && rename(f->tmp, f->path) != 0) set_err(f, errno);
  int e = f->err;
  if (!e) {
    free(f->tmp);
    f->tmp = NULL;
  }
  yl_outfile_abort(f);
  if (e) errno = e;
  return e ? YL_ERR_IO : YL_OK;
}

void yl_outfile_abort(yl_outfile *f) {
  if (!f) return;
  int e = errno;
  if (f->fd >= 0) close(f->fd);
  if (f->tmp) unlink(f->tmp);
  free(f->tmp);
  free(f->path);
  free(f);
  errno = e;
}

const char *yl_outfile_path(const yl_outfile *f) { return f->path; }

int yl_outfile_errno(const yl_outfile *f) { return f->err; }
