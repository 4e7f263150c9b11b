/*
 * test_bgp_pattr.c - the TLV-shaped and structured path attributes:
 * Tunnel Encapsulation (RFC 9012) with the SR Policy sub-TLVs (RFC 9830),
 * BGP Prefix-SID (RFC 8669, RFC 9252), PMSI_TUNNEL (RFC 6514), AIGP
 * (RFC 7311), BGPsec_PATH (RFC 8205), ATTR_SET (RFC 6368), BGP-LS (RFC
 * 9552, RFC 9085): values as
 * described, and each malformation with its offset and RFC 7606 treatment.
 */
#include "update_t.h"

static const struct bgp_ctx C2;                     /* 2-octet session */

/*
 * An UPDATE with ORIGIN, AS_PATH, NEXT_HOP, one NLRI (10.0.0.0/8) and the
 * attribute (flags, code, value hex) under test, which starts at offset
 * 23 + 4 + 7 + 7 = 41 (its value at 44, or 45 with an extended length).
 */
#define AT 41
static void
aup(struct up *x, unsigned flags, unsigned code, const char *val)
{
	up(x, &C2, "", "08 0a", ORIGIN_IGP, ASPATH_1, NEXTHOP_1, A(flags, code, val), NULL);
}

/* The first error's text contains `what`. */
static void
err_says(const struct up *x, const char *what)
{
	assert_true(x->e.n > 0);
	if (strstr(x->e.e[0].what, what) == NULL)
		print_message("error: %s\n", x->e.e[0].what);
	assert_non_null(strstr(x->e.e[0].what, what));
}

/* ---------------------------------------------------------------- Tunnel Encapsulation */

static void
t_tea_sr_policy(void **state)
{
	struct up x;

	(void)state;
	/* ExaBGP's bgp-sr-policy-1 vector: SR Policy tunnel, preference 100,
	 * MPLS binding SID 24000, one segment list of weight 1 and a type A
	 * segment (label 16001, S bit) */
	aup(&x, 0xc0, 23, "000f 0024 0c06 0000 00000064 0d06 1000 05dc0100 "
	    "800011 00 0906 0000 00000001 0106 0000 03e81100");
	no_errs(&x);
	assert_true(bgp_update_has(&x.u, ATTR_TUNNEL_ENCAP));
	assert_string_equal(desc(&x, &C2, 23), "tunnel_encap=[{type=SR-policy code=15 tlvs=["
	    "{type=preference code=12 flags=0 preference=100} "
	    "{type=binding-sid code=13 flags=16 label=24000 tc=0 s=true ttl=0} "
	    "{type=segment-list code=128 segments=[{type=weight code=9 flags=0 weight=1} "
	    "{type=A code=1 flags=0 label=16001 tc=0 s=true ttl=0}]}]}]");
	/* segment types C (IPv4 node + SID) and K (SRv6, no SID), policy name */
	aup(&x, 0xc0, 23, "000f 0037 80002d 00 0306 00 00 0a000001 "
	    "1022 00 01 20010db8000000000000000000000001 20010db8000000000000000000000002 "
	    "820004 00 70 6f 6c");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 23), "tunnel_encap=[{type=SR-policy code=15 tlvs=["
	    "{type=segment-list code=128 segments=[{type=C code=3 flags=0 algorithm=0 "
	    "node=10.0.0.1} {type=K code=16 flags=0 algorithm=1 local=2001:db8::1 "
	    "remote=2001:db8::2}]} {type=policy-name code=130 name=pol}]}]");
}

static void
t_tea_rfc9012(void **state)
{
	struct up x;

	(void)state;
	/* VXLAN: encapsulation sub-TLV (V flag, VNI 100, MAC), color 10,
	 * UDP port 4789, tunnel egress endpoint 192.0.2.1 */
	aup(&x, 0xc0, 23, "0008 0028 010c 80 000064 001122334455 0000 "
	    "0408 030b0000 0000000a 0802 12b5 060a 00000000 0001 c0000201");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 23), "tunnel_encap=[{type=VXLAN code=8 tlvs=["
	    "{type=encapsulation code=1 flags=128 vn_id=100 mac=00:11:22:33:44:55} "
	    "{type=color code=4 color=10} {type=udp-destination-port code=8 port=4789} "
	    "{type=tunnel-egress-endpoint code=6 afi=1 address=192.0.2.1}]}]");
	/* an unknown tunnel type still has sub-TLVs */
	aup(&x, 0xc0, 23, "00ff 0003 0701 b8");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 23), "tunnel_encap=[{type=unknown code=255 tlvs=["
	    "{type=ds-field code=7 ds_field=184}]}]");
	/* a DS field of 2 bytes */
	aup(&x, 0xc0, 23, "00ff 0004 0702 b800");
	err_says(&x, "sub-TLV 7 (ds-field) length 2, expected 1");
}

