/*
 * test_decode.c - encapsulations, link types, IP fragment reassembly and
 * the IP-length rule, each through the real capture path (a pcap file
 * read by capture_open/capture_run, filter included): byte vectors built
 * here from the RFCs' layouts, a BGP KEEPALIVE inside.
 */
#include "cap_env.h"

static const uint8_t O4a[4] = { 198, 51, 100, 1 }, O4b[4] = { 198, 51, 100, 2 };
static const uint8_t O6a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 1 };
static const uint8_t O6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 2 };

/* An outer IPv4 header (198.51.100.1 > .2) around pay. */
static size_t
outer4(uint8_t *p, uint8_t proto, const uint8_t *pay, size_t len)
{
	size_t n = ip4(p, proto, 200, 0, pay, len);

	memcpy(p + 12, O4a, 4);
	memcpy(p + 16, O4b, 4);
	return n;
}

/* An outer IPv6 header (2001:db8:ff::1 > ::2) around pay. */
static size_t
outer6(uint8_t *p, uint8_t nh, const uint8_t *pay, size_t len)
{
	size_t n = ip6(p, nh, 200, pay, len);

	memcpy(p + 8, O6a, 16);
	memcpy(p + 24, O6b, 16);
	return n;
}

/* Ethernet without tags around pay. */
static size_t
ether(uint8_t *p, uint16_t et, const uint8_t *pay, size_t len)
{
	size_t n = eth(p, NULL, 0, et);

	memcpy(p + n, pay, len);
	return n + len;
}

static size_t
gre_hdr(uint8_t *p, uint16_t flags, uint16_t proto, uint32_t key)
{
	size_t n = 4;

	put16(p, flags);
	put16(p + 2, proto);
	if (flags & 0x8000) {
		memset(p + n, 0, 4);
		n += 4;
	}
	if (flags & 0x2000) {
		put32(p + n, key);
		n += 4;
	}
	if (flags & 0x1000) {
		put32(p + n, 77);
		n += 4;
	}
	return n;
}

/* Read one frame through the file path: one KEEPALIVE with this encap. */
static void
expect_ka4(int dlt, const uint8_t *f, size_t n, const char *encap)
{
	struct env e;

	env_init(&e);
	feed_file1(&e, dlt, f, n);
	check_one_ka4(&e);
	assert_string_equal(e.r.newpi[0].encap, encap);
	env_free(&e);
}

static void
test_vlan_mpls(void **state)
{
	static const uint16_t q[] = { 0x8100 }, qinq[] = { 0x88a8, 0x8100 };
	static const uint16_t q91[] = { 0x9100, 0x8100 };
	uint8_t f[512], in[256], w[256];
	size_t n, k, m;

	(void)state;
	k = ka_ip4(in, 64);
	n = eth(f, q, 1, 0x0800);
	memcpy(f + n, in, k);
	expect_ka4(DLT_EN10MB, f, n + k, "vlan 100");
	n = eth(f, qinq, 2, 0x0800);
	memcpy(f + n, in, k);
	expect_ka4(DLT_EN10MB, f, n + k, "vlan 100 vlan 101");
	n = eth(f, q91, 2, 0x0800);
	memcpy(f + n, in, k);
	expect_ka4(DLT_EN10MB, f, n + k, "vlan 100 vlan 101");
	/* two labels, IPv4 after the bottom of stack */
	put32(w, 16u << 12 | 64);
	put32(w + 4, 17u << 12 | 0x100 | 64);
	memcpy(w + 8, in, k);
	n = ether(f, 0x8847, w, 8 + k);
	expect_ka4(DLT_EN10MB, f, n, "mpls 16/17");
	/* VLAN, then MPLS */
	n = eth(f, q, 1, 0x8847);
	memcpy(f + n, w, 8 + k);
	expect_ka4(DLT_EN10MB, f, n + 8 + k, "vlan 100 mpls 16/17");
	/* pseudowire: control word, then an Ethernet frame */
	put32(w, 18u << 12 | 0x100 | 64);
	put32(w + 4, 0);
	m = ether(w + 8, 0x0800, in, k);
	n = ether(f, 0x8847, w, 8 + m);
	expect_ka4(DLT_EN10MB, f, n, "mpls 18 pw");
	/* Ethernet pseudowire without control word */
	memmove(w + 4, w + 8, m);
	n = ether(f, 0x8847, w, 4 + m);
	expect_ka4(DLT_EN10MB, f, n, "mpls 18 pw");
	/* MPLS over PPP (protocol 0x0281) */
	f[0] = 0xff;
	f[1] = 0x03;
	put16(f + 2, 0x0281);
	put32(f + 4, 19u << 12 | 0x100 | 64);
	memcpy(f + 8, in, k);
	expect_ka4(9, f, 8 + k, "mpls 19");
}

