/*
 * test_report.c - the default-route check (policy, verdict) and the
 * renderer, fed with hand-made messages (harness: report_t.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "report_t.h"
#include "report_int.h"    /* rep_msg_count: the shutdown texts stored */

/* ---------------------------------------------------------------- default route */

static void
test_good(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_OTHER_PREFIX);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_int_equal(x.res->verdict, VERDICT_OK);
	assert_int_equal(x.res->n_viol, 0);
	assert_int_equal(x.res->n_sessions, 1);
	{
		const struct report_session *s = t_sess(&x, ARS1);
		const struct report_route *rt = t_route(&x, 0);

		assert_true(s->up);
		assert_string_equal(s->state, "Established");
		assert_int_equal(s->diag.code, DIAG_NONE);
		assert_true(s->both_open);
		assert_int_equal(s->asn[s->local], 65001);
		assert_int_equal(s->asn[!s->local], 65515);
		assert_int_equal(s->hold, 180);
		assert_true(s->as4);
		assert_int_equal(rt->count, 1);
		assert_int_equal(rt->state, ROUTE_HELD);
		assert_true(rt->valid);
		assert_string_equal(rt->nh, FW);
		assert_string_equal(rt->aspath, "65001");
	}
	/* the text renderer */
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Established, AS 65001 - AS 65515, "
	    "hold time 180 s, keepalive 60 s, 4-octet AS");
	assert_has(&x, "default route 10.0.1.6 > 10.0.2.4 0.0.0.0/0: 1 announcement, last "
	    "2023-11-14T22:13:26.123456Z next hop 10.0.1.4 as path 65001, held");
	assert_has(&x, "verdict: ok");
	assert_hasnt(&x, "violation:");
	t_done(&x);
}

static void
test_wrong_nexthop(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_NH_SELF);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);   /* corrected later: still a violation */
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_int_equal(x.res->verdict, VERDICT_VIOLATION);
	assert_int_equal(t_nviol(&x, FIELD_NEXT_HOP, 0), 1);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, -2), 0);
	assert_string_equal(t_viol(&x, FIELD_NEXT_HOP)->actual, NVA);
	assert_string_equal(t_viol(&x, FIELD_NEXT_HOP)->expected, FW);
	assert_addr(&t_viol(&x, FIELD_NEXT_HOP)->speaker, NVA);
	assert_addr(&t_viol(&x, FIELD_NEXT_HOP)->peer, ARS1);
	assert_has(&x, "violation: 2023-11-14T22:13:26.123456Z 10.0.1.6 > 10.0.2.4 0.0.0.0/0 "
	    "next_hop: next hop 10.0.1.6, expected 10.0.1.4\n");
	assert_has(&x, "verdict: violation");
	t_done(&x);
}

static void
test_wrong_aspath(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_PATH2);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_string_equal(t_viol(&x, FIELD_AS_PATH)->actual, "65001 65002");
	assert_string_equal(t_viol(&x, FIELD_AS_PATH)->expected, "65001");
	/* the only announcement held is invalid: one fault, one violation */
	assert_int_equal(x.res->viol_total, 1);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, -2), 0);
	assert_false(t_route(&x, 0)->valid);
	t_done(&x);
}

static void
test_regex(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	x.o.expect_aspath_re = "^65001$";
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	t_done(&x);

	t_init(&x);
	x.o.expect_aspath_re = "_65515_";
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_string_equal(t_viol(&x, FIELD_AS_PATH)->expected, "matching _65515_");
	assert_string_equal(t_viol(&x, FIELD_AS_PATH)->actual, "65001");
	t_done(&x);
}

static void
test_bad_regex(void **state)
{
	struct report_opts o;
	char err[256];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.expect_aspath_re = "(65001";
	assert_null(report_new(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "(65001"));
}

static void
test_missing_peer(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	addr(&x.o.expect_peer[x.o.n_expect_peer++], ARS2);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_session(&x, 1, ARS2);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, -2), 1);
	assert_addr(&t_viol(&x, FIELD_MISSING)->peer, ARS2);
	assert_int_equal(t_viol(&x, FIELD_MISSING)->fam, 0);
	assert_string_equal(t_viol(&x, FIELD_MISSING)->actual, "never announced to 10.0.2.5");
	assert_string_equal(t_viol(&x, FIELD_MISSING)->expected, "0.0.0.0/0 with next hop 10.0.1.4");
	t_done(&x);
}

