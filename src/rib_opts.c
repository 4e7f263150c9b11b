/*
 * rib_opts.c - the route store's options (--at, --history prefixes) and
 * the names its printers share (rib.h, rib_int.h). Moved out of rib.c so
 * that the store itself stays under 1000 lines (tests/sizes.sh).
 */
#include <errno.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgpcap.h"
#include "rib_int.h"

/* ---------------------------------------------------------------- options */

bool
rib_wanted(const struct rib_opts *o)
{
	return o->rib || o->have_at || o->n_history > 0 || o->diff != NULL;
}

/* "2026-11-27T14:30:19.343168Z", "...+01:00", or seconds from the first packet. */
bool
rib_parse_at(struct rib_opts *o, const char *s)
{
	struct tm tm;
	char *end;
	double d;
	int off = 0, n = 0, oh, om;
	long usec = 0;

	memset(&tm, 0, sizeof(tm));
	errno = 0;
	d = strtod(s, &end);
	if (*s && *end == '\0' && errno == 0 && d >= 0 && d < 1e9) {
		o->at_rel = true;
		o->at.tv_sec = (time_t)d;
		o->at.tv_usec = (suseconds_t)((d - (double)o->at.tv_sec) * 1e6 + 0.5);
		if (o->at.tv_usec >= 1000000) {
			o->at.tv_sec++;
			o->at.tv_usec -= 1000000;
		}
		o->have_at = true;
		return true;
	}
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return false;
	s += n;
	if (*s == '.') {
		long scale = 100000;

		for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
			usec += (*s - '0') * scale;
	}
	if (*s == '+' || *s == '-') {
		if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || s[1 + n] != '\0')
			return false;
		off = (*s == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	} else if (strcmp(s, "Z") != 0 && strcmp(s, "z") != 0) {
		return false;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	o->at.tv_sec = timegm(&tm) - off;
	o->at.tv_usec = (suseconds_t)usec;
	o->at_rel = false;
	o->have_at = true;
	return true;
}

bool
rib_parse_prefix(struct rib_opts *o, const char *s)
{
	char buf[64], *slash;
	struct addr a;
	unsigned long len;
	unsigned max;

	if (o->n_history >= RIB_MAX_HISTORY || strlen(s) >= sizeof(buf))
		return false;
	strlcpy(buf, s, sizeof(buf));
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (!addr_parse(buf, &a))
		return false;
	max = a.af == AF_INET ? 32 : 128;
	len = max;
	if (slash) {
		char *end;

		errno = 0;
		len = strtoul(slash, &end, 10);
		if (*slash == '\0' || *end || errno || len > max)
			return false;
	}
	o->history[o->n_history].af = a.af == AF_INET ? 4 : 6;
	o->history[o->n_history].plen = (uint8_t)len;
	memset(o->history[o->n_history].addr, 0, 16);
	memcpy(o->history[o->n_history].addr, a.a, a.af == AF_INET ? 4 : 16);
	for (unsigned b = (unsigned)len; b < 128; b++)
		o->history[o->n_history].addr[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
	o->n_history++;
	return true;
}

/* ---------------------------------------------------------------- names */

const char *
rib_fam_name(uint16_t afi, uint8_t safi, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", bgp_afi_name(afi), bgp_safi_name(safi));
	return buf;
}

void
rib_put_prefix(struct sbuf *s, uint16_t afi, const uint8_t *addr, uint8_t plen)
{
	sbuf_prefix(s, afi != AFI_IPV4, addr, plen);
}

void
rib_fmt_prefix(char *buf, size_t len, uint16_t afi, const uint8_t *addr, uint8_t plen)
{
	struct sbuf s;

	sbuf_init(&s, buf, len);
	rib_put_prefix(&s, afi, addr, plen);
}
