/* Run set-up from a yl_config: output folder, data folder, ingest tables, dictionary,
 * filter, IDF table, input list. Every loader fills the run's yl_error itself; this
 * file only gives a data file's failure the code YL_ERR_DICT (see setup.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "base/escape.h"
#include "yuliao/outdir.h"
#include "yuliao/outfile.h"
#include "yuliao/csv.h"
#include "pipeline/manifest.h"
#include "report/report.h"
#include "pipeline/setup.h"
#include "pipeline/shard.h"
#include "base/buf.h"

#include "pipeline/aliases.h"
#include "pipeline/frames.h"
#include "yuliao/outlets.h"

static yl_status nomem(yl_error *err) {
  return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
}

/* A data file that cannot be used is a data error, whatever the loader said, except
 * when memory ran out: the loader's record with that code. */
static yl_status data_error(yl_error *err, yl_status st) {
  if (st && st != YL_ERR_NOMEM) st = YL_ERR_DICT;
  if (err && st) err->code = st;
  return st;
}

static int is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

void yl_setup_clear(yl_setup *s) {
  for (size_t i = 0; i < s->n_files; i++) {
    free(s->files[i].full);
    free(s->files[i].path);
  }
  free(s->files);
  yl_ingest_list_clear(&s->list);
  yl_idf_free(s->idf);
  yl_frames_free(s->frames);
  s->frames = NULL;
  yl_aliases_free(s->aliases);
  s->aliases = NULL;
  yl_script_free(s->script);
  s->script = NULL;
  yl_filter_free(s->filter);
  yl_dict_free(s->dict);
  yl_ingest_free(s->ing);
  s->files = NULL;
  s->n_files = 0;
  s->idf = NULL;
  s->filter = NULL;
  s->dict = NULL;
  s->ing = NULL;
}

static yl_status add_data(yl_setup *s, const char *role, const char *full, const char *shown,
                          int in_dict, yl_error *err) {
  yl_datafile *p = realloc(s->files, (s->n_files + 1) * sizeof *p);
  if (!p) return nomem(err);
  s->files = p;
  p += s->n_files;
  p->role = role;
  p->full = strdup(full);
  p->path = strdup(shown);
  p->in_dict = in_dict;
  if (!p->full || !p->path) {
    free(p->full);
    free(p->path);
    return nomem(err);
  }
  s->n_files++;
  return YL_OK;
}

/* ---- the data folder ---------------------------------------------------------------- */

static int has_marker(const char *dir) {
  char p[PATH_MAX];
  if ((size_t)snprintf(p, sizeof p, "%s/outlets.tsv", dir) >= sizeof p) return 0;
  return is_file(p);
}

/* True when the running program lives in the build folder this library was built in. */
static int running_from_build(void) {
  char exe[PATH_MAX], build[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = '\0';
  if (!realpath(YL_BUILD_DIR, build)) return 0;
  size_t bl = strlen(build);
  return strncmp(exe, build, bl) == 0 && exe[bl] == '/';
}

/* <folder of the program>/../share/yuliao, for an install moved or made with
 * 'cmake --install --prefix' other than the configured one. */
static int relocated_share(char *buf, size_t cap) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return 0;
  *slash = '\0';
  return (size_t)snprintf(buf, cap, "%s/../share/yuliao", exe) < cap;
}

yl_status yl_setup_data_dir(yl_setup *s, const yl_config *cfg, yl_error *err) {
  enum { N = 5 };
  const char *env = getenv("YULIAO_DICT_DIR");
  char rel[PATH_MAX];
  const char *cand[N] = {cfg->dict_dir, env && *env ? env : NULL, YL_INSTALL_DICT_DIR,
                         relocated_share(rel, sizeof rel) ? rel : NULL,
                         running_from_build() ? YL_SOURCE_DICT_DIR : NULL};
  static const char *const label[N] = {"--dict-dir", "YULIAO_DICT_DIR", "installed data",
                                       "beside the program", "source tree"};
  char msg[YL_ERROR_MESSAGE_MAX];
  size_t len = (size_t)snprintf(msg, sizeof msg,
                                "cannot find the data folder (it must hold outlets.tsv); tried:");
  for (int i = 0; i < N; i++) {
    if (!cand[i]) continue;
    if (has_marker(cand[i])) {
      if (strlen(cand[i]) >= sizeof s->dict_dir)
        return yl_error_set(err, YL_ERR_DICT, cand[i], 0, 0, "path too long");
      strcpy(s->dict_dir, cand[i]);
      return YL_OK;
    }
    if (len < sizeof msg) {
      char *shown = yl_escape_dup(cand[i]);
      len += (size_t)snprintf(msg + len, sizeof msg - len, " %s (%s);", shown ? shown : "?",
                              label[i]);
      free(shown);
    }
    /* An explicit choice that fails is an error: do not fall back silently. */
    if (i < 2) break;
  }
  return yl_error_set(err, YL_ERR_DICT, NULL, 0, 0,
                      "%s set --dict-dir DIR or YULIAO_DICT_DIR, or install with cmake --install",
                      msg);
}

