/* Chinese word segmentation, output identical to jieba 0.42.1 jieba.cut (HMM on/off).
 *
 * The dictionary is one little-endian byte image (see docs/segment.md, "jieba.ydict"):
 * a double-array trie over dense character codes whose slots hold log(freq) as a
 * double, a two-level code point → code table, the HMM emission table indexed by
 * code, and tags. The same image is written by yl_dict_compile, mmap'd by
 * yl_dict_open, or built in memory when the compiled file is unusable. User words
 * live in a small overlay trie (a hash of (parent, code point) → node) consulted
 * only when it is non-empty, so the common path stays one array lookup per char.
 *
 * jieba's rules (jieba/__init__.py, jieba/finalseg/__init__.py) are replicated,
 * including its floating-point order of operations so that ties break the same. */
#include "yuliao/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yuliao/outfile.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the compiled dictionary is read in place: little-endian hosts only"
#endif

#define MIN_FLOAT (-3.14e100) /* jieba finalseg's stand-in for log(0) */
#define YD_MAGIC "YLYDICT\n"
#define YD_VERSION 1u
#define YD_HEADER 128u
#define UNUSED_CHECK 0xFFFFFFFFu
#define ROOT_CHECK 0xFFFFFFFEu
#define FREE_END 0xFFFFFFFFu
#define NCP 0x110000u

enum { ST_B = 0, ST_M, ST_E, ST_S };

/* One trie slot, 16 bytes in the file: base u32, check u32, log(freq) f64
 * (-1 when the node is not a word of frequency > 0). */
typedef struct slot {
  uint32_t base;
  uint32_t check;
  double logf;
} slot;
_Static_assert(sizeof(slot) == 16, "slot layout is the file layout");

/* A node of the user-word overlay trie. */
typedef struct ov_node {
  uint32_t parent;
  uint32_t cp;
  long long freq; /* -1: only a prefix of a user word */
  double logf;
  int32_t tag;    /* index into ov_tags, -1: none */
  uint8_t force;  /* added with frequency 0: jieba's Force_Split_Words */
} ov_node;

typedef struct special {
  char *w;
  size_t len;
} special;

struct yl_dict {
  unsigned char *img; /* the image: mmap'd (mapped) or malloc'd */
  size_t img_len;
  int mapped;
  const slot *sl;
  uint32_t nslots;
  const uint8_t *stag;   /* tag index per slot, 0 = none */
  const uint32_t *tag_off;
  const char *tags;
  uint32_t ntags;
  const uint16_t *cidx; /* NCP >> 8 entries: block number */
  const uint16_t *cblk; /* blocks of 256 codes */
  const double *emit;   /* 4 per code */
  uint32_t ncodes;
  double start[4], trans[4][4];
  long long total;
  double logtotal;
  /* overlay */
  ov_node *ov;
  size_t nov, cap_ov;
  uint32_t *oh; /* hash slots: node index + 1, 0 = empty */
  size_t oh_cap;
  char **ov_tags;
  size_t n_ov_tags;
  special *spec;
  size_t nspec;
  size_t nforce;
};

typedef struct yl_segmenter {
  const yl_dict *d;
  size_t cap;         /* capacity of the per-char arrays */
  uint32_t *cp;
  uint32_t *off;
  uint16_t *code;
  uint8_t *cls;
  double *rprob;
  int32_t *rx;
  int32_t *rref;      /* base slot ≥ 0, overlay node as -(i+2), -1 none */
  double *vit;        /* 4 per char */
  uint8_t *back;      /* 4 per char */
  yl_token *tok;
  size_t ntok, cap_tok;
  yl_status err;
} seg_t;

/* ---------- small helpers ---------- */

/* A fast non-cryptographic checksum (NH-style, as in UMAC): eight lanes sum the
 * products of keyed 32-bit little-endian word pairs, which compilers vectorise, so
 * checking a 16 MB file costs about a millisecond; lanes and tail are then mixed. */
static uint64_t hash_bytes(uint64_t h, const unsigned char *p, size_t n) {
  uint64_t acc[8] = {0};
  while (n >= 64) {
    uint32_t q[16];
    memcpy(q, p, 64);
    for (int i = 0; i < 8; i++)
      acc[i] += (uint64_t)(q[2 * i] ^ (0x9E3779B9u * (uint32_t)(i + 1))) *
                (uint64_t)(q[2 * i + 1] ^ (0x85EBCA6Bu + (uint32_t)i));
    p += 64;
    n -= 64;
  }
  for (int i = 0; i < 8; i++) {
    h = (h ^ acc[i]) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
  }
  while (n--) h = (h ^ *p++) * 0x100000001B3ull;
  return h ^ (h >> 29);
}

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static void wr64(unsigned char *p, uint64_t v) {
  wr32(p, (uint32_t)v);
  wr32(p + 4, (uint32_t)(v >> 32));
}

/* Decodes one UTF-8 character strictly (as Python does). Returns its length, or 0
 * when the byte at 's' does not start a valid sequence. */
static size_t utf8_dec(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
    *cp = (c & 0x1Fu) << 6 | (s[1] & 0x3Fu);
    return 2;
  }
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] >= 0xA0) return 0;
    *cp = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] >= 0x90) return 0;
    *cp = (c & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
    return 4;
  }
  return 0;
}

/* Python's re '\s' on str (Py_UNICODE_ISSPACE). */
static int is_space(uint32_t c) {
  if (c <= 0x20) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C);
  if (c < 0x85) return 0;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
static int is_han(uint32_t c) { return c >= 0x4E00 && c <= 0x9FD5; }
static int is_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
/* re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-] */
static int is_block(uint32_t c) {
  return is_han(c) || is_alnum(c) || c == '+' || c == '#' || c == '&' || c == '.' ||
         c == '_' || c == '%' || c == '-';
}

enum { CL_OTHER = 0, CL_BLOCK, CL_SPACE };

static uint16_t code_of(const yl_dict *d, uint32_t cp) {
  if (cp >= NCP) return 0;
  return d->cblk[(size_t)d->cidx[cp >> 8] * 256 + (cp & 255)];
}

/* ---------- building the image from text ---------- */

typedef struct bword {
  uint32_t *cps; /* code points, later codes */
  uint32_t len;
  long long freq;
  uint32_t tag;
} bword;

typedef struct builder {
  bword *w;
  size_t nw, capw;
  /* string → word index, for duplicates */
  uint32_t *h;
  size_t hcap;
  char **tagv;
  size_t ntag;
  long long total;
  double start[4], trans[4][4];
  double (*emit_cp)[4]; /* per code point, filled lazily: NULL until an emit line */
  uint8_t *has_emit;    /* per code point */
  slot *sl;
  uint8_t *stag;
  size_t cap_sl, max_used;
  uint32_t *fnext, *fprev; /* doubly linked list of the unused slots */
  uint32_t fhead, ftail;
  uint8_t *tries; /* failed first-fit attempts per free slot; 255 = off the list */
  uint32_t *stack;
  size_t nstack, cap_stack;
} builder;

static void builder_free(builder *b) {
  for (size_t i = 0; i < b->nw; i++) free(b->w[i].cps);
  free(b->w);
  free(b->h);
  for (size_t i = 0; i < b->ntag; i++) free(b->tagv[i]);
  free(b->tagv);
  free(b->emit_cp);
  free(b->has_emit);
  free(b->sl);
  free(b->stag);
  free(b->fnext);
  free(b->fprev);
  free(b->tries);
  free(b->stack);
}

static uint64_t hash_cps(const uint32_t *c, uint32_t n) {
  return hash_bytes(0x12345, (const unsigned char *)c, (size_t)n * 4);
}

static yl_status b_grow_hash(builder *b) {
  size_t nc = b->hcap ? b->hcap * 2 : 1u << 16;
  uint32_t *nh = calloc(nc, sizeof *nh);
  if (!nh) return YL_ERR_NOMEM;
  for (size_t i = 0; i < b->hcap; i++) {
    if (!b->h[i]) continue;
    bword *w = &b->w[b->h[i] - 1];
    size_t j = hash_cps(w->cps, w->len) & (nc - 1);
    while (nh[j]) j = (j + 1) & (nc - 1);
    nh[j] = b->h[i];
  }
  free(b->h);
  b->h = nh;
  b->hcap = nc;
  return YL_OK;
}

