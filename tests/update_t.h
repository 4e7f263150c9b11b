/*
 * update_t.h - the UPDATE tests' builder (test_bgp_update.c,
 * test_bgp_pattr.c): an attribute as hex with its length computed (A),
 * an UPDATE built from withdrawn routes, NLRI and attributes and parsed
 * (up), one attribute found and described as the printers do (desc), and
 * the check that nothing went wrong (no_errs).
 */
#ifndef BGPCAP_TEST_UPDATE_T_H
#define BGPCAP_TEST_UPDATE_T_H

#include <stdarg.h>

#include "vec.h"
#include "bgp_describe.h"

/* One attribute as hex, its length computed (2 bytes when flags has 0x10). */
static inline const char *
A(unsigned flags, unsigned code, const char *val)
{
	static char pool[16][2400];
	static unsigned next;
	char *s = pool[next++ % 16];
	uint8_t v[1100];
	size_t n = vec_hex(v, sizeof(v), val), k;

	if (flags & ATTR_F_EXTLEN)
		k = (size_t)snprintf(s, sizeof(pool[0]), "%02x%02x%04zx", flags, code, n);
	else {
		assert_true(n < 256);
		k = (size_t)snprintf(s, sizeof(pool[0]), "%02x%02x%02zx", flags, code, n);
	}
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, sizeof(pool[0]) - k, "%02x", v[i]);
	return s;
}

#define ORIGIN_IGP  A(0x40, 1, "00")          /* 4 bytes */
#define ASPATH_1    A(0x40, 2, "02 01 fde9")  /* 7 bytes, 2-octet */
#define NEXTHOP_1   A(0x40, 3, "c0000201")    /* 7 bytes */

struct up {
	uint8_t b[8192];
	size_t n;
	uint16_t wlen, alen;
	struct bgp_msg m;
	struct bgp_update u;
	struct bgp_errs e;
	bool ok;
	struct temit t;
	char sb[2048];
};

/* Build and parse an UPDATE: withdrawn hex, NLRI hex, then attributes (NULL-ended). */
static inline void
up(struct up *x, const struct bgp_ctx *ctx, const char *wd, const char *nlri, ...)
{
	va_list ap;
	const char *at;
	size_t n;
	struct bgp_ctx ext = *ctx;

	memset(x, 0, sizeof(*x));
	n = 19;
	x->wlen = (uint16_t)vec_hex(x->b + 21, sizeof(x->b) - 21, wd);
	x->b[19] = (uint8_t)(x->wlen >> 8);
	x->b[20] = (uint8_t)x->wlen;
	n = 21 + x->wlen;
	va_start(ap, nlri);
	while ((at = va_arg(ap, const char *)) != NULL)
		x->alen = (uint16_t)(x->alen + vec_hex(x->b + n + 2 + x->alen,
		    sizeof(x->b) - n - 2 - x->alen, at));
	va_end(ap);
	x->b[n] = (uint8_t)(x->alen >> 8);
	x->b[n + 1] = (uint8_t)x->alen;
	n += 2 + x->alen;
	n += vec_hex(x->b + n, sizeof(x->b) - n, nlri);
	x->n = n;
	vec_hdr(x->b, n, BGP_UPDATE);
	ext.ext_msg = true;
	bgp_errs_reset(&x->e);
	assert_true(bgp_msg_parse(x->b, x->n, &ext, &x->m, &x->e));
	assert_int_equal(x->e.n, 0);
	x->ok = bgp_update_parse(&x->m, ctx, &x->u, &x->e);
}

static inline bool
find_attr(const struct up *x, unsigned code, struct bgp_attr *a)
{
	struct bgp_attr_iter it;
	struct bgp_errs e;

	bgp_errs_reset(&e);
	bgp_attr_iter_init(&it, &x->u.attrs);
	while (bgp_attr_next(&it, a, &e) == 1)
		if (a->code == code)
			return true;
	return false;
}

/* Describe attribute `code` ("key=value"), the way the printers do. */
static inline const char *
desc(struct up *x, const struct bgp_ctx *ctx, unsigned code)
{
	struct bgp_attr a;
	struct sbuf tmp;

	assert_true(find_attr(x, code, &a));
	temit_init(&x->t);
	sbuf_init(&tmp, x->sb, sizeof(x->sb));
	x->t.e.key(&x->t.e, bgp_attr_key(code) ? bgp_attr_key(code) : "attr");
	bgp_attr_describe(&a, &x->u, ctx, &x->t.e, &tmp);
	return x->t.buf;
}

static inline void
no_errs(const struct up *x)
{
	for (unsigned i = 0; i < x->e.n; i++)
		print_message("unexpected: off=%u %u/%u treat=%u %s\n", x->e.e[i].off,
		    x->e.e[i].code, x->e.e[i].subcode, x->e.e[i].treat, x->e.e[i].what);
	assert_true(x->ok);
	assert_int_equal(x->e.n, 0);
}

#endif
