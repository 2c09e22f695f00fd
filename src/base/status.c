/* Status messages and the plain-buffer release function. */
#include <stdlib.h>

#include "yuliao/status.h"

const char *yl_strerror(yl_status status) {
  switch (status) {
  case YL_OK: return "success";
  case YL_ERR_NOMEM: return "out of memory";
  case YL_ERR_IO: return "input/output error";
  case YL_ERR_UTF8: return "invalid UTF-8";
  case YL_ERR_PARSE: return "malformed input";
  case YL_ERR_DICT: return "dictionary missing, corrupt or stale";
  case YL_ERR_INVALID: return "invalid argument";
  case YL_ERR_LIMIT: return "input exceeds a limit";
  case YL_ERR_NOTFOUND: return "not found";
  case YL_ERR_ENCODING: return "unknown or unconvertible text encoding";
  }
  return "unknown error";
}

void yl_free(void *p) { free(p); }
