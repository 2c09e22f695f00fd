/* report.html from the committed tables of one run (see report.h). Each section reads
 * its table back with csvread.h and draws from the cells' own text. */
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "pipeline/config.h"
#include "report/csvread.h"
#include "report/html.h"
#include "report/network.h"
#include "report/svg.h"
#include "yuliao/csv.h"
#include "yuliao/outfile.h"
#include "yuliao/version.h"

/* Rows of one section: the figures show at most these. */
enum { TOP_TERMS = 15, KEY_SIDE = 10, LIST_FILES = 20, KWIC_PER_TERM = 3, KWIC_PER_GROUP = 12,
       TREND_TERMS = 6, TREND_GROUPS = 10, MAX_PERIODS = 60, NEWWORDS_ROWS = 30 };

/* ---- a table in memory: the kept rows of a CSV, every cell as text ---- */

typedef struct tab {
  yl_buf s;    /* the cells, each NUL-terminated */
  size_t *off; /* nr × nc offsets */
  size_t nc, nr, cap;
  char **cols;
  int eu;
} tab;

static void tab_free(tab *t) {
  yl_buf_free(&t->s);
  free(t->off);
  for (size_t i = 0; t->cols && i < t->nc; i++) free(t->cols[i]);
  free(t->cols);
  memset(t, 0, sizeof *t);
}

static yl_status tab_init(tab *t, const yl_csvr *r, unsigned flags) {
  memset(t, 0, sizeof *t);
  t->nc = yl_csvr_ncols(r);
  t->eu = (flags & YL_CSV_EXCEL_EU) != 0;
  t->cols = calloc(t->nc + 1, sizeof *t->cols);
  if (!t->cols) return YL_ERR_NOMEM;
  for (size_t i = 0; i < t->nc; i++)
    if (!(t->cols[i] = strdup(yl_csvr_colname(r, i)))) return YL_ERR_NOMEM;
  return YL_OK;
}

/* The current record of 'r' as a new row. */
static yl_status tab_add(tab *t, const yl_csvr *r) {
  if (t->nr == t->cap) {
    size_t c = t->cap ? 2 * t->cap : 64;
    size_t *p = realloc(t->off, c * (t->nc ? t->nc : 1) * sizeof *p);
    if (!p) return YL_ERR_NOMEM;
    t->off = p;
    t->cap = c;
  }
  for (size_t j = 0; j < t->nc; j++) {
    size_t n;
    const char *s = yl_csvr_text(r, (int)j, &n);
    t->off[t->nr * t->nc + j] = t->s.len;
    yl_buf_put(&t->s, s, n);
    yl_buf_putc(&t->s, '\0');
  }
  t->nr++;
  return t->s.failed ? YL_ERR_NOMEM : YL_OK;
}

static int tab_col(const tab *t, const char *name) {
  for (size_t i = 0; i < t->nc; i++)
    if (!strcmp(t->cols[i], name)) return (int)i;
  return -1;
}

static const char *cell(const tab *t, size_t row, int col) {
  if (col < 0 || (size_t)col >= t->nc || row >= t->nr) return "";
  return t->s.data + t->off[row * t->nc + (size_t)col];
}

static double num_of(const char *s, int eu) {
  if (!*s) return NAN;
  if (!strcmp(s, "Inf")) return INFINITY;
  if (!strcmp(s, "-Inf")) return -INFINITY;
  char b[64];
  size_t n = strlen(s);
  if (n >= sizeof b) return NAN;
  memcpy(b, s, n + 1);
  if (eu)
    for (char *p = b; *p; p++)
      if (*p == ',') *p = '.';
  char *end;
  double v = strtod(b, &end);
  return *end ? NAN : v;
}

static double num(const tab *t, size_t row, int col) { return num_of(cell(t, row, col), t->eu); }

/* ---- the report being written ---- */

typedef struct rep {
  yl_buf b;
  const char *dir;
  unsigned flags;
  const yl_config *cfg;
  const yl_analyze_summary *sum;
  char **groups; /* the groups of documents.csv in name order (no ALL) */
  size_t ng;
  yl_status st; /* the first failure of a read */
  int eno;
  char failed[64]; /* the table it failed on */
} rep;

/* Opens 'name' in the output folder; 0 when it is not there (the section is left out),
 * 1 when it is, -1 on a failure (recorded). */
static int open_table(rep *c, const char *name, yl_csvr **r) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", c->dir, name);
  yl_status st = yl_csvr_open(path, c->flags, r);
  if (!st) return 1;
  if (st == YL_ERR_IO && errno == ENOENT) return 0;
  if (!c->st) {
    c->st = st;
    c->eno = errno;
    snprintf(c->failed, sizeof c->failed, "%s", name);
  }
  return -1;
}

/* The whole table 'name' into 't' (rows where keep(row) holds, or all); 0 when absent. */
static int load(rep *c, const char *name, tab *t, int (*keep)(const yl_csvr *, void *), void *ctx) {
  yl_csvr *r = NULL;
  int k = open_table(c, name, &r);
  if (k <= 0) return k;
  yl_status st = tab_init(t, r, c->flags);
  int n;
  while (!st && (n = yl_csvr_next(r)) != 0) {
    if (n < 0) st = YL_ERR_NOMEM;
    else if (!keep || keep(r, ctx)) st = tab_add(t, r);
  }
  yl_csvr_free(r);
  if (st) {
    tab_free(t);
    if (!c->st) c->st = st;
  }
  return st ? -1 : 1;
}

static void put(rep *c, const char *s) { yl_buf_puts(&c->b, s); }

/* Records that a figure's memory could not be had: the report is not written. */
static int nomem(rep *c) {
  if (!c->st) c->st = YL_ERR_NOMEM;
  return 0;
}
static void esc(rep *c, const char *s) { yl_html_str(&c->b, s); }

/* One line figure of a trend (a term's, a frame's): its box marked data-ATTR="NAME",
 * the name and the unit as its title, then the lines (svg.h). */
static void line_figure(rep *c, const char *id, const char *attr, const char *name,
                        const char *unit, const char *cls, const char *const *xlab, size_t nx,
                        const char *const *series, const double *y, const char *const *yt,
                        size_t ns, double ymax) {
  put(c, "<div class=\"fig\" data-");
  put(c, attr);
  put(c, "=\"");
  esc(c, name);
  put(c, "\"><h3>");
  esc(c, name);
  put(c, " <small>");
  put(c, unit);
  put(c, "</small></h3>");
  yl_svg_lines(&c->b, id, cls, xlab, nx, series, y, yt, ns, ymax);
  put(c, "</div>");
}

