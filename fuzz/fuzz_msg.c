/*
 * fuzz_msg.c - libFuzzer harness: one BGP message with a session context.
 *
 * Input byte 0 chooses the context:
 *   bit 0 as4, bit 1 ext_msg, bit 2 addpath_any,
 *   bit 3 an ADD-PATH list, bits 4..7 which families are in that list.
 * The remaining bytes are the message (marker included). Every decoder
 * and iterator a printer would call is run over it; outputs go to a null
 * emitter and to small string buffers so that truncation is exercised.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "bgp_describe.h"

/* ---------------------------------------------------------------- null emitter */

struct nemit {
	struct emit e;
	int depth;           /* nesting must balance */
	unsigned long n;
};

static void n_key(struct emit *e, const char *k) { ((struct nemit *)e)->n += strlen(k); }
static void n_str(struct emit *e, const char *v) { ((struct nemit *)e)->n += strlen(v); }
static void n_num(struct emit *e, uint64_t v) { ((struct nemit *)e)->n += (unsigned long)(v & 1); }
static void n_bool(struct emit *e, bool v) { ((struct nemit *)e)->n += v; }
static void n_open(struct emit *e) { ((struct nemit *)e)->depth++; }
static void n_close(struct emit *e)
{
	struct nemit *n = (struct nemit *)e;

	if (--n->depth < 0)
		abort();        /* an unbalanced end: a describe function bug */
}

static void
nemit_init(struct nemit *n)
{
	memset(n, 0, sizeof(*n));
	n->e.key = n_key;
	n->e.str = n_str;
	n->e.num = n_num;
	n->e.boolean = n_bool;
	n->e.obj_begin = n_open;
	n->e.obj_end = n_close;
	n->e.arr_begin = n_open;
	n->e.arr_end = n_close;
}

static void
check_sbuf(const struct sbuf *s)
{
	if (s->cap && (s->len >= s->cap || s->p[s->len] != '\0'))
		abort();
}

/* ---------------------------------------------------------------- walks */

static const struct bgp_afsafi families[4] = {
	{ AFI_IPV4, SAFI_UNICAST }, { AFI_IPV6, SAFI_UNICAST },
	{ AFI_IPV4, SAFI_LABELED }, { AFI_IPV4, SAFI_VPN },
};

static void
walk_nlri(const struct cur *c, uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx,
    uint8_t treat)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs errs;
	char small[24], big[512];
	struct sbuf s;
	unsigned guard = 0;

	bgp_errs_reset(&errs);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	it.treat = treat;
	while (bgp_nlri_next(&it, &p, &errs) == 1) {
		if (++guard > 70000)
			abort();        /* the iterator does not advance */
		sbuf_init(&s, small, sizeof(small));
		bgp_fmt_prefix(&s, &p);
		check_sbuf(&s);
		sbuf_init(&s, big, sizeof(big));
		bgp_fmt_prefix(&s, &p);
		check_sbuf(&s);
		(void)bgp_prefix_is_default(&p);
	}
}

static void
walk_aspath(const struct bgp_attr *a, unsigned asn_len)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	struct bgp_errs errs;
	size_t hops = 0;
	char buf[40];
	struct sbuf s;
	unsigned guard = 0;

	bgp_errs_reset(&errs);
	bgp_aspath_iter_init(&it, &a->val, asn_len);
	while (bgp_aspath_next(&it, &seg, &errs) == 1)
		if (++guard > 70000)
			abort();
	bgp_errs_reset(&errs);
	(void)bgp_aspath_check(&a->val, asn_len, &errs, &hops);
	sbuf_init(&s, buf, sizeof(buf));
	bgp_fmt_aspath(&s, &a->val, asn_len);
	check_sbuf(&s);
}

