/*
 * test_bgp_open.c - OPEN (RFC 4271 4.2), optional parameters (RFC 4271,
 * RFC 9072) and capabilities (RFC 5492 and the per-capability RFCs).
 */
#include "vec.h"
#include "bgp_describe.h"

static const struct bgp_ctx CTX0;

/* fixed fields: version 4, My AS 65001, hold 180, id 192.0.2.1 */
#define FIXED "04 fde9 00b4 c0000201"

struct op {
	uint8_t b[600];
	size_t n;
	struct bgp_msg m;
	struct bgp_open o;
	struct bgp_errs e;
	bool ok;
};

/* Parse an OPEN whose body is `body` hex (header added). */
static void
op_parse(struct op *x, const char *body)
{
	memset(x, 0, sizeof(*x));
	x->n = vec_msg(x->b, sizeof(x->b), BGP_OPEN, body);
	bgp_errs_reset(&x->e);
	assert_true(bgp_msg_parse(x->b, x->n, &CTX0, &x->m, &x->e));
	assert_int_equal(x->e.n, 0);
	x->ok = bgp_open_parse(&x->m, &x->o, &x->e);
}

/* One optional parameter of type 2 holding the capabilities `caps`. */
static void
op_caps(struct op *x, const char *caps)
{
	uint8_t tmp[400];
	char hex[1000];
	size_t n = vec_hex(tmp, sizeof(tmp), caps), k = 0;

	k += (size_t)snprintf(hex + k, sizeof(hex) - k, "%s %02zx 02 %02zx ", FIXED, n + 2, n);
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(hex + k, sizeof(hex) - k, "%02x", tmp[i]);
	op_parse(x, hex);
}

/* Describe the idx-th capability/parameter into t. Returns its struct. */
static struct bgp_cap
op_describe(struct op *x, unsigned idx, struct temit *t)
{
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct bgp_errs e;
	char tb[512];
	struct sbuf tmp;
	unsigned i = 0;

	memset(&cap, 0, sizeof(cap));
	bgp_errs_reset(&e);
	temit_init(t);
	sbuf_init(&tmp, tb, sizeof(tb));
	bgp_cap_iter_init(&it, &x->o);
	while (bgp_cap_next(&it, &cap, &e) == 1) {
		if (i++ == idx) {
			bgp_cap_describe(&cap, &t->e, &tmp);
			return cap;
		}
	}
	fail_msg("capability %u not found", idx);
	return cap;
}

static void
check_cap(const char *caps, const char *want)
{
	struct op x;
	struct temit t;

	op_caps(&x, caps);
	assert_true(x.ok);
	if (x.e.n)
		print_message("unexpected error: %s\n", x.e.e[0].what);
	assert_int_equal(x.e.n, 0);
	(void)op_describe(&x, 0, &t);
	assert_string_equal(t.buf, want);
}

/* ---------------------------------------------------------------- fixed fields */

static void
t_fixed(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, FIXED " 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.version, 4);
	assert_int_equal(x.o.my_as, 65001);
	assert_int_equal(x.o.hold_time, 180);
	assert_int_equal(x.o.bgp_id, 0xc0000201);
	assert_false(x.o.ext_params);
	assert_int_equal(cur_left(&x.o.params), 0);
	assert_false(x.o.has_as4);
	assert_int_equal(bgp_open_asn(&x.o), 65001);
	{
		struct bgp_cap_iter it;
		struct bgp_cap cap;

		bgp_cap_iter_init(&it, &x.o);
		assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 0);
	}
}

static void
t_version3(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, "03 fde9 00b4 c0000201 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 19, 2, 1, BGP_TREAT_SESSION_RESET);
}

static void
t_hold_time(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, "04 fde9 0001 c0000201 00");
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 22, 2, 6, BGP_TREAT_SESSION_RESET);
	op_parse(&x, "04 fde9 0002 c0000201 00");
	assert_err(&x.e, 22, 2, 6, BGP_TREAT_SESSION_RESET);
	op_parse(&x, "04 fde9 0000 c0000201 00");
	assert_int_equal(x.e.n, 0);
	op_parse(&x, "04 fde9 0003 c0000201 00");
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.hold_time, 3);
}

static void
t_bgp_id_zero(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, "04 fde9 00b4 00000000 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 24, 2, 3, BGP_TREAT_SESSION_RESET);
}

