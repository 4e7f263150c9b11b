/*
 * report_msg.c - the shutdown communications (RFC 9003) the reporter
 * keeps, stored once each.
 *
 * A NOTIFICATION's text is up to 255 bytes and most NOTIFICATIONs carry
 * none, yet a copy of the NOTIFICATION sits in a pair's history and in up
 * to three of its causes. So struct report_ntf points to the text here:
 * every distinct text once, NUL-terminated, found again by its bytes.
 *
 * Bounded: texts no pair refers to any more (a cause or a history slot
 * overwritten) are collected when the store has doubled since the last
 * collection, by marking the texts the pairs refer to (their NOTIFICATION
 * history and their three causes: the only places a report_ntf is kept
 * during the run). The store then holds at most twice what the pairs
 * refer to, plus REP_MSG_SLACK texts.
 *
 * May call: libc only (it reads the pairs' fields).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define REP_MSG_SLACK 256

struct rmsg {
	uint32_t hash;
	uint8_t len;
	bool mark;
	uint8_t b[];              /* len bytes, then a NUL */
};

struct rep_msgs {
	struct rmsg **slot;       /* open addressing, NULL: empty */
	size_t cap, n;            /* cap: a power of two, > 2 n */
	size_t gc_at;             /* collect before the store grows past this */
};

static uint32_t
msg_hash(const uint8_t *b, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void
put(struct rmsg **slot, size_t cap, struct rmsg *e)
{
	size_t i = e->hash & (cap - 1);

	while (slot[i] != NULL)
		i = (i + 1) & (cap - 1);
	slot[i] = e;
}

/* Rehash the entries kept (all, or the marked ones) into `cap` slots. */
static bool
rebuild(struct rep_msgs *m, size_t cap, bool marked_only)
{
	struct rmsg **ns = calloc(cap, sizeof(*ns));

	if (ns == NULL)
		return false;
	m->n = 0;
	for (size_t i = 0; i < m->cap; i++) {
		struct rmsg *e = m->slot[i];

		if (e == NULL)
			continue;
		if (marked_only && !e->mark) {
			free(e);
			continue;
		}
		put(ns, cap, e);
		m->n++;
	}
	free(m->slot);
	m->slot = ns;
	m->cap = cap;
	return true;
}

static void
mark(const uint8_t *msg)
{
	if (msg != NULL)
		((struct rmsg *)(void *)(msg - offsetof(struct rmsg, b)))->mark = true;
}

static void
collect(struct report *r, struct rep_msgs *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slot[i] != NULL)
			m->slot[i]->mark = false;
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct pair *p = &r->pairs[i];

		for (unsigned k = 0; k < p->n_ntf; k++)
			mark(p->ntf[k].msg);
		mark(p->down_cause.ntf.msg);
		mark(p->est_down_cause.ntf.msg);
		mark(p->open_err.ntf.msg);
	}
	if (rebuild(m, m->cap, true))
		m->gc_at = 2 * m->n + REP_MSG_SLACK;
}

static const uint8_t *
lookup(const struct rep_msgs *m, const uint8_t *b, size_t len, uint32_t h)
{
	for (size_t i = h & (m->cap - 1); m->slot[i] != NULL; i = (i + 1) & (m->cap - 1)) {
		const struct rmsg *e = m->slot[i];

		if (e->hash == h && e->len == len && memcmp(e->b, b, len) == 0)
			return e->b;
	}
	return NULL;
}

const uint8_t *
rep_msg_intern(struct report *r, const uint8_t *b, size_t len)
{
	struct rep_msgs *m = r->msgs;
	uint32_t h = msg_hash(b, len);
	const uint8_t *found;
	struct rmsg *e;

	if (len == 0 || len > 255)
		return NULL;
	if (m == NULL) {
		if ((m = calloc(1, sizeof(*m))) == NULL || !rebuild(m, 64, false)) {
			free(m);
			return NULL;
		}
		m->gc_at = REP_MSG_SLACK;
		r->msgs = m;
	}
	if ((found = lookup(m, b, len, h)) != NULL)
		return found;
	if (m->n >= m->gc_at)
		collect(r, m);
	if (2 * (m->n + 1) >= m->cap && !rebuild(m, 2 * m->cap, false))
		return NULL;
	if ((e = malloc(sizeof(*e) + len + 1)) == NULL)
		return NULL;
	e->hash = h;
	e->len = (uint8_t)len;
	e->mark = false;
	memcpy(e->b, b, len);
	e->b[len] = 0;
	put(m->slot, m->cap, e);
	m->n++;
	return e->b;
}

size_t
rep_msg_count(const struct report *r)
{
	return r->msgs ? r->msgs->n : 0;
}

void
rep_msg_free(struct report *r)
{
	struct rep_msgs *m = r->msgs;

	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i]);
	free(m->slot);
	free(m);
	r->msgs = NULL;
}