/* ---- ingest tables -------------------------------------------------------------------- */

yl_status yl_setup_ingest(yl_setup *s, const yl_config *cfg, yl_error *err) {
  yl_ingest_opts io = {s->dict_dir, cfg->outlets, cfg->outlet_from == YL_OUTLET_FROM_FOLDER,
                       cfg->max_file_size};
  yl_status st = yl_ingest_new(&io, &s->ing, err);
  if (st) return data_error(err, st);
  char outlets[PATH_MAX + 16], boiler[PATH_MAX + 16];
  snprintf(outlets, sizeof outlets, "%s/outlets.tsv", s->dict_dir);
  snprintf(boiler, sizeof boiler, "%s/boilerplate.tsv", s->dict_dir);
  if ((st = add_data(s, "outlet table", outlets, "outlets.tsv", 1, err))) return st;
  if (is_file(boiler) && (st = add_data(s, "boilerplate rules", boiler, "boilerplate.tsv", 1, err)))
    return st;
  if (cfg->outlets && (st = add_data(s, "outlet table", cfg->outlets, cfg->outlets, 0, err)))
    return st;
  return YL_OK;
}

/* ---- dictionary ------------------------------------------------------------------------ */

yl_status yl_setup_open_dict(yl_setup *s, const yl_config *cfg, yl_error *err) {
  char text[PATH_MAX + 16], ydict[PATH_MAX + 32], p[PATH_MAX + 32];
  snprintf(text, sizeof text, "%s/jieba", s->dict_dir);
  snprintf(ydict, sizeof ydict, "%s/jieba/jieba.ydict", s->dict_dir);
  /* a data folder without its compiled file (the source tree's dict/) uses the one
   * this build made */
  if (!is_file(ydict)) snprintf(ydict, sizeof ydict, "%s/dict/jieba/jieba.ydict", YL_BUILD_DIR);
  yl_dict_source src;
  yl_error rec; /* its own: on a rebuild it holds the note's reason, 'err' may be NULL */
  yl_status st = yl_dict_open(ydict, text, &s->dict, &src, &rec);
  if (st) {
    if (err) *err = rec;
    return data_error(err, st);
  }
  if (src == YL_DICT_REBUILT) {
    char *y = yl_escape_dup(ydict), *t = yl_escape_dup(text);
    yl_config_notify(cfg, NULL, 0, "note: %s: %s; built the dictionary from %s (slower start)",
                     y ? y : "?", rec.message, t ? t : "?");
    free(y);
    free(t);
  }
  snprintf(p, sizeof p, "%s/dict.txt", text);
  if ((st = add_data(s, "jieba dictionary", p, "jieba/dict.txt", 1, err))) return st;
  snprintf(p, sizeof p, "%s/hmm.tsv", text);
  return add_data(s, "jieba HMM", p, "jieba/hmm.tsv", 1, err);
}

typedef struct reject_ctx {
  const yl_config *cfg;
  const char *file;
} reject_ctx;

static void on_reject(void *ctx, size_t line, const char *reason) {
  reject_ctx *r = ctx;
  yl_config_notify(r->cfg, r->file, line, "entry rejected: %s", reason);
}

/* yl_dict_word_fn: a user word as the text will be, Simplified. */
static yl_status convert_word(void *ctx, const char *w, size_t len, char **out, size_t *out_len) {
  yl_status st = yl_script_convert(ctx, w, len, out, out_len);
  if (st == YL_ERR_UTF8) st = YL_OK; /* cannot be: the loader checked it */
  if (!st && *out && *out_len == len && !memcmp(*out, w, len)) {
    free(*out);
    *out = NULL;
  }
  return st;
}

/* 'w' made a dictionary word with jieba's suggested frequency, unless it is one; a
 * word the dictionary cannot hold is only not joined (YL_ERR_NOMEM is the error). */
static yl_status join_word(yl_dict *d, const char *w, size_t len) {
  yl_status st = yl_dict_freq(d, w, len) > 0 ? YL_OK : yl_dict_add_word(d, w, len, -1, NULL);
  return st == YL_ERR_NOMEM ? st : YL_OK;
}

