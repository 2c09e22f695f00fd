/* Ingest: article files → metadata and clean paragraphs.
 *
 * A yl_ingest holds the outlet table and the boilerplate rules; it is read-only
 * after yl_ingest_new, so any number of threads may call yl_ingest_walk and
 * yl_ingest_file on it at once (each call allocates its own results).
 *
 * Layouts recognised (see docs/extract.md): "A" front matter (+ optional stamp and
 * link line), "B" "<!--epoch-ms-->" stamp and/or "[title](url)" link line without
 * front matter, "html" a plain HTML page, "text" plain text (paragraphs split at
 * blank lines). Article bodies of A and B are HTML. */
#ifndef YULIAO_INGEST_H
#define YULIAO_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/outlets.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** "No time" in the millisecond fields of yl_doc. */
#define YL_TIME_NONE INT64_MIN

typedef enum yl_para_kind {
  YL_PARA_BODY = 0, /**< article text (sub-headings included) */
  YL_PARA_CAPTION,  /**< an image caption */
  YL_PARA_TITLE     /**< the article title (first paragraph when known) */
} yl_para_kind;

/** Name of a kind: "body", "caption", "title". */
YL_API const char *yl_para_kind_name(yl_para_kind k);

typedef struct yl_para {
  yl_para_kind kind;
  char *text; /**< normalised UTF-8 (yl_norm_text), NUL-terminated */
  size_t len; /**< bytes */
} yl_para;

/** A paragraph as counted when the ingest has a script (yl_ingest_set_script): found
 * once by the ingest (boilerplate meets it too), so that a caller need not scan and
 * convert it again. */
typedef struct yl_para_form {
  int scanned;      /**< 1 when the fields below are set */
  size_t han, trad; /**< Han characters of the text and the Traditional-only ones (yl_script_scan) */
  char *conv;       /**< the text converted when trad > 0, NUL-terminated, owned; else NULL */
  size_t conv_len;  /**< bytes of 'conv' */
} yl_para_form;

/** Metadata fields, or-ed in yl_doc.found when the file provided them. */
enum yl_doc_field {
  YL_FIELD_TITLE = 1u << 0,
  YL_FIELD_URL = 1u << 1,
  YL_FIELD_AUTHOR = 1u << 2,
  YL_FIELD_PUBLISHED = 1u << 3,
  YL_FIELD_ARCHIVED = 1u << 4,
  YL_FIELD_OUTLET = 1u << 5 /**< outlet known from the table or --outlet-from folder */
};

typedef enum yl_doc_status {
  YL_DOC_ANALYSED = 0,
  YL_DOC_SKIPPED,
  YL_DOC_DUPLICATE /**< read, but the same article as an earlier file (see dedupe.h) */
} yl_doc_status;

/** "analysed", "skipped" or "duplicate" (static storage). */
YL_API const char *yl_doc_status_name(yl_doc_status s);

/** One input file. Every string is owned by the doc (NULL when absent, except
 * 'path', 'note', 'outlet', 'outlet_name' and 'layout', which are never NULL). */
typedef struct yl_doc {
  char *path;
  yl_doc_status status;
  char *note;        /**< skip reason, or remarks ("3 invalid UTF-8 sequences …"); "" if none */
  char *outlet;      /**< outlet id; URL host when unknown; "unknown" without URL */
  char *outlet_name; /**< display name */
  char *title, *author, *url;
  int64_t published_ms; /**< publication time, ms since 1970 UTC, or YL_TIME_NONE */
  const char *published_from; /**< "front-matter", "header", "stamp" or "" (static) */
  int64_t archived_ms;        /**< archive stamp, or YL_TIME_NONE */
  const char *layout;         /**< "A", "B", "html", "text" or "" when skipped (static) */
  unsigned found;             /**< yl_doc_field bits */
  char *encoding;             /**< source encoding when not UTF-8 ("GB18030" …), else NULL */
  size_t n_invalid;           /**< invalid UTF-8 sequences replaced by U+FFFD */
  size_t n_boiler;            /**< paragraphs removed as boilerplate */
  yl_para *paras;
  size_t n_paras;
  yl_para_form *forms; /**< one per paragraph when the ingest has a script, else NULL; owned */
  size_t n_chars; /**< code points over all paragraphs */
  char *skip_reason; /**< when skipped: the reason without this file's details ("too large",
                          where the note says "too large (N bytes, limit M)"), the same for
                          every file skipped for it; else NULL */
} yl_doc;

YL_API void yl_doc_free(yl_doc *d);

typedef struct yl_ingest_opts {
  const char *dict_dir;      /**< folder holding outlets.tsv and boilerplate.tsv */
  const char *extra_outlets; /**< user outlet file loaded after the shipped one, or NULL */
  int outlet_from_folder;    /**< outlet = name of the file's parent folder */
  uint64_t max_file_size;    /**< larger files are skipped; 0 means 64 MiB */
} yl_ingest_opts;

typedef struct yl_ingest yl_ingest;

/** Loads the tables. Returns YL_OK, YL_ERR_DICT when a table is missing, unreadable
 * or malformed, or YL_ERR_NOMEM; 'err' (may be NULL) has the file, the line of a
 * malformed entry, the errno of a failed read and the reason. */
YL_API yl_status yl_ingest_new(const yl_ingest_opts *opts, yl_ingest **out,
                               yl_error *err);
YL_API void yl_ingest_free(yl_ingest *ing);

/** The outlet table (owned by 'ing'). */
YL_API const yl_outlets *yl_ingest_outlets(const yl_ingest *ing);

struct yl_script;
/** From now on the boilerplate rules (written in Simplified) also meet each paragraph
 * that holds a Traditional-only character as 'script' converts it (analyze under
 * --script simplified); NULL: the text as written only. The caller keeps 'script'
 * alive while 'ing' reads files. */
YL_API void yl_ingest_set_script(yl_ingest *ing, struct yl_script *script);

typedef struct yl_ingest_entry {
  char *path;
  char *skip; /**< NULL, or why the file will not be read ("not found" …) */
} yl_ingest_entry;

typedef struct yl_ingest_list {
  yl_ingest_entry *v;
  size_t n;
} yl_ingest_list;

/** Expands 'paths' (files and folders, recursively, following symbolic links but
 * never entering a folder twice) into the files to read, sorted by path bytes.
 * Entries starting with '.' inside folders are ignored. A file reached twice (same
 * device and inode, or the same path) is listed once. Files with an unsupported
 * extension, missing paths and unreadable folders are listed with a skip reason.
 * Release 'out' with yl_ingest_list_clear. */
YL_API yl_status yl_ingest_walk(const yl_ingest *ing, const char *const *paths,
                                size_t n, yl_ingest_list *out);
YL_API void yl_ingest_list_clear(yl_ingest_list *l);

/** Reads one file. Returns YL_OK with a doc for every outcome the user should see
 * as a row (analysed or skipped with a reason); an error status only for
 * YL_ERR_NOMEM. Release with yl_doc_free. */
YL_API yl_status yl_ingest_file(const yl_ingest *ing, const char *path, yl_doc **out);

/** A doc for an entry that yl_ingest_walk already marked as skipped. */
YL_API yl_status yl_ingest_skipped(const char *path, const char *reason, yl_doc **out);

#ifdef __cplusplus
}
#endif
#endif
