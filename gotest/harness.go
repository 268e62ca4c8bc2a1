// Package gotest is shipshape's Go test harness: it runs every policy's
// fixtures through the embedded evaluator, through Gatekeeper's own engine
// and through gator's verify runner, and checks the repository's
// generated files, Rego style and CLI.
package gotest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// RepoRoot is the repository's top folder.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// PoliciesFS is the policies folder on disk (what the binary embeds).
func PoliciesDir() string { return filepath.Join(RepoRoot(), "policies") }

// Exists reports whether a path exists.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

type builtBinary struct {
	once sync.Once
	path string
	err  error
}

var binaries sync.Map // package path → *builtBinary

// Binary builds a command of this module (./cmd/shipshape) once per test
// run and returns its path. Peer tools come from PeerTool.
func Binary(pkg string) (string, error) {
	v, _ := binaries.LoadOrStore(pkg, &builtBinary{})
	b := v.(*builtBinary)
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "shipshape-tools")
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, filepath.Base(pkg))
		cmd := exec.Command("go", "build", "-o", b.path, pkg)
		cmd.Dir = RepoRoot()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
	})
	return b.path, b.err
}

var peers sync.Map // tool name → *builtBinary

// PeerTool returns the path of a peer tool (opa, conftest, gator) that
// tools/build builds once per machine from its own module, outside the
// product's; `make test` builds them before the tests start, so no test
// spends its time compiling one.
func PeerTool(name string) (string, error) {
	v, _ := peers.LoadOrStore(name, &builtBinary{})
	b := v.(*builtBinary)
	b.once.Do(func() {
		cmd := exec.Command(filepath.Join(RepoRoot(), "tools", "build"), name)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.err = fmt.Errorf("tools/build %s: %w\n%s", name, err, stderr.String())
			return
		}
		b.path = strings.TrimSpace(string(out))
	})
	return b.path, b.err
}
