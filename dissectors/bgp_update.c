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
	nlri_n = bgp_nlri_check(&u->nlri, AFI_IPV4, SAFI_UNICAST, ctx, BGP_TREAT_SESSION_RESET, errs);
	if (nlri_n < 0)
		return false;

	bgp_attr_iter_init(&it, &u->attrs);
	while ((r = bgp_attr_next(&it, &a, errs)) == 1) {
		nattrs++;
		bgp_attr_decode(u, &a, ctx, seen, errs);
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
				bgp_err_add(errs, UPD_OFF_ALEN(wlen), BGP_ERR_UPDATE,
				    BGP_ERR_UPD_MISSING, BGP_TREAT_WITHDRAW,
				    "missing well-known attribute %s", bgp_attr_name(mand[i]));
		if (nlri_n > 0 && !BIT_ISSET(seen, ATTR_NEXT_HOP))
			bgp_err_add(errs, UPD_OFF_ALEN(wlen), BGP_ERR_UPDATE,
			    BGP_ERR_UPD_MISSING, BGP_TREAT_WITHDRAW,
			    "missing well-known attribute NEXT_HOP for IPv4 NLRI");
	}
	return true;
}
