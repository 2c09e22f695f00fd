/* One run's output folder: lock, staging folder, one-rename commit (yuliao/outdir.h). */
/* renameat2 and RENAME_EXCHANGE need _GNU_SOURCE, which the build defines */
#include "yuliao/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"

#define LOCK_NAME ".yuliao-lock"

struct yl_outdir {
  char *path;    /* the output folder, resolved (no symbolic link in it) */
  char *given;   /* as the caller named it (for messages) */
  char *staging; /* PARENT/.NAME.yl-new-PID-N */
  int lock_fd;   /* the output folder's lock, held */
  int stage_fd;  /* the staging folder's lock, held: it is the output folder's after the commit */
};

/* What yuliao writes in an output folder (docs/analyze.md, docs/extract.md,
 * docs/newwords.md). */
static const char *const ours[] = {"documents.csv", "frequency.csv", "frequency_wide.csv",
                                   "tfidf.csv",     "keywords.csv",  "cooccurrence.csv",
                                   "keyness.csv",   "similarity.csv", "texts.jsonl",
                                   "manifest.json", "report.html",   "network_nodes.csv",
                                   "network_edges.csv", "kwic.csv",  "periods.csv",
                                   "trends.csv",    "dtm.csv",       "dtm_vocab.csv",
                                   "frames.csv",    "frames_test.csv", "frames_docs.csv",
                                   "collocations.csv", "newwords.csv", "newwords.txt", NULL};

static int is_ours(const char *name) {
  if (!strcmp(name, LOCK_NAME) || !strncmp(name, ".yl-", 4)) return 1;
  if (name[0] == '.' && strstr(name, ".tmp.")) return 1; /* an older run's temporary file */
  for (size_t i = 0; ours[i]; i++)
    if (!strcmp(name, ours[i])) return 1;
  return 0;
}

static yl_status fail(yl_error *err, const char *path, int e, const char *what) {
  return yl_error_cause(err, YL_ERR_IO, path, 0, e, what);
}

/* Removes the files of ours in folder 'dir', then the folder; anything else stays (and
 * so does the folder). */
static void remove_set(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct dirent *de;
  while ((de = readdir(dp)))
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && is_ours(de->d_name))
      (void)unlinkat(dirfd(dp), de->d_name, 0);
  closedir(dp);
  (void)rmdir(dir);
}

/* Opens and locks 'dir'/.yuliao-lock without waiting; -1 with errno EWOULDBLOCK when
 * another process holds it. The lock is retried when the file was replaced between
 * the open and the lock (a commit exchanged the folder). */
static int lock_in(const char *dir, int create) {
  char p[PATH_MAX];
  if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, LOCK_NAME) >= sizeof p) {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (int tries = 0; tries < 8; tries++) {
    int fd = open(p, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT : 0), 0666);
    if (fd < 0) return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    struct stat a, b;
    if (fstat(fd, &a) == 0 && stat(p, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
      return fd;
    close(fd); /* replaced meanwhile: the lock is on a file no longer there */
  }
  errno = EWOULDBLOCK;
  return -1;
}

/* PARENT/.NAME.yl-new- prefix of the staging folders of 'path'. */
static int staging_prefix(const char *path, char *out, size_t cap, char *parent, size_t pcap) {
  const char *slash = strrchr(path, '/');
  size_t pl = slash ? (size_t)(slash - path) : 0;
  if (pl + 1 > pcap) return 0;
  memcpy(parent, path, pl);
  parent[pl] = '\0';
  if (!pl) strcpy(parent, "/");
  return (size_t)snprintf(out, cap, "%s/.%s.yl-new-", pl ? parent : "", slash ? slash + 1 : path) < cap;
}

/* Removes the staging folders of runs that died (their lock is free). */
static void remove_dead_staging(const char *parent, const char *prefix) {
  const char *base = strrchr(prefix, '/') + 1;
  DIR *dp = opendir(parent);
  if (!dp) return;
  struct dirent *de;
  while ((de = readdir(dp))) {
    if (strncmp(de->d_name, base, strlen(base))) continue;
    char p[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", parent, de->d_name) >= sizeof p) continue;
    int fd = lock_in(p, 0);
    if (fd < 0 && errno == EWOULDBLOCK) continue; /* a live run's */
    remove_set(p);
    if (fd >= 0) close(fd);
  }
  closedir(dp);
}

/* Every entry of 'dir' is ours; else '*bad' names the first that is not. */
static int only_ours(const char *dir, char *bad, size_t cap) {
  DIR *dp = opendir(dir);
  if (!dp) return 0;
  struct dirent *de;
  int ok = 1;
  while (ok && (de = readdir(dp)))
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && !is_ours(de->d_name)) {
      snprintf(bad, cap, "%s", de->d_name);
      ok = 0;
    }
  closedir(dp);
  return ok;
}

/* mkdir -p, then: is it a folder this process can write in? 0 or an errno. */
static int make_dirs(const char *path) {
  char p[PATH_MAX];
  if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) return ENAMETOOLONG;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) return errno;
    *s = '/';
  }
  if (mkdir(p, 0777) != 0 && errno != EEXIST) return errno;
  struct stat sb;
  if (stat(p, &sb) != 0) return errno;
  if (!S_ISDIR(sb.st_mode)) return ENOTDIR;
  if (access(p, W_OK | X_OK) != 0) return errno;
  return 0;
}

