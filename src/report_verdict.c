/*
 * report_verdict.c - what the verdict rests on: the evidence that is
 * missing.
 *
 * ok (exit 0) needs every expectation checked on complete data. This part
 * lists what stands in the way when no violation was found: no BGP at
 * all, an address named by an option that never appears, bytes of a
 * checked direction that were not decoded (a gap, a cut, a limit), a
 * capture that starts after the session came up and shows no
 * announcement, an expectation nothing could be checked against, a full
 * table. Each is one line (struct report_inc); any of them makes the
 * verdict inconclusive (exit 3) unless a violation was found.
 *
 * May call: the pair queries and helpers in report_util.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "report_int.h"
#include "infer.h"

static const char *const inc_names[] = {
	[INC_NO_BGP] = "no_bgp", [INC_NOT_SEEN] = "not_seen", [INC_GAP] = "gap",
	[INC_LIMIT] = "limit", [INC_CONFLICT] = "conflict", [INC_MIDSTREAM] = "midstream",
	[INC_UNCHECKED] = "unchecked",
	[INC_TABLE_FULL] = "table_full", [INC_STATE] = "session_state",
	[INC_INFERRED] = "inferred", [INC_INPUT] = "input_error",
	[INC_UNRECORDED] = "unrecorded",
};

const char *
report_inc_name(enum report_inc_code c)
{
	return (unsigned)c < sizeof(inc_names) / sizeof(inc_names[0]) ? inc_names[c] : "?";
}

/* Add one reason (once per text). */
void
verdict_inc(struct report *r, enum report_inc_code code, const char *fmt, ...)
{
	struct report_inc x;
	va_list ap;

	memset(&x, 0, sizeof(x));
	x.code = code;
	va_start(ap, fmt);
	vsnprintf(x.text, sizeof(x.text), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < r->n_inc; i++)
		if (strcmp(r->inc[i].text, x.text) == 0)
			return;
	r->inc_total++;
	if (r->n_inc < REPORT_MAX_INC)
		r->inc[r->n_inc++] = x;
}

void
report_input_error(struct report *r, const char *what)
{
	verdict_inc(r, INC_INPUT, "input error: %s; the rest of the input was not read", what);
}

/* Was data sent by side `side` of p lost or left undecoded? */
bool
verdict_pair_cut(const struct report *r, const struct pair *p, int side)
{
	(void)r;
	return p->skipped[side] > 0 || p->cuts[side] > 0 || p->cut_bytes[side] > 0 ||
	    p->conflicts[side] > 0;
}

/*
 * Violations that rest on an inferred reading another plausible reading
 * would change (the direction's inf_differs): not facts. The verdict is
 * inconclusive on them (their INC_INFERRED line says why), violation only
 * when a firm one remains.
 */
uint64_t
verdict_uncertain(struct report *r)
{
	uint64_t n = 0;

	for (size_t i = 0; i < r->n_viol; i++) {
		const struct report_viol *x = &r->viol[i];
		const struct pair *p;

		if (!x->inferred || !x->have_speaker)
			continue;
		for (size_t k = 0; k < r->n_pairs; k++) {
			p = &r->pairs[k];
			if (addr_eq(&x->speaker, &p->a[0]) && addr_eq(&x->peer, &p->a[1]) &&
			    p->inf_differs[0])
				n++;
			else if (addr_eq(&x->speaker, &p->a[1]) && addr_eq(&x->peer, &p->a[0]) &&
			    p->inf_differs[1])
				n++;
		}
	}
	return n;
}

/* Does the address named by an option appear in any pair? */
static bool
addr_seen(const struct report *r, const struct addr *want)
{
	for (size_t i = 0; i < r->n_pairs; i++)
		if (rep_same_speaker(r, &r->pairs[i].a[0], want) ||
		    rep_same_speaker(r, &r->pairs[i].a[1], want))
			return true;
	return false;
}

/* Are the routes side s sends checked? (all sides without --speaker) */
static bool
checked_side(const struct report *r, const struct pair *p, int s)
{
	return r->o.n_speaker == 0 || rep_is_speaker(r, &p->a[s]);
}

static void
not_seen(struct report *r)
{
	char a[64];

	for (int i = 0; i < r->o.n_speaker; i++)
		if (!addr_seen(r, &r->o.speaker[i]))
			verdict_inc(r, INC_NOT_SEEN, "--speaker %s never appears in the capture",
			    rep_addr(&r->o.speaker[i], a));
	for (int i = 0; i < r->o.n_expect_peer; i++)
		if (!addr_seen(r, &r->o.expect_peer[i]))
			verdict_inc(r, INC_NOT_SEEN, "--expect-peer %s never appears in the capture",
			    rep_addr(&r->o.expect_peer[i], a));
}

