/* Ingest stage: walk inputs, read one article file into a yl_doc (encoding, layout,
 * metadata, HTML → paragraphs, header block, captions, boilerplate). */
#include "yuliao/ingest.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/boiler.h"
#include "base/buf.h"
#include "ingest/date.h"
#include "ingest/frontmatter.h"
#include "ingest/html.h"
#include "yuliao/norm.h"

#define DEFAULT_MAX_SIZE (64u * 1024 * 1024)

struct yl_ingest {
  yl_outlets *outlets;
  yl_boiler *boiler;
  int outlet_from_folder;
  uint64_t max_size;
};

const char *yl_para_kind_name(yl_para_kind k) {
  return k == YL_PARA_CAPTION ? "caption" : k == YL_PARA_TITLE ? "title" : "body";
}

static char *path_join(const char *a, const char *b) {
  size_t al = strlen(a);
  yl_buf p = YL_BUF_INIT;
  yl_buf_put(&p, a, al);
  if (al && a[al - 1] != '/') yl_buf_putc(&p, '/');
  yl_buf_puts(&p, b);
  size_t l;
  return yl_buf_detach(&p, &l);
}

yl_status yl_ingest_new(const yl_ingest_opts *o, yl_ingest **out, char **errmsg) {
  if (errmsg) *errmsg = NULL;
  xmlInitParser(); /* idempotent; libxml2 wants it before parsing from many threads */
  yl_ingest *g = calloc(1, sizeof *g);
  if (!g) return YL_ERR_NOMEM;
  g->outlet_from_folder = o->outlet_from_folder;
  g->max_size = o->max_file_size ? o->max_file_size : DEFAULT_MAX_SIZE;
  yl_status st = yl_outlets_new(&g->outlets);
  if (!st) st = yl_boiler_new(&g->boiler);
  char *p = NULL;
  if (!st && !(p = path_join(o->dict_dir ? o->dict_dir : ".", "outlets.tsv"))) st = YL_ERR_NOMEM;
  if (!st) st = yl_outlets_load(g->outlets, p, errmsg);
  free(p);
  p = NULL;
  if (!st && !(p = path_join(o->dict_dir ? o->dict_dir : ".", "boilerplate.tsv")))
    st = YL_ERR_NOMEM;
  if (!st) st = yl_boiler_load(g->boiler, p, errmsg);
  free(p);
  if (!st && o->extra_outlets) st = yl_outlets_load(g->outlets, o->extra_outlets, errmsg);
  if (st) {
    if (st == YL_ERR_IO) st = YL_ERR_DICT;
    yl_ingest_free(g);
    return st;
  }
  *out = g;
  return YL_OK;
}

void yl_ingest_free(yl_ingest *g) {
  if (!g) return;
  yl_outlets_free(g->outlets);
  yl_boiler_free(g->boiler);
  free(g);
}

const yl_outlets *yl_ingest_outlets(const yl_ingest *g) { return g->outlets; }

/* ---- walking ---------------------------------------------------------------- */

typedef struct item {
  char *path;
  char *skip;
  dev_t dev;
  ino_t ino;
  int has_id;
} item;

typedef struct walk_state {
  item *v;
  size_t n, cap;
  struct { dev_t dev; ino_t ino; } *dirs;
  size_t nd, dcap;
  yl_status st;
} walk_state;

static void add_item(walk_state *w, const char *path, const char *skip, const struct stat *sb) {
  if (w->st) return;
  if (w->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 64;
    item *v = realloc(w->v, cap * sizeof *v);
    if (!v) {
      w->st = YL_ERR_NOMEM;
      return;
    }
    w->v = v, w->cap = cap;
  }
  item it = {strdup(path), skip ? strdup(skip) : NULL, 0, 0, 0};
  if (sb) it.dev = sb->st_dev, it.ino = sb->st_ino, it.has_id = 1;
  if (!it.path || (skip && !it.skip)) {
    free(it.path);
    free(it.skip);
    w->st = YL_ERR_NOMEM;
    return;
  }
  w->v[w->n++] = it;
}

static int supported_ext(const char *path) {
  static const char *const exts[] = {".txt", ".md", ".markdown", ".html", ".htm", NULL};
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (!dot) return 0;
  for (size_t i = 0; exts[i]; i++)
    if (!strcasecmp(dot, exts[i])) return 1;
  return 0;
}

