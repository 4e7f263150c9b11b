/*
 * sandbox.h - once the inputs and outputs are open and root is dropped,
 * a seccomp filter (libseccomp) allows only what the decode loop needs:
 * read and write on descriptors already open, memory, time, signals,
 * exit, and for a live capture libpcap's loop (poll, recvfrom,
 * getsockopt). Opening files, sockets or processes fails with EPERM, so
 * a decoder bug cannot reach beyond the process. The list is in the man
 * page (SANDBOX) and in sandbox.c.
 *
 * May call: libseccomp.
 */
#ifndef BGPCAP_SANDBOX_H
#define BGPCAP_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* Enter the sandbox (live: a capture device is read). 0, or -1 with err. */
int sandbox_enter(bool live, char *err, size_t errlen);

/* What a run may do besides, given only with the options that need it. */
enum {
	/* -G/-C (rotation): create and truncate output files. open/openat
	 * only write-only, with O_CREAT and O_NOFOLLOW (nothing can be read,
	 * no link followed), ftruncate, geteuid (whose file it is) */
	SANDBOX_CREATE = 1,
	/* -z: wait for the helper process that runs the command (wait4) */
	SANDBOX_WAIT = 2,
};
int sandbox_enter_with(bool live, unsigned extra, char *err, size_t errlen);

#endif
