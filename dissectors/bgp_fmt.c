/*
 * bgp_fmt.c - decoded values as text (bgp_fmt.h). Calls sbuf.c and the AS
 * path walk (bgp_aspath.c) only.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bgp_fmt.h"

/* ---------------------------------------------------------------- values */

void
bgp_fmt_rd(struct sbuf *s, const uint8_t *rd)
{
	unsigned type = (unsigned)rd[0] << 8 | rd[1];

	switch (type) {
	case 0:
		sbuf_u32(s, (uint32_t)rd[2] << 8 | rd[3]);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[4] << 24 | (uint32_t)rd[5] << 16 |
		    (uint32_t)rd[6] << 8 | rd[7]);
		break;
	case 1:
		sbuf_ipv4(s, rd + 2);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[6] << 8 | rd[7]);
		break;
	case 2:
		sbuf_u32(s, (uint32_t)rd[2] << 24 | (uint32_t)rd[3] << 16 |
		    (uint32_t)rd[4] << 8 | rd[5]);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[6] << 8 | rd[7]);
		break;
	default:
		sbuf_put(s, "0x");
		sbuf_hex(s, rd, 8);
	}
}

void
bgp_fmt_prefix(struct sbuf *s, const struct bgp_prefix *p)
{
	unsigned i;

	if (p->opaque) {
		sbuf_put(s, "0x");
		sbuf_hex(s, p->raw, p->rawlen);
		return;
	}
	if (p->has_rd) {
		sbuf_put(s, "RD ");
		bgp_fmt_rd(s, p->rd);
		sbuf_putc(s, ' ');
	}
	if (p->afi == AFI_IPV4)
		sbuf_ipv4(s, p->addr);
	else
		sbuf_ipv6(s, p->addr);
	sbuf_putc(s, '/');
	sbuf_u32(s, p->plen);
	for (i = 0; i < p->nlabels; i++) {
		sbuf_put(s, i ? "," : " label ");
		sbuf_u32(s, p->labels[i]);
	}
}

/* How each segment type is written: FRR's brackets and separators. */
static const struct {
	char open, close, sep;
} seg_form[] = {
	[AS_SET] = { '{', '}', ',' },
	[AS_SEQUENCE] = { 0, 0, ' ' },
	[AS_CONFED_SEQUENCE] = { '(', ')', ' ' },
	[AS_CONFED_SET] = { '[', ']', ',' },
};

static void
fmt_segment(struct sbuf *s, struct bgp_aspath_seg *seg)
{
	uint32_t as;
	bool first = true;

	/* the iterator yields only the four types of the table */
	if (seg_form[seg->type].open)
		sbuf_putc(s, seg_form[seg->type].open);
	while (bgp_aspath_asn(seg, &as)) {
		if (!first)
			sbuf_putc(s, seg_form[seg->type].sep);
		first = false;
		sbuf_u32(s, as);
	}
	if (seg_form[seg->type].close)
		sbuf_putc(s, seg_form[seg->type].close);
}

/* Write the segments a walk yields, space-separated; "<malformed>" at a
 * segment that cannot be read. */
static void
fmt_walk(struct sbuf *s, struct bgp_aspath_walk *w)
{
	struct bgp_aspath_seg seg;
	struct bgp_errs scratch;
	bool first = true;
	int r;

	bgp_errs_reset(&scratch);
	while ((r = bgp_aspath_walk_next(w, &seg, &scratch)) == 1) {
		if (!first)
			sbuf_putc(s, ' ');
		first = false;
		fmt_segment(s, &seg);
	}
	if (r < 0)
		sbuf_put(s, first ? "<malformed>" : " <malformed>");
}

void
bgp_fmt_aspath(struct sbuf *s, const struct cur *val, unsigned asn_len)
{
	struct bgp_aspath_walk w;

	bgp_aspath_walk_init(&w, val, NULL, asn_len == 4);
	fmt_walk(s, &w);
}

void
bgp_fmt_effective_aspath(struct sbuf *s, const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	struct bgp_aspath_walk w;

	if (!bgp_update_has(u, ATTR_AS_PATH))
		return;
	bgp_aspath_walk_init(&w, &u->as_path.val,
	    bgp_update_has(u, ATTR_AS4_PATH) ? &u->as4_path.val : NULL, ctx->as4);
	fmt_walk(s, &w);
}

