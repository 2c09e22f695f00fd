/* Shards (internal): `yuliao count` writes what pass 1 made of its files into one
 * file, and `yuliao merge` reads any number of them back as if one analyze had read
 * every file, so the tables are the same bytes (docs/scaling.md).
 *
 * A shard holds each document's row for documents.csv and its duplicate keys (URL and
 * body hashes, near-duplicate sketch, body length), its group, its kept tokens as the
 * spill record pass 1 made (term ids of the shard's own vocabulary), the shard's
 * vocabulary and group names, its KWIC hits and token tallies, and the options and
 * data files it was made with (a fingerprint). Duplicates are not decided in a shard:
 * a copy may be in another one, so merge decides them over every document, as
 * analyze does after its pass 1.
 *
 * File layout (every integer little-endian or an unsigned LEB128 varint, so the bytes
 * are the same on any machine):
 *
 *   header    "YLSHARD\0", u32 format version, u32 0, u64 body length B,
 *             body (str yuliao version, u64 fingerprint, str options, varint
 *             documents), u64 checksum of the body
 *   sections  TERMS, GROUPS, STATS, KWIC, SPILL, DOCS (YL_SHARD_* below), each anywhere
 *             after the header
 *   directory per section: u32 tag, u64 offset, u64 length, u64 checksum; then u32
 *             number of sections, u64 checksum of those entries, "YLSHEND\0"
 *
 * A str is a varint length + 1 (0: none) and the bytes. The checksum is a 64-bit
 * multiply-xorshift hash over the bytes (yl_shard_checksum). A shard is written
 * through yuliao/outfile.h: a crash leaves no half shard. */
#ifndef YL_PIPELINE_SHARD_H
#define YL_PIPELINE_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "pipeline/shardio.h"
#include "yuliao/ingest.h"
#include "yuliao/status.h"

#define YL_SHARD_FORMAT 1

enum { YL_SHARD_TERMS = 1, YL_SHARD_GROUPS, YL_SHARD_STATS, YL_SHARD_KWIC, YL_SHARD_SPILL,
       YL_SHARD_DOCS, YL_SHARD_NSECTIONS = YL_SHARD_DOCS };

/* What a run needs of the shards it merges (opened by yl_shard_set_open). */
typedef struct yl_shard yl_shard;
typedef struct yl_shard_set {
  yl_shard *v;
  size_t n;
  char *settings; /* the first shard's options (yl_config_settings), all alike */
  size_t settings_len;
  uint64_t fingerprint;
  size_t ndocs;
  uint32_t *of_shard, *of_local; /* each document of the merged order: its shard, its index there */
} yl_shard_set;

/* Opens and checks every shard of 'paths' (magic, format, checksums of every section,
 * the same yuliao version, options and data files as the first), reads all but the
 * token records into memory and orders the documents by path as yl_ingest_walk does.
 * YL_ERR_DICT for a shard that cannot be read (missing, not a shard, truncated,
 * corrupt, another format), YL_ERR_INVALID for shards that do not go together (another
 * version, other options or data files, a file in two shards), YL_ERR_NOMEM; the
 * message names the shard. */
yl_status yl_shard_set_open(const char *const *paths, size_t n, yl_shard_set *set, yl_error *err);
/* The input list of the merged run: every document in order, with the walk's skip
 * reason of those the walk skipped. */
yl_status yl_shard_set_list(const yl_shard_set *set, yl_ingest_list *out);
void yl_shard_set_free(yl_shard_set *set);

/* What yl_analyze_run does with shards (yl_analyze_opts.shard): reads its documents
 * from 'in' instead of pass 1 (merge), and/or writes them to 'out' instead of the
 * tables (count, merge --shard-out) with 'settings' and 'fingerprint'. */
typedef struct yl_shard_job {
  yl_shard_set *in;
  const char *out;
  const char *settings;
  size_t settings_len;
  uint64_t fingerprint;
} yl_shard_job;

/* A token record of shard 'k' that cannot be read (pass 1b found it): YL_ERR_DICT
 * naming the shard. */
yl_status yl_shard_bad_record(const yl_shard_set *set, size_t k, yl_error *err);

/* The engine's side (shard.c, with pipeline/engine.h): */
struct yl_run;
struct yl_merged;
/* Instead of pass 1: the run's documents, one worker per shard (its vocabulary, groups,
 * token records in the shard file, KWIC hits and tallies). Takes them from 'set'. */
yl_status yl_shard_fill(yl_shard_set *set, struct yl_run *r, yl_error *err);
/* After pass 1 (or yl_shard_fill) and yl_merge_vocab: the run as one shard at 'path',
 * its records in the merged vocabulary, with the options 'settings' and 'fingerprint'. */
yl_status yl_shard_write(struct yl_run *r, const struct yl_merged *m, const char *path,
                         const char *settings, size_t settings_len, uint64_t fingerprint,
                         yl_error *err);

/* The options of 'cfg' as a shard stores them (into 'settings') and the fingerprint of
 * them with every data file 's' read: shards merge only when theirs are equal, and a
 * merge checks its own data files against them. */
struct yl_setup;
struct yl_buf;
struct yl_config;
yl_status yl_shard_fingerprint(const struct yl_config *cfg, const struct yl_setup *s,
                               struct yl_buf *settings, uint64_t *fp, yl_error *err);

#endif
