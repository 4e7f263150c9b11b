/*
 * privs.c - the privilege drop (issue 14): once the inputs are open,
 * root becomes -Z's user, or tcpdump's or nobody's as tcpdump does.
 * Owns: nothing. May call: libc.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/types.h>

#include "privs.h"

static char dropped_to[64];      /* the user root became, for messages */

const char *
privs_dropped_to(void)
{
	return dropped_to[0] != '\0' ? dropped_to : NULL;
}

int
privs_drop(const char *user, FILE *err)
{
	struct passwd *pw;

	if (user != NULL && (pw = getpwnam(user)) == NULL) {
		fprintf(err, "bgpcap: -Z: no such user '%s'\n", user);
		return -1;
	}
	if (geteuid() != 0)
		return 0;
	if (user == NULL) {
		/* as tcpdump: an unprivileged user if one exists */
		if ((pw = getpwnam("tcpdump")) == NULL && (pw = getpwnam("nobody")) == NULL)
			return 0;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		fprintf(err, "bgpcap: cannot drop privileges to %s: %s\n", pw->pw_name,
		    strerror(errno));
		return -1;
	}
	snprintf(dropped_to, sizeof(dropped_to), "%s", pw->pw_name);
#if defined(__SANITIZE_ADDRESS__) || defined(BGPCAP_SANITIZERS)
	/* LeakSanitizer stops the process's threads with ptrace at exit,
	 * which setuid's non-dumpable flag forbids: sanitizer builds only */
	prctl(PR_SET_DUMPABLE, 1);
#endif
	return 0;
}
