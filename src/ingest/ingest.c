/* Ingest stage: one article file → a yl_doc. yl_ingest_file reads the file, has it
 * decoded (decode.c), finds its layout (front matter, stamp, link line: frontmatter.c),
 * turns the body into paragraphs (html.c, or plain.c for plain text), takes the
 * metadata (meta.c), removes boilerplate (boiler.c) and mends paragraph breaks. The
 * inputs are walked in walk.c; the doc record is doc.c's. */
#include "yuliao/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "base/error.h"
#include "ingest/boiler.h"
#include "ingest/decode.h"
#include "ingest/doc.h"
#include "ingest/frontmatter.h"
#include "ingest/html.h"
#include "ingest/meta.h"
#include "ingest/plain.h"
#include "ingest/walk.h"
#include "yuliao/script.h"

#define DEFAULT_MAX_SIZE (64u * 1024 * 1024)

struct yl_ingest {
  yl_outlets *outlets;
  yl_boiler *boiler;
  yl_script *script; /* boilerplate also meets the converted text (NULL: as written) */
  int outlet_from_folder;
  uint64_t max_size;
};

yl_status yl_ingest_new(const yl_ingest_opts *o, yl_ingest **out, yl_error *err) {
  yl_error_clear(err);
  xmlInitParser(); /* idempotent; libxml2 wants it before parsing from many threads */
  yl_ingest *g = calloc(1, sizeof *g);
  if (!g) return yl_error_cause(err, YL_ERR_NOMEM, NULL, 0, 0, NULL);
  g->outlet_from_folder = o->outlet_from_folder;
  g->max_size = o->max_file_size ? o->max_file_size : DEFAULT_MAX_SIZE;
  yl_status st = yl_outlets_new(&g->outlets);
  if (!st) st = yl_boiler_new(&g->boiler);
  char *p = NULL;
  if (!st && !(p = yl_path_join(o->dict_dir ? o->dict_dir : ".", "outlets.tsv"))) st = YL_ERR_NOMEM;
  if (!st) st = yl_outlets_load(g->outlets, p, err);
  free(p);
  p = NULL;
  if (!st && !(p = yl_path_join(o->dict_dir ? o->dict_dir : ".", "boilerplate.tsv")))
    st = YL_ERR_NOMEM;
  if (!st) st = yl_boiler_load(g->boiler, p, err);
  free(p);
  if (!st && o->extra_outlets) st = yl_outlets_load(g->outlets, o->extra_outlets, err);
  if (st) {
    yl_error_cause(err, st, NULL, 0, 0, NULL); /* out of memory here, not in a loader */
    /* a table that cannot be read is a data error, as a malformed one is */
    if (st == YL_ERR_IO) st = YL_ERR_DICT;
    if (err) err->code = st;
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

void yl_ingest_set_script(yl_ingest *ing, yl_script *script) { ing->script = script; }

const yl_outlets *yl_ingest_outlets(const yl_ingest *g) { return g->outlets; }

static int looks_html(const char *t, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    if (t[i] == '<' && ((t[i + 1] >= 'a' && t[i + 1] <= 'z') ||
                        (t[i + 1] >= 'A' && t[i + 1] <= 'Z') || t[i + 1] == '/' ||
                        t[i + 1] == '!'))
      return 1;
  return 0;
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
  if (yl_buf_put(&x, a, al) || yl_buf_puts(&x, sep) || yl_buf_put(&x, b, bl)) {
    yl_buf_free(&x);
    return YL_ERR_NOMEM;
  }
  char *s = yl_buf_detach(&x, dlen);
  if (!s) return YL_ERR_NOMEM;
  free(*dst);
  *dst = s;
  return YL_OK;
}

/* Paragraph breaks that the page put in the wrong place: stray punctuation joins the
 * paragraph before, a dateline the one after (captions are left alone); a first
 * paragraph repeating the title goes. Joined and repeated paragraphs are marked in
 * 'drop'. */
static void forget(yl_para_form *cv, size_t i) {
  if (!cv) return;
  free(cv[i].conv);
  cv[i] = (yl_para_form){0};
}

static yl_status mend_breaks(const yl_doc *d, yl_html_doc *h, unsigned char *drop, yl_para_form *cv) {
  yl_status st = YL_OK;
  size_t prev = SIZE_MAX;
  for (size_t i = 0; i < h->n && !st; i++) {
    if (drop[i]) continue;
    yl_html_para *p = &h->paras[i];
    if (prev != SIZE_MAX && !(p->flags & YL_HTML_CAPTION) &&
        only_closing_punct(p->text, p->len)) {
      yl_html_para *q = &h->paras[prev];
      st = concat(&q->text, &q->len, q->text, q->len, "", p->text, p->len);
      forget(cv, prev);
      drop[i] = 1;
      continue;
    }
    prev = (p->flags & YL_HTML_CAPTION) ? prev : i;
  }
  for (size_t i = 0; i < h->n && !st; i++) {
    if (drop[i] || (h->paras[i].flags & YL_HTML_CAPTION) ||
        !is_dateline(h->paras[i].text, h->paras[i].len))
      continue;
    size_t j = i + 1;
    while (j < h->n && (drop[j] || (h->paras[j].flags & YL_HTML_CAPTION))) j++;
    if (j == h->n) continue;
    yl_html_para *p = &h->paras[i], *q = &h->paras[j];
    st = concat(&q->text, &q->len, p->text, p->len, " ", q->text, q->len);
    forget(cv, j);
    drop[i] = 1;
  }
  /* a body heading repeating the title (plain HTML pages) is the title */
  for (size_t i = 0; i < h->n && !st && d->title; i++) {
    if (drop[i] || (h->paras[i].flags & YL_HTML_CAPTION)) continue;
    if (!strcmp(h->paras[i].text, d->title)) drop[i] = 1;
    break;
  }
  return st;
}

/* A paragraph's text as counted under the ingest's script, into 'c': scanned, and converted
 * when it holds a Traditional-only character. */
static yl_status count_form(const yl_ingest *g, const char *text, size_t len, yl_para_form *c) {
  *c = (yl_para_form){0};
  c->scanned = 1;
  yl_script_scan(g->script, text, len, &c->han, &c->trad);
  if (!c->trad) return YL_OK;
  yl_status st = yl_script_convert(g->script, text, len, &c->conv, &c->conv_len);
  return st == YL_ERR_UTF8 ? YL_OK : st; /* cannot be: the text is valid UTF-8 */
}

/* The boilerplate rules once more on the paragraphs that hold a Traditional-only
 * character, converted (the rules are Simplified; a Traditional copyright line or feed
 * footer is boilerplate too). The scans and conversions stay in 'cv' for take_paras,
 * except where mend_breaks joins paragraphs (forget). */
static yl_status boiler_converted(const yl_ingest *g, yl_doc *d, const yl_html_doc *h,
                                  unsigned char *drop, yl_para_form *cv) {
  yl_html_para *alt = NULL;
  yl_status st = YL_OK;
  for (size_t i = 0; i < h->n && !st; i++) {
    if (drop[i]) continue;
    st = count_form(g, h->paras[i].text, h->paras[i].len, &cv[i]);
    if (st || !cv[i].conv) continue;
    if (!alt) {
      if (!(alt = malloc(h->n * sizeof *alt))) return YL_ERR_NOMEM;
      for (size_t k = 0; k < h->n; k++) alt[k] = h->paras[k]; /* shallow: the same text */
    }
    alt[i].text = cv[i].conv;
    alt[i].len = cv[i].conv_len;
  }
  if (!st && alt) d->n_boiler += yl_boiler_apply(g->boiler, d->outlet, alt, h->n, drop);
  free(alt);
  return st;
}

/* d->paras: the title, then every paragraph not dropped (taken from 'h', with its
 * counted form from 'cv' or found now when the ingest has a script). */
static yl_status take_paras(const yl_ingest *g, yl_doc *d, yl_html_doc *h,
                            const unsigned char *drop, yl_para_form *cv) {
  size_t keep = 0;
  for (size_t i = 0; i < h->n; i++) keep += !drop[i];
  if (!(d->paras = calloc(keep + 1, sizeof *d->paras))) return YL_ERR_NOMEM;
  if (g->script && !(d->forms = calloc(keep + 1, sizeof *d->forms))) return YL_ERR_NOMEM;
  if (d->title) {
    d->paras[0] = (yl_para){YL_PARA_TITLE, strdup(d->title), strlen(d->title)};
    if (!d->paras[0].text) return YL_ERR_NOMEM;
    d->n_paras = 1;
  }
  for (size_t i = 0; i < h->n; i++) {
    if (drop[i]) continue;
    yl_para_kind k = (h->paras[i].flags & YL_HTML_CAPTION) ? YL_PARA_CAPTION : YL_PARA_BODY;
    if (d->forms) d->forms[d->n_paras] = cv[i], cv[i] = (yl_para_form){0};
    d->paras[d->n_paras++] = (yl_para){k, h->paras[i].text, h->paras[i].len};
    h->paras[i].text = NULL;
  }
  for (size_t i = 0; i < d->n_paras; i++) {
    d->n_chars += yl_utf8_count(d->paras[i].text, d->paras[i].len);
    if (d->forms && !d->forms[i].scanned) { /* the title, a joined paragraph */
      yl_status st = count_form(g, d->paras[i].text, d->paras[i].len, &d->forms[i]);
      if (st) return st;
    }
  }
  return YL_OK;
}

/* The decoded text 't' (valid UTF-8) → layout, paragraphs and metadata of 'd'. */
static yl_status build(const yl_ingest *g, yl_doc *d, const char *t, size_t n) {
  yl_status st;
  yl_fm fm = {0};
  size_t pos = 0;
  yl_meta_src src = {.fm = &fm, .outlets = g->outlets, .outlet_from_folder = g->outlet_from_folder};
  int64_t stamp;
  int is_a = 0, is_b = 0;
  st = yl_fm_parse(t, n, &fm, &pos);
  if (st == YL_ERR_NOMEM) return st;
  if (st == YL_OK) is_a = 1;
  else {
    pos = 0;
    if (st == YL_ERR_PARSE && (st = yl_doc_note(d, "front matter not closed: read as body")))
      return st;
  }
  int sr = yl_fm_stamp(t, n, &pos, &stamp);
  if (sr == 1) d->archived_ms = stamp, d->found |= YL_FIELD_ARCHIVED;
  if (sr == 2 && (st = yl_doc_note(d, "archive stamp not a time from 1990 to 2099: not used"))) {
    yl_fm_clear(&fm);
    return st;
  }
  is_b |= sr != 0;
  if (yl_fm_linkline(t, n, &pos, &src.link_title, &src.link_title_len, &src.link_url,
                     &src.link_url_len)) {
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
               : yl_plain_parse(body, blen, &h);
  if (st) {
    yl_fm_clear(&fm);
    return st;
  }
  d->n_invalid += h.n_invalid;
  src.page = &h;
  unsigned char *drop = calloc(h.n ? h.n : 1, 1);
  if (!drop) st = YL_ERR_NOMEM;
  if (!st) st = yl_meta_fill(d, &src, drop);
  yl_fm_clear(&fm);
  if (!st) d->n_boiler = yl_boiler_apply(g->boiler, d->outlet, h.paras, h.n, drop);
  yl_para_form *cv = NULL; /* the paragraphs' counted forms, when there is a script */
  if (!st && g->script && !(cv = calloc(h.n ? h.n : 1, sizeof *cv))) st = YL_ERR_NOMEM;
  if (!st && g->script) st = boiler_converted(g, d, &h, drop, cv);
  if (!st) st = mend_breaks(d, &h, drop, cv);
  if (!st) st = take_paras(g, d, &h, drop, cv);
  for (size_t i = 0; cv && i < h.n; i++) free(cv[i].conv);
  free(cv);
  free(drop);
  yl_html_doc_clear(&h);
  if (st) return st;
  if (d->n_paras == 0) return yl_doc_skip(d, "no text found");
  return YL_OK;
}

static const char *errno_reason(int err, char *buf, size_t cap) {
  if (err == ENOENT) return "not found";
  if (err == EACCES || err == EPERM) return "unreadable (permission denied)";
  snprintf(buf, cap, "unreadable: %s", strerror(err));
  return buf;
}

yl_status yl_ingest_file(const yl_ingest *g, const char *path, yl_doc **out) {
  yl_doc *d = yl_doc_new(path);
  if (!d) return YL_ERR_NOMEM;
  yl_status st = YL_OK;
  char why[300];
  yl_buf raw = YL_BUF_INIT, text = YL_BUF_INIT;
  /* without blocking: a file replaced by a FIFO after the walk would wait forever */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat sb;
  if (fd < 0) {
    st = yl_doc_skip(d, errno_reason(errno, why, sizeof why));
    goto done;
  }
  if (fstat(fd, &sb) != 0) {
    st = yl_doc_skip(d, errno_reason(errno, why, sizeof why));
    goto done;
  }
  if (S_ISDIR(sb.st_mode)) {
    st = yl_doc_skip(d, "is a folder");
    goto done;
  }
  if (!S_ISREG(sb.st_mode)) {
    st = yl_doc_skip(d, "not a regular file");
    goto done;
  }
  /* O_NONBLOCK stays: it means nothing for a regular file, and clearing it would be
   * two more system calls per file */
  if ((uint64_t)sb.st_size > g->max_size) {
    snprintf(why, sizeof why, "%lld bytes, limit %llu", (long long)sb.st_size,
             (unsigned long long)g->max_size);
    st = yl_doc_skip_detail(d, "too large", why);
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
      st = yl_doc_skip(d, errno_reason(errno, why, sizeof why));
      goto done;
    }
    if (r == 0) break;
    raw.len += (size_t)r;
    if (raw.len > g->max_size) { /* grew while reading */
      st = yl_doc_skip(d, "too large");
      goto done;
    }
  }
  if (raw.len == 0) {
    st = yl_doc_skip(d, "empty file");
    goto done;
  }
  raw.data[raw.len] = '\0'; /* read() left room for it; decode may hand 'raw' on as text */
  const char *t;
  size_t tn = 0;
  if ((st = yl_decode_text(d, raw.data, raw.len, &text, &t, &tn)) || d->status == YL_DOC_SKIPPED)
    goto done;
  if (!t) t = text.data ? text.data : "", tn = text.len;
  size_t i = 0;
  while (i < tn && strchr(" \t\r\n", t[i])) i++;
  if (i == tn) {
    st = yl_doc_skip(d, "empty file (only white space)");
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
