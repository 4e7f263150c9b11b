/*
 * pipeline.c - capture -> flows -> framing -> dissectors -> printers and
 * reporter. One message is decoded once; every consumer borrows the view.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bgpcap.h"
#include "acache.h"
#include "jw.h"
#include "input.h"
#include "mrt_in.h"
#include "mrt_out.h"
#include "rib.h"
#include "sandbox.h"
#include "term.h"
#include "timeline.h"
#include "privs.h"

struct run {
	const struct run_opts *ro;
	struct out *out;
	struct out *rout;        /* the summary and the report: out, or stderr (--routes) */
	struct report *rep;
	struct capture *cap;
	struct input *in;        /* -r FILE, for each of its readers (a pipe too) */
	struct mrt_in *mrt;      /* -r FILE that is MRT: instead of cap */
	struct mrt_out *mo;      /* --write-mrt */
	FILE *tl;                /* --timeline */
	struct timeval last_ts;  /* of the last message (for a state change at the end) */
	struct flow_table *ft;
	struct acache *ac;       /* attribute blocks seen (NULL: off) */
	struct rib *rib;         /* --rib, --at, --history, --diff (NULL: off) */
	struct run *diff;        /* --diff FILE: its run (routes only), or NULL */
	FILE *fp, *err;
	uint64_t messages;
	uint64_t by_type[6];
	uint64_t errors;         /* messages with an error */
	uint64_t notes;          /* messages with notes only (bgp_note_add) */
	uint64_t flows;
	uint64_t bytes_seen, bytes_decoded, bytes_skipped, gaps, retrans;
	uint64_t limits_hit;
	struct timespec last_progress, start;
	bool progress_shown;
	uint64_t progress_msgs;
	bool done;               /* -c reached: the rest of the input is not shown */
};

static struct capture *volatile running_cap;
static struct mrt_in *volatile running_mrt;
/* set by a signal: no further message of the packet or record being read
 * is decoded (what flow_table_finish delivers at the end still is) */
static volatile sig_atomic_t stopping;

void
bgpcap_stop(void)
{
	struct capture *c = running_cap;
	struct mrt_in *m = running_mrt;

	stopping = 1;
	if (c)
		capture_break(c);
	if (m)
		mrt_in_break(m);
}

/* The input's counters, from libpcap or from the MRT reader. */
static void
input_stats(struct run *r, struct capture_stats *st)
{
	struct mrt_in_stats ms;

	if (r->cap) {
		capture_get_stats(r->cap, st);
		return;
	}
	memset(st, 0, sizeof(*st));
	if (r->mrt == NULL)
		return;
	mrt_in_stats(r->mrt, &ms);
	st->packets = ms.records;
	st->file_size = ms.file_size;
	st->file_pos = ms.file_pos;
	st->undecodable = ms.errors;
}

static double
ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

static void
progress(struct run *r, bool final)
{
	struct capture_stats st;
	struct timespec now;
	double el;

	if (!r->ro->progress)
		return;
	if (final) {
		if (r->progress_shown)
			fputs(TERM_CLEAR_LINE, r->err);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ts_diff(&now, &r->last_progress) < 0.25)
		return;
	r->last_progress = now;
	input_stats(r, &st);
	el = ts_diff(&now, &r->start);
	if (st.file_size)
		fprintf(r->err, TERM_CLEAR_LINE "%5.1f%% %.1f of %.1f MB, %.0f messages/s",
		    100.0 * (double)st.file_pos / (double)st.file_size,
		    (double)st.file_pos / 1e6, (double)st.file_size / 1e6,
		    el > 0 ? (double)r->messages / el : 0.0);
	else
		fprintf(r->err, TERM_CLEAR_LINE "%.1f MB, %.0f messages/s", (double)st.bytes / 1e6,
		    el > 0 ? (double)r->messages / el : 0.0);
	r->progress_shown = true;
}

/* ---------------------------------------------------------------- callbacks */

