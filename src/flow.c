/*
 * flow.c - flow table, per-direction TCP reassembly and BGP framing.
 *
 * Flow table: a chained hash table keyed by the normalised 4-tuple (both
 * directions map to one entry), plus three intrusive lists: all flows in
 * creation order (finish, foreach), LRU order (eviction), closed flows in
 * order of closing (reaping, cheap reuse when the table is full).
 *
 * Reassembly, per direction: `next` is the next expected sequence number
 * (32-bit arithmetic, wraps). A segment at or before `next` is trimmed of
 * the bytes already delivered and its new part goes to framing; a segment
 * ahead of `next` is copied into a small sorted out-of-order queue. When the
 * queue exceeds its limits (or the flow ends), the hole before its head is
 * declared lost (a "gap:" skip) and the queue drains.
 *
 * Framing works on the in-order bytes. When nothing is buffered, whole
 * messages are handed out straight from the segment payload (zero copy);
 * only a partial tail (at most one message) is copied into the buffer. When
 * something is buffered, exactly the bytes needed to complete the pending
 * header/message are appended, and the rest of the segment goes zero copy
 * again.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "flow.h"
#include "hash.h"

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

static const uint8_t marker[16] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* ------------------------------------------------------------ callbacks */

static void
emit_skip(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint64_t n, const char *reason, bool counted)
{
	if (n == 0)
		return;
	if (counted)
		fp->pub.st[d].bytes_skipped += n;
	if (t->cb.skip != NULL)
		t->cb.skip(t->cb.arg, &fp->pub, d, pi, n, reason);
}

static void
emit_event(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flow_event ev, const char *detail)
{
	if (t->cb.event != NULL)
		t->cb.event(t->cb.arg, &fp->pub, d, pi, ev, detail);
}

/* -------------------------------------------------------------- framing */

enum { H_OK, H_PARTIAL, H_BAD };

/*
 * Classify the bytes at p as a BGP header. strict: out of sync, the type
 * must be 1..5. A length above max_msg is accepted only with a known type.
 */
static int
hdr_check(const uint8_t *p, size_t n, bool strict, uint32_t max_msg, uint32_t *lenp)
{
	struct cur c;
	uint16_t len;
	uint8_t type;
	bool known;
	size_t m = n < sizeof(marker) ? n : sizeof(marker);

	if (memcmp(p, marker, m) != 0)
		return H_BAD;
	cur_init(&c, p, n);
	if (!cur_skip(&c, sizeof(marker)) || !cur_u16(&c, &len))
		return H_PARTIAL;
	if (len < BGP_HDR_LEN)
		return H_BAD;
	if (!cur_u8(&c, &type))
		return H_PARTIAL;
	known = type >= 1 && type <= 5;
	if (!known && (strict || len > max_msg))
		return H_BAD;
	*lenp = len;
	return H_OK;
}

/* First position >= from where a (strict) header could start. */
static size_t
next_candidate(const uint8_t *p, size_t n, size_t from, uint32_t max_msg)
{
	size_t j = from;
	uint32_t len;

	while (j < n) {
		const uint8_t *ff = memchr(p + j, 0xff, n - j);

		if (ff == NULL)
			return n;
		j = (size_t)(ff - p);
		if (hdr_check(p + j, n - j, true, max_msg, &len) != H_BAD)
			return j;
		j++;
	}
	return n;
}

