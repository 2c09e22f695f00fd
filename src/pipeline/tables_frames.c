/* frames.csv, frames_test.csv and frames_docs.csv (--frames): pass 2's coded documents
 * (see frames.h) counted per group (and period), with Pearson's χ² test of each frame
 * against the groups (and the periods): the table of documents with and without the
 * frame (yl_chi2_table). Written while the documents are still there. */
#include <stdlib.h>
#include <string.h>

#include "ingest/date.h"
#include "pipeline/engine.h"
#include "pipeline/frames.h"
#include "pipeline/tables.h"
#include "yuliao/stats.h"

/* Counts of one way of cutting the corpus (groups, or periods): per unit its documents
 * and tokens, per unit and frame the coded documents and matches. */
typedef struct cut {
  size_t nu;
  uint64_t *docs, *tokens, *coded, *matches; /* coded and matches: [unit * nf + frame] */
} cut;

static void cut_free(cut *c) {
  free(c->docs), free(c->tokens), free(c->coded), free(c->matches);
  memset(c, 0, sizeof *c);
}

static yl_status cut_init(cut *c, size_t nu, size_t nf) {
  c->nu = nu;
  c->docs = calloc(nu ? nu : 1, sizeof *c->docs);
  c->tokens = calloc(nu ? nu : 1, sizeof *c->tokens);
  c->coded = calloc(nu * nf + 1, sizeof *c->coded);
  c->matches = calloc(nu * nf + 1, sizeof *c->matches);
  return c->docs && c->tokens && c->coded && c->matches ? YL_OK : YL_ERR_NOMEM;
}

/* The standardised residuals of frame 'f' over the first 'nu' units of 'c' (the 2 × nu
 * table of documents with and without it): res[u]; the test into the other pointers.
 * YL_ERR_INVALID when there is no test (one unit, or no document with or without). */
static yl_status test(const cut *c, size_t nu, size_t nf, size_t f, double *res, double *x,
                      double *df, double *p, double *v) {
  uint64_t *o = malloc(2 * (nu ? nu : 1) * sizeof *o);
  double *sr = malloc(2 * (nu ? nu : 1) * sizeof *sr);
  yl_status st = o && sr ? YL_OK : YL_ERR_NOMEM;
  for (size_t u = 0; !st && u < nu; u++) {
    o[u] = c->coded[u * nf + f];
    o[nu + u] = c->docs[u] - c->coded[u * nf + f];
  }
  if (!st) st = yl_chi2_table(o, 2, nu, x, df, p, v, sr);
  for (size_t u = 0; !st && u < nu; u++) res[u] = sr[u];
  free(o);
  free(sr);
  return st;
}

static yl_status num_or_empty(yl_csv *c, int have, double v) {
  return have ? yl_csv_double(c, v) : yl_csv_str(c, "");
}

typedef struct ctx {
  const yl_outctx *x;
  const yl_frames *fr;
  size_t nf;
  int by_period;
} ctx;

/* frames.csv's rows of unit 'u' of 'c' (named 'group', 'period'), residuals 'res' per
 * frame or NULL. */
static yl_status unit_rows(const ctx *k, yl_csv *csv, const cut *c, size_t u, const char *group,
                           const char *period, const double *res) {
  yl_status st = YL_OK;
  if (!c->docs[u]) return YL_OK; /* a group of duplicates only, a period of another group */
  for (size_t f = 0; !st && f < k->nf; f++) {
    uint64_t d = c->coded[u * k->nf + f], mt = c->matches[u * k->nf + f];
    st = yl_csv_str(csv, group);
    if (!st && k->by_period) st = yl_csv_str(csv, period);
    if (!st) st = yl_csv_str(csv, yl_frames_name(k->fr, f));
    if (!st) st = yl_cell_u64(csv, d);
    if (!st) st = yl_csv_double(csv, (double)d / (double)c->docs[u]);
    if (!st) st = yl_cell_u64(csv, mt);
    if (!st) st = num_or_empty(csv, c->tokens[u] > 0, c->tokens[u] ? (double)mt / (double)c->tokens[u] * 10000.0 : 0);
    if (!st) st = num_or_empty(csv, res != NULL, res ? res[f] : 0);
    if (!st) st = yl_csv_end_row(csv);
  }
  return st;
}

static int period_cmp(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return (a > b) - (a < b);
}

