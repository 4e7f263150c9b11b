/*
 * cursor.h - the one bounds-checked reader for bytes from the wire.
 *
 * A cursor is a view [p, end) into a buffer whose first byte is `base`
 * (the start of the BGP message, so that offsets in diagnostics are
 * message-relative). Every read checks the remaining length, converts
 * byte order, and on failure returns false WITHOUT advancing.
 */
#ifndef BGPCAP_CURSOR_H
#define BGPCAP_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *base; /* start of the enclosing message (for offsets) */
	const uint8_t *p;    /* next byte to read */
	const uint8_t *end;  /* one past the last readable byte */
};

static inline void
cur_init(struct cur *c, const uint8_t *buf, size_t len)
{
	c->base = buf;
	c->p = buf;
	c->end = len > 0 ? buf + len : buf; /* NULL + 0 is undefined in C */
}

static inline size_t
cur_left(const struct cur *c)
{
	return (size_t)(c->end - c->p);
}

static inline size_t
cur_off(const struct cur *c)
{
	return (size_t)(c->p - c->base);
}

static inline bool
cur_u8(struct cur *c, uint8_t *v)
{
	if (cur_left(c) < 1)
		return false;
	*v = c->p[0];
	c->p += 1;
	return true;
}

static inline bool
cur_u16(struct cur *c, uint16_t *v)
{
	if (cur_left(c) < 2)
		return false;
	*v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return true;
}

static inline bool
cur_u24(struct cur *c, uint32_t *v)
{
	if (cur_left(c) < 3)
		return false;
	*v = (uint32_t)c->p[0] << 16 | (uint32_t)c->p[1] << 8 | c->p[2];
	c->p += 3;
	return true;
}

static inline bool
cur_u32(struct cur *c, uint32_t *v)
{
	if (cur_left(c) < 4)
		return false;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return true;
}

static inline bool
cur_u64(struct cur *c, uint64_t *v)
{
	uint32_t hi, lo;
	struct cur save = *c;

	if (!cur_u32(c, &hi) || !cur_u32(c, &lo)) {
		*c = save;
		return false;
	}
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Point *out at the next n bytes and advance past them. */
static inline bool
cur_bytes(struct cur *c, size_t n, const uint8_t **out)
{
	if (cur_left(c) < n)
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

/* Copy the next n bytes into dst. */
static inline bool
cur_copy(struct cur *c, void *dst, size_t n)
{
	if (cur_left(c) < n)
		return false;
	memcpy(dst, c->p, n);
	c->p += n;
	return true;
}

static inline bool
cur_skip(struct cur *c, size_t n)
{
	if (cur_left(c) < n)
		return false;
	c->p += n;
	return true;
}

/*
 * Cut a sub-cursor of exactly n bytes (same base, so offsets stay
 * message-relative) and advance the parent past them.
 */
static inline bool
cur_sub(struct cur *c, size_t n, struct cur *sub)
{
	if (cur_left(c) < n)
		return false;
	sub->base = c->base;
	sub->p = c->p;
	sub->end = c->p + n;
	c->p += n;
	return true;
}

#endif
