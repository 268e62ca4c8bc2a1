package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pinned is one image-tag-pinned finding as the JSON report gives it.
type pinned struct {
	File, Source, Namespace, Name string
	Line, FieldLine               int
}

// checkPinned runs `check --policy image-tag-pinned -o json` and returns its
// findings in a comparable shape.
func checkPinned(t *testing.T, stdin string, args ...string) []pinned {
	t.Helper()
	res := runCLI(t, stdin, append([]string{"check", "--policy", "image-tag-pinned", "-o", "json"}, args...)...)
	require.Contains(t, []int{0, 1}, res.code, res.stdout+res.stderr)
	var r struct {
		Findings []struct {
			pinned
			Field string `json:"-"`
		}
		Errors []any
	}
	require.NoError(t, jsonUnmarshal(res.stdout, &r))
	require.Empty(t, r.Errors)
	var out []pinned
	for _, f := range r.Findings {
		out = append(out, f.pinned)
	}
	return out
}

func readInput(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "gotest/testdata/inputs", name))
	require.NoError(t, err)
	return string(b)
}

// `helm template … | shipshape check -`: each finding names the template
// it was rendered from and the line of the field in the stream.
func TestInputHelmTemplateOnStdin(t *testing.T) {
	got := checkPinned(t, readInput(t, "helm-template.yaml"), "-")
	assert.Equal(t, []pinned{
		{File: "<stdin>", Source: "shop/templates/deployment.yaml", Namespace: "default", Name: "release-name-shop", Line: 23, FieldLine: 42},
		{File: "<stdin>", Source: "shop/templates/tests/test-connection.yaml", Namespace: "default", Name: "release-name-shop-test-connection", Line: 60, FieldLine: 69},
	}, got)
	text := runCLI(t, readInput(t, "helm-template.yaml"), "check", "--policy", "image-tag-pinned", "-")
	assert.Contains(t, text.stdout, "<stdin> (shop/templates/deployment.yaml)\n  <stdin>:42  deny")
}

// `kustomize build … | shipshape check -`: plain multi-document YAML with
// namespaces set by the overlay.
func TestInputKustomizeBuildOnStdin(t *testing.T) {
	got := checkPinned(t, readInput(t, "kustomize-build.yaml"), "-")
	assert.Equal(t, []pinned{{File: "<stdin>", Namespace: "shop-prod", Name: "prod-web", Line: 16, FieldLine: 37}}, got)
}

func TestInputKindList(t *testing.T) {
	got := checkPinned(t, "", "gotest/testdata/inputs/list.yaml")
	assert.Equal(t, []pinned{{File: "gotest/testdata/inputs/list.yaml", Namespace: "team-a", Name: "second", Line: 6 + 9, FieldLine: 23}}, got)
}

func TestInputJSONArray(t *testing.T) {
	got := checkPinned(t, "", "gotest/testdata/inputs/array.json")
	assert.Equal(t, []pinned{{File: "gotest/testdata/inputs/array.json", Namespace: "default", Name: "two", Line: 12, FieldLine: 18}}, got)
}

// Windows line endings read as the same documents at the same lines.
func TestInputCRLF(t *testing.T) {
	lf := readInput(t, "helm-template.yaml")
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	require.Contains(t, crlf, "\r\n")
	assert.Equal(t, checkPinned(t, lf, "-"), checkPinned(t, crlf, "-"))
}

// A document without a namespace takes --namespace (default: default, as
// kubectl would); one that names its namespace keeps it.
func TestInputNamespaceFlag(t *testing.T) {
	got := checkPinned(t, readInput(t, "array.json"), "--namespace", "staging", "-")
	require.Len(t, got, 1)
	assert.Equal(t, "staging", got[0].Namespace)
	got = checkPinned(t, readInput(t, "list.yaml"), "--namespace", "staging", "-")
	require.Len(t, got, 1)
	assert.Equal(t, "team-a", got[0].Namespace)
}

// A key written twice in one mapping: kubectl applies the last value (the
// e2e differential test saw a real API server admit it so), so the check
// judges the last value, and the run notes the dead line without failing
// on it. Both the streaming run (one policy) and the run that keeps every
// document (all policies, some read the inventory) say so.
func TestInputDuplicateKeyJudgedAsKubectl(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pod.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`apiVersion: v1
kind: Pod
metadata:
  name: twice
spec:
  containers:
  - name: app
    image: registry.example.com/app@sha256:`+strings.Repeat("a", 64)+`
    securityContext:
      privileged: false
      privileged: true
`), 0o644))
	for _, args := range [][]string{{"--policy", "no-privileged"}, {}} {
		res := runCLI(t, "", append([]string{"check", "-o", "json"}, append(args, file)...)...)
		require.Equal(t, 1, res.code, res.stdout+res.stderr)
		var r struct {
			Findings []struct {
				Policy    string
				FieldLine int
			}
			Errors []any
			Notes  []struct {
				File    string
				Line    int
				Message string
			}
		}
		require.NoError(t, jsonUnmarshal(res.stdout, &r))
		assert.Empty(t, r.Errors, args)
		privileged := 0
		for _, f := range r.Findings {
			if f.Policy == "no-privileged" {
				privileged++
				assert.Equal(t, 11, f.FieldLine, "the line kubectl keeps")
			}
		}
		assert.Equal(t, 1, privileged, args)
		require.Len(t, r.Notes, 1, args)
		assert.Equal(t, file, r.Notes[0].File)
		assert.Equal(t, 11, r.Notes[0].Line)
		assert.Contains(t, r.Notes[0].Message, `key "privileged" is written twice in one mapping (lines 10 and 11)`)
	}
	text := runCLI(t, "", "check", "--policy", "no-privileged", file)
	assert.Contains(t, text.stdout, "note: "+file+":11: key \"privileged\" is written twice")
}
