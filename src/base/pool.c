/* The thread helper (see pool.h). */
#include "base/pool.h"

#include <stdlib.h>
#include <unistd.h>

static void *trampoline(void *p) {
  yl_task *t = p;
  t->fn(t->arg);
  return NULL;
}

int yl_task_start(yl_task *t, yl_task_fn fn, void *arg) {
  t->fn = fn;
  t->arg = arg;
  t->started = pthread_create(&t->th, NULL, trampoline, t) == 0;
  return t->started;
}

void yl_task_join(yl_task *t) {
  if (t->started) pthread_join(t->th, NULL);
  else t->fn(t->arg);
  t->started = 0;
}

void yl_pool_each(yl_task_fn fn, void *items, size_t size, unsigned n) {
  if (n == 0) return;
  char *base = items;
  /* Without memory for the task records every item runs here, in order. */
  yl_task *t = n > 1 ? malloc((n - 1) * sizeof *t) : NULL;
  if (t)
    for (unsigned k = 1; k < n; k++) yl_task_start(&t[k - 1], fn, base + (size_t)k * size);
  fn(base);
  for (unsigned k = 1; k < n; k++)
    if (t) yl_task_join(&t[k - 1]);
    else fn(base + (size_t)k * size);
  free(t);
}

unsigned yl_pool_workers(size_t asked, size_t items) {
  long n = asked ? (asked > 256 ? 256 : (long)asked) : sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > 256) n = 256;
  if ((size_t)n > items) n = items ? (long)items : 1;
  return (unsigned)n;
}
