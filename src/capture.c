/*
 * capture.c - libpcap input, link/IP/TCP decoding, hand-off to the flows.
 *
 * Every header is read through the bounds-checked cursor. A frame is cut
 * to its captured length; IP payloads are cut to min(IP length, captured)
 * so Ethernet padding never reaches the flow layer. A TCP payload that the
 * snaplen cut short is handed to flow_segment_trunc(): the captured part is
 * reassembled, the missing tail becomes a reported gap.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "cursor.h"
#include "capture.h"

#define MAX_VLAN_DEPTH 8
#define MAX_IP6_EXT 8
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd

#define IPPROTO_TCP_ 6
#define IPPROTO_ICMP_ 1
#define IPPROTO_ICMPV6_ 58


enum link_kind { LK_NONE, LK_ETHER, LK_SLL, LK_SLL2, LK_RAW, LK_IPV4, LK_IPV6, LK_NULL,
	LK_PPP, LK_CHDLC };

struct capture {
	pcap_t *p;
	pcap_dumper_t *dumper;
	int dlt;
	bool live;
	uint16_t ports[CAPTURE_MAX_PORTS];
	int nports;
	struct capture_stats st;
	volatile sig_atomic_t stop;
	double deadline;
	uint64_t frame;
};

static enum link_kind
link_kind(int dlt)
{
	if (dlt == DLT_EN10MB)
		return LK_ETHER;
	if (dlt == DLT_LINUX_SLL)
		return LK_SLL;
#ifdef DLT_LINUX_SLL2
	if (dlt == DLT_LINUX_SLL2)
		return LK_SLL2;
#endif
	if (dlt == 276)
		return LK_SLL2;
	if (dlt == DLT_NULL || dlt == DLT_LOOP)
		return LK_NULL;
	if (dlt == DLT_RAW || dlt == 12 || dlt == 14 || dlt == 101)
		return LK_RAW;
	if (dlt == 9 || dlt == 50)         /* DLT_PPP, DLT_PPP_SERIAL */
		return LK_PPP;
	if (dlt == 104)                    /* DLT_C_HDLC (Cisco HDLC) */
		return LK_CHDLC;
	if (dlt == 228)
		return LK_IPV4;
	if (dlt == 229)
		return LK_IPV6;
	return LK_NONE;
}

/* ------------------------------------------------------------- helpers */

static bool
is_bgp_port(const struct capture *c, uint16_t port)
{
	int i;

	for (i = 0; i < c->nports; i++)
		if (c->ports[i] == port)
			return true;
	return false;
}

static void
note(struct capture *c, const struct capture_cb *cb, const struct pkt_info *pi,
    const char *what)
{
	(void)c;
	if (cb != NULL && cb->note != NULL)
		cb->note(cb->arg, pi, what);
}

static void
undecodable(struct capture *c, const struct capture_cb *cb,
    const struct pkt_info *pi, const char *what)
{
	c->st.undecodable++;
	note(c, cb, pi, what);
}

static void
set_addr(struct addr *a, int af, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->af = (uint8_t)af;
	memcpy(a->a, p, af == AF_INET ? 4 : 16);
}

/* ----------------------------------------------------------------- TCP */

/*
 * TCP header in `seg` (cut to the captured part of the IP payload);
 * `paylen` is the IP payload length on the wire.
 */
static void
decode_tcp(struct capture *c, struct pkt_info *pi, struct cur *seg,
    size_t paylen, struct flow_table *ft, const struct capture_cb *cb)
{
	uint8_t offx, flags;
	size_t hl, caplen, wirelen;
	char what[128];

	if (!cur_u16(seg, &pi->sport) || !cur_u16(seg, &pi->dport)) {
		c->st.truncated++;
		note(c, cb, pi, "TCP header truncated by snaplen");
		return;
	}
	if (!is_bgp_port(c, pi->sport) && !is_bgp_port(c, pi->dport))
		return;
	if (!cur_u32(seg, &pi->seq) || !cur_u32(seg, &pi->ack) ||
	    !cur_u8(seg, &offx) || !cur_u8(seg, &flags)) {
		c->st.truncated++;
		note(c, cb, pi, "TCP header truncated by snaplen");
		return;
	}
	pi->tcp_flags = flags;
	hl = (size_t)(offx >> 4) * 4;
	if (hl < 20 || hl > paylen) {
		snprintf(what, sizeof(what),
		    "bad TCP header length %zu (segment of %zu bytes)", hl, paylen);
		undecodable(c, cb, pi, what);
		return;
	}
	/* 14 bytes of the fixed header have been read */
	if (!cur_skip(seg, hl - 14)) {
		c->st.truncated++;
		note(c, cb, pi, "TCP options truncated by snaplen");
		return;
	}
	c->st.tcp_bgp++;
	wirelen = paylen - hl;
	caplen = cur_left(seg);
	if (caplen > wirelen)
		caplen = wirelen;
	if (caplen < wirelen) {
		c->st.truncated++;
		if (pi->caplen < pi->wirelen)
			snprintf(what, sizeof(what),
			    "truncated by snaplen: %zu of %zu bytes captured",
			    caplen, wirelen);
		else
			snprintf(what, sizeof(what),
			    "IP length claims %zu TCP payload bytes, frame holds %zu",
			    wirelen, caplen);
		note(c, cb, pi, what);
	}
	if (ft != NULL)
		flow_segment_trunc(ft, pi, seg->p, caplen, wirelen);
}

