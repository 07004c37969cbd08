// SPDX-License-Identifier: GPL-2.0-or-later

// cri: a minimal CRI v1 client for tests/clients/cri.bats, in the spirit of crictl (which
// Debian 12 does not ship). gRPC with a raw-bytes codec; the messages are encoded and decoded
// by hand (wire.go), only the fields the tests use. Pod and container configs are small JSON
// files of our own (see podConfig, ctrConfig), turned into CRI messages here.
//
//	cri -a SOCK version
//	cri -a SOCK runp POD.json                      prints the sandbox id
//	cri -a SOCK inspectp ID                        JSON: id, state, info (verbose)
//	cri -a SOCK stopp ID | rmp ID
//	cri -a SOCK create POD_ID CTR.json POD.json    prints the container id
//	cri -a SOCK start ID | rm ID
//	cri -a SOCK stop ID TIMEOUT
//	cri -a SOCK inspect ID                         JSON: status fields, info (verbose)
//	cri -a SOCK exec [-timeout S] ID CMD...        stdout, stderr and exit code of ExecSync
//	cri -a SOCK update ID RESOURCES.json
//	cri -a SOCK stats ID                           JSON: memory and cpu usage
//	cri -a SOCK ps [-pod ID]                       JSON list: id, pod, name, state
//	cri -a SOCK img REF                            prints the image id; exit 1 if unknown
//
// A failed call prints the gRPC status message on stderr and exits 1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/ioutil"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

const (
	runtimeSvc = "/runtime.v1.RuntimeService/"
	imageSvc   = "/runtime.v1.ImageService/"
)

// rawCodec passes already encoded messages through: requests are enc, responses *[]byte.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v interface{}) ([]byte, error) {
	switch m := v.(type) {
	case enc:
		return m, nil
	case *enc:
		return *m, nil
	}
	return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
}

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	p, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*p = append([]byte(nil), data...)
	return nil
}

var conn *grpc.ClientConn

func call(method string, req enc, timeout time.Duration) dec {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out []byte
	if err := conn.Invoke(ctx, method, req, &out, grpc.ForceCodec(rawCodec{})); err != nil {
		if s, ok := status.FromError(err); ok {
			fail("%s: %s: %s", method, s.Code(), s.Message())
		}
		fail("%s: %v", method, err)
	}
	d, err := decode(out)
	if err != nil {
		fail("%s: bad response: %v", method, err)
	}
	return d
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "cri: "+format+"\n", a...)
	os.Exit(1)
}

func printJSON(v interface{}) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fail("json: %v", err)
	}
	fmt.Println(string(b))
}

func readJSON(path string, v interface{}) {
	b, err := ioutil.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		fail("%s: %v", path, err)
	}
}

// Namespace modes: POD 0, CONTAINER 1, NODE 2, TARGET 3.
func nsMode(s, def string) uint64 {
	if s == "" {
		s = def
	}
	switch strings.ToUpper(s) {
	case "POD":
		return 0
	case "CONTAINER":
		return 1
	case "NODE":
		return 2
	case "TARGET":
		return 3
	}
	fail("unknown namespace mode %q", s)
	return 0
}

type namespaces struct {
	Network string `json:"network"` // default NODE: the suite has no CNI
	PID     string `json:"pid"`     // default CONTAINER, as the kubelet sets it
	IPC     string `json:"ipc"`     // default POD
	Target  string `json:"target_id"`
}

func (n *namespaces) enc() enc {
	var m enc
	if n == nil {
		n = &namespaces{}
	}
	m.uvarint(1, nsMode(n.Network, "NODE"))
	m.uvarint(2, nsMode(n.PID, "CONTAINER"))
	m.uvarint(3, nsMode(n.IPC, "POD"))
	m.str(4, n.Target)
	return m
}

// securityProfile: "" absent (unconfined for seccomp in containerd 1.6), "RuntimeDefault",
// "Unconfined", "localhost/PATH".
func securityProfile(s string) (enc, bool) {
	var m enc
	switch {
	case s == "":
		return nil, false
	case s == "RuntimeDefault":
	case s == "Unconfined":
		m.uvarint(1, 1)
	case strings.HasPrefix(s, "localhost/"):
		m.uvarint(1, 2)
		m.str(2, strings.TrimPrefix(s, "localhost/"))
	default:
		fail("unknown security profile %q", s)
	}
	return m, true
}

