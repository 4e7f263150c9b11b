/*
 * wfile.c - output files created safely (wfile.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "privs.h"
#include "wfile.h"

/* After the drop from root, say whose rights the file was opened with. */
static const char *
as_user(int e, char *buf, size_t len)
{
	const char *u = privs_dropped_to();

	if (u == NULL || (e != EACCES && e != EPERM && e != 0))
		return "";
	snprintf(buf, len, " (bgpcap writes as user %s after dropping root, as tcpdump "
	    "does: -Z root keeps root)", u);
	return buf;
}

FILE *
wfile_open(const char *path, const char *opt, char *err, size_t errlen)
{
	struct stat st;
	char hint[160];
	FILE *fp;
	int fd;

	/* O_NONBLOCK: a FIFO without a reader fails at once instead of hanging */
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
	if (fd < 0) {
		int e = errno;

		snprintf(err, errlen, "%s %s: %s%s", opt, path, strerror(e),
		    e == ELOOP ? " (a symbolic link: not followed)" : as_user(e, hint, sizeof(hint)));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && st.st_uid != geteuid()) ||
	    (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
	    (fp = fdopen(fd, "wb")) == NULL) {
		bool other = S_ISREG(st.st_mode) && st.st_uid != geteuid();

		snprintf(err, errlen, "%s %s: %s%s", opt, path, other ? "exists and belongs "
		    "to another user: not overwritten" : strerror(errno),
		    as_user(other ? 0 : errno, hint, sizeof(hint)));
		close(fd);
		return NULL;
	}
	return fp;
}
