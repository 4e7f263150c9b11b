/*
 * decode_ip.c - IPv4, IPv6 (extension-header chains), fragment
 * reassembly, TCP and ICMP errors: the inner end of the frame decoder.
 *
 * An IP payload is cut to min(IP length, bytes present), so Ethernet
 * padding never reaches the flow layer. An IP length larger than the bytes
 * present is a snaplen cut only when the record says it was cut (caplen <
 * wirelen); otherwise the header is bogus and the packet is ignored, as the
 * receiving kernel ignores it, and reported.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"

#define IPPROTO_ICMP_ 1
#define IPPROTO_IPIP_ 4
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_IPV6_ 41
#define IPPROTO_GRE_ 47
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_MPLS_ 137
#define MAX_IP6_EXT 8

bool
dec_is_bgp_port(const struct capture *c, uint16_t port)
{
	int i;

	for (i = 0; i < c->nports; i++)
		if (c->ports[i] == port)
			return true;
	return false;
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
 * TCP header in `seg` (cut to the bytes present of the IP payload);
 * `paylen` is the IP payload length on the wire.
 */
static void
dec_tcp(struct dctx *x, struct cur *seg, size_t paylen)
{
	struct pkt_info *pi = x->pi;
	uint8_t offx, flags;
	size_t hl, caplen, wirelen;
	char what[160];

	if (!cur_u16(seg, &pi->sport) || !cur_u16(seg, &pi->dport)) {
		dec_truncated(x, "TCP header truncated");
		return;
	}
	if (!dec_is_bgp_port(x->c, pi->sport) && !dec_is_bgp_port(x->c, pi->dport))
		return;
	if (!cur_u32(seg, &pi->seq) || !cur_u32(seg, &pi->ack) ||
	    !cur_u8(seg, &offx) || !cur_u8(seg, &flags)) {
		dec_truncated(x, "TCP header truncated");
		return;
	}
	pi->tcp_flags = flags;
	hl = (size_t)(offx >> 4) * 4;
	if (hl < 20 || hl > paylen) {
		snprintf(what, sizeof(what),
		    "bad TCP header length %zu (segment of %zu bytes)", hl, paylen);
		dec_undecodable(x, what);
		return;
	}
	/* 14 bytes of the fixed header have been read */
	if (!cur_skip(seg, hl - 14)) {
		dec_truncated(x, "TCP options truncated");
		return;
	}
	x->c->st.tcp_bgp++;
	wirelen = paylen - hl;
	caplen = cur_left(seg);
	if (caplen > wirelen)
		caplen = wirelen;
	if (caplen < wirelen) {
		x->c->st.truncated++;
		snprintf(what, sizeof(what), "%s: %zu of %zu bytes captured",
		    x->cut_why != NULL ? x->cut_why : "truncated by snaplen",
		    caplen, wirelen);
		dec_note(x, what);
	}
	if (x->ft != NULL)
		flow_segment_trunc(x->ft, pi, seg->p, caplen, wirelen);
}

/* ---------------------------------------------------------------- ICMP */

/* The quoted TCP header's ports and whether it is ours. */
static bool
quoted_tcp(struct capture *c, struct cur *q, struct icmp_info *ii)
{
	if (!cur_u16(q, &ii->q_sport) || !cur_u16(q, &ii->q_dport))
		return false;
	return dec_is_bgp_port(c, ii->q_sport) || dec_is_bgp_port(c, ii->q_dport);
}

static void
icmp_report(struct dctx *x, struct icmp_info *ii, int af, const uint8_t *src,
    const uint8_t *dst)
{
	ii->ts = x->pi->ts;
	ii->frame = x->pi->frame;
	ii->reporter = x->pi->src;
	ii->af = (uint8_t)af;
	set_addr(&ii->q_src, af, src);
	set_addr(&ii->q_dst, af, dst);
	x->c->st.icmp++;
	if (x->cb != NULL && x->cb->icmp != NULL)
		x->cb->icmp(x->cb->arg, ii);
}

