/*
 * bgp_notify.c - NOTIFICATION (RFC 4271 4.5 and the IANA registry, RFC
 * 8203/9003 shutdown communication) and ROUTE-REFRESH (RFC 2918, 7313).
 */
#include <string.h>

#include "bgp.h"
#include "sbuf.h"

struct sub_row { uint8_t code, sub; const char *name; };

static const char *const code_names[] = {
	[1] = "Message Header Error",
	[2] = "OPEN Message Error",
	[3] = "UPDATE Message Error",
	[4] = "Hold Timer Expired",
	[5] = "Finite State Machine Error",
	[6] = "Cease",
	[7] = "ROUTE-REFRESH Message Error",
	[8] = "Send Hold Timer Expired",
};

static const struct sub_row sub_names[] = {
	{ 1, 1, "Connection Not Synchronized" },
	{ 1, 2, "Bad Message Length" },
	{ 1, 3, "Bad Message Type" },
	{ 2, 1, "Unsupported Version Number" },
	{ 2, 2, "Bad Peer AS" },
	{ 2, 3, "Bad BGP Identifier" },
	{ 2, 4, "Unsupported Optional Parameter" },
	{ 2, 5, "Authentication Failure (deprecated)" },
	{ 2, 6, "Unacceptable Hold Time" },
	{ 2, 7, "Unsupported Capability" },
	{ 2, 8, "Grouping Conflict (deprecated)" },
	{ 2, 9, "Grouping Required (deprecated)" },
	{ 2, 10, "Capability Value Mismatch (deprecated)" },
	{ 2, 11, "Role Mismatch" },
	{ 3, 1, "Malformed Attribute List" },
	{ 3, 2, "Unrecognized Well-known Attribute" },
	{ 3, 3, "Missing Well-known Attribute" },
	{ 3, 4, "Attribute Flags Error" },
	{ 3, 5, "Attribute Length Error" },
	{ 3, 6, "Invalid ORIGIN Attribute" },
	{ 3, 7, "AS Routing Loop (deprecated)" },
	{ 3, 8, "Invalid NEXT_HOP Attribute" },
	{ 3, 9, "Optional Attribute Error" },
	{ 3, 10, "Invalid Network Field" },
	{ 3, 11, "Malformed AS_PATH" },
	{ 5, 1, "Receive Unexpected Message in OpenSent State" },
	{ 5, 2, "Receive Unexpected Message in OpenConfirm State" },
	{ 5, 3, "Receive Unexpected Message in Established State" },
	{ 6, 1, "Maximum Number of Prefixes Reached" },
	{ 6, 2, "Administrative Shutdown" },
	{ 6, 3, "Peer De-configured" },
	{ 6, 4, "Administrative Reset" },
	{ 6, 5, "Connection Rejected" },
	{ 6, 6, "Other Configuration Change" },
	{ 6, 7, "Connection Collision Resolution" },
	{ 6, 8, "Out of Resources" },
	{ 6, 9, "Hard Reset" },
	{ 6, 10, "BFD Down" },
	{ 7, 1, "Invalid Message Length" },
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
		bgp_err_add(errs, 19, 1, 2, BGP_TREAT_SESSION_RESET, "NOTIFICATION truncated");
		return false;
	}
	n->data = c;
	if (n->code == 0 || n->code > 8)
		bgp_err_add(errs, 19, 0, 0, BGP_TREAT_NONE,
		    "NOTIFICATION error code %u is not defined", n->code);
	/* Bad Peer AS: the data is the AS the peer offered (2 octets; some send 4) */
	if (n->code == 2 && n->subcode == 2) {
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
	if (n->code == 2 && n->subcode == 7 && cur_left(&c) > 0)
		n->has_unsup_caps = true;
	/* RFC 9003: Administrative Shutdown / Reset carry a length-prefixed UTF-8 text */
	if (n->code == 6 && (n->subcode == 2 || n->subcode == 4) && cur_left(&c) > 0) {
		struct cur d = c;
		uint8_t len;

		(void)cur_u8(&d, &len);
		n->has_shutdown_msg = true;
		n->shutdown_len = len;
		if (len > cur_left(&d)) {
			bgp_err_add(errs, 21, 0, 0, BGP_TREAT_NONE,
			    "shutdown communication length %u, only %zu bytes follow",
			    len, cur_left(&d));
			n->shutdown_msg = d.p;
			n->shutdown_len = (uint8_t)cur_left(&d);
		} else {
			(void)cur_bytes(&d, len, &n->shutdown_msg);
			n->shutdown_valid = sbuf_utf8_valid(n->shutdown_msg, len);
			if (!n->shutdown_valid)
				bgp_err_add(errs, 22, 0, 0, BGP_TREAT_NONE,
				    "shutdown communication is not valid UTF-8");
			if (len > 128)
				bgp_err_add(errs, 21, 0, 0, BGP_TREAT_NONE,
				    "shutdown communication of %u bytes exceeds the 128 of RFC 8203 (allowed by RFC 9003)",
				    len);
			if (cur_left(&d))
				bgp_err_add(errs, cur_off(&d), 0, 0, BGP_TREAT_NONE,
				    "%zu bytes after the shutdown communication", cur_left(&d));
		}
	}
	return true;
}

const char *
bgp_refresh_subtype_name(unsigned subtype)
{
	switch (subtype) {
	case 0: return "normal";
	case 1: return "BoRR";
	case 2: return "EoRR";
	}
	return "reserved";
}

bool
bgp_refresh_parse(const struct bgp_msg *m, struct bgp_refresh *r, struct bgp_errs *errs)
{
	struct cur c = m->body;

	memset(r, 0, sizeof(*r));
	if (!cur_u16(&c, &r->afi) || !cur_u8(&c, &r->subtype) || !cur_u8(&c, &r->safi)) {
		bgp_err_add(errs, 19, 7, 1, BGP_TREAT_NONE, "ROUTE-REFRESH truncated");
		return false;
	}
	r->orf = c;
	if (r->subtype > 2)
		bgp_err_add(errs, 21, 0, 0, BGP_TREAT_NONE,
		    "ROUTE-REFRESH subtype %u is reserved: message ignored (RFC 7313)", r->subtype);
	if ((r->subtype == 1 || r->subtype == 2) && cur_left(&c))
		bgp_err_add(errs, 23, 7, 1, BGP_TREAT_SESSION_RESET,
		    "%s with %zu trailing bytes: length must be 23 (RFC 7313)",
		    bgp_refresh_subtype_name(r->subtype), cur_left(&c));
	return true;
}
