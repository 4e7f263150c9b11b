/*
 * bmp_in.c - BMP messages of a framed BMP connection: decoded once, shown
 * as a BMP record, and the BGP messages inside handed up on a synthetic
 * flow per monitored peer (see bmp_in.h for the directions).
 */
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "bmp_in.h"

/*
 * A monitored session. Two routers may report the same session (each end
 * monitors its side: a route server's Adj-RIB-In and the NVA's Adj-RIB-Out,
 * say): it is one flow, found by its two addresses, with the BMP
 * connections that report it.
 */
#define BF_CONNS 4

struct bflow {
	struct flow f;
	uint64_t conns[BF_CONNS]; /* the BMP connections (flow ids) reporting it */
	unsigned nconns;
	uint8_t ptype;
	uint8_t rd[8];
	struct bgp_ctx ctx;      /* filled by the message callback */
};

struct bmp_in {
	struct bflow **flows;
	size_t n;
	const struct bmp_in_cb *cb;
	struct bmp_in_cb cbs;
};

struct bmp_in *
bmp_in_new(const struct bmp_in_cb *cb)
{
	struct bmp_in *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->cbs = *cb;
	b->cb = &b->cbs;
	return b;
}

/* ---------------------------------------------------------------- flows */

static void
peer_addr(const struct bmp_peer *p, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (p->v6) {
		a->af = AF_INET6;
		memcpy(a->a, p->addr, 16);
	} else {
		a->af = AF_INET;
		memcpy(a->a, p->addr + 12, 4);
	}
}

static bool
bf_has(const struct bflow *bf, uint64_t conn)
{
	for (unsigned i = 0; i < bf->nconns; i++)
		if (bf->conns[i] == conn)
			return true;
	return false;
}

static void
bf_add(struct bflow *bf, uint64_t conn)
{
	if (!bf_has(bf, conn) && bf->nconns < BF_CONNS)
		bf->conns[bf->nconns++] = conn;
}

/* The session between a and b (either order) of this peer type and RD. */
static bool
bf_is(const struct bflow *bf, const struct bmp_peer *p, const struct addr *a,
    const struct addr *b)
{
	return bf->ptype == p->type && memcmp(bf->rd, p->rd, 8) == 0 &&
	    ((addr_eq(&bf->f.addr[0], a) && addr_eq(&bf->f.addr[1], b)) ||
	    (addr_eq(&bf->f.addr[0], b) && addr_eq(&bf->f.addr[1], a)));
}

static void
bf_end(struct bmp_in *b, size_t i)
{
	struct bflow *bf = b->flows[i];

	b->flows[i] = b->flows[--b->n];
	if (b->cb->flow_end)
		b->cb->flow_end(b->cb->arg, &bf->f);
	free(bf);
}

/* The local end of m's session: Peer Up's local address, else the BMP sender's. */
static void
local_addr(const struct flow *f, int dir, const struct bmp_msg *m, struct addr *a)
{
	*a = f->addr[dir];
	if (m->h.type != BMP_PEER_UP)
		return;
	memset(a, 0, sizeof(*a));
	a->af = m->local_v6 ? AF_INET6 : AF_INET;
	memcpy(a->a, m->local_v6 ? m->local : m->local + 12, m->local_v6 ? 16 : 4);
}

/*
 * The flow of m's peer on connection conn: one this connection reports
 * with the peer as an end, else (a session another router reports too)
 * the one between the local end and the peer.
 */
static struct bflow *
bf_find(struct bmp_in *b, uint64_t conn, const struct flow *f, int dir,
    const struct bmp_msg *m, size_t *idx)
{
	struct addr pa, la;
	size_t i;

	peer_addr(&m->peer, &pa);
	local_addr(f, dir, m, &la);
	for (i = 0; i < b->n; i++) {
		struct bflow *bf = b->flows[i];

		if (bf_has(bf, conn) && bf->ptype == m->peer.type &&
		    memcmp(bf->rd, m->peer.rd, 8) == 0 && (m->h.type != BMP_PEER_UP ||
		    bf_is(bf, &m->peer, &pa, &la)) &&
		    (addr_eq(&bf->f.addr[0], &pa) || addr_eq(&bf->f.addr[1], &pa)))
			break;
	}
	if (i == b->n)
		for (i = 0; i < b->n && !bf_is(b->flows[i], &m->peer, &pa, &la); i++)
			;
	if (i == b->n)
		return NULL;
	if (idx)
		*idx = i;
	return b->flows[i];
}

/*
 * A new flow for the peer of m on connection f (sender side dir): the
 * local end is Peer Up's local address and port, else the BMP sender's
 * address and port 179.
 */
