/*
 * report.c - the default-route check and the session diagnosis.
 *
 * State is kept per pair of speakers (an unordered address pair: a session
 * may span several TCP connections) and per (speaker, peer, family) default
 * route. Both tables are bounded; hitting a bound is reported.
 *
 * Cost: report_message() does a few comparisons per message; only UPDATEs
 * whose NLRI / withdrawn lists contain a zero byte are walked prefix by
 * prefix, and only UPDATEs that carry a default route format strings.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "bgpcap.h"
#include "report.h"
#include "asregex.h"

#define REPORT_MAX_PAIRS     4096
#define REPORT_HASH          8192      /* > 2 * REPORT_MAX_PAIRS, power of 2 */
#define REPORT_MAX_ROUTES    1024
#define REPORT_MAX_VIOL      1000
#define REPORT_MAX_WD        1000
#define PAIR_MAX_NTF         8
#define PAIR_MAX_EOR         8
#define CAUSE_LEN            400

enum pstate { ST_IDLE, ST_CONNECT, ST_ACTIVE, ST_OPENSENT, ST_OPENCONFIRM, ST_ESTABLISHED };

static const char *const state_names[] = {
	[ST_IDLE] = "Idle", [ST_CONNECT] = "Connect", [ST_ACTIVE] = "Active",
	[ST_OPENSENT] = "OpenSent", [ST_OPENCONFIRM] = "OpenConfirm",
	[ST_ESTABLISHED] = "Established",
};

struct ntf_rec {
	struct timeval ts;
	int side;                 /* sender */
	uint8_t code, subcode;
	bool has_bad_as;
	uint32_t bad_as;
	char msg[256];            /* shutdown communication, "" if none */
	uint8_t n_caps;
	uint8_t caps[4];          /* Unsupported Capability: the codes */
};

/* The TCP connection currently followed for a pair. */
struct conn {
	uint64_t flow_id;         /* 0: none yet */
	bool syn[2], synack[2], rst[2], fin[2];
	bool open[2], after_open[2], ka[2], upd[2];
	bool tcp_up, est, down, ntf;
	bool midstream;           /* messages seen without the connection's start */
};

struct pair {
	struct addr a[2];         /* a[0]: initiator of the first flow seen */
	uint16_t port179;         /* the BGP port seen (179) */
	struct conn c;
	/* history over all connections, per sending side */
	uint64_t syn[2], synack[2], rst[2], fin[2], refused[2];
	uint64_t ttl1_ev[2], ttl1_flow[2];
	uint8_t syn_ttl[2];
	uint64_t msgs[2], ka[2], upd[2];
	struct sess_open open[2];
	bool tcp_up;
	enum pstate furthest;
	uint64_t est_count, downs;
	struct timeval last_rx[2];
	bool have_rx[2];
	double max_gap[2];
	uint64_t gaps_over_hold[2];
	unsigned n_ntf;
	uint64_t ntf_total;
	struct ntf_rec ntf[PAIR_MAX_NTF];
	unsigned n_eor;
	struct { uint16_t afi; uint8_t safi; int side; } eor[PAIR_MAX_EOR];
	uint64_t icmp_te[2], icmp_unreach[2];
	struct addr icmp_from[2];
	uint8_t unreach_code[2];
	char down_cause[CAUSE_LEN];   /* why the last connection went down */
	char est_down_cause[CAUSE_LEN]; /* why the last Established one went down */
	char open_err[CAUSE_LEN];     /* the last OPEN rejected by NOTIFICATION */
	uint64_t open_errs;           /* how many OPENs were rejected */
	bool peer_as_checked;
	bool midstream;           /* some connection was seen only from its middle */
};

struct route {
	struct addr speaker, peer;
	int fam;                  /* 0: 0.0.0.0/0, 1: ::/0 */
	struct pair *p;
	uint64_t count;
	struct timeval first, last;
	bool held, valid, inferred;
	char nh[96];
	char aspath[256];
	char gone[CAUSE_LEN];     /* why not held, when !held */
	long wd_pending;          /* withdrawal index waiting for re-announcement, -1 */
};

struct viol {
	struct timeval ts;
	struct addr speaker, peer;
	bool have_speaker;
	int fam;
	const char *field;
	char expected[256];
	char actual[2 * CAUSE_LEN];
	bool inferred;
};

struct wd {
	struct timeval ts;
	struct addr speaker, peer;
	int fam;
	char how[CAUSE_LEN];
	bool reannounced;
	struct timeval re_ts;
};

#define REPORT_MAX_IDS 1024

struct report {
	struct report_opts o;
	struct asre *re;
	bool have_expect;
	bool have_nh[2];              /* an expected next hop of this family */
	struct pair *pairs;
	size_t n_pairs;
	uint64_t pairs_dropped;
	int32_t hash[REPORT_HASH];    /* index into pairs, -1 empty */
	uint64_t cache_flow;          /* last flow id looked up */
	struct pair *cache_pair;
	struct route *routes;
	size_t n_routes;
	uint64_t routes_dropped;
	struct viol *viol;
	size_t n_viol;
	uint64_t viol_total;
	struct wd *wd;
	size_t n_wd;
	uint64_t wd_total;
	struct timeval now;           /* latest time seen */
	/* BGP identifiers seen in OPENs, by sender address: one route server
	 * instance speaks from an IPv4 and an IPv6 address with one identifier */
	struct { struct addr a; uint32_t id; } ids[REPORT_MAX_IDS];
	size_t n_ids;
};

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

/*
 * Is address a the speaker named `want` on the command line? Either the
 * same address, or (for an IPv4 `want`) an address whose OPEN carried
 * `want` as its BGP identifier: so --expect-peer 10.0.2.4 also covers the
 * IPv6 session of the route server whose identifier is 10.0.2.4.
 */
static bool
same_speaker(const struct report *r, const struct addr *a, const struct addr *want)
{
	uint32_t w;

	if (addr_eq(a, want))
		return true;
	if (want->af != AF_INET)
		return false;
	w = (uint32_t)want->a[0] << 24 | (uint32_t)want->a[1] << 16 |
	    (uint32_t)want->a[2] << 8 | want->a[3];
	for (size_t i = 0; i < r->n_ids; i++)
		if (addr_eq(&r->ids[i].a, a))
			return r->ids[i].id == w;
	return false;
}

static const char *const fam_prefix[2] = { "0.0.0.0/0", "::/0" };

/* ---------------------------------------------------------------- helpers */

/* snprintf that truncates quietly (every buffer here is bounded on purpose) */
static int sfmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
sfmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : n;
}

static void
tv_max(struct timeval *now, const struct timeval *t)
{
	if (t->tv_sec > now->tv_sec || (t->tv_sec == now->tv_sec && t->tv_usec > now->tv_usec))
		*now = *t;
}

static double
tv_diff(const struct timeval *a, const struct timeval *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_usec - b->tv_usec) / 1e6;
}

