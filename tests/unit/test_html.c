/* HTML → paragraphs: block vs inline, entities, <br>, nested tables, captions,
 * script/style, flags (bold, italic, after <hr>, heading, leading header block);
 * parsing by events and masking give the same result as walking libxml2's tree of
 * the page as it is. */
#include "harness.h"
#include "base/buf.h"
#include "ingest/html.h"
#include "ingest/html_parts.h"

static yl_html_doc doc;

static void parse(const char *h) {
  yl_html_doc_clear(&doc);
  INT_EQ(yl_html_parse(h, strlen(h), &doc), YL_OK);
}

static const char *para(size_t i) { return i < doc.n ? doc.paras[i].text : "(none)"; }
static unsigned flags(size_t i) { return i < doc.n ? doc.paras[i].flags : 0xFFFFu; }

/* A tag with more attributes than the cap keeps its first YL_HTML_MAX_ATTRS and the
 * ones yuliao reads; quoted values (with spaces, '>' and '=') are one attribute each. */
static void test_attribute_cap(void) {
  yl_buf b = YL_BUF_INIT, page = YL_BUF_INIT;
  const char *small = "<p a=1 b='x > y' c d=\"=\">文</p>";
  INT_EQ(yl_html_cap_attrs(small, strlen(small), &b), 0);
  INT_EQ(b.len, 0);
  OK(!yl_buf_puts(&page, "<html><head><link"));
  for (int i = 0; i < 300; i++) {
    char a[40];
    snprintf(a, sizeof a, i % 2 ? " a%d='v >%d'" : " a%d", i, i);
    OK(!yl_buf_puts(&page, a));
  }
  OK(!yl_buf_puts(&page, " REL=\"canonical\" x=1 href=\"https://e.example/z\"></head><body><p k=v>正文</p></body></html>"));
  INT_EQ(yl_html_cap_attrs(page.data, page.len, &b), 1);
  OK(!yl_buf_put(&b, "", 1));
  /* a255 is the 256th attribute: kept; a256 and x are not; rel and href are */
  OK(strstr(b.data, " a255='v >255'") != NULL);
  OK(strstr(b.data, "a256") == NULL);
  OK(strstr(b.data, "x=1") == NULL);
  OK(strstr(b.data, "REL=\"canonical\"") != NULL);
  OK(strstr(b.data, "<p k=v>正文</p>") != NULL);
  parse(page.data);
  STR_EQ(doc.canonical, "https://e.example/z");
  INT_EQ(doc.n, 1);
  STR_EQ(para(0), "正文");
  yl_buf_free(&b);
  yl_buf_free(&page);
}

static void test_block_inline(void) {
  parse("<div>一<strong>二</strong><span>三</span><a href=x>四</a><em>五</em><b>六</b>"
        "<i>七</i><small>八</small></div><p>第二段</p><ul><li>甲</li><li>乙</li></ul>"
        "<h2>小标题</h2><blockquote>引文</blockquote>");
  INT_EQ(doc.n, 6);
  STR_EQ(para(0), "一二三四五六七八");
  STR_EQ(para(1), "第二段");
  STR_EQ(para(2), "甲");
  STR_EQ(para(3), "乙");
  STR_EQ(para(4), "小标题");
  OK(flags(4) & YL_HTML_HEADING);
  OK(!(flags(1) & YL_HTML_HEADING));
  STR_EQ(para(5), "引文");
}

static void test_br_entities_space(void) {
  parse("<p>甲&amp;乙 &lt;丙&gt; &quot;丁&quot; &#x4E2D;&#25991; &nbsp; A&nbsp;B<br>下一行"
        "<br/><br>   \n  </p><p>  a   <b>b</b>\n\tc  </p><p></p><p> &nbsp; </p>");
  INT_EQ(doc.n, 3);
  STR_EQ(para(0), "甲&乙 <丙> \"丁\" 中文 A B");
  STR_EQ(para(1), "下一行");
  STR_EQ(para(2), "a b c");
}

static void test_skipped_elements(void) {
  parse("<html><head><title>页面标题</title><style>p{color:red}</style>"
        "<link rel=\"canonical\" href=\"https://e.example/a\"></head><body>"
        "<script>var x = '不要';</script><p>正文<img src=a.jpg alt=图>继续</p>"
        "<noscript>也不要</noscript><h1>大标题</h1></body></html>");
  STR_EQ(doc.title, "页面标题");
  STR_EQ(doc.canonical, "https://e.example/a");
  INT_EQ(doc.n, 3);
  STR_EQ(para(0), "正文"); /* an <img> ends the paragraph */
  STR_EQ(para(1), "继续");
  STR_EQ(para(2), "大标题");
}

