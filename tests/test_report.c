/*
 * test_report.c - the default-route check and the session diagnosis, fed
 * with hand-made messages, TCP events and ICMP errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "vec.h"

#include <stdlib.h>
#include <sys/socket.h>

#include "bgpcap.h"
#include "report.h"

#define NVA   "10.0.1.6"
#define ARS1  "10.0.2.4"
#define ARS2  "10.0.2.5"
#define FW    "10.0.1.4"
#define GW    "10.0.1.1"

/* OPEN bodies: version 4, AS, hold 180, id, capabilities MP ipv4/unicast + AS4 */
#define OPEN_65001 "04 fde9 00b4 0a000106 10 02 0e 01 04 0001 00 01 41 04 0000fde9 02 00"
#define OPEN_65515 "04 ffeb 00b4 0a000204 10 02 0e 01 04 0001 00 01 41 04 0000ffeb 02 00"
#define OPEN_HOLD90 "04 ffeb 005a 0a000204 10 02 0e 01 04 0001 00 01 41 04 0000ffeb 02 00"

/* UPDATEs announcing 0.0.0.0/0 (4-octet AS paths) */
#define ATTRS_65001_FW   "0014 40 01 01 00 40 02 06 02 01 0000fde9 40 03 04 0a000104"
#define UPD_GOOD         ATTRS_65001_FW "00"
#define UPD_OTHER_PREFIX "0000" ATTRS_65001_FW "18 0a0001"
#define UPD_NH_SELF      "0000 0014 40 01 01 00 40 02 06 02 01 0000fde9 40 03 04 0a000106 00"
#define UPD_PATH2        "0000 0018 40 01 01 00 40 02 0a 02 02 0000fde9 0000fdea 40 03 04 0a000104 00"
#define UPD_WITHDRAW     "0001 00 0000"
/* ::/0 in MP_REACH with next hop 2001:db8::4 */
#define UPD_V6 "0000 0026 40 01 01 00 40 02 06 02 01 0000fde9 " \
	"80 0e 16 0002 01 10 20010db8000000000000000000000004 00 00"

struct t {
	struct report *r;
	struct report_opts o;
	struct flow f[4];
	struct sess s[4];
	struct bgp_ctx ctx;
	long now;
	char *out;
	size_t outlen;
	int status;
};

static void
addr(struct addr *a, const char *s)
{
	assert_true(addr_parse(s, a));
}

static void
t_init(struct t *x)
{
	memset(x, 0, sizeof(*x));
	x->ctx.as4 = true;
	x->now = 1700000000;
}

static void
t_start(struct t *x)
{
	char err[256];

	x->r = report_new(&x->o, err, sizeof(err));
	if (x->r == NULL)
		fail_msg("report_new: %s", err);
}

/* Flow i from a (initiator) to b:179. */
static struct flow *
t_flow(struct t *x, int i, const char *a, const char *b)
{
	struct flow *f = &x->f[i];

	memset(f, 0, sizeof(*f));
	addr(&f->addr[0], a);
	addr(&f->addr[1], b);
	f->port[0] = (uint16_t)(40000 + i);
	f->port[1] = 179;
	f->id = (uint64_t)i + 1;
	memset(&x->s[i], 0, sizeof(x->s[i]));
	return f;
}

static void
t_pi(struct t *x, struct pkt_info *pi, const struct flow *f, int dir, uint8_t ttl)
{
	memset(pi, 0, sizeof(*pi));
	pi->ts.tv_sec = x->now++;
	pi->ts.tv_usec = 123456;
	pi->src = f->addr[dir];
	pi->dst = f->addr[!dir];
	pi->sport = f->port[dir];
	pi->dport = f->port[!dir];
	pi->ttl = ttl;
}

static void
t_ev(struct t *x, int i, int dir, enum flow_event ev, uint8_t ttl)
{
	struct pkt_info pi;

	t_pi(x, &pi, &x->f[i], dir, ttl);
	report_event(x->r, &x->f[i], dir, &pi, ev);
}

