/*
 * report.h - the default-route check and the session diagnosis.
 *
 * The pipeline feeds every decoded message, TCP event and ICMP error in
 * (report_message, report_event, report_icmp, report_flow_end). At the end
 * report_build() runs the end-of-capture checks once and returns a plain
 * struct report_result: the sessions with their diagnosis, the default
 * routes, the withdrawals, the violations and the verdict. report_render()
 * turns that struct into text or JSON; report_finish() does both.
 *
 * The parts (see the comment at the top of each file):
 *   report_track.c   the pair store and the state observer (messages, TCP, ICMP)
 *   report_policy.c  the expectations: default routes, withdrawals, violations
 *   report_diag.c    causes and diagnoses as data (a code, the evidence, the sentence)
 *   report.c         life cycle; builds the report struct once at the end
 *   report_render.c  the one renderer: report struct -> text or JSON
 */
#ifndef BGPCAP_REPORT_H
#define BGPCAP_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "bgp.h"
#include "flow.h"
#include "obuf.h"
#include "pkt.h"
#include "session.h"

#define REPORT_MAX_EXPECT 16
#define REPORT_CAUSE_LEN  400

struct report_opts {
	struct addr expect_nh[REPORT_MAX_EXPECT];
	int n_expect_nh;
	const char *expect_aspath;       /* exact, as printed */
	const char *expect_aspath_re;    /* FRR/Cisco AS-path regex */
	struct addr expect_peer[REPORT_MAX_EXPECT];
	int n_expect_peer;
	struct addr speaker[REPORT_MAX_EXPECT];   /* --speaker (repeatable: one box) */
	int n_speaker;
	uint32_t expect_peer_as;         /* --expect-peer-as, 0 = none */
	bool allow_down;                 /* --allow-down: a session not up is no violation */
	bool timeline;                   /* --timeline: keep each session's events */
	bool json;
	bool color;
};

/* ---------------------------------------------------------------- causes */

/* A NOTIFICATION as the report keeps it. */
struct report_ntf {
	struct timeval ts;
	int side;                 /* sender: index into the pair's addresses */
	uint8_t code, subcode;
	bool has_bad_as;
	uint32_t bad_as;
	uint8_t msg_len;          /* shutdown communication as sent (raw: */
	const uint8_t *msg;       /* rep_ntf_msg escapes it), 0 and NULL if none;
	                           * NUL-terminated, owned by the report (report_msg.c) */
	uint8_t n_caps;
	uint8_t caps[4];          /* Unsupported Capability: the codes */
};

/* Why a connection went down: recorded when it happens. */
enum report_cause_code {
	CAUSE_NONE,
	CAUSE_NOTIFICATION,       /* ntf; offered_* describe the OPEN it answered */
	CAUSE_RST,                /* RST from side */
	CAUSE_REFUSED,            /* side answered a SYN with RST */
	CAUSE_FIN,                /* FIN from side */
	CAUSE_REPLACED,           /* UPDATEs on a new connection */
	CAUSE_HOLD_EXPIRY,        /* nothing from side for gap seconds > hold */
};

struct report_cause {
	enum report_cause_code code;
	int side;
	struct addr addr[2];      /* the pair's addresses */
	struct report_ntf ntf;
	bool offered;             /* the OPEN answered was seen (or the AS is in the data) */
	uint32_t offered_as;
	uint16_t offered_hold;
	double gap;
	uint16_t hold;
};

/* Why a session is not up at the end of the capture. */
enum report_diag_code {
	DIAG_NONE,                /* up */
	DIAG_NOTIFICATION,        /* cause: the NOTIFICATION; times: OPENs rejected */
	DIAG_OPEN_REJECTED,       /* cause: the last rejection; times */
	DIAG_TTL_ICMP,            /* side's packets die in transit (icmp_from) */
	DIAG_TTL_SILENT,          /* side's packets leave with TTL 1, no answer */
	DIAG_UNREACHABLE,         /* ICMP unreachable (icmp_code, icmp_from, port) */
	DIAG_DOWN,                /* cause: how the connection ended */
	DIAG_NO_KEEPALIVE,        /* OPENs exchanged, no KEEPALIVE from side */
	DIAG_OPEN_ONE_WAY,        /* OPEN from side, none back */
	DIAG_ONLY_KEEPALIVES,     /* KEEPALIVEs from side, no OPEN */
	DIAG_TCP_NO_OPEN,         /* TCP up, no OPEN; cause when it then ended */
	DIAG_REFUSED,             /* side refused the peer's SYN (port) */
	DIAG_SYN_UNANSWERED,      /* SYNs from side never answered (port) */
	DIAG_NO_HANDSHAKE,
	/* not enough evidence to tell (d->unknown): inconclusive, not a violation */
	DIAG_MIDSTREAM,           /* only the middle of a connection, not both ways */
	DIAG_NOT_CAPTURED,        /* the session's BGP data was not captured (port) */
	DIAG_CAPTURE_END,         /* the capture ends during the handshake (gap, hold) */
};

