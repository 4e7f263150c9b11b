/*
 * bgp_nlri.c - the NLRI families that are not IP prefixes: the table of
 * rows (which AFI/SAFI, how an entry is delimited, its walker), one entry
 * of the NLRI list (bgp_nlri_fam_next, called by bgp_afi.c's iterator),
 * and the printers' entry points: the one-line text form and the
 * structured description. Calls the walkers, the cursor, sbuf, bgp_err.
 */
#include <string.h>

#include "bgp_nlri.h"
#include "bgp_describe.h"

/* How an entry is delimited in the list. */
enum nhdr {
	NH_TYPE_LEN,    /* type (1), length (1) in octets: EVPN, MVPN */
	NH_MUP,         /* architecture (1), route type (2), length (1): MUP */
	NH_FLOW,        /* length (1, or 2 when >= 0xf0: 12 bits): flowspec */
	NH_BITS,        /* length (1) in bits: RT constraint */
	NH_LEN16,       /* length (2) in octets: VPLS */
	NH_TYPE2_LEN2,  /* type (2), length (2) in octets: BGP-LS */
};

struct fam_row {
	uint16_t afi;            /* 0: any */
	uint8_t safi;
	uint8_t hdr;             /* enum nhdr */
	const char *name;
	const char *rfc;         /* the treatment's reference in errors */
	nlri_walk_fn walk;
	bool alt;                /* a second reading when the first fails (flowspec) */
};

static const struct fam_row fam_rows[] = {
	{ 25, 70, NH_TYPE_LEN, "EVPN", "RFC 7432 / RFC 7606 5.3", bgp_evpn_walk, false },
	{ 0, 133, NH_FLOW, "flowspec", "RFC 8955 / RFC 7606 5.3", bgp_flowspec_walk, true },
	{ 0, 134, NH_FLOW, "VPN flowspec", "RFC 8955 / RFC 7606 5.3", bgp_flowspec_walk, true },
	{ 1, 132, NH_BITS, "RT constraint", "RFC 4684 / RFC 7606 5.3", bgp_rtc_walk, false },
	{ 25, 65, NH_LEN16, "VPLS", "RFC 4761 / RFC 7606 5.3", bgp_vpls_walk, false },
	{ 16388, 71, NH_TYPE2_LEN2, "BGP-LS", "RFC 9552 / RFC 7606 5.3", bgp_ls_walk, false },
	{ 16388, 72, NH_TYPE2_LEN2, "BGP-LS VPN", "RFC 9552 / RFC 7606 5.3", bgp_ls_walk, false },
	{ 1, 73, NH_BITS, "SR Policy", "RFC 9830 / RFC 7606 5.3", bgp_srte_walk, false },
	{ 2, 73, NH_BITS, "SR Policy", "RFC 9830 / RFC 7606 5.3", bgp_srte_walk, false },
	{ 1, 5, NH_TYPE_LEN, "MVPN", "RFC 6514 / RFC 7606 5.3", bgp_mvpn_walk, false },
	{ 2, 5, NH_TYPE_LEN, "MVPN", "RFC 6514 / RFC 7606 5.3", bgp_mvpn_walk, false },
	{ 1, 85, NH_MUP, "MUP", "draft-ietf-bess-mup-safi / RFC 7606 5.3", bgp_mup_walk, false },
	{ 2, 85, NH_MUP, "MUP", "draft-ietf-bess-mup-safi / RFC 7606 5.3", bgp_mup_walk, false },
};
#define N_FAM (sizeof(fam_rows) / sizeof(fam_rows[0]))

unsigned
bgp_nlri_fam(uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < N_FAM; i++)
		if ((fam_rows[i].afi == 0 || fam_rows[i].afi == afi) && fam_rows[i].safi == safi)
			return i + 1;
	return 0;
}

