#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-v2.sh [SUITE]: run a guest test suite (default tests/vm/cgroup-v2.vm, a POSIX-sh TAP
# script) inside a throw-away QEMU guest whose only cgroup hierarchy is cgroup v2, and
# print its TAP on stdout (the automake TAP driver counts every case; `make check-v2`).
#
# The host here is hybrid (v1 controllers), so rt's cgroup v2 code (cgroup.freeze,
# cgroup.kill, CLONE_INTO_CGROUP, memory.max, io.weight, nested subtree_control ...) only
# runs for real in a guest. Everything comes from Debian packages:
#   qemu-system-x86 (TCG: KVM does not work on this kind of VM), a linux-image-*-amd64 kernel
#   fetched with `apt-get download` (unpacked, never installed; the uncompressed vmlinux
#   boots through the PVH entry in ~3 s), busybox-static, jq.
# The initramfs holds busybox, rt with its ldd libraries, the static probe, a busybox
# bundle, the suite and its configs (made on the host with jq). Guest /init
# (tests/vm/guest-init.sh) copies itself into a tmpfs and switch_root's (an initramfs root
# cannot be pivot_root'ed), mounts cgroup2 at /sys/fs/cgroup, enables every controller and
# runs the suite between markers.
#
# A suite may ask for more in header lines (tests/vm/lsm.vm does):
#   # rt-vm-deb: PKG PATH...   PATH... (absolute, inside PKG) copied from the Debian package
#                              PKG, with their ldd libraries; the .deb is fetched once with
#                              apt-get download into the cache (never installed)
#   # rt-vm-append: WORDS      added to the guest kernel's command line
#   # rt-vm-boot: systemd      (tests/vm/systemd.vm) the host's systemd (/lib/systemd/systemd,
#                              systemctl, busctl and their ldd libraries) and a minimal unit
#                              set go into the initramfs: the guest init switch_root's into the
#                              tmpfs and execs systemd as PID 1, whose rt-vm.target starts
#                              rt-vm-suite.service (guest-init.sh suite)
#
# Environment:
#   RT, PROBE, RT_BUILDDIR, RT_SRCDIR   as for the bats suites
#   RT_VM_CACHE     where the kernel is kept (default $RT_BUILDDIR/tests/vm/cache)
#   RT_VM_KERNEL    a vmlinux or vmlinuz to boot instead of the Debian one
#   RT_VM_KPKG      the kernel package (default: what linux-image-amd64 depends on)
#   RT_VM_TIMEOUT   seconds for the whole guest run (default 480)
#   RT_VM_BOOT_TIMEOUT  seconds until the suite must have begun (default 150): a guest
#                   that hangs in its boot is stopped and booted once more
#   RT_VM_WATCHDOG  the guest's uptime in seconds at which a suite still running is ended
#                   (default RT_VM_TIMEOUT - 30): the guest prints "Bail out!", the current
#                   case's output and its processes, and powers off
#   RT_VM_KEEP=1    keep the work directory (initramfs, console.log) and print its path
#   RT_VM_FILTER    only the cases whose function name contains one of these comma-separated
#                   words (by hand: the plan then counts only those), e.g. RT_VM_FILTER=oom,pause
#   QEMU            qemu-system-x86_64 binary
# Missing qemu is a skip outside CI and an ERROR ("Bail out!") when CI=true.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export RT_SRCDIR=${RT_SRCDIR:-$(cd "$here/../.." && pwd)}
export RT_BUILDDIR=${RT_BUILDDIR:-$RT_SRCDIR/build}
RT=${RT:-$RT_BUILDDIR/rt}
PROBE=${PROBE:-$RT_BUILDDIR/tests/helpers/probe}
QEMU=${QEMU:-qemu-system-x86_64}
cache=${RT_VM_CACHE:-$RT_BUILDDIR/tests/vm/cache}
timeout_s=${RT_VM_TIMEOUT:-480}
boot_timeout_s=${RT_VM_BOOT_TIMEOUT:-150}
deadline_s=${RT_VM_WATCHDOG:-$((timeout_s - 30))}
for v in "$timeout_s" "$boot_timeout_s" "$deadline_s"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "RT_VM_TIMEOUT, RT_VM_BOOT_TIMEOUT and RT_VM_WATCHDOG are seconds: '$v'" >&2; exit 1; }
done
suite=${1:-$here/cgroup-v2.vm}
busybox=${BUSYBOX:-/bin/busybox}

