/* Allocation failures while opening, building and compiling dictionaries, loading user
 * words, and segmenting (see test_alloc_fail.c). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep.h"

/* ---- dictionaries ------------------------------------------------------------------ */

typedef struct dict_ctx {
  const char *ydict, *text_dir; /* yl_dict_open arguments */
  const char *user;             /* or: a user dictionary, loaded into the one they open */
  yl_dict *d;
  yl_dict_source src, ref_src;
  size_t loaded, ref_loaded;
  long long ref_total;
  char ref_seg[2048];
} dict_ctx;

static const char probe[] = "DeepSeek发布了新的开源模型，深度求索公司称其训练成本为560万美元。"
                            "甲乙丙丁戊己庚辛";

/* 'text' segmented by 'd' with and without HMM, as "word/word|word/word". */
static void seg_string(const yl_dict *d, const char *text, char *out, size_t cap) {
  yl_segmenter *s = NULL;
  size_t o = 0;
  out[0] = '\0';
  if (yl_segmenter_new(d, &s)) return;
  for (int flags = 0; flags <= YL_SEG_NO_HMM; flags += YL_SEG_NO_HMM) {
    const yl_token *t;
    size_t n;
    if (yl_segment(s, text, strlen(text), flags, &t, &n)) break;
    for (size_t i = 0; i < n && o + t[i].len + 3 < cap; i++) {
      if (i) out[o++] = '/';
      memcpy(out + o, text + t[i].off, t[i].len);
      o += t[i].len;
    }
    if (o + 2 < cap) out[o++] = '|';
    out[o] = '\0';
  }
  yl_segmenter_free(s);
}

static void dict_prepare(void *p) {
  dict_ctx *c = p;
  c->d = NULL;
  c->loaded = 0;
  if (c->user && yl_dict_open(c->ydict, c->text_dir, &c->d, NULL, NULL)) c->d = NULL;
}

static yl_status dict_run(void *p) {
  dict_ctx *c = p;
  if (c->user) return c->d ? yl_dict_load_user(c->d, c->user, &c->loaded, NULL, NULL, NULL) : YL_ERR_DICT;
  return yl_dict_open(c->ydict, c->text_dir, &c->d, &c->src, NULL);
}

static int dict_check(void *p, yl_status st, int ref) {
  dict_ctx *c = p;
  int bad = 0;
  if (!c->user && st != YL_OK && c->d) bad = 1; /* no dictionary on failure */
  if (c->d && (st == YL_OK || c->user)) {
    char s[sizeof c->ref_seg];
    seg_string(c->d, probe, s, sizeof s);
    if (ref) {
      memcpy(c->ref_seg, s, sizeof s);
      c->ref_total = yl_dict_total(c->d);
      c->ref_src = c->src;
      c->ref_loaded = c->loaded;
    } else if (st == YL_OK) {
      bad |= strcmp(s, c->ref_seg) != 0 || yl_dict_total(c->d) != c->ref_total;
      bad |= c->user ? c->loaded != c->ref_loaded : c->src != c->ref_src;
    }
  }
  yl_dict_free(c->d);
  c->d = NULL;
  return bad;
}

typedef struct compile_ctx {
  char dir[1200], out[1300], ref[1300];
} compile_ctx;

static void compile_prepare(void *p) {
  compile_ctx *c = p;
  unlink(c->out);
}

static yl_status compile_run(void *p) {
  compile_ctx *c = p;
  return yl_dict_compile(tiny_dir, c->out, NULL);
}

/* Only the compiled file may be in the folder, and only after success. */
static int compile_check(void *p, yl_status st, int ref) {
  compile_ctx *c = p;
  (void)ref;
  int bad = 0;
  DIR *d = opendir(c->dir);
  struct dirent *e;
  size_t n = 0;
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, ".."))) n++;
  if (d) closedir(d);
  if (st == YL_OK) bad |= n != 1 || !same_file(c->out, c->ref);
  else bad |= n != 0;
  return bad;
}