struct report_diag {
	enum report_diag_code code;
	int side;
	struct addr addr[2];
	struct report_cause cause;
	uint64_t times;
	uint16_t port;
	uint8_t icmp_code;
	struct addr icmp_from;
	bool have_before;         /* an earlier Established connection ended: */
	struct report_cause before;
	bool unknown;             /* the capture cannot tell: no violation */
	double gap;               /* DIAG_CAPTURE_END: seconds from the last packet to the end */
	uint16_t hold;            /* DIAG_CAPTURE_END: the timer that has not run out */
	uint64_t nbytes;          /* DIAG_NOT_CAPTURED */
	const char *why;          /* DIAG_NOT_CAPTURED: the first reason */
	const char *text;         /* the sentence, "" when up (diag_session's buffer;
	                           * in a report_session, held by the report) */
};

const char *report_diag_name(enum report_diag_code c);

/* ---------------------------------------------------------------- records */

enum report_field { FIELD_NEXT_HOP, FIELD_AS_PATH, FIELD_PEER_AS, FIELD_MISSING, FIELD_SESSION };

const char *report_field_name(enum report_field f);

struct report_viol {
	struct timeval ts;
	struct addr speaker, peer;
	bool have_speaker;
	int fam;                  /* 0: 0.0.0.0/0, 1: ::/0, -1: none */
	enum report_field field;
	char expected[256];
	char actual[2 * REPORT_CAUSE_LEN];
	bool inferred;
};

struct report_wd {
	struct timeval ts;
	struct addr speaker, peer;
	int fam;
	char how[REPORT_CAUSE_LEN];
	bool reannounced;
	struct timeval re_ts;
};

/* ---------------------------------------------------------------- timeline */

/*
 * With report_opts.timeline, every session keeps a log of what happened
 * when (the --timeline picture, timeline.h): its state after every change,
 * OPENs, NOTIFICATIONs, ICMP errors, silences over the hold time, and the
 * default route announced, withdrawn and found in violation. Bounded: at
 * most REPORT_TL_MAX events a session and REPORT_TL_TOTAL in all; what
 * does not fit is counted in report_session.tl_dropped.
 */
#define REPORT_TL_MAX   4096
#define REPORT_TL_TOTAL 262144

enum report_tl_kind {
	TL_STATE, TL_OPEN, TL_NTF, TL_ICMP, TL_HOLD, TL_ANNOUNCE, TL_WITHDRAW, TL_VIOLATION,
};

struct report_tl_ev {
	struct timeval ts;
	uint8_t kind;             /* enum report_tl_kind */
	uint8_t side;             /* the end it concerns: index into the session's addr
	                           * (the sender; for TL_ICMP the quoted packet's source) */
	uint8_t code, subcode;    /* TL_NTF; TL_ICMP: code 1 time exceeded, 0 unreachable */
	int8_t fam;               /* default route: 0 0.0.0.0/0, 1 ::/0 */
	uint16_t hold;            /* TL_HOLD: the hold time */
	uint32_t bits;            /* TL_STATE: the connection's facts (report.c) */
	double gap;               /* TL_HOLD: the silence, seconds, ending at ts */
	long idx;                 /* TL_VIOLATION: index into report_result.viol, or -1;
	                           * TL_WITHDRAW: index into report_result.wd, or -1 */
	const char *state;        /* TL_STATE: the local end's state, set by report_build */
};

/* ---------------------------------------------------------------- result */

enum report_verdict { VERDICT_OK, VERDICT_VIOLATION, VERDICT_INCONCLUSIVE };

/* Why the verdict cannot be ok (without a violation): what is missing. */
enum report_inc_code {
	INC_NO_BGP,               /* no BGP message at all */
	INC_NOT_SEEN,             /* an address named by an option never appears */
	INC_GAP,                  /* bytes of a checked direction not decoded */
	INC_LIMIT,                /* a limit cut data of a checked direction */
	INC_CONFLICT,             /* overlapping TCP copies differed in a checked direction */
	INC_MIDSTREAM,            /* the capture starts after the session came up */
	INC_UNCHECKED,            /* an expectation no announcement could be checked against */
	INC_TABLE_FULL,           /* the reporter's tables were full */
	INC_STATE,                /* a session's state cannot be told from the capture */
	INC_INFERRED,             /* a checked fact rests on an inferred reading, another would change it */
	INC_INPUT,                /* the input could not be read to its end */
	INC_UNRECORDED,           /* MRT: a direction of a session is not in the file */
};

struct report_inc {
	enum report_inc_code code;
	char text[256];           /* one line: what is missing */
};

const char *report_inc_name(enum report_inc_code c);

enum report_route_state { ROUTE_HELD, ROUTE_SESSION_NOT_UP, ROUTE_GONE };

