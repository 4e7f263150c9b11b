/*
 * infer.c - scoring the readings of a direction's UPDATEs when the OPENs
 * are missing (see infer.h).
 */
#include <string.h>

#include "bgp_aspath.h"
#include "infer.h"

/* Readings, in the order ties are broken: 4-octet AS is the norm today. */
static const struct { bool as4, addpath; const char *name; } readings[INFER_READINGS] = {
	{ true, false, "4-octet AS, no ADD-PATH" },
	{ false, false, "2-octet AS, no ADD-PATH" },
	{ true, true, "4-octet AS, ADD-PATH" },
	{ false, true, "2-octet AS, ADD-PATH" },
};

#define R_AS4 (1u << 0 | 1u << 2)
#define R_AS2 (1u << 1 | 1u << 3)
#define R_NOAP (1u << 0 | 1u << 1)
#define R_AP (1u << 2 | 1u << 3)

/*
 * A reading within this many points of the best stays plausible: one
 * documentation ASN or one odd first AS does not decide, one duplicate
 * prefix, host-bit prefix or unallocated ASN does.
 */
#define INFER_MARGIN 2

static const struct { uint8_t weight; const char *text, *json; } evs[INFER_NEV] = {
	[INFER_EV_DUP_PREFIX] = { 3, "duplicate prefixes", "duplicate_prefixes" },
	[INFER_EV_HOST_BITS] = { 3, "prefixes with host bits", "host_bits" },
	[INFER_EV_PATHID] = { 3, "path ids above 65535", "large_path_ids" },
	[INFER_EV_AS0] = { 8, "AS 0", "as0" },
	[INFER_EV_AS_RESERVED] = { 4, "reserved ASNs", "reserved_asns" },
	[INFER_EV_AS_TRANS] = { 4, "AS_TRANS in a 4-octet path", "as_trans" },
	[INFER_EV_AS_DOC] = { 1, "documentation ASNs", "documentation_asns" },
	[INFER_EV_AS_UNALLOC] = { 3, "unallocated ASNs", "unallocated_asns" },
	[INFER_EV_AS4_ATTR] = { 3, "AS4_* attributes on 4-octet", "as4_attributes" },
	[INFER_EV_AGGR_LEN] = { 5, "AGGREGATOR of the other size", "aggregator_length" },
	[INFER_EV_PEER_AS] = { 5, "first AS not the sender's", "first_as_not_sender" },
	[INFER_EV_FIRST_AS] = { 1, "first AS changes", "first_as_changes" },
	[INFER_EV_ERRORS] = { 1, "decoding errors", "errors" },
};

static const char *const conf_names[] = {
	[INFER_NA] = "none", [INFER_CERTAIN] = "certain", [INFER_LIKELY] = "likely",
	[INFER_AMBIGUOUS] = "ambiguous", [INFER_NO_VALID] = "no valid reading",
};

void
infer_reading(unsigned i, struct bgp_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	if (i >= INFER_READINGS)
		i = 0;
	ctx->as4 = readings[i].as4;
	ctx->addpath_any = readings[i].addpath;
}

const char *
infer_reading_name(unsigned i)
{
	return i < INFER_READINGS ? readings[i].name : "?";
}

const char *
infer_conf_name(enum infer_conf c)
{
	return (unsigned)c < sizeof(conf_names) / sizeof(conf_names[0]) ? conf_names[c] : "?";
}

const char *
infer_ev_name(enum infer_ev e)
{
	return (unsigned)e < INFER_NEV ? evs[e].text : "?";
}

void
infer_init(struct infer_dir *d)
{
	memset(d, 0, sizeof(*d));
	d->active = true;
}

void
infer_open(struct infer_dir *d, bool sender, uint32_t asn, bool as4, bool addpath)
{
	if (!as4)
		d->excluded |= R_AS4;
	if (!addpath)
		d->excluded |= R_AP;
	if (sender) {
		d->have_sender_as = true;
		d->sender_as = asn;
	} else {
		d->have_receiver_as = true;
		d->receiver_as = asn;
	}
}

/* ---------------------------------------------------------------- one message */

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

static uint64_t
mix_bytes(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = mix(h, p[i]);
	return h;
}

/* Prefixes seen in one message: a small open-addressing set, bounded. */
#define SEEN_SLOTS 1024
struct seen {
	uint64_t h[SEEN_SLOTS];
	unsigned n;
};

