/* Ingest: layouts A/B/html/text, metadata sources and precedence, header block,
 * captions, boilerplate via a test dict, merges, encodings, skip reasons, and the
 * walk (order, dedupe, symlink loop, hidden entries). Fixture files are written to
 * $YL_TMP by the test itself. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/date.h"
#include "harness.h"
#include "yuliao/ingest.h"

static char tmp[512];
static yl_ingest *ing;

static void mkdir_p(const char *p) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
  if (system(cmd) != 0) fprintf(stderr, "mkdir failed: %s\n", p);
}

static const char *put(const char *name, const char *data, size_t len) {
  static char path[1024];
  snprintf(path, sizeof path, "%s/%s", tmp, name);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  *strrchr(dir, '/') = '\0';
  mkdir_p(dir);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(data, 1, len, f);
    fclose(f);
  }
  return path;
}
#define PUT(name, s) put(name, s, sizeof(s) - 1)

static yl_doc *read_doc(const char *path) {
  yl_doc *d = NULL;
  INT_EQ(yl_ingest_file(ing, path, &d), YL_OK);
  return d;
}

static const char *ptext(const yl_doc *d, size_t i) {
  return d && i < d->n_paras ? d->paras[i].text : "(none)";
}
static int pkind(const yl_doc *d, size_t i) {
  return d && i < d->n_paras ? (int)d->paras[i].kind : -1;
}

static char *iso(int64_t ms) {
  static char b[32];
  if (ms == YL_TIME_NONE) return "none";
  yl_date_format(ms, b);
  return b;
}

/* Titles and authors of front matter and link lines have their HTML character
 * references decoded (archivers escape them, some twice), as the body's are; what is
 * not a reference stays. */
static void test_title_refs(void) {
  yl_doc *d = read_doc(PUT("a/refs.md",
      "---\ntitle: \"&quot;深度求索&quot; &amp;#24320; AT&T &#x5F00;源 &amp;amp; &bogus; 1&2;\"\n"
      "author: 王&middot;五\nfrom: https://www.paper.example/news/2.html?a=1&amp;b=2\n---\n"
      "<p>正文。</p>"));
  OK(d != NULL);
  if (!d) return;
  STR_EQ(d->title, "\"深度求索\" 开 AT&T 开源 & &bogus; 1&2;");
  STR_EQ(d->author, "王·五");
  STR_EQ(d->url, "https://www.paper.example/news/2.html?a=1&b=2");
  yl_doc_free(d);
  d = read_doc(PUT("a/refs-link.txt", "<!--1740816000500-->\n[A&amp;B &#0; &#xD800;](https://x.example/1)\n------\n<p>正文。</p>"));
  OK(d != NULL);
  if (!d) return;
  STR_EQ(d->title, "A&B \xEF\xBF\xBD \xEF\xBF\xBD"); /* impossible code points: U+FFFD */
  yl_doc_free(d);
}

