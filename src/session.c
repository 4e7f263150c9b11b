/*
 * session.c - per-connection negotiated facts; the inference when the
 * OPENs are missing is in infer.c.
 */
#include <stdlib.h>
#include <string.h>

#include "session.h"

struct sess *
sess_get(struct flow *f)
{
	struct sess *s = f->user;

	if (s == NULL) {
		s = calloc(1, sizeof(*s));
		if (s == NULL)
			return NULL;
		for (int d = 0; d < 2; d++) {
			infer_reading(0, &s->ctx[d]);
			infer_init(&s->inf[d]);
		}
		f->user = s;
	}
	return s;
}

void
sess_free(struct flow *f)
{
	free(f->user);
	f->user = NULL;
}

static void
recompute(struct sess *s, struct flow *f)
{
	const struct sess_open *a = &s->open[0], *b = &s->open[1];

	if (!a->seen || !b->seen)
		return;
	for (int d = 0; d < 2; d++) {
		const struct sess_open *snd = &s->open[d], *rcv = &s->open[!d];
		struct bgp_ctx *c = &s->ctx[d];

		memset(c, 0, sizeof(*c));
		c->as4 = snd->as4 && rcv->as4;
		c->ext_msg = snd->ext_msg && rcv->ext_msg;
		for (unsigned i = 0; i < snd->n_addpath; i++) {
			if (!(snd->addpath[i].sr & 2))
				continue;
			for (unsigned j = 0; j < rcv->n_addpath; j++) {
				if (rcv->addpath[j].afi == snd->addpath[i].afi &&
				    rcv->addpath[j].safi == snd->addpath[i].safi &&
				    (rcv->addpath[j].sr & 1) && c->n_addpath < BGP_CTX_MAX_AFS) {
					c->addpath[c->n_addpath].afi = snd->addpath[i].afi;
					c->addpath[c->n_addpath].safi = snd->addpath[i].safi;
					c->n_addpath++;
				}
			}
		}
		/* RFC 8950: the receiver says which NLRI may come with an
		 * IPv6 next hop */
		c->enh_known = true;
		c->n_enh = rcv->n_enh;
		memcpy(c->enh, rcv->enh, sizeof(c->enh));
		s->ctx_known[d] = true;
		s->inf[d].active = false;
		f->max_msg[d] = c->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	}
}

void
sess_open(struct sess *s, struct flow *f, int dir, const struct bgp_open *o,
    const struct timeval *ts)
{
	struct sess_open *so = &s->open[dir];

	memset(so, 0, sizeof(*so));
	so->seen = true;
	so->ts = *ts;
	so->asn = bgp_open_asn(o);
	so->my_as = o->my_as;
	so->hold_time = o->hold_time;
	so->bgp_id = o->bgp_id;
	so->as4 = o->has_as4;
	so->ext_msg = o->ext_msg;
	so->route_refresh = o->route_refresh;
	so->enhanced_rr = o->enhanced_rr;
	so->graceful_restart = o->graceful_restart;
	so->gr = o->gr;
	so->n_mp = o->n_mp;
	memcpy(so->mp, o->mp, sizeof(so->mp));
	so->n_enh = o->n_enh;
	memcpy(so->enh, o->enh, sizeof(so->enh));
	so->n_addpath = o->n_addpath;
	for (unsigned i = 0; i < o->n_addpath && i < BGP_CTX_MAX_AFS; i++) {
		so->addpath[i].afi = o->addpath[i].afi;
		so->addpath[i].safi = o->addpath[i].safi;
		so->addpath[i].sr = o->addpath[i].sr;
	}
	if (!s->open[!dir].seen) {
		/* only this side's OPEN: it constrains the inference */
		bool send = false, recv = false;

		for (unsigned i = 0; i < so->n_addpath && i < BGP_CTX_MAX_AFS; i++) {
			send |= (so->addpath[i].sr & 2) != 0;
			recv |= (so->addpath[i].sr & 1) != 0;
		}
		infer_open(&s->inf[dir], true, so->asn, so->as4, send);
		infer_open(&s->inf[!dir], false, so->asn, so->as4, recv);
	}
	recompute(s, f);
}

const struct bgp_ctx *
sess_ctx(struct sess *s, int dir, const uint8_t *raw, size_t len, unsigned type)
{
	if (s->forced)
		return s->forced;
	if (s->ctx_known[dir] || type != BGP_UPDATE)
		return &s->ctx[dir];
	/* OPENs missing: score every reading on this message and the ones before */
	infer_update(&s->inf[dir], raw, len, &s->ctx[dir]);
	return &s->ctx[dir];
}
