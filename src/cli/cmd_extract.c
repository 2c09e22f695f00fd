/* yuliao extract: placeholder until its module lands (replaced by the real command). */
#include "cli.h"

int yl_cmd_extract(int argc, char **argv) {
  (void)argc;
  yl_cli_err("%s: not built yet", argv[0]);
  return YL_EXIT_INTERNAL;
}
