/*
 * test_acache.c - the attribute-block cache (src/acache.c) and the memo
 * walk of the UPDATE decoder (dissectors/bgp_update.c): an UPDATE whose
 * block was kept decodes to the same view and the same errors as without
 * the cache (other withdrawn routes and NLRI before and after the block,
 * IPv6 NLRI of other lengths inside MP_REACH, malformed MP NLRI on a hit);
 * blocks the walk complains about are never kept; the table stays within
 * its entries whatever is put into it, and a hit is never another key's.
 */
#include "vec.h"
#include "acache.h"

static const struct bgp_ctx AS4 = { .as4 = true };

/* IPv4 block: ORIGIN, AS_PATH 65515 12076 (4-octet), NEXT_HOP, MED, COMMUNITIES */
#define BLK4 "40010100 40020a020200 00ffeb00002f2c 400304 0a000204 800404 00000064 c00804 2f2cc742"
#define BLK4_LEN "0026"
/* IPv6 pieces: ORIGIN, AS_PATH 65515, MP_REACH (len, then NLRI), MED after it */
#define PRE6 "40010100 400206 0201 0000ffeb"
#define MPR6(len) "800e" len "0002 01 10 20010db8000200000000000000000005 00"
#define MED6 "800404 00000001"

struct dec {
	uint8_t b[4096];
	struct bgp_msg m;
	struct bgp_update u;
	struct bgp_errs e;
	bool ok;
};

static void
dec(struct dec *d, const char *body, const struct bgp_ctx *ctx, struct bgp_memo_ops *ops)
{
	size_t n = vec_msg(d->b, sizeof(d->b), BGP_UPDATE, body);

	memset(&d->u, 0, sizeof(d->u));
	bgp_errs_reset(&d->e);
	assert_true(bgp_msg_parse(d->b, n, ctx, &d->m, &d->e));
	d->ok = bgp_update_parse_memo(&d->m, ctx, &d->u, &d->e, ops);
}

static void
same_cur(const struct cur *a, const struct cur *b)
{
	assert_ptr_equal(a->base, b->base);
	assert_ptr_equal(a->p, b->p);
	assert_ptr_equal(a->end, b->end);
}

/* x (same bytes decoded elsewhere) and y: the same view and errors */
static void
same_view(const struct dec *x, const struct dec *y)
{
	const struct bgp_update *a = &x->u, *b = &y->u;

	assert_int_equal(x->ok, y->ok);
	assert_memory_equal(a->present, b->present, sizeof(a->present));
	assert_memory_equal(a->dup, b->dup, sizeof(a->dup));
	if (bgp_update_has(a, ATTR_ORIGIN))
		assert_int_equal(a->origin, b->origin);
	if (bgp_update_has(a, ATTR_MED))
		assert_int_equal(a->med, b->med);
	if (bgp_update_has(a, ATTR_NEXT_HOP))
		assert_memory_equal(a->next_hop, b->next_hop, 4);
	if (bgp_update_has(a, ATTR_AS_PATH)) {
		assert_int_equal(a->as_path.off, b->as_path.off);
		assert_int_equal(a->as_path.len, b->as_path.len);
		assert_int_equal(a->as_path.flags, b->as_path.flags);
		same_cur(&a->as_path.val, &b->as_path.val);
	}
	if (bgp_update_has(a, ATTR_MP_REACH)) {
		assert_int_equal(a->mpr_afi, b->mpr_afi);
		assert_int_equal(a->mpr_safi, b->mpr_safi);
		assert_int_equal(a->mpr_nh_count, b->mpr_nh_count);
		assert_memory_equal(a->mpr_nh, b->mpr_nh, 16u * a->mpr_nh_count);
		same_cur(&a->mpr_nh_raw, &b->mpr_nh_raw);
		same_cur(&a->mpr_nlri, &b->mpr_nlri);
	}
	assert_int_equal(a->eor, b->eor);
	assert_int_equal(a->attrs_broken, b->attrs_broken);
	assert_int_equal(x->e.n, y->e.n);
	assert_int_equal(x->e.worst, y->e.worst);
	for (unsigned i = 0; i < x->e.n; i++) {
		assert_int_equal(x->e.e[i].off, y->e.e[i].off);
		assert_int_equal(x->e.e[i].treat, y->e.e[i].treat);
		assert_string_equal(x->e.e[i].what, y->e.e[i].what);
	}
}

/* decode body with the cache (expecting a hit or not) and without, in the
 * same buffer: the same view and errors */
static void
check(struct acache *c, const char *body, const struct bgp_ctx *ctx, bool hit)
{
	static struct dec d, with;
	struct acache_stats s0, s1;

	acache_get_stats(c, &s0);
	dec(&d, body, ctx, acache_ops(c));
	acache_get_stats(c, &s1);
	assert_int_equal(s1.hits - s0.hits, hit ? 1 : 0);
	with = d;
	dec(&d, body, ctx, NULL);
	/* with's views point into d.b, which holds the same bytes */
	same_view(&with, &d);
}

static void
t_hit_equals_miss_v4(void **state)
{
	struct acache *c = acache_new(4, 256);

	(void)state;
	assert_non_null(c);
	check(c, "0000" BLK4_LEN BLK4 "18 0a0000", &AS4, false);
	/* other withdrawn routes before the block, other NLRI after it */
	check(c, "0004 18c61200" BLK4_LEN BLK4 "10 0a01 18 0a0200", &AS4, true);
	check(c, "0008 18c61200 18c61201" BLK4_LEN BLK4 "", &AS4, true);
	/* the same bytes read with 2-octet AS numbers: another key */
	check(c, "0000" BLK4_LEN BLK4 "18 0a0000", &(struct bgp_ctx){ .as4 = false }, false);
	acache_free(c);
}

