/*
 * decode.c - the outer end of the frame decoder: link-layer types,
 * Ethernet types, VLAN stacks (802.1Q, 802.1ad, 0x9100/0x9200 QinQ), MPLS
 * label stacks, GRE (RFC 2784/2890, with checksum, key, sequence; ERSPAN
 * types II and III), VXLAN (RFC 7348; UDP 4789 and Azure gateway load
 * balancer's 10800/10801), Juniper Ethernet and frame relay.
 *
 * Every header is read through the bounds-checked cursor; every layer
 * counts against DEC_MAX_DEPTH (see decode.h), so the mutual calls between
 * handlers are bounded.
 *
 * Layering: decode.c calls decode_ip.c and decode_util.c; decode_ip.c
 * enters the tunnels here (GRE, UDP/VXLAN, MPLS in IP) only through the
 * struct dec_tunnels this file hands it in c->tun, never by name.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"

#define MAX_MPLS_LABELS 16

/* Ethernet types followed (IEEE 802 numbers) */
enum {
	ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd,
	ET_VLAN = 0x8100, ET_QINQ = 0x88a8,          /* 802.1Q, 802.1ad */
	ET_QINQ_9100 = 0x9100, ET_QINQ_9200 = 0x9200, /* pre-802.1ad QinQ */
	ET_MPLS = 0x8847, ET_MPLS_MC = 0x8848,
	ET_TEB = 0x6558,                             /* GRE transparent Ethernet bridging */
	ET_ERSPAN2 = 0x88be, ET_ERSPAN3 = 0x22eb,
};
/* UDP ports of VXLAN (RFC 7348) and of Azure's gateway load balancer */
enum { PORT_VXLAN = 4789, PORT_GWLB_INT = 10800, PORT_GWLB_EXT = 10801 };
/* GRE flags (RFC 2784, 2890; RFC 1701 routing), version in the low bits */
enum {
	GRE_CSUM = 0x8000, GRE_ROUTING = 0x4000, GRE_KEY = 0x2000, GRE_SEQ = 0x1000,
	GRE_VERSION = 0x0007,
};
/* PPP protocols (RFC 1332, 5072, 3032) */
enum { PPP_IPV4 = 0x21, PPP_IPV6 = 0x57, PPP_MPLS = 0x281, PPP_MPLS_MC = 0x283 };
/* NLPIDs of RFC 2427 frame relay */
enum { NLPID_PAD = 0x00, NLPID_SNAP = 0x80, NLPID_IPV6 = 0x8e, NLPID_IPV4 = 0xcc };
/* The address families of the NULL/LOOP header: AF_INET everywhere, AF_INET6
 * of Linux, OpenBSD/NetBSD, FreeBSD, Darwin */
enum { BSD_AF_INET = 2, BSD_AF_INET6_LINUX = 10, BSD_AF_INET6_BSD = 24,
	BSD_AF_INET6_FREEBSD = 28, BSD_AF_INET6_DARWIN = 30 };
/* Link types read (LINKTYPE_ values of pcap-linktype(7)) */
enum {
	LT_NULL = 0, LT_EN10MB = 1, LT_PPP = 9, LT_RAW_OPENBSD = 12, LT_RAW_BSDOS = 14,
	LT_PPP_SERIAL = 50, LT_RAW = 101, LT_C_HDLC = 104, LT_FRELAY = 107, LT_LOOP = 108,
	LT_LINUX_SLL = 113, LT_JUNIPER_ETHER = 178, LT_IPV4 = 228, LT_IPV6 = 229,
	LT_LINUX_SLL2 = 276,
};

/* ---------------------------------------------------------------- VLAN */

static bool
is_vlan_tpid(uint16_t et)
{
	return et == ET_VLAN || et == ET_QINQ || et == ET_QINQ_9100 || et == ET_QINQ_9200;
}

/* A stack of tags, the first TPID already read; then the inner type. */
static void
et_vlan(struct dctx *x, uint16_t et, struct cur *cu)
{
	uint16_t tci;
	int n;

	for (n = 0; is_vlan_tpid(et); n++) {
		if (n == DEC_MAX_VLAN) {
			dec_undecodable(x, "too many VLAN tags");
			return;
		}
		if (!cur_u16(cu, &tci) || !cur_u16(cu, &et)) {
			dec_truncated(x, "VLAN tag truncated");
			return;
		}
		if (!dec_enter(x, "vlan %u", (unsigned)(tci & 0x0fff)))
			return;
	}
	dec_ethertype(x, et, cu);
}

