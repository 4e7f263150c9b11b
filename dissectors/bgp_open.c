/*
 * bgp_open.c - OPEN (RFC 4271 4.2, RFC 9072) and capabilities (RFC 5492).
 */
#include <string.h>

#include "bgp.h"
#include "bgp_describe.h"

/* offsets of the OPEN's fixed fields in the message (RFC 4271 4.2) */
#define OPEN_OFF_VERSION   BGP_HDR_LEN
#define OPEN_OFF_HOLD      (BGP_HDR_LEN + 3)
#define OPEN_OFF_ID        (BGP_HDR_LEN + 5)
#define OPEN_OFF_PLEN      (BGP_HDR_LEN + 9)
#define OPEN_OFF_EXT_PLEN  (BGP_HDR_LEN + 11)    /* RFC 9072 */

/*
 * Capability rows: name, one length rule (bgp.h), a record function that
 * notes the capability in the OPEN's summary, and a describe function.
 */
struct cap_def {
	const char *name;        /* NULL: unknown code */
	struct bgp_len_rule len;
	void (*record)(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs);
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
	return sr == BGP_ADDPATH_RECEIVE ? "receive" : sr == BGP_ADDPATH_SEND ? "send" :
	    sr == BGP_ADDPATH_BOTH ? "send/receive" : "invalid";
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

/* ---------------------------------------------------------------- record */

static void
r_mp(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	struct cur v = cap->val;
	uint8_t res;

	(void)errs;
	if (o->n_mp >= BGP_CTX_MAX_AFS)
		return;
	(void)cur_u16(&v, &o->mp[o->n_mp].afi);
	(void)cur_u8(&v, &res);
	(void)cur_u8(&v, &o->mp[o->n_mp].safi);
	o->n_mp++;
}

/* RFC 8950: <NLRI AFI, NLRI SAFI, next hop AFI>; only IPv6 next hops matter */
static void
r_enh(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	struct cur v = cap->val;
	uint16_t afi, safi, nhafi;

	(void)errs;
	while (cur_u16(&v, &afi) && cur_u16(&v, &safi) && cur_u16(&v, &nhafi)) {
		if (nhafi != AFI_IPV6 || safi > 255 || o->n_enh >= BGP_CTX_MAX_AFS)
			continue;
		o->enh[o->n_enh].afi = afi;
		o->enh[o->n_enh].safi = (uint8_t)safi;
		o->n_enh++;
	}
}

static void
r_route_refresh(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	(void)cap; (void)errs;
	o->route_refresh = true;
}

static void
r_ext_msg(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	(void)cap; (void)errs;
	o->ext_msg = true;
}

static void
r_gr(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	struct cur v = cap->val;
	uint16_t ft = 0;
	uint8_t fl = 0;

	(void)errs;
	o->graceful_restart = true;
	memset(&o->gr, 0, sizeof(o->gr));
	o->gr.present = true;
	(void)cur_u16(&v, &ft);
	o->gr.restarting = (ft & 0x8000) != 0;
	o->gr.notification = (ft & 0x4000) != 0;
	o->gr.time = ft & 0x0FFF;
	while (cur_left(&v) >= 4 && o->gr.n < BGP_CTX_MAX_AFS) {
		(void)cur_u16(&v, &o->gr.af[o->gr.n].afi);
		(void)cur_u8(&v, &o->gr.af[o->gr.n].safi);
		(void)cur_u8(&v, &fl);
		o->gr.af[o->gr.n++].forwarding = (fl & 0x80) != 0;
	}
}

bool
bgp_gr_has(const struct bgp_gr *g, uint16_t afi, uint8_t safi, bool *forwarding)
{
	for (unsigned i = 0; g->present && i < g->n; i++)
		if (g->af[i].afi == afi && g->af[i].safi == safi) {
			if (forwarding != NULL)
				*forwarding = g->af[i].forwarding;
			return true;
		}
	return false;
}

static void
r_enhanced_rr(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	(void)cap; (void)errs;
	o->enhanced_rr = true;
}

static void
r_as4(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	struct cur v = cap->val;

	o->has_as4 = true;
	(void)cur_u32(&v, &o->as4);
	if (o->my_as != AS_TRANS && o->my_as != o->as4 && o->as4 <= 0xFFFF)
		bgp_err_add(errs, cap->off, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS, BGP_TREAT_NONE,
		    "My AS %u differs from the 4-octet AS %u", o->my_as, o->as4);
}

static void
r_addpath(struct bgp_open *o, const struct bgp_cap *cap, struct bgp_errs *errs)
{
	struct cur v = cap->val;

	while (cur_left(&v) >= 4 && o->n_addpath < BGP_CTX_MAX_AFS) {
		uint8_t sr = 0;

		(void)cur_u16(&v, &o->addpath[o->n_addpath].afi);
		(void)cur_u8(&v, &o->addpath[o->n_addpath].safi);
		(void)cur_u8(&v, &sr);
		if (sr < BGP_ADDPATH_RECEIVE || sr > BGP_ADDPATH_BOTH)
			bgp_err_add(errs, cap->off, BGP_ERR_OPEN, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
			    "ADD-PATH send/receive value %u is invalid", sr);
		o->addpath[o->n_addpath++].sr = sr;
	}
}

/* ---------------------------------------------------------------- the table */

#define LEN(mn, un, mx) { .min = (mn), .unit = (un), .max = (mx) }
#define NONE  LEN(0, 0, 0)
#define ANY   LEN(0, 1, 255)

static const struct cap_def cap_defs[256] = {
	[BGP_CAP_MP] = { "multiprotocol", LEN(4, 0, 4), r_mp, d_mp },
	[BGP_CAP_ROUTE_REFRESH] = { "route-refresh", NONE, r_route_refresh, NULL },
	[BGP_CAP_ORF] = { "outbound-route-filtering", LEN(5, 1, 255), NULL, d_orf },
	[BGP_CAP_EXT_NEXTHOP] = { "extended-nexthop", LEN(6, 6, 255), r_enh, d_enh },
	[BGP_CAP_EXT_MESSAGE] = { "extended-message", NONE, r_ext_msg, NULL },
	[BGP_CAP_BGPSEC] = { "bgpsec", LEN(3, 0, 3), NULL, d_bgpsec },
	[BGP_CAP_MULTI_LABELS] = { "multiple-labels", LEN(4, 4, 255), NULL, d_mlabels },
	[BGP_CAP_ROLE] = { "role", LEN(1, 0, 1), NULL, d_role },
	[BGP_CAP_GRACEFUL_RESTART] = { "graceful-restart", LEN(2, 4, 255), r_gr, d_gr },
	[BGP_CAP_AS4] = { "4-octet-as", LEN(4, 0, 4), r_as4, d_as4 },
	[BGP_CAP_DYNAMIC] = { "dynamic-capability", ANY, NULL, NULL },
	[BGP_CAP_MULTISESSION] = { "multisession", ANY, NULL, NULL },
	[BGP_CAP_ADD_PATH] = { "add-path", LEN(4, 4, 255), r_addpath, d_addpath },
	[BGP_CAP_ENHANCED_RR] = { "enhanced-route-refresh", NONE, r_enhanced_rr, NULL },
	[BGP_CAP_LLGR] = { "long-lived-graceful-restart", LEN(0, 7, 255), NULL, d_llgr },
	[BGP_CAP_RPD] = { "routing-policy-distribution", ANY, NULL, NULL },
	[BGP_CAP_FQDN] = { "fqdn", LEN(2, 1, 255), NULL, d_fqdn },
	[BGP_CAP_BFD] = { "bfd", ANY, NULL, NULL },
	[BGP_CAP_SW_VERSION] = { "software-version", LEN(1, 1, 255), NULL, d_swver },
	[BGP_CAP_ROUTE_REFRESH_OLD] = { "route-refresh-old", NONE, r_route_refresh, NULL },
	[BGP_CAP_GRACEFUL_RESTART_OLD] = { "graceful-restart-old", ANY, NULL, NULL },
	[BGP_CAP_ORF_OLD] = { "outbound-route-filtering-old", ANY, NULL, NULL },
	[BGP_CAP_MULTISESSION_OLD] = { "multisession-old", ANY, NULL, NULL },
};

static const struct cap_def *
cap_def(unsigned code)
{
	if (code < 256 && cap_defs[code].name)
		return &cap_defs[code];
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

	if (cap->param_type != BGP_PARAM_CAPABILITIES) {
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
				bgp_err_add(errs, cap->off, BGP_ERR_OPEN, BGP_ERR_SUB_NONE,
				    BGP_TREAT_SESSION_RESET,
				    "capability overruns its optional parameter (%zu bytes left)",
				    cur_left(&it->caps));
				it->caps.p = it->caps.end;
				return -1;
			}
			cap->param_type = BGP_PARAM_CAPABILITIES;
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
			if (type == BGP_PARAM_CAPABILITIES) {
				it->caps = val;
				it->in_caps = true;
				continue;
			}
			cap->param_type = type;
			cap->code = 0;
			cap->len = len;
			cap->off = off;
			cap->val = val;
			if (type != BGP_PARAM_AUTH)
				bgp_err_add(errs, off, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM,
				    BGP_TREAT_SESSION_RESET,
				    "unsupported optional parameter type %u", type);
			return 1;
bad:
			bgp_err_add(errs, off, BGP_ERR_OPEN, BGP_ERR_SUB_NONE, BGP_TREAT_SESSION_RESET,
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

/* The fixed fields (RFC 4271 4.2) and their checks; false: truncated. */
static bool
open_fixed(struct cur *c, struct bgp_open *o, uint8_t *plen, struct bgp_errs *errs)
{
	if (!cur_u8(c, &o->version) || !cur_u16(c, &o->my_as) ||
	    !cur_u16(c, &o->hold_time) || !cur_u32(c, &o->bgp_id) ||
	    !cur_u8(c, plen)) {
		bgp_err_add(errs, cur_off(c), BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET, "OPEN truncated in its fixed fields");
		return false;
	}
	if (o->version != BGP_VERSION)
		bgp_err_add(errs, OPEN_OFF_VERSION, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION,
		    BGP_TREAT_SESSION_RESET, "unsupported version %u", o->version);
	if (o->hold_time == 1 || o->hold_time == 2)
		bgp_err_add(errs, OPEN_OFF_HOLD, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME,
		    BGP_TREAT_SESSION_RESET, "hold time %u is not 0 and below 3 seconds",
		    o->hold_time);
	if (o->bgp_id == 0)
		bgp_err_add(errs, OPEN_OFF_ID, BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID,
		    BGP_TREAT_SESSION_RESET, "BGP identifier 0.0.0.0");
	return true;
}

/* The optional parameters block, RFC 9072 extended or not; false: overrun. */
static bool
open_params(struct cur *c, struct bgp_open *o, uint8_t plen, struct bgp_errs *errs)
{
	uint16_t elen;
	uint8_t ff;

	/* RFC 9072: length 255 and a first parameter type of 255 */
	if (!(plen == 255 && cur_left(c) >= 1 && c->p[0] == BGP_PARAM_EXTENDED)) {
		if (cur_sub(c, plen, &o->params))
			return true;
		bgp_err_add(errs, OPEN_OFF_PLEN, BGP_ERR_OPEN, BGP_ERR_SUB_NONE,
		    BGP_TREAT_SESSION_RESET, "optional parameters length %u, only %zu bytes follow",
		    plen, cur_left(c));
		return false;
	}
	(void)cur_u8(c, &ff);
	if (!cur_u16(c, &elen)) {
		bgp_err_add(errs, cur_off(c), BGP_ERR_OPEN, BGP_ERR_SUB_NONE,
		    BGP_TREAT_SESSION_RESET, "extended optional parameters length truncated");
		return false;
	}
	o->ext_params = true;
	if (cur_sub(c, elen, &o->params))
		return true;
	bgp_err_add(errs, OPEN_OFF_EXT_PLEN, BGP_ERR_OPEN, BGP_ERR_SUB_NONE,
	    BGP_TREAT_SESSION_RESET, "extended optional parameters length %u, only %zu bytes follow",
	    elen, cur_left(c));
	return false;
}

/* Every capability checked against its row and recorded in the summary. */
static void
open_caps(struct bgp_open *o, struct bgp_errs *errs)
{
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	const struct cap_def *d;

	bgp_cap_iter_init(&it, o);
	while (bgp_cap_next(&it, &cap, errs) == 1) {
		if (cap.param_type != BGP_PARAM_CAPABILITIES)
			continue;
		d = cap_def(cap.code);
		if (d == NULL)
			continue;
		if (!bgp_len_ok(&d->len, cap.len)) {
			bgp_err_add(errs, cap.off, BGP_ERR_OPEN, BGP_ERR_SUB_NONE,
			    BGP_TREAT_SESSION_RESET, "capability %u (%s) has length %u, not allowed",
			    cap.code, d->name, cap.len);
			continue;
		}
		if (d->record)
			d->record(o, &cap, errs);
	}
}

bool
bgp_open_parse(const struct bgp_msg *m, struct bgp_open *o, struct bgp_errs *errs)
{
	struct cur c = m->body;
	uint8_t plen;

	memset(o, 0, sizeof(*o));
	if (!open_fixed(&c, o, &plen, errs) || !open_params(&c, o, plen, errs))
		return false;
	if (cur_left(&c))
		bgp_err_add(errs, cur_off(&c), BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET, "%zu bytes after the optional parameters",
		    cur_left(&c));
	open_caps(o, errs);
	return true;
}
