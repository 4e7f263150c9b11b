/*
 * out_routes.c - --routes: one tab-separated line per prefix announced or
 * withdrawn (and per MRT RIB entry), the shape sort, awk and database
 * bulk loaders take. The columns are named by the header line (ROUTES_HDR);
 * a value absent from the message is an empty field. Nothing else (skips,
 * events, notes) is a line here: the report goes to stderr (pipeline.c).
 */
#include <string.h>

#include "acache.h"
#include "out_int.h"

static const char *const origin_names[] = { "igp", "egp", "incomplete" };

/* The columns shared by every prefix of one UPDATE (or of its MP part). */
struct rt_common {
	char head[160];          /* time, from, to */
	size_t headlen;
	const char *attrs;       /* as_path .. communities (announce only): */
	size_t attrslen;         /* in attrbuf, or kept in the block's cache entry */
	char attrbuf[OUT_BUF / 2];
};

static void
rt_head(struct out *o, const struct msg_view *v, struct rt_common *c)
{
	const struct out_ep *ep = out_ep(o, v->f, v->dir);
	const struct timeval *tv = &v->pi->ts;
	struct sbuf s;

	sbuf_init(&s, c->head, sizeof(c->head));
	if (tv->tv_sec >= 0 && (uint64_t)tv->tv_sec <= UINT32_MAX && tv->tv_usec >= 0 &&
	    tv->tv_usec < 1000000) {
		/* "%lld.%06ld" without printf (a call costs about 1,500
		 * instructions); the seconds are formatted once per second */
		char us[6];
		uint32_t u = (uint32_t)tv->tv_usec;

		if (o->rt_sec_len == 0 || o->rt_sec != (long)tv->tv_sec) {
			struct sbuf t;

			sbuf_init(&t, o->rt_sec_text, sizeof(o->rt_sec_text));
			sbuf_u32(&t, (uint32_t)tv->tv_sec);
			sbuf_putc(&t, '.');
			o->rt_sec = (long)tv->tv_sec;
			o->rt_sec_len = t.len;
		}
		sbuf_mem(&s, o->rt_sec_text, o->rt_sec_len);
		for (int i = 5; i >= 0; i--, u /= 10)
			us[i] = (char)('0' + u % 10);
		sbuf_mem(&s, us, sizeof(us));
	} else
		sbuf_printf(&s, "%lld.%06ld", (long long)tv->tv_sec, (long)tv->tv_usec);
	sbuf_putc(&s, '\t');
	sbuf_put(&s, ep->src);
	sbuf_putc(&s, '\t');
	sbuf_put(&s, ep->dst);
	sbuf_putc(&s, '\t');
	c->headlen = s.len;
}

static void
rt_communities(struct sbuf *s, const struct bgp_update *u)
{
	struct bgp_attr_iter it;
	struct bgp_attr a, comm = { .code = 0 }, large = { .code = 0 };
	struct bgp_errs scratch;
	bool have_comm = false, have_large = false;
	const char *sep = "";
	uint8_t b[12];

	/* the first instance of each (as bgp_update_attr finds it), in one walk */
	bgp_errs_reset(&scratch);
	bgp_attr_iter_init(&it, &u->attrs);
	while ((!have_comm || !have_large) && bgp_attr_next(&it, &a, &scratch) == 1) {
		if (a.code == ATTR_COMMUNITIES && !have_comm) {
			comm = a;
			have_comm = true;
		} else if (a.code == ATTR_LARGE_COMMUNITY && !have_large) {
			large = a;
			have_large = true;
		}
	}
	if (have_comm) {
		struct cur c = comm.val;

		while (cur_copy(&c, b, 4)) {
			sbuf_put(s, sep);
			bgp_fmt_community(s, (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
			    (uint32_t)b[2] << 8 | b[3]);
			sep = " ";
		}
	}
	if (have_large) {
		struct cur c = large.val;

		while (cur_copy(&c, b, 12)) {
			sbuf_put(s, sep);
			bgp_fmt_large_community(s, b);
			sep = " ";
		}
	}
}

/*
 * as_path, origin, med, local_pref, communities: the same for every prefix,
 * and for every UPDATE with the same attribute block (all of them come
 * from the block and ctx->as4, which its cache key holds): formatted once
 * and kept in the block's cache entry.
 */
static void
rt_attrs(const struct msg_view *v, struct rt_common *c)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s;
	uint8_t tag;

	if (acache_piece(v->ace, OUT_PIECE_ROUTES_ATTRS, &tag, &c->attrs, &c->attrslen))
		return;
	sbuf_init(&s, c->attrbuf, sizeof(c->attrbuf));
	if (bgp_update_has(u, ATTR_AS_PATH) && !u->as_path_malformed)
		bgp_fmt_effective_aspath(&s, u, v->ctx);
	sbuf_putc(&s, '\t');
	if (bgp_update_has(u, ATTR_ORIGIN) && u->origin <= BGP_ORIGIN_INCOMPLETE)
		sbuf_put(&s, origin_names[u->origin]);
	sbuf_putc(&s, '\t');
	if (bgp_update_has(u, ATTR_MED))
		sbuf_u32(&s, u->med);
	sbuf_putc(&s, '\t');
	if (bgp_update_has(u, ATTR_LOCAL_PREF))
		sbuf_u32(&s, u->local_pref);
	sbuf_putc(&s, '\t');
	rt_communities(&s, u);
	c->attrs = c->attrbuf;
	c->attrslen = s.len;
	if (v->ace && !s.trunc)
		(void)acache_put_piece(v->ace, OUT_PIECE_ROUTES_ATTRS, 0, s.p, s.len);
}

