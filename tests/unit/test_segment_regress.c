/* The segmenter regressions: every case of tests/fixtures/seg/regressions.txt (its
 * header gives the format), segmented with the HMM on and off on the case's fixture
 * dictionary and compared token by token with the expected lines, which come from
 * Python jieba 0.42.1 (scripts/gen-segment-golden --regressions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "harness.h"
#include "yuliao/segment.h"

static char fixtures[1024];

/* A byte string with token boundaries: 'cut[i]' is where token i ends. */
typedef struct toks {
  char *b;
  size_t len, cap;
  size_t *cut;
  size_t n, cap_cut;
} toks;

static void put(toks *t, const void *p, size_t n) {
  if (n == 0) return;
  if (t->len + n > t->cap) {
    t->cap = (t->len + n) * 2 + 64;
    t->b = realloc(t->b, t->cap);
    if (!t->b) abort();
  }
  memcpy(t->b + t->len, p, n);
  t->len += n;
}

static void end_token(toks *t) {
  if (t->n == t->cap_cut) {
    t->cap_cut = t->cap_cut * 2 + 16;
    t->cut = realloc(t->cut, t->cap_cut * sizeof *t->cut);
    if (!t->cut) abort();
  }
  t->cut[t->n++] = t->len;
}

static int hex(const char *s, int digits, unsigned long *v) {
  *v = 0;
  for (int i = 0; i < digits; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
          : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return 0;
    *v = *v * 16 + (unsigned long)d;
  }
  return 1;
}

/* Unescapes 's' into 't'; with 'split', an unescaped '/' ends a token (and the end
 * of a non-empty line ends the last one). Returns 0 on a bad escape. */
static int unescape(const char *s, int split, toks *t) {
  size_t i = 0, n = strlen(s);
  while (i < n) {
    if (s[i] == '/' && split) {
      end_token(t);
      i++;
      continue;
    }
    if (s[i] != '\\') {
      put(t, s + i++, 1);
      continue;
    }
    if (i + 1 >= n) return 0;
    char e = s[i + 1];
    unsigned long v;
    if (e == 'x') {
      if (i + 4 > n || !hex(s + i + 2, 2, &v)) return 0;
      unsigned char byte = (unsigned char)v;
      put(t, &byte, 1);
      i += 4;
    } else if (e == 'u') {
      unsigned char u8[4];
      if (i + 6 > n || !hex(s + i + 2, 4, &v)) return 0;
      put(t, u8, yl_utf8_encode((uint32_t)v, u8));
      i += 6;
    } else {
      const char *from = "\\/strn", *to = "\\/ \t\r\n", *k = strchr(from, e);
      if (!k || !e) return 0;
      put(t, to + (k - from), 1);
      i += 2;
    }
  }
  if (split && n) end_token(t);
  return 1;
}

/* The fixture dictionaries, each opened once (with its user.txt when present). */
static struct {
  char name[64];
  yl_dict *d;
} dicts[16];

static yl_dict *fixture(const char *name) {
  size_t i = 0;
  for (; i < sizeof dicts / sizeof *dicts && dicts[i].d; i++)
    if (strcmp(dicts[i].name, name) == 0) return dicts[i].d;
  if (i == sizeof dicts / sizeof *dicts || strlen(name) >= sizeof dicts[i].name) return NULL;
  char dir[1200], user[1300];
  snprintf(dir, sizeof dir, "%s/%s", fixtures, name);
  yl_dict *d = NULL;
  if (yl_dict_open(NULL, dir, &d, NULL, NULL) != YL_OK) return NULL;
  snprintf(user, sizeof user, "%s/user.txt", dir);
  FILE *f = fopen(user, "rb");
  if (f) {
    fclose(f);
    size_t loaded;
    if (yl_dict_load_user(d, user, &loaded, NULL, NULL, NULL) != YL_OK || loaded == 0) {
      yl_dict_free(d);
      return NULL;
    }
  }
  snprintf(dicts[i].name, sizeof dicts[i].name, "%s", name);
  dicts[i].d = d;
  return d;
}

typedef struct rcase {
  char title[512], dict[64];
  char *in, *want[2]; /* raw lines; want[0] with the HMM, want[1] without */
  long repeat;
} rcase;

