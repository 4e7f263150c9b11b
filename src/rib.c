/*
 * rib.c - the route store (rib.h): sessions, families, routes, and the
 * decoded UPDATEs applied to them as the receiver would.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgpcap.h"
#include "hash.h"
#include "rib_int.h"

/* ---------------------------------------------------------------- life */

struct rib *
rib_new(const struct rib_opts *o)
{
	struct rib *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->o = *o;
	r->tail = &r->sess;
	return r;
}

static void
fam_free(struct rib_fam *f)
{
	free(f->rt);
	free(f->slot);
	free(f);
}

void
rib_free(struct rib *r)
{
	struct rib_sess *s, *n;

	if (r == NULL)
		return;
	for (s = r->sess; s; s = n) {
		n = s->next;
		if (s->live)
			s->live->rib = NULL;
		for (int d = 0; d < 2; d++)
			for (int i = 0; i < s->dir[d].nfam; i++)
				fam_free(s->dir[d].fam[i]);
		free(s);
	}
	free(r->ev);
	rib_attrs_free(&r->at);
	free(r);
}

/* ---------------------------------------------------------------- one family */

static uint32_t
route_hash(const uint8_t *addr, uint8_t plen, uint32_t pathid)
{
	uint8_t k[21];

	memcpy(k, addr, 16);
	k[16] = plen;
	memcpy(k + 17, &pathid, 4);
	return hash_bytes(k, sizeof(k));
}

#define SLOT_E(x) ((uint32_t)(x))             /* entry + 1 */
#define SLOT_H(x) ((uint32_t)((x) >> 32))     /* the entry's hash */

#define HUGE_PAGE (2u << 20)

/*
 * n zeroed slots. An index of 2 MB or more is aligned to (and asks for)
 * huge pages: a full table's 16 MB index is read at random, a TLB miss on
 * nearly every route with 4 KB pages.
 */
static uint64_t *
slots_new(uint32_t n)
{
	size_t sz = (size_t)n * sizeof(uint64_t);
	void *p;

	if (sz < HUGE_PAGE)
		return calloc(n, sizeof(uint64_t));
	if (posix_memalign(&p, HUGE_PAGE, sz) != 0)
		return NULL;
	(void)madvise(p, sz, MADV_HUGEPAGE);
	memset(p, 0, sz);
	return p;
}

/* Double the index (the hashes are in the slots: no entry is read). */
static bool
fam_grow_index(struct rib_fam *f)
{
	uint32_t ns = f->nslots ? f->nslots * 2 : 64, m = ns - 1;
	uint64_t *sl = slots_new(ns);

	if (sl == NULL)
		return false;
	for (uint32_t i = 0; i < f->nslots; i++) {
		uint64_t x = f->slot[i];
		uint32_t j;

		if (x == 0)
			continue;
		for (j = SLOT_H(x) & m; sl[j]; j = (j + 1) & m)
			;
		sl[j] = x;
	}
	free(f->slot);
	f->slot = sl;
	f->nslots = ns;
	return true;
}

/* The slot of (addr, plen, pathid) with hash h, or of the empty slot where
 * it would go. */
static uint32_t
fam_slot(const struct rib_fam *f, const uint8_t *addr, uint8_t plen, uint32_t pathid,
    uint32_t h)
{
	uint32_t m = f->nslots - 1, j;

	for (j = h & m; f->slot[j]; j = (j + 1) & m) {
		const struct rib_route *rt;

		if (SLOT_H(f->slot[j]) != h)
			continue;
		rt = &f->rt[SLOT_E(f->slot[j]) - 1];
		if (rt->plen == plen && rt->pathid == pathid && memcmp(rt->addr, addr, 16) == 0)
			break;
	}
	return j;
}

/* A new entry's index (the dense array grows by half), UINT32_MAX: none. */
static uint32_t
fam_entry_new(struct rib_fam *f)
{
	uint32_t e;

	if (f->free_head) {
		e = f->free_head - 1;
		f->free_head = f->rt[e].attr;
		return e;
	}
	if (f->n == f->cap) {
		uint32_t nc = f->cap ? f->cap + f->cap / 2 : 16;
		struct rib_route *nr;

		if (f->cap >= RIB_MAX_ROUTES || (nr = reallocarray(f->rt, nc, sizeof(*nr))) == NULL)
			return UINT32_MAX;
		f->rt = nr;
		f->cap = nc;
	}
	return f->n++;
}