yl_status yl_tables_frames(const yl_outctx *x, const yl_run *r) {
  const yl_analyze_opts *o = x->o;
  const yl_merged *m = x->m;
  if (!o->frames) return YL_OK;
  ctx k = {x, o->frames, yl_frames_count(o->frames), o->period >= 0};
  size_t ng = o->group_by == YL_GROUP_NONE ? 0 : m->ng; /* groups; ALL is unit ng */
  /* the periods of the counted documents, in time order (undated last): pk[0 .. np) */
  size_t np = 0;
  uint32_t *per = malloc((r->ndocs ? r->ndocs : 1) * sizeof *per);
  uint32_t *pk = malloc((r->ndocs ? r->ndocs : 1) * sizeof *pk);
  yl_status st = per && pk ? YL_OK : YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    per[i] = k.by_period ? yl_date_period(r->keys[i].doc->published_ms, (yl_period)o->period) : 0;
    if (k.by_period && r->keys[i].doc->status == YL_DOC_ANALYSED) pk[np++] = per[i];
  }
  if (!st && np) qsort(pk, np, sizeof *pk, period_cmp);
  size_t nu = 0; /* the distinct ones */
  for (size_t j = 0; !st && j < np; j++)
    if (!nu || pk[nu - 1] != pk[j]) pk[nu++] = pk[j];
  np = nu;
  /* groups (ALL last) and, with --period, (group, period) cells */
  cut g = {0}, gp = {0};
  if (!st) st = cut_init(&g, ng + 1, k.nf);
  if (!st && k.by_period) st = cut_init(&gp, (ng + 1) * np, k.nf);
  uint32_t *unit = malloc((r->ndocs ? r->ndocs : 1) * sizeof *unit), *pu = NULL;
  if (!st && !unit) st = YL_ERR_NOMEM;
  if (!st && k.by_period && !(pu = malloc((r->ndocs ? r->ndocs : 1) * sizeof *pu))) st = YL_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->ndocs; i++) {
    if (r->keys[i].doc->status != YL_DOC_ANALYSED) continue;
    const yl_docent *e = &r->docs[i];
    unit[i] = ng ? r->w[e->worker].gmap[e->group] : 0;
    size_t us[2] = {unit[i], ng}, nus = ng ? 2 : 1;
    if (k.by_period) /* its period's place in pk */
      pu[i] = (uint32_t)((const uint32_t *)bsearch(&per[i], pk, np, sizeof *pk, period_cmp) - pk);
    for (size_t a = 0; a < nus; a++) {
      g.docs[us[a]]++, g.tokens[us[a]] += e->tokens;
      if (k.by_period) gp.docs[us[a] * np + pu[i]]++, gp.tokens[us[a] * np + pu[i]] += e->tokens;
    }
  }
  for (size_t h = 0; !st && h < m->fhits.n; h++) {
    const yl_frame_hit *fh = &m->fhits.v[h];
    size_t us[2] = {unit[fh->doc], ng}, nus = ng ? 2 : 1;
    for (size_t a = 0; a < nus; a++) {
      g.coded[us[a] * k.nf + fh->frame]++, g.matches[us[a] * k.nf + fh->frame] += fh->matches;
      if (k.by_period) {
        size_t c = us[a] * np + pu[fh->doc];
        gp.coded[c * k.nf + fh->frame]++, gp.matches[c * k.nf + fh->frame] += fh->matches;
      }
    }
  }
  /* frames_test.csv and the residuals: each frame against the groups, and against the
   * periods of ALL's documents */
  double *gres = calloc((ng + 1) * k.nf + 1, sizeof *gres), *pres = calloc(np * k.nf + 1, sizeof *pres);
  double *t = calloc(8 * k.nf + 1, sizeof *t); /* x, df, p, v by groups; then by periods */
  unsigned char *ok = calloc(2 * k.nf + 1, 1);
  if (!st && (!gres || !pres || !t || !ok)) st = YL_ERR_NOMEM;
  cut ap = {0}; /* ALL's periods as units */
  if (!st && k.by_period)
    ap = (cut){np, gp.docs + ng * np, gp.tokens + ng * np, gp.coded + ng * np * k.nf, gp.matches + ng * np * k.nf};
  double *res = malloc(((ng > np ? ng : np) + 1) * sizeof *res);
  if (!st && !res) st = YL_ERR_NOMEM;
  for (size_t f = 0; !st && f < k.nf; f++) {
    yl_status ts = ng ? test(&g, ng, k.nf, f, res, &t[8 * f], &t[8 * f + 1], &t[8 * f + 2], &t[8 * f + 3]) : YL_ERR_INVALID;
    if (ts == YL_ERR_NOMEM) st = ts;
    ok[2 * f] = ts == YL_OK;
    for (size_t u = 0; ts == YL_OK && u < ng; u++) gres[u * k.nf + f] = res[u];
    if (!st && k.by_period) {
      /* ALL's periods (the cells are in time order) */
      ts = test(&ap, np, k.nf, f, res, &t[8 * f + 4], &t[8 * f + 5], &t[8 * f + 6], &t[8 * f + 7]);
      if (ts == YL_ERR_NOMEM) st = ts;
      ok[2 * f + 1] = ts == YL_OK;
      for (size_t j = 0; ts == YL_OK && j < np; j++) pres[j * k.nf + f] = res[j];
    }
  }
  free(res);
  /* frames.csv */
  static const char *const cols[] = {"group", "frame", "documents", "share", "matches", "per_10k", "residual", NULL};
  static const char *const pcols[] = {"group", "period", "frame", "documents", "share", "matches", "per_10k", "residual", NULL};
  yl_csv *c = NULL;
  if (!st) st = yl_tables_open(x, YL_TABLE_FRAMES, k.by_period ? pcols : cols, &c);
  double *rr = calloc(k.nf + 1, sizeof *rr);
  if (!st && !rr) st = YL_ERR_NOMEM;
  for (size_t u = 0; !st && u <= ng; u++) {
    const char *name = u < ng ? m->names[u] : "ALL";
    int have = u < ng;
    for (size_t f = 0; have && f < k.nf; f++) {
      if (!ok[2 * f]) have = 0;
      rr[f] = gres[u * k.nf + f];
    }
    st = unit_rows(&k, c, &g, u, name, "", have ? rr : NULL);
    for (size_t j = 0; !st && k.by_period && j < np; j++) {
      char pn[16];
      pn[yl_date_period_name(pk[j], (yl_period)o->period, pn)] = '\0';
      int hp = u == ng;
      for (size_t f = 0; hp && f < k.nf; f++) {
        if (!ok[2 * f + 1]) hp = 0;
        rr[f] = pres[j * k.nf + f];
      }
      st = unit_rows(&k, c, &gp, u * np + j, name, pn, hp ? rr : NULL);
    }
  }
  free(rr);
  if (c) st = yl_tables_close(x, YL_TABLE_FRAMES, c, st);
  /* frames_test.csv */
  static const char *const tcols[] = {"frame", "chi2", "df", "p_value", "cramers_v", NULL};
  static const char *const tpcols[] = {"frame", "across", "chi2", "df", "p_value", "cramers_v", NULL};
  c = NULL;
  if (!st) st = yl_tables_open(x, YL_TABLE_FRAMES_TEST, k.by_period ? tpcols : tcols, &c);
  for (size_t f = 0; !st && f < k.nf; f++)
    for (int a = 0; !st && a < 1 + k.by_period; a++) {
      st = yl_csv_str(c, yl_frames_name(k.fr, f));
      if (!st && k.by_period) st = yl_csv_str(c, a ? "period" : "group");
      for (int q = 0; !st && q < 4; q++) st = num_or_empty(c, ok[2 * f + a], t[8 * f + 4 * a + q]);
      if (!st) st = yl_csv_end_row(c);
    }
  if (c) st = yl_tables_close(x, YL_TABLE_FRAMES_TEST, c, st);
  /* frames_docs.csv */
  static const char *const dcols[] = {"doc_id", "group", "period", "frame", "matches", NULL};
  c = NULL;
  if (!st) st = yl_tables_open(x, YL_TABLE_FRAMES_DOCS, dcols, &c);
  for (size_t h = 0; !st && h < m->fhits.n; h++) {
    const yl_frame_hit *fh = &m->fhits.v[h];
    char pn[16] = "";
    if (k.by_period) pn[yl_date_period_name(per[fh->doc], (yl_period)o->period, pn)] = '\0';
    st = yl_cell_u64(c, (uint64_t)fh->doc + 1);
    if (!st) st = yl_csv_str(c, ng ? m->names[unit[fh->doc]] : "ALL");
    if (!st) st = yl_csv_str(c, pn);
    if (!st) st = yl_csv_str(c, yl_frames_name(k.fr, fh->frame));
    if (!st) st = yl_cell_u64(c, fh->matches);
    if (!st) st = yl_csv_end_row(c);
  }
  if (c) st = yl_tables_close(x, YL_TABLE_FRAMES_DOCS, c, st);
  free(gres), free(pres), free(t), free(ok);
  cut_free(&g), cut_free(&gp);
  free(unit), free(pu), free(per), free(pk);
  return st;
}
