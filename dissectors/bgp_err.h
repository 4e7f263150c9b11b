/*
 * bgp_err.h - errors as data: what went wrong, at which byte of the
 * message, which NOTIFICATION the RFC prescribes and what RFC 4271 / 7606
 * says the receiver does about it. Below everything else in dissectors/:
 * depends on nothing but the C library.
 */
#ifndef BGPCAP_BGP_ERR_H
#define BGPCAP_BGP_ERR_H

#include <stddef.h>
#include <stdint.h>

/*
 * NOTIFICATION error codes and subcodes (RFC 4271 4.5 and 6, the IANA
 * "BGP Error (Notification) Codes" and subcode registries).
 */
enum bgp_err_code {
	BGP_ERR_NONE = 0,            /* no NOTIFICATION: a diagnostic only */
	BGP_ERR_HEADER = 1,          /* Message Header Error */
	BGP_ERR_OPEN = 2,            /* OPEN Message Error */
	BGP_ERR_UPDATE = 3,          /* UPDATE Message Error */
	BGP_ERR_HOLD = 4,            /* Hold Timer Expired */
	BGP_ERR_FSM = 5,             /* Finite State Machine Error */
	BGP_ERR_CEASE = 6,           /* Cease (RFC 4486) */
	BGP_ERR_RR = 7,              /* ROUTE-REFRESH Message Error (RFC 7313) */
	BGP_ERR_SEND_HOLD = 8,       /* Send Hold Timer Expired (RFC 9687) */
	BGP_ERR_CODE_MAX = BGP_ERR_SEND_HOLD,
};

#define BGP_ERR_SUB_NONE 0           /* "Unspecific" */

enum bgp_err_hdr_sub {
	BGP_ERR_HDR_SYNC = 1,        /* Connection Not Synchronized */
	BGP_ERR_HDR_LENGTH = 2,      /* Bad Message Length */
	BGP_ERR_HDR_TYPE = 3,        /* Bad Message Type */
};

enum bgp_err_open_sub {
	BGP_ERR_OPEN_VERSION = 1,    /* Unsupported Version Number */
	BGP_ERR_OPEN_PEER_AS = 2,    /* Bad Peer AS */
	BGP_ERR_OPEN_BGP_ID = 3,     /* Bad BGP Identifier */
	BGP_ERR_OPEN_OPT_PARAM = 4,  /* Unsupported Optional Parameter */
	BGP_ERR_OPEN_AUTH = 5,       /* Authentication Failure (deprecated) */
	BGP_ERR_OPEN_HOLD_TIME = 6,  /* Unacceptable Hold Time */
	BGP_ERR_OPEN_UNSUP_CAP = 7,  /* Unsupported Capability (RFC 5492) */
	BGP_ERR_OPEN_GROUPING_CONFLICT = 8,  /* deprecated */
	BGP_ERR_OPEN_GROUPING_REQUIRED = 9,  /* deprecated */
	BGP_ERR_OPEN_CAP_MISMATCH = 10,      /* deprecated */
	BGP_ERR_OPEN_ROLE = 11,      /* Role Mismatch (RFC 9234) */
};

enum bgp_err_update_sub {
	BGP_ERR_UPD_ATTR_LIST = 1,   /* Malformed Attribute List */
	BGP_ERR_UPD_UNRECOGNIZED = 2,/* Unrecognized Well-known Attribute */
	BGP_ERR_UPD_MISSING = 3,     /* Missing Well-known Attribute */
	BGP_ERR_UPD_FLAGS = 4,       /* Attribute Flags Error */
	BGP_ERR_UPD_LENGTH = 5,      /* Attribute Length Error */
	BGP_ERR_UPD_ORIGIN = 6,      /* Invalid ORIGIN Attribute */
	BGP_ERR_UPD_LOOP = 7,        /* AS Routing Loop (deprecated) */
	BGP_ERR_UPD_NEXT_HOP = 8,    /* Invalid NEXT_HOP Attribute */
	BGP_ERR_UPD_OPTIONAL = 9,    /* Optional Attribute Error */
	BGP_ERR_UPD_NETWORK = 10,    /* Invalid Network Field */
	BGP_ERR_UPD_AS_PATH = 11,    /* Malformed AS_PATH */
};

enum bgp_err_fsm_sub {
	BGP_ERR_FSM_OPENSENT = 1,    /* RFC 6608 */
	BGP_ERR_FSM_OPENCONFIRM = 2,
	BGP_ERR_FSM_ESTABLISHED = 3,
};

enum bgp_err_cease_sub {
	BGP_ERR_CEASE_MAX_PREFIX = 1,
	BGP_ERR_CEASE_ADMIN_SHUTDOWN = 2,    /* RFC 9003: may carry a message */
	BGP_ERR_CEASE_DECONFIGURED = 3,
	BGP_ERR_CEASE_ADMIN_RESET = 4,       /* RFC 9003: may carry a message */
	BGP_ERR_CEASE_REJECTED = 5,
	BGP_ERR_CEASE_CONFIG_CHANGE = 6,
	BGP_ERR_CEASE_COLLISION = 7,
	BGP_ERR_CEASE_RESOURCES = 8,
	BGP_ERR_CEASE_HARD_RESET = 9,        /* RFC 8538 */
	BGP_ERR_CEASE_BFD_DOWN = 10,         /* RFC 9384 */
};

enum bgp_err_rr_sub {
	BGP_ERR_RR_LENGTH = 1,       /* Invalid Message Length */
};

/* What RFC 4271 / RFC 7606 says the receiver should do about an error. */
enum bgp_treat {
	BGP_TREAT_NONE = 0,          /* informational: a deviation, no action */
	BGP_TREAT_ATTR_DISCARD,      /* RFC 7606 attribute discard */
	BGP_TREAT_WITHDRAW,          /* RFC 7606 treat-as-withdraw */
	BGP_TREAT_AFISAFI_DISABLE,   /* RFC 7606 AFI/SAFI disable */
	BGP_TREAT_SESSION_RESET,     /* RFC 4271 NOTIFICATION + session reset */
};

struct bgp_err {
	uint32_t off;       /* byte offset from the start of the message */
	uint8_t code;       /* NOTIFICATION code the RFC prescribes (0 if none) */
	uint8_t subcode;
	uint8_t treat;      /* enum bgp_treat */
	uint8_t note;       /* a note, not an error: see bgp_note_add */
	char what[116];     /* one human sentence */
};

#define BGP_MAX_ERRS 8

struct bgp_errs {
	unsigned n;          /* errors stored */
	unsigned lost;       /* errors beyond BGP_MAX_ERRS (counted, not stored) */
	uint8_t worst;       /* the most severe treatment among all */
	unsigned notes;      /* how many of the n + lost are notes */
	struct bgp_err e[BGP_MAX_ERRS];
};

static inline void
bgp_errs_reset(struct bgp_errs *e)
{
	e->n = 0;
	e->lost = 0;
	e->worst = BGP_TREAT_NONE;
	e->notes = 0;
}

/* The message has an error (not only notes). */
static inline int
bgp_errs_any(const struct bgp_errs *e)
{
	return e->n + e->lost > e->notes;
}

void bgp_err_add(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode,
    enum bgp_treat treat, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/*
 * A note: something worth saying that is no fault of the message under the
 * RFCs, so no treatment and no NOTIFICATION: what bgpcap assumed for want
 * of the OPENs, a legal but unusual form (a link-local-only IPv6 next hop).
 * Printed as a note and not counted among the messages with errors.
 */
void bgp_note_add(struct bgp_errs *e, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *bgp_treat_name(enum bgp_treat t);

#endif
