/*
 * bgp_pattr.c - path attributes with a fixed structure of their own:
 * PMSI_TUNNEL (22, RFC 6514 5: flags, tunnel type, label, a tunnel
 * identifier laid out per type) and BGPsec_PATH (33, RFC 8205 3: the
 * Secure_Path and its Signature_Blocks, shown structurally, nothing
 * verified).
 * Calls: bgp_tlv (field layouts), bgp_err, sbuf.
 */
#include "bgp.h"
#include "bgp_tlv.h"
#include "attr_table.h"

#define F(k, key) { (k), 0, (key) }
#define SKIP(n) { FK_SKIP, (n), NULL }
#define END { FK_END, 0, NULL }
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- PMSI_TUNNEL */

static const struct fld pmsi_none[] = { END };
static const struct fld pmsi_rsvp[] = { F(FK_U32, "p2mp_id"), SKIP(2), F(FK_U16, "tunnel_id"),
	F(FK_IPV4, "extended_tunnel_id"), END };
static const struct fld pmsi_rsvp6[] = { F(FK_U32, "p2mp_id"), SKIP(2), F(FK_U16, "tunnel_id"),
	F(FK_IPV6, "extended_tunnel_id"), END };
static const struct fld pmsi_mldp[] = { F(FK_U8, "fec_type"), F(FK_U16, "afi"),
	F(FK_U8, "address_length"), F(FK_IPV4, "root"), F(FK_U16, "opaque_length"),
	F(FK_HEX, "opaque"), END };
static const struct fld pmsi_mldp6[] = { F(FK_U8, "fec_type"), F(FK_U16, "afi"),
	F(FK_U8, "address_length"), F(FK_IPV6, "root"), F(FK_U16, "opaque_length"),
	F(FK_HEX, "opaque"), END };
static const struct fld pmsi_pim[] = { F(FK_IPV4, "sender"), F(FK_IPV4, "group"), END };
static const struct fld pmsi_pim6[] = { F(FK_IPV6, "sender"), F(FK_IPV6, "group"), END };
static const struct fld pmsi_ir[] = { F(FK_ADDR, "endpoint"), END };

/* IANA "P-Multicast Service Interface Tunnel (PMSI Tunnel) Tunnel Types" */
static const struct pmsi_type {
	uint8_t type;
	const char *name;
	const struct fld *f4, *f6; /* the tunnel identifier (IPv4, IPv6 form) */
} pmsi_types[] = {
	{ 0, "no-tunnel-information", pmsi_none, NULL },
	{ 1, "RSVP-TE-P2MP-LSP", pmsi_rsvp, pmsi_rsvp6 },
	{ 2, "mLDP-P2MP-LSP", pmsi_mldp, pmsi_mldp6 },
	{ 3, "PIM-SSM-tree", pmsi_pim, pmsi_pim6 },
	{ 4, "PIM-SM-tree", pmsi_pim, pmsi_pim6 },
	{ 5, "BIDIR-PIM-tree", pmsi_pim, pmsi_pim6 },
	{ 6, "ingress-replication", pmsi_ir, NULL },
	{ 7, "mLDP-MP2MP-LSP", pmsi_mldp, pmsi_mldp6 },
	{ 8, "transport-tunnel", NULL, NULL },
	{ 9, "assisted-replication", NULL, NULL },
	{ 11, "BIER", NULL, NULL },
	{ 12, "SR-MPLS-P2MP-tree", NULL, NULL },
};

static const struct pmsi_type *
pmsi_type(uint8_t type)
{
	for (size_t i = 0; i < N(pmsi_types); i++)
		if (pmsi_types[i].type == type)
			return &pmsi_types[i];
	return NULL;
}

/* The layout of this tunnel identifier; NULL: shown as hex. *fits: it does. */
static const struct fld *
pmsi_layout(const struct pmsi_type *t, const struct cur *v, bool *fits)
{
	const char *why;

	*fits = true;
	if (t == NULL || t->f4 == NULL)
		return NULL;
	if (fld_ok(t->f4, v, &why))
		return t->f4;
	if (t->f6 && fld_ok(t->f6, v, &why))
		return t->f6;
	*fits = false;
	return NULL;
}

/* RFC 6514 5: a tunnel identifier that does not fit its type is malformed. */
bool
bgp_pmsi_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;
	uint8_t flags = 0, type = 0;
	bool fits;

	(void)u; (void)ctx;
	(void)cur_u8(&v, &flags);
	(void)cur_u8(&v, &type);
	(void)cur_skip(&v, 3);
	(void)pmsi_layout(pmsi_type(type), &v, &fits);
	if (!fits) {
		bgp_err_add(errs, cur_off(&v), BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL,
		    BGP_TREAT_WITHDRAW, "PMSI_TUNNEL: %s tunnel identifier of %zu bytes "
		    "does not fit its type", pmsi_type(type)->name, cur_left(&v));
		return false;
	}
	return true;
}

void
bgp_pmsi_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val;
	uint8_t flags = 0, type = 0;
	uint32_t label = 0;
	const struct pmsi_type *t;
	const struct fld *f;
	bool fits;

	(void)u; (void)ctx;
	(void)cur_u8(&v, &flags);
	(void)cur_u8(&v, &type);
	(void)cur_u24(&v, &label);
	t = pmsi_type(type);
	e->obj_begin(e);
	emit_knum(e, "flags", flags);
	emit_kbool(e, "leaf_info_required", flags & 1);
	emit_kstr(e, "tunnel_type", t ? t->name : "unknown");
	emit_knum(e, "tunnel_type_code", type);
	/* a 20-bit label in the high bits; EVPN (RFC 8365 5.1.3) puts a 24-bit VNI there */
	emit_knum(e, "label", label >> 4);
	emit_knum(e, "label_field", label);
	f = pmsi_layout(t, &v, &fits);
	if (f) {
		fld_emit(f, &v, NULL, e, tmp, 0);
	} else if (cur_left(&v)) {
		tmp->len = 0;
		tmp->p[0] = '\0';
		sbuf_hex(tmp, v.p, cur_left(&v));
		emit_kstr(e, "tunnel_id", tmp->p);
	}
	e->obj_end(e);
}