/* ---------------------------------------------------------------- ICMP */

/* The quoted TCP header's ports and, for the filter, whether it is ours. */
static bool
quoted_tcp(struct capture *c, struct cur *q, struct icmp_info *ii)
{
	if (!cur_u16(q, &ii->q_sport) || !cur_u16(q, &ii->q_dport))
		return false;
	return is_bgp_port(c, ii->q_sport) || is_bgp_port(c, ii->q_dport);
}

static void
decode_icmp4(struct capture *c, const struct pkt_info *pi, struct cur *m,
    const struct capture_cb *cb)
{
	struct icmp_info ii;
	uint8_t vihl, proto;
	const uint8_t *src, *dst;
	size_t hl;

	memset(&ii, 0, sizeof(ii));
	if (!cur_u8(m, &ii.type) || !cur_u8(m, &ii.code) || !cur_skip(m, 6))
		return;
	if (ii.type != 3 && ii.type != 11)
		return;
	/* quoted IPv4 header */
	if (!cur_u8(m, &vihl) || (vihl >> 4) != 4)
		return;
	hl = (size_t)(vihl & 0x0f) * 4;
	if (hl < 20 || !cur_skip(m, 7) || !cur_u8(m, &ii.q_ttl) ||
	    !cur_u8(m, &proto) || !cur_skip(m, 2) ||
	    !cur_bytes(m, 4, &src) || !cur_bytes(m, 4, &dst) ||
	    !cur_skip(m, hl - 20))
		return;
	if (proto != IPPROTO_TCP_ || !quoted_tcp(c, m, &ii))
		return;
	ii.ts = pi->ts;
	ii.frame = pi->frame;
	ii.reporter = pi->src;
	ii.af = AF_INET;
	set_addr(&ii.q_src, AF_INET, src);
	set_addr(&ii.q_dst, AF_INET, dst);
	c->st.icmp++;
	if (cb != NULL && cb->icmp != NULL)
		cb->icmp(cb->arg, &ii);
}

/* Walk IPv6 extension headers; *nh in: first next-header, out: the upper
 * protocol. Returns false if the packet cannot be followed (fragment ->
 * *frag set with offset and M). */
static bool
ip6_walk(struct cur *cu, uint8_t *nh, bool *frag, uint16_t *fragoff, bool *more)
{
	int i;

	*frag = false;
	for (i = 0; i < MAX_IP6_EXT; i++) {
		uint8_t next, hlen;
		uint16_t offm;

		switch (*nh) {
		case 0:		/* hop-by-hop */
		case 43:	/* routing */
		case 60:	/* destination options */
			if (!cur_u8(cu, &next) || !cur_u8(cu, &hlen) ||
			    !cur_skip(cu, (size_t)hlen * 8 + 6))
				return false;
			*nh = next;
			break;
		case 51:	/* AH */
			if (!cur_u8(cu, &next) || !cur_u8(cu, &hlen) ||
			    !cur_skip(cu, ((size_t)hlen + 2) * 4 - 2))
				return false;
			*nh = next;
			break;
		case 44:	/* fragment */
			if (!cur_u8(cu, &next) || !cur_skip(cu, 1) ||
			    !cur_u16(cu, &offm) || !cur_skip(cu, 4))
				return false;
			*fragoff = (uint16_t)(offm >> 3);
			*more = offm & 1;
			if (*fragoff != 0 || *more) {
				*frag = true;
				*nh = next;
				return false;
			}
			*nh = next;	/* atomic fragment: go on */
			break;
		default:
			return true;
		}
	}
	return false;
}

