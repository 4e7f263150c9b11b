/*
 * report_track.c - session tracking: the pair store and the state observer.
 *
 * Owns the table of speaker pairs (bounded, open addressing), the TCP
 * connection followed per pair, and what every message, TCP event and ICMP
 * error says about the session's state. It records causes as data (see
 * report_diag.c) and tells the policy when a session goes down or carries
 * an UPDATE; it never formats output.
 *
 * May call: report_policy.c (policy_*), report_diag.c (diag_cause*),
 * report_verdict.c, the helpers and pair queries in report_util.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hash.h"
#include "report_int.h"
#include "infer.h"

static void
tv_max(struct timeval *now, const struct timeval *t)
{
	if (t->tv_sec > now->tv_sec || (t->tv_sec == now->tv_sec && t->tv_usec > now->tv_usec))
		*now = *t;
}

/*
 * The capture's clock. `now` is the latest time seen; `end` the time of
 * the last record in file order (where a silence is measured to). A time
 * before the previous record's is counted and reported: it is no silence.
 * Callbacks may carry an older packet's time (a flow evicted, data
 * delivered late): only report_frame() sees the file's order.
 */
void
report_frame(struct report *r, const struct timeval *t)
{
	r->have_frames = true;
	if (r->have_end) {
		double back = rep_tv_diff(&r->end, t);

		if (back > 0 && r->last_gap.p && rep_tv_diff(&r->last_gap.ts, &r->end) == 0) {
			/* that silence ended at a record stamped ahead of time */
			r->last_gap.p->gaps_over_hold[r->last_gap.side]--;
			r->last_gap.p->max_gap[r->last_gap.side] = r->last_gap.prev_max;
			r->last_gap.p = NULL;
		}
		if (back > 0) {
			if (r->time_back++ == 0)
				r->time_back_at = *t;
			if (back > r->time_back_max)
				r->time_back_max = back;
		}
	}
	r->end = *t;
	r->have_end = true;
	if (!r->have_first) {
		r->first = *t;
		r->have_first = true;
	}
	tv_max(&r->now, t);
}

static void
clock_tick(struct report *r, const struct timeval *t)
{
	tv_max(&r->now, t);
	if (!r->have_frames) {
		tv_max(&r->end, t);
		r->have_end = true;
	}
	if (!r->have_first) {
		r->first = *t;
		r->have_first = true;
	}
}

/* hash.h's one table hash over the address bytes (the pair table shares
 * it with the flow table, so a keyed hash there covers both) */
static uint32_t
addr_hash(const struct addr *a)
{
	return hash_bytes(a->a, a->af == AF_INET ? 4 : 16) ^ (uint32_t)a->af;
}

/* Remember which BGP identifier an address used in its OPEN. */
static void
learn_id(struct report *r, const struct addr *a, uint32_t id)
{
	for (size_t i = 0; i < r->n_ids; i++)
		if (addr_eq(&r->ids[i].a, a)) {
			r->ids[i].id = id;
			return;
		}
	if (r->n_ids < REPORT_MAX_IDS) {
		r->ids[r->n_ids].a = *a;
		r->ids[r->n_ids].id = id;
		r->n_ids++;
	}
}

/* ---------------------------------------------------------------- pairs */

static uint32_t
pair_hash(const struct addr *x, const struct addr *y)
{
	return (addr_hash(x) ^ addr_hash(y)) & (REPORT_HASH - 1);
}

/* Is an end of p an --expect-peer? Such a pair is never evicted. */
static bool
pair_named(const struct report *r, const struct pair *p)
{
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < r->o.n_expect_peer; i++)
			if (rep_same_speaker(r, &p->a[s], &r->o.expect_peer[i]))
				return true;
	return false;
}

/* Take slot `slot` out of the open-addressing table (linear probing:
 * entries after it that would no longer be found move back). */
static void
hash_remove(struct report *r, uint32_t slot)
{
	uint32_t i = slot, j = slot;

	r->hash[i] = -1;
	for (;;) {
		uint32_t k;
		const struct pair *q;

		j = (j + 1) & (REPORT_HASH - 1);
		if (r->hash[j] < 0)
			return;
		q = &r->pairs[r->hash[j]];
		k = pair_hash(&q->a[0], &q->a[1]);
		/* k cyclically in (i, j]: the entry is still reachable */
		if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		r->hash[i] = r->hash[j];
		r->hash[j] = -1;
		i = j;
	}
}

