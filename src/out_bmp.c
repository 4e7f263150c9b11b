/*
 * out_bmp.c - BMP records (RFC 7854) as text lines and JSON objects, and
 * the per-peer header that a monitored peer's BGP message carries (the
 * `bmp` piece of its line or object). One model (dissectors/bmp.h), two
 * forms; TLV values that are text go through the one escaper.
 */
#include <sys/socket.h>
#include <string.h>

#include "bmp.h"
#include "bmp_in.h"
#include "filter.h"
#include "jw.h"
#include "out_int.h"

/* ---------------------------------------------------------------- pieces */

static void
fmt_peer_addr(struct sbuf *s, const struct bmp_peer *p)
{
	if (p->v6)
		sbuf_ipv6(s, p->addr);
	else
		sbuf_ipv4(s, p->addr + 12);
}

static void
fmt_id(struct sbuf *s, uint32_t id)
{
	uint8_t a[4] = { id >> 24, id >> 16, id >> 8, id };

	sbuf_ipv4(s, a);
}

/* "global adj-rib-in pre-policy peer-as 65001 id 10.0.1.6 rd 1:2" */
static void
fmt_peer_view(struct sbuf *s, const struct bmp_peer *p)
{
	const char *pol = bmp_policy_name(p);

	sbuf_printf(s, "%s %s%s%s peer-as %u id ", bmp_peer_type_name(p->type),
	    bmp_rib_name(p), pol[0] ? " " : "", pol, p->as);
	fmt_id(s, p->bgp_id);
	if (p->type == BMP_PEER_RD || p->type == BMP_PEER_LOC_RIB) {
		sbuf_put(s, " rd ");
		bgp_fmt_rd(s, p->rd);
	}
	if (p->flags & BMP_F_A && p->type != BMP_PEER_LOC_RIB)
		sbuf_put(s, " as2-path");
}

static void
fmt_tlv_value(struct sbuf *s, unsigned mtype, const struct bmp_tlv *t)
{
	const uint8_t *v = t->val.p;
	size_t n = cur_left(&t->val);

	if (mtype == BMP_TERMINATION && t->type == 1 && n == 2) {
		unsigned r = (unsigned)v[0] << 8 | v[1];

		sbuf_printf(s, "%u (%s)", r, bmp_term_reason_name(r));
	} else if (bmp_info_is_text(mtype, t->type)) {
		sbuf_putc(s, '"');
		bgp_fmt_text(s, v, n);
		sbuf_putc(s, '"');
	} else
		sbuf_hex(s, v, n);
}

/* Information TLVs as " name value", and a malformed tail. */
static void
fmt_info(struct sbuf *s, unsigned mtype, struct cur c)
{
	struct bmp_tlv t;
	struct bmp_err e;
	int r;

	while ((r = bmp_tlv_next(&c, &t, &e)) > 0) {
		sbuf_printf(s, " %s ", bmp_info_name(mtype, t.type));
		if (strcmp(bmp_info_name(mtype, t.type), "unknown") == 0)
			sbuf_printf(s, "type %u ", t.type);
		fmt_tlv_value(s, mtype, &t);
	}
	if (r < 0)
		sbuf_printf(s, " [error @%u: %s]", e.off, e.what);
}

static void
fmt_stats(struct sbuf *s, const struct bmp_msg *m)
{
	struct cur c = m->tlvs;
	struct bmp_stat st;
	struct bmp_err e;
	int r;

	sbuf_printf(s, " %u stats:", m->stat_count);
	while ((r = bmp_stat_next(&c, &st, &e)) > 0) {
		sbuf_printf(s, " %s", bmp_stat_name(st.t.type));
		if (st.afi_safi)
			sbuf_printf(s, " afi %u safi %u", st.afi, st.safi);
		if (st.ok)
			sbuf_printf(s, " %llu", (unsigned long long)st.value);
		else {
			sbuf_printf(s, " type %u len %u 0x", st.t.type, st.t.len);
			sbuf_hex(s, st.t.val.p, cur_left(&st.t.val));
		}
	}
	if (r < 0)
		sbuf_printf(s, " [error @%u: %s]", e.off, e.what);
}

static void
fmt_down(struct sbuf *s, const struct bmp_msg *m)
{
	sbuf_printf(s, " reason %u (%s)", m->reason, bmp_down_reason_name(m->reason));
	if (m->reason == 2)
		sbuf_printf(s, " fsm-event %u", m->fsm_event);
	if (m->reason == 6)
		fmt_info(s, BMP_PEER_UP, m->tlvs);
	else if (cur_left(&m->tlvs))
		sbuf_printf(s, " [%zu bytes after the reason's data]", cur_left(&m->tlvs));
}

