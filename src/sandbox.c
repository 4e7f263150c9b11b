/*
 * sandbox.c - the seccomp filter (see sandbox.h). The default action is
 * EPERM, not a kill: a call forgotten here makes an operation fail with an
 * error message instead of killing the run without a report.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <seccomp.h>

#include "sandbox.h"

/* Every run: descriptors already open, memory, time, signals, exit. */
static const int base_calls[] = {
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64), SCMP_SYS(write),
	SCMP_SYS(writev), SCMP_SYS(lseek), SCMP_SYS(fstat), SCMP_SYS(close),
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday),
	SCMP_SYS(time), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(sigaltstack), /* the signal stack of this thread only (ASan sets one) */
	SCMP_SYS(alarm), SCMP_SYS(setitimer), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(getrandom), SCMP_SYS(futex), SCMP_SYS(restart_syscall),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
};

/* A live capture: libpcap's loop and statistics. */
static const int live_calls[] = {
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(getsockopt),
};

static int
allow(scmp_filter_ctx ctx, const int *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, calls[i], 0) != 0)
			return -1;
	return 0;
}

/* Calls allowed only with harmless arguments. */
static int
allow_narrow(scmp_filter_ctx ctx)
{
	/* fstat(fd) as glibc makes it: newfstatat(fd, "", AT_EMPTY_PATH) */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat), 1,
	    SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH)) != 0)
		return -1;
	/* memory, never executable */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0)
		return -1;
	/* stdio asks whether the output is a terminal */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, TCGETS)) != 0)
		return -1;
	/* F_GETFL/F_SETFL (non-blocking reads), nothing that makes a descriptor */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
	    SCMP_A1(SCMP_CMP_EQ, F_GETFL)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
	    SCMP_A1(SCMP_CMP_EQ, F_SETFL)) != 0)
		return -1;
	return 0;
}

/* SANDBOX_CREATE and SANDBOX_WAIT (sandbox.h). */
static int
allow_extra(scmp_filter_ctx ctx, unsigned extra)
{
	const unsigned want = O_ACCMODE | O_CREAT | O_NOFOLLOW;
	const unsigned flags = O_WRONLY | O_CREAT | O_NOFOLLOW;

	if ((extra & SANDBOX_CREATE) &&
	    (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, want, flags)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, want, flags)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ftruncate), 0) != 0 ||
	    /* wfile.c: an existing file is truncated only when it is ours */
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(geteuid), 0) != 0))
		return -1;
	if ((extra & SANDBOX_WAIT) &&
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(wait4), 0) != 0)
		return -1;
	return 0;
}

int
sandbox_enter(bool live, char *err, size_t errlen)
{
	return sandbox_enter_with(live, 0, err, errlen);
}

int
sandbox_enter_with(bool live, unsigned extra, char *err, size_t errlen)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int rc = -1;

	if (ctx == NULL) {
		snprintf(err, errlen, "sandbox: seccomp_init failed");
		return -1;
	}
	if (allow(ctx, base_calls, sizeof(base_calls) / sizeof(base_calls[0])) != 0 ||
	    (live && allow(ctx, live_calls, sizeof(live_calls) / sizeof(live_calls[0])) != 0) ||
	    allow_narrow(ctx) != 0 || allow_extra(ctx, extra) != 0)
		snprintf(err, errlen, "sandbox: cannot build the seccomp filter");
	else if ((rc = seccomp_load(ctx)) != 0)
		snprintf(err, errlen, "sandbox: cannot load the seccomp filter: %s (--no-sandbox "
		    "runs without it)", strerror(-rc));
	seccomp_release(ctx);
	return rc == 0 ? 0 : -1;
}
