/* Frame dictionaries: parsing and coding (see frames.h). */
#include "pipeline/frames.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/lines.h"

typedef struct lit {
  uint32_t term; /* or, for near(a, b, k), the index of the near test */
  uint8_t neg, near;
} lit;

typedef struct near_test {
  uint32_t a, b, k; /* terms a and b within k counted tokens */
} near_test;

typedef struct alt {
  uint32_t frame, first, n; /* its literals: lits[first .. first + n) */
} alt;

struct yl_frames {
  char **names;
  size_t nframes;
  char **terms;
  size_t nterms;
  alt *alts;
  size_t nalts;
  lit *lits;
  size_t nlits;
  uint8_t *pos; /* by term and frame: the term is a positive literal of the frame */
  near_test *near;
  size_t nnear;
  yl_script *conv;
};

void yl_frames_free(yl_frames *f) {
  if (!f) return;
  for (size_t i = 0; i < f->nframes; i++) free(f->names[i]);
  for (size_t i = 0; i < f->nterms; i++) free(f->terms[i]);
  free(f->names);
  free(f->terms);
  free(f->alts);
  free(f->lits);
  free(f->pos);
  free(f->near);
  free(f);
}

size_t yl_frames_count(const yl_frames *f) { return f->nframes; }
const char *yl_frames_name(const yl_frames *f, size_t i) { return f->names[i]; }
size_t yl_frames_nterms(const yl_frames *f) { return f->nterms; }
size_t yl_frames_nnear(const yl_frames *f) { return f->nnear; }
void yl_frames_near(const yl_frames *f, size_t i, size_t *a, size_t *b, unsigned *k) {
  *a = f->near[i].a, *b = f->near[i].b, *k = f->near[i].k;
}
const char *yl_frames_term(const yl_frames *f, size_t t) { return f->terms[t]; }


/* The index of 'name' in 'v' (n entries), added when new. */
static yl_status intern(char ***v, size_t *n, const char *name, size_t len, uint32_t *out) {
  for (size_t i = 0; i < *n; i++)
    if (strlen((*v)[i]) == len && !memcmp((*v)[i], name, len)) {
      *out = (uint32_t)i;
      return YL_OK;
    }
  if (yl_array_room((void **)v, *n, sizeof **v)) return YL_ERR_NOMEM;
  char *s = strndup(name, len);
  if (!s) return YL_ERR_NOMEM;
  (*v)[*n] = s;
  *out = (uint32_t)(*n)++;
  return YL_OK;
}


typedef struct loader {
  yl_frames *f;
} loader;

/* A term of the rules, converted and interned: its index in '*t'. */
static yl_status add_term(yl_frames *f, const char *s, size_t n, const char *name, size_t lineno,
                          yl_error *err, uint32_t *out) {
  yl_trim_blanks(&s, &n);
  if (!n) return yl_line_error(err, name, lineno, "an empty term (between '|' or '&', or after '!')");
  char *conv = NULL;
  size_t clen = n;
  if (f->conv) {
    yl_status st = yl_script_convert(f->conv, s, n, &conv, &clen);
    if (st == YL_ERR_UTF8) return yl_line_error(err, name, lineno, "not valid UTF-8");
    if (st) return st;
    s = conv;
  }
  yl_status st = intern(&f->terms, &f->nterms, s, clen, out);
  free(conv);
  return st;
}

/* near(a, b, k): 's' is what follows "near(". */
static yl_status add_near(yl_frames *f, const char *s, size_t n, int neg, const char *name,
                          size_t lineno, yl_error *err) {
  static const char usage[] = "near(a, b, k) takes two terms and a distance of 1 to 1000 tokens";
  if (!n || s[n - 1] != ')') return yl_line_error(err, name, lineno, usage);
  n--;
  const char *c1 = memchr(s, ',', n);
  const char *c2 = c1 ? memchr(c1 + 1, ',', (size_t)(s + n - c1 - 1)) : NULL;
  if (!c2 || memchr(c2 + 1, ',', (size_t)(s + n - c2 - 1))) return yl_line_error(err, name, lineno, usage);
  const char *ks = c2 + 1;
  size_t kn = (size_t)(s + n - ks);
  yl_trim_blanks(&ks, &kn);
  unsigned long k = 0;
  for (size_t i = 0; i < kn; i++) {
    if (ks[i] < '0' || ks[i] > '9' || k > 1000) return yl_line_error(err, name, lineno, usage);
    k = k * 10 + (unsigned long)(ks[i] - '0');
  }
  if (!kn || k < 1 || k > 1000) return yl_line_error(err, name, lineno, usage);
  uint32_t a, b;
  yl_status st = add_term(f, s, (size_t)(c1 - s), name, lineno, err, &a);
  if (!st) st = add_term(f, c1 + 1, (size_t)(c2 - c1 - 1), name, lineno, err, &b);
  if (st) return st;
  if (yl_array_room((void **)&f->near, f->nnear, sizeof *f->near)) return YL_ERR_NOMEM;
  f->near[f->nnear] = (near_test){a, b, (uint32_t)k};
  if (yl_array_room((void **)&f->lits, f->nlits, sizeof *f->lits)) return YL_ERR_NOMEM;
  f->lits[f->nlits++] = (lit){(uint32_t)f->nnear++, (uint8_t)neg, 1};
  return YL_OK;
}