const char *
bgp_well_known_community(uint32_t c)
{
	switch (c) {
	case 0xFFFF0000: return "graceful-shutdown";
	case 0xFFFF0001: return "accept-own";
	case 0xFFFF0002: return "route-filter-translated-v4";
	case 0xFFFF0003: return "route-filter-v4";
	case 0xFFFF0004: return "route-filter-translated-v6";
	case 0xFFFF0005: return "route-filter-v6";
	case 0xFFFF0006: return "llgr-stale";
	case 0xFFFF0007: return "no-llgr";
	case 0xFFFF0008: return "accept-own-nexthop";
	case 0xFFFF029A: return "blackhole";
	case 0xFFFFFF01: return "no-export";
	case 0xFFFFFF02: return "no-advertise";
	case 0xFFFFFF03: return "no-export-subconfed";
	case 0xFFFFFF04: return "no-peer";
	}
	return NULL;
}

void
bgp_fmt_community(struct sbuf *s, uint32_t c)
{
	const char *n = bgp_well_known_community(c);

	if (n) {
		sbuf_put(s, n);
		return;
	}
	sbuf_u32(s, c >> 16);
	sbuf_putc(s, ':');
	sbuf_u32(s, c & 0xFFFF);
}

void
bgp_fmt_large_community(struct sbuf *s, const uint8_t *v)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (i)
			sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)v[4 * i] << 24 | (uint32_t)v[4 * i + 1] << 16 |
		    (uint32_t)v[4 * i + 2] << 8 | v[4 * i + 3]);
	}
}

/*
 * Extended communities (RFC 4360, 5668, 7153, 7432, 8955, 9012): the forms
 * FRR prints, e.g. "RT:65000:1", "SoO:192.0.2.1:7"; anything else as hex.
 * A row matches when (type byte & mask) == type and the subtype is equal
 * (mask 0xBF: transitive or not, RFC 4360 2; the 0x80-0x83 experimental
 * types are other rows); the first match wins.
 */
enum ec_form {
	EC_AS2, EC_IP4, EC_AS4, EC_L2, EC_L4, EC_MAC, EC_LB,
	EC_FLOAT, EC_ACTION, EC_MARK, EC_COPY, EC_MM, EC_ESIL, EC_NONE, EC_TUNNEL,
	EC_IPCOPY, EC_L2INFO, EC_OSPF_RT, EC_IP4ONLY, EC_OV,
};

static const struct {
	uint8_t mask, type, sub;
	uint8_t form;            /* enum ec_form */
	const char *name;
} ec_rows[] = {
	{ 0xBF, 0x00, 0x02, EC_AS2, "RT" },      /* 2-octet AS specific */
	{ 0xBF, 0x00, 0x03, EC_AS2, "SoO" },
	{ 0xBF, 0x00, 0x05, EC_AS2, "OSPF-domain" },
	{ 0xBF, 0x00, 0x08, EC_AS2, "bgp-data-collection" },
	{ 0xBF, 0x00, 0x09, EC_AS2, "source-as" }, /* RFC 6514 6 */
	{ 0xBF, 0x01, 0x02, EC_IP4, "RT" },      /* IPv4 address specific */
	{ 0xBF, 0x01, 0x03, EC_IP4, "SoO" },
	{ 0xBF, 0x01, 0x07, EC_IP4ONLY, "OSPF-rid" }, /* RFC 4577 4.2.3.1 */
	{ 0xBF, 0x01, 0x0a, EC_IP4, "l2vpn-id" },     /* RFC 6074 3.2.1 */
	{ 0xBF, 0x01, 0x0b, EC_IP4, "VRF-import" },   /* RFC 6514 7 */
	{ 0xBF, 0x03, 0x06, EC_OSPF_RT, "OSPF-rt" },  /* RFC 4577 4.2.6 */
	{ 0xBF, 0x02, 0x02, EC_AS4, "RT" },      /* 4-octet AS specific */
	{ 0xBF, 0x02, 0x03, EC_AS4, "SoO" },
	{ 0xBF, 0x03, 0x0c, EC_TUNNEL, "encap" }, /* opaque: RFC 9012 4.1 */
	{ 0xBF, 0x03, 0x0b, EC_L4, "color" },
	{ 0xBF, 0x03, 0x0d, EC_NONE, "default-gw" }, /* RFC 7432 7.8 */
	/* EVPN (RFC 7432 7.5-7.7, RFC 9135 8.1) */
	{ 0xBF, 0x06, 0x00, EC_MM, "MM" },
	{ 0xBF, 0x06, 0x01, EC_ESIL, "ESI-label" },
	{ 0xBF, 0x06, 0x02, EC_MAC, "ES-import" },
	{ 0xBF, 0x06, 0x03, EC_MAC, "rmac" },
	/* flowspec traffic actions (RFC 8955 7, RFC 7674) */
	{ 0xFF, 0x80, 0x06, EC_FLOAT, "FS:rate" },
	{ 0xFF, 0x80, 0x0c, EC_FLOAT, "FS:rate-packets" },
	{ 0xFF, 0x80, 0x07, EC_ACTION, "FS:action" },
	{ 0xFF, 0x80, 0x08, EC_AS2, "FS:redirect-vrf" },
	{ 0xFF, 0x81, 0x08, EC_IP4, "FS:redirect-vrf" },
	{ 0xFF, 0x82, 0x08, EC_AS4, "FS:redirect-vrf" },
	{ 0xFF, 0x80, 0x09, EC_MARK, "FS:mark" },
	{ 0xFF, 0x08, 0x00, EC_COPY, "FS:redirect-ip" }, /* to the next hop */
	{ 0xFF, 0x01, 0x0c, EC_IPCOPY, "FS:redirect-ip" }, /* draft-ietf-idr-flowspec-redirect-ip */
	{ 0xFF, 0x80, 0x0a, EC_L2INFO, "l2info" },  /* RFC 4761 3.2.4 */
	{ 0xFF, 0x0c, 0x00, EC_AS2, "MUP" },     /* draft-ietf-bess-mup-safi 3.2 */
	{ 0xFF, 0x40, 0x04, EC_LB, "LB" },       /* link bandwidth, non-transitive */
	{ 0xFF, 0x43, 0x00, EC_OV, "OV" },       /* RFC 8097 2: origin validation */
	/* the experimental code points RFC 4577 (OSPF as PE-CE) lists as in use
	 * before its own (IANA: deprecated); still sent by some PEs */
	{ 0xFF, 0x80, 0x00, EC_OSPF_RT, "OSPF-rt" },
	{ 0xFF, 0x80, 0x01, EC_IP4ONLY, "OSPF-rid" },
};

