/*
 * out_text.c - the text printer: one line per message; -v adds the
 * attributes and capabilities, -vv everything (raw AS4_PATH, per-prefix
 * offsets, errors in full). Reached only through out.c's dispatcher.
 */
#include <string.h>
#include <sys/socket.h>

#include "out_int.h"
#include "acache.h"
#include "bgp_describe.h"
#include "term.h"

static void
text_prefix(struct out *o, const struct pkt_info *pi, const struct flow *f, int dir)
{
	if (o->o.ts_mode != 1) {
		out_text_time(o, &pi->ts);
		ob_putc(&o->ob, ' ');
	}
	if (f) {
		const struct out_ep *e = out_ep(o, f, dir);

		ob_mem(&o->ob, e->text, e->textlen);
	}
}

/* ---------------------------------------------------------------- text emitter */

/*
 * Renders the emitter's values as "key value, key value"; arrays as
 * space-separated values, objects in braces. Depth-limited by design (the
 * describers nest at most three levels).
 */
struct temit {
	struct emit e;
	struct obuf *ob;
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
		ob_put(t->ob, t->in_arr[d] ? " " : ", ");
	t->first[d] = false;
	if (t->pending_key) {
		ob_put(t->ob, t->key);
		ob_putc(t->ob, t->in_arr[d] ? '=' : ' ');
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
	ob_put(t->ob, v);
}

static void
t_num(struct emit *e, uint64_t v)
{
	struct temit *t = (struct temit *)e;

	t_sep(t);
	ob_u64(t->ob, v);
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
	ob_put(t->ob, br);
	if (t->depth < 7)
		t->depth++;
	t->first[t->depth] = true;
	t->in_arr[t->depth] = arr;
}

static void
t_close(struct emit *e, const char *br)
{
	struct temit *t = (struct temit *)e;

	ob_put(t->ob, br);
	if (t->depth > 0)
		t->depth--;
}

static void t_obj_begin(struct emit *e) { t_open(e, "{", false); }
static void t_obj_end(struct emit *e) { t_close(e, "}"); }
static void t_arr_begin(struct emit *e) { t_open(e, "[", true); }
static void t_arr_end(struct emit *e) { t_close(e, "]"); }

static void
temit_init(struct temit *t, struct obuf *ob)
{
	static const struct emit ops = {
		.key = t_key, .str = t_str, .num = t_num, .boolean = t_bool,
		.obj_begin = t_obj_begin, .obj_end = t_obj_end,
		.arr_begin = t_arr_begin, .arr_end = t_arr_end,
	};

	memset(t, 0, sizeof(*t));
	t->e = ops;
	t->ob = ob;
	t->first[0] = true;
}

/* ---------------------------------------------------------------- messages */

static void afsafi(struct out *o, uint16_t afi, uint8_t safi);

/*
 * A list of prefixes after " label"; with --prefix (o->pf) only those the
 * filter shows, the others counted in o->hidden. An MP_* list is preceded
 * by its family (mp): with --prefix only when one of its prefixes is shown.
 * Returns how many were written.
 */
static unsigned
put_prefixes(struct out *o, const struct cur *c, uint16_t afi, uint8_t safi,
    const struct bgp_ctx *ctx, const char *label, uint8_t treat, bool mp)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	struct sbuf s;
	bool first = true;
	unsigned n = 0;

	if (mp && o->pf == NULL)
		afsafi(o, afi, safi);
	if (cur_left(c) == 0)
		return 0;
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	it.treat = treat;
	while (bgp_nlri_next(&it, &p, &scratch) == 1) {
		if (o->pf && !flt_prefix(o->pf, &p)) {
			o->hidden++;
			continue;
		}
		if (o->pf && first && mp)
			afsafi(o, afi, safi);
		n++;
		/* straight into the output buffer; an opaque NLRI may be long */
		ob_sbuf(&o->ob, &s, p.fam ? bgp_nlri_text_max(&p) :
		    p.opaque ? 2u * p.rawlen + 64 : 160);
		if (first) {
			sbuf_put(&s, " ");
			sbuf_put(&s, label);
		}
		/* EVPN, flowspec...: a route has spaces and commas, routes are split by ';' */
		sbuf_put(&s, first ? " " : p.fam ? "; " : ",");
		first = false;
		bgp_fmt_nlri(&s, &p);
		if (p.has_pathid) {
			sbuf_put(&s, " id ");
			sbuf_u32(&s, p.pathid);
		}
		ob_sbuf_done(&o->ob, &s);
	}
	return n;
}

