/*
 * flow.c - flow table and TCP state checks (RST, SYN) per connection.
 *
 * Flow table: a chained hash table keyed by the normalised 4-tuple (both
 * directions map to one entry), plus three intrusive lists: all flows in
 * creation order (finish, foreach), LRU order (eviction), closed flows in
 * order of closing (reaping, cheap reuse when the table is full).
 *
 * Reassembly is in flow_reasm.c, BGP framing in flow_frame.c.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"
#include "hash.h"

/* ---------------------------------------------------------- flow table */

static uint32_t
key_hash(const struct fkey *k)
{
	return hash_bytes(k, sizeof(*k));
}

static void
key_make(const struct pkt_info *pi, struct fkey *k)
{
	size_t alen = pi->src.af == AF_INET ? 4 : 16;
	uint8_t a0[16] = { 0 }, a1[16] = { 0 };
	int c;

	memcpy(a0, pi->src.a, alen);
	memcpy(a1, pi->dst.a, alen);
	memset(k, 0, sizeof(*k));
	k->af = pi->src.af;
	c = memcmp(a0, a1, 16);
	if (c < 0 || (c == 0 && pi->sport <= pi->dport)) {
		memcpy(k->a[0], a0, 16);
		memcpy(k->a[1], a1, 16);
		k->p[0] = pi->sport;
		k->p[1] = pi->dport;
	} else {
		memcpy(k->a[0], a1, 16);
		memcpy(k->a[1], a0, 16);
		k->p[0] = pi->dport;
		k->p[1] = pi->sport;
	}
}

static struct flow_priv *
lookup(struct flow_table *t, const struct fkey *k, uint32_t h)
{
	struct flow_priv *fp;

	for (fp = t->bucket[h & (t->nbucket - 1)]; fp != NULL; fp = fp->hnext)
		if (fp->hash == h && memcmp(&fp->key, k, sizeof(*k)) == 0)
			return fp;
	return NULL;
}

static void
hash_grow(struct flow_table *t)
{
	size_t nn = t->nbucket * 2, i;
	struct flow_priv **nb = calloc(nn, sizeof(*nb));

	if (nb == NULL)
		return;        /* keep the old table: longer chains, still correct */
	for (i = 0; i < t->nbucket; i++) {
		struct flow_priv *fp = t->bucket[i], *nx;

		for (; fp != NULL; fp = nx) {
			nx = fp->hnext;
			fp->hnext = nb[fp->hash & (nn - 1)];
			nb[fp->hash & (nn - 1)] = fp;
		}
	}
	free(t->bucket);
	t->bucket = nb;
	t->nbucket = nn;
}

static void
hash_remove(struct flow_table *t, struct flow_priv *fp)
{
	struct flow_priv **pp = &t->bucket[fp->hash & (t->nbucket - 1)];

	while (*pp != NULL && *pp != fp)
		pp = &(*pp)->hnext;
	if (*pp == fp)
		*pp = fp->hnext;
}

static const char END_CAPTURE[] = "incomplete message at end of capture";
static const char END_EVICTED[] = "incomplete message when the flow was evicted (flow table full)";
static const char END_CONN[] = "incomplete message at end of connection";
static const char END_AGED[] =
    "incomplete message when the flow aged out (idle, never carried a BGP message)";

/* Flush, report, unlink and free one flow. */
static void
flow_destroy(struct flow_table *t, struct flow_priv *fp, const char *why)
{
	t->end_why = why;
	for (int d = 0; d < 2; d++) {
		uint64_t before = fp->pub.st[d].bytes_skipped + fp->pub.st[d].gap_bytes;

		fl_dir_flush(t, fp, d);
		if (why == END_EVICTED || why == END_AGED)
			fl_cut(fp, d, fp->pub.st[d].bytes_skipped + fp->pub.st[d].gap_bytes - before,
			    why == END_AGED ? "idle flow aged out" : "flow table full: evicted");
	}
	if (t->cb.flow_end != NULL)
		t->cb.flow_end(t->cb.arg, &fp->pub);
	hash_remove(t, fp);
	TAILQ_REMOVE(&t->lru[fp->tier], fp, lru);
	TAILQ_REMOVE(&t->all, fp, all);
	if (fp->closed) {
		TAILQ_REMOVE(&t->closed, fp, cl);
		t->nclosed--;
	}
	fl_dir_free(t, &fp->d[0]);
	fl_dir_free(t, &fp->d[1]);
	fl_hold_update(t, fp);
	t->count--;
	free(fp);
}

