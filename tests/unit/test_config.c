/* The configuration and the error record: every option set by name with a good value
 * and refused with bad ones (naming the option), the defaults as the table gives them
 * and as the engine defaults them, the option iterator that --help is printed from,
 * the typed setters, and yl_error_format's one-line form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "harness.h"
#include "pipeline/config.h"
#include "yuliao/analyze.h"
#include "yuliao/config.h"
#include "yuliao/error.h"

/* A good value for every option and the text yl_config_get gives back. */
static const struct {
  const char *name, *value, *got;
} good[] = {
    {"jobs", "3", "3"},
    {"group-by", "folder", "folder"},
    {"exclude-kinds", "caption,title", "caption,title"},
    {"stopwords", "a.txt", "a.txt"},
    {"no-default-stopwords", NULL, "true"},
    {"no-outlet-stopwords", "true", "true"},
    {"keep-numbers", NULL, "true"},
    {"min-length", "1000", "1000"},
    {"user-dict", "u.dict", "u.dict"},
    {"no-hmm", NULL, "true"},
    {"script", "keep", "keep"},
    {"opencc-config", "tw2sp", "tw2sp"},
    {"tfidf", "jieba", "jieba"},
    {"idf", "jieba", "jieba"},
    {"frames", "examples/frames-deepseek.tsv", "examples/frames-deepseek.tsv"},
    {"aliases", "examples/aliases-deepseek.tsv", "examples/aliases-deepseek.tsv"},
    {"tfidf-doc-top", "0", "0"},
    {"tfidf-group-top", "0", "0"},
    {"keywords", "7", "7"},
    {"frequency-top", "300", "300"},
    {"wide-top", "18446744073709551615", "18446744073709551615"},
    {"context", "document", "document"},
    {"window", "1", "1"},
    {"cooc-top", "12", "12"},
    {"focus", ",DeepSeek,,英伟达,", "DeepSeek,英伟达"},
    {"cooc-min-count", "18446744073709551615", "18446744073709551615"},
    {"alpha", "0.001", "0.001"},
    {"near-duplicates", "0.9", "0.9"},
    {"exact-duplicates-only", NULL, "true"},
    {"keyness-min-count", "1", "1"},
    {"keyness-top", "0", "0"},
    {"keyness-all", NULL, "true"},
    {"keyness-correction", "yates", "yates"},
    {"similarity-top", "9", "9"},
    {"kwic", "深度求索,,DeepSeek", "深度求索,DeepSeek"},
    {"kwic-width", "12", "12"},
    {"kwic-max", "0", "0"},
    {"period", "week", "week"},
    {"dtm", NULL, "true"},
    {"collocations", NULL, "true"},
    {"colloc-min-count", "7", "7"},
    {"colloc-top", "0", "0"},
    {"trend-top", "0", "0"},
    {"network-top", "500", "500"},
    {"network-measure", "log_dice", "log_dice"},
    {"no-report", NULL, "true"},
    {"newwords", "nw.csv", "nw.csv"},
    {"outlets", "extra.tsv", "extra.tsv"},
    {"outlet-from", "folder", "folder"},
    {"max-file-size", "1", "1"},
    {"dict-dir", "/data", "/data"},
    {"no-bom", NULL, "true"},
    {"raw-csv", NULL, "true"},
    {"csv-dialect", "excel-eu", "excel-eu"},
    {"digits", "6", "6"},
    {"strict", NULL, "true"},
};

