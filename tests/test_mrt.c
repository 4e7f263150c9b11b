/*
 * test_mrt.c - MRT records (RFC 6396, RFC 8050) from byte vectors: the
 * header, BGP4MP and BGP4MP_ET, PEER_INDEX_TABLE, RIB records and entries,
 * TABLE_DUMP v1, a RIB entry made into its UPDATE, and every truncation.
 */
#include "vec.h"
#include "mrt.h"

static void
t_header(void **state)
{
	uint8_t b[32];
	size_t n = vec_hex(b, sizeof(b), "4cd726f8 0010 0001 0000004c");
	struct mrt_hdr h;

	(void)state;
	assert_true(mrt_hdr_parse(b, n, &h));
	assert_int_equal(h.ts, 0x4cd726f8);
	assert_int_equal(h.type, MRT_BGP4MP);
	assert_int_equal(h.subtype, MRT_MESSAGE);
	assert_int_equal(h.len, 0x4c);
	assert_false(mrt_hdr_parse(b, 11, &h));
	assert_true(mrt_type_known(13));
	assert_false(mrt_type_known(14));
	assert_string_equal(mrt_subtype_name(13, 10), "RIB_IPV6_UNICAST_ADDPATH");
	assert_string_equal(mrt_subtype_name(17, 9), "MESSAGE_AS4_ADDPATH");
	assert_string_equal(mrt_state_name(6), "Established");
}

static void
t_et_usec(void **state)
{
	uint8_t b[16];
	size_t n = vec_hex(b, sizeof(b), "0007c535 aabbcc");
	struct mrt_hdr h = { .type = MRT_BGP4MP_ET };
	struct mrt_err e;
	struct cur c;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_body_start(&h, &c, &e), 1);
	assert_int_equal(h.usec, 509237);
	assert_int_equal(cur_left(&c), 3);
	/* above 999999 */
	n = vec_hex(b, sizeof(b), "000f4240");
	cur_init(&c, b, n);
	assert_int_equal(mrt_body_start(&h, &c, &e), -1);
	/* shorter than the field */
	cur_init(&c, b, 3);
	assert_int_equal(mrt_body_start(&h, &c, &e), -1);
	assert_int_equal(e.off, 0);
}

/* BGP4MP_MESSAGE (AS2, IPv4) carrying a KEEPALIVE */
static void
t_bgp4mp_message(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "1b6a 316e 0000 0001 0c00013f c100041c"
	    "ffffffffffffffffffffffffffffffff 0013 04");
	struct mrt_bgp4mp m;
	struct mrt_err e;
	struct cur c;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(MRT_MESSAGE, &c, &m, &e), 1);
	assert_int_equal(m.peer_as, 7018);
	assert_int_equal(m.local_as, 12654);
	assert_false(m.as4);
	assert_false(m.addpath);
	assert_false(m.from_local);
	assert_int_equal(m.peer.family, 4);
	assert_memory_equal(m.peer.a, "\x0c\x00\x01\x3f", 4);
	assert_memory_equal(m.local.a, "\xc1\x00\x04\x1c", 4);
	assert_int_equal(m.msglen, 19);
	assert_int_equal(m.msg[18], 4);
	/* every truncation fails with an offset inside the record */
	for (size_t k = 0; k < 17; k++) {
		cur_init(&c, b, k);
		assert_int_equal(mrt_bgp4mp_parse(MRT_MESSAGE, &c, &m, &e), -1);
		assert_true(e.off <= k);
	}
}

