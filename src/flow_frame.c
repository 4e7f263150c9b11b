/*
 * flow_frame.c - BGP framing of one direction's in-order bytes.
 *
 * Framing works on the in-order bytes. When nothing is buffered, whole
 * messages are handed out straight from the segment payload (zero copy);
 * only a partial tail (at most one message) is copied into the buffer. When
 * something is buffered, exactly the bytes needed to complete the pending
 * header/message are appended, and the rest of the segment goes zero copy
 * again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmp.h"
#include "cursor.h"
#include "flow_int.h"

static const uint8_t marker[16] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};


/* -------------------------------------------------------------- framing */

enum { H_OK, H_PARTIAL, H_BAD };

/*
 * Classify the bytes at p as a BGP header. strict: out of sync, the type
 * must be 1..5. A length above max_msg is accepted only with a known type.
 */
static int
hdr_check(const uint8_t *p, size_t n, bool strict, uint32_t max_msg, uint32_t *lenp)
{
	struct cur c;
	uint16_t len;
	uint8_t type;
	bool known;
	size_t m = n < sizeof(marker) ? n : sizeof(marker);

	if (memcmp(p, marker, m) != 0)
		return H_BAD;
	cur_init(&c, p, n);
	if (!cur_skip(&c, sizeof(marker)) || !cur_u16(&c, &len))
		return H_PARTIAL;
	if (len < BGP_HDR_LEN)
		return H_BAD;
	if (!cur_u8(&c, &type))
		return H_PARTIAL;
	known = type >= 1 && type <= 5;
	if (!known && (strict || len > max_msg))
		return H_BAD;
	*lenp = len;
	return H_OK;
}

/*
 * A BMP stream (RFC 7854): version 3, a 32-bit length, the type. In sync a
 * type this decoder does not know is handed out (the dissector shows it as
 * type/length/hex) unless its length is beyond BMP_MAX_LEN; out of sync
 * the type must be known and the length plausible. *why: the reason a
 * header was refused.
 */
#define BMP_MAX_LEN (16u * 1024 * 1024)

static int
bmp_check(const uint8_t *p, size_t n, bool strict, uint32_t *lenp, const char **why)
{
	struct bmp_hdr h;
	struct bmp_err e;
	int r = bmp_hdr_check(p, n, strict, &h, &e);

	if (r == 0)
		return H_PARTIAL;
	if (r < 0 || h.len > BMP_MAX_LEN) {
		*why = r < 0 ? e.what : "BMP length above 16 MiB";
		return H_BAD;
	}
	*lenp = h.len;
	return H_OK;
}

/* The flow's framer: BGP, or BMP (the layer above set f->bmp). */
static int
frame_check(const struct flow_priv *fp, struct dstate *ds, const uint8_t *p, size_t n,
    bool strict, uint32_t max_msg, uint32_t *lenp)
{
	const char *why = NULL;
	int h;

	if (!fp->pub.bmp)
		return hdr_check(p, n, strict, max_msg, lenp);
	h = bmp_check(p, n, strict, lenp, &why);
	if (h == H_BAD && ds != NULL && ds->pend == 0)
		ds->bad_why = why;
	return h;
}

/* First position >= from where a (strict) header could start. */
static size_t
next_candidate(const struct flow_priv *fp, const uint8_t *p, size_t n, size_t from,
    uint32_t max_msg)
{
	size_t j = from;
	uint32_t len;
	int first = fp->pub.bmp ? BMP_VERSION : 0xff;

	while (j < n) {
		const uint8_t *ff = memchr(p + j, first, n - j);

		if (ff == NULL)
			return n;
		j = (size_t)(ff - p);
		if (frame_check(fp, NULL, p + j, n - j, true, max_msg, &len) != H_BAD)
			return j;
		j++;
	}
	return n;
}

/* The length of the message whose header is complete in buf. */
static size_t
frame_len(const struct flow_priv *fp, const uint8_t *buf)
{
	if (fp->pub.bmp)
		return (size_t)buf[1] << 24 | (size_t)buf[2] << 16 | (size_t)buf[3] << 8 | buf[4];
	return (size_t)buf[16] << 8 | buf[17];
}

