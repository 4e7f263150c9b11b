/*
 * report.c - the reporter's life cycle, and the report struct built once
 * at the end (see report.h for the parts).
 *
 * Cost: report_message() does a few comparisons per message; only UPDATEs
 * whose NLRI / withdrawn lists contain a zero byte are walked prefix by
 * prefix, and only UPDATEs that carry a default route format strings.
 *
 * May call: every part of the reporter.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "report_int.h"

/* ---------------------------------------------------------------- life cycle */

static void strs_free(struct report *r);

struct report *
report_new(const struct report_opts *o, char *err, size_t errlen)
{
	struct report *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		rep_fmt(err, errlen, "out of memory");
		return NULL;
	}
	r->o = *o;
	if (o->expect_aspath &&
	    (r->exp_path = rep_aspath_parse(o->expect_aspath, err, errlen)) == NULL) {
		free(r);
		return NULL;
	}
	if (o->expect_aspath_re) {
		r->re = asre_compile(o->expect_aspath_re, err, errlen);
		if (r->re == NULL) {
			rep_aspath_free(r->exp_path);
			free(r);
			return NULL;
		}
	}
	r->pairs = calloc(REPORT_MAX_PAIRS, sizeof(*r->pairs));
	r->routes = calloc(REPORT_MAX_ROUTES, sizeof(*r->routes));
	r->viol = calloc(REPORT_MAX_VIOL, sizeof(*r->viol));
	r->wd = calloc(REPORT_MAX_WD, sizeof(*r->wd));
	if (!r->pairs || !r->routes || !r->viol || !r->wd) {
		rep_fmt(err, errlen, "out of memory");
		report_free(r);
		return NULL;
	}
	for (size_t i = 0; i < REPORT_HASH; i++)
		r->hash[i] = -1;
	if (r->o.n_expect_nh > REPORT_MAX_EXPECT)
		r->o.n_expect_nh = REPORT_MAX_EXPECT;
	if (r->o.n_expect_peer > REPORT_MAX_EXPECT)
		r->o.n_expect_peer = REPORT_MAX_EXPECT;
	if (r->o.n_speaker > REPORT_MAX_EXPECT)
		r->o.n_speaker = REPORT_MAX_EXPECT;
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
	rep_aspath_free(r->exp_path);
	for (size_t i = 0; r->pairs && i < r->n_pairs; i++) {
		tl_free(r, &r->pairs[i]);
		free(r->pairs[i].ntf);
	}
	free(r->pairs);
	free(r->routes);
	free(r->viol);
	free(r->wd);
	free(r->res.sessions);
	free(r->res.routes);
	rep_msg_free(r);
	strs_free(r);
	free(r);
}

/* ---------------------------------------------------------------- the report struct */

/* The report struct's strings, each in exactly its length, in blocks the
 * report frees: a session holds pointers, not fixed buffers of the
 * longest text (10,000 sessions: 14 MB of mostly empty arrays). */
struct rep_strs {
	struct rep_strs *next;
	size_t used, cap;
	char b[];
};

#define REP_STRS_BLOCK 65536

static const char *
strs_dup(struct report *r, const char *s)
{
	size_t n = strlen(s) + 1;
	struct rep_strs *b = r->strs;

	if (n == 1)
		return "";
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > REP_STRS_BLOCK ? n : REP_STRS_BLOCK;

		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return "";
		b->next = r->strs;
		b->used = 0;
		b->cap = cap;
		r->strs = b;
	}
	memcpy(b->b + b->used, s, n);
	b->used += n;
	return b->b + b->used - n;
}

static void
strs_free(struct report *r)
{
	while (r->strs != NULL) {
		struct rep_strs *b = r->strs;

		r->strs = b->next;
		free(b);
	}
}

static void
build_open(struct report *r, const struct pair *p, struct report_session *s)
{
	char names[2 * REPORT_MAX_FAMS][REPORT_NAME_LEN];

	for (int k = 0; k < 2; k++) {
		s->open_seen[k] = p->open[k].seen;
		s->asn[k] = p->open[k].asn;
	}
	s->both_open = p->open[0].seen && p->open[1].seen;
	s->hold = track_hold(p);
	s->keepalive = s->hold / 3;
	s->as4 = s->both_open && p->open[0].as4 && p->open[1].as4;
	s->ext_msg = s->both_open && p->open[0].ext_msg && p->open[1].ext_msg;
	s->graceful_restart = p->open[0].graceful_restart && p->open[1].graceful_restart;
	s->n_fams = diag_families(p, names, REPORT_MAX_FAMS);
	for (unsigned k = 0; k < s->n_fams; k++)
		s->fams[k] = strs_dup(r, names[k]);
	s->n_addpath = diag_addpaths(p, names, 2 * REPORT_MAX_FAMS);
	for (unsigned k = 0; k < s->n_addpath; k++)
		s->addpath[k] = strs_dup(r, names[k]);
	s->n_eor = p->n_eor;
	for (unsigned k = 0; k < p->n_eor; k++) {
		diag_fam_name(p->eor[k].afi, p->eor[k].safi, names[0], sizeof(names[0]));
		s->eor[k] = strs_dup(r, names[0]);
		s->eor_side[k] = p->eor[k].side;
	}
}