static void section(rep *c, const char *id, const char *title, const char *how,
                    const char *const *tables) {
  yl_buf_printf(&c->b, "<section id=\"%s\"><h2>%s</h2><p class=\"how\">%s</p><p class=\"src\">Table%s: ",
                id, title, how, tables[0] && tables[1] ? "s" : "");
  for (size_t i = 0; tables[i]; i++)
    yl_buf_printf(&c->b, "%s<a href=\"%s\">%s</a>", i ? ", " : "", tables[i], tables[i]);
  put(c, "</p>\n");
}

static int group_index(const rep *c, const char *g) {
  for (size_t i = 0; i < c->ng; i++)
    if (!strcmp(c->groups[i], g)) return (int)i;
  return -1;
}

/* A cell of an HTML table. */
static void td(rep *c, const char *s, int numeric) {
  put(c, numeric ? "<td class=\"n\">" : "<td>");
  esc(c, s);
  put(c, "</td>");
}

/* ---- the corpus ---- */

static int str_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct gcount {
  uint64_t docs, dups, tokens;
} gcount;

static void corpus(rep *c) {
  static const char *const t[] = {"documents.csv", "periods.csv", "manifest.json", NULL};
  section(c, "corpus", "The corpus",
          "How to read: the documents counted in each group, the files left out and why, "
          "and the options of this run. A duplicate is listed in documents.csv but counted "
          "once, in the copy it repeats.", t);
  yl_csvr *r = NULL;
  if (open_table(c, "documents.csv", &r) <= 0) return;
  int cg = yl_csvr_col(r, "group"), cs = yl_csvr_col(r, "status"), ct = yl_csvr_col(r, "tokens");
  tab left;
  yl_status st = tab_init(&left, r, c->flags);
  gcount *gc = NULL;
  size_t nskip = 0, ndup = 0;
  int k;
  /* one pass over documents.csv: each group's counts beside its name, in the order
   * first seen, then both sorted by name */
  size_t cap = 0;
  while (!st && (k = yl_csvr_next(r)) != 0) {
    if (k < 0) {
      st = YL_ERR_NOMEM;
      break;
    }
    const char *status = yl_csvr_cell(r, cs, NULL), *g = yl_csvr_text(r, cg, NULL);
    if (!strcmp(status, "skipped") ? nskip++ < LIST_FILES : !strcmp(status, "duplicate") && ndup++ < LIST_FILES)
      st = tab_add(&left, r);
    if (st || !*g) continue;
    int gi = group_index(c, g);
    if (gi < 0) {
      if (c->ng == cap) {
        size_t nc = cap ? 2 * cap : 16;
        char **p = realloc(c->groups, nc * sizeof *p);
        if (p) c->groups = p;
        gcount *q = p ? realloc(gc, nc * sizeof *q) : NULL;
        if (!q) {
          st = YL_ERR_NOMEM;
          break;
        }
        gc = q;
        cap = nc;
      }
      if (!(c->groups[c->ng] = strdup(g))) {
        st = YL_ERR_NOMEM;
        break;
      }
      gc[c->ng] = (gcount){0, 0, 0};
      gi = (int)c->ng++;
    }
    if (!strcmp(status, "analysed")) {
      gc[gi].docs++;
      double tk = yl_csvr_num(r, ct);
      gc[gi].tokens += isfinite(tk) && tk > 0 ? (uint64_t)tk : 0;
    } else if (!strcmp(status, "duplicate")) {
      gc[gi].dups++;
    }
  }
  yl_csvr_free(r);
  r = NULL;
  if (!st && c->ng) { /* names sorted, their counts moved with them */
    char **names = malloc(c->ng * sizeof *names);
    gcount *sorted = malloc(c->ng * sizeof *sorted);
    if (names && sorted) {
      memcpy(names, c->groups, c->ng * sizeof *names);
      qsort(c->groups, c->ng, sizeof *c->groups, str_cmp);
      for (size_t a = 0; a < c->ng; a++) sorted[group_index(c, names[a])] = gc[a];
      memcpy(gc, sorted, c->ng * sizeof *gc);
    } else {
      st = YL_ERR_NOMEM;
    }
    free(names);
    free(sorted);
  }
  if (st) {
    if (!c->st) c->st = st;
    tab_free(&left);
    free(gc);
    return;
  }
  /* documents per group: a bar chart and the table */
  yl_svg_bar *bars = calloc(c->ng + 1, sizeof *bars);
  char (*txt)[24] = calloc(c->ng + 1, sizeof *txt);
  if ((bars && txt) || nomem(c)) {
    for (size_t g = 0; g < c->ng; g++) {
      snprintf(txt[g], sizeof txt[g], "%llu", (unsigned long long)gc[g].docs);
      bars[g] = (yl_svg_bar){c->groups[g], (double)gc[g].docs, txt[g], 1};
    }
    put(c, "<div class=\"fig\"><h3>Documents counted per group</h3>");
    yl_svg_hbars(&c->b, "fig-docs", "fig bars", bars, c->ng, 0);
    put(c, "</div>");
  }
  free(bars);
  free(txt);
  put(c, "<table id=\"tab-groups\" class=\"sortable\"><thead><tr><th>group</th><th>documents</th>"
         "<th>duplicates</th><th>tokens</th></tr></thead><tbody>");
  for (size_t g = 0; g < c->ng; g++) {
    put(c, "<tr>");
    td(c, c->groups[g], 0);
    yl_buf_printf(&c->b, "<td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>",
                  (unsigned long long)gc[g].docs, (unsigned long long)gc[g].dups,
                  (unsigned long long)gc[g].tokens);
  }
  put(c, "</tbody></table>");
  free(gc);
  /* per period */
  tab per;
  if (load(c, "periods.csv", &per, NULL, NULL) > 0) {
    int pg = tab_col(&per, "group"), pp = tab_col(&per, "period"), pd = tab_col(&per, "documents");
    const char **plab = calloc(MAX_PERIODS + 1, sizeof *plab);
    size_t np = 0, more = 0;
    for (size_t i = 0; plab && i < per.nr; i++) {
      if (strcmp(cell(&per, i, pg), "ALL")) continue;
      if (np < MAX_PERIODS) plab[np++] = cell(&per, i, pp);
      else more++;
    }
    const char **rl = calloc(c->ng + 1, sizeof *rl), **tx = calloc((c->ng + 1) * (np + 1), sizeof *tx);
    double *v = calloc((c->ng + 1) * (np + 1), sizeof *v), vmax = 0;
    if (!(plab && rl && tx && v)) nomem(c);
    else if (np && c->ng) {
      for (size_t i = 0; i < c->ng * np; i++) {
        v[i] = NAN;
        tx[i] = "";
      }
      for (size_t g = 0; g < c->ng; g++) rl[g] = c->groups[g];
      for (size_t i = 0; i < per.nr; i++) {
        int g = group_index(c, cell(&per, i, pg));
        if (g < 0) continue;
        for (size_t j = 0; j < np; j++)
          if (!strcmp(plab[j], cell(&per, i, pp))) {
            v[(size_t)g * np + j] = num(&per, i, pd);
            tx[(size_t)g * np + j] = cell(&per, i, pd);
            if (v[(size_t)g * np + j] > vmax) vmax = v[(size_t)g * np + j];
          }
      }
      put(c, "<div class=\"fig wide\"><h3>Documents per group and period</h3>");
      yl_svg_heat(&c->b, "fig-periods", "fig heat", rl, c->ng, plab, np, v, tx, NULL, vmax);
      if (more) yl_buf_printf(&c->b, "<p class=\"note\">%zu more periods in periods.csv.</p>", more);
      put(c, "</div>");
    }
    free(plab);
    free(rl);
    free(tx);
    free(v);
    tab_free(&per);
  }
  /* files left out */
  const yl_analyze_summary *s = c->sum;
  yl_buf_printf(&c->b, "<h3>Files</h3><p id=\"files-count\">%zu files: %zu analysed, %zu skipped, "
                       "%zu duplicates.</p>",
                s->files, s->analysed, s->skipped, s->duplicates);
  if (s->n_reasons) {
    put(c, "<table id=\"tab-reasons\"><thead><tr><th>skip reason</th><th>files</th></tr></thead><tbody>");
    for (size_t i = 0; i < s->n_reasons; i++) {
      put(c, "<tr>");
      td(c, s->reasons[i].reason, 0);
      yl_buf_printf(&c->b, "<td class=\"n\">%zu</td></tr>", s->reasons[i].n);
    }
    put(c, "</tbody></table>");
  }
  if (left.nr) {
    int lp = tab_col(&left, "path"), ls = tab_col(&left, "status"), ln = tab_col(&left, "note");
    yl_buf_printf(&c->b, "<table id=\"tab-left-out\" class=\"sortable\"><caption>The first %d "
                         "skipped and the first %d duplicate files</caption><thead><tr><th>file</th>"
                         "<th>status</th><th>reason</th></tr></thead><tbody>",
                  LIST_FILES, LIST_FILES);
    for (size_t i = 0; i < left.nr; i++) {
      put(c, "<tr>");
      td(c, cell(&left, i, lp), 0);
      td(c, cell(&left, i, ls), 0);
      td(c, cell(&left, i, ln), 0);
      put(c, "</tr>");
    }
    put(c, "</tbody></table>");
  }
  tab_free(&left);
  /* the options that differ from their defaults (not --jobs: it changes no number) */
  put(c, "<h3>Options of this run</h3><table id=\"tab-options\"><thead><tr><th>option</th>"
         "<th>value</th></tr></thead><tbody>");
  size_t shown = 0;
  for (size_t i = 0; i < yl_config_option_count(); i++) {
    yl_config_option o;
    char val[1024];
    if (yl_config_option_at(i, &o) || !(o.commands & YL_CONFIG_ANALYZE)) continue;
    if (!strcmp(o.name, "jobs") || yl_config_get(c->cfg, o.name, val, sizeof val)) continue;
    if (!strcmp(val, o.def)) continue;
    yl_buf_printf(&c->b, "<tr><td>--%s</td>", o.name);
    td(c, val, 0);
    put(c, "</tr>");
    shown++;
  }
  if (!shown) put(c, "<tr><td colspan=\"2\">every option at its default</td></tr>");
  put(c, "</tbody></table></section>\n");
}

