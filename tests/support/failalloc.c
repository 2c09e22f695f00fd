/* Allocation-failure injection (see failalloc.h). The program is linked with --wrap=X
 * for X in malloc, calloc, realloc, reallocarray, strdup, strndup, getline, getdelim,
 * __getdelim and free (tests/CMakeLists.txt): the linker sends the calls of the
 * program's own objects (libyuliao.a included) to the __wrap_ functions below and
 * __real_X to libc's (or the sanitizer's) X. Allocations made inside shared libraries
 * (libc's fopen and qsort, libxml2, utf8proc, GSL) are not seen.
 *
 * Every block a wrapped call returns is kept in a pointer table, so that a test can
 * check, after each run, that every block the run allocated was freed: exact without
 * a sanitizer, and with ASan a report at the failing run instead of only at exit.
 * getline (which glibc's optimised <stdio.h> turns into __getdelim) is wrapped because
 * it grows its buffer with malloc inside libc: each call counts as one allocation and
 * fails as getline does when out of memory (-1, errno ENOMEM, no EOF or error flag).
 *
 * FAILALLOC_TRACE=k in the environment prints the call stack of allocation k of every
 * count (to find the allocation a leak report names). Test-only code. */
#include "failalloc.h"

#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Each wrapped name: the real function (libc's or the sanitizer's) and its wrapper. */
#define WRAPPED(ret, name, params) ret __real_##name params; ret __wrap_##name params
WRAPPED(void *, malloc, (size_t n));
WRAPPED(void *, calloc, (size_t k, size_t n));
WRAPPED(void *, realloc, (void *p, size_t n));
WRAPPED(void *, reallocarray, (void *p, size_t k, size_t n));
WRAPPED(char *, strdup, (const char *s));
WRAPPED(char *, strndup, (const char *s, size_t n));
WRAPPED(ssize_t, getline, (char **line, size_t *cap, FILE *f));
WRAPPED(ssize_t, getdelim, (char **line, size_t *cap, int delim, FILE *f));
WRAPPED(ssize_t, __getdelim, (char **line, size_t *cap, int delim, FILE *f));
WRAPPED(void, free, (void *p));

/* Test shim state: one process, one counter (the library itself keeps none). */
static atomic_ulong fail_at;  /* allocation number that fails; 0 = none */
static atomic_int fail_sticky;
static atomic_ulong calls;    /* allocation calls since failalloc_arm */
static atomic_ulong hits;
static atomic_uint epoch;     /* which failalloc_arm the count belongs to */
static uint32_t *rec_sites;
static size_t rec_cap;
static unsigned long trace_at;

/* The pointer table: open addressing with linear probing, guarded by one mutex. */
typedef struct slot {
  void *p;
  unsigned long no; /* allocation number in its count */
  unsigned ep;      /* its count */
} slot;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static slot *tab;
static size_t tcap, tlen;

static size_t home(const void *p, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u;
  return (size_t)(h >> 32) & (cap - 1);
}

static void put_locked(void *p, unsigned long no, unsigned ep);

static void grow_locked(void) {
  slot *old = tab;
  size_t ocap = tcap;
  tcap = tcap ? 2 * tcap : 1024;
  tab = __real_calloc(tcap, sizeof *tab);
  if (!tab) abort(); /* the shim itself cannot go on */
  tlen = 0;
  for (size_t i = 0; i < ocap; i++)
    if (old[i].p) put_locked(old[i].p, old[i].no, old[i].ep);
  __real_free(old);
}

static void put_locked(void *p, unsigned long no, unsigned ep) {
  if (2 * (tlen + 1) > tcap) grow_locked();
  size_t i = home(p, tcap);
  while (tab[i].p) i = (i + 1) & (tcap - 1);
  tab[i] = (slot){p, no, ep};
  tlen++;
}

/* Backward-shift deletion keeps every probe chain unbroken. */
static void del_locked(void *p) {
  if (!tcap) return;
  size_t i = home(p, tcap);
  while (tab[i].p && tab[i].p != p) i = (i + 1) & (tcap - 1);
  if (!tab[i].p) return; /* not ours: allocated by libc or a shared library */
  tlen--;
  for (size_t j = (i + 1) & (tcap - 1); tab[j].p; j = (j + 1) & (tcap - 1)) {
    size_t h = home(tab[j].p, tcap);
    /* tab[j] may move to the hole at i when its home is not in (i, j] cyclically */
    if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
      tab[i] = tab[j];
      i = j;
    }
  }
  tab[i].p = NULL;
}

static void track(void *p, unsigned long no) {
  if (!p) return;
  pthread_mutex_lock(&mu);
  put_locked(p, no, atomic_load(&epoch));
  pthread_mutex_unlock(&mu);
}

static void untrack(void *p) {
  if (!p) return;
  pthread_mutex_lock(&mu);
  del_locked(p);
  pthread_mutex_unlock(&mu);
}

