/* The co-occurrence network of each group (internal), made from cooccurrence.csv as
 * written: per group (ALL last) the 'top' pairs of highest association (the measure
 * chosen, ties in the table's order), their terms as nodes sized by frequency,
 * communities by greedy modularity (community.h) and a seeded force layout
 * (layout.h). The pipeline writes them as network_nodes.csv and network_edges.csv;
 * the report draws them from those files. Docs: docs/report.md. */
#ifndef YL_REPORT_NETWORK_H
#define YL_REPORT_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* The association that picks and weighs the edges (--network-measure). */
typedef enum yl_net_measure {
  YL_NET_JACCARD = 0,
  YL_NET_LOG_DICE,
  YL_NET_NPMI,
  YL_NET_COUNT
} yl_net_measure;

/* "jaccard", "log_dice", "npmi", "count"; NULL out of range. */
const char *yl_net_measure_name(int m);

/* The canvas the layout fills, in SVG pixels, and the seed of every layout. */
#define YL_NET_WIDTH 640.0
#define YL_NET_HEIGHT 440.0
#define YL_NET_SEED 0x79756c69616f0011ull
/* Nodes (the most frequent first) whose labels are kept apart and drawn. */
#define YL_NET_LABELS 40

typedef struct yl_net_node {
  char *term;
  uint64_t freq; /* f_source / f_target of cooccurrence.csv */
  uint32_t comm, degree;
  double x, y; /* rounded to 0.1 */
} yl_net_node;

typedef struct yl_net_edge {
  uint32_t a, b;   /* node indices; a's term is the row's Source */
  double weight;   /* the measure's value */
  uint64_t count;  /* Weight of cooccurrence.csv (O11) */
} yl_net_edge;

typedef struct yl_network {
  char *group;
  yl_net_node *nodes; /* by frequency descending, then term bytes */
  size_t nn;
  yl_net_edge *edges; /* by weight descending, then the table's order */
  size_t ne;
  size_t ncomm;
} yl_network;

/* Every group's network from 'dir'/cooccurrence.csv (yl_csv_flags 'flags'): the 'top'
 * edges each. YL_ERR_IO (errno set), YL_ERR_NOMEM. */
yl_status yl_networks_build(const char *dir, unsigned flags, size_t top, yl_net_measure measure,
                            yl_network **out, size_t *n);
void yl_networks_free(yl_network *v, size_t n);

/* The width in pixels of 'term' as a label in a 'px'-pixel font (a wide character
 * counts one em, others 0.6 em). */
double yl_net_label_width(const char *term, double px);

#endif