type podConfig struct {
	Name         string            `json:"name"`
	UID          string            `json:"uid"`
	Namespace    string            `json:"namespace"`
	Attempt      uint64            `json:"attempt"`
	Hostname     string            `json:"hostname"`
	LogDirectory string            `json:"log_directory"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	CgroupParent string            `json:"cgroup_parent"`
	Namespaces   *namespaces       `json:"namespaces"`
	Privileged   bool              `json:"privileged"`
	ReadonlyRoot bool              `json:"readonly_rootfs"`
	RunAsUser    *int64            `json:"run_as_user"`
	Seccomp      string            `json:"seccomp"`
	Sysctls      map[string]string `json:"sysctls"`
}

// PodSandboxConfig
func (p *podConfig) enc() enc {
	var md, sc, lx, m enc
	md.str(1, p.Name)
	md.str(2, p.UID)
	md.str(3, p.Namespace)
	md.uvarint(4, p.Attempt)
	// LinuxSandboxSecurityContext
	sc.sub(1, p.Namespaces.enc())
	if p.RunAsUser != nil {
		var v enc
		v.int(1, *p.RunAsUser)
		sc.sub(3, v)
	}
	sc.boolean(4, p.ReadonlyRoot)
	sc.boolean(6, p.Privileged)
	if sp, ok := securityProfile(p.Seccomp); ok {
		sc.sub(9, sp)
	}
	// LinuxPodSandboxConfig
	lx.str(1, p.CgroupParent)
	lx.sub(2, sc)
	lx.strmap(3, p.Sysctls)
	m.sub(1, md)
	m.str(2, p.Hostname)
	m.str(3, p.LogDirectory)
	m.strmap(6, p.Labels)
	m.strmap(7, p.Annotations)
	m.sub(8, lx)
	return m
}

type resources struct {
	CPUPeriod   int64  `json:"cpu_period"`
	CPUQuota    int64  `json:"cpu_quota"`
	CPUShares   int64  `json:"cpu_shares"`
	Memory      int64  `json:"memory_limit_in_bytes"`
	OOMScoreAdj int64  `json:"oom_score_adj"`
	CpusetCpus  string `json:"cpuset_cpus"`
	CpusetMems  string `json:"cpuset_mems"`
	MemorySwap  int64  `json:"memory_swap_limit_in_bytes"`
}

// LinuxContainerResources
func (r *resources) enc() enc {
	var m enc
	m.int(1, r.CPUPeriod)
	m.int(2, r.CPUQuota)
	m.int(3, r.CPUShares)
	m.int(4, r.Memory)
	m.int(5, r.OOMScoreAdj)
	m.str(6, r.CpusetCpus)
	m.str(7, r.CpusetMems)
	m.int(10, r.MemorySwap)
	return m
}

type ctrSecurity struct {
	Privileged    bool        `json:"privileged"`
	Namespaces    *namespaces `json:"namespaces"`
	RunAsUser     *int64      `json:"run_as_user"`
	RunAsGroup    *int64      `json:"run_as_group"`
	RunAsUsername string      `json:"run_as_username"`
	ReadonlyRoot  bool        `json:"readonly_rootfs"`
	SupplGroups   []int64     `json:"supplemental_groups"`
	NoNewPrivs    bool        `json:"no_new_privs"`
	MaskedPaths   []string    `json:"masked_paths"`
	ReadonlyPaths []string    `json:"readonly_paths"`
	Seccomp       string      `json:"seccomp"`
	CapAdd        []string    `json:"cap_add"`
	CapDrop       []string    `json:"cap_drop"`
}

type mount struct {
	ContainerPath string `json:"container_path"`
	HostPath      string `json:"host_path"`
	Readonly      bool   `json:"readonly"`
	Propagation   int64  `json:"propagation"`
}

type device struct {
	ContainerPath string `json:"container_path"`
	HostPath      string `json:"host_path"`
	Permissions   string `json:"permissions"`
}

type ctrConfig struct {
	Name        string            `json:"name"`
	Attempt     uint64            `json:"attempt"`
	Image       string            `json:"image"`
	Command     []string          `json:"command"`
	Args        []string          `json:"args"`
	WorkingDir  string            `json:"working_dir"`
	Envs        map[string]string `json:"envs"`
	Mounts      []mount           `json:"mounts"`
	Devices     []device          `json:"devices"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	LogPath     string            `json:"log_path"`
	Stdin       bool              `json:"stdin"`
	StdinOnce   bool              `json:"stdin_once"`
	TTY         bool              `json:"tty"`
	Resources   *resources        `json:"resources"`
	Security    *ctrSecurity      `json:"security"`
}

