package gotest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	cat, err := catalog.Load(os.DirFS(PoliciesDir()))
	require.NoError(t, err)
	return cat
}

// TestEveryPolicyIsComplete: METADATA, unit tests, a suite with at least one
// allowed and one denied case, and the exemption hook under its own ID.
func TestEveryPolicyIsComplete(t *testing.T) {
	cat := loadCatalog(t)
	fsys := os.DirFS(PoliciesDir())
	suites, err := policytest.Suites(fsys, cat)
	require.NoError(t, err)
	bySuite := map[string]*policytest.Suite{}
	for _, s := range suites {
		bySuite[filepath.Dir(s.Path)] = s
	}
	for _, p := range cat.Policies {
		t.Run(p.ID, func(t *testing.T) {
			dir := filepath.Join(PoliciesDir(), p.Dir)
			assert.FileExists(t, filepath.Join(dir, "policy_test.rego"), "unit tests")
			assert.Contains(t, p.Source, `exemptions.enforce(input.review.object, "`+p.ID+`", findings)`,
				"violation must go through the exemption library under the policy's own ID")
			s := bySuite[p.Dir]
			require.NotNil(t, s, "suite.yaml")
			allowed, denied := 0, 0
			for _, test := range s.Tests {
				for _, c := range test.Cases {
					for _, a := range c.Assertions {
						if a.Message != nil {
							continue
						}
						switch v := a.Violations.(type) {
						case float64:
							if v == 0 {
								allowed++
							} else {
								denied++
							}
						case string:
							if v == "no" {
								allowed++
							} else {
								denied++
							}
						}
					}
				}
			}
			assert.Positive(t, allowed, "an allowed case (violations: 0)")
			assert.Positive(t, denied, "a denied case (violations: N)")
		})
	}
}

// TestRegoIsFormattedAndStrict: every .rego file is as `opa fmt` writes it
// and compiles in strict mode with the engine's capabilities.
func TestRegoIsFormattedAndStrict(t *testing.T) {
	mods, err := policytest.RegoModules(os.DirFS(PoliciesDir()))
	require.NoError(t, err)
	require.NotEmpty(t, mods)
	for name := range mods {
		src, err := os.ReadFile(filepath.Join(PoliciesDir(), name))
		require.NoError(t, err)
		formatted, err := format.SourceWithOpts(name, src, format.Opts{RegoVersion: ast.RegoV1})
		require.NoError(t, err, name)
		assert.Equal(t, string(formatted), string(src), "%s is not opa fmt-clean", name)
	}
	compiler := ast.NewCompiler().WithStrict(true).WithCapabilities(engine.Capabilities())
	compiler.Compile(mods)
	require.False(t, compiler.Failed(), "strict compile: %v", compiler.Errors)
}

// TestRegoUnitTestsPass runs every policy_test.rego with OPA's tester.
func TestRegoUnitTestsPass(t *testing.T) {
	results, err := policytest.RunUnit(context.Background(), os.DirFS(PoliciesDir()))
	require.NoError(t, err)
	require.NotEmpty(t, results)
	perPolicy := map[string]int{}
	for _, r := range results {
		assert.NoError(t, r.Err, r.Name)
		assert.False(t, r.Fail, "%s failed\n%s", r.Name, r.Output)
		perPolicy[filepath.Dir(r.File)]++
	}
	for _, p := range loadCatalog(t).Policies {
		assert.Positive(t, perPolicy[p.Dir], "%s has no Rego unit test", p.ID)
	}
}

// TestSuitesPassThroughEmbeddedEvaluator runs every suite the way
// `shipshape test` does.
func TestSuitesPassThroughEmbeddedEvaluator(t *testing.T) {
	cat := loadCatalog(t)
	fsys := os.DirFS(PoliciesDir())
	eng, err := engine.New(cat, engine.Options{})
	require.NoError(t, err)
	suites, err := policytest.Suites(fsys, cat)
	require.NoError(t, err)
	n := 0
	for _, s := range suites {
		for _, o := range policytest.RunSuite(context.Background(), fsys, cat, eng, s) {
			assert.NoError(t, o.Err, o.Name())
			n++
		}
	}
	require.Positive(t, n)
}

// TestUndeclaredParameterFailsTheBuild: reading input.parameters.X that the
// metadata does not declare stops the catalog from loading.
func TestUndeclaredParameterFailsTheBuild(t *testing.T) {
	dir := t.TempDir()
	policy := `# METADATA
# title: T
# description: D
# custom:
#   section: x
#   input: kubernetes
#   kinds: [Pod]
#   action: deny
#   parameters:
#     known:
#       type: string
package shipshape.kubernetes.typo_check

violation contains {"msg": "x"} if input.parameters.knwon == "a"
`
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "kubernetes", "typo-check"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kubernetes", "typo-check", "policy.rego"), []byte(policy), 0o644))
	_, err := catalog.Load(os.DirFS(dir))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "input.parameters.knwon")
	assert.True(t, strings.Contains(err.Error(), "policy.rego:"), err.Error())
}

// TestLibrariesDoNotReadParameters: the engine shares OPA's cache of rule
// and function results between the policies evaluated on one document,
// which is sound only while library code reads no input.parameters (each
// policy's parameters differ).
func TestLibrariesDoNotReadParameters(t *testing.T) {
	for _, lib := range loadCatalog(t).Libs {
		ast.WalkRefs(lib.Module, func(ref ast.Ref) bool {
			if len(ref) >= 2 && ref[0].Equal(ast.InputRootDocument) && ref[1].Equal(ast.StringTerm("parameters")) {
				t.Errorf("%s:%d reads input.parameters; pass the value in as an argument", lib.File, ref[0].Location.Row)
			}
			return false
		})
	}
}

// TestSecretNamePatternIsOneFact: the checks that look for secret-like names
// (in env vars, in ConfigMap keys) default to the same pattern, so a name
// one calls a secret the other does too.
func TestSecretNamePatternIsOneFact(t *testing.T) {
	cat := loadCatalog(t)
	want := cat.Policy("secrets-from-secret-refs").DefaultParameters()["namePattern"]
	require.NotEmpty(t, want)
	for _, id := range []string{"no-secrets-in-configmaps"} {
		assert.Equal(t, want, cat.Policy(id).DefaultParameters()["namePattern"], id)
	}
}
