/*
 * test_bmp.c - BMP messages (RFC 7854, RFC 8671, RFC 9069) from byte
 * vectors: the common header (version, length, type), the per-peer header
 * and its flags, every message type, the TLVs, and every truncation.
 */
#include <stdlib.h>

#include "vec.h"
#include "bmp.h"

/* per-peer header: global, no flags, RD 0, 10.0.2.4, AS 65515, id 10.0.2.4 */
#define PEER "00 00 0000000000000000 000000000000000000000000 0a000204 0000ffeb 0a000204" \
	" 5f000000 000186a0"
#define KEEPALIVE "ffffffffffffffffffffffffffffffff 0013 04"
#define UPDATE0 "ffffffffffffffffffffffffffffffff 0017 02 0000 0000"
#define OPEN_A "ffffffffffffffffffffffffffffffff 001d 01 04 fde9 00b4 0a000106 00"
#define OPEN_B "ffffffffffffffffffffffffffffffff 001d 01 04 ffeb 005a 0a000204 00"
#define NOTIF "ffffffffffffffffffffffffffffffff 0015 03 06 02"

static void
t_header(void **state)
{
	uint8_t b[64];
	struct bmp_hdr h;
	struct bmp_err e;
	size_t n = vec_hex(b, sizeof(b), "03 00000006 04");

	(void)state;
	assert_int_equal(bmp_hdr_check(b, n, true, &h, &e), 1);
	assert_int_equal(h.version, 3);
	assert_int_equal(h.len, 6);
	assert_int_equal(h.type, BMP_INITIATION);
	/* partial: not enough bytes yet */
	assert_int_equal(bmp_hdr_check(b, 5, true, &h, &e), 0);
	assert_int_equal(bmp_hdr_check(b, 0, true, &h, &e), 0);
	/* version 1 and 2 have no length field */
	b[0] = 1;
	assert_int_equal(bmp_hdr_check(b, n, false, &h, &e), -1);
	assert_non_null(strstr(e.what, "version 1 or 2"));
	b[0] = 4;
	assert_int_equal(bmp_hdr_check(b, n, false, &h, &e), -1);
	assert_string_equal(e.what, "not BMP version 3");
	/* a length below the type's fixed part (Route Monitoring needs 67):
	 * framed in sync (the decoder says what is missing), not out of sync */
	n = vec_hex(b, sizeof(b), "03 00000042 00");
	assert_int_equal(bmp_hdr_check(b, n, false, &h, &e), 1);
	assert_int_equal(bmp_hdr_check(b, n, true, &h, &e), -1);
	assert_int_equal(e.off, 6);
	n = vec_hex(b, sizeof(b), "03 00000043 00");
	assert_int_equal(bmp_hdr_check(b, n, true, &h, &e), 1);
	/* an unknown type: in sync yes, out of sync no */
	n = vec_hex(b, sizeof(b), "03 00000008 09");
	assert_int_equal(bmp_hdr_check(b, n, false, &h, &e), 1);
	assert_int_equal(bmp_hdr_check(b, n, true, &h, &e), -1);
	/* below the 6-byte header */
	n = vec_hex(b, sizeof(b), "03 00000005 09");
	assert_int_equal(bmp_hdr_check(b, n, false, &h, &e), -1);
}

