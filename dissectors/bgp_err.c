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

void
bgp_err_add(struct bgp_errs *e, size_t off, uint8_t code, uint8_t subcode,
    enum bgp_treat treat, const char *fmt, ...)
{
	struct bgp_err *x = entry(e, off, code, subcode, treat, 0);
	va_list ap;

	if (x == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(x->what, sizeof(x->what), fmt, ap);
	va_end(ap);
}

void
bgp_note_add(struct bgp_errs *e, size_t off, const char *fmt, ...)
{
	struct bgp_err *x = entry(e, off, BGP_ERR_NONE, BGP_ERR_SUB_NONE, BGP_TREAT_NONE, 1);
	va_list ap;

	if (x == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(x->what, sizeof(x->what), fmt, ap);
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
