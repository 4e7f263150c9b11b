/*
 * bgp.h - the decoded view of BGP messages.
 *
 * Pure decoding: bytes and a session context in, a view (pointers into the
 * caller's bytes) or precise errors out. Nothing here prints, allocates or
 * keeps global state. Variable-length lists (prefixes, attributes,
 * capabilities, AS path segments) are walked with iterators over the
 * message bytes; nothing is materialised.
 *
 * The parts of dissectors/, each calling only those above it (checked
 * with nm: no link cycle), compiled with dissectors/ alone on the path:
 *   cursor.h        the bounds-checked reader
 *   bgp_err.[ch]    errors as data; NOTIFICATION codes and subcodes
 *   sbuf.[ch]       the bounded string builder; the one UTF-8 validator
 *   bgp_aspath.[ch] AS path segments, checks, the RFC 6793 merge walk
 *   bgp_fmt.[ch]    decoded values as text (nothing decodes there)
 *   bgp_afi.c       AFI/SAFI names, NLRI iterator and check
 *   bgp_attr.c      the path attribute table: per row decode + describe
 *   bgp_update.c    UPDATE: split, walk attributes through the table
 *   bgp_open.c      OPEN and the capability table
 *   bgp_notify.c    NOTIFICATION, ROUTE-REFRESH
 *   bgp_msg.c       the header, the message type table, bgp_decode
 * bgp_describe.h / emit.h: describe functions write through an emitter
 * that src/ implements; this header declares the decoded model only.
 */
#ifndef BGPCAP_BGP_H
#define BGPCAP_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cursor.h"
#include "bgp_err.h"
#include "bgp_aspath.h"

#define BGP_MARKER_LEN   16
#define BGP_HDR_LEN      19
#define BGP_MAX_LEN      4096
#define BGP_EXT_MAX_LEN  65535
#define BGP_OFF_LEN      BGP_MARKER_LEN         /* the length field */
#define BGP_OFF_TYPE     (BGP_MARKER_LEN + 2)   /* the type byte */
#define BGP_VERSION      4

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

/* AFI / SAFI code points (IANA) that are decoded, not only named. */
#define AFI_IPV4        1
#define AFI_IPV6        2
#define SAFI_UNICAST    1
#define SAFI_MULTICAST  2
#define SAFI_LABELED    4
#define SAFI_VPN        128

/* Path attribute type codes. */
enum {
	ATTR_ORIGIN = 1, ATTR_AS_PATH = 2, ATTR_NEXT_HOP = 3, ATTR_MED = 4,
	ATTR_LOCAL_PREF = 5, ATTR_ATOMIC_AGGREGATE = 6, ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8, ATTR_ORIGINATOR_ID = 9, ATTR_CLUSTER_LIST = 10,
	ATTR_MP_REACH = 14, ATTR_MP_UNREACH = 15, ATTR_EXT_COMMUNITIES = 16,
	ATTR_AS4_PATH = 17, ATTR_AS4_AGGREGATOR = 18, ATTR_PMSI_TUNNEL = 22,
	ATTR_TUNNEL_ENCAP = 23, ATTR_IPV6_EXT_COMMUNITIES = 25, ATTR_AIGP = 26,
	ATTR_LARGE_COMMUNITY = 32, ATTR_BGPSEC_PATH = 33, ATTR_OTC = 35,
	ATTR_BGP_LS = 29, ATTR_PREFIX_SID = 40, ATTR_ATTR_SET = 128,
};

/* ORIGIN values (RFC 4271 4.3) */
enum { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };

#define ATTR_F_OPTIONAL   0x80
#define ATTR_F_TRANSITIVE 0x40
#define ATTR_F_PARTIAL    0x20
#define ATTR_F_EXTLEN     0x10
#define ATTR_F_WELL_KNOWN ATTR_F_TRANSITIVE
#define ATTR_F_OPT_TRANS  (ATTR_F_OPTIONAL | ATTR_F_TRANSITIVE)