static yl_status b_tag(builder *b, const char *t, size_t n, uint32_t *out) {
  if (n == 0) {
    *out = 0;
    return YL_OK;
  }
  for (size_t i = 0; i < b->ntag; i++)
    if (strlen(b->tagv[i]) == n && memcmp(b->tagv[i], t, n) == 0) {
      *out = (uint32_t)i + 1;
      return YL_OK;
    }
  if (b->ntag >= 254) return YL_ERR_PARSE;
  char **nv = realloc(b->tagv, (b->ntag + 1) * sizeof *nv);
  if (!nv) return YL_ERR_NOMEM;
  b->tagv = nv;
  if (!(nv[b->ntag] = strndup(t, n))) return YL_ERR_NOMEM;
  *out = (uint32_t)++b->ntag;
  return YL_OK;
}

/* Adds or overrides a word (gen_pfdict: the last line wins, total sums all). */
static yl_status b_word(builder *b, const char *s, size_t n, long long freq, uint32_t tag) {
  uint32_t tmp[256];
  uint32_t len = 0;
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    size_t k = utf8_dec((const unsigned char *)s + i, n - i, &cp);
    if (!k || len >= 256) return YL_ERR_PARSE;
    tmp[len++] = cp;
    i += k;
  }
  if (len == 0) return YL_ERR_PARSE;
  b->total += freq;
  if ((b->nw + 1) * 2 > b->hcap) {
    yl_status st = b_grow_hash(b);
    if (st) return st;
  }
  size_t j = hash_cps(tmp, len) & (b->hcap - 1);
  while (b->h[j]) {
    bword *w = &b->w[b->h[j] - 1];
    if (w->len == len && memcmp(w->cps, tmp, len * 4) == 0) {
      w->freq = freq;
      w->tag = tag;
      return YL_OK;
    }
    j = (j + 1) & (b->hcap - 1);
  }
  if (b->nw == b->capw) {
    size_t nc = b->capw ? b->capw * 2 : 4096;
    bword *nw = realloc(b->w, nc * sizeof *nw);
    if (!nw) return YL_ERR_NOMEM;
    b->w = nw;
    b->capw = nc;
  }
  bword *w = &b->w[b->nw];
  if (!(w->cps = malloc(len * 4))) return YL_ERR_NOMEM;
  memcpy(w->cps, tmp, len * 4);
  w->len = len;
  w->freq = freq;
  w->tag = tag;
  b->h[j] = (uint32_t)++b->nw;
  return YL_OK;
}

typedef struct mfile {
  unsigned char *p;
  size_t n;
} mfile;

static yl_status map_file_flags(const char *path, mfile *m, int flags) {
  m->p = NULL;
  m->n = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? YL_ERR_NOTFOUND : YL_ERR_IO;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return YL_ERR_IO;
  }
  m->n = (size_t)st.st_size;
  if (m->n) {
    void *p = mmap(NULL, m->n, PROT_READ, MAP_PRIVATE | flags, fd, 0);
    if (p == MAP_FAILED) {
      close(fd);
      return YL_ERR_IO;
    }
    m->p = p;
  }
  close(fd);
  return YL_OK;
}

static yl_status map_file(const char *path, mfile *m) { return map_file_flags(path, m, 0); }

static void unmap_file(mfile *m) {
  if (m->p) munmap(m->p, m->n);
  m->p = NULL;
}

/* Size and modification time of the two text sources, recorded in the header so
 * that an unchanged source need not be hashed again at load. */
typedef struct srcstat {
  uint64_t size[2], mtime[2];
} srcstat;

static const char *const src_names[] = {"dict.txt", "hmm.tsv"};

static yl_status source_stat(const char *dir, srcstat *ss) {
  for (int i = 0; i < 2; i++) {
    char path[4096];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, src_names[i]) >= sizeof path)
      return YL_ERR_INVALID;
    if (stat(path, &st) != 0) return errno == ENOENT ? YL_ERR_NOTFOUND : YL_ERR_IO;
    ss->size[i] = (uint64_t)st.st_size;
    ss->mtime[i] = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
  }
  return YL_OK;
}

/* Checksum of the text sources, as recorded in the compiled header. */
static yl_status source_checksum(const char *dir, uint64_t *out) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (int i = 0; i < 2; i++) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, src_names[i]) >= sizeof path)
      return YL_ERR_INVALID;
    mfile m;
    /* populated at once: every page is read anyway */
    yl_status st = map_file_flags(path, &m, MAP_POPULATE);
    if (st) return st;
    h = hash_bytes(h, m.p, m.n);
    h = hash_bytes(h, (const unsigned char *)&m.n, sizeof m.n);
    unmap_file(&m);
  }
  *out = h;
  return YL_OK;
}

/* bytes.strip() of Python: ASCII white space. */
static int py_bspace(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }

static yl_status parse_dict_txt(builder *b, const mfile *m) {
  const char *p = (const char *)m->p, *end = p + m->n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    const char *a = p, *z = le;
    p = nl ? nl + 1 : end;
    while (a < z && py_bspace((unsigned char)*a)) a++;
    while (z > a && py_bspace((unsigned char)z[-1])) z--;
    if (a == z || *a == '#') continue;
    const char *s1 = memchr(a, ' ', (size_t)(z - a));
    if (!s1) return YL_ERR_PARSE;
    const char *f = s1 + 1;
    const char *s2 = memchr(f, ' ', (size_t)(z - f));
    const char *fe = s2 ? s2 : z;
    long long freq = 0;
    if (f == fe) return YL_ERR_PARSE;
    for (const char *q = f; q < fe; q++) {
      if (*q < '0' || *q > '9' || freq > 1000000000000LL) return YL_ERR_PARSE;
      freq = freq * 10 + (*q - '0');
    }
    if (freq > 0xFFFFFFFFLL) return YL_ERR_PARSE;
    uint32_t tag = 0;
    if (s2) {
      const char *t = s2 + 1, *te = memchr(t, ' ', (size_t)(z - t));
      yl_status st = b_tag(b, t, (size_t)((te ? te : z) - t), &tag);
      if (st) return st;
    }
    yl_status st = b_word(b, a, (size_t)(s1 - a), freq, tag);
    if (st) return st;
  }
  return YL_OK;
}

static int state_of(char c) {
  switch (c) {
    case 'B': return ST_B;
    case 'M': return ST_M;
    case 'E': return ST_E;
    case 'S': return ST_S;
    default: return -1;
  }
}

static yl_status parse_hmm(builder *b, const mfile *m) {
  for (int i = 0; i < 4; i++) {
    b->start[i] = MIN_FLOAT;
    for (int j = 0; j < 4; j++) b->trans[i][j] = MIN_FLOAT;
  }
  if (!(b->emit_cp = malloc(NCP * sizeof *b->emit_cp)) || !(b->has_emit = calloc(NCP, 1)))
    return YL_ERR_NOMEM;
  const char *p = (const char *)m->p, *end = p + m->n;
  char line[256];
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    const char *l = p;
    p = nl ? nl + 1 : end;
    if (n == 0 || *l == '#') continue;
    if (n >= sizeof line) return YL_ERR_PARSE;
    memcpy(line, l, n);
    line[n] = '\0';
    char *f[5];
    int nf = 0;
    for (char *s = line, *t; nf < 5; s = t + 1) {
      f[nf++] = s;
      if (!(t = strchr(s, '\t'))) break;
      *t = '\0';
    }
    char *e;
    errno = 0;
    double v = strtod(f[nf - 1], &e);
    if (*e || errno) return YL_ERR_PARSE;
    if (nf == 3 && strcmp(f[0], "start") == 0 && state_of(f[1][0]) >= 0 && !f[1][1]) {
      b->start[state_of(f[1][0])] = v;
    } else if (nf == 4 && strcmp(f[0], "trans") == 0 && state_of(f[1][0]) >= 0 &&
               state_of(f[2][0]) >= 0) {
      b->trans[state_of(f[1][0])][state_of(f[2][0])] = v;
    } else if (nf == 4 && strcmp(f[0], "emit") == 0 && state_of(f[1][0]) >= 0 &&
               f[2][0] == 'U' && f[2][1] == '+') {
      unsigned long cp = strtoul(f[2] + 2, &e, 16);
      if (*e || cp >= NCP) return YL_ERR_PARSE;
      if (!b->has_emit[cp]) {
        for (int i = 0; i < 4; i++) b->emit_cp[cp][i] = MIN_FLOAT;
        b->has_emit[cp] = 1;
      }
      b->emit_cp[cp][state_of(f[1][0])] = v;
    } else {
      return YL_ERR_PARSE;
    }
  }
  return YL_OK;
}

