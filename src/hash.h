/*
 * hash.h - the one hash function for the in-memory tables (flows, speaker
 * pairs): 32-bit FNV-1a. Not for anything an attacker must not collide:
 * the tables are bounded and walk their chains.
 */
#ifndef BGPCAP_HASH_H
#define BGPCAP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A32_INIT 2166136261u

/* Continue hash h over n bytes at p (start with FNV1A32_INIT). */
static inline uint32_t
fnv1a32(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

#endif