static void
t_route_monitoring(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "03 00000047 00" PEER UPDATE0);
	struct bmp_msg m;
	struct bmp_err e;

	(void)state;
	assert_int_equal(n, 71);
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_true(m.has_peer);
	assert_int_equal(m.peer.type, BMP_PEER_GLOBAL);
	assert_false(m.peer.v6);
	assert_int_equal(m.peer.as, 65515);
	assert_int_equal(m.peer.bgp_id, 0x0a000204);
	assert_int_equal(m.peer.ts_sec, 0x5f000000);
	assert_int_equal(m.peer.ts_usec, 100000);
	assert_int_equal(m.peer.addr[15], 4);
	assert_int_equal(m.bgplen, 23);
	assert_int_equal(m.bgp_off, 48);
	assert_ptr_equal(m.bgp, b + 48);
	assert_int_equal(cur_left(&m.tlvs), 0);
	assert_string_equal(bmp_rib_name(&m.peer), "adj-rib-in");
	assert_string_equal(bmp_policy_name(&m.peer), "pre-policy");
	/* flags: V, L, A, O */
	b[7] = BMP_F_V | BMP_F_L | BMP_F_A | BMP_F_O;
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_true(m.peer.v6);
	assert_string_equal(bmp_rib_name(&m.peer), "adj-rib-out");
	assert_string_equal(bmp_policy_name(&m.peer), "post-policy");
	/* Loc-RIB (RFC 9069): flag 0x80 is F, not V */
	b[6] = BMP_PEER_LOC_RIB;
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_false(m.peer.v6);
	assert_string_equal(bmp_rib_name(&m.peer), "loc-rib");
	assert_string_equal(bmp_policy_name(&m.peer), "filtered");
	/* the length field differs from the framed size */
	assert_int_equal(bmp_parse(b, n - 1, &m, &e), -1);
	/* the BGP message claims more than the BMP message holds */
	b[6] = 0;
	b[6 + 42 + 17] = 0x30;
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
	assert_int_equal(e.off, 48);
	assert_non_null(strstr(e.what, "runs past"));
	/* ... or less than a header */
	b[6 + 42 + 17] = 0x12;
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
	assert_non_null(strstr(e.what, "below 19"));
	/* bytes after the BGP message: kept for the caller (TLVs, draft-ietf-grow-bmp-tlv) */
	n = vec_hex(b, sizeof(b), "03 0000004b 00" PEER UPDATE0 "00010000");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_int_equal(cur_left(&m.tlvs), 4);
}

static void
t_peer_up(void **state)
{
	uint8_t b[256];
	size_t n = vec_hex(b, sizeof(b), "03 00000084 03" PEER
	    "000000000000000000000000 0a000106 00b3 9c40" OPEN_A OPEN_B "0000 0002 6869");
	struct bmp_msg m;
	struct bmp_err e;
	struct bmp_tlv t;
	struct cur c;

	(void)state;
	assert_int_equal(n, 0x84);
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_int_equal(m.local[15], 6);
	assert_int_equal(m.local_port, 179);
	assert_int_equal(m.remote_port, 40000);
	assert_int_equal(m.sent_len, 29);
	assert_int_equal(m.rcvd_len, 29);
	assert_int_equal(m.sent_off, 68);
	assert_int_equal(m.rcvd_off, 97);
	assert_int_equal(m.sent_open[24], 0x0a);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_int_equal(t.type, 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.off, 126);
	assert_memory_equal(t.val.p, "hi", 2);
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 0);
	assert_string_equal(bmp_info_name(BMP_PEER_UP, 3), "vrf-table-name");
	/* the received OPEN cut short */
	n = vec_hex(b, sizeof(b), "03 00000072 03" PEER
	    "000000000000000000000000 0a000106 00b3 9c40" OPEN_A "ffffffffffffffffffffffffffffffff 00");
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
	assert_string_equal(e.what, "Peer Up: received OPEN truncated");
	assert_int_equal(e.off, 97);
}

