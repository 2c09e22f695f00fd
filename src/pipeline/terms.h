/* Tokens → term ids for one pass-1 worker (internal).
 *
 * The filter's verdict depends only on a token's bytes and the run's options, except
 * for an outlet's self-names; a corpus repeats a few thousand spellings millions of
 * times. So each distinct spelling gets one memo, found through the library's hash
 * table (u64map content keys), holding the verdict and, for kept tokens, the ids of
 * the key and of the surface spelling in the worker's vocabulary. The outlet check is
 * kept apart with the set it was made against, as documents of several outlets mix. */
#ifndef YL_PIPELINE_TERMS_H
#define YL_PIPELINE_TERMS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "yuliao/filter.h"
#include "yuliao/ingest.h"
#include "yuliao/script.h"
#include "yuliao/status.h"
#include "yuliao/vocab.h"

/* One distinct spelling and what the filter made of it. */
typedef struct yl_term_memo {
  uint64_t a, b;                /* a spelling of 1..16 bytes as two integers (terms.c) */
  size_t off;                   /* any other: its bytes at 'off' in yl_terms.spell */
  uint32_t len;                 /* of the spelling */
  uint32_t kid, sid;            /* kept: key and surface ids in yl_terms.v */
  const yl_filter_stops *stops; /* the outlet set 'outlet_stop' was checked against */
  uint8_t why;                  /* yl_filter_reason, outlet self-names left out */
  uint8_t outlet_stop;          /* the key is one of 'stops' */
  uint8_t maybe_outlet;         /* kept, and the key is some outlet's self-name: only
                                   then does the outlet of a document matter */
} yl_term_memo;

/* The verdict for the document the memo was last asked for. */
static inline yl_filter_reason yl_term_reason(const yl_term_memo *m) {
  return m->outlet_stop ? YL_FILTER_STOP : (yl_filter_reason)m->why;
}

typedef struct yl_terms {
  const yl_filter *filter;
  yl_vocab *v;        /* keys and surface spellings: the worker's term ids */
  yl_u64map map;      /* yl_hash_bytes of a spelling → its index in 'memo' */
  yl_term_memo *memo;
  size_t n, cap;
  yl_buf spell;       /* bytes of the spellings not kept by value */
  char *key;          /* the filter's key buffer */
  size_t keycap;
  uint32_t *by_ref;   /* segment/refs.h reference → memo index + 1 (0: not yet) */
  size_t nref;
  const yl_filter_stops *any_outlet; /* every outlet's self-names (NULL: none) */
  const struct yl_aliases *aliases;  /* --aliases (NULL: none) */
} yl_terms;

yl_status yl_terms_init(yl_terms *t, const yl_filter *f);
/* Releases everything, the vocabulary too; 't' may be zeroed or half initialised. */
void yl_terms_free(yl_terms *t);
/* Releases the memo (no more tokens will come), keeping the vocabulary. */
void yl_terms_drop_memo(yl_terms *t);

/* A spelling being looked up. Those of 1..16 bytes are compared by value: bytes 0..7
 * and len−8..len−1 cover a spelling of 8..16 bytes, 4-byte halves cover 4..7, first,
 * middle and last bytes cover 1..3 (with the length they determine the bytes), and no
 * byte outside the token is read. Their hash key is yl_hash_bytes of those 16 bytes
 * (two rounds, without the byte-wise tail a 1..7-byte string would take). */
typedef struct yl_spelling {
  const yl_terms *t;
  const char *s;
  size_t len;
  uint64_t ab[2];
  int by_value;
  uint64_t key;
} yl_spelling;

static inline uint64_t yl_terms_load_le(const char *s, size_t n) { /* n <= 8, little end first */
  uint64_t v = 0;
  memcpy(&v, s, n);
  return v;
}

