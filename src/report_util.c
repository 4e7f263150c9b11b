/*
 * report_util.c - the reporter's bottom: helpers every part uses
 * (bounded formatting, times, addresses, "is this a --speaker") and the
 * pure queries over a pair (hold time, up, TTL-1 evidence).
 *
 * Holds no state and calls no other part of the reporter, so every part
 * (track, policy, diag, verdict, render, report.c) may call it without a
 * link cycle (tests/layering.sh).
 *
 * May call: pkt (addr_fmt, addr_eq), libc.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "report_int.h"

const char *const report_fam_prefix[2] = { "0.0.0.0/0", "::/0" };

static const char *const field_names[] = {
	[FIELD_NEXT_HOP] = "next_hop", [FIELD_AS_PATH] = "as_path",
	[FIELD_PEER_AS] = "peer_as", [FIELD_MISSING] = "missing",
	[FIELD_SESSION] = "session",
};

const char *
report_field_name(enum report_field f)
{
	return (unsigned)f < sizeof(field_names) / sizeof(field_names[0]) ? field_names[f] : "?";
}

/* ---------------------------------------------------------------- helpers */

/* snprintf that truncates quietly (every buffer here is bounded on purpose) */
int
rep_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : n;
}

const char *
rep_ntf_msg(const struct report_ntf *n, char *buf, size_t room)
{
	struct sbuf s;
	size_t k = n->msg_len;

	if (room >= REP_NTF_TEXT)
		room = REP_NTF_TEXT - 1;
	for (;;) {
		sbuf_init(&s, buf, REP_NTF_TEXT);
		bgp_fmt_text(&s, n->msg, k);
		if (k < n->msg_len)
			sbuf_printf(&s, "... (%u bytes)", n->msg_len);
		if (s.len <= room || k == 0)
			return buf;
		k = k > 8 ? k - 8 : 0;
	}
}

double
rep_tv_diff(const struct timeval *a, const struct timeval *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_usec - b->tv_usec) / 1e6;
}

const char *
rep_time(const struct timeval *tv, char *buf, size_t len)
{
	struct tm tm;
	time_t t = tv->tv_sec;
	char tmp[40];

	if (gmtime_r(&t, &tm) == NULL || strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		tmp[0] = '\0';
	rep_fmt(buf, len, "%s.%06ldZ", tmp, (long)tv->tv_usec);
	return buf;
}

const char *
rep_addr(const struct addr *a, char *buf)
{
	return addr_fmt(a, buf, 64);
}

/*
 * Is address a the speaker named `want` on the command line? Either the
 * same address, or (for an IPv4 `want`) an address whose OPEN carried
 * `want` as its BGP identifier: so --expect-peer 10.0.2.4 also covers the
 * IPv6 session of the route server whose identifier is 10.0.2.4.
 */
bool
rep_same_speaker(const struct report *r, const struct addr *a, const struct addr *want)
{
	uint32_t w;

	if (addr_eq(a, want))
		return true;
	if (want->af != AF_INET)
		return false;
	w = (uint32_t)want->a[0] << 24 | (uint32_t)want->a[1] << 16 |
	    (uint32_t)want->a[2] << 8 | want->a[3];
	for (size_t i = 0; i < r->n_ids; i++)
		if (addr_eq(&r->ids[i].a, a))
			return r->ids[i].id == w;
	return false;
}

/* Is a one of the --speaker addresses, or their BGP identifier's? */
bool
rep_is_speaker(const struct report *r, const struct addr *a)
{
	for (int i = 0; i < r->o.n_speaker; i++)
		if (rep_same_speaker(r, a, &r->o.speaker[i]))
			return true;
	return false;
}

/* Is a literally one of the --speaker addresses? */
bool
rep_is_speaker_addr(const struct report *r, const struct addr *a)
{
	for (int i = 0; i < r->o.n_speaker; i++)
		if (addr_eq(a, &r->o.speaker[i]))
			return true;
	return false;
}

/* ---------------------------------------------------------------- pair queries */

uint16_t
track_hold(const struct pair *p)
{
	if (!p->open[0].seen || !p->open[1].seen)
		return 0;
	return p->open[0].hold_time < p->open[1].hold_time ? p->open[0].hold_time :
	    p->open[1].hold_time;
}

bool
track_up(const struct pair *p)
{
	return p->c.est && !p->c.down;
}

uint64_t
track_ttl1(const struct pair *p, int s)
{
	return p->ttl1_ev[s] > p->ttl1_flow[s] ? p->ttl1_ev[s] : p->ttl1_flow[s];
}
