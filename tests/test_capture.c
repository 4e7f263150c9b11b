/*
 * test_capture.c - link/IP/TCP/ICMP decoding from hand-built frames, a pcap
 * file round trip through capture_open/capture_run, open errors.
 */
#include <sys/socket.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <pcap/pcap.h>

#include "cap_env.h"

/* ---------------------------------------------------------------- tests */

static void
test_eth_ipv4(void **state)
{
	struct env e;
	uint8_t f[256];
	size_t n;
	struct capture_stats st;

	(void)state;
	env_init(&e);
	n = eth(f, NULL, 0, 0x0800);
	n += ka_ip4(f + n, 64);
	memset(f + n, 0xee, 10);        /* Ethernet padding / trailer */
	feed(&e, DLT_EN10MB, f, n + 10, n + 10);
	assert_int_equal(e.r.newpi[0].caplen, n + 10);
	capture_get_stats(e.c, &st);
	assert_int_equal(st.tcp_bgp, 1);
	check_one_ka4(&e);
	env_free(&e);
}

static void
test_vlan(void **state)
{
	static const uint16_t q[] = { 0x8100 };
	static const uint16_t qinq[] = { 0x88a8, 0x8100 };
	static const uint16_t deep[] = { 0x9100, 0x8100, 0x8100, 0x8100 };
	static const uint16_t *tags[] = { q, qinq, deep };
	static const int ntags[] = { 1, 2, 4 };
	struct env e;
	uint8_t f[256];
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		env_init(&e);
		n = eth(f, tags[i], ntags[i], 0x0800);
		n += ka_ip4(f + n, 64);
		feed_file1(&e, DLT_EN10MB, f, n);
		check_one_ka4(&e);
		env_free(&e);
	}
	/* more tags than the bound: ignored, no crash */
	{
		uint16_t many[12];
		for (i = 0; i < 12; i++)
			many[i] = 0x8100;
		env_init(&e);
		n = eth(f, many, 12, 0x0800);
		n += ka_ip4(f + n, 64);
		feed(&e, DLT_EN10MB, f, n, n);
		flow_table_finish(e.ft);
		assert_int_equal(e.r.nmsg, 0);
		assert_int_equal(e.r.nnote, 1);
		assert_string_equal(e.r.note[0], "too many VLAN tags");
		env_free(&e);
	}
	/* a tag inside Linux cooked capture */
	env_init(&e);
	memset(f, 0, 16);
	put16(f + 14, 0x8100);
	put16(f + 16, 7);
	put16(f + 18, 0x0800);
	n = 20 + ka_ip4(f + 20, 64);
	feed_file1(&e, DLT_LINUX_SLL, f, n);
	check_one_ka4(&e);
	env_free(&e);
}

/* IPv4 total length 0 (segmentation offload on the capturing host) */
static void
test_tso_len0(void **state)
{
	struct env e;
	uint8_t f[256];
	size_t n;

	(void)state;
	env_init(&e);
	n = ka_ip4(f, 64);
	put16(f + 2, 0);
	feed(&e, DLT_RAW, f, n, n);
	check_one_ka4(&e);
	env_free(&e);

	/* a length beyond the frame, not a snaplen cut: test_decode.c */
}

static void
test_sll(void **state)
{
	struct env e;
	uint8_t f[256];
	size_t n;

	(void)state;
	env_init(&e);
	memset(f, 0, 16);
	put16(f + 14, 0x0800);
	n = 16 + ka_ip4(f + 16, 64);
	feed(&e, DLT_LINUX_SLL, f, n, n);
	check_one_ka4(&e);
	env_free(&e);

	env_init(&e);
	memset(f, 0, 20);
	put16(f, 0x0800);
	n = 20 + ka_ip4(f + 20, 64);
	feed(&e, 276 /* DLT_LINUX_SLL2 */, f, n, n);
	check_one_ka4(&e);
	env_free(&e);
}

