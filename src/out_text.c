/*
 * out_text.c - the shared output plumbing and the text printer: one line
 * per message; -v adds the attributes and capabilities, -vv everything
 * (raw AS4_PATH, per-prefix offsets, errors in full).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgpcap.h"
#include "bgp_describe.h"

#define C_RED "\033[1;31m"
#define C_YEL "\033[33m"
#define C_OFF "\033[0m"

struct out *
out_new(FILE *fp, const struct out_opts *oo)
{
	struct out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->fp = fp;
	o->o = *oo;
	o->buf = malloc(OUT_BUF);
	o->buf2 = malloc(OUT_BUF);
	if (o->buf == NULL || o->buf2 == NULL) {
		out_free(o);
		return NULL;
	}
	return o;
}

void
out_free(struct out *o)
{
	if (o == NULL)
		return;
	free(o->buf);
	free(o->buf2);
	free(o);
}

/* Timestamps are UTC; the date/time part is formatted once per second. */
void
out_time(struct out *o, const struct timeval *tv, bool rfc3339)
{
	char b[32];
	unsigned long us = (unsigned long)tv->tv_usec % 1000000;

	if (tv->tv_sec != o->ts_sec || !o->ts_valid) {
		struct tm tm;
		time_t t = tv->tv_sec;

		if (gmtime_r(&t, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
		snprintf(o->ts_date, sizeof(o->ts_date), "%04d-%02d-%02dT",
		    (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
		snprintf(o->ts_time, sizeof(o->ts_time), "%02d:%02d:%02d",
		    tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
		o->ts_sec = tv->tv_sec;
		o->ts_valid = true;
	}
	if (rfc3339)
		fputs(o->ts_date, o->fp);
	fputs(o->ts_time, o->fp);
	b[0] = '.';
	for (int i = 6; i >= 1; i--) {
		b[i] = (char)('0' + us % 10);
		us /= 10;
	}
	b[7] = rfc3339 ? 'Z' : '\0';
	b[8] = '\0';
	fputs(b, o->fp);
}

static void
put_ep(FILE *fp, const struct addr *a, uint16_t port)
{
	char b[64];

	addr_fmt(a, b, sizeof(b));
	if (a->af == 10 /* AF_INET6 */)
		fprintf(fp, "[%s]:%u", b, port);
	else
		fprintf(fp, "%s:%u", b, port);
}

void
out_endpoints(struct out *o, const struct flow *f, int dir)
{
	put_ep(o->fp, &f->addr[dir], f->port[dir]);
	fputs(" > ", o->fp);
	put_ep(o->fp, &f->addr[!dir], f->port[!dir]);
}

static void
text_prefix(struct out *o, const struct pkt_info *pi, const struct flow *f, int dir)
{
	if (!o->o.no_ts) {
		out_time(o, &pi->ts, false);
		fputc(' ', o->fp);
	}
	if (f)
		out_endpoints(o, f, dir);
}

/* ---------------------------------------------------------------- text emitter */

/*
 * Renders the emitter's values as "key value, key value"; arrays as
 * space-separated values, objects in braces. Depth-limited by design (the
 * describers nest at most three levels).
 */
struct temit {
	struct emit e;
	FILE *fp;
	int depth;
	bool first[8];
	bool pending_key;
	const char *key;
	bool in_arr[8];
};

static void
t_sep(struct temit *t)
{
	int d = t->depth < 8 ? t->depth : 7;

	if (!t->first[d])
		fputs(t->in_arr[d] ? " " : ", ", t->fp);
	t->first[d] = false;
	if (t->pending_key) {
		fputs(t->key, t->fp);
		fputc(t->in_arr[d] ? '=' : ' ', t->fp);
		t->pending_key = false;
	}
}

static void
t_key(struct emit *e, const char *k)
{
	struct temit *t = (struct temit *)e;

	t->key = k;
	t->pending_key = true;
}

static void
t_str(struct emit *e, const char *v)
{
	struct temit *t = (struct temit *)e;

	t_sep(t);
	fputs(v, t->fp);
}

static void
t_num(struct emit *e, uint64_t v)
{
	struct temit *t = (struct temit *)e;

	t_sep(t);
	fprintf(t->fp, "%llu", (unsigned long long)v);
}

static void
t_bool(struct emit *e, bool v)
{
	t_str(e, v ? "yes" : "no");
}

static void
t_open(struct emit *e, const char *br, bool arr)
{
	struct temit *t = (struct temit *)e;

	t_sep(t);
	fputs(br, t->fp);
	if (t->depth < 7)
		t->depth++;
	t->first[t->depth] = true;
	t->in_arr[t->depth] = arr;
}

static void
t_close(struct emit *e, const char *br)
{
	struct temit *t = (struct temit *)e;

	fputs(br, t->fp);
	if (t->depth > 0)
		t->depth--;
}

static void t_obj_begin(struct emit *e) { t_open(e, "{", false); }
static void t_obj_end(struct emit *e) { t_close(e, "}"); }
static void t_arr_begin(struct emit *e) { t_open(e, "[", true); }
static void t_arr_end(struct emit *e) { t_close(e, "]"); }

static void
temit_init(struct temit *t, FILE *fp)
{
	memset(t, 0, sizeof(*t));
	t->e.key = t_key;
	t->e.str = t_str;
	t->e.num = t_num;
	t->e.boolean = t_bool;
	t->e.obj_begin = t_obj_begin;
	t->e.obj_end = t_obj_end;
	t->e.arr_begin = t_arr_begin;
	t->e.arr_end = t_arr_end;
	t->fp = fp;
	t->first[0] = true;
}

/* ---------------------------------------------------------------- messages */

static void
put_prefixes(struct out *o, const struct cur *c, uint16_t afi, uint8_t safi,
    const struct bgp_ctx *ctx, const char *label, uint8_t treat)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	struct sbuf s;
	bool first = true;

	if (cur_left(c) == 0)
		return;
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	it.treat = treat;
	while (bgp_nlri_next(&it, &p, &scratch) == 1) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		if (first) {
			sbuf_put(&s, " ");
			sbuf_put(&s, label);
		}
		sbuf_putc(&s, first ? ' ' : ',');
		first = false;
		bgp_fmt_prefix(&s, &p);
		if (p.has_pathid) {
			sbuf_put(&s, " id ");
			sbuf_u32(&s, p.pathid);
		}
		fwrite(s.p, 1, s.len, o->fp);
	}
}

static void
text_update(struct out *o, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s;

	if (u->eor) {
		fprintf(o->fp, " End-of-RIB %s %s", bgp_afi_name(u->eor_afi),
		    bgp_safi_name(u->eor_safi));
		return;
	}
	put_prefixes(o, &u->withdrawn, AFI_IPV4, SAFI_UNICAST, v->ctx, "withdraw",
	    BGP_TREAT_SESSION_RESET);
	if (bgp_update_has(u, ATTR_MP_UNREACH)) {
		fprintf(o->fp, " [%s %s]", bgp_afi_name(u->mpu_afi), bgp_safi_name(u->mpu_safi));
		put_prefixes(o, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, v->ctx,
		    "withdraw", BGP_TREAT_AFISAFI_DISABLE);
	}
	put_prefixes(o, &u->nlri, AFI_IPV4, SAFI_UNICAST, v->ctx, "announce",
	    BGP_TREAT_SESSION_RESET);
	if (cur_left(&u->nlri) && bgp_update_has(u, ATTR_NEXT_HOP)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_put(&s, " nh ");
		sbuf_ipv4(&s, u->next_hop);
		fputs(s.p, o->fp);
	}
	if (bgp_update_has(u, ATTR_MP_REACH)) {
		fprintf(o->fp, " [%s %s]", bgp_afi_name(u->mpr_afi), bgp_safi_name(u->mpr_safi));
		put_prefixes(o, &u->mpr_nlri, u->mpr_afi, u->mpr_safi, v->ctx, "announce",
		    BGP_TREAT_AFISAFI_DISABLE);
		sbuf_init(&s, o->buf2, OUT_BUF);
		for (unsigned i = 0; i < u->mpr_nh_count; i++) {
			sbuf_put(&s, i ? "," : " nh ");
			bgp_fmt_mp_nexthop(&s, u, i);
		}
		fputs(s.p, o->fp);
	}
	if (bgp_update_has(u, ATTR_AS_PATH)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_put(&s, " path ");
		bgp_fmt_effective_aspath(&s, u, v->ctx);
		if (s.len == 6)
			sbuf_put(&s, "(empty)");
		fputs(s.p, o->fp);
	}
}

static void
text_open(struct out *o, const struct msg_view *v)
{
	const struct bgp_open *op = &v->u.open;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct bgp_errs scratch;
	char id[16];
	uint8_t b[4] = { op->bgp_id >> 24, op->bgp_id >> 16, op->bgp_id >> 8, op->bgp_id };
	struct sbuf s;

	sbuf_init(&s, id, sizeof(id));
	sbuf_ipv4(&s, b);
	fprintf(o->fp, " v%u as %u hold %u id %s", op->version, bgp_open_asn(op),
	    op->hold_time, id);
	if (op->ext_params)
		fputs(" (RFC 9072 extended parameters)", o->fp);
	fputs(" caps", o->fp);
	bgp_errs_reset(&scratch);
	bgp_cap_iter_init(&it, op);
	while (bgp_cap_next(&it, &cap, &scratch) == 1) {
		if (cap.param_type != 2) {
			fprintf(o->fp, " param-%u", cap.param_type);
			continue;
		}
		if (cap.code == 1 && cap.len == 4) {
			struct cur c = cap.val;
			uint16_t afi = 0;
			uint8_t r = 0, safi = 0;

			(void)cur_u16(&c, &afi);
			(void)cur_u8(&c, &r);
			(void)cur_u8(&c, &safi);
			fprintf(o->fp, " mp:%s/%s", bgp_afi_name(afi), bgp_safi_name(safi));
		} else
			fprintf(o->fp, " %s", bgp_cap_name(cap.code));
		if (strcmp(bgp_cap_name(cap.code), "unknown") == 0)
			fprintf(o->fp, "-%u", cap.code);
	}
}

static void
text_notify(struct out *o, const struct msg_view *v)
{
	const struct bgp_notify *n = &v->u.ntf;
	struct sbuf s;

	fprintf(o->fp, " %s/%s (%u/%u)", bgp_notify_code_name(n->code),
	    bgp_notify_subcode_name(n->code, n->subcode), n->code, n->subcode);
	if (n->has_bad_as)
		fprintf(o->fp, " peer AS %u", n->bad_as);
	if (n->has_shutdown_msg) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_text(&s, n->shutdown_msg, n->shutdown_len);
		fprintf(o->fp, " \"%s\"", s.p);
	} else if (cur_left(&n->data)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_hex(&s, n->data.p, cur_left(&n->data));
		fprintf(o->fp, " data 0x%s", s.p);
	}
}

static void
text_details(struct out *o, const struct msg_view *v)
{
	struct temit t;
	struct sbuf tmp;
	struct bgp_errs scratch;

	sbuf_init(&tmp, o->buf2, OUT_BUF);
	bgp_errs_reset(&scratch);
	if (v->m.type == BGP_UPDATE && v->body_ok) {
		struct bgp_attr_iter it;
		struct bgp_attr a;

		bgp_attr_iter_init(&it, &v->u.upd.attrs);
		while (bgp_attr_next(&it, &a, &scratch) == 1) {
			const char *key = bgp_attr_key(a.code);

			if (a.code == ATTR_MP_REACH || a.code == ATTR_MP_UNREACH)
				continue;
			if (o->o.verbose < 2 && (a.code == ATTR_AS4_PATH ||
			    a.code == ATTR_AS4_AGGREGATOR))
				continue;
			temit_init(&t, o->fp);
			fputs("    ", o->fp);
			t_key(&t.e, key ? key : bgp_attr_name(a.code));
			bgp_attr_describe(&a, &v->u.upd, v->ctx, &t.e, &tmp);
			if (o->o.verbose >= 2)
				fprintf(o->fp, "  (flags 0x%02x, len %u, @%u)", a.flags, a.len, a.off);
			fputc('\n', o->fp);
		}
	} else if (v->m.type == BGP_OPEN && v->body_ok) {
		struct bgp_cap_iter it;
		struct bgp_cap cap;

		bgp_cap_iter_init(&it, &v->u.open);
		while (bgp_cap_next(&it, &cap, &scratch) == 1) {
			temit_init(&t, o->fp);
			fputs("    capability ", o->fp);
			bgp_cap_describe(&cap, &t.e, &tmp);
			fputc('\n', o->fp);
		}
	} else if (v->m.type == BGP_ROUTE_REFRESH && v->body_ok && cur_left(&v->u.rr.orf)) {
		sbuf_hex(&tmp, v->u.rr.orf.p, cur_left(&v->u.rr.orf));
		fprintf(o->fp, "    orf 0x%s\n", tmp.p);
	}
}

void
out_text_message(struct out *o, const struct msg_view *v)
{
	bool bad = v->errs.worst >= BGP_TREAT_WITHDRAW;

	text_prefix(o, v->pi, v->f, v->dir);
	if (o->o.color && bad)
		fputs(C_RED, o->fp);
	fprintf(o->fp, " %s", v->hdr_ok ? bgp_type_name(v->m.type) : "MALFORMED");
	if (v->hdr_ok)
		fprintf(o->fp, " len %u", v->m.len);
	if (o->o.color && bad)
		fputs(C_OFF, o->fp);
	fputc(':', o->fp);
	if (v->body_ok) {
		switch (v->m.type) {
		case BGP_OPEN: text_open(o, v); break;
		case BGP_UPDATE: text_update(o, v); break;
		case BGP_NOTIFICATION: text_notify(o, v); break;
		case BGP_ROUTE_REFRESH:
			fprintf(o->fp, " %s %s %s", bgp_afi_name(v->u.rr.afi),
			    bgp_safi_name(v->u.rr.safi), bgp_refresh_subtype_name(v->u.rr.subtype));
			break;
		}
	}
	if (v->inferred) {
		fprintf(o->fp, " [inferred: %s", sess_reading_name(v->chosen));
		if (v->readings & ~(1u << v->chosen)) {
			fputs("; also valid:", o->fp);
			for (unsigned i = 0; i < SESS_READINGS; i++)
				if (i != v->chosen && (v->readings & (1u << i)))
					fprintf(o->fp, " %s;", sess_reading_name(i));
		} else if (v->readings)
			fputs("; the only valid reading", o->fp);
		else
			fputs("; no reading decodes cleanly", o->fp);
		fputc(']', o->fp);
	}
	for (unsigned i = 0; i < v->errs.n; i++) {
		const struct bgp_err *e = &v->errs.e[i];

		if (o->o.color)
			fputs(e->treat >= BGP_TREAT_WITHDRAW ? C_RED : C_YEL, o->fp);
		fprintf(o->fp, " [error @%u: %s", e->off, e->what);
		if (e->treat != BGP_TREAT_NONE)
			fprintf(o->fp, "; %s", bgp_treat_name(e->treat));
		if (e->code)
			fprintf(o->fp, "; NOTIFICATION %u/%u", e->code, e->subcode);
		fputc(']', o->fp);
		if (o->o.color)
			fputs(C_OFF, o->fp);
	}
	if (v->errs.lost)
		fprintf(o->fp, " [+%u more errors]", v->errs.lost);
	fputc('\n', o->fp);
	if (o->o.verbose >= 1)
		text_details(o, v);
}

/* ---------------------------------------------------------------- dispatch */

void
out_message(struct out *o, const struct msg_view *v)
{
	if (o->o.quiet)
		return;
	if (o->o.json)
		out_json_message(o, v);
	else
		out_text_message(o, v);
}

static const char *
ev_name(enum flow_event ev)
{
	switch (ev) {
	case FLOW_EV_SYN: return "SYN";
	case FLOW_EV_SYNACK: return "SYN-ACK";
	case FLOW_EV_FIN: return "FIN";
	case FLOW_EV_RST: return "RST";
	case FLOW_EV_NEW: return "NEW";
	case FLOW_EV_LIMIT: return "LIMIT";
	}
	return "?";
}

void
out_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason)
{
	if (o->o.quiet)
		return;
	if (o->o.json) {
		fputs("{\"type\":\"skip\",\"time\":\"", o->fp);
		out_time(o, &pi->ts, true);
		fprintf(o->fp, "\",\"flow\":%llu,\"bytes\":%llu,\"reason\":",
		    (unsigned long long)f->id, (unsigned long long)n);
		json_str(o->fp, reason);
		fputs("}\n", o->fp);
		return;
	}
	text_prefix(o, pi, f, dir);
	fprintf(o->fp, " SKIPPED %llu bytes: %s\n", (unsigned long long)n, reason);
}

void
out_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	if (o->o.quiet || ev == FLOW_EV_NEW)
		return;
	if (o->o.json) {
		char a[64], b[64];

		fputs("{\"type\":\"tcp\",\"time\":\"", o->fp);
		out_time(o, &pi->ts, true);
		addr_fmt(&f->addr[dir], a, sizeof(a));
		addr_fmt(&f->addr[!dir], b, sizeof(b));
		fprintf(o->fp, "\",\"src\":\"%s\",\"sport\":%u,\"dst\":\"%s\",\"dport\":%u,"
		    "\"event\":\"%s\",\"ttl\":%u", a, f->port[dir], b, f->port[!dir],
		    ev_name(ev), pi->ttl);
		if (detail) {
			fputs(",\"detail\":", o->fp);
			json_str(o->fp, detail);
		}
		fputs("}\n", o->fp);
		return;
	}
	text_prefix(o, pi, f, dir);
	fprintf(o->fp, " TCP %s", ev_name(ev));
	if (ev != FLOW_EV_LIMIT && pi->ttl <= 1)
		fprintf(o->fp, " (TTL %u)", pi->ttl);
	if (detail)
		fprintf(o->fp, ": %s", detail);
	fputc('\n', o->fp);
}

