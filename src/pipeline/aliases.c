/* Aliases: loading and lookup (see aliases.h). The variants' keys are kept sorted for
 * a binary search: an alias list is small next to the corpus, and each spelling is
 * looked up once (pass 1 keeps the verdict in its memo). */
#include "pipeline/aliases.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/lines.h"

typedef struct entry {
  char *key;   /* a spelling's filter key */
  size_t klen;
  size_t canon; /* index of its canonical in 'canon' */
  size_t line;
} entry;

typedef struct canon {
  char *key, *spell;
  size_t klen, slen;
} canon;

struct yl_aliases {
  entry *e;
  size_t ne;
  canon *c;
  size_t nc;
  char **spell; /* every spelling, for the dictionary */
  size_t ns;
};

void yl_aliases_free(yl_aliases *a) {
  if (!a) return;
  for (size_t i = 0; i < a->ne; i++) free(a->e[i].key);
  for (size_t i = 0; i < a->nc; i++) free(a->c[i].key), free(a->c[i].spell);
  for (size_t i = 0; i < a->ns; i++) free(a->spell[i]);
  free(a->e);
  free(a->c);
  free(a->spell);
  free(a);
}

typedef struct loader {
  yl_aliases *a;
  const yl_filter *f;
  yl_script *conv;
  yl_aliases_reject_fn reject;
  void *ctx;
} loader;



/* Spelling 's' converted, and its filter key: '*spell' and '*key' (malloc'd), or both
 * NULL when the filter does not count it. */
static yl_status prepare(const loader *ld, const char *s, size_t n, char **spell, size_t *slen,
                         char **key, size_t *klen) {
  *spell = *key = NULL;
  char *conv = NULL;
  if (ld->conv) {
    yl_status st = yl_script_convert(ld->conv, s, n, &conv, &n);
    if (st) return st;
    s = conv;
  }
  char *k = malloc(YL_FILTER_KEY_CAP(n));
  if (!k) {
    free(conv);
    return YL_ERR_NOMEM;
  }
  if (yl_filter_token(ld->f, NULL, s, n, k, YL_FILTER_KEY_CAP(n), klen) != YL_FILTER_KEEP) {
    free(k), free(conv);
    return YL_OK;
  }
  *spell = conv ? conv : strndup(s, n);
  *slen = n;
  *key = k;
  return *spell ? YL_OK : YL_ERR_NOMEM;
}

static yl_status add_spelling(yl_aliases *a, const char *s, size_t n) {
  if (yl_array_room((void **)&a->spell, a->ns, sizeof *a->spell)) return YL_ERR_NOMEM;
  if (!(a->spell[a->ns] = strndup(s, n))) return YL_ERR_NOMEM;
  a->ns++;
  return YL_OK;
}