static void test_layout_a(void) {
  yl_doc *d = read_doc(PUT("a/one.md",
      "\xEF\xBB\xBF---\r\nlayout: post\r\ntitle: \"测试\\\"标题\\\"\"\r\n"
      "date: 2025-03-01T08:00:00.000Z\r\nauthor: 王五\r\n"
      "from: https://www.paper.example/news/1.html\r\n---\r\n"
      "<!--1740816000500-->\r\n[测试\"标题\"](https://www.paper.example/news/1.html)\r\n------\r\n\r\n"
      "<div><table><tr><td><img src=x.jpg></td></tr><tr><td><span><strong>图：河边的树"
      "</strong></span></td></tr></table><p>   第一段正文。</p>"
      "<p><span style=\"font-size: 14pt;\"><strong>小标题</strong></span></p>"
      "<p><strong>记者：</strong>问题？</p><p>最后一段正文</p><p>。</p>"
      "<p><strong>本报记者 某某</strong></p><strong>版权：纸报所有</strong></div>"));
  OK(d != NULL);
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  STR_EQ(d->layout, "A");
  STR_EQ(d->title, "测试\"标题\"");
  STR_EQ(d->author, "王五");
  STR_EQ(d->url, "https://www.paper.example/news/1.html");
  STR_EQ(d->outlet, "paper");
  STR_EQ(d->outlet_name, "纸报");
  STR_EQ(iso(d->published_ms), "2025-03-01T08:00:00Z");
  STR_EQ(d->published_from, "front-matter");
  STR_EQ(iso(d->archived_ms), "2025-03-01T08:00:00.500Z");
  INT_EQ(d->found, YL_FIELD_TITLE | YL_FIELD_URL | YL_FIELD_AUTHOR | YL_FIELD_PUBLISHED |
                       YL_FIELD_ARCHIVED | YL_FIELD_OUTLET);
  INT_EQ(d->n_paras, 6);
  INT_EQ(pkind(d, 0), YL_PARA_TITLE);
  STR_EQ(ptext(d, 1), "图：河边的树");
  INT_EQ(pkind(d, 1), YL_PARA_CAPTION);
  STR_EQ(ptext(d, 2), "第一段正文。");
  INT_EQ(pkind(d, 2), YL_PARA_BODY);
  STR_EQ(ptext(d, 3), "小标题");
  STR_EQ(ptext(d, 4), "记者：问题？");
  STR_EQ(ptext(d, 5), "最后一段正文。"); /* lone "。" merged; bold byline and copyright gone */
  INT_EQ(d->n_boiler, 2);
  STR_EQ(d->note, "");
  /* chars = code points over all paragraphs */
  size_t c = 0;
  for (size_t i = 0; i < d->n_paras; i++)
    for (const char *p = d->paras[i].text; *p; p++) c += ((unsigned char)*p & 0xC0) != 0x80;
  INT_EQ(d->n_chars, c);
  yl_doc_free(d);
}

/* Issue #14: a stamp line whose number is no save time (17 digits, 1 ms, a stamp in
 * seconds) is not used as 'archived' nor as the publication time, gets a note, and
 * the link line after it is still read. */
static void test_implausible_stamps(void) {
  static const char *const stamps[] = {"99999999999999999", "1", "1738000000", NULL};
  for (size_t i = 0; stamps[i]; i++) {
    char text[256], name[64];
    int n = snprintf(text, sizeof text,
                     "<!--%s-->\n[标题%zu](https://www.wave.example/zh/a-%zu)\n------\n\n<div><p>正文。</p></div>\n",
                     stamps[i], i, i);
    snprintf(name, sizeof name, "stamp/s%zu.txt", i);
    yl_doc *d = read_doc(put(name, text, (size_t)n));
    OK(d != NULL);
    if (!d) continue;
    char want[64];
    snprintf(want, sizeof want, "标题%zu", i);
    STR_EQ(d->title, want);
    snprintf(want, sizeof want, "https://www.wave.example/zh/a-%zu", i);
    STR_EQ(d->url, want);
    STR_EQ(d->layout, "B");
    STR_EQ(d->outlet, "wave");
    STR_EQ(iso(d->archived_ms), "none");
    STR_EQ(iso(d->published_ms), "none");
    OK(!(d->found & YL_FIELD_ARCHIVED));
    STR_EQ(d->note, "archive stamp not a time from 1990 to 2099: not used");
    INT_EQ(d->n_paras, 2); /* the title and 正文, no stamp or link line as text */
    yl_doc_free(d);
  }
  /* layout A: the front matter's date stays, the link line is read */
  yl_doc *d = read_doc(PUT("stamp/a.md", "---\ntitle: \"前题\"\ndate: 2025-02-01T00:00:00Z\n---\n"
                                         "<!--1-->\n[链接标题](https://www.wave.example/zh/b)\n------\n<p>正文。</p>"));
  OK(d != NULL);
  if (!d) return;
  STR_EQ(d->layout, "A");
  STR_EQ(d->url, "https://www.wave.example/zh/b");
  STR_EQ(iso(d->published_ms), "2025-02-01T00:00:00Z");
  STR_EQ(iso(d->archived_ms), "none");
  STR_EQ(d->note, "archive stamp not a time from 1990 to 2099: not used");
  yl_doc_free(d);
}

