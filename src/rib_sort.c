/*
 * rib_sort.c - a family's routes in prefix order (rib_int.h): the order of
 * --rib and --diff, and the in-place radix sort that makes it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rib_int.h"

static inline uint64_t
be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

int
rib_route_cmp(const struct rib_route *a, const struct rib_route *b)
{
	uint64_t x = be64(a->addr), y = be64(b->addr);

	if (x == y) {
		x = be64(a->addr + 8);
		y = be64(b->addr + 8);
	}
	if (x != y)
		return x < y ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	if (a->pathid != b->pathid)
		return a->pathid < b->pathid ? -1 : 1;
	return 0;
}

/* Byte i of a route's sort key: the address (16), the length, the path id
 * (big-endian): the order of rib_route_cmp. */
#define KEY_BYTES 21

static inline unsigned
key_byte(const struct rib_route *r, unsigned i)
{
	if (i < 16)
		return r->addr[i];
	if (i == 16)
		return r->plen;
	return (r->pathid >> (8 * (20 - i))) & 0xFF;
}

static void
sort_small(struct rib_route *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct rib_route t = a[i];
		size_t j = i;

		for (; j > 0 && rib_route_cmp(&t, &a[j - 1]) < 0; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

/*
 * Sort a[0 .. n) by key bytes from byte on: an in-place radix sort (most
 * significant byte first, American flag), small runs by insertion. The
 * recursion is at most KEY_BYTES deep; a byte every entry shares costs one
 * counting pass and no moves (IPv4 addresses' 12 zero bytes).
 */
static void
sort_radix(struct rib_route *a, uint32_t n, unsigned byte)
{
	uint32_t cnt[256], next[256], end[256], at = 0;

	for (; n > 32 && byte < KEY_BYTES; byte++) {
		memset(cnt, 0, sizeof(cnt));
		for (uint32_t i = 0; i < n; i++)
			cnt[key_byte(&a[i], byte)]++;
		if (cnt[key_byte(&a[0], byte)] != n)
			break;
	}
	if (n <= 32 || byte >= KEY_BYTES) {
		sort_small(a, n);
		return;
	}
	for (unsigned b = 0; b < 256; b++) {
		next[b] = at;
		at += cnt[b];
		end[b] = at;
	}
	for (unsigned b = 0; b < 256; b++)
		while (next[b] < end[b]) {
			struct rib_route t = a[next[b]];
			unsigned c;

			/* carry t to its bucket, taking the entry there, until one
			 * belongs in b */
			while ((c = key_byte(&t, byte)) != b) {
				struct rib_route u = a[next[c]];

				a[next[c]++] = t;
				t = u;
			}
			a[next[b]++] = t;
		}
	at = 0;
	for (unsigned b = 0; b < 256; at += cnt[b], b++)
		if (cnt[b] > 1)
			sort_radix(a + at, cnt[b], byte + 1);
}

/*
 * The end: the family's entries in order, in place (free ones dropped, the
 * index freed). Sorting the 32-byte entries themselves, not indices, keeps
 * the sort and the printing that follows sequential in memory (a million
 * routes in index order cost a cache miss each). No route is added after.
 */
void
rib_fam_freeze(struct rib_fam *f)
{
	uint32_t k = 0;

	if (f->frozen)
		return;
	for (uint32_t i = 0; i < f->n; i++)
		if (!(f->rt[i].flags & RT_FREE))
			f->rt[k++] = f->rt[i];
	f->n = k;
	f->free_head = 0;
	free(f->slot);
	f->slot = NULL;
	f->nslots = f->used = 0;
	sort_radix(f->rt, k, 0);
	f->frozen = true;
}
