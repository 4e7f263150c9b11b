/*
 * bgp_fmt.c - bounded string building and value formatting.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bgp.h"
#include "bgp_describe.h"

/* ---------------------------------------------------------------- errors */

void
bgp_err_add(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode,
    enum bgp_treat treat, const char *fmt, ...)
{
	struct bgp_err *x;
	va_list ap;

	if (treat > e->worst)
		e->worst = (uint8_t)treat;
	if (e->n >= BGP_MAX_ERRS) {
		e->lost++;
		return;
	}
	x = &e->e[e->n++];
	x->off = (uint32_t)off;
	x->code = code;
	x->subcode = subcode;
	x->treat = (uint8_t)treat;
	va_start(ap, fmt);
	vsnprintf(x->what, sizeof(x->what), fmt, ap);
	va_end(ap);
}

const char *
bgp_treat_name(enum bgp_treat t)
{
	switch (t) {
	case BGP_TREAT_NONE: return "none";
	case BGP_TREAT_ATTR_DISCARD: return "attribute-discard";
	case BGP_TREAT_WITHDRAW: return "treat-as-withdraw";
	case BGP_TREAT_AFISAFI_DISABLE: return "afi-safi-disable";
	case BGP_TREAT_SESSION_RESET: return "session-reset";
	}
	return "?";
}

/* ---------------------------------------------------------------- sbuf */

void
sbuf_put(struct sbuf *s, const char *str)
{
	size_t n = strlen(str);

	if (s->cap == 0) {
		s->trunc = true;
		return;
	}
	if (s->len + n >= s->cap) {
		n = s->cap - 1 - s->len;
		s->trunc = true;
	}
	memcpy(s->p + s->len, str, n);
	s->len += n;
	s->p[s->len] = '\0';
}

void
sbuf_putc(struct sbuf *s, char c)
{
	if (s->len + 1 >= s->cap) {
		s->trunc = true;
		return;
	}
	s->p[s->len++] = c;
	s->p[s->len] = '\0';
}

void
sbuf_printf(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->len + 1 >= s->cap) {
		s->trunc = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(s->p + s->len, s->cap - s->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= s->cap - s->len) {
		s->len = s->cap - 1;
		s->trunc = true;
	} else
		s->len += (size_t)n;
}

void
sbuf_u32(struct sbuf *s, uint32_t v)
{
	char tmp[11];
	int i = 10;

	tmp[10] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sbuf_put(s, tmp + i);
}

void
sbuf_hex(struct sbuf *s, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		if (s->len + 2 >= s->cap) {
			s->trunc = true;
			break;
		}
		s->p[s->len++] = hx[p[i] >> 4];
		s->p[s->len++] = hx[p[i] & 15];
	}
	if (s->cap)
		s->p[s->len] = '\0';
}

void
sbuf_ipv4(struct sbuf *s, const uint8_t *a)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			sbuf_putc(s, '.');
		sbuf_u32(s, a[i]);
	}
}

/*
 * IPv6 text as RFC 5952 (and inet_ntop) writes it: lower-case hex without
 * leading zeros, the longest run of two or more zero groups (the first of
 * equals) as "::", IPv4-mapped and IPv4-compatible forms with a dotted
 * tail. Written here because inet_ntop costs about 2,500 instructions per
 * address (a sprintf per group) and a full table has 200,000 of them.
 */
void
sbuf_ipv6(struct sbuf *s, const uint8_t *a)
{
	static const char hx[] = "0123456789abcdef";
	uint16_t w[8];
	int best = -1, bestlen = 0, cur = -1, curlen = 0;
	char out[48];
	size_t n = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			if (++curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else
			cur = -1;
	}
	if (bestlen < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
				out[n++] = ':';
			continue;
		}
		if (i)
			out[n++] = ':';
		if (i == 6 && best == 0 && (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			struct sbuf t;

			sbuf_init(&t, out + n, sizeof(out) - n);
			sbuf_ipv4(&t, a + 12);
			n += t.len;
			break;
		}
		if (w[i] >> 12)
			out[n++] = hx[w[i] >> 12];
		if (w[i] >> 8)
			out[n++] = hx[(w[i] >> 8) & 15];
		if (w[i] >> 4)
			out[n++] = hx[(w[i] >> 4) & 15];
		out[n++] = hx[w[i] & 15];
	}
	if (best >= 0 && best + bestlen == 8)
		out[n++] = ':';
	out[n] = '\0';
	sbuf_put(s, out);
}

