/*
 * test_bgp_notify.c - NOTIFICATION (RFC 4271 4.5, RFC 8203/9003) and
 * ROUTE-REFRESH (RFC 2918, RFC 7313).
 */
#include "vec.h"

static const struct bgp_ctx CTX0;

struct nt {
	uint8_t b[600];
	size_t n;
	struct bgp_msg m;
	struct bgp_notify no;
	struct bgp_refresh rr;
	struct bgp_errs e;
	bool ok;
};

static void
nt_msg(struct nt *x, uint8_t type, const char *body)
{
	memset(x, 0, sizeof(*x));
	x->n = vec_msg(x->b, sizeof(x->b), type, body);
	bgp_errs_reset(&x->e);
	assert_true(bgp_msg_parse(x->b, x->n, &CTX0, &x->m, &x->e));
	assert_int_equal(x->e.n, 0);
}

static void
nt_notify(struct nt *x, const char *body)
{
	nt_msg(x, BGP_NOTIFICATION, body);
	x->ok = bgp_notify_parse(&x->m, &x->no, &x->e);
}

static void
nt_refresh(struct nt *x, const char *body)
{
	nt_msg(x, BGP_ROUTE_REFRESH, body);
	x->ok = bgp_refresh_parse(&x->m, &x->rr, &x->e);
}

static void
t_code_names(void **state)
{
	(void)state;
	assert_string_equal(bgp_notify_code_name(1), "Message Header Error");
	assert_string_equal(bgp_notify_code_name(2), "OPEN Message Error");
	assert_string_equal(bgp_notify_code_name(3), "UPDATE Message Error");
	assert_string_equal(bgp_notify_code_name(4), "Hold Timer Expired");
	assert_string_equal(bgp_notify_code_name(5), "Finite State Machine Error");
	assert_string_equal(bgp_notify_code_name(6), "Cease");
	assert_string_equal(bgp_notify_code_name(7), "ROUTE-REFRESH Message Error");
	assert_string_equal(bgp_notify_code_name(8), "Send Hold Timer Expired");
	assert_string_equal(bgp_notify_code_name(0), "Unknown");
	assert_string_equal(bgp_notify_code_name(9), "Unknown");
	assert_string_equal(bgp_notify_code_name(255), "Unknown");
}

static void
t_subcode_names(void **state)
{
	(void)state;
	assert_string_equal(bgp_notify_subcode_name(1, 1), "Connection Not Synchronized");
	assert_string_equal(bgp_notify_subcode_name(1, 2), "Bad Message Length");
	assert_string_equal(bgp_notify_subcode_name(1, 3), "Bad Message Type");
	assert_string_equal(bgp_notify_subcode_name(2, 2), "Bad Peer AS");
	assert_string_equal(bgp_notify_subcode_name(2, 6), "Unacceptable Hold Time");
	assert_string_equal(bgp_notify_subcode_name(2, 7), "Unsupported Capability");
	assert_string_equal(bgp_notify_subcode_name(2, 11), "Role Mismatch");
	assert_string_equal(bgp_notify_subcode_name(3, 1), "Malformed Attribute List");
	assert_string_equal(bgp_notify_subcode_name(3, 6), "Invalid ORIGIN Attribute");
	assert_string_equal(bgp_notify_subcode_name(3, 11), "Malformed AS_PATH");
	assert_string_equal(bgp_notify_subcode_name(5, 3),
	    "Receive Unexpected Message in Established State");
	assert_string_equal(bgp_notify_subcode_name(6, 2), "Administrative Shutdown");
	assert_string_equal(bgp_notify_subcode_name(6, 4), "Administrative Reset");
	assert_string_equal(bgp_notify_subcode_name(6, 9), "Hard Reset");
	assert_string_equal(bgp_notify_subcode_name(6, 10), "BFD Down");
	assert_string_equal(bgp_notify_subcode_name(7, 1), "Invalid Message Length");
	assert_string_equal(bgp_notify_subcode_name(4, 0), "Unspecific");
	assert_string_equal(bgp_notify_subcode_name(3, 12), "Unknown");
	assert_string_equal(bgp_notify_subcode_name(4, 1), "Unknown");
	/* subcodes belong to their code */
	assert_string_equal(bgp_notify_subcode_name(1, 11), "Unknown");
}

static void
t_plain(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "04 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.no.code, 4);
	assert_int_equal(x.no.subcode, 0);
	assert_int_equal(cur_left(&x.no.data), 0);
	assert_false(x.no.has_shutdown_msg);
	assert_false(x.no.has_bad_as);
	/* data is kept as a view at offset 21 */
	nt_notify(&x, "03 0b 400201");
	assert_int_equal(cur_left(&x.no.data), 3);
	assert_int_equal(cur_off(&x.no.data), 21);
	assert_int_equal(x.no.data.p[0], 0x40);
}