yl_status yl_setup_dict_words(yl_setup *s, const yl_config *cfg, yl_error *err) {
  /* Outlets' self-names become dictionary words (jieba's dictionary splits 德国之声
   * into 德国/之声 and 日经中文网 into 日经/中文网), so that the per-outlet stop
   * words can remove them whole; so do the longer words that hold a name and are not
   * the outlet (日经平均指数, the index), so that removing the name never cuts them.
   * User dictionaries come after and may override.
   * Under --script simplified a word in Traditional characters is converted like
   * the text it has to match (yl_setup_script comes first). */
  yl_script *conv = cfg->script == YL_SCRIPT_SIMPLIFIED ? s->script : NULL;
  const yl_outlets *ot = yl_ingest_outlets(s->ing);
  for (size_t i = 0; i < yl_outlets_count(ot); i++) {
    const yl_outlet *ol = yl_outlets_at(ot, i);
    for (size_t k = 0; k < ol->n_self_names + ol->n_words; k++) {
      const char *w = k < ol->n_self_names ? ol->self_names[k] : ol->words[k - ol->n_self_names];
      char *c = NULL;
      size_t len = strlen(w);
      if (conv && convert_word(conv, w, len, &c, &len) == YL_ERR_NOMEM) return nomem(err);
      if (c) w = c;
      yl_status st = join_word(s->dict, w, len);
      free(c);
      if (st) return nomem(err);
    }
  }
  for (size_t i = 0; i < cfg->user_dicts.n; i++) {
    const char *path = cfg->user_dicts.v[i];
    reject_ctx rj = {cfg, path};
    size_t loaded;
    yl_status st = yl_dict_load_user_mapped(s->dict, path, conv ? convert_word : NULL, conv,
                                            &loaded, on_reject, &rj, err);
    if (st) return data_error(err, st);
    if ((st = add_data(s, "user dictionary", path, path, 0, err))) return st;
  }
  return YL_OK;
}

/* ---- filter ------------------------------------------------------------------------------ */

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Records the *.txt files of 'dir' in name order (as yl_filter_load_stopword_dir reads
 * them). */
static yl_status add_stopword_files(yl_setup *s, const char *dir, yl_error *err) {
  DIR *dp = opendir(dir);
  if (!dp) return YL_OK;
  char **names = NULL;
  size_t n = 0;
  yl_status st = YL_OK;
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t len = strlen(de->d_name);
    if (len < 5 || strcmp(de->d_name + len - 4, ".txt")) continue;
    char **p = realloc(names, (n + 1) * sizeof *p);
    if (!p || !(p[n] = strdup(de->d_name))) {
      if (p) names = p;
      st = nomem(err);
      break;
    }
    names = p;
    n++;
  }
  closedir(dp);
  if (names) qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n; i++) {
    char full[PATH_MAX * 2], shown[PATH_MAX];
    snprintf(full, sizeof full, "%s/%s", dir, names[i]);
    snprintf(shown, sizeof shown, "stopwords/%s", names[i]);
    if (!st) st = add_data(s, "stop words", full, shown, 1, err);
    free(names[i]);
  }
  free(names);
  return st;
}

yl_status yl_setup_filter(yl_setup *s, const yl_config *cfg, yl_error *err) {
  yl_filter_config fc;
  yl_filter_config_init(&fc);
  fc.min_chars = (size_t)cfg->min_length;
  fc.keep_numbers = cfg->keep_numbers;
  yl_status st = yl_filter_new(&fc, &s->filter);
  if (st) return nomem(err);
  if (!cfg->no_default_stop) {
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/stopwords", s->dict_dir);
    st = yl_filter_load_stopword_dir(s->filter, dir, NULL, err);
    if (st) return data_error(err, st);
    if ((st = add_stopword_files(s, dir, err))) return st;
  }
  for (size_t i = 0; i < cfg->stopwords.n; i++) {
    const char *path = cfg->stopwords.v[i];
    st = yl_filter_stops_load(yl_filter_stopset(s->filter), path, err);
    if (st) return data_error(err, st);
    if ((st = add_data(s, "stop words", path, path, 0, err))) return st;
  }
  return YL_OK;
}

/* ---- IDF table and inputs ------------------------------------------------------------------ */