static void
test_withdraw_reannounce(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_WITHDRAW);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_int_equal(x.res->n_wd, 1);
	assert_string_equal(x.res->wd[0].how, "explicit");
	assert_true(x.res->wd[0].reannounced);
	assert_int_equal(x.res->wd[0].re_ts.tv_sec - x.res->wd[0].ts.tv_sec, 1);
	assert_int_equal(t_route(&x, 0)->state, ROUTE_HELD);
	assert_int_equal(t_route(&x, 0)->count, 2);
	assert_has(&x, "withdrawal: 2023-11-14T22:13:27.123456Z 10.0.1.6 > 10.0.2.4 0.0.0.0/0: "
	    "explicit; re-announced 2023-11-14T22:13:28.123456Z");
	t_done(&x);
}

static void
test_withdraw_only(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_WITHDRAW);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_int_equal(x.res->n_wd, 1);
	assert_false(x.res->wd[0].reannounced);
	assert_int_equal(t_route(&x, 0)->state, ROUTE_GONE);
	assert_string_equal(t_viol(&x, FIELD_MISSING)->actual, "withdrawn (explicit)");
	t_done(&x);
}

static void
test_session_down(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	/* Cease / Administrative Shutdown, "maintenance" */
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "06 02 0b 6d61696e74656e616e6365");
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		assert_false(s->up);
		assert_int_equal(s->diag.code, DIAG_NOTIFICATION);
		assert_int_equal(s->diag.cause.code, CAUSE_NOTIFICATION);
		assert_int_equal(s->diag.cause.ntf.code, 6);
		assert_int_equal(s->diag.cause.ntf.subcode, 2);
		assert_string_equal(s->diag.cause.ntf.msg, "maintenance");
		assert_int_equal(s->flaps, 1);
		assert_int_equal(s->established, 1);
		assert_int_equal(s->n_ntf, 1);
	}
	assert_int_equal(t_route(&x, 0)->state, ROUTE_GONE);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Idle, down: Cease/Administrative "
	    "Shutdown: \"maintenance\" (sent by 10.0.2.4 to 10.0.1.6); went down 1 time, "
	    "established 1 time; local end inferred: the other end is an --expect-peer\n");
	/* one fault: the session down, not also the default route 'missing' */
	assert_int_equal(t_nviol(&x, FIELD_SESSION, -1), 1);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, 0), 0);
	assert_has(&x, "0.0.0.0/0: session down: Cease/Administrative Shutdown: \"maintenance\"");
	t_done(&x);

	/* --allow-down: the session is no violation, the route gone is */
	t_init(&x);
	expect_nva(&x);
	x.o.allow_down = true;
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "06 02 0b 6d61696e74656e616e6365");
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_int_equal(t_nviol(&x, FIELD_SESSION, -1), 0);
	assert_has(&x, "missing: no valid default route: withdrawn (session down: Cease/");
	t_done(&x);
}

static void
test_session_rst(void **state)
{
	struct t x;

	(void)state;
	t_nva_good(&x);
	t_ev(&x, 0, 1, FLOW_EV_RST, 64);
	/* a new connection comes up and re-announces */
	t_session(&x, 1, ARS1);
	t_msg(&x, 1, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_string_equal(x.res->wd[0].how, "session down: TCP RST from 10.0.2.4");
	assert_true(x.res->wd[0].reannounced);
	assert_true(t_sess(&x, ARS1)->up);
	assert_int_equal(t_sess(&x, ARS1)->flaps, 1);
	assert_int_equal(t_sess(&x, ARS1)->established, 2);
	t_done(&x);
}

static void
test_hold_expiry(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65001);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_HOLD90);
	t_msg(&x, 0, 0, BGP_KEEPALIVE, "");
	t_msg(&x, 0, 1, BGP_KEEPALIVE, "");
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	/* the route server falls silent; the NVA keeps sending */
	for (int k = 0; k < 5; k++) {
		x.now += 29;
		t_msg(&x, 0, 0, BGP_KEEPALIVE, "");
	}
	t_finish(&x);
	assert_int_equal(x.status, 1);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		assert_int_equal(s->diag.code, DIAG_DOWN);
		assert_int_equal(s->diag.cause.code, CAUSE_HOLD_EXPIRY);
		assert_addr(&s->diag.cause.addr[s->diag.cause.side], ARS1);
		assert_int_equal(s->diag.cause.hold, 90);
		assert_int_equal((int)s->diag.cause.gap, 151);
	}
	assert_has(&x, "down: hold time expired: nothing from 10.0.2.4 for 151 s (hold time 90 s)");
	t_done(&x);
}

