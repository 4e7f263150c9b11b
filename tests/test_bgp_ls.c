/*
 * test_bgp_ls.c - BGP-LS NLRI (RFC 9552 5.2: node, link, IPv4/IPv6
 * prefix; RFC 9514: SRv6 SID) and SR Policy NLRI (RFC 9830 2.1): the
 * one-line text, the structured form, and each malformation with its
 * offset and RFC 7606 treatment. The BGP-LS attribute is in
 * test_bgp_pattr.c with the other attributes.
 */
#include "nlri_walk.h"

static void
err_at(const struct walk *w, uint32_t off, uint8_t treat, const char *sub)
{
	assert_true(has_err(w, off, treat, sub));
}

/* ExaBGP's bgp-ls-1 vector: an OSPFv2 link between two routers */
#define LS1 "0002 0051 03 0000000000000000 " \
	"0100 0020 0200 0004 00000001 0201 0004 c0a87a7e 0202 0004 00000000 0203 0004 0a0a0a0a " \
	"0101 0020 0200 0004 00000001 0201 0004 c0a87a7e 0202 0004 00000000 0203 0004 0a020202"

static void
t_ls_link(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 16388, 71, false, LS1);
	assert_int_equal(w.r, 0);
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "link protocol OSPFv2 identifier 0 "
	    "local as:1,bgp_ls_id:3232266878,ospf_area:0.0.0.0,igp_router_id:10.10.10.10 "
	    "remote as:1,bgp_ls_id:3232266878,ospf_area:0.0.0.0,igp_router_id:10.2.2.2");
	assert_string_equal(w.t.buf, "type=link nlri_type=2 protocol=OSPFv2 protocol_id=3 "
	    "identifier=0 local={as=1 bgp_ls_id=3232266878 ospf_area=0.0.0.0 "
	    "igp_router_id=10.10.10.10} remote={as=1 bgp_ls_id=3232266878 ospf_area=0.0.0.0 "
	    "igp_router_id=10.2.2.2}");
	/* link descriptors: identifiers, interface and neighbor addresses, MT */
	walk(&w, 16388, 71, false, "0002 0047 02 0000000000000007 "
	    "0100 000a 0203 0006 000100000001 0101 000a 0203 0006 000100000002 "
	    "0102 0008 00000001 00000002 0103 0004 0a000000 0104 0004 0a000001 0107 0002 0002");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "link protocol IS-IS-L2 identifier 7 "
	    "local igp_router_id:0001.0000.0001 remote igp_router_id:0001.0000.0002 "
	    "link_local_id 1 link_remote_id 2 ipv4_interface 10.0.0.0 ipv4_neighbor 10.0.0.1 "
	    "mt_id 2");
}

static void
t_ls_node_prefix_srv6(void **state)
{
	struct walk w;

	(void)state;
	/* node: IS-IS pseudonode router id (7 bytes); OSPF DR (8 bytes) */
	walk(&w, 16388, 71, false, "0001 0018 02 0000000000000000 0100 000b 0203 0007 00010000000102 "
	    "0001 0019 03 0000000000000000 0100 000c 0203 0008 0a000001 0a000102");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "node protocol IS-IS-L2 identifier 0 "
	    "local igp_router_id:0001.0000.0001.02; node protocol OSPFv2 identifier 0 "
	    "local igp_router_id:10.0.0.1:10.0.1.2");
	/* IPv4 prefix 10.0.0.0/24 with OSPF route type; IPv6 prefix 2001:db8::/32 */
	walk(&w, 16388, 71, false, "0003 0022 03 0000000000000000 0100 0008 0200 0004 0000fde9 "
	    "0108 0001 01 0109 0004 18 0a0000 "
	    "0004 001e 02 0000000000000000 0100 0008 0200 0004 0000fde9 0109 0005 20 20010db8");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "ipv4-prefix protocol OSPFv2 identifier 0 local as:65001 "
	    "ospf_route_type 1 prefix 10.0.0.0/24; ipv6-prefix protocol IS-IS-L2 identifier 0 "
	    "local as:65001 prefix 2001:db8::/32");
	/* RFC 9514: SRv6 SID NLRI */
	walk(&w, 16388, 71, false, "0006 0029 02 0000000000000000 0100 0008 0200 0004 0000fde9 "
	    "0206 0010 fc000000000000010000000000000000");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "srv6-sid protocol IS-IS-L2 identifier 0 local as:65001 "
	    "srv6_sid fc00:0:0:1::");
	/* SAFI 72: the RD first; an unknown NLRI type is kept as hex, no error */
	walk(&w, 16388, 72, false, "0001 0025 0000fde900000001 03 0000000000000000 0100 0010 "
	    "0200 0004 0000fde9 0203 0004 0a000001 0063 000a 0000fde900000001 abcd");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "node rd 65001:1 protocol OSPFv2 identifier 0 "
	    "local as:65001,igp_router_id:10.0.0.1; unknown rd 65001:1 hex abcd");
}