/* Bad values and a piece of the message each must give. */
static const struct {
  const char *name, *value, *says;
} bad[] = {
    {"jobs", "257", "--jobs needs a whole number (0 … 256), not '257'"},
    {"jobs", "x", "--jobs needs a whole number"},
    {"jobs", " 5", "--jobs needs a whole number"},
    {"jobs", " -5", "--jobs needs a whole number"},
    {"jobs", "+5", "--jobs needs a whole number"},
    {"jobs", NULL, "--jobs needs a value"},
    {"group-by", "site", "--group-by takes outlet, folder or none, not 'site'"},
    {"exclude-kinds", "body,footer", "--exclude-kinds: unknown kind 'footer' (body, caption, title)"},
    /* every kind left out would count nothing and exit 0 (#14) */
    {"exclude-kinds", "body,caption,title",
     "--exclude-kinds body,caption,title leaves no paragraph kind to count"},
    {"exclude-kinds", "title,body,,caption", "leaves no paragraph kind to count"},
    {"no-hmm", "maybe", "--no-hmm takes no value, or true or false, not 'maybe'"},
    {"min-length", "1001", "--min-length needs a whole number (0 … 1000), not '1001'"},
    {"idf", NULL, "--idf needs a value"},
    {"frames", NULL, "--frames needs a value"},
    {"aliases", NULL, "--aliases needs a value"},
    {"script", "both", "--script takes simplified or keep, not 'both'"},
    {"opencc-config", NULL, "--opencc-config needs a value"},
    {"tfidf", "bm25", "--tfidf takes sklearn, quanteda, tidytext or jieba, not 'bm25'"},
    {"tfidf-doc-top", "-1", "--tfidf-doc-top needs a whole number"},
    {"keywords", "1e3", "--keywords needs a whole number"},
    {"tfidf-group-top", "ten", "--tfidf-group-top needs a whole number"},
    {"frequency-top", "-3", "--frequency-top needs a whole number"},
    {"keyness-min-count", "0", "--keyness-min-count must be at least 1"},
    {"keyness-top", "1.5", "--keyness-top needs a whole number"},
    {"keyness-correction", "Williams", "--keyness-correction takes none, williams or yates, not 'Williams'"},
    {"csv-dialect", "excel-de", "--csv-dialect takes excel or excel-eu, not 'excel-de'"},
    {"digits", "18", "--digits needs a whole number (0 … 17), not '18'"},
    {"digits", "-1", "--digits needs a whole number"},
    {"keyness-all", "often", "--keyness-all takes no value, or true or false, not 'often'"},
    {"dtm", "often", "--dtm takes no value, or true or false, not 'often'"},
    {"wide-top", "18446744073709551616", "--wide-top needs a whole number"},
    {"context", "line", "--context takes window, sentence, paragraph or document, not 'line'"},
    {"window", "0", "--window must be at least 1"},
    /* the range said is the one accepted: 0 is not (#14) */
    {"window", "1001", "--window needs a whole number (1 … 1000), not '1001'"},
    {"keyness-min-count", "x", "--keyness-min-count needs a whole number (1 … "},
    {"cooc-top", "", "--cooc-top needs a whole number"},
    {"focus", ",,", "--focus needs at least one term"},
    {"cooc-min-count", "two", "--cooc-min-count needs a whole number"},
    {"alpha", "0", "--alpha needs a number between 0 and 1, not '0'"},
    {"near-duplicates", "1.5", "--near-duplicates needs a number between 0 and 1, not '1.5'"},
    {"alpha", "1", "--alpha needs a number between 0 and 1"},
    {"alpha", "nan", "--alpha needs a number between 0 and 1"},
    {"alpha", "0.5x", "--alpha needs a number between 0 and 1"},
    {"similarity-top", "K", "--similarity-top needs a whole number"},
    {"kwic", ",", "--kwic needs at least one term"},
    {"kwic-width", "0", "--kwic-width must be at least 1"},
    {"kwic-max", "-1", "--kwic-max needs a whole number"},
    {"period", "fortnight", "--period takes none, day, week, month or year, not 'fortnight'"},
    {"trend-top", "x", "--trend-top needs a whole number"},
    {"colloc-min-count", "0", "--colloc-min-count must be at least 1"},
    {"colloc-top", "-2", "--colloc-top needs a whole number"},
    {"network-top", "0", "--network-top must be at least 1"},
    {"network-measure", "pmi", "--network-measure takes jaccard, log_dice, npmi or count"},
    {"outlet-from", "path", "--outlet-from takes 'host' or 'folder', not 'path'"},
    {"max-file-size", "0", "--max-file-size needs a positive number of bytes, not '0'"},
    {"max-file-size", "-5", "--max-file-size needs a positive number of bytes"},
    {"outlets", NULL, "--outlets needs a value"},
    {"nonsense", "1", "unknown option 'nonsense'"},
};

#define N(a) (sizeof a / sizeof *a)

static void get(const yl_config *c, const char *name, char *buf, size_t cap) {
  buf[0] = '\0';
  INT_EQ(yl_config_get(c, name, buf, cap), YL_OK);
}

