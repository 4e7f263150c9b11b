/*
 * report_diag.c - causes and diagnoses as data: a code, the evidence, the
 * sentence.
 *
 * A cause (struct report_cause) is recorded by the observer when a
 * connection goes down; a diagnosis (struct report_diag) is worked out at
 * the end for each session that is not up, by the first rule of a table
 * that matches the pair's evidence. Sentences are made from the data only,
 * by one function each for causes and diagnoses.
 *
 * May call: the pair queries and helpers in report_util.c, the
 * dissectors' name tables.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "report_int.h"

/* ---------------------------------------------------------------- causes */

void
diag_cause(const struct pair *p, enum report_cause_code code, int side, struct report_cause *c)
{
	memset(c, 0, sizeof(*c));
	c->code = code;
	c->side = side;
	c->addr[0] = p->a[0];
	c->addr[1] = p->a[1];
}

/* A NOTIFICATION as a cause, with what is known of the OPEN it answered. */
void
diag_cause_ntf(const struct pair *p, const struct report_ntf *n, struct report_cause *c)
{
	const struct pair_open *o = &p->open[!n->side];

	diag_cause(p, CAUSE_NOTIFICATION, n->side, c);
	c->ntf = *n;
	c->offered = o->seen || (n->code == REP_NTF_OPEN && n->subcode == REP_NTF_OPEN_BAD_PEER_AS &&
	    n->has_bad_as);
	c->offered_as = n->has_bad_as ? n->bad_as : o->asn;
	c->offered_hold = o->hold_time;
}

static void
ntf_open_text(const struct report_cause *c, char *buf, size_t len)
{
	const struct report_ntf *n = &c->ntf;
	const char *cn = bgp_notify_code_name(n->code);
	const char *sn = bgp_notify_subcode_name(n->code, n->subcode);
	char a[64], b[64];
	size_t k;

	rep_addr(&c->addr[!n->side], a);
	rep_addr(&c->addr[n->side], b);
	if (n->subcode == REP_NTF_OPEN_BAD_PEER_AS) {
		if (c->offered)
			rep_fmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s from %s "
			    "(peer AS %u offered, check remote-as on %s)", a, cn, sn, b, c->offered_as, b);
		else
			rep_fmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s from %s "
			    "(check remote-as on %s)", a, cn, sn, b, b);
		return;
	}
	k = (size_t)rep_fmt(buf, len, "OPEN from %s answered by NOTIFICATION %s/%s", a, cn, sn);
	if (n->subcode == REP_NTF_OPEN_BAD_HOLD && c->offered && k < len)
		k += (size_t)rep_fmt(buf + k, len - k, " (hold time %u s offered)", c->offered_hold);
	for (unsigned i = 0; i < n->n_caps && k < len; i++)
		k += (size_t)rep_fmt(buf + k, len - k, "%s%s (%u)%s", i ? ", " : " (capability ",
		    bgp_cap_name(n->caps[i]), n->caps[i], i + 1 == n->n_caps ? ")" : "");
}

static void
ntf_text(const struct report_cause *c, char *buf, size_t len)
{
	const struct report_ntf *n = &c->ntf;
	const char *cn = bgp_notify_code_name(n->code);
	const char *sn = bgp_notify_subcode_name(n->code, n->subcode);
	char a[64], b[64];

	rep_addr(&c->addr[n->side], a);
	rep_addr(&c->addr[!n->side], b);
	if (n->code == REP_NTF_OPEN)
		ntf_open_text(c, buf, len);
	else if (n->code == REP_NTF_HOLD_EXPIRED)
		rep_fmt(buf, len, "Hold Timer Expired sent by %s", a);
	else if (n->msg_len) {
		char m[REP_NTF_TEXT];
		size_t fixed = strlen(cn) + strlen(sn) + strlen(a) + strlen(b) + 24;

		rep_ntf_msg(n, m, len > fixed + 16 ? len - fixed : 16);
		rep_fmt(buf, len, "%s/%s: \"%s\" (sent by %s to %s)", cn, sn, m, a, b);
	}
	else
		rep_fmt(buf, len, "%s/%s sent by %s", cn, sn, a);
}