static void walk_path(walk_state *w, const char *path, int named) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    char why[256];
    if (errno == ENOENT) snprintf(why, sizeof why, "not found");
    else if (errno == ELOOP) snprintf(why, sizeof why, "symbolic link loop");
    else snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
    add_item(w, path, why, NULL);
    return;
  }
  if (S_ISDIR(sb.st_mode)) {
    for (size_t i = 0; i < w->nd; i++)
      if (w->dirs[i].dev == sb.st_dev && w->dirs[i].ino == sb.st_ino) return; /* seen */
    if (w->nd == w->dcap) {
      size_t cap = w->dcap ? w->dcap * 2 : 16;
      void *d = realloc(w->dirs, cap * sizeof *w->dirs);
      if (!d) {
        w->st = YL_ERR_NOMEM;
        return;
      }
      w->dirs = d, w->dcap = cap;
    }
    w->dirs[w->nd].dev = sb.st_dev, w->dirs[w->nd].ino = sb.st_ino, w->nd++;
    DIR *d = opendir(path);
    if (!d) {
      char why[256];
      snprintf(why, sizeof why, "unreadable folder: %s", strerror(errno));
      add_item(w, path, why, NULL);
      return;
    }
    struct dirent *e;
    while (!w->st && (e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue; /* ., .., hidden files and folders */
      char *child = path_join(path, e->d_name);
      if (!child) {
        w->st = YL_ERR_NOMEM;
        break;
      }
      walk_path(w, child, 0);
      free(child);
    }
    closedir(d);
    return;
  }
  (void)named;
  if (!S_ISREG(sb.st_mode)) add_item(w, path, "not a regular file", &sb);
  else if (!supported_ext(path))
    add_item(w, path, "unsupported extension (read: .txt .md .markdown .html .htm)", &sb);
  else add_item(w, path, NULL, &sb);
}

static int cmp_item(const void *a, const void *b) {
  return strcmp(((const item *)a)->path, ((const item *)b)->path);
}

/* Orders item pointers by file identity, then by position (= path order). */
static int cmp_id(const void *a, const void *b) {
  const item *x = *(const item *const *)a, *y = *(const item *const *)b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino) return x->ino < y->ino ? -1 : 1;
  return x < y ? -1 : x > y;
}

void yl_ingest_list_clear(yl_ingest_list *l) {
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) free(l->v[i].path), free(l->v[i].skip);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

yl_status yl_ingest_walk(const yl_ingest *g, const char *const *paths, size_t n,
                         yl_ingest_list *out) {
  (void)g;
  walk_state w = {0};
  for (size_t i = 0; i < n && !w.st; i++) walk_path(&w, paths[i], 1);
  free(w.dirs);
  if (w.n) qsort(w.v, w.n, sizeof *w.v, cmp_item);
  /* The same path given twice is adjacent after sorting; the same file under two
   * names (links) shares device and inode: keep the first in path order. */
  unsigned char *dup = calloc(w.n ? w.n : 1, 1);
  item **byid = calloc(w.n ? w.n : 1, sizeof *byid);
  if (!dup || !byid) w.st = YL_ERR_NOMEM;
  size_t nid = 0;
  for (size_t i = 0; i < w.n && !w.st; i++) {
    if (i > 0 && !strcmp(w.v[i].path, w.v[i - 1].path)) dup[i] = 1;
    else if (w.v[i].has_id) byid[nid++] = &w.v[i];
  }
  if (!w.st && nid) qsort(byid, nid, sizeof *byid, cmp_id);
  for (size_t i = 1; i < nid && !w.st; i++)
    if (byid[i]->dev == byid[i - 1]->dev && byid[i]->ino == byid[i - 1]->ino)
      dup[byid[i] - w.v] = 1;
  free(byid);
  out->v = w.st ? NULL : calloc(w.n ? w.n : 1, sizeof *out->v);
  out->n = 0;
  if (!out->v) w.st = YL_ERR_NOMEM;
  for (size_t i = 0; i < w.n && !w.st; i++) {
    if (dup[i]) continue;
    out->v[out->n].path = w.v[i].path;
    out->v[out->n].skip = w.v[i].skip;
    w.v[i].path = w.v[i].skip = NULL;
    out->n++;
  }
  free(dup);
  for (size_t i = 0; i < w.n; i++) free(w.v[i].path), free(w.v[i].skip);
  free(w.v);
  if (w.st) yl_ingest_list_clear(out);
  return w.st;
}

/* ---- one file --------------------------------------------------------------- */

void yl_doc_free(yl_doc *d) {
  if (!d) return;
  free(d->path);
  free(d->note);
  free(d->outlet);
  free(d->outlet_name);
  free(d->title);
  free(d->author);
  free(d->url);
  free(d->encoding);
  for (size_t i = 0; i < d->n_paras; i++) free(d->paras[i].text);
  free(d->paras);
  free(d);
}

