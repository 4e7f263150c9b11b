/*
 * session.h - per-connection BGP facts: the OPENs each side sent, what
 * they negotiate for each direction, and inference when the OPENs were
 * not captured.
 */
#ifndef BGPCAP_SESSION_H
#define BGPCAP_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include "bgp.h"
#include "flow.h"
#include "infer.h"

/* The OPEN of one side, copied out of the message (no pointers into it). */
struct sess_open {
	bool seen;
	struct timeval ts;
	uint32_t asn;            /* effective (4-octet when advertised) */
	uint16_t my_as;
	uint16_t hold_time;
	uint32_t bgp_id;
	bool as4, ext_msg, route_refresh, enhanced_rr, graceful_restart;
	struct bgp_gr gr;
	uint8_t n_mp;
	struct bgp_afsafi mp[BGP_CTX_MAX_AFS];
	uint8_t n_enh;
	struct bgp_afsafi enh[BGP_CTX_MAX_AFS];
	uint8_t n_addpath;
	struct { uint16_t afi; uint8_t safi, sr; } addpath[BGP_CTX_MAX_AFS];
};

struct sess {
	struct sess_open open[2];
	struct bgp_ctx ctx[2];   /* for messages sent in direction d */
	bool ctx_known[2];       /* both OPENs seen */
	struct infer_dir inf[2];  /* inference when the OPENs are missing */
	const struct bgp_ctx *forced; /* a CLI-supplied context, or NULL */
	/* counters for --stats, per direction */
	uint64_t by_type[2][6];       /* [0] = unknown types */
	uint64_t errors[2];
	uint64_t inferred[2];
	char encap[PKT_ENCAP_LEN];    /* how the flow's first packet arrived */
	bool mrt_up;                  /* --write-mrt: Established was written */
	struct rib_sess *rib;         /* --rib: this connection's routes (rib.c) */
};

struct rib_sess;

struct sess *sess_get(struct flow *f);
void sess_free(struct flow *f);
/* Record an OPEN sent in direction dir; recompute the contexts. */
void sess_open(struct sess *s, struct flow *f, int dir, const struct bgp_open *o,
    const struct timeval *ts);
/*
 * The context to decode a message of direction dir with. For an UPDATE
 * with unknown context this scores every reading (infer.h) and records the
 * result in s->inf[dir]; `raw`/`len` is the message.
 */
const struct bgp_ctx *sess_ctx(struct sess *s, int dir, const uint8_t *raw, size_t len,
    unsigned type);

#endif