/* ---------------------------------------------------------------- MPLS */

/* Does an Ethernet frame with a type we follow start `skip` bytes in? */
static bool
looks_ether(const struct cur *cu, size_t skip)
{
	uint16_t et;

	if (cur_left(cu) < skip + 14)
		return false;
	et = (uint16_t)(cu->p[skip + 12] << 8 | cu->p[skip + 13]);
	return et == ET_IPV4 || et == ET_IPV6 || is_vlan_tpid(et) || et == ET_MPLS;
}

/*
 * What follows the bottom of the stack, where it can be told: IPv4 or
 * IPv6 by the version nibble; an Ethernet pseudowire with a control word
 * (RFC 4385: first nibble 0) or without one, when an Ethernet type we
 * follow sits where it should.
 */
static void
mpls_payload(struct dctx *x, struct cur *cu)
{
	uint8_t nib;

	if (cur_left(cu) < 1) {
		dec_truncated(x, "MPLS payload truncated");
		return;
	}
	nib = cu->p[0] >> 4;
	if (nib == 4 || nib == 6) {
		dec_ip(x, cu);
		return;
	}
	if (nib == 0 && looks_ether(cu, 4)) {
		cur_skip(cu, 4);
		if (dec_enter(x, "pw"))
			dec_ether(x, cu);
		return;
	}
	if (looks_ether(cu, 0)) {
		if (dec_enter(x, "pw"))
			dec_ether(x, cu);
		return;
	}
	dec_undecodable(x, "MPLS payload neither IP nor an Ethernet pseudowire");
}

void
dec_mpls(struct dctx *x, struct cur *cu)
{
	char lab[PKT_ENCAP_LEN] = "mpls";
	size_t used = 4;
	uint32_t v;
	int n;

	for (n = 0; n < MAX_MPLS_LABELS; n++) {
		if (!cur_u32(cu, &v)) {
			dec_truncated(x, "MPLS label stack truncated");
			return;
		}
		if (used < sizeof(lab))
			used += (size_t)snprintf(lab + used, sizeof(lab) - used, "%c%u",
			    n ? '/' : ' ', (unsigned)(v >> 12));
		if (v & 0x100)
			break;
	}
	if (n == MAX_MPLS_LABELS) {
		dec_undecodable(x, "MPLS label stack deeper than 16");
		return;
	}
	if (dec_enter(x, "%s", lab))
		mpls_payload(x, cu);
}

static void
et_mpls(struct dctx *x, uint16_t et, struct cur *cu)
{
	(void)et;
	dec_mpls(x, cu);
}

/* ------------------------------------------------------------ Ethernet */

static void
et_ipv4(struct dctx *x, uint16_t et, struct cur *cu)
{
	(void)et;
	dec_ipv4(x, cu);
}

static void
et_ipv6(struct dctx *x, uint16_t et, struct cur *cu)
{
	(void)et;
	dec_ipv6(x, cu);
}

/* GRE transparent Ethernet bridging (0x6558): an Ethernet frame. */
static void
et_teb(struct dctx *x, uint16_t et, struct cur *cu)
{
	(void)et;
	if (dec_enter(x, "eth"))
		dec_ether(x, cu);
}

/* ERSPAN (GRE 0x88be type II, 0x22eb type III): a header, then Ethernet. */
static void
et_erspan(struct dctx *x, uint16_t et, struct cur *cu)
{
	uint16_t vv, sess;
	size_t hl = 8;

	if (!cur_u16(cu, &vv) || !cur_u16(cu, &sess)) {
		dec_truncated(x, "ERSPAN header truncated");
		return;
	}
	if (et == ET_ERSPAN3) {
		/* type III: 12 bytes, 8 more with the optional subheader (O) */
		hl = 12;
		if (cur_left(cu) >= 8 && (cu->p[7] & 0x01))
			hl += 8;
	}
	if (!cur_skip(cu, hl - 4)) {
		dec_truncated(x, "ERSPAN header truncated");
		return;
	}
	if (dec_enter(x, "erspan %u", (unsigned)(sess & 0x03ff)))
		dec_ether(x, cu);
}

