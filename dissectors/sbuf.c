/*
 * sbuf.c - the bounded string builder and the UTF-8 validator (sbuf.h).
 * Calls only the C library.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sbuf.h"

void
sbuf_mem_slow(struct sbuf *s, const char *str, size_t n)
{
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
sbuf_putc_slow(struct sbuf *s)
{
	s->trunc = true;
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

/* "00" .. "99": two digits per step halves the divisions of a number */
const char sbuf_digits2[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void
sbuf_u32(struct sbuf *s, uint32_t v)
{
	char tmp[10];
	int i = 10;

	while (v >= 100) {
		uint32_t r = v % 100;

		v /= 100;
		i -= 2;
		memcpy(tmp + i, sbuf_digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		i -= 2;
		memcpy(tmp + i, sbuf_digits2 + 2 * v, 2);
	} else
		tmp[--i] = (char)('0' + v);
	sbuf_mem(s, tmp + i, (size_t)(10 - i));
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

/* The decimal text of each octet value, NUL-padded to 4 bytes: an octet is
 * one 4-byte copy and no branch (a million random addresses mispredicted the
 * per-digit branches). */
static const char octet_text[256][4] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
	"12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23",
	"24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35",
	"36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
	"48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
	"60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71",
	"72", "73", "74", "75", "76", "77", "78", "79", "80", "81", "82", "83",
	"84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
	"96", "97", "98", "99", "100", "101", "102", "103", "104", "105", "106", "107",
	"108", "109", "110", "111", "112", "113", "114", "115", "116", "117", "118", "119",
	"120", "121", "122", "123", "124", "125", "126", "127", "128", "129", "130", "131",
	"132", "133", "134", "135", "136", "137", "138", "139", "140", "141", "142", "143",
	"144", "145", "146", "147", "148", "149", "150", "151", "152", "153", "154", "155",
	"156", "157", "158", "159", "160", "161", "162", "163", "164", "165", "166", "167",
	"168", "169", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191",
	"192", "193", "194", "195", "196", "197", "198", "199", "200", "201", "202", "203",
	"204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215",
	"216", "217", "218", "219", "220", "221", "222", "223", "224", "225", "226", "227",
	"228", "229", "230", "231", "232", "233", "234", "235", "236", "237", "238", "239",
	"240", "241", "242", "243", "244", "245", "246", "247", "248", "249", "250", "251",
	"252", "253", "254", "255",
};

/* the dotted quad into out (at least 19 bytes: each octet is copied as 4);
 * returns its length */
static size_t
ipv4_text(char *out, const uint8_t *a)
{
	size_t n = 0;

	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];

		memcpy(out + n, octet_text[v], 4);
		n += 1u + (v >= 10) + (v >= 100);
		out[n++] = '.';
	}
	return n - 1;
}

void
sbuf_ipv4(struct sbuf *s, const uint8_t *a)
{
	char out[20];

	sbuf_mem(s, out, ipv4_text(out, a));
}

/*
 * IPv6 text as RFC 5952 (and inet_ntop) writes it: lower-case hex without
 * leading zeros, the longest run of two or more zero groups (the first of
 * equals) as "::", IPv4-mapped and IPv4-compatible forms with a dotted
 * tail. Written here because inet_ntop costs about 2,500 instructions per
 * address (a sprintf per group) and a full table has 200,000 of them.
 */
/* RFC 5952 text of a into out (at least 46 bytes); returns its length */
static size_t
ipv6_text(char *out, const uint8_t *a)
{
	static const char hx[] = "0123456789abcdef";
	uint16_t w[8];
	int best = -1, bestlen = 0, cur = -1, curlen = 0;
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
			n += ipv4_text(out + n, a + 12);
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
	return n;
}

void
sbuf_ipv6(struct sbuf *s, const uint8_t *a)
{
	char out[48];

	sbuf_mem(s, out, ipv6_text(out, a));
}

/*
 * "address/length" in one append: the printers of a million routes spend
 * more on three appends (and a variable-length memcpy call each) than on
 * the text. When the buffer has room for all of out, out is copied whole
 * (a fixed-size copy, no call) and the length moved by what was written.
 */
void
sbuf_prefix(struct sbuf *s, bool v6, const uint8_t *a, unsigned plen)
{
	char out[64];
	size_t n = v6 ? ipv6_text(out, a) : ipv4_text(out, a);

	out[n++] = '/';
	if (plen >= 100) {
		out[n++] = (char)('0' + plen / 100 % 10);
		memcpy(out + n, sbuf_digits2 + 2 * (plen % 100), 2);
		n += 2;
	} else if (plen >= 10) {
		memcpy(out + n, sbuf_digits2 + 2 * plen, 2);
		n += 2;
	} else
		out[n++] = (char)('0' + plen);
	if (s->len + sizeof(out) < s->cap) {
		memcpy(s->p + s->len, out, sizeof(out));
		s->len += n;
		s->p[s->len] = '\0';
	} else
		sbuf_mem(s, out, n);
}

/* ---------------------------------------------------------------- UTF-8 */

size_t
sbuf_utf8_decode(const uint8_t *p, size_t n, uint32_t *cpp)
{
	size_t need;
	uint32_t min, cp;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cpp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		need = 2; min = 0x80; cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		need = 3; min = 0x800; cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		need = 4; min = 0x10000; cp = p[0] & 0x07;
	} else
		return 0;
	for (size_t k = 1; k < need; k++) {
		if (k >= n || (p[k] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*cpp = cp;
	return need;
}

size_t
sbuf_utf8_seq(const uint8_t *p, size_t n)
{
	uint32_t cp;

	return sbuf_utf8_decode(p, n, &cp);
}

/*
 * Code points that steer a terminal or reorder what it shows rather than
 * print: C0, DEL, C1 (U+0080-U+009F: CSI, OSC, ST...), the bidi marks,
 * embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E,
 * U+2066-9), the zero-width and invisible format characters around them
 * (U+200B-D, U+2060-F), the line and paragraph separators (U+2028-9),
 * the BOM (U+FEFF) and the interlinear annotation controls (U+FFF9-B).
 */
bool
sbuf_cp_control(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{ 0x0000, 0x001F }, { 0x007F, 0x009F }, { 0x061C, 0x061C },
		{ 0x200B, 0x200F }, { 0x2028, 0x202E }, { 0x2060, 0x206F },
		{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB },
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

bool
sbuf_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = sbuf_utf8_seq(p + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}
