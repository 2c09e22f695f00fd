/* Count tables: per-document counts, group sums, df, merge-order invariance, ranks,
 * surface forms. Expected values are counted by hand from the fixtures below. */
#include <stdint.h>

#include "harness.h"
#include "count_text.h"
#include "yuliao/counts.h"

static uint64_t count_of(const yl_vocab *v, const yl_counts *c, const char *term, int df) {
  uint32_t id;
  if (yl_vocab_find(v, term, strlen(term), &id) != YL_OK) return 0;
  return df ? yl_counts_df(c, id) : yl_counts_count(c, id);
}

static const char *docs[] = {
    "深度 求索 发布 模型 模型", "美国 芯片 出口 管制 模型", "深度 求索 美国 芯片",
    "芯片 芯片 芯片 模型",     "出口 管制"};

static void test_doc_and_group(void) {
  yl_vocab *v;
  yl_counts *doc, *group;
  INT_EQ(yl_vocab_new(&v), YL_OK);
  INT_EQ(yl_counts_new(&doc), YL_OK);
  INT_EQ(yl_counts_new(&group), YL_OK);
  for (int d = 0; d < 3; d++) {
    count_text(v, doc, docs[d]);
    INT_EQ(yl_counts_add_doc(group, doc), YL_OK);
    yl_counts_clear(doc);
  }
  INT_EQ(yl_counts_tokens(doc), 0);
  INT_EQ(yl_counts_nterms(doc), 0);
  INT_EQ(yl_counts_tokens(group), 14);
  INT_EQ(yl_counts_ndocs(group), 3);
  INT_EQ(yl_counts_nterms(group), 8);
  INT_EQ(count_of(v, group, "模型", 0), 3);
  INT_EQ(count_of(v, group, "模型", 1), 2);
  INT_EQ(count_of(v, group, "深度", 1), 2);
  INT_EQ(count_of(v, group, "发布", 1), 1);
  INT_EQ(count_of(v, group, "不在", 0), 0);

  yl_freq_row *rows;
  size_t n;
  INT_EQ(yl_counts_freq_rows(group, v, 1, &rows, &n), YL_OK);
  INT_EQ(n, 8);
  /* 模型 3; then the count-2 terms in byte order: 求索 E6B182, 深度 E6B7B1, 美国 E7BE8E,
   * 芯片 E88AAF; then count-1: 出口 E587BA, 发布 E58F91, 管制 E7AEA1. */
  const char *want[] = {"模型", "求索", "深度", "美国", "芯片", "出口", "发布", "管制"};
  const uint64_t want_rank[] = {1, 2, 2, 2, 2, 6, 6, 6};
  for (size_t i = 0; i < n && i < 8; i++) {
    STR_EQ(rows[i].term, want[i]);
    INT_EQ(rows[i].rank, want_rank[i]);
  }
  DBL_NEAR(rows[0].per_10k, 3.0 / 14 * 10000, 1e-12);
  INT_EQ(rows[0].df, 2);
  yl_free(rows);
  /* min_count cuts rows but not ranks. */
  INT_EQ(yl_counts_freq_rows(group, v, 2, &rows, &n), YL_OK);
  INT_EQ(n, 5);
  INT_EQ(rows[4].rank, 2);
  yl_free(rows);
  /* Top 3: 模型, then the first two count-2 terms by bytes. */
  uint32_t *top;
  INT_EQ(yl_counts_top_ids(group, v, 3, &top, &n), YL_OK);
  INT_EQ(n, 3);
  STR_EQ(yl_vocab_term(v, top[0], NULL), "模型");
  STR_EQ(yl_vocab_term(v, top[2], NULL), "深度");
  yl_free(top);
  INT_EQ(yl_counts_top_ids(group, v, 100, &top, &n), YL_OK);
  INT_EQ(n, 8);
  yl_free(top);
  yl_counts_free(doc);
  yl_counts_free(group);
  yl_vocab_free(v);
}

/* quanteda#1634: ties share the minimum rank, 10, 10, 11 → 1, 1, 3 (sorted desc:
 * 11 → 1, 10 → 2, 10 → 2; with 11 twice and 10 once: 1, 1, 3). */
