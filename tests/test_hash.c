/*
 * test_hash.c - the keyed table hash (src/hash.h): SipHash-2-4 against
 * the paper's vectors, and the flow table under a set of flow keys that
 * all collide under the unkeyed FNV-1a it used before (generated here by
 * meeting in the middle, as an attacker would): chains stay short and the
 * CPU cost stays within 3x that of ordinary keys.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

/* before cmocka.h, whose skip() macro would clash */
#include "hash.h"
#include "flow_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define NKEYS 2000
#define FNV_P 16777619u

static void
test_siphash_vectors(void **state)
{
	uint8_t k[16], m[64];

	(void)state;
	for (int i = 0; i < 16; i++)
		k[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		m[i] = (uint8_t)i;
	/* SipHash paper, appendix A, and the reference vectors */
	assert_true(hash_siphash24(k, m, 15) == 0xa129ca6149be45e5ULL);
	assert_true(hash_siphash24(k, m, 0) == 0x726fdb47dd0e0e31ULL);
	assert_true(hash_bytes(m, 15) == hash_bytes(m, 15));
}

/*
 * SipHash-1-3 (hash_bytes' function) under the zero key, message 0, 1, ..
 * n-1: the values are CPython's hash() of those bytes with PYTHONHASHSEED=0
 * (CPython 3.11's bytes hash is SipHash-1-3 under a key that this seed sets
 * to zero; `PYTHONHASHSEED=0 python3 -c 'print(hex(hash(bytes(range(21)))
 * & (2**64-1)))'`). The lengths cover a tail of 0 to 7 bytes, read byte by
 * byte (n < 8) and from one load of the last 8 (n >= 8).
 */
static void
test_siphash13_vectors(void **state)
{
	static const struct {
		size_t n;
		uint64_t h;
	} v[] = {
		{ 1, 0x68a914128e01e473ULL }, { 7, 0x2f098ab0c751325aULL },
		{ 8, 0xead411e67ebe2eeaULL }, { 15, 0xf30eb725bb91c9eaULL },
		{ 16, 0x8972188433a5c5b7ULL }, { 21, 0xb17bef2cb5213239ULL },
		{ 63, 0x385d3e39e5f37359ULL }, { 64, 0x75e05fd5bbc870c6ULL },
		{ 70, 0x5d929c334c3c5220ULL },
	};
	uint8_t k[16] = { 0 }, m[80];

	(void)state;
	for (int i = 0; i < 80; i++)
		m[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_true(hash_siphash13(k, m, v[i].n) == v[i].h);
}

/* ------------------------------------------------ the attack on FNV-1a */

static uint32_t
fnv(uint32_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_P;
	return h;
}

struct mitm {
	uint32_t *state;         /* open addressing, 1 << 17 slots */
	uint16_t *tail;          /* bytes 24..25 of the key */
	bool *used;
};

#define SLOTS (1u << 17)

/*
 * Keys (struct fkey, as flow.c builds them) whose FNV-1a is T: byte 23
 * found forward, bytes 24-25 backward from T through the 12 zero bytes.
 */
static size_t
collide(struct fkey *out, size_t want)
{
	const uint32_t T = 0x5eed1234u;
	uint32_t inv = FNV_P, s25 = T;
	struct mitm mt;
	size_t n = 0;

	for (int i = 0; i < 5; i++)
		inv *= 2u - FNV_P * inv;     /* FNV_P^-1 mod 2^32 */
	assert_true(inv * FNV_P == 1u);
	for (int i = 0; i < 12; i++)
		s25 = s25 * inv;             /* ^ 0: the zero padding */
	mt.state = calloc(SLOTS, sizeof(*mt.state));
	mt.tail = calloc(SLOTS, sizeof(*mt.tail));
	mt.used = calloc(SLOTS, sizeof(*mt.used));
	assert_true(mt.state && mt.tail && mt.used);
	for (uint32_t t = 0; t < 65536; t++) {
		uint32_t s = ((s25 * inv) ^ (t & 0xff)) * inv ^ (t >> 8), i = (s * 2654435761u) >> 15;

		while (mt.used[i])
			i = (i + 1) & (SLOTS - 1);
		mt.used[i] = true;
		mt.state[i] = s;
		mt.tail[i] = (uint16_t)t;
	}
	for (unsigned a10 = 11; a10 < 256 && n < want; a10++)
		for (unsigned sport = 1024; sport < 65536 && n < want; sport++) {
			struct fkey k;
			uint32_t pre;

			memset(&k, 0, sizeof(k));
			k.af = AF_INET;
			k.p[0] = (uint16_t)sport;
			k.p[1] = 179;
			k.a[0][0] = 10, k.a[0][3] = 1;
			k.a[1][0] = (uint8_t)a10;
			pre = fnv(2166136261u, (const uint8_t *)&k, 23);
			for (unsigned b = 0; b < 256 && n < want; b++) {
				uint32_t s = (pre ^ b) * FNV_P, i = (s * 2654435761u) >> 15;

				for (; mt.used[i]; i = (i + 1) & (SLOTS - 1)) {
					if (mt.state[i] != s)
						continue;
					k.a[1][1] = (uint8_t)b;
					k.a[1][2] = (uint8_t)(mt.tail[i] >> 8);
					k.a[1][3] = (uint8_t)mt.tail[i];
					assert_true(fnv(2166136261u, (const uint8_t *)&k, sizeof(k)) == T);
					out[n++] = k;
					break;
				}
			}
		}
	free(mt.state);
	free(mt.tail);
	free(mt.used);
	return n;
}

/* Random keys of the same shape. */
static void
ordinary(struct fkey *out, size_t n)
{
	uint32_t x = 88172645u;

	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].af = AF_INET;
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		out[i].p[0] = (uint16_t)(1024 + x % 60000);
		out[i].p[1] = 179;
		out[i].a[0][0] = 10, out[i].a[0][3] = 1;
		out[i].a[1][0] = (uint8_t)(11 + (x >> 16) % 200);
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		memcpy(&out[i].a[1][1], &x, 3);
	}
}