static void
t_tcp_up(struct t *x, int i)
{
	t_ev(x, i, 0, FLOW_EV_SYN, 64);
	t_ev(x, i, 1, FLOW_EV_SYNACK, 64);
}

/* A message of `type` with body `hex` sent on flow i in direction dir. */
static void
t_msg_inf(struct t *x, int i, int dir, uint8_t type, const char *hex, bool inferred)
{
	uint8_t b[4096];
	struct msg_view v;
	struct pkt_info pi;
	size_t n = vec_msg(b, sizeof(b), type, hex);

	memset(&v, 0, sizeof(v));
	t_pi(x, &pi, &x->f[i], dir, 255);
	v.f = &x->f[i];
	v.dir = dir;
	v.pi = &pi;
	v.ctx = &x->ctx;
	v.sess = &x->s[i];
	v.inferred = inferred;
	bgp_errs_reset(&v.errs);
	assert_int_equal(bgp_decode(b, n, v.ctx, &v.m, &v.u, &v.errs), BGP_DEC_BODY);
	assert_int_equal(v.m.type, type);
	v.hdr_ok = v.body_ok = true;
	if (type == BGP_OPEN)
		sess_open(&x->s[i], &x->f[i], dir, &v.u.open, &pi.ts);
	report_message(x->r, &v);
}

static void
t_msg(struct t *x, int i, int dir, uint8_t type, const char *hex)
{
	t_msg_inf(x, i, dir, type, hex, false);
}

/* TCP up, OPENs both ways, KEEPALIVEs both ways: Established. */
static void
t_session(struct t *x, int i, const char *ars)
{
	t_flow(x, i, NVA, ars);
	t_tcp_up(x, i);
	t_msg(x, i, 0, BGP_OPEN, OPEN_65001);
	t_msg(x, i, 1, BGP_OPEN, OPEN_65515);
	t_msg(x, i, 0, BGP_KEEPALIVE, "");
	t_msg(x, i, 1, BGP_KEEPALIVE, "");
}

static void
t_finish(struct t *x)
{
	FILE *fp = open_memstream(&x->out, &x->outlen);

	assert_non_null(fp);
	x->status = report_finish(x->r, fp);
	fclose(fp);
	report_free(x->r);
	x->r = NULL;
}

static void
t_done(struct t *x)
{
	free(x->out);
	x->out = NULL;
}

#define assert_has(x, s) do { \
	if (strstr((x)->out, (s)) == NULL) \
		fail_msg("missing \"%s\" in:\n%s", (s), (x)->out); \
} while (0)
#define assert_hasnt(x, s) do { \
	if (strstr((x)->out, (s)) != NULL) \
		fail_msg("unexpected \"%s\" in:\n%s", (s), (x)->out); \
} while (0)

static void
expect_nva(struct t *x)
{
	addr(&x->o.expect_nh[x->o.n_expect_nh++], FW);
	addr(&x->o.expect_peer[x->o.n_expect_peer++], ARS1);
	x->o.expect_aspath = "65001";
}

/* ---------------------------------------------------------------- default route */

static void
test_good(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_OTHER_PREFIX);
	t_finish(&x);
	assert_int_equal(x.status, 0);
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
	assert_has(&x, "violation: 2023-11-14T22:13:26.123456Z 10.0.1.6 > 10.0.2.4 0.0.0.0/0 "
	    "next_hop: next hop 10.0.1.6, expected 10.0.1.4\n");
	assert_has(&x, "verdict: violation");
	assert_hasnt(&x, "missing");
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
	assert_has(&x, "as_path: as path 65001 65002, expected 65001\n");
	/* the only announcement held is invalid: the peer has no valid default */
	assert_has(&x, "missing: no valid default route: held with next hop 10.0.1.4, "
	    "as path 65001 65002");
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
	assert_has(&x, "as_path: as path 65001, expected matching _65515_");
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
	assert_has(&x, "> 10.0.2.5 0.0.0.0/0 missing: no valid default route: never announced to "
	    "10.0.2.5 (expected 0.0.0.0/0 with next hop 10.0.1.4)");
	assert_hasnt(&x, "> 10.0.2.4 0.0.0.0/0 missing");
	t_done(&x);
}

