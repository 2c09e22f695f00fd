/* LD_PRELOAD shim for I/O-failure tests: write() on a file descriptor whose path
 * contains $YL_FAILWRITE_MATCH fails with ENOSPC once $YL_FAILWRITE_AFTER bytes
 * (default 0) have been written to such files. Used to prove that a full disk is
 * detected, reported, and leaves the old tables in place. Test-only code. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);

static int matches(int fd) {
  const char *pat = getenv("YL_FAILWRITE_MATCH");
  if (!pat || !*pat) return 0;
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = readlink(link, path, sizeof path - 1);
  if (k <= 0) return 0;
  path[k] = '\0';
  return strstr(path, pat) != NULL;
}

ssize_t write(int fd, const void *buf, size_t n) {
  static ssize_t (*real_write)(int, const void *, size_t);
  static size_t written; /* test shim: one process, one counter */
  if (!real_write) *(void **)&real_write = dlsym(RTLD_NEXT, "write");
  if (fd > 2 && matches(fd)) {
    const char *a = getenv("YL_FAILWRITE_AFTER");
    size_t after = a ? (size_t)strtoull(a, NULL, 10) : 0;
    if (written >= after) {
      errno = ENOSPC;
      return -1;
    }
    if (n > after - written) n = after - written;
    ssize_t r = real_write(fd, buf, n);
    if (r > 0) written += (size_t)r;
    return r;
  }
  return real_write(fd, buf, n);
}