static const char *
fmt_time(const struct timeval *tv, char *buf, size_t len)
{
	struct tm tm;
	time_t t = tv->tv_sec;
	char tmp[40];

	if (gmtime_r(&t, &tm) == NULL || strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		tmp[0] = '\0';
	sfmt(buf, len, "%s.%06ldZ", tmp, (long)tv->tv_usec);
	return buf;
}

static const char *
A(const struct addr *a, char *buf)
{
	return addr_fmt(a, buf, 64);
}

static uint32_t
addr_hash(const struct addr *a)
{
	uint32_t h = 2166136261u;
	size_t n = a->af == AF_INET ? 4 : 16;

	for (size_t i = 0; i < n; i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h ^ a->af;
}

/* ---------------------------------------------------------------- pairs */

static struct pair *
pair_find(struct report *r, const struct addr *x, const struct addr *y, bool create)
{
	uint32_t h = (addr_hash(x) ^ addr_hash(y)) & (REPORT_HASH - 1);
	struct pair *p;

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
	if (r->n_pairs >= REPORT_MAX_PAIRS) {
		r->pairs_dropped++;
		return NULL;
	}
	p = &r->pairs[r->n_pairs];
	memset(p, 0, sizeof(*p));
	p->a[0] = *x;
	p->a[1] = *y;
	r->hash[h] = (int32_t)r->n_pairs++;
	return p;
}

/* The pair of a flow; side of direction dir in *side. */
static struct pair *
pair_of_flow(struct report *r, const struct flow *f, int dir, int *side)
{
	struct pair *p;

	if (r->cache_pair && r->cache_flow == f->id)
		p = r->cache_pair;
	else {
		p = pair_find(r, &f->addr[0], &f->addr[1], true);
		if (p == NULL)
			return NULL;
		r->cache_flow = f->id;
		r->cache_pair = p;
	}
	*side = addr_eq(&f->addr[dir], &p->a[0]) ? 0 : 1;
	if (p->port179 == 0)
		p->port179 = f->port[0] == 179 || f->port[1] != 179 ? f->port[0] : f->port[1];
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

static uint16_t
neg_hold(const struct pair *p)
{
	if (!p->open[0].seen || !p->open[1].seen)
		return 0;
	return p->open[0].hold_time < p->open[1].hold_time ? p->open[0].hold_time :
	    p->open[1].hold_time;
}

/* ---------------------------------------------------------------- records */

static struct viol *
viol_add(struct report *r, const struct timeval *ts, const char *field)
{
	struct viol *x;

	r->viol_total++;
	if (r->n_viol >= REPORT_MAX_VIOL)
		return NULL;
	x = &r->viol[r->n_viol++];
	memset(x, 0, sizeof(*x));
	x->ts = *ts;
	x->field = field;
	return x;
}

static long
wd_add(struct report *r, const struct route *rt, const struct timeval *ts, const char *how)
{
	struct wd *w;

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
	for (size_t i = 0; i < r->n_routes; i++) {
		struct route *rt = &r->routes[i];

		if (rt->fam == fam && addr_eq(&rt->speaker, spk) && addr_eq(&rt->peer, peer))
			return rt;
	}
	if (!create)
		return NULL;
	if (r->n_routes >= REPORT_MAX_ROUTES) {
		r->routes_dropped++;
		return NULL;
	}
	struct route *rt = &r->routes[r->n_routes++];

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
	if (!rt->held)
		return;
	rt->held = false;
	sfmt(rt->gone, sizeof(rt->gone), "withdrawn (%s)", how);
	rt->wd_pending = wd_add(r, rt, ts, how);
}

/* The followed connection of p went down: withdraw what it carried. */
static void
pair_down(struct report *r, struct pair *p, const struct timeval *ts, const char *cause)
{
	char how[CAUSE_LEN + 16];

	if (p->c.down)
		return;
	p->c.down = true;
	strlcpy(p->down_cause, cause, sizeof(p->down_cause));
	if (p->c.est) {
		p->downs++;
		strlcpy(p->est_down_cause, cause, sizeof(p->est_down_cause));
	}
	sfmt(how, sizeof(how), "session down: %s", cause);
	for (size_t i = 0; i < r->n_routes; i++)
		if (r->routes[i].p == p)
			route_withdraw(r, &r->routes[i], ts, how);
}

/* ---------------------------------------------------------------- life cycle */

struct report *
report_new(const struct report_opts *o, char *err, size_t errlen)
{
	struct report *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		sfmt(err, errlen, "out of memory");
		return NULL;
	}
	r->o = *o;
	if (o->expect_aspath_re) {
		r->re = asre_compile(o->expect_aspath_re, err, errlen);
		if (r->re == NULL) {
			free(r);
			return NULL;
		}
	}
	r->pairs = calloc(REPORT_MAX_PAIRS, sizeof(*r->pairs));
	r->routes = calloc(REPORT_MAX_ROUTES, sizeof(*r->routes));
	r->viol = calloc(REPORT_MAX_VIOL, sizeof(*r->viol));
	r->wd = calloc(REPORT_MAX_WD, sizeof(*r->wd));
	if (!r->pairs || !r->routes || !r->viol || !r->wd) {
		sfmt(err, errlen, "out of memory");
		report_free(r);
		return NULL;
	}
	for (size_t i = 0; i < REPORT_HASH; i++)
		r->hash[i] = -1;
	if (r->o.n_expect_nh > REPORT_MAX_EXPECT)
		r->o.n_expect_nh = REPORT_MAX_EXPECT;
	if (r->o.n_expect_peer > REPORT_MAX_EXPECT)
		r->o.n_expect_peer = REPORT_MAX_EXPECT;
	for (int i = 0; i < r->o.n_expect_nh; i++)
		r->have_nh[r->o.expect_nh[i].af == AF_INET6] = true;
	r->have_expect = o->n_expect_nh || o->expect_aspath || o->expect_aspath_re ||
	    o->n_expect_peer || o->expect_peer_as;
	return r;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	asre_free(r->re);
	free(r->pairs);
	free(r->routes);
	free(r->viol);
	free(r->wd);
	free(r);
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
		k += (size_t)sfmt(buf + k, k < len ? len - k : 0, "%s%s", k ? " or " : "",
		    A(&r->o.expect_nh[i], a));
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
viol_route(struct report *r, const struct msg_view *v, int fam, const char *field,
    const char *exp, const char *act)
{
	struct viol *x = viol_add(r, &v->pi->ts, field);

	if (x == NULL)
		return;
	x->speaker = v->f->addr[v->dir];
	x->peer = v->f->addr[!v->dir];
	x->have_speaker = true;
	x->fam = fam;
	x->inferred = v->inferred;
	strlcpy(x->expected, exp, sizeof(x->expected));
	strlcpy(x->actual, act, sizeof(x->actual));
}

/* One default-route announcement of family fam (from NLRI if !mp). */
static void
check_announce(struct report *r, const struct msg_view *v, struct pair *p, int fam, bool mp)
{
	const struct bgp_update *u = &v->u.upd;
	struct addr nh[BGP_NEXTHOP_MAX];
	int n_nh = 0;
	char act[96], exp[192], a[64], path[256];
	struct sbuf sb;
	bool ok = true, nh_ok = true;
	struct route *rt;

	memset(nh, 0, sizeof(nh));
	if (!mp) {
		if (bgp_update_has(u, ATTR_NEXT_HOP)) {
			nh[0].af = AF_INET;
			memcpy(nh[0].a, u->next_hop, 4);
			n_nh = 1;
		}
	} else {
		for (unsigned i = 0; i < u->mpr_nh_count && i < BGP_NEXTHOP_MAX; i++) {
			nh[n_nh].af = u->mpr_nh_af[i] == 4 ? AF_INET : AF_INET6;
			memcpy(nh[n_nh].a, u->mpr_nh[i], u->mpr_nh_af[i] == 4 ? 4 : 16);
			n_nh++;
		}
	}
	act[0] = '\0';
	for (int i = 0; i < n_nh; i++) {
		size_t k = strlen(act);

		sfmt(act + k, sizeof(act) - k, "%s%s", i ? " " : "", A(&nh[i], a));
	}
	sbuf_init(&sb, path, sizeof(path));
	if (v->ctx)
		bgp_fmt_effective_aspath(&sb, u, v->ctx);

	if (r->have_nh[fam]) {
		nh_ok = false;
		for (int i = 0; i < n_nh; i++)
			if (nh_is_expected(r, fam, &nh[i]))
				nh_ok = true;
		if (!nh_ok) {
			nh_expected(r, fam, exp, sizeof(exp));
			viol_route(r, v, fam, "next_hop", exp, n_nh ? act : "none");
			ok = false;
		}
	}
	if (r->o.expect_aspath && strcmp(path, r->o.expect_aspath) != 0) {
		viol_route(r, v, fam, "as_path", r->o.expect_aspath, path);
		ok = false;
	}
	if (r->re && !asre_match(r->re, path)) {
		sfmt(exp, sizeof(exp), "matching %s", r->o.expect_aspath_re);
		viol_route(r, v, fam, "as_path", exp, path);
		ok = false;
	}
	rt = route_get(r, &v->f->addr[v->dir], &v->f->addr[!v->dir], fam, true);
	if (rt == NULL)
		return;
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
	rt->inferred = v->inferred;
	strlcpy(rt->nh, n_nh ? act : "none", sizeof(rt->nh));
	strlcpy(rt->aspath, path, sizeof(rt->aspath));
	rt->gone[0] = '\0';
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
		sfmt(rt->nh, sizeof(rt->nh), "?");
	}
	route_withdraw(r, rt, &v->pi->ts, how);
}

static void
default_route(struct report *r, const struct msg_view *v, struct pair *p)
{
	const struct bgp_update *u = &v->u.upd;
	const struct bgp_ctx *ctx = v->ctx;
	static const struct bgp_ctx none;
	bool v4_wd = false, v4_ann = false, mpu = false, mpr = false;
	int mpu_fam = 0, mpr_fam = 0;
	const char *how = "explicit";

	if (ctx == NULL)
		ctx = &none;
	if (r->o.have_speaker && !same_speaker(r, &v->f->addr[v->dir], &r->o.speaker))
		return;
	/* cheap tests first: a default route is a zero length byte */
	if (has_zero(&u->withdrawn))
		v4_wd = list_has_default(&u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx);
	if (has_zero(&u->nlri))
		v4_ann = list_has_default(&u->nlri, AFI_IPV4, SAFI_UNICAST, ctx);
	if (bgp_update_has(u, ATTR_MP_UNREACH) && (u->mpu_afi == AFI_IPV4 || u->mpu_afi == AFI_IPV6) &&
	    has_zero(&u->mpu_withdrawn)) {
		mpu = list_has_default(&u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, ctx);
		mpu_fam = u->mpu_afi == AFI_IPV6;
	}
	if (bgp_update_has(u, ATTR_MP_REACH) && (u->mpr_afi == AFI_IPV4 || u->mpr_afi == AFI_IPV6) &&
	    has_zero(&u->mpr_nlri)) {
		mpr = list_has_default(&u->mpr_nlri, u->mpr_afi, u->mpr_safi, ctx);
		mpr_fam = u->mpr_afi == AFI_IPV6;
	}
	if (!(v4_wd || v4_ann || mpu || mpr))
		return;
	if (v->errs.worst >= BGP_TREAT_WITHDRAW) {
		/* RFC 7606: the announcement counts as a withdrawal */
		how = "treat-as-withdraw (malformed UPDATE)";
		v4_wd = v4_wd || v4_ann;
		mpu = mpu || mpr;
		if (mpr)
			mpu_fam = mpr_fam;
		v4_ann = mpr = false;
	}
	if (v4_wd)
		check_withdraw(r, v, 0, how);
	if (mpu)
		check_withdraw(r, v, mpu_fam, how);
	if (v4_ann)
		check_announce(r, v, p, 0, false);
	if (mpr)
		check_announce(r, v, p, mpr_fam, true);
}

/* ---------------------------------------------------------------- messages */

static void
check_peer_as(struct report *r, struct pair *p, const struct timeval *ts)
{
	int side = -1;
	char e[32], act[32];
	struct viol *x;

	if (!r->o.expect_peer_as || p->peer_as_checked)
		return;
	if (r->o.have_speaker) {
		if (addr_eq(&p->a[0], &r->o.speaker))
			side = 1;
		else if (addr_eq(&p->a[1], &r->o.speaker))
			side = 0;
		else
			return;
		if (!p->open[side].seen)
			return;
		if (p->open[side].asn == r->o.expect_peer_as) {
			p->peer_as_checked = true;
			return;
		}
	} else {
		/* without --speaker: both OPENs needed, one must carry the AS */
		if (!p->open[0].seen || !p->open[1].seen)
			return;
		if (p->open[0].asn == r->o.expect_peer_as || p->open[1].asn == r->o.expect_peer_as) {
			p->peer_as_checked = true;
			return;
		}
		side = 1;
	}
	p->peer_as_checked = true;
	if ((x = viol_add(r, ts, "peer_as")) == NULL)
		return;
	x->speaker = p->a[side];
	x->have_speaker = true;
	x->peer = p->a[!side];
	x->fam = -1;
	sfmt(e, sizeof(e), "%u", r->o.expect_peer_as);
	sfmt(act, sizeof(act), "%u", p->open[side].asn);
	strlcpy(x->expected, e, sizeof(x->expected));
	strlcpy(x->actual, act, sizeof(x->actual));
}

static void
ntf_cause(const struct pair *p, const struct ntf_rec *n, char *buf, size_t len)
{
	char a[64], b[64];
	const char *cn = bgp_notify_code_name(n->code);
	const char *sn = bgp_notify_subcode_name(n->code, n->subcode);

	if (n->code == 2 && n->subcode == 2) {
		const struct sess_open *o = &p->open[!n->side];
		uint32_t as = n->has_bad_as ? n->bad_as : o->asn;

		if (o->seen || n->has_bad_as)
			sfmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s from %s "
			    "(peer AS %u offered, check remote-as on %s)", A(&p->a[!n->side], a), cn,
			    sn, A(&p->a[n->side], b), as, A(&p->a[n->side], b));
		else
			sfmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s from %s "
			    "(check remote-as on %s)", A(&p->a[!n->side], a), cn, sn,
			    A(&p->a[n->side], b), A(&p->a[n->side], b));
		return;
	}
	if (n->code == 2) {
		size_t k = (size_t)sfmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s",
		    A(&p->a[!n->side], a), cn, sn);

		if (n->subcode == 6 && p->open[!n->side].seen && k < len)
			sfmt(buf + k, len - k, " (hold time %u s offered)", p->open[!n->side].hold_time);
		for (unsigned i = 0; i < n->n_caps && k < len; i++)
			k += (size_t)sfmt(buf + k, len - k, "%s%s (%u)%s", i ? ", " : " (capability ",
			    bgp_cap_name(n->caps[i]), n->caps[i], i + 1 == n->n_caps ? ")" : "");
		return;
	}
	if (n->code == 4) {
		sfmt(buf, len, "Hold Timer Expired sent by %s", A(&p->a[n->side], a));
		return;
	}
	if (n->msg[0])
		sfmt(buf, len, "%s/%s: \"%s\" (sent by %s to %s)", cn, sn, n->msg,
		    A(&p->a[n->side], a), A(&p->a[!n->side], b));
	else
		sfmt(buf, len, "%s/%s sent by %s", cn, sn, A(&p->a[n->side], a));
}

