/*
 * acache.h - the attribute-block cache (issue 15: do each piece of work
 * once). A full table repeats a few thousand attribute blocks across a
 * million UPDATEs; this keeps, per block (the key bgp_memo_key builds:
 * the bytes, ctx->as4, MP_* NLRI left out), the walk's result
 * (struct bgp_memo) and the formatted text or JSON of the attributes, and
 * hands them back for every UPDATE that carries the same block.
 *
 * Bounded: a fixed number of entries (2-way set associative, the older of
 * the two replaced), a fixed key size and a fixed space for formatted
 * pieces per entry; what does not fit is not kept (and is computed per
 * message, as without the cache). The set is chosen by hash.h's function;
 * a hit compares the whole key, so a collision costs a miss, never a wrong
 * result.
 *
 * Owns: the entries. May call: hash.h, dissectors (the memo types).
 */
#ifndef BGPCAP_ACACHE_H
#define BGPCAP_ACACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bgp.h"

#define ACACHE_PIECES 4          /* formatted pieces per entry */

struct acache;
struct acache_ent;

struct acache_stats {
	uint64_t lookups, hits, stores, evictions;
};

/* A cache of 2^log2 entries (at least 2), fmt_cap bytes of formatted
 * pieces per entry (0: none, e.g. -q); NULL when out of memory. */
struct acache *acache_new(unsigned log2, size_t fmt_cap);
void acache_free(struct acache *c);
/* What bgp_decode_memo takes: lookups and stores go to c. */
struct bgp_memo_ops *acache_ops(struct acache *c);
/* The entry of the last lookup that hit or the last store; NULL when the
 * last UPDATE's block was not kept. Valid until the next lookup. */
struct acache_ent *acache_current(struct acache *c);
/* Forget the current entry (the next message is not an UPDATE). */
void acache_clear_current(struct acache *c);
/* A formatted piece of entry e (bytes and the caller's tag byte): false
 * when not stored. */
bool acache_piece(const struct acache_ent *e, unsigned piece, uint8_t *tag, const char **p,
    size_t *n);
/* Store a piece (once; false when it does not fit or is already there). */
bool acache_put_piece(struct acache_ent *e, unsigned piece, uint8_t tag, const char *p,
    size_t n);
void acache_get_stats(const struct acache *c, struct acache_stats *st);
/* The number of entries in use (never more than the 2^log2 asked for). */
size_t acache_used(const struct acache *c);

#endif
