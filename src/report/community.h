/* Communities of a small undirected graph (internal): greedy modularity optimisation
 * (Clauset, Newman and Moore 2004, the "fast greedy" of KH Coder's networks). Every
 * node starts alone; the pair of joined communities whose merge raises the modularity
 * Q most is merged, until no merge raises it. Each edge counts once, unweighted (the
 * graph as drawn). Ties go to the pair of smallest community numbers, so the result
 * is deterministic. */
#ifndef YL_REPORT_COMMUNITY_H
#define YL_REPORT_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/status.h"

/* comm[i] of each of the 'n' nodes joined by the 'ne' edges ea[i]–eb[i] (distinct
 * pairs, no loops), numbered 0, 1, … by size, larger first, then by their first node;
 * '*ncomm' their number. YL_ERR_INVALID for an edge out of range, YL_ERR_NOMEM. */
yl_status yl_community_greedy(size_t n, const uint32_t *ea, const uint32_t *eb, size_t ne,
                              uint32_t *comm, size_t *ncomm);

#endif
