/*
 * out_fmt.c - what the text and JSON printers share: timestamps formatted
 * once per second, endpoint strings formatted once per flow direction,
 * event names. A leaf of the output layer (calls only obuf and pkt).
 */
#include <sys/socket.h>
#include <time.h>

#include "out_int.h"
#include "acache.h"

/* ---------------------------------------------------------------- kept pieces */

/* room enough that a piece is recorded without a flush in its middle */
#define REC_ROOM (64 * 1024)

void
out_rec_begin(struct out *o, struct out_rec *r)
{
	if (o->ob.cap - o->ob.len < REC_ROOM && !o->ob.line)
		ob_flush(&o->ob);
	r->flushed = o->ob.flushed;
	r->len = o->ob.len;
}

void
out_rec_end(struct out *o, const struct out_rec *r, const struct msg_view *v,
    unsigned piece, uint8_t tag)
{
	if (v->ace == NULL || o->ob.flushed != r->flushed || o->ob.len < r->len)
		return;
	(void)acache_put_piece(v->ace, piece, tag, o->ob.p + r->len, o->ob.len - r->len);
}

bool
out_replay(struct out *o, const struct msg_view *v, unsigned piece, uint8_t *tag)
{
	const char *p;
	size_t n;

	if (!acache_piece(v->ace, piece, tag, &p, &n))
		return false;
	ob_mem(&o->ob, p, n);
	return true;
}