yl_status yl_setup_script(yl_setup *s, const yl_config *cfg, yl_error *err) {
  const char *name = cfg->opencc_config ? cfg->opencc_config : "t2s";
  if (cfg->script != YL_SCRIPT_SIMPLIFIED) {
    /* counted as written: the scan for documents.csv only, without it when OpenCC
     * cannot open the configuration */
    yl_error e;
    yl_error_clear(&e);
    if (yl_script_open(name, &s->script, &e) == YL_ERR_NOMEM) return nomem(err);
    return YL_OK;
  }
  yl_status st = yl_script_open(name, &s->script, err);
  /* a missing OpenCC configuration is a data file missing (exit 4) */
  if (st == YL_ERR_NOTFOUND) {
    st = YL_ERR_DICT;
    if (err) err->code = st;
  }
  if (st) return st;
  /* t2s without OpenCC's slow phrase matcher, where the shipped phrase table is the
   * installed one (yl_script_use_phrases checks) */
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/opencc/t2s-phrases.tsv", s->dict_dir);
  st = yl_script_use_phrases(s->script, path, NULL, &s->script_fast);
  if (st) return nomem(err);
  return s->script_fast ? add_data(s, "OpenCC phrases", path, "opencc/t2s-phrases.tsv", 1, err)
                        : YL_OK;
}

yl_status yl_setup_idf(yl_setup *s, const yl_config *cfg, yl_error *err) {
  if (!cfg->idf) return YL_OK;
  char shipped_path[PATH_MAX + 32];
  int shipped = !strcmp(cfg->idf, YL_CONFIG_IDF_SHIPPED);
  const char *path = cfg->idf;
  if (shipped) {
    snprintf(shipped_path, sizeof shipped_path, "%s/jieba/idf.txt", s->dict_dir);
    path = shipped_path;
  }
  yl_status st = yl_idf_load(path, &s->idf, err);
  if (st) return data_error(err, st);
  return add_data(s, "IDF table", path, shipped ? "jieba/idf.txt" : path, shipped, err);
}

static void on_alias_reject(void *ctx, size_t line, const char *spelling) {
  reject_ctx *a = ctx;
  yl_config_notify(a->cfg, a->file, line, "alias '%s' is not a counted term (a stop word, one "
                   "character, a number?): left out", spelling);
}

yl_status yl_setup_aliases(yl_setup *s, const yl_config *cfg, yl_error *err) {
  if (!cfg->aliases) return YL_OK;
  yl_script *conv = cfg->script == YL_SCRIPT_SIMPLIFIED ? s->script : NULL;
  reject_ctx ac = {cfg, cfg->aliases};
  yl_status st = yl_aliases_load(cfg->aliases, s->filter, conv, on_alias_reject, &ac, &s->aliases, err);
  if (st) return data_error(err, st);
  /* a variant of several words (深度求索) is cut whole, as an outlet's self-name is */
  for (size_t i = 0; i < yl_aliases_nspellings(s->aliases); i++) {
    const char *w = yl_aliases_spelling(s->aliases, i);
    if (join_word(s->dict, w, strlen(w))) return nomem(err);
  }
  return add_data(s, "aliases", cfg->aliases, cfg->aliases, 0, err);
}

yl_status yl_setup_reading(yl_setup *s, const yl_config *cfg, yl_error *err) {
  yl_status st = yl_setup_data_dir(s, cfg, err);
  if (!st) st = yl_setup_ingest(s, cfg, err);
  if (!st) st = yl_setup_open_dict(s, cfg, err);
  if (!st) st = yl_setup_script(s, cfg, err);
  if (!st && cfg->script == YL_SCRIPT_SIMPLIFIED) yl_ingest_set_script(s->ing, s->script);
  if (!st) st = yl_setup_dict_words(s, cfg, err);
  return st;
}

yl_status yl_setup_frames(yl_setup *s, const yl_config *cfg, yl_error *err) {
  if (!cfg->frames) return YL_OK;
  yl_script *conv = cfg->script == YL_SCRIPT_SIMPLIFIED ? s->script : NULL;
  yl_status st = yl_frames_load(cfg->frames, conv, &s->frames, err);
  if (st) return data_error(err, st);
  return add_data(s, "frame dictionary", cfg->frames, cfg->frames, 0, err);
}

/* --newwords FILE: a newwords.csv of `yuliao newwords` in the run's CSV dialect (its
 * header says so), checked before the run and recorded with the data files. */
