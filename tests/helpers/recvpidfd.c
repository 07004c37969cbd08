/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * recvpidfd SOCKET [SIGNAL GO-FILE]: the receiving end of --pidfd-socket. Listens on
 * SOCKET, takes ONE connection, receives one fd in one SCM_RIGHTS message and prints
 * "received <body> pid <pid>" on stdout, the pid read from the fd's /proc fdinfo (what a
 * pidfd refers to). With SIGNAL, once GO-FILE exists (waits up to 20 s), sends it
 * through the pidfd (pidfd_send_signal) and prints "signalled". Prints "listening" on
 * stderr once the socket is bound.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static long fd_pid(int fd)
{
	char path[64], line[256];
	long pid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Pid:", 4))
			pid = strtol(line + 4, NULL, 10);
	fclose(f);
	return pid;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char body[256] = "", cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = body, .iov_len = sizeof(body) - 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	int lfd, conn, fd = -1;

	if (argc < 2 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: recvpidfd SOCKET [SIGNAL GO-FILE]\n");
		return 2;
	}
	memcpy(addr.sun_path, argv[1], strlen(argv[1]) + 1);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lfd, 1) < 0) {
		perror("recvpidfd: listen");
		return 1;
	}
	fprintf(stderr, "listening\n");
	conn = accept(lfd, NULL, NULL);
	if (conn < 0 || recvmsg(conn, &msg, 0) < 0) {
		perror("recvpidfd: receive");
		return 1;
	}
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS) {
		fprintf(stderr, "recvpidfd: no fd received\n");
		return 1;
	}
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	printf("received %s pid %ld\n", body, fd_pid(fd));
	fflush(stdout);
	unlink(argv[1]);
	if (argc > 3) {
		for (int i = 0; i < 2000 && access(argv[3], F_OK) < 0; i++)
			usleep(10000);
		if (syscall(SYS_pidfd_send_signal, fd, atoi(argv[2]), NULL, 0) < 0) {
			perror("recvpidfd: pidfd_send_signal");
			return 1;
		}
		printf("signalled\n");
	}
	return 0;
}
