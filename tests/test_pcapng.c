/*
 * test_pcapng.c - the pcapng reader on byte vectors written here per the
 * pcapng specification: both byte orders, interfaces with different link
 * types and snapshot lengths (what libpcap refuses), timestamp resolutions
 * and offsets, simple and obsolete packet blocks, skipped block types, and
 * every framing error it must name instead of reading past the block.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "pcapng.h"

struct vec {
	uint8_t b[4096];
	size_t n;
	bool le;
};

static void
put32(struct vec *v, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		v->b[v->n++] = (uint8_t)(v->le ? x >> (8 * i) : x >> (8 * (3 - i)));
}

static void
put16(struct vec *v, uint16_t x)
{
	v->b[v->n++] = (uint8_t)(v->le ? x : x >> 8);
	v->b[v->n++] = (uint8_t)(v->le ? x >> 8 : x);
}

static void
putb(struct vec *v, const void *p, size_t n)
{
	memcpy(v->b + v->n, p, n);
	v->n += n;
	while (v->n % 4 != 0)
		v->b[v->n++] = 0;
}

/* begin a block: returns where its length goes */
static size_t
blk_begin(struct vec *v, uint32_t type)
{
	size_t at = v->n;

	put32(v, type);
	put32(v, 0);
	return at;
}

static void
blk_end(struct vec *v, size_t at)
{
	uint32_t len = (uint32_t)(v->n + 4 - at);
	size_t save = v->n;

	put32(v, len);
	v->n = at + 4;
	put32(v, len);
	v->n = save + 4;
}

static void
shb(struct vec *v)
{
	size_t at = blk_begin(v, 0x0A0D0D0A);

	put32(v, 0x1A2B3C4D);
	put16(v, 1);
	put16(v, 0);
	put32(v, 0xffffffff);
	put32(v, 0xffffffff);
	blk_end(v, at);
}

static void
idb(struct vec *v, uint16_t dlt, uint32_t snap, int tsresol, bool with_offset, int64_t off)
{
	size_t at = blk_begin(v, 1);
	uint8_t r = (uint8_t)tsresol;

	put16(v, dlt);
	put16(v, 0);
	put32(v, snap);
	if (tsresol >= 0) {
		put16(v, 9);
		put16(v, 1);
		putb(v, &r, 1);
	}
	if (with_offset) {
		put16(v, 14);
		put16(v, 8);
		/* a 64-bit integer in the section's byte order */
		put32(v, (uint32_t)(v->le ? (uint64_t)off : (uint64_t)off >> 32));
		put32(v, (uint32_t)(v->le ? (uint64_t)off >> 32 : (uint64_t)off));
	}
	put16(v, 0);
	put16(v, 0);
	blk_end(v, at);
}

static void
epb(struct vec *v, uint32_t ifid, uint64_t ts, const char *data, uint32_t origlen)
{
	size_t at = blk_begin(v, 6);
	uint32_t n = (uint32_t)strlen(data);

	put32(v, ifid);
	put32(v, (uint32_t)(ts >> 32));
	put32(v, (uint32_t)ts);
	put32(v, n);
	put32(v, origlen ? origlen : n);
	putb(v, data, n);
	blk_end(v, at);
}

static int
next(struct pcapng *r, struct pcapng_pkt *p, char *err)
{
	return pcapng_next(r, p, err, 256);
}

/* Two interfaces with different link types and snaplens, in both orders. */
static void
test_two_interfaces(void **state)
{
	struct vec v;
	struct pcapng *r;
	struct pcapng_pkt p;
	char err[256];

	(void)state;
	for (int le = 0; le <= 1; le++) {
		memset(&v, 0, sizeof(v));
		v.le = le;
		shb(&v);
		idb(&v, 1, 65535, -1, false, 0);
		idb(&v, 107, 16777216, -1, false, 0);
		epb(&v, 0, 1374532996288468ull, "abcde", 0);
		epb(&v, 1, 2000001ull, "fr", 60);
		r = pcapng_open_mem(v.b, v.n, err, sizeof(err));
		assert_non_null(r);
		assert_int_equal(next(r, &p, err), 1);
		assert_int_equal(p.dlt, 1);
		assert_int_equal(p.caplen, 5);
		assert_memory_equal(p.data, "abcde", 5);
		assert_int_equal(p.ts.tv_sec, 1374532996);
		assert_int_equal(p.ts.tv_usec, 288468);
		assert_int_equal(next(r, &p, err), 1);
		assert_int_equal(p.dlt, 107);
		assert_int_equal(p.ifid, 1);
		assert_int_equal(p.caplen, 2);
		assert_int_equal(p.len, 60);
		assert_int_equal(p.ts.tv_sec, 2);
		assert_int_equal(p.ts.tv_usec, 1);
		assert_int_equal(next(r, &p, err), 0);
		assert_int_equal(pcapng_first_dlt(r), 1);
		assert_int_equal(pcapng_first_snaplen(r), 65535);
		assert_int_equal(pcapng_ifaces(r), 2);
		pcapng_close(r);
	}
}

