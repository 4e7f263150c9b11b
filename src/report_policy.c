/*
 * report_policy.c - the expectations: default routes, withdrawals and
 * violations.
 *
 * Owns the table of default routes (per speaker, peer and family), the
 * withdrawal records and the violation records. The observer
 * (report_track.c) hands it every UPDATE, every OPEN (for
 * --expect-peer-as) and every session that goes down; at the end
 * policy_sessions() makes every session that is not Established a
 * violation (unless --allow-down) and policy_missing() checks that each
 * --expect-peer holds a valid route.
 *
 * May call: report_verdict.c (verdict_*), report_diag.c (diag_*), the pair
 * queries and helpers in report_util.c, the dissectors' formatters.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "report_int.h"

/* ---------------------------------------------------------------- records */

/* A violation at ts, on the session p (NULL: none), side its speaker. */
static struct report_viol *
viol_add(struct report *r, struct pair *p, int side, const struct timeval *ts,
    enum report_field field)
{
	struct report_viol *x;
	struct report_tl_ev *e = tl_add(r, p, TL_VIOLATION, ts, side);

	r->viol_total++;
	if (r->n_viol >= REPORT_MAX_VIOL)
		return NULL;
	if (e)
		e->idx = (long)r->n_viol;
	x = &r->viol[r->n_viol++];
	memset(x, 0, sizeof(*x));
	x->ts = *ts;
	x->field = field;
	return x;
}

static long
wd_add(struct report *r, const struct route *rt, const struct timeval *ts, const char *how)
{
	struct report_wd *w;

	r->wd_total++;
	if (r->n_wd >= REPORT_MAX_WD)
		return -1;
	w = &r->wd[r->n_wd];
	memset(w, 0, sizeof(*w));
	w->ts = *ts;
	w->speaker = rt->speaker;
	w->peer = rt->peer;
	w->fam = rt->fam;
	strlcpy(w->how, how, sizeof(w->how));
	return (long)r->n_wd++;
}

static struct route *
route_get(struct report *r, const struct addr *spk, const struct addr *peer, int fam,
    bool create)
{
	struct route *rt;

	for (size_t i = 0; i < r->n_routes; i++) {
		rt = &r->routes[i];
		if (rt->fam == fam && addr_eq(&rt->speaker, spk) && addr_eq(&rt->peer, peer))
			return rt;
	}
	if (!create)
		return NULL;
	if (r->n_routes >= REPORT_MAX_ROUTES) {
		r->routes_dropped++;
		return NULL;
	}
	rt = &r->routes[r->n_routes++];
	memset(rt, 0, sizeof(*rt));
	rt->speaker = *spk;
	rt->peer = *peer;
	rt->fam = fam;
	rt->wd_pending = -1;
	return rt;
}

static void
route_withdraw(struct report *r, struct route *rt, const struct timeval *ts, const char *how)
{
	struct report_tl_ev *e;

	if (!rt->held)
		return;
	rt->held = false;
	rep_fmt(rt->gone, sizeof(rt->gone), "withdrawn (%s)", how);
	rt->wd_pending = wd_add(r, rt, ts, how);
	if (rt->p && (e = tl_add(r, rt->p, TL_WITHDRAW, ts,
	    !addr_eq(&rt->speaker, &rt->p->a[0]))) != NULL) {
		e->fam = (int8_t)rt->fam;
		e->idx = rt->wd_pending;
	}
}

/* The followed connection of p went down: withdraw what it carried. */
void
policy_session_down(struct report *r, struct pair *p, const struct timeval *ts, const char *how)
{
	for (size_t i = 0; i < r->n_routes; i++)
		if (r->routes[i].p == p)
			route_withdraw(r, &r->routes[i], ts, how);
}

/* ---------------------------------------------------------------- default route */

static bool
has_zero(const struct cur *c)
{
	return c->p < c->end && memchr(c->p, 0, (size_t)(c->end - c->p)) != NULL;
}

/*
 * Does the NLRI list (unicast or multicast) hold a default route? A tight
 * walk over the length bytes: for these SAFIs an entry of length 0 is the
 * default route. A malformed list ends the walk (the dissector reports it).
 */