static void
t_hit_equals_miss_v6(void **state)
{
	struct acache *c = acache_new(4, 256);

	(void)state;
	assert_non_null(c);
	/* one /48; then a /40 and a /48: one key (the NLRI is not in it) */
	check(c, "0000 0033" PRE6 MPR6("1c") "30 20010db80100" MED6, &AS4, false);
	check(c, "0000 0039" PRE6 MPR6("22") "28 20010db801 30 20010db80200" MED6, &AS4, true);
	/* a hit whose MP NLRI is malformed: the same error at the same offset */
	check(c, "0000 0033" PRE6 MPR6("1c") "a0 20010db80100" MED6, &AS4, true);
	/* another next hop: another key */
	check(c, "0000 0033" PRE6 "800e1c 0002 01 10 20010db8000200000000000000000006 00"
	    "30 20010db80100" MED6, &AS4, false);
	acache_free(c);
}

/* a block the walk reports on is not kept: every UPDATE with it is walked */
static void
t_errors_not_kept(void **state)
{
	struct acache *c = acache_new(4, 256);
	struct acache_stats st;

	(void)state;
	assert_non_null(c);
	/* ORIGIN 5 */
	check(c, "0000 0014 40010105 400206 0201 0000ffeb 400304 0a000204 18 0a0000", &AS4, false);
	check(c, "0000 0014 40010105 400206 0201 0000ffeb 400304 0a000204 18 0a0100", &AS4, false);
	acache_get_stats(c, &st);
	assert_int_equal(st.stores, 0);
	/* the first UPDATE's MP NLRI is malformed: not kept; the next is */
	check(c, "0000 0033" PRE6 MPR6("1c") "a0 20010db80100" MED6, &AS4, false);
	check(c, "0000 0033" PRE6 MPR6("1c") "30 20010db80100" MED6, &AS4, false);
	check(c, "0000 0033" PRE6 MPR6("1c") "30 20010db80100" MED6, &AS4, true);
	acache_free(c);
}

/* 1,000 blocks into 16 entries (8 sets: most keys collide in a set) */
static void
t_bounded(void **state)
{
	struct acache *c = acache_new(4, 64);
	struct bgp_memo_ops *ops;
	struct bgp_memo mm;
	uint8_t key[40];
	const struct bgp_memo *got;
	unsigned hits = 0;

	(void)state;
	assert_non_null(c);
	ops = acache_ops(c);
	for (unsigned i = 0; i < 1000; i++) {
		memset(&mm, 0, sizeof(mm));
		mm.med = i;
		memset(key, 0, sizeof(key));
		snprintf((char *)key, sizeof(key), "block %u", i);
		ops->put(ops->arg, key, sizeof(key), &mm);
		assert_true(acache_used(c) <= 16);
	}
	for (unsigned i = 0; i < 1000; i++) {
		memset(key, 0, sizeof(key));
		snprintf((char *)key, sizeof(key), "block %u", i);
		got = ops->get(ops->arg, key, sizeof(key));
		if (got) {
			assert_int_equal(got->med, i);   /* never another key's */
			hits++;
		}
	}
	assert_true(hits > 0 && hits <= 16);
	/* a key longer than the cache keeps is not kept */
	{
		uint8_t big[BGP_MEMO_KEY_MAX + 1] = { 1 };

		ops->put(ops->arg, big, sizeof(big), &mm);
		assert_null(ops->get(ops->arg, big, sizeof(big)));
	}
	acache_free(c);
}

/* formatted pieces: kept once, within the entry's space, given back exactly */
static void
t_pieces(void **state)
{
	struct acache *c = acache_new(2, 16);
	struct bgp_memo_ops *ops;
	struct bgp_memo mm = { .med = 1 };
	struct acache_ent *e;
	const char *p;
	size_t n;
	uint8_t tag;

	(void)state;
	assert_non_null(c);
	ops = acache_ops(c);
	ops->put(ops->arg, (const uint8_t *)"k", 1, &mm);
	e = acache_current(c);
	assert_non_null(e);
	assert_false(acache_piece(e, 0, &tag, &p, &n));
	assert_true(acache_put_piece(e, 0, 7, " path 1 2", 9));
	assert_false(acache_put_piece(e, 0, 7, " path 3", 7));   /* once */
	assert_false(acache_put_piece(e, 1, 0, "0123456789", 10)); /* 16 bytes in all */
	assert_true(acache_put_piece(e, 1, 1, "abc", 3));
	assert_true(acache_piece(e, 0, &tag, &p, &n));
	assert_int_equal(tag, 7);
	assert_int_equal(n, 9);
	assert_memory_equal(p, " path 1 2", 9);
	assert_true(acache_piece(e, 1, &tag, &p, &n));
	assert_int_equal(tag, 1);
	assert_memory_equal(p, "abc", 3);
	assert_false(acache_piece(e, ACACHE_PIECES, &tag, &p, &n));
	assert_null(acache_new(0, 16));
	acache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_hit_equals_miss_v4),
		cmocka_unit_test(t_hit_equals_miss_v6),
		cmocka_unit_test(t_errors_not_kept),
		cmocka_unit_test(t_bounded),
		cmocka_unit_test(t_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
