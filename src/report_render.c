/*
 * report_render.c - the one renderer: a built struct report_result as text
 * or as one JSON object.
 *
 * Works out nothing: every fact (state, cause, held or not, the verdict)
 * is in the struct; this file only chooses words and punctuation.
 *
 * May call: the helpers in report_util.c, json_str (out_json.c), the
 * dissectors' name tables.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

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
text_up(const struct report_session *s, FILE *out)
{
	int l = s->local;
	char a[64];

	if (s->both_open)
		fprintf(out, ", AS %u - AS %u, hold time %u s, keepalive %u s%s", s->asn[l], s->asn[!l],
		    s->hold, s->keepalive, s->as4 ? ", 4-octet AS" : "");
	else if (s->open_seen[0] || s->open_seen[1]) {
		int k = s->open_seen[0] ? 0 : 1;

		fprintf(out, " (only the OPEN of %s, AS %u, is in the capture)", rep_addr(&s->addr[k], a),
		    s->asn[k]);
	} else
		fputs(" (OPENs not in the capture)", out);
	for (unsigned k = 0; k < s->n_fams; k++)
		fprintf(out, "%s%s", k ? ", " : ", families ", s->fams[k]);
	for (unsigned k = 0; k < s->n_addpath; k++)
		fprintf(out, "%s%s", k ? ", " : ", add-path ", s->addpath[k]);
	if (s->ext_msg)
		fputs(", extended messages", out);
	if (s->graceful_restart)
		fputs(", graceful restart", out);
	for (unsigned k = 0; k < s->n_eor; k++)
		fprintf(out, "%s%s from %s", k ? ", " : ", End-of-RIB ", s->eor[k],
		    rep_addr(&s->addr[s->eor_side[k]], a));
}

static void
text_session(const struct report_session *s, const struct colors *c, FILE *out)
{
	int l = s->local;
	char a[64], b[64], t[48];

	fprintf(out, "  session %s - %s: %s", rep_addr(&s->addr[l], a), rep_addr(&s->addr[!l], b),
	    s->state);
	if (s->up)
		text_up(s, out);
	else
		fprintf(out, ", %sdown%s: %s%s%s", c->red, c->off, c->red, s->diag.text, c->off);
	if (s->flaps)
		fprintf(out, "; went down %llu time%s, established %llu time%s",
		    (unsigned long long)s->flaps, plural(s->flaps),
		    (unsigned long long)s->established, plural(s->established));
	fputc('\n', out);
	for (int k = 0; k < 2; k++)
		if (s->gaps_over_hold[k])
			fprintf(out, "    %s: %llu gap%s between messages longer than the hold time "
			    "(%u s), longest %.2f s\n", rep_addr(&s->addr[k], a),
			    (unsigned long long)s->gaps_over_hold[k], plural(s->gaps_over_hold[k]),
			    s->hold, s->max_gap[k]);
	for (unsigned k = 0; k < s->n_ntf; k++) {
		const struct report_ntf *n = &s->ntf[k];

		fprintf(out, "    %s NOTIFICATION %s/%s from %s%s%s%s\n", rep_time(&n->ts, t, sizeof(t)),
		    bgp_notify_code_name(n->code), bgp_notify_subcode_name(n->code, n->subcode),
		    rep_addr(&s->addr[n->side], a), n->msg[0] ? ": \"" : "", n->msg,
		    n->msg[0] ? "\"" : "");
	}
}

static void
text_routes(const struct report_result *res, FILE *out)
{
	static const char *const state_text[] = {
		[ROUTE_HELD] = "held", [ROUTE_SESSION_NOT_UP] = "session not up",
	};
	char a[64], b[64], t[48];

	if (res->n_routes == 0)
		fputs("  default route: no announcement seen\n", out);
	for (size_t i = 0; i < res->n_routes; i++) {
		const struct report_route *rt = &res->routes[i];

		rep_addr(&rt->speaker, a);
		rep_addr(&rt->peer, b);
		if (rt->count == 0)
			fprintf(out, "  default route %s > %s %s: withdrawn, no announcement seen\n", a, b,
			    report_fam_prefix[rt->fam]);
		else
			fprintf(out, "  default route %s > %s %s: %llu announcement%s, last %s next hop %s "
			    "as path %s, %s%s\n", a, b, report_fam_prefix[rt->fam],
			    (unsigned long long)rt->count, plural(rt->count),
			    rep_time(&rt->last, t, sizeof(t)), rt->nh, rt->aspath[0] ? rt->aspath : "(empty)",
			    rt->state == ROUTE_GONE ? rt->gone : state_text[rt->state],
			    rt->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (res->routes_untracked)
		fprintf(out, "  (%llu default routes not tracked: limit %u)\n",
		    (unsigned long long)res->routes_untracked, res->max_routes);
}

static void
text_withdrawals(const struct report_result *res, FILE *out)
{
	char a[64], b[64], t[48], t2[48];

	for (size_t i = 0; i < res->n_wd; i++) {
		const struct report_wd *w = &res->wd[i];

		fprintf(out, "  withdrawal: %s %s > %s %s: %s", rep_time(&w->ts, t, sizeof(t)),
		    rep_addr(&w->speaker, a), rep_addr(&w->peer, b), report_fam_prefix[w->fam], w->how);
		if (w->reannounced)
			fprintf(out, "; re-announced %s\n", rep_time(&w->re_ts, t2, sizeof(t2)));
		else
			fputs("; not re-announced\n", out);
	}
	if (res->wd_total > res->n_wd)
		fprintf(out, "  (%llu further withdrawals not listed)\n",
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
	default:
		rep_fmt(buf, len, "no valid default route: %s (expected %s)", x->actual, x->expected);
	}
}

static void
text_violations(const struct report_result *res, const struct colors *c, FILE *out)
{
	char a[64], b[64], t[48], line[1024];

	for (size_t i = 0; i < res->n_viol; i++) {
		const struct report_viol *x = &res->viol[i];

		viol_text(x, line, sizeof(line));
		fprintf(out, "  %sviolation%s: %s %s > %s %s %s: %s%s\n", c->red, c->off,
		    rep_time(&x->ts, t, sizeof(t)), x->have_speaker ? rep_addr(&x->speaker, a) : "?",
		    rep_addr(&x->peer, b), x->fam >= 0 ? report_fam_prefix[x->fam] : "-",
		    report_field_name(x->field), line,
		    x->inferred ? " (decoding inferred: OPENs not captured)" : "");
	}
	if (res->viol_total > res->n_viol)
		fprintf(out, "  (%llu further violations not listed)\n",
		    (unsigned long long)(res->viol_total - res->n_viol));
}

static void
render_text(const struct report_result *res, const struct colors *c, FILE *out)
{
	fputs("report:\n", out);
	for (size_t i = 0; i < res->n_sessions; i++)
		text_session(&res->sessions[i], c, out);
	if (res->sessions_untracked)
		fprintf(out, "  (%llu further speaker pairs not tracked: limit %u)\n",
		    (unsigned long long)res->sessions_untracked, res->max_pairs);
	text_routes(res, out);
	text_withdrawals(res, out);
	text_violations(res, c, out);
	for (size_t i = 0; i < res->n_inc; i++)
		fprintf(out, "  %sinconclusive%s: %s\n", c->yel, c->off, res->inc[i].text);
	if (res->inc_total > res->n_inc)
		fprintf(out, "  (%llu further reasons not listed)\n",
		    (unsigned long long)(res->inc_total - res->n_inc));
	fprintf(out, "verdict: %s%s%s\n", res->verdict == VERDICT_OK ? c->grn :
	    res->verdict == VERDICT_VIOLATION ? c->red : c->yel, verdict_names[res->verdict], c->off);
}

/* ---------------------------------------------------------------- JSON */