static void
decode_icmp6(struct capture *c, const struct pkt_info *pi, struct cur *m,
    const struct capture_cb *cb)
{
	struct icmp_info ii;
	uint8_t vtc, nh;
	const uint8_t *src, *dst;
	bool frag, more;
	uint16_t fo;

	memset(&ii, 0, sizeof(ii));
	if (!cur_u8(m, &ii.type) || !cur_u8(m, &ii.code) || !cur_skip(m, 6))
		return;
	if (ii.type != 1 && ii.type != 3)
		return;
	if (!cur_u8(m, &vtc) || (vtc >> 4) != 6 || !cur_skip(m, 5) ||
	    !cur_u8(m, &nh) || !cur_u8(m, &ii.q_ttl) ||
	    !cur_bytes(m, 16, &src) || !cur_bytes(m, 16, &dst))
		return;
	if (!ip6_walk(m, &nh, &frag, &fo, &more) || nh != IPPROTO_TCP_)
		return;
	if (!quoted_tcp(c, m, &ii))
		return;
	ii.ts = pi->ts;
	ii.frame = pi->frame;
	ii.reporter = pi->src;
	ii.af = AF_INET6;
	set_addr(&ii.q_src, AF_INET6, src);
	set_addr(&ii.q_dst, AF_INET6, dst);
	c->st.icmp++;
	if (cb != NULL && cb->icmp != NULL)
		cb->icmp(cb->arg, &ii);
}

/* ------------------------------------------------------------------ IP */

static void
decode_ipv4(struct capture *c, struct pkt_info *pi, struct cur *cu,
    struct flow_table *ft, const struct capture_cb *cb)
{
	uint8_t vihl, tos, proto;
	uint16_t totlen, id, frag;
	const uint8_t *src, *dst;
	size_t hl, paylen;
	struct cur pay;
	char what[128];

	(void)tos;
	(void)id;
	if (!cur_u8(cu, &vihl) || !cur_u8(cu, &tos) || !cur_u16(cu, &totlen) ||
	    !cur_u16(cu, &id) || !cur_u16(cu, &frag) || !cur_u8(cu, &pi->ttl) ||
	    !cur_u8(cu, &proto) || !cur_skip(cu, 2) ||
	    !cur_bytes(cu, 4, &src) || !cur_bytes(cu, 4, &dst)) {
		c->st.truncated++;
		note(c, cb, pi, "IPv4 header truncated by snaplen");
		return;
	}
	set_addr(&pi->src, AF_INET, src);
	set_addr(&pi->dst, AF_INET, dst);
	if ((vihl >> 4) != 4) {
		snprintf(what, sizeof(what), "bad IP version %u in IPv4 header",
		    (unsigned)(vihl >> 4));
		undecodable(c, cb, pi, what);
		return;
	}
	hl = (size_t)(vihl & 0x0f) * 4;
	if (totlen == 0 && pi->caplen == pi->wirelen) {
		/* segmentation offload: the length was left to the NIC */
		size_t fl = cur_left(cu) + 20;

		totlen = fl > 0xffff ? 0xffff : (uint16_t)fl;
	}
	if (hl < 20 || totlen < hl) {
		snprintf(what, sizeof(what),
		    "bad IPv4 header: header length %zu, total length %u",
		    hl, (unsigned)totlen);
		undecodable(c, cb, pi, what);
		return;
	}
	if (!cur_skip(cu, hl - 20)) {
		c->st.truncated++;
		note(c, cb, pi, "IPv4 options truncated by snaplen");
		return;
	}
	if (proto != IPPROTO_TCP_ && proto != IPPROTO_ICMP_)
		return;
	if ((frag & 0x3fff) != 0) {
		c->st.fragments++;
		snprintf(what, sizeof(what),
		    "IPv4 fragment (offset %u, MF=%u): not reassembled",
		    (unsigned)(frag & 0x1fff) * 8, (unsigned)((frag >> 13) & 1));
		note(c, cb, pi, what);
		return;
	}
	paylen = totlen - hl;
	if (!cur_sub(cu, paylen < cur_left(cu) ? paylen : cur_left(cu), &pay))
		return;
	if (proto == IPPROTO_TCP_)
		decode_tcp(c, pi, &pay, paylen, ft, cb);
	else
		decode_icmp4(c, pi, &pay, cb);
}

