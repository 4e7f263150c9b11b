/*
 * zread.h - a stream that may be compressed (gzip, bzip2: what the RIS and
 * RouteViews archives serve), read through a stdio stream of any kind (a
 * file, or input.c's replay of a pipe: no descriptor and no seek needed).
 *
 * The kind is recognised from the first bytes, which are kept and handed
 * out again: nothing is read twice. Concatenated members (gzip, bzip2) are
 * read one after the other; bytes after the last member that do not start
 * another are ignored, as gzip(1) does. Corrupt compressed data is a read
 * error; a gzip stream cut short ends the data (as zlib's gzread), a bzip2
 * one is an error (as BZ2_bzRead): what the reader did before.
 *
 * Owns: the decompressor and its input buffer; not the FILE.
 */
#ifndef BGPCAP_ZREAD_H
#define BGPCAP_ZREAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum zr_kind { ZR_PLAIN, ZR_GZIP, ZR_BZIP2 };

struct zread;

/* NULL: out of memory, or the decompressor would not start (err). */
struct zread *zread_open(FILE *f, char *err, size_t errlen);
enum zr_kind zread_kind(const struct zread *z);
/* Up to n bytes (fewer only at the end); 0 at the end; -1 on an error. */
long zread_read(struct zread *z, void *dst, size_t n);
/* Bytes taken from the FILE so far (compressed), for progress. */
uint64_t zread_raw(const struct zread *z);
void zread_close(struct zread *z);

#endif
