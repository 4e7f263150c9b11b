/*
 * rib_diff.c - --diff: the routes held at the end of two captures, per
 * sender, receiver (matched by their addresses, not ports) and family:
 * added (only in the second), removed (only in the first), changed
 * (attribute by attribute). Both stores are frozen (sorted) first, so the
 * comparison is one merge walk per group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgpcap.h"
#include "jw.h"
#include "rib_int.h"

/* One family of one sender -> receiver pair, in one of the two stores. */
struct grp {
	struct addr from, to;
	uint16_t afi;
	uint8_t safi;
	int side;                /* 0: the first file, 1: the second */
	uint64_t seq;            /* the session's creation order */
	struct rib_fam *f;
};

static int
addr_cmp(const struct addr *a, const struct addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->a, b->a, 16);
}

/* Order by pair and family; within one, by side, the latest session first. */
static int
grp_cmp(const void *x, const void *y)
{
	const struct grp *a = x, *b = y;
	int c;

	if ((c = addr_cmp(&a->from, &b->from)) != 0 || (c = addr_cmp(&a->to, &b->to)) != 0)
		return c;
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	if (a->safi != b->safi)
		return a->safi < b->safi ? -1 : 1;
	if (a->side != b->side)
		return a->side < b->side ? -1 : 1;
	return a->seq > b->seq ? -1 : a->seq < b->seq;
}

static bool
same_key(const struct grp *a, const struct grp *b)
{
	return addr_eq(&a->from, &b->from) && addr_eq(&a->to, &b->to) && a->afi == b->afi &&
	    a->safi == b->safi;
}

/* The families that hold routes (a session down holds only those kept
 * stale over a graceful restart), of both stores, appended to *g. */
static size_t
collect(struct rib *r, int side, struct grp **g, size_t n, size_t *cap)
{
	for (struct rib_sess *rs = r->sess; rs; rs = rs->next)
		for (int d = 0; d < 2; d++)
			for (int i = 0; i < rs->dir[d].nfam && (!rs->down || rs->gr_kept[d]); i++) {
				struct rib_fam *f = rs->dir[d].fam[i];

				if (f->held == 0)
					continue;
				if (n == *cap) {
					size_t nc = *cap ? *cap * 2 : 16;
					struct grp *ng = reallocarray(*g, nc, sizeof(*ng));

					if (ng == NULL)
						return n;
					*g = ng;
					*cap = nc;
				}
				rib_fam_freeze(f);
				(*g)[n++] = (struct grp){ rs->addr[d], rs->addr[!d], f->afi, f->safi,
				    side, rs->seq, f };
			}
	return n;
}

struct dctx {
	struct rib *a, *b;
	struct obuf *ob;
	bool json;
	const struct grp *g;     /* the group being walked */
	bool head;               /* its header line was printed */
	uint64_t added, removed, changed;
};

static void
json_change(struct jw *j, const char *k, const char *o, const char *n)
{
	if (strcmp(o, n) == 0)
		return;
	jw_key(j, k);
	jw_obj_begin(j);
	jw_kstr(j, "old", o);
	jw_kstr(j, "new", n);
	jw_obj_end(j);
}

static void
json_num_change(struct jw *j, const char *k, bool ho, uint32_t o, bool hn, uint32_t n)
{
	if (ho == hn && (!ho || o == n))
		return;
	jw_key(j, k);
	jw_obj_begin(j);
	jw_key(j, "old");
	if (ho)
		jw_u64(j, o);
	else
		jw_null(j);
	jw_key(j, "new");
	if (hn)
		jw_u64(j, n);
	else
		jw_null(j);
	jw_obj_end(j);
}

/* The attributes that differ, as {"name":{"old":..,"new":..}}. */
static void
json_changes(struct jw *j, const struct rib_attr *o, const struct rib_attr *n)
{
	jw_key(j, "changes");
	jw_obj_begin(j);
	json_change(j, "next_hop", o->nh, n->nh);
	json_change(j, "next_hop_link_local", o->nh2, n->nh2);
	json_change(j, "as_path", o->path, n->path);
	json_change(j, "origin", rib_origin_name(o->origin), rib_origin_name(n->origin));
	json_num_change(j, "med", o->has_med, o->med, n->has_med, n->med);
	json_num_change(j, "local_pref", o->has_lp, o->lp, n->has_lp, n->lp);
	json_change(j, "communities", o->comm, n->comm);
	json_change(j, "large_communities", o->lcomm, n->lcomm);
	jw_obj_end(j);
}

static void
diff_json(struct dctx *x, char kind, const struct rib_route *rt, const struct rib_attr *o,
    const struct rib_attr *n)
{
	const struct grp *g = x->g;
	char b[128];
	struct jw j;

	jw_init(&j, x->ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "diff");
	jw_kstr(&j, "change", kind == '+' ? "added" : kind == '-' ? "removed" : "changed");
	jw_kstr(&j, "from", addr_fmt(&g->from, b, sizeof(b)));
	jw_kstr(&j, "to", addr_fmt(&g->to, b, sizeof(b)));
	jw_kstr(&j, "family", rib_fam_name(g->afi, g->safi, b, sizeof(b)));
	rib_fmt_prefix(b, sizeof(b), g->afi, rt->addr, rt->plen);
	jw_kstr(&j, "prefix", b);
	if (rt->flags & RT_PATHID)
		jw_ku64(&j, "path_id", rt->pathid);
	else
		jw_knull(&j, "path_id");
	if (kind == '!') {
		json_changes(&j, o, n);
	} else {
		const struct rib_attr *a = kind == '+' ? n : o;

		jw_kstr(&j, "next_hop", a->nh);
		jw_kstr(&j, "as_path", a->path);
	}
	jw_obj_end(&j);
	jw_eol(&j);
}

