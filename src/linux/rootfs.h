/* placeholder: replaced by the rootfs module at merge */
#ifndef RT_LINUX_ROOTFS_H
#define RT_LINUX_ROOTFS_H
#include <stdbool.h>
#include "libocispec/oci.h"
#include "util/err.h"
struct rootfs_plan;
int rootfs_prepare(const struct oci_config *c, const char *bundle, const char *rootfs, bool no_pivot,
		   struct rootfs_plan **ret, struct rt_err **err);
void rootfs_plan_free(struct rootfs_plan *p);
int rootfs_mount_all(const struct rootfs_plan *p, struct rt_err **err);
int rootfs_pivot(const struct rootfs_plan *p, struct rt_err **err);
int rootfs_finish(const struct rootfs_plan *p, struct rt_err **err);
#endif
