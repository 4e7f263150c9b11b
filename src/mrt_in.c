/*
 * mrt_in.c - MRT files as input: the file and its decompressor (zlib for
 * gzip, libbz2 for bzip2: the formats the RIS and RouteViews archives
 * serve), framing of records, and the synthetic flows their messages
 * travel on. Decoding of the records is dissectors/mrt.c.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "input.h"
#include "mrt.h"
#include "mrt_in.h"
#include "zread.h"

/* A synthetic flow and the context its messages are decoded with. */
struct mflow {
	struct flow f;
	struct bgp_ctx ctx;
};

struct mrt_in {
	FILE *fp;
	struct zread *z;         /* plain, gzip or bzip2 over fp */
	volatile sig_atomic_t stop;
	uint8_t *buf;            /* one record body (read exactly: a pipe) */
	size_t cap;
	bool ahead;              /* a regular file: read ahead into rb */
	uint8_t *rb;             /* records read ahead; [rb_pos, rb_len) unread */
	size_t rb_cap, rb_len, rb_pos;
	uint8_t *upd;            /* a RIB entry as an UPDATE (65535 bytes) */
	struct mflow **flows;    /* BGP4MP and TABLE_DUMP v1 flows */
	size_t nflows, last;
	struct mrt_peer *peers;  /* the PEER_INDEX_TABLE */
	struct mflow **pflows;   /* flows of its peers, made on first use */
	uint16_t npeers;
	struct addr collector;
	uint64_t next_id;
	struct mrt_in_stats st;
	const struct mrt_in_cb *cb;
};

/* ---------------------------------------------------------------- the file */

/* Read up to n bytes; 0 at the end; -1 on an error. */
static long
m_read(struct mrt_in *m, void *dst, size_t n)
{
	return zread_read(m->z, dst, n);
}

/* Read-ahead of a regular file, in pieces this large (a record up to
 * MRT_MAX_BODY grows the buffer). A pipe is read a record at a time, so
 * that a record is decoded as soon as it has arrived. */
#define MRT_AHEAD (1024 * 1024)

/*
 * The next n bytes, contiguous: a pointer into the read-ahead buffer (no
 * copy; valid until the next call) or into m->buf. Sets *p and returns the
 * bytes there (fewer than n at the end of the file), -1 (read error) or -2
 * (out of memory).
 */
static long
m_get(struct mrt_in *m, size_t n, const uint8_t **p)
{
	long k = 0;

	if (!m->ahead) {
		if (n > m->cap) {
			uint8_t *nb = realloc(m->buf, n);

			if (nb == NULL)
				return -2;
			m->buf = nb;
			m->cap = n;
		}
		*p = m->buf;
		return m_read(m, m->buf, n);
	}
	if (m->rb_len - m->rb_pos < n) {
		memmove(m->rb, m->rb + m->rb_pos, m->rb_len - m->rb_pos);
		m->rb_len -= m->rb_pos;
		m->rb_pos = 0;
		if (n > m->rb_cap) {
			uint8_t *nb = realloc(m->rb, n);

			if (nb == NULL)
				return -2;
			m->rb = nb;
			m->rb_cap = n;
		}
		while (m->rb_len < n && (k = m_read(m, m->rb + m->rb_len, m->rb_cap - m->rb_len)) > 0)
			m->rb_len += (size_t)k;
		if (m->rb_len < n && k < 0)
			return -1;
	}
	*p = m->rb + m->rb_pos;
	k = (long)(m->rb_len - m->rb_pos < n ? m->rb_len - m->rb_pos : n);
	m->rb_pos += (size_t)k;
	return k;
}

