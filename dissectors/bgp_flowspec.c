/*
 * bgp_flowspec.c - flow specification NLRI (RFC 8955 IPv4, RFC 8956
 * IPv6, SAFI 133 and, after a route distinguisher, 134; the L2VPN
 * components of draft-ietf-idr-flowspec-l2vpn for AFI 25). The entry's
 * length (1 or 2 octets, the 0xf0 rule) is read by bgp_nlri.c; here the
 * components, in strictly increasing type order (RFC 8955 4.2), each a
 * prefix, a MAC or a list of operator/value terms.
 *
 * Terms print as ExaBGP and the RFC's examples do: a numeric term is
 * "=6", ">=1024", "!=80", "true"/"false"; a bitmask term "ack+cwr",
 * "=fin+push" (match), "!rst" (not). '&' joins a term to the previous one
 * (the AND bit), ',' separates the OR-ed groups: "port >=1024&<=2048,=80".
 */
#include "bgp_nlri.h"

enum fs_kind { FS_PFX, FS_NUM, FS_BITS, FS_MAC };

#define OP_END   0x80
#define OP_AND   0x40
#define OP_LEN   0x30
#define OP_LT    0x04
#define OP_GT    0x02
#define OP_EQ    0x01
#define OP_NOT   0x02            /* bitmask */
#define OP_MATCH 0x01            /* bitmask */

static const char *const tcp_bits[8] = {
	"fin", "syn", "rst", "push", "ack", "urg", "ece", "cwr",
};
static const char *const frag_bits[8] = {
	"dont-fragment", "is-fragment", "first-fragment", "last-fragment",
};

struct fs_comp {
	const char *name;
	uint8_t kind;            /* enum fs_kind */
	const char *const *bits; /* FS_BITS: names of bits 0-7 */
};

/* RFC 8955 4.2.2 / RFC 8956 3 component types; index = type */
static const struct fs_comp fs_ip[] = {
	[1] = { "dst", FS_PFX, NULL }, [2] = { "src", FS_PFX, NULL },
	[3] = { "proto", FS_NUM, NULL }, [4] = { "port", FS_NUM, NULL },
	[5] = { "dport", FS_NUM, NULL }, [6] = { "sport", FS_NUM, NULL },
	[7] = { "icmp-type", FS_NUM, NULL }, [8] = { "icmp-code", FS_NUM, NULL },
	[9] = { "tcp-flags", FS_BITS, tcp_bits }, [10] = { "length", FS_NUM, NULL },
	[11] = { "dscp", FS_NUM, NULL }, [12] = { "fragment", FS_BITS, frag_bits },
	[13] = { "flow-label", FS_NUM, NULL },
};

/* draft-ietf-idr-flowspec-l2vpn 3: the Ethernet components (AFI 25) */
static const struct fs_comp fs_l2[] = {
	[14] = { "ether-type", FS_NUM, NULL }, [15] = { "src-mac", FS_MAC, NULL },
	[16] = { "dst-mac", FS_MAC, NULL }, [17] = { "dsap", FS_NUM, NULL },
	[18] = { "ssap", FS_NUM, NULL }, [19] = { "llc-control", FS_NUM, NULL },
	[20] = { "snap", FS_NUM, NULL }, [21] = { "vid", FS_NUM, NULL },
	[22] = { "cos", FS_NUM, NULL }, [23] = { "inner-vid", FS_NUM, NULL },
	[24] = { "inner-cos", FS_NUM, NULL },
};

static const struct fs_comp *
fs_lookup(uint16_t afi, unsigned type)
{
	const struct fs_comp *t = afi == 25 ? fs_l2 : fs_ip;
	size_t n = afi == 25 ? sizeof(fs_l2) / sizeof(fs_l2[0]) : sizeof(fs_ip) / sizeof(fs_ip[0]);

	if (type >= n || t[type].name == NULL || (type == 13 && afi != 2))
		return NULL;
	return &t[type];
}

/* The value of one component under its name: a string (text) or an array. */
static void
comp_begin(struct nlri_out *o, const struct fs_comp *fc, unsigned type)
{
	if (o->e == NULL)
		return;
	if (!o->text) {
		o->e->obj_begin(o->e);
		emit_knum(o->e, "type", type);
		emit_kstr(o->e, "name", fc->name);
	}
	o->e->key(o->e, o->text ? fc->name : "value");
	o->e->arr_begin(o->e);
}

static void
comp_end(struct nlri_out *o)
{
	if (o->e == NULL)
		return;
	o->e->arr_end(o->e);
	if (!o->text)
		o->e->obj_end(o->e);
}

/* Prefix: IPv4 length + bits; IPv6 length, offset, then the pattern's bits
 * (RFC 8956 3.1), placed from bit `offset` of the address. */
static bool
fs_prefix(struct nlri_out *o, struct cur *v, const struct fs_comp *fc, unsigned type)
{
	uint8_t len, off = 0, pat[16], a[16];
	unsigned maxb = o->afi == 2 ? 128 : 32, nb;
	char buf[64];
	struct sbuf s;

	if (!cur_u8(v, &len) || (o->afi == 2 && !cur_u8(v, &off)))
		return nout_fail(o, v, "truncated prefix length");
	if (len > maxb || off > len)
		return nout_fail(o, v, o->afi == 2 ? "prefix length over 128 or offset over length"
		    : "prefix length over 32");
	/* RFC 8956 3.1: the pattern is length - offset bits; encoders of the
	 * drafts (ExaBGP, ryu; tshark reads it so) write the whole prefix */
	nb = o->legacy ? (len + 7u) / 8u : (len - off + 7u) / 8u;
	if (!cur_copy(v, pat, nb))
		return nout_fail(o, v, "prefix shorter than its length");
	memset(a, 0, sizeof(a));
	if (o->legacy)
		memcpy(a, pat, nb);
	else
		for (unsigned i = 0; i < (unsigned)(len - off); i++)
			if (pat[i / 8] & (0x80 >> (i % 8)))
				a[(off + i) / 8] |= (uint8_t)(0x80 >> ((off + i) % 8));
	if (o->e == NULL)
		return true;
	sbuf_init(&s, buf, sizeof(buf));
	if (o->afi == 2)
		sbuf_ipv6(&s, a);
	else
		sbuf_ipv4(&s, a);
	sbuf_printf(&s, off ? "/%u/%u" : "/%u", len, off);
	comp_begin(o, fc, type);
	o->e->str(o->e, s.p);
	comp_end(o);
	return true;
}