/* The entry's header: route type and value length; false: truncated. */
static bool
read_hdr(const struct fam_row *r, struct cur *c, unsigned *type, unsigned *len)
{
	uint8_t b, t8;
	uint16_t t16;

	*type = 0;
	switch (r->hdr) {
	case NH_TYPE_LEN:
		if (!cur_u8(c, &t8) || !cur_u8(c, &b))
			return false;
		*type = t8;
		*len = b;
		return true;
	case NH_MUP:
		if (!cur_u8(c, &t8) || !cur_u16(c, &t16) || !cur_u8(c, &b))
			return false;
		*type = (unsigned)t8 << 16 | t16;
		*len = b;
		return true;
	case NH_FLOW:
		if (!cur_u8(c, &b))
			return false;
		*len = b;
		if (b >= 0xf0) {
			if (!cur_u8(c, &t8))
				return false;
			*len = (unsigned)(b & 0x0f) << 8 | t8;
		}
		return true;
	case NH_BITS:
		if (!cur_u8(c, &b))
			return false;
		*type = b;               /* the length in bits, for the walker */
		*len = (b + 7u) / 8u;
		return true;
	case NH_LEN16:
		if (!cur_u16(c, &t16))
			return false;
		*len = t16;
		return true;
	case NH_TYPE2_LEN2:
		if (!cur_u16(c, &t16))
			return false;
		*type = t16;
		if (!cur_u16(c, &t16))
			return false;
		*len = t16;
		return true;
	}
	return false;
}

/*
 * A flowspec entry RFC 8956 cannot delimit, read the way the drafts'
 * encoders write an IPv6 prefix with an offset (the whole prefix): when
 * that reading takes the entry exactly, it is shown, with an error that
 * says an RFC 8956 receiver treats it as withdrawn. No silent guess.
 */
static bool
alt_reading(const struct fam_row *r, struct bgp_prefix *p, size_t off, const uint8_t *base,
    struct bgp_errs *errs)
{
	struct nlri_out o;
	struct cur v;

	if (!r->alt || p->afi != AFI_IPV6)
		return false;
	memset(&o, 0, sizeof(o));
	o.afi = p->afi;
	o.safi = p->safi;
	o.legacy = true;
	o.entry_off = (size_t)(p->raw - base);
	cur_init(&v, p->raw + p->hdrlen, (size_t)(p->rawlen - p->hdrlen));
	v.base = base;                 /* message-relative offsets */
	if (!r->walk(&o, p->rtype, &v) || cur_left(&v))
		return false;
	p->fam_alt = true;
	bgp_err_add(errs, off, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, BGP_TREAT_WITHDRAW,
	    "%s NLRI: IPv6 prefix with offset written whole (pre-RFC 8956 encoders); "
	    "shown so, RFC 8956 3.1 cannot delimit it", r->name);
	return true;
}

int
bgp_nlri_fam_next(struct cur *c, struct bgp_prefix *p, uint8_t treat, struct bgp_errs *errs)
{
	const struct fam_row *r = &fam_rows[p->fam - 1];
	const uint8_t *start = c->p;
	struct cur v;
	unsigned type, len;
	struct nlri_out o;
	bool ok;

	if (!read_hdr(r, c, &type, &len)) {
		bgp_err_add(errs, cur_off(c), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, treat,
		    "%s NLRI: %zu bytes left, too short for an entry header", r->name, cur_left(c));
		return -1;
	}
	if (!cur_sub(c, len, &v)) {
		bgp_err_add(errs, (size_t)(start - c->base), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
		    treat, "%s NLRI: length %u, %zu bytes left (%s)", r->name, len, cur_left(c),
		    r->rfc);
		return -1;
	}
	p->raw = start;
	p->rawlen = (uint16_t)(c->p - start);
	p->hdrlen = (uint8_t)(v.p - start);
	p->rtype = type;
	memset(&o, 0, sizeof(o));
	o.afi = p->afi;
	o.safi = p->safi;
	o.entry_off = (size_t)(start - c->base);
	ok = r->walk(&o, type, &v);
	if ((!ok || cur_left(&v)) && alt_reading(r, p, ok ? cur_off(&v) : o.off, c->base, errs))
		return 1;
	if (!ok) {
		p->fam_bad = true;
		bgp_err_add(errs, o.off, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, BGP_TREAT_WITHDRAW,
		    "%s NLRI type %u: %s%s%s (%s)", r->name, type, o.what ? o.what : "",
		    o.what ? ": " : "", o.why, r->rfc);
	} else if (cur_left(&v)) {
		p->fam_bad = true;
		bgp_err_add(errs, cur_off(&v), BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
		    BGP_TREAT_WITHDRAW, "%s NLRI type %u: %zu bytes after its last field (%s)",
		    r->name, type, cur_left(&v), r->rfc);
	}
	return 1;
}

