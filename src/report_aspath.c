/*
 * report_aspath.c - the AS-path checks on the structured path.
 *
 * --expect-aspath is parsed once into tokens (an ASN of a sequence, or a
 * set / confederation segment opened and closed) and compared token by
 * token with the segments the dissectors' RFC 6793 walk yields: no
 * rendering, no length limit. The regex of --expect-aspath-regex is
 * matched, as FRR and Cisco do, against the path printed in full: the
 * buffer is sized from the attributes' lengths, never cut.
 *
 * May call: the dissectors (bgp_aspath_walk, bgp_fmt), libc.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_aspath.h"
#include "bgp_aspath.h"
#include "bgp_fmt.h"
#include "sbuf.h"

/* The most tokens an expected path may have (a 4096-byte message holds
 * fewer ASNs). */
#define ASP_MAX_TOKENS 65536

enum tok_kind { TOK_ASN, TOK_OPEN, TOK_CLOSE };

struct tok {
	uint8_t kind;
	uint8_t type;             /* TOK_OPEN: the segment type */
	uint32_t as;              /* TOK_ASN */
};

struct rep_aspath {
	struct tok *t;
	size_t n, cap;
};

static const struct {
	char open, close;
	uint8_t type;
} seg_chars[] = {
	{ '{', '}', AS_SET }, { '(', ')', AS_CONFED_SEQUENCE }, { '[', ']', AS_CONFED_SET },
};

static bool
tok_add(struct rep_aspath *p, uint8_t kind, uint8_t type, uint32_t as)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct tok *t;

		if (cap > ASP_MAX_TOKENS || (t = reallocarray(p->t, cap, sizeof(*t))) == NULL)
			return false;
		p->t = t;
		p->cap = cap;
	}
	p->t[p->n].kind = kind;
	p->t[p->n].type = type;
	p->t[p->n].as = as;
	p->n++;
	return true;
}

static int
seg_open(char c)
{
	for (size_t i = 0; i < sizeof(seg_chars) / sizeof(seg_chars[0]); i++)
		if (seg_chars[i].open == c)
			return (int)i;
	return -1;
}

/* One ASN at *s (asplain, 0..4294967295); advances *s. */
static bool
parse_asn(const char **s, uint32_t *as)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)**s))
		return false;
	errno = 0;
	v = strtoull(*s, &end, 10);
	if (errno != 0 || v > 4294967295ULL)
		return false;
	*as = (uint32_t)v;
	*s = end;
	return true;
}

struct rep_aspath *
rep_aspath_parse(const char *s, char *err, size_t errlen)
{
	struct rep_aspath *p = calloc(1, sizeof(*p));
	int open = -1;          /* index into seg_chars of the open segment */
	uint32_t as;

	if (p == NULL)
		goto nomem;
	while (*s) {
		int k;

		if (*s == ' ' || (*s == ',' && open >= 0)) {
			s++;
		} else if (open < 0 && (k = seg_open(*s)) >= 0) {
			if (!tok_add(p, TOK_OPEN, seg_chars[k].type, 0))
				goto nomem;
			open = k;
			s++;
		} else if (open >= 0 && *s == seg_chars[open].close) {
			if (!tok_add(p, TOK_CLOSE, 0, 0))
				goto nomem;
			open = -1;
			s++;
		} else if (parse_asn(&s, &as)) {
			if (!tok_add(p, TOK_ASN, 0, as))
				goto nomem;
		} else {
			snprintf(err, errlen, "--expect-aspath: not an AS path at \"%.20s\" "
			    "(ASNs, {set}, (confed sequence), [confed set])", s);
			rep_aspath_free(p);
			return NULL;
		}
	}
	if (open >= 0) {
		snprintf(err, errlen, "--expect-aspath: '%c' not closed", seg_chars[open].open);
		rep_aspath_free(p);
		return NULL;
	}
	return p;
nomem:
	snprintf(err, errlen, "--expect-aspath: out of memory or too long");
	rep_aspath_free(p);
	return NULL;
}

void
rep_aspath_free(struct rep_aspath *p)
{
	if (p == NULL)
		return;
	free(p->t);
	free(p);
}

/* Match the tokens of one segment at *i; advances *i. */
static bool
seg_equal(const struct rep_aspath *p, size_t *i, struct bgp_aspath_seg *seg)
{
	uint32_t as;
	bool wrapped = seg->type != AS_SEQUENCE;

	if (wrapped) {
		if (*i >= p->n || p->t[*i].kind != TOK_OPEN || p->t[*i].type != seg->type)
			return false;
		(*i)++;
	}
	while (bgp_aspath_asn(seg, &as)) {
		if (*i >= p->n || p->t[*i].kind != TOK_ASN || p->t[*i].as != as)
			return false;
		(*i)++;
	}
	if (wrapped) {
		if (*i >= p->n || p->t[*i].kind != TOK_CLOSE)
			return false;
		(*i)++;
	}
	return true;
}

bool
rep_aspath_equal(const struct rep_aspath *p, const struct bgp_update *u,
    const struct bgp_ctx *ctx)
{
	struct bgp_aspath_walk w;
	struct bgp_aspath_seg seg;
	struct bgp_errs scratch;
	size_t i = 0;
	int r;

	if (!bgp_update_has(u, ATTR_AS_PATH))
		return p->n == 0;
	bgp_aspath_walk_init(&w, &u->as_path.val,
	    bgp_update_has(u, ATTR_AS4_PATH) ? &u->as4_path.val : NULL, ctx->as4);
	bgp_errs_reset(&scratch);
	while ((r = bgp_aspath_walk_next(&w, &seg, &scratch)) == 1)
		if (!seg_equal(p, &i, &seg))
			return false;
	return r == 0 && i == p->n;
}

char *
rep_aspath_render(const struct bgp_update *u, const struct bgp_ctx *ctx)
{
	size_t len = 32;
	struct sbuf sb;
	char *buf;

	/* each octet of AS_PATH / AS4_PATH prints as at most 6 characters
	 * (a 2-octet ASN: 5 digits and a separator; a segment header: the
	 * brackets and a space) */
	if (bgp_update_has(u, ATTR_AS_PATH))
		len += 6 * (size_t)(u->as_path.val.end - u->as_path.val.p);
	if (bgp_update_has(u, ATTR_AS4_PATH))
		len += 6 * (size_t)(u->as4_path.val.end - u->as4_path.val.p);
	if ((buf = malloc(len)) == NULL)
		return NULL;
	sbuf_init(&sb, buf, len);
	bgp_fmt_effective_aspath(&sb, u, ctx);
	if (sb.trunc) {
		free(buf);
		return NULL;
	}
	return buf;
}