/*
 * A length rule, for path attributes and capabilities alike: the length is
 * min + k * unit (k >= 0) and at most max; unit 0 means exactly min.
 */
struct bgp_len_rule {
	uint16_t min, unit, max;
};

static inline bool
bgp_len_ok(const struct bgp_len_rule *r, unsigned len)
{
	if (len < r->min || len > r->max)
		return false;
	if (r->unit == 0)
		return len == r->min;
	return (len - r->min) % r->unit == 0;
}

/* ---------------------------------------------------------------- context */

struct bgp_afsafi {
	uint16_t afi;
	uint8_t safi;
};

#define BGP_CTX_MAX_AFS 16

/*
 * What was negotiated for the messages of ONE direction of a session.
 * The session layer builds it from the two OPENs and passes it in.
 */
struct bgp_ctx {
	bool as4;                /* AS numbers in AS_PATH/AGGREGATOR are 4 octets */
	bool ext_msg;            /* RFC 8654 extended messages (both sides) */
	bool addpath_any;        /* every AFI/SAFI carries path ids (inference) */
	uint8_t n_addpath;
	struct bgp_afsafi addpath[BGP_CTX_MAX_AFS]; /* AFI/SAFIs with path ids */
	/*
	 * RFC 8950: the NLRI AFI/SAFIs for which the receiver advertised an
	 * IPv6 next hop (extended next hop capability). enh_known: the OPENs
	 * were seen, so this list is what was negotiated; otherwise an IPv6
	 * next hop for IPv4 NLRI is accepted with a note that it was assumed.
	 */
	bool enh_known;
	uint8_t n_enh;
	struct bgp_afsafi enh[BGP_CTX_MAX_AFS];
};

bool bgp_ctx_addpath(const struct bgp_ctx *ctx, uint16_t afi, uint8_t safi);
/* RFC 8950 extended next hop negotiated for this NLRI AFI/SAFI. */
bool bgp_ctx_enh(const struct bgp_ctx *ctx, uint16_t afi, uint8_t safi);

/* ---------------------------------------------------------------- header */

struct bgp_msg {
	const uint8_t *raw;      /* the whole message, marker included */
	uint16_t len;            /* length field */
	uint8_t type;
	struct cur body;         /* bytes after the 19-byte header */
};

/*
 * Check the header of one framed message (raw points at the marker, rawlen
 * is the framed length). Returns false when the header is unusable (the
 * body must not be decoded); errors say why.
 */
bool bgp_msg_parse(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, struct bgp_errs *errs);
const char *bgp_type_name(unsigned type);

/* KEEPALIVE: the body must be empty. */
void bgp_keepalive_check(const struct bgp_msg *m, struct bgp_errs *errs);

/* ---------------------------------------------------------------- OPEN */

/* The Graceful Restart capability (64; RFC 4724, the N bit of RFC 8538). */
struct bgp_gr {
	bool present;
	bool restarting;         /* R: the sender has restarted */
	bool notification;       /* N: NOTIFICATIONs keep the routes too */
	uint16_t time;           /* restart time, seconds (12 bits) */
	uint8_t n;
	struct {
		uint16_t afi;
		uint8_t safi;
		bool forwarding; /* F: forwarding state kept over the restart */
	} af[BGP_CTX_MAX_AFS];
};

/* Is afi/safi listed in g, and with forwarding state kept (F)? */
bool bgp_gr_has(const struct bgp_gr *g, uint16_t afi, uint8_t safi, bool *forwarding);

