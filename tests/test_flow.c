/*
 * test_flow.c - reassembly, framing, flow table limits and events.
 *
 * Every test feeds synthetic TCP segments and checks, in flow_end, the
 * accounting invariant bytes_seen == bytes_decoded + bytes_skipped.
 */
#include <sys/socket.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "flow_test.h"

/* ---------------------------------------------------------------- tests */

static void
test_split3(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t m[200];

	(void)state;
	mkmsg(m, 2, 100, 7);
	handshake(t, 1000, 5000);
	seg(t, 0, 1001, PKT_ACK, m, 10);
	seg(t, 0, 1011, PKT_ACK, m + 10, 50);
	assert_int_equal(r.nmsg, 0);
	seg(t, 0, 1061, PKT_ACK | PKT_PSH, m + 60, 40);
	assert_int_equal(r.nmsg, 1);
	assert_int_equal(r.mlen[0], 100);
	assert_int_equal(r.mtag[0], 7);
	assert_int_equal(r.mdir[0], FLOW_DIR_A);
	flow_table_finish(t);
	assert_int_equal(r.nend, 1);
	assert_int_equal(r.end_st[0][0].bytes_seen, 100);
	assert_int_equal(r.end_st[0][0].bytes_decoded, 100);
	assert_int_equal(r.end_st[0][0].messages, 1);
	assert_int_equal(r.nskip, 0);
	flow_table_free(t);
}

static void
test_five_in_one(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 5);
	int i;

	(void)state;
	handshake(t, 1, 2);
	seg(t, 1, 3, PKT_ACK, s, n);
	assert_int_equal(r.nmsg, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r.mtag[i], i + 1);
		assert_int_equal(r.mdir[i], FLOW_DIR_B);
		/* zero copy: pointers into the segment payload */
		assert_true(r.mptr[i] >= s && r.mptr[i] < s + n);
	}
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][1].bytes_decoded, n);
	assert_int_equal(r.nskip, 0);
	flow_table_free(t);
}

static void
test_retrans(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 6);

	(void)state;
	handshake(t, 100, 200);
	seg(t, 0, 101, PKT_ACK, s, 100);
	seg(t, 0, 101, PKT_ACK, s, 100);          /* same bytes */
	seg(t, 0, 151, PKT_ACK, s + 50, 150);     /* overlapping */
	seg(t, 0, 101, PKT_ACK, s, 300);          /* overlapping, longer */
	seg(t, 0, 401, PKT_ACK, s + 300, n - 300);
	seg(t, 0, 101, PKT_ACK, s, n);            /* all old */
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 6);
	assert_int_equal(r.mtag[5], 6);
	assert_int_equal(r.end_st[0][0].bytes_seen, n);
	assert_int_equal(r.end_st[0][0].retrans, 4);
	assert_int_equal(r.nskip, 0);
	flow_table_free(t);
}

static void
test_ooo(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 6);
	int i;

	(void)state;
	handshake(t, 0, 0);
	seg(t, 0, 1, PKT_ACK, s, 100);
	seg(t, 0, 1 + 250, PKT_ACK, s + 250, n - 250);   /* 3 */
	assert_int_equal(r.nmsg, 2);   /* 40 + 53 bytes */
	seg(t, 0, 1 + 100, PKT_ACK, s + 100, 150);       /* 2 */
	assert_int_equal(r.nmsg, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(r.mtag[i], i + 1);
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][0].ooo, 1);
	assert_int_equal(r.end_st[0][0].bytes_seen, n);
	assert_int_equal(r.nskip, 0);
	flow_table_free(t);
}

static void
test_gap(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 6);   /* lengths 40,53,66,79,92,105 */
	size_t cut1 = 50, cut2 = 130; /* lose [50,130): inside msg 2 and 3 */

	(void)state;
	handshake(t, 7, 9);
	seg(t, 0, 8, PKT_ACK, s, cut1);
	seg(t, 0, 8 + (uint32_t)cut2, PKT_ACK, s + cut2, n - cut2);
	assert_int_equal(r.nmsg, 1);
	flow_table_finish(t);
	/* msg1 [0,40) ok; msg2 [40,93) loses; msg3 [93,159) loses; 4..6 ok */
	assert_int_equal(r.nmsg, 4);
	assert_int_equal(r.mtag[1], 4);
	assert_int_equal(r.mtag[3], 6);
	assert_int_equal(skipped_with(&r, "gap:"), cut2 - cut1);
	assert_int_equal(skipped_with(&r, "incomplete message before gap"), cut1 - 40);
	assert_int_equal(skipped_with(&r, "not a BGP header: resynchronised after"),
	    159 - cut2);
	assert_int_equal(r.end_st[0][0].gaps, 1);
	assert_int_equal(r.end_st[0][0].gap_bytes, cut2 - cut1);
	assert_int_equal(r.end_st[0][0].bytes_seen, n - (cut2 - cut1));
	flow_table_free(t);
}