static bool
fs_mac(struct nlri_out *o, struct cur *v, const struct fs_comp *fc, unsigned type)
{
	uint8_t len, m[6];
	char buf[20];
	struct sbuf s;

	if (!cur_u8(v, &len) || len != 6)
		return nout_fail(o, v, "MAC component length not 6");
	if (!cur_copy(v, m, 6))
		return nout_fail(o, v, "truncated MAC address");
	if (o->e == NULL)
		return true;
	sbuf_init(&s, buf, sizeof(buf));
	sbuf_printf(&s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	comp_begin(o, fc, type);
	o->e->str(o->e, s.p);
	comp_end(o);
	return true;
}

/* One term's text: numeric comparison, or bitmask with names. */
static void
term_text(struct sbuf *s, const struct fs_comp *fc, uint8_t op, uint64_t val)
{
	static const char *const cmp[8] = {
		"false", "=", ">", ">=", "<", "<=", "!=", "true",
	};

	if (op & OP_AND)
		sbuf_putc(s, '&');
	if (fc->kind == FS_NUM) {
		sbuf_put(s, cmp[op & 7]);
		if ((op & 7) != 0 && (op & 7) != 7)
			sbuf_printf(s, "%llu", (unsigned long long)val);
		return;
	}
	if (op & OP_NOT)
		sbuf_putc(s, '!');
	if (op & OP_MATCH)
		sbuf_putc(s, '=');
	if (val > 0xff || (fc->bits[7] == NULL && (val >> 4))) {
		sbuf_printf(s, "0x%llx", (unsigned long long)val);
		return;
	}
	for (unsigned b = 0, first = 1; b < 8; b++)
		if (val & (1u << b)) {
			if (!first)
				sbuf_putc(s, '+');
			first = 0;
			sbuf_put(s, fc->bits[b]);
		}
	if (val == 0)
		sbuf_put(s, "0");
}

/* Operator/value terms up to the end bit (RFC 8955 4.2.1.1, 4.2.1.2). */
static bool
fs_terms(struct nlri_out *o, struct cur *v, const struct fs_comp *fc, unsigned type)
{
	char buf[512];
	struct sbuf s;
	uint8_t op = 0;
	bool first = true;

	comp_begin(o, fc, type);
	sbuf_init(&s, buf, sizeof(buf));
	while (!(op & OP_END)) {
		unsigned n;
		uint64_t val = 0;
		uint8_t b;

		if (!cur_u8(v, &op))
			return nout_fail(o, v, "truncated before the end-of-list operator");
		n = 1u << ((op & OP_LEN) >> 4);
		if (fc->kind == FS_BITS && n > 2)
			return nout_fail(o, v, "bitmask value longer than 2 octets");
		for (unsigned i = 0; i < n; i++) {
			if (!cur_u8(v, &b))
				return nout_fail(o, v, "truncated operator value");
			val = val << 8 | b;
		}
		if (!(op & OP_AND) && !first && o->e) {
			o->e->str(o->e, s.p);
			sbuf_init(&s, buf, sizeof(buf));
		}
		/* the first term has nothing to AND with: its AND bit is ignored */
		term_text(&s, fc, first ? (uint8_t)(op & ~OP_AND) : op, val);
		first = false;
	}
	if (o->e) {
		o->e->str(o->e, s.p);
		comp_end(o);
	}
	return true;
}

bool
bgp_flowspec_walk(struct nlri_out *o, unsigned type, struct cur *v)
{
	unsigned last = 0;
	uint8_t t;

	(void)type;
	if (o->safi == 134 && !nout_rd(o, v))
		return false;
	if (o->e && !o->text) {
		o->e->key(o->e, "components");
		o->e->arr_begin(o->e);
	}
	while (cur_left(v)) {
		const struct fs_comp *fc;
		bool ok;

		(void)cur_u8(v, &t);
		fc = fs_lookup(o->afi, t);
		if (fc == NULL) {
			v->p--;
			return nout_fail(o, v, "unknown component type (the rest cannot be delimited)");
		}
		if (t <= last) {
			v->p--;
			return nout_fail(o, v, "component types not in increasing order (RFC 8955 4.2)");
		}
		last = t;
		ok = fc->kind == FS_PFX ? fs_prefix(o, v, fc, t) : fc->kind == FS_MAC ?
		    fs_mac(o, v, fc, t) : fs_terms(o, v, fc, t);
		if (!ok)
			return false;
	}
	if (last == 0) {          /* RFC 8955 4.2: <[component]+> */
		nout_fail(o, v, o->safi == 134 ?
		    "no component (RFC 8955 4.2: one or more) after the route distinguisher" :
		    "no component (RFC 8955 4.2: one or more): an entry of length 0");
		o->off = o->entry_off;    /* the entry's length field */
		return false;
	}
	if (o->e && !o->text)
		o->e->arr_end(o->e);
	return true;
}
