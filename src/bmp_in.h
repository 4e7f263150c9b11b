/*
 * bmp_in.h - BMP streams (RFC 7854) as input: the flow layer frames a BMP
 * connection's bytes into BMP messages (flow.h, f->bmp); each goes here,
 * is decoded by dissectors/bmp.c and handed up twice:
 *   - record(): the BMP message itself, for a `BMP` line / object;
 *   - message(): each BGP message inside (Route Monitoring's UPDATE, Peer
 *     Up's sent and received OPEN, Peer Down's NOTIFICATION, Route
 *     Mirroring's BGP messages) on a synthetic flow per monitored session:
 *     peer type, RD and the two addresses (the router's local one from Peer
 *     Up, else its BMP address; the peer's). Both ends of a session may
 *     report it (a route server's Adj-RIB-In, the NVA's Adj-RIB-Out): one
 *     flow, with the BMP connections that report it. Adj-RIB-In messages
 *     are sent by the peer, Adj-RIB-Out (O flag, RFC 8671) and Loc-RIB
 *     (RFC 9069) messages by the router; the direction follows the sender.
 * A Peer Down ends the synthetic flow (after its NOTIFICATION, if any); a
 * Peer Down of a session not seen is its BMP record only.
 *
 * Owns: the synthetic flows (at most BMP_IN_MAX_FLOWS). May call:
 * dissectors (bmp), pkt, flow.h (the struct only).
 */
#ifndef BGPCAP_BMP_IN_H
#define BGPCAP_BMP_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bgp.h"
#include "bmp.h"
#include "flow.h"
#include "pkt.h"

#define BMP_IN_MAX_FLOWS 65536

/* What the BMP message around a BGP message says. */
struct bmp_info {
	uint8_t msg_type;        /* enum bmp_type carrying the message */
	struct bmp_peer peer;    /* its per-peer header */
	uint64_t bmp_flow;       /* the BMP connection's flow id */
	bool as4;                /* AS_PATH is 4 octets (the A flag is clear) */
	/* the message is what went over the monitored session (pre-policy
	 * Adj-RIB-In, post-policy Adj-RIB-Out, Peer Up's OPENs, Peer Down's
	 * NOTIFICATION): the reporter checks it; other views (post-policy
	 * Adj-RIB-In, pre-policy Adj-RIB-Out, Loc-RIB, mirrored messages) are
	 * printed only */
	bool on_wire;
};

struct bmp_in_cb {
	void *arg;
	/* one BGP message of a monitored peer (borrowed). *ctx belongs to the
	 * flow: the callee fills it (the negotiated context, as4 from bi) and
	 * may keep pointing at it while the flow lives */
	void (*message)(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
	    const uint8_t *msg, size_t len, struct bgp_ctx *ctx, const struct bmp_info *bi);
	/* the BMP message (rc: bmp_parse's result, e its error when -1) */
	void (*record)(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
	    const struct bmp_msg *m, int rc, const struct bmp_err *e);
	/* a new monitored flow (the reporter learns of it from its messages) */
	void (*flow_new)(void *arg, struct flow *f, const struct pkt_info *pi);
	/* Peer Up: the session is Established (after its two OPENs) */
	void (*peer_up)(void *arg, struct flow *f, const struct pkt_info *pi);
	/* the monitored session went down (Peer Down; reason as in RFC 7854),
	 * before flow_end; side: 0 the router closed it, 1 the peer */
	void (*peer_down)(void *arg, struct flow *f, int side, const struct pkt_info *pi,
	    unsigned reason);
	void (*flow_end)(void *arg, struct flow *f);
	/* a flow id from the same sequence as the TCP flows' */
	uint64_t (*new_id)(void *arg);
};

struct bmp_in;

struct bmp_in *bmp_in_new(const struct bmp_in_cb *cb);
/* One framed BMP message of connection f, direction dir; none with b NULL
 * (a run that holds the routes of captured sessions only: --diff's file). */
void bmp_in_message(struct bmp_in *b, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len);
/* Bytes of connection f that were not decoded (a gap, a resync, a limit):
 * every monitored flow it carries is marked cut with the reason, so a
 * check resting on it is inconclusive. */
void bmp_in_skip(struct bmp_in *b, const struct flow *f, uint64_t nbytes, const char *reason);
/* Connection f ends: its monitored flows end. */
void bmp_in_flow_end(struct bmp_in *b, const struct flow *f);
/* End every monitored flow (end of input) and free. NULL is fine. */
void bmp_in_free(struct bmp_in *b);

#endif