static void test_title_fallbacks(void) {
  parse("<body><h1>只有<b>H1</b></h1><meta property=\"og:url\" content=\"https://og.example/x\">"
        "<p>文</p></body>");
  STR_EQ(doc.title, "只有H1");
  STR_EQ(doc.canonical, "https://og.example/x");
  parse("<html><head><title>头条新闻 - 某网站</title></head><body><nav>首页 | 国际</nav>"
        "<h1>头条新闻</h1><aside>相关阅读</aside><p>正文</p><footer><p>© 某网站</p></footer>"
        "</body></html>");
  STR_EQ(doc.title, "头条新闻"); /* the h1 without the site suffix */
  INT_EQ(doc.n, 2);             /* nav, aside, footer carry no text */
  STR_EQ(para(0), "头条新闻");
  STR_EQ(para(1), "正文");
  parse("<p>无标题</p>");
  OK(doc.title == NULL);
  OK(doc.canonical == NULL);
}

static void test_whole_paragraph_flags(void) {
  parse("<p><strong>全粗</strong></p><p><strong>半</strong>粗</p>"
        "<p> <span><b>嵌套</b></span> <strong>粗</strong> </p><p><em>全斜</em></p>"
        "<p><i>半</i>斜</p>");
  INT_EQ(doc.n, 5);
  OK(flags(0) & YL_HTML_BOLD);
  OK(!(flags(1) & YL_HTML_BOLD));
  OK(flags(2) & YL_HTML_BOLD);
  OK(flags(3) & YL_HTML_ITALIC);
  OK(!(flags(4) & YL_HTML_ITALIC));
}

static void test_captions(void) {
  /* image then <small> caption (DW/VOA style); the next <p> is body */
  parse("<div><i>作者<br>2025-01-01T00:00:00Z</i></div><img src=a.jpg>"
        "<div><small style=\"color:#999\">图片说明</small></div>城市 — <p>正文一</p>"
        "<p><small>不在图后的小字</small></p>");
  INT_EQ(doc.n, 6);
  STR_EQ(para(0), "作者");
  OK(flags(0) & YL_HTML_LEADING);
  OK(flags(1) & YL_HTML_LEADING);
  STR_EQ(para(2), "图片说明");
  OK(flags(2) & YL_HTML_CAPTION);
  OK(!(flags(2) & YL_HTML_LEADING));
  STR_EQ(para(3), "城市 —");
  OK(!(flags(3) & YL_HTML_CAPTION));
  OK(!(flags(4) & YL_HTML_CAPTION));
  OK(!(flags(5) & YL_HTML_CAPTION));
  /* layout table: image row, caption row (Nikkei style), nested table inside */
  parse("<table><tr><td><img src=b.jpg></td></tr><tr><td><span><strong>表格图说</strong>"
        "</span></td></tr></table><p>正文</p><table><tr><td>外<table><tr><td>内</td></tr>"
        "</table>尾</td></tr></table><p>图后<img src=c.jpg></p><p>不是图说</p>");
  INT_EQ(doc.n, 7);
  STR_EQ(para(0), "表格图说");
  OK(flags(0) & YL_HTML_CAPTION);
  STR_EQ(para(1), "正文");
  OK(!(flags(1) & YL_HTML_CAPTION));
  STR_EQ(para(2), "外");
  STR_EQ(para(3), "内");
  STR_EQ(para(4), "尾");
  STR_EQ(para(5), "图后");
  STR_EQ(para(6), "不是图说");
  OK(!(flags(6) & YL_HTML_CAPTION));
}

static void test_after_hr(void) {
  parse("<p>正文</p><hr><div>页脚：<br><a href=x>链接</a></div>");
  INT_EQ(doc.n, 3);
  OK(!(flags(0) & YL_HTML_AFTER_HR));
  OK(flags(1) & YL_HTML_AFTER_HR);
  OK(flags(2) & YL_HTML_AFTER_HR);
}

static void test_leading_needs_first(void) {
  parse("<p>先有正文</p><p><em>后来的斜体</em></p>");
  OK(!(flags(1) & YL_HTML_LEADING));
}

