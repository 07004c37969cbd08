// SPDX-License-Identifier: GPL-2.0-or-later

// ocitest: OCI runtime conformance cases in the style of runtime-tools' validation/ programs,
// built on the runtime-tools library that Debian ships (generate, validate, cgroups,
// specerror). Debian's golang-github-opencontainers-runtime-tools-dev has no validation/ and
// no cmd/runtimetest, so the cases here are our own; each is named after the upstream
// validation program it corresponds to, and its assertions cite runtime-tools' specerror codes.
//
//	ocitest [-runtime PATH] -rootfs DIR [-workdir DIR] [-xfail FILE] [-list] [CASE...]
//
// RUNTIME (env) is the runtime under test, as upstream. One TAP line per case; a case's
// individual assertions follow as "#" diagnostics. A case named in the xfail file (lines
// "NAME<TAB>reason") is reported with "# TODO reason": automake's TAP driver counts it as
// XFAIL when it fails and as XPASS (an error) when it passes.
//
// Run as "ocitest inside" in a container, it checks what the container sees against
// /config.json (what upstream's runtimetest does) and prints TAP.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/specerror"
)

// A case returns nil when every assertion held; fails lists what did not.
type testCase struct {
	name string
	run  func(t *T)
}

// T collects the assertions of one case.
type T struct {
	name  string
	diags []string
	fails int
	dir   string // private directory of this case (bundles, hook outputs)
	ids   []string
	undo  []func() // run in reverse after the containers are deleted
}

func (t *T) ok(cond bool, format string, args ...interface{}) bool {
	// one TAP diagnostic line per assertion, whatever the messages hold
	msg := strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " ")
	if cond {
		t.diags = append(t.diags, "ok - "+msg)
	} else {
		t.diags = append(t.diags, "not ok - "+msg)
		t.fails++
	}
	return cond
}

func (t *T) failf(format string, args ...interface{}) {
	t.ok(false, format, args...)
}

func (t *T) logf(format string, args ...interface{}) {
	t.diags = append(t.diags, strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " "))
}

var (
	runtimePath string
	rootfsDir   string
	workDir     string
	selfPath    string
	rootDir     string // --root of the runtime under test: private per run
)

var cases []testCase

func register(name string, run func(t *T)) {
	cases = append(cases, testCase{name, run})
}

// rt runs the runtime with a private --root; it returns stdout, stderr and the error.
func rt(args ...string) (string, string, error) {
	return rtIn(nil, args...)
}

func rtIn(stdin []byte, args ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, runtimePath, append([]string{"--root", rootDir}, args...)...)
	// Files, not pipes: a created container keeps its stdio open, and exec would wait for it.
	outf, err := os.CreateTemp(workDir, "out.")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(outf.Name())
	defer outf.Close()
	errf, err := os.CreateTemp(workDir, "err.")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(errf.Name())
	defer errf.Close()
	cmd.Stdout = outf
	cmd.Stderr = errf
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out: %s %s", runtimePath, strings.Join(args, " "))
	}
	stdout, _ := os.ReadFile(outf.Name())
	stderr, _ := os.ReadFile(errf.Name())
	return string(stdout), string(stderr), err
}

func readXfail(path string) (map[string]string, error) {
	xfail := map[string]string{}
	if path == "" {
		return xfail, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 2)
		if len(parts) != 2 || strings.TrimSpace(parts[1]) == "" {
			return nil, fmt.Errorf("%s: '%s': expected NAME<TAB>reason", path, line)
		}
		xfail[parts[0]] = strings.TrimSpace(parts[1])
	}
	return xfail, sc.Err()
}