static void
test_midsession(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 4);   /* 40, 53, 66, 79 */

	(void)state;
	/* no SYN: the capture starts 30 bytes into message 2 */
	seg(t, 1, 123456 + 70, PKT_ACK, s + 70, 20);
	seg(t, 1, 123456 + 90, PKT_ACK, s + 90, n - 90);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 2);
	assert_int_equal(r.mtag[0], 3);
	assert_int_equal(r.nskip, 1);
	assert_int_equal(r.skip_n[0], 93 - 70);
	assert_string_equal(r.skip_why[0], "not a BGP header: resynchronised after 23 bytes");
	/* direction A is the first packet's source */
	assert_int_equal(r.mdir[0], FLOW_DIR_A);
	flow_table_free(t);
}

static void
test_wrap(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[2000];
	size_t n = mkstream(s, 8);
	uint32_t isn = 0xffffff00u;
	int i;

	(void)state;
	handshake(t, isn, 0xfffffff0u);
	/* segments of 100 bytes, sent 0,2,1,3.. across 2^32 */
	seg(t, 0, isn + 1, PKT_ACK, s, 100);
	seg(t, 0, isn + 1 + 200, PKT_ACK, s + 200, 100);
	seg(t, 0, isn + 1 + 100, PKT_ACK, s + 100, 100);
	seg(t, 0, isn + 1 + 300, PKT_ACK, s + 300, n - 300);
	seg(t, 0, isn + 1 + 150, PKT_ACK, s + 150, 100);    /* retransmit */
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(r.mtag[i], i + 1);
	assert_int_equal(r.nskip, 0);
	assert_int_equal(r.end_st[0][0].bytes_seen, n);
	flow_table_free(t);
}

static void
test_junk(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[400];
	size_t n = 0;

	(void)state;
	n += mkmsg(s, 4, 19, 0);
	memcpy(s + n, "\xff\xff\x00junk", 7);
	n += 7;
	n += mkmsg(s + n, 2, 50, 42);
	n += mkmsg(s + n, 4, 19, 0);
	handshake(t, 1, 1);
	/* byte by byte: the buffered path */
	for (size_t i = 0; i < n; i++)
		seg(t, 0, 2 + (uint32_t)i, PKT_ACK, s + i, 1);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mtag[1], 42);
	assert_int_equal(r.nskip, 1);
	assert_int_equal(r.skip_n[0], 7);
	assert_string_equal(r.skip_why[0], "not a BGP header: resynchronised after 7 bytes");

	/* the same in one segment: the zero-copy path */
	t = (flow_table_free(t), mk(&r, NULL));
	handshake(t, 1, 1);
	seg(t, 0, 2, PKT_ACK, s, n);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.nskip, 1);
	assert_int_equal(r.skip_n[0], 7);
	flow_table_free(t);
}

static void
test_ooo_limit(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_ooo_segs = 4 };
	struct flow_table *t = mk(&r, &lim);
	uint8_t s[4000];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		n += mkmsg(s + n, 2, 100, (uint32_t)(i + 1));
	handshake(t, 0, 0);
	seg(t, 0, 1, PKT_ACK, s, 100);
	/* segment 2 [100,200) lost; 3..8 arrive */
	for (i = 2; i < 8; i++)
		seg(t, 0, 1 + (uint32_t)i * 100, PKT_ACK, s + i * 100, 100);
	/* limit 4: the 5th queued segment forces the gap */
	assert_int_equal(count_ev(&r, FLOW_EV_LIMIT), 1);
	assert_non_null(strstr(r.ev_why[r.nev - 1], "out-of-order queue full"));
	assert_int_equal(r.nmsg, 7);       /* 1, then 3..8 */
	assert_int_equal(r.mtag[1], 3);
	assert_int_equal(skipped_with(&r, "gap: 100 bytes missing"), 100);
	seg(t, 0, 1 + 100, PKT_ACK, s + 100, 100);      /* too late: old */
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][0].gaps, 1);
	assert_int_equal(r.end_st[0][0].retrans, 1);
	assert_int_equal(r.end_st[0][0].bytes_seen, 700);

	/* byte limit */
	lim.max_ooo_segs = 0;
	lim.max_ooo_bytes = 250;
	t = (flow_table_free(t), mk(&r, &lim));
	handshake(t, 0, 0);
	for (i = 1; i < 5; i++)
		seg(t, 0, 1 + (uint32_t)i * 100, PKT_ACK, s + i * 100, 100);
	assert_int_equal(count_ev(&r, FLOW_EV_LIMIT), 1);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 4);
	assert_int_equal(r.end_st[0][0].gap_bytes, 100);
	flow_table_free(t);
}