static void
flow_close(struct flow_table *t, struct flow_priv *fp)
{
	if (fp->closed)
		return;
	fp->closed = true;
	fp->closed_at = t->now;
	TAILQ_INSERT_TAIL(&t->closed, fp, cl);
	t->nclosed++;
}

/* Closed flows after their linger time, or the oldest ones beyond
 * FLOW_CLOSED_MAX (many short connections: memory stays with the live
 * ones); flows that never carried a BGP message after FLOW_IDLE_TIMEOUT
 * without a packet (capture time). */
static void
reap_closed(struct flow_table *t)
{
	struct flow_priv *fp;

	while ((fp = TAILQ_FIRST(&t->closed)) != NULL &&
	    (t->now - fp->closed_at > FLOW_CLOSED_LINGER || t->nclosed > FLOW_CLOSED_MAX))
		flow_destroy(t, fp, END_CONN);
	for (int tier = TIER_HALF; tier < TIER_BGP; tier++)
		while ((fp = TAILQ_FIRST(&t->lru[tier])) != NULL &&
		    t->now - fp->last_active > FLOW_IDLE_TIMEOUT)
			flow_destroy(t, fp, END_AGED);
}

/* The flow was just used: the tail of its tier's LRU list. */
static void
tier_touch(struct flow_table *t, struct flow_priv *fp)
{
	const struct flow_dir_stats *st = fp->pub.st;
	int tier = fp->pub.keep || st[0].messages + st[1].messages > 0 ? TIER_BGP :
	    fp->d[0].seen && fp->d[1].seen ? TIER_BOTH : TIER_HALF;

	TAILQ_REMOVE(&t->lru[fp->tier], fp, lru);
	fp->tier = tier;
	TAILQ_INSERT_TAIL(&t->lru[tier], fp, lru);
	fp->last_active = t->now;
}

/*
 * Make room for a new flow: a closed flow first, then the least recently
 * used flow that never carried a BGP message (one-sided ones before
 * two-sided ones). A flow that carried BGP messages is never evicted for a
 * new one: when only such flows are left, the new flow is not tracked.
 */
static bool
evict_one(struct flow_table *t)
{
	struct flow_priv *fp = TAILQ_FIRST(&t->closed);
	char why[256], a[46], b[46];

	if (fp != NULL) {
		flow_destroy(t, fp, END_CONN);
		return true;
	}
	fp = TAILQ_FIRST(&t->lru[TIER_HALF]);
	if (fp == NULL)
		fp = TAILQ_FIRST(&t->lru[TIER_BOTH]);
	if (fp == NULL)
		return false;
	snprintf(why, sizeof(why),
	    "flow table full (%zu flows): evicted least recently used flow %llu %s:%u - %s:%u",
	    t->count, (unsigned long long)fp->pub.id,
	    addr_fmt(&fp->pub.addr[0], a, sizeof(a)), fp->pub.port[0],
	    addr_fmt(&fp->pub.addr[1], b, sizeof(b)), fp->pub.port[1]);
	fl_emit_event(t, fp, FLOW_DIR_A, &fp->last_pi, FLOW_EV_LIMIT, why);
	flow_destroy(t, fp, END_EVICTED);
	return true;
}

static struct flow_priv *
flow_create(struct flow_table *t, const struct pkt_info *pi,
    const struct fkey *k, uint32_t h)
{
	struct flow_priv *fp;
	bool synack = (pi->tcp_flags & (PKT_SYN | PKT_ACK)) == (PKT_SYN | PKT_ACK);

	while (t->count >= t->lim.max_flows && t->count > 0)
		if (!evict_one(t)) {
			t->untracked++;
			return NULL;
		}
	if (t->count >= t->nbucket && t->nbucket < (SIZE_MAX >> 2))
		hash_grow(t);
	fp = calloc(1, sizeof(*fp));
	if (fp == NULL)
		return NULL;
	fp->key = *k;
	fp->hash = h;
	if (synack) {
		fp->pub.addr[0] = pi->dst;
		fp->pub.port[0] = pi->dport;
		fp->pub.addr[1] = pi->src;
		fp->pub.port[1] = pi->sport;
	} else {
		fp->pub.addr[0] = pi->src;
		fp->pub.port[0] = pi->sport;
		fp->pub.addr[1] = pi->dst;
		fp->pub.port[1] = pi->dport;
	}
	fp->pub.max_msg[0] = fp->pub.max_msg[1] = 4096;
	fp->pub.id = ++t->next_id;
	fp->last_pi = *pi;
	fp->last_active = t->now;
	fp->hnext = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = fp;
	TAILQ_INSERT_TAIL(&t->lru[TIER_HALF], fp, lru);
	TAILQ_INSERT_TAIL(&t->all, fp, all);
	t->count++;
	fl_emit_event(t, fp, synack ? FLOW_DIR_B : FLOW_DIR_A, pi, FLOW_EV_NEW, NULL);
	return fp;
}

