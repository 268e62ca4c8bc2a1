package gotest

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// copyPolicies copies policies/ into a temporary folder and returns it.
func copyPolicies(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "policies")
	err := filepath.WalkDir(PoliciesDir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(PoliciesDir(), p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// TestNewPolicyCLI: `shipshape new policy kubernetes/e2e-new-check` in a
// copy of the policies tree writes a folder the catalog loads, whose denied
// unit test and suite case fail (shipshape test and opa test both say so)
// until the rule is written; a second run and a bad ID are refused.
func TestNewPolicyCLI(t *testing.T) {
	dir := copyPolicies(t)
	res := runCLI(t, "", "new", "policy", "kubernetes/e2e-new-check", "--dir", dir)
	require.Equal(t, 0, res.code, res.stderr)
	for _, f := range []string{"policy.rego", "policy_test.rego", "suite.yaml", "samples/allowed-example.yaml", "samples/denied-example.yaml", "samples/constraint.yaml"} {
		assert.FileExists(t, filepath.Join(dir, "kubernetes", "e2e-new-check", f))
		assert.Contains(t, res.stdout, filepath.Join(dir, "kubernetes", "e2e-new-check", filepath.FromSlash(f)))
	}

	cat, err := catalog.Load(os.DirFS(dir))
	require.NoError(t, err)
	p := cat.PolicyFor(catalog.InputKubernetes, "e2e-new-check")
	require.NotNil(t, p, "the new policy is in the catalog")
	assert.Equal(t, "deny", p.Action)
	assert.Equal(t, "E2eNewCheck", p.ConstraintKind())
	assert.Len(t, cat.Policies, len(loadCatalog(t).Policies)+1)

	units, err := policytest.RunUnit(context.Background(), os.DirFS(dir))
	require.NoError(t, err)
	failed := []string{}
	for _, u := range units {
		if u.Fail || u.Err != nil {
			failed = append(failed, u.Name)
		}
	}
	assert.Equal(t, []string{"data.shipshape.kubernetes.e2e_new_check_test.test_denied_is_denied"}, failed,
		"only the new policy's denied test fails")

	res = runCLI(t, "", "test", "--policies", dir)
	assert.Equal(t, 1, res.code, res.stdout+res.stderr)
	assert.Contains(t, res.stdout, "FAIL kubernetes/e2e-new-check/policy_test.rego: data.shipshape.kubernetes.e2e_new_check_test.test_denied_is_denied")
	assert.Contains(t, res.stdout, "FAIL kubernetes/e2e-new-check/suite.yaml default/denied-example: want 1 violations, got 0")
	assert.Contains(t, res.stdout, " 2 failed")

	opa, err := PeerTool("opa")
	require.NoError(t, err)
	out, err := exec.Command(opa, "test", "--ignore", "samples", "--ignore", "suite.yaml", dir).CombinedOutput()
	require.Error(t, err, "opa test passes a policy whose rule is a TODO:\n%s", out)
	assert.Contains(t, string(out), "test_denied_is_denied")
	assert.NotContains(t, string(out), "merge error", "samples are not loaded as data")

	res = runCLI(t, "", "new", "policy", "kubernetes/e2e-new-check", "--dir", dir)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "policy folder exists")
	res = runCLI(t, "", "new", "policy", "kubernetes/host-ports", "--dir", dir)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "host-ports: policy folder exists")
	res = runCLI(t, "", "new", "policy", "kubernetes/E2E", "--dir", dir)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "is not a check ID")
	res = runCLI(t, "", "new", "policy", "helm/e2e-new-check", "--dir", dir)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "is not one of "+strings.Join(catalog.Inputs(), ", "))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotEqual(t, "helm", e.Name(), "a refused run writes nothing")
	}
}
