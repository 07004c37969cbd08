// SPDX-License-Identifier: GPL-2.0-or-later

// Config cases: one property set on runtime-tools' default config, checked from inside the
// container (upstream: util.RuntimeInsideValidate), or a property the runtime must refuse.
package main

import (
	"os"
	"strings"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/specerror"
	"golang.org/x/sys/unix"
)

func inside1(name string, edit func(b *bundle)) {
	register(name, func(t *T) {
		b := newBundle(t, "bundle")
		edit(b)
		runInside(t, b)
	})
}

// mustRefuse: create must fail and leave no container (PropApplyFailGenError, PropApplyFailNotCreate).
func mustRefuse(name string, edit func(b *bundle)) {
	register(name, func(t *T) {
		b := newBundle(t, "bundle").setArgs("sleep", "300")
		if !control(t, b) {
			return
		}
		edit(b)
		id := t.newID("")
		err := create(t, b, id)
		t.ok(err != nil, "%s: create fails", sc(specerror.PropApplyFailGenError, "PropApplyFailGenError"))
		_, serr := state(id)
		t.ok(serr != nil, "%s: no container '%s' exists", sc(specerror.PropApplyFailNotCreate, "PropApplyFailNotCreate"), id)
		t.logf("create: %v", err)
	})
}

func u32(v uint32) *uint32 { return &v }