static void test_rank_ties(void) {
  yl_vocab *v;
  yl_counts *c;
  yl_vocab_new(&v);
  yl_counts_new(&c);
  uint32_t a, b, d;
  yl_vocab_intern(v, "b", 1, &a);
  yl_vocab_intern(v, "a", 1, &b);
  yl_vocab_intern(v, "c", 1, &d);
  yl_counts_add(c, a, 11);
  yl_counts_add(c, b, 11);
  yl_counts_add(c, d, 10);
  yl_freq_row *rows;
  size_t n;
  INT_EQ(yl_counts_freq_rows(c, v, 0, &rows, &n), YL_OK);
  INT_EQ(n, 3);
  STR_EQ(rows[0].term, "a");
  STR_EQ(rows[1].term, "b");
  STR_EQ(rows[2].term, "c");
  INT_EQ(rows[0].rank, 1);
  INT_EQ(rows[1].rank, 1);
  INT_EQ(rows[2].rank, 3);
  yl_free(rows);
  yl_counts_free(c);
  yl_vocab_free(v);
}

/* yl_counts_freq_rows_top is the full list's prefix, ranks included, for every cut
 * (inside runs of ties too) and with a min_count: 300 terms whose counts (i*7 % 23,
 * 0 for every 23rd) repeat, so most cuts fall inside a run of equal counts. */
static void test_rows_top(void) {
  yl_vocab *v;
  yl_counts *c;
  yl_vocab_new(&v);
  yl_counts_new(&c);
  for (int i = 0; i < 300; i++) {
    char w[16];
    uint32_t id;
    snprintf(w, sizeof w, "w%03d", (i * 37) % 300); /* ids not in byte order */
    yl_vocab_intern(v, w, strlen(w), &id);
    if ((i * 7) % 23) yl_counts_add(c, id, (uint64_t)((i * 7) % 23));
  }
  for (uint64_t mc = 0; mc <= 5; mc += 5) {
    yl_freq_row *all;
    size_t na;
    INT_EQ(yl_counts_freq_rows(c, v, mc, &all, &na), YL_OK);
    for (size_t top = 0; top <= na + 3; top++) {
      yl_freq_row *r;
      size_t n;
      INT_EQ(yl_counts_freq_rows_top(c, v, mc, top, &r, &n), YL_OK);
      INT_EQ(n, top && top < na ? top : na);
      for (size_t i = 0; i < n; i++) {
        if (r[i].id != all[i].id || r[i].rank != all[i].rank || r[i].count != all[i].count) {
          YL_T_FAIL("min_count %d top %zu row %zu differs", (int)mc, top, i);
          break;
        }
      }
      yl_free(r);
    }
    yl_free(all);
  }
  yl_counts_free(c);
  yl_vocab_free(v);
}

/* Count and df share one entry while they fit (counts.c); a table past 2^40 tokens or
 * 2^24 - 1 documents keeps them apart. Both ways out keep every value: merging two
 * tables into each other in turn grows ndocs like Fibonacci numbers, past 2^24 in 36
 * merges; one yl_counts_add of 2^41 passes the token bound. Expected values are
 * tracked by the same recurrences in plain integers. */
