/*
 * bgp_tea.c - the TLV-shaped path attributes, as tables for the walker
 * of bgp_tlv.c: Tunnel Encapsulation (23, RFC 9012) with the SR Policy
 * sub-TLVs (RFC 9830: preference, binding SID, segment lists with segment
 * types A..K, ENLP, priority, names), BGP Prefix-SID (40, RFC 8669, SRv6
 * services RFC 9252) and AIGP (26, RFC 7311).
 * Calls: bgp_tlv, bgp_err.
 */
#include "bgp.h"
#include "bgp_tlv.h"
#include "attr_table.h"

#define F(k, key) { (k), 0, (key) }
#define SKIP(n) { FK_SKIP, (n), NULL }
#define END { FK_END, 0, NULL }
#define OPT { FK_OPT, 0, NULL }
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- SR Policy segments */

/* RFC 9830 2.4.4.2.x: the SRv6 endpoint behavior and SID structure (8 bytes) */
#define SRV6_STRUCT F(FK_U16, "behavior"), SKIP(2), F(FK_U8, "lb_len"), \
	F(FK_U8, "ln_len"), F(FK_U8, "func_len"), F(FK_U8, "arg_len")

static const struct fld seg_a[] = { F(FK_U8, "flags"), SKIP(1), F(FK_LSE, "label"), END };
static const struct fld seg_b[] = { F(FK_U8, "flags"), SKIP(1), F(FK_IPV6, "sid"), OPT,
	SRV6_STRUCT, END };
