/*
 * report_aspath.h - the AS-path checks on the structured path (see
 * report_aspath.c): --expect-aspath compared segment by segment with the
 * RFC 6793 walk, and the full-length path for --expect-aspath-regex.
 */
#ifndef BGPCAP_REPORT_ASPATH_H
#define BGPCAP_REPORT_ASPATH_H

#include <stdbool.h>
#include <stddef.h>
#include "bgp.h"

struct rep_aspath;

/* "65001 65515 {1,2} (65000 65001) [3,4]"; NULL with err set when it is not
 * an AS path. "" is the empty path. */
struct rep_aspath *rep_aspath_parse(const char *s, char *err, size_t errlen);
void rep_aspath_free(struct rep_aspath *p);
/* Is the effective AS path of u (RFC 6793 merge under ctx) exactly p? */
bool rep_aspath_equal(const struct rep_aspath *p, const struct bgp_update *u,
    const struct bgp_ctx *ctx);
/* The effective AS path printed in full (malloc'd), NULL when out of memory. */
char *rep_aspath_render(const struct bgp_update *u, const struct bgp_ctx *ctx);

#endif
