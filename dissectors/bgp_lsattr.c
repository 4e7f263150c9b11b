/*
 * bgp_lsattr.c - the BGP-LS attribute (29, RFC 9552 5.3) as a table for
 * the TLV walker of bgp_tlv.c: the node, link and prefix attribute TLVs
 * of RFC 9552 with the SR ones of RFC 9085 / 9086, SRv6 of RFC 9514 and
 * the TE metric extensions of RFC 8571; unknown TLVs as type/length/hex.
 * Malformed: attribute discard (RFC 9552 8.2.2).
 * Calls: bgp_tlv, bgp_err.
 */
#include "bgp.h"
#include "bgp_tlv.h"
#include "attr_table.h"

#define F(k, key) { (k), 0, (key) }
#define SKIP(n) { FK_SKIP, (n), NULL }
#define END { FK_END, 0, NULL }
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct fld n_linkid[] = { F(FK_U32, "link_local_id"), F(FK_U32, "link_remote_id"),
	END };

/* ---------------------------------------------------------------- attribute 29 */

static const struct fld a_u8flags[] = { F(FK_U8, "flags"), END };
static const struct fld a_hex[] = { F(FK_HEX, "value"), END };
static const struct fld a_text[] = { F(FK_TEXT, "name"), END };
static const struct fld a_v4[] = { F(FK_IPV4, "router_id"), END };
static const struct fld a_v6[] = { F(FK_IPV6, "router_id"), END };
static const struct fld a_mt[] = { F(FK_U16S, "mt_id"), END };
static const struct fld a_srcap[] = { F(FK_U8, "flags"), SKIP(1), F(FK_SRRANGES, "ranges"),
	END };
static const struct fld a_algos[] = { F(FK_U8S, "algorithms"), END };
static const struct fld a_u8[] = { F(FK_U8, "value"), END };
static const struct fld a_srv6cap[] = { F(FK_U16, "flags"), SKIP(2), END };
static const struct fld a_u32[] = { F(FK_U32, "value"), END };
static const struct fld a_bw[] = { F(FK_FLOAT, "bandwidth"), END };
static const struct fld a_bws[] = { F(FK_FLOATS, "bandwidth"), END };
static const struct fld a_uint[] = { F(FK_UINT, "metric"), END };
static const struct fld a_protect[] = { F(FK_U8, "flags"), SKIP(1), END };
static const struct fld a_u32s[] = { F(FK_U32S, "values"), END };
static const struct fld a_adjsid[] = { F(FK_U8, "flags"), F(FK_U8, "weight"), SKIP(2),
	F(FK_SIDLABEL, "sid"), END };
static const struct fld a_lanadj[] = { F(FK_U8, "flags"), F(FK_U8, "weight"), SKIP(2),
	F(FK_HEX, "neighbor_and_sid"), END };
static const struct fld a_endx[] = { F(FK_U16, "behavior"), F(FK_U8, "flags"),
	F(FK_U8, "algorithm"), F(FK_U8, "weight"), SKIP(1), F(FK_IPV6, "sid"),
	F(FK_SUB, "tlvs"), END };
static const struct fld a_lanendx_isis[] = { F(FK_U16, "behavior"), F(FK_U8, "flags"),
	F(FK_U8, "algorithm"), F(FK_U8, "weight"), SKIP(1), F(FK_SYSID, "neighbor_id"),
	F(FK_IPV6, "sid"), F(FK_SUB, "tlvs"), END };
static const struct fld a_lanendx_ospf[] = { F(FK_U16, "behavior"), F(FK_U8, "flags"),
	F(FK_U8, "algorithm"), F(FK_U8, "weight"), SKIP(1), F(FK_IPV4, "neighbor_id"),
	F(FK_IPV6, "sid"), F(FK_SUB, "tlvs"), END };
static const struct fld a_delay[] = { F(FK_U8, "flags"), F(FK_U24, "delay"), END };
static const struct fld a_minmax[] = { F(FK_U8, "flags"), F(FK_U24, "min_delay"), SKIP(1),
	F(FK_U24, "max_delay"), END };
static const struct fld a_var[] = { SKIP(1), F(FK_U24, "variation"), END };
static const struct fld a_loss[] = { F(FK_U8, "flags"), F(FK_U24, "loss"), END };
static const struct fld a_pfxsid[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"), SKIP(2),
	F(FK_SIDLABEL, "sid"), END };
static const struct fld a_sidlabel[] = { F(FK_SIDLABEL, "sid"), END };
static const struct fld a_addr[] = { F(FK_ADDR, "address"), END };
static const struct fld a_locator[] = { F(FK_U8, "flags"), F(FK_U8, "algorithm"), SKIP(2),
	F(FK_U32, "metric"), F(FK_SUB, "tlvs"), END };
static const struct fld a_behavior[] = { F(FK_U16, "behavior"), F(FK_U8, "flags"),
	F(FK_U8, "algorithm"), END };
static const struct fld a_peersid6[] = { F(FK_U8, "flags"), F(FK_U8, "weight"), SKIP(2),
	F(FK_U32, "peer_as"), F(FK_IPV4, "peer_bgp_id"), END };
static const struct fld a_sidstruct[] = { F(FK_U8, "lb_len"), F(FK_U8, "ln_len"),
	F(FK_U8, "func_len"), F(FK_U8, "arg_len"), END };

/* RFC 9514 8: the SRv6 SID structure sub-TLV inside End.X and locator TLVs */
static const struct tlv_def srv6_sub_rows[] = {
	{ 1252, "srv6-sid-structure", a_sidstruct, NULL, NULL },
};

static const struct tlv_tab srv6_sub_tab = {
	"SRv6 sub-TLV", TLV_T2L2, srv6_sub_rows, N(srv6_sub_rows), NULL,
};

