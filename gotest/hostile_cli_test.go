package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const badPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n  containers:\n  - name: a\n    image: nginx\n"

func badPodYAML(name string) string { return strings.Replace(badPod, "%s", name, 1) }

// TestCheckBrokenInputs: a folder of broken files next to a good one. Each
// broken file gives its error with file and line, the good file and the
// good documents of broken files are still checked, exit code 2.
func TestCheckBrokenInputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]struct {
		data string
		line int    // line of the one error; 0: no error
		msg  string // substring of the error
	}{
		"good.yaml":        {data: badPodYAML("good")},
		"malformed.yaml":   {data: "a: b\n c: d\n---\n" + badPodYAML("after-broken"), line: 2, msg: "invalid YAML"},
		"malformed.json":   {data: "{\"apiVersion\": \"v1\",\n\"kind\": \"Pod\" \"x\"}", line: 2, msg: "invalid JSON"},
		"scalar.yaml":      {data: "just text\n", line: 1, msg: "document is a string"},
		"scalars.yaml":     {data: "- 1\n- 2\n", line: 1, msg: "list of numbers"},
		"nokind.yaml":      {data: "apiVersion: v1\nmetadata:\n  name: x\n", line: 1, msg: "no kind"},
		"dupkey.yaml":      {data: badPodYAML("d") + "    image: nginx:1.0\n"}, // a note, not an error: kubectl keeps the last
		"utf8.yaml":        {data: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xc3\x28\n", line: 4, msg: "invalid UTF-8"},
		"binary.yaml":      {data: "\x00\x01\x02\x03", line: 1, msg: "binary"},
		"empty.yaml":       {data: "", line: 1, msg: "no YAML or JSON document"},
		"dashes.yaml":      {data: "---\n", line: 1, msg: "no YAML or JSON document"},
		"tabs.yaml":        {data: "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: t\n", line: 4, msg: "tab"},
		"crlf.yaml":        {data: strings.ReplaceAll(badPodYAML("crlf"), "\n", "\r\n")},
		"bom.yaml":         {data: "\xef\xbb\xbf" + badPodYAML("bom")},
		"unknownkind.yaml": {data: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"},
	}
	for name, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(f.data), 0o644))
	}
	res := runCLI(t, "", "check", "-o", "json", dir)
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)

	errsByFile := map[string][]string{}
	for _, e := range r.Errors {
		assert.Positive(t, e.Line, "%s has no line", e.File)
		errsByFile[filepath.Base(e.File)] = append(errsByFile[filepath.Base(e.File)], e.Message)
		f := files[filepath.Base(e.File)]
		assert.Equal(t, f.line, e.Line, "%s: %s", e.File, e.Message)
		assert.Contains(t, e.Message, f.msg, e.File)
	}
	for name, f := range files {
		if f.line == 0 {
			assert.Empty(t, errsByFile[name], name)
		} else {
			assert.Len(t, errsByFile[name], 1, "%s: one clear error", name)
		}
	}
	checked := map[string]bool{}
	for _, f := range r.Findings {
		checked[f.Name] = true
	}
	for _, name := range []string{"good", "after-broken", "crlf", "bom", "d"} {
		assert.True(t, checked[name], "pod %s was not checked", name)
	}
	assert.Equal(t, 1, r.Summary["notCovered"], "the unknown kind is noted as not covered")
	assert.Equal(t, len(files), r.Summary["files"])

	text := runCLI(t, "", "check", dir)
	assert.Equal(t, 2, text.code)
	assert.Contains(t, text.stdout, "note: "+filepath.Join(dir, "dupkey.yaml")+`:9: key "image" is written twice`)
	assert.Contains(t, text.stdout, "note: 1 documents not covered by any policy (kinds example.com/v1/Widget)")
}

// TestUnknownKindIsNotAnError: a file of custom resources only is not an
// input error, but a run that checked nothing: it says so and exits 2
// (issue 14: it used to exit 0 silently).
func TestUnknownKindIsNotAnError(t *testing.T) {
	res := runCLI(t, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "check", "-o", "json", "-")
	assert.Equal(t, 2, res.code, res.stdout+res.stderr)
	assert.Contains(t, res.stderr, "nothing was checked: no selected policy applies to any of the 1 documents (kinds example.com/v1/Widget)")
	r := parseReport(t, res.stdout)
	assert.Empty(t, r.Errors)
	assert.Equal(t, 1, r.Summary["notCovered"])
}

// TestMaxFileSizeFlag: --max-file-size refuses larger files; the others
// are still checked.
func TestMaxFileSizeFlag(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(big, []byte(badPodYAML("big")+strings.Repeat("# pad\n", 400)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "small.yaml"), []byte(badPodYAML("small")), 0o644))
	res := runCLI(t, "", "check", "-o", "json", "--max-file-size", "1000", dir)
	assert.Equal(t, 2, res.code)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, big, r.Errors[0].File)
	assert.Contains(t, r.Errors[0].Message, "larger than the limit of 1000 bytes (--max-file-size)")
	require.NotEmpty(t, r.Findings)
	for _, f := range r.Findings {
		assert.Equal(t, "small", f.Name)
	}
	assert.Equal(t, 1, runCLI(t, "", "check", big).code, "within the default limit the file is checked")
}

// TestConstraintFilesCannotInjectRego: a ConstraintTemplate (which carries
// Rego) given as a constraint file is refused, not compiled; a Constraint
// whose parameters hold Rego text is only data.
func TestConstraintFilesCannotInjectRego(t *testing.T) {
	dir := t.TempDir()
	tmpl := `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: imagetagpinned
spec:
  crd:
    spec:
      names:
        kind: ImageTagPinned
  targets:
  - target: admission.k8s.gatekeeper.sh
    rego: |
      package shipshape.kubernetes.image_tag_pinned
      violation contains {"msg": "injected"} if true
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(tmpl), 0o644))
	res := runCLI(t, "", "check", "-o", "json", "-c", dir, "examples/app/worker.yaml")
	assert.Equal(t, 2, res.code)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 1)
	assert.Contains(t, r.Errors[0].Message, "is not a shipshape Constraint")
	for _, f := range r.Findings {
		assert.NotContains(t, f.Message, "injected")
	}

	cons := `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: ImageTagPinned
metadata:
  name: injected
spec:
  parameters:
    disallowedTags:
    - latest
    - "x\"]}\nviolation contains {\"msg\": \"injected\"} if true\n#"
`
	require.NoError(t, os.Remove(filepath.Join(dir, "template.yaml")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(cons), 0o644))
	res = runCLI(t, "", "check", "-o", "json", "--policy", "image-tag-pinned", "-c", dir, "policies/kubernetes/image-tag-pinned/samples/denied-pod-latest.yaml")
	r = parseReport(t, res.stdout)
	assert.Empty(t, r.Errors)
	require.NotEmpty(t, r.Findings)
	for _, f := range r.Findings {
		assert.NotContains(t, f.Message, "injected")
	}
}