static yl_doc *doc_new(const char *path) {
  yl_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->path = strdup(path);
  d->note = strdup("");
  d->outlet = strdup("");
  d->outlet_name = strdup("");
  d->published_ms = d->archived_ms = YL_TIME_NONE;
  d->published_from = "";
  d->layout = "";
  if (!d->path || !d->note || !d->outlet || !d->outlet_name) {
    yl_doc_free(d);
    return NULL;
  }
  return d;
}

/* Appends a remark to the note ("; " between remarks). */
static yl_status note(yl_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static yl_status note(yl_doc *d, const char *fmt, ...) {
  yl_buf b = YL_BUF_INIT;
  yl_buf_puts(&b, d->note);
  if (*d->note) yl_buf_puts(&b, "; ");
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  yl_buf_puts(&b, tmp);
  size_t l;
  char *s = yl_buf_detach(&b, &l);
  if (!s) return YL_ERR_NOMEM;
  free(d->note);
  d->note = s;
  return YL_OK;
}

static yl_status skip(yl_doc *d, const char *reason) {
  d->status = YL_DOC_SKIPPED;
  return note(d, "%s", reason);
}

yl_status yl_ingest_skipped(const char *path, const char *reason, yl_doc **out) {
  yl_doc *d = doc_new(path);
  if (!d || skip(d, reason)) {
    yl_doc_free(d);
    return YL_ERR_NOMEM;
  }
  *out = d;
  return YL_OK;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static inline size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  /* Most of Chinese text: E1..EC and EE..EF leads take any two continuation bytes. */
  if (c >= 0xE1 && c <= 0xEF && c != 0xED && n >= 3 && (s[1] & 0xC0) == 0x80 &&
      (s[2] & 0xC0) == 0x80)
    return 3;
  size_t k;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) k = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) k = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) k = 4, cp = c & 0x07;
  else return 0;
  if (n < k) return 0;
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return k;
}

/* Counts valid multi-byte sequences and invalid bytes-sequences. */
static void utf8_scan(const char *t, size_t n, size_t *good, size_t *bad) {
  *good = *bad = 0;
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c < 0x80) {
      uint64_t w; /* eight ASCII bytes at a time */
      if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & UINT64_C(0x8080808080808080)))) i += 8;
      else i++;
      continue;
    }
    size_t k = utf8_seq(s + i, n - i);
    if (!k) (*bad)++, i++;
    else {
      if (k > 1) (*good)++;
      i += k;
    }
  }
}

/* Copies 't' with each invalid byte replaced by U+FFFD. */
static yl_status utf8_repair(const char *t, size_t n, yl_buf *out) {
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(s + i, n - i);
    yl_status st = k ? yl_buf_put(out, t + i, k) : yl_buf_put(out, "\xEF\xBF\xBD", 3);
    if (st) return st;
    i += k ? k : 1;
  }
  return YL_OK;
}

/* Strict conversion of the whole text to UTF-8; YL_ERR_ENCODING on any bad byte. */
static yl_status convert(const char *from, const char *t, size_t n, yl_buf *out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return YL_ERR_ENCODING;
  yl_status st = YL_OK;
  char *in = (char *)t;
  size_t left = n;
  while (left && !st) {
    char chunk[8192], *o = chunk;
    size_t ol = sizeof chunk;
    size_t r = iconv(cd, &in, &left, &o, &ol);
    if (o > chunk) st = yl_buf_put(out, chunk, (size_t)(o - chunk));
    if (r == (size_t)-1 && errno != E2BIG) st = st ? st : YL_ERR_ENCODING;
  }
  iconv_close(cd);
  if (!st && !out->data) st = yl_buf_put(out, "", 0);
  return st;
}

/* Share of CJK unified ideographs among the non-ASCII code points, in per mille:
 * a wrong double-byte guess produces kana, symbols and rare blocks instead. */
static unsigned cjk_share(const char *t, size_t n) {
  size_t cjk = 0, other = 0;
  const unsigned char *s = (const unsigned char *)t;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(s + i, n - i);
    if (!k) k = 1;
    if (k == 3) {
      unsigned cp = (unsigned)(s[i] & 0x0F) << 12 | (unsigned)(s[i + 1] & 0x3F) << 6 |
                    (s[i + 2] & 0x3F);
      if (cp >= 0x4E00 && cp <= 0x9FFF) cjk++;
      else if (!(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF)) other++;
    } else if (k > 1) other++;
    i += k;
  }
  return cjk + other ? (unsigned)(cjk * 1000 / (cjk + other)) : 0;
}

