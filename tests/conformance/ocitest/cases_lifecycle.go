// SPDX-License-Identifier: GPL-2.0-or-later

// Lifecycle cases (runtime.md): state, create, start, kill, delete, hooks, checked from outside
// (upstream: util.RuntimeLifecycleValidate and the runtime outside-validation programs).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/specerror"
	"github.com/xeipuuv/gojsonschema"
)

const schemaDir = "/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema"

// validateSchema checks a document against one of runtime-spec's JSON schemas (the files
// Debian ships; runtime-tools' validate.CheckJSONSchema would fetch them from the network).
func validateSchema(schema string, doc []byte) error {
	res, err := gojsonschema.Validate(gojsonschema.NewReferenceLoader("file://"+filepath.Join(schemaDir, schema)),
		gojsonschema.NewBytesLoader(doc))
	if err != nil {
		return err
	}
	if !res.Valid() {
		var msgs []string
		for _, e := range res.Errors() {
			msgs = append(msgs, e.String())
		}
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

// waitFile polls for path (the container's process writes it once started).
func waitFile(path string) bool {
	for i := 0; i < 250; i++ {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func sleeper(t *T) *bundle {
	return newBundle(t, "bundle").setArgs("sh", "-c", "echo started >>/started; exec sleep 300")
}

func caseLifecycle(t *T) {
	b := sleeper(t)
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "%s: create", sc(specerror.CreateNewContainer, "CreateNewContainer")) {
		return
	}
	stdout, _, err := rt("state", id)
	t.ok(err == nil && validateSchema("state-schema.json", []byte(stdout)) == nil, "%s: state matches state-schema.json (%v)",
		sc(specerror.DefaultStateJSONPattern, "DefaultStateJSONPattern"), validateSchema("state-schema.json", []byte(stdout)))
	st, err := state(id)
	if !t.ok(err == nil, "%s: state after create (%v)", sc(specerror.QueryStateImplement, "QueryStateImplement"), err) {
		return
	}
	t.ok(st.ID == id && st.Status == rspec.StateCreated, "state: id '%s' status '%s'", st.ID, st.Status)
	t.ok(st.Bundle == b.dir, "state: bundle '%s', want '%s'", st.Bundle, b.dir)
	t.ok(st.Version != "", "state: ociVersion '%s'", st.Version)
	t.ok(st.Pid > 0 && pidAlive(st.Pid), "state: pid %d is alive", st.Pid)
	time.Sleep(100 * time.Millisecond)
	_, err = os.Stat(filepath.Join(b.dir, "rootfs/started"))
	t.ok(os.IsNotExist(err), "%s: process.args not run before start", sc(specerror.ProcArgsApplyUntilStart, "ProcArgsApplyUntilStart"))
	_, stderr, err := rt("start", id)
	t.ok(err == nil, "%s: start (%s)", sc(specerror.StartProcImplement, "StartProcImplement"), strings.TrimSpace(stderr))
	t.ok(waitFile(filepath.Join(b.dir, "rootfs/started")), "%s: the process ran", sc(specerror.ProcImplement, "ProcImplement"))
	st, err = waitStatus(id, rspec.StateRunning)
	t.ok(err == nil, "state: running after start (%v)", err)
	_, stderr, err = rt("kill", id, "KILL")
	t.ok(err == nil, "%s: kill KILL (%s)", sc(specerror.KillSignalImplement, "KillSignalImplement"), strings.TrimSpace(stderr))
	st, err = waitStatus(id, rspec.StateStopped)
	t.ok(err == nil, "state: stopped after kill (%v)", err)
	_, stderr, err = rt("delete", id)
	t.ok(err == nil, "delete a stopped container (%s)", strings.TrimSpace(stderr))
	_, err = state(id)
	t.ok(err != nil, "%s: state of a deleted container fails", sc(specerror.QueryNonExistGenError, "QueryNonExistGenError"))
}

func caseState(t *T) {
	if !control(t, sleeper(t)) {
		return
	}
	_, _, err := rt("state")
	t.ok(err != nil, "%s: state without an id fails", sc(specerror.QueryWithoutIDGenError, "QueryWithoutIDGenError"))
	_, _, err = rt("state", "ocitest-does-not-exist")
	t.ok(err != nil, "%s: state of an unknown id fails", sc(specerror.QueryNonExistGenError, "QueryNonExistGenError"))
}

func caseCreate(t *T) {
	b := sleeper(t)
	id := t.newID("")
	_, _, err := rt("create", "--bundle", b.dir)
	t.ok(err != nil, "%s: create without an id fails", sc(specerror.CreateWithBundlePathAndID, "CreateWithBundlePathAndID"))
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	st1, _ := state(id)
	err = create(t, b, id)
	t.ok(err != nil, "%s: create with a used id fails (%v)", sc(specerror.CreateWithUniqueID, "CreateWithUniqueID"), err)
	st2, err := state(id)
	t.ok(err == nil && st1 != nil && st2.Pid == st1.Pid && st2.Status == rspec.StateCreated,
		"%s: the first container is untouched", sc(specerror.ErrorsLeaveStateUnchange, "ErrorsLeaveStateUnchange"))
}

func caseStart(t *T) {
	b := sleeper(t)
	id := t.newID("")
	_, _, err := rt("start")
	t.ok(err != nil, "%s: start without an id fails", sc(specerror.StartWithoutIDGenError, "StartWithoutIDGenError"))
	_, _, err = rt("start", "ocitest-does-not-exist")
	t.ok(err != nil, "start of an unknown id fails")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	_, _, err = rt("start", id)
	t.ok(err == nil && waitFile(filepath.Join(b.dir, "rootfs/started")), "start runs the process")
	_, _, err = rt("start", id)
	t.ok(err != nil, "%s: start of a running container fails", sc(specerror.StartNotCreatedGenError, "StartNotCreatedGenError"))
	time.Sleep(100 * time.Millisecond)
	data, _ := os.ReadFile(filepath.Join(b.dir, "rootfs/started"))
	t.ok(string(data) == "started\n", "%s: the process ran once (%q)", sc(specerror.StartNotCreatedHaveNoEffect, "StartNotCreatedHaveNoEffect"), data)
}

func caseKill(t *T) {
	b := newBundle(t, "bundle").setArgs("sh", "-c",
		"trap 'echo term >/got-term; exit 0' TERM; echo ready >/ready; while :; do sleep 0.1; done")
	id := t.newID("")
	_, _, err := rt("kill")
	t.ok(err != nil, "%s: kill without an id fails", sc(specerror.KillWithoutIDGenError, "KillWithoutIDGenError"))
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	rt("start", id)
	t.ok(waitFile(filepath.Join(b.dir, "rootfs/ready")), "the process is ready")
	_, _, err = rt("kill", id, "TERM")
	t.ok(err == nil && waitFile(filepath.Join(b.dir, "rootfs/got-term")), "%s: kill TERM reaches the process",
		sc(specerror.KillSignalImplement, "KillSignalImplement"))
	_, err = waitStatus(id, rspec.StateStopped)
	t.ok(err == nil, "stopped after TERM (%v)", err)
	_, _, err = rt("kill", id, "KILL")
	t.ok(err != nil, "%s: kill of a stopped container fails", sc(specerror.KillNonCreateRunGenError, "KillNonCreateRunGenError"))
	st, err := state(id)
	t.ok(err == nil && st.Status == rspec.StateStopped, "%s: still stopped", sc(specerror.KillNonCreateRunHaveNoEffect, "KillNonCreateRunHaveNoEffect"))
}

func caseDelete(t *T) {
	b := sleeper(t)
	b.g.SetLinuxCgroupsPath("/ocitest/" + t.name)
	id := t.newID("")
	_, _, err := rt("delete")
	t.ok(err != nil, "%s: delete without an id fails", sc(specerror.DeleteWithoutIDGenError, "DeleteWithoutIDGenError"))
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	rt("start", id)
	st, err := waitStatus(id, rspec.StateRunning)
	if !t.ok(err == nil, "running") {
		return
	}
	_, _, err = rt("delete", id)
	t.ok(err != nil, "%s: delete of a running container fails", sc(specerror.DeleteNonStopGenError, "DeleteNonStopGenError"))
	st2, err := state(id)
	t.ok(err == nil && st2.Status == rspec.StateRunning && st2.Pid == st.Pid && pidAlive(st.Pid),
		"%s: it is still running", sc(specerror.DeleteNonStopHaveNoEffect, "DeleteNonStopHaveNoEffect"))
	rt("kill", id, "KILL")
	waitStatus(id, rspec.StateStopped)
	_, _, err = rt("delete", id)
	t.ok(err == nil, "delete after stop")
	_, err = os.Stat("/sys/fs/cgroup/memory/ocitest/" + t.name)
	t.ok(os.IsNotExist(err), "%s: the memory cgroup '/ocitest/%s' is gone", sc(specerror.DeleteResImplement, "DeleteResImplement"), t.name)
	_, err = os.Stat("/sys/fs/cgroup/pids/ocitest/" + t.name)
	t.ok(os.IsNotExist(err), "%s: the pids cgroup is gone", sc(specerror.DeleteResImplement, "DeleteResImplement"))
	entries, _ := os.ReadDir(rootDir)
	t.ok(len(entries) == 0, "%s: the state directory is empty (%d entries)", sc(specerror.DeleteResImplement, "DeleteResImplement"), len(entries))
}

func nsInode(pid int, ns string) string {
	p := "/proc/self/ns/" + ns
	if pid > 0 {
		p = "/proc/" + strconv.Itoa(pid) + "/ns/" + ns
	}
	l, _ := os.Readlink(p)
	return l
}

var nsFiles = map[rspec.LinuxNamespaceType]string{rspec.PIDNamespace: "pid", rspec.NetworkNamespace: "net",
	rspec.MountNamespace: "mnt", rspec.IPCNamespace: "ipc", rspec.UTSNamespace: "uts", rspec.UserNamespace: "user",
	rspec.CgroupNamespace: "cgroup"}

// linux_ns_itype: every namespace in the config is new, every other one is the host's.
func caseNsItype(t *T) {
	b := sleeper(t)
	b.g.Config.Linux.Namespaces = append(b.g.Config.Linux.Namespaces, rspec.LinuxNamespace{Type: rspec.CgroupNamespace})
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	st, _ := state(id)
	want := map[string]bool{}
	for _, ns := range b.g.Config.Linux.Namespaces {
		want[nsFiles[ns.Type]] = true
	}
	for _, ns := range nsFiles {
		c, h := nsInode(st.Pid, ns), nsInode(0, ns)
		t.ok(c != "" && (c != h) == want[ns], "namespace %s: container %s host %s, new: %v", ns, c, h, want[ns])
	}
}

// linux_ns_path and delete_only_create_resources: a second container joins the first's
// namespaces by path; deleting it leaves them alone.
func caseNsPath(t *T) {
	a := sleeper(t)
	ida := t.newID("-a")
	if !t.ok(create(t, a, ida) == nil, "create the first container") {
		return
	}
	sta, _ := state(ida)
	b := newBundle(t, "bundle-b").setArgs("sleep", "300")
	for i, ns := range b.g.Config.Linux.Namespaces {
		if ns.Type != rspec.MountNamespace && ns.Type != rspec.PIDNamespace {
			b.g.Config.Linux.Namespaces[i].Path = fmt.Sprintf("/proc/%d/ns/%s", sta.Pid, nsFiles[ns.Type])
		}
	}
	idb := t.newID("-b")
	if !t.ok(create(t, b, idb) == nil, "create the second container with namespace paths") {
		return
	}
	stb, _ := state(idb)
	for _, ns := range []string{"net", "ipc", "uts"} {
		t.ok(nsInode(stb.Pid, ns) == nsInode(sta.Pid, ns), "%s joined by path", ns)
	}
	t.ok(nsInode(stb.Pid, "mnt") != nsInode(sta.Pid, "mnt"), "mnt is new")
	rt("kill", idb, "KILL")
	waitStatus(idb, rspec.StateStopped)
	_, _, err := rt("delete", idb)
	t.ok(err == nil, "delete the second container")
	st, err := state(ida)
	t.ok(err == nil && st.Status == rspec.StateCreated && pidAlive(sta.Pid) && nsInode(sta.Pid, "net") != nsInode(0, "net"),
		"%s: the first container and its namespaces are untouched", sc(specerror.DeleteOnlyCreatedRes, "DeleteOnlyCreatedRes"))
}

func casePidfile(t *T) {
	b := sleeper(t)
	id := t.newID("")
	pidfile := filepath.Join(t.dir, "pidfile")
	if !t.ok(create(t, b, id, "--pid-file", pidfile) == nil, "create --pid-file") {
		return
	}
	st, _ := state(id)
	data, err := os.ReadFile(pidfile)
	t.ok(err == nil && st != nil && strings.TrimSpace(string(data)) == strconv.Itoa(st.Pid),
		"pid file '%s' holds the state's pid", strings.TrimSpace(string(data)))
}

func caseConfigUpdates(t *T) {
	b := sleeper(t)
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	b.setArgs("sh", "-c", "echo changed >>/started; exec sleep 300")
	b.g.SetHostname("changed")
	b.save()
	rt("start", id)
	waitFile(filepath.Join(b.dir, "rootfs/started"))
	time.Sleep(50 * time.Millisecond)
	data, _ := os.ReadFile(filepath.Join(b.dir, "rootfs/started"))
	t.ok(string(data) == "started\n", "%s: the original process.args ran (%q)", sc(specerror.ConfigUpdatesWithoutAffect, "ConfigUpdatesWithoutAffect"), data)
}

func init() {
	register("lifecycle", caseLifecycle)
	register("state", caseState)
	register("create", caseCreate)
	register("start", caseStart)
	register("kill", caseKill)
	register("delete", caseDelete)
	register("linux_ns_itype", caseNsItype)
	register("linux_ns_path", caseNsPath)
	register("pidfile", casePidfile)
	register("config_updates_without_affect", caseConfigUpdates)
	register("spec_validate", caseSpecValidate)
	register("linux_seccomp_errno", caseSeccompErrno)
	register("start_without_process", caseStartWithoutProcess)
	register("state_annotations", caseStateAnnotations)
}

// runOut: "run" the bundle with its own args, for what the process prints.
func runOut(t *T, b *bundle) (string, error) {
	b.save()
	stdout, stderr, err := rt("run", "--bundle", b.dir, t.newID(""))
	if err != nil {
		err = fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr))
	}
	return stdout, err
}

// linux_seccomp_errno: the filter applies to the process (mkdir fails with errnoRet, EPERM),
// and what it does not name still works.
func caseSeccompErrno(t *T) {
	b := newBundle(t, "bundle").setArgs("sh", "-c",
		"mkdir /tmp/blocked 2>/dev/null && echo mkdir-ok || echo mkdir-denied; touch /tmp/file && echo touch-ok")
	eperm := uint(1)
	b.g.Config.Linux.Seccomp = &rspec.LinuxSeccomp{DefaultAction: rspec.ActAllow, Architectures: []rspec.Arch{rspec.ArchX86_64},
		Syscalls: []rspec.LinuxSyscall{{Names: []string{"mkdir", "mkdirat"}, Action: rspec.ActErrno, ErrnoRet: &eperm}}}
	out, err := runOut(t, b)
	t.ok(err == nil, "run (%v)", err)
	t.ok(strings.Contains(out, "mkdir-denied") && strings.Contains(out, "touch-ok"), "mkdir denied, touch allowed: %q", out)
	_, err = os.Stat(filepath.Join(b.dir, "rootfs/tmp/blocked"))
	t.ok(os.IsNotExist(err), "no directory was made")
}

// start_without_process: a config without process is refused at create, or start fails.
func caseStartWithoutProcess(t *T) {
	b := sleeper(t)
	if !control(t, b) {
		return
	}
	b.g.Config.Process = nil
	id := t.newID("")
	if err := create(t, b, id); err != nil {
		t.ok(true, "create refuses a config without process (%v)", err)
		return
	}
	_, _, err := rt("start", id)
	t.ok(err != nil, "%s: start fails", sc(specerror.StartWithProcUnsetGenError, "StartWithProcUnsetGenError"))
}

// state_annotations: the config's annotations are in the state.
func caseStateAnnotations(t *T) {
	b := sleeper(t)
	b.g.AddAnnotation("org.opencontainers.ocitest", "value one")
	b.g.AddAnnotation("com.example.key", "2")
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	st, err := state(id)
	t.ok(err == nil && len(st.Annotations) == 2 && st.Annotations["org.opencontainers.ocitest"] == "value one" &&
		st.Annotations["com.example.key"] == "2", "state annotations %v", st.Annotations)
}

// spec_validate: "RUNTIME spec" output passes runtime-tools' bundle validator and the schema
// (what "oci-runtime-tool validate" does).
func caseSpecValidate(t *T) {
	b := newBundle(t, "bundle")
	cmd := []string{"spec"}
	if strings.HasSuffix(runtimePath, "/crun") {
		cmd = append(cmd, "--bundle", b.dir)
	}
	cwd, _ := os.Getwd()
	if err := os.Chdir(b.dir); err != nil {
		t.failf("chdir: %v", err)
		return
	}
	_, stderr, err := rt(cmd...)
	os.Chdir(cwd)
	data, rerr := os.ReadFile(filepath.Join(b.dir, "config.json"))
	if !t.ok(err == nil && rerr == nil, "spec writes config.json (%s)", strings.TrimSpace(stderr)) {
		return
	}
	serr := validateSchema("config-schema.json", data)
	t.ok(serr == nil, "config.json matches config-schema.json (%v)", serr)
	var spec rspec.Spec
	if !t.ok(json.Unmarshal(data, &spec) == nil, "config.json decodes") {
		return
	}
	verr := validateBundle(&spec, b.dir)
	t.ok(verr == nil, "runtime-tools validate (host-specific): %v", verr)
}
