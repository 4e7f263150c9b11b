/*
 * test_jw.c - the output buffer and the one JSON writer: escaping
 * (controls, quotes, invalid UTF-8 -> U+FFFD, valid UTF-8 kept), commas
 * and keys at every nesting level, a buffer smaller than the output,
 * ob_printf never cutting a line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jw.h"

struct mem {
	char *p;
	size_t n;
	FILE *fp;
	struct obuf ob;
};

static void
mem_open(struct mem *m, size_t cap)
{
	m->fp = open_memstream(&m->p, &m->n);
	assert_non_null(m->fp);
	assert_true(ob_open(&m->ob, m->fp, cap, false));
}

/* Everything written, as one string (caller frees). */
static char *
mem_close(struct mem *m)
{
	ob_close(&m->ob);
	fclose(m->fp);
	return m->p;
}

static void
check_escape(const char *in, const char *want)
{
	struct mem m;
	char *got;

	mem_open(&m, 1024);
	jw_escape(&m.ob, in);
	got = mem_close(&m);
	assert_string_equal(got, want);
	free(got);
}

static void
test_escape(void **state)
{
	(void)state;
	check_escape("plain 10.0.1.4", "\"plain 10.0.1.4\"");
	check_escape("q\"b\\", "\"q\\\"b\\\\\"");
	check_escape("a\nb\tc\rd\x01\x1f", "\"a\\nb\\tc\\rd\\u0001\\u001f\"");
	check_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* invalid: lone continuation, overlong, surrogate, above U+10FFFF, cut */
	check_escape("a\x80z", "\"a\\ufffdz\"");
	check_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	check_escape("x\xe2\x82", "\"x\\ufffd\\ufffd\"");
}

/* Raw output a terminal cannot be steered by (what jq -r would print is
 * another matter: that is why the controls must be \u escapes here). */
static bool
raw_safe(const char *o)
{
	const uint8_t *p = (const uint8_t *)o;
	size_t n = strlen(o), i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = sbuf_utf8_decode(p + i, n - i, &cp);
		if (k == 0 || sbuf_cp_control(cp))
			return false;
		i += k;
	}
	return true;
}

/* Every byte value and every code point: controls (C0, DEL, C1, bidi...)
 * as \u escapes, invalid bytes as \ufffd, other code points as they are. */
static void
test_escape_all(void **state)
{
	char in[8], want[32];
	struct mem m;
	char *got;

	(void)state;
	check_escape("\xc2\x9b[2J\xe2\x80\xae\xe2\x81\xa6\x7f", "\"\\u009b[2J\\u202e\\u2066\\u007f\"");
	for (unsigned b = 1; b < 256; b++) {
		in[0] = (char)b, in[1] = '\0';
		mem_open(&m, 64);
		jw_escape(&m.ob, in);
		got = mem_close(&m);
		assert_true(raw_safe(got));
		if (b >= 0x80)
			assert_string_equal(got, "\"\\ufffd\"");
		free(got);
	}
	for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x800)
			in[0] = (char)(0xC0 | cp >> 6), in[1] = (char)(0x80 | (cp & 0x3F)), in[2] = 0;
		else if (cp < 0x10000)
			in[0] = (char)(0xE0 | cp >> 12), in[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
			in[2] = (char)(0x80 | (cp & 0x3F)), in[3] = 0;
		else
			in[0] = (char)(0xF0 | cp >> 18), in[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
			in[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), in[3] = (char)(0x80 | (cp & 0x3F)), in[4] = 0;
		mem_open(&m, 64);
		jw_escape(&m.ob, in);
		got = mem_close(&m);
		assert_true(raw_safe(got));
		if (sbuf_cp_control(cp)) {
			snprintf(want, sizeof(want), "\"\\u%04x\"", (unsigned)cp);
			assert_string_equal(got, want);
		} else {
			assert_int_equal(strlen(got), strlen(in) + 2);
			assert_memory_equal(got + 1, in, strlen(in));
		}
		free(got);
	}
}

/* ob_printf never cuts a piece: not near the end of the buffer (it cut
 * when less than 512 bytes were left), not larger than the buffer. */