static void
t_tea_errors(void **state)
{
	struct up x;

	(void)state;
	/* RFC 9012 / RFC 7606: a sub-TLV overrunning its tunnel TLV: withdraw */
	aup(&x, 0xc0, 23, "000f 0004 0c06 0000");
	assert_err(&x.e, AT + 7, 3, 9, BGP_TREAT_WITHDRAW);
	err_says(&x, "sub-TLV 12 length 6 overruns its container");
	assert_false(bgp_update_has(&x.u, ATTR_TUNNEL_ENCAP));
	/* a tunnel TLV overrunning the attribute */
	aup(&x, 0xc0, 23, "000f 0010 0c06");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_WITHDRAW);
	/* a truncated tunnel TLV header */
	aup(&x, 0xc0, 23, "000f 00");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_WITHDRAW);
	err_says(&x, "tunnel TLV header truncated (3 bytes left)");
	/* a type A segment of 5 bytes (RFC 9830: 6) */
	aup(&x, 0xc0, 23, "000f 000b 800008 00 0105 0000 03e811");
	assert_err(&x.e, AT + 11, 3, 9, BGP_TREAT_WITHDRAW);
	err_says(&x, "segment list sub-TLV 1 (A) length 5, expected 6");
	/* a preference sub-TLV of 4 bytes */
	aup(&x, 0xc0, 23, "000f 0006 0c04 0000 0064");
	err_says(&x, "sub-TLV 12 (preference) length 4, expected 6");
	/* binding SID of 3 bytes: none, a label or an SRv6 SID only */
	aup(&x, 0xc0, 23, "000f 0007 0d05 0000 05dc01");
	err_says(&x, "binding-sid) length 5: not no SID, a 4-byte label or a 16-byte SRv6 SID");
	/* the optional part of a type C segment: 6 or 10 */
	aup(&x, 0xc0, 23, "000f 000e 80000b 00 0308 0000 0a000001 0000");
	err_says(&x, "(C) length 8, expected 6 or 10");
}

/* ---------------------------------------------------------------- Prefix-SID */

static void
t_prefix_sid(void **state)
{
	struct up x;

	(void)state;
	/* RFC 8669: label index 100, originator SRGB 16000/8000 */
	aup(&x, 0xc0, 40, "01 0007 00 0000 00000064  03 0008 0000 003e80 001f40");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 40), "prefix_sid=[{type=label-index code=1 flags=0 "
	    "label_index=100} {type=originator-srgb code=3 flags=0 srgb=[{base=16000 "
	    "range=8000}]}]");
	/* RFC 9252: SRv6 L3 service, SID information, SID structure */
	aup(&x, 0xc0, 40, "05 0022 00 01 001e 00 fc000000000000010000000000000000 00 0013 00 "
	    "01 0006 28 18 10 00 10 40");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 40), "prefix_sid=[{type=srv6-l3-service code=5 tlvs=["
	    "{type=sid-information code=1 sid=fc00:0:0:1:: flags=0 behavior=19 tlvs=["
	    "{type=sid-structure code=1 lb_len=40 ln_len=24 func_len=16 arg_len=0 "
	    "transposition_len=16 transposition_offset=64}]}]}]");
	/* RFC 8669 6: a label index TLV of length 6 is malformed: attribute discard */
	aup(&x, 0xc0, 40, "01 0006 00 0000 000064");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_ATTR_DISCARD);
	err_says(&x, "PREFIX_SID: TLV 1 (label-index) length 6, expected 7");
	assert_false(bgp_update_has(&x.u, ATTR_PREFIX_SID));
	/* an SRGB list that is not a whole number of 6-byte entries */
	aup(&x, 0xc0, 40, "03 0007 0000 003e80 001f");
	err_says(&x, "not a whole number of 6-byte SRGBs");
	/* a structure sub-sub-TLV overrunning its SID information */
	aup(&x, 0xc0, 40, "05 001c 00 01 0018 00 fc000000000000010000000000000000 00 0013 00 "
	    "01 0006 28 18");
	assert_err(&x.e, AT + 3 + 4 + 3 + 21, 3, 9, BGP_TREAT_ATTR_DISCARD);
}