static void
afsafi(struct out *o, uint16_t afi, uint8_t safi)
{
	ob_put(&o->ob, " [");
	ob_put(&o->ob, bgp_afi_name(afi));
	ob_putc(&o->ob, ' ');
	ob_put(&o->ob, bgp_safi_name(safi));
	ob_putc(&o->ob, ']');
}

static void text_path(struct out *o, const struct msg_view *v);

static void
text_update(struct out *o, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s;
	unsigned n;

	if (u->eor) {
		ob_printf(&o->ob, " End-of-RIB %s %s", bgp_afi_name(u->eor_afi),
		    bgp_safi_name(u->eor_safi));
		return;
	}
	put_prefixes(o, &u->withdrawn, AFI_IPV4, SAFI_UNICAST, v->ctx, "withdraw",
	    BGP_TREAT_SESSION_RESET, false);
	if (bgp_update_has(u, ATTR_MP_UNREACH))
		put_prefixes(o, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, v->ctx,
		    "withdraw", BGP_TREAT_AFISAFI_DISABLE, true);
	n = put_prefixes(o, &u->nlri, AFI_IPV4, SAFI_UNICAST, v->ctx, "announce",
	    BGP_TREAT_SESSION_RESET, false);
	if ((o->pf ? n > 0 : cur_left(&u->nlri) > 0) && bgp_update_has(u, ATTR_NEXT_HOP)) {
		ob_sbuf(&o->ob, &s, 32);
		sbuf_put(&s, " nh ");
		sbuf_ipv4(&s, u->next_hop);
		ob_sbuf_done(&o->ob, &s);
	}
	if (bgp_update_has(u, ATTR_MP_REACH) && (put_prefixes(o, &u->mpr_nlri, u->mpr_afi,
	    u->mpr_safi, v->ctx, "announce", BGP_TREAT_AFISAFI_DISABLE, true) || !o->pf)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		for (unsigned i = 0; i < u->mpr_nh_count; i++) {
			sbuf_put(&s, i ? "," : " nh ");
			bgp_fmt_mp_nexthop(&s, u, i);
		}
		ob_put(&o->ob, s.p);
	}
	if (bgp_update_has(u, ATTR_AS_PATH))
		text_path(o, v);
	if (o->hidden)
		ob_printf(&o->ob, " (+%llu other prefix%s)", (unsigned long long)o->hidden,
		    o->hidden == 1 ? "" : "es");
}

