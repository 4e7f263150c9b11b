/*
 * bgp_err.c - the error accumulator (bgp_err.h). Calls only the C library.
 */
#include <stdarg.h>
#include <stdio.h>

#include "bgp_err.h"

static struct bgp_err *
entry(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode, enum bgp_treat treat,
    uint8_t note)
{
	struct bgp_err *x;

	if (treat > e->worst)
		e->worst = (uint8_t)treat;
	e->notes += note;
	if (e->n >= BGP_MAX_ERRS) {
		e->lost++;
		return NULL;
	}
	x = &e->e[e->n++];
	x->off = (uint32_t)off;
	x->code = code;
	x->subcode = subcode;
	x->treat = (uint8_t)treat;
	x->note = note;
	return x;
}

/* One entry: the accounting of entry() and the text, for both kinds. */
static void __attribute__((format(printf, 7, 0)))
vadd(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode, enum bgp_treat treat,
    uint8_t note, const char *fmt, va_list ap)
{
	struct bgp_err *x = entry(e, off, code, subcode, treat, note);

	if (x != NULL)
		vsnprintf(x->what, sizeof(x->what), fmt, ap);
}

void
bgp_err_add(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode,
    enum bgp_treat treat, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(e, off, code, subcode, treat, 0, fmt, ap);
	va_end(ap);
}

void
bgp_note_add(struct bgp_errs *e, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(e, off, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE, 1, fmt, ap);
	va_end(ap);
}

static const char *const treat_names[] = {
	[BGP_TREAT_NONE] = "none",
	[BGP_TREAT_ATTR_DISCARD] = "attribute-discard",
	[BGP_TREAT_WITHDRAW] = "treat-as-withdraw",
	[BGP_TREAT_AFISAFI_DISABLE] = "afi-safi-disable",
	[BGP_TREAT_SESSION_RESET] = "session-reset",
};

const char *
bgp_treat_name(enum bgp_treat t)
{
	if ((unsigned)t < sizeof(treat_names) / sizeof(treat_names[0]))
		return treat_names[t];
	return "?";
}
