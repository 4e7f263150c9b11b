/*
 * flow_overlap.c - overlapping TCP data: compare every copy with the one
 * already held, keep the first.
 *
 * A retransmission normally repeats the bytes already received. When an
 * overlapping copy carries different bytes (a spoofed segment, a broken
 * middlebox, a capture that merged two streams), a receiver keeps what it
 * already holds: bytes already delivered are never taken back, and Linux
 * keeps queued out-of-order data over a later copy. bgpcap does the same,
 * whatever the order: the copy that arrived first is used, and the
 * conflict is reported (FLOW_EV_CONFLICT, st.conflicts/conflict_bytes) so
 * that a verdict resting on those bytes can say so.
 *
 * To compare with bytes already delivered, each direction keeps a history
 * of the last bytes it delivered (a ring indexed by sequence number,
 * FLOW_HIST_MAX at most, FLOW_HIST_TOTAL for all flows together).
 * Retransmitted bytes older than the history are counted as unverified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"

#define HIST_MIN 64

static void
ring_write(uint8_t *ring, size_t cap, uint32_t seq, const uint8_t *p, size_t n)
{
	while (n > 0) {
		size_t pos = seq & (cap - 1), k = cap - pos < n ? cap - pos : n;

		memcpy(ring + pos, p, k);
		p += k;
		n -= k;
		seq += (uint32_t)k;
	}
}

static void
ring_read(const uint8_t *ring, size_t cap, uint32_t seq, uint8_t *out, size_t n)
{
	while (n > 0) {
		size_t pos = seq & (cap - 1), k = cap - pos < n ? cap - pos : n;

		memcpy(out, ring + pos, k);
		out += k;
		n -= k;
		seq += (uint32_t)k;
	}
}

/* Grow the ring towards `want` bytes within the budgets; the valid bytes
 * end at `end` (the next sequence number). */
static void
hist_grow(struct flow_table *t, struct dstate *ds, size_t want, uint32_t end)
{
	size_t ncap = ds->hcap ? ds->hcap : HIST_MIN;
	uint8_t *nb, tmp[512];
	size_t i;

	while (ncap < want && ncap < FLOW_HIST_MAX)
		ncap *= 2;
	if (ncap <= ds->hcap || t->hist_total - ds->hcap + ncap > FLOW_HIST_TOTAL)
		return;
	if ((nb = malloc(ncap)) == NULL)
		return;
	for (i = 0; i < ds->hlen; i += sizeof(tmp)) {
		size_t k = ds->hlen - i < sizeof(tmp) ? ds->hlen - i : sizeof(tmp);
		uint32_t s = end - (uint32_t)ds->hlen + (uint32_t)i;

		ring_read(ds->hist, ds->hcap, s, tmp, k);
		ring_write(nb, ncap, s, tmp, k);
	}
	free(ds->hist);
	t->hist_total = t->hist_total - ds->hcap + ncap;
	ds->hist = nb;
	ds->hcap = ncap;
}

/* n in-order bytes starting at seq (== the old next) were delivered. */
void
fl_hist_put(struct flow_table *t, struct dstate *ds, uint32_t seq,
    const uint8_t *p, size_t n)
{
	if (n == 0)
		return;
	if (ds->hlen + n > ds->hcap && ds->hcap < FLOW_HIST_MAX)
		hist_grow(t, ds, ds->hlen + n, seq);
	if (ds->hcap == 0)
		return;
	if (n > ds->hcap) {
		p += n - ds->hcap;
		seq += (uint32_t)(n - ds->hcap);
		n = ds->hcap;
	}
	ring_write(ds->hist, ds->hcap, seq, p, n);
	ds->hlen = ds->hlen + n > ds->hcap ? ds->hcap : ds->hlen + n;
}

struct ovl {
	uint8_t *patched;        /* NULL until a difference is found */
	uint64_t differ;         /* bytes that differed */
	uint64_t overlap;        /* bytes compared */
	uint32_t first;          /* sequence number of the first difference */
};