/* Issue #14: a front matter or header date whose UTC year is past 9999 or before 0000
 * is not the publication time (the next source is taken) and is noted. */
static void test_dates_out_of_range(void) {
  yl_doc *d = read_doc(PUT("years/fm.md", "---\ntitle: \"题\"\ndate: 9999-12-31T23:30:00-01:00\n---\n"
                                          "<!--1738000000000-->\n<p>正文。</p>"));
  OK(d != NULL);
  if (!d) return;
  STR_EQ(iso(d->published_ms), "2025-01-27T17:46:40Z");
  STR_EQ(d->published_from, "stamp");
  OK(!(d->found & YL_FIELD_PUBLISHED));
  STR_EQ(d->note, "front matter date outside the years 0000-9999: 9999-12-31T23:30:00-01:00");
  yl_doc_free(d);
  d = read_doc(PUT("years/header.txt", "<!--1738000000000-->\n[题](https://www.wave.example/y)\n------\n"
                                       "<div><i>作者<br>Sat, 1 Jan 0000 00:00:00 +0001</i></div><p>正文。</p>"));
  OK(d != NULL);
  if (!d) return;
  STR_EQ(iso(d->published_ms), "2025-01-27T17:46:40Z");
  STR_EQ(d->published_from, "stamp");
  STR_EQ(d->author, "作者");
  STR_EQ(d->note, "header date outside the years 0000-9999: not used");
  STR_EQ(ptext(d, 1), "正文。"); /* the header block is still removed */
  yl_doc_free(d);
}

static void test_layout_b(void) {
  yl_doc *d = read_doc(PUT("b/two.txt",
      "<!--1738414025000-->\n[乙报专访](https://www.wave.example/zh/a-1)\n------\n\n"
      "<div><i>  李四<br>2025-02-01T12:20:12.008Z</i></div><img src=y.jpg>"
      "<div><small style=\"color: #999;\">说明文字</small></div>北京 — <p><strong>乙报："
      "问题一？</strong></p><p>回答一。</p><p>作者简介，某大学教授。</p>"
      "<p><em>乙报致力于客观报道。</em></p><p><em>© 2025 乙报</em></p><br><hr>"
      "<div>获取更多RSS：<br><a href=\"https://feed.example\">https://feed.example</a></div>"));
  if (!d) return;
  STR_EQ(d->layout, "B");
  STR_EQ(d->title, "乙报专访");
  STR_EQ(d->outlet, "wave");
  STR_EQ(d->author, "李四");
  STR_EQ(iso(d->published_ms), "2025-02-01T12:20:12.008Z");
  STR_EQ(d->published_from, "header");
  STR_EQ(iso(d->archived_ms), "2025-02-01T12:47:05Z");
  INT_EQ(d->n_paras, 5);
  STR_EQ(ptext(d, 1), "说明文字");
  INT_EQ(pkind(d, 1), YL_PARA_CAPTION);
  STR_EQ(ptext(d, 2), "北京 — 乙报：问题一？"); /* dateline joins the next paragraph */
  STR_EQ(ptext(d, 3), "回答一。");
  STR_EQ(ptext(d, 4), "作者简介，某大学教授。"); /* last real paragraph kept */
  yl_doc_free(d);

  /* RFC 2822 header date, no author; stamp only as fallback */
  d = read_doc(PUT("b/three.txt",
      "<!--1738024743000-->\n[丙](https://sub.wave.example/x)\n------\n"
      "<div><i>Tue, 28 Jan 2025 00:27:20 GMT</i></div><p>正文</p>"));
  if (!d) return;
  STR_EQ(iso(d->published_ms), "2025-01-28T00:27:20Z");
  OK(d->author == NULL);
  INT_EQ(d->found & YL_FIELD_AUTHOR, 0);
  yl_doc_free(d);

  /* no header date: the stamp is the publication time; italic lead stays body */
  d = read_doc(PUT("b/four.txt",
      "<!--1738024743000-->\n[丁](https://unknown-site.example/x)\n------\n"
      "<p><em>导语斜体</em></p><p>正文</p>"));
  if (!d) return;
  STR_EQ(d->published_from, "stamp");
  STR_EQ(iso(d->published_ms), "2025-01-28T00:39:03Z");
  INT_EQ(d->found & YL_FIELD_PUBLISHED, 0);
  STR_EQ(d->outlet, "unknown-site.example");
  STR_EQ(d->outlet_name, "unknown-site.example");
  OK(strstr(d->note, "not in the outlet table") != NULL);
  STR_EQ(ptext(d, 1), "导语斜体");
  yl_doc_free(d);
}

