/*
 * bmp.c - BMP messages (RFC 7854, RFC 8671, RFC 9069): the common header,
 * the per-peer header and every message type, read through the bounded
 * cursor. Names are tables. The BGP messages inside are left to
 * bgp_decode: this file only checks that each one fits where it is.
 */
#include <string.h>

#include "bmp.h"

static int
bmp_fail(struct bmp_err *e, const struct cur *c, const char *what)
{
	e->what = what;
	e->off = (uint32_t)cur_off(c);
	return -1;
}

/* ---------------------------------------------------------------- names */

struct bmp_name {
	uint16_t code;
	const char *name;
};

static const char *
lookup(const struct bmp_name *t, size_t n, unsigned code, const char *dflt)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return dflt;
}

#define LOOKUP(t, code, dflt) lookup((t), sizeof(t) / sizeof((t)[0]), (code), (dflt))

static const struct bmp_name type_names[] = {
	{ BMP_ROUTE_MONITORING, "Route Monitoring" }, { BMP_STATS, "Statistics Report" },
	{ BMP_PEER_DOWN, "Peer Down" }, { BMP_PEER_UP, "Peer Up" },
	{ BMP_INITIATION, "Initiation" }, { BMP_TERMINATION, "Termination" },
	{ BMP_ROUTE_MIRRORING, "Route Mirroring" },
};

static const struct bmp_name peer_type_names[] = {
	{ BMP_PEER_GLOBAL, "global" }, { BMP_PEER_RD, "rd" }, { BMP_PEER_LOCAL, "local" },
	{ BMP_PEER_LOC_RIB, "loc-rib" },
};

/* RFC 7854 4.8, RFC 8671 5, the IANA "BMP Statistics Types" registry */
static const struct bmp_name stat_names[] = {
	{ 0, "rejected-by-policy" }, { 1, "duplicate-prefix" }, { 2, "duplicate-withdraw" },
	{ 3, "cluster-list-loop" }, { 4, "as-path-loop" }, { 5, "originator-id-loop" },
	{ 6, "as-confed-loop" }, { 7, "adj-rib-in-routes" }, { 8, "loc-rib-routes" },
	{ 9, "adj-rib-in-routes-afi-safi" }, { 10, "loc-rib-routes-afi-safi" },
	{ 11, "updates-treat-as-withdraw" }, { 12, "prefixes-treat-as-withdraw" },
	{ 13, "duplicate-updates" }, { 14, "adj-rib-out-pre-policy-routes" },
	{ 15, "adj-rib-out-post-policy-routes" },
	{ 16, "adj-rib-out-pre-policy-routes-afi-safi" },
	{ 17, "adj-rib-out-post-policy-routes-afi-safi" },
};

/* the value's length by stat type: 4 counter, 8 gauge, 11 AFI/SAFI gauge */
static const uint8_t stat_len[] = { 4, 4, 4, 4, 4, 4, 4, 8, 8, 11, 11, 4, 4, 4, 8, 8, 11, 11 };

static const struct bmp_name down_names[] = {
	{ 1, "local system closed, NOTIFICATION follows" },
	{ 2, "local system closed, FSM event follows" },
	{ 3, "remote system closed, NOTIFICATION follows" },
	{ 4, "remote system closed, no data" },
	{ 5, "peer de-configured" },
	{ 6, "local system closed, TLVs follow" },
};

static const struct bmp_name init_tlv_names[] = {
	{ 0, "string" }, { 1, "sysDescr" }, { 2, "sysName" }, { 3, "vrf-table-name" },
	{ 4, "admin-label" },
};

static const struct bmp_name up_tlv_names[] = {
	{ 0, "string" }, { 3, "vrf-table-name" }, { 4, "admin-label" },
};

static const struct bmp_name term_tlv_names[] = { { 0, "string" }, { 1, "reason" } };

static const struct bmp_name term_reason_names[] = {
	{ 0, "administratively closed" }, { 1, "unspecified" }, { 2, "out of resources" },
	{ 3, "redundant connection" }, { 4, "permanently administratively closed" },
};

static const struct bmp_name mirror_names[] = {
	{ 0, "errored PDU" }, { 1, "messages lost" },
};

/* The name accessors: each looks one code up in its table above. */
#define NAME_FN(fn, table, dflt) \
	const char *fn(unsigned code) { return LOOKUP(table, code, dflt); }

NAME_FN(bmp_type_name, type_names, "unknown")
NAME_FN(bmp_peer_type_name, peer_type_names, "unknown")
NAME_FN(bmp_stat_name, stat_names, "unknown")
NAME_FN(bmp_down_reason_name, down_names, "unknown reason")
NAME_FN(bmp_term_reason_name, term_reason_names, "unknown reason")
NAME_FN(bmp_mirror_info_name, mirror_names, "unknown")

