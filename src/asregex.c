/*
 * asregex.c - FRR/Cisco AS-path regular expressions, translated to POSIX
 * extended regular expressions: `_` becomes a group matching a boundary.
 * Inside a bracket expression `_` is a literal character and is left alone.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <regex.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "asregex.h"

#define ASRE_BOUNDARY "(^|[] ,{}()[]|$)"
#define ASRE_MAX_LEN  512       /* characters of a pattern */
#define ASRE_MAX_REP  100       /* product of the interval bounds {m,n} */
#define ASRE_MAX_NESTED 10      /* the same, over groups that repeat inside */
#define ASRE_STR_(x)  #x
#define ASRE_STR(x)   ASRE_STR_(x)

struct asre {
	regex_t re;
};

/* Translate; returns a malloc'd string or NULL. */
static char *
translate(const char *re)
{
	size_t n = strlen(re), cap = n * (sizeof(ASRE_BOUNDARY) - 1) + 1, k = 0;
	char *out = malloc(cap);
	bool in_br = false;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = re[i];

		if (in_br) {
			out[k++] = c;
			/* ']' right after '[' or '[^' is a literal member */
			if (c == ']' && !(re[i - 1] == '[' || (re[i - 1] == '^' && i >= 2 &&
			    re[i - 2] == '[')))
				in_br = false;
			continue;
		}
		if (c == '\\' && i + 1 < n) {
			out[k++] = c;
			out[k++] = re[++i];
			continue;
		}
		if (c == '[') {
			in_br = true;
			out[k++] = c;
			continue;
		}
		if (c == '_') {
			memcpy(out + k, ASRE_BOUNDARY, sizeof(ASRE_BOUNDARY) - 1);
			k += sizeof(ASRE_BOUNDARY) - 1;
			continue;
		}
		out[k++] = c;
	}
	out[k] = '\0';
	return out;
}

/*
 * What keeps a match bounded. glibc's regexec backtracks: back-references
 * (a glibc extension, not in FRR's dialect) and nested repetition such as
 * ^((.*)*_){1,30}x run for minutes on a 255-character path, and interval
 * bounds multiply the automaton ((.(^| |$)){1,1000}x takes 2 s). So: no
 * back-reference, interval bounds whose product is at most ASRE_MAX_REP,
 * and at most ASRE_MAX_NESTED over groups that repeat inside
 * (^((.*)_){1,30}(.*)*x(.*)*$ never ends, {1,12} takes 2 ms), a bounded
 * length. The
 * subject is bounded too (the AS path text, 255 characters). With these
 * the worst patterns found match a 255-character path in under 20 ms.
 * 0, or -1 with err.
 */
struct scan {
	unsigned long prod;      /* product of interval bounds so far */
	unsigned long nested;    /* the same, of intervals over repeating groups */
	int depth;
	bool inner[ASRE_MAX_LEN + 1]; /* group at depth d repeats inside */
	bool closed_rep;         /* the atom just closed is such a group */
};

static int
scan_fail(char *err, size_t errlen, const char *re, const char *why)
{
	snprintf(err, errlen, "AS-path regular expression '%s': %s", re, why);
	return -1;
}

/* A quantifier at p (after an atom): note it, refuse what would explode. */
static int
quantifier(struct scan *sc, const char *p, const char *re, char *err, size_t errlen)
{
	char *end;
	unsigned long m, n;

	for (int d = 0; d <= sc->depth; d++)
		sc->inner[d] = true;
	if (*p != '{')
		return 0;
	m = strtoul(p + 1, &end, 10);
	n = m;
	if (*end == ',')
		n = end[1] == '}' ? m + 1 : strtoul(end + 1, &end, 10);
	if (n > ASRE_MAX_REP || (sc->prod *= n ? n : 1) > ASRE_MAX_REP)
		return scan_fail(err, errlen, re, "repetition counts multiply to more "
		    "than " ASRE_STR(ASRE_MAX_REP));
	if (sc->closed_rep && (n > ASRE_MAX_NESTED ||
	    (sc->nested *= n ? n : 1) > ASRE_MAX_NESTED))
		return scan_fail(err, errlen, re, "nested repetition: a group that repeats "
		    "inside may be repeated at most " ASRE_STR(ASRE_MAX_NESTED) " times");
	return 0;
}

static int
bounded(const char *re, char *err, size_t errlen)
{
	struct scan sc = { .prod = 1, .nested = 1 };
	bool in_br = false;

	if (strlen(re) > ASRE_MAX_LEN)
		return scan_fail(err, errlen, "...", "longer than " ASRE_STR(ASRE_MAX_LEN) " characters");
	for (const char *p = re; *p; p++) {
		bool closed = false;

		if (in_br) {
			in_br = !(*p == ']' && p[-1] != '[' && !(p[-1] == '^' && p - re >= 2 && p[-2] == '['));
			continue;
		}
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return scan_fail(err, errlen, re, "back-references (\\1 to \\9) are not "
			    "supported: FRR's AS-path regular expressions have none");
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '[')
			in_br = true;
		else if (*p == '(' && sc.depth < ASRE_MAX_LEN)
			sc.inner[++sc.depth] = false;
		else if (*p == ')' && sc.depth > 0)
			closed = sc.inner[sc.depth--];
		else if ((*p == '*' || *p == '+' || *p == '?' || *p == '{') &&
		    quantifier(&sc, p, re, err, errlen) != 0)
			return -1;
		if (*p == '{')
			while (p[1] && p[1] != '}')
				p++;
		sc.closed_rep = closed;
	}
	return 0;
}

struct asre *
asre_compile(const char *re, char *err, size_t errlen)
{
	struct asre *h;
	char *ere;
	int rc;

	if (re == NULL || *re == '\0') {
		strlcpy(err, "empty AS-path regular expression", errlen);
		return NULL;
	}
	if (bounded(re, err, errlen) != 0)
		return NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL || (ere = translate(re)) == NULL) {
		free(h);
		strlcpy(err, "out of memory", errlen);
		return NULL;
	}
	rc = regcomp(&h->re, ere, REG_EXTENDED | REG_NOSUB);
	free(ere);
	if (rc != 0) {
		char msg[128];

		regerror(rc, &h->re, msg, sizeof(msg));
		snprintf(err, errlen, "bad AS-path regular expression '%s': %s", re, msg);
		free(h);
		return NULL;
	}
	return h;
}

bool
asre_match(const struct asre *h, const char *aspath)
{
	return h != NULL && regexec(&h->re, aspath, 0, NULL, 0) == 0;
}

void
asre_free(struct asre *h)
{
	if (h == NULL)
		return;
	regfree(&h->re);
	free(h);
}
