/*
 * out.c - the output layer's front: creates the buffer, picks the printer
 * (text, JSON or --routes) once, and dispatches every record to it. -q silences the
 * per-message records here, in one place.
 */
#include <stdlib.h>

#include "out_int.h"

#define OB_CAP (1u << 20)

struct out *
out_new(FILE *fp, const struct out_opts *oo)
{
	struct out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->o = *oo;
	o->ops = oo->routes ? &out_routes_ops : oo->json ? &out_json_ops : &out_text_ops;
	if (oo->filter && oo->filter->n_prefix)
		o->pf = oo->filter;
	o->buf = malloc(OUT_BUF);
	o->buf2 = malloc(OUT_BUF);
	if (!ob_open(&o->ob, fp, OB_CAP, oo->line_buffered) || o->buf == NULL ||
	    o->buf2 == NULL) {
		out_free(o);
		return NULL;
	}
	if (oo->routes)
		out_routes_header(o);
	return o;
}

void
out_free(struct out *o)
{
	if (o == NULL)
		return;
	ob_close(&o->ob);
	free(o->buf);
	free(o->buf2);
	free(o);
}

struct obuf *
out_buf(struct out *o)
{
	return &o->ob;
}

void
out_flush(struct out *o)
{
	ob_sync(&o->ob);
}

/* End of a record: written through at once when line-buffered. */
static void
done(struct out *o)
{
	if (o->ob.line)
		ob_flush(&o->ob);
}

void
out_message(struct out *o, const struct msg_view *v)
{
	if (o->o.quiet || (o->o.filter && !flt_message(o->o.filter, v)))
		return;
	o->shown = o->hidden = 0;
	o->ops->message(o, v);
	done(o);
}

void
out_bmp(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e)
{
	/* --routes: route lines only (the monitored peers' UPDATEs are) */
	if (o->o.quiet || o->o.routes)
		return;
	if (o->o.filter && !out_bmp_shown(o->o.filter, f, m))
		return;
	if (o->o.json)
		out_bmp_json(o, f, dir, pi, m, rc, e);
	else
		out_bmp_text(o, f, dir, pi, m, rc, e);
	done(o);
}

void
out_skip(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *reason)
{
	if (o->o.quiet || (o->o.filter && !flt_record(o->o.filter, &f->addr[0], &f->addr[1])))
		return;
	o->ops->skip(o, f, dir, pi, n, reason);
	done(o);
}

void
out_event(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	/* a new flow is a line only at -vv, to say how it arrived */
	if (o->o.quiet || (ev == FLOW_EV_NEW && (o->o.verbose < 2 || !pi->encap[0])))
		return;
	if (o->o.filter && !flt_record(o->o.filter, &f->addr[0], &f->addr[1]))
		return;
	o->ops->event(o, f, dir, pi, ev, detail);
	done(o);
}

void
out_icmp(struct out *o, const struct icmp_info *ii)
{
	if (o->o.quiet || (o->o.filter && !flt_record(o->o.filter, &ii->q_src, &ii->q_dst)))
		return;
	o->ops->icmp(o, ii);
	done(o);
}

void
out_note(struct out *o, const struct pkt_info *pi, const char *what)
{
	if (o->o.quiet || (o->o.filter && !flt_record(o->o.filter, &pi->src, &pi->dst)))
		return;
	o->ops->note(o, pi, what);
	done(o);
}
