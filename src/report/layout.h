/* A deterministic layout of a small undirected graph (internal): Fruchterman and
 * Reingold's force-directed placement with a fixed number of steps, a linear cooling
 * schedule and starting points from a seeded generator of this module's own, then the
 * labels of the most important nodes pushed apart until no two overlap. The same
 * input and seed give the same coordinates, bit for bit, on every run (one thread, a
 * fixed order of floating-point operations). */
#ifndef YL_REPORT_LAYOUT_H
#define YL_REPORT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* The steps of yl_layout_force. */
#define YL_LAYOUT_STEPS 250

/* Places 'n' nodes joined by the 'ne' edges ea[i]–eb[i] (node indices < n) inside the
 * canvas [margin, w − margin] × [margin, h − margin]: x[i], y[i]. A weak pull to the
 * centre keeps parts that are not connected on the canvas. YL_ERR_INVALID for an edge
 * out of range or a canvas with no room, YL_ERR_NOMEM. */
yl_status yl_layout_force(size_t n, const uint32_t *ea, const uint32_t *eb, size_t ne,
                          uint64_t seed, double w, double h, double margin, double *x,
                          double *y);

/* Moves nodes 0 … k − 1 (the caller puts the most important first) so that their label
 * boxes, bw[i] × bh[i] centred on (x[i], y[i]), do not overlap, staying inside the
 * canvas w × h. Returns the overlapping pairs left (0 unless the labels cannot fit). */
size_t yl_layout_labels(size_t k, double *x, double *y, const double *bw, const double *bh,
                        double w, double h);

#endif