func runCase(c testCase) (t *T) {
	t = &T{name: c.name, dir: filepath.Join(workDir, c.name)}
	defer func() {
		if r := recover(); r != nil {
			t.failf("panic: %v", r)
		}
		for _, id := range t.ids {
			rt("delete", "--force", id)
		}
		for i := len(t.undo) - 1; i >= 0; i-- {
			t.undo[i]()
		}
	}()
	os.RemoveAll(t.dir)
	if err := os.MkdirAll(t.dir, 0o755); err != nil {
		t.failf("mkdir '%s': %v", t.dir, err)
		return t
	}
	c.run(t)
	return t
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "inside" {
		os.Exit(inside())
	}
	flag.StringVar(&runtimePath, "runtime", os.Getenv("RUNTIME"), "runtime under test (default $RUNTIME)")
	flag.StringVar(&rootfsDir, "rootfs", "", "busybox rootfs to copy into each bundle")
	flag.StringVar(&workDir, "workdir", "", "scratch directory (default: a new one under $TMPDIR)")
	xfailPath := flag.String("xfail", "", "expected failures: lines NAME<TAB>reason")
	list := flag.Bool("list", false, "list the cases and exit")
	flag.Parse()

	sort.SliceStable(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	if *list {
		for _, c := range cases {
			fmt.Println(c.name)
		}
		return
	}
	bail := func(format string, args ...interface{}) {
		fmt.Printf("1..1\nBail out! "+format+"\n", args...)
		os.Exit(1)
	}
	xfail, err := readXfail(*xfailPath)
	if err != nil {
		bail("%v", err)
	}
	if runtimePath == "" || rootfsDir == "" {
		bail("usage: RUNTIME=PATH ocitest -rootfs DIR [-workdir DIR] [-xfail FILE] [CASE...]")
	}
	if runtimePath, err = exec.LookPath(runtimePath); err != nil {
		bail("runtime: %v", err)
	}
	runtimePath, _ = filepath.Abs(runtimePath)
	if selfPath, err = os.Executable(); err != nil {
		bail("%v", err)
	}
	if workDir == "" {
		if workDir, err = os.MkdirTemp("", "ocitest."); err != nil {
			bail("%v", err)
		}
		defer os.RemoveAll(workDir)
	}
	// a container root in a user namespace must be able to reach its bundle
	os.MkdirAll(workDir, 0o755)
	os.Chmod(workDir, 0o755)
	rootfsDir, _ = filepath.Abs(rootfsDir)
	rootDir = filepath.Join(workDir, "state")
	os.MkdirAll(rootDir, 0o700)

	selected := cases
	if args := flag.Args(); len(args) > 0 {
		byName := map[string]testCase{}
		for _, c := range cases {
			byName[c.name] = c
		}
		selected = nil
		for _, a := range args {
			c, found := byName[a]
			if !found {
				bail("no case '%s' (see -list)", a)
			}
			selected = append(selected, c)
		}
	}
	for name := range xfail {
		found := false
		for _, c := range cases {
			found = found || c.name == name
		}
		if !found {
			bail("%s names no case: '%s'", *xfailPath, name)
		}
	}

	fmt.Printf("1..%d\n", len(selected))
	fmt.Printf("# runtime: %s\n", runtimePath)
	failed := 0
	for i, c := range selected {
		start := time.Now()
		t := runCase(c)
		for _, d := range t.diags {
			fmt.Printf("#   %s\n", d)
		}
		status := "ok"
		if t.fails > 0 || len(t.diags) == 0 {
			status = "not ok"
			if len(t.diags) == 0 {
				fmt.Printf("#   not ok - the case asserted nothing\n")
			}
		}
		directive := ""
		if reason, found := xfail[c.name]; found {
			directive = " # TODO " + reason
		} else if status != "ok" {
			failed++
		}
		fmt.Printf("%s %d - %s (%.1fs)%s\n", status, i+1, c.name, time.Since(start).Seconds(), directive)
	}
	removeCgroupParents()
	if failed > 0 {
		os.Exit(1)
	}
}

// removeCgroupParents: the runtime removes each container's cgroup, not the "ocitest" and
// "ocitest-rel" parents the cases put them under (absolute, or relative to our own cgroup).
func removeCgroupParents() {
	var dirs []string
	for _, name := range []string{"ocitest", "ocitest-rel"} {
		m, _ := filepath.Glob("/sys/fs/cgroup/*/" + name)
		dirs = append(dirs, m...)
		m, _ = filepath.Glob("/sys/fs/cgroup/" + name)
		dirs = append(dirs, m...)
	}
	data, _ := os.ReadFile("/proc/self/cgroup")
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if f := strings.SplitN(line, ":", 3); len(f) == 3 && f[2] != "/" {
			m, _ := filepath.Glob("/sys/fs/cgroup/*" + f[2] + "/ocitest-rel")
			dirs = append(dirs, m...)
		}
	}
	for _, d := range dirs {
		if err := os.Remove(d); err != nil && !os.IsNotExist(err) {
			fmt.Printf("# cgroup left behind: %v\n", err)
		}
	}
}

// sc names a runtime-tools spec assertion: "CreateWithUniqueID [MUST runtime.md#create]".
func sc(code specerror.Code, name string) string {
	e, err := specerror.NewRFCError(code, nil, rspec.Version)
	if err != nil {
		return name
	}
	ref := e.Reference
	if i := strings.LastIndex(ref, "/"); i >= 0 {
		ref = ref[i+1:]
	}
	return fmt.Sprintf("%s [%s %s]", name, e.Level, ref)
}
