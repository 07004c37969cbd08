#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the cgroup v2 test guest (tests/vm/run-v2.sh builds the initramfs).
# Stage 1 (the initramfs): copy everything into a tmpfs and switch_root into it, because
# pivot_root(2), which rt uses for containers, fails on the initramfs rootfs.
# Stage 2 (the tmpfs root): mount proc, sys, dev, devpts, tmpfs, cgroup2 at /sys/fs/cgroup
# with every controller enabled in cgroup.subtree_control (or, with rt.cgroup=v1 on the
# kernel command line, only v1 hierarchies: mount_v1), run /vm/suite.sh between
# markers, print RT-VM-EXIT=<rc> and power off. Only busybox is used.
# systemd guests (/vm/boot-systemd exists): stage 1 execs /lib/systemd/systemd in the tmpfs
# instead; systemd mounts everything itself (cgroup2 at /sys/fs/cgroup) and its
# rt-vm-suite.service runs `/init suite`: the suite between the same markers, then power off.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

# run_suite: the TAP between markers, the exit status, power off
run_suite() {
	# The guest's own watchdog: a suite that hangs is reported from inside, with what the
	# current case printed so far and every process, before the host's timeout kills qemu
	# (which would leave only "timed out"). rt_vm_deadline=SECONDS on the command line: the
	# guest's uptime at which a suite still running is ended (run-v2.sh: RT_VM_TIMEOUT - 30).
	deadline=450
	for w in $(cat /proc/cmdline); do
		case $w in
		rt_vm_filter=*) RT_VM_FILTER=${w#rt_vm_filter=} && export RT_VM_FILTER ;;
		rt_vm_deadline=*) deadline=${w#rt_vm_deadline=} ;;
		esac
	done
	# (a read that times out, not sleep: the suites look for leftover sleep processes; looped
	# until the deadline, as a read may also end early)
	if mkfifo /run/rt-vm-watchdog; then
		(
			exec 9<>/run/rt-vm-watchdog
			# every 5 s: a CPU the kernel found stuck (soft lockup) ends the suite at once, as
			# nothing on that CPU will finish (run-v2.sh boots such a guest once more)
			why="the suite still ran at ${deadline}s of uptime"
			while now=$(cut -d. -f1 /proc/uptime) && [ "$now" -lt "$deadline" ]; do
				t=$((deadline - now))
				[ $t -le 5 ] || t=5
				read -r -t $t _ <&9
				if dmesg 2>/dev/null | grep -q 'soft lockup'; then
					why="the kernel reported a soft lockup at ${now}s of uptime"
					break
				fi
			done
			echo "Bail out! guest watchdog: $why"
			echo "# the current case's output so far:"
			sed 's/^/#   /' /tmp/w/.out 2>/dev/null
			# the kernel's own reports (soft lockup, hung task, BUG, WARNING) with their stack
			# traces: the ring buffer has them even where "quiet" kept them off the console
			echo "# kernel reports (dmesg):"
			timeout 10 dmesg 2>/dev/null | awk '/soft lockup|hung_task|blocked for more than|BUG:|WARNING:|Oops|rcu.*stall/ { n = 60 } n > 0 { n--; print }' |
				head -n 300 | sed 's/^/#   /'
			# each process from /proc/<pid>/stat and its kernel stack: ps reads cmdline, which
			# waits for a task that spins holding its mm lock
			echo "# processes (pid, comm, state, ppid; kernel stack):"
			for d in /proc/[0-9]*; do
				read -r st 2>/dev/null <"$d/stat" || continue
				set -- $st
				[ "$4" != 2 ] && [ "$1" != 2 ] || continue
				echo "#   $1 $2 $3 ppid $4"
				timeout 2 cat "$d/stack" 2>/dev/null | head -n 12 | sed 's/^/#       /'
			done
			echo "# ps:"
			timeout 20 ps -o pid,ppid,stat,args 2>/dev/null | awk '$1 != 2 && $2 != 2' | sed 's/^/#   /'
			[ ! -e /vm/boot-systemd ] || timeout 20 systemctl list-jobs --no-pager 2>&1 | sed 's/^/#   /'
			sync
			poweroff -f
		) &
	else
		echo "# guest-init: no watchdog (mkfifo failed)"
	fi
	echo RT-VM-TAP-BEGIN
	if [ -e /sys/fs/cgroup/cgroup.subtree_control ]; then
		echo "# guest: $(uname -r), cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
	else
		echo "# guest: $(uname -r), cgroup mounts: $(awk '$3 ~ /^cgroup/ { printf "%s(%s) ", $2, $3 }' /proc/mounts)"
	fi
	cd /vm && sh /vm/suite.sh
	rc=$?
	echo RT-VM-TAP-END
	echo "RT-VM-EXIT=$rc"
	sync
	poweroff -f
}

