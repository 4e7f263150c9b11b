/*
 * rotate.c - -w FILE with -G/-C/-W/-z, as tcpdump (rotate.h).
 *
 * Names, as tcpdump makes them: with -G the name is an strftime(3) format
 * of the period's start (local time); with -C a number follows it, none on
 * the first file and 1, 2, ... after, or with -W always, zero-padded to the
 * width of W-1, counting 0 .. W-1 and round again (the ring). Unlike
 * tcpdump, -G periods follow the run's clock from its start, not from the
 * first packet after each rotation, so they do not drift.
 *
 * -z: the sandbox forbids starting programs, and a program started from
 * inside it would inherit it; so a helper process is forked before the
 * sandbox (after the privilege drop), reads the names of closed files from
 * a pipe and runs `command FILE` for each (fork and execvp, no shell).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "rotate.h"
#include "wfile.h"

#define ROT_NAME_MAX 4096

struct rot {
	struct rot_opts o;
	pcap_t *p;
	pcap_dumper_t *d;
	char *path;              /* -w as given */
	char name[ROT_NAME_MAX]; /* the current file */
	double start;            /* the current -G period's start */
	unsigned files;          /* files created */
	unsigned slice;          /* -C: the current file's number in the period */
	uint64_t bytes;          /* written to the current file */
	int zfd;                 /* -z: the helper's pipe, or -1 */
	pid_t zpid;
};