/* true: h was already there */
static bool
seen_add(struct seen *s, uint64_t h)
{
	unsigned i;

	if (h == 0)
		h = 1;
	if (s->n >= SEEN_SLOTS * 3 / 4)
		return false;         /* full: stop looking for duplicates */
	for (i = (unsigned)h & (SEEN_SLOTS - 1); s->h[i]; i = (i + 1) & (SEEN_SLOTS - 1))
		if (s->h[i] == h)
			return true;
	s->h[i] = h;
	s->n++;
	return false;
}

static bool
host_bits(const struct bgp_prefix *p)
{
	unsigned nbytes = (p->plen + 7u) / 8u, full = p->plen / 8u;

	if (nbytes > sizeof(p->addr))
		return false;
	if (full < nbytes && (p->addr[full] & (0xFFu >> (p->plen % 8u))))
		return true;
	return false;
}

/* What one message says about the default route under one reading. */
enum { DR_ANN4 = 1, DR_ANN6 = 2, DR_WD4 = 4, DR_WD6 = 8 };

struct walk {
	struct infer_eval *ev;
	struct seen seen;
	unsigned dr_bits;
};

/* Walk one prefix list; list tells apart withdrawn/announced lists. */
static void
walk_list(struct walk *w, const struct cur *c, uint16_t afi, uint8_t safi, bool addpath,
    unsigned list, bool announce)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_errs e;
	unsigned guard = 0;

	bgp_errs_reset(&e);
	bgp_nlri_iter_init(&it, c, afi, safi, addpath);
	while (bgp_nlri_next(&it, &p, &e) == 1 && !p.opaque && guard++ < 65536) {
		uint64_t h = mix(mix(mix(list, afi), safi), p.pathid);

		h = mix(mix(h, p.plen), p.nlabels ? p.labels[0] : 0);
		h = mix_bytes(h, p.rd, p.has_rd ? 8 : 0);
		h = mix_bytes(h, p.addr, (p.plen + 7u) / 8u);
		w->ev->digest = mix(w->ev->digest, h);
		if (host_bits(&p))
			w->ev->ev[INFER_EV_HOST_BITS]++;
		if (p.has_pathid && p.pathid > 0xFFFF)
			w->ev->ev[INFER_EV_PATHID]++;
		if (seen_add(&w->seen, h))
			w->ev->ev[INFER_EV_DUP_PREFIX]++;
		if (bgp_prefix_is_default(&p))
			w->dr_bits |= (announce ? DR_ANN4 : DR_WD4) << (afi == AFI_IPV6);
	}
}

static void
classify_as(struct infer_eval *ev, uint32_t as, bool as4)
{
	if (as == 0)
		ev->ev[INFER_EV_AS0]++;
	else if (as == 23456 && as4)
		ev->ev[INFER_EV_AS_TRANS]++;
	else if (as == 65535 || as == 4294967295u || (as >= 65552 && as <= 131071))
		ev->ev[INFER_EV_AS_RESERVED]++;
	else if ((as >= 64496 && as <= 64511) || (as >= 65536 && as <= 65551))
		ev->ev[INFER_EV_AS_DOC]++;
	else if (as > 999999 && as < 4200000000u)
		/* no registry has handed out 4-octet numbers this high yet;
		 * 2-octet pairs read as one 4-octet number land here */
		ev->ev[INFER_EV_AS_UNALLOC]++;
}

/* Walk the AS_PATH; returns its digest. */
static uint64_t
walk_path(struct infer_eval *ev, const struct cur *val, bool as4)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	struct bgp_errs e;
	uint64_t h = 7;
	bool first = true;
	unsigned guard = 0;

	bgp_errs_reset(&e);
	bgp_aspath_iter_init(&it, val, as4 ? 4 : 2);
	while (bgp_aspath_next(&it, &seg, &e) == 1 && guard++ < 4096) {
		h = mix(h, seg.type);
		for (unsigned i = 0; i < seg.count; i++) {
			uint32_t as = 0;
			uint16_t as2;

			if (as4 ? !cur_u32(&seg.asns, &as) : !cur_u16(&seg.asns, &as2))
				break;
			if (!as4)
				as = as2;
			if (first && seg.type == AS_SEQUENCE) {
				ev->have_first_as = true;
				ev->first_as = as;
			}
			first = false;
			classify_as(ev, as, as4);
			h = mix(h, as);
		}
		first = false;
	}
	return h;
}

