/*
 * bgp_notify.c - NOTIFICATION (RFC 4271 4.5 and the IANA registry, RFC
 * 8203/9003 shutdown communication) and ROUTE-REFRESH (RFC 2918, 7313).
 */
#include <string.h>

#include "bgp.h"
#include "sbuf.h"

/* offsets in the message (RFC 4271 4.5, RFC 2918 3, RFC 7313 5) */
#define NTF_OFF_CODE    BGP_HDR_LEN
#define NTF_OFF_DATA    (BGP_HDR_LEN + 2)
#define RR_OFF_AFI      BGP_HDR_LEN
#define RR_OFF_SUBTYPE  (BGP_HDR_LEN + 2)
#define RR_OFF_ORF      (BGP_HDR_LEN + 4)

#define SHUTDOWN_MSG_MAX_8203 128   /* RFC 8203; RFC 9003 allows 255 */

struct sub_row { uint8_t code, sub; const char *name; };

static const char *const code_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_RR] = "ROUTE-REFRESH Message Error",
	[BGP_ERR_SEND_HOLD] = "Send Hold Timer Expired",
};

static const struct sub_row sub_names[] = {
	{ BGP_ERR_HEADER, BGP_ERR_HDR_SYNC, "Connection Not Synchronized" },
	{ BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, "Bad Message Length" },
	{ BGP_ERR_HEADER, BGP_ERR_HDR_TYPE, "Bad Message Type" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, "Unsupported Version Number" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS, "Bad Peer AS" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID, "Bad BGP Identifier" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM, "Unsupported Optional Parameter" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_AUTH, "Authentication Failure (deprecated)" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME, "Unacceptable Hold Time" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_UNSUP_CAP, "Unsupported Capability" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_GROUPING_CONFLICT, "Grouping Conflict (deprecated)" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_GROUPING_REQUIRED, "Grouping Required (deprecated)" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_CAP_MISMATCH, "Capability Value Mismatch (deprecated)" },
	{ BGP_ERR_OPEN, BGP_ERR_OPEN_ROLE, "Role Mismatch" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, "Malformed Attribute List" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_UNRECOGNIZED, "Unrecognized Well-known Attribute" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_MISSING, "Missing Well-known Attribute" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_FLAGS, "Attribute Flags Error" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_LENGTH, "Attribute Length Error" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_ORIGIN, "Invalid ORIGIN Attribute" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_LOOP, "AS Routing Loop (deprecated)" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_NEXT_HOP, "Invalid NEXT_HOP Attribute" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, "Optional Attribute Error" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, "Invalid Network Field" },
	{ BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, "Malformed AS_PATH" },
	{ BGP_ERR_FSM, BGP_ERR_FSM_OPENSENT, "Receive Unexpected Message in OpenSent State" },
	{ BGP_ERR_FSM, BGP_ERR_FSM_OPENCONFIRM, "Receive Unexpected Message in OpenConfirm State" },
	{ BGP_ERR_FSM, BGP_ERR_FSM_ESTABLISHED, "Receive Unexpected Message in Established State" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_MAX_PREFIX, "Maximum Number of Prefixes Reached" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_ADMIN_SHUTDOWN, "Administrative Shutdown" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_DECONFIGURED, "Peer De-configured" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_ADMIN_RESET, "Administrative Reset" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_REJECTED, "Connection Rejected" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_CONFIG_CHANGE, "Other Configuration Change" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_COLLISION, "Connection Collision Resolution" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_RESOURCES, "Out of Resources" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_HARD_RESET, "Hard Reset" },
	{ BGP_ERR_CEASE, BGP_ERR_CEASE_BFD_DOWN, "BFD Down" },
	{ BGP_ERR_RR, BGP_ERR_RR_LENGTH, "Invalid Message Length" },
};

const char *
bgp_notify_code_name(unsigned code)
{
	if (code < sizeof(code_names) / sizeof(code_names[0]) && code_names[code])
		return code_names[code];
	return "Unknown";
}

const char *
bgp_notify_subcode_name(unsigned code, unsigned subcode)
{
	size_t i;

	if (subcode == 0)
		return "Unspecific";
	for (i = 0; i < sizeof(sub_names) / sizeof(sub_names[0]); i++)
		if (sub_names[i].code == code && sub_names[i].sub == subcode)
			return sub_names[i].name;
	return "Unknown";
}

