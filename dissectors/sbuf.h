/*
 * sbuf.h - a bounded string builder, and the one UTF-8 validator of the
 * tree. Appends never overflow; `trunc` says that something was cut.
 * Depends on nothing but the C library.
 */
#ifndef BGPCAP_SBUF_H
#define BGPCAP_SBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sbuf {
	char *p;
	size_t len, cap;
	bool trunc;
};

static inline void
sbuf_init(struct sbuf *s, char *buf, size_t cap)
{
	s->p = buf;
	s->len = 0;
	s->cap = cap;
	s->trunc = false;
	if (cap)
		buf[0] = '\0';
}

void sbuf_mem_slow(struct sbuf *s, const char *str, size_t n);
/* Append n bytes (no NUL needed in str); cut and `trunc` when full. */
static inline void
sbuf_mem(struct sbuf *s, const char *str, size_t n)
{
	if (s->len + n >= s->cap) {
		sbuf_mem_slow(s, str, n);
		return;
	}
	memcpy(s->p + s->len, str, n);
	s->len += n;
	s->p[s->len] = '\0';
}
/* inline so that the length of a literal is known at compile time */
static inline void sbuf_put(struct sbuf *s, const char *str) { sbuf_mem(s, str, strlen(str)); }
void sbuf_putc_slow(struct sbuf *s);
/* inline: the printers append a separator between most fields */
static inline void
sbuf_putc(struct sbuf *s, char c)
{
	if (s->len + 1 >= s->cap) {
		sbuf_putc_slow(s);
		return;
	}
	s->p[s->len++] = c;
	s->p[s->len] = '\0';
}
void sbuf_printf(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_u32(struct sbuf *s, uint32_t v);
/* "00" "01" .. "99": the two digits of v at sbuf_digits2 + 2 * v */
extern const char sbuf_digits2[200];
void sbuf_hex(struct sbuf *s, const uint8_t *p, size_t n);
void sbuf_ipv4(struct sbuf *s, const uint8_t *a);
void sbuf_ipv6(struct sbuf *s, const uint8_t *a);
/* "address/length", IPv6 (RFC 5952) when v6, else IPv4; plen up to 999. */
void sbuf_prefix(struct sbuf *s, bool v6, const uint8_t *a, unsigned plen);

/*
 * RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF). sbuf_utf8_seq: the length (1..4) of the valid sequence that
 * starts at p, reading at most n bytes, or 0 if none does. It stops at the
 * first byte that is not a continuation byte, so a NUL-terminated string
 * may be passed with n = 4. sbuf_utf8_valid: all n bytes are valid UTF-8.
 */
size_t sbuf_utf8_seq(const uint8_t *p, size_t n);
/* The same, and the code point it encodes in *cp (untouched when 0). */
size_t sbuf_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp);
/* A code point that must never reach a terminal raw (C0, DEL, C1, bidi
 * and invisible format controls, line separators); see sbuf.c. */
bool sbuf_cp_control(uint32_t cp);
bool sbuf_utf8_valid(const uint8_t *p, size_t n);

#endif
