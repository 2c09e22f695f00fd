/* Traditional and Simplified characters: a fast scan for Traditional-only characters
 * and conversion to Simplified with OpenCC (Debian libopencc), so that text in either
 * script counts as one language.
 *
 * A character is Traditional-only when OpenCC's conversion, applied to it alone, gives
 * another character (for t2s: 國 → 国, 體 → 体); the table covers the CJK Unified
 * Ideographs, Extension A and the Compatibility Ideographs. A paragraph without any
 * such character is Simplified already and needs no conversion: scanning is a table
 * lookup per character, converting is OpenCC's phrase matching (a few MB/s). */
#ifndef YULIAO_SCRIPT_H
#define YULIAO_SCRIPT_H

#include <stddef.h>

#include "yuliao/error.h"
#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yl_script yl_script;

/** What analyze does with Traditional characters: convert them before counting
 * (--script simplified, the default) or count the text as written (keep). */
typedef enum yl_script_mode { YL_SCRIPT_SIMPLIFIED = 0, YL_SCRIPT_KEEP } yl_script_mode;
/** "simplified", "keep"; NULL for another value. */
YL_API const char *yl_script_mode_name(yl_script_mode m);

/** Opens OpenCC configuration 'config' ("t2s", "tw2sp", "hk2s" …: a name from OpenCC's
 * data folder, with or without ".json", or a path) and builds the Traditional-only
 * table from it. YL_ERR_NOTFOUND (with 'err', which may be NULL, naming the
 * configuration and OpenCC's message) when OpenCC cannot open it; YL_ERR_NOMEM.
 * Release with yl_script_free. Scanning and converting are thread safe (threads that
 * convert at once get converters of their own, up to eight). */
YL_API yl_status yl_script_open(const char *config, yl_script **out, yl_error *err);
YL_API void yl_script_free(yl_script *s);

/** Converts without OpenCC, with the same result, where that is known to be exact:
 * for t2s, OpenCC is a longest match over its phrase table TSPhrases, and every other
 * character goes to its first value in TSCharacters. 'phrases' is that phrase table
 * as text (dict/opencc/t2s-phrases.tsv, which names the size and checksum of the
 * TSPhrases.ocd2 it came from) and 'opencc_dir' OpenCC's data folder (NULL:
 * /usr/share/opencc). The fast path is taken only when the configuration is t2s, the
 * installed TSPhrases.ocd2 is that file and every single character converts to one;
 * '*on' (may be NULL) says whether it was. A missing or unreadable file only leaves
 * conversion to OpenCC: YL_OK. YL_ERR_NOMEM. */
YL_API yl_status yl_script_use_phrases(yl_script *s, const char *phrases, const char *opencc_dir,
                                       int *on);

/** The configuration file name as given to OpenCC ("t2s.json"). */
YL_API const char *yl_script_config(const yl_script *s);
/** The OpenCC version yuliao was built with ("1.1.6"). */
YL_API const char *yl_script_opencc_version(void);

/** Counts in 'len' bytes of UTF-8 'text' the Han characters ('*han') and, among them,
 * the Traditional-only ones ('*trad'); either pointer may be NULL. Invalid bytes
 * count as nothing. */
YL_API void yl_script_scan(const yl_script *s, const char *text, size_t len, size_t *han,
                           size_t *trad);

/** The script of a text with 'han' Han characters of which 'trad' are Traditional-only
 * (yl_script_scan): "simplified" (under 1 %: 乾 of 乾隆 is one), "traditional" (10 % or
 * more: most characters of any Traditional text are shared), "mixed" between, "none"
 * without Han characters. Static storage. */
YL_API const char *yl_script_class(size_t han, size_t trad);

/** Converts 'len' bytes of UTF-8 'text' (valid UTF-8, no NUL) with OpenCC: a new
 * NUL-terminated string in '*out' (release with yl_free) and its length. YL_ERR_NOMEM,
 * or YL_ERR_ENCODING when OpenCC fails. */
YL_API yl_status yl_script_convert(yl_script *s, const char *text, size_t len, char **out,
                                   size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
