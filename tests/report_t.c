/* report_t.c - the harness of the reporter's unit tests (see report_t.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "report_t.h"

void
addr(struct addr *a, const char *s)
{
	assert_true(addr_parse(s, a));
}

void
t_init(struct t *x)
{
	memset(x, 0, sizeof(*x));
	x->ctx.as4 = true;
	x->now = 1700000000;
}

void
t_start(struct t *x)
{
	char err[256];

	x->r = report_new(&x->o, err, sizeof(err));
	if (x->r == NULL)
		fail_msg("report_new: %s", err);
}

/* Flow i from a (initiator) to b:179. */
struct flow *
t_flow(struct t *x, int i, const char *a, const char *b)
{
	struct flow *f = &x->f[i];

	memset(f, 0, sizeof(*f));
	addr(&f->addr[0], a);
	addr(&f->addr[1], b);
	f->port[0] = (uint16_t)(40000 + i);
	f->port[1] = 179;
	f->id = (uint64_t)i + 1;
	memset(&x->s[i], 0, sizeof(x->s[i]));
	return f;
}

void
t_pi(struct t *x, struct pkt_info *pi, const struct flow *f, int dir, uint8_t ttl)
{
	memset(pi, 0, sizeof(*pi));
	pi->ts.tv_sec = x->now++;
	pi->ts.tv_usec = 123456;
	pi->src = f->addr[dir];
	pi->dst = f->addr[!dir];
	pi->sport = f->port[dir];
	pi->dport = f->port[!dir];
	pi->ttl = ttl;
}

void
t_ev(struct t *x, int i, int dir, enum flow_event ev, uint8_t ttl)
{
	struct pkt_info pi;

	t_pi(x, &pi, &x->f[i], dir, ttl);
	report_event(x->r, &x->f[i], dir, &pi, ev);
}

void
t_tcp_up(struct t *x, int i)
{
	t_ev(x, i, 0, FLOW_EV_SYN, 64);
	t_ev(x, i, 1, FLOW_EV_SYNACK, 64);
}

/* A message of `type` with body `hex` sent on flow i in direction dir. */
void
t_msg_inf(struct t *x, int i, int dir, uint8_t type, const char *hex, bool inferred)
{
	uint8_t b[4096];
	struct msg_view v;
	struct pkt_info pi;
	size_t n = vec_msg(b, sizeof(b), type, hex);

	memset(&v, 0, sizeof(v));
	t_pi(x, &pi, &x->f[i], dir, 255);
	v.f = &x->f[i];
	v.dir = dir;
	v.pi = &pi;
	v.ctx = &x->ctx;
	v.sess = &x->s[i];
	v.inferred = inferred;
	bgp_errs_reset(&v.errs);
	assert_int_equal(bgp_decode(b, n, v.ctx, &v.m, &v.u, &v.errs), BGP_DEC_BODY);
	assert_int_equal(v.m.type, type);
	v.hdr_ok = v.body_ok = true;
	if (type == BGP_OPEN)
		sess_open(&x->s[i], &x->f[i], dir, &v.u.open, &pi.ts);
	report_message(x->r, &v);
}

void
t_msg(struct t *x, int i, int dir, uint8_t type, const char *hex)
{
	t_msg_inf(x, i, dir, type, hex, false);
}

/* TCP up, OPENs both ways, KEEPALIVEs both ways: Established. */
void
t_session(struct t *x, int i, const char *ars)
{
	t_flow(x, i, NVA, ars);
	t_tcp_up(x, i);
	t_msg(x, i, 0, BGP_OPEN, OPEN_65001);
	t_msg(x, i, 1, BGP_OPEN, OPEN_65515);
	t_msg(x, i, 0, BGP_KEEPALIVE, "");
	t_msg(x, i, 1, BGP_KEEPALIVE, "");
}

void
t_finish(struct t *x)
{
	FILE *fp = open_memstream(&x->out, &x->outlen);
	struct obuf ob;

	assert_non_null(fp);
	assert_true(ob_open(&ob, fp, 0, false));
	x->res = report_build(x->r);
	assert_non_null(x->res);
	x->status = report_finish(x->r, &ob);
	assert_int_equal(x->status, x->res->status);
	ob_close(&ob);
	fclose(fp);
}

void
t_done(struct t *x)
{
	report_free(x->r);
	x->r = NULL;
	x->res = NULL;
	free(x->out);
	x->out = NULL;
}

/* ---------------------------------------------------------------- the report struct */

void
assert_addr(const struct addr *a, const char *want)
{
	char buf[64];

	addr_fmt(a, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

/* The session between NVA (or whoever) and peer, found by its addresses. */
const struct report_session *
t_sess(const struct t *x, const char *peer)
{
	struct addr a;

	assert_true(addr_parse(peer, &a));
	for (size_t i = 0; i < x->res->n_sessions; i++) {
		const struct report_session *s = &x->res->sessions[i];

		if (addr_eq(&s->addr[0], &a) || addr_eq(&s->addr[1], &a))
			return s;
	}
	fail_msg("no session with %s", peer);
	return NULL;
}

/* The number of violations of field (for prefix fam, -2: any). */
size_t
t_nviol(const struct t *x, enum report_field field, int fam)
{
	size_t n = 0;

	for (size_t i = 0; i < x->res->n_viol; i++)
		if (x->res->viol[i].field == field && (fam == -2 || x->res->viol[i].fam == fam))
			n++;
	return n;
}

const struct report_viol *
t_viol(const struct t *x, enum report_field field)
{
	for (size_t i = 0; i < x->res->n_viol; i++)
		if (x->res->viol[i].field == field)
			return &x->res->viol[i];
	fail_msg("no %s violation", report_field_name(field));
	return NULL;
}

const struct report_route *
t_route(const struct t *x, int fam)
{
	for (size_t i = 0; i < x->res->n_routes; i++)
		if (x->res->routes[i].fam == fam)
			return &x->res->routes[i];
	fail_msg("no route of family %d", fam);
	return NULL;
}


void
expect_nva(struct t *x)
{
	addr(&x->o.expect_nh[x->o.n_expect_nh++], FW);
	addr(&x->o.expect_peer[x->o.n_expect_peer++], ARS1);
	x->o.expect_aspath = "65001";
}

void
t_nva_good(struct t *x)
{
	t_init(x);
	expect_nva(x);
	t_start(x);
	t_session(x, 0, ARS1);
	t_msg(x, 0, 0, BGP_UPDATE, "0000" UPD_GOOD);
}

