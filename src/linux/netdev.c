/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.netDevices over rtnetlink: one NETLINK_ROUTE socket in rt's network namespace
 * and one made inside the container's (a socket keeps the namespace it was created in,
 * so rt enters the container's namespace only for the socket() call). Per device: find
 * it on the host, refuse a container name already taken, save its permanent global
 * addresses, move and rename it with one RTM_NEWLINK (IFLA_NET_NS_FD + IFLA_IFNAME),
 * then add the addresses back and set it up inside.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "linux/netdev.h"
#include "util/cleanup.h"
#include "util/util.h"

#define NL_BUF 8192
#define MAX_ADDRS 64

struct nl_msg {
	struct nlmsghdr h;
	union {
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
		struct rtgenmsg gen;
	};
	char attrs[256];
};

struct saved_addr {
	struct ifaddrmsg ifa;
	uint32_t flags;
	unsigned char local[16], address[16], broadcast[16];
	unsigned short local_len, address_len, broadcast_len;
};

/* For the callbacks: a link's index by name, or the set of indices present. */
struct link_seen {
	int index;
	int *all;
	size_t n, cap;
};

typedef int (*nl_cb)(const struct nlmsghdr *m, void *data);

bool netdev_name_valid(const char *s, bool template_ok)
{
	size_t len = s ? strlen(s) : 0;
	const char *pct;

	if (len == 0 || len >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || (*p >= '\t' && *p <= '\r'))
			return false;
	pct = strchr(s, '%');
	if (!pct)
		return true;
	return template_ok && pct[1] == 'd' && !strchr(pct + 1, '%');
}

static void nl_init(struct nl_msg *m, uint16_t type, uint16_t flags, size_t body)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_len = NLMSG_LENGTH(body);
	m->h.nlmsg_type = type;
	m->h.nlmsg_flags = NLM_F_REQUEST | flags;
}

static void nl_put(struct nl_msg *m, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)&m->h + NLMSG_ALIGN(m->h.nlmsg_len));

	/* every caller's attributes are small and bounded: interface names, addresses, an fd */
	if (NLMSG_ALIGN(m->h.nlmsg_len) + RTA_SPACE(len) > sizeof(*m))
		abort();
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + RTA_SPACE(len);
}

/*
 * Sends m and reads the answer: each message of it goes to cb (when given) until the
 * ACK, the error or the end of a dump. Returns 0 or -errno (the kernel's).
 */
static int nl_request(int fd, struct nl_msg *m, nl_cb cb, void *data)
{
	static uint32_t seq;
	_cleanup_free_ char *buf = malloc(NL_BUF);
	/* NLM_F_DUMP's bits mean other things (NLM_F_EXCL...) in a request that is no GET */
	bool dump = m->h.nlmsg_type % 4 == RTM_GETLINK % 4 && (m->h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

	if (!buf)
		return -ENOMEM;
	if (!dump)
		m->h.nlmsg_flags |= NLM_F_ACK;
	m->h.nlmsg_seq = ++seq;
	if (send(fd, &m->h, m->h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != m->h.nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb) {
				int r = cb(h, data);

				if (r < 0)
					return r;
			}
		}
	}
}

static int nl_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	return fd < 0 ? -errno : fd;
}

static int on_link(const struct nlmsghdr *h, void *data)
{
	struct link_seen *s = data;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);

	if (h->nlmsg_type != RTM_NEWLINK)
		return 0;
	s->index = ifi->ifi_index;
	if (s->all) {
		if (s->n == s->cap)
			return -ENOBUFS;
		s->all[s->n++] = ifi->ifi_index;
	}
	return 0;
}