static void
test_withdraw_reannounce(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_WITHDRAW);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_has(&x, "withdrawal: 2023-11-14T22:13:27.123456Z 10.0.1.6 > 10.0.2.4 0.0.0.0/0: "
	    "explicit; re-announced 2023-11-14T22:13:28.123456Z");
	assert_has(&x, "verdict: ok");
	t_done(&x);
}

static void
test_withdraw_only(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_msg(&x, 0, 0, BGP_UPDATE, UPD_WITHDRAW);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_has(&x, "explicit; not re-announced");
	assert_has(&x, "missing: no valid default route: withdrawn (explicit)");
	t_done(&x);
}

static void
test_session_down(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	/* Cease / Administrative Shutdown, "maintenance" */
	t_msg(&x, 0, 1, BGP_NOTIFICATION, "06 02 0b 6d61696e74656e616e6365");
	t_ev(&x, 0, 1, FLOW_EV_FIN, 64);
	report_flow_end(x.r, &x.f[0]);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Established, down: Cease/Administrative "
	    "Shutdown: \"maintenance\" (sent by 10.0.2.4 to 10.0.1.6); went down 1 time, "
	    "established 1 time\n");
	assert_has(&x, "0.0.0.0/0: session down: Cease/Administrative Shutdown: \"maintenance\"");
	assert_has(&x, "missing: no valid default route: withdrawn (session down: Cease/");
	t_done(&x);
}

static void
test_session_rst(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_ev(&x, 0, 1, FLOW_EV_RST, 64);
	/* a new connection comes up and re-announces */
	t_session(&x, 1, ARS1);
	t_msg(&x, 1, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_has(&x, "session down: TCP RST from 10.0.2.4; re-announced");
	assert_has(&x, "went down 1 time, established 2 times");
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
	assert_has(&x, "default route 10.0.1.6 > 10.0.2.4 0.0.0.0/0: 1 announcement");
	assert_has(&x, "next hop 10.0.1.6 as path 65001, held");
	t_done(&x);
}

static void
test_speaker(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	addr(&x.o.speaker, NVA);
	x.o.have_speaker = true;
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
	/* both families expected: ::/0 is missing */
	assert_int_equal(x.status, 1);
	assert_has(&x, "10.0.2.4 ::/0 missing");
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
	assert_has(&x, "::/0: 1 announcement");
	assert_has(&x, "next hop 2001:db8::4 as path 65001, held");
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
	assert_int_equal(x.status, 0);
	assert_has(&x, "down: Hold Timer Expired sent by 10.0.2.4\n");
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
	assert_has(&x, "0.0.0.0/0: 1 announcement, last 2023-11-14T22:13:27.123456Z");
	assert_hasnt(&x, "withdrawal:");
	t_done(&x);

	/* with ADD-PATH the zero bytes of the path id are not prefix lengths */
	t_init(&x);
	x.ctx.addpath_any = true;
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" ATTRS_65001_FW "00000001 10 0a00");
	t_finish(&x);
	assert_has(&x, "default route: no announcement seen");
	t_done(&x);
}

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
	assert_int_equal(x.status, 0);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: OpenSent, down: OPEN from 10.0.1.6 answered "
	    "by NOTIFICATION OPEN Message Error/Bad Peer AS from 10.0.2.4 (peer AS 65001 offered, "
	    "check remote-as on 10.0.2.4)\n");
	t_done(&x);
}

