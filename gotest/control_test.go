package gotest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLIIn runs the CLI with dir as working directory.
func runCLIIn(t *testing.T, dir string, args ...string) cliResult {
	t.Helper()
	return runCLIAt(t, dir, "", args...)
}

// warnConstraint turns image-tag-pinned into a warning.
const warnConstraint = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: ImageTagPinned
metadata:
  name: tags-warn
spec:
  enforcementAction: warn
`

// latestPod breaks image-tag-pinned (and others) once, at line 8.
const latestPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n"

func TestFailOn(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(warnConstraint), 0o644))
	base := []string{"check", "--no-config", "--policy", "image-tag-pinned", "-c", dir, "-"}
	assert.Equal(t, 0, runCLI(t, latestPod, base...).code, "warn does not fail by default")
	assert.Equal(t, 1, runCLI(t, latestPod, append(base, "--fail-on", "warn")...).code)
	assert.Equal(t, 1, runCLI(t, latestPod, append(base, "--fail-on", "dryrun")...).code)
	assert.Equal(t, 0, runCLI(t, latestPod, "check", "--no-config", "--policy", "image-tag-pinned", "--fail-on", "none", "-").code, "none never fails on findings")
	assert.Equal(t, 2, runCLI(t, latestPod, append(base, "--fail-on", "sometimes")...).code)
}

func TestEnforcementActionOverride(t *testing.T) {
	res := runCLI(t, latestPod, "check", "--no-config", "-o", "json", "--enforcement-action", "dryrun", "-")
	assert.Equal(t, 0, res.code, "a dry run fails nothing")
	r := parseReport(t, res.stdout)
	require.NotEmpty(t, r.Findings)
	for _, f := range r.Findings {
		assert.Equal(t, "dryrun", f.Action)
	}
	assert.Equal(t, len(r.Findings), r.Summary["dryrun"])
	assert.Equal(t, 2, runCLI(t, latestPod, "check", "--enforcement-action", "block", "-").code)
}

// .shipshape.yaml is found from a sub-folder of the repository; its
// constraint paths are relative to it; flags on the command line win; the
// file used is named on stderr.
func TestConfigFileFoundUpward(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "policy-config"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "deploy", "app"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "policy-config", "tags.yaml"), []byte(warnConstraint), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "deploy", "app", "pod.yaml"), []byte(latestPod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(repo, ".shipshape.yaml"), []byte(`# pinned settings for shipshape check
constraints: [policy-config/]
policy: [image-tag-pinned]
failOn: warn
output: json
`), 0o644))
	sub := filepath.Join(repo, "deploy", "app")

	res := runCLIIn(t, sub, "check", "pod.yaml")
	assert.Equal(t, 1, res.code, "failOn: warn from the config: %s", res.stderr)
	assert.Equal(t, "settings: "+filepath.Join(repo, ".shipshape.yaml")+"\n", res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Findings, 1, "policy: [image-tag-pinned] from the config")
	assert.Equal(t, "warn", r.Findings[0].Action, "the constraint folder from the config")

	res = runCLIIn(t, sub, "check", "--fail-on", "deny", "-o", "text", "pod.yaml")
	assert.Equal(t, 0, res.code, "flags win over the config")
	assert.Contains(t, res.stdout, "pod.yaml:8  warn")

	res = runCLIIn(t, sub, "check", "--no-config", "-o", "json", "pod.yaml")
	assert.Greater(t, len(parseReport(t, res.stdout).Findings), 1, "--no-config ignores it")

	require.NoError(t, os.WriteFile(filepath.Join(repo, ".shipshape.yaml"), []byte("failon: warn\n"), 0o644))
	res = runCLIIn(t, sub, "check", "pod.yaml")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "field failon not found")
}

// Progress goes to stderr only on a terminal: a piped run prints nothing
// there.
func TestProgressIsSilentWhenPiped(t *testing.T) {
	res := runCLI(t, "", "check", "--no-config", "examples/")
	assert.Equal(t, 1, res.code)
	assert.Empty(t, res.stderr)
}