/* The sentence of a cause ("" for CAUSE_NONE). */
void
diag_cause_text(const struct report_cause *c, char *buf, size_t len)
{
	char a[64];

	rep_addr(&c->addr[c->side & 1], a);
	switch (c->code) {
	case CAUSE_NOTIFICATION:
		ntf_text(c, buf, len);
		break;
	case CAUSE_RST:
		rep_fmt(buf, len, "TCP RST from %s", a);
		break;
	case CAUSE_REFUSED:
		rep_fmt(buf, len, "connection refused: %s answered SYN with RST", a);
		break;
	case CAUSE_FIN:
		rep_fmt(buf, len, "TCP FIN from %s", a);
		break;
	case CAUSE_REPLACED:
		rep_fmt(buf, len, "replaced by a new connection");
		break;
	case CAUSE_HOLD_EXPIRY:
		rep_fmt(buf, len, "hold time expired: nothing from %s for %.0f s (hold time %u s)", a,
		    c->gap, c->hold);
		break;
	default:
		if (len)
			buf[0] = '\0';
	}
}

/* ---------------------------------------------------------------- diagnosis rules */

/* Did the packets side s sent get any answer from the other side? */
static bool
unanswered(const struct pair *p, int s)
{
	if (p->syn[s] && !p->synack[!s] && !p->rst[!s])
		return true;
	if (p->c.open[s] && !p->c.ka[!s] && !p->c.upd[!s] && !p->c.ntf)
		return true;
	/* s answered the peer's SYNs, and the peer keeps trying */
	return p->synack[s] && p->syn[!s] > 1 && !p->c.open[!s];
}

static bool
cause_same(const struct report_cause *x, const struct report_cause *y)
{
	char a[CAUSE_LEN], b[CAUSE_LEN];

	diag_cause_text(x, a, sizeof(a));
	diag_cause_text(y, b, sizeof(b));
	return strcmp(a, b) == 0;
}

static bool
r_notification(const struct pair *p, struct report_diag *d)
{
	if (!p->c.ntf || p->down_cause.code == CAUSE_NONE)
		return false;
	d->cause = p->down_cause;
	if (p->open_errs > 1 && cause_same(&p->down_cause, &p->open_err))
		d->times = p->open_errs;
	return true;
}

static bool
r_open_rejected(const struct pair *p, struct report_diag *d)
{
	if (p->c.est || !p->open_errs || p->est_count != 0)
		return false;
	d->cause = p->open_err;
	d->times = p->open_errs;
	return true;
}

static bool
r_ttl_icmp(const struct pair *p, struct report_diag *d)
{
	for (int s = 0; !p->c.est && s < 2; s++)
		if (p->icmp_te[s]) {
			d->side = s;
			d->icmp_from = p->icmp_from[s];
			return true;
		}
	return false;
}

static bool
r_ttl_silent(const struct pair *p, struct report_diag *d)
{
	/* one packet could be a directly connected peer's: want repeats */
	for (int s = 0; !p->c.est && s < 2; s++)
		if (track_ttl1(p, s) >= 2 && unanswered(p, s)) {
			d->side = s;
			return true;
		}
	return false;
}

static bool
r_unreachable(const struct pair *p, struct report_diag *d)
{
	for (int s = 0; !p->c.est && s < 2; s++)
		if (p->icmp_unreach[s] && unanswered(p, s)) {
			d->side = s;
			d->icmp_code = p->unreach_code[s];
			d->icmp_from = p->icmp_from[s];
			return true;
		}
	return false;
}

static bool
r_est_down(const struct pair *p, struct report_diag *d)
{
	if (!p->c.est || !p->c.down || p->down_cause.code == CAUSE_NONE)
		return false;
	d->cause = p->down_cause;
	return true;
}

/* Only the middle of the followed connection, and not traffic both ways. */
static bool
r_midstream(const struct pair *p, struct report_diag *d)
{
	(void)d;
	return p->c.midstream && !p->c.est && !p->c.down && !p->c.open[0] && !p->c.open[1];
}

