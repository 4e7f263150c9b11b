/*
 * out_json.c - the NDJSON printer: one object per record, valid JSON on
 * every line, all of it written with the JSON writer (jw.h). Reached only
 * through out.c's dispatcher.
 */
#include <string.h>

#include "out_int.h"
#include "acache.h"
#include "bgp_describe.h"
#include "jw.h"
#include "mrt.h"

/* ---------------------------------------------------------------- messages */

static void
j_prefixes(struct out *o, struct jw *j, const char *key, const struct cur *c,
    uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx, uint8_t treat)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	struct sbuf s;

	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	it.treat = treat;
	jw_key(j, key);
	jw_arr_begin(j);
	while (bgp_nlri_next(&it, &p, &scratch) == 1) {
		if (o->pf && !flt_prefix(o->pf, &p)) {
			o->hidden++;
			continue;
		}
		o->shown++;
		if (p.fam) {
			/* EVPN, flowspec, ...: an object of the route's fields */
			jw_obj_begin(j);
			bgp_nlri_describe(&p, jw_emit(j));
			if (p.has_pathid)
				jw_ku64(j, "path_id", p.pathid);
			jw_obj_end(j);
			continue;
		}
		if (!p.has_pathid && !p.opaque) {
			/* a prefix is digits, dots, colons, letters: no escaping */
			jw_str_begin(j);
			ob_sbuf(j->ob, &s, 160);
			bgp_fmt_prefix(&s, &p);
			ob_sbuf_done(j->ob, &s);
			jw_str_end(j);
			continue;
		}
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_prefix(&s, &p);
		if (p.has_pathid) {
			jw_obj_begin(j);
			jw_kstr(j, "prefix", s.p);
			jw_ku64(j, "path_id", p.pathid);
			jw_obj_end(j);
		} else
			jw_str(j, s.p);
	}
	jw_arr_end(j);
}

static void
json_mp_reach(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s;

	jw_key(j, "mp_reach");
	jw_obj_begin(j);
	jw_kstr(j, "afi", bgp_afi_name(u->mpr_afi));
	jw_kstr(j, "safi", bgp_safi_name(u->mpr_safi));
	jw_key(j, "next_hop");
	jw_arr_begin(j);
	for (unsigned i = 0; i < u->mpr_nh_count; i++) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_mp_nexthop(&s, u, i);
		jw_str(j, s.p);
	}
	if (u->mpr_nh_count == 0 && u->mpr_nh_len) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_put(&s, "0x");
		sbuf_hex(&s, u->mpr_nh_raw.p, cur_left(&u->mpr_nh_raw));
		jw_str(j, s.p);
	}
	jw_arr_end(j);
	j_prefixes(o, j, "nlri", &u->mpr_nlri, u->mpr_afi, u->mpr_safi, v->ctx,
	    BGP_TREAT_AFISAFI_DISABLE);
	jw_obj_end(j);
}

static void
json_mp_unreach(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;

	jw_key(j, "mp_unreach");
	jw_obj_begin(j);
	jw_kstr(j, "afi", bgp_afi_name(u->mpu_afi));
	jw_kstr(j, "safi", bgp_safi_name(u->mpu_safi));
	j_prefixes(o, j, "withdrawn", &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi,
	    v->ctx, BGP_TREAT_AFISAFI_DISABLE);
	jw_obj_end(j);
}

/* One path attribute other than MP_REACH/MP_UNREACH, through its describer. */
static void
json_attr(struct out *o, struct jw *j, const struct msg_view *v, const struct bgp_attr *a)
{
	const struct bgp_update *u = &v->u.upd;
	const char *key = bgp_attr_key(a->code);
	char kbuf[24];
	struct sbuf tmp;

	if (key == NULL) {
		snprintf(kbuf, sizeof(kbuf), "attr_%u", a->code);
		key = kbuf;
	}
	sbuf_init(&tmp, o->buf, OUT_BUF);
	jw_key(j, key);
	bgp_attr_describe(a, u, v->ctx, jw_emit(j), &tmp);
	if (a->code == ATTR_AS_PATH && !v->ctx->as4 && bgp_update_has(u, ATTR_AS4_PATH)) {
		/* the path as sent, before the RFC 6793 merge */
		sbuf_init(&tmp, o->buf, OUT_BUF);
		bgp_fmt_aspath(&tmp, &a->val, 2);
		jw_kstr(j, "as_path_raw", tmp.p);
	}
}

/*
 * A run of attributes between the MP_* ones: replayed from the block's
 * cache entry (the bytes, and the writer's comma state after them in the
 * tag), else written and kept. Returns whether it was replayed.
 */
