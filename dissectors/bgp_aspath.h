/*
 * bgp_aspath.h - AS paths (RFC 4271 4.3, RFC 6793): segments walked over
 * the attribute's bytes, checked, and the RFC 6793 merge of AS_PATH and
 * AS4_PATH as a walk that yields segments, never a string.
 * Depends on cursor.h and bgp_err.h only.
 */
#ifndef BGPCAP_BGP_ASPATH_H
#define BGPCAP_BGP_ASPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cursor.h"
#include "bgp_err.h"

/* AS path segment types (RFC 4271 4.3, RFC 5065 3) */
enum {
	AS_SET = 1, AS_SEQUENCE = 2, AS_CONFED_SEQUENCE = 3, AS_CONFED_SET = 4,
};

#define AS_TRANS 23456   /* RFC 6793: the 2-octet stand-in for a 4-octet AS */

struct bgp_aspath_iter {
	struct cur c;
	uint8_t asn_len;         /* 2 or 4 */
};

struct bgp_aspath_seg {
	uint8_t type;
	uint8_t count;           /* ASNs in asns */
	uint8_t asn_len;         /* 2 or 4 */
	struct cur asns;         /* count * asn_len bytes */
};

void bgp_aspath_iter_init(struct bgp_aspath_iter *it, const struct cur *val, unsigned asn_len);
/* 1: *s filled; 0: done; -1: malformed (error added, iteration ends). */
int bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *s, struct bgp_errs *errs);
/* The next ASN of a segment (advances s->asns); false when none is left. */
bool bgp_aspath_asn(struct bgp_aspath_seg *s, uint32_t *as);
/* Validate a whole AS path value; returns the number of segments, or -1 if
 * malformed. *hops: the ASes counted as RFC 4271 9.1.2.2 says (a set
 * counts 1, confederation segments 0). */
int bgp_aspath_check(const struct cur *val, unsigned asn_len, struct bgp_errs *errs,
    size_t *hops);
/* Does a well-formed AS path contain AS 0 (RFC 7607)? */
bool bgp_aspath_has_as0(const struct cur *val, unsigned asn_len);

/*
 * The effective AS path (RFC 6793 4.2.3). On a 4-octet session, or
 * without AS4_PATH, it is AS_PATH itself. On a 2-octet session with an
 * AS4_PATH: the leading N(AS_PATH) - N(AS4_PATH) ASes of AS_PATH (counted
 * as RFC 4271 9.1.2.2; confederation segments are left out, a set is kept
 * whole), then every segment of AS4_PATH. An AS4_PATH longer than
 * AS_PATH, or either one malformed, is ignored: AS_PATH alone.
 */
struct bgp_aspath_walk {
	struct bgp_aspath_iter it;   /* the path being walked */
	struct cur as4;              /* AS4_PATH to walk next (empty: none) */
	bool merging;                /* `it` is AS_PATH cut to `keep` ASes */
	size_t keep;                 /* ASes of AS_PATH still to yield */
};

/* as4_path NULL: no AS4_PATH. as4_session: ASNs of AS_PATH are 4 octets. */
void bgp_aspath_walk_init(struct bgp_aspath_walk *w, const struct cur *as_path,
    const struct cur *as4_path, bool as4_session);
/* 1: *s filled (read its ASNs with bgp_aspath_asn); 0: done; -1: malformed. */
int bgp_aspath_walk_next(struct bgp_aspath_walk *w, struct bgp_aspath_seg *s,
    struct bgp_errs *errs);

#endif