static inline void yl_spelling_init(yl_spelling *q, const yl_terms *t, const char *s, size_t len) {
  q->t = t;
  q->s = s;
  q->len = len;
  q->by_value = len >= 1 && len <= 16;
  if (!q->by_value) {
    q->ab[0] = q->ab[1] = 0;
    q->key = yl_u64map_hkey(yl_hash_bytes(0, s, len));
    return;
  }
  uint64_t a, b = 0;
  if (len >= 8) a = yl_terms_load_le(s, 8), b = yl_terms_load_le(s + len - 8, 8);
  else if (len >= 4) a = yl_terms_load_le(s, 4) | yl_terms_load_le(s + len - 4, 4) << 32;
  else a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
           (uint64_t)(unsigned char)s[len - 1] << 16;
  q->ab[0] = a;
  q->ab[1] = b;
  q->key = yl_u64map_hkey(yl_hash_bytes(len, q->ab, sizeof q->ab));
}

static inline int yl_spelling_eq(const void *ctx, uint64_t idx) {
  const yl_spelling *q = ctx;
  const yl_term_memo *m = &q->t->memo[idx];
  if (m->len != q->len) return 0;
  if (q->by_value) return m->a == q->ab[0] && m->b == q->ab[1];
  return memcmp(q->t->spell.data + m->off, q->s, q->len) == 0;
}

/* The slow paths of yl_terms_token (terms.c): a spelling seen for the first time,
 * whose empty slot yl_u64map_find returned as 'slot'; a kept term checked against
 * another outlet's set. */
yl_status yl_terms_add(yl_terms *t, const yl_spelling *q, size_t slot, size_t *idx);
void yl_terms_check_outlet(yl_terms *t, yl_term_memo *m, const yl_filter_stops *stops);

/* The memo of token 's' ('len' bytes), its outlet check made against 'stops' (NULL:
 * none). '*out' stays valid until the next call. Inline: it runs for every token. */
/* As yl_terms_token for a spelling made by yl_spelling_init (maybe ahead of time). */
static inline yl_status yl_terms_token_spelt(yl_terms *t, const yl_filter_stops *stops,
                                             const yl_spelling *q, const yl_term_memo **out) {
  size_t i = yl_u64map_find(&t->map, q->key, yl_spelling_eq, q), idx;
  if (t->map.slots[i].key != YL_U64MAP_EMPTY) {
    idx = (size_t)t->map.slots[i].val;
  } else {
    yl_status st = yl_terms_add(t, q, i, &idx);
    if (st) return st;
  }
  yl_term_memo *m = &t->memo[idx];
  if (m->maybe_outlet && m->stops != stops) yl_terms_check_outlet(t, m, stops);
  *out = m;
  return YL_OK;
}

static inline yl_status yl_terms_token(yl_terms *t, const yl_filter_stops *stops, const char *s,
                                       size_t len, const yl_term_memo **out) {
  yl_spelling q;
  yl_spelling_init(&q, t, s, len);
  return yl_terms_token_spelt(t, stops, &q, out);
}

/* What a token counts as: its key and surface ids when kept, and the verdict. */
typedef struct yl_term_hit {
  uint32_t kid, sid;
  yl_filter_reason why;
} yl_term_hit;

/* Asks the memory for where the token will be looked up (its reference's entry, or
 * the hash slot of spelling 'q'), so that the cache misses of a paragraph's tokens
 * overlap instead of coming one after the other. */
static inline void yl_terms_prefetch(const yl_terms *t, uint32_t ref, const yl_spelling *q) {
  if (ref < t->nref) __builtin_prefetch(&t->by_ref[ref]);
  else if (q) __builtin_prefetch(&t->map.slots[yl_u64map_home(&t->map, q->key)]);
}

/* by_ref values: 0 unknown; below YL_REF_MEMO a kept term with nothing more to know
 * (key id + 1: surface = key, no outlet's self-name), so a dictionary word costs one
 * read of a 4-byte array entry and not of its memo; YL_REF_MEMO | (memo index + 1)
 * for any other spelling. */
#define YL_REF_MEMO UINT32_C(0x80000000)