/* -z: the helper. Never returns. */
static void __attribute__((noreturn))
helper(int fd, const char *cmd)
{
	FILE *in;
	char *line = NULL;
	size_t cap = 0;

	signal(SIGINT, SIG_IGN);   /* the run's Control-C: finish the files */
	signal(SIGTERM, SIG_IGN);
	if (dup2(fd, 3) != 3)
		_exit(1);
	for (int i = 4; i < 1024; i++)
		close(i);
	if ((in = fdopen(3, "r")) == NULL)
		_exit(1);
	while (getdelim(&line, &cap, '\0', in) > 0) {
		pid_t pid = fork();

		if (pid == 0) {
			char *const argv[] = { (char *)cmd, line, NULL };

			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			execvp(cmd, argv);
			fprintf(stderr, "bgpcap: -z %s: %s\n", cmd, strerror(errno));
			_exit(127);
		}
		if (pid > 0)
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	_exit(0);
}

static int
helper_start(struct rot *r, char *err, size_t errlen)
{
	int fds[2];

	if (pipe(fds) != 0) {
		snprintf(err, errlen, "-z: pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	r->zpid = fork();
	if (r->zpid < 0) {
		snprintf(err, errlen, "-z: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (r->zpid == 0) {
		close(fds[1]);
		helper(fds[0], r->o.cmd);
	}
	close(fds[0]);
	r->zfd = fds[1];
	(void)fcntl(r->zfd, F_SETFD, FD_CLOEXEC);
	return 0;
}

/* The name of the next file (see the top). */
static int
make_name(struct rot *r, char *err, size_t errlen)
{
	char base[ROT_NAME_MAX];
	size_t n = strlen(r->path);

	if (r->o.seconds > 0) {
		time_t t = (time_t)r->start;
		struct tm tm;

		/* the format is the user's -w: that is what -G asks for */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (localtime_r(&t, &tm) == NULL ||
		    (n = strftime(base, sizeof(base), r->path, &tm)) == 0) {
#pragma GCC diagnostic pop
			snprintf(err, errlen, "-w %s: not a usable strftime format", r->path);
			return -1;
		}
	} else if (n >= sizeof(base)) {
		snprintf(err, errlen, "-w: file name too long");
		return -1;
	} else
		memcpy(base, r->path, n + 1);
	if (r->o.megabytes > 0 && r->o.count > 0) {
		int w = 1;

		for (unsigned v = r->o.count - 1; v >= 10; v /= 10)
			w++;
		n = (size_t)snprintf(r->name, sizeof(r->name), "%s%0*u", base, w, r->slice);
	} else if (r->o.megabytes > 0 && r->slice > 0)
		n = (size_t)snprintf(r->name, sizeof(r->name), "%s%u", base, r->slice);
	else
		n = (size_t)snprintf(r->name, sizeof(r->name), "%s", base);
	if (n >= sizeof(r->name)) {
		snprintf(err, errlen, "-w: file name too long");
		return -1;
	}
	return 0;
}

/* Close the current file (complete) and hand it to -z. */
static void
close_current(struct rot *r)
{
	if (r->d == NULL)
		return;
	pcap_dump_flush(r->d);
	pcap_dump_close(r->d);
	r->d = NULL;
	if (r->zfd >= 0 && write(r->zfd, r->name, strlen(r->name) + 1) < 0) {
		close(r->zfd);   /* the helper is gone: no more -z */
		r->zfd = -1;
	}
}

static int
open_next(struct rot *r, char *err, size_t errlen)
{
	FILE *fp;

	close_current(r);
	if (make_name(r, err, errlen) != 0 || (fp = wfile_open(r->name, "-w", err, errlen)) == NULL)
		return -1;
	if ((r->d = pcap_dump_fopen(r->p, fp)) == NULL) {
		snprintf(err, errlen, "-w %s: %s", r->name, pcap_geterr(r->p));
		fclose(fp);
		return -1;
	}
	pcap_dump_flush(r->d);
	r->files++;
	r->bytes = 24;           /* the file header */
	return 0;
}

struct rot *
rot_open(pcap_t *p, const char *path, const struct rot_opts *o, double now, char *err,
    size_t errlen)
{
	struct rot *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(r);
		return NULL;
	}
	r->o = *o;
	r->p = p;
	r->zfd = -1;
	r->zpid = -1;
	r->start = (double)(long long)now;
	if ((o->cmd != NULL && helper_start(r, err, errlen) != 0) ||
	    (now >= 0 && open_next(r, err, errlen) != 0)) {
		rot_close(r);
		return NULL;
	}
	return r;
}

int
rot_tick(struct rot *r, double now, char *err, size_t errlen)
{
	double periods;

	if (r->files == 0) {     /* a file read: the first packet's time */
		r->start = (double)(long long)now;
		return open_next(r, err, errlen);
	}
	if (r->o.seconds == 0 || now < r->start + r->o.seconds)
		return 0;
	/* -G -W without -C: that many files, then stop (tcpdump) */
	if (r->o.megabytes == 0 && r->o.count > 0 && r->files >= r->o.count)
		return 1;
	periods = (double)(long long)((now - r->start) / r->o.seconds);
	r->start += periods * r->o.seconds;
	r->slice = 0;
	return open_next(r, err, errlen);
}

int
rot_write(struct rot *r, const struct pcap_pkthdr *h, const u_char *data, double now,
    char *err, size_t errlen)
{
	int rc = rot_tick(r, now, err, errlen);

	if (rc != 0)
		return rc;
	if (r->o.megabytes > 0 && r->bytes > r->o.megabytes * 1000000) {
		r->slice++;
		if (r->o.count > 0 && r->slice >= r->o.count)
			r->slice = 0;    /* the ring: the oldest file again */
		if (open_next(r, err, errlen) != 0)
			return -1;
	}
	pcap_dump((u_char *)r->d, h, data);
	r->bytes += 16 + h->caplen;
	return 0;
}

unsigned
rot_files(const struct rot *r)
{
	return r ? r->files : 0;
}

void
rot_flush(struct rot *r)
{
	if (r != NULL && r->d != NULL)
		pcap_dump_flush(r->d);
}

void
rot_close(struct rot *r)
{
	if (r == NULL)
		return;
	close_current(r);
	if (r->zfd >= 0)
		close(r->zfd);
	if (r->zpid > 0)
		while (waitpid(r->zpid, NULL, 0) < 0 && errno == EINTR)
			;
	free(r->path);
	free(r);
}
