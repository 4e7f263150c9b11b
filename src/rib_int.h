/*
 * rib_int.h - the route store's insides, shared by rib.c (the store and
 * its feeding), rib_attr.c (interned attribute blocks), rib_out.c
 * (printing) and rib_diff.c (--diff). Not for other parts: rib.h is.
 */
#ifndef BGPCAP_RIB_INT_H
#define BGPCAP_RIB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include "bgp.h"
#include "rib.h"

#define RIB_MAX_FAMS     16          /* AFI/SAFIs per direction */
#define RIB_MAX_EVENTS   100000      /* --history events kept */
#define RIB_MAX_ROUTES   (1u << 26)  /* routes per family: beyond, not kept */

/* One route: 32 bytes (glibc's qsort sorts larger elements through
 * pointers: a cache miss per comparison on a full table). */
struct rib_route {
	uint8_t addr[16];        /* zero-padded */
	uint32_t pathid;
	uint32_t attr;           /* attribute block id; free entry: next free + 1 */
	uint32_t sec;            /* since (announced or last replaced) */
	unsigned int usec : 20;
	unsigned int plen : 8;
	unsigned int flags : 4;  /* RT_* */
};

enum {
	RT_PATHID = 1,           /* the route carried a path id (ADD-PATH) */
	RT_TAW = 2,              /* not held: treat-as-withdraw, listed apart */
	RT_FREE = 4,             /* an unused entry (on the free list) */
	RT_STALE = 8,            /* held as stale over a graceful restart */
};

/* The routes of one AFI/SAFI in one direction. */
struct rib_fam {
	uint16_t afi;
	uint8_t safi;
	bool eor;                /* End-of-RIB seen */
	bool frozen;             /* sorted for printing: nothing changes after */
	struct timeval eor_ts;
	struct rib_route *rt;    /* dense; entries freed go on a free list */
	uint32_t n, cap;         /* entries in use or free, allocated */
	uint32_t free_head;      /* first free entry + 1, 0: none */
	uint64_t *slot;          /* index: (hash << 32) | (entry + 1), 0 empty;
	                          * linear probing; the hash spares reading
	                          * an entry that cannot match */
	uint32_t nslots;         /* a power of two (0: none yet) */
	uint32_t used;           /* slots in use */
	uint32_t held, taw;      /* routes held, listed apart */
	uint32_t stale;          /* of the held: stale (graceful restart) */
	uint64_t dropped;        /* not kept: RIB_MAX_ROUTES reached */
};

struct rib_dir {
	struct rib_fam *fam[RIB_MAX_FAMS];
	uint8_t nfam;
	uint64_t fam_overflow;   /* NLRI of families beyond RIB_MAX_FAMS */
};

/* One TCP connection's routes, both directions (dir as the flow's). */
struct rib_sess {
	struct rib_sess *next;
	uint64_t seq;            /* creation order */
	uint64_t flow_id;
	struct addr addr[2];
	uint16_t port[2];
	struct rib_dir dir[2];
	struct timeval last[2];  /* last message sent in direction d */
	bool seen[2];
	uint16_t hold;           /* negotiated hold time (0: unknown or none) */
	bool down;
	struct timeval down_ts;
	char down_why[160];
	/* graceful restart (RFC 4724, 8538): the capability side d sent last,
	 * and whether the routes of direction d are kept stale after the
	 * session went down, until the deadline (down + the sender's restart
	 * time) or until they move to the sender's next connection */
	struct bgp_gr gr[2];
	bool gr_kept[2];
	struct timeval gr_deadline[2];
	uint64_t gr_moved[2];    /* flow id + 1 of the connection they went on with */
	struct sess *live;       /* the flow's session state while it lives */
};

/* An interned attribute block with its decoded, formatted view. */
struct rib_attr {
	uint32_t hash;
	uint32_t keylen;
	uint8_t origin;          /* 0xFF: absent */
	bool has_med, has_lp;
	uint32_t med, lp;
	/* text: NUL-separated next hop, link-local next hop, AS path,
	 * communities, large communities (space-separated lists) */
	const char *nh, *nh2, *path, *comm, *lcomm;
	uint8_t key[];           /* keylen bytes, then the text */
};

/* The text of a --rib line that a block decides (rib_out.c), made once. */
struct rib_ptext {
	char *s;                 /* NULL: not made yet */
	uint32_t mid, len;       /* s[0, mid): before the time, s[mid, len): after */
};

