#!/usr/bin/env bats
# mounts, root.readonly, maskedPaths, readonlyPaths, the default /dev.

load helpers

teardown() {
	# submounts the rbind test made under the test directory on the host
	[ -n "${TEST_DIR:-}" ] && mountpoint -q "$TEST_DIR/src/sub" 2>/dev/null && umount "$TEST_DIR/src/sub"
	# the rootfsPropagation test's host mounts
	[ -n "${TEST_DIR:-}" ] && mountpoint -q "$TEST_DIR/bundle/rootfs/mnt/prop" 2>/dev/null &&
		umount -l "$TEST_DIR/bundle/rootfs/mnt/prop"
	[ -n "${TEST_DIR:-}" ] && mountpoint -q "$TEST_DIR" 2>/dev/null && umount -l "$TEST_DIR"
	# the shared bind source of the rshared test, and what a failed run left in it
	[ -n "${TEST_DIR:-}" ] && mountpoint -q "$TEST_DIR/shared" 2>/dev/null && umount -R -l "$TEST_DIR/shared"
	rt_teardown
}

add_mount() { update_config '.mounts += [$m]' --argjson m "$1"; }

# mount_line DEST: the probe's mount=DEST ... line for the last mount on DEST
mount_line() { printf '%s\n' "${lines[@]}" | grep "^mount=$1 " | tail -n1; }

@test "mounts: bind ro, destination created, writes fail with EROFS" {
	mkdir "$TEST_DIR/src"
	echo hello >"$TEST_DIR/src/file"
	add_mount "{\"destination\": \"/mnt/ro\", \"type\": \"bind\", \"source\": \"$TEST_DIR/src\", \"options\": [\"bind\", \"ro\"]}"
	set_args sh -c '/probe mounts; /probe cat /mnt/ro/file; /probe write /mnt/ro/new x'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	line=$(mount_line /mnt/ro)
	[ -n "$line" ] || _fail "no mount on /mnt/ro"
	[[ $(awk '{print $4}' <<<"$line") == ro,* ]] || _fail "not read-only: $line"
	assert_line hello
	assert_probe write EROFS
	[ ! -e "$TEST_DIR/src/new" ]
}

@test "mounts: bind rw, writes reach the host directory" {
	mkdir "$TEST_DIR/src"
	add_mount "{\"destination\": \"/data\", \"type\": \"none\", \"source\": \"$TEST_DIR/src\", \"options\": [\"rbind\", \"rw\"]}"
	set_args /probe write /data/from-container yes
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe write 0
	[ "$(cat "$TEST_DIR/src/from-container")" = yes ]
}

@test "mounts: a bind-mounted file" {
	echo content >"$TEST_DIR/file"
	add_mount "{\"destination\": \"/etc/mounted-file\", \"type\": \"bind\", \"source\": \"$TEST_DIR/file\", \"options\": [\"bind\"]}"
	set_args /probe cat /etc/mounted-file
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line content
}

@test "mounts: tmpfs with options" {
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "noexec", "size=1m", "mode=700"]}'
	set_args sh -c '/probe mounts; stat -c "mode=%a" /scratch'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	line=$(mount_line /scratch)
	read -r _ fstype _ opts super _ <<<"$line"
	[ "$fstype" = tmpfs ] || _fail "fstype $fstype"
	for o in nosuid nodev noexec; do [[ ,$opts, == *,$o,* ]] || _fail "missing $o in $opts"; done
	[[ ,$super, == *,size=1024k,* ]] || _fail "size not applied: $super"
	assert_probe mode 700
}

@test "mounts: rbind carries submounts, bind does not" {
	mkdir -p "$TEST_DIR/src/sub"
	mount -t tmpfs rtt-sub "$TEST_DIR/src/sub"
	echo in-sub >"$TEST_DIR/src/sub/marker"
	add_mount "{\"destination\": \"/r\", \"type\": \"bind\", \"source\": \"$TEST_DIR/src\", \"options\": [\"rbind\"]}"
	add_mount "{\"destination\": \"/b\", \"type\": \"bind\", \"source\": \"$TEST_DIR/src\", \"options\": [\"bind\"]}"
	set_args sh -c 'echo r=$(cat /r/sub/marker 2>/dev/null); echo b=$(cat /b/sub/marker 2>/dev/null)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe r in-sub
	assert_probe b ""
	umount "$TEST_DIR/src/sub"
}

