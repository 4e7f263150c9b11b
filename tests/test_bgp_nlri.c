/*
 * test_bgp_nlri.c - the NLRI families that are not prefixes (bgp_nlri.c):
 * EVPN (RFC 7432, 9136, 9251), flowspec (RFC 8955, 8956; the RFCs' own
 * example encodings), RT constraint (RFC 4684), VPLS (RFC 4761, 6074),
 * MVPN (RFC 6514), MUP (draft-ietf-bess-mup-safi); their text and JSON
 * forms and the errors of malformed entries. And the EVPN and flowspec
 * extended communities.
 */
#include "nlri_walk.h"

/* ---------------------------------------------------------------- EVPN */

static void
test_evpn_macip(void **state)
{
	struct walk w;

	(void)state;
	/* ExaBGP's bgp-evpn-1 routes: no IP, then an IPv4 address */
	walk(&w, 25, 70, false,
	    "02 21 0001252c37370001 00000000000000000000 0000076d 30 fc15b4787b8f 00 000000"
	    "02 25 0001252c37370001 00000000000000000000 0000076d 30 fc15b4787b8f 20 0a2888d0 000000");
	assert_int_equal(w.r, 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text,
	    "mac-ip rd 37.44.55.55:1 esi - tag 1901 mac fc:15:b4:78:7b:8f label 0; "
	    "mac-ip rd 37.44.55.55:1 esi - tag 1901 mac fc:15:b4:78:7b:8f ip 10.40.136.208 label 0");
	assert_string_equal(w.t.buf, "type=mac-ip route_type=2 rd=37.44.55.55:1 esi=- tag=1901 "
	    "mac=fc:15:b4:78:7b:8f labels=[0] label_fields=[0]");
	/* IPv6 address and two labels (RFC 7432 7.2), a VNI-sized label field */
	walk(&w, 25, 70, false,
	    "02 34 0000fde800000001 00000000000000000000 00000000 30 020000000001"
	    " 80 20010db8000000000000000000000001 0003e8 000641");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "mac-ip rd 65000:1 esi - tag 0 mac 02:00:00:00:00:01 "
	    "ip 2001:db8::1 label 62,100");
}

static void
test_evpn_esi_types(void **state)
{
	struct walk w;

	(void)state;
	/* ESI type 1 (LACP: MAC, port key) and type 5 (AS, discriminator) */
	walk(&w, 25, 70, false,
	    "01 19 0000000100000001 01aabbccddeeff123400 00000001 000651");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "ethernet-ad rd 1:1 esi 01:aa:bb:cc:dd:ee:ff:12:34:00 tag 1 label 101");
	assert_non_null(strstr(w.t.buf, "esi_type=1 esi_kind=lacp esi_mac=aa:bb:cc:dd:ee:ff esi_port_key=4660"));
	walk(&w, 25, 70, false,
	    "01 19 0000000100000001 050000fde8000000070000 ffffffff 000000");
	assert_non_null(strstr(w.t.buf, "esi_kind=as esi_as=65000 esi_discriminator=7"));
	walk(&w, 25, 70, false,
	    "01 19 0000000100000001 040a000001000000090000 00000000 000000");
	assert_non_null(strstr(w.t.buf, "esi_kind=router-id esi_router_id=10.0.0.1 esi_discriminator=9"));
}

static void
test_evpn_types_3_4_5(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 25, 70, false, "03 11 0000000100000001 00000064 20 c0000201"
	    "04 17 0000000100000001 00112233445566778899 20 c0000202");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "multicast rd 1:1 tag 100 originator 192.0.2.1; "
	    "es rd 1:1 esi 00:11:22:33:44:55:66:77:88:99 originator 192.0.2.2");
	/* RFC 9136 3.1: IPv4 (34 octets) and IPv6 (58) */
	walk(&w, 25, 70, false, "05 22 0000fde80000000a 00000000000000000000 0000000a 18 0a0a0a00"
	    " 14141414 000000");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "ip-prefix rd 65000:10 esi - tag 10 prefix 10.10.10.0/24 "
	    "gateway 20.20.20.20 label 0");
	walk(&w, 25, 70, false, "05 3a 0000fde80000000a 00000000000000000000 00000000 40"
	    " 20010db8000000010000000000000000 00000000000000000000000000000000 0000a1");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "ip-prefix rd 65000:10 esi - tag 0 prefix 2001:db8:0:1::/64 "
	    "gateway :: label 10");
}