static void test_plain_html_and_text(void) {
  yl_doc *d = read_doc(PUT("c/page.html",
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>网页标题</title>"
      "<link rel=\"canonical\" href=\"https://paper.example/p/9\"></head><body>"
      "<h1>网页标题</h1><p>第一段。</p><script>x()</script><p>第二段。</p></body></html>"));
  if (!d) return;
  STR_EQ(d->layout, "html");
  STR_EQ(d->title, "网页标题");
  STR_EQ(d->url, "https://paper.example/p/9");
  STR_EQ(d->outlet, "paper");
  INT_EQ(d->n_paras, 3); /* the h1 repeating the title is not a second paragraph */
  STR_EQ(ptext(d, 1), "第一段。");
  STR_EQ(ptext(d, 2), "第二段。");
  yl_doc_free(d);

  /* A page saved whole keeps the outlet's header block under its h1: the block is
   * the author and the publication time, not body text. */
  d = read_doc(PUT("c/dw-page.html",
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>丙报标题</title>"
      "<link rel=\"canonical\" href=\"https://paper.example/p/10\"></head><body>"
      "<h1>丙报标题</h1><div><div><i>  王五<br>2024-10-24T13:47:36.733Z</i></div>"
      "<p>第一段。</p><p><i>斜体的一段。</i></p></div></body></html>"));
  if (!d) return;
  STR_EQ(d->author, "王五");
  STR_EQ(iso(d->published_ms), "2024-10-24T13:47:36.733Z");
  STR_EQ(d->published_from, "header");
  INT_EQ(d->n_paras, 3);
  STR_EQ(ptext(d, 1), "第一段。");
  STR_EQ(ptext(d, 2), "斜体的一段。");
  yl_doc_free(d);

  d = read_doc(PUT("c/plain.txt", "# 纯文本标题\n\n第一行。\r\n第二行。\n\n\n第三行。\n"));
  if (!d) return;
  STR_EQ(d->layout, "text");
  STR_EQ(d->title, "纯文本标题"); /* a "# " heading on the first line is the title */
  STR_EQ(d->outlet, "unknown");
  INT_EQ(d->n_paras, 4);
  STR_EQ(ptext(d, 0), "纯文本标题");
  INT_EQ(pkind(d, 0), YL_PARA_TITLE);
  STR_EQ(ptext(d, 1), "第一行。");
  STR_EQ(ptext(d, 3), "第三行。");
  yl_doc_free(d);

  /* short first line before a blank line is the title; a sentence is not */
  d = read_doc(PUT("c/titled.txt", "短评：标题一行\n\n正文。\n"));
  if (d) {
    STR_EQ(d->title, "短评：标题一行");
    INT_EQ(d->n_paras, 2);
    yl_doc_free(d);
  }
  d = read_doc(PUT("c/untitled.txt", "这是一句完整的话。\n\n正文。\n"));
  if (d) {
    OK(d->title == NULL);
    INT_EQ(d->found & YL_FIELD_TITLE, 0);
    INT_EQ(d->n_paras, 2);
    INT_EQ(pkind(d, 0), YL_PARA_BODY);
    yl_doc_free(d);
  }
  d = read_doc(PUT("c/nextline.txt", "没有空行的第一行\n第二行\n"));
  if (d) {
    OK(d->title == NULL);
    yl_doc_free(d);
  }

  d = read_doc(PUT("c/unclosed.md", "---\ntitle: 没有结尾\n正文一行\n"));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  OK(strstr(d->note, "front matter not closed") != NULL);
  yl_doc_free(d);
}