/* BGP4MP_STATE_CHANGE_AS4 over IPv6, and the subtype flags */
static void
t_bgp4mp_state(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "00030d40 0000fde8 0000 0002"
	    "20010db8000000000000000000000002 20010db8000000000000000000000001 0006 0001");
	struct mrt_bgp4mp m;
	struct mrt_err e;
	struct cur c;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(MRT_STATE_CHANGE_AS4, &c, &m, &e), 1);
	assert_true(m.state && m.as4);
	assert_int_equal(m.peer_as, 200000);
	assert_int_equal(m.local_as, 65000);
	assert_int_equal(m.peer.family, 6);
	assert_int_equal(m.old_state, 6);
	assert_int_equal(m.new_state, 1);
	/* a byte after the states */
	b[n] = 0;
	cur_init(&c, b, n + 1);
	assert_int_equal(mrt_bgp4mp_parse(MRT_STATE_CHANGE_AS4, &c, &m, &e), -1);
	assert_int_equal(e.off, n);
	/* address family 3 */
	b[11] = 3;
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(MRT_STATE_CHANGE_AS4, &c, &m, &e), -1);
	/* subtypes: local, ADD-PATH; 2 (deprecated) is not decoded */
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(2, &c, &m, &e), 0);
	b[11] = 1;
	n = vec_hex(b, sizeof(b), "00000001 00000002 0000 0001 0a000001 0a000002 ffff");
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(MRT_MESSAGE_AS4_LOCAL_ADDPATH, &c, &m, &e), 1);
	assert_true(m.as4 && m.from_local && m.addpath && !m.state);
	n = vec_hex(b, sizeof(b), "0001 0002 0000 0001 0a000001 0a000002 ffff");
	cur_init(&c, b, n);
	assert_int_equal(mrt_bgp4mp_parse(MRT_MESSAGE_ADDPATH, &c, &m, &e), 1);
	assert_int_equal(m.local_as, 2);
	assert_true(!m.as4 && !m.from_local && m.addpath);
}

/* PEER_INDEX_TABLE: an IPv4 AS2 peer and an IPv6 AS4 peer */
static void
t_peer_index(void **state)
{
	uint8_t b[128];
	size_t n = vec_hex(b, sizeof(b), "0a001001 0006 6d6173746572 0002"
	    "00 0a001101 c0000201 fde8"
	    "03 0a001102 20010db8000000000000000000000002 00030d40");
	struct mrt_peer_index px;
	struct mrt_peer p;
	struct mrt_err e;
	struct cur c;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_peer_index_parse(&c, &px, &e), 1);
	assert_int_equal(px.collector_id, 0x0a001001);
	assert_int_equal(cur_left(&px.view), 6);
	assert_int_equal(px.count, 2);
	assert_int_equal(mrt_peer_next(&px.peers, &p, &e), 1);
	assert_int_equal(p.addr.family, 4);
	assert_int_equal(p.as, 65000);
	assert_int_equal(mrt_peer_next(&px.peers, &p, &e), 1);
	assert_int_equal(p.addr.family, 6);
	assert_int_equal(p.as, 200000);
	assert_int_equal(mrt_peer_next(&px.peers, &p, &e), 0);
	/* the last peer cut short */
	cur_init(&c, b, n - 1);
	assert_int_equal(mrt_peer_index_parse(&c, &px, &e), 1);
	assert_int_equal(mrt_peer_next(&px.peers, &p, &e), 1);
	assert_int_equal(mrt_peer_next(&px.peers, &p, &e), -1);
	/* a view name longer than the record */
	b[5] = 0x60;
	cur_init(&c, b, n);
	assert_int_equal(mrt_peer_index_parse(&c, &px, &e), -1);
}

/*
 * RIB_IPV6_UNICAST with one entry whose MP_REACH_NLRI is abbreviated
 * (RFC 6396 4.3.4: next hop length and next hop only): the UPDATE made of
 * it carries the whole attribute and the prefix, and decodes cleanly.
 */
static void
t_rib_ipv6(void **state)
{
	uint8_t b[256], u[512];
	size_t n = vec_hex(b, sizeof(b), "00000007 30 20010db80028 0001"
	    "0003 5b9ffa6a 0026"
	    "40 01 01 00"
	    "50 02 000a 0202 00000d05 00000b62"
	    "80 0e 11 10 20010db8000000000000000000000001");
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct cur c;
	struct bgp_msg m;
	union bgp_body body;
	struct bgp_errs errs;
	struct bgp_ctx ctx = { .as4 = true };
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	size_t ul;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV6_UNICAST, &c, &r, &e), 1);
	assert_int_equal(r.seq, 7);
	assert_int_equal(r.afi, 2);
	assert_int_equal(r.safi, 1);
	assert_int_equal(r.plen, 48);
	assert_int_equal(r.count, 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(ent.peer_index, 3);
	assert_int_equal(ent.originated, 0x5b9ffa6a);
	assert_false(ent.has_pathid);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 0);
	ul = mrt_rib_update(&r, &ent, u, sizeof(u), &e);
	assert_true(ul > 19);
	bgp_errs_reset(&errs);
	assert_int_equal(bgp_decode(u, ul, &ctx, &m, &body, &errs), BGP_DEC_BODY);
	assert_int_equal(errs.n, 0);
	assert_int_equal(body.upd.mpr_afi, 2);
	assert_int_equal(body.upd.mpr_nh_count, 1);
	assert_int_equal(body.upd.mpr_nh[0][15], 1);
	bgp_nlri_iter_init(&it, &body.upd.mpr_nlri, 2, 1, false);
	assert_int_equal(bgp_nlri_next(&it, &p, &errs), 1);
	assert_int_equal(p.plen, 48);
	assert_memory_equal(p.addr, "\x20\x01\x0d\xb8\x00\x28", 6);
	assert_int_equal(bgp_nlri_next(&it, &p, &errs), 0);
	/* a buffer too small: refused, never written past */
	assert_int_equal(mrt_rib_update(&r, &ent, u, 30, &e), 0);
}

