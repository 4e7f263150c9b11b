/*
 * out.h - the output layer: one line (text) or one JSON object (NDJSON)
 * per record, written through one output buffer. out_new picks the
 * printer (text or JSON) once; every out_* call goes to it.
 *
 * Owns: the output buffer on stdout and the printers' caches (the
 * endpoint strings of recent flows). May call: obuf, jw, the dissectors'
 * formatters and describe functions, session names (readings).
 * The summary and the report write through out_buf() with the same
 * JSON writer (jw.h), so one FILE has one writer.
 */
#ifndef BGPCAP_OUT_H
#define BGPCAP_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include "flow.h"
#include "obuf.h"
#include "pkt.h"
#include "filter.h"

struct out_opts {
	int verbose;             /* -v count */
	bool json;
	bool no_ts;              /* -t: no timestamp (ts_mode 1) */
	int ts_mode;             /* -t count, as tcpdump: 0 time of day, 1 none,
	                          * 2 seconds since the epoch, 3 delta since the
	                          * previous line, 4 date and time, 5 since the
	                          * first line */
	int hex;                 /* -x: 1 each message's bytes in hex, -X: 2 also ASCII */
	bool quiet;              /* -q: report only */
	bool routes;             /* --routes: a TSV line per prefix (out_routes.c) */
	bool link;               /* -e: the link-level header on message lines */
	bool color;
	bool line_buffered;      /* live: flush every record */
	const struct filter *filter; /* display filters (filter.h), NULL: none */
};

struct out;
struct msg_view;

struct out *out_new(FILE *fp, const struct out_opts *o);
void out_free(struct out *o);
void out_message(struct out *o, const struct msg_view *v);
void out_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason);
void out_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail);
void out_icmp(struct out *o, const struct icmp_info *ii);
void out_note(struct out *o, const struct pkt_info *pi, const char *what);
/* A BMP message of connection f (rc: bmp_parse's result; e: its error). */
struct bmp_msg;
struct bmp_err;
void out_bmp(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e);
/* The buffer every record goes through, for the summary and the report. */
struct obuf *out_buf(struct out *o);
/* Write what is buffered and flush the FILE. */
void out_flush(struct out *o);

#endif
