/* Outlet table: host suffix and path matching, overrides, self-names, errors, and
 * the shipped dict/outlets.tsv. */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "yuliao/outlets.h"

static const char *id_of(const yl_outlets *t, const char *url) {
  const yl_outlet *o = yl_outlets_match(t, url);
  return o ? o->id : "(none)";
}

static void test_match(void) {
  yl_outlets *t;
  INT_EQ(yl_outlets_new(&t), YL_OK);
  const char *tsv = "# comment\n\nnews.example\tnx\t新闻\t新闻|NX\n"
                    "big.example/cn\tbigcn\t大中文\t大中文\nbig.example\tbig\t大\t\n";
  yl_error err;
  INT_EQ(yl_outlets_load_text(t, tsv, strlen(tsv), "t.tsv", &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  STR_EQ(id_of(t, "https://news.example/a"), "nx");
  STR_EQ(id_of(t, "http://www.news.example:8080/a?b"), "nx");
  STR_EQ(id_of(t, "https://sub.NEWS.example"), "nx");
  STR_EQ(id_of(t, "https://badnews.example/a"), "(none)"); /* suffix at a label boundary */
  STR_EQ(id_of(t, "https://big.example/cn/story"), "bigcn");
  STR_EQ(id_of(t, "https://big.example/cn"), "bigcn");
  STR_EQ(id_of(t, "https://big.example/cnn/story"), "big"); /* whole path segments */
  STR_EQ(id_of(t, "https://big.example/en/story"), "big");
  STR_EQ(id_of(t, "news.example/no-scheme"), "nx");
  const yl_outlet *o = yl_outlets_by_id(t, "nx");
  OK(o != NULL);
  if (o) {
    STR_EQ(o->name, "新闻");
    INT_EQ(o->n_self_names, 2);
    STR_EQ(o->self_names[0], "新闻");
    STR_EQ(o->self_names[1], "NX");
  }
  o = yl_outlets_by_id(t, "big");
  OK(o && o->n_self_names == 0);
  /* a later file overrides an equal key */
  const char *user = "news.example\tmine\t我的\n";
  INT_EQ(yl_outlets_load_text(t, user, strlen(user), "user.tsv", &err), YL_OK);
  STR_EQ(id_of(t, "https://news.example/a"), "mine");
  yl_outlets_free(t);
}

static void test_errors(void) {
  yl_outlets *t;
  yl_outlets_new(&t);
  yl_error err;
  char line[YL_ERROR_FORMAT_MAX];
  /* a bad line: the file and the line apart, the reason as the message */
  const char *bad = "ok.example\tok\tOK\nonly-two\tfields\n";
  INT_EQ(yl_outlets_load_text(t, bad, strlen(bad), "bad.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "bad.tsv", 2, 0, "expected 3 to 5 tab-separated fields");
  STR_EQ(yl_error_format(&err, line, sizeof line), "bad.tsv:2: expected 3 to 5 tab-separated fields");
  const char *empty = "# ok\nx.example\t \tX\n";
  INT_EQ(yl_outlets_load_text(t, empty, strlen(empty), "e.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "e.tsv", 2, 0, "empty host, id or name");
  /* a missing file: its errno and its sentence */
  INT_EQ(yl_outlets_load(t, "/nonexistent/outlets.tsv", &err), YL_ERR_IO);
  ERR_EQ(err, YL_ERR_IO, "/nonexistent/outlets.tsv", 0, ENOENT, strerror(ENOENT));
  /* NULL is allowed */
  INT_EQ(yl_outlets_load(t, "/nonexistent/outlets.tsv", NULL), YL_ERR_IO);
  yl_outlets_free(t);
}

/* The fifth field: house terms, and labels (ending with a colon, ASCII or full-width);
 * a colon alone is nothing; six fields are an error. */
static void test_house(void) {
  yl_outlets *t;
  yl_outlets_new(&t);
  yl_error err;
  const char *text = "dw.example\tdw\t德国之声\t德国之声\t中文网| 记者： |问:|：|中央社|+ 德国之声奖 |+\n"
                     "plain.example\tplain\tPlain\n";
  INT_EQ(yl_outlets_load_text(t, text, strlen(text), "h.tsv", &err), YL_OK);
  const yl_outlet *o = yl_outlets_by_id(t, "dw");
  OK(o != NULL);
  if (o) {
    INT_EQ(o->n_self_names, 1);
    INT_EQ(o->n_house_terms, 2);
    if (o->n_house_terms == 2) {
      STR_EQ(o->house_terms[0], "中文网");
      STR_EQ(o->house_terms[1], "中央社");
    }
    INT_EQ(o->n_labels, 2);
    if (o->n_labels == 2) {
      STR_EQ(o->labels[0], "记者：");
      STR_EQ(o->labels[1], "问:");
    }
    /* '+': a longer word holding the name; a '+' alone is nothing */
    INT_EQ(o->n_words, 1);
    if (o->n_words == 1) STR_EQ(o->words[0], "德国之声奖");
  }
  o = yl_outlets_by_id(t, "plain");
  OK(o && o->n_house_terms == 0 && o->n_labels == 0 && o->n_self_names == 0 && o->n_words == 0);
  const char *six = "x.example\tx\tX\ta\tb\tc\n";
  INT_EQ(yl_outlets_load_text(t, six, strlen(six), "six.tsv", &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, "six.tsv", 1, 0, "expected 3 to 5 tab-separated fields");
  yl_outlets_free(t);
}

/* Kin of an unmatched URL: an entry on the same host with another path first, then
 * one whose host shares the domain (two labels; three under com.tw, co.uk). */
static void test_kin(void) {
  yl_outlets *t;
  yl_outlets_new(&t);
  yl_error err;
  const char *text = "bbc.example/zhongwen\tbbc\tBBC\n"
                     "cn.nikkei.example\tnikkei\tNikkei\n"
                     "news.cna.com.tw\tcna\tCNA\n";
  INT_EQ(yl_outlets_load_text(t, text, strlen(text), "k.tsv", &err), YL_OK);
  const char *key = NULL;
  OK(yl_outlets_match(t, "https://www.bbc.example/news/1") == NULL);
  const yl_outlet *o = yl_outlets_kin(t, "https://www.bbc.example/news/1", &key);
  OK(o && !strcmp(o->id, "bbc"));
  if (o) STR_EQ(key, "bbc.example/zhongwen");
  o = yl_outlets_kin(t, "https://asia.nikkei.example/x", &key);
  OK(o && !strcmp(o->id, "nikkei"));
  if (o) STR_EQ(key, "cn.nikkei.example");
  o = yl_outlets_kin(t, "https://www.cna.com.tw/x", &key);
  OK(o && !strcmp(o->id, "cna"));
  OK(yl_outlets_kin(t, "https://other.com.tw/x", &key) == NULL); /* com.tw is no domain */
  OK(yl_outlets_kin(t, "https://example.org/a", &key) == NULL);
  OK(yl_outlets_kin(t, "https://[::1]/a", &key) == NULL);
  OK(yl_outlets_kin(t, "no host", &key) == NULL);
  yl_outlets_free(t);
}

static void test_host(void) {
  char *h = yl_outlets_host("https://WWW.DW.com:443/zh/a-1");
  STR_EQ(h, "dw.com");
  free(h);
  h = yl_outlets_host("https://user@site.example/x");
  STR_EQ(h, "site.example");
  free(h);
  OK(yl_outlets_host("https:///nohost") == NULL);
  /* a final dot names the same host; IPv6 literals are whole hosts, each its own */
  h = yl_outlets_host("https://www.dw.com./zh/a-2");
  STR_EQ(h, "dw.com");
  free(h);
  h = yl_outlets_host("http://[2001:DB8::1]:8080/a");
  STR_EQ(h, "[2001:db8::1]");
  free(h);
  h = yl_outlets_host("http://[2001:db8::2]/b");
  STR_EQ(h, "[2001:db8::2]");
  free(h);
}

static void test_shipped(void) {
  const char *dir = getenv("YULIAO_DICT_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/outlets.tsv", dir ? dir : "dict");
  yl_outlets *t;
  yl_outlets_new(&t);
  yl_error err;
  INT_EQ(yl_outlets_load(t, path, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  STR_EQ(id_of(t, "https://cn.nikkei.com/columnviewpoint/x.html"), "nikkei");
  STR_EQ(id_of(t, "https://www.dw.com/zh/a-71481279"), "dw");
  STR_EQ(id_of(t, "https://www.dw.com./zh/a-71481279"), "dw"); /* fully qualified */
  STR_EQ(id_of(t, "https://www.voachinese.com/a/x/1.html"), "voa");
  STR_EQ(id_of(t, "https://www.bbc.com/zhongwen/simp/x"), "bbc");
  STR_EQ(id_of(t, "https://www.bbc.com/news/x"), "(none)");
  const yl_outlet *o = yl_outlets_by_id(t, "dw");
  OK(o && !strcmp(o->name, "德国之声") && o->n_self_names == 3 && o->n_house_terms == 2 && o->n_labels == 2);
  yl_outlets_free(t);
}

int main(void) {
  RUN(test_match);
  RUN(test_errors);
  RUN(test_house);
  RUN(test_kin);
  RUN(test_host);
  RUN(test_shipped);
  YL_TEST_DONE();
}
