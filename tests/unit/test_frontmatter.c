/* Front matter, archive stamp, link line and rule line (layouts A and B). */
#include <stdlib.h>

#include "ingest/frontmatter.h"
#include "harness.h"

static void test_basic(void) {
  const char *t = "---\nlayout: post\ntitle: \"一篇\\\"引号\\\"文章\"\ndate: 2025-01-02T03:04:05.000Z\n"
                  "author: 张三\nfrom: https://example.org/a.html\ntags: [ x ]\n---\nBODY";
  yl_fm fm;
  size_t end = 0;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  STR_EQ(fm.title, "一篇\"引号\"文章");
  STR_EQ(fm.date, "2025-01-02T03:04:05.000Z");
  STR_EQ(fm.author, "张三");
  STR_EQ(fm.url, "https://example.org/a.html");
  STR_EQ(t + end, "BODY");
  yl_fm_clear(&fm);
}

static void test_escapes_and_quotes(void) {
  const char *t = "---\ntitle: 'It''s \\ fine'\nauthor: \"a\\\\b \\u4e2d\\/c\"\n---\n";
  yl_fm fm;
  size_t end;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  STR_EQ(fm.title, "It's \\ fine");
  STR_EQ(fm.author, "a\\b 中/c");
  INT_EQ(end, strlen(t));
  yl_fm_clear(&fm);
}

/* \uXXXX in every UTF-8 length it can take; fewer than four hex digits stay as
 * written. */
static void test_unicode_escapes(void) {
  const char *t = "---\ntitle: \"\\u0041\\u00e9\\u4E2D\\uffff.\\u12\"\n---\n";
  yl_fm fm;
  size_t end;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  STR_EQ(fm.title, "A\xC3\xA9\xE4\xB8\xAD\xEF\xBF\xBF.\\u12");
  yl_fm_clear(&fm);
}

/* Issue #14: a high and a low surrogate escape are one character (U+1F600 here, not
 * two U+FFFD); a half alone, or in the wrong order, is U+FFFD; \u0000 is U+FFFD and
 * does not cut the value short. */
static void test_surrogates_and_nul(void) {
  const char *t = "---\n"
                  "title: \"A\\uD83D\\uDE00B\\u0000C\"\n"
                  "author: \"\\ud83d|\\ude00|\\ude00\\ud83d|\\ud83d\\u0041|\\ud83d\\ude0\"\n"
                  "from: \"\\uDBFF\\uDFFF\\uD800\\uDC00\"\n"
                  "---\n";
  yl_fm fm;
  size_t end;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  STR_EQ(fm.title, "A\xF0\x9F\x98\x80" "B\xEF\xBF\xBD" "C");
  STR_EQ(fm.author, "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD"
                    "A|\xEF\xBF\xBD\\ude0");
  STR_EQ(fm.url, "\xF4\x8F\xBF\xBF\xF0\x90\x80\x80"); /* U+10FFFF, U+10000 */
  yl_fm_clear(&fm);
}

static void test_missing_and_alt_keys(void) {
  const char *t = "---\nlayout: post\nurl: https://u.example/x\nauthor:\n---\n";
  yl_fm fm;
  size_t end;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  OK(fm.title == NULL);
  OK(fm.date == NULL);
  OK(fm.author == NULL); /* empty value counts as missing */
  STR_EQ(fm.url, "https://u.example/x");
  yl_fm_clear(&fm);
}

static void test_crlf(void) {
  const char *t = "---\r\ntitle: \"标题\"\r\ndate: 2025-01-01\r\n---\r\n<p>x</p>";
  yl_fm fm;
  size_t end;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_OK);
  STR_EQ(fm.title, "标题");
  STR_EQ(fm.date, "2025-01-01");
  STR_EQ(t + end, "<p>x</p>");
  yl_fm_clear(&fm);
}

static void test_unterminated_and_absent(void) {
  const char *t = "---\ntitle: never closed\nmore text\n";
  yl_fm fm;
  size_t end = 7;
  INT_EQ(yl_fm_parse(t, strlen(t), &fm, &end), YL_ERR_PARSE);
  OK(fm.title == NULL);
  INT_EQ(end, 7);
  INT_EQ(yl_fm_parse("<!--1-->\n", 9, &fm, &end), YL_ERR_NOTFOUND);
  INT_EQ(yl_fm_parse("", 0, &fm, &end), YL_ERR_NOTFOUND);
  INT_EQ(yl_fm_parse("----x\n", 6, &fm, &end), YL_ERR_NOTFOUND);
}

static void test_stamp_link_rule(void) {
  const char *t = "\n<!--1738414025000-->\r\n[标题 [a] b](https://x.example/p(1))\n------\nBODY";
  size_t pos = 0;
  int64_t ms = 0;
  INT_EQ(yl_fm_stamp(t, strlen(t), &pos, &ms), 1);
  INT_EQ(ms, 1738414025000LL);
  const char *ti, *u;
  size_t tl, ul;
  INT_EQ(yl_fm_linkline(t, strlen(t), &pos, &ti, &tl, &u, &ul), 1);
  MEM_EQ(ti, tl, "标题 [a] b", strlen("标题 [a] b"));
  MEM_EQ(u, ul, "https://x.example/p(1)", strlen("https://x.example/p(1)"));
  INT_EQ(yl_fm_rule(t, strlen(t), &pos), 1);
  STR_EQ(t + pos, "BODY");
  /* not a stamp, not a link line: position unchanged */
  const char *b = "<!-- comment -->\nplain [x] text\n";
  pos = 0;
  INT_EQ(yl_fm_stamp(b, strlen(b), &pos, &ms), 0);
  INT_EQ(pos, 0);
  INT_EQ(yl_fm_linkline(b, strlen(b), &pos, &ti, &tl, &u, &ul), 0);
  INT_EQ(yl_fm_rule(b, strlen(b), &pos), 0);
  INT_EQ(pos, 0);
}

/* Issue #14: the stamp's plausible range is 1990-01-01 to 2099-12-31 (UTC); outside it
 * the line is still a stamp line (2: '*pos' moves on, '*ms' untouched). */
static void test_stamp_range(void) {
  static const struct {
    const char *line;
    int want;
    int64_t ms;
  } cases[] = {{"<!--631152000000-->\n", 1, 631152000000LL},
               {"<!--631151999999-->\n", 2, 0},
               {"<!--4102444799999-->\n", 1, 4102444799999LL},
               {"<!--4102444800000-->\n", 2, 0},
               {"<!--0001738000000000-->\n", 1, 1738000000000LL},
               {"<!--1-->\n", 2, 0},
               {"<!--1738000000-->\n", 2, 0},
               {"<!--99999999999999999999999999999999999-->\n", 2, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *t = cases[i].line;
    size_t pos = 0;
    int64_t ms = 0;
    INT_EQ(yl_fm_stamp(t, strlen(t), &pos, &ms), cases[i].want);
    INT_EQ(ms, cases[i].ms);
    INT_EQ(pos, strlen(t));
  }
}

int main(void) {
  RUN(test_basic);
  RUN(test_escapes_and_quotes);
  RUN(test_unicode_escapes);
  RUN(test_surrogates_and_nul);
  RUN(test_missing_and_alt_keys);
  RUN(test_crlf);
  RUN(test_unterminated_and_absent);
  RUN(test_stamp_link_rule);
  RUN(test_stamp_range);
  YL_TEST_DONE();
}
