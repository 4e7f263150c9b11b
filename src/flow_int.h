/*
 * flow_int.h - private state of the flow layer, shared by flow.c (table,
 * TCP state checks), flow_reasm.c (reassembly, overlap checks) and
 * flow_frame.c (BGP framing). Not for use outside the flow layer.
 */
#ifndef BGPCAP_FLOW_INT_H
#define BGPCAP_FLOW_INT_H

#include <sys/queue.h>
#include <stdbool.h>
#include <stdint.h>

#include "flow.h"

#define BGP_HDR_LEN 19
#define BGP_MAX_LEN 65535
#define FLOW_MIN_BUF 64

#define BGP_HDR_LEN 19
#define BGP_MAX_LEN 65535
#define FLOW_MIN_BUF 64

struct ooo_seg {
	uint32_t seq;
	uint32_t len;           /* sequence space covered */
	uint32_t caplen;        /* bytes present in data (<= len) */
	uint8_t *data;
	struct pkt_info pi;
};

enum pend_kind { PEND_NONE, PEND_RESYNC, PEND_DROP };
enum flush_ctx { FL_FOUND, FL_GAP, FL_END };

struct dstate {
	/* reassembly */
	bool have_next, syn_seen, fin_seen;
	uint32_t isn, next;
	struct ooo_seg *q;      /* sorted, max_ooo_segs + 1 slots, lazily */
	size_t nq, qbytes;
	/* framing */
	uint8_t *buf;
	size_t len, cap;
	bool synced;
	enum pend_kind pend_kind;
	uint64_t pend;          /* bytes of the current skipped run */
	uint64_t drop_left;     /* bytes of an oversized message still to skip */
	uint32_t drop_len;      /* its length */
};

struct fkey {
	uint8_t af;
	uint8_t pad;
	uint16_t p[2];
	uint8_t a[2][16];
};

struct flow_priv {
	struct flow pub;        /* must be first */
	struct flow_priv *hnext;
	TAILQ_ENTRY(flow_priv) lru;
	TAILQ_ENTRY(flow_priv) all;
	TAILQ_ENTRY(flow_priv) cl;
	struct fkey key;
	uint32_t hash;
	bool closed;
	double closed_at;
	struct dstate d[2];
	struct pkt_info last_pi;
};

TAILQ_HEAD(flow_list, flow_priv);

struct flow_table {
	const char *end_why;     /* reason for bytes buffered when a flow ends */
	struct flow_limits lim;
	struct flow_cb cb;
	struct flow_priv **bucket;
	size_t nbucket;          /* power of two */
	size_t count;
	uint64_t next_id;
	double now;
	struct flow_list lru, all, closed;
	size_t qbytes_total;     /* out-of-order bytes held by all flows */
	size_t buf_total;        /* partial-message buffer bytes of all flows */
};


/* ------------------------------------------------------------ callbacks */

static inline void
fl_emit_skip(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint64_t n, const char *reason, bool counted)
{
	if (n == 0)
		return;
	if (counted)
		fp->pub.st[d].bytes_skipped += n;
	if (t->cb.skip != NULL)
		t->cb.skip(t->cb.arg, &fp->pub, d, pi, n, reason);
}

static inline void
fl_emit_event(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flow_event ev, const char *detail)
{
	if (t->cb.event != NULL)
		t->cb.event(t->cb.arg, &fp->pub, d, pi, ev, detail);
}

/* flow_frame.c */
void fl_frame_feed(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const uint8_t *p, size_t n);
void fl_frame_reset(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flush_ctx ctx);
/* flow_reasm.c */
void fl_dir_data(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len);
void fl_dir_flush(struct flow_table *t, struct flow_priv *fp, int d);
void fl_dir_free(struct flow_table *t, struct dstate *ds);

#endif
