/*
 * filter.c - display filters: parsing the arguments strictly, and matching
 * a decoded message and its prefixes (filter.h). Nothing here is reached
 * when no filter is given.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "filter.h"
#include "asregex.h"
#include "bgpcap.h"
#include "sbuf.h"

static bool
room(int n, const char *opt, const char *s, char *err, size_t errlen)
{
	if (n < FLT_MAX)
		return true;
	snprintf(err, errlen, "too many %s options (at most %d): %s", opt, FLT_MAX, s);
	return false;
}

/* ---------------------------------------------------------------- parsing */

/* "ADDR/LEN", LEN in decimal within the family's bits, no host bits set. */
bool
flt_add_prefix(struct filter *f, const char *s, char *err, size_t errlen)
{
	struct flt_prefix p;
	char a[64];
	const char *slash = strchr(s, '/');
	char *end;
	unsigned long len;
	unsigned bits;

	if (!room(f->n_prefix, "--prefix", s, err, errlen))
		return false;
	memset(&p, 0, sizeof(p));
	if (slash == NULL || (size_t)(slash - s) >= sizeof(a) || !isdigit((unsigned char)slash[1]))
		goto bad;
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	if (inet_pton(AF_INET, a, p.a) == 1)
		p.af = 4;
	else if (inet_pton(AF_INET6, a, p.a) == 1)
		p.af = 6;
	else
		goto bad;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	bits = p.af == 4 ? 32 : 128;
	if (errno || *end != '\0' || len > bits || end - (slash + 1) > 3)
		goto bad;
	p.len = (uint8_t)len;
	for (unsigned i = p.len; i < bits; i++)
		if (p.a[i / 8] & (0x80 >> (i % 8))) {
			snprintf(err, errlen, "--prefix: '%s' has bits set after the first %u "
			    "(host bits)", s, p.len);
			return false;
		}
	f->prefix[f->n_prefix++] = p;
	return true;
bad:
	snprintf(err, errlen, "--prefix: '%s' is not an IPv4 or IPv6 prefix (ADDRESS/LENGTH)", s);
	return false;
}

static bool
add_addr(struct addr *list, int *n, const char *opt, const char *s, char *err, size_t errlen)
{
	if (!room(*n, opt, s, err, errlen))
		return false;
	if (!addr_parse(s, &list[*n])) {
		snprintf(err, errlen, "%s: '%s' is not an IPv4 or IPv6 address", opt, s);
		return false;
	}
	(*n)++;
	return true;
}

bool
flt_add_peer(struct filter *f, const char *s, char *err, size_t errlen)
{
	return add_addr(f->peer, &f->n_peer, "--peer", s, err, errlen);
}

bool
flt_add_nexthop(struct filter *f, const char *s, char *err, size_t errlen)
{
	return add_addr(f->nexthop, &f->n_nexthop, "--nexthop", s, err, errlen);
}

static const struct {
	const char *name;
	unsigned type;
} type_names[] = {
	{ "open", BGP_OPEN }, { "update", BGP_UPDATE }, { "notification", BGP_NOTIFICATION },
	{ "keepalive", BGP_KEEPALIVE }, { "route-refresh", BGP_ROUTE_REFRESH },
};

bool
flt_add_type(struct filter *f, const char *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(s, type_names[i].name) == 0) {
			f->types |= 1u << type_names[i].type;
			return true;
		}
	snprintf(err, errlen, "--type: unknown message type '%s' (open, update, notification, "
	    "keepalive, route-refresh)", s);
	return false;
}

bool
flt_add_aspath(struct filter *f, const char *s, char *err, size_t errlen)
{
	char e[256];

	if (!room(f->n_aspath, "--aspath-regex", s, err, errlen))
		return false;
	if ((f->aspath[f->n_aspath] = asre_compile(s, e, sizeof(e))) == NULL) {
		snprintf(err, errlen, "--aspath-regex: %s", e);
		return false;
	}
	f->n_aspath++;
	return true;
}

/* n decimal fields separated by ':', each within max; false otherwise. */
static bool
fields(const char *s, int n, uint32_t max, uint32_t *v)
{
	for (int i = 0; i < n; i++) {
		char *end;
		unsigned long x;

		if (!isdigit((unsigned char)*s))
			return false;
		errno = 0;
		x = strtoul(s, &end, 10);
		if (errno || x > max || end - s > 10)
			return false;
		v[i] = (uint32_t)x;
		s = end;
		if (i < n - 1 && *s++ != ':')
			return false;
	}
	return *s == '\0';
}

/* The well-known communities bgpcap names (their names from bgp_fmt). */
static const uint32_t well_known[] = {
	0xFFFF0000, 0xFFFF0001, 0xFFFF0002, 0xFFFF0003, 0xFFFF0004, 0xFFFF0005, 0xFFFF0006,
	0xFFFF0007, 0xFFFF0008, 0xFFFF029A, 0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03, 0xFFFFFF04,
};