static int cmp_words(const void *x, const void *y) {
  const bword *a = x, *b = y;
  uint32_t n = a->len < b->len ? a->len : b->len;
  for (uint32_t i = 0; i < n; i++)
    if (a->cps[i] != b->cps[i]) return a->cps[i] < b->cps[i] ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

static yl_status b_reserve_slots(builder *b, size_t need) {
  if (need <= b->cap_sl) return YL_OK;
  size_t nc = b->cap_sl ? b->cap_sl : 1u << 20;
  while (nc < need) nc *= 2;
  slot *ns = realloc(b->sl, nc * sizeof *ns);
  if (!ns) return YL_ERR_NOMEM;
  b->sl = ns;
  uint8_t *nt = realloc(b->stag, nc);
  if (!nt) return YL_ERR_NOMEM;
  b->stag = nt;
  uint32_t *fn = realloc(b->fnext, nc * sizeof *fn);
  if (!fn) return YL_ERR_NOMEM;
  b->fnext = fn;
  uint32_t *fp = realloc(b->fprev, nc * sizeof *fp);
  if (!fp) return YL_ERR_NOMEM;
  b->fprev = fp;
  uint8_t *tr = realloc(b->tries, nc);
  if (!tr) return YL_ERR_NOMEM;
  b->tries = tr;
  memset(tr + b->cap_sl, 0, nc - b->cap_sl);
  if (!b->cap_sl) b->fhead = b->ftail = FREE_END;
  for (size_t i = b->cap_sl; i < nc; i++) {
    ns[i].base = 0;
    ns[i].check = UNUSED_CHECK;
    ns[i].logf = -1.0;
    nt[i] = 0;
    fp[i] = b->ftail;
    fn[i] = FREE_END;
    if (b->ftail != FREE_END) fn[b->ftail] = (uint32_t)i;
    else b->fhead = (uint32_t)i;
    b->ftail = (uint32_t)i;
  }
  b->cap_sl = nc;
  return YL_OK;
}

static void b_unlink(builder *b, uint32_t i) {
  if (b->fprev[i] != FREE_END) b->fnext[b->fprev[i]] = b->fnext[i];
  else b->fhead = b->fnext[i];
  if (b->fnext[i] != FREE_END) b->fprev[b->fnext[i]] = b->fprev[i];
  else b->ftail = b->fprev[i];
  b->tries[i] = 255;
}

/* Marks slot 'i' used by 'parent'. */
static void b_use(builder *b, uint32_t i, uint32_t parent) {
  b->sl[i].check = parent;
  if (b->tries[i] != 255) b_unlink(b, i);
  if (i > b->max_used) b->max_used = i;
}

static yl_status b_push(builder *b, uint32_t v) {
  if (b->nstack == b->cap_stack) {
    size_t nc = b->cap_stack ? b->cap_stack * 2 : 4096;
    uint32_t *ns = realloc(b->stack, nc * sizeof *ns);
    if (!ns) return YL_ERR_NOMEM;
    b->stack = ns;
    b->cap_stack = nc;
  }
  b->stack[b->nstack++] = v;
  return YL_OK;
}

/* Places the children of 'node' (words [lo, hi) sorted, all sharing 'depth'
 * leading codes) into the double array, then recurses. */
static yl_status b_place(builder *b, uint32_t node, size_t lo, size_t hi, uint32_t depth) {
  if (lo < hi && b->w[lo].len == depth) {
    bword *w = &b->w[lo];
    b->sl[node].logf = w->freq > 0 ? log((double)w->freq) : -1.0;
    b->stag[node] = (uint8_t)w->tag;
    lo++;
  }
  if (lo == hi) return YL_OK;
  size_t sp0 = b->nstack;
  for (size_t i = lo; i < hi; i++) {
    uint32_t c = b->w[i].cps[depth];
    if (b->nstack == sp0 || b->stack[b->nstack - 1] != c) {
      yl_status st = b_push(b, c);
      if (st) return st;
    }
  }
  size_t nch = b->nstack - sp0;
  uint32_t c0 = b->stack[sp0], last = b->stack[b->nstack - 1];
  uint32_t base, p;
  /* First fit over the free list only: used slots are never scanned. */
  uint32_t np = b->fhead;
  for (;;) {
    p = np;
    if (p == FREE_END) {
      size_t old_tail = b->ftail;
      yl_status st = b_reserve_slots(b, b->cap_sl + 1);
      if (st) return st;
      p = old_tail == FREE_END ? b->fhead : b->fnext[old_tail];
    }
    np = b->fnext[p];
    if (p <= c0) continue;
    base = p - c0;
    yl_status st = b_reserve_slots(b, (size_t)base + last + 1);
    if (st) return st;
    size_t k = 1;
    while (k < nch && b->sl[base + b->stack[sp0 + k]].check == UNUSED_CHECK) k++;
    if (k == nch) break;
    /* a hole that keeps failing stops being tried as an anchor (it stays free
     * for other children) — the usual double-array build heuristic */
    if (++b->tries[p] >= 16) b_unlink(b, p);
  }
  b->sl[node].base = base;
  for (size_t k = 0; k < nch; k++) b_use(b, base + b->stack[sp0 + k], node);
  size_t i = lo;
  for (size_t k = 0; k < nch; k++) {
    uint32_t c = b->stack[sp0 + k];
    size_t j = i;
    while (j < hi && b->w[j].cps[depth] == c) j++;
    yl_status st = b_place(b, base + c, i, j, depth + 1);
    if (st) return st;
    i = j;
  }
  b->nstack = sp0;
  return YL_OK;
}

typedef struct cpcount {
  uint32_t cp;
  uint32_t n;
} cpcount;

static int cmp_count(const void *x, const void *y) {
  const cpcount *a = x, *b = y;
  if (a->n != b->n) return a->n > b->n ? -1 : 1;
  return a->cp < b->cp ? -1 : a->cp > b->cp;
}

static size_t al8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Checksum of the header (bytes 0..104) and the small tables: checked at every load. */
static uint64_t meta_checksum(const unsigned char *img, size_t o_cidx, size_t o_stag,
                              size_t o_toff, size_t end) {
  uint64_t h = hash_bytes(7, img, 104);
  h = hash_bytes(h, img + YD_HEADER, 20 * 8);
  h = hash_bytes(h, img + o_cidx, o_stag - o_cidx);
  return hash_bytes(h, img + o_toff, end - o_toff);
}

/* Builds the whole image from the text files in 'dir'. */
static yl_status build_image(const char *dir, unsigned char **out, size_t *out_len) {
  builder b;
  memset(&b, 0, sizeof b);
  yl_status st;
  uint32_t *code = NULL;
  cpcount *cc = NULL;
  unsigned char *img = NULL;
  mfile md = {0}, mh = {0};
  char path[4096];
  uint64_t srcsum;
  srcstat ss;
  if ((st = source_stat(dir, &ss)) || (st = source_checksum(dir, &srcsum))) goto done;
  snprintf(path, sizeof path, "%s/dict.txt", dir);
  if ((st = map_file(path, &md))) goto done;
  snprintf(path, sizeof path, "%s/hmm.tsv", dir);
  if ((st = map_file(path, &mh))) goto done;
  if ((st = parse_dict_txt(&b, &md)) || (st = parse_hmm(&b, &mh))) goto done;
  if (b.nw == 0 || b.total <= 0) {
    st = YL_ERR_PARSE;
    goto done;
  }
  /* Dense codes: most frequent characters first, for a compact double array. */
  uint32_t *cnt = calloc(NCP, sizeof *cnt);
  if (!cnt) {
    st = YL_ERR_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < b.nw; i++)
    for (uint32_t k = 0; k < b.w[i].len; k++)
      if (cnt[b.w[i].cps[k]] < UINT32_MAX) cnt[b.w[i].cps[k]]++;
  size_t ncc = 0;
  for (uint32_t c = 0; c < NCP; c++)
    if (cnt[c] || b.has_emit[c]) ncc++;
  cc = malloc((ncc ? ncc : 1) * sizeof *cc);
  code = calloc(NCP, sizeof *code);
  if (!cc || !code || ncc >= 65535) {
    free(cnt);
    st = !cc || !code ? YL_ERR_NOMEM : YL_ERR_LIMIT;
    goto done;
  }
  ncc = 0;
  for (uint32_t c = 0; c < NCP; c++)
    if (cnt[c] || b.has_emit[c]) cc[ncc++] = (cpcount){c, cnt[c]};
  free(cnt);
  qsort(cc, ncc, sizeof *cc, cmp_count);
  for (size_t i = 0; i < ncc; i++) code[cc[i].cp] = (uint32_t)i + 1;
  uint32_t ncodes = (uint32_t)ncc + 1;
  for (size_t i = 0; i < b.nw; i++)
    for (uint32_t k = 0; k < b.w[i].len; k++) b.w[i].cps[k] = code[b.w[i].cps[k]];
  qsort(b.w, b.nw, sizeof *b.w, cmp_words);
  if ((st = b_reserve_slots(&b, (size_t)ncodes + 2))) goto done;
  b_use(&b, 0, ROOT_CHECK);
  if ((st = b_place(&b, 0, 0, b.nw, 0))) goto done;
  size_t nslots = b.max_used + ncodes + 1;
  if ((st = b_reserve_slots(&b, nslots))) goto done;
  if (nslots >= ROOT_CHECK) {
    st = YL_ERR_LIMIT;
    goto done;
  }
  /* Code point table: block 0 is all zeros. */
  uint16_t cidx[NCP >> 8];
  uint32_t nblocks = 1;
  for (uint32_t hb = 0; hb < (NCP >> 8); hb++) {
    int any = 0;
    for (uint32_t lb = 0; lb < 256 && !any; lb++) any = code[hb << 8 | lb] != 0;
    cidx[hb] = any ? (uint16_t)nblocks++ : 0;
  }
  size_t tags_bytes = 0;
  for (size_t i = 0; i < b.ntag; i++) tags_bytes += strlen(b.tagv[i]) + 1;
  uint32_t ntags = (uint32_t)b.ntag + 1;
  size_t o_hmm = YD_HEADER, o_slots = o_hmm + 20 * 8,
         o_emit = o_slots + nslots * 16, o_cidx = o_emit + (size_t)ncodes * 32,
         o_cblk = al8(o_cidx + sizeof cidx), o_stag = al8(o_cblk + (size_t)nblocks * 512),
         o_toff = al8(o_stag + nslots), o_tags = o_toff + (size_t)ntags * 4,
         total = al8(o_tags + tags_bytes + 1);
  if (!(img = calloc(1, total))) {
    st = YL_ERR_NOMEM;
    goto done;
  }
  double *hm = (double *)(img + o_hmm);
  for (int i = 0; i < 4; i++) hm[i] = b.start[i];
  for (int i = 0; i < 16; i++) hm[4 + i] = b.trans[i / 4][i % 4];
  memcpy(img + o_slots, b.sl, nslots * 16);
  double *em = (double *)(img + o_emit);
  for (int s = 0; s < 4; s++) em[s] = MIN_FLOAT;
  for (size_t i = 0; i < ncc; i++)
    for (int s = 0; s < 4; s++)
      em[(i + 1) * 4 + (size_t)s] = b.has_emit[cc[i].cp] ? b.emit_cp[cc[i].cp][s] : MIN_FLOAT;
  memcpy(img + o_cidx, cidx, sizeof cidx);
  uint16_t *blk = (uint16_t *)(img + o_cblk);
  for (uint32_t hb = 0; hb < (NCP >> 8); hb++)
    if (cidx[hb])
      for (uint32_t lb = 0; lb < 256; lb++) blk[(size_t)cidx[hb] * 256 + lb] = (uint16_t)code[hb << 8 | lb];
  memcpy(img + o_stag, b.stag, nslots);
  uint32_t *toff = (uint32_t *)(img + o_toff);
  size_t to = 0;
  toff[0] = (uint32_t)tags_bytes; /* tag 0: the empty string at the end */
  for (size_t i = 0; i < b.ntag; i++) {
    toff[i + 1] = (uint32_t)to;
    size_t l = strlen(b.tagv[i]) + 1;
    memcpy(img + o_tags + to, b.tagv[i], l);
    to += l;
  }
  memcpy(img, YD_MAGIC, 8);
  wr32(img + 8, YD_VERSION);
  wr32(img + 12, YD_HEADER);
  wr64(img + 16, total);
  wr64(img + 24, srcsum);
  wr64(img + 40, (uint64_t)b.total);
  wr32(img + 48, (uint32_t)nslots);
  wr32(img + 52, ncodes);
  wr32(img + 56, nblocks);
  wr32(img + 60, ntags);
  wr32(img + 64, (uint32_t)tags_bytes);
  for (int i = 0; i < 2; i++) {
    wr64(img + 72 + 16 * i, ss.size[i]);
    wr64(img + 80 + 16 * i, ss.mtime[i]);
  }
  wr64(img + 32, hash_bytes(0, img + YD_HEADER, total - YD_HEADER));
  wr64(img + 104, meta_checksum(img, o_cidx, o_stag, o_toff, total));
  *out = img;
  *out_len = total;
  img = NULL;
done:
  free(img);
  free(code);
  free(cc);
  unmap_file(&md);
  unmap_file(&mh);
  builder_free(&b);
  return st;
}

/* Checks an image and points the dictionary's tables into it. NULL when fine,
 * else the reason. 'full' also checks the payload checksum and every trie slot
 * (reading the whole file); without it the load reads only the header and the
 * small tables, and the hot path stays memory-safe by bounds checks. */
static const char *attach_image(yl_dict *d, unsigned char *img, size_t len, int full) {
  if (len < YD_HEADER || memcmp(img, YD_MAGIC, 8) != 0) return "not a compiled dictionary (bad magic)";
  if (rd32(img + 8) != YD_VERSION) return "compiled dictionary has another format version";
  if (rd32(img + 12) != YD_HEADER) return "compiled dictionary header size is wrong";
  if (rd64(img + 16) != len) return "compiled dictionary is truncated or has trailing bytes";
  if (full && rd64(img + 32) != hash_bytes(0, img + YD_HEADER, len - YD_HEADER))
    return "compiled dictionary is corrupt (checksum mismatch)";
  uint64_t total = rd64(img + 40);
  uint32_t nslots = rd32(img + 48), ncodes = rd32(img + 52), nblocks = rd32(img + 56),
           ntags = rd32(img + 60), tags_bytes = rd32(img + 64);
  size_t o_hmm = YD_HEADER, o_slots = o_hmm + 20 * 8,
         o_emit = o_slots + (size_t)nslots * 16, o_cidx = o_emit + (size_t)ncodes * 32,
         o_cblk = al8(o_cidx + (NCP >> 8) * 2), o_stag = al8(o_cblk + (size_t)nblocks * 512),
         o_toff = al8(o_stag + nslots), o_tags = o_toff + (size_t)ntags * 4,
         need = al8(o_tags + tags_bytes + 1);
  if (need != len || total == 0 || total > (1ull << 62) || ncodes == 0 || ncodes > 65535 ||
      nblocks == 0 || ntags == 0 || nslots <= ncodes)
    return "compiled dictionary has inconsistent sizes";
  if (rd64(img + 104) != meta_checksum(img, o_cidx, o_stag, o_toff, len))
    return "compiled dictionary is corrupt (header checksum mismatch)";
  const double *hm = (const double *)(img + o_hmm);
  for (int i = 0; i < 4; i++) d->start[i] = hm[i];
  for (int i = 0; i < 16; i++) d->trans[i / 4][i % 4] = hm[4 + i];
  d->sl = (const slot *)(img + o_slots);
  d->nslots = nslots;
  d->emit = (const double *)(img + o_emit);
  d->ncodes = ncodes;
  d->cidx = (const uint16_t *)(img + o_cidx);
  d->cblk = (const uint16_t *)(img + o_cblk);
  d->stag = (const uint8_t *)(img + o_stag);
  d->tag_off = (const uint32_t *)(img + o_toff);
  d->tags = (const char *)(img + o_tags);
  d->ntags = ntags;
  /* Bounds that the hot path relies on, checked once here. */
  for (uint32_t i = 0; i < (NCP >> 8); i++)
    if (d->cidx[i] >= nblocks) return "compiled dictionary code table is corrupt";
  for (size_t i = 0; i < (size_t)nblocks * 256; i++)
    if (d->cblk[i] >= ncodes) return "compiled dictionary code table is corrupt";
  for (uint32_t i = 0; full && i < nslots; i++) {
    if ((size_t)d->sl[i].base + ncodes > nslots || d->stag[i] >= ntags)
      return "compiled dictionary trie is corrupt";
  }
  for (uint32_t i = 0; i < ntags; i++)
    if (d->tag_off[i] > tags_bytes) return "compiled dictionary tags are corrupt";
  if (d->tags[tags_bytes] != '\0') return "compiled dictionary tags are corrupt";
  d->total = (long long)total;
  d->logtotal = log((double)d->total);
  d->img = img;
  d->img_len = len;
  return NULL;
}

yl_status yl_dict_verify(const char *ydict_path, const char **why) {
  mfile m;
  yl_dict d;
  memset(&d, 0, sizeof d);
  yl_status st = map_file(ydict_path, &m);
  if (st) {
    if (why) *why = "compiled dictionary cannot be read";
    return st == YL_ERR_NOTFOUND ? YL_ERR_NOTFOUND : YL_ERR_IO;
  }
  const char *bad = attach_image(&d, m.p, m.n, 1);
  unmap_file(&m);
  if (why) *why = bad;
  return bad ? YL_ERR_DICT : YL_OK;
}

yl_status yl_dict_compile(const char *text_dir, const char *out_path) {
  unsigned char *img;
  size_t len;
  yl_status st = build_image(text_dir, &img, &len);
  if (st) return st == YL_ERR_NOTFOUND ? YL_ERR_IO : st;
  yl_outfile *f;
  if ((st = yl_outfile_open(out_path, &f)) == YL_OK) {
    if ((st = yl_outfile_write(f, img, len)) == YL_OK) st = yl_outfile_commit(f);
    else yl_outfile_abort(f);
  }
  free(img);
  return st;
}

yl_status yl_dict_open(const char *ydict_path, const char *text_dir, yl_dict **out,
                       yl_dict_source *source, const char **why) {
  *out = NULL;
  const char *reason = "no compiled dictionary given";
  yl_dict *d = calloc(1, sizeof *d);
  if (!d) return YL_ERR_NOMEM;
  if (ydict_path) {
    mfile m;
    yl_status st = map_file(ydict_path, &m);
    if (st == YL_ERR_NOTFOUND) reason = "compiled dictionary not found";
    else if (st) reason = "compiled dictionary cannot be read";
    else {
      reason = attach_image(d, m.p, m.n, 0);
      if (!reason && text_dir) {
        /* Sources with the recorded size and mtime (to the second: installing
         * may drop the nanoseconds) are taken as unchanged;
         * otherwise they are hashed and compared with the recorded checksum. */
        srcstat ss;
        uint64_t sum;
        int same = source_stat(text_dir, &ss) == YL_OK;
        for (int i = 0; i < 2 && same; i++)
          same = ss.size[i] == rd64(m.p + 72 + 16 * i) &&
                 ss.mtime[i] / 1000000000u == rd64(m.p + 80 + 16 * i) / 1000000000u;
        if (!same && source_checksum(text_dir, &sum) == YL_OK && sum != rd64(m.p + 24))
          reason = "compiled dictionary is stale (its sources changed)";
      }
      if (reason) unmap_file(&m);
      else d->mapped = 1;
    }
  }
  if (reason) {
    if (!text_dir) {
      free(d);
      if (why) *why = reason;
      return YL_ERR_DICT;
    }
    unsigned char *img;
    size_t len;
    yl_status st = build_image(text_dir, &img, &len);
    if (st) {
      free(d);
      if (why) *why = st == YL_ERR_PARSE ? "dictionary text files are malformed"
                                         : "dictionary text files cannot be read";
      return st == YL_ERR_NOMEM ? st : YL_ERR_DICT;
    }
    memset(d, 0, sizeof *d);
    const char *bad = attach_image(d, img, len, 1);
    if (bad) { /* cannot happen: the builder wrote it */
      free(img);
      free(d);
      if (why) *why = bad;
      return YL_ERR_DICT;
    }
  }
  if (source) *source = reason ? YL_DICT_REBUILT : YL_DICT_COMPILED;
  if (why) *why = reason;
  *out = d;
  return YL_OK;
}

void yl_dict_free(yl_dict *d) {
  if (!d) return;
  if (d->mapped) munmap(d->img, d->img_len);
  else free(d->img);
  free(d->ov);
  free(d->oh);
  for (size_t i = 0; i < d->n_ov_tags; i++) free(d->ov_tags[i]);
  free(d->ov_tags);
  for (size_t i = 0; i < d->nspec; i++) free(d->spec[i].w);
  free(d->spec);
  free(d);
}

long long yl_dict_total(const yl_dict *d) { return d->total; }

/* ---------- overlay of user words ---------- */

static size_t ov_hash(uint32_t parent, uint32_t cp, size_t cap) {
  uint64_t k = ((uint64_t)parent << 21 | cp) * 0x9E3779B97F4A7C15ull;
  return (size_t)(k >> 20) & (cap - 1);
}

/* Child of overlay node 'parent' (0 = root) by 'cp', or 0 when none. */
static uint32_t ov_child(const yl_dict *d, uint32_t parent, uint32_t cp) {
  if (!d->oh_cap) return 0;
  size_t j = ov_hash(parent, cp, d->oh_cap);
  while (d->oh[j]) {
    const ov_node *n = &d->ov[d->oh[j] - 1];
    if (n->parent == parent && n->cp == cp) return d->oh[j];
    j = (j + 1) & (d->oh_cap - 1);
  }
  return 0;
}

static yl_status ov_add_child(yl_dict *d, uint32_t parent, uint32_t cp, uint32_t *out) {
  if ((d->nov + 2) * 2 > d->oh_cap) {
    size_t nc = d->oh_cap ? d->oh_cap * 2 : 256;
    uint32_t *nh = calloc(nc, sizeof *nh);
    if (!nh) return YL_ERR_NOMEM;
    for (size_t i = 0; i < d->nov; i++) {
      size_t j = ov_hash(d->ov[i].parent, d->ov[i].cp, nc);
      while (nh[j]) j = (j + 1) & (nc - 1);
      nh[j] = (uint32_t)i + 1;
    }
    free(d->oh);
    d->oh = nh;
    d->oh_cap = nc;
  }
  if (d->nov == d->cap_ov) {
    size_t nc = d->cap_ov ? d->cap_ov * 2 : 64;
    ov_node *nn = realloc(d->ov, nc * sizeof *nn);
    if (!nn) return YL_ERR_NOMEM;
    d->ov = nn;
    d->cap_ov = nc;
  }
  d->ov[d->nov] = (ov_node){parent, cp, -1, -1.0, -1, 0};
  size_t j = ov_hash(parent, cp, d->oh_cap);
  while (d->oh[j]) j = (j + 1) & (d->oh_cap - 1);
  d->oh[j] = (uint32_t)++d->nov;
  *out = (uint32_t)d->nov;
  return YL_OK;
}

/* jieba's FREQ.get for a code point sequence: sets '*present' (a word or a
 * prefix of one), returns the frequency (0 for a prefix), and the reference of
 * the node for its tag. */
static long long freq_of(const yl_dict *d, const uint32_t *cp, size_t n, int *present,
                         int32_t *ref) {
  uint32_t st = 0, on = 0;
  int balive = 1, oalive = d->nov > 0;
  for (size_t i = 0; i < n && (balive || oalive); i++) {
    if (balive) {
      uint16_t c = code_of(d, cp[i]);
      uint32_t t = d->sl[st].base + c;
      if (c == 0 || t >= d->nslots || d->sl[t].check != st) balive = 0;
      else st = t;
    }
    if (oalive && !(on = ov_child(d, on, cp[i]))) oalive = 0;
  }
  *present = balive || oalive;
  *ref = -1;
  if (oalive && d->ov[on - 1].freq >= 0) {
    *ref = -(int32_t)(on - 1) - 2;
    return d->ov[on - 1].freq;
  }
  if (balive) {
    *ref = (int32_t)st;
    /* exact: log then exp moves a frequency below 2^32 by far less than 0.5 */
    return d->sl[st].logf >= 0 ? llround(exp(d->sl[st].logf)) : 0;
  }
  return 0;
}

/* ---------- the segmenter ---------- */

static void *grow(void *p, size_t n, size_t size, yl_status *err) {
  void *q = realloc(p, n * size);
  if (!q) *err = YL_ERR_NOMEM;
  return q ? q : p;
}

static yl_status seg_reserve(seg_t *s, size_t n) {
  if (n <= s->cap) return YL_OK;
  size_t nc = s->cap ? s->cap : 256;
  while (nc < n) nc *= 2;
  yl_status err = YL_OK;
  s->cp = grow(s->cp, nc, sizeof *s->cp, &err);
  s->off = grow(s->off, nc + 1, sizeof *s->off, &err);
  s->code = grow(s->code, nc, sizeof *s->code, &err);
  s->cls = grow(s->cls, nc, 1, &err);
  s->rprob = grow(s->rprob, nc + 1, sizeof *s->rprob, &err);
  s->rx = grow(s->rx, nc + 1, sizeof *s->rx, &err);
  s->rref = grow(s->rref, nc + 1, sizeof *s->rref, &err);
  s->vit = grow(s->vit, nc * 4, sizeof *s->vit, &err);
  s->back = grow(s->back, nc * 4, 1, &err);
  if (err) return err;
  s->cap = nc;
  return YL_OK;
}

yl_status yl_segmenter_new(const yl_dict *d, yl_segmenter **out) {
  seg_t *s = calloc(1, sizeof *s);
  if (!s) return YL_ERR_NOMEM;
  s->d = d;
  *out = s;
  return YL_OK;
}

void yl_segmenter_free(yl_segmenter *s) {
  if (!s) return;
  free(s->cp);
  free(s->off);
  free(s->code);
  free(s->cls);
  free(s->rprob);
  free(s->rx);
  free(s->rref);
  free(s->vit);
  free(s->back);
  free(s->tok);
  free(s);
}

static const char *tag_of(const yl_dict *d, int32_t ref) {
  if (ref >= 0) {
    uint8_t t = d->stag[ref];
    return t && t < d->ntags ? d->tags + d->tag_off[t] : NULL;
  }
  if (ref <= -2) {
    const ov_node *n = &d->ov[-ref - 2];
    return n->tag >= 0 ? d->ov_tags[n->tag] : NULL;
  }
  return NULL;
}

/* Appends the token covering chars [a, b). */
static void emit(seg_t *s, size_t a, size_t b, yl_tok_kind kind, const char *tag) {
  if (s->ntok == s->cap_tok) {
    size_t nc = s->cap_tok ? s->cap_tok * 2 : 256;
    yl_token *nt = realloc(s->tok, nc * sizeof *nt);
    if (!nt) {
      s->err = YL_ERR_NOMEM;
      return;
    }
    s->tok = nt;
    s->cap_tok = nc;
  }
  yl_token *t = &s->tok[s->ntok++];
  t->off = s->off[a];
  t->len = s->off[b] - s->off[a];
  t->kind = kind;
  t->tag = tag;
}

/* Viterbi over the Han run [a, b) (finalseg.viterbi), then finalseg.__cut. */
static void hmm_han(seg_t *s, size_t a, size_t b) {
  const yl_dict *d = s->d;
  size_t n = b - a;
  double *v = s->vit;
  uint8_t *bk = s->back;
  const double *em = d->emit + (size_t)s->code[a] * 4;
  for (int y = 0; y < 4; y++) v[y] = d->start[y] + em[y];
  /* PrevStatus; the second of each pair wins ties (it is the larger letter). */
  static const uint8_t pa[4] = {ST_E, ST_B, ST_B, ST_E}, pb[4] = {ST_S, ST_M, ST_M, ST_S};
  for (size_t t = 1; t < n; t++) {
    const double *pv = v + (t - 1) * 4;
    double *cv = v + t * 4;
    em = d->emit + (size_t)s->code[a + t] * 4;
    for (int y = 0; y < 4; y++) {
      double x1 = pv[pa[y]] + d->trans[pa[y]][y] + em[y];
      double x2 = pv[pb[y]] + d->trans[pb[y]][y] + em[y];
      if (x2 >= x1) {
        cv[y] = x2;
        bk[t * 4 + (size_t)y] = pb[y];
      } else {
        cv[y] = x1;
        bk[t * 4 + (size_t)y] = pa[y];
      }
    }
  }
  const double *lv = v + (n - 1) * 4;
  uint8_t state = lv[ST_S] >= lv[ST_E] ? ST_S : ST_E;
  /* Reuse the backpointer row of each step to hold the chosen state. */
  uint8_t *path = bk; /* path[t*4] = state at t, written from the end */
  for (size_t t = n; t-- > 0;) {
    uint8_t prev = t ? bk[t * 4 + state] : 0;
    path[t * 4] = state;
    state = prev;
  }
  size_t begin = 0, nexti = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t pos = path[i * 4];
    size_t w0 = (size_t)-1, w1 = 0;
    if (pos == ST_B) begin = i;
    else if (pos == ST_E) {
      w0 = begin;
      w1 = i + 1;
      nexti = i + 1;
    } else if (pos == ST_S) {
      w0 = i;
      w1 = i + 1;
      nexti = i + 1;
    }
    if (w0 == (size_t)-1) continue;
    yl_tok_kind kind = w1 - w0 == 1 ? YL_TOK_OTHER : YL_TOK_HMM;
    if (d->nforce && w1 - w0 > 1) {
      int present;
      int32_t ref;
      freq_of(d, s->cp + a + w0, w1 - w0, &present, &ref);
      if (ref <= -2 && d->ov[-ref - 2].force) {
        for (size_t k = w0; k < w1; k++) emit(s, a + k, a + k + 1, YL_TOK_OTHER, NULL);
        continue;
      }
    }
    emit(s, a + w0, a + w1, kind, NULL);
  }
  if (nexti < n) emit(s, a + nexti, b, YL_TOK_HMM, NULL);
}

