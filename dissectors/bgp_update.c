/*
 * bgp_update.c - UPDATE (RFC 4271 4.3) validated as RFC 7606 says, with
 * MP_REACH/MP_UNREACH (RFC 4760), End-of-RIB (RFC 4724) and ADD-PATH
 * (RFC 7911).
 */
#include <string.h>

#include "bgp.h"
#include "attr_table.h"

#define BIT_SET(bm, c) ((bm)[(c) >> 5] |= 1u << ((c) & 31))
#define BIT_ISSET(bm, c) (((bm)[(c) >> 5] >> ((c) & 31)) & 1)

static bool
len_ok(const struct attr_def *d, unsigned len)
{
	if (len < d->min || len > d->max)
		return false;
	if (d->unit == 0)
		return len == d->min;
	return (len - d->min) % d->unit == 0;
}

/* Walk an NLRI list once to validate it; returns the number of prefixes or -1. */
static int
nlri_check(const struct cur *c, uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx,
    uint8_t treat, struct bgp_errs *errs)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	int r, n = 0;

	bool addpath = bgp_ctx_addpath(ctx, afi, safi);

	/*
	 * The common case, plain unicast/multicast without path ids: check the
	 * length bytes only. Anything it does not accept is walked again by
	 * the full iterator, which says precisely what is wrong.
	 */
	if (!addpath && (safi == SAFI_UNICAST || safi == SAFI_MULTICAST) &&
	    (afi == AFI_IPV4 || afi == AFI_IPV6)) {
		const uint8_t *q = c->p, *end = c->end;
		unsigned maxbits = afi == AFI_IPV4 ? 32 : 128;

		while (q < end) {
			unsigned bits = *q;

			if (bits > maxbits || (size_t)(end - q - 1) < (bits + 7) / 8)
				break;
			q += 1 + (bits + 7) / 8;
			n++;
		}
		if (q == end)
			return n;
		n = 0;
	}
	bgp_nlri_iter_init(&it, c, afi, safi, addpath);
	it.treat = treat;
	while ((r = bgp_nlri_next(&it, &p, errs)) == 1)
		n++;
	return r < 0 ? -1 : n;
}

/* MP next hop forms (RFC 4760, 2545, 4364, 4659, 8950). */
static void
mp_nexthop(struct bgp_update *u, struct bgp_errs *errs, uint32_t off)
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
	default:
		if (bgp_afsafi_decoded(u->mpr_afi, u->mpr_safi))
			bgp_err_add(errs, off, 3, 9, BGP_TREAT_AFISAFI_DISABLE,
			    "MP_REACH_NLRI next hop length %u is not valid for %s %s",
			    len, bgp_afi_name(u->mpr_afi), bgp_safi_name(u->mpr_safi));
	}
}

static void
mp_reach(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;
	uint8_t reserved;

	if (!cur_u16(&v, &u->mpr_afi) || !cur_u8(&v, &u->mpr_safi) ||
	    !cur_u8(&v, &u->mpr_nh_len) || !cur_sub(&v, u->mpr_nh_len, &u->mpr_nh_raw) ||
	    !cur_u8(&v, &reserved)) {
		bgp_err_add(errs, a->off, 3, 9, BGP_TREAT_SESSION_RESET,
		    "MP_REACH_NLRI too short for its next hop (length %u)", a->len);
		return;
	}
	mp_nexthop(u, errs, a->off + 3 + (a->flags & ATTR_F_EXTLEN ? 1 : 0));
	u->mpr_nlri = v;
	BIT_SET(u->present, ATTR_MP_REACH);
	(void)nlri_check(&v, u->mpr_afi, u->mpr_safi, ctx, BGP_TREAT_AFISAFI_DISABLE, errs);
}

static void
mp_unreach(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;

	if (!cur_u16(&v, &u->mpu_afi) || !cur_u8(&v, &u->mpu_safi)) {
		bgp_err_add(errs, a->off, 3, 9, BGP_TREAT_SESSION_RESET,
		    "MP_UNREACH_NLRI shorter than AFI and SAFI");
		return;
	}
	u->mpu_withdrawn = v;
	BIT_SET(u->present, ATTR_MP_UNREACH);
	(void)nlri_check(&v, u->mpu_afi, u->mpu_safi, ctx, BGP_TREAT_AFISAFI_DISABLE, errs);
}