static yl_status setup_newwords(yl_setup *s, const yl_config *cfg, yl_error *err) {
  if (!cfg->newwords) return YL_OK;
  FILE *f = fopen(cfg->newwords, "rb");
  if (!f) return yl_error_cause(err, YL_ERR_IO, cfg->newwords, 0, errno, "cannot read it");
  char head[64] = {0};
  size_t n = fread(head, 1, sizeof head - 1, f);
  fclose(f);
  const char *h = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? head + 3 : head;
  const char *want = yl_config_csv_flags(cfg) & YL_CSV_EXCEL_EU ? "term;count;documents;"
                                                                  : "term,count,documents,";
  if (strncmp(h, want, strlen(want))) {
    yl_error_first(err, YL_ERR_PARSE, cfg->newwords, 1, 0,
                   "not a newwords.csv of yuliao newwords in this run's --csv-dialect (its "
                   "header starts %s…)", want);
    return data_error(err, YL_ERR_PARSE);
  }
  return add_data(s, "new-word candidates", cfg->newwords, cfg->newwords, 0, err);
}

/* Copies --newwords' table into the output folder 'dir' as newwords.csv. */
static yl_status copy_newwords(const yl_config *cfg, const char *dir, yl_error *err) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/newwords.csv", dir) >= sizeof path)
    return yl_error_cause(err, YL_ERR_IO, dir, 0, ENAMETOOLONG, NULL);
  FILE *in = fopen(cfg->newwords, "rb");
  if (!in) return yl_error_cause(err, YL_ERR_IO, cfg->newwords, 0, errno, "cannot read it");
  yl_outfile *out = NULL;
  yl_status st = yl_outfile_open(path, &out);
  char buf[1 << 16];
  size_t n;
  while (!st && (n = fread(buf, 1, sizeof buf, in)) > 0) st = yl_outfile_write(out, buf, n);
  int rerr = ferror(in);
  fclose(in);
  if (!st && rerr) {
    yl_outfile_abort(out);
    return yl_error_cause(err, YL_ERR_IO, cfg->newwords, 0, EIO, "read error");
  }
  if (st) {
    int e = out ? yl_outfile_errno(out) : errno;
    yl_outfile_abort(out);
    return yl_error_cause(err, st, path, 0, e, NULL);
  }
  st = yl_outfile_commit(out);
  return st ? yl_error_cause(err, st, path, 0, errno, NULL) : YL_OK;
}

yl_status yl_setup_walk(yl_setup *s, const char *const *paths, size_t n, yl_error *err) {
  yl_status st = yl_ingest_walk(s->ing, paths, n, &s->list);
  return yl_error_cause(err, st, NULL, 0, 0, NULL);
}

/* ---- the public dictionary opener ------------------------------------------------------------ */

yl_status yl_config_open_dict(const yl_config *cfg, yl_dict **out, yl_error *err) {
  yl_error_clear(err);
  if (!cfg || !out)
    return yl_error_cause(err, YL_ERR_INVALID, NULL, 0, 0, NULL);
  yl_setup *s = calloc(1, sizeof *s);
  if (!s) return nomem(err);
  yl_status st = yl_setup_data_dir(s, cfg, err);
  if (!st) st = yl_setup_open_dict(s, cfg, err);
  if (!st) {
    *out = s->dict;
    s->dict = NULL;
  }
  yl_setup_clear(s);
  free(s);
  return st;
}

/* ---- analyze from a configuration ------------------------------------------------------------ */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* yl_analyze_run's callbacks, handed on to the configuration's. */
static void run_progress(void *ctx, size_t done, size_t total, uint64_t bytes) {
  const yl_config *cfg = ctx;
  cfg->progress(cfg->progress_ctx, done, total, bytes);
}

static void run_note(void *ctx, const char *path, const char *note) {
  yl_config_notify(ctx, path, 0, "%s", note);
}

static void free_terms(char **v, size_t n) {
  for (size_t i = 0; v && i < n; i++) free(v[i]);
  free(v);
}

/* The terms of option --'opt' as the counted text has them: converted under --script
 * simplified ('*out' NULL when no conversion applies: the terms as given). */
static yl_status converted_terms(const yl_setup *s, const yl_config *cfg, const yl_strlist *l,
                                 const char *opt, char ***out, yl_error *err) {
  *out = NULL;
  if (!s->script || cfg->script != YL_SCRIPT_SIMPLIFIED || !l->n) return YL_OK;
  char **v = calloc(l->n, sizeof *v);
  if (!v) return nomem(err);
  yl_status st = YL_OK;
  for (size_t i = 0; !st && i < l->n; i++) {
    size_t len;
    st = yl_script_convert(s->script, l->v[i], strlen(l->v[i]), &v[i], &len);
    if (st == YL_ERR_NOMEM) st = nomem(err);
    else if (st) st = yl_error_set(err, st, NULL, 0, 0, "--%s %s: cannot be converted", opt, l->v[i]);
  }
  if (st) free_terms(v, l->n);
  else *out = v;
  return st;
}

