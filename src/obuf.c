/*
 * obuf.c - the output buffer (see obuf.h).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "obuf.h"

bool
ob_open(struct obuf *b, FILE *fp, size_t cap, bool line)
{
	memset(b, 0, sizeof(*b));
	if (cap < 1024)
		cap = 1024;
	b->p = malloc(cap);
	if (b->p == NULL)
		return false;
	b->cap = cap;
	b->fp = fp;
	b->line = line;
	return true;
}

void
ob_close(struct obuf *b)
{
	if (b->p)
		ob_sync(b);
	free(b->p);
	b->p = NULL;
	b->cap = b->len = 0;
}

void
ob_flush(struct obuf *b)
{
	if (b->len)
		fwrite(b->p, 1, b->len, b->fp);
	b->flushed += b->len;
	b->len = 0;
	if (b->line)
		fflush(b->fp);
}

void
ob_sync(struct obuf *b)
{
	if (b->len)
		fwrite(b->p, 1, b->len, b->fp);
	b->flushed += b->len;
	b->len = 0;
	fflush(b->fp);
}

void
ob_mem_slow(struct obuf *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		ob_flush(b);
		if (n > b->cap) {
			fwrite(s, 1, n, b->fp);
			b->flushed += n;
			return;
		}
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
ob_u64(struct obuf *b, uint64_t v)
{
	char tmp[21];
	int i = 20;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ob_mem(b, tmp + i, (size_t)(20 - i));
}

void
ob_printf(struct obuf *b, const char *fmt, ...)
{
	va_list ap, aq;
	size_t room = b->cap - b->len;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(b->p + b->len, room, fmt, ap);
	if (n >= 0 && (size_t)n >= room) {
		/* did not fit: flush, then format again into the empty buffer
		 * (or, longer than the whole buffer, straight to the FILE) */
		ob_flush(b);
		if ((size_t)n < b->cap)
			n = vsnprintf(b->p, b->cap, fmt, aq);
		else {
			vfprintf(b->fp, fmt, aq);
			n = 0;
		}
	}
	va_end(aq);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}

void
ob_sbuf(struct obuf *b, struct sbuf *s, size_t want)
{
	if (b->cap - b->len < want + 1)
		ob_flush(b);
	sbuf_init(s, b->p + b->len, b->cap - b->len);
}

void
ob_sbuf_done(struct obuf *b, const struct sbuf *s)
{
	b->len += s->len;
}
