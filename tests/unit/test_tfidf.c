/* TF-IDF schemes, IDF sources, order independence.
 *
 * sklearn oracle (sklearn 1.2.1, this machine):
 *   /usr/bin/python3 -c 'from sklearn.feature_extraction.text import TfidfVectorizer as V;
 *     v=V(tokenizer=str.split, token_pattern=None, lowercase=False);
 *     X=v.fit_transform(DOCS).toarray(); print(v.get_feature_names_out(), X)'
 *   with DOCS = the three documents below (document level), and for the group level
 *   DOCS = ["深度 求索 发布 模型 模型 美国 芯片 出口 管制 模型", "深度 求索 美国 芯片",
 *           "芯片 芯片 芯片 模型"] (each group's documents joined).
 * tidytext and quanteda document-0 values: ANALYSIS-ANCHORS §2.4.
 * jieba oracle (jieba 0.42.1) with the fixture IDF table written below:
 *   t = jieba.analyse.TFIDF("idf.txt"); t.tokenizer = <object whose cut() is str.split>;
 *   t.extract_tags("深度 求索 发布 模型 模型 DeepSeek 美国", topK=None, withWeight=True)
 *   → 模型 1.7142857, 求索 1.6071429, 深度 1.3571429, 发布 1.1428571 (median 8.0),
 *     DeepSeek 1.1428571, 美国 0.6428571. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "count_text.h"
#include "yuliao/tfidf.h"

static const char *docs[] = {"深度 求索 发布 模型 模型", "美国 芯片 出口 管制 模型",
                             "深度 求索 美国 芯片", "芯片 芯片 芯片 模型"};

/* Checks rows against (term, weight) pairs in expected order. */
static void expect_rows(const yl_tfidf_row *r, size_t n, const char *const *terms,
                        const double *w, size_t nw, double tol) {
  INT_EQ(n, nw);
  for (size_t i = 0; i < n && i < nw; i++) {
    STR_EQ(r[i].term, terms[i]);
    DBL_NEAR(r[i].weight, w[i], tol);
  }
}

typedef struct fixture {
  yl_vocab *v;
  yl_counts *doc[3];
  yl_counts *corpus;
  yl_idf *idf;
} fixture;

static void setup(fixture *f) {
  yl_vocab_new(&f->v);
  yl_counts_new(&f->corpus);
  for (int d = 0; d < 3; d++) {
    yl_counts_new(&f->doc[d]);
    count_text(f->v, f->doc[d], docs[d]);
    yl_counts_add_doc(f->corpus, f->doc[d]);
  }
  INT_EQ(yl_idf_from_counts(f->corpus, &f->idf), YL_OK);
}

static void teardown(fixture *f) {
  for (int d = 0; d < 3; d++) yl_counts_free(f->doc[d]);
  yl_counts_free(f->corpus);
  yl_idf_free(f->idf);
  yl_vocab_free(f->v);
}

