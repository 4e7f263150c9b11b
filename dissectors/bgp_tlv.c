/*
 * bgp_tlv.c - the table-driven TLV walker (see bgp_tlv.h): one check and
 * one description for every TLV list of the Tunnel Encapsulation,
 * Prefix-SID, AIGP and BGP-LS tables.
 */
#include <math.h>
#include <string.h>

#include "bgp_tlv.h"
#include "bgp_fmt.h"

/* Fixed size of each field kind; -1: the field takes the rest. */
static const int8_t fk_size[] = {
	[FK_U8] = 1, [FK_U16] = 2, [FK_U24] = 3, [FK_U32] = 4, [FK_U64] = 8,
	[FK_SKIP] = 0, [FK_IPV4] = 4, [FK_IPV6] = 16, [FK_MAC] = 6, [FK_RD] = 8,
	[FK_FLOAT] = 4, [FK_LSE] = 4, [FK_LABEL] = 3, [FK_EXTCOMM] = 8, [FK_SYSID] = 6,
	[FK_OPT] = 0, [FK_ADDR] = -1, [FK_SID] = -1, [FK_SIDLABEL] = -1,
	[FK_UINT] = -1, [FK_TEXT] = -1, [FK_HEX] = -1, [FK_U32S] = -1,
	[FK_IPV4S] = -1, [FK_FLOATS] = -1, [FK_LSES] = -1, [FK_SRGBS] = -1,
	[FK_U8S] = -1, [FK_U16S] = -1, [FK_PFX4] = -1, [FK_PFX6] = -1, [FK_IGPRID] = -1,
	[FK_SRRANGES] = -1, [FK_SUB] = -1,
};

static int
fsize(const struct fld *f)
{
	return f->kind == FK_SKIP ? f->n : fk_size[f->kind];
}

const struct tlv_def *
tlv_find(const struct tlv_tab *t, uint16_t code)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->rows[i].code == code)
			return &t->rows[i];
	return t->other;
}

/* Prefix: length in bits, then exactly the bytes it needs. */
static bool
pfx_ok(size_t rest, const uint8_t *p, unsigned maxbits)
{
	return rest >= 1 && p[0] <= maxbits && rest == 1 + (p[0] + 7u) / 8u;
}

/* SR ranges (RFC 9085 2.1.2): range (3), type 1161 (2), length 3 or 4, value. */
static bool
ranges_ok(const uint8_t *p, size_t rest)
{
	while (rest > 0) {
		unsigned t, l;

		if (rest < 7)
			return false;
		t = (unsigned)p[3] << 8 | p[4];
		l = (unsigned)p[5] << 8 | p[6];
		if (t != 1161 || (l != 3 && l != 4) || rest < 7u + l)
			return false;
		p += 7 + l;
		rest -= 7 + l;
	}
	return true;
}

/* The rest kinds whose bytes say whether they fit. */
static bool
rest_bytes_ok(uint8_t kind, const uint8_t *p, size_t rest, const char **why)
{
	switch (kind) {
	case FK_PFX4:
	case FK_PFX6:
		*why = "a prefix length and exactly its bytes";
		return pfx_ok(rest, p, kind == FK_PFX4 ? 32 : 128);
	case FK_SRRANGES:
		*why = "SR ranges, each a 3-byte range and a SID/label TLV 1161 of 3 or 4 bytes";
		return ranges_ok(p, rest);
	default:
		return true;
	}
}

/* A field that takes the rest: may it be these `rest` bytes? */
static bool
rest_ok(uint8_t kind, const uint8_t *p, size_t rest, const char **why)
{
	switch (kind) {
	case FK_ADDR:
		*why = "an address of 4 or 16 bytes";
		return rest == 4 || rest == 16;
	case FK_SID:
		*why = "no SID, a 4-byte label or a 16-byte SRv6 SID";
		return rest == 0 || rest == 4 || rest == 16;
	case FK_SIDLABEL:
		*why = "a 3-byte label or a 4-byte index";
		return rest == 3 || rest == 4;
	case FK_UINT:
		*why = "a number of 1 to 8 bytes";
		return rest >= 1 && rest <= 8;
	case FK_U32S: case FK_IPV4S: case FK_FLOATS: case FK_LSES:
		*why = "a whole number of 4-byte entries";
		return rest % 4 == 0;
	case FK_SRGBS:
		*why = "a whole number of 6-byte SRGBs";
		return rest % 6 == 0;
	case FK_U16S:
		*why = "a whole number of 2-byte entries";
		return rest % 2 == 0;
	case FK_IGPRID:
		*why = "an IGP router id of 4, 6, 7 or 8 bytes";
		return rest == 4 || rest == 6 || rest == 7 || rest == 8;
	default:
		return rest_bytes_ok(kind, p, rest, why);
	}
}