/* RIB_IPV4_UNICAST_ADDPATH: the path id goes in front of the prefix */
static void
t_rib_ipv4_addpath(void **state)
{
	uint8_t b[128], u[256];
	size_t n = vec_hex(b, sizeof(b), "00000001 18 0a000a 0002"
	    "0000 568e5873 00000024 000b 400101 00 400304 0a000f01"
	    "0000 568e5873 00000026 0004 400101 02");
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct cur c;
	size_t ul;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV4_UNICAST_ADDPATH, &c, &r, &e), 1);
	assert_true(r.addpath);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_true(ent.has_pathid);
	assert_int_equal(ent.pathid, 0x24);
	ul = mrt_rib_update(&r, &ent, u, sizeof(u), &e);
	/* header 19, withdrawn 2, attr len 2, attrs 11, path id 4, prefix 4 */
	assert_int_equal(ul, 19 + 2 + 2 + 11 + 4 + 4);
	assert_memory_equal(u + ul - 8, "\x00\x00\x00\x24\x18\x0a\x00\x0a", 8);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(ent.pathid, 0x26);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 0);
	/* count says 3: the third entry runs past the record */
	b[9] = 3;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV4_UNICAST_ADDPATH, &c, &r, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), -1);
	/* count says 1: bytes left over */
	b[9] = 1;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV4_UNICAST_ADDPATH, &c, &r, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), -1);
	/* prefix length 33 */
	b[4] = 33;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV4_UNICAST_ADDPATH, &c, &r, &e), -1);
	assert_int_equal(e.off, 5);
	/* subtype 7 does not exist */
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(7, &c, &r, &e), 0);
}

/* TABLE_DUMP v1, AFI_IPv4: one record, one entry, AS2 attributes */
static void
t_td1(void **state)
{
	uint8_t b[128], u[256];
	size_t n = vec_hex(b, sizeof(b), "0000 0005 03000000 08 01 3d36b2bb c1cb0001 073d 0014"
	    "400101 00 400206 0202 073d 04d7 400304 c1cb0001");
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct cur c;
	struct bgp_msg m;
	union bgp_body body;
	struct bgp_errs errs;
	struct bgp_ctx ctx = { .as4 = false };
	size_t ul;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_td1_parse(1, &c, &r, &ent, &e), 1);
	assert_int_equal(r.seq, 5);
	assert_int_equal(r.plen, 8);
	assert_int_equal(r.v1_peer_as, 1853);
	assert_int_equal(ent.originated, 0x3d36b2bb);
	ul = mrt_rib_update(&r, &ent, u, sizeof(u), &e);
	bgp_errs_reset(&errs);
	assert_int_equal(bgp_decode(u, ul, &ctx, &m, &body, &errs), BGP_DEC_BODY);
	assert_int_equal(errs.n, 0);
	assert_int_equal(cur_left(&body.upd.nlri), 2);
	/* a trailing byte, and the attributes cut short */
	cur_init(&c, b, n + 1);
	assert_int_equal(mrt_td1_parse(1, &c, &r, &ent, &e), -1);
	cur_init(&c, b, n - 1);
	assert_int_equal(mrt_td1_parse(1, &c, &r, &ent, &e), -1);
	cur_init(&c, b, n);
	assert_int_equal(mrt_td1_parse(3, &c, &r, &ent, &e), 0);
}