static void test_sklearn_docs(void) {
  fixture f;
  setup(&f);
  INT_EQ(yl_idf_size(f.idf), 3);
  INT_EQ(yl_idf_is_table(f.idf), 0);
  yl_tfidf_row *r;
  size_t n;
  INT_EQ(yl_tfidf_rows(f.doc[0], f.v, f.idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  /* 求索 and 深度 tie: byte order (E6B182 < E6B7B1). */
  const char *t0[] = {"模型", "发布", "求索", "深度"};
  const double w0[] = {0.719400772, 0.472962782, 0.359700386, 0.359700386};
  expect_rows(r, n, t0, w0, 4, 1e-8);
  DBL_NEAR(r[1].idf, 1.693147, 1e-6);
  DBL_NEAR(r[0].tf, 2.0, 0);
  yl_free(r);
  INT_EQ(yl_tfidf_rows(f.doc[1], f.v, f.idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  const char *t1[] = {"出口", "管制", "模型", "美国", "芯片"};
  const double w1[] = {0.517419944, 0.517419944, 0.393511204, 0.393511204, 0.393511204};
  expect_rows(r, n, t1, w1, 5, 1e-8);
  yl_free(r);
  INT_EQ(yl_tfidf_rows(f.doc[2], f.v, f.idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  const char *t2[] = {"求索", "深度", "美国", "芯片"};
  const double w2[] = {0.5, 0.5, 0.5, 0.5};
  expect_rows(r, n, t2, w2, 4, 1e-12);
  yl_free(r);
  teardown(&f);
}

static void test_other_schemes(void) {
  fixture f;
  setup(&f);
  yl_tfidf_row *r;
  size_t n;
  INT_EQ(yl_tfidf_rows(f.doc[0], f.v, f.idf, YL_TFIDF_TIDYTEXT, &r, &n), YL_OK);
  const char *tt[] = {"发布", "模型", "求索", "深度"};
  const double wt[] = {0.219722, 0.162186, 0.081093, 0.081093};
  expect_rows(r, n, tt, wt, 4, 1e-6);
  DBL_NEAR(r[1].tf, 0.4, 1e-15);
  yl_free(r);
  INT_EQ(yl_tfidf_rows(f.doc[0], f.v, f.idf, YL_TFIDF_QUANTEDA, &r, &n), YL_OK);
  const double wq[] = {0.477121, 0.352183, 0.176091, 0.176091};
  expect_rows(r, n, tt, wq, 4, 1e-6);
  yl_free(r);
  /* jieba with a batch IDF: count/len × ln(N/df), the same as tidytext. */
  INT_EQ(yl_tfidf_rows(f.doc[0], f.v, f.idf, YL_TFIDF_JIEBA, &r, &n), YL_OK);
  expect_rows(r, n, tt, wt, 4, 1e-6);
  yl_free(r);
  INT_EQ(yl_tfidf_rows(f.doc[0], f.v, f.idf, (yl_tfidf_scheme)9, &r, &n), YL_ERR_INVALID);
  teardown(&f);
}

static void test_scheme_names(void) {
  yl_tfidf_scheme s;
  INT_EQ(yl_tfidf_scheme_parse("quanteda", &s), YL_OK);
  INT_EQ(s, YL_TFIDF_QUANTEDA);
  STR_EQ(yl_tfidf_scheme_name(YL_TFIDF_JIEBA), "jieba");
  INT_EQ(yl_tfidf_scheme_parse("bm25", &s), YL_ERR_INVALID);
}

/* Group level: a table of groups added as units gives N = groups, df = groups. */
static void test_group_level(void) {
  yl_vocab *v;
  yl_counts *doc, *g[3], *groups;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  yl_counts_new(&groups);
  const int group_of[] = {0, 0, 1, 2};
  for (int i = 0; i < 3; i++) yl_counts_new(&g[i]);
  for (int d = 0; d < 4; d++) {
    count_text(v, doc, docs[d]);
    yl_counts_add_doc(g[group_of[d]], doc);
    yl_counts_clear(doc);
  }
  for (int i = 0; i < 3; i++) yl_counts_add_doc(groups, g[i]);
  yl_idf *idf;
  INT_EQ(yl_idf_from_counts(groups, &idf), YL_OK);
  yl_tfidf_row *r;
  size_t n;
  INT_EQ(yl_tfidf_rows(g[0], v, idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  const char *t[] = {"模型", "出口", "发布", "管制", "求索", "深度", "美国", "芯片"};
  const double w[] = {0.711271662, 0.311745587, 0.311745587, 0.311745587,
                      0.237090554, 0.237090554, 0.237090554, 0.184121965};
  expect_rows(r, n, t, w, 8, 1e-8);
  yl_free(r);
  INT_EQ(yl_tfidf_rows(g[2], v, idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  const char *t2[] = {"芯片", "模型"};
  const double w2[] = {0.918926652, 0.394428458};
  expect_rows(r, n, t2, w2, 2, 1e-8);
  yl_free(r);
  /* The same IDF from an array of group counts by term id (what analyze builds):
   * the same weights. One id past the vocabulary has df 0. */
  size_t nv = yl_vocab_size(v);
  uint64_t df[16] = {0};
  INT_EQ(nv < 16, 1);
  for (size_t i = 0; i < nv; i++)
    for (int k = 0; k < 3; k++) df[i] += yl_counts_count(g[k], (uint32_t)i) > 0;
  yl_idf *idf2;
  INT_EQ(yl_idf_from_df(3, df, nv, &idf2), YL_OK);
  INT_EQ(yl_idf_size(idf2), 3);
  INT_EQ(yl_tfidf_rows(g[0], v, idf2, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  expect_rows(r, n, t, w, 8, 1e-8);
  yl_free(r);
  /* sklearn's smooth IDF of a term no group uses: ln((1 + 3) / (1 + 0)) + 1 */
  DBL_NEAR(yl_idf_value(idf2, YL_TFIDF_SKLEARN, v, (uint32_t)nv), log(4.0) + 1.0, 1e-12);
  yl_idf_free(idf2);
  yl_idf_free(idf);
  for (int i = 0; i < 3; i++) yl_counts_free(g[i]);
  yl_counts_free(doc);
  yl_counts_free(groups);
  yl_vocab_free(v);
}

static void write_file(const char *path, const char *text) {
  FILE *fp = fopen(path, "wb");
  if (!fp) {
    YL_T_FAIL("cannot write %s", path);
    return;
  }
  fputs(text, fp);
  fclose(fp);
}

static char tmpdir[512];

static void test_jieba_table(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/idf.txt", tmpdir);
  /* BOM and CRLF are tolerated; jieba's own loader would choke on the BOM only. */
  write_file(path, "\xEF\xBB\xBF# fixture IDF table\n深度 9.5\r\n求索 11.25 \n模型 6.0\n\n美国 4.5\n芯片 8.0\n");
  yl_idf *idf;
  yl_error err;
  INT_EQ(yl_idf_load(path, &idf, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  INT_EQ(yl_idf_is_table(idf), 1);
  INT_EQ(yl_idf_size(idf), 5);
  DBL_NEAR(yl_idf_median(idf), 8.0, 0);
  yl_vocab *v;
  yl_counts *doc;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  count_text(v, doc, "深度 求索 发布 模型 模型 DeepSeek 美国");
  yl_tfidf_row *r;
  size_t n;
  INT_EQ(yl_tfidf_rows(doc, v, idf, YL_TFIDF_JIEBA, &r, &n), YL_OK);
  /* DeepSeek and 发布 tie at 1.142857: byte order puts DeepSeek first (jieba keeps its
   * insertion order instead). */
  const char *t[] = {"模型", "求索", "深度", "DeepSeek", "发布", "美国"};
  const double w[] = {1.7142857142857142, 1.6071428571428572, 1.3571428571428572,
                      1.1428571428571428, 1.1428571428571428, 0.6428571428571429};
  expect_rows(r, n, t, w, 6, 1e-12);
  yl_free(r);
  /* An external table also drives the sklearn scheme: count × idf, L2-normalised. */
  INT_EQ(yl_tfidf_rows(doc, v, idf, YL_TFIDF_SKLEARN, &r, &n), YL_OK);
  double ss = 12.0 * 12.0 + 11.25 * 11.25 + 9.5 * 9.5 + 8.0 * 8.0 * 2 + 4.5 * 4.5;
  STR_EQ(r[0].term, "模型");
  DBL_NEAR(r[0].weight, 12.0 / sqrt(ss), 1e-12);
  yl_free(r);
  yl_counts_free(doc);
  yl_vocab_free(v);
  yl_idf_free(idf);

  /* a bad line: the file, its number and why */
  write_file(path, "深度 9.5\n求索\n");
  INT_EQ(yl_idf_load(path, &idf, &err), YL_ERR_PARSE);
  ERR_EQ(err, YL_ERR_PARSE, path, 2, 0, "not a 'word idf' line");
  write_file(path, "# only a comment\n");
  INT_EQ(yl_idf_load(path, &idf, &err), YL_ERR_PARSE);
  ERR_EQ(err, YL_ERR_PARSE, path, 0, 0, "cannot load the IDF table: malformed input");
  write_file(path, "深度 9.5x\n");
  INT_EQ(yl_idf_load(path, &idf, &err), YL_ERR_PARSE);
  ERR_EQ(err, YL_ERR_PARSE, path, 1, 0, "not a 'word idf' line");
  write_file(path, "\n\n");
  INT_EQ(yl_idf_load(path, &idf, NULL), YL_ERR_PARSE);
  /* a comment line (the shipped dict/jieba/idf.txt starts with one) is skipped */
  write_file(path, "# provenance header\n深度 9.5\n");
  INT_EQ(yl_idf_load(path, &idf, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  INT_EQ(yl_idf_size(idf), 1);
  yl_idf_free(idf);
  /* a missing file: its errno */
  snprintf(path, sizeof path, "%s/missing/idf.txt", tmpdir);
  INT_EQ(yl_idf_load(path, &idf, &err), YL_ERR_IO);
  char want[600];
  snprintf(want, sizeof want, "cannot load the IDF table: %s", strerror(ENOENT));
  ERR_EQ(err, YL_ERR_IO, path, 0, ENOENT, want);
}

/* The shipped jieba table (dict/jieba/idf.txt) reproduces jieba.analyse.extract_tags.
 * Tokens: jieba 0.42.1 jieba.lcut of the ANALYSIS-ANCHORS §2.4 sentence
 * "中国人工智能公司深度求索（DeepSeek）发布的模型引发美国科技股下跌。深度求索表示，
 * 模型训练成本远低于美国同行。美国政府考虑限制芯片出口。", keeping tokens of ≥ 2
 * characters (extract_tags' own filter); expected weights:
 *   jieba.analyse.extract_tags(sentence, topK=None, withWeight=True)
 * (median IDF 11.9547675029 over 270 132 entries: len(idf_freq)). */
static void test_jieba_shipped(void) {
  const char *dir = getenv("YULIAO_DICT_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/jieba/idf.txt", dir ? dir : "dict");
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    printf("skip test_jieba_shipped: %s not present (the segmenter branch ships it)\n", path);
    return;
  }
  fclose(fp);
  yl_idf *idf;
  INT_EQ(yl_idf_load(path, &idf, NULL), YL_OK);
  INT_EQ(yl_idf_size(idf), 270132);
  DBL_NEAR(yl_idf_median(idf), 11.9547675029, 1e-12);
  yl_vocab *v;
  yl_counts *doc;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  count_text(v, doc,
             "中国 人工智能 公司 深度 求索 DeepSeek 发布 模型 引发 美国 科技股 下跌 深度 求索 "
             "表示 模型 训练 成本 低于 美国 同行 美国政府 考虑 限制 芯片 出口");
  yl_tfidf_row *r;
  size_t n;
  INT_EQ(yl_tfidf_rows(doc, v, idf, YL_TFIDF_JIEBA, &r, &n), YL_OK);
  const char *t[] = {"求索", "深度", "模型", "DeepSeek", "科技股", "人工智能", "芯片", "美国",
                     "同行", "美国政府", "训练", "引发", "低于", "限制", "成本", "出口",
                     "下跌", "考虑", "发布", "表示", "公司", "中国"};
  const double w[] = {0.8388419521846154,  0.5351965560892308,  0.5237003027692307,
                      0.4597987501115384,  0.3771666572980769,  0.3637702459803846,
                      0.3462629943084616,  0.31973817166615387, 0.29287229067192305,
                      0.2864251020415385,  0.25574356417692307, 0.2379230837757692,
                      0.22589235081230769, 0.22274818072653846, 0.22234543842384616,
                      0.2087877625573077,  0.20367910577653847, 0.19975097987076923,
                      0.1958522705073077,  0.15050833329461538, 0.13474884398384615,
                      0.11643541102538461};
  expect_rows(r, n, t, w, 22, 1e-12);
  yl_free(r);
  yl_counts_free(doc);
  yl_vocab_free(v);
  yl_idf_free(idf);
}

/* Same documents counted in another order with another vocabulary: identical rows,
 * bit for bit. */
static void test_order_independence(void) {
  fixture f;
  setup(&f);
  yl_vocab *v2;
  yl_counts *d2[3], *c2;
  yl_vocab_new(&v2);
  yl_counts_new(&c2);
  /* Intern in reverse so ids differ. */
  for (int d = 2; d >= 0; d--) {
    yl_counts_new(&d2[d]);
    count_text(v2, d2[d], docs[d]);
  }
  yl_counts_add_doc(c2, d2[1]);
  yl_counts_add_doc(c2, d2[2]);
  yl_counts_add_doc(c2, d2[0]);
  yl_idf *idf2;
  yl_idf_from_counts(c2, &idf2);
  for (int s = 0; s <= YL_TFIDF_JIEBA; s++)
    for (int d = 0; d < 3; d++) {
      yl_tfidf_row *a, *b;
      size_t na, nb;
      yl_tfidf_rows(f.doc[d], f.v, f.idf, (yl_tfidf_scheme)s, &a, &na);
      yl_tfidf_rows(d2[d], v2, idf2, (yl_tfidf_scheme)s, &b, &nb);
      INT_EQ(na, nb);
      for (size_t i = 0; i < na && i < nb; i++) {
        STR_EQ(a[i].term, b[i].term);
        OK(memcmp(&a[i].weight, &b[i].weight, sizeof(double)) == 0);
      }
      yl_free(a);
      yl_free(b);
    }
  yl_idf_free(idf2);
  for (int d = 0; d < 3; d++) yl_counts_free(d2[d]);
  yl_counts_free(c2);
  yl_vocab_free(v2);
  teardown(&f);
}

/* The top rows of a selection are the first rows of the full sort, for every cut:
 * a unit with many terms and tied weights (counts 1..7 repeated). */
static void test_rows_top(void) {
  yl_vocab *v;
  yl_counts *doc, *all;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  yl_counts_new(&all);
  char term[32];
  for (int t = 0; t < 300; t++) {
    uint32_t id;
    snprintf(term, sizeof term, "t%03d", (t * 37) % 300);
    yl_vocab_intern(v, term, strlen(term), &id);
    yl_counts_add(doc, id, (uint64_t)(1 + t % 7));
  }
  yl_counts_add_doc(all, doc);
  yl_idf *idf;
  INT_EQ(yl_idf_from_counts(all, &idf), YL_OK);
  yl_tfidf_row *full, *top;
  size_t nf, nt;
  INT_EQ(yl_tfidf_rows(doc, v, idf, YL_TFIDF_SKLEARN, &full, &nf), YL_OK);
  INT_EQ(nf, 300);
  for (size_t i = 1; i < nf; i++) /* weight descending, ties by term */
    OK(full[i - 1].weight > full[i].weight ||
       (full[i - 1].weight == full[i].weight && strcmp(full[i - 1].term, full[i].term) < 0));
  double *vals;
  INT_EQ(yl_idf_values(idf, YL_TFIDF_SKLEARN, v, &vals), YL_OK);
  for (uint32_t id = 0; id < 300; id++)
    OK(vals[id] == yl_idf_value(idf, YL_TFIDF_SKLEARN, v, id));
  const size_t cuts[] = {1, 2, 9, 20, 43, 50, 299, 300, 301};
  for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
    /* with the IDF looked up per term, and from the precomputed array */
    INT_EQ(yl_tfidf_rows_top(doc, v, idf, c % 2 ? vals : NULL, YL_TFIDF_SKLEARN, cuts[c], &top, &nt),
           YL_OK);
    INT_EQ(nt, nf);
    size_t k = cuts[c] < nf ? cuts[c] : nf;
    for (size_t i = 0; i < k; i++) {
      STR_EQ(top[i].term, full[i].term);
      OK(memcmp(&top[i].weight, &full[i].weight, sizeof(double)) == 0);
    }
    /* The same unit as an (id, count) list, in reverse order and with a zero count. */
    uint32_t lid[301];
    uint64_t lcnt[301];
    for (size_t i = 0; i < nf; i++) lid[i] = full[nf - 1 - i].id, lcnt[i] = full[nf - 1 - i].count;
    lid[nf] = full[0].id, lcnt[nf] = 0;
    yl_tfidf_row *byid;
    size_t nb;
    INT_EQ(yl_tfidf_rows_ids(lid, lcnt, nf + 1, v, idf, c % 2 ? vals : NULL, YL_TFIDF_SKLEARN,
                             cuts[c], &byid, &nb),
           YL_OK);
    INT_EQ(nb, nf);
    for (size_t i = 0; i < k; i++) {
      INT_EQ(byid[i].id, top[i].id);
      OK(memcmp(&byid[i].weight, &top[i].weight, sizeof(double)) == 0);
    }
    yl_free(byid);
    /* The rest: the same rows, in some order. */
    unsigned char seen[300] = {0};
    for (size_t i = 0; i < nt; i++) seen[atoi(top[i].term + 1)]++;
    int once = 1;
    for (int t = 0; t < 300; t++) once &= seen[t] == 1;
    OK(once);
    yl_free(top);
  }
  yl_free(full);
  yl_free(vals);
  yl_idf_free(idf);
  yl_counts_free(doc);
  yl_counts_free(all);
  yl_vocab_free(v);
}

int main(void) {
  const char *t = getenv("YL_TMP");
  snprintf(tmpdir, sizeof tmpdir, "%s/tfidf", t ? t : "/tmp/yl-test");
  char cmd[600];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", tmpdir);
  if (system(cmd) != 0) return 2;
  RUN(test_sklearn_docs);
  RUN(test_other_schemes);
  RUN(test_scheme_names);
  RUN(test_group_level);
  RUN(test_jieba_table);
  RUN(test_jieba_shipped);
  RUN(test_order_independence);
  RUN(test_rows_top);
  YL_TEST_DONE();
}