static void test_wide(void) {
  yl_counts *a, *b;
  yl_counts_new(&a);
  yl_counts_new(&b);
  const uint32_t ids[] = {7, 9};
  const uint64_t cnt[] = {3, 1};
  INT_EQ(yl_counts_add_doc_ids(a, ids, cnt, 2), YL_OK);
  INT_EQ(yl_counts_add(a, 11, 5), YL_OK); /* counted, in no document */
  uint64_t ea[3] = {3, 1, 5}, da = 1, eb[3] = {0, 0, 0}, db = 0;
  for (int i = 0; i < 40 && yl_counts_ndocs(a) < (UINT64_C(1) << 25); i++) {
    INT_EQ(yl_counts_merge(b, a, NULL), YL_OK);
    for (int k = 0; k < 3; k++) eb[k] += ea[k];
    db += da;
    INT_EQ(yl_counts_merge(a, b, NULL), YL_OK);
    for (int k = 0; k < 3; k++) ea[k] += eb[k];
    da += db;
  }
  INT_EQ(yl_counts_ndocs(a) >= (UINT64_C(1) << 25), 1);
  INT_EQ(yl_counts_ndocs(a), da);
  INT_EQ(yl_counts_count(a, 7), ea[0]);
  INT_EQ(yl_counts_count(a, 9), ea[1]);
  INT_EQ(yl_counts_count(a, 11), ea[2]);
  INT_EQ(yl_counts_df(a, 7), da);
  INT_EQ(yl_counts_df(a, 9), da);
  INT_EQ(yl_counts_df(a, 11), 0);
  INT_EQ(yl_counts_df(b, 7), db);
  INT_EQ(yl_counts_count(b, 9), eb[1]);
  /* tokens past 2^40 in a fresh table: the df recorded before survives */
  yl_counts *c;
  yl_counts_new(&c);
  INT_EQ(yl_counts_add_doc_ids(c, ids, cnt, 2), YL_OK);
  INT_EQ(yl_counts_add(c, 9, UINT64_C(1) << 41), YL_OK);
  INT_EQ(yl_counts_count(c, 9), (UINT64_C(1) << 41) + 1);
  INT_EQ(yl_counts_df(c, 9), 1);
  INT_EQ(yl_counts_df(c, 7), 1);
  INT_EQ(yl_counts_count(c, 7), 3);
  INT_EQ(yl_counts_tokens(c), (UINT64_C(1) << 41) + 4);
  uint32_t id;
  uint64_t k, df;
  yl_counts_entry(c, 0, &id, &k, &df);
  INT_EQ(id, 7);
  INT_EQ(k, 3);
  INT_EQ(df, 1);
  /* a cleared table packs again */
  yl_counts_clear(c);
  INT_EQ(yl_counts_add_doc_ids(c, ids, cnt, 2), YL_OK);
  INT_EQ(yl_counts_df(c, 7), 1);
  INT_EQ(yl_counts_count(c, 7), 3);
  yl_counts_free(a);
  yl_counts_free(b);
  yl_counts_free(c);
}

/* Builds the corpus table of docs[] visiting documents in 'order', split over two
 * "threads" (vocabularies) and merged; returns the final vocabulary and table. */
static void build(const int *order, int split, yl_vocab **vout, yl_counts **cout) {
  yl_vocab *v1, *v2;
  yl_counts *g1, *g2, *doc;
  yl_vocab_new(&v1);
  yl_vocab_new(&v2);
  yl_counts_new(&g1);
  yl_counts_new(&g2);
  yl_counts_new(&doc);
  for (int i = 0; i < 5; i++) {
    yl_vocab *v = i < split ? v1 : v2;
    count_text(v, doc, docs[order[i]]);
    yl_counts_add_doc(i < split ? g1 : g2, doc);
    yl_counts_clear(doc);
  }
  uint32_t *map;
  if (yl_vocab_merge(v1, v2, &map) != YL_OK || yl_counts_merge(g1, g2, map) != YL_OK)
    YL_T_FAIL("merge");
  yl_free(map);
  yl_counts_free(g2);
  yl_counts_free(doc);
  yl_vocab_free(v2);
  *vout = v1;
  *cout = g1;
}

