/*
 * test_input.c - the -r input read once by several readers (input.c) and
 * the decompressing reader (zread.c).
 *
 * input: a pipe's bytes reach every reader from byte 0 while they are
 * within the kept prefix; a reader left behind it gets an error, never
 * other bytes; a regular file is opened again for each reader.
 * zread: plain, gzip and bzip2 of the same bytes read back the same,
 * concatenated members in order, trailing garbage ignored, a cut gzip
 * stream ends the data, a cut bzip2 stream and corrupt data are errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <bzlib.h>
#include <zlib.h>

#include "input.h"
#include "zread.h"

#define N 3000

static uint8_t data[N];

static void
fill_data(void)
{
	for (size_t i = 0; i < N; i++)
		data[i] = (uint8_t)(i * 7 + i / 256);
}

/* A pipe holding data (closed for writing); its path for input_open. */
static int
pipe_path(char *path, size_t len)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], data, N), N);
	close(p[1]);
	snprintf(path, len, "/proc/self/fd/%d", p[0]);
	return p[0];
}

static void
test_pipe_two_readers(void **state)
{
	char path[64], err[128];
	uint8_t a[N], b[N];
	int fd = pipe_path(path, sizeof(path));
	struct input *in = input_open(path, 0, err, sizeof(err));
	FILE *fa, *fb;

	(void)state;
	assert_non_null(in);
	assert_false(input_seekable(in));
	fa = input_fopen(in, path);
	fb = input_fopen(in, path);
	assert_non_null(fa);
	assert_non_null(fb);
	/* a sniffer reads a little, goes back, the reader takes it all */
	assert_int_equal(fread(a, 1, 4, fa), 4);
	assert_memory_equal(a, data, 4);
	rewind(fa);
	assert_int_equal(fread(a, 1, N, fa), N);
	assert_memory_equal(a, data, N);
	assert_int_equal(fread(a, 1, 1, fa), 0);
	assert_true(feof(fa));
	/* a second reader from byte 0: the kept bytes */
	assert_int_equal(fread(b, 1, N, fb), N);
	assert_memory_equal(b, data, N);
	assert_int_equal(input_consumed(in), N);
	fclose(fa);
	input_close(in);          /* fb still holds the tee */
	assert_int_equal(fread(b, 1, 1, fb), 0);
	fclose(fb);
	close(fd);
}

static void
test_pipe_behind_kept(void **state)
{
	char path[64], err[128];
	uint8_t a[N], b[N];
	int fd = pipe_path(path, sizeof(path));
	struct input *in = input_open(path, 16, err, sizeof(err));
	FILE *fa = input_fopen(in, path), *fb = input_fopen(in, path);
	size_t n;

	(void)state;
	assert_int_equal(fread(a, 1, N, fa), N);
	assert_memory_equal(a, data, N);
	/* 16 bytes kept: fb gets them, then an error, not later bytes */
	n = fread(b, 1, N, fb);
	assert_true(n <= 16);
	assert_memory_equal(b, data, n);
	assert_true(ferror(fb));
	/* fa can go back to the kept bytes, not beyond them */
	assert_int_equal(fseek(fa, 8, SEEK_SET), 0);
	assert_int_equal(fread(a, 1, 4, fa), 4);
	assert_memory_equal(a, data + 8, 4);
	assert_int_not_equal(fseek(fa, 100, SEEK_SET), 0);
	fclose(fa);
	fclose(fb);
	input_close(in);
	close(fd);
}

static void
test_regular_file(void **state)
{
	char path[] = "/tmp/bgpcap-test-input.XXXXXX", err[128];
	uint8_t a[N];
	int fd = mkstemp(path);
	struct input *in;
	FILE *fa, *fb;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, N), N);
	close(fd);
	in = input_open(path, 16, err, sizeof(err));
	assert_non_null(in);
	assert_true(input_seekable(in));
	fa = input_fopen(in, path);
	fb = input_fopen(in, path);
	assert_int_equal(fread(a, 1, N, fa), N);
	assert_int_equal(fread(a, 1, N, fb), N);      /* independent: no limit */
	assert_memory_equal(a, data, N);
	fclose(fa);
	fclose(fb);
	input_close(in);
	unlink(path);
	/* nothing there: the error names the file */
	in = input_open("/nonexistent/bgpcap", 0, err, sizeof(err));
	assert_non_null(in);
	assert_null(input_fopen(in, "/nonexistent/bgpcap"));
	input_close(in);
}