static void
test_expect_peer_as(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	x.o.expect_peer_as = 65515;
	addr(&x.o.speaker, NVA);
	x.o.have_speaker = true;
	t_start(&x);
	t_flow(&x, 0, NVA, ARS1);
	t_tcp_up(&x, 0);
	t_msg(&x, 0, 0, BGP_OPEN, OPEN_65515);
	t_msg(&x, 0, 1, BGP_OPEN, OPEN_65001);
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_has(&x, "peer_as: peer AS 65001, expected 65515");
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
	assert_int_equal(x.status, 0);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Connect, down: SYNs from 10.0.1.6 to "
	    "10.0.2.4:179 never answered\n");
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
	assert_int_equal(x.status, 0);
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Active, down: connection refused: 10.0.2.4 "
	    "answered SYN with RST (nothing listening on port 179?)\n");
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
	assert_has(&x, "down: TCP up but no OPEN\n");
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
	assert_has(&x, "OpenSent, down: OPEN sent by 10.0.2.4 but none received\n");
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
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Connect, down: packets from 10.0.1.6 to "
	    "10.0.2.4 leave with TTL 1 and die in transit (ICMP time exceeded from 10.0.1.1): "
	    "configure ebgp-multihop\n");
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
	assert_has(&x, "down: packets from 10.0.1.6 to 10.0.2.4 leave with TTL 1 and get no "
	    "answer: configure ebgp-multihop\n");
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
	assert_has(&x, "session 10.0.1.6 - 10.0.2.4: Established, down: connection refused: "
	    "10.0.2.4 answered SYN with RST (nothing listening on port 179?); before that the "
	    "session was up and ended: TCP FIN from 10.0.2.4; went down 1 time, established 1 time\n");
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
	assert_has(&x, "down: OPEN from 10.0.1.6 answered by NOTIFICATION OPEN Message "
	    "Error/Unsupported Capability (capability ");
	assert_has(&x, " (69))\n");
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
	assert_has(&x, "down: OPEN from 10.0.1.6 answered by NOTIFICATION OPEN Message "
	    "Error/Unacceptable Hold Time (hold time 180 s offered)\n");
	t_done(&x);
}

/* A new connection carries UPDATEs while the old one's end was not captured. */
static void
test_new_connection(void **state)
{
	struct t x;

	(void)state;
	t_init(&x);
	expect_nva(&x);
	t_start(&x);
	t_session(&x, 0, ARS1);
	t_msg(&x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_session(&x, 1, ARS1);
	t_msg(&x, 1, 0, BGP_UPDATE, "0000" UPD_GOOD);
	t_finish(&x);
	assert_int_equal(x.status, 0);
	assert_has(&x, "session down: replaced by a new connection; re-announced");
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
	t_finish(&x);
	assert_int_equal(x.status, 1);
	assert_true(strncmp(x.out, "{\"type\":\"report\",\"verdict\":\"violation\",\"violations\":[", 53) == 0);
	check_json_balanced(x.out);
	assert_has(&x, "{\"time\":\"2023-11-14T22:13:26.123456Z\",\"speaker\":\"10.0.1.6\","
	    "\"peer\":\"10.0.2.4\",\"prefix\":\"0.0.0.0/0\",\"field\":\"next_hop\","
	    "\"expected\":\"10.0.1.4\",\"actual\":\"10.0.1.6\",\"inferred\":false}");
	assert_has(&x, "\"how\":\"explicit\",\"reannounced\":false");
	assert_has(&x, "\"local\":\"10.0.1.6\",\"peer\":\"10.0.2.5\",\"state\":\"Connect\","
	    "\"up\":false,\"cause\":\"SYNs from 10.0.1.6 to 10.0.2.5:179 never answered\"");
	assert_has(&x, "\"shutdown_message\":\"\\\"quote\\\"\\\\?\"");
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
		cmocka_unit_test(test_bad_peer_as),
		cmocka_unit_test(test_expect_peer_as),
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
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
