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

#endif
