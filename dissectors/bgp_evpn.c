/*
 * bgp_evpn.c - EVPN NLRI (AFI 25 / SAFI 70): RFC 7432 route types 1-4,
 * RFC 9136 type 5, RFC 9251 types 6-8; the ESI of every type (RFC 7432
 * 5). One walker checks and describes (bgp_nlri.h). Unknown route types
 * are shown as type and hex.
 */
#include "bgp_nlri.h"

#define EVPN_ESI_LEN 10


/* ESI types (RFC 7432 5): what the 9 value octets hold. */
static const char *const esi_kinds[] = {
	"arbitrary", "lacp", "mstp", "mac", "router-id", "as",
};

static void
esi_detail(struct nlri_out *o, const uint8_t *esi)
{
	char buf[32];
	struct sbuf s;

	if (o->e == NULL || o->text)
		return;
	emit_knum(o->e, "esi_type", esi[0]);
	if (esi[0] >= sizeof(esi_kinds) / sizeof(esi_kinds[0]))
		return;
	emit_kstr(o->e, "esi_kind", esi_kinds[esi[0]]);
	sbuf_init(&s, buf, sizeof(buf));
	switch (esi[0]) {
	case 1: case 2: case 3:     /* a MAC, then key / priority / discriminator */
		sbuf_printf(&s, "%02x:%02x:%02x:%02x:%02x:%02x", esi[1], esi[2], esi[3],
		    esi[4], esi[5], esi[6]);
		emit_kstr(o->e, "esi_mac", s.p);
		emit_knum(o->e, esi[0] == 1 ? "esi_port_key" : esi[0] == 2 ?
		    "esi_priority" : "esi_discriminator", esi[0] == 3 ?
		    (uint32_t)esi[7] << 16 | (uint32_t)esi[8] << 8 | esi[9] :
		    (uint32_t)esi[7] << 8 | esi[8]);
		break;
	case 4: case 5:             /* router id or AS, then a discriminator */
		if (esi[0] == 4) {
			sbuf_ipv4(&s, esi + 1);
			emit_kstr(o->e, "esi_router_id", s.p);
		} else
			emit_knum(o->e, "esi_as", (uint32_t)esi[1] << 24 |
			    (uint32_t)esi[2] << 16 | (uint32_t)esi[3] << 8 | esi[4]);
		emit_knum(o->e, "esi_discriminator", (uint32_t)esi[5] << 24 |
		    (uint32_t)esi[6] << 16 | (uint32_t)esi[7] << 8 | esi[8]);
		break;
	}
}

/* ESI (10 octets): "-" when all zero (single-homed), else colon hex. */
static bool
nout_esi(struct nlri_out *o, struct cur *v)
{
	uint8_t esi[EVPN_ESI_LEN];
	char buf[3 * EVPN_ESI_LEN + 2];
	struct sbuf s;
	bool zero = true;

	if (!cur_copy(v, esi, EVPN_ESI_LEN))
		return nout_fail(o, v, "truncated Ethernet segment identifier");
	if (o->e == NULL)
		return true;
	sbuf_init(&s, buf, sizeof(buf));
	for (unsigned i = 0; i < EVPN_ESI_LEN; i++) {
		zero = zero && esi[i] == 0;
		sbuf_printf(&s, i ? ":%02x" : "%02x", esi[i]);
	}
	emit_kstr(o->e, "esi", zero ? "-" : s.p);
	if (!zero)
		esi_detail(o, esi);
	return true;
}

static bool
nout_tag(struct nlri_out *o, struct cur *v)
{
	return nout_u32(o, v, "tag", "truncated Ethernet tag");
}

static bool
nout_mac(struct nlri_out *o, struct cur *v)
{
	uint8_t bits, m[6];
	char buf[20];
	struct sbuf s;

	if (cur_left(v) && v->p[0] != 48)
		return nout_fail(o, v, "MAC address length not 48 bits");
	if (!cur_u8(v, &bits))
		return nout_fail(o, v, "truncated MAC address length");
	if (!cur_copy(v, m, 6))
		return nout_fail(o, v, "truncated MAC address");
	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		sbuf_printf(&s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		emit_kstr(o->e, "mac", s.p);
	}
	return true;
}

/* Type 1 (RD, ESI, tag, label) and type 2 (... MAC, IP, one or two labels). */
static bool
evpn_ad_macip(struct nlri_out *o, unsigned type, struct cur *v)
{
	if (!nout_rd(o, v) || !nout_esi(o, v) || !nout_tag(o, v))
		return false;
	if (type == 2 && (!nout_mac(o, v) || !nout_lenaddr(o, v, "ip", "IP address")))
		return false;
	/* type 2: label 2 only when 3 octets are left (RFC 7432 7.2) */
	return nout_labels(o, v, type == 2 && cur_left(v) >= 6 ? 2 : 1);
}

