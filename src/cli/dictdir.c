/* Finding the data folder (dict/): option, environment, install, source tree. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int has_marker(const char *dir) {
  char p[PATH_MAX];
  struct stat st;
  if ((size_t)snprintf(p, sizeof p, "%s/outlets.tsv", dir) >= sizeof p) return 0;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* True when this executable lives in the build folder it was built in. */
static int running_from_build(void) {
  char exe[PATH_MAX], build[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = '\0';
  if (!realpath(YL_BUILD_DIR, build)) return 0;
  size_t bl = strlen(build);
  return strncmp(exe, build, bl) == 0 && exe[bl] == '/';
}

/* <dir of the executable>/../share/yuliao, for an install moved or made with
 * 'cmake --install --prefix' other than the configured one. */
static int relocated_share(char *buf, size_t cap) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return 0;
  *slash = '\0';
  return (size_t)snprintf(buf, cap, "%s/../share/yuliao", exe) < cap;
}

int yl_cli_dict_dir(const char *explicit_dir, char *out, size_t cap) {
  const char *tried[5];
  const char *why[5];
  int nt = 0;
  const char *env = getenv("YULIAO_DICT_DIR");
  char rel[PATH_MAX];
  const char *cand[5] = {explicit_dir, env && *env ? env : NULL, YL_INSTALL_DICT_DIR,
                         relocated_share(rel, sizeof rel) ? rel : NULL,
                         running_from_build() ? YL_SOURCE_DICT_DIR : NULL};
  const char *label[5] = {"--dict-dir", "YULIAO_DICT_DIR", "installed data",
                          "beside the program", "source tree"};
  for (int i = 0; i < 5; i++) {
    if (!cand[i]) continue;
    if (has_marker(cand[i])) {
      if (strlen(cand[i]) >= cap) {
        yl_cli_err("%s: path too long", cand[i]);
        return YL_EXIT_DATA;
      }
      strcpy(out, cand[i]);
      return 0;
    }
    tried[nt] = cand[i];
    why[nt++] = label[i];
    /* An explicit choice that fails is an error: do not fall back silently. */
    if (i < 2) break;
  }
  yl_cli_err("cannot find the data folder (it must hold outlets.tsv); tried:");
  for (int i = 0; i < nt; i++) fprintf(stderr, "  %s (%s)\n", tried[i], why[i]);
  fputs("  set --dict-dir DIR or YULIAO_DICT_DIR, or install with cmake --install\n", stderr);
  return YL_EXIT_DATA;
}
