/*
 * pcapng.c - pcapng blocks (draft-ietf-opsawg-pcapng): SHB, IDB, EPB, SPB
 * and the obsolete PB are read; every other block type is skipped whole.
 * See pcapng.h for what this file owns.
 */
#include <stdlib.h>
#include <string.h>
#include "cursor.h"
#include "pcapng.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_PB 0x00000002u
#define BT_SPB 0x00000003u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
#define OPT_END 0
#define OPT_IF_TSRESOL 9
#define OPT_IF_TSOFFSET 14
#define DEFAULT_TSRESOL 6 /* microseconds */

struct iface {
	int dlt;
	uint32_t snaplen;
	uint8_t tsresol;
	int64_t tsoffset;
};

struct pcapng {
	FILE *f;                  /* or mem */
	const uint8_t *mem;
	size_t memlen, mempos;
	bool le;                  /* current section is little-endian */
	uint8_t *blk;             /* the current block */
	size_t blkcap;
	uint64_t blkno;           /* for messages: 1 = the first block */
	uint64_t off;             /* file offset of the current block */
	struct iface *ifs;
	unsigned nif, nif_total;
	int first_dlt;
	uint32_t first_snaplen;
	bool have_first;
	bool mixed;               /* an interface unlike the first (libpcap refuses) */
};

static size_t
src_read(struct pcapng *r, void *dst, size_t n)
{
	size_t k;

	if (r->f != NULL)
		return fread(dst, 1, n, r->f);
	k = r->memlen - r->mempos < n ? r->memlen - r->mempos : n;
	memcpy(dst, r->mem + r->mempos, k);
	r->mempos += k;
	return k;
}

static uint32_t
swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

static uint16_t
swap16(uint16_t v)
{
	return (uint16_t)((v >> 8) | (v << 8));
}

/* Four bytes in the given byte order (before a cursor exists). */
static uint32_t
load32(bool le, const uint8_t *q)
{
	return le ? ((uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0])
	    : ((uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]);
}

/* Section byte order: cursor reads are big-endian, so a little-endian
 * section swaps every field read. */
static bool
rd32(const struct pcapng *r, struct cur *c, uint32_t *v)
{
	if (!cur_u32(c, v))
		return false;
	if (r->le)
		*v = swap32(*v);
	return true;
}

static bool
rd16(const struct pcapng *r, struct cur *c, uint16_t *v)
{
	if (!cur_u16(c, v))
		return false;
	if (r->le)
		*v = swap16(*v);
	return true;
}

static int
fail(struct pcapng *r, char *err, size_t errlen, const char *what)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "pcapng block %llu at offset %llu: %s",
		    (unsigned long long)r->blkno, (unsigned long long)r->off, what);
	return -1;
}

bool
pcapng_magic(const uint8_t b[4])
{
	return b[0] == 0x0A && b[1] == 0x0D && b[2] == 0x0D && b[3] == 0x0A;
}

/*
 * Reads one whole block into r->blk. The Section Header's byte order is
 * learnt from its byte-order magic before its length is read.
 * 1: block read; 0: clean end of file; -1: damage.
 */
static int
read_block(struct pcapng *r, uint32_t *type, uint32_t *len, char *err, size_t errlen)
{
	uint8_t h[12];
	uint32_t t, l, bom, trail;
	size_t got;

	r->blkno++;
	got = src_read(r, h, 8);
	if (got == 0)
		return 0;
	if (got < 8)
		return fail(r, err, errlen, "file ends inside a block header");
	t = load32(false, h);
	if (t == BT_SHB) { /* palindromic: the byte order is in the body */
		if (src_read(r, h + 8, 4) < 4)
			return fail(r, err, errlen, "file ends inside a section header");
		bom = load32(false, h + 8);
		if (bom != BOM && swap32(bom) != BOM)
			return fail(r, err, errlen, "section header without the byte-order magic");
		r->le = bom != BOM;
	}
	t = load32(r->le, h);
	l = load32(r->le, h + 4);
	if (l < 12 || l % 4 != 0 || l > PCAPNG_MAX_BLOCK) {
		char m[96];

		snprintf(m, sizeof(m), "block length %u (a multiple of 4 from 12 to %u)",
		    l, PCAPNG_MAX_BLOCK);
		return fail(r, err, errlen, m);
	}
	if (t == BT_SHB && l < 28)
		return fail(r, err, errlen, "section header shorter than 28 bytes");
	if (r->blkcap < l) {
		uint8_t *nb = realloc(r->blk, l);

		if (nb == NULL)
			return fail(r, err, errlen, "out of memory");
		r->blk = nb;
		r->blkcap = l;
	}
	memcpy(r->blk, h, t == BT_SHB ? 12 : 8);
	got = t == BT_SHB ? 12 : 8;
	if (src_read(r, r->blk + got, l - got) < l - got)
		return fail(r, err, errlen, "file ends inside a block");
	trail = load32(r->le, r->blk + l - 4);
	if (trail != l)
		return fail(r, err, errlen, "trailing block length differs from the leading one");
	*type = t;
	*len = l;
	return 1;
}

