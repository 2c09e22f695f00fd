/* Frame dictionaries: parsing and coding (see frames.h). */
#include "pipeline/frames.h"

#include <stdlib.h>
#include <string.h>

#include "base/lines.h"

typedef struct lit {
  uint32_t term;
  uint8_t neg;
} lit;

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
  free(f);
}

size_t yl_frames_count(const yl_frames *f) { return f->nframes; }
const char *yl_frames_name(const yl_frames *f, size_t i) { return f->names[i]; }
size_t yl_frames_nterms(const yl_frames *f) { return f->nterms; }
const char *yl_frames_term(const yl_frames *f, size_t t) { return f->terms[t]; }

/* Room for entry 'n' of an array of capacity 8, 16, 32 … holding 'n' entries. */
static int grow(void **p, size_t n, size_t size) {
  if (n && (n < 8 || (n & (n - 1)))) return 0;
  void *q = realloc(*p, (n ? 2 * n : 8) * size);
  if (!q) return -1;
  *p = q;
  return 0;
}

/* The index of 'name' in 'v' (n entries), added when new. */
static yl_status intern(char ***v, size_t *n, const char *name, size_t len, uint32_t *out) {
  for (size_t i = 0; i < *n; i++)
    if (strlen((*v)[i]) == len && !memcmp((*v)[i], name, len)) {
      *out = (uint32_t)i;
      return YL_OK;
    }
  if (grow((void **)v, *n, sizeof **v)) return YL_ERR_NOMEM;
  char *s = strndup(name, len);
  if (!s) return YL_ERR_NOMEM;
  (*v)[*n] = s;
  *out = (uint32_t)(*n)++;
  return YL_OK;
}

static void trim(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) ++*s, --*n;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r')) --*n;
}

typedef struct loader {
  yl_frames *f;
} loader;

/* One literal ("term" or "!term") of the alternative being read. */
static yl_status add_lit(yl_frames *f, const char *s, size_t n, const char *name, size_t lineno,
                         yl_error *err) {
  trim(&s, &n);
  int neg = n && *s == '!';
  if (neg) s++, n--, trim(&s, &n);
  if (!n) return yl_line_error(err, name, lineno, "an empty term (between '|' or '&', or after '!')");
  if (n >= 5 && !memcmp(s, "near(", 5))
    return yl_line_error(err, name, lineno, "near(a, b, k) is not supported: use a & b (the same document)");
  char *conv = NULL;
  size_t clen = n;
  if (f->conv) {
    yl_status st = yl_script_convert(f->conv, s, n, &conv, &clen);
    if (st == YL_ERR_UTF8) return yl_line_error(err, name, lineno, "not valid UTF-8");
    if (st) return st;
    s = conv;
  }
  uint32_t t;
  yl_status st = intern(&f->terms, &f->nterms, s, clen, &t);
  free(conv);
  if (st) return st;
  if (grow((void **)&f->lits, f->nlits, sizeof *f->lits)) return YL_ERR_NOMEM;
  f->lits[f->nlits++] = (lit){t, (uint8_t)neg};
  return YL_OK;
}

static yl_status add_line(void *obj, char *line, const char *name, size_t lineno, yl_error *err) {
  loader *ld = obj;
  yl_frames *f = ld->f;
  char *tab = strchr(line, '\t');
  if (!tab) return yl_line_error(err, name, lineno, "expected FRAME<TAB>EXPRESSION");
  const char *fr = line;
  size_t fl = (size_t)(tab - line);
  trim(&fr, &fl);
  if (!fl) return yl_line_error(err, name, lineno, "a rule without a frame name");
  uint32_t frame;
  yl_status st = intern(&f->names, &f->nframes, fr, fl, &frame);
  for (char *p = tab + 1; !st && p;) { /* the alternatives */
    char *bar = strchr(p, '|');
    if (bar) *bar = '\0';
    if (grow((void **)&f->alts, f->nalts, sizeof *f->alts)) return YL_ERR_NOMEM;
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
      if (!l->neg) f->pos[(size_t)l->term * f->nframes + f->alts[a].frame] = 1;
    }
  if (st) {
    yl_frames_free(f);
    return st;
  }
  f->conv = NULL; /* the caller's, for loading only */
  *out = f;
  return YL_OK;
}

void yl_frames_code(const yl_frames *f, const uint64_t *count, uint64_t *matches,
                    unsigned char *coded) {
  memset(coded, 0, f->nframes);
  for (size_t a = 0; a < f->nalts; a++) {
    const alt *al = &f->alts[a];
    if (coded[al->frame]) continue;
    int holds = 1;
    for (uint32_t k = 0; holds && k < al->n; k++) {
      const lit *l = &f->lits[al->first + k];
      holds = l->neg ? !count[l->term] : count[l->term] > 0;
    }
    coded[al->frame] = (unsigned char)holds;
  }
  for (size_t i = 0; i < f->nframes; i++) {
    matches[i] = 0;
    for (size_t t = 0; coded[i] && t < f->nterms; t++)
      if (f->pos[t * f->nframes + i]) matches[i] += count[t];
  }
}