static void
decode_ipv6(struct capture *c, struct pkt_info *pi, struct cur *cu,
    struct flow_table *ft, const struct capture_cb *cb)
{
	uint8_t vtc, nh;
	uint16_t plen;
	const uint8_t *src, *dst, *start;
	struct cur pay;
	size_t avail, extlen, paylen;
	bool frag = false, more = false;
	uint16_t fo = 0;
	char what[128];

	if (!cur_u8(cu, &vtc) || !cur_skip(cu, 3) || !cur_u16(cu, &plen) ||
	    !cur_u8(cu, &nh) || !cur_u8(cu, &pi->ttl) ||
	    !cur_bytes(cu, 16, &src) || !cur_bytes(cu, 16, &dst)) {
		c->st.truncated++;
		note(c, cb, pi, "IPv6 header truncated by snaplen");
		return;
	}
	set_addr(&pi->src, AF_INET6, src);
	set_addr(&pi->dst, AF_INET6, dst);
	if ((vtc >> 4) != 6) {
		snprintf(what, sizeof(what), "bad IP version %u in IPv6 header",
		    (unsigned)(vtc >> 4));
		undecodable(c, cb, pi, what);
		return;
	}
	/* plen 0 = jumbogram (hop-by-hop option): use what was captured */
	avail = cur_left(cu);
	paylen = plen != 0 ? plen : avail;
	if (!cur_sub(cu, paylen < avail ? paylen : avail, &pay))
		return;
	start = pay.p;
	if (!ip6_walk(&pay, &nh, &frag, &fo, &more)) {
		if (frag) {
			if (nh != IPPROTO_TCP_ && nh != IPPROTO_ICMPV6_)
				return;
			c->st.fragments++;
			snprintf(what, sizeof(what),
			    "IPv6 fragment (offset %u, M=%u): not reassembled",
			    (unsigned)fo * 8, (unsigned)more);
			note(c, cb, pi, what);
		} else if (avail < paylen) {
			c->st.truncated++;
			note(c, cb, pi, "IPv6 extension headers truncated or too many");
		} else
			undecodable(c, cb, pi, "bad or too many IPv6 extension headers");
		return;
	}
	extlen = (size_t)(pay.p - start);
	if (nh == IPPROTO_TCP_)
		decode_tcp(c, pi, &pay, paylen - extlen, ft, cb);
	else if (nh == IPPROTO_ICMPV6_)
		decode_icmp6(c, pi, &pay, cb);
}

static void
decode_ip(struct capture *c, struct pkt_info *pi, struct cur *cu,
    struct flow_table *ft, const struct capture_cb *cb)
{
	uint8_t v;

	if (cur_left(cu) < 1) {
		c->st.truncated++;
		note(c, cb, pi, "IP header truncated by snaplen");
		return;
	}
	v = cu->p[0] >> 4;
	if (v == 4)
		decode_ipv4(c, pi, cu, ft, cb);
	else if (v == 6)
		decode_ipv6(c, pi, cu, ft, cb);
}

static bool
is_vlan_tpid(uint16_t et)
{
	return et == 0x8100 || et == 0x88a8 || et == 0x9100 || et == 0x9200;
}

/* Ethertype `et` is followed by cu; skip 802.1Q/802.1ad tags (bounded). */
static void
decode_ethertype(struct capture *c, struct pkt_info *pi, uint16_t et,
    struct cur *cu, struct flow_table *ft, const struct capture_cb *cb)
{
	int depth;

	for (depth = 0; is_vlan_tpid(et); depth++) {
		if (depth == MAX_VLAN_DEPTH) {
			undecodable(c, cb, pi, "too many VLAN tags");
			return;
		}
		if (!cur_skip(cu, 2) || !cur_u16(cu, &et)) {
			c->st.truncated++;
			note(c, cb, pi, "VLAN tag truncated by snaplen");
			return;
		}
	}
	if (et == ETHERTYPE_IPV4)
		decode_ipv4(c, pi, cu, ft, cb);
	else if (et == ETHERTYPE_IPV6)
		decode_ipv6(c, pi, cu, ft, cb);
}

/* --------------------------------------------------------------- links */

