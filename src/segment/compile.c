/* Text dictionary → compiled image: parses dict/jieba/dict.txt (gen_pfdict's rules) and
 * hmm.tsv, numbers the characters densely (most frequent first, for a compact double
 * array), builds the trie (trie.c) and lays the sections out (image.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "segment/image.h"
#include "segment/segment_internal.h"
#include "yuliao/outfile.h"

typedef struct builder {
  yl_trie_word *w;
  size_t nw, capw;
  yl_u64map index; /* hash of a word's code points → its index in w */
  char **tagv;
  size_t ntag;
  long long total;
  double start[4], trans[4][4];
  double (*emit_cp)[4]; /* per code point */
  uint8_t *has_emit;    /* per code point: an emit line was seen */
} builder;

static void builder_free(builder *b) {
  for (size_t i = 0; i < b->nw; i++) free(b->w[i].codes);
  free(b->w);
  yl_u64map_free(&b->index);
  for (size_t i = 0; i < b->ntag; i++) free(b->tagv[i]);
  free(b->tagv);
  free(b->emit_cp);
  free(b->has_emit);
}

static yl_status add_tag(builder *b, const char *t, size_t n, uint32_t *out) {
  if (n == 0) {
    *out = 0;
    return YL_OK;
  }
  /* a linear search: a tag number is one byte, so there are at most 254 */
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

typedef struct probe {
  const builder *b;
  const uint32_t *cps;
  uint32_t len;
} probe;

static int same_word(const void *ctx, uint64_t val) {
  const probe *p = ctx;
  const yl_trie_word *w = &p->b->w[val];
  return w->len == p->len && memcmp(w->codes, p->cps, (size_t)p->len * 4) == 0;
}

/* Adds or overrides a word (gen_pfdict: the last line wins, total sums all). */
static yl_status add_word(builder *b, const char *s, size_t n, long long freq, uint32_t tag) {
  uint32_t tmp[256];
  uint32_t len = 0;
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    size_t k = yl_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!k || len >= 256) return YL_ERR_PARSE;
    tmp[len++] = cp;
    i += k;
  }
  if (len == 0) return YL_ERR_PARSE;
  b->total = yl_dict_total_add(b->total, freq);
  yl_status st = yl_u64map_reserve(&b->index, 1);
  if (st) return st;
  probe p = {b, tmp, len};
  uint64_t key = yl_u64map_hkey(yl_hash_bytes(0, tmp, (size_t)len * 4));
  size_t slot = yl_u64map_find(&b->index, key, same_word, &p);
  if (b->index.slots[slot].key != YL_U64MAP_EMPTY) {
    yl_trie_word *w = &b->w[b->index.slots[slot].val];
    w->freq = freq;
    w->tag = tag;
    return YL_OK;
  }
  if (b->nw == b->capw) {
    size_t nc = b->capw ? b->capw * 2 : 4096;
    yl_trie_word *nw = realloc(b->w, nc * sizeof *nw);
    if (!nw) return YL_ERR_NOMEM;
    b->w = nw;
    b->capw = nc;
  }
  yl_trie_word *w = &b->w[b->nw];
  if (!(w->codes = malloc((size_t)len * 4))) return YL_ERR_NOMEM;
  memcpy(w->codes, tmp, (size_t)len * 4);
  w->len = len;
  w->freq = freq;
  w->tag = tag;
  yl_u64map_put_at(&b->index, slot, key, b->nw++);
  return YL_OK;
}

/* The parsers count lines in '*line', so that a failure names the line it stopped at. */
static yl_status parse_dict_txt(builder *b, const yl_mfile *m, size_t *line) {
  const char *p = (const char *)m->p, *end = p + m->n;
  for (*line = 1; p < end; ++*line) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    const char *a = p, *z = le;
    p = nl ? nl + 1 : end;
    while (a < z && yl_seg_is_bspace((unsigned char)*a)) a++;
    while (z > a && yl_seg_is_bspace((unsigned char)z[-1])) z--;
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
      yl_status st = add_tag(b, t, (size_t)((te ? te : z) - t), &tag);
      if (st) return st;
    }
    yl_status st = add_word(b, a, (size_t)(s1 - a), freq, tag);
    if (st) return st;
  }
  return YL_OK;
}

static int state_of(char c) {
  switch (c) {
    case 'B': return YL_ST_B;
    case 'M': return YL_ST_M;
    case 'E': return YL_ST_E;
    case 'S': return YL_ST_S;
    default: return -1;
  }
}

