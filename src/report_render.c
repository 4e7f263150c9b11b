/*
 * report_render.c - the one renderer: a built struct report_result as text
 * or as one JSON object.
 *
 * Works out nothing: every fact (state, cause, held or not, the verdict)
 * is in the struct; this file only chooses words and punctuation.
 *
 * Writes into the run's output buffer (out_buf), JSON through the one
 * writer jw.h, so stdout has one writer.
 *
 * May call: the helpers in report_util.c, obuf, jw, the dissectors' name
 * tables.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>

#include "jw.h"
#include "report_int.h"
#include "term.h"

static const char *const verdict_names[] = {
	[VERDICT_OK] = "ok", [VERDICT_VIOLATION] = "violation",
	[VERDICT_INCONCLUSIVE] = "inconclusive",
};

struct colors {
	const char *red, *grn, *yel, *off;
};

static const char *
plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* ---------------------------------------------------------------- text */

static void
text_up(const struct report_session *s, struct obuf *ob)
{
	int l = s->local;
	char a[64];

	if (s->both_open)
		ob_printf(ob, ", AS %u - AS %u, hold time %u s, keepalive %u s%s", s->asn[l], s->asn[!l],
		    s->hold, s->keepalive, s->as4 ? ", 4-octet AS" : "");
	else if (s->open_seen[0] || s->open_seen[1]) {
		int k = s->open_seen[0] ? 0 : 1;

		ob_printf(ob, " (only the OPEN of %s, AS %u, is in the capture)", rep_addr(&s->addr[k], a),
		    s->asn[k]);
	} else
		ob_put(ob, " (OPENs not in the capture)");
	for (unsigned k = 0; k < s->n_fams; k++)
		ob_printf(ob, "%s%s", k ? ", " : ", families ", s->fams[k]);
	for (unsigned k = 0; k < s->n_addpath; k++)
		ob_printf(ob, "%s%s", k ? ", " : ", add-path ", s->addpath[k]);
	if (s->ext_msg)
		ob_put(ob, ", extended messages");
	if (s->graceful_restart)
		ob_put(ob, ", graceful restart");
	for (unsigned k = 0; k < s->n_eor; k++)
		ob_printf(ob, "%s%s from %s", k ? ", " : ", End-of-RIB ", s->eor[k],
		    rep_addr(&s->addr[s->eor_side[k]], a));
}

static void
text_session(const struct report_session *s, const struct colors *c, struct obuf *ob)
{
	int l = s->local;
	char a[64], b[64], t[48];

	ob_printf(ob, "  session %s - %s: %s", rep_addr(&s->addr[l], a), rep_addr(&s->addr[!l], b),
	    s->state);
	if (s->up)
		text_up(s, ob);
	else if (s->diag.unknown)
		ob_printf(ob, ", %s%s%s", c->yel, s->diag.text, c->off);
	else
		ob_printf(ob, ", %sdown%s: %s%s%s", c->red, c->off, c->red, s->diag.text, c->off);
	if (s->flaps)
		ob_printf(ob, "; went down %llu time%s, established %llu time%s",
		    (unsigned long long)s->flaps, plural(s->flaps),
		    (unsigned long long)s->established, plural(s->established));
	/* what the state rests on, and which end is local */
	if (s->evidence[0] && strstr(s->diag.text, s->evidence) == NULL)
		ob_printf(ob, "; state from: %s", s->evidence);
	if (s->local_inferred)
		ob_printf(ob, "; local end %s", s->local_why);
	ob_putc(ob, '\n');
	for (int k = 0; k < 2; k++)
		if (s->gaps_over_hold[k])
			ob_printf(ob, "    %s: %llu gap%s between messages longer than the hold time "
			    "(%u s), longest %.2f s\n", rep_addr(&s->addr[k], a),
			    (unsigned long long)s->gaps_over_hold[k], plural(s->gaps_over_hold[k]),
			    s->hold, s->max_gap[k]);
	for (unsigned k = 0; k < s->n_ntf; k++) {
		const struct report_ntf *n = &s->ntf[k];

		char m[REP_NTF_TEXT];

		ob_printf(ob, "    %s NOTIFICATION %s/%s from %s%s%s%s\n", rep_time(&n->ts, t, sizeof(t)),
		    bgp_notify_code_name(n->code), bgp_notify_subcode_name(n->code, n->subcode),
		    rep_addr(&s->addr[n->side], a), n->msg_len ? ": \"" : "",
		    rep_ntf_msg(n, m, sizeof(m)), n->msg_len ? "\"" : "");
	}
}

