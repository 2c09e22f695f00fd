/* YL_API marks the functions and data the shared library exports. The library is
 * compiled with -fvisibility=hidden, so everything else (src/base's buffers and hash
 * tables, the ingest parsers' internals, ...) stays out of libyuliao.so's dynamic
 * symbol table and can change without breaking programs linked against it. */
#ifndef YULIAO_EXPORT_H
#define YULIAO_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define YL_API __attribute__((visibility("default")))
#else
#define YL_API
#endif

#endif