const char *
bmp_info_name(unsigned msg_type, unsigned tlv_type)
{
	if (msg_type == BMP_TERMINATION)
		return LOOKUP(term_tlv_names, tlv_type, "unknown");
	if (msg_type == BMP_INITIATION)
		return LOOKUP(init_tlv_names, tlv_type, "unknown");
	return LOOKUP(up_tlv_names, tlv_type, "unknown");
}

bool
bmp_info_is_text(unsigned msg_type, unsigned tlv_type)
{
	if (msg_type == BMP_TERMINATION)
		return tlv_type == 0;
	return tlv_type == 0 || tlv_type == 3 || tlv_type == 4 ||
	    (msg_type == BMP_INITIATION && (tlv_type == 1 || tlv_type == 2));
}

const char *
bmp_rib_name(const struct bmp_peer *p)
{
	if (p->type == BMP_PEER_LOC_RIB)
		return "loc-rib";
	return p->flags & BMP_F_O ? "adj-rib-out" : "adj-rib-in";
}

const char *
bmp_policy_name(const struct bmp_peer *p)
{
	if (p->type == BMP_PEER_LOC_RIB)
		return p->flags & BMP_F_F ? "filtered" : "";
	return p->flags & BMP_F_L ? "post-policy" : "pre-policy";
}

/* ---------------------------------------------------------------- header */

uint32_t
bmp_min_len(unsigned type)
{
	/* fixed parts: the header, the per-peer header, then per type */
	static const uint32_t min[] = {
		[BMP_ROUTE_MONITORING] = BMP_HDR_LEN + BMP_PEER_HDR_LEN + 19,
		[BMP_STATS] = BMP_HDR_LEN + BMP_PEER_HDR_LEN + 4,
		[BMP_PEER_DOWN] = BMP_HDR_LEN + BMP_PEER_HDR_LEN + 1,
		[BMP_PEER_UP] = BMP_HDR_LEN + BMP_PEER_HDR_LEN + 20 + 2 * 19,
		[BMP_INITIATION] = BMP_HDR_LEN,
		[BMP_TERMINATION] = BMP_HDR_LEN,
		[BMP_ROUTE_MIRRORING] = BMP_HDR_LEN + BMP_PEER_HDR_LEN,
	};

	return type <= BMP_TYPE_MAX ? min[type] : BMP_HDR_LEN;
}

int
bmp_hdr_check(const uint8_t *p, size_t n, bool strict, struct bmp_hdr *h,
    struct bmp_err *e)
{
	struct cur c;

	cur_init(&c, p, n);
	if (!cur_u8(&c, &h->version))
		return 0;
	if (h->version != BMP_VERSION) {
		e->off = 0;
		e->what = h->version == 1 || h->version == 2 ?
		    "BMP version 1 or 2 (no length field; bgpcap reads version 3, RFC 7854)" :
		    "not BMP version 3";
		return -1;
	}
	if (!cur_u32(&c, &h->len) || !cur_u8(&c, &h->type))
		return 0;
	if (h->len < BMP_HDR_LEN)
		return bmp_fail(e, &c, "BMP length below the 6-byte header");
	/* out of sync a candidate must be plausible; in sync the length
	 * frames the message and the decoder says what is missing */
	if (strict && (h->type > BMP_TYPE_MAX || h->len > BMP_MAX_SANE ||
	    h->len < bmp_min_len(h->type)))
		return bmp_fail(e, &c, "unknown BMP type or implausible length");
	return 1;
}

/* ---------------------------------------------------------------- parts */

static int
peer_parse(struct cur *c, struct bmp_peer *p, struct bmp_err *e)
{
	struct cur h;

	if (!cur_sub(c, BMP_PEER_HDR_LEN, &h))
		return bmp_fail(e, c, "per-peer header truncated (42 bytes)");
	cur_u8(&h, &p->type);
	cur_u8(&h, &p->flags);
	cur_copy(&h, p->rd, 8);
	cur_copy(&h, p->addr, 16);
	cur_u32(&h, &p->as);
	cur_u32(&h, &p->bgp_id);
	cur_u32(&h, &p->ts_sec);
	cur_u32(&h, &p->ts_usec);
	p->v6 = p->type != BMP_PEER_LOC_RIB && (p->flags & BMP_F_V);
	return 1;
}

/* One BGP message at c: its own length field says how long it is. */
static int
bgp_pdu(struct cur *c, const uint8_t **pdu, size_t *len, uint32_t *off, struct bmp_err *e,
    const char *what)
{
	struct cur h = *c;
	uint16_t l;

	if (!cur_skip(&h, 16) || !cur_u16(&h, &l))
		return bmp_fail(e, c, what);
	if (l < 19)
		return bmp_fail(e, c, "BGP message inside BMP: length below 19");
	*off = (uint32_t)cur_off(c);
	if (!cur_bytes(c, l, pdu))
		return bmp_fail(e, c, "BGP message inside BMP runs past the BMP message");
	*len = l;
	return 1;
}

