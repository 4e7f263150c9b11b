/*
 * test_infer.c - the inference of a direction's reading when the OPENs
 * were not captured: each reading's evidence on byte vectors, the choice
 * and confidence over several messages, constraints from a single OPEN,
 * and the fact the reporter reads.
 */
#include "vec.h"
#include "infer.h"

enum { R4 = 0, R2 = 1, R4AP = 2, R2AP = 3 };

/* ---------------------------------------------------------------- helpers */

/* An UPDATE: withdrawn hex, attributes hex (whole attributes), NLRI hex. */
static size_t
upd(uint8_t *out, size_t cap, const char *wd, const char *attrs, const char *nlri)
{
	uint8_t w[512], a[1024], n[1024];
	size_t nw = vec_hex(w, sizeof(w), wd), na = vec_hex(a, sizeof(a), attrs);
	size_t nn = vec_hex(n, sizeof(n), nlri), k = BGP_HDR_LEN;

	assert_true(BGP_HDR_LEN + 4 + nw + na + nn <= cap);
	out[k++] = (uint8_t)(nw >> 8);
	out[k++] = (uint8_t)nw;
	memcpy(out + k, w, nw);
	k += nw;
	out[k++] = (uint8_t)(na >> 8);
	out[k++] = (uint8_t)na;
	memcpy(out + k, a, na);
	k += na;
	memcpy(out + k, n, nn);
	k += nn;
	vec_hdr(out, k, BGP_UPDATE);
	return k;
}

#define ORIGIN "40 01 01 00"
#define NH_FW "40 03 04 0a000104"                  /* 10.0.1.4 */
#define NH_BAD "40 03 04 0a000199"                 /* 10.0.1.153 */
#define PATH4_65001 "40 02 06 02 01 0000fde9"      /* 4-octet 65001 */
/* 2-octet 65001 65515, then a second segment 65002: also parses with 4-octet
 * ASNs, as 4259971051 (private) and 0x0201fdea = 33684970 (unallocated) */
#define PATH2_SPLIT "40 02 0a 02 02 fde9 ffeb 02 01 fdea"

static void
eval_all(const char *wd, const char *attrs, const char *nlri, struct infer_eval ev[4])
{
	uint8_t m[2048];
	size_t n = upd(m, sizeof(m), wd, attrs, nlri);

	for (unsigned i = 0; i < INFER_READINGS; i++)
		infer_eval(m, n, i, &ev[i]);
}

static void
feed(struct infer_dir *d, const char *wd, const char *attrs, const char *nlri)
{
	uint8_t m[2048];
	size_t n = upd(m, sizeof(m), wd, attrs, nlri);
	struct bgp_ctx ctx;

	infer_update(d, m, n, &ctx);
	assert_int_equal(ctx.as4, d->chosen == R4 || d->chosen == R4AP);
	assert_int_equal(ctx.addpath_any, d->chosen == R4AP || d->chosen == R2AP);
}

static const char *
fmt(const struct infer_dir *d)
{
	static char buf[2048];
	struct sbuf s;

	sbuf_init(&s, buf, sizeof(buf));
	infer_fmt(&s, d);
	assert_false(s.trunc);
	return buf;
}

/* ---------------------------------------------------------------- one message */

/* ADD-PATH data (0.0.0.0/0 path id 1, 10.0.1.0/24 path id 1) read without
 * path ids: a run of 0.0.0.0/0 and prefixes with host bits */
static void
t_addpath_evidence(void **state)
{
	struct infer_eval ev[4];

	(void)state;
	eval_all("", ORIGIN PATH4_65001 NH_FW, "00000001 00 00000001 18 0a0001", ev);
	assert_true(ev[R4AP].valid);
	assert_int_equal(ev[R4AP].penalty, 0);
	assert_true(ev[R4].valid);
	/* 00 00 00 | 01 00 | 00 00 00 | 01 18 | 0a 00 01: /0 x3, 0.0.0.0/1,
	 * /0 x3, 0.0.0.0/1 with 0x18 (host bits), 0.1.0.0/10 (host bits) */
	assert_int_equal(ev[R4].ev[INFER_EV_DUP_PREFIX], 5);
	assert_int_equal(ev[R4].ev[INFER_EV_HOST_BITS], 2);
	assert_true(ev[R4].penalty > ev[R4AP].penalty);
	/* the 4-octet path has no 2-octet reading */
	assert_false(ev[R2].valid);
	assert_false(ev[R2AP].valid);
	/* the default route is announced under one reading only */
	assert_true(ev[R4].dr != 0);
	assert_true(ev[R4AP].dr != 0);
	assert_true(ev[R4].digest != ev[R4AP].digest);
}

