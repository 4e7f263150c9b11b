/*
 * test_bgp_aspath.c - AS path segments (RFC 4271 4.3, RFC 5065), the
 * checks (RFC 4271 9.1.2.2 counting, RFC 7607 AS 0) and the RFC 6793
 * 4.2.3 merge walk, from byte vectors of the attribute value.
 */
#include "vec.h"

struct pv {
	uint8_t b[256];
	struct cur c;
};

/* An attribute value from hex (offsets count from its first byte). */
static const struct cur *
pv(struct pv *p, const char *hex)
{
	cur_init(&p->c, p->b, vec_hex(p->b, sizeof(p->b), hex));
	return &p->c;
}

/* What a walk yields, one segment a word: "S" set, "Q" sequence, "C"
 * confed sequence, "D" confed set, then the ASNs and /asn_len. */
static const char *
walked(char *out, size_t cap, struct bgp_aspath_walk *w, int *last)
{
	static const char tn[] = "?SQCD";
	struct bgp_aspath_seg seg;
	struct bgp_errs e;
	struct sbuf s;
	uint32_t as;

	bgp_errs_reset(&e);
	sbuf_init(&s, out, cap);
	while ((*last = bgp_aspath_walk_next(w, &seg, &e)) == 1) {
		if (s.len)
			sbuf_putc(&s, ' ');
		sbuf_putc(&s, tn[seg.type]);
		while (bgp_aspath_asn(&seg, &as))
			sbuf_printf(&s, ":%u", as);
		sbuf_printf(&s, "/%u", seg.asn_len);
	}
	assert_false(s.trunc);
	return out;
}

static const char *
walk(char *out, size_t cap, const struct cur *p2, const struct cur *p4, bool as4)
{
	struct bgp_aspath_walk w;
	int last;

	bgp_aspath_walk_init(&w, p2, p4, as4);
	walked(out, cap, &w, &last);
	assert_int_equal(last, 0);
	return out;
}

/* segment header (type, count), ASNs read in the session's width */
static void
t_iter(void **state)
{
	struct pv p;
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg s;
	struct bgp_errs e;
	uint32_t as;

	(void)state;
	bgp_errs_reset(&e);
	/* AS_SEQUENCE 65001 65002, AS_SET {10}: 2-octet */
	bgp_aspath_iter_init(&it, pv(&p, "02 02 fde9 fdea 01 01 000a"), 2);
	assert_int_equal(bgp_aspath_next(&it, &s, &e), 1);
	assert_int_equal(s.type, AS_SEQUENCE);
	assert_int_equal(s.count, 2);
	assert_int_equal(s.asn_len, 2);
	assert_int_equal(cur_off(&s.asns), 2);
	assert_true(bgp_aspath_asn(&s, &as));
	assert_int_equal(as, 65001);
	assert_true(bgp_aspath_asn(&s, &as));
	assert_int_equal(as, 65002);
	assert_false(bgp_aspath_asn(&s, &as));
	assert_int_equal(bgp_aspath_next(&it, &s, &e), 1);
	assert_int_equal(s.type, AS_SET);
	assert_true(bgp_aspath_asn(&s, &as));
	assert_int_equal(as, 10);
	assert_int_equal(bgp_aspath_next(&it, &s, &e), 0);
	assert_int_equal(e.n, 0);
	/* 4-octet: AS_CONFED_SET [4200000000] */
	bgp_aspath_iter_init(&it, pv(&p, "04 01 fa56ea00"), 4);
	assert_int_equal(bgp_aspath_next(&it, &s, &e), 1);
	assert_int_equal(s.type, AS_CONFED_SET);
	assert_true(bgp_aspath_asn(&s, &as));
	assert_int_equal(as, 4200000000u);
	assert_int_equal(e.n, 0);
}

/* malformed segments: Malformed AS_PATH (3/11) at the segment's offset */
static void
t_iter_errors(void **state)
{
	static const struct { const char *hex; unsigned asn_len, off; } T[] = {
		{ "02 03 fde9 fdea", 2, 0 },        /* count 3, two ASNs follow */
		{ "02 01 fde9 02", 2, 4 },          /* second header cut */
		{ "02 01 fde9", 4, 0 },             /* 2-octet bytes read as 4 */
		{ "05 01 fde9", 2, 0 },             /* type 5 */
		{ "00 01 fde9", 2, 0 },             /* type 0 */
		{ "02 01 fde9 02 00", 2, 4 },       /* a segment of length zero */
	};
	struct pv p;
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg s;
	struct bgp_errs e;
	size_t hops;
	int r;

	(void)state;
	for (size_t i = 0; i < sizeof(T) / sizeof(T[0]); i++) {
		bgp_errs_reset(&e);
		bgp_aspath_iter_init(&it, pv(&p, T[i].hex), T[i].asn_len);
		while ((r = bgp_aspath_next(&it, &s, &e)) == 1)
			;
		assert_int_equal(r, -1);
		assert_int_equal(e.n, 1);
		assert_err(&e, T[i].off, BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, BGP_TREAT_WITHDRAW);
		bgp_errs_reset(&e);
		assert_int_equal(bgp_aspath_check(pv(&p, T[i].hex), T[i].asn_len, &e, &hops), -1);
	}
}

