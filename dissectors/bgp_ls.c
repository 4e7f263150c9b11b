/*
 * bgp_ls.c - BGP-LS (RFC 9552: AFI 16388, SAFI 71 and 72) and SR Policy
 * (SAFI 73, RFC 9830) NLRI, as tables for the TLV walker of bgp_tlv.c
 * (the BGP-LS attribute is in bgp_lsattr.c).
 *   NLRI: node, link, IPv4/IPv6 prefix (RFC 9552 5.2) and SRv6 SID (RFC
 *   9514 6) with protocol, identifier, local/remote node descriptors,
 *   link and prefix descriptors; other NLRI types as hex (RFC 9552 5.1:
 *   preserved, not an error).
 * The walkers follow bgp_nlri.h (one function checks and describes).
 * Calls: bgp_tlv, bgp_nlri_out, cursor, sbuf.
 */
#include <string.h>

#include "bgp_nlri.h"
#include "bgp_tlv.h"

#define F(k, key) { (k), 0, (key) }
#define SKIP(n) { FK_SKIP, (n), NULL }
#define END { FK_END, 0, NULL }
#define OPT { FK_OPT, 0, NULL }
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- NLRI descriptors */

static const struct fld d_as[] = { F(FK_U32, "as"), END };
static const struct fld d_lsid[] = { F(FK_U32, "bgp_ls_id"), END };
static const struct fld d_area[] = { F(FK_IPV4, "ospf_area"), END };
static const struct fld d_rid[] = { F(FK_IGPRID, "igp_router_id"), END };
static const struct fld d_bgprid[] = { F(FK_IPV4, "bgp_router_id"), END };
static const struct fld d_member[] = { F(FK_U32, "member_as"), END };

/* RFC 9552 5.2.1.4, RFC 9086 4.1: node descriptor sub-TLVs */
static const struct tlv_def node_rows[] = {
	{ 512, "autonomous-system", d_as, NULL, NULL },
	{ 513, "bgp-ls-identifier", d_lsid, NULL, NULL },
	{ 514, "ospf-area-id", d_area, NULL, NULL },
	{ 515, "igp-router-id", d_rid, NULL, NULL },
	{ 516, "bgp-router-id", d_bgprid, NULL, NULL },
	{ 517, "member-as", d_member, NULL, NULL },
};

static const struct tlv_tab node_tab = {
	"node descriptor", TLV_T2L2, node_rows, N(node_rows), NULL,
};

static const struct fld n_local[] = { F(FK_SUB, "local"), END };
static const struct fld n_remote[] = { F(FK_SUB, "remote"), END };
static const struct fld n_linkid[] = { F(FK_U32, "link_local_id"), F(FK_U32, "link_remote_id"),
	END };
static const struct fld n_v4if[] = { F(FK_IPV4, "ipv4_interface"), END };
static const struct fld n_v4nb[] = { F(FK_IPV4, "ipv4_neighbor"), END };
static const struct fld n_v6if[] = { F(FK_IPV6, "ipv6_interface"), END };
static const struct fld n_v6nb[] = { F(FK_IPV6, "ipv6_neighbor"), END };
static const struct fld n_mt[] = { F(FK_U16S, "mt_id"), END };
static const struct fld n_ospf_rt[] = { F(FK_U8, "ospf_route_type"), END };
static const struct fld n_pfx4[] = { F(FK_PFX4, "prefix"), END };
static const struct fld n_pfx6[] = { F(FK_PFX6, "prefix"), END };
static const struct fld n_srv6[] = { F(FK_IPV6, "srv6_sid"), END };

/* IP reachability (265): an IPv4 prefix in IPv4 prefix NLRI, IPv6 in IPv6 */
static const struct fld *
reach_pick(uint16_t nlri_type)
{
	return nlri_type == 3 ? n_pfx4 : nlri_type == 4 ? n_pfx6 : NULL;
}