/* Timestamps are UTC; the date/time part is formatted once per second. */
void
out_time(struct out *o, const struct timeval *tv, bool rfc3339)
{
	char b[32];
	unsigned long us = (unsigned long)tv->tv_usec % 1000000;

	if (tv->tv_sec != o->ts_sec || !o->ts_valid) {
		struct tm tm;
		time_t t = tv->tv_sec;

		if (gmtime_r(&t, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
		snprintf(o->ts_date, sizeof(o->ts_date), "%04d-%02d-%02dT",
		    (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
		snprintf(o->ts_time, sizeof(o->ts_time), "%02d:%02d:%02d",
		    tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
		o->ts_sec = tv->tv_sec;
		o->ts_valid = true;
	}
	if (rfc3339)
		ob_mem(&o->ob, o->ts_date, 11);
	ob_mem(&o->ob, o->ts_time, 8);
	b[0] = '.';
	for (int i = 6; i >= 1; i--) {
		b[i] = (char)('0' + us % 10);
		us /= 10;
	}
	b[7] = 'Z';
	ob_mem(&o->ob, b, rfc3339 ? 8 : 7);
}

/* H:MM:SS.uuuuuu of a non-negative duration (-ttt, -ttttt). */
static void
put_duration(struct out *o, const struct timeval *a, const struct timeval *b)
{
	long long us = ((long long)a->tv_sec - b->tv_sec) * 1000000 + (a->tv_usec - b->tv_usec);

	if (us < 0)
		us = 0;      /* capture time that went backwards */
	ob_printf(&o->ob, "%02lld:%02lld:%02lld.%06lld", us / 3600000000LL,
	    us / 60000000 % 60, us / 1000000 % 60, us % 1000000);
}

void
out_text_time(struct out *o, const struct timeval *tv)
{
	if (!o->ts_have_first) {
		o->ts_first = o->ts_prev = *tv;
		o->ts_have_first = true;
	}
	switch (o->o.ts_mode) {
	case 2:
		ob_printf(&o->ob, "%lld.%06ld", (long long)tv->tv_sec, (long)tv->tv_usec);
		break;
	case 3:
		put_duration(o, tv, &o->ts_prev);
		break;
	case 4: {
		struct tm tm;
		time_t t = tv->tv_sec;

		if (gmtime_r(&t, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
		ob_printf(&o->ob, "%04d-%02d-%02d ", (tm.tm_year + 1900) % 10000,
		    (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
		out_time(o, tv, false);
		break;
	}
	case 5:
		put_duration(o, tv, &o->ts_first);
		break;
	default:
		out_time(o, tv, false);
	}
	o->ts_prev = *tv;
}

static const char *const ev_names[] = {
	[FLOW_EV_SYN] = "SYN", [FLOW_EV_SYNACK] = "SYN-ACK", [FLOW_EV_FIN] = "FIN",
	[FLOW_EV_RST] = "RST", [FLOW_EV_NEW] = "NEW", [FLOW_EV_LIMIT] = "LIMIT",
	[FLOW_EV_TCP] = "IGNORED", [FLOW_EV_CONFLICT] = "CONFLICT",
};

const char *
out_ev_name(enum flow_event ev)
{
	if ((unsigned)ev < sizeof(ev_names) / sizeof(ev_names[0]) && ev_names[ev])
		return ev_names[ev];
	return "?";
}

static void
put_ep(struct sbuf *s, const char *a, int af, uint16_t port)
{
	if (af == AF_INET6)
		sbuf_printf(s, "[%s]:%u", a, port);
	else
		sbuf_printf(s, "%s:%u", a, port);
}

static bool
ep_is(const struct out_ep *e, const struct flow *f, int dir)
{
	return e->used && e->id == f->id && e->dir == dir &&
	    e->port[0] == f->port[0] && e->port[1] == f->port[1] &&
	    addr_eq(&e->a[0], &f->addr[0]) && addr_eq(&e->a[1], &f->addr[1]);
}

const struct out_ep *
out_ep(struct out *o, const struct flow *f, int dir)
{
	struct out_ep *e = &o->ep[(f->id * 2 + (unsigned)dir) % OUT_EP_CACHE];
	struct sbuf s;

	if (ep_is(e, f, dir))
		return e;
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->id = f->id;
	e->dir = dir;
	memcpy(e->a, f->addr, sizeof(e->a));
	e->port[0] = f->port[0];
	e->port[1] = f->port[1];
	addr_fmt(&f->addr[dir], e->src, sizeof(e->src));
	addr_fmt(&f->addr[!dir], e->dst, sizeof(e->dst));
	sbuf_init(&s, e->text, sizeof(e->text));
	put_ep(&s, e->src, f->addr[dir].af, f->port[dir]);
	sbuf_put(&s, " > ");
	put_ep(&s, e->dst, f->addr[!dir].af, f->port[!dir]);
	e->textlen = s.len;
	return e;
}

/* -e: the Ethernet types a BGP frame's outer header shows. */
static const struct { uint16_t et; const char *name; } ethertypes[] = {
	{ 0x0800, "IPv4" }, { 0x86dd, "IPv6" }, { 0x0806, "ARP" }, { 0x8100, "802.1Q" },
	{ 0x88a8, "802.1Q-QinQ" }, { 0x9100, "802.1Q-9100" }, { 0x8847, "MPLS unicast" },
	{ 0x8848, "MPLS multicast" }, { 0x6558, "TEB" }, { 0x88be, "ERSPAN" },
};

const char *
out_ethertype_name(uint16_t et)
{
	for (size_t i = 0; i < sizeof(ethertypes) / sizeof(ethertypes[0]); i++)
		if (ethertypes[i].et == et)
			return ethertypes[i].name;
	return NULL;
}

static void
put_mac(struct sbuf *s, const uint8_t *m)
{
	sbuf_printf(s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

void
out_link_text(struct sbuf *s, const struct pkt_info *pi)
{
	if (pi->has_mac) {
		const char *n = out_ethertype_name(pi->ethertype);

		put_mac(s, pi->mac_src);
		sbuf_put(s, " > ");
		put_mac(s, pi->mac_dst);
		sbuf_printf(s, ", ethertype %s (0x%04x), ", n ? n : "Unknown", pi->ethertype);
	}
	if (pi->encap[0]) {
		sbuf_put(s, pi->encap);
		sbuf_put(s, ", ");
	}
	sbuf_printf(s, "length %u", (unsigned)pi->wirelen);
}

void
out_link_mac(struct sbuf *s, const uint8_t *mac)
{
	put_mac(s, mac);
}