/* IANA "BGP-LS NLRI and Attribute TLVs": RFC 9552 5.3, RFC 9085, 9086, 9514, 8571 */
static const struct tlv_def attr_rows[] = {
	{ 258, "link-identifiers", n_linkid, NULL, NULL },
	{ 263, "multi-topology-id", a_mt, NULL, NULL },
	{ 1024, "node-flags", a_u8flags, NULL, NULL },
	{ 1025, "opaque-node-attribute", a_hex, NULL, NULL },
	{ 1026, "node-name", a_text, NULL, NULL },
	{ 1027, "isis-area-id", a_hex, NULL, NULL },
	{ 1028, "ipv4-router-id-local", a_v4, NULL, NULL },
	{ 1029, "ipv6-router-id-local", a_v6, NULL, NULL },
	{ 1030, "ipv4-router-id-remote", a_v4, NULL, NULL },
	{ 1031, "ipv6-router-id-remote", a_v6, NULL, NULL },
	{ 1034, "sr-capabilities", a_srcap, NULL, NULL },
	{ 1035, "sr-algorithm", a_algos, NULL, NULL },
	{ 1036, "sr-local-block", a_srcap, NULL, NULL },
	{ 1037, "srms-preference", a_u8, NULL, NULL },
	{ 1038, "srv6-capabilities", a_srv6cap, NULL, NULL },
	{ 1088, "admin-group", a_u32, NULL, NULL },
	{ 1089, "max-link-bandwidth", a_bw, NULL, NULL },
	{ 1090, "max-reservable-bandwidth", a_bw, NULL, NULL },
	{ 1091, "unreserved-bandwidth", a_bws, NULL, NULL },
	{ 1092, "te-default-metric", a_uint, NULL, NULL },
	{ 1093, "link-protection-type", a_protect, NULL, NULL },
	{ 1094, "mpls-protocol-mask", a_u8flags, NULL, NULL },
	{ 1095, "igp-metric", a_uint, NULL, NULL },
	{ 1096, "shared-risk-link-group", a_u32s, NULL, NULL },
	{ 1097, "opaque-link-attribute", a_hex, NULL, NULL },
	{ 1098, "link-name", a_text, NULL, NULL },
	{ 1099, "adjacency-sid", a_adjsid, NULL, NULL },
	{ 1100, "lan-adjacency-sid", a_lanadj, NULL, NULL },
	{ 1101, "peer-node-sid", a_adjsid, NULL, NULL },
	{ 1102, "peer-adjacency-sid", a_adjsid, NULL, NULL },
	{ 1103, "peer-set-sid", a_adjsid, NULL, NULL },
	{ 1106, "srv6-end-x-sid", a_endx, &srv6_sub_tab, NULL },
	{ 1107, "isis-srv6-lan-end-x-sid", a_lanendx_isis, &srv6_sub_tab, NULL },
	{ 1108, "ospfv3-srv6-lan-end-x-sid", a_lanendx_ospf, &srv6_sub_tab, NULL },
	{ 1114, "unidirectional-link-delay", a_delay, NULL, NULL },
	{ 1115, "min-max-unidirectional-link-delay", a_minmax, NULL, NULL },
	{ 1116, "unidirectional-delay-variation", a_var, NULL, NULL },
	{ 1117, "unidirectional-link-loss", a_loss, NULL, NULL },
	{ 1118, "unidirectional-residual-bandwidth", a_bw, NULL, NULL },
	{ 1119, "unidirectional-available-bandwidth", a_bw, NULL, NULL },
	{ 1120, "unidirectional-utilized-bandwidth", a_bw, NULL, NULL },
	{ 1152, "igp-flags", a_u8flags, NULL, NULL },
	{ 1153, "igp-route-tag", a_u32s, NULL, NULL },
	{ 1154, "igp-extended-route-tag", a_hex, NULL, NULL },
	{ 1155, "prefix-metric", a_u32, NULL, NULL },
	{ 1156, "ospf-forwarding-address", a_addr, NULL, NULL },
	{ 1157, "opaque-prefix-attribute", a_hex, NULL, NULL },
	{ 1158, "prefix-sid", a_pfxsid, NULL, NULL },
	{ 1161, "sid-label", a_sidlabel, NULL, NULL },
	{ 1162, "srv6-locator", a_locator, &srv6_sub_tab, NULL },
	{ 1170, "prefix-attribute-flags", a_hex, NULL, NULL },
	{ 1171, "source-router-id", a_addr, NULL, NULL },
	{ 1250, "srv6-endpoint-behavior", a_behavior, NULL, NULL },
	{ 1251, "srv6-bgp-peer-node-sid", a_peersid6, NULL, NULL },
	{ 1252, "srv6-sid-structure", a_sidstruct, NULL, NULL },
};

static const struct tlv_tab attr_tab = {
	"TLV", TLV_T2L2, attr_rows, N(attr_rows), NULL,
};

/* RFC 9552 8.2.2: a malformed BGP-LS attribute is discarded (attribute discard). */
bool
bgp_ls_attr_decode(struct bgp_update *u, const struct bgp_attr *a, const struct bgp_ctx *ctx,
    struct bgp_errs *errs)
{
	struct tlv_ctx tc = { .errs = errs, .code = BGP_ERR_UPDATE,
	    .subcode = BGP_ERR_UPD_OPTIONAL, .treat = BGP_TREAT_ATTR_DISCARD,
	    .attr = "BGP-LS" };

	(void)u; (void)ctx;
	return tlv_check(&attr_tab, &a->val, 0, &tc, 0);
}

void
bgp_ls_attr_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
{
	(void)u; (void)ctx;
	tlv_emit(&attr_tab, &a->val, 0, e, tmp, 0);
}