/* ---------------------------------------------------------------- zread */

static size_t
gz(const uint8_t *d, size_t n, uint8_t *out, size_t cap)
{
	z_stream z;
	size_t len;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)d;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	len = z.total_out;
	deflateEnd(&z);
	return len;
}

static size_t
bz(const uint8_t *d, size_t n, uint8_t *out, size_t cap)
{
	unsigned int len = (unsigned int)cap;

	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)(uintptr_t)d,
	    (unsigned int)n, 1, 0, 0), BZ_OK);
	return len;
}

/* Read f through zread in pieces of `step`; bytes into out, -1 on an error. */
static long
zread_all(const uint8_t *file, size_t flen, enum zr_kind want, uint8_t *out, size_t cap,
    size_t step)
{
	char err[128];
	FILE *f = fmemopen((void *)(uintptr_t)file, flen, "rb");
	struct zread *z;
	size_t got = 0;
	long k = 0;

	assert_non_null(f);
	z = zread_open(f, err, sizeof(err));
	assert_non_null(z);
	assert_int_equal(zread_kind(z), want);
	while (got < cap && (k = zread_read(z, out + got, step < cap - got ? step : cap - got)) > 0)
		got += (size_t)k;
	zread_close(z);
	fclose(f);
	return k < 0 ? -1 : (long)got;
}

static void
test_zread_kinds(void **state)
{
	static uint8_t c[4 * N + 64], out[2 * N + 16];
	size_t n;

	(void)state;
	assert_int_equal(zread_all(data, N, ZR_PLAIN, out, sizeof(out), 1000), N);
	assert_memory_equal(out, data, N);
	assert_int_equal(zread_all(data, 2, ZR_PLAIN, out, sizeof(out), 7), 2);
	assert_int_equal(zread_all(data, 0, ZR_PLAIN, out, sizeof(out), 7), 0);
	n = gz(data, N, c, sizeof(c));
	assert_int_equal(zread_all(c, n, ZR_GZIP, out, sizeof(out), 13), N);
	assert_memory_equal(out, data, N);
	n = bz(data, N, c, sizeof(c));
	assert_int_equal(zread_all(c, n, ZR_BZIP2, out, sizeof(out), 4096), N);
	assert_memory_equal(out, data, N);
}

static void
test_zread_members(void **state)
{
	static uint8_t c[4 * N + 64], out[2 * N + 16];
	size_t n;

	(void)state;
	/* two gzip members: both, in order; then garbage: ignored */
	n = gz(data, N, c, sizeof(c));
	n += gz(data + 10, 100, c + n, sizeof(c) - n);
	memcpy(c + n, "garbage", 7);
	assert_int_equal(zread_all(c, n + 7, ZR_GZIP, out, sizeof(out), 500), N + 100);
	assert_memory_equal(out, data, N);
	assert_memory_equal(out + N, data + 10, 100);
	/* two bzip2 streams */
	n = bz(data, 50, c, sizeof(c));
	n += bz(data + 50, 70, c + n, sizeof(c) - n);
	assert_int_equal(zread_all(c, n, ZR_BZIP2, out, sizeof(out), 500), 120);
	assert_memory_equal(out, data, 120);
}

static void
test_zread_damage(void **state)
{
	static uint8_t c[4 * N + 64], out[2 * N + 16];
	size_t n;
	long k;

	(void)state;
	/* gzip cut short: the bytes before the cut, no more, no error */
	n = gz(data, N, c, sizeof(c));
	k = zread_all(c, n / 2, ZR_GZIP, out, sizeof(out), 100);
	assert_true(k >= 0 && k < N);
	assert_memory_equal(out, data, (size_t)k);
	/* corrupt deflate data: an error */
	n = gz(data, N, c, sizeof(c));
	memset(c + 12, 0xff, 20);
	assert_int_equal(zread_all(c, n, ZR_GZIP, out, sizeof(out), 100), -1);
	/* bzip2 cut short: an error (as BZ2_bzRead) */
	n = bz(data, N, c, sizeof(c));
	assert_int_equal(zread_all(c, n - 10, ZR_BZIP2, out, sizeof(out), 100), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_two_readers),
		cmocka_unit_test(test_pipe_behind_kept),
		cmocka_unit_test(test_regular_file),
		cmocka_unit_test(test_zread_kinds),
		cmocka_unit_test(test_zread_members),
		cmocka_unit_test(test_zread_damage),
	};

	fill_data();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