static void
test_no_expectations(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_NH_SELF);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_int_equal(x.res->n_viol, 0);
	assert_int_equal(t_route(&x, 0)->count, 1);
	assert_int_equal(t_route(&x, 0)->state, ROUTE_HELD);
	assert_string_equal(t_route(&x, 0)->nh, NVA);
	t_done(&x);
}

static void
test_speaker(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	addr(&x.o.speaker[x.o.n_speaker++], NVA);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	/* the route server sends a default with another next hop: not counted */
	t_msg(&x, 0, 1, BGP_UPDATE, UPD_NH_SELF);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	t_done(&x);
}

static void
test_ipv6(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	addr(&x.o.expect_nh[x.o.n_expect_nh++], "2001:db8::4");
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	/* both families expected, the session negotiated IPv4 only: ::/0
	 * does not apply to it (no violation), the IPv6 next hop is unchecked */
	assert_int_equal(x.status, 3);
	assert_int_equal(x.res->inc[0].code, INC_UNCHECKED);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, 1), 0);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, 0), 0);
	t_done(&x);

	t_init(&x);
	expect_nva(&x);
	addr(&x.o.expect_nh[x.o.n_expect_nh++], "2001:db8::4");
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_V6);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_int_equal(t_route(&x, 1)->count, 1);
	assert_int_equal(t_route(&x, 1)->state, ROUTE_HELD);
	assert_string_equal(t_route(&x, 1)->nh, "2001:db8::4");
	t_done(&x);
}

static void
test_inferred(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	/* the capture starts mid-session: no SYN, no OPEN */
	t_flow(&x, 0, NVA, ARS1);
	t_msg_inf(&x, 0, 0, BGP_UPDATE, UPD_NH_SELF, true);
	t_msg(&x, 0, 1, BGP_KEEPALIVE, "");
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_true(t_sess(&x, ARS1)->up);
	assert_false(t_sess(&x, ARS1)->open_seen[0] || t_sess(&x, ARS1)->open_seen[1]);
	assert_true(t_viol(&x, FIELD_NEXT_HOP)->inferred);
	assert_true(t_route(&x, 0)->inferred);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Established (OPENs not in the capture)");
	assert_has(&x, "next hop 10.0.1.6, expected 10.0.1.4 (decoding inferred: OPENs not captured)");
	t_done(&x);
}

static void
test_only_end(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "04 00");
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	t_ev(&x, 0, 0, FLOW_EV_FIN, 64);
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	/* the capture shows the session ending: down, a violation */
	assert_int_equal(x.status, 1);
	assert_int_equal(t_sess(&x, ARS1)->diag.code, DIAG_NOTIFICATION);
	assert_int_equal(t_sess(&x, ARS1)->diag.cause.ntf.code, 4);
	assert_string_equal(t_sess(&x, ARS1)->state, "Idle");
	assert_string_equal(t_sess(&x, ARS1)->diag.text, "Hold Timer Expired sent by 10.0.2.4");
	t_done(&x);
}


/* 0.0.0.0/0 followed by 10.1.0.0/24; then 10.0.0.0/16 alone (a zero byte that is no default) */
static void
test_nlri_scan(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" ATTRS_65001_FW "10 0a00");
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" ATTRS_65001_FW "00 18 0a0100");
	t_msg(&x, 0, 0, BGP_UPDATE, "0003 10 0a00 0000");
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_int_equal(t_route(&x, 0)->count, 1);
	assert_int_equal(t_route(&x, 0)->last.tv_sec, 1700000007);
	assert_int_equal(x.res->n_wd, 0);
	t_done(&x);

	/* with ADD-PATH the zero bytes of the path id are not prefix lengths */
	t_init(&x);
	x.ctx.addpath_any = true;
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" ATTRS_65001_FW "00000001 10 0a00");
	t_finish(&x);
	assert_int_equal(x.res->n_routes, 0);
	t_done(&x);
}


