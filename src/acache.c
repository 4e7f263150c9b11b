/*
 * acache.c - the attribute-block cache (acache.h).
 */
#include <stdlib.h>
#include <string.h>

#include "acache.h"
#include "hash.h"

#define NO_PIECE 0xFFFFu

/* One entry, laid out in the order a hit reads it: the kept walk, the key,
 * the formatted pieces right after the key, so a hit streams through
 * adjacent cache lines. */
struct acache_ent {
	uint16_t keylen;         /* 0: unused */
	uint16_t fmt_used, fmt_cap;
	uint16_t piece_off[ACACHE_PIECES], piece_len[ACACHE_PIECES];
	uint32_t age;            /* tick of the last use: the older way goes */
	char *fmt;               /* data + keylen: fmt_cap bytes */
	struct bgp_memo memo;
	uint8_t data[];          /* the key (at most BGP_MEMO_KEY_MAX), then fmt */
};

struct acache {
	struct bgp_memo_ops ops; /* first: ops->arg is the cache */
	uint32_t *tag;           /* per entry: the key's hash | 1, 0 unused; dense,
	                          * so a lookup reads an entry only when it matches */
	unsigned char *ent;      /* the entries, `stride` bytes apart */
	size_t stride;
	uint16_t fmt_cap;
	size_t nsets;            /* sets of two ways */
	uint32_t tick;
	struct acache_ent *cur;
	struct acache_stats st;
};

static struct acache_ent *
ent_at(const struct acache *c, size_t i)
{
	return (struct acache_ent *)(void *)(c->ent + i * c->stride);
}

/*
 * The key folded to 8 bytes, 8 bytes at a time (a multiply and a rotate
 * per word), then hash.h's function over the fold and the length. FNV-1a
 * byte by byte over a 100-byte key cost as much as the walk it saves. A
 * fold collision (crafted or not) costs a miss: a hit compares the key.
 */
static uint32_t
key_hash(const uint8_t *key, size_t n)
{
	uint64_t f = 0x9e3779b97f4a7c15u, w;
	uint8_t b[10];
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, key + i, 8);
		f = (f ^ w) * 0xff51afd7ed558ccdu;
		f = f << 29 | f >> 35;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, key + i, n - i);
		f = (f ^ w) * 0xff51afd7ed558ccdu;
	}
	memcpy(b, &f, 8);
	b[8] = (uint8_t)n;
	b[9] = (uint8_t)(n >> 8);
	return hash_bytes(b, 10);
}

static const struct bgp_memo *
get(void *arg, const uint8_t *key, size_t n)
{
	struct acache *c = arg;
	uint32_t t = key_hash(key, n) | 1;
	size_t i = 2 * (t >> 1 & (c->nsets - 1));

	c->st.lookups++;
	c->cur = NULL;
	for (size_t w = i; w < i + 2; w++) {
		struct acache_ent *e;

		if (c->tag[w] != t)
			continue;
		e = ent_at(c, w);
		if (e->keylen == n && memcmp(e->data, key, n) == 0) {
			e->age = ++c->tick;
			c->st.hits++;
			c->cur = e;
			return &e->memo;
		}
	}
	return NULL;
}

static void
put(void *arg, const uint8_t *key, size_t n, const struct bgp_memo *mm)
{
	struct acache *c = arg;
	uint32_t t = key_hash(key, n) | 1;
	size_t i = 2 * (t >> 1 & (c->nsets - 1)), w;
	struct acache_ent *e;

	if (n == 0 || n > BGP_MEMO_KEY_MAX)
		return;
	if (c->tag[i] == 0)
		w = i;
	else if (c->tag[i + 1] == 0)
		w = i + 1;
	else
		w = ent_at(c, i)->age <= ent_at(c, i + 1)->age ? i : i + 1;
	if (c->tag[w])
		c->st.evictions++;
	e = ent_at(c, w);
	c->tag[w] = t;
	e->age = ++c->tick;
	e->keylen = (uint16_t)n;
	memcpy(e->data, key, n);
	e->fmt = (char *)e->data + n;
	e->fmt_cap = c->fmt_cap;
	e->memo = *mm;
	e->fmt_used = 0;
	for (int k = 0; k < ACACHE_PIECES; k++)
		e->piece_len[k] = NO_PIECE;
	c->st.stores++;
	c->cur = e;
}

struct acache *
acache_new(unsigned log2, size_t fmt_cap)
{
	struct acache *c;
	size_t n;

	if (log2 < 1 || log2 > 20 || fmt_cap > 0xFFFF)
		return NULL;
	n = (size_t)1 << log2;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->nsets = n / 2;
	c->stride = (sizeof(struct acache_ent) + BGP_MEMO_KEY_MAX + fmt_cap + 63) & ~(size_t)63;
	c->tag = calloc(n, sizeof(*c->tag));
	c->ent = calloc(n, c->stride);
	if (c->tag == NULL || c->ent == NULL) {
		acache_free(c);
		return NULL;
	}
	/* entries are not touched here: memory is used as blocks are kept */
	c->fmt_cap = (uint16_t)fmt_cap;
	c->ops.arg = c;
	c->ops.get = get;
	c->ops.put = put;
	return c;
}

void
acache_free(struct acache *c)
{
	if (c == NULL)
		return;
	free(c->tag);
	free(c->ent);
	free(c);
}

struct bgp_memo_ops *
acache_ops(struct acache *c)
{
	c->cur = NULL;
	return &c->ops;
}

struct acache_ent *
acache_current(struct acache *c)
{
	return c->cur;
}

void
acache_clear_current(struct acache *c)
{
	c->cur = NULL;
}

bool
acache_piece(const struct acache_ent *e, unsigned piece, uint8_t *tag, const char **p,
    size_t *n)
{
	if (e == NULL || piece >= ACACHE_PIECES || e->piece_len[piece] == NO_PIECE)
		return false;
	*tag = (uint8_t)e->fmt[e->piece_off[piece]];
	*p = e->fmt + e->piece_off[piece] + 1;
	*n = e->piece_len[piece];
	return true;
}

bool
acache_put_piece(struct acache_ent *e, unsigned piece, uint8_t tag, const char *p, size_t n)
{
	if (e == NULL || piece >= ACACHE_PIECES || e->piece_len[piece] != NO_PIECE)
		return false;
	if (n >= (size_t)(e->fmt_cap - e->fmt_used))
		return false;
	e->fmt[e->fmt_used] = (char)tag;
	memcpy(e->fmt + e->fmt_used + 1, p, n);
	e->piece_off[piece] = e->fmt_used;
	e->piece_len[piece] = (uint16_t)n;
	e->fmt_used = (uint16_t)(e->fmt_used + 1 + n);
	return true;
}

void
acache_get_stats(const struct acache *c, struct acache_stats *st)
{
	*st = c->st;
}

size_t
acache_used(const struct acache *c)
{
	size_t n = 0;

	for (size_t i = 0; i < 2 * c->nsets; i++)
		n += c->tag[i] != 0;
	return n;
}