static bool
run_replay(struct out *o, struct jw *j, const struct msg_view *v, unsigned run)
{
	uint8_t tag;

	if (run >= ACACHE_PIECES || !out_replay(o, v, OUT_PIECE_JSON_RUN0 + run, &tag))
		return false;
	j->first[j->depth < JW_DEPTH ? j->depth : JW_DEPTH - 1] = tag;
	return true;
}

static void
run_keep(struct out *o, struct jw *j, const struct msg_view *v, unsigned run,
    const struct out_rec *rec)
{
	if (run < ACACHE_PIECES)
		out_rec_end(o, rec, v, OUT_PIECE_JSON_RUN0 + run,
		    j->first[j->depth < JW_DEPTH ? j->depth : JW_DEPTH - 1]);
}

/* The members of "attrs", in the order of the attributes. */
static void
json_attrs(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct bgp_attr_iter it;
	struct bgp_attr a;
	struct bgp_errs scratch;
	struct out_rec rec;
	unsigned run = 0;
	bool replayed = run_replay(o, j, v, run);

	out_rec_begin(o, &rec);
	bgp_errs_reset(&scratch);
	bgp_attr_iter_init(&it, &u->attrs);
	while (bgp_attr_next(&it, &a, &scratch) == 1) {
		if (a.code != ATTR_MP_REACH && a.code != ATTR_MP_UNREACH) {
			if (!replayed)
				json_attr(o, j, v, &a);
			continue;
		}
		if (!replayed)
			run_keep(o, j, v, run, &rec);
		if (a.code == ATTR_MP_REACH && bgp_update_has(u, ATTR_MP_REACH))
			json_mp_reach(o, j, v);
		else if (a.code == ATTR_MP_UNREACH && bgp_update_has(u, ATTR_MP_UNREACH))
			json_mp_unreach(o, j, v);
		replayed = run_replay(o, j, v, ++run);
		out_rec_begin(o, &rec);
	}
	if (!replayed)
		run_keep(o, j, v, run, &rec);
}

static void
json_update(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;

	if (u->eor) {
		jw_key(j, "end_of_rib");
		jw_obj_begin(j);
		jw_kstr(j, "afi", bgp_afi_name(u->eor_afi));
		jw_kstr(j, "safi", bgp_safi_name(u->eor_safi));
		jw_obj_end(j);
	}
	j_prefixes(o, j, "withdrawn", &u->withdrawn, AFI_IPV4, SAFI_UNICAST, v->ctx,
	    BGP_TREAT_SESSION_RESET);
	j_prefixes(o, j, "nlri", &u->nlri, AFI_IPV4, SAFI_UNICAST, v->ctx,
	    BGP_TREAT_SESSION_RESET);
	jw_key(j, "attrs");
	jw_obj_begin(j);
	json_attrs(o, j, v);
	jw_obj_end(j);
	if (o->pf) {
		/* --prefix: the lists above hold only the matching prefixes */
		jw_key(j, "filtered");
		jw_obj_begin(j);
		jw_ku64(j, "shown", o->shown);
		jw_ku64(j, "hidden", o->hidden);
		jw_obj_end(j);
	}
}

static void
json_open(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_open *op = &v->u.open;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct bgp_errs scratch;
	struct sbuf tmp, id;
	char idb[16];
	uint8_t b[4] = { op->bgp_id >> 24, op->bgp_id >> 16, op->bgp_id >> 8, op->bgp_id };

	jw_ku64(j, "version", op->version);
	jw_ku64(j, "asn", bgp_open_asn(op));
	jw_ku64(j, "my_as", op->my_as);
	jw_ku64(j, "hold_time", op->hold_time);
	sbuf_init(&id, idb, sizeof(idb));
	sbuf_ipv4(&id, b);
	jw_kstr(j, "bgp_id", idb);
	if (op->ext_params)
		jw_kbool(j, "extended_params", true);
	jw_key(j, "capabilities");
	jw_arr_begin(j);
	bgp_errs_reset(&scratch);
	sbuf_init(&tmp, o->buf, OUT_BUF);
	bgp_cap_iter_init(&it, op);
	while (bgp_cap_next(&it, &cap, &scratch) == 1) {
		jw_obj_begin(j);
		bgp_cap_describe(&cap, jw_emit(j), &tmp);
		jw_obj_end(j);
	}
	jw_arr_end(j);
}

