/*
 * bgp_nlri_misc.c - the smaller NLRI families, one walker each
 * (bgp_nlri.h): RT constraint (RFC 4684), VPLS (RFC 4761 3.2.2 and the
 * RFC 6074 auto-discovery form), MVPN (RFC 6514 4, route types 1-7) and
 * MUP (draft-ietf-bess-mup-safi 3, architecture 1, route types 1-4).
 */
#include "bgp_nlri.h"

/* The rest of the value is an address: 4 or 16 octets. */
static bool
rest_addr(struct nlri_out *o, struct cur *v, const char *k)
{
	const uint8_t *a;
	size_t n = cur_left(v);

	if ((n != 4 && n != 16) || !cur_bytes(v, n, &a))
		return nout_fail(o, v, "address not 4 or 16 octets");
	nout_addr(o, k, a, (unsigned)n);
	return true;
}

/* A prefix of `bits` (at most 32 or 128) in ceil(bits/8) octets. */
static bool
bits_prefix(struct nlri_out *o, struct cur *v, const char *k, unsigned bits, unsigned alen)
{
	uint8_t a[16] = { 0 };
	char buf[64];
	struct sbuf s;

	if (bits > alen * 8u)
		return nout_fail(o, v, "prefix length longer than the address");
	if (!cur_copy(v, a, (bits + 7u) / 8u))
		return nout_fail(o, v, "prefix shorter than its length");
	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		if (alen == 4)
			sbuf_ipv4(&s, a);
		else
			sbuf_ipv6(&s, a);
		sbuf_printf(&s, "/%u", bits);
		emit_kstr(o->e, k, s.p);
	}
	return true;
}

/* ---------------------------------------------------------------- RT constraint */

/*
 * A route target (an extended community, RFC 4360 and RFC 5668) field by
 * field: type, subtype, then by type the global and local administrators,
 * or the 6-octet value of a type without them. Every field starts on an
 * octet.
 */
enum { RTF_NUM, RTF_IPV4, RTF_HEX };

struct rt_field {
	const char *key;         /* the whole field, decoded */
	const char *pkey;        /* its leading bits only: "0x.../bits" */
	uint8_t bits;
	uint8_t kind;
};

struct rt_layout {
	int type;                /* -1: any other type */
	struct rt_field f[4];
};

#define RT_TYPE { "rt_type", "rt_type_prefix", 8, RTF_NUM }
#define RT_SUB { "rt_subtype", "rt_subtype_prefix", 8, RTF_NUM }
#define RT_GLOBAL(bits, kind) { "rt_global", "rt_global_prefix", bits, kind }
#define RT_LOCAL(bits) { "rt_local", "rt_local_prefix", bits, RTF_NUM }

static const struct rt_layout rt_layouts[] = {
	{ 0x00, { RT_TYPE, RT_SUB, RT_GLOBAL(16, RTF_NUM), RT_LOCAL(32) } },   /* 2-octet AS */
	{ 0x01, { RT_TYPE, RT_SUB, RT_GLOBAL(32, RTF_IPV4), RT_LOCAL(16) } },  /* IPv4 address */
	{ 0x02, { RT_TYPE, RT_SUB, RT_GLOBAL(32, RTF_NUM), RT_LOCAL(16) } },   /* 4-octet AS */
	{ -1, { RT_TYPE, RT_SUB, { "rt_value", "rt_value_prefix", 48, RTF_HEX }, { NULL, NULL, 0, 0 } } },
};

/* One field of which `take` bits (1 to f->bits) are in the prefix. */
static void
rt_field_out(struct nlri_out *o, const struct rt_field *f, const uint8_t *a, unsigned take)
{
	unsigned n = (take + 7u) / 8u;
	uint64_t x = 0;
	char buf[40];
	struct sbuf s;

	sbuf_init(&s, buf, sizeof(buf));
	if (take < f->bits || f->kind == RTF_HEX) {
		sbuf_put(&s, "0x");
		sbuf_hex(&s, a, n);
		if (take < f->bits)
			sbuf_printf(&s, "/%u", take);
		emit_kstr(o->e, take < f->bits ? f->pkey : f->key, s.p);
	} else if (f->kind == RTF_IPV4)
		nout_addr(o, f->key, a, 4);
	else {
		for (unsigned i = 0; i < n; i++)
			x = x << 8 | a[i];
		nout_num(o, f->key, x);
	}
}

