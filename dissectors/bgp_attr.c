/*
 * bgp_attr.c - path attributes (RFC 4271 4.3, 5; RFC 7606): the iterator,
 * and the table. Each row has the code, name, key, required flags, one
 * length rule, the RFC 7606 treatment when malformed, a decode function
 * (checks the value and stores it in struct bgp_update) and a describe
 * function (through the emitter). bgp_attr_decode is the one dispatcher.
 * Adding an attribute: one row and its two functions, here.
 * Calls: cursor, bgp_err, bgp_aspath, bgp_afi (NLRI), bgp_fmt (describe).
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
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, BGP_TREAT_WITHDRAW,
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
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_LENGTH, BGP_TREAT_WITHDRAW,
		    "attribute %u (%s) length %u overruns the attribute list (%zu bytes left)",
		    a->code, bgp_attr_name(a->code), a->len, cur_left(&c));
		return -1;
	}
	it->c = c;
	return 1;
trunc:
	bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, BGP_TREAT_WITHDRAW,
	    "attribute %u header truncated", a->code);
	return -1;
}

/* ---------------------------------------------------------------- decoders */

/*
 * A row's decode function: the flags and the length rule were checked by
 * the dispatcher. It checks the value, stores what struct bgp_update keeps
 * and returns whether the attribute counts as present.
 */

static bool
dec_origin(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	(void)ctx;
	(void)cur_u8(&v, &u->origin);
	if (u->origin > BGP_ORIGIN_INCOMPLETE) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_ORIGIN, BGP_TREAT_WITHDRAW,
		    "ORIGIN value %u is undefined", u->origin);
		return false;
	}
	return true;
}

static bool
dec_as_path(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	unsigned asn_len = ctx->as4 ? 4 : 2;
	size_t hops;

	if (bgp_aspath_check(&a->val, asn_len, errs, &hops) < 0) {
		u->as_path_malformed = true;
		return false;
	}
	if (bgp_aspath_has_as0(&a->val, asn_len))
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, BGP_TREAT_WITHDRAW,
		    "AS_PATH contains AS 0 (RFC 7607)");
	u->as_path = *a;
	return true;
}

static bool
dec_as4_path(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct bgp_errs as4e;
	size_t hops;

	if (ctx->as4)
		bgp_err_add(errs, a->off, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
		    "AS4_PATH received on a 4-octet AS session: ignored (RFC 6793)");
	/* RFC 6793 section 6: a malformed AS4_PATH is discarded, not a reason
	 * to withdraw the routes */
	bgp_errs_reset(&as4e);
	if (bgp_aspath_check(&a->val, 4, &as4e, &hops) < 0) {
		bgp_err_add(errs, as4e.n ? as4e.e[0].off : a->off, BGP_ERR_UPDATE,
		    BGP_ERR_UPD_AS_PATH, BGP_TREAT_ATTR_DISCARD, "AS4_PATH: %s",
		    as4e.n ? as4e.e[0].what : "malformed");
		return false;
	}
	u->as4_path = *a;
	return true;
}

static bool
dec_next_hop(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	(void)ctx;
	(void)errs;
	return cur_copy(&v, u->next_hop, 4);
}

static bool
dec_med(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	(void)ctx;
	(void)errs;
	return cur_u32(&v, &u->med);
}

static bool
dec_local_pref(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	(void)ctx;
	(void)errs;
	return cur_u32(&v, &u->local_pref);
}

/* AGGREGATOR: the length rule allows 6 or 8; the session says which. */
static bool
dec_aggregator(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	(void)u;
	if (a->len != (ctx->as4 ? 8 : 6)) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_LENGTH, BGP_TREAT_ATTR_DISCARD,
		    "AGGREGATOR length %u does not match the %s-octet AS session",
		    a->len, ctx->as4 ? "4" : "2");
		return false;    /* discarded: not present */
	}
	return true;
}