/* The Ethernet types followed: one row each. */
static const struct {
	uint16_t et;
	void (*fn)(struct dctx *x, uint16_t et, struct cur *cu);
} ethertypes[] = {
	{ ET_IPV4, et_ipv4 },
	{ ET_IPV6, et_ipv6 },
	{ ET_VLAN, et_vlan },
	{ ET_QINQ, et_vlan },
	{ ET_QINQ_9100, et_vlan },
	{ ET_QINQ_9200, et_vlan },
	{ ET_MPLS, et_mpls },
	{ ET_MPLS_MC, et_mpls },
	{ ET_TEB, et_teb },
	{ ET_ERSPAN2, et_erspan },
	{ ET_ERSPAN3, et_erspan },
};

void
dec_ethertype(struct dctx *x, uint16_t et, struct cur *cu)
{
	size_t i;

	for (i = 0; i < sizeof(ethertypes) / sizeof(ethertypes[0]); i++)
		if (ethertypes[i].et == et) {
			ethertypes[i].fn(x, et, cu);
			return;
		}
}

void
dec_ether(struct dctx *x, struct cur *cu)
{
	uint8_t mac[12];
	uint16_t et;

	if (!cur_copy(cu, mac, sizeof(mac)) || !cur_u16(cu, &et)) {
		dec_truncated(x, "Ethernet header truncated");
		return;
	}
	if (!x->pi->has_mac) {   /* the outermost, as tcpdump -e shows it */
		x->pi->has_mac = true;
		memcpy(x->pi->mac_dst, mac, 6);
		memcpy(x->pi->mac_src, mac + 6, 6);
		x->pi->ethertype = et;
	}
	dec_ethertype(x, et, cu);
}

/* ------------------------------------------------------------- tunnels */

void
dec_gre(struct dctx *x, struct cur *cu)
{
	uint16_t flags, proto;
	uint32_t key = 0;
	bool has_key;

	if (!cur_u16(cu, &flags) || !cur_u16(cu, &proto)) {
		dec_truncated(x, "GRE header truncated");
		return;
	}
	if ((flags & GRE_VERSION) != 0)	/* version 1 is PPTP's enhanced GRE */
		return;
	if (flags & GRE_ROUTING) {
		dec_undecodable(x, "GRE with source routing (RFC 1701) not followed");
		return;
	}
	has_key = (flags & GRE_KEY) != 0;
	if (((flags & GRE_CSUM) && !cur_skip(cu, 4)) ||
	    (has_key && !cur_u32(cu, &key)) ||
	    ((flags & GRE_SEQ) && !cur_skip(cu, 4))) {
		dec_truncated(x, "GRE header truncated");
		return;
	}
	if (!(has_key ? dec_enter(x, "gre key %u", (unsigned)key) : dec_enter(x, "gre")))
		return;
	dec_ethertype(x, proto, cu);
}

/* UDP: VXLAN on its ports, nothing else. */
void
dec_udp(struct dctx *x, struct cur *cu)
{
	uint16_t sport, dport;
	uint8_t flags;
	uint32_t vni;

	if (!cur_u16(cu, &sport) || !cur_u16(cu, &dport) || !cur_skip(cu, 4))
		return;
	if (dport != PORT_VXLAN && dport != PORT_GWLB_INT && dport != PORT_GWLB_EXT)
		return;
	if (!cur_u8(cu, &flags) || !cur_skip(cu, 3) || !cur_u24(cu, &vni) ||
	    !cur_skip(cu, 1)) {
		dec_truncated(x, "VXLAN header truncated");
		return;
	}
	if (!(flags & 0x08))	/* I flag: a VNI is present (RFC 7348) */
		return;
	if (dec_enter(x, "vxlan %u", (unsigned)vni))
		dec_ether(x, cu);
}

/* --------------------------------------------------------- link layers */

static void
link_ether(struct dctx *x, struct cur *cu)
{
	dec_ether(x, cu);
}

/* A fixed header of hlen bytes with an Ethernet type at et_at (the rows of
 * links[] without a function: Linux cooked v1/v2, Cisco HDLC). */
static void
link_et_at(struct dctx *x, struct cur *cu, size_t et_at, size_t hlen)
{
	uint16_t et;

	if (cur_left(cu) < hlen) {
		dec_truncated(x, "link-layer header truncated");
		return;
	}
	et = (uint16_t)(cu->p[et_at] << 8 | cu->p[et_at + 1]);
	cur_skip(cu, hlen);
	dec_ethertype(x, et, cu);
}

