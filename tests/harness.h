/* A tiny unit-test harness: each check counts as passed or failed; main() ends with
 * YL_TEST_DONE(), which prints "N passed, N failed" and returns non-zero on failure.
 *
 *   static void test_quotes(void) { STR_EQ(got, "a\"b"); INT_EQ(n, 3); }
 *   int main(void) { RUN(test_quotes); YL_TEST_DONE(); }
 */
#ifndef YL_TEST_HARNESS_H
#define YL_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int yl_t_pass, yl_t_fail;
static const char *yl_t_current = "";

#define YL_T_FAIL(...)                                                        \
  do {                                                                         \
    yl_t_fail++;                                                               \
    fprintf(stderr, "FAIL %s (%s:%d): ", yl_t_current, __FILE__, __LINE__);    \
    fprintf(stderr, __VA_ARGS__);                                              \
    fputc('\n', stderr);                                                       \
  } while (0)

#define OK(cond)                                                               \
  do {                                                                         \
    if (cond) yl_t_pass++;                                                     \
    else YL_T_FAIL("%s", #cond);                                               \
  } while (0)

#define INT_EQ(got, want)                                                      \
  do {                                                                         \
    long long g_ = (long long)(got), w_ = (long long)(want);                   \
    if (g_ == w_) yl_t_pass++;                                                 \
    else YL_T_FAIL("%s = %lld, want %lld", #got, g_, w_);                      \
  } while (0)

#define STR_EQ(got, want)                                                      \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (g_ && w_ && strcmp(g_, w_) == 0) yl_t_pass++;                          \
    else YL_T_FAIL("%s = \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)",       \
                   w_ ? w_ : "(null)");                                        \
  } while (0)

#define MEM_EQ(got, glen, want, wlen)                                          \
  do {                                                                         \
    size_t gl_ = (glen), wl_ = (wlen);                                         \
    if (gl_ == wl_ && memcmp((got), (want), gl_) == 0) yl_t_pass++;            \
    else YL_T_FAIL("%s = \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)", #got,  \
                   (int)gl_, (const char *)(got), gl_, (int)wl_,               \
                   (const char *)(want), wl_);                                 \
  } while (0)

/* Absolute-or-relative tolerance: |got − want| ≤ tol·max(1, |want|). */
#define DBL_NEAR(got, want, tol)                                               \
  do {                                                                         \
    double g_ = (got), w_ = (want), t_ = (tol);                                \
    double s_ = fabs(w_) > 1 ? fabs(w_) : 1;                                   \
    if (fabs(g_ - w_) <= t_ * s_) yl_t_pass++;                                 \
    else YL_T_FAIL("%s = %.10g, want %.10g (tol %g)", #got, g_, w_, t_);       \
  } while (0)

/* Bit for bit: the same double (shown as hex floats when not). */
#define DBL_EQ(got, want)                                                      \
  do {                                                                         \
    double g_ = (got), w_ = (want);                                            \
    if (memcmp(&g_, &w_, sizeof g_) == 0) yl_t_pass++;                         \
    else YL_T_FAIL("%s = %a, want %a", #got, g_, w_);                          \
  } while (0)

/* A yl_error record (yuliao/error.h) checked whole: its code, file, line, errno and
 * message (a NULL 'file_' or 'message_' is not checked), as one check. */
#define ERR_EQ(e, code_, file_, line_, errno_, message_)                       \
  do {                                                                         \
    const char *f_ = (file_), *m_ = (message_);                                \
    long long c_ = (long long)(code_), l_ = (long long)(line_);                \
    int n_ = (errno_);                                                         \
    if ((long long)(e).code == c_ && (!f_ || !strcmp((e).file, f_)) &&        \
        (long long)(e).line == l_ && (e).sys_errno == n_ &&                   \
        (!m_ || !strcmp((e).message, m_)))                                     \
      yl_t_pass++;                                                             \
    else                                                                       \
      YL_T_FAIL("%s = {%d, \"%s\", %zu, errno %d, \"%s\"}, want {%lld, \"%s\", %lld, " \
                "errno %d, \"%s\"}", #e, (int)(e).code, (e).file, (e).line,        \
                (e).sys_errno, (e).message, c_, f_ ? f_ : "*", l_, n_, m_ ? m_ : "*"); \
  } while (0)

/* A fresh, empty scratch folder $YL_TMP/NAME (/tmp/yl-test/NAME without YL_TMP) in
 * 'out'; returns 0, or -1 when it cannot be made. */
static inline int yl_test_scratch(const char *name, char *out, size_t cap) {
  const char *t = getenv("YL_TMP");
  if ((size_t)snprintf(out, cap, "%s/%s", t ? t : "/tmp/yl-test", name) >= cap) return -1;
  char cmd[4200];
  if ((size_t)snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", out, out) >= sizeof cmd)
    return -1;
  return system(cmd) == 0 ? 0 : -1;
}

#define RUN(fn)                                                                \
  do {                                                                         \
    yl_t_current = #fn;                                                        \
    fn();                                                                      \
  } while (0)

#define YL_TEST_DONE()                                                         \
  do {                                                                         \
    printf("%d passed, %d failed\n", yl_t_pass, yl_t_fail);                    \
    return (yl_t_fail || !yl_t_pass) ? 1 : 0;                                  \
  } while (0)

#endif
