/*
 * rib_out.c - the route store printed: --rib (text like FRR's
 * `show bgp ... received-routes`, or one JSON object per route) and
 * --history (the events of a prefix, per session, in time order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgpcap.h"
#include "jw.h"
#include "rib_int.h"

/* Two digits of v (0..99) at p. */
static inline void
two(char *p, unsigned v)
{
	memcpy(p, sbuf_digits2 + 2 * v, 2);
}

/* UTC: "14:37:05.123456" or RFC 3339 "2026-11-27T14:37:05.123456Z". The
 * date is formatted once per day, the time of day once per second, kept
 * in 16 slots (a full table prints a million of these in prefix order: the
 * seconds jump among the few the table took to arrive). */
size_t
rib_fmt_time(struct rib_tcache *c, char *buf, size_t len, const struct timeval *tv,
    bool rfc3339)
{
	time_t day = tv->tv_sec / 86400, rem = tv->tv_sec % 86400;
	long us = (long)tv->tv_usec;
	size_t hl;
	char *hms;

	if (rem < 0) {
		rem += 86400;
		day--;
	}
	if (!c->valid || day != c->day) {
		struct tm tm;
		time_t t = day * 86400;

		c->valid = false;
		if (gmtime_r(&t, &tm) == NULL) {
			snprintf(buf, len, "?");
			return 1;
		}
		snprintf(c->date, sizeof(c->date), "%04d-%02d-%02dT", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		c->dl = strlen(c->date);
		c->day = day;
		for (int i = 0; i < 16; i++)
			c->sec[i] = -1;
		c->valid = true;
	}
	hms = c->hms[rem % 16];
	if (rem != c->sec[rem % 16]) {
		two(hms, (unsigned)(rem / 3600));
		hms[2] = ':';
		two(hms + 3, (unsigned)(rem / 60 % 60));
		hms[5] = ':';
		two(hms + 6, (unsigned)(rem % 60));
		c->sec[rem % 16] = rem;
	}
	hl = rfc3339 ? c->dl : 0;
	if (len < hl + 17) {
		snprintf(buf, len, "?");
		return 1;
	}
	if (hl)
		memcpy(buf, c->date, hl);
	memcpy(buf + hl, hms, 8);
	hl += 8;
	buf[hl] = '.';
	if (us >= 0 && us < 1000000) {
		two(buf + hl + 1, (unsigned)(us / 10000));
		two(buf + hl + 3, (unsigned)(us / 100 % 100));
		two(buf + hl + 5, (unsigned)(us % 100));
	} else {             /* not from a clock: its last six digits */
		for (int i = 6; i >= 1; i--, us /= 10)
			buf[hl + (size_t)i] = (char)('0' + (us % 10 + 10) % 10);
	}
	buf[hl + 7] = rfc3339 ? 'Z' : '\0';
	buf[hl + 8] = '\0';
	return hl + 7 + rfc3339;
}

/* What every line of one session direction says about it. */
struct who {
	char from[64], to[64];
	const struct rib_sess *rs;
	int dir;
};

static void
who_init(struct who *w, const struct rib_sess *rs, int d)
{
	addr_fmt(&rs->addr[d], w->from, sizeof(w->from));
	addr_fmt(&rs->addr[!d], w->to, sizeof(w->to));
	w->rs = rs;
	w->dir = d;
}

/* A space-separated list as a JSON array of strings. */
static void
json_list(struct jw *j, const char *key, const char *list)
{
	char item[256];

	jw_key(j, key);
	jw_arr_begin(j);
	while (*list) {
		size_t n = strcspn(list, " ");

		if (n < sizeof(item)) {
			memcpy(item, list, n);
			item[n] = '\0';
			jw_str(j, item);
		}
		list += n;
		list += *list == ' ';
	}
	jw_arr_end(j);
}

static void
json_opt_u32(struct jw *j, const char *key, bool has, uint32_t v)
{
	if (has)
		jw_ku64(j, key, v);
	else
		jw_knull(j, key);
}

/* The attributes of a route, as the members of an object. */
static void
json_attrs(struct jw *j, const struct rib_attr *a)
{
	if (*a->nh)
		jw_kstr(j, "next_hop", a->nh);
	else
		jw_knull(j, "next_hop");
	if (*a->nh2)
		jw_kstr(j, "next_hop_link_local", a->nh2);
	jw_kstr(j, "as_path", a->path);
	if (a->origin == 0xFF)
		jw_knull(j, "origin");
	else
		jw_kstr(j, "origin", rib_origin_name(a->origin));
	json_opt_u32(j, "med", a->has_med, a->med);
	json_opt_u32(j, "local_pref", a->has_lp, a->lp);
	json_list(j, "communities", a->comm);
	json_list(j, "large_communities", a->lcomm);
}

static void
json_route(struct rib *r, struct obuf *ob, const struct who *w, const struct rib_fam *f,
    const struct rib_route *rt)
{
	char b[128], fam[64];
	struct timeval tv = { .tv_sec = rt->sec, .tv_usec = rt->usec };
	struct jw j;

	jw_init(&j, ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", (rt->flags & RT_TAW) ? "rib_treat_as_withdraw" : "rib");
	jw_kstr(&j, "from", w->from);
	jw_kstr(&j, "to", w->to);
	jw_kstr(&j, "family", rib_fam_name(f->afi, f->safi, fam, sizeof(fam)));
	rib_fmt_prefix(b, sizeof(b), f->afi, rt->addr, rt->plen);
	jw_kstr(&j, "prefix", b);
	json_opt_u32(&j, "path_id", rt->flags & RT_PATHID, rt->pathid);
	json_attrs(&j, rib_attr_get(&r->at, rt->attr));
	rib_fmt_time(&r->tc, b, sizeof(b), &tv, true);
	jw_kstr(&j, "since", b);
	if (rt->flags & RT_STALE)
		jw_kbool(&j, "stale", true);
	jw_obj_end(&j);
	jw_eol(&j);
}

static char
origin_code(uint8_t o)
{
	return o == 0 ? 'i' : o == 1 ? 'e' : '?';
}

static const char spaces[] = "                                ";

/* s, then spaces up to width w (at least one; w at most 32). */
static void
col(struct sbuf *l, const char *s, size_t w)
{
	size_t n = strlen(s);

	sbuf_mem(l, s, n);
	sbuf_mem(l, spaces, n + 1 < w ? w - n : 1);
}

/* A number right-aligned in width w, or blanks; then a space. */
static void
num_col(struct sbuf *l, bool has, uint32_t v, size_t w)
{
	char t[12];
	size_t n = 0;

	if (has) {
		do
			t[sizeof(t) - 1 - n++] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
	}
	if (n < w)
		sbuf_mem(l, spaces, w - n);
	sbuf_mem(l, t + sizeof(t) - n, n);
	sbuf_putc(l, ' ');
}

/* The pieces of a text line an attribute block decides: [0, 3) before the
 * time (next hop, MED, local preference; AS path; origin), [3, 7) after
 * it (communities, large communities). head and tail hold the short ones. */
#define PT_MID 3
#define PT_N   7

struct pieces {
	const char *p[PT_N];
	size_t n[PT_N];
	char head[96], orig[8];
};

static void
attr_pieces(struct pieces *pc, const struct rib_attr *a)
{
	struct sbuf l;

	sbuf_init(&l, pc->head, sizeof(pc->head));
	col(&l, *a->nh ? a->nh : "-", 19);
	num_col(&l, a->has_med, a->med, 10);
	num_col(&l, a->has_lp, a->lp, 6);
	pc->p[0] = l.p;
	pc->n[0] = l.len;
	pc->p[1] = a->path;          /* unbounded: not through head[] */
	pc->n[1] = strlen(a->path);
	snprintf(pc->orig, sizeof(pc->orig), "%s%c  ", *a->path ? " " : "",
	    origin_code(a->origin));
	pc->p[2] = pc->orig;
	pc->n[2] = strlen(pc->orig);
	pc->p[3] = "  communities ";
	pc->p[4] = a->comm;
	pc->p[5] = "  large ";
	pc->p[6] = a->lcomm;
	for (int i = 3; i < PT_N; i += 2) {
		pc->n[i + 1] = strlen(pc->p[i + 1]);
		pc->n[i] = pc->n[i + 1] ? strlen(pc->p[i]) : 0;
	}
}

/* The pieces of block id joined, made once per block (a full table prints
 * 1.2 million routes with 8,000 blocks); NULL when out of memory. */
static const struct rib_ptext *
attr_text(struct rib_attrs *at, uint32_t id)
{
	struct rib_ptext *t;
	struct pieces pc;
	size_t len = 0;

	if (id >= at->npt) {
		struct rib_ptext *np = reallocarray(at->pt, at->n, sizeof(*np));

		if (np == NULL)
			return NULL;
		memset(np + at->npt, 0, (at->n - at->npt) * sizeof(*np));
		at->pt = np;
		at->npt = at->n;
	}
	t = &at->pt[id];
	if (t->s != NULL)
		return t;
	attr_pieces(&pc, rib_attr_get(at, id));
	for (int i = 0; i < PT_N; i++)
		len += pc.n[i];
	if (len > UINT32_MAX || (t->s = malloc(len)) == NULL)
		return NULL;
	len = 0;
	for (int i = 0; i < PT_N; i++) {
		memcpy(t->s + len, pc.p[i], pc.n[i]);
		len += pc.n[i];
		if (i + 1 == PT_MID)
			t->mid = (uint32_t)len;
	}
	t->len = (uint32_t)len;
	return t;
}

/* A line from the pieces (out of memory for the joined text). */
static void
text_route_pieces(struct rib *r, struct obuf *ob, const struct rib_route *rt,
    const char *head, size_t hl)
{
	struct timeval tv = { .tv_sec = rt->sec, .tv_usec = rt->usec };
	char since[40];
	struct pieces pc;

	ob_mem(ob, head, hl);
	attr_pieces(&pc, rib_attr_get(&r->at, rt->attr));
	for (int i = 0; i < PT_MID; i++)
		ob_mem(ob, pc.p[i], pc.n[i]);
	ob_mem(ob, since, rib_fmt_time(&r->tc, since, sizeof(since), &tv, false));
	for (int i = PT_MID; i < PT_N; i++)
		ob_mem(ob, pc.p[i], pc.n[i]);
	if (rt->flags & RT_STALE)
		ob_put(ob, "  stale");
	ob_eol(ob);
}

#define LINE_MAX_HEAD 160        /* a line but for its block's text */

/* One route, written straight into the output buffer. */
static void
text_route(struct rib *r, struct obuf *ob, const struct rib_fam *f, const struct rib_route *rt)
{
	const struct rib_ptext *t = attr_text(&r->at, rt->attr);
	struct timeval tv = { .tv_sec = rt->sec, .tv_usec = rt->usec };
	bool direct = t != NULL && ob->cap > (size_t)t->len + LINE_MAX_HEAD;
	char line[128];
	struct sbuf l;
	size_t n;

	if (direct)
		ob_sbuf(ob, &l, t->len + LINE_MAX_HEAD);
	else
		sbuf_init(&l, line, sizeof(line));
	sbuf_mem(&l, "  ", 2);
	rib_put_prefix(&l, f->afi, rt->addr, rt->plen);
	if (rt->flags & RT_PATHID) {
		sbuf_mem(&l, " id ", 4);
		sbuf_u32(&l, rt->pathid);
	}
	n = l.len - 2;
	sbuf_mem(&l, spaces, n + 1 < 25 ? 25 - n : 1);
	if (!direct) {
		text_route_pieces(r, ob, rt, l.p, l.len);
		return;
	}
	sbuf_mem(&l, t->s, t->mid);
	l.len += rib_fmt_time(&r->tc, l.p + l.len, l.cap - l.len, &tv, false);
	sbuf_mem(&l, t->s + t->mid, t->len - t->mid);
	if (rt->flags & RT_STALE)
		sbuf_mem(&l, "  stale", 7);
	sbuf_putc(&l, '\n');
	ob_sbuf_done(ob, &l);
	if (ob->line)
		ob_flush(ob);
}

static void
text_fam_head(struct rib *r, struct obuf *ob, const struct who *w, const struct rib_fam *f)
{
	char fam[64], eor[40];

	ob_printf(ob, "rib %s > %s (%s:%u > ", w->from, w->to, w->from,
	    w->rs->port[w->dir]);
	ob_printf(ob, "%s:%u, flow %llu) %s: %u route%s", w->to, w->rs->port[!w->dir],
	    (unsigned long long)w->rs->flow_id, rib_fam_name(f->afi, f->safi, fam, sizeof(fam)),
	    f->held, f->held == 1 ? "" : "s");
	if (f->stale)
		ob_printf(ob, ", %u stale (graceful restart)", f->stale);
	if (f->taw)
		ob_printf(ob, ", %u treat-as-withdraw (not held)", f->taw);
	if (f->eor) {
		rib_fmt_time(&r->tc, eor, sizeof(eor), &f->eor_ts, false);
		ob_printf(ob, ", End-of-RIB %s", eor);
	}
	if (f->dropped)
		ob_printf(ob, ", %llu routes not kept (limit)", (unsigned long long)f->dropped);
	ob_eol(ob);
	if (f->held)
		ob_printf(ob, "  %-24s %-18s %10s %6s %s\n", "Network", "Next Hop", "Metric",
		    "LocPrf", "Path  Since");
}

static void
json_total(struct rib *r, struct obuf *ob, const struct who *w, const struct rib_fam *f)
{
	char fam[64], b[40];
	struct jw j;

	jw_init(&j, ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "rib_total");
	jw_kstr(&j, "from", w->from);
	jw_kstr(&j, "to", w->to);
	jw_ku64(&j, "sport", w->rs->port[w->dir]);
	jw_ku64(&j, "dport", w->rs->port[!w->dir]);
	jw_ku64(&j, "flow", w->rs->flow_id);
	jw_kstr(&j, "family", rib_fam_name(f->afi, f->safi, fam, sizeof(fam)));
	jw_ku64(&j, "routes", f->held);
	if (f->stale)
		jw_ku64(&j, "stale", f->stale);
	jw_ku64(&j, "treat_as_withdraw", f->taw);
	if (f->eor) {
		rib_fmt_time(&r->tc, b, sizeof(b), &f->eor_ts, true);
		jw_kstr(&j, "end_of_rib", b);
	} else {
		jw_knull(&j, "end_of_rib");
	}
	jw_ku64(&j, "not_kept", f->dropped);
	jw_obj_end(&j);
	jw_eol(&j);
}

static int
fam_cmp(const void *x, const void *y)
{
	const struct rib_fam *a = *(const struct rib_fam *const *)x;
	const struct rib_fam *b = *(const struct rib_fam *const *)y;

	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return a->safi < b->safi ? -1 : a->safi > b->safi;
}

/* One family of one direction: the held routes, then those listed apart. */
static void
print_fam(struct rib *r, struct obuf *ob, const struct who *w, struct rib_fam *f)
{
	bool json = r->o.json;

	rib_fam_freeze(f);
	if (json)
		json_total(r, ob, w, f);
	else
		text_fam_head(r, ob, w, f);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && f->taw && !json)
			ob_put(ob, "  treat-as-withdraw (RFC 7606), not held:\n");
		if (pass == 1 && f->taw == 0)
			break;
		for (uint32_t i = 0; i < f->n; i++) {
			const struct rib_route *rt = &f->rt[i];

			if (!!(rt->flags & RT_TAW) != pass)
				continue;
			if (json)
				json_route(r, ob, w, f, rt);
			else
				text_route(r, ob, f, rt);
		}
	}
}