static void
link_null(struct dctx *x, struct cur *cu)
{
	uint32_t af;

	if (cur_left(cu) < 4) {
		dec_truncated(x, "link-layer header truncated");
		return;
	}
	memcpy(&af, cu->p, 4);	/* host order of the capturing machine */
	if (af > 0xffff)
		af = __builtin_bswap32(af);
	cur_skip(cu, 4);
	if (af == BSD_AF_INET)
		dec_ipv4(x, cu);
	else if (af == BSD_AF_INET6_LINUX || af == BSD_AF_INET6_BSD ||
	    af == BSD_AF_INET6_FREEBSD || af == BSD_AF_INET6_DARWIN)
		dec_ipv6(x, cu);
}

/* PPP protocol numbers followed (RFC 1661, 3032) */
static void
ppp_proto(struct dctx *x, uint16_t proto, struct cur *cu)
{
	if (proto == PPP_IPV4)
		dec_ipv4(x, cu);
	else if (proto == PPP_IPV6)
		dec_ipv6(x, cu);
	else if (proto == PPP_MPLS || proto == PPP_MPLS_MC)
		dec_mpls(x, cu);
}

static void
link_ppp(struct dctx *x, struct cur *cu)
{
	/* RFC 1661/1662: [ff 03] protocol (1 byte when compressed: odd) */
	uint8_t b0, b1;

	if (cur_left(cu) >= 2 && cu->p[0] == 0xff && cu->p[1] == 0x03)
		cur_skip(cu, 2);
	if (!cur_u8(cu, &b0)) {
		dec_truncated(x, "link-layer header truncated");
		return;
	}
	if (b0 & 1) {
		ppp_proto(x, b0, cu);
		return;
	}
	if (!cur_u8(cu, &b1)) {
		dec_truncated(x, "link-layer header truncated");
		return;
	}
	ppp_proto(x, (uint16_t)(b0 << 8 | b1), cu);
}

/*
 * Frame relay: a Q.922 address (2 to 4 bytes, the last with EA set), then
 * either RFC 2427 (control 0x03 UI, optional pad, NLPID: 0xcc IPv4, 0x8e
 * IPv6, 0x80 SNAP) or Cisco's encapsulation (an Ethernet type).
 */
static void
link_frelay(struct dctx *x, struct cur *cu)
{
	uint8_t a[4], nlpid;
	uint16_t et;
	int n = 0;

	do {
		if (n == 4 || !cur_u8(cu, &a[n])) {
			dec_truncated(x, "frame relay address truncated");
			return;
		}
	} while (!(a[n++] & 0x01));
	if (n < 2 || !dec_enter(x, "dlci %u", (unsigned)((a[0] >> 2) << 4 | a[1] >> 4)))
		return;
	if (cur_left(cu) >= 1 && cu->p[0] != 0x03) {
		if (cur_u16(cu, &et))
			dec_ethertype(x, et, cu);	/* Cisco */
		return;
	}
	if (!cur_skip(cu, 1) || !cur_u8(cu, &nlpid) ||
	    (nlpid == NLPID_PAD && !cur_u8(cu, &nlpid))) {
		dec_truncated(x, "frame relay header truncated");
		return;
	}
	if (nlpid == NLPID_IPV4)
		dec_ipv4(x, cu);
	else if (nlpid == NLPID_IPV6)
		dec_ipv6(x, cu);
	else if (nlpid == NLPID_SNAP) {
		const uint8_t *oui;

		if (!cur_bytes(cu, 3, &oui) || !cur_u16(cu, &et))
			return;
		if (oui[0] == 0 && oui[1] == 0 && oui[2] == 0)
			dec_ethertype(x, et, cu);
		else if (oui[0] == 0x00 && oui[1] == 0x80 && oui[2] == 0xc2 &&
		    (et == 0x0001 || et == 0x0007) && cur_skip(cu, 2))
			dec_ether(x, cu);	/* bridged Ethernet (after 2 pad bytes) */
	}
}

/*
 * Juniper Ethernet: "MGC", flags; with 0x80 an extension block (16-bit
 * length, TLVs) follows; with 0x02 (no L2) the packet is IP without the
 * Ethernet header, else an Ethernet frame.
 */