static void
t_peer_down(void **state)
{
	uint8_t b[128];
	struct bmp_msg m;
	struct bmp_err e;
	size_t n;

	(void)state;
	for (unsigned r = 1; r <= 3; r += 2) {
		n = vec_hex(b, sizeof(b), "03 00000046 02" PEER "01" NOTIF);
		b[48] = (uint8_t)r;
		assert_int_equal(bmp_parse(b, n, &m, &e), 1);
		assert_int_equal(m.reason, r);
		assert_int_equal(m.bgplen, 21);
		assert_int_equal(m.bgp[20], 2);
	}
	n = vec_hex(b, sizeof(b), "03 00000033 02" PEER "02 0003");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_int_equal(m.fsm_event, 3);
	assert_null(m.bgp);
	/* the FSM event cut */
	n = vec_hex(b, sizeof(b), "03 00000032 02" PEER "02 00");
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
	assert_non_null(strstr(e.what, "FSM event"));
	for (unsigned r = 4; r <= 5; r++) {
		n = vec_hex(b, sizeof(b), "03 00000031 02" PEER "04");
		b[48] = (uint8_t)r;
		assert_int_equal(bmp_parse(b, n, &m, &e), 1);
		assert_int_equal(m.reason, r);
		assert_int_equal(cur_left(&m.tlvs), 0);
	}
	/* the NOTIFICATION cut */
	n = vec_hex(b, sizeof(b), "03 00000042 02" PEER "01 ffffffffffffffffffffffffffffffff 00");
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
	assert_string_equal(e.what, "Peer Down: NOTIFICATION truncated");
	assert_string_equal(bmp_down_reason_name(4), "remote system closed, no data");
	assert_string_equal(bmp_down_reason_name(9), "unknown reason");
}

static void
t_stats(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "03 0000005f 01" PEER "00000004"
	    "0000 0004 00000005" "0007 0008 000000000000000c" "0009 000b 0001 01 0000000000000003"
	    "0007 0004 00000001");
	struct bmp_msg m;
	struct bmp_err e;
	struct bmp_stat s;
	struct cur c;

	(void)state;
	assert_int_equal(n, 0x5f);
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_int_equal(m.stat_count, 4);
	c = m.tlvs;
	assert_int_equal(bmp_stat_next(&c, &s, &e), 1);
	assert_true(s.ok && !s.gauge);
	assert_int_equal(s.value, 5);
	assert_string_equal(bmp_stat_name(s.t.type), "rejected-by-policy");
	assert_int_equal(bmp_stat_next(&c, &s, &e), 1);
	assert_true(s.ok && s.gauge && !s.afi_safi);
	assert_int_equal(s.value, 12);
	assert_int_equal(bmp_stat_next(&c, &s, &e), 1);
	assert_true(s.ok && s.afi_safi);
	assert_int_equal(s.afi, 1);
	assert_int_equal(s.safi, 1);
	assert_int_equal(s.value, 3);
	/* a gauge type with a counter's length: not decoded, kept as bytes */
	assert_int_equal(bmp_stat_next(&c, &s, &e), 1);
	assert_false(s.ok);
	assert_int_equal(cur_left(&s.t.val), 4);
	assert_int_equal(bmp_stat_next(&c, &s, &e), 0);
	/* a counter running past the message */
	n = vec_hex(b, sizeof(b), "03 0000003a 01" PEER "00000001 0000 0004 0000");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	c = m.tlvs;
	assert_int_equal(bmp_stat_next(&c, &s, &e), -1);
	assert_int_equal(e.off, 52);
	assert_int_equal(cur_left(&c), 6);     /* not advanced */
	/* the count missing */
	n = vec_hex(b, sizeof(b), "03 00000033 01" PEER "000000");
	assert_int_equal(bmp_parse(b, n, &m, &e), -1);
}

static void
t_init_term(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "03 00000013 04 0001 0003 667272 0002 0002 7231");
	struct bmp_msg m;
	struct bmp_err e;
	struct bmp_tlv t;
	struct cur c;

	(void)state;
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	assert_false(m.has_peer);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_string_equal(bmp_info_name(BMP_INITIATION, t.type), "sysDescr");
	assert_true(bmp_info_is_text(BMP_INITIATION, t.type));
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_string_equal(bmp_info_name(BMP_INITIATION, t.type), "sysName");
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 0);
	/* Termination: reason 1 (unspecified) */
	n = vec_hex(b, sizeof(b), "03 0000000c 05 0001 0002 0001");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_string_equal(bmp_info_name(BMP_TERMINATION, t.type), "reason");
	assert_false(bmp_info_is_text(BMP_TERMINATION, t.type));
	assert_string_equal(bmp_term_reason_name(1), "unspecified");
	/* a TLV longer than what is left, a TLV header cut */
	n = vec_hex(b, sizeof(b), "03 0000000c 04 0000 0009 6869");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), -1);
	assert_string_equal(e.what, "TLV value runs past the message");
	n = vec_hex(b, sizeof(b), "03 00000009 04 000000");
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), -1);
	assert_int_equal(e.off, 6);
}

