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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchored),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_prefix_any),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