/*
 * Every prefix of one NLRI list, a line each: the columns before the
 * prefix (head, family, action) and after the path id (the next hop and
 * the attributes, or the empty ones of a withdrawal) are made once for the
 * list; per prefix only the prefix and the path id are formatted.
 */
static void
rt_list(struct out *o, const struct msg_view *v, const struct rt_common *c,
    const struct cur *list, uint16_t afi, uint8_t safi, const char *action, const char *nh)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	struct sbuf s, pre, post;

	if (cur_left(list) == 0)
		return;
	sbuf_init(&pre, o->buf2, 256);
	sbuf_mem(&pre, c->head, c->headlen);
	sbuf_put(&pre, bgp_afi_name(afi));
	sbuf_putc(&pre, ' ');
	sbuf_put(&pre, bgp_safi_name(safi));
	sbuf_putc(&pre, '\t');
	sbuf_put(&pre, action);
	sbuf_putc(&pre, '\t');
	sbuf_init(&post, o->buf2 + 256, OUT_BUF - 256);
	if (strcmp(action, "withdraw") != 0) {
		sbuf_put(&post, nh);
		sbuf_putc(&post, '\t');
		sbuf_mem(&post, c->attrs, c->attrslen); /* numbers and names only */
	} else
		sbuf_put(&post, "\t\t\t\t\t");
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, list, afi, safi, bgp_ctx_addpath(v->ctx, afi, safi));
	while (bgp_nlri_next(&it, &p, &scratch) == 1) {
		ob_mem(&o->ob, pre.p, pre.len);
		/* straight into the output buffer; an opaque NLRI may be long */
		ob_sbuf(&o->ob, &s, p.opaque ? 2u * p.rawlen + 64 : 160);
		bgp_fmt_prefix(&s, &p);
		/* a field from the wire; an address and a length are digits,
		 * dots and colons only, and the common case is not scanned */
		for (size_t i = 0; (p.opaque || p.has_rd || p.nlabels) && i < s.len; i++)
			if (s.p[i] == '\t' || s.p[i] == '\n' || s.p[i] == '\r')
				s.p[i] = ' ';
		sbuf_putc(&s, '\t');
		if (p.has_pathid)
			sbuf_u32(&s, p.pathid);
		sbuf_putc(&s, '\t');
		ob_sbuf_done(&o->ob, &s);
		ob_mem(&o->ob, post.p, post.len);
		ob_eol(&o->ob);
	}
}

static void
rt_update(struct out *o, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	/* RFC 7606: the receiver withdraws what such an UPDATE announces */
	const char *ann = v->mrt && v->mrt->rib ? "rib" :
	    v->errs.worst >= BGP_TREAT_WITHDRAW ? "treat-as-withdraw" : "announce";
	struct rt_common *c = (struct rt_common *)o->buf;
	char nh[OUT_BUF / 8];
	struct sbuf s;

	_Static_assert(sizeof(struct rt_common) <= OUT_BUF, "buf holds rt_common");
	rt_head(o, v, c);
	rt_attrs(v, c);
	rt_list(o, v, c, &u->withdrawn, AFI_IPV4, SAFI_UNICAST, "withdraw", "");
	if (bgp_update_has(u, ATTR_MP_UNREACH))
		rt_list(o, v, c, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, "withdraw", "");
	sbuf_init(&s, nh, sizeof(nh));
	if (bgp_update_has(u, ATTR_NEXT_HOP))
		sbuf_ipv4(&s, u->next_hop);
	rt_list(o, v, c, &u->nlri, AFI_IPV4, SAFI_UNICAST, ann, nh);
	if (bgp_update_has(u, ATTR_MP_REACH)) {
		sbuf_init(&s, nh, sizeof(nh));
		for (unsigned i = 0; i < u->mpr_nh_count; i++) {
			if (i)
				sbuf_putc(&s, ',');
			bgp_fmt_mp_nexthop(&s, u, i);
		}
		rt_list(o, v, c, &u->mpr_nlri, u->mpr_afi, u->mpr_safi, ann, nh);
	}
}

static void
rt_message(struct out *o, const struct msg_view *v)
{
	/* a BMP view of a monitored session is not a message on a wire
	 * (pre/post-policy, Adj-RIB-Out, Loc-RIB): no route lines, as in
	 * --write-mrt */
	if (v->bmp == NULL && v->body_ok && v->m.type == BGP_UPDATE && !v->u.upd.eor)
		rt_update(o, v);
}

static void
rt_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason)
{
	(void)o, (void)f, (void)dir, (void)pi, (void)n, (void)reason;
}

static void
rt_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	(void)o, (void)f, (void)dir, (void)pi, (void)ev, (void)detail;
}

static void
rt_icmp(struct out *o, const struct icmp_info *ii)
{
	(void)o, (void)ii;
}

static void
rt_note(struct out *o, const struct pkt_info *pi, const char *what)
{
	(void)o, (void)pi, (void)what;
}

void
out_routes_header(struct out *o)
{
	ob_put(&o->ob, "#time\tfrom\tto\tfamily\taction\tprefix\tpath_id\tnext_hop\t"
	    "as_path\torigin\tmed\tlocal_pref\tcommunities\n");
}

const struct out_ops out_routes_ops = {
	.message = rt_message, .skip = rt_skip, .event = rt_event, .icmp = rt_icmp,
	.note = rt_note,
};