/* A concordance run (yl_kwic_paths) instead of the tables: its terms and receiver. */
typedef struct kwic_run {
  yl_strlist terms;
  yl_kwic_fn fn;
  void *ctx;
} kwic_run;

/* count and merge (yl_count_paths, yl_merge_shards): the shards read instead of the
 * files ('set', whose options the run takes), and/or the shard written instead of the
 * tables ('out'). */
typedef struct shard_run {
  yl_shard_set *set;
  const char *out;
} shard_run;

/* The folder of file 'path' into 'buf' (spill files of a count go beside its shard). */
static const char *folder_of(const char *path, char *buf, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (!slash) return ".";
  size_t n = slash == path ? 1 : (size_t)(slash - path);
  if (n >= cap) n = cap - 1;
  memcpy(buf, path, n);
  buf[n] = '\0';
  return buf;
}

/* A configuration with the shards' options, and of 'cfg' only what changes no byte of
 * a table: threads, callbacks, the command line of the manifest. */
static yl_status merge_config(const yl_config *cfg, const yl_shard_set *set, yl_config **out,
                              yl_error *err) {
  yl_config *c = NULL;
  if (yl_config_new(&c)) return nomem(err);
  yl_status st = yl_config_apply(c, set->settings, set->settings_len, err);
  if (st) { /* a shard of another build's options */
    yl_config_free(c);
    return st;
  }
  c->jobs = cfg->jobs;
  c->progress = cfg->progress;
  c->progress_ctx = cfg->progress_ctx;
  c->note = cfg->note;
  c->note_ctx = cfg->note_ctx;
  if (yl_config_set_command(c, cfg->command.n, (const char *const *)cfg->command.v)) {
    yl_config_free(c);
    return nomem(err);
  }
  *out = c;
  return YL_OK;
}

/* yl_analyze_paths, or with 'kr' the concordance only (no output folder: the spill
 * files, unlinked, go to 'out_dir'), or with 'sr' count or merge. */
