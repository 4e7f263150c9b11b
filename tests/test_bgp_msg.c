/* test_bgp_msg.c - message header (RFC 4271 4.1, RFC 8654) and KEEPALIVE. */
#include "vec.h"

static const struct bgp_ctx CTX0;

static void
t_keepalive_ok(void **state)
{
	uint8_t b[64];
	size_t n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	bgp_errs_reset(&e);
	assert_int_equal(n, 19);
	assert_true(bgp_msg_parse(b, n, &CTX0, &m, &e));
	assert_int_equal(e.n, 0);
	assert_int_equal(m.len, 19);
	assert_int_equal(m.type, BGP_KEEPALIVE);
	assert_ptr_equal(m.raw, b);
	assert_int_equal(cur_left(&m.body), 0);
	assert_int_equal(cur_off(&m.body), 19);
	bgp_keepalive_check(&m, &e);
	assert_int_equal(e.n, 0);
	assert_string_equal(bgp_type_name(BGP_KEEPALIVE), "KEEPALIVE");
}

static void
t_keepalive_long(void **state)
{
	uint8_t b[64];
	size_t n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "00");
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	bgp_errs_reset(&e);
	assert_true(bgp_msg_parse(b, n, &CTX0, &m, &e));
	assert_int_equal(e.n, 0);
	bgp_keepalive_check(&m, &e);
	assert_int_equal(e.n, 1);
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
}

static void
t_marker(void **state)
{
	uint8_t b[64];
	size_t n;
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	for (unsigned i = 0; i < 16; i++) {
		n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
		b[i] = 0xfe;
		bgp_errs_reset(&e);
		assert_false(bgp_msg_parse(b, n, &CTX0, &m, &e));
		assert_int_equal(e.n, 1);
		assert_int_equal(e.e[0].off, i);
		assert_int_equal(e.e[0].code, 1);
		assert_int_equal(e.e[0].subcode, 1);
		assert_int_equal(e.worst, BGP_TREAT_SESSION_RESET);
	}
}

static void
t_short_frame(void **state)
{
	uint8_t b[64];
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	(void)vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
	bgp_errs_reset(&e);
	assert_false(bgp_msg_parse(b, 18, &CTX0, &m, &e));
	assert_err(&e, 0, 1, 2, BGP_TREAT_SESSION_RESET);
	assert_int_equal(cur_left(&m.body), 0);
}

static void
t_len_below_19(void **state)
{
	uint8_t b[64];
	size_t n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	b[17] = 18;
	bgp_errs_reset(&e);
	assert_false(bgp_msg_parse(b, n, &CTX0, &m, &e));
	assert_int_equal(e.n, 1);
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
	assert_int_equal(m.len, 18);
}

static void
t_len_mismatch(void **state)
{
	uint8_t b[64];
	size_t n = vec_msg(b, sizeof(b), BGP_UPDATE, "0000 0000");
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	assert_int_equal(n, 23);
	bgp_errs_reset(&e);
	assert_false(bgp_msg_parse(b, n + 1, &CTX0, &m, &e));
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
	bgp_errs_reset(&e);
	assert_false(bgp_msg_parse(b, n - 1, &CTX0, &m, &e));
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
}

static void
t_ext_len(void **state)
{
	static uint8_t b[5000];
	size_t n;
	struct bgp_msg m;
	struct bgp_errs e;
	struct bgp_ctx ext = { .ext_msg = true };

	(void)state;
	/* exactly 4096: fine without RFC 8654 */
	memset(b, 0, sizeof(b));
	n = 4096;
	vec_hdr(b, n, BGP_UPDATE);
	b[19] = 0; b[20] = 0; b[21] = 0; b[22] = 0;
	bgp_errs_reset(&e);
	assert_true(bgp_msg_parse(b, n, &CTX0, &m, &e));
	assert_int_equal(e.n, 0);
	assert_int_equal(cur_left(&m.body), 4096 - 19);

	/* 4097: error without, accepted with ext_msg */
	n = 4097;
	vec_hdr(b, n, BGP_UPDATE);
	bgp_errs_reset(&e);
	(void)bgp_msg_parse(b, n, &CTX0, &m, &e);
	assert_int_equal(e.n, 1);
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
	bgp_errs_reset(&e);
	assert_true(bgp_msg_parse(b, n, &ext, &m, &e));
	assert_int_equal(e.n, 0);
	assert_int_equal(m.len, 4097);
	assert_int_equal(cur_left(&m.body), 4097 - 19);
	/* a NULL context means nothing negotiated */
	bgp_errs_reset(&e);
	(void)bgp_msg_parse(b, n, NULL, &m, &e);
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
}