static void
decode(struct msg_view *v, struct sess *s, const uint8_t *msg, size_t len, struct acache *ac)
{
	uint8_t type = len >= BGP_HDR_LEN ? msg[18] : 0;
	enum bgp_decoded r;

	bgp_errs_reset(&v->errs);
	v->ctx = sess_ctx(s, v->dir, msg, len, type);
	v->sess = s;
	v->inferred = !s->forced && s->inf[v->dir].active && type == BGP_UPDATE;
	v->readings = s->inf[v->dir].valid_now;
	v->chosen = s->inf[v->dir].chosen;
	if (ac) {
		r = bgp_decode_memo(msg, len, v->ctx, &v->m, &v->u, &v->errs, acache_ops(ac));
		v->ace = acache_current(ac);
	} else {
		r = bgp_decode(msg, len, v->ctx, &v->m, &v->u, &v->errs);
		v->ace = NULL;
	}
	v->hdr_ok = r != BGP_DEC_NONE;
	v->body_ok = r == BGP_DEC_BODY;
	if (v->body_ok && v->m.type == BGP_OPEN)
		sess_open(s, v->f, v->dir, &v->u.open, &v->pi->ts);
}

static void stop_input(struct run *r);

/* --write-mrt: a session going down, if it was written as up. */
static void
mrt_down(struct run *r, struct flow *f, struct sess *s, const struct timeval *ts)
{
	if (r->mo == NULL || s == NULL || !s->mrt_up)
		return;
	s->mrt_up = false;
	mrt_out_state(r->mo, ts, &f->addr[0], &f->addr[1], s->open[0].asn, s->open[1].asn,
	    6, 1);
}

/*
 * --write-mrt: the message as sent, the sender as the peer; the session as
 * Established (OpenConfirm -> Established) at the first KEEPALIVE or
 * UPDATE after both OPENs, down (Established -> Idle) at a NOTIFICATION,
 * FIN, RST or the end of the flow.
 */
static void
mrt_write(struct run *r, struct sess *s, const struct msg_view *v, const uint8_t *msg,
    size_t len)
{
	const struct flow *f = v->f;
	const struct bgp_ctx *c = v->ctx;
	unsigned t = v->hdr_ok ? v->m.type : 0;

	if (v->mrt && v->mrt->rib)
		return;          /* a route held, not a message */
	mrt_out_message(r->mo, &v->pi->ts, &f->addr[v->dir], &f->addr[!v->dir],
	    s->open[v->dir].asn, s->open[!v->dir].asn, c->as4,
	    c->addpath_any || c->n_addpath > 0, msg, len);
	if (!s->mrt_up && s->open[0].seen && s->open[1].seen &&
	    (t == BGP_KEEPALIVE || t == BGP_UPDATE)) {
		s->mrt_up = true;
		mrt_out_state(r->mo, &v->pi->ts, &f->addr[0], &f->addr[1], s->open[0].asn,
		    s->open[1].asn, 5, 6);
	}
	if (t == BGP_NOTIFICATION)
		mrt_down(r, v->f, s, &v->pi->ts);
}

/* One message to the printers and the reporter (a RIB entry: printers only). */
static void
deliver(struct run *r, struct sess *s, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len, const struct mrt_info *mi)
{
	struct msg_view v;
	unsigned t;

	if (stopping && (running_cap != NULL || running_mrt != NULL))
		return;
	v.mrt = mi;
	v.raw = msg;
	v.rawlen = len;
	v.f = f;
	v.dir = dir;
	v.pi = pi;
	v.index = ++r->messages;
	decode(&v, s, msg, len, r->ac);
	t = v.hdr_ok && v.m.type <= 5 ? v.m.type : 0;
	r->by_type[t]++;
	s->by_type[dir][t]++;
	if (bgp_errs_any(&v.errs)) {
		r->errors++;
		s->errors[dir]++;
	} else if (v.errs.notes)
		r->notes++;      /* what bgpcap assumed, legal forms: not errors */
	if (v.inferred)
		s->inferred[dir]++;
	r->last_ts = pi->ts;
	if (r->mo)
		mrt_write(r, s, &v, msg, len);
	out_message(r->out, &v);
	if (r->rep && !(mi && mi->rib))
		report_message(r->rep, &v);
	if (r->rib)
		rib_message(r->rib, s, &v);
	if (r->ro->count && r->messages >= r->ro->count) {
		/* like tcpdump -c: stop here, even inside a segment */
		r->done = true;
		stop_input(r);
	}
	if ((r->messages & 0xFFFF) == 0)
		progress(r, false);
}

static void
cb_message(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len)
{
	struct run *r = arg;
	struct sess *s = sess_get(f);

	if (s == NULL || r->done)
		return;
	if (r->ro->have_forced)
		s->forced = &r->ro->forced;
	deliver(r, s, f, dir, pi, msg, len, NULL);
}