static void test_defaults_from_table(void) {
  yl_config *c = NULL;
  INT_EQ(yl_config_new(&c), YL_OK);
  size_t n = yl_config_option_count();
  OK(n >= N(good));
  for (size_t i = 0; i < n; i++) {
    yl_config_option o;
    INT_EQ(yl_config_option_at(i, &o), YL_OK);
    char v[256];
    get(c, o.name, v, sizeof v);
    STR_EQ(v, o.def);
  }
  /* the table's defaults are the engine's (analyze.h documents them there too) */
  yl_analyze_opts ao;
  yl_analyze_opts_init(&ao);
  INT_EQ(c->group_by, ao.group_by);
  INT_EQ(c->kinds, ao.kinds);
  INT_EQ(!c->no_outlet_stop, ao.outlet_stops);
  INT_EQ(c->scheme, ao.scheme);
  INT_EQ(c->tfidf_doc_top, ao.tfidf_doc_top);
  INT_EQ(c->keywords, ao.keywords);
  INT_EQ(c->wide_top, ao.wide_top);
  INT_EQ(c->context, ao.context);
  INT_EQ(c->window, ao.window);
  INT_EQ(c->cooc_top, ao.cooc_top);
  INT_EQ(c->cooc_min_count, ao.cooc_min_count);
  DBL_EQ(c->alpha, ao.alpha);
  INT_EQ(c->sim_top, ao.sim_top);
  INT_EQ(c->frequency_top, ao.frequency_top);
  INT_EQ(c->tfidf_group_top, ao.tfidf_group_top);
  INT_EQ(c->keyness_min_count, ao.keyness_min_count);
  INT_EQ(c->keyness_top, ao.keyness_top);
  INT_EQ(c->keyness_correction, ao.keyness_correction);
  INT_EQ(c->jobs, ao.threads);
  INT_EQ(c->no_hmm, ao.no_hmm);
  INT_EQ(c->max_file_size, 64u << 20); /* ingest's own fallback for 0 */
  OK(!c->idf && !c->outlets && !c->dict_dir);
  INT_EQ(c->stopwords.n + c->user_dicts.n + c->focus.n + c->command.n, 0);
  yl_config_free(c);
}

static void test_set_every_option(void) {
  yl_config *c = NULL;
  INT_EQ(yl_config_new(&c), YL_OK);
  size_t n = yl_config_option_count();
  for (size_t i = 0; i < n; i++) {
    yl_config_option o;
    yl_config_option_at(i, &o);
    size_t k = 0;
    while (k < N(good) && strcmp(good[k].name, o.name)) k++;
    if (k == N(good)) {
      YL_T_FAIL("option %s has no case in 'good'", o.name);
      continue;
    }
    yl_error err;
    INT_EQ(yl_config_set(c, o.name, good[k].value, &err), YL_OK);
    INT_EQ(err.code, YL_OK);
    char v[256];
    get(c, o.name, v, sizeof v);
    STR_EQ(v, good[k].got);
    /* not every option keeps its default: the value really changed */
    if (strcmp(good[k].got, o.def) == 0) YL_T_FAIL("%s: test value is the default", o.name);
  }
  /* a flag set back off, a repeatable option adding, focus replacing */
  INT_EQ(yl_config_set(c, "no-bom", "false", NULL), YL_OK);
  INT_EQ(yl_config_set(c, "user-dict", "v.dict", NULL), YL_OK);
  INT_EQ(yl_config_set(c, "focus", "芯片", NULL), YL_OK);
  INT_EQ(yl_config_set(c, "exclude-kinds", "", NULL), YL_OK);
  char v[256];
  get(c, "no-bom", v, sizeof v);
  STR_EQ(v, "false");
  get(c, "user-dict", v, sizeof v);
  STR_EQ(v, "u.dict,v.dict");
  get(c, "focus", v, sizeof v);
  STR_EQ(v, "芯片");
  get(c, "exclude-kinds", v, sizeof v);
  STR_EQ(v, "");
  INT_EQ(c->kinds, YL_ANALYZE_KINDS_ALL);
  /* a buffer too small is said so */
  INT_EQ(yl_config_get(c, "user-dict", v, 4), YL_ERR_LIMIT);
  STR_EQ(v, "u.d");
  INT_EQ(yl_config_get(c, "nonsense", v, sizeof v), YL_ERR_INVALID);
  yl_config_free(c);
}