/* finalseg.cut on chars [a, b) (all of them block characters). */
static void finalseg_cut(seg_t *s, size_t a, size_t b) {
  const uint32_t *cp = s->cp;
  size_t i = a;
  while (i < b) {
    size_t j = i;
    if (is_han(cp[i])) {
      while (j < b && is_han(cp[j])) j++;
      hmm_han(s, i, j);
      i = j;
      continue;
    }
    while (j < b && !is_han(cp[j])) j++;
    /* re_skip: [a-zA-Z0-9]+(?:\.\d+)?%? ; the pieces between matches stay whole */
    size_t p = i, k = i;
    while (k < j) {
      if (!is_alnum(cp[k])) {
        k++;
        continue;
      }
      if (p < k) emit(s, p, k, YL_TOK_OTHER, NULL);
      size_t m = k;
      while (m < j && is_alnum(cp[m])) m++;
      if (m + 1 < j && cp[m] == '.' && cp[m + 1] >= '0' && cp[m + 1] <= '9') {
        m++;
        while (m < j && cp[m] >= '0' && cp[m] <= '9') m++;
      }
      if (m < j && cp[m] == '%') m++;
      emit(s, k, m, YL_TOK_OTHER, NULL);
      k = p = m;
    }
    if (p < j) emit(s, p, j, YL_TOK_OTHER, NULL);
    i = j;
  }
}

