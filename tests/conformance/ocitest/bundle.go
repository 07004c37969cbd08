// SPDX-License-Identifier: GPL-2.0-or-later

// Bundles: runtime-tools' default Linux config (generate.New) over a copy of the busybox rootfs,
// with this binary and the final config.json copied in for the "inside" checks.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/generate"
)

type bundle struct {
	dir string
	g   *generate.Generator
}

// newBundle: t.dir/name with rootfs/ (busybox, /ocitest) and the runtime-tools default config
// running "/ocitest inside".
func newBundle(t *T, name string) *bundle {
	dir := filepath.Join(t.dir, name)
	os.MkdirAll(dir, 0o755)
	if out, err := exec.Command("cp", "-a", rootfsDir, filepath.Join(dir, "rootfs")).CombinedOutput(); err != nil {
		panic(fmt.Sprintf("copy rootfs: %v: %s", err, out))
	}
	if out, err := exec.Command("cp", selfPath, filepath.Join(dir, "rootfs", "ocitest")).CombinedOutput(); err != nil {
		panic(fmt.Sprintf("copy ocitest: %v: %s", err, out))
	}
	g, err := generate.New("linux")
	if err != nil {
		panic(err)
	}
	// Go (1.19+) raises its soft RLIMIT_NOFILE at start-up: the shell records the one the
	// runtime set before the checker runs.
	g.SetProcessArgs([]string{"sh", "-c", "export OCITEST_NOFILE_SOFT=$(ulimit -Sn); exec /ocitest inside"})
	return &bundle{dir, &g}
}

// save writes config.json, and a copy inside the rootfs for "ocitest inside".
func (b *bundle) save() {
	data, err := json.MarshalIndent(b.g.Config, "", "\t")
	if err != nil {
		panic(err)
	}
	for _, p := range []string{filepath.Join(b.dir, "config.json"), filepath.Join(b.dir, "rootfs", "config.json")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			panic(err)
		}
	}
}

func (b *bundle) setArgs(args ...string) *bundle {
	b.g.SetProcessArgs(args)
	return b
}

// newID registers a container id for cleanup (delete --force) when the case ends.
func (t *T) newID(suffix string) string {
	id := "ocitest-" + strings.ReplaceAll(t.name, "_", "-") + suffix
	t.ids = append(t.ids, id)
	return id
}

// runInside runs the bundle with "rt run" and folds the container's TAP into the case.
func runInside(t *T, b *bundle) {
	b.save()
	id := t.newID("")
	stdout, stderr, err := rt("run", "--bundle", b.dir, id)
	n := 0
	for _, line := range strings.Split(stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "ok "):
			n++
			t.ok(true, "%s", strings.SplitN(line, " - ", 2)[1])
		case strings.HasPrefix(line, "not ok "):
			n++
			t.failf("%s", strings.SplitN(line, " - ", 2)[1])
		}
	}
	t.ok(err == nil, "run exits 0 (%v) %s", err, strings.TrimSpace(stderr))
	t.ok(n > 0, "the container reported %d assertions", n)
}

// state runs "state ID" and decodes it.
func state(id string) (*rspec.State, error) {
	stdout, stderr, err := rt("state", id)
	if err != nil {
		return nil, fmt.Errorf("state '%s': %v: %s", id, err, strings.TrimSpace(stderr))
	}
	var st rspec.State
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		return nil, fmt.Errorf("state '%s': %v", id, err)
	}
	return &st, nil
}

// waitStatus polls state until it reports want (or 5 s pass).
func waitStatus(id string, want rspec.ContainerState) (*rspec.State, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := state(id)
		if err == nil && st.Status == want {
			return st, nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("status '%s', want '%s'", st.Status, want)
			}
			return st, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func pidAlive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// state field after "(comm) "; a zombie is not running
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && i+2 < len(s) && s[i+2] != 'Z'
}

// create: "create --bundle DIR ID" for a bundle whose process waits (sleep) so the case can
// drive the lifecycle.
func create(t *T, b *bundle, id string, extra ...string) error {
	b.save()
	args := append([]string{"create", "--bundle", b.dir}, extra...)
	_, stderr, err := rt(append(args, id)...)
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr))
	}
	return nil
}

func mkdirAll(dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
}

func writeFile(path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		panic(err)
	}
}

// chownTree gives the rootfs to the container's root in a user namespace.
func chownTree(b *bundle, id int) {
	if out, err := exec.Command("chown", "-R", "-h", fmt.Sprintf("%d:%d", id, id), b.dir).CombinedOutput(); err != nil {
		panic(fmt.Sprintf("chown: %v: %s", err, out))
	}
}

// control: the bundle as it is creates a container (so a refusal that follows is the
// property's doing, not a runtime that refuses everything); the container is deleted again.
func control(t *T, b *bundle) bool {
	id := t.newID("-control")
	err := create(t, b, id)
	st, serr := state(id)
	ok := t.ok(err == nil && serr == nil && st.Status == rspec.StateCreated,
		"control: without the property the bundle creates a container (%v)", err)
	rt("delete", "--force", id)
	return ok
}
