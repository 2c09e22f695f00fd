/* Duplicate detection: same URL, same body, first in input order wins. */
#include "harness.h"
#include "yuliao/dedupe.h"

static yl_doc make(yl_para *p, size_t n) {
  yl_doc d;
  memset(&d, 0, sizeof d);
  d.paras = p;
  d.n_paras = n;
  return d;
}

static void test_body_hash(void) {
  yl_para a[] = {{YL_PARA_TITLE, (char *)"标题", 6}, {YL_PARA_BODY, (char *)"第一段。", 12},
                 {YL_PARA_BODY, (char *)"第二段。", 12}};
  yl_para b[] = {{YL_PARA_TITLE, (char *)"另一个标题", 15}, {YL_PARA_CAPTION, (char *)"图", 3},
                 {YL_PARA_BODY, (char *)"第一段。", 12}, {YL_PARA_BODY, (char *)"第二段。", 12}};
  /* the same words split differently into paragraphs are a different body */
  yl_para c[] = {{YL_PARA_BODY, (char *)"第一段。第", 15}, {YL_PARA_BODY, (char *)"二段。", 9}};
  yl_para none[] = {{YL_PARA_TITLE, (char *)"只有标题", 12}};
  yl_doc da = make(a, 3), db = make(b, 4), dc = make(c, 2), dn = make(none, 1);
  OK(yl_doc_body_hash(&da) != 0);
  INT_EQ(yl_doc_body_hash(&da) == yl_doc_body_hash(&db), 1); /* titles, captions ignored */
  INT_EQ(yl_doc_body_hash(&da) == yl_doc_body_hash(&dc), 0);
  INT_EQ(yl_doc_body_hash(&dn), 0);
  INT_EQ(yl_url_hash(NULL), 0);
  INT_EQ(yl_url_hash(""), 0);
  OK(yl_url_hash("https://a/x") != yl_url_hash("https://a/y"));
}

static void test_check(void) {
  yl_dedupe *d;
  INT_EQ(yl_dedupe_new(&d), YL_OK);
  yl_dup_kind k;
  size_t first = 99;
  /* doc 0: url u1, body b1 */
  INT_EQ(yl_dedupe_check(d, 11, 21, 0, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_NONE);
  /* doc 1: new url, new body */
  INT_EQ(yl_dedupe_check(d, 12, 22, 1, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_NONE);
  /* doc 2: same URL as doc 1, other body → duplicate of 1 by URL */
  INT_EQ(yl_dedupe_check(d, 12, 23, 2, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_URL);
  INT_EQ(first, 1);
  /* doc 3: no URL, body of doc 0 → duplicate of 0 by body */
  INT_EQ(yl_dedupe_check(d, 0, 21, 3, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_BODY);
  INT_EQ(first, 0);
  /* doc 4: body 23 was seen only on a duplicate, which is not recorded: new */
  INT_EQ(yl_dedupe_check(d, 0, 23, 4, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_NONE);
  /* docs without URL and body are never duplicates */
  INT_EQ(yl_dedupe_check(d, 0, 0, 5, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_NONE);
  INT_EQ(yl_dedupe_check(d, 0, 0, 6, &k, &first), YL_OK);
  INT_EQ(k, YL_DUP_NONE);
  STR_EQ(yl_dup_kind_name(YL_DUP_URL), "same URL");
  yl_dedupe_free(d);
  yl_dedupe_free(NULL);
}

int main(void) {
  RUN(test_body_hash);
  RUN(test_check);
  YL_TEST_DONE();
}
