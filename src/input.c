/*
 * input.c - the -r file for several readers: opened again when regular,
 * else read once through a tee whose first bytes are kept (see input.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "input.h"

struct tee {
	int fd;
	uint8_t *kept;               /* the first `nkept` bytes of the input */
	size_t nkept, cap;
	uint64_t consumed;           /* bytes read from fd */
	unsigned refs;               /* the input and its streams */
};

struct input {
	char *path;
	struct tee *t;               /* NULL: a regular file */
};

struct reader {
	struct tee *t;
	uint64_t pos;
};

static void
tee_unref(struct tee *t)
{
	if (t == NULL || --t->refs > 0)
		return;
	close(t->fd);
	free(t->kept);
	free(t);
}

static ssize_t
r_read(void *cookie, char *buf, size_t n)
{
	struct reader *r = cookie;
	struct tee *t = r->t;
	ssize_t k;

	if (r->pos < t->nkept) {
		size_t m = t->nkept - r->pos < n ? (size_t)(t->nkept - r->pos) : n;

		memcpy(buf, t->kept + r->pos, m);
		r->pos += m;
		return (ssize_t)m;
	}
	if (r->pos != t->consumed) {
		errno = EIO;     /* behind the kept bytes: gone */
		return -1;
	}
	do
		k = read(t->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k <= 0)
		return k;
	if (t->nkept == t->consumed && t->nkept < t->cap) {
		size_t m = t->cap - t->nkept < (size_t)k ? t->cap - t->nkept : (size_t)k;

		memcpy(t->kept + t->nkept, buf, m);
		t->nkept += m;
	}
	t->consumed += (uint64_t)k;
	r->pos += (uint64_t)k;
	return k;
}

/* Back to any kept byte, or where the reader is (ftell). */
static int
r_seek(void *cookie, off64_t *off, int whence)
{
	struct reader *r = cookie;
	int64_t to;

	if (whence == SEEK_SET)
		to = *off;
	else if (whence == SEEK_CUR)
		to = (int64_t)r->pos + *off;
	else {
		errno = ESPIPE;
		return -1;
	}
	if (to < 0 || ((uint64_t)to > r->t->nkept && (uint64_t)to != r->pos)) {
		errno = ESPIPE;
		return -1;
	}
	r->pos = (uint64_t)to;
	*off = to;
	return 0;
}

static int
r_close(void *cookie)
{
	struct reader *r = cookie;

	tee_unref(r->t);
	free(r);
	return 0;
}

static struct input *
input_fail(struct input *in, char *err, size_t errlen, const char *path)
{
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	input_close(in);
	return NULL;
}

struct input *
input_open(const char *path, size_t keep, char *err, size_t errlen)
{
	struct input *in = calloc(1, sizeof(*in));
	struct stat sb;
	int fd;

	if (in == NULL || (in->path = strdup(path)) == NULL)
		return input_fail(in, err, errlen, path);
	/* a regular file (or one that is not there: the readers say why) */
	if (strcmp(path, "-") != 0 && (stat(path, &sb) != 0 || S_ISREG(sb.st_mode)))
		return in;
	fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return input_fail(in, err, errlen, path);
	if ((in->t = calloc(1, sizeof(*in->t))) == NULL) {
		close(fd);
		return input_fail(in, err, errlen, path);
	}
	in->t->fd = fd;
	in->t->refs = 1;
	in->t->cap = keep ? keep : INPUT_KEEP;
	if ((in->t->kept = malloc(in->t->cap)) == NULL)
		return input_fail(in, err, errlen, path);
	return in;
}

FILE *
input_fopen(struct input *in, const char *path)
{
	static const cookie_io_functions_t io = { .read = r_read, .seek = r_seek,
		.close = r_close };
	struct reader *r;
	FILE *f;
	int fd;

	if (in == NULL || in->t == NULL) {
		if (in != NULL)
			path = in->path;
		if (strcmp(path, "-") != 0)
			return fopen(path, "rb");
		if ((fd = dup(STDIN_FILENO)) < 0)
			return NULL;
		if ((f = fdopen(fd, "rb")) == NULL)
			close(fd);
		return f;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->t = in->t;
	if ((f = fopencookie(r, "rb", io)) == NULL) {
		free(r);
		return NULL;
	}
	in->t->refs++;
	return f;
}

bool
input_seekable(const struct input *in)
{
	return in == NULL || in->t == NULL;
}

uint64_t
input_consumed(const struct input *in)
{
	return in != NULL && in->t != NULL ? in->t->consumed : 0;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	tee_unref(in->t);
	free(in->path);
	free(in);
}
