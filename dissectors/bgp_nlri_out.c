/*
 * bgp_nlri_out.c - the small readers-and-writers the NLRI walkers share
 * (bgp_nlri.h): route distinguisher, addresses, labels. Calls the cursor,
 * sbuf and bgp_fmt only.
 */
#include "bgp_nlri.h"

bool
nout_rd(struct nlri_out *o, struct cur *v)
{
	uint8_t rd[8];
	char buf[40];
	struct sbuf s;

	if (!cur_copy(v, rd, 8))
		return nout_fail(o, v, "truncated route distinguisher");
	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		bgp_fmt_rd(&s, rd);
		emit_kstr(o->e, "rd", s.p);
	}
	return true;
}

void
nout_addr(struct nlri_out *o, const char *k, const uint8_t *a, unsigned len)
{
	char buf[64];
	struct sbuf s;

	if (o->e == NULL)
		return;
	sbuf_init(&s, buf, sizeof(buf));
	if (len == 4)
		sbuf_ipv4(&s, a);
	else
		sbuf_ipv6(&s, a);
	emit_kstr(o->e, k, s.p);
}

bool
nout_lenaddr(struct nlri_out *o, struct cur *v, const char *k, const char *what)
{
	uint8_t bits, a[16];

	if (!cur_u8(v, &bits)) {
		nout_fail(o, v, "truncated before its length octet");
		o->what = what;
		return false;
	}
	if (bits != 0 && bits != 32 && bits != 128) {
		v->p--;
		nout_fail(o, v, "length not 0, 32 or 128 bits");
		o->what = what;
		return false;
	}
	if (!cur_copy(v, a, bits / 8u)) {
		nout_fail(o, v, "shorter than its length");
		o->what = what;
		return false;
	}
	if (bits)
		nout_addr(o, k, a, bits / 8u);
	return true;
}

bool
nout_labels(struct nlri_out *o, struct cur *v, unsigned n)
{
	uint32_t l[4];

	for (unsigned i = 0; i < n && i < 4; i++)
		if (!cur_u24(v, &l[i]))
			return nout_fail(o, v, "truncated MPLS label");
	if (o->e == NULL)
		return true;
	o->e->key(o->e, o->text ? "label" : "labels");
	o->e->arr_begin(o->e);
	for (unsigned i = 0; i < n && i < 4; i++)
		o->e->num(o->e, l[i] >> 4);
	o->e->arr_end(o->e);
	if (!o->text) {
		/* RFC 8365: with a VXLAN/NVGRE encapsulation the field is a 24-bit VNI */
		o->e->key(o->e, "label_fields");
		o->e->arr_begin(o->e);
		for (unsigned i = 0; i < n && i < 4; i++)
			o->e->num(o->e, l[i]);
		o->e->arr_end(o->e);
	}
	return true;
}

/* Unknown route type: its number and value as hex. */
bool
nout_unknown_type(struct nlri_out *o, unsigned type, struct cur *v)
{
	char buf[2 * 255 + 4];
	struct sbuf s;

	if (o->e) {
		sbuf_init(&s, buf, sizeof(buf));
		sbuf_put(&s, "0x");
		sbuf_hex(&s, v->p, cur_left(v));
		emit_kstr(o->e, "type", "unknown");
		emit_knum(o->e, "route_type", type);
		emit_kstr(o->e, "hex", s.p);
	}
	v->p = v->end;
	return true;
}

void
nout_num_str(struct emit *e, uint64_t v)
{
	char buf[24];
	struct sbuf s;

	sbuf_init(&s, buf, sizeof(buf));
	sbuf_printf(&s, "%llu", (unsigned long long)v);
	e->str(e, s.p);
}

void
nout_bool_str(struct emit *e, bool v)
{
	e->str(e, v ? "yes" : "no");
}
