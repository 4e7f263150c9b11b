/*
 * fuzz_stream.c - libFuzzer harness: raw TCP byte streams through the flow
 * table, reassembly and BGP framing, each framed message decoded as
 * pipeline.c does (session context, header, body).
 *
 * Input: byte 0 configures the run (bit 0: SYN handshake first; bits 1-2:
 * limits preset; bit 3: IPv6; bit 4: initial sequence numbers near the
 * 2^32 wrap; bit 5: the connections carry BMP, framed by its header and
 * decoded by dissectors/bmp.c with the BGP messages inside). Then a list of operations; each op byte is
 *   bit 0    direction (0 = A, 1 = B)
 *   bit 7    which of two connections
 *   bits 1-4 kind (see below)
 * followed by its arguments and, for kinds that send new stream bytes, the
 * bytes themselves (taken from the input in order). seed_stream.py in
 * fuzz/ writes inputs in this format.
 *
 * After flow_table_finish every direction of every flow must satisfy
 *   bytes_seen == bytes_decoded + bytes_skipped
 * and the callbacks' own sums must match the flow's counters. A violation
 * aborts (a finding).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp.h"
#include "bmp.h"
#include "flow.h"
#include "session.h"

enum {
	OP_SEND = 0,      /* 0..4: len = arg+1 new bytes in order */
	OP_SEND_BIG = 5,  /* len = (arg+1)*16 */
	OP_AHEAD = 6,     /* skip = arg1+1, len = arg2+1: send after a hole */
	OP_FILL = 7,      /* send a pending hole (reordering); arg: which */
	OP_RETRANS = 8,   /* back = arg1+1, len = arg2+1: resend old bytes */
	OP_JUMP = 9,      /* 4-byte sequence jump: bytes never sent */
	OP_FIN = 10,
	OP_RST = 11,
	OP_SYN = 12,      /* new connection (4-byte ISN): stream restarts */
	OP_TIME = 13,     /* advance capture time by arg seconds */
	OP_TRUNC = 14,    /* like SEND, but only half captured (snaplen) */
	OP_ACK = 15,      /* empty segment */
};

#define MAX_HOLES 16

struct hole {
	uint32_t seq;
	size_t off, len;  /* in the direction's stream buffer */
};

struct sdir {
	uint32_t isn;     /* seq of stream offset 0 (after SYN) */
	uint32_t seqbase; /* extra jumps added */
	uint8_t *buf;     /* every stream byte generated */
	size_t hi;        /* bytes generated */
	struct hole holes[MAX_HOLES];
	unsigned nholes;
};

struct sconn {
	struct sdir d[2];
	uint16_t port;
};

/* callback-side accounting, indexed by flow id */
struct acct {
	uint64_t decoded[2], skipped[2];
	bool ended;
};

struct h {
	const uint8_t *in;
	size_t n, pos;
	struct sconn c[2];
	bool v6;
	bool bmp;         /* cfg bit 5 */
	struct timeval now;
	uint64_t frame;
	struct acct *acct;
	size_t nacct;
	unsigned long flows_ended;
};

static struct acct *
acct_of(struct h *h, const struct flow *f)
{
	if (f->id == 0)
		abort();
	if (f->id >= h->nacct) {
		size_t nn = (size_t)f->id * 2 + 8;
		struct acct *a = realloc(h->acct, nn * sizeof(*a));

		if (a == NULL)
			abort();
		memset(a + h->nacct, 0, (nn - h->nacct) * sizeof(*a));
		h->acct = a;
		h->nacct = nn;
	}
	return &h->acct[f->id];
}

/* ---------------------------------------------------------------- callbacks */

/* A framed BMP message: version 3, its length field == len; decoded, every
 * TLV and counter walked, the BGP messages inside decoded (4-octet AS). */
