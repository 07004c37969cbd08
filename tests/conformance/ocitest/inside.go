// SPDX-License-Identifier: GPL-2.0-or-later

// The in-container half: "ocitest inside" reads /config.json (copied into the rootfs next to
// the binary) and compares what the process sees with it, one TAP line per assertion.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/syndtr/gocapability/capability"
	"golang.org/x/sys/unix"
)

type mountInfo struct {
	point, opts, fstype, super string
	optional                   []string // propagation: shared:N, master:N, unbindable
}

func readMountinfo() ([]mountInfo, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	var ms []mountInfo
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		sep := -1
		for i, s := range f {
			if s == "-" {
				sep = i
				break
			}
		}
		if len(f) < 6 || sep < 0 || sep+3 >= len(f) {
			continue
		}
		point := strings.ReplaceAll(f[4], "\\040", " ")
		ms = append(ms, mountInfo{point, f[5], f[sep+1], f[sep+3], f[6:sep]})
	}
	return ms, nil
}

// lastMount: the topmost mount at exactly point (later lines stack on earlier ones).
func lastMount(ms []mountInfo, point string) *mountInfo {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].point == point {
			return &ms[i]
		}
	}
	return nil
}

func hasOpt(opts, opt string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}

func statusField(name string) string {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, name+":") {
			return strings.TrimSpace(line[len(name)+1:])
		}
	}
	return ""
}

var rlimitNumbers = map[string]int{
	"RLIMIT_CPU": unix.RLIMIT_CPU, "RLIMIT_FSIZE": unix.RLIMIT_FSIZE, "RLIMIT_DATA": unix.RLIMIT_DATA,
	"RLIMIT_STACK": unix.RLIMIT_STACK, "RLIMIT_CORE": unix.RLIMIT_CORE, "RLIMIT_RSS": unix.RLIMIT_RSS,
	"RLIMIT_NPROC": unix.RLIMIT_NPROC, "RLIMIT_NOFILE": unix.RLIMIT_NOFILE, "RLIMIT_MEMLOCK": unix.RLIMIT_MEMLOCK,
	"RLIMIT_AS": unix.RLIMIT_AS, "RLIMIT_LOCKS": unix.RLIMIT_LOCKS, "RLIMIT_SIGPENDING": unix.RLIMIT_SIGPENDING,
	"RLIMIT_MSGQUEUE": unix.RLIMIT_MSGQUEUE, "RLIMIT_NICE": unix.RLIMIT_NICE, "RLIMIT_RTPRIO": unix.RLIMIT_RTPRIO,
	"RLIMIT_RTTIME": unix.RLIMIT_RTTIME,
}

type inT struct{ n, fails int }

func (t *inT) ok(cond bool, format string, args ...interface{}) bool {
	t.n++
	status := "ok"
	if !cond {
		status = "not ok"
		t.fails++
	}
	fmt.Printf("%s %d - %s\n", status, t.n, fmt.Sprintf(format, args...))
	return cond
}

func checkProcess(t *inT, p *rspec.Process) {
	cwd, err := os.Getwd()
	t.ok(err == nil && cwd == p.Cwd, "process.cwd: '%s', want '%s'", cwd, p.Cwd)
	t.ok(uint32(os.Getuid()) == p.User.UID, "process.user.uid: %d, want %d", os.Getuid(), p.User.UID)
	t.ok(uint32(os.Getgid()) == p.User.GID, "process.user.gid: %d, want %d", os.Getgid(), p.User.GID)
	groups, _ := os.Getgroups()
	for _, g := range p.User.AdditionalGids {
		found := false
		for _, h := range groups {
			found = found || uint32(h) == g
		}
		t.ok(found, "process.user.additionalGids: %d in %v", g, groups)
	}
	if p.User.Umask != nil {
		t.ok(statusField("Umask") == fmt.Sprintf("%04o", *p.User.Umask), "process.user.umask: %s, want %04o",
			statusField("Umask"), *p.User.Umask)
	}
	for _, e := range p.Env {
		kv := strings.SplitN(e, "=", 2)
		v, found := os.LookupEnv(kv[0])
		t.ok(found && len(kv) == 2 && v == kv[1], "process.env: %s", e)
	}
	nnp := "0"
	if p.NoNewPrivileges {
		nnp = "1"
	}
	t.ok(statusField("NoNewPrivs") == nnp, "process.noNewPrivileges: NoNewPrivs %s, want %s", statusField("NoNewPrivs"), nnp)
	if p.OOMScoreAdj != nil {
		data, _ := os.ReadFile("/proc/self/oom_score_adj")
		t.ok(strings.TrimSpace(string(data)) == strconv.Itoa(*p.OOMScoreAdj), "process.oomScoreAdj: %s, want %d",
			strings.TrimSpace(string(data)), *p.OOMScoreAdj)
	}
	for _, r := range p.Rlimits {
		var lim unix.Rlimit
		num, known := rlimitNumbers[r.Type]
		err := unix.Prlimit(0, num, nil, &lim)
		if soft := os.Getenv("OCITEST_NOFILE_SOFT"); r.Type == "RLIMIT_NOFILE" && soft != "" {
			lim.Cur = unix.RLIM_INFINITY
			if soft != "unlimited" {
				lim.Cur, _ = strconv.ParseUint(soft, 10, 64)
			}
		}
		t.ok(known && err == nil && lim.Cur == r.Soft && lim.Max == r.Hard, "process.rlimits: %s %d/%d, want %d/%d",
			r.Type, lim.Cur, lim.Max, r.Soft, r.Hard)
	}
	if p.Capabilities != nil {
		checkCaps(t, p.Capabilities)
	}
}