static bool
list_has_default(const struct cur *c, uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx)
{
	const uint8_t *q = c->p, *end = c->end;
	unsigned maxbits = afi == AFI_IPV6 ? 128 : 32;
	size_t skip = bgp_ctx_addpath(ctx, afi, safi) ? 4 : 0;

	if (safi != SAFI_UNICAST && safi != SAFI_MULTICAST)
		return false;
	while (q < end) {
		unsigned bits;

		if ((size_t)(end - q) < skip + 1)
			return false;
		q += skip;
		bits = *q++;
		if (bits == 0)
			return true;
		if (bits > maxbits || (size_t)(end - q) < (bits + 7) / 8)
			return false;
		q += (bits + 7) / 8;
	}
	return false;
}

static void
nh_expected(const struct report *r, int fam, char *buf, size_t len)
{
	size_t k = 0;
	char a[64];

	buf[0] = '\0';
	for (int i = 0; i < r->o.n_expect_nh; i++) {
		if ((r->o.expect_nh[i].af == AF_INET6) != fam)
			continue;
		k += (size_t)rep_fmt(buf + k, k < len ? len - k : 0, "%s%s", k ? " or " : "",
		    rep_addr(&r->o.expect_nh[i], a));
		if (k >= len)
			break;
	}
}

static bool
nh_is_expected(const struct report *r, int fam, const struct addr *nh)
{
	for (int i = 0; i < r->o.n_expect_nh; i++)
		if ((r->o.expect_nh[i].af == AF_INET6) == fam && addr_eq(&r->o.expect_nh[i], nh))
			return true;
	return false;
}

static void
viol_route(struct report *r, const struct msg_view *v, int fam, enum report_field field,
    const char *exp, const char *act)
{
	/* on the timeline: check_announce (tl_viols) */
	struct report_viol *x = viol_add(r, NULL, 0, &v->pi->ts, field);

	if (x == NULL)
		return;
	x->speaker = v->f->addr[v->dir];
	x->peer = v->f->addr[!v->dir];
	x->have_speaker = true;
	x->fam = fam;
	x->inferred = v->inferred;
	strlcpy(x->expected, exp, sizeof(x->expected));
	/* a long AS path is shown cut ("..."), checked in full */
	if (strlcpy(x->actual, act, sizeof(x->actual)) >= sizeof(x->actual))
		memcpy(x->actual + sizeof(x->actual) - 4, "...", 4);
}

/* The next hops of an announcement (NEXT_HOP, or MP_REACH's when mp). */
static int
announce_nh(const struct bgp_update *u, bool mp, struct addr nh[BGP_NEXTHOP_MAX])
{
	int n_nh = 0;

	memset(nh, 0, sizeof(*nh) * BGP_NEXTHOP_MAX);
	if (!mp) {
		if (bgp_update_has(u, ATTR_NEXT_HOP)) {
			nh[0].af = AF_INET;
			memcpy(nh[0].a, u->next_hop, 4);
			n_nh = 1;
		}
		return n_nh;
	}
	for (unsigned i = 0; i < u->mpr_nh_count && i < BGP_NEXTHOP_MAX; i++) {
		nh[n_nh].af = u->mpr_nh_af[i] == 4 ? AF_INET : AF_INET6;
		memcpy(nh[n_nh].a, u->mpr_nh[i], u->mpr_nh_af[i] == 4 ? 4 : 16);
		n_nh++;
	}
	return n_nh;
}

/* Check one announcement against the expectations; true when it holds.
 * path: the effective AS path printed in full (for the regex and the
 * report); the exact check walks the attribute itself. */
