/*
 * nlri_walk.h - the NLRI tests' walker (test_bgp_nlri.c, test_bgp_ls.c):
 * decode a list of one family from hex, every route's text joined by
 * "; ", the first route's structured form, and the errors.
 */
#ifndef BGPCAP_TEST_NLRI_WALK_H
#define BGPCAP_TEST_NLRI_WALK_H

#include "vec.h"
#include "bgp_describe.h"

struct walk {
	uint8_t b[4096];
	char text[4096];
	struct temit t;          /* the first route, structured */
	struct bgp_errs e;
	int n, r;
};

/* Walk an NLRI list of one family: every route's text joined by "; ". */
static inline void
walk(struct walk *w, uint16_t afi, uint8_t safi, bool addpath, const char *hex)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct cur c;
	struct sbuf s;
	size_t len;

	memset(w, 0, sizeof(*w));
	temit_init(&w->t);
	bgp_errs_reset(&w->e);
	len = vec_hex(w->b, sizeof(w->b), hex);
	cur_init(&c, w->b, len);
	bgp_nlri_iter_init(&it, &c, afi, safi, addpath);
	it.treat = BGP_TREAT_AFISAFI_DISABLE;
	sbuf_init(&s, w->text, sizeof(w->text));
	while ((w->r = bgp_nlri_next(&it, &p, &w->e)) == 1) {
		assert_true(p.opaque);
		assert_false(bgp_prefix_is_default(&p));
		if (w->n++)
			sbuf_put(&s, "; ");
		bgp_fmt_nlri(&s, &p);
		if (w->n == 1)
			bgp_nlri_describe(&p, &w->t.e);
	}
}

static inline bool
has_err(const struct walk *w, uint32_t off, uint8_t treat, const char *sub)
{
	for (unsigned i = 0; i < w->e.n; i++)
		if (w->e.e[i].off == off && w->e.e[i].treat == treat && strstr(w->e.e[i].what, sub))
			return true;
	for (unsigned i = 0; i < w->e.n; i++)
		print_message("error @%u treat %u: %s\n", w->e.e[i].off, w->e.e[i].treat, w->e.e[i].what);
	return false;
}

#endif