/* The charset named in the first 4 KiB (<meta charset=…>, charset=…, encoding=…). */
static int declared_charset(const char *t, size_t n, char *cs, size_t cap) {
  size_t lim = n < 4096 ? n : 4096;
  static const char *const keys[] = {"charset=", "encoding=", NULL};
  for (size_t i = 0; i < lim; i++)
    for (size_t k = 0; keys[k]; k++) {
      size_t kl = strlen(keys[k]);
      if (i + kl >= lim || strncasecmp(t + i, keys[k], kl)) continue;
      size_t j = i + kl, m = 0;
      while (j < lim && (t[j] == '"' || t[j] == '\'' || t[j] == ' ')) j++;
      while (j < lim && m + 1 < cap &&
             ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z') ||
              (t[j] >= '0' && t[j] <= '9') || t[j] == '-' || t[j] == '_'))
        cs[m++] = t[j++];
      cs[m] = '\0';
      if (m) return 1;
    }
  return 0;
}

/* UTF-8 with some bad bytes: keep the text, each bad byte as U+FFFD, and count. */
static yl_status repair_utf8(yl_doc *d, const char *raw, size_t n, size_t bad, yl_buf *out) {
  d->n_invalid = bad;
  yl_status st = utf8_repair(raw, n, out);
  return st ? st : note(d, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad,
                       bad == 1 ? "" : "s");
}

/* Turns the raw bytes into valid UTF-8 in 'out', or records why not (skip). Text that
 * is valid UTF-8 already is not copied: '*view'/'*vlen' give it inside 'raw' then
 * ('*view' is NULL otherwise). */