static void
t_undefined_code(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "09 01");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 19, 0, 0, BGP_TREAT_NONE);
	nt_notify(&x, "00 00");
	assert_err(&x.e, 19, 0, 0, BGP_TREAT_NONE);
	nt_notify(&x, "08 00");
	assert_int_equal(x.e.n, 0);
}

static void
t_truncated(void **state)
{
	uint8_t b[32];
	struct bgp_msg m;
	struct bgp_notify no;
	struct bgp_refresh rr;
	struct bgp_errs e;

	(void)state;
	(void)vec_msg(b, sizeof(b), BGP_NOTIFICATION, "06");
	m.raw = b;
	m.len = 20;
	m.type = BGP_NOTIFICATION;
	cur_init(&m.body, b, 20);
	assert_true(cur_skip(&m.body, 19));
	bgp_errs_reset(&e);
	assert_false(bgp_notify_parse(&m, &no, &e));
	assert_err(&e, 19, 1, 2, BGP_TREAT_SESSION_RESET);
	bgp_errs_reset(&e);
	assert_false(bgp_refresh_parse(&m, &rr, &e));
	assert_int_equal(e.n, 1);
	assert_int_equal(e.e[0].off, 19);
}

static void
t_bad_peer_as(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "02 02 fde9");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_true(x.no.has_bad_as);
	assert_int_equal(x.no.bad_as, 65001);
	nt_notify(&x, "02 02 fa56ea01");
	assert_true(x.no.has_bad_as);
	assert_int_equal(x.no.bad_as, 4200000001u);
	nt_notify(&x, "02 02 fde900");
	assert_false(x.no.has_bad_as);
	nt_notify(&x, "02 02");
	assert_false(x.no.has_bad_as);
	/* other subcodes: no AS */
	nt_notify(&x, "02 03 fde9");
	assert_false(x.no.has_bad_as);
}

static void
t_unsup_caps(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "02 07 41 04 fa56ea01");
	assert_true(x.no.has_unsup_caps);
	assert_int_equal(cur_left(&x.no.data), 6);
	nt_notify(&x, "02 07");
	assert_false(x.no.has_unsup_caps);
}

static void
t_shutdown_msg(void **state)
{
	struct nt x;

	(void)state;
	/* Cease / Administrative Shutdown, "maintenance" */
	nt_notify(&x, "06 02 0b 6d61696e74656e616e6365");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_true(x.no.has_shutdown_msg);
	assert_true(x.no.shutdown_valid);
	assert_int_equal(x.no.shutdown_len, 11);
	assert_memory_equal(x.no.shutdown_msg, "maintenance", 11);
	assert_ptr_equal(x.no.shutdown_msg, x.b + 22);
	/* Administrative Reset carries one too (RFC 9003), UTF-8 accepted */
	nt_notify(&x, "06 04 06 c3a9 e282ac 21");
	assert_int_equal(x.e.n, 0);
	assert_true(x.no.has_shutdown_msg);
	assert_true(x.no.shutdown_valid);
	assert_int_equal(x.no.shutdown_len, 6);
	/* empty message: valid */
	nt_notify(&x, "06 02 00");
	assert_int_equal(x.e.n, 0);
	assert_true(x.no.has_shutdown_msg);
	assert_true(x.no.shutdown_valid);
	assert_int_equal(x.no.shutdown_len, 0);
	/* no data at all: no message */
	nt_notify(&x, "06 02");
	assert_false(x.no.has_shutdown_msg);
	/* other Cease subcodes are not parsed for a message */
	nt_notify(&x, "06 03 0161");
	assert_false(x.no.has_shutdown_msg);
}

static void
t_shutdown_bad_utf8(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "06 02 02 c328");
	assert_true(x.ok);
	assert_true(x.no.has_shutdown_msg);
	assert_false(x.no.shutdown_valid);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 22, 0, 0, BGP_TREAT_NONE);
	/* overlong encoding of '/' and a surrogate */
	nt_notify(&x, "06 02 02 c0af");
	assert_false(x.no.shutdown_valid);
	nt_notify(&x, "06 02 03 eda080");
	assert_false(x.no.shutdown_valid);
	/* truncated sequence */
	nt_notify(&x, "06 02 02 e282");
	assert_false(x.no.shutdown_valid);
}

static void
t_shutdown_overrun(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "06 02 10 6d61");
	assert_true(x.ok);
	assert_true(x.no.has_shutdown_msg);
	assert_false(x.no.shutdown_valid);
	assert_int_equal(x.no.shutdown_len, 2);
	assert_ptr_equal(x.no.shutdown_msg, x.b + 22);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 21, 0, 0, BGP_TREAT_NONE);
}

