/*
 * mrt.h - MRT records (RFC 6396; ADD-PATH subtypes RFC 8050), decoded
 * from hostile bytes: no I/O, no allocation, no global state. The reader
 * in src/ (mrt_in.c) frames records with mrt_hdr_parse and hands each body
 * here; BGP messages found inside go to bgp_decode like any other.
 *
 * Every parse returns 1 (decoded), 0 (a type or subtype not decoded: the
 * error says which) or -1 (malformed: the error says what, and at which
 * byte offset of the record body).
 */
#ifndef BGPCAP_MRT_H
#define BGPCAP_MRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cursor.h"

#define MRT_HDR_LEN 12
/* bodies larger than this are refused (the reader's buffer bound) */
#define MRT_MAX_BODY (16u * 1024 * 1024)

enum mrt_type {
	MRT_TABLE_DUMP = 12, MRT_TABLE_DUMP_V2 = 13, MRT_BGP4MP = 16, MRT_BGP4MP_ET = 17,
};

enum mrt_bgp4mp_sub {
	MRT_STATE_CHANGE = 0, MRT_MESSAGE = 1, MRT_MESSAGE_AS4 = 4, MRT_STATE_CHANGE_AS4 = 5,
	MRT_MESSAGE_LOCAL = 6, MRT_MESSAGE_AS4_LOCAL = 7, MRT_MESSAGE_ADDPATH = 8,
	MRT_MESSAGE_AS4_ADDPATH = 9, MRT_MESSAGE_LOCAL_ADDPATH = 10,
	MRT_MESSAGE_AS4_LOCAL_ADDPATH = 11,
};

enum mrt_td2_sub {
	MRT_PEER_INDEX_TABLE = 1, MRT_RIB_IPV4_UNICAST = 2, MRT_RIB_IPV4_MULTICAST = 3,
	MRT_RIB_IPV6_UNICAST = 4, MRT_RIB_IPV6_MULTICAST = 5, MRT_RIB_GENERIC = 6,
	MRT_RIB_IPV4_UNICAST_ADDPATH = 8, MRT_RIB_IPV4_MULTICAST_ADDPATH = 9,
	MRT_RIB_IPV6_UNICAST_ADDPATH = 10, MRT_RIB_IPV6_MULTICAST_ADDPATH = 11,
	MRT_RIB_GENERIC_ADDPATH = 12,
};

struct mrt_err {
	const char *what;        /* static text */
	uint32_t off;            /* byte offset in the record body */
};

struct mrt_addr {
	uint8_t family;          /* 4 or 6 */
	uint8_t a[16];
};

/* The common header (and, for BGP4MP_ET, the microseconds field). */
struct mrt_hdr {
	uint32_t ts;
	uint32_t usec;           /* BGP4MP_ET only, else 0 */
	uint16_t type, subtype;
	uint32_t len;            /* length field: bytes after the 12-byte header */
};

/* Parse the 12-byte header at p. false when n < 12. */
bool mrt_hdr_parse(const uint8_t *p, size_t n, struct mrt_hdr *h);
/* A type this decoder knows (used to recognise MRT by content). */
bool mrt_type_known(uint16_t type);
const char *mrt_type_name(unsigned type);
const char *mrt_subtype_name(unsigned type, unsigned subtype);
/*
 * The body proper: for BGP4MP_ET reads the microseconds into h->usec and
 * leaves *body after them. -1 if the field is missing or out of range.
 */
int mrt_body_start(struct mrt_hdr *h, struct cur *body, struct mrt_err *e);

/* ---------------------------------------------------------------- BGP4MP */

struct mrt_bgp4mp {
	uint16_t subtype;
	uint32_t peer_as, local_as;
	uint16_t ifindex;
	struct mrt_addr peer, local;
	bool as4;                /* AS numbers, and the message's AS_PATH, 4 octets */
	bool addpath;            /* NLRI carry path identifiers (RFC 8050) */
	bool from_local;         /* _LOCAL subtypes: sent by the local side */
	bool state;              /* STATE_CHANGE: old/new below, no message */
	uint16_t old_state, new_state;
	const uint8_t *msg;      /* the BGP message, marker included */
	size_t msglen;
};

