/*
 * report_int.h - the reporter's insides, shared by its parts only
 * (report.c, report_track.c, report_policy.c, report_diag.c,
 * report_verdict.c, report_render.c, report_util.c).
 *
 * State is kept per pair of speakers (an unordered address pair: a session
 * may span several TCP connections) and per (speaker, peer, family) default
 * route. Both tables are bounded; hitting a bound is reported.
 */
#ifndef BGPCAP_REPORT_INT_H
#define BGPCAP_REPORT_INT_H

#include <stdarg.h>
#include "bgpcap.h"
#include "report.h"
#include "asregex.h"
#include "report_aspath.h"

#define REPORT_MAX_PAIRS     4096
#define REPORT_HASH          8192      /* > 2 * REPORT_MAX_PAIRS, power of 2 */
#define REPORT_MAX_ROUTES    1024
#define REPORT_MAX_VIOL      1000
#define REPORT_MAX_WD        1000
#define REPORT_MAX_IDS       1024
#define REPORT_MAX_INC       32
#define PAIR_MAX_NTF         8
#define PAIR_MAX_EOR         REPORT_MAX_EOR
#define CAUSE_LEN            REPORT_CAUSE_LEN

/* NOTIFICATION codes and subcodes the diagnosis names (RFC 4271 4.5, 6.2) */
enum {
	REP_NTF_OPEN = 2, REP_NTF_HOLD_EXPIRED = 4,
	REP_NTF_OPEN_BAD_PEER_AS = 2, REP_NTF_OPEN_BAD_HOLD = 6,
};
/* ICMP (RFC 792) and ICMPv6 (RFC 4443) error types */
enum {
	REP_ICMP4_UNREACH = 3, REP_ICMP4_TIME_EXCEEDED = 11,
	REP_ICMP6_UNREACH = 1, REP_ICMP6_TIME_EXCEEDED = 3,
};
#define REP_BGP_PORT CAPTURE_BGP_PORT   /* capture.h */

enum pstate { ST_IDLE, ST_CONNECT, ST_ACTIVE, ST_OPENSENT, ST_OPENCONFIRM, ST_ESTABLISHED };

/* The TCP connection currently followed for a pair. */
struct conn {
	uint64_t flow_id;         /* 0: none yet */
	bool syn[2], synack[2], rst[2], fin[2];
	bool open[2], after_open[2], ka[2], upd[2];
	bool tcp_up, est, down, ntf;
	bool midstream;           /* messages seen without the connection's start */
};

/* What the reporter reads of an OPEN (session.h's sess_open, less the
 * timestamps, identifiers and capabilities it never shows: 140 bytes, not
 * 312, twice in every pair). */
struct pair_open {
	bool seen, as4, ext_msg, graceful_restart;
	uint32_t asn;             /* effective (4-octet when advertised) */
	uint16_t hold_time;
	uint8_t n_mp, n_addpath;
	struct bgp_afsafi mp[BGP_CTX_MAX_AFS];
	struct { uint16_t afi; uint8_t safi, sr; } addpath[BGP_CTX_MAX_AFS];
};

