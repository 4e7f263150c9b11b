/*
 * rib_attr.c - interned attribute blocks for the route store (rib_int.h).
 *
 * A full table repeats a few thousand attribute blocks over a million
 * routes: each distinct block (with the next hop of the family it was
 * announced for) is kept once, refcounted by the routes and history events
 * that point at it, and its view (next hop, AS path, origin, MED, local
 * preference, communities) is decoded and formatted once, when it is first
 * seen. The key is the context bit the AS path depends on (4-octet AS),
 * the next hop, and the block's bytes except MP_REACH_NLRI and
 * MP_UNREACH_NLRI (their prefixes are the routes, not their attributes).
 * The index is open addressing over hash.h's keyed hash; a hit compares
 * the whole key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgpcap.h"
#include "hash.h"
#include "rib_int.h"

#define KEY_MAX (2 + 32 + BGP_EXT_MAX_LEN)
#define TEXT_MAX (256 * 1024)     /* per field: a 64 KiB AS_PATH as text fits */

/* The key of the message's block for next hop nh into k; its length. The
 * attributes are copied in runs (one memcpy for a block without MP_REACH or
 * MP_UNREACH, the common case), not one by one. */
static size_t
attr_key(const struct msg_view *v, const uint8_t *nh, size_t nh_len, uint8_t *k)
{
	struct cur c = v->u.upd.attrs;
	const uint8_t *run = c.p;
	size_t n = 0;

	k[n++] = v->ctx->as4;
	k[n++] = (uint8_t)nh_len;
	memcpy(k + n, nh, nh_len);
	n += nh_len;
	while (cur_left(&c) >= 3) {
		const uint8_t *start = c.p;
		size_t hl = (c.p[0] & ATTR_F_EXTLEN) ? 4 : 3, len;

		if (cur_left(&c) < hl)
			break;
		len = hl == 4 ? (size_t)c.p[2] << 8 | c.p[3] : c.p[2];
		if (cur_left(&c) - hl < len)
			len = cur_left(&c) - hl;
		c.p += hl + len;
		if (start[1] == ATTR_MP_REACH || start[1] == ATTR_MP_UNREACH) {
			memcpy(k + n, run, (size_t)(start - run));
			n += (size_t)(start - run);
			run = c.p;
		}
	}
	memcpy(k + n, run, (size_t)(c.p - run));
	return n + (size_t)(c.p - run);
}