static void
bmp_message(const uint8_t *msg, size_t len)
{
	struct bmp_msg m;
	struct bmp_err e;
	struct bmp_stat st;
	struct bgp_ctx ctx = { .as4 = true, .ext_msg = true };
	struct bgp_msg bm;
	union bgp_body b;
	struct bgp_errs errs;
	struct cur c;

	if (len < BMP_HDR_LEN || msg[0] != BMP_VERSION ||
	    ((size_t)msg[1] << 24 | (size_t)msg[2] << 16 | (size_t)msg[3] << 8 | msg[4]) != len)
		abort();
	if (bmp_parse(msg, len, &m, &e) <= 0)
		return;
	c = m.tlvs;
	if (m.h.type == BMP_STATS)
		while (bmp_stat_next(&c, &st, &e) == 1)
			;
	else
		while (bmp_tlv_next(&c, &st.t, &e) == 1)
			;
	bgp_errs_reset(&errs);
	if (m.bgp)
		bgp_decode(m.bgp, m.bgplen, &ctx, &bm, &b, &errs);
	if (m.sent_open) {
		bgp_decode(m.sent_open, m.sent_len, &ctx, &bm, &b, &errs);
		bgp_decode(m.rcvd_open, m.rcvd_len, &ctx, &bm, &b, &errs);
	}
}

static void
cb_message(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len)
{
	struct h *h = arg;
	struct sess *s;

	if (f->bmp) {
		if (pi == NULL || dir < 0 || dir > 1)
			abort();
		bmp_message(msg, len);
		acct_of(h, f)->decoded[dir] += len;
		return;
	}
	s = sess_get(f);
	const struct bgp_ctx *ctx;
	struct bgp_msg m;
	union bgp_body b;
	struct bgp_errs errs;
	uint8_t type;

	if (pi == NULL || dir < 0 || dir > 1)
		abort();
	/* framing hands out whole messages: marker, length field == len */
	if (len < BGP_HDR_LEN || ((size_t)msg[16] << 8 | msg[17]) != len)
		abort();
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (msg[i] != 0xff)
			abort();
	acct_of(h, f)->decoded[dir] += len;
	if (s == NULL)
		return;
	type = msg[18];
	bgp_errs_reset(&errs);
	ctx = sess_ctx(s, dir, msg, len, type);
	if (bgp_decode(msg, len, ctx, &m, &b, &errs) != BGP_DEC_BODY)
		return;
	if (m.type == BGP_OPEN)
		sess_open(s, f, dir, &b.open, &pi->ts);
	if (m.type == BGP_UPDATE) {
		struct bgp_nlri_iter it;
		struct bgp_prefix p;

		bgp_nlri_iter_init(&it, &b.upd.nlri, AFI_IPV4, SAFI_UNICAST,
		    bgp_ctx_addpath(ctx, AFI_IPV4, SAFI_UNICAST));
		while (bgp_nlri_next(&it, &p, &errs) == 1)
			;
	}
}

static void
cb_skip(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t nbytes, const char *reason)
{
	struct h *h = arg;

	if (pi == NULL || reason == NULL || nbytes == 0 || dir < 0 || dir > 1)
		abort();
	if (strncmp(reason, "gap:", 4) != 0)
		acct_of(h, f)->skipped[dir] += nbytes;
}

static void
cb_event(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	struct h *h = arg;

	(void)detail;
	if (pi == NULL || dir < 0 || dir > 1 || ev > FLOW_EV_CONFLICT)
		abort();
	if (ev == FLOW_EV_NEW)
		f->bmp = h->bmp;
}

static void
cb_flow_end(void *arg, struct flow *f)
{
	struct h *h = arg;
	struct acct *a = acct_of(h, f);

	if (a->ended)
		abort();        /* flow_end twice */
	a->ended = true;
	for (int d = 0; d < 2; d++) {
		const struct flow_dir_stats *st = &f->st[d];

		if (st->bytes_seen != st->bytes_decoded + st->bytes_skipped)
			abort();
		if (st->bytes_decoded != a->decoded[d] || st->bytes_skipped != a->skipped[d])
			abort();
	}
	h->flows_ended++;
	sess_free(f);
}

/* ---------------------------------------------------------------- input */

static bool
take(struct h *h, uint8_t *v)
{
	if (h->pos >= h->n)
		return false;
	*v = h->in[h->pos++];
	return true;
}

static uint32_t
take32(struct h *h)
{
	uint32_t v = 0;
	uint8_t b;

	for (int i = 0; i < 4; i++)
		v = v << 8 | (take(h, &b) ? b : 0);
	return v;
}

/* Append up to n new stream bytes from the input; returns how many. */
static size_t
gen(struct h *h, struct sdir *sd, size_t n)
{
	size_t left = h->n - h->pos;

	if (n > left)
		n = left;
	memcpy(sd->buf + sd->hi, h->in + h->pos, n);
	h->pos += n;
	sd->hi += n;
	return n;
}

