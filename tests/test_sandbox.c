/*
 * test_sandbox.c - the seccomp filter (src/sandbox.c): in a child process
 * that entered it, opening a file, making a socket and executing a program
 * are refused with EPERM, while reading and writing descriptors opened
 * before, allocating memory and reading the clock still work. With
 * SANDBOX_CREATE (rotation), a file is created write-only without following
 * a link, and still nothing can be opened for reading or through a link.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "sandbox.h"

/* Bits of the child's exit status: what did not behave. */
enum { OPEN_OK = 1, SOCKET_OK = 2, EXEC_OK = 4, IO_BAD = 8, MEM_BAD = 16, ENTER_BAD = 32,
	EXECMEM_OK = 64 };

/* Refused in every mode: making a socket, executing a program. */
static int
no_socket_no_exec(void)
{
	char *const argv[] = { "/bin/true", NULL };
	int bad = 0;

	if (socket(AF_INET, SOCK_STREAM, 0) >= 0 || errno != EPERM)
		bad |= SOCKET_OK;
	execve("/bin/true", argv, NULL);
	if (errno != EPERM)
		bad |= EXEC_OK;
	return bad;
}

static int
child(bool live, int rfd, int wfd)
{
	char err[256], buf[4];
	struct timespec ts;
	int bad = 0, fd;
	void *m;

	if (sandbox_enter(live, err, sizeof(err)) != 0)
		return ENTER_BAD;
	/* allowed: descriptors open before, memory, time */
	if (read(rfd, buf, 4) != 4 || write(wfd, "ok", 2) != 2 ||
	    clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		bad |= IO_BAD;
	m = malloc(1 << 24);
	if (m == NULL)
		bad |= MEM_BAD;
	else
		memset(m, 1, 1 << 24);
	free(m);
	/* refused */
	fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0 || errno != EPERM)
		bad |= OPEN_OK;
	fd = openat(AT_FDCWD, "/tmp/bgpcap-sandbox-test", O_WRONLY | O_CREAT, 0600);
	if (fd >= 0 || errno != EPERM)
		bad |= OPEN_OK;
	bad |= no_socket_no_exec();
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED)
		bad |= EXECMEM_OK;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		bad |= MEM_BAD;
	else if (mprotect(m, 4096, PROT_READ | PROT_EXEC) == 0)
		bad |= EXECMEM_OK;
	return bad;
}

static void
run(bool live)
{
	int in[2], out[2], st;
	char buf[4] = { 0 };
	pid_t pid;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(write(in[1], "data", 4), 4);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child(live, in[0], out[1]));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) != 0)
		print_message("child status bits 0x%x (live %d)\n", WEXITSTATUS(st), live);
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(read(out[0], buf, 2), 2);
	assert_memory_equal(buf, "ok", 2);
	close(in[0]), close(in[1]), close(out[0]), close(out[1]);
}

/* SANDBOX_CREATE | SANDBOX_WAIT: the bits as above; 1 = creating failed. */
static int
child_create(const char *dir)
{
	char err[256], path[512], link[512];
	int bad = 0, fd;

	snprintf(path, sizeof(path), "%s/new", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	if (sandbox_enter_with(false, SANDBOX_CREATE | SANDBOX_WAIT, err, sizeof(err)) != 0)
		return ENTER_BAD;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "x", 1) != 1 || ftruncate(fd, 0) != 0)
		bad |= IO_BAD;
	if (fd >= 0)
		close(fd);
	fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0 || errno != EPERM)
		bad |= OPEN_OK;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
	if (fd >= 0 || errno != EPERM)
		bad |= OPEN_OK;
	fd = open(link, O_WRONLY | O_CREAT, 0600);   /* without O_NOFOLLOW */
	if (fd >= 0 || errno != EPERM)
		bad |= OPEN_OK;
	fd = open(link, O_WRONLY | O_CREAT | O_NOFOLLOW, 0600);
	if (fd >= 0 || errno != ELOOP)
		bad |= OPEN_OK;
	bad |= no_socket_no_exec();
	return bad;
}

static void
test_create(void **state)
{
	char dir[] = "/tmp/bgpcap-sandbox-XXXXXX", p[64];
	pid_t pid;
	int st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/link", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_create(dir));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) != 0)
		print_message("child status bits 0x%x (create)\n", WEXITSTATUS(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	unlink(p);
	snprintf(p, sizeof(p), "%s/new", dir);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_file(void **state) { (void)state; run(false); }
static void test_live(void **state) { (void)state; run(true); }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_create),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