/* 0.0.0.0/0, 10.1.0.0/16, 192.168.1.0/24 without ADD-PATH (design rule 6):
 * the ADD-PATH reading parses too, but eats the default route into a path
 * id 0x00100a01 and leaves 192.168.1.0/24 */
static void
t_default_then_prefix(void **state)
{
	struct infer_eval ev[4];

	(void)state;
	eval_all("", ORIGIN PATH4_65001 NH_FW, "00 10 0a01 18 c0a801", ev);
	assert_true(ev[R4].valid);
	assert_int_equal(ev[R4].penalty, 0);
	assert_true(ev[R4AP].valid);
	assert_int_equal(ev[R4AP].ev[INFER_EV_PATHID], 1);
	assert_int_equal(ev[R4AP].dr, 0);       /* no default route in that reading */
	assert_true(ev[R4].dr != 0);
}

static void
t_as_size_evidence(void **state)
{
	struct infer_eval ev[4];

	(void)state;
	eval_all("", ORIGIN PATH2_SPLIT NH_FW, "00", ev);
	assert_true(ev[R2].valid);
	assert_int_equal(ev[R2].penalty, 0);
	assert_true(ev[R2].have_first_as);
	assert_int_equal(ev[R2].first_as, 65001);
	assert_true(ev[R4].valid);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_UNALLOC], 1);
	assert_int_equal(ev[R4].first_as, 4259971051u);
	assert_true(ev[R4].dr != ev[R2].dr);    /* the paths differ */

	/* 4-octet 65001 and 0x02010001 read with 2-octet ASNs: 0 65001 1 */
	eval_all("", ORIGIN "40 02 0a 02 02 0000fde9 02010001" NH_FW, "00", ev);
	assert_true(ev[R2].valid);
	assert_int_equal(ev[R2].ev[INFER_EV_AS0], 1);
	assert_true(ev[R4].valid);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_UNALLOC], 1);
	assert_true(ev[R4].penalty < ev[R2].penalty);

	/* reserved, AS_TRANS and documentation numbers in a 4-octet path */
	eval_all("", ORIGIN "40 02 12 02 04 0000ffff 00005ba0 0000fbf0 00010000" NH_FW, "00", ev);
	assert_true(ev[R4].valid);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_RESERVED], 1);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_TRANS], 1);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_DOC], 2);
	/* 4294967295 and 65552 are reserved too; 4200000000 is private */
	eval_all("", ORIGIN "40 02 0e 02 03 ffffffff 00010010 fa56ea00" NH_FW, "00", ev);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_RESERVED], 2);
	assert_int_equal(ev[R4].ev[INFER_EV_AS_UNALLOC], 0);
}

/* AGGREGATOR and AS4_PATH: what a 2-octet session carries */
static void
t_as4_attributes(void **state)
{
	struct infer_eval ev[4];

	(void)state;
	eval_all("", ORIGIN PATH2_SPLIT NH_FW "c0 07 06 fde9 0a000104", "00", ev);
	assert_int_equal(ev[R4].ev[INFER_EV_AGGR_LEN], 1);
	assert_int_equal(ev[R2].ev[INFER_EV_AGGR_LEN], 0);
	eval_all("", ORIGIN PATH2_SPLIT NH_FW "c0 11 06 02 01 0001fde9", "00", ev);
	assert_int_equal(ev[R4].ev[INFER_EV_AS4_ATTR], 1);
	assert_int_equal(ev[R2].ev[INFER_EV_AS4_ATTR], 0);
}

/* an MP_REACH IPv6 default route and its withdrawal count as facts */
static void
t_ipv6_default(void **state)
{
	struct infer_eval ev[4], ev2[4];

	(void)state;
	eval_all("", ORIGIN PATH4_65001
	    "90 0e 0016 0002 01 10 20010db8000100000000000000000004 00 00", "", ev);
	assert_true(ev[R4].valid);
	assert_true(ev[R4].dr != 0);
	eval_all("", "90 0f 0004 0002 01 00", "", ev2);
	assert_true(ev2[R4].valid);
	assert_true(ev2[R4].dr != 0 && ev2[R4].dr != ev[R4].dr);
	/* nothing about the default route */
	eval_all("", ORIGIN PATH4_65001 NH_FW, "18 0a0001", ev);
	assert_int_equal(ev[R4].dr, 0);
}

/* ---------------------------------------------------------------- a direction */