/* What the receiver still has from a session that went down: nothing,
 * routes kept stale (graceful restart), or those went on with the next
 * connection. */
static void
down_fate(const struct who *w, bool json, char *buf, size_t len)
{
	char t[40];
	struct rib_tcache tc = { 0 };

	if (w->rs->gr_kept[w->dir]) {
		rib_fmt_time(&tc, t, sizeof(t), &w->rs->gr_deadline[w->dir], json);
		snprintf(buf, len, "routes kept stale (graceful restart) until %s", t);
	} else if (w->rs->gr_moved[w->dir])
		snprintf(buf, len, "routes kept stale (graceful restart), on with flow %llu",
		    (unsigned long long)w->rs->gr_moved[w->dir] - 1);
	else
		snprintf(buf, len, "nothing held");
}

static void
print_down(struct rib *r, struct obuf *ob, const struct who *w, bool json)
{
	char t[40], fate[120];
	struct jw j;

	rib_fmt_time(&r->tc, t, sizeof(t), &w->rs->down_ts, json);
	down_fate(w, json, fate, sizeof(fate));
	if (!json) {
		ob_printf(ob, "rib %s > %s (%s:%u > %s:%u, flow %llu): session down at %s (%s), "
		    "%s\n", w->from, w->to, w->from, w->rs->port[w->dir], w->to,
		    w->rs->port[!w->dir], (unsigned long long)w->rs->flow_id, t, w->rs->down_why,
		    fate);
		return;
	}
	jw_init(&j, ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "rib_session");
	jw_kstr(&j, "from", w->from);
	jw_kstr(&j, "to", w->to);
	jw_ku64(&j, "sport", w->rs->port[w->dir]);
	jw_ku64(&j, "dport", w->rs->port[!w->dir]);
	jw_ku64(&j, "flow", w->rs->flow_id);
	jw_kstr(&j, "down", t);
	jw_kstr(&j, "reason", w->rs->down_why);
	if (strcmp(fate, "nothing held") != 0)
		jw_kstr(&j, "graceful_restart", fate);
	jw_obj_end(&j);
	jw_eol(&j);
}