func init() {
	inside1("default", func(b *bundle) {})
	inside1("hostname", func(b *bundle) { b.g.SetHostname("hostname-specific") })
	inside1("domainname", func(b *bundle) { b.g.Config.Domainname = "domain.example" })
	for _, mode := range []string{"shared", "slave", "private", "unbindable"} {
		mode := mode
		register("linux_rootfs_propagation_"+mode, func(t *T) {
			// A slave needs a master: the bundle sits on a shared mount (this host's / is private).
			if err := unix.Mount(t.dir, t.dir, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
				t.failf("bind '%s': %v", t.dir, err)
				return
			}
			t.undo = append(t.undo, func() { unix.Unmount(t.dir, unix.MNT_DETACH) })
			if err := unix.Mount("", t.dir, "", unix.MS_SHARED, ""); err != nil {
				t.failf("make '%s' shared: %v", t.dir, err)
				return
			}
			b := newBundle(t, "bundle")
			b.g.SetLinuxRootPropagation(mode)
			runInside(t, b)
		})
	}
	inside1("linux_personality", func(b *bundle) {
		b.g.Config.Linux.Personality = &rspec.LinuxPersonality{Domain: rspec.PerLinux32}
	})
	mustRefuse("linux_sysctl_fail", func(b *bundle) { b.g.AddLinuxSysctl("net.ipv4.ocitest_no_such_key", "1") })
	mustRefuse("mounts_fail", func(b *bundle) {
		b.g.AddMount(rspec.Mount{Destination: "/mnt", Type: "bind", Source: "/ocitest/no/such/source",
			Options: []string{"rbind"}})
	})
	inside1("process", func(b *bundle) {
		b.g.SetProcessCwd("/tmp")
		b.g.AddProcessEnv("OCITEST", "conformance value")
		b.g.SetProcessNoNewPrivileges(true)
	})
	inside1("process_user", func(b *bundle) {
		b.g.SetProcessUID(10)
		b.g.SetProcessGID(10)
		b.g.AddProcessAdditionalGid(5)
		b.g.SetProcessUmask(0o027)
	})
	inside1("process_capabilities", func(b *bundle) {
		b.g.DropProcessCapability("CAP_CHOWN")
		b.g.AddProcessCapability("CAP_SYS_ADMIN")
		b.g.DropProcessCapabilityAmbient("CAP_KILL")
	})
	mustRefuse("process_capabilities_fail", func(b *bundle) {
		b.g.Config.Process.Capabilities.Bounding = append(b.g.Config.Process.Capabilities.Bounding, "CAP_TEST")
	})
	inside1("process_rlimits", func(b *bundle) {
		b.g.AddProcessRlimits("RLIMIT_NOFILE", 2048, 1536)
		b.g.AddProcessRlimits("RLIMIT_CORE", 1<<20, 4096)
		b.g.AddProcessRlimits("RLIMIT_NPROC", 500, 400)
	})
	mustRefuse("process_rlimits_fail", func(b *bundle) { b.g.AddProcessRlimits("RLIMIT_TEST", 1024, 1024) })
	inside1("process_oom_score_adj", func(b *bundle) { b.g.SetProcessOOMScoreAdj(500) })
	inside1("root_readonly_true", func(b *bundle) { b.g.SetRootReadonly(true) })
	// root.path may be absolute; a bind mount's source may be relative to the bundle
	inside1("root_path_absolute", func(b *bundle) { b.g.SetRootPath(b.dir + "/rootfs") })
	inside1("mounts_relative_source", func(b *bundle) {
		mkRootfsEntries(b, "../srcdir/file")
		b.g.AddMount(rspec.Mount{Destination: "/mnt/rel", Type: "bind", Source: "srcdir", Options: []string{"rbind", "ro"}})
	})
	inside1("linux_sysctl", func(b *bundle) {
		b.g.AddLinuxSysctl("net.ipv4.ip_forward", "1")
		b.g.AddLinuxSysctl("kernel.shmmni", "2048")
		b.g.AddLinuxSysctl("net.core.somaxconn", "256")
	})
	inside1("linux_masked_paths", func(b *bundle) {
		b.g.Config.Linux.MaskedPaths = []string{"/proc/kcore", "/proc/keys", "/sys/firmware", "/masked-dir",
			"/masked-file", "/absent"}
		mkRootfsEntries(b, "masked-dir/entry", "masked-file")
	})
	inside1("linux_readonly_paths", func(b *bundle) {
		b.g.Config.Linux.ReadonlyPaths = []string{"/proc/sys", "/proc/sysrq-trigger", "/readonly-dir",
			"/readonly-file", "/absent"}
		mkRootfsEntries(b, "readonly-dir/entry", "readonly-file")
	})
	inside1("linux_devices", func(b *bundle) {
		b.g.Config.Linux.Devices = []rspec.LinuxDevice{
			{Path: "/dev/test-char", Type: "c", Major: 1, Minor: 3, FileMode: fileMode(0o640), UID: u32(0), GID: u32(0)},
			{Path: "/dev/test-block", Type: "b", Major: 7, Minor: 0, FileMode: fileMode(0o600), UID: u32(1), GID: u32(2)},
			{Path: "/dev/test-fifo", Type: "p", FileMode: fileMode(0o666)},
			{Path: "/dev/sub/test-u", Type: "u", Major: 1, Minor: 5, FileMode: fileMode(0o666)},
		}
	})
	inside1("mounts", func(b *bundle) {
		b.g.AddMount(rspec.Mount{Destination: "/mnt/tmpfs", Type: "tmpfs", Source: "tmpfs",
			Options: []string{"nosuid", "nodev", "size=1m"}})
		b.g.AddMount(rspec.Mount{Destination: "/mnt/bind", Type: "bind", Source: b.dir,
			Options: []string{"rbind", "ro"}})
		b.g.AddMount(rspec.Mount{Destination: "/mnt/dir/nested", Type: "tmpfs", Source: "tmpfs",
			Options: []string{"noexec"}})
	})
	inside1("linux_seccomp", func(b *bundle) {
		b.g.Config.Linux.Seccomp = &rspec.LinuxSeccomp{DefaultAction: rspec.ActAllow,
			Syscalls: []rspec.LinuxSyscall{{Names: []string{"kexec_load", "swapon"}, Action: rspec.ActErrno}}}
	})
	inside1("linux_uid_mappings", func(b *bundle) {
		b.g.Config.Linux.Namespaces = append(b.g.Config.Linux.Namespaces, rspec.LinuxNamespace{Type: "user"})
		b.g.AddLinuxUIDMapping(100000, 0, 65536)
		b.g.AddLinuxGIDMapping(100000, 0, 65536)
		// sysfs needs the network namespace owned by the user namespace: both are new here
		chownTree(b, 100000)
	})
	mustRefuse("linux_ns_path_bad", func(b *bundle) {
		for i, ns := range b.g.Config.Linux.Namespaces {
			if ns.Type == "network" {
				b.g.Config.Linux.Namespaces[i].Path = "/proc/self/ns/uts" // wrong type
			}
		}
	})
}

func fileMode(m uint32) *os.FileMode {
	fm := os.FileMode(m)
	return &fm
}

func mkRootfsEntries(b *bundle, paths ...string) {
	for _, p := range paths {
		full := b.dir + "/rootfs/" + p
		if strings.Contains(p, "/") {
			mkdirAll(full[:strings.LastIndex(full, "/")])
		}
		writeFile(full, "content\n")
	}
}
