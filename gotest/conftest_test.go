package gotest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// conftestBin is conftest, built once per machine by tools/build.
func conftestBin(t testing.TB) string {
	path, err := PeerTool("conftest")
	require.NoError(t, err)
	return path
}

// inventoryChecks are the Kubernetes checks that declare custom.sync: they
// read other objects from data.inventory, which conftest (one document per
// policy evaluation) and a plain `opa eval --input` cannot give, so the
// adapter leaves them out and the comparisons below drop their findings
// from shipshape's side. Derived from the catalog so a new inventory check
// is excluded without editing this file.
func inventoryChecks(t testing.TB) map[string]bool {
	out := map[string]bool{}
	for _, p := range loadCatalog(t).Policies {
		if p.Input == catalog.InputKubernetes && len(p.Sync) > 0 {
			out[p.ID] = true
		}
	}
	require.NotEmpty(t, out, "no Kubernetes check declares custom.sync: the exclusion is dead code")
	return out
}

// comparableSamples are the example application and every suite sample of
// the Kubernetes checks that need no inventory (conftest gives a policy one
// document at a time).
func comparableSamples(t *testing.T) []string {
	files := []string{"examples/app/ingress-controller.yaml", "examples/app/namespace.yaml", "examples/app/web.yaml", "examples/app/worker.yaml"}
	seen := map[string]bool{}
	var changed []string
	defer func() {
		t.Logf("%d samples compared, %d left out as the API server changes them: %v", len(files), len(changed), changed)
		assert.Less(t, len(changed)*20, len(files), "more than 5%% of the samples left out")
	}()
	for _, p := range loadCatalog(t).Policies {
		if p.Input != catalog.InputKubernetes || len(p.Sync) > 0 {
			continue
		}
		for _, kind := range []string{"allowed", "denied"} {
			m, err := filepath.Glob(filepath.Join(PoliciesDir(), p.Dir, "samples", kind+"-*.yaml"))
			require.NoError(t, err)
			for _, f := range m {
				// shipshape reports an object given twice once, conftest
				// each file: copies of one sample are left out.
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				if seen[string(b)] {
					continue
				}
				if changedByAPIServer(t, f, b) {
					changed = append(changed, f)
					continue
				}
				seen[string(b)] = true
				rel, _ := filepath.Rel(RepoRoot(), f)
				files = append(files, rel)
			}
		}
	}
	return files
}

// shipshapeFindings: "file\tcheck: message" of every finding that is not
// exempted, as check reports them with the default Constraints, except
// those of inventoryChecks (which the adapter cannot run).
func shipshapeFindings(t *testing.T, files []string) []string {
	skip := inventoryChecks(t)
	res := runCLI(t, "", append([]string{"check", "--no-config", "-o", "json", "--namespace", "default"}, files...)...)
	require.Contains(t, []int{0, 1}, res.code, res.stderr)
	var r struct {
		Findings []struct {
			Policy, Message, File string
			Exempted              bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r))
	var out []string
	for _, f := range r.Findings {
		if !f.Exempted && !skip[f.Policy] {
			out = append(out, f.File+"\t"+f.Policy+": "+f.Message)
		}
	}
	sort.Strings(out)
	return out
}

// conftestFindings runs `conftest test -o json` and returns "file\tmsg" of
// every failure and warning.
func conftestFindings(t *testing.T, dir string, args ...string) []string {
	cmd := exec.Command(conftestBin(t), append([]string{"test", "--no-color", "-o", "json"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		require.Equal(t, 1, ee.ExitCode(), "%s%s", out, ee.Stderr)
	} else {
		require.NoError(t, err)
	}
	var results []struct {
		Filename string
		Failures []struct{ Msg string }
		Warnings []struct{ Msg string }
	}
	require.NoError(t, json.Unmarshal(out, &results), string(out))
	var got []string
	for _, r := range results {
		for _, f := range append(r.Failures, r.Warnings...) {
			got = append(got, r.Filename+"\t"+f.Msg)
		}
	}
	sort.Strings(got)
	return got
}

// TestConftestReportsWhatCheckReports: `conftest test --policy policies/`
// on plain manifests gives exactly the findings of `shipshape check`, via
// the adapter package main (no rule copied).
func TestConftestReportsWhatCheckReports(t *testing.T) {
	files := comparableSamples(t)
	want := shipshapeFindings(t, files)
	require.NotEmpty(t, want)
	got := conftestFindings(t, RepoRoot(), append([]string{"--policy", "policies"}, files...)...)
	assert.Equal(t, want, got)
}

// TestConftestUsesTheBundle: the bundle pulled as conftest users do
// (`conftest pull`) reports the same.
func TestConftestUsesTheBundle(t *testing.T) {
	dir := t.TempDir()
	pull := exec.Command(conftestBin(t), "pull", "file::"+filepath.Join(RepoRoot(), "bundles/shipshape.tar.gz"))
	pull.Dir = dir
	out, err := pull.CombinedOutput()
	require.NoError(t, err, string(out))
	files := []string{"examples/app/web.yaml", "examples/app/worker.yaml"}
	want := shipshapeFindings(t, files)
	var abs []string
	for _, f := range files {
		abs = append(abs, filepath.Join(RepoRoot(), f))
	}
	got := conftestFindings(t, dir, abs...) // ./policy, conftest's default
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], RepoRoot()+string(filepath.Separator))
	}
	assert.Equal(t, want, got)
}

// TestOPAEvalsAPlainManifestThroughTheAdapter: `opa eval --bundle` on a
// plain manifest, through data.main.deny and data.main.warn (checks with
// action warn or dryrun report under warn, as conftest prints them).
func TestOPAEvalsAPlainManifestThroughTheAdapter(t *testing.T) {
	obj := readObjects(t, filepath.Join(RepoRoot(), "examples/app/worker.yaml"))[0]
	data, err := json.Marshal(obj)
	require.NoError(t, err)
	input := filepath.Join(t.TempDir(), "worker.json")
	require.NoError(t, os.WriteFile(input, data, 0o644))
	var got []string
	for _, msg := range opaEvalMessages(t, input, "data.main.deny | data.main.warn") {
		got = append(got, "examples/app/worker.yaml\t"+msg)
	}
	sort.Strings(got)
	assert.Equal(t, shipshapeFindings(t, []string{"examples/app/worker.yaml"}), got)
}

// changedByAPIServer tells whether shipshape judges the file's objects
// other than as written: the API server changes some Pods on create
// (requests from limits, host ports, AppArmor annotations into fields) and
// shipshape judges what it stores, while conftest judges the file as
// written.
func changedByAPIServer(t *testing.T, file string, data []byte) bool {
	docs, errs := inputs.Parse(file, data, inputs.DefaultOptions)
	require.Empty(t, errs, file)
	var written []map[string]any
	for _, piece := range bytes.Split(data, []byte("\n---")) {
		var obj map[string]any
		require.NoError(t, utilyaml.Unmarshal(piece, &obj), file) // as inputs decodes: integers stay int64
		if obj != nil {
			written = append(written, obj)
		}
	}
	if len(written) != len(docs) {
		return true
	}
	for i, d := range docs {
		if !reflect.DeepEqual(written[i], d.Object) {
			return true
		}
	}
	return false
}