/* Remove the entry in slot j (backward shift) and free it. */
static void
fam_del(struct rib_fam *f, uint32_t j)
{
	uint32_t m = f->nslots - 1, i = j, k, e = SLOT_E(f->slot[j]) - 1;

	f->slot[j] = 0;
	for (;;) {
		i = (i + 1) & m;
		if (f->slot[i] == 0)
			break;
		k = SLOT_H(f->slot[i]) & m;
		if ((j < i) ? (k <= j || k > i) : (k <= j && k > i)) {
			f->slot[j] = f->slot[i];
			f->slot[i] = 0;
			j = i;
		}
	}
	f->used--;
	f->rt[e].flags = RT_FREE;
	f->rt[e].attr = f->free_head;
	f->free_head = e + 1;
}

static struct rib_fam *
fam_get(struct rib_dir *d, uint16_t afi, uint8_t safi)
{
	struct rib_fam *f;

	for (int i = 0; i < d->nfam; i++)
		if (d->fam[i]->afi == afi && d->fam[i]->safi == safi)
			return d->fam[i];
	if (d->nfam == RIB_MAX_FAMS || (f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->afi = afi;
	f->safi = safi;
	d->fam[d->nfam++] = f;
	return f;
}

/* ---------------------------------------------------------------- history */

static int
hist_match(const struct rib *r, uint16_t afi, const uint8_t *addr, uint8_t plen)
{
	for (int i = 0; i < r->o.n_history; i++) {
		const struct rib_opts *o = &r->o;

		if (o->history[i].plen == plen && (o->history[i].af == 4) == (afi == AFI_IPV4) &&
		    memcmp(o->history[i].addr, addr, 16) == 0)
			return i;
	}
	return -1;
}

/* Was the last event of this route (same address pair) a withdrawal? */
static bool
hist_was_withdrawn(const struct rib *r, const struct rib_event *e)
{
	for (uint32_t i = r->nev; i-- > 0;) {
		const struct rib_event *p = &r->ev[i];

		if (p->hist == e->hist && p->afi == e->afi && p->safi == e->safi &&
		    p->pathid == e->pathid &&
		    addr_eq(&p->rs->addr[p->dir], &e->rs->addr[e->dir]) &&
		    addr_eq(&p->rs->addr[!p->dir], &e->rs->addr[!e->dir]))
			return p->kind == EV_WITHDRAW;
	}
	return false;
}

struct op {
	struct rib *r;
	struct rib_sess *rs;
	int dir;
	struct rib_fam *f;
	const struct timeval *ts;
};

/* Record an event for a route (when --history asks for its prefix). */
static void
hist_add(const struct op *o, const struct rib_route *rt, unsigned kind, unsigned why,
    uint32_t old_attr, uint32_t new_attr)
{
	struct rib *r = o->r;
	int h = hist_match(r, o->f->afi, rt->addr, rt->plen);
	struct rib_event *e;

	if (h < 0)
		return;
	if (r->nev == r->evcap) {
		uint32_t nc = r->evcap ? r->evcap * 2 : 64;
		struct rib_event *ne;

		if (nc > RIB_MAX_EVENTS || (ne = reallocarray(r->ev, nc, sizeof(*ne))) == NULL) {
			r->ev_lost++;
			return;
		}
		r->ev = ne;
		r->evcap = nc;
	}
	e = &r->ev[r->nev];
	memset(e, 0, sizeof(*e));
	e->rs = o->rs;
	e->dir = (uint8_t)o->dir;
	e->hist = (uint8_t)h;
	e->afi = o->f->afi;
	e->safi = o->f->safi;
	e->flags = rt->flags & RT_PATHID;
	e->pathid = rt->pathid;
	e->ts = *o->ts;
	e->seq = r->nev;
	e->why = (uint8_t)why;
	e->kind = (uint8_t)kind;
	if (kind == EV_ANNOUNCE && hist_was_withdrawn(r, e))
		e->kind = EV_REANNOUNCE;
	if (old_attr != UINT32_MAX) {
		rib_attr_ref(&r->at, old_attr);
		e->old_attr = old_attr + 1;
	}
	if (new_attr != UINT32_MAX) {
		rib_attr_ref(&r->at, new_attr);
		e->new_attr = new_attr + 1;
	}
	r->nev++;
}

/* ---------------------------------------------------------------- route ops */

/* Announce (or, q->taw: list apart as treat-as-withdraw) q's prefix with
 * q's block; true when the route took the queue's reference to it. */
static bool
op_announce(const struct op *o, const struct rib_pend *q)
{
	struct rib_fam *f = o->f;
	uint32_t pid = q->pathid, attr = q->attr, j, e;
	bool taw = q->taw;
	struct rib_route *rt;

	if (f->frozen)
		return false;
	if ((f->used + 1) * 4 > f->nslots * 3 && !fam_grow_index(f))
		return false;
	j = fam_slot(f, q->addr, q->plen, pid, q->hash);
	if (f->slot[j]) {
		rt = &f->rt[SLOT_E(f->slot[j]) - 1];
		if (rt->flags & RT_STALE) {
			rt->flags &= ~RT_STALE;  /* sent again by the restarted peer */
			f->stale--;
		}
		if (!(rt->flags & RT_TAW) && !taw)
			hist_add(o, rt, EV_REPLACE, WHY_NONE, rt->attr, attr);
		else if (!(rt->flags & RT_TAW))
			hist_add(o, rt, EV_WITHDRAW, WHY_TAW, rt->attr, attr);
		else if (!taw)
			hist_add(o, rt, EV_ANNOUNCE, WHY_NONE, UINT32_MAX, attr);
		if (rt->attr == attr && !(rt->flags & RT_TAW) && !taw)
			return false;    /* the same again: held since the first */
		f->held -= !(rt->flags & RT_TAW);
		f->taw -= !!(rt->flags & RT_TAW);
		rib_attr_unref(&o->r->at, rt->attr);
	} else {
		if ((e = fam_entry_new(f)) == UINT32_MAX) {
			f->dropped++;
			return false;
		}
		f->slot[j] = (uint64_t)q->hash << 32 | (e + 1);
		f->used++;
		rt = &f->rt[e];
		memcpy(rt->addr, q->addr, 16);
		rt->plen = q->plen;
		rt->pathid = pid;
		rt->flags = q->has_pathid ? RT_PATHID : 0;
		hist_add(o, rt, taw ? EV_WITHDRAW : EV_ANNOUNCE, taw ? WHY_TAW : WHY_NONE,
		    UINT32_MAX, attr);
	}
	rt->attr = attr;             /* the queue's reference, now the route's */
	rt->flags = (uint8_t)((rt->flags & RT_PATHID) | (taw ? RT_TAW : 0));
	rt->sec = (uint32_t)o->ts->tv_sec;
	rt->usec = (uint32_t)o->ts->tv_usec;
	f->held += !taw;
	f->taw += taw;
	return true;
}

/* Remove the route in slot j (why: the event's reason). */
static void
op_remove_slot(const struct op *o, uint32_t j, unsigned why)
{
	struct rib_fam *f = o->f;
	struct rib_route *rt = &f->rt[SLOT_E(f->slot[j]) - 1];

	if (!(rt->flags & RT_TAW))
		hist_add(o, rt, EV_WITHDRAW, why, rt->attr, UINT32_MAX);
	f->stale -= !!(rt->flags & RT_STALE);
	f->held -= !(rt->flags & RT_TAW);
	f->taw -= !!(rt->flags & RT_TAW);
	rib_attr_unref(&o->r->at, rt->attr);
	fam_del(f, j);
}

static void
op_withdraw(const struct op *o, const struct rib_pend *q)
{
	struct rib_fam *f = o->f;
	uint32_t j;

	if (f->nslots == 0 || f->frozen)
		return;
	j = fam_slot(f, q->addr, q->plen, q->pathid, q->hash);
	if (f->slot[j])
		op_remove_slot(o, j, WHY_EXPLICIT);
}

/*
 * Announcements and withdrawals wait in a short queue (RIB_AHEAD) between
 * the message and the store: the index slot of each is prefetched when it
 * is queued and read when it is applied, RIB_AHEAD operations (messages, on
 * a full table) later, so the cache miss of a random slot in a large index
 * overlaps the decoding of the messages in between. Applied in order;
 * everything else that touches the store (a session or family cleared, the
 * routes kept or removed as stale, a family moved to a new session by
 * graceful restart, the end, the printers, the counters) applies the queue
 * first.
 */
static void
pend_apply_one(struct rib *r)
{
	struct rib_pend *q = &r->pend[r->pfirst];
	struct op o = { r, q->rs, q->dir, q->f, &q->ts };

	r->pfirst = (r->pfirst + 1) % RIB_AHEAD;
	r->pn--;
	if (q->attr == UINT32_MAX)
		op_withdraw(&o, q);
	else if (!op_announce(&o, q))
		rib_attr_unref(&r->at, q->attr);
}

static void
pend_apply(struct rib *r)
{
	while (r->pn > 0)
		pend_apply_one(r);
}

/* Queue an announcement with block attr (a reference taken while queued),
 * or with attr UINT32_MAX a withdrawal, of p in o's family. */
static void
pend_push(const struct op *o, const struct bgp_prefix *p, uint32_t attr, bool taw)
{
	struct rib *r = o->r;
	struct rib_fam *f = o->f;
	struct rib_pend *q;

	if (f->frozen || (attr == UINT32_MAX && f->nslots == 0 && r->pn == 0))
		return;
	if (r->pn == RIB_AHEAD)
		pend_apply_one(r);
	q = &r->pend[(r->pfirst + r->pn++) % RIB_AHEAD];
	q->rs = o->rs;
	q->f = f;
	q->dir = (uint8_t)o->dir;
	q->ts = *o->ts;
	memcpy(q->addr, p->addr, 16);
	q->plen = p->plen;
	q->has_pathid = p->has_pathid;
	q->pathid = p->has_pathid ? p->pathid : 0;
	q->hash = route_hash(q->addr, q->plen, q->pathid);
	q->attr = attr;
	q->taw = taw;
	if (attr != UINT32_MAX)
		rib_attr_ref(&r->at, attr);
	if (f->nslots)
		__builtin_prefetch(&f->slot[q->hash & (f->nslots - 1)]);
}

/* Every route of the family goes (session down, AFI/SAFI disable). */
static void
op_clear(const struct op *o, unsigned why)
{
	struct rib_fam *f = o->f;

	pend_apply(o->r);
	if (o->r->o.n_history > 0)
		for (uint32_t i = 0; i < f->n; i++)
			if (!(f->rt[i].flags & (RT_FREE | RT_TAW)))
				hist_add(o, &f->rt[i], EV_WITHDRAW, why, f->rt[i].attr,
				    UINT32_MAX);
	for (uint32_t i = 0; i < f->n; i++)
		if (!(f->rt[i].flags & RT_FREE))
			rib_attr_unref(&o->r->at, f->rt[i].attr);
	free(f->rt);
	free(f->slot);
	f->rt = NULL;
	f->slot = NULL;
	f->n = f->cap = f->nslots = f->used = f->free_head = 0;
	f->held = f->taw = f->stale = 0;
	f->eor = false;
}

/* The stale routes of the family go (End-of-RIB, or the restarted peer
 * did not keep its forwarding state), or every listed-apart one (taw). */
static void
op_clear_flagged(const struct op *o, unsigned flag, unsigned why)
{
	struct rib_fam *f = o->f;

	pend_apply(o->r);
	for (uint32_t i = 0; i < f->n; i++) {
		struct rib_route *rt = &f->rt[i];
		uint32_t pid = rt->pathid;

		if ((rt->flags & RT_FREE) || !(rt->flags & flag))
			continue;
		op_remove_slot(o, fam_slot(f, rt->addr, (uint8_t)rt->plen, pid,
		    route_hash(rt->addr, (uint8_t)rt->plen, pid)), why);
	}
}

/* Graceful restart: the session went down and the receiver keeps what
 * it held from the sender as stale (RFC 4724 4.2). */
static void
op_keep_stale(const struct op *o)
{
	struct rib_fam *f = o->f;

	op_clear_flagged(o, RT_TAW, WHY_DOWN);   /* applies the queue first */
	for (uint32_t i = 0; i < f->n; i++) {
		struct rib_route *rt = &f->rt[i];

		if ((rt->flags & (RT_FREE | RT_STALE)) == 0) {
			rt->flags |= RT_STALE;
			f->stale++;
			hist_add(o, rt, EV_STALE, WHY_DOWN, rt->attr, UINT32_MAX);
		}
	}
	f->eor = false;
}

/* ---------------------------------------------------------------- sessions */

static void gr_adopt(struct rib *r, struct rib_sess *rs, const struct timeval *ts);

static struct rib_sess *
sess_of(struct rib *r, struct sess *s, const struct flow *f, const struct timeval *ts)
{
	struct rib_sess *rs = s->rib;

	if (rs != NULL)
		return rs;
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return NULL;
	rs->seq = r->nsess++;
	rs->flow_id = f->id;
	for (int d = 0; d < 2; d++) {
		rs->addr[d] = f->addr[d];
		rs->port[d] = f->port[d];
	}
	rs->live = s;
	s->rib = rs;
	gr_adopt(r, rs, ts);
	*r->tail = rs;
	r->tail = &rs->next;
	return rs;
}

enum down_kind {
	DOWN_TCP,                /* FIN or RST without a NOTIFICATION */
	DOWN_NOTIFY,             /* a NOTIFICATION, a hold timer expiry */
	DOWN_HARD,               /* Cease/Hard Reset (RFC 8538) */
};

/* Are the routes the side d sent kept stale when the session goes down
 * this way? Both sides advertised graceful restart (RFC 4724 4.2); for a
 * NOTIFICATION or hold timer expiry, both also set N (RFC 8538). */
static bool
gr_applies(const struct rib_sess *rs, int d, enum down_kind k)
{
	if (!rs->gr[d].present || !rs->gr[!d].present || rs->gr[d].time == 0)
		return false;
	return k == DOWN_TCP || (k == DOWN_NOTIFY && rs->gr[d].notification &&
	    rs->gr[!d].notification);
}

/* The session is down at ts: nothing is held any more, either way, but
 * for the families kept stale over a graceful restart. */
static void
sess_down(struct rib *r, struct rib_sess *rs, const struct timeval *ts, const char *why,
    enum down_kind k)
{
	struct timeval t;

	if (rs->down)
		return;
	for (int d = 0; d < 2; d++) {
		bool gr = gr_applies(rs, d, k);

		for (int i = 0; i < rs->dir[d].nfam; i++) {
			struct op o = { r, rs, d, rs->dir[d].fam[i], ts };

			if (gr && bgp_gr_has(&rs->gr[d], o.f->afi, o.f->safi, NULL)) {
				op_keep_stale(&o);
				rs->gr_kept[d] = true;
			} else
				op_clear(&o, WHY_DOWN);
		}
		if (rs->gr_kept[d]) {
			t.tv_sec = rs->gr[d].time;
			t.tv_usec = 0;
			timeradd(ts, &t, &rs->gr_deadline[d]);
		}
	}
	rs->down = true;
	rs->down_ts = *ts;
	strlcpy(rs->down_why, why, sizeof(rs->down_why));
}

/* The sender's restart time ran out before it came back (or by `now`):
 * the stale routes go at the deadline. True when they went. */
static bool
gr_expire(struct rib *r, struct rib_sess *rs, int d, const struct timeval *now)
{
	if (!rs->gr_kept[d] || !timercmp(now, &rs->gr_deadline[d], >))
		return false;
	for (int i = 0; i < rs->dir[d].nfam; i++) {
		struct op o = { r, rs, d, rs->dir[d].fam[i], &rs->gr_deadline[d] };

		op_clear(&o, WHY_GR_TIME);
	}
	rs->gr_kept[d] = false;
	return true;
}

/* A new connection between two addresses whose last session went down
 * with routes kept stale: they are the new session's, stale until the
 * sender's End-of-RIB (RFC 4724 4.2). */
static void
gr_adopt(struct rib *r, struct rib_sess *rs, const struct timeval *ts)
{
	pend_apply(r);           /* queued operations name the family's old session */
	for (struct rib_sess *o = r->sess; o != NULL; o = o->next)
		for (int d = 0; d < 2; d++) {
			int e;

			if (o == rs || !o->gr_kept[d] || gr_expire(r, o, d, ts))
				continue;
			if (addr_eq(&o->addr[d], &rs->addr[0]) && addr_eq(&o->addr[!d], &rs->addr[1]))
				e = 0;
			else if (addr_eq(&o->addr[d], &rs->addr[1]) &&
			    addr_eq(&o->addr[!d], &rs->addr[0]))
				e = 1;
			else
				continue;
			if (rs->dir[e].nfam != 0)
				continue;
			rs->dir[e] = o->dir[d];
			memset(&o->dir[d], 0, sizeof(o->dir[d]));
			o->gr_kept[d] = false;
			o->gr_moved[d] = rs->flow_id + 1;
		}
}

/* The sender's OPEN on the new connection: families it no longer lists
 * in its graceful restart capability, or lists without forwarding state
 * kept (F), lose their stale routes at once (RFC 4724 4.2). */
static void
gr_reopen(struct rib *r, struct rib_sess *rs, int d, const struct bgp_gr *g,
    const struct timeval *ts)
{
	rs->gr[d] = *g;
	for (int i = 0; i < rs->dir[d].nfam; i++) {
		struct op o = { r, rs, d, rs->dir[d].fam[i], ts };
		bool fwd = false;

		if (o.f->stale == 0)
			continue;
		if (!g->present)
			op_clear_flagged(&o, RT_STALE, WHY_GR_NOCAP);
		else if (!bgp_gr_has(g, o.f->afi, o.f->safi, &fwd) || !fwd)
			op_clear_flagged(&o, RT_STALE, WHY_GR_NOFWD);
	}
}

/* Is ts after --at (input from then on is not applied)? */
static bool
after_at(struct rib *r, const struct timeval *ts)
{
	if (!r->have_first) {
		r->have_first = true;
		r->first = *ts;
		r->at_abs = r->o.at;
		if (r->o.at_rel)
			timeradd(&r->first, &r->o.at, &r->at_abs);
	}
	if (r->o.have_at && timercmp(ts, &r->at_abs, >))
		r->past_at = true;
	if (!r->past_at)
		r->now = *ts;
	return r->past_at;
}

void
rib_frame(struct rib *r, const struct timeval *ts)
{
	(void)after_at(r, ts);
}

void
rib_down(struct rib *r, struct sess *s, const struct timeval *ts, const char *why)
{
	if (s == NULL || s->rib == NULL || after_at(r, ts))
		return;
	sess_down(r, s->rib, ts, why, DOWN_TCP);
}

void
rib_flow_end(struct rib *r, struct sess *s)
{
	(void)r;
	if (s != NULL && s->rib != NULL) {
		s->rib->live = NULL;
		s->rib = NULL;
	}
}

/* ---------------------------------------------------------------- UPDATE */

static bool
keepable(struct rib *r, const struct bgp_prefix *p)
{
	if (p->opaque || p->has_rd) {
		r->not_stored++;
		return false;
	}
	return true;
}

/* Withdraw the prefixes of one list. */
static void
apply_withdrawn(struct op *o, const struct msg_view *v, const struct cur *c, uint16_t afi,
    uint8_t safi)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;

	if (cur_left(c) == 0 || (o->f = fam_get(&o->rs->dir[o->dir], afi, safi)) == NULL)
		return;
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(v->ctx, afi, safi));
	while (bgp_nlri_next(&it, &p, &scratch) == 1)
		if (keepable(o->r, &p))
			pend_push(o, &p, UINT32_MAX, false);
}