/* BGP bytes of the session not captured (a snaplen cut, a gap): what they
 * held would have said how far the session came. */
static bool
r_not_captured(const struct pair *p, struct report_diag *d)
{
	if (p->c.est || p->c.down)
		return false;
	for (int s = 0; s < 2; s++)
		if (p->skipped[s]) {
			d->side = s;
			d->nbytes = p->skipped[s];
			d->why = p->skip_why[s][0] ? p->skip_why[s] : "a limit";
			return true;
		}
	return false;
}

/*
 * The capture ends during the handshake: nothing ended the connection and
 * the timer the FSM waits on has not run out by the last packet. RFC 4271
 * 8.2.2: OpenSent waits up to the large hold timer (4 minutes suggested),
 * OpenConfirm the negotiated hold time, Connect the ConnectRetry timer
 * (120 s suggested); a SYN is retransmitted within seconds.
 */
static bool
r_capture_end(const struct pair *p, struct report_diag *d)
{
	uint16_t t;

	if (p->c.est || p->c.down || d->gap < 0)
		return false;
	if (p->c.open[0] && p->c.open[1])
		t = track_hold(p) ? track_hold(p) : 240;
	else if (p->c.open[0] || p->c.open[1])
		t = 240;
	else if (p->c.tcp_up)
		t = 120;
	else if ((p->c.syn[0] && p->syn[0] < 2) || (p->c.syn[1] && p->syn[1] < 2))
		t = 3;    /* one SYN: retransmitted SYNs are evidence enough */
	else
		return false;
	d->hold = t;
	return d->gap < t;
}

static bool
r_no_keepalive(const struct pair *p, struct report_diag *d)
{
	if (!p->c.open[0] || !p->c.open[1])
		return false;
	d->side = p->c.after_open[0] ? 1 : 0;
	return true;
}

static bool
r_open_one_way(const struct pair *p, struct report_diag *d)
{
	if (!p->c.open[0] && !p->c.open[1])
		return false;
	d->side = p->c.open[0] ? 0 : 1;
	return true;
}

static bool
r_only_keepalives(const struct pair *p, struct report_diag *d)
{
	if (!p->c.ka[0] && !p->c.ka[1])
		return false;
	d->side = p->c.ka[0] ? 0 : 1;
	return true;
}

static bool
r_tcp_no_open(const struct pair *p, struct report_diag *d)
{
	if (!p->c.tcp_up)
		return false;
	if (p->c.down && p->down_cause.code != CAUSE_NONE)
		d->cause = p->down_cause;
	return true;
}

static bool
r_refused(const struct pair *p, struct report_diag *d)
{
	for (int s = 0; s < 2; s++)
		if (p->refused[!s] && p->syn[s]) {
			d->side = !s;
			return true;
		}
	return false;
}

static bool
r_syn_unanswered(const struct pair *p, struct report_diag *d)
{
	for (int s = 0; s < 2; s++)
		if (p->syn[s] && !p->synack[!s]) {
			d->side = s;
			return true;
		}
	return false;
}

/* After all the connection's rules: what the pair's history says. */
static bool
r_last(const struct pair *p, struct report_diag *d)
{
	if (p->down_cause.code != CAUSE_NONE) {
		d->code = DIAG_DOWN;
		d->cause = p->down_cause;
	} else if (p->tcp_up)
		d->code = DIAG_TCP_NO_OPEN;
	return true;
}

