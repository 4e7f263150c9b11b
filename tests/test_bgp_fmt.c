/*
 * test_bgp_fmt.c - value formatting: the IPv6 formatter against the C
 * library's inet_ntop (RFC 5952 forms, IPv4-mapped and -compatible tails),
 * and fixed vectors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "bgp.h"
#include "sbuf.h"
#include "bgp_fmt.h"

static const char *
v6(const char *text, char *buf, size_t len)
{
	uint8_t a[16];
	struct sbuf s;

	assert_int_equal(inet_pton(AF_INET6, text, a), 1);
	sbuf_init(&s, buf, len);
	sbuf_ipv6(&s, a);
	return buf;
}

static void
test_ipv6_vectors(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(v6("::", b, sizeof(b)), "::");
	assert_string_equal(v6("::1", b, sizeof(b)), "::1");
	assert_string_equal(v6("2001:db8::1", b, sizeof(b)), "2001:db8::1");
	assert_string_equal(v6("2001:db8:0:0:1:0:0:1", b, sizeof(b)), "2001:db8::1:0:0:1");
	assert_string_equal(v6("2001:0:0:1:0:0:0:1", b, sizeof(b)), "2001:0:0:1::1");
	assert_string_equal(v6("2001:db8:1:2:3:4:5:0", b, sizeof(b)), "2001:db8:1:2:3:4:5:0");
	assert_string_equal(v6("fe80::1ff:fe01:0", b, sizeof(b)), "fe80::1ff:fe01:0");
	assert_string_equal(v6("::ffff:203.0.113.23", b, sizeof(b)), "::ffff:203.0.113.23");
	assert_string_equal(v6("2001:db8:1::", b, sizeof(b)), "2001:db8:1::");
	/* truncation is reported, never an overflow */
	{
		struct sbuf s;
		uint8_t a[16];
		char small[8];

		memset(a, 0x11, sizeof(a));
		sbuf_init(&s, small, sizeof(small));
		sbuf_ipv6(&s, a);
		assert_true(s.trunc);
		assert_int_equal(strlen(small), 7);
	}
}

/* 200,000 random and structured addresses: the same text as inet_ntop */
static void
test_ipv6_vs_inet_ntop(void **state)
{
	uint8_t a[16];
	char ref[64], got[64];
	struct sbuf s;

	(void)state;
	srand(5952);
	for (long k = 0; k < 200000; k++) {
		int m = rand() % 8;

		for (int i = 0; i < 16; i++)
			a[i] = (uint8_t)rand();
		for (int i = 0; i < 8; i++)
			if (rand() % 8 < m)
				a[2 * i] = a[2 * i + 1] = 0;
		if (k % 7 == 0) {
			memset(a, 0, 10);
			a[10] = a[11] = 0xff;
		}
		if (k % 11 == 0)
			memset(a, 0, 12);
		if (k % 13 == 0) {
			memset(a, 0, 16);
			a[15] = (uint8_t)(rand() % 3);
		}
		assert_non_null(inet_ntop(AF_INET6, a, ref, sizeof(ref)));
		sbuf_init(&s, got, sizeof(got));
		sbuf_ipv6(&s, a);
		assert_string_equal(got, ref);
	}
}

/*
 * sbuf_prefix: the same text as inet_ntop and "/%u" for random addresses of
 * both families and every length 0..255 (a length over 128 is not a prefix
 * but must still print as its number), into buffers of every size from 1 to
 * 80: whole when it fits, else cut with trunc set and never written past.
 */
static void
test_prefix_vs_inet_ntop(void **state)
{
	uint8_t a[16];
	char ref[96], got[96];
	struct sbuf s;

	(void)state;
	srand(4632);
	for (long k = 0; k < 60000; k++) {
		bool six = k & 1;
		unsigned plen = (unsigned)(k / 2) % 256;
		size_t cap = 1 + (size_t)(k % 80), want;

		for (int i = 0; i < 16; i++)
			a[i] = (uint8_t)(rand() % 3 ? rand() : 0);
		assert_non_null(inet_ntop(six ? AF_INET6 : AF_INET, a, ref, 64));
		snprintf(ref + strlen(ref), 8, "/%u", plen);
		want = strlen(ref);
		memset(got, 'x', sizeof(got));
		sbuf_init(&s, got, cap);
		sbuf_prefix(&s, six, a, plen);
		assert_int_equal(s.trunc, want >= cap);
		assert_int_equal(s.len, want < cap ? want : cap - 1);
		assert_memory_equal(got, ref, s.len);
		assert_int_equal(got[s.len], '\0');
		for (size_t i = cap; i < sizeof(got); i++)
			assert_int_equal(got[i], 'x');
	}
}