/* if_tsresol 10^-9 and 2^-10, if_tsoffset */
static void
test_timestamps(void **state)
{
	struct vec v;
	struct pcapng *r;
	struct pcapng_pkt p;
	char err[256];

	(void)state;
	memset(&v, 0, sizeof(v));
	v.le = true;
	shb(&v);
	idb(&v, 1, 0, 9, false, 0);
	idb(&v, 1, 0, 0x80 | 10, true, 100);
	epb(&v, 0, 1700000000123456789ull, "x", 0);
	epb(&v, 1, 3 * 1024 + 512, "y", 0);
	r = pcapng_open_mem(v.b, v.n, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(next(r, &p, err), 1);
	assert_int_equal(p.ts.tv_sec, 1700000000);
	assert_int_equal(p.ts.tv_usec, 123456);
	assert_int_equal(next(r, &p, err), 1);
	assert_int_equal(p.ts.tv_sec, 103);
	assert_int_equal(p.ts.tv_usec, 500000);
	pcapng_close(r);
}

/* A second section restarts interface numbering and may change byte order;
 * unknown blocks are skipped; simple and obsolete packet blocks are read. */
static void
test_sections_and_blocks(void **state)
{
	struct vec v;
	struct pcapng *r;
	struct pcapng_pkt p;
	char err[256];
	size_t at;

	(void)state;
	memset(&v, 0, sizeof(v));
	v.le = false;
	shb(&v);
	idb(&v, 1, 4, -1, false, 0);
	at = blk_begin(&v, 3); /* SPB: origlen 10, snaplen 4 */
	put32(&v, 10);
	putb(&v, "0123456789", 10);
	blk_end(&v, at);
	at = blk_begin(&v, 5); /* ISB: skipped */
	put32(&v, 0);
	blk_end(&v, at);
	v.le = true;
	shb(&v);
	idb(&v, 113, 100, -1, false, 0);
	at = blk_begin(&v, 2); /* obsolete PB */
	put16(&v, 0);
	put16(&v, 0);
	put32(&v, 0);
	put32(&v, 7000000);
	put32(&v, 3);
	put32(&v, 3);
	putb(&v, "sll", 3);
	blk_end(&v, at);
	r = pcapng_open_mem(v.b, v.n, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(next(r, &p, err), 1);
	assert_int_equal(p.caplen, 4);
	assert_int_equal(p.len, 10);
	assert_memory_equal(p.data, "0123", 4);
	assert_int_equal(next(r, &p, err), 1);
	assert_int_equal(p.dlt, 113);
	assert_int_equal(p.ts.tv_sec, 7);
	assert_memory_equal(p.data, "sll", 3);
	assert_int_equal(next(r, &p, err), 0);
	pcapng_close(r);
}

static void
expect_damage(struct vec *v, const char *what)
{
	struct pcapng *r;
	struct pcapng_pkt p;
	char err[256] = "";
	int k;

	r = pcapng_open_mem(v->b, v->n, err, sizeof(err));
	if (r == NULL) {
		assert_non_null(strstr(err, what));
		return;
	}
	while ((k = next(r, &p, err)) == 1)
		;
	assert_int_equal(k, -1);
	if (strstr(err, what) == NULL)
		fail_msg("error '%s' lacks '%s'", err, what);
	pcapng_close(r);
}

static void
test_damage(void **state)
{
	struct vec v, base;
	size_t at;

	(void)state;
	memset(&base, 0, sizeof(base));
	shb(&base);
	idb(&base, 1, 65535, -1, false, 0);

	v = base; /* packet on an undescribed interface */
	epb(&v, 3, 0, "abc", 0);
	expect_damage(&v, "interface 3");

	v = base; /* caplen beyond the block */
	at = blk_begin(&v, 6);
	put32(&v, 0);
	put32(&v, 0);
	put32(&v, 0);
	put32(&v, 1000);
	put32(&v, 1000);
	putb(&v, "abcd", 4);
	blk_end(&v, at);
	expect_damage(&v, "captured length larger than the block");

	v = base; /* trailing length differs */
	epb(&v, 0, 0, "abcd", 0);
	v.b[v.n - 1] ^= 4;
	expect_damage(&v, "trailing block length");

	v = base; /* block length not a multiple of 4, or huge */
	epb(&v, 0, 0, "abcd", 0);
	v.b[base.n + 7] = 0x21;
	expect_damage(&v, "block length");
	v = base;
	epb(&v, 0, 0, "abcd", 0);
	v.b[base.n + 4] = 0x7f;
	expect_damage(&v, "block length");

	v = base; /* file ends inside a block */
	epb(&v, 0, 0, "abcdefgh", 0);
	v.n -= 6;
	expect_damage(&v, "file ends inside a block");

	v = base; /* an option running past the IDB */
	at = blk_begin(&v, 1);
	put16(&v, 1);
	put16(&v, 0);
	put32(&v, 0);
	put16(&v, 9);
	put16(&v, 200);
	blk_end(&v, at);
	expect_damage(&v, "interface option longer than the block");

	memset(&v, 0, sizeof(v)); /* not pcapng at all */
	putb(&v, "\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
	put32(&v, 0);
	put32(&v, 0);
	expect_damage(&v, "pcapng");

	v = base; /* every prefix of a valid file ends cleanly or is named */
	epb(&v, 0, 5, "abcdefgh", 0);
	for (size_t n = 0; n < v.n; n++) {
		struct pcapng *r;
		struct pcapng_pkt p;
		char err[256] = "";

		r = pcapng_open_mem(v.b, n, err, sizeof(err));
		if (r == NULL) {
			assert_true(err[0] != '\0');
			continue;
		}
		while (next(r, &p, err) == 1)
			;
		pcapng_close(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_interfaces),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_sections_and_blocks),
		cmocka_unit_test(test_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
