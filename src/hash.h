/*
 * hash.h - the one hash function for the in-memory tables keyed by bytes
 * from the wire (flows, speaker pairs, caches): SipHash-2-4 with a key
 * drawn once per process from arc4random (libbsd), truncated to 32 bits.
 * A peer or anyone who can put packets on the capture's path chooses the
 * keys; with an unkeyed hash (FNV-1a before) 30,000 colliding flow keys
 * were found in seconds and made every lookup walk one chain (70 us per
 * packet). With a secret key, colliding sets cannot be computed offline.
 */
#ifndef BGPCAP_HASH_H
#define BGPCAP_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Draw the key now (idempotent; hash_bytes does it on first use). Call
 * before anything that forbids getrandom (the sandbox). */
void hash_init(void);
/* The keyed hash of n bytes at p. */
uint32_t hash_bytes(const void *p, size_t n);
/* SipHash-2-4 of n bytes under key k (64-bit result): for the tests. */
uint64_t hash_siphash24(const uint8_t k[16], const void *p, size_t n);

#endif