/* As yl_terms_token for a token the segmenter named word 'ref' (segment/refs.h;
 * UINT32_MAX: none) among 'nref': a word seen before is found by its reference, with
 * no hash of its bytes (the common case: most tokens are dictionary words). */
static inline yl_status yl_terms_token_ref(yl_terms *t, const yl_filter_stops *stops,
                                           const char *s, size_t len, uint32_t ref,
                                           uint32_t nref, const yl_spelling *q,
                                           yl_term_hit *hit) {
  const yl_term_memo *m;
  if (ref < nref && !t->by_ref) {
    if (!(t->by_ref = calloc(nref, sizeof *t->by_ref))) return YL_ERR_NOMEM;
    t->nref = nref;
  }
  uint32_t v = ref < t->nref ? t->by_ref[ref] : 0;
  if (v && v < YL_REF_MEMO) {
    hit->kid = hit->sid = v - 1;
    hit->why = YL_FILTER_KEEP;
    return YL_OK;
  }
  if (v) {
    yl_term_memo *mm = &t->memo[(v & ~YL_REF_MEMO) - 1];
    if (mm->maybe_outlet && mm->stops != stops) yl_terms_check_outlet(t, mm, stops);
    m = mm;
  } else {
    yl_status st = q ? yl_terms_token_spelt(t, stops, q, &m) : yl_terms_token(t, stops, s, len, &m);
    if (st) return st;
    if (ref < t->nref) {
      size_t idx = (size_t)(m - t->memo);
      int plain = m->why == YL_FILTER_KEEP && m->kid == m->sid && !m->maybe_outlet &&
                  m->kid < YL_REF_MEMO - 1;
      if (plain) t->by_ref[ref] = m->kid + 1;
      else if (idx < YL_REF_MEMO - 1) t->by_ref[ref] = YL_REF_MEMO | (uint32_t)(idx + 1);
    }
  }
  hit->kid = m->kid;
  hit->sid = m->sid;
  hit->why = yl_term_reason(m);
  return YL_OK;
}

/* Every outlet's self-name stop set, built on first use (under a lock, each once) and
 * shared read-only by the workers, and 'any', the union of them all, built first: a
 * term in none of them needs no check when the outlet changes. */
typedef struct yl_outlet_stop_set {
  char *id;
  yl_filter_stops *s; /* NULL: an outlet without self-names or house terms */
  char **labels;      /* its paragraph labels (记者：), as the counted text has them */
  size_t n_labels;
} yl_outlet_stop_set;

typedef struct yl_outlet_stops {
  const yl_ingest *ingest;
  yl_script *script;    /* converts the names like the text (NULL: as written) */
  yl_filter_stops *any; /* NULL: no outlet has self-names */
  pthread_mutex_t mu;
  yl_outlet_stop_set **v; /* each its own allocation: yl_outlet_stops_get hands them out */
  size_t n, cap;
} yl_outlet_stops;

/* Self-names and house terms of every outlet of 'ingest', converted by 'script' (may
 * be NULL) as the text is. */
yl_status yl_outlet_stops_init(yl_outlet_stops *os, const yl_ingest *ingest, yl_script *script);
void yl_outlet_stops_free(yl_outlet_stops *os);
/* The set of outlet 'id' in '*out' (its 's' NULL when it has no self-names or house
 * terms). The entry stays valid until yl_outlet_stops_free. */
yl_status yl_outlet_stops_get(yl_outlet_stops *os, const char *id,
                              const yl_outlet_stop_set **out);

/* A term given by the user (--kwic, --focus, a frame rule) as the counted text has
 * it: its filter verdict, and the key it is counted under in '*key' / '*klen' (its
 * alias's canonical key, or its own key in 'buf', YL_FILTER_KEY_CAP(strlen(term))
 * bytes). */
yl_filter_reason yl_terms_user_key(const yl_filter *f, const struct yl_aliases *a, const char *term,
                                   char *buf, const char **key, size_t *klen);

#endif