static uint32_t stack_hash(void) {
  void *fr[10];
  int n = backtrace(fr, 10);
  uint32_t h = 2166136261u;
  for (int i = 2; i < n; i++) { /* 0 and 1 are this function and the shim */
    uintptr_t a = (uintptr_t)fr[i];
    for (unsigned b = 0; b < sizeof a; b++) h = (h ^ (uint8_t)(a >> (8 * b))) * 16777619u;
  }
  return h;
}

/* Counts one allocation call: returns its number, or 0 when it is to fail. */
static unsigned long next_call(void) {
  unsigned long no = atomic_fetch_add(&calls, 1) + 1;
  if (no == trace_at) {
    void *fr[32];
    fprintf(stderr, "failalloc: allocation %lu from\n", no);
    backtrace_symbols_fd(fr, backtrace(fr, 32), 2);
  }
  if (rec_sites && no <= rec_cap) rec_sites[no - 1] = stack_hash();
  unsigned long at = atomic_load(&fail_at);
  if (at && (no == at || (no > at && atomic_load(&fail_sticky)))) {
    atomic_fetch_add(&hits, 1);
    errno = ENOMEM;
    return 0;
  }
  return no;
}

void failalloc_arm(unsigned long n, int sticky) {
  static int init;
  if (!init) {
    const char *t = getenv("FAILALLOC_TRACE");
    trace_at = t ? strtoul(t, NULL, 10) : 0;
    void *fr[2];
    backtrace(fr, 2); /* loads the unwinder now, not inside a counted call */
    init = 1;
  }
  atomic_store(&fail_at, 0);
  atomic_store(&calls, 0);
  atomic_store(&hits, 0);
  atomic_fetch_add(&epoch, 1);
  atomic_store(&fail_sticky, sticky);
  atomic_store(&fail_at, n);
}

void failalloc_disarm(void) { atomic_store(&fail_at, 0); }

unsigned long failalloc_hits(void) { return atomic_load(&hits); }

unsigned long failalloc_count(void) { return atomic_load(&calls); }

void failalloc_record(uint32_t *sites, size_t cap) {
  rec_sites = sites;
  rec_cap = cap;
}

size_t failalloc_live(void) {
  pthread_mutex_lock(&mu);
  size_t n = tlen;
  pthread_mutex_unlock(&mu);
  return n;
}

size_t failalloc_report_live(size_t max) {
  size_t n = 0;
  unsigned ep = atomic_load(&epoch);
  pthread_mutex_lock(&mu);
  for (size_t i = 0; i < tcap; i++)
    if (tab[i].p && tab[i].ep == ep) {
      if (n++ < max) fprintf(stderr, "  allocation %lu not freed\n", tab[i].no);
    }
  pthread_mutex_unlock(&mu);
  return n;
}

void *__wrap_malloc(size_t n) {
  unsigned long no = next_call();
  if (!no) return NULL;
  void *p = __real_malloc(n);
  track(p, no);
  return p;
}

void *__wrap_calloc(size_t k, size_t n) {
  unsigned long no = next_call();
  if (!no) return NULL;
  void *p = __real_calloc(k, n);
  track(p, no);
  return p;
}

void *__wrap_realloc(void *p, size_t n) {
  unsigned long no = next_call();
  if (!no) return NULL; /* the old block stays valid, as with a real failure */
  void *q = __real_realloc(p, n);
  if (q || !n) untrack(p);
  track(q, no);
  return q;
}

void *__wrap_reallocarray(void *p, size_t k, size_t n) {
  unsigned long no = next_call();
  if (!no) return NULL;
  void *q = __real_reallocarray(p, k, n);
  if (q) untrack(p);
  track(q, no);
  return q;
}

char *__wrap_strdup(const char *s) {
  unsigned long no = next_call();
  if (!no) return NULL;
  char *p = __real_strdup(s);
  track(p, no);
  return p;
}

char *__wrap_strndup(const char *s, size_t n) {
  unsigned long no = next_call();
  if (!no) return NULL;
  char *p = __real_strndup(s, n);
  track(p, no);
  return p;
}

/* A buffer getline allocated inside libc is not in the table (its later free is
 * ignored); a buffer it was handed may be moved by libc's realloc, so it leaves the
 * table before the call. */
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f) {
  if (!next_call()) return -1;
  untrack(*line);
  return __real_getline(line, cap, f);
}

ssize_t __wrap_getdelim(char **line, size_t *cap, int delim, FILE *f) {
  if (!next_call()) return -1;
  untrack(*line);
  return __real_getdelim(line, cap, delim, f);
}

/* With optimisation glibc's <stdio.h> turns getline into an inline call of this. */
ssize_t __wrap___getdelim(char **line, size_t *cap, int delim, FILE *f) {
  if (!next_call()) return -1;
  untrack(*line);
  return __real___getdelim(line, cap, delim, f);
}

void __wrap_free(void *p) {
  untrack(p);
  __real_free(p);
}
