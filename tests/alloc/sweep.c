/* The allocation-failure sweep (see sweep.h and test_alloc_fail.c). */
#include "sweep.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "failalloc.h"
#include "harness.h"

enum { FULL_SWEEP = 2000, MAX_SITES_RUNS = 3 };

char src_dir[1024], tmp_dir[1024], dict_dir[1100], tiny_dir[1100], ydict[1100];

/* The program is linked with --wrap=fsync too: a run that gets as far as the tables
 * syncs each of them, thousands of disk flushes in all that test nothing here. */
int __wrap_fsync(int fd);
int __wrap_fsync(int fd) {
  (void)fd;
  return 0;
}

void sweep_fail(const char *fmt, ...) {
  va_list ap;
  yl_t_fail++;
  fprintf(stderr, "FAIL %s: ", yl_t_current);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int sweep_setup(void) {
  const char *s = getenv("YL_SRC"), *t = getenv("YL_TMP"), *y = getenv("YL_YDICT");
  snprintf(src_dir, sizeof src_dir, "%s", s ? s : ".");
  snprintf(dict_dir, sizeof dict_dir, "%s/dict", src_dir);
  snprintf(tiny_dir, sizeof tiny_dir, "%s/tests/alloc/dict", src_dir);
  snprintf(ydict, sizeof ydict, "%s", y ? y : "build/dict/jieba/jieba.ydict");
  if (yl_test_scratch("alloc", tmp_dir, sizeof tmp_dir)) {
    fprintf(stderr, "cannot make the scratch folder under %s\n", t ? t : "/tmp/yl-test");
    return -1;
  }
  if (access(ydict, R_OK)) {
    fprintf(stderr, "%s: %s (set YL_YDICT to the build's jieba.ydict)\n", ydict, strerror(errno));
    return -1;
  }
  return 0;
}

int sweep_done(void) { YL_TEST_DONE(); }

/* ---- helpers (called with no failure armed) ---------------------------------------- */

char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  yl_buf b = YL_BUF_INIT;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (yl_buf_put(&b, chunk, n)) break;
  fclose(f);
  if (len) *len = b.len;
  if (!b.data) return calloc(1, 1);
  return b.data;
}

int put_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = fwrite(data, 1, len, f) == len;
  return (fclose(f) == 0 && ok) ? 0 : -1;
}

int copy_file(const char *from, const char *to) {
  size_t len = 0;
  char *s = slurp(from, &len);
  int r = s ? put_file(to, s, len) : -1;
  free(s);
  return r;
}

/* Makes 'dir' an existing, empty folder (its entries are files). */
int empty_dir(const char *dir) {
  if (mkdir(dir, 0777) && errno != EEXIST) return -1;
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *e;
  int r = 0;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char p[1500];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (unlink(p)) r = -1;
  }
  closedir(d);
  return r;
}

int same_file(const char *a, const char *b) {
  size_t la = 0, lb = 0;
  char *x = slurp(a, &la), *y = slurp(b, &lb);
  int same = x && y && la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

int copy_outputs(const char *from, const char *to, const char *const *names, size_t n) {
  int bad = empty_dir(to);
  for (size_t i = 0; i < n; i++) {
    char a[1600], b[1600];
    snprintf(a, sizeof a, "%s/%s", from, names[i]);
    snprintf(b, sizeof b, "%s/%s", to, names[i]);
    bad |= copy_file(a, b);
  }
  return bad ? -1 : 0;
}

int check_outputs(const char *out, const char *ref, const char *const *names, size_t n,
                  int (*same)(const char *a, const char *b, const char *name), size_t *found) {
  int bad = 0;
  *found = 0;
  DIR *d = opendir(out);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (!strcmp(e->d_name, ".yuliao-lock")) continue; /* the folder's lock stays (outdir.h) */
    int known = 0;
    for (size_t i = 0; i < n; i++) known |= !strcmp(e->d_name, names[i]);
    if (!known) {
      fprintf(stderr, "left in the output folder: %s\n", e->d_name);
      bad = 1;
      continue;
    }
    ++*found;
    char a[1600], b[1600];
    snprintf(a, sizeof a, "%s/%s", out, e->d_name);
    snprintf(b, sizeof b, "%s/%s", ref, e->d_name);
    if (same ? !same(a, b, e->d_name) : !same_file(a, b)) {
      fprintf(stderr, "%s differs from the file of a run without failure\n", e->d_name);
      bad = 1;
    }
  }
  if (d) closedir(d);
  return bad;
}

