/* TEMP: stand-ins until the modules merge. Not committed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cgroup/cgroup.h"
#include "fs/procfs.h"
#include "fs/resolve.h"
#include "linux/process.h"
#include "linux/rootfs.h"
#include "util/util.h"
struct rootfs_plan { const struct oci_config *c; const char *rootfs; };
int rootfs_prepare(const struct oci_config *c, const char *bundle, const char *rootfs, bool no_pivot, struct rootfs_plan **ret, struct rt_err **err)
{ *ret = calloc(1, sizeof(**ret)); (*ret)->c = c; (*ret)->rootfs = rootfs; return 0; }
void rootfs_plan_free(struct rootfs_plan *p) { free(p); }
int rootfs_mount_all(const struct rootfs_plan *p, struct rt_err **err)
{
	char path[4096];
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) return rt_err_set(err, errno, "slave /");
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) return rt_err_set(err, errno, "bind rootfs");
	for (size_t i = 0; i < p->c->mounts_len; i++) {
		const struct oci_mount *m = &p->c->mounts[i];
		snprintf(path, sizeof(path), "%s%s", p->rootfs, m->destination);
		mkdir(path, 0755);
		if (m->type && strcmp(m->type, "proc") == 0 && mount("proc", path, "proc", 0, NULL) < 0) return rt_err_set(err, errno, "proc");
		if (m->type && strcmp(m->type, "tmpfs") == 0 && mount("tmpfs", path, "tmpfs", 0, NULL) < 0) return rt_err_set(err, errno, "tmpfs");
	}
	return 0;
}
int rootfs_pivot(const struct rootfs_plan *p, struct rt_err **err)
{
	if (chdir(p->rootfs) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return rt_err_set(err, errno, "pivot");
	return 0;
}
int rootfs_finish(const struct rootfs_plan *p, struct rt_err **err) { return 0; }
