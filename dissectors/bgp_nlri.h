/*
 * bgp_nlri.h - the NLRI of the families that are not IP prefixes (EVPN,
 * flowspec, RT constraint, VPLS, MVPN, MUP): private to dissectors/.
 *
 * Each family is a row (bgp_nlri.c): how one entry is delimited in the
 * NLRI list (type + length octets, a 1- or 2-octet length, a length in
 * bits) and one walker for its value. A walker reads the value with the
 * cursor and writes what it reads through an nlri_out: with no emitter it
 * only checks (bgp_nlri_next, at decode time), with one it describes (the
 * printers, later). One function for both, so what is checked is exactly
 * what is shown. A walker fails with a reason and the cursor at the bad
 * byte; it never reads past its value.
 */
#ifndef BGPCAP_BGP_NLRI_H
#define BGPCAP_BGP_NLRI_H

#include "bgp.h"
#include "bgp_fmt.h"
#include "emit.h"

struct nlri_out {
	struct emit *e;          /* NULL: check only */
	bool text;               /* the one-line text form: JSON-only keys skipped */
	uint16_t afi;            /* of the NLRI (flowspec: IPv4 or IPv6 components) */
	uint8_t safi;
	bool legacy;             /* flowspec: the pre-RFC 8956 IPv6 prefix form */
	const char *why;         /* on failure: what is wrong */
	const char *what;        /* on failure: which field, or NULL */
	size_t off;              /* on failure: the message offset */
	size_t entry_off;        /* the entry's first octet (its header), for errors */
};

/* A walker: the entry's route type (0 where the family has none) and value. */
typedef bool (*nlri_walk_fn)(struct nlri_out *o, unsigned type, struct cur *v);

bool bgp_evpn_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_flowspec_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_rtc_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_vpls_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_mvpn_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_mup_walk(struct nlri_out *o, unsigned type, struct cur *v);
bool bgp_ls_walk(struct nlri_out *o, unsigned type, struct cur *v);    /* bgp_ls.c */
bool bgp_srte_walk(struct nlri_out *o, unsigned bits, struct cur *v);  /* bgp_ls.c */

/* ---- helpers for the walkers */

static inline bool
nout_fail(struct nlri_out *o, const struct cur *c, const char *why)
{
	o->why = why;
	o->off = cur_off(c);
	o->what = NULL;
	return false;
}

static inline void
nout_str(struct nlri_out *o, const char *k, const char *v)
{
	if (o->e)
		emit_kstr(o->e, k, v);
}

static inline void
nout_num(struct nlri_out *o, const char *k, uint64_t v)
{
	if (o->e)
		emit_knum(o->e, k, v);
}

/* JSON only: a code or a detail the text line leaves out. */
static inline void
nout_jnum(struct nlri_out *o, const char *k, uint64_t v)
{
	if (o->e && !o->text)
		emit_knum(o->e, k, v);
}

static inline void
nout_jstr(struct nlri_out *o, const char *k, const char *v)
{
	if (o->e && !o->text)
		emit_kstr(o->e, k, v);
}

/* A 4-octet number under key k; `why` on failure ("truncated ..."). */
static inline bool
nout_u32(struct nlri_out *o, struct cur *v, const char *k, const char *why)
{
	uint32_t x;

	if (!cur_u32(v, &x))
		return nout_fail(o, v, why);
	nout_num(o, k, x);
	return true;
}

/* Route distinguisher (8 octets). */
bool nout_rd(struct nlri_out *o, struct cur *v);
/* An address of `len` octets (4 or 16) under key k. */
void nout_addr(struct nlri_out *o, const char *k, const uint8_t *a, unsigned len);
/*
 * A length in bits (1 octet) then an address of that many bits, which
 * must be 0, 32 or 128 (the EVPN and MVPN convention); 0 shows nothing.
 */
bool nout_lenaddr(struct nlri_out *o, struct cur *v, const char *k, const char *what);
/* For the one-line emitters: a number or a boolean ("yes"/"no") written
 * through the emitter's own str callback. */
void nout_num_str(struct emit *e, uint64_t v);
void nout_bool_str(struct emit *e, bool v);
/* An unknown route type: its number and the rest of the value as hex
 * (the value is taken whole). */
bool nout_unknown_type(struct nlri_out *o, unsigned type, struct cur *v);
/* Labels (3 octets each, `n` of them) under "labels"/"label". */
bool nout_labels(struct nlri_out *o, struct cur *v, unsigned n);

#endif
