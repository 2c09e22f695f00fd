/* The escaped form of a file name: how yuliao writes a path into documents.csv,
 * texts.jsonl and its messages when the name holds bytes that would break them.
 *
 * A file name on Linux is any bytes but '/' and NUL: invalid UTF-8, a line break, a
 * tab, or a bidi control such as U+202E (which makes a terminal or spreadsheet show
 * the name reversed). Such a name is written with these escapes, and every other
 * character as it is:
 *
 *   \\        a backslash
 *   \xHH      a byte that is not part of valid UTF-8, or an ASCII control
 *             character (U+0000..U+001F, U+007F); HH is two upper-case hex digits
 *   \u{HHHH}  a C1 control (U+0080..U+009F), a bidi or invisible format character
 *             (U+061C, U+200B..U+200F, U+2028..U+202E, U+2060..U+206F, U+FEFF);
 *             four upper-case hex digits
 *
 * Every backslash in the name is doubled, so the raw bytes are always recoverable
 * (yl_unescape_name); a name that needs none of this is written unchanged. */
#ifndef YULIAO_ESCAPE_H
#define YULIAO_ESCAPE_H

#include <stddef.h>

#include "yuliao/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes the escaped form of a 'len'-byte name may take at most, NUL included. */
#define YL_ESCAPE_CAP(len) (4 * (len) + 1)

/** Flags of yl_escape_text. */
enum {
  /** Leave backslashes as they are: for a message whose names are escaped already,
   * so that one pass over it keeps it on one line without escaping them twice. */
  YL_ESCAPE_KEEP_BACKSLASH = 1u
};

/** 1 when 'len' bytes at 's' would be changed by yl_escape_name, else 0. */
YL_API int yl_escape_needed(const char *s, size_t len);

/** Writes the escaped form of 'len' bytes at 's' into 'out' ('cap' bytes, NUL
 * added; a form that does not fit is cut before the escape or character that would
 * not fit). Returns the length of the whole escaped form (NUL not counted), so a
 * result ≥ 'cap' means 'out' was too short; YL_ESCAPE_CAP(len) is always enough.
 * 'out' may be NULL when 'cap' is 0. */
YL_API size_t yl_escape_name(const char *s, size_t len, char *out, size_t cap);

/** yl_escape_name with 'flags' (YL_ESCAPE_KEEP_BACKSLASH). */
YL_API size_t yl_escape_text(const char *s, size_t len, unsigned flags, char *out,
                             size_t cap);

/** Writes the raw bytes of the escaped name 'len' bytes at 's' into 'out' ('cap'
 * bytes, NUL added; the bytes may hold NUL only if the name did, which a file name
 * cannot). Returns their number, or (size_t)-1 when 's' holds a malformed escape or
 * 'out' is too short (the raw form is never longer than the escaped one). */
YL_API size_t yl_unescape_name(const char *s, size_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
