/* Tokens → term ids: the filter memo of a pass-1 worker, the outlets' self-name stop
 * sets, sentence ends (see terms.h). */
#include "pipeline/terms.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/aliases.h"
#include "pipeline/analyze_internal.h"
#include "yuliao/outlets.h"

yl_status yl_terms_init(yl_terms *t, const yl_filter *f) {
  memset(t, 0, sizeof *t);
  t->filter = f;
  t->map = (yl_u64map)YL_U64MAP_INIT;
  t->spell = (yl_buf)YL_BUF_INIT;
  yl_status st = yl_vocab_new(&t->v);
  /* Slots from the start, so that lookups never meet a table without any. */
  if (!st) st = yl_u64map_reserve(&t->map, 2048);
  return st;
}

void yl_terms_drop_memo(yl_terms *t) {
  yl_u64map_free(&t->map);
  free(t->memo);
  yl_buf_free(&t->spell);
  free(t->key);
  free(t->by_ref);
  t->map = (yl_u64map)YL_U64MAP_INIT;
  t->memo = NULL;
  t->key = NULL;
  t->by_ref = NULL;
  t->n = t->cap = t->keycap = t->nref = 0;
}

void yl_terms_free(yl_terms *t) {
  yl_vocab_free(t->v);
  yl_terms_drop_memo(t);
  memset(t, 0, sizeof *t);
}

/* A new memo for spelling 'q' with the filter's verdict, its key and surface interned
 * when kept, entered at 'slot'; its index in '*idx'. */