/*
 * The next hop lengths each NLRI family allows: RFC 4760 3 and 4271 (IPv4:
 * 4), RFC 2545 3 (IPv6: global, or global + link-local), RFC 4364 4.3.2
 * and 4659 3.2.1.1 (VPN: RD + address), RFC 8950 3 (IPv6 next hop for
 * IPv4 NLRI, only with the extended next hop capability).
 */
static const struct nh_form {
	uint16_t afi;
	uint8_t safi;
	uint8_t len[2];          /* the family's own next hop */
	uint8_t enh[2];          /* an IPv6 one under RFC 8950, or 0 */
} nh_forms[] = {
	{ AFI_IPV4, SAFI_UNICAST, { 4, 4 }, { 16, 32 } },
	{ AFI_IPV4, SAFI_MULTICAST, { 4, 4 }, { 16, 32 } },
	{ AFI_IPV4, SAFI_LABELED, { 4, 4 }, { 16, 32 } },
	{ AFI_IPV4, SAFI_VPN, { 12, 12 }, { 24, 48 } },
	{ AFI_IPV6, SAFI_UNICAST, { 16, 32 }, { 0, 0 } },
	{ AFI_IPV6, SAFI_MULTICAST, { 16, 32 }, { 0, 0 } },
	{ AFI_IPV6, SAFI_LABELED, { 16, 32 }, { 0, 0 } },
	{ AFI_IPV6, SAFI_VPN, { 24, 48 }, { 0, 0 } },
};

static const struct nh_form *
nh_form_of(uint16_t afi, uint8_t safi)
{
	for (size_t i = 0; i < sizeof(nh_forms) / sizeof(nh_forms[0]); i++)
		if (nh_forms[i].afi == afi && nh_forms[i].safi == safi)
			return &nh_forms[i];
	return NULL;
}

/*
 * Length and family of the MP next hop against the AFI/SAFI and the
 * negotiated extended next hop. RFC 7606 7.11: a next hop length that is
 * not the one expected makes MP_REACH_NLRI malformed (AFI/SAFI disable or
 * session reset); the routes are not usable.
 */
static void
mp_nexthop_check(const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct bgp_errs *errs, uint32_t off)
{
	const struct nh_form *f = nh_form_of(u->mpr_afi, u->mpr_safi);
	unsigned len = u->mpr_nh_len;
	const char *afi = bgp_afi_name(u->mpr_afi), *safi = bgp_safi_name(u->mpr_safi);

	if (f == NULL || len == f->len[0] || len == f->len[1])
		return;
	if (f->enh[0] && (len == f->enh[0] || len == f->enh[1])) {
		if (!ctx->enh_known)     /* bgpcap's assumption: a note */
			bgp_note_add(errs, off, "IPv6 next hop for %s %s: extended next hop "
			    "(RFC 8950) assumed, the OPENs were not seen", afi, safi);
		else if (!bgp_ctx_enh(ctx, u->mpr_afi, u->mpr_safi))
			bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL,
			    BGP_TREAT_AFISAFI_DISABLE, "IPv6 next hop (length %u) for %s %s "
			    "without the extended next hop capability (RFC 8950)", len, afi, safi);
		return;
	}
	if (f->enh[0])
		bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, BGP_TREAT_AFISAFI_DISABLE,
		    "MP_REACH_NLRI next hop length %u is not valid for %s %s (%u, or %u/%u "
		    "with extended next hop)", len, afi, safi, f->len[0], f->enh[0], f->enh[1]);
	else
		bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, BGP_TREAT_AFISAFI_DISABLE,
		    "MP_REACH_NLRI next hop length %u is not valid for %s %s (%u or %u)",
		    len, afi, safi, f->len[0], f->len[1]);
}