static void test_merge_order(void) {
  const int o1[] = {0, 1, 2, 3, 4}, o2[] = {4, 3, 2, 1, 0}, o3[] = {2, 0, 4, 1, 3};
  const int *orders[] = {o1, o2, o3};
  const int splits[] = {2, 4, 1};
  yl_freq_row *ref = NULL;
  size_t nref = 0;
  yl_vocab *vref = NULL;
  yl_counts *cref = NULL;
  for (int k = 0; k < 3; k++) {
    yl_vocab *v;
    yl_counts *c;
    build(orders[k], splits[k], &v, &c);
    yl_freq_row *rows;
    size_t n;
    INT_EQ(yl_counts_freq_rows(c, v, 1, &rows, &n), YL_OK);
    INT_EQ(yl_counts_ndocs(c), 5);
    INT_EQ(yl_counts_tokens(c), 20);
    if (!ref) {
      ref = rows;
      nref = n;
      vref = v;
      cref = c;
      continue;
    }
    INT_EQ(n, nref);
    for (size_t i = 0; i < n && i < nref; i++) {
      STR_EQ(rows[i].term, ref[i].term);
      INT_EQ(rows[i].count, ref[i].count);
      INT_EQ(rows[i].df, ref[i].df);
      INT_EQ(rows[i].rank, ref[i].rank);
      OK(memcmp(&rows[i].per_10k, &ref[i].per_10k, sizeof(double)) == 0);
    }
    yl_free(rows);
    yl_counts_free(c);
    yl_vocab_free(v);
  }
  /* Hand count over all five documents: 芯片 1+1+3 = 5 (df 3), 模型 4 (df 3), 出口 2, 管制 2. */
  INT_EQ(count_of(vref, cref, "芯片", 0), 5);
  INT_EQ(count_of(vref, cref, "芯片", 1), 3);
  INT_EQ(count_of(vref, cref, "模型", 1), 3);
  INT_EQ(count_of(vref, cref, "管制", 0), 2);
  STR_EQ(ref[0].term, "芯片");
  yl_free(ref);
  yl_counts_free(cref);
  yl_vocab_free(vref);
}

/* "DeepSeek" 5 times and "Deepseek" once, counted as folded "deepseek": shown as
 * DeepSeek. A tie goes to the smallest bytes ("DEEPSEEK" < "DeepSeek"). */
static void test_forms(void) {
  yl_vocab *v;
  yl_counts *d1, *d2, *g;
  yl_vocab_new(&v);
  yl_counts_new(&d1);
  yl_counts_new(&d2);
  yl_counts_new(&g);
  uint32_t folded, f1, f2, f3, other;
  yl_vocab_intern(v, "deepseek", 8, &folded);
  yl_vocab_intern(v, "Deepseek", 8, &f2);
  yl_vocab_intern(v, "DeepSeek", 8, &f1);
  yl_vocab_intern(v, "DEEPSEEK", 8, &f3);
  yl_vocab_intern(v, "模型", strlen("模型"), &other);
  INT_EQ(yl_counts_add_form(d1, folded, f1, 3), YL_OK);
  INT_EQ(yl_counts_add_form(d1, folded, f2, 1), YL_OK);
  INT_EQ(yl_counts_add(d1, other, 1), YL_OK);
  INT_EQ(yl_counts_add_form(d2, folded, f1, 2), YL_OK);
  INT_EQ(yl_counts_add_doc(g, d1), YL_OK);
  INT_EQ(yl_counts_add_doc(g, d2), YL_OK);
  yl_freq_row *rows;
  size_t n;
  INT_EQ(yl_counts_freq_rows(g, v, 1, &rows, &n), YL_OK);
  INT_EQ(n, 2);
  STR_EQ(rows[0].term, "deepseek");
  STR_EQ(rows[0].shown, "DeepSeek");
  INT_EQ(rows[0].count, 6);
  INT_EQ(rows[0].df, 2);
  STR_EQ(rows[1].shown, "模型");
  yl_free(rows);
  /* Tie: DEEPSEEK 5 = DeepSeek 5. */
  yl_counts_clear(d1);
  yl_counts_add_form(d1, folded, f3, 5);
  yl_counts_merge(g, d1, NULL);
  uint32_t *forms;
  INT_EQ(yl_counts_forms(g, v, &forms), YL_OK);
  STR_EQ(yl_vocab_term(v, forms[folded], NULL), "DEEPSEEK");
  INT_EQ(forms[other], other);
  yl_free(forms);
  /* The term's own spelling counts too, whether added with its form or without one:
   * deepseek 4 + 3 = 7 beats DeepSeek 5, DEEPSEEK 5 and Deepseek 1, added above. */
  yl_counts_clear(d1);
  yl_counts_add_form(d1, folded, folded, 4);
  yl_counts_add(d1, folded, 3);
  yl_counts_merge(g, d1, NULL);
  INT_EQ(yl_counts_forms(g, v, &forms), YL_OK);
  STR_EQ(yl_vocab_term(v, forms[folded], NULL), "deepseek");
  yl_free(forms);
  /* A tie between the own spelling and another: the smallest bytes ("DeepSeek"). */
  yl_counts_clear(g);
  yl_counts_add_form(g, folded, folded, 2);
  yl_counts_add_form(g, folded, f1, 2);
  INT_EQ(yl_counts_forms(g, v, &forms), YL_OK);
  STR_EQ(yl_vocab_term(v, forms[folded], NULL), "DeepSeek");
  yl_free(forms);
  yl_counts_free(d1);
  yl_counts_free(d2);
  yl_counts_free(g);
  yl_vocab_free(v);
}

