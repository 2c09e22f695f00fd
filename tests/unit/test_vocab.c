/* Vocabulary: interning, lookup, growth, byte order, merging with an id map. */
#include <stdint.h>

#include "harness.h"
#include "yuliao/vocab.h"

static void test_intern_find(void) {
  yl_vocab *v;
  INT_EQ(yl_vocab_new(&v), YL_OK);
  uint32_t a, b, c, d;
  INT_EQ(yl_vocab_intern(v, "模型", strlen("模型"), &a), YL_OK);
  INT_EQ(yl_vocab_intern(v, "芯片", strlen("芯片"), &b), YL_OK);
  INT_EQ(yl_vocab_intern(v, "模型", strlen("模型"), &c), YL_OK);
  INT_EQ(a, 0);
  INT_EQ(b, 1);
  INT_EQ(c, a);
  INT_EQ(yl_vocab_size(v), 2);
  INT_EQ(yl_vocab_find(v, "芯片", strlen("芯片"), &d), YL_OK);
  INT_EQ(d, b);
  INT_EQ(yl_vocab_find(v, "芯", strlen("芯"), &d), YL_ERR_NOTFOUND);
  /* Embedded NUL and the empty string are ordinary terms. */
  INT_EQ(yl_vocab_intern(v, "a\0b", 3, &d), YL_OK);
  INT_EQ(yl_vocab_intern(v, "a", 1, &c), YL_OK);
  OK(c != d);
  INT_EQ(yl_vocab_intern(v, "", 0, &c), YL_OK);
  size_t len;
  const char *s = yl_vocab_term(v, d, &len);
  MEM_EQ(s, len, "a\0b", 3);
  STR_EQ(yl_vocab_term(v, a, NULL), "模型");
  yl_vocab_free(v);
}

/* Many terms force slot growth and new byte chunks; earlier pointers must survive. */
static void test_growth(void) {
  yl_vocab *v;
  INT_EQ(yl_vocab_new(&v), YL_OK);
  const char *first = NULL;
  char buf[32];
  int bad = 0;
  for (int i = 0; i < 100000; i++) {
    int n = snprintf(buf, sizeof buf, "term%d", i);
    uint32_t id;
    if (yl_vocab_intern(v, buf, (size_t)n, &id) != YL_OK || id != (uint32_t)i) bad++;
    if (i == 0) first = yl_vocab_term(v, id, NULL);
  }
  INT_EQ(bad, 0);
  INT_EQ(yl_vocab_size(v), 100000);
  STR_EQ(first, "term0");
  for (int i = 0; i < 100000; i += 997) {
    int n = snprintf(buf, sizeof buf, "term%d", i);
    uint32_t id = 0;
    if (yl_vocab_find(v, buf, (size_t)n, &id) != YL_OK || id != (uint32_t)i) bad++;
  }
  INT_EQ(bad, 0);
  yl_vocab_free(v);
}

static void test_order_and_merge(void) {
  yl_vocab *a, *b;
  INT_EQ(yl_vocab_new(&a), YL_OK);
  INT_EQ(yl_vocab_new(&b), YL_OK);
  const char *wa[] = {"美国", "DeepSeek", "Deep", "芯片"};
  const char *wb[] = {"芯片", "出口", "Deep"};
  uint32_t id;
  for (int i = 0; i < 4; i++) yl_vocab_intern(a, wa[i], strlen(wa[i]), &id);
  for (int i = 0; i < 3; i++) yl_vocab_intern(b, wb[i], strlen(wb[i]), &id);
  /* Byte order: ASCII before CJK, a prefix before its extensions. */
  OK(yl_vocab_cmp(a, 2, 1) < 0);
  OK(yl_vocab_cmp(a, 1, 0) < 0);
  INT_EQ(yl_vocab_cmp(a, 3, 3), 0);
  uint32_t *sorted;
  INT_EQ(yl_vocab_sorted(a, &sorted), YL_OK);
  STR_EQ(yl_vocab_term(a, sorted[0], NULL), "Deep");
  STR_EQ(yl_vocab_term(a, sorted[1], NULL), "DeepSeek");
  /* UTF-8 bytes: 美 E7 BE 8E < 芯 E8 8A AF */
  STR_EQ(yl_vocab_term(a, sorted[2], NULL), "美国");
  STR_EQ(yl_vocab_term(a, sorted[3], NULL), "芯片");
  yl_free(sorted);
  uint32_t *map;
  INT_EQ(yl_vocab_merge(a, b, &map), YL_OK);
  INT_EQ(yl_vocab_size(a), 5);
  INT_EQ(map[0], 3); /* 芯片 */
  INT_EQ(map[1], 4); /* 出口, new */
  INT_EQ(map[2], 2); /* Deep */
  STR_EQ(yl_vocab_term(a, map[1], NULL), "出口");
  yl_free(map);
  yl_vocab_free(a);
  yl_vocab_free(b);
}

int main(void) {
  RUN(test_intern_find);
  RUN(test_growth);
  RUN(test_order_and_merge);
  YL_TEST_DONE();
}