static void
test_raw_and_null(void **state)
{
	struct env e;
	uint8_t f[256];
	size_t n;
	uint32_t af;
	char buf[64];
	static const int raw4[] = { DLT_RAW, 101, 228 };
	static const int raw6[] = { DLT_RAW, 101, 229 };
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		env_init(&e);
		n = ka_ip4(f, 64);
		feed(&e, raw4[i], f, n, n);
		check_one_ka4(&e);
		env_free(&e);
	}
	for (i = 0; i < 3; i++) {
		env_init(&e);
		n = ka_ip6(f);
		feed(&e, raw6[i], f, n, n);
		flow_table_finish(e.ft);
		assert_int_equal(e.r.nmsg, 1);
		assert_string_equal(addr_fmt(&e.r.newpi[0].src, buf, sizeof(buf)), "2001:db8::1");
		assert_int_equal(e.r.newpi[0].ttl, 1);
		assert_int_equal(e.r.newpi[0].sport, 179);
		env_free(&e);
	}
	/* NULL: AF_INET in host order; LOOP: AF_INET6 (BSD 30) network order */
	env_init(&e);
	af = 2;
	memcpy(f, &af, 4);
	n = 4 + ka_ip4(f + 4, 64);
	feed(&e, DLT_NULL, f, n, n);
	check_one_ka4(&e);
	env_free(&e);

	env_init(&e);
	put32(f, 30);
	n = 4 + ka_ip6(f + 4);
	feed(&e, DLT_LOOP, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	env_free(&e);

	env_init(&e);
	af = 24;
	memcpy(f, &af, 4);
	n = 4 + ka_ip6(f + 4);
	feed(&e, DLT_NULL, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	env_free(&e);
}

/* PPP (RFC 1662 framing, full and compressed protocol) and Cisco HDLC */
static void
test_ppp_hdlc(void **state)
{
	struct env e;
	uint8_t f[256];
	size_t n;

	(void)state;
	/* ff 03 00 21: IPv4 */
	env_init(&e);
	f[0] = 0xff; f[1] = 0x03; f[2] = 0x00; f[3] = 0x21;
	n = 4 + ka_ip4(f + 4, 64);
	feed(&e, 9, f, n, n);
	check_one_ka4(&e);
	env_free(&e);
	/* address/control omitted, protocol compressed to one byte: 21 */
	env_init(&e);
	f[0] = 0x21;
	n = 1 + ka_ip4(f + 1, 64);
	feed(&e, 50, f, n, n);
	check_one_ka4(&e);
	env_free(&e);
	/* 00 57: IPv6 */
	env_init(&e);
	f[0] = 0x00; f[1] = 0x57;
	n = 2 + ka_ip6(f + 2);
	feed(&e, 9, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	env_free(&e);
	/* Cisco HDLC: 0f 00 08 00 */
	env_init(&e);
	f[0] = 0x0f; f[1] = 0x00; f[2] = 0x08; f[3] = 0x00;
	n = 4 + ka_ip4(f + 4, 64);
	feed(&e, 104, f, n, n);
	check_one_ka4(&e);
	env_free(&e);
	/* a PPP frame cut inside the protocol field is a truncation note */
	env_init(&e);
	f[0] = 0xff; f[1] = 0x03; f[2] = 0x00;
	feed(&e, 9, f, 3, 3);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 0);
	env_free(&e);
}

static void
test_ipv6_ext(void **state)
{
	struct env e;
	uint8_t f[512], pay[256], m[64];
	size_t n, tl;

	(void)state;
	env_init(&e);
	/* hop-by-hop (8) -> dest opts (16) -> TCP */
	memset(pay, 0, 24);
	pay[0] = 60;
	pay[1] = 0;
	pay[8] = 6;
	pay[9] = 1;
	n = bgp(m, 4, 19);
	tl = tcp(pay + 24, 179, 40001, 5000, PKT_ACK, m, n);
	n = ip6(f, 0, 64, pay, 24 + tl);
	feed(&e, DLT_RAW, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	assert_int_equal(e.r.nnote, 0);
	env_free(&e);

	/* fragment headers: test_decode.c */
}

static void
test_truncated(void **state)
{
	struct env e;
	uint8_t f[512], m[128], t[256];
	size_t n;
	struct capture_stats st;

	(void)state;
	env_init(&e);
	n = bgp(m, 4, 19);
	n += bgp(m + n, 2, 60);
	n = tcp(t, 40000, 179, 1000, PKT_ACK, m, n);
	n = ip4(f, 6, 64, 0, t, n);
	/* captured: IP 20 + TCP 32 + 30 of 79 payload bytes */
	feed(&e, DLT_RAW, f, 20 + 32 + 30, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nnote, 1);
	assert_string_equal(e.r.note[0], "truncated by snaplen: 30 of 79 bytes captured");
	assert_int_equal(e.r.nmsg, 1);
	assert_int_equal(e.r.nskip, 2);  /* partial message, then the gap */
	assert_int_equal(e.r.skip_n[0], 11);
	assert_int_equal(e.r.skip_n[1], 49);
	assert_string_equal(e.r.skip_why[1], "gap: 49 bytes not captured (truncated by snaplen)");
	capture_get_stats(e.c, &st);
	assert_int_equal(st.truncated, 1);

	/* header cut inside TCP: a note, no segment */
	feed(&e, DLT_RAW, f, 30, n);
	assert_int_equal(e.r.nnote, 2);
	/* cut inside the IP header and the link header */
	feed(&e, DLT_RAW, f, 10, n);
	feed(&e, DLT_EN10MB, f, 5, n);
	assert_int_equal(e.r.nnote, 4);
	env_free(&e);
}

static void
test_icmp(void **state)
{
	struct env e;
	uint8_t f[512], q[256], ic[256];
	size_t n, qn;
	char buf[64];

	(void)state;
	env_init(&e);
	/* quoted: the TCP/179 packet as it left, with TTL 1 */
	qn = ka_ip4(q, 1);
	memset(ic, 0, 8);
	ic[0] = 11;     /* time exceeded */
	ic[1] = 0;
	memcpy(ic + 8, q, 28);           /* IP header + 8 bytes of TCP */
	n = ip4(f, 1, 250, 0, ic, 36);
	f[12] = 198;                     /* reporter 198.51.100.7 */
	f[13] = 51;
	f[14] = 100;
	f[15] = 7;
	feed(&e, DLT_RAW, f, n, n);
	assert_int_equal(e.r.nicmp, 1);
	assert_int_equal(e.r.icmp[0].af, AF_INET);
	assert_int_equal(e.r.icmp[0].type, 11);
	assert_int_equal(e.r.icmp[0].code, 0);
	assert_int_equal(e.r.icmp[0].q_sport, 40000);
	assert_int_equal(e.r.icmp[0].q_dport, 179);
	assert_int_equal(e.r.icmp[0].q_ttl, 1);
	assert_int_equal(e.r.icmp[0].frame, 1);
	assert_string_equal(addr_fmt(&e.r.icmp[0].reporter, buf, sizeof(buf)), "198.51.100.7");
	assert_string_equal(addr_fmt(&e.r.icmp[0].q_src, buf, sizeof(buf)), "192.0.2.1");
	assert_string_equal(addr_fmt(&e.r.icmp[0].q_dst, buf, sizeof(buf)), "192.0.2.2");

	/* quoting another port: ignored; echo reply: ignored */
	put16(ic + 8 + 20 + 2, 80);
	n = ip4(f, 1, 250, 0, ic, 36);
	feed(&e, DLT_RAW, f, n, n);
	ic[0] = 0;
	feed(&e, DLT_RAW, f, n, n);
	assert_int_equal(e.r.nicmp, 1);
	(void)qn;

	/* ICMPv6 destination unreachable quoting TCP/179 */
	qn = ka_ip6(q);
	memset(ic, 0, 8);
	ic[0] = 1;
	ic[1] = 4;
	memcpy(ic + 8, q, 48);
	n = ip6(f, 58, 64, ic, 56);
	feed(&e, DLT_RAW, f, n, n);
	assert_int_equal(e.r.nicmp, 2);
	assert_int_equal(e.r.icmp[1].af, AF_INET6);
	assert_int_equal(e.r.icmp[1].type, 1);
	assert_int_equal(e.r.icmp[1].code, 4);
	assert_int_equal(e.r.icmp[1].q_sport, 179);
	assert_int_equal(e.r.icmp[1].q_ttl, 1);
	assert_string_equal(addr_fmt(&e.r.icmp[1].q_dst, buf, sizeof(buf)), "2001:db8::2");
	env_free(&e);
}

static void
test_ports(void **state)
{
	struct env e;
	struct capture_opts o;
	uint8_t f[256];
	size_t n;

	(void)state;
	env_init(&e);
	n = ka_ip4(f, 64);
	put16(f + 22, 1179);            /* dport */
	feed(&e, DLT_RAW, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 0);
	capture_close(e.c);
	memset(&o, 0, sizeof(o));
	o.ports[0] = 179;
	o.ports[1] = 1179;
	o.nports = 2;
	e.c = capture_new_raw(&o);
	feed(&e, DLT_RAW, f, n, n);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 1);
	env_free(&e);
}

/* Hostile bytes through every link type: must not crash (run under ASan). */
static void
test_garbage(void **state)
{
	static const int dlts[] = { DLT_EN10MB, DLT_LINUX_SLL, 276, DLT_RAW, 228,
	    229, DLT_NULL, DLT_LOOP, 105 };
	struct env e;
	uint8_t f[300], good[300];
	uint32_t x = 99;
	size_t i, k, gn;
	int round;

	(void)state;
	env_init(&e);
	gn = eth(good, NULL, 0, 0x0800);
	gn += ka_ip4(good + gn, 64);
	for (round = 0; round < 20000; round++) {
		size_t len;

		memcpy(f, good, gn);
		for (k = 0; k < 6; k++) {
			x = x * 1103515245u + 12345u;
			f[(x >> 8) % gn] = (uint8_t)(x >> 20);
		}
		x = x * 1103515245u + 12345u;
		len = (x >> 10) % (gn + 1);
		for (i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++)
			feed(&e, dlts[i], f + (i % 3), len > (i % 3) ? len - i % 3 : 0,
			    (x >> 16) % 2000);
	}
	flow_table_finish(e.ft);
	env_free(&e);
}

/* Does the filter bgpcap would set match this frame? */
static bool
filter_matches(const struct capture_opts *o, int dlt, bool live,
    const uint8_t *f, size_t n)
{
	struct bpf_program prog;
	struct pcap_pkthdr h;
	char text[4096], err[256];
	int r, m;

	r = capture_filter_for(o, dlt, live, &prog, text, sizeof(text), err, sizeof(err));
	assert_true(r >= 0);
	if (r == 0)
		return true;
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (bpf_u_int32)n;
	m = pcap_offline_filter(&prog, &h, f);
	pcap_freecode(&prog);
	return m != 0;
}

/*
 * The live kernel filter lets through every form that can carry BGP
 * (tagged, labelled, tunnelled, fragmented, IPv6 extension headers) and
 * nothing else; a user's expression narrows it, also after `vlan`.
 */
static void
test_filter(void **state)
{
	static const uint16_t q[] = { 0x8100 }, qinq[] = { 0x88a8, 0x8100 };
	struct capture_opts o;
	uint8_t f[512], ip[256], t[128];
	size_t n, in;
	char text[4096], err[256];
	struct bpf_program prog;
	int dlt;

	(void)state;
	memset(&o, 0, sizeof(o));
	n = eth(f, NULL, 0, 0x0800);
	n += ka_ip4(f + n, 64);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* tagged, double-tagged */
	n = eth(f, q, 1, 0x0800);
	n += ka_ip4(f + n, 64);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	n = eth(f, qinq, 2, 0x0800);
	n += ka_ip4(f + n, 64);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* MPLS */
	n = eth(f, NULL, 0, 0x8847);
	put32(f + n, (16u << 12) | 0x100 | 64);
	n += 4 + ka_ip4(f + n + 4, 64);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* GRE, IP-in-IP, a non-first fragment */
	in = ka_ip4(ip, 64);
	memmove(ip + 4, ip, in);
	put32(ip, 0x0800);
	n = eth(f, NULL, 0, 0x0800);
	n += ip4(f + n, 47, 64, 0, ip, in + 4);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	n = eth(f, NULL, 0, 0x0800);
	n += ip4(f + n, 4, 64, 0, ip + 4, in);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	n = eth(f, NULL, 0, 0x0800);
	n += ip4(f + n, 6, 64, 185, t, 40);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* IPv6 with a destination options header */
	memset(t, 0, 8);
	t[0] = 6;
	n = eth(f, NULL, 0, 0x86dd);
	n += ip6(f + n, 60, 64, t, 8);
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* not BGP: plain TCP/80, also tagged */
	n = eth(f, NULL, 0, 0x0800);
	n += ka_ip4(f + n, 64);
	put16(f + 14 + 22, 80);
	assert_false(filter_matches(&o, DLT_EN10MB, true, f, n));
	assert_true(filter_matches(&o, DLT_EN10MB, false, f, n));  /* file: all */
	/* the user's expression narrows, even with `vlan` in the base */
	n = eth(f, q, 1, 0x0800);
	n += ka_ip4(f + n, 64);
	o.filter = "vlan 100";
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	o.filter = "vlan 101";
	assert_false(filter_matches(&o, DLT_EN10MB, true, f, n));
	assert_false(filter_matches(&o, DLT_EN10MB, false, f, n));
	n = eth(f, NULL, 0, 0x0800);
	n += ka_ip4(f + n, 64);
	o.filter = "host 192.0.2.1";
	assert_true(filter_matches(&o, DLT_EN10MB, true, f, n));
	o.filter = "host 192.0.2.9";
	assert_false(filter_matches(&o, DLT_EN10MB, true, f, n));
	/* every link type we read has a live filter that compiles */
	o.filter = NULL;
	for (dlt = 0; dlt < 300; dlt++) {
		struct capture *c = capture_new_raw(NULL);
		bool known;

		capture_close(c);
		known = dlt == DLT_EN10MB || dlt == DLT_LINUX_SLL || dlt == DLT_RAW ||
		    dlt == DLT_NULL || dlt == 9 || dlt == 104 || dlt == 107 || dlt == 178;
		if (!known)
			continue;
		assert_int_equal(capture_filter_for(&o, dlt, true, &prog, text,
		    sizeof(text), err, sizeof(err)), 1);
		pcap_freecode(&prog);
	}
	/* a bad user expression: one line */
	o.filter = "tcp and and";
	assert_int_equal(capture_filter_for(&o, DLT_EN10MB, true, &prog, text,
	    sizeof(text), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid filter expression"));
}

static void
test_pcap_file(void **state)
{
	char path[] = "/tmp/bgpcap_test_XXXXXX";
	char wpath[64], err[256];
	uint8_t f1[256], f2[256], f3[256];
	const uint8_t *frames[3] = { f1, f2, f3 };
	size_t lens[3];
	struct capture_opts o;
	struct capture_stats st;
	struct env e;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(wpath, sizeof(wpath), "%s.w", path);
	lens[0] = eth(f1, NULL, 0, 0x0800);
	lens[0] += ka_ip4(f1 + lens[0], 64);
	lens[1] = eth(f2, NULL, 0, 0x0800);
	lens[1] += ka_ip4(f2 + lens[1], 64);
	put16(f2 + 14 + 22, 80);          /* not BGP: read, not a flow */
	lens[2] = eth(f3, NULL, 0, 0x0800);
	lens[2] += ka_ip4(f3 + lens[2], 64);
	put32(f3 + 14 + 24, 1019);        /* the next KEEPALIVE in sequence */
	write_pcap(path, DLT_EN10MB, frames, lens, 3);

	env_init(&e);
	memset(&o, 0, sizeof(o));
	o.file = path;
	o.write_file = wpath;
	capture_close(e.c);
	e.c = capture_open(&o, err, sizeof(err));
	assert_non_null(e.c);
	/* -w is created apart, after the privilege drop (pipeline.c) */
	assert_int_equal(capture_open_dump(e.c, wpath, err, sizeof(err)), 0);
	assert_string_equal(capture_linktype_name(e.c), "EN10MB");
	assert_int_equal(capture_fd(e.c), -1);
	assert_int_equal(capture_run(e.c, e.ft, &e.ccb, err, sizeof(err)), 0);
	capture_get_stats(e.c, &st);
	assert_int_equal(st.packets, 3);  /* a file is not filtered */
	assert_int_equal(st.tcp_bgp, 2);
	assert_true(st.file_size > 0);
	flow_table_finish(e.ft);
	assert_int_equal(e.r.nmsg, 2);
	assert_int_equal(e.r.newpi[0].frame, 1);
	assert_int_equal(e.r.newpi[0].ts.tv_sec, 1700000000);
	capture_close(e.c);
	e.c = NULL;

	/* -w wrote what was read; the user's filter applies */
	flow_table_free(e.ft);
	env_init(&e);
	capture_close(e.c);
	o.file = wpath;
	o.write_file = NULL;
	o.filter = "src host 192.0.2.1 and port 179";
	e.c = capture_open(&o, err, sizeof(err));
	assert_non_null(e.c);
	assert_int_equal(capture_run(e.c, e.ft, &e.ccb, err, sizeof(err)), 0);
	capture_get_stats(e.c, &st);
	assert_int_equal(st.packets, 2);
	capture_close(e.c);
	o.filter = "src host 192.0.2.99";
	e.c = capture_open(&o, err, sizeof(err));
	assert_non_null(e.c);
	assert_int_equal(capture_run(e.c, e.ft, &e.ccb, err, sizeof(err)), 0);
	capture_get_stats(e.c, &st);
	assert_int_equal(st.packets, 0);
	capture_close(e.c);

	/* a bad filter: one clear line */
	o.filter = "tcp and and";
	e.c = capture_open(&o, err, sizeof(err));
	assert_null(e.c);
	assert_non_null(strstr(err, "invalid filter expression \"tcp and and\""));
	assert_null(strchr(err, '\n'));
	env_free(&e);

	/* unsupported link type */
	write_pcap(path, DLT_IEEE802_11, frames, lens, 1);
	o.filter = NULL;
	o.file = path;
	assert_null(capture_open(&o, err, sizeof(err)));
	assert_string_equal(err, "unsupported link type IEEE802_11 (DLT 105)");

	/* missing file */
	o.file = "/nonexistent/x.pcap";
	assert_null(capture_open(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/x.pcap"));
	unlink(path);
	unlink(wpath);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eth_ipv4),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_sll),
		cmocka_unit_test(test_tso_len0),
		cmocka_unit_test(test_raw_and_null),
		cmocka_unit_test(test_ppp_hdlc),
		cmocka_unit_test(test_ipv6_ext),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_pcap_file),
		cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