static int
dir_of(const struct flow_priv *fp, const struct pkt_info *pi)
{
	if (pi->sport == fp->pub.port[0] && addr_eq(&pi->src, &fp->pub.addr[0]))
		return FLOW_DIR_A;
	return FLOW_DIR_B;
}

struct flow_table *
flow_table_new(const struct flow_limits *lim, const struct flow_cb *cb)
{
	struct flow_table *t = calloc(1, sizeof(*t));

	hash_init();
	if (t == NULL)
		return NULL;
	if (lim != NULL)
		t->lim = *lim;
	if (t->lim.max_flows == 0)
		t->lim.max_flows = FLOW_DEF_MAX_FLOWS;
	if (t->lim.max_buf == 0)
		t->lim.max_buf = FLOW_DEF_MAX_BUF;
	if (t->lim.max_buf < FLOW_MIN_BUF)
		t->lim.max_buf = FLOW_MIN_BUF;
	if (t->lim.max_ooo_segs == 0)
		t->lim.max_ooo_segs = FLOW_DEF_MAX_OOO_SEGS;
	if (t->lim.max_ooo_segs > 65536)
		t->lim.max_ooo_segs = 65536;
	if (t->lim.max_ooo_bytes == 0)
		t->lim.max_ooo_bytes = FLOW_DEF_MAX_OOO_BYTES;
	if (t->lim.max_buf_total == 0)
		t->lim.max_buf_total = FLOW_MAX_BUF_TOTAL;
	if (t->lim.max_ooo_total == 0)
		t->lim.max_ooo_total = FLOW_MAX_OOO_TOTAL;
	if (cb != NULL)
		t->cb = *cb;
	t->end_why = END_CAPTURE;
	t->nbucket = 256;
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	if (t->bucket == NULL) {
		free(t);
		return NULL;
	}
	for (int i = 0; i < NTIER; i++)
		TAILQ_INIT(&t->lru[i]);
	TAILQ_INIT(&t->hold);
	TAILQ_INIT(&t->all);
	TAILQ_INIT(&t->closed);
	return t;
}

/*
 * A SYN on a known 4-tuple: the same connection (a retransmitted SYN), a
 * new one (the old one ended: closed, never answered, or silent for
 * FLOW_IDLE_REUSE), or, on an established connection, a SYN that a
 * receiver answers with a challenge ACK (RFC 5961 4.2): ignored.
 */
enum { SYN_SAME, SYN_NEW, SYN_IGNORE };

static int
syn_check(const struct flow_table *t, const struct flow_priv *fp,
    const struct pkt_info *pi)
{
	const struct dstate *ds = &fp->d[dir_of(fp, pi)];
	bool est = fp->d[0].have_next && fp->d[1].have_next;
	bool ack = pi->tcp_flags & PKT_ACK;

	if (ds->syn_seen && ds->isn == pi->seq)
		return SYN_SAME;
	if (fp->closed)
		return ack ? SYN_SAME : SYN_NEW;
	if (!est)
		return !ack && ds->have_next ? SYN_NEW : SYN_SAME;
	if (!ack && t->now - fp->last_active > FLOW_IDLE_REUSE)
		return SYN_NEW;
	return SYN_IGNORE;
}

/* One of the sequence numbers a receiver would take for an RST. */
static bool
rst_exact(const struct flow_priv *fp, int d, uint32_t seq, bool *known, uint32_t *ref)
{
	const struct dstate *ds = &fp->d[d], *rx = &fp->d[!d];

	*known = false;
	if (ds->have_end) {
		*known = true;
		*ref = ds->snd_end;
		if (seq == ds->snd_end)
			return true;
	}
	if (ds->have_next) {
		*known = true;
		*ref = ds->next;
		if (seq == ds->next)
			return true;
	}
	if (rx->have_ack) {
		*known = true;
		*ref = rx->ack;     /* the receiver's own word on its next byte */
		if (seq == rx->ack)
			return true;
	}
	return false;
}