/* Copies the result 's' of the run without failure into 'ref' (REF_CAP bytes): kept
 * out of the heap, so that it does not count as a block the run left. */
int keep_ref(char *ref, const char *s) {
  if (!s || strlen(s) >= REF_CAP) return 1;
  strcpy(ref, s);
  return 0;
}

/* ---- the sweep --------------------------------------------------------------------- */


/* Runs 'sc' with allocation 'n' failing (every one from 'n' on when 'sticky'; none
 * when n == 0). Returns 0, or -1 after reporting what went wrong. */
static int run_one(const scenario *sc, unsigned long n, int sticky, unsigned long *count,
                   unsigned long *hits_out) {
  size_t live0 = failalloc_live();
  if (sc->prepare) sc->prepare(sc->ctx);
  failalloc_arm(n, sticky);
  yl_status st = sc->run(sc->ctx);
  unsigned long hits = failalloc_hits();
  if (count) *count = failalloc_count();
  if (hits_out) *hits_out = hits;
  failalloc_disarm();
  int bad = 0;
  if (st != YL_OK && st != YL_ERR_NOMEM) {
    sweep_fail("allocation %lu%s failing: status %d (%s), want YL_ERR_NOMEM", n,
               sticky ? " on" : "", (int)st, yl_strerror(st));
    bad = 1;
  } else if (st == YL_ERR_NOMEM && !hits) {
    sweep_fail("allocation %lu: YL_ERR_NOMEM without a failed allocation", n);
    bad = 1;
  }
  if (sc->check(sc->ctx, st, 0)) {
    sweep_fail("allocation %lu%s failing (status %d): wrong result or files left",
               n, sticky ? " on" : "", (int)st);
    bad = 1;
  }
  size_t live = failalloc_live();
  if (live != live0) {
    sweep_fail("allocation %lu%s failing (status %d): %zu blocks not freed", n,
               sticky ? " on" : "", (int)st, live > live0 ? live - live0 : 0);
    failalloc_report_live(5);
    bad = 1;
  }
  if (!bad) yl_t_pass++; /* one pass per run */
  return bad ? -1 : 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_ulong(const void *a, const void *b) {
  unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
  return (x > y) - (x < y);
}

/* The allocation numbers to fail, in increasing order, in '*out' (count in '*nout'):
 * all of 1 .. total when small, else 1 .. FULL_SWEEP and the first MAX_SITES_RUNS and
 * the last allocation of each call stack in sites[]. */
static unsigned long *pick(const uint32_t *sites, unsigned long total, size_t *nout,
                           size_t *nsites) {
  int full = getenv("YL_ALLOC_FULL") && atoi(getenv("YL_ALLOC_FULL"));
  /* 1 .. FULL_SWEEP, then at most one pick per allocation and one last per stack */
  unsigned long *v = malloc((2 * total + 1) * sizeof *v);
  size_t n = 0;
  *nsites = 0;
  if (!v) return NULL;
  if (full || total <= FULL_SWEEP) {
    for (unsigned long i = 1; i <= total; i++) v[n++] = i;
    *nout = n;
    return v;
  }
  for (unsigned long i = 1; i <= FULL_SWEEP; i++) v[n++] = i;
  /* distinct stacks: a small open-addressing table of (hash, seen, last) */
  size_t cap = 1;
  while (cap < 2 * total) cap <<= 1;
  struct site {
    uint32_t h;
    unsigned seen;
    unsigned long last;
    int used;
  } *t = calloc(cap, sizeof *t);
  if (!t) {
    free(v);
    return NULL;
  }
  for (unsigned long i = 1; i <= total; i++) {
    uint32_t h = sites[i - 1];
    size_t k = (h * 2654435761u) & (cap - 1);
    while (t[k].used && t[k].h != h) k = (k + 1) & (cap - 1);
    if (!t[k].used) {
      t[k].used = 1;
      t[k].h = h;
      ++*nsites;
    }
    if (t[k].seen++ < MAX_SITES_RUNS && i > FULL_SWEEP) v[n++] = i;
    t[k].last = i;
  }
  for (size_t k = 0; k < cap; k++)
    if (t[k].used && t[k].last > FULL_SWEEP) v[n++] = t[k].last;
  free(t);
  qsort(v, n, sizeof *v, cmp_ulong);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!m || v[m - 1] != v[i]) v[m++] = v[i];
  *nout = m;
  return v;
}

