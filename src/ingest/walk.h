/* Walking the inputs (internal): yl_ingest_walk and yl_ingest_list_clear of
 * yuliao/ingest.h live in walk.c, with the path helper the stage shares. */
#ifndef YL_INGEST_WALK_H
#define YL_INGEST_WALK_H

/* "a/b" from "a" and "b" (no second '/' when 'a' ends in one); NULL on OOM. */
char *yl_path_join(const char *a, const char *b);

#endif
