/*
 * bgp_open.c - OPEN (RFC 4271 4.2, RFC 9072) and capabilities (RFC 5492).
 */
#include <string.h>

#include "bgp.h"
#include "bgp_describe.h"

/*
 * Capability rows. Length rule: len == min + k * unit (k >= 0), or
 * len == min exactly when unit is 0; max bounds variable strings.
 */
struct cap_def {
	uint8_t code;
	const char *name;
	uint16_t min, unit, max;
	void (*describe)(struct cur *v, struct emit *e, struct sbuf *tmp);
};

static void
emit_afi_safi(struct emit *e, uint16_t afi, uint8_t safi)
{
	emit_kstr(e, "afi", bgp_afi_name(afi));
	emit_knum(e, "afi_code", afi);
	emit_kstr(e, "safi", bgp_safi_name(safi));
	emit_knum(e, "safi_code", safi);
}

static void
d_mp(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi;
	uint8_t res, safi;

	(void)tmp;
	if (cur_u16(v, &afi) && cur_u8(v, &res) && cur_u8(v, &safi))
		emit_afi_safi(e, afi, safi);
}

static void
d_orf(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi;
	uint8_t res, safi, n, type, sr;

	(void)tmp;
	e->key(e, "entries");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u8(v, &res) && cur_u8(v, &safi) && cur_u8(v, &n)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, safi);
		e->key(e, "orf");
		e->arr_begin(e);
		for (unsigned i = 0; i < n && cur_u8(v, &type) && cur_u8(v, &sr); i++) {
			e->obj_begin(e);
			emit_knum(e, "type", type);
			emit_kstr(e, "mode", sr == 1 ? "receive" : sr == 2 ? "send" :
			    sr == 3 ? "both" : "invalid");
			e->obj_end(e);
		}
		e->arr_end(e);
		e->obj_end(e);
	}
	e->arr_end(e);
}

static void
d_enh(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi, safi, nhafi;

	(void)tmp;
	e->key(e, "entries");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u16(v, &safi) && cur_u16(v, &nhafi)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, (uint8_t)safi);
		emit_kstr(e, "nexthop_afi", bgp_afi_name(nhafi));
		e->obj_end(e);
	}
	e->arr_end(e);
}

static void
d_bgpsec(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint8_t vd;
	uint16_t afi;

	(void)tmp;
	if (cur_u8(v, &vd) && cur_u16(v, &afi)) {
		emit_knum(e, "version", vd >> 4);
		emit_kstr(e, "direction", (vd & 0x08) ? "send" : "receive");
		emit_kstr(e, "afi", bgp_afi_name(afi));
	}
}

static void
d_mlabels(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi;
	uint8_t safi, count;

	(void)tmp;
	e->key(e, "entries");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u8(v, &safi) && cur_u8(v, &count)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, safi);
		emit_knum(e, "count", count);
		e->obj_end(e);
	}
	e->arr_end(e);
}

static void
d_role(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	static const char *const roles[] = { "provider", "rs", "rs-client", "customer", "peer" };
	uint8_t r;

	(void)tmp;
	if (cur_u8(v, &r)) {
		emit_kstr(e, "role", r < 5 ? roles[r] : "unknown");
		emit_knum(e, "role_code", r);
	}
}

static void
d_gr(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t ft, afi;
	uint8_t safi, fl;

	(void)tmp;
	if (!cur_u16(v, &ft))
		return;
	emit_kbool(e, "restart", (ft & 0x8000) != 0);
	emit_kbool(e, "notification", (ft & 0x4000) != 0);
	emit_knum(e, "time", ft & 0x0FFF);
	e->key(e, "families");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u8(v, &safi) && cur_u8(v, &fl)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, safi);
		emit_kbool(e, "forwarding", (fl & 0x80) != 0);
		e->obj_end(e);
	}
	e->arr_end(e);
}

static void
d_as4(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint32_t as;

	(void)tmp;
	if (cur_u32(v, &as))
		emit_knum(e, "asn", as);
}

static const char *
addpath_mode(uint8_t sr)
{
	return sr == 1 ? "receive" : sr == 2 ? "send" : sr == 3 ? "send/receive" : "invalid";
}