bail() {
	# "Bail out!" makes the automake TAP driver report an ERROR: never a silent skip.
	echo "Bail out! $*"
	echo "run-v2.sh: $*" >&2
	exit 1
}
skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

command -v "$QEMU" >/dev/null || {
	[ "${CI:-}" = true ] && bail "$QEMU not found: apt-get install qemu-system-x86 (required under CI)"
	skip_all "$QEMU not found (apt-get install qemu-system-x86)"
}
[ -r "$suite" ] || bail "suite not found: $suite"
[ -x "$RT" ] || bail "runtime not built: $RT"
[ -x "$PROBE" ] || bail "probe not built: $PROBE (make check builds it)"
[ -x "$busybox" ] || bail "$busybox not found (apt-get install busybox-static)"
command -v jq >/dev/null || bail "jq not found (apt-get install jq)"
command -v cpio >/dev/null || bail "cpio not found (apt-get install cpio)"
# the suite's header lines ("# rt-vm-deb: ...", "# rt-vm-append: ...", "# rt-vm-boot: ...")
suite_header() { sed -n "s/^# rt-vm-$1: *//p" "$suite"; }
boot=$(suite_header boot)
case ${boot:=busybox} in busybox | systemd) ;; *) bail "unknown rt-vm-boot '$boot' in $suite" ;; esac
if [ "$boot" = systemd ] && ! [ -x /lib/systemd/systemd ]; then
	[ "${CI:-}" = true ] && bail "/lib/systemd/systemd not found: apt-get install systemd (required under CI)"
	skip_all "/lib/systemd/systemd not found (apt-get install systemd; it need not run on the host)"
fi
if [ "$boot" = systemd ] && ! "$RT" --version | grep -q '+SYSTEMD'; then
	skip_all "$RT was built without libsystemd (--disable-systemd): no systemd cgroup manager to test"
fi

# ---- kernel: cache/vmlinux-<package version>, from apt-get download ------------------
kernel_pkg() {
	[ -n "${RT_VM_KPKG:-}" ] && { echo "$RT_VM_KPKG"; return; }
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1
}

# vmlinuz (bzImage, xz payload) -> vmlinux: booting the ELF through PVH skips the
# decompressor, which costs ~4 s under TCG. xz complains about the trailing bytes.
extract_vmlinux() {
	local off
	off=$(grep -abo $'\xfd7zXZ' "$1" | head -n1 | cut -d: -f1)
	[ -n "$off" ] || return 1
	tail -c +$((off + 1)) "$1" | xz -dc >"$2.tmp" 2>/dev/null
	file -b "$2.tmp" 2>/dev/null | grep -q '^ELF' || head -c4 "$2.tmp" | grep -q 'ELF' || return 1
	mv "$2.tmp" "$2"
}