static void
test_flow_limit(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_flows = 4 };
	struct flow_table *t = mk(&r, &lim);
	uint8_t m[64];
	int i;

	(void)state;
	mkmsg(m, 2, 40, 0);
	for (i = 0; i < 10; i++) {
		seg_n(t, i, 0, 1, PKT_SYN, NULL, 0);
		seg_n(t, i, 0, 2, PKT_ACK, m, 30);    /* a partial message */
		assert_true(flow_table_count(t) <= 4);
	}
	assert_int_equal(count_ev(&r, FLOW_EV_LIMIT), 6);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 10);
	/* the last eviction: LIMIT (on the evicted flow), NEW, SYN */
	assert_int_equal(r.ev[r.nev - 3], FLOW_EV_LIMIT);
	assert_int_equal(r.ev_flow[r.nev - 3], 6);
	assert_non_null(strstr(r.ev_why[r.nev - 3],
	    "flow table full (4 flows): evicted least recently used flow 6 10.0.0.1:40005 - 10.0.0.2:179"));
	assert_int_equal(r.nend, 6);
	assert_int_equal(r.end_id[0], 1);   /* least recently used first */
	assert_int_equal(skipped_with(&r, "incomplete message when the flow was evicted"), 6 * 30);
	flow_table_finish(t);
	assert_int_equal(r.nend, 10);
	assert_int_equal(flow_table_count(t), 0);
	flow_table_free(t);
}

static void
test_never_completes(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[8000];
	int i;

	(void)state;
	mkmsg(s, 2, 4000, 1);
	handshake(t, 0, 0);
	for (i = 0; i < 10; i++)
		seg(t, 0, 1 + (uint32_t)i * 100, PKT_ACK, s + i * 100, 100);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 0);
	assert_int_equal(r.nskip, 1);
	assert_int_equal(r.skip_n[0], 1000);
	assert_string_equal(r.skip_why[0], "incomplete message at end of capture");

	/* a message larger than the buffer limit: skipped whole, stay in sync */
	struct flow_limits lim = { .max_buf = 1024 };
	t = (flow_table_free(t), mk(&r, &lim));
	mkmsg(s, 2, 3000, 1);
	mkmsg(s + 3000, 4, 19, 0);
	handshake(t, 0, 0);
	for (i = 0; i < 31; i++)
		seg(t, 0, 1 + (uint32_t)i * 100, PKT_ACK, s + i * 100,
		    i < 30 ? 100 : 19);
	assert_int_equal(count_ev(&r, FLOW_EV_LIMIT), 1);
	assert_int_equal(r.nmsg, 1);
	assert_int_equal(r.mtype[0], 4);
	assert_int_equal(skipped_with(&r, "message of 3000 bytes exceeds buffer limit"), 3000);
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][0].bytes_skipped, 3000);
	flow_table_free(t);

	/* mid-session, nothing but 0xff: one skip for the whole run, bounded */
	t = mk(&r, NULL);
	memset(s, 0xff, 1000);
	for (i = 0; i < 100; i++)
		seg(t, 0, 5 + (uint32_t)i * 1000, PKT_ACK, s, 1000);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 0);
	assert_int_equal(r.nskip, 2);   /* the run, then the last partial candidate */
	assert_int_equal(r.skip_n[0] + r.skip_n[1], 100000);
	assert_int_equal(r.end_st[0][0].bytes_seen, 100000);
	flow_table_free(t);
}