/* Check and record one attribute. */
static void
attr_one(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    uint32_t *seen, struct bgp_errs *errs)
{
	const struct attr_def *d = &bgp_attr_defs[a->code];
	uint8_t want, got;
	struct cur v = a->val;
	size_t hops;

	if (BIT_ISSET(seen, a->code)) {
		bool mp = a->code == ATTR_MP_REACH || a->code == ATTR_MP_UNREACH;

		BIT_SET(u->dup, a->code);
		bgp_err_add(errs, a->off, 3, 1, mp ? BGP_TREAT_SESSION_RESET : BGP_TREAT_ATTR_DISCARD,
		    "attribute %u (%s) appears more than once: %s", a->code,
		    bgp_attr_name(a->code), mp ? "session reset (RFC 7606 3.g)" :
		    "all but the first discarded (RFC 7606 3.g)");
		return;
	}
	BIT_SET(seen, a->code);
	if (!d->name) {
		/* unknown: optional ones pass, a well-known one is an error */
		if (!(a->flags & ATTR_F_OPTIONAL))
			bgp_err_add(errs, a->off, 3, 2, BGP_TREAT_SESSION_RESET,
			    "unrecognized well-known attribute %u", a->code);
		BIT_SET(u->present, a->code);
		return;
	}
	want = d->flags;
	got = a->flags & (ATTR_F_OPTIONAL | ATTR_F_TRANSITIVE);
	if (got != want) {
		bgp_err_add(errs, a->off, 3, 4, d->treat,
		    "attribute %s flags 0x%02x: optional/transitive must be %s",
		    d->name, a->flags, want == ATTR_F_TRANSITIVE ? "0/1 (well-known)" :
		    want == ATTR_F_OPTIONAL ? "1/0 (optional non-transitive)" :
		    "1/1 (optional transitive)");
		return;
	}
	if ((a->flags & ATTR_F_PARTIAL) && want != (ATTR_F_OPTIONAL | ATTR_F_TRANSITIVE))
		bgp_err_add(errs, a->off, 3, 4, BGP_TREAT_NONE,
		    "attribute %s has the Partial bit set but is not optional transitive",
		    d->name);
	if (!len_ok(d, a->len)) {
		bgp_err_add(errs, a->off, 3, 5, d->treat,
		    "attribute %s length %u is invalid%s", d->name, a->len,
		    d->unit == 0 ? "" : d->unit == 1 ? "" : " (not a whole number of entries)");
		return;
	}
	switch (a->code) {
	case ATTR_ORIGIN:
		(void)cur_u8(&v, &u->origin);
		if (u->origin > 2) {
			bgp_err_add(errs, a->off, 3, 6, BGP_TREAT_WITHDRAW,
			    "ORIGIN value %u is undefined", u->origin);
			return;
		}
		break;
	case ATTR_AS_PATH:
		if (bgp_aspath_check(&a->val, ctx->as4 ? 4 : 2, errs, &hops) < 0) {
			u->as_path_malformed = true;
			return;
		}
		if (bgp_aspath_has_as0(&a->val, ctx->as4 ? 4 : 2))
			bgp_err_add(errs, a->off, 3, 11, BGP_TREAT_WITHDRAW,
			    "AS_PATH contains AS 0 (RFC 7607)");
		u->as_path = *a;
		break;
	case ATTR_AS4_PATH:
		if (ctx->as4)
			bgp_err_add(errs, a->off, 0, 0, BGP_TREAT_NONE,
			    "AS4_PATH received on a 4-octet AS session: ignored (RFC 6793)");
		{
			/* RFC 6793 section 6: a malformed AS4_PATH is
			 * discarded, not a reason to withdraw the routes */
			struct bgp_errs as4e;

			bgp_errs_reset(&as4e);
			if (bgp_aspath_check(&a->val, 4, &as4e, &hops) < 0) {
				bgp_err_add(errs, as4e.n ? as4e.e[0].off : a->off, 3, 11,
				    BGP_TREAT_ATTR_DISCARD, "AS4_PATH: %s",
				    as4e.n ? as4e.e[0].what : "malformed");
				return;
			}
		}
		u->as4_path = *a;
		break;
	case ATTR_NEXT_HOP:
		(void)cur_copy(&v, u->next_hop, 4);
		break;
	case ATTR_MED:
		(void)cur_u32(&v, &u->med);
		break;
	case ATTR_LOCAL_PREF:
		(void)cur_u32(&v, &u->local_pref);
		break;
	case ATTR_AGGREGATOR:
		if (a->len != (ctx->as4 ? 8 : 6)) {
			bgp_err_add(errs, a->off, 3, 5, BGP_TREAT_ATTR_DISCARD,
			    "AGGREGATOR length %u does not match the %s-octet AS session",
			    a->len, ctx->as4 ? "4" : "2");
			return; /* discarded: not present */
		}
		u->aggregator = *a;
		break;
	case ATTR_AS4_AGGREGATOR: u->as4_aggregator = *a; break;
	case ATTR_COMMUNITIES: u->communities = *a; break;
	case ATTR_EXT_COMMUNITIES: u->ext_communities = *a; break;
	case ATTR_LARGE_COMMUNITY: u->large_communities = *a; break;
	case ATTR_CLUSTER_LIST: u->cluster_list = *a; break;
	case ATTR_ORIGINATOR_ID: u->originator_id = *a; break;
	case ATTR_AIGP: u->aigp = *a; break;
	case ATTR_OTC: u->otc = *a; break;
	case ATTR_MP_REACH:
		mp_reach(u, a, ctx, errs);
		return;
	case ATTR_MP_UNREACH:
		mp_unreach(u, a, ctx, errs);
		return;
	}
	BIT_SET(u->present, a->code);
}