static void
dec_icmp4(struct dctx *x, struct cur *m)
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
	if (proto != IPPROTO_TCP_ || !quoted_tcp(x->c, m, &ii))
		return;
	icmp_report(x, &ii, AF_INET, src, dst);
}

struct ip6_chain {
	uint8_t nh;              /* in: first next header; out: upper protocol */
	bool frag;               /* a fragment header with offset or M set */
	uint16_t fragoff;        /* in 8-byte units */
	bool more;
	uint32_t id;
};

/*
 * Walk IPv6 extension headers (hop-by-hop, routing, destination options,
 * AH, fragment), at most MAX_IP6_EXT. Returns false if the chain cannot
 * be followed; stops after a fragment header with offset or M set (the
 * cursor is then at the fragment's data).
 */
static bool
ip6_walk(struct cur *cu, struct ip6_chain *ch)
{
	int i;

	ch->frag = false;
	for (i = 0; i < MAX_IP6_EXT; i++) {
		uint8_t next, hlen;
		uint16_t offm;

		switch (ch->nh) {
		case 0:		/* hop-by-hop */
		case 43:	/* routing */
		case 60:	/* destination options */
			if (!cur_u8(cu, &next) || !cur_u8(cu, &hlen) ||
			    !cur_skip(cu, (size_t)hlen * 8 + 6))
				return false;
			break;
		case 51:	/* AH (RFC 4302): length in 4-byte units minus 2 */
			if (!cur_u8(cu, &next) || !cur_u8(cu, &hlen) ||
			    !cur_skip(cu, ((size_t)hlen + 2) * 4 - 2))
				return false;
			break;
		case 44:	/* fragment */
			if (!cur_u8(cu, &next) || !cur_skip(cu, 1) ||
			    !cur_u16(cu, &offm) || !cur_u32(cu, &ch->id))
				return false;
			ch->fragoff = (uint16_t)(offm >> 3);
			ch->more = offm & 1;
			ch->nh = next;
			if (ch->fragoff != 0 || ch->more) {
				ch->frag = true;
				return true;
			}
			continue;	/* atomic fragment: go on */
		default:
			return true;
		}
		ch->nh = next;
	}
	return false;
}

static void
dec_icmp6(struct dctx *x, struct cur *m)
{
	struct icmp_info ii;
	struct ip6_chain ch;
	uint8_t vtc;
	const uint8_t *src, *dst;

	memset(&ii, 0, sizeof(ii));
	memset(&ch, 0, sizeof(ch));
	if (!cur_u8(m, &ii.type) || !cur_u8(m, &ii.code) || !cur_skip(m, 6))
		return;
	if (ii.type != 1 && ii.type != 3)
		return;
	if (!cur_u8(m, &vtc) || (vtc >> 4) != 6 || !cur_skip(m, 5) ||
	    !cur_u8(m, &ch.nh) || !cur_u8(m, &ii.q_ttl) ||
	    !cur_bytes(m, 16, &src) || !cur_bytes(m, 16, &dst))
		return;
	if (!ip6_walk(m, &ch) || ch.frag || ch.nh != IPPROTO_TCP_)
		return;
	if (!quoted_tcp(x->c, m, &ii))
		return;
	icmp_report(x, &ii, AF_INET6, src, dst);
}

/* --------------------------------------------------------- IP payloads */

static void
tun_ipip(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	if (dec_enter(x, x->pi->src.af == AF_INET ? "ipip" : "4in6"))
		dec_ipv4(x, cu);
}

static void
tun_ip6(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	if (dec_enter(x, x->pi->src.af == AF_INET ? "6in4" : "ip6ip6"))
		dec_ipv6(x, cu);
}

static void
pay_icmp4(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	if (x->pi->src.af == AF_INET)
		dec_icmp4(x, cu);
}

static void
pay_icmp6(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	if (x->pi->src.af == AF_INET6)
		dec_icmp6(x, cu);
}

static void
pay_gre(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	x->c->tun->gre(x, cu);
}

static void
pay_udp(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	x->c->tun->udp(x, cu);
}