/* ---- keyness ---- */

static void keyness(rep *c) {
  static const char *const t[] = {"keyness.csv", NULL};
  section(c, "keyness", "What each group stresses",
          "How to read: each group against the rest of the corpus. Bars to the right are "
          "terms the group uses more than the others, to the left less; the length is the "
          "Log Ratio (log2 of the ratio of relative frequencies: 1 = twice as often). Solid "
          "bars with * are significant (G², Bonferroni-corrected); pale ones are not. "
          "The ten of highest and of lowest G² per group.", t);
  tab k;
  if (load(c, "keyness.csv", &k, NULL, NULL) <= 0) {
    put(c, "</section>\n");
    return;
  }
  int kg = tab_col(&k, "group"), kt = tab_col(&k, "term"), kl = tab_col(&k, "log_ratio"),
      k2 = tab_col(&k, "g2"), ks = tab_col(&k, "significant");
  if (!k.nr) put(c, "<p class=\"note\">No keyness rows: fewer than two groups.</p>");
  put(c, "<div class=\"grid\">");
  yl_svg_bar bars[2 * KEY_SIDE];
  for (size_t i = 0, fig = 0; i < k.nr;) {
    size_t j = i;
    while (j < k.nr && !strcmp(cell(&k, j, kg), cell(&k, i, kg))) j++;
    size_t n = 0;
    for (size_t r = i; r < j && n < KEY_SIDE; r++)
      if (num(&k, r, k2) > 0)
        bars[n++] = (yl_svg_bar){cell(&k, r, kt), num(&k, r, kl), cell(&k, r, kl),
                                 !strcmp(cell(&k, r, ks), "true")};
    size_t under0 = j, m = 0;
    while (under0 > i && m < KEY_SIDE && num(&k, under0 - 1, k2) < 0) under0--, m++;
    for (size_t r = under0; r < j; r++)
      bars[n++] = (yl_svg_bar){cell(&k, r, kt), num(&k, r, kl), cell(&k, r, kl),
                               !strcmp(cell(&k, r, ks), "true")};
    char id[32];
    snprintf(id, sizeof id, "fig-keyness-%zu", fig++);
    put(c, "<div class=\"fig\" data-group=\"");
    esc(c, cell(&k, i, kg));
    put(c, "\"><h3>");
    esc(c, cell(&k, i, kg));
    put(c, "</h3>");
    yl_svg_hbars(&c->b, id, "fig bars keyness", bars, n, 1);
    put(c, "</div>");
    i = j;
  }
  put(c, "</div></section>\n");
  tab_free(&k);
}