get_kernel() {
	local pkg deb tmp
	if [ -n "${RT_VM_KERNEL:-}" ]; then
		case $(head -c4 "$RT_VM_KERNEL" | od -An -c | tr -d ' ') in
		177ELF) kernel=$RT_VM_KERNEL ;;
		*) mkdir -p "$cache" && extract_vmlinux "$RT_VM_KERNEL" "$cache/vmlinux-custom" &&
			kernel=$cache/vmlinux-custom || return 1 ;;
		esac
		return 0
	fi
	mkdir -p "$cache" || return 1
	pkg=$(kernel_pkg)
	if [ -z "$pkg" ]; then
		# no apt metadata: any kernel cached before will do
		kernel=$(ls -1 "$cache"/vmlinux-linux-image-* 2>/dev/null | sort -V | tail -n1)
		[ -n "$kernel" ] && return 0
		echo "no linux-image-amd64 in apt's lists (apt-get update?)" >&2
		return 1
	fi
	kernel=$cache/vmlinux-$pkg
	[ -s "$kernel" ] && return 0
	tmp=$(mktemp -d "$cache/dl.XXXXXX") || return 1
	# _apt cannot write here: apt downloads as root and says so (harmless warning)
	if ! (cd "$tmp" && apt-get download "$pkg") >&2; then
		[ "$(id -u)" = 0 ] && apt-get update -q >&2 && (cd "$tmp" && apt-get download "$pkg") >&2 ||
			{ rm -rf "$tmp"; return 1; }
	fi
	deb=$(ls "$tmp"/*.deb)
	(cd "$tmp" && dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards './boot/vmlinuz-*') &&
		extract_vmlinux "$(ls "$tmp"/boot/vmlinuz-*)" "$kernel"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}

# get_deb PKG: $deb_dir = the package unpacked under the cache (apt-get download, once)
get_deb() {
	local tmp
	deb_dir=$cache/deb-$1
	[ -d "$deb_dir" ] && return 0
	mkdir -p "$cache" && tmp=$(mktemp -d "$cache/dl.XXXXXX") || return 1
	if ! (cd "$tmp" && apt-get download "$1") >&2; then
		[ "$(id -u)" = 0 ] && apt-get update -q >&2 && (cd "$tmp" && apt-get download "$1") >&2 ||
			{ rm -rf "$tmp"; return 1; }
	fi
	mkdir "$tmp/x" && dpkg-deb -x "$tmp"/*.deb "$tmp/x" && mv -T "$tmp/x" "$deb_dir"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}
t0=$(date +%s.%N)
mkdir -p "$(dirname "$cache")" && exec 9>>"${cache}.lock" && flock 9 || bail "cannot lock ${cache}.lock"
get_kernel || bail "cannot get a guest kernel (RT_VM_KERNEL=path, or apt-get download linux-image-*-amd64)"
while read -r pkg _; do
	[ -n "$pkg" ] || continue
	get_deb "$pkg" || bail "cannot get the Debian package '$pkg' (apt-get download $pkg)"
done <<EOF_DEBS
$(suite_header deb)
EOF_DEBS
flock -u 9
t_kernel=$(date +%s.%N)

# ---- initramfs ---------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/rt-vm.XXXXXX") || bail "mktemp failed"
if [ "${RT_VM_KEEP:-}" = 1 ]; then echo "# work directory: $work"; else trap 'rm -rf --one-file-system "$work"' EXIT; fi
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,vm} || bail "mkdir failed"

# copy_elf SRC DEST: a dynamic binary plus its loader and libraries, at their host paths
copy_elf() {
	local f
	install -D -m 755 "$1" "$root$2" || return 1
	for f in $(ldd "$1" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
		[ -e "$root$f" ] || install -D -m 755 "$(readlink -f "$f")" "$root$f" || return 1
	done
}

# The unit set of a systemd guest: no default dependencies anywhere (sysinit.target and
# friends would want journald, udev ...), the suite's service starts at once and powers off.
add_systemd() {
	local f u=$root/etc/systemd/system
	copy_elf /lib/systemd/systemd /lib/systemd/systemd || return 1
	for f in systemctl busctl; do copy_elf "$(command -v $f)" /usr/bin/$f || return 1; done
	mkdir -p "$u" "$root/var" "$root/etc/systemd/system.conf.d" || return 1
	cat >"$root/etc/systemd/system.conf.d/rt-vm.conf" <<-EOF
		[Manager]
		DefaultTimeoutStartSec=60s
		ShowStatus=no
	EOF
	cat >"$u/rt-vm.target" <<-EOF
		[Unit]
		Description=rt guest
		AllowIsolate=yes
		DefaultDependencies=no
		Wants=rt-vm-suite.service
	EOF
	cat >"$u/system.slice" <<-EOF
		[Unit]
		Description=System Slice
		DefaultDependencies=no
	EOF
	cat >"$u/rt-vm-suite.service" <<-EOF
		[Unit]
		Description=rt guest suite
		DefaultDependencies=no
		[Service]
		Type=oneshot
		ExecStart=/init suite
		StandardInput=null
		StandardOutput=tty
		StandardError=tty
		TTYPath=/dev/console
	EOF
	: >"$root/etc/machine-id"
	touch "$root/vm/boot-systemd"
}

build_initramfs() {
	install -m 755 "$busybox" "$root/bin/busybox" || return 1
	local a
	for a in $("$busybox" --list-full); do
		[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
	done
	copy_elf "$RT" /usr/bin/rt || return 1
	# the libraries rt loads on first use (src/util/dl.h) are not in its ldd list
	local lib p
	for lib in libseccomp.so.2 libselinux.so.1 libsystemd.so.0; do
		p=$(ldconfig -p | sed -n "s/^[[:space:]]*$lib (libc6,x86-64) => //p" | head -n1)
		[ -z "$p" ] || copy_elf "$p" "$p" || return 1
	done
	local pkg paths p
	while read -r pkg paths; do
		[ -n "$pkg" ] || continue
		for p in $paths; do
			copy_elf "$cache/deb-$pkg$p" "$p" || { echo "no $p in package $pkg" >&2; return 1; }
		done
	done <<EOF_DEBS
$(suite_header deb)
EOF_DEBS
	install -m 755 "$here/guest-init.sh" "$root/init" &&
		install -m 644 "$suite" "$root/vm/suite.sh" &&
		install -m 644 "$here/lib.sh" "$root/vm/lib.sh" || return 1
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
	# the base bundle: busybox rootfs and config.json from `rt spec` (or the template)
	RT=$RT BUSYBOX=$busybox "$RT_SRCDIR/contrib/mkbundle.sh" "$root/vm/bundle" >/dev/null || return 1
	install -m 755 "$PROBE" "$root/vm/bundle/rootfs/probe" || return 1
	# the per-case configs, made here with jq (slow under TCG): the suite's host phase
	RT_VM_LIB=$here/lib.sh sh "$suite" --configs "$root/vm/configs" "$root/vm/bundle/config.json" || return 1
	if [ "$boot" = systemd ]; then add_systemd || return 1; fi
	# uncompressed: unpacking gzip under TCG costs more than reading a few more MB
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/initrd.cpio"
}
build_initramfs || bail "building the initramfs failed"
t_initrd=$(date +%s.%N)

# ---- boot ----------------------------------------------------------------------------
console=$work/console.log
# rt_vm_filter= reaches the suite through the kernel command line (guest-init.sh)
filter=$(suite_header append | tr '\n' ' ' | tr -c 'A-Za-z0-9_.,= -' '_')
filter=${filter:+ ${filter% }}
[ "$boot" = systemd ] && filter="$filter systemd.unit=rt-vm.target systemd.show_status=0 systemd.log_level=warning systemd.log_target=console systemd.crash_reboot=1"
filter="$filter rt_vm_deadline=$deadline_s"
[ -n "${RT_VM_FILTER:-}" ] && filter="$filter rt_vm_filter=$(printf %s "$RT_VM_FILTER" | tr -c 'A-Za-z0-9_.,-' '_')"
dump_console() {
	echo "--- qemu (rc $qrc):" >&2
	cat "$work/qemu.out" >&2
	echo "--- guest console:" >&2
	tr -d '\r' <"$console" >&2 2>/dev/null
}
# boot: run qemu until it powers off; qrc = its status. A guest that has not begun the suite
# within RT_VM_BOOT_TIMEOUT seconds is stopped; that one, and one that ended before the suite
# began, set hung=1: no rt code ran in it yet.
boot() {
	# timeout puts qemu in its own process group: if this script is killed, stop the guest too
	: >"$console"
	timeout --kill-after=10 "$timeout_s" "$QEMU" -accel tcg -cpu max -smp 2 -m 1G \
		-display none -nodefaults -no-user-config -no-reboot \
		-serial "file:$console" -kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "console=ttyS0 quiet softlockup_all_cpu_backtrace=1 softlockup_panic=1 panic_print=0x20 panic=-1 rdinit=/init$filter" </dev/null >"$work/qemu.out" 2>&1 &
	qpid=$!
	trap 'kill $qpid 2>/dev/null; exit 1' INT TERM HUP
	local waited=0
	hung=0
	while kill -0 $qpid 2>/dev/null && ! grep -qa 'RT-VM-TAP-BEGIN' "$console"; do
		if [ $waited -ge $((boot_timeout_s * 2)) ]; then
			kill $qpid 2>/dev/null
			wait $qpid
			qrc=$?
			hung=1
			why="stopped after ${boot_timeout_s}s"
			trap - INT TERM HUP
			return
		fi
		sleep 0.5
		waited=$((waited + 1))
	done
	# a guest whose watchdog has reported (a hung suite, a soft lockup) gets 60 s to power
	# off: a CPU stuck in the kernel can keep poweroff from finishing
	local grace=0
	while kill -0 $qpid 2>/dev/null; do
		if grep -qa '^Bail out! guest watchdog' "$console"; then
			grace=$((grace + 1))
			[ $grace -lt 120 ] || kill $qpid 2>/dev/null
		fi
		sleep 0.5
	done
	wait $qpid
	qrc=$?
	trap - INT TERM HUP
	# powered off (a crash: panic=-1, systemd.crash_reboot; qemu exits 0 with -no-reboot)
	# before the suite began; a qemu error or RT_VM_TIMEOUT is reported as such, not retried
	[ $qrc -ne 0 ] || grep -qa 'RT-VM-TAP-BEGIN' "$console" || { hung=1; why="the guest powered off"; }
}
# A boot that hangs or crashes before the suite begins (seen once in CI: no output at all
# in 480 s) is tried once more, and said so in the TAP; its console goes to the log.
boot
if [ $hung = 1 ]; then
	echo "# the guest did not begin the suite ($why): booted again (console in the log)"
	echo "--- the boot that did not begin the suite:" >&2
	dump_console
	boot
fi
# A guest kernel that found a CPU stuck (a soft lockup: seen twice in CI, in the TCG guest's
# kernel while an rt command ran, once with both CPUs stuck, where the guest watchdog cannot
# run) is booted once more. softlockup_panic ends such a guest at once, and panic_print=0x20
# replays the kernel log, with the lockup's stack traces, onto the console, which goes to
# the log. A lockup that comes again fails the suite.
if [ $hung = 0 ] && grep -qa 'soft lockup' "$console"; then
	echo "# the guest kernel reported a soft lockup: booted again (console and traces in the log)"
	echo "--- the boot with a soft lockup:" >&2
	dump_console
	boot
	if grep -qa 'soft lockup' "$console"; then
		tr -d '\r' <"$console" | sed -n '/^Bail out!/,$p' | head -n 200
		dump_console
		bail "the guest kernel reported a soft lockup twice"
	fi
fi
t_end=$(date +%s.%N)

tr -d '\r' <"$console" 2>/dev/null >"$work/console.txt"
exit_line=$(grep -a '^RT-VM-EXIT=' "$work/console.txt" | tail -n1)
sed -n '/^RT-VM-TAP-BEGIN$/,/^RT-VM-TAP-END$/p' "$work/console.txt" | sed '1d;$d' >"$work/tap"
# guest TAP first, then the diagnostics and timings
grep -a -E '^(ok|not ok|1\.\.|#|Bail out!)' "$work/tap"
timing=$(awk -v a="$t0" -v b="$t_kernel" -v c="$t_initrd" -v d="$t_end" \
	'BEGIN { printf "kernel %.1f s, initramfs %.1f s, guest (boot+suite+poweroff) %.1f s", b-a, c-b, d-c }')
echo "# $(basename "$kernel"): $timing"
if [ $hung = 1 ]; then
	dump_console
	bail "the guest did not begin the suite, twice (the second time: $why; RT_VM_BOOT_TIMEOUT)"
fi
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
	dump_console
	bail "guest timed out after ${timeout_s}s (RT_VM_TIMEOUT)"
fi
if ! grep -qx 'RT-VM-TAP-END' "$work/console.txt" || [ -z "$exit_line" ]; then
	dump_console
	bail "guest output incomplete (qemu rc $qrc): missing end or exit marker"
fi
[ "$qrc" -eq 0 ] || { dump_console; bail "qemu failed (rc $qrc)"; }
# Failed cases are counted from their "not ok" lines; a suite that failed without one
# (crashed, killed by the guest's timeout) is an ERROR.
if [ "$exit_line" != RT-VM-EXIT=0 ] && ! grep -q '^not ok' "$work/tap"; then
	dump_console
	bail "guest suite failed without a failing case: $exit_line"
fi
# a real failure (not a TODO case): the whole console helps
grep '^not ok' "$work/tap" | grep -qv '# TODO' && dump_console
exit 0