struct bgp_open {
	uint8_t version;
	uint16_t my_as;
	uint16_t hold_time;
	uint32_t bgp_id;
	bool ext_params;         /* RFC 9072 extended optional parameters */
	struct cur params;       /* the optional parameters */
	/* summary of the capabilities, filled by bgp_open_parse */
	bool has_as4;
	uint32_t as4;            /* from capability 65 */
	bool ext_msg;            /* capability 6 present */
	bool route_refresh;      /* capability 2 or 128 */
	bool enhanced_rr;        /* capability 70 */
	bool graceful_restart;   /* capability 64 */
	struct bgp_gr gr;        /* its contents (the last one, if repeated) */
	uint8_t n_mp;
	struct bgp_afsafi mp[BGP_CTX_MAX_AFS];
	uint8_t n_enh;           /* capability 5 tuples with next hop AFI IPv6 */
	struct bgp_afsafi enh[BGP_CTX_MAX_AFS];
	uint8_t n_addpath;
	struct {
		uint16_t afi;
		uint8_t safi;
		uint8_t sr;      /* 1 receive, 2 send, 3 both */
	} addpath[BGP_CTX_MAX_AFS];
};

bool bgp_open_parse(const struct bgp_msg *m, struct bgp_open *o, struct bgp_errs *errs);
/* The AS the speaker really has: the 4-octet one when advertised. */
uint32_t bgp_open_asn(const struct bgp_open *o);

/* OPEN optional parameter types (RFC 4271 4.2, RFC 5492, RFC 9072) */
enum {
	BGP_PARAM_AUTH = 1,          /* deprecated */
	BGP_PARAM_CAPABILITIES = 2,
	BGP_PARAM_EXTENDED = 255,    /* RFC 9072 marker */
};

/* Capability codes (IANA "Capability Codes") */
enum {
	BGP_CAP_MP = 1, BGP_CAP_ROUTE_REFRESH = 2, BGP_CAP_ORF = 3,
	BGP_CAP_EXT_NEXTHOP = 5, BGP_CAP_EXT_MESSAGE = 6, BGP_CAP_BGPSEC = 7,
	BGP_CAP_MULTI_LABELS = 8, BGP_CAP_ROLE = 9, BGP_CAP_GRACEFUL_RESTART = 64,
	BGP_CAP_AS4 = 65, BGP_CAP_DYNAMIC = 66, BGP_CAP_MULTISESSION = 67,
	BGP_CAP_ADD_PATH = 69, BGP_CAP_ENHANCED_RR = 70, BGP_CAP_LLGR = 71,
	BGP_CAP_RPD = 72, BGP_CAP_FQDN = 73, BGP_CAP_BFD = 74, BGP_CAP_SW_VERSION = 75,
	BGP_CAP_ROUTE_REFRESH_OLD = 128, BGP_CAP_GRACEFUL_RESTART_OLD = 129,
	BGP_CAP_ORF_OLD = 130, BGP_CAP_MULTISESSION_OLD = 131,
};

/* ADD-PATH send/receive (RFC 7911 4) */
enum { BGP_ADDPATH_RECEIVE = 1, BGP_ADDPATH_SEND = 2, BGP_ADDPATH_BOTH = 3 };

/* One capability (param_type 2) or one other optional parameter. */
struct bgp_cap {
	uint8_t param_type;      /* 2 = capabilities; else the parameter type */
	uint8_t code;            /* capability code (when param_type == 2) */
	uint16_t len;
	size_t off;              /* offset of the code byte in the message */
	struct cur val;          /* exactly len bytes */
};

struct bgp_cap_iter {
	struct cur params;       /* remaining parameters */
	struct cur caps;         /* remaining capabilities of the current param */
	bool ext;
	bool in_caps;
};

void bgp_cap_iter_init(struct bgp_cap_iter *it, const struct bgp_open *o);
/* 1: *cap filled; 0: done; -1: malformed (error added, iteration ends). */
int bgp_cap_next(struct bgp_cap_iter *it, struct bgp_cap *cap, struct bgp_errs *errs);
const char *bgp_cap_name(unsigned code);

/* ---------------------------------------------------------------- prefixes */

#define BGP_MAX_LABELS 4