/*
 * The table is full: free the slot of a pair that never carried a BGP
 * message and names no --expect-peer (a SYN-only or ICMP-only pair), so
 * that a flood of them cannot keep a real session out. Returns its index,
 * or -1 (then no pair will ever be evictable again: messages only grow).
 */
static int32_t
pair_evict(struct report *r)
{
	for (size_t n = 0; n < r->n_pairs && !r->no_victim; n++) {
		uint32_t vi = (uint32_t)(r->evict_next++ % r->n_pairs), h;
		struct pair *v = &r->pairs[vi];

		if (v->msgs[0] || v->msgs[1] || pair_named(r, v))
			continue;
		for (h = pair_hash(&v->a[0], &v->a[1]); r->hash[h] != (int32_t)vi;)
			h = (h + 1) & (REPORT_HASH - 1);
		hash_remove(r, h);
		tl_free(r, v);
		free(v->ntf);
		r->pairs_evicted++;
		if (r->o.n_speaker == 0 || (v->syn[0] && rep_is_speaker(r, &v->a[0])) ||
		    (v->syn[1] && rep_is_speaker(r, &v->a[1])))
			r->evicted_checked++;
		if (r->cache_pair == v) {
			r->cache_pair = NULL;
			r->cache_flow = 0;
		}
		if (r->last_gap.p == v)
			r->last_gap.p = NULL;
		return (int32_t)vi;
	}
	r->no_victim = true;
	return -1;
}

struct pair *
track_pair_find(struct report *r, const struct addr *x, const struct addr *y, bool create)
{
	uint32_t h = pair_hash(x, y);
	struct pair *p;
	int32_t idx;

	for (;;) {
		int32_t i = r->hash[h];

		if (i < 0)
			break;
		p = &r->pairs[i];
		if ((addr_eq(&p->a[0], x) && addr_eq(&p->a[1], y)) ||
		    (addr_eq(&p->a[0], y) && addr_eq(&p->a[1], x)))
			return p;
		h = (h + 1) & (REPORT_HASH - 1);
	}
	if (!create)
		return NULL;
	if (r->n_pairs < REPORT_MAX_PAIRS)
		idx = (int32_t)r->n_pairs++;
	else if ((idx = pair_evict(r)) < 0) {
		r->pairs_dropped++;
		return NULL;
	} else {
		/* the removal may have moved entries: probe again */
		for (h = pair_hash(x, y); r->hash[h] >= 0;)
			h = (h + 1) & (REPORT_HASH - 1);
	}
	p = &r->pairs[idx];
	memset(p, 0, sizeof(*p));
	p->a[0] = *x;
	p->a[1] = *y;
	r->hash[h] = idx;
	return p;
}

/*
 * One source of evidence per pair: a captured connection, else a BMP view
 * of it. A captured one replaces what BMP said (a capture with both the
 * session and a BMP feed of it); after it, BMP views are printed only.
 */
static bool
source_ok(struct pair *p, const struct flow *f)
{
	if (f->monitored)
		return !p->direct;
	if (!p->direct) {
		p->direct = true;
		if (p->monitored) {
			p->monitored = false;
			memset(&p->c, 0, sizeof(p->c));
		}
	}
	return true;
}

/* The pair of a flow; side of direction dir in *side. */
static struct pair *
pair_of_flow(struct report *r, const struct flow *f, int dir, int *side)
{
	struct pair *p;

	if (r->cache_pair && r->cache_flow == f->id)
		p = r->cache_pair;
	else {
		p = track_pair_find(r, &f->addr[0], &f->addr[1], true);
		if (p == NULL)
			return NULL;
		r->cache_flow = f->id;
		r->cache_pair = p;
	}
	*side = addr_eq(&f->addr[dir], &p->a[0]) ? 0 : 1;
	if (p->port179 == 0)
		p->port179 = f->port[0] == REP_BGP_PORT || f->port[1] != REP_BGP_PORT ?
		    f->port[0] : f->port[1];
	return p;
}