static void test_encodings(void) {
  /* "德国之声。" in GB18030 */
  yl_doc *d = read_doc(PUT("e/gb.txt", "\xB5\xC2\xB9\xFA\xD6\xAE\xC9\xF9\xA1\xA3"
                                       "\xB5\xC2\xB9\xFA\xD6\xAE\xC9\xF9\xA1\xA3\n"));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  STR_EQ(ptext(d, 0), "德国之声。德国之声。");
  STR_EQ(d->encoding, "GB18030");
  yl_doc_free(d);

  /* Big5 (Traditional Chinese): GB18030 also decodes these bytes, but into kana and
   * symbols; the CJK share picks Big5 */
  d = read_doc(PUT("e/big5.txt", "\xa5\x78\xc6\x57\xbc\xc6\xa6\xec\xb5\x6f\xae\x69\xb3\xa1\xab\xc5\xa5\xac\xa1\x41\xac\x46\xa9\xb2\xbe\xf7\xc3\xf6\xa4\xce\xa4\xbd\xc0\xe7\xa8\xc6\xb7\x7e\xa4\xa3\xb1\x6f\xa8\xcf\xa5\xce\xb3\x6f\xb4\xda\xc0\xb3\xa5\xce\xb5\x7b\xa6\xa1\xa1\x43\x0a"));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  STR_EQ(ptext(d, 0), "台灣數位發展部宣布，政府機關及公營事業不得使用這款應用程式。");
  STR_EQ(d->encoding, "BIG5-HKSCS");
  yl_doc_free(d);

  /* declared charset wins over guessing */
  d = read_doc(PUT("e/decl.html", "<html><head><meta charset=\"gbk\"></head><body><p>"
                                  "\xB5\xC2\xB9\xFA</p></body></html>"));
  if (!d) return;
  STR_EQ(ptext(d, 0), "德国");
  STR_EQ(d->encoding, "gbk");
  yl_doc_free(d);

  /* UTF-16LE with BOM: "中文" */
  d = read_doc(PUT("e/u16.txt", "\xFF\xFE\x2D\x4E\x87\x65\n\x00"));
  if (!d) return;
  STR_EQ(ptext(d, 0), "中文");
  yl_doc_free(d);

  /* mostly UTF-8 with two bad bytes: kept as U+FFFD, counted */
  d = read_doc(PUT("e/bad.txt", "中文新闻\xFF内容很多很多很多很多很多很多很多很多很多\xC3\n"));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  INT_EQ(d->n_invalid, 2);
  STR_EQ(ptext(d, 0), "中文新闻\xEF\xBF\xBD内容很多很多很多很多很多很多很多很多很多\xEF\xBF\xBD");
  OK(strstr(d->note, "2 invalid UTF-8") != NULL);
  yl_doc_free(d);

  /* bytes that are neither */
  d = read_doc(PUT("e/junk.txt", "\x80\x81\xFF\xFE\x80\x81\xFF\x81\x30\x81\x30"));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_SKIPPED);
  STR_EQ(d->note, "not UTF-8 and encoding unknown");
  yl_doc_free(d);
}

/* The scan that decides whether a file is valid UTF-8 (decode.c) on every 3-byte
 * sequence: the well-formed ones are taken as they are, each byte of an overlong form,
 * a surrogate or a cut sequence is one bad byte. */
static void test_utf8_scan(void) {
  static char all[16 * 64 * 64 * 3 + 16 * 64 + 64];
  size_t n = 0;
  for (unsigned a = 0xE0; a <= 0xEF; a++)
    for (unsigned b = 0x80; b <= 0xBF; b++) {
      if ((a == 0xE0 && b < 0xA0) || (a == 0xED && b >= 0xA0)) continue;
      for (unsigned c = 0x80; c <= 0xBF; c++)
        all[n++] = (char)a, all[n++] = (char)b, all[n++] = (char)c;
      all[n++] = '\n';
    }
  yl_doc *d = read_doc(put("e/all3.txt", all, n));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  INT_EQ(d->n_invalid, 0);
  STR_EQ(d->note, "");
  OK(d->encoding == NULL);
  yl_doc_free(d);
  /* overlong U+07FF, surrogate U+D800, a cut sequence at the end: 3 + 3 + 2 bytes */
  n = 0;
  for (int i = 0; i < 40; i++) memcpy(all + n, "中文", 6), n += 6;
  memcpy(all + n, "\xE0\x9F\xBF" "\xED\xA0\x80" "\xE4\xB8", 8), n += 8;
  d = read_doc(put("e/bad3.txt", all, n));
  if (!d) return;
  INT_EQ(d->status, YL_DOC_ANALYSED);
  INT_EQ(d->n_invalid, 8);
  OK(strstr(d->note, "8 invalid UTF-8 sequences") != NULL);
  yl_doc_free(d);
}

