/*
 * bgp_msg.c - the message header (RFC 4271 4.1, RFC 8654) and KEEPALIVE.
 */
#include <string.h>

#include "bgp.h"

static const char *const type_names[] = {
	[BGP_OPEN] = "OPEN",
	[BGP_UPDATE] = "UPDATE",
	[BGP_NOTIFICATION] = "NOTIFICATION",
	[BGP_KEEPALIVE] = "KEEPALIVE",
	[BGP_ROUTE_REFRESH] = "ROUTE-REFRESH",
};

const char *
bgp_type_name(unsigned type)
{
	if (type < sizeof(type_names) / sizeof(type_names[0]) && type_names[type])
		return type_names[type];
	return "UNKNOWN";
}

/* minimum length of each message type (RFC 4271 4.2-4.5, RFC 2918) */
static const uint16_t type_minlen[] = {
	[BGP_OPEN] = 29, [BGP_UPDATE] = 23, [BGP_NOTIFICATION] = 21,
	[BGP_KEEPALIVE] = 19, [BGP_ROUTE_REFRESH] = 23,
};

bool
bgp_msg_parse(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, struct bgp_errs *errs)
{
	struct cur c;
	unsigned i, maxlen;

	cur_init(&c, raw, rawlen);
	m->raw = raw;
	m->len = 0;
	m->type = 0;
	cur_init(&m->body, raw, 0);
	if (rawlen < BGP_HDR_LEN) {
		bgp_err_add(errs, 0, 1, 2, BGP_TREAT_SESSION_RESET,
		    "message of %zu bytes is shorter than the 19-byte header", rawlen);
		return false;
	}
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};

	if (memcmp(raw, marker, BGP_MARKER_LEN) != 0) {
		/* say which byte: memcmp found one, so the loop stops within 16 */
		for (i = 0; i < BGP_MARKER_LEN && raw[i] == 0xFF; i++)
			;
		bgp_err_add(errs, i, 1, 1, BGP_TREAT_SESSION_RESET,
		    "marker byte %u is 0x%02x, not 0xff", i, raw[i]);
		return false;
	}
	(void)cur_skip(&c, BGP_MARKER_LEN);
	(void)cur_u16(&c, &m->len);
	(void)cur_u8(&c, &m->type);
	maxlen = ctx && ctx->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	if (m->len < BGP_HDR_LEN) {
		bgp_err_add(errs, 16, 1, 2, BGP_TREAT_SESSION_RESET,
		    "length %u is below the minimum of 19", m->len);
		return false;
	}
	if (m->len != rawlen) {
		bgp_err_add(errs, 16, 1, 2, BGP_TREAT_SESSION_RESET,
		    "length field %u but %zu bytes framed", m->len, rawlen);
		return false;
	}
	if (m->len > maxlen)
		bgp_err_add(errs, 16, 1, 2, BGP_TREAT_SESSION_RESET,
		    "length %u exceeds 4096 and extended messages (RFC 8654) were not negotiated",
		    m->len);
	if (m->type < sizeof(type_minlen) / sizeof(type_minlen[0]) && type_minlen[m->type]) {
		if (m->len < type_minlen[m->type]) {
			bgp_err_add(errs, 16, 1, 2, BGP_TREAT_SESSION_RESET,
			    "%s length %u is below its minimum of %u",
			    bgp_type_name(m->type), m->len, type_minlen[m->type]);
			return false;
		}
	} else
		bgp_err_add(errs, 18, 1, 3, BGP_TREAT_SESSION_RESET,
		    "unknown message type %u", m->type);
	(void)cur_sub(&c, cur_left(&c), &m->body);
	return true;
}

void
bgp_keepalive_check(const struct bgp_msg *m, struct bgp_errs *errs)
{
	if (m->len != BGP_HDR_LEN)
		bgp_err_add(errs, 16, 1, 2, BGP_TREAT_SESSION_RESET,
		    "KEEPALIVE length %u, must be exactly 19", m->len);
}