/* Max log-probability route over the DAG of chars [a, b) (jieba's calc). */
static void calc_route(seg_t *s, size_t a, size_t b) {
  const yl_dict *d = s->d;
  const slot *sl = d->sl;
  const uint32_t nslots = d->nslots;
  const uint16_t *code = s->code;
  const double logtotal = d->logtotal;
  double *rp = s->rprob;
  int32_t *rx = s->rx, *rr = s->rref;
  rp[b] = 0.0;
  if (!d->nov) {
    for (size_t idx = b; idx-- > a;) {
      uint32_t st = 0;
      double best = -INFINITY;
      int32_t bx = -1, bref = -1;
      for (size_t i = idx; i < b; i++) {
        uint32_t t = sl[st].base + code[i];
        if (t >= nslots || sl[t].check != st || code[i] == 0) break;
        st = t;
        double lf = sl[t].logf;
        if (lf >= 0) {
          double p = lf - logtotal + rp[i + 1];
          if (p >= best) {
            best = p;
            bx = (int32_t)i;
            bref = (int32_t)t;
          }
        }
      }
      if (bx < 0) {
        best = 0.0 - logtotal + rp[idx + 1];
        bx = (int32_t)idx;
      }
      rp[idx] = best;
      rx[idx] = bx;
      rr[idx] = bref;
    }
    return;
  }
  for (size_t idx = b; idx-- > a;) {
    uint32_t st = 0, on = 0;
    int balive = 1, oalive = 1;
    double best = -INFINITY;
    int32_t bx = -1, bref = -1;
    for (size_t i = idx; i < b; i++) {
      if (balive) {
        uint32_t t = sl[st].base + code[i];
        if (t >= nslots || sl[t].check != st || code[i] == 0) balive = 0;
        else st = t;
      }
      if (oalive && !(on = ov_child(d, on, s->cp[i]))) oalive = 0;
      if (!balive && !oalive) break;
      double lf = -1.0;
      int32_t ref = -1;
      if (oalive && d->ov[on - 1].freq >= 0) {
        lf = d->ov[on - 1].logf;
        ref = -(int32_t)(on - 1) - 2;
      } else if (balive) {
        lf = sl[st].logf;
        ref = (int32_t)st;
      }
      if (lf >= 0) {
        double p = lf - logtotal + rp[i + 1];
        if (p >= best) {
          best = p;
          bx = (int32_t)i;
          bref = ref;
        }
      }
    }
    if (bx < 0) {
      best = 0.0 - logtotal + rp[idx + 1];
      bx = (int32_t)idx;
    }
    rp[idx] = best;
    rx[idx] = bx;
    rr[idx] = bref;
  }
}