/* The tag of the key of message v's list (rib_attr_key): IPv4 NLRI or MP_REACH. */
#define KEY_TAG(v, mp) ((v)->index * 2 + (mp))

/* The next hop of list mp (0: IPv4 NLRI, NEXT_HOP; 1: MP_REACH_NLRI's one
 * or two) as the block's key has it, in buf when it must be assembled; its
 * length in *len. */
static const uint8_t *
list_next_hop(const struct bgp_update *u, int mp, uint8_t buf[32], size_t *len)
{
	size_t nl = 0;

	if (!mp) {
		*len = bgp_update_has(u, ATTR_NEXT_HOP) ? 4 : 0;
		return u->next_hop;
	}
	for (unsigned i = 0; i < u->mpr_nh_count && i < 2; i++) {
		unsigned w = u->mpr_nh_af[i] == 4 ? 4 : 16;

		memcpy(buf + nl, u->mpr_nh[i], w);
		nl += w;
	}
	*len = nl;
	return buf;
}

/* Announce the prefixes of list mp (0: IPv4 NLRI, 1: MP_REACH_NLRI's)
 * with the block of the message's attributes and that list's next hop. */
static void
apply_nlri(struct op *o, const struct msg_view *v, const struct cur *c, uint16_t afi,
    uint8_t safi, bool taw, int mp)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	uint8_t buf[32];
	const uint8_t *nh;
	size_t nh_len;
	uint32_t attr;

	if (cur_left(c) == 0 || (o->f = fam_get(&o->rs->dir[o->dir], afi, safi)) == NULL)
		return;
	nh = list_next_hop(&v->u.upd, mp, buf, &nh_len);
	if (!rib_attr_key(&o->r->at, v, nh, nh_len, KEY_TAG(v, mp)))
		return;
	rib_attr_prefetch(&o->r->at);
	/* make room in the queue while the block is fetched */
	if (o->r->pn == RIB_AHEAD)
		pend_apply_one(o->r);
	if ((attr = rib_attr_intern(&o->r->at, v, nh, nh_len)) == UINT32_MAX)
		return;
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(v->ctx, afi, safi));
	while (bgp_nlri_next(&it, &p, &scratch) == 1)
		if (keepable(o->r, &p))
			pend_push(o, &p, attr, taw);
	rib_attr_unref(&o->r->at, attr);
}

