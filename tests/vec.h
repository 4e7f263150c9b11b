/*
 * vec.h - shared helpers for the dissector unit tests: byte vectors from
 * hex strings, whole BGP messages, a recording emitter, error lookups.
 */
#ifndef BGPCAP_TESTS_VEC_H
#define BGPCAP_TESTS_VEC_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bgp.h"
#include "bgp_fmt.h"
#include "emit.h"

/* ---------------------------------------------------------------- bytes */

static inline int
vec_nib(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex (spaces, ':' and '.' ignored) into out; returns the byte count. */
static inline size_t
vec_hex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;

		if (*hex == ' ' || *hex == ':' || *hex == '.' || *hex == '\n' || *hex == '\t')
			continue;
		v = vec_nib(*hex);
		assert_true(v >= 0);
		if (hi < 0) {
			hi = v;
			continue;
		}
		assert_true(n < cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	assert_true(hi < 0); /* whole bytes only */
	return n;
}

/* A whole message: 16 x 0xff, length, type, body. Returns its length. */
static inline size_t
vec_msg(uint8_t *out, size_t cap, uint8_t type, const char *bodyhex)
{
	size_t n;

	assert_true(cap >= BGP_HDR_LEN);
	memset(out, 0xff, BGP_MARKER_LEN);
	n = vec_hex(out + BGP_HDR_LEN, cap - BGP_HDR_LEN, bodyhex) + BGP_HDR_LEN;
	out[16] = (uint8_t)(n >> 8);
	out[17] = (uint8_t)n;
	out[18] = type;
	return n;
}

/* Header of a message whose body is already in place (length n). */
static inline void
vec_hdr(uint8_t *out, size_t n, uint8_t type)
{
	memset(out, 0xff, BGP_MARKER_LEN);
	out[16] = (uint8_t)(n >> 8);
	out[17] = (uint8_t)n;
	out[18] = type;
}

/* ---------------------------------------------------------------- errors */

/* Index of the first error at offset off with treatment treat, or -1. */
static inline int
vec_err_find(const struct bgp_errs *e, uint32_t off, uint8_t treat)
{
	for (unsigned i = 0; i < e->n; i++)
		if (e->e[i].off == off && e->e[i].treat == treat)
			return (int)i;
	return -1;
}

/* Assert that an error (off, code, subcode, treat) was reported. */
#define assert_err(errs, off_, code_, sub_, treat_) do { \
	bool found_ = false; \
	for (unsigned i_ = 0; i_ < (errs)->n; i_++) \
		if ((errs)->e[i_].off == (off_) && (errs)->e[i_].code == (code_) && \
		    (errs)->e[i_].subcode == (sub_) && (errs)->e[i_].treat == (treat_)) \
			found_ = true; \
	if (!found_) { \
		for (unsigned i_ = 0; i_ < (errs)->n; i_++) \
			print_message("  err off=%u code=%u/%u treat=%u: %s\n", \
			    (errs)->e[i_].off, (errs)->e[i_].code, (errs)->e[i_].subcode, \
			    (errs)->e[i_].treat, (errs)->e[i_].what); \
	} \
	assert_true(found_); \
} while (0)

/* ---------------------------------------------------------------- emitter */

/*
 * Records values as "key=value" separated by spaces; objects as {...},
 * arrays as [...].
 */
struct temit {
	struct emit e;
	char buf[4096];
	size_t len;
	const char *key;
	bool sep;
};

static inline void
temit_put(struct temit *t, const char *s)
{
	size_t n = strlen(s);

	assert_true(t->len + n < sizeof(t->buf));
	memcpy(t->buf + t->len, s, n + 1);
	t->len += n;
}

static inline void
temit_lead(struct temit *t)
{
	if (t->sep)
		temit_put(t, " ");
	if (t->key) {
		temit_put(t, t->key);
		temit_put(t, "=");
		t->key = NULL;
	}
}

static inline void temit_key(struct emit *e, const char *k) { ((struct temit *)(void *)e)->key = k; }

static inline void
temit_str(struct emit *e, const char *v)
{
	struct temit *t = (struct temit *)(void *)e;

	temit_lead(t);
	temit_put(t, v);
	t->sep = true;
}

static inline void
temit_num(struct emit *e, uint64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	temit_str(e, tmp);
}

static inline void temit_bool(struct emit *e, bool v) { temit_str(e, v ? "true" : "false"); }

static inline void
temit_open(struct emit *e, const char *br)
{
	struct temit *t = (struct temit *)(void *)e;

	temit_lead(t);
	temit_put(t, br);
	t->sep = false;
}

static inline void
temit_close(struct emit *e, const char *br)
{
	struct temit *t = (struct temit *)(void *)e;

	temit_put(t, br);
	t->sep = true;
}

static inline void temit_obj_begin(struct emit *e) { temit_open(e, "{"); }
static inline void temit_obj_end(struct emit *e) { temit_close(e, "}"); }
static inline void temit_arr_begin(struct emit *e) { temit_open(e, "["); }
static inline void temit_arr_end(struct emit *e) { temit_close(e, "]"); }

static inline void
temit_init(struct temit *t)
{
	memset(t, 0, sizeof(*t));
	t->e.key = temit_key;
	t->e.str = temit_str;
	t->e.num = temit_num;
	t->e.boolean = temit_bool;
	t->e.obj_begin = temit_obj_begin;
	t->e.obj_end = temit_obj_end;
	t->e.arr_begin = temit_arr_begin;
	t->e.arr_end = temit_arr_end;
}

#endif