/* ---------------------------------------------------------------- PMSI, AIGP */

static void
t_pmsi(void **state)
{
	struct up x;

	(void)state;
	/* RFC 6514 5: ingress replication to 192.0.2.1, label 100 */
	aup(&x, 0xc0, 22, "00 06 000641 c0000201");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 22), "pmsi_tunnel={flags=0 leaf_info_required=false "
	    "tunnel_type=ingress-replication tunnel_type_code=6 label=100 label_field=1601 "
	    "endpoint=192.0.2.1}");
	/* PIM-SSM: sender and group */
	aup(&x, 0xc0, 22, "01 03 000000 c0000201 e8010101");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 22), "pmsi_tunnel={flags=1 leaf_info_required=true "
	    "tunnel_type=PIM-SSM-tree tunnel_type_code=3 label=0 label_field=0 "
	    "sender=192.0.2.1 group=232.1.1.1}");
	/* an RSVP-TE tunnel identifier of 5 bytes: withdraw */
	aup(&x, 0xc0, 22, "00 01 000000 0000000001");
	assert_err(&x.e, AT + 3 + 5, 3, 9, BGP_TREAT_WITHDRAW);
	assert_false(bgp_update_has(&x.u, ATTR_PMSI_TUNNEL));
	/* shorter than flags, type and label: the length rule */
	aup(&x, 0xc0, 22, "00 06 0006");
	assert_err(&x.e, AT, 3, 5, BGP_TREAT_WITHDRAW);
}

static void
t_aigp_errors(void **state)
{
	struct up x;

	(void)state;
	/* RFC 7311 3: a TLV length below 3 or overrunning: attribute discard */
	aup(&x, 0x80, 26, "01 0002 00");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_ATTR_DISCARD);
	assert_false(bgp_update_has(&x.u, ATTR_AIGP));
	aup(&x, 0x80, 26, "01 000b 00000000000064");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_ATTR_DISCARD);
	/* type 1 of length 10 (RFC 7311: 11) */
	aup(&x, 0x80, 26, "01 000a 00000000000064");
	err_says(&x, "AIGP: TLV 1 (AIGP) length 7, expected 8");
	aup(&x, 0x80, 26, "01 000b 0000000000000064");
	no_errs(&x);
}

/* ---------------------------------------------------------------- BGPsec, ATTR_SET */

static void
t_bgpsec(void **state)
{
	struct up x;

	(void)state;
	/* one secure path segment (pCount 1, AS 64496), one signature block
	 * (suite 1) with one signature of 2 bytes */
	aup(&x, 0x90, 33, "0008 01 00 0000fbf0  001b 01 "
	    "ab4d910f55cae71a215ef3cafe3acc45b5eec154 0002 3046");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 33), "bgpsec_path={secure_path=[{pcount=1 flags=0 "
	    "asn=64496}] signature_blocks=[{algorithm_suite=1 signatures=[{ski="
	    "ab4d910f55cae71a215ef3cafe3acc45b5eec154 length=2}]}]}");
	/* tcpdump's bgpsec_invalid_signature_block_length: block length 1 */
	aup(&x, 0x90, 33, "0008 01 00 0000fbf0  0001 01 ab4d");
	assert_err(&x.e, AT + 4 + 8, 3, 9, BGP_TREAT_WITHDRAW);
	err_says(&x, "Signature_Block length 1 is below its 3-byte header");
	/* a secure path that is not 2 + 6n */
	aup(&x, 0x90, 33, "0007 01 00 0000fb 0003 01");
	err_says(&x, "Secure_Path length 7 is not 2 + 6n");
	/* two segments, one signature */
	aup(&x, 0x90, 33, "000e 01 00 0000fbf0 01 00 0000fbf1 001b 01 "
	    "ab4d910f55cae71a215ef3cafe3acc45b5eec154 0002 3046");
	err_says(&x, "1 Signature_Segments for 2 Secure_Path Segments");
	/* a signature overrunning its block */
	aup(&x, 0x90, 33, "0008 01 00 0000fbf0 001b 01 "
	    "ab4d910f55cae71a215ef3cafe3acc45b5eec154 0003 3046");
	err_says(&x, "Signature_Segment 1 truncated");
}