/* RFC 7606 AFI/SAFI disable: the message's MP families hold nothing. */
static void
apply_disable(struct op *o, const struct bgp_update *u)
{
	if (bgp_update_has(u, ATTR_MP_REACH) && cur_left(&u->mpr_nlri) &&
	    (o->f = fam_get(&o->rs->dir[o->dir], u->mpr_afi, u->mpr_safi)) != NULL)
		op_clear(o, WHY_DISABLE);
	if (bgp_update_has(u, ATTR_MP_UNREACH) && cur_left(&u->mpu_withdrawn) &&
	    (o->f = fam_get(&o->rs->dir[o->dir], u->mpu_afi, u->mpu_safi)) != NULL)
		op_clear(o, WHY_DISABLE);
}

static void
apply_update(struct op *o, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	bool taw = v->errs.worst == BGP_TREAT_WITHDRAW;

	apply_withdrawn(o, v, &u->withdrawn, AFI_IPV4, SAFI_UNICAST);
	if (v->errs.worst == BGP_TREAT_AFISAFI_DISABLE)
		apply_disable(o, u);
	else if (bgp_update_has(u, ATTR_MP_UNREACH))
		apply_withdrawn(o, v, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi);
	if (cur_left(&u->nlri))
		apply_nlri(o, v, &u->nlri, AFI_IPV4, SAFI_UNICAST, taw, 0);
	if (bgp_update_has(u, ATTR_MP_REACH) && v->errs.worst != BGP_TREAT_AFISAFI_DISABLE)
		apply_nlri(o, v, &u->mpr_nlri, u->mpr_afi, u->mpr_safi, taw, 1);
	if (u->eor && (o->f = fam_get(&o->rs->dir[o->dir], u->eor_afi, u->eor_safi)) != NULL) {
		o->f->eor = true;
		o->f->eor_ts = *o->ts;
		if (o->f->stale)
			op_clear_flagged(o, RT_STALE, WHY_EOR_STALE);
	}
}