static void
test_tunnels(void **state)
{
	uint8_t f[512], in[256], w[400], v[400];
	size_t n, k, g, m;

	(void)state;
	k = ka_ip4(in, 64);
	/* GRE with checksum, key 5 and sequence, IPv4 inside */
	g = gre_hdr(w, 0x8000 | 0x2000 | 0x1000, 0x0800, 5);
	memcpy(w + g, in, k);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 47, w, g + k);
	expect_ka4(DLT_EN10MB, f, n, "gre key 5");
	/* GRE transparent Ethernet bridging */
	g = gre_hdr(w, 0, 0x6558, 0);
	g += ether(w + g, 0x0800, in, k);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 47, w, g);
	expect_ka4(DLT_EN10MB, f, n, "gre eth");
	/* ERSPAN type II (GRE 0x88be with sequence), session 7 */
	g = gre_hdr(w, 0x1000, 0x88be, 0);
	put16(w + g, 0x1000 | 100);
	put16(w + g + 2, 7);
	memset(w + g + 4, 0, 4);
	g += 8;
	g += ether(w + g, 0x0800, in, k);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 47, w, g);
	expect_ka4(DLT_EN10MB, f, n, "gre erspan 7");
	/* IP-in-IP, IPv4 in IPv6 */
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 4, in, k);
	expect_ka4(DLT_EN10MB, f, n, "ipip");
	n = eth(f, NULL, 0, 0x86dd);
	n += outer6(f + n, 4, in, k);
	expect_ka4(DLT_EN10MB, f, n, "4in6");
	/* GRE in IPv6 behind a destination options header */
	memset(w, 0, 8);
	w[0] = 47;
	g = 8 + gre_hdr(w + 8, 0, 0x0800, 0);
	memcpy(w + g, in, k);
	n = eth(f, NULL, 0, 0x86dd);
	n += outer6(f + n, 60, w, g + k);
	expect_ka4(DLT_EN10MB, f, n, "gre");
	/* VXLAN on 4789 (VNI 100) and on Azure GWLB's 10800 (VNI 800) */
	m = ether(v + 16, 0x0800, in, k);
	put16(v, 54321);
	put16(v + 2, 4789);
	put16(v + 4, (uint16_t)(16 + m));
	put16(v + 6, 0);
	put32(v + 8, 0x08000000);
	put32(v + 12, 100u << 8);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 17, v, 16 + m);
	expect_ka4(DLT_EN10MB, f, n, "vxlan 100");
	put16(v + 2, 10800);
	put32(v + 12, 800u << 8);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 17, v, 16 + m);
	expect_ka4(DLT_EN10MB, f, n, "vxlan 800");
	/* MPLS in IP (RFC 4023) */
	put32(w, 20u << 12 | 0x100 | 64);
	memcpy(w + 4, in, k);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 137, w, 4 + k);
	expect_ka4(DLT_EN10MB, f, n, "mpls-in-ip mpls 20");
}