static void
pend_flush(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flush_ctx ctx)
{
	struct dstate *ds = &fp->d[d];
	char why[160];

	if (ds->pend == 0) {
		ds->pend_kind = PEND_NONE;
		return;
	}
	if (ds->pend_kind == PEND_DROP) {
		snprintf(why, sizeof(why),
		    "message of %u bytes exceeds buffer limit %zu: skipped%s",
		    (unsigned)ds->drop_len, t->lim.max_buf,
		    ds->drop_left > 0 ? " (incomplete)" : "");
	} else if (ctx == FL_FOUND) {
		snprintf(why, sizeof(why),
		    "not a %s header%s%s%s: resynchronised after %llu bytes",
		    fp->pub.bmp ? "BMP" : "BGP", ds->bad_why ? " (" : "",
		    ds->bad_why ? ds->bad_why : "", ds->bad_why ? ")" : "",
		    (unsigned long long)ds->pend);
	} else {
		snprintf(why, sizeof(why),
		    "not a %s header%s%s%s: %llu bytes without a valid header before %s",
		    fp->pub.bmp ? "BMP" : "BGP", ds->bad_why ? " (" : "",
		    ds->bad_why ? ds->bad_why : "", ds->bad_why ? ")" : "",
		    (unsigned long long)ds->pend,
		    ctx == FL_GAP ? "gap" : "end of stream");
	}
	ds->bad_why = NULL;
	fl_emit_skip(t, fp, d, pi, ds->pend, why, true);
	ds->pend = 0;
	ds->pend_kind = PEND_NONE;
}

static void
pend_add(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum pend_kind k, uint64_t n)
{
	struct dstate *ds = &fp->d[d];

	if (ds->pend_kind != k && ds->pend > 0)
		pend_flush(t, fp, d, pi, FL_FOUND);
	ds->pend_kind = k;
	ds->pend += n;
}

/*
 * Frame messages out of [p, p+n): hand out whole messages, skip junk.
 * Returns the number of bytes consumed; the rest is a partial header or
 * message (or nothing). Stops early when an oversized message is being
 * dropped (drop_left > 0).
 */
static size_t
frame_scan(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const uint8_t *p, size_t n)
{
	struct dstate *ds = &fp->d[d];
	struct flow_dir_stats *st = &fp->pub.st[d];
	uint32_t max_msg = fp->pub.max_msg[d];
	size_t i = 0;

	while (i < n && ds->drop_left == 0) {
		uint32_t len = 0;
		int h = frame_check(fp, ds, p + i, n - i, !ds->synced, max_msg, &len);

		if (h == H_PARTIAL)
			break;
		if (h == H_BAD) {
			size_t j = next_candidate(fp, p, n, i + 1, max_msg);

			ds->synced = false;
			pend_add(t, fp, d, pi, PEND_RESYNC, j - i);
			i = j;
			continue;
		}
		if (len > t->lim.max_buf) {
			size_t avail = n - i < len ? n - i : len;
			char why[128];

			if (ds->pend_kind == PEND_RESYNC)
				pend_flush(t, fp, d, pi, FL_FOUND);
			snprintf(why, sizeof(why),
			    "%s message of %u bytes exceeds buffer limit %zu: skipped",
			    fp->pub.bmp ? "BMP" : "BGP", (unsigned)len, t->lim.max_buf);
			fl_emit_event(t, fp, d, pi, FLOW_EV_LIMIT, why);
			fl_cut(fp, d, len, "message exceeds the buffer limit");
			ds->synced = true;
			ds->drop_len = len;
			pend_add(t, fp, d, pi, PEND_DROP, avail);
			ds->drop_left = len - avail;
			i += avail;
			if (ds->drop_left == 0)
				pend_flush(t, fp, d, pi, FL_FOUND);
			continue;
		}
		if (n - i < len)
			break;
		if (ds->pend > 0)
			pend_flush(t, fp, d, pi, FL_FOUND);
		ds->synced = true;
		st->messages++;
		st->bytes_decoded += len;
		if (t->cb.message != NULL)
			t->cb.message(t->cb.arg, &fp->pub, d, pi, p + i, len);
		i += len;
	}
	return i;
}