static const struct diag_rule {
	enum report_diag_code code;
	bool (*match)(const struct pair *p, struct report_diag *d);
} diag_rules[] = {
	{ DIAG_NOTIFICATION, r_notification },
	{ DIAG_OPEN_REJECTED, r_open_rejected },
	{ DIAG_TTL_ICMP, r_ttl_icmp },
	{ DIAG_TTL_SILENT, r_ttl_silent },
	{ DIAG_UNREACHABLE, r_unreachable },
	{ DIAG_DOWN, r_est_down },
	{ DIAG_MIDSTREAM, r_midstream },
	{ DIAG_NOT_CAPTURED, r_not_captured },
	{ DIAG_CAPTURE_END, r_capture_end },
	{ DIAG_NO_KEEPALIVE, r_no_keepalive },
	{ DIAG_OPEN_ONE_WAY, r_open_one_way },
	{ DIAG_ONLY_KEEPALIVES, r_only_keepalives },
	{ DIAG_TCP_NO_OPEN, r_tcp_no_open },
	{ DIAG_REFUSED, r_refused },
	{ DIAG_SYN_UNANSWERED, r_syn_unanswered },
	{ DIAG_NO_HANDSHAKE, r_last },
};

static const char *const diag_names[] = {
	[DIAG_NONE] = "none", [DIAG_NOTIFICATION] = "notification",
	[DIAG_OPEN_REJECTED] = "open_rejected", [DIAG_TTL_ICMP] = "ttl_time_exceeded",
	[DIAG_TTL_SILENT] = "ttl_no_answer", [DIAG_UNREACHABLE] = "unreachable",
	[DIAG_DOWN] = "down", [DIAG_NO_KEEPALIVE] = "no_keepalive",
	[DIAG_OPEN_ONE_WAY] = "open_one_way", [DIAG_ONLY_KEEPALIVES] = "only_keepalives",
	[DIAG_TCP_NO_OPEN] = "tcp_no_open", [DIAG_REFUSED] = "refused",
	[DIAG_SYN_UNANSWERED] = "syn_unanswered", [DIAG_NO_HANDSHAKE] = "no_handshake",
	[DIAG_MIDSTREAM] = "midstream", [DIAG_NOT_CAPTURED] = "not_captured",
	[DIAG_CAPTURE_END] = "capture_end",
};

const char *
report_diag_name(enum report_diag_code c)
{
	return (unsigned)c < sizeof(diag_names) / sizeof(diag_names[0]) ? diag_names[c] : "?";
}

/* ---------------------------------------------------------------- diagnosis text */

static void
diag_other_text(const struct report_diag *d, const char *cause, char *buf, size_t len)
{
	char a[64], b[64];
	int s = d->side;

	rep_addr(&d->addr[s], a);
	rep_addr(&d->addr[!s], b);
	switch (d->code) {
	case DIAG_TCP_NO_OPEN:
		if (cause[0])
			rep_fmt(buf, len, "TCP up but no OPEN, then %s", cause);
		else
			rep_fmt(buf, len, "TCP up but no OPEN");
		break;
	case DIAG_REFUSED:
		rep_fmt(buf, len, "connection refused: %s answered SYN with RST "
		    "(nothing listening on port %u?)", a, d->port);
		break;
	case DIAG_SYN_UNANSWERED:
		rep_fmt(buf, len, "SYNs from %s to %s:%u never answered", a, b, d->port);
		break;
	case DIAG_NO_HANDSHAKE:
		rep_fmt(buf, len, "no TCP handshake seen");
		break;
	case DIAG_MIDSTREAM:
		rep_fmt(buf, len, "state unknown: the capture holds only the middle of the "
		    "connection, with messages from one side only");
		break;
	case DIAG_NOT_CAPTURED:
		rep_fmt(buf, len, "state unknown: %llu bytes from %s to %s not captured (%s)",
		    (unsigned long long)d->nbytes, a, b, d->why);
		break;
	case DIAG_CAPTURE_END:
		rep_fmt(buf, len, "state unknown: the capture ends %.1f s after the session's last "
		    "packet, during the handshake (the %u s timer had not run out)", d->gap, d->hold);
		break;
	default:
		if (len)
			buf[0] = '\0';
	}
}

