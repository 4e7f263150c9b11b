/*
 * test_report_diag.c - the session diagnosis: states, causes and their
 * evidence, fed with hand-made messages, TCP events and ICMP errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "report_t.h"

/* ---------------------------------------------------------------- diagnosis */

static void
test_bad_peer_as(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65001);
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "02 02 fde9");
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	t_finish(&x);
	/* a session down is a violation (issue 9), the NOTIFICATION its diagnosis */
	assert_int_equal(x.status, 1);
	assert_int_equal(t_viol(&x, FIELD_SESSION)->fam, -1);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		/* after the NOTIFICATION the local end's FSM is Idle */
		assert_string_equal(s->state, "Idle");
		assert_int_equal(s->diag.code, DIAG_NOTIFICATION);
		assert_true(s->diag.cause.offered);
		assert_int_equal(s->diag.cause.offered_as, 65001);
		assert_addr(&s->diag.cause.addr[s->diag.cause.side], ARS1);
	}
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Idle, down: OPEN from 10.0.1.6 answered "
	    "by NOTIFICATION OPEN Message Error/Bad Peer AS from 10.0.2.4 (peer AS 65001 offered, "
	    "check remote-as on 10.0.2.4); local end inferred: the first connection's initiator\n");
	t_done(&x);
}

static void
test_expect_peer_as(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	x.o.expect_peer_as = 65515;
	addr(&x.o.speaker[x.o.n_speaker++], NVA);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65515);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_65001);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_string_equal(t_viol(&x, FIELD_PEER_AS)->actual, "65001");
	assert_string_equal(t_viol(&x, FIELD_PEER_AS)->expected, "65515");
	assert_addr(&t_viol(&x, FIELD_PEER_AS)->speaker, ARS1);
	t_done(&x);
}

static void
test_syn_only(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_ev(&x, 0, 0, FLOW_EV_NEW, 64);
	t_ev(&x, 0, 0, FLOW_EV_SYN, 64);
	t_ev(&x, 0, 0, FLOW_EV_SYN, 64);
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	/* no BGP message at all, and the SYNs (retransmitted) never answered:
	 * the session is down, a violation; the missing BGP is said too */
	assert_int_equal(x.status, 1);
	assert_int_equal(x.res->verdict, VERDICT_VIOLATION);
	assert_int_equal(x.res->inc[0].code, INC_NO_BGP);
	assert_string_equal(t_sess(&x, ARS1)->state, "Connect");
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_SYN_UNANSWERED);
	assert_addr(&t_sess(&x, ARS1)->diag.addr[t_sess(&x, ARS1)->diag.side], NVA);
	assert_int_equal(t_sess(&x, ARS1)->diag.port, 179);
	assert_int_equal(t_sess(&x, ARS1)->syn[t_sess(&x, ARS1)->local], 2);
	t_done(&x);
}

static void
test_refused(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_ev(&x, 0, 0, FLOW_EV_SYN, 64);
	t_ev(&x, 0, 1, FLOW_EV_RST, 64);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_true(strstr(t_viol(&x, FIELD_SESSION)->actual, "connection refused") != NULL);
	assert_string_equal(t_sess(&x, ARS1)->state, "Active");
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_REFUSED);
	assert_addr(&t_sess(&x, ARS1)->diag.addr[t_sess(&x, ARS1)->diag.side], ARS1);
	t_done(&x);
}

static void
test_tcp_no_open(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_finish(&x);
	/* the capture ends right after the handshake: no evidence of a fault */
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_CAPTURE_END);
	assert_true(t_sess(&x, ARS1)->diag.unknown);
	assert_int_equal(x.status, 3);
	assert_int_equal(x.res->n_viol, 0);
	t_done(&x);

	/* ... but 200 s later (another session's packet), past ConnectRetry */
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_flow(&x, 1, NVA, ARS2);
	x.now += 200;
	t_ev(&x, 1, 0, FLOW_EV_NEW, 64);
	t_finish(&x);
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_TCP_NO_OPEN);
	assert_int_equal(t_sess(&x, ARS1)->diag.cause.code, CAUSE_NONE);
	assert_string_equal(t_sess(&x, ARS1)->state, "Connect");
	t_done(&x);
}

