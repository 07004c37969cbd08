// SPDX-License-Identifier: GPL-2.0-or-later

// Hooks (config.md#posix-platform-hooks, runtime.md#lifecycle) and the bundle validator.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blang/semver"
	"github.com/hashicorp/go-multierror"
	rspec "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/specerror"
	"github.com/opencontainers/runtime-tools/validate"
)

// hook appends "NAME <state json>" to log: shell builtins only, so it runs in the container too.
func hook(name, log string, exit int) rspec.Hook {
	return rspec.Hook{Path: "/bin/sh", Args: []string{"sh", "-c",
		fmt.Sprintf("read -r s; echo \"%s $s\" >>%s; exit %d", name, log, exit)}}
}

type hookLine struct {
	name  string
	state rspec.State
}

func readHookLog(path string) []hookLine {
	data, _ := os.ReadFile(path)
	var lines []hookLine
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(l, " ", 2)
		if len(parts) != 2 {
			continue
		}
		var hl hookLine
		hl.name = parts[0]
		json.Unmarshal([]byte(parts[1]), &hl.state)
		lines = append(lines, hl)
	}
	return lines
}

func caseHooks(t *T) {
	b := sleeper(t)
	log := filepath.Join(t.dir, "hooks.log")
	h := &rspec.Hooks{
		Prestart:        []rspec.Hook{hook("prestart", log, 0)},
		CreateRuntime:   []rspec.Hook{hook("createRuntime", log, 0)},
		CreateContainer: []rspec.Hook{hook("createContainer", log, 0)},
		StartContainer:  []rspec.Hook{hook("startContainer", "/start.log", 0)},
		Poststart:       []rspec.Hook{hook("poststart", log, 0)},
		Poststop:        []rspec.Hook{hook("poststop", log, 0)},
	}
	b.g.Config.Hooks = h
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	rt("start", id)
	waitStatus(id, rspec.StateRunning)
	rt("kill", id, "KILL")
	waitStatus(id, rspec.StateStopped)
	_, _, err := rt("delete", id)
	t.ok(err == nil, "delete")
	var order []string
	for _, l := range readHookLog(log) {
		order = append(order, l.name)
		t.ok(l.state.ID == id && l.state.Bundle == b.dir, "%s: the hook read the state on stdin (id '%s')", l.name, l.state.ID)
		if l.name != "poststop" {
			t.ok(l.state.Pid > 0, "%s: state pid %d", l.name, l.state.Pid)
		}
	}
	t.ok(strings.Join(order, ",") == "prestart,createRuntime,createContainer,poststart,poststop",
		"%s %s %s: runtime-namespace hooks in order: %v", sc(specerror.PrestartHooksInvoke, "PrestartHooksInvoke"), sc(specerror.PoststartHooksInvoke, "PoststartHooksInvoke"),
		sc(specerror.PoststopHooksInvoke, "PoststopHooksInvoke"), order)
	start := readHookLog(filepath.Join(b.dir, "rootfs/start.log"))
	t.ok(len(start) == 1 && start[0].state.ID == id, "startContainer ran in the container with the state (%v)", start)
}

func caseHookFail(t *T, which string) {
	b := sleeper(t)
	log := filepath.Join(t.dir, "hooks.log")
	h := &rspec.Hooks{Poststop: []rspec.Hook{hook("poststop", log, 0)}}
	switch which {
	case "prestart":
		h.Prestart = []rspec.Hook{hook("prestart", log, 1)}
	case "poststart":
		h.Poststart = []rspec.Hook{hook("poststart", log, 1), hook("poststart2", log, 0)}
	case "poststop":
		h.Poststop = []rspec.Hook{hook("poststop", log, 1), hook("poststop2", log, 0)}
	}
	if which == "prestart" && !control(t, b) {
		return
	}
	b.g.Config.Hooks = h
	id := t.newID("")
	err := create(t, b, id)
	if which == "prestart" {
		t.ok(err != nil, "%s: a failing prestart hook fails create", sc(specerror.PrestartHookFailGenError, "PrestartHookFailGenError"))
		_, serr := state(id)
		t.ok(serr != nil, "%s: no container is left", sc(specerror.PrestartHookFailGenError, "PrestartHookFailGenError"))
		return
	}
	if !t.ok(err == nil, "create (%v)", err) {
		return
	}
	_, stderr, err := rt("start", id)
	if which == "poststart" {
		t.ok(err == nil, "%s: start succeeds when a poststart hook fails (%s)", sc(specerror.PoststartHookFailGenWarn, "PoststartHookFailGenWarn"),
			strings.TrimSpace(stderr))
		st, serr := state(id)
		t.ok(serr == nil && st.Status == rspec.StateRunning, "%s: the container runs on",
			sc(specerror.PoststartHookFailGenWarn, "PoststartHookFailGenWarn"))
	}
	rt("kill", id, "KILL")
	waitStatus(id, rspec.StateStopped)
	_, stderr, err = rt("delete", id)
	t.ok(err == nil, "delete succeeds (%s)", strings.TrimSpace(stderr))
	var names []string
	for _, l := range readHookLog(log) {
		names = append(names, l.name)
	}
	want := map[string]string{"poststart": "poststart,poststart2,poststop", "poststop": "poststop,poststop2"}[which]
	t.ok(strings.Join(names, ",") == want, "%s %s: the remaining hooks ran: %v, want %s", sc(specerror.PoststartHookFailGenWarn, "PoststartHookFailGenWarn"),
		sc(specerror.PoststopHookFailGenWarn, "PoststopHookFailGenWarn"), names, want)
}

