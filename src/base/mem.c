#include "base/mem.h"

#include <stdlib.h> /* defines __GLIBC__ where it applies */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void yl_mem_release(void) {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}