static struct bflow *
bf_make(struct bmp_in *b, const struct flow *f, int dir, const struct bmp_msg *m,
    const struct pkt_info *pi)
{
	struct bflow *bf, **nf;

	if (b->n >= BMP_IN_MAX_FLOWS || (bf = calloc(1, sizeof(*bf))) == NULL)
		return NULL;
	if ((nf = reallocarray(b->flows, b->n + 1, sizeof(*nf))) == NULL) {
		free(bf);
		return NULL;
	}
	b->flows = nf;
	bf_add(bf, f->id);
	bf->ptype = m->peer.type;
	memcpy(bf->rd, m->peer.rd, 8);
	peer_addr(&m->peer, &bf->f.addr[1]);
	local_addr(f, dir, m, &bf->f.addr[0]);
	bf->f.port[0] = bf->f.port[1] = 179;
	if (m->h.type == BMP_PEER_UP) {
		bf->f.port[0] = m->local_port;
		bf->f.port[1] = m->remote_port;
	}
	bf->f.max_msg[0] = bf->f.max_msg[1] = BGP_EXT_MAX_LEN;
	bf->f.monitored = true;
	bf->f.id = b->cb->new_id ? b->cb->new_id(b->cb->arg) : 0;
	b->flows[b->n++] = bf;
	if (b->cb->flow_new)
		b->cb->flow_new(b->cb->arg, &bf->f, pi);
	return bf;
}

/* The same TCP connection: a Peer Up's ports are the flow's, either way. */
static bool
same_ports(const struct bflow *bf, const struct bmp_msg *m)
{
	return (bf->f.port[0] == m->local_port && bf->f.port[1] == m->remote_port) ||
	    (bf->f.port[1] == m->local_port && bf->f.port[0] == m->remote_port);
}

/*
 * The peer's flow: found, or made. A Peer Up on other ports than the
 * flow's is a new session (the old one ends); on the same ports it is the
 * same session reported by one more router.
 */
static struct bflow *
bf_get(struct bmp_in *b, const struct flow *f, int dir, const struct bmp_msg *m,
    const struct pkt_info *pi)
{
	size_t i;
	struct bflow *bf = bf_find(b, f->id, f, dir, m, &i);

	if (bf != NULL && m->h.type == BMP_PEER_UP && (bf_has(bf, f->id) ||
	    !same_ports(bf, m))) {
		bf_end(b, i);
		bf = NULL;
	}
	if (bf != NULL)
		bf_add(bf, f->id);
	return bf != NULL ? bf : bf_make(b, f, dir, m, pi);
}

/* The direction of a message sent by address a on flow bf. */
static int
bf_dir(const struct bflow *bf, const struct addr *a)
{
	return addr_eq(&bf->f.addr[0], a) ? 0 : 1;
}

/* ---------------------------------------------------------------- messages */

static void
deliver(struct bmp_in *b, struct bflow *bf, uint64_t conn, int dir, const struct pkt_info *cpi,
    const uint8_t *msg, size_t len, const struct bmp_msg *m, bool on_wire)
{
	struct pkt_info pi = *cpi;
	struct bmp_info bi = {
		.msg_type = m->h.type, .peer = m->peer, .bmp_flow = conn,
		.as4 = !(m->peer.flags & BMP_F_A) || m->peer.type == BMP_PEER_LOC_RIB,
		.on_wire = on_wire,
	};

	pi.src = bf->f.addr[dir];
	pi.dst = bf->f.addr[!dir];
	pi.sport = bf->f.port[dir];
	pi.dport = bf->f.port[!dir];
	pi.ttl = 255;
	pi.encap[0] = '\0';
	bf->f.st[dir].messages++;        /* its bytes count in the BMP connection's */
	b->cb->message(b->cb->arg, &bf->f, dir, &pi, msg, len, &bf->ctx, &bi);
}

/*
 * One BMP message about one monitored flow: the connection that sent it,
 * and pdir, the direction of the messages the peer sends (the router's go
 * the other way).
 */
struct rx {
	struct bmp_in *b;
	struct bflow *bf;
	uint64_t conn;
	int pdir;
	const struct pkt_info *pi;
	const struct bmp_msg *m;
};

static void
rx_deliver(const struct rx *x, int dir, const uint8_t *msg, size_t len, bool on_wire)
{
	deliver(x->b, x->bf, x->conn, dir, x->pi, msg, len, x->m, on_wire);
}

static void
route_monitoring(const struct rx *x)
{
	const struct bmp_peer *p = &x->m->peer;
	bool locrib = p->type == BMP_PEER_LOC_RIB;
	bool out = locrib || (p->flags & BMP_F_O);
	bool post = !locrib && (p->flags & BMP_F_L);

	rx_deliver(x, out ? !x->pdir : x->pdir, x->m->bgp, x->m->bgplen, !locrib && out == post);
}

static void
peer_down(struct rx *x, const struct flow *f, int dir)
{
	const struct bmp_msg *m = x->m;
	/* the side that closed: the peer for reasons 3 and 4, else the router */
	int side = m->reason == 3 || m->reason == 4 ? x->pdir : !x->pdir;
	size_t i;

	if (m->bgp != NULL)
		rx_deliver(x, side, m->bgp, m->bgplen, true);
	if (x->b->cb->peer_down)
		x->b->cb->peer_down(x->b->cb->arg, &x->bf->f, side, x->pi, m->reason);
	if (bf_find(x->b, f->id, f, dir, m, &i) == x->bf)
		bf_end(x->b, i);
}

