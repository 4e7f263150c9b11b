/*
 * bgp_err.c - the error accumulator (bgp_err.h). Calls only the C library.
 */
#include <stdarg.h>
#include <stdio.h>

#include "bgp_err.h"

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