bool
bgp_notify_parse(const struct bgp_msg *m, struct bgp_notify *n, struct bgp_errs *errs)
{
	struct cur c = m->body;

	memset(n, 0, sizeof(*n));
	if (!cur_u8(&c, &n->code) || !cur_u8(&c, &n->subcode)) {
		bgp_err_add(errs, NTF_OFF_CODE, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET, "NOTIFICATION truncated");
		return false;
	}
	n->data = c;
	if (n->code == BGP_ERR_NONE || n->code > BGP_ERR_CODE_MAX)
		bgp_err_add(errs, NTF_OFF_CODE, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
		    "NOTIFICATION error code %u is not defined", n->code);
	/* Bad Peer AS: the data is the AS the peer offered (2 octets; some send 4) */
	if (n->code == BGP_ERR_OPEN && n->subcode == BGP_ERR_OPEN_PEER_AS) {
		uint16_t as2;
		uint32_t as4;
		struct cur d = c;

		if (cur_left(&d) == 2 && cur_u16(&d, &as2)) {
			n->has_bad_as = true;
			n->bad_as = as2;
		} else if (cur_left(&d) == 4 && cur_u32(&d, &as4)) {
			n->has_bad_as = true;
			n->bad_as = as4;
		}
	}
	if (n->code == BGP_ERR_OPEN && n->subcode == BGP_ERR_OPEN_UNSUP_CAP && cur_left(&c) > 0)
		n->has_unsup_caps = true;
	/* RFC 9003: Administrative Shutdown / Reset carry a length-prefixed UTF-8 text */
	if (n->code == BGP_ERR_CEASE && (n->subcode == BGP_ERR_CEASE_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_ERR_CEASE_ADMIN_RESET) && cur_left(&c) > 0) {
		struct cur d = c;
		uint8_t len;

		(void)cur_u8(&d, &len);
		n->has_shutdown_msg = true;
		n->shutdown_len = len;
		if (len > cur_left(&d)) {
			bgp_err_add(errs, NTF_OFF_DATA, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
			    "shutdown communication length %u, only %zu bytes follow",
			    len, cur_left(&d));
			n->shutdown_msg = d.p;
			n->shutdown_len = (uint8_t)cur_left(&d);
		} else {
			(void)cur_bytes(&d, len, &n->shutdown_msg);
			n->shutdown_valid = sbuf_utf8_valid(n->shutdown_msg, len);
			if (!n->shutdown_valid)
				bgp_err_add(errs, NTF_OFF_DATA + 1, BGP_ERR_NONE, BGP_ERR_SUB_NONE,
				    BGP_TREAT_NONE,
				    "shutdown communication is not valid UTF-8");
			if (len > SHUTDOWN_MSG_MAX_8203)
				bgp_err_add(errs, NTF_OFF_DATA, BGP_ERR_NONE, BGP_ERR_SUB_NONE,
				    BGP_TREAT_NONE, "shutdown communication of %u bytes exceeds the 128 of RFC 8203 (allowed by RFC 9003)",
				    len);
			if (cur_left(&d))
				bgp_err_add(errs, cur_off(&d), BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
				    "%zu bytes after the shutdown communication", cur_left(&d));
		}
	}
	return true;
}

const char *
bgp_refresh_subtype_name(unsigned subtype)
{
	switch (subtype) {
	case BGP_RR_NORMAL: return "normal";
	case BGP_RR_BORR: return "BoRR";
	case BGP_RR_EORR: return "EoRR";
	}
	return "reserved";
}

bool
bgp_refresh_parse(const struct bgp_msg *m, struct bgp_refresh *r, struct bgp_errs *errs)
{
	struct cur c = m->body;

	memset(r, 0, sizeof(*r));
	if (!cur_u16(&c, &r->afi) || !cur_u8(&c, &r->subtype) || !cur_u8(&c, &r->safi)) {
		bgp_err_add(errs, RR_OFF_AFI, BGP_ERR_RR, BGP_ERR_RR_LENGTH, BGP_TREAT_NONE,
		    "ROUTE-REFRESH truncated");
		return false;
	}
	r->orf = c;
	if (r->subtype > BGP_RR_EORR)
		bgp_err_add(errs, RR_OFF_SUBTYPE, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE,
		    "ROUTE-REFRESH subtype %u is reserved: message ignored (RFC 7313)", r->subtype);
	if ((r->subtype == BGP_RR_BORR || r->subtype == BGP_RR_EORR) && cur_left(&c))
		bgp_err_add(errs, RR_OFF_ORF, BGP_ERR_RR, BGP_ERR_RR_LENGTH, BGP_TREAT_SESSION_RESET,
		    "%s with %zu trailing bytes: length must be 23 (RFC 7313)",
		    bgp_refresh_subtype_name(r->subtype), cur_left(&c));
	return true;
}