/* 6in4: an IPv6 BGP packet in IPv4 */
static void
test_6in4(void **state)
{
	uint8_t f[512], in[256];
	size_t n, k;
	struct env e;
	char buf[64];

	(void)state;
	k = ka_ip6(in);
	n = eth(f, NULL, 0, 0x0800);
	n += outer4(f + n, 41, in, k);
	env_init(&e);
	feed_file1(&e, DLT_EN10MB, f, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	assert_int_equal(e.r.nnote, 0);
	assert_string_equal(addr_fmt(&e.r.newpi[0].src, buf, sizeof(buf)), "2001:db8::1");
	assert_string_equal(e.r.newpi[0].encap, "6in4");
	env_free(&e);
}

static void
test_links(void **state)
{
	uint8_t f[512], in[256];
	size_t k;

	(void)state;
	k = ka_ip4(in, 64);
	/* frame relay, RFC 2427: DLCI 100, UI, NLPID 0xcc */
	f[0] = 0x18;
	f[1] = 0x41;
	f[2] = 0x03;
	f[3] = 0xcc;
	memcpy(f + 4, in, k);
	expect_ka4(107, f, 4 + k, "dlci 100");
	/* with the optional pad byte, and SNAP with an Ethernet type */
	f[3] = 0x00;
	f[4] = 0x80;
	memset(f + 5, 0, 3);
	put16(f + 8, 0x0800);
	memcpy(f + 10, in, k);
	expect_ka4(107, f, 10 + k, "dlci 100");
	/* Cisco's encapsulation: the address, then an Ethernet type */
	put16(f + 2, 0x0800);
	memcpy(f + 4, in, k);
	expect_ka4(107, f, 4 + k, "dlci 100");
	/* Juniper Ethernet: MGC, flags with extensions (4 bytes), Ethernet */
	memcpy(f, "MGC", 3);
	f[3] = 0x81;
	put16(f + 4, 4);
	memset(f + 6, 9, 4);
	k = ether(f + 10, 0x0800, in, k);
	expect_ka4(178, f, 10 + k, "juniper");
}

/* Bounds: nesting deeper than 16, label stacks deeper than 16. */
static void
test_depth(void **state)
{
	uint8_t a[2][2048];
	size_t n, i;
	struct env e;

	(void)state;
	n = ka_ip4(a[0], 64);
	for (i = 0; i < 20; i++)
		n = outer4(a[(i + 1) & 1], 4, a[i & 1], n);
	env_init(&e);
	feed_file1(&e, DLT_RAW, a[0], n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 0);
	assert_int_equal(e.r.nnote, 1);
	assert_string_equal(e.r.note[0], "more than 16 encapsulation layers");
	env_free(&e);

	n = eth(a[0], NULL, 0, 0x8847);
	for (i = 0; i < 20; i++, n += 4)
		put32(a[0] + n, (uint32_t)(16 + i) << 12 | 64);
	n += ka_ip4(a[0] + n, 64);
	env_init(&e);
	feed_file1(&e, DLT_EN10MB, a[0], n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 0);
	assert_int_equal(e.r.nnote, 1);
	assert_string_equal(e.r.note[0], "MPLS label stack deeper than 16");
	env_free(&e);
}

/*
 * An IP total length beyond a frame that was not cut is a bogus header:
 * reported and ignored, and the next segment (the real data at the same
 * place in the stream) is decoded, not taken for a retransmission.
 */
static void
test_ip_length(void **state)
{
	uint8_t f1[256], f2[256], f3[256];
	const uint8_t *frames[2] = { f1, f2 };
	size_t lens[2], n;
	struct env e;

	(void)state;
	n = ka_ip4(f1, 64);
	memcpy(f2, f1, n);
	put16(f1 + 2, (uint16_t)(n + 1000));
	lens[0] = lens[1] = n;
	env_init(&e);
	feed_file(&e, DLT_RAW, frames, lens, 2, NULL);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	assert_int_equal(e.r.nskip, 0);
	assert_int_equal(e.r.nnote, 1);
	assert_string_equal(e.r.note[0], "IPv4 total length claims 1051 payload bytes, "
	    "the frame holds 51 and was not cut: bogus header, packet ignored");
	env_free(&e);
	/* the same for IPv6 */
	n = ka_ip6(f1);
	put16(f1 + 4, 900);
	env_init(&e);
	feed_file1(&e, DLT_RAW, f1, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 0);
	assert_int_equal(e.r.nnote, 1);
	env_free(&e);
	/* Ethernet padding (IP length < frame) is trimmed, not decoded */
	n = ether(f3, 0x0800, f2, lens[1]);
	memset(f3 + n, 0xff, 30);
	env_init(&e);
	feed_file1(&e, DLT_EN10MB, f3, n + 30);
	check_one_ka4(&e);
	env_free(&e);
}

/* ----------------------------------------------------------- fragments */

/* A TCP segment (KEEPALIVE, KEEPALIVE, a 40-byte OPEN-ish message) */
static size_t
seg3(uint8_t *t)
{
	uint8_t m[128];
	size_t n = bgp(m, 4, 19);

	n += bgp(m + n, 4, 19);
	n += bgp(m + n, 3, 40);
	return tcp(t, 40000, 179, 1000, PKT_ACK, m, n);
}

/* IPv4 fragment of t: [off, off+len), MF unless it is the end */
static size_t
frag4(uint8_t *p, const uint8_t *t, size_t tl, size_t off, size_t len, uint16_t id)
{
	size_t n = ip4(p, 6, 64, (uint16_t)((off + len < tl ? 0x2000 : 0) | off / 8),
	    t + off, len);

	put16(p + 4, id);
	return n;
}

static void
run_frames(struct env *e, uint8_t (*fr)[256], const size_t *lens, int n)
{
	const uint8_t *frames[8];
	int i;

	for (i = 0; i < n; i++)
		frames[i] = fr[i];
	env_init(e);
	feed_file(e, DLT_RAW, frames, lens, n, NULL);
	flow_table_finish(e->ft);

}

static void
test_frag4(void **state)
{
	uint8_t t[256], fr[4][256];
	size_t tl, lens[4];
	struct env e;
	struct capture_stats st;

	(void)state;
	tl = seg3(t);
	/* last fragment first, then the first: reassembled, 3 messages */
	lens[0] = frag4(fr[0], t, tl, 56, tl - 56, 7);
	lens[1] = frag4(fr[1], t, tl, 0, 56, 7);
	run_frames(&e, fr, lens, 2);
	assert_int_equal(e.r.nmsg, 3);
	assert_int_equal(e.r.nnote, 0);
	assert_int_equal(e.r.newpi[0].frame, 2);
	capture_get_stats(e.c, &st);
	assert_int_equal(st.fragments, 2);
	assert_int_equal(st.reassembled, 1);
	env_free(&e);
	/* an exact duplicate is ignored */
	lens[2] = lens[0];
	memcpy(fr[2], fr[0], lens[0]);
	lens[0] = lens[1];
	memcpy(fr[0], fr[1], lens[1]);
	run_frames(&e, fr, lens, 3);
	assert_int_equal(e.r.nmsg, 3);
	assert_int_equal(e.r.nnote, 0);
	env_free(&e);
	/* three fragments in order, with 30 bytes of Ethernet-like padding
	 * on the middle one's record: trimmed */
	lens[0] = frag4(fr[0], t, tl, 0, 24, 8);
	lens[1] = frag4(fr[1], t, tl, 24, 48, 8);
	memset(fr[1] + lens[1], 0xee, 30);
	lens[1] += 30;
	lens[2] = frag4(fr[2], t, tl, 72, tl - 72, 8);
	run_frames(&e, fr, lens, 3);
	assert_int_equal(e.r.nmsg, 3);
	assert_int_equal(e.r.nnote, 0);
	env_free(&e);
}

/* Overlap with other content: the datagram is dropped, as the receiver
 * drops it, and said so; no message comes out of either copy. */
static void
test_frag_overlap(void **state)
{
	uint8_t t[256], fr[4][256];
	size_t tl, lens[4];
	struct env e;

	(void)state;
	tl = seg3(t);
	lens[0] = frag4(fr[0], t, tl, 0, 56, 9);
	memcpy(fr[1], fr[0], lens[0]);
	fr[1][20 + 40] ^= 0x55;            /* other content, same place */
	lens[1] = lens[0];
	lens[2] = frag4(fr[2], t, tl, 56, tl - 56, 9);
	run_frames(&e, fr, lens, 3);
	assert_int_equal(e.r.nmsg, 0);
	assert_true(e.r.nnote >= 2);
	assert_string_equal(e.r.note[0], "fragment at offset 0 (56 bytes) overlaps "
	    "another with different extent or content: datagram dropped, as the "
	    "receiver does (RFC 5722)");
	assert_non_null(strstr(e.r.note[1], "incomplete (the capture ended)"));
	env_free(&e);
	/* a partial overlap (other extent) */
	lens[1] = frag4(fr[1], t, tl, 48, 16, 9);
	run_frames(&e, fr, lens, 3);
	assert_int_equal(e.r.nmsg, 0);
	assert_non_null(strstr(e.r.note[0], "overlaps another"));
	env_free(&e);
}

/* Only the first fragment: at the end it is decoded as a cut packet (the
 * first KEEPALIVE), the rest is a gap; a timeout says so in time. */
static void
test_frag_incomplete(void **state)
{
	uint8_t t[256], fr[4][256];
	size_t tl, lens[4];
	struct env e;

	(void)state;
	tl = seg3(t);
	lens[0] = frag4(fr[0], t, tl, 0, 56, 10);
	run_frames(&e, fr, lens, 1);
	assert_int_equal(e.r.nmsg, 1);
	assert_int_equal(e.r.nnote, 1);
	assert_string_equal(e.r.note[0], "IPv4 datagram 192.0.2.1 > 192.0.2.2 id 10 "
	    "incomplete (the capture ended): 1 fragments, 56 of at least 56 bytes "
	    "present from offset 0");
	assert_int_equal(e.r.nskip, 1);    /* the partial message after it */
	env_free(&e);
	/* 40 s between the fragments: the first expires (timeout 30 s) */
	lens[1] = frag4(fr[1], t, tl, 56, tl - 56, 10);
	pcap_step = 40;
	run_frames(&e, fr, lens, 2);
	pcap_step = 1;
	assert_int_equal(e.r.nnote, 2);
	assert_non_null(strstr(e.r.note[0], "incomplete (reassembly timed out)"));
	assert_non_null(strstr(e.r.note[1], "incomplete (the capture ended)"));
	assert_int_equal(e.r.nmsg, 1);
	env_free(&e);
}

/* IPv6: fragment headers, out of order, after a hop-by-hop header */
static void
test_frag6(void **state)
{
	uint8_t t[256], fr[4][256], p[256];
	size_t tl, lens[4], i;
	struct env e;
	static const size_t off[2] = { 48, 0 };

	(void)state;
	tl = seg3(t);
	for (i = 0; i < 2; i++) {
		size_t len = off[i] ? tl - off[i] : 48;

		memset(p, 0, 16);
		p[0] = 44;                  /* hop-by-hop, then fragment */
		p[8] = 6;
		put16(p + 10, (uint16_t)(off[i] | (off[i] ? 0 : 1)));
		put32(p + 12, 0xabcd);
		memcpy(p + 16, t + off[i], len);
		lens[i] = ip6(fr[i], 0, 64, p, 16 + len);
	}
	run_frames(&e, fr, lens, 2);
	assert_int_equal(e.r.nmsg, 3);
	assert_int_equal(e.r.nnote, 0);
	env_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vlan_mpls),
		cmocka_unit_test(test_tunnels),
		cmocka_unit_test(test_6in4),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_ip_length),
		cmocka_unit_test(test_frag4),
		cmocka_unit_test(test_frag_overlap),
		cmocka_unit_test(test_frag_incomplete),
		cmocka_unit_test(test_frag6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
