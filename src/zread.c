/*
 * zread.c - plain, gzip (zlib's inflate) or bzip2 (libbz2's low-level
 * decompressor) from a stdio stream, through one input buffer.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <zlib.h>

#include "zread.h"

/* Compressed input is taken in pieces this large: a slow writer on a pipe
 * is waited for at most one piece at a time. */
#define ZR_CHUNK 4096

struct zread {
	FILE *f;
	enum zr_kind kind;
	uint8_t in[ZR_CHUNK];
	size_t in_len, in_pos;
	bool in_eof;                 /* the FILE is at its end */
	bool done;                   /* no more output */
	bool failed;
	uint64_t raw;
	z_stream gz;
	bz_stream bz;
	bool started;                /* gz or bz initialised */
};

/* More input when the buffer is empty: 1, 0 at the end, -1 on an error. */
static int
fill(struct zread *z)
{
	size_t n;

	if (z->in_pos < z->in_len)
		return 1;
	if (z->in_eof)
		return 0;
	n = fread(z->in, 1, sizeof(z->in), z->f);
	if (n == 0) {
		if (ferror(z->f))
			return -1;
		z->in_eof = true;
		return 0;
	}
	z->in_len = n;
	z->in_pos = 0;
	z->raw += n;
	return 1;
}

/* The next member's magic follows (bytes read into the buffer as needed). */
static bool
another_member(struct zread *z)
{
	static const uint8_t gz[2] = { 0x1f, 0x8b }, bz[3] = { 'B', 'Z', 'h' };
	const uint8_t *m = z->kind == ZR_GZIP ? gz : bz;
	size_t need = z->kind == ZR_GZIP ? 2 : 3, have = z->in_len - z->in_pos;

	if (have < need && !z->in_eof) {
		memmove(z->in, z->in + z->in_pos, have);
		z->in_len = have;
		z->in_pos = 0;
		while (z->in_len < need && !z->in_eof) {
			size_t n = fread(z->in + z->in_len, 1, need - z->in_len, z->f);

			z->raw += n;
			z->in_len += n;
			if (n == 0)
				z->in_eof = true;
		}
		have = z->in_len;
	}
	return have >= need && memcmp(z->in + z->in_pos, m, need) == 0;
}

static bool
start(struct zread *z)
{
	memset(&z->gz, 0, sizeof(z->gz));
	memset(&z->bz, 0, sizeof(z->bz));
	if (z->kind == ZR_GZIP)
		z->started = inflateInit2(&z->gz, 15 + 16) == Z_OK;
	else
		z->started = BZ2_bzDecompressInit(&z->bz, 0, 0) == BZ_OK;
	return z->started;
}

static void
stop(struct zread *z)
{
	if (z->started && z->kind == ZR_GZIP)
		inflateEnd(&z->gz);
	else if (z->started)
		BZ2_bzDecompressEnd(&z->bz);
	z->started = false;
}

struct zread *
zread_open(FILE *f, char *err, size_t errlen)
{
	struct zread *z = calloc(1, sizeof(*z));

	if (z == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	z->f = f;
	/* the first three bytes say the kind; they stay in the buffer */
	while (z->in_len < 3 && !z->in_eof) {
		size_t n = fread(z->in + z->in_len, 1, 3 - z->in_len, f);

		z->raw += n;
		z->in_len += n;
		if (n == 0)
			z->in_eof = true;
	}
	if (z->in_len >= 2 && z->in[0] == 0x1f && z->in[1] == 0x8b)
		z->kind = ZR_GZIP;
	else if (z->in_len >= 3 && memcmp(z->in, "BZh", 3) == 0)
		z->kind = ZR_BZIP2;
	if (z->kind != ZR_PLAIN && !start(z)) {
		snprintf(err, errlen, "cannot start %s decompression",
		    z->kind == ZR_GZIP ? "gzip" : "bzip2");
		free(z);
		return NULL;
	}
	return z;
}

enum zr_kind
zread_kind(const struct zread *z)
{
	return z->kind;
}

uint64_t
zread_raw(const struct zread *z)
{
	return z->raw;
}

/* One step of the decompressor: output into dst (n bytes free); the bytes
 * written, or -1. A member's end starts the next one or ends the output. */
static long
inflate_step(struct zread *z, uint8_t *dst, size_t n)
{
	size_t avail = z->in_len - z->in_pos;
	size_t out;
	int rc;
	bool end;

	if (z->kind == ZR_GZIP) {
		z->gz.next_in = z->in + z->in_pos;
		z->gz.avail_in = (uInt)avail;
		z->gz.next_out = dst;
		z->gz.avail_out = (uInt)n;
		rc = inflate(&z->gz, Z_NO_FLUSH);
		z->in_pos = z->in_len - z->gz.avail_in;
		out = n - z->gz.avail_out;
		end = rc == Z_STREAM_END;
		if (rc != Z_OK && !end && !(rc == Z_BUF_ERROR && avail == 0))
			return -1;
	} else {
		z->bz.next_in = (char *)(z->in + z->in_pos);
		z->bz.avail_in = (unsigned)avail;
		z->bz.next_out = (char *)dst;
		z->bz.avail_out = (unsigned)n;
		rc = BZ2_bzDecompress(&z->bz);
		z->in_pos = z->in_len - z->bz.avail_in;
		out = n - z->bz.avail_out;
		end = rc == BZ_STREAM_END;
		if (rc != BZ_OK && !end)
			return -1;
	}
	if (end) {
		stop(z);
		if (!another_member(z) || !start(z))
			z->done = true;
	}
	return (long)out;
}

static long
read_compressed(struct zread *z, uint8_t *dst, size_t n)
{
	size_t got = 0;

	while (got < n && !z->done) {
		long k;
		int f = fill(z);

		if (f < 0)
			return -1;
		k = inflate_step(z, dst + got, n - got);
		if (k < 0)
			return -1;
		got += (size_t)k;
		if (k == 0 && f == 0 && !z->done) {
			/* the input ends inside a member: gzip's is the end of
			 * the data (as gzread), bzip2's an error (as BZ2_bzRead) */
			z->done = true;
			if (z->kind == ZR_BZIP2)
				return -1;
		}
	}
	return (long)got;
}

long
zread_read(struct zread *z, void *dst, size_t n)
{
	uint8_t *d = dst;
	size_t got = 0;
	long k;

	if (z->failed)
		return -1;
	if (n > 0x7fffffffUL)
		n = 0x7fffffffUL;
	if (z->kind != ZR_PLAIN) {
		k = read_compressed(z, d, n);
		if (k < 0)
			z->failed = true;
		return k;
	}
	/* plain: the kept first bytes, then the FILE directly */
	if (z->in_pos < z->in_len) {
		got = z->in_len - z->in_pos < n ? z->in_len - z->in_pos : n;
		memcpy(d, z->in + z->in_pos, got);
		z->in_pos += got;
	}
	if (got < n && !z->in_eof) {
		size_t want = n - got, r = fread(d + got, 1, want, z->f);

		z->raw += r;
		got += r;
		if (r < want && ferror(z->f)) {
			z->failed = true;
			return -1;
		}
	}
	return (long)got;
}

void
zread_close(struct zread *z)
{
	if (z == NULL)
		return;
	stop(z);
	free(z);
}
