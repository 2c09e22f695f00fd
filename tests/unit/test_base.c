/* src/base: the UTF-8 decoder against utf8proc's (an independent strict decoder), the
 * thread helper, the hash table's content keys, and escaped file names. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "base/escape.h"
#include "base/hash.h"
#include "base/pool.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "harness.h"

/* Every 1-, 2- and 3-byte sequence, and every 4-byte one with a lead of F0..F7 and
 * continuation bytes from a set with every boundary (0x7F, 0x80, 0x8F, 0x90, 0x9F,
 * 0xA0, 0xBF, 0xC0): length and code point agree with utf8proc_iterate. */
static void test_utf8_decode_vs_utf8proc(void) {
  static const unsigned char cont[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xB5, 0xBF, 0xC0, 0xFF};
  size_t bad = 0, checked = 0;
  unsigned char s[4];
  for (unsigned a = 0; a < 256; a++)
    for (unsigned b = 0; b < 256; b++)
      for (unsigned c = 0; c < 256; c++) {
        if (a < 0xE0 && c > 0) break; /* 1- and 2-byte leads: the third byte is irrelevant */
        s[0] = (unsigned char)a, s[1] = (unsigned char)b, s[2] = (unsigned char)c, s[3] = 0x80;
        for (size_t n = 1; n <= 3; n++) {
          uint32_t cp = 0;
          size_t got = yl_utf8_decode(s, n, &cp);
          utf8proc_int32_t ref;
          utf8proc_ssize_t want = utf8proc_iterate(s, (utf8proc_ssize_t)n, &ref);
          /* utf8proc reads past n for 4-byte leads; only compare complete forms ≤ n. */
          if (want > (utf8proc_ssize_t)n) want = -1;
          int same = want > 0 ? (got == (size_t)want && cp == (uint32_t)ref) : got == 0;
          if (a >= 0xF0 && n < 4) same = got == 0; /* a 4-byte lead needs 4 bytes */
          bad += !same;
          checked++;
        }
      }
  for (unsigned a = 0xF0; a < 0xF8; a++)
    for (size_t i = 0; i < sizeof cont; i++)
      for (size_t j = 0; j < sizeof cont; j++)
        for (size_t k = 0; k < sizeof cont; k++) {
          s[0] = (unsigned char)a, s[1] = cont[i], s[2] = cont[j], s[3] = cont[k];
          uint32_t cp = 0;
          size_t got = yl_utf8_decode(s, 4, &cp);
          utf8proc_int32_t ref;
          utf8proc_ssize_t want = utf8proc_iterate(s, 4, &ref);
          bad += !(want > 0 ? got == (size_t)want && cp == (uint32_t)ref : got == 0);
          checked++;
        }
  INT_EQ(bad, 0);
  OK(checked > 6000000);
}

static void test_utf8_known(void) {
  uint32_t cp;
  OK(yl_utf8_decode((const unsigned char *)"\xE4\xB8\xAD", 3, &cp) == 3 && cp == 0x4E2D); /* 中 */
  OK(yl_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
  OK(yl_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 0);      /* overlong '/' */
  OK(yl_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 0);  /* U+D800 */
  OK(yl_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp) == 0); /* > U+10FFFF */
  OK(yl_utf8_decode((const unsigned char *)"\xE4\xB8", 2, &cp) == 0);      /* cut */
  OK(yl_utf8_len((const unsigned char *)"a", 1) == 1);
}

/* encode ∘ decode is the identity on every scalar value. */
static void test_utf8_encode_roundtrip(void) {
  size_t bad = 0;
  for (uint32_t c = 0; c <= 0x10FFFF; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    unsigned char u[4];
    size_t n = yl_utf8_encode(c, u);
    uint32_t back = 0;
    utf8proc_int32_t ref;
    bad += yl_utf8_decode(u, n, &back) != n || back != c ||
           utf8proc_iterate(u, (utf8proc_ssize_t)n, &ref) != (utf8proc_ssize_t)n || (uint32_t)ref != c;
  }
  INT_EQ(bad, 0);
}

typedef struct item {
  unsigned k;
  uint64_t sum;
} item;

static void sum_to(void *arg) {
  item *it = arg;
  for (uint64_t i = 0; i <= 1000u * it->k; i++) it->sum += i;
}

static void test_pool_each(void) {
  for (unsigned n = 0; n <= 9; n++) {
    item it[9];
    for (unsigned k = 0; k < 9; k++) it[k] = (item){k, 0};
    yl_pool_each(sum_to, it, sizeof *it, n);
    size_t bad = 0;
    for (unsigned k = 0; k < 9; k++) {
      uint64_t m = 1000u * k, want = k < n ? m * (m + 1) / 2 : 0;
      bad += it[k].sum != want;
    }
    INT_EQ(bad, 0);
  }
}

static void test_task(void) {
  item it = {3, 0};
  yl_task t;
  yl_task_start(&t, sum_to, &it);
  yl_task_join(&t);
  INT_EQ(it.sum, 3000u * 3001u / 2);
  /* A task that never got a thread runs at join. */
  item it2 = {2, 0};
  yl_task t2 = {0};
  t2.fn = sum_to, t2.arg = &it2, t2.started = 0;
  yl_task_join(&t2);
  INT_EQ(it2.sum, 2000u * 2001u / 2);
}

/* Content keys: words whose keys are forced to collide (key = hash % 4) are still told
 * apart, survive growth, and each is found at its own entry. */
typedef struct words {
  char w[3000][8];
} words;