/* A message from an MRT record: its subtype fixes the context. */
static void
mrt_cb_message(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len, const struct bgp_ctx *ctx, const struct mrt_info *mi)
{
	struct run *r = arg;
	struct sess *s = sess_get(f);

	if (s == NULL || r->done)
		return;
	s->forced = ctx;
	deliver(r, s, f, dir, pi, msg, len, mi);
}

static void
cb_skip(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t nbytes, const char *reason)
{
	struct run *r = arg;

	if (r->done)
		return;
	out_skip(r->out, f, dir, pi, nbytes, reason);
	if (r->rep)
		report_skip(r->rep, f, dir, pi, nbytes, reason);
}

static bool
named(const struct addr *a, const struct addr *list, int n)
{
	for (int i = 0; i < n; i++)
		if (addr_eq(a, &list[i]))
			return true;
	return false;
}

/* A connection between addresses the user named: the speaker (or, without
 * --speaker, another expected peer) and an expected peer. The flow table
 * never evicts it for a new connection (issue 9: a limit must not drop a
 * session that matters before it carried a message). */
static bool
named_pair(const struct report_opts *o, const struct flow *f)
{
	for (int d = 0; d < 2; d++) {
		bool local = o->n_speaker > 0 ? named(&f->addr[d], o->speaker, o->n_speaker) :
		    named(&f->addr[d], o->expect_peer, o->n_expect_peer);

		if (local && named(&f->addr[!d], o->expect_peer, o->n_expect_peer))
			return true;
	}
	return false;
}

static void
cb_event(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	struct run *r = arg;

	if (ev == FLOW_EV_NEW) {
		/* a session state only for an encapsulated flow's label: idle
		 * plain connections stay as small as before */
		struct sess *s = pi->encap[0] ? sess_get(f) : NULL;

		r->flows++;
		f->keep = named_pair(&r->ro->rep, f);
		if (s != NULL)
			strlcpy(s->encap, pi->encap, sizeof(s->encap));
	}
	if (ev == FLOW_EV_LIMIT)
		r->limits_hit++;
	if (ev == FLOW_EV_FIN || ev == FLOW_EV_RST)
		mrt_down(r, f, f->user, &pi->ts);
	if (r->rib && (ev == FLOW_EV_FIN || ev == FLOW_EV_RST))
		rib_down(r->rib, f->user, &pi->ts, ev == FLOW_EV_FIN ? "FIN" : "RST");
	if (r->done)
		return;
	out_event(r->out, f, dir, pi, ev, detail);
	if (r->rep)
		report_event(r->rep, f, dir, pi, ev);
}

/* One counter of a list that is written as text or as JSON. */
struct counter {
	const char *json, *text;
	uint64_t v;
};

static void
flow_stats_json(struct run *r, const struct flow *f, int d, const char *src, const char *dst,
    const struct counter *c, size_t n)
{
	const struct sess *s = f->user;
	struct jw j;

	jw_init(&j, out_buf(r->rout));
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "flow_stats");
	jw_ku64(&j, "flow", f->id);
	jw_kstr(&j, "src", src);
	jw_ku64(&j, "sport", f->port[d]);
	jw_kstr(&j, "dst", dst);
	jw_ku64(&j, "dport", f->port[!d]);
	jw_key(&j, "messages");
	jw_obj_begin(&j);
	for (size_t i = 0; i < n; i++) {
		if (i == 6)          /* the first six are messages by type */
			jw_obj_end(&j);
		jw_ku64(&j, c[i].json, c[i].v);
	}
	if (s != NULL && s->encap[0])
		jw_kstr(&j, "encap", s->encap);
	jw_obj_end(&j);
	jw_eol(&j);
}

static void
flow_stats_text(struct run *r, const struct flow *f, int d, const char *src, const char *dst,
    const struct counter *c, size_t n)
{
	struct obuf *ob = out_buf(r->rout);
	const struct sess *s = f->user;

	ob_printf(ob, "flow %llu %s:%u > %s:%u:", (unsigned long long)f->id, src, f->port[d],
	    dst, f->port[!d]);
	for (size_t i = 0; i < n; i++)
		ob_printf(ob, "%s %s %llu", i == 6 || i == 9 ? ";" : "", c[i].text,
		    (unsigned long long)c[i].v);
	if (s != NULL && s->encap[0])
		ob_printf(ob, "; via %s", s->encap);
	ob_eol(ob);
}