/*
 * RFC 5961 3.2: an RST is obeyed only at exactly the next expected sequence
 * number. In the window but not exact: the receiver sends a challenge ACK;
 * outside: it ignores it. An RST that answers a SYN is accepted when it
 * acknowledges that SYN (RFC 9293 3.10.7.3), and one on a connection of
 * which nothing is known cannot be checked.
 */
static bool
rst_check(struct flow_table *t, struct flow_priv *fp, int d, const struct pkt_info *pi)
{
	const struct dstate *ds = &fp->d[d], *rx = &fp->d[!d];
	bool known;
	uint32_t ref = 0, off;
	char why[200];

	if (!ds->have_next && !ds->have_end && rx->syn_seen) {
		if ((pi->tcp_flags & PKT_ACK) && pi->ack == rx->isn + 1)
			return true;
		snprintf(why, sizeof(why), "RST (seq %u) answering a SYN does not acknowledge it "
		    "(ack %u, expected %u): ignored", pi->seq, pi->ack, rx->isn + 1);
	} else if (rst_exact(fp, d, pi->seq, &known, &ref) || !known)
		return true;
	else if ((off = pi->seq - ref) > 0 && off < FLOW_WINDOW)
		snprintf(why, sizeof(why), "RST in the window but not at the next sequence number "
		    "(seq %u, expected %u): a receiver answers with a challenge ACK (RFC 5961), "
		    "connection not reset", pi->seq, ref);
	else
		snprintf(why, sizeof(why), "RST outside the window (seq %u, expected %u): "
		    "ignored (RFC 5961)", pi->seq, ref);
	fp->pub.st[d].ignored++;
	fl_emit_event(t, fp, d, pi, FLOW_EV_TCP, why);
	return false;
}

/* The flow a packet belongs to, created or replaced as needed; NULL when the
 * packet is ignored (a SYN a receiver would not accept, or no room). */
static struct flow_priv *
flow_get(struct flow_table *t, const struct pkt_info *pi)
{
	struct flow_priv *fp;
	struct fkey k;
	uint32_t h;

	key_make(pi, &k);
	h = key_hash(&k);
	fp = lookup(t, &k, h);
	if (fp != NULL && (pi->tcp_flags & PKT_SYN)) {
		int v = syn_check(t, fp, pi), d = dir_of(fp, pi);
		char why[200];

		if (v == SYN_NEW) {
			flow_destroy(t, fp, END_CONN);
			fp = NULL;
		} else if (v == SYN_IGNORE) {
			snprintf(why, sizeof(why), "%s with a new ISN %u on an established connection: "
			    "a receiver answers with a challenge ACK (RFC 5961 4.2), connection "
			    "not reset", pi->tcp_flags & PKT_ACK ? "SYN-ACK" : "SYN", pi->seq);
			fp->pub.st[d].ignored++;
			fl_emit_event(t, fp, d, pi, FLOW_EV_TCP, why);
			return NULL;
		}
	}
	if (fp == NULL)
		fp = flow_create(t, pi, &k, h);
	return fp;
}

/* Sequence bookkeeping of an accepted packet. */
static void
seq_note(struct dstate *ds, const struct pkt_info *pi, uint32_t seq_len)
{
	uint32_t end = pi->seq + seq_len;

	if (!ds->have_end || (int32_t)(end - ds->snd_end) > 0) {
		ds->have_end = true;
		ds->snd_end = end;
	}
	if ((pi->tcp_flags & PKT_ACK) && (!ds->have_ack || (int32_t)(pi->ack - ds->ack) > 0)) {
		ds->have_ack = true;
		ds->ack = pi->ack;
	}
}

/* A FIN without data is checked against the window as data is. */
static bool
fin_check(struct flow_table *t, struct flow_priv *fp, int d, const struct pkt_info *pi,
    uint32_t pos)
{
	const struct dstate *ds = &fp->d[d];
	int32_t off = (int32_t)(pos - ds->next);
	char why[160];

	if (!ds->have_next || (off <= (int32_t)FLOW_WINDOW && off >= -(int32_t)FLOW_WINDOW))
		return true;
	snprintf(why, sizeof(why), "FIN at seq %u, outside the receive window (next expected "
	    "byte %u): ignored", pos, ds->next);
	fp->pub.st[d].ignored++;
	fl_emit_event(t, fp, d, pi, FLOW_EV_TCP, why);
	return false;
}

