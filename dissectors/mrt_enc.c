/*
 * mrt_enc.c - one BGP4MP or BGP4MP_ET record into a caller's buffer: the
 * inverse of mrt_hdr_parse + mrt_body_start + mrt_bgp4mp_parse (the unit
 * test reads every record it writes back). Pure: no I/O, no allocation.
 */
#include <string.h>

#include "mrt.h"

struct enc {
	uint8_t *p;
	size_t n, cap;
};

static void
e_mem(struct enc *e, const void *src, size_t n)
{
	if (n > 0 && e->n + n <= e->cap)
		memcpy(e->p + e->n, src, n);
	e->n += n;
}

static void
e_u16(struct enc *e, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	e_mem(e, b, 2);
}

static void
e_u32(struct enc *e, uint32_t v)
{
	e_u16(e, v >> 16);
	e_u16(e, v & 0xFFFF);
}

/* A 2-octet AS field: AS_TRANS for an AS that does not fit (RFC 6793). */
static void
e_as(struct enc *e, bool as4, uint32_t as)
{
	if (as4)
		e_u32(e, as);
	else
		e_u16(e, as > 0xFFFF ? 23456 : as);
}

size_t
mrt_bgp4mp_encode(const struct mrt_hdr *h, const struct mrt_bgp4mp *m, uint8_t *buf,
    size_t cap)
{
	struct enc e = { buf, 0, cap };
	size_t alen = m->peer.family == 4 ? 4 : 16;
	bool et = h->type == MRT_BGP4MP_ET;

	if (m->peer.family != m->local.family || (h->type != MRT_BGP4MP && !et))
		return 0;
	e_u32(&e, h->ts);
	e_u16(&e, h->type);
	e_u16(&e, h->subtype);
	e_u32(&e, 0);            /* length, below */
	if (et)
		e_u32(&e, h->usec);
	e_as(&e, m->as4, m->peer_as);
	e_as(&e, m->as4, m->local_as);
	e_u16(&e, m->ifindex);
	e_u16(&e, alen == 4 ? 1 : 2);
	e_mem(&e, m->peer.a, alen);
	e_mem(&e, m->local.a, alen);
	if (m->state) {
		e_u16(&e, m->old_state);
		e_u16(&e, m->new_state);
	} else
		e_mem(&e, m->msg, m->msglen);
	if (e.n > cap || e.n - MRT_HDR_LEN > MRT_MAX_BODY)
		return 0;
	buf[8] = (uint8_t)((e.n - MRT_HDR_LEN) >> 24);
	buf[9] = (uint8_t)((e.n - MRT_HDR_LEN) >> 16);
	buf[10] = (uint8_t)((e.n - MRT_HDR_LEN) >> 8);
	buf[11] = (uint8_t)(e.n - MRT_HDR_LEN);
	return e.n;
}