/* " path ...": formatted once per attribute block (kept in its cache entry). */
static void
text_path(struct out *o, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s;
	uint8_t tag;

	if (out_replay(o, v, OUT_PIECE_TEXT_PATH, &tag))
		return;
	{
		/* 11 bytes per AS covers any path; a longer one goes via buf2 */
		size_t want = 11u * (cur_left(&u->as_path.val) / 2 + u->as4_path.len / 4u) + 32;

		if (want <= o->ob.cap / 2) {
			ob_sbuf(&o->ob, &s, want);
		} else
			sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_put(&s, " path ");
		bgp_fmt_effective_aspath(&s, u, v->ctx);
		if (s.len == 6)
			sbuf_put(&s, "(empty)");
		if (s.p == o->buf2)
			ob_mem(&o->ob, s.p, s.len);
		else
			ob_sbuf_done(&o->ob, &s);
		if (v->ace)
			(void)acache_put_piece(v->ace, OUT_PIECE_TEXT_PATH, 0, s.p, s.len);
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
	ob_printf(&o->ob, " v%u as %u hold %u id %s", op->version, bgp_open_asn(op),
	    op->hold_time, id);
	if (op->ext_params)
		ob_put(&o->ob, " (RFC 9072 extended parameters)");
	ob_put(&o->ob, " caps");
	bgp_errs_reset(&scratch);
	bgp_cap_iter_init(&it, op);
	while (bgp_cap_next(&it, &cap, &scratch) == 1) {
		if (cap.param_type != 2) {
			ob_printf(&o->ob, " param-%u", cap.param_type);
			continue;
		}
		if (cap.code == 1 && cap.len == 4) {
			struct cur c = cap.val;
			uint16_t afi = 0;
			uint8_t r = 0, safi = 0;

			(void)cur_u16(&c, &afi);
			(void)cur_u8(&c, &r);
			(void)cur_u8(&c, &safi);
			ob_printf(&o->ob, " mp:%s/%s", bgp_afi_name(afi), bgp_safi_name(safi));
		} else
			ob_printf(&o->ob, " %s", bgp_cap_name(cap.code));
		if (strcmp(bgp_cap_name(cap.code), "unknown") == 0)
			ob_printf(&o->ob, "-%u", cap.code);
	}
}

static void
text_notify(struct out *o, const struct msg_view *v)
{
	const struct bgp_notify *n = &v->u.ntf;
	struct sbuf s;

	ob_printf(&o->ob, " %s/%s (%u/%u)", bgp_notify_code_name(n->code),
	    bgp_notify_subcode_name(n->code, n->subcode), n->code, n->subcode);
	if (n->has_bad_as)
		ob_printf(&o->ob, " peer AS %u", n->bad_as);
	if (n->has_shutdown_msg) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_text(&s, n->shutdown_msg, n->shutdown_len);
		ob_printf(&o->ob, " \"%s\"", s.p);
	} else if (cur_left(&n->data)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_hex(&s, n->data.p, cur_left(&n->data));
		ob_printf(&o->ob, " data 0x%s", s.p);
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
		struct out_rec rec;
		uint8_t tag;

		/* -vv shows offsets: those lines are the message's own */
		if (o->o.verbose < 2 && out_replay(o, v, OUT_PIECE_TEXT_DETAILS, &tag))
			return;
		out_rec_begin(o, &rec);
		bgp_attr_iter_init(&it, &v->u.upd.attrs);
		while (bgp_attr_next(&it, &a, &scratch) == 1) {
			const char *key = bgp_attr_key(a.code);

			if (a.code == ATTR_MP_REACH || a.code == ATTR_MP_UNREACH)
				continue;
			if (o->o.verbose < 2 && (a.code == ATTR_AS4_PATH ||
			    a.code == ATTR_AS4_AGGREGATOR))
				continue;
			temit_init(&t, &o->ob);
			ob_put(&o->ob, "    ");
			t_key(&t.e, key ? key : bgp_attr_name(a.code));
			bgp_attr_describe(&a, &v->u.upd, v->ctx, &t.e, &tmp);
			if (o->o.verbose >= 2)
				ob_printf(&o->ob, "  (flags 0x%02x, len %u, @%u)", a.flags, a.len, a.off);
			ob_putc(&o->ob, '\n');
		}
		if (o->o.verbose < 2)
			out_rec_end(o, &rec, v, OUT_PIECE_TEXT_DETAILS, 0);
	} else if (v->m.type == BGP_OPEN && v->body_ok) {
		struct bgp_cap_iter it;
		struct bgp_cap cap;

		bgp_cap_iter_init(&it, &v->u.open);
		while (bgp_cap_next(&it, &cap, &scratch) == 1) {
			temit_init(&t, &o->ob);
			ob_put(&o->ob, "    capability ");
			bgp_cap_describe(&cap, &t.e, &tmp);
			ob_putc(&o->ob, '\n');
		}
	} else if (v->m.type == BGP_ROUTE_REFRESH && v->body_ok && cur_left(&v->u.rr.orf)) {
		sbuf_hex(&tmp, v->u.rr.orf.p, cur_left(&v->u.rr.orf));
		ob_printf(&o->ob, "    orf 0x%s\n", tmp.p);
	}
}

