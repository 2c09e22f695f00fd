/* The analyze run's state and its phases (internal). yl_analyze_run (analyze.c) wires:
 *
 *   pass1.c   workers read, segment and filter the files (terms.c) into spill files
 *             (spill.c); duplicates are marked in index order (docs.c); each worker
 *             then counts its own documents into its group tables (pass 1b)
 *   merge.c   the workers' vocabularies and group tables merged by summing; IDF
 *   pass2.c   documents.csv, doc-level tfidf.csv and keywords.csv rows, co-occurrence
 *             counts, in one range of documents per worker
 *   tables_*.c the other tables, from the merged state
 *
 * Every fan-out goes through base/pool.h, and every result is merged in an order that
 * does not depend on the threads, so the tables are the same bytes for any -j. */
#ifndef YL_PIPELINE_ENGINE_H
#define YL_PIPELINE_ENGINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/pool.h"
#include "pipeline/docs.h"
#include "pipeline/spill.h"
#include "yuliao/sketch.h"
#include "pipeline/kwic.h"
#include "pipeline/terms.h"
#include "pipeline/trends.h"
#include "yuliao/analyze.h"
#include "yuliao/colloc.h"
#include "yuliao/cooc.h"
#include "yuliao/counts.h"
#include "yuliao/segment.h"
#include "yuliao/tfidf.h"
#include "yuliao/vocab.h"

/* One document of the input list: where pass 1 put it. */
typedef struct yl_docent {
  size_t n_paras; /* before they were freed */
  unsigned worker;
  uint32_t group;    /* worker-local group index */
  uint64_t off, len; /* spill record */
  uint64_t tokens, types;
  uint64_t han, trad; /* Han and Traditional-only characters of its counted paragraphs */
  uint64_t colloc_win[2]; /* --collocations: its 2- and 3-token windows, pads included */
} yl_docent;

/* A group (outlet, folder or everything) as one worker counted it. */
typedef struct yl_wgroup {
  char *name; /* counted in the merged tables (yl_pass1_count) */
} yl_wgroup;

typedef struct yl_run yl_run;

typedef struct yl_worker {
  yl_run *r;
  unsigned idx;
  yl_task task;
  yl_segmenter *seg;
  yl_terms terms; /* its vocabulary: the worker's term ids */
  yl_spelling *sp; /* a paragraph's token spellings, made ahead of their lookups */
  size_t spcap;
  yl_wgroup *g;
  size_t ng, capg;
  yl_spill spill;
  yl_tokbuf tok;
  uint64_t dropped[YL_FILTER_NREASONS];
  uint64_t seen, bytes;
  yl_status err;
  size_t err_doc; /* SIZE_MAX: the spill file's, not a document's */
  uint32_t *map;  /* local → global term id (after the merge) */
  size_t nmap;    /* its entries: the worker's vocabulary */
  uint32_t *gmap; /* local → global group index */
  uint32_t *kwic_kid; /* the KWIC terms' ids in its vocabulary (UINT32_MAX: never counted) */
  yl_kwic_buf kwic;   /* its KWIC hits, kept until the table is written */
  yl_colloc_shape shape; /* --collocations: the segments of the document being read */
} yl_worker;

struct yl_run {
  const yl_analyze_opts *o;
  yl_doc_key *keys; /* every document (its metadata for documents.csv), in index order */
  yl_docent *docs;
  size_t ndocs;
  uint64_t *body_len; /* bytes of counted body text: of a story's copies the longer is kept */
  unsigned char *known; /* its outlet is in the outlet table (kept before a mirror's copy) */
  uint32_t *sig;      /* near-duplicate sketches, ndocs × YL_SKETCH_BINS (NULL: none) */
  unsigned char *has; /* which documents have one */
  uint32_t *dup_of;   /* index + 1 of the copy a duplicate repeats, or 0 */
  float *sim;         /* its similarity to that copy (-1: unknown) */
  atomic_size_t next, done;
  atomic_uint_least64_t bytes;
  atomic_int stop;
  pthread_mutex_t mu; /* guards 'finished' */
  pthread_cond_t cv;
  unsigned finished;
  yl_outlet_stops os;
  yl_worker *w;
  unsigned nw; /* pass 1's workers, or the shards a merge reads: the spill files */
  unsigned nt; /* threads for the later phases (nw but in a merge) */
  unsigned *owner;             /* merged group → the worker that counts it in pass 1b */
  const struct yl_merged *m;   /* the merged vocabulary and group tables, in pass 1b */
};

/* Documents coded with frames in pass 2, in document order. */
typedef struct yl_frame_hit {
  uint32_t doc, frame;
  uint64_t matches;
} yl_frame_hit;
typedef struct yl_frame_hits {
  yl_frame_hit *v;
  size_t n, cap;
} yl_frame_hits;

