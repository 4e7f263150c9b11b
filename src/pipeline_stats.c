/*
 * pipeline_stats.c - --stats: each connection's counters per direction,
 * as a text line or a JSON object.
 */
#include "pipeline_int.h"
#include "jw.h"


static void
flow_stats_json(struct run *r, const struct flow *f, int d, const char *src, const char *dst,
    const struct counter *c, size_t n)
{
	const struct sess *s = f->user;
	struct jw j;

	jw_init(&j, out_buf(r->rout));
	jw_obj_begin(&j);
	jw_kstr(&j, "type", "flow_stats");
	jw_ku64(&j, "flow", f->id);
	jw_kstr(&j, "src", src);
	jw_ku64(&j, "sport", f->port[d]);
	jw_kstr(&j, "dst", dst);
	jw_ku64(&j, "dport", f->port[!d]);
	jw_key(&j, "messages");
	jw_obj_begin(&j);
	for (size_t i = 0; i < n; i++) {
		if (i == 6)          /* the first six are messages by type */
			jw_obj_end(&j);
		jw_ku64(&j, c[i].json, c[i].v);
	}
	if (s != NULL && s->encap[0])
		jw_kstr(&j, "encap", s->encap);
	jw_obj_end(&j);
	jw_eol(&j);
}

static void
flow_stats_text(struct run *r, const struct flow *f, int d, const char *src, const char *dst,
    const struct counter *c, size_t n)
{
	struct obuf *ob = out_buf(r->rout);
	const struct sess *s = f->user;

	ob_printf(ob, "flow %llu %s:%u > %s:%u:", (unsigned long long)f->id, src, f->port[d],
	    dst, f->port[!d]);
	for (size_t i = 0; i < n; i++)
		ob_printf(ob, "%s %s %llu", i == 6 || i == 9 ? ";" : "", c[i].text,
		    (unsigned long long)c[i].v);
	if (s != NULL && s->encap[0])
		ob_printf(ob, "; via %s", s->encap);
	ob_eol(ob);
}

void
print_flow_stats(struct run *r, struct flow *f)
{
	struct sess *s = f->user;
	char a[64], b[64];

	addr_fmt(&f->addr[0], a, sizeof(a));
	addr_fmt(&f->addr[1], b, sizeof(b));
	for (int d = 0; d < 2; d++) {
		const struct flow_dir_stats *st = &f->st[d];
		uint64_t z[6] = { 0 };
		const uint64_t *bt = s ? s->by_type[d] : z;
		/* one list, two formats; the first six are messages by type */
		const struct counter c[] = {
			{ "OPEN", "open", bt[1] }, { "UPDATE", "update", bt[2] },
			{ "NOTIFICATION", "notification", bt[3] },
			{ "KEEPALIVE", "keepalive", bt[4] },
			{ "ROUTE-REFRESH", "route-refresh", bt[5] }, { "other", "other", bt[0] },
			{ "bytes_seen", "bytes seen", st->bytes_seen },
			{ "bytes_decoded", "decoded", st->bytes_decoded },
			{ "bytes_skipped", "skipped", st->bytes_skipped },
			{ "errors", "errors", s ? s->errors[d] : 0 },
			{ "retransmissions", "retransmissions", st->retrans },
			{ "out_of_order", "out-of-order", st->ooo },
			{ "gaps", "gaps", st->gaps }, { "gap_bytes", "gap bytes", st->gap_bytes },
			{ "ttl1_packets", "ttl1", st->ttl1 },
		};
		const size_t n = sizeof(c) / sizeof(c[0]);

		if (r->ro->out.json)
			flow_stats_json(r, f, d, d ? b : a, d ? a : b, c, n);
		else
			flow_stats_text(r, f, d, d ? b : a, d ? a : b, c, n);
	}
}