static void
print_flow_stats(struct run *r, struct flow *f)
{
	struct sess *s = f->user;
	char a[64], b[64];

	addr_fmt(&f->addr[0], a, sizeof(a));
	addr_fmt(&f->addr[1], b, sizeof(b));
	for (int d = 0; d < 2; d++) {
		const struct flow_dir_stats *st = &f->st[d];
		uint64_t z[6] = { 0 };
		const uint64_t *bt = s ? s->by_type[d] : z;
		/* one list, two formats; the first six are messages by type */
		const struct counter c[] = {
			{ "OPEN", "open", bt[1] }, { "UPDATE", "update", bt[2] },
			{ "NOTIFICATION", "notification", bt[3] },
			{ "KEEPALIVE", "keepalive", bt[4] },
			{ "ROUTE-REFRESH", "route-refresh", bt[5] }, { "other", "other", bt[0] },
			{ "bytes_seen", "bytes seen", st->bytes_seen },
			{ "bytes_decoded", "decoded", st->bytes_decoded },
			{ "bytes_skipped", "skipped", st->bytes_skipped },
			{ "errors", "errors", s ? s->errors[d] : 0 },
			{ "retransmissions", "retransmissions", st->retrans },
			{ "out_of_order", "out-of-order", st->ooo },
			{ "gaps", "gaps", st->gaps }, { "gap_bytes", "gap bytes", st->gap_bytes },
			{ "ttl1_packets", "ttl1", st->ttl1 },
		};
		const size_t n = sizeof(c) / sizeof(c[0]);

		if (r->ro->out.json)
			flow_stats_json(r, f, d, d ? b : a, d ? a : b, c, n);
		else
			flow_stats_text(r, f, d, d ? b : a, d ? a : b, c, n);
	}
}

static void
cb_flow_end(void *arg, struct flow *f)
{
	struct run *r = arg;

	for (int d = 0; d < 2; d++) {
		r->bytes_seen += f->st[d].bytes_seen;
		r->bytes_decoded += f->st[d].bytes_decoded;
		r->bytes_skipped += f->st[d].bytes_skipped;
		r->gaps += f->st[d].gaps;
		r->retrans += f->st[d].retrans;
	}
	if (r->ro->stats)
		print_flow_stats(r, f);
	if (r->rep)
		report_flow_end(r->rep, f);
	mrt_down(r, f, f->user, &r->last_ts);
	if (r->rib)
		rib_flow_end(r->rib, f->user);
	sess_free(f);
}

static void
cb_icmp(void *arg, const struct icmp_info *ii)
{
	struct run *r = arg;

	out_icmp(r->out, ii);
	if (r->rep)
		report_icmp(r->rep, ii);
}

static void
cb_note(void *arg, const struct pkt_info *pi, const char *what)
{
	struct run *r = arg;

	out_note(r->out, pi, what);
}

/* ---------------------------------------------------------------- the run */

static void
summary_json(struct run *r, const struct capture_stats *st, const struct counter *c, size_t n)
{
	struct jw j;

	jw_init(&j, out_buf(r->rout));
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "summary");
	for (size_t i = 0; i < n; i++) {
		if (i == 2) {        /* entries 2..7 form "by_type" */
			jw_key(&j, "by_type");
			jw_obj_begin(&j);
		} else if (i == 8)
			jw_obj_end(&j);
		jw_ku64(&j, c[i].json, c[i].v);
	}
	if (r->notes)            /* messages with notes only (not errors) */
		jw_ku64(&j, "notes", r->notes);
	if (r->done)
		jw_ku64(&j, "stopped_after", r->ro->count);
	if (st->have_kernel) {
		jw_ku64(&j, "kernel_received", st->kernel_recv);
		jw_ku64(&j, "kernel_dropped", st->kernel_drop);
		jw_ku64(&j, "interface_dropped", st->if_drop);
	}
	jw_obj_end(&j);
	jw_eol(&j);
}

/* " (N more with notes only)" for the summary line (a static buffer). */
static const char *
notes_text(const struct run *r)
{
	static char t[64];

	snprintf(t, sizeof(t), " (%llu more with notes only)", (unsigned long long)r->notes);
	return t;
}