/* One literal ("term", "!term", "near(a, b, k)") of the alternative being read. */
static yl_status add_lit(yl_frames *f, const char *s, size_t n, const char *name, size_t lineno,
                         yl_error *err) {
  yl_trim_blanks(&s, &n);
  int neg = n && *s == '!';
  if (neg) s++, n--, yl_trim_blanks(&s, &n);
  if (!n) return yl_line_error(err, name, lineno, "an empty term (between '|' or '&', or after '!')");
  if (n >= 5 && !memcmp(s, "near(", 5)) return add_near(f, s + 5, n - 5, neg, name, lineno, err);
  uint32_t t;
  yl_status st = add_term(f, s, n, name, lineno, err, &t);
  if (st) return st;
  if (yl_array_room((void **)&f->lits, f->nlits, sizeof *f->lits)) return YL_ERR_NOMEM;
  f->lits[f->nlits++] = (lit){t, (uint8_t)neg, 0};
  return YL_OK;
}

static yl_status add_line(void *obj, char *line, const char *name, size_t lineno, yl_error *err) {
  loader *ld = obj;
  yl_frames *f = ld->f;
  const char *fr;
  size_t fl;
  char *rest = yl_line_split_tab(line, &fr, &fl);
  if (!rest) return yl_line_error(err, name, lineno, "expected FRAME<TAB>EXPRESSION");
  if (!fl) return yl_line_error(err, name, lineno, "a rule without a frame name");
  uint32_t frame;
  yl_status st = intern(&f->names, &f->nframes, fr, fl, &frame);
  for (char *p = rest; !st && p;) { /* the alternatives */
    char *bar = strchr(p, '|');
    if (bar) *bar = '\0';
    if (yl_array_room((void **)&f->alts, f->nalts, sizeof *f->alts)) return YL_ERR_NOMEM;
    alt a = {frame, (uint32_t)f->nlits, 0};
    for (char *q = p; !st && q;) { /* its terms */
      char *amp = strchr(q, '&');
      st = add_lit(f, q, amp ? (size_t)(amp - q) : strlen(q), name, lineno, err);
      q = amp ? amp + 1 : NULL;
    }
    a.n = (uint32_t)f->nlits - a.first;
    if (!st) f->alts[f->nalts++] = a;
    p = bar ? bar + 1 : NULL;
  }
  return st;
}

yl_status yl_frames_load(const char *path, yl_script *conv, yl_frames **out, yl_error *err) {
  *out = NULL;
  yl_frames *f = calloc(1, sizeof *f);
  if (!f) return YL_ERR_NOMEM;
  f->conv = conv;
  loader ld = {f};
  yl_status st = yl_lines_load_file(path, err, add_line, &ld);
  if (!st && !f->nframes) st = yl_line_error(err, path, 0, "no rule (FRAME<TAB>EXPRESSION) in the file");
  if (!st && !(f->pos = calloc(f->nterms * f->nframes + 1, 1))) st = YL_ERR_NOMEM;
  for (size_t a = 0; !st && a < f->nalts; a++)
    for (uint32_t k = 0; k < f->alts[a].n; k++) {
      const lit *l = &f->lits[f->alts[a].first + k];
      size_t fr = f->alts[a].frame;
      if (l->neg) continue;
      if (!l->near) f->pos[(size_t)l->term * f->nframes + fr] = 1;
      else f->pos[(size_t)f->near[l->term].a * f->nframes + fr] = f->pos[(size_t)f->near[l->term].b * f->nframes + fr] = 1;
    }
  if (st) {
    yl_frames_free(f);
    return st;
  }
  f->conv = NULL; /* the caller's, for loading only */
  *out = f;
  return YL_OK;
}

void yl_frames_code(const yl_frames *f, const uint64_t *count, const unsigned char *near,
                    uint64_t *matches, unsigned char *coded) {
  memset(coded, 0, f->nframes);
  for (size_t a = 0; a < f->nalts; a++) {
    const alt *al = &f->alts[a];
    if (coded[al->frame]) continue;
    int holds = 1;
    for (uint32_t k = 0; holds && k < al->n; k++) {
      const lit *l = &f->lits[al->first + k];
      int present = l->near ? near[l->term] : count[l->term] > 0;
      holds = l->neg ? !present : present;
    }
    coded[al->frame] = (unsigned char)holds;
  }
  for (size_t i = 0; i < f->nframes; i++) {
    matches[i] = 0;
    for (size_t t = 0; coded[i] && t < f->nterms; t++)
      if (f->pos[t * f->nframes + i]) matches[i] += count[t];
  }
}

int yl_frames_near_in(const uint32_t *tok, size_t n, const uint32_t *term_of, size_t a, size_t b,
                      unsigned k) {
  size_t la = SIZE_MAX, lb = SIZE_MAX; /* the last place of each */
  for (size_t i = 0; i < n; i++) {
    uint32_t t = term_of[tok[i]];
    if (!t) continue;
    int is_a = t - 1 == a, is_b = t - 1 == b;
    if (is_a && lb != SIZE_MAX && i - lb <= k) return 1;
    if (is_b && la != SIZE_MAX && i - la <= k) return 1;
    if (is_a) la = i;
    if (is_b) lb = i;
  }
  return 0;
}
