/* Boilerplate rules: each kind, outlet scoping, order (last-bold after the others),
 * file errors, and the shipped dict/boilerplate.tsv loading. */
#include <errno.h>
#include <stdlib.h>

#include "ingest/boiler.h"
#include "harness.h"

static yl_html_para P(const char *t, unsigned f) {
  return (yl_html_para){(char *)t, strlen(t), f};
}

static yl_boiler *load(const char *tsv) {
  yl_boiler *b;
  yl_boiler_new(&b);
  yl_error err;
  INT_EQ(yl_boiler_load_text(b, tsv, strlen(tsv), "t.tsv", &err), YL_OK);
  if (err.code) fprintf(stderr, "%s:%zu: %s\n", err.file, err.line, err.message);
  return b;
}

static void test_kinds(void) {
  yl_boiler *b = load("# rules\n"
                      "*\tprefix\t版权所有\n"
                      "*\tcontains\t转载请注明\n"
                      "*\tequals\t完\n"
                      "*\tbold-prefix\t编辑：\n"
                      "*\titalic-prefix\t声明\n"
                      "*\thr-footer\t订阅\n");
  yl_html_para p[] = {
      P("正文 版权所有 不在开头", 0),     /* 0 keep: prefix must start the paragraph */
      P("版权所有，翻印必究", 0),         /* 1 drop prefix */
      P("本文转载请注明出处", 0),         /* 2 drop contains */
      P("完", 0),                         /* 3 drop equals */
      P("完了", 0),                       /* 4 keep */
      P("编辑：某某", YL_HTML_BOLD),      /* 5 drop bold-prefix */
      P("编辑：不粗", 0),                 /* 6 keep */
      P("声明：斜体", YL_HTML_ITALIC),    /* 7 drop italic-prefix */
      P("声明：正体", 0),                 /* 8 keep */
      P("订阅不在hr后", 0),               /* 9 keep: hr-footer needs an <hr> before */
      P("hr 后的正常段", YL_HTML_AFTER_HR), /* 10 keep: before the footer starts */
      P("欢迎订阅：", YL_HTML_AFTER_HR),  /* 11 drop: footer starts */
      P("https://feed.example", YL_HTML_AFTER_HR), /* 12 drop: after footer */
  };
  size_t n = sizeof p / sizeof *p;
  unsigned char drop[sizeof p / sizeof *p] = {0};
  INT_EQ(yl_boiler_apply(b, "any", p, n, drop), 7);
  const unsigned char want[] = {0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1};
  MEM_EQ(drop, n, want, n);
  yl_boiler_free(b);
}

static void test_outlet_scope_and_last_bold(void) {
  yl_boiler *b = load("o1\tprefix\t本文作者为\n"
                      "o1\tprefix\t版权声明：\n"
                      "o1\tlast-bold-contains\t本报\n");
  yl_html_para p[] = {
      P("本报记者说，正文。", 0),              /* keep: not bold, not last */
      P("正文。", 0),                          /* keep */
      P("本报驻京记者 某某", YL_HTML_BOLD),    /* drop: last after the copyright line goes */
      P("版权声明：所有", YL_HTML_BOLD),       /* drop prefix */
  };
  unsigned char drop[4] = {0};
  INT_EQ(yl_boiler_apply(b, "o1", p, 4, drop), 2);
  const unsigned char want[] = {0, 0, 1, 1};
  MEM_EQ(drop, 4, want, 4);
  /* another outlet: none of o1's rules apply */
  unsigned char d2[4] = {0};
  INT_EQ(yl_boiler_apply(b, "o2", p, 4, d2), 0);
  /* last-bold only looks at the last remaining paragraph */
  yl_html_para q[] = {P("本报消息", YL_HTML_BOLD), P("最后一段正文", 0)};
  unsigned char d3[2] = {0};
  INT_EQ(yl_boiler_apply(b, "o1", q, 2, d3), 0);
  yl_boiler_free(b);
}

static void test_normalised_rule_text(void) {
  /* full-width letters in the rule fold like article text does */
  yl_boiler *b = load("*\tprefix\tＲＳＳ：\n");
  yl_html_para p[] = {P("RSS：订阅", 0)};
  unsigned char drop[1] = {0};
  INT_EQ(yl_boiler_apply(b, NULL, p, 1, drop), 1);
  yl_boiler_free(b);
}

static void test_errors(void) {
  yl_boiler *b;
  yl_boiler_new(&b);
  yl_error err;
  const char *bad1 = "*\tprefix\tok\n*\tsuffix\tx\n";
  INT_EQ(yl_boiler_load_text(b, bad1, strlen(bad1), "r.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "r.tsv", 2, 0, "unknown rule kind");
  const char *bad2 = "*\tprefix\n";
  INT_EQ(yl_boiler_load_text(b, bad2, strlen(bad2), "r.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "r.tsv", 1, 0, "expected OUTLET<TAB>KIND<TAB>TEXT");
  const char *bad3 = "# c\n\n*\tprefix\t   \n";
  INT_EQ(yl_boiler_load_text(b, bad3, strlen(bad3), "r.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "r.tsv", 3, 0, "empty rule text");
  INT_EQ(yl_boiler_load(b, "/nonexistent/boilerplate.tsv", &err), YL_ERR_IO);
  ERR_EQ(err, YL_ERR_IO, "/nonexistent/boilerplate.tsv", 0, ENOENT, strerror(ENOENT));
  yl_boiler_free(b);
}

static void test_shipped(void) {
  const char *dir = getenv("YULIAO_DICT_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/boilerplate.tsv", dir ? dir : "dict");
  yl_boiler *b;
  yl_boiler_new(&b);
  yl_error err;
  INT_EQ(yl_boiler_load(b, path, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  yl_html_para p[] = {P("记者：问题？", YL_HTML_BOLD), P("德国之声：问题？", YL_HTML_BOLD),
                      P("最后一段。", 0), P("获取更多RSS：", YL_HTML_AFTER_HR)};
  unsigned char drop[4] = {0};
  yl_boiler_apply(b, "dw", p, 4, drop);
  const unsigned char want[] = {0, 0, 0, 1}; /* interview markers are content */
  MEM_EQ(drop, 4, want, 4);
  yl_boiler_free(b);
}

int main(void) {
  RUN(test_kinds);
  RUN(test_outlet_scope_and_last_bold);
  RUN(test_normalised_rule_text);
  RUN(test_errors);
  RUN(test_shipped);
  YL_TEST_DONE();
}