static bool
ipv6_link_local(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static bool
ipv6_unspecified(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

/*
 * RFC 2545 3: an IPv6 next hop is a global address, then perhaps the
 * link-local one. A link-local or unspecified first address (unnumbered
 * sessions send these) works only on the shared link, and a second one
 * that is not link-local is not what the RFC describes; RFC 7606 7.11
 * judges the length only, so the route stands: notes, not errors.
 */
static void
mp_nexthop_notes(const struct bgp_update *u, struct bgp_errs *errs, uint32_t off)
{
	char buf[64];
	struct sbuf sb;

	if (u->mpr_nh_count == 0 || u->mpr_nh_af[0] != 6)
		return;
	if (ipv6_link_local(u->mpr_nh[0]) || ipv6_unspecified(u->mpr_nh[0])) {
		sbuf_init(&sb, buf, sizeof(buf));
		sbuf_ipv6(&sb, u->mpr_nh[0]);
		bgp_note_add(errs, off, "IPv6 next hop %s is %s, no global address (RFC 2545): "
		    "usable on the shared link only", buf,
		    ipv6_link_local(u->mpr_nh[0]) ? "link-local" : "unspecified");
	}
	if (u->mpr_nh_count == 2 && u->mpr_nh_af[1] == 6 && !ipv6_link_local(u->mpr_nh[1])) {
		sbuf_init(&sb, buf, sizeof(buf));
		sbuf_ipv6(&sb, u->mpr_nh[1]);
		bgp_note_add(errs, off, "second IPv6 next hop %s is not link-local (RFC 2545)",
		    buf);
	}
}

/* MP next hop forms (RFC 4760, 2545, 4364, 4659, 8950), read by length. */
static void
mp_nexthop(struct bgp_update *u)
{
	struct cur v = u->mpr_nh_raw;
	unsigned len = u->mpr_nh_len;

	u->mpr_nh_count = 0;
	switch (len) {
	case 4:
		(void)cur_copy(&v, u->mpr_nh[0], 4);
		u->mpr_nh_af[0] = 4;
		u->mpr_nh_count = 1;
		break;
	case 12: /* RD + IPv4 */
		u->mpr_nh_rd = true;
		(void)cur_skip(&v, 8);
		(void)cur_copy(&v, u->mpr_nh[0], 4);
		u->mpr_nh_af[0] = 4;
		u->mpr_nh_count = 1;
		break;
	case 16:
	case 32: /* IPv6 global [+ link-local] */
		for (unsigned i = 0; i < len / 16; i++) {
			(void)cur_copy(&v, u->mpr_nh[i], 16);
			u->mpr_nh_af[i] = 6;
		}
		u->mpr_nh_count = (uint8_t)(len / 16);
		break;
	case 24:
	case 48: /* (RD + IPv6) [+ (RD + link-local)] */
		u->mpr_nh_rd = true;
		for (unsigned i = 0; i < len / 24; i++) {
			(void)cur_skip(&v, 8);
			(void)cur_copy(&v, u->mpr_nh[i], 16);
			u->mpr_nh_af[i] = 6;
		}
		u->mpr_nh_count = (uint8_t)(len / 24);
		break;
	default: /* other lengths: mp_nexthop_check says whether that is wrong */
		break;
	}
}

static bool
dec_mp_reach(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;
	uint8_t reserved;

	if (!cur_u16(&v, &u->mpr_afi) || !cur_u8(&v, &u->mpr_safi) ||
	    !cur_u8(&v, &u->mpr_nh_len) || !cur_sub(&v, u->mpr_nh_len, &u->mpr_nh_raw) ||
	    !cur_u8(&v, &reserved)) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, BGP_TREAT_SESSION_RESET,
		    "MP_REACH_NLRI too short for its next hop (length %u)", a->len);
		return false;
	}
	mp_nexthop(u);
	mp_nexthop_check(u, ctx, errs, (uint32_t)cur_off(&a->val));
	mp_nexthop_notes(u, errs, (uint32_t)cur_off(&a->val));
	u->mpr_nlri = v;
	(void)bgp_nlri_check(&v, u->mpr_afi, u->mpr_safi, ctx, BGP_TREAT_AFISAFI_DISABLE, errs);
	return true;
}