static void
jstr(FILE *out, const char *k, const char *v, bool comma)
{
	if (comma)
		putc(',', out);
	json_str(out, k);
	putc(':', out);
	json_str(out, v);
}

static void
jbool(FILE *out, const char *k, bool v)
{
	fprintf(out, ",\"%s\":%s", k, v ? "true" : "false");
}

static void
jpair(FILE *out, const char *k, const uint64_t v[2], int l)
{
	fprintf(out, ",\"%s\":[%llu,%llu]", k, (unsigned long long)v[l], (unsigned long long)v[!l]);
}

static void
json_strs(FILE *out, const char *key, const char (*names)[REPORT_NAME_LEN], unsigned n)
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
json_violations(const struct report_result *res, FILE *out)
{
	char a[64], b[64], t[48];

	fputs("\"violations\":[", out);
	for (size_t i = 0; i < res->n_viol; i++) {
		const struct report_viol *x = &res->viol[i];

		fputs(i ? ",{" : "{", out);
		jstr(out, "time", rep_time(&x->ts, t, sizeof(t)), false);
		jstr(out, "speaker", x->have_speaker ? rep_addr(&x->speaker, a) : "", true);
		jstr(out, "peer", rep_addr(&x->peer, b), true);
		jstr(out, "prefix", x->fam >= 0 ? report_fam_prefix[x->fam] : "", true);
		jstr(out, "field", report_field_name(x->field), true);
		jstr(out, "expected", x->expected, true);
		jstr(out, "actual", x->actual, true);
		jbool(out, "inferred", x->inferred);
		putc('}', out);
	}
	fprintf(out, "],\"violations_total\":%llu", (unsigned long long)res->viol_total);
}