static void
t_truncated_fixed(void **state)
{
	uint8_t b[64];
	size_t n = vec_msg(b, sizeof(b), BGP_OPEN, FIXED);
	struct bgp_msg m;
	struct bgp_open o;
	struct bgp_errs e;

	(void)state;
	/* a view the header check would refuse: 9 body bytes, no param length */
	m.raw = b;
	m.len = (uint16_t)n;
	m.type = BGP_OPEN;
	cur_init(&m.body, b, n);
	assert_true(cur_skip(&m.body, 19));
	bgp_errs_reset(&e);
	assert_false(bgp_open_parse(&m, &o, &e));
	assert_err(&e, 28, 1, 2, BGP_TREAT_SESSION_RESET);
}

static void
t_params_overrun_msg(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, FIXED " 05 0200");
	assert_false(x.ok);
	assert_err(&x.e, 28, 2, 0, BGP_TREAT_SESSION_RESET);
}

static void
t_trailing_after_params(void **state)
{
	struct op x;

	(void)state;
	op_parse(&x, FIXED " 02 0200 ee");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 31, 1, 2, BGP_TREAT_SESSION_RESET);
}

/* ---------------------------------------------------------------- parameters */

static void
t_rfc4271_params(void **state)
{
	struct op x;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct temit t;

	(void)state;
	/* auth (1, deprecated), capabilities (2) with two caps, unknown type 3 */
	op_parse(&x, FIXED " 12 01 02 abcd 02 08 0200 41 04 fa56ea01 03 02 1234");
	assert_true(x.ok);
	/* only parameter type 3 is an error */
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 43, 2, 4, BGP_TREAT_SESSION_RESET);
	assert_true(x.o.route_refresh);
	assert_true(x.o.has_as4);
	assert_int_equal(x.o.as4, 4200000001u);

	bgp_errs_reset(&x.e);
	bgp_cap_iter_init(&it, &x.o);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.param_type, 1);
	assert_int_equal(cap.len, 2);
	assert_int_equal(cap.off, 29);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.param_type, 2);
	assert_int_equal(cap.code, 2);
	assert_int_equal(cap.len, 0);
	assert_int_equal(cap.off, 35);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.code, 65);
	assert_int_equal(cap.len, 4);
	assert_int_equal(cap.off, 37);
	assert_int_equal(cur_off(&cap.val), 39);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.param_type, 3);
	assert_int_equal(cap.off, 43);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 0);

	(void)op_describe(&x, 0, &t);
	assert_string_equal(t.buf, "param_type=1 hex=abcd");
	(void)op_describe(&x, 3, &t);
	assert_string_equal(t.buf, "param_type=3 hex=1234");
}

static void
t_two_cap_params(void **state)
{
	struct op x;

	(void)state;
	/* capabilities in separate parameters, as older speakers send them */
	op_parse(&x, FIXED " 10 02 06 01 04 0001 0001 02 06 01 04 0002 0001");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.n_mp, 2);
	assert_int_equal(x.o.mp[0].afi, 1);
	assert_int_equal(x.o.mp[0].safi, 1);
	assert_int_equal(x.o.mp[1].afi, 2);
	assert_int_equal(x.o.mp[1].safi, 1);
}

static void
t_param_overrun(void **state)
{
	struct op x;
	struct bgp_cap_iter it;
	struct bgp_cap cap;

	(void)state;
	/* plen 4, parameter claims 5 bytes */
	op_parse(&x, FIXED " 04 02 05 0200");
	assert_true(x.ok);
	assert_err(&x.e, 29, 2, 0, BGP_TREAT_SESSION_RESET);
	bgp_errs_reset(&x.e);
	bgp_cap_iter_init(&it, &x.o);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), -1);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 0);
	/* parameter header cut: plen 1 */
	op_parse(&x, FIXED " 01 02");
	assert_err(&x.e, 29, 2, 0, BGP_TREAT_SESSION_RESET);
}

static void
t_cap_overrun(void **state)
{
	struct op x;

	(void)state;
	/* capability 65 claims 4 bytes, its parameter has 1 left */
	op_parse(&x, FIXED " 05 02 03 41 04 fa");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 31, 2, 0, BGP_TREAT_SESSION_RESET);
	assert_false(x.o.has_as4);
	/* capability header cut after its code */
	op_parse(&x, FIXED " 03 02 01 41");
	assert_err(&x.e, 31, 2, 0, BGP_TREAT_SESSION_RESET);
}