/* ---------------------------------------------------------------- output */

static void
walk_entry(const struct bgp_prefix *p, struct emit *e, bool text)
{
	const struct fam_row *r = &fam_rows[p->fam - 1];
	struct nlri_out o;
	struct cur v;

	memset(&o, 0, sizeof(o));
	o.e = e;
	o.text = text;
	o.afi = p->afi;
	o.safi = p->safi;
	cur_init(&v, p->raw + p->hdrlen, (size_t)(p->rawlen - p->hdrlen));
	o.legacy = p->fam_alt;
	if (!p->fam_bad) {
		(void)r->walk(&o, p->rtype, &v);
		return;
	}
	/* malformed (the error says why): the entry as type and hex */
	emit_kstr(e, "type", "malformed");
	if (r->hdr != NH_FLOW && r->hdr != NH_LEN16)
		emit_knum(e, "route_type", p->rtype);
	{
		char buf[2 * 300 + 8];
		struct sbuf s;

		sbuf_init(&s, buf, sizeof(buf));
		sbuf_put(&s, "0x");
		sbuf_hex(&s, p->raw, p->rawlen);
		if (s.trunc)
			sbuf_init(&s, buf, sizeof(buf)), sbuf_put(&s, "(too long to show)");
		emit_kstr(e, "hex", s.p);
	}
}

/*
 * The text line's emitter: "type key value key value", arrays joined by
 * commas, objects flattened; the value of "type" without its key.
 */
struct lemit {
	struct emit e;
	struct sbuf *s;
	const char *key;
	bool first, in_arr, arr_first;
};

static void
l_val(struct lemit *l, const char *v)
{
	if (l->in_arr) {
		if (!l->arr_first)
			sbuf_putc(l->s, ',');
		l->arr_first = false;
	} else {
		if (!l->first)
			sbuf_putc(l->s, ' ');
		l->first = false;
		if (l->key && strcmp(l->key, "type") != 0) {
			sbuf_put(l->s, l->key);
			sbuf_putc(l->s, ' ');
		}
	}
	l->key = NULL;
	sbuf_put(l->s, v);
}

static void l_key(struct emit *e, const char *k) { ((struct lemit *)e)->key = k; }
static void l_str(struct emit *e, const char *v) { l_val((struct lemit *)e, v); }

static void l_nop(struct emit *e) { (void)e; }

static void
l_arr_begin(struct emit *e)
{
	struct lemit *l = (struct lemit *)e;

	if (!l->first)
		sbuf_putc(l->s, ' ');
	l->first = false;
	if (l->key) {
		sbuf_put(l->s, l->key);
		sbuf_putc(l->s, ' ');
	}
	l->key = NULL;
	l->in_arr = true;
	l->arr_first = true;
}

static void l_arr_end(struct emit *e) { ((struct lemit *)e)->in_arr = false; }

void
bgp_fmt_nlri(struct sbuf *s, const struct bgp_prefix *p)
{
	static const struct emit ops = {
		.key = l_key, .str = l_str, .num = nout_num_str, .boolean = nout_bool_str,
		.obj_begin = l_nop, .obj_end = l_nop,
		.arr_begin = l_arr_begin, .arr_end = l_arr_end,
	};
	struct lemit l;

	if (p->fam == 0 || p->fam > N_FAM) {
		bgp_fmt_prefix(s, p);
		return;
	}
	memset(&l, 0, sizeof(l));
	l.e = ops;
	l.s = s;
	l.first = true;
	walk_entry(p, &l.e, true);
}

void
bgp_nlri_describe(const struct bgp_prefix *p, struct emit *e)
{
	if (p->fam == 0 || p->fam > N_FAM)
		return;
	walk_entry(p, e, false);
}

size_t
bgp_nlri_text_max(const struct bgp_prefix *p)
{
	/* the longest text per value octet: flowspec bitmask names */
	return p->fam ? 12u * p->rawlen + 160 : 160;
}