/* RFC 9552 5.2.2, 5.2.3; RFC 9514 6.1: the NLRI's TLVs */
static const struct tlv_def nlri_rows[] = {
	{ 256, "local-node-descriptors", n_local, &node_tab, NULL },
	{ 257, "remote-node-descriptors", n_remote, &node_tab, NULL },
	{ 258, "link-identifiers", n_linkid, NULL, NULL },
	{ 259, "ipv4-interface-address", n_v4if, NULL, NULL },
	{ 260, "ipv4-neighbor-address", n_v4nb, NULL, NULL },
	{ 261, "ipv6-interface-address", n_v6if, NULL, NULL },
	{ 262, "ipv6-neighbor-address", n_v6nb, NULL, NULL },
	{ 263, "multi-topology-id", n_mt, NULL, NULL },
	{ 264, "ospf-route-type", n_ospf_rt, NULL, NULL },
	{ 265, "ip-reachability", NULL, NULL, reach_pick },
	{ 518, "srv6-sid-information", n_srv6, NULL, NULL },
};

static const struct tlv_tab nlri_tab = {
	"NLRI TLV", TLV_T2L2, nlri_rows, N(nlri_rows), NULL,
};

static const char *const ls_types[] = {
	[1] = "node", [2] = "link", [3] = "ipv4-prefix", [4] = "ipv6-prefix",
	[5] = "te-policy", [6] = "srv6-sid",
};

/* IANA "BGP-LS Protocol-IDs" */
static const char *const ls_protos[] = {
	[1] = "IS-IS-L1", [2] = "IS-IS-L2", [3] = "OSPFv2", [4] = "direct", [5] = "static",
	[6] = "OSPFv3", [7] = "BGP", [8] = "RSVP-TE", [9] = "SR",
};

/* ---------------------------------------------------------------- text form */

/*
 * The one-line text form of the descriptors: an object's members become
 * "key:value" strings of an array under the object's key, so the line
 * emitter shows "local as:1,bgp_ls_id:7,igp_router_id:10.0.0.1".
 */
struct kvemit {
	struct emit e;
	struct emit *out;
	const char *key;
	int depth;
};

static void kv_key(struct emit *e, const char *k) { ((struct kvemit *)e)->key = k; }

static void
kv_str(struct emit *e, const char *v)
{
	struct kvemit *k = (struct kvemit *)e;
	char buf[160];
	struct sbuf s;

	if (k->depth == 0) {   /* outside the descriptors: as is */
		if (k->key)
			k->out->key(k->out, k->key);
		k->out->str(k->out, v);
		k->key = NULL;
		return;
	}
	sbuf_init(&s, buf, sizeof(buf));
	sbuf_printf(&s, "%s:%s", k->key ? k->key : "", v);
	k->out->str(k->out, s.p);
	k->key = NULL;
}

static void
kv_obj_begin(struct emit *e)
{
	struct kvemit *k = (struct kvemit *)e;

	if (k->depth++ == 0) {
		if (k->key)
			k->out->key(k->out, k->key);
		k->out->arr_begin(k->out);
		k->key = NULL;
	}
}

static void
kv_obj_end(struct emit *e)
{
	struct kvemit *k = (struct kvemit *)e;

	if (k->depth > 0 && --k->depth == 0)
		k->out->arr_end(k->out);
}

static void
kv_arr_begin(struct emit *e)
{
	struct kvemit *k = (struct kvemit *)e;

	if (k->depth == 0) {
		if (k->key)
			k->out->key(k->out, k->key);
		k->out->arr_begin(k->out);
		k->key = NULL;
	}
}

static void
kv_arr_end(struct emit *e)
{
	struct kvemit *k = (struct kvemit *)e;

	if (k->depth == 0)
		k->out->arr_end(k->out);
}

static void
kvemit_init(struct kvemit *k, struct emit *out)
{
	static const struct emit ops = {
		.key = kv_key, .str = kv_str, .num = nout_num_str, .boolean = nout_bool_str,
		.obj_begin = kv_obj_begin, .obj_end = kv_obj_end,
		.arr_begin = kv_arr_begin, .arr_end = kv_arr_end,
	};

	memset(k, 0, sizeof(*k));
	k->e = ops;
	k->out = out;
}