static int
peer_up(struct cur *c, struct bmp_msg *m, struct bmp_err *e)
{
	if (!cur_copy(c, m->local, 16) || !cur_u16(c, &m->local_port) ||
	    !cur_u16(c, &m->remote_port))
		return bmp_fail(e, c, "Peer Up: local address and ports truncated");
	m->local_v6 = m->peer.v6;
	if (bgp_pdu(c, &m->sent_open, &m->sent_len, &m->sent_off, e,
	    "Peer Up: sent OPEN truncated") < 0 ||
	    bgp_pdu(c, &m->rcvd_open, &m->rcvd_len, &m->rcvd_off, e,
	    "Peer Up: received OPEN truncated") < 0)
		return -1;
	m->tlvs = *c;
	return 1;
}

static int
peer_down(struct cur *c, struct bmp_msg *m, struct bmp_err *e)
{
	if (!cur_u8(c, &m->reason))
		return bmp_fail(e, c, "Peer Down: reason missing");
	if (m->reason == 1 || m->reason == 3) {
		if (bgp_pdu(c, &m->bgp, &m->bgplen, &m->bgp_off, e,
		    "Peer Down: NOTIFICATION truncated") < 0)
			return -1;
	} else if (m->reason == 2) {
		if (!cur_u16(c, &m->fsm_event))
			return bmp_fail(e, c, "Peer Down: FSM event code truncated (2 bytes)");
	}
	/* reason 6: TLVs; 4, 5: nothing, bytes left are reported by the caller */
	m->tlvs = *c;
	return 1;
}

int
bmp_parse(const uint8_t *p, size_t len, struct bmp_msg *m, struct bmp_err *e)
{
	struct cur c;
	struct bmp_err he;
	int r;

	memset(m, 0, sizeof(*m));
	cur_init(&c, p, len);
	if ((r = bmp_hdr_check(p, len, false, &m->h, &he)) <= 0) {
		*e = he;
		if (r == 0)
			e->what = "BMP common header truncated (6 bytes)";
		return -1;
	}
	if (m->h.len != len)
		return bmp_fail(e, &c, "BMP length field differs from the message's size");
	cur_skip(&c, BMP_HDR_LEN);
	m->body = c;
	if (m->h.type > BMP_TYPE_MAX)
		return 0;
	if (m->h.type != BMP_INITIATION && m->h.type != BMP_TERMINATION) {
		if (peer_parse(&c, &m->peer, e) < 0)
			return -1;
		m->has_peer = true;
	}
	switch (m->h.type) {
	case BMP_ROUTE_MONITORING:
		if (bgp_pdu(&c, &m->bgp, &m->bgplen, &m->bgp_off, e,
		    "Route Monitoring: BGP message header truncated") < 0)
			return -1;
		break;
	case BMP_STATS:
		if (!cur_u32(&c, &m->stat_count))
			return bmp_fail(e, &c, "Statistics Report: count truncated");
		break;
	case BMP_PEER_DOWN:
		return peer_down(&c, m, e);
	case BMP_PEER_UP:
		return peer_up(&c, m, e);
	default:
		break;
	}
	m->tlvs = c;
	return 1;
}

/* ---------------------------------------------------------------- TLVs */

int
bmp_tlv_next(struct cur *c, struct bmp_tlv *t, struct bmp_err *e)
{
	struct cur save = *c;

	if (cur_left(c) == 0)
		return 0;
	t->off = (uint32_t)cur_off(c);
	if (!cur_u16(c, &t->type) || !cur_u16(c, &t->len)) {
		*c = save;
		return bmp_fail(e, c, "TLV header truncated (4 bytes)");
	}
	if (!cur_sub(c, t->len, &t->val)) {
		*c = save;
		return bmp_fail(e, c, "TLV value runs past the message");
	}
	return 1;
}

int
bmp_stat_next(struct cur *c, struct bmp_stat *s, struct bmp_err *e)
{
	int r;
	struct cur v;
	uint32_t u32 = 0;
	uint8_t want;

	memset(s, 0, sizeof(*s));
	if ((r = bmp_tlv_next(c, &s->t, e)) <= 0)
		return r;
	if (s->t.type >= sizeof(stat_len))
		return 1;                /* unknown: shown as hex */
	want = stat_len[s->t.type];
	if (s->t.len != want)
		return 1;                /* ok stays false: shown as hex, with the length */
	v = s->t.val;
	s->ok = true;
	s->gauge = want != 4;
	if (want == 4) {
		cur_u32(&v, &u32);
		s->value = u32;
		return 1;
	}
	if (want == 11) {
		s->afi_safi = true;
		cur_u16(&v, &s->afi);
		cur_u8(&v, &s->safi);
	}
	cur_u64(&v, &s->value);
	return 1;
}