/* ---- top terms ---- */

typedef struct topctx {
  int cg;
  char last[512];
  size_t n;
} topctx;

static int keep_top(const yl_csvr *r, void *ctx) {
  topctx *t = ctx;
  const char *g = yl_csvr_cell(r, t->cg, NULL);
  if (strncmp(g, t->last, sizeof t->last - 1)) {
    snprintf(t->last, sizeof t->last, "%s", g);
    t->n = 0;
  }
  return t->n++ < TOP_TERMS;
}

static void top_terms(rep *c) {
  static const char *const t[] = {"frequency.csv", NULL};
  section(c, "terms", "Top terms per group",
          "How to read: the most frequent terms of each group (stop words left out), the "
          "bar and the number being the count; ALL is the whole corpus.", t);
  yl_csvr *r = NULL;
  topctx tc = {0, "\x01", 0};
  tab f;
  int ok = open_table(c, "frequency.csv", &r);
  if (ok > 0) {
    tc.cg = yl_csvr_col(r, "group");
    yl_csvr_free(r);
    ok = load(c, "frequency.csv", &f, keep_top, &tc);
  }
  if (ok <= 0) {
    put(c, "</section>\n");
    return;
  }
  int fg = tab_col(&f, "group"), ft = tab_col(&f, "term"), fc = tab_col(&f, "count");
  put(c, "<div class=\"grid\">");
  yl_svg_bar bars[TOP_TERMS];
  for (size_t i = 0, fig = 0; i < f.nr;) {
    size_t j = i, n = 0;
    while (j < f.nr && !strcmp(cell(&f, j, fg), cell(&f, i, fg))) {
      if (n < TOP_TERMS) bars[n++] = (yl_svg_bar){cell(&f, j, ft), num(&f, j, fc), cell(&f, j, fc), 1};
      j++;
    }
    char id[32];
    snprintf(id, sizeof id, "fig-top-%zu", fig++);
    put(c, "<div class=\"fig\" data-group=\"");
    esc(c, cell(&f, i, fg));
    put(c, "\"><h3>");
    esc(c, cell(&f, i, fg));
    put(c, "</h3>");
    yl_svg_hbars(&c->b, id, "fig bars top", bars, n, 0);
    put(c, "</div>");
    i = j;
  }
  put(c, "</div></section>\n");
  tab_free(&f);
}

/* ---- networks ---- */

static void networks(rep *c) {
  static const char *const t[] = {"network_nodes.csv", "network_edges.csv", "cooccurrence.csv", NULL};
  char how[1024];
  char mname[64] = "jaccard";
  if (yl_config_get(c->cfg, "network-measure", mname, sizeof mname)) snprintf(mname, sizeof mname, "jaccard");
  snprintf(how, sizeof how,
           "How to read: per group, the pairs of terms that co-occur most strongly by %s "
           "(the edges; thicker = stronger) among the terms of cooccurrence.csv. A circle's "
           "area grows with the term's frequency; colours are communities, groups of terms "
           "more linked among themselves than to the rest (greedy modularity). Position "
           "means only closeness in the graph. Hover for the numbers.", mname);
  section(c, "network", "Co-occurrence networks", how, t);
  tab nd, ed;
  int a = load(c, "network_nodes.csv", &nd, NULL, NULL);
  int b = a > 0 ? load(c, "network_edges.csv", &ed, NULL, NULL) : 0;
  if (a <= 0 || b <= 0) {
    if (a > 0) tab_free(&nd);
    put(c, "</section>\n");
    return;
  }
  int ni = tab_col(&nd, "Id"), nl = tab_col(&nd, "Label"), ng = tab_col(&nd, "group"),
      nf = tab_col(&nd, "frequency"), nc = tab_col(&nd, "community"), nx = tab_col(&nd, "x"),
      ny = tab_col(&nd, "y");
  int es = tab_col(&ed, "Source"), et = tab_col(&ed, "Target"), ew = tab_col(&ed, "Weight");
  yl_svg_node *nodes = calloc(nd.nr + 1, sizeof *nodes);
  yl_svg_edge *edges = calloc(ed.nr + 1, sizeof *edges);
  if (!nodes || !edges) {
    if (!c->st) c->st = YL_ERR_NOMEM;
  } else {
    put(c, "<div class=\"grid net\">");
    size_t e = 0;
    for (size_t i = 0, fig = 0; i < nd.nr;) {
      size_t j = i;
      double id0 = num(&nd, i, ni);
      size_t ncomm = 0;
      while (j < nd.nr && !strcmp(cell(&nd, j, ng), cell(&nd, i, ng))) {
        double cm = num(&nd, j, nc);
        nodes[j - i] = (yl_svg_node){cell(&nd, j, nl), cell(&nd, j, nf), num(&nd, j, nf),
                                     cm >= 1 ? (uint32_t)cm - 1 : 0, num(&nd, j, nx), num(&nd, j, ny)};
        if (cm > (double)ncomm) ncomm = (size_t)cm;
        j++;
      }
      size_t n = j - i, m = 0;
      /* the group's edges follow in the same order; Ids are unique over the file */
      while (e < ed.nr) {
        double s = num(&ed, e, es) - id0, tt = num(&ed, e, et) - id0;
        if (!(s >= 0 && s < (double)n && tt >= 0 && tt < (double)n)) break;
        edges[m++] = (yl_svg_edge){(uint32_t)s, (uint32_t)tt, num(&ed, e, ew), cell(&ed, e, ew)};
        e++;
      }
      char id[32];
      snprintf(id, sizeof id, "fig-net-%zu", fig++);
      put(c, "<div class=\"fig\" data-group=\"");
      esc(c, cell(&nd, i, ng));
      put(c, "\"><h3>");
      esc(c, cell(&nd, i, ng));
      yl_buf_printf(&c->b, " <small>%zu terms, %zu edges, %zu communities</small></h3>", n, m, ncomm);
      yl_svg_network(&c->b, id, "fig network", nodes, n, edges, m, YL_NET_LABELS, YL_NET_WIDTH,
                     YL_NET_HEIGHT);
      put(c, "</div>");
      i = j;
    }
    put(c, "</div>");
  }
  free(nodes);
  free(edges);
  tab_free(&nd);
  tab_free(&ed);
  put(c, "</section>\n");
}

/* ---- trends ---- */

static int has_term(char *const *v, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i], s)) return 1;
  return 0;
}