static void
diag_main_text(const struct report_diag *d, char *buf, size_t len)
{
	char a[64], b[64], c3[64], t[CAUSE_LEN];
	int s = d->side;

	rep_addr(&d->addr[s], a);
	rep_addr(&d->addr[!s], b);
	rep_addr(&d->icmp_from, c3);
	diag_cause_text(&d->cause, t, sizeof(t));
	switch (d->code) {
	case DIAG_NOTIFICATION:
		if (d->times > 1)
			rep_fmt(buf, len, "%s; %llu times", t, (unsigned long long)d->times);
		else
			rep_fmt(buf, len, "%s", t);
		break;
	case DIAG_OPEN_REJECTED:
		rep_fmt(buf, len, "%s; %llu time%s", t, (unsigned long long)d->times,
		    d->times > 1 ? "s" : "");
		break;
	case DIAG_TTL_ICMP:
		rep_fmt(buf, len, "packets from %s to %s leave with TTL 1 and die in transit "
		    "(ICMP time exceeded from %s): configure ebgp-multihop", a, b, c3);
		break;
	case DIAG_TTL_SILENT:
		rep_fmt(buf, len, "packets from %s to %s leave with TTL 1 and get no answer: "
		    "configure ebgp-multihop", a, b);
		break;
	case DIAG_UNREACHABLE:
		rep_fmt(buf, len, "packets from %s to %s:%u are unreachable (ICMP destination "
		    "unreachable code %u from %s)", a, b, d->port, d->icmp_code, c3);
		break;
	case DIAG_DOWN:
		rep_fmt(buf, len, "%s", t);
		break;
	case DIAG_NO_KEEPALIVE:
		rep_fmt(buf, len, "OPENs exchanged but no KEEPALIVE from %s", a);
		break;
	case DIAG_OPEN_ONE_WAY:
		rep_fmt(buf, len, "OPEN sent by %s but none received", a);
		break;
	case DIAG_ONLY_KEEPALIVES:
		rep_fmt(buf, len, "only KEEPALIVEs from %s in the capture, no OPEN (capture started "
		    "mid-session?)", a);
		break;
	default:
		diag_other_text(d, t, buf, len);
	}
}

/* The diagnosis of a pair at the end of the capture (DIAG_NONE when up). */
void
diag_session(const struct pair *p, const struct timeval *end, struct report_diag *d,
    char *buf, size_t len)
{
	size_t k;

	memset(d, 0, sizeof(*d));
	buf[0] = 0;
	d->text = buf;
	d->gap = rep_tv_diff(end, &p->last_ts);
	d->addr[0] = p->a[0];
	d->addr[1] = p->a[1];
	d->port = p->port179 ? p->port179 : REP_BGP_PORT;
	if (track_up(p))
		return;
	for (size_t i = 0; i < sizeof(diag_rules) / sizeof(diag_rules[0]); i++) {
		d->code = diag_rules[i].code;
		if (diag_rules[i].match(p, d))
			break;
	}
	d->unknown = d->code == DIAG_MIDSTREAM || d->code == DIAG_NOT_CAPTURED ||
	    d->code == DIAG_CAPTURE_END;
	diag_main_text(d, buf, len);
	/* an earlier connection was Established: say how it ended */
	if (!p->c.est && p->est_down_cause.code != CAUSE_NONE) {
		char t[CAUSE_LEN];

		diag_cause_text(&p->est_down_cause, t, sizeof(t));
		k = strlen(buf);
		if (strcmp(t, buf) != 0 && k < len) {
			d->have_before = true;
			d->before = p->est_down_cause;
			rep_fmt(buf + k, len - k,
			    "; before that the session was up and ended: %s", t);
		}
	}
}

/* ---------------------------------------------------------------- capabilities */

static void
fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len)
{
	rep_fmt(buf, len, "%s %s", bgp_afi_name(afi), bgp_safi_name(safi));
}

/* Families both OPENs list (or the one OPEN seen). */
unsigned
diag_families(const struct pair *p, char names[][REPORT_NAME_LEN], unsigned max)
{
	const struct pair_open *x = &p->open[0], *y = &p->open[1];
	unsigned n = 0;

	if (!x->seen) {
		x = &p->open[1];
		y = NULL;
	} else if (!y->seen)
		y = NULL;
	if (!x->seen)
		return 0;
	if (x->n_mp == 0 && (y == NULL || y->n_mp == 0)) {
		fam_name(AFI_IPV4, SAFI_UNICAST, names[0], REPORT_NAME_LEN);
		return 1;
	}
	for (unsigned i = 0; i < x->n_mp && i < BGP_CTX_MAX_AFS && n < max; i++) {
		bool both = y == NULL;

		for (unsigned j = 0; y && j < y->n_mp && j < BGP_CTX_MAX_AFS; j++)
			if (y->mp[j].afi == x->mp[i].afi && y->mp[j].safi == x->mp[i].safi)
				both = true;
		if (both)
			fam_name(x->mp[i].afi, x->mp[i].safi, names[n++], REPORT_NAME_LEN);
	}
	return n;
}

