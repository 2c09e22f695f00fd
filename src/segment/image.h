/* The compiled dictionary image "jieba.ydict" (internal; format in docs/segment.md):
 * a 128-byte header, then the HMM start/transition values, the double-array slots,
 * the emission table by code, the code point → code table and the tags. All fields
 * are little-endian and the arrays are used in place, read from an mmap'd file. */
#ifndef YL_SEGMENT_IMAGE_H
#define YL_SEGMENT_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "segment/segment_internal.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the compiled dictionary is read in place: little-endian hosts only"
#endif

#define YL_YDICT_HEADER 128u

/* Size and modification time of the two text sources (dict.txt, hmm.tsv), recorded
 * so that an unchanged source need not be hashed again at load. */
typedef struct yl_ydict_stamp {
  uint64_t size[2], mtime[2];
} yl_ydict_stamp;

/* The header fields that are not derived (magic, version and checksums are). */
typedef struct yl_ydict_header {
  uint64_t size;   /* exact file size */
  uint64_t srcsum; /* yl_ydict_source_checksum of the text sources */
  uint64_t total;  /* sum of all frequencies */
  uint32_t nslots, ncodes, nblocks, ntags, tag_bytes;
  yl_ydict_stamp stamp;
} yl_ydict_header;

/* Byte offsets of the sections; each starts at a multiple of 8. */
typedef struct yl_ydict_layout {
  size_t hmm, slots, emit, cidx, cblk, stag, toff, tags, total;
} yl_ydict_layout;

void yl_ydict_layout_of(const yl_ydict_header *h, yl_ydict_layout *l);

/* Writes the header of 'img' (its layout from 'h') with both checksums: call last,
 * once the payload is in place. */
void yl_ydict_seal(unsigned char *img, const yl_ydict_header *h);

/* The staleness stamp and the checksum of the text sources in 'dir'. */
yl_status yl_ydict_source_stat(const char *dir, yl_ydict_stamp *out);
yl_status yl_ydict_source_checksum(const char *dir, uint64_t *out);

/* Checks an image and points the dictionary's tables into it. NULL when fine, else
 * the reason. 'full' also checks the payload checksum and every trie slot (reading
 * the whole file); without it the load reads only the header and the small tables,
 * and the hot path stays memory-safe by its bounds checks (yl_trie_next). */
const char *yl_ydict_attach(yl_dict *d, unsigned char *img, size_t len, int full);

/* Maps the compiled file 'path' into 'd' (header checks only), and when 'text_dir'
 * is given checks that its sources are the ones recorded. NULL when 'd' now uses the
 * file, else the reason (and 'd' is untouched), with the errno of a failed read in
 * '*sys_errno' (0 for any other reason). */
const char *yl_ydict_map(yl_dict *d, const char *path, const char *text_dir, int *sys_errno);

/* Read-only mapping of a whole file (NULL for an empty one). */
typedef struct yl_mfile {
  unsigned char *p;
  size_t n;
} yl_mfile;

yl_status yl_mfile_map(const char *path, yl_mfile *m, int populate);
void yl_mfile_unmap(yl_mfile *m);

#endif
