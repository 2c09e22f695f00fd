/* Outlet table: which news outlet a URL belongs to, its display name and the names
 * it calls itself in its own text (used as per-outlet stop words).
 *
 * Loaded from tab-separated files (dict/outlets.tsv, user files given with
 * --outlets): "HOST[/PATH]<TAB>ID<TAB>DISPLAY NAME<TAB>SELF-NAMES<TAB>HOUSE" where
 * the last two fields are optional lists separated by '|'. HOUSE holds what else the
 * outlet writes of itself: terms (fragments its name leaves after segmentation, its
 * agency credits) and, ending with a colon, paragraph labels (an interviewer's 记者：). A URL matches an entry when its host equals HOST or ends
 * with "." HOST and, if the entry has a PATH, the URL path starts with it. The
 * longest HOST[/PATH] wins; on equal length the entry loaded last wins, so a user
 * file overrides the shipped one. Read-only after loading: share across threads. */
#ifndef YULIAO_OUTLETS_H
#define YULIAO_OUTLETS_H

#include <stddef.h>

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One outlet. Strings are owned by the table. */
typedef struct yl_outlet {
  const char *id;                /**< short id, e.g. "dw" */
  const char *name;              /**< display name, e.g. "德国之声" */
  const char *const *self_names; /**< names the outlet uses for itself */
  size_t n_self_names;
  const char *const *house_terms; /**< never counted for it, not dictionary words */
  size_t n_house_terms;
  const char *const *labels; /**< paragraph-start labels, each ending with ： or : */
  size_t n_labels;
  const char *const *words; /**< longer words holding a name that are not the outlet
                                 (日经平均指数): dictionary words, counted as any */
  size_t n_words;
} yl_outlet;

typedef struct yl_outlets yl_outlets;

/** Creates an empty table (release with yl_outlets_free). */
YL_API yl_status yl_outlets_new(yl_outlets **out);
YL_API void yl_outlets_free(yl_outlets *t);

/** Adds the entries of the file 'path'. Returns YL_OK, YL_ERR_DICT for a malformed
 * line ('err' has the file, the line and why), YL_ERR_IO when the file cannot be read
 * ('err' has the file, the errno and its sentence) or YL_ERR_NOMEM. 'err' may be
 * NULL. */
YL_API yl_status yl_outlets_load(yl_outlets *t, const char *path, yl_error *err);

/** Adds the entries of 'len' bytes of file text; 'name' is the file in 'err'. */
YL_API yl_status yl_outlets_load_text(yl_outlets *t, const char *text, size_t len,
                                      const char *name, yl_error *err);

/** The outlet of 'url' (with or without scheme), or NULL when no entry matches. */
YL_API const yl_outlet *yl_outlets_match(const yl_outlets *t, const char *url);

/** For a 'url' that yl_outlets_match gives no outlet: an outlet whose entry has the
 * URL's host but another path (bbc.com/zhongwen for https://www.bbc.com/news/x), or,
 * failing that, whose host shares the URL's domain (nikkei.com: the last two labels of
 * the host, three for a short second level such as com.tw or co.uk), with that entry's
 * key (HOST[/PATH], owned by the table) in '*key'; NULL when there is none. */
YL_API const yl_outlet *yl_outlets_kin(const yl_outlets *t, const char *url, const char **key);

/** The outlet with id 'id' (the last loaded entry having it), or NULL. */
YL_API const yl_outlet *yl_outlets_by_id(const yl_outlets *t, const char *id);

/** Number of entries loaded (an id may appear in more than one). */
YL_API size_t yl_outlets_count(const yl_outlets *t);

/** Entry 'i' (< yl_outlets_count) in load order. */
YL_API const yl_outlet *yl_outlets_at(const yl_outlets *t, size_t i);

/** Copies the host of 'url' (lower case, without "www." and port) into a new string
 * (release with yl_free); NULL when the URL has no host or on OOM. */
YL_API char *yl_outlets_host(const char *url);

#ifdef __cplusplus
}
#endif
#endif
