/* Networks from cooccurrence.csv: edge selection, nodes, communities, layout. */
#include "report/network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "report/community.h"
#include "report/csvread.h"
#include "report/layout.h"

const char *yl_net_measure_name(int m) {
  static const char *const n[] = {"jaccard", "log_dice", "npmi", "count"};
  return m >= 0 && m < 4 ? n[m] : NULL;
}

/* A row of the group being read: its terms in the group's string buffer. */
typedef struct crow {
  size_t s, t; /* offsets of the NUL-terminated terms */
  double w;
  uint64_t count, fs, ft;
  size_t idx;
} crow;

static int crow_cmp(const void *p, const void *q) {
  const crow *a = p, *b = q;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

typedef struct nref {
  const char *term;
  uint64_t freq;
} nref;

static int nref_cmp(const void *p, const void *q) {
  const nref *a = p, *b = q;
  if (a->freq != b->freq) return a->freq > b->freq ? -1 : 1;
  return strcmp(a->term, b->term);
}

static int nref_term_cmp(const void *p, const void *q) {
  return strcmp(((const nref *)p)->term, ((const nref *)q)->term);
}

double yl_net_label_width(const char *term, double px) {
  double w = 0;
  for (const unsigned char *p = (const unsigned char *)term; *p; p++) {
    if ((*p & 0xC0) == 0x80) continue;
    w += *p >= 0xE1 ? px : 0.6 * px; /* U+1000 and up: CJK, kana, hangul, full-width */
  }
  return w;
}

static uint32_t node_of(const nref *byterm, const uint32_t *idx, size_t nn, const char *t) {
  size_t lo = 0, hi = nn;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(byterm[mid].term, t);
    if (!c) return idx[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0; /* cannot be: every edge's terms are nodes */
}

/* The network of one group from its rows. */
static yl_status make_net(yl_network *net, const char *terms, crow *rows, size_t n, size_t top) {
  qsort(rows, n, sizeof *rows, crow_cmp);
  size_t ne = top && top < n ? top : n;
  nref *nr = malloc((2 * ne + 1) * sizeof *nr);
  if (!nr) return YL_ERR_NOMEM;
  size_t k = 0;
  for (size_t i = 0; i < ne; i++) {
    nr[k++] = (nref){terms + rows[i].s, rows[i].fs};
    nr[k++] = (nref){terms + rows[i].t, rows[i].ft};
  }
  qsort(nr, k, sizeof *nr, nref_term_cmp);
  size_t nn = 0;
  for (size_t i = 0; i < k; i++)
    if (!nn || strcmp(nr[nn - 1].term, nr[i].term)) nr[nn++] = nr[i];
  /* by term: their index in frequency order */
  nref *byfreq = malloc((nn + 1) * sizeof *byfreq);
  uint32_t *idx = malloc((nn + 1) * sizeof *idx);
  net->nodes = calloc(nn + 1, sizeof *net->nodes);
  net->edges = calloc(ne + 1, sizeof *net->edges);
  uint32_t *ea = malloc((ne + 1) * sizeof *ea), *eb = malloc((ne + 1) * sizeof *eb),
           *comm = malloc((nn + 1) * sizeof *comm);
  double *x = malloc((nn + 1) * sizeof *x), *y = malloc((nn + 1) * sizeof *y),
         *bw = malloc((nn + 1) * sizeof *bw), *bh = malloc((nn + 1) * sizeof *bh);
  yl_status st = byfreq && idx && net->nodes && net->edges && ea && eb && comm && x && y && bw && bh
                     ? YL_OK : YL_ERR_NOMEM;
  if (!st) {
    memcpy(byfreq, nr, nn * sizeof *nr);
    qsort(byfreq, nn, sizeof *byfreq, nref_cmp);
    for (size_t i = 0; i < nn; i++) {
      /* nr is sorted by term: find each frequency-ordered node there */
      size_t lo = 0, hi = nn;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(nr[mid].term, byfreq[i].term) < 0) lo = mid + 1;
        else hi = mid;
      }
      idx[lo] = (uint32_t)i;
      net->nodes[i].freq = byfreq[i].freq;
      if (!(net->nodes[i].term = strdup(byfreq[i].term))) st = YL_ERR_NOMEM;
    }
    net->nn = nn;
  }
  for (size_t i = 0; !st && i < ne; i++) {
    uint32_t a = node_of(nr, idx, nn, terms + rows[i].s), b = node_of(nr, idx, nn, terms + rows[i].t);
    net->edges[i] = (yl_net_edge){a, b, rows[i].w, rows[i].count};
    ea[i] = a;
    eb[i] = b;
    net->nodes[a].degree++;
    net->nodes[b].degree++;
  }
  if (!st) net->ne = ne;
  if (!st) st = yl_community_greedy(nn, ea, eb, ne, comm, &net->ncomm);
  if (!st) st = yl_layout_force(nn, ea, eb, ne, YL_NET_SEED, YL_NET_WIDTH, YL_NET_HEIGHT, 24, x, y);
  if (!st) {
    size_t kl = nn < YL_NET_LABELS ? nn : YL_NET_LABELS;
    for (size_t i = 0; i < kl; i++) {
      bw[i] = yl_net_label_width(net->nodes[i].term, 12) + 4;
      bh[i] = 15;
    }
    yl_layout_labels(kl, x, y, bw, bh, YL_NET_WIDTH, YL_NET_HEIGHT);
    for (size_t i = 0; i < nn; i++) {
      net->nodes[i].comm = comm[i];
      net->nodes[i].x = round(x[i] * 10) / 10;
      net->nodes[i].y = round(y[i] * 10) / 10;
    }
  }
  free(nr);
  free(byfreq);
  free(idx);
  free(ea);
  free(eb);
  free(comm);
  free(x);
  free(y);
  free(bw);
  free(bh);
  return st;
}

