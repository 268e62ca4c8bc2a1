package gotest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree writes files (path relative to a new temporary folder: content)
// and returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

const pinnedPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27.0
`

// A run that judges nothing says so and exits 2; one that judges
// something is unchanged. Dot-directories are skipped inside a folder,
// named in the message, and read when named.
func TestNothingCheckedIsNotSilent(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"hidden/.k8s/pod.yaml": pinnedPod,
		"unknown/crd.yaml":     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
		"mixed/pod.yaml":       pinnedPod,
		"mixed/crd.yaml":       "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
	})
	tests := []struct {
		name     string
		arg      string
		code     int
		stderr   string
		stdout   string
		notInOut string
	}{
		{"only dot-directories", "hidden", 2, "nothing was checked: no YAML, JSON or Dockerfile was found in the inputs; 1 dot-directories were skipped (hidden/.k8s): name one as an argument", "nothing was checked:", ""},
		{"dot-directory named", "hidden/.k8s", -1, "", "", "nothing was checked"},
		{"only unknown kinds", "unknown", 2, "nothing was checked: the 1 documents are all of kinds no policy applies to (example.com/v1/Widget)", "nothing was checked:", ""},
		{"some checked", "mixed", -1, "", "", "nothing was checked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLIIn(t, dir, "check", "--policy", "image-tag-pinned", "--policy", "no-default-namespace", tt.arg)
			if tt.code >= 0 {
				assert.Equal(t, tt.code, res.code, res.stdout+res.stderr)
			} else {
				assert.NotEqual(t, 2, res.code, res.stdout+res.stderr)
			}
			assert.Contains(t, res.stderr, tt.stderr)
			assert.Contains(t, res.stdout, tt.stdout)
			if tt.notInOut != "" {
				assert.NotContains(t, res.stdout+res.stderr, tt.notInOut)
			}
		})
	}
	help := runCLI(t, "", "check", "--help")
	assert.Contains(t, help.stdout, "directories whose name starts with\na dot (.git, .github, .terraform, ...) are skipped; name one as an\nargument to check it")
}