/* Checks one case in one mode; returns 1 when it passed. */
static int check(const rcase *c, int mode) {
  yl_dict *d = fixture(c->dict);
  if (!d) {
    YL_T_FAIL("%s: cannot open fixture dictionary %s", c->title, c->dict);
    return 0;
  }
  toks in = {0}, unit = {0}, text = {0};
  int ok = unescape(c->in, 0, &in) && unescape(c->want[mode], 1, &unit);
  if (!ok) {
    YL_T_FAIL("%s: bad escape", c->title);
    goto done;
  }
  for (long r = 0; r < c->repeat; r++) put(&text, in.b ? in.b : "", in.len);
  yl_segmenter *s;
  const yl_token *t;
  size_t n;
  if (yl_segmenter_new(d, &s) != YL_OK) abort();
  ok = yl_segment(s, text.b ? text.b : "", text.len, mode ? YL_SEG_NO_HMM : 0, &t, &n) == YL_OK &&
       n == unit.n * (size_t)c->repeat;
  for (size_t i = 0; ok && i < n; i++) {
    size_t k = i % (unit.n ? unit.n : 1), a = k ? unit.cut[k - 1] : 0;
    ok = t[i].len == unit.cut[k] - a && memcmp(text.b + t[i].off, unit.b + a, t[i].len) == 0;
  }
  if (!ok) {
    YL_T_FAIL("%s (%s): %zu tokens, want %zu", c->title, mode ? "nohmm" : "hmm", n,
              unit.n * (size_t)c->repeat);
    if (text.len < 4096) {
      fprintf(stderr, "  got:  ");
      for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%.*s", i ? "/" : "", (int)t[i].len, text.b + t[i].off);
      fprintf(stderr, "\n  want: %s\n", c->want[mode]);
    }
  }
  yl_segmenter_free(s);
done:
  free(in.b);
  free(in.cut);
  free(unit.b);
  free(unit.cut);
  free(text.b);
  free(text.cut);
  return ok;
}

static void test_regressions(void) {
  char path[1200];
  snprintf(path, sizeof path, "%s/regressions.txt", fixtures);
  FILE *f = fopen(path, "rb");
  OK(f != NULL);
  if (!f) return;
  char *line = NULL;
  size_t cap = 0, titles = 0, checked = 0, passed = 0;
  ssize_t got;
  rcase c;
  memset(&c, 0, sizeof c);
  int open_case = 0, eof = 0;
  while (!eof) {
    got = getline(&line, &cap, f);
    eof = got < 0;
    if (!eof && got && line[got - 1] == '\n') line[--got] = '\0';
    if (!eof && line[0] == '#') continue;
    if (eof || got == 0 || strncmp(line, "== ", 3) == 0) {
      if (open_case) { /* the case ends: it must be complete */
        if (!c.dict[0] || !c.in || !c.want[0] || !c.want[1] || c.repeat < 1)
          YL_T_FAIL("%s: incomplete case", c.title);
        else
          for (int m = 0; m < 2; m++, checked++) passed += (size_t)check(&c, m);
        free(c.in);
        free(c.want[0]);
        free(c.want[1]);
        memset(&c, 0, sizeof c);
        open_case = 0;
      }
      if (!eof && got) {
        titles++;
        open_case = 1;
        c.repeat = 1;
        snprintf(c.title, sizeof c.title, "%s", line + 3);
      }
      continue;
    }
    char *colon = strchr(line, ':');
    if (!open_case || !colon) {
      YL_T_FAIL("regressions.txt: stray line \"%s\"", line);
      continue;
    }
    *colon = '\0';
    char *val = colon[1] == ' ' ? colon + 2 : colon + 1;
    if (strcmp(line, "dict") == 0) snprintf(c.dict, sizeof c.dict, "%s", val);
    else if (strcmp(line, "in") == 0 && !c.in) c.in = strdup(val);
    else if (strcmp(line, "repeat") == 0) c.repeat = strtol(val, NULL, 10);
    else if (strcmp(line, "hmm") == 0 && !c.want[0]) c.want[0] = strdup(val);
    else if (strcmp(line, "nohmm") == 0 && !c.want[1]) c.want[1] = strdup(val);
    else YL_T_FAIL("%s: unknown or repeated field \"%s\"", c.title, line);
  }
  free(line);
  fclose(f);
  /* every titled case ran in both modes, and there are cases */
  OK(titles >= 60);
  INT_EQ(checked, 2 * titles);
  INT_EQ(passed, checked);
}

int main(void) {
  const char *srcdir = getenv("YL_SRC");
  snprintf(fixtures, sizeof fixtures, "%s/tests/fixtures/seg", srcdir ? srcdir : ".");
  RUN(test_regressions);
  for (size_t i = 0; i < sizeof dicts / sizeof *dicts; i++) yl_dict_free(dicts[i].d);
  YL_TEST_DONE();
}
