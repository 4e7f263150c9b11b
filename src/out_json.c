/*
 * out_json.c - NDJSON: one object per message, valid JSON on every line.
 */
#include <string.h>

#include "bgpcap.h"
#include "bgp_describe.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one
 * (overlong forms, surrogates and values above U+10FFFF are not). */
static size_t
utf8_seq(const unsigned char *p)
{
	size_t n;
	uint32_t min, cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2; min = 0x80; cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3; min = 0x800; cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4; min = 0x10000; cp = p[0] & 0x07;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)   /* the NUL terminator stops here too */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string; bytes that are not valid UTF-8 (raw wire text that was
 * copied, or a sequence cut by truncation) become U+FFFD. */
/* bytes that go into a JSON string as they are */
static inline bool
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

void
ob_json_str(struct obuf *b, const char *s)
{
	static const char hx[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;

	ob_putc(b, '"');
	for (; *p; p++) {
		const char *esc = NULL;
		char u[7];

		/* the common case: a run of plain ASCII (one table look-up a byte) */
		while (plain(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p >= 0x80) {
			size_t n = utf8_seq(p);

			if (n) {
				p += n - 1;
				continue;
			}
			esc = "\\ufffd";
		} else if (*p == '"')
			esc = "\\\"";
		else if (*p == '\\')
			esc = "\\\\";
		else if (*p == '\n')
			esc = "\\n";
		else if (*p == '\t')
			esc = "\\t";
		else if (*p == '\r')
			esc = "\\r";
		else {
			memcpy(u, "\\u00", 4);
			u[4] = hx[*p >> 4];
			u[5] = hx[*p & 15];
			u[6] = '\0';
			esc = u;
		}
		ob_mem(b, run, (size_t)(p - run));
		ob_put(b, esc);
		run = p + 1;
	}
	ob_mem(b, run, (size_t)(p - run));
	ob_putc(b, '"');
}

/* The same, straight to a FILE (the reporter's output). */
void
json_str(FILE *fp, const char *s)
{
	char buf[512];
	struct obuf b = { buf, 0, sizeof(buf), fp, false };

	ob_json_str(&b, s);
	ob_flush(&b);
}

/* ---------------------------------------------------------------- emitter */

struct jemit {
	struct emit e;
	struct obuf *ob;
	int depth;
	bool first[16];
	const char *key;
};

static void
j_pre(struct jemit *j)
{
	int d = j->depth < 16 ? j->depth : 15;

	if (!j->first[d])
		ob_putc(j->ob, ',');
	j->first[d] = false;
	if (j->key) {
		/* keys are the program's own identifiers: nothing to escape */
		ob_putc(j->ob, '"');
		ob_put(j->ob, j->key);
		ob_put(j->ob, "\":");
		j->key = NULL;
	}
}

static void j_key(struct emit *e, const char *k) { ((struct jemit *)e)->key = k; }

static void
j_str(struct emit *e, const char *v)
{
	struct jemit *j = (struct jemit *)e;

	j_pre(j);
	ob_json_str(j->ob, v);
}

static void
j_num(struct emit *e, uint64_t v)
{
	struct jemit *j = (struct jemit *)e;

	j_pre(j);
	ob_u64(j->ob, v);
}

static void
j_bool(struct emit *e, bool v)
{
	struct jemit *j = (struct jemit *)e;

	j_pre(j);
	ob_put(j->ob, v ? "true" : "false");
}

static void
j_open(struct emit *e, char c)
{
	struct jemit *j = (struct jemit *)e;

	j_pre(j);
	ob_putc(j->ob, c);
	if (j->depth < 15)
		j->depth++;
	j->first[j->depth] = true;
}

static void
j_close(struct emit *e, char c)
{
	struct jemit *j = (struct jemit *)e;

	ob_putc(j->ob, c);
	if (j->depth > 0)
		j->depth--;
}

static void j_obj_begin(struct emit *e) { j_open(e, '{'); }
static void j_obj_end(struct emit *e) { j_close(e, '}'); }
static void j_arr_begin(struct emit *e) { j_open(e, '['); }
static void j_arr_end(struct emit *e) { j_close(e, ']'); }

/* An emitter positioned inside an object that already has members. */
static void
jemit_init(struct jemit *j, struct obuf *ob, bool first)
{
	memset(j, 0, sizeof(*j));
	j->e.key = j_key;
	j->e.str = j_str;
	j->e.num = j_num;
	j->e.boolean = j_bool;
	j->e.obj_begin = j_obj_begin;
	j->e.obj_end = j_obj_end;
	j->e.arr_begin = j_arr_begin;
	j->e.arr_end = j_arr_end;
	j->ob = ob;
	j->first[0] = first;
}

/* ---------------------------------------------------------------- messages */

static void
j_prefixes(struct out *o, struct jemit *j, const char *key, const struct cur *c,
    uint16_t afi, uint8_t safi, const struct bgp_ctx *ctx, uint8_t treat)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;
	struct sbuf s;

	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	it.treat = treat;
	j->e.key(&j->e, key);
	j->e.arr_begin(&j->e);
	while (bgp_nlri_next(&it, &p, &scratch) == 1) {
		if (!p.has_pathid && !p.opaque) {
			/* a prefix is digits, dots, colons, letters: no escaping */
			j_pre(j);
			ob_putc(j->ob, '"');
			ob_sbuf(j->ob, &s, 160);
			bgp_fmt_prefix(&s, &p);
			ob_sbuf_done(j->ob, &s);
			ob_putc(j->ob, '"');
			continue;
		}
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_prefix(&s, &p);
		if (p.has_pathid) {
			j->e.obj_begin(&j->e);
			emit_kstr(&j->e, "prefix", s.p);
			emit_knum(&j->e, "path_id", p.pathid);
			j->e.obj_end(&j->e);
		} else
			j->e.str(&j->e, s.p);
	}
	j->e.arr_end(&j->e);
}

static void
json_update(struct out *o, struct jemit *j, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	struct bgp_attr_iter it;
	struct bgp_attr a;
	struct bgp_errs scratch;
	struct sbuf tmp;

	if (u->eor) {
		j->e.key(&j->e, "end_of_rib");
		j->e.obj_begin(&j->e);
		emit_kstr(&j->e, "afi", bgp_afi_name(u->eor_afi));
		emit_kstr(&j->e, "safi", bgp_safi_name(u->eor_safi));
		j->e.obj_end(&j->e);
	}
	j_prefixes(o, j, "withdrawn", &u->withdrawn, AFI_IPV4, SAFI_UNICAST, v->ctx,
	    BGP_TREAT_SESSION_RESET);
	j_prefixes(o, j, "nlri", &u->nlri, AFI_IPV4, SAFI_UNICAST, v->ctx,
	    BGP_TREAT_SESSION_RESET);
	j->e.key(&j->e, "attrs");
	j->e.obj_begin(&j->e);
	bgp_errs_reset(&scratch);
	sbuf_init(&tmp, o->buf, OUT_BUF);
	bgp_attr_iter_init(&it, &u->attrs);
	while (bgp_attr_next(&it, &a, &scratch) == 1) {
		const char *key = bgp_attr_key(a.code);
		char kbuf[24];

		if (a.code == ATTR_MP_REACH && bgp_update_has(u, ATTR_MP_REACH)) {
			j->e.key(&j->e, "mp_reach");
			j->e.obj_begin(&j->e);
			emit_kstr(&j->e, "afi", bgp_afi_name(u->mpr_afi));
			emit_kstr(&j->e, "safi", bgp_safi_name(u->mpr_safi));
			j->e.key(&j->e, "next_hop");
			j->e.arr_begin(&j->e);
			for (unsigned i = 0; i < u->mpr_nh_count; i++) {
				struct sbuf s;

				sbuf_init(&s, o->buf2, OUT_BUF);
				bgp_fmt_mp_nexthop(&s, u, i);
				j->e.str(&j->e, s.p);
			}
			if (u->mpr_nh_count == 0 && u->mpr_nh_len) {
				struct sbuf s;

				sbuf_init(&s, o->buf2, OUT_BUF);
				sbuf_put(&s, "0x");
				sbuf_hex(&s, u->mpr_nh_raw.p, cur_left(&u->mpr_nh_raw));
				j->e.str(&j->e, s.p);
			}
			j->e.arr_end(&j->e);
			j_prefixes(o, j, "nlri", &u->mpr_nlri, u->mpr_afi, u->mpr_safi, v->ctx,
			    BGP_TREAT_AFISAFI_DISABLE);
			j->e.obj_end(&j->e);
			continue;
		}
		if (a.code == ATTR_MP_UNREACH && bgp_update_has(u, ATTR_MP_UNREACH)) {
			j->e.key(&j->e, "mp_unreach");
			j->e.obj_begin(&j->e);
			emit_kstr(&j->e, "afi", bgp_afi_name(u->mpu_afi));
			emit_kstr(&j->e, "safi", bgp_safi_name(u->mpu_safi));
			j_prefixes(o, j, "withdrawn", &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi,
			    v->ctx, BGP_TREAT_AFISAFI_DISABLE);
			j->e.obj_end(&j->e);
			continue;
		}
		if (a.code == ATTR_MP_REACH || a.code == ATTR_MP_UNREACH)
			continue;
		if (key == NULL) {
			snprintf(kbuf, sizeof(kbuf), "attr_%u", a.code);
			key = kbuf;
		}
		j->e.key(&j->e, key);
		bgp_attr_describe(&a, u, v->ctx, &j->e, &tmp);
		if (a.code == ATTR_AS_PATH && !v->ctx->as4 && bgp_update_has(u, ATTR_AS4_PATH)) {
			/* the path as sent, before the RFC 6793 merge */
			sbuf_init(&tmp, o->buf, OUT_BUF);
			bgp_fmt_aspath(&tmp, &a.val, 2);
			emit_kstr(&j->e, "as_path_raw", tmp.p);
		}
	}
	j->e.obj_end(&j->e);
}

static void
json_open(struct out *o, struct jemit *j, const struct msg_view *v)
{
	const struct bgp_open *op = &v->u.open;
	struct bgp_cap_iter it;
	struct bgp_cap cap;
	struct bgp_errs scratch;
	struct sbuf tmp, id;
	char idb[16];
	uint8_t b[4] = { op->bgp_id >> 24, op->bgp_id >> 16, op->bgp_id >> 8, op->bgp_id };

	emit_knum(&j->e, "version", op->version);
	emit_knum(&j->e, "asn", bgp_open_asn(op));
	emit_knum(&j->e, "my_as", op->my_as);
	emit_knum(&j->e, "hold_time", op->hold_time);
	sbuf_init(&id, idb, sizeof(idb));
	sbuf_ipv4(&id, b);
	emit_kstr(&j->e, "bgp_id", idb);
	if (op->ext_params)
		emit_kbool(&j->e, "extended_params", true);
	j->e.key(&j->e, "capabilities");
	j->e.arr_begin(&j->e);
	bgp_errs_reset(&scratch);
	sbuf_init(&tmp, o->buf, OUT_BUF);
	bgp_cap_iter_init(&it, op);
	while (bgp_cap_next(&it, &cap, &scratch) == 1) {
		j->e.obj_begin(&j->e);
		bgp_cap_describe(&cap, &j->e, &tmp);
		j->e.obj_end(&j->e);
	}
	j->e.arr_end(&j->e);
}

static void
json_notify(struct out *o, struct jemit *j, const struct msg_view *v)
{
	const struct bgp_notify *n = &v->u.ntf;
	struct sbuf s;

	emit_knum(&j->e, "code", n->code);
	emit_knum(&j->e, "subcode", n->subcode);
	emit_kstr(&j->e, "code_name", bgp_notify_code_name(n->code));
	emit_kstr(&j->e, "subcode_name", bgp_notify_subcode_name(n->code, n->subcode));
	if (n->has_bad_as)
		emit_knum(&j->e, "peer_as", n->bad_as);
	if (n->has_shutdown_msg) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		bgp_fmt_text(&s, n->shutdown_msg, n->shutdown_len);
		emit_kstr(&j->e, "shutdown_message", s.p);
	}
	if (cur_left(&n->data)) {
		sbuf_init(&s, o->buf2, OUT_BUF);
		sbuf_hex(&s, n->data.p, cur_left(&n->data));
		emit_kstr(&j->e, "data", s.p);
	}
}

