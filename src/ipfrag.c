/*
 * ipfrag.c - IPv4 and IPv6 fragment reassembly (see ipfrag.h).
 */
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipfrag.h"

struct frag {
	uint32_t off;
	uint32_t clen;           /* captured bytes */
	uint32_t wlen;           /* bytes on the wire */
};

struct dgram {
	struct ipfrag_key key;
	struct pkt_info pi;      /* the lowest-offset fragment's packet */
	uint32_t pi_off;         /* its offset */
	double first;            /* capture time of the first fragment seen */
	uint8_t *buf;
	size_t cap;              /* allocated bytes of buf */
	uint32_t total;          /* payload length, once the last fragment is seen */
	bool have_last;
	unsigned nfrags;
	struct frag fr[IPFRAG_MAX_FRAGS];
};

struct ipfrag {
	struct dgram *d[IPFRAG_MAX_DGRAMS];
	size_t n;
	size_t bytes;            /* sum of cap over all datagrams */
	uint8_t *done;           /* payload handed out by the last IPFRAG_DONE */
};

static double
tv_sec(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

struct ipfrag *
ipfrag_new(void)
{
	return calloc(1, sizeof(struct ipfrag));
}

static void
dgram_free(struct ipfrag *t, size_t i)
{
	struct dgram *d = t->d[i];

	t->bytes -= d->cap;
	free(d->buf);
	free(d);
	t->d[i] = t->d[--t->n];
}

void
ipfrag_free(struct ipfrag *t)
{
	if (t == NULL)
		return;
	while (t->n > 0)
		dgram_free(t, t->n - 1);
	free(t->done);
	free(t);
}

size_t
ipfrag_count(const struct ipfrag *t)
{
	return t != NULL ? t->n : 0;
}

static bool
key_eq(const struct ipfrag_key *a, const struct ipfrag_key *b)
{
	size_t alen = a->af == AF_INET ? 4 : 16;

	return a->af == b->af && a->proto == b->proto && a->id == b->id &&
	    memcmp(a->src, b->src, alen) == 0 && memcmp(a->dst, b->dst, alen) == 0;
}

/* Contiguous captured bytes from offset 0. */
static size_t
prefix_len(const struct dgram *d)
{
	size_t covered = 0;
	bool grew = true;
	unsigned i;

	/* at most nfrags passes, each extends the prefix or stops */
	while (grew) {
		grew = false;
		for (i = 0; i < d->nfrags; i++) {
			size_t end = (size_t)d->fr[i].off + d->fr[i].clen;

			if (d->fr[i].off <= covered && end > covered) {
				covered = end;
				grew = true;
			}
		}
	}
	return covered;
}

static size_t
wire_len(const struct dgram *d)
{
	size_t m = 0;
	unsigned i;

	if (d->have_last)
		return d->total;
	for (i = 0; i < d->nfrags; i++)
		if ((size_t)d->fr[i].off + d->fr[i].wlen > m)
			m = (size_t)d->fr[i].off + d->fr[i].wlen;
	return m;
}

/* Hand what is left of datagram i to fn, then free it. */
static void
dgram_leave(struct ipfrag *t, size_t i, const char *why, ipfrag_left_fn fn,
    void *arg)
{
	struct dgram *d = t->d[i];
	struct ipfrag_left l;

	if (fn != NULL) {
		memset(&l, 0, sizeof(l));
		l.key = &d->key;
		l.pi = &d->pi;
		l.prefix = d->buf;
		l.plen = prefix_len(d);
		l.wlen = wire_len(d);
		l.complete_len = d->have_last;
		l.nfrags = d->nfrags;
		l.why = why;
		fn(arg, &l);
	}
	dgram_free(t, i);
}

void
ipfrag_expire(struct ipfrag *t, double now, ipfrag_left_fn fn, void *arg)
{
	size_t i = 0;

	if (t == NULL)
		return;
	while (i < t->n) {
		struct dgram *d = t->d[i];
		double limit = d->key.af == AF_INET ? IPFRAG_TIMEOUT4 : IPFRAG_TIMEOUT6;

		if (now < 0)
			dgram_leave(t, i, "the capture ended", fn, arg);
		else if (now - d->first > limit || now < d->first)
			dgram_leave(t, i, now < d->first ? "capture time went backwards" :
			    "reassembly timed out", fn, arg);
		else
			i++;
	}
}

/* A new datagram, making room (the oldest leaves) when the table is full. */
static struct dgram *
dgram_new(struct ipfrag *t, const struct ipfrag_key *k, const struct pkt_info *pi,
    ipfrag_left_fn fn, void *arg)
{
	struct dgram *d;
	size_t i, old = 0;

	if (t->n == IPFRAG_MAX_DGRAMS) {
		for (i = 1; i < t->n; i++)
			if (t->d[i]->first < t->d[old]->first)
				old = i;
		dgram_leave(t, old, "the fragment table was full", fn, arg);
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->key = *k;
	d->pi = *pi;
	d->pi_off = UINT32_MAX;
	d->first = tv_sec(&pi->ts);
	t->d[t->n++] = d;
	return d;
}

/*
 * Overlap check against the fragments held: 0 = none, 1 = an exact
 * duplicate with the same content, -1 = any other overlap.
 */
static int
overlap(const struct dgram *d, uint32_t off, const uint8_t *data, size_t clen,
    size_t wlen)
{
	unsigned i;

	for (i = 0; i < d->nfrags; i++) {
		const struct frag *f = &d->fr[i];
		size_t c;

		if ((size_t)off >= (size_t)f->off + f->wlen || (size_t)off + wlen <= f->off)
			continue;
		if (f->off != off || f->wlen != wlen)
			return -1;
		c = clen < f->clen ? clen : f->clen;
		return memcmp(d->buf + off, data, c) == 0 ? 1 : -1;
	}
	return 0;
}

static bool
dgram_store(struct ipfrag *t, struct dgram *d, uint32_t off, const uint8_t *data,
    size_t clen)
{
	size_t need = (size_t)off + clen, ncap;
	uint8_t *nb;

	if (need > d->cap) {
		ncap = need < 2048 ? 2048 : need;
		if (ncap > IPFRAG_MAX_LEN)
			ncap = IPFRAG_MAX_LEN;
		if (t->bytes - d->cap + ncap > IPFRAG_MAX_BYTES)
			return false;
		nb = realloc(d->buf, ncap);
		if (nb == NULL)
			return false;
		memset(nb + d->cap, 0, ncap - d->cap);
		t->bytes = t->bytes - d->cap + ncap;
		d->buf = nb;
		d->cap = ncap;
	}
	if (clen > 0)
		memcpy(d->buf + off, data, clen);
	return true;
}

static size_t
find(const struct ipfrag *t, const struct ipfrag_key *k)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (key_eq(&t->d[i]->key, k))
			return i;
	return t->n;
}

static enum ipfrag_res
drop(struct ipfrag *t, size_t i)
{
	if (i < t->n)
		dgram_free(t, i);
	return IPFRAG_DROPPED;
}

#define DROP(...) do {                                              \
	if (why != NULL && whylen > 0)                              \
		snprintf(why, whylen, __VA_ARGS__);                 \
	return drop(t, i);                                          \
} while (0)