/* The hold time the two OPENs agree on (the smaller), 0 when unknown. */
static uint16_t
hold_of(const struct sess *s)
{
	if (!s->open[0].seen || !s->open[1].seen)
		return 0;
	return s->open[0].hold_time < s->open[1].hold_time ? s->open[0].hold_time :
	    s->open[1].hold_time;
}

/*
 * Right after the decode, before the reporter: the key of the block of the
 * UPDATE's first NLRI list, and its index line asked for, so that it is in
 * the cache when rib_message applies the UPDATE (a full table's UPDATEs each
 * pick one of thousands of blocks at random: a cache miss each otherwise).
 * Nothing else; what rib_message decides is not decided here.
 */
void
rib_peek(struct rib *r, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	uint8_t nh[32];
	const uint8_t *p;
	size_t nl;
	int mp;

	if (!v->hdr_ok || v->m.type != BGP_UPDATE || !v->body_ok || r->past_at)
		return;
	if (cur_left(&u->nlri))
		mp = 0;
	else if (bgp_update_has(u, ATTR_MP_REACH) && cur_left(&u->mpr_nlri))
		mp = 1;
	else
		return;
	p = list_next_hop(u, mp, nh, &nl);
	(void)rib_attr_key(&r->at, v, p, nl, KEY_TAG(v, mp));
}

