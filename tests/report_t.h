/*
 * report_t.h - the harness of the reporter's unit tests: hand-made
 * messages, TCP events and ICMP errors fed in, the report struct out.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#ifndef BGPCAP_TEST_REPORT_T_H
#define BGPCAP_TEST_REPORT_T_H
#include "vec.h"

#include <stdlib.h>
#include <sys/socket.h>

#include "bgpcap.h"
#include "report.h"

#define NVA   "10.0.1.6"
#define ARS1  "10.0.2.4"
#define ARS2  "10.0.2.5"
#define FW    "10.0.1.4"
#define GW    "10.0.1.1"

/* OPEN bodies: version 4, AS, hold 180, id, capabilities MP ipv4/unicast + AS4 */
#define OPEN_65001 "04 fde9 00b4 0a000106 10 02 0e 01 04 0001 00 01 41 04 0000fde9 02 00"
#define OPEN_65515 "04 ffeb 00b4 0a000204 10 02 0e 01 04 0001 00 01 41 04 0000ffeb 02 00"
#define OPEN_HOLD90 "04 ffeb 005a 0a000204 10 02 0e 01 04 0001 00 01 41 04 0000ffeb 02 00"

/* UPDATEs announcing 0.0.0.0/0 (4-octet AS paths) */
#define ATTRS_65001_FW   "0014 40 01 01 00 40 02 06 02 01 0000fde9 40 03 04 0a000104"
#define UPD_GOOD         ATTRS_65001_FW "00"
#define UPD_OTHER_PREFIX "0000" ATTRS_65001_FW "18 0a0001"
#define UPD_NH_SELF      "0000 0014 40 01 01 00 40 02 06 02 01 0000fde9 40 03 04 0a000106 00"
#define UPD_PATH2        "0000 0018 40 01 01 00 40 02 0a 02 02 0000fde9 0000fdea 40 03 04 0a000104 00"
#define UPD_WITHDRAW     "0001 00 0000"
/* ::/0 in MP_REACH with next hop 2001:db8::4 */
#define UPD_V6 "0000 0026 40 01 01 00 40 02 06 02 01 0000fde9 " \
	"80 0e 16 0002 01 10 20010db8000000000000000000000004 00 00"

struct t {
	struct report *r;
	struct report_opts o;
	struct flow f[4];
	struct sess s[4];
	struct bgp_ctx ctx;
	long now;
	char *out;
	size_t outlen;
	int status;
	const struct report_result *res;
};

void addr(struct addr *a, const char *s);
void t_init(struct t *x);
void t_start(struct t *x);
struct flow *t_flow(struct t *x, int i, const char *a, const char *b);
void t_pi(struct t *x, struct pkt_info *pi, const struct flow *f, int dir, uint8_t ttl);
void t_ev(struct t *x, int i, int dir, enum flow_event ev, uint8_t ttl);
void t_tcp_up(struct t *x, int i);
void t_msg_inf(struct t *x, int i, int dir, uint8_t type, const char *hex, bool inferred);
void t_msg(struct t *x, int i, int dir, uint8_t type, const char *hex);
void t_session(struct t *x, int i, const char *ars);
void t_finish(struct t *x);
void t_done(struct t *x);
void assert_addr(const struct addr *a, const char *want);
const struct report_session *t_sess(const struct t *x, const char *peer);
size_t t_nviol(const struct t *x, enum report_field field, int fam);
const struct report_viol *t_viol(const struct t *x, enum report_field field);
const struct report_route *t_route(const struct t *x, int fam);
void expect_nva(struct t *x);
/* The NVA's expectations, and session 0 to ARS1 up with the good default
 * route announced on it. */
void t_nva_good(struct t *x);

#define assert_has(x, s) do { \
	if (strstr((x)->out, (s)) == NULL) \
		fail_msg("missing \"%s\" in:\n%s", (s), (x)->out); \
} while (0)
#define assert_hasnt(x, s) do { \
	if (strstr((x)->out, (s)) != NULL) \
		fail_msg("unexpected \"%s\" in:\n%s", (s), (x)->out); \
} while (0)

#endif
