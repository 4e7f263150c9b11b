/*
 * infer.h - which reading of a flow direction's UPDATEs to believe when
 * the OPENs were not captured.
 *
 * Four readings are possible (2- or 4-octet AS numbers, with or without
 * ADD-PATH path identifiers). Every UPDATE of the direction is decoded
 * under each; a reading that cannot decode a message is invalid, and the
 * valid ones are scored on evidence accumulated over the whole direction:
 * duplicate prefixes, host bits beyond the prefix length, path ids that
 * look like prefix bytes, reserved or unallocated AS numbers, AS_TRANS or
 * AS4_* attributes where a 4-octet session has none, an AGGREGATOR of the
 * wrong size, the first AS against the sender's AS (from its OPEN when
 * only that one was captured) and against the other messages. The lowest
 * score wins; the answer says how sure it is and why.
 *
 * Streaming: each message is decoded with the reading that is best on the
 * evidence so far (its own included), so a later message can revise the
 * choice; infer_fact() says whether that, or a rival plausible reading,
 * would change what the report concluded about the default route.
 */
#ifndef BGPCAP_INFER_H
#define BGPCAP_INFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bgp.h"
#include "emit.h"
#include "sbuf.h"

enum { INFER_READINGS = 4 };

/* Kinds of evidence against a reading (counts per reading). */
enum infer_ev {
	INFER_EV_DUP_PREFIX,     /* the same prefix (and path id) twice in one list */
	INFER_EV_HOST_BITS,      /* address bits set beyond the prefix length */
	INFER_EV_PATHID,         /* a path id above 65535: prefix bytes read as an id */
	INFER_EV_AS0,            /* AS 0 in AS_PATH (RFC 7607) */
	INFER_EV_AS_RESERVED,    /* 65535, 65552-131071, 4294967295 */
	INFER_EV_AS_TRANS,       /* AS_TRANS (23456) inside a 4-octet AS_PATH */
	INFER_EV_AS_DOC,         /* documentation ASNs (RFC 5398) */
	INFER_EV_AS_UNALLOC,     /* 4-octet ASNs no registry has handed out */
	INFER_EV_AS4_ATTR,       /* AS4_PATH/AS4_AGGREGATOR under a 4-octet reading */
	INFER_EV_AGGR_LEN,       /* AGGREGATOR length of the other AS size */
	INFER_EV_PEER_AS,        /* first AS is not the sender's AS from its OPEN */
	INFER_EV_FIRST_AS,       /* first AS differs from the direction's first message */
	INFER_EV_ERRORS,         /* other decoding errors under this reading */
	INFER_NEV
};

/* Confidence of the chosen reading. */
enum infer_conf {
	INFER_NA = 0,            /* nothing inferred: OPENs seen, --assume, no UPDATE */
	INFER_CERTAIN,           /* the only valid reading */
	INFER_LIKELY,            /* others valid but clearly less plausible */
	INFER_AMBIGUOUS,         /* more than one reading remains plausible */
	INFER_NO_VALID,          /* no reading decodes every UPDATE: least bad shown */
};

/* One reading evaluated on one UPDATE (pure: infer_eval). */
struct infer_eval {
	bool valid;              /* the message structure decodes */
	uint32_t bad;            /* when not valid: how badly it breaks */
	uint32_t penalty;        /* weighted evidence */
	uint16_t ev[INFER_NEV];
	bool have_first_as;
	uint32_t first_as;       /* first AS of a leading AS_SEQUENCE */
	uint64_t digest;         /* of everything the reading changes (prefixes, path) */
	uint64_t dr;             /* default-route facts (0: none in this message) */
};

/* One reading over one flow direction. */
struct infer_score {
	uint32_t invalid;        /* UPDATEs this reading cannot decode */
	uint32_t bad;            /* how badly they break (ranks invalid readings) */
	uint32_t penalty;
	uint32_t ev[INFER_NEV];
	bool have_first_as;
	uint32_t first_as;       /* of the first message with a path */
	uint64_t dr;             /* default-route facts chained over the messages */
};

/* The inference state of one direction (embedded in struct sess). */
struct infer_dir {
	bool active;             /* this direction's context is inferred */
	uint32_t updates;        /* UPDATEs scored */
	uint32_t excluded;       /* readings ruled out by a captured OPEN */
	bool have_sender_as;
	uint32_t sender_as;      /* from the sender's OPEN (the other one missing) */
	bool have_receiver_as;
	uint32_t receiver_as;
	struct infer_score sc[INFER_READINGS];
	uint8_t chosen;          /* reading in force (for the last message) */
	enum infer_conf conf;
	uint32_t valid;          /* readings that decode every UPDATE so far */
	uint32_t plausible;      /* valid readings within the margin of the chosen */
	uint32_t valid_now;      /* readings valid for the last message */
	uint32_t differs_now;    /* readings decoding the last message differently */
	uint64_t dr_used;        /* default-route facts under the readings used */
	bool revised;            /* the choice changed after a message was decoded */
};

/*
 * What the reporter reads, per direction, at the end (report_flow_end) or
 * per message (msg_view.sess->inf[dir]):
 *   inferred         this direction's UPDATEs were decoded without both OPENs
 *   conf             how sure the chosen reading is
 *   default_differs  the default-route facts (announce/withdraw, next hop,
 *                    AS path, per family) under the chosen reading differ
 *                    from those under another plausible reading, or from
 *                    what the messages were decoded with before the choice
 *                    was revised.
 * Make the verdict inconclusive when inferred && default_differs: the
 * capture does not say which of two answers about the default route is
 * true. A reading ruled out by evidence (conf LIKELY) does not count.
 */
struct infer_fact {
	bool inferred;
	enum infer_conf conf;
	uint8_t chosen;
	uint32_t valid, plausible;
	bool default_differs;
	bool revised;
};

void infer_init(struct infer_dir *d);
/* The reading i as a decoding context, and its name. */
void infer_reading(unsigned i, struct bgp_ctx *ctx);
const char *infer_reading_name(unsigned i);
const char *infer_conf_name(enum infer_conf c);
const char *infer_ev_name(enum infer_ev e);

/*
 * An OPEN of one side was captured but not the other's: what it rules out
 * for this direction. sender: the OPEN is from the side sending this
 * direction's UPDATEs. as4: it advertises 4-octet AS. addpath: it
 * advertises ADD-PATH send (sender) or receive (receiver) for some family.
 */
void infer_open(struct infer_dir *d, bool sender, uint32_t asn, bool as4, bool addpath);

/* Evaluate reading i on one UPDATE message (raw, len: the whole message). */
void infer_eval(const uint8_t *raw, size_t len, unsigned i, struct infer_eval *ev);

/* Score one UPDATE of the direction; *ctx gets the reading to decode it with. */
void infer_update(struct infer_dir *d, const uint8_t *raw, size_t len, struct bgp_ctx *ctx);

void infer_fact(const struct infer_dir *d, struct infer_fact *f);

/* The per-message annotation: text ("4-octet AS, ADD-PATH; likely ...") and JSON. */
void infer_fmt(struct sbuf *s, const struct infer_dir *d);
void infer_emit(struct emit *e, const struct infer_dir *d);

#endif