/* Communities or large communities of the message as a space-separated list. */
static void
fmt_comms(struct sbuf *s, const struct bgp_update *u, unsigned code)
{
	struct bgp_attr a;
	unsigned w = code == ATTR_COMMUNITIES ? 4 : 12;
	const uint8_t *p;
	size_t left;

	if (!bgp_update_has(u, code) || !bgp_update_attr(u, code, &a))
		return;
	p = a.val.p;
	left = cur_left(&a.val);
	for (; left >= w; p += w, left -= w) {
		if (s->len)
			sbuf_putc(s, ' ');
		if (w == 4)
			bgp_fmt_community(s, (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			    (uint32_t)p[2] << 8 | p[3]);
		else
			bgp_fmt_large_community(s, p);
	}
}

/* One NUL-terminated piece of the text; returns where it starts. */
static const char *
piece(char *text, size_t *at, const struct sbuf *s)
{
	char *p = text + *at;

	memcpy(p, s->p, s->len);
	p[s->len] = '\0';
	*at += s->len + 1;
	return p;
}

/* The next hop as text: IPv4 (4 bytes) or IPv6 (16), one or two. */
static void
fmt_nh(struct sbuf *s1, struct sbuf *s2, const uint8_t *nh, size_t nh_len)
{
	if (nh_len == 4)
		sbuf_ipv4(s1, nh);
	else if (nh_len >= 16)
		sbuf_ipv6(s1, nh);
	if (nh_len == 32)
		sbuf_ipv6(s2, nh + 16);
	else if (nh_len == 20)
		sbuf_ipv4(s2, nh + 16);
}

/* A new block for key k (n bytes): its view decoded from the message. */
static struct rib_attr *
attr_make(char *tb, const struct msg_view *v, const uint8_t *k, size_t n, const uint8_t *nh,
    size_t nh_len)
{
	const struct bgp_update *u = &v->u.upd;
	struct sbuf s[5];
	struct rib_attr *a;
	size_t tl = 0, at;

	for (int i = 0; i < 5; i++)
		sbuf_init(&s[i], tb + i * TEXT_MAX, TEXT_MAX);
	fmt_nh(&s[0], &s[1], nh, nh_len);
	bgp_fmt_effective_aspath(&s[2], u, v->ctx);
	fmt_comms(&s[3], u, ATTR_COMMUNITIES);
	fmt_comms(&s[4], u, ATTR_LARGE_COMMUNITY);
	for (int i = 0; i < 5; i++)
		tl += s[i].len + 1;
	if ((a = malloc(sizeof(*a) + n + tl)) == NULL)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->keylen = (uint32_t)n;
	memcpy(a->key, k, n);
	at = 0;
	a->nh = piece((char *)a->key + n, &at, &s[0]);
	a->nh2 = piece((char *)a->key + n, &at, &s[1]);
	a->path = piece((char *)a->key + n, &at, &s[2]);
	a->comm = piece((char *)a->key + n, &at, &s[3]);
	a->lcomm = piece((char *)a->key + n, &at, &s[4]);
	a->origin = bgp_update_has(u, ATTR_ORIGIN) ? u->origin : 0xFF;
	a->has_med = bgp_update_has(u, ATTR_MED);
	a->med = u->med;
	a->has_lp = bgp_update_has(u, ATTR_LOCAL_PREF);
	a->lp = u->local_pref;
	return a;
}

static bool
index_grow(struct rib_attrs *at)
{
	uint32_t ns = at->nslots ? at->nslots * 2 : 1024, m = ns - 1;
	struct rib_aslot *sl = calloc(ns, sizeof(*sl));

	if (sl == NULL)
		return false;
	for (uint32_t i = 0; i < at->nslots; i++) {
		uint32_t j;

		if (at->slot[i].id1 == 0)
			continue;
		for (j = at->slot[i].hash & m; sl[j].id1; j = (j + 1) & m)
			;
		sl[j] = at->slot[i];
	}
	at->bytes += (uint64_t)(ns - at->nslots) * sizeof(*sl);
	free(at->slot);
	at->slot = sl;
	at->nslots = ns;
	return true;
}

/* The per-id arrays grown to nc ids; false when out of memory (what grew
 * stays, the capacity does not change). */
static bool
ids_grow(struct rib_attrs *at, uint32_t nc)
{
	struct rib_attr **na = reallocarray(at->a, nc, sizeof(*na));
	uint32_t *nf, *nr;

	if (na)
		at->a = na;
	nf = na ? reallocarray(at->freeids, nc, sizeof(*nf)) : NULL;
	if (nf)
		at->freeids = nf;
	nr = nf ? reallocarray(at->refs, nc, sizeof(*nr)) : NULL;
	if (nr == NULL)
		return false;
	at->refs = nr;
	at->bytes += (uint64_t)(nc - at->cap) * (sizeof(*na) + 2 * sizeof(uint32_t));
	at->cap = nc;
	return true;
}

/* A free id for a (the table grows as needed), one reference counted;
 * UINT32_MAX when out of memory. */
static uint32_t
id_take(struct rib_attrs *at, struct rib_attr *a)
{
	uint32_t id;

	if (at->nfree) {
		id = at->freeids[--at->nfree];
	} else {
		if (at->n == at->cap && !ids_grow(at, at->cap ? at->cap * 2 : 256))
			return UINT32_MAX;
		id = at->n++;
	}
	at->a[id] = a;
	at->refs[id] = 1;
	return id;
}

/*
 * The key of the message's block with next hop nh into at->kbuf, its hash,
 * and the index line where it would be fetched into the cache; tag names
 * the (message, NLRI list) pair, so that the second call for the same pair
 * does nothing (rib_peek calls this right after the decode, the UPDATE's
 * application later: the line arrives while the reporter works). False
 * when out of memory.
 */
bool
rib_attr_key(struct rib_attrs *at, const struct msg_view *v, const uint8_t *nh,
    size_t nh_len, uint64_t tag)
{
	if (tag != 0 && tag == at->ktag)
		return true;
	if (at->kbuf == NULL && (at->kbuf = malloc(KEY_MAX)) == NULL)
		return false;
	at->klen = attr_key(v, nh, nh_len, at->kbuf);
	at->khash = hash_bytes(at->kbuf, at->klen);
	at->ktag = tag;
	if (at->nslots)
		__builtin_prefetch(&at->slot[at->khash & (at->nslots - 1)]);
	return true;
}

/*
 * The block that likely has rib_attr_key's key fetched into the cache
 * (rib_attr_intern then finds it there: a full table's UPDATEs pick one of
 * thousands of blocks at random).
 */
void
rib_attr_prefetch(const struct rib_attrs *at)
{
	uint32_t m = at->nslots - 1, j;

	for (j = at->khash & m; at->nslots && at->slot[j].id1; j = (j + 1) & m)
		if (at->slot[j].hash == at->khash) {
			const char *a = (const char *)at->slot[j].a;

			__builtin_prefetch(a);
			__builtin_prefetch(a + 64);
			__builtin_prefetch(a + 128);
			break;
		}
}

/*
 * The id of the block rib_attr_key made the key of, from the same message
 * (a reference taken), or UINT32_MAX when out of memory.
 */
uint32_t
rib_attr_intern(struct rib_attrs *at, const struct msg_view *v, const uint8_t *nh,
    size_t nh_len)
{
	const uint8_t *k = at->kbuf;
	size_t n = at->klen;
	uint32_t h = at->khash, m, j, id;
	struct rib_attr *a;

	if (at->tbuf == NULL && (at->tbuf = malloc(5 * TEXT_MAX)) == NULL)
		return UINT32_MAX;
	if ((at->used + 1) * 4 > at->nslots * 3 && !index_grow(at))
		return UINT32_MAX;
	m = at->nslots - 1;
	for (j = h & m; at->slot[j].id1; j = (j + 1) & m) {
		if (at->slot[j].hash != h)
			continue;
		a = at->slot[j].a;
		if (a->keylen == n && memcmp(a->key, k, n) == 0) {
			at->refs[at->slot[j].id1 - 1]++;
			return at->slot[j].id1 - 1;
		}
	}
	if ((a = attr_make(at->tbuf, v, k, n, nh, nh_len)) == NULL)
		return UINT32_MAX;
	a->hash = h;
	if ((id = id_take(at, a)) == UINT32_MAX) {
		free(a);
		return UINT32_MAX;
	}
	at->slot[j].id1 = id + 1;
	at->slot[j].hash = h;
	at->slot[j].a = a;
	at->used++;
	at->bytes += sizeof(*a) + n + strlen(a->nh) + strlen(a->nh2) + strlen(a->path) +
	    strlen(a->comm) + strlen(a->lcomm) + 5;
	return id;
}

void
rib_attr_ref(struct rib_attrs *at, uint32_t id)
{
	at->refs[id]++;
}

/* Remove slot j from the index (backward shift: no tombstones). */
static void
index_del(struct rib_attrs *at, uint32_t j)
{
	uint32_t m = at->nslots - 1, i = j, k;

	at->slot[j].id1 = 0;
	for (;;) {
		i = (i + 1) & m;
		if (at->slot[i].id1 == 0)
			break;
		k = at->slot[i].hash & m;
		/* move slot i back to j when its home k is not in (j, i] */
		if ((j < i) ? (k <= j || k > i) : (k <= j && k > i)) {
			at->slot[j] = at->slot[i];
			at->slot[i].id1 = 0;
			j = i;
		}
	}
	at->used--;
}

void
rib_attr_unref(struct rib_attrs *at, uint32_t id)
{
	struct rib_attr *a = at->a[id];
	uint32_t m = at->nslots - 1, j;

	if (--at->refs[id] > 0)
		return;
	for (j = a->hash & m; at->slot[j].id1 != id + 1; j = (j + 1) & m)
		;
	index_del(at, j);
	at->bytes -= sizeof(*a) + a->keylen + strlen(a->nh) + strlen(a->nh2) +
	    strlen(a->path) + strlen(a->comm) + strlen(a->lcomm) + 5;
	free(a);
	at->a[id] = NULL;
	if (id < at->npt) {
		free(at->pt[id].s);
		at->pt[id].s = NULL;
	}
	at->freeids[at->nfree++] = id;
}

void
rib_attrs_free(struct rib_attrs *at)
{
	for (uint32_t i = 0; i < at->n; i++)
		free(at->a[i]);
	for (uint32_t i = 0; i < at->npt; i++)
		free(at->pt[i].s);
	free(at->pt);
	free(at->a);
	free(at->freeids);
	free(at->refs);
	free(at->slot);
	free(at->kbuf);
	free(at->tbuf);
	memset(at, 0, sizeof(*at));
}

const char *
rib_origin_name(uint8_t origin)
{
	static const char *const names[] = { "IGP", "EGP", "incomplete" };

	return origin < 3 ? names[origin] : origin == 0xFF ? "" : "?";
}

bool
rib_attr_same(const struct rib_attr *a, const struct rib_attr *b)
{
	return a == b || (a->origin == b->origin && a->has_med == b->has_med &&
	    (!a->has_med || a->med == b->med) && a->has_lp == b->has_lp &&
	    (!a->has_lp || a->lp == b->lp) && strcmp(a->nh, b->nh) == 0 &&
	    strcmp(a->nh2, b->nh2) == 0 && strcmp(a->path, b->path) == 0 &&
	    strcmp(a->comm, b->comm) == 0 && strcmp(a->lcomm, b->lcomm) == 0);
}

static void
change_str(char *buf, size_t len, const char *name, const char *o, const char *n)
{
	size_t l = strlen(buf);

	if (strcmp(o, n) == 0 || l >= len)
		return;
	snprintf(buf + l, len - l, "%s%s %s -> %s", l ? ", " : "", name, *o ? o : "(none)",
	    *n ? n : "(none)");
}

static void
num_str(char *buf, size_t len, bool has, uint32_t v)
{
	if (has)
		snprintf(buf, len, "%u", v);
	else
		buf[0] = '\0';
}

void
rib_attr_changes(const struct rib_attr *a, const struct rib_attr *b, char *buf, size_t len)
{
	char o[16], n[16];

	buf[0] = '\0';
	change_str(buf, len, "next hop", a->nh, b->nh);
	change_str(buf, len, "link-local next hop", a->nh2, b->nh2);
	change_str(buf, len, "as path", a->path, b->path);
	change_str(buf, len, "origin", rib_origin_name(a->origin), rib_origin_name(b->origin));
	num_str(o, sizeof(o), a->has_med, a->med);
	num_str(n, sizeof(n), b->has_med, b->med);
	change_str(buf, len, "med", o, n);
	num_str(o, sizeof(o), a->has_lp, a->lp);
	num_str(n, sizeof(n), b->has_lp, b->lp);
	change_str(buf, len, "local pref", o, n);
	change_str(buf, len, "communities", a->comm, b->comm);
	change_str(buf, len, "large communities", a->lcomm, b->lcomm);
}
