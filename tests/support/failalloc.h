/* Allocation-failure injection for tests (tests/support/failalloc.c): linked into one
 * test program with -Wl,--wrap=malloc,... so that every allocation made by code in that
 * program (the static libyuliao.a included, the shared libraries not) goes through a
 * counter that can make the n-th one fail. Test-only code. */
#ifndef YL_FAILALLOC_H
#define YL_FAILALLOC_H

#include <stddef.h>
#include <stdint.h>

/** Starts a new count: the 'n'-th wrapped allocation from now fails (returns NULL with
 * errno ENOMEM); with 'sticky' every later one fails too. n == 0: nothing fails. */
void failalloc_arm(unsigned long n, int sticky);

/** Nothing fails from now on; the count goes on (failalloc_report_live still names
 * the blocks of this count). */
void failalloc_disarm(void);

/** Allocations failed since the last failalloc_arm. */
unsigned long failalloc_hits(void);

/** Allocation calls (failed ones included) since the last failalloc_arm. */
unsigned long failalloc_count(void);

/** While 'sites' is not NULL, allocation i (1-based, since the last failalloc_arm) stores
 * a hash of its call stack in sites[i - 1] when i <= cap. */
void failalloc_record(uint32_t *sites, size_t cap);

/** Blocks still allocated by wrapped calls (a free of a block that libc or a shared
 * library allocated is not counted). */
size_t failalloc_live(void);

/** Prints to stderr the allocation numbers (as failalloc_count counts them) of up to
 * 'max' live blocks allocated since the last failalloc_arm; returns how many there are. */
size_t failalloc_report_live(size_t max);

#endif