/* extended communities: one vector per form (RFC 4360, 5668, 7153, 7432,
 * 8955, 9012, draft-ietf-idr-link-bandwidth) */
static void
test_ext_community_forms(void **state)
{
	static const struct { uint8_t v[8]; const char *want; } T[] = {
		{ { 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 1 }, "RT:65000:1" },
		{ { 0x40, 0x02, 0xfd, 0xe8, 0, 0, 0, 1 }, "RT:65000:1" },   /* non-transitive */
		{ { 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 9 }, "OSPF-domain:1:9" },
		{ { 0x00, 0x08, 0xfd, 0xe9, 0, 0, 1, 0 }, "bgp-data-collection:65001:256" },
		{ { 0x01, 0x03, 192, 0, 2, 1, 0, 7 }, "SoO:192.0.2.1:7" },
		{ { 0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0, 1 }, "RT:4200000001:1" },
		{ { 0x03, 0x0c, 0, 0, 0, 0, 0, 8 }, "encap:VXLAN" },
		{ { 0x03, 0x0b, 0, 0, 0, 0, 0, 100 }, "color:100" },
		{ { 0x06, 0x00, 0, 0, 0, 0, 0, 5 }, "MM:5" },
		{ { 0x06, 0x03, 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 }, "rmac:02:42:ac:11:00:02" },
		{ { 0x80, 0x08, 0xfd, 0xe8, 0, 0, 0, 3 }, "FS:redirect-vrf:65000:3" },
		{ { 0x08, 0x00, 0, 0, 0, 0, 0, 1 }, "FS:redirect-ip:copy" },
		{ { 0x80, 0x06, 0, 0, 0x4e, 0x6e, 0x6b, 0x28 }, "FS:rate:1000000000" },
		{ { 0x40, 0x04, 0xfd, 0xe8, 0x49, 0x74, 0x24, 0x00 }, "LB:65000:0x49742400" },
		{ { 0x00, 0x04, 0xfd, 0xe8, 0x49, 0x74, 0x24, 0x00 }, "0x0004fde849742400" },
		{ { 0x99, 0x99, 0, 0, 0, 0, 0, 1 }, "0x9999000000000001" },
	};
	char buf[64];
	struct sbuf s;

	(void)state;
	for (size_t i = 0; i < sizeof(T) / sizeof(T[0]); i++) {
		sbuf_init(&s, buf, sizeof(buf));
		bgp_fmt_ext_community(&s, T[i].v);
		assert_string_equal(buf, T[i].want);
	}
}

/* IPv4 and numbers without printf: the same text as snprintf, for every
 * octet value in every position and numbers at each digit boundary; cut
 * at every buffer size exactly as snprintf cuts (and `trunc` set) */
static void
test_ipv4_u32_vs_printf(void **state)
{
	static const uint32_t nums[] = { 0, 9, 10, 99, 100, 999, 1000, 65535, 65536,
	    99999999, 100000000, 999999999, 1000000000, 4294967295u };
	char buf[32], ref[32];
	struct sbuf s;

	(void)state;
	for (unsigned v = 0; v < 256; v++)
		for (int pos = 0; pos < 4; pos++) {
			uint8_t a[4] = { 192, 0, 2, 1 };

			a[pos] = (uint8_t)v;
			snprintf(ref, sizeof(ref), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
			sbuf_init(&s, buf, sizeof(buf));
			sbuf_ipv4(&s, a);
			assert_string_equal(buf, ref);
			assert_int_equal(s.len, strlen(ref));
			for (size_t cap = 1; cap <= strlen(ref); cap++) {
				char small[32];

				sbuf_init(&s, small, cap);
				sbuf_ipv4(&s, a);
				assert_true(s.trunc);
				assert_int_equal(s.len, cap - 1);
				assert_memory_equal(small, ref, cap - 1);
				assert_int_equal(small[cap - 1], '\0');
			}
		}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		snprintf(ref, sizeof(ref), "x%u", nums[i]);
		sbuf_init(&s, buf, sizeof(buf));
		sbuf_put(&s, "x");
		sbuf_u32(&s, nums[i]);
		assert_string_equal(buf, ref);
		assert_false(s.trunc);
	}
}