static yl_status parse_hmm(builder *b, const yl_mfile *m, size_t *lineno) {
  for (int i = 0; i < 4; i++) {
    b->start[i] = YL_MIN_FLOAT;
    for (int j = 0; j < 4; j++) b->trans[i][j] = YL_MIN_FLOAT;
  }
  if (!(b->emit_cp = malloc(YL_NCP * sizeof *b->emit_cp)) ||
      !(b->has_emit = calloc(YL_NCP, 1)))
    return YL_ERR_NOMEM;
  const char *p = (const char *)m->p, *end = p + m->n;
  char line[256];
  for (*lineno = 1; p < end; ++*lineno) {
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
      if (*e || cp >= YL_NCP) return YL_ERR_PARSE;
      if (!b->has_emit[cp]) {
        for (int i = 0; i < 4; i++) b->emit_cp[cp][i] = YL_MIN_FLOAT;
        b->has_emit[cp] = 1;
      }
      b->emit_cp[cp][state_of(f[1][0])] = v;
    } else {
      return YL_ERR_PARSE;
    }
  }
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

/* Dense codes 1..ncc for the characters of the words and of the model, most frequent
 * first: '*code' (per code point, 0 = none) and '*cc' (the characters by code - 1). */
static yl_status number_chars(const builder *b, uint32_t **code, cpcount **cc, size_t *ncc) {
  uint32_t *cnt = calloc(YL_NCP, sizeof *cnt);
  if (!cnt) return YL_ERR_NOMEM;
  for (size_t i = 0; i < b->nw; i++)
    for (uint32_t k = 0; k < b->w[i].len; k++)
      if (cnt[b->w[i].codes[k]] < UINT32_MAX) cnt[b->w[i].codes[k]]++;
  size_t n = 0;
  for (uint32_t c = 0; c < YL_NCP; c++)
    if (cnt[c] || b->has_emit[c]) n++;
  *cc = malloc((n ? n : 1) * sizeof **cc);
  *code = calloc(YL_NCP, sizeof **code);
  if (!*cc || !*code || n >= 65535) {
    free(cnt);
    return !*cc || !*code ? YL_ERR_NOMEM : YL_ERR_LIMIT;
  }
  n = 0;
  for (uint32_t c = 0; c < YL_NCP; c++)
    if (cnt[c] || b->has_emit[c]) (*cc)[n++] = (cpcount){c, cnt[c]};
  free(cnt);
  qsort(*cc, n, sizeof **cc, cmp_count);
  for (size_t i = 0; i < n; i++) (*code)[(*cc)[i].cp] = (uint32_t)i + 1;
  *ncc = n;
  return YL_OK;
}

/* Writes the sections of the image (everything but the header) at the layout 'l'. */
static void fill_image(unsigned char *img, const yl_ydict_layout *l, const builder *b,
                       const yl_trie_built *t, const uint32_t *code, const cpcount *cc,
                       size_t ncc, const uint16_t *cidx, uint32_t tag_bytes) {
  double *hm = (double *)(img + l->hmm);
  for (int i = 0; i < 4; i++) hm[i] = b->start[i];
  for (int i = 0; i < 16; i++) hm[4 + i] = b->trans[i / 4][i % 4];
  memcpy(img + l->slots, t->slots, t->nslots * 16);
  double *em = (double *)(img + l->emit);
  for (int s = 0; s < 4; s++) em[s] = YL_MIN_FLOAT;
  for (size_t i = 0; i < ncc; i++)
    for (int s = 0; s < 4; s++)
      em[(i + 1) * 4 + (size_t)s] =
          b->has_emit[cc[i].cp] ? b->emit_cp[cc[i].cp][s] : YL_MIN_FLOAT;
  memcpy(img + l->cidx, cidx, (YL_NCP >> 8) * sizeof *cidx);
  uint16_t *blk = (uint16_t *)(img + l->cblk);
  for (uint32_t hb = 0; hb < (YL_NCP >> 8); hb++)
    if (cidx[hb])
      for (uint32_t lb = 0; lb < 256; lb++)
        blk[(size_t)cidx[hb] * 256 + lb] = (uint16_t)code[hb << 8 | lb];
  memcpy(img + l->stag, t->tags, t->nslots);
  uint32_t *toff = (uint32_t *)(img + l->toff);
  size_t to = 0;
  toff[0] = tag_bytes; /* tag 0: the empty string at the end */
  for (size_t i = 0; i < b->ntag; i++) {
    toff[i + 1] = (uint32_t)to;
    size_t n = strlen(b->tagv[i]) + 1;
    memcpy(img + l->tags + to, b->tagv[i], n);
    to += n;
  }
}

/* Maps 'dir'/'name' into 'm', with the path in 'path' ('cap' bytes) for messages. A
 * source that is not there is one that cannot be read (YL_ERR_IO, errno ENOENT). */
static yl_status map_source(const char *dir, const char *name, yl_mfile *m, char *path,
                            size_t cap, yl_error *err) {
  if ((size_t)snprintf(path, cap, "%s/%s", dir, name) >= cap)
    return yl_error_set(err, YL_ERR_INVALID, dir, 0, 0, "path too long");
  yl_status st = yl_mfile_map(path, m, 0);
  if (st == YL_ERR_NOTFOUND) st = YL_ERR_IO;
  return yl_error_cause(err, st, path, 0, errno, NULL);
}