/* Attributes whose presence or size depends on the AS size. */
static void
walk_attrs(struct infer_eval *ev, const struct cur *attrs, bool as4)
{
	struct bgp_attr_iter it;
	struct bgp_attr a;
	struct bgp_errs e;
	unsigned guard = 0;

	bgp_errs_reset(&e);
	bgp_attr_iter_init(&it, attrs);
	while (bgp_attr_next(&it, &a, &e) == 1 && guard++ < 4096) {
		if (a.code == ATTR_AGGREGATOR && (a.len == 6 || a.len == 8) &&
		    a.len != (as4 ? 8 : 6))
			ev->ev[INFER_EV_AGGR_LEN]++;
		if ((a.code == ATTR_AS4_PATH || a.code == ATTR_AS4_AGGREGATOR) && as4)
			ev->ev[INFER_EV_AS4_ATTR]++;
	}
}

/* The default-route facts: which lists carry it, the next hops, the path. */
static uint64_t
dr_facts(const struct bgp_update *u, unsigned bits, uint64_t path)
{
	uint64_t h = mix(0x5eed, bits);

	if (bits & DR_ANN4)
		h = mix_bytes(h, u->next_hop, bgp_update_has(u, ATTR_NEXT_HOP) ? 4 : 0);
	if (bits & DR_ANN6)
		for (unsigned i = 0; i < u->mpr_nh_count && i < BGP_NEXTHOP_MAX; i++)
			h = mix_bytes(h, u->mpr_nh[i], u->mpr_nh_af[i] == 4 ? 4 : 16);
	if (bits & (DR_ANN4 | DR_ANN6))
		h = mix(h, path);
	return h;
}

static void
walk_update(struct infer_eval *ev, const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	struct walk w;
	uint64_t path = 0;

	memset(&w, 0, sizeof(w));
	w.ev = ev;
	if (bgp_update_has(u, ATTR_AS_PATH))
		path = walk_path(ev, &u->as_path.val, ctx->as4);
	ev->digest = mix(ev->digest, path);
	walk_attrs(ev, &u->attrs, ctx->as4);
	walk_list(&w, &u->withdrawn, AFI_IPV4, SAFI_UNICAST, ctx->addpath_any, 1, false);
	walk_list(&w, &u->nlri, AFI_IPV4, SAFI_UNICAST, ctx->addpath_any, 2, true);
	if (bgp_update_has(u, ATTR_MP_REACH))
		walk_list(&w, &u->mpr_nlri, u->mpr_afi, u->mpr_safi,
		    bgp_ctx_addpath(ctx, u->mpr_afi, u->mpr_safi), 3, true);
	if (bgp_update_has(u, ATTR_MP_UNREACH))
		walk_list(&w, &u->mpu_withdrawn, u->mpu_afi, u->mpu_safi,
		    bgp_ctx_addpath(ctx, u->mpu_afi, u->mpu_safi), 4, false);
	ev->dr = w.dr_bits ? dr_facts(u, w.dr_bits, path) : 0;
}

void
infer_eval(const uint8_t *raw, size_t len, unsigned i, struct infer_eval *ev)
{
	struct bgp_ctx ctx;
	struct bgp_msg m;
	struct bgp_update u;
	struct bgp_errs e;

	memset(ev, 0, sizeof(*ev));
	infer_reading(i, &ctx);
	bgp_errs_reset(&e);
	ev->digest = 1;
	if (!bgp_msg_parse(raw, len, &ctx, &m, &e) || !bgp_update_parse(&m, &ctx, &u, &e)) {
		ev->bad = 1000;
		return;
	}
	/* structure broken (session reset, AFI/SAFI disable) or an AS path
	 * that does not parse with this AS size: not a possible reading */
	if (e.worst >= BGP_TREAT_AFISAFI_DISABLE || u.as_path_malformed) {
		ev->bad = e.worst * 100u + (u.as_path_malformed ? 50u : 0u) + e.n + e.lost;
		return;
	}
	ev->valid = true;
	for (unsigned k = 0; k < e.n; k++)
		if (e.e[k].treat != BGP_TREAT_NONE)
			ev->ev[INFER_EV_ERRORS]++;
	walk_update(ev, &u, &ctx);
	for (unsigned k = 0; k < INFER_NEV; k++)
		ev->penalty += (uint32_t)ev->ev[k] * evs[k].weight;
}

/* ---------------------------------------------------------------- the direction */