static int eq_word(const void *ctx, uint64_t val) {
  const char *const *q = ctx;
  const words *ws = (const words *)q[1];
  return strcmp(ws->w[val], q[0]) == 0;
}

static void test_u64map_content_keys(void) {
  static words ws;
  yl_u64map m = YL_U64MAP_INIT;
  size_t bad = 0;
  for (size_t i = 0; i < 3000; i++) {
    snprintf(ws.w[i], sizeof ws.w[i], "w%zu", i);
    uint64_t key = yl_u64map_hkey(yl_hash_bytes(0, ws.w[i], strlen(ws.w[i])) % 4);
    OK(yl_u64map_reserve(&m, 1) == YL_OK);
    const char *q[2] = {ws.w[i], (const char *)&ws};
    size_t s = yl_u64map_find(&m, key, eq_word, q);
    bad += m.slots[s].key != YL_U64MAP_EMPTY; /* each word is new */
    yl_u64map_put_at(&m, s, key, i);
  }
  INT_EQ(bad, 0);
  INT_EQ(m.n, 3000);
  for (size_t i = 0; i < 3000; i++) {
    uint64_t key = yl_u64map_hkey(yl_hash_bytes(0, ws.w[i], strlen(ws.w[i])) % 4);
    const char *q[2] = {ws.w[i], (const char *)&ws};
    size_t s = yl_u64map_find(&m, key, eq_word, q);
    bad += m.slots[s].key != key || m.slots[s].val != i;
    bad += yl_u64map_at(&m, i)->val != i; /* insertion order kept through growth */
  }
  INT_EQ(bad, 0);
  OK(yl_u64map_hkey(UINT64_MAX) == UINT64_MAX - 1);
  yl_u64map_free(&m);
}

/* Issue #14: escaped names are valid UTF-8 without controls, bidi characters or
 * stray bytes, and give back the raw bytes. Every pair of byte values, and each
 * listed character between letters, round-trips; the escape is chosen exactly for
 * invalid bytes, C0/C1 controls, the listed format characters and the backslash. */
static void test_escape_name(void) {
  char esc[YL_ESCAPE_CAP(8)], back[16];
  size_t bad = 0;
  for (unsigned a = 0; a < 256; a++)
    for (unsigned b = 0; b < 256; b++) {
      const char raw[3] = {(char)(a ? a : 'a'), (char)(b ? b : 'b'), 'z'};
      size_t n = yl_escape_name(raw, 3, esc, sizeof esc);
      bad += n >= sizeof esc || strlen(esc) != n;
      for (size_t i = 0; i < n; i++) bad += (unsigned char)esc[i] < 0x20 || esc[i] == 0x7F;
      for (size_t i = 0; i < n;) { /* valid UTF-8, nothing hidden left */
        uint32_t cp = 0;
        size_t k = yl_utf8_decode((const unsigned char *)esc + i, n - i, &cp);
        bad += k == 0 || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E);
        i += k ? k : 1;
      }
      bad += yl_unescape_name(esc, n, back, sizeof back) != 3 || memcmp(back, raw, 3) != 0;
      bad += yl_escape_needed(raw, 3) != (n != 3 || memcmp(esc, raw, 3) != 0);
    }
  INT_EQ(bad, 0);
  static const uint32_t hidden[] = {0x85, 0x9F, 0x061C, 0x200B, 0x200E, 0x200F, 0x2028,
                                    0x2029, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF};
  for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
    unsigned char raw[6] = {'a'};
    size_t k = yl_utf8_encode(hidden[i], raw + 1);
    raw[k + 1] = 'b';
    char want[16];
    snprintf(want, sizeof want, "a\\u{%04X}b", (unsigned)hidden[i]);
    char got[YL_ESCAPE_CAP(6)];
    yl_escape_name((const char *)raw, k + 2, got, sizeof got);
    STR_EQ(got, want);
    INT_EQ(yl_unescape_name(got, strlen(got), back, sizeof back), k + 2);
  }
  /* shown as they are: Han, other scripts, symbols, the replacement character */
  const char *kept = "深度求索 Ωé € \xEF\xBF\xBD.txt";
  char out[128];
  yl_escape_name(kept, strlen(kept), out, sizeof out);
  OK(strstr(out, "深度求索 Ωé € ") == out);
  OK(!yl_escape_needed("深度求索/a b.txt", strlen("深度求索/a b.txt")));
  /* too short: cut before an escape, with the whole length returned */
  char small[8];
  INT_EQ(yl_escape_name("ab\ncd", 5, small, 6), 8);
  STR_EQ(small, "ab");
  INT_EQ(yl_escape_name("ab\ncd", 5, small, 7), 8);
  STR_EQ(small, "ab\\x0A");
  INT_EQ(yl_escape_name("a\xff" "b", 3, small, 5), 6);
  STR_EQ(small, "a");
  /* malformed escapes are refused */
  OK(yl_unescape_name("a\\q", 3, back, sizeof back) == (size_t)-1);
  OK(yl_unescape_name("\\x4", 3, back, sizeof back) == (size_t)-1);
  OK(yl_unescape_name("\\u{D800}", 8, back, sizeof back) == (size_t)-1);
  OK(yl_unescape_name("a\\", 2, back, sizeof back) == (size_t)-1);
}

int main(void) {
  RUN(test_utf8_known);
  RUN(test_utf8_decode_vs_utf8proc);
  RUN(test_utf8_encode_roundtrip);
  RUN(test_pool_each);
  RUN(test_task);
  RUN(test_u64map_content_keys);
  RUN(test_escape_name);
  YL_TEST_DONE();
}
