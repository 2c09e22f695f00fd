/* Escaped file names (internal helpers; the form is public: yuliao/escape.h). */
#ifndef YL_BASE_ESCAPE_H
#define YL_BASE_ESCAPE_H

#include "yuliao/escape.h"

/* The escaped form of the NUL-terminated name 's', allocated (free with free()), or
 * NULL when out of memory. */
char *yl_escape_dup(const char *s);

#endif