static void
print_rib(struct rib *r, struct obuf *ob)
{
	for (const struct rib_sess *rs = r->sess; rs; rs = rs->next)
		for (int d = 0; d < 2; d++) {
			struct rib_fam *fams[RIB_MAX_FAMS];
			int nf = rs->dir[d].nfam;
			struct who w;

			/* a session that never carried a route is not listed */
			if (rs->dir[0].nfam == 0 && rs->dir[1].nfam == 0 && !rs->gr_moved[0] &&
			    !rs->gr_moved[1])
				break;
			if (nf == 0 && !rs->down)
				continue;
			who_init(&w, rs, d);
			if (rs->down)
				print_down(r, ob, &w, r->o.json);
			if (rs->down && !rs->gr_kept[d])
				continue;
			memcpy(fams, rs->dir[d].fam, (size_t)nf * sizeof(fams[0]));
			qsort(fams, (size_t)nf, sizeof(fams[0]), fam_cmp);
			for (int i = 0; i < nf; i++)
				print_fam(r, ob, &w, fams[i]);
		}
	if (r->not_stored && !r->o.json)
		ob_printf(ob, "rib: %llu NLRI of families with route distinguishers or not "
		    "decoded into prefixes were not kept\n", (unsigned long long)r->not_stored);
}

/* ---------------------------------------------------------------- history */