static void nop_end(void *arg, struct flow *f) { (void)arg; (void)f; }

/* Each key's flow: a SYN, then 9 more segments (lookups). CPU seconds;
 * the longest chain in *maxchain. */
static double
run(const struct fkey *keys, size_t n, size_t *maxchain)
{
	struct flow_limits lim = { .max_flows = 2 * NKEYS };
	struct flow_cb cb = { .flow_end = nop_end };
	struct flow_table *t = flow_table_new(&lim, &cb);
	struct timespec t0, t1;

	assert_non_null(t);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (int r = 0; r < 10; r++)
		for (size_t i = 0; i < n; i++) {
			struct pkt_info pi;

			memset(&pi, 0, sizeof(pi));
			pi.src.af = pi.dst.af = AF_INET;
			memcpy(pi.src.a, keys[i].a[0], 4);
			memcpy(pi.dst.a, keys[i].a[1], 4);
			pi.sport = keys[i].p[0];
			pi.dport = keys[i].p[1];
			pi.seq = 1000 + (uint32_t)r;
			pi.tcp_flags = r ? PKT_ACK : PKT_SYN;
			pi.ts.tv_sec = 1000;
			flow_segment(t, &pi, NULL, 0);
		}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	assert_int_equal(flow_table_count(t), n);
	*maxchain = 0;
	for (size_t b = 0; b < t->nbucket; b++) {
		size_t len = 0;

		for (struct flow_priv *fp = t->bucket[b]; fp; fp = fp->hnext)
			len++;
		if (len > *maxchain)
			*maxchain = len;
	}
	flow_table_free(t);
	return (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void
test_collisions(void **state)
{
	static struct fkey bad[NKEYS], good[NKEYS];
	double tb = 1e9, tg = 1e9;
	size_t cb, cg;

	(void)state;
	assert_int_equal(collide(bad, NKEYS), NKEYS);
	ordinary(good, NKEYS);
	for (int rep = 0; rep < 3; rep++) {
		double x = run(bad, NKEYS, &cb), y = run(good, NKEYS, &cg);

		tb = x < tb ? x : tb;
		tg = y < tg ? y : tg;
	}
	print_message("colliding keys: %.4f s CPU, longest chain %zu; ordinary: %.4f s, %zu\n",
	    tb, cb, tg, cg);
	/* under FNV-1a all NKEYS were in one chain */
	assert_true(cb <= 16);
	assert_true(cg <= 16);
	/* coarse: 3x, or both too fast to matter (FNV-1a took ~50x) */
	assert_true(tb <= 3 * tg || tb < 0.02);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_siphash13_vectors),
		cmocka_unit_test(test_collisions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