static void
furthest(struct pair *p, enum pstate s)
{
	if (s > p->furthest)
		p->furthest = s;
}

/*
 * Follow flow f for the pair's current connection. A new flow replaces the
 * current one unless that one is established and up (a collision attempt).
 * Returns true when f is the followed connection.
 */
static bool
conn_follow(struct pair *p, const struct flow *f)
{
	if (p->c.flow_id == f->id)
		return true;
	if (p->c.flow_id != 0 && p->c.est && !p->c.down)
		return false;
	memset(&p->c, 0, sizeof(p->c));
	p->c.flow_id = f->id;
	return true;
}

/* The followed connection of p went down: withdraw what it carried. */
void
track_down(struct report *r, struct pair *p, const struct timeval *ts,
    const struct report_cause *cause)
{
	char how[CAUSE_LEN + 16], text[CAUSE_LEN];

	if (p->c.down)
		return;
	p->c.down = true;
	p->down_cause = *cause;
	if (p->c.est) {
		p->downs++;
		p->est_down_cause = *cause;
	}
	diag_cause_text(cause, text, sizeof(text));
	rep_fmt(how, sizeof(how), "session down: %s", text);
	policy_session_down(r, p, ts, how);
}

/* End of the run: a session whose peer fell silent longer than the hold time is down. */
void
track_hold_expiry(struct report *r, struct pair *p)
{
	uint16_t hold = track_hold(p);
	struct report_cause c;

	if (!track_up(p) || hold == 0)
		return;
	for (int s = 0; s < 2; s++) {
		double gap;

		if (!p->have_rx[s])
			continue;
		gap = rep_tv_diff(&r->end, &p->last_rx[s]);
		if (gap > hold) {
			struct report_tl_ev *e = tl_add(r, p, TL_HOLD, &r->end, s);

			if (e) {
				e->gap = gap;
				e->hold = hold;
			}
			diag_cause(p, CAUSE_HOLD_EXPIRY, s, &c);
			c.gap = gap;
			c.hold = hold;
			track_down(r, p, &r->now, &c);
			tl_state(r, p, &r->now);
			return;
		}
	}
}

/* ---------------------------------------------------------------- messages */

static void
ntf_record(struct report *r, struct report_ntf *x, const struct msg_view *v, int side)
{
	const struct bgp_notify *n = &v->u.ntf;

	memset(x, 0, sizeof(*x));
	x->ts = v->pi->ts;
	x->side = side;
	x->code = n->code;
	x->subcode = n->subcode;
	x->has_bad_as = n->has_bad_as;
	x->bad_as = n->bad_as;
	if (n->has_shutdown_msg && n->shutdown_msg) {
		/* raw (rep_ntf_msg escapes it when shown): 255 bytes at most */
		x->msg = rep_msg_intern(r, n->shutdown_msg, n->shutdown_len);
		x->msg_len = x->msg ? n->shutdown_len : 0;
	}
	if (n->has_unsup_caps) {
		struct cur d = n->data;

		/* capability tuples: code, length, value */
		while (x->n_caps < sizeof(x->caps) && d.end - d.p >= 2) {
			uint8_t len = d.p[1];

			x->caps[x->n_caps++] = d.p[0];
			if (d.end - d.p < 2 + (long)len)
				break;
			d.p += 2 + len;
		}
	}
}

/*
 * A Hold Timer Expired from side s on an established connection: the
 * peer's silence up to now is the evidence (no later message from it on
 * this connection would ever measure it).
 */
static void
hold_silence(struct report *r, struct pair *p, int s, const struct timeval *ts)
{
	uint16_t hold = track_hold(p);
	double gap;
	struct report_tl_ev *e;

	if (!p->c.est || p->c.down || !p->have_rx[!s] || hold == 0)
		return;
	gap = rep_tv_diff(ts, &p->last_rx[!s]);
	if (gap > p->max_gap[!s])
		p->max_gap[!s] = gap;
	if (gap > hold) {
		p->gaps_over_hold[!s]++;
		if ((e = tl_add(r, p, TL_HOLD, ts, !s)) != NULL) {
			e->gap = gap;
			e->hold = hold;
		}
	}
}