static void sweep_one(const scenario *sc) {
  double t0 = now();
  /* the reference run records the call stacks; its allocation count tells how far to go */
  size_t live0 = failalloc_live();
  if (sc->prepare) sc->prepare(sc->ctx);
  static uint32_t sites[1u << 20];
  failalloc_arm(0, 0);
  failalloc_record(sites, sizeof sites / sizeof *sites);
  yl_status st = sc->run(sc->ctx);
  unsigned long total = failalloc_count();
  failalloc_record(NULL, 0);
  failalloc_arm(0, 0);
  if (st != YL_OK) {
    sweep_fail("status %d (%s) without any failure", (int)st, yl_strerror(st));
    sc->check(sc->ctx, st, 0);
    return;
  }
  if (sc->check(sc->ctx, st, 1)) sweep_fail("the run without failure looks wrong");
  if (failalloc_live() != live0)
    sweep_fail("the run without failure left %zu blocks", failalloc_live() - live0);
  if (total > sizeof sites / sizeof *sites) {
    sweep_fail("%lu allocations, more than the site table holds", total);
    return;
  }
  size_t nv = 0, nsites = 0;
  unsigned long *v = pick(sites, total, &nv, &nsites);
  if (!v) {
    sweep_fail("out of memory in the test");
    return;
  }
  size_t bad = 0;
  for (size_t i = 0; i < nv && bad < 10; i++) {
    unsigned long hits = 0;
    if (run_one(sc, v[i], 0, NULL, &hits)) bad++;
    if (!hits && !sc->varies) {
      sweep_fail("allocation %lu of %lu was not made again", v[i], total);
      bad++;
    }
    if (run_one(sc, v[i], 1, NULL, NULL)) bad++;
  }
  /* nothing fails: the run succeeds, with the same allocations as the first */
  unsigned long got = 0;
  run_one(sc, 0, 0, &got, NULL);
  if (!sc->varies && got != total)
    sweep_fail("%lu allocations, then %lu", total, got);
  free(v);
  double t1 = now();
  if (nv == total)
    printf("%-22s %6lu allocations, every one failed, %.1f s\n", sc->name, total, t1 - t0);
  else
    printf("%-22s %6lu allocations, %zu failed (all to %d, then the first %d and the last of "
           "each of %zu call stacks), %.1f s\n",
           sc->name, total, nv, FULL_SWEEP, MAX_SITES_RUNS, nsites, t1 - t0);
  fflush(stdout);
}

void sweep(const scenario *sc) {
  const char *only = getenv("YL_ALLOC_ONLY");
  if (only && !strstr(sc->name, only)) return;
  yl_t_current = sc->name;
  sweep_one(sc);
  yl_t_current = "set-up";
}