static void
t_shutdown_long(void **state)
{
	struct nt x;
	char hex[600];
	size_t k = 0;

	(void)state;
	k += (size_t)snprintf(hex, sizeof(hex), "06 02 82");
	for (int i = 0; i < 130; i++)
		k += (size_t)snprintf(hex + k, sizeof(hex) - k, "61");
	nt_notify(&x, hex);
	assert_true(x.ok);
	assert_true(x.no.shutdown_valid);
	assert_int_equal(x.no.shutdown_len, 130);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 21, 0, 0, BGP_TREAT_NONE);
	/* exactly 128: fine */
	k = (size_t)snprintf(hex, sizeof(hex), "06 02 80");
	for (int i = 0; i < 128; i++)
		k += (size_t)snprintf(hex + k, sizeof(hex) - k, "61");
	nt_notify(&x, hex);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.no.shutdown_len, 128);
}

static void
t_shutdown_trailing(void **state)
{
	struct nt x;

	(void)state;
	nt_notify(&x, "06 02 01 61 ff");
	assert_true(x.no.shutdown_valid);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 23, 0, 0, BGP_TREAT_NONE);
}

static void
t_refresh(void **state)
{
	struct nt x;

	(void)state;
	nt_refresh(&x, "0001 00 01");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.rr.afi, 1);
	assert_int_equal(x.rr.subtype, 0);
	assert_int_equal(x.rr.safi, 1);
	assert_int_equal(cur_left(&x.rr.orf), 0);
	assert_string_equal(bgp_refresh_subtype_name(0), "normal");

	nt_refresh(&x, "0002 01 01");
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.rr.afi, 2);
	assert_int_equal(x.rr.subtype, 1);
	assert_string_equal(bgp_refresh_subtype_name(1), "BoRR");

	nt_refresh(&x, "0001 02 80");
	assert_int_equal(x.e.n, 0);
	assert_int_equal(x.rr.subtype, 2);
	assert_int_equal(x.rr.safi, 128);
	assert_string_equal(bgp_refresh_subtype_name(2), "EoRR");
}

static void
t_refresh_reserved(void **state)
{
	struct nt x;

	(void)state;
	nt_refresh(&x, "0001 03 01");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 21, 0, 0, BGP_TREAT_NONE);
	assert_string_equal(bgp_refresh_subtype_name(3), "reserved");
	/* a reserved subtype is ignored whole: trailing bytes are no reset */
	nt_refresh(&x, "0001 ff 01 abcd");
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 21, 0, 0, BGP_TREAT_NONE);
	assert_int_equal(x.e.worst, BGP_TREAT_NONE);
	assert_string_equal(bgp_refresh_subtype_name(255), "reserved");
}

static void
t_refresh_orf(void **state)
{
	struct nt x;

	(void)state;
	/* RFC 5291: when-to-refresh 01 (immediate), ORF type 64, length 7, entry */
	nt_refresh(&x, "0001 00 01 01 40 0007 00 0000000a 00 00");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 0);
	assert_int_equal(cur_left(&x.rr.orf), 11);
	assert_int_equal(cur_off(&x.rr.orf), 23);
	assert_int_equal(x.rr.orf.p[1], 0x40);
}

/* RFC 7313 5: BoRR/EoRR must be exactly 23 bytes, else a NOTIFICATION
 * ROUTE-REFRESH Message Error / Invalid Message Length */
static void
t_refresh_borr_trailing(void **state)
{
	struct nt x;

	(void)state;
	nt_refresh(&x, "0001 01 01 ff");
	assert_true(x.ok);
	assert_int_equal(x.e.n, 1);
	assert_err(&x.e, 23, 7, 1, BGP_TREAT_SESSION_RESET);
	nt_refresh(&x, "0001 02 01 0000");
	assert_err(&x.e, 23, 7, 1, BGP_TREAT_SESSION_RESET);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_code_names),
		cmocka_unit_test(t_subcode_names),
		cmocka_unit_test(t_plain),
		cmocka_unit_test(t_undefined_code),
		cmocka_unit_test(t_truncated),
		cmocka_unit_test(t_bad_peer_as),
		cmocka_unit_test(t_unsup_caps),
		cmocka_unit_test(t_shutdown_msg),
		cmocka_unit_test(t_shutdown_bad_utf8),
		cmocka_unit_test(t_shutdown_overrun),
		cmocka_unit_test(t_shutdown_long),
		cmocka_unit_test(t_shutdown_trailing),
		cmocka_unit_test(t_refresh),
		cmocka_unit_test(t_refresh_reserved),
		cmocka_unit_test(t_refresh_orf),
		cmocka_unit_test(t_refresh_borr_trailing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