bool
fld_ok(const struct fld *f, const struct cur *v, const char **why)
{
	size_t fixed = 0, len = cur_left(v);

	*why = NULL;
	if (f == NULL)
		return true;
	for (; f->kind != FK_END; f++) {
		int sz = fsize(f);

		if (f->kind == FK_OPT) {
			if (len == fixed)
				return true;
			continue;
		}
		if (sz >= 0) {
			fixed += (size_t)sz;
			continue;
		}
		if (len < fixed) {
			*why = "its fixed fields";
			return false;
		}
		return rest_ok(f->kind, v->p + fixed, len - fixed, why);
	}
	return len == fixed;
}

/* ---------------------------------------------------------------- headers */

static bool
tlv_hdr(const struct tlv_tab *t, struct cur *c, uint16_t *code, size_t *len, bool *short_incl)
{
	uint8_t t8, l8;
	uint16_t l16;

	*short_incl = false;
	switch (t->hdr) {
	case TLV_T1L1:
		if (!cur_u8(c, &t8) || !cur_u8(c, &l8))
			return false;
		*code = t8;
		*len = l8;
		return true;
	case TLV_T2L2:
		if (!cur_u16(c, code) || !cur_u16(c, &l16))
			return false;
		*len = l16;
		return true;
	case TLV_T1L12:
		if (!cur_u8(c, &t8))
			return false;
		*code = t8;
		if (t8 >= 128) {
			if (!cur_u16(c, &l16))
				return false;
			*len = l16;
		} else {
			if (!cur_u8(c, &l8))
				return false;
			*len = l8;
		}
		return true;
	default: /* TLV_T1L2, TLV_T1L2_INCL */
		if (!cur_u8(c, &t8) || !cur_u16(c, &l16))
			return false;
		*code = t8;
		*len = l16;
		if (t->hdr == TLV_T1L2_INCL) {
			*short_incl = l16 < 3;
			*len = l16 < 3 ? 0 : l16 - 3u;
		}
		return true;
	}
}

/*
 * The printers' walk (the value was checked at decode time): the next
 * TLV's code and value; false at the end or at what the check refused.
 */
static bool
tlv_next(const struct tlv_tab *t, struct cur *c, uint16_t *code, struct cur *val)
{
	size_t len;
	bool short_incl;

	return tlv_hdr(t, c, code, &len, &short_incl) && !short_incl && cur_sub(c, len, val);
}

/* ---------------------------------------------------------------- check */

static const struct fld *
row_layout(const struct tlv_def *row, uint16_t parent)
{
	if (row == NULL)
		return NULL;
	if (row->pick)
		return row->pick(parent);
	return row->f;
}

#define TLV_ERR(tc, off_, why_, what_, ...) do { \
	(tc)->off = (off_); \
	(tc)->why = (why_); \
	(tc)->what = (what_); \
	if ((tc)->errs) \
		bgp_err_add((tc)->errs, (off_), (tc)->code, (tc)->subcode, (tc)->treat, \
		    __VA_ARGS__); \
} while (0)

/* The lengths layout f allows, as text: "6", "6 or 10", "at least 2". */
static const char *
fld_expect(const struct fld *f, char *buf, size_t cap)
{
	struct sbuf s;
	size_t fixed = 0;

	sbuf_init(&s, buf, cap);
	for (; f->kind != FK_END; f++) {
		if (f->kind == FK_OPT) {
			sbuf_printf(&s, "%zu or ", fixed);
			continue;
		}
		if (fsize(f) < 0) {
			sbuf_printf(&s, "at least %zu", fixed);
			return buf;
		}
		fixed += (size_t)fsize(f);
	}
	sbuf_printf(&s, "%zu", fixed);
	return buf;
}

static bool
len_check(const struct tlv_tab *t, const struct fld *f, uint16_t code, const char *name,
    const struct cur *val, struct tlv_ctx *tc, size_t off)
{
	const char *why;
	char exp[48];
	size_t len = cur_left(val);

	if (fld_ok(f, val, &why))
		return true;
	if (why)
		TLV_ERR(tc, off, "TLV length does not fit its layout", name,
		    "%s: %s %u (%s) length %zu: not %s", tc->attr, t->what,
		    code, name, len, why);
	else
		TLV_ERR(tc, off, "TLV length does not fit its layout", name,
		    "%s: %s %u (%s) length %zu, expected %s", tc->attr, t->what,
		    code, name, len, fld_expect(f, exp, sizeof(exp)));
	return false;
}

