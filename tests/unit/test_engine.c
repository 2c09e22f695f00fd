/* Internal pieces of the analyze engine (src/pipeline): the filter memo (terms.h),
 * duplicate marking (docs.h), one document's counts (doccount.h) and spill files read
 * back through their window (spill.h). Whole runs are in test_analyze.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pipeline/analyze_internal.h"
#include "pipeline/doccount.h"
#include "pipeline/docs.h"
#include "pipeline/spill.h"
#include "pipeline/terms.h"

static char tmp[1024];

static const yl_term_memo *tok(yl_terms *t, const yl_filter_stops *stops, const char *s) {
  const yl_term_memo *m = NULL;
  INT_EQ(yl_terms_token(t, stops, s, strlen(s), &m), YL_OK);
  return m;
}

static const char *term(const yl_terms *t, uint32_t id) { return yl_vocab_term(t->v, id, NULL); }

static void test_terms_verdicts(void) {
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(NULL, &f), YL_OK);
  INT_EQ(yl_filter_stops_add(yl_filter_stopset(f), "stopword", 8), YL_OK);
  yl_terms t;
  INT_EQ(yl_terms_init(&t, f), YL_OK);
  const yl_term_memo *m = tok(&t, NULL, "DeepSeek");
  INT_EQ(yl_term_reason(m), YL_FILTER_KEEP);
  STR_EQ(term(&t, m->kid), "deepseek"); /* the case-folded key is counted */
  STR_EQ(term(&t, m->sid), "DeepSeek"); /* the spelling is kept as its surface form */
  uint32_t kid = m->kid, sid = m->sid;
  m = tok(&t, NULL, "deepseek");
  INT_EQ(m->kid, kid);
  INT_EQ(m->sid, kid); /* spelt as its key: no surface form of its own */
  m = tok(&t, NULL, "DeepSeek");
  INT_EQ(m->sid, sid);
  INT_EQ(t.n, 2); /* one memo per distinct spelling */
  INT_EQ(yl_term_reason(tok(&t, NULL, "a")), YL_FILTER_SHORT);
  INT_EQ(yl_term_reason(tok(&t, NULL, "，")), YL_FILTER_PUNCT);
  INT_EQ(yl_term_reason(tok(&t, NULL, "123")), YL_FILTER_NUMBER);
  INT_EQ(yl_term_reason(tok(&t, NULL, "StopWord")), YL_FILTER_STOP);
  INT_EQ(yl_term_reason(tok(&t, NULL, "芯片")), YL_FILTER_KEEP);
  /* Longer than 16 bytes: compared by its stored bytes, not by value. */
  const char *lng = "人工智能大模型训练", *lng2 = "人工智能大模型推理";
  m = tok(&t, NULL, lng);
  kid = m->kid;
  OK(kid != tok(&t, NULL, lng2)->kid);
  INT_EQ(tok(&t, NULL, lng)->kid, kid);
  STR_EQ(term(&t, kid), lng);
  yl_terms_free(&t);
  yl_filter_free(f);
}

/* A stop set of the words 'a' and (when not NULL) 'b'. */
static yl_filter_stops *stops_of(const char *a, const char *b) {
  yl_filter_stops *s = NULL;
  INT_EQ(yl_filter_stops_new(&s), YL_OK);
  INT_EQ(yl_filter_stops_add(s, a, strlen(a)), YL_OK);
  if (b) INT_EQ(yl_filter_stops_add(s, b, strlen(b)), YL_OK);
  return s;
}

/* An outlet's self-names drop a kept term only in that outlet's documents, however the
 * documents of several outlets alternate. */
