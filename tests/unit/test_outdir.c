/* One run's output folder: the lock, the staging folder, the one-rename commit, the
 * refusal of a folder with a user's file, and the removal of a dead run's staging. */
#include "harness.h"
#include "yuliao/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[1024];

static void put(const char *dir, const char *name, const char *text) {
  char p[1200];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "w");
  OK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static int has(const char *dir, const char *name, const char *text) {
  char p[1200], buf[256] = "";
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return !strcmp(buf, text);
}

static int exists(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0;
}

/* The staging folders of 'out' in 'base' (their number). */
static int stagings(void) {
  DIR *d = opendir(base);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) n += strstr(e->d_name, ".out.yl-new-") != NULL;
  if (d) closedir(d);
  return n;
}

static void test_commit_and_lock(void) {
  char out[1100];
  snprintf(out, sizeof out, "%s/out", base);
  yl_outdir *d = NULL, *d2 = NULL;
  yl_error err;
  INT_EQ(yl_outdir_open(out, &d, &err), YL_OK);
  if (!d) return;
  OK(exists(out));
  OK(strstr(yl_outdir_staging(d), "/.out.yl-new-") != NULL);
  /* a second run on the same folder is refused at once */
  INT_EQ(yl_outdir_open(out, &d2, &err), YL_ERR_IO);
  OK(d2 == NULL);
  STR_EQ(err.message, "output folder in use by another yuliao run");
  put(yl_outdir_staging(d), "frequency.csv", "new");
  put(out, "texts.jsonl", "old"); /* an older run's table this one does not write */
  INT_EQ(yl_outdir_commit(d, &err), YL_OK);
  OK(has(out, "frequency.csv", "new"));
  char stale[1200];
  snprintf(stale, sizeof stale, "%s/texts.jsonl", out);
  OK(!exists(stale));
  INT_EQ(stagings(), 0);
  /* a failed run: the old set stays, and an error naming a staging file names the
   * output folder's file instead */
  INT_EQ(yl_outdir_open(out, &d, &err), YL_OK);
  if (!d) return;
  put(yl_outdir_staging(d), "frequency.csv", "half");
  snprintf(err.file, sizeof err.file, "%s/frequency.csv", yl_outdir_staging(d));
  yl_outdir_abort(d, &err);
  char want[1200];
  snprintf(want, sizeof want, "%s/frequency.csv", out);
  STR_EQ(err.file, want);
  OK(has(out, "frequency.csv", "new"));
  INT_EQ(stagings(), 0);
}

static void test_refusals(void) {
  char out[1100], dead[1200];
  snprintf(out, sizeof out, "%s/out", base);
  yl_outdir *d = NULL;
  yl_error err;
  /* a dead run's staging folder (its lock free) goes when the next run starts */
  snprintf(dead, sizeof dead, "%s/.out.yl-new-999999-0", base);
  OK(mkdir(dead, 0777) == 0);
  put(dead, "keyness.csv", "half");
  put(dead, ".yuliao-lock", "");
  INT_EQ(yl_outdir_open(out, &d, &err), YL_OK);
  OK(!exists(dead));
  INT_EQ(stagings(), 1); /* this run's own */
  yl_outdir_abort(d, NULL);
  /* a user's file: refused, untouched */
  put(out, "notes.txt", "mine");
  INT_EQ(yl_outdir_open(out, &d, &err), YL_ERR_IO);
  OK(strstr(err.message, "'notes.txt'") != NULL);
  OK(has(out, "notes.txt", "mine"));
  INT_EQ(stagings(), 0);
  /* a path that is a file: cannot be the folder */
  char file[1200];
  snprintf(file, sizeof file, "%s/out/notes.txt", base);
  INT_EQ(yl_outdir_open(file, &d, &err), YL_ERR_IO);
  INT_EQ(err.sys_errno, ENOTDIR);
}

int main(void) {
  const char *t = getenv("YL_TMP");
  snprintf(base, sizeof base, "%s/outdir", t ? t : "/tmp");
  char cmd[2200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", base, base);
  if (system(cmd) != 0) return 1;
  RUN(test_commit_and_lock);
  RUN(test_refusals);
  YL_TEST_DONE();
}
