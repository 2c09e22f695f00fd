/* Fuzz target: a forged shard given to merge. A shard's checksums stop random damage
 * long before its parsers (tests/unit/test_shard.c), so this target writes a shard
 * whose envelope is right (magic, format, the header of a real count on this machine,
 * so the options and fingerprint match, every checksum) around sections taken from the
 * input: its parts split at "SECT" are TERMS, GROUPS, STATS, KWIC, SPILL and DOCS.
 * Then a whole merge runs on it. Checks: merge never crashes or reads out of bounds
 * (ASan), and returns YL_OK, YL_ERR_DICT (not a usable shard), YL_ERR_PARSE (a corrupt
 * record), YL_ERR_LIMIT or YL_ERR_NOMEM, nothing else; a merge that succeeds accounts
 * for every document of the DOCS section. Seeds: tests/fuzz/corpus/shard, the
 * sections of a count of two small articles written by hand. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/shardio.h"
#include "yuliao/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[512];
static yl_config *cfg;
static unsigned char *head; /* a real shard's 24 + B + 8 header bytes */
static size_t head_len;

static void put(FILE *f, const char *s) { fputs(s, f); }

/* Two articles, counted once: their shard's header is the one every input gets. */
static void init(void) {
  const char *tmp = getenv("YL_TMP");
  snprintf(dir, sizeof dir, "%s/fuzz-shard-%ld", tmp && *tmp ? tmp : "/tmp", (long)getpid());
  char p[700];
  snprintf(p, sizeof p, "mkdir -p '%s/c/voa'", dir);
  if (system(p)) abort();
  snprintf(p, sizeof p, "%s/c/voa/a.md", dir);
  FILE *f = fopen(p, "w");
  if (!f) abort();
  put(f, "---\ntitle: 芯片出口\nurl: https://www.voachinese.com/a/1.html\ndate: 2025-01-28\n---\n\n"
         "美国扩大芯片出口管制。深度求索发布开源模型。\n\n记者问：芯片出口会怎样？\n");
  fclose(f);
  snprintf(p, sizeof p, "%s/c/voa/b.md", dir);
  if (!(f = fopen(p, "w"))) abort();
  put(f, "---\ntitle: 开源模型\nurl: https://www.voachinese.com/a/2.html\ndate: 2025-02-03\n---\n\n"
         "开源模型的成本引发讨论。芯片企业股价下跌。\n");
  fclose(f);
  if (yl_config_new(&cfg)) abort();
  const char *dd = getenv("YULIAO_DICT_DIR");
  yl_config_set(cfg, "dict-dir", dd ? dd : "dict", NULL);
  yl_config_set(cfg, "kwic", "芯片", NULL);
  yl_config_set(cfg, "period", "month", NULL);
  yl_config_set(cfg, "no-report", NULL, NULL);
  yl_config_set_threads(cfg, 1);
  char corpus[600], shard[600];
  snprintf(corpus, sizeof corpus, "%s/c", dir);
  snprintf(shard, sizeof shard, "%s/real.shard", dir);
  const char *paths[] = {corpus};
  yl_analyze_summary sum;
  yl_error err;
  if (yl_count_paths(cfg, paths, 1, shard, &sum, &err)) abort();
  yl_analyze_summary_clear(&sum);
  if (!(f = fopen(shard, "rb"))) abort();
  unsigned char h[24];
  if (fread(h, 1, 24, f) != 24) abort();
  head_len = 24 + (size_t)yl_shard_get_u64(h + 16) + 8;
  head = malloc(head_len);
  rewind(f);
  if (!head || fread(head, 1, head_len, f) != head_len) abort();
  fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!cfg) init();
  /* the six sections */
  const uint8_t *part[6];
  size_t plen[6], np = 0;
  const uint8_t *at = data, *end = data + size;
  while (np < 6) {
    const uint8_t *m = NULL;
    for (const uint8_t *q = at; q + 4 <= end; q++)
      if (!memcmp(q, "SECT", 4)) {
        m = q;
        break;
      }
    part[np] = at;
    plen[np] = (size_t)((m && np < 5 ? m : end) - at);
    np++;
    if (!m || np == 6) break;
    at = m + 4;
  }
  for (; np < 6; np++) part[np] = data, plen[np] = 0;
  /* the header says as many documents as the DOCS section starts with */
  yl_shard_rd r = {part[5], part[5] + plen[5], 0};
  uint64_t ndocs = yl_shard_get_uv(&r);
  yl_buf hb = YL_BUF_INIT;
  yl_shard_rd hr = {head + 24, head + head_len - 8, 0};
  char *ver = yl_shard_get_str(&hr, NULL);
  uint64_t fp = yl_shard_get_u64r(&hr);
  size_t sl = 0;
  char *set = yl_shard_get_str(&hr, &sl);
  yl_shard_put_str(&hb, ver);
  yl_shard_put_u64b(&hb, fp);
  yl_shard_put_bytes(&hb, set, sl);
  yl_shard_put_uv(&hb, r.bad ? 0 : ndocs);
  free(ver);
  free(set);
  yl_buf file = YL_BUF_INIT;
  unsigned char t[28];
  yl_buf_put(&file, head, 16);
  yl_shard_put_u64(t, hb.len);
  yl_buf_put(&file, t, 8);
  yl_buf_put(&file, hb.data, hb.len);
  yl_shard_put_u64b(&file, yl_shard_checksum(hb.data, hb.len));
  yl_buf dirb = YL_BUF_INIT;
  for (unsigned k = 0; k < 6; k++) {
    yl_shard_put_u32(t, k + 1);
    yl_shard_put_u64(t + 4, file.len);
    yl_shard_put_u64(t + 12, plen[k]);
    yl_shard_put_u64(t + 20, yl_shard_checksum(part[k], plen[k]));
    yl_buf_put(&dirb, t, 28);
    yl_buf_put(&file, part[k], plen[k]);
  }
  yl_buf_put(&file, dirb.data, dirb.len);
  yl_shard_put_u32(t, 6);
  yl_buf_put(&file, t, 4);
  yl_shard_put_u64b(&file, yl_shard_checksum(dirb.data, dirb.len));
  yl_buf_put(&file, "YLSHEND", 8);
  if (file.failed) abort();
  char path[600], out[600];
  snprintf(path, sizeof path, "%s/f.shard", dir);
  snprintf(out, sizeof out, "%s/out", dir);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(file.data, 1, file.len, f) != file.len || fclose(f)) abort();
  yl_buf_free(&file);
  yl_buf_free(&dirb);
  yl_buf_free(&hb);
  const char *shards[] = {path};
  yl_analyze_summary sum;
  yl_error err;
  yl_status st = yl_merge_shards(cfg, shards, 1, out, NULL, &sum, &err);
  if (st != YL_OK && st != YL_ERR_DICT && st != YL_ERR_PARSE && st != YL_ERR_LIMIT &&
      st != YL_ERR_NOMEM) {
    fprintf(stderr, "merge of a forged shard: status %d (%s)\n", (int)st, err.message);
    abort();
  }
  if (st == YL_OK && sum.files != ndocs) abort();
  yl_analyze_summary_clear(&sum);
  return 0;
}
