/*
 * bgp_update.c - UPDATE (RFC 4271 4.3) validated as RFC 7606 says, with
 * MP_REACH/MP_UNREACH (RFC 4760), End-of-RIB (RFC 4724) and ADD-PATH
 * (RFC 7911).
 */
#include <string.h>

#include "bgp.h"
#include "attr_table.h"

/* offsets in the message (RFC 4271 4.3) */
#define UPD_OFF_WLEN       BGP_HDR_LEN                  /* withdrawn routes length */
#define UPD_OFF_ALEN(wlen) (BGP_HDR_LEN + 2 + (wlen))   /* total path attribute length */

#define BIT_ISSET(bm, c) (((bm)[(c) >> 5] >> ((c) & 31)) & 1)

bool
bgp_update_attr(const struct bgp_update *u, unsigned code, struct bgp_attr *a)
{
	struct bgp_attr_iter it;
	struct bgp_errs scratch;

	bgp_errs_reset(&scratch);
	bgp_attr_iter_init(&it, &u->attrs);
	while (bgp_attr_next(&it, a, &scratch) == 1)
		if (a->code == code)
			return true;
	return false;
}

/* ---------------------------------------------------------------- the memo */

size_t
bgp_memo_key(const struct cur *attrs, const struct bgp_ctx *ctx, struct bgp_memo_ops *ops,
    unsigned *nattrs)
{
	struct cur c = *attrs;
	size_t n = 0;
	unsigned i = 0;

	ops->key[n++] = ctx->as4;
	while (cur_left(&c)) {
		const uint8_t *hdr = c.p;
		uint8_t flags, code, len8;
		uint16_t len = 0;
		struct cur val;
		size_t vk;

		if (i == BGP_MEMO_MAX_ATTRS || !cur_u8(&c, &flags) || !cur_u8(&c, &code))
			return 0;
		if (flags & ATTR_F_EXTLEN) {
			if (!cur_u16(&c, &len))
				return 0;
		} else {
			if (!cur_u8(&c, &len8))
				return 0;
			len = len8;
		}
		if (!cur_sub(&c, len, &val))
			return 0;
		ops->pos[i++] = (uint16_t)(hdr - attrs->p);
		if (code != ATTR_MP_REACH && code != ATTR_MP_UNREACH) {
			vk = (size_t)(c.p - hdr);
			if (n + vk > BGP_MEMO_KEY_MAX)
				return 0;
			memcpy(ops->key + n, hdr, vk);
			n += vk;
			continue;
		}
		/* flags, code and the value up to the NLRI: no length field */
		if (code == ATTR_MP_REACH) {
			if (len < 4 || len < 5u + val.p[3])
				return 0;
			vk = 5u + val.p[3];
		} else {
			if (len < 3)
				return 0;
			vk = 3;
		}
		if (n + 2 + vk > BGP_MEMO_KEY_MAX)
			return 0;
		ops->key[n++] = flags;
		ops->key[n++] = code;
		memcpy(ops->key + n, val.p, vk);
		n += vk;
	}
	*nattrs = i;
	return n;
}

/* The attribute at index i of the block (its header was checked by the key). */
static void
attr_at(const struct bgp_update *u, const struct bgp_memo_ops *ops, int i, struct bgp_attr *a)
{
	struct bgp_attr_iter it;
	struct bgp_errs scratch;

	bgp_attr_iter_init(&it, &u->attrs);
	it.c.p += ops->pos[i];
	bgp_errs_reset(&scratch);
	(void)bgp_attr_next(&it, a, &scratch);
}