static bool
announce_ok(struct report *r, const struct msg_view *v, const struct bgp_ctx *ctx, int fam,
    const struct addr *nh, int n_nh, const char *act, const char *path)
{
	char exp[192];
	bool ok = true;

	if (r->have_nh[fam]) {
		bool nh_ok = false;

		for (int i = 0; i < n_nh; i++)
			if (nh_is_expected(r, fam, &nh[i]))
				nh_ok = true;
		if (!nh_ok) {
			nh_expected(r, fam, exp, sizeof(exp));
			viol_route(r, v, fam, FIELD_NEXT_HOP, exp, n_nh ? act : "none");
			ok = false;
		}
	}
	if (r->exp_path && !rep_aspath_equal(r->exp_path, &v->u.upd, ctx)) {
		viol_route(r, v, fam, FIELD_AS_PATH, r->o.expect_aspath, path ? path : "?");
		ok = false;
	}
	if (r->re && path && !asre_match(r->re, path)) {
		rep_fmt(exp, sizeof(exp), "matching %s", r->o.expect_aspath_re);
		viol_route(r, v, fam, FIELD_AS_PATH, exp, path);
		ok = false;
	}
	return ok;
}

/* The timeline's marks for the violations found since n0 / t0 (viol_route). */
static void
tl_viols(struct report *r, struct pair *p, int side, const struct timeval *ts, size_t n0,
    uint64_t t0)
{
	for (uint64_t k = t0; k < r->viol_total; k++) {
		struct report_tl_ev *e = tl_add(r, p, TL_VIOLATION, ts, side);
		size_t i = n0 + (size_t)(k - t0);

		if (e)
			e->idx = i < r->n_viol ? (long)i : -1;
	}
}

/* One default-route announcement of family fam (from NLRI if !mp). */
static void
check_announce(struct report *r, const struct msg_view *v, struct pair *p, int fam, bool mp)
{
	static const struct bgp_ctx none;
	const struct bgp_ctx *ctx = v->ctx ? v->ctx : &none;
	const struct bgp_update *u = &v->u.upd;
	struct addr nh[BGP_NEXTHOP_MAX];
	int n_nh = announce_nh(u, mp, nh);
	char act[96], a[64], b[64];
	char *path;
	bool ok;
	struct route *rt;
	struct report_tl_ev *e;
	size_t n0 = r->n_viol;
	uint64_t t0 = r->viol_total;

	act[0] = '\0';
	for (int i = 0; i < n_nh; i++) {
		size_t k = strlen(act);

		rep_fmt(act + k, sizeof(act) - k, "%s%s", i ? " " : "", rep_addr(&nh[i], a));
	}
	if ((path = rep_aspath_render(u, ctx)) == NULL) {
		/* out of memory: the AS path checks could not run */
		if (r->o.expect_aspath || r->re)
			verdict_inc(r, INC_UNCHECKED, "out of memory: the AS path of a default route "
			    "from %s to %s was not checked", rep_addr(&v->f->addr[v->dir], a),
			    rep_addr(&v->f->addr[!v->dir], b));
		ok = announce_ok(r, v, ctx, fam, nh, n_nh, act, NULL);
	} else
		ok = announce_ok(r, v, ctx, fam, nh, n_nh, act, path);
	tl_viols(r, p, !addr_eq(&v->f->addr[v->dir], &p->a[0]), &v->pi->ts, n0, t0);
	rt = route_get(r, &v->f->addr[v->dir], &v->f->addr[!v->dir], fam, true);
	if (rt == NULL) {
		free(path);
		return;
	}
	if (rt->count++ == 0)
		rt->first = v->pi->ts;
	rt->last = v->pi->ts;
	rt->p = p;
	if (rt->wd_pending >= 0 && (size_t)rt->wd_pending < r->n_wd) {
		r->wd[rt->wd_pending].reannounced = true;
		r->wd[rt->wd_pending].re_ts = v->pi->ts;
	}
	rt->wd_pending = -1;
	rt->held = true;
	rt->valid = ok;
	if ((e = tl_add(r, p, TL_ANNOUNCE, &v->pi->ts, !addr_eq(&rt->speaker, &p->a[0]))) != NULL) {
		e->fam = (int8_t)fam;
		e->code = ok;
	}
	rt->inferred = v->inferred;
	strlcpy(rt->nh, n_nh ? act : "none", sizeof(rt->nh));
	/* shown (not checked) in 255 bytes: "..." says it was cut */
	if (path && strlcpy(rt->aspath, path, sizeof(rt->aspath)) >= sizeof(rt->aspath))
		memcpy(rt->aspath + sizeof(rt->aspath) - 4, "...", 4);
	else if (path == NULL)
		strlcpy(rt->aspath, "?", sizeof(rt->aspath));
	rt->gone[0] = '\0';
	free(path);
}