/* Flushes __cut_DAG's buffer of single characters [a, b). */
static void flush_buf(seg_t *s, size_t a, size_t b) {
  if (b - a == 1) {
    int32_t r = s->rref[a];
    emit(s, a, b, r != -1 ? YL_TOK_WORD : YL_TOK_OTHER, tag_of(s->d, r));
    return;
  }
  int present;
  int32_t ref;
  if (freq_of(s->d, s->cp + a, b - a, &present, &ref) > 0) {
    for (size_t k = a; k < b; k++) {
      int32_t r = s->rref[k];
      emit(s, k, k + 1, r != -1 ? YL_TOK_WORD : YL_TOK_OTHER, tag_of(s->d, r));
    }
  } else {
    finalseg_cut(s, a, b);
  }
}

/* One re_han_default block [a, b): __cut_DAG or __cut_DAG_NO_HMM. */
static void cut_block(seg_t *s, size_t a, size_t b, int hmm) {
  calc_route(s, a, b);
  size_t x = a, bs = a;
  int have = 0;
  while (x < b) {
    size_t y = (size_t)s->rx[x] + 1;
    if (hmm ? y - x == 1 : (y - x == 1 && is_alnum(s->cp[x]))) {
      if (!have) bs = x;
      have = 1;
    } else {
      if (have) {
        if (hmm) flush_buf(s, bs, x);
        else emit(s, bs, x, x - bs == 1 && s->rref[bs] != -1 ? YL_TOK_WORD : YL_TOK_OTHER,
                  x - bs == 1 ? tag_of(s->d, s->rref[bs]) : NULL);
        have = 0;
      }
      int32_t r = s->rref[x];
      emit(s, x, y, r != -1 ? YL_TOK_WORD : YL_TOK_OTHER, tag_of(s->d, r));
    }
    x = y;
  }
  if (have) {
    if (hmm) flush_buf(s, bs, b);
    else emit(s, bs, b, b - bs == 1 && s->rref[bs] != -1 ? YL_TOK_WORD : YL_TOK_OTHER,
              b - bs == 1 ? tag_of(s->d, s->rref[bs]) : NULL);
  }
}

