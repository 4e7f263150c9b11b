/*
 * bgp_fmt.h - decoded values as text, into a bounded string builder.
 * Formatting only: nothing here decodes or checks (the dissectors did),
 * nothing writes to a file. Depends on sbuf, the AS path walk and the
 * types of bgp.h; called by the describe functions and by src/.
 */
#ifndef BGPCAP_BGP_FMT_H
#define BGPCAP_BGP_FMT_H

#include "bgp.h"
#include "sbuf.h"

/* "10.0.0.0/8", "2001:db8::/32", "RD 65000:1 10.0.0.0/24 label 16", hex for opaque */
void bgp_fmt_prefix(struct sbuf *s, const struct bgp_prefix *p);
/* Route distinguisher as "ASN:N" / "IP:N" */
void bgp_fmt_rd(struct sbuf *s, const uint8_t *rd);
/* AS path as FRR prints it: "65001 65515 {1,2} (65000 65001) [1,2]" */
void bgp_fmt_aspath(struct sbuf *s, const struct cur *val, unsigned asn_len);
/* The effective AS path (RFC 6793 4.2.3, see bgp_aspath_walk) in that form. */
void bgp_fmt_effective_aspath(struct sbuf *s, const struct bgp_update *u, const struct bgp_ctx *ctx);
void bgp_fmt_community(struct sbuf *s, uint32_t c);
void bgp_fmt_ext_community(struct sbuf *s, const uint8_t *v8);
void bgp_fmt_large_community(struct sbuf *s, const uint8_t *v12);
/* RFC 5701 (20 octets): "RT:[2001:db8::1]:7", "FS:redirect-ip:2001:db8::1"; else hex. */
void bgp_fmt_ipv6_ext_community(struct sbuf *s, const uint8_t *v20);
void bgp_fmt_mp_nexthop(struct sbuf *s, const struct bgp_update *u, unsigned i);
/*
 * Free text from the wire, made safe for a terminal: the one escaper of
 * the tree. Bytes that are not valid UTF-8 and C0/DEL as \xNN, the
 * controls of sbuf_cp_control (C1, bidi, invisible formats) as \uXXXX,
 * \\ and \" backslashed; other valid UTF-8 kept.
 */
void bgp_fmt_text(struct sbuf *s, const uint8_t *p, size_t n);
/* The name of a well-known community (RFC 1997 and the IANA registry), or NULL. */
const char *bgp_well_known_community(uint32_t c);

#endif
