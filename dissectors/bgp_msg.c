/*
 * bgp_msg.c - the message header (RFC 4271 4.1, RFC 8654) and KEEPALIVE.
 */
#include <string.h>

#include "bgp.h"

/* The body decoders, one per message type, behind one signature. */
static bool
dec_open(const struct bgp_msg *m, const struct bgp_ctx *ctx, union bgp_body *b,
    struct bgp_errs *errs)
{
	(void)ctx;
	return bgp_open_parse(m, &b->open, errs);
}

static bool
dec_update(const struct bgp_msg *m, const struct bgp_ctx *ctx, union bgp_body *b,
    struct bgp_errs *errs)
{
	return bgp_update_parse(m, ctx, &b->upd, errs);
}

static bool
dec_notify(const struct bgp_msg *m, const struct bgp_ctx *ctx, union bgp_body *b,
    struct bgp_errs *errs)
{
	(void)ctx;
	return bgp_notify_parse(m, &b->ntf, errs);
}

static bool
dec_keepalive(const struct bgp_msg *m, const struct bgp_ctx *ctx, union bgp_body *b,
    struct bgp_errs *errs)
{
	(void)ctx;
	(void)b;
	bgp_keepalive_check(m, errs);
	return true;
}

static bool
dec_refresh(const struct bgp_msg *m, const struct bgp_ctx *ctx, union bgp_body *b,
    struct bgp_errs *errs)
{
	(void)ctx;
	return bgp_refresh_parse(m, &b->rr, errs);
}

/* Message types: name, minimum length (RFC 4271 4.2-4.5, RFC 2918), decoder. */
struct type_def {
	const char *name;
	uint16_t minlen;
	bool (*decode)(const struct bgp_msg *m, const struct bgp_ctx *ctx,
	    union bgp_body *b, struct bgp_errs *errs);
};

static const struct type_def type_defs[] = {
	[BGP_OPEN] = { .name = "OPEN", .minlen = BGP_HDR_LEN + 10, .decode = dec_open },
	[BGP_UPDATE] = { .name = "UPDATE", .minlen = BGP_HDR_LEN + 4, .decode = dec_update },
	[BGP_NOTIFICATION] = { .name = "NOTIFICATION", .minlen = BGP_HDR_LEN + 2, .decode = dec_notify },
	[BGP_KEEPALIVE] = { .name = "KEEPALIVE", .minlen = BGP_HDR_LEN, .decode = dec_keepalive },
	[BGP_ROUTE_REFRESH] = { .name = "ROUTE-REFRESH", .minlen = BGP_HDR_LEN + 4, .decode = dec_refresh },
};

static const struct type_def *
type_def(unsigned type)
{
	if (type < sizeof(type_defs) / sizeof(type_defs[0]) && type_defs[type].name)
		return &type_defs[type];
	return NULL;
}

const char *
bgp_type_name(unsigned type)
{
	const struct type_def *d = type_def(type);

	return d ? d->name : "UNKNOWN";
}

enum bgp_decoded
bgp_decode_memo(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, union bgp_body *body, struct bgp_errs *errs, struct bgp_memo_ops *ops)
{
	const struct type_def *d;
	bool ok;

	if (!bgp_msg_parse(raw, rawlen, ctx, m, errs))
		return BGP_DEC_NONE;
	d = type_def(m->type);
	if (d == NULL)
		return BGP_DEC_HEADER;
	if (ops && m->type == BGP_UPDATE)
		ok = bgp_update_parse_memo(m, ctx, &body->upd, errs, ops);
	else
		ok = d->decode(m, ctx, body, errs);
	return ok ? BGP_DEC_BODY : BGP_DEC_HEADER;
}

enum bgp_decoded
bgp_decode(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, union bgp_body *body, struct bgp_errs *errs)
{
	return bgp_decode_memo(raw, rawlen, ctx, m, body, errs, NULL);
}

bool
bgp_msg_parse(const uint8_t *raw, size_t rawlen, const struct bgp_ctx *ctx,
    struct bgp_msg *m, struct bgp_errs *errs)
{
	const struct type_def *d;
	struct cur c;
	unsigned i, maxlen;

	cur_init(&c, raw, rawlen);
	m->raw = raw;
	m->len = 0;
	m->type = 0;
	cur_init(&m->body, raw, 0);
	if (rawlen < BGP_HDR_LEN) {
		bgp_err_add(errs, 0, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, BGP_TREAT_SESSION_RESET,
		    "message of %zu bytes is shorter than the %u-byte header", rawlen,
		    BGP_HDR_LEN);
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
		bgp_err_add(errs, i, BGP_ERR_HEADER, BGP_ERR_HDR_SYNC, BGP_TREAT_SESSION_RESET,
		    "marker byte %u is 0x%02x, not 0xff", i, raw[i]);
		return false;
	}
	(void)cur_skip(&c, BGP_MARKER_LEN);
	(void)cur_u16(&c, &m->len);
	(void)cur_u8(&c, &m->type);
	maxlen = ctx && ctx->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	if (m->len < BGP_HDR_LEN) {
		bgp_err_add(errs, BGP_OFF_LEN, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET,
		    "length %u is below the minimum of %u", m->len, BGP_HDR_LEN);
		return false;
	}
	if (m->len != rawlen) {
		bgp_err_add(errs, BGP_OFF_LEN, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET,
		    "length field %u but %zu bytes framed", m->len, rawlen);
		return false;
	}
	if (m->len > maxlen)
		bgp_err_add(errs, BGP_OFF_LEN, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET,
		    "length %u exceeds %u and extended messages (RFC 8654) were not negotiated",
		    m->len, BGP_MAX_LEN);
	d = type_def(m->type);
	if (d) {
		if (m->len < d->minlen) {
			bgp_err_add(errs, BGP_OFF_LEN, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
			    BGP_TREAT_SESSION_RESET, "%s length %u is below its minimum of %u",
			    d->name, m->len, d->minlen);
			return false;
		}
	} else
		bgp_err_add(errs, BGP_OFF_TYPE, BGP_ERR_HEADER, BGP_ERR_HDR_TYPE,
		    BGP_TREAT_SESSION_RESET,
		    "unknown message type %u", m->type);
	(void)cur_sub(&c, cur_left(&c), &m->body);
	return true;
}

void
bgp_keepalive_check(const struct bgp_msg *m, struct bgp_errs *errs)
{
	if (m->len != BGP_HDR_LEN)
		bgp_err_add(errs, BGP_OFF_LEN, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH,
		    BGP_TREAT_SESSION_RESET,
		    "KEEPALIVE length %u, must be exactly %u", m->len, BGP_HDR_LEN);
}