static void
t_choice_addpath(void **state)
{
	struct infer_dir d;
	struct infer_fact f;

	(void)state;
	infer_init(&d);
	feed(&d, "", ORIGIN PATH4_65001 NH_FW, "00000001 00 00000001 18 0a0001");
	assert_int_equal(d.chosen, R4AP);
	assert_int_equal(d.conf, INFER_LIKELY);
	assert_int_equal(d.valid, 1u << R4 | 1u << R4AP);
	assert_int_equal(d.plausible, 1u << R4AP);
	assert_string_equal(fmt(&d), "4-octet AS, ADD-PATH; likely: 2 of 4 readings valid, "
	    "score 0; less plausible: 4-octet AS, no ADD-PATH (score 21: 5 duplicate prefixes, "
	    "2 prefixes with host bits)");
	infer_fact(&d, &f);
	assert_true(f.inferred);
	assert_int_equal(f.conf, INFER_LIKELY);
	/* the implausible reading's phantom default route does not count */
	assert_false(f.default_differs);
}

static void
t_choice_default_then_prefix(void **state)
{
	struct infer_dir d;
	struct infer_fact f;

	(void)state;
	infer_init(&d);
	feed(&d, "", ORIGIN PATH4_65001 NH_FW, "00 10 0a01 18 c0a801");
	assert_int_equal(d.chosen, R4);
	assert_int_equal(d.conf, INFER_LIKELY);
	infer_fact(&d, &f);
	assert_false(f.default_differs);
}

static void
t_choice_as2(void **state)
{
	struct infer_dir d;

	(void)state;
	infer_init(&d);
	feed(&d, "", ORIGIN PATH2_SPLIT NH_FW, "00");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_LIKELY);
	assert_string_equal(fmt(&d), "2-octet AS, no ADD-PATH; likely: 2 of 4 readings valid, "
	    "score 0; less plausible: 4-octet AS, no ADD-PATH (score 3: 1 unallocated ASNs)");
}

/* two readings equally plausible and disagreeing on the path: ambiguous */
static void
t_ambiguous(void **state)
{
	struct infer_dir d;
	struct infer_fact f;
	struct temit t;

	(void)state;
	infer_init(&d);
	/* 2-octet 64500 (documentation) 65515, 65002: 1 point; as 4-octet:
	 * 4227137515 (private), 33684970 (unallocated): 3 points */
	feed(&d, "", ORIGIN "40 02 0a 02 02 fbf4 ffeb 02 01 fdea" NH_FW, "00");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_AMBIGUOUS);
	assert_int_equal(d.plausible, 1u << R2 | 1u << R4);
	assert_string_equal(fmt(&d), "2-octet AS, no ADD-PATH; ambiguous: 2 readings plausible, "
	    "score 1; also plausible: 4-octet AS, no ADD-PATH (score 3: 1 unallocated ASNs)");
	infer_fact(&d, &f);
	assert_true(f.default_differs);
	temit_init(&t);
	infer_emit(&t.e, &d);
	assert_non_null(strstr(t.buf, "confidence=ambiguous ambiguous=true"));
	assert_non_null(strstr(t.buf, "plausible_readings=[4-octet AS, no ADD-PATH "
	    "2-octet AS, no ADD-PATH]"));
	assert_non_null(strstr(t.buf, "evidence={unallocated_asns=1}"));
}

/* evidence accumulates over the direction: a later message decides, and
 * the change of reading is flagged when it changes the default route */
static void
t_revised(void **state)
{
	struct infer_dir d;
	struct infer_fact f;

	(void)state;
	infer_init(&d);
	/* 2-octet path 64500 65515 | 65002: ambiguous (see above) */
	feed(&d, "", ORIGIN "40 02 0a 02 02 fbf4 ffeb 02 01 fdea" NH_FW, "00");
	assert_int_equal(d.chosen, R2);
	/* the same path again, then one the 4-octet reading cannot decode */
	feed(&d, "", ORIGIN "40 02 06 02 02 fde9 ffeb" NH_FW, "18 0a0001");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_CERTAIN);
	assert_string_equal(fmt(&d), "2-octet AS, no ADD-PATH; the only valid reading");
	infer_fact(&d, &f);
	assert_false(f.default_differs);
	assert_false(f.revised);

	/* a direction where the 4-octet reading looks better at first */
	infer_init(&d);
	feed(&d, "", ORIGIN "40 02 0a 02 02 0000fde9 02010001" NH_FW, "00");
	assert_int_equal(d.chosen, R4);
	/* then a 2-octet-only message: the default route above was decoded with
	 * the 4-octet path, which the final reading does not give */
	feed(&d, "", ORIGIN "40 02 06 02 02 fde9 ffeb" NH_FW, "18 0a0001");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_CERTAIN);
	infer_fact(&d, &f);
	assert_true(f.revised);
	assert_true(f.default_differs);
}

