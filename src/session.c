/*
 * session.c - per-connection negotiated facts and their inference.
 */
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* Readings tried, most likely first: 4-octet AS is the norm today. */
static const struct { bool as4, addpath; const char *name; } readings[SESS_READINGS] = {
	{ true, false, "4-octet AS, no ADD-PATH" },
	{ false, false, "2-octet AS, no ADD-PATH" },
	{ true, true, "4-octet AS, ADD-PATH" },
	{ false, true, "2-octet AS, ADD-PATH" },
};

void
sess_reading(unsigned i, struct bgp_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	if (i >= SESS_READINGS)
		i = 0;
	ctx->as4 = readings[i].as4;
	ctx->addpath_any = readings[i].addpath;
}

const char *
sess_reading_name(unsigned i)
{
	return i < SESS_READINGS ? readings[i].name : "?";
}

struct sess *
sess_get(struct flow *f)
{
	struct sess *s = f->user;

	if (s == NULL) {
		s = calloc(1, sizeof(*s));
		if (s == NULL)
			return NULL;
		for (int d = 0; d < 2; d++) {
			sess_reading(0, &s->ctx[d]);
			s->inf[d].active = true;
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
	so->n_mp = o->n_mp;
	memcpy(so->mp, o->mp, sizeof(so->mp));
	so->n_addpath = o->n_addpath;
	for (unsigned i = 0; i < o->n_addpath && i < BGP_CTX_MAX_AFS; i++) {
		so->addpath[i].afi = o->addpath[i].afi;
		so->addpath[i].safi = o->addpath[i].safi;
		so->addpath[i].sr = o->addpath[i].sr;
	}
	recompute(s, f);
}

/*
 * Is ctx a possible reading of the UPDATE? It is not when the structure
 * breaks (an NLRI or attribute list that does not parse: session reset or
 * AFI/SAFI disable) or when the AS_PATH does not parse with that AS size.
 * Content errors (a bad NEXT_HOP length, say) are the same in every
 * reading and do not decide.
 */
static bool
reading_ok(const uint8_t *raw, size_t len, const struct bgp_ctx *ctx, unsigned *badness)
{
	struct bgp_msg m;
	struct bgp_update u;
	struct bgp_errs e;
	bool ok;

	bgp_errs_reset(&e);
	if (!bgp_msg_parse(raw, len, ctx, &m, &e) || !bgp_update_parse(&m, ctx, &u, &e)) {
		*badness = 1000;
		return false;
	}
	ok = e.worst < BGP_TREAT_AFISAFI_DISABLE && !u.as_path_malformed;
	*badness = e.worst * 100u + (u.as_path_malformed ? 50u : 0u) + e.n + e.lost;
	return ok;
}

const struct bgp_ctx *
sess_ctx(struct sess *s, int dir, const uint8_t *raw, size_t len, unsigned type)
{
	struct sess_infer *in = &s->inf[dir];

	if (s->forced)
		return s->forced;
	if (s->ctx_known[dir] || type != BGP_UPDATE)
		return &s->ctx[dir];
	/* OPENs missing: try every reading, keep the first not yet disproved */
	in->valid_now = 0;
	unsigned bad[SESS_READINGS], least = 0;

	for (unsigned i = 0; i < SESS_READINGS; i++) {
		struct bgp_ctx c;

		sess_reading(i, &c);
		if (reading_ok(raw, len, &c, &bad[i]))
			in->valid_now |= 1u << i;
		else
			in->disproved |= 1u << i;
		if (bad[i] < bad[least])
			least = i;
	}
	{
		uint32_t best = in->valid_now & ~in->disproved;
		uint32_t pick = best ? best : in->valid_now;

		/* no valid reading: show the one that breaks least */
		in->chosen = pick ? (uint8_t)__builtin_ctz(pick) : (uint8_t)least;
	}
	sess_reading(in->chosen, &s->ctx[dir]);
	return &s->ctx[dir];
}