/* Where a new NOTIFICATION of p goes: the next slot while fewer than
 * PAIR_MAX_NTF are kept, else the last one (the latest); the array grows
 * with the NOTIFICATIONs seen, not a fixed PAIR_MAX_NTF for every pair. */
static struct report_ntf *
ntf_slot(struct pair *p)
{
	if (p->n_ntf == PAIR_MAX_NTF)
		return &p->ntf[PAIR_MAX_NTF - 1];
	if (p->n_ntf == p->cap_ntf) {
		unsigned n = p->cap_ntf ? 2 * p->cap_ntf : 2;
		struct report_ntf *a;

		if (n > PAIR_MAX_NTF)
			n = PAIR_MAX_NTF;
		if ((a = reallocarray(p->ntf, n, sizeof(*a))) == NULL)
			return p->n_ntf ? &p->ntf[p->n_ntf - 1] : NULL;
		p->ntf = a;
		p->cap_ntf = n;
	}
	return &p->ntf[p->n_ntf++];
}

static void
on_notification(struct report *r, const struct msg_view *v, struct pair *p, int side,
    bool followed)
{
	struct report_ntf *x, tmp;
	struct report_cause cause;
	struct report_tl_ev *e;

	p->ntf_total++;
	if ((x = ntf_slot(p)) == NULL)
		x = &tmp;        /* out of memory: the cause still holds it */
	ntf_record(r, x, v, side);
	if ((e = tl_add(r, p, TL_NTF, &v->pi->ts, side)) != NULL) {
		e->code = x->code;
		e->subcode = x->subcode;
	}
	diag_cause_ntf(p, x, &cause);
	if (x->code == REP_NTF_OPEN) {
		/* an OPEN rejected: the reason a session never comes up, even when
		 * the capture ends during a later attempt */
		p->open_err = cause;
		p->open_errs++;
	}
	if (followed) {
		if (x->code == REP_NTF_HOLD_EXPIRED)
			hold_silence(r, p, side, &v->pi->ts);
		p->c.ntf = true;
		track_down(r, p, &v->pi->ts, &cause);
		/* keep the cause even when the connection never came up */
		p->down_cause = cause;
	}
}

static void
eor_add(struct pair *p, const struct bgp_update *u, int side)
{
	for (unsigned i = 0; i < p->n_eor; i++)
		if (p->eor[i].afi == u->eor_afi && p->eor[i].safi == u->eor_safi &&
		    p->eor[i].side == side)
			return;
	if (p->n_eor >= PAIR_MAX_EOR)
		return;
	p->eor[p->n_eor].afi = u->eor_afi;
	p->eor[p->n_eor].safi = u->eor_safi;
	p->eor[p->n_eor].side = side;
	p->n_eor++;
}

/* Any message restarts the peer's hold timer: measure the silence before it. */
static void
rx_gap(struct report *r, struct pair *p, int side, const struct timeval *ts, bool followed)
{
	if (p->have_rx[side] && !p->monitored) {
		double gap = rep_tv_diff(ts, &p->last_rx[side]);
		uint16_t hold = track_hold(p);
		double prev = p->max_gap[side];

		/* silences within an established connection only */
		if (followed && p->c.est && gap > p->max_gap[side])
			p->max_gap[side] = gap;
		if (hold && gap > hold && followed && p->c.est) {
			struct report_tl_ev *e = tl_add(r, p, TL_HOLD, ts, side);

			if (e) {
				e->gap = gap;
				e->hold = hold;
			}
			p->gaps_over_hold[side]++;
			r->last_gap.p = p;
			r->last_gap.side = side;
			r->last_gap.prev_max = prev;
			r->last_gap.ts = *ts;
		}
	}
	p->last_rx[side] = *ts;
	p->have_rx[side] = true;
}

/* A KEEPALIVE or an UPDATE on the followed connection. */
static void
on_ka_update(struct pair *p, int side, bool upd)
{
	struct conn *c = &p->c;
	bool both_open = c->open[0] && c->open[1];

	if (c->open[side])
		c->after_open[side] = true;
	if (upd)
		c->upd[side] = true;
	else
		c->ka[side] = true;
	if (c->est)
		return;
	/* an UPDATE is only sent in Established; without the OPENs in the
	 * capture, traffic both ways will do */
	if ((both_open && c->after_open[0] && c->after_open[1]) || c->upd[side] ||
	    (!c->open[0] && !c->open[1] && (c->ka[0] || c->upd[0]) && (c->ka[1] || c->upd[1]))) {
		c->est = true;
		p->est_count++;
		furthest(p, ST_ESTABLISHED);
	}
}

