/*
 * bgpcap.h - what the pipeline hands to the printers and the reporter.
 */
#ifndef BGPCAP_BGPCAP_H
#define BGPCAP_BGPCAP_H

#include <stdbool.h>
#include <stdio.h>
#include "bgp.h"
#include "bgp_fmt.h"
#include "flow.h"
#include "pkt.h"
#include "session.h"
#include "out.h"
#include "mrt_in.h"
#include "bmp_in.h"

/* One BGP message, decoded once and shared by every consumer. */
struct acache_ent;

struct msg_view {
	struct flow *f;
	int dir;
	const struct pkt_info *pi;
	struct bgp_msg m;
	bool hdr_ok;             /* header usable */
	bool body_ok;            /* body decoded (per type) */
	union bgp_body u;        /* tagged by m.type when body_ok */
	struct bgp_errs errs;
	const struct bgp_ctx *ctx;
	const struct sess *sess;
	bool inferred;           /* ctx was inferred (OPENs missing) */
	uint32_t readings;       /* bitmask of readings valid for this message */
	uint8_t chosen;          /* reading used */
	uint64_t index;          /* 1-based message number in the run */
	const struct mrt_info *mrt; /* from an MRT record (mrt_in.h), else NULL */
	const struct bmp_info *bmp; /* a monitored peer's, from BMP (bmp_in.h), else NULL */
	struct acache_ent *ace;  /* the attribute block's cache entry, or NULL */
	const uint8_t *raw;      /* the message's bytes as framed (-x, -X) */
	size_t rawlen;
};

/* ---------------------------------------------------------------- a run */

#include "capture.h"
#include "report.h"
#include "rib.h"

struct run_opts {
	struct capture_opts cap;
	struct out_opts out;
	struct report_opts rep;
	struct rib_opts rib;     /* --rib, --at, --history, --diff */
	bool want_report;        /* always true from the CLI; the fuzzer turns it off */
	bool stats;              /* --stats */
	uint64_t count;          /* -c: stop after N BGP messages (0: no limit) */
	double duration;         /* --duration seconds (live), 0: none */
	const char *user;        /* -Z: the user to drop root to (-r and -i) */
	const char *write_mrt;   /* --write-mrt FILE, or NULL */
	const char *timeline;    /* --timeline FILE.svg, or NULL */
	bool no_sandbox;         /* --no-sandbox: no seccomp filter */
	uint16_t bmp_ports[CAPTURE_MAX_PORTS]; /* --bmp-port: connections carrying BMP */
	int n_bmp_ports;
	bool have_forced;
	struct bgp_ctx forced;   /* --assume */
	bool progress;           /* show progress on stderr (file input, tty) */
	struct flow_limits limits;
};

/* Run the whole pipeline. Returns the exit status: 0, 1 (violation), 2 (error). */
int bgpcap_run(const struct run_opts *ro, FILE *out, FILE *err);
void bgpcap_stop(void);      /* async-signal-safe: stop the running capture */

#endif
