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
	uint32_t h = fnv1a32(FNV1A32_INIT, k, sizeof(*k));

	return h ^ (h >> 15);
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

#define END_CAPTURE "incomplete message at end of capture"
#define END_EVICTED "incomplete message when the flow was evicted (flow table full)"
#define END_CONN "incomplete message at end of connection"

/* Flush, report, unlink and free one flow. */
static void
flow_destroy(struct flow_table *t, struct flow_priv *fp, const char *why)
{
	t->end_why = why;
	fl_dir_flush(t, fp, FLOW_DIR_A);
	fl_dir_flush(t, fp, FLOW_DIR_B);
	if (t->cb.flow_end != NULL)
		t->cb.flow_end(t->cb.arg, &fp->pub);
	hash_remove(t, fp);
	TAILQ_REMOVE(&t->lru, fp, lru);
	TAILQ_REMOVE(&t->all, fp, all);
	if (fp->closed)
		TAILQ_REMOVE(&t->closed, fp, cl);
	fl_dir_free(t, &fp->d[0]);
	fl_dir_free(t, &fp->d[1]);
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
}

static void
reap_closed(struct flow_table *t)
{
	struct flow_priv *fp;

	while ((fp = TAILQ_FIRST(&t->closed)) != NULL &&
	    t->now - fp->closed_at > FLOW_CLOSED_LINGER)
		flow_destroy(t, fp, END_CONN);
}

static void
evict_one(struct flow_table *t)
{
	struct flow_priv *fp = TAILQ_FIRST(&t->closed);
	char why[256], a[46], b[46];

	if (fp != NULL) {
		flow_destroy(t, fp, END_CONN);
		return;
	}
	fp = TAILQ_FIRST(&t->lru);
	if (fp == NULL)
		return;
	snprintf(why, sizeof(why),
	    "flow table full (%zu flows): evicted least recently used flow %llu %s:%u - %s:%u",
	    t->count, (unsigned long long)fp->pub.id,
	    addr_fmt(&fp->pub.addr[0], a, sizeof(a)), fp->pub.port[0],
	    addr_fmt(&fp->pub.addr[1], b, sizeof(b)), fp->pub.port[1]);
	fl_emit_event(t, fp, FLOW_DIR_A, &fp->last_pi, FLOW_EV_LIMIT, why);
	flow_destroy(t, fp, END_EVICTED);
}

static struct flow_priv *
flow_create(struct flow_table *t, const struct pkt_info *pi,
    const struct fkey *k, uint32_t h)
{
	struct flow_priv *fp;
	bool synack = (pi->tcp_flags & (PKT_SYN | PKT_ACK)) == (PKT_SYN | PKT_ACK);

	while (t->count >= t->lim.max_flows && t->count > 0)
		evict_one(t);
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
	fp->hnext = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = fp;
	TAILQ_INSERT_TAIL(&t->lru, fp, lru);
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
	if (cb != NULL)
		t->cb = *cb;
	t->end_why = END_CAPTURE;
	t->nbucket = 256;
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	if (t->bucket == NULL) {
		free(t);
		return NULL;
	}
	TAILQ_INIT(&t->lru);
	TAILQ_INIT(&t->all);
	TAILQ_INIT(&t->closed);
	return t;
}

void
flow_segment_trunc(struct flow_table *t, const struct pkt_info *pi,
    const uint8_t *payload, size_t caplen, size_t len)
{
	struct flow_priv *fp;
	struct dstate *ds;
	struct fkey k;
	uint32_t h;
	int d;
	double ts;
	bool syn = pi->tcp_flags & PKT_SYN, ack = pi->tcp_flags & PKT_ACK;

	if (t == NULL || pi == NULL)
		return;
	if (pi->src.af != pi->dst.af)
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

	key_make(pi, &k);
	h = key_hash(&k);
	fp = lookup(t, &k, h);
	if (fp != NULL && syn && !ack) {
		ds = &fp->d[dir_of(fp, pi)];
		if (fp->closed || (ds->syn_seen ? ds->isn != pi->seq : ds->have_next)) {
			/* a new connection on the same 4-tuple */
			flow_destroy(t, fp, END_CONN);
			fp = NULL;
		}
	}
	if (fp == NULL) {
		fp = flow_create(t, pi, &k, h);
		if (fp == NULL)
			return;
	} else {
		TAILQ_REMOVE(&t->lru, fp, lru);
		TAILQ_INSERT_TAIL(&t->lru, fp, lru);
	}
	d = dir_of(fp, pi);
	ds = &fp->d[d];
	fp->last_pi = *pi;
	fp->pub.st[d].last_ttl = pi->ttl;
	if (pi->ttl == 1)
		fp->pub.st[d].ttl1++;

	if (syn) {
		if (!ds->syn_seen) {
			ds->syn_seen = true;
			ds->isn = pi->seq;
			if (!ds->have_next) {
				ds->have_next = true;
				ds->next = pi->seq + 1;
				ds->synced = true;
			}
		}
		fl_emit_event(t, fp, d, pi, ack ? FLOW_EV_SYNACK : FLOW_EV_SYN, NULL);
	}
	if (len > 0) {
		fp->pub.st[d].segments++;
		fl_dir_data(t, fp, d, pi, syn ? pi->seq + 1 : pi->seq, payload,
		    (uint32_t)caplen, (uint32_t)len);
	}
	if ((pi->tcp_flags & PKT_FIN) && !ds->fin_seen) {
		ds->fin_seen = true;
		fl_emit_event(t, fp, d, pi, FLOW_EV_FIN, NULL);
		if (fp->d[!d].fin_seen)
			flow_close(t, fp);
	}
	if (pi->tcp_flags & PKT_RST) {
		fl_emit_event(t, fp, d, pi, FLOW_EV_RST, NULL);
		flow_close(t, fp);
	}
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