/* The checks a new fragment must pass before it is stored. */
static enum ipfrag_res
check_frag(struct ipfrag *t, size_t i, uint32_t off, bool more, const uint8_t *data,
    size_t caplen, size_t wlen, char *why, size_t whylen)
{
	struct dgram *d = t->d[i];
	int ov = overlap(d, off, data, caplen, wlen);
	unsigned j;

	if (ov == 1)
		return IPFRAG_DUP;
	if (ov < 0)
		DROP("fragment at offset %u (%zu bytes) overlaps another with different "
		    "extent or content: datagram dropped, as the receiver does (RFC 5722)",
		    off, wlen);
	if (d->have_last && (size_t)off + wlen > d->total)
		DROP("fragment at offset %u ends beyond the last fragment's end %u: "
		    "datagram dropped", off, d->total);
	if (!more && d->have_last)
		DROP("two last fragments (ending at %zu and %u): datagram dropped",
		    off + wlen, d->total);
	if (!more)
		for (j = 0; j < d->nfrags; j++)
			if ((size_t)d->fr[j].off + d->fr[j].wlen > (size_t)off + wlen)
				DROP("last fragment ends at %zu, before data at offset %u: "
				    "datagram dropped", off + wlen, d->fr[j].off);
	if (d->nfrags == IPFRAG_MAX_FRAGS)
		DROP("more than %u fragments: datagram dropped", IPFRAG_MAX_FRAGS);
	return IPFRAG_HELD;
}

enum ipfrag_res
ipfrag_add(struct ipfrag *t, const struct ipfrag_key *k, const struct pkt_info *pi,
    uint32_t off, bool more, const uint8_t *data, size_t caplen, size_t wlen,
    const uint8_t **out, size_t *outlen, char *why, size_t whylen,
    ipfrag_left_fn fn, void *arg)
{
	struct dgram *d;
	enum ipfrag_res r;
	size_t i;

	free(t->done);
	t->done = NULL;
	ipfrag_expire(t, tv_sec(&pi->ts), fn, arg);
	if (caplen > wlen)
		caplen = wlen;
	i = find(t, k);
	if ((size_t)off + wlen > IPFRAG_MAX_LEN)
		DROP("fragment at offset %u of %zu bytes ends beyond 65535: datagram "
		    "dropped", off, wlen);
	if (i == t->n) {
		if (dgram_new(t, k, pi, fn, arg) == NULL)
			DROP("out of memory: datagram dropped");
		i = t->n - 1;
	}
	d = t->d[i];
	r = check_frag(t, i, off, more, data, caplen, wlen, why, whylen);
	if (r != IPFRAG_HELD)
		return r;
	if (!more) {
		d->have_last = true;
		d->total = off + (uint32_t)wlen;
	}
	if (!dgram_store(t, d, off, data, caplen))
		DROP("fragment memory budget (%u MiB) exhausted: datagram dropped",
		    IPFRAG_MAX_BYTES >> 20);
	d->fr[d->nfrags++] = (struct frag){ off, (uint32_t)caplen, (uint32_t)wlen };
	if (off < d->pi_off) {
		d->pi = *pi;
		d->pi_off = off;
	}
	if (!d->have_last || prefix_len(d) < d->total)
		return IPFRAG_HELD;
	/* complete: hand the buffer out, forget the datagram */
	t->done = d->buf;
	*out = d->buf;
	*outlen = d->total;
	d->buf = NULL;
	t->bytes -= d->cap;
	d->cap = 0;
	dgram_free(t, i);
	return IPFRAG_DONE;
}