/* ---------------------------------------------------------------- values */

void
bgp_fmt_rd(struct sbuf *s, const uint8_t *rd)
{
	unsigned type = (unsigned)rd[0] << 8 | rd[1];

	switch (type) {
	case 0:
		sbuf_u32(s, (uint32_t)rd[2] << 8 | rd[3]);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[4] << 24 | (uint32_t)rd[5] << 16 |
		    (uint32_t)rd[6] << 8 | rd[7]);
		break;
	case 1:
		sbuf_ipv4(s, rd + 2);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[6] << 8 | rd[7]);
		break;
	case 2:
		sbuf_u32(s, (uint32_t)rd[2] << 24 | (uint32_t)rd[3] << 16 |
		    (uint32_t)rd[4] << 8 | rd[5]);
		sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)rd[6] << 8 | rd[7]);
		break;
	default:
		sbuf_put(s, "0x");
		sbuf_hex(s, rd, 8);
	}
}

void
bgp_fmt_prefix(struct sbuf *s, const struct bgp_prefix *p)
{
	unsigned i;

	if (p->opaque) {
		sbuf_put(s, "0x");
		sbuf_hex(s, p->raw, p->rawlen);
		return;
	}
	if (p->has_rd) {
		sbuf_put(s, "RD ");
		bgp_fmt_rd(s, p->rd);
		sbuf_putc(s, ' ');
	}
	if (p->afi == AFI_IPV4)
		sbuf_ipv4(s, p->addr);
	else
		sbuf_ipv6(s, p->addr);
	sbuf_putc(s, '/');
	sbuf_u32(s, p->plen);
	for (i = 0; i < p->nlabels; i++) {
		sbuf_put(s, i ? "," : " label ");
		sbuf_u32(s, p->labels[i]);
	}
}

static void
fmt_asns(struct sbuf *s, struct cur *c, unsigned asn_len, unsigned count, char sep)
{
	unsigned i;

	for (i = 0; i < count; i++) {
		uint32_t v = 0;
		uint16_t v16;

		if (asn_len == 4) {
			if (!cur_u32(c, &v))
				return;
		} else {
			if (!cur_u16(c, &v16))
				return;
			v = v16;
		}
		if (i)
			sbuf_putc(s, sep);
		sbuf_u32(s, v);
	}
}

void
bgp_fmt_aspath(struct sbuf *s, const struct cur *val, unsigned asn_len)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	struct bgp_errs scratch;
	bool first = true;

	bgp_errs_reset(&scratch);
	bgp_aspath_iter_init(&it, val, asn_len);
	while (bgp_aspath_next(&it, &seg, &scratch) == 1) {
		if (!first)
			sbuf_putc(s, ' ');
		first = false;
		switch (seg.type) {
		case AS_SEQUENCE:
			fmt_asns(s, &seg.asns, asn_len, seg.count, ' ');
			break;
		case AS_SET:
			sbuf_putc(s, '{');
			fmt_asns(s, &seg.asns, asn_len, seg.count, ',');
			sbuf_putc(s, '}');
			break;
		case AS_CONFED_SEQUENCE:
			sbuf_putc(s, '(');
			fmt_asns(s, &seg.asns, asn_len, seg.count, ' ');
			sbuf_putc(s, ')');
			break;
		case AS_CONFED_SET:
			sbuf_putc(s, '[');
			fmt_asns(s, &seg.asns, asn_len, seg.count, ',');
			sbuf_putc(s, ']');
			break;
		default:
			sbuf_printf(s, "<segment type %u>", seg.type);
		}
	}
	if (scratch.n)
		sbuf_put(s, first ? "<malformed>" : " <malformed>");
}

/*
 * RFC 6793 4.2.3: when a NEW speaker receives from an OLD one, the
 * leading (N(AS_PATH) - N(AS4_PATH)) ASes of AS_PATH are kept and the
 * AS4_PATH is appended. If AS4_PATH is longer, it is ignored. We count
 * like RFC 4271 (set = 1, confederation segments = 0).
 */
