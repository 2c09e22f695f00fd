/* The thread helper (internal): every fan-out/join of the library goes through it.
 *
 * A task that cannot get a thread (pthread_create fails: thread limit, no memory) is
 * run on the calling thread instead, so a run gives the same result either way, only
 * slower. Tasks report errors through their own argument. */
#ifndef YL_POOL_H
#define YL_POOL_H

#include <pthread.h>
#include <stddef.h>

typedef void (*yl_task_fn)(void *arg);

/* One task on its own thread. Fill nothing in: yl_task_start sets every field. */
typedef struct yl_task {
  pthread_t th;
  yl_task_fn fn;
  void *arg;
  int started; /* 1 while a thread runs it; 0 when yl_task_join must run it */
} yl_task;

/* Starts fn(arg) on a new thread; returns 1 when it got one, 0 when yl_task_join will
 * run it on the joining thread. */
int yl_task_start(yl_task *t, yl_task_fn fn, void *arg);

/* Waits for the task's thread, or runs the task now when it never got one. */
void yl_task_join(yl_task *t);

/* Runs fn on each of 'n' items ('size' bytes apart from 'items'): items 1..n−1 on threads
 * of their own and item 0 on the calling thread; returns when all are done. */
void yl_pool_each(yl_task_fn fn, void *items, size_t size, unsigned n);

/* Workers for 'items' pieces of work: 'asked' (0: one a CPU online), at least 1, at most
 * 256 and never more than the items. */
unsigned yl_pool_workers(size_t asked, size_t items);

#endif