@test "mounts: root.readonly makes / read-only" {
	update_config '.root.readonly = true'
	set_args sh -c '/probe mounts; /probe write /newfile x'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $(mount_line / | awk '{print $4}') == ro* ]] || _fail "/ is not ro"
	assert_probe write EROFS
	[ ! -e "$BUNDLE/rootfs/newfile" ]
}

@test "mounts: a writable root by default in this bundle" {
	set_args /probe write /newfile x
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe write 0
	[ -f "$BUNDLE/rootfs/newfile" ]
}

@test "maskedPaths: files read empty, directories are empty, writes fail" {
	mkdir -p "$BUNDLE/rootfs/secretdir"
	echo secret >"$BUNDLE/rootfs/secretdir/file"
	echo secret >"$BUNDLE/rootfs/secretfile"
	update_config '.linux.maskedPaths = ((.linux.maskedPaths // []) + ["/proc/kcore", "/secretfile", "/secretdir", "/does/not/exist"] | unique)'
	set_args sh -c 'echo file=$(cat /secretfile); echo dir=$(ls -A /secretdir); echo kcore=$(head -c 16 /proc/kcore | wc -c); /probe write /secretdir/x y'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe file ""
	assert_probe dir ""
	assert_probe kcore 0
	refute_line write=0
	[ "$(cat "$BUNDLE/rootfs/secretfile")" = secret ]
}

@test "readonlyPaths: writes fail with EROFS" {
	mkdir -p "$BUNDLE/rootfs/data"
	update_config '.linux.readonlyPaths = ((.linux.readonlyPaths // []) + ["/proc/sys", "/data"] | unique)'
	set_args sh -c '/probe write /data/x y; /probe write /proc/sys/kernel/hostname nope'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "${lines[0]}" = write=EROFS ] || _fail "/data writable"
	[ "${lines[1]}" = write=EROFS ] || _fail "/proc/sys writable"
}

@test "readonlyPaths: only read-only; binaries under it still run (no noexec/nosuid/nodev added)" {
	update_config '.linux.readonlyPaths += ["/bin"]'
	set_args /bin/sh -c 'grep " /bin " /proc/self/mountinfo; /probe write /bin/x y'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line write=EROFS
	opts=$(awk '$5 == "/bin" { print $6 }' <<<"$output")
	[[ ,$opts, == *,ro,* ]] || _fail "/bin not ro: '$opts'"
	[[ ,$opts, != *,noexec,* && ,$opts, != *,nosuid,* && ,$opts, != *,nodev,* ]] || _fail "/bin got '$opts'"
}

@test "mounts: the propagation options of a mount hold inside (shared, rshared on a bind, slave, unbindable)" {
	mkdir -p "$TEST_DIR/src"
	update_config '.mounts += [
		{"destination": "/m1", "type": "tmpfs", "source": "tmpfs", "options": ["shared"]},
		{"destination": "/m2", "type": "bind", "source": $s, "options": ["rbind", "rshared"]},
		{"destination": "/m3", "type": "tmpfs", "source": "tmpfs", "options": ["slave"]},
		{"destination": "/m4", "type": "tmpfs", "source": "tmpfs", "options": ["unbindable"]},
		{"destination": "/m5/link", "type": "tmpfs", "source": "tmpfs", "options": ["shared"]}]' --arg s "$TEST_DIR/src"
	# /m5/link is an image symlink to /m6: the mount lands on /m6 and keeps its option there
	mkdir -p "$BUNDLE/rootfs/m5" "$BUNDLE/rootfs/m6"
	ln -s ../m6 "$BUNDLE/rootfs/m5/link"
	set_args awk '$5 ~ /^\/m[0-9]$/ { o = ""; for (i = 7; $i != "-"; i++) o = o " " $i; print $5 ":" o }' /proc/self/mountinfo
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $output == *"/m1: shared:"* ]] || _fail "/m1 not shared"
	[[ $output == *"/m2: shared:"* ]] || _fail "/m2 not shared"
	[[ $output == *"/m3:"* && $output != *"/m3: shared:"* ]] || _fail "/m3 shared"
	assert_output_contains "/m4: unbindable"
	[[ $output == *"/m6: shared:"* ]] || _fail "/m6 (through the symlink) not shared"
}

