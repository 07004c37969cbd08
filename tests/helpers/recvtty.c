/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * recvtty SOCKET [INPUT]: the receiving end of --console-socket, as conmon and the
 * containerd shim are. Listens on SOCKET, takes ONE connection, receives the pty master
 * in one SCM_RIGHTS message, prints "received <body>" on stderr, writes INPUT (if any)
 * to the master, then copies everything the container writes to stdout until EOF.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char body[256] = "", cbuf[CMSG_SPACE(sizeof(int))], buf[4096];
	struct iovec iov = {.iov_base = body, .iov_len = sizeof(body) - 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	int lfd, conn, master = -1;
	ssize_t n;

	if (argc < 2 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: recvtty SOCKET [INPUT]\n");
		return 2;
	}
	memcpy(addr.sun_path, argv[1], strlen(argv[1]) + 1);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lfd, 1) < 0) {
		perror("recvtty: listen");
		return 1;
	}
	/* Tell the test we are listening. */
	fprintf(stderr, "listening\n");
	conn = accept(lfd, NULL, NULL);
	if (conn < 0 || recvmsg(conn, &msg, 0) < 0) {
		perror("recvtty: receive");
		return 1;
	}
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS) {
		fprintf(stderr, "recvtty: no fd received\n");
		return 1;
	}
	memcpy(&master, CMSG_DATA(c), sizeof(int));
	fprintf(stderr, "received %s\n", body);
	close(conn);
	close(lfd);
	unlink(argv[1]);
	if (argc > 2 && write(master, argv[2], strlen(argv[2])) < 0)
		perror("recvtty: write");
	for (;;) {
		n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* EIO once the last slave fd is closed */
			break;
		if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
			break;
	}
	return 0;
}
