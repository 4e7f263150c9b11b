/*
 * report_tl.c - the timeline's event log: what happened to each session,
 * when (report.h, "timeline"). Kept only with report_opts.timeline; the
 * observer and the policy call tl_add / tl_state where things happen.
 * Bounded per session and in all; what does not fit is counted.
 *
 * May call: report_diag.c (diag_state_name), libc.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* The facts of a connection a state rests on, packed (and unpacked in tl_build). */
enum {
	B_EST = 1u << 0, B_DOWN = 1u << 1, B_MID = 1u << 2, B_OPEN0 = 1u << 3,
	B_OPEN1 = 1u << 4, B_TCP = 1u << 5, B_SYN0 = 1u << 6, B_SYN1 = 1u << 7,
	B_CAUSE_SHIFT = 8,        /* 4 bits: the down cause's code */
	B_SIDE = 1u << 12,        /* the down cause's side */
};

static uint32_t
conn_bits(const struct pair *p)
{
	const struct conn *c = &p->c;

	return (c->est ? B_EST : 0) | (c->down ? B_DOWN : 0) | (c->midstream ? B_MID : 0) |
	    (c->open[0] ? B_OPEN0 : 0) | (c->open[1] ? B_OPEN1 : 0) |
	    (c->tcp_up ? B_TCP : 0) | (c->syn[0] ? B_SYN0 : 0) | (c->syn[1] ? B_SYN1 : 0) |
	    (c->down ? ((uint32_t)p->down_cause.code & 15) << B_CAUSE_SHIFT |
	    (p->down_cause.side ? B_SIDE : 0) : 0);
}

struct report_tl_ev *
tl_add(struct report *r, struct pair *p, enum report_tl_kind kind, const struct timeval *ts,
    int side)
{
	struct report_tl_ev *e;

	if (!r->o.timeline || p == NULL)
		return NULL;
	if (p->n_tl >= REPORT_TL_MAX || r->tl_total >= REPORT_TL_TOTAL)
		goto full;
	if (p->n_tl == p->cap_tl) {
		uint32_t n = p->cap_tl ? 2 * p->cap_tl : 16;
		struct report_tl_ev *t = reallocarray(p->tl, n, sizeof(*t));

		if (t == NULL)
			goto full;
		p->tl = t;
		p->cap_tl = n;
	}
	e = &p->tl[p->n_tl++];
	r->tl_total++;
	memset(e, 0, sizeof(*e));
	e->ts = *ts;
	e->kind = (uint8_t)kind;
	e->side = (uint8_t)(side != 0);
	e->idx = -1;
	return e;
full:
	if (p->tl_dropped++ == 0)
		p->tl_drop_ts = *ts;
	return NULL;
}

void
tl_state(struct report *r, struct pair *p, const struct timeval *ts)
{
	uint32_t b;
	struct report_tl_ev *e;

	if (!r->o.timeline || p == NULL)
		return;
	b = conn_bits(p);
	if (p->tl_have ? b == p->tl_bits : b == 0)
		return;          /* no change, or nothing yet (a new flow) */
	if ((e = tl_add(r, p, TL_STATE, ts, 0)) == NULL)
		return;
	e->bits = b;
	p->tl_bits = b;
	p->tl_have = true;
}

void
tl_free(struct report *r, struct pair *p)
{
	r->tl_total -= p->n_tl;
	free(p->tl);
	p->tl = NULL;
	p->n_tl = p->cap_tl = 0;
}

/* Name every logged state as the local end l sees it (diag_state's names). */
void
tl_build(struct pair *p, int l)
{
	for (uint32_t i = 0; i < p->n_tl; i++) {
		struct report_tl_ev *e = &p->tl[i];
		struct conn c;
		uint32_t b = e->bits;

		if (e->kind != TL_STATE)
			continue;
		memset(&c, 0, sizeof(c));
		c.est = b & B_EST;
		c.down = b & B_DOWN;
		c.midstream = b & B_MID;
		c.open[0] = b & B_OPEN0;
		c.open[1] = b & B_OPEN1;
		c.tcp_up = b & B_TCP;
		c.syn[0] = b & B_SYN0;
		c.syn[1] = b & B_SYN1;
		e->state = diag_state_name(&c, (enum report_cause_code)((b >> B_CAUSE_SHIFT) & 15),
		    (b & B_SIDE) ? 1 : 0, l);
	}
}