static void
pair_open_set(struct pair_open *o, const struct sess_open *so)
{
	memset(o, 0, sizeof(*o));
	o->seen = so->seen;
	o->as4 = so->as4;
	o->ext_msg = so->ext_msg;
	o->graceful_restart = so->graceful_restart;
	o->asn = so->asn;
	o->hold_time = so->hold_time;
	o->n_mp = so->n_mp;
	memcpy(o->mp, so->mp, sizeof(o->mp));
	o->n_addpath = so->n_addpath;
	for (unsigned i = 0; i < BGP_CTX_MAX_AFS; i++) {
		o->addpath[i].afi = so->addpath[i].afi;
		o->addpath[i].safi = so->addpath[i].safi;
		o->addpath[i].sr = so->addpath[i].sr;
	}
}

static void
on_type(struct report *r, const struct msg_view *v, struct pair *p, int side, bool followed)
{
	struct conn *c = &p->c;

	switch (v->m.type) {
	case BGP_OPEN:
		if (!v->body_ok || v->sess == NULL)
			break;
		pair_open_set(&p->open[side], &v->sess->open[v->dir]);
		tl_add(r, p, TL_OPEN, &v->pi->ts, side);
		if (followed) {
			c->open[side] = true;
			c->after_open[side] = false;
			furthest(p, c->open[!side] ? ST_OPENCONFIRM : ST_OPENSENT);
		}
		policy_peer_as(r, p, &v->pi->ts);
		break;
	case BGP_NOTIFICATION:
		if (v->body_ok)
			on_notification(r, v, p, side, followed);
		break;
	case BGP_KEEPALIVE:
	case BGP_UPDATE:
		if (v->m.type == BGP_KEEPALIVE)
			p->ka[side]++;
		else
			p->upd[side]++;
		if (followed && !c->down)
			on_ka_update(p, side, v->m.type == BGP_UPDATE);
		if (v->m.type == BGP_UPDATE && v->body_ok) {
			if (v->u.upd.eor)
				eor_add(p, &v->u.upd, side);
			else
				policy_update(r, v, p);
		}
		break;
	default:
		break;
	}
}

void
report_message(struct report *r, const struct msg_view *v)
{
	struct pair *p;
	int side;
	bool followed;
	struct conn *c;

	clock_tick(r, &v->pi->ts);
	r->n_msgs++;
	if (v->mrt != NULL)
		r->from_mrt = true;
	if (v->hdr_ok && v->body_ok && v->m.type == BGP_OPEN)
		learn_id(r, &v->f->addr[v->dir], v->u.open.bgp_id);
	if ((p = pair_of_flow(r, v->f, v->dir, &side)) == NULL || !source_ok(p, v->f))
		return;
	if (v->f->monitored)
		p->monitored = true;
	followed = conn_follow(p, v->f);
	if (!followed && v->hdr_ok && v->m.type == BGP_UPDATE) {
		/* UPDATEs flow on one connection only: the followed one is gone */
		struct report_cause cause;

		diag_cause(p, CAUSE_REPLACED, side, &cause);
		track_down(r, p, &v->pi->ts, &cause);
		followed = conn_follow(p, v->f);
	}
	c = &p->c;
	p->msgs[side]++;
	p->last_ts = v->pi->ts;
	p->own_packet = true;
	if (v->pi->ttl == 1)
		p->ttl1_ev[side]++;
	rx_gap(r, p, side, &v->pi->ts, followed);
	if (followed) {
		if (!c->syn[0] && !c->syn[1] && !c->synack[0] && !c->synack[1] && !c->open[0] &&
		    !c->open[1] && !(v->hdr_ok && v->m.type == BGP_OPEN)) {
			c->midstream = true;
			p->midstream = true;
		}
		c->tcp_up = true;
		p->tcp_up = true;
	}
	if (v->hdr_ok)
		on_type(r, v, p, side, followed);
	tl_state(r, p, &v->pi->ts);
}