static void
test_events(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t m[64];

	(void)state;
	mkmsg(m, 4, 19, 0);
	handshake(t, 10, 20);
	seg(t, 0, 11, PKT_ACK | PKT_PSH, m, 19);
	seg(t, 0, 30, PKT_ACK | PKT_FIN, NULL, 0);
	seg(t, 0, 30, PKT_ACK | PKT_FIN, NULL, 0);    /* FIN retransmitted */
	seg(t, 1, 21, PKT_ACK | PKT_FIN, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 1);
	assert_int_equal(count_ev(&r, FLOW_EV_SYN), 1);
	assert_int_equal(count_ev(&r, FLOW_EV_SYNACK), 1);
	assert_int_equal(count_ev(&r, FLOW_EV_FIN), 2);
	assert_int_equal(r.ev[1], FLOW_EV_SYN);
	assert_int_equal(r.ev_dir[1], FLOW_DIR_A);
	assert_int_equal(r.ev[2], FLOW_EV_SYNACK);
	assert_int_equal(r.ev_dir[2], FLOW_DIR_B);
	/* a new SYN on the closed 4-tuple: a new flow */
	seg(t, 0, 5000, PKT_SYN, NULL, 0);
	assert_int_equal(r.nend, 1);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 2);
	assert_int_equal(r.ev_flow[r.nev - 1], 2);
	/* refused: the RST acknowledges the SYN (RFC 9293 3.10.7.3) */
	seg_full(t, 0, 1, 7000, 5001, 1000, PKT_RST | PKT_ACK, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 1);
	assert_int_equal(r.ev_dir[r.nev - 1], FLOW_DIR_B);
	flow_table_finish(t);
	assert_int_equal(r.nend, 2);
	assert_int_equal(r.nmsg, 1);
	flow_table_free(t);

	/* first packet a SYN-ACK: A is the initiator (its destination) */
	t = mk(&r, NULL);
	seg(t, 1, 20, PKT_SYN | PKT_ACK, NULL, 0);
	seg(t, 1, 21, PKT_ACK, m, 19);
	assert_int_equal(r.ev_dir[0], FLOW_DIR_B);
	assert_int_equal(r.mdir[0], FLOW_DIR_B);
	flow_table_finish(t);
	flow_table_free(t);
}

static void
test_ttl(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	struct pkt_info pi;
	struct flow_dir_stats st;

	(void)state;
	memset(&pi, 0, sizeof(pi));
	pi.src.af = pi.dst.af = AF_INET;
	pi.src.a[0] = 1;
	pi.dst.a[0] = 2;
	pi.sport = 179;
	pi.dport = 1234;
	pi.ttl = 1;
	pi.tcp_flags = PKT_ACK;
	flow_segment(t, &pi, NULL, 0);
	pi.ttl = 255;
	flow_segment(t, &pi, NULL, 0);
	pi.ttl = 1;
	flow_segment(t, &pi, NULL, 0);
	flow_table_finish(t);
	st = r.end_st[0][0];
	assert_int_equal(st.ttl1, 2);
	assert_int_equal(st.last_ttl, 1);
	flow_table_free(t);
}

static void
test_length_rules(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t s[12000];
	size_t n = 0;

	(void)state;
	/* in sync: over max_msg (4096) with a known type -> still a message;
	 * an unknown type with a valid length -> a message (dissector flags) */
	n += mkmsg(s + n, 2, 5000, 1);
	n += mkmsg(s + n, 7, 30, 2);
	n += mkmsg(s + n, 9, 5000, 3);     /* unknown type, too long: junk */
	n += mkmsg(s + n, 4, 19, 0);
	handshake(t, 0, 0);
	seg(t, 0, 1, PKT_ACK, s, n);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mlen[0], 5000);
	assert_int_equal(r.mtype[1], 7);
	assert_int_equal(r.mtype[2], 4);
	assert_int_equal(skipped_with(&r, "not a BGP header"), 5000);
	flow_table_free(t);

	/* out of sync (no SYN): an unknown type is not a resync point */
	t = mk(&r, NULL);
	n = 0;
	s[n++] = 0;
	n += mkmsg(s + n, 7, 30, 2);
	n += mkmsg(s + n, 1, 29, 3);
	seg(t, 0, 99, PKT_ACK, s, n);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 1);
	assert_int_equal(r.mtype[0], 1);
	assert_int_equal(r.skip_n[0], 31);
	flow_table_free(t);

	/* a length below 19 is never a header */
	t = mk(&r, NULL);
	n = mkmsg(s, 4, 19, 0);
	s[16] = 0;
	s[17] = 18;
	n += mkmsg(s + n, 4, 19, 0);
	handshake(t, 0, 0);
	seg(t, 0, 1, PKT_ACK, s, n);
	flow_table_finish(t);
	assert_int_equal(r.nmsg, 1);
	assert_int_equal(r.skip_n[0], 19);
	flow_table_free(t);
}