struct capture *
capture_new_raw(const struct capture_opts *o)
{
	struct capture *c = calloc(1, sizeof(*c));
	int i;

	if (c == NULL)
		return NULL;
	c->dlt = -1;
	if (o != NULL && o->nports > 0) {
		for (i = 0; i < o->nports && i < CAPTURE_MAX_PORTS; i++)
			if (o->ports[i] != 0)
				c->ports[c->nports++] = o->ports[i];
	}
	if (c->nports == 0)
		c->ports[c->nports++] = CAPTURE_BGP_PORT;
	return c;
}

void
capture_decode_frame(struct capture *c, int dlt, const struct pkt_info *base,
    const uint8_t *frame, size_t caplen, size_t wirelen, struct flow_table *ft,
    const struct capture_cb *cb)
{
	struct pkt_info pi;
	struct cur cu;
	uint16_t et;
	uint32_t af;

	if (c == NULL || frame == NULL)
		return;
	memset(&pi, 0, sizeof(pi));
	if (base != NULL) {
		pi.ts = base->ts;
		pi.frame = base->frame;
	}
	pi.caplen = (uint32_t)caplen;
	pi.wirelen = (uint32_t)wirelen;
	cur_init(&cu, frame, caplen);

	switch (link_kind(dlt)) {
	case LK_ETHER:
		if (!cur_skip(&cu, 12) || !cur_u16(&cu, &et))
			goto trunc;
		decode_ethertype(c, &pi, et, &cu, ft, cb);
		return;
	case LK_SLL:
		if (!cur_skip(&cu, 14) || !cur_u16(&cu, &et))
			goto trunc;
		decode_ethertype(c, &pi, et, &cu, ft, cb);
		return;
	case LK_SLL2:
		if (!cur_u16(&cu, &et) || !cur_skip(&cu, 18))
			goto trunc;
		decode_ethertype(c, &pi, et, &cu, ft, cb);
		return;
	case LK_RAW:
		decode_ip(c, &pi, &cu, ft, cb);
		return;
	case LK_IPV4:
		decode_ipv4(c, &pi, &cu, ft, cb);
		return;
	case LK_IPV6:
		decode_ipv6(c, &pi, &cu, ft, cb);
		return;
	case LK_NULL:
		if (cur_left(&cu) < 4)
			goto trunc;
		memcpy(&af, cu.p, 4);	/* host order of the capturing machine */
		if (af > 0xffff)
			af = __builtin_bswap32(af);
		cur_skip(&cu, 4);
		if (af == 2)
			decode_ipv4(c, &pi, &cu, ft, cb);
		else if (af == 10 || af == 24 || af == 28 || af == 30)
			decode_ipv6(c, &pi, &cu, ft, cb);
		return;
	case LK_PPP: {
		/* RFC 1661/1662: [ff 03] protocol (1 byte when compressed: odd) */
		uint8_t b0;
		uint16_t proto;

		if (cur_left(&cu) >= 2 && cu.p[0] == 0xff && cu.p[1] == 0x03)
			cur_skip(&cu, 2);
		if (!cur_u8(&cu, &b0))
			goto trunc;
		if (b0 & 1)
			proto = b0;
		else {
			uint8_t b1;

			if (!cur_u8(&cu, &b1))
				goto trunc;
			proto = (uint16_t)(b0 << 8 | b1);
		}
		if (proto == 0x21)
			decode_ipv4(c, &pi, &cu, ft, cb);
		else if (proto == 0x57)
			decode_ipv6(c, &pi, &cu, ft, cb);
		return;
	}
	case LK_CHDLC:
		/* address, control, then an Ethernet type */
		if (!cur_skip(&cu, 2) || !cur_u16(&cu, &et))
			goto trunc;
		decode_ethertype(c, &pi, et, &cu, ft, cb);
		return;
	case LK_NONE:
		return;
	}
	return;
trunc:
	if (caplen < wirelen) {
		c->st.truncated++;
		note(c, cb, &pi, "link-layer header truncated by snaplen");
	} else {
		char what[96];

		snprintf(what, sizeof(what),
		    "frame of %zu bytes too short for its link-layer header", caplen);
		undecodable(c, cb, &pi, what);
	}
}

/* ---------------------------------------------------------------- open */

/*
 * The kernel filter for a live capture: BGP on the given ports, ICMP, and
 * every form that may carry it further in (IPv4 fragments, IPv6 with
 * extension headers, GRE, IP-in-IP, 6in4, 4in6, VXLAN, MPLS, VLAN tags).
 * `vlan` comes last: in libpcap it shifts the offsets of what follows it.
 * A link type without an Ethernet type field drops the last two parts.
 */
