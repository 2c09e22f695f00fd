/* Boilerplate rules: loading and applying (see boiler.h). */
#include "ingest/boiler.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/lines.h"
#include "yuliao/norm.h"

typedef enum kind {
  K_PREFIX, K_CONTAINS, K_EQUALS, K_BOLD_PREFIX, K_ITALIC_PREFIX, K_HR_FOOTER, K_LAST_BOLD
} kind;

static const char *const kind_names[] = {"prefix",        "contains",  "equals",
                                         "bold-prefix",   "italic-prefix", "hr-footer",
                                         "last-bold-contains", NULL};

typedef struct rule {
  char *outlet; /* "*" for all */
  kind k;
  char *text;
  size_t len;
} rule;

struct yl_boiler {
  rule *v;
  size_t n, cap;
};

yl_status yl_boiler_new(yl_boiler **out) {
  *out = calloc(1, sizeof **out);
  return *out ? YL_OK : YL_ERR_NOMEM;
}

void yl_boiler_free(yl_boiler *b) {
  if (!b) return;
  for (size_t i = 0; i < b->n; i++) free(b->v[i].outlet), free(b->v[i].text);
  free(b->v);
  free(b);
}

static yl_status add(void *obj, char *line, const char *name, size_t lineno, yl_error *err) {
  yl_boiler *b = obj;
  char *t1 = strchr(line, '\t');
  char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
  if (!t2) return yl_line_error(err, name, lineno, "expected OUTLET<TAB>KIND<TAB>TEXT");
  *t1 = *t2 = '\0';
  int k = -1;
  for (int i = 0; kind_names[i]; i++)
    if (!strcmp(t1 + 1, kind_names[i])) k = i;
  if (k < 0) return yl_line_error(err, name, lineno, "unknown rule kind");
  if (!*line) return yl_line_error(err, name, lineno, "empty outlet (use * for all)");
  rule r = {.k = (kind)k};
  size_t tl;
  yl_status st = yl_norm_text(t2 + 1, strlen(t2 + 1), &r.text, &tl, NULL);
  if (st) return st;
  if (!tl) {
    free(r.text);
    return yl_line_error(err, name, lineno, "empty rule text");
  }
  r.len = tl;
  r.outlet = strdup(line);
  if (r.outlet && b->n == b->cap) {
    size_t cap = b->cap ? 2 * b->cap : 16;
    rule *v = realloc(b->v, cap * sizeof *v);
    if (v) b->v = v, b->cap = cap;
  }
  if (!r.outlet || b->n == b->cap) {
    free(r.outlet);
    free(r.text);
    return YL_ERR_NOMEM;
  }
  b->v[b->n++] = r;
  return YL_OK;
}

yl_status yl_boiler_load_text(yl_boiler *b, const char *text, size_t len, const char *name,
                              yl_error *err) {
  return yl_lines_load_text(text, len, name, err, add, b);
}

yl_status yl_boiler_load(yl_boiler *b, const char *path, yl_error *err) {
  return yl_lines_load_file(path, err, add, b);
}

static int starts(const yl_html_para *p, const rule *r) {
  return p->len >= r->len && !memcmp(p->text, r->text, r->len);
}

static int has(const yl_html_para *p, const rule *r) {
  return memmem(p->text, p->len, r->text, r->len) != NULL;
}

static int matches(const rule *r, const yl_html_para *p) {
  switch (r->k) {
    case K_PREFIX: return starts(p, r);
    case K_CONTAINS: return has(p, r);
    case K_EQUALS: return p->len == r->len && starts(p, r);
    case K_BOLD_PREFIX: return (p->flags & YL_HTML_BOLD) && starts(p, r);
    case K_ITALIC_PREFIX: return (p->flags & YL_HTML_ITALIC) && starts(p, r);
    default: return 0;
  }
}

size_t yl_boiler_apply(const yl_boiler *b, const char *outlet, const yl_html_para *p, size_t n,
                       unsigned char *drop) {
  size_t dropped = 0;
  for (size_t ri = 0; ri < b->n; ri++) {
    const rule *r = &b->v[ri];
    if (strcmp(r->outlet, "*") && (!outlet || strcmp(r->outlet, outlet))) continue;
    if (r->k == K_LAST_BOLD) continue;
    int footer = 0;
    for (size_t i = 0; i < n; i++) {
      if (r->k == K_HR_FOOTER && !footer && (p[i].flags & YL_HTML_AFTER_HR) && has(&p[i], r))
        footer = 1;
      if (!drop[i] && (footer || matches(r, &p[i]))) drop[i] = 1, dropped++;
    }
  }
  for (size_t ri = 0; ri < b->n; ri++) {
    const rule *r = &b->v[ri];
    if (r->k != K_LAST_BOLD || (strcmp(r->outlet, "*") && (!outlet || strcmp(r->outlet, outlet))))
      continue;
    size_t i = n;
    while (i > 0 && drop[i - 1]) i--;
    if (i > 0 && (p[i - 1].flags & YL_HTML_BOLD) && has(&p[i - 1], r)) drop[i - 1] = 1, dropped++;
  }
  return dropped;
}