static void test_terms_outlet_stops(void) {
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(NULL, &f), YL_OK);
  yl_filter_stops *s1 = stops_of("美国之音", NULL), *s2 = stops_of("德国之声", NULL);
  /* the union of every outlet's names, as yl_outlet_stops_init builds it: only its
   * terms are looked up again when the outlet changes */
  yl_filter_stops *any = stops_of("美国之音", "德国之声");
  yl_terms t;
  INT_EQ(yl_terms_init(&t, f), YL_OK);
  t.any_outlet = any;
  for (int round = 0; round < 3; round++) {
    INT_EQ(yl_term_reason(tok(&t, s1, "美国之音")), YL_FILTER_STOP);
    INT_EQ(yl_term_reason(tok(&t, s1, "芯片")), YL_FILTER_KEEP);
    INT_EQ(yl_term_reason(tok(&t, s2, "芯片")), YL_FILTER_KEEP);
    INT_EQ(yl_term_reason(tok(&t, s2, "美国之音")), YL_FILTER_KEEP);
    INT_EQ(yl_term_reason(tok(&t, NULL, "美国之音")), YL_FILTER_KEEP);
    INT_EQ(yl_term_reason(tok(&t, s2, "德国之声")), YL_FILTER_STOP);
    INT_EQ(yl_term_reason(tok(&t, s1, "德国之声")), YL_FILTER_KEEP);
  }
  INT_EQ(t.n, 3);
  INT_EQ(t.memo[0].maybe_outlet, 1);
  INT_EQ(t.memo[1].maybe_outlet, 0); /* 芯片 */
  yl_terms_free(&t);
  yl_filter_stops_free(any);
  yl_filter_stops_free(s1);
  yl_filter_stops_free(s2);
  yl_filter_free(f);
}

/* A token found by its word reference counts exactly as one found by its bytes:
 * kept, folded (DeepSeek → deepseek, surface kept apart), dropped (stop word, single
 * character) and an outlet's self-name in and out of that outlet's documents, each
 * seen several times in turn, against a second table fed by bytes only. */
static void test_terms_by_ref(void) {
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(NULL, &f), YL_OK);
  yl_filter_stops *s1 = stops_of("美国之音", NULL), *any = stops_of("美国之音", NULL);
  yl_terms a, b;
  INT_EQ(yl_terms_init(&a, f), YL_OK);
  INT_EQ(yl_terms_init(&b, f), YL_OK);
  a.any_outlet = b.any_outlet = any;
  const char *w[] = {"芯片", "DeepSeek", "的", "美国之音", "deepseek", "模型"};
  for (int round = 0; round < 4; round++)
    for (uint32_t i = 0; i < 6; i++) {
      const yl_filter_stops *st = (round + i) % 2 ? s1 : NULL;
      yl_term_hit h = {0, 0, YL_FILTER_NREASONS};
      yl_spelling q;
      yl_spelling_init(&q, &a, w[i], strlen(w[i]));
      INT_EQ(yl_terms_token_ref(&a, st, w[i], strlen(w[i]), i, 6, round == 1 ? &q : NULL, &h), YL_OK);
      const yl_term_memo *m = tok(&b, st, w[i]);
      INT_EQ(h.why, yl_term_reason(m));
      if (h.why == YL_FILTER_KEEP) {
        STR_EQ(term(&a, h.kid), term(&b, m->kid));
        STR_EQ(term(&a, h.sid), term(&b, m->sid));
      }
    }
  /* 芯片 is a plain kept word: its reference holds the key id itself */
  INT_EQ(a.by_ref[0] > 0 && a.by_ref[0] < YL_REF_MEMO, 1);
  INT_EQ((a.by_ref[1] & YL_REF_MEMO) != 0, 1); /* DeepSeek: surface differs */
  INT_EQ((a.by_ref[3] & YL_REF_MEMO) != 0, 1); /* 美国之音: a self-name */
  yl_terms_free(&a);
  yl_terms_free(&b);
  yl_filter_stops_free(s1);
  yl_filter_stops_free(any);
  yl_filter_free(f);
}

/* Thousands of spellings of every length 2..24 that differ in one byte: each gets a
 * memo of its own, and finds it again after the table grew. */