static void
test_evpn_types_6_8(void **state)
{
	struct walk w;

	(void)state;
	/* RFC 9251 type 6: RD, tag, source (none), group, originator, flags */
	walk(&w, 25, 70, false, "06 18 0000000100000001 00000000 00 20 e0000001 20 c0000201 02");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "smet rd 1:1 tag 0 group 224.0.0.1 originator 192.0.2.1 flags 2");
	/* type 8 of ExaBGP's vector: no flags octet (an earlier draft's layout) */
	walk(&w, 25, 70, false, "08260001252c37768ead000002001600000000030000085d0020efffffff"
	    "20252c37760000000000");
	assert_int_equal(w.e.n, 0);
	assert_non_null(strstr(w.t.buf, "flags_absent=true"));
}

static void
test_evpn_malformed(void **state)
{
	struct walk w;

	(void)state;
	/* MAC length 47: the route is treat-as-withdraw, shown as hex, the next one decodes */
	walk(&w, 25, 70, false,
	    "02 21 0000000100000001 00000000000000000000 00000001 2f 020000000001 00 000000"
	    "03 11 0000000100000001 00000064 20 c0000201");
	assert_int_equal(w.r, 0);
	assert_int_equal(w.n, 2);
	assert_true(has_err(&w, 24, BGP_TREAT_WITHDRAW, "MAC address length not 48"));
	assert_string_equal(w.text, "malformed route_type 2 hex 0x022100000001000000010000000000000000"
	    "0000000000012f02000000000100000000; multicast rd 1:1 tag 100 originator 192.0.2.1");
}

static void
test_evpn_overrun(void **state)
{
	struct walk w;

	(void)state;
	/* a length past the end: the rest cannot be delimited (AFI/SAFI disable) */
	walk(&w, 25, 70, false, "03 11 0000000100000001 00000064 20 c0000201 02 40 00");
	assert_int_equal(w.r, -1);
	assert_int_equal(w.n, 1);
	assert_true(has_err(&w, 19, BGP_TREAT_AFISAFI_DISABLE, "length 64, 1 bytes left"));
	/* an IP address length of 24 bits; an IPv4 prefix route of the wrong length */
	walk(&w, 25, 70, false,
	    "02 24 0000000100000001 00000000000000000000 00000001 30 020000000001 18 0a0000 000000");
	assert_true(has_err(&w, 31, BGP_TREAT_WITHDRAW, "IP address: length not 0, 32 or 128"));
	walk(&w, 25, 70, false, "05 21 0000fde80000000a 00000000000000000000 0000000a 18 0a0a0a00"
	    " 14141414 0000");
	assert_true(has_err(&w, 2, BGP_TREAT_WITHDRAW, "not 34 (IPv4) or 58 (IPv6)"));
	/* an unknown route type: type and hex, no error */
	walk(&w, 25, 70, false, "0b 02 abcd");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "unknown route_type 11 hex 0xabcd");
}

/* ---------------------------------------------------------------- flowspec */

static void
test_flowspec_rfc8955(void **state)
{
	struct walk w;

	(void)state;
	/* RFC 8955 4.2.3 examples: dst 10.0.1/24 proto =6 port =25; then
	 * dst 10.0.1/24, src 192/8, port =137,=139,>=8080&<=8088 */
	walk(&w, 1, 133, false, "0b 01 18 0a0001 03 81 06 04 81 19");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "dst 10.0.1.0/24 proto =6 port =25");
	assert_string_equal(w.t.buf, "components=[{type=1 name=dst value=[10.0.1.0/24]} "
	    "{type=3 name=proto value=[=6]} {type=4 name=port value=[=25]}]");
	walk(&w, 1, 133, false, "13 01 18 0a0001 02 08 c0 04 01 89 01 8b 13 1f 90 d5 1f 98");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "dst 10.0.1.0/24 src 192.0.0.0/8 port =137,=139,>=8080&<=8088");
	/* tcp-flags and fragment bitmasks: ExaBGP's bgp-flow-3 */
	walk(&w, 1, 133, false, "09 09 00 10 00 80 42 01 c2 40");
	assert_string_equal(w.text, "tcp-flags ack,cwr&!fin&!ece");
	walk(&w, 1, 133, false, "07 0c 00 04 00 02 80 09");
	assert_string_equal(w.text, "fragment first-fragment,is-fragment,dont-fragment+last-fragment");
	/* numeric false/true and an 8-octet value */
	walk(&w, 1, 133, false, "0c 0a 00 00 f7 0000000000000040");
	assert_string_equal(w.text, "length false&true");
}

