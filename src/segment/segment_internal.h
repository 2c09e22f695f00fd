/* What the parts of the segmenter share (internal): the dictionary and segmenter
 * structures, jieba's character classes, and the small inline steps of the hot path.
 *
 * The parts: trie.c builds the double array (trie.h); image.c reads and checks the
 * compiled file (image.h); compile.c turns the text files into that image;
 * userdict.c holds user words (the overlay); route.c finds the best route over the
 * DAG; hmm.c is jieba's finalseg; segment.c drives them (jieba.cut). */
#ifndef YL_SEGMENT_INTERNAL_H
#define YL_SEGMENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/u64map.h"
#include "segment/trie.h"
#include "yuliao/error.h"
#include "yuliao/segment.h"

#define YL_MIN_FLOAT (-3.14e100) /* jieba finalseg's stand-in for log(0) */
#define YL_NCP 0x110000u         /* code points */

enum { YL_ST_B = 0, YL_ST_M, YL_ST_E, YL_ST_S }; /* BMES, in jieba's order */

/* A trie over code points for the few words added at run time (user words). The
 * edges live in the shared hash table, keyed by (parent << 21 | code point), which
 * is exact (ids < 2^32, code points < 2^21), so the value is the child's id with no
 * content comparison. Node 0 is the root; ids 1..n are the other nodes. */
/* jieba's total frequency is a Python int; here it stops at 2^62, far above any real
 * dictionary (jieba's sums to 6·10^7), so that neither the sum nor suggest_freq's
 * product with it can overflow (10,000 user words of frequency 999999999999999 made
 * a signed overflow). */
#define YL_DICT_TOTAL_MAX (1LL << 62)
static inline long long yl_dict_total_add(long long total, long long freq) {
  if (freq <= 0) return total;
  return freq > YL_DICT_TOTAL_MAX - total ? YL_DICT_TOTAL_MAX : total + freq;
}

typedef struct yl_cptrie {
  yl_u64map edges;
  uint32_t n;
  uint64_t *first; /* bit per code point: some word starts with it (NULL: none yet) */
} yl_cptrie;

#define YL_CPTRIE_NCP 0x110000u

/* Whether a word of 't' may start with 'cp': one bit test, where the root's child
 * would be a hash lookup at every character of the text. */
static inline int yl_cptrie_may_start(const yl_cptrie *t, uint32_t cp) {
  return t->first && cp < YL_CPTRIE_NCP && (t->first[cp >> 6] >> (cp & 63) & 1);
}

/* The child of 'node' by code point 'cp', or 0. */
static inline uint32_t yl_cptrie_child(const yl_cptrie *t, uint32_t node, uint32_t cp) {
  return (uint32_t)yl_u64map_get(&t->edges, (uint64_t)node << 21 | cp);
}

/* What a user word (an overlay node) says. */
typedef struct yl_ov_word {
  long long freq; /* -1: only a prefix of a user word */
  double logf;
  int32_t tag;   /* index into yl_overlay.tags, -1: none */
  uint8_t force; /* added with frequency 0: jieba's Force_Split_Words */
} yl_ov_word;

/* User words (userdict.c): consulted next to the main trie only when non-empty, so
 * the common path stays one array lookup per character. */
typedef struct yl_overlay {
  yl_cptrie trie;   /* every user word */
  yl_ov_word *word; /* per node id of 'trie' (0: the root) */
  size_t cap_word;
  char **tags;
  size_t ntags;
  size_t nforce;
  /* user words with characters outside jieba's blocks (spaces, punctuation),
   * matched before the pre-split */
  yl_cptrie multi;
  uint8_t *multi_end; /* per node id of 'multi': 1 = a live word ends here */
  size_t cap_multi;
  size_t nmulti; /* live multi-part words */
} yl_overlay;

struct yl_dict {
  unsigned char *img; /* the compiled image (image.h): mmap'd or malloc'd */
  size_t img_len;
  int mapped;
  const yl_trie_slot *sl;
  uint32_t nslots;
  const uint8_t *stag; /* tag number per slot, 0 = none */
  const uint32_t *tag_off;
  const char *tags;
  uint32_t ntags;
  const uint16_t *cidx; /* YL_NCP >> 8 entries: block number */
  const uint16_t *cblk; /* blocks of 256 codes */
  const double *emit;   /* 4 per code */
  uint32_t ncodes;
  double start[4], trans[4][4];
  long long total; /* saturates at YL_DICT_TOTAL_MAX (yl_dict_total_add) */
  double logtotal;
  yl_overlay ov;
};

/* Per-character arrays of one yl_segment call, reused between calls. A reference
 * ('rref', yl_udict_lookup) names where a word's tag is: a main-trie slot ≥ 0, an
 * overlay node id as -(id + 1), or -1 for none. */
