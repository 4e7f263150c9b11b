/*
 * bgp_attr.c - path attributes: the table (code, name, required flags,
 * length rule, RFC 7606 treatment, describe function), the attribute
 * iterator and AS path segments.
 */
#include <string.h>

#include "bgp.h"
#include "bgp_describe.h"
#include "attr_table.h"

/* ---------------------------------------------------------------- iterators */

void
bgp_attr_iter_init(struct bgp_attr_iter *it, const struct cur *attrs)
{
	it->c = *attrs;
}

int
bgp_attr_next(struct bgp_attr_iter *it, struct bgp_attr *a, struct bgp_errs *errs)
{
	struct cur c = it->c;
	uint8_t len8;

	if (cur_left(&c) == 0)
		return 0;
	a->off = (uint32_t)cur_off(&c);
	if (!cur_u8(&c, &a->flags) || !cur_u8(&c, &a->code)) {
		bgp_err_add(errs, a->off, 3, 1, BGP_TREAT_WITHDRAW,
		    "attribute header truncated: 1 byte left in the attribute list");
		return -1;
	}
	if (a->flags & ATTR_F_EXTLEN) {
		if (!cur_u16(&c, &a->len))
			goto trunc;
	} else {
		if (!cur_u8(&c, &len8))
			goto trunc;
		a->len = len8;
	}
	if (!cur_sub(&c, a->len, &a->val)) {
		bgp_err_add(errs, a->off, 3, 5, BGP_TREAT_WITHDRAW,
		    "attribute %u (%s) length %u overruns the attribute list (%zu bytes left)",
		    a->code, bgp_attr_name(a->code), a->len, cur_left(&c));
		return -1;
	}
	it->c = c;
	return 1;
trunc:
	bgp_err_add(errs, a->off, 3, 1, BGP_TREAT_WITHDRAW,
	    "attribute %u header truncated", a->code);
	return -1;
}

/* ---------------------------------------------------------------- describers */

static void
put_addr4(struct emit *e, const char *key, struct cur *v, struct sbuf *tmp)
{
	uint8_t a[4];

	if (!cur_copy(v, a, 4))
		return;
	tmp->len = 0;
	sbuf_ipv4(tmp, a);
	emit_kstr(e, key, tmp->p);
}

static void
d_origin(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	static const char *const names[] = { "IGP", "EGP", "INCOMPLETE" };
	struct cur v = a->val;
	uint8_t o;

	(void)u; (void)ctx; (void)tmp;
	if (cur_u8(&v, &o))
		e->str(e, o < 3 ? names[o] : "invalid");
}

static void
d_as_path(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)a;
	tmp->len = 0;
	tmp->p[0] = '\0';
	bgp_fmt_effective_aspath(tmp, u, ctx);
	e->str(e, tmp->p);
}

static void
d_as4_path(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	tmp->len = 0;
	tmp->p[0] = '\0';
	bgp_fmt_aspath(tmp, &a->val, 4);
	e->str(e, tmp->p);
}

static void
d_addr4(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint8_t x[4];

	(void)u; (void)ctx;
	if (!cur_copy(&v, x, 4))
		return;
	tmp->len = 0;
	sbuf_ipv4(tmp, x);
	e->str(e, tmp->p);
}

static void
d_u32(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint32_t x;

	(void)u; (void)ctx; (void)tmp;
	if (cur_u32(&v, &x))
		e->num(e, x);
}

static void
d_true(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)a; (void)u; (void)ctx; (void)tmp;
	e->boolean(e, true);
}

static void
d_aggregator(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint32_t as = 0;
	uint16_t as2;

	(void)u; (void)ctx;
	e->obj_begin(e);
	if (a->len == 8 && cur_u32(&v, &as))
		emit_knum(e, "asn", as);
	else if (a->len == 6 && cur_u16(&v, &as2))
		emit_knum(e, "asn", as2);
	put_addr4(e, "address", &v, tmp);
	e->obj_end(e);
}

static void
d_communities(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint32_t c;

	(void)u; (void)ctx;
	e->arr_begin(e);
	while (cur_u32(&v, &c)) {
		tmp->len = 0;
		bgp_fmt_community(tmp, c);
		e->str(e, tmp->p);
	}
	e->arr_end(e);
}

static void
d_cluster_list(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint8_t x[4];

	(void)u; (void)ctx;
	e->arr_begin(e);
	while (cur_copy(&v, x, 4)) {
		tmp->len = 0;
		sbuf_ipv4(tmp, x);
		e->str(e, tmp->p);
	}
	e->arr_end(e);
}

static void
d_ext_communities(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint8_t x[8];

	(void)u; (void)ctx;
	e->arr_begin(e);
	while (cur_copy(&v, x, 8)) {
		tmp->len = 0;
		bgp_fmt_ext_community(tmp, x);
		e->str(e, tmp->p);
	}
	e->arr_end(e);
}

static void
d_large(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint8_t x[12];

	(void)u; (void)ctx;
	e->arr_begin(e);
	while (cur_copy(&v, x, 12)) {
		tmp->len = 0;
		bgp_fmt_large_community(tmp, x);
		e->str(e, tmp->p);
	}
	e->arr_end(e);
}

/* AIGP (RFC 7311): TLVs; type 1 carries an 8-octet metric. */
static void
d_aigp(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val, tv;
	uint8_t type;
	uint16_t len;
	uint64_t metric;

	(void)u; (void)ctx; (void)tmp;
	e->obj_begin(e);
	while (cur_u8(&v, &type) && cur_u16(&v, &len) && len >= 3 && cur_sub(&v, len - 3u, &tv)) {
		if (type == 1 && cur_u64(&tv, &metric))
			emit_knum(e, "metric", metric);
	}
	e->obj_end(e);
}