static void
test_flowspec_rfc8956(void **state)
{
	struct walk w;

	(void)state;
	/* RFC 8956 3.8 examples: offsets 0, 64 and 65 */
	walk(&w, 2, 133, false, "12 01 20 00 20010db8 02 68 40 123456789a 03 81 06");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "dst 2001:db8::/32 src ::1234:5678:9a00:0/104/64 proto =6");
	walk(&w, 2, 133, false, "0f 01 20 00 20010db8 02 68 41 2468acf134");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "dst 2001:db8::/32 src ::1234:5678:9a00:0/104/65");
	/* flow label, IPv6 only; the 2-octet length (0xf0 rule) */
	walk(&w, 2, 133, false, "f0 04 0d 91 0001");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "flow-label =1");
	walk(&w, 1, 133, false, "03 0d 91 0001");
	assert_true(has_err(&w, 1, BGP_TREAT_WITHDRAW, "unknown component type"));
	/*
	 * The drafts' form (ExaBGP, ryu): 2001:db8::1/128 offset 32 written
	 * with all 16 octets. RFC 8956 reads 12 octets, then a component type
	 * 0: it cannot delimit the entry; the whole-prefix reading takes it
	 * exactly, is shown, and an error says RFC 8956 treats it as withdrawn.
	 */
	walk(&w, 2, 133, false, "16 01 80 20 20010db8000000000000000000000001 03 81 06");
	assert_int_equal(w.e.n, 1);
	assert_true(has_err(&w, 16, BGP_TREAT_WITHDRAW, "pre-RFC 8956 encoders"));
	assert_string_equal(w.text, "dst 2001:db8::1/128/32 proto =6");
	/* only when that reading takes the entry exactly: one octet more fails */
	walk(&w, 2, 133, false, "17 01 80 20 20010db8000000000000000000000001 03 81 06 00");
	assert_true(has_err(&w, 16, BGP_TREAT_WITHDRAW, "unknown component type"));
	assert_int_equal(w.e.n, 1);
	/* and never for IPv4 */
	walk(&w, 1, 133, false, "07 01 20 0a000001 00");
	assert_int_equal(w.e.n, 1);
	assert_true(has_err(&w, 7, BGP_TREAT_WITHDRAW, "unknown component type"));
}

static void
test_flowspec_vpn_l2_malformed(void **state)
{
	struct walk w;

	(void)state;
	/* SAFI 134: RD first; AFI 25: Ethernet components */
	walk(&w, 1, 134, false, "0d 0000fde9000000fa 01 18 1e0000");
	assert_string_equal(w.text, "rd 65001:250 dst 30.0.0.0/24");
	walk(&w, 25, 134, false, "18 0000006400000064 0e 92 0800 0f 06 beefcafe1eaf 15 91 07d0");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "rd 100:100 ether-type >2048 src-mac be:ef:ca:fe:1e:af vid =2000");
	/* out of order; a value past the entry; a prefix over 32 */
	walk(&w, 1, 133, false, "06 03 81 06 01 08 0a");
	assert_true(has_err(&w, 4, BGP_TREAT_WITHDRAW, "not in increasing order"));
	walk(&w, 1, 133, false, "03 04 91 01");
	assert_true(has_err(&w, 4, BGP_TREAT_WITHDRAW, "truncated operator value"));
	walk(&w, 1, 133, false, "03 01 21 0a");
	assert_true(has_err(&w, 3, BGP_TREAT_WITHDRAW, "prefix length over 32"));
	walk(&w, 1, 133, false, "f1");
	assert_int_equal(w.r, -1);
}

/*
 * RFC 8955 4.2: a value is one or more components; an entry of length 0
 * (or, SAFI 134, an RD alone) is malformed, treat-as-withdraw (RFC 8955
 * 10, RFC 7606 5.3), the error at its length octet; the next entry is
 * still read.
 */