static void
t_rfc9072(void **state)
{
	struct op x;
	struct bgp_cap_iter it;
	struct bgp_cap cap;

	(void)state;
	/* non-ext len 255, type 255, ext len 14; a capabilities param (2-byte
	 * length 6) with AS4, then a capabilities param with route refresh */
	op_parse(&x, FIXED " ff ff 000e 02 0006 41 04 fa56ea01 02 0002 0200");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_true(x.o.ext_params);
	assert_int_equal(cur_left(&x.o.params), 14);
	assert_int_equal(cur_off(&x.o.params), 32);
	assert_true(x.o.has_as4);
	assert_int_equal(bgp_open_asn(&x.o), 4200000001u);
	assert_true(x.o.route_refresh);
	bgp_cap_iter_init(&it, &x.o);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.code, 65);
	assert_int_equal(cap.off, 35);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 1);
	assert_int_equal(cap.code, 2);
	assert_int_equal(cap.off, 44);
	assert_int_equal(bgp_cap_next(&it, &cap, &x.e), 0);
}

static void
t_rfc9072_errors(void **state)
{
	struct op x;

	(void)state;
	/* extended length beyond the message */
	op_parse(&x, FIXED " ff ff 0010 02 0002 0200");
	assert_false(x.ok);
	assert_err(&x.e, 30, 2, 0, BGP_TREAT_SESSION_RESET);
	/* extended length itself truncated */
	op_parse(&x, FIXED " ff ff 00");
	assert_false(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_int_equal(x.e.e[0].treat, BGP_TREAT_SESSION_RESET);
	/* a parameter's 2-byte length overruns the block */
	op_parse(&x, FIXED " ff ff 0005 02 0003 0200");
	assert_true(x.ok);
	assert_err(&x.e, 32, 2, 0, BGP_TREAT_SESSION_RESET);
	/* plen 255 but first type is not 255: an ordinary (overrunning) block */
	op_parse(&x, FIXED " ff 02 00");
	assert_false(x.ok);
	assert_err(&x.e, 28, 2, 0, BGP_TREAT_SESSION_RESET);
}

/* ---------------------------------------------------------------- capabilities */

static void
t_cap_mp(void **state)
{
	struct op x;

	(void)state;
	check_cap("01 04 0002 00 01",
	    "code=1 name=multiprotocol afi=IPv6 afi_code=2 safi=unicast safi_code=1");
	op_caps(&x, "01 04 0001 00 80");
	assert_int_equal(x.o.n_mp, 1);
	assert_int_equal(x.o.mp[0].afi, 1);
	assert_int_equal(x.o.mp[0].safi, 128);
	assert_string_equal(bgp_cap_name(1), "multiprotocol");
}

static void
t_cap_rr(void **state)
{
	struct op x;

	(void)state;
	check_cap("02 00", "code=2 name=route-refresh");
	op_caps(&x, "02 00");
	assert_true(x.o.route_refresh);
	assert_false(x.o.enhanced_rr);
}

static void
t_cap_old_rr(void **state)
{
	struct op x;

	(void)state;
	check_cap("80 00", "code=128 name=route-refresh-old");
	op_caps(&x, "80 00");
	assert_true(x.o.route_refresh);
}

static void
t_cap_orf(void **state)
{
	(void)state;
	check_cap("03 07 0001 00 01 01 40 03",
	    "code=3 name=outbound-route-filtering entries=[{afi=IPv4 afi_code=1 "
	    "safi=unicast safi_code=1 orf=[{type=64 mode=both}]}]");
	check_cap("03 09 0002 00 01 02 40 01 80 02",
	    "code=3 name=outbound-route-filtering entries=[{afi=IPv6 afi_code=2 "
	    "safi=unicast safi_code=1 orf=[{type=64 mode=receive} {type=128 mode=send}]}]");
}

static void
t_cap_ext_nexthop(void **state)
{
	(void)state;
	check_cap("05 0c 0001 0001 0002 0001 0080 0002",
	    "code=5 name=extended-nexthop entries=[{afi=IPv4 afi_code=1 safi=unicast "
	    "safi_code=1 nexthop_afi=IPv6} {afi=IPv4 afi_code=1 safi=VPN safi_code=128 "
	    "nexthop_afi=IPv6}]");
}

/* The summary the session layer negotiates from: only IPv6 next hops. */
static void
t_cap_ext_nexthop_summary(void **state)
{
	struct op x;

	(void)state;
	op_caps(&x, "05 12 0001 0001 0002 0001 0080 0002 0001 0002 0001");
	assert_true(x.ok);
	assert_int_equal(x.o.n_enh, 2);
	assert_int_equal(x.o.enh[0].afi, 1);
	assert_int_equal(x.o.enh[0].safi, 1);
	assert_int_equal(x.o.enh[1].afi, 1);
	assert_int_equal(x.o.enh[1].safi, 128);
	op_caps(&x, "41 04 0000fde9");
	assert_int_equal(x.o.n_enh, 0);
}

static void
t_cap_ext_msg(void **state)
{
	struct op x;

	(void)state;
	check_cap("06 00", "code=6 name=extended-message");
	op_caps(&x, "06 00");
	assert_true(x.o.ext_msg);
}

static void
t_cap_bgpsec(void **state)
{
	(void)state;
	check_cap("07 03 08 0001", "code=7 name=bgpsec version=0 direction=send afi=IPv4");
	check_cap("07 03 00 0002", "code=7 name=bgpsec version=0 direction=receive afi=IPv6");
}

static void
t_cap_mlabels(void **state)
{
	(void)state;
	check_cap("08 04 0001 04 03",
	    "code=8 name=multiple-labels entries=[{afi=IPv4 afi_code=1 safi=labeled-unicast "
	    "safi_code=4 count=3}]");
}

static void
t_cap_role(void **state)
{
	(void)state;
	check_cap("09 01 00", "code=9 name=role role=provider role_code=0");
	check_cap("09 01 01", "code=9 name=role role=rs role_code=1");
	check_cap("09 01 02", "code=9 name=role role=rs-client role_code=2");
	check_cap("09 01 03", "code=9 name=role role=customer role_code=3");
	check_cap("09 01 04", "code=9 name=role role=peer role_code=4");
	check_cap("09 01 05", "code=9 name=role role=unknown role_code=5");
}

static void
t_cap_gr(void **state)
{
	struct op x;

	(void)state;
	check_cap("40 0a 8078 0001 01 80 0002 01 00",
	    "code=64 name=graceful-restart restart=true notification=false time=120 "
	    "families=[{afi=IPv4 afi_code=1 safi=unicast safi_code=1 forwarding=true} "
	    "{afi=IPv6 afi_code=2 safi=unicast safi_code=1 forwarding=false}]");
	/* RFC 8538 N bit, no families, maximal time */
	check_cap("40 02 4fff",
	    "code=64 name=graceful-restart restart=false notification=true time=4095 "
	    "families=[]");
	op_caps(&x, "40 02 0000");
	assert_true(x.o.graceful_restart);
	assert_true(x.o.gr.present);
	assert_int_equal(x.o.gr.n, 0);
	/* the parsed view the route store uses (RFC 4724 section 3 fields) */
	op_caps(&x, "40 0a c078 0001 01 80 0002 01 00");
	assert_true(x.o.gr.restarting);
	assert_true(x.o.gr.notification);
	assert_int_equal(x.o.gr.time, 120);
	assert_int_equal(x.o.gr.n, 2);
	assert_int_equal(x.o.gr.af[0].afi, 1);
	assert_int_equal(x.o.gr.af[0].safi, 1);
	assert_true(x.o.gr.af[0].forwarding);
	assert_int_equal(x.o.gr.af[1].afi, 2);
	assert_false(x.o.gr.af[1].forwarding);
	bool fwd = true;

	assert_true(bgp_gr_has(&x.o.gr, 2, 1, &fwd));
	assert_false(fwd);
	assert_false(bgp_gr_has(&x.o.gr, 1, 128, NULL));
	/* a repeated capability: the last one counts */
	op_caps(&x, "40 06 0078 0001 01 80 40 02 0010");
	assert_int_equal(x.o.gr.time, 16);
	assert_int_equal(x.o.gr.n, 0);
}

static void
t_cap_as4(void **state)
{
	struct op x;

	(void)state;
	check_cap("41 04 fa56ea01", "code=65 name=4-octet-as asn=4200000001");
	/* My AS is AS_TRANS: the real AS comes from the capability */
	op_parse(&x, "04 5ba0 00b4 c0000201 08 02 06 41 04 fa56ea01");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.my_as, 23456);
	assert_true(x.o.has_as4);
	assert_int_equal(bgp_open_asn(&x.o), 4200000001u);
	/* 2-octet AS in both: equal */
	op_caps(&x, "41 04 0000fde9");
	assert_int_equal(x.e.n, 0);
	assert_int_equal(bgp_open_asn(&x.o), 65001);
	/* mismatch between My AS and a 2-octet AS4: informational */
	op_caps(&x, "41 04 0000fdea");
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 31, 2, 2, BGP_TREAT_NONE);
	assert_int_equal(bgp_open_asn(&x.o), 65002);
}

