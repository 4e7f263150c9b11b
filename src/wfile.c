/*
 * wfile.c - output files created safely (wfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "wfile.h"

FILE *
wfile_open(const char *path, const char *opt, char *err, size_t errlen)
{
	struct stat st;
	FILE *fp;
	int fd;

	/* O_NONBLOCK: a FIFO without a reader fails at once instead of hanging */
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s %s: %s%s", opt, path, strerror(errno),
		    errno == ELOOP ? " (a symbolic link: not followed)" : "");
		return NULL;
	}
	if (fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && st.st_uid != geteuid()) ||
	    (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
	    (fp = fdopen(fd, "wb")) == NULL) {
		snprintf(err, errlen, "%s %s: %s", opt, path, S_ISREG(st.st_mode) &&
		    st.st_uid != geteuid() ? "exists and belongs to another user: not "
		    "overwritten" : strerror(errno));
		close(fd);
		return NULL;
	}
	return fp;
}