static void
test_flowspec_empty(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 1, 133, false, "00 03 03 81 06");
	assert_int_equal(w.r, 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.e.n, 1);
	assert_true(has_err(&w, 0, BGP_TREAT_WITHDRAW, "no component (RFC 8955 4.2"));
	assert_string_equal(w.text, "malformed hex 0x00; proto =6");
	assert_string_equal(w.t.buf, "type=malformed hex=0x00");
	/* the 2-octet length form of 0 */
	walk(&w, 1, 133, false, "f000");
	assert_int_equal(w.n, 1);
	assert_true(has_err(&w, 0, BGP_TREAT_WITHDRAW, "no component (RFC 8955 4.2"));
	/* IPv6: the pre-RFC 8956 reading finds nothing either */
	walk(&w, 2, 133, false, "00");
	assert_int_equal(w.e.n, 1);
	assert_true(has_err(&w, 0, BGP_TREAT_WITHDRAW, "no component (RFC 8955 4.2"));
	/* VPN flowspec: the route distinguisher and nothing after it */
	walk(&w, 1, 134, false, "08 0000fde9000000fa 0d 0000fde9000000fa 01 18 1e0000");
	assert_int_equal(w.n, 2);
	assert_true(has_err(&w, 0, BGP_TREAT_WITHDRAW, "no component (RFC 8955 4.2"));
	assert_string_equal(w.text, "malformed hex 0x080000fde9000000fa; rd 65001:250 dst 30.0.0.0/24");
}

/* ---------------------------------------------------------------- RTC, VPLS, MVPN, MUP */

static void
test_rtc_vpls(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 1, 132, false, "60 0000fde8 0002fde800000064 00 30 0000fde8 0002");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "origin_as 65000 rt RT:65000:100; any-rt; "
	    "origin_as 65000 rt_type 0 rt_subtype 2");
	walk(&w, 1, 132, false, "10 0000");
	assert_true(has_err(&w, 1, BGP_TREAT_WITHDRAW, "not 0 or 32-96 bits"));
	walk(&w, 25, 65, false, "0011 0001c0a8c901007b 0005 0001 0008 029ce1 000c 0000000100000002 c0000201");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "vpls rd 192.168.201.1:123 ve_id 5 ve_block_offset 1 "
	    "ve_block_size 8 label_base 10702; vpls-ad rd 1:2 pe 192.0.2.1");
	walk(&w, 25, 65, false, "0010 0001c0a8c901007b 0005 0001 0008 029c");
	assert_true(has_err(&w, 2, BGP_TREAT_WITHDRAW, "not 17 (RFC 4761) or 12"));
}

/*
 * RFC 4684 4: an RT constraint of 32-96 bits is the origin AS and the
 * route target's first (length - 32) bits; below 96 they are shown field
 * by field (type, subtype, global and local administrator, RFC 4360 /
 * RFC 5668), a field cut short as "0x<octets>/<bits it has>".
 */
static void
test_rtc_prefixes(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 1, 132, false, "00 20 0000fde9 28 0000fde9 02 24 0000fde9 80");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "any-rt; origin_as 65001; origin_as 65001 rt_type 2; "
	    "origin_as 65001 rt_type_prefix 0x80/4");
	assert_string_equal(w.t.buf, "type=any-rt");
	/* 64 bits: a 2-octet AS route target's AS whole, a 4-octet AS's half */
	walk(&w, 1, 132, false, "40 0000fde9 0002fde8 40 0000fde9 02020001");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "origin_as 65001 rt_type 0 rt_subtype 2 rt_global 65000; "
	    "origin_as 65001 rt_type 2 rt_subtype 2 rt_global_prefix 0x0001/16");
	assert_string_equal(w.t.buf, "origin_as=65001 rt_type=0 rt_subtype=2 rt_global=65000");
	/* 83 bits of an IPv4-address route target; 64 of an unassigned type */
	walk(&w, 1, 132, false, "53 00000017 010201020304e0 40 00000017 0302aabb");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "origin_as 23 rt_type 1 rt_subtype 2 rt_global 1.2.3.4 "
	    "rt_local_prefix 0xe0/3; origin_as 23 rt_type 3 rt_subtype 2 rt_value_prefix 0xaabb/16");
	assert_string_equal(w.t.buf, "origin_as=23 rt_type=1 rt_subtype=2 rt_global=1.2.3.4 "
	    "rt_local_prefix=0xe0/3");
	/* 96 bits: the whole community */
	walk(&w, 1, 132, false, "60 0000fde9 0102c0000201fde9");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "origin_as 65001 rt RT:192.0.2.1:65001");
	/* 1-31 and 97 bits are not RFC 4684 lengths: withdrawn, the next read */
	walk(&w, 1, 132, false, "01 00 20 0000fde9");
	assert_true(has_err(&w, 1, BGP_TREAT_WITHDRAW, "not 0 or 32-96 bits"));
	assert_int_equal(w.n, 2);
	assert_string_equal(w.text, "malformed route_type 1 hex 0x0100; origin_as 65001");
	walk(&w, 1, 132, false, "1f 0000fde9");
	assert_true(has_err(&w, 1, BGP_TREAT_WITHDRAW, "not 0 or 32-96 bits"));
	walk(&w, 1, 132, false, "61 0000fde9 0002fde800000064 00");
	assert_true(has_err(&w, 1, BGP_TREAT_WITHDRAW, "not 0 or 32-96 bits"));
	assert_int_equal(w.n, 1);
}