static void
fmt_up(struct sbuf *s, const struct bmp_msg *m)
{
	uint8_t a[16];

	memcpy(a, m->local, 16);
	sbuf_put(s, " local ");
	if (m->local_v6)
		sbuf_ipv6(s, a);
	else
		sbuf_ipv4(s, a + 12);
	sbuf_printf(s, " port %u remote-port %u", m->local_port, m->remote_port);
	fmt_info(s, BMP_PEER_UP, m->tlvs);
}

static void
fmt_mirror(struct sbuf *s, const struct bmp_msg *m)
{
	struct cur c = m->tlvs;
	struct bmp_tlv t;
	struct bmp_err e;
	int r;

	while ((r = bmp_tlv_next(&c, &t, &e)) > 0) {
		if (t.type == 0)
			sbuf_printf(s, " bgp-message %u bytes", t.len);
		else if (t.type == 1 && t.len == 2)
			sbuf_printf(s, " %s", bmp_mirror_info_name((unsigned)t.val.p[0] << 8 |
			    t.val.p[1]));
		else {
			sbuf_printf(s, " type %u 0x", t.type);
			sbuf_hex(s, t.val.p, cur_left(&t.val));
		}
	}
	if (r < 0)
		sbuf_printf(s, " [error @%u: %s]", e.off, e.what);
}

/* Everything after "BMP <type> len N:" */
static void
fmt_record(struct sbuf *s, const struct bmp_msg *m, int rc, const struct bmp_err *e)
{
	if (m->has_peer) {
		sbuf_put(s, " peer ");
		fmt_peer_addr(s, &m->peer);
		sbuf_putc(s, ' ');
		fmt_peer_view(s, &m->peer);
	}
	if (rc < 0) {
		sbuf_printf(s, " [error @%u: %s]", e->off, e->what);
		return;
	}
	if (rc == 0) {
		sbuf_printf(s, " type %u 0x", m->h.type);
		sbuf_hex(s, m->body.p, cur_left(&m->body));
		return;
	}
	switch (m->h.type) {
	case BMP_STATS: fmt_stats(s, m); break;
	case BMP_PEER_DOWN: fmt_down(s, m); break;
	case BMP_PEER_UP: fmt_up(s, m); break;
	case BMP_INITIATION:
	case BMP_TERMINATION: fmt_info(s, m->h.type, m->tlvs); break;
	case BMP_ROUTE_MIRRORING: fmt_mirror(s, m); break;
	case BMP_ROUTE_MONITORING:
		if (cur_left(&m->tlvs))
			sbuf_printf(s, " [%zu bytes after the BGP message]", cur_left(&m->tlvs));
		break;
	}
}

/* A Route Monitoring that decoded is shown by its BGP message alone. */
static bool
shown_as_bgp(const struct bmp_msg *m, int rc)
{
	return rc > 0 && m->h.type == BMP_ROUTE_MONITORING && cur_left(&m->tlvs) == 0;
}

bool
out_bmp_shown(const struct filter *flt, const struct flow *f, const struct bmp_msg *m)
{
	struct addr pa;

	if (flt_record(flt, &f->addr[0], &f->addr[1]))
		return true;
	if (!m->has_peer || m->peer.type == BMP_PEER_LOC_RIB)
		return false;
	memset(&pa, 0, sizeof(pa));
	pa.af = m->peer.v6 ? AF_INET6 : AF_INET;
	memcpy(pa.a, m->peer.v6 ? m->peer.addr : m->peer.addr + 12, m->peer.v6 ? 16 : 4);
	return flt_record(flt, &pa, &pa);
}

/* ---------------------------------------------------------------- text */

void
out_bmp_text(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e)
{
	const struct out_ep *ep = out_ep(o, f, dir);
	struct sbuf s;

	if (shown_as_bgp(m, rc) && o->o.verbose < 2)
		return;
	if (o->o.ts_mode != 1) {
		out_text_time(o, &pi->ts);
		ob_putc(&o->ob, ' ');
	}
	ob_mem(&o->ob, ep->text, ep->textlen);
	ob_printf(&o->ob, " BMP %s len %u:", bmp_type_name(m->h.type), m->h.len);
	ob_sbuf(&o->ob, &s, 1u << 17);
	fmt_record(&s, m, rc, e);
	sbuf_putc(&s, '\n');
	ob_sbuf_done(&o->ob, &s);
}