@test "/dev: the default device nodes" {
	set_args stat -c '%n %F %t:%T' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "/dev/null character special file 1:3"
	assert_line "/dev/zero character special file 1:5"
	assert_line "/dev/full character special file 1:7"
	assert_line "/dev/random character special file 1:8"
	assert_line "/dev/urandom character special file 1:9"
	assert_line "/dev/tty character special file 5:0"
}

@test "/dev: the default nodes work (null empty, zero zeros, full ENOSPC)" {
	set_args sh -c 'echo null=$(wc -c </dev/null); echo zero=$(head -c 4 /dev/zero | od -An -tx1 | tr -d " "); echo x >/dev/full || echo full=failed'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe null 0
	assert_probe zero 00000000
	assert_probe full failed
}

@test "/dev: pts, shm, mqueue mounts and the ptmx link" {
	set_args sh -c '/probe mounts; echo ptmx=$(readlink /dev/ptmx)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(mount_line /dev/pts | awk '{print $2}')" = devpts ] || _fail "no devpts"
	[ "$(mount_line /dev/shm | awk '{print $2}')" = tmpfs ] || _fail "no /dev/shm"
	[ "$(mount_line /dev/mqueue | awk '{print $2}')" = mqueue ] || _fail "no mqueue"
	assert_probe ptmx pts/ptmx
}

@test "/dev: fd, stdin, stdout, stderr symlinks" {
	set_args sh -c 'for l in fd stdin stdout stderr; do echo $l=$(readlink /dev/$l); done'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe fd /proc/self/fd
	assert_probe stdin /proc/self/fd/0
	assert_probe stdout /proc/self/fd/1
	assert_probe stderr /proc/self/fd/2
}

@test "/dev: the core link to /proc/kcore only when the kernel has a kcore (as runc): none that dangles" {
	set_args sh -c 'if [ -L /dev/core ]; then echo core=$(readlink /dev/core); else echo core=none; fi'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	if [ -e /proc/kcore ]; then
		assert_probe core /proc/kcore
	else
		assert_probe core none
	fi
}

@test "/dev: host devices are not visible" {
	set_args sh -c 'ls /dev'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	refute_line vda
	refute_line kmsg
	refute_line mem
}

@test "linux.devices: an extra device node is created" {
	update_config '.linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 3, "fileMode": 438, "uid": 0, "gid": 0}]
		| .linux.resources.devices += [{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]'
	set_args stat -c '%n %F %t:%T %a' /dev/mydev
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "/dev/mydev character special file 1:3 666"
}

@test "linux.devices: /dev/ptmx (c 5:2, as Podman lists it) stays the link to pts/ptmx; a pty opens in the container's devpts, also in a user namespace" {
	update_config '.linux.devices = [{"path": "/dev/ptmx", "type": "c", "major": 5, "minor": 2, "fileMode": 438, "uid": 0, "gid": 0}]'
	set_args sh -c 'echo ptmx=$(readlink /dev/ptmx); /probe pty'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe ptmx pts/ptmx
	assert_probe pty 0
	assert_probe pty.devpts /dev/pts
	# under a user namespace a device node cannot be made: the host's ptmx bound in its place
	# would look for the devpts next to the host's /dev/ptmx and find none of the container's
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	ID=$(new_id)
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe ptmx pts/ptmx
	assert_probe pty 0
	assert_probe pty.devpts /dev/pts
}

@test "linux.devices: with /dev bind-mounted, no node is made or replaced in the bind source (as runc and crun)" {
	# the bind source stands in for a host's /dev: it holds a null node of its own
	mkdir "$TEST_DIR/hostdev"
	mknod -m 666 "$TEST_DIR/hostdev/null" c 1 3
	before=$(stat -c '%i %a %u' "$TEST_DIR/hostdev/null")
	update_config '.mounts = [.mounts[] | select(.destination | test("^/dev(/|$)") | not)]
			+ [{"destination": "/dev", "type": "bind", "source": $src, "options": ["rbind"]}]
		| .linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 5, "fileMode": 438},
			{"path": "/dev/null", "type": "c", "major": 1, "minor": 3, "fileMode": 384, "uid": 1}]' \
		--arg src "$TEST_DIR/hostdev"
	set_args ls /dev
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(ls "$TEST_DIR/hostdev")" = null ] || _fail "the bind source now holds: $(ls "$TEST_DIR/hostdev")"
	[ "$(stat -c '%i %a %u' "$TEST_DIR/hostdev/null")" = "$before" ] ||
		_fail "null was replaced: $before -> $(stat -c '%i %a %u' "$TEST_DIR/hostdev/null")"
}