static void test_robust(void) {
  parse("");
  INT_EQ(doc.n, 0);
  parse("<p>未闭合<div>混乱<b>粗体</p>结尾");
  OK(doc.n >= 1);
  /* 20 000 nested elements: depth limits stay on, no crash, no recursion */
  size_t depth = 20000;
  char *h = malloc(depth * 5 + 16);
  size_t n = 0;
  for (size_t i = 0; i < depth; i++) memcpy(h + n, "<div>", 5), n += 5;
  memcpy(h + n, "深", 3), n += 3;
  yl_html_doc_clear(&doc);
  yl_status st = yl_html_parse(h, n, &doc);
  OK(st == YL_OK);
  free(h);
  /* invalid UTF-8 comes back as U+FFFD and is counted */
  parse("<p>a\xFF" "b</p>");
  OK(doc.n == 1);
}

static void test_names_any_case(void) {
  /* names from all over the table, in any case (classify: binary search) */
  parse("<ADDRESS>甲</ADDRESS>乙<UL><Li>丙</LI></ul><Footer>丁</Footer><TEXTAREA>戊</TEXTAREA>"
        "己<STRONG>庚</STRONG><H6>辛</H6><Table><TR><TD>壬</TD></TR></TABLE><SVG>癸</SVG>"
        "<Summary>子</Summary><Em>丑</Em>");
  INT_EQ(doc.n, 8);
  STR_EQ(para(0), "甲");
  STR_EQ(para(1), "乙");
  STR_EQ(para(2), "丙");
  STR_EQ(para(3), "己庚");
  STR_EQ(para(4), "辛");
  OK(flags(4) & YL_HTML_HEADING);
  STR_EQ(para(5), "壬");
  STR_EQ(para(6), "子");
  STR_EQ(para(7), "丑");
  OK(flags(7) & YL_HTML_ITALIC);
}

/* The reference result is libxml2's tree of the page as it is, walked
 * (YL_HTML_TREE | YL_HTML_NO_MASK). Parsing by events, masking, or both must give the
 * same (html.c, sax_parse; html_mask.c). Returns how many runs the default parse
 * (events, with 'opts') masked. */
static size_t both_ways(const char *h, size_t n, unsigned opts) {
  yl_html_doc ref, d;
  INT_EQ(yl_html_parse_with(h, n, YL_HTML_TREE | YL_HTML_NO_MASK, &ref), YL_OK);
  INT_EQ(ref.n_masked, 0);
  static const unsigned variants[] = {YL_HTML_NO_MASK, YL_HTML_TREE, 0};
  size_t k = 0;
  for (size_t i = 0; i < 3; i++) {
    INT_EQ(yl_html_parse_with(h, n, opts | variants[i], &d), YL_OK);
    OK(yl_html_doc_same(&ref, &d));
    if (!variants[i]) k = d.n_masked;
    yl_html_doc_clear(&d);
  }
  yl_html_doc_clear(&ref);
  return k;
}

static void test_events_as_tree(void) {
  /* what tree building adds to the events (html.c, sax_parse) */
  static const char *const pages[] = {
      /* elements after </html>: inside the root when it came first, else outside */
      "<html><body><p>甲</p></body></html><p>乙</p><b>丙</b>",
      "<!DOCTYPE html><html><body><p>甲</p></body></html><p>乙</p>",
      "<!-- c --><html><body><p>甲</p></body></html><p>乙</p>",
      "<?xml version=\"1.0\"?><p>甲</p></html><p>乙</p>",
      "<html><body><p>甲</p></body></html><!DOCTYPE html><p>乙</p>",
      "<p>甲</p></html><!-- c --><p>乙</p> 丙",
      /* prefixed element names: the tree names them by the local part */
      "<a:table><tr><td><img></td></tr><tr><td>图</td></tr></a:table><x:y:b>粗</x:y:b>"
      "<r:>甲</r:><xml:p>乙</xml:p><:p>丙</:p><h:h1>标题</h:h1>",
      /* text outside any element, blanks everywhere */
      " \n <html> <head> <title> 题 </title> </head> \n <body> <p> 甲 </p> </body> </html> \n 乙 ",
      /* the first non-empty title, h1, canonical link, og:url win */
      "<title> </title><title>第二</title><h1></h1><h1>大标题</h1><link rel=canonical>"
      "<link rel=CANONICAL href=/a><link rel=canonical href=/b><meta property=og:url>"
      "<meta property=og:url content=/c><p>正文</p>",
      "<title>标题<b>粗</b><script>x</script></title><h1>标<i>题</i></h1><p>正文</p>",
      "<meta property=\"og:url\" content=\"https://og.example/\"><p>正文</p>",
      /* skipped elements, nested, with blocks inside */
      "<div>甲<nav>乙<p>丙</p><aside>丁</aside>戊</nav>己<script>庚</script>辛</div>",
      "<table><tr><td><img src=a><table><tr><td><small>图</small></td></tr></table></td></tr>"
      "</table><hr><p><b>粗</b></p><p><i>斜</i>正</p>",
      "<p>&amp;&lt;&#20013;&unknown;&#xFFFF;&#0;</p><p>\r\n甲\r乙</p>",
  };
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    both_ways(pages[i], strlen(pages[i]), 0);
    both_ways(pages[i], strlen(pages[i]), YL_HTML_VALID_UTF8);
  }
  /* libxml2's depth limit (the tree builder stops the parse), at and past it */
  yl_buf b = YL_BUF_INIT;
  for (size_t depth = 250; depth < 262; depth++) {
    yl_buf_clear(&b);
    for (size_t i = 0; i < depth; i++) yl_buf_puts(&b, i % 3 ? "<div>甲" : "<b>乙");
    yl_buf_puts(&b, "深<p>后</p>");
    both_ways(b.data, b.len, 0);
  }
  yl_buf_free(&b);
}