// hooks_env: a hook gets its args and env, and nothing else of the runtime's environment.
func caseHooksEnv(t *T) {
	b := sleeper(t)
	log := filepath.Join(t.dir, "env.log")
	b.g.Config.Hooks = &rspec.Hooks{Prestart: []rspec.Hook{{Path: "/bin/sh",
		Args: []string{"sh", "-c", "echo \"$0 HOOKVAR=$HOOKVAR HOME=$HOME\" >" + log, "arg1"},
		Env:  []string{"HOOKVAR=hook value"}}}}
	id := t.newID("")
	if !t.ok(create(t, b, id) == nil, "create") {
		return
	}
	data, _ := os.ReadFile(log)
	t.ok(string(data) == "arg1 HOOKVAR=hook value HOME=\n", "hook args and env: %q", data)
}

// hooks_timeout: a hook past its timeout fails create, and soon.
func caseHooksTimeout(t *T) {
	b := sleeper(t)
	if !control(t, b) {
		return
	}
	timeout := 1
	b.g.Config.Hooks = &rspec.Hooks{Prestart: []rspec.Hook{{Path: "/bin/sh", Args: []string{"sh", "-c", "sleep 8"},
		Timeout: &timeout}}}
	id := t.newID("")
	start := time.Now()
	err := create(t, b, id)
	t.ok(err != nil, "%s: create fails (%v)", sc(specerror.PrestartHookFailGenError, "PrestartHookFailGenError"), err)
	t.ok(time.Since(start) < 6*time.Second, "within the timeout (%.1fs)", time.Since(start).Seconds())
	_, serr := state(id)
	t.ok(serr != nil, "no container is left")
}

func init() {
	register("hooks_env", caseHooksEnv)
	register("hooks_timeout", caseHooksTimeout)
	register("hooks", caseHooks)
	register("prestart_fail", func(t *T) { caseHookFail(t, "prestart") })
	register("poststart_fail", func(t *T) { caseHookFail(t, "poststart") })
	register("poststop_fail", func(t *T) { caseHookFail(t, "poststop") })
}

// validateBundle: runtime-tools' validator, every check but CheckJSONSchema (which downloads
// the schema; validateSchema uses Debian's copy instead) and CheckSemVer (which accepts only
// the spec version the library was built for, 1.0.2-dev: the version is checked as semver).
func validateBundle(spec *rspec.Spec, dir string) error {
	v, err := validate.NewValidator(spec, dir, true, "linux")
	if err != nil {
		return err
	}
	var errs []string
	if _, err := semver.Parse(spec.Version); err != nil || !strings.HasPrefix(spec.Version, "1.") {
		errs = append(errs, fmt.Sprintf("ociVersion '%s' is no 1.x semver (%v)", spec.Version, err))
	}
	for _, check := range []func() error{v.CheckMandatoryFields, v.CheckRoot, v.CheckPlatform,
		v.CheckHooks, v.CheckProcess, v.CheckMounts, v.CheckLinux, v.CheckAnnotations} {
		err := check()
		if me, ok := err.(*multierror.Error); ok {
			err = me.ErrorOrNil()
		}
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}