static void
pay_mpls(struct dctx *x, struct cur *cu, size_t paylen)
{
	(void)paylen;
	if (dec_enter(x, "mpls-in-ip"))
		x->c->tun->mpls(x, cu);
}

/* The IP protocols followed: one row each. */
static const struct {
	uint8_t proto;
	void (*fn)(struct dctx *x, struct cur *cu, size_t paylen);
} ip_protos[] = {
	{ IPPROTO_TCP_, dec_tcp },
	{ IPPROTO_ICMP_, pay_icmp4 },
	{ IPPROTO_ICMPV6_, pay_icmp6 },
	{ IPPROTO_IPIP_, tun_ipip },
	{ IPPROTO_IPV6_, tun_ip6 },
	{ IPPROTO_GRE_, pay_gre },
	{ IPPROTO_UDP_, pay_udp },
	{ IPPROTO_MPLS_, pay_mpls },
};

static bool
proto_known(uint8_t proto)
{
	size_t i;

	for (i = 0; i < sizeof(ip_protos) / sizeof(ip_protos[0]); i++)
		if (ip_protos[i].proto == proto)
			return true;
	return false;
}

static void
ip_payload(struct dctx *x, uint8_t proto, struct cur *cu, size_t paylen)
{
	size_t i;

	for (i = 0; i < sizeof(ip_protos) / sizeof(ip_protos[0]); i++)
		if (ip_protos[i].proto == proto) {
			ip_protos[i].fn(x, cu, paylen);
			return;
		}
}

/* ----------------------------------------------------------- fragments */

struct left_ctx {
	struct capture *c;
	struct flow_table *ft;
	const struct capture_cb *cb;
};

static void ip6_upper(struct dctx *x, struct cur *cu, uint8_t nh, size_t paylen);

/*
 * A datagram that never completed: said so, and the contiguous bytes from
 * offset 0 are decoded as a cut packet (as tshark shows a first fragment),
 * so what they hold is not lost and what they miss becomes a gap.
 */
static void
frag_left(void *arg, const struct ipfrag_left *l)
{
	struct left_ctx *lc = arg;
	struct pkt_info pi = *l->pi;
	struct dctx x = { lc->c, &pi, lc->ft, lc->cb, true, NULL, 0 };
	char what[200], ab[64], bb[64];
	struct cur cu;

	snprintf(what, sizeof(what), "%s datagram %s > %s id %u incomplete (%s): "
	    "%u fragments, %zu of %s%zu bytes present from offset 0",
	    l->key->af == AF_INET ? "IPv4" : "IPv6", addr_fmt(&pi.src, ab, sizeof(ab)),
	    addr_fmt(&pi.dst, bb, sizeof(bb)), (unsigned)l->key->id, l->why,
	    l->nfrags, l->plen, l->complete_len ? "" : "at least ", l->wlen);
	lc->c->st.frag_dropped++;
	dec_note(&x, what);
	if (l->plen == 0)
		return;
	x.cut_why = "IP datagram incomplete";
	cur_init(&cu, l->prefix, l->plen);
	if (l->key->af == AF_INET)
		ip_payload(&x, l->key->proto, &cu, l->wlen);
	else
		ip6_upper(&x, &cu, l->key->proto, l->wlen);
}

void
dec_frag_flush(struct capture *c, struct flow_table *ft,
    const struct capture_cb *cb, double now)
{
	struct left_ctx lc = { c, ft, cb };

	if (ipfrag_count(c->frag) > 0)
		ipfrag_expire(c->frag, now, frag_left, &lc);
}

/*
 * One fragment (data: the bytes present, wlen on the wire). Returns true
 * with out and outlen set when it completed its datagram.
 */
