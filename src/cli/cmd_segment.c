/* yuliao segment: jieba-identical word segmentation of text lines (python3 -m jieba). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "yuliao/config.h"
#include "yuliao/segment.h"

enum { KEY_USER = 256, KEY_DEL, KEY_DICTDIR, KEY_NOHMM, KEY_STATS };

static const yl_opt seg_opts[] = {
    {"no-hmm", KEY_NOHMM, NULL, "do not find unknown words with the HMM (jieba HMM=False)"},
    {"user-dict", KEY_USER, "FILE", "add the words of FILE (jieba format; repeatable)"},
    {"del-word", KEY_DEL, "WORD", "delete WORD from the dictionary (repeatable)"},
    {"delimiter", 'd', "DELIM", "join tokens with DELIM (default ' / ')"},
    {"dict-dir", KEY_DICTDIR, "DIR", "data folder (holds jieba/dict.txt, hmm.tsv)"},
    {"stats", KEY_STATS, NULL, "print load and segmentation timings on stderr"},
    YL_OPT_END};

typedef struct seg_args {
  int hmm, stats;
  const char *delim, *dict_dir;
  const char **user, **del;
  int nuser, ndel;
} seg_args;

static int on_opt(void *ctx, int key, const char *arg) {
  seg_args *a = ctx;
  switch (key) {
    case KEY_NOHMM: a->hmm = 0; break;
    case KEY_STATS: a->stats = 1; break;
    case 'd': a->delim = arg; break;
    case KEY_DICTDIR: a->dict_dir = arg; break;
    case KEY_USER: a->user[a->nuser++] = arg; break;
    case KEY_DEL: a->del[a->ndel++] = arg; break;
    default: return YL_EXIT_USAGE;
  }
  return 0;
}

typedef struct rej_ctx {
  const char *file;
  size_t n;
} rej_ctx;

static void on_reject(void *ctx, size_t line, const char *reason) {
  rej_ctx *r = ctx;
  r->n++;
  char nb[YL_CLI_NAME_MAX];
  yl_cli_err("%s:%zu: entry rejected: %s", yl_cli_name(r->file, nb, sizeof nb), line, reason);
}

static void on_note(void *ctx, const yl_error *note) {
  (void)ctx;
  char line[YL_ERROR_FORMAT_MAX];
  yl_cli_err("%s", yl_error_format(note, line, sizeof line));
}

/* Output buffer: one fwrite per 256 KiB instead of one per token. */
typedef struct obuf {
  char data[1 << 18];
  size_t len;
  int failed;
} obuf;

static void ob_flush(obuf *o) {
  if (o->len && fwrite(o->data, 1, o->len, stdout) != o->len) o->failed = 1;
  o->len = 0;
}

static void ob_put(obuf *o, const char *p, size_t n) {
  if (n > sizeof o->data - o->len) {
    ob_flush(o);
    if (n > sizeof o->data) {
      if (fwrite(p, 1, n, stdout) != n) o->failed = 1;
      return;
    }
  }
  memcpy(o->data + o->len, p, n);
  o->len += n;
}

/* Segments every line of 'in' (split on \n; trailing \r and \n removed, as
 * python3 -m jieba's rstrip('\r\n') does) onto 'out'. */
static int run_stream(FILE *in, const char *name, yl_segmenter *sg, const seg_args *a,
                      obuf *ob, size_t *bytes) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  size_t dl = strlen(a->delim);
  int rc = YL_EXIT_OK;
  char nb[YL_CLI_NAME_MAX]; /* the name shown in a message */
  while ((got = getline(&line, &cap, in)) >= 0) {
    /* a write that failed (a closed pipe with SIGPIPE ignored, a full disk) ends the
     * run: the output is lost anyway */
    if (ob->failed) {
      rc = YL_EXIT_OUTPUT;
      break;
    }
    size_t n = (size_t)got;
    *bytes += n;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    const yl_token *t;
    size_t nt;
    yl_status st = yl_segment(sg, line, n, a->hmm ? 0 : YL_SEG_NO_HMM, &t, &nt);
    if (st) {
      yl_cli_err("%s: %s", yl_cli_name(name, nb, sizeof nb), yl_strerror(st));
      rc = YL_EXIT_INTERNAL;
      break;
    }
    size_t need = n + (nt ? nt - 1 : 0) * dl + 1;
    if (need > sizeof ob->data - ob->len) ob_flush(ob);
    if (need <= sizeof ob->data - ob->len) {
      /* fast path: the whole line fits, copy without per-token checks */
      char *o = ob->data + ob->len;
      for (size_t i = 0; i < nt; i++) {
        if (i) {
          memcpy(o, a->delim, dl);
          o += dl;
        }
        memcpy(o, line + t[i].off, t[i].len);
        o += t[i].len;
      }
      *o++ = '\n';
      ob->len = (size_t)(o - ob->data);
    } else {
      for (size_t i = 0; i < nt; i++) {
        if (i) ob_put(ob, a->delim, dl);
        ob_put(ob, line + t[i].off, t[i].len);
      }
      ob_put(ob, "\n", 1);
    }
  }
  if (rc == YL_EXIT_OK && ferror(in)) {
    yl_cli_err("%s: read error: %s", yl_cli_name(name, nb, sizeof nb), strerror(errno));
    rc = YL_EXIT_INPUT;
  }
  free(line);
  return rc;
}