static void
d_addpath(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi;
	uint8_t safi, sr;

	(void)tmp;
	e->key(e, "families");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u8(v, &safi) && cur_u8(v, &sr)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, safi);
		emit_kstr(e, "mode", addpath_mode(sr));
		e->obj_end(e);
	}
	e->arr_end(e);
}

static void
d_llgr(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	uint16_t afi;
	uint8_t safi, fl;
	uint32_t st;

	(void)tmp;
	e->key(e, "families");
	e->arr_begin(e);
	while (cur_u16(v, &afi) && cur_u8(v, &safi) && cur_u8(v, &fl) && cur_u24(v, &st)) {
		e->obj_begin(e);
		emit_afi_safi(e, afi, safi);
		emit_kbool(e, "forwarding", (fl & 0x80) != 0);
		emit_knum(e, "stale_time", st);
		e->obj_end(e);
	}
	e->arr_end(e);
}

/* a length-prefixed string, shown with non-printables escaped */
static void
emit_lstr(struct cur *v, struct emit *e, struct sbuf *tmp, const char *key)
{
	uint8_t n;
	const uint8_t *p;

	if (!cur_u8(v, &n) || !cur_bytes(v, n, &p))
		return;
	tmp->len = 0;
	tmp->p[0] = '\0';
	bgp_fmt_text(tmp, p, n);
	emit_kstr(e, key, tmp->p);
}

static void
d_fqdn(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	emit_lstr(v, e, tmp, "hostname");
	emit_lstr(v, e, tmp, "domain");
}

static void
d_swver(struct cur *v, struct emit *e, struct sbuf *tmp)
{
	emit_lstr(v, e, tmp, "version");
}

static const struct cap_def cap_defs[] = {
	{ 1, "multiprotocol", 4, 0, 4, d_mp },
	{ 2, "route-refresh", 0, 0, 0, NULL },
	{ 3, "outbound-route-filtering", 5, 1, 255, d_orf },
	{ 5, "extended-nexthop", 6, 6, 255, d_enh },
	{ 6, "extended-message", 0, 0, 0, NULL },
	{ 7, "bgpsec", 3, 0, 3, d_bgpsec },
	{ 8, "multiple-labels", 4, 4, 255, d_mlabels },
	{ 9, "role", 1, 0, 1, d_role },
	{ 64, "graceful-restart", 2, 4, 255, d_gr },
	{ 65, "4-octet-as", 4, 0, 4, d_as4 },
	{ 66, "dynamic-capability", 0, 1, 255, NULL },
	{ 67, "multisession", 0, 1, 255, NULL },
	{ 69, "add-path", 4, 4, 255, d_addpath },
	{ 70, "enhanced-route-refresh", 0, 0, 0, NULL },
	{ 71, "long-lived-graceful-restart", 0, 7, 255, d_llgr },
	{ 72, "routing-policy-distribution", 0, 1, 255, NULL },
	{ 73, "fqdn", 2, 1, 255, d_fqdn },
	{ 74, "bfd", 0, 1, 255, NULL },
	{ 75, "software-version", 1, 1, 255, d_swver },
	{ 128, "route-refresh-old", 0, 0, 0, NULL },
	{ 129, "graceful-restart-old", 0, 1, 255, NULL },
	{ 130, "outbound-route-filtering-old", 0, 1, 255, NULL },
	{ 131, "multisession-old", 0, 1, 255, NULL },
};

static const struct cap_def *
cap_def(unsigned code)
{
	size_t i;

	for (i = 0; i < sizeof(cap_defs) / sizeof(cap_defs[0]); i++)
		if (cap_defs[i].code == code)
			return &cap_defs[i];
	return NULL;
}

const char *
bgp_cap_name(unsigned code)
{
	const struct cap_def *d = cap_def(code);
	return d ? d->name : "unknown";
}