/* jieba.cut's outer loop over chars [a, b): blocks, then \r\n|\s, then single chars. */
static void cut_range(seg_t *s, size_t a, size_t b, int hmm) {
  size_t i = a;
  while (i < b) {
    if (s->cls[i] == CL_BLOCK) {
      size_t j = i + 1;
      while (j < b && s->cls[j] == CL_BLOCK) j++;
      cut_block(s, i, j, hmm);
      i = j;
    } else if (s->cp[i] == '\r' && i + 1 < b && s->cp[i + 1] == '\n') {
      emit(s, i, i + 2, YL_TOK_SPACE, NULL);
      i += 2;
    } else {
      emit(s, i, i + 1, s->cls[i] == CL_SPACE ? YL_TOK_SPACE : YL_TOK_OTHER, NULL);
      i++;
    }
  }
}

static size_t char_at(const seg_t *s, size_t n, size_t byte) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (s->off[m] < byte) lo = m + 1;
    else hi = m;
  }
  return lo;
}

yl_status yl_segment(yl_segmenter *s, const char *text, size_t len, int flags,
                     const yl_token **toks, size_t *ntok) {
  const yl_dict *d = s->d;
  *toks = NULL;
  *ntok = 0;
  if (len >= UINT32_MAX) return YL_ERR_LIMIT;
  yl_status st = seg_reserve(s, len + 1);
  if (st) return st;
  const unsigned char *u = (const unsigned char *)text;
  size_t n = 0, i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k;
    if (u[i] < 0x80) {
      cp = u[i];
      k = 1;
    } else if (!(k = utf8_dec(u + i, len - i, &cp))) {
      cp = 0xDC00u + u[i]; /* surrogateescape: one char per invalid byte */
      k = 1;
    }
    s->cp[n] = cp;
    s->off[n] = (uint32_t)i;
    s->code[n] = code_of(d, cp);
    s->cls[n] = is_block(cp) ? CL_BLOCK : is_space(cp) ? CL_SPACE : CL_OTHER;
    n++;
    i += k;
  }
  s->off[n] = (uint32_t)len;
  s->ntok = 0;
  s->err = YL_OK;
  int hmm = !(flags & YL_SEG_NO_HMM);
  size_t pos = 0;
  while (d->nspec && pos < n) {
    /* user words with non-block characters: leftmost, then longest, match */
    size_t bs = (size_t)-1, bl = 0;
    for (size_t k = 0; k < d->nspec; k++) {
      const special *w = &d->spec[k];
      const char *hit = memmem(text + s->off[pos], len - s->off[pos], w->w, w->len);
      if (!hit) continue;
      size_t at = (size_t)(hit - text);
      if (at < bs || (at == bs && w->len > bl)) {
        bs = at;
        bl = w->len;
      }
    }
    if (bs == (size_t)-1) break;
    size_t ca = char_at(s, n, bs), cb = char_at(s, n, bs + bl);
    cut_range(s, pos, ca, hmm);
    int present;
    int32_t ref;
    freq_of(d, s->cp + ca, cb - ca, &present, &ref);
    emit(s, ca, cb, YL_TOK_WORD, tag_of(d, ref));
    pos = cb;
  }
  cut_range(s, pos, n, hmm);
  if (s->err) return s->err;
  *toks = s->tok;
  *ntok = s->ntok;
  return YL_OK;
}

/* ---------- user words ---------- */

static yl_status decode_word(const char *w, size_t len, uint32_t **out, size_t *n) {
  uint32_t *c = malloc((len ? len : 1) * sizeof *c);
  if (!c) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    size_t l = utf8_dec((const unsigned char *)w + i, len - i, &c[k]);
    if (!l || c[k] == 0) {
      free(c);
      return YL_ERR_UTF8;
    }
    k++;
    i += l;
  }
  if (!k) {
    free(c);
    return YL_ERR_UTF8;
  }
  *out = c;
  *n = k;
  return YL_OK;
}