@test "mounts: rootfsPropagation slave: the rootfs is a slave of the bundle's shared mount; host mounts propagate in" {
	# the host's / is private here: the bundle gets a shared mount of its own to be a slave of
	mount --bind "$TEST_DIR" "$TEST_DIR"
	mount --make-shared "$TEST_DIR"
	mkdir -p "$BUNDLE/rootfs/mnt/prop"
	update_config '.linux.rootfsPropagation = "slave"'
	set_args sh -c 'awk "\$5 == \"/\"" /proc/self/mountinfo >/tmp/root.tmp; mv /tmp/root.tmp /tmp/root
		while ! grep -q " /mnt/prop " /proc/self/mountinfo; do sleep 0.05; done; echo in >/tmp/propagated'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/root"
	grep -q " master:" "$BUNDLE/rootfs/tmp/root" || _fail "the rootfs is no slave: $(cat "$BUNDLE/rootfs/tmp/root")"
	mount -t tmpfs tmpfs "$BUNDLE/rootfs/mnt/prop"
	wait_for_file "$BUNDLE/rootfs/tmp/propagated" || _fail "a host mount under the rootfs did not propagate in"
}

# Kubernetes' Bidirectional volumes: containerd writes rootfsPropagation "rshared" and the bind
# "rbind,rshared"; CSI node plugins mount volumes in it for the kubelet on the host. A plain
# rbind of the same shared source stays a slave (nothing else reaches the host, S27): there
# rt is deliberately stricter than runc 1.1.5, whose plain rbind passes the mount to the host
# too (the one line of this test runc fails).
@test "mounts: rootfsPropagation rshared + a bind with 'rshared' of a shared host mount: a mount made in it reaches the host, as in runc" {
	mkdir -p "$TEST_DIR/shared/sub" "$TEST_DIR/shared/sub2" "$BUNDLE/rootfs/vol" "$BUNDLE/rootfs/vol2" "$BUNDLE/rootfs/mnt"
	mount --bind "$TEST_DIR/shared" "$TEST_DIR/shared"
	mount --make-shared "$TEST_DIR/shared"
	update_config '.linux.rootfsPropagation = "rshared" |
		.process.capabilities[] += ["CAP_SYS_ADMIN"] |
		.mounts += [{"destination": "/vol", "type": "bind", "source": $s, "options": ["rbind", "rshared", "ro"]},
			{"destination": "/vol2", "type": "bind", "source": $s, "options": ["rbind"]}]' --arg s "$TEST_DIR/shared"
	set_args sh -c 'mount -t tmpfs -o size=1m rtt-bidi /vol/sub && echo in >/vol/sub/y &&
		mount -t tmpfs -o size=1m rtt-plain /vol2/sub2 && mount -t tmpfs -o size=1m rtt-mnt /mnt &&
		grep " /vol " /proc/self/mountinfo'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	# the bind is read-only as asked, and shared
	[[ $output == *" /vol ro,"*" shared:"* ]] || _fail "/vol: $output"
	grep -q " $TEST_DIR/shared/sub .* - tmpfs rtt-bidi " /proc/self/mountinfo ||
		_fail "the mount in the rshared bind did not reach the host"
	[ "$(cat "$TEST_DIR/shared/sub/y")" = in ] || _fail "no file on the host"
	! grep -q "rtt-plain\|rtt-mnt" /proc/self/mountinfo || _fail "a mount outside the rshared bind reached the host"
	umount "$TEST_DIR/shared/sub"
	umount "$TEST_DIR/shared"
}