/* Type 3 (RD, tag, originator) and type 4 (RD, ESI, originator). */
static bool
evpn_imet_es(struct nlri_out *o, unsigned type, struct cur *v)
{
	if (!nout_rd(o, v))
		return false;
	if (type == 3 ? !nout_tag(o, v) : !nout_esi(o, v))
		return false;
	if (cur_left(v) && v->p[0] == 0)
		return nout_fail(o, v, "originator address length 0");
	return nout_lenaddr(o, v, "originator", "originator address");
}

/* Type 5 (RFC 9136 3.1): RD, ESI, tag, prefix length, prefix and gateway
 * (4 octets each for IPv4, 16 for IPv6: the route's length says which), label. */
static bool
evpn_prefix(struct nlri_out *o, struct cur *v)
{
	uint8_t plen, pfx[16], gw[16];
	unsigned alen = cur_left(v) == 34 ? 4 : cur_left(v) == 58 ? 16 : 0;
	char buf[64];
	struct sbuf s;

	if (alen == 0)
		return nout_fail(o, v, "IP prefix route length not 34 (IPv4) or 58 (IPv6)");
	if (!nout_rd(o, v) || !nout_esi(o, v) || !nout_tag(o, v))
		return false;
	if (!cur_u8(v, &plen) || plen > alen * 8) {
		v->p--;
		return nout_fail(o, v, "prefix length longer than the address");
	}
	if (!cur_copy(v, pfx, alen) || !cur_copy(v, gw, alen))
		return nout_fail(o, v, "truncated prefix or gateway");
	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		if (alen == 4)
			sbuf_ipv4(&s, pfx);
		else
			sbuf_ipv6(&s, pfx);
		sbuf_printf(&s, "/%u", plen);
		emit_kstr(o->e, "prefix", s.p);
		nout_addr(o, "gateway", gw, alen);
	}
	return nout_labels(o, v, 1);
}

/*
 * Types 6-8 (RFC 9251 9): RD, [ESI (7, 8)], tag, source, group and
 * originator (each a length in bits and an address), then type 8's leave
 * group synchronization number and maximum response time, and the flags
 * octet. An earlier draft's layout without the flags octet is decoded
 * and said (JSON "flags_absent").
 */
static bool
evpn_mcast(struct nlri_out *o, unsigned type, struct cur *v)
{
	uint8_t flags, mrt;
	uint32_t seq;

	if (!nout_rd(o, v))
		return false;
	if (type != 6 && !nout_esi(o, v))
		return false;
	if (!nout_tag(o, v) || !nout_lenaddr(o, v, "source", "multicast source") ||
	    !nout_lenaddr(o, v, "group", "multicast group") ||
	    !nout_lenaddr(o, v, "originator", "originator address"))
		return false;
	if (type == 8) {
		if (!cur_u32(v, &seq) || !cur_u8(v, &mrt))
			return nout_fail(o, v, "truncated sequence number or response time");
		nout_num(o, "sync", seq);
		nout_num(o, "max_response", mrt);
	}
	if (cur_left(v) == 0) {
		if (o->e && !o->text)
			emit_kbool(o->e, "flags_absent", true);
		return true;
	}
	if (!cur_u8(v, &flags))
		return nout_fail(o, v, "truncated flags");
	nout_num(o, "flags", flags);
	return true;
}

static bool evpn_t12(struct nlri_out *o, unsigned t, struct cur *v) { return evpn_ad_macip(o, t, v); }
static bool evpn_t34(struct nlri_out *o, unsigned t, struct cur *v) { return evpn_imet_es(o, t, v); }
static bool evpn_t5(struct nlri_out *o, unsigned t, struct cur *v) { (void)t; return evpn_prefix(o, v); }

/* The route types (IANA "EVPN Route Types"): name and walker. */
static const struct {
	const char *name;
	nlri_walk_fn walk;
} evpn_types[] = {
	[1] = { "ethernet-ad", evpn_t12 }, [2] = { "mac-ip", evpn_t12 },
	[3] = { "multicast", evpn_t34 }, [4] = { "es", evpn_t34 },
	[5] = { "ip-prefix", evpn_t5 }, [6] = { "smet", evpn_mcast },
	[7] = { "join-sync", evpn_mcast }, [8] = { "leave-sync", evpn_mcast },
};

bool
bgp_evpn_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	if (type >= sizeof(evpn_types) / sizeof(evpn_types[0]) || evpn_types[type].walk == NULL)
		return nout_unknown_type(o, type, v);
	nout_str(o, "type", evpn_types[type].name);
	nout_jnum(o, "route_type", type);
	return evpn_types[type].walk(o, type, v);
}
