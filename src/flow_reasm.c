/*
 * flow_reasm.c - per-direction TCP reassembly.
 *
 * `next` is the next expected sequence number (32-bit arithmetic, wraps).
 * A segment at or before `next` is trimmed of the bytes already delivered
 * and its new part goes to framing; a segment ahead of `next` is copied
 * into a small sorted out-of-order queue. When the queue exceeds its limits
 * (or the flow ends), the hole before its head is declared lost (a "gap:"
 * skip) and the queue drains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"

/* ---------------------------------------------------------- reassembly */

static void
gap_to(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t n, const char *what)
{
	struct dstate *ds = &fp->d[d];
	char why[128];

	if (n == 0)
		return;
	fl_frame_reset(t, fp, d, pi, FL_GAP);
	fp->pub.st[d].gaps++;
	fp->pub.st[d].gap_bytes += n;
	snprintf(why, sizeof(why), "gap: %u bytes %s", (unsigned)n, what);
	fl_emit_skip(t, fp, d, pi, n, why, false);
	ds->next += n;
	ds->hlen = 0;           /* the history is contiguous up to next */
}

/* Deliver a segment that starts at or before ds->next. */
static void
deliver(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len)
{
	struct dstate *ds = &fp->d[d];
	uint32_t old = ds->next - seq;
	uint32_t cut;

	if (old >= len) {
		fp->pub.st[d].retrans++;
		return;
	}
	if (old > 0)
		fp->pub.st[d].retrans++;
	cut = old < caplen ? old : caplen;
	data += cut;
	caplen -= cut;
	len -= old;
	if (caplen > 0) {
		/* history for two-sided flows and for those that carry BGP:
		 * not for 100,000 one-sided SYNs with a partial message */
		if (fp->d[!d].seen || fp->pub.st[d].messages > 0)
			fl_hist_put(t, ds, ds->next, data, caplen);
		else
			ds->hlen = 0;
		ds->next += caplen;
		fl_frame_feed(t, fp, d, pi, data, caplen);
	}
	if (len > caplen)
		gap_to(t, fp, d, pi, len - caplen, "not captured (truncated by snaplen)");
}

static void
drain(struct flow_table *t, struct flow_priv *fp, int d)
{
	struct dstate *ds = &fp->d[d];

	while (ds->nq > 0 && (int32_t)(ds->q[0].seq - ds->next) <= 0) {
		struct ooo_seg s = ds->q[0];

		ds->nq--;
		memmove(&ds->q[0], &ds->q[1], ds->nq * sizeof(ds->q[0]));
		ds->qbytes -= s.caplen;
		t->qbytes_total -= s.caplen;
		deliver(t, fp, d, &s.pi, s.seq, s.data, s.caplen, s.len);
		free(s.data);
	}
}

/* Declare the hole before the queue head lost and drain; `cut` names the
 * limit that made us give up waiting for it (NULL: the stream ended). */
static void
gap_to_head(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const char *cut)
{
	struct dstate *ds = &fp->d[d];
	uint32_t n;

	if (ds->nq == 0)
		return;
	n = ds->q[0].seq - ds->next;
	if (cut != NULL && n > 0)
		fl_cut(fp, d, n, cut);
	gap_to(t, fp, d, pi, n, "missing in TCP stream (lost before capture)");
	drain(t, fp, d);
}

/* A budget reclaims the queue of a direction: its holes are declared lost. */
void
fl_queue_give_up(struct flow_table *t, struct flow_priv *fp, int d, const char *cut)
{
	while (fp->d[d].nq > 0)
		gap_to_head(t, fp, d, &fp->last_pi, cut);
}

