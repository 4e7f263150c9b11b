/*
 * fuzz_mrt.c - libFuzzer harness: an MRT file (RFC 6396) through the full
 * pipeline: src/mrt_in.c (recognition by content, the decompressors,
 * record framing, the synthetic flows, the PEER_INDEX_TABLE), the record
 * decoders of dissectors/mrt.c (BGP4MP, BGP4MP_ET, TABLE_DUMP, TABLE_DUMP_V2
 * with ADD-PATH and RIB_GENERIC, a RIB entry rebuilt as an UPDATE), then
 * sessions, printers and the reporter. Outputs go to /dev/null.
 *
 * Input byte 0 chooses how the rest is served and printed:
 *   bits 0-1  0 plain, 1 gzip, 2 bzip2 (the rest compressed here, so that
 *             the fuzzer mutates records, not compressed bytes), 3 plain
 *   bit 2     the compressed file cut in the middle (decompressor errors)
 *   bits 3-4  text, -v, -vv, JSON
 *   bit 5     the report's expectations (next hop, AS path)
 *   bit 6     small limits (flows, buffers)
 *   bit 7     --stats
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bzlib.h>
#include <zlib.h>

#include "bgpcap.h"
#include "fuzz_file.h"

#define ZMAX (1u << 20)

static FILE *devnull;
static uint8_t *zbuf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* gzip (kind 1) or bzip2 (kind 2) of d into zbuf; its length, 0 if none. */
static size_t
compress_to(int kind, const uint8_t *d, size_t n)
{
	if (kind == 1) {
		z_stream z;
		size_t out = 0;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return 0;
		z.next_in = (Bytef *)(uintptr_t)d;
		z.avail_in = (uInt)n;
		z.next_out = zbuf;
		z.avail_out = ZMAX;
		if (deflate(&z, Z_FINISH) == Z_STREAM_END)
			out = z.total_out;
		deflateEnd(&z);
		return out;
	}
	if (kind == 2) {
		unsigned int out = ZMAX;

		if (BZ2_bzBuffToBuffCompress((char *)zbuf, &out, (char *)(uintptr_t)d,
		    (unsigned int)n, 1, 0, 0) == BZ_OK)
			return out;
	}
	return 0;
}

static void
options(struct run_opts *ro, const char *path, uint8_t sel)
{
	fuzz_file_opts(ro, path);
	ro->rep.json = ro->out.json = ((sel >> 3) & 3) == 3;
	ro->out.verbose = ro->out.json ? 0 : (sel >> 3) & 3;
	if (sel & 0x20) {
		ro->rep.expect_aspath = "65001 65002";
		ro->rep.expect_nh[0].af = 2; /* AF_INET */
		ro->rep.expect_nh[0].a[0] = 10;
		ro->rep.expect_nh[0].a[3] = 1;
		ro->rep.n_expect_nh = 1;
	}
	if (sel & 0x40) {
		ro->limits.max_flows = 2;
		ro->limits.max_buf = 64;
	}
	ro->stats = (sel & 0x80) != 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts ro;
	char path[64];
	const uint8_t *file;
	size_t n;
	uint8_t sel;
	int fd, kind;

	if (size < 1)
		return 0;
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	if (zbuf == NULL && (zbuf = malloc(ZMAX)) == NULL)
		abort();
	sel = data[0];
	file = data + 1;
	n = size - 1;
	kind = sel & 3;
	if ((kind == 1 || kind == 2) && n < ZMAX / 2) {
		size_t z = compress_to(kind, file, n);

		if (z > 0) {
			file = zbuf;
			n = (sel & 4) ? z / 2 : z;
		}
	}
	fd = fuzz_memfd("fuzz_mrt", file, n, path, sizeof(path));
	options(&ro, path, sel);
	(void)bgpcap_run(&ro, devnull, devnull);
	close(fd);
	return 0;
}