struct rib_attrs {
	struct rib_attr **a;     /* by id */
	uint32_t n, cap;
	uint32_t *freeids;
	uint32_t nfree;
	uint32_t *refs;          /* by id: routes, queued operations and events
	                          * that point at it (dense: counting reads no
	                          * block, a cache miss each on a full table) */
	struct rib_aslot {       /* the index: one line holds 4 slots */
		uint32_t id1;    /* id + 1, 0 empty */
		uint32_t hash;   /* the block's */
		struct rib_attr *a;
	} *slot;
	uint32_t nslots, used;
	uint64_t bytes;
	uint8_t *kbuf;           /* scratch: the key being built */
	size_t klen;             /* its length and hash (rib_attr_key) */
	uint32_t khash;
	uint64_t ktag;           /* the message and list it is of, 0 none */
	char *tbuf;              /* scratch: the view being formatted */
	struct rib_ptext *pt;    /* by id, when printed (npt ids) */
	uint32_t npt;
};

enum rib_ev_kind { EV_ANNOUNCE, EV_REPLACE, EV_WITHDRAW, EV_REANNOUNCE, EV_STALE };
enum rib_ev_why { WHY_NONE, WHY_EXPLICIT, WHY_TAW, WHY_DOWN, WHY_DISABLE, WHY_EOR_STALE,
	WHY_GR_TIME, WHY_GR_NOFWD, WHY_GR_NOCAP };

struct rib_event {
	struct rib_sess *rs;
	uint8_t dir;
	uint8_t kind, why;
	uint8_t hist;            /* index into opts.history */
	uint16_t afi;
	uint8_t safi;
	uint8_t flags;           /* RT_PATHID */
	uint32_t pathid;
	uint32_t seq;
	struct timeval ts;
	uint32_t old_attr, new_attr; /* id + 1, 0: none (references held) */
};

/* An announcement or withdrawal waiting while its index slot is fetched
 * (rib.c, pend_push). */
#define RIB_AHEAD 8

struct rib_pend {
	struct rib_sess *rs;
	struct rib_fam *f;
	struct timeval ts;
	uint8_t addr[16];
	uint32_t pathid;
	uint32_t hash;           /* route_hash of addr, plen, pathid */
	uint32_t attr;           /* the block (a reference held); UINT32_MAX: withdraw */
	uint8_t plen, dir;
	bool has_pathid, taw;
};

/* The formatted date of the last time printed (rib_fmt_time). */
struct rib_tcache {
	bool valid;
	time_t day;              /* days since the epoch */
	size_t dl;
	char date[64];           /* "2026-11-27T" */
	time_t sec[16];          /* second of the day hms[i] is of (valid with */
	char hms[16][8];         /* day), at sec % 16: "14:37:05" */
};

struct rib {
	struct rib_opts o;
	struct rib_tcache tc;
	struct rib_sess *sess, **tail;
	uint64_t nsess;
	struct rib_attrs at;
	bool have_first;
	struct timeval first, at_abs, now;
	bool past_at;            /* input after --at: not applied */
	struct rib_event *ev;
	uint32_t nev, evcap;
	uint64_t ev_lost;
	uint64_t not_stored;
	bool finished;
	struct rib_pend pend[RIB_AHEAD]; /* the queue: pn from pfirst on */
	unsigned pfirst, pn;
};

/* rib_attr.c */
bool rib_attr_key(struct rib_attrs *at, const struct msg_view *v, const uint8_t *nh,
    size_t nh_len, uint64_t tag);
void rib_attr_prefetch(const struct rib_attrs *at);
uint32_t rib_attr_intern(struct rib_attrs *at, const struct msg_view *v,
    const uint8_t *nh_key, size_t nh_len);
void rib_attr_ref(struct rib_attrs *at, uint32_t id);
void rib_attr_unref(struct rib_attrs *at, uint32_t id);
void rib_attrs_free(struct rib_attrs *at);
static inline const struct rib_attr *
rib_attr_get(const struct rib_attrs *at, uint32_t id)
{
	return at->a[id];
}
const char *rib_origin_name(uint8_t origin);
/* The attributes that differ, as "name old -> new" pieces, into buf. */
void rib_attr_changes(const struct rib_attr *a, const struct rib_attr *b, char *buf,
    size_t len);
bool rib_attr_same(const struct rib_attr *a, const struct rib_attr *b);

/* rib.c, for the printers */
const char *rib_fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len);
void rib_fmt_prefix(char *buf, size_t len, uint16_t afi, const uint8_t *addr, uint8_t plen);
struct sbuf;
void rib_put_prefix(struct sbuf *s, uint16_t afi, const uint8_t *addr, uint8_t plen);
/* The entries of f sorted by prefix, length and path id, in place: f->rt[0
 * .. f->n) are then the routes held and listed apart; f takes no more. */
void rib_fam_freeze(struct rib_fam *f);
int rib_route_cmp(const struct rib_route *a, const struct rib_route *b);

/* rib_out.c */
/* Returns the length written (without the NUL). */
size_t rib_fmt_time(struct rib_tcache *c, char *buf, size_t len, const struct timeval *tv,
    bool rfc3339);

#endif