void
rib_message(struct rib *r, struct sess *s, const struct msg_view *v)
{
	const struct timeval *ts = &v->pi->ts;
	struct rib_sess *rs;
	unsigned t = v->hdr_ok ? v->m.type : 0;
	char why[160];

	if (after_at(r, ts) || (rs = sess_of(r, s, v->f, ts)) == NULL)
		return;
	rs->last[v->dir] = *ts;
	rs->seen[v->dir] = true;
	rs->hold = hold_of(s);
	if (t == BGP_OPEN && rs->down) {
		/* a new OPEN on the same connection: a new session */
		rs->down = false;
		rs->gr_kept[0] = rs->gr_kept[1] = false;
	}
	if (t == BGP_OPEN && v->body_ok)
		gr_reopen(r, rs, v->dir, &s->open[v->dir].gr, ts);
	if (t == BGP_NOTIFICATION) {
		char a[64];

		addr_fmt(&v->f->addr[v->dir], a, sizeof(a));
		snprintf(why, sizeof(why), "NOTIFICATION %u/%u from %s", v->body_ok ?
		    v->u.ntf.code : 0, v->body_ok ? v->u.ntf.subcode : 0, a);
		sess_down(r, rs, ts, why, v->body_ok && v->u.ntf.code == 6 &&
		    v->u.ntf.subcode == 9 ? DOWN_HARD : DOWN_NOTIFY);
		return;
	}
	if (v->errs.worst == BGP_TREAT_SESSION_RESET || (t == BGP_UPDATE && !v->body_ok)) {
		snprintf(why, sizeof(why), "session reset: %s",
		    v->errs.n ? v->errs.e[0].what : "malformed message");
		sess_down(r, rs, ts, why, DOWN_NOTIFY);
		return;
	}
	if (t == BGP_UPDATE && v->body_ok && !rs->down) {
		struct op o = { r, rs, v->dir, NULL, ts };

		apply_update(&o, v);
	}
}