int yl_cmd_segment(int argc, char **argv) {
  seg_args a = {1, 0, " / ", NULL, NULL, NULL, 0, 0};
  a.user = calloc((size_t)argc + 1, sizeof *a.user);
  a.del = calloc((size_t)argc + 1, sizeof *a.del);
  yl_config *cfg = NULL;
  yl_dict *d = NULL;
  yl_segmenter *sg = NULL;
  int rc = YL_EXIT_OK, first = 0;
  if (!a.user || !a.del) {
    yl_cli_err("out of memory");
    rc = YL_EXIT_INTERNAL;
    goto done;
  }
  rc = yl_cli_parse(argc, argv, seg_opts, 0, NULL, on_opt, &a,
                    "yuliao segment [OPTIONS] [FILE...]",
                    "Segments each line of the FILEs (or standard input) into words exactly as\n"
                    "jieba 0.42.1 does, one output line per input line, tokens joined by DELIM.",
                    &first);
  if (rc) {
    if (rc < 0) rc = YL_EXIT_OK;
    goto done;
  }
  double t0 = yl_cli_now();
  yl_error err;
  if (yl_config_new(&cfg) || (a.dict_dir && yl_config_set_dict_dir(cfg, a.dict_dir))) {
    yl_cli_err("out of memory");
    rc = YL_EXIT_INTERNAL;
    goto done;
  }
  yl_config_set_note(cfg, on_note, NULL);
  yl_status st = yl_config_open_dict(cfg, &d, &err);
  if (st) {
    rc = yl_cli_fail(NULL, &err);
    goto done;
  }
  for (int i = 0; i < a.nuser; i++) {
    rej_ctx rj = {a.user[i], 0};
    size_t loaded;
    st = yl_dict_load_user(d, a.user[i], &loaded, on_reject, &rj, &err);
    if (st) {
      if (st != YL_ERR_NOMEM) err.code = YL_ERR_DICT; /* a data file, as analyze says */
      rc = yl_cli_fail(NULL, &err);
      goto done;
    }
    char nb[YL_CLI_NAME_MAX];
    yl_cli_err("%s: %zu entries loaded, %zu rejected", yl_cli_name(a.user[i], nb, sizeof nb),
               loaded, rj.n);
  }
  for (int i = 0; i < a.ndel; i++) {
    if (yl_dict_add_word(d, a.del[i], strlen(a.del[i]), 0, NULL)) {
      yl_cli_err("--del-word '%s': not a valid word", a.del[i]);
      rc = YL_EXIT_USAGE;
      goto done;
    }
  }
  double t1 = yl_cli_now();
  if ((st = yl_segmenter_new(d, &sg))) {
    yl_cli_err("%s", yl_strerror(st));
    rc = YL_EXIT_INTERNAL;
    goto done;
  }
  static obuf ob;
  size_t bytes = 0;
  int nread = 0;
  if (first >= argc) {
    rc = run_stream(stdin, "standard input", sg, &a, &ob, &bytes);
    nread = 1;
  } else {
    for (int i = first; i < argc && rc == YL_EXIT_OK; i++) {
      FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
      if (!f) {
        char nb[YL_CLI_NAME_MAX];
        yl_cli_err("%s: %s", yl_cli_name(argv[i], nb, sizeof nb), strerror(errno));
        continue;
      }
      /* a folder is reported and skipped like a missing file (its read error used to
       * end the run before the files after it) */
      struct stat sb;
      if (f != stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        char nb[YL_CLI_NAME_MAX];
        yl_cli_err("%s: is a folder (skipped)", yl_cli_name(argv[i], nb, sizeof nb));
        fclose(f);
        continue;
      }
      nread++;
      rc = run_stream(f, argv[i], sg, &a, &ob, &bytes);
      if (f != stdin) fclose(f);
      if (ob.failed) break;
    }
    if (!nread && rc == YL_EXIT_OK) rc = YL_EXIT_INPUT;
  }
  ob_flush(&ob);
  if (fflush(stdout) != 0 || ferror(stdout) || ob.failed) {
    yl_cli_err("writing output failed: %s", strerror(errno ? errno : EIO));
    if (rc == YL_EXIT_OK) rc = YL_EXIT_OUTPUT;
  }
  if (a.stats) {
    double t2 = yl_cli_now();
    fprintf(stderr, "yuliao: load %.2f ms, segment %zu bytes in %.3f s (%.1f MB/s)\n",
            (t1 - t0) * 1e3, bytes, t2 - t1, (double)bytes / 1e6 / (t2 - t1 > 0 ? t2 - t1 : 1e-9));
  }
done:
  yl_segmenter_free(sg);
  yl_dict_free(d);
  yl_config_free(cfg);
  free(a.user);
  free(a.del);
  return rc;
}
