/* SVG figures of the report. Sizes are in CSS pixels; every figure scales with the
 * page (viewBox, width 100 % up to its natural size). */
#include "report/svg.h"

#include <math.h>
#include <string.h>

#include "report/html.h"
#include "report/network.h"

const char *yl_svg_colour(size_t i) {
  static const char *const pal[] = {"#3b6fb6", "#d9822b", "#3a9a5b", "#c2403c", "#8463b5",
                                    "#8c5a45", "#d36ba6", "#6f7378", "#a9a233", "#2fa3b5"};
  return pal[i % 10];
}

static void open_svg(yl_buf *b, const char *id, const char *cls, double w, double h) {
  yl_buf_printf(b, "<svg id=\"%s\" class=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                   "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">",
                id, cls, w, h, w);
}

static void text_at(yl_buf *b, double x, double y, const char *anchor, const char *cls,
                    const char *s) {
  yl_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
  yl_html_str(b, s);
  yl_buf_puts(b, "</text>");
}

void yl_svg_hbars(yl_buf *b, const char *id, const char *cls, const yl_svg_bar *v, size_t n,
                  int diverging) {
  const double row = 18, lab = 120, bw = 220, w = lab + bw + 70;
  double h = row * (double)n + 8, vmax = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(v[i].value) && fabs(v[i].value) > vmax) vmax = fabs(v[i].value);
  if (vmax <= 0) vmax = 1;
  open_svg(b, id, cls, w, h);
  double x0 = diverging ? lab + bw / 2 : lab, scale = (diverging ? bw / 2 : bw) / vmax;
  for (size_t i = 0; i < n; i++) {
    double y = 4 + row * (double)i, val = isfinite(v[i].value) ? v[i].value : 0;
    double len = fabs(val) * scale, x = val < 0 ? x0 - len : x0;
    const char *fill = val < 0 ? "#c2403c" : "#3b6fb6";
    text_at(b, lab - 4, y + 13, "end", "lab", v[i].label);
    yl_buf_printf(b, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" "
                     "fill=\"%s\" fill-opacity=\"%s\" data-v=\"",
                  v[i].strong ? " sig" : "", x, y + 2, len < 0.5 ? 0.5 : len, row - 4, fill,
                  v[i].strong ? "1" : "0.35");
    yl_html_str(b, v[i].text);
    yl_buf_puts(b, "\"><title>");
    yl_html_str(b, v[i].label);
    yl_buf_puts(b, ": ");
    yl_html_str(b, v[i].text);
    yl_buf_puts(b, v[i].strong && diverging ? " (significant)" : "");
    yl_buf_puts(b, "</title></rect>");
    yl_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"num\" text-anchor=\"start\">",
                  diverging ? lab + bw + 4 : x0 + len + 4, y + 13);
    yl_html_short_num(b, v[i].text, val);
    if (diverging && v[i].strong) yl_buf_puts(b, " *");
    yl_buf_puts(b, "</text>");
  }
  if (diverging)
    yl_buf_printf(b, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\" class=\"axis\"/>", x0, x0, h);
  yl_buf_puts(b, "</svg>");
}

void yl_svg_lines(yl_buf *b, const char *id, const char *cls, const char *const *xlab, size_t nx,
                  const char *const *names, const double *y, const char *const *ytext,
                  size_t ns, double ymax) {
  const double l = 44, t = 10, bot = 46, pw = 420, ph = 180;
  double r = 130;
  for (size_t s = 0; s < ns; s++) { /* the legend: a swatch, then the name at 11 px */
    double lw = 22 + yl_net_label_width(names[s], 11) + 8;
    if (lw > r) r = lw;
  }
  double w = l + pw + r, h = t + ph + bot;
  if (!(ymax > 0)) {
    ymax = 0;
    for (size_t i = 0; i < ns * nx; i++)
      if (isfinite(y[i]) && y[i] > ymax) ymax = y[i];
    if (ymax <= 0) ymax = 1;
  }
  open_svg(b, id, cls, w, h);
  yl_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>", l,
                t + ph, l + pw, t + ph);
  yl_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>", l, t,
                l, t + ph);
  yl_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" class=\"num\">%.3g</text>",
                l - 4, t + 8, ymax);
  yl_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" class=\"num\">0</text>", l - 4,
                t + ph);
  double dx = nx > 1 ? pw / (double)(nx - 1) : 0;
  size_t every = nx > 12 ? (nx + 11) / 12 : 1;
  for (size_t i = 0; i < nx; i += every)
    text_at(b, l + dx * (double)i, t + ph + 14 + (double)(i / every % 2) * 12, "middle", "num", xlab[i]);
  for (size_t s = 0; s < ns; s++) {
    const char *col = yl_svg_colour(s);
    /* one polyline for each run of two or more points in a row: no line through a
     * period without a value */
    for (size_t i = 0; i < nx;) {
      size_t j = i;
      while (j < nx && isfinite(y[s * nx + j])) j++;
      if (j - i >= 2) {
        yl_buf_printf(b, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", col);
        for (size_t k = i; k < j; k++)
          yl_buf_printf(b, "%s%.1f,%.1f", k > i ? " " : "", l + dx * (double)k,
                        t + ph - fmin(y[s * nx + k], ymax) / ymax * ph);
        yl_buf_puts(b, "\"/>");
      }
      i = j + 1;
    }
    for (size_t i = 0; i < nx; i++) {
      double v = y[s * nx + i];
      if (!isfinite(v)) continue;
      yl_buf_printf(b, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" data-v=\"",
                    l + dx * (double)i, t + ph - fmin(v, ymax) / ymax * ph, col);
      yl_html_str(b, ytext[s * nx + i]);
      yl_buf_puts(b, "\"><title>");
      yl_html_str(b, names[s]);
      yl_buf_puts(b, " ");
      yl_html_str(b, xlab[i]);
      yl_buf_puts(b, ": ");
      yl_html_str(b, ytext[s * nx + i]);
      yl_buf_puts(b, "</title></circle>");
    }
    double ly = t + 10 + 14 * (double)s;
    yl_buf_printf(b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"3\" fill=\"%s\"/>",
                  l + pw + 8, ly - 4, col);
    text_at(b, l + pw + 22, ly, "start", "lab", names[s]);
  }
  yl_buf_puts(b, "</svg>");
}