void alloc_test_dict(void) {
  /* the small dictionary compiled once, as a reference and for the user-word rounds */
  compile_ctx cc;
  snprintf(cc.dir, sizeof cc.dir, "%s/compile", tmp_dir);
  snprintf(cc.out, sizeof cc.out, "%s/tiny.ydict", cc.dir);
  snprintf(cc.ref, sizeof cc.ref, "%s/tiny-ref.ydict", tmp_dir);
  mkdir(cc.dir, 0777);
  if (yl_dict_compile(tiny_dir, cc.ref, NULL)) {
    sweep_fail("cannot compile %s", tiny_dir);
    return;
  }

  dict_ctx text = {.text_dir = tiny_dir};
  scenario s1 = {"dict text build", NULL, dict_run, dict_check, &text, 0};
  sweep(&s1);

  dict_ctx comp = {.ydict = ydict};
  scenario s2 = {"dict compiled", NULL, dict_run, dict_check, &comp, 0};
  sweep(&s2);

  scenario s3 = {"dict compile", compile_prepare, compile_run, compile_check, &cc, 0};
  sweep(&s3);

  dict_ctx checked = {.ydict = cc.ref, .text_dir = tiny_dir};
  scenario s4 = {"dict compiled+text", NULL, dict_run, dict_check, &checked, 0};
  sweep(&s4);
  /* the jieba file is stale for the small text: rebuilt from the text */
  dict_ctx stale = {.ydict = ydict, .text_dir = tiny_dir};
  scenario s5 = {"dict stale rebuild", NULL, dict_run, dict_check, &stale, 0};
  sweep(&s5);

  char user1[1200], user2[1200];
  snprintf(user1, sizeof user1, "%s/examples/userdict-deepseek.txt", src_dir);
  snprintf(user2, sizeof user2, "%s/tests/alloc/dict/user.txt", src_dir);
  dict_ctx u1 = {.ydict = ydict, .user = user1};
  scenario s6 = {"user dict (jieba)", dict_prepare, dict_run, dict_check, &u1, 0};
  sweep(&s6);
  dict_ctx u2 = {.ydict = cc.ref, .user = user2}; /* mapped: opened for each run */
  scenario s7 = {"user dict (edge)", dict_prepare, dict_run, dict_check, &u2, 0};
  sweep(&s7);
}

/* ---- segmenting -------------------------------------------------------------------- */

static const char *const sentences[] = {
    "DeepSeek发布了新的开源模型，深度求索公司称其训练成本为560万美元。",
    "英伟达市值单日蒸发近6000亿美元 华尔街重新评估AI投资",
    "台灣禁止公務機關使用DeepSeek，憂資安與審查風險。",
    "“只花了560万美元”几乎成了DeepSeek的代名词\r\n\r\n😀 R1 模型 \xff\xfe 结束",
    "",
};

typedef struct seg_ctx {
  const yl_dict *d;
  char out[8192], ref[8192];
} seg_ctx;

static yl_status seg_run(void *p) {
  seg_ctx *c = p;
  yl_segmenter *s = NULL;
  yl_status st = yl_segmenter_new(c->d, &s);
  size_t o = 0;
  c->out[0] = '\0';
  for (size_t k = 0; !st && k < sizeof sentences / sizeof *sentences; k++)
    for (int flags = 0; !st && flags <= YL_SEG_NO_HMM; flags += YL_SEG_NO_HMM) {
      const yl_token *t;
      size_t n;
      const char *text = sentences[k];
      st = yl_segment(s, text, strlen(text), flags, &t, &n);
      for (size_t i = 0; !st && i < n; i++) {
        const char *tag = t[i].tag ? t[i].tag : "";
        if (o + t[i].len + strlen(tag) + 16 >= sizeof c->out) break;
        o += (size_t)snprintf(c->out + o, sizeof c->out - o, "%d%s", (int)t[i].kind, tag);
        memcpy(c->out + o, text + t[i].off, t[i].len);
        o += t[i].len;
        c->out[o++] = '/';
      }
      c->out[o] = '\0';
    }
  yl_segmenter_free(s);
  return st;
}

static int seg_check(void *p, yl_status st, int ref) {
  seg_ctx *c = p;
  if (ref) memcpy(c->ref, c->out, sizeof c->out);
  return st == YL_OK && strcmp(c->out, c->ref) != 0;
}

void alloc_test_segment(const yl_dict *jieba) {
  seg_ctx c = {.d = jieba};
  scenario s = {"segment", NULL, seg_run, seg_check, &c, 0};
  sweep(&s);
}