void
bgp_cap_describe(const struct bgp_cap *cap, struct emit *e, struct sbuf *tmp)
{
	const struct cap_def *d;
	struct cur v = cap->val;

	if (cap->param_type != 2) {
		emit_knum(e, "param_type", cap->param_type);
		tmp->len = 0;
		sbuf_hex(tmp, v.p, cur_left(&v));
		emit_kstr(e, "hex", tmp->p);
		return;
	}
	d = cap_def(cap->code);
	emit_knum(e, "code", cap->code);
	emit_kstr(e, "name", d ? d->name : "unknown");
	if (d && d->describe)
		d->describe(&v, e, tmp);
	else if (cur_left(&v)) {
		tmp->len = 0;
		sbuf_hex(tmp, v.p, cur_left(&v));
		emit_kstr(e, "hex", tmp->p);
	}
}

/* Is this capability's length what its definition allows? */
static bool
cap_len_ok(const struct cap_def *d, unsigned len)
{
	if (len < d->min || len > d->max)
		return false;
	if (d->unit == 0)
		return len == d->min;
	return (len - d->min) % d->unit == 0;
}

void
bgp_cap_iter_init(struct bgp_cap_iter *it, const struct bgp_open *o)
{
	it->params = o->params;
	it->ext = o->ext_params;
	it->in_caps = false;
	cur_init(&it->caps, o->params.base, 0);
}

int
bgp_cap_next(struct bgp_cap_iter *it, struct bgp_cap *cap, struct bgp_errs *errs)
{
	for (;;) {
		if (it->in_caps && cur_left(&it->caps) > 0) {
			uint8_t code, len;

			cap->off = cur_off(&it->caps);
			if (!cur_u8(&it->caps, &code) || !cur_u8(&it->caps, &len) ||
			    !cur_sub(&it->caps, len, &cap->val)) {
				bgp_err_add(errs, cap->off, 2, 0, BGP_TREAT_SESSION_RESET,
				    "capability overruns its optional parameter (%zu bytes left)",
				    cur_left(&it->caps));
				it->caps.p = it->caps.end;
				return -1;
			}
			cap->param_type = 2;
			cap->code = code;
			cap->len = len;
			return 1;
		}
		it->in_caps = false;
		if (cur_left(&it->params) == 0)
			return 0;
		{
			uint8_t type, len8;
			uint16_t len;
			size_t off = cur_off(&it->params);
			struct cur val;

			if (!cur_u8(&it->params, &type)) /* cannot fail: left > 0 */
				return 0;
			if (it->ext) {
				if (!cur_u16(&it->params, &len))
					goto bad;
			} else {
				if (!cur_u8(&it->params, &len8))
					goto bad;
				len = len8;
			}
			if (!cur_sub(&it->params, len, &val))
				goto bad;
			if (type == 2) {
				it->caps = val;
				it->in_caps = true;
				continue;
			}
			cap->param_type = type;
			cap->code = 0;
			cap->len = len;
			cap->off = off;
			cap->val = val;
			if (type != 1) /* 1: authentication, deprecated */
				bgp_err_add(errs, off, 2, 4, BGP_TREAT_SESSION_RESET,
				    "unsupported optional parameter type %u", type);
			return 1;
bad:
			bgp_err_add(errs, off, 2, 0, BGP_TREAT_SESSION_RESET,
			    "optional parameter overruns the parameter block (%zu bytes left)",
			    cur_left(&it->params));
			it->params.p = it->params.end;
			return -1;
		}
	}
}

uint32_t
bgp_open_asn(const struct bgp_open *o)
{
	return o->has_as4 ? o->as4 : o->my_as;
}

