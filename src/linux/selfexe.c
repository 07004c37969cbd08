/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/selfexe.h"
#include "util/cleanup.h"
#include "util/util.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static bool is_sealed(int fd)
{
	int seals = fcntl(fd, F_GET_SEALS);

	return seals >= 0 && (seals & SEALS) == SEALS;
}

static int sealed_copy(int src, struct rt_err **err)
{
	_cleanup_close_ int mfd = -1;
	struct stat st;
	off_t off = 0;

	if (fstat(src, &st) < 0)
		return rt_err_set(err, errno, "stat '/proc/self/exe'");
	/* MFD_EXEC: kernels with vm.memfd_noexec would otherwise make the copy non-executable */
	mfd = memfd_create("rt", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create("rt", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return rt_err_set(err, errno, "memfd_create");
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, src, &off, (size_t)(st.st_size - off));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return rt_err_set(err, n < 0 ? errno : EIO, "copy '/proc/self/exe'");
	}
	if (fcntl(mfd, F_ADD_SEALS, SEALS) < 0)
		return rt_err_set(err, errno, "seal the copy of rt");
	return TAKE_FD(mfd);
}

int selfexe_ensure_sealed(char **argv, struct rt_err **err)
{
	_cleanup_close_ int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), mfd = -1;

	if (self < 0)
		return rt_err_set(err, errno, "open '/proc/self/exe'");
	if (is_sealed(self))
		return 0;
	mfd = sealed_copy(self, err);
	if (mfd < 0)
		return mfd;
	syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
	return rt_err_set(err, errno, "re-execute rt from its sealed copy");
}

char **selfexe_argv;

int selfexe_seal_if_ptrace(const struct oci_capabilities *caps, struct rt_err **err)
{
	bool ptrace = false;

	for (size_t i = 0; caps && i < caps->bounding_len; i++)
		if (strcasecmp(caps->bounding[i], "CAP_SYS_PTRACE") == 0)
			ptrace = true;
	if (!ptrace || !selfexe_argv)
		return 0;
	return selfexe_ensure_sealed(selfexe_argv, err);
}