static void
memo_save(const struct bgp_update *u, const uint32_t *seen, unsigned nattrs,
    const struct bgp_memo_ops *ops, struct bgp_memo *mm)
{
	size_t base = cur_off(&u->attrs);

	memset(mm, 0, sizeof(*mm));
	memcpy(mm->present, u->present, sizeof(mm->present));
	memcpy(mm->seen, seen, sizeof(mm->seen));
	mm->nattrs = (uint8_t)nattrs;
	mm->i_as_path = mm->i_as4_path = mm->i_mpr = mm->i_mpu = -1;
	for (unsigned i = 0; i < nattrs; i++) {
		size_t off = base + ops->pos[i];
		uint8_t code = u->attrs.p[ops->pos[i] + 1];

		if (bgp_update_has(u, ATTR_AS_PATH) && off == u->as_path.off)
			mm->i_as_path = (int8_t)i;
		if (bgp_update_has(u, ATTR_AS4_PATH) && off == u->as4_path.off)
			mm->i_as4_path = (int8_t)i;
		if (code == ATTR_MP_REACH && bgp_update_has(u, ATTR_MP_REACH) && mm->i_mpr < 0)
			mm->i_mpr = (int8_t)i;
		if (code == ATTR_MP_UNREACH && bgp_update_has(u, ATTR_MP_UNREACH) && mm->i_mpu < 0)
			mm->i_mpu = (int8_t)i;
	}
	if (bgp_update_has(u, ATTR_ORIGIN))
		mm->origin = u->origin;
	if (bgp_update_has(u, ATTR_MED))
		mm->med = u->med;
	if (bgp_update_has(u, ATTR_LOCAL_PREF))
		mm->local_pref = u->local_pref;
	if (bgp_update_has(u, ATTR_NEXT_HOP))
		memcpy(mm->next_hop, u->next_hop, 4);
	if (mm->i_mpr >= 0) {
		mm->mpr_afi = u->mpr_afi;
		mm->mpr_safi = u->mpr_safi;
		mm->mpr_nh_len = u->mpr_nh_len;
		mm->mpr_nh_count = u->mpr_nh_count;
		memcpy(mm->mpr_nh_af, u->mpr_nh_af, sizeof(mm->mpr_nh_af));
		memcpy(mm->mpr_nh, u->mpr_nh, sizeof(mm->mpr_nh));
		mm->mpr_nh_rd = u->mpr_nh_rd;
	}
	if (mm->i_mpu >= 0) {
		mm->mpu_afi = u->mpu_afi;
		mm->mpu_safi = u->mpu_safi;
	}
}

/* The walk's result for this message from a kept one: values copied,
 * views into this message's bytes rebuilt from the attribute offsets. */
static void
memo_restore(struct bgp_update *u, const struct bgp_memo *mm, const struct bgp_memo_ops *ops,
    uint32_t *seen, unsigned *nattrs)
{
	struct bgp_attr a;
	struct cur v;

	memcpy(u->present, mm->present, sizeof(u->present));
	memcpy(seen, mm->seen, sizeof(mm->seen));
	*nattrs = mm->nattrs;
	u->origin = mm->origin;
	u->med = mm->med;
	u->local_pref = mm->local_pref;
	memcpy(u->next_hop, mm->next_hop, 4);
	if (mm->i_as_path >= 0)
		attr_at(u, ops, mm->i_as_path, &u->as_path);
	if (mm->i_as4_path >= 0)
		attr_at(u, ops, mm->i_as4_path, &u->as4_path);
	if (mm->i_mpr >= 0) {
		attr_at(u, ops, mm->i_mpr, &a);
		v = a.val;
		u->mpr_afi = mm->mpr_afi;
		u->mpr_safi = mm->mpr_safi;
		u->mpr_nh_len = mm->mpr_nh_len;
		u->mpr_nh_count = mm->mpr_nh_count;
		memcpy(u->mpr_nh_af, mm->mpr_nh_af, sizeof(u->mpr_nh_af));
		memcpy(u->mpr_nh, mm->mpr_nh, sizeof(u->mpr_nh));
		u->mpr_nh_rd = mm->mpr_nh_rd;
		(void)cur_skip(&v, 4);
		(void)cur_sub(&v, mm->mpr_nh_len, &u->mpr_nh_raw);
		(void)cur_skip(&v, 1);
		u->mpr_nlri = v;
	}
	if (mm->i_mpu >= 0) {
		attr_at(u, ops, mm->i_mpu, &a);
		v = a.val;
		u->mpu_afi = mm->mpu_afi;
		u->mpu_safi = mm->mpu_safi;
		(void)cur_skip(&v, 3);
		u->mpu_withdrawn = v;
	}
}

/* The prefixes inside MP_REACH/MP_UNREACH, checked for this message in
 * attribute order (the kept walk said nothing, so the errors come out in
 * the order a full walk gives them). */
static void
memo_nlri_check(const struct bgp_update *u, const struct bgp_memo *mm,
    const struct bgp_ctx *ctx, struct bgp_errs *errs)
{
	for (int i = 0; i < mm->nattrs; i++) {
		if (i == mm->i_mpr)
			(void)bgp_nlri_check(&u->mpr_nlri, u->mpr_afi, u->mpr_safi, ctx,
			    BGP_TREAT_AFISAFI_DISABLE, errs);
		if (i == mm->i_mpu)
			(void)bgp_nlri_check(&u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, ctx,
			    BGP_TREAT_AFISAFI_DISABLE, errs);
	}
}