// ContainerConfig
func (c *ctrConfig) enc() enc {
	var md, img, m enc
	md.str(1, c.Name)
	md.uvarint(2, c.Attempt)
	img.str(1, c.Image)
	m.sub(1, md)
	m.sub(2, img)
	m.strs(3, c.Command)
	m.strs(4, c.Args)
	m.str(5, c.WorkingDir)
	for k, v := range c.Envs {
		var kv enc
		kv.str(1, k)
		kv.str(2, v)
		m.sub(6, kv)
	}
	for _, mt := range c.Mounts {
		var e enc
		e.str(1, mt.ContainerPath)
		e.str(2, mt.HostPath)
		e.boolean(3, mt.Readonly)
		e.int(5, mt.Propagation)
		m.sub(7, e)
	}
	for _, dv := range c.Devices {
		var e enc
		e.str(1, dv.ContainerPath)
		e.str(2, dv.HostPath)
		e.str(3, dv.Permissions)
		m.sub(8, e)
	}
	m.strmap(9, c.Labels)
	m.strmap(10, c.Annotations)
	m.str(11, c.LogPath)
	m.boolean(12, c.Stdin)
	m.boolean(13, c.StdinOnce)
	m.boolean(14, c.TTY)
	// LinuxContainerConfig
	var lx enc
	if c.Resources != nil {
		lx.sub(1, c.Resources.enc())
	}
	s := c.Security
	if s == nil {
		s = &ctrSecurity{}
	}
	// LinuxContainerSecurityContext
	var sc enc
	if len(s.CapAdd)+len(s.CapDrop) > 0 {
		var caps enc
		caps.strs(1, s.CapAdd)
		caps.strs(2, s.CapDrop)
		sc.sub(1, caps)
	}
	sc.boolean(2, s.Privileged)
	sc.sub(3, s.Namespaces.enc())
	if s.RunAsUser != nil {
		var v enc
		v.int(1, *s.RunAsUser)
		sc.sub(5, v)
	}
	sc.str(6, s.RunAsUsername)
	sc.boolean(7, s.ReadonlyRoot)
	for _, g := range s.SupplGroups {
		sc.int(8, g)
	}
	sc.boolean(11, s.NoNewPrivs)
	if s.RunAsGroup != nil {
		var v enc
		v.int(1, *s.RunAsGroup)
		sc.sub(12, v)
	}
	sc.strs(13, s.MaskedPaths)
	sc.strs(14, s.ReadonlyPaths)
	if sp, ok := securityProfile(s.Seccomp); ok {
		sc.sub(15, sp)
	}
	lx.sub(2, sc)
	m.sub(15, lx)
	return m
}

var containerStates = []string{"CONTAINER_CREATED", "CONTAINER_RUNNING", "CONTAINER_EXITED", "CONTAINER_UNKNOWN"}
var sandboxStates = []string{"SANDBOX_READY", "SANDBOX_NOTREADY"}

func stateName(names []string, v uint64) string {
	if v < uint64(len(names)) {
		return names[v]
	}
	return strconv.FormatUint(v, 10)
}

// infoJSON: the verbose "info" map's "info" value is JSON (pid, runtimeSpec, ...).
func infoJSON(d dec) interface{} {
	info := d.strmap(2)
	s, ok := info["info"]
	if !ok {
		return nil
	}
	var v interface{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

func idReq(id string) enc {
	var m enc
	m.str(1, id)
	return m
}

const callTimeout = 2 * time.Minute

func main() {
	addr := flag.String("a", "", "CRI socket path")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: cri -a SOCK COMMAND ARGS... (see the top of tests/clients/cri/cri.go)")
	}
	flag.Parse()
	args := flag.Args()
	if *addr == "" || len(args) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	conn, err = grpc.Dial("cri", grpc.WithInsecure(),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", *addr)
		}))
	if err != nil {
		fail("dial %s: %v", *addr, err)
	}
	defer conn.Close()
	if err := run(args[0], args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "cri:", err)
		os.Exit(2)
	}
}

func need(args []string, n int, usage string) error {
	if len(args) != n {
		return errors.New("usage: " + usage)
	}
	return nil
}