static void
t_attr_set(void **state)
{
	struct up x;

	(void)state;
	/* tcpdump's bgp_vpn_attrset: origin AS 65001 and five attributes */
	aup(&x, 0xc0, 128, "0000fde9 400101 00 400204 020115b3 40050400 00002c "
	    "80090416050505 800a0416050505");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 128), "attr_set={origin_as=65001 attrs={origin=IGP "
	    "as_path=5555 local_pref=44 originator_id=22.5.5.5 cluster_list=[22.5.5.5]}}");
	/* RFC 6368 5: no ATTR_SET inside: attribute discard, not walked */
	aup(&x, 0xc0, 128, "0000fde9 c08008 0000fde9 40010100");
	assert_err(&x.e, AT + 3 + 4, 3, 9, BGP_TREAT_ATTR_DISCARD);
	err_says(&x, "ATTR_SET inside ATTR_SET");
	assert_false(bgp_update_has(&x.u, ATTR_ATTR_SET));
	/* a malformed nested ORIGIN: the ATTR_SET is discarded, the route kept */
	aup(&x, 0xc0, 128, "0000fde9 40010107");
	assert_err(&x.e, AT + 3 + 4, 3, 9, BGP_TREAT_ATTR_DISCARD);
	err_says(&x, "ATTR_SET: ORIGIN value 7 is undefined");
	assert_int_equal(x.e.worst, BGP_TREAT_ATTR_DISCARD);
	/* a nested attribute overrunning the ATTR_SET */
	aup(&x, 0xc0, 128, "0000fde9 400109");
	assert_err(&x.e, AT + 3 + 4, 3, 9, BGP_TREAT_ATTR_DISCARD);
}

/* ---------------------------------------------------------------- BGP-LS */

static void
t_bgp_ls_attr(void **state)
{
	struct up x;

	(void)state;
	/* TLVs of ExaBGP's bgp-ls-5 vector and a node name */
	aup(&x, 0x80, 29, "0440 0004 00000000 0441 0004 4cee6b28 0444 0004 00000014 "
	    "0447 0003 00000a 044b 0007 30 00 0000 049310 0402 0003 72 31 30");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 29), "bgp_ls=[{type=admin-group code=1088 value=0} "
	    "{type=max-link-bandwidth code=1089 bandwidth=125000000} "
	    "{type=te-default-metric code=1092 metric=20} {type=igp-metric code=1095 metric=10} "
	    "{type=adjacency-sid code=1099 flags=48 weight=0 label=299792} "
	    "{type=node-name code=1026 name=r10}]");
	/* RFC 9085 2.1.2: SR capabilities with one range, an unknown TLV as hex */
	aup(&x, 0x80, 29, "040a 000c 80 00 0003e8 0489 0003 003e80 ffff 0002 abcd");
	no_errs(&x);
	assert_string_equal(desc(&x, &C2, 29), "bgp_ls=[{type=sr-capabilities code=1034 flags=128 "
	    "ranges=[{range=1000 label=16000}]} {type=unknown code=65535 hex=abcd}]");
	/* RFC 9552 8.2.2: a malformed TLV makes the attribute discarded */
	aup(&x, 0x80, 29, "0441 0003 4cee6b");
	assert_err(&x.e, AT + 3, 3, 9, BGP_TREAT_ATTR_DISCARD);
	err_says(&x, "BGP-LS: TLV 1089 (max-link-bandwidth) length 3, expected 4");
	assert_false(bgp_update_has(&x.u, ATTR_BGP_LS));
	aup(&x, 0x80, 29, "040a 000b 80 00 0003e8 0489 0003 003e");
	err_says(&x, "not SR ranges");
	aup(&x, 0x80, 29, "0441 0008 4cee6b28");
	err_says(&x, "TLV 1089 length 8 overruns its container (4 bytes left)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_tea_sr_policy),
		cmocka_unit_test(t_tea_rfc9012),
		cmocka_unit_test(t_tea_errors),
		cmocka_unit_test(t_prefix_sid),
		cmocka_unit_test(t_pmsi),
		cmocka_unit_test(t_aigp_errors),
		cmocka_unit_test(t_bgpsec),
		cmocka_unit_test(t_attr_set),
		cmocka_unit_test(t_bgp_ls_attr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