static void
cut_directions(struct report *r)
{
	char a[64], b[64];

	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];

		for (int s = 0; s < 2; s++) {
			if (!checked_side(r, p, s))
				continue;
			rep_addr(&p->a[s], a);
			rep_addr(&p->a[!s], b);
			if (p->skipped[s])
				verdict_inc(r, INC_GAP, "%llu bytes from %s to %s not decoded (%s): "
				    "what they carried was not checked", (unsigned long long)p->skipped[s],
				    a, b, p->skip_why[s]);
			if (p->inf_differs[s] && p->inf_rival[s] != p->inf_chosen[s])
				verdict_inc(r, INC_INFERRED, "the default route from %s to %s was read as "
				    "%s (OPENs not captured); %s is as plausible and reads it differently",
				    a, b, infer_reading_name(p->inf_chosen[s]),
				    infer_reading_name(p->inf_rival[s]));
			else if (p->inf_differs[s])
				verdict_inc(r, INC_INFERRED, "the default route from %s to %s was read as "
				    "%s (OPENs not captured) after earlier messages were decoded otherwise",
				    a, b, infer_reading_name(p->inf_chosen[s]));
			if (p->conflicts[s])
				verdict_inc(r, INC_CONFLICT, "overlapping TCP data from %s to %s differed "
				    "(%llu time%s): the checks used the first copy, the verdict depends on it",
				    a, b, (unsigned long long)p->conflicts[s], p->conflicts[s] == 1 ? "" : "s");
			/* the flow layer's own account of what its limits cut */
			if (p->cuts[s] || p->cut_bytes[s])
				verdict_inc(r, INC_LIMIT, "a limit cut %llu bytes from %s to %s (%llu time%s, "
				    "%s): what they carried was not checked",
				    (unsigned long long)p->cut_bytes[s], a, b, (unsigned long long)p->cuts[s],
				    p->cuts[s] == 1 ? "" : "s", p->cut_why[s] ? p->cut_why[s] : "a limit");
		}
	}
}

/* An announcement of family fam (-1: any) was seen from a checked speaker. */
static bool
announced(const struct report *r, int fam)
{
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct route *rt = &r->routes[i];

		if (rt->count > 0 && (fam < 0 || rt->fam == fam))
			return true;
	}
	return false;
}

static void
unchecked(struct report *r)
{
	char a[64];

	for (int fam = 0; fam < 2; fam++)
		if (r->have_nh[fam] && !announced(r, fam) && r->unattributed[fam])
			verdict_inc(r, INC_UNCHECKED, "the %s default route was announced only by "
			    "%s, which is not a --speaker (no address of it given, no OPEN "
			    "with a --speaker's BGP identifier): --expect-nexthop not checked",
			    fam ? "IPv6" : "IPv4", rep_addr(&r->unattributed_from[fam], a));
		else if (r->have_nh[fam] && !announced(r, fam))
			verdict_inc(r, INC_UNCHECKED, "no %s default-route announcement seen: "
			    "--expect-nexthop not checked", fam ? "IPv6" : "IPv4");
	if ((r->o.expect_aspath || r->o.expect_aspath_re) && !announced(r, -1))
		verdict_inc(r, INC_UNCHECKED, "no default-route announcement seen: the AS path "
		    "expectation was not checked");
	if (r->o.expect_peer_as) {
		bool any = false;

		for (size_t i = 0; i < r->n_pairs; i++)
			any = any || r->pairs[i].peer_as_checked;
		if (!any)
			verdict_inc(r, INC_UNCHECKED, "no OPEN to check --expect-peer-as %u against",
			    r->o.expect_peer_as);
	}
}

/* End of the run: everything that keeps the verdict from ok. */
void
verdict_missing_data(struct report *r)
{
	if (r->n_msgs == 0)
		verdict_inc(r, INC_NO_BGP, "no BGP message in the capture");
	not_seen(r);
	if (r->have_expect)
		cut_directions(r);
	unchecked(r);
	/* packets nothing could be read from: the BGP they held was not seen */
	if (r->pkts_truncated)
		verdict_inc(r, INC_GAP, "%llu packet%s cut by the snapshot length inside the "
		    "headers: what they carried was not seen (capture with -s 0)",
		    (unsigned long long)r->pkts_truncated, r->pkts_truncated == 1 ? "" : "s");
	if (r->pkts_dropped)
		verdict_inc(r, INC_GAP, "%llu packet%s dropped by the kernel or the interface: what "
		    "they carried was not seen", (unsigned long long)r->pkts_dropped,
		    r->pkts_dropped == 1 ? "" : "s");
	if (r->flows_untracked)
		verdict_inc(r, INC_LIMIT, "%llu packets of new connections not tracked (the flow table "
		    "was full of connections that carried BGP: --max-flows): what they carried was "
		    "not checked", (unsigned long long)r->flows_untracked);
	if (r->evicted_checked && !r->o.allow_down)
		verdict_inc(r, INC_TABLE_FULL, "%llu connection attempts without BGP evicted from the "
		    "pair table (limit %d): whether those sessions came up was not checked",
		    (unsigned long long)r->evicted_checked, REPORT_MAX_PAIRS);
	if (r->pairs_dropped)
		verdict_inc(r, INC_TABLE_FULL, "%llu speaker pairs not tracked (table full, limit %d)",
		    (unsigned long long)r->pairs_dropped, REPORT_MAX_PAIRS);
	if (r->routes_dropped)
		verdict_inc(r, INC_TABLE_FULL, "%llu default routes not tracked (table full, limit %d)",
		    (unsigned long long)r->routes_dropped, REPORT_MAX_ROUTES);
}