static void
pend_flush(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flush_ctx ctx)
{
	struct dstate *ds = &fp->d[d];
	char why[160];

	if (ds->pend == 0) {
		ds->pend_kind = PEND_NONE;
		return;
	}
	if (ds->pend_kind == PEND_DROP) {
		snprintf(why, sizeof(why),
		    "message of %u bytes exceeds buffer limit %zu: skipped%s",
		    (unsigned)ds->drop_len, t->lim.max_buf,
		    ds->drop_left > 0 ? " (incomplete)" : "");
	} else if (ctx == FL_FOUND) {
		snprintf(why, sizeof(why),
		    "not a BGP header: resynchronised after %llu bytes",
		    (unsigned long long)ds->pend);
	} else {
		snprintf(why, sizeof(why),
		    "not a BGP header: %llu bytes without a valid header before %s",
		    (unsigned long long)ds->pend,
		    ctx == FL_GAP ? "gap" : "end of stream");
	}
	emit_skip(t, fp, d, pi, ds->pend, why, true);
	ds->pend = 0;
	ds->pend_kind = PEND_NONE;
}

static void
pend_add(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum pend_kind k, uint64_t n)
{
	struct dstate *ds = &fp->d[d];

	if (ds->pend_kind != k && ds->pend > 0)
		pend_flush(t, fp, d, pi, FL_FOUND);
	ds->pend_kind = k;
	ds->pend += n;
}

/*
 * Frame messages out of [p, p+n): hand out whole messages, skip junk.
 * Returns the number of bytes consumed; the rest is a partial header or
 * message (or nothing). Stops early when an oversized message is being
 * dropped (drop_left > 0).
 */
static size_t
frame_scan(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const uint8_t *p, size_t n)
{
	struct dstate *ds = &fp->d[d];
	struct flow_dir_stats *st = &fp->pub.st[d];
	uint32_t max_msg = fp->pub.max_msg[d];
	size_t i = 0;

	while (i < n && ds->drop_left == 0) {
		uint32_t len = 0;
		int h = hdr_check(p + i, n - i, !ds->synced, max_msg, &len);

		if (h == H_PARTIAL)
			break;
		if (h == H_BAD) {
			size_t j = next_candidate(p, n, i + 1, max_msg);

			ds->synced = false;
			pend_add(t, fp, d, pi, PEND_RESYNC, j - i);
			i = j;
			continue;
		}
		if (len > t->lim.max_buf) {
			size_t avail = n - i < len ? n - i : len;
			char why[128];

			if (ds->pend_kind == PEND_RESYNC)
				pend_flush(t, fp, d, pi, FL_FOUND);
			snprintf(why, sizeof(why),
			    "BGP message of %u bytes exceeds buffer limit %zu: skipped",
			    (unsigned)len, t->lim.max_buf);
			emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
			ds->synced = true;
			ds->drop_len = len;
			pend_add(t, fp, d, pi, PEND_DROP, avail);
			ds->drop_left = len - avail;
			i += avail;
			if (ds->drop_left == 0)
				pend_flush(t, fp, d, pi, FL_FOUND);
			continue;
		}
		if (n - i < len)
			break;
		if (ds->pend > 0)
			pend_flush(t, fp, d, pi, FL_FOUND);
		ds->synced = true;
		st->messages++;
		st->bytes_decoded += len;
		if (t->cb.message != NULL)
			t->cb.message(t->cb.arg, &fp->pub, d, pi, p + i, len);
		i += len;
	}
	return i;
}

static bool
buf_reserve(struct flow_table *t, struct dstate *ds, size_t want)
{
	size_t ncap;
	uint8_t *nb;

	if (want <= ds->cap)
		return true;
	/* start small: a partial message of a few bytes must not cost a page
	 * per direction (100,000 idle connections would take 800 MB) */
	ncap = ds->cap ? ds->cap : 64;
	while (ncap < want)
		ncap *= 2;
	/* and all flows' partial messages together stay within a budget */
	if (t->buf_total - ds->cap + ncap > FLOW_MAX_BUF_TOTAL)
		return false;
	nb = realloc(ds->buf, ncap);
	if (nb == NULL)
		return false;
	t->buf_total = t->buf_total - ds->cap + ncap;
	ds->buf = nb;
	ds->cap = ncap;
	return true;
}