struct bgp_prefix {
	uint16_t afi;
	uint8_t safi;
	uint8_t plen;            /* prefix length of the address part */
	uint8_t addr[16];        /* address, zero-padded */
	bool has_pathid;
	uint32_t pathid;
	uint8_t nlabels;
	uint32_t labels[BGP_MAX_LABELS]; /* 20-bit label values (with BoS bit in bit 0 of raw) */
	bool has_rd;
	uint8_t rd[8];
	uint16_t rawlen;         /* raw NLRI bytes (for AFI/SAFIs shown as hex) */
	const uint8_t *raw;
	bool opaque;             /* not an IP prefix: hex, or a family below */
	uint32_t off;            /* offset in the message */
	/*
	 * Families whose NLRI are not prefixes (EVPN, flowspec, RT constraint,
	 * VPLS, MVPN, MUP; bgp_nlri.c): fam is the row (0: none), raw/rawlen
	 * the entry without its path id, hdrlen the octets before its value,
	 * rtype its route type; fam_bad: the value is malformed (an error says
	 * why) and is shown as hex. opaque is set too: these are not prefixes.
	 */
	uint8_t fam;
	bool fam_bad;
	bool fam_alt;            /* decoded by the row's other reading (an error says so) */
	uint8_t hdrlen;
	uint32_t rtype;
};

struct bgp_nlri_iter {
	struct cur c;
	uint16_t afi;
	uint8_t safi;
	bool addpath;
	uint8_t treat;           /* what an error means: session reset for the
	                          * IPv4 fields, AFI/SAFI disable inside MP_* */
};

void bgp_nlri_iter_init(struct bgp_nlri_iter *it, const struct cur *c,
    uint16_t afi, uint8_t safi, bool addpath);
/* 1: *p filled; 0: done; -1: malformed (error added; the rest is not decoded). */
int bgp_nlri_next(struct bgp_nlri_iter *it, struct bgp_prefix *p, struct bgp_errs *errs);
/*
 * Walk an NLRI list once to validate it (errors carry `treat`); returns the
 * number of prefixes or -1.
 */
int bgp_nlri_check(const struct cur *c, uint16_t afi, uint8_t safi,
    const struct bgp_ctx *ctx, uint8_t treat, struct bgp_errs *errs);
/* Is the address family decoded into prefixes (vs shown as hex)? */
bool bgp_afsafi_decoded(uint16_t afi, uint8_t safi);
/* The row of a family whose NLRI are decoded but are not prefixes; 0: none. */
unsigned bgp_nlri_fam(uint16_t afi, uint8_t safi);
/* One entry of such a family (p->fam set): 1, or -1 when it cannot be delimited. */
int bgp_nlri_fam_next(struct cur *c, struct bgp_prefix *p, uint8_t treat, struct bgp_errs *errs);
const char *bgp_afi_name(unsigned afi);
const char *bgp_safi_name(unsigned safi);
bool bgp_prefix_is_default(const struct bgp_prefix *p);

/* ---------------------------------------------------------------- UPDATE */

struct bgp_attr {
	uint8_t flags;
	uint8_t code;
	uint16_t len;
	uint32_t off;            /* offset of the flags byte */
	struct cur val;          /* exactly len bytes */
};

struct bgp_attr_iter {
	struct cur c;
};

void bgp_attr_iter_init(struct bgp_attr_iter *it, const struct cur *attrs);
/* 1: *a filled; 0: done; -1: malformed (error added). Flags are not checked here. */
int bgp_attr_next(struct bgp_attr_iter *it, struct bgp_attr *a, struct bgp_errs *errs);
const char *bgp_attr_name(unsigned code);

#define BGP_NEXTHOP_MAX 2