static void test_skips(void) {
  yl_doc *d = read_doc(PUT("s/empty.txt", ""));
  if (d) {
    STR_EQ(d->note, "empty file");
    INT_EQ(d->status, YL_DOC_SKIPPED);
    yl_doc_free(d);
  }
  d = read_doc(PUT("s/blank.txt", " \n\r\n\t"));
  if (d) {
    STR_EQ(d->note, "empty file (only white space)");
    yl_doc_free(d);
  }
  d = read_doc(PUT("s/bin.txt", "PK\x03\x04\x00\x00 data"));
  if (d) {
    STR_EQ(d->note, "binary file (NUL bytes)");
    yl_doc_free(d);
  }
  d = read_doc(PUT("s/tags.html", "<p> </p><script>x</script>"));
  if (d) {
    STR_EQ(d->note, "no text found");
    INT_EQ(d->status, YL_DOC_SKIPPED);
    yl_doc_free(d);
  }
  char p[1024];
  snprintf(p, sizeof p, "%s/s/missing.txt", tmp);
  d = read_doc(p);
  if (d) {
    STR_EQ(d->note, "not found");
    yl_doc_free(d);
  }
  /* a FIFO where the walk saw a file (it was replaced after the walk): skipped at
   * once, not read until a writer comes */
  snprintf(p, sizeof p, "%s/s/fifo.txt", tmp);
  unlink(p);
  OK(mkfifo(p, 0644) == 0);
  d = read_doc(p);
  if (d) {
    STR_EQ(d->note, "not a regular file");
    INT_EQ(d->status, YL_DOC_SKIPPED);
    yl_doc_free(d);
  }
  const char *locked = PUT("s/locked.txt", "正文");
  chmod(locked, 0);
  d = read_doc(locked);
  if (d && geteuid() != 0) STR_EQ(d->note, "unreadable (permission denied)");
  yl_doc_free(d);
  chmod(locked, 0644);
  /* size limit */
  yl_ingest *small;
  char dict[600];
  snprintf(dict, sizeof dict, "%s/dict", tmp);
  yl_ingest_opts o = {dict, NULL, 0, 4};
  INT_EQ(yl_ingest_new(&o, &small, NULL), YL_OK);
  d = NULL;
  INT_EQ(yl_ingest_file(small, PUT("s/big.txt", "12345"), &d), YL_OK);
  if (d) {
    OK(!strncmp(d->note, "too large (5 bytes, limit 4)", 28));
    STR_EQ(d->skip_reason, "too large"); /* issue #14: the reason, without this file's size */
    yl_doc_free(d);
  }
  d = NULL;
  INT_EQ(yl_ingest_file(small, PUT("s/big2.txt", "1234567"), &d), YL_OK);
  if (d) {
    STR_EQ(d->note, "too large (7 bytes, limit 4)");
    STR_EQ(d->skip_reason, "too large");
    yl_doc_free(d);
  }
  d = read_doc(PUT("s/ok.txt", "正文"));
  OK(d && d->skip_reason == NULL);
  yl_doc_free(d);
  yl_ingest_free(small);
}

