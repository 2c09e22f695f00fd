/* Giving freed memory back to the system between the phases of a long run (internal).
 *
 * glibc keeps what a thread frees in that thread's arena, and a heap's freed pages
 * below its top stay resident: after pass 1 the workers' memos and vocabularies
 * (a third of the run's memory) would stay in the peak while the merged tables are
 * built. yl_mem_release returns whole free pages of every arena; it changes no
 * allocator setting and is a no-op elsewhere. */
#ifndef YL_BASE_MEM_H
#define YL_BASE_MEM_H

void yl_mem_release(void);

#endif