static void
t_ls_errors(void **state)
{
	struct walk w;

	(void)state;
	/* a 3-byte AS in the node descriptors: the route is withdrawn */
	walk(&w, 16388, 71, false, "0001 0014 03 0000000000000000 0100 0007 0200 0003 00fde9");
	assert_int_equal(w.n, 1);
	err_at(&w, 17, BGP_TREAT_WITHDRAW, "autonomous-system");
	/* a link without remote node descriptors (RFC 9552 5.2.2) */
	walk(&w, 16388, 71, false, "0002 0015 03 0000000000000000 0100 0008 0200 0004 0000fde9");
	err_at(&w, 13, BGP_TREAT_WITHDRAW, "remote node descriptors");
	/* no local node descriptors at all */
	walk(&w, 16388, 71, false, "0003 0011 03 0000000000000000 0109 0004 18 0a0000");
	err_at(&w, 13, BGP_TREAT_WITHDRAW, "no local node descriptors");
	/* a descriptor TLV overrunning its NLRI */
	walk(&w, 16388, 71, false, "0001 0011 03 0000000000000000 0100 0008 0200 0004");
	err_at(&w, 13, BGP_TREAT_WITHDRAW, "overruns");
	/* a prefix longer than its length says */
	walk(&w, 16388, 71, false, "0003 001d 03 0000000000000000 0100 0008 0200 0004 0000fde9 "
	    "0109 0004 18 0a0000 ");
	assert_int_equal(w.e.n, 0);
	walk(&w, 16388, 71, false, "0003 001d 03 0000000000000000 0100 0008 0200 0004 0000fde9 "
	    "0109 0004 10 0a0000");
	err_at(&w, 25, BGP_TREAT_WITHDRAW, "ip-reachability");
	/* an NLRI length past the list: cannot be delimited, AFI/SAFI disable */
	walk(&w, 16388, 71, false, "0001 00ff 03 0000000000000000");
	assert_int_equal(w.r, -1);
	err_at(&w, 0, BGP_TREAT_AFISAFI_DISABLE, "BGP-LS");
	/* truncated before the identifier */
	walk(&w, 16388, 71, false, "0001 0004 03 000000");
	err_at(&w, 5, BGP_TREAT_WITHDRAW, "protocol and identifier");
}

static void
t_sr_policy(void **state)
{
	struct walk w;

	(void)state;
	/* ExaBGP's bgp-sr-policy-1 and -2 NLRI */
	walk(&w, 1, 73, false, "60 00000000 00000064 0a000001 60 00000001 000000c8 0a000002");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "distinguisher 0 color 100 endpoint 10.0.0.1; "
	    "distinguisher 1 color 200 endpoint 10.0.0.2");
	assert_string_equal(w.t.buf, "distinguisher=0 color=100 endpoint=10.0.0.1");
	walk(&w, 2, 73, false, "c0 00000002 0000012c 20010db8000000000000000000000001");
	assert_string_equal(w.text, "distinguisher 2 color 300 endpoint 2001:db8::1");
	/* an IPv6 endpoint under AFI 1: the route is withdrawn */
	walk(&w, 1, 73, false, "c0 00000002 0000012c 20010db8000000000000000000000001");
	err_at(&w, 1, BGP_TREAT_WITHDRAW, "not 96 bits");
	/* a length past the list */
	walk(&w, 1, 73, false, "60 00000000 00000064");
	assert_int_equal(w.r, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_ls_link),
		cmocka_unit_test(t_ls_node_prefix_srv6),
		cmocka_unit_test(t_ls_errors),
		cmocka_unit_test(t_sr_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