static void
test_open_one_way(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_65515);
	t_finish(&x);
	/* the local end (the initiator) sent no OPEN yet; the capture ends
	 * within the large hold timer: not "none received" */
	assert_string_equal(t_sess(&x, ARS1)->state, "Active");
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_CAPTURE_END);
	assert_has(&x, "state unknown: the capture ends 0.0 s after the session's last packet, "
	    "during the handshake (the 240 s timer had not run out)");
	t_done(&x);

	/* 300 s later: the OPEN went unanswered */
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_65515);
	t_flow(&x, 1, NVA, ARS2);
	x.now += 300;
	t_ev(&x, 1, 0, FLOW_EV_NEW, 64);
	t_finish(&x);
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_OPEN_ONE_WAY);
	assert_addr(&t_sess(&x, ARS1)->diag.addr[t_sess(&x, ARS1)->diag.side], ARS1);
	t_done(&x);
}

static void
test_multihop(void **state)
{
	struct t x;
	struct icmp_info ii;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_ev(&x, 0, 0, FLOW_EV_NEW, 1);
	t_ev(&x, 0, 0, FLOW_EV_SYN, 1);
	memset(&ii, 0, sizeof(ii));
	ii.ts.tv_sec = x.now++;
	addr(&ii.reporter, GW);
	ii.af = AF_INET;
	ii.type = 11;
	ii.code = 0;
	ii.q_src = x.f[0].addr[0];
	ii.q_dst = x.f[0].addr[1];
	ii.q_sport = x.f[0].port[0];
	ii.q_dport = 179;
	ii.q_ttl = 1;
	report_icmp(x.r, &ii);
	x.f[0].st[0].ttl1 = 2;
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		assert_int_equal(s->diag.code, DIAG_TTL_ICMP);
		assert_addr(&s->diag.addr[s->diag.side], NVA);
		assert_addr(&s->diag.icmp_from, GW);
		assert_int_equal(s->icmp_te[s->local], 1);
		assert_int_equal(s->ttl1[s->local], 2);
	}
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Connect, down: packets from 10.0.1.6 to "
	    "10.0.2.4 leave with TTL 1 and die in transit (ICMP time exceeded from 10.0.1.1): "
	    "configure ebgp-multihop; state from: SYN from 10.0.1.6, no SYN-ACK; local end inferred: the first connection's initiator\n");
	t_done(&x);
}

/* The route server connects; the NVA's answers leave with TTL 1. */
static void
test_multihop_reverse(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, ARS1, NVA);
	t_ev(&x, 0, 0, FLOW_EV_SYN, 63);
	t_ev(&x, 0, 1, FLOW_EV_SYNACK, 1);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65515);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_65001);
	x.f[0].st[1].ttl1 = 3;
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_TTL_SILENT);
	assert_addr(&t_sess(&x, ARS1)->diag.addr[t_sess(&x, ARS1)->diag.side], NVA);
	t_done(&x);
}


/* The route server is killed: FIN, then its port refuses the reconnects. */
static void
test_killed_then_refused(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	t_flow(&x, 1, NVA, ARS1);
	t_ev(&x, 1, 0, FLOW_EV_SYN, 64);
	t_ev(&x, 1, 1, FLOW_EV_RST, 64);
	t_finish(&x);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		assert_int_equal(s->diag.code, DIAG_REFUSED);
		assert_true(s->diag.have_before);
		assert_int_equal(s->diag.before.code, CAUSE_FIN);
		assert_addr(&s->diag.before.addr[s->diag.before.side], ARS1);
	}
	/* refused by the peer: the local end is Active (waiting for it) */
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Active, down: connection refused: "
	    "10.0.2.4 answered SYN with RST (nothing listening on port 179?); before that the "
	    "session was up and ended: TCP FIN from 10.0.2.4; went down 1 time, established 1 time"
	    "; local end inferred: the first connection's initiator\n");
	t_done(&x);
}

static void
test_unsupported_capability(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65001);
	/* OPEN Message Error / Unsupported Capability: ADD-PATH ipv4 unicast */
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "02 07 45 04 0001 01 03");
	t_finish(&x);
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_NOTIFICATION);
	assert_int_equal(t_sess(&x, ARS1)->diag.cause.ntf.n_caps, 1);
	assert_int_equal(t_sess(&x, ARS1)->diag.cause.ntf.caps[0], 69);
	assert_has(&x, " (69)); local end inferred: the first connection's initiator\n");
	t_done(&x);
}