/* End of the input: a side silent longer than the hold time took the
 * session down (the reporter's rule, at the capture's last frame or --at). */
void
rib_finish(struct rib *r)
{
	char why[160];

	pend_apply(r);
	if (r->finished)
		return;
	r->finished = true;
	for (struct rib_sess *rs = r->sess; rs; rs = rs->next) {
		for (int d = 0; d < 2 && !rs->down && rs->hold; d++) {
			struct timeval gap;

			if (!rs->seen[d])
				continue;
			timersub(&r->now, &rs->last[d], &gap);
			if (gap.tv_sec >= rs->hold) {
				snprintf(why, sizeof(why), "hold timer expired (%u s silent)",
				    (unsigned)gap.tv_sec);
				sess_down(r, rs, &r->now, why, DOWN_NOTIFY);
			}
		}
		for (int d = 0; d < 2; d++)
			(void)gr_expire(r, rs, d, &r->now);
	}
}

/* ---------------------------------------------------------------- queries */

void
rib_get_stats(struct rib *r, struct rib_stats *st)
{
	pend_apply(r);
	memset(st, 0, sizeof(*st));
	for (const struct rib_sess *rs = r->sess; rs; rs = rs->next)
		for (int d = 0; d < 2; d++)
			for (int i = 0; i < rs->dir[d].nfam; i++) {
				const struct rib_fam *f = rs->dir[d].fam[i];

				st->routes += f->held;
				st->bytes += (uint64_t)f->cap * sizeof(struct rib_route) +
				    (uint64_t)f->nslots * sizeof(uint64_t);
			}
	st->attrs = r->at.used;
	st->bytes += r->at.bytes;
	st->not_stored = r->not_stored;
}