static void
summary_text(struct run *r, const struct capture_stats *st, const struct counter *c, size_t n)
{
	struct obuf *ob = out_buf(r->rout);

	if (r->done)
		ob_printf(ob, "stopped after %llu messages (-c): the report covers only what was "
		    "read\n", (unsigned long long)r->ro->count);
	/* -q: the report only, but kernel drops always matter */
	if (!r->ro->out.quiet || r->ro->stats) {
		for (size_t i = 0; i < n && c[i].text; i++)
			ob_printf(ob, "%s%llu", c[i].text, (unsigned long long)c[i].v);
		ob_put(ob, " retransmissions\n");
	}
	if (st->have_kernel)
		ob_printf(ob, "kernel: %llu packets received, %llu dropped by kernel, "
		    "%llu dropped by interface\n", (unsigned long long)st->kernel_recv,
		    (unsigned long long)st->kernel_drop, (unsigned long long)st->if_drop);
}

static void
summary(struct run *r)
{
	struct capture_stats st;
	char errors_text[96];

	input_stats(r, &st);
	snprintf(errors_text, sizeof(errors_text), " messages with errors%s, ",
	    r->notes ? notes_text(r) : "");
	/*
	 * One list for both formats. In JSON entries 2..7 form "by_type"; in
	 * text each value follows its `text` piece, and entries without one
	 * are JSON only.
	 */
	const struct counter c[] = {
		{ "packets", "summary: ", st.packets },
		{ "messages", " packets, ", r->messages },
		{ "OPEN", " messages (open ", r->by_type[1] },
		{ "UPDATE", ", update ", r->by_type[2] },
		{ "NOTIFICATION", ", notification ", r->by_type[3] },
		{ "KEEPALIVE", ", keepalive ", r->by_type[4] },
		{ "ROUTE-REFRESH", ", route-refresh ", r->by_type[5] },
		{ "other", ", other ", r->by_type[0] },
		{ "flows", "), ", r->flows },
		{ "bytes_seen", " flows, bytes seen ", r->bytes_seen },
		{ "bytes_decoded", " = decoded ", r->bytes_decoded },
		{ "bytes_skipped", " + skipped ", r->bytes_skipped },
		{ "errors", ", ", r->errors },
		{ "gaps", errors_text, r->gaps },
		{ "retransmissions", " gaps, ", r->retrans },
		{ "icmp_errors", NULL, st.icmp },
		{ "fragments", NULL, st.fragments },
		{ "truncated", NULL, st.truncated },
		{ "limits_hit", NULL, r->limits_hit },
	};
	const size_t n = sizeof(c) / sizeof(c[0]);

	if (r->ro->out.json)
		summary_json(r, &st, c, n);
	else
		summary_text(r, &st, c, n);
}

static void
on_alarm(int sig)
{
	(void)sig;
	bgpcap_stop();
}

/*
 * The attribute-block cache pays where formatting is dear: -v and --json
 * (bench/results.md). Under -q and the default one-line text the walk and
 * the few numbers it saves cost less than the cache's memory accesses
 * (a hit reads an entry outside the CPU's caches: measured slower), so it
 * is off there. BGPCAP_ACACHE=0 turns it off, =1 on in every mode, =memo
 * on without formatted pieces: tests/acache.sh compares the output of all
 * of them, the benchmark measures them.
 */
static bool
acache_wanted(const struct out_opts *oo)
{
	const char *e = getenv("BGPCAP_ACACHE");

	if (e != NULL)
		return strcmp(e, "0") != 0;
	return !oo->quiet && (oo->json || oo->verbose == 1);
}

static bool
acache_memo_only(void)
{
	const char *e = getenv("BGPCAP_ACACHE");

	return e != NULL && strcmp(e, "memo") == 0;
}

/* Everything a run holds, from whichever step failed: one cleanup path. */
static void
run_close(struct run *r)
{
	flow_table_free(r->ft);
	if (r->cap)
		capture_close(r->cap);
	mrt_in_close(r->mrt);
	input_close(r->in);
	if (r->mo) {
		char ebuf[512];

		if (mrt_out_close(r->mo, ebuf, sizeof(ebuf)) < 0)
			fprintf(r->err, "bgpcap: %s\n", ebuf);
		r->mo = NULL;
	}
	if (r->tl)
		fclose(r->tl);
	report_free(r->rep);
	if (r->rout != r->out)
		out_free(r->rout);
	rib_free(r->rib);
	if (r->diff) {
		r->diff->out = r->diff->rout = NULL;     /* the first run's */
		run_close(r->diff);
		free(r->diff);
		r->diff = NULL;
	}
	out_free(r->out);
	if (r->ac && getenv("BGPCAP_ACACHE_STATS")) {
		struct acache_stats st;

		acache_get_stats(r->ac, &st);
		fprintf(r->err, "acache: %llu lookups, %llu hits, %llu stores, %llu evictions, "
		    "%zu entries\n", (unsigned long long)st.lookups, (unsigned long long)st.hits,
		    (unsigned long long)st.stores, (unsigned long long)st.evictions,
		    acache_used(r->ac));
	}
	acache_free(r->ac);
}