void
out_json_message(struct out *o, const struct msg_view *v)
{
	struct jemit j;
	struct obuf *ob = &o->ob;
	struct sess *ss = v->f->user;
	char epbuf[224] = "";
	char *ep = ss ? ss->ep_json[v->dir] : epbuf;

	if (ep[0] == '\0') {
		/* the endpoint members, formatted once per flow direction */
		char a[64], b[64];
		struct sbuf s;

		addr_fmt(&v->f->addr[v->dir], a, sizeof(a));
		addr_fmt(&v->f->addr[!v->dir], b, sizeof(b));
		sbuf_init(&s, ep, sizeof(epbuf));
		sbuf_printf(&s, "\",\"src\":\"%s\",\"sport\":%u,\"dst\":\"%s\",\"dport\":%u,"
		    "\"flow\":%llu,\"frame\":", a, v->f->port[v->dir], b, v->f->port[!v->dir],
		    (unsigned long long)v->f->id);
	}
	ob_put(ob, "{\"time\":\"");
	out_time(o, &v->pi->ts, true);
	ob_put(ob, ep);
	ob_u64(ob, v->pi->frame);
	ob_put(ob, ",\"type\":\"");
	ob_put(ob, v->hdr_ok ? bgp_type_name(v->m.type) : "MALFORMED");
	ob_put(ob, "\",\"length\":");
	ob_u64(ob, v->m.len);
	jemit_init(&j, ob, false);
	if (v->hdr_ok && !v->body_ok)
		emit_knum(&j.e, "type_code", v->m.type);
	if (v->body_ok) {
		switch (v->m.type) {
		case BGP_OPEN: json_open(o, &j, v); break;
		case BGP_UPDATE: json_update(o, &j, v); break;
		case BGP_NOTIFICATION: json_notify(o, &j, v); break;
		case BGP_ROUTE_REFRESH:
			emit_kstr(&j.e, "afi", bgp_afi_name(v->u.rr.afi));
			emit_kstr(&j.e, "safi", bgp_safi_name(v->u.rr.safi));
			emit_kstr(&j.e, "subtype", bgp_refresh_subtype_name(v->u.rr.subtype));
			if (cur_left(&v->u.rr.orf)) {
				struct sbuf s;

				sbuf_init(&s, o->buf2, OUT_BUF);
				sbuf_hex(&s, v->u.rr.orf.p, cur_left(&v->u.rr.orf));
				emit_kstr(&j.e, "orf", s.p);
			}
			break;
		}
	}
	if (v->inferred) {
		j.e.key(&j.e, "inferred");
		j.e.obj_begin(&j.e);
		emit_kstr(&j.e, "reading", sess_reading_name(v->chosen));
		emit_kbool(&j.e, "ambiguous", (v->readings & ~(1u << v->chosen)) != 0);
		j.e.key(&j.e, "valid_readings");
		j.e.arr_begin(&j.e);
		for (unsigned i = 0; i < SESS_READINGS; i++)
			if (v->readings & (1u << i))
				j.e.str(&j.e, sess_reading_name(i));
		j.e.arr_end(&j.e);
		j.e.obj_end(&j.e);
	}
	if (v->errs.n) {
		j.e.key(&j.e, "errors");
		j.e.arr_begin(&j.e);
		for (unsigned i = 0; i < v->errs.n; i++) {
			const struct bgp_err *e = &v->errs.e[i];

			j.e.obj_begin(&j.e);
			emit_knum(&j.e, "offset", e->off);
			emit_kstr(&j.e, "what", e->what);
			emit_kstr(&j.e, "treatment", bgp_treat_name(e->treat));
			if (e->code) {
				emit_knum(&j.e, "notify_code", e->code);
				emit_knum(&j.e, "notify_subcode", e->subcode);
			}
			j.e.obj_end(&j.e);
		}
		j.e.arr_end(&j.e);
		if (v->errs.lost)
			emit_knum(&j.e, "errors_not_shown", v->errs.lost);
	}
	ob_put(ob, "}\n");
}