/* An extended community as bgpcap prints it: a name of letters, digits
 * and '-' then ':' and more (RT:65000:1), or 0x and 16 hex digits. */
static bool
ext_text(const char *s)
{
	size_t n = strlen(s), i = 0;

	if (n >= sizeof(((struct flt_comm *)0)->text))
		return false;
	if (strncmp(s, "0x", 2) == 0)
		return n == 18 && strspn(s + 2, "0123456789abcdef") == 16;
	if (!isalpha((unsigned char)s[0]))
		return false;
	while (isalnum((unsigned char)s[i]) || s[i] == '-')
		i++;
	if (s[i] != ':' || s[i + 1] == '\0')
		return false;
	for (; s[i]; i++)
		if (!isgraph((unsigned char)s[i]))
			return false;
	return true;
}

static bool
parse_comm(struct flt_comm *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(well_known) / sizeof(well_known[0]); i++)
		if (strcmp(s, bgp_well_known_community(well_known[i])) == 0) {
			c->v[0] = well_known[i];
			return true;
		}
	if (fields(s, 2, 0xFFFF, c->v)) {
		c->v[0] = c->v[0] << 16 | c->v[1];
		return true;
	}
	c->kind = 1;
	if (fields(s, 3, 0xFFFFFFFF, c->v))
		return true;
	c->kind = 2;
	if (!ext_text(s))
		return false;
	strlcpy(c->text, s, sizeof(c->text));
	return true;
}

bool
flt_add_community(struct filter *f, const char *s, char *err, size_t errlen)
{
	if (!room(f->n_comm, "--community", s, err, errlen))
		return false;
	if (!parse_comm(&f->comm[f->n_comm], s)) {
		snprintf(err, errlen, "--community: '%s' is not a community (AA:NN, a well-known "
		    "name such as no-export, a large A:B:C, or an extended one as bgpcap prints "
		    "it, e.g. RT:65000:1)", s);
		return false;
	}
	f->n_comm++;
	return true;
}

bool
flt_active(const struct filter *f)
{
	return f->n_prefix || f->n_peer || f->types || f->n_nexthop || f->n_aspath || f->n_comm;
}

void
flt_free(struct filter *f)
{
	for (int i = 0; i < f->n_aspath; i++)
		asre_free(f->aspath[i]);
	f->n_aspath = 0;
}

/* ---------------------------------------------------------------- matching */

static bool
addr_in(const struct addr *a, const struct addr *list, int n)
{
	for (int i = 0; i < n; i++)
		if (addr_eq(a, &list[i]))
			return true;
	return false;
}

bool
flt_record(const struct filter *f, const struct addr *a, const struct addr *b)
{
	if (f->n_prefix || f->types || f->n_nexthop || f->n_aspath || f->n_comm)
		return false;
	return f->n_peer == 0 || addr_in(a, f->peer, f->n_peer) || addr_in(b, f->peer, f->n_peer);
}

static bool
bits_equal(const uint8_t *a, const uint8_t *b, unsigned n)
{
	unsigned k = n / 8;

	if (memcmp(a, b, k) != 0)
		return false;
	if (n % 8 == 0)
		return true;
	return ((a[k] ^ b[k]) & (0xFF00 >> (n % 8))) == 0;
}

bool
flt_prefix(const struct filter *f, const struct bgp_prefix *p)
{
	uint8_t af;

	if (f->n_prefix == 0)
		return true;
	if (p->opaque || (p->afi != AFI_IPV4 && p->afi != AFI_IPV6))
		return false;
	af = p->afi == AFI_IPV4 ? 4 : 6;
	for (int i = 0; i < f->n_prefix; i++) {
		const struct flt_prefix *q = &f->prefix[i];

		if (q->af != af || p->plen < q->len || (!f->longer && p->plen != q->len))
			continue;
		if (bits_equal(p->addr, q->a, q->len))
			return true;
	}
	return false;
}

/* Does one NLRI list hold a shown prefix? */
static bool
list_has(const struct filter *f, const struct cur *c, uint16_t afi, uint8_t safi,
    const struct bgp_ctx *ctx)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs scratch;

	if (cur_left(c) == 0)
		return false;
	bgp_errs_reset(&scratch);
	bgp_nlri_iter_init(&it, c, afi, safi, bgp_ctx_addpath(ctx, afi, safi));
	while (bgp_nlri_next(&it, &p, &scratch) == 1)
		if (flt_prefix(f, &p))
			return true;
	return false;
}