/* ---------------------------------------------------------------- TCP / ICMP */

static void
on_rst(struct report *r, struct pair *p, int side, const struct pkt_info *pi)
{
	struct report_cause cause;

	p->rst[side]++;
	p->c.rst[side] = true;
	if (p->c.syn[!side] && !p->c.synack[side] && !p->c.tcp_up) {
		p->refused[side]++;
		furthest(p, ST_ACTIVE);
		diag_cause(p, CAUSE_REFUSED, side, &cause);
	} else
		diag_cause(p, CAUSE_RST, side, &cause);
	if (p->c.tcp_up && !p->c.down)
		track_down(r, p, &pi->ts, &cause);
	else if (!p->c.down) {
		/* a refusal, or an RST before the connection was up */
		p->c.down = true;
		p->down_cause = cause;
	}
}

void
report_event(struct report *r, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev)
{
	struct pair *p;
	int side;
	struct report_cause cause;

	clock_tick(r, &pi->ts);
	if ((p = pair_of_flow(r, f, dir, &side)) == NULL || !source_ok(p, f))
		return;
	if (pi->ttl == 1 && ev != FLOW_EV_NEW)
		p->ttl1_ev[side]++;
	p->last_ts = pi->ts;
	p->own_packet = true;
	if (ev == FLOW_EV_SYN) {
		p->syn[side]++;
		p->syn_ttl[side] = pi->ttl;
		if (pi->dport)
			p->port179 = pi->dport;
	}
	if (!conn_follow(p, f))
		return;
	switch (ev) {
	case FLOW_EV_SYN:
		p->c.syn[side] = true;
		furthest(p, ST_CONNECT);
		break;
	case FLOW_EV_SYNACK:
		p->synack[side]++;
		p->c.synack[side] = true;
		p->c.tcp_up = true;
		p->tcp_up = true;
		furthest(p, ST_CONNECT);
		break;
	case FLOW_EV_RST:
		on_rst(r, p, side, pi);
		break;
	case FLOW_EV_LIMIT:
		p->limits[side]++;
		break;
	case FLOW_EV_CONFLICT:
		p->conflicts[side]++;
		break;
	case FLOW_EV_FIN:
		p->fin[side]++;
		p->c.fin[side] = true;
		diag_cause(p, CAUSE_FIN, side, &cause);
		if (!p->c.down)
			track_down(r, p, &pi->ts, &cause);
		break;
	default:
		break;
	}
	tl_state(r, p, &pi->ts);
}

/*
 * A monitor (BMP Peer Up) says the session on f is Established; its OPENs
 * came as messages before. A monitored session carries no KEEPALIVEs: its
 * silences say nothing about the hold timer.
 */
void
report_session_up(struct report *r, struct flow *f, const struct pkt_info *pi)
{
	struct pair *p;
	int side;

	clock_tick(r, &pi->ts);
	if ((p = pair_of_flow(r, f, 0, &side)) == NULL || !source_ok(p, f))
		return;
	p->monitored = true;
	if (!conn_follow(p, f))
		return;
	p->c.tcp_up = true;
	p->tcp_up = true;
	p->c.after_open[0] = p->c.after_open[1] = true;
	if (!p->c.est) {
		p->c.est = true;
		p->est_count++;
		furthest(p, ST_ESTABLISHED);
	}
}

void
report_icmp(struct report *r, const struct icmp_info *ii)
{
	struct pair *p;
	int side;
	bool te, unreach;
	struct report_tl_ev *e;

	clock_tick(r, &ii->ts);
	te = (ii->af == AF_INET && ii->type == REP_ICMP4_TIME_EXCEEDED) ||
	    (ii->af == AF_INET6 && ii->type == REP_ICMP6_TIME_EXCEEDED);
	unreach = (ii->af == AF_INET && ii->type == REP_ICMP4_UNREACH) ||
	    (ii->af == AF_INET6 && ii->type == REP_ICMP6_UNREACH);
	if (!te && !unreach)
		return;
	if ((p = track_pair_find(r, &ii->q_src, &ii->q_dst, true)) == NULL)
		return;
	side = addr_eq(&ii->q_src, &p->a[0]) ? 0 : 1;
	if (p->port179 == 0)
		p->port179 = ii->q_dport == REP_BGP_PORT || ii->q_sport != REP_BGP_PORT ?
		    ii->q_dport : ii->q_sport;
	if (ii->q_ttl == 1)
		p->ttl1_ev[side]++;
	if (te)
		p->icmp_te[side]++;
	else {
		p->icmp_unreach[side]++;
		p->unreach_code[side] = ii->code;
	}
	p->icmp_from[side] = ii->reporter;
	if ((e = tl_add(r, p, TL_ICMP, &ii->ts, side)) != NULL) {
		e->code = te;
		e->subcode = ii->code;
	}
}