/* The bytes before a layout's FK_SUB; -1 when it has none. */
static long
sub_offset(const struct fld *f)
{
	long n = 0;

	for (; f && f->kind != FK_END; f++) {
		if (f->kind == FK_SUB)
			return n;
		if (fsize(f) > 0)
			n += fsize(f);
	}
	return -1;
}

static bool
row_check(const struct tlv_tab *t, const struct tlv_def *row, const struct cur *val,
    uint16_t code, uint16_t parent, struct tlv_ctx *tc, unsigned depth, size_t off)
{
	const struct fld *f = row_layout(row, parent);
	struct cur s = *val;
	long so;

	if (!len_check(t, f, code, row->name, val, tc, off))
		return false;
	so = sub_offset(f);
	if (so < 0 || row->sub == NULL)
		return true;
	if (depth + 1 >= TLV_MAX_DEPTH) {
		TLV_ERR(tc, off, "TLVs nested too deep", row->name,
		    "%s: %s %u (%s) nested deeper than %d levels", tc->attr,
		    t->what, code, row->name, TLV_MAX_DEPTH);
		return false;
	}
	(void)cur_skip(&s, (size_t)so);
	return tlv_check(row->sub, &s, code, tc, depth + 1);
}

bool
tlv_check(const struct tlv_tab *t, const struct cur *v, uint16_t parent,
    struct tlv_ctx *tc, unsigned depth)
{
	struct cur c = *v;