void yl_svg_heat(yl_buf *b, const char *id, const char *cls, const char *const *rlab, size_t nr,
                 const char *const *clab, size_t nc, const double *v, const char *const *text,
                 const int *mark, double vmax) {
  const double lab = 120, top = 70, cw = 64, ch = 24;
  double w = lab + cw * (double)nc + 10, h = top + ch * (double)nr + 10;
  if (!(vmax > 0)) vmax = 1;
  open_svg(b, id, cls, w, h);
  for (size_t j = 0; j < nc; j++) {
    double x = lab + cw * ((double)j + 0.5);
    yl_buf_printf(b, "<text transform=\"translate(%.1f %.1f) rotate(-35)\" class=\"lab\">", x, top - 6);
    yl_html_str(b, clab[j]);
    yl_buf_puts(b, "</text>");
  }
  for (size_t i = 0; i < nr; i++) {
    double y = top + ch * (double)i;
    text_at(b, lab - 4, y + 16, "end", "lab", rlab[i]);
    for (size_t j = 0; j < nc; j++) {
      double val = v[i * nc + j], x = lab + cw * (double)j;
      double a = isfinite(val) ? fmin(1, fmax(0, val / vmax)) : 0;
      /* white to blue */
      int rr = (int)(255 - a * (255 - 59)), gg = (int)(255 - a * (255 - 111)), bb = (int)(255 - a * (255 - 182));
      int m = mark ? mark[i * nc + j] : 0;
      yl_buf_printf(b, "<rect class=\"cell%s\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
                       "fill=\"#%02x%02x%02x\" data-v=\"",
                    m > 0 ? " over" : m < 0 ? " under" : "", x, y, cw - 2, ch - 2, rr, gg, bb);
      yl_html_str(b, text[i * nc + j]);
      yl_buf_puts(b, "\"><title>");
      yl_html_str(b, rlab[i]);
      yl_buf_puts(b, " × ");
      yl_html_str(b, clab[j]);
      yl_buf_puts(b, ": ");
      yl_html_str(b, text[i * nc + j]);
      yl_buf_puts(b, "</title></rect>");
      yl_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" class=\"num%s\">",
                    x + cw / 2 - 1, y + 16, a > 0.6 ? " inv" : "");
      if (isfinite(val)) yl_html_short_num(b, text[i * nc + j], val);
      if (m) yl_buf_puts(b, m > 0 ? " ▲" : " ▼");
      yl_buf_puts(b, "</text>");
    }
  }
  yl_buf_puts(b, "</svg>");
}

void yl_svg_network(yl_buf *b, const char *id, const char *cls, const yl_svg_node *nodes,
                    size_t nn, const yl_svg_edge *edges, size_t ne, size_t nlab, double w,
                    double h) {
  double fmax = 0, wmax = 0;
  for (size_t i = 0; i < nn; i++)
    if (nodes[i].f > fmax) fmax = nodes[i].f;
  for (size_t e = 0; e < ne; e++)
    if (fabs(edges[e].w) > wmax) wmax = fabs(edges[e].w);
  if (fmax <= 0) fmax = 1;
  if (wmax <= 0) wmax = 1;
  open_svg(b, id, cls, w, h);
  for (size_t e = 0; e < ne; e++) {
    const yl_svg_node *p = &nodes[edges[e].a], *q = &nodes[edges[e].b];
    yl_buf_printf(b, "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke-width=\"%.2f\" data-v=\"",
                  p->x, p->y, q->x, q->y, 0.6 + 3.4 * fabs(edges[e].w) / wmax);
    yl_html_str(b, edges[e].text);
    yl_buf_puts(b, "\"><title>");
    yl_html_str(b, p->term);
    yl_buf_puts(b, " – ");
    yl_html_str(b, q->term);
    yl_buf_puts(b, ": ");
    yl_html_str(b, edges[e].text);
    yl_buf_puts(b, "</title></line>");
  }
  for (size_t i = 0; i < nn; i++) {
    double r = 3 + 13 * sqrt(nodes[i].f / fmax);
    yl_buf_printf(b, "<circle class=\"node\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" data-v=\"",
                  nodes[i].x, nodes[i].y, r, yl_svg_colour(nodes[i].comm));
    yl_html_str(b, nodes[i].freq);
    yl_buf_puts(b, "\"><title>");
    yl_html_str(b, nodes[i].term);
    yl_buf_puts(b, ": ");
    yl_html_str(b, nodes[i].freq);
    yl_buf_printf(b, " (community %u)</title></circle>", (unsigned)nodes[i].comm + 1);
  }
  for (size_t i = 0; i < nlab && i < nn; i++)
    text_at(b, nodes[i].x, nodes[i].y + 4, "middle", "nlab", nodes[i].term);
  yl_buf_puts(b, "</svg>");
}