yl_status yl_terms_add(yl_terms *t, const yl_spelling *q, size_t slot, size_t *idx) {
  if (t->n == UINT32_MAX - 1) return YL_ERR_LIMIT;
  if (t->n == t->cap) {
    size_t nc = t->cap ? 2 * t->cap : 1024;
    yl_term_memo *p = realloc(t->memo, nc * sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    t->memo = p;
    t->cap = nc;
  }
  const char *s = q->s;
  size_t len = q->len;
  yl_term_memo m = {q->ab[0], q->ab[1], 0, (uint32_t)len, 0, 0, NULL, 0, 0, 0};
  if (!q->by_value) {
    m.off = t->spell.len;
    yl_status st = yl_buf_put(&t->spell, s, len);
    if (st) return st;
  }
  if (YL_FILTER_KEY_CAP(len) > t->keycap) {
    size_t nc = YL_FILTER_KEY_CAP(len) + 64;
    char *kb = realloc(t->key, nc);
    if (!kb) return YL_ERR_NOMEM;
    t->key = kb;
    t->keycap = nc;
  }
  size_t klen = 0;
  yl_filter_reason why = yl_filter_token(t->filter, NULL, s, len, t->key, t->keycap, &klen);
  const char *ck, *cs, *kk = t->key; /* the key counted */
  size_t ckl, csl;
  if (why == YL_FILTER_KEEP && t->aliases && yl_aliases_find(t->aliases, t->key, klen, &ck, &ckl, &cs, &csl)) {
    /* an alias: counted as its canonical, shown as the canonical is written */
    yl_status st = yl_vocab_intern(t->v, ck, ckl, &m.kid);
    m.sid = m.kid;
    if (!st && (ckl != csl || memcmp(ck, cs, csl))) st = yl_vocab_intern(t->v, cs, csl, &m.sid);
    if (st) return st;
    kk = ck;
    klen = ckl;
  } else if (why == YL_FILTER_KEEP) {
    yl_status st = yl_vocab_intern(t->v, t->key, klen, &m.kid);
    m.sid = m.kid;
    if (!st && (klen != len || memcmp(t->key, s, len))) st = yl_vocab_intern(t->v, s, len, &m.sid);
    if (st) return st;
  }
  m.why = (uint8_t)why;
  m.maybe_outlet = why == YL_FILTER_KEEP && t->any_outlet && yl_filter_stops_has(t->any_outlet, kk, klen);
  if (yl_u64map_full(&t->map)) { /* growing moves the slots: look again */
    yl_status st = yl_u64map_reserve(&t->map, 1);
    if (st) return st;
    slot = yl_u64map_find(&t->map, q->key, yl_spelling_eq, q);
  }
  t->memo[t->n] = m;
  yl_u64map_put_at(&t->map, slot, q->key, t->n);
  *idx = t->n++;
  return YL_OK;
}

void yl_terms_check_outlet(yl_terms *t, yl_term_memo *m, const yl_filter_stops *stops) {
  size_t klen;
  const char *k = yl_vocab_term(t->v, m->kid, &klen);
  m->outlet_stop = (uint8_t)yl_filter_stops_has(stops, k, klen);
  m->stops = stops;
}

int yl_analyze_sentence_end(const char *s, size_t len) {
  static const char *const wide[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                     "\xEF\xBC\x9B", "\xE2\x80\xA6"}; /* 。！？；… */
  if (!len) return 0;
  for (size_t i = 0; i < len;) {
    char c = s[i];
    if (c == '!' || c == '?' || c == ';') {
      i++;
      continue;
    }
    size_t k = 0;
    while (k < 5 && !(len - i >= 3 && !memcmp(s + i, wide[k], 3))) k++;
    if (k == 5) return 0;
    i += 3;
  }
  return 1;
}

/* ---- outlets' self-name stop sets --------------------------------------------------- */

/* 'w' as the counted text has it: converted by the script (when there is one) into
 * '*out' (malloc'd). */
static yl_status name_as_counted(yl_script *script, const char *w, char **out, size_t *len) {
  *out = NULL;
  if (script) {
    yl_status st = yl_script_convert(script, w, strlen(w), out, len);
    if (st != YL_ERR_UTF8) return st; /* a name not UTF-8 is added as written */
  }
  *len = strlen(w);
  return (*out = strdup(w)) ? YL_OK : YL_ERR_NOMEM;
}

/* Adds the self-names and house terms of 'ol' to '*set' (made when needed). */
static yl_status add_names(yl_script *script, const yl_outlet *ol, yl_filter_stops **set) {
  yl_status st = YL_OK;
  size_t n = ol->n_self_names + ol->n_house_terms;
  for (size_t k = 0; !st && k < n; k++) {
    const char *w = k < ol->n_self_names ? ol->self_names[k] : ol->house_terms[k - ol->n_self_names];
    if (!*set && (st = yl_filter_stops_new(set))) break;
    char *c;
    size_t cl;
    if ((st = name_as_counted(script, w, &c, &cl))) break;
    st = yl_filter_stops_add(*set, c, cl);
    free(c);
    if (st == YL_ERR_UTF8) st = YL_OK; /* a bad name cannot match a token anyway */
  }
  return st;
}

yl_status yl_outlet_stops_init(yl_outlet_stops *os, const yl_ingest *ingest, yl_script *script) {
  memset(os, 0, sizeof *os);
  os->ingest = ingest;
  os->script = script;
  pthread_mutex_init(&os->mu, NULL);
  const yl_outlets *ot = ingest ? yl_ingest_outlets(ingest) : NULL;
  yl_status st = YL_OK;
  for (size_t i = 0; !st && ot && i < yl_outlets_count(ot); i++)
    st = add_names(script, yl_outlets_at(ot, i), &os->any);
  return st;
}

static void set_free(yl_outlet_stop_set *e) {
  if (!e) return;
  free(e->id);
  yl_filter_stops_free(e->s);
  for (size_t k = 0; k < e->n_labels; k++) free(e->labels[k]);
  free(e->labels);
  free(e);
}

void yl_outlet_stops_free(yl_outlet_stops *os) {
  for (size_t i = 0; i < os->n; i++) set_free(os->v[i]);
  free(os->v);
  yl_filter_stops_free(os->any);
  pthread_mutex_destroy(&os->mu);
}

/* The set of outlet 'id', built (the lock held). */
static yl_status build_set(const yl_outlet_stops *os, const char *id, yl_outlet_stop_set **out) {
  yl_outlet_stop_set *e = *out = calloc(1, sizeof *e);
  if (!e || !(e->id = strdup(id))) {
    set_free(e);
    *out = NULL;
    return YL_ERR_NOMEM;
  }
  const yl_outlet *ol = yl_outlets_by_id(yl_ingest_outlets(os->ingest), id);
  if (!ol) return YL_OK;
  yl_status st = add_names(os->script, ol, &e->s);
  if (!st && ol->n_labels && !(e->labels = calloc(ol->n_labels, sizeof *e->labels))) st = YL_ERR_NOMEM;
  for (size_t k = 0; !st && k < ol->n_labels; k++) {
    size_t len;
    if (!(st = name_as_counted(os->script, ol->labels[k], &e->labels[k], &len))) e->n_labels++;
  }
  if (st) {
    set_free(e);
    *out = NULL;
  }
  return st;
}

yl_status yl_outlet_stops_get(yl_outlet_stops *os, const char *id,
                              const yl_outlet_stop_set **out) {
  yl_status st = YL_OK;
  pthread_mutex_lock(&os->mu);
  size_t i = 0;
  while (i < os->n && strcmp(os->v[i]->id, id)) i++;
  if (i == os->n) {
    if (os->n == os->cap) {
      size_t nc = os->cap ? 2 * os->cap : 16;
      yl_outlet_stop_set **p = realloc(os->v, nc * sizeof *p);
      if (!p) st = YL_ERR_NOMEM;
      else os->v = p, os->cap = nc;
    }
    if (!st) st = build_set(os, id, &os->v[i]);
    if (!st) os->n++;
  }
  if (!st) *out = os->v[i];
  pthread_mutex_unlock(&os->mu);
  return st;
}

yl_filter_reason yl_terms_user_key(const yl_filter *f, const struct yl_aliases *a, const char *term,
                                   char *buf, const char **key, size_t *klen) {
  size_t len = strlen(term), csl;
  const char *cs;
  *key = buf;
  yl_filter_reason why = yl_filter_token(f, NULL, term, len, buf, YL_FILTER_KEY_CAP(len), klen);
  if (why == YL_FILTER_KEEP && a) yl_aliases_find(a, buf, *klen, key, klen, &cs, &csl);
  return why;
}
