/* Reading, checking and sealing the compiled dictionary image (see image.h), and the
 * one checksum of its format. */
#include "segment/image.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"

#define MAGIC "YLYDICT\n"
#define VERSION 1u

/* Header field offsets. */
enum {
  H_MAGIC = 0, H_VERSION = 8, H_HEADER = 12, H_SIZE = 16, H_SRCSUM = 24, H_PAYSUM = 32,
  H_TOTAL = 40, H_NSLOTS = 48, H_NCODES = 52, H_NBLOCKS = 56, H_NTAGS = 60,
  H_TAGBYTES = 64, H_STAMP = 72, /* size, mtime of dict.txt; the same at 88 for hmm.tsv */
  H_METASUM = 104
};

/* The checksum of the format (not a hash table's hash: it is stored in the file, so
 * it may never change). NH-style, as in UMAC: eight lanes sum the products of keyed
 * 32-bit little-endian word pairs, which compilers vectorise, so checking a 16 MB file
 * costs about a millisecond; lanes and tail are then mixed. */
static uint64_t checksum(uint64_t h, const unsigned char *p, size_t n) {
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
static uint64_t rd64(const unsigned char *p) {
  return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}
static void wr32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static void wr64(unsigned char *p, uint64_t v) {
  wr32(p, (uint32_t)v);
  wr32(p + 4, (uint32_t)(v >> 32));
}

static size_t al8(size_t n) { return (n + 7) & ~(size_t)7; }

void yl_ydict_layout_of(const yl_ydict_header *h, yl_ydict_layout *l) {
  l->hmm = YL_YDICT_HEADER;
  l->slots = l->hmm + 20 * 8;
  l->emit = l->slots + (size_t)h->nslots * 16;
  l->cidx = l->emit + (size_t)h->ncodes * 32;
  l->cblk = al8(l->cidx + (YL_NCP >> 8) * 2);
  l->stag = al8(l->cblk + (size_t)h->nblocks * 512);
  l->toff = al8(l->stag + h->nslots);
  l->tags = l->toff + (size_t)h->ntags * 4;
  l->total = al8(l->tags + h->tag_bytes + 1);
}

/* Checksum of the header (bytes 0..103) and the small tables: checked at every load. */
static uint64_t meta_checksum(const unsigned char *img, const yl_ydict_layout *l) {
  uint64_t h = checksum(7, img, H_METASUM);
  h = checksum(h, img + l->hmm, 20 * 8);
  h = checksum(h, img + l->cidx, l->stag - l->cidx);
  return checksum(h, img + l->toff, l->total - l->toff);
}

void yl_ydict_seal(unsigned char *img, const yl_ydict_header *h) {
  yl_ydict_layout l;
  yl_ydict_layout_of(h, &l);
  memcpy(img + H_MAGIC, MAGIC, 8);
  wr32(img + H_VERSION, VERSION);
  wr32(img + H_HEADER, YL_YDICT_HEADER);
  wr64(img + H_SIZE, h->size);
  wr64(img + H_SRCSUM, h->srcsum);
  wr64(img + H_TOTAL, h->total);
  wr32(img + H_NSLOTS, h->nslots);
  wr32(img + H_NCODES, h->ncodes);
  wr32(img + H_NBLOCKS, h->nblocks);
  wr32(img + H_NTAGS, h->ntags);
  wr32(img + H_TAGBYTES, h->tag_bytes);
  for (int i = 0; i < 2; i++) {
    wr64(img + H_STAMP + 16 * i, h->stamp.size[i]);
    wr64(img + H_STAMP + 8 + 16 * i, h->stamp.mtime[i]);
  }
  wr64(img + H_PAYSUM, checksum(0, img + YL_YDICT_HEADER, h->size - YL_YDICT_HEADER));
  wr64(img + H_METASUM, meta_checksum(img, &l));
}

yl_status yl_mfile_map(const char *path, yl_mfile *m, int populate) {
  m->p = NULL;
  m->n = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? YL_ERR_NOTFOUND : YL_ERR_IO;
  struct stat st;
  /* errno says why for every failure, a folder or a device given as the file too */
  int e = 0;
  if (fstat(fd, &st) != 0) e = errno;
  else if (!S_ISREG(st.st_mode)) e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
  if (e) {
    close(fd);
    errno = e;
    return YL_ERR_IO;
  }
  m->n = (size_t)st.st_size;
  if (m->n) {
    void *p = mmap(NULL, m->n, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
    if (p == MAP_FAILED) {
      e = errno;
      close(fd);
      errno = e;
      return e == ENOMEM ? YL_ERR_NOMEM : YL_ERR_IO; /* a memory limit, not the file */
    }
    m->p = p;
  }
  close(fd);
  return YL_OK;
}

void yl_mfile_unmap(yl_mfile *m) {
  if (m->p) munmap(m->p, m->n);
  m->p = NULL;
}

static const char *const src_names[] = {"dict.txt", "hmm.tsv"};

yl_status yl_ydict_source_stat(const char *dir, yl_ydict_stamp *out) {
  for (int i = 0; i < 2; i++) {
    char path[4096];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, src_names[i]) >= sizeof path)
      return YL_ERR_INVALID;
    if (stat(path, &st) != 0) return errno == ENOENT ? YL_ERR_NOTFOUND : YL_ERR_IO;
    out->size[i] = (uint64_t)st.st_size;
    out->mtime[i] = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
  }
  return YL_OK;
}

