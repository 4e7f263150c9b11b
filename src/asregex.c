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