struct report_route {
	struct addr speaker, peer;
	int fam;
	uint64_t count;           /* announcements; 0: only a withdrawal seen */
	struct timeval first, last;
	char nh[96];
	char aspath[256];
	enum report_route_state state;
	const char *gone;         /* ROUTE_GONE: why */
	bool valid, inferred;
};

#define REPORT_NAME_LEN 48
#define REPORT_MAX_FAMS 8     /* BGP_CTX_MAX_AFS */
#define REPORT_MAX_EOR  8

struct report_session {
	struct addr addr[2];      /* as tracked: [0] initiator of the first flow */
	int local;                /* index of the local end in addr */
	bool local_inferred;      /* no --speaker named it */
	const char *local_why;    /* what the local end rests on */
	const char *state;        /* the local end's FSM state at the end: Idle ... Established, or "unknown" */
	const char *evidence;     /* the wire evidence the state rests on */
	bool up;
	struct report_diag diag;
	bool open_seen[2];        /* by addr index */
	uint32_t asn[2];
	bool both_open;           /* then: */
	uint16_t hold, keepalive;
	bool as4, ext_msg;
	bool graceful_restart;
	unsigned n_fams, n_addpath, n_eor;
	/* the strings of a session are held by the report, each its length */
	const char *fams[REPORT_MAX_FAMS];
	const char *addpath[2 * REPORT_MAX_FAMS];
	const char *eor[REPORT_MAX_EOR];   /* "IPv4 unicast" */
	int eor_side[REPORT_MAX_EOR];
	uint64_t established, flaps;
	/* per addr index */
	uint64_t syn[2], rst[2], ttl1[2], icmp_te[2], gaps_over_hold[2];
	double max_gap[2];
	const struct report_ntf *ntf;
	unsigned n_ntf;
	const struct report_tl_ev *tl;   /* report_opts.timeline: in time order */
	size_t n_tl;
	uint64_t tl_dropped;             /* events not kept (the bound), from: */
	struct timeval tl_drop_ts;
};

struct report_result {
	enum report_verdict verdict;
	int status;               /* exit status */
	struct report_session *sessions;
	size_t n_sessions;
	uint64_t sessions_untracked;
	uint64_t sessions_evicted;       /* SYN-/ICMP-only pairs evicted when the table was full */
	unsigned max_pairs;
	struct report_route *routes;
	size_t n_routes;
	uint64_t routes_untracked;
	unsigned max_routes;
	const struct report_wd *wd;
	size_t n_wd;
	uint64_t wd_total;
	const struct report_viol *viol;
	size_t n_viol;
	uint64_t viol_total;
	const struct report_inc *inc;
	size_t n_inc;
	uint64_t inc_total;
	uint64_t time_back;       /* packets whose time is before an earlier packet's */
	double time_back_max;     /* the largest step back, seconds */
	struct timeval time_back_at;   /* the first step back: the later packet's time */
	bool have_time;
	struct timeval first, end;     /* the first and the last record's time */
};

/* ---------------------------------------------------------------- API */

struct report;
struct msg_view;   /* bgpcap.h */

struct report *report_new(const struct report_opts *o, char *err, size_t errlen);
void report_free(struct report *r);

/* A decoded message (see struct msg_view in bgpcap.h). */
void report_message(struct report *r, const struct msg_view *v);
void report_event(struct report *r, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev);
void report_icmp(struct report *r, const struct icmp_info *ii);
void report_flow_end(struct report *r, struct flow *f);
/* Every record read, in file order, before it is decoded: the time a
 * silence is measured to, and time going backwards. */
void report_frame(struct report *r, const struct timeval *ts);
/* Packets of new connections the flow table did not track (flow_table_untracked). */
void report_untracked(struct report *r, uint64_t packets);
/* Packets the capture lost before any decoding: cut by the snapshot length
 * inside their headers, dropped by the kernel or the interface. */
void report_lost(struct report *r, uint64_t truncated, uint64_t dropped);
/* Bytes of direction dir that were not decoded (flow.h's skip callback). */
void report_skip(struct report *r, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t nbytes, const char *reason);
/* A monitor (BMP Peer Up) says f's session is Established (its OPENs were
 * reported as messages before). */
void report_session_up(struct report *r, struct flow *f, const struct pkt_info *pi);

/* The end-of-capture checks (once) and the report struct; NULL when out of
 * memory. Owned by r; no more input after this. */
const struct report_result *report_build(struct report *r);
/* Text or JSON (o->json) of a built report. */
void report_render(const struct report_result *res, const struct report_opts *o,
    struct obuf *ob);
/* Build, write into ob (the run's output buffer: out_buf); returns the
 * exit status (0 ok, 1 violation, 3 inconclusive). */
int report_finish(struct report *r, struct obuf *ob);
/* The input failed before its end (a bad block, a record over the
 * snaplen): what follows was never read, so the verdict cannot be ok. */
void report_input_error(struct report *r, const char *what);

#endif