yl_status yl_ydict_source_checksum(const char *dir, uint64_t *out) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (int i = 0; i < 2; i++) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, src_names[i]) >= sizeof path)
      return YL_ERR_INVALID;
    yl_mfile m;
    /* populated at once: every page is read anyway */
    yl_status st = yl_mfile_map(path, &m, 1);
    if (st) return st;
    h = checksum(h, m.p, m.n);
    h = checksum(h, (const unsigned char *)&m.n, sizeof m.n);
    yl_mfile_unmap(&m);
  }
  *out = h;
  return YL_OK;
}

const char *yl_ydict_attach(yl_dict *d, unsigned char *img, size_t len, int full) {
  if (len < YL_YDICT_HEADER || memcmp(img + H_MAGIC, MAGIC, 8) != 0)
    return "not a compiled dictionary (bad magic)";
  if (rd32(img + H_VERSION) != VERSION) return "compiled dictionary has another format version";
  if (rd32(img + H_HEADER) != YL_YDICT_HEADER) return "compiled dictionary header size is wrong";
  if (rd64(img + H_SIZE) != len) return "compiled dictionary is truncated or has trailing bytes";
  if (full && rd64(img + H_PAYSUM) != checksum(0, img + YL_YDICT_HEADER, len - YL_YDICT_HEADER))
    return "compiled dictionary is corrupt (checksum mismatch)";
  yl_ydict_header h = {.size = len,
                       .total = rd64(img + H_TOTAL),
                       .nslots = rd32(img + H_NSLOTS),
                       .ncodes = rd32(img + H_NCODES),
                       .nblocks = rd32(img + H_NBLOCKS),
                       .ntags = rd32(img + H_NTAGS),
                       .tag_bytes = rd32(img + H_TAGBYTES)};
  yl_ydict_layout l;
  yl_ydict_layout_of(&h, &l);
  if (l.total != len || h.total == 0 || h.total > (1ull << 62) || h.ncodes == 0 ||
      h.ncodes > 65535 || h.nblocks == 0 || h.ntags == 0 || h.nslots <= h.ncodes)
    return "compiled dictionary has inconsistent sizes";
  if (rd64(img + H_METASUM) != meta_checksum(img, &l))
    return "compiled dictionary is corrupt (header checksum mismatch)";
  const double *hm = (const double *)(img + l.hmm);
  for (int i = 0; i < 4; i++) d->start[i] = hm[i];
  for (int i = 0; i < 16; i++) d->trans[i / 4][i % 4] = hm[4 + i];
  d->sl = (const yl_trie_slot *)(img + l.slots);
  d->nslots = h.nslots;
  d->emit = (const double *)(img + l.emit);
  d->ncodes = h.ncodes;
  d->cidx = (const uint16_t *)(img + l.cidx);
  d->cblk = (const uint16_t *)(img + l.cblk);
  d->stag = (const uint8_t *)(img + l.stag);
  d->tag_off = (const uint32_t *)(img + l.toff);
  d->tags = (const char *)(img + l.tags);
  d->ntags = h.ntags;
  /* Bounds that the hot path relies on, checked once here. */
  for (uint32_t i = 0; i < (YL_NCP >> 8); i++)
    if (d->cidx[i] >= h.nblocks) return "compiled dictionary code table is corrupt";
  for (size_t i = 0; i < (size_t)h.nblocks * 256; i++)
    if (d->cblk[i] >= h.ncodes) return "compiled dictionary code table is corrupt";
  for (uint32_t i = 0; full && i < h.nslots; i++) {
    if ((size_t)d->sl[i].base + h.ncodes > h.nslots || d->stag[i] >= h.ntags)
      return "compiled dictionary trie is corrupt";
  }
  for (uint32_t i = 0; i < h.ntags; i++)
    if (d->tag_off[i] > h.tag_bytes) return "compiled dictionary tags are corrupt";
  if (d->tags[h.tag_bytes] != '\0') return "compiled dictionary tags are corrupt";
  d->total = (long long)h.total;
  d->logtotal = log((double)d->total);
  d->img = img;
  d->img_len = len;
  return NULL;
}

