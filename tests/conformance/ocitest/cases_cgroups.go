// SPDX-License-Identifier: GPL-2.0-or-later

// cgroup cases (config-linux.md#control-groups): resources set on a created container, read
// back from the host with runtime-tools' cgroups package (v1 only), or directly where that
// package cannot (hugetlb on the unified hierarchy, blkio without CFQ's weight files).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/cgroups"
	"github.com/opencontainers/runtime-tools/specerror"
)

func i64(v int64) *int64   { return &v }
func u64(v uint64) *uint64 { return &v }
func boolp(v bool) *bool   { return &v }

// cgCase creates a container with cgroupsPath (absolute "/ocitest/NAME" or relative), then
// calls check with the cgroup reader, the pid and the path.
func cgCase(name string, relative bool, edit func(r *rspec.LinuxResources), check func(t *T, cg cgroups.Cgroup, pid int,
	path string, r *rspec.LinuxResources)) {
	register(name, func(t *T) {
		b := sleeper(t)
		path := "/ocitest/" + name
		if relative {
			path = "ocitest-rel/" + name
		}
		b.g.SetLinuxCgroupsPath(path)
		edit(b.g.Config.Linux.Resources)
		id := t.newID("")
		err := create(t, b, id)
		if !t.ok(err == nil, "create with cgroupsPath '%s' (%v)", path, err) {
			return
		}
		st, err := state(id)
		if !t.ok(err == nil, "state") {
			return
		}
		cg, err := cgroups.FindCgroup()
		if !t.ok(err == nil, "runtime-tools FindCgroup (%v)", err) {
			return
		}
		check(t, cg, st.Pid, path, b.g.Config.Linux.Resources)
	})
}

func same(t *T, what string, got, want interface{}) {
	t.ok(reflect.DeepEqual(got, want), "%s: %v, want %v", what, deref(got), deref(want))
}

func deref(v interface{}) interface{} {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Ptr && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

// blockDev: major, minor of the first virtio/scsi disk (blkio rules need a real device).
func blockDev() (int64, int64) {
	for _, name := range []string{"vda", "sda", "nvme0n1", "xvda", "loop0"} {
		data, err := os.ReadFile("/sys/block/" + name + "/dev")
		if err == nil {
			var maj, min int64
			fmt.Sscanf(strings.TrimSpace(string(data)), "%d:%d", &maj, &min)
			return maj, min
		}
	}
	return 7, 0
}

// hugetlbFile: the controller's limit file for the container, on v1 or on a cgroup2 mount
// (runtime-tools' cgroups package knows v1 only; this host has hugetlb on cgroup2).
func hugetlbFile(pid int, size string) (string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", pid))
	if err != nil {
		return "", err
	}
	mounts, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || (f[1] != "" && !strings.Contains(","+f[1]+",", ",hugetlb,")) {
			continue
		}
		for _, m := range strings.Split(string(mounts), "\n") {
			i := strings.Index(m, " - ")
			mf := strings.Fields(m)
			if i < 0 || len(mf) < 5 {
				continue
			}
			post := strings.Fields(m[i+3:])
			file := filepath.Join(mf[4], f[2], "hugetlb."+size+".max")
			if f[1] != "" {
				file = filepath.Join(mf[4], f[2], "hugetlb."+size+".limit_in_bytes")
				if post[0] != "cgroup" || !strings.Contains(","+post[2]+",", ",hugetlb,") {
					continue
				}
			} else if post[0] != "cgroup2" {
				continue
			}
			if _, err := os.Stat(file); err == nil {
				return file, nil
			}
		}
	}
	return "", fmt.Errorf("no hugetlb controller for pid %d", pid)
}

