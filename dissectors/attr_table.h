/*
 * attr_table.h - the path attribute table's row type and its dispatcher
 * (private to dissectors/: bgp_attr.c holds the rows, bgp_update.c calls
 * the dispatcher).
 */
#ifndef BGPCAP_ATTR_TABLE_H
#define BGPCAP_ATTR_TABLE_H

#include "bgp.h"
#include "emit.h"
#include "sbuf.h"

struct attr_def {
	const char *name;        /* NULL: unknown code */
	const char *key;         /* JSON/text key, NULL: shown as code + hex */
	uint8_t flags;           /* required OPTIONAL|TRANSITIVE bits */
	struct bgp_len_rule len; /* the one length rule */
	uint8_t treat;           /* RFC 7606 treatment when malformed */
	/* check the value and store it; false: not present (errors say why) */
	bool (*decode)(struct bgp_update *u, const struct bgp_attr *a,
	    const struct bgp_ctx *ctx, struct bgp_errs *errs);
	void (*describe)(const struct bgp_attr *a, const struct bgp_update *u,
	    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp);
};

/* Decode and describe functions of rows defined in other files. */
#define ATTR_FNS(pfx) \
	bool pfx##_decode(struct bgp_update *u, const struct bgp_attr *a, \
	    const struct bgp_ctx *ctx, struct bgp_errs *errs); \
	void pfx##_describe(const struct bgp_attr *a, const struct bgp_update *u, \
	    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp)
ATTR_FNS(bgp_tea);       /* 23 TUNNEL_ENCAPSULATION (bgp_tea.c) */
ATTR_FNS(bgp_psid);      /* 40 PREFIX_SID (bgp_tea.c) */
ATTR_FNS(bgp_pmsi);      /* 22 PMSI_TUNNEL (bgp_pattr.c) */
ATTR_FNS(bgp_bgpsec);    /* 33 BGPsec_PATH (bgp_pattr.c) */
ATTR_FNS(bgp_ls_attr);   /* 29 BGP-LS (bgp_lsattr.c) */
bool bgp_aigp_decode(struct bgp_update *u, const struct bgp_attr *a,
    const struct bgp_ctx *ctx, struct bgp_errs *errs); /* 26 AIGP (bgp_tea.c) */

/*
 * Check one attribute against its row (duplicates in `seen`, flags, length)
 * and run the row's decode function; sets its bit in u->present when it is
 * usable, in u->dup when repeated.
 */
void bgp_attr_decode(struct bgp_update *u, const struct bgp_attr *a,
    const struct bgp_ctx *ctx, uint32_t *seen, struct bgp_errs *errs);

#endif