/* RFC 4271 9.1.2.2: a set counts one, confederation segments none; AS 0 */
static void
t_check(void **state)
{
	struct pv p;
	struct bgp_errs e;
	size_t hops;

	(void)state;
	bgp_errs_reset(&e);
	assert_int_equal(bgp_aspath_check(pv(&p, ""), 2, &e, &hops), 0);
	assert_int_equal(hops, 0);
	assert_int_equal(bgp_aspath_check(pv(&p,
	    "03 02 0001 0002  02 02 fde9 fdea  01 03 000a 000b 000c  04 01 0005"),
	    2, &e, &hops), 4);
	assert_int_equal(hops, 3);
	assert_int_equal(e.n, 0);
	assert_false(bgp_aspath_has_as0(pv(&p, "02 02 fde9 fdea"), 2));
	assert_true(bgp_aspath_has_as0(pv(&p, "02 02 fde9 0000"), 2));
	assert_true(bgp_aspath_has_as0(pv(&p, "01 01 00000000"), 4));
	assert_false(bgp_aspath_has_as0(pv(&p, "02 01 00010000"), 4));
}

/* without AS4_PATH, or on a 4-octet session, the walk is AS_PATH itself */
static void
t_walk_plain(void **state)
{
	struct pv p2, p4;
	char out[256];

	(void)state;
	assert_string_equal(walk(out, sizeof(out),
	    pv(&p2, "03 01 0001 02 02 fde9 5ba0 01 02 000a 000b"), NULL, false),
	    "C:1/2 Q:65001:23456/2 S:10:11/2");
	/* a 4-octet session ignores AS4_PATH (RFC 6793 4.1) */
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 02 0000fde9 00011170"),
	    pv(&p4, "02 01 00000001"), true), "Q:65001:70000/4");
	assert_string_equal(walk(out, sizeof(out), pv(&p2, ""), NULL, false), "");
}

/* RFC 6793 4.2.3: the leading N(AS_PATH) - N(AS4_PATH) ASes, then AS4_PATH */
static void
t_walk_merge(void **state)
{
	struct pv p2, p4;
	char out[256];

	(void)state;
	/* AS_PATH 65001 AS_TRANS AS_TRANS, AS4_PATH 70000 80000: keep 1 */
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 03 fde9 5ba0 5ba0"),
	    pv(&p4, "02 02 00011170 00013880"), false), "Q:65001/2 Q:70000:80000/4");
	/* equal lengths: AS4_PATH alone */
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 02 5ba0 5ba0"),
	    pv(&p4, "02 02 00011170 00013880"), false), "Q:70000:80000/4");
	/* a set counts one and is kept whole; confederation segments are left out */
	assert_string_equal(walk(out, sizeof(out),
	    pv(&p2, "03 02 0001 0002 01 02 000a 000b 02 02 fde9 5ba0"),
	    pv(&p4, "02 01 00011170"), false), "S:10:11/2 Q:65001/2 Q:70000/4");
	/* AS4_PATH's own confederation segment is kept */
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 02 fde9 5ba0"),
	    pv(&p4, "03 01 00000001 02 01 00011170"), false),
	    "Q:65001/2 C:1/4 Q:70000/4");
	/* an empty AS4_PATH: all of AS_PATH, confederations left out */
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "03 01 0001 02 01 fde9"),
	    pv(&p4, ""), false), "Q:65001/2");
}

/* AS4_PATH longer than AS_PATH, or either malformed: AS_PATH alone */
static void
t_walk_ignored(void **state)
{
	struct pv p2, p4;
	char out[256];

	(void)state;
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 01 5ba0"),
	    pv(&p4, "02 02 00011170 00013880"), false), "Q:23456/2");
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "02 02 fde9 5ba0"),
	    pv(&p4, "02 02 00011170"), false), "Q:65001:23456/2");
	assert_string_equal(walk(out, sizeof(out), pv(&p2, "03 01 0001 02 01 5ba0"),
	    pv(&p4, "02 01 00011170 00"), false), "C:1/2 Q:23456/2");
}

/* a malformed path ends the walk with -1 after what could be read */
static void
t_walk_malformed(void **state)
{
	struct pv p2;
	struct bgp_aspath_walk w;
	char out[64];
	int last;

	(void)state;
	bgp_aspath_walk_init(&w, pv(&p2, "02 01 fde9 07 01 0001"), NULL, false);
	assert_string_equal(walked(out, sizeof(out), &w, &last), "Q:65001/2");
	assert_int_equal(last, -1);
}

/* the formatters are the walk written the way FRR writes it */
static void
t_fmt(void **state)
{
	struct pv p2;
	char out[128];
	struct sbuf s;

	(void)state;
	sbuf_init(&s, out, sizeof(out));
	bgp_fmt_aspath(&s, pv(&p2, "02 02 fde9 fdea 01 02 000a 000b 03 02 0001 0002 04 02 0003 0004"), 2);
	assert_string_equal(out, "65001 65002 {10,11} (1 2) [3,4]");
	sbuf_init(&s, out, sizeof(out));
	bgp_fmt_aspath(&s, pv(&p2, "02 01 fde9 07 01 0001"), 2);
	assert_string_equal(out, "65001 <malformed>");
	sbuf_init(&s, out, 8);
	bgp_fmt_aspath(&s, pv(&p2, "02 02 fde9 fdea"), 2);
	assert_string_equal(out, "65001 6");
	assert_true(s.trunc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_iter),
		cmocka_unit_test(t_iter_errors),
		cmocka_unit_test(t_check),
		cmocka_unit_test(t_walk_plain),
		cmocka_unit_test(t_walk_merge),
		cmocka_unit_test(t_walk_ignored),
		cmocka_unit_test(t_walk_malformed),
		cmocka_unit_test(t_fmt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