/*
 * -x / -X: the message's bytes as tcpdump shows a packet's, 16 a line in
 * groups of two, "\t0x0010:  ffff ffff ..."; -X adds them as ASCII (a dot
 * for anything not printable, so nothing from the wire reaches the terminal).
 */
static void
text_hex(struct out *o, const uint8_t *p, size_t n, bool ascii)
{
	for (size_t off = 0; off < n; off += 16) {
		size_t k = n - off < 16 ? n - off : 16;
		struct sbuf s;

		ob_sbuf(&o->ob, &s, 96);
		sbuf_printf(&s, "\t0x%04zx: ", off);
		for (size_t i = 0; i < 16; i++) {
			if (i % 2 == 0)
				sbuf_putc(&s, ' ');
			if (i < k)
				sbuf_printf(&s, "%02x", p[off + i]);
			else if (ascii)
				sbuf_put(&s, "  ");
		}
		if (ascii) {
			sbuf_put(&s, "  ");
			for (size_t i = 0; i < k; i++)
				sbuf_putc(&s, p[off + i] >= 0x20 && p[off + i] < 0x7f ?
				    (char)p[off + i] : '.');
		}
		sbuf_putc(&s, '\n');
		ob_sbuf_done(&o->ob, &s);
	}
}

/* What a RIB entry adds: the peer's AS and when the route was learnt. */
static void
text_rib(struct out *o, const struct mrt_info *mi)
{
	struct timeval tv = { .tv_sec = (time_t)mi->originated };

	ob_printf(&o->ob, " peer-as %u originated ", mi->peer_as);
	out_time(o, &tv, true);
}

/* -e: the link-level header, between the time and the endpoints, as tcpdump -e. */
static void
text_link(struct out *o, const struct pkt_info *pi)
{
	struct sbuf s;

	ob_sbuf(&o->ob, &s, 160);
	out_link_text(&s, pi);
	sbuf_put(&s, ": ");
	ob_sbuf_done(&o->ob, &s);
}

static void
text_message(struct out *o, const struct msg_view *v)
{
	bool bad = v->errs.worst >= BGP_TREAT_WITHDRAW;

	if (o->o.link && v->mrt == NULL) {
		if (o->o.ts_mode != 1) {
			out_text_time(o, &v->pi->ts);
			ob_putc(&o->ob, ' ');
		}
		text_link(o, v->pi);
		ob_mem(&o->ob, out_ep(o, v->f, v->dir)->text, out_ep(o, v->f, v->dir)->textlen);
	} else
		text_prefix(o, v->pi, v->f, v->dir);
	if (o->o.color && bad)
		ob_put(&o->ob, TERM_RED);
	ob_putc(&o->ob, ' ');
	if (v->mrt && v->mrt->rib)
		ob_put(&o->ob, "RIB");
	else
		ob_put(&o->ob, v->hdr_ok ? bgp_type_name(v->m.type) : "MALFORMED");
	if (v->hdr_ok && !(v->mrt && v->mrt->rib)) {
		ob_put(&o->ob, " len ");
		ob_u64(&o->ob, v->m.len);
	}
	if (o->o.color && bad)
		ob_put(&o->ob, TERM_OFF);
	ob_putc(&o->ob, ':');
	if (v->body_ok) {
		switch (v->m.type) {
		case BGP_OPEN: text_open(o, v); break;
		case BGP_UPDATE: text_update(o, v); break;
		case BGP_NOTIFICATION: text_notify(o, v); break;
		case BGP_ROUTE_REFRESH:
			ob_printf(&o->ob, " %s %s %s", bgp_afi_name(v->u.rr.afi),
			    bgp_safi_name(v->u.rr.safi), bgp_refresh_subtype_name(v->u.rr.subtype));
			break;
		}
	}
	if (v->inferred) {
		struct sbuf sb;

		/* which reading, how sure, and why (infer.c) */
		ob_put(&o->ob, " [inferred: ");
		ob_sbuf(&o->ob, &sb, 2048);
		infer_fmt(&sb, &v->sess->inf[v->dir]);
		ob_sbuf_done(&o->ob, &sb);
		ob_putc(&o->ob, ']');
	}
	for (unsigned i = 0; i < v->errs.n; i++) {
		const struct bgp_err *e = &v->errs.e[i];

		if (o->o.color)
			ob_put(&o->ob, e->treat >= BGP_TREAT_WITHDRAW ? TERM_RED : TERM_YELLOW);
		ob_printf(&o->ob, " [%s @%u: %s", e->note ? "note" : "error", e->off, e->what);
		if (e->treat != BGP_TREAT_NONE)
			ob_printf(&o->ob, "; %s", bgp_treat_name(e->treat));
		if (e->code)
			ob_printf(&o->ob, "; NOTIFICATION %u/%u", e->code, e->subcode);
		ob_putc(&o->ob, ']');
		if (o->o.color)
			ob_put(&o->ob, TERM_OFF);
	}
	if (v->errs.lost)
		ob_printf(&o->ob, " [+%u more errors]", v->errs.lost);
	if (v->mrt && v->mrt->rib)
		text_rib(o, v->mrt);
	if (v->bmp)
		out_bmp_peer_text(o, v->bmp);
	ob_putc(&o->ob, '\n');
	if (o->o.verbose >= 1)
		text_details(o, v);
	if (o->o.hex && v->raw)
		text_hex(o, v->raw, v->rawlen, o->o.hex > 1);
}

