/*
 * fuzz_pcap.c - libFuzzer harness: a whole capture file (pcap or pcapng)
 * through the full pipeline (capture, flows, sessions, text or JSON
 * printer, reporter). The output goes to /dev/null.
 *
 * The input is the file itself; its last byte's low bits also choose the
 * output mode (text, -v, -vv, JSON), so that every printer is reached
 * without changing how libpcap reads the file.
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

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts ro;
	char path[64];
	int fd;
	uint8_t sel = size ? data[size - 1] : 0;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	fd = fuzz_memfd("fuzz_pcap", data, size, path, sizeof(path));
	fuzz_file_opts(&ro, path);
	if (sel & 0x80) {        /* BMP on 1790, as bgpcap's default */
		ro.cap.ports[1] = 1790;
		ro.cap.nports = 2;
		ro.bmp_ports[0] = 1790;
		ro.n_bmp_ports = 1;
	}
	ro.rep.json = ro.out.json = (sel & 3) == 3;
	ro.out.verbose = (sel & 3) == 3 ? 0 : (sel & 3);
	ro.stats = sel & 4;
	ro.out.no_ts = sel & 8;
	/* small limits sometimes, to reach eviction and limit paths */
	if (sel & 0x10) {
		ro.limits.max_flows = 2;
		ro.limits.max_buf = 64;
		ro.limits.max_ooo_segs = 2;
		ro.limits.max_ooo_bytes = 512;
	}
	/* the reporter's expectation checks, AS-path regex included */
	if (sel & 0x20)
		ro.rep.expect_aspath_re = "^65001_([0-9]+_)*(65002|65003)$";
	if (sel & 0x40) {
		ro.rep.expect_aspath = "65001 65002";
		ro.rep.expect_nh[0].af = 2; /* AF_INET */
		ro.rep.expect_nh[0].a[0] = 10;
		ro.rep.expect_nh[0].a[3] = 1;
		ro.rep.n_expect_nh = 1;
	}
	(void)bgpcap_run(&ro, devnull, devnull);
	close(fd);
	return 0;
}
