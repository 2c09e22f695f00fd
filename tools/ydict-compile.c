/* Build-time tool: compiles dict/jieba/{dict.txt,hmm.tsv} into jieba.ydict. */
#include <stdio.h>

#include "yuliao/segment.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s TEXT_DIR OUT.ydict\n", argv[0]);
    return 2;
  }
  yl_status st = yl_dict_compile(argv[1], argv[2]);
  if (st) {
    fprintf(stderr, "%s: cannot compile %s into %s: %s\n", argv[0], argv[1], argv[2],
            yl_strerror(st));
    return 1;
  }
  return 0;
}
