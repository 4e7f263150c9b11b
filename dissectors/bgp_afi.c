/*
 * bgp_afi.c - address families and NLRI decoding.
 */
#include <string.h>

#include "bgp.h"

#define LABEL_BOS       0x000001    /* bottom of stack, in the 24-bit field */
#define LABEL_WITHDRAW  0x800000    /* RFC 8277 2.4: withdrawn label value */

struct afi_row { unsigned code; const char *name; };

static const struct afi_row afi_names[] = {
	{ 1, "IPv4" }, { 2, "IPv6" }, { 3, "NSAP" }, { 25, "L2VPN" },
	{ 16388, "BGP-LS" }, { 16397, "routing-policy" },
};

static const struct afi_row safi_names[] = {
	{ 1, "unicast" }, { 2, "multicast" }, { 4, "labeled-unicast" },
	{ 5, "MCAST-VPN" }, { 8, "MCAST-VPLS" }, { 9, "BGP-SFC" },
	{ 64, "tunnel" }, { 65, "VPLS" }, { 66, "MDT" }, { 67, "4over6" },
	{ 68, "6over4" }, { 70, "EVPN" }, { 71, "BGP-LS" }, { 72, "BGP-LS-VPN" },
	{ 73, "SR-TE" }, { 74, "SD-WAN" }, { 76, "classful-transport" },
	{ 80, "tunneled-traffic-flowspec" }, { 83, "BGP-CAR" }, { 84, "BGP-VPN-CAR" },
	{ 85, "MUP" },
	{ 128, "VPN" }, { 129, "multicast-VPN" }, { 132, "route-target" },
	{ 133, "flowspec" }, { 134, "VPN-flowspec" }, { 140, "VPN-auto-discovery" },
};

static const char *
row_lookup(const struct afi_row *t, size_t n, unsigned code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

const char *
bgp_afi_name(unsigned afi)
{
	const char *n = row_lookup(afi_names, sizeof(afi_names) / sizeof(afi_names[0]), afi);
	return n ? n : "unknown-AFI";
}

const char *
bgp_safi_name(unsigned safi)
{
	const char *n = row_lookup(safi_names, sizeof(safi_names) / sizeof(safi_names[0]), safi);
	return n ? n : "unknown-SAFI";
}

bool
bgp_afsafi_decoded(uint16_t afi, uint8_t safi)
{
	if (afi != AFI_IPV4 && afi != AFI_IPV6)
		return false;
	return safi == SAFI_UNICAST || safi == SAFI_MULTICAST ||
	    safi == SAFI_LABELED || safi == SAFI_VPN;
}

bool
bgp_ctx_addpath(const struct bgp_ctx *ctx, uint16_t afi, uint8_t safi)
{
	unsigned i;

	if (ctx->addpath_any)
		return true;
	for (i = 0; i < ctx->n_addpath && i < BGP_CTX_MAX_AFS; i++)
		if (ctx->addpath[i].afi == afi && ctx->addpath[i].safi == safi)
			return true;
	return false;
}

bool
bgp_ctx_enh(const struct bgp_ctx *ctx, uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < ctx->n_enh && i < BGP_CTX_MAX_AFS; i++)
		if (ctx->enh[i].afi == afi && ctx->enh[i].safi == safi)
			return true;
	return false;
}

bool
bgp_prefix_is_default(const struct bgp_prefix *p)
{
	return !p->opaque && !p->has_rd && p->nlabels == 0 && p->plen == 0 &&
	    (p->afi == AFI_IPV4 || p->afi == AFI_IPV6);
}

void
bgp_nlri_iter_init(struct bgp_nlri_iter *it, const struct cur *c,
    uint16_t afi, uint8_t safi, bool addpath)
{
	it->c = *c;
	it->afi = afi;
	it->safi = safi;
	it->addpath = addpath;
	it->treat = BGP_TREAT_SESSION_RESET;
}

/* RFC 8277 labels up to the bottom of the stack, then (VPN, RFC 4364) the
 * route distinguisher; *bits loses what they take. */