void
bgp_fmt_effective_aspath(struct sbuf *s, const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	struct bgp_errs scratch;
	size_t n2 = 0, n4 = 0, keep, done = 0;
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	bool first = true;

	if (!bgp_update_has(u, ATTR_AS_PATH))
		return;
	if (ctx->as4 || !bgp_update_has(u, ATTR_AS4_PATH)) {
		bgp_fmt_aspath(s, &u->as_path.val, ctx->as4 ? 4 : 2);
		return;
	}
	bgp_errs_reset(&scratch);
	if (bgp_aspath_check(&u->as_path.val, 2, &scratch, &n2) < 0 ||
	    bgp_aspath_check(&u->as4_path.val, 4, &scratch, &n4) < 0 || n4 > n2) {
		bgp_fmt_aspath(s, &u->as_path.val, 2);
		return;
	}
	keep = n2 - n4;
	bgp_aspath_iter_init(&it, &u->as_path.val, 2);
	while (done < keep && bgp_aspath_next(&it, &seg, &scratch) == 1) {
		unsigned take, i;
		uint16_t v;

		if (seg.type == AS_CONFED_SEQUENCE || seg.type == AS_CONFED_SET)
			continue;
		if (seg.type == AS_SET) {
			/* a set counts as one: keep it whole */
			if (!first)
				sbuf_putc(s, ' ');
			first = false;
			sbuf_putc(s, '{');
			fmt_asns(s, &seg.asns, 2, seg.count, ',');
			sbuf_putc(s, '}');
			done++;
			continue;
		}
		take = seg.count;
		if (take > keep - done)
			take = (unsigned)(keep - done);
		for (i = 0; i < take; i++) {
			if (!cur_u16(&seg.asns, &v))
				break;
			if (!first)
				sbuf_putc(s, ' ');
			first = false;
			sbuf_u32(s, v);
		}
		done += take;
	}
	if (u->as4_path.len) {
		if (!first)
			sbuf_putc(s, ' ');
		bgp_fmt_aspath(s, &u->as4_path.val, 4);
	}
}

const char *
bgp_well_known_community(uint32_t c)
{
	switch (c) {
	case 0xFFFF0000: return "graceful-shutdown";
	case 0xFFFF0001: return "accept-own";
	case 0xFFFF0002: return "route-filter-translated-v4";
	case 0xFFFF0003: return "route-filter-v4";
	case 0xFFFF0004: return "route-filter-translated-v6";
	case 0xFFFF0005: return "route-filter-v6";
	case 0xFFFF0006: return "llgr-stale";
	case 0xFFFF0007: return "no-llgr";
	case 0xFFFF0008: return "accept-own-nexthop";
	case 0xFFFF029A: return "blackhole";
	case 0xFFFFFF01: return "no-export";
	case 0xFFFFFF02: return "no-advertise";
	case 0xFFFFFF03: return "no-export-subconfed";
	case 0xFFFFFF04: return "no-peer";
	}
	return NULL;
}

void
bgp_fmt_community(struct sbuf *s, uint32_t c)
{
	const char *n = bgp_well_known_community(c);

	if (n) {
		sbuf_put(s, n);
		return;
	}
	sbuf_u32(s, c >> 16);
	sbuf_putc(s, ':');
	sbuf_u32(s, c & 0xFFFF);
}

void
bgp_fmt_large_community(struct sbuf *s, const uint8_t *v)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (i)
			sbuf_putc(s, ':');
		sbuf_u32(s, (uint32_t)v[4 * i] << 24 | (uint32_t)v[4 * i + 1] << 16 |
		    (uint32_t)v[4 * i + 2] << 8 | v[4 * i + 3]);
	}
}

/*
 * Extended communities (RFC 4360, 5668, 7153): type high byte, subtype.
 * Printed as FRR does where it has a form: "RT:65000:1", "SoO:...".
 */
