/*
 * bmp.h - BGP Monitoring Protocol messages (RFC 7854; Adj-RIB-Out RFC
 * 8671; Loc-RIB RFC 9069), decoded from hostile bytes: no I/O, no
 * allocation, no global state. The framer in src/ (flow_frame.c) cuts a
 * BMP stream into messages with bmp_hdr_check; bmp_parse decodes one. The
 * BGP messages inside (Route Monitoring, Peer Up's OPENs, Peer Down's
 * NOTIFICATION, Route Mirroring) are handed out as bytes for bgp_decode.
 *
 * bmp_parse returns 1 (decoded), 0 (a message type this decoder does not
 * know: header only) or -1 (malformed: the error says what, and at which
 * byte offset of the BMP message).
 */
#ifndef BGPCAP_BMP_H
#define BGPCAP_BMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cursor.h"

#define BMP_VERSION      3
#define BMP_HDR_LEN      6       /* version, length (4), type */
#define BMP_PEER_HDR_LEN 42
/* framing bound out of sync: one BGP message (<= 65535) and what wraps it;
 * a Peer Up holds two OPENs (<= 4096 each unless extended, RFC 8654) */
#define BMP_MAX_SANE     (3u * 65536)

enum bmp_type {
	BMP_ROUTE_MONITORING = 0, BMP_STATS = 1, BMP_PEER_DOWN = 2, BMP_PEER_UP = 3,
	BMP_INITIATION = 4, BMP_TERMINATION = 5, BMP_ROUTE_MIRRORING = 6,
	BMP_TYPE_MAX = BMP_ROUTE_MIRRORING,
};

enum bmp_peer_type {
	BMP_PEER_GLOBAL = 0, BMP_PEER_RD = 1, BMP_PEER_LOCAL = 2, BMP_PEER_LOC_RIB = 3,
};

/* per-peer header flags (RFC 7854 4.2, RFC 8671); Loc-RIB: F (RFC 9069) */
#define BMP_F_V 0x80             /* peer address is IPv6 */
#define BMP_F_L 0x40             /* post-policy */
#define BMP_F_A 0x20             /* legacy 2-octet AS_PATH */
#define BMP_F_O 0x10             /* Adj-RIB-Out */
#define BMP_F_F 0x80             /* Loc-RIB: filtered */

struct bmp_err {
	const char *what;        /* static text */
	uint32_t off;            /* byte offset in the BMP message */
};

struct bmp_hdr {
	uint8_t version;
	uint32_t len;            /* the whole message, header included */
	uint8_t type;
};

struct bmp_peer {
	uint8_t type;            /* enum bmp_peer_type */
	uint8_t flags;
	uint8_t rd[8];           /* peer distinguisher */
	bool v6;                 /* V (Loc-RIB: the address is 0, V is F) */
	uint8_t addr[16];        /* IPv4 in the last 4 octets */
	uint32_t as;
	uint32_t bgp_id;
	uint32_t ts_sec, ts_usec;
};

/* A type-length-value (information, stat, mirroring): value via a sub-cursor. */
struct bmp_tlv {
	uint16_t type;
	uint16_t len;
	struct cur val;
	uint32_t off;            /* offset of the TLV in the message */
};

/* One statistics counter or gauge. */
struct bmp_stat {
	struct bmp_tlv t;
	bool ok;                 /* value decoded (its length is the type's) */
	bool afi_safi;           /* per-AFI/SAFI gauge */
	uint16_t afi;
	uint8_t safi;
	bool gauge;              /* 64-bit gauge, else 32-bit counter */
	uint64_t value;
};

struct bmp_msg {
	struct bmp_hdr h;
	bool has_peer;
	struct bmp_peer peer;
	/* Route Monitoring: the UPDATE; Peer Down 1 and 3: the NOTIFICATION */
	const uint8_t *bgp;
	size_t bgplen;
	uint32_t bgp_off;        /* its offset in the BMP message */
	/* Peer Up */
	bool local_v6;
	uint8_t local[16];
	uint16_t local_port, remote_port;
	const uint8_t *sent_open, *rcvd_open;
	size_t sent_len, rcvd_len;
	uint32_t sent_off, rcvd_off;
	/* Peer Down */
	uint8_t reason;
	uint16_t fsm_event;      /* reason 2 */
	/* Statistics Report */
	uint32_t stat_count;
	/* Information TLVs (Peer Up, Initiation, Termination, Peer Down 6),
	 * stat TLVs, Route Mirroring TLVs; Route Monitoring: what follows the
	 * UPDATE (draft-ietf-grow-bmp-tlv) */
	struct cur tlvs;
	/* unknown type: the body */
	struct cur body;
};

/*
 * The common header at p (n bytes available). 1: a version-3 header with
 * a length >= 6 in *h (strict, i.e. out of sync: also a known type and a
 * length from the type's fixed part to BMP_MAX_SANE); 0: not enough bytes
 * yet; -1: not a BMP header (e->what says why: version, length, type).
 */
int bmp_hdr_check(const uint8_t *p, size_t n, bool strict, struct bmp_hdr *h,
    struct bmp_err *e);
/* The smallest length a message of this type can have (its fixed parts). */
uint32_t bmp_min_len(unsigned type);

/* Decode one framed message of len bytes (the header's length). */
int bmp_parse(const uint8_t *p, size_t len, struct bmp_msg *m, struct bmp_err *e);

/* 1: *t is the next TLV; 0: none left; -1: malformed (a TLV past the end). */
int bmp_tlv_next(struct cur *c, struct bmp_tlv *t, struct bmp_err *e);
/* A Statistics Report's next counter: 1, 0 (done), -1. */
int bmp_stat_next(struct cur *c, struct bmp_stat *s, struct bmp_err *e);

const char *bmp_type_name(unsigned type);
const char *bmp_peer_type_name(unsigned type);
const char *bmp_stat_name(unsigned type);
const char *bmp_down_reason_name(unsigned reason);
/* Information TLV names for a message type (Initiation, Termination, Peer Up). */
const char *bmp_info_name(unsigned msg_type, unsigned tlv_type);
const char *bmp_term_reason_name(unsigned reason);
const char *bmp_mirror_info_name(unsigned code);
/* "adj-rib-in" / "adj-rib-out" / "loc-rib" and "pre-policy" / "post-policy" */
const char *bmp_rib_name(const struct bmp_peer *p);
const char *bmp_policy_name(const struct bmp_peer *p);
/* The information TLV's value is text (string, sysDescr, sysName, VRF name). */
bool bmp_info_is_text(unsigned msg_type, unsigned tlv_type);

#endif
