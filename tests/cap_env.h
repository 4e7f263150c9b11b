/*
 * cap_env.h - shared by the capture-layer unit tests: a flow table and
 * capture whose callbacks record what they see, frame makers (Ethernet,
 * IPv4, IPv6, TCP, BGP), and the real capture path through a pcap file.
 */
#ifndef BGPCAP_TEST_CAP_ENV_H
#define BGPCAP_TEST_CAP_ENV_H
#include <sys/socket.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <pcap/pcap.h>

#include "capture.h"
/* seconds between the records write_pcap() writes */
static int pcap_step = 1;

static inline void
write_pcap(const char *path, int dlt, const uint8_t *const *frames,
    const size_t *lens, int n)
{
	pcap_t *p = pcap_open_dead(dlt, 65535);
	pcap_dumper_t *d;
	struct pcap_pkthdr h;
	int i;

	assert_non_null(p);
	d = pcap_dump_open(p, path);
	assert_non_null(d);
	for (i = 0; i < n; i++) {
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = 1700000000 + i * pcap_step;
		h.caplen = h.len = (bpf_u_int32)lens[i];
		pcap_dump((u_char *)d, &h, frames[i]);
	}
	pcap_dump_close(d);
	pcap_close(p);
}


#define MAXN 32

struct rec {
	int nmsg;
	size_t mlen[MAXN];
	uint8_t mtype[MAXN];
	int nnew;
	struct pkt_info newpi[MAXN];
	int nnote;
	char note[MAXN][160];
	int nicmp;
	struct icmp_info icmp[MAXN];
	int nskip;
	uint64_t skip_n[MAXN];
	char skip_why[MAXN][160];
};

static inline void
on_msg(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    const uint8_t *msg, size_t len)
{
	struct rec *r = arg;

	(void)f;
	(void)dir;
	(void)pi;
	if (r->nmsg < MAXN) {
		r->mlen[r->nmsg] = len;
		r->mtype[r->nmsg] = msg[18];
	}
	r->nmsg++;
}

static inline void
on_skip(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    uint64_t n, const char *why)
{
	struct rec *r = arg;

	(void)f;
	(void)dir;
	(void)pi;
	if (r->nskip < MAXN) {
		r->skip_n[r->nskip] = n;
		snprintf(r->skip_why[r->nskip], sizeof(r->skip_why[0]), "%s", why);
	}
	r->nskip++;
}

static inline void
on_event(void *arg, struct flow *f, int dir, const struct pkt_info *pi,
    enum flow_event ev, const char *detail)
{
	struct rec *r = arg;

	(void)f;
	(void)dir;
	(void)detail;
	if (ev == FLOW_EV_NEW && r->nnew < MAXN)
		r->newpi[r->nnew++] = *pi;
}

static inline void
on_end(void *arg, struct flow *f)
{
	int d;

	(void)arg;
	for (d = 0; d < 2; d++)
		assert_int_equal(f->st[d].bytes_seen,
		    f->st[d].bytes_decoded + f->st[d].bytes_skipped);
}

static inline void
on_note(void *arg, const struct pkt_info *pi, const char *what)
{
	struct rec *r = arg;

	(void)pi;
	if (r->nnote < MAXN)
		snprintf(r->note[r->nnote], sizeof(r->note[0]), "%s", what);
	r->nnote++;
}

static inline void
on_icmp(void *arg, const struct icmp_info *ii)
{
	struct rec *r = arg;

	if (r->nicmp < MAXN)
		r->icmp[r->nicmp] = *ii;
	r->nicmp++;
}

struct env {
	struct rec r;
	struct capture *c;
	struct flow_table *ft;
	struct capture_cb ccb;
};

static inline void
env_init(struct env *e)
{
	struct flow_cb fcb;

	memset(e, 0, sizeof(*e));
	fcb = (struct flow_cb){ &e->r, on_msg, on_skip, on_event, on_end };
	e->ft = flow_table_new(NULL, &fcb);
	e->c = capture_new_raw(NULL);
	e->ccb = (struct capture_cb){ .arg = &e->r, .icmp = on_icmp, .note = on_note };
	assert_non_null(e->ft);
	assert_non_null(e->c);
}

static inline void
env_free(struct env *e)
{
	flow_table_free(e->ft);
	capture_close(e->c);
}

static inline void
feed(struct env *e, int dlt, const uint8_t *f, size_t caplen, size_t wirelen)
{
	struct pkt_info base;

	memset(&base, 0, sizeof(base));
	base.frame = 1;
	base.ts.tv_sec = 1700000000;
	capture_decode_frame(e->c, dlt, &base, f, caplen, wirelen, e->ft, &e->ccb);
}


/*
 * The real capture path: write the frames into a pcap file, then
 * capture_open() + capture_run() as bgpcap -r does (filter included).
 */