/* Evidence that needs the other messages or an OPEN. */
static void
flow_evidence(const struct infer_dir *d, const struct infer_score *sc, struct infer_eval *ev)
{
	bool ibgp = d->have_sender_as && d->have_receiver_as && d->sender_as == d->receiver_as;

	if (!ev->valid || !ev->have_first_as)
		return;
	if (d->have_sender_as && !ibgp && ev->first_as != d->sender_as) {
		ev->ev[INFER_EV_PEER_AS]++;
		ev->penalty += evs[INFER_EV_PEER_AS].weight;
	}
	if (sc->have_first_as && ev->first_as != sc->first_as) {
		ev->ev[INFER_EV_FIRST_AS]++;
		ev->penalty += evs[INFER_EV_FIRST_AS].weight;
	}
}

static void
accumulate(struct infer_score *sc, const struct infer_eval *ev)
{
	if (!ev->valid) {
		sc->invalid++;
		sc->bad += ev->bad;
		sc->dr = mix(sc->dr, 0xbad);
		return;
	}
	sc->penalty += ev->penalty;
	for (unsigned k = 0; k < INFER_NEV; k++)
		sc->ev[k] += ev->ev[k];
	if (ev->have_first_as && !sc->have_first_as) {
		sc->have_first_as = true;
		sc->first_as = ev->first_as;
	}
	if (ev->dr)
		sc->dr = mix(sc->dr, ev->dr);
}

/* a ranks before b: fewer invalid messages, then lower score, then order */
static bool
better(const struct infer_score *a, const struct infer_score *b)
{
	if (a->invalid != b->invalid)
		return a->invalid < b->invalid;
	if (a->bad != b->bad)
		return a->bad < b->bad;
	return a->penalty < b->penalty;
}

static void
choose(struct infer_dir *d)
{
	uint32_t cand = ~d->excluded & ((1u << INFER_READINGS) - 1);
	int best = -1;

	if (cand == 0)
		cand = (1u << INFER_READINGS) - 1;   /* the OPENs contradict: all again */
	d->valid = 0;
	for (unsigned i = 0; i < INFER_READINGS; i++) {
		if (!(cand & (1u << i)))
			continue;
		if (d->sc[i].invalid == 0)
			d->valid |= 1u << i;
		if (best < 0 || better(&d->sc[i], &d->sc[best]))
			best = (int)i;
	}
	d->chosen = (uint8_t)best;
	d->plausible = 0;
	for (unsigned i = 0; i < INFER_READINGS; i++)
		if ((cand & (1u << i)) && d->sc[i].invalid == d->sc[best].invalid &&
		    d->sc[i].bad == d->sc[best].bad &&
		    d->sc[i].penalty <= d->sc[best].penalty + INFER_MARGIN)
			d->plausible |= 1u << i;
	if (d->valid == 0)
		d->conf = INFER_NO_VALID;
	else if ((d->valid & (d->valid - 1)) == 0)
		d->conf = INFER_CERTAIN;
	else if (d->plausible == 1u << best)
		d->conf = INFER_LIKELY;
	else
		d->conf = INFER_AMBIGUOUS;
}

void
infer_update(struct infer_dir *d, const uint8_t *raw, size_t len, struct bgp_ctx *ctx)
{
	struct infer_eval ev[INFER_READINGS];
	uint8_t prev = d->chosen;

	for (unsigned i = 0; i < INFER_READINGS; i++) {
		infer_eval(raw, len, i, &ev[i]);
		flow_evidence(d, &d->sc[i], &ev[i]);
		accumulate(&d->sc[i], &ev[i]);
	}
	d->updates++;
	choose(d);
	if (d->updates > 1 && d->chosen != prev)
		d->revised = true;
	d->valid_now = 0;
	d->differs_now = 0;
	for (unsigned i = 0; i < INFER_READINGS; i++) {
		if (ev[i].valid)
			d->valid_now |= 1u << i;
		if (ev[i].digest != ev[d->chosen].digest)
			d->differs_now |= 1u << i;
	}
	if (ev[d->chosen].dr)
		d->dr_used = mix(d->dr_used, ev[d->chosen].dr);
	else if (!ev[d->chosen].valid)
		d->dr_used = mix(d->dr_used, 0xbad);
	infer_reading(d->chosen, ctx);
}

void
infer_fact(const struct infer_dir *d, struct infer_fact *f)
{
	memset(f, 0, sizeof(*f));
	f->inferred = d->active && d->updates > 0;
	if (!f->inferred)
		return;
	f->conf = d->conf;
	f->chosen = d->chosen;
	f->valid = d->valid;
	f->plausible = d->plausible;
	f->revised = d->revised;
	for (unsigned i = 0; i < INFER_READINGS; i++)
		if ((d->plausible & (1u << i)) && d->sc[i].dr != d->sc[d->chosen].dr)
			f->default_differs = true;
	if (d->dr_used != d->sc[d->chosen].dr)
		f->default_differs = true;
}

