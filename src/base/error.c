/* The error record: filled with snprintf into its own buffers, never allocated, so an
 * out-of-memory failure can be reported like any other. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "yuliao/escape.h"

/* Cuts 's' (NUL-terminated within 'cap' bytes) back to a whole UTF-8 sequence when
 * snprintf stopped inside one. */
static void trim_utf8(char *s, size_t cap) {
  size_t n = strlen(s);
  if (n + 1 < cap) return; /* not truncated */
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
  if (i == 0) return;
  unsigned char lead = (unsigned char)s[i - 1];
  size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (n - (i - 1) < want) s[i - 1] = '\0';
}

void yl_error_clear(yl_error *e) {
  if (!e) return;
  e->code = YL_OK;
  e->sys_errno = 0;
  e->line = 0;
  e->file[0] = '\0';
  e->message[0] = '\0';
}

yl_status yl_error_setv(yl_error *e, yl_status code, const char *file, size_t line,
                        int sys_errno, const char *fmt, va_list ap) {
  if (!e) return code;
  e->code = code;
  e->sys_errno = sys_errno;
  e->line = file ? line : 0;
  snprintf(e->file, sizeof e->file, "%s", file ? file : "");
  trim_utf8(e->file, sizeof e->file);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  trim_utf8(e->message, sizeof e->message);
  return code;
}

yl_status yl_error_set(yl_error *e, yl_status code, const char *file, size_t line,
                       int sys_errno, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  yl_status st = yl_error_setv(e, code, file, line, sys_errno, fmt, ap);
  va_end(ap);
  return st;
}

yl_status yl_error_first(yl_error *e, yl_status code, const char *file, size_t line,
                         int sys_errno, const char *fmt, ...) {
  if (!e || e->code != YL_OK) return code;
  va_list ap;
  va_start(ap, fmt);
  yl_error_setv(e, code, file, line, sys_errno, fmt, ap);
  va_end(ap);
  return code;
}

void yl_error_merge(yl_error *dst, const yl_error *src) {
  if (dst && dst->code == YL_OK && src->code != YL_OK) *dst = *src;
}

yl_status yl_error_cause(yl_error *e, yl_status code, const char *file, size_t line,
                         int sys_errno, const char *prefix) {
  if (code == YL_OK) return code;
  int sys = code == YL_ERR_IO && sys_errno;
  const char *why = sys ? strerror(sys_errno) : yl_strerror(code);
  return yl_error_first(e, code, file, line, sys ? sys_errno : 0, "%s%s%s", prefix ? prefix : "",
                        prefix ? ": " : "", why);
}

const char *yl_error_format(const yl_error *e, char *buf, size_t cap) {
  if (!buf || !cap) return buf;
  const char *msg = e->message[0] ? e->message : yl_strerror(e->code);
  /* The file is a name as the system gave it; the message names files in their
   * escaped form already, so its pass only keeps it on one line. */
  size_t n = 0;
  buf[0] = '\0';
  if (e->file[0]) {
    n = yl_escape_name(e->file, strlen(e->file), buf, cap);
    if (n < cap && e->line) n += (size_t)snprintf(buf + n, cap - n, ":%zu", e->line);
    if (n < cap) n += (size_t)snprintf(buf + n, cap - n, ": ");
  }
  if (n < cap) yl_escape_text(msg, strlen(msg), YL_ESCAPE_KEEP_BACKSLASH, buf + n, cap - n);
  trim_utf8(buf, cap);
  return buf;
}