static void
json_notify(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct bgp_notify *n = &v->u.ntf;
	struct sbuf s;

	jw_ku64(j, "code", n->code);
	jw_ku64(j, "subcode", n->subcode);
	jw_kstr(j, "code_name", bgp_notify_code_name(n->code));
	jw_kstr(j, "subcode_name", bgp_notify_subcode_name(n->code, n->subcode));
	if (n->has_bad_as)
		jw_ku64(j, "peer_as", n->bad_as);
	if (n->has_shutdown_msg) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_text(&s, n->shutdown_msg, n->shutdown_len);
		jw_kstr(j, "shutdown_message", s.p);
	}
	if (cur_left(&n->data)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_hex(&s, n->data.p, cur_left(&n->data));
		jw_kstr(j, "data", s.p);
	}
}

/* Where an MRT record put the message. */
static void
json_mrt(struct out *o, struct jw *j, const struct mrt_info *mi)
{
	jw_key(j, "mrt");
	jw_obj_begin(j);
	jw_kstr(j, "type", mrt_type_name(mi->type));
	jw_kstr(j, "subtype", mrt_subtype_name(mi->type, mi->subtype));
	jw_ku64(j, "peer_as", mi->peer_as);
	if (mi->rib) {
		struct timeval tv = { .tv_sec = (time_t)mi->originated };

		jw_ku64(j, "sequence", mi->seq);
		jw_key(j, "originated");
		jw_str_begin(j);
		out_time(o, &tv, true);
		jw_str_end(j);
	} else
		jw_ku64(j, "local_as", mi->local_as);
	jw_obj_end(j);
}

/* -e: "link": the frame's first Ethernet header, how it came, its length. */
static void
json_link(struct jw *j, const struct pkt_info *pi)
{
	char buf[32];
	struct sbuf s;

	jw_key(j, "link");
	jw_obj_begin(j);
	if (pi->has_mac) {
		sbuf_init(&s, buf, sizeof(buf));
		out_link_mac(&s, pi->mac_src);
		jw_kstr(j, "src", s.p);
		sbuf_init(&s, buf, sizeof(buf));
		out_link_mac(&s, pi->mac_dst);
		jw_kstr(j, "dst", s.p);
		jw_ku64(j, "ethertype", pi->ethertype);
	}
	if (pi->encap[0])
		jw_kstr(j, "encap", pi->encap);
	jw_ku64(j, "length", pi->wirelen);
	jw_obj_end(j);
}

/* The members every message starts with. */
static void
json_head(struct out *o, struct jw *j, const struct msg_view *v)
{
	const struct out_ep *ep = out_ep(o, v->f, v->dir);

	jw_key(j, "time");
	jw_str_begin(j);
	out_time(o, &v->pi->ts, true);
	jw_str_end(j);
	jw_kstr(j, "src", ep->src);
	jw_ku64(j, "sport", v->f->port[v->dir]);
	jw_kstr(j, "dst", ep->dst);
	jw_ku64(j, "dport", v->f->port[!v->dir]);
	jw_ku64(j, "flow", v->f->id);
	jw_ku64(j, "frame", v->pi->frame);
	jw_kstr(j, "type", v->mrt && v->mrt->rib ? "RIB" :
	    v->hdr_ok ? bgp_type_name(v->m.type) : "MALFORMED");
	jw_ku64(j, "length", v->m.len);
	if (v->mrt)
		json_mrt(o, j, v->mrt);
	else if (o->o.link)
		json_link(j, v->pi);
	if (v->bmp)
		out_bmp_peer_json(o, j, v->bmp);
	if (v->hdr_ok && !v->body_ok)
		jw_ku64(j, "type_code", v->m.type);
}

static void
json_refresh(struct out *o, struct jw *j, const struct msg_view *v)
{
	jw_kstr(j, "afi", bgp_afi_name(v->u.rr.afi));
	jw_kstr(j, "safi", bgp_safi_name(v->u.rr.safi));
	jw_kstr(j, "subtype", bgp_refresh_subtype_name(v->u.rr.subtype));
	if (cur_left(&v->u.rr.orf)) {
		struct sbuf s;

		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_hex(&s, v->u.rr.orf.p, cur_left(&v->u.rr.orf));
		jw_kstr(j, "orf", s.p);
	}
}

static void
json_inferred(struct jw *j, const struct msg_view *v)
{
	jw_key(j, "inferred");
	infer_emit(jw_emit(j), &v->sess->inf[v->dir]);   /* reading, confidence, scores */
}