const char *yl_ydict_map(yl_dict *d, const char *path, const char *text_dir, int *sys_errno) {
  yl_mfile m;
  /* Every load checks the whole payload (a millisecond for 16 MB, the pages read at
   * once): a flipped bit in the trie or the emission table would otherwise give other
   * cuts without a word. */
  yl_status st = yl_mfile_map(path, &m, 1);
  *sys_errno = st ? errno : 0;
  if (st == YL_ERR_NOTFOUND) return "compiled dictionary not found";
  if (st == YL_ERR_NOMEM) return "out of memory";
  if (st) return "compiled dictionary cannot be read";
  yl_dict t = *d;
  const char *reason = yl_ydict_attach(&t, m.p, m.n, 1);
  if (!reason && text_dir) {
    /* Sources with the recorded size and mtime (to the second: installing may drop
     * the nanoseconds) are taken as unchanged; otherwise they are hashed and
     * compared with the recorded checksum. */
    yl_ydict_stamp ss;
    uint64_t sum;
    int same = yl_ydict_source_stat(text_dir, &ss) == YL_OK;
    for (int i = 0; i < 2 && same; i++)
      same = ss.size[i] == rd64(m.p + H_STAMP + 16 * i) &&
             ss.mtime[i] / 1000000000u == rd64(m.p + H_STAMP + 8 + 16 * i) / 1000000000u;
    if (!same && yl_ydict_source_checksum(text_dir, &sum) == YL_OK && sum != rd64(m.p + H_SRCSUM))
      reason = "compiled dictionary is stale (its sources changed)";
  }
  if (reason) {
    yl_mfile_unmap(&m);
    return reason;
  }
  t.mapped = 1;
  *d = t;
  return NULL;
}

yl_status yl_dict_verify(const char *ydict_path, yl_error *err) {
  yl_error_clear(err);
  yl_mfile m;
  yl_dict d;
  memset(&d, 0, sizeof d);
  yl_status st = yl_mfile_map(ydict_path, &m, 0);
  if (st == YL_ERR_NOTFOUND)
    return yl_error_set(err, st, ydict_path, 0, errno, "compiled dictionary not found");
  if (st)
    return yl_error_set(err, YL_ERR_IO, ydict_path, 0, errno, "compiled dictionary cannot be read");
  const char *bad = yl_ydict_attach(&d, m.p, m.n, 1);
  yl_mfile_unmap(&m);
  return bad ? yl_error_set(err, YL_ERR_DICT, ydict_path, 0, 0, "%s", bad) : YL_OK;
}
