/* The allocation-failure sweep of tests/alloc: one entry point of the library run with
 * each of its allocations failing in turn (see test_alloc_fail.c), and the helpers the
 * entry points' files share. Test-only code. */
#ifndef YL_ALLOC_SWEEP_H
#define YL_ALLOC_SWEEP_H

#include <stddef.h>

#include "yuliao/yuliao.h"

enum { REF_CAP = 1 << 16 }; /* bytes of a kept result (see keep_ref) */

/* Set by main: the source tree, the scratch folder, dict/, the small text dictionary of
 * tests/alloc/dict (dict.txt, hmm.tsv, user.txt) and the build's compiled jieba one. */
extern char src_dir[1024], tmp_dir[1024], dict_dir[1100], tiny_dir[1100], ydict[1100];

/* One entry point. 'run' is the call under test (the only code that runs armed: it
 * must not allocate itself); 'check' looks at what it left (its status, its result, the
 * files) and frees the result; it is called with ref = 1 once after a run without
 * failure, to keep the expected result, and returns 0 when all is well. */
typedef struct scenario {
  const char *name;
  void (*prepare)(void *ctx); /* optional: before each run, not counted */
  yl_status (*run)(void *ctx);
  int (*check)(void *ctx, yl_status st, int ref);
  void *ctx;
  int varies; /* the number and order of allocations depend on thread timing */
} scenario;

/* Runs 'sc' once without failure, then with each chosen allocation failing, once alone
 * and once with every later one failing, and last with none failing again. */
void sweep(const scenario *sc);

/* Reads YL_SRC, YL_TMP and YL_YDICT into the folders above and makes the scratch
 * folder: 0, or -1 after a message. */
int sweep_setup(void);

/* Counts a failed check and prints it (printf format). */
void sweep_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "N passed, N failed"; the exit status of the test. */
int sweep_done(void);

/* Helpers, called with no failure armed. */
char *slurp(const char *path, size_t *len); /* the file's bytes, NUL added; NULL */
int put_file(const char *path, const void *data, size_t len);   /* 0 or -1 */
int copy_file(const char *from, const char *to);                /* 0 or -1 */
int empty_dir(const char *dir); /* makes 'dir' an existing, empty folder of files: 0 or -1 */
int same_file(const char *a, const char *b);                    /* 1 when the bytes agree */
/* Copies the files 'names' (n of them) of the folder 'from' into the folder 'to', which
 * is emptied first: 0 or -1. */
int copy_outputs(const char *from, const char *to, const char *const *names, size_t n);
/* Looks at the output folder 'out' after a run: every entry must be one of 'names' and
 * the same as the file of that name in 'ref' ('same' compares, NULL: byte for byte).
 * Stores the number of entries in '*found'; returns 0, or 1 after saying on stderr what
 * is wrong. */
int check_outputs(const char *out, const char *ref, const char *const *names, size_t n,
                  int (*same)(const char *a, const char *b, const char *name), size_t *found);
/* Copies the result 's' of the run without failure into 'ref' (REF_CAP bytes): kept
 * out of the heap, so that it does not count as a block the run left. 0, or 1 when 's'
 * is NULL or too long. */
int keep_ref(char *ref, const char *s);

/* The entry points, one file each. */
void alloc_test_dict(void);                     /* alloc_dict.c */
void alloc_test_segment(const yl_dict *jieba);  /* alloc_dict.c */
void alloc_test_ingest(yl_ingest **shared);     /* alloc_ingest.c: leaves the tables */
void alloc_test_filter_idf(void);               /* alloc_ingest.c */
void alloc_test_analyze(const yl_ingest *ing, const yl_dict *jieba); /* alloc_analyze.c */
void alloc_test_paths(void);                    /* alloc_paths.c */

#endif