static void
test_truncated_and_far(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	struct pkt_info pi;
	uint8_t s[2000];
	size_t n = mkstream(s, 6);

	(void)state;
	handshake(t, 0, 0);
	memset(&pi, 0, sizeof(pi));
	pi.src.af = pi.dst.af = AF_INET;
	pi.src.a[0] = 10;
	pi.src.a[3] = 1;
	pi.dst.a[0] = 10;
	pi.dst.a[3] = 2;
	pi.sport = 40000;
	pi.dport = 179;
	pi.seq = 1;
	pi.tcp_flags = PKT_ACK;
	/* 150 bytes on the wire, 60 captured: msg1 ok, msg2 cut */
	flow_segment_trunc(t, &pi, s, 60, 150);
	assert_int_equal(skipped_with(&r, "gap: 90 bytes not captured"), 90);
	seg(t, 0, 151, PKT_ACK, s + 150, n - 150);
	/* 1.5 GiB ahead: outside any receive window, ignored */
	seg(t, 0, 1 + 0x60000000u, PKT_ACK, s, 40);
	flow_table_finish(t);
	assert_int_equal(r.mtag[0], 1);
	assert_int_equal(r.mtag[1], 4);
	assert_int_equal(r.nmsg, 4);
	assert_int_equal(count_ev(&r, FLOW_EV_TCP), 1);
	assert_int_equal(r.end_st[0][0].ignored, 1);
	assert_int_equal(r.end_st[0][0].gap_bytes, 90);
	flow_table_free(t);
}

static void
test_reap_closed(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	struct pkt_info pi;

	(void)state;
	seg_n(t, 1, 0, 1, PKT_RST, NULL, 0);
	assert_int_equal(flow_table_count(t), 1);
	memset(&pi, 0, sizeof(pi));
	pi.ts.tv_sec = 1000 + 60;
	pi.src.af = pi.dst.af = AF_INET6;
	pi.src.a[15] = 1;
	pi.dst.a[15] = 2;
	pi.sport = 179;
	pi.dport = 5;
	flow_segment(t, &pi, NULL, 0);
	assert_int_equal(r.nend, 1);
	assert_int_equal(flow_table_count(t), 1);
	flow_table_finish(t);
	flow_table_free(t);
}

/* Closed flows linger for late segments, but at most FLOW_CLOSED_MAX at
 * once: 1100 connections reset in the same second end the 75 oldest early
 * (the 1100th is reaped by the next packet). */
static void
test_closed_max(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);

	(void)state;
	for (int n = 0; n < FLOW_CLOSED_MAX + 76; n++)
		seg_n(t, n, 0, 1, PKT_RST, NULL, 0);
	assert_int_equal(r.nend, 75);
	assert_int_equal(r.end_id[0], 1);
	assert_int_equal(r.end_id[74], 75);
	assert_int_equal(flow_table_count(t), FLOW_CLOSED_MAX + 1);
	flow_table_finish(t);
	assert_int_equal(r.nend, FLOW_CLOSED_MAX + 76);
	flow_table_free(t);
}

/* Deterministic pseudo-random junk and segmentation: the invariant holds. */
static void
test_random_invariant(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_ooo_segs = 8, .max_buf = 2048 };
	struct flow_table *t;
	static uint8_t s[200000];
	uint32_t x = 12345;
	size_t n = 0, off, first, last = 0;
	struct flow_dir_stats st;
	int round;

	(void)state;
	while (n < sizeof(s) - 70000) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 5 == 0) {
			size_t j, k = (x >> 8) % 40;
			for (j = 0; j < k; j++)
				s[n++] = (uint8_t)(x >> (j % 24)) | 0xf0;
		} else
			n += mkmsg(s + n, (uint8_t)(1 + (x >> 20) % 5),
			    (uint16_t)(19 + (x >> 4) % ((x & 64) ? 3000 : 200)), 0);
	}
	for (round = 0; round < 4; round++) {
		t = mk(&r, &lim);
		r.count_only = true;
		if (round & 1)
			handshake(t, 0xfffff000u, 0);
		off = 0;
		first = SIZE_MAX;
		while (off < n) {
			size_t len;
			x = x * 1103515245u + 12345u;
			len = 1 + (x >> 16) % 1500;
			if (len > n - off)
				len = n - off;
			/* drop 2%, duplicate 2%, reorder by sending ahead 5% */
			if ((x >> 8) % 50 != 0) {
				seg(t, 0, 0xfffff001u + (uint32_t)off, PKT_ACK, s + off, len);
				if (first == SIZE_MAX)
					first = (round & 1) ? 0 : off;
				last = off + len;
			}
			if ((x >> 8) % 50 == 1)
				seg(t, 0, 0xfffff001u + (uint32_t)off, PKT_ACK, s + off, len);
			off += len;
		}
		flow_table_finish(t);
		assert_int_equal(r.nend, 1);
		assert_true(r.nmsg > 100);
		/* exact: every stream byte up to the last one sent was either
		 * seen once or declared a gap; decoded bytes are the messages' */
		st = r.end_st[0][0];
		assert_int_equal(st.bytes_seen + st.gap_bytes, last - first);
		assert_int_equal(st.bytes_decoded, r.bytes);
		assert_int_equal(st.conflicts, 0);
		assert_int_equal(st.ignored, 0);
		flow_table_free(t);
	}
}

