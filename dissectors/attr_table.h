/* attr_table.h - the path attribute table (private to dissectors/). */
#ifndef BGPCAP_ATTR_TABLE_H
#define BGPCAP_ATTR_TABLE_H

#include "bgp.h"
#include "emit.h"
#include "sbuf.h"

struct attr_def {
	const char *name;        /* NULL: unknown code */
	const char *key;         /* JSON/text key, NULL: shown as code + hex */
	uint8_t flags;           /* required OPTIONAL|TRANSITIVE bits */
	uint16_t min, unit, max; /* length rule: min + k*unit <= max (unit 0: == min) */
	uint8_t treat;           /* RFC 7606 treatment when malformed */
	void (*describe)(const struct bgp_attr *a, const struct bgp_update *u,
	    const struct bgp_ctx *ctx, struct emit *e, struct sbuf *tmp);
};

extern const struct attr_def bgp_attr_defs[256];

#endif