/* The file (again from its start, a pipe too: input.c), its decompressor. */
static int
m_open_file(struct mrt_in *m, struct input *in, const char *path, char *err, size_t errlen)
{
	if ((m->fp = input_fopen(in, path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((m->z = zread_open(m->fp, err, errlen)) == NULL)
		return -1;
	return 0;
}

static void
m_close_file(struct mrt_in *m)
{
	zread_close(m->z);
	if (m->fp)
		fclose(m->fp);
	m->z = NULL;
	m->fp = NULL;
}

static bool
is_pcap_magic(const uint8_t *b)
{
	static const uint8_t magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (memcmp(b, magics[i], 4) == 0)
			return true;
	return false;
}

int
mrt_in_sniff(struct input *in, const char *path, char *err, size_t errlen)
{
	struct mrt_in m;
	struct mrt_hdr h;
	uint8_t b[MRT_HDR_LEN];
	long n;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	if (m_open_file(&m, in, path, err, errlen) < 0) {
		m_close_file(&m);
		return 0;                /* libpcap says why, as before */
	}
	n = m_read(&m, b, sizeof(b));
	if (n == (long)sizeof(b) && !is_pcap_magic(b) && mrt_hdr_parse(b, (size_t)n, &h) &&
	    mrt_type_known(h.type) && h.len <= MRT_MAX_BODY)
		rc = 1;
	else if (m.z != NULL && zread_kind(m.z) != ZR_PLAIN) {
		snprintf(err, errlen, "%s: a %s file whose content is not MRT (decompress a "
		    "compressed pcap first)", path, zread_kind(m.z) == ZR_GZIP ? "gzip" : "bzip2");
		rc = -1;
	}
	m_close_file(&m);
	return rc;
}

struct mrt_in *
mrt_in_open(struct input *in, const char *path, char *err, size_t errlen)
{
	struct mrt_in *m = calloc(1, sizeof(*m));
	struct stat sb;

	if (m == NULL || (m->upd = malloc(65536)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(m);
		return NULL;
	}
	if (m_open_file(m, in, path, err, errlen) < 0) {
		mrt_in_close(m);
		return NULL;
	}
	if (fileno(m->fp) >= 0 && fstat(fileno(m->fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
		m->st.file_size = (uint64_t)sb.st_size;
		if ((m->rb = malloc(MRT_AHEAD)) != NULL) {
			m->rb_cap = MRT_AHEAD;
			m->ahead = true;
		}
	}
	m->collector.af = AF_INET;
	return m;
}

void
mrt_in_break(struct mrt_in *m)
{
	m->stop = 1;
}

void
mrt_in_stats(const struct mrt_in *m, struct mrt_in_stats *st)
{
	*st = m->st;
	if (m->z)
		st->file_pos = zread_raw(m->z);
}

/* ---------------------------------------------------------------- flows */

static void
to_addr(const struct mrt_addr *ma, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	a->af = ma->family == 4 ? AF_INET : AF_INET6;
	memcpy(a->a, ma->a, ma->family == 4 ? 4 : 16);
}

static struct mflow *
flow_make(struct mrt_in *m, const struct addr *peer, const struct addr *local,
    const struct pkt_info *pi)
{
	struct mflow *mf;

	if (m->nflows >= MRT_IN_MAX_FLOWS || (mf = calloc(1, sizeof(*mf))) == NULL)
		return NULL;
	mf->f.addr[0] = *peer;
	mf->f.addr[1] = *local;
	mf->f.port[0] = mf->f.port[1] = CAPTURE_BGP_PORT;
	mf->f.max_msg[0] = mf->f.max_msg[1] = BGP_EXT_MAX_LEN;
	mf->f.id = ++m->next_id;
	if (m->cb->flow_new)
		m->cb->flow_new(m->cb->arg, &mf->f, pi);
	return mf;
}

static void
flow_end(struct mrt_in *m, struct mflow *mf)
{
	if (m->cb->flow_end)
		m->cb->flow_end(m->cb->arg, &mf->f);
	free(mf);
}

/*
 * The flow between peer and local, in either order of the pair: a file
 * that records both directions of a session as seen by a third party
 * (bgpcap --write-mrt) names the sender as the peer. *swapped says that
 * the flow's direction 0 is from local to peer.
 */
static struct mflow *
flow_find(struct mrt_in *m, const struct addr *peer, const struct addr *local,
    const struct pkt_info *pi, bool make, bool *swapped)
{
	struct mflow **nf, *mf;

	*swapped = false;
	for (size_t k = 0; k < m->nflows; k++) {
		size_t i = (m->last + k) % m->nflows;

		mf = m->flows[i];
		if (addr_eq(&mf->f.addr[0], peer) && addr_eq(&mf->f.addr[1], local)) {
			m->last = i;
			return mf;
		}
		if (addr_eq(&mf->f.addr[1], peer) && addr_eq(&mf->f.addr[0], local)) {
			m->last = i;
			*swapped = true;
			return mf;
		}
	}
	if (!make)
		return NULL;
	if ((nf = reallocarray(m->flows, m->nflows + 1, sizeof(*nf))) == NULL)
		return NULL;
	m->flows = nf;
	if ((mf = flow_make(m, peer, local, pi)) == NULL)
		return NULL;
	m->last = m->nflows;
	m->flows[m->nflows++] = mf;
	return mf;
}

static void
flow_drop(struct mrt_in *m, struct mflow *mf)
{
	for (size_t i = 0; i < m->nflows; i++)
		if (m->flows[i] == mf) {
			m->flows[i] = m->flows[--m->nflows];
			m->last = 0;
			break;
		}
	flow_end(m, mf);
}

static void
peers_free(struct mrt_in *m)
{
	for (unsigned i = 0; i < m->npeers; i++)
		if (m->pflows[i])
			flow_end(m, m->pflows[i]);
	free(m->pflows);
	free(m->peers);
	m->pflows = NULL;
	m->peers = NULL;
	m->npeers = 0;
}

void
mrt_in_close(struct mrt_in *m)
{
	if (m == NULL)
		return;
	m_close_file(m);
	free(m->buf);
	free(m->rb);
	free(m->upd);
	free(m->flows);
	free(m->pflows);
	free(m->peers);
	free(m);
}

/* ---------------------------------------------------------------- records */

static void
note(struct mrt_in *m, const struct pkt_info *pi, const struct mrt_hdr *h,
    const struct mrt_err *e)
{
	char what[256];

	m->st.errors++;
	snprintf(what, sizeof(what), "MRT %s/%s record (type %u subtype %u, %u bytes): %s "
	    "(@%u of the record body)", mrt_type_name(h->type), mrt_subtype_name(h->type,
	    h->subtype), h->type, h->subtype, h->len, e->what, e->off);
	if (m->cb->note)
		m->cb->note(m->cb->arg, pi, what);
}

static void
bgp4mp_state(struct mrt_in *m, const struct mrt_bgp4mp *b, const struct pkt_info *pi)
{
	struct mflow *mf;
	char what[160];
	bool sw;

	snprintf(what, sizeof(what), "BGP state of peer AS %u: %s -> %s", b->peer_as,
	    mrt_state_name(b->old_state), mrt_state_name(b->new_state));
	if (m->cb->note)
		m->cb->note(m->cb->arg, pi, what);
	/* leaving Established ends the session: the next OPEN starts a new one */
	if (b->old_state == 6 && b->new_state != 6 &&
	    (mf = flow_find(m, &pi->src, &pi->dst, pi, false, &sw)) != NULL)
		flow_drop(m, mf);
}

static void
bgp4mp(struct mrt_in *m, const struct mrt_hdr *h, struct cur *body, struct pkt_info *pi)
{
	struct mrt_bgp4mp b;
	struct mrt_err e;
	struct mflow *mf;
	struct mrt_info mi = { .type = h->type, .subtype = h->subtype };
	struct addr peer, local;
	bool sw;

	if (mrt_bgp4mp_parse(h->subtype, body, &b, &e) <= 0) {
		note(m, pi, h, &e);
		return;
	}
	to_addr(&b.peer, &peer);
	to_addr(&b.local, &local);
	pi->src = b.from_local ? local : peer;
	pi->dst = b.from_local ? peer : local;
	if (b.state) {
		bgp4mp_state(m, &b, pi);
		return;
	}
	if ((mf = flow_find(m, &peer, &local, pi, true, &sw)) == NULL) {
		e.what = "too many peer and local address pairs (or out of memory)";
		e.off = 0;
		note(m, pi, h, &e);
		return;
	}
	mf->ctx.as4 = b.as4;
	mf->ctx.ext_msg = true;          /* the record bounds the message */
	mf->ctx.addpath_any = b.addpath;
	mi.peer_as = b.peer_as;
	mi.local_as = b.local_as;
	m->st.messages++;
	m->cb->message(m->cb->arg, &mf->f, b.from_local != sw, pi, b.msg, b.msglen, &mf->ctx,
	    &mi);
}

static void
peer_index(struct mrt_in *m, const struct mrt_hdr *h, struct cur *body, struct pkt_info *pi)
{
	struct mrt_peer_index px;
	struct mrt_err e;
	int rc;

	peers_free(m);
	if ((rc = mrt_peer_index_parse(body, &px, &e)) > 0) {
		uint8_t id[4] = { px.collector_id >> 24, px.collector_id >> 16,
			px.collector_id >> 8, px.collector_id };

		memcpy(m->collector.a, id, 4);
		m->peers = calloc(px.count ? px.count : 1, sizeof(*m->peers));
		m->pflows = calloc(px.count ? px.count : 1, sizeof(*m->pflows));
		if (m->peers == NULL || m->pflows == NULL) {
			e.what = "out of memory for the peer table";
			rc = -1;
		}
		while (rc > 0 && m->npeers < px.count &&
		    (rc = mrt_peer_next(&px.peers, &m->peers[m->npeers], &e)) > 0)
			m->npeers++;
		if (rc >= 0 && (m->npeers < px.count || cur_left(&px.peers))) {
			e.what = "PEER_INDEX_TABLE peer count and entries disagree";
			e.off = (uint32_t)cur_off(&px.peers);
			rc = -1;
		}
	}
	if (rc <= 0)
		note(m, pi, h, &e);
}

/* One RIB entry, as the UPDATE that announced it, on its peer's flow. */
static void
rib_entry(struct mrt_in *m, const struct mrt_hdr *h, const struct mrt_rib *r,
    const struct mrt_rib_entry *ent, struct mflow *mf, uint32_t peer_as, struct pkt_info *pi)
{
	struct mrt_info mi = { .type = h->type, .subtype = h->subtype, .rib = true };
	struct mrt_err e;
	size_t n = mrt_rib_update(r, ent, m->upd, 65536, &e);

	if (n == 0) {
		note(m, pi, h, &e);
		return;
	}
	mf->ctx.as4 = r->as4;
	mf->ctx.ext_msg = true;
	mf->ctx.addpath_any = r->addpath;
	mi.peer_as = peer_as;
	mi.originated = ent->originated;
	mi.seq = r->seq;
	m->st.rib_entries++;
	m->cb->message(m->cb->arg, &mf->f, 0, pi, m->upd, n, &mf->ctx, &mi);
}

static struct mflow *
peer_flow(struct mrt_in *m, uint16_t idx, struct pkt_info *pi)
{
	struct addr peer;

	if (idx >= m->npeers)
		return NULL;
	if (m->pflows[idx] == NULL) {
		to_addr(&m->peers[idx].addr, &peer);
		m->pflows[idx] = flow_make(m, &peer, &m->collector, pi);
	}
	return m->pflows[idx];
}

static void
rib_v2(struct mrt_in *m, const struct mrt_hdr *h, struct cur *body, struct pkt_info *pi)
{
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct mflow *mf;
	int rc;

	if (h->subtype == MRT_PEER_INDEX_TABLE) {
		peer_index(m, h, body, pi);
		return;
	}
	if ((rc = mrt_rib_parse(h->subtype, body, &r, &e)) <= 0) {
		note(m, pi, h, &e);
		return;
	}
	while (!m->stop && (rc = mrt_rib_next(&r, &ent, &e)) > 0) {
		if ((mf = peer_flow(m, ent.peer_index, pi)) == NULL) {
			e.what = "RIB entry names a peer index not in the PEER_INDEX_TABLE";
			e.off = ent.off;
			note(m, pi, h, &e);
			continue;
		}
		pi->src = mf->f.addr[0];
		pi->dst = mf->f.addr[1];
		rib_entry(m, h, &r, &ent, mf, m->peers[ent.peer_index].as, pi);
	}
	if (rc < 0)
		note(m, pi, h, &e);
}

static void
rib_v1(struct mrt_in *m, const struct mrt_hdr *h, struct cur *body, struct pkt_info *pi)
{
	struct mrt_rib r;
	struct mrt_rib_entry ent;
	struct mrt_err e;
	struct mflow *mf;
	struct addr peer, coll = { .af = AF_INET };
	bool sw;

	if (mrt_td1_parse(h->subtype, body, &r, &ent, &e) <= 0) {
		note(m, pi, h, &e);
		return;
	}
	to_addr(&r.v1_peer, &peer);
	pi->src = peer;
	pi->dst = coll;
	if ((mf = flow_find(m, &peer, &coll, pi, true, &sw)) == NULL) {
		e.what = "too many peers (or out of memory)";
		e.off = 0;
		note(m, pi, h, &e);
		return;
	}
	rib_entry(m, h, &r, &ent, mf, r.v1_peer_as, pi);
}

static void
record(struct mrt_in *m, struct mrt_hdr *h, const uint8_t *p, size_t len)
{
	struct pkt_info pi;
	struct cur body;
	struct mrt_err e;

	memset(&pi, 0, sizeof(pi));
	pi.frame = m->st.records;
	pi.src.af = pi.dst.af = AF_INET;
	pi.sport = pi.dport = CAPTURE_BGP_PORT;
	cur_init(&body, p, len);
	if (mrt_body_start(h, &body, &e) < 0) {
		note(m, &pi, h, &e);
		return;
	}
	pi.ts.tv_sec = (time_t)h->ts;
	pi.ts.tv_usec = (suseconds_t)h->usec;
	if (h->type == MRT_BGP4MP || h->type == MRT_BGP4MP_ET)
		bgp4mp(m, h, &body, &pi);
	else if (h->type == MRT_TABLE_DUMP_V2)
		rib_v2(m, h, &body, &pi);
	else if (h->type == MRT_TABLE_DUMP)
		rib_v1(m, h, &body, &pi);
	else {
		e.what = "MRT type not decoded (RFC 6396: BGP4MP, BGP4MP_ET, TABLE_DUMP, "
		    "TABLE_DUMP_V2 are)";
		e.off = 0;
		note(m, &pi, h, &e);
	}
}

/* Read one record (*p: its body). 1, 0 at a clean end, -1 error, -2 truncated. */
static int
read_record(struct mrt_in *m, struct mrt_hdr *h, const uint8_t **p, char *err, size_t errlen)
{
	const uint8_t *hb;
	long n = m_get(m, MRT_HDR_LEN, &hb);

	if (n == 0)
		return 0;
	if (n < 0 || !mrt_hdr_parse(hb, (size_t)n, h)) {
		snprintf(err, errlen, n < 0 ? "read error (corrupt compressed data?) after "
		    "%llu MRT records" : "warning: truncated MRT header after %llu records",
		    (unsigned long long)m->st.records);
		return n < 0 ? -1 : -2;
	}
	if (h->len > MRT_MAX_BODY) {
		snprintf(err, errlen, "MRT record %llu declares %u bytes (more than %u): not "
		    "MRT, or corrupt", (unsigned long long)m->st.records + 1, h->len, MRT_MAX_BODY);
		return -1;
	}
	if ((n = m_get(m, h->len, p)) != (long)h->len) {
		if (n == -2) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		snprintf(err, errlen, "warning: truncated MRT record after %llu records",
		    (unsigned long long)m->st.records);
		return n < 0 ? -1 : -2;
	}
	m->st.records++;
	return 1;
}

int
mrt_in_run(struct mrt_in *m, const struct mrt_in_cb *cb, char *err, size_t errlen)
{
	struct mrt_hdr h;
	const uint8_t *p;
	int rc = 0;

	m->cb = cb;
	err[0] = '\0';
	while (!m->stop && (rc = read_record(m, &h, &p, err, errlen)) > 0)
		record(m, &h, p, h.len);
	for (size_t i = 0; i < m->nflows; i++)
		flow_end(m, m->flows[i]);
	m->nflows = 0;
	peers_free(m);
	return rc == -1 ? -1 : 0;
}