static const char *const kind_names[] = {
	[EV_ANNOUNCE] = "announced", [EV_REPLACE] = "replaced",
	[EV_WITHDRAW] = "withdrawn", [EV_REANNOUNCE] = "re-announced",
	[EV_STALE] = "stale",
};
static const char *const why_names[] = {
	[WHY_NONE] = "", [WHY_EXPLICIT] = "explicit", [WHY_TAW] = "treat-as-withdraw",
	[WHY_DOWN] = "session down", [WHY_DISABLE] = "AFI/SAFI disabled",
	[WHY_EOR_STALE] = "End-of-RIB stale", [WHY_GR_TIME] = "restart time expired",
	[WHY_GR_NOFWD] = "graceful restart: forwarding state not kept",
	[WHY_GR_NOCAP] = "graceful restart: not in the new OPEN",
};

static int
ev_cmp(const void *x, const void *y)
{
	const struct rib_event *a = x, *b = y;

	if (a->hist != b->hist)
		return a->hist < b->hist ? -1 : 1;
	if (a->rs->seq != b->rs->seq)
		return a->rs->seq < b->rs->seq ? -1 : 1;
	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
text_attrs(struct obuf *ob, const struct rib_attr *a)
{
	ob_printf(ob, " nh %s path %s origin %s", *a->nh ? a->nh : "-", a->path,
	    rib_origin_name(a->origin));
	if (a->has_med)
		ob_printf(ob, " med %u", a->med);
	if (a->has_lp)
		ob_printf(ob, " local-pref %u", a->lp);
	if (*a->comm)
		ob_printf(ob, " communities %s", a->comm);
	if (*a->lcomm)
		ob_printf(ob, " large %s", a->lcomm);
}

static void
text_event(struct rib *r, struct obuf *ob, const struct rib_event *e)
{
	const struct rib_attr *o = e->old_attr ? rib_attr_get(&r->at, e->old_attr - 1) : NULL;
	const struct rib_attr *n = e->new_attr ? rib_attr_get(&r->at, e->new_attr - 1) : NULL;
	char t[40], ch[1024];

	rib_fmt_time(&r->tc, t, sizeof(t), &e->ts, false);
	ob_printf(ob, "  %s %s", t, kind_names[e->kind]);
	if (e->flags & RT_PATHID)
		ob_printf(ob, " (path id %u)", e->pathid);
	if (e->kind == EV_STALE)
		ob_printf(ob, ": kept by the receiver (graceful restart; session down: %s)",
		    e->rs->down_why);
	else if (e->kind == EV_WITHDRAW) {
		ob_printf(ob, ": %s", why_names[e->why]);
		if (e->why == WHY_DOWN)
			ob_printf(ob, " (%s)", e->rs->down_why);
	} else if (e->kind == EV_REPLACE && o && n) {
		rib_attr_changes(o, n, ch, sizeof(ch));
		ob_printf(ob, ": %s", *ch ? ch : "sent again, no attribute changed");
	} else if (n) {
		ob_putc(ob, ':');
		text_attrs(ob, n);
	}
	ob_eol(ob);
}

static void
json_event(struct rib *r, struct obuf *ob, const struct rib_event *e)
{
	const struct rib_attr *o = e->old_attr ? rib_attr_get(&r->at, e->old_attr - 1) : NULL;
	const struct rib_attr *n = e->new_attr ? rib_attr_get(&r->at, e->new_attr - 1) : NULL;
	char b[128], fam[64];
	struct who w;
	struct jw j;

	who_init(&w, e->rs, e->dir);
	jw_init(&j, ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "history");
	rib_fmt_time(&r->tc, b, sizeof(b), &e->ts, true);
	jw_kstr(&j, "time", b);
	jw_kstr(&j, "from", w.from);
	jw_kstr(&j, "to", w.to);
	jw_ku64(&j, "flow", e->rs->flow_id);
	jw_kstr(&j, "family", rib_fam_name(e->afi, e->safi, fam, sizeof(fam)));
	rib_fmt_prefix(b, sizeof(b), e->afi, r->o.history[e->hist].addr,
	    r->o.history[e->hist].plen);
	jw_kstr(&j, "prefix", b);
	json_opt_u32(&j, "path_id", e->flags & RT_PATHID, e->pathid);
	jw_kstr(&j, "event", kind_names[e->kind]);
	if (e->kind == EV_WITHDRAW || e->kind == EV_STALE)
		jw_kstr(&j, "reason", e->why == WHY_DOWN ? e->rs->down_why : why_names[e->why]);
	if (o) {
		jw_key(&j, "old");
		jw_obj_begin(&j);
		json_attrs(&j, o);
		jw_obj_end(&j);
	}
	if (n) {
		jw_key(&j, "attrs");
		jw_obj_begin(&j);
		json_attrs(&j, n);
		jw_obj_end(&j);
	}
	jw_obj_end(&j);
	jw_eol(&j);
}

static void
print_history(struct rib *r, struct obuf *ob)
{
	const struct rib_event *prev = NULL;

	if (r->nev)
		qsort(r->ev, r->nev, sizeof(*r->ev), ev_cmp);
	for (int h = 0; h < r->o.n_history && !r->o.json; h++) {
		char p[64];
		uint32_t n = 0;

		for (uint32_t i = 0; i < r->nev; i++)
			n += r->ev[i].hist == h;
		rib_fmt_prefix(p, sizeof(p), r->o.history[h].af == 4 ? AFI_IPV4 : AFI_IPV6,
		    r->o.history[h].addr, r->o.history[h].plen);
		ob_printf(ob, "history %s: %u events\n", p, n);
		for (uint32_t i = 0; i < r->nev; i++) {
			const struct rib_event *e = &r->ev[i];
			struct who w;

			if (e->hist != h)
				continue;
			if (prev == NULL || prev->rs != e->rs || prev->dir != e->dir) {
				who_init(&w, e->rs, e->dir);
				ob_printf(ob, " %s > %s (%s:%u > %s:%u, flow %llu):\n", w.from, w.to,
				    w.from, e->rs->port[e->dir], w.to, e->rs->port[!e->dir],
				    (unsigned long long)e->rs->flow_id);
			}
			text_event(r, ob, e);
			prev = e;
		}
		prev = NULL;
	}
	for (uint32_t i = 0; i < r->nev && r->o.json; i++)
		json_event(r, ob, &r->ev[i]);
	if (r->ev_lost)
		ob_printf(ob, "%shistory: %llu events not kept (limit %u)%s\n", r->o.json ?
		    "{\"type\":\"note\",\"what\":\"" : "", (unsigned long long)r->ev_lost,
		    RIB_MAX_EVENTS, r->o.json ? "\"}" : "");
}

void
rib_print(struct rib *r, struct obuf *ob)
{
	rib_finish(r);
	if (r->o.rib)
		print_rib(r, ob);
	if (r->o.n_history > 0)
		print_history(r, ob);
}
