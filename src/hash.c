/*
 * hash.c - SipHash (Aumasson and Bernstein, 2012) under a random
 * per-process key; see hash.h. Written from the paper's description.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

static uint8_t key[16];
static bool keyed;

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static inline void
sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0]; v[0] = ROTL(v[0], 32);
	v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2]; v[2] = ROTL(v[2], 32);
}

/* 8 bytes little-endian: one load where the machine is little-endian. */
static inline uint64_t
le64_8(const uint8_t *p)
{
	uint64_t m;

	memcpy(&m, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m = __builtin_bswap64(m);
#endif
	return m;
}

static inline uint64_t
le64(const uint8_t *p, size_t n)
{
	uint64_t m = 0;

	for (size_t i = 0; i < n; i++)
		m |= (uint64_t)p[i] << (8 * i);
	return m;
}

/*
 * SipHash-c-d: c rounds per 8-byte block, d at the end. The compiler makes
 * one copy per (c, d) since both are constants at every call.
 */
static inline uint64_t
siphash(const uint8_t k[16], const void *data, size_t n, int c, int d)
{
	const uint8_t *p = data;
	uint64_t k0 = le64_8(k), k1 = le64_8(k + 8), m;
	uint64_t v[4] = {
		k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
		k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL,
	};
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		m = le64_8(p + i);
		v[3] ^= m;
		for (int r = 0; r < c; r++)
			sipround(v);
		v[0] ^= m;
	}
	/* the last n - i (< 8) bytes: from one load of the last 8 when there
	 * are 8, shifted down past the bytes already taken */
	if (n >= 8 && n > i)
		m = le64_8(p + n - 8) >> (8 * (8 - (n - i)));
	else
		m = le64(p + i, n - i);
	m |= (uint64_t)n << 56;
	v[3] ^= m;
	for (int r = 0; r < c; r++)
		sipround(v);
	v[0] ^= m;
	v[2] ^= 0xff;
	for (int r = 0; r < d; r++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t
hash_siphash24(const uint8_t k[16], const void *data, size_t n)
{
	return siphash(k, data, n, 2, 4);
}

uint64_t
hash_siphash13(const uint8_t k[16], const void *data, size_t n)
{
	return siphash(k, data, n, 1, 3);
}

void
hash_init(void)
{
	if (keyed)
		return;
	arc4random_buf(key, sizeof(key));
	keyed = true;
}

uint32_t
hash_bytes(const void *p, size_t n)
{
	uint64_t h;

	if (!keyed)
		hash_init();
	h = hash_siphash13(key, p, n);
	return (uint32_t)(h ^ (h >> 32));
}