/* A document added as (id, count) lists with its forms apart gives the same table as
 * the document counted in a table of its own and added whole. */
static void test_add_doc_ids(void) {
  yl_vocab *v;
  yl_counts *doc, *a, *b;
  yl_vocab_new(&v);
  yl_counts_new(&doc);
  yl_counts_new(&a);
  yl_counts_new(&b);
  uint32_t folded, upper, chip, model;
  yl_vocab_intern(v, "deepseek", 8, &folded);
  yl_vocab_intern(v, "DeepSeek", 8, &upper);
  yl_vocab_intern(v, "芯片", strlen("芯片"), &chip);
  yl_vocab_intern(v, "模型", strlen("模型"), &model);
  for (int d = 0; d < 2; d++) {
    /* tokens: DeepSeek, 芯片, deepseek, DeepSeek, 模型 (doc 1 without 模型) */
    const uint32_t ids[] = {folded, chip, folded, folded, model};
    const uint32_t forms[] = {upper, chip, folded, upper, model};
    size_t n = d ? 4 : 5;
    yl_counts_clear(doc);
    for (size_t k = 0; k < n; k++) yl_counts_add_form(doc, ids[k], forms[k], 1);
    INT_EQ(yl_counts_add_doc(a, doc), YL_OK);
    uint32_t seen[3] = {folded, chip, model};
    uint64_t cnt[3] = {3, 1, d ? 0 : 1};
    for (size_t k = 0; k < n; k++) INT_EQ(yl_counts_add_forms(b, ids[k], forms[k], 1), YL_OK);
    INT_EQ(yl_counts_add_doc_ids(b, seen, cnt, 3), YL_OK);
  }
  INT_EQ(yl_counts_tokens(b), yl_counts_tokens(a));
  INT_EQ(yl_counts_ndocs(b), 2);
  INT_EQ(yl_counts_nterms(b), 3);
  const uint32_t all[] = {folded, chip, model};
  for (int i = 0; i < 3; i++) {
    INT_EQ(yl_counts_count(b, all[i]), yl_counts_count(a, all[i]));
    INT_EQ(yl_counts_df(b, all[i]), yl_counts_df(a, all[i]));
  }
  INT_EQ(yl_counts_df(b, model), 1);
  uint32_t *fa, *fb;
  INT_EQ(yl_counts_forms(a, v, &fa), YL_OK);
  INT_EQ(yl_counts_forms(b, v, &fb), YL_OK);
  STR_EQ(yl_vocab_term(v, fb[folded], NULL), "DeepSeek"); /* 4 × DeepSeek, 2 × deepseek */
  for (int i = 0; i < 3; i++) INT_EQ(fb[all[i]], fa[all[i]]);
  yl_free(fa);
  yl_free(fb);
  yl_counts_free(doc);
  yl_counts_free(a);
  yl_counts_free(b);
  yl_vocab_free(v);
}

int main(void) {
  RUN(test_doc_and_group);
  RUN(test_rank_ties);
  RUN(test_rows_top);
  RUN(test_wide);
  RUN(test_merge_order);
  RUN(test_forms);
  RUN(test_add_doc_ids);
  YL_TEST_DONE();
}