static void
t_unknown_type(void **state)
{
	uint8_t b[64];
	size_t n;
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	n = vec_msg(b, sizeof(b), 6, "");
	bgp_errs_reset(&e);
	(void)bgp_msg_parse(b, n, &CTX0, &m, &e);
	assert_int_equal(e.n, 1);
	assert_err(&e, 18, 1, 3, BGP_TREAT_SESSION_RESET);
	assert_int_equal(m.type, 6);
	assert_string_equal(bgp_type_name(6), "UNKNOWN");
	n = vec_msg(b, sizeof(b), 0, "");
	bgp_errs_reset(&e);
	(void)bgp_msg_parse(b, n, &CTX0, &m, &e);
	assert_err(&e, 18, 1, 3, BGP_TREAT_SESSION_RESET);
	n = vec_msg(b, sizeof(b), 255, "");
	bgp_errs_reset(&e);
	(void)bgp_msg_parse(b, n, &CTX0, &m, &e);
	assert_err(&e, 18, 1, 3, BGP_TREAT_SESSION_RESET);
}

static void
t_type_names(void **state)
{
	(void)state;
	assert_string_equal(bgp_type_name(1), "OPEN");
	assert_string_equal(bgp_type_name(2), "UPDATE");
	assert_string_equal(bgp_type_name(3), "NOTIFICATION");
	assert_string_equal(bgp_type_name(4), "KEEPALIVE");
	assert_string_equal(bgp_type_name(5), "ROUTE-REFRESH");
	assert_string_equal(bgp_type_name(0), "UNKNOWN");
}

/* each type at its minimum is accepted, one byte less is rejected */
static void
t_min_lengths(void **state)
{
	static const struct { uint8_t type; unsigned min; } T[] = {
		{ BGP_OPEN, 29 }, { BGP_UPDATE, 23 }, { BGP_NOTIFICATION, 21 },
		{ BGP_KEEPALIVE, 19 }, { BGP_ROUTE_REFRESH, 23 },
	};
	uint8_t b[64];
	struct bgp_msg m;
	struct bgp_errs e;

	(void)state;
	for (size_t i = 0; i < sizeof(T) / sizeof(T[0]); i++) {
		memset(b, 0, sizeof(b));
		vec_hdr(b, T[i].min, T[i].type);
		bgp_errs_reset(&e);
		assert_true(bgp_msg_parse(b, T[i].min, &CTX0, &m, &e));
		assert_int_equal(e.n, 0);
		assert_int_equal(cur_left(&m.body), T[i].min - 19);
		if (T[i].min == 19)
			continue;
		vec_hdr(b, T[i].min - 1, T[i].type);
		bgp_errs_reset(&e);
		assert_false(bgp_msg_parse(b, T[i].min - 1, &CTX0, &m, &e));
		assert_int_equal(e.n, 1);
		assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
	}
}

/* ---------------------------------------------------------------- bgp_decode */

/* each type is dispatched to its decoder: the tagged member holds its fields */
static void
t_decode_types(void **state)
{
	uint8_t b[128];
	struct bgp_msg m;
	union bgp_body u;
	struct bgp_errs e;
	size_t n;

	(void)state;
	/* OPEN: version 4, AS 65001 (fde9), hold 90 (005a), id 1.2.3.4, no params */
	n = vec_msg(b, sizeof(b), BGP_OPEN, "04 fde9 005a 01020304 00");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(e.n, 0);
	assert_int_equal(m.type, BGP_OPEN);
	assert_int_equal(u.open.my_as, 65001);
	assert_int_equal(u.open.hold_time, 90);
	assert_int_equal(u.open.bgp_id, 0x01020304);
	/* UPDATE: withdraws 10.0.0.0/8 only */
	n = vec_msg(b, sizeof(b), BGP_UPDATE, "0002 080a 0000");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(e.n, 0);
	assert_int_equal(cur_left(&u.upd.withdrawn), 2);
	assert_false(u.upd.eor);
	/* NOTIFICATION Cease / Administrative Reset, no data */
	n = vec_msg(b, sizeof(b), BGP_NOTIFICATION, "06 04");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(u.ntf.code, 6);
	assert_int_equal(u.ntf.subcode, 4);
	/* ROUTE-REFRESH IPv6 unicast, subtype BoRR */
	n = vec_msg(b, sizeof(b), BGP_ROUTE_REFRESH, "0002 01 01");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(u.rr.afi, AFI_IPV6);
	assert_int_equal(u.rr.subtype, 1);
	assert_int_equal(u.rr.safi, SAFI_UNICAST);
	/* KEEPALIVE: a body, and an error about its length */
	n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(e.n, 0);
	n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "00");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_err(&e, 16, 1, 2, BGP_TREAT_SESSION_RESET);
}