/* An UPDATE, decoded and validated (RFC 4271 + RFC 7606). */
struct bgp_update {
	struct cur withdrawn;    /* IPv4 unicast withdrawn routes */
	struct cur attrs;        /* path attributes */
	struct cur nlri;         /* IPv4 unicast NLRI */
	uint32_t present[8];     /* bitmap: attribute codes present (valid) */
	uint32_t dup[8];         /* bitmap: attribute codes seen twice */
	/* known attributes, valid when their bit is in `present` */
	uint8_t origin;
	uint32_t med, local_pref;
	uint8_t next_hop[4];
	/* the two the RFC 6793 merge reads together; any other attribute's
	 * value is found by walking `attrs` (bgp_update_attr) */
	struct bgp_attr as_path, as4_path;
	/* MP_REACH_NLRI */
	uint16_t mpr_afi;
	uint8_t mpr_safi;
	uint8_t mpr_nh_len;
	uint8_t mpr_nh_count;    /* next hops decoded (address family of nh) */
	uint8_t mpr_nh_af[BGP_NEXTHOP_MAX]; /* 4 or 6 */
	uint8_t mpr_nh[BGP_NEXTHOP_MAX][16];
	bool mpr_nh_rd;          /* next hop carried an RD (zero) prefix */
	struct cur mpr_nh_raw;
	struct cur mpr_nlri;
	/* MP_UNREACH_NLRI */
	uint16_t mpu_afi;
	uint8_t mpu_safi;
	struct cur mpu_withdrawn;
	/* End-of-RIB */
	bool eor;
	uint16_t eor_afi;
	uint8_t eor_safi;
	/* the attribute list could not be walked to its end (session reset) */
	bool attrs_broken;
	bool as_path_malformed;  /* AS path unreadable with this context */
};

static inline bool
bgp_update_has(const struct bgp_update *u, unsigned code)
{
	return (u->present[code >> 5] >> (code & 31)) & 1;
}

/* The first instance of attribute `code` in the list (walked, not stored). */
bool bgp_update_attr(const struct bgp_update *u, unsigned code, struct bgp_attr *a);

/*
 * Decode an UPDATE: split it, walk every attribute, check flags, lengths,
 * duplicates and mandatory attributes, decode the NLRI lists once to check
 * them (the caller walks them again with bgp_nlri_iter for output).
 * Returns false if the message structure itself is broken (session reset);
 * then only `errs` is meaningful.
 */
bool bgp_update_parse(const struct bgp_msg *m, const struct bgp_ctx *ctx,
    struct bgp_update *u, struct bgp_errs *errs);

/*
 * Do each piece of work once (issue 15). Walking an attribute block (flags,
 * lengths, duplicates, values, the decoded fields) gives the same result
 * for the same bytes in the same context, and a full table repeats a few
 * thousand blocks across a million UPDATEs. A caller that keeps results
 * passes bgp_memo_ops; the dissector stays pure (the memory and the lookup
 * are the caller's).
 *
 * The key is the block's bytes, with ctx->as4 (the only context the walk
 * reads) in front, except the NLRI inside MP_REACH_NLRI / MP_UNREACH_NLRI
 * and those two attributes' length fields: the prefixes are checked per
 * message (their ADD-PATH reading is the context's), so the IPv6 UPDATEs
 * of one path share a key. The AFI/SAFI and next hop are in the key. Only
 * a walk that added no error and no diagnostic is kept: a kept result has
 * nothing whose offset or text depends on the message.
 */
#define BGP_MEMO_MAX_ATTRS 24    /* attributes in a block that can be kept */
#define BGP_MEMO_KEY_MAX   320   /* key bytes of a block that can be kept */

struct bgp_memo {
	uint32_t present[8];
	uint32_t seen[8];
	uint8_t nattrs;
	int8_t i_as_path, i_as4_path, i_mpr, i_mpu; /* attribute index, -1: none */
	uint8_t origin;
	uint32_t med, local_pref;
	uint8_t next_hop[4];
	uint16_t mpr_afi, mpu_afi;
	uint8_t mpr_safi, mpu_safi;
	uint8_t mpr_nh_len, mpr_nh_count;
	uint8_t mpr_nh_af[BGP_NEXTHOP_MAX];
	uint8_t mpr_nh[BGP_NEXTHOP_MAX][16];
	bool mpr_nh_rd;
};

