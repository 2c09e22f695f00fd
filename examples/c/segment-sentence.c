/* segment-sentence: the smallest program on libyuliao. Opens the compiled jieba
 * dictionary, segments each SENTENCE argument (or, with none, each line of standard
 * input) and prints its tokens joined by " / ", as `yuliao segment` does.
 *
 * Build against an installed yuliao (see README.md beside this file):
 *   cc -std=c17 segment-sentence.c $(pkg-config --cflags --libs yuliao) -o segment-sentence
 *   ./segment-sentence "$(pkg-config --variable=datadir yuliao)/jieba/jieba.ydict" 深度学习模型
 *   深度 / 学习 / 模型 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <yuliao/yuliao.h>

/* Prints the tokens of 'len' bytes of 'text' on one line. */
static int print_tokens(yl_segmenter *sg, const char *text, size_t len) {
  const yl_token *tok;
  size_t n;
  yl_status st = yl_segment(sg, text, len, 0, &tok, &n);
  if (st) {
    fprintf(stderr, "segment-sentence: %s\n", yl_strerror(st));
    return 1;
  }
  for (size_t i = 0; i < n; i++)
    printf("%s%.*s", i ? " / " : "", (int)tok[i].len, text + tok[i].off);
  putchar('\n');
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: segment-sentence JIEBA.YDICT [SENTENCE...]\n");
    return 2;
  }
  yl_dict *dict = NULL;
  yl_error err;
  /* NULL text folder: use the compiled file as it is, never rebuild it. */
  yl_status st = yl_dict_open(argv[1], NULL, &dict, NULL, &err);
  if (st) {
    char line[YL_ERROR_FORMAT_MAX]; /* "FILE: reason" */
    fprintf(stderr, "segment-sentence: %s\n", yl_error_format(&err, line, sizeof line));
    return 1;
  }
  yl_segmenter *sg = NULL;
  int rc = 0;
  if ((st = yl_segmenter_new(dict, &sg))) {
    fprintf(stderr, "segment-sentence: %s\n", yl_strerror(st));
    rc = 1;
  } else if (argc > 2) {
    for (int i = 2; i < argc && !rc; i++) rc = print_tokens(sg, argv[i], strlen(argv[i]));
  } else {
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while (!rc && (got = getline(&line, &cap, stdin)) >= 0) {
      size_t len = (size_t)got;
      while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
      rc = print_tokens(sg, line, len);
    }
    free(line);
  }
  yl_segmenter_free(sg); /* before its dictionary */
  yl_dict_free(dict);
  if (fflush(stdout) != 0) rc = 1;
  return rc;
}