static void
json_withdrawals(const struct report_result *res, FILE *out)
{
	char a[64], b[64], t[48];

	fputs(",\"withdrawals\":[", out);
	for (size_t i = 0; i < res->n_wd; i++) {
		const struct report_wd *w = &res->wd[i];

		fputs(i ? ",{" : "{", out);
		jstr(out, "time", rep_time(&w->ts, t, sizeof(t)), false);
		jstr(out, "speaker", rep_addr(&w->speaker, a), true);
		jstr(out, "peer", rep_addr(&w->peer, b), true);
		jstr(out, "prefix", report_fam_prefix[w->fam], true);
		jstr(out, "how", w->how, true);
		jbool(out, "reannounced", w->reannounced);
		if (w->reannounced)
			jstr(out, "reannounced_time", rep_time(&w->re_ts, t, sizeof(t)), true);
		putc('}', out);
	}
	putc(']', out);
}

static void
json_routes(const struct report_result *res, FILE *out)
{
	char a[64], b[64], t[48];

	fputs(",\"announcements\":[", out);
	for (size_t i = 0; i < res->n_routes; i++) {
		const struct report_route *rt = &res->routes[i];

		fputs(i ? ",{" : "{", out);
		jstr(out, "speaker", rep_addr(&rt->speaker, a), false);
		jstr(out, "peer", rep_addr(&rt->peer, b), true);
		jstr(out, "prefix", report_fam_prefix[rt->fam], true);
		fprintf(out, ",\"count\":%llu", (unsigned long long)rt->count);
		if (rt->count) {
			jstr(out, "first", rep_time(&rt->first, t, sizeof(t)), true);
			jstr(out, "last", rep_time(&rt->last, t, sizeof(t)), true);
			jstr(out, "next_hop", rt->nh, true);
			jstr(out, "as_path", rt->aspath, true);
		}
		jbool(out, "held", rt->state == ROUTE_HELD);
		jbool(out, "valid", rt->valid);
		jbool(out, "inferred", rt->inferred);
		putc('}', out);
	}
	putc(']', out);
}

static void
json_ntfs(const struct report_session *s, FILE *out)
{
	char a[64], t[48];

	fputs(",\"notifications\":[", out);
	for (unsigned k = 0; k < s->n_ntf; k++) {
		const struct report_ntf *n = &s->ntf[k];

		fputs(k ? ",{" : "{", out);
		jstr(out, "time", rep_time(&n->ts, t, sizeof(t)), false);
		jstr(out, "from", rep_addr(&s->addr[n->side], a), true);
		fprintf(out, ",\"code\":%u,\"subcode\":%u", n->code, n->subcode);
		jstr(out, "name", bgp_notify_code_name(n->code), true);
		jstr(out, "subname", bgp_notify_subcode_name(n->code, n->subcode), true);
		if (n->has_bad_as)
			fprintf(out, ",\"bad_peer_as\":%u", n->bad_as);
		if (n->msg[0])
			jstr(out, "shutdown_message", n->msg, true);
		putc('}', out);
	}
	putc(']', out);
}