static void
check_withdraw(struct report *r, const struct msg_view *v, int fam, const char *how)
{
	struct route *rt = route_get(r, &v->f->addr[v->dir], &v->f->addr[!v->dir], fam, false);

	if (rt == NULL) {
		/* withdrawn without an announcement in the capture: still reported */
		if ((rt = route_get(r, &v->f->addr[v->dir], &v->f->addr[!v->dir], fam, true)) == NULL)
			return;
		rt->held = true;
		rep_fmt(rt->nh, sizeof(rt->nh), "?");
	}
	route_withdraw(r, rt, &v->pi->ts, how);
}

/* Where an UPDATE carries a default route, and of which family. */
struct dflt {
	bool v4_wd, v4_ann, mpu, mpr;
	int mpu_fam, mpr_fam;
};

static bool
dflt_scan(const struct bgp_update *u, const struct bgp_ctx *ctx, struct dflt *d)
{
	memset(d, 0, sizeof(*d));
	/* cheap tests first: a default route is a zero length byte */
	if (has_zero(&u->withdrawn))
		d->v4_wd = list_has_default(&u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx);
	if (has_zero(&u->nlri))
		d->v4_ann = list_has_default(&u->nlri, AFI_IPV4, SAFI_UNICAST, ctx);
	if (bgp_update_has(u, ATTR_MP_UNREACH) && (u->mpu_afi == AFI_IPV4 || u->mpu_afi == AFI_IPV6) &&
	    has_zero(&u->mpu_withdrawn)) {
		d->mpu = list_has_default(&u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, ctx);
		d->mpu_fam = u->mpu_afi == AFI_IPV6;
	}
	if (bgp_update_has(u, ATTR_MP_REACH) && (u->mpr_afi == AFI_IPV4 || u->mpr_afi == AFI_IPV6) &&
	    has_zero(&u->mpr_nlri)) {
		d->mpr = list_has_default(&u->mpr_nlri, u->mpr_afi, u->mpr_safi, ctx);
		d->mpr_fam = u->mpr_afi == AFI_IPV6;
	}
	return d->v4_wd || d->v4_ann || d->mpu || d->mpr;
}

/* An UPDATE (not End-of-RIB) from the observer. */
void
policy_update(struct report *r, const struct msg_view *v, struct pair *p)
{
	static const struct bgp_ctx none;
	const struct bgp_ctx *ctx = v->ctx ? v->ctx : &none;
	const char *how = "explicit";
	struct dflt d;

	if (r->o.n_speaker && !rep_is_speaker(r, &v->f->addr[v->dir])) {
		/* not checked; remembered so that 'none seen' is not said */
		if (dflt_scan(&v->u.upd, ctx, &d) && v->errs.worst < BGP_TREAT_WITHDRAW)
			for (int fam = 0; fam < 2; fam++)
				if (!r->unattributed[fam] && ((fam == 0 && d.v4_ann) ||
				    (d.mpr && d.mpr_fam == fam))) {
					r->unattributed[fam] = true;
					r->unattributed_from[fam] = v->f->addr[v->dir];
				}
		return;
	}
	if (!dflt_scan(&v->u.upd, ctx, &d))
		return;
	if (v->errs.worst >= BGP_TREAT_WITHDRAW) {
		/* RFC 7606: the announcement counts as a withdrawal */
		how = "treat-as-withdraw (malformed UPDATE)";
		d.v4_wd = d.v4_wd || d.v4_ann;
		d.mpu = d.mpu || d.mpr;
		if (d.mpr)
			d.mpu_fam = d.mpr_fam;
		d.v4_ann = d.mpr = false;
	}
	if (d.v4_wd)
		check_withdraw(r, v, 0, how);
	if (d.mpu)
		check_withdraw(r, v, d.mpu_fam, how);
	if (d.v4_ann)
		check_announce(r, v, p, 0, false);
	if (d.mpr)
		check_announce(r, v, p, d.mpr_fam, true);
}

