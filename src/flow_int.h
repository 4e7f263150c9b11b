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

/*
 * The receive window a receiver is assumed to offer at most: data starting
 * more than this beyond the next expected byte (or ending more than this
 * before it) is outside any window a BGP speaker advertises in practice
 * (Linux's largest default receive buffer is 6 MiB) and is ignored; an RST
 * within it but not exactly at the next sequence number is a challenge-ACK
 * case (RFC 5961 3.2). The capture layer does not pass the advertised
 * window and its scale, hence a bound rather than the real window.
 */
#define FLOW_WINDOW          (8u << 20)
/* a SYN with a new ISN on an established 4-tuple starts a new connection
 * when the old one was silent this long (capture time): it really ended */
#define FLOW_IDLE_REUSE      300.0
/* flows that never carried a BGP message age out after this idle time */
#define FLOW_IDLE_TIMEOUT    300.0
/* history of delivered bytes kept per direction to compare retransmitted
 * copies with (grows with the data, up to this), and for all flows */
#define FLOW_HIST_MAX        (64u * 1024)
#define FLOW_HIST_TOTAL      (64u * 1024 * 1024)

/* Eviction tiers, least valuable first. */
enum { TIER_HALF, TIER_BOTH, TIER_BGP, NTIER };

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
	const char *bad_why;    /* BMP: why the run's first header was refused */
	uint64_t drop_left;     /* bytes of an oversized message still to skip */
	uint32_t drop_len;      /* its length */
	/* receiver checks */
	bool seen;              /* a packet came from this direction */
	bool have_ack, have_end;
	uint32_t ack;           /* the last ACK this direction sent */
	uint32_t snd_end;       /* end of the sequence space it sent (data,
	                         * SYN, FIN) in accepted segments */
	/* delivered bytes [next - hlen, next), at seq & (hcap - 1) */
	uint8_t *hist;
	size_t hcap, hlen;
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
	TAILQ_ENTRY(flow_priv) hold;   /* flows holding buffer or queue memory */
	struct fkey key;
	uint32_t hash;
	bool closed, holding;
	int tier;                      /* TIER_*: which lru list */
	double closed_at;
	double last_active;
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
	size_t nclosed;          /* flows on the closed list */
	uint64_t next_id;
	double now;
	struct flow_list lru[NTIER], all, closed, hold;
	size_t nhold;            /* flows on the hold list */
	size_t qbytes_total;     /* out-of-order bytes held by all flows */
	size_t buf_total;        /* partial-message buffer bytes of all flows */
	size_t hist_total;       /* history bytes of all flows */
	uint64_t untracked;      /* packets of new flows not tracked: table full
	                          * of flows that carried BGP messages */
	uint8_t *scratch;        /* one segment, for overlap resolution */
};

/* A limit cut `n` bytes of direction d: the flag the reporter reads. */
static inline void
fl_cut(struct flow_priv *fp, int d, uint64_t n, const char *reason)
{
	fp->pub.st[d].cuts++;
	fp->pub.st[d].cut_bytes += n;
	fp->pub.st[d].cut_reason = reason;
}


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
bool fl_dir_data(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len);
void fl_queue_give_up(struct flow_table *t, struct flow_priv *fp, int d, const char *cut);
/* flow_overlap.c */
const uint8_t *fl_overlap(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data, uint32_t caplen);
/* flow_budget.c: make room in a table-wide budget (BUDGET_*) for `need`
 * more bytes of fp; false: fp is over its fair share, it gives up.
 * give_up declares another flow's out-of-order queue lost when BUDGET_OOO
 * is reclaimed (the reassembly passes fl_queue_give_up: the budget sits
 * below reassembly and framing and calls neither by name). */
enum { BUDGET_BUF, BUDGET_OOO };
typedef void fl_give_up_fn(struct flow_table *t, struct flow_priv *fp, int d, const char *cut);
bool fl_budget_room(struct flow_table *t, struct flow_priv *fp, int kind, size_t need,
    fl_give_up_fn *give_up);
void fl_hold_update(struct flow_table *t, struct flow_priv *fp);
void fl_hist_put(struct flow_table *t, struct dstate *ds, uint32_t seq,
    const uint8_t *p, size_t n);
void fl_dir_flush(struct flow_table *t, struct flow_priv *fp, int d);
void fl_dir_free(struct flow_table *t, struct dstate *ds);

#endif
