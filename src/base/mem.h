/* Giving freed memory back to the system between the phases of a long run (internal).
 *
 * glibc keeps what a thread frees in that thread's arena, and a heap's freed pages
 * below its top stay resident: after pass 1 the workers' memos and vocabularies
 * (a third of the run's memory) would stay in the peak while the merged tables are
 * built. yl_mem_release returns whole free pages of every arena; it changes no
 * allocator setting and is a no-op elsewhere. */
#ifndef YL_BASE_MEM_H
#define YL_BASE_MEM_H

#include <stddef.h>

void yl_mem_release(void);

/* Memory for a large table hit at random (a hash map's slots, a sketch), zeroed: from
 * 2 MB up it is mapped and the kernel is asked for huge pages (madvise; a hint, Linux
 * only), since with 4 kB pages nearly every probe of a table larger than the cache also
 * misses the TLB. NULL when out of memory; freed by yl_mem_table_free with its size. */
void *yl_mem_table(size_t bytes);
void yl_mem_table_free(void *p, size_t bytes);

#endif