static void
test_mvpn(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 1, 5, false, "01 0c 0000000100000001 0a000004 02 0c 0000000100000001 0000fde8"
	    "07 16 0000fde80001869f 0000fde8 20 0a630c02 20 effbffe4");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "intra-as-ipmsi-ad rd 1:1 originator 10.0.0.4; "
	    "inter-as-ipmsi-ad rd 1:1 source_as 65000; source-tree-join rd 65000:99999 "
	    "source_as 65000 source 10.99.12.2 group 239.251.255.228");
	/* CVE-2017-13043's shape: type 6/7 whose source length runs past the route */
	walk(&w, 1, 5, false, "06 10 0000fde80001869f 0000fde8 80 0a630c");
	assert_true(has_err(&w, 15, BGP_TREAT_WITHDRAW, "multicast source: shorter than its length"));
	walk(&w, 1, 5, false, "07 0d 0000fde80001869f 0000fde8 21");
	assert_true(has_err(&w, 14, BGP_TREAT_WITHDRAW, "multicast source: length not 0, 32 or 128"));
	walk(&w, 1, 5, false, "04 10 03 0f 0000000100000001 20 e0 0a000004");
	assert_true(has_err(&w, 4, BGP_TREAT_WITHDRAW, "route key longer than the route"));
}

static void
test_mup(void **state)
{
	struct walk w;

	(void)state;
	/* ExaBGP conf-srv6-mup.ci: ISD, DSD, type 1 and type 2 session transformed */
	walk(&w, 1, 85, false, "01 0001 0c 0000006400000064 18 0a0001"
	    "01 0002 0c 0000006400000064 0a000001"
	    "01 0003 17 0000006400000064 20 c0a80001 00003039 09 20 0a000001"
	    "01 0004 10 0000006400000064 37 0a000001 003039");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "isd rd 100:100 prefix 10.0.1.0/24; dsd rd 100:100 address 10.0.0.1; "
	    "t1st rd 100:100 prefix 192.168.0.1/32 teid 12345 qfi 9 endpoint 10.0.0.1; "
	    "t2st rd 100:100 endpoint 10.0.0.1 teid 12345 teid_bits 23");
	walk(&w, 1, 85, false, "01 0004 10 0000006400000064 50 0a000001 003039");
	assert_true(has_err(&w, 12, BGP_TREAT_WITHDRAW, "endpoint length not address"));
}

static void
test_addpath(void **state)
{
	struct walk w;

	(void)state;
	walk(&w, 25, 70, true, "00000007 03 11 0000000100000001 00000064 20 c0000201");
	assert_int_equal(w.e.n, 0);
	assert_string_equal(w.text, "multicast rd 1:1 tag 100 originator 192.0.2.1");
}

/* ---------------------------------------------------------------- extended communities */

/* One extended community: 8 octets (attribute 16) or 20 (25, RFC 5701). */
static void
ecn(const char *hex, const char *want, size_t n)
{
	uint8_t v[20];
	char buf[100];
	struct sbuf s;

	assert_int_equal(vec_hex(v, sizeof(v), hex), n);
	sbuf_init(&s, buf, sizeof(buf));
	if (n == 20)
		bgp_fmt_ipv6_ext_community(&s, v);
	else
		bgp_fmt_ext_community(&s, v);
	assert_string_equal(buf, want);
}

