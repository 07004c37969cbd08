#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mkbundle.sh [--rootless] DIR: build an OCI bundle in DIR from Debian's busybox-static.
#
#   DIR/rootfs       /bin/busybox plus a symlink for every applet, /etc/passwd and
#                    /etc/group (root, nobody), empty /proc /sys /dev /tmp
#   DIR/config.json  from `$RT spec` (RT defaults to rt), or, if that fails, from the
#                    template committed in tests/integration/config.template.json;
#                    process.args prints what the container sees, terminal is false.
#
# Needs only busybox-static and jq. BUSYBOX=/path overrides the busybox binary.
set -eu

usage() {
	echo "usage: $0 [--rootless] DIR" >&2
	exit 2
}

rootless=
case "${1:-}" in
--rootless) rootless=--rootless; shift ;;
-h | --help) usage ;;
esac
[ $# -eq 1 ] || usage
dir=$1
busybox=${BUSYBOX:-/bin/busybox}
rt=${RT:-rt}
here=$(cd "$(dirname "$0")" && pwd)
template=${RT_CONFIG_TEMPLATE:-$here/../tests/integration/config.template.json}

command -v jq >/dev/null || { echo "$0: jq is required (apt-get install jq)" >&2; exit 1; }
[ -x "$busybox" ] || { echo "$0: $busybox not found (apt-get install busybox-static)" >&2; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rootfs=$dir/rootfs
rm -rf "$rootfs"
mkdir -p "$rootfs/bin" "$rootfs/sbin" "$rootfs/usr/bin" "$rootfs/usr/sbin" "$rootfs/etc" \
	"$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp" "$rootfs/root" "$rootfs/var/tmp"
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
chmod 700 "$rootfs/root"
cp "$busybox" "$rootfs/bin/busybox"
chmod 755 "$rootfs/bin/busybox"
"$busybox" --list-full | while read -r applet; do
	case "$applet" in
	bin/busybox | "") continue ;;
	esac
	mkdir -p "$rootfs/$(dirname "$applet")"
	ln -sf /bin/busybox "$rootfs/$applet"
done

cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
nobody:x:65534:
GROUP
echo rt >"$rootfs/etc/hostname"

rm -f "$dir/config.json"
if ! (cd "$dir" && "$rt" spec $rootless) >/dev/null 2>&1 || ! jq -e . "$dir/config.json" >/dev/null 2>&1; then
	rm -f "$dir/config.json"
	[ -r "$template" ] || { echo "$0: '$rt spec' failed and no template at $template" >&2; exit 1; }
	if [ -n "$rootless" ]; then
		# What `runc spec --rootless` changes: a user namespace mapping the caller to root,
		# no network namespace, no device cgroup rules, /sys bind-mounted from the host.
		uid=$(id -u)
		gid=$(id -g)
		jq --tab --argjson uid "$uid" --argjson gid "$gid" '
			.linux.namespaces = ([.linux.namespaces[] | select(.type != "network")] + [{"type": "user"}])
			| .linux.uidMappings = [{"containerID": 0, "hostID": $uid, "size": 1}]
			| .linux.gidMappings = [{"containerID": 0, "hostID": $gid, "size": 1}]
			| del(.linux.resources)
			| .mounts |= map(
				if .destination == "/sys" then
					{"destination": "/sys", "type": "none", "source": "/sys",
					 "options": ["rbind", "nosuid", "noexec", "nodev", "ro"]}
				elif .destination == "/dev/pts" then .options -= ["gid=5"]
				else . end)' "$template" >"$dir/config.json"
	else
		cp "$template" "$dir/config.json"
	fi
fi

tmp=$dir/config.json.tmp
jq --tab '.process.terminal = false
	| .root.path = "rootfs"
	| .process.args = ["sh", "-c", "echo hostname: $(hostname); echo pid: $$; echo id: $(id); echo mounts:; cat /proc/self/mountinfo"]' \
	"$dir/config.json" >"$tmp"
mv "$tmp" "$dir/config.json"
echo "bundle ready: $dir"