/* The index of the link called name, 0 when there is none, or -errno. */
static int link_index(int fd, const char *name)
{
	struct link_seen s = {0};
	struct nl_msg m;
	int r;

	nl_init(&m, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	m.ifi.ifi_family = AF_UNSPEC;
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	r = nl_request(fd, &m, on_link, &s);
	if (r == -ENODEV)
		return 0;
	return r < 0 ? r : s.index;
}

/* A dump of every link (RTM_GETLINK) or address (RTM_GETADDR) of fd's namespace, all families. */
static int nl_dump(int fd, uint16_t type, nl_cb cb, void *data)
{
	struct nl_msg m;

	/* the family (AF_UNSPEC, 0) is the first byte of either header */
	nl_init(&m, type, NLM_F_DUMP, type == RTM_GETADDR ? sizeof(struct ifaddrmsg) : sizeof(struct ifinfomsg));
	return nl_request(fd, &m, cb, data);
}

/* Every link index in fd's namespace, into s->all. */
static int link_indices(int fd, struct link_seen *s)
{
	s->n = 0;
	return nl_dump(fd, RTM_GETLINK, on_link, s);
}

struct addr_list {
	int index;
	struct saved_addr a[MAX_ADDRS];
	size_t n;
};

static void copy_attr(const struct rtattr *a, unsigned char *dst, unsigned short *len)
{
	size_t l = RTA_PAYLOAD(a);

	if (l <= 16) {
		memcpy(dst, RTA_DATA(a), l);
		*len = (unsigned short)l;
	}
}

/* Keeps the permanent, global-scope addresses of l->index (the spec's list to preserve). */
static int on_addr(const struct nlmsghdr *h, void *data)
{
	struct addr_list *l = data;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	int len = (int)IFA_PAYLOAD(h);
	struct saved_addr s = {.ifa = *ifa, .flags = ifa->ifa_flags};

	if (h->nlmsg_type != RTM_NEWADDR || (int)ifa->ifa_index != l->index || ifa->ifa_scope != RT_SCOPE_UNIVERSE)
		return 0;
	for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFA_LOCAL)
			copy_attr(a, s.local, &s.local_len);
		else if (a->rta_type == IFA_ADDRESS)
			copy_attr(a, s.address, &s.address_len);
		else if (a->rta_type == IFA_BROADCAST)
			copy_attr(a, s.broadcast, &s.broadcast_len);
		else if (a->rta_type == IFA_FLAGS && RTA_PAYLOAD(a) == sizeof(uint32_t))
			memcpy(&s.flags, RTA_DATA(a), sizeof(uint32_t));
	}
	if (!(s.flags & IFA_F_PERMANENT))
		return 0;
	if (l->n == MAX_ADDRS)
		return -ENOBUFS;
	l->a[l->n++] = s;
	return 0;
}

static int save_addrs(int fd, struct addr_list *l)
{
	l->n = 0;
	return nl_dump(fd, RTM_GETADDR, on_addr, l);
}

static int add_addr(int fd, int index, const struct saved_addr *s)
{
	/* only the flags that say how to add it; the kernel's state flags are not set by users */
	uint32_t flags = s->flags & (IFA_F_NODAD | IFA_F_NOPREFIXROUTE | IFA_F_MANAGETEMPADDR | IFA_F_HOMEADDRESS);
	struct nl_msg m;

	nl_init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifaddrmsg));
	m.ifa = s->ifa;
	m.ifa.ifa_index = (uint32_t)index;
	m.ifa.ifa_flags = (unsigned char)flags;
	if (s->local_len)
		nl_put(&m, IFA_LOCAL, s->local, s->local_len);
	if (s->address_len)
		nl_put(&m, IFA_ADDRESS, s->address, s->address_len);
	if (s->broadcast_len)
		nl_put(&m, IFA_BROADCAST, s->broadcast, s->broadcast_len);
	if (flags > 0xff)
		nl_put(&m, IFA_FLAGS, &flags, sizeof(flags));
	return nl_request(fd, &m, NULL, NULL);
}

