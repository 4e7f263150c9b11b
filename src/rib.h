/*
 * rib.h - the routes each side holds (issue 11): --rib, --at, --history,
 * --diff.
 *
 * Per session (one TCP connection) and direction (sender -> receiver) and
 * AFI/SAFI, the routes the receiver holds from the sender, built from the
 * decoded UPDATEs as a receiver would: IPv4 NLRI and withdrawn routes,
 * MP_REACH / MP_UNREACH, ADD-PATH path ids where negotiated (the message's
 * context says), RFC 7606 (treat-as-withdraw: the message's routes are
 * not held and are listed apart; AFI/SAFI disable: the family is emptied;
 * session reset: the session's routes are dropped). A session goes down
 * (and holds nothing) at a NOTIFICATION either way, a FIN or RST, and at
 * the end of the capture when a side was silent longer than the
 * negotiated hold time (as the reporter sees it); a new connection starts
 * empty. End-of-RIB is recorded per family.
 *
 * Built for a full table (1.2 million routes): an attribute block is kept
 * once (interned: one copy per distinct block and next hop, refcounted,
 * its decoded and formatted view made once), a route is a 32-byte record
 * in a dense array per family, found through an open-addressing index of
 * 8-byte slots keyed by (prefix, length, path id) with hash.h's keyed hash.
 *
 * Owns: everything it stores. May call: dissectors, session, pkt, hash,
 * obuf, jw (it prints through the run's output buffer).
 */
#ifndef BGPCAP_RIB_H
#define BGPCAP_RIB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include "pkt.h"

#define RIB_MAX_HISTORY 16       /* --history prefixes */

struct msg_view;
struct flow;
struct sess;
struct obuf;

/* What the command line asks of the store. */
struct rib_opts {
	bool rib;                /* --rib: print the held routes */
	bool have_at;            /* --at given */
	bool at_rel;             /* --at in seconds from the first packet */
	struct timeval at;       /* absolute, or relative when at_rel */
	int n_history;
	struct {
		uint8_t af;      /* 4 or 6 */
		uint8_t plen;
		uint8_t addr[16];
	} history[RIB_MAX_HISTORY];
	const char *diff;        /* --diff FILE: compare with this capture */
	bool json;               /* output format (the run's) */
};

struct rib;

/* Is the store needed at all (one of --rib, --at, --history, --diff)? */
bool rib_wanted(const struct rib_opts *o);
struct rib *rib_new(const struct rib_opts *o);
void rib_free(struct rib *r);

/* Parse --at's argument (RFC 3339 or seconds from the first packet). */
bool rib_parse_at(struct rib_opts *o, const char *s);
/* Parse one --history PREFIX (address/length; an address alone is a host). */
bool rib_parse_prefix(struct rib_opts *o, const char *s);

/* The capture's clock (every frame, file order): --at's origin. */
void rib_frame(struct rib *r, const struct timeval *ts);
/* A decoded message, as early as can be: work that rib_message will use
 * (optional; see rib.c). */
void rib_peek(struct rib *r, const struct msg_view *v);
/* One decoded message (any type). */
void rib_message(struct rib *r, struct sess *s, const struct msg_view *v);
/* The connection ended at ts: FIN or RST seen. */
void rib_down(struct rib *r, struct sess *s, const struct timeval *ts, const char *why);
/* The flow is freed (its struct sess goes): the routes stay. */
void rib_flow_end(struct rib *r, struct sess *s);

/* End of the input: hold expiry at the capture's end (or --at). */
void rib_finish(struct rib *r);
/* Print the held routes (--rib) and the histories (--history). */
void rib_print(struct rib *r, struct obuf *ob);

/* Print the differences of a (this run) to b (--diff): 0 same, 1 different. */
int rib_diff(struct rib *a, struct rib *b, struct obuf *ob, const char *name_a,
    const char *name_b);

/* Counters for the tests and the benchmark. */
struct rib_stats {
	uint64_t routes;         /* held now */
	uint64_t attrs;          /* distinct attribute blocks held */
	uint64_t bytes;          /* memory the store holds */
	uint64_t not_stored;     /* NLRI of families not kept (RD, opaque) */
};
void rib_get_stats(struct rib *r, struct rib_stats *st);

#endif