static const struct flow_cb flow_callbacks = {
	.message = cb_message, .skip = cb_skip, .event = cb_event, .flow_end = cb_flow_end,
};
/* The capture's clock, in file order (the reporter notices time going back). */
static void
cb_frame(void *arg, const struct timeval *ts)
{
	struct run *r = arg;

	if (r->rep && !r->done)
		report_frame(r->rep, ts);
	if (r->rib && !r->done)
		rib_frame(r->rib, ts);
}

static const struct capture_cb capture_callbacks = {
	.icmp = cb_icmp, .note = cb_note, .frame = cb_frame,
};

static void
mrt_cb_flow_new(void *arg, struct flow *f, const struct pkt_info *pi)
{
	cb_event(arg, f, 0, pi, FLOW_EV_NEW, NULL);
}

static const struct mrt_in_cb mrt_callbacks = {
	.message = mrt_cb_message, .flow_new = mrt_cb_flow_new, .note = cb_note,
	.flow_end = cb_flow_end,
};

static void
stop_input(struct run *r)
{
	if (r->cap)
		capture_break(r->cap);
	if (r->mrt)
		mrt_in_break(r->mrt);
}

static int
run_fail(struct run *r, const char *what)
{
	fprintf(r->err, "bgpcap: %s\n", what);
	return 2;
}

/*
 * Everything is open and root is dropped: from here the seccomp filter
 * allows only the decode loop's calls (sandbox.c). Not under the
 * sanitizers, whose exit-time leak check needs ptrace, /proc and more.
 */
static int
enter_sandbox(struct run *r)
{
	char ebuf[256];

#ifdef BGPCAP_SANITIZERS
	(void)ebuf;
	(void)r;
	return 0;
#else
	if (r->ro->no_sandbox)
		return 0;
	fflush(r->err);
	tzset();                 /* /etc/localtime is read now, not after */
	if (sandbox_enter_with(r->ro->cap.iface != NULL,
	    (rot_wanted(&r->ro->cap.rot) ? SANDBOX_CREATE : 0) |
	    (r->ro->cap.rot.cmd ? SANDBOX_WAIT : 0), ebuf, sizeof(ebuf)) != 0)
		return run_fail(r, ebuf);
	return 0;
#endif
}

/*
 * --diff FILE: a second run that only feeds its own route store, its input
 * opened now (before the privilege drop and the sandbox) with the first's
 * filter, and its flow table.
 */
static int
diff_open(struct run *r)
{
	const struct run_opts *ro = r->ro;
	struct capture_opts co = ro->cap;
	struct run *d;
	char ebuf[512];
	int m;

	if ((d = r->diff = calloc(1, sizeof(*d))) == NULL)
		return run_fail(r, "out of memory");
	d->ro = ro;
	d->fp = r->fp;
	d->err = r->err;
	d->out = r->out;
	d->rout = r->rout;
	d->start = r->start;
	if ((d->rib = rib_new(&ro->rib)) == NULL)
		return run_fail(r, "out of memory");
	co.file = ro->rib.diff;
	co.write_file = NULL;
	if ((d->in = co.in = input_open(co.file, 0, ebuf, sizeof(ebuf))) == NULL ||
	    (m = mrt_in_sniff(d->in, co.file, ebuf, sizeof(ebuf))) < 0)
		return run_fail(r, ebuf);
	if (m > 0 && co.filter)
		return run_fail(r, "a filter expression applies to packets, and the --diff "
		    "file is MRT");
	if (m > 0 && (d->mrt = mrt_in_open(d->in, co.file, ebuf, sizeof(ebuf))) == NULL)
		return run_fail(r, ebuf);
	if (m == 0 && (d->cap = capture_open(&co, ebuf, sizeof(ebuf))) == NULL)
		return run_fail(r, ebuf);
	if (d->cap) {
		struct flow_cb dcb = flow_callbacks;

		dcb.arg = d;
		if ((d->ft = flow_table_new(&ro->limits, &dcb)) == NULL)
			return run_fail(r, "out of memory");
	}
	return 0;
}