static void
link_juniper_ether(struct dctx *x, struct cur *cu)
{
	const uint8_t *m;
	uint8_t flags;
	uint16_t extlen;

	if (!cur_bytes(cu, 3, &m) || !cur_u8(cu, &flags)) {
		dec_truncated(x, "Juniper header truncated");
		return;
	}
	if (m[0] != 'M' || m[1] != 'G' || m[2] != 'C') {
		dec_undecodable(x, "Juniper header without its MGC magic");
		return;
	}
	if ((flags & 0x80) && (!cur_u16(cu, &extlen) || !cur_skip(cu, extlen))) {
		dec_truncated(x, "Juniper extensions truncated");
		return;
	}
	if (!dec_enter(x, "juniper"))
		return;
	if (flags & 0x02) {
		if (cur_skip(cu, 4))
			dec_ip(x, cu);
		return;
	}
	dec_ether(x, cu);
}

static void
link_ip(struct dctx *x, struct cur *cu)
{
	dec_ip(x, cu);
}

static void
link_ipv4(struct dctx *x, struct cur *cu)
{
	dec_ipv4(x, cu);
}

static void
link_ipv6(struct dctx *x, struct cur *cu)
{
	dec_ipv6(x, cu);
}

/* The link types read: one row each (DLT values as in pcap-linktype(7)).
 * A row without a function is a fixed header of hlen bytes whose Ethernet
 * type sits at et_at. */
static const struct {
	int dlt;
	void (*fn)(struct dctx *x, struct cur *cu);
	uint8_t et_at, hlen;
} links[] = {
	{ LT_EN10MB, link_ether, 0, 0 },
	{ LT_LINUX_SLL, NULL, 14, 16 },   /* type, ARPHRD, addr len, addr[8], protocol */
	{ LT_LINUX_SLL2, NULL, 0, 20 },   /* protocol first */
	{ LT_NULL, link_null, 0, 0 },
	{ LT_LOOP, link_null, 0, 0 },
	{ LT_RAW_OPENBSD, link_ip, 0, 0 },
	{ LT_RAW_BSDOS, link_ip, 0, 0 },
	{ LT_RAW, link_ip, 0, 0 },
	{ LT_IPV4, link_ipv4, 0, 0 },
	{ LT_IPV6, link_ipv6, 0, 0 },
	{ LT_PPP, link_ppp, 0, 0 },
	{ LT_PPP_SERIAL, link_ppp, 0, 0 },
	{ LT_C_HDLC, NULL, 2, 4 },        /* address, control, Ethernet type */
	{ LT_FRELAY, link_frelay, 0, 0 },
	{ LT_JUNIPER_ETHER, link_juniper_ether, 0, 0 },
};

static int
link_row(int dlt)
{
	size_t i;

	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (links[i].dlt == dlt)
			return (int)i;
	return -1;
}

bool
dec_link_known(int dlt)
{
	return link_row(dlt) >= 0;
}

/* Ethernet-type link layers: their live filter may name vlan and mpls */
bool
dec_link_has_ethertype(int dlt)
{
	return dlt == LT_EN10MB || dlt == LT_LINUX_SLL || dlt == LT_LINUX_SLL2;
}

/* The tunnels an IP payload may enter: decode_ip.c calls them through
 * c->tun (a call down from here would otherwise be a call back up). */
static const struct dec_tunnels tunnels = {
	.gre = dec_gre, .udp = dec_udp, .mpls = dec_mpls,
};

void
capture_decode_frame(struct capture *c, int dlt, const struct pkt_info *base,
    const uint8_t *frame, size_t caplen, size_t wirelen, struct flow_table *ft,
    const struct capture_cb *cb)
{
	struct pkt_info pi;
	struct dctx x;
	struct cur cu;
	int row;

	if (c == NULL || frame == NULL)
		return;
	memset(&pi, 0, sizeof(pi));
	if (base != NULL) {
		pi.ts = base->ts;
		pi.frame = base->frame;
	}
	pi.caplen = (uint32_t)caplen;
	pi.wirelen = (uint32_t)wirelen;
	if (ipfrag_count(c->frag) > 0)
		dec_frag_flush(c, ft, cb, (double)pi.ts.tv_sec + pi.ts.tv_usec / 1e6);
	c->tun = &tunnels;
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.pi = &pi;
	x.ft = ft;
	x.cb = cb;
	x.snapcut = caplen < wirelen;
	row = link_row(dlt);
	if (row < 0)
		return;
	if (caplen == 0 && wirelen == 0) {
		dec_undecodable(&x, "empty record");
		return;
	}
	cur_init(&cu, frame, caplen);
	if (links[row].fn != NULL)
		links[row].fn(&x, &cu);
	else
		link_et_at(&x, &cu, links[row].et_at, links[row].hlen);
}