/* ---------------------------------------------------------------- peer AS */

/* The side whose OPEN must carry --expect-peer-as, -1 when not decidable yet. */
static int
peer_as_side(const struct report *r, struct pair *p)
{
	if (r->o.n_speaker) {
		int side;

		if (rep_is_speaker_addr(r, &p->a[0]))
			side = 1;
		else if (rep_is_speaker_addr(r, &p->a[1]))
			side = 0;
		else
			return -1;
		if (!p->open[side].seen)
			return -1;
		if (p->open[side].asn == r->o.expect_peer_as) {
			p->peer_as_checked = true;
			return -1;
		}
		return side;
	}
	/* without --speaker: both OPENs needed, one must carry the AS */
	if (!p->open[0].seen || !p->open[1].seen)
		return -1;
	if (p->open[0].asn == r->o.expect_peer_as || p->open[1].asn == r->o.expect_peer_as) {
		p->peer_as_checked = true;
		return -1;
	}
	return 1;
}

void
policy_peer_as(struct report *r, struct pair *p, const struct timeval *ts)
{
	int side;
	struct report_viol *x;

	if (!r->o.expect_peer_as || p->peer_as_checked)
		return;
	if ((side = peer_as_side(r, p)) < 0)
		return;
	p->peer_as_checked = true;
	if ((x = viol_add(r, p, side, ts, FIELD_PEER_AS)) == NULL)
		return;
	x->speaker = p->a[side];
	x->have_speaker = true;
	x->peer = p->a[!side];
	x->fam = -1;
	rep_fmt(x->expected, sizeof(x->expected), "%u", r->o.expect_peer_as);
	rep_fmt(x->actual, sizeof(x->actual), "%u", p->open[side].asn);
}

/* ---------------------------------------------------------------- sessions */

/* A session not Established at the end of the capture (policy_sessions). */
static void
session_viol(struct report *r, struct pair *p, int local, const char *state,
    const char *text)
{
	struct report_viol *x = viol_add(r, p, local, p->last_ts.tv_sec ? &p->last_ts : &r->end,
	    FIELD_SESSION);

	if (x == NULL)
		return;
	x->speaker = p->a[local];
	x->have_speaker = true;
	x->peer = p->a[!local];
	x->fam = -1;
	strlcpy(x->expected, "Established", sizeof(x->expected));
	rep_fmt(x->actual, sizeof(x->actual), "%s, down: %s", state, text);
}

/* Is p a session the verdict covers (a TCP packet of its own; with
 * --speaker, one end a speaker)? */
static bool
session_checked(const struct report *r, const struct pair *p)
{
	if (!p->own_packet)
		return false;
	return r->o.n_speaker == 0 || rep_is_speaker(r, &p->a[0]) || rep_is_speaker(r, &p->a[1]);
}

/* Is an end of p an --expect-peer? (--speaker names every connection of
 * the box, so it does not single one out.) */
static bool
pair_named(const struct report *r, const struct pair *p)
{
	for (int s = 0; s < 2; s++) {
		for (int i = 0; i < r->o.n_expect_peer; i++)
			if (rep_same_speaker(r, &p->a[s], &r->o.expect_peer[i]))
				return true;
	}
	return false;
}

/*
 * End of the run: every session seen that is not Established is a
 * violation with its diagnosis (unless --allow-down); one whose state the
 * capture cannot tell (only its middle, data not captured, the capture
 * ends during the handshake) makes the verdict inconclusive instead.
 */
