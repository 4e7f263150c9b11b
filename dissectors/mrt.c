/*
 * mrt.c - MRT records (RFC 6396, RFC 8050): the header, BGP4MP(_ET),
 * TABLE_DUMP_V2 and TABLE_DUMP v1, each read through the bounded cursor.
 * Names are tables; a RIB entry becomes the UPDATE that announced it.
 */
#include <string.h>

#include "mrt.h"

#define ERR(e, c, msg) mrt_fail((e), (c), (msg))

static int
mrt_fail(struct mrt_err *e, const struct cur *c, const char *what)
{
	e->what = what;
	e->off = (uint32_t)cur_off(c);
	return -1;
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool
mrt_hdr_parse(const uint8_t *p, size_t n, struct mrt_hdr *h)
{
	if (n < MRT_HDR_LEN)
		return false;
	h->ts = rd32(p);
	h->type = (uint16_t)(p[4] << 8 | p[5]);
	h->subtype = (uint16_t)(p[6] << 8 | p[7]);
	h->len = rd32(p + 8);
	h->usec = 0;
	return true;
}

/* ---------------------------------------------------------------- names */

struct mrt_name {
	uint16_t code;
	const char *name;
};

static const struct mrt_name type_names[] = {
	{ MRT_TABLE_DUMP, "TABLE_DUMP" }, { MRT_TABLE_DUMP_V2, "TABLE_DUMP_V2" },
	{ MRT_BGP4MP, "BGP4MP" }, { MRT_BGP4MP_ET, "BGP4MP_ET" },
};

static const struct mrt_name bgp4mp_names[] = {
	{ MRT_STATE_CHANGE, "STATE_CHANGE" }, { MRT_MESSAGE, "MESSAGE" },
	{ MRT_MESSAGE_AS4, "MESSAGE_AS4" }, { MRT_STATE_CHANGE_AS4, "STATE_CHANGE_AS4" },
	{ MRT_MESSAGE_LOCAL, "MESSAGE_LOCAL" }, { MRT_MESSAGE_AS4_LOCAL, "MESSAGE_AS4_LOCAL" },
	{ MRT_MESSAGE_ADDPATH, "MESSAGE_ADDPATH" },
	{ MRT_MESSAGE_AS4_ADDPATH, "MESSAGE_AS4_ADDPATH" },
	{ MRT_MESSAGE_LOCAL_ADDPATH, "MESSAGE_LOCAL_ADDPATH" },
	{ MRT_MESSAGE_AS4_LOCAL_ADDPATH, "MESSAGE_AS4_LOCAL_ADDPATH" },
};

static const struct mrt_name td2_names[] = {
	{ MRT_PEER_INDEX_TABLE, "PEER_INDEX_TABLE" },
	{ MRT_RIB_IPV4_UNICAST, "RIB_IPV4_UNICAST" },
	{ MRT_RIB_IPV4_MULTICAST, "RIB_IPV4_MULTICAST" },
	{ MRT_RIB_IPV6_UNICAST, "RIB_IPV6_UNICAST" },
	{ MRT_RIB_IPV6_MULTICAST, "RIB_IPV6_MULTICAST" },
	{ MRT_RIB_GENERIC, "RIB_GENERIC" },
	{ MRT_RIB_IPV4_UNICAST_ADDPATH, "RIB_IPV4_UNICAST_ADDPATH" },
	{ MRT_RIB_IPV4_MULTICAST_ADDPATH, "RIB_IPV4_MULTICAST_ADDPATH" },
	{ MRT_RIB_IPV6_UNICAST_ADDPATH, "RIB_IPV6_UNICAST_ADDPATH" },
	{ MRT_RIB_IPV6_MULTICAST_ADDPATH, "RIB_IPV6_MULTICAST_ADDPATH" },
	{ MRT_RIB_GENERIC_ADDPATH, "RIB_GENERIC_ADDPATH" },
};

static const struct mrt_name td1_names[] = { { 1, "AFI_IPv4" }, { 2, "AFI_IPv6" } };

/* RFC 6396 4.4.1 */
static const struct mrt_name state_names[] = {
	{ 1, "Idle" }, { 2, "Connect" }, { 3, "Active" }, { 4, "OpenSent" },
	{ 5, "OpenConfirm" }, { 6, "Established" },
};

#define NAMES(t) (t), sizeof(t) / sizeof((t)[0])

static const char *
lookup(const struct mrt_name *t, size_t n, unsigned code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

bool
mrt_type_known(uint16_t type)
{
	return lookup(NAMES(type_names), type) != NULL;
}

const char *
mrt_type_name(unsigned type)
{
	const char *s = lookup(NAMES(type_names), type);

	return s ? s : "unknown";
}

const char *
mrt_subtype_name(unsigned type, unsigned subtype)
{
	const char *s = NULL;

	if (type == MRT_BGP4MP || type == MRT_BGP4MP_ET)
		s = lookup(NAMES(bgp4mp_names), subtype);
	else if (type == MRT_TABLE_DUMP_V2)
		s = lookup(NAMES(td2_names), subtype);
	else if (type == MRT_TABLE_DUMP)
		s = lookup(NAMES(td1_names), subtype);
	return s ? s : "unknown";
}

const char *
mrt_state_name(unsigned state)
{
	const char *s = lookup(NAMES(state_names), state);

	return s ? s : "unknown";
}

int
mrt_body_start(struct mrt_hdr *h, struct cur *body, struct mrt_err *e)
{
	if (h->type != MRT_BGP4MP_ET)
		return 1;
	if (!cur_u32(body, &h->usec))
		return ERR(e, body, "BGP4MP_ET record shorter than its microseconds field");
	if (h->usec > 999999)
		return ERR(e, body, "BGP4MP_ET microseconds field above 999999");
	return 1;
}

/* ---------------------------------------------------------------- BGP4MP */

static bool
read_as(struct cur *c, bool as4, uint32_t *v)
{
	uint16_t v16;

	if (as4)
		return cur_u32(c, v);
	if (!cur_u16(c, &v16))
		return false;
	*v = v16;
	return true;
}

/* An address of family afi (1: IPv4, 2: IPv6). */
static bool
read_addr(struct cur *c, uint16_t afi, struct mrt_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = afi == 1 ? 4 : 6;
	return cur_copy(c, a->a, afi == 1 ? 4 : 16);
}

static bool
sub_in(uint16_t sub, const uint16_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == sub)
			return true;
	return false;
}

static void
bgp4mp_flags(uint16_t sub, struct mrt_bgp4mp *m)
{
	static const uint16_t as4[] = { 4, 5, 7, 9, 11 }, local[] = { 6, 7, 10, 11 },
	    addpath[] = { 8, 9, 10, 11 };

	m->subtype = sub;
	m->as4 = sub_in(sub, as4, sizeof(as4) / sizeof(as4[0]));
	m->from_local = sub_in(sub, local, sizeof(local) / sizeof(local[0]));
	m->addpath = sub_in(sub, addpath, sizeof(addpath) / sizeof(addpath[0]));
	m->state = sub == MRT_STATE_CHANGE || sub == MRT_STATE_CHANGE_AS4;
}

int
mrt_bgp4mp_parse(uint16_t sub, struct cur *body, struct mrt_bgp4mp *m, struct mrt_err *e)
{
	uint16_t afi;

	memset(m, 0, sizeof(*m));
	if (lookup(NAMES(bgp4mp_names), sub) == NULL) {
		e->what = "BGP4MP subtype not decoded (RFC 6396 4.4, RFC 8050)";
		e->off = 0;
		return 0;
	}
	bgp4mp_flags(sub, m);
	if (!read_as(body, m->as4, &m->peer_as) || !read_as(body, m->as4, &m->local_as) ||
	    !cur_u16(body, &m->ifindex) || !cur_u16(body, &afi))
		return ERR(e, body, "BGP4MP record shorter than its peer header");
	if (afi != 1 && afi != 2)
		return ERR(e, body, "BGP4MP address family is neither 1 (IPv4) nor 2 (IPv6)");
	if (!read_addr(body, afi, &m->peer) || !read_addr(body, afi, &m->local))
		return ERR(e, body, "BGP4MP record shorter than its peer and local addresses");
	if (m->state) {
		if (!cur_u16(body, &m->old_state) || !cur_u16(body, &m->new_state))
			return ERR(e, body, "BGP4MP STATE_CHANGE shorter than its two states");
		if (cur_left(body))
			return ERR(e, body, "bytes after the BGP4MP STATE_CHANGE states");
		return 1;
	}
	m->msglen = cur_left(body);
	if (!cur_bytes(body, m->msglen, &m->msg) || m->msglen == 0)
		return ERR(e, body, "BGP4MP MESSAGE record without a BGP message");
	return 1;
}

/* ---------------------------------------------------------------- TABLE_DUMP_V2 */

int
mrt_peer_index_parse(struct cur *body, struct mrt_peer_index *pi, struct mrt_err *e)
{
	uint16_t vlen;

	memset(pi, 0, sizeof(*pi));
	if (!cur_u32(body, &pi->collector_id) || !cur_u16(body, &vlen))
		return ERR(e, body, "PEER_INDEX_TABLE shorter than its header");
	if (!cur_sub(body, vlen, &pi->view))
		return ERR(e, body, "PEER_INDEX_TABLE view name runs past the record");
	if (!cur_u16(body, &pi->count))
		return ERR(e, body, "PEER_INDEX_TABLE without a peer count");
	pi->peers = *body;
	cur_skip(body, cur_left(body));
	return 1;
}

int
mrt_peer_next(struct cur *peers, struct mrt_peer *p, struct mrt_err *e)
{
	uint8_t type;

	if (cur_left(peers) == 0)
		return 0;
	memset(p, 0, sizeof(*p));
	if (!cur_u8(peers, &type) || !cur_u32(peers, &p->bgp_id) ||
	    !read_addr(peers, (type & 1) ? 2 : 1, &p->addr) || !read_as(peers, type & 2, &p->as))
		return ERR(e, peers, "PEER_INDEX_TABLE peer entry runs past the record");
	return 1;
}

/* prefix length byte and ceil(plen/8) address bytes, at most max_bits */
static int
read_prefix(struct cur *c, unsigned max_bits, uint8_t *plen, uint8_t *addr, struct mrt_err *e)
{
	if (!cur_u8(c, plen))
		return ERR(e, c, "RIB record shorter than its prefix length");
	if (*plen > max_bits)
		return ERR(e, c, "RIB prefix length longer than the address family's");
	memset(addr, 0, 16);
	if (!cur_copy(c, addr, (*plen + 7u) / 8))
		return ERR(e, c, "RIB prefix runs past the record");
	return 1;
}

static int
rib_generic_head(struct cur *body, struct mrt_rib *r, struct mrt_err *e)
{
	uint8_t plen;

	r->generic = true;
	if (!cur_u16(body, &r->afi) || !cur_u8(body, &r->safi))
		return ERR(e, body, "RIB_GENERIC shorter than its AFI and SAFI");
	/* one NLRI: its length byte counts every bit that follows (labels and
	 * RD included, RFC 3107/4364); other encodings are not split here */
	if (cur_left(body) < 1)
		return ERR(e, body, "RIB_GENERIC shorter than its NLRI");
	plen = body->p[0];
	if (!cur_sub(body, 1u + (plen + 7u) / 8, &r->nlri))
		return ERR(e, body, "RIB_GENERIC NLRI runs past the record");
	return 1;
}

int
mrt_rib_parse(uint16_t sub, struct cur *body, struct mrt_rib *r, struct mrt_err *e)
{
	static const uint16_t v6[] = { 4, 5, 10, 11 }, mc[] = { 3, 5, 9, 11 };
	int rc;

	memset(r, 0, sizeof(*r));
	r->subtype = sub;
	r->as4 = true;
	if (sub < MRT_RIB_IPV4_UNICAST || sub > MRT_RIB_GENERIC_ADDPATH || sub == 7) {
		e->what = "TABLE_DUMP_V2 subtype not decoded (RFC 6396 4.3, RFC 8050)";
		e->off = 0;
		return 0;
	}
	r->addpath = sub >= MRT_RIB_IPV4_UNICAST_ADDPATH;
	if (!cur_u32(body, &r->seq))
		return ERR(e, body, "RIB record shorter than its sequence number");
	if (sub == MRT_RIB_GENERIC || sub == MRT_RIB_GENERIC_ADDPATH) {
		rc = rib_generic_head(body, r, e);
	} else {
		r->afi = sub_in(sub, v6, 4) ? 2 : 1;
		r->safi = sub_in(sub, mc, 4) ? 2 : 1;
		rc = read_prefix(body, r->afi == 1 ? 32 : 128, &r->plen, r->addr, e);
	}
	if (rc < 0)
		return rc;
	if (!cur_u16(body, &r->count))
		return ERR(e, body, "RIB record without an entry count");
	r->entries = *body;
	cur_skip(body, cur_left(body));
	return 1;
}

int
mrt_rib_next(struct mrt_rib *r, struct mrt_rib_entry *ent, struct mrt_err *e)
{
	struct cur *c = &r->entries;
	uint16_t alen;

	if (r->seen == r->count) {
		if (cur_left(c))
			return ERR(e, c, "bytes after the last RIB entry (entry count)");
		return 0;
	}
	memset(ent, 0, sizeof(*ent));
	ent->off = (uint32_t)cur_off(c);
	if (!cur_u16(c, &ent->peer_index) || !cur_u32(c, &ent->originated))
		return ERR(e, c, "RIB entry runs past the record (entry count too high)");
	if (r->addpath) {
		ent->has_pathid = true;
		if (!cur_u32(c, &ent->pathid))
			return ERR(e, c, "RIB entry shorter than its path identifier");
	}
	if (!cur_u16(c, &alen) || !cur_sub(c, alen, &ent->attrs))
		return ERR(e, c, "RIB entry attributes run past the record");
	r->seen++;
	return 1;
}

/* ---------------------------------------------------------------- TABLE_DUMP v1 */

int
mrt_td1_parse(uint16_t sub, struct cur *body, struct mrt_rib *r, struct mrt_rib_entry *ent,
    struct mrt_err *e)
{
	uint16_t view, seq, as, alen;
	unsigned alen_bytes = sub == 1 ? 4 : 16;

	memset(r, 0, sizeof(*r));
	memset(ent, 0, sizeof(*ent));
	if (sub != 1 && sub != 2) {
		e->what = "TABLE_DUMP subtype is neither AFI_IPv4 nor AFI_IPv6";
		e->off = 0;
		return 0;
	}
	r->subtype = sub;
	r->v1 = true;
	r->afi = sub;
	r->safi = 1;
	r->count = 1;
	if (!cur_u16(body, &view) || !cur_u16(body, &seq) || !cur_copy(body, r->addr, alen_bytes) ||
	    !cur_u8(body, &r->plen) || !cur_u8(body, &r->v1_status) ||
	    !cur_u32(body, &ent->originated) || !read_addr(body, sub, &r->v1_peer) ||
	    !cur_u16(body, &as) || !cur_u16(body, &alen))
		return ERR(e, body, "TABLE_DUMP record shorter than its fields");
	r->seq = seq;
	r->v1_peer_as = as;
	if (r->plen > alen_bytes * 8)
		return ERR(e, body, "TABLE_DUMP prefix length longer than the address family's");
	if (!cur_sub(body, alen, &ent->attrs))
		return ERR(e, body, "TABLE_DUMP attributes run past the record");
	if (cur_left(body))
		return ERR(e, body, "bytes after the TABLE_DUMP attributes");
	r->entries = *body;
	return 1;
}

/* ---------------------------------------------------------------- RIB entry -> UPDATE */

struct wbuf {
	uint8_t *p;
	size_t n, cap;
};

static void
w_mem(struct wbuf *w, const void *src, size_t n)
{
	if (n > 0 && w->n + n <= w->cap)
		memcpy(w->p + w->n, src, n);
	w->n += n;
}

static void
w_u8(struct wbuf *w, unsigned v)
{
	uint8_t b = (uint8_t)v;

	w_mem(w, &b, 1);
}

static void
w_u16(struct wbuf *w, unsigned v)
{
	w_u8(w, v >> 8);
	w_u8(w, v);
}

static void
w_u32(struct wbuf *w, uint32_t v)
{
	w_u16(w, v >> 16);
	w_u16(w, v & 0xFFFF);
}

static void
put_at(struct wbuf *w, size_t at, unsigned v)
{
	if (at + 2 <= w->cap) {
		w->p[at] = (uint8_t)(v >> 8);
		w->p[at + 1] = (uint8_t)v;
	}
}

/* The prefix as NLRI (path id first on ADD-PATH records). */
static void
w_nlri(struct wbuf *w, const struct mrt_rib *r, const struct mrt_rib_entry *ent)
{
	if (ent->has_pathid)
		w_u32(w, ent->pathid);
	if (r->generic) {
		w_mem(w, r->nlri.p, cur_left(&r->nlri));
		return;
	}
	w_u8(w, r->plen);
	w_mem(w, r->addr, (r->plen + 7u) / 8);
}

/*
 * The next hop of an MP_REACH_NLRI in a RIB entry: RFC 6396 4.3.4 keeps
 * only its length and address; older writers left the whole attribute.
 */
static bool
mp_nexthop(const struct cur *val, struct cur *nh)
{
	struct cur c = *val;
	uint8_t nhlen;

	if (cur_left(&c) >= 1 && c.p[0] + 1u == cur_left(&c)) {
		cur_u8(&c, &nhlen);
		return cur_sub(&c, nhlen, nh);
	}
	return cur_skip(&c, 3) && cur_u8(&c, &nhlen) && cur_sub(&c, nhlen, nh);
}

static void
w_mp_reach(struct wbuf *w, const struct mrt_rib *r, const struct mrt_rib_entry *ent,
    const struct cur *nh)
{
	size_t at;

	w_u8(w, 0x90);           /* optional, extended length */
	w_u8(w, 14);
	at = w->n;
	w_u16(w, 0);
	w_u16(w, r->afi);
	w_u8(w, r->safi);
	w_u8(w, (unsigned)cur_left(nh));
	w_mem(w, nh->p, cur_left(nh));
	w_u8(w, 0);
	w_nlri(w, r, ent);
	put_at(w, at, (unsigned)(w->n - at - 2));
}

/* Copy the attributes, MP_REACH_NLRI made whole. -1 on a broken list. */
static int
w_attrs(struct wbuf *w, const struct mrt_rib *r, const struct mrt_rib_entry *ent,
    bool *had_mp, struct mrt_err *e)
{
	struct cur c = ent->attrs, val, nh;
	const uint8_t *start;
	uint8_t flags, code, l8;
	uint16_t len;

	while (cur_left(&c)) {
		start = c.p;
		if (!cur_u8(&c, &flags) || !cur_u8(&c, &code))
			return ERR(e, &c, "RIB entry attribute header runs past its list");
		if (flags & 0x10 ? !cur_u16(&c, &len) : !cur_u8(&c, &l8))
			return ERR(e, &c, "RIB entry attribute length runs past its list");
		if (!(flags & 0x10))
			len = l8;
		if (!cur_sub(&c, len, &val))
			return ERR(e, &c, "RIB entry attribute runs past its list");
		if (code != 14) {
			w_mem(w, start, (size_t)(val.end - start));
			continue;
		}
		if (!mp_nexthop(&val, &nh))
			return ERR(e, &val, "RIB entry MP_REACH_NLRI next hop runs past the attribute");
		w_mp_reach(w, r, ent, &nh);
		*had_mp = true;
	}
	return 1;
}

size_t
mrt_rib_update(const struct mrt_rib *r, const struct mrt_rib_entry *ent, uint8_t *buf,
    size_t cap, struct mrt_err *e)
{
	struct wbuf w = { buf, 0, cap };
	struct cur none = { NULL, NULL, NULL };
	bool had_mp = false;
	size_t alen_at;

	memset(buf, 0xFF, cap < 16 ? cap : 16);
	w.n = 16;
	w_u16(&w, 0);
	w_u8(&w, 2);             /* UPDATE */
	w_u16(&w, 0);            /* no withdrawn routes */
	alen_at = w.n;
	w_u16(&w, 0);
	if (w_attrs(&w, r, ent, &had_mp, e) < 0)
		return 0;
	if (!had_mp && r->afi != 1)
		w_mp_reach(&w, r, ent, &none);
	put_at(&w, alen_at, (unsigned)(w.n - alen_at - 2));
	if (!had_mp && r->afi == 1)
		w_nlri(&w, r, ent);
	if (w.n > 65535 || w.n > cap) {
		e->what = "RIB entry too long for one BGP message";
		e->off = ent->off;
		return 0;
	}
	put_at(&w, 16, (unsigned)w.n);
	return w.n;
}