/* More distinct element names than the per-parse cache (html_tags.c) first has room
 * for: known names keep their meaning after it grows, whatever their case, and
 * unknown ones stay inline. */
static void test_many_names(void) {
  yl_buf b = YL_BUF_INIT;
  for (int i = 0; i < 150; i++)
    yl_buf_printf(&b, "<%s><x-%d>字%d</x-%d></%s><P><%s>粗</%s></P>", i % 2 ? "p" : "DIV", i, i,
                  i, i % 2 ? "p" : "DIV", i % 3 ? "strong" : "B", i % 3 ? "strong" : "B");
  yl_html_doc_clear(&doc);
  INT_EQ(yl_html_parse(b.data, b.len, &doc), YL_OK);
  INT_EQ(doc.n, 300);
  size_t bad = 0;
  char want[16];
  for (int i = 0; i < 150; i++) {
    snprintf(want, sizeof want, "字%d", i);
    bad += strcmp(para(2 * i), want) != 0 || flags(2 * i) != 0;
    bad += strcmp(para(2 * i + 1), "粗") != 0 || flags(2 * i + 1) != YL_HTML_BOLD;
  }
  INT_EQ(bad, 0);
  both_ways(b.data, b.len, 0);
  yl_buf_free(&b);
}

#define RUN9 "中文中文中" /* 15 bytes: long enough to be masked */

static void test_mask_same_tree(void) {
  static const char *const masked_pages[] = { /* 2, 3, 4: see below */
      "<html><head><title>" RUN9 " - 网站</title><link rel=canonical href=\"https://e.example/"
      RUN9 "\"></head><body><h1>" RUN9 "</h1><p>" RUN9 "，DeepSeek" RUN9 "</p>"
      "<img alt=\"" RUN9 "\"><p><small>" RUN9 "</small></p></body></html>",
      /* entity names: a run that may be part of one is never masked */
      "<p>&" RUN9 ";" RUN9 "&abc" RUN9 "; AT&T" RUN9 " &amp;" RUN9 "&#20013;" RUN9 "</p>",
      /* comments, scripts, styles, bogus and unterminated markup */
      "<!-- " RUN9 " --><p>" RUN9 "<!-->" RUN9 "--></p><script>if (a<b) x='" RUN9 "';</script>"
      "<style>p:after{content:'" RUN9 "'}</style><p>< " RUN9 "><" RUN9 "></" RUN9 ">" RUN9,
      "<p title=\"" RUN9 ">" RUN9 "</p><p>" RUN9 "</p>",
      "<p x\"y z=\"a>b\"" RUN9 ">" RUN9 "</p>" RUN9,
      "<p a='" RUN9 "\"'>" RUN9 "</p><p a=b\"" RUN9 ">" RUN9 "</p>",
      /* text before <html>, in <head>, after </html>; <pre>, <textarea>, <title> */
      RUN9 "<html><head>" RUN9 "<title>" RUN9 "</title></head><body>" RUN9 "</body></html>"
      RUN9,
      "<pre>\n" RUN9 "\n</pre><textarea>" RUN9 "<b>" RUN9 "</b></textarea><p>" RUN9 "</p>",
      "<table>" RUN9 "<tr>" RUN9 "<td>" RUN9 "</td></tr></table><ul>" RUN9 "<li>" RUN9 "</ul>",
      "<p>" RUN9 "<b> " RUN9 " </b> <i>" RUN9 "</i>\n<p> \n " RUN9,
      "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body> "
      "\n <p>" RUN9 "</p> \n <b>" RUN9 "</b> </body></html>",
  };
  for (size_t i = 0; i < sizeof masked_pages / sizeof masked_pages[0]; i++) {
    size_t n = strlen(masked_pages[i]);
    /* In pages 2, 3 and 4 the scan takes for text what libxml2 reads as a comment or
     * an attribute value; the check finds stand-ins outside text and the page is
     * parsed again as it is. */
    int refused = i >= 2 && i <= 4;
    OK((both_ways(masked_pages[i], n, 0) == 0) == refused);
    OK((both_ways(masked_pages[i], n, YL_HTML_VALID_UTF8) == 0) == refused);
  }
}