void
policy_sessions(struct report *r)
{
	for (size_t i = 0; i < r->n_pairs; i++) {
		struct pair *p = &r->pairs[i];
		struct report_diag d;
		char why[96], ev[CAUSE_LEN], text[CAUSE_LEN], a[64], b[64];
		const char *state;
		bool inf;
		int l;

		if (!session_checked(r, p) || track_up(p))
			continue;
		l = diag_local(r, p, &inf, why, sizeof(why));
		/* a session: the local end connected, BGP was spoken, or the
		 * peer was named; not a stranger's SYNs the local end ignored */
		if (!p->syn[l] && !p->msgs[0] && !p->msgs[1] && !pair_named(r, p))
			continue;
		diag_session(p, &r->end, &d, text, sizeof(text));
		rep_addr(&p->a[l], a);
		rep_addr(&p->a[!l], b);
		if (d.unknown) {
			p->state_unknown = true;
			/* a connection that never carried a BGP message, to no
			 * address an option named, says nothing the checks need */
			if (p->msgs[0] || p->msgs[1] || pair_named(r, p))
				verdict_inc(r, INC_STATE, "session %s - %s: %s", a, b, d.text);
		}
		else if (!r->o.allow_down) {
			state = diag_state(p, l, ev, sizeof(ev));
			session_viol(r, p, l, state, d.text);
			p->viol_down = true;
		}
	}
}

/* ---------------------------------------------------------------- missing */

/* Does peer hold a valid default route of family fam on an up session?
 * *best: the most telling route seen for it (held over not held). */
static bool
peer_holds(const struct report *r, const struct addr *peer, int fam, const struct route **best)
{
	bool ok = false;

	for (size_t k = 0; k < r->n_routes; k++) {
		const struct route *rt = &r->routes[k];

		if (rt->fam != fam || !rep_same_speaker(r, &rt->peer, peer))
			continue;
		if (rt->held && rt->valid && rt->p && track_up(rt->p))
			ok = true;
		if (best && (*best == NULL || rt->held))
			*best = rt;
	}
	return ok;
}

static void
missing_viol(struct report *r, const struct addr *peer, int fam, const struct route *best)
{
	struct report_viol *x;
	char a[64];

	if ((x = viol_add(r, NULL, 0, &r->now, FIELD_MISSING)) == NULL)
		return;
	x->peer = *peer;
	x->fam = fam;
	if (r->o.n_speaker == 1 || (r->o.n_speaker && best == NULL)) {
		x->speaker = r->o.speaker[0];
		x->have_speaker = true;
	} else if (best) {
		x->speaker = best->speaker;
		x->have_speaker = true;
	}
	if (r->have_nh[fam]) {
		char e[sizeof(x->expected)];

		nh_expected(r, fam, e, sizeof(e));
		if (e[0])
			rep_fmt(x->expected, sizeof(x->expected), "%s with next hop %s",
			    report_fam_prefix[fam], e);
	} else
		strlcpy(x->expected, "a valid default route", sizeof(x->expected));
	if (best == NULL)
		rep_fmt(x->actual, sizeof(x->actual), "never announced to %s", rep_addr(peer, a));
	else if (!best->held)
		strlcpy(x->actual, best->gone, sizeof(x->actual));
	else {
		char t[CAUSE_LEN];

		if (best->p && best->p->down_cause.code != CAUSE_NONE)
			diag_cause_text(&best->p->down_cause, t, sizeof(t));
		else
			strlcpy(t, "not established", sizeof(t));
		rep_fmt(x->actual, sizeof(x->actual), "session down: %s", t);
	}
	x->inferred = best && best->inferred;
}

/* Which end of pair p peer is (0 or 1), or -1 when neither. */
static int
peer_side(const struct report *r, const struct pair *p, const struct addr *peer)
{
	if (rep_same_speaker(r, &p->a[0], peer))
		return 0;
	if (rep_same_speaker(r, &p->a[1], peer))
		return 1;
	return -1;
}

/*
 * Nothing announced to peer: is that a fact, or did the capture miss it?
 * True (and the reason recorded) when the peer never appears, when its
 * session was seen only from its middle, or when data towards it was cut.
 */