long long yl_dict_freq(const yl_dict *d, const char *word, size_t len) {
  uint32_t *c;
  size_t n;
  if (decode_word(word, len, &c, &n)) return 0;
  int present;
  int32_t ref;
  long long f = freq_of(d, c, n, &present, &ref);
  free(c);
  return f;
}

/* jieba's suggest_freq(word, tune=False) for a single string. */
static yl_status suggest_freq(const yl_dict *d, const char *w, size_t len, const uint32_t *cps,
                              size_t n, long long *out) {
  yl_segmenter *s;
  yl_status st = yl_segmenter_new(d, &s);
  if (st) return st;
  const yl_token *t;
  size_t nt;
  if ((st = yl_segment(s, w, len, YL_SEG_NO_HMM, &t, &nt))) {
    yl_segmenter_free(s);
    return st;
  }
  double ftotal = (double)d->total, f = 1.0;
  for (size_t i = 0; i < nt; i++) {
    size_t a = char_at(s, n, t[i].off), b = char_at(s, n, t[i].off + t[i].len);
    int present;
    int32_t ref;
    long long g = freq_of(d, cps + a, b - a, &present, &ref);
    f *= (double)(present ? g : 1) / ftotal;
  }
  yl_segmenter_free(s);
  int present;
  int32_t ref;
  long long cur = freq_of(d, cps, n, &present, &ref);
  long long r = (long long)(f * (double)d->total) + 1;
  long long alt = present ? cur : 1;
  *out = r > alt ? r : alt;
  return YL_OK;
}

yl_status yl_dict_add_word(yl_dict *d, const char *word, size_t len, long long freq,
                           const char *tag) {
  uint32_t *c;
  size_t n;
  yl_status st = decode_word(word, len, &c, &n);
  if (st) return st;
  if (freq < 0 && (st = suggest_freq(d, word, len, c, n, &freq))) goto done;
  int32_t ti = -1;
  if (tag && *tag) {
    char **nt = realloc(d->ov_tags, (d->n_ov_tags + 1) * sizeof *nt);
    if (!nt) {
      st = YL_ERR_NOMEM;
      goto done;
    }
    d->ov_tags = nt;
    if (!(nt[d->n_ov_tags] = strdup(tag))) {
      st = YL_ERR_NOMEM;
      goto done;
    }
    ti = (int32_t)d->n_ov_tags++;
  }
  uint32_t node = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t ch = ov_child(d, node, c[i]);
    if (!ch && (st = ov_add_child(d, node, c[i], &ch))) goto done;
    node = ch;
  }
  ov_node *o = &d->ov[node - 1];
  o->freq = freq;
  o->logf = freq > 0 ? log((double)freq) : -1.0;
  if (ti >= 0) o->tag = ti;
  else if (o->tag < 0) {
    /* keep the main dictionary's tag, as jieba's tag table does */
    uint32_t stt = 0;
    size_t i = 0;
    for (; i < n; i++) {
      uint16_t cc = code_of(d, c[i]);
      uint32_t t = d->sl[stt].base + cc;
      if (!cc || t >= d->nslots || d->sl[t].check != stt) break;
      stt = t;
    }
    if (i == n && d->stag[stt] && d->stag[stt] < d->ntags) {
      const char *bt = d->tags + d->tag_off[d->stag[stt]];
      char **nt = realloc(d->ov_tags, (d->n_ov_tags + 1) * sizeof *nt);
      if (!nt || !(nt[d->n_ov_tags] = strdup(bt))) {
        if (nt) d->ov_tags = nt;
        st = YL_ERR_NOMEM;
        goto done;
      }
      d->ov_tags = nt;
      o->tag = (int32_t)d->n_ov_tags++;
    }
  }
  if (freq == 0 && !o->force) {
    o->force = 1;
    d->nforce++;
  }
  d->total += freq;
  d->logtotal = log((double)d->total);
  int specialw = 0;
  for (size_t i = 0; i < n; i++) specialw |= !is_block(c[i]);
  if (specialw) {
    size_t k = 0;
    while (k < d->nspec && !(d->spec[k].len == len && memcmp(d->spec[k].w, word, len) == 0)) k++;
    if (freq > 0 && k == d->nspec) {
      special *ns = realloc(d->spec, (d->nspec + 1) * sizeof *ns);
      if (!ns) {
        st = YL_ERR_NOMEM;
        goto done;
      }
      d->spec = ns;
      if (!(ns[d->nspec].w = malloc(len))) {
        st = YL_ERR_NOMEM;
        goto done;
      }
      memcpy(ns[d->nspec].w, word, len);
      ns[d->nspec++].len = len;
    } else if (freq == 0 && k < d->nspec) {
      free(d->spec[k].w);
      d->spec[k] = d->spec[--d->nspec];
    }
  }
done:
  free(c);
  return st;
}

/* re_userdict '^(.+?)( [0-9]+)?( [a-z]+)?$' on one stripped line: the word is the
 * shortest non-empty prefix whose rest is " digits", " tag", " digits tag" or "". */
static int rest_ok(const char *r, size_t n, size_t *flen, size_t *tlen) {
  size_t i = 0;
  *flen = *tlen = 0;
  if (i < n && r[i] == ' ' && i + 1 < n && r[i + 1] >= '0' && r[i + 1] <= '9') {
    size_t j = i + 1;
    while (j < n && r[j] >= '0' && r[j] <= '9') j++;
    if (j == n || r[j] == ' ') {
      size_t save = j;
      if (j == n) {
        *flen = j - 1;
        return 1;
      }
      /* try the tag after the digits */
      size_t k = j + 1;
      while (k < n && r[k] >= 'a' && r[k] <= 'z') k++;
      if (k == n && k > j + 1) {
        *flen = save - 1;
        *tlen = k - j - 1;
        return 1;
      }
    }
  }
  if (i < n && r[i] == ' ') {
    size_t k = 1;
    while (k < n && r[k] >= 'a' && r[k] <= 'z') k++;
    if (k == n && k > 1) {
      *tlen = k - 1;
      return 1;
    }
  }
  return n == 0;
}

yl_status yl_dict_load_user(yl_dict *d, const char *path, size_t *loaded,
                            yl_dict_reject_fn reject, void *ctx) {
  *loaded = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return YL_ERR_IO;
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t got;
  yl_status st = YL_OK;
  while ((got = getline(&line, &cap, f)) >= 0) {
    lineno++;
    char *a = line, *z = line + got;
    while (a < z && py_bspace((unsigned char)*a)) a++;
    while (z > a && py_bspace((unsigned char)z[-1])) z--;
    if (z - a >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) {
      a += 3;
      while (a < z && py_bspace((unsigned char)*a)) a++;
    }
    if (a == z || *a == '#') continue;
    size_t n = (size_t)(z - a);
    if (memchr(a, '\0', n)) {
      if (reject) reject(ctx, lineno, "contains a NUL byte");
      continue;
    }
    uint32_t *tmp;
    size_t ncp;
    if (decode_word(a, n, &tmp, &ncp)) {
      if (reject) reject(ctx, lineno, "not valid UTF-8");
      continue;
    }
    free(tmp);
    size_t wl = 1, flen = 0, tlen = 0;
    while (wl < n && !rest_ok(a + wl, n - wl, &flen, &tlen)) wl++;
    long long freq = -1;
    if (flen) {
      if (flen > 15) {
        if (reject) reject(ctx, lineno, "frequency too large");
        continue;
      }
      freq = 0;
      for (size_t k = 0; k < flen; k++) freq = freq * 10 + (a[wl + 1 + k] - '0');
    }
    char tag[64] = "";
    if (tlen) {
      if (tlen >= sizeof tag) {
        if (reject) reject(ctx, lineno, "tag too long");
        continue;
      }
      memcpy(tag, z - tlen, tlen);
      tag[tlen] = '\0';
    }
    st = yl_dict_add_word(d, a, wl, freq, tlen ? tag : NULL);
    if (st == YL_ERR_UTF8) {
      if (reject) reject(ctx, lineno, "empty or invalid word");
      st = YL_OK;
      continue;
    }
    if (st) break;
    ++*loaded;
  }
  if (st == YL_OK && ferror(f)) st = YL_ERR_IO;
  free(line);
  fclose(f);
  return st;
}