struct pair {
	struct addr a[2];         /* a[0]: initiator of the first flow seen */
	uint16_t port179;         /* the BGP port seen (179) */
	struct conn c;
	/* history over all connections, per sending side */
	uint64_t syn[2], synack[2], rst[2], fin[2], refused[2];
	uint64_t ttl1_ev[2], ttl1_flow[2];
	uint8_t syn_ttl[2];
	uint64_t msgs[2], ka[2], upd[2];
	struct pair_open open[2];
	bool tcp_up;
	enum pstate furthest;
	uint64_t est_count, downs;
	struct timeval last_rx[2];
	bool have_rx[2];
	double max_gap[2];
	uint64_t gaps_over_hold[2];
	bool monitored;          /* seen through BMP: no KEEPALIVEs, no hold timer */
	bool direct;             /* a captured connection: BMP views are not used */
	unsigned n_ntf, cap_ntf;  /* the NOTIFICATIONs kept: the first PAIR_MAX_NTF - 1 */
	uint64_t ntf_total;       /* and the last, in an array grown on demand */
	struct report_ntf *ntf;
	unsigned n_eor;
	struct { uint16_t afi; uint8_t safi; int side; } eor[PAIR_MAX_EOR];
	uint64_t icmp_te[2], icmp_unreach[2];
	struct addr icmp_from[2];
	uint8_t unreach_code[2];
	struct report_cause down_cause;     /* why the last connection went down */
	struct report_cause est_down_cause; /* why the last Established one went down */
	struct report_cause open_err;       /* the last OPEN rejected by NOTIFICATION */
	uint64_t open_errs;                 /* how many OPENs were rejected */
	bool peer_as_checked;
	/* data of a direction not decoded: after the first message (a gap,
	 * a cut, a limit), or before it on a connection seen from its middle */
	uint64_t skipped[2], skipped_start[2], limits[2], conflicts[2];
	char skip_why[2][96];
	/* data a flow-layer limit cut (flow_dir_stats cuts/cut_bytes/cut_reason,
	 * summed over the pair's flows at their end) */
	uint64_t cuts[2], cut_bytes[2];
	const char *cut_why[2];
	/* the default-route facts of a direction rest on an inferred reading
	 * that another plausible one would change (infer_fact) */
	bool inf_differs[2];
	uint8_t inf_chosen[2], inf_rival[2];
	bool midstream;           /* some connection was seen only from its middle */
	struct timeval last_ts;   /* the pair's last packet (message, TCP event) */
	bool own_packet;          /* a TCP packet of the pair itself (not only ICMP quoting it) */
	bool viol_down;           /* reported as a session not up (policy_sessions) */
	struct report_tl_ev *tl;  /* the timeline's events (report_opts.timeline) */
	uint32_t n_tl, cap_tl;
	uint32_t tl_bits;         /* the last TL_STATE's bits, and whether one was logged */
	bool tl_have;
	uint64_t tl_dropped;
	struct timeval tl_drop_ts;    /* the first event not kept */
	bool state_unknown;       /* not up, and the capture cannot tell why (policy_sessions) */
};

struct route {
	struct addr speaker, peer;
	int fam;                  /* 0: 0.0.0.0/0, 1: ::/0 */
	struct pair *p;
	uint64_t count;
	struct timeval first, last;
	bool held, valid, inferred;
	char nh[96];
	char aspath[256];
	char gone[CAUSE_LEN];     /* why not held, when !held */
	long wd_pending;          /* withdrawal index waiting for re-announcement, -1 */
};

struct report {
	struct report_opts o;
	bool from_mrt;                /* messages read from an MRT file */
	struct asre *re;
	struct rep_aspath *exp_path;  /* --expect-aspath, parsed */
	bool have_expect;
	bool have_nh[2];              /* an expected next hop of this family */
	struct pair *pairs;
	size_t n_pairs;
	uint64_t pairs_dropped;       /* not tracked: the table was full of pairs that matter */
	uint64_t pairs_evicted;       /* SYN-/ICMP-only pairs evicted for a new one */
	uint64_t evicted_checked;     /* of those, ones the session check covered */
	size_t evict_next;            /* where the search for a victim goes on */
	bool no_victim;               /* every pair carried BGP or is named */
	int32_t hash[REPORT_HASH];    /* index into pairs, -1 empty */
	uint64_t cache_flow;          /* last flow id looked up */
	struct pair *cache_pair;
	struct route *routes;
	size_t n_routes;
	/* a default route (IPv4, IPv6) announced by an end not known to be a
	 * --speaker, so not checked: its sender, for the verdict's message */
	bool unattributed[2];
	struct addr unattributed_from[2];
	uint64_t routes_dropped;
	struct report_viol *viol;
	size_t n_viol;
	uint64_t viol_total;
	struct report_wd *wd;
	size_t n_wd;
	uint64_t wd_total;
	struct timeval now;           /* latest time seen */
	struct timeval end;           /* the last packet's time, in file order */
	bool have_end;
	bool have_frames;             /* report_frame() sets end; else the callbacks do */
	uint64_t flows_untracked;     /* packets of connections the flow table could not take */
	uint64_t pkts_truncated;      /* cut by the snaplen inside their headers */
	uint64_t pkts_dropped;        /* by the kernel or the interface (live) */
	/* the last silence counted over the hold time: taken back when the
	 * record that ended it turns out to be ahead of the next one */
	struct {
		struct pair *p;
		int side;
		double prev_max;
		struct timeval ts;
	} last_gap;
	uint64_t time_back;           /* packets with a time before the one before */
	double time_back_max;
	struct timeval time_back_at;
	/* BGP identifiers seen in OPENs, by sender address: one route server
	 * instance speaks from an IPv4 and an IPv6 address with one identifier */
	struct { struct addr a; uint32_t id; } ids[REPORT_MAX_IDS];
	size_t n_ids;
	uint64_t n_msgs;              /* BGP messages seen */
	struct report_inc inc[REPORT_MAX_INC];
	size_t n_inc;
	uint64_t inc_total;
	size_t tl_total;              /* timeline events kept, all sessions */
	bool have_first;
	struct timeval first;         /* the first record's time */
	bool built;                   /* report_build ran */
	struct report_result res;
	struct rep_msgs *msgs;        /* shutdown communications, once each (report_msg.c) */
	struct rep_strs *strs;        /* the report struct's strings (report.c) */
};