/* The monitored peer's view, after a BGP message's line. */
void
out_bmp_peer_text(struct out *o, const struct bmp_info *bi)
{
	struct sbuf s;
	struct timeval tv = { .tv_sec = (time_t)bi->peer.ts_sec,
		.tv_usec = (suseconds_t)(bi->peer.ts_usec % 1000000) };

	ob_sbuf(&o->ob, &s, 512);
	sbuf_put(&s, " [bmp ");
	if (bi->msg_type != BMP_ROUTE_MONITORING)
		sbuf_printf(&s, "%s ", bmp_type_name(bi->msg_type));
	fmt_peer_view(&s, &bi->peer);
	ob_sbuf_done(&o->ob, &s);
	if (bi->peer.ts_sec) {
		ob_put(&o->ob, " at ");
		out_time(o, &tv, true);
	}
	ob_putc(&o->ob, ']');
}

/* ---------------------------------------------------------------- JSON */

static void
json_peer(struct out *o, struct jw *j, const struct bmp_peer *p)
{
	struct sbuf s;
	struct timeval tv = { .tv_sec = (time_t)p->ts_sec,
		.tv_usec = (suseconds_t)(p->ts_usec % 1000000) };

	jw_kstr(j, "peer_type", bmp_peer_type_name(p->type));
	jw_ku64(j, "peer_type_code", p->type);
	jw_ku64(j, "flags", p->flags);
	jw_kstr(j, "rib", bmp_rib_name(p));
	if (p->type != BMP_PEER_LOC_RIB)
		jw_kbool(j, "post_policy", (p->flags & BMP_F_L) != 0);
	else
		jw_kbool(j, "filtered", (p->flags & BMP_F_F) != 0);
	if (p->type != BMP_PEER_LOC_RIB)
		jw_kbool(j, "as2_path", (p->flags & BMP_F_A) != 0);
	sbuf_init(&s, o->buf2, 128);
	bgp_fmt_rd(&s, p->rd);
	jw_kstr(j, "rd", s.p);
	sbuf_init(&s, o->buf2, 128);
	fmt_peer_addr(&s, p);
	jw_kstr(j, "peer", s.p);
	jw_ku64(j, "peer_as", p->as);
	sbuf_init(&s, o->buf2, 128);
	fmt_id(&s, p->bgp_id);
	jw_kstr(j, "peer_bgp_id", s.p);
	jw_key(j, "timestamp");
	jw_str_begin(j);
	out_time(o, &tv, true);
	jw_str_end(j);
}

/* The "bmp" object of a monitored peer's BGP message. */
void
out_bmp_peer_json(struct out *o, struct jw *j, const struct bmp_info *bi)
{
	jw_key(j, "bmp");
	jw_obj_begin(j);
	jw_kstr(j, "msg_type", bmp_type_name(bi->msg_type));
	jw_ku64(j, "bmp_flow", bi->bmp_flow);
	json_peer(o, j, &bi->peer);
	jw_obj_end(j);
}

void
out_bmp_json(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e)
{
	const struct out_ep *ep = out_ep(o, f, dir);
	struct jw j;
	struct sbuf s;

	if (shown_as_bgp(m, rc))
		return;
	jw_init(&j, &o->ob);
	jw_obj_begin(&j);
	jw_key(&j, "time");
	jw_str_begin(&j);
	out_time(o, &pi->ts, true);
	jw_str_end(&j);
	jw_kstr(&j, "src", ep->src);
	jw_ku64(&j, "sport", f->port[dir]);
	jw_kstr(&j, "dst", ep->dst);
	jw_ku64(&j, "dport", f->port[!dir]);
	jw_ku64(&j, "flow", f->id);
	jw_ku64(&j, "frame", pi->frame);
	jw_kstr(&j, "type", "bmp");
	jw_kstr(&j, "bmp_type", bmp_type_name(m->h.type));
	jw_ku64(&j, "bmp_type_code", m->h.type);
	jw_ku64(&j, "length", m->h.len);
	if (m->has_peer)
		json_peer(o, &j, &m->peer);
	if (rc < 0) {
		jw_key(&j, "error");
		jw_obj_begin(&j);
		jw_ku64(&j, "offset", e->off);
		jw_kstr(&j, "what", e->what);
		jw_obj_end(&j);
	} else {
		/* the same detail as the text line, as one string */
		sbuf_init(&s, o->buf2, OUT_BUF);
		fmt_record(&s, m, rc, e);
		jw_kstr(&j, "detail", s.len && s.p[0] == ' ' ? s.p + 1 : s.p);
	}
	if (rc > 0 && m->h.type == BMP_PEER_DOWN)
		jw_ku64(&j, "reason", m->reason);
	jw_obj_end(&j);
	jw_eol(&j);
}