static bool
live_base(const struct capture *c, int variant, char *out, size_t len)
{
	char ports[CAPTURE_MAX_PORTS * 16] = "";
	int i, n;
	size_t used = 0;

	for (i = 0; i < c->nports; i++) {
		n = snprintf(ports + used, sizeof(ports) - used, "%sport %u",
		    i ? " or " : "", (unsigned)c->ports[i]);
		if (n < 0 || (size_t)n >= sizeof(ports) - used)
			return false;
		used += (size_t)n;
	}
	n = snprintf(out, len, "(tcp and (%s)) or icmp or icmp6"
	    " or (ip and ip[6:2] & 0x3fff != 0)"
	    " or (ip6 and ip6[6] != 6 and ip6[6] != 17 and ip6[6] != 58)"
	    " or ip proto 4 or ip proto 41 or ip proto 47 or ip proto 137"
	    " or ip6 proto 4 or ip6 proto 41 or ip6 proto 47 or ip6 proto 137"
	    " or (udp and (port 4789 or port 10800 or port 10801))%s%s",
	    ports, variant < 2 ? " or ether proto 0x8847 or ether proto 0x8848" : "",
	    variant < 1 ? " or vlan" : "");
	return n >= 0 && (size_t)n < len;
}

/*
 * Files: no filter but the user's (every frame reaches the decoder).
 * Live: (user) and (base), the user's expression first so that `vlan` in
 * the base cannot shift its offsets. Returns 1 with prog compiled and its
 * text in text, 0 when there is no filter, -1 with err set.
 */
static int
pick_filter(pcap_t *p, const struct capture *c, const char *user, bool live,
    struct bpf_program *prog, char *text, size_t tlen, char *err, size_t errlen)
{
	char base[2048];
	bool has_user = user != NULL && user[0] != '\0';
	int variant, n;

	text[0] = '\0';
	if (has_user) {
		if (pcap_compile(p, prog, user, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "invalid filter expression \"%.300s\": %s",
			    user, pcap_geterr(p));
			return -1;
		}
		if (!live) {
			snprintf(text, tlen, "%s", user);
			return 1;
		}
		pcap_freecode(prog);
	} else if (!live)
		return 0;
	for (variant = 0; variant < 3; variant++) {
		if (!live_base(c, variant, base, sizeof(base)))
			break;
		n = has_user ? snprintf(text, tlen, "(%s) and (%s)", user, base) :
		    snprintf(text, tlen, "%s", base);
		if (n < 0 || (size_t)n >= tlen)
			break;
		if (pcap_compile(p, prog, text, 1, PCAP_NETMASK_UNKNOWN) == 0)
			return 1;
	}
	snprintf(err, errlen, "cannot compile the capture filter: %s", pcap_geterr(p));
	return -1;
}

static int
set_filter(struct capture *c, const char *user, char *err, size_t errlen)
{
	char text[4096];
	struct bpf_program prog;
	int r;

	r = pick_filter(c->p, c, user, c->live, &prog, text, sizeof(text), err, errlen);
	if (r <= 0)
		return r;
	r = pcap_setfilter(c->p, &prog);
	pcap_freecode(&prog);
	if (r != 0) {
		snprintf(err, errlen, "cannot set filter: %s", pcap_geterr(c->p));
		return -1;
	}
	return 0;
}

int
capture_filter_for(const struct capture_opts *o, int dlt, bool live,
    struct bpf_program *prog, char *text, size_t tlen, char *err, size_t errlen)
{
	struct capture *c = capture_new_raw(o);
	pcap_t *p = pcap_open_dead(dlt, CAPTURE_DEFAULT_SNAPLEN);
	int r = -1;

	if (c != NULL && p != NULL)
		r = pick_filter(p, c, o != NULL ? o->filter : NULL, live, prog, text,
		    tlen, err, errlen);
	if (p != NULL)
		pcap_close(p);
	capture_close(c);
	return r;
}

static struct capture *
open_fail(struct capture *c, char *err, size_t errlen, const char *a,
    const char *b)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s%s", a, b != NULL ? b : "");
	capture_close(c);
	return NULL;
}