static void
seg(struct h *h, struct flow_table *t, int ci, int dir, uint8_t flags, uint32_t seq,
    const uint8_t *p, size_t len, size_t caplen)
{
	struct sconn *c = &h->c[ci];
	struct pkt_info pi;
	uint8_t *copy = NULL;

	memset(&pi, 0, sizeof(pi));
	pi.ts = h->now;
	pi.frame = ++h->frame;
	pi.src.af = pi.dst.af = h->v6 ? AF_INET6 : AF_INET;
	pi.src.a[0] = pi.dst.a[0] = 10;
	pi.src.a[3] = (uint8_t)(1 + dir);
	pi.dst.a[3] = (uint8_t)(2 - dir);
	pi.sport = dir ? 179 : c->port;
	pi.dport = dir ? c->port : 179;
	pi.ttl = (uint8_t)(h->frame & 1 ? 1 : 64);
	pi.tcp_flags = flags;
	pi.seq = seq;
	pi.ack = 1;
	pi.caplen = (uint32_t)(caplen + 54);
	pi.wirelen = (uint32_t)(len + 54);
	/* an exactly sized copy, so reads past the payload are caught */
	if (len) {
		/* as capture.c: a payload pointer is never NULL when len > 0 */
		copy = malloc(caplen ? caplen : 1);
		if (copy == NULL)
			abort();
		if (caplen)
			memcpy(copy, p, caplen);
	}
	if (caplen < len)
		flow_segment_trunc(t, &pi, copy, caplen, len);
	else
		flow_segment(t, &pi, copy, len);
	free(copy);
}

static uint32_t
seq_of(const struct sdir *sd, size_t off)
{
	return sd->isn + sd->seqbase + (uint32_t)off;
}

static void
handshake(struct h *h, struct flow_table *t, int ci)
{
	struct sconn *c = &h->c[ci];

	/* the SYN takes the sequence number before the first stream byte */
	seg(h, t, ci, 0, PKT_SYN, seq_of(&c->d[0], c->d[0].hi) - 1, NULL, 0, 0);
	seg(h, t, ci, 1, PKT_SYN | PKT_ACK, seq_of(&c->d[1], c->d[1].hi) - 1, NULL, 0, 0);
	seg(h, t, ci, 0, PKT_ACK, seq_of(&c->d[0], c->d[0].hi), NULL, 0, 0);
}