void
bgp_fmt_ext_community(struct sbuf *s, const uint8_t *v)
{
	uint8_t type = v[0] & 0x3F, sub = v[1];
	const char *name = NULL;
	uint32_t g4 = (uint32_t)v[2] << 24 | (uint32_t)v[3] << 16 | (uint32_t)v[4] << 8 | v[5];
	uint32_t l4 = (uint32_t)v[4] << 24 | (uint32_t)v[5] << 16 | (uint32_t)v[6] << 8 | v[7];
	uint16_t g2 = (uint16_t)(v[2] << 8 | v[3]);
	uint16_t l2 = (uint16_t)(v[6] << 8 | v[7]);

	switch (sub) {
	case 0x02: name = "RT"; break;
	case 0x03: name = "SoO"; break;
	}
	switch (type) {
	case 0x00: /* 2-octet AS specific */
		if (name) {
			sbuf_printf(s, "%s:%u:%u", name, g2, l4);
			return;
		}
		if (sub == 0x05) {
			sbuf_printf(s, "OSPF-domain:%u:%u", g2, l4);
			return;
		}
		if (sub == 0x08) {
			sbuf_printf(s, "bgp-data-collection:%u:%u", g2, l4);
			return;
		}
		break;
	case 0x01: /* IPv4 address specific */
		if (name) {
			sbuf_printf(s, "%s:", name);
			sbuf_ipv4(s, v + 2);
			sbuf_printf(s, ":%u", l2);
			return;
		}
		break;
	case 0x02: /* 4-octet AS specific */
		if (name) {
			sbuf_printf(s, "%s:%u:%u", name, g4, l2);
			return;
		}
		break;
	case 0x03: /* opaque */
		if (sub == 0x0c) {
			sbuf_printf(s, "encap:%u", l2);
			return;
		}
		if (sub == 0x0b) {
			sbuf_printf(s, "color:%u", l4);
			return;
		}
		break;
	case 0x06: /* EVPN */
		if (sub == 0x00) {
			sbuf_printf(s, "MM:%u", l4);
			return;
		}
		if (sub == 0x03) {
			sbuf_put(s, "rmac:");
			sbuf_hex(s, v + 2, 6);
			return;
		}
		break;
	case 0x08: /* flowspec redirect AS-2 */
		if (sub == 0x00) {
			sbuf_printf(s, "FS:redirect-vrf:%u:%u", g2, l4);
			return;
		}
		break;
	}
	if (v[0] == 0x80 && sub == 0x06) {
		sbuf_put(s, "FS:rate:0x");
		sbuf_hex(s, v + 4, 4);
		return;
	}
	if (v[0] == 0x40 && sub == 0x04) { /* link bandwidth, non-transitive */
		sbuf_printf(s, "LB:%u:0x", g2);
		sbuf_hex(s, v + 4, 4);
		return;
	}
	sbuf_put(s, "0x");
	sbuf_hex(s, v, 8);
}

void
bgp_fmt_mp_nexthop(struct sbuf *s, const struct bgp_update *u, unsigned i)
{
	if (i >= u->mpr_nh_count)
		return;
	if (u->mpr_nh_af[i] == 4)
		sbuf_ipv4(s, u->mpr_nh[i]);
	else
		sbuf_ipv6(s, u->mpr_nh[i]);
}

/* RFC 3629 UTF-8, rejecting overlongs, surrogates and > U+10FFFF. */
bool
bgp_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else
			return false;
		if (n - i - 1 < need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

void
bgp_fmt_text(struct sbuf *s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' || p[i] == '"') {
			sbuf_putc(s, '\\');
			sbuf_putc(s, (char)p[i]);
		} else if (p[i] >= 0x20 && p[i] < 0x7f)
			sbuf_putc(s, (char)p[i]);
		else if (p[i] >= 0x80) {
			/* copy a valid UTF-8 sequence whole, escape anything else */
			size_t k = 1;

			while (k < 4 && i + k < n && (p[i + k] & 0xC0) == 0x80)
				k++;
			if (bgp_utf8_valid(p + i, k)) {
				for (size_t j = 0; j < k; j++)
					sbuf_putc(s, (char)p[i + j]);
				i += k - 1;
			} else
				sbuf_printf(s, "\\x%02x", p[i]);
		} else
			sbuf_printf(s, "\\x%02x", p[i]);
	}
}