/* The first `bits` (1 to 63) of a route target, field by field. */
static void
rt_prefix_out(struct nlri_out *o, const uint8_t rt[8], unsigned bits)
{
	const struct rt_layout *l = rt_layouts;
	unsigned pos = 0;

	while (l->type >= 0 && (bits < 8 || l->type != rt[0]))
		l++;
	for (unsigned i = 0; i < 4 && l->f[i].key != NULL && pos < bits; i++) {
		unsigned take = bits - pos < l->f[i].bits ? bits - pos : l->f[i].bits;

		rt_field_out(o, &l->f[i], rt + pos / 8, take);
		pos += l->f[i].bits;
	}
}

/*
 * RFC 4684 4: length in bits (the "type" here), 0 (any RT) or 32-96:
 * origin AS (4), then the route target's first length - 32 bits: all 64
 * shown as the community, fewer field by field (rt_prefix_out).
 */
bool
bgp_rtc_walk(struct nlri_out *o, unsigned bits, struct cur *v)
{
	uint32_t as;
	uint8_t rt[8] = { 0 };
	char buf[64];
	struct sbuf s;

	if (bits == 0) {
		nout_str(o, "type", "any-rt");
		return true;
	}
	if (bits < 32 || bits > 96)
		return nout_fail(o, v, "length not 0 or 32-96 bits (RFC 4684 4)");
	if (!cur_u32(v, &as) || !cur_copy(v, rt, (bits - 32 + 7) / 8))
		return nout_fail(o, v, "truncated origin AS or route target");
	nout_num(o, "origin_as", as);
	if (o->e == NULL || bits == 32)
		return true;
	if (bits < 96) {
		rt_prefix_out(o, rt, bits - 32);
		return true;
	}
	sbuf_init(&s, buf, sizeof(buf));
	bgp_fmt_ext_community(&s, rt);
	emit_kstr(o->e, "rt", s.p);
	return true;
}

/* ---------------------------------------------------------------- VPLS */

bool
bgp_vpls_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	uint16_t ve, off, size;
	uint32_t base;

	(void)type;
	if (cur_left(v) != 17 && cur_left(v) != 12)
		return nout_fail(o, v, "length not 17 (RFC 4761) or 12 (RFC 6074)");
	if (cur_left(v) == 12) {
		nout_str(o, "type", "vpls-ad");
		return nout_rd(o, v) && rest_addr(o, v, "pe");
	}
	nout_str(o, "type", "vpls");
	if (!nout_rd(o, v))
		return false;
	if (!cur_u16(v, &ve) || !cur_u16(v, &off) || !cur_u16(v, &size) || !cur_u24(v, &base))
		return nout_fail(o, v, "truncated VE fields");
	nout_num(o, "ve_id", ve);
	nout_num(o, "ve_block_offset", off);
	nout_num(o, "ve_block_size", size);
	nout_num(o, "label_base", base >> 4);
	return true;
}

/* ---------------------------------------------------------------- MVPN */

static bool
mvpn_sg(struct nlri_out *o, struct cur *v)
{
	return nout_lenaddr(o, v, "source", "multicast source") &&
	    nout_lenaddr(o, v, "group", "multicast group");
}

static bool
mvpn_as(struct nlri_out *o, struct cur *v)
{
	return nout_u32(o, v, "source_as", "truncated source AS");
}

/* Type 4: the route key is an MCAST-VPN NLRI (type, length, value: shown
 * as type and hex, not walked again), then the originator. */
static bool
mvpn_leaf(struct nlri_out *o, struct cur *v)
{
	uint8_t kt, kl;
	struct cur key;
	char buf[2 * 255 + 4];
	struct sbuf s;

	if (!cur_u8(v, &kt) || !cur_u8(v, &kl) || !cur_sub(v, kl, &key))
		return nout_fail(o, v, "route key longer than the route");
	nout_num(o, "key_type", kt);
	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		sbuf_put(&s, "0x");
		sbuf_hex(&s, key.p, cur_left(&key));
		emit_kstr(o->e, "key", s.p);
	}
	return rest_addr(o, v, "originator");
}