static void
json_session_open(const struct report_session *s, FILE *out)
{
	int l = s->local;
	char eors[REPORT_MAX_EOR][REPORT_NAME_LEN], a[64];

	if (s->open_seen[l])
		fprintf(out, ",\"local_as\":%u", s->asn[l]);
	if (s->open_seen[!l])
		fprintf(out, ",\"peer_as\":%u", s->asn[!l]);
	if (s->both_open) {
		fprintf(out, ",\"hold_time\":%u,\"keepalive\":%u", s->hold, s->keepalive);
		jbool(out, "as4", s->as4);
		jbool(out, "ext_msg", s->ext_msg);
		jbool(out, "graceful_restart", s->graceful_restart);
	} else
		fputs(",\"hold_time\":null,\"keepalive\":null,\"as4\":null,\"ext_msg\":null,"
		    "\"graceful_restart\":null", out);
	json_strs(out, "addpath", (const char (*)[REPORT_NAME_LEN])s->addpath, s->n_addpath);
	json_strs(out, "families", (const char (*)[REPORT_NAME_LEN])s->fams, s->n_fams);
	for (unsigned k = 0; k < s->n_eor; k++)
		rep_fmt(eors[k], sizeof(eors[k]), "%s from %s", s->eor[k],
		    rep_addr(&s->addr[s->eor_side[k]], a));
	json_strs(out, "end_of_rib", (const char (*)[REPORT_NAME_LEN])eors, s->n_eor);
}

static void
json_session(const struct report_session *s, FILE *out)
{
	int l = s->local;
	char a[64], b[64];

	jstr(out, "local", rep_addr(&s->addr[l], a), false);
	jstr(out, "peer", rep_addr(&s->addr[!l], b), true);
	jstr(out, "state", s->state, true);
	jbool(out, "up", s->up);
	fputs(",\"cause\":", out);
	if (s->diag.text[0])
		json_str(out, s->diag.text);
	else
		fputs("null", out);
	json_session_open(s, out);
	fprintf(out, ",\"established\":%llu,\"flaps\":%llu", (unsigned long long)s->established,
	    (unsigned long long)s->flaps);
	jpair(out, "syn", s->syn, l);
	jpair(out, "rst", s->rst, l);
	jpair(out, "ttl1_packets", s->ttl1, l);
	jpair(out, "icmp_time_exceeded", s->icmp_te, l);
	jpair(out, "keepalive_gaps_over_hold", s->gaps_over_hold, l);
	json_ntfs(s, out);
}

static void
json_inconclusive(const struct report_result *res, FILE *out)
{
	fputs("\"inconclusive\":[", out);
	for (size_t i = 0; i < res->n_inc; i++) {
		fputs(i ? ",{" : "{", out);
		jstr(out, "code", report_inc_name(res->inc[i].code), false);
		jstr(out, "what", res->inc[i].text, true);
		putc('}', out);
	}
	putc(']', out);
	putc(',', out);
}

static void
render_json(const struct report_result *res, FILE *out)
{
	fprintf(out, "{\"type\":\"report\",\"verdict\":\"%s\",", verdict_names[res->verdict]);
	json_inconclusive(res, out);
	json_violations(res, out);
	json_withdrawals(res, out);
	json_routes(res, out);
	fputs(",\"sessions\":[", out);
	for (size_t i = 0; i < res->n_sessions; i++) {
		fputs(i ? ",{" : "{", out);
		json_session(&res->sessions[i], out);
		putc('}', out);
	}
	fprintf(out, "],\"sessions_untracked\":%llu}\n", (unsigned long long)res->sessions_untracked);
}

void
report_render(const struct report_result *res, const struct report_opts *o, FILE *out)
{
	struct colors c = { "", "", "", "" };

	if (o->color) {
		c.red = "\033[1;31m";
		c.grn = "\033[1;32m";
		c.yel = "\033[1;33m";
		c.off = "\033[0m";
	}
	if (o->json)
		render_json(res, out);
	else
		render_text(res, &c, out);
}
