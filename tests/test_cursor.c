/* test_cursor.c - the bounds-checked reader (dissectors/cursor.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cursor.h"

static const uint8_t B[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

static void
t_init(void **state)
{
	struct cur c;

	(void)state;
	cur_init(&c, B, sizeof(B));
	assert_ptr_equal(c.base, B);
	assert_ptr_equal(c.p, B);
	assert_int_equal(cur_left(&c), 9);
	assert_int_equal(cur_off(&c), 0);
}

static void
t_u8(void **state)
{
	struct cur c;
	uint8_t v = 0xAA;

	(void)state;
	cur_init(&c, B, 1);
	assert_true(cur_u8(&c, &v));
	assert_int_equal(v, 0x01);
	assert_int_equal(cur_left(&c), 0);
	assert_int_equal(cur_off(&c), 1);
	v = 0xAA;
	assert_false(cur_u8(&c, &v));
	assert_int_equal(v, 0xAA);
	assert_int_equal(cur_off(&c), 1);
	cur_init(&c, B, 0);
	assert_false(cur_u8(&c, &v));
	assert_int_equal(cur_off(&c), 0);
}

static void
t_u16(void **state)
{
	struct cur c;
	uint16_t v = 0xBEEF;

	(void)state;
	cur_init(&c, B, 2);
	assert_true(cur_u16(&c, &v));
	assert_int_equal(v, 0x0102);
	assert_int_equal(cur_left(&c), 0);
	cur_init(&c, B, 1);
	v = 0xBEEF;
	assert_false(cur_u16(&c, &v));
	assert_int_equal(v, 0xBEEF);
	assert_int_equal(cur_off(&c), 0);
	assert_int_equal(cur_left(&c), 1);
}

static void
t_u24(void **state)
{
	struct cur c;
	uint32_t v = 0xDEADBEEF;

	(void)state;
	cur_init(&c, B, 3);
	assert_true(cur_u24(&c, &v));
	assert_int_equal(v, 0x010203);
	assert_int_equal(cur_left(&c), 0);
	cur_init(&c, B, 2);
	v = 0xDEADBEEF;
	assert_false(cur_u24(&c, &v));
	assert_int_equal(v, 0xDEADBEEF);
	assert_int_equal(cur_off(&c), 0);
	/* high bit set: no sign extension */
	{
		static const uint8_t h[] = { 0xff, 0xfe, 0xfd };
		cur_init(&c, h, 3);
		assert_true(cur_u24(&c, &v));
		assert_int_equal(v, 0xfffefd);
	}
}

static void
t_u32(void **state)
{
	struct cur c;
	uint32_t v = 7;
	static const uint8_t h[] = { 0xfa, 0x56, 0xea, 0x01 };

	(void)state;
	cur_init(&c, B, 4);
	assert_true(cur_u32(&c, &v));
	assert_int_equal(v, 0x01020304);
	assert_int_equal(cur_left(&c), 0);
	cur_init(&c, B, 3);
	v = 7;
	assert_false(cur_u32(&c, &v));
	assert_int_equal(v, 7);
	assert_int_equal(cur_left(&c), 3);
	cur_init(&c, h, 4);
	assert_true(cur_u32(&c, &v));
	assert_int_equal(v, 4200000001u);
}

static void
t_u64(void **state)
{
	struct cur c;
	uint64_t v = 7;
	static const uint8_t h[] = { 0xff, 0, 0, 0, 0, 0, 0, 0x01 };

	(void)state;
	cur_init(&c, B, 8);
	assert_true(cur_u64(&c, &v));
	assert_true(v == 0x0102030405060708ULL);
	assert_int_equal(cur_left(&c), 0);
	/* 7 bytes: the first half would fit, the read must still not advance */
	cur_init(&c, B, 7);
	v = 7;
	assert_false(cur_u64(&c, &v));
	assert_true(v == 7);
	assert_int_equal(cur_off(&c), 0);
	assert_int_equal(cur_left(&c), 7);
	cur_init(&c, h, 8);
	assert_true(cur_u64(&c, &v));
	assert_true(v == 0xff00000000000001ULL);
}

