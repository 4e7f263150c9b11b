/*
 * flow_budget.c - table-wide memory budgets, shared fairly.
 *
 * Partial-message buffers (FLOW_MAX_BUF_TOTAL) and out-of-order bytes
 * (FLOW_MAX_OOO_TOTAL) of all flows together stay within a budget. Without
 * a rule, whoever comes first keeps it: a few thousand idle connections each
 * holding a partial message could take the whole budget and the real
 * session, needing a few KiB for its next UPDATE, would lose its data.
 *
 * The rule: a flow's fair share is the budget divided by the number of
 * flows holding memory. A flow that asks for room while within its share
 * gets it from the flows that hold memory and were least recently active:
 * first empty buffers are freed (nothing lost), then their partial messages
 * are dropped or their holes declared lost (cut, reported and flagged on
 * that direction). A flow over its share gives up its own data instead, as
 * before. The flows holding memory are kept in activity order on a list
 * (t->hold), so the search starts with the idlest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"

static bool
holds(const struct flow_priv *fp)
{
	return fp->d[0].cap + fp->d[1].cap + fp->d[0].nq + fp->d[1].nq > 0;
}

/* Keep fp's place on the hold list right; touch: it was just active. */
static void
hold_set(struct flow_table *t, struct flow_priv *fp, bool touch)
{
	bool h = holds(fp) && fp->pub.id != 0;

	if (fp->holding && (!h || touch)) {
		TAILQ_REMOVE(&t->hold, fp, hold);
		fp->holding = false;
		t->nhold--;
	}
	if (h && !fp->holding) {
		TAILQ_INSERT_TAIL(&t->hold, fp, hold);
		fp->holding = true;
		t->nhold++;
	}
}

void
fl_hold_update(struct flow_table *t, struct flow_priv *fp)
{
	hold_set(t, fp, true);
}

static size_t
held(const struct flow_priv *fp, int kind)
{
	if (kind == BUDGET_BUF)
		return fp->d[0].cap + fp->d[1].cap;
	return fp->d[0].qbytes + fp->d[1].qbytes;
}

#define DROPPED "partial message dropped: the partial-message budget of all flows " \
	"was needed by a more active flow within its share"

/* Take memory of kind from fp (not the asker); cut: data may be lost. */
static void
reclaim(struct flow_table *t, struct flow_priv *fp, int kind, bool cut, fl_give_up_fn *give_up)
{
	for (int d = 0; d < 2; d++) {
		struct dstate *ds = &fp->d[d];

		if (kind == BUDGET_OOO) {
			if (cut && ds->nq > 0 && give_up != NULL)
				give_up(t, fp, d, "out-of-order budget of all flows, "
				    "taken by a more active flow");
			continue;
		}
		if (ds->cap == 0 || (ds->len > 0 && !cut))
			continue;
		if (ds->len > 0) {
			fl_emit_skip(t, fp, d, &fp->last_pi, ds->len, DROPPED, true);
			fl_cut(fp, d, ds->len, "partial-message budget of all flows, "
			    "taken by a more active flow");
			ds->len = 0;
			ds->synced = false;
		}
		t->buf_total -= ds->cap;
		free(ds->buf);
		ds->buf = NULL;
		ds->cap = 0;
	}
	hold_set(t, fp, false);
}

bool
fl_budget_room(struct flow_table *t, struct flow_priv *fp, int kind, size_t need,
    fl_give_up_fn *give_up)
{
	size_t *total = kind == BUDGET_BUF ? &t->buf_total : &t->qbytes_total;
	size_t budget = kind == BUDGET_BUF ? t->lim.max_buf_total : t->lim.max_ooo_total;
	size_t n = t->nhold + !fp->holding;
	struct flow_priv *h, *nx;

	if (*total + need <= budget)
		return true;
	if (held(fp, kind) + need > budget / (n ? n : 1))
		return false;
	/* bounded walks: reclaiming may reorder the list (a drained queue
	 * feeds framing, which may ask for a buffer) */
	for (int pass = 0; pass < 2 && *total + need > budget; pass++) {
		size_t k = 0, lim = t->nhold;

		for (h = TAILQ_FIRST(&t->hold); h != NULL && k <= lim &&
		    *total + need > budget; h = nx, k++) {
			nx = TAILQ_NEXT(h, hold);
			if (h != fp)
				reclaim(t, h, kind, pass == 1, give_up);
		}
	}
	return *total + need <= budget;
}
