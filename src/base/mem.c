#include "base/mem.h"

#include <stdlib.h> /* defines __GLIBC__ where it applies */
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void yl_mem_release(void) {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

#define HUGE_PAGE ((size_t)2 << 20)

/* Large tables are mapped, not taken from malloc's heap: a heap block may reuse pages
 * already faulted in small, and the hint must come before the first touch. */
void *yl_mem_table(size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= HUGE_PAGE) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    (void)madvise(p, bytes, MADV_HUGEPAGE);
    return p;
  }
#endif
  return calloc(bytes ? bytes : 1, 1);
}

void yl_mem_table_free(void *p, size_t bytes) {
  if (!p) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= HUGE_PAGE) {
    munmap(p, bytes);
    return;
  }
#endif
  free(p);
}
