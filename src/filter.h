/*
 * filter.h - display filters (--prefix, --longer-prefixes, --peer, --type,
 * --nexthop, --aspath-regex, --community): which message lines are printed,
 * and within an UPDATE which prefixes. Applied after decoding, by the output
 * layer only: session tracking, the report, -w and --write-mrt see every
 * message.
 *
 * Semantics: "and" across kinds, "or" within one kind. A filter on a field
 * a message lacks does not match it (as tshark's -Y): with --prefix,
 * --nexthop, --aspath-regex or --community only UPDATEs (and MRT RIB
 * entries) can be shown. --peer also selects the other records (TCP events,
 * SKIPPED, notes by their addresses, ICMP errors by the addresses of the
 * packet they quote); any other kind hides those records.
 *
 * Owns: the parsed filter. May call: pkt, asregex, the dissectors.
 */
#ifndef BGPCAP_FILTER_H
#define BGPCAP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bgp.h"
#include "pkt.h"

#define FLT_MAX 64               /* values per kind */

struct flt_prefix {
	uint8_t af;              /* 4 or 6 */
	uint8_t len;
	uint8_t a[16];
};

/* A community argument: standard (and well-known names), large, or an
 * extended one as bgpcap prints it (compared as text). */
struct flt_comm {
	uint8_t kind;            /* 0 standard, 1 large, 2 extended */
	uint32_t v[3];
	char text[48];
};

struct asre;

struct filter {
	int n_prefix, n_peer, n_nexthop, n_aspath, n_comm;
	struct flt_prefix prefix[FLT_MAX];
	bool longer;             /* --longer-prefixes */
	struct addr peer[FLT_MAX];
	uint32_t types;          /* bit t: BGP message type t; 0: any */
	struct addr nexthop[FLT_MAX];
	struct asre *aspath[FLT_MAX];
	struct flt_comm comm[FLT_MAX];
};

/* Parsing, one argument each; false with one line in err on a bad one. */
bool flt_add_prefix(struct filter *f, const char *s, char *err, size_t errlen);
bool flt_add_peer(struct filter *f, const char *s, char *err, size_t errlen);
bool flt_add_type(struct filter *f, const char *s, char *err, size_t errlen);
bool flt_add_nexthop(struct filter *f, const char *s, char *err, size_t errlen);
bool flt_add_aspath(struct filter *f, const char *s, char *err, size_t errlen);
bool flt_add_community(struct filter *f, const char *s, char *err, size_t errlen);
/* Any filter given? (--longer-prefixes alone is none.) */
bool flt_active(const struct filter *f);
void flt_free(struct filter *f);

struct msg_view;
/* Is a decoded message shown? (An UPDATE with --prefix: when at least one
 * of its prefixes matches.) */
bool flt_message(const struct filter *f, const struct msg_view *v);
/* Is this prefix shown (true when there is no --prefix)? */
bool flt_prefix(const struct filter *f, const struct bgp_prefix *p);
/* Another record (TCP event, SKIPPED, note, ICMP) between a and b. */
bool flt_record(const struct filter *f, const struct addr *a, const struct addr *b);

#endif