@test "mounts: /proc is a fresh procfs of the container's pid namespace" {
	set_args sh -c '/probe mounts; ls /proc | grep -c "^[0-9]"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(mount_line /proc | awk '{print $2}')" = proc ] || _fail "/proc is not proc"
	# only sh, grep and ls of the container
	[ "${lines[-1]}" -le 3 ] || _fail "host processes visible"
}

@test "mounts: a destination symlink pointing outside the rootfs stays inside" {
	mkdir "$TEST_DIR/outside"
	ln -s "$TEST_DIR/outside" "$BUNDLE/rootfs/evil"
	add_mount '{"destination": "/evil", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}'
	set_args /probe write /evil/x y
	runrt run --bundle "$BUNDLE" "$ID"
	# either refused or mounted inside the rootfs; never on the host's directory
	[ ! -e "$TEST_DIR/outside/x" ]
	! grep -q " $TEST_DIR/outside " /proc/self/mountinfo
}

@test "mounts: sysfs is read-only" {
	set_args /probe mounts
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $(mount_line /sys | awk '{print $4}') == ro,* ]] || _fail "/sys is writable"
}

@test "mounts: a 'remount' entry with data options reconfigures the earlier mount's superblock (as runc and crun)" {
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}'
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["remount", "size=2m", "ro"]}'
	set_args sh -c '/probe mounts; /probe write /scratch/x y'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^mount=/scratch ')" = 1 ] || _fail "not one mount on /scratch"
	read -r _ fstype _ opts super _ <<<"$(mount_line /scratch)"
	[ "$fstype" = tmpfs ] || _fail "fstype $fstype"
	[[ ,$super, == *,size=2048k,* ]] || _fail "size not reconfigured: $super"
	[[ $opts == ro,* ]] || _fail "not read-only: $opts"
	assert_probe write EROFS
}

@test "mounts: flag options runc or crun know (defaults, lazytime, nolazytime, silent, loud) are accepted on a bind and a tmpfs" {
	# runc 1.1.5 takes all of them on a bind; on a tmpfs it refuses "defaults" and crun 1.8.1 "silent"
	mkdir "$TEST_DIR/src"
	add_mount "{\"destination\": \"/b\", \"type\": \"bind\", \"source\": \"$TEST_DIR/src\", \"options\": [\"rbind\", \"defaults\", \"lazytime\", \"nolazytime\", \"silent\", \"loud\", \"ro\"]}"
	add_mount '{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["silent", "lazytime", "size=1m"]}'
	set_args /probe mounts
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $(mount_line /b | awk '{print $4}') == ro,* ]] || _fail "bind not read-only: $(mount_line /b)"
	read -r _ fstype _ _ super _ <<<"$(mount_line /t)"
	[ "$fstype" = tmpfs ] || _fail "fstype $fstype"
	[[ ,$super, == *,lazytime,* && ,$super, == *,size=1024k,* ]] || _fail "tmpfs superblock: $super"
}

@test "/dev: a config mount on a default device's path (/dev/random) stays, as runc and crun; the other nodes are made" {
	echo not-random >"$TEST_DIR/random"
	add_mount "{\"destination\": \"/dev/random\", \"type\": \"bind\", \"source\": \"$TEST_DIR/random\", \"options\": [\"bind\", \"ro\"]}"
	set_args sh -c '/probe cat /dev/random; /probe mounts; stat -c "null=%t:%T" /dev/null'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line not-random
	[ -n "$(mount_line /dev/random)" ] || _fail "no mount on /dev/random"
	assert_probe null 1:3
	[ "$(cat "$TEST_DIR/random")" = not-random ]
}

