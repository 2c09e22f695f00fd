/* Element names → tag bits (see html_parts.h), with the per-parse cache on the
 * library's hash table. */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "ingest/html_parts.h"

/* The names we know, in strcmp order for bsearch. YL_T_BLOCK: ends a paragraph where
 * it opens and where it closes. YL_T_SKIP: content is never article text (code,
 * embedded objects, form controls, and page chrome: site navigation, page footer, side
 * boxes). */
static const struct tagname {
  const char *name;
  unsigned bits;
} tag_names[] = {
    {"address", YL_T_BLOCK}, {"article", YL_T_BLOCK}, {"aside", YL_T_BLOCK | YL_T_SKIP},
    {"b", YL_T_BOLD}, {"blockquote", YL_T_BLOCK}, {"body", YL_T_BLOCK}, {"br", YL_T_BLOCK},
    {"button", YL_T_SKIP}, {"caption", YL_T_BLOCK}, {"center", YL_T_BLOCK},
    {"dd", YL_T_BLOCK}, {"details", YL_T_BLOCK}, {"dialog", YL_T_BLOCK},
    {"div", YL_T_BLOCK}, {"dl", YL_T_BLOCK}, {"dt", YL_T_BLOCK}, {"em", YL_T_ITALIC},
    {"fieldset", YL_T_BLOCK}, {"figcaption", YL_T_BLOCK}, {"figure", YL_T_BLOCK},
    {"footer", YL_T_BLOCK | YL_T_SKIP}, {"form", YL_T_BLOCK},
    {"h1", YL_T_BLOCK | YL_T_HEADING | YL_T_H1}, {"h2", YL_T_BLOCK | YL_T_HEADING},
    {"h3", YL_T_BLOCK | YL_T_HEADING}, {"h4", YL_T_BLOCK | YL_T_HEADING},
    {"h5", YL_T_BLOCK | YL_T_HEADING}, {"h6", YL_T_BLOCK | YL_T_HEADING},
    {"head", YL_T_SKIP}, {"header", YL_T_BLOCK}, {"hr", YL_T_BLOCK | YL_T_HR},
    {"html", YL_T_BLOCK}, {"i", YL_T_ITALIC}, {"iframe", YL_T_SKIP}, {"img", YL_T_IMG},
    {"li", YL_T_BLOCK}, {"link", YL_T_LINK}, {"main", YL_T_BLOCK}, {"math", YL_T_SKIP},
    {"meta", YL_T_META}, {"nav", YL_T_BLOCK | YL_T_SKIP}, {"noscript", YL_T_SKIP},
    {"object", YL_T_SKIP}, {"ol", YL_T_BLOCK}, {"p", YL_T_BLOCK}, {"pre", YL_T_BLOCK},
    {"script", YL_T_SKIP}, {"section", YL_T_BLOCK}, {"select", YL_T_SKIP},
    {"small", YL_T_SMALL}, {"strong", YL_T_BOLD}, {"style", YL_T_SKIP},
    {"summary", YL_T_BLOCK}, {"svg", YL_T_SKIP}, {"table", YL_T_BLOCK | YL_T_TABLE},
    {"tbody", YL_T_BLOCK}, {"td", YL_T_BLOCK}, {"template", YL_T_SKIP},
    {"textarea", YL_T_SKIP}, {"tfoot", YL_T_BLOCK}, {"th", YL_T_BLOCK},
    {"thead", YL_T_BLOCK}, {"title", YL_T_TITLE}, {"tr", YL_T_BLOCK}, {"ul", YL_T_BLOCK}};

static int tagname_cmp(const void *key, const void *elem) {
  return strcmp(key, ((const struct tagname *)elem)->name);
}

/* Case-blind, for any source of names; 0 for names we do not know. */
static unsigned classify(const char *name) {
  char low[16];
  size_t i = 0;
  for (; name[i]; i++) {
    if (i == sizeof low - 1) return 0; /* longer than any name we know */
    low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  }
  low[i] = 0;
  const struct tagname *t =
      bsearch(low, tag_names, sizeof tag_names / sizeof tag_names[0], sizeof tag_names[0],
              tagname_cmp);
  return t ? t->bits : 0;
}

/* A name as the cache holds it: zero-padded to 16 bytes, so that comparing two is
 * comparing two pairs of words. */
typedef struct name_key {
  const yl_html_tags *c;
  char name[16];
} name_key;

static int same_name(const void *ctx, uint64_t val) {
  const name_key *k = ctx;
  return !memcmp(k->c->v[val].name, k->name, 16);
}

unsigned yl_html_tag_bits(yl_html_tags *c, const char *s) {
  name_key k = {c, {0}};
  size_t len = 0;
  for (; s[len]; len++) {
    if (len == 15) return classify(s); /* longer than any name we know */
    k.name[len] = s[len];
  }
  uint64_t key = yl_u64map_hkey(yl_hash_bytes(0, k.name, len));
  size_t i = 0;
  if (c->map.n) {
    i = yl_u64map_find(&c->map, key, same_name, &k);
    if (c->map.slots[i].key != YL_U64MAP_EMPTY) return c->v[c->map.slots[i].val].bits;
  }
  unsigned bits = classify(s);
  /* a new name: room for it (a few dozen at first), else it goes uncached */
  if (yl_u64map_full(&c->map)) {
    if (yl_u64map_reserve(&c->map, c->map.cap ? 1 : 32)) return bits;
    i = yl_u64map_find(&c->map, key, same_name, &k);
  }
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 32;
    struct yl_html_tag *v = realloc(c->v, cap * sizeof *v);
    if (!v) return bits;
    c->v = v, c->cap = cap;
  }
  memcpy(c->v[c->n].name, k.name, 16);
  c->v[c->n].bits = bits;
  yl_u64map_put_at(&c->map, i, key, c->n++);
  return bits;
}

void yl_html_tags_free(yl_html_tags *c) {
  yl_u64map_free(&c->map);
  free(c->v);
  *c = (yl_html_tags)YL_HTML_TAGS_INIT;
}
