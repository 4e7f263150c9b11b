/*
 * bgpcap.h - what the pipeline hands to the printers and the reporter.
 */
#ifndef BGPCAP_BGPCAP_H
#define BGPCAP_BGPCAP_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
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
	union bgp_body u;        /* tagged by m.type when body_ok */
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
	bool line_buffered;      /* live: flush every record */
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

/*
 * The printers' own output buffer: a line is built in memory and written
 * with one fwrite when the buffer fills (files) or at the end of every
 * record (live, so `| grep` sees messages as they arrive). Formatting
 * functions write straight into its free space through an sbuf.
 */
struct obuf {
	char *p;
	size_t len, cap;
	FILE *fp;
	bool line;               /* flush after every record */
};

void ob_flush(struct obuf *b);
void ob_mem_slow(struct obuf *b, const void *s, size_t n);
static inline void
ob_mem(struct obuf *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		ob_mem_slow(b, s, n);
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}
static inline void ob_put(struct obuf *b, const char *s) { ob_mem(b, s, strlen(s)); }
static inline void
ob_putc(struct obuf *b, char c)
{
	if (b->len + 1 > b->cap)
		ob_flush(b);
	b->p[b->len++] = c;
}
void ob_u64(struct obuf *b, uint64_t v);
/* An sbuf over the free space (at least `want` bytes); ob_sbuf_done commits it. */
void ob_sbuf(struct obuf *b, struct sbuf *s, size_t want);
void ob_sbuf_done(struct obuf *b, const struct sbuf *s);
void ob_json_str(struct obuf *b, const char *s);
/* End of one record (a line): flush when line-buffered. */
static inline void ob_eol(struct obuf *b) { ob_putc(b, '\n'); if (b->line) ob_flush(b); }

/* shared internals */
struct out {
	FILE *fp;
	struct obuf ob;
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
/* Write what is buffered (before anyone else writes to the same FILE). */
void out_flush(struct out *o);
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