@test "mounts: tmpcopyup copies the directory's files with owner and mode, setuid and setgid bits included (as crun)" {
	mkdir -p "$BUNDLE/rootfs/opt/app"
	echo data >"$BUNDLE/rootfs/opt/app/plain"
	chown 12:34 "$BUNDLE/rootfs/opt/app/plain"
	chmod 0640 "$BUNDLE/rootfs/opt/app/plain"
	cp "$BUNDLE/rootfs/probe" "$BUNDLE/rootfs/opt/app/suid"
	chmod 4755 "$BUNDLE/rootfs/opt/app/suid"
	cp "$BUNDLE/rootfs/probe" "$BUNDLE/rootfs/opt/app/sgid"
	chown 0:34 "$BUNDLE/rootfs/opt/app/sgid"
	chmod 2755 "$BUNDLE/rootfs/opt/app/sgid"
	add_mount '{"destination": "/opt/app", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup", "size=16m"]}'
	set_args sh -c '/probe mounts; for f in plain suid sgid; do stat -c "$f=%a:%u:%g" /opt/app/$f; done'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(mount_line /opt/app | awk '{print $2}')" = tmpfs ] || _fail "no tmpfs on /opt/app"
	assert_probe plain 640:12:34
	assert_probe suid 4755:0:0
	assert_probe sgid 2755:0:34
}

@test "/dev: a read-only /dev tmpfs in mounts gets its devices, links and submounts first, then is read-only (as runc and crun)" {
	update_config '.mounts |= map(if .destination == "/dev" then .options += ["ro"] else . end)'
	set_args sh -c '/probe mounts; stat -c "null=%t:%T" /dev/null; /probe cat /dev/null; /probe write /dev/null x; /probe write /dev/new x'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $(mount_line /dev | awk '{print $4}') == ro,* ]] || _fail "/dev is not read-only: $(mount_line /dev)"
	[ "$(mount_line /dev/pts | awk '{print $2}')" = devpts ] || _fail "no devpts on /dev/pts"
	assert_probe null 1:3
	assert_line "write=0"
	assert_line "write=EROFS"
}

@test "mounts: a tmpfs on an existing directory without mode= takes the directory's mode (as runc and crun); mode= wins; a new directory gets 1777" {
	# runc 1.1.5 also chmods over an explicit mode= (runc#3911, fixed in 1.1.8)
	mkdir -p "$BUNDLE/rootfs/srv/cache" "$BUNDLE/rootfs/srv/explicit"
	chmod 0750 "$BUNDLE/rootfs/srv/cache" "$BUNDLE/rootfs/srv/explicit"
	add_mount '{"destination": "/srv/cache", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}'
	add_mount '{"destination": "/srv/explicit", "type": "tmpfs", "source": "tmpfs", "options": ["mode=1777"]}'
	add_mount '{"destination": "/srv/new", "type": "tmpfs", "source": "tmpfs"}'
	set_args sh -c '/probe mounts; for d in cache explicit new; do stat -c "$d=%a" /srv/$d; done'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(mount_line /srv/cache | awk '{print $2}')" = tmpfs ] || _fail "no tmpfs on /srv/cache"
	assert_probe cache 750
	assert_probe explicit 1777
	assert_probe new 1777
}

@test "mounts: several propagation options apply in turn, as runc: rbind,rprivate,shared of a shared source leaves the submount private" {
	# the host's / is private here: a shared source with a shared submount of its own
	mount --bind "$TEST_DIR" "$TEST_DIR"
	mount --make-shared "$TEST_DIR"
	mkdir -p "$TEST_DIR/src/sub"
	mount -t tmpfs rtt-sub "$TEST_DIR/src/sub"
	add_mount "{\"destination\": \"/b\", \"type\": \"bind\", \"source\": \"$TEST_DIR/src\", \"options\": [\"rbind\", \"rprivate\", \"shared\"]}"
	set_args awk '$5 ~ /^\/b/ { o = ""; for (i = 7; $i != "-"; i++) o = o " " $i; print $5 ":" o }' /proc/self/mountinfo
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ $output == *"/b: shared:"* ]] || _fail "/b not shared"
	assert_line "/b/sub:"
	[[ $output != *master:* ]] || _fail "a slave of the host's mounts"
}