/* Discard framing state at a gap or at the end of the stream. */
static void
frame_reset(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flush_ctx ctx)
{
	struct dstate *ds = &fp->d[d];

	if (ds->pend > 0)
		pend_flush(t, fp, d, pi, ctx);
	ds->drop_left = 0;
	if (ds->len > 0) {
		emit_skip(t, fp, d, pi, ds->len, ctx == FL_GAP ?
		    "incomplete message before gap" : t->end_why, true);
		ds->len = 0;
	}
	ds->synced = false;
}

/* In-order stream bytes enter here. */
static void
frame_feed(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const uint8_t *p, size_t n)
{
	struct dstate *ds = &fp->d[d];

	fp->pub.st[d].bytes_seen += n;
	while (n > 0) {
		size_t need, k, c;

		if (ds->drop_left > 0) {
			k = n < ds->drop_left ? n : (size_t)ds->drop_left;
			ds->pend += k;
			ds->drop_left -= k;
			p += k;
			n -= k;
			if (ds->drop_left == 0)
				pend_flush(t, fp, d, pi, FL_FOUND);
			continue;
		}
		if (ds->len == 0) {
			/* zero copy: messages straight from the payload */
			c = frame_scan(t, fp, d, pi, p, n);
			p += c;
			n -= c;
			if (ds->drop_left > 0 || n == 0)
				continue;
			if (!buf_reserve(t, ds, n)) {
				emit_skip(t, fp, d, pi, n, "no memory left for a partial message "
				    "(budget of all flows or allocation failed)", true);
				ds->synced = false;
				return;
			}
			memcpy(ds->buf, p, n);
			ds->len = n;
			return;
		}
		/* complete the pending header, then the pending message */
		if (ds->len < BGP_HDR_LEN)
			need = BGP_HDR_LEN - ds->len;
		else {
			size_t len = (size_t)ds->buf[16] << 8 | ds->buf[17];

			need = len > ds->len ? len - ds->len : 1;
		}
		k = n < need ? n : need;
		if (!buf_reserve(t, ds, ds->len + k)) {
			emit_skip(t, fp, d, pi, ds->len + n, "no memory left for a partial message "
			    "(budget of all flows or allocation failed)", true);
			ds->len = 0;
			ds->synced = false;
			return;
		}
		memcpy(ds->buf + ds->len, p, k);
		ds->len += k;
		p += k;
		n -= k;
		c = frame_scan(t, fp, d, pi, ds->buf, ds->len);
		if (c > 0) {
			memmove(ds->buf, ds->buf + c, ds->len - c);
			ds->len -= c;
		}
	}
}

/* ---------------------------------------------------------- reassembly */

