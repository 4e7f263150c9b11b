/*
 * out_int.h - inside the output layer (out.c, out_fmt.c, out_text.c,
 * out_json.c); nothing else includes it.
 *
 * out.c dispatches to one `struct out_ops` (out_text_ops, out_json_ops or
 * out_routes_ops);
 * out_fmt.c holds what both printers share (timestamps, endpoint cache).
 * Link order: out.c -> out_text.c, out_json.c -> out_fmt.c, jw.c -> obuf.c.
 */
#ifndef BGPCAP_OUT_INT_H
#define BGPCAP_OUT_INT_H

#include "bgpcap.h"
#include "out.h"

struct out_ops {
	void (*message)(struct out *o, const struct msg_view *v);
	void (*skip)(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
	    uint64_t n, const char *reason);
	void (*event)(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
	    enum flow_event ev, const char *detail);
	void (*icmp)(struct out *o, const struct icmp_info *ii);
	void (*note)(struct out *o, const struct pkt_info *pi, const char *what);
};

extern const struct out_ops out_text_ops;
extern const struct out_ops out_json_ops;
extern const struct out_ops out_routes_ops;   /* --routes */
void out_routes_header(struct out *o);

/* One flow direction's endpoints, formatted once (a small direct-mapped cache). */
struct out_ep {
	bool used;
	uint64_t id;
	int dir;
	struct addr a[2];
	uint16_t port[2];
	char src[64], dst[64];   /* addresses as text */
	char text[112];          /* "10.0.1.6:179 > 10.0.2.4:40000" */
	size_t textlen;
};
#define OUT_EP_CACHE 64

struct out {
	struct obuf ob;
	struct out_opts o;
	const struct out_ops *ops;
	char *buf;               /* scratch for formatting, OUT_BUF bytes */
	char *buf2;
	long ts_sec;             /* out_time's cache */
	bool ts_valid;
	char ts_date[16], ts_time[16];
	struct timeval ts_prev, ts_first; /* -ttt, -ttttt */
	bool ts_have_first;
	struct out_ep ep[OUT_EP_CACHE];
	const struct filter *pf; /* the filter when it has --prefix, else NULL */
	uint64_t shown, hidden;  /* prefixes of the message being printed (pf) */
	long rt_sec;             /* --routes: the seconds last formatted, */
	char rt_sec_text[16];    /* and their text with the dot ("1700000000.") */
	size_t rt_sec_len;       /* (0: none yet) */
};
#define OUT_BUF (256 * 1024)

/*
 * Formatted pieces of an attribute block, kept in its cache entry
 * (acache.h) and copied for every UPDATE with the same block. Which
 * pieces a printer keeps (one output form per run):
 */
enum {
	OUT_PIECE_TEXT_PATH = 0,   /* text: " path ..." */
	OUT_PIECE_TEXT_DETAILS = 1,/* text -v: the attribute lines */
	OUT_PIECE_JSON_RUN0 = 0,   /* JSON: the members of "attrs" between the MP_* ones */
	OUT_PIECE_ROUTES_ATTRS = 0,/* --routes: the columns as_path .. communities */
};
/* Recording what a printer writes, to keep it as a piece. */
struct out_rec {
	uint64_t flushed;
	size_t len;
};
void out_rec_begin(struct out *o, struct out_rec *r);
/* Keep what was written since out_rec_begin as piece `piece` of v's
 * entry (not when the buffer was flushed in between or it is too long). */
void out_rec_end(struct out *o, const struct out_rec *r, const struct msg_view *v,
    unsigned piece, uint8_t tag);
/* Copy piece `piece` of v's entry into the buffer; false when not kept. */
bool out_replay(struct out *o, const struct msg_view *v, unsigned piece, uint8_t *tag);

/* out_bmp.c: BMP records, and a monitored peer's view on its BGP messages */
struct bmp_msg;
struct bmp_err;
struct bmp_info;
struct jw;
void out_bmp_text(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e);
void out_bmp_json(struct out *o, const struct flow *f, int dir, const struct pkt_info *pi,
    const struct bmp_msg *m, int rc, const struct bmp_err *e);
/* A BMP record under the display filters: shown for a --peer that is an end
 * of its connection or its monitored peer, and only with no other filter. */
bool out_bmp_shown(const struct filter *flt, const struct flow *f, const struct bmp_msg *m);
void out_bmp_peer_text(struct out *o, const struct bmp_info *bi);
void out_bmp_peer_json(struct out *o, struct jw *j, const struct bmp_info *bi);

/* The time of day (text) or RFC 3339 UTC (JSON), into the buffer. */
void out_time(struct out *o, const struct timeval *tv, bool rfc3339);
/* The timestamp of a text line in the form -t..-ttttt asked for (not for
 * ts_mode 1, which has none). */
void out_text_time(struct out *o, const struct timeval *tv);
/* -e: "MAC > MAC, ethertype NAME (0xXXXX), ENCAP, length N" into s. */
void out_link_text(struct sbuf *s, const struct pkt_info *pi);
/* The name of an Ethernet type ("IPv4", "802.1Q"), or NULL. */
const char *out_ethertype_name(uint16_t et);
void out_link_mac(struct sbuf *s, const uint8_t *mac);
/* "SYN", "SYN-ACK", "FIN", "RST", "NEW", "LIMIT" */
const char *out_ev_name(enum flow_event ev);
/* The endpoints of flow f in direction dir. */
const struct out_ep *out_ep(struct out *o, const struct flow *f, int dir);

#endif
