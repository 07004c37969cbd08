/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.netDevices (runtime-spec 1.3, config-linux.md "Network Devices"): host network
 * devices moved into the container's network namespace over rtnetlink, renamed to
 * `name` when given (a name ending in a "%d" template lets the kernel pick the number),
 * with their permanent global-scope addresses put back and the link set up. Nothing is
 * moved back: when the namespace goes away the kernel returns physical devices to the
 * initial namespace and destroys virtual ones, as the spec says.
 */
#ifndef RT_LINUX_NETDEV_H
#define RT_LINUX_NETDEV_H

#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

/*
 * Checks linux.netDevices before anything is made: valid interface names (host key and
 * container name: 1-15 bytes, not "." or "..", no '/', ':' or white space, at most one
 * '%' as part of "%d"), no two entries with the same container name, and a network
 * namespace in linux.namespaces (has_netns). Errors name the field.
 */
int netdev_validate(const struct oci_linux *l, bool has_netns, struct rt_err **err);

/*
 * Moves every entry of l->net_devices from the caller's network namespace into the one
 * of process `pid` (the container's init, reached through the verified procfs). Fails
 * without moving a device whose container name is taken there. Errors name the entry:
 * "linux.netDevices: 'eth1': ...".
 */
int netdev_move_all(const struct oci_linux *l, pid_t pid, struct rt_err **err);

/* Pure helper, exposed for the unit tests: whether s is a valid interface name (template: "%d" allowed). */
bool netdev_name_valid(const char *s, bool template_ok);

#endif