static void
test_printf_whole(void **state)
{
	static char big[5000], mid[700];
	struct mem m;
	char *got;

	(void)state;
	memset(big, 'b', sizeof(big) - 1);
	memset(mid, 'm', sizeof(mid) - 1);
	mem_open(&m, 1024);
	for (int i = 0; i < 1000; i++)
		ob_putc(&m.ob, 'x');
	ob_printf(&m.ob, "<%s>", mid);
	ob_printf(&m.ob, "[%s]", big);
	ob_printf(&m.ob, "%s", "end");
	got = mem_close(&m);
	assert_int_equal(strlen(got), 1000 + 701 + 5001 + 3);
	assert_int_equal(got[1000], '<');
	assert_int_equal(got[1000 + 700], '>');
	assert_int_equal(got[1701], '[');
	assert_int_equal(got[1701 + 5000], ']');
	assert_string_equal(got + 1701 + 5001, "end");
	free(got);
}

static void
test_nesting(void **state)
{
	struct mem m;
	struct jw j;
	char *got;

	(void)state;
	mem_open(&m, 1024);
	jw_init(&j, &m.ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "report");
	jw_ku64(&j, "n", 18446744073709551615ull);
	jw_knull(&j, "cause");
	jw_key(&j, "list");
	jw_arr_begin(&j);
	jw_str(&j, "a");
	jw_obj_begin(&j);
	jw_kbool(&j, "up", false);
	jw_key(&j, "e");
	jw_arr_begin(&j);
	jw_arr_end(&j);
	jw_obj_end(&j);
	jw_u64(&j, 0);
	jw_arr_end(&j);
	jw_key(&j, "time");
	jw_str_begin(&j);
	ob_put(&m.ob, "12:00:00");
	jw_str_end(&j);
	emit_kstr(jw_emit(&j), "via", "emit");
	jw_obj_end(&j);
	jw_eol(&j);
	got = mem_close(&m);
	assert_string_equal(got, "{\"type\":\"report\",\"n\":18446744073709551615,\"cause\":null,"
	    "\"list\":[\"a\",{\"up\":false,\"e\":[]},0],\"time\":\"12:00:00\",\"via\":\"emit\"}\n");
	free(got);
}

/* Output far larger than the buffer arrives whole and in order. */
static void
test_small_buffer(void **state)
{
	struct mem m;
	struct jw j;
	char *got, big[3000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	mem_open(&m, 16);           /* raised to the minimum, 1024 */
	jw_init(&j, &m.ob);
	jw_arr_begin(&j);
	for (int i = 0; i < 500; i++)
		jw_u64(&j, (uint64_t)i);
	jw_str(&j, big);
	jw_arr_end(&j);
	got = mem_close(&m);
	assert_int_equal(strlen(got), 1 + 1390 + 499 + 1 + 1 + 2999 + 1 + 1);
	assert_memory_equal(got, "[0,1,2,", 7);
	assert_memory_equal(got + strlen(got) - 4, "xx\"]", 4);
	free(got);
}

/* ob_printf never cuts: a line that does not fit the free space (here 1024
 * - 600 bytes) is formatted again after a flush; one longer than the whole
 * buffer goes straight to the FILE, after what was buffered. */
static void
test_printf_fits(void **state)
{
	char pad[601], line[801], huge[3001], *got;
	struct mem m;

	(void)state;
	memset(pad, 'p', 600);
	pad[600] = '\0';
	memset(line, 'l', 800);
	line[800] = '\0';
	memset(huge, 'h', 3000);
	huge[3000] = '\0';
	mem_open(&m, 1024);
	ob_put(&m.ob, pad);
	ob_printf(&m.ob, "<%s>", line);
	ob_printf(&m.ob, "[%s]", huge);
	ob_printf(&m.ob, "%d", 42);
	got = mem_close(&m);
	assert_int_equal(strlen(got), 600 + 802 + 3002 + 2);
	assert_memory_equal(got + 600, "<l", 2);
	assert_memory_equal(got + 1400, "l>[h", 4);
	assert_string_equal(got + 600 + 802 + 3002, "42");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_all),
		cmocka_unit_test(test_printf_whole),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_printf_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