/* An UPDATE after the NOTIFICATION that closed the session: announced, not
 * held. The struct says so once; text and JSON both read it. */
static void
test_render_not_up(void **state)
{
	struct t x;

	(void)state;
	for (int json = 0; json < 2; json++) {
		t_init(&x);
		x.o.json = json;
		t_start(&x);
		t_session(&x, 0, ARS1);
		t_msg(&x, 0, 1, BGP_NOTIFICATION, "06 02");
		t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
		t_finish(&x);
		assert_int_equal(t_route(&x, 0)->state, ROUTE_SESSION_NOT_UP);
		assert_false(t_sess(&x, ARS1)->up);
		if (json)
			assert_has(&x, "\"held\":false");
		else
			assert_has(&x, "as path 65001, session not up\n");
		t_done(&x);
	}
}


/* ---------------------------------------------------------------- inconclusive */

static bool
t_has_inc(const struct t *x, enum report_inc_code code)
{
	for (size_t i = 0; i < x->res->n_inc; i++)
		if (x->res->inc[i].code == code)
			return true;
	return false;
}

/* A --speaker or --expect-peer that never appears: not ok, not a violation. */
static void
test_not_seen(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	addr(&x.o.expect_nh[x.o.n_expect_nh++], FW);
	addr(&x.o.speaker[x.o.n_speaker++], "10.0.1.99");
	addr(&x.o.expect_peer[x.o.n_expect_peer++], "10.0.2.9");
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 3);
	assert_int_equal(x.res->verdict, VERDICT_INCONCLUSIVE);
	assert_int_equal(x.res->viol_total, 0);
	assert_true(t_has_inc(&x, INC_NOT_SEEN));
	assert_string_equal(x.res->inc[0].text, "--speaker 10.0.1.99 never appears in the capture");
	assert_string_equal(x.res->inc[1].text, "--expect-peer 10.0.2.9 never appears in the capture");
	assert_has(&x, "  inconclusive: --speaker 10.0.1.99 never appears in the capture\n"
	    "  inconclusive: --expect-peer 10.0.2.9 never appears in the capture\n");
	assert_has(&x, "verdict: inconclusive\n");
	t_done(&x);
}

/* Bytes the speaker sent were not decoded: ok would rest on a guess. */
static void
test_gap(void **state)
{
	struct t x;
	struct pkt_info pi;

	(void)state;
	for (int from = 0; from < 2; from++) {
		t_init(&x);
		expect_nva(&x);
		addr(&x.o.speaker[x.o.n_speaker++], NVA);
		t_start(&x);
		t_session(&x, 0, ARS1);
		t_pi(&x, &pi, &x.f[0], from, 64);
		report_skip(x.r, &x.f[0], from, &pi, 44, "gap: 44 bytes missing in TCP stream");
		t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
		t_finish(&x);
		/* only the checked direction (the speaker's) matters */
		assert_int_equal(x.status, from == 0 ? 3 : 0);
		assert_int_equal(t_has_inc(&x, INC_GAP), from == 0);
		t_done(&x);
	}
}

/* A session seen from its middle, nothing announced: unknown, not missing. */
static void
test_midstream_nothing(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_msg(&x, 0, 0, BGP_KEEPALIVE, "");
	t_msg(&x, 0, 1, BGP_KEEPALIVE, "");
	t_finish(&x);
	assert_int_equal(x.status, 3);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, -2), 0);
	assert_true(t_has_inc(&x, INC_MIDSTREAM));
	assert_true(t_has_inc(&x, INC_UNCHECKED));
	t_done(&x);

	/* the same with its start captured: the announcement is missing */
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_int_equal(t_nviol(&x, FIELD_MISSING, 0), 1);
	t_done(&x);
}

/* ---------------------------------------------------------------- JSON */

static void
check_json_balanced(const char *s)
{
	int depth = 0;
	bool in_str = false;
	size_t n = strlen(s);

	assert_true(n > 0 && s[n - 1] == '\n');
	for (size_t i = 0; i + 1 < n; i++) {
		char c = s[i];

		assert_true(c != '\n');
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			depth--;
			assert_true(depth >= 0);
			if (depth == 0)
				assert_int_equal(i, n - 2);
		}
	}
	assert_false(in_str);
	assert_int_equal(depth, 0);
}

