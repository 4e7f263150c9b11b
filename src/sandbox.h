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

#endif
