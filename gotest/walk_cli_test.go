package gotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLIUnprivileged runs the CLI in dir as a user file modes apply to:
// as root (CI containers) it runs as nobody, so that a folder with mode
// 000 really cannot be read. The folders on the way must let nobody in.
func runCLIUnprivileged(t *testing.T, dir string, args ...string) cliResult {
	bin := shipshapeBin(t)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		for _, d := range []string{filepath.Dir(bin), dir, filepath.Dir(dir)} {
			require.NoError(t, os.Chmod(d, 0o755))
		}
	}
	return runCmd(t, cmd)
}

// TestFolderWalkReadsOnlyRegularFiles: a FIFO, a socket and a symlink to
// /dev/zero named like manifests in a folder are skipped with a note, at
// once (a FIFO used to hang the run), and the manifests around them are
// checked. A FIFO given by name (process substitution) is still read.
func TestFolderWalkReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(badPodYAML("before")), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "z.yaml"), []byte(badPodYAML("after")), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")))
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer syscall.Close(fd)
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrUnix{Name: filepath.Join(dir, "sock.yaml")}))

	start := time.Now()
	res := runCLI(t, "", "check", "--no-config", "-o", "json", dir)
	assert.Less(t, time.Since(start), time.Minute)
	assert.Equal(t, 1, res.code, "findings, no input errors: %s", res.stderr)
	r := parseReport(t, res.stdout)
	assert.Empty(t, r.Errors)
	names := map[string]bool{}
	for _, f := range r.Findings {
		names[f.Name] = true
	}
	assert.True(t, names["before"] && names["after"], "both manifests checked: %v", names)
	var notes struct {
		Notes []struct{ File, Message string }
	}
	require.NoError(t, jsonUnmarshal(res.stdout, &notes))
	got := map[string]string{}
	for _, n := range notes.Notes {
		got[filepath.Base(n.File)] = n.Message
	}
	assert.Equal(t, map[string]string{
		"fifo.yaml": "skipped: a FIFO, not a regular file",
		"sock.yaml": "skipped: a socket, not a regular file",
		"zero.yaml": "skipped: a character device, not a regular file",
	}, got)
	text := runCLI(t, "", "check", "--no-config", dir)
	assert.Contains(t, text.stdout, "note: "+filepath.Join(dir, "fifo.yaml")+": skipped: a FIFO, not a regular file")

	// By name, a FIFO is read: what `check <(helm template ...)` gives.
	fifo := filepath.Join(dir, "fifo.yaml")
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			f.WriteString(badPodYAML("piped"))
			f.Close()
		}
	}()
	res = runCLI(t, "", "check", "--no-config", "-o", "json", fifo)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"name": "piped"`)
}

// TestUnreadableSubfolderIsItsOwnError: a folder that cannot be listed is
// one error, for it; every other file of the walk is still checked.
func TestUnreadableSubfolderIsItsOwnError(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"a", "locked", "z"} {
		require.NoError(t, os.Mkdir(filepath.Join(dir, sub), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, sub, "pod.yaml"), []byte(badPodYAML(sub)), 0o644))
	}
	require.NoError(t, os.Chmod(filepath.Join(dir, "locked"), 0))
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })

	res := runCLIUnprivileged(t, dir, "check", "--no-config", "-o", "json", ".")
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 1, res.stdout)
	assert.Equal(t, "locked", r.Errors[0].File)
	assert.Contains(t, r.Errors[0].Message, "permission denied")
	names := map[string]bool{}
	for _, f := range r.Findings {
		names[f.Name] = true
	}
	assert.Equal(t, map[string]bool{"a": true, "z": true}, names, "the readable folders are checked")
}