void
out_icmp(struct out *o, const struct icmp_info *ii)
{
	char r[64], s[64], d[64];

	if (o->o.quiet)
		return;
	addr_fmt(&ii->reporter, r, sizeof(r));
	addr_fmt(&ii->q_src, s, sizeof(s));
	addr_fmt(&ii->q_dst, d, sizeof(d));
	if (o->o.json) {
		fputs("{\"type\":\"icmp\",\"time\":\"", o->fp);
		out_time(o, &ii->ts, true);
		fprintf(o->fp, "\",\"from\":\"%s\",\"icmp_type\":%u,\"icmp_code\":%u,"
		    "\"quoted\":{\"src\":\"%s\",\"sport\":%u,\"dst\":\"%s\",\"dport\":%u,\"ttl\":%u}}\n",
		    r, ii->type, ii->code, s, ii->q_sport, d, ii->q_dport, ii->q_ttl);
		return;
	}
	if (!o->o.no_ts) {
		out_time(o, &ii->ts, false);
		fputc(' ', o->fp);
	}
	fprintf(o->fp, "%s > %s ICMP%s %s (type %u code %u) for %s:%u > %s:%u\n", r, s,
	    ii->af == 10 ? "v6" : "",
	    (ii->af == 10 && ii->type == 3) || (ii->af != 10 && ii->type == 11) ?
	    "time exceeded" : "unreachable", ii->type, ii->code, s, ii->q_sport, d, ii->q_dport);
}

void
out_note(struct out *o, const struct pkt_info *pi, const char *what)
{
	char a[64], b[64];

	if (o->o.quiet)
		return;
	addr_fmt(&pi->src, a, sizeof(a));
	addr_fmt(&pi->dst, b, sizeof(b));
	if (o->o.json) {
		fputs("{\"type\":\"note\",\"time\":\"", o->fp);
		out_time(o, &pi->ts, true);
		fprintf(o->fp, "\",\"frame\":%llu,\"src\":\"%s\",\"dst\":\"%s\",\"what\":",
		    (unsigned long long)pi->frame, a, b);
		json_str(o->fp, what);
		fputs("}\n", o->fp);
		return;
	}
	if (!o->o.no_ts) {
		out_time(o, &pi->ts, false);
		fputc(' ', o->fp);
	}
	fprintf(o->fp, "%s > %s frame %llu: %s\n", a, b, (unsigned long long)pi->frame, what);
}