static yl_status analysis(const yl_config *cfg, const char *const *paths, size_t n,
                          const char *out_dir, const kwic_run *kr, const shard_run *sr,
                          yl_analyze_summary *sum, yl_error *err) {
  double t0 = now_s();
  yl_error_clear(err);
  if (sum) memset(sum, 0, sizeof *sum);
  if (!cfg || !paths || !n || !(out_dir || (sr && sr->out)) || !sum)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "analyze: no input paths or no output folder");
  yl_config *own = NULL; /* a merge's: the shards' options */
  if (sr && sr->set) {
    yl_status st = merge_config(cfg, sr->set, &own, err);
    if (st) return st;
    cfg = own;
  }
  yl_setup *s = calloc(1, sizeof *s);
  if (!s) {
    yl_config_free(own);
    return nomem(err);
  }
  /* the tables go to a staging folder, the output folder's whole set replaced at the
   * end (yuliao/outdir.h); a shard is one file (yuliao/outfile.h) */
  yl_outdir *od = NULL;
  char spill_dir[PATH_MAX];
  if (sr && sr->out) out_dir = folder_of(sr->out, spill_dir, sizeof spill_dir);
  yl_status st = kr || (sr && sr->out) ? YL_OK : yl_outdir_open(out_dir, &od, err);
  if (!st && od) out_dir = yl_outdir_staging(od);
  const yl_strlist *kw = kr ? &kr->terms : &cfg->kwic;
  if (!st) st = yl_setup_reading(s, cfg, err);
  if (!st) st = yl_setup_filter(s, cfg, err);
  if (!st) st = yl_setup_idf(s, cfg, err);
  if (!st) st = yl_setup_aliases(s, cfg, err);
  if (!st) st = yl_setup_frames(s, cfg, err);
  /* a count reads it too: it is one of the data files its shard is made with */
  if (!st && !kr) st = setup_newwords(s, cfg, err);
  /* stop words given in Traditional characters meet the converted text too */
  if (!st && s->script && cfg->script == YL_SCRIPT_SIMPLIFIED) {
    yl_filter_stops *set = yl_filter_stopset(s->filter);
    size_t n0 = yl_filter_stops_count(set);
    for (size_t i = 0; !st && i < n0; i++) {
      size_t klen, clen;
      const char *k = yl_filter_stops_key(set, i, &klen);
      char *conv = NULL;
      st = yl_script_convert(s->script, k, klen, &conv, &clen);
      if (!st && (clen != klen || memcmp(conv, k, klen))) st = yl_filter_stops_add(set, conv, clen);
      free(conv);
      if (st == YL_ERR_UTF8) st = YL_OK; /* cannot be: the key was a word already */
    }
    if (st) st = st == YL_ERR_NOMEM ? nomem(err) : yl_error_set(err, st, NULL, 0, 0, "stop words: cannot be converted");
  }
  if (!st && sr && sr->set) st = yl_error_cause(err, yl_shard_set_list(sr->set, &s->list), NULL, 0, 0, NULL);
  else if (!st) st = yl_setup_walk(s, paths, n, err);
  /* what the shards were made with, and what this run reads */
  yl_buf settings = YL_BUF_INIT;
  yl_shard_job job = {sr ? sr->set : NULL, sr ? sr->out : NULL, NULL, 0, 0};
  if (!st && sr) st = yl_shard_fingerprint(cfg, s, &settings, &job.fingerprint, err);
  if (!st && sr && sr->set && job.fingerprint != sr->set->fingerprint)
    st = yl_error_set(err, YL_ERR_INVALID, paths[0], 0, 0,
                      "counted with other data files (dictionary, stop words, outlet table, "
                      "user dictionary …) than this machine has: merge where they are the same");
  job.settings = settings.data;
  job.settings_len = settings.len;
  /* --focus and --kwic terms given in Traditional characters meet the converted text */
  char **focus = NULL, **kwic = NULL;
  if (!st) st = converted_terms(s, cfg, &cfg->focus, "focus", &focus, err);
  if (!st) st = converted_terms(s, cfg, kw, "kwic", &kwic, err);
  if (!st) {
    yl_analyze_opts o;
    yl_analyze_opts_init(&o);
    o.ingest = s->ing;
    o.files = &s->list;
    o.dict = s->dict;
    o.filter = s->filter;
    o.out_dir = out_dir;
    o.csv_flags = yl_config_csv_flags(cfg);
    o.threads = (unsigned)cfg->jobs;
    o.no_hmm = cfg->no_hmm;
    o.group_by = (yl_analyze_group_by)cfg->group_by;
    o.kinds = cfg->kinds;
    o.outlet_stops = !cfg->no_outlet_stop;
    o.scheme = (yl_tfidf_scheme)cfg->scheme;
    o.idf_table = s->idf;
    o.script = s->script;
    o.script_keep = cfg->script != YL_SCRIPT_SIMPLIFIED;
    o.near_duplicates = cfg->exact_duplicates_only ? 0 : cfg->near_duplicates;
    o.tfidf_doc_top = (size_t)cfg->tfidf_doc_top;
    o.keywords = (size_t)cfg->keywords;
    o.wide_top = (size_t)cfg->wide_top;
    o.context = (yl_cooc_context)cfg->context;
    o.window = (unsigned)cfg->window;
    o.cooc_top = (size_t)cfg->cooc_top;
    o.focus = (const char *const *)(focus ? focus : cfg->focus.v);
    o.n_focus = cfg->focus.n;
    o.kwic = (const char *const *)(kwic ? kwic : kw->v);
    o.n_kwic = kw->n;
    o.period = cfg->period - 1; /* "none" is 0 in the option's names */
    o.trend_top = (size_t)cfg->trend_top;
    o.network_top = (size_t)cfg->network_top;
    o.network_measure = cfg->network_measure;
    o.dtm = cfg->dtm;
    o.collocations = cfg->collocations;
    o.colloc_min_count = cfg->colloc_min_count;
    o.colloc_top = (size_t)cfg->colloc_top;
    o.frames = s->frames;
    o.aliases = s->aliases;
    o.kwic_fn = kr ? kr->fn : NULL;
    o.kwic_ctx = kr ? kr->ctx : NULL;
    o.kwic_width = (unsigned)cfg->kwic_width;
    o.kwic_max = (size_t)cfg->kwic_max;
    o.cooc_min_count = cfg->cooc_min_count;
    o.alpha = cfg->alpha;
    o.sim_top = (size_t)cfg->sim_top;
    o.frequency_top = (size_t)cfg->frequency_top;
    o.tfidf_group_top = (size_t)cfg->tfidf_group_top;
    o.keyness_min_count = cfg->keyness_min_count;
    o.keyness_top = cfg->keyness_all ? 0 : (size_t)cfg->keyness_top;
    o.keyness_correction = (yl_g2_correction)cfg->keyness_correction;
    o.progress = cfg->progress ? run_progress : NULL;
    o.note = cfg->note ? run_note : NULL;
    o.cb_ctx = (void *)cfg;
    o.shard = sr ? &job : NULL;
    st = yl_analyze_run(&o, sum, err);
  }
  yl_buf_free(&settings);
  if (!st) sum->strict = cfg->strict;
  /* a missing focus term is named as it was given, not as converted */
  for (size_t k = 0; !st && focus && k < sum->focus_missing; k++) {
    char *t = strdup(cfg->focus.v[sum->focus_missing_at[k]]);
    if (!t) {
      st = nomem(err);
      break;
    }
    free(sum->focus_missing_terms[k]);
    sum->focus_missing_terms[k] = t;
  }
  free_terms(focus, cfg->focus.n);
  free_terms(kwic, kw->n);
  if (!od) { /* a concordance or a shard */
    yl_setup_clear(s);
    free(s);
    yl_config_free(own);
    return st;
  }
  if (!st && cfg->newwords) st = copy_newwords(cfg, out_dir, err);
  /* report.html from the committed tables (src/report/report.h) */
  if (!st && !cfg->no_report) {
    double t1 = now_s();
    st = yl_report_write(out_dir, cfg, sum, err);
    sum->report_seconds = now_s() - t1;
    sum->report_written = !st;
  }
  if (!st) st = yl_manifest_write(cfg, s, paths, n, out_dir, sum, now_s() - t0, err);
  yl_setup_clear(s);
  free(s);
  if (!st) st = yl_outdir_commit(od, err);
  else yl_outdir_abort(od, err);
  yl_config_free(own);
  return st;
}