static bool
frag_add(struct dctx *x, const struct ipfrag_key *k, uint32_t off, bool more,
    const uint8_t *data, size_t clen, size_t wlen, const uint8_t **out,
    size_t *outlen)
{
	struct left_ctx lc = { x->c, x->ft, x->cb };
	char why[200];
	enum ipfrag_res r;

	x->c->st.fragments++;
	if (x->c->frag == NULL && (x->c->frag = ipfrag_new()) == NULL) {
		dec_undecodable(x, "IP fragment: out of memory for reassembly");
		return false;
	}
	r = ipfrag_add(x->c->frag, k, x->pi, off, more, data, clen, wlen, out, outlen,
	    why, sizeof(why), frag_left, &lc);
	if (r == IPFRAG_DROPPED) {
		x->c->st.frag_dropped++;
		dec_note(x, why);
	}
	if (r != IPFRAG_DONE)
		return false;
	x->c->st.reassembled++;
	x->snapcut = false;	/* every byte of the datagram is present */
	return true;
}

/* ------------------------------------------------------------------ IP */

struct ip4_hdr {
	uint8_t vihl, tos, ttl, proto;
	uint16_t totlen, id, frag;
	const uint8_t *src, *dst;
};

static bool
ip4_read(struct dctx *x, struct cur *cu, struct ip4_hdr *h)
{
	if (!cur_u8(cu, &h->vihl) || !cur_u8(cu, &h->tos) || !cur_u16(cu, &h->totlen) ||
	    !cur_u16(cu, &h->id) || !cur_u16(cu, &h->frag) || !cur_u8(cu, &h->ttl) ||
	    !cur_u8(cu, &h->proto) || !cur_skip(cu, 2) ||
	    !cur_bytes(cu, 4, &h->src) || !cur_bytes(cu, 4, &h->dst)) {
		dec_truncated(x, "IPv4 header truncated");
		return false;
	}
	x->pi->ttl = h->ttl;
	set_addr(&x->pi->src, AF_INET, h->src);
	set_addr(&x->pi->dst, AF_INET, h->dst);
	return true;
}

/*
 * The IP payload: `paylen` bytes on the wire, of which cur_left(cu) are
 * present. More claimed than present in a record that was not cut is a
 * bogus length (false, reported); less is padding, trimmed.
 */
static bool
ip_cut(struct dctx *x, struct cur *cu, size_t paylen, const char *fam,
    struct cur *pay)
{
	char what[160];

	if (paylen > cur_left(cu) && !x->snapcut) {
		snprintf(what, sizeof(what), "%s length claims %zu payload bytes, the "
		    "frame holds %zu and was not cut: bogus header, packet ignored",
		    fam, paylen, cur_left(cu));
		dec_undecodable(x, what);
		return false;
	}
	return cur_sub(cu, paylen < cur_left(cu) ? paylen : cur_left(cu), pay);
}

void
dec_ipv4(struct dctx *x, struct cur *cu)
{
	struct ip4_hdr h;
	struct ipfrag_key k;
	struct cur pay;
	const uint8_t *data;
	size_t hl, paylen, len;
	char what[128];

	if (!ip4_read(x, cu, &h))
		return;
	if ((h.vihl >> 4) != 4) {
		snprintf(what, sizeof(what), "bad IP version %u in IPv4 header",
		    (unsigned)(h.vihl >> 4));
		dec_undecodable(x, what);
		return;
	}
	hl = (size_t)(h.vihl & 0x0f) * 4;
	if (h.totlen == 0 && !x->snapcut) {
		/* segmentation offload: the length was left to the NIC */
		size_t fl = cur_left(cu) + 20;

		h.totlen = fl > 0xffff ? 0xffff : (uint16_t)fl;
	}
	if (hl < 20 || h.totlen < hl) {
		snprintf(what, sizeof(what),
		    "bad IPv4 header: header length %zu, total length %u",
		    hl, (unsigned)h.totlen);
		dec_undecodable(x, what);
		return;
	}
	if (!cur_skip(cu, hl - 20)) {
		dec_truncated(x, "IPv4 options truncated");
		return;
	}
	if (!proto_known(h.proto))
		return;
	paylen = h.totlen - hl;
	if (!ip_cut(x, cu, paylen, "IPv4 total", &pay))
		return;
	if ((h.frag & 0x3fff) == 0) {
		ip_payload(x, h.proto, &pay, paylen);
		return;
	}
	memset(&k, 0, sizeof(k));
	k.af = AF_INET;
	k.proto = h.proto;
	k.id = h.id;
	memcpy(k.src, h.src, 4);
	memcpy(k.dst, h.dst, 4);
	if (!frag_add(x, &k, (uint32_t)(h.frag & 0x1fff) * 8, (h.frag & 0x2000) != 0,
	    pay.p, cur_left(&pay), paylen, &data, &len))
		return;
	cur_init(&pay, data, len);
	ip_payload(x, h.proto, &pay, len);
}