/* ---------------------------------------------------------------- output */

static void
fmt_score(struct sbuf *s, const struct infer_dir *d, unsigned i)
{
	const struct infer_score *sc = &d->sc[i];
	bool any = false;

	sbuf_printf(s, "%s (", readings[i].name);
	if (d->excluded & (1u << i))
		sbuf_put(s, "ruled out by the OPEN seen; ");
	if (sc->invalid)
		sbuf_printf(s, "fails %u of %u UPDATEs; ", sc->invalid, d->updates);
	sbuf_printf(s, "score %u", sc->penalty);
	for (unsigned k = 0; k < INFER_NEV; k++) {
		if (sc->ev[k] == 0)
			continue;
		sbuf_printf(s, "%s %u %s", any ? "," : ":", sc->ev[k], evs[k].text);
		any = true;
	}
	sbuf_putc(s, ')');
}

/* "4-octet AS, ADD-PATH; likely: ..." (the caller adds the brackets) */
void
infer_fmt(struct sbuf *s, const struct infer_dir *d)
{
	unsigned n_valid = (unsigned)__builtin_popcount(d->valid);
	bool first = true;

	sbuf_put(s, readings[d->chosen].name);
	switch (d->conf) {
	case INFER_CERTAIN:
		sbuf_put(s, "; the only valid reading");
		return;
	case INFER_NO_VALID:
		sbuf_put(s, "; no reading decodes cleanly, least bad: ");
		break;
	case INFER_LIKELY:
		sbuf_printf(s, "; likely: %u of %u readings valid, score %u; less plausible: ",
		    n_valid, INFER_READINGS, d->sc[d->chosen].penalty);
		break;
	default:
		sbuf_printf(s, "; ambiguous: %u readings plausible, score %u",
		    (unsigned)__builtin_popcount(d->plausible), d->sc[d->chosen].penalty);
		if ((d->plausible & (d->differs_now | ~d->valid_now)) == 0) {
			sbuf_put(s, "; all decode this message the same");
			return;
		}
		sbuf_put(s, "; also plausible: ");
		break;
	}
	for (unsigned i = 0; i < INFER_READINGS; i++) {
		bool show = d->conf == INFER_LIKELY ? (d->valid & (1u << i)) != 0 :
		    (d->plausible & (1u << i)) != 0;

		if (i == d->chosen || !show)
			continue;
		sbuf_put(s, first ? "" : "; ");
		fmt_score(s, d, i);
		if (!(d->valid_now & (1u << i)))
			sbuf_put(s, " cannot decode this message");
		else if (!(d->differs_now & (1u << i)))
			sbuf_put(s, " decodes this message the same");
		first = false;
	}
	if (first)
		fmt_score(s, d, d->chosen);
}

static void
emit_readings(struct emit *e, const char *key, uint32_t mask)
{
	e->key(e, key);
	e->arr_begin(e);
	for (unsigned i = 0; i < INFER_READINGS; i++)
		if (mask & (1u << i))
			e->str(e, readings[i].name);
	e->arr_end(e);
}

/* The value of the "inferred" key: an object. */
void
infer_emit(struct emit *e, const struct infer_dir *d)
{
	e->obj_begin(e);
	emit_kstr(e, "reading", readings[d->chosen].name);
	emit_kstr(e, "confidence", infer_conf_name(d->conf));
	emit_kbool(e, "ambiguous", (d->plausible & (d->plausible - 1)) != 0);
	emit_readings(e, "valid_readings", d->valid_now);
	emit_readings(e, "plausible_readings", d->plausible);
	emit_knum(e, "updates", d->updates);
	emit_kbool(e, "revised", d->revised);
	e->key(e, "scores");
	e->arr_begin(e);
	for (unsigned i = 0; i < INFER_READINGS; i++) {
		const struct infer_score *sc = &d->sc[i];

		e->obj_begin(e);
		emit_kstr(e, "reading", readings[i].name);
		emit_kbool(e, "excluded", (d->excluded & (1u << i)) != 0);
		emit_knum(e, "invalid_updates", sc->invalid);
		emit_knum(e, "score", sc->penalty);
		e->key(e, "evidence");
		e->obj_begin(e);
		for (unsigned k = 0; k < INFER_NEV; k++)
			if (sc->ev[k])
				emit_knum(e, evs[k].json, sc->ev[k]);
		e->obj_end(e);
		e->obj_end(e);
	}
	e->arr_end(e);
	e->obj_end(e);
}