/* Split the UPDATE and check its IPv4 NLRI lists; false: session reset. */
static bool
upd_split(const struct bgp_msg *m, const struct bgp_ctx *ctx, struct bgp_update *u,
    struct bgp_errs *errs, int *nlri_n)
{
	struct cur c = m->body;
	uint16_t wlen = 0, alen = 0;

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
		bgp_err_add(errs, UPD_OFF_WLEN, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST,
		    BGP_TREAT_SESSION_RESET, "withdrawn routes length %u exceeds the message", wlen);
		return false;
	}
	if (!cur_u16(&c, &alen) || !cur_sub(&c, alen, &u->attrs)) {
		bgp_err_add(errs, UPD_OFF_ALEN(wlen), BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST,
		    BGP_TREAT_SESSION_RESET, "total path attribute length %u exceeds the message", alen);
		return false;
	}
	u->nlri = c;

	if (bgp_nlri_check(&u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx,
	    BGP_TREAT_SESSION_RESET, errs) < 0)
		return false;
	*nlri_n = bgp_nlri_check(&u->nlri, AFI_IPV4, SAFI_UNICAST, ctx, BGP_TREAT_SESSION_RESET,
	    errs);
	return *nlri_n >= 0;
}

/* Every attribute through the table. */
static void
attrs_walk(struct bgp_update *u, const struct bgp_ctx *ctx, uint32_t *seen,
    unsigned *nattrs, struct bgp_errs *errs)
{
	struct bgp_attr_iter it;
	struct bgp_attr a;
	int r;

	bgp_attr_iter_init(&it, &u->attrs);
	while ((r = bgp_attr_next(&it, &a, errs)) == 1) {
		(*nattrs)++;
		bgp_attr_decode(u, &a, ctx, seen, errs);
	}
	if (r < 0)
		u->attrs_broken = true;
}

/* End-of-RIB (RFC 4724 2) and the mandatory attributes (RFC 4271 5, RFC 7606 3.d). */
static void
upd_finish(struct bgp_update *u, const uint32_t *seen, unsigned nattrs, int nlri_n,
    struct bgp_errs *errs)
{
	size_t wlen = cur_left(&u->withdrawn), alen = cur_left(&u->attrs);

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
	if (nlri_n > 0 || (bgp_update_has(u, ATTR_MP_REACH) && cur_left(&u->mpr_nlri) > 0)) {
		static const uint8_t mand[] = { ATTR_ORIGIN, ATTR_AS_PATH };
		for (size_t i = 0; i < sizeof(mand); i++)
			/* RFC 8205 4.1: BGPsec_PATH is sent instead of AS_PATH */
			if (!BIT_ISSET(seen, mand[i]) && !(mand[i] == ATTR_AS_PATH &&
			    BIT_ISSET(seen, ATTR_BGPSEC_PATH)))
				bgp_err_add(errs, UPD_OFF_ALEN(wlen), BGP_ERR_UPDATE,
				    BGP_ERR_UPD_MISSING, BGP_TREAT_WITHDRAW,
				    "missing well-known attribute %s", bgp_attr_name(mand[i]));
		if (nlri_n > 0 && !BIT_ISSET(seen, ATTR_NEXT_HOP))
			bgp_err_add(errs, UPD_OFF_ALEN(wlen), BGP_ERR_UPDATE,
			    BGP_ERR_UPD_MISSING, BGP_TREAT_WITHDRAW,
			    "missing well-known attribute NEXT_HOP for IPv4 NLRI");
	}
}

bool
bgp_update_parse_memo(const struct bgp_msg *m, const struct bgp_ctx *ctx,
    struct bgp_update *u, struct bgp_errs *errs, struct bgp_memo_ops *ops)
{
	uint32_t seen[8] = { 0 };
	unsigned nattrs = 0, nkey = 0, n0 = errs->n, lost0 = errs->lost;
	const struct bgp_memo *mm = NULL;
	size_t klen = 0;
	int nlri_n = 0;

	if (!upd_split(m, ctx, u, errs, &nlri_n))
		return false;
	if (ops) {
		klen = bgp_memo_key(&u->attrs, ctx, ops, &nkey);
		if (klen)
			mm = ops->get(ops->arg, ops->key, klen);
	}
	if (mm) {
		memo_restore(u, mm, ops, seen, &nattrs);
		memo_nlri_check(u, mm, ctx, errs);
	} else {
		n0 = errs->n;
		lost0 = errs->lost;
		attrs_walk(u, ctx, seen, &nattrs, errs);
		/* kept only when the walk said nothing: nothing message-specific */
		if (klen && errs->n == n0 && errs->lost == lost0 && nattrs == nkey) {
			struct bgp_memo keep;

			memo_save(u, seen, nattrs, ops, &keep);
			ops->put(ops->arg, ops->key, klen, &keep);
		}
	}
	upd_finish(u, seen, nattrs, nlri_n, errs);
	return true;
}

bool
bgp_update_parse(const struct bgp_msg *m, const struct bgp_ctx *ctx,
    struct bgp_update *u, struct bgp_errs *errs)
{
	return bgp_update_parse_memo(m, ctx, u, errs, NULL);
}
