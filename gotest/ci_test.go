package gotest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// readmeBlock returns the README's fenced block whose first line is first.
func readmeBlock(t *testing.T, first string) string {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "README.md"))
	require.NoError(t, err)
	re := regexp.MustCompile("(?s)```yaml\n" + regexp.QuoteMeta(first) + "\n(.*?)```")
	m := re.FindStringSubmatch(string(b))
	require.NotNil(t, m, "README has no yaml block starting %q", first)
	return first + "\n" + m[1]
}

// deployRepo is a repository with the example application under deploy/.
func deployRepo(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "deploy"), 0o755))
	for _, f := range []string{"web.yaml", "worker.yaml", "namespace.yaml"} {
		b, err := os.ReadFile(filepath.Join(RepoRoot(), "examples/app", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "deploy", f), b, 0o644))
	}
	return dir
}

// sh runs a shell command with the CLI first on PATH.
func sh(t *testing.T, dir, command string) (string, int) {
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(shipshapeBin(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	require.NoError(t, err)
	return string(out), 0
}

// TestREADMECISnippet runs every `shipshape check` step of the README's
// workflow as the runner would, in a repository with findings.
func TestREADMECISnippet(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(readmeBlock(t, "# .github/workflows/shipshape.yaml")), &wf))
	var runs []string
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Run, "shipshape ") {
				runs = append(runs, s.Run)
			}
		}
	}
	require.Len(t, runs, 2)
	dir := deployRepo(t)

	out, code := sh(t, dir, runs[0])
	assert.Equal(t, 1, code, "deny findings fail the step")
	assert.Regexp(t, `(?m)^::error file=deploy/worker\.yaml,line=\d+,title=image-tag-pinned`, out)

	_, code = sh(t, dir, runs[1])
	assert.Equal(t, 0, code, "the SARIF step succeeds on findings, so the upload runs")
	b, err := os.ReadFile(filepath.Join(dir, "shipshape.sarif"))
	require.NoError(t, err)
	var log struct {
		Version string
		Runs    []struct{ Results []any }
	}
	require.NoError(t, json.Unmarshal(b, &log))
	assert.Equal(t, "2.1.0", log.Version)
	assert.NotEmpty(t, log.Runs[0].Results)

	// An unreadable input still fails the SARIF step (exit 2 is not 1).
	require.NoError(t, os.WriteFile(filepath.Join(dir, "deploy", "broken.yaml"), []byte("a: [\n"), 0o644))
	_, code = sh(t, dir, runs[1])
	assert.NotEqual(t, 0, code)
}

// TestPreCommitHook runs the hook as pre-commit does: its entry, the
// config's args, then the staged files that match `files`.
func TestPreCommitHook(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), ".pre-commit-hooks.yaml"))
	require.NoError(t, err)
	var hooks []struct {
		ID, Entry, Language string
		PassFilenames       bool     `yaml:"pass_filenames"`
		Args                []string `yaml:"args"`
	}
	require.NoError(t, yaml.Unmarshal(b, &hooks))
	var cfg struct {
		Repos []struct {
			Hooks []struct {
				ID    string
				Files string
				Args  []string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal([]byte(readmeBlock(t, "# .pre-commit-config.yaml")), &cfg))
	require.NotEmpty(t, cfg.Repos)
	use := cfg.Repos[0].Hooks[0]
	var entry string
	for _, h := range hooks {
		if h.ID == use.ID {
			entry = h.Entry + " " + strings.Join(append(h.Args, use.Args...), " ")
			assert.True(t, h.PassFilenames)
			assert.Equal(t, "golang", h.Language, "pre-commit builds it with go install")
		}
	}
	require.NotEmpty(t, entry, "the README uses hook %q, which .pre-commit-hooks.yaml does not offer", use.ID)
	files := regexp.MustCompile(use.Files)

	dir := deployRepo(t)
	staged := []string{"deploy/worker.yaml", ".github/workflows/ci.yaml", "deploy/namespace.yaml"}
	var matched []string
	for _, f := range staged {
		if files.MatchString(f) {
			matched = append(matched, f)
		}
	}
	require.Equal(t, []string{"deploy/worker.yaml", "deploy/namespace.yaml"}, matched)
	out, code := sh(t, dir, entry+" "+strings.Join(matched, " "))
	assert.Equal(t, 1, code, "a staged manifest with deny findings blocks the commit:\n%s", out)
	assert.Contains(t, out, "deploy/worker.yaml:")

	_, code = sh(t, dir, entry+" deploy/namespace.yaml")
	assert.Equal(t, 0, code, "a clean manifest passes")
}