bool
bgp_update_parse(const struct bgp_msg *m, const struct bgp_ctx *ctx,
    struct bgp_update *u, struct bgp_errs *errs)
{
	struct cur c = m->body;
	uint16_t wlen = 0, alen = 0;
	struct bgp_attr_iter it;
	struct bgp_attr a;
	int r, nlri_n;
	unsigned nattrs = 0;
	uint32_t seen[8] = { 0 };

	/* only the bitmaps and flags need clearing: every other field is read
	 * only when its attribute's bit is set (this runs once per message) */
	memset(u->present, 0, sizeof(u->present));
	memset(u->dup, 0, sizeof(u->dup));
	u->mpr_nh_count = 0;
	u->mpr_nh_rd = false;
	u->eor = false;
	u->attrs_broken = false;
	u->as_path_malformed = false;
	u->as4_path.len = 0;
	if (!cur_u16(&c, &wlen) || !cur_sub(&c, wlen, &u->withdrawn)) {
		bgp_err_add(errs, 19, 3, 1, BGP_TREAT_SESSION_RESET,
		    "withdrawn routes length %u exceeds the message", wlen);
		return false;
	}
	if (!cur_u16(&c, &alen) || !cur_sub(&c, alen, &u->attrs)) {
		bgp_err_add(errs, 21 + wlen, 3, 1, BGP_TREAT_SESSION_RESET,
		    "total path attribute length %u exceeds the message", alen);
		return false;
	}
	u->nlri = c;

	if (nlri_check(&u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx,
	    BGP_TREAT_SESSION_RESET, errs) < 0)
		return false;
	nlri_n = nlri_check(&u->nlri, AFI_IPV4, SAFI_UNICAST, ctx, BGP_TREAT_SESSION_RESET, errs);
	if (nlri_n < 0)
		return false;

	bgp_attr_iter_init(&it, &u->attrs);
	while ((r = bgp_attr_next(&it, &a, errs)) == 1) {
		nattrs++;
		attr_one(u, &a, ctx, seen, errs);
	}
	if (r < 0)
		u->attrs_broken = true;

	/* End-of-RIB (RFC 4724 2) */
	if (wlen == 0 && alen == 0 && cur_left(&u->nlri) == 0) {
		u->eor = true;
		u->eor_afi = AFI_IPV4;
		u->eor_safi = SAFI_UNICAST;
	} else if (wlen == 0 && cur_left(&u->nlri) == 0 && nattrs == 1 &&
	    bgp_update_has(u, ATTR_MP_UNREACH) && cur_left(&u->mpu_withdrawn) == 0) {
		u->eor = true;
		u->eor_afi = u->mpu_afi;
		u->eor_safi = u->mpu_safi;
	}

	/* mandatory attributes (RFC 4271 5, RFC 7606 3.d) */
	if (nlri_n > 0 || (bgp_update_has(u, ATTR_MP_REACH) && cur_left(&u->mpr_nlri) > 0)) {
		static const uint8_t mand[] = { ATTR_ORIGIN, ATTR_AS_PATH };
		for (size_t i = 0; i < sizeof(mand); i++)
			if (!BIT_ISSET(seen, mand[i]))
				bgp_err_add(errs, 21 + wlen, 3, 3, BGP_TREAT_WITHDRAW,
				    "missing well-known attribute %s", bgp_attr_name(mand[i]));
		if (nlri_n > 0 && !BIT_ISSET(seen, ATTR_NEXT_HOP))
			bgp_err_add(errs, 21 + wlen, 3, 3, BGP_TREAT_WITHDRAW,
			    "missing well-known attribute NEXT_HOP for IPv4 NLRI");
	}
	return true;
}
