/*
 * bgp_aspath.c - AS path segments, checks and the RFC 6793 merge
 * (bgp_aspath.h). Calls cursor.h and bgp_err.c only.
 */
#include "bgp_aspath.h"


void
bgp_aspath_iter_init(struct bgp_aspath_iter *it, const struct cur *val, unsigned asn_len)
{
	it->c = *val;
	it->asn_len = (uint8_t)asn_len;
}

int
bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *s, struct bgp_errs *errs)
{
	size_t off = cur_off(&it->c);

	if (cur_left(&it->c) == 0)
		return 0;
	s->asn_len = it->asn_len;
	if (!cur_u8(&it->c, &s->type) || !cur_u8(&it->c, &s->count) ||
	    !cur_sub(&it->c, (size_t)s->count * it->asn_len, &s->asns)) {
		bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, BGP_TREAT_WITHDRAW,
		    "AS path segment overruns the attribute (%u-octet ASNs)", it->asn_len);
		it->c.p = it->c.end;
		return -1;
	}
	if (s->type < AS_SET || s->type > AS_CONFED_SET) {
		bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, BGP_TREAT_WITHDRAW,
		    "AS path segment type %u is invalid", s->type);
		return -1;
	}
	if (s->count == 0) {
		bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, BGP_TREAT_WITHDRAW,
		    "AS path segment of length zero");
		return -1;
	}
	return 1;
}

bool
bgp_aspath_asn(struct bgp_aspath_seg *s, uint32_t *as)
{
	uint16_t as2;

	if (s->asn_len == 4)
		return cur_u32(&s->asns, as);
	if (!cur_u16(&s->asns, &as2))
		return false;
	*as = as2;
	return true;
}

int
bgp_aspath_check(const struct cur *val, unsigned asn_len, struct bgp_errs *errs, size_t *hops)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg s;
	int r, nsegs = 0;

	*hops = 0;
	bgp_aspath_iter_init(&it, val, asn_len);
	while ((r = bgp_aspath_next(&it, &s, errs)) == 1) {
		nsegs++;
		if (s.type == AS_SEQUENCE)
			*hops += s.count;
		else if (s.type == AS_SET)
			*hops += 1;
	}
	return r < 0 ? -1 : nsegs;
}

bool
bgp_aspath_has_as0(const struct cur *val, unsigned asn_len)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	struct bgp_errs scratch;
	uint32_t as;

	bgp_errs_reset(&scratch);
	bgp_aspath_iter_init(&it, val, asn_len);
	while (bgp_aspath_next(&it, &seg, &scratch) == 1)
		while (bgp_aspath_asn(&seg, &as))
			if (as == 0)
				return true;
	return false;
}

/* ---------------------------------------------------------------- RFC 6793 merge */

void
bgp_aspath_walk_init(struct bgp_aspath_walk *w, const struct cur *as_path,
    const struct cur *as4_path, bool as4_session)
{
	struct bgp_errs scratch;
	size_t n2, n4;

	bgp_aspath_iter_init(&w->it, as_path, as4_session ? 4 : 2);
	w->as4 = *as_path;
	w->as4.p = w->as4.end;           /* empty: nothing after AS_PATH */
	w->merging = false;
	w->keep = 0;
	if (as4_session || as4_path == NULL)
		return;
	bgp_errs_reset(&scratch);
	if (bgp_aspath_check(as_path, 2, &scratch, &n2) < 0 ||
	    bgp_aspath_check(as4_path, 4, &scratch, &n4) < 0 || n4 > n2)
		return;                  /* AS4_PATH ignored (RFC 6793 4.2.3) */
	w->merging = true;
	w->keep = n2 - n4;
	w->as4 = *as4_path;
}

/* The AS_PATH part is over: continue with AS4_PATH, once. */
static bool
walk_next_part(struct bgp_aspath_walk *w)
{
	if (cur_left(&w->as4) == 0)
		return false;
	bgp_aspath_iter_init(&w->it, &w->as4, 4);
	w->as4.p = w->as4.end;
	w->merging = false;
	return true;
}

int
bgp_aspath_walk_next(struct bgp_aspath_walk *w, struct bgp_aspath_seg *s,
    struct bgp_errs *errs)
{
	size_t take;
	int r;

	for (;;) {
		if (w->merging && w->keep == 0) {
			w->merging = false;
			w->it.c.p = w->it.c.end;
		}
		r = bgp_aspath_next(&w->it, s, errs);
		if (r == 0 && walk_next_part(w))
			continue;
		if (r <= 0 || !w->merging)
			return r;
		if (s->type == AS_CONFED_SEQUENCE || s->type == AS_CONFED_SET)
			continue;        /* not counted, not kept */
		take = s->type == AS_SET ? 1 : s->count;
		if (take > w->keep)
			take = w->keep;
		w->keep -= take;
		if (s->type == AS_SEQUENCE) {
			s->count = (uint8_t)take;
			s->asns.end = s->asns.p + take * s->asn_len;
		}
		return 1;
	}
}
