package gotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// imageFieldLines lists, for the image-tag-pinned findings of a JSON
// report, the document line and field line of each.
func imageFieldLines(t *testing.T, stdout string) [][2]int {
	var r struct {
		Findings []struct {
			Policy          string
			Line, FieldLine int
		}
	}
	require.NoError(t, jsonUnmarshal(stdout, &r), stdout)
	var out [][2]int
	for _, f := range r.Findings {
		if f.Policy == "image-tag-pinned" {
			out = append(out, [2]int{f.Line, f.FieldLine})
		}
	}
	return out
}

// TestFieldLinesAfterBrokenDocument: a document after a broken one in the
// same file keeps the line of the field its finding names, with the whole
// catalog (which keeps documents and finds field lines by parsing again)
// and with one policy (which streams).
func TestFieldLinesAfterBrokenDocument(t *testing.T) {
	dir := t.TempDir()
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: after\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n"
	for _, c := range []struct {
		name, broken string
		docLine      int // the Pod's first key
	}{
		{"mapping", "a: b\n c: d\n", 4},
		{"tab", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n", 6},
		{"unclosed", "a: [1, 2\n", 3},
		{"anchor", "a: *nope\n", 3},
		{"utf8", "a: \"\xc3\x28\"\n", 3},
	} {
		file := filepath.Join(dir, c.name+".yaml")
		require.NoError(t, os.WriteFile(file, []byte(c.broken+"---\n"+pod), 0o644))
		for _, args := range [][]string{{}, {"--policy", "image-tag-pinned"}} {
			res := runCLI(t, "", append([]string{"check", "--no-config", "-o", "json", file}, args...)...)
			assert.Equal(t, 2, res.code, res.stderr)
			assert.Equal(t, [][2]int{{c.docLine, c.docLine + 7}}, imageFieldLines(t, res.stdout), "%s %v", c.name, args)
		}
	}
}

// TestFieldLinesOfProcessSubstitution: check <(...) names a pipe, which
// cannot be read a second time: its content is kept, so field lines are
// found (they were all 0).
func TestFieldLinesOfProcessSubstitution(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash for process substitution")
	}
	bin := shipshapeBin(t)
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n"
	for _, args := range []string{"", "--policy image-tag-pinned"} {
		cmd := exec.Command(bash, "-c", bin+" check --no-config -o json "+args+" <(printf '%s' \"$POD\")")
		cmd.Env = append(os.Environ(), "POD="+pod)
		out, _ := cmd.Output()
		assert.Equal(t, [][2]int{{1, 8}}, imageFieldLines(t, string(out)), "args %q", args)
		assert.True(t, strings.Contains(string(out), "/dev/fd/"), "the file is the pipe")
	}
}