/* An attribute list that runs past its entry is refused, not copied. */
static void
t_rib_bad_attrs(void **state)
{
	uint8_t b[128], u[256];
	size_t n = vec_hex(b, sizeof(b), "00000001 08 0a 0001 0000 00000000 0005 400109 0000");
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct cur c;

	(void)state;
	cur_init(&c, b, n);
	assert_int_equal(mrt_rib_parse(MRT_RIB_IPV4_UNICAST, &c, &r, &e), 1);
	assert_int_equal(mrt_rib_next(&r, &ent, &e), 1);
	assert_int_equal(mrt_rib_update(&r, &ent, u, sizeof(u), &e), 0);
	assert_non_null(e.what);
}

/* Every record the encoder writes reads back as what was written. */
static void
t_encode_roundtrip(void **state)
{
	uint8_t msg[19], out[256];
	struct mrt_hdr h = { .ts = 1700000000, .usec = 123456, .type = MRT_BGP4MP_ET,
		.subtype = MRT_MESSAGE_ADDPATH };
	struct mrt_bgp4mp m = { .peer_as = 70000, .local_as = 65001, .ifindex = 3 },
	    back;
	struct mrt_hdr h2;
	struct mrt_err e;
	struct cur c;
	size_t n;

	(void)state;
	vec_msg(msg, sizeof(msg), BGP_KEEPALIVE, "");
	m.peer.family = m.local.family = 4;
	memcpy(m.peer.a, "\x0a\x00\x01\x06", 4);
	memcpy(m.local.a, "\x0a\x00\x02\x04", 4);
	m.msg = msg;
	m.msglen = sizeof(msg);
	/* AS2 subtype: 70000 does not fit, AS_TRANS instead */
	n = mrt_bgp4mp_encode(&h, &m, out, sizeof(out));
	assert_int_equal(n, 12 + 4 + 2 + 2 + 2 + 2 + 4 + 4 + 19);
	assert_true(mrt_hdr_parse(out, n, &h2));
	assert_int_equal(h2.len, n - 12);
	assert_int_equal(h2.type, MRT_BGP4MP_ET);
	cur_init(&c, out + 12, n - 12);
	assert_int_equal(mrt_body_start(&h2, &c, &e), 1);
	assert_int_equal(h2.usec, 123456);
	assert_int_equal(mrt_bgp4mp_parse(h2.subtype, &c, &back, &e), 1);
	assert_int_equal(back.peer_as, 23456);
	assert_int_equal(back.local_as, 65001);
	assert_int_equal(back.ifindex, 3);
	assert_true(back.addpath && !back.as4);
	assert_memory_equal(back.peer.a, m.peer.a, 4);
	assert_int_equal(back.msglen, 19);
	assert_memory_equal(back.msg, msg, 19);
	/* AS4 state change over IPv6, plain BGP4MP (no microseconds) */
	h.type = MRT_BGP4MP;
	h.subtype = MRT_STATE_CHANGE_AS4;
	m.as4 = m.state = true;
	m.old_state = 5;
	m.new_state = 6;
	m.peer.family = m.local.family = 6;
	n = mrt_bgp4mp_encode(&h, &m, out, sizeof(out));
	assert_int_equal(n, 12 + 4 + 4 + 2 + 2 + 32 + 4);
	assert_true(mrt_hdr_parse(out, n, &h2));
	cur_init(&c, out + 12, n - 12);
	assert_int_equal(mrt_body_start(&h2, &c, &e), 1);
	assert_int_equal(mrt_bgp4mp_parse(h2.subtype, &c, &back, &e), 1);
	assert_true(back.state && back.as4);
	assert_int_equal(back.peer_as, 70000);
	assert_int_equal(back.new_state, 6);
	/* too small a buffer, mixed families */
	assert_int_equal(mrt_bgp4mp_encode(&h, &m, out, 20), 0);
	m.local.family = 4;
	assert_int_equal(mrt_bgp4mp_encode(&h, &m, out, sizeof(out)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_header),
		cmocka_unit_test(t_et_usec),
		cmocka_unit_test(t_bgp4mp_message),
		cmocka_unit_test(t_bgp4mp_state),
		cmocka_unit_test(t_peer_index),
		cmocka_unit_test(t_rib_ipv6),
		cmocka_unit_test(t_rib_ipv4_addpath),
		cmocka_unit_test(t_td1),
		cmocka_unit_test(t_rib_bad_attrs),
		cmocka_unit_test(t_encode_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