static void
t_cap_addpath(void **state)
{
	struct op x;

	(void)state;
	check_cap("45 08 0001 01 03 0002 01 01",
	    "code=69 name=add-path families=[{afi=IPv4 afi_code=1 safi=unicast safi_code=1 "
	    "mode=send/receive} {afi=IPv6 afi_code=2 safi=unicast safi_code=1 mode=receive}]");
	op_caps(&x, "45 08 0001 01 03 0002 80 02");
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.n_addpath, 2);
	assert_int_equal(x.o.addpath[0].afi, 1);
	assert_int_equal(x.o.addpath[0].safi, 1);
	assert_int_equal(x.o.addpath[0].sr, 3);
	assert_int_equal(x.o.addpath[1].afi, 2);
	assert_int_equal(x.o.addpath[1].safi, 128);
	assert_int_equal(x.o.addpath[1].sr, 2);
	/* invalid send/receive value */
	op_caps(&x, "45 04 0001 01 04");
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 31, 2, 0, BGP_TREAT_NONE);
	assert_int_equal(x.o.n_addpath, 1);
	{
		struct temit t;

		(void)op_describe(&x, 0, &t);
		assert_string_equal(t.buf, "code=69 name=add-path families=[{afi=IPv4 "
		    "afi_code=1 safi=unicast safi_code=1 mode=invalid}]");
	}
}

