/* The report's figures as inline SVG (internal): horizontal bars, lines, a heat map
 * and a network. Every figure is an <svg> with the caller's id and class, drawn
 * without script; each mark carries the CSV's exact text in its <title> (shown on
 * hover) and a data-v attribute (read by the tests). Labels are escaped (html.h). */
#ifndef YL_REPORT_SVG_H
#define YL_REPORT_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Colour 'i' of the categorical palette (communities, groups). */
const char *yl_svg_colour(size_t i);

typedef struct yl_svg_bar {
  const char *label; /* the term or group */
  double value;      /* the bar's length */
  const char *text;  /* the CSV's text of the value */
  int strong;        /* drawn solid (significant), else pale */
} yl_svg_bar;

/* Bars, one a row; 'diverging': negative values to the left of a middle axis. */
void yl_svg_hbars(yl_buf *b, const char *id, const char *cls, const yl_svg_bar *v, size_t n,
                  int diverging);

/* Lines of 'ns' series over 'nx' points: y[s * nx + i] (NaN: no point, and the line
 * broken there), its text ytext[s * nx + i]; series named 'names' in a legend as wide
 * as the longest name. The y axis runs from 0 to 'ymax', or to the largest y when
 * 'ymax' <= 0. */
void yl_svg_lines(yl_buf *b, const char *id, const char *cls, const char *const *xlab, size_t nx,
                  const char *const *names, const double *y, const char *const *ytext,
                  size_t ns, double ymax);

/* A heat map of nr × nc cells: v (NaN: empty) against 0 … vmax, text of each, 'mark'
 * +1 / −1 a marked cell (over / under), 0 none (may be NULL). */
void yl_svg_heat(yl_buf *b, const char *id, const char *cls, const char *const *rlab, size_t nr,
                 const char *const *clab, size_t nc, const double *v, const char *const *text,
                 const int *mark, double vmax);

typedef struct yl_svg_node {
  const char *term;
  const char *freq; /* the CSV's text */
  double f;
  uint32_t comm;
  double x, y;
} yl_svg_node;

typedef struct yl_svg_edge {
  uint32_t a, b;
  double w;
  const char *text;
} yl_svg_edge;

/* A network on the layout's canvas (w × h): nodes by area ∝ frequency, edges by width
 * ∝ weight, colour by community; labels for the first 'nlab' nodes. */
void yl_svg_network(yl_buf *b, const char *id, const char *cls, const yl_svg_node *nodes,
                    size_t nn, const yl_svg_edge *edges, size_t ne, size_t nlab, double w,
                    double h);

#endif