static int move_link(int fd, int index, int netns_fd, const char *name)
{
	struct nl_msg m;
	uint32_t nsfd = (uint32_t)netns_fd;

	nl_init(&m, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	m.ifi.ifi_family = AF_UNSPEC;
	m.ifi.ifi_index = index;
	nl_put(&m, IFLA_NET_NS_FD, &nsfd, sizeof(nsfd));
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_request(fd, &m, NULL, NULL);
}

static int link_up(int fd, int index)
{
	struct nl_msg m;

	nl_init(&m, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	m.ifi.ifi_family = AF_UNSPEC;
	m.ifi.ifi_index = index;
	m.ifi.ifi_flags = IFF_UP;
	m.ifi.ifi_change = IFF_UP;
	return nl_request(fd, &m, NULL, NULL);
}

int netdev_validate(const struct oci_linux *l, bool has_netns, struct rt_err **err)
{
	if (!l || !l->net_devices_len)
		return 0;
	if (!has_netns)
		return rt_err_set(err, 0, "linux.netDevices: needs a network namespace (linux.namespaces has none)");
	for (size_t i = 0; i < l->net_devices_len; i++) {
		const struct oci_net_device *d = &l->net_devices[i];
		const char *name = d->name && *d->name ? d->name : d->host_name;

		if (!netdev_name_valid(d->host_name, false))
			return rt_err_set(err, 0, "linux.netDevices: '%s' is not a valid interface name", d->host_name);
		if (!netdev_name_valid(name, true))
			return rt_err_set(err, 0, "linux.netDevices: '%s': name '%s' is not a valid interface name",
					  d->host_name, name);
		for (size_t j = 0; j < i; j++) {
			const struct oci_net_device *e = &l->net_devices[j];

			if (!strchr(name, '%') && !strcmp(name, e->name && *e->name ? e->name : e->host_name))
				return rt_err_set(err, 0, "linux.netDevices: '%s' and '%s' both have the name '%s'",
						  e->host_name, d->host_name, name);
		}
	}
	return 0;
}

/* A NETLINK_ROUTE socket of the namespace netns_fd; rt's own namespace is left as it was. */
static int socket_in(int netns_fd, struct rt_err **err)
{
	_cleanup_close_ int own = procfs_open_ns(0, "net", err);
	int fd;

	if (own < 0)
		return own;
	if (setns(netns_fd, CLONE_NEWNET) < 0)
		return rt_err_set(err, errno, "enter the container's network namespace");
	fd = nl_socket();
	if (setns(own, CLONE_NEWNET) < 0) {
		/* rt is left in the container's namespace: the create fails and is undone */
		if (fd >= 0)
			close(fd);
		return rt_err_set(err, errno, "return to rt's network namespace");
	}
	if (fd < 0)
		return rt_err_set(err, -fd, "netlink socket in the container's network namespace");
	return fd;
}

/* After the move: the device's index inside (by name, or the one index that is new). */
static int find_moved(int ctr, const char *name, struct link_seen *before, struct rt_err **err)
{
	int after[256];
	struct link_seen s = {.all = after, .cap = 256};
	int r;

	if (!strchr(name, '%')) {
		r = link_index(ctr, name);
		return r > 0 ? r : rt_err_set(err, r < 0 ? -r : ENODEV, "find '%s' after the move", name);
	}
	r = link_indices(ctr, &s);
	if (r < 0)
		return rt_err_set(err, -r, "list the container's network devices");
	for (size_t i = 0; i < s.n; i++) {
		bool old = false;

		for (size_t j = 0; j < before->n && !old; j++)
			old = before->all[j] == after[i];
		if (!old)
			return after[i];
	}
	return rt_err_set(err, ENODEV, "find '%s' after the move", name);
}

static int move_one(int host, int ctr, int netns_fd, const struct oci_net_device *d, struct rt_err **err)
{
	const char *name = d->name && *d->name ? d->name : d->host_name;
	int before_idx[256];
	struct link_seen before = {.all = before_idx, .cap = 256};
	_cleanup_free_ struct addr_list *addrs = calloc(1, sizeof(*addrs));
	int index, r;

	if (!addrs)
		return rt_err_set(err, ENOMEM, "addresses");
	index = link_index(host, d->host_name);
	if (index <= 0)
		return rt_err_set(err, index < 0 ? -index : ENODEV, "not found on the host");
	if (!strchr(name, '%')) {
		r = link_index(ctr, name);
		if (r != 0)
			return rt_err_set(err, r > 0 ? EEXIST : -r,
					  "the container's network namespace has a device named '%s'", name);
	} else if ((r = link_indices(ctr, &before)) < 0) {
		return rt_err_set(err, -r, "list the container's network devices");
	}
	addrs->index = index;
	r = save_addrs(host, addrs);
	if (r < 0)
		return rt_err_set(err, -r, "read its addresses");
	r = move_link(host, index, netns_fd, name);
	if (r < 0)
		return rt_err_set(err, -r, "move it into the container's network namespace as '%s'", name);
	index = find_moved(ctr, name, &before, err);
	if (index < 0)
		return index;
	for (size_t i = 0; i < addrs->n; i++) {
		r = add_addr(ctr, index, &addrs->a[i]);
		if (r < 0 && r != -EEXIST)
			return rt_err_set(err, -r, "add its address back inside");
	}
	r = link_up(ctr, index);
	if (r < 0)
		return rt_err_set(err, -r, "set it up inside");
	return 0;
}

int netdev_move_all(const struct oci_linux *l, pid_t pid, struct rt_err **err)
{
	_cleanup_close_ int netns = -1, host = -1, ctr = -1;

	if (!l || !l->net_devices_len)
		return 0;
	netns = procfs_open_ns(pid, "net", err);
	if (netns < 0)
		return rt_err_wrap(err, "linux.netDevices");
	host = nl_socket();
	if (host < 0)
		return rt_err_set(err, -host, "linux.netDevices: netlink socket");
	ctr = socket_in(netns, err);
	if (ctr < 0)
		return rt_err_wrap(err, "linux.netDevices");
	for (size_t i = 0; i < l->net_devices_len; i++)
		if (move_one(host, ctr, netns, &l->net_devices[i], err) < 0)
			return rt_err_wrap(err, "linux.netDevices: '%s'", l->net_devices[i].host_name);
	return 0;
}