static void
t_cap_enhanced_rr(void **state)
{
	struct op x;

	(void)state;
	check_cap("46 00", "code=70 name=enhanced-route-refresh");
	op_caps(&x, "46 00");
	assert_true(x.o.enhanced_rr);
	assert_false(x.o.route_refresh);
}

static void
t_cap_llgr(void **state)
{
	(void)state;
	check_cap("47 0e 0001 01 80 000e10 0002 01 00 ffffff",
	    "code=71 name=long-lived-graceful-restart families=[{afi=IPv4 afi_code=1 "
	    "safi=unicast safi_code=1 forwarding=true stale_time=3600} {afi=IPv6 afi_code=2 "
	    "safi=unicast safi_code=1 forwarding=false stale_time=16777215}]");
	check_cap("47 00", "code=71 name=long-lived-graceful-restart families=[]");
}

static void
t_cap_fqdn(void **state)
{
	(void)state;
	check_cap("49 06 02 7231 02 6578", "code=73 name=fqdn hostname=r1 domain=ex");
	check_cap("49 04 02 7231 00", "code=73 name=fqdn hostname=r1 domain=");
	/* control bytes and quotes are escaped */
	check_cap("49 05 03 61 0a 22 00", "code=73 name=fqdn hostname=a\\x0a\\\" domain=");
}

static void
t_cap_swver(void **state)
{
	(void)state;
	check_cap("4b 06 05 4652522f38", "code=75 name=software-version version=FRR/8");
	/* a length byte larger than the capability: nothing is shown */
	check_cap("4b 02 05 46", "code=75 name=software-version");
}

static void
t_cap_unknown(void **state)
{
	(void)state;
	check_cap("c8 02 abcd", "code=200 name=unknown hex=abcd");
	check_cap("c8 00", "code=200 name=unknown");
	assert_string_equal(bgp_cap_name(200), "unknown");
	assert_string_equal(bgp_cap_name(65), "4-octet-as");
	assert_string_equal(bgp_cap_name(69), "add-path");
}

