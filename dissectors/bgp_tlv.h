/*
 * bgp_tlv.h - TLVs described by tables: the one walker for the TLV-shaped
 * attributes and NLRI (Tunnel Encapsulation and SR Policy, Prefix-SID,
 * AIGP, BGP-LS). A TLV table names its codes, says how its headers are
 * laid out, and gives each code a field layout: a short list of typed,
 * named fields that is both the length rule (checked exactly) and the
 * description (written through the emitter). A layout may end in a
 * nested TLV list (the row's `sub` table): nesting follows the static
 * tables and is bounded by TLV_MAX_DEPTH.
 * Private to dissectors/. Calls: cursor, bgp_err, sbuf, bgp_fmt (text).
 */
#ifndef BGPCAP_BGP_TLV_H
#define BGPCAP_BGP_TLV_H

#include <stdbool.h>
#include <stdint.h>
#include "cursor.h"
#include "bgp_err.h"
#include "emit.h"
#include "sbuf.h"

#define TLV_MAX_DEPTH 4

/* Field kinds: fixed sizes unless said "rest" (the remaining bytes). */
enum fld_kind {
	FK_END = 0,
	FK_U8, FK_U16, FK_U24, FK_U32, FK_U64,   /* numbers */
	FK_SKIP,          /* n reserved bytes, not shown */
	FK_IPV4, FK_IPV6, FK_MAC, FK_RD,         /* addresses, route distinguisher */
	FK_FLOAT,         /* IEEE 754 single precision (bandwidth, bytes/s) */
	FK_LSE,           /* 4-byte MPLS label stack entry: label, tc, s, ttl */
	FK_LABEL,         /* 3 bytes: a 20-bit label in the high bits */
	FK_EXTCOMM,       /* 8-byte extended community (as text) */
	FK_SYSID,         /* 6-byte IS-IS system id, as 0000.0000.0001 */
	FK_OPT,           /* the fields up to the next FK_OPT or the end may be absent */
	FK_ADDR,          /* rest: an IPv4 (4) or IPv6 (16) address */
	FK_SID,           /* rest: none, an MPLS label (4: LSE) or an SRv6 SID (16) */
	FK_SIDLABEL,      /* rest: a 3-byte label or a 4-byte SID index */
	FK_UINT,          /* rest: 1 to 8 bytes, one unsigned number */
	FK_TEXT,          /* rest: text from the wire (escaped) */
	FK_HEX,           /* rest: hex */
	FK_U32S,          /* rest: a list of 4-byte numbers */
	FK_IPV4S,         /* rest: a list of IPv4 addresses */
	FK_FLOATS,        /* rest: a list of floats */
	FK_LSES,          /* rest: a list of MPLS label stack entries (their labels) */
	FK_SRGBS,         /* rest: a list of SRGBs, 3-byte base and 3-byte range */
	FK_U8S, FK_U16S,  /* rest: a list of 1- or 2-byte numbers */
	FK_PFX4, FK_PFX6, /* rest: a length in bits (1 byte) and that prefix */
	FK_IGPRID,        /* rest: IGP router id: IPv4 (4), IS-IS system id (6),
	                   * pseudonode (7), OSPF DR router id + interface (8) */
	FK_SRRANGES,      /* rest: SR ranges: range (3), SID/label TLV 1161 (RFC 9085) */
	FK_SUB,           /* rest: TLVs of the row's sub table */
};

struct fld {
	uint8_t kind;
	uint8_t n;               /* FK_SKIP: bytes */
	const char *key;
};

struct tlv_tab;

struct tlv_def {
	uint16_t code;
	const char *name;
	const struct fld *f;     /* NULL: the value is shown as hex */
	const struct tlv_tab *sub;
	/* the layout chosen by the parent TLV's code (RFC 9012 encapsulation
	 * sub-TLV), or NULL: use f */
	const struct fld *(*pick)(uint16_t parent);
};

/* How a TLV header is laid out. */
enum tlv_hdr {
	TLV_T1L1,                /* type 1, length 1 */
	TLV_T1L2,                /* type 1, length 2 */
	TLV_T2L2,                /* type 2, length 2 */
	TLV_T1L12,               /* RFC 9012 sub-TLV: length 1 for types < 128, else 2 */
	TLV_T1L2_INCL,           /* type 1, length 2 counting the 3-byte header (AIGP) */
};

struct tlv_tab {
	const char *what;        /* "Tunnel Encapsulation sub-TLV": errors name it */
	uint8_t hdr;             /* enum tlv_hdr */
	const struct tlv_def *rows;
	unsigned n;
	const struct tlv_def *other; /* row for codes not in the table, or NULL */
};

/* What a walk reports errors as. */
struct tlv_ctx {
	struct bgp_errs *errs;   /* NULL: only the result is wanted */
	uint8_t code, subcode, treat;
	const char *attr;        /* "TUNNEL_ENCAPSULATION": first word of errors */
	/* set by a failing walk, also without errs: what failed (a literal),
	 * the TLV's name or NULL, and the message offset */
	const char *why, *what;
	size_t off;
};

const struct tlv_def *tlv_find(const struct tlv_tab *t, uint16_t code);
/* Does the value v fit layout f (exactly)? *why: what a rest field needs, or NULL. */
bool fld_ok(const struct fld *f, const struct cur *v, const char **why);
/*
 * Walk the TLV list in v against table t: every header, every length
 * against its row's layout, nested lists. False at the first error (added
 * to tc->errs with its offset); the walk always advances or stops.
 */
bool tlv_check(const struct tlv_tab *t, const struct cur *v, uint16_t parent,
    struct tlv_ctx *tc, unsigned depth);
/* Emit the list as an array of objects {type, code, fields...}. */
void tlv_emit(const struct tlv_tab *t, const struct cur *v, uint16_t parent,
    struct emit *e, struct sbuf *tmp, unsigned depth);
/*
 * The same list, flat, inside an open object: each TLV's fields under
 * their own keys; a row whose layout is a lone FK_SUB opens an object
 * under its key; an unknown TLV as "unknown": "CODE:HEX".
 */
void tlv_emit_flat(const struct tlv_tab *t, const struct cur *v, uint16_t parent,
    struct emit *e, struct sbuf *tmp, unsigned depth);
/* Emit the fields of layout f read from v (inside an open object). */
void fld_emit(const struct fld *f, struct cur *v, const struct tlv_def *row,
    struct emit *e, struct sbuf *tmp, unsigned depth);

#endif
