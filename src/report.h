/*
 * report.h - the default-route check and the session diagnosis.
 *
 * The pipeline feeds every decoded message, TCP event and ICMP error in;
 * at the end report_finish() prints the report (text or JSON) and returns
 * the exit status (0 ok, 1 violation or missing announcement).
 */
#ifndef BGPCAP_REPORT_H
#define BGPCAP_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "bgp.h"
#include "flow.h"
#include "pkt.h"
#include "session.h"

#define REPORT_MAX_EXPECT 16

struct report_opts {
	struct addr expect_nh[REPORT_MAX_EXPECT];
	int n_expect_nh;
	const char *expect_aspath;       /* exact, as printed */
	const char *expect_aspath_re;    /* FRR/Cisco AS-path regex */
	struct addr expect_peer[REPORT_MAX_EXPECT];
	int n_expect_peer;
	struct addr speaker;             /* --speaker */
	bool have_speaker;
	uint32_t expect_peer_as;         /* --expect-peer-as, 0 = none */
	bool json;
	bool color;
};

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
/* Print the report on out; returns the exit status (0 or 1). */
int report_finish(struct report *r, FILE *out);

#endif