/* how far decoding got: nothing, the header only, or the body */
static void
t_decode_levels(void **state)
{
	uint8_t b[128];
	struct bgp_msg m;
	union bgp_body u;
	struct bgp_errs e;
	size_t n;

	(void)state;
	/* a bad marker: no header */
	n = vec_msg(b, sizeof(b), BGP_KEEPALIVE, "");
	b[3] = 0;
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_NONE);
	assert_err(&e, 3, 1, 1, BGP_TREAT_SESSION_RESET);
	/* fewer bytes than a header */
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, 10, &CTX0, &m, &u, &e), BGP_DEC_NONE);
	/* an unknown type: the header is usable, there is no body decoder */
	n = vec_msg(b, sizeof(b), 9, "0102");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_HEADER);
	assert_int_equal(m.type, 9);
	assert_err(&e, 18, 1, 3, BGP_TREAT_SESSION_RESET);
	/* an UPDATE whose withdrawn length (5) overruns the message */
	n = vec_msg(b, sizeof(b), BGP_UPDATE, "0005 0000");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_HEADER);
	assert_err(&e, 19, 3, 1, BGP_TREAT_SESSION_RESET);
	/* an OPEN cut in its fixed fields (29 bytes, the parameter length missing
	 * after a 10-byte body... here 9 bytes + a declared param length of 3) */
	n = vec_msg(b, sizeof(b), BGP_OPEN, "04 fde9 005a 01020304 03");
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_HEADER);
	assert_err(&e, 28, 2, 0, BGP_TREAT_SESSION_RESET);
}

/* the context reaches the body decoder: a 4-octet AS_PATH needs as4 */
static void
t_decode_ctx(void **state)
{
	/* ORIGIN IGP, AS_PATH SEQUENCE of one 4-octet AS 65536, NEXT_HOP 10.0.0.1, 10.0.0.0/8 */
	static const char upd[] = "0000 0014 40010100 40020602010001 0000 4003040a000001 080a";
	struct bgp_ctx as4 = { .as4 = true };
	uint8_t b[128];
	struct bgp_msg m;
	union bgp_body u;
	struct bgp_errs e;
	size_t n = vec_msg(b, sizeof(b), BGP_UPDATE, upd);

	(void)state;
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &as4, &m, &u, &e), BGP_DEC_BODY);
	assert_int_equal(e.n, 0);
	assert_true(bgp_update_has(&u.upd, ATTR_AS_PATH));
	bgp_errs_reset(&e);
	assert_int_equal(bgp_decode(b, n, &CTX0, &m, &u, &e), BGP_DEC_BODY);
	assert_true(u.upd.as_path_malformed);
	assert_false(bgp_update_has(&u.upd, ATTR_AS_PATH));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_keepalive_ok),
		cmocka_unit_test(t_keepalive_long),
		cmocka_unit_test(t_marker),
		cmocka_unit_test(t_short_frame),
		cmocka_unit_test(t_len_below_19),
		cmocka_unit_test(t_len_mismatch),
		cmocka_unit_test(t_ext_len),
		cmocka_unit_test(t_unknown_type),
		cmocka_unit_test(t_type_names),
		cmocka_unit_test(t_min_lengths),
		cmocka_unit_test(t_decode_types),
		cmocka_unit_test(t_decode_levels),
		cmocka_unit_test(t_decode_ctx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
