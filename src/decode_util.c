/*
 * decode_util.c - the frame decoder's bottom: what a layer reports (a
 * note, an undecodable frame, a truncated header) and the depth bound
 * every layer counts against (dec_enter, DEC_MAX_DEPTH in decode.h).
 *
 * Calls no other part of the decoder, so decode.c (link layers, tunnels)
 * and decode_ip.c (IP, TCP, ICMP) both use it without a link cycle.
 * May call: libc, the capture callbacks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"

void
dec_note(struct dctx *x, const char *what)
{
	if (x->cb != NULL && x->cb->note != NULL)
		x->cb->note(x->cb->arg, x->pi, what);
}

void
dec_undecodable(struct dctx *x, const char *what)
{
	x->c->st.undecodable++;
	dec_note(x, what);
}

/* A header runs past the bytes present: a snaplen cut if the record was
 * cut, else a frame too short for what it claims. */
void
dec_truncated(struct dctx *x, const char *what)
{
	char buf[160];

	if (x->snapcut) {
		x->c->st.truncated++;
		snprintf(buf, sizeof(buf), "%s by %s", what,
		    x->cut_why != NULL ? x->cut_why : "snaplen");
		dec_note(x, buf);
	} else {
		snprintf(buf, sizeof(buf), "%s: the frame ends early (not a snaplen cut)",
		    what);
		dec_undecodable(x, buf);
	}
}

/* One more layer, labelled in pi->encap; false (reported) beyond the bound. */
bool
dec_enter(struct dctx *x, const char *fmt, ...)
{
	char *e = x->pi->encap;
	size_t used = strlen(e);
	va_list ap;

	if (++x->depth > DEC_MAX_DEPTH) {
		dec_undecodable(x, "more than 16 encapsulation layers");
		return false;
	}
	if (used + 2 < PKT_ENCAP_LEN) {
		if (used > 0)
			e[used++] = ' ';
		va_start(ap, fmt);
		vsnprintf(e + used, PKT_ENCAP_LEN - used, fmt, ap);
		va_end(ap);
	}
	return true;
}
