/*
 * bgp_describe.h - table-driven descriptions of capabilities and path
 * attributes through the emitter (emit.h), shared by text and JSON output.
 */
#ifndef BGPCAP_BGP_DESCRIBE_H
#define BGPCAP_BGP_DESCRIBE_H

#include "bgp.h"
#include "bgp_fmt.h"
#include "emit.h"

void bgp_cap_describe(const struct bgp_cap *cap, struct emit *e, struct sbuf *tmp);

/* The key an attribute is shown under ("origin", "as_path", ...; unknown: NULL). */
const char *bgp_attr_key(unsigned code);
/*
 * Emit one attribute's value under its key (the caller has emitted nothing
 * for it yet). AS_PATH is shown as the effective path (RFC 6793) when
 * `effective` is set. MP_REACH/MP_UNREACH are not handled here (their NLRI
 * lists are walked by the printers).
 */
void bgp_attr_describe(const struct bgp_attr *a, const struct bgp_update *u,
    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp);

/*
 * NLRI of the families that are not prefixes (bgp_nlri.c): the one-line
 * text ("mac-ip rd 1.2.3.4:1 esi - tag 1 mac ... label 0"; a prefix as
 * bgp_fmt_prefix), the structured fields through an emitter (inside an
 * object the caller opens), and the text's worst-case length.
 */
void bgp_fmt_nlri(struct sbuf *s, const struct bgp_prefix *p);
void bgp_nlri_describe(const struct bgp_prefix *p, struct emit *e);
size_t bgp_nlri_text_max(const struct bgp_prefix *p);

#endif