static bool
buf_reserve(struct flow_table *t, struct flow_priv *fp, struct dstate *ds, size_t want)
{
	size_t ncap;
	uint8_t *nb;

	if (want <= ds->cap)
		return true;
	/* start small: a partial message of a few bytes must not cost a page
	 * per direction (100,000 idle connections would take 800 MB) */
	ncap = ds->cap ? ds->cap : 64;
	while (ncap < want)
		ncap *= 2;
	/* and all flows' partial messages together stay within a budget,
	 * shared fairly (flow_budget.c) */
	if (t->buf_total - ds->cap + ncap > t->lim.max_buf_total &&
	    !fl_budget_room(t, fp, BUDGET_BUF, ncap - ds->cap, NULL))
		return false;
	nb = realloc(ds->buf, ncap);
	if (nb == NULL)
		return false;
	t->buf_total = t->buf_total - ds->cap + ncap;
	ds->buf = nb;
	ds->cap = ncap;
	return true;
}

#define NOMEM "no memory left for a partial message (this flow is over its share of " \
	"the budget of all flows, or allocation failed)"

/* Discard framing state at a gap or at the end of the stream. */
void
fl_frame_reset(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, enum flush_ctx ctx)
{
	struct dstate *ds = &fp->d[d];

	if (ds->pend > 0)
		pend_flush(t, fp, d, pi, ctx);
	ds->drop_left = 0;
	if (ds->len > 0) {
		fl_emit_skip(t, fp, d, pi, ds->len, ctx == FL_GAP ?
		    "incomplete message before gap" : t->end_why, true);
		ds->len = 0;
	}
	ds->synced = false;
}

/* In-order stream bytes enter here. */
void
fl_frame_feed(struct flow_table *t, struct flow_priv *fp, int d,
    const struct pkt_info *pi, const uint8_t *p, size_t n)
{
	struct dstate *ds = &fp->d[d];

	fp->pub.st[d].bytes_seen += n;
	while (n > 0) {
		size_t need, k, c;

		if (ds->drop_left > 0) {
			k = n < ds->drop_left ? n : (size_t)ds->drop_left;
			ds->pend += k;
			ds->drop_left -= k;
			p += k;
			n -= k;
			if (ds->drop_left == 0)
				pend_flush(t, fp, d, pi, FL_FOUND);
			continue;
		}
		if (ds->len == 0) {
			/* zero copy: messages straight from the payload */
			c = frame_scan(t, fp, d, pi, p, n);
			p += c;
			n -= c;
			if (ds->drop_left > 0 || n == 0)
				continue;
			if (!buf_reserve(t, fp, ds, n)) {
				fl_emit_skip(t, fp, d, pi, n, NOMEM, true);
				fl_cut(fp, d, n, "partial-message budget of all flows");
				ds->synced = false;
				return;
			}
			memcpy(ds->buf, p, n);
			ds->len = n;
			return;
		}
		/* complete the pending header, then the pending message */
		size_t hlen = fp->pub.bmp ? BMP_HDR_LEN : BGP_HDR_LEN;

		if (ds->len < hlen)
			need = hlen - ds->len;
		else {
			size_t len = frame_len(fp, ds->buf);

			need = len > ds->len ? len - ds->len : 1;
		}
		k = n < need ? n : need;
		if (!buf_reserve(t, fp, ds, ds->len + k)) {
			fl_emit_skip(t, fp, d, pi, ds->len + n, NOMEM, true);
			fl_cut(fp, d, ds->len + n, "partial-message budget of all flows");
			ds->len = 0;
			ds->synced = false;
			return;
		}
		memcpy(ds->buf + ds->len, p, k);
		ds->len += k;
		p += k;
		n -= k;
		c = frame_scan(t, fp, d, pi, ds->buf, ds->len);
		if (c > 0) {
			memmove(ds->buf, ds->buf + c, ds->len - c);
			ds->len -= c;
		}
	}
}

