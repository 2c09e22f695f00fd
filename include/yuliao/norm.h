/* Text normalisation for Chinese news text (utf8proc).
 *
 * Rules, in order, per code point:
 * - invalid UTF-8 becomes U+FFFD and is counted;
 * - control characters (Cc), U+FEFF and U+200B are removed;
 * - any white space (Zs, TAB, CR, LF, …) collapses with its neighbours into one ASCII
 *   space, and leading/trailing space is trimmed;
 * - CJK radicals (Kangxi and the Supplement) and CJK strokes become the unified
 *   ideographs they stand for, as Unicode's EquivalentUnifiedIdeograph.txt gives them
 *   (dict/unicode/): ⻓远 U+2ED3 is 长远;
 * - letters and digits (categories L*, N*) take their compatibility form (NFKC), so
 *   full-width ＤｅｅｐＳｅｅｋ２０２５ becomes DeepSeek2025;
 * - everything else, in particular Chinese punctuation (，：（）！？。、“”), keeps its
 *   canonical form (NFC): plain NFKC would turn half of it into ASCII;
 * - the result is NFC. */
#ifndef YULIAO_NORM_H
#define YULIAO_NORM_H

#include <stddef.h>

#include "yuliao/export.h"
#include "yuliao/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Normalises 'len' bytes of 'in' (any bytes). On success stores a new NUL-terminated
 * UTF-8 string in '*out' (release with yl_free), its length in '*out_len', and adds
 * the number of invalid UTF-8 sequences replaced by U+FFFD to '*n_invalid' (which may
 * be NULL). Returns YL_OK or YL_ERR_NOMEM. Thread safe. */
YL_API yl_status yl_norm_text(const char *in, size_t len, char **out, size_t *out_len,
                              size_t *n_invalid);

#ifdef __cplusplus
}
#endif
#endif