func checkCaps(t *inT, c *rspec.LinuxCapabilities) {
	sets := []struct {
		field string
		want  []string
	}{{"CapBnd", c.Bounding}, {"CapEff", c.Effective}, {"CapPrm", c.Permitted}, {"CapInh", c.Inheritable},
		{"CapAmb", c.Ambient}}
	for _, s := range sets {
		mask, err := strconv.ParseUint(statusField(s.field), 16, 64)
		want := map[string]bool{}
		for _, n := range s.want {
			want[n] = true
		}
		var extra, missing []string
		for _, cp := range capability.List() {
			name := "CAP_" + strings.ToUpper(cp.String())
			has := mask&(1<<uint(cp)) != 0
			if has && !want[name] {
				extra = append(extra, name)
			} else if !has && want[name] {
				missing = append(missing, name)
			}
		}
		t.ok(err == nil && len(extra) == 0 && len(missing) == 0, "process.capabilities %s: extra %v, missing %v",
			s.field, extra, missing)
	}
}

func checkMounts(t *inT, spec *rspec.Spec, ms []mountInfo) {
	root := lastMount(ms, "/")
	t.ok(root != nil && hasOpt(root.opts, "ro") == spec.Root.Readonly, "root.readonly: %v, mount options '%v'",
		spec.Root.Readonly, root)
	for _, m := range spec.Mounts {
		mi := lastMount(ms, m.Destination)
		if !t.ok(mi != nil, "mounts: '%s' is a mount point", m.Destination) {
			continue
		}
		bind := m.Type == "bind" || m.Type == "none" || m.Type == ""
		for _, o := range m.Options {
			bind = bind || o == "bind" || o == "rbind"
		}
		if !bind {
			t.ok(mi.fstype == m.Type, "mounts: '%s' type '%s', want '%s'", m.Destination, mi.fstype, m.Type)
		}
		for _, o := range m.Options {
			if o == "ro" || o == "nosuid" || o == "nodev" || o == "noexec" {
				t.ok(hasOpt(mi.opts, o), "mounts: '%s' has '%s' (%s)", m.Destination, o, mi.opts)
			}
		}
	}
}

func checkLinuxPaths(t *inT, l *rspec.Linux, ms []mountInfo) {
	for _, p := range l.MaskedPaths {
		st, err := os.Stat(p)
		if err != nil {
			t.ok(os.IsNotExist(err), "maskedPaths: '%s' absent", p)
			continue
		}
		if st.IsDir() {
			ents, err := os.ReadDir(p)
			t.ok(err == nil && len(ents) == 0, "maskedPaths: directory '%s' reads empty (%d entries)", p, len(ents))
		} else {
			data, err := os.ReadFile(p)
			t.ok(err == nil && len(data) == 0, "maskedPaths: '%s' reads empty (%d bytes, %v)", p, len(data), err)
		}
	}
	for _, p := range l.ReadonlyPaths {
		if _, err := os.Stat(p); err != nil {
			t.ok(os.IsNotExist(err), "readonlyPaths: '%s' absent", p)
			continue
		}
		mi := lastMount(ms, p)
		t.ok(mi != nil && hasOpt(mi.opts, "ro"), "readonlyPaths: '%s' is a read-only mount", p)
	}
	for k, v := range l.Sysctl {
		data, err := os.ReadFile("/proc/sys/" + strings.ReplaceAll(k, ".", "/"))
		got := strings.Join(strings.Fields(string(data)), " ")
		t.ok(err == nil && got == strings.Join(strings.Fields(v), " "), "sysctl: %s = '%s', want '%s'", k, got, v)
	}
	if l.Seccomp != nil {
		t.ok(statusField("Seccomp") == "2", "seccomp: Seccomp mode %s, want 2", statusField("Seccomp"))
	}
	checkMappings(t, "/proc/self/uid_map", l.UIDMappings)
	checkMappings(t, "/proc/self/gid_map", l.GIDMappings)
}

func checkMappings(t *inT, file string, maps []rspec.LinuxIDMapping) {
	if len(maps) == 0 {
		return
	}
	data, err := os.ReadFile(file)
	var want []string
	for _, m := range maps {
		want = append(want, fmt.Sprintf("%d %d %d", m.ContainerID, m.HostID, m.Size))
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		got = append(got, strings.Join(strings.Fields(line), " "))
	}
	sort.Strings(want)
	sort.Strings(got)
	t.ok(err == nil && strings.Join(got, ";") == strings.Join(want, ";"), "%s: %v, want %v", file, got, want)
}