yl_status yl_compile_image(const char *dir, unsigned char **out, size_t *out_len,
                           yl_error *err) {
  builder b;
  memset(&b, 0, sizeof b);
  b.index = (yl_u64map)YL_U64MAP_INIT;
  yl_status st;
  uint32_t *code = NULL;
  cpcount *cc = NULL;
  size_t ncc = 0;
  yl_trie_built t = {NULL, NULL, 0};
  yl_mfile md = {0}, mh = {0};
  char dpath[4096], hpath[4096];
  size_t line = 0;
  yl_ydict_header h;
  memset(&h, 0, sizeof h);
  /* mapped first, so that a missing or unreadable file is named */
  if ((st = map_source(dir, "dict.txt", &md, dpath, sizeof dpath, err)) ||
      (st = map_source(dir, "hmm.tsv", &mh, hpath, sizeof hpath, err)))
    goto done;
  if ((st = yl_ydict_source_stat(dir, &h.stamp)) ||
      (st = yl_ydict_source_checksum(dir, &h.srcsum))) {
    if (st == YL_ERR_NOTFOUND) st = YL_ERR_IO; /* removed since it was mapped */
    yl_error_cause(err, st, dir, 0, errno, NULL);
    goto done;
  }
  if ((st = parse_dict_txt(&b, &md, &line))) {
    if (st == YL_ERR_PARSE) yl_error_set(err, st, dpath, line, 0, "not a valid 'word freq [tag]' line");
    goto done;
  }
  if ((st = parse_hmm(&b, &mh, &line))) {
    if (st == YL_ERR_PARSE) yl_error_set(err, st, hpath, line, 0, "not a start, trans or emit line");
    goto done;
  }
  if (b.nw == 0 || b.total <= 0) {
    st = yl_error_set(err, YL_ERR_PARSE, dpath, 0, 0, "no words with a frequency");
    goto done;
  }
  if ((st = number_chars(&b, &code, &cc, &ncc))) {
    if (st == YL_ERR_LIMIT) yl_error_set(err, st, dpath, 0, 0, "more than 65534 distinct characters");
    goto done;
  }
  uint32_t ncodes = (uint32_t)ncc + 1;
  for (size_t i = 0; i < b.nw; i++)
    for (uint32_t k = 0; k < b.w[i].len; k++) b.w[i].codes[k] = code[b.w[i].codes[k]];
  qsort(b.w, b.nw, sizeof *b.w, yl_trie_cmp);
  if ((st = yl_trie_build(b.w, b.nw, ncodes, &t))) goto done;
  /* Code point table: block 0 is all zeros. */
  uint16_t cidx[YL_NCP >> 8];
  uint32_t nblocks = 1;
  for (uint32_t hb = 0; hb < (YL_NCP >> 8); hb++) {
    int any = 0;
    for (uint32_t lb = 0; lb < 256 && !any; lb++) any = code[hb << 8 | lb] != 0;
    cidx[hb] = any ? (uint16_t)nblocks++ : 0;
  }
  size_t tags_bytes = 0;
  for (size_t i = 0; i < b.ntag; i++) tags_bytes += strlen(b.tagv[i]) + 1;
  h.total = (uint64_t)b.total;
  h.nslots = (uint32_t)t.nslots;
  h.ncodes = ncodes;
  h.nblocks = nblocks;
  h.ntags = (uint32_t)b.ntag + 1;
  h.tag_bytes = (uint32_t)tags_bytes;
  yl_ydict_layout l;
  yl_ydict_layout_of(&h, &l);
  h.size = l.total;
  unsigned char *img = calloc(1, l.total);
  if (!img) {
    st = YL_ERR_NOMEM;
    goto done;
  }
  fill_image(img, &l, &b, &t, code, cc, ncc, cidx, h.tag_bytes);
  yl_ydict_seal(img, &h);
  *out = img;
  *out_len = l.total;
done:
  free(t.slots);
  free(t.tags);
  free(code);
  free(cc);
  yl_mfile_unmap(&md);
  yl_mfile_unmap(&mh);
  builder_free(&b);
  return yl_error_cause(err, st, NULL, 0, 0, NULL); /* out of memory */
}

yl_status yl_dict_compile(const char *text_dir, const char *out_path, yl_error *err) {
  yl_error_clear(err);
  unsigned char *img;
  size_t len;
  yl_status st = yl_compile_image(text_dir, &img, &len, err);
  if (st) return st;
  yl_outfile *f;
  if ((st = yl_outfile_open(out_path, &f)) == YL_OK) {
    if ((st = yl_outfile_write(f, img, len)) == YL_OK) st = yl_outfile_commit(f);
    else yl_outfile_abort(f);
  }
  int e = errno;
  free(img);
  return yl_error_cause(err, st, out_path, 0, e, NULL);
}