static void
text_routes(const struct report_result *res, struct obuf *ob)
{
	static const char *const state_text[] = {
		[ROUTE_HELD] = "held", [ROUTE_SESSION_NOT_UP] = "session not up",
	};
	char a[64], b[64], t[48];

	if (res->n_routes == 0)
		ob_put(ob, "  default route: no announcement seen\n");
	for (size_t i = 0; i < res->n_routes; i++) {
		const struct report_route *rt = &res->routes[i];

		rep_addr(&rt->speaker, a);
		rep_addr(&rt->peer, b);
		if (rt->count == 0)
			ob_printf(ob, "  default route %s > %s %s: withdrawn, no announcement seen\n", a, b,
			    report_fam_prefix[rt->fam]);
		else
			ob_printf(ob, "  default route %s > %s %s: %llu announcement%s, last %s next hop %s "
			    "as path %s, %s%s\n", a, b, report_fam_prefix[rt->fam],
			    (unsigned long long)rt->count, plural(rt->count),
			    rep_time(&rt->last, t, sizeof(t)), rt->nh, rt->aspath[0] ? rt->aspath : "(empty)",
			    rt->state == ROUTE_GONE ? rt->gone : state_text[rt->state],
			    rt->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (res->routes_untracked)
		ob_printf(ob, "  (%llu default routes not tracked: limit %u)\n",
		    (unsigned long long)res->routes_untracked, res->max_routes);
}

static void
text_withdrawals(const struct report_result *res, struct obuf *ob)
{
	char a[64], b[64], t[48], t2[48];

	for (size_t i = 0; i < res->n_wd; i++) {
		const struct report_wd *w = &res->wd[i];

		ob_printf(ob, "  withdrawal: %s %s > %s %s: %s", rep_time(&w->ts, t, sizeof(t)),
		    rep_addr(&w->speaker, a), rep_addr(&w->peer, b), report_fam_prefix[w->fam], w->how);
		if (w->reannounced)
			ob_printf(ob, "; re-announced %s\n", rep_time(&w->re_ts, t2, sizeof(t2)));
		else
			ob_put(ob, "; not re-announced\n");
	}
	if (res->wd_total > res->n_wd)
		ob_printf(ob, "  (%llu further withdrawals not listed)\n",
		    (unsigned long long)(res->wd_total - res->n_wd));
}

static void
viol_text(const struct report_viol *x, char *buf, size_t len)
{
	switch (x->field) {
	case FIELD_NEXT_HOP:
		rep_fmt(buf, len, "next hop %s, expected %s", x->actual, x->expected);
		break;
	case FIELD_AS_PATH:
		rep_fmt(buf, len, "as path %s, expected %s", x->actual[0] ? x->actual : "(empty)",
		    x->expected);
		break;
	case FIELD_PEER_AS:
		rep_fmt(buf, len, "peer AS %s, expected %s", x->actual, x->expected);
		break;
	case FIELD_SESSION:
		rep_fmt(buf, len, "%s (expected %s)", x->actual, x->expected);
		break;
	default:
		rep_fmt(buf, len, "no valid default route: %s (expected %s)", x->actual, x->expected);
	}
}

static void
text_violations(const struct report_result *res, const struct colors *c, struct obuf *ob)
{
	char a[64], b[64], t[48], line[1024];

	for (size_t i = 0; i < res->n_viol; i++) {
		const struct report_viol *x = &res->viol[i];

		viol_text(x, line, sizeof(line));
		ob_printf(ob, "  %sviolation%s: %s %s > %s %s %s: %s%s\n", c->red, c->off,
		    rep_time(&x->ts, t, sizeof(t)), x->have_speaker ? rep_addr(&x->speaker, a) : "?",
		    rep_addr(&x->peer, b), x->fam >= 0 ? report_fam_prefix[x->fam] : "-",
		    report_field_name(x->field), line,
		    x->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (res->viol_total > res->n_viol)
		ob_printf(ob, "  (%llu further violations not listed)\n",
		    (unsigned long long)(res->viol_total - res->n_viol));
}

static void
render_text(const struct report_result *res, const struct colors *c, struct obuf *ob)
{
	char t[48];

	ob_put(ob, "report:\n");
	for (size_t i = 0; i < res->n_sessions; i++)
		text_session(&res->sessions[i], c, ob);
	if (res->sessions_untracked)
		ob_printf(ob, "  (%llu further speaker pairs not tracked: limit %u)\n",
		    (unsigned long long)res->sessions_untracked, res->max_pairs);
	if (res->sessions_evicted)
		ob_printf(ob, "  (%llu speaker pairs that carried no BGP message evicted for new ones: "
		    "limit %u)\n", (unsigned long long)res->sessions_evicted, res->max_pairs);
	text_routes(res, ob);
	text_withdrawals(res, ob);
	text_violations(res, c, ob);
	if (res->time_back)
		ob_printf(ob, "  time goes backwards: %llu packet%s earlier than the packet before "
		    "(largest step %.6f s, first at %s); no silence is measured across a step back\n",
		    (unsigned long long)res->time_back, plural(res->time_back), res->time_back_max,
		    rep_time(&res->time_back_at, t, sizeof(t)));
	for (size_t i = 0; i < res->n_inc; i++)
		ob_printf(ob, "  %sinconclusive%s: %s\n", c->yel, c->off, res->inc[i].text);
	if (res->inc_total > res->n_inc)
		ob_printf(ob, "  (%llu further reasons not listed)\n",
		    (unsigned long long)(res->inc_total - res->n_inc));
	ob_printf(ob, "verdict: %s%s%s\n", res->verdict == VERDICT_OK ? c->grn :
	    res->verdict == VERDICT_VIOLATION ? c->red : c->yel, verdict_names[res->verdict], c->off);
}

/* ---------------------------------------------------------------- JSON */

static void
jpair(struct jw *j, const char *k, const uint64_t v[2], int l)
{
	jw_key(j, k);
	jw_arr_begin(j);
	jw_u64(j, v[l]);
	jw_u64(j, v[!l]);
	jw_arr_end(j);
}

static void
json_strs(struct jw *j, const char *key, const char *const *names, unsigned n)
{
	jw_key(j, key);
	jw_arr_begin(j);
	for (unsigned k = 0; k < n; k++)
		jw_str(j, names[k]);
	jw_arr_end(j);
}

static void
json_violations(const struct report_result *res, struct jw *j)
{
	char a[64], b[64], t[48];

	jw_key(j, "violations");
	jw_arr_begin(j);
	for (size_t i = 0; i < res->n_viol; i++) {
		const struct report_viol *x = &res->viol[i];

		jw_obj_begin(j);
		jw_kstr(j, "time", rep_time(&x->ts, t, sizeof(t)));
		jw_kstr(j, "speaker", x->have_speaker ? rep_addr(&x->speaker, a) : "");
		jw_kstr(j, "peer", rep_addr(&x->peer, b));
		jw_kstr(j, "prefix", x->fam >= 0 ? report_fam_prefix[x->fam] : "");
		jw_kstr(j, "field", report_field_name(x->field));
		jw_kstr(j, "expected", x->expected);
		jw_kstr(j, "actual", x->actual);
		jw_kbool(j, "inferred", x->inferred);
		jw_obj_end(j);
	}
	jw_arr_end(j);
	jw_ku64(j, "violations_total", res->viol_total);
}

static void
json_withdrawals(const struct report_result *res, struct jw *j)
{
	char a[64], b[64], t[48];

	jw_key(j, "withdrawals");
	jw_arr_begin(j);
	for (size_t i = 0; i < res->n_wd; i++) {
		const struct report_wd *w = &res->wd[i];

		jw_obj_begin(j);
		jw_kstr(j, "time", rep_time(&w->ts, t, sizeof(t)));
		jw_kstr(j, "speaker", rep_addr(&w->speaker, a));
		jw_kstr(j, "peer", rep_addr(&w->peer, b));
		jw_kstr(j, "prefix", report_fam_prefix[w->fam]);
		jw_kstr(j, "how", w->how);
		jw_kbool(j, "reannounced", w->reannounced);
		if (w->reannounced)
			jw_kstr(j, "reannounced_time", rep_time(&w->re_ts, t, sizeof(t)));
		jw_obj_end(j);
	}
	jw_arr_end(j);
}

static void
json_routes(const struct report_result *res, struct jw *j)
{
	char a[64], b[64], t[48];

	jw_key(j, "announcements");
	jw_arr_begin(j);
	for (size_t i = 0; i < res->n_routes; i++) {
		const struct report_route *rt = &res->routes[i];

		jw_obj_begin(j);
		jw_kstr(j, "speaker", rep_addr(&rt->speaker, a));
		jw_kstr(j, "peer", rep_addr(&rt->peer, b));
		jw_kstr(j, "prefix", report_fam_prefix[rt->fam]);
		jw_ku64(j, "count", rt->count);
		if (rt->count) {
			jw_kstr(j, "first", rep_time(&rt->first, t, sizeof(t)));
			jw_kstr(j, "last", rep_time(&rt->last, t, sizeof(t)));
			jw_kstr(j, "next_hop", rt->nh);
			jw_kstr(j, "as_path", rt->aspath);
		}
		jw_kbool(j, "held", rt->state == ROUTE_HELD);
		jw_kbool(j, "valid", rt->valid);
		jw_kbool(j, "inferred", rt->inferred);
		jw_obj_end(j);
	}
	jw_arr_end(j);
}

static void
json_ntfs(const struct report_session *s, struct jw *j)
{
	char a[64], t[48];

	jw_key(j, "notifications");
	jw_arr_begin(j);
	for (unsigned k = 0; k < s->n_ntf; k++) {
		const struct report_ntf *n = &s->ntf[k];

		jw_obj_begin(j);
		jw_kstr(j, "time", rep_time(&n->ts, t, sizeof(t)));
		jw_kstr(j, "from", rep_addr(&s->addr[n->side], a));
		jw_ku64(j, "code", n->code);
		jw_ku64(j, "subcode", n->subcode);
		jw_kstr(j, "name", bgp_notify_code_name(n->code));
		jw_kstr(j, "subname", bgp_notify_subcode_name(n->code, n->subcode));
		if (n->has_bad_as)
			jw_ku64(j, "bad_peer_as", n->bad_as);
		if (n->msg_len) {
			char m[REP_NTF_TEXT];

			jw_kstr(j, "shutdown_message", rep_ntf_msg(n, m, sizeof(m)));
		}
		jw_obj_end(j);
	}
	jw_arr_end(j);
}

static void
json_session_open(const struct report_session *s, struct jw *j)
{
	static const char *const unknown[] = {
		"hold_time", "keepalive", "as4", "ext_msg", "graceful_restart",
	};
	int l = s->local;
	char eors[REPORT_MAX_EOR][REPORT_NAME_LEN], a[64];
	const char *eor_s[REPORT_MAX_EOR];

	if (s->open_seen[l])
		jw_ku64(j, "local_as", s->asn[l]);
	if (s->open_seen[!l])
		jw_ku64(j, "peer_as", s->asn[!l]);
	if (s->both_open) {
		jw_ku64(j, "hold_time", s->hold);
		jw_ku64(j, "keepalive", s->keepalive);
		jw_kbool(j, "as4", s->as4);
		jw_kbool(j, "ext_msg", s->ext_msg);
		jw_kbool(j, "graceful_restart", s->graceful_restart);
	} else
		for (size_t k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++)
			jw_knull(j, unknown[k]);
	json_strs(j, "addpath", s->addpath, s->n_addpath);
	json_strs(j, "families", s->fams, s->n_fams);
	for (unsigned k = 0; k < s->n_eor; k++) {
		rep_fmt(eors[k], sizeof(eors[k]), "%s from %s", s->eor[k],
		    rep_addr(&s->addr[s->eor_side[k]], a));
		eor_s[k] = eors[k];
	}
	json_strs(j, "end_of_rib", eor_s, s->n_eor);
}

static void
json_session(const struct report_session *s, struct jw *j)
{
	int l = s->local;
	char a[64], b[64];

	jw_obj_begin(j);
	jw_kstr(j, "local", rep_addr(&s->addr[l], a));
	jw_kstr(j, "peer", rep_addr(&s->addr[!l], b));
	jw_kbool(j, "local_inferred", s->local_inferred);
	jw_kstr(j, "local_why", s->local_why);
	jw_kstr(j, "state", s->state);
	jw_kstr(j, "state_evidence", s->evidence);
	jw_kstr(j, "diagnosis", report_diag_name(s->diag.code));
	jw_kbool(j, "up", s->up);
	if (s->diag.text[0])
		jw_kstr(j, "cause", s->diag.text);
	else
		jw_knull(j, "cause");
	json_session_open(s, j);
	jw_ku64(j, "established", s->established);
	jw_ku64(j, "flaps", s->flaps);
	jpair(j, "syn", s->syn, l);
	jpair(j, "rst", s->rst, l);
	jpair(j, "ttl1_packets", s->ttl1, l);
	jpair(j, "icmp_time_exceeded", s->icmp_te, l);
	jpair(j, "keepalive_gaps_over_hold", s->gaps_over_hold, l);
	json_ntfs(s, j);
	jw_obj_end(j);
}

static void
json_inconclusive(const struct report_result *res, struct jw *j)
{
	jw_key(j, "inconclusive");
	jw_arr_begin(j);
	for (size_t i = 0; i < res->n_inc; i++) {
		jw_obj_begin(j);
		jw_kstr(j, "code", report_inc_name(res->inc[i].code));
		jw_kstr(j, "what", res->inc[i].text);
		jw_obj_end(j);
	}
	jw_arr_end(j);
}

/* Records stamped earlier than the one before (microseconds: jw has no
 * floating point). */
static void
json_time_back(const struct report_result *res, struct jw *j)
{
	char t[48];

	jw_key(j, "time_backwards");
	jw_obj_begin(j);
	jw_ku64(j, "count", res->time_back);
	/* pcapng times reach 2^64 us: clamp before converting */
	jw_ku64(j, "largest_us", res->time_back_max < 1.8e13 ?
	    (uint64_t)(res->time_back_max * 1e6 + 0.5) : UINT64_MAX);
	if (res->time_back)
		jw_kstr(j, "first", rep_time(&res->time_back_at, t, sizeof(t)));
	jw_obj_end(j);
}

static void
render_json(const struct report_result *res, struct obuf *ob)
{
	struct jw j;

	jw_init(&j, ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "report");
	jw_kstr(&j, "verdict", verdict_names[res->verdict]);
	json_inconclusive(res, &j);
	json_violations(res, &j);
	json_withdrawals(res, &j);
	json_routes(res, &j);
	json_time_back(res, &j);
	jw_key(&j, "sessions");
	jw_arr_begin(&j);
	for (size_t i = 0; i < res->n_sessions; i++)
		json_session(&res->sessions[i], &j);
	jw_arr_end(&j);
	jw_ku64(&j, "sessions_untracked", res->sessions_untracked);
	jw_ku64(&j, "sessions_evicted", res->sessions_evicted);
	jw_obj_end(&j);
	jw_eol(&j);
}

void
report_render(const struct report_result *res, const struct report_opts *o, struct obuf *ob)
{
	struct colors c = { "", "", "", "" };

	if (o->color) {
		c.red = TERM_RED;
		c.grn = TERM_GREEN;
		c.yel = TERM_BOLD_YELLOW;
		c.off = TERM_OFF;
	}
	if (o->json)
		render_json(res, ob);
	else
		render_text(res, &c, ob);
}