static void test_terms_growth(void) {
  yl_filter *f = NULL;
  INT_EQ(yl_filter_new(NULL, &f), YL_OK);
  yl_terms t;
  INT_EQ(yl_terms_init(&t, f), YL_OK);
  enum { N = 6000 };
  static uint32_t kid[N];
  char w[32];
  size_t bad = 0;
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < N; i++) {
      size_t len = 2 + (size_t)i % 23;
      memset(w, 'q', len);
      w[len] = '\0';
      w[(size_t)i / 23 % len] = (char)('a' + i / 23 / 24 % 26);
      w[0] = (char)('a' + i % 26); /* first byte too, so (len, position, letter) vary */
      const yl_term_memo *m = tok(&t, NULL, w);
      if (yl_term_reason(m) != YL_FILTER_KEEP || strcmp(term(&t, m->kid), w)) bad++;
      if (round == 0) kid[i] = m->kid;
      else if (m->kid != kid[i]) bad++;
    }
  INT_EQ(bad, 0);
  OK(t.n > 1000);
  INT_EQ(t.n, yl_vocab_size(t.v));
  yl_terms_free(&t);
  yl_filter_free(f);
}

static yl_doc *doc(const char *path, const char *url, const char *body, yl_doc_status status) {
  yl_doc *d = calloc(1, sizeof *d);
  d->path = strdup(path);
  d->note = strdup("");
  d->outlet = strdup("x");
  d->outlet_name = strdup("x");
  d->url = url ? strdup(url) : NULL;
  d->status = status;
  if (body) {
    d->paras = calloc(1, sizeof *d->paras);
    d->paras[0] = (yl_para){YL_PARA_BODY, strdup(body), strlen(body)};
    d->n_paras = 1;
  }
  return d;
}

static void test_mark_duplicates(void) {
  yl_doc *d[5] = {
      doc("a.txt", "https://x.org/1", "一段正文", YL_DOC_ANALYSED),
      doc("b.txt", "https://x.org/1", "另一段正文", YL_DOC_ANALYSED), /* same URL as a */
      doc("c.txt", "https://x.org/2", "一段正文", YL_DOC_ANALYSED),   /* same body as a */
      doc("d.txt", "https://x.org/2", NULL, YL_DOC_SKIPPED),          /* skipped: left alone */
      doc("e.txt", NULL, "第三段", YL_DOC_ANALYSED),
  };
  yl_ingest_entry ents[5];
  yl_doc_key keys[5];
  for (int i = 0; i < 5; i++) {
    ents[i] = (yl_ingest_entry){d[i]->path, NULL};
    keys[i] = yl_doc_key_of(d[i]);
    OK(keys[i].doc == d[i]);
  }
  yl_ingest_list files = {ents, 5};
  uint32_t dup_of[5];
  float sim[5];
  INT_EQ(yl_docs_mark_duplicates(keys, 5, &files, NULL, dup_of, sim), YL_OK);
  INT_EQ(dup_of[0], 0);
  INT_EQ(dup_of[1], 1);
  INT_EQ(dup_of[2], 1);
  INT_EQ(dup_of[3], 0);
  INT_EQ(dup_of[4], 0);
  OK(sim[1] == -1.0f && sim[2] == 1.0f); /* no sketches: unknown; same body: 1 */
  INT_EQ(d[0]->status, YL_DOC_ANALYSED);
  STR_EQ(d[0]->note, "");
  INT_EQ(d[1]->status, YL_DOC_DUPLICATE);
  STR_EQ(d[1]->note, "duplicate of a.txt (same URL)");
  INT_EQ(d[2]->status, YL_DOC_DUPLICATE);
  STR_EQ(d[2]->note, "duplicate of a.txt (same body text)");
  INT_EQ(d[3]->status, YL_DOC_SKIPPED);
  STR_EQ(d[3]->note, "");
  INT_EQ(d[4]->status, YL_DOC_ANALYSED);
  /* One at a time, as a streaming caller feeds them: the same decisions. */
  yl_doc *e[2] = {doc("p.txt", "u", "正文", YL_DOC_ANALYSED), doc("q.txt", "u", "别的", YL_DOC_ANALYSED)};
  yl_ingest_entry pe[2] = {{e[0]->path, NULL}, {e[1]->path, NULL}};
  yl_ingest_list pl = {pe, 2};
  yl_dedupe *dd = NULL;
  INT_EQ(yl_dedupe_new(&dd), YL_OK);
  for (size_t i = 0; i < 2; i++) {
    yl_doc_key k = yl_doc_key_of(e[i]);
    INT_EQ(yl_docs_mark_duplicate(dd, &k, i, &pl), YL_OK);
  }
  yl_dedupe_free(dd);
  INT_EQ(e[0]->status, YL_DOC_ANALYSED);
  STR_EQ(e[1]->note, "duplicate of p.txt (same URL)");
  for (int i = 0; i < 5; i++) yl_doc_free(d[i]);
  yl_doc_free(e[0]);
  yl_doc_free(e[1]);
}

