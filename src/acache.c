/*
 * acache.c - the attribute-block cache (acache.h).
 */
#include <stdlib.h>
#include <string.h>

#include "acache.h"
#include "hash.h"

#define NO_PIECE 0xFFFFu

struct acache_ent {
	uint32_t hash;
	uint32_t age;            /* tick of the last use: the older way goes */
	uint16_t keylen;         /* 0: unused */
	uint16_t fmt_used;
	uint16_t piece_off[ACACHE_PIECES], piece_len[ACACHE_PIECES];
	char *fmt;               /* fmt_cap bytes (NULL when fmt_cap is 0) */
	uint16_t fmt_cap;
	struct bgp_memo memo;
	uint8_t key[BGP_MEMO_KEY_MAX];
};

struct acache {
	struct bgp_memo_ops ops; /* first: ops->arg is the cache */
	struct acache_ent *ent;
	char *fmt;
	size_t nsets;            /* sets of two ways */
	uint32_t tick;
	struct acache_ent *cur;
	struct acache_stats st;
};

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
	return fnv1a32(FNV1A32_INIT, b, 10);
}

static struct acache_ent *
set_of(struct acache *c, uint32_t h)
{
	return &c->ent[2 * (h & (c->nsets - 1))];
}

static const struct bgp_memo *
get(void *arg, const uint8_t *key, size_t n)
{
	struct acache *c = arg;
	uint32_t h = key_hash(key, n);
	struct acache_ent *s = set_of(c, h);

	c->st.lookups++;
	c->cur = NULL;
	for (int w = 0; w < 2; w++) {
		struct acache_ent *e = &s[w];

		if (e->keylen == n && e->hash == h && memcmp(e->key, key, n) == 0) {
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
	uint32_t h = key_hash(key, n);
	struct acache_ent *s = set_of(c, h), *e;

	if (n == 0 || n > BGP_MEMO_KEY_MAX)
		return;
	e = s[0].keylen == 0 ? &s[0] : s[1].keylen == 0 ? &s[1] :
	    s[0].age <= s[1].age ? &s[0] : &s[1];
	if (e->keylen)
		c->st.evictions++;
	e->hash = h;
	e->age = ++c->tick;
	e->keylen = (uint16_t)n;
	memcpy(e->key, key, n);
	e->memo = *mm;
	e->fmt_used = 0;
	for (int i = 0; i < ACACHE_PIECES; i++)
		e->piece_len[i] = NO_PIECE;
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
	c->ent = calloc(n, sizeof(*c->ent));
	if (fmt_cap)
		c->fmt = calloc(n, fmt_cap);
	if (c->ent == NULL || (fmt_cap && c->fmt == NULL)) {
		acache_free(c);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		c->ent[i].fmt = fmt_cap ? c->fmt + i * fmt_cap : NULL;
		c->ent[i].fmt_cap = (uint16_t)fmt_cap;
	}
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
	free(c->ent);
	free(c->fmt);
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
	if (e->fmt == NULL || n >= (size_t)(e->fmt_cap - e->fmt_used))
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
		n += c->ent[i].keylen != 0;
	return n;
}
