/*
 * hash.h - the one hash function for the in-memory tables keyed by bytes
 * from the wire (flows, speaker pairs, caches, the route store): SipHash-1-3
 * with a key drawn once per process from arc4random (libbsd), truncated to
 * 32 bits.
 * A peer or anyone who can put packets on the capture's path chooses the
 * keys; with an unkeyed hash (FNV-1a before) 30,000 colliding flow keys
 * were found in seconds and made every lookup walk one chain (70 us per
 * packet). With a secret key, colliding sets cannot be computed offline.
 * SipHash-1-3 (one round per block, three at the end) rather than the
 * paper's 2-4: the same construction with fewer rounds, the choice of
 * CPython (3.11 on) and Rust's standard HashMap for the same job, flooding
 * resistance for tables whose output the attacker does not see. Measured:
 * 2-4 was 13% of the instructions of `-q --rib` on the full table (2.4M
 * hashes of 21- and ~70-byte keys); 1-3 is about half of that.
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
/* SipHash-1-3 and SipHash-2-4 of n bytes under key k (64-bit results):
 * hash_bytes is the first; both for the tests (2-4 has the paper's
 * vectors, 1-3 is checked against CPython's bytes hash). */
uint64_t hash_siphash13(const uint8_t k[16], const void *p, size_t n);
uint64_t hash_siphash24(const uint8_t k[16], const void *p, size_t n);

#endif