func run(cmd string, args []string) error {
	switch cmd {
	case "version":
		var req enc
		req.str(1, "v1")
		d := call(runtimeSvc+"Version", req, callTimeout)
		printJSON(map[string]string{"version": d.str(1), "runtime_name": d.str(2),
			"runtime_version": d.str(3), "runtime_api_version": d.str(4)})
	case "img":
		if err := need(args, 1, "img REF"); err != nil {
			return err
		}
		var spec, req enc
		spec.str(1, args[0])
		req.sub(1, spec)
		img := call(imageSvc+"ImageStatus", req, callTimeout).sub(1)
		if img == nil {
			fail("image %s not found", args[0])
		}
		fmt.Println(img.str(1))
	case "runp":
		if err := need(args, 1, "runp POD.json"); err != nil {
			return err
		}
		var p podConfig
		readJSON(args[0], &p)
		var req enc
		req.sub(1, p.enc())
		fmt.Println(call(runtimeSvc+"RunPodSandbox", req, callTimeout).str(1))
	case "inspectp":
		if err := need(args, 1, "inspectp ID"); err != nil {
			return err
		}
		req := idReq(args[0])
		req.boolean(2, true)
		d := call(runtimeSvc+"PodSandboxStatus", req, callTimeout)
		st := d.sub(1)
		printJSON(map[string]interface{}{"id": st.str(1), "state": stateName(sandboxStates, st.u64(3)),
			"info": infoJSON(d)})
	case "stopp", "rmp":
		if err := need(args, 1, cmd+" ID"); err != nil {
			return err
		}
		method := map[string]string{"stopp": "StopPodSandbox", "rmp": "RemovePodSandbox"}[cmd]
		call(runtimeSvc+method, idReq(args[0]), callTimeout)
	case "create":
		if err := need(args, 3, "create POD_ID CTR.json POD.json"); err != nil {
			return err
		}
		var c ctrConfig
		var p podConfig
		readJSON(args[1], &c)
		readJSON(args[2], &p)
		var req enc
		req.str(1, args[0])
		req.sub(2, c.enc())
		req.sub(3, p.enc())
		fmt.Println(call(runtimeSvc+"CreateContainer", req, callTimeout).str(1))
	case "start", "rm":
		if err := need(args, 1, cmd+" ID"); err != nil {
			return err
		}
		method := map[string]string{"start": "StartContainer", "rm": "RemoveContainer"}[cmd]
		call(runtimeSvc+method, idReq(args[0]), callTimeout)
	case "stop":
		if err := need(args, 2, "stop ID TIMEOUT"); err != nil {
			return err
		}
		t, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return err
		}
		req := idReq(args[0])
		req.int(2, t)
		call(runtimeSvc+"StopContainer", req, callTimeout+time.Duration(t)*time.Second)
	case "inspect":
		if err := need(args, 1, "inspect ID"); err != nil {
			return err
		}
		req := idReq(args[0])
		req.boolean(2, true)
		d := call(runtimeSvc+"ContainerStatus", req, callTimeout)
		st := d.sub(1)
		out := map[string]interface{}{
			"id": st.str(1), "name": st.sub(2).str(1), "state": stateName(containerStates, st.u64(3)),
			"created_at": st.i64(4), "started_at": st.i64(5), "finished_at": st.i64(6),
			"exit_code": st.i32(7), "image": st.sub(8).str(1), "image_ref": st.str(9),
			"reason": st.str(10), "message": st.str(11), "log_path": st.str(15),
			"info": infoJSON(d),
		}
		if r := st.sub(16).sub(1); r != nil {
			out["resources"] = map[string]interface{}{"cpu_period": r.i64(1), "cpu_quota": r.i64(2),
				"cpu_shares": r.i64(3), "memory_limit_in_bytes": r.i64(4)}
		}
		printJSON(out)
	case "exec":
		fs := flag.NewFlagSet("exec", flag.ContinueOnError)
		timeout := fs.Int64("timeout", 0, "ExecSync timeout in seconds (0: none)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() < 2 {
			return errors.New("usage: exec [-timeout S] ID CMD...")
		}
		req := idReq(fs.Arg(0))
		req.strs(2, fs.Args()[1:])
		req.int(3, *timeout)
		d := call(runtimeSvc+"ExecSync", req, callTimeout+time.Duration(*timeout)*time.Second)
		os.Stdout.Write(d.bytes(1))
		os.Stderr.Write(d.bytes(2))
		os.Exit(int(d.i32(3)))
	case "update":
		if err := need(args, 2, "update ID RESOURCES.json"); err != nil {
			return err
		}
		var r resources
		readJSON(args[1], &r)
		req := idReq(args[0])
		req.sub(2, r.enc())
		call(runtimeSvc+"UpdateContainerResources", req, callTimeout)
	case "stats":
		if err := need(args, 1, "stats ID"); err != nil {
			return err
		}
		st := call(runtimeSvc+"ContainerStats", idReq(args[0]), callTimeout).sub(1)
		cpu, mem := st.sub(2), st.sub(3)
		printJSON(map[string]interface{}{"id": st.sub(1).str(1),
			"cpu_timestamp": cpu.i64(1), "cpu_usage_core_nano_seconds": cpu.u64value(2),
			"memory_timestamp": mem.i64(1), "memory_working_set_bytes": mem.u64value(2),
			"memory_usage_bytes": mem.u64value(4)})
	case "ps":
		fs := flag.NewFlagSet("ps", flag.ContinueOnError)
		pod := fs.String("pod", "", "only the containers of this sandbox")
		if err := fs.Parse(args); err != nil {
			return err
		}
		var filter, req enc
		filter.str(3, *pod)
		req.sub(1, filter)
		list := []map[string]string{}
		for _, c := range call(runtimeSvc+"ListContainers", req, callTimeout).subs(1) {
			list = append(list, map[string]string{"id": c.str(1), "pod": c.str(2),
				"name": c.sub(3).str(1), "state": stateName(containerStates, c.u64(6))})
		}
		printJSON(list)
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	return nil
}