static void test_mask_chunks(void) {
  /* libxml2 hands text over in 1000-byte chunks, and an all-blank chunk may be dropped:
   * runs and blanks around chunk edges, in <body> (implied <p>) and in <div> */
  yl_buf b = YL_BUF_INIT;
  for (size_t pre = 0; pre < 1100; pre += 97)
    for (int in_div = 0; in_div < 2; in_div++) {
      yl_buf_clear(&b);
      yl_buf_puts(&b, in_div ? "<html><body><div>" : "<html><body>");
      for (size_t i = 0; i < pre; i++) yl_buf_puts(&b, i % 2 ? " " : "\n");
      for (int r = 0; r < 70; r++) yl_buf_puts(&b, RUN9);
      for (size_t i = 0; i < 1200; i++) yl_buf_putc(&b, ' ');
      yl_buf_puts(&b, RUN9 "<b>" RUN9 "</b>");
      for (size_t i = 0; i < pre; i++) yl_buf_putc(&b, ' ');
      yl_buf_puts(&b, in_div ? "</div></body></html>" : "</body></html>");
      OK(both_ways(b.data, b.len, YL_HTML_VALID_UTF8) > 0);
    }
  /* more runs than one stand-in character can number (4096) */
  yl_buf_clear(&b);
  for (int i = 0; i < 5000; i++) yl_buf_printf(&b, "<p>%d" RUN9 "</p>", i);
  INT_EQ(both_ways(b.data, b.len, 0), 5000);
  /* past libxml2's depth limit (256) parsing stops: the runs after it are missing from
   * the tree, so the page is parsed again as it is */
  for (int i = 0; i < 300; i++) yl_buf_puts(&b, "<div>" RUN9);
  INT_EQ(both_ways(b.data, b.len, 0), 0);
  yl_buf_free(&b);
}

static void test_mask_refused(void) {
  /* pages parsed as they are: a private use character, a reference to one, bytes that
   * are not UTF-8, a character libxml2 drops from text (U+FFFE) */
  static const char *const plain_pages[] = {
      "<p>" RUN9 "\xEE\x80\x80" "</p>", "<p>" RUN9 "&#xE001;</p>", "<p>" RUN9 "&#57345;</p>",
      "<p>" RUN9 "\xEF\xBF\xBE" RUN9 "</p>",
  };
  for (size_t i = 0; i < sizeof plain_pages / sizeof plain_pages[0]; i++) {
    size_t n = strlen(plain_pages[i]);
    INT_EQ(both_ways(plain_pages[i], n, 0), 0);
    INT_EQ(both_ways(plain_pages[i], n, YL_HTML_VALID_UTF8), 0);
  }
  const char *bad = "<p>" RUN9 "\xFF" RUN9 "</p>"; /* not UTF-8: never with VALID_UTF8 */
  INT_EQ(both_ways(bad, strlen(bad), 0), 0);
  /* a character reference outside the stand-in range does not stop masking */
  const char *ok = "<p>" RUN9 "&#xF001;&#x10FFFF0;</p>";
  OK(both_ways(ok, strlen(ok), 0) > 0);
}

int main(void) {
  RUN(test_block_inline);
  RUN(test_attribute_cap);
  RUN(test_br_entities_space);
  RUN(test_skipped_elements);
  RUN(test_title_fallbacks);
  RUN(test_whole_paragraph_flags);
  RUN(test_captions);
  RUN(test_after_hr);
  RUN(test_leading_needs_first);
  RUN(test_robust);
  RUN(test_names_any_case);
  RUN(test_events_as_tree);
  RUN(test_many_names);
  RUN(test_mask_same_tree);
  RUN(test_mask_chunks);
  RUN(test_mask_refused);
  yl_html_doc_clear(&doc);
  YL_TEST_DONE();
}