static int
on_shb(struct pcapng *r, struct cur *body, char *err, size_t errlen)
{
	uint32_t bom;
	uint16_t major, minor;

	if (!cur_u32(body, &bom) || !rd16(r, body, &major) || !rd16(r, body, &minor))
		return fail(r, err, errlen, "section header too short");
	if (major != 1)
		return fail(r, err, errlen, "section header version is not 1.x");
	r->nif = 0; /* interface ids are per section */
	return 0;
}

/* The options of an IDB: resolution and offset of its timestamps. */
static int
idb_options(struct pcapng *r, struct cur *c, struct iface *ifc, char *err, size_t errlen)
{
	uint16_t code, olen;
	uint32_t hi, lo;
	const uint8_t *v;
	struct cur oc;

	while (cur_left(c) >= 4) {
		if (!rd16(r, c, &code) || !rd16(r, c, &olen))
			break;
		if (code == OPT_END)
			break;
		if (!cur_sub(c, olen, &oc) || !cur_skip(c, (4 - olen % 4) % 4))
			return fail(r, err, errlen, "interface option longer than the block");
		if (code == OPT_IF_TSRESOL && olen == 1 && cur_bytes(&oc, 1, &v)) {
			ifc->tsresol = v[0];
			if ((v[0] & 0x80) ? (v[0] & 0x7f) > 63 : v[0] > 19)
				return fail(r, err, errlen, "if_tsresol beyond 2^-63 or 10^-19");
		} else if (code == OPT_IF_TSOFFSET && olen == 8 && rd32(r, &oc, &hi) &&
		    rd32(r, &oc, &lo)) {
			/* the high word comes first in the section's byte order */
			if (r->le) {
				uint32_t t = hi;

				hi = lo;
				lo = t;
			}
			ifc->tsoffset = (int64_t)(((uint64_t)hi << 32) | lo);
		}
	}
	return 0;
}

static int
on_idb(struct pcapng *r, struct cur *body, char *err, size_t errlen)
{
	uint16_t lt, resv;
	uint32_t snap;
	struct iface ifc;

	if (!rd16(r, body, &lt) || !rd16(r, body, &resv) || !rd32(r, body, &snap))
		return fail(r, err, errlen, "interface description too short");
	if (r->nif >= PCAPNG_MAX_IFACES)
		return fail(r, err, errlen, "more interfaces in a section than 1024");
	memset(&ifc, 0, sizeof(ifc));
	ifc.dlt = lt;
	ifc.snaplen = snap;
	ifc.tsresol = DEFAULT_TSRESOL;
	if (idb_options(r, body, &ifc, err, errlen) < 0)
		return -1;
	if (r->nif % 16 == 0) {
		struct iface *n = realloc(r->ifs, (r->nif + 16) * sizeof(*n));

		if (n == NULL)
			return fail(r, err, errlen, "out of memory");
		r->ifs = n;
	}
	r->ifs[r->nif++] = ifc;
	r->nif_total++;
	if (!r->have_first) {
		r->have_first = true;
		r->first_dlt = lt;
		r->first_snaplen = snap;
	} else if (lt != r->first_dlt || snap != r->first_snaplen)
		r->mixed = true;
	return 0;
}

/* Units since 1970 in the interface's resolution -> struct timeval. */
static void
to_timeval(const struct iface *ifc, uint64_t units, struct timeval *tv)
{
	unsigned n = ifc->tsresol & 0x7f;
	long double ups = (ifc->tsresol & 0x80) ? (long double)((uint64_t)1 << n) : 1.0L;
	uint64_t sec, frac;

	if (!(ifc->tsresol & 0x80))
		while (n-- > 0)
			ups *= 10;
	sec = (uint64_t)(units / ups);
	frac = units - (uint64_t)((long double)sec * ups);
	tv->tv_usec = (suseconds_t)((long double)frac * 1000000.0L / ups);
	if (tv->tv_usec >= 1000000) { /* rounding at the edge */
		tv->tv_usec -= 1000000;
		sec++;
	}
	tv->tv_sec = (time_t)((int64_t)sec + ifc->tsoffset);
}

static int
iface_of(struct pcapng *r, uint32_t id, const struct iface **out, char *err, size_t errlen)
{
	char m[96];

	if (id >= r->nif) {
		snprintf(m, sizeof(m), "packet on interface %u, which the section has not described", id);
		return fail(r, err, errlen, m);
	}
	*out = &r->ifs[id];
	return 0;
}