static const char *const mvpn_names[] = {
	[1] = "intra-as-ipmsi-ad", [2] = "inter-as-ipmsi-ad", [3] = "spmsi-ad",
	[4] = "leaf-ad", [5] = "source-active-ad", [6] = "shared-tree-join",
	[7] = "source-tree-join",
};

bool
bgp_mvpn_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	if (type >= sizeof(mvpn_names) / sizeof(mvpn_names[0]) || mvpn_names[type] == NULL)
		return nout_unknown_type(o, type, v);
	nout_str(o, "type", mvpn_names[type]);
	nout_jnum(o, "route_type", type);
	if (type == 4)
		return mvpn_leaf(o, v);
	if (!nout_rd(o, v))
		return false;
	switch (type) {
	case 1: return rest_addr(o, v, "originator");
	case 2: return mvpn_as(o, v);
	case 3: return mvpn_sg(o, v) && rest_addr(o, v, "originator");
	case 5: return mvpn_sg(o, v);
	default: return mvpn_as(o, v) && mvpn_sg(o, v);   /* 6, 7: C-multicast */
	}
}

/* ---------------------------------------------------------------- MUP */

/* Type 3 (type 1 session transformed): prefix, TEID, QFI, endpoint,
 * optional source. */
static bool
mup_t1st(struct nlri_out *o, struct cur *v, unsigned alen)
{
	uint8_t plen, qfi;
	uint32_t teid;

	if (!cur_u8(v, &plen) || !bits_prefix(o, v, "prefix", plen, alen))
		return o->why ? false : nout_fail(o, v, "truncated prefix");
	if (!cur_u32(v, &teid) || !cur_u8(v, &qfi))
		return nout_fail(o, v, "truncated TEID or QFI");
	nout_num(o, "teid", teid);
	nout_num(o, "qfi", qfi);
	if (!nout_lenaddr(o, v, "endpoint", "endpoint address"))
		return false;
	return cur_left(v) == 0 || nout_lenaddr(o, v, "source", "source address");
}

/* Type 4 (type 2 session transformed): endpoint length in bits covers the
 * address and the TEID's leading bits. */
static bool
mup_t2st(struct nlri_out *o, struct cur *v, unsigned alen)
{
	uint8_t bits, a[16], t[4] = { 0 };
	unsigned tb;

	if (cur_left(v) && (v->p[0] < alen * 8u || v->p[0] > alen * 8u + 32))
		return nout_fail(o, v, "endpoint length not address + 0-32 TEID bits");
	if (!cur_u8(v, &bits))
		return nout_fail(o, v, "truncated endpoint length");
	tb = bits - alen * 8u;
	if (!cur_copy(v, a, alen) || !cur_copy(v, t + 4 - (tb + 7) / 8, (tb + 7) / 8))
		return nout_fail(o, v, "truncated endpoint or TEID");
	nout_addr(o, "endpoint", a, alen);
	nout_num(o, "teid", (uint32_t)t[0] << 24 | (uint32_t)t[1] << 16 | (uint32_t)t[2] << 8 | t[3]);
	nout_num(o, "teid_bits", tb);
	return true;
}

static const char *const mup_names[] = {
	[1] = "isd", [2] = "dsd", [3] = "t1st", [4] = "t2st",
};

/* "type" is architecture << 16 | route type (bgp_nlri.c). */
bool
bgp_mup_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	unsigned arch = type >> 16, rt = type & 0xffff, alen = o->afi == 2 ? 16 : 4;
	uint8_t plen;

	if (arch != 1 || rt >= sizeof(mup_names) / sizeof(mup_names[0]) || mup_names[rt] == NULL)
		return nout_unknown_type(o, type, v);
	nout_str(o, "type", mup_names[rt]);
	nout_jnum(o, "architecture", arch);
	nout_jnum(o, "route_type", rt);
	if (!nout_rd(o, v))
		return false;
	switch (rt) {
	case 1:
		if (!cur_u8(v, &plen))
			return nout_fail(o, v, "truncated prefix length");
		return bits_prefix(o, v, "prefix", plen, alen);
	case 2: return rest_addr(o, v, "address");
	case 3: return mup_t1st(o, v, alen);
	default: return mup_t2st(o, v, alen);
	}
}
