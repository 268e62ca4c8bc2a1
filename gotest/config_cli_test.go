package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConfigSearchStopsAtRepositoryRoot: a .shipshape.yaml above the
// repository (planted in /tmp) is never used; outside any repository only
// the working directory counts. The settings that would have silenced the
// run (skip everything, failOn: none) do not apply.
func TestConfigSearchStopsAtRepositoryRoot(t *testing.T) {
	outside := t.TempDir()
	planted := "failOn: none\npolicy: [no-such-check-so-nothing-runs]\n"
	require.NoError(t, os.WriteFile(filepath.Join(outside, ".shipshape.yaml"), []byte(planted), 0o644))
	repo := filepath.Join(outside, "repo")
	sub := filepath.Join(repo, "deploy")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "pod.yaml"), []byte(latestPod), 0o644))

	for _, c := range []struct {
		name string
		git  func() // makes repo a repository, or not
	}{
		{"a .git folder", func() { require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755)) }},
		{"a .git file (worktree)", func() {
			require.NoError(t, os.RemoveAll(filepath.Join(repo, ".git")))
			require.NoError(t, os.WriteFile(filepath.Join(repo, ".git"), []byte("gitdir: /elsewhere\n"), 0o644))
		}},
		{"no repository", func() { require.NoError(t, os.RemoveAll(filepath.Join(repo, ".git"))) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.git()
			res := runCLIIn(t, sub, "check", "pod.yaml")
			assert.Equal(t, 1, res.code, "the planted failOn: none is not used: %s", res.stderr)
			assert.NotContains(t, res.stderr, "settings:")
			assert.Contains(t, res.stdout, "image-tag-pinned")
		})
	}
	// In the working directory itself the file is used, and named.
	res := runCLIIn(t, outside, "check", filepath.Join(sub, "pod.yaml"))
	assert.Equal(t, 2, res.code, "the planted file names an unknown check")
	assert.Contains(t, res.stderr, "settings: "+filepath.Join(outside, ".shipshape.yaml"))
}

// TestConfigFileMustBeSmallRegularOneDocument: a settings file that is a
// symlink to /dev/zero, a FIFO, a folder, too large, or two documents is
// refused with an error naming it (exit 2), at once; an unknown output
// format in it names the file, line and key.
func TestConfigFileMustBeSmallRegularOneDocument(t *testing.T) {
	pod := filepath.Join(t.TempDir(), "pod.yaml")
	require.NoError(t, os.WriteFile(pod, []byte(latestPod), 0o644))
	for _, c := range []struct {
		name string
		make func(path string)
		msg  string
	}{
		{"symlink to /dev/zero", func(p string) { require.NoError(t, os.Symlink("/dev/zero", p)) }, "not a regular file (a character device)"},
		{"FIFO", func(p string) { require.NoError(t, syscall.Mkfifo(p, 0o644)) }, "not a regular file (a FIFO)"},
		{"folder", func(p string) { require.NoError(t, os.Mkdir(p, 0o755)) }, "not a regular file (a folder)"},
		{"too large", func(p string) {
			require.NoError(t, os.WriteFile(p, []byte("failOn: warn\n"+strings.Repeat("# pad\n", 20000)), 0o644))
		}, "larger than the limit of 65536 bytes"},
		{"two documents", func(p string) {
			require.NoError(t, os.WriteFile(p, []byte("failOn: warn\n---\nfailOn: none\n"), 0o644))
		}, ".shipshape.yaml:2: a second YAML document"},
		{"unknown output", func(p string) {
			require.NoError(t, os.WriteFile(p, []byte("failOn: warn\noutput: htm\n"), 0o644))
		}, `.shipshape.yaml:2: output: unknown output format "htm"`},
		{"bad failOn", func(p string) {
			require.NoError(t, os.WriteFile(p, []byte("# x\nfailOn: never\n"), 0o644))
		}, `.shipshape.yaml:2: failOn: fail-on "never"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
			c.make(filepath.Join(dir, ".shipshape.yaml"))
			start := time.Now()
			res := runCLIIn(t, dir, "check", pod)
			assert.Less(t, time.Since(start), 30*time.Second, "refused at once")
			assert.Equal(t, 2, res.code, res.stdout+res.stderr)
			assert.Contains(t, res.stderr, filepath.Join(dir, ".shipshape.yaml"))
			assert.Contains(t, res.stderr, c.msg)
		})
	}
}