static void
mirroring(const struct rx *x)
{
	struct cur c = x->m->tlvs;
	struct bmp_tlv t;
	struct bmp_err e;

	/* the record already showed a malformed TLV list; mirrored messages
	 * are the ones the router received */
	while (bmp_tlv_next(&c, &t, &e) > 0)
		if (t.type == 0 && cur_left(&t.val) >= 19)
			rx_deliver(x, x->pdir, t.val.p, cur_left(&t.val), false);
}

static void
peer_up(const struct rx *x)
{
	const struct bmp_msg *m = x->m;
	bool w = m->peer.type != BMP_PEER_LOC_RIB;

	rx_deliver(x, !x->pdir, m->sent_open, m->sent_len, w);
	rx_deliver(x, x->pdir, m->rcvd_open, m->rcvd_len, w);
	if (w && x->b->cb->peer_up)
		x->b->cb->peer_up(x->b->cb->arg, &x->bf->f, x->pi);
}

/*
 * A Peer Down of a session not seen (routers send one for every peer not
 * up when the BMP session starts): its NOTIFICATION is shown on a flow of
 * its own, and nothing goes down in the report.
 */
static void
unseen_down(struct rx *x, const struct flow *f, int dir)
{
	struct addr pa;
	size_t i;

	if (x->m->bgp == NULL || (x->bf = bf_make(x->b, f, dir, x->m, x->pi)) == NULL)
		return;
	peer_addr(&x->m->peer, &pa);
	x->pdir = bf_dir(x->bf, &pa);
	rx_deliver(x, x->m->reason == 3 ? x->pdir : !x->pdir, x->m->bgp, x->m->bgplen, false);
	if (bf_find(x->b, f->id, f, dir, x->m, &i) == x->bf)
		bf_end(x->b, i);
}

void
bmp_in_message(struct bmp_in *b, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len)
{
	struct bmp_msg m;
	struct bmp_err e = { NULL, 0 };
	struct rx x = { .b = b, .conn = f->id, .pi = pi, .m = &m };
	struct addr pa;
	int rc;

	if (b == NULL)     /* no reader (the --diff file's run): BMP is not read */
		return;
	rc = bmp_parse(msg, len, &m, &e);
	if (b->cb->record)
		b->cb->record(b->cb->arg, f, dir, pi, &m, rc, &e);
	if (rc < 0)        /* which peer's message it was is not known */
		bmp_in_skip(b, f, len, e.what);
	if (rc <= 0 || !m.has_peer || m.h.type == BMP_STATS)
		return;
	if (m.h.type == BMP_PEER_DOWN && bf_find(b, f->id, f, dir, &m, NULL) == NULL) {
		unseen_down(&x, f, dir);
		return;
	}
	if ((x.bf = bf_get(b, f, dir, &m, pi)) == NULL)
		return;
	peer_addr(&m.peer, &pa);
	x.pdir = m.peer.type == BMP_PEER_LOC_RIB ? 1 : bf_dir(x.bf, &pa);
	if (m.h.type == BMP_PEER_DOWN)
		peer_down(&x, f, dir);
	else if (m.h.type == BMP_ROUTE_MONITORING)
		route_monitoring(&x);
	else if (m.h.type == BMP_PEER_UP)
		peer_up(&x);
	else if (m.h.type == BMP_ROUTE_MIRRORING)
		mirroring(&x);
}

void
bmp_in_skip(struct bmp_in *b, const struct flow *f, uint64_t nbytes, const char *reason)
{
	(void)reason;         /* the BMP line or SKIPPED line says it */
	for (size_t i = 0; b != NULL && i < b->n; i++) {
		struct bflow *bf = b->flows[i];

		if (!bf_has(bf, f->id))
			continue;
		for (int d = 0; d < 2; d++) {
			bf->f.st[d].cuts++;
			bf->f.st[d].cut_bytes += nbytes;
			bf->f.st[d].cut_reason = "bytes of the BMP connection carrying this "
			    "session were not decoded";
		}
	}
}

/* Connection f ends: the flows only it reported end, the others forget it. */
void
bmp_in_flow_end(struct bmp_in *b, const struct flow *f)
{
	for (size_t i = 0; b != NULL && i < b->n;) {
		struct bflow *bf = b->flows[i];
		unsigned k;

		bool had;

		for (k = 0; k < bf->nconns && bf->conns[k] != f->id; k++)
			;
		had = k < bf->nconns;
		if (had)
			bf->conns[k] = bf->conns[--bf->nconns];
		if (had && bf->nconns == 0)
			bf_end(b, i);
		else
			i++;
	}
}

void
bmp_in_free(struct bmp_in *b)
{
	if (b == NULL)
		return;
	while (b->n > 0)
		bf_end(b, b->n - 1);
	free(b->flows);
	free(b);
}
