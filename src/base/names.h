/* Small shared helpers (internal): the order of term bytes every table sorts by, and
 * the lookup of an enum value by its name in a table of names. */
#ifndef YL_NAMES_H
#define YL_NAMES_H

#include <stddef.h>
#include <string.h>

/* Term-byte order: bytes compared as unsigned, a prefix before the longer term. */
static inline int yl_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  return (alen > blen) - (alen < blen);
}

/* Index of 'name' among the 'n' names, or -1. */
static inline int yl_name_index(const char *const *names, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(name, names[i]) == 0) return (int)i;
  return -1;
}

/* The name of value 'i' among the 'n' names, or "?". */
static inline const char *yl_name_of(const char *const *names, size_t n, unsigned i) {
  return i < n ? names[i] : "?";
}

#endif
