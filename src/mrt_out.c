/*
 * mrt_out.c - --write-mrt: records encoded by dissectors/mrt_enc.c,
 * written through one buffered FILE.
 */
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mrt.h"
#include "mrt_out.h"
#include "wfile.h"

#define MRT_OUT_REC_MAX (65535 + 64)

struct mrt_out {
	FILE *fp;
	char *path;
	int err;                 /* errno of the first failed write, 0 */
	uint64_t records;
	uint8_t buf[MRT_OUT_REC_MAX];
};

struct mrt_out *
mrt_out_open(const char *path, char *err, size_t errlen)
{
	struct mrt_out *o = calloc(1, sizeof(*o));

	if (o == NULL || (o->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(o);
		return NULL;
	}
	if ((o->fp = wfile_open(path, "--write-mrt", err, errlen)) == NULL) {
		free(o->path);
		free(o);
		return NULL;
	}
	return o;
}

static void
to_mrt_addr(const struct addr *a, struct mrt_addr *m)
{
	memset(m, 0, sizeof(*m));
	m->family = a->af == AF_INET ? 4 : 6;
	memcpy(m->a, a->a, m->family == 4 ? 4 : 16);
}

static int
put(struct mrt_out *o, const struct mrt_hdr *h, const struct mrt_bgp4mp *m)
{
	size_t n;

	if (o->err)
		return -1;
	if ((n = mrt_bgp4mp_encode(h, m, o->buf, sizeof(o->buf))) == 0)
		return 0;        /* mixed address families: not a TCP session */
	if (fwrite(o->buf, 1, n, o->fp) != n) {
		o->err = errno ? errno : EIO;
		return -1;
	}
	o->records++;
	return 0;
}

static void
hdr(struct mrt_hdr *h, const struct timeval *ts, unsigned subtype)
{
	memset(h, 0, sizeof(*h));
	h->ts = (uint32_t)ts->tv_sec;
	h->usec = (uint32_t)ts->tv_usec;
	h->type = MRT_BGP4MP_ET;
	h->subtype = (uint16_t)subtype;
}

int
mrt_out_message(struct mrt_out *o, const struct timeval *ts, const struct addr *src,
    const struct addr *dst, uint32_t src_as, uint32_t dst_as, bool as4, bool addpath,
    const uint8_t *msg, size_t len)
{
	static const uint16_t sub[2][2] = {
		{ MRT_MESSAGE, MRT_MESSAGE_ADDPATH },
		{ MRT_MESSAGE_AS4, MRT_MESSAGE_AS4_ADDPATH },
	};
	struct mrt_hdr h;
	struct mrt_bgp4mp m;

	memset(&m, 0, sizeof(m));
	hdr(&h, ts, sub[as4][addpath]);
	m.as4 = as4;
	m.peer_as = src_as;
	m.local_as = dst_as;
	to_mrt_addr(src, &m.peer);
	to_mrt_addr(dst, &m.local);
	m.msg = msg;
	m.msglen = len;
	return put(o, &h, &m);
}

int
mrt_out_state(struct mrt_out *o, const struct timeval *ts, const struct addr *peer,
    const struct addr *local, uint32_t peer_as, uint32_t local_as, unsigned old,
    unsigned new_state)
{
	struct mrt_hdr h;
	struct mrt_bgp4mp m;

	memset(&m, 0, sizeof(m));
	hdr(&h, ts, MRT_STATE_CHANGE_AS4);
	m.as4 = true;
	m.state = true;
	m.peer_as = peer_as;
	m.local_as = local_as;
	to_mrt_addr(peer, &m.peer);
	to_mrt_addr(local, &m.local);
	m.old_state = (uint16_t)old;
	m.new_state = (uint16_t)new_state;
	return put(o, &h, &m);
}

uint64_t
mrt_out_records(const struct mrt_out *o)
{
	return o->records;
}

int
mrt_out_close(struct mrt_out *o, char *err, size_t errlen)
{
	int rc = 0;

	if (o == NULL)
		return 0;
	if (fclose(o->fp) != 0 && !o->err)
		o->err = errno ? errno : EIO;
	if (o->err) {
		snprintf(err, errlen, "--write-mrt %s: %s (the file is incomplete)", o->path,
		    strerror(o->err));
		rc = -1;
	}
	free(o->path);
	free(o);
	return rc;
}
