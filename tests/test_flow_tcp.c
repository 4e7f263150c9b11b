/*
 * test_flow_tcp.c - the flow layer as a receiver would accept TCP (issue 9):
 * sequence windows, RFC 5961 RST and SYN rules, overlapping data with
 * different content, eviction tiers, ageing, fair budgets, and real
 * reordering with exact byte accounting.
 */
#include <sys/socket.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flow_test.h"

/* handshake A isn 100, B isn 200, then one KEEPALIVE each way */
static void
established(struct flow_table *t, long ts)
{
	uint8_t ka[19];

	mkmsg(ka, 4, 19, 0);
	seg_full(t, 0, 0, 100, 0, ts, PKT_SYN, NULL, 0);
	seg_full(t, 0, 1, 200, 101, ts, PKT_SYN | PKT_ACK, NULL, 0);
	seg_full(t, 0, 0, 101, 201, ts, PKT_ACK, NULL, 0);
	seg_full(t, 0, 0, 101, 201, ts, PKT_ACK | PKT_PSH, ka, 19);
	seg_full(t, 0, 1, 201, 120, ts, PKT_ACK | PKT_PSH, ka, 19);
	seg_full(t, 0, 0, 120, 220, ts, PKT_ACK, NULL, 0);
}

static bool
ev_has(const struct rec *r, enum flow_event ev, const char *text)
{
	for (int i = 0; i < r->nev; i++)
		if (r->ev[i] == ev && strstr(r->ev_why[i], text) != NULL)
			return true;
	return false;
}

static void
test_rst_rules(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t u[60];

	(void)state;
	mkmsg(u, 2, 60, 7);
	established(t, 1000);
	/* in the window, not exact: challenge ACK, not obeyed */
	seg_full(t, 0, 1, 220 + 1000, 120, 1000, PKT_RST, NULL, 0);
	/* far outside */
	seg_full(t, 0, 1, 220 + 0x40000000u, 120, 1000, PKT_RST, NULL, 0);
	/* behind the next byte */
	seg_full(t, 0, 1, 210, 120, 1000, PKT_RST, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 0);
	assert_int_equal(count_ev(&r, FLOW_EV_TCP), 3);
	assert_true(ev_has(&r, FLOW_EV_TCP, "RST in the window but not at the next sequence "
	    "number (seq 1220, expected 220): a receiver answers with a challenge ACK"));
	assert_true(ev_has(&r, FLOW_EV_TCP, "RST outside the window"));
	/* the session goes on: an UPDATE after the spoofed RSTs is decoded */
	seg_full(t, 0, 0, 120, 220, 1001, PKT_ACK, u, 60);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mtag[2], 7);
	/* exactly at the next sequence number: obeyed */
	seg_full(t, 0, 1, 220, 0, 1001, PKT_RST, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 1);
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][1].ignored, 3);
	flow_table_free(t);

	/* the receiver's ACK is its word on the next byte: an RST there is
	 * obeyed although data before it was not captured */
	t = mk(&r, NULL);
	established(t, 1000);
	seg_full(t, 0, 0, 120, 5220, 1000, PKT_ACK, NULL, 0);
	seg_full(t, 0, 1, 5220, 0, 1000, PKT_RST, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 1);
	flow_table_finish(t);
	flow_table_free(t);

	/* after a FIN the RST comes one past the data */
	t = mk(&r, NULL);
	established(t, 1000);
	seg_full(t, 0, 1, 220, 120, 1000, PKT_FIN | PKT_ACK, NULL, 0);
	seg_full(t, 0, 1, 221, 0, 1000, PKT_RST, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 1);
	flow_table_finish(t);
	flow_table_free(t);

	/* an RST answering a SYN must acknowledge it */
	t = mk(&r, NULL);
	seg_full(t, 0, 0, 100, 0, 1000, PKT_SYN, NULL, 0);
	seg_full(t, 0, 1, 0, 555, 1000, PKT_RST | PKT_ACK, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 0);
	assert_true(ev_has(&r, FLOW_EV_TCP, "does not acknowledge it (ack 555, expected 101)"));
	seg_full(t, 0, 1, 0, 101, 1000, PKT_RST | PKT_ACK, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_RST), 1);
	flow_table_finish(t);
	flow_table_free(t);
}

