/*
 * fuzz_file.h - what the whole-file harnesses (fuzz_pcap.c, fuzz_pcapng.c, fuzz_mrt.c)
 * share: the input as a memory file with a path, and the run options every
 * file run starts from.
 */
#ifndef BGPCAP_FUZZ_FILE_H
#define BGPCAP_FUZZ_FILE_H

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

/* data in a memfd named `name`, its /proc path in path; the fd (closed by
 * the caller). A harness that cannot make it stops: that is no finding. */
static inline int
fuzz_memfd(const char *name, const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create(name, 0);

	if (fd < 0)
		abort();
	for (size_t off = 0; off < size;) {
		ssize_t w = write(fd, data + off, size - off);

		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

/* -r path, BGP on 179, the report wanted; root kept and no sandbox (the
 * fuzzer writes its corpus as root and opens its inputs after this run). */
static inline void
fuzz_file_opts(struct run_opts *ro, const char *path)
{
	memset(ro, 0, sizeof(*ro));
	ro->cap.file = path;
	ro->user = "root";
	ro->no_sandbox = true;
	ro->cap.snaplen = 262144;
	ro->cap.bufsize_kib = 32768;
	ro->cap.ports[0] = 179;
	ro->cap.nports = 1;
	ro->want_report = true;
}

#endif