/* the UTF-8 validator: RFC 3629 boundaries */
static void
test_utf8(void **state)
{
	(void)state;
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"a", 1), 1);
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xc3\xa9", 2), 2);
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xc3\xa9", 1), 0);   /* cut */
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xc0\x80", 2), 0);   /* overlong */
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xed\xa0\x80", 3), 0); /* surrogate */
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xf4\x8f\xbf\xbf", 4), 4);
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\xe2\x82", 4), 0);   /* NUL stops */
	assert_int_equal(sbuf_utf8_seq((const uint8_t *)"\x80", 1), 0);
	assert_true(sbuf_utf8_valid((const uint8_t *)"caf\xc3\xa9 \xe2\x82\xac", 9));
	assert_false(sbuf_utf8_valid((const uint8_t *)"caf\xc3", 4));
	assert_true(sbuf_utf8_valid((const uint8_t *)"", 0));
}

/* UTF-8 of cp into u (1..4 bytes), no validity check. */
static size_t
enc(uint32_t cp, uint8_t *u)
{
	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (uint8_t)(0xC0 | cp >> 6);
		u[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (uint8_t)(0xE0 | cp >> 12);
		u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (uint8_t)(0xF0 | cp >> 18);
	u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

/* Output a terminal cannot be steered by: valid UTF-8 with no control. */
static bool
terminal_safe(const char *o)
{
	const uint8_t *p = (const uint8_t *)o;
	size_t n = strlen(o), i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = sbuf_utf8_decode(p + i, n - i, &cp);
		if (k == 0 || sbuf_cp_control(cp) || cp == 0x9b || cp == 0x9d)
			return false;
		i += k;
	}
	return true;
}

static void
fmt(const uint8_t *p, size_t n, char *out, size_t cap)
{
	struct sbuf s;

	sbuf_init(&s, out, cap);
	bgp_fmt_text(&s, p, n);
	assert_false(s.trunc);
}

/* Every byte value alone and inside text: escaped unless printable ASCII. */
static void
test_text_every_byte(void **state)
{
	char out[64], want[64];
	uint8_t in[3];

	(void)state;
	for (unsigned b = 0; b < 256; b++) {
		in[0] = 'a', in[1] = (uint8_t)b, in[2] = 'z';
		fmt(in, 3, out, sizeof(out));
		assert_true(terminal_safe(out));
		if (b == '\\' || b == '"')
			snprintf(want, sizeof(want), "a\\%cz", b);
		else if (b >= 0x20 && b < 0x7f)
			snprintf(want, sizeof(want), "a%cz", b);
		else
			snprintf(want, sizeof(want), "a\\x%02xz", b);
		assert_string_equal(out, want);
	}
}

/* Every code point: the controls come out as \uXXXX (C0/DEL as \xNN),
 * everything else printable kept byte for byte. */
static void
test_text_every_code_point(void **state)
{
	static const uint32_t must[] = { 0x80, 0x85, 0x9b, 0x9c, 0x9d, 0x9f, 0x200e, 0x200f,
	    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069 };
	char out[64], want[64];
	uint8_t u[4];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
		assert_true(sbuf_cp_control(must[i]));
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = enc(cp, u);
		fmt(u, n, out, sizeof(out));
		assert_true(terminal_safe(out));
		if (cp == '\\' || cp == '"')
			continue;
		if (!sbuf_cp_control(cp)) {
			assert_memory_equal(out, u, n);
			assert_int_equal(strlen(out), n);
			continue;
		}
		snprintf(want, sizeof(want), cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
		assert_string_equal(out, want);
	}
	/* surrogates, overlong and cut forms: each byte escaped */
	fmt((const uint8_t *)"\xed\xa0\x80\xc0\x9b\xc2", 6, out, sizeof(out));
	assert_string_equal(out, "\\xed\\xa0\\x80\\xc0\\x9b\\xc2");
}

/* Random byte strings: whatever comes in, nothing raw comes out. */
static void
test_text_random(void **state)
{
	uint8_t in[16];
	char out[16 * 6 + 1];
	uint32_t x = 2463534242u;

	(void)state;
	for (int r = 0; r < 200000; r++) {
		for (size_t i = 0; i < sizeof(in); i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			in[i] = (uint8_t)x;
		}
		fmt(in, sizeof(in), out, sizeof(out));
		assert_true(terminal_safe(out));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_vectors),
		cmocka_unit_test(test_ipv6_vs_inet_ntop),
		cmocka_unit_test(test_prefix_vs_inet_ntop),
		cmocka_unit_test(test_ipv4_u32_vs_printf),
		cmocka_unit_test(test_ext_community_forms),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_text_every_byte),
		cmocka_unit_test(test_text_every_code_point),
		cmocka_unit_test(test_text_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