/* ADD-PATH families: "ipv4 unicast a>b" where a sends and b receives. */
unsigned
diag_addpaths(const struct pair *p, char names[][REPORT_NAME_LEN], unsigned max)
{
	unsigned n = 0;

	if (!p->open[0].seen || !p->open[1].seen)
		return 0;
	for (int s = 0; s < 2; s++) {
		const struct pair_open *snd = &p->open[s], *rcv = &p->open[!s];

		for (unsigned i = 0; i < snd->n_addpath && i < BGP_CTX_MAX_AFS; i++) {
			if (!(snd->addpath[i].sr & 2))
				continue;
			for (unsigned j = 0; j < rcv->n_addpath && j < BGP_CTX_MAX_AFS && n < max; j++)
				if (rcv->addpath[j].afi == snd->addpath[i].afi &&
				    rcv->addpath[j].safi == snd->addpath[i].safi &&
				    (rcv->addpath[j].sr & 1)) {
					char f[40];

					fam_name(snd->addpath[i].afi, snd->addpath[i].safi, f, sizeof(f));
					rep_fmt(names[n++], REPORT_NAME_LEN, "%s %s", f, s == 0 ? "a>b" : "b>a");
				}
		}
	}
	return n;
}

/* "IPv4 unicast" for an End-of-RIB entry. */
void
diag_fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len)
{
	fam_name(afi, safi, buf, len);
}

/* ---------------------------------------------------------------- orientation and state */

static size_t
addr_sessions(const struct report *r, const struct addr *a)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_pairs; i++)
		if (r->pairs[i].own_packet &&
		    (addr_eq(&r->pairs[i].a[0], a) || addr_eq(&r->pairs[i].a[1], a)))
			n++;
	return n;
}

static bool
named_peer(const struct report *r, const struct addr *a)
{
	for (int i = 0; i < r->o.n_expect_peer; i++)
		if (rep_same_speaker(r, a, &r->o.expect_peer[i]))
			return true;
	return false;
}

/*
 * Which end of p is the local one (printed first): a --speaker address;
 * else the end that is not an --expect-peer; else the address common to
 * more sessions (the box the capture was taken on); else the initiator of
 * the first connection seen. *inferred and why say which.
 */
int
diag_local(const struct report *r, const struct pair *p, bool *inferred, char *why, size_t len)
{
	size_t n0, n1;

	*inferred = r->o.n_speaker == 0;
	for (int s = 0; s < 2 && r->o.n_speaker; s++)
		if (rep_is_speaker_addr(r, &p->a[s]) || rep_is_speaker(r, &p->a[s])) {
			rep_fmt(why, len, "--speaker");
			return s;
		}
	if (r->o.n_speaker) {
		*inferred = true;
		rep_fmt(why, len, "inferred: neither end is a --speaker; the first connection's initiator");
		return 0;
	}
	if (named_peer(r, &p->a[0]) != named_peer(r, &p->a[1])) {
		rep_fmt(why, len, "inferred: the other end is an --expect-peer");
		return named_peer(r, &p->a[0]) ? 1 : 0;
	}
	n0 = addr_sessions(r, &p->a[0]);
	n1 = addr_sessions(r, &p->a[1]);
	if (n0 != n1) {
		rep_fmt(why, len, "inferred: in %zu sessions, the other end in %zu", n0 > n1 ? n0 : n1,
		    n0 > n1 ? n1 : n0);
		return n1 > n0 ? 1 : 0;
	}
	rep_fmt(why, len, "inferred: the first connection's initiator");
	return 0;
}