static void trends(rep *c) {
  tab per, tr;
  if (load(c, "periods.csv", &per, NULL, NULL) <= 0) return;
  static const char *const t[] = {"trends.csv", "periods.csv", NULL};
  section(c, "trends", "Trends over the periods",
          "How to read: how often each group used a term in each period, per 10,000 tokens of "
          "the group in that period (so a group that published more does not look louder). "
          "The --kwic and --focus terms, or else the corpus's most frequent ones. No point: "
          "the group published nothing then.", t);
  if (load(c, "trends.csv", &tr, NULL, NULL) <= 0) {
    tab_free(&per);
    put(c, "</section>\n");
    return;
  }
  int pg = tab_col(&per, "group"), pp = tab_col(&per, "period");
  int tg = tab_col(&tr, "group"), tp = tab_col(&tr, "period"), tt = tab_col(&tr, "term"),
      tk = tab_col(&tr, "per_10k");
  /* the terms: the user's, as far as trends.csv has them, else ALL's top ones */
  char *terms[TREND_TERMS];
  size_t nt = 0;
  const yl_strlist *lists[2] = {&c->cfg->kwic, &c->cfg->focus};
  for (int l = 0; l < 2; l++)
    for (size_t i = 0; i < lists[l]->n && nt < TREND_TERMS; i++) {
      const char *w = lists[l]->v[i];
      if (has_term(terms, nt, w)) continue;
      for (size_t r = 0; r < tr.nr; r++)
        if (!strcmp(cell(&tr, r, tt), w)) {
          terms[nt++] = (char *)cell(&tr, r, tt);
          break;
        }
    }
  if (!nt) { /* the first terms of ALL's first period with rows, by count */
    for (size_t r = 0; r < tr.nr && nt < TREND_TERMS; r++)
      if (!strcmp(cell(&tr, r, tg), "ALL") && !has_term(terms, nt, cell(&tr, r, tt)))
        terms[nt++] = (char *)cell(&tr, r, tt);
  }
  const char *plab[MAX_PERIODS];
  size_t np = 0;
  for (size_t i = 0; i < per.nr && np < MAX_PERIODS; i++)
    if (!strcmp(cell(&per, i, pg), "ALL") && strcmp(cell(&per, i, pp), "undated"))
      plab[np++] = cell(&per, i, pp);
  size_t ngr = c->ng < TREND_GROUPS ? c->ng : TREND_GROUPS;
  double *y = calloc(ngr * np + 1, sizeof *y);
  const char **yt = calloc(ngr * np + 1, sizeof *yt);
  if (!y || !yt) nomem(c);
  put(c, "<div class=\"grid\">");
  for (size_t k = 0; y && yt && np && ngr && k < nt; k++) {
    for (size_t i = 0; i < ngr * np; i++) {
      y[i] = NAN;
      yt[i] = "";
    }
    /* a period the group published in has 0 where the term has no row */
    for (size_t i = 0; i < per.nr; i++) {
      int g = group_index(c, cell(&per, i, pg));
      if (g < 0 || (size_t)g >= ngr) continue;
      for (size_t j = 0; j < np; j++)
        if (!strcmp(plab[j], cell(&per, i, pp))) {
          y[(size_t)g * np + j] = 0;
          yt[(size_t)g * np + j] = "0";
        }
    }
    for (size_t r = 0; r < tr.nr; r++) {
      if (strcmp(cell(&tr, r, tt), terms[k])) continue;
      int g = group_index(c, cell(&tr, r, tg));
      if (g < 0 || (size_t)g >= ngr) continue;
      for (size_t j = 0; j < np; j++)
        if (!strcmp(plab[j], cell(&tr, r, tp))) {
          y[(size_t)g * np + j] = num(&tr, r, tk);
          yt[(size_t)g * np + j] = cell(&tr, r, tk);
        }
    }
    char id[32];
    snprintf(id, sizeof id, "fig-trend-%zu", k);
    line_figure(c, id, "term", terms[k], "per 10,000 tokens", "fig lines", plab, np,
                (const char *const *)c->groups, y, yt, ngr, 0);
  }
  put(c, "</div>");
  if (c->ng > ngr)
    yl_buf_printf(&c->b, "<p class=\"note\">The first %zu groups by name; trends.csv has all %zu.</p>",
                  ngr, c->ng);
  put(c, "</section>\n");
  free(y);
  free(yt);
  tab_free(&per);
  tab_free(&tr);
}

/* The rows of frames_test.csv whose 'across' is 'across' (all of them in a table
 * without that column, which is one of groups) as an HTML table. */
static void frames_test_table(rep *c, const tab *ft, const char *across, const char *id,
                              const char *caption) {
  int tf = tab_col(ft, "frame"), ta = tab_col(ft, "across"), tc = tab_col(ft, "chi2"),
      td_ = tab_col(ft, "df"), tp = tab_col(ft, "p_value"), tv = tab_col(ft, "cramers_v");
  if (ta < 0 && strcmp(across, "group")) return;
  yl_buf_printf(&c->b, "<table id=\"%s\" class=\"sortable\">", id);
  if (caption) yl_buf_printf(&c->b, "<caption>%s</caption>", caption);
  put(c, "<thead><tr><th>frame</th><th>χ²</th><th>df</th><th>p</th><th>Cramér's V</th></tr>"
         "</thead><tbody>");
  for (size_t i = 0; i < ft->nr; i++) {
    if (ta >= 0 && strcmp(cell(ft, i, ta), across)) continue;
    put(c, "<tr>");
    td(c, cell(ft, i, tf), 0);
    td(c, cell(ft, i, tc), 1);
    td(c, cell(ft, i, td_), 1);
    td(c, cell(ft, i, tp), 1);
    td(c, cell(ft, i, tv), 1);
    put(c, "</tr>");
  }
  put(c, "</tbody></table>");
}

/* Frames over time (frames.csv with --period): one figure a frame, one line a group
 * (the first TREND_GROUPS by name, then ALL) of the share of the group's documents of
 * each dated period coded with the frame (the period rows' share cells); no point where
 * the group has no row, i.e. published nothing in that period. A group without a dated
 * document has no points and is named in a note. */