/* ---------------------------------------------------------------- NLRI walkers */

static bool
ls_fail(struct nlri_out *o, const struct cur *c, const char *why, const char *what)
{
	nout_fail(o, c, why);
	o->what = what;
	return false;
}

/* The TLVs of a BGP-LS NLRI: checked, then (with an emitter) described. */
static bool
ls_tlvs(struct nlri_out *o, unsigned type, struct cur *v)
{
	struct tlv_ctx tc;
	struct cur w = *v;
	bool local = false, remote = false;
	uint16_t code, len;
	char buf[160];
	struct sbuf tmp;

	memset(&tc, 0, sizeof(tc));
	if (!tlv_check(&nlri_tab, v, (uint16_t)type, &tc, 0)) {
		o->why = tc.why;
		o->what = tc.what;
		o->off = tc.off;
		return false;
	}
	while (cur_u16(&w, &code) && cur_u16(&w, &len) && cur_skip(&w, len)) {
		local |= code == 256;
		remote |= code == 257;
	}
	if (!local)
		return ls_fail(o, v, "no local node descriptors (RFC 9552 5.2)", NULL);
	if (type == 2 && !remote)
		return ls_fail(o, v, "link NLRI without remote node descriptors (RFC 9552 5.2.2)",
		    NULL);
	if (o->e) {
		struct kvemit k;

		sbuf_init(&tmp, buf, sizeof(buf));
		kvemit_init(&k, o->e);
		tlv_emit_flat(&nlri_tab, v, (uint16_t)type, o->text ? &k.e : o->e, &tmp, 0);
	}
	v->p = v->end;
	return true;
}

/*
 * One BGP-LS NLRI (RFC 9552 5.2): [RD (SAFI 72)] protocol id (1),
 * identifier (8), TLVs. Types 1-4 and 6 are decoded; the others (and
 * unknown types) are preserved as hex (RFC 9552 5.1).
 */
bool
bgp_ls_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	uint8_t proto;
	uint64_t id;
	char buf[2 * 64 + 1];
	struct sbuf s;

	nout_str(o, "type", type < N(ls_types) && ls_types[type] ? ls_types[type] : "unknown");
	nout_jnum(o, "nlri_type", type);
	if (o->safi == 72 && !nout_rd(o, v))
		return false;
	if (type >= N(ls_types) || ls_types[type] == NULL || type == 5) {
		sbuf_init(&s, buf, sizeof(buf));
		sbuf_hex(&s, v->p, cur_left(v) < 64 ? cur_left(v) : 64);
		nout_str(o, "hex", s.p);
		v->p = v->end;
		return true;
	}
	if (!cur_u8(v, &proto) || !cur_u64(v, &id))
		return ls_fail(o, v, "truncated before its protocol and identifier", NULL);
	nout_str(o, "protocol", proto < N(ls_protos) && ls_protos[proto] ? ls_protos[proto] :
	    "unknown");
	nout_jnum(o, "protocol_id", proto);
	nout_num(o, "identifier", id);
	return ls_tlvs(o, type, v);
}

/*
 * SR Policy NLRI (RFC 9830 2.1): length in bits (96 or 192, the `type`
 * the delimiter hands over), distinguisher (4), color (4), endpoint: 4
 * octets for AFI 1, 16 for AFI 2.
 */
bool
bgp_srte_walk(struct nlri_out *o, unsigned bits, struct cur *v)
{
	uint32_t dist, color;
	uint8_t a[16];
	unsigned alen = o->afi == AFI_IPV6 ? 16 : 4;

	if (bits != 64 + 8 * alen) {
		nout_fail(o, v, o->afi == AFI_IPV6 ? "length is not 192 bits (RFC 9830 2.1)" :
		    "length is not 96 bits (RFC 9830 2.1)");
		return false;
	}
	if (!cur_u32(v, &dist) || !cur_u32(v, &color) || !cur_copy(v, a, alen))
		return nout_fail(o, v, "truncated");
	nout_num(o, "distinguisher", dist);
	nout_num(o, "color", color);
	nout_addr(o, "endpoint", a, alen);
	return true;
}