static inline void
feed_file(struct env *e, int dlt, const uint8_t *const *frames,
    const size_t *lens, int n, const char *filter)
{
	char path[] = "/tmp/bgpcap_test_XXXXXX", err[256];
	struct capture_opts o;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_pcap(path, dlt, frames, lens, n);
	memset(&o, 0, sizeof(o));
	o.file = path;
	o.filter = filter;
	capture_close(e->c);
	e->c = capture_open(&o, err, sizeof(err));
	assert_non_null(e->c);
	assert_int_equal(capture_run(e->c, e->ft, &e->ccb, err, sizeof(err)), 0);
	unlink(path);
}

static inline void
feed_file1(struct env *e, int dlt, const uint8_t *f, size_t len)
{
	const uint8_t *frames[1] = { f };

	feed_file(e, dlt, frames, &len, 1, NULL);
}

/* --------------------------------------------------------- frame makers */

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* BGP KEEPALIVE (19) or OPEN-ish message of len bytes */
static inline size_t
bgp(uint8_t *p, uint8_t type, uint16_t len)
{
	memset(p, 0xff, 16);
	put16(p + 16, len);
	p[18] = type;
	memset(p + 19, 0, len - 19u);
	return len;
}

static inline size_t
tcp(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags,
    const uint8_t *pay, size_t len)
{
	memset(p, 0, 20);
	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, seq);
	put32(p + 8, 1);
	p[12] = 8 << 4;                 /* 32 bytes: 12 bytes of options */
	p[13] = flags;
	memset(p + 20, 1, 12);          /* NOPs */
	if (len)
		memcpy(p + 32, pay, len);
	return 32 + len;
}

static const uint8_t A4[4] = { 192, 0, 2, 1 }, B4[4] = { 192, 0, 2, 2 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static inline size_t
ip4(uint8_t *p, uint8_t proto, uint8_t ttl, uint16_t frag, const uint8_t *pay,
    size_t len)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)(20 + len));
	put16(p + 6, frag);
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, A4, 4);
	memcpy(p + 16, B4, 4);
	memcpy(p + 20, pay, len);
	return 20 + len;
}

static inline size_t
ip6(uint8_t *p, uint8_t nh, uint8_t hlim, const uint8_t *pay, size_t len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, (uint16_t)len);
	p[6] = nh;
	p[7] = hlim;
	memcpy(p + 8, A6, 16);
	memcpy(p + 24, B6, 16);
	memcpy(p + 40, pay, len);
	return 40 + len;
}

/* Ethernet header with optional tags (TPIDs), then ethertype */
static inline size_t
eth(uint8_t *p, const uint16_t *tpids, int ntags, uint16_t et)
{
	size_t off = 12;
	int i;

	memset(p, 0x02, 12);
	for (i = 0; i < ntags; i++) {
		put16(p + off, tpids[i]);
		put16(p + off + 2, (uint16_t)(100 + i));
		off += 4;
	}
	put16(p + off, et);
	return off + 2;
}

/* TCP A:40000 -> B:179 carrying one KEEPALIVE, in IPv4 */
static inline size_t
ka_ip4(uint8_t *p, uint8_t ttl)
{
	uint8_t m[64], t[128];
	size_t n = bgp(m, 4, 19);

	n = tcp(t, 40000, 179, 1000, PKT_ACK | PKT_PSH, m, n);
	return ip4(p, 6, ttl, 0x4000, t, n);
}

static inline size_t
ka_ip6(uint8_t *p)
{
	uint8_t m[64], t[128];
	size_t n = bgp(m, 4, 19);

	n = tcp(t, 179, 40001, 5000, PKT_ACK, m, n);
	return ip6(p, 6, 1, t, n);
}

static inline void
check_one_ka4(struct env *e)
{
	char buf[64];
	const struct pkt_info *pi = &e->r.newpi[0];

	flow_table_finish(e->ft);
	assert_int_equal(e->r.nmsg, 1);
	assert_int_equal(e->r.mtype[0], 4);
	assert_int_equal(e->r.nnew, 1);
	assert_string_equal(addr_fmt(&pi->src, buf, sizeof(buf)), "192.0.2.1");
	assert_string_equal(addr_fmt(&pi->dst, buf, sizeof(buf)), "192.0.2.2");
	assert_int_equal(pi->sport, 40000);
	assert_int_equal(pi->dport, 179);
	assert_int_equal(pi->seq, 1000);
	assert_int_equal(pi->ack, 1);
	assert_int_equal(pi->tcp_flags, PKT_ACK | PKT_PSH);
	assert_int_equal(pi->ttl, 64);
	assert_int_equal(pi->frame, 1);
	assert_int_equal(e->r.nnote, 0);
}

#endif