extern const char *const report_fam_prefix[2];

/* helpers and pair queries (report_util.c): the bottom, calls no other part */
int rep_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * The shutdown communication of n escaped for the terminal (bgp_fmt_text),
 * "" if none. At most `room` characters: when the whole does not fit, a
 * shorter part is escaped and "... (N bytes)" says so. buf holds at least
 * REP_NTF_TEXT bytes.
 */
#define REP_NTF_TEXT (4 * 255 + 32)
const char *rep_ntf_msg(const struct report_ntf *n, char *buf, size_t room);
const char *rep_time(const struct timeval *tv, char *buf, size_t len);
const char *rep_addr(const struct addr *a, char *buf);   /* buf: 64 bytes */
double rep_tv_diff(const struct timeval *a, const struct timeval *b);
bool rep_same_speaker(const struct report *r, const struct addr *a, const struct addr *want);
bool rep_is_speaker(const struct report *r, const struct addr *a);
bool rep_is_speaker_addr(const struct report *r, const struct addr *a);
uint16_t track_hold(const struct pair *p);
bool track_up(const struct pair *p);
uint64_t track_ttl1(const struct pair *p, int s);

/* shutdown communications (report_msg.c): the stored copy of b (NUL
 * after it), NULL when len is 0 or memory ran out; texts no pair refers
 * to are collected as the store grows */
const uint8_t *rep_msg_intern(struct report *r, const uint8_t *b, size_t len);
size_t rep_msg_count(const struct report *r);
void rep_msg_free(struct report *r);

/* tracking (report_track.c) */
struct pair *track_pair_find(struct report *r, const struct addr *x, const struct addr *y,
    bool create);
void track_down(struct report *r, struct pair *p, const struct timeval *ts,
    const struct report_cause *cause);
void track_hold_expiry(struct report *r, struct pair *p);

/* policy (report_policy.c) */
void policy_update(struct report *r, const struct msg_view *v, struct pair *p);
void policy_peer_as(struct report *r, struct pair *p, const struct timeval *ts);
void policy_session_down(struct report *r, struct pair *p, const struct timeval *ts,
    const char *how);
void policy_missing(struct report *r);
void policy_sessions(struct report *r);

/* verdict (report_verdict.c) */
void verdict_inc(struct report *r, enum report_inc_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool verdict_pair_cut(const struct report *r, const struct pair *p, int side);
void verdict_missing_data(struct report *r);
uint64_t verdict_uncertain(struct report *r);

/* timeline (report_tl.c): an event of kind at ts for side of p, NULL when
 * off or full; tl_state logs the connection's state when it changed */
struct report_tl_ev *tl_add(struct report *r, struct pair *p, enum report_tl_kind kind,
    const struct timeval *ts, int side);
void tl_state(struct report *r, struct pair *p, const struct timeval *ts);
void tl_free(struct report *r, struct pair *p);
/* the local end l's state names of a pair's log (report_build) */
void tl_build(struct pair *p, int l);

/* diagnosis (report_diag.c) */
const char *diag_state_name(const struct conn *c, enum report_cause_code down, int down_side,
    int l);
void diag_cause_ntf(const struct pair *p, const struct report_ntf *n, struct report_cause *c);
void diag_cause(const struct pair *p, enum report_cause_code code, int side,
    struct report_cause *c);
void diag_cause_text(const struct report_cause *c, char *buf, size_t len);
/* d->text is written in buf (len bytes, REPORT_CAUSE_LEN for the whole) */
void diag_session(const struct pair *p, const struct timeval *end, struct report_diag *d,
    char *buf, size_t len);
int diag_local(const struct report *r, const struct pair *p, bool *inferred, char *why, size_t len);
const char *diag_state(const struct pair *p, int local, char *evidence, size_t len);
unsigned diag_families(const struct pair *p, char names[][REPORT_NAME_LEN], unsigned max);
unsigned diag_addpaths(const struct pair *p, char names[][REPORT_NAME_LEN], unsigned max);
void diag_fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len);

#endif
