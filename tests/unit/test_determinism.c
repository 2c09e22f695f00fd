/* End-to-end determinism of the statistics layer: the same corpus counted with 1, 2, 3
 * and 4 threads (each thread with its own vocabulary and tables, merged afterwards in
 * either order) must serialise every table — frequencies, TF-IDF, keyness,
 * co-occurrence, similarity — to identical bytes (%.17g: every bit of every double). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "harness.h"
#include "yuliao/cooc.h"
#include "yuliao/keyness.h"
#include "yuliao/similarity.h"
#include "yuliao/tfidf.h"

enum { NDOCS = 240, NGROUPS = 3, MAXLEN = 120 };

enum { NWORDS = 800 };
static char words[NWORDS][16];

/* Term names: a few real words, then generated ones, so sums run over many terms. */
static void make_words(void) {
  const char *real[] = {"深度", "求索", "发布", "模型", "美国", "芯片", "出口", "管制", "DeepSeek"};
  for (int i = 0; i < NWORDS; i++)
    snprintf(words[i], sizeof words[i], "%s", i < 9 ? real[i] : "");
  for (int i = 9; i < NWORDS; i++) snprintf(words[i], sizeof words[i], "词%d", i * 7919 % 10007);
}

/* Document d as word indices: a fixed pseudo-random, Zipf-like mix (index ≈ r² skew). */
static size_t make_doc(int d, int *w) {
  uint64_t s = (uint64_t)d * 2654435761u + 7;
  size_t n = 20 + (size_t)(d * 37 % (MAXLEN - 20));
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005u + 1442695040888963407u;
    double u = (double)(s >> 11) / 9007199254740992.0;
    w[i] = (int)(u * u * u * NWORDS);
  }
  return n;
}

typedef struct worker {
  int first, step; /* documents first, first + step, … */
  yl_vocab *v;
  yl_counts *group[NGROUPS];
  yl_cooc *win, *sent;
} worker;

static void *run(void *arg) {
  worker *w = arg;
  yl_counts *doc;
  int ok = yl_vocab_new(&w->v) == YL_OK && yl_counts_new(&doc) == YL_OK &&
           yl_cooc_new(YL_COOC_WINDOW, 5, &w->win) == YL_OK &&
           yl_cooc_new(YL_COOC_SENTENCE, 0, &w->sent) == YL_OK;
  for (int g = 0; ok && g < NGROUPS; g++) ok = yl_counts_new(&w->group[g]) == YL_OK;
  if (!ok) return NULL;
  int wi[MAXLEN];
  uint32_t ids[MAXLEN];
  uint8_t flags[MAXLEN];
  for (int d = w->first; d < NDOCS; d += w->step) {
    size_t n = make_doc(d, wi);
    for (size_t i = 0; i < n; i++) {
      yl_vocab_intern(w->v, words[wi[i]], strlen(words[wi[i]]), &ids[i]);
      yl_counts_add(doc, ids[i], 1);
      flags[i] = i % 9 == 0 ? YL_COOC_SENT_START : 0;
    }
    yl_counts_add_doc(w->group[d % NGROUPS], doc);
    yl_counts_clear(doc);
    yl_cooc_add_doc(w->win, ids, flags, n);
    yl_cooc_add_doc(w->sent, ids, flags, n);
  }
  yl_counts_free(doc);
  return w;
}

static void put_term(yl_buf *b, const char *s, size_t len) {
  yl_buf_put(b, s, len);
  yl_buf_putc(b, ',');
}

/* Counts with 'nthreads' threads, merges (in reverse thread order if 'reverse') and
 * serialises every table into 'out'. */