static yl_status decode(yl_doc *d, const char *raw, size_t n, yl_buf *out, const char **view,
                        size_t *vlen) {
  *view = NULL;
  if (n >= 2 && ((raw[0] == '\xFF' && raw[1] == '\xFE') || (raw[0] == '\xFE' && raw[1] == '\xFF'))) {
    const char *enc = raw[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    yl_status st = convert(enc, raw + 2, n - 2, out);
    if (st == YL_ERR_NOMEM) return st;
    if (st) return skip(d, "UTF-16 byte order mark but invalid UTF-16");
    if (!(d->encoding = strdup(enc))) return YL_ERR_NOMEM;
    return note(d, "decoded from %s", enc);
  }
  if (n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) raw += 3, n -= 3;
  if (memchr(raw, '\0', n)) return skip(d, "binary file (NUL bytes)");
  size_t good, bad;
  utf8_scan(raw, n, &good, &bad);
  if (!bad) {
    *view = raw, *vlen = n;
    return YL_OK;
  }
  char cs[64];
  if (declared_charset(raw, n, cs, sizeof cs) && strncasecmp(cs, "utf", 3)) {
    yl_status st = convert(cs, raw, n, out);
    if (st == YL_ERR_NOMEM) return st;
    if (!st) {
      if (!(d->encoding = strdup(cs))) return YL_ERR_NOMEM;
      return note(d, "decoded from %s (declared)", cs);
    }
    yl_buf_clear(out);
  }
  if (bad * 10 <= good) return repair_utf8(d, raw, n, bad, out);
  static const char *const guesses[] = {"GB18030", "BIG5-HKSCS", NULL};
  yl_buf best = YL_BUF_INIT;
  const char *best_enc = NULL;
  unsigned best_share = 0;
  for (size_t i = 0; guesses[i]; i++) {
    yl_buf b = YL_BUF_INIT;
    yl_status st = convert(guesses[i], raw, n, &b);
    if (st == YL_ERR_NOMEM) {
      yl_buf_free(&b);
      yl_buf_free(&best);
      return st;
    }
    unsigned share = st ? 0 : cjk_share(b.data, b.len);
    if (!st && (!best_enc || share > best_share)) {
      yl_buf_free(&best);
      best = b, best_enc = guesses[i], best_share = share;
    } else yl_buf_free(&b);
  }
  if (!best_enc || best_share < 500) {
    yl_buf_free(&best);
    /* No legacy encoding fits, but more valid UTF-8 sequences than bad bytes: a
     * damaged UTF-8 file (short files reach the 10 % bound with a few bad bytes). */
    if (good > bad) return repair_utf8(d, raw, n, bad, out);
    return skip(d, "not UTF-8 and encoding unknown");
  }
  yl_buf_free(out);
  *out = best;
  if (!(d->encoding = strdup(best_enc))) return YL_ERR_NOMEM;
  return note(d, "decoded from %s (guessed)", best_enc);
}

static int looks_html(const char *t, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    if (t[i] == '<' && ((t[i + 1] >= 'a' && t[i + 1] <= 'z') ||
                        (t[i + 1] >= 'A' && t[i + 1] <= 'Z') || t[i + 1] == '/' ||
                        t[i + 1] == '!'))
      return 1;
  return 0;
}

static yl_status add_para(yl_html_doc *h, size_t *cap, const char *s, size_t n, unsigned flags) {
  char *out;
  size_t olen;
  yl_status st = yl_norm_text(s, n, &out, &olen, &h->n_invalid);
  if (st) return st;
  if (!olen) {
    free(out);
    return YL_OK;
  }
  if (h->n == *cap) {
    size_t c = *cap ? *cap * 2 : 32;
    yl_html_para *p = realloc(h->paras, c * sizeof *p);
    if (!p) {
      free(out);
      return YL_ERR_NOMEM;
    }
    h->paras = p, *cap = c;
  }
  h->paras[h->n++] = (yl_html_para){out, olen, flags};
  return YL_OK;
}

/* Plain text: one paragraph per non-blank line; "# " Markdown headings lose their
 * marks and count as headings. The first line is the title (YL_HTML_LEADING marks
 * it) when it is a heading, or when it is followed by a blank line, is at most 60
 * characters and does not end like a sentence. */
static yl_status text_paras(const char *t, size_t n, yl_html_doc *h) {
  memset(h, 0, sizeof *h);
  size_t cap = 0;
  int title_done = 0;
  for (size_t pos = 0; pos < n;) {
    const char *nl = memchr(t + pos, '\n', n - pos);
    size_t e = nl ? (size_t)(nl - t) : n;
    const char *l = t + pos;
    size_t ll = e - pos;
    unsigned f = 0;
    size_t hashes = 0;
    while (hashes < ll && hashes < 6 && l[hashes] == '#') hashes++;
    if (hashes && hashes < ll && l[hashes] == ' ') l += hashes, ll -= hashes, f = YL_HTML_HEADING;
    if (h->n == 0 && !title_done && strspn(l, " \t\r") < ll) {
      title_done = 1;
      size_t after = nl ? e + 1 : n;
      while (after < n && (t[after] == ' ' || t[after] == '\t' || t[after] == '\r')) after++;
      int blank_next = after >= n || t[after] == '\n';
      size_t cl = ll;
      while (cl && (l[cl - 1] == ' ' || l[cl - 1] == '\r' || l[cl - 1] == '\t')) cl--;
      int sentence = (cl >= 3 && (!memcmp(l + cl - 3, "。", 3) || !memcmp(l + cl - 3, "！", 3) ||
                                  !memcmp(l + cl - 3, "？", 3))) ||
                     (cl && strchr(".!?", l[cl - 1]));
      size_t cps = 0;
      for (size_t i = 0; i < cl; i++) cps += ((unsigned char)l[i] & 0xC0) != 0x80;
      if (f == YL_HTML_HEADING || (blank_next && !sentence && cps <= 60 && cps > 0))
        f |= YL_HTML_LEADING;
    }
    yl_status st = add_para(h, &cap, l, ll, f);
    if (st) {
      yl_html_doc_clear(h);
      return st;
    }
    pos = e + 1;
  }
  return YL_OK;
}

static char *norm_dup(const char *s, size_t n) {
  char *out;
  size_t olen;
  if (yl_norm_text(s, n, &out, &olen, NULL)) return NULL;
  return out;
}

/* Parent folder name of 'path' ("" when none). */
static char *parent_name(const char *path) {
  char *p = strdup(path);
  if (!p) return NULL;
  char *slash = strrchr(p, '/');
  if (!slash) {
    free(p);
    return strdup("");
  }
  *slash = '\0';
  while (slash > p && slash[-1] == '/') *--slash = '\0';
  char *base = strrchr(p, '/');
  char *r = strdup(base ? base + 1 : p);
  free(p);
  return r;
}

static yl_status set_str(char **slot, const char *v) {
  char *s = strdup(v ? v : "");
  if (!s) return YL_ERR_NOMEM;
  free(*slot);
  *slot = s;
  return YL_OK;
}

static yl_status set_outlet(const yl_ingest *g, yl_doc *d) {
  yl_status st;
  if (g->outlet_from_folder) {
    char *folder = parent_name(d->path);
    if (!folder) return YL_ERR_NOMEM;
    if (*folder) {
      const yl_outlet *o = yl_outlets_by_id(g->outlets, folder);
      st = set_str(&d->outlet, folder);
      if (!st) st = set_str(&d->outlet_name, o ? o->name : folder);
      d->found |= YL_FIELD_OUTLET;
      free(folder);
      return st;
    }
    free(folder);
  }
  if (d->url) {
    const yl_outlet *o = yl_outlets_match(g->outlets, d->url);
    if (o) {
      d->found |= YL_FIELD_OUTLET;
      st = set_str(&d->outlet, o->id);
      return st ? st : set_str(&d->outlet_name, o->name);
    }
    char *host = yl_outlets_host(d->url);
    if (host) {
      st = set_str(&d->outlet, host);
      if (!st) st = set_str(&d->outlet_name, host);
      if (!st) st = note(d, "host %s not in the outlet table", host);
      free(host);
      return st;
    }
  }
  st = set_str(&d->outlet, "unknown");
  return st ? st : set_str(&d->outlet_name, "unknown");
}

/* A paragraph of closing punctuation only ("。" after a stray </p>). */
static int only_closing_punct(const char *s, size_t n) {
  static const char *const marks[] = {"。", "，", "、", "！", "？", "；", "：", "」", "』", "”",
                                      "’", "）", ".", ",", "!", "?", ";", ":", ")", NULL};
  size_t i = 0;
  while (i < n) {
    size_t k = 0;
    for (size_t m = 0; marks[m]; m++) {
      if (marks[m][0] != s[i]) continue; /* most paragraphs fail at the first byte */
      size_t ml = strlen(marks[m]);
      if (ml <= n - i && !memcmp(s + i, marks[m], ml)) k = ml;
    }
    if (s[i] == ' ') k = 1;
    if (!k) return 0;
    i += k;
  }
  return n > 0;
}

/* A short dateline such as "华盛顿 —" that belongs to the next paragraph. */
static int is_dateline(const char *s, size_t n) {
  if (n > 40) return 0;
  return (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x94", 3)) || /* — */
         (n >= 2 && !memcmp(s + n - 2, "--", 2)) ||
         (n >= 3 && !memcmp(s + n - 3, "\xEF\xBC\x8D", 3)); /* － */
}

static yl_status concat(char **dst, size_t *dlen, const char *a, size_t al, const char *sep,
                        const char *b, size_t bl) {
  yl_buf x = YL_BUF_INIT;
  yl_buf_put(&x, a, al);
  yl_buf_puts(&x, sep);
  yl_buf_put(&x, b, bl);
  char *s = yl_buf_detach(&x, dlen);
  if (!s) return YL_ERR_NOMEM;
  free(*dst);
  *dst = s;
  return YL_OK;
}

static size_t count_cp(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Header block: leading italic paragraphs holding a date (and maybe an author). */
static void header_block(yl_doc *d, yl_html_doc *h, unsigned char *drop, int64_t *hdate,
                         char **hauthor) {
  size_t end = 0;
  while (end < h->n && (h->paras[end].flags & YL_HTML_LEADING)) end++;
  int has_date = 0;
  int64_t ms;
  for (size_t i = 0; i < end; i++)
    if (yl_date_any(h->paras[i].text, h->paras[i].len, &ms) == YL_OK) {
      if (!has_date) *hdate = ms;
      has_date = 1;
    }
  (void)d;
  if (!has_date) return;
  for (size_t i = 0; i < end; i++) {
    if (yl_date_any(h->paras[i].text, h->paras[i].len, &ms) != YL_OK && !*hauthor)
      *hauthor = strdup(h->paras[i].text);
    drop[i] = 1;
  }
}

static yl_status build(const yl_ingest *g, yl_doc *d, const char *t, size_t n) {
  yl_status st;
  yl_fm fm = {0};
  size_t pos = 0;
  const char *ltitle = NULL, *lurl = NULL;
  size_t ltl = 0, lul = 0;
  int64_t stamp;
  int is_a = 0, is_b = 0;
  st = yl_fm_parse(t, n, &fm, &pos);
  if (st == YL_ERR_NOMEM) return st;
  if (st == YL_OK) is_a = 1;
  else {
    pos = 0;
    if (st == YL_ERR_PARSE && (st = note(d, "front matter not closed: read as body"))) return st;
  }
  if (yl_fm_stamp(t, n, &pos, &stamp)) d->archived_ms = stamp, d->found |= YL_FIELD_ARCHIVED, is_b = 1;
  if (yl_fm_linkline(t, n, &pos, &ltitle, &ltl, &lurl, &lul)) {
    is_b = 1;
    yl_fm_rule(t, n, &pos);
  }
  const char *body = t + pos;
  size_t blen = n - pos;
  const char *dot = strrchr(d->path, '.');
  int html_ext = dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
  int as_html = looks_html(body, blen);
  d->layout = is_a ? "A" : is_b ? "B" : (as_html || html_ext) ? "html" : "text";
  if (html_ext && !is_a && !is_b) as_html = 1;

  yl_html_doc h; /* decode left the text valid UTF-8 */
  st = as_html ? yl_html_parse_with(body, blen, YL_HTML_VALID_UTF8, &h)
               : text_paras(body, blen, &h);
  if (st) {
    yl_fm_clear(&fm);
    return st;
  }
  d->n_invalid += h.n_invalid;
  if (!as_html && h.n && (h.paras[0].flags & YL_HTML_LEADING)) { /* plain-text title line */
    if (!h.title && !(h.title = strdup(h.paras[0].text))) st = YL_ERR_NOMEM;
    h.paras[0].flags = 0;
  }
  /* metadata, first source wins */
  if (fm.title) d->title = norm_dup(fm.title, strlen(fm.title));
  else if (ltitle && ltl) d->title = norm_dup(ltitle, ltl);
  else if (h.title) d->title = strdup(h.title);
  if (fm.url) d->url = norm_dup(fm.url, strlen(fm.url));
  else if (lurl && lul) d->url = norm_dup(lurl, lul);
  else if (h.canonical) d->url = norm_dup(h.canonical, strlen(h.canonical));
  if (fm.author) d->author = norm_dup(fm.author, strlen(fm.author));
  if (d->title && !*d->title) free(d->title), d->title = NULL;
  if (d->url && !*d->url) free(d->url), d->url = NULL;
  if (d->author && !*d->author) free(d->author), d->author = NULL;
  unsigned char *drop = calloc(h.n ? h.n : 1, 1);
  if (!drop) st = YL_ERR_NOMEM;
  int64_t hdate = YL_TIME_NONE;
  char *hauthor = NULL;
  if (!st) header_block(d, &h, drop, &hdate, &hauthor);
  if (!st && !d->author && hauthor) d->author = hauthor, hauthor = NULL;
  free(hauthor);
  int64_t ms;
  if (!st && fm.date) {
    if (yl_date_any(fm.date, strlen(fm.date), &ms) == YL_OK)
      d->published_ms = ms, d->published_from = "front-matter";
    else st = note(d, "front matter date not understood: %.60s", fm.date);
  }
  if (!st && d->published_ms == YL_TIME_NONE && hdate != YL_TIME_NONE)
    d->published_ms = hdate, d->published_from = "header";
  if (!st && d->published_ms == YL_TIME_NONE && d->archived_ms != YL_TIME_NONE)
    d->published_ms = d->archived_ms, d->published_from = "stamp";
  yl_fm_clear(&fm);
  if (!st) st = set_outlet(g, d);
  if (!st) d->n_boiler = yl_boiler_apply(g->boiler, d->outlet, h.paras, h.n, drop);
  /* merge stray punctuation into the paragraph before; datelines into the one after */
  size_t prev = SIZE_MAX;
  for (size_t i = 0; i < h.n && !st; i++) {
    if (drop[i]) continue;
    yl_html_para *p = &h.paras[i];
    if (prev != SIZE_MAX && !(p->flags & YL_HTML_CAPTION) &&
        only_closing_punct(p->text, p->len)) {
      yl_html_para *q = &h.paras[prev];
      st = concat(&q->text, &q->len, q->text, q->len, "", p->text, p->len);
      drop[i] = 1;
      continue;
    }
    prev = (p->flags & YL_HTML_CAPTION) ? prev : i;
  }
  for (size_t i = 0; i < h.n && !st; i++) {
    if (drop[i] || (h.paras[i].flags & YL_HTML_CAPTION) || !is_dateline(h.paras[i].text, h.paras[i].len))
      continue;
    size_t j = i + 1;
    while (j < h.n && (drop[j] || (h.paras[j].flags & YL_HTML_CAPTION))) j++;
    if (j == h.n) continue;
    yl_html_para *p = &h.paras[i], *q = &h.paras[j];
    st = concat(&q->text, &q->len, p->text, p->len, " ", q->text, q->len);
    drop[i] = 1;
  }
  /* a body heading repeating the title (plain HTML pages) is the title */
  for (size_t i = 0; i < h.n && !st && d->title; i++) {
    if (drop[i] || (h.paras[i].flags & YL_HTML_CAPTION)) continue;
    if (!strcmp(h.paras[i].text, d->title)) drop[i] = 1;
    break;
  }
  size_t keep = 0;
  for (size_t i = 0; i < h.n; i++) keep += !drop[i];
  if (!st && !(d->paras = calloc(keep + 1, sizeof *d->paras))) st = YL_ERR_NOMEM;
  if (!st && d->title) {
    d->paras[0] = (yl_para){YL_PARA_TITLE, strdup(d->title), strlen(d->title)};
    if (!d->paras[0].text) st = YL_ERR_NOMEM;
    else d->n_paras = 1;
  }
  for (size_t i = 0; i < h.n && !st; i++) {
    if (drop[i]) continue;
    yl_para_kind k = (h.paras[i].flags & YL_HTML_CAPTION) ? YL_PARA_CAPTION : YL_PARA_BODY;
    d->paras[d->n_paras++] = (yl_para){k, h.paras[i].text, h.paras[i].len};
    h.paras[i].text = NULL;
  }
  for (size_t i = 0; i < d->n_paras; i++) d->n_chars += count_cp(d->paras[i].text, d->paras[i].len);
  free(drop);
  yl_html_doc_clear(&h);
  if (st) return st;
  if (d->title) d->found |= YL_FIELD_TITLE;
  if (d->url) d->found |= YL_FIELD_URL;
  if (d->author) d->found |= YL_FIELD_AUTHOR;
  if (d->published_ms != YL_TIME_NONE && strcmp(d->published_from, "stamp"))
    d->found |= YL_FIELD_PUBLISHED;
  if (d->n_paras == 0) return skip(d, "no text found");
  return YL_OK;
}

static const char *errno_reason(int err, char *buf, size_t cap) {
  if (err == ENOENT) return "not found";
  if (err == EACCES || err == EPERM) return "unreadable (permission denied)";
  snprintf(buf, cap, "unreadable: %s", strerror(err));
  return buf;
}

yl_status yl_ingest_file(const yl_ingest *g, const char *path, yl_doc **out) {
  yl_doc *d = doc_new(path);
  if (!d) return YL_ERR_NOMEM;
  yl_status st = YL_OK;
  char why[300];
  yl_buf raw = YL_BUF_INIT, text = YL_BUF_INIT;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat sb;
  if (fd < 0) {
    st = skip(d, errno_reason(errno, why, sizeof why));
    goto done;
  }
  if (fstat(fd, &sb) != 0) {
    st = skip(d, errno_reason(errno, why, sizeof why));
    goto done;
  }
  if (S_ISDIR(sb.st_mode)) {
    st = skip(d, "is a folder");
    goto done;
  }
  if ((uint64_t)sb.st_size > g->max_size) {
    snprintf(why, sizeof why, "too large (%lld bytes, limit %llu)", (long long)sb.st_size,
             (unsigned long long)g->max_size);
    st = skip(d, why);
    goto done;
  }
  /* The size known from fstat, plus one byte to see the end (the file may grow): a
   * fixed 64 KiB step made every file a 128 KiB allocation, whose free() made glibc
   * consolidate its free lists each time. */
  if ((st = yl_buf_reserve(&raw, (size_t)sb.st_size + 1))) goto done;
  for (;;) {
    if (raw.cap - raw.len < 2 && (st = yl_buf_reserve(&raw, 65536))) goto done;
    ssize_t r = read(fd, raw.data + raw.len, raw.cap - raw.len - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      st = skip(d, errno_reason(errno, why, sizeof why));
      goto done;
    }
    if (r == 0) break;
    raw.len += (size_t)r;
    if (raw.len > g->max_size) { /* grew while reading */
      st = skip(d, "too large");
      goto done;
    }
  }
  if (raw.len == 0) {
    st = skip(d, "empty file");
    goto done;
  }
  raw.data[raw.len] = '\0'; /* read() left room for it; decode may hand 'raw' on as text */
  const char *t;
  size_t tn = 0;
  if ((st = decode(d, raw.data, raw.len, &text, &t, &tn)) || d->status == YL_DOC_SKIPPED)
    goto done;
  if (!t) t = text.data ? text.data : "", tn = text.len;
  size_t i = 0;
  while (i < tn && strchr(" \t\r\n", t[i])) i++;
  if (i == tn) {
    st = skip(d, "empty file (only white space)");
    goto done;
  }
  st = build(g, d, t, tn);
done:
  if (fd >= 0) close(fd);
  yl_buf_free(&raw);
  yl_buf_free(&text);
  if (st) {
    yl_doc_free(d);
    return st;
  }
  *out = d;
  return YL_OK;
}

const char *yl_doc_status_name(yl_doc_status s) {
  switch (s) {
  case YL_DOC_ANALYSED: return "analysed";
  case YL_DOC_SKIPPED: return "skipped";
  case YL_DOC_DUPLICATE: return "duplicate";
  }
  return "?";
}