/* After pass 1: every worker's tables merged. */
typedef struct yl_merged {
  yl_vocab *v;
  char **names; /* sorted group names */
  yl_counts **g;
  size_t ng;
  yl_counts *all;
  yl_freq_row *all_rows; /* the first frequency rows of ALL (as many as frequency.csv,
                            frequency_wide.csv and the co-occurrence selection use) */
  size_t n_all_rows;
  uint64_t *grp_df; /* by id: the groups that use the term (group-level IDF and df) */
  uint32_t *forms;  /* shown form of every id (corpus-wide most frequent spelling) */
  yl_idf *own_doc_idf, *own_grp_idf;
  const yl_idf *doc_idf, *grp_idf;
  double *doc_idf_v; /* doc_idf of every term by id (yl_idf_values) */
  yl_cooc **cooc;    /* per group, then [ng] = ALL */
  uint32_t *sel;     /* co-occurrence selection (top terms or focus terms) */
  size_t nsel;
  /* for similarity.csv, from the group-level TF-IDF rows once they are written: */
  yl_tfidf_row **grows; /* each group's first sim_top rows (shared_top) */
  size_t *ngrows;
  struct yl_simvec *gvec; /* each group's weights, sorted for the pair merges */
  uint32_t *simpos;       /* term-byte order of the vocabulary (yl_simvec_order), or NULL */
  /* --frames: each frame term's id (UINT32_MAX: never counted), each id's frame term + 1
   * (0: none), and the coded documents (job 0's, the others' appended in order) */
  uint32_t *fterm_id, *fterm_of;
  yl_frame_hits fhits;
  /* --period: the counts by period (job 0's, the others' added) and the terms they follow */
  yl_trends trends;
  unsigned char *tsel; /* by id */
  size_t ntsel;
} yl_merged;

/* What a table writer needs. */
typedef struct yl_outctx {
  const yl_analyze_opts *o;
  yl_merged *m;
  yl_error *err;  /* the run's record (may be NULL): the first failure is kept */
  uint64_t *rows; /* data rows per yl_analyze_table, or NULL (threads touch distinct ones) */
  uint64_t *cut;  /* cells cut per yl_analyze_table (csv.h), or NULL, as 'rows' */
} yl_outctx;

/* pass1.c (the first failure goes into 'err', which may be NULL, with base/error.h's
 * yl_error_first and yl_error_cause) */
yl_status yl_pass1_run(yl_run *r, yl_error *err);
/* Duplicates in index order, then pass 1b: every document counted into its merged
 * group's table of 'm' (after yl_merge_vocab), each group by one worker. */
yl_status yl_pass1_count(yl_run *r, yl_merged *m, yl_error *err);
/* What only pass 1 and the merge need (segmenter, vocabulary, memo, group tables). */
void yl_worker_free_pass1(yl_worker *w);
void yl_worker_free(yl_worker *w);

/* merge.c */
/* The workers' vocabularies into one (each worker's map: local → global id) and their
 * groups numbered by name, with empty tables. */
yl_status yl_merge_vocab(yl_run *r, yl_merged *m);
/* After pass 1b: the corpus table ALL, the groups using each term, surface forms. */
yl_status yl_merge_totals(const yl_analyze_opts *o, yl_merged *m);
/* The IDF tables (the run's own or --idf's) and every term's doc-level IDF. */
yl_status yl_merge_idf(const yl_analyze_opts *o, yl_merged *m);
void yl_merged_free(yl_merged *m);
/* The 'n' ids (and forms, unless NULL) of a record of worker 'w' in merged ids;
 * YL_ERR_PARSE when one is not of its vocabulary. */
yl_status yl_worker_map_ids(const yl_worker *w, uint32_t *ids, uint32_t *forms, size_t n);

/* pass2.c */
/* The co-occurrence selection and tables (focus terms not found counted in 'sum'). */
yl_status yl_pass2_cooc_setup(const yl_analyze_opts *o, yl_merged *m, yl_analyze_summary *sum);
/* Pass 2 in 'nj' jobs, then hook(hook_ctx, status so far) (after which ALL and the
 * document-level IDF may be gone), then the group-level rows of tfidf.csv and
 * keywords.csv. */
yl_status yl_pass2_run(yl_run *r, yl_merged *m, const yl_outctx *x, unsigned nj,
                       void (*hook)(void *, yl_status), void *hook_ctx);

/* pass2.c: a reader of the spill files (one window per worker's file), the ids in
 * global terms; zero-initialised but for 'sw' (calloc(nw, ...)). */
typedef struct yl_reader {
  yl_spill_window *sw;
  uint32_t *ids;
  uint8_t *fl;
  size_t cap;
} yl_reader;
void yl_reader_free(yl_reader *rd, unsigned nw);
/* Document 'i''s record into rd->ids / rd->fl ('*n' tokens), ids mapped to the merged
 * vocabulary; a failure is recorded in x->err. */
yl_status yl_pass2_read_doc(const yl_run *r, const yl_outctx *x, yl_reader *rd, size_t i, size_t *n);

#endif
