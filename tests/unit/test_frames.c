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
  yl_frames_code(f, cnt, NULL, m, c);
  INT_EQ(c[0], 1); INT_EQ(m[0], 2); INT_EQ(c[1], 0); INT_EQ(m[1], 0); INT_EQ(c[2], 0);
  /* + 隐私 ×3: security by its first alternative, matches 数据 + 隐私 = 4 */
  cnt[term(f, "隐私")] = 3;
  yl_frames_code(f, cnt, NULL, m, c);
  INT_EQ(c[1], 1); INT_EQ(m[1], 4);
  /* 审查 without 开源: security by the second; with 开源 neither */
  memset(cnt, 0, sizeof cnt);
  cnt[term(f, "审查")] = 1;
  yl_frames_code(f, cnt, NULL, m, c);
  INT_EQ(c[1], 1); INT_EQ(m[1], 1);
  cnt[term(f, "开源")] = 5;
  yl_frames_code(f, cnt, NULL, m, c);
  INT_EQ(c[1], 0);
  /* the second line of chips is one more alternative; 开源 is no match of anything */
  memset(cnt, 0, sizeof cnt);
  cnt[term(f, "英伟达")] = 1, cnt[term(f, "开源")] = 1;
  yl_frames_code(f, cnt, NULL, m, c);
  INT_EQ(c[0], 1); INT_EQ(m[0], 1); INT_EQ(c[2], 0);
  yl_frames_free(f);
}

/* near(a, b, k): the test read, coded from its truth value, and the distance counted
 * in counted tokens (both orders; k is inclusive). */
static void test_near(void) {
  yl_frames *f = NULL;
  yl_error err;
  INT_EQ(load("race\tnear(美国, 中国, 2) | 竞赛 & !near(美国, 芯片, 1000)\n", &f, &err), YL_OK);
  if (!f) return;
  INT_EQ(yl_frames_nnear(f), 2);
  size_t a, b;
  unsigned k;
  yl_frames_near(f, 0, &a, &b, &k);
  STR_EQ(yl_frames_term(f, a), "美国");
  STR_EQ(yl_frames_term(f, b), "中国");
  INT_EQ(k, 2);
  uint64_t cnt[4] = {0}, m[1];
  unsigned char c[1], near[2] = {1, 0};
  cnt[term(f, "美国")] = 2, cnt[term(f, "中国")] = 1;
  yl_frames_code(f, cnt, near, m, c);
  INT_EQ(c[0], 1);
  INT_EQ(m[0], 3); /* 美国 and 中国: the near test's terms count as matches */
  near[0] = 0;
  yl_frames_code(f, cnt, near, m, c);
  INT_EQ(c[0], 0);
  cnt[term(f, "竞赛")] = 1; /* 竞赛 without 美国 … 芯片 near */
  yl_frames_code(f, cnt, near, m, c);
  INT_EQ(c[0], 1);
  near[1] = 1;
  yl_frames_code(f, cnt, near, m, c);
  INT_EQ(c[0], 0);
  /* the distance: ids 0..4 stand for frame terms 美国 (a), 中国 (b) or none */
  uint32_t of[5] = {0};
  of[1] = (uint32_t)a + 1, of[2] = (uint32_t)b + 1;
  const uint32_t t1[] = {1, 0, 2}, t2[] = {2, 0, 0, 1}, t3[] = {1, 1, 0, 0, 0, 2};
  INT_EQ(yl_frames_near_in(t1, 3, of, a, b, 2), 1); /* two apart */
  INT_EQ(yl_frames_near_in(t1, 3, of, a, b, 1), 0);
  INT_EQ(yl_frames_near_in(t2, 4, of, a, b, 3), 1); /* b first */
  INT_EQ(yl_frames_near_in(t2, 4, of, a, b, 2), 0);
  INT_EQ(yl_frames_near_in(t3, 6, of, a, b, 4), 1); /* from the nearer a */
  INT_EQ(yl_frames_near_in(t3, 6, of, a, b, 3), 0);
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
      {"chips\tnear(芯片, 美国)\n", ":1: near(a, b, k) takes two terms and a distance of 1 to 1000 tokens"},
      {"chips\tnear(芯片, 美国, 0)\n", ":1: near(a, b, k) takes two terms and a distance of 1 to 1000 tokens"},
      {"chips\tnear(芯片, 美国, 5\n", ":1: near(a, b, k) takes two terms and a distance of 1 to 1000 tokens"},
      {"chips\tnear(, 美国, 5)\n", ":1: an empty term (between '|' or '&', or after '!')"},
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
  RUN(test_near);
  RUN(test_errors);
  YL_TEST_DONE();
}