static void
json_errors(struct jw *j, const struct msg_view *v)
{
	jw_key(j, "errors");
	jw_arr_begin(j);
	for (unsigned i = 0; i < v->errs.n; i++) {
		const struct bgp_err *e = &v->errs.e[i];

		jw_obj_begin(j);
		jw_ku64(j, "offset", e->off);
		jw_kstr(j, "what", e->what);
		jw_kstr(j, "treatment", bgp_treat_name(e->treat));
		if (e->note)     /* no fault of the message: not counted as an error */
			jw_kbool(j, "note", true);
		if (e->code) {
			jw_ku64(j, "notify_code", e->code);
			jw_ku64(j, "notify_subcode", e->subcode);
		}
		jw_obj_end(j);
	}
	jw_arr_end(j);
	if (v->errs.lost)
		jw_ku64(j, "errors_not_shown", v->errs.lost);
}

static void
json_message(struct out *o, const struct msg_view *v)
{
	struct jw j;

	jw_init(&j, &o->ob);
	jw_obj_begin(&j);
	json_head(o, &j, v);
	if (v->body_ok) {
		switch (v->m.type) {
		case BGP_OPEN: json_open(o, &j, v); break;
		case BGP_UPDATE: json_update(o, &j, v); break;
		case BGP_NOTIFICATION: json_notify(o, &j, v); break;
		case BGP_ROUTE_REFRESH: json_refresh(o, &j, v); break;
		}
	}
	if (v->inferred)
		json_inferred(&j, v);
	if (v->errs.n)
		json_errors(&j, v);
	jw_obj_end(&j);
	ob_putc(&o->ob, '\n');
}

/* ---------------------------------------------------------------- other records */

/* {"type":TYPE,"time":"..." : the start of every record but a message */
static void
json_record(struct out *o, struct jw *j, const char *type, const struct timeval *ts)
{
	jw_init(j, &o->ob);
	jw_obj_begin(j);
	jw_kstr(j, "type", type);
	jw_key(j, "time");
	jw_str_begin(j);
	out_time(o, ts, true);
	jw_str_end(j);
}

static void
json_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason)
{
	struct jw j;

	(void)dir;
	json_record(o, &j, "skip", &pi->ts);
	jw_ku64(&j, "flow", f->id);
	jw_ku64(&j, "bytes", n);
	jw_kstr(&j, "reason", reason);
	jw_obj_end(&j);
	ob_putc(&o->ob, '\n');
}

static void
json_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	const struct out_ep *ep = out_ep(o, f, dir);
	struct jw j;

	json_record(o, &j, "tcp", &pi->ts);
	jw_kstr(&j, "src", ep->src);
	jw_ku64(&j, "sport", f->port[dir]);
	jw_kstr(&j, "dst", ep->dst);
	jw_ku64(&j, "dport", f->port[!dir]);
	jw_kstr(&j, "event", out_ev_name(ev));
	jw_ku64(&j, "ttl", pi->ttl);
	if (detail)
		jw_kstr(&j, "detail", detail);
	if (ev == FLOW_EV_NEW && pi->encap[0])
		jw_kstr(&j, "encap", pi->encap);
	jw_obj_end(&j);
	ob_putc(&o->ob, '\n');
}

static void
json_icmp(struct out *o, const struct icmp_info *ii)
{
	char r[64], s[64], d[64];
	struct jw j;

	addr_fmt(&ii->reporter, r, sizeof(r));
	addr_fmt(&ii->q_src, s, sizeof(s));
	addr_fmt(&ii->q_dst, d, sizeof(d));
	json_record(o, &j, "icmp", &ii->ts);
	jw_kstr(&j, "from", r);
	jw_ku64(&j, "icmp_type", ii->type);
	jw_ku64(&j, "icmp_code", ii->code);
	jw_key(&j, "quoted");
	jw_obj_begin(&j);
	jw_kstr(&j, "src", s);
	jw_ku64(&j, "sport", ii->q_sport);
	jw_kstr(&j, "dst", d);
	jw_ku64(&j, "dport", ii->q_dport);
	jw_ku64(&j, "ttl", ii->q_ttl);
	jw_obj_end(&j);
	jw_obj_end(&j);
	ob_putc(&o->ob, '\n');
}

static void
json_note(struct out *o, const struct pkt_info *pi, const char *what)
{
	char a[64], b[64];
	struct jw j;

	addr_fmt(&pi->src, a, sizeof(a));
	addr_fmt(&pi->dst, b, sizeof(b));
	json_record(o, &j, "note", &pi->ts);
	jw_ku64(&j, "frame", pi->frame);
	jw_kstr(&j, "src", a);
	jw_kstr(&j, "dst", b);
	jw_kstr(&j, "what", what);
	jw_obj_end(&j);
	ob_putc(&o->ob, '\n');
}

const struct out_ops out_json_ops = {
	.message = json_message,
	.skip = json_skip,
	.event = json_event,
	.icmp = json_icmp,
	.note = json_note,
};