struct bgp_memo_ops {
	void *arg;
	/* the result kept for this key, or NULL */
	const struct bgp_memo *(*get)(void *arg, const uint8_t *key, size_t n);
	/* keep this result for this key (the callee copies both) */
	void (*put)(void *arg, const uint8_t *key, size_t n, const struct bgp_memo *mm);
	uint8_t key[BGP_MEMO_KEY_MAX]; /* scratch: the key being built */
	uint16_t pos[BGP_MEMO_MAX_ATTRS]; /* scratch: attribute offsets in the block */
};

/*
 * The key of an attribute block (written to ops->key, attribute offsets to
 * ops->pos); 0 when the block cannot be kept (too long, too many
 * attributes, or a header or MP_* prefix the walk would reject).
 */
size_t bgp_memo_key(const struct cur *attrs, const struct bgp_ctx *ctx,
    struct bgp_memo_ops *ops, unsigned *nattrs);
/* bgp_update_parse, with results looked up and kept through ops (NULL: none). */
bool bgp_update_parse_memo(const struct bgp_msg *m, const struct bgp_ctx *ctx,
    struct bgp_update *u, struct bgp_errs *errs, struct bgp_memo_ops *ops);

/* ---------------------------------------------------------------- NOTIFICATION */

struct bgp_notify {
	uint8_t code, subcode;
	struct cur data;
	/* decoded data where the RFCs define it */
	bool has_shutdown_msg;   /* RFC 8203/9003 */
	uint8_t shutdown_len;
	const uint8_t *shutdown_msg;
	bool shutdown_valid;     /* length fits and UTF-8 is valid */
	bool has_bad_as;
	uint32_t bad_as;         /* Bad Peer AS: the AS in the data (2 or 4 octets) */
	bool has_unsup_caps;     /* Unsupported Capability: data is a capability list */
};

bool bgp_notify_parse(const struct bgp_msg *m, struct bgp_notify *n, struct bgp_errs *errs);
const char *bgp_notify_code_name(unsigned code);
const char *bgp_notify_subcode_name(unsigned code, unsigned subcode);

/* ---------------------------------------------------------------- ROUTE-REFRESH */

/* ROUTE-REFRESH subtypes (RFC 7313 3) */
enum { BGP_RR_NORMAL = 0, BGP_RR_BORR = 1, BGP_RR_EORR = 2 };

struct bgp_refresh {
	uint16_t afi;
	uint8_t subtype;         /* RFC 7313: 0 normal, 1 BoRR, 2 EoRR */
	uint8_t safi;
	struct cur orf;          /* ORF entries (shown as hex) */
};

bool bgp_refresh_parse(const struct bgp_msg *m, struct bgp_refresh *r, struct bgp_errs *errs);
const char *bgp_refresh_subtype_name(unsigned subtype);

/* ---------------------------------------------------------------- one message */

/* The body of a decoded message; which member is valid is tagged by m.type. */
union bgp_body {
	struct bgp_open open;
	struct bgp_update upd;
	struct bgp_notify ntf;
	struct bgp_refresh rr;
};

/* How far bgp_decode got. */
enum bgp_decoded {
	BGP_DEC_NONE = 0,        /* header unusable: nothing else is valid */
	BGP_DEC_HEADER,          /* header only: unknown type, or the body is broken */
	BGP_DEC_BODY,            /* header and the body member tagged by m->type */
};

/*
 * Decode one framed message (raw points at the marker, rawlen is the
 * framed length): check the header, then decode the body with its type's
 * decoder. Pure: the caller acts on what it says (e.g. records an OPEN).
 */
enum bgp_decoded bgp_decode(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, union bgp_body *body, struct bgp_errs *errs);
/* bgp_decode, an UPDATE's attribute walk kept and reused through ops. */
enum bgp_decoded bgp_decode_memo(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, union bgp_body *body, struct bgp_errs *errs, struct bgp_memo_ops *ops);

#endif