static void test_outlet_from_folder(void) {
  yl_ingest *g;
  char dict[600];
  snprintf(dict, sizeof dict, "%s/dict", tmp);
  yl_ingest_opts o = {dict, NULL, 1, 0};
  INT_EQ(yl_ingest_new(&o, &g, NULL), YL_OK);
  yl_doc *d = NULL;
  INT_EQ(yl_ingest_file(g, PUT("wave/x.txt", "[t](https://paper.example/1)\n<p>文</p>"), &d),
         YL_OK);
  if (d) {
    STR_EQ(d->outlet, "wave");
    STR_EQ(d->outlet_name, "乙报");
    yl_doc_free(d);
  }
  INT_EQ(yl_ingest_file(g, PUT("某台/y.txt", "正文"), &d), YL_OK);
  if (d) {
    STR_EQ(d->outlet, "某台");
    STR_EQ(d->outlet_name, "某台");
    yl_doc_free(d);
  }
  yl_ingest_free(g);
}

static void test_walk(void) {
  char root[600], p[1200], q[1200];
  snprintf(root, sizeof root, "%s/w", tmp);
  mkdir_p(root);
  PUT("w/b.txt", "b");
  PUT("w/a.md", "a");
  PUT("w/sub/c.html", "<p>c</p>");
  PUT("w/sub/z.pdf", "%PDF");
  PUT("w/.hidden.txt", "h");
  PUT("w/.git/x.txt", "h");
  snprintf(p, sizeof p, "%s/sub/loop", root);
  unlink(p);
  OK(symlink("..", p) == 0); /* a folder loop */
  snprintf(p, sizeof p, "%s/a.md", root);
  snprintf(q, sizeof q, "%s/sub/hard.txt", root);
  unlink(q);
  OK(link(p, q) == 0); /* the same file under a second name */
  char missing[700];
  snprintf(missing, sizeof missing, "%s/nope.txt", tmp);
  const char *paths[] = {root, p, missing};
  yl_ingest_list l;
  INT_EQ(yl_ingest_walk(ing, paths, 3, &l), YL_OK);
  const char *want[] = {"/nope.txt", "/w/a.md", "/w/b.txt", "/w/sub/c.html", "/w/sub/z.pdf"};
  INT_EQ(l.n, 5);
  for (size_t i = 0; i < l.n && i < 5; i++) {
    OK(strlen(l.v[i].path) > strlen(tmp));
    STR_EQ(l.v[i].path + strlen(tmp), want[i]);
  }
  if (l.n == 5) {
    STR_EQ(l.v[0].skip, "not found");
    OK(l.v[1].skip == NULL);
    OK(l.v[4].skip && strstr(l.v[4].skip, "unsupported extension"));
  }
  yl_ingest_list_clear(&l);
}

/* One shared yl_ingest, four threads reading the same files: every result equals the
 * single-threaded one. */
typedef struct job {
  const char *paths[3];
  char *want[3];
  int bad;
} job;

static char *fingerprint(const char *path) {
  yl_doc *d = NULL;
  if (yl_ingest_file(ing, path, &d) != YL_OK) return NULL;
  size_t cap = 64;
  for (size_t i = 0; i < d->n_paras; i++) cap += d->paras[i].len + 4;
  char *fp = malloc(cap + strlen(d->outlet) + (d->title ? strlen(d->title) : 0));
  if (fp) {
    strcpy(fp, d->outlet);
    strcat(fp, "|");
    if (d->title) strcat(fp, d->title);
    for (size_t i = 0; i < d->n_paras; i++) strcat(fp, "|"), strcat(fp, d->paras[i].text);
  }
  yl_doc_free(d);
  return fp;
}

static void *worker(void *arg) {
  job *j = arg;
  for (int r = 0; r < 20; r++)
    for (int k = 0; k < 3; k++) {
      char *fp = fingerprint(j->paths[k]);
      if (!fp || strcmp(fp, j->want[k])) j->bad++;
      free(fp);
    }
  return NULL;
}