static void
test_json(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	addr(&x.o.expect_peer[x.o.n_expect_peer++], ARS2);
	x.o.json = true;
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_NH_SELF);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_WITHDRAW);
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "06 02 09 22 71 75 6f 74 65 22 5c 0a");
	t_flow(&x, 1, NVA, ARS2);
	t_ev(&x, 1, 0, FLOW_EV_SYN, 64);
	t_ev(&x, 1, 0, FLOW_EV_SYN, 64);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_true(strncmp(x.out, "{\"type\":\"report\",\"verdict\":\"violation\",\"inconclusive\":[],"
	    "\"violations\":[", 70) == 0);
	check_json_balanced(x.out);
	assert_has(&x, "{\"time\":\"2023-11-14T22:13:26.123456Z\",\"speaker\":\"10.0.1.6\","
	    "\"peer\":\"10.0.2.4\",\"prefix\":\"0.0.0.0/0\",\"field\":\"next_hop\","
	    "\"expected\":\"10.0.1.4\",\"actual\":\"10.0.1.6\",\"inferred\":false}");
	assert_has(&x, "\"how\":\"explicit\",\"reannounced\":false");
	assert_has(&x, "\"local\":\"10.0.1.6\",\"peer\":\"10.0.2.5\",\"local_inferred\":true,"
	    "\"local_why\":\"inferred: the other end is an --expect-peer\",\"state\":\"Connect\","
	    "\"state_evidence\":\"SYN from 10.0.1.6, no SYN-ACK\",\"diagnosis\":\"syn_unanswered\","
	    "\"up\":false,\"cause\":\"SYNs from 10.0.1.6 to 10.0.2.5:179 never answered\"");
	/* escaped as on the message line (bgp_fmt_text), then for JSON */
	assert_has(&x, "\"shutdown_message\":\"\\\\\\\"quote\\\\\\\"\\\\\\\\\\\\x0a\"");
	t_done(&x);
}

/*
 * Shutdown communications are stored once each, outside the pair: 2000
 * NOTIFICATIONs with distinct texts on one session keep the first seven
 * and the last in the history and the last as the cause, each with its
 * own text, while the store collects the texts nothing refers to any
 * more (at most 2 x the 11 a pair can refer to, plus 256).
 */
static void
test_shutdown_texts(void **state)
{
	struct t x;
	char hex[64];

	(void)state;
	t_nva_good(&x);
	for (int i = 0; i < 2000; i++) {
		/* Cease / Administrative Shutdown, "m%04d" */
		snprintf(hex, sizeof(hex), "06 02 05 6d %02x %02x %02x %02x", '0' + i / 1000,
		    '0' + i / 100 % 10, '0' + i / 10 % 10, '0' + i % 10);
		t_msg(&x, 0, 1, BGP_NOTIFICATION, hex);
		assert_true(rep_msg_count(x.r) <= 2 * 11 + 256);
	}
	t_finish(&x);
	{
		const struct report_session *s = t_sess(&x, ARS1);

		assert_int_equal(s->n_ntf, 8);
		assert_string_equal(s->ntf[0].msg, "m0000");
		assert_string_equal(s->ntf[6].msg, "m0006");
		assert_string_equal(s->ntf[7].msg, "m1999");
		assert_int_equal(s->ntf[7].msg_len, 5);
		assert_string_equal(s->diag.cause.ntf.msg, "m1999");
	}
	assert_has(&x, "Cease/Administrative Shutdown: \"m1999\" (sent by 10.0.2.4 to 10.0.1.6)");
	assert_has(&x, "NOTIFICATION Cease/Administrative Shutdown from 10.0.2.4: \"m0003\"\n");
	t_done(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_wrong_nexthop),
		cmocka_unit_test(test_wrong_aspath),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_missing_peer),
		cmocka_unit_test(test_withdraw_reannounce),
		cmocka_unit_test(test_withdraw_only),
		cmocka_unit_test(test_session_down),
		cmocka_unit_test(test_session_rst),
		cmocka_unit_test(test_hold_expiry),
		cmocka_unit_test(test_no_expectations),
		cmocka_unit_test(test_speaker),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_inferred),
		cmocka_unit_test(test_only_end),
		cmocka_unit_test(test_nlri_scan),
		cmocka_unit_test(test_render_not_up),
		cmocka_unit_test(test_not_seen),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_midstream_nothing),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_shutdown_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