static void frames_over_time(rep *c, const tab *fr, const char *const *fl, size_t nf) {
  int fg = tab_col(fr, "group"), ff = tab_col(fr, "frame"), fs = tab_col(fr, "share"),
      fp = tab_col(fr, "period");
  put(c, "<h3 id=\"frames-time\">Frames over time</h3><p class=\"how\">How to read: one "
         "figure a frame, one line a group (and ALL): the share of the group's documents of "
         "the period that are coded with the frame (0 to 1; 1 = every one of them). No point: "
         "the group published nothing in that period. Undated documents are left out. A "
         "period of few documents moves a lot: frames.csv has their number (documents) beside "
         "each share.</p>");
  const char *plab[MAX_PERIODS];
  size_t np = 0, more = 0;
  for (size_t i = 0; i < fr->nr; i++) {
    const char *p = cell(fr, i, fp);
    if (strcmp(cell(fr, i, fg), "ALL") || !*p || !strcmp(p, "undated")) continue;
    size_t j = 0;
    while (j < np && strcmp(plab[j], p)) j++;
    if (j < np) continue;
    if (np < MAX_PERIODS) plab[np++] = p;
    else if (!strcmp(cell(fr, i, ff), fl[0])) more++;
  }
  if (!np || !nf) {
    put(c, "<p class=\"note\">No dated documents: no frames over time.</p>");
    return;
  }
  size_t ngr = c->ng < TREND_GROUPS ? c->ng : TREND_GROUPS;
  /* the lines: the groups, then ALL */
  const char **names = calloc(ngr + 2, sizeof *names), **none = calloc(ngr + 1, sizeof *none);
  double *y = calloc((ngr + 1) * np, sizeof *y);
  const char **yt = calloc((ngr + 1) * np, sizeof *yt);
  size_t ns = 0, nnone = 0;
  if (!names || !none || !y || !yt) {
    nomem(c);
    free(names);
    free(none);
    free(y);
    free(yt);
    return;
  }
  for (size_t g = 0; g <= ngr; g++) {
    const char *name = g < ngr ? c->groups[g] : "ALL";
    size_t i = 0;
    for (; i < fr->nr; i++) {
      const char *p = cell(fr, i, fp);
      if (*p && strcmp(p, "undated") && !strcmp(cell(fr, i, fg), name)) break;
    }
    names[ns++] = name; /* every group, so that its colour is its colour in the trends */
    if (i == fr->nr) none[nnone++] = name;
  }
  put(c, "<div class=\"grid\">");
  for (size_t f = 0; f < nf; f++) {
    for (size_t i = 0; i < ns * np; i++) {
      y[i] = NAN;
      yt[i] = "";
    }
    for (size_t i = 0; i < fr->nr; i++) {
      if (strcmp(cell(fr, i, ff), fl[f])) continue;
      size_t s = 0, p = 0;
      while (s < ns && strcmp(names[s], cell(fr, i, fg))) s++;
      while (p < np && strcmp(plab[p], cell(fr, i, fp))) p++;
      if (s == ns || p == np) continue;
      y[s * np + p] = num(fr, i, fs);
      yt[s * np + p] = cell(fr, i, fs);
    }
    char id[40];
    snprintf(id, sizeof id, "fig-frametrend-%zu", f);
    line_figure(c, id, "frame", fl[f], "share of the group's documents", "fig lines frametrend",
                plab, np, names, y, yt, ns, 1);
  }
  put(c, "</div>");
  if (nnone) {
    put(c, "<p class=\"note\">No dated document, so no points: ");
    for (size_t i = 0; i < nnone; i++) {
      if (i) put(c, ", ");
      esc(c, none[i]);
    }
    put(c, ".</p>");
  }
  if (more) yl_buf_printf(&c->b, "<p class=\"note\">The first %d periods; frames.csv has %zu more.</p>",
                          MAX_PERIODS, more);
  if (c->ng > ngr)
    yl_buf_printf(&c->b, "<p class=\"note\">The first %zu groups by name and ALL; frames.csv has all %zu.</p>",
                  ngr, c->ng);
  free(names);
  free(none);
  free(y);
  free(yt);
}

/* ---- frames ---- */

static void frames(rep *c) {
  tab fr, ft;
  if (load(c, "frames.csv", &fr, NULL, NULL) <= 0) return;
  static const char *const t[] = {"frames.csv", "frames_test.csv", NULL};
  section(c, "frames", "Frames × groups",
          "How to read: the share of each group's documents coded with each frame (darker = "
          "larger). ▲ / ▼: the group has the frame clearly more / less often than the others "
          "(standardised residual beyond ±1.96). Below, Pearson's χ² of each frame against the "
          "groups.", t);
  int fg = tab_col(&fr, "group"), ff = tab_col(&fr, "frame"), fs = tab_col(&fr, "share"),
      fp = tab_col(&fr, "period"), fres = tab_col(&fr, "residual");
  const char **fl = calloc(fr.nr + 1, sizeof *fl);
  size_t nf = 0;
  for (size_t i = 0; fl && i < fr.nr; i++) {
    const char *f = cell(&fr, i, ff);
    size_t j = 0;
    while (j < nf && strcmp(fl[j], f)) j++;
    if (j == nf) fl[nf++] = f;
  }
  double *v = calloc((c->ng + 1) * (nf + 1), sizeof *v);
  const char **tx = calloc((c->ng + 1) * (nf + 1), sizeof *tx);
  int *mk = calloc((c->ng + 1) * (nf + 1), sizeof *mk);
  if (!(fl && v && tx && mk)) nomem(c);
  else if (nf && c->ng) {
    for (size_t i = 0; i < c->ng * nf; i++) {
      v[i] = NAN;
      tx[i] = "";
    }
    for (size_t i = 0; i < fr.nr; i++) {
      if (fp >= 0 && *cell(&fr, i, fp)) continue; /* a period's row */
      int g = group_index(c, cell(&fr, i, fg));
      if (g < 0) continue;
      size_t j = 0;
      while (j < nf && strcmp(fl[j], cell(&fr, i, ff))) j++;
      size_t at = (size_t)g * nf + j;
      v[at] = num(&fr, i, fs);
      tx[at] = cell(&fr, i, fs);
      double res = num(&fr, i, fres);
      mk[at] = res >= 1.96 ? 1 : res <= -1.96 ? -1 : 0;
    }
    put(c, "<div class=\"fig wide\">");
    yl_svg_heat(&c->b, "fig-frames", "fig heat frames", (const char *const *)c->groups, c->ng, fl,
                nf, v, tx, mk, 1);
    put(c, "</div>");
  }
  free(v);
  free(tx);
  free(mk);
  int tests = load(c, "frames_test.csv", &ft, NULL, NULL) > 0;
  if (tests) frames_test_table(c, &ft, "group", "tab-frames-test", NULL);
  if (fl && fp >= 0) {
    frames_over_time(c, &fr, fl, nf);
    if (tests)
      frames_test_table(c, &ft, "period", "tab-frames-test-period",
                        "Pearson's χ² of each frame against the periods (all documents, the "
                        "undated ones as a period of their own)");
  }
  if (tests) tab_free(&ft);
  free(fl);
  tab_free(&fr);
  put(c, "</section>\n");
}