	while (cur_left(&c)) {
		size_t off = cur_off(&c), len;
		uint16_t code;
		bool short_incl;
		struct cur val;
		const struct tlv_def *row;

		if (!tlv_hdr(t, &c, &code, &len, &short_incl)) {
			TLV_ERR(tc, off, "TLV header truncated", NULL,
			    "%s: %s header truncated (%zu bytes left)", tc->attr,
			    t->what, (size_t)(c.end - c.base) - off);
			return false;
		}
		if (short_incl) {
			TLV_ERR(tc, off, "TLV length shorter than its header", NULL,
			    "%s: %s %u length is shorter than its 3-byte header",
			    tc->attr, t->what, code);
			return false;
		}
		if (!cur_sub(&c, len, &val)) {
			TLV_ERR(tc, off, "TLV overruns its container", NULL,
			    "%s: %s %u length %zu overruns its container "
			    "(%zu bytes left)", tc->attr, t->what, code, len, cur_left(&c));
			return false;
		}
		row = tlv_find(t, code);
		if (row && !row_check(t, row, &val, code, parent, tc, depth, off))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- describe */

static void
put_lse(struct emit *e, uint32_t v)
{
	emit_knum(e, "label", v >> 12);
	emit_knum(e, "tc", (v >> 9) & 7);
	emit_kbool(e, "s", (v >> 8) & 1);
	emit_knum(e, "ttl", v & 0xff);
}

static void
put_float(struct emit *e, const char *key, uint32_t bits, struct sbuf *tmp)
{
	float x;

	memcpy(&x, &bits, sizeof(x));
	if (isfinite(x) && x >= 0 && x < 1.8e19f) {
		emit_knum(e, key, (uint64_t)(x + 0.5f));
		return;
	}
	tmp->len = 0;
	sbuf_printf(tmp, "%g", (double)x);
	emit_kstr(e, key, tmp->p);
}

static void
put_addr(struct emit *e, const char *key, const uint8_t *a, size_t n, struct sbuf *tmp)
{
	tmp->len = 0;
	tmp->p[0] = '\0';
	if (n == 4)
		sbuf_ipv4(tmp, a);
	else
		sbuf_ipv6(tmp, a);
	emit_kstr(e, key, tmp->p);
}

/* A list field (4-byte entries) as an array. */
static void
put_list(struct emit *e, uint8_t kind, const char *key, struct cur *v, struct sbuf *tmp)
{
	uint32_t x;
	const uint8_t *p;

	e->key(e, key);
	e->arr_begin(e);
	while (kind == FK_SRGBS && cur_left(v) >= 6) {
		uint32_t base = 0, range = 0;

		(void)cur_u24(v, &base);
		(void)cur_u24(v, &range);
		e->obj_begin(e);
		emit_knum(e, "base", base);
		emit_knum(e, "range", range);
		e->obj_end(e);
	}
	while ((kind == FK_U8S || kind == FK_U16S) && cur_left(v) >= 1) {
		uint8_t b = 0;
		uint16_t h = 0;

		if (kind == FK_U8S ? !cur_u8(v, &b) : !cur_u16(v, &h))
			break;
		e->num(e, kind == FK_U8S ? b : h);
	}
	while (cur_left(v) >= 4) {
		if (kind == FK_IPV4S) {
			(void)cur_bytes(v, 4, &p);
			tmp->len = 0;
			sbuf_ipv4(tmp, p);
			e->str(e, tmp->p);
			continue;
		}
		(void)cur_u32(v, &x);
		if (kind == FK_FLOATS) {
			float f;

			memcpy(&f, &x, sizeof(f));
			e->num(e, isfinite(f) && f >= 0 && f < 1.8e19f ? (uint64_t)(f + 0.5f) : 0);
		} else if (kind == FK_LSES)
			e->num(e, x >> 12);
		else
			e->num(e, x);
	}
	e->arr_end(e);
}

/* A prefix (length in bits + bytes) or an IGP router id (by its length). */
static void
put_pfx_rid(const struct fld *f, const uint8_t *p, size_t n, struct emit *e, struct sbuf *tmp)
{
	uint8_t a[16] = { 0 };

	if (f->kind == FK_IGPRID) {
		if (n == 4 || n == 8)
			sbuf_ipv4(tmp, p);
		if (n == 8) {
			sbuf_putc(tmp, ':');
			sbuf_ipv4(tmp, p + 4);
		}
		if (n == 6 || n == 7)   /* ISO system id as IS-IS shows it */
			sbuf_printf(tmp, "%02x%02x.%02x%02x.%02x%02x", p[0], p[1], p[2], p[3],
			    p[4], p[5]);
		if (n == 7)
			sbuf_printf(tmp, ".%02x", p[6]);
		emit_kstr(e, f->key, tmp->p);
		return;
	}
	memcpy(a, p + 1, n - 1 < sizeof(a) ? n - 1 : sizeof(a));
	if (f->kind == FK_PFX4)
		sbuf_ipv4(tmp, a);
	else
		sbuf_ipv6(tmp, a);
	sbuf_printf(tmp, "/%u", p[0]);
	emit_kstr(e, f->key, tmp->p);
}

/* SR ranges (checked by ranges_ok): an array of {range, label or index}. */
static void
put_ranges(const char *key, struct cur *v, struct emit *e)
{
	uint32_t range, x;
	uint16_t t, l;

	e->key(e, key);
	e->arr_begin(e);
	while (cur_u24(v, &range) && cur_u16(v, &t) && cur_u16(v, &l)) {
		e->obj_begin(e);
		emit_knum(e, "range", range);
		if (l == 3 && cur_u24(v, &x))
			emit_knum(e, "label", x & 0xfffff);
		else if (cur_u32(v, &x))
			emit_knum(e, "index", x);
		e->obj_end(e);
	}
	e->arr_end(e);
}

/* A field that takes the rest of the value. */
static void
put_rest(const struct fld *f, struct cur *v, const struct tlv_def *row, struct emit *e,
    struct sbuf *tmp, unsigned depth)
{
	size_t n = cur_left(v);
	uint64_t x = 0;
	uint32_t w;

	tmp->len = 0;
	tmp->p[0] = '\0';
	switch (f->kind) {
	case FK_ADDR:
		put_addr(e, f->key, v->p, n, tmp);
		break;
	case FK_SID:
		if (n == 4 && cur_u32(v, &w))
			put_lse(e, w);
		else if (n == 16)
			put_addr(e, f->key, v->p, 16, tmp);
		break;
	case FK_SIDLABEL:
		if (n == 3 && cur_u24(v, &w))
			emit_knum(e, "label", w & 0xfffff);
		else if (cur_u32(v, &w))
			emit_knum(e, "index", w);
		break;
	case FK_UINT:
		for (size_t i = 0; i < n && i < 8; i++)
			x = x << 8 | v->p[i];
		emit_knum(e, f->key, x);
		break;
	case FK_TEXT:
		bgp_fmt_text(tmp, v->p, n);
		emit_kstr(e, f->key, tmp->p);
		break;
	case FK_SUB:
		e->key(e, f->key);
		if (row && row->sub && depth + 1 < TLV_MAX_DEPTH) {
			tlv_emit(row->sub, v, row->code, e, tmp, depth + 1);
			break;
		}
		/* FALLTHROUGH */
	case FK_HEX:
		sbuf_hex(tmp, v->p, n);
		if (f->kind == FK_HEX)
			e->key(e, f->key);
		e->str(e, tmp->p);
		break;
	case FK_PFX4:
	case FK_PFX6:
	case FK_IGPRID:
		put_pfx_rid(f, v->p, n, e, tmp);
		break;
	case FK_SRRANGES:
		put_ranges(f->key, v, e);
		break;
	default:
		put_list(e, f->kind, f->key, v, tmp);
		return;
	}
	v->p = v->end;
}

/* One fixed-size field. */
static void
put_fixed(const struct fld *f, struct cur *v, struct emit *e, struct sbuf *tmp)
{
	const uint8_t *p;
	uint64_t x = 0;

	if (!cur_bytes(v, (size_t)fsize(f), &p) || f->kind == FK_SKIP)
		return;
	for (int i = 0; i < fsize(f) && i < 8; i++)
		x = x << 8 | p[i];
	tmp->len = 0;
	tmp->p[0] = '\0';
	switch (f->kind) {
	case FK_IPV4:
	case FK_IPV6:
		put_addr(e, f->key, p, (size_t)fsize(f), tmp);
		return;
	case FK_MAC:
		sbuf_printf(tmp, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3],
		    p[4], p[5]);
		break;
	case FK_RD:
		bgp_fmt_rd(tmp, p);
		break;
	case FK_EXTCOMM:
		bgp_fmt_ext_community(tmp, p);
		break;
	case FK_SYSID:
		sbuf_printf(tmp, "%02x%02x.%02x%02x.%02x%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
		break;
	case FK_FLOAT:
		put_float(e, f->key, (uint32_t)x, tmp);
		return;
	case FK_LSE:
		put_lse(e, (uint32_t)x);
		return;
	case FK_LABEL:
		emit_knum(e, f->key, x >> 4);
		return;
	default:
		emit_knum(e, f->key, x);
		return;
	}
	emit_kstr(e, f->key, tmp->p);
}

void
fld_emit(const struct fld *f, struct cur *v, const struct tlv_def *row, struct emit *e,
    struct sbuf *tmp, unsigned depth)
{
	for (; f->kind != FK_END; f++) {
		if (f->kind == FK_OPT) {
			if (cur_left(v) == 0)
				return;
			continue;
		}
		if (fsize(f) < 0) {
			put_rest(f, v, row, e, tmp, depth);
			return;
		}
		put_fixed(f, v, e, tmp);
	}
}

void
tlv_emit(const struct tlv_tab *t, const struct cur *v, uint16_t parent, struct emit *e,
    struct sbuf *tmp, unsigned depth)
{
	struct cur c = *v, val;
	uint16_t code;

	e->arr_begin(e);
	while (tlv_next(t, &c, &code, &val)) {
		const struct tlv_def *row = tlv_find(t, code);
		const struct fld *f = row_layout(row, parent);
		const char *why;

		e->obj_begin(e);
		emit_kstr(e, "type", row && row->name ? row->name : "unknown");
		emit_knum(e, "code", code);
		if (f && fld_ok(f, &val, &why) && depth < TLV_MAX_DEPTH) {
			fld_emit(f, &val, row, e, tmp, depth);
		} else if (cur_left(&val)) {
			tmp->len = 0;
			tmp->p[0] = '\0';
			sbuf_hex(tmp, val.p, cur_left(&val));
			emit_kstr(e, "hex", tmp->p);
		}
		e->obj_end(e);
	}
	e->arr_end(e);
}

/* Is layout f a lone FK_SUB (a container TLV)? */
static bool
lone_sub(const struct fld *f)
{
	return f && f[0].kind == FK_SUB && f[1].kind == FK_END;
}

void
tlv_emit_flat(const struct tlv_tab *t, const struct cur *v, uint16_t parent, struct emit *e,
    struct sbuf *tmp, unsigned depth)
{
	struct cur c = *v, val;
	uint16_t code;
	const char *why;

	while (tlv_next(t, &c, &code, &val)) {
		const struct tlv_def *row = tlv_find(t, code);
		const struct fld *f = row_layout(row, parent);

		if (f && lone_sub(f) && row->sub && depth + 1 < TLV_MAX_DEPTH) {
			e->key(e, f->key);
			e->obj_begin(e);
			tlv_emit_flat(row->sub, &val, code, e, tmp, depth + 1);
			e->obj_end(e);
		} else if (f && !lone_sub(f) && fld_ok(f, &val, &why)) {
			fld_emit(f, &val, row, e, tmp, depth);
		} else {
			tmp->len = 0;
			sbuf_printf(tmp, "%u:", code);
			sbuf_hex(tmp, val.p, cur_left(&val));
			emit_kstr(e, "unknown", tmp->p);
		}
	}
}