static yl_status add_line(void *obj, char *line, const char *name, size_t lineno, yl_error *err) {
  loader *ld = obj;
  yl_aliases *a = ld->a;
  const char *cs;
  size_t cn;
  char *rest = yl_line_split_tab(line, &cs, &cn);
  if (!rest) return yl_line_error(err, name, lineno, "expected CANONICAL<TAB>VARIANT|VARIANT...");
  if (!cn) return yl_line_error(err, name, lineno, "an alias without its canonical spelling");
  canon c = {NULL, NULL, 0, 0};
  yl_status st = prepare(ld, cs, cn, &c.spell, &c.slen, &c.key, &c.klen);
  if (st == YL_ERR_UTF8) return yl_line_error(err, name, lineno, "not valid UTF-8");
  if (st) return st;
  if (!c.key) {
    char w[256];
    snprintf(w, sizeof w, "the canonical '%.*s' is not a counted term (a stop word, one character, a number?)", (int)(cn < 200 ? cn : 200), cs);
    return yl_line_error(err, name, lineno, w);
  }
  size_t ci = 0; /* a canonical on several lines: one term */
  while (ci < a->nc && !(a->c[ci].klen == c.klen && !memcmp(a->c[ci].key, c.key, c.klen))) ci++;
  int is_new = ci == a->nc;
  if (!is_new) {
    free(c.key), free(c.spell);
  } else {
    if (yl_array_room((void **)&a->c, a->nc, sizeof *a->c)) {
      free(c.key), free(c.spell);
      return YL_ERR_NOMEM;
    }
    a->c[a->nc++] = c;
    st = add_spelling(a, c.spell, c.slen);
  }
  size_t nv = 0;
  for (char *p = rest, *q = NULL; !st; p = q + 1) {
    q = strchr(p, '|');
    const char *vs = p;
    size_t vn = q ? (size_t)(q - p) : strlen(p);
    yl_trim_blanks(&vs, &vn);
    char *spell = NULL, *key = NULL;
    size_t slen = 0, klen = 0;
    if (vn) st = prepare(ld, vs, vn, &spell, &slen, &key, &klen);
    if (st == YL_ERR_UTF8) st = yl_line_error(err, name, lineno, "not valid UTF-8");
    if (!st && vn && !key && ld->reject) {
      char w[256];
      snprintf(w, sizeof w, "%.*s", (int)(vn < 200 ? vn : 200), vs);
      ld->reject(ld->ctx, lineno, w);
    }
    if (!st && key) {
      st = yl_array_room((void **)&a->e, a->ne, sizeof *a->e);
      if (!st) a->e[a->ne++] = (entry){key, klen, ci, lineno}, key = NULL, nv++;
      if (!st) st = add_spelling(a, spell, slen);
    }
    free(key), free(spell);
    if (!q) break;
  }
  /* the canonical's own key maps to itself, so its other spellings show it too */
  if (!st && is_new) {
    char *k = yl_array_room((void **)&a->e, a->ne, sizeof *a->e) ? NULL : strndup(a->c[ci].key, a->c[ci].klen);
    if (!k) st = YL_ERR_NOMEM;
    else a->e[a->ne++] = (entry){k, a->c[ci].klen, ci, lineno};
  }
  if (!st && !nv) st = yl_line_error(err, name, lineno, "an alias without a variant that is counted");
  return st;
}

static int entry_cmp(const void *pa, const void *pb) {
  const entry *a = pa, *b = pb;
  size_t n = a->klen < b->klen ? a->klen : b->klen;
  int c = memcmp(a->key, b->key, n);
  if (c) return c;
  if (a->klen != b->klen) return a->klen < b->klen ? -1 : 1;
  return (a->line > b->line) - (a->line < b->line);
}

yl_status yl_aliases_load(const char *path, const yl_filter *f, yl_script *conv,
                          yl_aliases_reject_fn reject, void *ctx, yl_aliases **out, yl_error *err) {
  *out = NULL;
  yl_aliases *a = calloc(1, sizeof *a);
  if (!a) return YL_ERR_NOMEM;
  loader ld = {a, f, conv, reject, ctx};
  yl_status st = yl_lines_load_file(path, err, add_line, &ld);
  if (!st && !a->ne) st = yl_line_error(err, path, 0, "no alias (CANONICAL<TAB>VARIANT) in the file");
  if (!st) qsort(a->e, a->ne, sizeof *a->e, entry_cmp);
  /* one spelling, one canonical: the same key under two canonicals is a mistake */
  for (size_t i = 1; !st && i < a->ne; i++) {
    const entry *p = &a->e[i - 1], *q = &a->e[i];
    if (p->klen == q->klen && !memcmp(p->key, q->key, p->klen) && p->canon != q->canon) {
      char w[320];
      snprintf(w, sizeof w, "'%.*s' is already an alias of '%s' (line %zu)", (int)(q->klen < 200 ? q->klen : 200),
               q->key, a->c[p->canon].spell, p->line);
      st = yl_line_error(err, path, q->line, w);
    }
  }
  if (st) {
    yl_aliases_free(a);
    return st;
  }
  *out = a;
  return YL_OK;
}

int yl_aliases_find(const yl_aliases *a, const char *key, size_t klen, const char **ckey,
                    size_t *cklen, const char **spell, size_t *slen) {
  size_t lo = 0, hi = a->ne;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const entry *e = &a->e[mid];
    size_t n = e->klen < klen ? e->klen : klen;
    int c = memcmp(e->key, key, n);
    if (!c) c = (e->klen > klen) - (e->klen < klen);
    if (!c) {
      const canon *cn = &a->c[e->canon];
      *ckey = cn->key, *cklen = cn->klen, *spell = cn->spell, *slen = cn->slen;
      return 1;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

size_t yl_aliases_nspellings(const yl_aliases *a) { return a->ns; }
const char *yl_aliases_spelling(const yl_aliases *a, size_t i) { return a->spell[i]; }
