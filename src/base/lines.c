/* Line-based data files: whole-file reading and a BOM/CRLF-aware line iterator. */
#include "base/lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

FILE *yl_fopen_regular(const char *path) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat sb;
  int e = 0;
  if (fstat(fd, &sb) != 0) e = errno;
  else if (!S_ISREG(sb.st_mode)) e = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
  else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) e = errno;
  FILE *f = e ? NULL : fdopen(fd, "rb");
  if (!f) {
    if (!e) e = errno;
    close(fd);
    errno = e;
  }
  return f;
}

int yl_file_fnv1a64(const char *path, uint64_t *hash, uint64_t *size) {
  FILE *f = yl_fopen_regular(path);
  if (!f) return -1;
  uint64_t h = UINT64_C(0xcbf29ce484222325), n = 0;
  unsigned char b[1 << 14];
  size_t k;
  while ((k = fread(b, 1, sizeof b, f)) > 0) {
    for (size_t i = 0; i < k; i++) h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    n += k;
  }
  int bad = ferror(f);
  fclose(f);
  *hash = h;
  *size = n;
  return bad ? -1 : 0;
}

yl_status yl_read_file(const char *path, yl_buf *out) {
  FILE *f = yl_fopen_regular(path);
  if (!f) return YL_ERR_IO;
  char chunk[8192];
  size_t n;
  yl_status st = YL_OK;
  while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0) st = yl_buf_put(out, chunk, n);
  if (!st && ferror(f)) st = YL_ERR_IO;
  int err = errno;
  fclose(f);
  if (!st && !out->data) st = yl_buf_put(out, "", 0); /* an empty file is text too */
  errno = err;
  return st;
}

void yl_lines_init(yl_lines *it, const char *text, size_t len) {
  it->text = text ? text : "";
  it->len = text ? len : 0;
  it->pos = it->len >= 3 && !memcmp(it->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
  it->lineno = 0;
}

int yl_lines_next(yl_lines *it, const char **line, size_t *len) {
  if (it->pos >= it->len) return 0;
  const char *s = it->text + it->pos;
  const char *nl = memchr(s, '\n', it->len - it->pos);
  size_t n = nl ? (size_t)(nl - s) : it->len - it->pos;
  it->pos += n + (nl ? 1 : 0);
  if (n && s[n - 1] == '\r') n--;
  it->lineno++;
  *line = s;
  *len = n;
  return 1;
}

yl_status yl_lines_load_text(const char *text, size_t len, const char *name, yl_error *err,
                             yl_line_fn fn, void *obj) {
  yl_error_clear(err);
  yl_lines it;
  yl_lines_init(&it, text, len);
  const char *l;
  size_t n;
  while (yl_lines_next(&it, &l, &n)) {
    if (!n || *l == '#') continue;
    char *line = strndup(l, n);
    if (!line) return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
    yl_status st = fn(obj, line, name, it.lineno, err);
    free(line);
    if (st) return yl_error_cause(err, st, NULL, 0, 0, NULL); /* when fn did not say */
  }
  return YL_OK;
}

yl_status yl_lines_load_file(const char *path, yl_error *err, yl_line_fn fn, void *obj) {
  yl_error_clear(err);
  yl_buf t = YL_BUF_INIT;
  yl_status st = yl_read_file(path, &t);
  if (st == YL_ERR_IO && errno == EINVAL) /* yl_fopen_regular: a FIFO, a device */
    yl_error_set(err, st, path, 0, 0, "not a regular file");
  else if (st) yl_error_cause(err, st, st == YL_ERR_IO ? path : NULL, 0, errno, NULL);
  else st = yl_lines_load_text(t.data, t.len, path, err, fn, obj);
  yl_buf_free(&t);
  return st;
}

yl_status yl_line_error(yl_error *err, const char *name, size_t lineno, const char *why) {
  return yl_error_first(err, YL_ERR_DICT, name, lineno, 0, "%s", why);
}

void yl_trim_blanks(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) ++*s, --*n;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r')) --*n;
}

char *yl_line_split_tab(char *line, const char **key, size_t *klen) {
  char *tab = strchr(line, '\t');
  if (!tab) return NULL;
  *key = line;
  *klen = (size_t)(tab - line);
  yl_trim_blanks(key, klen);
  return tab + 1;
}