static int
on_epb(struct pcapng *r, struct cur *body, bool obsolete, struct pcapng_pkt *p,
    char *err, size_t errlen)
{
	uint32_t id, hi, lo, cap, len;
	uint16_t id16, drops;
	const struct iface *ifc;

	if (obsolete) {
		if (!rd16(r, body, &id16) || !rd16(r, body, &drops))
			return fail(r, err, errlen, "packet block too short");
		id = id16;
	} else if (!rd32(r, body, &id))
		return fail(r, err, errlen, "packet block too short");
	if (!rd32(r, body, &hi) || !rd32(r, body, &lo) || !rd32(r, body, &cap) ||
	    !rd32(r, body, &len))
		return fail(r, err, errlen, "packet block too short");
	if (iface_of(r, id, &ifc, err, errlen) < 0)
		return -1;
	if (!cur_bytes(body, cap, &p->data))
		return fail(r, err, errlen, "captured length larger than the block");
	p->caplen = cap;
	p->len = len < cap ? cap : len;
	p->ifid = id;
	p->dlt = ifc->dlt;
	to_timeval(ifc, ((uint64_t)hi << 32) | lo, &p->ts);
	return 1;
}

/* Simple Packet Block: interface 0, no timestamp, caplen from the block. */
static int
on_spb(struct pcapng *r, struct cur *body, struct pcapng_pkt *p, char *err, size_t errlen)
{
	uint32_t len, cap;
	const struct iface *ifc;

	if (!rd32(r, body, &len))
		return fail(r, err, errlen, "simple packet block too short");
	if (iface_of(r, 0, &ifc, err, errlen) < 0)
		return -1;
	cap = len;
	if (ifc->snaplen != 0 && cap > ifc->snaplen)
		cap = ifc->snaplen;
	if (cap > cur_left(body))
		cap = (uint32_t)cur_left(body);
	if (!cur_bytes(body, cap, &p->data))
		return fail(r, err, errlen, "simple packet block too short");
	p->caplen = cap;
	p->len = len < cap ? cap : len;
	p->ifid = 0;
	p->dlt = ifc->dlt;
	memset(&p->ts, 0, sizeof(p->ts));
	return 1;
}

int
pcapng_next(struct pcapng *r, struct pcapng_pkt *p, char *err, size_t errlen)
{
	uint32_t type, len;
	struct cur body;
	int k;

	if (r == NULL)
		return -1;
	for (;;) {
		r->off = r->f != NULL ? (uint64_t)ftello(r->f) : r->mempos;
		k = read_block(r, &type, &len, err, errlen);
		if (k <= 0)
			return k;
		cur_init(&body, r->blk + 8, len - 12);
		switch (type) {
		case BT_SHB:
			k = on_shb(r, &body, err, errlen);
			break;
		case BT_IDB:
			k = on_idb(r, &body, err, errlen);
			break;
		case BT_EPB:
		case BT_PB:
			return on_epb(r, &body, type == BT_PB, p, err, errlen);
		case BT_SPB:
			return on_spb(r, &body, p, err, errlen);
		default: /* statistics, names, journal, custom: not packets */
			k = 0;
			break;
		}
		if (k < 0)
			return -1;
	}
}

static struct pcapng *
open_common(struct pcapng *r, char *err, size_t errlen)
{
	uint32_t type = 0, len = 0;
	struct cur body;

	r->first_dlt = -1;
	if (read_block(r, &type, &len, err, errlen) != 1 || type != BT_SHB) {
		if (type != BT_SHB && err != NULL && errlen > 0 && err[0] == '\0')
			snprintf(err, errlen, "not a pcapng file");
		pcapng_close(r);
		return NULL;
	}
	cur_init(&body, r->blk + 8, len - 12);
	if (on_shb(r, &body, err, errlen) < 0) {
		pcapng_close(r);
		return NULL;
	}
	return r;
}

struct pcapng *
pcapng_open(FILE *f, char *err, size_t errlen)
{
	struct pcapng *r = calloc(1, sizeof(*r));

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (r == NULL)
		return NULL;
	r->f = f;
	return open_common(r, err, errlen);
}

struct pcapng *
pcapng_open_mem(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	struct pcapng *r = calloc(1, sizeof(*r));

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (r == NULL)
		return NULL;
	r->mem = buf;
	r->memlen = len;
	return open_common(r, err, errlen);
}

int
pcapng_first_dlt(const struct pcapng *r)
{
	return r != NULL ? r->first_dlt : -1;
}

uint32_t
pcapng_first_snaplen(const struct pcapng *r)
{
	return r != NULL ? r->first_snaplen : 0;
}

unsigned
pcapng_ifaces(const struct pcapng *r)
{
	return r != NULL ? r->nif_total : 0;
}

bool
pcapng_mixed(const struct pcapng *r)
{
	return r != NULL && r->mixed;
}

void
pcapng_close(struct pcapng *r)
{
	if (r == NULL)
		return;
	free(r->blk);
	free(r->ifs);
	free(r);
}