static const struct fld seg_c[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"),
	F(FK_IPV4, "node"), OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_d[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"),
	F(FK_IPV6, "node"), OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_e[] = { F(FK_U8, "flags"), SKIP(1), F(FK_U32, "local_interface"),
	F(FK_IPV4, "node"), OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_f[] = { F(FK_U8, "flags"), SKIP(1), F(FK_IPV4, "local"),
	F(FK_IPV4, "remote"), OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_g[] = { F(FK_U8, "flags"), SKIP(1), F(FK_U32, "local_interface"),
	F(FK_IPV6, "local_node"), F(FK_U32, "remote_interface"), F(FK_IPV6, "remote_node"),
	OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_h[] = { F(FK_U8, "flags"), SKIP(1), F(FK_IPV6, "local"),
	F(FK_IPV6, "remote"), OPT, F(FK_LSE, "sid"), END };
static const struct fld seg_i[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"),
	F(FK_IPV6, "node"), OPT, F(FK_IPV6, "sid"), OPT, SRV6_STRUCT, END };
static const struct fld seg_j[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"),
	F(FK_U32, "local_interface"), F(FK_IPV6, "local_node"), F(FK_U32, "remote_interface"),
	F(FK_IPV6, "remote_node"), OPT, F(FK_IPV6, "sid"), OPT, SRV6_STRUCT, END };
static const struct fld seg_k[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"),
	F(FK_IPV6, "local"), F(FK_IPV6, "remote"), OPT, F(FK_IPV6, "sid"), OPT,
	SRV6_STRUCT, END };
static const struct fld seg_weight[] = { F(FK_U8, "flags"), SKIP(1), F(FK_U32, "weight"), END };

/* IANA "SR Policy Segment List Sub-TLVs" */
static const struct tlv_def seg_rows[] = {
	{ 1, "A", seg_a, NULL, NULL }, { 3, "C", seg_c, NULL, NULL },
	{ 4, "D", seg_d, NULL, NULL }, { 5, "E", seg_e, NULL, NULL },
	{ 6, "F", seg_f, NULL, NULL }, { 7, "G", seg_g, NULL, NULL },
	{ 8, "H", seg_h, NULL, NULL }, { 9, "weight", seg_weight, NULL, NULL },
	{ 13, "B", seg_b, NULL, NULL }, { 14, "I", seg_i, NULL, NULL },
	{ 15, "J", seg_j, NULL, NULL }, { 16, "K", seg_k, NULL, NULL },
};

static const struct tlv_tab seg_tab = {
	"segment list sub-TLV", TLV_T1L1, seg_rows, N(seg_rows), NULL,
};

/* ---------------------------------------------------------------- Tunnel Encapsulation */

/* RFC 9012 3.2: the Encapsulation sub-TLV's layout depends on the tunnel type */
static const struct fld enc_vxlan[] = { F(FK_U8, "flags"), F(FK_U24, "vn_id"),
	F(FK_MAC, "mac"), SKIP(2), END };
static const struct fld enc_gre[] = { F(FK_U32, "key"), END };
static const struct fld enc_l2tp[] = { F(FK_U32, "session_id"), F(FK_HEX, "cookie"), END };

static const struct fld *
enc_pick(uint16_t tunnel_type)
{
	static const struct { uint16_t type; const struct fld *f; } by_type[] = {
		{ 1, enc_l2tp }, { 2, enc_gre }, { 8, enc_vxlan }, { 9, enc_vxlan },
		{ 11, enc_gre },
	};

	for (size_t i = 0; i < N(by_type); i++)
		if (by_type[i].type == tunnel_type)
			return by_type[i].f;
	return NULL;
}

static const struct fld st_proto[] = { F(FK_U16, "ethertype"), END };
static const struct fld st_color[] = { SKIP(4), F(FK_U32, "color"), END };
static const struct fld st_lbb[] = { F(FK_U32, "block_length"), END };
static const struct fld st_egress[] = { SKIP(4), F(FK_U16, "afi"), OPT, F(FK_ADDR, "address"),
	END };
static const struct fld st_ds[] = { F(FK_U8, "ds_field"), END };
static const struct fld st_udp[] = { F(FK_U16, "port"), END };
static const struct fld st_elh[] = { F(FK_U8, "value"), END };
static const struct fld st_mpls[] = { F(FK_LSES, "labels"), END };
static const struct fld st_pref[] = { F(FK_U8, "flags"), SKIP(1), F(FK_U32, "preference"),
	END };
static const struct fld st_bsid[] = { F(FK_U8, "flags"), SKIP(1), F(FK_SID, "sid"), END };
static const struct fld st_enlp[] = { F(FK_U8, "flags"), SKIP(1), F(FK_U8, "enlp"), END };
static const struct fld st_prio[] = { F(FK_U8, "priority"), SKIP(1), END };
static const struct fld st_srv6_bsid[] = { F(FK_U8, "flags"), SKIP(1), F(FK_IPV6, "sid"), OPT,
	SRV6_STRUCT, END };
static const struct fld st_seglist[] = { SKIP(1), F(FK_SUB, "segments"), END };
static const struct fld st_name[] = { SKIP(1), F(FK_TEXT, "name"), END };

/* IANA "BGP Tunnel Encapsulation Attribute Sub-TLVs" */
static const struct tlv_def tea_sub_rows[] = {
	{ 1, "encapsulation", NULL, NULL, enc_pick },
	{ 2, "protocol-type", st_proto, NULL, NULL },
	{ 4, "color", st_color, NULL, NULL },
	{ 5, "load-balancing-block", st_lbb, NULL, NULL },
	{ 6, "tunnel-egress-endpoint", st_egress, NULL, NULL },
	{ 7, "ds-field", st_ds, NULL, NULL },
	{ 8, "udp-destination-port", st_udp, NULL, NULL },
	{ 9, "embedded-label-handling", st_elh, NULL, NULL },
	{ 10, "mpls-label-stack", st_mpls, NULL, NULL },
	{ 11, "prefix-sid", NULL, NULL, NULL },
	{ 12, "preference", st_pref, NULL, NULL },
	{ 13, "binding-sid", st_bsid, NULL, NULL },
	{ 14, "enlp", st_enlp, NULL, NULL },
	{ 15, "priority", st_prio, NULL, NULL },
	{ 20, "srv6-binding-sid", st_srv6_bsid, NULL, NULL },
	{ 128, "segment-list", st_seglist, &seg_tab, NULL },
	{ 129, "candidate-path-name", st_name, NULL, NULL },
	{ 130, "policy-name", st_name, NULL, NULL },
};

static const struct tlv_tab tea_sub_tab = {
	"sub-TLV", TLV_T1L12, tea_sub_rows, N(tea_sub_rows), NULL,
};

static const struct fld tea_tunnel[] = { F(FK_SUB, "tlvs"), END };

/* IANA "BGP Tunnel Encapsulation Attribute Tunnel Types" */
static const struct tlv_def tea_rows[] = {
	{ 1, "L2TPv3", tea_tunnel, &tea_sub_tab, NULL },
	{ 2, "GRE", tea_tunnel, &tea_sub_tab, NULL },
	{ 3, "transmit-tunnel-endpoint", tea_tunnel, &tea_sub_tab, NULL },
	{ 4, "IPsec-tunnel-mode", tea_tunnel, &tea_sub_tab, NULL },
	{ 5, "IP-in-IP-IPsec-transport", tea_tunnel, &tea_sub_tab, NULL },
	{ 6, "MPLS-in-IP-IPsec-transport", tea_tunnel, &tea_sub_tab, NULL },
	{ 7, "IP-in-IP", tea_tunnel, &tea_sub_tab, NULL },
	{ 8, "VXLAN", tea_tunnel, &tea_sub_tab, NULL },
	{ 9, "NVGRE", tea_tunnel, &tea_sub_tab, NULL },
	{ 10, "MPLS", tea_tunnel, &tea_sub_tab, NULL },
	{ 11, "MPLS-in-GRE", tea_tunnel, &tea_sub_tab, NULL },
	{ 12, "VXLAN-GPE", tea_tunnel, &tea_sub_tab, NULL },
	{ 13, "MPLS-in-UDP", tea_tunnel, &tea_sub_tab, NULL },
	{ 14, "IPv6-tunnel", tea_tunnel, &tea_sub_tab, NULL },
	{ 15, "SR-policy", tea_tunnel, &tea_sub_tab, NULL },
	{ 16, "bare", tea_tunnel, &tea_sub_tab, NULL },
	{ 17, "SR-tunnel", tea_tunnel, &tea_sub_tab, NULL },
	{ 18, "cloud-security", tea_tunnel, &tea_sub_tab, NULL },
	{ 19, "Geneve", tea_tunnel, &tea_sub_tab, NULL },
	{ 20, "any-encapsulation", tea_tunnel, &tea_sub_tab, NULL },
	{ 21, "GTP", tea_tunnel, &tea_sub_tab, NULL },
	{ 22, "DPS", tea_tunnel, &tea_sub_tab, NULL },
	{ 23, "originating-PE", tea_tunnel, &tea_sub_tab, NULL },
	{ 24, "DPS-policy", tea_tunnel, &tea_sub_tab, NULL },
	{ 25, "SDWAN-hybrid", tea_tunnel, &tea_sub_tab, NULL },
};

static const struct tlv_def tea_other = { 0, "unknown", tea_tunnel, &tea_sub_tab, NULL };

static const struct tlv_tab tea_tab = {
	"tunnel TLV", TLV_T2L2, tea_rows, N(tea_rows), &tea_other,
};

/*
 * RFC 9012 13 and RFC 7606: a Tunnel Encapsulation attribute whose TLVs
 * do not add up is malformed: treat-as-withdraw.
 */
bool
bgp_tea_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct tlv_ctx tc = { .errs = errs, .code = BGP_ERR_UPDATE,
	    .subcode = BGP_ERR_UPD_OPTIONAL, .treat = BGP_TREAT_WITHDRAW,
	    .attr = "TUNNEL_ENCAPSULATION" };

	(void)u; (void)ctx;
	return tlv_check(&tea_tab, &a->val, 0, &tc, 0);
}

void
bgp_tea_describe(const struct bgp_attr *a, const struct bgp_update *u, const struct bgp_ctx *ctx,
    struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	tlv_emit(&tea_tab, &a->val, 0, e, tmp, 0);
}

/* ---------------------------------------------------------------- Prefix-SID */

static const struct fld sid_struct[] = { F(FK_U8, "lb_len"), F(FK_U8, "ln_len"),
	F(FK_U8, "func_len"), F(FK_U8, "arg_len"), F(FK_U8, "transposition_len"),
	F(FK_U8, "transposition_offset"), END };

/* RFC 9252 3.2.1: SRv6 SID Information sub-sub-TLVs */
static const struct tlv_def sid_info_rows[] = {
	{ 1, "sid-structure", sid_struct, NULL, NULL },
};

static const struct tlv_tab sid_info_tab = {
	"SRv6 service data sub-sub-TLV", TLV_T1L2, sid_info_rows, N(sid_info_rows), NULL,
};

static const struct fld sid_info[] = { SKIP(1), F(FK_IPV6, "sid"), F(FK_U8, "flags"),
	F(FK_U16, "behavior"), SKIP(1), F(FK_SUB, "tlvs"), END };

/* RFC 9252 3.1: SRv6 Service sub-TLVs */
static const struct tlv_def srv6_svc_rows[] = {
	{ 1, "sid-information", sid_info, &sid_info_tab, NULL },
};

static const struct tlv_tab srv6_svc_tab = {
	"SRv6 service sub-TLV", TLV_T1L2, srv6_svc_rows, N(srv6_svc_rows), NULL,
};

static const struct fld psid_label_index[] = { SKIP(1), F(FK_U16, "flags"),
	F(FK_U32, "label_index"), END };
static const struct fld psid_srgb[] = { F(FK_U16, "flags"), F(FK_SRGBS, "srgb"), END };
static const struct fld psid_srv6[] = { SKIP(1), F(FK_SUB, "tlvs"), END };

/* IANA "BGP Prefix-SID TLV Types" */
static const struct tlv_def psid_rows[] = {
	{ 1, "label-index", psid_label_index, NULL, NULL },
	{ 3, "originator-srgb", psid_srgb, NULL, NULL },
	{ 5, "srv6-l3-service", psid_srv6, &srv6_svc_tab, NULL },
	{ 6, "srv6-l2-service", psid_srv6, &srv6_svc_tab, NULL },
};

static const struct tlv_tab psid_tab = {
	"TLV", TLV_T1L2, psid_rows, N(psid_rows), NULL,
};

/* RFC 8669 6: a malformed Prefix-SID attribute is discarded (attribute discard). */
bool
bgp_psid_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct tlv_ctx tc = { .errs = errs, .code = BGP_ERR_UPDATE,
	    .subcode = BGP_ERR_UPD_OPTIONAL, .treat = BGP_TREAT_ATTR_DISCARD,
	    .attr = "PREFIX_SID" };

	(void)u; (void)ctx;
	return tlv_check(&psid_tab, &a->val, 0, &tc, 0);
}

void
bgp_psid_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	tlv_emit(&psid_tab, &a->val, 0, e, tmp, 0);
}

/* ---------------------------------------------------------------- AIGP */

static const struct fld aigp_metric[] = { F(FK_U64, "metric"), END };

/* RFC 7311 3: TLV type 1 is the 8-byte accumulated IGP metric */
static const struct tlv_def aigp_rows[] = {
	{ 1, "AIGP", aigp_metric, NULL, NULL },
};

static const struct tlv_tab aigp_tab = {
	"TLV", TLV_T1L2_INCL, aigp_rows, N(aigp_rows), NULL,
};

/* RFC 7311 3: a malformed AIGP attribute is discarded (attribute discard). */
bool
bgp_aigp_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct tlv_ctx tc = { .errs = errs, .code = BGP_ERR_UPDATE,
	    .subcode = BGP_ERR_UPD_OPTIONAL, .treat = BGP_TREAT_ATTR_DISCARD,
	    .attr = "AIGP" };

	(void)u; (void)ctx;
	return tlv_check(&aigp_tab, &a->val, 0, &tc, 0);
}