func init() {
	memory := func(r *rspec.LinuxResources) {
		r.Memory = &rspec.LinuxMemory{Limit: i64(50 << 20), Reservation: i64(32 << 20), Swap: i64(100 << 20),
			Swappiness: u64(50), DisableOOMKiller: boolp(true)}
	}
	checkMemory := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		m, err := cg.GetMemoryData(pid, path)
		if !t.ok(err == nil, "GetMemoryData (%v)", err) {
			return
		}
		same(t, "memory.limit", m.Limit, r.Memory.Limit)
		same(t, "memory.reservation", m.Reservation, r.Memory.Reservation)
		same(t, "memory.swap", m.Swap, r.Memory.Swap)
		same(t, "memory.swappiness", m.Swappiness, r.Memory.Swappiness)
		same(t, "memory.disableOOMKiller", m.DisableOOMKiller, r.Memory.DisableOOMKiller)
	}
	cgCase("linux_cgroups_memory", false, memory, checkMemory)
	cgCase("linux_cgroups_relative_memory", true, memory, checkMemory)

	cpus := func(r *rspec.LinuxResources) {
		r.CPU = &rspec.LinuxCPU{Shares: u64(1024), Quota: i64(50000), Period: u64(100000), Cpus: "0", Mems: "0"}
	}
	checkCPU := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		c, err := cg.GetCPUData(pid, path)
		if !t.ok(err == nil, "GetCPUData (%v)", err) {
			return
		}
		same(t, "cpu.shares", c.Shares, r.CPU.Shares)
		same(t, "cpu.quota", c.Quota, r.CPU.Quota)
		same(t, "cpu.period", c.Period, r.CPU.Period)
		same(t, "cpu.cpus", c.Cpus, r.CPU.Cpus)
		same(t, "cpu.mems", c.Mems, r.CPU.Mems)
	}
	cgCase("linux_cgroups_cpus", false, cpus, checkCPU)
	cgCase("linux_cgroups_relative_cpus", true, cpus, checkCPU)

	pids := func(r *rspec.LinuxResources) { r.Pids = &rspec.LinuxPids{Limit: 1000} }
	checkPids := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		p, err := cg.GetPidsData(pid, path)
		if t.ok(err == nil, "GetPidsData (%v)", err) {
			same(t, "pids.limit", p.Limit, r.Pids.Limit)
		}
	}
	cgCase("linux_cgroups_pids", false, pids, checkPids)
	cgCase("linux_cgroups_relative_pids", true, pids, checkPids)

	devices := func(r *rspec.LinuxResources) {
		r.Devices = append(r.Devices, rspec.LinuxDeviceCgroup{Allow: true, Type: "c", Major: i64(10), Minor: i64(229),
			Access: "rw"}, rspec.LinuxDeviceCgroup{Allow: true, Type: "b", Major: i64(8), Minor: i64(0), Access: "r"})
	}
	checkDevices := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		d, err := cg.GetDevicesData(pid, path)
		if !t.ok(err == nil, "GetDevicesData (%v)", err) {
			return
		}
		for _, want := range r.Devices[1:] {
			found := false
			for _, got := range d {
				found = found || (got.Allow && got.Type == want.Type && reflect.DeepEqual(got.Major, want.Major) &&
					reflect.DeepEqual(got.Minor, want.Minor) && got.Access == want.Access)
			}
			t.ok(found, "devices: %s %d:%d %s allowed", want.Type, *want.Major, *want.Minor, want.Access)
		}
	}
	cgCase("linux_cgroups_devices", false, devices, checkDevices)
	cgCase("linux_cgroups_relative_devices", true, devices, checkDevices)

	maj, min := blockDev()
	blkio := func(r *rspec.LinuxResources) {
		r.BlockIO = &rspec.LinuxBlockIO{
			ThrottleReadBpsDevice:   []rspec.LinuxThrottleDevice{{Rate: 102400}},
			ThrottleWriteIOPSDevice: []rspec.LinuxThrottleDevice{{Rate: 300}},
		}
		for _, l := range [][]rspec.LinuxThrottleDevice{r.BlockIO.ThrottleReadBpsDevice, r.BlockIO.ThrottleWriteIOPSDevice} {
			l[0].Major, l[0].Minor = maj, min
		}
	}
	checkBlkio := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		// GetBlockIOData needs blkio.weight (CFQ), which kernels since 5.0 lack: read the throttle files.
		for file, rate := range map[string]uint64{"blkio.throttle.read_bps_device": 102400,
			"blkio.throttle.write_iops_device": 300} {
			sub, _ := cgroups.GetSubsystemPath(pid, "blkio")
			data, err := os.ReadFile(filepath.Join("/sys/fs/cgroup/blkio", sub, file))
			want := fmt.Sprintf("%d:%d %d", maj, min, rate)
			t.ok(err == nil && strings.TrimSpace(string(data)) == want && strings.HasSuffix(sub, path),
				"%s in '%s': '%s', want '%s'", file, sub, strings.TrimSpace(string(data)), want)
		}
	}
	cgCase("linux_cgroups_blkio", false, blkio, checkBlkio)
	cgCase("linux_cgroups_relative_blkio", true, blkio, checkBlkio)

	hugetlb := func(r *rspec.LinuxResources) {
		r.HugepageLimits = []rspec.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 8 << 20}}
	}
	checkHugetlb := func(t *T, cg cgroups.Cgroup, pid int, path string, r *rspec.LinuxResources) {
		file, err := hugetlbFile(pid, "2MB")
		if !t.ok(err == nil, "find the hugetlb controller (%v)", err) {
			return
		}
		data, err := os.ReadFile(file)
		t.ok(err == nil && strings.TrimSpace(string(data)) == strconv.Itoa(8<<20), "%s: '%s', want %d", file,
			strings.TrimSpace(string(data)), 8<<20)
	}
	cgCase("linux_cgroups_hugetlb", false, hugetlb, checkHugetlb)
	cgCase("linux_cgroups_relative_hugetlb", true, hugetlb, checkHugetlb)

	// Without a net_cls/net_prio hierarchy the runtime cannot apply linux.resources.network:
	// it must then refuse the config (PropApplyFailGenError); with one, the values must hold.
	register("linux_cgroups_network", func(t *T) {
		b := sleeper(t)
		b.g.SetLinuxCgroupsPath("/ocitest/" + t.name)
		if !control(t, b) {
			return
		}
		b.g.Config.Linux.Resources.Network = &rspec.LinuxNetwork{ClassID: u32(0x100001),
			Priorities: []rspec.LinuxInterfacePriority{{Name: "lo", Priority: 5}}}
		id := t.newID("")
		err := create(t, b, id)
		_, nerr := os.Stat("/sys/fs/cgroup/net_cls/cgroup.procs")
		if nerr != nil {
			t.logf("host: no net_cls hierarchy mounted")
			t.ok(err != nil, "%s: create is refused (%v)", sc(specerror.PropApplyFailGenError, "PropApplyFailGenError"), err)
			return
		}
		if !t.ok(err == nil, "create (%v)", err) {
			return
		}
		st, _ := state(id)
		cg, _ := cgroups.FindCgroup()
		n, err := cg.GetNetworkData(st.Pid, "/ocitest/"+t.name)
		if t.ok(err == nil, "GetNetworkData (%v)", err) {
			same(t, "network.classID", n.ClassID, b.g.Config.Linux.Resources.Network.ClassID)
		}
	})
}
