/* Allocation-failure tests: each public entry point (dictionary load and compile, user
 * words, segmenting, ingest tables and files, stop words, IDF tables, a whole analyze
 * run) is run again and again with its n-th allocation failing (tests/support/failalloc.c)
 * for n = 1, 2, 3 … until a run makes no more allocations than n. Every run must
 *   - not crash (ASan/UBSan in the sanitizer build),
 *   - free every block it allocated (checked after each run by the shim's pointer table;
 *     LeakSanitizer checks once more at exit in the ASan build),
 *   - return YL_ERR_NOMEM, or YL_OK with exactly the result of a run without failure
 *     (an allocation the code can do without, e.g. a cache),
 *   - leave no half-written file: analyze and compile write tables atomically, so after a
 *     failed run the output folder holds no temporary or part file, and every table in it
 *     is byte-identical to the table of a successful run (tables already committed stay,
 *     as analyze.h documents; the others must not exist).
 * A second sweep makes every allocation from the n-th on fail ("sticky"), which reaches
 * the clean-up paths that allocate themselves.
 *
 * The entry points a program calls as the command does (yl_config_*, yl_analyze_paths
 * with manifest.json, yl_extract_paths) are run the same way.
 *
 * Entry points whose runs allocate more than FULL_SWEEP times fail every n up to
 * FULL_SWEEP, then at the first three and the last allocation made from each distinct
 * call stack (recorded in a run without failure): every allocation site of the run is
 * failed at least once, without the quadratic cost of all n for runs that allocate in a
 * loop (loading the stop words allocates once per word, from a handful of sites).
 * With YL_ALLOC_FULL=1 every n is run; YL_ALLOC_ONLY=TEXT runs only the entry points
 * whose name contains TEXT.
 *
 * Dictionaries are built from the small text dictionary of tests/alloc/dict (the same
 * code as for jieba's 350,000 words, in a few dozen allocations); segmenting and
 * analyze share one compiled jieba dictionary with the example user words.
 *
 * Environment: YL_SRC (source tree), YL_TMP (scratch), YL_YDICT (the build's compiled
 * jieba dictionary). Not covered: allocations inside libc (fopen, opendir, iconv_open,
 * qsort's buffer, pthread_create), libxml2, utf8proc and GSL, which the linker's --wrap
 * cannot see. libxml2 could count its allocations here through xmlMemSetup, but 2.9.14's
 * HTML parser loops for ever when one of them fails (htmlParseDocument, on the front
 * matter example at its 31st allocation), so it is left out. */
#include <stdio.h>

#include "sweep.h"

int main(void) {
  if (sweep_setup()) return 1;
  alloc_test_dict();
  yl_dict *jieba = NULL;
  char user[1200];
  size_t nuser = 0;
  snprintf(user, sizeof user, "%s/examples/userdict-deepseek.txt", src_dir);
  if (yl_dict_open(ydict, NULL, &jieba, NULL, NULL) ||
      yl_dict_load_user(jieba, user, &nuser, NULL, NULL, NULL)) {
    fprintf(stderr, "cannot open %s with %s\n", ydict, user);
    return 1;
  }
  alloc_test_segment(jieba);
  yl_ingest *ing = NULL;
  alloc_test_ingest(&ing);
  alloc_test_filter_idf();
  if (ing) alloc_test_analyze(ing, jieba);
  alloc_test_paths();
  yl_ingest_free(ing);
  yl_dict_free(jieba);
  return sweep_done();
}

