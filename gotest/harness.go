// Package gotest is shipshape's Go test harness: it runs every policy's
// fixtures through the embedded evaluator, through Gatekeeper's own engine
// and through gator's verify runner, and checks the repository's
// generated files, Rego style and CLI.
package gotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
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
