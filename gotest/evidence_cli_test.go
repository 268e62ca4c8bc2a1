package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CLI tests for items of issues 14 and 15 that had only a unit test (or
// none): see docs/evidence/.

// TestExemptionTypoIsReportedByTheCLI: an exemption annotation for a
// misspelt check ID is reported on the object, in text and JSON, with the
// nearest check; the finding it meant to waive is still there, not
// exempted; the run does not fail on it by default (warn).
func TestExemptionTypoIsReportedByTheCLI(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    shipshape.dev/exempt.image-tag-pined: \"vendor image (OPS-1)\"\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27.0\n"
	res := runCLI(t, pod, "check", "--no-config", "-o", "json", "--policy", "image-tag-pinned", "--policy", "image-digest", "-")
	assert.Equal(t, 0, res.code, res.stdout+res.stderr)
	r := parseReport(t, res.stdout)
	var typo, digest int
	for _, f := range r.Findings {
		switch f.Policy {
		case "exemption-annotation":
			typo++
			assert.Equal(t, "warn", f.Action)
			assert.Contains(t, f.Message, "did you mean shipshape.dev/exempt.image-tag-pinned?")
		case "image-digest":
			digest++
			assert.False(t, f.Exempted)
		}
	}
	assert.Equal(t, 1, typo, res.stdout)
	assert.Equal(t, 1, digest, "the other check still reports")
	text := runCLI(t, pod, "check", "--no-config", "--policy", "image-tag-pinned", "-")
	assert.Contains(t, text.stdout, "<stdin>:7  warn     exemption-annotation  annotation shipshape.dev/exempt.image-tag-pined on Pod shop/web names no check")
	assert.Equal(t, 1, runCLI(t, pod, "check", "--no-config", "--fail-on", "warn", "--policy", "image-tag-pinned", "-").code, "--fail-on warn fails on it")
}

// TestInvalidSelectorBlamesTheConstraintFile: a Constraint whose label
// selector the API server would refuse is one error naming the Constraint
// file (not each manifest), and every other finding of the run is kept
// (issue 15: one such Constraint dropped every finding of the run and
// blamed each manifest).
func TestInvalidSelectorBlamesTheConstraintFile(t *testing.T) {
	dir := t.TempDir()
	cons := filepath.Join(dir, "constraints")
	require.NoError(t, os.Mkdir(cons, 0o755))
	for name, selector := range map[string]string{
		"bad-key.yaml":      `{key: "bad key!", operator: In, values: [a]}`,
		"bad-operator.yaml": `{key: app, operator: Has, values: [a]}`,
	} {
		c := "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ImageTagPinned\nmetadata:\n  name: " + strings.TrimSuffix(name, ".yaml") +
			"\nspec:\n  match:\n    labelSelector:\n      matchExpressions:\n      - " + selector + "\n"
		require.NoError(t, os.WriteFile(filepath.Join(cons, name), []byte(c), 0o644))
	}
	for _, n := range []string{"a", "b"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n+".yaml"), []byte(badPodYAML(n)), 0o644))
	}
	res := runCLI(t, "", "check", "--no-config", "-o", "json", "-c", cons, filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml"))
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 2, res.stdout)
	for _, e := range r.Errors {
		assert.Equal(t, cons, filepath.Dir(e.File), "the error names the Constraint file: %v", e)
		assert.Contains(t, e.Message, "spec.labelSelector.matchExpressions[0]")
	}
	names := map[string]int{}
	tags := map[string]int{}
	for _, f := range r.Findings {
		names[f.Name]++
		if f.Policy == "image-tag-pinned" {
			tags[f.Name]++
		}
	}
	assert.Greater(t, names["a"], 10, "a.yaml still checked by the other checks")
	assert.Greater(t, names["b"], 10, "b.yaml still checked by the other checks")
	t.Logf("findings per pod %v; image-tag-pinned %v", names, tags)
}

// TestSmallerInputShapes: the "Smaller" items of issue 15 through the CLI:
// NDJSON, a BOM in a .json file and in the middle of a YAML stream are
// read; UTF-16 without a BOM is named as such (not "binary"); a number
// too large for its typed field (1e400, a 30-digit integer) is refused
// naming file, line and field, not taken silently; a Dockerfile with no
// instruction is reported at line 1.
func TestSmallerInputShapes(t *testing.T) {
	pod := func(name string) string {
		return `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "` + name + `", "namespace": "shop"}, "spec": {"containers": [{"name": "c", "image": "nginx:latest"}]}}`
	}
	dir := writeTree(t, map[string]string{
		"ndjson.json":      pod("nd-1") + "\n" + pod("nd-2") + "\n",
		"bom.json":         "\xef\xbb\xbf" + pod("bom-json") + "\n",
		"midbom.yaml":      badPodYAML("before-bom") + "---\n\xef\xbb\xbf" + badPodYAML("after-bom"),
		"utf16.yaml":       "a\x00p\x00i\x00V\x00e\x00r\x00s\x00i\x00o\x00n\x00:\x00 \x00v\x001\x00\n\x00",
		"huge.yaml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\nspec:\n  replicas: 1e400\n",
		"long.yaml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: long\nspec:\n  replicas: 123456789012345678901234567890\n",
		"huge.json":        "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",\n\"metadata\": {\"name\": \"huge-json\"},\n\"spec\": {\"replicas\": 1e400}}\n",
		"empty.Dockerfile": "# nothing but a comment\n",
	})
	res := runCLIIn(t, dir, "check", "--no-config", "-o", "json", "--policy", "image-tag-pinned", ".")
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	checked := map[string]bool{}
	for _, f := range r.Findings {
		checked[f.Name] = true
	}
	for _, n := range []string{"nd-1", "nd-2", "bom-json", "before-bom", "after-bom"} {
		assert.True(t, checked[n], "%s was not checked: %s", n, res.stdout)
	}
	errs := map[string]string{}
	lines := map[string]int{}
	for _, e := range r.Errors {
		errs[e.File], lines[e.File] = e.Message, e.Line
	}
	for file, want := range map[string]struct {
		line int
		msg  string
	}{
		"utf16.yaml":       {1, "UTF-16 text without a byte order mark; save it as UTF-8"},
		"huge.yaml":        {6, "the API server refuses this Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"},
		"long.yaml":        {6, "the API server refuses this Deployment: json: cannot unmarshal number 1.2345678901234568e+29 into Go struct field DeploymentSpec.spec.replicas of type int32"},
		"huge.json":        {3, "DeploymentSpec.spec.replicas"},
		"empty.Dockerfile": {1, "no instructions"},
	} {
		assert.Contains(t, errs[file], want.msg, file)
		assert.Equal(t, want.line, lines[file], file)
	}
	assert.Len(t, r.Errors, 5, res.stdout)
}

// TestHelpNamesTheSettingsSearch: `check --help` says where .shipshape.yaml
// is looked for (up to the repository root, never above) and that the file
// used is named on stderr (issue 15, Trust).
func TestHelpNamesTheSettingsSearch(t *testing.T) {
	help := runCLI(t, "", "check", "--help").stdout
	flat := strings.Join(strings.Fields(help), " ")
	for _, want := range []string{
		"looked up from the working directory upward to the repository root (the first folder with .git), never above it",
		`The file used is named on stderr ("settings: PATH")`,
		"--no-config ignores it",
		"a regular file of at most 64 KiB",
	} {
		assert.Contains(t, flat, want)
	}
}
