/*
 * test_asregex.c - FRR/Cisco AS-path regular expressions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "asregex.h"

static bool
m(const char *re, const char *path)
{
	char err[256];
	struct asre *h = asre_compile(re, err, sizeof(err));
	bool r;

	if (h == NULL)
		fail_msg("compile '%s': %s", re, err);
	r = asre_match(h, path);
	asre_free(h);
	return r;
}

static void
test_anchored(void **state)
{
	(void)state;
	assert_true(m("^65001$", "65001"));
	assert_false(m("^65001$", "65001 65002"));
	assert_false(m("^65001$", "165001"));
	assert_false(m("^65001$", ""));
}

static void
test_boundary(void **state)
{
	(void)state;
	assert_true(m("_65515_", "65515 12076 65020"));
	assert_true(m("_65515_", "65515"));
	assert_true(m("_65515_", "1 65515"));
	assert_true(m("_65515_", "1 65515 2"));
	assert_false(m("_65515_", "165515 2"));
	assert_false(m("_65515_", "655150"));
	assert_true(m("_1_", "{1,2}"));
	assert_true(m("_2_", "{1,2}"));
	assert_true(m("_65000_", "(65000 65001) 65002"));
	assert_true(m("_65001_", "(65000 65001) 65002"));
	assert_true(m("_65002$", "(65000 65001) 65002"));
	assert_true(m("_7_", "[7,8] 9"));
	assert_false(m("_0_", "65001 100"));
	assert_true(m("_0_", "65001 0 100"));
}

static void
test_ranges(void **state)
{
	const char *re = "_1310[0-6][0-9]_|_13107[0-1]_";

	(void)state;
	assert_true(m(re, "65001 131000"));
	assert_true(m(re, "131069"));
	assert_true(m(re, "1 131071 2"));
	assert_false(m(re, "131072"));
	assert_false(m(re, "65001 13100"));
	assert_false(m(re, "1310000"));
}

static void
test_prefix_any(void **state)
{
	(void)state;
	assert_true(m("^65", "65001"));
	assert_true(m("^65", "65515 12076 65020"));
	assert_false(m("^65", "12076 65020"));
	assert_true(m(".*", "65001"));
	assert_true(m(".*", ""));
	assert_true(m("^$", ""));
	/* '_' inside a bracket expression is a literal */
	assert_false(m("[_]", "65001 2"));
}

static void
test_errors(void **state)
{
	char err[256];

	(void)state;
	assert_null(asre_compile("(65001", err, sizeof(err)));
	assert_non_null(strstr(err, "(65001"));
	assert_null(asre_compile("", err, sizeof(err)));
	assert_false(asre_match(NULL, "65001"));
	asre_free(NULL);
}

/*
 * Back-references (FRR has none; glibc's are exponential) and patterns
 * whose automaton would explode are refused at compile time; escaped
 * digits in brackets and bounded intervals still work.
 */
static void
test_bounds(void **state)
{
	char err[256], big[600];
	struct timespec t0, t1;

	(void)state;
	assert_null(asre_compile("^(6500[0-9])_\\1$", err, sizeof(err)));
	assert_non_null(strstr(err, "back-references (\\1 to \\9) are not supported"));
	assert_null(asre_compile("(.*)(.*)\\2\\1", err, sizeof(err)));
	assert_non_null(strstr(err, "back-reference"));
	assert_null(asre_compile("((6{1,100}){1,100}){1,100}", err, sizeof(err)));
	assert_non_null(strstr(err, "repetition"));
	assert_null(asre_compile("6{99999999999999999999}", err, sizeof(err)));
	memset(big, '6', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(asre_compile(big, err, sizeof(err)));
	assert_non_null(strstr(err, "longer than"));
	/* allowed: a literal backslash-digit inside brackets, small intervals */
	assert_true(m("^[\\1]*$", "11"));
	assert_true(m("^(65001_){2,3}$", "65001 65001 65001"));
	assert_true(m("^([0-9]+_){1,10}65515$", "1 2 3 65515"));
	/* nested repetition: minutes in glibc on a 255-character path */
	assert_null(asre_compile("^((.*)*_){1,30}(.*)*x(.*)*$", err, sizeof(err)));
	assert_non_null(strstr(err, "nested repetition"));
	assert_null(asre_compile("((.*)_){1,11}x", err, sizeof(err)));
	assert_null(asre_compile("(._){1,101}x", err, sizeof(err)));
	assert_true(m("^([0-9]+_){1,10}65515$", "1 2 3 65515"));
	assert_true(m("^65001(_[0-9]+)*$", "65001 2 3"));
	assert_true(m("^(65001_)+$", "65001 65001"));
	assert_true(m("^(6[0-9]+_)*65515$", "65001 65002 65515"));
	/* the worst patterns allowed, on the longest path text matched (the
	 * report's AS path is 255 characters at most): 100 matches quickly */
	static const char *const worst[] = {
		"(._){1,100}x", ".*_.*_.*_.*_.*_.*_.*_.*_x", "((^| )(6|5)_){1,100}.*x",
		"(_(65001|65002)_.*){1,10}x", "^((.*)_){1,10}(.*)*x(.*)*$",
		"(.*_){1,3}(.*_){1,3}.*x", "((.*)*_)*(.*)*x(.*)*$",
	};
	char path[256];
	size_t n = 0;

	while (n + 7 < sizeof(path))
		n += (size_t)snprintf(path + n, sizeof(path) - n, "65001 ");
	path[n - 1] = '\0';
	for (size_t w = 0; w < sizeof(worst) / sizeof(worst[0]); w++) {
		struct asre *h = asre_compile(worst[w], err, sizeof(err));

		if (h == NULL)
			fail_msg("compile '%s': %s", worst[w], err);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < 100; i++)
			assert_false(asre_match(h, path));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		asre_free(h);
		/* generous: about 2 s each when the counts were unbounded */
		assert_true((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 < 5.0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchored),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_prefix_any),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
