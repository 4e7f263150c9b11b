/*
 * fuzz_pcapng.c - libFuzzer harness: bgpcap's own pcapng reader
 * (src/pcapng.c), then the whole pipeline over the same file.
 *
 * 1. The reader over the buffer (pcapng_open_mem) and over a stream of the
 *    same bytes (pcapng_open on fmemopen) must agree packet for packet:
 *    the same result, link type, interface, lengths, timestamp and bytes,
 *    and the same error text. Every packet must hold what it claims:
 *    caplen bytes (all read here, so ASan sees an overread), len >= caplen,
 *    tv_usec in [0, 1000000).
 * 2. The file through bgpcap_run (memfd), text or JSON by the parity of
 *    the sum of its bytes: libpcap reads it, or when it refuses (interfaces that
 *    differ in link type or snapshot length) capture_ng.c over this reader,
 *    each packet decoded with its interface's link type.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bgpcap.h"
#include "fuzz_file.h"
#include "pcapng.h"

#define MAX_PKTS 4096

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_pkt(const struct pcapng_pkt *p)
{
	volatile uint8_t sum = 0;

	if (p->len < p->caplen || p->ts.tv_usec < 0 || p->ts.tv_usec >= 1000000 ||
	    p->caplen > PCAPNG_MAX_BLOCK || (p->caplen > 0 && p->data == NULL))
		abort();
	for (uint32_t i = 0; i < p->caplen; i++)
		sum ^= p->data[i];
	(void)sum;
}

static bool
same_pkt(const struct pcapng_pkt *a, const struct pcapng_pkt *b)
{
	return a->caplen == b->caplen && a->len == b->len && a->ifid == b->ifid &&
	    a->dlt == b->dlt && a->ts.tv_sec == b->ts.tv_sec && a->ts.tv_usec == b->ts.tv_usec &&
	    (a->caplen == 0 || memcmp(a->data, b->data, a->caplen) == 0);
}

/* The buffer reader and the stream reader, side by side. */
static void
differential(const uint8_t *data, size_t size)
{
	char e1[256], e2[256];
	struct pcapng *a, *b;
	struct pcapng_pkt pa, pb;
	FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
	int ka, kb, n = 0;

	if (f == NULL)
		return;
	a = pcapng_open_mem(data, size, e1, sizeof(e1));
	b = pcapng_open(f, e2, sizeof(e2));
	if ((a == NULL) != (b == NULL) || (a == NULL && strcmp(e1, e2) != 0))
		abort();
	while (a != NULL && n++ < MAX_PKTS) {
		ka = pcapng_next(a, &pa, e1, sizeof(e1));
		kb = pcapng_next(b, &pb, e2, sizeof(e2));
		if (ka != kb)
			abort();
		if (ka < 0 && strcmp(e1, e2) != 0)
			abort();
		if (ka != 1)
			break;
		check_pkt(&pa);
		if (!same_pkt(&pa, &pb))
			abort();
	}
	if (a != NULL && (pcapng_first_dlt(a) != pcapng_first_dlt(b) ||
	    pcapng_ifaces(a) != pcapng_ifaces(b) ||
	    pcapng_first_snaplen(a) != pcapng_first_snaplen(b)))
		abort();
	pcapng_close(a);
	pcapng_close(b);
	fclose(f);
}

static void
pipeline(const uint8_t *data, size_t size)
{
	struct run_opts ro;
	char path[64];
	uint8_t sum = 0;
	int fd = fuzz_memfd("fuzz_pcapng", data, size, path, sizeof(path));

	fuzz_file_opts(&ro, path);
	for (size_t i = 0; i < size; i++)
		sum ^= data[i];
	ro.rep.json = ro.out.json = (sum & 1) != 0;
	(void)bgpcap_run(&ro, devnull, devnull);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	differential(data, size);
	pipeline(data, size);
	return 0;
}