/* RFC 9012 / IANA "BGP Tunnel Encapsulation Attribute Tunnel Types" */
static const struct {
	uint16_t code;
	const char *name;
} tunnel_types[] = {
	{ 1, "L2TPv3" }, { 2, "GRE" }, { 7, "IP-in-IP" }, { 8, "VXLAN" }, { 9, "NVGRE" },
	{ 10, "MPLS" }, { 11, "MPLS-in-GRE" }, { 12, "VXLAN-GPE" }, { 13, "MPLS-in-UDP" },
	{ 14, "IPv6-tunnel" }, { 15, "SR-TE" }, { 16, "bare" }, { 17, "SR-tunnel" },
	{ 19, "Geneve" },
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An IEEE 754 single (RFC 8955 7.3: bytes or packets per second). */
static void
ec_float(struct sbuf *s, const uint8_t *v4)
{
	uint32_t u = be32(v4);
	float f;

	memcpy(&f, &u, sizeof(f));
	if (f >= 0 && f < 1e15f && (float)(long long)f == f)
		sbuf_printf(s, "%lld", (long long)f);
	else
		sbuf_printf(s, "%g", (double)f);
}

static void
ec_mac(struct sbuf *s, const uint8_t *m)
{
	sbuf_printf(s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
ec_write2(struct sbuf *s, unsigned form, const char *name, const uint8_t *v)
{
	uint16_t g2 = (uint16_t)(v[2] << 8 | v[3]), l2 = (uint16_t)(v[6] << 8 | v[7]);
	static const char *const actions[4] = { "none", "terminal", "sample", "sample,terminal" };

	sbuf_printf(s, "%s:", name);
	switch (form) {
	case EC_FLOAT:
		if (g2)
			sbuf_printf(s, "AS%u:", g2);
		ec_float(s, v + 4);
		return;
	case EC_ACTION: sbuf_put(s, actions[v[7] & 3]); return;
	case EC_MARK: sbuf_printf(s, "%u", v[7] & 0x3f); return;
	case EC_MM: sbuf_printf(s, "%u%s", be32(v + 4), v[2] & 1 ? ":sticky" : ""); return;
	case EC_ESIL:
		sbuf_printf(s, "%u:%s", (unsigned)(be32(v + 4) & 0xffffff) >> 4,
		    v[2] & 1 ? "single-active" : "all-active");
		return;
	case EC_IPCOPY:
		sbuf_ipv4(s, v + 2);
		if (v[7] & 1)
			sbuf_put(s, ":copy");
		return;
	case EC_OSPF_RT:    /* area, route type, options */
		sbuf_ipv4(s, v + 2);
		sbuf_printf(s, ":%u:%u", v[6], v[7]);
		return;
	case EC_IP4ONLY: sbuf_ipv4(s, v + 2); return;
	case EC_OV: {
		static const char *const st[3] = { "valid", "not-found", "invalid" };

		if (v[7] < 3)
			sbuf_put(s, st[v[7]]);
		else
			sbuf_printf(s, "%u", v[7]);
		return;
	}
	case EC_L2INFO:     /* encapsulation, control flags, MTU, reserved */
		sbuf_printf(s, "%u:%u:%u:%u", v[2], v[3], (unsigned)(v[4] << 8 | v[5]),
		    (unsigned)(v[6] << 8 | v[7]));
		return;
	case EC_TUNNEL:
		for (size_t i = 0; i < sizeof(tunnel_types) / sizeof(tunnel_types[0]); i++)
			if (tunnel_types[i].code == l2) {
				sbuf_put(s, tunnel_types[i].name);
				return;
			}
		sbuf_printf(s, "%u", l2);
		return;
	}
}

static void
ec_write(struct sbuf *s, unsigned form, const char *name, const uint8_t *v)
{
	uint16_t g2 = (uint16_t)(v[2] << 8 | v[3]), l2 = (uint16_t)(v[6] << 8 | v[7]);

	switch (form) {
	case EC_AS2: sbuf_printf(s, "%s:%u:%u", name, g2, be32(v + 4)); return;
	case EC_AS4: sbuf_printf(s, "%s:%u:%u", name, be32(v + 2), l2); return;
	case EC_L2: sbuf_printf(s, "%s:%u", name, l2); return;
	case EC_L4: sbuf_printf(s, "%s:%u", name, be32(v + 4)); return;
	case EC_NONE: sbuf_put(s, name); return;
	case EC_COPY: sbuf_printf(s, "%s%s", name, v[7] & 1 ? ":copy" : ""); return;
	case EC_IP4:
		sbuf_printf(s, "%s:", name);
		sbuf_ipv4(s, v + 2);
		sbuf_printf(s, ":%u", l2);
		return;
	case EC_MAC:
		sbuf_printf(s, "%s:", name);
		ec_mac(s, v + 2);
		return;
	case EC_LB:
		sbuf_printf(s, "%s:%u:0x", name, g2);
		sbuf_hex(s, v + 4, 4);
		return;
	default:
		ec_write2(s, form, name, v);
	}
}

void
bgp_fmt_ext_community(struct sbuf *s, const uint8_t *v)
{
	for (size_t i = 0; i < sizeof(ec_rows) / sizeof(ec_rows[0]); i++)
		if ((v[0] & ec_rows[i].mask) == ec_rows[i].type && v[1] == ec_rows[i].sub) {
			ec_write(s, ec_rows[i].form, ec_rows[i].name, v);
			return;
		}
	sbuf_put(s, "0x");
	sbuf_hex(s, v, 8);
}

/*
 * IPv6 address specific extended communities (RFC 5701: 20 octets, type,
 * subtype, IPv6 address, 2-octet local administrator): route target, SoO,
 * flowspec redirect to a VRF (RFC 8956 7, "rt-redirect-ipv6") and to an
 * IPv6 next hop (draft-ietf-idr-flowspec-redirect-ip); else hex.
 */
void
bgp_fmt_ipv6_ext_community(struct sbuf *s, const uint8_t *v)
{
	static const struct { uint8_t sub; const char *name; } rows[] = {
		{ 0x02, "RT" }, { 0x03, "SoO" }, { 0x0d, "FS:redirect-vrf" },
		{ 0x0c, "FS:redirect-ip" },
	};
	unsigned local = (unsigned)(v[18] << 8 | v[19]);

	for (size_t i = 0; (v[0] & 0xBF) == 0 && i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (v[1] != rows[i].sub)
			continue;
		sbuf_printf(s, "%s:", rows[i].name);
		if (rows[i].sub == 0x0c) {
			sbuf_ipv6(s, v + 2);
			if (local & 1)
				sbuf_put(s, ":copy");
			return;
		}
		sbuf_putc(s, '[');
		sbuf_ipv6(s, v + 2);
		sbuf_printf(s, "]:%u", local);
		return;
	}
	sbuf_put(s, "0x");
	sbuf_hex(s, v, 20);
}

void
bgp_fmt_mp_nexthop(struct sbuf *s, const struct bgp_update *u, unsigned i)
{
	if (i >= u->mpr_nh_count)
		return;
	if (u->mpr_nh_af[i] == 4)
		sbuf_ipv4(s, u->mpr_nh[i]);
	else
		sbuf_ipv6(s, u->mpr_nh[i]);
}

void
bgp_fmt_text(struct sbuf *s, const uint8_t *p, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = sbuf_utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			sbuf_printf(s, "\\x%02x", p[i]);
			i++;
			continue;
		}
		if (cp == '\\' || cp == '"') {
			sbuf_putc(s, '\\');
			sbuf_putc(s, (char)cp);
		} else if (cp < 0x80 && sbuf_cp_control(cp))
			sbuf_printf(s, "\\x%02x", (unsigned)cp);
		else if (sbuf_cp_control(cp))
			sbuf_printf(s, "\\u%04x", (unsigned)cp);
		else
			for (size_t j = 0; j < k; j++)
				sbuf_putc(s, (char)p[i + j]);
		i += k;
	}
}