/* ---------------------------------------------------------------- other records */

static void
text_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason)
{
	text_prefix(o, pi, f, dir);
	ob_printf(&o->ob, " SKIPPED %llu bytes: %s\n", (unsigned long long)n, reason);
}

static void
text_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	text_prefix(o, pi, f, dir);
	ob_printf(&o->ob, " TCP %s", out_ev_name(ev));
	if (ev != FLOW_EV_LIMIT && pi->ttl <= 1)
		ob_printf(&o->ob, " (TTL %u)", pi->ttl);
	if (detail)
		ob_printf(&o->ob, ": %s", detail);
	if (ev == FLOW_EV_NEW && pi->encap[0])
		ob_printf(&o->ob, " via %s", pi->encap);
	ob_putc(&o->ob, '\n');
}

static void
text_icmp(struct out *o, const struct icmp_info *ii)
{
	char r[64], s[64], d[64];
	bool v6 = ii->q_src.af == AF_INET6;

	addr_fmt(&ii->reporter, r, sizeof(r));
	addr_fmt(&ii->q_src, s, sizeof(s));
	addr_fmt(&ii->q_dst, d, sizeof(d));
	if (o->o.ts_mode != 1) {
		out_text_time(o, &ii->ts);
		ob_putc(&o->ob, ' ');
	}
	ob_printf(&o->ob, "%s > %s ICMP%s %s (type %u code %u) for %s%s%s:%u > %s%s%s:%u "
	    "(TTL %u)\n", r, s, ii->af == AF_INET6 ? "v6" : "",
	    (ii->af == AF_INET6 && ii->type == 3) || (ii->af != AF_INET6 && ii->type == 11) ?
	    "time exceeded" : "unreachable", ii->type, ii->code, v6 ? "[" : "", s,
	    v6 ? "]" : "", ii->q_sport, v6 ? "[" : "", d, v6 ? "]" : "", ii->q_dport,
	    ii->q_ttl);
}

static void
text_note(struct out *o, const struct pkt_info *pi, const char *what)
{
	char a[64], b[64];

	addr_fmt(&pi->src, a, sizeof(a));
	addr_fmt(&pi->dst, b, sizeof(b));
	if (o->o.ts_mode != 1) {
		out_text_time(o, &pi->ts);
		ob_putc(&o->ob, ' ');
	}
	ob_printf(&o->ob, "%s > %s frame %llu: %s\n", a, b, (unsigned long long)pi->frame, what);
}

const struct out_ops out_text_ops = {
	.message = text_message,
	.skip = text_skip,
	.event = text_event,
	.icmp = text_icmp,
	.note = text_note,
};