static void
on_syn(struct flow_table *t, struct flow_priv *fp, int d, const struct pkt_info *pi)
{
	struct dstate *ds = &fp->d[d];

	if (!ds->syn_seen) {
		ds->syn_seen = true;
		ds->isn = pi->seq;
		if (!ds->have_next) {
			ds->have_next = true;
			ds->next = pi->seq + 1;
			ds->synced = true;
		}
	}
	fl_emit_event(t, fp, d, pi, pi->tcp_flags & PKT_ACK ? FLOW_EV_SYNACK : FLOW_EV_SYN, NULL);
}

void
flow_segment_trunc(struct flow_table *t, const struct pkt_info *pi,
    const uint8_t *payload, size_t caplen, size_t len)
{
	struct flow_priv *fp;
	struct dstate *ds;
	int d;
	double ts;
	bool syn, fin, ok = true;

	if (t == NULL || pi == NULL || pi->src.af != pi->dst.af)
		return;
	if (len > 0xffff)       /* an IP payload never exceeds this */
		len = 0xffff;
	if (caplen > len)
		caplen = len;
	if (payload == NULL)
		caplen = 0;
	ts = (double)pi->ts.tv_sec + (double)pi->ts.tv_usec / 1e6;
	if (ts > t->now)
		t->now = ts;
	reap_closed(t);
	if ((fp = flow_get(t, pi)) == NULL)
		return;
	d = dir_of(fp, pi);
	ds = &fp->d[d];
	syn = pi->tcp_flags & PKT_SYN;
	fin = pi->tcp_flags & PKT_FIN;
	fp->last_pi = *pi;
	fp->pub.st[d].last_ttl = pi->ttl;
	if (pi->ttl == 1)
		fp->pub.st[d].ttl1++;
	ds->seen = true;
	if (syn)
		on_syn(t, fp, d, pi);
	if (len > 0) {
		fp->pub.st[d].segments++;
		ok = fl_dir_data(t, fp, d, pi, syn ? pi->seq + 1 : pi->seq, payload,
		    (uint32_t)caplen, (uint32_t)len);
	} else if (fin && !syn)
		ok = fin_check(t, fp, d, pi, pi->seq);
	if (ok && !(pi->tcp_flags & PKT_RST))
		seq_note(ds, pi, (uint32_t)len + syn + fin);
	if (ok && fin && !ds->fin_seen) {
		ds->fin_seen = true;
		fl_emit_event(t, fp, d, pi, FLOW_EV_FIN, NULL);
		if (fp->d[!d].fin_seen)
			flow_close(t, fp);
	}
	if ((pi->tcp_flags & PKT_RST) && rst_check(t, fp, d, pi)) {
		fl_emit_event(t, fp, d, pi, FLOW_EV_RST, NULL);
		flow_close(t, fp);
	}
	tier_touch(t, fp);
	fl_hold_update(t, fp);
}

void
flow_segment(struct flow_table *t, const struct pkt_info *pi,
    const uint8_t *payload, size_t len)
{
	flow_segment_trunc(t, pi, payload, len, len);
}

void
flow_table_finish(struct flow_table *t)
{
	struct flow_priv *fp;

	if (t == NULL)
		return;
	while ((fp = TAILQ_FIRST(&t->all)) != NULL)
		flow_destroy(t, fp, END_CAPTURE);
}

void
flow_table_free(struct flow_table *t)
{
	if (t == NULL)
		return;
	flow_table_finish(t);
	free(t->scratch);
	free(t->bucket);
	free(t);
}

void
flow_table_foreach(struct flow_table *t, void (*fn)(void *arg, struct flow *f), void *arg)
{
	struct flow_priv *fp, *nx;

	if (t == NULL || fn == NULL)
		return;
	for (fp = TAILQ_FIRST(&t->all); fp != NULL; fp = nx) {
		nx = TAILQ_NEXT(fp, all);
		fn(arg, &fp->pub);
	}
}

size_t
flow_table_count(const struct flow_table *t)
{
	return t != NULL ? t->count : 0;
}

uint64_t
flow_table_untracked(const struct flow_table *t)
{
	return t != NULL ? t->untracked : 0;
}

uint64_t
flow_table_new_id(struct flow_table *t)
{
	return ++t->next_id;
}
