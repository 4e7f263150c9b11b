/*
 * ipfrag.h - IPv4 and IPv6 fragment reassembly, bounded.
 *
 * A datagram is keyed by (family, source, destination, identification,
 * protocol). Fragments are stored as captured; a fragment cut by the
 * snaplen keeps its wire length, so the datagram can still be delivered
 * as a prefix when it expires. Overlap policy, as Linux and RFC 5722: an
 * exact duplicate (same offset, length and content) is ignored; any other
 * overlap drops the whole datagram, and says so.
 *
 * Bounds: IPFRAG_MAX_DGRAMS datagrams in flight (the oldest is dropped,
 * reported, to make room), IPFRAG_MAX_FRAGS fragments per datagram,
 * 65535 bytes per datagram, IPFRAG_MAX_BYTES held in all. A datagram not
 * completed within IPFRAG_TIMEOUT4/6 seconds of capture time expires.
 */
#ifndef BGPCAP_IPFRAG_H
#define BGPCAP_IPFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pkt.h"

#define IPFRAG_MAX_DGRAMS 256
#define IPFRAG_MAX_FRAGS 64
#define IPFRAG_MAX_LEN 65535
#define IPFRAG_MAX_BYTES (4u * 1024 * 1024)
#define IPFRAG_TIMEOUT4 30.0    /* Linux ipfrag_time */
#define IPFRAG_TIMEOUT6 60.0    /* RFC 8200 */

struct ipfrag_key {
	uint8_t af;              /* AF_INET or AF_INET6 */
	uint8_t proto;           /* IPv4 protocol, IPv6 next header after the fragment header */
	uint32_t id;
	uint8_t src[16], dst[16];
};

enum ipfrag_res {
	IPFRAG_HELD,             /* kept, datagram not complete yet */
	IPFRAG_DONE,             /* complete: *out, *outlen hold the payload */
	IPFRAG_DUP,              /* an exact duplicate, ignored */
	IPFRAG_DROPPED,          /* the datagram was dropped: why says so */
};

/* What an expired or dropped-at-the-end datagram left: the contiguous
 * captured bytes from offset 0 (plen may be 0) and the datagram's wire
 * length as far as known (wlen, with `complete_len` true when the last
 * fragment was seen). pi is the first-offset fragment's packet info. */
struct ipfrag_left {
	const struct ipfrag_key *key;
	const struct pkt_info *pi;
	const uint8_t *prefix;
	size_t plen, wlen;
	bool complete_len;
	unsigned nfrags;
	const char *why;
};

struct ipfrag;

struct ipfrag *ipfrag_new(void);
void ipfrag_free(struct ipfrag *t);
size_t ipfrag_count(const struct ipfrag *t);

/*
 * Add one fragment: `off` its offset in bytes, `more` the MF/M flag,
 * `data` its captured payload (caplen bytes of wlen on the wire).
 * Datagrams that expire meanwhile, or are pushed out when the table is
 * full, go to fn first. On IPFRAG_DONE, out and outlen give the whole
 * payload, valid until the next call. On IPFRAG_DROPPED `why` says what
 * happened (one sentence).
 */
typedef void (*ipfrag_left_fn)(void *arg, const struct ipfrag_left *l);

enum ipfrag_res ipfrag_add(struct ipfrag *t, const struct ipfrag_key *k,
    const struct pkt_info *pi, uint32_t off, bool more, const uint8_t *data,
    size_t caplen, size_t wlen, const uint8_t **out, size_t *outlen,
    char *why, size_t whylen, ipfrag_left_fn fn, void *arg);

/* Datagrams older than their timeout at capture time `now` (all of them
 * when now < 0) are handed to fn, then freed. */
void ipfrag_expire(struct ipfrag *t, double now, ipfrag_left_fn fn, void *arg);

#endif
