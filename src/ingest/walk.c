/* Inputs → the sorted list of files to read, each with a skip reason or none (see
 * yl_ingest_walk in yuliao/ingest.h). */
#include "ingest/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "yuliao/ingest.h"

char *yl_path_join(const char *a, const char *b) {
  size_t al = strlen(a);
  yl_buf p = YL_BUF_INIT;
  if (yl_buf_put(&p, a, al) || (al && a[al - 1] != '/' && yl_buf_putc(&p, '/')) ||
      yl_buf_puts(&p, b)) {
    yl_buf_free(&p);
    return NULL;
  }
  size_t l;
  return yl_buf_detach(&p, &l);
}

typedef struct item {
  char *path;
  char *skip;
  dev_t dev;
  ino_t ino;
  int has_id;
} item;

typedef struct walk_state {
  item *v;
  size_t n, cap;
  struct { dev_t dev; ino_t ino; } *dirs;
  size_t nd, dcap;
  yl_u64map seen; /* hash of (device, inode) → index + 1 in 'dirs': a folder visited */
  yl_status st;
} walk_state;

/* The key of a folder for 'seen' (never 0 or the map's empty marker). */
static uint64_t dir_key(dev_t dev, ino_t ino) {
  uint64_t id[2] = {(uint64_t)dev, (uint64_t)ino};
  uint64_t h = yl_hash_bytes(UINT64_C(0x77616c6b), id, sizeof id);
  return h == 0 || h == YL_U64MAP_EMPTY ? 1 : h;
}

static void add_item(walk_state *w, const char *path, const char *skip, const struct stat *sb) {
  if (w->st) return;
  if (w->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 64;
    item *v = realloc(w->v, cap * sizeof *v);
    if (!v) {
      w->st = YL_ERR_NOMEM;
      return;
    }
    w->v = v, w->cap = cap;
  }
  item it = {strdup(path), skip ? strdup(skip) : NULL, 0, 0, 0};
  if (sb) it.dev = sb->st_dev, it.ino = sb->st_ino, it.has_id = 1;
  if (!it.path || (skip && !it.skip)) {
    free(it.path);
    free(it.skip);
    w->st = YL_ERR_NOMEM;
    return;
  }
  w->v[w->n++] = it;
}

static int supported_ext(const char *path) {
  static const char *const exts[] = {".txt", ".md", ".markdown", ".html", ".htm", NULL};
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (!dot) return 0;
  for (size_t i = 0; exts[i]; i++)
    if (!strcasecmp(dot, exts[i])) return 1;
  return 0;
}

static void walk_path(walk_state *w, const char *path, int named) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    char why[256];
    if (errno == ENOENT) snprintf(why, sizeof why, "not found");
    else if (errno == ELOOP) snprintf(why, sizeof why, "symbolic link loop");
    else snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
    add_item(w, path, why, NULL);
    return;
  }
  if (S_ISDIR(sb.st_mode)) {
    /* a folder met twice (a symbolic link back up the tree) is walked once: a hash
     * set, since archives with one article per folder have 100,000s of them */
    uint64_t key = dir_key(sb.st_dev, sb.st_ino), at = yl_u64map_get(&w->seen, key);
    if (at && w->dirs[at - 1].dev == sb.st_dev && w->dirs[at - 1].ino == sb.st_ino) return;
    if (at) /* two folders with one hash (about n²/2⁶⁵): the list decides */
      for (size_t i = 0; i < w->nd; i++)
        if (w->dirs[i].dev == sb.st_dev && w->dirs[i].ino == sb.st_ino) return;
    if (w->nd == w->dcap) {
      size_t cap = w->dcap ? w->dcap * 2 : 16;
      void *d = realloc(w->dirs, cap * sizeof *w->dirs);
      if (!d) {
        w->st = YL_ERR_NOMEM;
        return;
      }
      w->dirs = d, w->dcap = cap;
    }
    w->dirs[w->nd].dev = sb.st_dev, w->dirs[w->nd].ino = sb.st_ino, w->nd++;
    if (!at && (w->st = yl_u64map_add(&w->seen, key, w->nd))) return;
    DIR *d = opendir(path);
    if (!d) {
      char why[256];
      snprintf(why, sizeof why, "unreadable folder: %s", strerror(errno));
      add_item(w, path, why, NULL);
      return;
    }
    struct dirent *e;
    while (!w->st && (e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue; /* ., .., hidden files and folders */
      char *child = yl_path_join(path, e->d_name);
      if (!child) {
        w->st = YL_ERR_NOMEM;
        break;
      }
      walk_path(w, child, 0);
      free(child);
    }
    closedir(d);
    return;
  }
  (void)named;
  if (!S_ISREG(sb.st_mode)) add_item(w, path, "not a regular file", &sb);
  else if (!supported_ext(path))
    add_item(w, path, "unsupported extension (read: .txt .md .markdown .html .htm)", &sb);
  else add_item(w, path, NULL, &sb);
}

static int cmp_item(const void *a, const void *b) {
  return strcmp(((const item *)a)->path, ((const item *)b)->path);
}

/* Orders item pointers by file identity, then by position (= path order). */
static int cmp_id(const void *a, const void *b) {
  const item *x = *(const item *const *)a, *y = *(const item *const *)b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino) return x->ino < y->ino ? -1 : 1;
  return x < y ? -1 : x > y;
}

void yl_ingest_list_clear(yl_ingest_list *l) {
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) free(l->v[i].path), free(l->v[i].skip);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

yl_status yl_ingest_walk(const yl_ingest *g, const char *const *paths, size_t n,
                         yl_ingest_list *out) {
  (void)g;
  walk_state w = {0};
  w.seen = (yl_u64map)YL_U64MAP_INIT;
  for (size_t i = 0; i < n && !w.st; i++) walk_path(&w, paths[i], 1);
  free(w.dirs);
  yl_u64map_free(&w.seen);
  if (w.n) qsort(w.v, w.n, sizeof *w.v, cmp_item);
  /* The same path given twice is adjacent after sorting; the same file under two
   * names (links) shares device and inode: keep the first in path order. */
  unsigned char *dup = calloc(w.n ? w.n : 1, 1);
  item **byid = calloc(w.n ? w.n : 1, sizeof *byid);
  if (!dup || !byid) w.st = YL_ERR_NOMEM;
  size_t nid = 0;
  for (size_t i = 0; i < w.n && !w.st; i++) {
    if (i > 0 && !strcmp(w.v[i].path, w.v[i - 1].path)) dup[i] = 1;
    else if (w.v[i].has_id) byid[nid++] = &w.v[i];
  }
  if (!w.st && nid) qsort(byid, nid, sizeof *byid, cmp_id);
  for (size_t i = 1; i < nid && !w.st; i++)
    if (byid[i]->dev == byid[i - 1]->dev && byid[i]->ino == byid[i - 1]->ino)
      dup[byid[i] - w.v] = 1;
  free(byid);
  out->v = w.st ? NULL : calloc(w.n ? w.n : 1, sizeof *out->v);
  out->n = 0;
  if (!out->v) w.st = YL_ERR_NOMEM;
  for (size_t i = 0; i < w.n && !w.st; i++) {
    if (dup[i]) continue;
    out->v[out->n].path = w.v[i].path;
    out->v[out->n].skip = w.v[i].skip;
    w.v[i].path = w.v[i].skip = NULL;
    out->n++;
  }
  free(dup);
  for (size_t i = 0; i < w.n; i++) free(w.v[i].path), free(w.v[i].skip);
  free(w.v);
  if (w.st) yl_ingest_list_clear(out);
  return w.st;
}