func checkDevice(t *inT, d rspec.LinuxDevice) {
	var st unix.Stat_t
	if !t.ok(unix.Stat(d.Path, &st) == nil, "devices: '%s' exists", d.Path) {
		return
	}
	kinds := map[string]uint32{"c": unix.S_IFCHR, "u": unix.S_IFCHR, "b": unix.S_IFBLK, "p": unix.S_IFIFO}
	t.ok(st.Mode&unix.S_IFMT == kinds[d.Type], "devices: '%s' type %s", d.Path, d.Type)
	if d.Type != "p" {
		t.ok(int64(unix.Major(st.Rdev)) == d.Major && int64(unix.Minor(st.Rdev)) == d.Minor,
			"devices: '%s' %d:%d, want %d:%d", d.Path, unix.Major(st.Rdev), unix.Minor(st.Rdev), d.Major, d.Minor)
	}
	if d.FileMode != nil {
		t.ok(st.Mode&0o777 == uint32(*d.FileMode)&0o777, "devices: '%s' mode %o, want %o", d.Path, st.Mode&0o777,
			*d.FileMode&0o777)
	}
	if d.UID != nil {
		t.ok(st.Uid == *d.UID, "devices: '%s' uid %d, want %d", d.Path, st.Uid, *d.UID)
	}
	if d.GID != nil {
		t.ok(st.Gid == *d.GID, "devices: '%s' gid %d, want %d", d.Path, st.Gid, *d.GID)
	}
}

// The devices and symlinks config-linux.md requires whatever the config says.
func checkDefaultDevices(t *inT) {
	for _, d := range []struct {
		path         string
		major, minor int64
	}{{"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7}, {"/dev/random", 1, 8},
		{"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0}} {
		checkDevice(t, rspec.LinuxDevice{Path: d.path, Type: "c", Major: d.major, Minor: d.minor})
	}
	_, err := os.Stat("/dev/ptmx")
	t.ok(err == nil, "default devices: /dev/ptmx exists")
	for link, target := range map[string]string{"/dev/fd": "/proc/self/fd", "/dev/stdin": "/proc/self/fd/0",
		"/dev/stdout": "/proc/self/fd/1", "/dev/stderr": "/proc/self/fd/2"} {
		got, err := os.Readlink(link)
		t.ok(err == nil && filepath.Clean(got) == target, "default symlinks: '%s' -> '%s', want '%s'", link, got, target)
	}
}

// rootfsPropagation: the optional fields of the root mount (proc_pid_mountinfo(5)).
func checkPropagation(t *inT, mode string, root *mountInfo) {
	if mode == "" || root == nil {
		return
	}
	tags := map[string]bool{}
	for _, o := range root.optional {
		tags[strings.SplitN(o, ":", 2)[0]] = true
	}
	want := map[string]bool{"shared": tags["shared"], "slave": tags["master"] && !tags["shared"],
		"private": len(tags) == 0, "unbindable": tags["unbindable"]}
	ok, known := want[mode]
	t.ok(known && ok, "rootfsPropagation %s: root mount propagation %v", mode, root.optional)
}

func checkPersonality(t *inT, p *rspec.LinuxPersonality) {
	if p == nil {
		return
	}
	data, err := os.ReadFile("/proc/self/personality")
	v, _ := strconv.ParseUint(strings.TrimSpace(string(data)), 16, 32)
	domains := map[rspec.LinuxPersonalityDomain]uint64{rspec.PerLinux: 0, rspec.PerLinux32: 8}
	want, known := domains[p.Domain]
	t.ok(err == nil && known && v&0xff == want, "personality %s: /proc/self/personality %s", p.Domain,
		strings.TrimSpace(string(data)))
}

func inside() int {
	t := &inT{}
	data, err := os.ReadFile("/config.json")
	var spec rspec.Spec
	if err == nil {
		err = json.Unmarshal(data, &spec)
	}
	if err != nil || spec.Process == nil || spec.Root == nil {
		fmt.Printf("not ok 1 - /config.json: %v\n1..1\n", err)
		return 1
	}
	hostname, _ := os.Hostname()
	if spec.Hostname != "" {
		t.ok(hostname == spec.Hostname, "hostname: '%s', want '%s'", hostname, spec.Hostname)
	}
	if spec.Domainname != "" {
		var u unix.Utsname
		unix.Uname(&u)
		got := unix.ByteSliceToString(u.Domainname[:])
		t.ok(got == spec.Domainname, "domainname: '%s', want '%s'", got, spec.Domainname)
	}
	checkProcess(t, spec.Process)
	ms, err := readMountinfo()
	t.ok(err == nil, "read /proc/self/mountinfo")
	checkMounts(t, &spec, ms)
	if spec.Linux != nil {
		checkLinuxPaths(t, spec.Linux, ms)
		checkPropagation(t, spec.Linux.RootfsPropagation, lastMount(ms, "/"))
		checkPersonality(t, spec.Linux.Personality)
		for _, d := range spec.Linux.Devices {
			checkDevice(t, d)
		}
	}
	checkDefaultDevices(t)
	fmt.Printf("1..%d\n", t.n)
	if t.fails > 0 {
		return 1
	}
	return 0
}
