/*
 * mrt_in.h - MRT files (RFC 6396) as input: recognised by content (plain,
 * gzip, bzip2), read record by record, each record decoded by
 * dissectors/mrt.c. BGP messages go up on a synthetic flow per peer and
 * local address pair (BGP4MP) or per peer of the PEER_INDEX_TABLE (a RIB
 * entry, as the UPDATE that announced it), with the context the record's
 * subtype fixes (4-octet AS, ADD-PATH).
 *
 * Owns: the file, the decompressor, the record buffer, the synthetic flows
 * (at most MRT_IN_MAX_FLOWS). May call: dissectors (mrt, bgp), pkt, input
 * (the file, a pipe too), zread (zlib, libbz2). Hands everything up through callbacks.
 */
#ifndef BGPCAP_MRT_IN_H
#define BGPCAP_MRT_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bgp.h"
#include "flow.h"
#include "pkt.h"

#define MRT_IN_MAX_FLOWS 65536

/* What a message's MRT record says besides the message. */
struct mrt_info {
	uint16_t type, subtype;
	uint32_t peer_as, local_as;
	bool rib;                /* a RIB entry, not a message on the wire */
	uint32_t originated;     /* RIB: originated time */
	uint32_t seq;            /* RIB: the record's sequence number */
};

struct mrt_in_cb {
	void *arg;
	/* one BGP message (borrowed); ctx is what the record's subtype fixes */
	void (*message)(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
	    const uint8_t *msg, size_t len, const struct bgp_ctx *ctx,
	    const struct mrt_info *mi);
	/* a new synthetic flow (before its first message) */
	void (*flow_new)(void *arg, struct flow *f, const struct pkt_info *pi);
	/* a record that is not a message: state change, error (one sentence) */
	void (*note)(void *arg, const struct pkt_info *pi, const char *what);
	/* a flow ends (Established left, end of file); freed after the call */
	void (*flow_end)(void *arg, struct flow *f);
};

struct mrt_in_stats {
	uint64_t records, messages, rib_entries, errors;
	uint64_t file_size, file_pos; /* compressed bytes, for progress */
};

struct mrt_in;

struct input;

/* 1: the file is MRT (plain, gzip or bzip2); 0: it is not (let libpcap
 * read it); -1: error in err (unreadable, compressed but not MRT). The
 * file is read from in (input.h: a pipe too), or opened by path when in
 * is NULL; both read it from its start again. */
int mrt_in_sniff(struct input *in, const char *path, char *err, size_t errlen);
struct mrt_in *mrt_in_open(struct input *in, const char *path, char *err, size_t errlen);
/* Read to the end or mrt_in_break(). 0, or -1 with err (a read error);
 * a truncated last record is a warning in err with 0. */
int mrt_in_run(struct mrt_in *m, const struct mrt_in_cb *cb, char *err, size_t errlen);
void mrt_in_break(struct mrt_in *m);
void mrt_in_stats(const struct mrt_in *m, struct mrt_in_stats *st);
void mrt_in_close(struct mrt_in *m);

#endif