static bool
dec_mp_unreach(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	if (!cur_u16(&v, &u->mpu_afi) || !cur_u8(&v, &u->mpu_safi)) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, BGP_TREAT_SESSION_RESET,
		    "MP_UNREACH_NLRI shorter than AFI and SAFI");
		return false;
	}
	u->mpu_withdrawn = v;
	(void)bgp_nlri_check(&v, u->mpu_afi, u->mpu_safi, ctx, BGP_TREAT_AFISAFI_DISABLE, errs);
	return true;
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

/* A list of fixed-size entries, each written by fmt: an array of strings. */
static void
emit_entries(const struct bgp_attr *a, size_t size,
    void (*fmt)(struct sbuf *s, const uint8_t *entry), struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	const uint8_t *x;

	e->arr_begin(e);
	while (cur_bytes(&v, size, &x)) {
		tmp->len = 0;
		fmt(tmp, x);
		e->str(e, tmp->p);
	}
	e->arr_end(e);
}

static void
fmt_community4(struct sbuf *s, const uint8_t *p)
{
	bgp_fmt_community(s, (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static void
d_communities(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	emit_entries(a, 4, fmt_community4, e, tmp);
}

static void
d_cluster_list(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	emit_entries(a, 4, sbuf_ipv4, e, tmp);
}

static void
d_ext_communities(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	emit_entries(a, 8, bgp_fmt_ext_community, e, tmp);
}

static void
d_ipv6_ext_communities(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	emit_entries(a, 20, bgp_fmt_ipv6_ext_community, e, tmp);
}

static void
d_large(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	emit_entries(a, 12, bgp_fmt_large_community, e, tmp);
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

/*
 * ATTR_SET (RFC 6368 5): an origin AS and path attributes. The nested
 * attributes go through the same table into a scratch update; one level
 * only: an ATTR_SET inside it is not walked (it is an error), so the
 * recursion through bgp_attr_decode is bounded at depth 1.
 */
static bool
attr_set_walk(const struct bgp_attr *a, const struct bgp_ctx *ctx, struct bgp_update *in,
    struct bgp_errs *errs)
{
	struct cur v = a->val, nested;
	struct bgp_attr_iter it;
	struct bgp_attr na;
	uint32_t seen[8] = { 0 };
	int r;

	memset(in, 0, sizeof(*in));
	(void)cur_skip(&v, 4);
	nested = v;
	bgp_attr_iter_init(&it, &nested);
	while ((r = bgp_attr_next(&it, &na, errs)) == 1) {
		if (na.code == ATTR_ATTR_SET || na.code == ATTR_MP_REACH ||
		    na.code == ATTR_MP_UNREACH) {
			bgp_err_add(errs, na.off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL,
			    BGP_TREAT_ATTR_DISCARD, "%s inside ATTR_SET (RFC 6368 5)",
			    bgp_attr_name(na.code));
			return false;
		}
		bgp_attr_decode(in, &na, ctx, seen, errs);
	}
	return r == 0;
}

static bool
dec_attr_set(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct bgp_update in;
	struct bgp_errs ne;

	(void)u;
	bgp_errs_reset(&ne);
	if (attr_set_walk(a, ctx, &in, &ne) && ne.worst == BGP_TREAT_NONE) {
		for (unsigned i = 0; i < ne.n; i++)
			bgp_err_add(errs, ne.e[i].off, BGP_ERR_NONE, BGP_ERR_SUB_NONE,
			    BGP_TREAT_NONE, "ATTR_SET: %s", ne.e[i].what);
		return true;
	}
	/* RFC 6368 5: a malformed ATTR_SET is discarded, the route kept */
	bgp_err_add(errs, ne.n ? ne.e[0].off : a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL,
	    BGP_TREAT_ATTR_DISCARD, "ATTR_SET: %.100s", ne.n ? ne.e[0].what : "malformed");
	return false;
}

static void
d_attr_set(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val, nested;
	struct bgp_update in;
	struct bgp_errs scratch;
	struct bgp_attr_iter it;
	struct bgp_attr na;
	uint32_t origin_as = 0;

	(void)u;
	bgp_errs_reset(&scratch);
	(void)attr_set_walk(a, ctx, &in, &scratch);
	(void)cur_u32(&v, &origin_as);
	e->obj_begin(e);
	emit_knum(e, "origin_as", origin_as);
	e->key(e, "attrs");
	e->obj_begin(e);
	nested = v;
	bgp_attr_iter_init(&it, &nested);
	while (bgp_attr_next(&it, &na, &scratch) == 1) {
		const char *key = bgp_attr_key(na.code);

		e->key(e, key ? key : bgp_attr_name(na.code));
		if (na.code == ATTR_ATTR_SET || na.code == ATTR_MP_REACH ||
		    na.code == ATTR_MP_UNREACH) {
			tmp->len = 0;
			sbuf_hex(tmp, na.val.p, cur_left(&na.val));
			e->str(e, tmp->p);
			continue;
		}
		bgp_attr_describe(&na, &in, ctx, e, tmp);
	}
	e->obj_end(e);
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

#define WK   ATTR_F_WELL_KNOWN
#define OT   ATTR_F_OPT_TRANS
#define ON   ATTR_F_OPTIONAL
#define LEN(mn, un, mx) { .min = (mn), .unit = (un), .max = (mx) }
#define ANY  LEN(0, 1, 65535)

static const struct attr_def attr_defs[256] = {
	[ATTR_ORIGIN] = { .name = "ORIGIN", .key = "origin", .flags = WK,
	    .len = LEN(1, 0, 1), .treat = BGP_TREAT_WITHDRAW,
	    .decode = dec_origin, .describe = d_origin },
	[ATTR_AS_PATH] = { .name = "AS_PATH", .key = "as_path", .flags = WK,
	    .len = ANY, .treat = BGP_TREAT_WITHDRAW,
	    .decode = dec_as_path, .describe = d_as_path },
	[ATTR_NEXT_HOP] = { .name = "NEXT_HOP", .key = "next_hop", .flags = WK,
	    .len = LEN(4, 0, 4), .treat = BGP_TREAT_WITHDRAW,
	    .decode = dec_next_hop, .describe = d_addr4 },
	[ATTR_MED] = { .name = "MULTI_EXIT_DISC", .key = "med", .flags = ON,
	    .len = LEN(4, 0, 4), .treat = BGP_TREAT_WITHDRAW,
	    .decode = dec_med, .describe = d_u32 },
	[ATTR_LOCAL_PREF] = { .name = "LOCAL_PREF", .key = "local_pref", .flags = WK,
	    .len = LEN(4, 0, 4), .treat = BGP_TREAT_WITHDRAW,
	    .decode = dec_local_pref, .describe = d_u32 },
	[ATTR_ATOMIC_AGGREGATE] = { .name = "ATOMIC_AGGREGATE", .key = "atomic_aggregate",
	    .flags = WK, .len = LEN(0, 0, 0), .treat = BGP_TREAT_ATTR_DISCARD,
	    .describe = d_true },
	[ATTR_AGGREGATOR] = { .name = "AGGREGATOR", .key = "aggregator", .flags = OT,
	    .len = LEN(6, 2, 8), .treat = BGP_TREAT_ATTR_DISCARD,
	    .decode = dec_aggregator, .describe = d_aggregator },
	[ATTR_COMMUNITIES] = { .name = "COMMUNITIES", .key = "communities", .flags = OT,
	    .len = LEN(4, 4, 65535), .treat = BGP_TREAT_WITHDRAW,
	    .describe = d_communities },
	[ATTR_ORIGINATOR_ID] = { .name = "ORIGINATOR_ID", .key = "originator_id", .flags = ON,
	    .len = LEN(4, 0, 4), .treat = BGP_TREAT_WITHDRAW, .describe = d_addr4 },
	[ATTR_CLUSTER_LIST] = { .name = "CLUSTER_LIST", .key = "cluster_list", .flags = ON,
	    .len = LEN(4, 4, 65535), .treat = BGP_TREAT_WITHDRAW,
	    .describe = d_cluster_list },
	[ATTR_MP_REACH] = { .name = "MP_REACH_NLRI", .key = "mp_reach", .flags = ON,
	    .len = LEN(5, 1, 65535), .treat = BGP_TREAT_SESSION_RESET,
	    .decode = dec_mp_reach },
	[ATTR_MP_UNREACH] = { .name = "MP_UNREACH_NLRI", .key = "mp_unreach", .flags = ON,
	    .len = LEN(3, 1, 65535), .treat = BGP_TREAT_SESSION_RESET,
	    .decode = dec_mp_unreach },
	[ATTR_EXT_COMMUNITIES] = { .name = "EXTENDED_COMMUNITIES", .key = "ext_communities",
	    .flags = OT, .len = LEN(8, 8, 65535), .treat = BGP_TREAT_WITHDRAW,
	    .describe = d_ext_communities },
	[ATTR_AS4_PATH] = { .name = "AS4_PATH", .key = "as4_path", .flags = OT,
	    .len = ANY, .treat = BGP_TREAT_ATTR_DISCARD,
	    .decode = dec_as4_path, .describe = d_as4_path },
	[ATTR_AS4_AGGREGATOR] = { .name = "AS4_AGGREGATOR", .key = "as4_aggregator",
	    .flags = OT, .len = LEN(8, 0, 8), .treat = BGP_TREAT_ATTR_DISCARD,
	    .describe = d_aggregator },
	[ATTR_PMSI_TUNNEL] = { .name = "PMSI_TUNNEL", .key = "pmsi_tunnel", .flags = OT,
	    .len = LEN(5, 1, 65535), .treat = BGP_TREAT_WITHDRAW,
	    .decode = bgp_pmsi_decode, .describe = bgp_pmsi_describe },
	[ATTR_TUNNEL_ENCAP] = { .name = "TUNNEL_ENCAPSULATION", .key = "tunnel_encap",
	    .flags = OT, .len = ANY, .treat = BGP_TREAT_WITHDRAW,
	    .decode = bgp_tea_decode, .describe = bgp_tea_describe },
	[ATTR_IPV6_EXT_COMMUNITIES] = { .name = "IPV6_EXT_COMMUNITIES",
	    .key = "ipv6_ext_communities", .flags = OT, .len = LEN(0, 20, 65535),
	    .treat = BGP_TREAT_WITHDRAW, .describe = d_ipv6_ext_communities },
	[ATTR_AIGP] = { .name = "AIGP", .key = "aigp", .flags = ON, .len = ANY,
	    .treat = BGP_TREAT_ATTR_DISCARD, .decode = bgp_aigp_decode, .describe = d_aigp },
	[ATTR_BGP_LS] = { .name = "BGP-LS", .key = "bgp_ls", .flags = ON, .len = ANY,
	    .treat = BGP_TREAT_ATTR_DISCARD,
	    .decode = bgp_ls_attr_decode, .describe = bgp_ls_attr_describe },
	[ATTR_LARGE_COMMUNITY] = { .name = "LARGE_COMMUNITY", .key = "large_communities",
	    .flags = OT, .len = LEN(12, 12, 65535), .treat = BGP_TREAT_WITHDRAW,
	    .describe = d_large },
	[ATTR_BGPSEC_PATH] = { .name = "BGPsec_PATH", .key = "bgpsec_path", .flags = ON,
	    .len = ANY, .treat = BGP_TREAT_WITHDRAW,
	    .decode = bgp_bgpsec_decode, .describe = bgp_bgpsec_describe },
	[ATTR_OTC] = { .name = "ONLY_TO_CUSTOMER", .key = "otc", .flags = OT,
	    .len = LEN(4, 0, 4), .treat = BGP_TREAT_WITHDRAW, .describe = d_u32 },
	[ATTR_PREFIX_SID] = { .name = "PREFIX_SID", .key = "prefix_sid", .flags = OT,
	    .len = ANY, .treat = BGP_TREAT_ATTR_DISCARD,
	    .decode = bgp_psid_decode, .describe = bgp_psid_describe },
	[ATTR_ATTR_SET] = { .name = "ATTR_SET", .key = "attr_set", .flags = OT,
	    .len = LEN(4, 1, 65535), .treat = BGP_TREAT_ATTR_DISCARD,
	    .decode = dec_attr_set, .describe = d_attr_set },
};

const char *
bgp_attr_name(unsigned code)
{
	if (code < 256 && attr_defs[code].name)
		return attr_defs[code].name;
	return "unknown";
}

const char *
bgp_attr_key(unsigned code)
{
	return code < 256 ? attr_defs[code].key : NULL;
}

/* ---------------------------------------------------------------- the dispatcher */

#define BIT_SET(bm, c) ((bm)[(c) >> 5] |= 1u << ((c) & 31))
#define BIT_ISSET(bm, c) (((bm)[(c) >> 5] >> ((c) & 31)) & 1)

static const char *
flags_rule(uint8_t want)
{
	return want == ATTR_F_WELL_KNOWN ? "0/1 (well-known)" :
	    want == ATTR_F_OPTIONAL ? "1/0 (optional non-transitive)" :
	    "1/1 (optional transitive)";
}

/* RFC 7606 3.g: a repeated attribute. */
static void
attr_dup(struct bgp_update *u, const struct bgp_attr *a, struct bgp_errs *errs)
{
	bool mp = a->code == ATTR_MP_REACH || a->code == ATTR_MP_UNREACH;

	BIT_SET(u->dup, a->code);
	bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST,
	    mp ? BGP_TREAT_SESSION_RESET : BGP_TREAT_ATTR_DISCARD,
	    "attribute %u (%s) appears more than once: %s", a->code,
	    bgp_attr_name(a->code), mp ? "session reset (RFC 7606 3.g)" :
	    "all but the first discarded (RFC 7606 3.g)");
}

/* The row's flags and length rule; false: the attribute is not used. */
static bool
attr_form_ok(const struct attr_def *d, const struct bgp_attr *a, struct bgp_errs *errs)
{
	uint8_t got = a->flags & (ATTR_F_OPTIONAL | ATTR_F_TRANSITIVE);

	if (got != d->flags) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_FLAGS, d->treat,
		    "attribute %s flags 0x%02x: optional/transitive must be %s",
		    d->name, a->flags, flags_rule(d->flags));
		return false;
	}
	if ((a->flags & ATTR_F_PARTIAL) && d->flags != ATTR_F_OPT_TRANS)
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_FLAGS, BGP_TREAT_NONE,
		    "attribute %s has the Partial bit set but is not optional transitive",
		    d->name);
	if (!bgp_len_ok(&d->len, a->len)) {
		bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_LENGTH, d->treat,
		    "attribute %s length %u is invalid%s", d->name, a->len,
		    d->len.unit > 1 ? " (not a whole number of entries)" : "");
		return false;
	}
	return true;
}

void
bgp_attr_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    uint32_t *seen, struct bgp_errs *errs)
{
	const struct attr_def *d = &attr_defs[a->code];

	if (BIT_ISSET(seen, a->code)) {
		attr_dup(u, a, errs);
		return;
	}
	BIT_SET(seen, a->code);
	if (!d->name) {
		/* unknown: optional ones pass, a well-known one is an error */
		if (!(a->flags & ATTR_F_OPTIONAL))
			bgp_err_add(errs, a->off, BGP_ERR_UPDATE, BGP_ERR_UPD_UNRECOGNIZED,
			    BGP_TREAT_SESSION_RESET, "unrecognized well-known attribute %u",
			    a->code);
		BIT_SET(u->present, a->code);
		return;
	}
	if (!attr_form_ok(d, a, errs))
		return;
	if (d->decode && !d->decode(u, a, ctx, errs))
		return;
	BIT_SET(u->present, a->code);
}

void
bgp_attr_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	const struct attr_def *d = &attr_defs[a->code];

	/* a value of the wrong length is shown raw: the decoder rejected it */
	if (d->describe && bgp_len_ok(&d->len, a->len)) {
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