/* Random flags, sequence numbers, flows and tiny limits: no crash, no
 * leak (ASan), invariant checked in flow_end, table bounded. */
static void
test_chaos(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_flows = 3, .max_buf = 100,
	    .max_ooo_segs = 3, .max_ooo_bytes = 500 };
	struct flow_table *t = mk(&r, &lim);
	static uint8_t s[70000];
	uint32_t x = 777, base[4] = { 0, 0x7ffffff0u, 0xfffffff0u, 12345 };
	size_t n = 0;
	int i;

	(void)state;
	r.count_only = true;
	while (n < sizeof(s) - 3000) {
		x = x * 1103515245u + 12345u;
		n += mkmsg(s + n, (uint8_t)(x >> 24) % 7, (uint16_t)(19 + (x >> 8) % 300), 0);
	}
	for (i = 0; i < 200000; i++) {
		uint32_t off, len;
		uint8_t fl;
		int fno, dir;

		x = x * 1103515245u + 12345u;
		fno = (int)((x >> 4) % 4);
		dir = (int)((x >> 6) & 1);
		off = (x >> 8) % 60000;
		x = x * 1103515245u + 12345u;
		len = (x >> 8) % 1500;
		fl = (x >> 20) % 97 == 0 ? (uint8_t)((x >> 24) & 0x17) : PKT_ACK;
		if ((x >> 27) % 3 == 0)
			off = (uint32_t)(i * 7) % 60000;
		seg_n(t, fno, dir, base[fno] + off, fl, s + off, len);
		assert_true(flow_table_count(t) <= 3);
	}
	flow_table_finish(t);
	assert_int_equal(flow_table_count(t), 0);
	flow_table_free(t);
}

/* Throughput of the flow layer: ~100 MB, ~1.2M messages, 1448-byte
 * segments (env BGPCAP_BENCH=1 for the full size; 10 MB otherwise). */
static void
test_speed(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	size_t total = getenv("BGPCAP_BENCH") ? 100u << 20 : 10u << 20;
	size_t n = 0, off, sent = 0;
	uint8_t *s = malloc(1 << 20);
	uint32_t seq = 1;
	clock_t c0;
	double secs;
	int i = 0;

	(void)state;
	assert_non_null(s);
	/* a 1 MiB pattern of messages of average length ~87 */
	while (n < (1u << 20) - 200) {
		n += mkmsg(s + n, i % 7 == 0 ? 4 : 2, (uint16_t)(19 + (i * 37) % 137), 0);
		i++;
	}
	handshake(t, 0, 0);
	r.count_only = true;
	c0 = clock();
	while (sent < total) {
		for (off = 0; off < n; off += 1448) {
			size_t len = n - off < 1448 ? n - off : 1448;
			seg(t, 0, seq, PKT_ACK, s + off, len);
			seq += (uint32_t)len;
		}
		sent += n;
	}
	flow_table_finish(t);
	secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	print_message("flow layer: %zu MB, %d messages in %.3f s CPU\n",
	    sent >> 20, r.nmsg, secs);
	assert_int_equal(r.bytes, sent);
	assert_int_equal(r.nskip, 0);
	free(s);
	flow_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split3),
		cmocka_unit_test(test_five_in_one),
		cmocka_unit_test(test_retrans),
		cmocka_unit_test(test_ooo),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_midsession),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_ooo_limit),
		cmocka_unit_test(test_flow_limit),
		cmocka_unit_test(test_never_completes),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_length_rules),
		cmocka_unit_test(test_truncated_and_far),
		cmocka_unit_test(test_reap_closed),
		cmocka_unit_test(test_closed_max),
		cmocka_unit_test(test_random_invariant),
		cmocka_unit_test(test_chaos),
		cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