int mrt_bgp4mp_parse(uint16_t subtype, struct cur *body, struct mrt_bgp4mp *m,
    struct mrt_err *e);
/*
 * Write one BGP4MP (h->type 16) or BGP4MP_ET (17, with h->usec) record of
 * subtype h->subtype: m's ASes (4 octets when m->as4, else 2 with AS_TRANS
 * for a larger one), addresses, and the states (m->state) or the message.
 * Returns the record's length, or 0 when it does not fit in cap (nothing
 * is written past cap) or the two addresses differ in family.
 */
size_t mrt_bgp4mp_encode(const struct mrt_hdr *h, const struct mrt_bgp4mp *m, uint8_t *buf,
    size_t cap);
const char *mrt_state_name(unsigned state);

/* ---------------------------------------------------------------- TABLE_DUMP_V2 */

struct mrt_peer_index {
	uint32_t collector_id;
	struct cur view;         /* view name bytes (not NUL-terminated) */
	uint16_t count;
	struct cur peers;        /* the peer entries, walked with mrt_peer_next */
};

struct mrt_peer {
	uint32_t bgp_id;
	struct mrt_addr addr;
	uint32_t as;
};

int mrt_peer_index_parse(struct cur *body, struct mrt_peer_index *pi, struct mrt_err *e);
/* 1: *p filled; 0: done; -1: malformed. */
int mrt_peer_next(struct cur *peers, struct mrt_peer *p, struct mrt_err *e);

/* A RIB record (TABLE_DUMP_V2 RIB_*, or a TABLE_DUMP v1 record as one entry). */
struct mrt_rib {
	uint16_t subtype;
	uint32_t seq;
	uint16_t afi;
	uint8_t safi;
	bool addpath;            /* entries carry a path identifier */
	bool as4;                /* AS_PATH of the entries: 4 octets (TD2) or 2 (TD1) */
	bool generic;            /* RIB_GENERIC: the prefix is `nlri`, else plen/addr */
	struct cur nlri;         /* RIB_GENERIC: one NLRI, MP_REACH encoding */
	uint8_t plen;
	uint8_t addr[16];
	uint16_t count;
	uint16_t seen;           /* entries walked so far */
	struct cur entries;      /* walked with mrt_rib_next */
	/* TABLE_DUMP v1: the single entry's peer */
	bool v1;
	struct mrt_addr v1_peer;
	uint32_t v1_peer_as;
	uint8_t v1_status;
};

struct mrt_rib_entry {
	uint16_t peer_index;
	uint32_t originated;
	bool has_pathid;
	uint32_t pathid;
	struct cur attrs;
	uint32_t off;            /* offset of the entry in the body */
};

int mrt_rib_parse(uint16_t subtype, struct cur *body, struct mrt_rib *r, struct mrt_err *e);
/* TABLE_DUMP v1 (subtype = AFI): the record, and its one entry in *ent. */
int mrt_td1_parse(uint16_t subtype, struct cur *body, struct mrt_rib *r,
    struct mrt_rib_entry *ent, struct mrt_err *e);
/* 1: *ent filled; 0: done (count reached, no bytes left); -1: malformed. */
int mrt_rib_next(struct mrt_rib *r, struct mrt_rib_entry *ent, struct mrt_err *e);

/*
 * A RIB entry as the UPDATE that would have announced it: the entry's
 * attributes, the abbreviated MP_REACH_NLRI of RFC 6396 4.3.4 made whole
 * again with the record's AFI/SAFI and prefix (an IPv4 unicast prefix goes
 * in the NLRI field), the path id in front of the prefix for ADD-PATH
 * records. Written into buf (at most cap bytes); returns the message
 * length or 0 with *e set (too long for a BGP message, bad attribute list).
 */
size_t mrt_rib_update(const struct mrt_rib *r, const struct mrt_rib_entry *ent,
    uint8_t *buf, size_t cap, struct mrt_err *e);

#endif