static bool
nlri_labels_rd(const struct bgp_nlri_iter *it, struct cur *c, struct bgp_prefix *p,
    uint8_t len8, unsigned *bits, struct bgp_errs *errs)
{
	for (;;) {
		uint32_t l;

		if (*bits < 24) {
			bgp_err_add(errs, p->off, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
			    "NLRI: length %u bits too short for its labels", len8);
			return false;
		}
		if (!cur_u24(c, &l)) {
			bgp_err_add(errs, cur_off(c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
			    "NLRI: truncated label stack");
			return false;
		}
		*bits -= 24;
		if (p->nlabels >= BGP_MAX_LABELS) {
			bgp_err_add(errs, cur_off(c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
			    "NLRI: more than %d labels without bottom of stack",
			    BGP_MAX_LABELS);
			return false;
		}
		p->labels[p->nlabels++] = l >> 4;
		/* bottom of stack, or the RFC 8277 withdraw value 0x800000 */
		if ((l & LABEL_BOS) || l == LABEL_WITHDRAW || l == 0)
			break;
	}
	if (it->safi == SAFI_VPN) {
		if (*bits < 64 || !cur_copy(c, p->rd, 8)) {
			bgp_err_add(errs, p->off, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
			    "NLRI: length %u bits too short for a route distinguisher", len8);
			return false;
		}
		*bits -= 64;
		p->has_rd = true;
	}
	return true;
}

/*
 * One NLRI: [path id (4)] length (1, in bits) [labels (3 each)] [RD (8)]
 * prefix (ceil(bits/8)). Fails without consuming the rest on any overrun.
 */
int
bgp_nlri_next(struct bgp_nlri_iter *it, struct bgp_prefix *p, struct bgp_errs *errs)
{
	struct cur c = it->c;
	unsigned maxbits, bits, nbytes;
	uint8_t len8;

	if (cur_left(&c) == 0)
		return 0;
	memset(p, 0, sizeof(*p));
	p->afi = it->afi;
	p->safi = it->safi;
	p->off = (uint32_t)cur_off(&c);
	p->raw = c.p;

	if (!bgp_afsafi_decoded(it->afi, it->safi) && bgp_nlri_fam(it->afi, it->safi) == 0) {
		/* cannot delimit entries of an undecoded family: one hex blob */
		p->opaque = true;
		p->rawlen = (uint16_t)cur_left(&c);
		it->c.p = it->c.end;
		return 1;
	}
	if (it->addpath) {
		if (!cur_u32(&c, &p->pathid)) {
			bgp_err_add(errs, cur_off(&c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
			    "NLRI: %zu bytes left, too short for an ADD-PATH path identifier",
			    cur_left(&c));
			return -1;
		}
		p->has_pathid = true;
	}
	if (!bgp_afsafi_decoded(it->afi, it->safi)) {
		/* EVPN, flowspec, ...: an entry of its family (bgp_nlri.c) */
		p->fam = (uint8_t)bgp_nlri_fam(it->afi, it->safi);
		p->opaque = true;
		if (bgp_nlri_fam_next(&c, p, it->treat, errs) < 0)
			return -1;
		it->c = c;
		return 1;
	}
	if (!cur_u8(&c, &len8)) {
		bgp_err_add(errs, cur_off(&c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
		    "NLRI: path identifier without a prefix length");
		return -1;
	}
	bits = len8;
	maxbits = it->afi == AFI_IPV4 ? 32 : 128;
	if ((it->safi == SAFI_LABELED || it->safi == SAFI_VPN) &&
	    !nlri_labels_rd(it, &c, p, len8, &bits, errs))
		return -1;
	if (bits > maxbits) {
		bgp_err_add(errs, p->off, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
		    "NLRI: prefix length %u exceeds %u for %s", bits, maxbits,
		    bgp_afi_name(it->afi));
		return -1;
	}
	nbytes = (bits + 7) / 8;
	if (!cur_copy(&c, p->addr, nbytes)) {
		bgp_err_add(errs, cur_off(&c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, it->treat,
		    "NLRI: prefix /%u needs %u bytes, %zu left", bits, nbytes, cur_left(&c));
		return -1;
	}
	p->plen = (uint8_t)bits;
	p->rawlen = (uint16_t)(c.p - p->raw);
	it->c = c;
	return 1;
}

int
bgp_nlri_check(const struct cur *c, uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx,
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