/* ---- KWIC ---- */

typedef struct kwctx {
  int cg, ck;
  char group[512];
  size_t in_group;
  char **seen; /* keywords of the group and their rows */
  size_t *cnt, nseen;
  int nomem;
} kwctx;

static int keep_kwic(const yl_csvr *r, void *ctx) {
  kwctx *k = ctx;
  const char *g = yl_csvr_cell(r, k->cg, NULL), *w = yl_csvr_cell(r, k->ck, NULL);
  if (strncmp(g, k->group, sizeof k->group - 1)) {
    snprintf(k->group, sizeof k->group, "%s", g);
    k->in_group = 0;
    for (size_t i = 0; i < k->nseen; i++) free(k->seen[i]);
    k->nseen = 0;
  }
  if (k->in_group >= KWIC_PER_GROUP) return 0;
  size_t i = 0;
  while (i < k->nseen && strcmp(k->seen[i], w)) i++;
  if (i == k->nseen) {
    char **p = realloc(k->seen, (i + 1) * sizeof *p);
    size_t *q = p ? realloc(k->cnt, (i + 1) * sizeof *q) : NULL;
    if (p) k->seen = p;
    if (q) k->cnt = q;
    if (!p || !q || !(k->seen[i] = strdup(w))) {
      k->nomem = 1;
      return 0;
    }
    k->cnt[i] = 0;
    k->nseen++;
  }
  if (k->cnt[i] >= KWIC_PER_TERM) return 0;
  k->cnt[i]++;
  k->in_group++;
  return 1;
}

static void kwic(rep *c) {
  yl_csvr *r = NULL;
  if (open_table(c, "kwic.csv", &r) <= 0) return;
  kwctx k;
  memset(&k, 0, sizeof k);
  k.cg = yl_csvr_col(r, "group");
  k.ck = yl_csvr_col(r, "keyword");
  snprintf(k.group, sizeof k.group, "\x01");
  yl_csvr_free(r);
  static const char *const t[] = {"kwic.csv", NULL};
  section(c, "kwic", "Keywords in context",
          "How to read: a few occurrences of each --kwic term in each group (the first by "
          "date), the term as written in the middle.", t);
  tab kw;
  int ok = load(c, "kwic.csv", &kw, keep_kwic, &k);
  for (size_t i = 0; i < k.nseen; i++) free(k.seen[i]);
  free(k.seen);
  free(k.cnt);
  if (k.nomem && !c->st) c->st = YL_ERR_NOMEM;
  if (ok > 0) {
    int g = tab_col(&kw, "group"), d = tab_col(&kw, "doc_id"), p = tab_col(&kw, "published"),
        l = tab_col(&kw, "left"), w = tab_col(&kw, "keyword"), rt = tab_col(&kw, "right");
    put(c, "<table id=\"tab-kwic\" class=\"kwic sortable\"><thead><tr><th>group</th><th>doc_id</th>"
           "<th>published</th><th class=\"l\">left</th><th>keyword</th><th>right</th></tr></thead><tbody>");
    for (size_t i = 0; i < kw.nr; i++) {
      put(c, "<tr>");
      td(c, cell(&kw, i, g), 0);
      td(c, cell(&kw, i, d), 1);
      td(c, cell(&kw, i, p), 0);
      put(c, "<td class=\"l\">");
      esc(c, cell(&kw, i, l));
      put(c, "</td><td class=\"k\">");
      esc(c, cell(&kw, i, w));
      put(c, "</td>");
      td(c, cell(&kw, i, rt), 0);
      put(c, "</tr>");
    }
    put(c, "</tbody></table>");
    tab_free(&kw);
  }
  put(c, "</section>\n");
}

/* ---- similarity ---- */

static void similarity(rep *c) {
  static const char *const t[] = {"similarity.csv", NULL};
  section(c, "similarity", "How similar the outlets are",
          "How to read: the cosine of the groups' TF-IDF vectors, 1 = the same vocabulary "
          "and weights, 0 = nothing shared (darker = more similar). Hover for the "
          "Jensen–Shannon divergence.", t);
  tab s;
  int ok = load(c, "similarity.csv", &s, NULL, NULL);
  if (ok <= 0 || c->ng < 2) {
    if (ok > 0) tab_free(&s);
    if (c->ng < 2) put(c, "<p class=\"note\">Fewer than two groups: nothing to compare.</p>");
    put(c, "</section>\n");
    return;
  }
  int sa = tab_col(&s, "group_a"), sb = tab_col(&s, "group_b"), sc = tab_col(&s, "cosine_tfidf");
  size_t n = c->ng;
  double *v = calloc(n * n + 1, sizeof *v);
  const char **tx = calloc(n * n + 1, sizeof *tx);
  if ((v && tx) || nomem(c)) {
    for (size_t i = 0; i < n * n; i++) {
      v[i] = NAN;
      tx[i] = "";
    }
    for (size_t i = 0; i < s.nr; i++) {
      int a = group_index(c, cell(&s, i, sa)), b = group_index(c, cell(&s, i, sb));
      if (a < 0 || b < 0) continue;
      v[(size_t)a * n + (size_t)b] = v[(size_t)b * n + (size_t)a] = num(&s, i, sc);
      tx[(size_t)a * n + (size_t)b] = tx[(size_t)b * n + (size_t)a] = cell(&s, i, sc);
    }
    put(c, "<div class=\"fig wide\">");
    yl_svg_heat(&c->b, "fig-similarity", "fig heat matrix", (const char *const *)c->groups, n,
                (const char *const *)c->groups, n, v, tx, NULL, 1);
    put(c, "</div>");
  }
  free(v);
  free(tx);
  tab_free(&s);
  put(c, "</section>\n");
}

/* ---- new words (newwords.csv, when a run put it in the folder) ---- */

