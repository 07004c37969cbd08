# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/clients/*.bats: rt driven by real clients (Podman + conmon, containerd + ctr,
# dockerd + docker), each with PRIVATE roots, sockets, configs and namespaces. Nothing under
# /var/lib/{containers,containerd,docker} or the default sockets is touched. The few paths the
# clients hard-code (/run/containerd/{s,fifo,runc/<ns>}, /run/docker/plugins, the v1 cgroup
# parents) are removed afterwards, and only if this suite created them.
#
# Environment:
#   RT       the runtime under test (default: the built $RT_BUILDDIR/rt)
#   CI=true  a missing client is an ERROR ("Bail out!"), not a skip
#   DOCKER   docker CLI (default /usr/bin/docker, Debian's 20.10)

bats_require_minimum_version 1.5.0 # run -127
RT_SRCDIR=${RT_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
RT_BUILDDIR=${RT_BUILDDIR:-$RT_SRCDIR/build}
RT=${RT:-$RT_BUILDDIR/rt}

# clients_require CMD...: in setup_file, followed by `[ -z "$CLIENTS_SKIP" ] || return 0`. A missing
# client skips every test, with the reason, except under CI=true where it bails out (the TAP
# driver then reports an ERROR).
clients_require() {
	local c missing=()
	[ "$(id -u)" = 0 ] || missing+=("root (uid is $(id -u))")
	for c in "$@"; do
		command -v "$c" >/dev/null || missing+=("$c")
	done
	command -v "$RT" >/dev/null || missing+=("the runtime RT=$RT")
	CLIENTS_SKIP=
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "${CI:-}" = true ]; then
		echo "Bail out! $BATS_TEST_FILENAME needs: ${missing[*]} (apt-get install podman conmon containerd docker.io tmux catatonit)" >&3
		return 1
	fi
	# (bats 1.8 cannot skip from setup_file: every test skips in setup instead)
	export CLIENTS_SKIP="needs ${missing[*]} (apt-get install podman conmon containerd docker.io tmux catatonit)"
}

# Every test: skip when setup_file found a client missing (outside CI).
setup() {
	[ -z "${CLIENTS_SKIP:-}" ] || skip "$CLIENTS_SKIP"
}

# clients_workdir: a short private directory (unix socket paths must stay under 108 bytes).
clients_workdir() {
	CW=$(mktemp -d /tmp/rtc.XXXXXX)
	chmod 755 "$CW"
	export CW
}

# clients_rootfs DIR: the busybox rootfs of contrib/mkbundle.sh, and DIR.tar of it.
clients_rootfs() {
	RT=$RT "$RT_SRCDIR/contrib/mkbundle.sh" "$1" >/dev/null
	tar -C "$1/rootfs" -cf "$1.tar" .
}

# clients_oci_archive ROOTFS_TAR OUT NAME [CONFIG_JSON]: a single-layer OCI image archive
# (oci-layout, index.json with the ref name, manifest, config), for `ctr image import`, without
# a registry. CONFIG_JSON (default: PATH and Cmd /bin/sh) is the image config's "config" object.
clients_oci_archive() {
	local tar=$1 out=$2 name=$3 d layer diff cfg man
	local config=${4:-'{"Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["/bin/sh"]}'}
	d=$(mktemp -d "$CW/oci.XXXXXX")
	mkdir -p "$d/blobs/sha256"
	diff=$(sha256sum <"$tar" | cut -d' ' -f1)
	gzip -nc "$tar" >"$d/layer.tgz"
	layer=$(sha256sum <"$d/layer.tgz" | cut -d' ' -f1)
	mv "$d/layer.tgz" "$d/blobs/sha256/$layer"
	jq -nc --arg diff "sha256:$diff" --argjson config "$config" '{architecture: "amd64", os: "linux",
		config: $config,
		rootfs: {type: "layers", diff_ids: [$diff]}}' >"$d/config"
	cfg=$(sha256sum <"$d/config" | cut -d' ' -f1)
	mv "$d/config" "$d/blobs/sha256/$cfg"
	jq -nc --arg cfg "sha256:$cfg" --argjson cs "$(stat -c %s "$d/blobs/sha256/$cfg")" \
		--arg l "sha256:$layer" --argjson ls "$(stat -c %s "$d/blobs/sha256/$layer")" '{schemaVersion: 2,
		mediaType: "application/vnd.oci.image.manifest.v1+json",
		config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cfg, size: $cs},
		layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l, size: $ls}]}' >"$d/manifest"
	man=$(sha256sum <"$d/manifest" | cut -d' ' -f1)
	jq -nc --arg m "sha256:$man" --argjson ms "$(stat -c %s "$d/manifest")" --arg name "$name" '{schemaVersion: 2,
		manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $ms,
		annotations: {"org.opencontainers.image.ref.name": $name, "io.containerd.image.name": $name}}]}' \
		>"$d/index.json"
	mv "$d/manifest" "$d/blobs/sha256/$man"
	echo '{"imageLayoutVersion": "1.0.0"}' >"$d/oci-layout"
	tar -C "$d" -cf "$out" oci-layout index.json blobs
	rm -rf "$d"
}

