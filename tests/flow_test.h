/*
 * flow_test.h - shared by the flow layer's unit tests: a recorder of
 * every callback, synthetic segments, BGP message builders.
 */
#ifndef BGPCAP_FLOW_TEST_H
#define BGPCAP_FLOW_TEST_H

#include "flow.h"

#define MAXREC 256

struct rec {
	int nmsg;
	size_t mlen[MAXREC];
	uint8_t mtype[MAXREC];
	uint32_t mtag[MAXREC];
	int mdir[MAXREC];
	uint64_t mflow[MAXREC];
	const uint8_t *mptr[MAXREC];
	int nskip;
	uint64_t skip_n[MAXREC];
	char skip_why[MAXREC][160];
	int nev;
	enum flow_event ev[MAXREC];
	int ev_dir[MAXREC];
	uint64_t ev_flow[MAXREC];
	char ev_why[MAXREC][200];
	int nend;
	uint64_t end_id[MAXREC];
	struct flow_dir_stats end_st[MAXREC][2];
	bool count_only;
	uint64_t bytes;
};

static inline void
on_msg(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len)
{
	struct rec *r = arg;

	assert_non_null(pi);
	if (r->count_only) {
		r->nmsg++;
		r->bytes += len;
		return;
	}
	assert_true(r->nmsg < MAXREC);
	r->mlen[r->nmsg] = len;
	r->mtype[r->nmsg] = msg[18];
	r->mtag[r->nmsg] = len >= 23 ? (uint32_t)msg[19] << 24 |
	    (uint32_t)msg[20] << 16 | (uint32_t)msg[21] << 8 | msg[22] : 0;
	r->mdir[r->nmsg] = dir;
	r->mflow[r->nmsg] = f->id;
	r->mptr[r->nmsg] = msg;
	r->nmsg++;
}

static inline void
on_skip(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *why)
{
	struct rec *r = arg;

	(void)f;
	(void)dir;
	assert_non_null(pi);
	assert_true(n > 0);
	if (r->count_only)
		return;
	assert_true(r->nskip < MAXREC);
	r->skip_n[r->nskip] = n;
	snprintf(r->skip_why[r->nskip], sizeof(r->skip_why[0]), "%s", why);
	r->nskip++;
}

static inline void
on_event(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	struct rec *r = arg;

	assert_non_null(pi);
	if (r->count_only || r->nev >= MAXREC)
		return;
	r->ev[r->nev] = ev;
	r->ev_dir[r->nev] = dir;
	r->ev_flow[r->nev] = f->id;
	snprintf(r->ev_why[r->nev], sizeof(r->ev_why[0]), "%s",
	    detail != NULL ? detail : "");
	r->nev++;
}

static inline void
on_end(void *arg, struct flow *f)
{
	struct rec *r = arg;
	int d;

	for (d = 0; d < 2; d++)
		assert_int_equal(f->st[d].bytes_seen,
		    f->st[d].bytes_decoded + f->st[d].bytes_skipped);
	if (r->nend < MAXREC) {
		r->end_id[r->nend] = f->id;
		memcpy(r->end_st[r->nend], f->st, sizeof(f->st));
	}
	r->nend++;
}

static inline struct flow_table *
mk(struct rec *r, const struct flow_limits *lim)
{
	struct flow_cb cb = { r, on_msg, on_skip, on_event, on_end };
	struct flow_table *t;

	memset(r, 0, sizeof(*r));
	t = flow_table_new(lim, &cb);
	assert_non_null(t);
	return t;
}

/* A: 10.0.0.1:40000 (or 40000+n), B: 10.0.0.2:179; at time ts, with ack */
static inline void
seg_full(struct flow_table *t, int n, int dir, uint32_t seq, uint32_t ack,
    long ts, uint8_t flags, const uint8_t *p, size_t len)
{
	struct pkt_info pi;
	uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };

	memset(&pi, 0, sizeof(pi));
	pi.ts.tv_sec = ts;
	pi.ack = ack;
	pi.src.af = pi.dst.af = AF_INET;
	memcpy(dir ? pi.src.a : pi.dst.a, b, 4);
	memcpy(dir ? pi.dst.a : pi.src.a, a, 4);
	pi.sport = dir ? 179 : (uint16_t)(40000 + n);
	pi.dport = dir ? (uint16_t)(40000 + n) : 179;
	pi.seq = seq;
	pi.tcp_flags = flags;
	pi.ttl = 64;
	flow_segment(t, &pi, p, len);
}

static inline void
seg_n(struct flow_table *t, int n, int dir, uint32_t seq, uint8_t flags,
    const uint8_t *p, size_t len)
{
	seg_full(t, n, dir, seq, 0, 1000, flags, p, len);
}

static inline void
seg(struct flow_table *t, int dir, uint32_t seq, uint8_t flags,
    const uint8_t *p, size_t len)
{
	seg_n(t, 0, dir, seq, flags, p, len);
}

/* Write a BGP message of type/len with a 4-byte tag (if it fits). */
static inline size_t
mkmsg(uint8_t *p, uint8_t type, uint16_t len, uint32_t tag)
{
	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = type;
	if (len > 19)
		memset(p + 19, 0x11, len - 19u);
	if (len >= 23) {
		p[19] = (uint8_t)(tag >> 24);
		p[20] = (uint8_t)(tag >> 16);
		p[21] = (uint8_t)(tag >> 8);
		p[22] = (uint8_t)tag;
	}
	return len;
}

/* Build a stream of n UPDATEs of varying length, tags 1..n. */
static inline size_t
mkstream(uint8_t *p, int n)
{
	size_t off = 0;
	int i;

	for (i = 0; i < n; i++)
		off += mkmsg(p + off, 2, (uint16_t)(40 + 13 * i), (uint32_t)(i + 1));
	return off;
}

static inline void
handshake(struct flow_table *t, uint32_t isn_a, uint32_t isn_b)
{
	seg(t, 0, isn_a, PKT_SYN, NULL, 0);
	seg(t, 1, isn_b, PKT_SYN | PKT_ACK, NULL, 0);
	seg(t, 0, isn_a + 1, PKT_ACK, NULL, 0);
}

static inline uint64_t
skipped_with(const struct rec *r, const char *prefix)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < r->nskip; i++)
		if (strncmp(r->skip_why[i], prefix, strlen(prefix)) == 0)
			n += r->skip_n[i];
	return n;
}

static inline int
count_ev(const struct rec *r, enum flow_event ev)
{
	int i, n = 0;

	for (i = 0; i < r->nev; i++)
		n += r->ev[i] == ev;
	return n;
}

#endif