struct yl_segmenter {
  const yl_dict *d;
  size_t cap; /* capacity of the per-char arrays */
  uint32_t *cp;
  uint32_t *off;
  uint16_t *code;
  uint8_t *cls;
  double *rprob;
  int32_t *rx;
  int32_t *rref;
  double *vit;   /* 4 per char */
  uint8_t *back; /* 4 per char */
  yl_token *tok;
  uint32_t *tref; /* per token: the word it is (yl_segment_refs) */
  size_t ntok, cap_tok;
  yl_status err;
};

static inline int32_t yl_ref_of_node(uint32_t id) { return -(int32_t)id - 1; }
static inline uint32_t yl_node_of_ref(int32_t ref) { return (uint32_t)(-(ref + 1)); }

/* ---------- jieba's character classes ---------- */

/* Python's re '\s' on str (Py_UNICODE_ISSPACE). */
static inline int yl_seg_is_space(uint32_t c) {
  if (c <= 0x20) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C);
  if (c < 0x85) return 0;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
static inline int yl_seg_is_han(uint32_t c) { return c >= 0x4E00 && c <= 0x9FD5; }
static inline int yl_seg_is_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
/* re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-] */
static inline int yl_seg_is_block(uint32_t c) {
  return yl_seg_is_han(c) || yl_seg_is_alnum(c) || c == '+' || c == '#' || c == '&' ||
         c == '.' || c == '_' || c == '%' || c == '-';
}
/* bytes.strip() of Python: ASCII white space (dict.txt and user dictionary lines). */
static inline int yl_seg_is_bspace(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }

enum { YL_CL_OTHER = 0, YL_CL_BLOCK, YL_CL_SPACE };

/* ---------- lookups ---------- */

/* Dense code of a code point (0: not in the dictionary or the model). */
static inline uint16_t yl_seg_code(const yl_dict *d, uint32_t cp) {
  if (cp >= YL_NCP) return 0;
  return d->cblk[(size_t)d->cidx[cp >> 8] * 256 + (cp & 255)];
}

/* The tag a reference names, or NULL. */
static inline const char *yl_seg_tag(const yl_dict *d, int32_t ref) {
  if (ref >= 0) {
    uint8_t t = d->stag[ref];
    return t && t < d->ntags ? d->tags + d->tag_off[t] : NULL;
  }
  if (ref <= -2) {
    const yl_ov_word *w = &d->ov.word[yl_node_of_ref(ref)];
    return w->tag >= 0 ? d->ov.tags[w->tag] : NULL;
  }
  return NULL;
}

/* jieba's FREQ.get for a code point sequence (userdict.c): sets '*present' (a word
 * or a prefix of one), returns the frequency (0 for a prefix) and the reference of
 * the node for its tag. */
long long yl_udict_lookup(const yl_dict *d, const uint32_t *cp, size_t n, int *present,
                          int32_t *ref);

/* End of the longest live multi-part user word starting at cp[i] (i < n), or i. */
size_t yl_udict_multi_end(const yl_dict *d, const uint32_t *cp, size_t i, size_t n);

void yl_udict_free(yl_overlay *ov);

/* ---------- the steps of yl_segment ---------- */

/* Grows the token array; 0 (and s->err set) when out of memory. */
int yl_seg_grow_tokens(yl_segmenter *s);

/* Appends the token covering chars [a, b). Inline: once per token. */
/* A token that is the dictionary or user word of reference 'ref' (-1: neither). */
static inline void yl_seg_emit_ref(yl_segmenter *s, size_t a, size_t b, yl_tok_kind kind,
                                   const char *tag, int32_t ref) {
  if (s->ntok == s->cap_tok && !yl_seg_grow_tokens(s)) return;
  s->tref[s->ntok] = ref >= 0 ? (uint32_t)ref
                     : ref == -1 ? UINT32_MAX
                                 : s->d->nslots + yl_node_of_ref(ref);
  yl_token *t = &s->tok[s->ntok++];
  t->off = s->off[a];
  t->len = s->off[b] - s->off[a];
  t->kind = kind;
  t->tag = tag;
}

static inline void yl_seg_emit(yl_segmenter *s, size_t a, size_t b, yl_tok_kind kind,
                               const char *tag) {
  yl_seg_emit_ref(s, a, b, kind, tag, -1);
}

/* Max log-probability route over the DAG of chars [a, b) into s->rprob, s->rx (the
 * end of the first word) and s->rref (route.c, jieba's calc). */
void yl_route(yl_segmenter *s, size_t a, size_t b);

/* finalseg.cut on chars [a, b), all of them block characters (hmm.c). */
void yl_hmm_cut(yl_segmenter *s, size_t a, size_t b);

/* Builds the compiled image from the text files in 'dir' (compile.c). Returns YL_OK,
 * YL_ERR_IO (a file cannot be read), YL_ERR_PARSE (a malformed line or no words),
 * YL_ERR_LIMIT, YL_ERR_INVALID (a path too long) or YL_ERR_NOMEM, with 'err' (may be
 * NULL; the caller clears it) naming the file, the line and the errno. */
yl_status yl_compile_image(const char *dir, unsigned char **out, size_t *out_len,
                           yl_error *err);

#endif