static void
test_syn_rules(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t u[60];

	(void)state;
	mkmsg(u, 2, 60, 9);
	established(t, 1000);
	/* spoofed SYN with a new ISN: reported, the flow is not reset */
	seg_full(t, 0, 0, 77777, 0, 1001, PKT_SYN, NULL, 0);
	seg_full(t, 0, 1, 88888, 77778, 1001, PKT_SYN | PKT_ACK, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_TCP), 2);
	assert_true(ev_has(&r, FLOW_EV_TCP, "SYN with a new ISN 77777 on an established "
	    "connection: a receiver answers with a challenge ACK (RFC 5961 4.2)"));
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 1);
	assert_int_equal(r.nend, 0);
	seg_full(t, 0, 0, 120, 220, 1002, PKT_ACK, u, 60);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mflow[2], 1);
	/* the retransmitted original SYN is the same connection */
	seg_full(t, 0, 0, 100, 0, 1002, PKT_SYN, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 1);
	/* after a long silence the old connection is gone: a new one */
	seg_full(t, 0, 0, 5000, 0, 1002 + 301, PKT_SYN, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 2);
	assert_int_equal(r.nend, 1);
	flow_table_finish(t);
	flow_table_free(t);

	/* after FIN both ways, a new ISN is a new connection at once */
	t = mk(&r, NULL);
	established(t, 1000);
	seg_full(t, 0, 0, 120, 220, 1000, PKT_FIN | PKT_ACK, NULL, 0);
	seg_full(t, 0, 1, 220, 121, 1000, PKT_FIN | PKT_ACK, NULL, 0);
	seg_full(t, 0, 0, 9000, 0, 1000, PKT_SYN, NULL, 0);
	assert_int_equal(count_ev(&r, FLOW_EV_NEW), 2);
	assert_int_equal(count_ev(&r, FLOW_EV_TCP), 0);
	flow_table_finish(t);
	flow_table_free(t);
}

static void
test_window(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t u[60], v[60];

	(void)state;
	mkmsg(u, 2, 60, 1);
	mkmsg(v, 2, 60, 2);
	established(t, 1000);
	/* 9 MiB ahead and 9 MiB behind: not used */
	seg_full(t, 0, 0, 120 + (9u << 20), 220, 1000, PKT_ACK, v, 60);
	seg_full(t, 0, 0, 120 - (9u << 20), 220, 1000, PKT_ACK, v, 60);
	assert_int_equal(count_ev(&r, FLOW_EV_TCP), 2);
	assert_true(ev_has(&r, FLOW_EV_TCP, "60 bytes at seq 9437304, 9437184 bytes beyond "
	    "the next expected byte (120): outside the receive window, not used"));
	seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, u, 60);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mtag[2], 1);
	/* the capture lost 10 MiB that the receiver acknowledged: follow it */
	seg_full(t, 0, 1, 220, 180 + (10u << 20), 1000, PKT_ACK, NULL, 0);
	seg_full(t, 0, 0, 180 + (10u << 20), 220, 1000, PKT_ACK, v, 60);
	assert_int_equal(r.nmsg, 4);
	assert_int_equal(r.mtag[3], 2);
	assert_non_null(strstr(r.skip_why[r.nskip - 1], "acknowledged by the receiver"));
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][0].ignored, 2);
	assert_int_equal(r.end_st[0][0].gap_bytes, 10u << 20);
	flow_table_free(t);
}

/* One UPDATE of 60 bytes, in two segments; the spoofed copy of the second
 * carries another tag. order: 0 real first, 1 spoofed first (out of
 * order, before the first segment), 2 spoofed first in order. */
