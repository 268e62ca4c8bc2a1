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

// unreachableKubeconfig names a cluster nothing listens at: an audit
// with it gets as far as its first request, after its settings are read.
const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: none, context: {cluster: none, user: u}}]
current-context: none
`

// TestAuditReadsSettings: shipshape audit reads .shipshape.yaml as check
// does (found up to the repository root, --config, --no-config, flags
// over the file, the file named on stderr), before it connects: the
// file's policy and skip reach the run (an unknown ID is refused), a bad
// failOn names its line, output may be openreports (which check refuses),
// and its namespace, which means nothing to an audit, is a note.
func TestAuditReadsSettings(t *testing.T) {
	outside := t.TempDir()
	repo := filepath.Join(outside, "repo")
	sub := filepath.Join(repo, "deploy")
	require.NoError(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o755))
	require.NoError(t, os.MkdirAll(sub, 0o755))
	kc := filepath.Join(outside, "kubeconfig")
	require.NoError(t, os.WriteFile(kc, []byte(unreachableKubeconfig), 0o600))
	settings := filepath.Join(repo, ".shipshape.yaml")
	other := filepath.Join(outside, "other.yaml")
	require.NoError(t, os.WriteFile(other, []byte("skip: [other-unknown-check]\n"), 0o644))
	const unreachable = "127.0.0.1:1"

	for _, c := range []struct {
		name     string
		file     string // content of the repository's .shipshape.yaml
		args     []string
		settings string   // the file named on stderr; "" for none
		want     []string // on stderr
		not      []string
	}{
		{"policy from the file", "policy: [no-such-check]\n", nil, settings,
			[]string{`unknown check ID "no-such-check"`}, []string{unreachable}},
		{"skip from the file", "skip: [no-such-check]\n", nil, settings,
			[]string{`unknown check ID "no-such-check"`}, []string{unreachable}},
		{"the flag wins", "policy: [no-such-check]\n", []string{"--policy", "image-tag-pinned"}, settings,
			[]string{unreachable}, []string{"no-such-check"}},
		{"--no-config", "policy: [no-such-check]\n", []string{"--no-config"}, "",
			[]string{unreachable}, []string{"no-such-check"}},
		{"--config", "policy: [no-such-check]\n", []string{"--config", other}, other,
			[]string{`unknown check ID "other-unknown-check"`}, []string{"no-such-check", unreachable}},
		{"bad failOn", "# pinned\nfailOn: never\n", nil, "",
			[]string{settings + `:2: failOn: fail-on "never"`}, []string{unreachable}},
		{"output openreports", "output: openreports\n", nil, settings,
			[]string{unreachable}, []string{"unknown output format"}},
		{"namespace is a note", "namespace: shop\nfailOn: warn\n", nil, settings,
			[]string{settings + ":1: namespace: not used by audit", unreachable}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(settings, []byte(c.file), 0o644))
			res := runCLIIn(t, sub, append([]string{"audit", "--kubeconfig", kc, "--progress", "never"}, c.args...)...)
			assert.Equal(t, 2, res.code, res.stderr)
			if c.settings != "" {
				assert.Contains(t, res.stderr, "settings: "+c.settings+"\n")
			} else {
				assert.NotContains(t, res.stderr, "settings:")
			}
			for _, w := range c.want {
				assert.Contains(t, res.stderr, w)
			}
			for _, n := range c.not {
				assert.NotContains(t, res.stderr, n)
			}
		})
	}

	// The same file means the same to check: openreports is audit's own.
	require.NoError(t, os.WriteFile(settings, []byte("output: openreports\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "pod.yaml"), []byte(latestPod), 0o644))
	res := runCLIIn(t, sub, "check", "pod.yaml")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, settings+`:1: output: unknown output format "openreports"`)

	// A file above the repository root is not used by audit either.
	require.NoError(t, os.Remove(settings))
	require.NoError(t, os.WriteFile(filepath.Join(outside, ".shipshape.yaml"), []byte("policy: [no-such-check]\n"), 0o644))
	res = runCLIIn(t, sub, "audit", "--kubeconfig", kc, "--progress", "never")
	assert.Equal(t, 2, res.code)
	assert.NotContains(t, res.stderr, "settings:")
	assert.Contains(t, res.stderr, unreachable)
}