yl_status yl_outdir_open(const char *path, yl_outdir **out, yl_error *err) {
  *out = NULL;
  yl_error_clear(err);
  int e = make_dirs(path);
  if (e) return fail(err, path, e, "cannot write output folder");
  yl_outdir *d = calloc(1, sizeof *d);
  if (!d) return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  d->lock_fd = d->stage_fd = -1;
  if (!(d->given = strdup(path))) {
    free(d);
    return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  }
  char real[PATH_MAX], parent[PATH_MAX], prefix[PATH_MAX + 16], bad[256];
  yl_status st = YL_OK;
  if (!realpath(path, real)) st = fail(err, path, errno, "cannot write output folder");
  else if (!strcmp(real, "/")) st = fail(err, path, EINVAL, "cannot write output folder (the root folder)");
  else if (!(d->path = strdup(real))) st = yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  else if (!staging_prefix(real, prefix, sizeof prefix, parent, sizeof parent))
    st = fail(err, path, ENAMETOOLONG, "cannot write output folder");
  if (!st && (d->lock_fd = lock_in(real, 1)) < 0)
    st = errno == EWOULDBLOCK
             ? yl_error_set(err, YL_ERR_IO, path, 0, 0, "output folder in use by another yuliao run")
             : fail(err, path, errno, "cannot lock output folder");
  if (!st && !only_ours(real, bad, sizeof bad)) {
    char why[400];
    snprintf(why, sizeof why,
             "output folder holds '%s', which yuliao did not write (give an empty folder or "
             "one yuliao wrote)",
             bad);
    st = yl_error_set(err, YL_ERR_IO, path, 0, 0, "%s", why);
  }
  if (!st) remove_dead_staging(parent, prefix);
  /* PID-N: the first N free (the lock keeps other runs out; an earlier run of this
   * process has removed its own) */
  for (int tries = 0; !st && tries < 100; tries++) {
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s%ld-%d", prefix, (long)getpid(), tries);
    if (mkdir(p, 0777) != 0) {
      if (errno == EEXIST) continue;
      st = fail(err, path, errno, "cannot write output folder (its staging folder)");
      break;
    }
    if (!(d->staging = strdup(p))) st = yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
    else if ((d->stage_fd = lock_in(p, 1)) < 0) st = fail(err, path, errno, "cannot lock output folder");
    /* the new folder takes the old one's permissions */
    struct stat sb;
    if (!st && stat(real, &sb) == 0) (void)chmod(p, sb.st_mode & 07777);
    if (st && !d->staging) rmdir(p);
    break;
  }
  if (!st && !d->staging) st = fail(err, path, EEXIST, "cannot write output folder (its staging folder)");
  if (st) {
    yl_outdir_abort(d, NULL);
    return st;
  }
  *out = d;
  return YL_OK;
}

const char *yl_outdir_staging(const yl_outdir *d) { return d->staging; }

static void fsync_dir(const char *p) {
  int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

yl_status yl_outdir_commit(yl_outdir *d, yl_error *err) {
  yl_error_clear(err);
  fsync_dir(d->staging); /* its files are synced (yl_outfile); their names too */
  int e = 0;
  if (renameat2(AT_FDCWD, d->staging, AT_FDCWD, d->path, RENAME_EXCHANGE) != 0) {
    e = errno;
    if (e == EINVAL || e == ENOSYS || e == ENOTSUP) {
      /* a file system without the exchange: move the old set aside, then the new in
       * (between the two renames the folder is briefly absent, never mixed) */
      char old[PATH_MAX + 8];
      snprintf(old, sizeof old, "%s.old", d->staging);
      e = rename(d->path, old) == 0 ? 0 : errno;
      if (!e && rename(d->staging, d->path) != 0) {
        e = errno;
        (void)rename(old, d->path);
      }
      if (!e) {
        free(d->staging);
        d->staging = strdup(old);
      }
    }
  }
  yl_status st = e ? fail(err, d->path, e, "cannot replace the output folder") : YL_OK;
  if (!st) {
    char *slash = strrchr(d->path, '/');
    *slash = '\0';
    fsync_dir(slash == d->path ? "/" : d->path);
    *slash = '/';
  }
  yl_outdir_abort(d, NULL); /* on success the staging path holds the old set */
  return st;
}

void yl_outdir_abort(yl_outdir *d, yl_error *err) {
  if (!d) return;
  size_t sl = d->staging ? strlen(d->staging) : 0;
  if (err && sl && !strncmp(err->file, d->staging, sl) && (err->file[sl] == '/' || !err->file[sl])) {
    char f[sizeof err->file];
    snprintf(f, sizeof f, "%s%s", d->given ? d->given : d->path, err->file + sl);
    memcpy(err->file, f, sizeof f);
  }
  if (d->staging) remove_set(d->staging);
  if (d->stage_fd >= 0) close(d->stage_fd);
  if (d->lock_fd >= 0) close(d->lock_fd);
  free(d->staging);
  free(d->path);
  free(d->given);
  free(d);
}