/* a capability with a length its RFC forbids: error at its code byte */
static void
t_cap_bad_lengths(void **state)
{
	static const char *const bad[] = {
		"01 03 000100",          /* MP: 4 */
		"01 05 0001000100",
		"02 01 00",              /* route refresh: 0 */
		"03 04 00010001",        /* ORF: 5 + k */
		"05 04 00010001",        /* ext next hop: 6k */
		"05 07 00010001000200",
		"06 01 00",              /* ext message: 0 */
		"07 02 0800",            /* BGPsec: 3 */
		"08 05 0001040300",      /* multiple labels: 4k */
		"09 02 0101",            /* role: 1 */
		"09 00",
		"40 00",                 /* GR: 2 + 4k */
		"40 03 807800",
		"41 02 fde9",            /* AS4: 4 */
		"41 00",
		"45 05 0001010300",      /* ADD-PATH: 4k, k >= 1 */
		"45 00",
		"46 01 00",              /* enhanced RR: 0 */
		"47 06 000101800e10",    /* LLGR: 7k */
		"49 01 00",              /* FQDN: >= 2 */
		"4b 00",                 /* software version: >= 1 */
		"80 01 00",              /* old RR: 0 */
	};
	struct op x;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		op_caps(&x, bad[i]);
		assert_true(x.ok);
		if (x.e.n != 1)
			print_message("capability %s: %u errors\n", bad[i], x.e.n);
		assert_int_equal(x.e.n, 1);
		assert_err(&x.e, 31, 2, 0, BGP_TREAT_SESSION_RESET);
	}
	/* a bad length does not fill in the summary */
	op_caps(&x, "41 02 fde9 06 01 00 45 00");
	assert_int_equal(x.e.n, 3);
	assert_err(&x.e, 31, 2, 0, BGP_TREAT_SESSION_RESET);
	assert_err(&x.e, 35, 2, 0, BGP_TREAT_SESSION_RESET);
	assert_err(&x.e, 38, 2, 0, BGP_TREAT_SESSION_RESET);
	assert_false(x.o.has_as4);
	assert_false(x.o.ext_msg);
	assert_int_equal(x.o.n_addpath, 0);
}

/* a typical FRR OPEN, all at once */
static void
t_full_open(void **state)
{
	struct op x;

	(void)state;
	op_caps(&x, "01 04 0001 00 01 01 04 0002 00 01 02 00 80 00 46 00 06 00"
	    "41 04 fa56ea01 45 04 0001 01 01 40 02 c078 49 04 02 7231 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.o.n_mp, 2);
	assert_true(x.o.route_refresh);
	assert_true(x.o.enhanced_rr);
	assert_true(x.o.ext_msg);
	assert_true(x.o.graceful_restart);
	assert_int_equal(x.o.n_addpath, 1);
	assert_int_equal(x.o.addpath[0].sr, 1);
	assert_int_equal(bgp_open_asn(&x.o), 4200000001u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fixed),
		cmocka_unit_test(t_version3),
		cmocka_unit_test(t_hold_time),
		cmocka_unit_test(t_bgp_id_zero),
		cmocka_unit_test(t_truncated_fixed),
		cmocka_unit_test(t_params_overrun_msg),
		cmocka_unit_test(t_trailing_after_params),
		cmocka_unit_test(t_rfc4271_params),
		cmocka_unit_test(t_two_cap_params),
		cmocka_unit_test(t_param_overrun),
		cmocka_unit_test(t_cap_overrun),
		cmocka_unit_test(t_rfc9072),
		cmocka_unit_test(t_rfc9072_errors),
		cmocka_unit_test(t_cap_mp),
		cmocka_unit_test(t_cap_rr),
		cmocka_unit_test(t_cap_old_rr),
		cmocka_unit_test(t_cap_orf),
		cmocka_unit_test(t_cap_ext_nexthop),
		cmocka_unit_test(t_cap_ext_nexthop_summary),
		cmocka_unit_test(t_cap_ext_msg),
		cmocka_unit_test(t_cap_bgpsec),
		cmocka_unit_test(t_cap_mlabels),
		cmocka_unit_test(t_cap_role),
		cmocka_unit_test(t_cap_gr),
		cmocka_unit_test(t_cap_as4),
		cmocka_unit_test(t_cap_addpath),
		cmocka_unit_test(t_cap_enhanced_rr),
		cmocka_unit_test(t_cap_llgr),
		cmocka_unit_test(t_cap_fqdn),
		cmocka_unit_test(t_cap_swver),
		cmocka_unit_test(t_cap_unknown),
		cmocka_unit_test(t_cap_bad_lengths),
		cmocka_unit_test(t_full_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