static void
t_bytes_copy_skip(void **state)
{
	struct cur c;
	const uint8_t *p = NULL;
	uint8_t d[4] = { 0 };

	(void)state;
	cur_init(&c, B, 4);
	assert_false(cur_bytes(&c, 5, &p));
	assert_null(p);
	assert_int_equal(cur_off(&c), 0);
	assert_true(cur_bytes(&c, 4, &p));
	assert_ptr_equal(p, B);
	assert_int_equal(cur_left(&c), 0);
	assert_true(cur_bytes(&c, 0, &p));

	cur_init(&c, B, 4);
	assert_false(cur_copy(&c, d, 5));
	assert_int_equal(d[0], 0);
	assert_int_equal(cur_off(&c), 0);
	assert_true(cur_copy(&c, d, 4));
	assert_memory_equal(d, B, 4);
	assert_int_equal(cur_left(&c), 0);

	cur_init(&c, B, 4);
	assert_false(cur_skip(&c, 5));
	assert_int_equal(cur_off(&c), 0);
	assert_true(cur_skip(&c, 4));
	assert_int_equal(cur_off(&c), 4);
	assert_false(cur_skip(&c, 1));
	assert_true(cur_skip(&c, 0));
}

static void
t_sub(void **state)
{
	struct cur c, s, s2;
	uint8_t v;
	uint16_t v16;

	(void)state;
	cur_init(&c, B, sizeof(B));
	assert_true(cur_skip(&c, 2));
	/* sub-cursor of 3 bytes at offset 2 */
	assert_true(cur_sub(&c, 3, &s));
	assert_ptr_equal(s.base, B);
	assert_int_equal(cur_off(&s), 2);
	assert_int_equal(cur_left(&s), 3);
	assert_int_equal(cur_off(&c), 5);
	assert_int_equal(cur_left(&c), 4);
	/* reads are bounded by the sub-cursor, not the parent */
	assert_true(cur_u16(&s, &v16));
	assert_int_equal(v16, 0x0304);
	assert_int_equal(cur_off(&s), 4);
	assert_false(cur_u16(&s, &v16));
	assert_int_equal(cur_off(&s), 4);
	assert_true(cur_u8(&s, &v));
	assert_int_equal(v, 0x05);
	assert_false(cur_u8(&s, &v));
	assert_int_equal(cur_off(&s), 5);
	/* nested: offsets stay relative to the same base */
	assert_true(cur_sub(&c, 4, &s));
	assert_true(cur_skip(&s, 1));
	assert_true(cur_sub(&s, 2, &s2));
	assert_int_equal(cur_off(&s2), 6);
	assert_ptr_equal(s2.base, B);
	assert_int_equal(cur_off(&s), 8);
	/* too long: fails, parent does not move, sub untouched */
	cur_init(&c, B, 4);
	s.p = NULL;
	assert_false(cur_sub(&c, 5, &s));
	assert_null(s.p);
	assert_int_equal(cur_off(&c), 0);
	/* exactly the rest */
	assert_true(cur_sub(&c, 4, &s));
	assert_int_equal(cur_left(&s), 4);
	assert_int_equal(cur_left(&c), 0);
	/* empty */
	assert_true(cur_sub(&c, 0, &s));
	assert_int_equal(cur_left(&s), 0);
	assert_int_equal(cur_off(&s), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_init),
		cmocka_unit_test(t_u8),
		cmocka_unit_test(t_u16),
		cmocka_unit_test(t_u24),
		cmocka_unit_test(t_u32),
		cmocka_unit_test(t_u64),
		cmocka_unit_test(t_bytes_copy_skip),
		cmocka_unit_test(t_sub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