static void test_threads(void) {
  static char p[3][1024];
  snprintf(p[0], sizeof p[0], "%s/a/one.md", tmp);
  snprintf(p[1], sizeof p[1], "%s/b/two.txt", tmp);
  snprintf(p[2], sizeof p[2], "%s/e/gb.txt", tmp);
  job jobs[4];
  char *want[3];
  for (int k = 0; k < 3; k++) {
    want[k] = fingerprint(p[k]);
    OK(want[k] != NULL && strlen(want[k]) > 10);
  }
  if (!want[0] || !want[1] || !want[2]) return;
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job){{p[0], p[1], p[2]}, {want[0], want[1], want[2]}, 0};
    INT_EQ(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    INT_EQ(jobs[i].bad, 0);
  }
  for (int k = 0; k < 3; k++) free(want[k]);
}

/* The tables' failures in the error record: file, line, errno, message, one code. */
static void test_new_errors(void) {
  char dir[600], path[700];
  yl_ingest *g = NULL;
  yl_error err;
  /* a data folder without outlets.tsv */
  snprintf(dir, sizeof dir, "%s/no-dict", tmp);
  yl_ingest_opts o = {dir, NULL, 0, 0};
  INT_EQ(yl_ingest_new(&o, &g, &err), YL_ERR_DICT);
  OK(g == NULL);
  snprintf(path, sizeof path, "%s/outlets.tsv", dir);
  ERR_EQ(err, YL_ERR_DICT, path, 0, ENOENT, strerror(ENOENT));
  /* a user outlet file with a bad line */
  snprintf(dir, sizeof dir, "%s/dict", tmp);
  o.dict_dir = dir;
  o.extra_outlets = PUT("user-outlets.tsv", "a.example\ta\tA\n\nb.example\n");
  snprintf(path, sizeof path, "%s", o.extra_outlets);
  INT_EQ(yl_ingest_new(&o, &g, &err), YL_ERR_DICT);
  ERR_EQ(err, YL_ERR_DICT, path, 3, 0, "expected 3 to 5 tab-separated fields");
  /* and a boilerplate rule */
  PUT("bad-dict/outlets.tsv", "a.example\ta\tA\n");
  PUT("bad-dict/boilerplate.tsv", "*\tprefix\tok\n*\tnope\tx\n");
  snprintf(dir, sizeof dir, "%s/bad-dict", tmp);
  o.dict_dir = dir;
  o.extra_outlets = NULL;
  INT_EQ(yl_ingest_new(&o, &g, &err), YL_ERR_DICT);
  snprintf(path, sizeof path, "%s/boilerplate.tsv", dir);
  ERR_EQ(err, YL_ERR_DICT, path, 2, 0, "unknown rule kind");
  INT_EQ(yl_ingest_new(&o, &g, NULL), YL_ERR_DICT);
}

static void write_dict(void) {
  PUT("dict/outlets.tsv", "# test outlets\npaper.example\tpaper\t纸报\t纸报|本报\n"
                          "wave.example\twave\t乙报\t乙报\n");
  PUT("dict/boilerplate.tsv", "*\thr-footer\t获取更多RSS\n"
                              "paper\tprefix\t版权：\n"
                              "paper\tlast-bold-contains\t本报\n"
                              "wave\titalic-prefix\t乙报致力于\n"
                              "wave\titalic-prefix\t©\n");
}

int main(void) {
  const char *t = getenv("YL_TMP");
  snprintf(tmp, sizeof tmp, "%s/ingest", t ? t : "/tmp");
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0) return 1;
  mkdir_p(tmp);
  write_dict();
  char dict[600];
  snprintf(dict, sizeof dict, "%s/dict", tmp);
  yl_ingest_opts o = {dict, NULL, 0, 0};
  yl_error err;
  INT_EQ(yl_ingest_new(&o, &ing, &err), YL_OK);
  INT_EQ(err.code, YL_OK);
  if (!ing) YL_TEST_DONE();
  RUN(test_new_errors);
  RUN(test_layout_a);
  RUN(test_title_refs);
  RUN(test_layout_b);
  RUN(test_implausible_stamps);
  RUN(test_dates_out_of_range);
  RUN(test_plain_html_and_text);
  RUN(test_encodings);
  RUN(test_utf8_scan);
  RUN(test_skips);
  RUN(test_outlet_from_folder);
  RUN(test_walk);
  RUN(test_threads);
  yl_ingest_free(ing);
  YL_TEST_DONE();
}