/* Compare data[off, off+n) with the held copy `held`; patch on difference. */
static void
ovl_cmp(struct flow_table *t, struct ovl *o, const uint8_t *data, uint32_t caplen,
    uint32_t seq, size_t off, const uint8_t *held, size_t n)
{
	size_t i, diff = 0;

	o->overlap += n;
	if (memcmp(data + off, held, n) == 0)
		return;
	for (i = 0; i < n; i++)
		if (data[off + i] != held[i] && diff++ == 0 && o->differ == 0)
			o->first = seq + (uint32_t)(off + i);
	if (o->patched == NULL) {
		if (t->scratch == NULL && (t->scratch = malloc(0x10000)) == NULL)
			return;
		memcpy(t->scratch, data, caplen);
		o->patched = t->scratch;
	}
	memcpy(o->patched + off, held, n);
	o->differ += diff;
}

/* The part of [seq, seq+caplen) before next: against the history. */
static void
ovl_history(struct flow_table *t, struct flow_priv *fp, int d, struct ovl *o,
    uint32_t seq, const uint8_t *data, uint32_t caplen)
{
	struct dstate *ds = &fp->d[d];
	uint32_t old = ds->next - seq, n = old < caplen ? old : caplen;
	uint32_t lost = old > ds->hlen ? old - (uint32_t)ds->hlen : 0;
	uint8_t tmp[1024];
	size_t i;

	if ((int32_t)(seq - ds->next) >= 0 || n == 0)
		return;
	if (lost > 0) {      /* older than the history: cannot compare */
		fp->pub.st[d].unverified += lost < n ? lost : n;
		if (lost >= n)
			return;
	}
	for (i = lost; i < n; i += sizeof(tmp)) {
		size_t k = n - i < sizeof(tmp) ? n - i : sizeof(tmp);

		ring_read(ds->hist, ds->hcap, seq + (uint32_t)i, tmp, k);
		ovl_cmp(t, o, data, caplen, seq, i, tmp, k);
	}
}

/* The part after next: against the queued out-of-order segments. */
static void
ovl_queue(struct flow_table *t, struct dstate *ds, struct ovl *o,
    uint32_t seq, const uint8_t *data, uint32_t caplen)
{
	int64_t s0 = (int32_t)(seq - ds->next), e0 = s0 + caplen;

	for (size_t i = 0; i < ds->nq; i++) {
		const struct ooo_seg *q = &ds->q[i];
		int64_t s1 = (int32_t)(q->seq - ds->next), e1 = s1 + q->caplen;
		int64_t a = s0 > s1 ? s0 : s1, b = e0 < e1 ? e0 : e1;

		if (s1 >= e0)
			break;
		if (a < b)
			ovl_cmp(t, o, data, caplen, seq, (size_t)(a - s0),
			    q->data + (a - s1), (size_t)(b - a));
	}
}

/*
 * Check a segment's captured bytes against every copy already held; return
 * the bytes to use: data itself, or a copy in which the bytes that differ
 * are those of the first copy.
 */
const uint8_t *
fl_overlap(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data, uint32_t caplen)
{
	struct dstate *ds = &fp->d[d];
	struct ovl o = { NULL, 0, 0, 0 };
	char why[400];

	/* a keep-alive probe: one garbage octet just before the next byte
	 * (RFC 9293 3.8.4), not a copy of anything */
	if (caplen == 0 || (caplen == 1 && seq == ds->next - 1))
		return data;
	ovl_history(t, fp, d, &o, seq, data, caplen);
	if (ds->nq > 0)
		ovl_queue(t, ds, &o, seq, data, caplen);
	if (o.differ == 0)
		return data;
	fp->pub.st[d].conflicts++;
	fp->pub.st[d].conflict_bytes += o.differ;
	snprintf(why, sizeof(why), "overlapping TCP data differs from the copy already "
	    "received: %llu of %llu overlapping bytes, first at seq %u%s; the first copy is "
	    "used, this one is not, and what was decoded from these bytes depends on that",
	    (unsigned long long)o.differ, (unsigned long long)o.overlap, o.first,
	    o.patched == NULL ? " (no memory to patch: this copy is used)" : "");
	fl_emit_event(t, fp, d, pi, FLOW_EV_CONFLICT, why);
	return o.patched != NULL ? o.patched : data;
}
