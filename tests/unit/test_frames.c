/* Frame dictionaries (pipeline/frames.c): each expression form — one term, '|', '&',
 * '!', several lines of one frame, comments — and the coding of a document from its
 * term counts, worked out by hand; malformed rules name the file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pipeline/frames.h"

static char path[4200];

static yl_status load(const char *text, yl_frames **f, yl_error *err) {
  char dir[4096];
  if (yl_test_scratch("frames", dir, sizeof dir)) return YL_ERR_IO;
  snprintf(path, sizeof path, "%s/rules.tsv", dir);
  FILE *fp = fopen(path, "wb");
  if (!fp) return YL_ERR_IO;
  fputs(text, fp);
  fclose(fp);
  return yl_frames_load(path, NULL, f, err);
}

static size_t term(const yl_frames *f, const char *t) {
  for (size_t i = 0; i < yl_frames_nterms(f); i++)
    if (!strcmp(yl_frames_term(f, i), t)) return i;
  return SIZE_MAX;
}

static void test_forms(void) {
  yl_frames *f = NULL;
  yl_error err;
  INT_EQ(load("# a comment\n"
              "chips\t芯片 | 出口管制\n"
              "security\t数据 & 隐私 | 审查 & !开源\n"
              "chips\t英伟达\n"
              "\n"
              "cost\t成本\n",
              &f, &err),
         YL_OK);
  if (!f) return;
  INT_EQ(yl_frames_count(f), 3); /* chips, security, cost: in order of first line */
  STR_EQ(yl_frames_name(f, 0), "chips");
  STR_EQ(yl_frames_name(f, 1), "security");
  STR_EQ(yl_frames_name(f, 2), "cost");
  INT_EQ(yl_frames_nterms(f), 8);
  uint64_t cnt[8] = {0}, m[3];
  unsigned char c[3];
  /* 芯片 ×2, 数据 ×1: chips (matches 2, the 芯片), not security (隐私 missing) */
  cnt[term(f, "芯片")] = 2, cnt[term(f, "数据")] = 1;
  yl_frames_code(f, cnt, m, c);
  INT_EQ(c[0], 1); INT_EQ(m[0], 2); INT_EQ(c[1], 0); INT_EQ(m[1], 0); INT_EQ(c[2], 0);
  /* + 隐私 ×3: security by its first alternative, matches 数据 + 隐私 = 4 */
  cnt[term(f, "隐私")] = 3;
  yl_frames_code(f, cnt, m, c);
  INT_EQ(c[1], 1); INT_EQ(m[1], 4);
  /* 审查 without 开源: security by the second; with 开源 neither */
  memset(cnt, 0, sizeof cnt);
  cnt[term(f, "审查")] = 1;
  yl_frames_code(f, cnt, m, c);
  INT_EQ(c[1], 1); INT_EQ(m[1], 1);
  cnt[term(f, "开源")] = 5;
  yl_frames_code(f, cnt, m, c);
  INT_EQ(c[1], 0);
  /* the second line of chips is one more alternative; 开源 is no match of anything */
  memset(cnt, 0, sizeof cnt);
  cnt[term(f, "英伟达")] = 1, cnt[term(f, "开源")] = 1;
  yl_frames_code(f, cnt, m, c);
  INT_EQ(c[0], 1); INT_EQ(m[0], 1); INT_EQ(c[2], 0);
  yl_frames_free(f);
}

static void test_errors(void) {
  static const struct {
    const char *text, *msg;
  } bad[] = {
      {"chips 芯片\n", ":1: expected FRAME<TAB>EXPRESSION"},
      {"# only\n\tx\n", ":2: a rule without a frame name"},
      {"chips\t芯片 | \n", ":1: an empty term (between '|' or '&', or after '!')"},
      {"chips\t芯片 & !\n", ":1: an empty term (between '|' or '&', or after '!')"},
      {"chips\tnear(芯片, 美国, 5)\n", ":1: near(a, b, k) is not supported: use a & b (the same document)"},
      {"# nothing\n", ": no rule (FRAME<TAB>EXPRESSION) in the file"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    yl_frames *f = NULL;
    yl_error err;
    INT_EQ(load(bad[i].text, &f, &err), YL_ERR_DICT);
    OK(f == NULL);
    char line[YL_ERROR_FORMAT_MAX];
    const char *s = yl_error_format(&err, line, sizeof line);
    OK(strstr(s, bad[i].msg) != NULL);
    if (!strstr(s, bad[i].msg)) fprintf(stderr, "  got: %s\n", s);
  }
}

int main(void) {
  RUN(test_forms);
  RUN(test_errors);
  YL_TEST_DONE();
}