static void test_bad_values(void) {
  yl_config *c = NULL;
  INT_EQ(yl_config_new(&c), YL_OK);
  for (size_t i = 0; i < N(bad); i++) {
    char before[256] = "", after[256] = "";
    int known = yl_config_get(c, bad[i].name, before, sizeof before) == YL_OK;
    yl_error err;
    INT_EQ(yl_config_set(c, bad[i].name, bad[i].value, &err), YL_ERR_INVALID);
    INT_EQ(err.code, YL_ERR_INVALID);
    if (!strstr(err.message, bad[i].says))
      YL_T_FAIL("%s '%s': message \"%s\" lacks \"%s\"", bad[i].name,
                bad[i].value ? bad[i].value : "(null)", err.message, bad[i].says);
    else yl_t_pass++;
    STR_EQ(err.file, "");
    /* a refused value leaves the option as it was */
    if (known) {
      get(c, bad[i].name, after, sizeof after);
      STR_EQ(after, before);
    }
  }
  /* every option that takes a value other than a path is checked above */
  for (size_t i = 0; i < yl_config_option_count(); i++) {
    yl_config_option o;
    yl_config_option_at(i, &o);
    int path = !strcmp(o.arg, "FILE") || !strcmp(o.arg, "DIR") || o.arg[0] == '\0';
    size_t k = 0;
    while (k < N(bad) && strcmp(bad[k].name, o.name)) k++;
    if (!path && k == N(bad)) YL_T_FAIL("option %s has no case in 'bad'", o.name);
  }
  yl_config_free(c);
}

static void test_typed_setters(void) {
  yl_config *c = NULL;
  INT_EQ(yl_config_new(&c), YL_OK);
  char v[256];
  INT_EQ(yl_config_add_user_dict(c, "a.dict"), YL_OK);
  INT_EQ(yl_config_add_user_dict(c, "b.dict"), YL_OK);
  get(c, "user-dict", v, sizeof v);
  STR_EQ(v, "a.dict,b.dict");
  INT_EQ(yl_config_add_stopwords(c, "s.txt"), YL_OK);
  get(c, "stopwords", v, sizeof v);
  STR_EQ(v, "s.txt");
  INT_EQ(yl_config_add_focus(c, "欧盟"), YL_OK);
  INT_EQ(yl_config_add_focus(c, "a,b"), YL_OK); /* one term, comma and all */
  INT_EQ(yl_config_add_focus(c, ""), YL_ERR_INVALID);
  INT_EQ(c->focus.n, 2);
  STR_EQ(c->focus.v[1], "a,b");
  INT_EQ(yl_config_set_dict_dir(c, "/d"), YL_OK);
  STR_EQ(c->dict_dir, "/d");
  INT_EQ(yl_config_set_threads(c, 256), YL_OK);
  INT_EQ(yl_config_set_threads(c, 257), YL_ERR_INVALID);
  INT_EQ(c->jobs, 256);
  const char *argv[] = {"analyze", "-o", "x"};
  INT_EQ(yl_config_set_command(c, 3, argv), YL_OK);
  INT_EQ(c->command.n, 3);
  STR_EQ(c->command.v[2], "x");
  yl_config_free(c);
  yl_config_free(NULL);
}

static void test_iterator(void) {
  size_t n = yl_config_option_count();
  yl_config_option o;
  INT_EQ(yl_config_option_at(n, &o), YL_ERR_NOTFOUND);
  for (size_t i = 0; i < n; i++) {
    INT_EQ(yl_config_option_at(i, &o), YL_OK);
    OK(o.name && o.name[0] && o.help[0] && o.def);
    OK(o.commands & YL_CONFIG_ANALYZE);
    OK(!strstr(o.help, "%D") && !strstr(o.help, "%o") && !strstr(o.help, "%,"));
    for (size_t k = 0; k < i; k++) {
      yl_config_option p;
      yl_config_option_at(k, &p);
      if (!strcmp(p.name, o.name)) YL_T_FAIL("option %s listed twice", o.name);
    }
    /* the flags take no argument and default to off */
    if (!o.arg[0]) STR_EQ(o.def, "false");
    INT_EQ(o.repeatable, !strcmp(o.name, "user-dict") || !strcmp(o.name, "stopwords"));
  }
  /* filled-in names and defaults, as --help shows them */
  static const struct {
    const char *name, *arg, *help;
  } shown[] = {
      {"group-by", "outlet|folder|none", "what a group is (default outlet)"},
      {"tfidf", "SCHEME", "sklearn (default), quanteda, tidytext or jieba"},
      {"context", "C", "co-occurrence unit: window (default), sentence, paragraph, document"},
      {"exclude-kinds", "LIST",
       "paragraph kinds not counted, comma-separated: body, caption, title (default none)"},
      {"keep-numbers", "", "count pure numbers (2025, 3.5%) as terms"},
      {"max-file-size", "BYTES", "skip files larger than BYTES (default 67108864)"},
      {"outlet-from", "host|folder",
       "outlet from the URL's host (default) or the file's parent folder name"},
      {"idf", "FILE|jieba", "IDF table instead of the batch IDF (jieba = shipped table)"},
      {"window", "K", "window half-width for --context window, 1 … 1000 (default 5)"},
  };
  for (size_t k = 0; k < N(shown); k++) {
    size_t i = 0;
    while (i < n && (yl_config_option_at(i, &o), strcmp(o.name, shown[k].name))) i++;
    OK(i < n);
    STR_EQ(o.arg, shown[k].arg);
    STR_EQ(o.help, shown[k].help);
  }
  /* extract uses exactly these */
  const char *ex = "outlets outlet-from max-file-size dict-dir no-bom raw-csv csv-dialect digits strict ";
  char got[256] = "";
  for (size_t i = 0; i < n; i++) {
    yl_config_option_at(i, &o);
    if (o.commands & YL_CONFIG_EXTRACT) {
      strcat(got, o.name);
      strcat(got, " ");
    }
  }
  STR_EQ(got, ex);
}