static void
conflict_case(int order)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t real[60], fake[60];

	mkmsg(real, 2, 60, 0x11111111);
	memcpy(fake, real, 60);
	fake[40] = 0x99;
	fake[41] = 0x98;
	established(t, 1000);
	if (order == 0) {
		seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, real, 30);
		seg_full(t, 0, 0, 150, 220, 1000, PKT_ACK, real + 30, 30);
		seg_full(t, 0, 0, 150, 220, 1000, PKT_ACK, fake + 30, 30);
	} else if (order == 1) {
		seg_full(t, 0, 0, 150, 220, 1000, PKT_ACK, fake + 30, 30);
		seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, real, 60);
	} else {
		seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, fake, 60);
		seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, real, 60);
	}
	assert_int_equal(r.nmsg, 3);
	/* the copy that arrived first is the one decoded */
	assert_int_equal(r.mptr[2][40], order == 0 ? 0x11 : 0x99);
	assert_int_equal(count_ev(&r, FLOW_EV_CONFLICT), 1);
	assert_true(ev_has(&r, FLOW_EV_CONFLICT, "2 of 30 overlapping bytes, first at seq 160; "
	    "the first copy is used") || ev_has(&r, FLOW_EV_CONFLICT,
	    "2 of 60 overlapping bytes, first at seq 160; the first copy is used"));
	flow_table_finish(t);
	assert_int_equal(r.end_st[0][0].conflicts, 1);
	assert_int_equal(r.end_st[0][0].conflict_bytes, 2);
	assert_int_equal(r.end_st[0][0].bytes_seen, 79);
	assert_int_equal(r.end_st[0][0].bytes_decoded, 79);
	flow_table_free(t);
}

static void
test_conflict(void **state)
{
	struct rec r;
	struct flow_table *t;
	uint8_t s[4000];
	size_t n = mkstream(s, 20);

	(void)state;
	conflict_case(0);
	conflict_case(1);
	conflict_case(2);
	/* identical retransmissions and overlaps are no conflict */
	t = mk(&r, NULL);
	established(t, 1000);
	seg_full(t, 0, 0, 200, 220, 1000, PKT_ACK, s + 80, 500);
	seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, s, 300);
	seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, s, n);
	flow_table_finish(t);
	/* a keep-alive probe: one garbage octet before the next byte */
	seg_full(t, 0, 0, 119 + (uint32_t)n, 220, 1000, PKT_ACK, (const uint8_t *)"\0", 1);
	assert_int_equal(count_ev(&r, FLOW_EV_CONFLICT), 0);
	assert_int_equal(r.nmsg, 22);
	assert_int_equal(r.end_st[0][0].unverified, 0);
	flow_table_free(t);

	/* a retransmission older than the kept history: unverified, counted */
	t = mk(&r, NULL);
	established(t, 1000);
	{
		static uint8_t big[200000];
		size_t m = 0, off;

		r.count_only = true;
		while (m < sizeof(big) - 100)
			m += mkmsg(big + m, 4, 19, 0);
		for (off = 0; off < m; off += 1000)
			seg_full(t, 0, 0, 120 + (uint32_t)off, 220, 1000, PKT_ACK,
			    big + off, m - off < 1000 ? m - off : 1000);
		seg_full(t, 0, 0, 120, 220, 1000, PKT_ACK, big, 1000);
		flow_table_finish(t);
		assert_int_equal(r.end_st[0][0].unverified, 1000);
		assert_int_equal(r.end_st[0][0].bytes_seen, 19 + m);
	}
	flow_table_free(t);
}