static void
run_op(struct h *h, struct flow_table *t, uint8_t op)
{
	int dir = op & 1, ci = op >> 7;
	unsigned kind = (op >> 1) & 15;
	struct sconn *c = &h->c[ci];
	struct sdir *sd = &c->d[dir];
	uint8_t a = 0, b = 0;
	size_t off, n;

	switch (kind) {
	case OP_SEND_BIG:
		(void)take(h, &a);
		off = sd->hi;
		n = gen(h, sd, ((size_t)a + 1) * 16);
		seg(h, t, ci, dir, PKT_ACK | PKT_PSH, seq_of(sd, off), sd->buf + off, n, n);
		break;
	case OP_AHEAD:
		(void)take(h, &a);
		(void)take(h, &b);
		off = sd->hi;
		n = gen(h, sd, (size_t)a + 1);
		if (sd->nholes < MAX_HOLES) {
			sd->holes[sd->nholes].seq = seq_of(sd, off);
			sd->holes[sd->nholes].off = off;
			sd->holes[sd->nholes].len = n;
			sd->nholes++;
		}
		off = sd->hi;
		n = gen(h, sd, (size_t)b + 1);
		seg(h, t, ci, dir, PKT_ACK, seq_of(sd, off), sd->buf + off, n, n);
		break;
	case OP_FILL:
		(void)take(h, &a);
		if (sd->nholes) {
			unsigned i = a % sd->nholes;
			struct hole ho = sd->holes[i];

			sd->holes[i] = sd->holes[--sd->nholes];
			seg(h, t, ci, dir, PKT_ACK, ho.seq, sd->buf + ho.off, ho.len, ho.len);
		}
		break;
	case OP_RETRANS:
		(void)take(h, &a);
		(void)take(h, &b);
		if (sd->hi == 0)
			break;
		off = (size_t)a + 1 > sd->hi ? 0 : sd->hi - ((size_t)a + 1);
		n = (size_t)b + 1;
		/* may run past the bytes sent so far: then it carries new bytes */
		if (off + n > sd->hi)
			n = sd->hi - off;
		seg(h, t, ci, dir, PKT_ACK, seq_of(sd, off), sd->buf + off, n, n);
		break;
	case OP_JUMP:
		sd->seqbase += take32(h);
		break;
	case OP_FIN:
		seg(h, t, ci, dir, PKT_FIN | PKT_ACK, seq_of(sd, sd->hi), NULL, 0, 0);
		break;
	case OP_RST:
		seg(h, t, ci, dir, PKT_RST, seq_of(sd, sd->hi), NULL, 0, 0);
		break;
	case OP_SYN:
		c->d[0].isn = take32(h);
		c->d[1].isn = c->d[0].isn ^ 0x5a5a5a5a;
		for (int d = 0; d < 2; d++) {
			/* the stream restarts: keep the buffer, move offset 0 */
			c->d[d].isn -= (uint32_t)c->d[d].hi;
			c->d[d].seqbase = 0;
			c->d[d].nholes = 0;
		}
		handshake(h, t, ci);
		break;
	case OP_TIME:
		(void)take(h, &a);
		h->now.tv_sec += a;
		h->now.tv_usec = (h->now.tv_usec + 1000) % 1000000;
		break;
	case OP_TRUNC:
		(void)take(h, &a);
		off = sd->hi;
		n = gen(h, sd, (size_t)a + 1);
		seg(h, t, ci, dir, PKT_ACK, seq_of(sd, off), sd->buf + off, n, n / 2);
		break;
	case OP_ACK:
		seg(h, t, ci, dir, PKT_ACK, seq_of(sd, sd->hi), NULL, 0, 0);
		break;
	default: /* OP_SEND */
		(void)take(h, &a);
		off = sd->hi;
		n = gen(h, sd, (size_t)a + 1);
		seg(h, t, ci, dir, PKT_ACK | PKT_PSH, seq_of(sd, off), sd->buf + off, n, n);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct flow_limits presets[4] = {
		{ 0, 0, 0, 0, 0, 0 },
		{ 1, 64, 2, 256, 0, 0 },
		{ 2, 4096, 8, 8192, 0, 0 },
		{ 1, 0, 0, 0, 0, 0 },
	};
	struct h h;
	struct flow_cb cb;
	struct flow_table *t;
	uint8_t cfg, op;

	if (size < 1)
		return 0;
	memset(&h, 0, sizeof(h));
	h.in = data;
	h.n = size;
	h.pos = 1;
	cfg = data[0];
	h.v6 = cfg & 8;
	h.bmp = cfg & 32;
	h.now.tv_sec = 1700000000;
	for (int ci = 0; ci < 2; ci++) {
		h.c[ci].port = (uint16_t)(40000 + ci);
		for (int d = 0; d < 2; d++) {
			h.c[ci].d[d].buf = malloc(size);
			if (h.c[ci].d[d].buf == NULL)
				abort();
			h.c[ci].d[d].isn = (cfg & 16) ? 0xffffff00u + (uint32_t)(ci * 16 + d * 32)
			    : 1000u + (uint32_t)(ci * 100000 + d * 50000);
		}
	}
	memset(&cb, 0, sizeof(cb));
	cb.arg = &h;
	cb.message = cb_message;
	cb.skip = cb_skip;
	cb.event = cb_event;
	cb.flow_end = cb_flow_end;
	t = flow_table_new(&presets[(cfg >> 1) & 3], &cb);
	if (t == NULL)
		abort();
	if (cfg & 1)
		handshake(&h, t, 0);
	while (take(&h, &op))
		run_op(&h, t, op);
	flow_table_finish(t);
	if (flow_table_count(t) != 0)
		abort();
	for (size_t i = 1; i < h.nacct; i++)
		if (h.acct[i].decoded[0] + h.acct[i].decoded[1] + h.acct[i].skipped[0] +
		    h.acct[i].skipped[1] != 0 && !h.acct[i].ended)
			abort();        /* a flow that carried bytes never ended */
	flow_table_free(t);
	for (int ci = 0; ci < 2; ci++)
		for (int d = 0; d < 2; d++)
			free(h.c[ci].d[d].buf);
	free(h.acct);
	return 0;
}