/* Of one story's copies the latest published is kept, then the longest, then the first;
 * the copies are linked through any of them (a-b same URL, b-c same body). */
static void test_keep_latest(void) {
  yl_doc *d[4] = {
      doc("p.txt", "https://x.org/s", "旧的正文", YL_DOC_ANALYSED),
      doc("q.txt", "https://x.org/s", "更新的正文", YL_DOC_ANALYSED),
      doc("r.txt", "https://y.org/t", "更新的正文", YL_DOC_ANALYSED),
      doc("s.txt", "https://z.org/u", "别的故事", YL_DOC_ANALYSED),
  };
  d[0]->published_ms = 1000;
  d[1]->published_ms = 3000;
  d[2]->published_ms = 3000;
  d[3]->published_ms = YL_TIME_NONE;
  uint64_t len[4] = {12, 15, 15, 12};
  yl_ingest_entry ents[4];
  yl_doc_key keys[4];
  for (int i = 0; i < 4; i++) {
    ents[i] = (yl_ingest_entry){d[i]->path, NULL};
    keys[i] = yl_doc_key_of(d[i]);
  }
  yl_ingest_list files = {ents, 4};
  yl_dup_input in = {NULL, NULL, len, NULL, 0.8};
  uint32_t dup_of[4];
  float sim[4];
  INT_EQ(yl_docs_mark_duplicates(keys, 4, &files, &in, dup_of, sim), YL_OK);
  /* q and r tie on date and length: q, the first, is kept */
  INT_EQ(d[1]->status, YL_DOC_ANALYSED);
  INT_EQ(dup_of[0], 2);
  STR_EQ(d[0]->note, "duplicate of q.txt (same URL)");
  INT_EQ(dup_of[2], 2);
  STR_EQ(d[2]->note, "duplicate of q.txt (same body text)");
  INT_EQ(d[3]->status, YL_DOC_ANALYSED);
  /* a longer r now wins the tie */
  for (int i = 0; i < 4; i++) {
    d[i]->status = YL_DOC_ANALYSED;
    free(d[i]->note);
    d[i]->note = strdup("");
  }
  len[2] = 16;
  INT_EQ(yl_docs_mark_duplicates(keys, 4, &files, &in, dup_of, sim), YL_OK);
  INT_EQ(d[2]->status, YL_DOC_ANALYSED);
  INT_EQ(dup_of[0], 3);
  INT_EQ(dup_of[1], 3);
  STR_EQ(d[1]->note, "duplicate of r.txt (same body text)");
  STR_EQ(d[0]->note, "duplicate of r.txt (same story)"); /* linked through q */
  /* the outlet's own copy before a mirror's, whatever their dates: p is the outlet's */
  for (int i = 0; i < 4; i++) {
    d[i]->status = YL_DOC_ANALYSED;
    free(d[i]->note);
    d[i]->note = strdup("");
  }
  unsigned char known[4] = {1, 0, 0, 1};
  in.known = known;
  INT_EQ(yl_docs_mark_duplicates(keys, 4, &files, &in, dup_of, sim), YL_OK);
  INT_EQ(d[0]->status, YL_DOC_ANALYSED);
  INT_EQ(dup_of[1], 1);
  INT_EQ(dup_of[2], 1);
  STR_EQ(d[1]->note, "duplicate of p.txt (same URL)");
  INT_EQ(d[3]->status, YL_DOC_ANALYSED);
  for (int i = 0; i < 4; i++) yl_doc_free(d[i]);
}