static void ec(const char *hex, const char *want) { ecn(hex, want, 8); }
static void ec6(const char *hex, const char *want) { ecn(hex, want, 20); }

static void
test_ext_communities(void **state)
{
	(void)state;
	/* RFC 8955 7, RFC 7674 */
	ec("8006 0000 00000000", "FS:rate:0");
	ec("8006 0000 44fa0000", "FS:rate:2000");
	ec("8006 fde8 3f000000", "FS:rate:AS65000:0.5");
	ec("800c 0000 00000000", "FS:rate-packets:0");
	ec("8007 0000 00000003", "FS:action:sample,terminal");
	ec("8007 0000 00000000", "FS:action:none");
	ec("8008 000a 0000000a", "FS:redirect-vrf:10:10");
	ec("8108 c0000201 0064", "FS:redirect-vrf:192.0.2.1:100");
	ec("8208 0000fde8 0064", "FS:redirect-vrf:65000:100");
	ec("8009 0000 00000028", "FS:mark:40");
	ec("0800 0000 00000001", "FS:redirect-ip:copy");
	ec("010c 01020304 0000", "FS:redirect-ip:1.2.3.4");
	ec("800a 13 00 05dc 006f", "l2info:19:0:1500:111");
	/* RFC 7432 7.5-7.8, RFC 9135, RFC 9012 */
	ec("0600 0100 00000007", "MM:7:sticky");
	ec("0601 0100 00000641", "ESI-label:100:single-active");
	ec("0602 aabbccddeeff", "ES-import:aa:bb:cc:dd:ee:ff");
	ec("0603 020000000001", "rmac:02:00:00:00:00:01");
	ec("030d 0000 00000000", "default-gw");
	ec("030c 0000 00000008", "encap:VXLAN");
	ec("030c 0000 000003e8", "encap:1000");
	ec("0c00 000a 0000000a", "MUP:10:10");
	/* RFC 5701 (attribute 25) */
	ec6("0002 20010db8000000000000000000000001 0007", "RT:[2001:db8::1]:7");
	ec6("000c 2a020b80000000010000000000000001 0000", "FS:redirect-ip:2a02:b80:0:1::1");
	ec6("000d 20010db8000000000000000000000001 0064", "FS:redirect-vrf:[2001:db8::1]:100");
	ec6("0099 20010db8000000000000000000000001 0064",
	    "0x009920010db80000000000000000000000010064");
	/* RFC 6514 6/7, RFC 6074 3.2.1, RFC 4577 4.2.3.1/4.2.6, RFC 8097 2 */
	ec("0009 fde8 00000000", "source-as:65000:0");
	ec("010b c0000201 0007", "VRF-import:192.0.2.1:7");
	ec("010a 0a000004 0006", "l2vpn-id:10.0.0.4:6");
	ec("0107 c0000201 0000", "OSPF-rid:192.0.2.1");
	ec("0306 00000001 05 01", "OSPF-rt:0.0.0.1:5:1");
	ec("8000 00000000 01 00", "OSPF-rt:0.0.0.0:1:0");
	ec("8001 d503e2b1 0000", "OSPF-rid:213.3.226.177");
	ec("4300 0000 00000000", "OV:valid");
	ec("4300 0000 00000001", "OV:not-found");
	ec("4300 0000 00000002", "OV:invalid");
	ec("4300 0000 00000007", "OV:7");
	/* a 0x80 type is not a 0x00 one */
	ec("8003 0001 00000002", "0x8003000100000002");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evpn_macip),
		cmocka_unit_test(test_evpn_esi_types),
		cmocka_unit_test(test_evpn_types_3_4_5),
		cmocka_unit_test(test_evpn_types_6_8),
		cmocka_unit_test(test_evpn_malformed),
		cmocka_unit_test(test_evpn_overrun),
		cmocka_unit_test(test_flowspec_rfc8955),
		cmocka_unit_test(test_flowspec_rfc8956),
		cmocka_unit_test(test_flowspec_vpn_l2_malformed),
		cmocka_unit_test(test_flowspec_empty),
		cmocka_unit_test(test_rtc_vpls),
		cmocka_unit_test(test_rtc_prefixes),
		cmocka_unit_test(test_mvpn),
		cmocka_unit_test(test_mup),
		cmocka_unit_test(test_addpath),
		cmocka_unit_test(test_ext_communities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