/* Flows that carried BGP are never evicted for SYN-only ones. */
static void
test_tiers(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_flows = 4 };
	struct flow_table *t = mk(&r, &lim);
	uint8_t ka[19];
	int i;

	(void)state;
	mkmsg(ka, 4, 19, 0);
	established(t, 1000);          /* flow 1, n = 0 */
	for (i = 1; i <= 1000; i++)
		seg_full(t, i, 0, 1, 0, 1000, PKT_SYN, NULL, 0);
	assert_int_equal(flow_table_count(t), 4);
	for (i = 0; i < r.nend && i < MAXREC; i++)
		assert_int_not_equal(r.end_id[i], 1);
	seg_full(t, 0, 0, 120, 220, 1001, PKT_ACK, ka, 19);
	assert_int_equal(r.nmsg, 3);
	assert_int_equal(r.mflow[2], 1);
	/* a table full of BGP flows: a new flow is not tracked */
	for (i = 1; i <= 3; i++) {
		seg_full(t, 2000 + i, 0, 1, 0, 1001, PKT_SYN, NULL, 0);
		seg_full(t, 2000 + i, 1, 7, 2, 1001, PKT_SYN | PKT_ACK, NULL, 0);
		seg_full(t, 2000 + i, 0, 2, 8, 1001, PKT_ACK, ka, 19);
	}
	assert_int_equal(flow_table_count(t), 4);
	seg_full(t, 5000, 0, 1, 0, 1001, PKT_SYN, NULL, 0);
	assert_int_equal(flow_table_untracked(t), 1);
	assert_int_equal(flow_table_count(t), 4);
	flow_table_finish(t);
	flow_table_free(t);
}

static void
set_keep(void *arg, struct flow *f)
{
	(void)arg;
	if (f->id == 1)
		f->keep = true;
}

/* A flow the layer above marked (a named session) is kept like a BGP one:
 * neither evicted for SYN-only flows nor aged out. */
static void
test_keep(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_flows = 3 };
	struct flow_table *t = mk(&r, &lim);
	int i;

	(void)state;
	seg_full(t, 0, 0, 100, 0, 1000, PKT_SYN, NULL, 0);
	seg_full(t, 0, 1, 200, 101, 1000, PKT_SYN | PKT_ACK, NULL, 0);
	flow_table_foreach(t, set_keep, NULL);
	seg_full(t, 0, 0, 101, 201, 1000, PKT_ACK, NULL, 0);   /* takes effect */
	for (i = 1; i <= 100; i++) {
		seg_full(t, i, 0, 1, 0, 1000, PKT_SYN, NULL, 0);
		seg_full(t, i, 1, 7, 2, 1000, PKT_SYN | PKT_ACK, NULL, 0);
	}
	assert_int_equal(r.nend, 98);
	for (i = 0; i < r.nend && i < MAXREC; i++)
		assert_int_not_equal(r.end_id[i], 1);
	/* 400 s later the two-sided flows without BGP age out, flow 1 stays */
	seg_full(t, 0, 0, 101, 201, 1400, PKT_ACK, NULL, 0);
	assert_int_equal(flow_table_count(t), 1);
	flow_table_finish(t);
	assert_int_equal(r.end_id[r.nend - 1], 1);
	flow_table_free(t);
}

/* Idle flows that never carried BGP age out; their cut data is flagged. */
static void
test_ageing(void **state)
{
	struct rec r;
	struct flow_table *t = mk(&r, NULL);
	uint8_t m[100];
	int i;

	(void)state;
	mkmsg(m, 2, 100, 0);
	established(t, 1000);
	for (i = 1; i <= 50; i++) {
		seg_full(t, i, 0, 1, 0, 1000, PKT_SYN, NULL, 0);
		seg_full(t, i, 0, 2, 0, 1000, PKT_ACK, m, 40);
	}
	assert_int_equal(flow_table_count(t), 51);
	seg_full(t, 0, 0, 120, 220, 1000 + 301, PKT_ACK, NULL, 0);
	assert_int_equal(flow_table_count(t), 1);
	assert_int_equal(r.nend, 50);
	assert_int_equal(r.end_st[0][0].cuts, 1);
	assert_int_equal(r.end_st[0][0].cut_bytes, 40);
	assert_string_equal(r.end_st[0][0].cut_reason, "idle flow aged out");
	assert_int_equal(skipped_with(&r, "incomplete message when the flow aged out"), 50 * 40);
	flow_table_finish(t);
	flow_table_free(t);
}

