/*
 * test_bgp_fmt.c - value formatting: the IPv6 formatter against the C
 * library's inet_ntop (RFC 5952 forms, IPv4-mapped and -compatible tails),
 * and fixed vectors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "bgp.h"
#include "sbuf.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_vectors),
		cmocka_unit_test(test_ipv6_vs_inet_ntop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