static void
test_unacceptable_hold(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65001);
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "02 06");
	t_finish(&x);
	assert_int_equal(t_sess(&x, ARS1)->diag.cause.offered_hold, 180);
	assert_has(&x, "down: OPEN from 10.0.1.6 answered by NOTIFICATION OPEN Message "
	    "Error/Unacceptable Hold Time (hold time 180 s offered); local end inferred: the first connection's initiator\n");
	t_done(&x);
}

/* A new connection carries UPDATEs while the old one's end was not captured. */
static void
test_new_connection(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	t_session(&x, 1, ARS1);
	t_msg(&x, 1, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_string_equal(x.res->wd[0].how, "session down: replaced by a new connection");
	assert_true(x.res->wd[0].reannounced);
	t_done(&x);
}


/* The NVA's hold timer expires: the route server's silence is counted. */
static void
test_hold_silence(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65001);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_HOLD90);
	t_msg(&x, 0, 0, BGP_KEEPALIVE, "");
	t_msg(&x, 0, 1, BGP_KEEPALIVE, "");
	x.now += 60;      /* the NVA keeps sending, the route server is silent */
	t_msg(&x, 0, 0, BGP_KEEPALIVE, "");
	x.now += 30;      /* 92 s after the route server's KEEPALIVE */
	t_msg(&x, 0, 0, BGP_NOTIFICATION, "04 00");
	t_finish(&x);
	{
		const struct report_session *s = t_sess(&x, ARS1);
		int rs = !s->local;

		assert_int_equal(s->gaps_over_hold[rs], 1);
		assert_true(s->max_gap[rs] > 91.5 && s->max_gap[rs] < 92.5);
		assert_int_equal(s->gaps_over_hold[s->local], 0);
	}
	t_done(&x);
}

/* ICMP time exceeded quoting a made-up TCP/179 header from 10.8.x.y */
static void
icmp_pair(struct t *x, int i)
{
	struct icmp_info ii;
	char a[32];

	memset(&ii, 0, sizeof(ii));
	ii.ts.tv_sec = x->now;
	addr(&ii.reporter, GW);
	ii.af = AF_INET;
	ii.type = 11;
	snprintf(a, sizeof(a), "10.8.%d.%d", (i >> 8) & 255, i & 255);
	addr(&ii.q_src, a);
	addr(&ii.q_dst, "10.7.0.1");
	ii.q_sport = 30000;
	ii.q_dport = 179;
	ii.q_ttl = 1;
	report_icmp(x->r, &ii);
}

/*
 * 6000 ICMP-only pairs after the real session: the reporter keeps 4096
 * pairs; the ICMP-only ones are evicted in turn, the session never. Every
 * pair still held is found again (the removal keeps the probe chains
 * whole): sending the last 4000 again evicts nothing more.
 */
static void
test_pair_evict(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	for (int i = 0; i < 6000; i++)
		icmp_pair(&x, i);
	for (int i = 2000; i < 6000; i++)
		icmp_pair(&x, i);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_NH_SELF);
	t_finish(&x);
	assert_int_equal(x.res->n_sessions, 4096);
	assert_int_equal(x.res->sessions_evicted, 6000 + 1 - 4096);
	assert_int_equal(x.res->sessions_untracked, 0);
	assert_true(t_sess(&x, ARS1)->up);
	assert_int_equal(x.status, 1);
	assert_int_equal(t_nviol(&x, FIELD_NEXT_HOP, 0), 1);
	t_done(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_peer_as),
		cmocka_unit_test(test_expect_peer_as),
		cmocka_unit_test(test_hold_silence),
		cmocka_unit_test(test_syn_only),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_tcp_no_open),
		cmocka_unit_test(test_open_one_way),
		cmocka_unit_test(test_multihop),
		cmocka_unit_test(test_multihop_reverse),
		cmocka_unit_test(test_killed_then_refused),
		cmocka_unit_test(test_unsupported_capability),
		cmocka_unit_test(test_unacceptable_hold),
		cmocka_unit_test(test_new_connection),
		cmocka_unit_test(test_pair_evict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