static void
d_hex(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	tmp->len = 0;
	tmp->p[0] = '\0';
	sbuf_hex(tmp, a->val.p, cur_left(&a->val));
	e->str(e, tmp->p);
}

/* ---------------------------------------------------------------- the table */

#define WK   (ATTR_F_TRANSITIVE)                     /* well-known */
#define OT   (ATTR_F_OPTIONAL | ATTR_F_TRANSITIVE)   /* optional transitive */
#define ON   (ATTR_F_OPTIONAL)                       /* optional non-transitive */
#define W    BGP_TREAT_WITHDRAW
#define D    BGP_TREAT_ATTR_DISCARD
#define R    BGP_TREAT_SESSION_RESET

const struct attr_def bgp_attr_defs[256] = {
	[ATTR_ORIGIN] = { "ORIGIN", "origin", WK, 1, 0, 1, W, d_origin },
	[ATTR_AS_PATH] = { "AS_PATH", "as_path", WK, 0, 1, 65535, W, d_as_path },
	[ATTR_NEXT_HOP] = { "NEXT_HOP", "next_hop", WK, 4, 0, 4, W, d_addr4 },
	[ATTR_MED] = { "MULTI_EXIT_DISC", "med", ON, 4, 0, 4, W, d_u32 },
	[ATTR_LOCAL_PREF] = { "LOCAL_PREF", "local_pref", WK, 4, 0, 4, W, d_u32 },
	[ATTR_ATOMIC_AGGREGATE] = { "ATOMIC_AGGREGATE", "atomic_aggregate", WK, 0, 0, 0, D, d_true },
	[ATTR_AGGREGATOR] = { "AGGREGATOR", "aggregator", OT, 6, 2, 8, D, d_aggregator },
	[ATTR_COMMUNITIES] = { "COMMUNITIES", "communities", OT, 4, 4, 65535, W, d_communities },
	[ATTR_ORIGINATOR_ID] = { "ORIGINATOR_ID", "originator_id", ON, 4, 0, 4, W, d_addr4 },
	[ATTR_CLUSTER_LIST] = { "CLUSTER_LIST", "cluster_list", ON, 4, 4, 65535, W, d_cluster_list },
	[ATTR_MP_REACH] = { "MP_REACH_NLRI", "mp_reach", ON, 5, 1, 65535, R, NULL },
	[ATTR_MP_UNREACH] = { "MP_UNREACH_NLRI", "mp_unreach", ON, 3, 1, 65535, R, NULL },
	[ATTR_EXT_COMMUNITIES] = { "EXTENDED_COMMUNITIES", "ext_communities", OT, 8, 8, 65535, W, d_ext_communities },
	[ATTR_AS4_PATH] = { "AS4_PATH", "as4_path", OT, 0, 1, 65535, D, d_as4_path },
	[ATTR_AS4_AGGREGATOR] = { "AS4_AGGREGATOR", "as4_aggregator", OT, 8, 0, 8, D, d_aggregator },
	[ATTR_PMSI_TUNNEL] = { "PMSI_TUNNEL", NULL, OT, 0, 1, 65535, W, NULL },
	[ATTR_TUNNEL_ENCAP] = { "TUNNEL_ENCAPSULATION", NULL, OT, 0, 1, 65535, W, NULL },
	[ATTR_IPV6_EXT_COMMUNITIES] = { "IPV6_EXT_COMMUNITIES", NULL, OT, 0, 20, 65535, W, NULL },
	[ATTR_AIGP] = { "AIGP", "aigp", ON, 0, 1, 65535, D, d_aigp },
	[ATTR_LARGE_COMMUNITY] = { "LARGE_COMMUNITY", "large_communities", OT, 12, 12, 65535, W, d_large },
	[ATTR_BGPSEC_PATH] = { "BGPsec_PATH", NULL, ON, 0, 1, 65535, W, NULL },
	[ATTR_OTC] = { "ONLY_TO_CUSTOMER", "otc", OT, 4, 0, 4, W, d_u32 },
	[ATTR_PREFIX_SID] = { "PREFIX_SID", NULL, OT, 0, 1, 65535, D, NULL },
	[29] = { "BGP-LS", NULL, ON, 0, 1, 65535, D, NULL },
	[ATTR_ATTR_SET] = { "ATTR_SET", NULL, OT, 4, 1, 65535, D, NULL },
};

const char *
bgp_attr_name(unsigned code)
{
	if (code < 256 && bgp_attr_defs[code].name)
		return bgp_attr_defs[code].name;
	return "unknown";
}

const char *
bgp_attr_key(unsigned code)
{
	return code < 256 ? bgp_attr_defs[code].key : NULL;
}

void
bgp_attr_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	const struct attr_def *d = &bgp_attr_defs[a->code];
	bool len_ok = d->unit ? (a->len >= d->min && a->len <= d->max &&
	    (a->len - d->min) % d->unit == 0) : a->len == d->min;

	/* a value of the wrong length is shown raw: the decoder rejected it */
	if (d->describe && len_ok) {
		d->describe(a, u, ctx, e, tmp);
		return;
	}
	e->obj_begin(e);
	emit_knum(e, "code", a->code);
	emit_knum(e, "flags", a->flags);
	if (d->name)
		emit_kstr(e, "name", d->name);
	e->key(e, "hex");
	d_hex(a, u, ctx, e, tmp);
	e->obj_end(e);
}
