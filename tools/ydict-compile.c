/* Build-time tool: compiles dict/jieba/{dict.txt,hmm.tsv} into jieba.ydict. */
#include <stdio.h>

#include "yuliao/segment.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s TEXT_DIR OUT.ydict\n", argv[0]);
    return 2;
  }
  yl_error err;
  if (yl_dict_compile(argv[1], argv[2], &err)) {
    char line[YL_ERROR_FORMAT_MAX];
    fprintf(stderr, "%s: cannot compile %s into %s: %s\n", argv[0], argv[1], argv[2],
            yl_error_format(&err, line, sizeof line));
    return 1;
  }
  return 0;
}