static void test_error_record(void) {
  yl_error e;
  char line[YL_ERROR_FORMAT_MAX];
  yl_error_clear(&e);
  INT_EQ(e.code, YL_OK);
  STR_EQ(yl_error_format(&e, line, sizeof line), "success");
  INT_EQ(yl_error_set(&e, YL_ERR_DICT, "stop.txt", 7, 0, "not valid %s", "UTF-8"), YL_ERR_DICT);
  STR_EQ(yl_error_format(&e, line, sizeof line), "stop.txt:7: not valid UTF-8");
  yl_error_set(&e, YL_ERR_IO, "out", 0, 28, "cannot write tables: %s", "No space left on device");
  STR_EQ(yl_error_format(&e, line, sizeof line), "out: cannot write tables: No space left on device");
  INT_EQ(e.sys_errno, 28);
  yl_error_set(&e, YL_ERR_NOMEM, NULL, 5, 0, "%s", "");
  INT_EQ(e.line, 0); /* no line without a file */
  STR_EQ(yl_error_format(&e, line, sizeof line), "out of memory");
  /* Issue #14: a name with a line break, a tab, a bidi control or a stray byte is
   * shown escaped, and a control character in the message is escaped too: one line */
  yl_error_set(&e, YL_ERR_DICT, "a\nyuliao: x\t\xE2\x80\xAE\xff\\.txt", 3, 0, "bad\nline \\x41");
  STR_EQ(yl_error_format(&e, line, sizeof line),
         "a\\x0Ayuliao: x\\x09\\u{202E}\\xFF\\\\.txt:3: bad\\x0Aline \\x41");
  /* a small buffer: cut, still NUL-terminated */
  char small[6];
  yl_error_set(&e, YL_ERR_DICT, NULL, 0, 0, "abcdefgh");
  STR_EQ(yl_error_format(&e, small, sizeof small), "abcde");
  /* a message too long for the record is cut at a whole UTF-8 character */
  char *big = malloc(3 * YL_ERROR_MESSAGE_MAX + 3);
  OK(big != NULL);
  if (!big) return;
  memcpy(big, "xy", 2); /* 2 + 3k bytes never ends exactly at the record's 2047 */
  for (size_t i = 0; i < YL_ERROR_MESSAGE_MAX; i++) memcpy(big + 2 + 3 * i, "语", 3);
  big[2 + 3 * YL_ERROR_MESSAGE_MAX] = '\0';
  yl_error_set(&e, YL_ERR_PARSE, NULL, 0, 0, "%s", big);
  size_t len = strlen(e.message);
  OK(len < YL_ERROR_MESSAGE_MAX && len > YL_ERROR_MESSAGE_MAX - 4);
  INT_EQ((len - 2) % 3, 0);
  free(big);
  /* NULL record: nothing happens, the code comes back */
  INT_EQ(yl_error_set(NULL, YL_ERR_IO, "f", 1, 0, "x"), YL_ERR_IO);
  yl_error_clear(NULL);
}

int main(void) {
  RUN(test_defaults_from_table);
  RUN(test_set_every_option);
  RUN(test_bad_values);
  RUN(test_typed_setters);
  RUN(test_iterator);
  RUN(test_error_record);
  YL_TEST_DONE();
}