static void
on_notification(struct report *r, const struct msg_view *v, struct pair *p, int side,
    bool followed)
{
	const struct bgp_notify *n = &v->u.ntf;
	struct ntf_rec *x;
	char cause[CAUSE_LEN];

	p->ntf_total++;
	x = &p->ntf[p->n_ntf < PAIR_MAX_NTF ? p->n_ntf++ : PAIR_MAX_NTF - 1];
	memset(x, 0, sizeof(*x));
	x->ts = v->pi->ts;
	x->side = side;
	x->code = n->code;
	x->subcode = n->subcode;
	x->has_bad_as = n->has_bad_as;
	x->bad_as = n->bad_as;
	if (n->has_shutdown_msg && n->shutdown_msg) {
		size_t k = 0;

		for (size_t i = 0; i < n->shutdown_len && k + 1 < sizeof(x->msg); i++) {
			uint8_t c = n->shutdown_msg[i];

			x->msg[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
		}
		x->msg[k] = '\0';
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
	if (n->code == 2) {
		/* an OPEN rejected: the reason a session never comes up, even when
		 * the capture ends during a later attempt */
		ntf_cause(p, x, p->open_err, sizeof(p->open_err));
		p->open_errs++;
	}
	if (followed) {
		p->c.ntf = true;
		ntf_cause(p, x, cause, sizeof(cause));
		pair_down(r, p, &v->pi->ts, cause);
		/* keep the sentence even when the connection never came up */
		strlcpy(p->down_cause, cause, sizeof(p->down_cause));
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

void
report_message(struct report *r, const struct msg_view *v)
{
	struct pair *p;
	int side;
	bool followed;
	struct conn *c;

	tv_max(&r->now, &v->pi->ts);
	if (v->hdr_ok && v->body_ok && v->m.type == BGP_OPEN)
		learn_id(r, &v->f->addr[v->dir], v->u.open.bgp_id);
	if ((p = pair_of_flow(r, v->f, v->dir, &side)) == NULL)
		return;
	followed = conn_follow(p, v->f);
	if (!followed && v->hdr_ok && v->m.type == BGP_UPDATE) {
		/* UPDATEs flow on one connection only: the followed one is gone */
		pair_down(r, p, &v->pi->ts, "replaced by a new connection");
		followed = conn_follow(p, v->f);
	}
	c = &p->c;
	p->msgs[side]++;
	if (v->pi->ttl == 1)
		p->ttl1_ev[side]++;
	/* keepalive gaps: any message restarts the peer's hold timer */
	if (p->have_rx[side]) {
		double gap = tv_diff(&v->pi->ts, &p->last_rx[side]);
		uint16_t hold = neg_hold(p);

		if (gap > p->max_gap[side])
			p->max_gap[side] = gap;
		if (hold && gap > hold && followed && c->est)
			p->gaps_over_hold[side]++;
	}
	p->last_rx[side] = v->pi->ts;
	p->have_rx[side] = true;
	if (followed) {
		if (!c->syn[0] && !c->syn[1] && !c->synack[0] && !c->synack[1] && !c->open[0] &&
		    !c->open[1] && !(v->hdr_ok && v->m.type == BGP_OPEN)) {
			c->midstream = true;
			p->midstream = true;
		}
		c->tcp_up = true;
		p->tcp_up = true;
	}
	if (!v->hdr_ok)
		return;

	switch (v->m.type) {
	case BGP_OPEN:
		if (!v->body_ok || v->sess == NULL)
			break;
		p->open[side] = v->sess->open[v->dir];
		if (followed) {
			c->open[side] = true;
			c->after_open[side] = false;
			furthest(p, c->open[!side] ? ST_OPENCONFIRM : ST_OPENSENT);
		}
		check_peer_as(r, p, &v->pi->ts);
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
		if (followed && !c->down) {
			if (c->open[side])
				c->after_open[side] = true;
			if (v->m.type == BGP_UPDATE)
				c->upd[side] = true;
			else
				c->ka[side] = true;
			if (!c->est) {
				bool both_open = c->open[0] && c->open[1];

				/* an UPDATE is only sent in Established; without the
				 * OPENs in the capture, traffic both ways will do */
				if ((both_open && c->after_open[0] && c->after_open[1]) || c->upd[side] ||
				    (!c->open[0] && !c->open[1] &&
				    (c->ka[0] || c->upd[0]) && (c->ka[1] || c->upd[1]))) {
					c->est = true;
					p->est_count++;
					furthest(p, ST_ESTABLISHED);
				}
			}
		}
		if (v->m.type == BGP_UPDATE && v->body_ok) {
			if (v->u.upd.eor)
				eor_add(p, &v->u.upd, side);
			else
				default_route(r, v, p);
		}
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- TCP / ICMP */

void
report_event(struct report *r, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev)
{
	struct pair *p;
	int side;
	bool followed;
	char cause[CAUSE_LEN], a[64];

	tv_max(&r->now, &pi->ts);
	if ((p = pair_of_flow(r, f, dir, &side)) == NULL)
		return;
	if (pi->ttl == 1 && ev != FLOW_EV_NEW)
		p->ttl1_ev[side]++;
	if (ev == FLOW_EV_SYN) {
		p->syn[side]++;
		p->syn_ttl[side] = pi->ttl;
		if (pi->dport)
			p->port179 = pi->dport;
	}
	followed = conn_follow(p, f);
	if (!followed)
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
		p->rst[side]++;
		p->c.rst[side] = true;
		if (p->c.syn[!side] && !p->c.synack[side] && !p->c.tcp_up) {
			p->refused[side]++;
			furthest(p, ST_ACTIVE);
			sfmt(cause, sizeof(cause), "connection refused: %s answered SYN with RST",
			    A(&p->a[side], a));
		} else
			sfmt(cause, sizeof(cause), "TCP RST from %s", A(&p->a[side], a));
		if (p->c.tcp_up && !p->c.down)
			pair_down(r, p, &pi->ts, cause);
		else
			p->c.down = true;
		break;
	case FLOW_EV_FIN:
		p->fin[side]++;
		p->c.fin[side] = true;
		sfmt(cause, sizeof(cause), "TCP FIN from %s", A(&p->a[side], a));
		if (!p->c.down)
			pair_down(r, p, &pi->ts, cause);
		break;
	default:
		break;
	}
}

void
report_icmp(struct report *r, const struct icmp_info *ii)
{
	struct pair *p;
	int side;
	bool te, unreach;

	tv_max(&r->now, &ii->ts);
	te = (ii->af == AF_INET && ii->type == 11) || (ii->af == AF_INET6 && ii->type == 3);
	unreach = (ii->af == AF_INET && ii->type == 3) || (ii->af == AF_INET6 && ii->type == 1);
	if (!te && !unreach)
		return;
	if ((p = pair_find(r, &ii->q_src, &ii->q_dst, true)) == NULL)
		return;
	side = addr_eq(&ii->q_src, &p->a[0]) ? 0 : 1;
	if (p->port179 == 0)
		p->port179 = ii->q_dport == 179 || ii->q_sport != 179 ? ii->q_dport : ii->q_sport;
	if (ii->q_ttl == 1)
		p->ttl1_ev[side]++;
	if (te)
		p->icmp_te[side]++;
	else {
		p->icmp_unreach[side]++;
		p->unreach_code[side] = ii->code;
	}
	p->icmp_from[side] = ii->reporter;
}

void
report_flow_end(struct report *r, struct flow *f)
{
	struct pair *p = pair_find(r, &f->addr[0], &f->addr[1], false);

	if (r->cache_flow == f->id) {
		r->cache_flow = 0;
		r->cache_pair = NULL;
	}
	if (p == NULL)
		return;
	for (int d = 0; d < 2; d++) {
		int side = addr_eq(&f->addr[d], &p->a[0]) ? 0 : 1;

		p->ttl1_flow[side] += f->st[d].ttl1;
	}
	/* a flow ends without FIN/RST at the end of the capture, or when evicted:
	 * that says nothing about the session */
}

/* ---------------------------------------------------------------- diagnosis */

static int
pair_local(const struct report *r, const struct pair *p)
{
	if (r->o.have_speaker && addr_eq(&p->a[1], &r->o.speaker))
		return 1;
	return 0;
}

static bool
pair_up(const struct pair *p)
{
	return p->c.est && !p->c.down;
}

/* End of the run: a session whose peer fell silent longer than the hold time is down. */
static void
hold_expiry(struct report *r, struct pair *p)
{
	uint16_t hold = neg_hold(p);
	char cause[CAUSE_LEN], a[64];

	if (!pair_up(p) || hold == 0)
		return;
	for (int s = 0; s < 2; s++) {
		double gap;

		if (!p->have_rx[s])
			continue;
		gap = tv_diff(&r->now, &p->last_rx[s]);
		if (gap > hold) {
			sfmt(cause, sizeof(cause), "hold time expired: nothing from %s for %.0f s "
			    "(hold time %u s)", A(&p->a[s], a), gap, hold);
			pair_down(r, p, &r->now, cause);
			return;
		}
	}
}

static uint64_t
ttl1(const struct pair *p, int s)
{
	return p->ttl1_ev[s] > p->ttl1_flow[s] ? p->ttl1_ev[s] : p->ttl1_flow[s];
}

/* Did the packets side s sent get any answer from the other side? */
static bool
unanswered(const struct pair *p, int s)
{
	if (p->syn[s] && !p->synack[!s] && !p->rst[!s])
		return true;
	if (p->c.open[s] && !p->c.ka[!s] && !p->c.upd[!s] && !p->c.ntf)
		return true;
	/* s answered the peer's SYNs, and the peer keeps trying */
	return p->synack[s] && p->syn[!s] > 1 && !p->c.open[!s];
}

/* The cause sentence for the followed connection (not up). */
static void
diagnose_conn(const struct pair *p, char *buf, size_t len)
{
	const struct conn *c = &p->c;
	char a[64], b[64], c3[64];
	uint16_t port = p->port179 ? p->port179 : 179;
	int s;

	if (c->ntf && p->down_cause[0]) {
		strlcpy(buf, p->down_cause, len);
		if (p->open_errs > 1 && strcmp(p->down_cause, p->open_err) == 0)
			sfmt(buf + strlen(buf), len - strlen(buf), "; %llu times",
			    (unsigned long long)p->open_errs);
		return;
	}
	if (!c->est && p->open_errs && p->est_count == 0) {
		sfmt(buf, len, "%s; %llu time%s", p->open_err, (unsigned long long)p->open_errs,
		    p->open_errs > 1 ? "s" : "");
		return;
	}
	if (!c->est) {
		for (s = 0; s < 2; s++) {
			if (p->icmp_te[s]) {
				sfmt(buf, len, "packets from %s to %s leave with TTL 1 and die in transit "
				    "(ICMP time exceeded from %s): configure ebgp-multihop",
				    A(&p->a[s], a), A(&p->a[!s], b), A(&p->icmp_from[s], c3));
				return;
			}
		}
		for (s = 0; s < 2; s++) {
			/* one packet could be a directly connected peer's: want repeats */
			if (ttl1(p, s) >= 2 && unanswered(p, s)) {
				sfmt(buf, len, "packets from %s to %s leave with TTL 1 and get no answer: "
				    "configure ebgp-multihop", A(&p->a[s], a), A(&p->a[!s], b));
				return;
			}
		}
		for (s = 0; s < 2; s++) {
			if (p->icmp_unreach[s] && unanswered(p, s)) {
				sfmt(buf, len, "packets from %s to %s:%u are unreachable (ICMP destination "
				    "unreachable code %u from %s)", A(&p->a[s], a), A(&p->a[!s], b),
				    port, p->unreach_code[s], A(&p->icmp_from[s], c3));
				return;
			}
		}
	}
	if (c->est && c->down && p->down_cause[0]) {
		strlcpy(buf, p->down_cause, len);
		return;
	}
	if (c->open[0] && c->open[1]) {
		s = c->after_open[0] ? 1 : 0;
		sfmt(buf, len, "OPENs exchanged but no KEEPALIVE from %s", A(&p->a[s], a));
		return;
	}
	if (c->open[0] || c->open[1]) {
		s = c->open[0] ? 0 : 1;
		sfmt(buf, len, "OPEN sent by %s but none received", A(&p->a[s], a));
		return;
	}
	if (c->ka[0] || c->ka[1]) {
		s = c->ka[0] ? 0 : 1;
		sfmt(buf, len, "only KEEPALIVEs from %s in the capture, no OPEN (capture started "
		    "mid-session?)", A(&p->a[s], a));
		return;
	}
	if (c->tcp_up) {
		if (c->down && p->down_cause[0])
			sfmt(buf, len, "TCP up but no OPEN, then %s", p->down_cause);
		else
			strlcpy(buf, "TCP up but no OPEN", len);
		return;
	}
	for (s = 0; s < 2; s++) {
		if (p->refused[!s] && p->syn[s]) {
			sfmt(buf, len, "connection refused: %s answered SYN with RST "
			    "(nothing listening on port %u?)", A(&p->a[!s], a), port);
			return;
		}
	}
	for (s = 0; s < 2; s++) {
		if (p->syn[s] && !p->synack[!s]) {
			sfmt(buf, len, "SYNs from %s to %s:%u never answered", A(&p->a[s], a),
			    A(&p->a[!s], b), port);
			return;
		}
	}
	if (p->down_cause[0])
		strlcpy(buf, p->down_cause, len);
	else if (p->tcp_up)
		strlcpy(buf, "TCP up but no OPEN", len);
	else
		strlcpy(buf, "no TCP handshake seen", len);
}

static void
diagnose(const struct pair *p, char *buf, size_t len)
{
	size_t k;

	buf[0] = '\0';
	if (pair_up(p))
		return;
	diagnose_conn(p, buf, len);
	/* an earlier connection was Established: say how it ended */
	k = strlen(buf);
	if (!p->c.est && p->est_down_cause[0] && strcmp(p->est_down_cause, buf) != 0 && k < len)
		sfmt(buf + k, len - k, "; before that the session was up and ended: %s",
		    p->est_down_cause);
}

/* The furthest state, or "unknown" when the capture holds only a session's middle or end. */
static const char *
state_name(const struct pair *p)
{
	if (p->furthest < ST_OPENSENT && p->midstream)
		return "unknown";
	return state_names[p->furthest];
}

static void
fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len)
{
	sfmt(buf, len, "%s %s", bgp_afi_name(afi), bgp_safi_name(safi));
}

/* Families both OPENs list (or the one OPEN seen). */
static unsigned
families(const struct pair *p, char names[][48], unsigned max)
{
	const struct sess_open *x = &p->open[0], *y = &p->open[1];
	unsigned n = 0;

	if (!x->seen) {
		x = &p->open[1];
		y = NULL;
	} else if (!y->seen)
		y = NULL;
	if (!x->seen)
		return 0;
	if (x->n_mp == 0 && (y == NULL || y->n_mp == 0)) {
		fam_name(AFI_IPV4, SAFI_UNICAST, names[0], 48);
		return 1;
	}
	for (unsigned i = 0; i < x->n_mp && i < BGP_CTX_MAX_AFS && n < max; i++) {
		bool both = y == NULL;

		for (unsigned j = 0; y && j < y->n_mp && j < BGP_CTX_MAX_AFS; j++)
			if (y->mp[j].afi == x->mp[i].afi && y->mp[j].safi == x->mp[i].safi)
				both = true;
		if (both)
			fam_name(x->mp[i].afi, x->mp[i].safi, names[n++], 48);
	}
	return n;
}

/* ADD-PATH families: "ipv4 unicast a>b" where a sends and b receives. */
static unsigned
addpaths(const struct pair *p, char names[][48], unsigned max)
{
	unsigned n = 0;

	if (!p->open[0].seen || !p->open[1].seen)
		return 0;
	for (int s = 0; s < 2; s++) {
		const struct sess_open *snd = &p->open[s], *rcv = &p->open[!s];

		for (unsigned i = 0; i < snd->n_addpath && i < BGP_CTX_MAX_AFS; i++) {
			if (!(snd->addpath[i].sr & 2))
				continue;
			for (unsigned j = 0; j < rcv->n_addpath && j < BGP_CTX_MAX_AFS && n < max; j++)
				if (rcv->addpath[j].afi == snd->addpath[i].afi &&
				    rcv->addpath[j].safi == snd->addpath[i].safi &&
				    (rcv->addpath[j].sr & 1)) {
					char f[40];

					fam_name(snd->addpath[i].afi, snd->addpath[i].safi, f, sizeof(f));
					sfmt(names[n++], 48, "%s %s", f, s == 0 ? "a>b" : "b>a");
				}
		}
	}
	return n;
}

static bool
both_as4(const struct pair *p)
{
	return p->open[0].seen && p->open[1].seen && p->open[0].as4 && p->open[1].as4;
}

/* ---------------------------------------------------------------- missing */

static void
check_missing(struct report *r)
{
	char a[64];

	for (int i = 0; i < r->o.n_expect_peer; i++) {
		const struct addr *peer = &r->o.expect_peer[i];
		bool need[2] = { r->have_nh[0], r->have_nh[1] };
		bool any_fam = !need[0] && !need[1];

		for (int fam = 0; fam < 2; fam++) {
			const struct route *best = NULL;
			bool ok = false;
			struct viol *x;

			if (!any_fam && !need[fam])
				continue;
			for (size_t k = 0; k < r->n_routes; k++) {
				const struct route *rt = &r->routes[k];

				if (rt->fam != fam || !same_speaker(r, &rt->peer, peer))
					continue;
				if (rt->held && rt->valid && rt->p && pair_up(rt->p))
					ok = true;
				if (best == NULL || rt->held)
					best = rt;
			}
			if (ok)
				goto next_peer_or_fam;
			if (any_fam && fam == 0) {
				/* either family will do: look at ::/0 too */
				bool ok6 = false;

				for (size_t k = 0; k < r->n_routes; k++) {
					const struct route *rt = &r->routes[k];

					if (rt->fam == 1 && same_speaker(r, &rt->peer, peer) && rt->held &&
					    rt->valid && rt->p && pair_up(rt->p))
						ok6 = true;
				}
				if (ok6)
					goto next_peer_or_fam;
			}
			if (any_fam && fam == 1)
				goto next_peer_or_fam;   /* reported once, as 0.0.0.0/0 */
			if ((x = viol_add(r, &r->now, "missing")) == NULL)
				continue;
			x->peer = *peer;
			x->fam = fam;
			if (r->o.have_speaker) {
				x->speaker = r->o.speaker;
				x->have_speaker = true;
			} else if (best) {
				x->speaker = best->speaker;
				x->have_speaker = true;
			}
			if (r->have_nh[fam])
				nh_expected(r, fam, x->expected, sizeof(x->expected));
			else
				strlcpy(x->expected, "a valid default route", sizeof(x->expected));
			if (x->expected[0] && r->have_nh[fam]) {
				char t[sizeof(x->expected) + 32];

				sfmt(t, sizeof(t), "%s with next hop %s", fam_prefix[fam], x->expected);
				strlcpy(x->expected, t, sizeof(x->expected));
			}
			if (best == NULL)
				sfmt(x->actual, sizeof(x->actual), "never announced to %s", A(peer, a));
			else if (!best->held)
				strlcpy(x->actual, best->gone, sizeof(x->actual));
			else if (!best->valid)
				sfmt(x->actual, sizeof(x->actual), "held with next hop %s, as path %s",
				    best->nh, best->aspath[0] ? best->aspath : "(empty)");
			else
				sfmt(x->actual, sizeof(x->actual), "session down: %s",
				    best->p && best->p->down_cause[0] ? best->p->down_cause : "not established");
			x->inferred = best && best->inferred;
		next_peer_or_fam:
			;
		}
	}
}

/* ---------------------------------------------------------------- output */

static void
viol_text(const struct viol *x, char *buf, size_t len)
{
	if (strcmp(x->field, "next_hop") == 0)
		sfmt(buf, len, "next hop %s, expected %s", x->actual, x->expected);
	else if (strcmp(x->field, "as_path") == 0)
		sfmt(buf, len, "as path %s, expected %s", x->actual[0] ? x->actual : "(empty)",
		    x->expected);
	else if (strcmp(x->field, "peer_as") == 0)
		sfmt(buf, len, "peer AS %s, expected %s", x->actual, x->expected);
	else
		sfmt(buf, len, "no valid default route: %s (expected %s)", x->actual, x->expected);
}

static void
jkey_str(FILE *out, const char *k, const char *v, bool comma)
{
	if (comma)
		putc(',', out);
	json_str(out, k);
	putc(':', out);
	json_str(out, v);
}

static void
print_text(struct report *r, FILE *out, bool bad)
{
	const char *red = r->o.color ? "\033[1;31m" : "", *grn = r->o.color ? "\033[1;32m" : "";
	const char *off = r->o.color ? "\033[0m" : "";
	char a[64], b[64], t[48], t2[48], line[1024];

	fputs("report:\n", out);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];
		int l = pair_local(r, p);
		char cause[CAUSE_LEN];

		diagnose(p, cause, sizeof(cause));
		fprintf(out, "  session %s - %s: %s", A(&p->a[l], a), A(&p->a[!l], b),
		    state_name(p));
		if (pair_up(p)) {
			char fams[BGP_CTX_MAX_AFS][48], aps[2 * BGP_CTX_MAX_AFS][48];
			unsigned nf = families(p, fams, BGP_CTX_MAX_AFS);
			unsigned na = addpaths(p, aps, 2 * BGP_CTX_MAX_AFS);
			uint16_t hold = neg_hold(p);

			if (p->open[l].seen && p->open[!l].seen)
				fprintf(out, ", AS %u - AS %u, hold time %u s, keepalive %u s%s",
				    p->open[l].asn, p->open[!l].asn, hold, hold / 3,
				    both_as4(p) ? ", 4-octet AS" : "");
			else if (p->open[0].seen || p->open[1].seen) {
				int s = p->open[0].seen ? 0 : 1;

				fprintf(out, " (only the OPEN of %s, AS %u, is in the capture)",
				    A(&p->a[s], a), p->open[s].asn);
			} else
				fputs(" (OPENs not in the capture)", out);
			for (unsigned k = 0; k < nf; k++)
				fprintf(out, "%s%s", k ? ", " : ", families ", fams[k]);
			for (unsigned k = 0; k < na; k++)
				fprintf(out, "%s%s", k ? ", " : ", add-path ", aps[k]);
			if (p->open[0].seen && p->open[1].seen && p->open[0].ext_msg && p->open[1].ext_msg)
				fputs(", extended messages", out);
			if (p->open[0].graceful_restart && p->open[1].graceful_restart)
				fputs(", graceful restart", out);
			for (unsigned k = 0; k < p->n_eor; k++) {
				char f[48];

				fam_name(p->eor[k].afi, p->eor[k].safi, f, sizeof(f));
				fprintf(out, "%s%s from %s", k ? ", " : ", End-of-RIB ", f,
				    A(&p->a[p->eor[k].side], a));
			}
		} else
			fprintf(out, ", %sdown%s: %s%s%s", red, off, red, cause, off);
		if (p->downs)
			fprintf(out, "; went down %llu time%s, established %llu time%s",
			    (unsigned long long)p->downs, p->downs == 1 ? "" : "s",
			    (unsigned long long)p->est_count, p->est_count == 1 ? "" : "s");
		fputc('\n', out);
		for (int s = 0; s < 2; s++) {
			uint16_t hold = neg_hold(p);

			if (p->gaps_over_hold[s])
				fprintf(out, "    %s: %llu gap%s between messages longer than the hold time "
				    "(%u s), longest %.1f s\n", A(&p->a[s], a),
				    (unsigned long long)p->gaps_over_hold[s],
				    p->gaps_over_hold[s] == 1 ? "" : "s", hold, p->max_gap[s]);
		}
		for (unsigned k = 0; k < p->n_ntf; k++) {
			const struct ntf_rec *n = &p->ntf[k];

			fprintf(out, "    %s NOTIFICATION %s/%s from %s%s%s%s\n", fmt_time(&n->ts, t, sizeof(t)),
			    bgp_notify_code_name(n->code), bgp_notify_subcode_name(n->code, n->subcode),
			    A(&p->a[n->side], a), n->msg[0] ? ": \"" : "", n->msg, n->msg[0] ? "\"" : "");
		}
	}
	if (r->pairs_dropped)
		fprintf(out, "  (%llu further speaker pairs not tracked: limit %d)\n",
		    (unsigned long long)r->pairs_dropped, REPORT_MAX_PAIRS);
	if (r->n_routes == 0)
		fputs("  default route: no announcement seen\n", out);
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct route *rt = &r->routes[i];

		if (rt->count == 0)
			fprintf(out, "  default route %s > %s %s: withdrawn, no announcement seen\n",
			    A(&rt->speaker, a), A(&rt->peer, b), fam_prefix[rt->fam]);
		else
			fprintf(out, "  default route %s > %s %s: %llu announcement%s, last %s next hop %s "
			    "as path %s, %s%s\n", A(&rt->speaker, a), A(&rt->peer, b), fam_prefix[rt->fam],
			    (unsigned long long)rt->count, rt->count == 1 ? "" : "s",
			    fmt_time(&rt->last, t, sizeof(t)), rt->nh, rt->aspath[0] ? rt->aspath : "(empty)",
			    rt->held ? (rt->p && !pair_up(rt->p) ? "session not up" : "held") : rt->gone,
			    rt->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (r->routes_dropped)
		fprintf(out, "  (%llu default routes not tracked: limit %d)\n",
		    (unsigned long long)r->routes_dropped, REPORT_MAX_ROUTES);
	for (size_t i = 0; i < r->n_wd; i++) {
		const struct wd *w = &r->wd[i];

		fprintf(out, "  withdrawal: %s %s > %s %s: %s", fmt_time(&w->ts, t, sizeof(t)),
		    A(&w->speaker, a), A(&w->peer, b), fam_prefix[w->fam], w->how);
		if (w->reannounced)
			fprintf(out, "; re-announced %s\n", fmt_time(&w->re_ts, t2, sizeof(t2)));
		else
			fputs("; not re-announced\n", out);
	}
	if (r->wd_total > r->n_wd)
		fprintf(out, "  (%llu further withdrawals not listed)\n",
		    (unsigned long long)(r->wd_total - r->n_wd));
	for (size_t i = 0; i < r->n_viol; i++) {
		const struct viol *x = &r->viol[i];

		viol_text(x, line, sizeof(line));
		fprintf(out, "  %sviolation%s: %s %s > %s %s %s: %s%s\n", red, off,
		    fmt_time(&x->ts, t, sizeof(t)), x->have_speaker ? A(&x->speaker, a) : "?",
		    A(&x->peer, b), x->fam >= 0 ? fam_prefix[x->fam] : "-", x->field, line,
		    x->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (r->viol_total > r->n_viol)
		fprintf(out, "  (%llu further violations not listed)\n",
		    (unsigned long long)(r->viol_total - r->n_viol));
	fprintf(out, "verdict: %s%s%s\n", bad ? red : grn, bad ? "violation" : "ok", off);
}

static void
json_strs(FILE *out, const char *key, char names[][48], unsigned n)
{
	fprintf(out, ",\"%s\":[", key);
	for (unsigned k = 0; k < n; k++) {
		if (k)
			putc(',', out);
		json_str(out, names[k]);
	}
	putc(']', out);
}

static void
print_json(struct report *r, FILE *out, bool bad)
{
	char a[64], b[64], t[48];

	fprintf(out, "{\"type\":\"report\",\"verdict\":\"%s\",\"violations\":[",
	    bad ? "violation" : "ok");
	for (size_t i = 0; i < r->n_viol; i++) {
		const struct viol *x = &r->viol[i];

		fputs(i ? ",{" : "{", out);
		jkey_str(out, "time", fmt_time(&x->ts, t, sizeof(t)), false);
		jkey_str(out, "speaker", x->have_speaker ? A(&x->speaker, a) : "", true);
		jkey_str(out, "peer", A(&x->peer, b), true);
		jkey_str(out, "prefix", x->fam >= 0 ? fam_prefix[x->fam] : "", true);
		jkey_str(out, "field", x->field, true);
		jkey_str(out, "expected", x->expected, true);
		jkey_str(out, "actual", x->actual, true);
		fprintf(out, ",\"inferred\":%s}", x->inferred ? "true" : "false");
	}
	fprintf(out, "],\"violations_total\":%llu,\"withdrawals\":[", (unsigned long long)r->viol_total);
	for (size_t i = 0; i < r->n_wd; i++) {
		const struct wd *w = &r->wd[i];

		fputs(i ? ",{" : "{", out);
		jkey_str(out, "time", fmt_time(&w->ts, t, sizeof(t)), false);
		jkey_str(out, "speaker", A(&w->speaker, a), true);
		jkey_str(out, "peer", A(&w->peer, b), true);
		jkey_str(out, "prefix", fam_prefix[w->fam], true);
		jkey_str(out, "how", w->how, true);
		fprintf(out, ",\"reannounced\":%s", w->reannounced ? "true" : "false");
		if (w->reannounced)
			jkey_str(out, "reannounced_time", fmt_time(&w->re_ts, t, sizeof(t)), true);
		putc('}', out);
	}
	fputs("],\"announcements\":[", out);
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct route *rt = &r->routes[i];

		fputs(i ? ",{" : "{", out);
		jkey_str(out, "speaker", A(&rt->speaker, a), false);
		jkey_str(out, "peer", A(&rt->peer, b), true);
		jkey_str(out, "prefix", fam_prefix[rt->fam], true);
		fprintf(out, ",\"count\":%llu", (unsigned long long)rt->count);
		if (rt->count) {
			jkey_str(out, "first", fmt_time(&rt->first, t, sizeof(t)), true);
			jkey_str(out, "last", fmt_time(&rt->last, t, sizeof(t)), true);
			jkey_str(out, "next_hop", rt->nh, true);
			jkey_str(out, "as_path", rt->aspath, true);
		}
		fprintf(out, ",\"held\":%s,\"valid\":%s,\"inferred\":%s}",
		    rt->held && rt->p && pair_up(rt->p) ? "true" : "false",
		    rt->valid ? "true" : "false", rt->inferred ? "true" : "false");
	}
	fputs("],\"sessions\":[", out);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];
		int l = pair_local(r, p);
		char cause[CAUSE_LEN];
		char fams[BGP_CTX_MAX_AFS][48], aps[2 * BGP_CTX_MAX_AFS][48], eors[PAIR_MAX_EOR][48];
		unsigned nf = families(p, fams, BGP_CTX_MAX_AFS);
		unsigned na = addpaths(p, aps, 2 * BGP_CTX_MAX_AFS);
		uint16_t hold = neg_hold(p);

		diagnose(p, cause, sizeof(cause));
		fputs(i ? ",{" : "{", out);
		jkey_str(out, "local", A(&p->a[l], a), false);
		jkey_str(out, "peer", A(&p->a[!l], b), true);
		jkey_str(out, "state", state_name(p), true);
		fprintf(out, ",\"up\":%s,\"cause\":", pair_up(p) ? "true" : "false");
		if (cause[0])
			json_str(out, cause);
		else
			fputs("null", out);
		if (p->open[l].seen)
			fprintf(out, ",\"local_as\":%u", p->open[l].asn);
		if (p->open[!l].seen)
			fprintf(out, ",\"peer_as\":%u", p->open[!l].asn);
		if (p->open[0].seen && p->open[1].seen)
			fprintf(out, ",\"hold_time\":%u,\"keepalive\":%u,\"as4\":%s,\"ext_msg\":%s,"
			    "\"graceful_restart\":%s", hold, hold / 3, both_as4(p) ? "true" : "false",
			    p->open[0].ext_msg && p->open[1].ext_msg ? "true" : "false",
			    p->open[0].graceful_restart && p->open[1].graceful_restart ? "true" : "false");
		else
			fputs(",\"hold_time\":null,\"keepalive\":null,\"as4\":null,\"ext_msg\":null,"
			    "\"graceful_restart\":null", out);
		json_strs(out, "addpath", aps, na);
		json_strs(out, "families", fams, nf);
		for (unsigned k = 0; k < p->n_eor; k++) {
			char f[40];

			fam_name(p->eor[k].afi, p->eor[k].safi, f, sizeof(f));
			sfmt(eors[k], 48, "%s from %s", f, A(&p->a[p->eor[k].side], a));
		}
		json_strs(out, "end_of_rib", eors, p->n_eor);
		fprintf(out, ",\"established\":%llu,\"flaps\":%llu,\"syn\":[%llu,%llu],\"rst\":[%llu,%llu],"
		    "\"ttl1_packets\":[%llu,%llu],\"icmp_time_exceeded\":[%llu,%llu],"
		    "\"keepalive_gaps_over_hold\":[%llu,%llu],\"notifications\":[",
		    (unsigned long long)p->est_count, (unsigned long long)p->downs,
		    (unsigned long long)p->syn[l], (unsigned long long)p->syn[!l],
		    (unsigned long long)p->rst[l], (unsigned long long)p->rst[!l],
		    (unsigned long long)ttl1(p, l), (unsigned long long)ttl1(p, !l),
		    (unsigned long long)p->icmp_te[l], (unsigned long long)p->icmp_te[!l],
		    (unsigned long long)p->gaps_over_hold[l], (unsigned long long)p->gaps_over_hold[!l]);
		for (unsigned k = 0; k < p->n_ntf; k++) {
			const struct ntf_rec *n = &p->ntf[k];

			fputs(k ? ",{" : "{", out);
			jkey_str(out, "time", fmt_time(&n->ts, t, sizeof(t)), false);
			jkey_str(out, "from", A(&p->a[n->side], a), true);
			fprintf(out, ",\"code\":%u,\"subcode\":%u", n->code, n->subcode);
			jkey_str(out, "name", bgp_notify_code_name(n->code), true);
			jkey_str(out, "subname", bgp_notify_subcode_name(n->code, n->subcode), true);
			if (n->has_bad_as)
				fprintf(out, ",\"bad_peer_as\":%u", n->bad_as);
			if (n->msg[0])
				jkey_str(out, "shutdown_message", n->msg, true);
			putc('}', out);
		}
		fputs("]}", out);
	}
	fprintf(out, "],\"sessions_untracked\":%llu}\n", (unsigned long long)r->pairs_dropped);
}

int
report_finish(struct report *r, FILE *out)
{
	bool bad;

	for (size_t i = 0; i < r->n_pairs; i++)
		hold_expiry(r, &r->pairs[i]);
	check_missing(r);
	bad = r->viol_total > 0;
	if (r->o.json)
		print_json(r, out, bad);
	else
		print_text(r, out, bad);
	return bad ? 1 : 0;
}