static void test_doccount(void) {
  yl_doccount dc;
  INT_EQ(yl_doccount_init(&dc, 8), YL_OK);
  const uint32_t a[] = {3, 1, 3, 3, 0, 7};
  size_t ns = 0;
  INT_EQ(yl_doccount_add(&dc, a, 6, &ns), YL_OK);
  INT_EQ(ns, 4);
  const uint32_t want_id[] = {3, 1, 0, 7};
  const uint64_t want_n[] = {3, 1, 1, 1};
  for (size_t i = 0; i < 4; i++) {
    INT_EQ(dc.seen[i], want_id[i]);
    INT_EQ(dc.seen_n[i], want_n[i]);
  }
  /* The next document starts from zero. */
  const uint32_t b[] = {1, 1};
  INT_EQ(yl_doccount_add(&dc, b, 2, &ns), YL_OK);
  INT_EQ(ns, 1);
  INT_EQ(dc.seen[0], 1);
  INT_EQ(dc.seen_n[0], 2);
  INT_EQ(yl_doccount_add(&dc, b, 0, &ns), YL_OK);
  INT_EQ(ns, 0);
  yl_doccount_free(&dc);
}

/* Records written through the buffer (flushed past 1 MiB), read back in index order
 * through the window: one larger than the window, many smaller than it, and one at the
 * end of the file where the window ends early. */
static void test_spill_files(void) {
  yl_spill sp = YL_SPILL_INIT;
  INT_EQ(yl_spill_open(&sp, tmp), YL_OK);
  OK(sp.fd >= 0);
  enum { NREC = 40 };
  size_t sizes[NREC];
  uint64_t off[NREC], len[NREC];
  yl_tokbuf tb = {0};
  for (size_t r = 0; r < NREC; r++) {
    sizes[r] = r == 3 ? 200000 : (r * 7919) % 30000;
    INT_EQ(yl_tokbuf_reserve(&tb, sizes[r]), YL_OK);
    OK(tb.cap >= sizes[r]);
    for (size_t i = 0; i < sizes[r]; i++) {
      tb.ids[i] = (uint32_t)(i * 2654435761u % 3000000u) + (uint32_t)r;
      tb.forms[i] = i % 5 ? tb.ids[i] : tb.ids[i] + 1;
      tb.fl[i] = (uint8_t)(i % 4);
    }
    INT_EQ(yl_spill_add(&sp, &tb, sizes[r], &off[r], &len[r]), YL_OK);
    if (r) INT_EQ(off[r], off[r - 1] + len[r - 1]);
  }
  OK(sp.flushed > 0); /* the buffer went to the file on the way */
  INT_EQ(yl_spill_flush(&sp), YL_OK);
  INT_EQ(sp.buf.len, 0);
  yl_spill_window w = {0};
  yl_tokbuf back = {0};
  size_t bad = 0;
  for (size_t r = 0; r < NREC; r++) {
    const unsigned char *p = NULL;
    INT_EQ(yl_spill_read(sp.fd, off[r], len[r], &w, &p), YL_OK);
    INT_EQ(yl_tokbuf_reserve(&back, sizes[r]), YL_OK);
    size_t n = 0;
    INT_EQ(yl_analyze_spill_get(p, len[r], back.ids, back.forms, back.fl, back.cap, &n), YL_OK);
    INT_EQ(n, sizes[r]);
    for (size_t i = 0; i < n; i++) {
      uint32_t id = (uint32_t)(i * 2654435761u % 3000000u) + (uint32_t)r;
      if (back.ids[i] != id || back.forms[i] != (i % 5 ? id : id + 1) || back.fl[i] != i % 4) bad++;
    }
  }
  INT_EQ(bad, 0);
  /* Past the end of the file: a short read. */
  const unsigned char *p = NULL;
  INT_EQ(yl_spill_read(sp.fd, off[NREC - 1] + len[NREC - 1], 10, &w, &p), YL_ERR_IO);
  yl_spill_window_free(&w);
  yl_tokbuf_free(&tb);
  yl_tokbuf_free(&back);
  yl_spill_close(&sp);
  INT_EQ(sp.fd, -1);
}

int main(void) {
  if (yl_test_scratch("engine", tmp, sizeof tmp)) return 2;
  RUN(test_terms_verdicts);
  RUN(test_terms_outlet_stops);
  RUN(test_terms_by_ref);
  RUN(test_terms_growth);
  RUN(test_mark_duplicates);
  RUN(test_keep_latest);
  RUN(test_doccount);
  RUN(test_spill_files);
  YL_TEST_DONE();
}