if [ "${1:-}" = suite ]; then
	dmesg -n 1
	run_suite
	exit 1
fi

if [ "${1:-}" != stage2 ]; then
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	exec </dev/console >/dev/console 2>&1
	mkdir -p /newroot
	mount -t tmpfs -o mode=0755 tmpfs /newroot || { echo "RT-VM-EXIT=stage1-tmpfs"; poweroff -f; }
	for f in /*; do
		case $f in
		/newroot | /dev | /proc | /sys) ;;
		*) cp -a "$f" /newroot/ ;;
		esac
	done
	mkdir -p /newroot/dev /newroot/proc /newroot/sys
	mount --move /dev /newroot/dev
	[ -e /vm/boot-systemd ] && exec switch_root /newroot /lib/systemd/systemd
	exec switch_root /newroot /init stage2
	echo "RT-VM-EXIT=switch_root"
	poweroff -f
fi

mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q "^devtmpfs /dev " /proc/mounts || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue /run /tmp
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
ln -sf /proc/self/fd /dev/fd 2>/dev/null
# stdin /dev/null: nothing in the tests reads the console
exec </dev/null >/dev/console 2>&1
# kernel messages (the OOM killer's report) must not interleave with the TAP
dmesg -n 1
hostname rt-vm

# mount_v1: the legacy layout of older distributions (rt.cgroup=v1 on the kernel command
# line, tests/vm/cgroup-v1.vm): a tmpfs at /sys/fs/cgroup, one v1 hierarchy per enabled
# controller of /proc/cgroups at /sys/fs/cgroup/<name> (cpu,cpuacct and net_cls,net_prio
# co-mounted, with a symlink per controller), a named name=systemd hierarchy, no cgroup2
mount_v1() {
	mount -t tmpfs -o mode=0755,nosuid,nodev,noexec tmpfs /sys/fs/cgroup || return 1
	for c in $(awk '!/^#/ && $4 == 1 { print $1 }' /proc/cgroups); do
		case $c in
		cpuacct | net_prio) continue ;;
		cpu) d=cpu,cpuacct o=cpu,cpuacct ;;
		net_cls) d=net_cls,net_prio o=net_cls,net_prio ;;
		*) d=$c o=$c ;;
		esac
		mkdir -p /sys/fs/cgroup/$d && mount -t cgroup -o nosuid,nodev,noexec,$o cgroup /sys/fs/cgroup/$d || return 1
		[ $d = $c ] || for l in $(echo $o | tr , ' '); do ln -s $d /sys/fs/cgroup/$l || return 1; done
	done
	mkdir -p /sys/fs/cgroup/systemd &&
		mount -t cgroup -o nosuid,nodev,noexec,none,name=systemd cgroup /sys/fs/cgroup/systemd
}

case " $(cat /proc/cmdline) " in
*" rt.cgroup=v1 "*) mount_v1 || echo "# guest-init: mounting the cgroup v1 hierarchies failed" ;;
*)
	mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
	for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
		echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control
	done
	;;
esac

run_suite