static void
t_mirroring_unknown(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "03 0000004d 06" PEER "0001 0002 0001 0000 0013" KEEPALIVE);
	struct bmp_msg m;
	struct bmp_err e;
	struct bmp_tlv t;
	struct cur c;

	(void)state;
	assert_int_equal(n, 0x4d);
	assert_int_equal(bmp_parse(b, n, &m, &e), 1);
	c = m.tlvs;
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_int_equal(t.type, 1);
	assert_string_equal(bmp_mirror_info_name(1), "messages lost");
	assert_int_equal(bmp_tlv_next(&c, &t, &e), 1);
	assert_int_equal(t.type, 0);
	assert_int_equal(cur_left(&t.val), 19);
	/* an unknown type: the header only, the body kept */
	n = vec_hex(b, sizeof(b), "03 00000009 07 aabbcc");
	assert_int_equal(bmp_parse(b, n, &m, &e), 0);
	assert_int_equal(cur_left(&m.body), 3);
	assert_string_equal(bmp_type_name(7), "unknown");
	assert_string_equal(bmp_type_name(BMP_ROUTE_MIRRORING), "Route Mirroring");
	/* the per-peer header cut: a Route Mirroring of 6 + 41 bytes */
	n = vec_hex(b, sizeof(b), "03 0000002f 06" PEER);
	assert_int_equal(bmp_parse(b, n - 1, &m, &e), -1);
}

/* Every message cut at every length, its length field set to the cut: no
 * read past the end (ASan), never a success that claims more. */
static void
t_every_cut(void **state)
{
	static const char *const msgs[] = {
		"03 00000084 03" PEER "000000000000000000000000 0a000106 00b3 9c40" OPEN_A OPEN_B
		    "0000 0002 6869",
		"03 00000047 00" PEER UPDATE0,
		"03 00000046 02" PEER "01" NOTIF,
		"03 0000005f 01" PEER "00000004 0000 0004 00000005 0007 0008 000000000000000c"
		    " 0009 000b 0001 01 0000000000000003 0007 0004 00000001",
		"03 0000004d 06" PEER "0001 0002 0001 0000 0013" KEEPALIVE,
	};
	/* below this the message cannot decode; from it on the TLVs are the
	 * caller's to walk (checked in the tests above) */
	static const size_t fixed[] = { 126, 71, 70, 52, 48 };

	(void)state;
	for (size_t k = 0; k < sizeof(msgs) / sizeof(msgs[0]); k++) {
		uint8_t full[256];
		size_t n = vec_hex(full, sizeof(full), msgs[k]);

		for (size_t cut = 0; cut <= n; cut++) {
			uint8_t *b = malloc(cut ? cut : 1);
			struct bmp_msg m;
			struct bmp_err e;
			int rc;

			memcpy(b, full, cut);
			if (cut >= 5) {
				b[1] = 0;
				b[2] = 0;
				b[3] = (uint8_t)(cut >> 8);
				b[4] = (uint8_t)cut;
			}
			rc = bmp_parse(b, cut, &m, &e);
			if (cut < fixed[k])
				assert_int_equal(rc, -1);
			else
				assert_int_equal(rc, 1);
			free(b);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_header),
		cmocka_unit_test(t_route_monitoring),
		cmocka_unit_test(t_peer_up),
		cmocka_unit_test(t_peer_down),
		cmocka_unit_test(t_stats),
		cmocka_unit_test(t_init_term),
		cmocka_unit_test(t_mirroring_unknown),
		cmocka_unit_test(t_every_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