/*
 * Bytes of a direction that were not decoded. Before the direction's first
 * message on a connection seen from its middle, they are the rest of a
 * message sent before the capture began (the verdict says so when no
 * announcement follows); anything else is data the checks did not see.
 */
void
report_skip(struct report *r, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t nbytes, const char *reason)
{
	struct pair *p;
	int side;

	clock_tick(r, &pi->ts);
	if ((p = pair_of_flow(r, f, dir, &side)) == NULL)
		return;
	p->own_packet = true;
	if (rep_tv_diff(&pi->ts, &p->last_ts) > 0)
		p->last_ts = pi->ts;
	if (p->msgs[side] == 0 && !p->c.syn[0] && !p->c.syn[1] &&
	    strncmp(reason, "not a BGP header", 16) == 0) {
		p->skipped_start[side] += nbytes;
		return;
	}
	p->skipped[side] += nbytes;
	/* name the first gap (a snaplen cut says so), else the first reason */
	if (p->skip_why[side][0] == '\0' ||
	    (strncmp(reason, "gap", 3) == 0 && strncmp(p->skip_why[side], "gap", 3) != 0))
		strlcpy(p->skip_why[side], reason, sizeof(p->skip_why[side]));
}

/*
 * Did direction d of f decode its UPDATEs with an inferred reading under
 * which the default route reads differently than under another plausible
 * one (or than before the choice was revised)? Then what the checks
 * concluded rests on a guess: the verdict says so (report_verdict.c).
 */
static void
flow_inference(struct pair *p, const struct flow *f, int d, int side)
{
	const struct sess *s = f->user;
	struct infer_fact fact;

	if (s == NULL)
		return;
	infer_fact(&s->inf[d], &fact);
	if (!fact.inferred || !fact.default_differs)
		return;
	p->inf_differs[side] = true;
	p->inf_chosen[side] = fact.chosen;
	p->inf_rival[side] = fact.chosen;
	for (unsigned i = 0; i < INFER_READINGS; i++)
		if (i != fact.chosen && (fact.plausible & (1u << i))) {
			p->inf_rival[side] = (uint8_t)i;
			break;
		}
}

void
report_untracked(struct report *r, uint64_t packets)
{
	r->flows_untracked = packets;
}

void
report_lost(struct report *r, uint64_t truncated, uint64_t dropped)
{
	r->pkts_truncated = truncated;
	r->pkts_dropped = dropped;
}

void
report_flow_end(struct report *r, struct flow *f)
{
	struct pair *p = track_pair_find(r, &f->addr[0], &f->addr[1], false);

	if (r->cache_flow == f->id) {
		r->cache_flow = 0;
		r->cache_pair = NULL;
	}
	if (p == NULL || (f->monitored && p->direct))
		return;
	for (int d = 0; d < 2; d++) {
		int side = addr_eq(&f->addr[d], &p->a[0]) ? 0 : 1;

		flow_inference(p, f, d, side);
		p->ttl1_flow[side] += f->st[d].ttl1;
		/* a flow evicted before it carried anything lost nothing */
		if (f->st[d].cut_bytes || (f->st[d].cuts && f->st[d].messages)) {
			p->cuts[side] += f->st[d].cuts;
			p->cut_bytes[side] += f->st[d].cut_bytes;
			p->cut_why[side] = f->st[d].cut_reason;
		}
	}
	/* a flow ends without FIN/RST at the end of the capture, or when evicted:
	 * that says nothing about the session */
}