static void newwords(rep *c) {
  yl_csvr *r = NULL;
  if (open_table(c, "newwords.csv", &r) <= 0) return;
  static const char *const t[] = {"newwords.csv", NULL};
  section(c, "newwords", "New-word candidates",
          "How to read: strings the dictionary does not know that behave like words; the "
          "first rows of the table, in its order.", t);
  size_t nc = yl_csvr_ncols(r);
  put(c, "<table id=\"tab-newwords\" class=\"sortable\"><thead><tr>");
  for (size_t j = 0; j < nc; j++) {
    put(c, "<th>");
    esc(c, yl_csvr_colname(r, j));
    put(c, "</th>");
  }
  put(c, "</tr></thead><tbody>");
  for (size_t i = 0; i < NEWWORDS_ROWS && yl_csvr_next(r) > 0; i++) {
    put(c, "<tr>");
    for (size_t j = 0; j < nc; j++) {
      const char *s = yl_csvr_text(r, (int)j, NULL);
      td(c, s, !isnan(num_of(s, (c->flags & YL_CSV_EXCEL_EU) != 0)));
    }
    put(c, "</tr>");
  }
  put(c, "</tbody></table></section>\n");
  yl_csvr_free(r);
}

/* ---- the page ---- */

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\",\"WenQuanYi "
    "Micro Hei\",\"WenQuanYi Zen Hei\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft "
    "YaHei\",sans-serif;margin:0 auto;max-width:1280px;padding:0 16px 40px;color:#222;"
    "line-height:1.45}\n"
    "nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:6px 0;"
    "z-index:1}nav a{margin-right:12px}\n"
    "h1{font-size:1.5em}h2{border-bottom:2px solid #3b6fb6;padding-bottom:2px;margin-top:1.6em}"
    "h3{font-size:1em;margin:.4em 0}small{font-weight:normal;color:#666}\n"
    ".how{color:#333;background:#f3f6fb;padding:6px 10px;border-left:3px solid #3b6fb6}"
    ".src{font-size:.9em}.note{color:#666;font-size:.9em}\n"
    ".grid{display:flex;flex-wrap:wrap;gap:12px 24px}.fig{max-width:100%}"
    ".grid.net .fig{flex:1 1 600px;max-width:660px}"
    "svg{max-width:100%;height:auto;overflow:visible}\n"
    "svg text{font-size:11px;fill:#222}svg .num{fill:#444}svg .num.inv{fill:#fff}"
    "svg .nlab{font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px;"
    "stroke-linejoin:round}svg .axis{stroke:#888}svg .edge{stroke:#8a8f99;stroke-opacity:.7}"
    "svg .node{stroke:#fff;stroke-width:1}svg .cell.over,svg .cell.under{stroke:#222;"
    "stroke-width:1.5}\n"
    "table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #ddd;"
    "padding:2px 8px;text-align:left;vertical-align:top}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums}th{background:#f0f0f0}table.sortable th{cursor:pointer}"
    "caption{text-align:left;color:#666}\n"
    "table.kwic td.l{text-align:right}table.kwic td.k{font-weight:bold;color:#c2403c;"
    "white-space:nowrap}\n"
    "@media print{nav{display:none}body{max-width:none}section{break-before:auto}"
    ".fig{break-inside:avoid}}\n";

/* Sorting by a click on a column head: numbers as numbers. The figures do not need it. */
static const char js[] =
    "document.querySelectorAll('table.sortable').forEach(function(t){"
    "t.querySelectorAll('th').forEach(function(h,i){h.addEventListener('click',function(){"
    "var b=t.tBodies[0],r=Array.prototype.slice.call(b.rows),d=h.dataset.d==='1'?-1:1;"
    "h.dataset.d=d===1?'1':'0';r.sort(function(x,y){var a=x.cells[i].textContent,"
    "c=y.cells[i].textContent,p=parseFloat(a),q=parseFloat(c);"
    "return d*(isNaN(p)||isNaN(q)?a.localeCompare(c):p-q);});"
    "r.forEach(function(x){b.appendChild(x);});});});});";

yl_status yl_report_write(const char *dir, const yl_config *cfg, const yl_analyze_summary *sum,
                          yl_error *err) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/report.html", dir);
  rep c;
  memset(&c, 0, sizeof c);
  c.dir = dir;
  c.cfg = cfg;
  c.sum = sum;
  c.flags = yl_config_csv_flags(cfg);
  put(&c, "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>yuliao report</title><style>");
  put(&c, css);
  put(&c, "</style></head><body>\n<nav><a href=\"#corpus\">Corpus</a><a href=\"#keyness\">Keyness</a>"
          "<a href=\"#terms\">Top terms</a><a href=\"#network\">Networks</a><a href=\"#trends\">Trends</a>"
          "<a href=\"#frames\">Frames</a><a href=\"#kwic\">KWIC</a><a href=\"#similarity\">Similarity</a>"
          "<a href=\"#newwords\">New words</a></nav>\n<h1>yuliao report</h1><p>");
  yl_buf_printf(&c.b, "yuliao %s. ", YL_VERSION_STRING);
  put(&c, "Every figure is drawn from the CSV table its section links to, in this folder; "
          "a figure shows integers as the table has them and other numbers to 3 significant "
          "digits, with the table's exact value on hover. Sections whose table this run did "
          "not write are left out.</p>\n");
  corpus(&c);
  keyness(&c);
  top_terms(&c);
  networks(&c);
  trends(&c);
  frames(&c);
  kwic(&c);
  similarity(&c);
  newwords(&c);
  put(&c, "<script>");
  put(&c, js);
  put(&c, "</script></body></html>\n");
  for (size_t i = 0; i < c.ng; i++) free(c.groups[i]);
  free(c.groups);
  if (c.st) {
    yl_buf_free(&c.b);
    char tp[PATH_MAX];
    snprintf(tp, sizeof tp, "%s/%s", dir, c.failed[0] ? c.failed : "report.html");
    return yl_error_cause(err, c.st, tp, 0, c.eno, NULL);
  }
  if (c.b.failed || !c.b.data) {
    yl_buf_free(&c.b);
    return yl_error_cause(err, YL_ERR_NOMEM, path, 0, 0, NULL);
  }
  yl_outfile *f = NULL;
  yl_status st = yl_outfile_open(path, &f);
  int e = errno;
  if (!st && (st = yl_outfile_write(f, c.b.data, c.b.len))) {
    e = errno;
    yl_outfile_abort(f);
  } else if (!st) {
    st = yl_outfile_commit(f);
    e = errno;
  }
  yl_buf_free(&c.b);
  return yl_error_cause(err, st, path, 0, e, NULL);
}