/* --timeline: the file opened before the sandbox (timeline.c). 0 or 2. */
static int
open_timeline(struct run *r)
{
	if (r->ro->timeline == NULL || r->rep == NULL)
		return 0;
	return (r->tl = timeline_open(r->ro->timeline, r->err)) ? 0 : 2;
}

/* The printers (and the attribute cache they use). 0 or 2. */
static int
open_printers(struct run *r)
{
	const struct run_opts *ro = r->ro;

	if ((r->out = out_new(r->fp, &ro->out)) == NULL)
		return run_fail(r, "out of memory");
	r->rout = r->out;
	if (ro->out.routes) {
		/* stdout holds only the route lines, for a loader */
		struct out_opts eo = ro->out;

		eo.routes = false;
		if ((r->rout = out_new(r->err, &eo)) == NULL)
			return run_fail(r, "out of memory");
	}
	if (acache_wanted(&ro->out)) {
		/* 8192 blocks; formatted pieces only when messages are printed
		 * (and BGPCAP_ACACHE=memo keeps none, for tests/acache.sh) */
		bool fmt = !ro->out.quiet && !acache_memo_only();

		r->ac = acache_new(13, fmt ? 1024 : 0);
		if (r->ac == NULL)
			return run_fail(r, "out of memory");
	}
	return 0;
}

/* Open the output, the reporter, the capture and the flow table. 0 or 2. */
static int
run_open(struct run *r)
{
	const struct run_opts *ro = r->ro;
	struct capture_opts co = ro->cap;
	struct flow_cb fcb = flow_callbacks;
	char ebuf[512];

	if (open_printers(r) != 0)
		return 2;
	if (ro->want_report && (r->rep = report_new(&ro->rep, ebuf, sizeof(ebuf))) == NULL)
		return run_fail(r, ebuf);
	if (rib_wanted(&ro->rib) && (r->rib = rib_new(&ro->rib)) == NULL)
		return run_fail(r, "out of memory");
	if (ro->rib.diff && diff_open(r) != 0)
		return 2;
	if (ro->cap.file) {
		int m;

		/* read once, by the sniffer and the reader (a FIFO, a pipe) */
		if ((r->in = co.in = input_open(ro->cap.file, 0, ebuf, sizeof(ebuf))) == NULL)
			return run_fail(r, ebuf);
		m = mrt_in_sniff(r->in, ro->cap.file, ebuf, sizeof(ebuf));

		if (m < 0)
			return run_fail(r, ebuf);
		if (m > 0 && ro->cap.filter)
			return run_fail(r, "a filter expression applies to packets, and this "
			    "file is MRT (BGP messages without packets)");
		if (m > 0 && (r->mrt = mrt_in_open(r->in, ro->cap.file, ebuf, sizeof(ebuf))) == NULL)
			return run_fail(r, ebuf);
		if (m > 0 && privs_drop(ro->user, r->err) != 0)
			return 2;
		/* created after the privileges were dropped, as -w */
		if (m > 0 && ro->write_mrt &&
		    (r->mo = mrt_out_open(ro->write_mrt, ebuf, sizeof(ebuf))) == NULL)
			return run_fail(r, ebuf);
		if (m > 0 && open_timeline(r) != 0)
			return 2;
		if (m > 0)
			return enter_sandbox(r);
	}
	if ((r->cap = capture_open(&co, ebuf, sizeof(ebuf))) == NULL)
		return run_fail(r, ebuf);
	if (ro->cap.iface) {
		/* as tcpdump says it, so scripts can wait for it */
		fprintf(r->err, "bgpcap: listening on %s, link-type %s, snapshot length %d bytes\n",
		    ro->cap.iface, capture_linktype_name(r->cap),
		    ro->cap.snaplen > 0 ? ro->cap.snaplen : CAPTURE_DEFAULT_SNAPLEN);
		fflush(r->err);
	}
	/* the inputs are open: -r as -i, nothing more needs root; -w and
	 * --write-mrt are created after, as the -Z user */
	if (privs_drop(ro->user, r->err) != 0)
		return 2;
	if (ro->cap.write_file && (rot_wanted(&ro->cap.rot) ?
	    capture_open_rotation(r->cap, ro->cap.write_file, &ro->cap.rot, ebuf, sizeof(ebuf)) :
	    capture_open_dump(r->cap, ro->cap.write_file, ebuf, sizeof(ebuf))) != 0)
		return run_fail(r, ebuf);
	if (ro->write_mrt && (r->mo = mrt_out_open(ro->write_mrt, ebuf, sizeof(ebuf))) == NULL)
		return run_fail(r, ebuf);
	if (open_timeline(r) != 0)
		return 2;
	fcb.arg = r;
	if ((r->ft = flow_table_new(&ro->limits, &fcb)) == NULL)
		return run_fail(r, "out of memory");
	return enter_sandbox(r);
}