static bool
match_prefix(const struct filter *f, const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	return list_has(f, &u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx) ||
	    list_has(f, &u->nlri, AFI_IPV4, SAFI_UNICAST, ctx) ||
	    (bgp_update_has(u, ATTR_MP_UNREACH) &&
	    list_has(f, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi, ctx)) ||
	    (bgp_update_has(u, ATTR_MP_REACH) &&
	    list_has(f, &u->mpr_nlri, u->mpr_afi, u->mpr_safi, ctx));
}

static bool
match_nexthop(const struct filter *f, const struct bgp_update *u)
{
	struct addr a;

	if (bgp_update_has(u, ATTR_NEXT_HOP)) {
		memset(&a, 0, sizeof(a));
		a.af = AF_INET;
		memcpy(a.a, u->next_hop, 4);
		if (addr_in(&a, f->nexthop, f->n_nexthop))
			return true;
	}
	if (!bgp_update_has(u, ATTR_MP_REACH))
		return false;
	for (unsigned i = 0; i < u->mpr_nh_count && i < BGP_NEXTHOP_MAX; i++) {
		memset(&a, 0, sizeof(a));
		a.af = u->mpr_nh_af[i] == 4 ? AF_INET : AF_INET6;
		memcpy(a.a, u->mpr_nh[i], u->mpr_nh_af[i] == 4 ? 4 : 16);
		if (addr_in(&a, f->nexthop, f->n_nexthop))
			return true;
	}
	return false;
}

/* The AS path as printed (the RFC 6793 merge), as --expect-aspath-regex sees it. */
static bool
match_aspath(const struct filter *f, const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	size_t len = 32;
	struct sbuf sb;
	char *buf;
	bool hit = false;

	if (!bgp_update_has(u, ATTR_AS_PATH))
		return false;
	len += 6 * cur_left(&u->as_path.val);
	if (bgp_update_has(u, ATTR_AS4_PATH))
		len += 6 * cur_left(&u->as4_path.val);
	if ((buf = malloc(len)) == NULL)
		return true;     /* shown rather than hidden when out of memory */
	sbuf_init(&sb, buf, len);
	bgp_fmt_effective_aspath(&sb, u, ctx);
	for (int i = 0; i < f->n_aspath && !hit; i++)
		hit = asre_match(f->aspath[i], buf);
	free(buf);
	return hit;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does one value of an attribute of `size`-byte items equal community c? */
static bool
comm_in(const struct flt_comm *c, const struct bgp_update *u, unsigned code, size_t size)
{
	struct bgp_attr a;
	const uint8_t *p;
	size_t n;
	char tb[64];
	struct sbuf s;

	if (!bgp_update_has(u, code) || !bgp_update_attr(u, code, &a))
		return false;
	p = a.val.p;
	n = cur_left(&a.val) / size;
	for (size_t i = 0; i < n; i++, p += size) {
		if (c->kind == 0 && be32(p) == c->v[0])
			return true;
		if (c->kind == 1 && be32(p) == c->v[0] && be32(p + 4) == c->v[1] &&
		    be32(p + 8) == c->v[2])
			return true;
		if (c->kind == 2) {
			sbuf_init(&s, tb, sizeof(tb));
			bgp_fmt_ext_community(&s, p);
			if (strcmp(tb, c->text) == 0)
				return true;
		}
	}
	return false;
}

static bool
match_comm(const struct filter *f, const struct bgp_update *u)
{
	static const struct { unsigned code; size_t size; } attr[] = {
		{ ATTR_COMMUNITIES, 4 }, { ATTR_LARGE_COMMUNITY, 12 }, { ATTR_EXT_COMMUNITIES, 8 },
	};

	for (int i = 0; i < f->n_comm; i++) {
		const struct flt_comm *c = &f->comm[i];

		if (comm_in(c, u, attr[c->kind].code, attr[c->kind].size))
			return true;
	}
	return false;
}

bool
flt_message(const struct filter *f, const struct msg_view *v)
{
	const struct bgp_update *u = &v->u.upd;
	bool upd = v->hdr_ok && v->body_ok && v->m.type == BGP_UPDATE;

	if (f->n_peer && !addr_in(&v->f->addr[0], f->peer, f->n_peer) &&
	    !addr_in(&v->f->addr[1], f->peer, f->n_peer))
		return false;
	if (f->types && !(v->hdr_ok && v->m.type < 32 && (f->types >> v->m.type) & 1))
		return false;
	if (!(f->n_prefix || f->n_nexthop || f->n_aspath || f->n_comm))
		return true;
	if (!upd)
		return false;
	if (f->n_prefix && !match_prefix(f, u, v->ctx))
		return false;
	if (f->n_nexthop && !match_nexthop(f, u))
		return false;
	if (f->n_aspath && !match_aspath(f, u, v->ctx))
		return false;
	return f->n_comm == 0 || match_comm(f, u);
}
