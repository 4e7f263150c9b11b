/*
 * bgpcap.h - what the pipeline hands to the printers and the reporter.
 */
#ifndef BGPCAP_BGPCAP_H
#define BGPCAP_BGPCAP_H

#include <stdbool.h>
#include <stdio.h>
#include "bgp.h"
#include "flow.h"
#include "pkt.h"
#include "session.h"

/* One BGP message, decoded once and shared by every consumer. */
struct msg_view {
	struct flow *f;
	int dir;
	const struct pkt_info *pi;
	struct bgp_msg m;
	bool hdr_ok;             /* header usable */
	bool body_ok;            /* body decoded (per type) */
	union {
		struct bgp_open open;
		struct bgp_update upd;
		struct bgp_notify ntf;
		struct bgp_refresh rr;
	} u;
	struct bgp_errs errs;
	const struct bgp_ctx *ctx;
	const struct sess *sess;
	bool inferred;           /* ctx was inferred (OPENs missing) */
	uint32_t readings;       /* bitmask of readings valid for this message */
	uint8_t chosen;          /* reading used */
	uint64_t index;          /* 1-based message number in the run */
};

struct out_opts {
	int verbose;             /* -v count */
	bool json;
	bool no_ts;              /* -t */
	bool quiet;              /* -q: report only */
	bool color;
};

struct out;

struct out *out_new(FILE *fp, const struct out_opts *o);
void out_free(struct out *o);
void out_message(struct out *o, const struct msg_view *v);
void out_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason);
void out_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail);
void out_icmp(struct out *o, const struct icmp_info *ii);
void out_note(struct out *o, const struct pkt_info *pi, const char *what);

/* JSON-only/ text helpers shared by out_*.c */
void out_text_message(struct out *o, const struct msg_view *v);
void out_json_message(struct out *o, const struct msg_view *v);

/* shared internals */
struct out {
	FILE *fp;
	struct out_opts o;
	char *buf;               /* scratch for formatting, OUT_BUF bytes */
	char *buf2;
	long ts_sec;             /* out_time's cache */
	bool ts_valid;
	char ts_date[16], ts_time[16];
};
#define OUT_BUF (256 * 1024)

void out_time(struct out *o, const struct timeval *tv, bool rfc3339);
void out_endpoints(struct out *o, const struct flow *f, int dir);
void json_str(FILE *fp, const char *s);

/* ---------------------------------------------------------------- a run */

#include "capture.h"
#include "report.h"

struct run_opts {
	struct capture_opts cap;
	struct out_opts out;
	struct report_opts rep;
	bool want_report;        /* always true from the CLI; the fuzzer turns it off */
	bool stats;              /* --stats */
	uint64_t count;          /* -c: stop after N BGP messages (0: no limit) */
	double duration;         /* --duration seconds (live), 0: none */
	const char *user;        /* -Z (live): drop privileges to this user */
	bool have_forced;
	struct bgp_ctx forced;   /* --assume */
	bool progress;           /* show progress on stderr (file input, tty) */
	struct flow_limits limits;
};

/* Run the whole pipeline. Returns the exit status: 0, 1 (violation), 2 (error). */
int bgpcap_run(const struct run_opts *ro, FILE *out, FILE *err);
void bgpcap_stop(void);      /* async-signal-safe: stop the running capture */

#endif