static void
do_update(const struct bgp_update *up, const struct bgp_ctx *ctx)
{
	const struct bgp_update u = *up;
	struct bgp_errs errs;
	struct bgp_attr_iter it;
	struct bgp_attr a;
	struct nemit ne;
	static char tmpbuf[4096];
	char small[48];
	struct sbuf tmp, s;
	unsigned guard = 0;

	walk_nlri(&u.withdrawn, AFI_IPV4, SAFI_UNICAST, ctx, BGP_TREAT_SESSION_RESET);
	walk_nlri(&u.nlri, AFI_IPV4, SAFI_UNICAST, ctx, BGP_TREAT_SESSION_RESET);
	if (bgp_update_has(&u, ATTR_MP_REACH)) {
		for (unsigned i = 0; i < u.mpr_nh_count; i++) {
			sbuf_init(&s, small, sizeof(small));
			bgp_fmt_mp_nexthop(&s, &u, i);
			check_sbuf(&s);
		}
		walk_nlri(&u.mpr_nlri, u.mpr_afi, u.mpr_safi, ctx, BGP_TREAT_AFISAFI_DISABLE);
	}
	if (bgp_update_has(&u, ATTR_MP_UNREACH))
		walk_nlri(&u.mpu_withdrawn, u.mpu_afi, u.mpu_safi, ctx, BGP_TREAT_AFISAFI_DISABLE);

	nemit_init(&ne);
	bgp_errs_reset(&errs);
	bgp_attr_iter_init(&it, &u.attrs);
	while (bgp_attr_next(&it, &a, &errs) == 1) {
		if (++guard > 70000)
			abort();
		(void)bgp_attr_name(a.code);
		(void)bgp_attr_key(a.code);
		if (a.code == ATTR_MP_REACH || a.code == ATTR_MP_UNREACH)
			continue;
		/* a small scratch buffer (truncation), then a roomy one */
		sbuf_init(&tmp, small, sizeof(small));
		ne.e.key(&ne.e, "k");
		bgp_attr_describe(&a, &u, ctx, &ne.e, &tmp);
		check_sbuf(&tmp);
		sbuf_init(&tmp, tmpbuf, sizeof(tmpbuf));
		ne.e.key(&ne.e, "k");
		bgp_attr_describe(&a, &u, ctx, &ne.e, &tmp);
		check_sbuf(&tmp);
		if (a.code == ATTR_AS_PATH || a.code == ATTR_AS4_PATH) {
			walk_aspath(&a, 2);
			walk_aspath(&a, 4);
		}
		if (ne.depth != 0)
			abort();
	}
	/* the attribute look-up walks the list: every code it reports is there */
	for (unsigned code = 0; code < 256; code += 17) {
		struct bgp_attr f;

		if (bgp_update_attr(&u, code, &f) && f.code != code)
			abort();
	}
	for (size_t cap = 1; cap <= 64; cap *= 4) {
		sbuf_init(&s, small, cap < sizeof(small) ? cap : sizeof(small));
		bgp_fmt_effective_aspath(&s, &u, ctx);
		check_sbuf(&s);
	}
	sbuf_init(&s, tmpbuf, sizeof(tmpbuf));
	bgp_fmt_effective_aspath(&s, &u, ctx);
	check_sbuf(&s);
}

static void
do_open(const struct bgp_open *o)
{
	struct bgp_errs errs;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct nemit ne;
	char small[32];
	static char big[4096];
	struct sbuf tmp;
	unsigned guard = 0;

	bgp_errs_reset(&errs);
	(void)bgp_open_asn(o);
	nemit_init(&ne);
	bgp_cap_iter_init(&it, o);
	while (bgp_cap_next(&it, &cap, &errs) == 1) {
		if (++guard > 70000)
			abort();
		(void)bgp_cap_name(cap.code);
		sbuf_init(&tmp, small, sizeof(small));
		bgp_cap_describe(&cap, &ne.e, &tmp);
		check_sbuf(&tmp);
		sbuf_init(&tmp, big, sizeof(big));
		bgp_cap_describe(&cap, &ne.e, &tmp);
		check_sbuf(&tmp);
		if (ne.depth != 0)
			abort();
	}
}

static void
do_notify(const struct bgp_notify *np)
{
	const struct bgp_notify n = *np;
	char buf[64];
	struct sbuf s;

	(void)bgp_notify_code_name(n.code);
	(void)bgp_notify_subcode_name(n.code, n.subcode);
	if (n.has_shutdown_msg) {
		sbuf_init(&s, buf, sizeof(buf));
		bgp_fmt_text(&s, n.shutdown_msg, n.shutdown_len);
		check_sbuf(&s);
	}
	sbuf_init(&s, buf, sizeof(buf));
	bgp_fmt_text(&s, n.data.p, cur_left(&n.data));
	check_sbuf(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_ctx ctx;
	struct bgp_msg m;
	struct bgp_errs errs;
	union bgp_body body;
	uint8_t sel;
	uint8_t *msg;
	size_t len;

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = sel & 1;
	ctx.ext_msg = sel & 2;
	ctx.addpath_any = sel & 4;
	if (sel & 8)
		for (unsigned i = 0; i < 4; i++)
			if (sel & (16u << i))
				ctx.addpath[ctx.n_addpath++] = families[i];
	len = size - 1;
	/* an exactly sized heap copy: any read past the end is caught */
	msg = malloc(len ? len : 1);
	if (msg == NULL)
		return 0;
	memcpy(msg, data + 1, len);

	bgp_errs_reset(&errs);
	/* the one entry point the pipeline uses, then every walk a printer does */
	if (bgp_decode(msg, len, &ctx, &m, &body, &errs) == BGP_DEC_BODY) {
		(void)bgp_type_name(m.type);
		if (m.type == BGP_OPEN)
			do_open(&body.open);
		else if (m.type == BGP_UPDATE)
			do_update(&body.upd, &ctx);
		else if (m.type == BGP_NOTIFICATION)
			do_notify(&body.ntf);
		else if (m.type == BGP_ROUTE_REFRESH)
			(void)bgp_refresh_subtype_name(body.rr.subtype);
	}
	if (errs.n > BGP_MAX_ERRS)
		abort();
	for (unsigned i = 0; i < errs.n; i++)
		if (memchr(errs.e[i].what, '\0', sizeof(errs.e[i].what)) == NULL)
			abort();
	free(msg);
	return 0;
}