# clients_note_paths PATH...: remember which of PATH do not exist yet; clients_cleanup_paths
# later removes exactly those (deepest first, empty directories only: rmdir, never rm -r).
clients_note_paths() {
	local p
	for p in "$@"; do
		[ -e "$p" ] || echo "$p" >>"$CW/created-paths"
	done
}

clients_cleanup_paths() {
	local p
	[ -f "$CW/created-paths" ] || return 0
	sort -r "$CW/created-paths" | while read -r p; do
		if [ -d "$p" ] && [[ $p == /sys/fs/cgroup/* ]]; then
			find "$p" -depth -type d -exec rmdir {} + 2>/dev/null
		else
			rmdir "$p" 2>/dev/null
		fi
	done
	return 0
}

# clients_note_cgroups NAME: the v1 (and unified) cgroup parent NAME a client creates.
clients_note_cgroups() {
	local c
	for c in /sys/fs/cgroup/*/; do
		[ -L "${c%/}" ] && continue
		clients_note_paths "$c$1"
	done
}

# clients_stop_pid PID [TIMEOUT]: SIGTERM a daemon we started, SIGKILL after TIMEOUT s.
clients_stop_pid() {
	local pid=$1 t=${2:-10} i
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid"
	for ((i = 0; i < t * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	sleep 0.2
}

# wait_for CMD...: retry CMD for up to 10 s.
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	"$@"
}

# A private tmux server per tmux_run (kill-server only ever touches ours; a fresh name each
# time, since a new session right after kill-server can reach the dying server).
tmux_priv() { tmux -L "$(cat "$CW/tmux.name" 2>/dev/null || echo "rtc-${CW##*.}")" "$@"; }

# tmux_run CMD: run CMD in a 120x30 terminal; it writes its exit code to $CW/tmux.rc.
tmux_run() {
	rm -f "$CW/tmux.rc"
	tmux_priv kill-server 2>/dev/null || true
	echo "rtc-${CW##*.}-$((++TMUX_RUNS))-$RANDOM" >"$CW/tmux.name"
	tmux_priv new-session -d -x 120 -y 30 "$1; echo \$? > $CW/tmux.rc; sleep 30"
}

# tmux_wait_for TEXT: wait until the pane shows TEXT (10 s).
tmux_wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		tmux_priv capture-pane -p | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "pane never showed '$1':" >&2
	tmux_priv capture-pane -p >&2
	return 1
}

tmux_rc() {
	wait_for test -s "$CW/tmux.rc" && cat "$CW/tmux.rc"
}

# The v1 cgroup directory (of CONTROLLER) holding PID.
cgroup_dir_of() {
	local pid=$1 ctrl=$2
	echo "/sys/fs/cgroup/$ctrl$(grep -E "^[0-9]+:([^:]*,)?$ctrl(,[^:]*)?:" "/proc/$pid/cgroup" | cut -d: -f3)"
}

# Podman 4.3 + conmon with rt as its runtime (tests/clients/podman*.bats): a private root, runroot,
# tmpdir and containers.conf; the image localhost/bb (busybox, CMD sh) and localhost/bbpause
# (CMD sleep: a pod's infra container, podman 4.3 takes one argument in --infra-command).
podman_setup_file() {
	clients_require podman conmon tmux "$@"
	[ -z "$CLIENTS_SKIP" ] || return 0
	clients_workdir
	clients_note_cgroups libpod_parent
	clients_rootfs "$CW/bb"
	# rt registered by name: JSON errors in --log, --cgroup-manager disabled for --cgroups=disabled.
	# podman 4.3 reads the key "runtime_supports_nocgroup" (the comment in its containers.conf
	# spells it with a final s, which it ignores).
	cat >"$CW/containers.conf" <<-EOF
		[containers]
		default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
		netns = "none"
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		runtime = "rt"
		runtime_supports_json = ["rt"]
		runtime_supports_nocgroup = ["rt"]
		[engine.runtimes]
		rt = ["$RT"]
	EOF
	export CONTAINERS_CONF=$CW/containers.conf
	# podman 4.3 as root writes /var/lib/containers/cache/blob-info-cache-v1.boltdb on import,
	# whatever --root says: import in a private mount namespace where /var/lib is a tmpfs.
	# (TMPDIR: its big temporary files go to /var/tmp otherwise)
	mkdir -p "$CW/p/tmp"
	TMPDIR=$CW/p/tmp unshare -m --propagation private sh -c 'mount -t tmpfs rtc /var/lib &&
		"$@" --change "CMD [\"/bin/sh\"]" "$0" localhost/bb:latest &&
		"$@" --change "CMD [\"sleep\", \"1000000\"]" "$0" localhost/bbpause:latest' "$CW/bb.tar" \
		podman --root "$CW/p/root" --runroot "$CW/p/run" --tmpdir "$CW/p/tmp" --storage-driver overlay \
		import --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' </dev/null >/dev/null
}

podman_teardown_file() {
	if [ -z "${CW:-}" ]; then return 0; fi
	tmux_priv kill-server 2>/dev/null || true
	podman_ pod rm -a -f -t 0 >/dev/null 2>&1 || true
	podman_ rm -a -f -t 0 >/dev/null 2>&1 || true
	podman_ system reset -f >/dev/null 2>&1 || true
	umount -R "$CW/p" 2>/dev/null || true
	clients_cleanup_paths
	rm -rf --one-file-system "$CW"
}

# (rt keeps its state in its default root, /run/rt: podman 4.3 does not pass --runtime-flag
# root=... to the cleanup process conmon starts, whose 'delete --force' would then miss it)
podman_cmd() {
	echo "env TMPDIR=$CW/p/tmp podman --root $CW/p/root --runroot $CW/p/run --tmpdir $CW/p/tmp --storage-driver overlay"
}

podman_() {
	$(podman_cmd) "$@" </dev/null
}


# Docker 20.10 (tests/clients/docker*.bats): a private dockerd (data-root, exec-root, socket,
# daemon.json) with rt and, for comparison, Debian's runc (/usr/sbin/runc) as extra runtimes;
# the image bb:local (busybox, no CMD).
docker_setup_file() {
	DOCKER=${DOCKER:-/usr/bin/docker}
	export DOCKER
	clients_require dockerd "$DOCKER" script tmux
	[ -z "$CLIENTS_SKIP" ] || return 0
	clients_workdir
	clients_note_paths /run/docker /run/docker/plugins /run/containerd /run/containerd/s
	clients_note_cgroups docker
	clients_rootfs "$CW/bb"
	# a private daemon.json, or dockerd 20.10 writes /etc/docker/key.json
	printf '{"deprecated-key-path": "%s/key.json"}\n' "$CW" >"$CW/daemon.json"
	local refrunc=()
	[ ! -x /usr/sbin/runc ] || refrunc=(--add-runtime refrunc=/usr/sbin/runc)
	dockerd --config-file "$CW/daemon.json" --data-root "$CW/data" --exec-root "$CW/exec" \
		--pidfile "$CW/dockerd.pid" -H "unix://$CW/docker.sock" --iptables=false --ip6tables=false \
		--ip-masq=false --bridge=none --exec-opt native.cgroupdriver=cgroupfs \
		--add-runtime "rt=$RT" "${refrunc[@]}" >"$CW/dockerd.log" 2>&1 &
	echo $! >"$CW/dockerd.pid.started"
	export DOCKER_HOST=unix://$CW/docker.sock
	wait_for "$DOCKER" version
	"$DOCKER" import "$CW/bb.tar" bb:local >/dev/null
}

docker_teardown_file() {
	if [ -z "${CW:-}" ]; then return 0; fi
	tmux_priv kill-server 2>/dev/null || true
	local c
	for c in $("$DOCKER" ps -aq 2>/dev/null); do
		"$DOCKER" rm -f "$c" >/dev/null 2>&1
	done
	clients_stop_pid "$(cat "$CW/dockerd.pid.started" 2>/dev/null)" 20
	umount "$CW/data" 2>/dev/null || true
	clients_cleanup_paths
	rm -rf --one-file-system "$CW"
}

docker_() { "$DOCKER" "$@" </dev/null; }