/* One difference: '+' added (only in the second), '-' removed, '!' changed. */
static void
diff_one(struct dctx *x, char kind, const struct rib_route *rt, const struct rib_attr *o,
    const struct rib_attr *n)
{
	char p[96], ch[1024], f[64], t[64], fam[64];

	if (kind == '+')
		x->added++;
	else if (kind == '-')
		x->removed++;
	else
		x->changed++;
	if (x->json) {
		diff_json(x, kind, rt, o, n);
		return;
	}
	if (!x->head) {
		ob_printf(x->ob, "%s > %s %s:\n", addr_fmt(&x->g->from, f, sizeof(f)),
		    addr_fmt(&x->g->to, t, sizeof(t)),
		    rib_fam_name(x->g->afi, x->g->safi, fam, sizeof(fam)));
		x->head = true;
	}
	rib_fmt_prefix(p, sizeof(p), x->g->afi, rt->addr, rt->plen);
	ob_printf(x->ob, "%c %s", kind, p);
	if (rt->flags & RT_PATHID)
		ob_printf(x->ob, " id %u", rt->pathid);
	if (kind == '!') {
		rib_attr_changes(o, n, ch, sizeof(ch));
		ob_printf(x->ob, ": %s\n", ch);
	} else {
		const struct rib_attr *a = kind == '+' ? n : o;

		ob_printf(x->ob, " nh %s path %s\n", *a->nh ? a->nh : "-", a->path);
	}
}

/* Walk the held routes of fa (first file) and fb (second), either NULL. */
static void
diff_fams(struct dctx *x, const struct rib_fam *fa, const struct rib_fam *fb)
{
	uint32_t i = 0, k = 0, na = fa ? fa->n : 0, nb = fb ? fb->n : 0;

	for (;;) {
		const struct rib_route *ra, *rb;
		int c;

		while (i < na && (fa->rt[i].flags & RT_TAW))
			i++;
		while (k < nb && (fb->rt[k].flags & RT_TAW))
			k++;
		if (i == na && k == nb)
			break;
		ra = i < na ? &fa->rt[i] : NULL;
		rb = k < nb ? &fb->rt[k] : NULL;
		c = ra == NULL ? 1 : rb == NULL ? -1 : rib_route_cmp(ra, rb);
		if (c < 0) {
			diff_one(x, '-', ra, rib_attr_get(&x->a->at, ra->attr), NULL);
			i++;
		} else if (c > 0) {
			diff_one(x, '+', rb, NULL, rib_attr_get(&x->b->at, rb->attr));
			k++;
		} else {
			const struct rib_attr *o = rib_attr_get(&x->a->at, ra->attr);
			const struct rib_attr *n = rib_attr_get(&x->b->at, rb->attr);

			if (!rib_attr_same(o, n))
				diff_one(x, '!', ra, o, n);
			i++;
			k++;
		}
	}
}

static void
diff_summary(struct dctx *x, const char *name_a, const char *name_b)
{
	struct jw j;

	if (!x->json) {
		ob_printf(x->ob, "diff %s %s: %llu added, %llu removed, %llu changed\n", name_a,
		    name_b, (unsigned long long)x->added, (unsigned long long)x->removed,
		    (unsigned long long)x->changed);
		return;
	}
	jw_init(&j, x->ob);
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "diff_summary");
	jw_kstr(&j, "first", name_a);
	jw_kstr(&j, "second", name_b);
	jw_ku64(&j, "added", x->added);
	jw_ku64(&j, "removed", x->removed);
	jw_ku64(&j, "changed", x->changed);
	jw_obj_end(&j);
	jw_eol(&j);
}

int
rib_diff(struct rib *a, struct rib *b, struct obuf *ob, const char *name_a, const char *name_b)
{
	struct dctx x = { .a = a, .b = b, .ob = ob, .json = a->o.json };
	struct grp *g = NULL;
	size_t n = 0, cap = 0;

	rib_finish(a);
	rib_finish(b);
	n = collect(a, 0, &g, n, &cap);
	n = collect(b, 1, &g, n, &cap);
	if (n)
		qsort(g, n, sizeof(*g), grp_cmp);
	for (size_t i = 0; i < n;) {
		const struct rib_fam *fa = NULL, *fb = NULL;
		size_t k = i;

		/* the latest session of the pair on each side (grp_cmp's order) */
		for (; k < n && same_key(&g[i], &g[k]); k++) {
			if (g[k].side == 0 && fa == NULL)
				fa = g[k].f;
			if (g[k].side == 1 && fb == NULL)
				fb = g[k].f;
		}
		x.g = &g[i];
		x.head = false;
		diff_fams(&x, fa, fb);
		i = k;
	}
	free(g);
	if (x.added + x.removed + x.changed == 0)
		return 0;
	diff_summary(&x, name_a, name_b);
	return 1;
}