yl_status yl_analyze_paths(const yl_config *cfg, const char *const *paths, size_t n,
                           const char *out_dir, yl_analyze_summary *sum, yl_error *err) {
  return analysis(cfg, paths, n, out_dir, NULL, NULL, sum, err);
}

yl_status yl_count_paths(const yl_config *cfg, const char *const *paths, size_t n,
                         const char *shard, yl_analyze_summary *sum, yl_error *err) {
  if (!shard) {
    yl_error_clear(err);
    if (sum) memset(sum, 0, sizeof *sum);
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "count: no shard file given");
  }
  shard_run sr = {NULL, shard};
  return analysis(cfg, paths, n, NULL, NULL, &sr, sum, err);
}

yl_status yl_merge_shards(const yl_config *cfg, const char *const *shards, size_t n,
                          const char *out_dir, const char *shard_out, yl_analyze_summary *sum,
                          yl_error *err) {
  yl_error_clear(err);
  if (sum) memset(sum, 0, sizeof *sum);
  if (!cfg || !sum || !shards || !n || !out_dir == !shard_out)
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0,
                        "merge: shards and either an output folder or a shard to write");
  yl_shard_set set;
  yl_status st = yl_shard_set_open(shards, n, &set, err);
  shard_run sr = {&set, shard_out};
  if (!st) st = analysis(cfg, shards, n, out_dir, NULL, &sr, sum, err);
  yl_shard_set_free(&set);
  return st;
}

yl_status yl_list_paths(const yl_config *cfg, const char *const *paths, size_t n,
                        void (*fn)(void *ctx, const char *path), void *ctx, yl_error *err) {
  yl_error_clear(err);
  if (!cfg || !paths || !fn) return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "no paths");
  yl_ingest_list l = {NULL, 0};
  /* the walk needs no table of the ingest: the same list as analyze's */
  yl_status st = yl_ingest_walk(NULL, paths, n, &l);
  for (size_t i = 0; !st && i < l.n; i++) fn(ctx, l.v[i].path);
  yl_ingest_list_clear(&l);
  return yl_error_cause(err, st, NULL, 0, 0, NULL);
}

yl_status yl_kwic_paths(const yl_config *cfg, const char *const *paths, size_t n,
                        const char *const *terms, size_t nterms, yl_kwic_fn fn, void *ctx,
                        yl_analyze_summary *sum, yl_error *err) {
  if (!terms || !nterms || !fn) {
    yl_error_clear(err);
    if (sum) memset(sum, 0, sizeof *sum);
    return yl_error_set(err, YL_ERR_INVALID, NULL, 0, 0, "kwic: no terms given");
  }
  kwic_run kr = {{(char **)terms, nterms}, fn, ctx};
  const char *tmp = getenv("TMPDIR");
  return analysis(cfg, paths, n, tmp && *tmp ? tmp : "/tmp", &kr, NULL, sum, err);
}