void yl_networks_free(yl_network *v, size_t n) {
  for (size_t i = 0; v && i < n; i++) {
    free(v[i].group);
    for (size_t j = 0; j < v[i].nn; j++) free(v[i].nodes[j].term);
    free(v[i].nodes);
    free(v[i].edges);
  }
  free(v);
}

static uint64_t u64_of(double v) { return v >= 0 && v < 1.8e19 ? (uint64_t)v : 0; }

yl_status yl_networks_build(const char *dir, unsigned flags, size_t top, yl_net_measure measure,
                            yl_network **out, size_t *n) {
  *out = NULL;
  *n = 0;
  char path[4096];
  snprintf(path, sizeof path, "%s/cooccurrence.csv", dir);
  yl_csvr *r = NULL;
  yl_status st = yl_csvr_open(path, flags, &r);
  if (st) return st;
  static const char *const mcol[] = {"jaccard", "log_dice", "npmi", "Weight"};
  int cs = yl_csvr_col(r, "Source"), ct = yl_csvr_col(r, "Target"), cw = yl_csvr_col(r, "Weight"),
      cg = yl_csvr_col(r, "group"), cfs = yl_csvr_col(r, "f_source"),
      cft = yl_csvr_col(r, "f_target"), cm = yl_csvr_col(r, mcol[measure]);
  yl_network *nets = NULL;
  size_t nnet = 0, capn = 0;
  yl_buf terms = YL_BUF_INIT;
  crow *rows = NULL;
  size_t nr = 0, capr = 0;
  char *group = NULL;
  for (;;) {
    int k = yl_csvr_next(r);
    if (k < 0) st = YL_ERR_NOMEM;
    const char *g = k > 0 ? yl_csvr_text(r, cg, NULL) : NULL;
    if (!st && group && (!g || strcmp(g, group))) { /* the group ends */
      if (nnet == capn) {
        size_t c = capn ? 2 * capn : 8;
        yl_network *p = realloc(nets, c * sizeof *p);
        if (!p) st = YL_ERR_NOMEM;
        else nets = p, capn = c;
      }
      if (!st) {
        memset(&nets[nnet], 0, sizeof *nets);
        nets[nnet].group = group;
        group = NULL;
        nnet++;
        st = terms.failed ? YL_ERR_NOMEM : make_net(&nets[nnet - 1], terms.data, rows, nr, top);
      }
      nr = 0;
      yl_buf_clear(&terms);
    }
    if (st || k <= 0) break;
    if (!group && !(group = strdup(g))) {
      st = YL_ERR_NOMEM;
      break;
    }
    double w = yl_csvr_num(r, cm);
    if (isnan(w)) continue; /* a measure that does not exist for the pair */
    if (nr == capr) {
      size_t c = capr ? 2 * capr : 1024;
      crow *p = realloc(rows, c * sizeof *p);
      if (!p) {
        st = YL_ERR_NOMEM;
        break;
      }
      rows = p;
      capr = c;
    }
    size_t ls, lt;
    const char *s = yl_csvr_text(r, cs, &ls);
    crow *c = &rows[nr];
    c->s = terms.len;
    yl_buf_put(&terms, s, ls + 1);
    const char *t = yl_csvr_text(r, ct, &lt);
    c->t = terms.len;
    yl_buf_put(&terms, t, lt + 1);
    c->w = w;
    c->count = u64_of(yl_csvr_num(r, cw));
    c->fs = u64_of(yl_csvr_num(r, cfs));
    c->ft = u64_of(yl_csvr_num(r, cft));
    c->idx = nr++;
  }
  free(group);
  free(rows);
  yl_buf_free(&terms);
  yl_csvr_free(r);
  if (st) {
    yl_networks_free(nets, nnet);
    return st;
  }
  *out = nets;
  *n = nnet;
  return YL_OK;
}
