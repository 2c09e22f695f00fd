/* yuliao: Chinese news articles → segmented, counted, spreadsheet-ready tables.
 * Umbrella header: includes every public module header. */
#ifndef YULIAO_H
#define YULIAO_H

#include "yuliao/export.h"
#include "yuliao/version.h"
#include "yuliao/status.h"
#include "yuliao/error.h"
#include "yuliao/escape.h"
#include "yuliao/outdir.h"
#include "yuliao/outfile.h"
#include "yuliao/csv.h"
#include "yuliao/norm.h"
#include "yuliao/script.h"
#include "yuliao/filter.h"
#include "yuliao/vocab.h"
#include "yuliao/counts.h"
#include "yuliao/stats.h"
#include "yuliao/tfidf.h"
#include "yuliao/keyness.h"
#include "yuliao/cooc.h"
#include "yuliao/colloc.h"
#include "yuliao/similarity.h"
#include "yuliao/outlets.h"
#include "yuliao/ingest.h"
#include "yuliao/dedupe.h"
#include "yuliao/sketch.h"
#include "yuliao/doccsv.h"
#include "yuliao/segment.h"
#include "yuliao/analyze.h"
#include "yuliao/config.h"
#include "yuliao/extract.h"
#include "yuliao/newwords.h"

#endif
