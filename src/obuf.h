/*
 * obuf.h - the output buffer: every byte bgpcap writes to stdout goes
 * through one of these. A record (a line) is built in memory and written
 * with one fwrite when the buffer fills (files) or at the end of every
 * record when line-buffered (live, so `| grep` sees messages as they
 * arrive). Formatters write straight into its free space through an sbuf.
 *
 * Owns: the bytes not yet written and the FILE they go to (nobody else
 * writes to that FILE while an obuf is open on it).
 * May call: stdio, the sbuf of dissectors/bgp.h.
 */
#ifndef BGPCAP_OBUF_H
#define BGPCAP_OBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "bgp.h"
#include "sbuf.h"

struct obuf {
	char *p;
	size_t len, cap;
	FILE *fp;
	bool line;               /* flush after every record */
	uint64_t flushed;        /* bytes handed to fp so far */
};

/* A buffer of cap bytes (at least 1024) over fp; false when out of memory. */
bool ob_open(struct obuf *b, FILE *fp, size_t cap, bool line);
/* Flush and free the memory (fp stays open). */
void ob_close(struct obuf *b);
/* Write what is buffered, and fflush(fp) when line-buffered. */
void ob_flush(struct obuf *b);
/* Write what is buffered and fflush(fp), whatever the mode. */
void ob_sync(struct obuf *b);

void ob_mem_slow(struct obuf *b, const void *s, size_t n);
static inline void
ob_mem(struct obuf *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		ob_mem_slow(b, s, n);
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}
static inline void ob_put(struct obuf *b, const char *s) { ob_mem(b, s, strlen(s)); }
static inline void
ob_putc(struct obuf *b, char c)
{
	if (b->len + 1 > b->cap)
		ob_flush(b);
	b->p[b->len++] = c;
}
void ob_u64(struct obuf *b, uint64_t v);
/* printf into the buffer, never cut: what does not fit the free space is
 * formatted again after a flush. */
void ob_printf(struct obuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An sbuf over the free space (at least `want` bytes); ob_sbuf_done commits it. */
void ob_sbuf(struct obuf *b, struct sbuf *s, size_t want);
void ob_sbuf_done(struct obuf *b, const struct sbuf *s);
/* End of one record (a line): flush when line-buffered. */
static inline void ob_eol(struct obuf *b) { ob_putc(b, '\n'); if (b->line) ob_flush(b); }

#endif