struct capture *
capture_open(const struct capture_opts *o, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	char msg[512];
	struct capture *c;
	struct stat sb;
	int snaplen, bufkib, r;
	const char *name;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (o == NULL || (o->file == NULL) == (o->iface == NULL))
		return open_fail(NULL, err, errlen,
		    "give exactly one of a file (-r) or an interface (-i)", NULL);
	c = capture_new_raw(o);
	if (c == NULL)
		return open_fail(NULL, err, errlen, "out of memory", NULL);
	snaplen = o->snaplen > 0 ? o->snaplen : CAPTURE_DEFAULT_SNAPLEN;
	bufkib = o->bufsize_kib > 0 ? o->bufsize_kib : CAPTURE_DEFAULT_BUFSIZE_KIB;

	if (o->file != NULL) {
		c->p = pcap_open_offline(o->file, ebuf);
		if (c->p == NULL) {
			/* libpcap usually names the file itself */
			if (strncmp(ebuf, o->file, strlen(o->file)) == 0)
				return open_fail(c, err, errlen, ebuf, NULL);
			snprintf(msg, sizeof(msg), "%s: ", o->file);
			return open_fail(c, err, errlen, msg, ebuf);
		}
		if (strcmp(o->file, "-") != 0 && stat(o->file, &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			c->st.file_size = (uint64_t)sb.st_size;
	} else {
		c->live = true;
		c->p = pcap_create(o->iface, ebuf);
		if (c->p == NULL) {
			snprintf(msg, sizeof(msg), "%s: ", o->iface);
			return open_fail(c, err, errlen, msg, ebuf);
		}
		pcap_set_snaplen(c->p, snaplen);
		pcap_set_promisc(c->p, 1);
		pcap_set_timeout(c->p, 200);
		pcap_set_immediate_mode(c->p, 1);
		if (bufkib > 0 && bufkib <= 0x7fffffff / 1024)
			pcap_set_buffer_size(c->p, bufkib * 1024);
		r = pcap_activate(c->p);
		if (r < 0) {
			const char *detail = pcap_geterr(c->p);

			snprintf(msg, sizeof(msg), "%s: %s", o->iface,
			    pcap_statustostr(r));
			if (detail != NULL && detail[0] != '\0' &&
			    strcmp(detail, pcap_statustostr(r)) != 0) {
				snprintf(ebuf, sizeof(ebuf), " (%s)", detail);
				return open_fail(c, err, errlen, msg, ebuf);
			}
			return open_fail(c, err, errlen, msg, NULL);
		}
		/* r > 0: a warning; the capture works */
		if (pcap_get_selectable_fd(c->p) >= 0 &&
		    pcap_setnonblock(c->p, 1, ebuf) != 0)
			return open_fail(c, err, errlen, "cannot set non-blocking mode: ", ebuf);
	}
	c->dlt = pcap_datalink(c->p);
	if (link_kind(c->dlt) == LK_NONE) {
		name = pcap_datalink_val_to_name(c->dlt);
		snprintf(msg, sizeof(msg), "unsupported link type %s (DLT %d)",
		    name != NULL ? name : "unknown", c->dlt);
		return open_fail(c, err, errlen, msg, NULL);
	}
	if (set_filter(c, o->filter, msg, sizeof(msg)) != 0)
		return open_fail(c, err, errlen, msg, NULL);
	if (o->write_file != NULL) {
		c->dumper = pcap_dump_open(c->p, o->write_file);
		if (c->dumper == NULL) {
			snprintf(msg, sizeof(msg), "%s: ", o->write_file);
			return open_fail(c, err, errlen, msg, pcap_geterr(c->p));
		}
	}
	return c;
}

/* ----------------------------------------------------------------- run */

static double
now_unix(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void
capture_set_deadline(struct capture *c, double unix_time)
{
	if (c != NULL)
		c->deadline = unix_time;
}

struct run_ctx {
	struct capture *c;
	struct flow_table *ft;
	const struct capture_cb *cb;
};

static void
handle_packet(struct capture *c, const struct pcap_pkthdr *h,
    const u_char *data, struct flow_table *ft, const struct capture_cb *cb)
{
	struct pkt_info base;

	c->frame++;
	c->st.packets++;
	c->st.bytes += h->caplen;
	if (c->dumper != NULL) {
		pcap_dump((u_char *)c->dumper, h, data);
		if (c->live)
			pcap_dump_flush(c->dumper);
	}
	memset(&base, 0, sizeof(base));
	base.ts = h->ts;
	base.frame = c->frame;
	capture_decode_frame(c, c->dlt, &base, data, h->caplen, h->len, ft, cb);
}

static void
dispatch_cb(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct run_ctx *rc = (struct run_ctx *)user;

	handle_packet(rc->c, h, data, rc->ft, rc->cb);
}

static int
read_error(struct capture *c, char *err, size_t errlen)
{
	if (c->stop)
		return 0;
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "read error: %s", pcap_geterr(c->p));
	return -1;
}

/*
 * Live: the handle is non-blocking; wait in poll() at most 200 ms at a
 * time, so that capture_break() (flag), signals (EINTR) and the deadline
 * are noticed even when no packet arrives (the libpcap read timeout is not
 * honoured in immediate mode on every platform).
 */
static int
run_live(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen)
{
	struct run_ctx rc = { c, ft, cb };
	struct pollfd pfd;
	int fd = pcap_get_selectable_fd(c->p), r, ms;

	for (;;) {
		if (c->stop)
			return 0;
		ms = 200;
		if (c->deadline > 0) {
			double left = c->deadline - now_unix();

			if (left <= 0)
				return 0;
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		if (fd >= 0) {
			pfd.fd = fd;
			pfd.events = POLLIN;
			pfd.revents = 0;
			r = poll(&pfd, 1, ms);
			if (r < 0 && errno != EINTR) {
				if (err != NULL && errlen > 0)
					snprintf(err, errlen, "poll: %s", strerror(errno));
				return -1;
			}
			if (r <= 0)
				continue;
		}
		r = pcap_dispatch(c->p, -1, dispatch_cb, (u_char *)&rc);
		if (r == PCAP_ERROR_BREAK)
			return 0;
		if (r < 0)
			return read_error(c, err, errlen);
	}
}

int
capture_run(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r;

	if (c == NULL || c->p == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "capture not open");
		return -1;
	}
	if (c->live)
		return run_live(c, ft, cb, err, errlen);
	for (;;) {
		if (c->stop)
			return 0;
		r = pcap_next_ex(c->p, &h, &data);
		if (r == PCAP_ERROR_BREAK)
			return 0;	/* EOF or pcap_breakloop() */
		if (r < 0)
			return read_error(c, err, errlen);
		if (r == 1)
			handle_packet(c, h, data, ft, cb);
	}
}

void
capture_break(struct capture *c)
{
	if (c == NULL)
		return;
	c->stop = 1;
	if (c->p != NULL)
		pcap_breakloop(c->p);
}

void
capture_get_stats(struct capture *c, struct capture_stats *st)
{
	struct pcap_stat ps;
	FILE *f;
	long pos;

	if (c == NULL || st == NULL)
		return;
	*st = c->st;
	if (c->p == NULL)
		return;
	if (c->live) {
		if (pcap_stats(c->p, &ps) == 0) {
			st->have_kernel = true;
			st->kernel_recv = ps.ps_recv;
			st->kernel_drop = ps.ps_drop;
			st->if_drop = ps.ps_ifdrop;
		}
	} else if (st->file_size > 0 && (f = pcap_file(c->p)) != NULL &&
	    (pos = ftell(f)) >= 0) {
		st->file_pos = (uint64_t)pos;
	}
}

int
capture_fd(struct capture *c)
{
	if (c == NULL || c->p == NULL || !c->live)
		return -1;
	return pcap_get_selectable_fd(c->p);
}

const char *
capture_linktype_name(struct capture *c)
{
	const char *n;

	if (c == NULL || c->p == NULL)
		return "none";
	n = pcap_datalink_val_to_name(c->dlt);
	return n != NULL ? n : "unknown";
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->dumper != NULL) {
		pcap_dump_flush(c->dumper);
		pcap_dump_close(c->dumper);
	}
	if (c->p != NULL)
		pcap_close(c->p);
	free(c);
}

int
capture_list_interfaces(void)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all = NULL, *d;
	int i = 0;

	if (pcap_findalldevs(&all, ebuf) != 0) {
		fprintf(stderr, "bgpcap: cannot list interfaces: %s\n", ebuf);
		return 2;
	}
	for (d = all; d != NULL; d = d->next) {
		i++;
		if (d->description != NULL)
			printf("%d.%s (%s)\n", i, d->name, d->description);
		else
			printf("%d.%s\n", i, d->name);
	}
	pcap_freealldevs(all);
	if (i == 0)
		fprintf(stderr, "bgpcap: no interfaces found (capture permission?)\n");
	return 0;
}