static void analyse(int nthreads, int reverse, yl_buf *out) {
  worker w[4];
  pthread_t th[4];
  for (int t = 0; t < nthreads; t++) {
    memset(&w[t], 0, sizeof w[t]);
    w[t].first = t;
    w[t].step = nthreads;
    if (pthread_create(&th[t], NULL, run, &w[t]) != 0) YL_T_FAIL("pthread_create");
  }
  for (int t = 0; t < nthreads; t++) pthread_join(th[t], NULL);
  yl_vocab *v;
  yl_counts *group[NGROUPS], *corpus, *groups;
  yl_cooc *win, *sent;
  yl_vocab_new(&v);
  yl_counts_new(&corpus);
  yl_counts_new(&groups);
  for (int g = 0; g < NGROUPS; g++) yl_counts_new(&group[g]);
  yl_cooc_new(YL_COOC_WINDOW, 5, &win);
  yl_cooc_new(YL_COOC_SENTENCE, 0, &sent);
  for (int k = 0; k < nthreads; k++) {
    worker *x = &w[reverse ? nthreads - 1 - k : k];
    uint32_t *map;
    yl_vocab_merge(v, x->v, &map);
    for (int g = 0; g < NGROUPS; g++) {
      yl_counts_merge(group[g], x->group[g], map);
      yl_counts_free(x->group[g]);
    }
    yl_cooc_merge(win, x->win, map);
    yl_cooc_merge(sent, x->sent, map);
    yl_free(map);
    yl_cooc_free(x->win);
    yl_cooc_free(x->sent);
    yl_vocab_free(x->v);
  }
  for (int g = 0; g < NGROUPS; g++) {
    yl_counts_merge(corpus, group[g], NULL);
    yl_counts_add_doc(groups, group[g]);
  }
  yl_idf *idf_doc, *idf_grp;
  yl_idf_from_counts(corpus, &idf_doc);
  yl_idf_from_counts(groups, &idf_grp);
  yl_tfidf_row *tf[NGROUPS];
  size_t ntf[NGROUPS];
  for (int g = 0; g < NGROUPS; g++) {
    yl_freq_row *fr;
    size_t n;
    yl_counts_freq_rows(group[g], v, 1, &fr, &n);
    for (size_t i = 0; i < n; i++) {
      put_term(out, fr[i].term, fr[i].term_len);
      yl_buf_printf(out, "%llu,%llu,%.17g,%llu\n", (unsigned long long)fr[i].count,
                    (unsigned long long)fr[i].df, fr[i].per_10k, (unsigned long long)fr[i].rank);
    }
    yl_free(fr);
    for (int s = 0; s <= YL_TFIDF_JIEBA; s++) {
      yl_tfidf_row *r;
      yl_tfidf_rows(group[g], v, s == 1 ? idf_doc : idf_grp, (yl_tfidf_scheme)s, &r, &n);
      for (size_t i = 0; i < n; i++) {
        put_term(out, r[i].term, r[i].term_len);
        yl_buf_printf(out, "%.17g\n", r[i].weight);
      }
      if (s == 0) {
        tf[g] = r;
        ntf[g] = n;
      } else {
        yl_free(r);
      }
    }
    yl_keyness_row *k;
    yl_keyness_rows(group[g], corpus, v, NULL, &k, &n);
    for (size_t i = 0; i < n; i++) {
      put_term(out, k[i].term, k[i].term_len);
      yl_buf_printf(out, "%.17g,%.17g,%.17g,%.17g,%d\n", k[i].g2, k[i].p_value, k[i].log_ratio,
                    k[i].pct_diff, k[i].significant);
    }
    yl_free(k);
  }
  for (int g = 0; g < NGROUPS; g++)
    for (int h = g + 1; h < NGROUPS; h++) {
      double c, j;
      yl_sim_cosine(tf[g], ntf[g], tf[h], ntf[h], &c);
      yl_sim_jsd(group[g], group[h], v, &j);
      yl_buf_printf(out, "sim %d %d %.17g %.17g %zu\n", g, h, c, j,
                    yl_sim_top_shared(tf[g], ntf[g], tf[h], ntf[h], 5));
    }
  yl_cooc *cs[] = {win, sent};
  for (int i = 0; i < 2; i++) {
    yl_cooc_row *r;
    size_t n;
    yl_cooc_rows(cs[i], v, 1, &r, &n);
    for (size_t k = 0; k < n; k++) {
      put_term(out, r[k].term_a, r[k].len_a);
      put_term(out, r[k].term_b, r[k].len_b);
      yl_buf_printf(out, "%llu,%llu,%llu,%llu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n",
                    (unsigned long long)r[k].o11, (unsigned long long)r[k].f_a,
                    (unsigned long long)r[k].f_b, (unsigned long long)r[k].n, r[k].m.pmi,
                    r[k].m.npmi, r[k].m.log_dice, r[k].m.t_score, r[k].m.g2, r[k].m.p_value,
                    r[k].m.jaccard);
    }
    yl_free(r);
  }
  for (int g = 0; g < NGROUPS; g++) {
    yl_free(tf[g]);
    yl_counts_free(group[g]);
  }
  yl_idf_free(idf_doc);
  yl_idf_free(idf_grp);
  yl_counts_free(corpus);
  yl_counts_free(groups);
  yl_cooc_free(win);
  yl_cooc_free(sent);
  yl_vocab_free(v);
}

static void test_thread_counts(void) {
  yl_buf ref = YL_BUF_INIT;
  analyse(1, 0, &ref);
  OK(ref.len > 10000);
  for (int t = 2; t <= 4; t++)
    for (int rev = 0; rev <= 1; rev++) {
      yl_buf got = YL_BUF_INIT;
      analyse(t, rev, &got);
      if (got.len == ref.len && memcmp(got.data, ref.data, ref.len) == 0)
        yl_t_pass++;
      else
        YL_T_FAIL("%d threads%s: output differs from 1 thread", t, rev ? " (reverse merge)" : "");
      yl_buf_free(&got);
    }
  yl_buf_free(&ref);
}

int main(void) {
  make_words();
  RUN(test_thread_counts);
  YL_TEST_DONE();
}