/* one OPEN captured (the sender's, without 4-octet AS or ADD-PATH) */
static void
t_one_open(void **state)
{
	struct infer_dir d;

	(void)state;
	infer_init(&d);
	infer_open(&d, true, 65001, false, false);
	feed(&d, "", ORIGIN "40 02 0a 02 02 fbf4 ffeb 02 01 fdea" NH_FW, "00");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_CERTAIN);

	/* the sender's AS from its OPEN (4-octet capable): the first AS of the
	 * 2-octet reading is 65001, the 4-octet one is not */
	infer_init(&d);
	infer_open(&d, true, 65001, true, false);
	feed(&d, "", ORIGIN "40 02 0a 02 02 fde9 fbf4 02 01 fdea" NH_FW, "00");
	assert_int_equal(d.chosen, R2);
	assert_int_equal(d.conf, INFER_LIKELY);
	assert_int_equal(d.sc[R4].ev[INFER_EV_PEER_AS], 1);
	assert_int_equal(d.sc[R2].ev[INFER_EV_PEER_AS], 0);
	/* iBGP (the receiver's OPEN says the same AS): no such evidence */
	infer_init(&d);
	infer_open(&d, false, 65001, true, true);
	infer_open(&d, true, 65001, true, true);
	feed(&d, "", ORIGIN "40 02 0a 02 02 0001 fbf4 02 01 fdea" NH_FW, "00");
	assert_int_equal(d.sc[R2].ev[INFER_EV_PEER_AS], 0);
	assert_int_equal(d.sc[R4].ev[INFER_EV_PEER_AS], 0);
}

/* first AS that changes between messages counts against a reading */
static void
t_first_as_agreement(void **state)
{
	struct infer_dir d;

	(void)state;
	infer_init(&d);
	feed(&d, "", ORIGIN "40 02 0a 02 02 fde9 ffeb 02 01 fdea" NH_FW, "00");
	feed(&d, "", ORIGIN "40 02 0a 02 02 fde9 ffec 02 01 fdea" NH_FW, "18 0a0001");
	/* 2-octet: 65001 both times; 4-octet: 4259971051 then 4259971052 */
	assert_int_equal(d.sc[R2].ev[INFER_EV_FIRST_AS], 0);
	assert_int_equal(d.sc[R4].ev[INFER_EV_FIRST_AS], 1);
}

/* nothing decodes: the least bad reading, said so */
static void
t_no_valid(void **state)
{
	struct infer_dir d;
	struct infer_fact f;

	(void)state;
	infer_init(&d);
	/* NLRI "20 0a" claims /32 with one byte: broken under every reading */
	feed(&d, "", ORIGIN PATH4_65001 NH_FW, "20 0a");
	assert_int_equal(d.conf, INFER_NO_VALID);
	assert_int_equal(d.valid, 0);
	assert_int_equal(d.chosen, R4);
	assert_non_null(strstr(fmt(&d), "no reading decodes cleanly"));
	infer_fact(&d, &f);
	assert_true(f.inferred);
}

/* a direction with nothing to infer says so to the reporter */
static void
t_fact_idle(void **state)
{
	struct infer_dir d;
	struct infer_fact f;

	(void)state;
	infer_init(&d);
	infer_fact(&d, &f);
	assert_false(f.inferred);
	assert_int_equal(f.conf, INFER_NA);
	assert_string_equal(infer_conf_name(INFER_LIKELY), "likely");
	assert_string_equal(infer_reading_name(R2AP), "2-octet AS, ADD-PATH");
	assert_string_equal(infer_reading_name(9), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_addpath_evidence),
		cmocka_unit_test(t_default_then_prefix),
		cmocka_unit_test(t_as_size_evidence),
		cmocka_unit_test(t_as4_attributes),
		cmocka_unit_test(t_ipv6_default),
		cmocka_unit_test(t_choice_addpath),
		cmocka_unit_test(t_choice_default_then_prefix),
		cmocka_unit_test(t_choice_as2),
		cmocka_unit_test(t_ambiguous),
		cmocka_unit_test(t_revised),
		cmocka_unit_test(t_one_open),
		cmocka_unit_test(t_first_as_agreement),
		cmocka_unit_test(t_no_valid),
		cmocka_unit_test(t_fact_idle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