/* The local end's state once the connection ended (refused by the peer:
 * Active, waiting for the peer to connect; otherwise Idle). */
/*
 * The local end l's FSM state, named as the daemons name it (RFC 4271
 * 8.2.2), from the facts of the followed connection and why it went down:
 * diag_state says it at the end of the capture, the timeline (report_tl.c)
 * at every change.
 */
const char *
diag_state_name(const struct conn *c, enum report_cause_code down, int down_side, int l)
{
	if (c->est && !c->down)
		return "Established";
	if (c->down)
		return down == CAUSE_REFUSED && down_side == !l ? "Active" : "Idle";
	if (c->midstream && !c->open[0] && !c->open[1])
		return "unknown";
	if (c->open[l] && c->open[!l])
		return "OpenConfirm";
	if (c->open[l])
		return "OpenSent";
	if (c->open[!l])
		return "Active";
	if (c->tcp_up)
		return c->syn[l] ? "Connect" : "Active";
	if (c->syn[l])
		return "Connect";
	return "Idle";
}

static const char *
state_down(const struct pair *p, int l, char *ev, size_t len)
{
	char t[CAUSE_LEN];

	diag_cause_text(&p->down_cause, t, sizeof(t));
	rep_fmt(ev, len, "%s", t[0] ? t : "the connection ended");
	return diag_state_name(&p->c, p->down_cause.code, p->down_cause.side, l);
}

/*
 * The local end's FSM state at the end of the capture, named as the
 * daemons name it (RFC 4271 8.2.2), with the wire evidence it rests on.
 */
const char *
diag_state(const struct pair *p, int l, char *ev, size_t len)
{
	const struct conn *c = &p->c;
	const char *name = diag_state_name(c, p->down_cause.code, p->down_cause.side, l);
	char a[64], b[64];

	rep_addr(&p->a[l], a);
	rep_addr(&p->a[!l], b);
	if (track_up(p)) {
		if (p->monitored && c->open[0] && c->open[1])
			rep_fmt(ev, len, "BMP Peer Up with the OPENs both ways (seen through BMP)");
		else if (c->open[0] && c->open[1])
			rep_fmt(ev, len, "OPENs both ways, then KEEPALIVE or UPDATE from both");
		else if (c->upd[0] || c->upd[1])
			rep_fmt(ev, len, "UPDATE from %s (OPENs not captured)", c->upd[l] ? a : b);
		else
			rep_fmt(ev, len, "KEEPALIVEs both ways (OPENs not captured)");
		return name;
	}
	if (c->down)
		return state_down(p, l, ev, len);
	if (c->midstream && !c->open[0] && !c->open[1]) {
		rep_fmt(ev, len, "only the middle of the connection captured");
		return name;
	}
	if (!c->open[0] && !c->open[1] && (p->skipped[0] || p->skipped[1])) {
		rep_fmt(ev, len, "BGP bytes sent but not captured (%s)",
		    p->skip_why[p->skipped[0] ? 0 : 1]);
		return "unknown";
	}
	if (c->open[l] && c->open[!l]) {
		rep_fmt(ev, len, "OPENs both ways, no KEEPALIVE from %s yet", c->after_open[!l] ? a : b);
		return name;
	}
	if (c->open[l]) {
		rep_fmt(ev, len, "OPEN sent by %s, none from %s", a, b);
		return name;
	}
	if (c->open[!l]) {
		rep_fmt(ev, len, "OPEN from %s, none sent by %s", b, a);
		return name;
	}
	if (c->tcp_up) {
		rep_fmt(ev, len, "TCP connection up, no OPEN from %s", a);
		return name;
	}
	if (c->syn[l]) {
		rep_fmt(ev, len, "SYN from %s, no SYN-ACK", a);
		return name;
	}
	if (c->syn[!l]) {
		rep_fmt(ev, len, "SYN from %s not answered by %s", b, a);
		return name;
	}
	rep_fmt(ev, len, "no TCP packet of the session from %s", a);
	return name;
}