/* An MRT file to the end (or -c, a signal). 0 or 2. */
static int
run_mrt(struct run *r)
{
	struct mrt_in_cb cb = mrt_callbacks;
	char ebuf[512];
	int rc;

	cb.arg = r;
	running_mrt = r->mrt;
	rc = mrt_in_run(r->mrt, &cb, ebuf, sizeof(ebuf));
	running_mrt = NULL;
	progress(r, true);
	if (ebuf[0])
		fprintf(r->err, "bgpcap: %s\n", ebuf);
	return rc < 0 ? 2 : 0;
}

/* Read the input to the end (or -c, --duration, a signal). 0 or 2. */
static int
run_capture(struct run *r)
{
	struct capture_cb ccb = capture_callbacks;
	char ebuf[512];
	int rc;

	if (r->mrt)
		return run_mrt(r);
	ccb.arg = r;
	running_cap = r->cap;
	if (r->ro->duration > 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, NULL);
		alarm((unsigned)(r->ro->duration + 0.999));
	}
	rc = capture_run(r->cap, r->ft, &ccb, ebuf, sizeof(ebuf));
	alarm(0);
	if (capture_rotation_done(r->cap))
		fprintf(r->err, "bgpcap: -W %u: the last of %u files is complete, capture "
		    "stopped (as tcpdump -G -W)\n", r->ro->cap.rot.count, r->ro->cap.rot.count);
	running_cap = NULL;
	flow_table_finish(r->ft);
	progress(r, true);
	if (rc < 0 && strstr(ebuf, "truncated dump file") != NULL) {
		/*
		 * A file whose last record was cut (tcpdump killed while
		 * writing): everything before it was read and decoded, so this
		 * is a warning, not an input error. libpcap has no distinct
		 * code for it, only this message.
		 */
		fprintf(r->err, "bgpcap: warning: %s\n", ebuf);
	} else if (rc < 0) {
		fprintf(r->err, "bgpcap: %s\n", ebuf);
		/* the report must not say ok on what was not read */
		if (r->rep)
			report_input_error(r->rep, ebuf);
		return 2;
	}
	return 0;
}

int
bgpcap_run(const struct run_opts *ro, FILE *fp, FILE *err)
{
	struct run r;
	int status;

	memset(&r, 0, sizeof(r));
	stopping = 0;
	r.ro = ro;
	r.fp = fp;
	r.err = err;
	clock_gettime(CLOCK_MONOTONIC, &r.start);
	r.last_progress = r.start;
	status = run_open(&r);
	if (status == 0) {
		status = run_capture(&r);
		if (r.diff && status == 0 && (status = run_capture(r.diff)) == 0)
			status = rib_diff(r.rib, r.diff->rib, out_buf(r.rout), ro->cap.file,
			    ro->rib.diff);
		else if (r.rib && !r.diff)
			rib_print(r.rib, out_buf(r.rout));
		if (!r.diff)
			summary(&r);
		if (r.rep) {
			struct capture_stats st;
			int rs;

			input_stats(&r, &st);
			report_untracked(r.rep, flow_table_untracked(r.ft));
			report_lost(r.rep, st.truncated, st.kernel_drop + st.if_drop);
			rs = report_finish(r.rep, out_buf(r.rout));

			if (status == 0)
				status = rs;
			if (timeline_finish(&r.tl, r.ro->timeline, r.rep, r.err) != 0)
				status = 2;
		}
		out_flush(r.out);
		if (r.rout != r.out)
			out_flush(r.rout);
		if (r.mo) {
			char ebuf[512];

			if (mrt_out_close(r.mo, ebuf, sizeof(ebuf)) < 0) {
				fprintf(err, "bgpcap: %s\n", ebuf);
				status = 2;
			}
			r.mo = NULL;
		}
	}
	run_close(&r);
	return status;
}