/* 50 idle connections each holding a partial message fill the budget; the
 * real session, within its share, still gets room for its messages. */
static void
test_fair_budget(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_buf_total = 50 * 4096 };
	struct flow_table *t = mk(&r, &lim);
	static uint8_t m[4096], s[40000];
	size_t n = mkstream(s, 60), off;
	int i;

	(void)state;
	mkmsg(m, 2, 4096, 0);
	for (i = 1; i <= 50; i++) {
		seg_full(t, i, 0, 1, 0, 1000, PKT_SYN, NULL, 0);
		seg_full(t, i, 1, 1, 2, 1000, PKT_SYN | PKT_ACK, NULL, 0);
		seg_full(t, i, 0, 2, 2, 1000, PKT_ACK, m, 3000);
	}
	established(t, 1001);
	/* the session's messages all straddle segment boundaries */
	for (off = 0; off < n; off += 37)
		seg_full(t, 0, 0, 120 + (uint32_t)off, 220, 1001, PKT_ACK, s + off,
		    n - off < 37 ? n - off : 37);
	assert_int_equal(r.nmsg, 62);
	flow_table_finish(t);
	for (i = 0; i < r.nend; i++) {
		const struct flow_dir_stats *st = &r.end_st[i][0];

		if (r.end_id[i] == 51) {
			assert_int_equal(st->cuts, 0);
			assert_int_equal(st->bytes_decoded, 19 + n);
		}
	}
	assert_true(skipped_with(&r, "partial message dropped: the partial-message budget") > 0);
	flow_table_free(t);
}

/* Segments permuted within the queue bound: every message decoded, in
 * order, and the byte accounting exact. */
static void
test_reorder(void **state)
{
	struct rec r;
	struct flow_limits lim = { .max_ooo_segs = 16 };
	struct flow_table *t;
	static uint8_t s[60000];
	size_t n = mkstream(s, 60), nseg = (n + 99) / 100, i, j;
	size_t perm[700];
	uint32_t x = 4242;

	(void)state;
	assert_true(nseg <= 700);
	for (int round = 0; round < 3; round++) {
		t = mk(&r, &lim);
		for (i = 0; i < nseg; i++)
			perm[i] = i;
		/* shuffle within windows of 12 segments (< 16 queued) */
		for (i = 0; i < nseg; i += 12)
			for (j = i; j < i + 12 && j < nseg; j++) {
				size_t w = (i + 12 < nseg ? 12 : nseg - i), k;

				x = x * 1103515245u + 12345u;
				k = i + (x >> 16) % w;
				size_t tmp = perm[j];
				perm[j] = perm[k];
				perm[k] = tmp;
			}
		established(t, 1000);
		for (i = 0; i < nseg; i++) {
			size_t o = perm[i] * 100, len = n - o < 100 ? n - o : 100;

			seg_full(t, 0, 0, 120 + (uint32_t)o, 220, 1000, PKT_ACK, s + o, len);
			if (round == 1 && i % 7 == 0)   /* and duplicates */
				seg_full(t, 0, 0, 120 + (uint32_t)o, 220, 1000, PKT_ACK, s + o, len);
		}
		flow_table_finish(t);
		assert_int_equal(r.nmsg, 62);
		for (i = 0; i < 60; i++)
			assert_int_equal(r.mtag[i + 2], i + 1);
		assert_int_equal(r.end_st[0][0].bytes_seen, 19 + n);
		assert_int_equal(r.end_st[0][0].bytes_decoded, 19 + n);
		assert_int_equal(r.end_st[0][0].bytes_skipped, 0);
		assert_int_equal(r.end_st[0][0].gaps, 0);
		assert_int_equal(r.end_st[0][0].conflicts, 0);
		assert_true(r.end_st[0][0].ooo > nseg / 4);
		assert_int_equal(r.nskip, 0);
		flow_table_free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rst_rules),
		cmocka_unit_test(test_syn_rules),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_ageing),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_fair_budget),
		cmocka_unit_test(test_reorder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