static void
gap_to(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t n, const char *what)
{
	struct dstate *ds = &fp->d[d];
	char why[128];

	if (n == 0)
		return;
	frame_reset(t, fp, d, pi, FL_GAP);
	fp->pub.st[d].gaps++;
	fp->pub.st[d].gap_bytes += n;
	snprintf(why, sizeof(why), "gap: %u bytes %s", (unsigned)n, what);
	emit_skip(t, fp, d, pi, n, why, false);
	ds->next += n;
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
		ds->next += caplen;
		frame_feed(t, fp, d, pi, data, caplen);
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

/* Declare the hole before the queue head lost and drain. */
static void
gap_to_head(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi)
{
	struct dstate *ds = &fp->d[d];

	if (ds->nq == 0)
		return;
	gap_to(t, fp, d, pi, ds->q[0].seq - ds->next,
	    "missing in TCP stream (lost before capture)");
	drain(t, fp, d);
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
			emit_event(t, fp, d, pi, FLOW_EV_LIMIT,
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
		emit_event(t, fp, d, pi, FLOW_EV_LIMIT,
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
		emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
	}
	while (ds->nq > 0 && (ds->nq > t->lim.max_ooo_segs ||
	    ds->qbytes > t->lim.max_ooo_bytes))
		gap_to_head(t, fp, d, pi);
	/*
	 * A budget for the whole table, so that many flows each under their
	 * own limit cannot add up: the direction that crosses it gives up its
	 * holes. Before this insert the total was within the budget, so
	 * emptying this queue brings it back.
	 */
	if (t->qbytes_total > FLOW_MAX_OOO_TOTAL && ds->nq > 0) {
		snprintf(why, sizeof(why), "out-of-order bytes of all flows exceed %u MiB: "
		    "declaring this direction's holes lost", FLOW_MAX_OOO_TOTAL >> 20);
		emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
		while (ds->nq > 0 && t->qbytes_total > FLOW_MAX_OOO_TOTAL)
			gap_to_head(t, fp, d, pi);
	}
}

static void
dir_data(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, uint32_t seq, const uint8_t *data,
    uint32_t caplen, uint32_t len)
{
	struct dstate *ds = &fp->d[d];
	int32_t off;

	if (!ds->have_next) {
		ds->have_next = true;
		ds->next = seq;
		ds->synced = false;
	}
	off = (int32_t)(seq - ds->next);
	if (off > 0) {
		if ((uint32_t)off > FLOW_MAX_AHEAD) {
			char why[128];

			snprintf(why, sizeof(why),
			    "segment %u bytes ahead of the stream (beyond any TCP window): ignored",
			    (unsigned)off);
			emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
			return;
		}
		queue_insert(t, fp, d, pi, seq, data, caplen, len);
		return;
	}
	deliver(t, fp, d, pi, seq, data, caplen, len);
	drain(t, fp, d);
}

/* Everything still held for a direction becomes gaps/skips. */
static void
dir_flush(struct flow_table *t, struct flow_priv *fp, int d)
{
	struct dstate *ds = &fp->d[d];
	const struct pkt_info *pi = &fp->last_pi;

	while (ds->nq > 0)
		gap_to_head(t, fp, d, pi);
	frame_reset(t, fp, d, pi, FL_END);
}

static void
dir_free(struct flow_table *t, struct dstate *ds)
{
	size_t i;

	t->buf_total -= ds->cap;
	for (i = 0; i < ds->nq; i++) {
		t->qbytes_total -= ds->q[i].caplen;
		free(ds->q[i].data);
	}
	free(ds->q);
	free(ds->buf);
	memset(ds, 0, sizeof(*ds));
}

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
	dir_flush(t, fp, FLOW_DIR_A);
	dir_flush(t, fp, FLOW_DIR_B);
	if (t->cb.flow_end != NULL)
		t->cb.flow_end(t->cb.arg, &fp->pub);
	hash_remove(t, fp);
	TAILQ_REMOVE(&t->lru, fp, lru);
	TAILQ_REMOVE(&t->all, fp, all);
	if (fp->closed)
		TAILQ_REMOVE(&t->closed, fp, cl);
	dir_free(t, &fp->d[0]);
	dir_free(t, &fp->d[1]);
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
	emit_event(t, fp, FLOW_DIR_A, &fp->last_pi, FLOW_EV_LIMIT, why);
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
	emit_event(t, fp, synack ? FLOW_DIR_B : FLOW_DIR_A, pi, FLOW_EV_NEW, NULL);
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
		emit_event(t, fp, d, pi, ack ? FLOW_EV_SYNACK : FLOW_EV_SYN, NULL);
	}
	if (len > 0) {
		fp->pub.st[d].segments++;
		dir_data(t, fp, d, pi, syn ? pi->seq + 1 : pi->seq, payload,
		    (uint32_t)caplen, (uint32_t)len);
	}
	if ((pi->tcp_flags & PKT_FIN) && !ds->fin_seen) {
		ds->fin_seen = true;
		emit_event(t, fp, d, pi, FLOW_EV_FIN, NULL);
		if (fp->d[!d].fin_seen)
			flow_close(t, fp);
	}
	if (pi->tcp_flags & PKT_RST) {
		emit_event(t, fp, d, pi, FLOW_EV_RST, NULL);
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