/* ---------------------------------------------------------------- BGPsec_PATH */

#define BGPSEC_SEG_LEN 6         /* pCount, flags, AS */
#define BGPSEC_SKI_LEN 20
#define BGPSEC_MAX_BLOCKS 2      /* RFC 8205 3: one or two algorithm suites */

/* RFC 8205 5.2: a syntactically malformed BGPsec_PATH is treat-as-withdraw */
#define BGPSEC_ERR(errs, off, ...) (bgp_err_add((errs), (off), BGP_ERR_UPDATE, \
	BGP_ERR_UPD_OPTIONAL, BGP_TREAT_WITHDRAW, "BGPsec_PATH: " __VA_ARGS__), false)

/* One Signature_Block: length (with itself), suite, segments. */
static bool
bgpsec_block(struct cur *c, size_t nseg, struct bgp_errs *errs)
{
	size_t off = cur_off(c), n = 0;
	uint16_t len = 0, slen;
	uint8_t suite;
	struct cur b, peek = *c;

	if (!cur_u16(&peek, &len) || len < 3)
		return BGPSEC_ERR(errs, off, "Signature_Block length %u is below its "
		    "3-byte header", len);
	if (!cur_sub(c, len, &b))
		return BGPSEC_ERR(errs, off, "Signature_Block length %u overruns the "
		    "attribute (%zu bytes left)", len, cur_left(c));
	(void)cur_skip(&b, 2);
	(void)cur_u8(&b, &suite);
	while (cur_left(&b)) {
		size_t soff = cur_off(&b);

		if (!cur_skip(&b, BGPSEC_SKI_LEN) || !cur_u16(&b, &slen) || !cur_skip(&b, slen))
			return BGPSEC_ERR(errs, soff, "Signature_Segment %zu truncated "
			    "(%zu bytes left in its block)", n + 1, (size_t)(b.end - b.base) - soff);
		n++;
	}
	if (n != nseg)
		return BGPSEC_ERR(errs, off, "%zu Signature_Segments for %zu "
		    "Secure_Path Segments", n, nseg);
	return true;
}

bool
bgp_bgpsec_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct cur v = a->val;
	uint16_t plen = 0;
	size_t nseg, nblocks = 0;

	(void)u; (void)ctx;
	if (!cur_u16(&v, &plen) || plen < 2 + BGPSEC_SEG_LEN ||
	    (plen - 2u) % BGPSEC_SEG_LEN != 0 || !cur_skip(&v, plen - 2u))
		return BGPSEC_ERR(errs, a->off, "Secure_Path length %u is not 2 + 6n "
		    "within the attribute (length %u)", plen, a->len);
	nseg = (plen - 2u) / BGPSEC_SEG_LEN;
	while (cur_left(&v)) {
		if (nblocks == BGPSEC_MAX_BLOCKS)
			return BGPSEC_ERR(errs, cur_off(&v), "more than 2 Signature_Blocks "
			    "(%zu bytes after the second)", cur_left(&v));
		if (!bgpsec_block(&v, nseg, errs))
			return false;
		nblocks++;
	}
	if (nblocks == 0)
		return BGPSEC_ERR(errs, a->off, "no Signature_Block after %zu Secure_Path "
		    "Segments", nseg);
	return true;
}

static void
bgpsec_emit_block(struct cur *b, struct emit *e, struct sbuf *tmp)
{
	uint8_t suite = 0;
	uint16_t slen;
	const uint8_t *ski, *sig;

	(void)cur_skip(b, 2);
	(void)cur_u8(b, &suite);
	e->obj_begin(e);
	emit_knum(e, "algorithm_suite", suite);
	e->key(e, "signatures");
	e->arr_begin(e);
	while (cur_bytes(b, BGPSEC_SKI_LEN, &ski) && cur_u16(b, &slen) &&
	    cur_bytes(b, slen, &sig)) {
		e->obj_begin(e);
		tmp->len = 0;
		sbuf_hex(tmp, ski, BGPSEC_SKI_LEN);
		emit_kstr(e, "ski", tmp->p);
		emit_knum(e, "length", slen);
		e->obj_end(e);
	}
	e->arr_end(e);
	e->obj_end(e);
}

void
bgp_bgpsec_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	struct cur v = a->val, sp, b, peek;
	uint16_t plen = 0, blen;
	uint8_t pcount, flags;
	uint32_t as;

	(void)u; (void)ctx;
	e->obj_begin(e);
	e->key(e, "secure_path");
	e->arr_begin(e);
	if (cur_u16(&v, &plen) && plen >= 2 && cur_sub(&v, plen - 2u, &sp)) {
		while (cur_u8(&sp, &pcount) && cur_u8(&sp, &flags) && cur_u32(&sp, &as)) {
			e->obj_begin(e);
			emit_knum(e, "pcount", pcount);
			emit_knum(e, "flags", flags);
			emit_knum(e, "asn", as);
			e->obj_end(e);
		}
	}
	e->arr_end(e);
	e->key(e, "signature_blocks");
	e->arr_begin(e);
	for (;;) {
		peek = v;
		if (!cur_u16(&peek, &blen) || blen < 3 || !cur_sub(&v, blen, &b))
			break;
		bgpsec_emit_block(&b, e, tmp);
	}
	e->arr_end(e);
	e->obj_end(e);
}