bool
bgp_open_parse(const struct bgp_msg *m, struct bgp_open *o, struct bgp_errs *errs)
{
	struct cur c = m->body;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	uint8_t plen;
	int r;

	memset(o, 0, sizeof(*o));
	if (!cur_u8(&c, &o->version) || !cur_u16(&c, &o->my_as) ||
	    !cur_u16(&c, &o->hold_time) || !cur_u32(&c, &o->bgp_id) ||
	    !cur_u8(&c, &plen)) {
		bgp_err_add(errs, cur_off(&c), 1, 2, BGP_TREAT_SESSION_RESET,
		    "OPEN truncated in its fixed fields");
		return false;
	}
	if (o->version != 4)
		bgp_err_add(errs, 19, 2, 1, BGP_TREAT_SESSION_RESET,
		    "unsupported version %u", o->version);
	if (o->hold_time == 1 || o->hold_time == 2)
		bgp_err_add(errs, 22, 2, 6, BGP_TREAT_SESSION_RESET,
		    "hold time %u is not 0 and below 3 seconds", o->hold_time);
	if (o->bgp_id == 0)
		bgp_err_add(errs, 24, 2, 3, BGP_TREAT_SESSION_RESET,
		    "BGP identifier 0.0.0.0");
	/* RFC 9072: length 255 and a first parameter type of 255 */
	if (plen == 255 && cur_left(&c) >= 1 && c.p[0] == 255) {
		uint16_t elen;
		uint8_t ff;

		(void)cur_u8(&c, &ff);
		if (!cur_u16(&c, &elen)) {
			bgp_err_add(errs, cur_off(&c), 2, 0, BGP_TREAT_SESSION_RESET,
			    "extended optional parameters length truncated");
			return false;
		}
		o->ext_params = true;
		plen = 0;
		if (!cur_sub(&c, elen, &o->params)) {
			bgp_err_add(errs, 30, 2, 0, BGP_TREAT_SESSION_RESET,
			    "extended optional parameters length %u, only %zu bytes follow",
			    elen, cur_left(&c));
			return false;
		}
	} else if (!cur_sub(&c, plen, &o->params)) {
		bgp_err_add(errs, 28, 2, 0, BGP_TREAT_SESSION_RESET,
		    "optional parameters length %u, only %zu bytes follow", plen, cur_left(&c));
		return false;
	}
	if (cur_left(&c))
		bgp_err_add(errs, cur_off(&c), 1, 2, BGP_TREAT_SESSION_RESET,
		    "%zu bytes after the optional parameters", cur_left(&c));

	bgp_cap_iter_init(&it, o);
	while ((r = bgp_cap_next(&it, &cap, errs)) == 1) {
		const struct cap_def *d;
		struct cur v = cap.val;

		if (cap.param_type != 2)
			continue;
		d = cap_def(cap.code);
		if (d && !cap_len_ok(d, cap.len)) {
			bgp_err_add(errs, cap.off, 2, 0, BGP_TREAT_SESSION_RESET,
			    "capability %u (%s) has length %u, not allowed",
			    cap.code, d->name, cap.len);
			continue;
		}
		switch (cap.code) {
		case 1:
			if (o->n_mp < BGP_CTX_MAX_AFS) {
				uint8_t res;

				(void)cur_u16(&v, &o->mp[o->n_mp].afi);
				(void)cur_u8(&v, &res);
				(void)cur_u8(&v, &o->mp[o->n_mp].safi);
				o->n_mp++;
			}
			break;
		case 2: case 128:
			o->route_refresh = true;
			break;
		case 6:
			o->ext_msg = true;
			break;
		case 64:
			o->graceful_restart = true;
			break;
		case 65:
			o->has_as4 = true;
			(void)cur_u32(&v, &o->as4);
			if (o->my_as != 23456 && o->my_as != o->as4 && o->as4 <= 0xFFFF)
				bgp_err_add(errs, cap.off, 2, 2, BGP_TREAT_NONE,
				    "My AS %u differs from the 4-octet AS %u", o->my_as, o->as4);
			break;
		case 69:
			while (cur_left(&v) >= 4 && o->n_addpath < BGP_CTX_MAX_AFS) {
				uint8_t sr = 0;

				(void)cur_u16(&v, &o->addpath[o->n_addpath].afi);
				(void)cur_u8(&v, &o->addpath[o->n_addpath].safi);
				(void)cur_u8(&v, &sr);
				if (sr < 1 || sr > 3)
					bgp_err_add(errs, cap.off, 2, 0, BGP_TREAT_NONE,
					    "ADD-PATH send/receive value %u is invalid", sr);
				o->addpath[o->n_addpath++].sr = sr;
			}
			break;
		case 70:
			o->enhanced_rr = true;
			break;
		}
	}
	return true;
}
