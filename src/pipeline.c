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

#include "pipeline_int.h"

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
    const uint8_t *msg, size_t len, const struct mrt_info *mi, const struct bmp_info *bi)
{
	struct msg_view v;
	unsigned t;

	if (stopping && (running_cap != NULL || running_mrt != NULL))
		return;
	v.mrt = mi;
	v.bmp = bi;
	v.raw = msg;
	v.rawlen = len;
	v.f = f;
	v.dir = dir;
	v.pi = pi;
	v.index = ++r->messages;
	decode(&v, s, msg, len, r->ac);
	if (r->rib && bi == NULL)
		rib_peek(r->rib, &v);
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
	if (r->mo && bi == NULL)     /* captured BGP only, not BMP views */
		mrt_write(r, s, &v, msg, len);
	out_message(r->out, &v);
	if (r->rep && !(mi && mi->rib) && !(bi && !bi->on_wire))
		report_message(r->rep, &v);
	if (r->rib && bi == NULL)    /* the routes of captured sessions */
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
	struct sess *s;

	if (f->bmp) {
		if (!r->done && !(stopping && running_cap != NULL))
			bmp_in_message(r->bmp, f, dir, pi, msg, len);
		return;
	}
	if ((s = sess_get(f)) == NULL || r->done)
		return;
	if (r->ro->have_forced)
		s->forced = &r->ro->forced;
	deliver(r, s, f, dir, pi, msg, len, NULL, NULL);
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
	deliver(r, s, f, dir, pi, msg, len, mi, NULL);
}

/*
 * A monitored peer's message from BMP: decoded with what its session
 * negotiated (Peer Up's OPENs: ADD-PATH, extended messages) and the
 * 2- or 4-octet AS_PATH the per-peer header's A flag says.
 */
static void
bmp_cb_message(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len, struct bgp_ctx *ctx, const struct bmp_info *bi)
{
	struct run *r = arg;
	struct sess *s = sess_get(f);

	if (s == NULL || r->done)
		return;
	s->forced = NULL;
	if (s->ctx_known[dir])
		*ctx = s->ctx[dir];
	else
		memset(ctx, 0, sizeof(*ctx));
	ctx->as4 = bi->as4;
	ctx->ext_msg = true;             /* the BMP message bounds it */
	s->forced = ctx;
	deliver(r, s, f, dir, pi, msg, len, NULL, bi);
}

static void
bmp_cb_record(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e)
{
	struct run *r = arg;

	r->bmp_by_type[m->h.type <= BMP_TYPE_MAX ? m->h.type : BMP_TYPE_MAX + 1]++;
	if (rc < 0)
		r->errors++;
	out_bmp(r->out, f, dir, pi, m, rc, e);
}

/* Peer Down without a NOTIFICATION: the reporter sees the side close. */
static void
bmp_cb_peer_down(void *arg, struct flow *f, int side, const struct pkt_info *pi,
    unsigned reason)
{
	struct run *r = arg;

	if (r->rep && reason != 1 && reason != 3 && !r->done)
		report_event(r->rep, f, side, pi, FLOW_EV_FIN);
}

static uint64_t
bmp_cb_new_id(void *arg)
{
	struct run *r = arg;

	return flow_table_new_id(r->ft);
}

static void
cb_skip(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t nbytes, const char *reason)
{
	struct run *r = arg;

	if (r->done)
		return;
	out_skip(r->out, f, dir, pi, nbytes, reason);
	if (f->bmp)
		bmp_in_skip(r->bmp, f, nbytes, reason);
	else if (r->rep)
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

/* A connection on a BMP port (--bmp-port) carries BMP, not BGP. */
static bool
is_bmp_flow(const struct run_opts *ro, const struct flow *f)
{
	for (int i = 0; i < ro->n_bmp_ports; i++)
		if (f->port[0] == ro->bmp_ports[i] || f->port[1] == ro->bmp_ports[i])
			return true;
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
		f->bmp = r->ft != NULL && r->mrt == NULL && is_bmp_flow(r->ro, f);
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
	if (r->rep && !f->bmp)
		report_event(r->rep, f, dir, pi, ev);
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
	if (f->bmp)
		bmp_in_flow_end(r->bmp, f);
	if (r->ro->stats)
		print_flow_stats(r, f);
	if (r->rep && !f->bmp)
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
 * is off there, and for --routes (its columns are few: on the full table
 * two bench runs ten minutes apart disagreed on which is faster; bench/run
 * keeps rows with BGPCAP_ACACHE=1). BGPCAP_ACACHE=0 turns it off, =1 on in every mode, =memo
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
	bmp_in_free(r->bmp);
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

/* The reporter learns of a monitored session from its messages: one that
 * only post-policy or Loc-RIB views show is no session of the report's. */
static void
bmp_cb_flow_new(void *arg, struct flow *f, const struct pkt_info *pi)
{
	struct run *r = arg;

	(void)pi;
	r->flows++;
	f->keep = named_pair(&r->ro->rep, f);
}

static void
bmp_cb_peer_up(void *arg, struct flow *f, const struct pkt_info *pi)
{
	struct run *r = arg;

	if (r->rep && !r->done)
		report_session_up(r->rep, f, pi);
}

static const struct bmp_in_cb bmp_callbacks = {
	.message = bmp_cb_message, .record = bmp_cb_record, .flow_new = bmp_cb_flow_new, .peer_up = bmp_cb_peer_up,
	.peer_down = bmp_cb_peer_down, .flow_end = cb_flow_end, .new_id = bmp_cb_new_id,
};

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

/* The BMP connections' reader, its callbacks bound to the run. */
static struct bmp_in *
bmp_open(struct run *r)
{
	struct bmp_in_cb bcb = bmp_callbacks;

	bcb.arg = r;
	return bmp_in_new(&bcb);
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
	if (status == 0 && ro->n_bmp_ports > 0 && (r.bmp = bmp_open(&r)) == NULL)
		status = run_fail(&r, "out of memory");
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