static bool
missing_unknown(struct report *r, const struct addr *peer, int fam)
{
	bool seen = false, unknown = false;
	char a[64], b[64];

	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];
		int ps = peer_side(r, p, peer);

		if (ps < 0)
			continue;
		seen = true;
		if (verdict_pair_cut(r, p, !ps) || p->state_unknown)
			unknown = true;
		if (r->from_mrt && p->msgs[!ps] == 0 && p->msgs[ps] > 0) {
			/* a session has two senders: a file with only one keeps
			 * what one router received (FRR's dump bgp) */
			verdict_inc(r, INC_UNRECORDED, "the MRT file records no message from %s "
			    "to %s, only what %s received (as FRR's dump bgp writes it): "
			    "what %s sent is not in the file", rep_addr(&p->a[!ps], a),
			    rep_addr(&p->a[ps], b), a, a);
			unknown = true;
			continue;
		}
		if (p->c.midstream) {
			verdict_inc(r, INC_MIDSTREAM, "the capture starts after the session %s - %s "
			    "came up and holds no %s default-route announcement to %s",
			    rep_addr(&p->a[!ps], a), rep_addr(&p->a[ps], b), fam ? "IPv6 (::/0)" :
			    "IPv4 (0.0.0.0/0)", b);
			unknown = true;
		}
	}
	return !seen || unknown;
}

/* Does the OPEN list family fam (0: IPv4, 1: IPv6 unicast)? Without
 * Multiprotocol capabilities a session carries IPv4 unicast (RFC 4760). */
static bool
open_has_fam(const struct pair_open *o, int fam)
{
	if (o->n_mp == 0)
		return fam == 0;
	for (unsigned i = 0; i < o->n_mp && i < BGP_CTX_MAX_AFS; i++)
		if (o->mp[i].afi == (fam ? AFI_IPV6 : AFI_IPV4) && o->mp[i].safi == SAFI_UNICAST)
			return true;
	return false;
}

/*
 * May peer be expected to hold a default route of family fam? Not when
 * every session with it (from a --speaker, when given) shows in its OPENs
 * that the family was not negotiated; a session whose OPENs were not
 * captured, or none at all, leaves the expectation in force.
 */
static bool
peer_fam_applies(const struct report *r, const struct addr *peer, int fam)
{
	bool any = false;

	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];
		int ps = peer_side(r, p, peer);

		if (ps < 0)
			continue;
		if (r->o.n_speaker && !rep_is_speaker(r, &p->a[!ps]))
			continue;
		any = true;
		if (!p->open[0].seen && !p->open[1].seen)
			return true;
		if ((!p->open[0].seen || open_has_fam(&p->open[0], fam)) &&
		    (!p->open[1].seen || open_has_fam(&p->open[1], fam)))
			return true;
	}
	return !any;
}

/* Was the peer's session reported as not up (its one fault)? */
static bool
peer_down_reported(const struct report *r, const struct addr *peer, const struct route *best)
{
	if (best != NULL)
		return best->p && best->p->viol_down && !track_up(best->p);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];

		if (p->viol_down && peer_side(r, p, peer) >= 0)
			return true;
	}
	return false;
}

/* End of the run: every --expect-peer holds a valid default route. */
void
policy_missing(struct report *r)
{
	bool any_fam = !r->have_nh[0] && !r->have_nh[1];

	for (int i = 0; i < r->o.n_expect_peer; i++) {
		const struct addr *peer = &r->o.expect_peer[i];

		for (int fam = 0; fam < 2; fam++) {
			const struct route *best = NULL;

			if (!any_fam && !r->have_nh[fam])
				continue;
			/* an IPv4 next hop applies to 0.0.0.0/0 on sessions that
			 * negotiated IPv4, an IPv6 one to ::/0 on IPv6 sessions */
			if (!any_fam && !peer_fam_applies(r, peer, fam))
				continue;
			if (any_fam && fam == 1)
				continue;   /* either family will do: reported once, as 0.0.0.0/0 */
			if (peer_holds(r, peer, fam, &best))
				continue;
			if (any_fam && peer_holds(r, peer, 1, NULL))
				continue;
			if (best == NULL && missing_unknown(r, peer, fam))
				continue;
			/* held but invalid: its next_hop / as_path violation is the
			 * one fault; not a second one as 'missing' */
			if (best && best->held && !best->valid)
				continue;
			/* the session is down: reported as such, once */
			if (peer_down_reported(r, peer, best))
				continue;
			missing_viol(r, peer, fam, best);
		}
	}
}