/* After the extension headers (and reassembly): the upper protocol. */
static void
ip6_upper(struct dctx *x, struct cur *cu, uint8_t nh, size_t paylen)
{
	struct ip6_chain ch = { .nh = nh };
	const uint8_t *start = cu->p;

	if (!ip6_walk(cu, &ch) || ch.frag) {
		if (x->snapcut)
			dec_truncated(x, "IPv6 extension headers truncated");
		else
			dec_undecodable(x, "bad or too many IPv6 extension headers");
		return;
	}
	ip_payload(x, ch.nh, cu, paylen - (size_t)(cu->p - start));
}

void
dec_ipv6(struct dctx *x, struct cur *cu)
{
	struct ip6_chain ch;
	struct ipfrag_key k;
	uint8_t vtc;
	uint16_t plen;
	const uint8_t *src, *dst, *start, *data;
	struct cur pay;
	size_t paylen, len;
	char what[128];

	memset(&ch, 0, sizeof(ch));
	if (!cur_u8(cu, &vtc) || !cur_skip(cu, 3) || !cur_u16(cu, &plen) ||
	    !cur_u8(cu, &ch.nh) || !cur_u8(cu, &x->pi->ttl) ||
	    !cur_bytes(cu, 16, &src) || !cur_bytes(cu, 16, &dst)) {
		dec_truncated(x, "IPv6 header truncated");
		return;
	}
	set_addr(&x->pi->src, AF_INET6, src);
	set_addr(&x->pi->dst, AF_INET6, dst);
	if ((vtc >> 4) != 6) {
		snprintf(what, sizeof(what), "bad IP version %u in IPv6 header",
		    (unsigned)(vtc >> 4));
		dec_undecodable(x, what);
		return;
	}
	/* plen 0 = jumbogram (hop-by-hop option): use what is present */
	paylen = plen != 0 ? plen : cur_left(cu);
	if (!ip_cut(x, cu, paylen, "IPv6 payload", &pay))
		return;
	start = pay.p;
	if (!ip6_walk(&pay, &ch)) {
		if (cur_left(cu) < paylen)
			dec_truncated(x, "IPv6 extension headers truncated");
		else
			dec_undecodable(x, "bad or too many IPv6 extension headers");
		return;
	}
	paylen -= (size_t)(pay.p - start);
	if (!ch.frag) {
		ip_payload(x, ch.nh, &pay, paylen);
		return;
	}
	if (!proto_known(ch.nh) && ch.nh != 0 && ch.nh != 43 && ch.nh != 60 &&
	    ch.nh != 51)
		return;
	memset(&k, 0, sizeof(k));
	k.af = AF_INET6;
	k.proto = ch.nh;
	k.id = ch.id;
	memcpy(k.src, src, 16);
	memcpy(k.dst, dst, 16);
	if (!frag_add(x, &k, (uint32_t)ch.fragoff * 8, ch.more, pay.p, cur_left(&pay),
	    paylen, &data, &len))
		return;
	cur_init(&pay, data, len);
	ip6_upper(x, &pay, ch.nh, len);
}

void
dec_ip(struct dctx *x, struct cur *cu)
{
	uint8_t v;

	if (cur_left(cu) < 1) {
		dec_truncated(x, "IP header truncated");
		return;
	}
	v = cu->p[0] >> 4;
	if (v == 4)
		dec_ipv4(x, cu);
	else if (v == 6)
		dec_ipv6(x, cu);
}