static void
build_session(struct report *r, struct pair *p, struct report_session *s)
{
	char why[96] = "", evidence[REPORT_CAUSE_LEN] = "", text[REPORT_CAUSE_LEN];

	memset(s, 0, sizeof(*s));
	s->addr[0] = p->a[0];
	s->addr[1] = p->a[1];
	s->local = diag_local(r, p, &s->local_inferred, why, sizeof(why));
	s->local_why = strs_dup(r, why);
	s->state = diag_state(p, s->local, evidence, sizeof(evidence));
	s->evidence = strs_dup(r, evidence);
	s->up = track_up(p);
	diag_session(p, &r->end, &s->diag, text, sizeof(text));
	s->diag.text = strs_dup(r, text);
	build_open(r, p, s);
	s->established = p->est_count;
	s->flaps = p->downs;
	for (int k = 0; k < 2; k++) {
		s->syn[k] = p->syn[k];
		s->rst[k] = p->rst[k];
		s->ttl1[k] = track_ttl1(p, k);
		s->icmp_te[k] = p->icmp_te[k];
		s->gaps_over_hold[k] = p->gaps_over_hold[k];
		s->max_gap[k] = p->max_gap[k];
	}
	s->ntf = p->ntf;
	s->n_ntf = p->n_ntf;
	tl_build(p, s->local);
	s->tl = p->tl;
	s->n_tl = p->n_tl;
	s->tl_dropped = p->tl_dropped;
	s->tl_drop_ts = p->tl_drop_ts;
}

static void
build_route(const struct route *rt, struct report_route *o)
{
	memset(o, 0, sizeof(*o));
	o->speaker = rt->speaker;
	o->peer = rt->peer;
	o->fam = rt->fam;
	o->count = rt->count;
	o->first = rt->first;
	o->last = rt->last;
	strlcpy(o->nh, rt->nh, sizeof(o->nh));
	strlcpy(o->aspath, rt->aspath, sizeof(o->aspath));
	/* held: announced, not withdrawn since, on a session that is up */
	if (!rt->held)
		o->state = ROUTE_GONE;
	else if (rt->p && track_up(rt->p))
		o->state = ROUTE_HELD;
	else
		o->state = ROUTE_SESSION_NOT_UP;
	o->gone = rt->gone;
	o->valid = rt->valid;
	o->inferred = rt->inferred;
}

const struct report_result *
report_build(struct report *r)
{
	struct report_result *res = &r->res;

	if (r->built)
		return res;
	for (size_t i = 0; i < r->n_pairs; i++)
		track_hold_expiry(r, &r->pairs[i]);
	policy_sessions(r);
	policy_missing(r);
	verdict_missing_data(r);
	r->built = true;
	res->sessions = calloc(r->n_pairs ? r->n_pairs : 1, sizeof(*res->sessions));
	res->routes = calloc(r->n_routes ? r->n_routes : 1, sizeof(*res->routes));
	if (res->sessions == NULL || res->routes == NULL)
		return NULL;
	for (size_t i = 0; i < r->n_pairs; i++)
		build_session(r, &r->pairs[i], &res->sessions[i]);
	res->n_sessions = r->n_pairs;
	res->sessions_untracked = r->pairs_dropped;
	res->sessions_evicted = r->pairs_evicted;
	res->max_pairs = REPORT_MAX_PAIRS;
	for (size_t i = 0; i < r->n_routes; i++)
		build_route(&r->routes[i], &res->routes[i]);
	res->n_routes = r->n_routes;
	res->routes_untracked = r->routes_dropped;
	res->max_routes = REPORT_MAX_ROUTES;
	res->wd = r->wd;
	res->n_wd = r->n_wd;
	res->wd_total = r->wd_total;
	res->viol = r->viol;
	res->n_viol = r->n_viol;
	res->viol_total = r->viol_total;
	res->inc = r->inc;
	res->n_inc = r->n_inc;
	res->inc_total = r->inc_total;
	res->time_back = r->time_back;
	res->time_back_max = r->time_back_max;
	res->time_back_at = r->time_back_at;
	res->have_time = r->have_first && r->have_end;
	res->first = r->first;
	res->end = r->end;
	/* a violation found is a fact (unless it rests on a reading another
	 * plausible one would change); otherwise ok needs nothing missing */
	if (r->viol_total > verdict_uncertain(r))
		res->verdict = VERDICT_VIOLATION;
	else if (r->inc_total > 0)
		res->verdict = VERDICT_INCONCLUSIVE;
	else
		res->verdict = VERDICT_OK;
	res->status = res->verdict == VERDICT_OK ? 0 : res->verdict == VERDICT_VIOLATION ? 1 : 3;
	return res;
}

int
report_finish(struct report *r, struct obuf *ob)
{
	const struct report_result *res = report_build(r);

	if (res == NULL) {
		ob_put(ob, "report: out of memory\n");
		return 2;
	}
	report_render(res, &r->o, ob);
	return res->status;
}
