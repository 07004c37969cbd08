/* SPDX-License-Identifier: GPL-2.0-or-later */
/* linux.netDevices: the name rules and the config checks (no devices are moved here). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "linux/netdev.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static void test_names(void)
{
	ok(netdev_name_valid("eth0", false), "eth0");
	ok(netdev_name_valid("abcdefghijklmno", false), "15 bytes");
	ok(!netdev_name_valid("abcdefghijklmnop", false), "16 bytes refused (IFNAMSIZ)");
	ok(!netdev_name_valid("", false), "empty refused");
	ok(!netdev_name_valid(NULL, false), "NULL refused");
	ok(!netdev_name_valid(".", false) && !netdev_name_valid("..", false), ". and .. refused");
	ok(!netdev_name_valid("a/b", false), "slash refused");
	ok(!netdev_name_valid("a:b", false), "colon refused");
	ok(!netdev_name_valid("a b", false) && !netdev_name_valid("a\tb", false), "white space refused");
	ok(netdev_name_valid("eth%d", true), "template allowed as a container name");
	ok(!netdev_name_valid("eth%d", false), "template refused as a host name");
	ok(!netdev_name_valid("eth%s", true), "only %%d");
	ok(!netdev_name_valid("e%dx%d", true), "one template at most");
}

static int validate(struct oci_net_device *d, size_t n, bool netns, char **msg)
{
	struct oci_linux l = {.net_devices = d, .net_devices_len = n};
	struct rt_err *err = NULL;
	int r = netdev_validate(&l, netns, &err);

	*msg = err ? strdup(err->msg) : NULL;
	rt_err_free(err);
	return r;
}

static void test_validate(void)
{
	struct oci_net_device one[] = {{.host_name = "veth1", .name = "eth0"}};
	struct oci_net_device same[] = {{.host_name = "veth1", .name = "eth0"}, {.host_name = "eth0"}};
	struct oci_net_device tmpl[] = {{.host_name = "veth1", .name = "n%d"}, {.host_name = "veth2", .name = "n%d"}};
	struct oci_net_device bad[] = {{.host_name = "veth1", .name = "a:b"}};
	char *msg;
	int r;

	r = validate(one, 1, true, &msg);
	ok(r == 0 && !msg, "one device with a network namespace");
	free(msg);
	r = validate(one, 1, false, &msg);
	ok(r < 0 && msg && strstr(msg, "needs a network namespace"), "no netns: %s", msg ? msg : "");
	free(msg);
	r = validate(same, 2, true, &msg);
	ok(r < 0 && msg && strstr(msg, "both have the name 'eth0'"), "an unnamed entry's host name is its name: %s",
	   msg ? msg : "");
	free(msg);
	r = validate(tmpl, 2, true, &msg);
	ok(r == 0, "two entries may share a template");
	free(msg);
	r = validate(bad, 1, true, &msg);
	ok(r < 0 && msg && strstr(msg, "name 'a:b' is not a valid interface name"), "%s", msg ? msg : "");
	free(msg);
	ok(netdev_validate(NULL, false, NULL) == 0, "no linux section: nothing to check");
}

int main(void)
{
	test_names();
	test_validate();
	return done_testing();
}
