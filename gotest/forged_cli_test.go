package gotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/safe/safetest"
)

// yamlQuote is s as a YAML double-quoted scalar (JSON's quoting is valid
// YAML for every string but those with invalid UTF-8, left out here).
func yamlQuote(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

// TestCheckOutputCannotBeForged: manifests whose names, namespaces, image,
// exemption reasons, file names and parse errors carry the hostile
// strings, checked in every output format: neither stdout nor stderr holds
// a workflow command, a control character or live Markdown.
func TestCheckOutputCannotBeForged(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, h := range safetest.Hostile {
		if !strings.Contains(h, "\xff") && !strings.Contains(h, "\x00") {
			q := yamlQuote(t, h)
			doc := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + q + "\n  namespace: " + q +
				"\n  annotations:\n    shipshape.dev/exempt.image-tag-pinned: " + q +
				"\nspec:\n  containers:\n  - name: " + q + "\n    image: " + yamlQuote(t, "nginx:latest"+h) + "\n"
			name := filepath.Join(dir, strings.ReplaceAll(h, "/", "_")[:min(40, len(h))]+".yaml")
			if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
				name = filepath.Join(dir, "doc"+string(rune('a'+i))+".yaml")
				require.NoError(t, os.WriteFile(name, []byte(doc), 0o644))
			}
			files = append(files, name)
		}
		// A note that quotes the input: a key written twice.
		broken := filepath.Join(dir, "broken"+string(rune('a'+i))+".yaml")
		key := yamlQuote(t, "k"+strings.ToValidUTF8(strings.ReplaceAll(h, "\x00", ""), "?"))
		require.NoError(t, os.WriteFile(broken, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  "+key+": a\n  "+key+": b\n"), 0o644))
	}
	require.NotEmpty(t, files)
	for _, format := range []string{"text", "json", "junit", "sarif", "github", "markdown"} {
		res := runCLI(t, "", "check", "--no-config", "-o", format, dir)
		assert.Contains(t, []int{1, 2}, res.code, res.stderr)
		assert.Empty(t, safetest.Inert(format, []byte(res.stdout)), "%s stdout:\n%s", format, res.stdout)
		assert.Empty(t, safetest.Inert("text", []byte(res.stderr)), "%s stderr:\n%s", format, res.stderr)
		assert.NotEmpty(t, res.stdout)
	}
	// The text report still names what it found, made visible.
	text := runCLI(t, "", "check", "--no-config", files[0])
	assert.Contains(t, text.stdout, `a\n::error file=x.yaml,line=1::forged`)

	// Errors on stderr carry input too: an unknown check ID, a missing file.
	for _, args := range [][]string{
		{"explain", "x\n::error::forged\x1b[2J"},
		{"check", "--no-config", filepath.Join(dir, "missing\n::error::forged\u202e.yaml")},
		{"check", "--no-config", "--policy", "x\n::error::forged", files[0]},
	} {
		res := runCLI(t, "", args...)
		assert.NotZero(t, res.code)
		assert.NotEmpty(t, res.stdout+res.stderr)
		assert.Empty(t, safetest.Inert("text", []byte(res.stdout)), "%q stdout:\n%s", args, res.stdout)
		assert.Empty(t, safetest.Inert("text", []byte(res.stderr)), "%q stderr:\n%s", args, res.stderr)
	}
}

// TestCapacityOutputCannotBeForged: workload names and namespaces in the
// capacity report, text and JSON.
func TestCapacityOutputCannotBeForged(t *testing.T) {
	var docs []string
	for _, h := range safetest.Hostile {
		if strings.Contains(h, "\xff") {
			continue
		}
		q := yamlQuote(t, h)
		docs = append(docs, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "+q+"\n  namespace: "+q+
			"\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx:1\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n")
	}
	plan, err := os.ReadFile(filepath.Join(RepoRoot(), "examples/cluster/plan.yaml"))
	require.NoError(t, err)
	stdin := strings.Join(docs, "---\n") + "---\n" + string(plan)
	for _, format := range []string{"text", "json"} {
		res := runCLI(t, stdin, "capacity", "-o", format, "-")
		assert.Contains(t, res.stdout, "forged", "%s: the workloads are listed", format)
		assert.Empty(t, safetest.Inert(format, []byte(res.stdout)), "%s:\n%s", format, res.stdout)
		assert.Empty(t, safetest.Inert("text", []byte(res.stderr)), res.stderr)
	}
}