static void
queue_insert(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len)
{
	struct dstate *ds = &fp->d[d];
	int32_t off = (int32_t)(seq - ds->next);
	size_t i;
	uint8_t *copy;
	char why[160];

	if (ds->q == NULL) {
		ds->q = reallocarray(NULL, t->lim.max_ooo_segs + 1, sizeof(*ds->q));
		if (ds->q == NULL) {
			fl_emit_event(t, fp, d, pi, FLOW_EV_LIMIT,
			    "out of memory: out-of-order segment dropped");
			return;
		}
	}
	for (i = 0; i < ds->nq; i++) {
		int32_t o = (int32_t)(ds->q[i].seq - ds->next);

		if (o == off && ds->q[i].len >= len) {
			fp->pub.st[d].retrans++;
			return;
		}
		if (o > off)
			break;
	}
	copy = malloc(caplen > 0 ? caplen : 1);
	if (copy == NULL) {
		fl_emit_event(t, fp, d, pi, FLOW_EV_LIMIT,
		    "out of memory: out-of-order segment dropped");
		return;
	}
	if (caplen > 0)
		memcpy(copy, data, caplen);
	fp->pub.st[d].ooo++;
	memmove(&ds->q[i + 1], &ds->q[i], (ds->nq - i) * sizeof(ds->q[0]));
	ds->q[i].seq = seq;
	ds->q[i].len = len;
	ds->q[i].caplen = caplen;
	ds->q[i].data = copy;
	ds->q[i].pi = *pi;
	ds->nq++;
	ds->qbytes += caplen;
	t->qbytes_total += caplen;

	if (ds->nq > t->lim.max_ooo_segs || ds->qbytes > t->lim.max_ooo_bytes) {
		snprintf(why, sizeof(why),
		    "out-of-order queue full (%zu segments, %zu bytes; limits %zu, %zu): "
		    "declaring the hole lost", ds->nq, ds->qbytes,
		    t->lim.max_ooo_segs, t->lim.max_ooo_bytes);
		fl_emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
	}
	while (ds->nq > 0 && (ds->nq > t->lim.max_ooo_segs ||
	    ds->qbytes > t->lim.max_ooo_bytes))
		gap_to_head(t, fp, d, pi, "out-of-order queue full");
	/*
	 * A budget for the whole table, so that many flows each under their
	 * own limit cannot add up. Within its fair share, this flow takes the
	 * room from the least recently active flows (flow_budget.c); over it,
	 * it gives up its own holes. Before this insert the total was within
	 * the budget, so emptying this queue brings it back.
	 */
	if (t->qbytes_total > t->lim.max_ooo_total && ds->nq > 0 &&
	    !fl_budget_room(t, fp, BUDGET_OOO, 0, fl_queue_give_up)) {
		snprintf(why, sizeof(why), "out-of-order bytes of all flows exceed %zu KiB and "
		    "this flow holds more than its share: declaring this direction's holes lost",
		    t->lim.max_ooo_total >> 10);
		fl_emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
		while (ds->nq > 0 && t->qbytes_total > t->lim.max_ooo_total)
			gap_to_head(t, fp, d, pi, "out-of-order budget of all flows");
	}
}

/*
 * Data that does not fit a receive window: more than FLOW_WINDOW ahead of
 * the next expected byte, or ending more than FLOW_WINDOW before it. When
 * the receiver's own ACK says it took the bytes up to a point beyond what
 * was captured (capture loss, not a spoofed segment), follow it: the bytes
 * in between are a gap.
 */
static bool
window_check(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, uint32_t len)
{
	struct dstate *ds = &fp->d[d];
	const struct dstate *rx = &fp->d[!d];
	int64_t off = (int32_t)(seq - ds->next), end = off + len;
	char why[200];

	if (off <= (int64_t)FLOW_WINDOW && end >= -(int64_t)FLOW_WINDOW)
		return true;
	if (off > 0 && rx->have_ack && (int32_t)(rx->ack - ds->next) > 0 &&
	    seq - rx->ack + FLOW_WINDOW < 2 * FLOW_WINDOW) {
		fl_queue_give_up(t, fp, d, NULL);
		if ((int32_t)(rx->ack - ds->next) > 0)
			gap_to(t, fp, d, pi, rx->ack - ds->next,
			    "missing in TCP stream (acknowledged by the receiver, not captured)");
		return true;
	}
	snprintf(why, sizeof(why), "%u bytes at seq %u, %lld bytes %s the next expected byte "
	    "(%u): outside the receive window, not used", len, seq,
	    (long long)(off > 0 ? off : -end), off > 0 ? "beyond" : "before", ds->next);
	fp->pub.st[d].ignored++;
	fl_emit_event(t, fp, d, pi, FLOW_EV_TCP, why);
	return false;
}

/* A segment's data; false when it is outside the window (not used). */
bool
fl_dir_data(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len)
{
	struct dstate *ds = &fp->d[d];

	if (!ds->have_next) {
		ds->have_next = true;
		ds->next = seq;
		ds->synced = false;
	}
	if (!window_check(t, fp, d, pi, seq, len))
		return false;
	data = fl_overlap(t, fp, d, pi, seq, data, caplen);
	if ((int32_t)(seq - ds->next) > 0) {
		queue_insert(t, fp, d, pi, seq, data, caplen, len);
		return true;
	}
	deliver(t, fp, d, pi, seq, data, caplen, len);
	drain(t, fp, d);
	return true;
}

/* Everything still held for a direction becomes gaps/skips. */
void
fl_dir_flush(struct flow_table *t, struct flow_priv *fp, int d)
{
	struct dstate *ds = &fp->d[d];
	const struct pkt_info *pi = &fp->last_pi;

	while (ds->nq > 0)
		gap_to_head(t, fp, d, pi, NULL);
	fl_frame_reset(t, fp, d, pi, FL_END);
}

void
fl_dir_free(struct flow_table *t, struct dstate *ds)
{
	size_t i;

	t->buf_total -= ds->cap;
	for (i = 0; i < ds->nq; i++) {
		t->qbytes_total -= ds->q[i].caplen;
		free(ds->q[i].data);
	}
	free(ds->q);
	free(ds->buf);
	t->hist_total -= ds->hcap;
	free(ds->hist);
	memset(ds, 0, sizeof(*ds));
}

